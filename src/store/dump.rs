//! The full backup of the records (`portal export DIR`) and its restore (`portal import DIR`):
//! one JSON file per table, rows in key order, so export → import → export gives identical files.
//! It holds revisions and proposals (which name staff by email) and every file, published or
//! not, so it is private like the database. Accounts, sessions, sign-in counters, secrets and the
//! audit log stay out.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Backend, Store, StoreError, StoreResult};

/// The exported tables, parents before children, with the columns that order their rows.
const TABLES: &[(&str, &str)] = &[
    ("strategy", "id"),
    ("objectives", "id"),
    ("municipalities", "id"),
    ("organisations", "id"),
    ("reported_figures", "id"),
    ("files", "id"),
    ("file_chunks", "file_id, seq"),
    ("documents", "id"),
    ("document_versions", "id"),
    ("document_downloads", "document_id, month"),
    ("badges", "id"),
    ("plans", "id"),
    ("plan_status_history", "id"),
    ("programmes", "id"),
    ("programme_participants", "programme_id, municipality_id"),
    ("diploma_cohorts", "id"),
    ("diploma_participants", "cohort_id, municipality_id"),
    ("exchanges", "id"),
    ("exchange_host_cities", "id"),
    ("exchange_participants", "exchange_id, municipality_id"),
    ("forum_representatives", "id"),
    ("revisions", "id"),
    ("proposals", "id"),
];

/// Format version written in `manifest.json`.
const DUMP_FORMAT: i64 = 1;

/// How a column's values are stored.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ColumnKind {
    Integer,
    Real,
    Text,
    Bytes,
}

impl Store {
    /// The columns of a table and their kinds, from the database's own catalogue.
    async fn column_kinds(&self, table: &str) -> StoreResult<Vec<(String, ColumnKind)>> {
        let rows: Vec<(String, String)> = match self.backend() {
            Backend::Sqlite => {
                sqlx::query_as(&format!(
                    "SELECT name, UPPER(type) FROM pragma_table_info('{table}') ORDER BY cid"
                ))
                .fetch_all(self.pool())
                .await?
            }
            Backend::Postgres => {
                sqlx::query_as(
                    "SELECT CAST(column_name AS TEXT), UPPER(CAST(data_type AS TEXT))
                 FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = $1
                 ORDER BY ordinal_position",
                )
                .bind(table)
                .fetch_all(self.pool())
                .await?
            }
        };
        Ok(rows
            .into_iter()
            .map(|(name, kind)| {
                let kind = if kind.contains("INT") {
                    ColumnKind::Integer
                } else if kind.contains("REAL") || kind.contains("DOUBLE") {
                    ColumnKind::Real
                } else if kind.contains("BLOB") || kind.contains("BYTEA") {
                    ColumnKind::Bytes
                } else {
                    ColumnKind::Text
                };
                (name, kind)
            })
            .collect())
    }

