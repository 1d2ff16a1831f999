//! Second factors (TOTP secrets, recovery codes) and the server's own secrets.

use super::accounts::{AuditEntry, insert_audit, now_millis};
use super::{Store, StoreError, StoreResult, now_timestamp};
use crate::domain::accounts::Email;

/// A confirmed second factor as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTotp {
    /// Base32 secret.
    pub secret: String,
    /// The last time step whose code was accepted.
    pub last_step: i64,
}

impl Store {
    /// The secret named `name`, made from `make` by the first process that asks (every process
    /// then reads the same one).
    pub async fn server_secret(
        &self,
        name: &str,
        make: impl FnOnce() -> String,
    ) -> StoreResult<String> {
        sqlx::query(
            "INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(make())
        .bind(now_timestamp())
        .execute(self.pool())
        .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = $1")
                .bind(name)
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// The confirmed second factor of an account, if it has one.
    pub async fn totp_of(&self, user_id: i64) -> StoreResult<Option<StoredTotp>> {
        let row: Option<(Option<String>, i64)> =
            sqlx::query_as("SELECT totp_secret, totp_last_step FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(self.pool())
                .await?;
        Ok(row
            .and_then(|(secret, last_step)| secret.map(|secret| StoredTotp { secret, last_step })))
    }

    /// Turns on a second factor whose first code (of time step `step`) was just checked, with
    /// fresh recovery codes (their hashes); old codes are dropped. Audited as "mfa.enabled".
    pub async fn enable_totp(
        &self,
        user_id: i64,
        secret: &str,
        step: i64,
        recovery_code_hashes: &[String],
        actor: &str,
        client_ip: Option<&str>,
    ) -> StoreResult<()> {
        let now = now_timestamp();
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE users SET totp_secret = $1, totp_enabled_at = $2, totp_last_step = $3,
                updated_at = $2, updated_by = $4
             WHERE id = $5 AND totp_secret IS NULL",
        )
        .bind(secret)
        .bind(&now)
        .bind(step)
        .bind(actor)
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated != 1 {
            return Err(StoreError::Conflict(
                "this account already has a second factor".to_string(),
            ));
        }
        replace_recovery_codes(&mut tx, user_id, recovery_code_hashes).await?;
        insert_audit(
            &mut tx,
            &AuditEntry {
                actor_user_id: Some(user_id),
                actor,
                action: "mfa.enabled",
                record_type: Some("user"),
                record_id: Some(user_id),
                detail: "",
                client_ip,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Accepts a code of time step `step` once: true when the step is later than the last
    /// accepted one (and records it), false for a replayed or older code.
    pub async fn accept_totp_step(&self, user_id: i64, step: i64) -> StoreResult<bool> {
        Ok(sqlx::query(
            "UPDATE users SET totp_last_step = $1
             WHERE id = $2 AND totp_secret IS NOT NULL AND totp_last_step < $1",
        )
        .bind(step)
        .bind(user_id)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// Spends a recovery code (given as the hash of its normalised text): true when it was
    /// unused. Audited as "mfa.recovery_code_used".
    pub async fn use_recovery_code(
        &self,
        user_id: i64,
        code_hash: &str,
        client_ip: Option<&str>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let spent = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1
             WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(now_timestamp())
        .bind(user_id)
        .bind(code_hash)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if spent {
            let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_one(&mut *tx)
                .await?;
            insert_audit(
                &mut tx,
                &AuditEntry {
                    actor_user_id: Some(user_id),
                    actor: &email,
                    action: "mfa.recovery_code_used",
                    record_type: Some("user"),
                    record_id: Some(user_id),
                    detail: "",
                    client_ip,
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(spent)
    }

    /// Unused recovery codes of an account.
    pub async fn recovery_codes_left(&self, user_id: i64) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(self.pool())
        .await?)
    }

    /// New recovery codes (their hashes) for an account with a second factor; the old ones stop
    /// working. Audited as "mfa.recovery_codes_replaced".
    pub async fn replace_recovery_codes(
        &self,
        user_id: i64,
        recovery_code_hashes: &[String],
        actor: &str,
        client_ip: Option<&str>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        replace_recovery_codes(&mut tx, user_id, recovery_code_hashes).await?;
        insert_audit(
            &mut tx,
            &AuditEntry {
                actor_user_id: Some(user_id),
                actor,
                action: "mfa.recovery_codes_replaced",
                record_type: Some("user"),
                record_id: Some(user_id),
                detail: "",
                client_ip,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes the second factor of an account (lost phone): secret and recovery codes go, its
    /// sessions end. False when no account has this email. Audited as "mfa.reset".
    pub async fn reset_mfa(&self, email: &Email, actor: &str) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = 0,
                sessions_valid_after = $1, updated_at = $2, updated_by = $3
             WHERE email = $4 RETURNING id",
        )
        .bind(now_millis())
        .bind(now_timestamp())
        .bind(actor)
        .bind(email.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            return Ok(false);
        };
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        insert_audit(
            &mut tx,
            &AuditEntry {
                actor_user_id: None,
                actor,
                action: "mfa.reset",
                record_type: Some("user"),
                record_id: Some(id),
                detail: email.as_str(),
                client_ip: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}

async fn replace_recovery_codes(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: i64,
    hashes: &[String],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    let now = now_timestamp();
    for hash in hashes {
        sqlx::query(
            "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)",
        )
        .bind(user_id)
        .bind(hash)
        .bind(&now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
