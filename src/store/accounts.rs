//! Accounts, sign-in attempts and the audit log.
//!
//! Every write runs in one transaction with the audit row that records it, so the log cannot miss
//! a change nor name one that did not happen.

use sqlx::{AnyConnection, FromRow};

use super::{Store, StoreError, StoreResult, now_timestamp};
use crate::domain::accounts::{EMAIL_MAX_CHARS, Email, NewAccount, Role};
use crate::forms::FieldErrors;

/// Longest client address kept in the audit log.
const CLIENT_IP_MAX_CHARS: usize = 64;

/// The columns of `User`, from `users u LEFT JOIN municipalities m`.
const USER_COLUMNS: &str = "u.id, u.email, u.name, u.role, u.municipality_id,
    m.slug AS municipality_slug, m.name AS municipality_name, u.disabled, u.created_at,
    u.updated_at, u.sessions_valid_after, u.totp_enabled_at";

/// The current time in Unix milliseconds (the unit of `users.sessions_valid_after`).
pub fn now_millis() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// An account, with the municipality a city editor belongs to. The password hash is read only
/// by `Store::password_hash_of`.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// A `Role` code.
    pub role: String,
    pub municipality_id: Option<i64>,
    pub municipality_slug: Option<String>,
    pub municipality_name: Option<String>,
    /// 1 when the account cannot sign in.
    pub disabled: i64,
    pub created_at: String,
    pub updated_at: String,
    /// Sessions signed in before this moment (Unix milliseconds) are refused.
    pub sessions_valid_after: i64,
    /// When the second factor was enrolled; `None` without one.
    pub totp_enabled_at: Option<String>,
}

impl User {
    /// The account's role; `None` only if the database holds a code this build does not know.
    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.role)
    }

    pub fn is_disabled(&self) -> bool {
        self.disabled != 0
    }

    pub fn has_second_factor(&self) -> bool {
        self.totp_enabled_at.is_some()
    }

    /// Admins and coordinators: the accounts a second factor is for.
    pub fn is_staff(&self) -> bool {
        matches!(self.role(), Some(Role::Admin | Role::Coordinator))
    }
}

/// What the audit page can filter on; all optional, combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Actions starting with this ("login." for sign-ins, "user." for account changes).
    pub action_prefix: Option<String>,
    /// The actor, or the account named in the detail (part of an email).
    pub account: Option<String>,
    /// RFC 3339 timestamps: from this moment (inclusive) to this one (exclusive).
    pub from: Option<String>,
    pub until: Option<String>,
}

/// One line of the audit log to write. `at` is the time of writing.
///
/// ```no_run
/// # use portal::store::{AuditEntry, Store, StoreResult};
/// # async fn example(store: &Store) -> StoreResult<()> {
/// store
///     .audit(&AuditEntry {
///         actor_user_id: Some(7),
///         actor: "ana@fcv.org.pe",
///         action: "logout",
///         client_ip: Some("203.0.113.9"),
///         ..AuditEntry::default()
///     })
///     .await
/// # }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuditEntry<'a> {
    /// The acting account, when the actor is one.
    pub actor_user_id: Option<i64>,
    /// The account's email, "cli" for the command line, or "anonymous".
    pub actor: &'a str,
    /// What happened: "login.succeeded", "logout", "user.created", …
    pub action: &'a str,
    /// The record acted on, e.g. `Some("user")` and `Some(7)`.
    pub record_type: Option<&'a str>,
    pub record_id: Option<i64>,
    pub detail: &'a str,
    pub client_ip: Option<&'a str>,
}

/// One line of the audit log as stored.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor_user_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub record_type: Option<String>,
    pub record_id: Option<i64>,
    pub detail: String,
    pub client_ip: Option<String>,
}

/// The email of a sign-in attempt as kept: trimmed, lower-cased, at most 254 characters (what
/// was typed, which need not be a valid address).
pub fn normalize_attempt_email(typed: &str) -> String {
    typed
        .trim()
        .to_lowercase()
        .chars()
        .take(EMAIL_MAX_CHARS)
        .collect()
}

