//! Sign-in throttling counters, and the addresses accounts signed in from.
//!
//! An attempt is *reserved* before the password is checked: one UPSERT per key adds it to the
//! key's window and returns the new count, so a burst of simultaneous attempts (on one process
//! or several on one Postgres) is counted exactly and only the first ones within the limit get a
//! password check. A successful sign-in gives its reservation back.

use super::accounts::{AuditEntry, insert_audit};
use super::{Store, StoreResult, format_timestamp, now_timestamp};

/// Longest key kept (an email of 254 characters and an IPv6 address fit).
const KEY_MAX_CHARS: usize = 400;

/// One counter to reserve an attempt on, and its limit (`None`: counted, never refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptKey {
    pub key: String,
    pub limit: Option<i64>,
}

impl AttemptKey {
    pub fn limited(key: String, limit: i64) -> AttemptKey {
        AttemptKey {
            key: bounded_key(key),
            limit: Some(limit),
        }
    }

    pub fn counted(key: String) -> AttemptKey {
        AttemptKey {
            key: bounded_key(key),
            limit: None,
        }
    }
}

fn bounded_key(key: String) -> String {
    if key.chars().count() > KEY_MAX_CHARS {
        key.chars().take(KEY_MAX_CHARS).collect()
    } else {
        key
    }
}

/// The outcome of a reservation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reservation {
    /// Within every limit: go on and check the password.
    Allowed,
    /// Over the limit of this key: refuse without checking anything.
    Throttled { key: String },
}

/// Writes the "login.throttled" audit row of a key's window, once: only the first refusal of
/// the window flips `throttled_logged`.
async fn log_first_refusal(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    key: &AttemptKey,
    audit: &AuditEntry<'_>,
) -> StoreResult<()> {
    let first_refusal = sqlx::query(
        "UPDATE sign_in_counters SET throttled_logged = 1
         WHERE key = $1 AND throttled_logged = 0",
    )
    .bind(&key.key)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if first_refusal {
        let detail = format!("{} (limit {} reached)", audit.detail, key.key);
        let entry = AuditEntry {
            detail: &detail,
            ..*audit
        };
        insert_audit(tx, &entry).await?;
    }
    Ok(())
}

impl Store {
    /// Reserves one attempt on each key (in the order given, so concurrent reservations lock
    /// rows in the same order), in one transaction. Windows last `window` from their first
    /// attempt. When a key is over its limit, the first refusal of its window writes one
    /// "login.throttled" audit row from `audit` (later refusals in that window write none).
    pub async fn reserve_attempt(
        &self,
        keys: &[AttemptKey],
        window: time::Duration,
        audit: &AuditEntry<'_>,
    ) -> StoreResult<Reservation> {
        let now = time::OffsetDateTime::now_utc();
        let started = format_timestamp(now);
        let expired = format_timestamp(now - window);
        let mut tx = self.begin_write().await?;
        let mut throttled_by = None;
        for key in keys {
            let attempts: i64 = sqlx::query_scalar(
                "INSERT INTO sign_in_counters (key, window_start, attempts, throttled_logged)
                 VALUES ($1, $2, 1, 0)
                 ON CONFLICT (key) DO UPDATE SET
                    attempts = CASE WHEN sign_in_counters.window_start <= $3 THEN 1
                                    ELSE sign_in_counters.attempts + 1 END,
                    throttled_logged = CASE WHEN sign_in_counters.window_start <= $3 THEN 0
                                    ELSE sign_in_counters.throttled_logged END,
                    window_start = CASE WHEN sign_in_counters.window_start <= $3 THEN $2
                                    ELSE sign_in_counters.window_start END
                 RETURNING attempts",
            )
            .bind(&key.key)
            .bind(&started)
            .bind(&expired)
            .fetch_one(&mut *tx)
            .await?;
            if key.limit.is_some_and(|limit| attempts > limit) {
                throttled_by.get_or_insert_with(|| key.key.clone());
                log_first_refusal(&mut tx, key, audit).await?;
            }
        }
        tx.commit().await?;
        Ok(match throttled_by {
            Some(key) => Reservation::Throttled { key },
            None => Reservation::Allowed,
        })
    }

    /// Gives back the attempts of a successful sign-in: `forget` keys start again, `refund`
    /// keys lose the one attempt just reserved.
    pub async fn release_attempt(
        &self,
        forget: &[AttemptKey],
        refund: &[AttemptKey],
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for key in forget {
            sqlx::query("DELETE FROM sign_in_counters WHERE key = $1")
                .bind(&key.key)
                .execute(&mut *tx)
                .await?;
        }
        for key in refund {
            sqlx::query(
                "UPDATE sign_in_counters SET attempts = attempts - 1
                 WHERE key = $1 AND attempts > 0",
            )
            .bind(&key.key)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Remembers that `user_id` signed in from `client_ip`.
    pub async fn remember_sign_in_address(&self, user_id: i64, client_ip: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO known_sign_in_addresses (user_id, client_ip, last_success_at)
             VALUES ($1, $2, $3)
             ON CONFLICT (user_id, client_ip) DO UPDATE SET last_success_at = excluded.last_success_at",
        )
        .bind(user_id)
        .bind(client_ip)
        .bind(now_timestamp())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Whether `user_id` signed in successfully from `client_ip` before.
    pub async fn is_known_sign_in_address(
        &self,
        user_id: i64,
        client_ip: &str,
    ) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM known_sign_in_addresses WHERE user_id = $1 AND client_ip = $2",
        )
        .bind(user_id)
        .bind(client_ip)
        .fetch_optional(self.pool())
        .await?;
        Ok(found.is_some())
    }

    /// Deletes counters whose window ended and sessions that expired; returns how many rows.
    /// Run now and then by every process (the deletes are idempotent).
    pub async fn prune_expired(&self, window: time::Duration) -> StoreResult<u64> {
        let expired = format_timestamp(time::OffsetDateTime::now_utc() - window);
        let counters = sqlx::query("DELETE FROM sign_in_counters WHERE window_start <= $1")
            .bind(expired)
            .execute(self.pool())
            .await?
            .rows_affected();
        let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now_timestamp())
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(counters + sessions)
    }
}
