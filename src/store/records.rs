//! Generic create / read / update / delete of the record types of the catalogue, each write in
//! one transaction with its revision, and restore of any revision.

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, AnyConnection, Row, Transaction};

use super::{Store, StoreError, now_timestamp};
use crate::catalogue::{self, BulkAction, Field, Record, RecordType, Value, ValueKind, Widget};
use crate::forms::FieldErrors;

type Query<'q> = sqlx::query::Query<'q, Any, AnyArguments<'q>>;
type Tx = Transaction<'static, Any>;

/// A record as stored, with the version an edit must quote.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub id: i64,
    pub values: Record,
    pub row_version: i64,
    pub updated_at: String,
    pub updated_by: String,
}

/// Why a write was refused. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Someone saved the record since the form was loaded; `current` is what is stored now.
    #[error("edit conflict")]
    Conflict { current: Box<StoredRecord> },
    #[error("no such record")]
    NotFound,
    /// Other records point at this one.
    #[error("record in use")]
    InUse,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for WriteError {
    fn from(error: sqlx::Error) -> Self {
        WriteError::Store(StoreError::Sqlx(error))
    }
}

/// The date and note recorded in a status history when the status changes.
#[derive(Debug, Clone, Default)]
pub struct StatusNote {
    pub changed_on: Option<String>,
    pub note_es: String,
    pub note_en: String,
}

/// Who writes, and what the revision says about why.
#[derive(Debug, Clone, Copy, Default)]
pub struct Change<'a> {
    pub actor: &'a str,
    /// Kept in the revision ("proposal 3 by …", "revision 12").
    pub note: &'a str,
    /// For types with a status history: the date and note of a status change.
    pub status_note: Option<&'a StatusNote>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Revision {
    pub id: i64,
    pub record_type: String,
    pub record_id: i64,
    pub action: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub changed_by: String,
    pub changed_at: String,
    pub note: String,
}

impl Revision {
    /// The record type the revision is of, if this build knows it.
    pub fn kind(&self) -> Option<&'static RecordType> {
        catalogue::by_slug(&self.record_type)
    }

    pub fn before(&self, kind: &RecordType) -> Record {
        self.before_json
            .as_deref()
            .map(|json| Record::from_json(kind, json))
            .unwrap_or_default()
    }

    pub fn after(&self, kind: &RecordType) -> Record {
        self.after_json
            .as_deref()
            .map(|json| Record::from_json(kind, json))
            .unwrap_or_default()
    }
}

/// A record type whose changes the public follows, and when one of its records is public:
/// always (`None`), or only while `column` holds `code` (a document while published).
#[derive(Debug, Clone, Copy)]
pub struct Followed {
    pub kind: &'static RecordType,
    pub public_while: Option<(&'static str, &'static str)>,
}

const REVISION_COLUMNS: &str =
    "id, record_type, record_id, action, before_json, after_json, changed_by, changed_at, note";

/// One selectable record of a reference (a municipality in a select).
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceOption {
    pub id: i64,
    pub label: String,
}

/// Binds a value as the parameter of a column holding `kind` (a typed NULL for Postgres).
pub(super) fn bind<'q>(query: Query<'q>, kind: ValueKind, value: &Value) -> Query<'q> {
    match (value, kind) {
        (Value::Null, ValueKind::Integer) => query.bind(None::<i64>),
        (Value::Null, ValueKind::Real) => query.bind(None::<f64>),
        (Value::Null, _) => query.bind(None::<String>),
        (Value::Integer(n), ValueKind::Real) => query.bind(*n as f64),
        (Value::Integer(n), _) => query.bind(*n),
        (Value::Real(x), _) => query.bind(*x),
        (Value::Text(text), _) => query.bind(text.clone()),
        (Value::Ids(_) | Value::Lines(_), _) => query.bind(None::<String>),
    }
}

/// The kind of value stored in `column` of `kind` (derived columns are text).
fn kind_of_column(kind: &RecordType, column: &str) -> ValueKind {
    kind.field_of_column(column)
        .map_or(ValueKind::Text, |field| field.widget.value_kind())
}

