//! Login sessions kept in the store (not in process memory), so that several portal processes
//! behind one load balancer share them and a restart logs nobody out. Implements
//! tower-sessions' `SessionStore` over the `sessions` table.

use std::collections::HashMap;

use async_trait::async_trait;
use serde_json::Value;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use super::{Store, format_timestamp, now_timestamp, parse_timestamp};

/// The session store of the portal.
#[derive(Debug, Clone)]
pub struct StoreSessions {
    store: Store,
}

impl StoreSessions {
    pub fn new(store: Store) -> Self {
        StoreSessions { store }
    }
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

/// The user a session belongs to, kept in its own column so that disabling an account can end
/// its sessions.
fn user_of(record: &Record) -> Option<i64> {
    record.data.get(SESSION_USER_KEY).and_then(Value::as_i64)
}

/// Session key holding the logged-in user's id.
pub const SESSION_USER_KEY: &str = "user_id";

#[async_trait]
impl SessionStore for StoreSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Expired sessions are swept by `Store::prune_expired`, which every process runs now
        // and then.
        loop {
            let data = serde_json::to_string(&record.data)
                .map_err(|e| session_store::Error::Encode(e.to_string()))?;
            let inserted = sqlx::query(
                "INSERT INTO sessions (id, user_id, data, expires_at, created_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
            )
            .bind(record.id.to_string())
            .bind(user_of(record))
            .bind(data)
            .bind(format_timestamp(record.expiry_date))
            .bind(now_timestamp())
            .execute(self.store.pool())
            .await
            .map_err(backend)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            // An id collision (vanishingly rare): draw another.
            record.id = Id::default();
        }
    }

    /// Updates a session that still exists, and never creates one: a request that was in flight
    /// while the session ended (sign-out, password change, disabling) must not bring it back.
    /// New sessions are made only by `create`.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        sqlx::query("UPDATE sessions SET user_id = $2, data = $3, expires_at = $4 WHERE id = $1")
            .bind(record.id.to_string())
            .bind(user_of(record))
            .bind(data)
            .bind(format_timestamp(record.expiry_date))
            .execute(self.store.pool())
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2",
        )
        .bind(id.to_string())
        .bind(now_timestamp())
        .fetch_optional(self.store.pool())
        .await
        .map_err(backend)?;
        let Some((data, expires_at)) = row else {
            return Ok(None);
        };
        let data: HashMap<String, Value> =
            serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = parse_timestamp(&expires_at)
            .ok_or_else(|| session_store::Error::Decode(format!("bad expiry {expires_at}")))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(self.store.pool())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

impl Store {}
