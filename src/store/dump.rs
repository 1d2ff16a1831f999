//! The full backup of the records (`portal export DIR`) and its restore (`portal import DIR`):
//! one JSON file per table, rows in key order, so export → import → export gives identical files.
//! It holds revisions and proposals (which name staff by email) and every file, published or
//! not, so it is private like the database. Accounts, sessions, sign-in counters, secrets and the
//! audit log stay out.
//!
//! The seed (`seed/strategy/`) is written in the same format and loads through the same
//! `load_tables`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Backend, Store, StoreError, StoreResult};

/// The exported tables, parents before children, with the columns that order their rows.
pub(super) const TABLES: &[(&str, &str)] = &[
    ("strategy", "id"),
    ("objectives", "id"),
    ("municipalities", "id"),
    ("organisations", "id"),
    ("reported_figures", "id"),
    ("pillars", "id"),
    ("phases", "id"),
    ("progress_entries", "id"),
    ("files", "id"),
    ("file_chunks", "file_id, seq"),
    ("documents", "id"),
    ("document_versions", "id"),
    ("document_downloads", "document_id, month"),
    ("badges", "id"),
    ("plans", "id"),
    ("plan_status_history", "id"),
    ("plan_measures", "id"),
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
    ("synthetic_data", "id"),
];

/// Reference tables the migrations fill (the GCoM's pillars and phases), children last. A load
/// whose source has them replaces the migration's rows; one without them (the seed, a dump
/// written before they existed) keeps those rows.
const PREFILLED: &[&str] = &["pillars", "phases"];

/// Tables added to the export after dumps were already written: a dump without the table's
/// file loads as holding no rows of it. `synthetic_data` is the mark of a store `portal synth`
/// filled (a dump of such a store keeps it, so its import is marked synthetic too).
const ADDED_LATER: &[&str] = &["synthetic_data"];

/// Format version written in `manifest.json`.
pub const DUMP_FORMAT: i64 = 1;

/// `kind` in the manifest of a public dump (`crate::open_data`), which import refuses.
pub const PUBLIC_DUMP_KIND: &str = "public";

/// How a column's values are stored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum ColumnKind {
    Integer,
    Real,
    Text,
    Bytes,
}

impl Store {
    /// The columns of a table and their kinds, from the database's own catalogue.
    pub(super) async fn column_kinds(&self, table: &str) -> StoreResult<Vec<(String, ColumnKind)>> {
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
        if manifest.get("kind").and_then(Value::as_str) == Some(PUBLIC_DUMP_KIND) {
            // It leaves out the revisions, proposals and unpublished documents a store needs.
            return Err(StoreError::Invalid(format!(
                "{}: a public dump (portal export --public) cannot be imported; import a full export (portal export --output)",
                dir.display()
            )));
        }
        self.load_tables(&Source::Folder(dir), None)
            .await?
            .ok_or_else(|| {
                StoreError::Conflict(
                    "the store is not empty: import into a new, migrated store".into(),
                )
            })
    }