/// Reads a column as the value it holds.
pub(super) fn read(row: &AnyRow, column: &str, kind: ValueKind) -> Result<Value, sqlx::Error> {
    Ok(match kind {
        ValueKind::Integer => row
            .try_get::<Option<i64>, _>(column)?
            .map_or(Value::Null, Value::Integer),
        ValueKind::Real => row
            .try_get::<Option<f64>, _>(column)?
            .map_or(Value::Null, Value::Real),
        ValueKind::Text | ValueKind::Ids | ValueKind::Lines => row
            .try_get::<Option<String>, _>(column)?
            .map_or(Value::Null, Value::Text),
    })
}

fn is_foreign_key_violation(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => {
            db.is_foreign_key_violation() || db.message().contains("FOREIGN KEY constraint failed")
        }
        _ => false,
    }
}

/// Maps a unique violation to a field error on the column it names; anything else stays a
/// store error.
fn constraint_error(kind: &RecordType, error: sqlx::Error) -> WriteError {
    if let sqlx::Error::Database(db) = &error {
        let message = format!("{} {}", db.message(), db.constraint().unwrap_or(""));
        let first_input = kind
            .fields
            .first()
            .and_then(|f| f.inputs().into_iter().next())
            .unwrap_or_default();
        if db.is_unique_violation() {
            let input = kind
                .columns()
                .into_iter()
                .find(|column| {
                    message.contains(&format!("{}.{column}", kind.table))
                        || message.contains(&format!("{}_{column}_key", kind.table))
                        || message.contains(&format!("({column})"))
                })
                .unwrap_or(first_input);
            return WriteError::Invalid(FieldErrors::one(input, "form-duplicate"));
        }
        if is_foreign_key_violation(&error) {
            return WriteError::Invalid(FieldErrors::one(first_input, "form-bad-choice"));
        }
    }
    error.into()
}

