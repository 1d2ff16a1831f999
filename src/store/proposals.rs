//! Proposals of city editors, and their approval (applied in the same transaction).

use super::records::{Change, WriteError, create_in, update_in};
use super::{Store, StoreError, now_timestamp};
use crate::catalogue::{self, Record, RecordType};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Proposal {
    pub id: i64,
    pub municipality_id: i64,
    pub municipality_name: String,
    pub record_type: String,
    pub record_id: Option<i64>,
    pub payload_json: String,
    pub status: String,
    pub proposed_by: String,
    pub proposed_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    /// The version of the record the proposal was made on (None for a new record).
    pub base_version: Option<i64>,
}

impl Proposal {
    /// The record type proposed, if this build knows it.
    pub fn kind(&self) -> Option<&'static RecordType> {
        catalogue::by_slug(&self.record_type)
    }

    /// The proposed values.
    pub fn values(&self, kind: &RecordType) -> Record {
        Record::from_json(kind, &self.payload_json)
    }
}

const PROPOSAL_SELECT: &str = "SELECT p.id, p.municipality_id, m.name AS municipality_name,
        p.record_type, p.record_id, p.payload_json, p.status, p.proposed_by, p.proposed_at,
        p.decided_by, p.decided_at, p.base_version
     FROM proposals p JOIN municipalities m ON m.id = p.municipality_id";

impl Store {
    /// Stores a city editor's proposal: a new record (`edits` None) or an edit of a record as it
    /// was at a version (`edits` Some((id, version))).
    pub async fn create_proposal(
        &self,
        municipality_id: i64,
        kind: &RecordType,
        edits: Option<(i64, i64)>,
        values: &Record,
        proposed_by: &str,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO proposals (municipality_id, record_type, record_id, payload_json, status,
                proposed_by, proposed_at, base_version)
             VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7) RETURNING id",
        )
        .bind(municipality_id)
        .bind(kind.slug)
        .bind(edits.map(|(id, _)| id))
        .bind(values.to_json())
        .bind(proposed_by.to_string())
        .bind(now_timestamp())
        .bind(edits.map(|(_, version)| version))
        .fetch_one(self.pool())
        .await?)
    }

    /// Proposals, pending first then newest; only one municipality's when given.
    pub async fn proposals(
        &self,
        municipality_id: Option<i64>,
    ) -> Result<Vec<Proposal>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{PROPOSAL_SELECT} WHERE ($1 IS NULL OR p.municipality_id = $1)
             ORDER BY CASE WHEN p.status = 'pending' THEN 0 ELSE 1 END, p.id DESC LIMIT 200"
        ))
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn proposal(&self, id: i64) -> Result<Option<Proposal>, StoreError> {
        Ok(
            sqlx::query_as(&format!("{PROPOSAL_SELECT} WHERE p.id = $1"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Applies a pending proposal (a new record, or an edit of the version it was made on) and
    /// marks it approved, in one transaction. A proposal made on an older version than the
    /// record's current one is refused as an edit conflict (`WriteError::Conflict` with the
    /// stored record): approving it would silently undo the later changes.
    pub async fn approve_proposal(&self, id: i64, actor: &str) -> Result<(), WriteError> {
        let mut tx = self.begin_write().await?;
        let proposal: Proposal = sqlx::query_as(&format!(
            "{PROPOSAL_SELECT} WHERE p.id = $1 AND p.status = 'pending'"
        ))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(WriteError::NotFound)?;
        let kind = proposal.kind().ok_or(WriteError::NotFound)?;
        let values = proposal.values(kind);
        let note = format!("proposal {} by {}", proposal.id, proposal.proposed_by);
        let change = Change {
            actor,
            note: &note,
            status_note: None,
        };
        match proposal.record_id {
            Some(record_id) => {
                let current: i64 = sqlx::query_scalar(&format!(
                    "SELECT row_version FROM {} WHERE id = $1",
                    kind.table
                ))
                .bind(record_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(WriteError::NotFound)?;
                // Proposals stored before versions were kept have none: they apply as before.
                let base = proposal.base_version.unwrap_or(current);
                update_in(&mut tx, kind, record_id, base, &values, change).await?;
            }
            None => {
                create_in(&mut tx, kind, &values, change).await?;
            }
        }
        decide(&mut tx, id, "approved", actor).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn reject_proposal(&self, id: i64, actor: &str) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let changed = decide(&mut tx, id, "rejected", actor).await?;
        tx.commit().await?;
        Ok(changed)
    }
}

async fn decide(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    status: &str,
    actor: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE proposals SET status = $1, decided_by = $2, decided_at = $3
         WHERE id = $4 AND status = 'pending'",
    )
    .bind(status.to_string())
    .bind(actor.to_string())
    .bind(now_timestamp())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected() == 1)
}