fn bounded(text: &str, max_chars: usize) -> String {
    text.trim().chars().take(max_chars).collect()
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// Writes one audit row on `conn` (inside the caller's transaction).
pub(super) async fn insert_audit(
    conn: &mut AnyConnection,
    entry: &AuditEntry<'_>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log
            (at, actor_user_id, actor, action, record_type, record_id, detail, client_ip)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(now_timestamp())
    .bind(entry.actor_user_id)
    .bind(entry.actor)
    .bind(entry.action)
    .bind(entry.record_type)
    .bind(entry.record_id)
    .bind(entry.detail)
    .bind(entry.client_ip)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The id of the account whose email is `actor`, if the actor is an account.
async fn actor_user_id(conn: &mut AnyConnection, actor: &str) -> StoreResult<Option<i64>> {
    if !actor.contains('@') {
        return Ok(None);
    }
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(actor.trim().to_lowercase())
        .fetch_optional(&mut *conn)
        .await?)
}

/// Whether `email` is the only active admin. Counted inside the caller's write transaction, so
/// two admins disabling each other at once cannot both succeed.
async fn is_last_active_admin(conn: &mut AnyConnection, email: &Email) -> StoreResult<bool> {
    let (this_one, others): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN email = $1 THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN email <> $1 THEN 1 ELSE 0 END), 0) AS BIGINT)
         FROM users WHERE role = 'admin' AND disabled = 0",
    )
    .bind(email.as_str())
    .fetch_one(&mut *conn)
    .await?;
    Ok(this_one == 1 && others == 0)
}

/// The id of the municipality of a city editor's slug; an unknown slug is a field error.
async fn municipality_of(conn: &mut AnyConnection, slug: Option<&str>) -> StoreResult<Option<i64>> {
    let Some(slug) = slug else {
        return Ok(None);
    };
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM municipalities WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await?;
    match id {
        Some(id) => Ok(Some(id)),
        None => Err(StoreError::Fields(FieldErrors::one(
            "city",
            "users-city-unknown",
        ))),
    }
}