impl Store {
    pub async fn get_record(
        &self,
        kind: &'static RecordType,
        id: i64,
    ) -> Result<Option<StoredRecord>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        Ok(snapshot(&mut conn, kind, id).await?)
    }

    /// The records a reference can point at, by their label in `lang` ("es", "en").
    pub async fn reference_options(
        &self,
        reference: &catalogue::Reference,
        lang: &str,
    ) -> Result<Vec<ChoiceOption>, StoreError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT r.id, {label} AS label FROM {table} r ORDER BY 2, 1",
            label = reference.label_in(lang),
            table = reference.table,
        ))
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, label)| ChoiceOption { id, label })
            .collect())
    }

    /// The values a suggested field offers: its fixed list and what the table already holds,
    /// sorted, each once.
    pub async fn suggestions(
        &self,
        kind: &RecordType,
        field: &Field,
    ) -> Result<Vec<String>, StoreError> {
        let Widget::Suggested(suggestions) = field.widget else {
            return Ok(Vec::new());
        };
        let mut values: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL",
            column = field.name,
            table = kind.table,
        ))
        .fetch_all(self.pool())
        .await?;
        values.extend(suggestions.fixed.iter().map(|v| v.to_string()));
        values.sort_by_key(|v| crate::domain::fold_for_search(v));
        values.dedup();
        Ok(values)
    }

    /// Creates a record and its revision.
    pub async fn create_record(
        &self,
        kind: &'static RecordType,
        values: &Record,
        change: Change<'_>,
    ) -> Result<i64, WriteError> {
        let mut tx = self.begin_write().await?;
        let id = create_in(&mut tx, kind, values, change).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves an edit made on `expected_version`; a stale version is refused with the stored
    /// record so both can be shown.
    pub async fn update_record(
        &self,
        kind: &'static RecordType,
        id: i64,
        expected_version: i64,
        values: &Record,
        change: Change<'_>,
    ) -> Result<(), WriteError> {
        let mut tx = self.begin_write().await?;
        update_in(&mut tx, kind, id, expected_version, values, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a record (its link rows and status history with it); the revision keeps it.
    pub async fn delete_record(
        &self,
        kind: &'static RecordType,
        id: i64,
        actor: &str,
    ) -> Result<(), WriteError> {
        let mut tx = self.begin_write().await?;
        delete_in(&mut tx, kind, id, actor).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Applies a bulk action to every record of `ids`, all or nothing, each with its revision.
    /// Returns how many records it changed.
    pub async fn bulk_action(
        &self,
        kind: &'static RecordType,
        action: &BulkAction,
        ids: &[i64],
        actor: &str,
    ) -> Result<usize, WriteError> {
        let mut tx = self.begin_write().await?;
        for id in ids {
            match action {
                BulkAction::Delete => delete_in(&mut tx, kind, *id, actor).await?,
                BulkAction::Set { column, code, .. } => {
                    let current = snapshot(&mut tx, kind, *id)
                        .await?
                        .ok_or(WriteError::NotFound)?;
                    let mut values = current.values.clone();
                    values.set(*column, Value::Text(code.to_string()));
                    let change = Change {
                        actor,
                        ..Change::default()
                    };
                    update_in(&mut tx, kind, *id, current.row_version, &values, change).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(ids.len())
    }

    /// Brings a record back to the state a revision recorded (after a create or update, before
    /// a delete); the restore is itself a revision. A deleted record is re-created with its id.
    pub async fn restore_revision(
        &self,
        revision_id: i64,
        actor: &str,
    ) -> Result<(&'static RecordType, i64), WriteError> {
        let mut tx = self.begin_write().await?;
        let revision: Revision = sqlx::query_as(&format!(
            "SELECT {REVISION_COLUMNS} FROM revisions WHERE id = $1"
        ))
        .bind(revision_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(WriteError::NotFound)?;
        let kind = revision.kind().ok_or(WriteError::NotFound)?;
        let target = if revision.action == "delete" {
            revision.before(kind)
        } else {
            revision.after(kind)
        };
        if target.is_empty() {
            return Err(WriteError::NotFound);
        }
        let id = revision.record_id;
        check_references(&mut tx, kind, &target).await?;
        let before = snapshot(&mut tx, kind, id).await?;
        match &before {
            Some(_) => {
                update_row(&mut tx, kind, id, &target, actor, None).await?;
            }
            None => {
                insert_row(&mut tx, kind, Some(id), &target, actor).await?;
            }
        }
        write_children(&mut tx, kind, id, &target, actor).await?;
        let after = snapshot(&mut tx, kind, id)
            .await?
            .ok_or(WriteError::NotFound)?;
        let note = format!("revision {revision_id}");
        add_revision(
            &mut tx,
            &RevisionEntry {
                kind,
                id,
                action: "restore",
                before: before.as_ref().map(|b| &b.values),
                after: Some(&after.values),
                actor,
                note: &note,
            },
        )
        .await?;
        tx.commit().await?;
        Ok((kind, id))
    }

    pub async fn revisions_of(
        &self,
        kind: &RecordType,
        id: i64,
    ) -> Result<Vec<Revision>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {REVISION_COLUMNS} FROM revisions
             WHERE record_type = $1 AND record_id = $2 ORDER BY id DESC"
        ))
        .bind(kind.slug)
        .bind(id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The latest revisions of all records, newest first.
    pub async fn recent_revisions(&self, limit: i64) -> Result<Vec<Revision>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {REVISION_COLUMNS} FROM revisions ORDER BY id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// The latest creates, updates and restores of records of the `followed` types that are
    /// still public now, newest first (what the home page and the feed turn into "latest
    /// changes"). A badge deleted since, or a guide withdrawn since, is no longer news: its
    /// revisions stay for the admin's history but leave the public's list.
    pub async fn recent_revisions_of(
        &self,
        followed: &[Followed],
        limit: i64,
    ) -> Result<Vec<Revision>, StoreError> {
        let mut params = 0;
        let mut next = || {
            params += 1;
            params
        };
        let clauses: Vec<String> = followed
            .iter()
            .map(|f| {
                let kind = next();
                let condition = f.public_while.map_or(String::new(), |(column, _)| {
                    debug_assert!(f.kind.field_of_column(column).is_some(), "{column}");
                    format!(" AND t.{column} = ${}", next())
                });
                format!(
                    "(r.record_type = ${kind} AND EXISTS (SELECT 1 FROM {table} t
                        WHERE t.id = r.record_id{condition}))",
                    table = f.kind.table
                )
            })
            .collect();
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM revisions r
             WHERE ({}) AND r.action IN ('create', 'update', 'restore')
             ORDER BY r.id DESC LIMIT ${}",
            clauses.join(" OR "),
            next()
        );
        let mut query = sqlx::query_as(&sql);
        for f in followed {
            query = query.bind(f.kind.slug);
            if let Some((_, code)) = f.public_while {
                query = query.bind(code);
            }
        }
        Ok(query.bind(limit).fetch_all(self.pool()).await?)
    }

    /// Deletions whose record is still gone, newest first: what can be undeleted.
    pub async fn deleted_records(&self) -> Result<Vec<Revision>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT r.id, r.record_type, r.record_id, r.action, r.before_json, r.after_json,
                r.changed_by, r.changed_at, r.note
             FROM revisions r
             WHERE r.action = 'delete'
               AND NOT EXISTS (SELECT 1 FROM revisions later
                               WHERE later.record_type = r.record_type
                                 AND later.record_id = r.record_id AND later.id > r.id)
             ORDER BY r.id DESC",
        )
        .fetch_all(self.pool())
        .await?)
    }
}

