//! Files in the store: written in fixed-size chunks inside one transaction, read back one chunk
//! at a time; document versions and download counts.

use sha2::{Digest, Sha256};
use sqlx::{Any, FromRow, Row, Transaction};

use super::records::{RevisionEntry, add_revision, snapshot};
use super::{Store, StoreError, StoreResult, now_timestamp};
use crate::catalogue::{DOCUMENTS, Value};

/// Size of one stored chunk: large enough for few rows, small enough to bound memory per
/// download.
pub const CHUNK_SIZE: usize = 256 * 1024;

/// A stored file's description (not its bytes).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredFile {
    pub id: i64,
    pub sha256: String,
    pub size_bytes: i64,
    pub content_type: String,
    pub original_name: String,
    pub chunk_size: i64,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

/// A version of a document, with its file.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentVersion {
    pub version: i64,
    pub file_id: i64,
    pub language: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// Downloads of one document in one month.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MonthlyDownloads {
    pub month: String,
    pub downloads: i64,
}

/// Writes one file into the store. Everything happens in one transaction: dropping the writer
/// (an oversized or refused upload, a lost connection) leaves nothing behind.
pub struct FileWriter {
    tx: Transaction<'static, Any>,
    file_id: i64,
    buffer: Vec<u8>,
    next_seq: i64,
    size: u64,
    hasher: Sha256,
}