    /// Writes every exported table to `dir` (created if missing).
    pub async fn export_to(&self, dir: &Path) -> StoreResult<usize> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Invalid(format!("{}: {e}", dir.display())))?;
        let mut total = 0;
        for (table, order) in TABLES {
            let columns = self.column_kinds(table).await?;
            let rows = sqlx::query(&format!("SELECT * FROM {table} ORDER BY {order}"))
                .fetch_all(self.pool())
                .await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                out.push(Value::Object(row_to_json(row, &columns)?));
            }
            total += out.len();
            write_json(&dir.join(format!("{table}.json")), &Value::Array(out))?;
        }
        let manifest: BTreeMap<&str, Value> = BTreeMap::from([
            ("format", Value::from(DUMP_FORMAT)),
            (
                "tables",
                Value::from(TABLES.iter().map(|(t, _)| *t).collect::<Vec<_>>()),
            ),
        ]);
        write_json(
            &dir.join("manifest.json"),
            &serde_json::to_value(manifest).unwrap_or_default(),
        )?;
        Ok(total)
    }

    /// Loads a dump into this store, which must be migrated and empty, in one transaction.
    pub async fn import_from(&self, dir: &Path) -> StoreResult<usize> {
        let manifest = read_json(&dir.join("manifest.json"))?;
        if manifest.get("format").and_then(Value::as_i64) != Some(DUMP_FORMAT) {
            return Err(StoreError::Invalid(format!(
                "{}: not a portal dump of format {DUMP_FORMAT}",
                dir.display()
            )));
        }
        if self.is_seeded().await? {
            return Err(StoreError::Conflict(
                "the store is not empty: import into a new, migrated store".into(),
            ));
        }
        let mut tx = self.begin_write().await?;
        let mut total = 0;
        for (table, _) in TABLES {
            let kinds: BTreeMap<String, ColumnKind> =
                self.column_kinds(table).await?.into_iter().collect();
            let rows = read_json(&dir.join(format!("{table}.json")))?;
            for row in rows.as_array().map(Vec::as_slice).unwrap_or_default() {
                let Some(row) = row.as_object() else {
                    return Err(StoreError::Invalid(format!(
                        "{table}.json: a row is not an object"
                    )));
                };
                let names: Vec<&String> = row.keys().collect();
                if let Some(unknown) = names.iter().find(|n| !kinds.contains_key(n.as_str())) {
                    return Err(StoreError::Invalid(format!(
                        "{table}.json: unknown column {unknown}"
                    )));
                }
                let placeholders: Vec<String> =
                    (1..=names.len()).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    names
                        .iter()
                        .map(|n| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    placeholders.join(", ")
                );
                let mut query = sqlx::query(&sql);
                for name in &names {
                    let value = &row[name.as_str()];
                    query = match (kinds[name.as_str()], value) {
                        (ColumnKind::Integer, v) => query.bind(v.as_i64()),
                        (ColumnKind::Real, v) => query.bind(v.as_f64()),
                        (ColumnKind::Bytes, Value::Null) => query.bind(None::<Vec<u8>>),
                        (ColumnKind::Bytes, v) => {
                            query.bind(Some(decode_hex(v.as_str().unwrap_or(""))?))
                        }
                        (ColumnKind::Text, Value::Null) => query.bind(None::<String>),
                        (ColumnKind::Text, v) => query.bind(v.as_str().map(str::to_string)),
                    };
                }
                query.execute(&mut *tx).await?;
                total += 1;
            }
        }
        if self.backend() == Backend::Postgres {
            // Identity columns continue after the imported ids.
            for (table, order) in TABLES {
                if *order == "id" {
                    sqlx::query(&format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                    ))
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(total)
    }
}

fn row_to_json(row: &AnyRow, columns: &[(String, ColumnKind)]) -> StoreResult<Map<String, Value>> {
    let mut object = Map::new();
    for (name, kind) in columns {
        let value = match kind {
            ColumnKind::Integer => row
                .try_get::<Option<i64>, _>(name.as_str())?
                .map(Value::from),
            ColumnKind::Real => row
                .try_get::<Option<f64>, _>(name.as_str())?
                .map(Value::from),
            ColumnKind::Text => row
                .try_get::<Option<String>, _>(name.as_str())?
                .map(Value::from),
            ColumnKind::Bytes => row
                .try_get::<Option<Vec<u8>>, _>(name.as_str())?
                .map(|bytes| Value::from(encode_hex(&bytes))),
        };
        object.insert(name.clone(), value.unwrap_or(Value::Null));
    }
    Ok(object)
}

fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode_hex(text: &str) -> StoreResult<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return Err(StoreError::Invalid("odd-length hex in a dump".into()));
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&text[i..i + 2], 16)
                .map_err(|_| StoreError::Invalid("bad hex in a dump".into()))
        })
        .collect()
}

fn write_json(path: &Path, value: &Value) -> StoreResult<()> {
    let mut text =
        serde_json::to_string_pretty(value).map_err(|e| StoreError::Invalid(e.to_string()))?;
    text.push('\n');
    std::fs::write(path, text).map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))
}

fn read_json(path: &Path) -> StoreResult<Value> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))
}