/// Refuses references to records that do not exist (a field error, not a database error).
async fn check_references(
    tx: &mut Tx,
    kind: &RecordType,
    values: &Record,
) -> Result<(), WriteError> {
    let mut errors = FieldErrors::new();
    for field in kind.fields {
        let (table, ids) = match (&field.widget, values.get(field.name)) {
            (Widget::Reference(reference), Value::Integer(id)) => (reference.table, vec![*id]),
            (Widget::Municipalities(_), Value::Ids(ids)) => {
                (catalogue::MUNICIPALITY.table, ids.clone())
            }
            _ => continue,
        };
        for id in ids {
            let found: Option<i64> =
                sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?;
            if found.is_none() {
                errors.add(field.name, "form-bad-choice");
                break;
            }
        }
    }
    errors.into_result(()).map_err(WriteError::Invalid)
}

async fn insert_row(
    tx: &mut Tx,
    kind: &RecordType,
    id: Option<i64>,
    values: &Record,
    actor: &str,
) -> Result<i64, WriteError> {
    let mut columns = kind.columns();
    let n = columns.len();
    let mut placeholders: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    columns.extend(["created_at", "updated_at", "updated_by"].map(String::from));
    placeholders.extend([
        format!("${}", n + 1),
        format!("${}", n + 1),
        format!("${}", n + 2),
    ]);
    if id.is_some() {
        columns.push("id".to_string());
        placeholders.push(format!("${}", n + 3));
    }
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({}) RETURNING id",
        kind.table,
        columns.join(", "),
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for column in kind.columns() {
        query = bind(query, kind_of_column(kind, &column), values.get(&column));
    }
    query = query.bind(now_timestamp()).bind(actor.to_string());
    if let Some(id) = id {
        query = query.bind(id);
    }
    let row = query
        .fetch_one(&mut **tx)
        .await
        .map_err(|e| constraint_error(kind, e))?;
    Ok(row.try_get::<i64, _>(0)?)
}