impl Store {
    /// Starts writing a file; call `write` with its bytes, then `attach_to_document`.
    pub async fn file_writer(&self, actor: &str) -> StoreResult<FileWriter> {
        let mut tx = self.begin_write().await?;
        let stored_name = format!("f-{}", crate::domain::random_hex(16));
        let file_id: i64 = sqlx::query_scalar(
            "INSERT INTO files (sha256, size_bytes, content_type, original_name, stored_name,
                chunk_size, uploaded_by, uploaded_at)
             VALUES ('', 0, '', '', $1, $2, $3, $4) RETURNING id",
        )
        .bind(stored_name)
        .bind(CHUNK_SIZE as i64)
        .bind(actor.to_string())
        .bind(now_timestamp())
        .fetch_one(&mut *tx)
        .await?;
        Ok(FileWriter {
            tx,
            file_id,
            buffer: Vec::with_capacity(CHUNK_SIZE),
            next_seq: 0,
            size: 0,
            hasher: Sha256::new(),
        })
    }

    pub async fn file(&self, file_id: i64) -> StoreResult<Option<StoredFile>> {
        Ok(sqlx::query_as(
            "SELECT id, sha256, size_bytes, content_type, original_name, chunk_size, uploaded_by,
                uploaded_at FROM files WHERE id = $1",
        )
        .bind(file_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// One chunk of a file's bytes.
    pub async fn file_chunk(&self, file_id: i64, seq: i64) -> StoreResult<Option<Vec<u8>>> {
        Ok(
            sqlx::query_scalar("SELECT data FROM file_chunks WHERE file_id = $1 AND seq = $2")
                .bind(file_id)
                .bind(seq)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    pub async fn document_versions(&self, document_id: i64) -> StoreResult<Vec<DocumentVersion>> {
        Ok(sqlx::query_as(
            "SELECT v.version, v.file_id, v.language, v.created_at, v.created_by, f.original_name,
                f.content_type, f.size_bytes, f.sha256
             FROM document_versions v JOIN files f ON f.id = v.file_id
             WHERE v.document_id = $1 ORDER BY v.version DESC",
        )
        .bind(document_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The document id and current file of a published document with that slug (and kind, when
    /// given), if it has one.
    pub async fn downloadable(
        &self,
        slug: &str,
        kind: Option<&str>,
    ) -> StoreResult<Option<(i64, StoredFile)>> {
        // One query on the download path: the document and its current file together.
        let row = sqlx::query(
            "SELECT d.id AS document_id, f.id, f.sha256, f.size_bytes, f.content_type,
                f.original_name, f.chunk_size, f.uploaded_by, f.uploaded_at
             FROM documents d JOIN files f ON f.id = d.current_file_id
             WHERE d.slug = $1 AND ($2 IS NULL OR d.kind = $2) AND d.status = 'published'",
        )
        .bind(slug)
        .bind(kind)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some((
            row.try_get("document_id")?,
            StoredFile::from_row(&row)?,
        )))
    }

    /// Counts one download in the document's month.
    pub async fn count_download(&self, document_id: i64) -> StoreResult<()> {
        let month = now_timestamp()[..7].to_string();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO document_downloads (document_id, month, downloads) VALUES ($1, $2, 1)
             ON CONFLICT (document_id, month) DO UPDATE
                SET downloads = document_downloads.downloads + 1",
        )
        .bind(document_id)
        .bind(month)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE documents SET download_count = download_count + 1 WHERE id = $1")
            .bind(document_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn monthly_downloads(&self, document_id: i64) -> StoreResult<Vec<MonthlyDownloads>> {
        Ok(sqlx::query_as(
            "SELECT month, downloads FROM document_downloads WHERE document_id = $1
             ORDER BY month DESC",
        )
        .bind(document_id)
        .fetch_all(self.pool())
        .await?)
    }
}

impl FileWriter {
    pub fn size(&self) -> u64 {
        self.size
    }

    pub async fn write(&mut self, mut bytes: &[u8]) -> StoreResult<()> {
        self.hasher.update(bytes);
        self.size += bytes.len() as u64;
        while !bytes.is_empty() {
            let room = CHUNK_SIZE - self.buffer.len();
            let take = room.min(bytes.len());
            self.buffer.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.buffer.len() == CHUNK_SIZE {
                self.flush().await?;
            }
        }
        Ok(())
    }

    async fn flush(&mut self) -> StoreResult<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let data = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK_SIZE));
        sqlx::query("INSERT INTO file_chunks (file_id, seq, data) VALUES ($1, $2, $3)")
            .bind(self.file_id)
            .bind(self.next_seq)
            .bind(data)
            .execute(&mut *self.tx)
            .await?;
        self.next_seq += 1;
        Ok(())
    }

    /// Finishes the file and makes it the newest version of the document, with a revision of
    /// the document, and commits. Returns the new version number.
    pub async fn attach_to_document(
        mut self,
        document_id: i64,
        stored: &StoredAs<'_>,
        actor: &str,
    ) -> Result<i64, StoreError> {
        self.flush().await?;
        let sha256: String = std::mem::take(&mut self.hasher)
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let (file_id, size) = (self.file_id, self.size as i64);
        let tx = &mut self.tx;
        sqlx::query(
            "UPDATE files SET sha256 = $1, size_bytes = $2, content_type = $3, original_name = $4
             WHERE id = $5",
        )
        .bind(sha256)
        .bind(size)
        .bind(stored.content_type.to_string())
        .bind(stored.original_name.to_string())
        .bind(file_id)
        .execute(&mut **tx)
        .await?;
        let before = snapshot(&mut *tx, &DOCUMENTS, document_id)
            .await?
            .ok_or_else(|| StoreError::Invalid(format!("no document {document_id}")))?;
        let version = add_version(tx, document_id, file_id, stored, actor).await?;
        make_current(tx, document_id, file_id, size, stored, version, actor).await?;
        let mut after = snapshot(&mut *tx, &DOCUMENTS, document_id)
            .await?
            .ok_or_else(|| StoreError::Invalid(format!("no document {document_id}")))?;
        // The revision says which file became current.
        let name = stored.original_name;
        after
            .values
            .set("file", Value::Text(format!("{name} (v{version})")));
        let note = format!("upload v{version}");
        let entry = RevisionEntry {
            kind: &DOCUMENTS,
            id: document_id,
            action: "update",
            before: Some(&before.values),
            after: Some(&after.values),
            actor,
            note: &note,
        };
        add_revision(tx, &entry).await.map_err(|e| match e {
            super::WriteError::Store(s) => s,
            other => StoreError::Invalid(other.to_string()),
        })?;
        self.tx.commit().await?;
        Ok(version)
    }
}

/// What an uploaded file is stored as: the name shown, its type and its language.
#[derive(Debug, Clone, Copy)]
pub struct StoredAs<'a> {
    pub original_name: &'a str,
    pub content_type: &'a str,
    pub language: Option<&'a str>,
}

/// Adds the file as the document's next version; returns its number.
async fn add_version(
    tx: &mut Transaction<'static, Any>,
    document_id: i64,
    file_id: i64,
    stored: &StoredAs<'_>,
    actor: &str,
) -> StoreResult<i64> {
    let version: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM document_versions WHERE document_id = $1",
    )
    .bind(document_id)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO document_versions (document_id, version, file_id, language, created_at,
            created_by) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(document_id)
    .bind(version)
    .bind(file_id)
    .bind(stored.language.map(str::to_string))
    .bind(now_timestamp())
    .bind(actor.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(version)
}

/// Makes the file the document's current one (its name, type, size and language).
async fn make_current(
    tx: &mut Transaction<'static, Any>,
    document_id: i64,
    file_id: i64,
    size: i64,
    stored: &StoredAs<'_>,
    version: i64,
    actor: &str,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE documents SET version = $1, current_file_id = $2, file_name = $3,
            content_type = $4, size_bytes = $5, language = COALESCE($6, language),
            updated_at = $7, updated_by = $8, row_version = row_version + 1
         WHERE id = $9",
    )
    .bind(version)
    .bind(file_id)
    .bind(stored.original_name.to_string())
    .bind(stored.content_type.to_string())
    .bind(size)
    .bind(stored.language.map(str::to_string))
    .bind(now_timestamp())
    .bind(actor.to_string())
    .bind(document_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