async fn user_in(conn: &mut AnyConnection, id: i64) -> StoreResult<Option<User>> {
    Ok(sqlx::query_as::<_, User>(&format!(
        "SELECT {USER_COLUMNS} FROM users u LEFT JOIN municipalities m ON m.id = u.municipality_id
         WHERE u.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

impl Store {
    /// Creates an account (its rules were checked by `NewAccount::parse`). A taken email or an
    /// unknown city is `StoreError::Fields` naming the input. Audited as "user.created" by
    /// `actor`.
    pub async fn create_user(
        &self,
        account: &NewAccount,
        password_hash: &str,
        actor: &str,
    ) -> StoreResult<User> {
        let mut tx = self.begin_write().await?;
        let municipality_id = municipality_of(&mut tx, account.city.as_deref()).await?;
        let inserted = sqlx::query_scalar::<_, i64>(
            "INSERT INTO users
                (email, name, role, municipality_id, password_hash, disabled, created_at,
                 updated_at, updated_by)
             VALUES ($1, $2, $3, $4, $5, 0, $6, $6, $7) RETURNING id",
        )
        .bind(account.email.as_str())
        .bind(account.name.as_str())
        .bind(account.role.code())
        .bind(municipality_id)
        .bind(password_hash)
        .bind(now_timestamp())
        .bind(actor)
        .fetch_one(&mut *tx)
        .await;
        let id = match inserted {
            Ok(id) => id,
            Err(error) if is_unique_violation(&error) => {
                return Err(StoreError::Fields(FieldErrors::one(
                    "email",
                    "users-email-taken",
                )));
            }
            Err(error) => return Err(error.into()),
        };
        let actor_id = actor_user_id(&mut tx, actor).await?;
        let detail = match &account.city {
            Some(slug) => format!("{} ({}, {slug})", account.email, account.role.code()),
            None => format!("{} ({})", account.email, account.role.code()),
        };
        insert_audit(
            &mut tx,
            &AuditEntry {
                actor_user_id: actor_id,
                actor,
                action: "user.created",
                record_type: Some("user"),
                record_id: Some(id),
                detail: &detail,
                client_ip: None,
            },
        )
        .await?;
        let user = user_in(&mut tx, id).await?.ok_or_else(|| {
            StoreError::Invalid(format!("the account {} was not created", account.email))
        })?;
        tx.commit().await?;
        Ok(user)
    }

    /// Every account, by email.
    pub async fn users(&self) -> StoreResult<Vec<User>> {
        Ok(sqlx::query_as::<_, User>(&format!(
            "SELECT {USER_COLUMNS} FROM users u LEFT JOIN municipalities m ON m.id = u.municipality_id
             ORDER BY u.email"
        ))
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn user_by_id(&self, id: i64) -> StoreResult<Option<User>> {
        let mut conn = self.pool().acquire().await?;
        user_in(&mut conn, id).await
    }

    pub async fn user_by_email(&self, email: &Email) -> StoreResult<Option<User>> {
        Ok(sqlx::query_as::<_, User>(&format!(
            "SELECT {USER_COLUMNS} FROM users u LEFT JOIN municipalities m ON m.id = u.municipality_id
             WHERE u.email = $1"
        ))
        .bind(email.as_str())
        .fetch_optional(self.pool())
        .await?)
    }

    /// The Argon2id PHC string of an account, to verify a password against.
    pub async fn password_hash_of(&self, user_id: i64) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Replaces an account's password hash and ends its sessions. False when no account has
    /// this email. Audited as "user.password_set".
    pub async fn set_user_password(
        &self,
        email: &Email,
        password_hash: &str,
        actor: &str,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE users SET password_hash = $1, updated_at = $2, updated_by = $3,
                sessions_valid_after = $5
             WHERE email = $4 RETURNING id",
        )
        .bind(password_hash)
        .bind(now_timestamp())
        .bind(actor)
        .bind(email.as_str())
        .bind(now_millis())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            return Ok(false);
        };
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let actor_id = actor_user_id(&mut tx, actor).await?;
        insert_audit(
            &mut tx,
            &AuditEntry {
                actor_user_id: actor_id,
                actor,
                action: "user.password_set",
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

    /// Disables (ending its sessions) or re-enables an account. False when no account has this
    /// email; `Invalid` when it is the last active admin (nobody could run the portal).
    /// Audited as "user.disabled" or "user.enabled".
    pub async fn set_user_disabled(
        &self,
        email: &Email,
        disabled: bool,
        actor: &str,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        if disabled && is_last_active_admin(&mut tx, email).await? {
            return Err(StoreError::Invalid(
                "this is the last active admin; enable or create another admin first".to_string(),
            ));
        }
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE users SET disabled = $1, updated_at = $2, updated_by = $3,
                sessions_valid_after = CASE WHEN $1 = 1 THEN $5 ELSE sessions_valid_after END
             WHERE email = $4 RETURNING id",
        )
        .bind(i64::from(disabled))
        .bind(now_timestamp())
        .bind(actor)
        .bind(email.as_str())
        .bind(now_millis())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            return Ok(false);
        };
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let actor_id = actor_user_id(&mut tx, actor).await?;
        insert_audit(
            &mut tx,
            &AuditEntry {
                actor_user_id: actor_id,
                actor,
                action: if disabled {
                    "user.disabled"
                } else {
                    "user.enabled"
                },
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

    /// Ends every session of an account, on every process: deletes them and refuses any session
    /// signed in before now (a request in flight cannot bring one back). Audited by `actor`.
    pub async fn end_sessions_of(
        &self,
        user_id: i64,
        actor: &str,
        client_ip: Option<&str>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET sessions_valid_after = $1 WHERE id = $2")
            .bind(now_millis())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let actor_id = actor_user_id(&mut tx, actor).await?;
        insert_audit(
            &mut tx,
            &AuditEntry {
                actor_user_id: actor_id,
                actor,
                action: "user.sessions_ended",
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

    /// Writes the audit row of a checked sign-in attempt with `email` as typed (kept trimmed and
    /// lower-cased) from `client_ip`: "login.succeeded" by the account, or "login.failed" by
    /// "anonymous" (naming the account when `user_id` is known). `step` says what was checked
    /// ("password" or "code").
    pub async fn audit_sign_in(
        &self,
        email: &str,
        client_ip: &str,
        succeeded: bool,
        user_id: Option<i64>,
        step: &str,
    ) -> StoreResult<()> {
        let email = normalize_attempt_email(email);
        let client_ip = bounded(client_ip, CLIENT_IP_MAX_CHARS);
        let detail = if succeeded || user_id.is_some() {
            format!("{step}; email: {email}")
        } else {
            format!("{step}; email: {email} (no such account)")
        };
        self.audit(&AuditEntry {
            actor_user_id: if succeeded { user_id } else { None },
            actor: if succeeded {
                email.as_str()
            } else {
                "anonymous"
            },
            action: if succeeded {
                "login.succeeded"
            } else {
                "login.failed"
            },
            record_type: user_id.map(|_| "user"),
            record_id: user_id,
            detail: &detail,
            client_ip: Some(&client_ip),
        })
        .await
    }

    /// Writes one audit row on its own ("login.throttled", "logout", …).
    pub async fn audit(&self, entry: &AuditEntry<'_>) -> StoreResult<()> {
        let mut conn = self.pool().acquire().await?;
        insert_audit(&mut conn, entry).await
    }

    /// One page of audit rows matching `filter`, newest first, and how many match in all.
    pub async fn audit_page(
        &self,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<AuditRow>, i64)> {
        const COLUMNS: &str =
            "id, at, actor_user_id, actor, action, record_type, record_id, detail, client_ip";
        // Every condition is always present and switched off by a NULL, so the statement and
        // its placeholders stay fixed.
        const WHERE: &str = "($1 IS NULL OR action LIKE $1 ESCAPE '\\')
               AND ($2 IS NULL OR LOWER(actor) LIKE $2 ESCAPE '\\'
                    OR LOWER(detail) LIKE $2 ESCAPE '\\')
               AND ($3 IS NULL OR at >= $3)
               AND ($4 IS NULL OR at < $4)";
        let action = filter
            .action_prefix
            .as_deref()
            .map(|prefix| format!("{}%", escape_like(prefix)));
        let account = filter
            .account
            .as_deref()
            .map(|account| format!("%{}%", escape_like(&account.to_lowercase())));
        let total: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE {WHERE}"))
                .bind(action.clone())
                .bind(account.clone())
                .bind(filter.from.clone())
                .bind(filter.until.clone())
                .fetch_one(self.pool())
                .await?;
        let rows = sqlx::query_as::<_, AuditRow>(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE {WHERE} ORDER BY id DESC LIMIT $5 OFFSET $6"
        ))
        .bind(action)
        .bind(account)
        .bind(filter.from.clone())
        .bind(filter.until.clone())
        .bind(limit.max(0))
        .bind(offset.max(0))
        .fetch_all(self.pool())
        .await?;
        Ok((rows, total))
    }
}

/// `text` with LIKE's wildcards escaped (the statements say `ESCAPE '\'`).
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempt_emails_are_kept_as_typed_but_folded_and_bounded() {
        assert_eq!(normalize_attempt_email("  Ana@FCV.org "), "ana@fcv.org");
        assert_eq!(normalize_attempt_email("not an email"), "not an email");
        assert_eq!(
            normalize_attempt_email(&"x".repeat(1000)).chars().count(),
            EMAIL_MAX_CHARS
        );
    }
}