/// Writes `values` over a record (bumping its version); with `expected_version`, only if the
/// record is still at that version. Returns the number of rows changed (0 or 1).
async fn update_row(
    tx: &mut Tx,
    kind: &RecordType,
    id: i64,
    values: &Record,
    actor: &str,
    expected_version: Option<i64>,
) -> Result<u64, WriteError> {
    let columns = kind.columns();
    let n = columns.len();
    let assignments: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    let version_check = match expected_version {
        Some(_) => format!(" AND row_version = ${}", n + 4),
        None => String::new(),
    };
    let sql = format!(
        "UPDATE {} SET {}, updated_at = ${}, updated_by = ${}, row_version = row_version + 1
         WHERE id = ${}{version_check}",
        kind.table,
        assignments.join(", "),
        n + 1,
        n + 2,
        n + 3,
    );
    let mut query = sqlx::query(&sql);
    for column in &columns {
        query = bind(query, kind_of_column(kind, column), values.get(column));
    }
    query = query.bind(now_timestamp()).bind(actor.to_string()).bind(id);
    if let Some(version) = expected_version {
        query = query.bind(version);
    }
    let result = query
        .execute(&mut **tx)
        .await
        .map_err(|e| constraint_error(kind, e))?;
    Ok(result.rows_affected())
}

/// Replaces the link and line rows of a record with the lists in `values`. Links that stay keep
/// their row (and the source's wording in it).
async fn write_children(
    tx: &mut Tx,
    kind: &RecordType,
    id: i64,
    values: &Record,
    actor: &str,
) -> Result<(), WriteError> {
    for field in kind.fields {
        match (&field.widget, values.get(field.name)) {
            (Widget::Municipalities(link), Value::Ids(ids)) => {
                write_links(tx, link, id, ids, actor).await?;
            }
            (Widget::Lines(list), Value::Lines(lines)) => {
                write_lines(tx, list, id, lines, actor).await?;
            }
            (Widget::Municipalities(link), _) => write_links(tx, link, id, &[], actor).await?,
            (Widget::Lines(list), _) => write_lines(tx, list, id, &[], actor).await?,
            _ => {}
        }
    }
    Ok(())
}