    /// Inserts the rows of `source` into the exported tables, parents before children, in one
    /// transaction: all of them or none. Rows keep their ids, so references line up; on Postgres
    /// the identity sequences then continue after them. With `stamps`, a row that leaves out its
    /// bookkeeping columns gets them. Writes nothing and returns `None` when the store already
    /// holds the strategy; otherwise the number of rows written.
    ///
    /// `import_from` (a dump folder) and `seed` (the files compiled in) both load through here.
    pub(super) async fn load_tables(
        &self,
        source: &Source<'_>,
        stamps: Option<&Stamps<'_>>,
    ) -> StoreResult<Option<usize>> {
        source.check_tables()?;
        let mut kinds = Vec::with_capacity(TABLES.len());
        for (table, _) in TABLES {
            let columns: BTreeMap<String, ColumnKind> =
                self.column_kinds(table).await?.into_iter().collect();
            kinds.push(columns);
        }
        let mut tx = self.begin_write().await?;
        if self.backend() == Backend::Postgres {
            // Two loaders started at once (two replicas on a new database) take turns, so the
            // second sees the first one's rows below instead of colliding with them. SQLite's
            // `BEGIN IMMEDIATE` already makes them take turns.
            sqlx::query("LOCK TABLE strategy IN SHARE ROW EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await?;
        }
        let present: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM strategy")
            .fetch_one(&mut *tx)
            .await?;
        if present > 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        for table in PREFILLED.iter().rev() {
            if source.has(table) {
                sqlx::query(&format!("DELETE FROM {table}"))
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let mut total = 0;
        for ((table, _), kinds) in TABLES.iter().zip(&kinds) {
            let file = source.name_of(table);
            for (index, row) in source.rows(table)?.into_iter().enumerate() {
                let at = |message: String| {
                    StoreError::Invalid(format!("{file}, row {}: {message}", index + 1))
                };
                insert_row(&mut tx, table, row, kinds, stamps, at).await?;
                total += 1;
            }
        }
        if self.backend() == Backend::Postgres {
            continue_sequences(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(Some(total))
    }
}

/// Inserts one row of a load into `table`, its bookkeeping filled from `stamps` when given; a
/// problem with the row is reported by `at` (which names the file and row).
async fn insert_row(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    table: &str,
    row: Value,
    kinds: &BTreeMap<String, ColumnKind>,
    stamps: Option<&Stamps<'_>>,
    at: impl Fn(String) -> StoreError,
) -> StoreResult<()> {
    let Value::Object(mut row) = row else {
        return Err(at("not an object".into()));
    };
    if let Some(stamps) = stamps {
        stamps.fill(&mut row, kinds);
    }
    if let Some(unknown) = row.keys().find(|name| !kinds.contains_key(*name)) {
        return Err(at(format!("unknown column {unknown}")));
    }
    let names: Vec<&str> = row.keys().map(String::as_str).collect();
    let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names.join(", "),
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for (name, value) in &row {
        query = bind_value(query, kinds[name], value)
            .map_err(|expected| at(format!("{name} must be {expected}")))?;
    }
    query.execute(&mut **tx).await.map_err(|e| match e {
        // A broken rule (a reference to nothing, a value out of its set) names the row that
        // broke it; other failures (the connection) stay what they are.
        sqlx::Error::Database(e) => at(e.to_string()),
        other => other.into(),
    })?;
    Ok(())
}

/// On Postgres, identity columns continue after the loaded ids.
pub(super) async fn continue_sequences(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
) -> StoreResult<()> {
    for (table, order) in TABLES {
        if *order == "id" {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Where the rows of a load come from.
pub(super) enum Source<'a> {
    /// A folder written by `export_to`: every exported table has its file.
    Folder(&'a Path),
    /// JSON text by table name, compiled into the binary (the seed); a table left out has no
    /// rows.
    Embedded(&'a [(&'a str, &'a str)]),
}

impl Source<'_> {
    /// Refuses an embedded table the dump format does not know: its rows would never be loaded.
    fn check_tables(&self) -> StoreResult<()> {
        let unknown = match self {
            Source::Folder(_) => None,
            Source::Embedded(tables) => tables
                .iter()
                .find(|(name, _)| !TABLES.iter().any(|(table, _)| table == name)),
        };
        match unknown {
            Some((name, _)) => Err(StoreError::Invalid(format!(
                "{name}.json: not a table of the dump format"
            ))),
            None => Ok(()),
        }
    }

    /// How messages name a table's rows.
    fn name_of(&self, table: &str) -> String {
        match self {
            Source::Folder(dir) => dir.join(format!("{table}.json")).display().to_string(),
            Source::Embedded(_) => format!("{table}.json"),
        }
    }

    /// Whether the source holds rows (perhaps none) for `table`.
    fn has(&self, table: &str) -> bool {
        match self {
            Source::Folder(dir) => dir.join(format!("{table}.json")).exists(),
            Source::Embedded(tables) => tables.iter().any(|(name, _)| *name == table),
        }
    }

    /// The rows of one table, as written; none for a prefilled table the source leaves out.
    fn rows(&self, table: &str) -> StoreResult<Vec<Value>> {
        if (PREFILLED.contains(&table) || ADDED_LATER.contains(&table)) && !self.has(table) {
            return Ok(Vec::new());
        }
        let value = match self {
            Source::Folder(dir) => read_json(&dir.join(format!("{table}.json")))?,
            Source::Embedded(tables) => match tables.iter().find(|(name, _)| *name == table) {
                Some((_, text)) => serde_json::from_str(text)
                    .map_err(|e| StoreError::Invalid(format!("{table}.json: {e}")))?,
                None => return Ok(Vec::new()),
            },
        };
        match value {
            Value::Array(rows) => Ok(rows),
            _ => Err(StoreError::Invalid(format!(
                "{}: not a list of rows",
                self.name_of(table)
            ))),
        }
    }
}

/// What a loaded row that leaves out its bookkeeping columns gets: the seed's files record facts,
/// not when or by whom they were loaded.
pub(super) struct Stamps<'a> {
    /// Stored timestamp for `created_at` and `updated_at`.
    pub at: &'a str,
    /// Name for `updated_by`.
    pub by: &'a str,
}

impl Stamps<'_> {
    /// The bookkeeping columns a row may leave out.
    pub(super) const COLUMNS: [&'static str; 4] =
        ["created_at", "updated_at", "updated_by", "row_version"];

    /// Adds the bookkeeping columns the table has and the row lacks.
    fn fill(&self, row: &mut Map<String, Value>, kinds: &BTreeMap<String, ColumnKind>) {
        for column in Self::COLUMNS {
            if kinds.contains_key(column) && !row.contains_key(column) {
                let value = match column {
                    "updated_by" => Value::from(self.by),
                    "row_version" => Value::from(1),
                    _ => Value::from(self.at),
                };
                row.insert(column.to_string(), value);
            }
        }
    }
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds a JSON value to a column of `kind`; a value of another type is refused (it names what the
/// column takes) rather than stored as NULL.
fn bind_value<'q>(
    query: AnyQuery<'q>,
    kind: ColumnKind,
    value: &Value,
) -> Result<AnyQuery<'q>, &'static str> {
    Ok(match (kind, value) {
        (ColumnKind::Integer, Value::Null) => query.bind(None::<i64>),
        (ColumnKind::Integer, v) => query.bind(Some(v.as_i64().ok_or("an integer or null")?)),
        (ColumnKind::Real, Value::Null) => query.bind(None::<f64>),
        (ColumnKind::Real, v) => query.bind(Some(v.as_f64().ok_or("a number or null")?)),
        (ColumnKind::Text, Value::Null) => query.bind(None::<String>),
        (ColumnKind::Text, v) => query.bind(Some(v.as_str().ok_or("text or null")?.to_string())),
        (ColumnKind::Bytes, Value::Null) => query.bind(None::<Vec<u8>>),
        (ColumnKind::Bytes, v) => query.bind(Some(
            v.as_str().and_then(decode_hex).ok_or("hex text or null")?,
        )),
    })
}

pub(super) fn row_to_json(
    row: &AnyRow,
    columns: &[(String, ColumnKind)],
) -> StoreResult<Map<String, Value>> {
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

/// The bytes of hex text; `None` unless it is pairs of hex digits.
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    let digit = |b: u8| char::from(b).to_digit(16);
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks(2)
        .map(|pair| u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok())
        .collect()
}

/// How every JSON file of a dump is written: indented, ending with a newline.
pub fn dump_json_text(value: &Value) -> String {
    // A `Value` always serialises; the empty text is never written in practice.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn write_json(path: &Path, value: &Value) -> StoreResult<()> {
    std::fs::write(path, dump_json_text(value))
        .map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))
}

fn read_json(path: &Path) -> StoreResult<Value> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_what_is_not_hex() {
        let bytes = b"%PDF-1.4 \x00\xff\xc3\xad";
        assert_eq!(decode_hex(&encode_hex(bytes)).as_deref(), Some(&bytes[..]));
        assert_eq!(decode_hex("").as_deref(), Some(&[][..]));
        for bad in ["0", "0g", "+f", "a\u{e9}a"] {
            assert_eq!(decode_hex(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn stamps_fill_only_the_bookkeeping_columns_a_row_leaves_out() {
        let kinds: BTreeMap<String, ColumnKind> = [
            ("id", ColumnKind::Integer),
            ("created_at", ColumnKind::Text),
            ("updated_by", ColumnKind::Text),
            ("row_version", ColumnKind::Integer),
        ]
        .into_iter()
        .map(|(name, kind)| (name.to_string(), kind))
        .collect();
        let mut row = serde_json::json!({"id": 7, "updated_by": "ana@fcv.pe"});
        let stamps = Stamps {
            at: "2024-04-01T00:00:00Z",
            by: "seed",
        };
        stamps.fill(row.as_object_mut().expect("object"), &kinds);
        assert_eq!(
            row,
            serde_json::json!({
                "id": 7,
                "created_at": "2024-04-01T00:00:00Z",
                "updated_by": "ana@fcv.pe",
                "row_version": 1,
            }),
            "what the row says stays; updated_at is not a column of this table"
        );
    }
}