async fn write_links(
    tx: &mut Tx,
    link: &catalogue::LinkTable,
    id: i64,
    wanted: &[i64],
    actor: &str,
) -> Result<(), WriteError> {
    let existing: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT municipality_id FROM {} WHERE {} = $1",
        link.table, link.parent_column
    ))
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    for gone in existing.iter().filter(|m| !wanted.contains(m)) {
        sqlx::query(&format!(
            "DELETE FROM {} WHERE {} = $1 AND municipality_id = $2",
            link.table, link.parent_column
        ))
        .bind(id)
        .bind(*gone)
        .execute(&mut **tx)
        .await?;
    }
    let sql = link_insert_sql(link);
    let now = now_timestamp();
    for (position, new) in wanted
        .iter()
        .enumerate()
        .filter(|(_, m)| !existing.contains(m))
    {
        let mut query = sqlx::query(&sql)
            .bind(id)
            .bind(*new)
            .bind(now.clone())
            .bind(actor.to_string());
        if link.position_column.is_some() {
            query = query.bind(position as i64 + 1);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The INSERT of one link row: parent, municipality, stamp, and the municipality's name and
/// the link's position where the table keeps them.
fn link_insert_sql(link: &catalogue::LinkTable) -> String {
    let mut columns = vec![
        link.parent_column,
        "municipality_id",
        "created_at",
        "updated_by",
    ];
    let mut placeholders = vec!["$1", "$2", "$3", "$4"];
    if let Some(label) = link.label_column {
        columns.push(label);
        placeholders.push("(SELECT name FROM municipalities WHERE id = $2)");
    }
    if let Some(position) = link.position_column {
        columns.push(position);
        placeholders.push("$5");
    }
    format!(
        "INSERT INTO {} ({}) VALUES ({})",
        link.table,
        columns.join(", "),
        placeholders.join(", ")
    )
}

async fn write_lines(
    tx: &mut Tx,
    list: &catalogue::LineTable,
    id: i64,
    lines: &[String],
    actor: &str,
) -> Result<(), WriteError> {
    sqlx::query(&format!(
        "DELETE FROM {} WHERE {} = $1",
        list.table, list.parent_column
    ))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let now = now_timestamp();
    for (position, line) in lines.iter().enumerate() {
        sqlx::query(&format!(
            "INSERT INTO {} ({}, {}, {}, created_at, updated_by) VALUES ($1, $2, $3, $4, $5)",
            list.table, list.parent_column, list.value_column, list.position_column
        ))
        .bind(id)
        .bind(line.clone())
        .bind(position as i64 + 1)
        .bind(now.clone())
        .bind(actor.to_string())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn delete_children(tx: &mut Tx, kind: &RecordType, id: i64) -> Result<(), WriteError> {
    let mut children: Vec<(&str, &str)> = kind
        .fields
        .iter()
        .filter_map(|field| match &field.widget {
            Widget::Municipalities(link) => Some((link.table, link.parent_column)),
            Widget::Lines(list) => Some((list.table, list.parent_column)),
            _ => None,
        })
        .collect();
    if let Some(history) = kind.status_history {
        children.push((history.table, history.parent_column));
    }
    for (table, parent) in children {
        sqlx::query(&format!("DELETE FROM {table} WHERE {parent} = $1"))
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Records a status change with its date and note, for types that keep a status history.
async fn add_status_change(
    tx: &mut Tx,
    kind: &RecordType,
    id: i64,
    status: &str,
    change: Change<'_>,
) -> Result<(), WriteError> {
    let Some(history) = kind.status_history else {
        return Ok(());
    };
    let note = change.status_note.cloned().unwrap_or_default();
    sqlx::query(&format!(
        "INSERT INTO {} ({}, status, changed_on, note_es, note_en, created_at, updated_at,
            updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
        history.table, history.parent_column
    ))
    .bind(id)
    .bind(status.to_string())
    .bind(note.changed_on)
    .bind(note.note_es)
    .bind(note.note_en)
    .bind(now_timestamp())
    .bind(change.actor.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One revision to write.
pub(super) struct RevisionEntry<'a> {
    pub kind: &'a RecordType,
    pub id: i64,
    pub action: &'a str,
    pub before: Option<&'a Record>,
    pub after: Option<&'a Record>,
    pub actor: &'a str,
    pub note: &'a str,
}

pub(super) async fn add_revision(tx: &mut Tx, entry: &RevisionEntry<'_>) -> Result<(), WriteError> {
    sqlx::query(
        "INSERT INTO revisions (record_type, record_id, action, before_json, after_json,
            changed_by, changed_at, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry.kind.slug)
    .bind(entry.id)
    .bind(entry.action.to_string())
    .bind(entry.before.map(Record::to_json))
    .bind(entry.after.map(Record::to_json))
    .bind(entry.actor.to_string())
    .bind(now_timestamp())
    .bind(entry.note.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The whole record: columns, link lists and line lists.
pub(super) async fn snapshot(
    conn: &mut AnyConnection,
    kind: &RecordType,
    id: i64,
) -> Result<Option<StoredRecord>, sqlx::Error> {
    let sql = format!(
        "SELECT id, row_version, updated_at, updated_by, {} FROM {} WHERE id = $1",
        kind.columns().join(", "),
        kind.table
    );
    let Some(row) = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let mut values = Record::new();
    for field in kind.fields {
        match &field.widget {
            Widget::Municipalities(link) => {
                let ids: Vec<i64> = sqlx::query_scalar(&format!(
                    "SELECT municipality_id FROM {} WHERE {} = $1 ORDER BY municipality_id",
                    link.table, link.parent_column
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                values.set(field.name, Value::Ids(ids));
            }
            Widget::Lines(list) => {
                let lines: Vec<String> = sqlx::query_scalar(&format!(
                    "SELECT {} FROM {} WHERE {} = $1 ORDER BY {}",
                    list.value_column, list.table, list.parent_column, list.position_column
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                values.set(field.name, Value::Lines(lines));
            }
            widget => {
                for column in field.columns() {
                    let value = read(&row, &column, widget.value_kind())?;
                    values.set(column, value);
                }
            }
        }
    }
    for derived in kind.derived {
        values.set(derived.column, read(&row, derived.column, ValueKind::Text)?);
    }
    Ok(Some(StoredRecord {
        id,
        values,
        row_version: row.try_get("row_version")?,
        updated_at: row.try_get("updated_at")?,
        updated_by: row.try_get("updated_by")?,
    }))
}

/// The status a record of a type with a status history holds in `values`.
fn status_of<'a>(kind: &RecordType, values: &'a Record) -> Option<&'a str> {
    kind.status_history
        .and_then(|history| values.text(history.column))
}

/// Creates a record and its revision inside `tx`.
pub(super) async fn create_in(
    tx: &mut Tx,
    kind: &'static RecordType,
    values: &Record,
    change: Change<'_>,
) -> Result<i64, WriteError> {
    check_references(tx, kind, values).await?;
    let id = insert_row(tx, kind, None, values, change.actor).await?;
    write_children(tx, kind, id, values, change.actor).await?;
    if let Some(status) = status_of(kind, values) {
        add_status_change(tx, kind, id, status, change).await?;
    }
    let after = snapshot(tx, kind, id).await?.ok_or(WriteError::NotFound)?;
    add_revision(
        tx,
        &RevisionEntry {
            kind,
            id,
            action: "create",
            before: None,
            after: Some(&after.values),
            actor: change.actor,
            note: change.note,
        },
    )
    .await?;
    Ok(id)
}

/// Saves an edit inside `tx` (see `Store::update_record`).
pub(super) async fn update_in(
    tx: &mut Tx,
    kind: &'static RecordType,
    id: i64,
    expected_version: i64,
    values: &Record,
    change: Change<'_>,
) -> Result<(), WriteError> {
    let before = snapshot(tx, kind, id).await?.ok_or(WriteError::NotFound)?;
    if before.row_version != expected_version {
        return Err(WriteError::Conflict {
            current: Box::new(before),
        });
    }
    check_references(tx, kind, values).await?;
    let updated = update_row(tx, kind, id, values, change.actor, Some(expected_version)).await?;
    if updated == 0 {
        // Changed between our read and our write.
        let current = snapshot(tx, kind, id).await?.ok_or(WriteError::NotFound)?;
        return Err(WriteError::Conflict {
            current: Box::new(current),
        });
    }
    write_children(tx, kind, id, values, change.actor).await?;
    let new_status =
        status_of(kind, values).filter(|new| Some(*new) != status_of(kind, &before.values));
    if let Some(status) = new_status {
        add_status_change(tx, kind, id, status, change).await?;
    }
    let after = snapshot(tx, kind, id).await?.ok_or(WriteError::NotFound)?;
    add_revision(
        tx,
        &RevisionEntry {
            kind,
            id,
            action: "update",
            before: Some(&before.values),
            after: Some(&after.values),
            actor: change.actor,
            note: change.note,
        },
    )
    .await?;
    Ok(())
}

/// Deletes a record inside `tx`, with its revision.
async fn delete_in(
    tx: &mut Tx,
    kind: &'static RecordType,
    id: i64,
    actor: &str,
) -> Result<(), WriteError> {
    let before = snapshot(tx, kind, id).await?.ok_or(WriteError::NotFound)?;
    delete_children(tx, kind, id).await?;
    let deleted = sqlx::query(&format!("DELETE FROM {} WHERE id = $1", kind.table))
        .bind(id)
        .execute(&mut **tx)
        .await;
    match deleted {
        Err(e) if is_foreign_key_violation(&e) => return Err(WriteError::InUse),
        Err(e) => return Err(e.into()),
        Ok(_) => {}
    }
    add_revision(
        tx,
        &RevisionEntry {
            kind,
            id,
            action: "delete",
            before: Some(&before.values),
            after: None,
            actor,
            note: "",
        },
    )
    .await
}
