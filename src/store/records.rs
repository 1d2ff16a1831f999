//! Generic create / read / update / delete of the record types in `crate::records`, each write in
//! one transaction with its revision, and restore of any revision.

use serde_json::{Map, Value};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{Store, StoreError, now_timestamp};
use crate::records::{Field, FieldError, FieldKind, RecordType, record_type};

/// A record's row in an admin list.
#[derive(Debug, Clone)]
pub struct RecordRow {
    pub id: i64,
    pub display: String,
    /// The referenced record's label (the municipality of a badge), if the type has one.
    pub context: Option<String>,
    pub updated_at: String,
    pub updated_by: String,
}

/// A record as stored: its values by input name (bilingual fields as `x_es`/`x_en`, link fields
/// as arrays), and the version an edit must quote.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub id: i64,
    pub values: Map<String, Value>,
    pub row_version: i64,
    pub updated_at: String,
    pub updated_by: String,
}

/// Why a write was refused. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
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

/// The date and note recorded in a plan's status history when its status changes.
#[derive(Debug, Clone, Default)]
pub struct StatusNote {
    pub changed_on: Option<String>,
    pub note_es: String,
    pub note_en: String,
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
    pub fn before(&self) -> Map<String, Value> {
        parse_snapshot(self.before_json.as_deref())
    }

    pub fn after(&self) -> Map<String, Value> {
        parse_snapshot(self.after_json.as_deref())
    }
}

fn parse_snapshot(json: Option<&str>) -> Map<String, Value> {
    json.and_then(|j| serde_json::from_str::<Map<String, Value>>(j).ok())
        .unwrap_or_default()
}

/// One selectable option of a reference or municipality field.
#[derive(Debug, Clone)]
pub struct ChoiceOption {
    pub id: i64,
    pub label: String,
}

fn read_field(
    row: &AnyRow,
    field: &Field,
    values: &mut Map<String, Value>,
) -> Result<(), sqlx::Error> {
    for column in field.columns() {
        let value = match field.kind {
            FieldKind::Decimal { .. } => row
                .try_get::<Option<f64>, _>(column.as_str())?
                .map(Value::from),
            _ if field.is_integer() => row
                .try_get::<Option<i64>, _>(column.as_str())?
                .map(Value::from),
            _ => row
                .try_get::<Option<String>, _>(column.as_str())?
                .map(Value::from),
        };
        values.insert(column, value.unwrap_or(Value::Null));
    }
    Ok(())
}

/// Binds a JSON value as the SQL parameter of its column.
fn bind_value<'q>(
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    field: Option<&Field>,
    value: &Value,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    let decimal = field.is_some_and(|f| matches!(f.kind, FieldKind::Decimal { .. }));
    let integer = field.is_some_and(Field::is_integer);
    match value {
        Value::Null if decimal => query.bind(None::<f64>),
        Value::Null if integer => query.bind(None::<i64>),
        Value::Null => query.bind(None::<String>),
        Value::Bool(b) => query.bind(i64::from(*b)),
        Value::Number(n) if decimal => query.bind(n.as_f64()),
        Value::Number(n) => match n.as_i64() {
            Some(i) => query.bind(i),
            None => query.bind(n.as_f64()),
        },
        Value::String(s) => query.bind(s.clone()),
        other => query.bind(other.to_string()),
    }
}

/// The field a column belongs to (bilingual columns map to their field).
fn field_of<'a>(kind: &'a RecordType, column: &str) -> Option<&'a Field> {
    kind.fields
        .iter()
        .find(|f| f.columns().iter().any(|c| c == column))
}

/// The input a unique-constraint message is about, if it names one of the type's columns.
fn unique_violation_input(kind: &RecordType, message: &str) -> Option<String> {
    kind.columns().into_iter().find(|column| {
        message.contains(&format!("{}.{column}", kind.table))
            || message.contains(&format!("{}_{column}_key", kind.table))
            || message.contains(&format!("({column})"))
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

impl Store {
    /// Records of a type, optionally matching `search` and only those of one municipality.
    pub async fn list_records(
        &self,
        kind: &RecordType,
        search: Option<&str>,
        municipality_id: Option<i64>,
    ) -> Result<Vec<RecordRow>, StoreError> {
        let (join_select, join) = match kind.display_join {
            Some(j) => (
                format!(", ref.{} AS context", j.label_column),
                format!(" LEFT JOIN {} ref ON ref.id = t.{}", j.table, j.column),
            ),
            None => (", NULL AS context".to_string(), String::new()),
        };
        let pattern = search.map(str::trim).filter(|s| !s.is_empty()).map(|s| {
            format!(
                "%{}%",
                s.to_lowercase()
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        });
        let context_search = match kind.display_join {
            Some(j) => format!(" OR LOWER(ref.{}) LIKE $1 ESCAPE '\\'", j.label_column),
            None => String::new(),
        };
        let sql = format!(
            "SELECT t.id, CAST(t.{display} AS TEXT) AS display{join_select}, t.updated_at, t.updated_by
             FROM {table} t{join}
             WHERE ($1 IS NULL OR LOWER(CAST(t.{display} AS TEXT)) LIKE $1 ESCAPE '\\'{context_search})
               {scope}
             ORDER BY t.{order}, t.id",
            display = kind.display_column,
            table = kind.table,
            order = kind.order_by,
            scope = if municipality_id.is_some() {
                "AND t.municipality_id = $2"
            } else {
                ""
            },
        );
        let mut query = sqlx::query(&sql).bind(pattern);
        if let Some(id) = municipality_id {
            query = query.bind(id);
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter()
            .map(|row| {
                Ok(RecordRow {
                    id: row.try_get("id")?,
                    display: row
                        .try_get::<Option<String>, _>("display")?
                        .unwrap_or_default(),
                    context: row.try_get("context")?,
                    updated_at: row.try_get("updated_at")?,
                    updated_by: row.try_get("updated_by")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    pub async fn get_record(
        &self,
        kind: &RecordType,
        id: i64,
    ) -> Result<Option<StoredRecord>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        Ok(snapshot(&mut conn, kind, id).await?)
    }

    /// Options of a reference field, by label.
    pub async fn reference_options(
        &self,
        table: &str,
        label_column: &str,
    ) -> Result<Vec<ChoiceOption>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT id, {label_column} AS label FROM {table} ORDER BY {label_column}"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ChoiceOption {
                    id: row.try_get("id")?,
                    label: row.try_get("label")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Creates a record and its revision. `note` goes into the revision ("approved proposal 3").
    pub async fn create_record(
        &self,
        kind: &RecordType,
        values: &Map<String, Value>,
        actor: &str,
        note: &str,
        status_note: Option<&StatusNote>,
    ) -> Result<i64, WriteError> {
        let mut tx = self.begin_write().await?;
        let id = create_in(&mut tx, kind, values, actor, note, status_note).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves an edit made on `expected_version`; a stale version is refused with the stored
    /// record so both can be shown.
    #[allow(clippy::too_many_arguments)]
    pub async fn update_record(
        &self,
        kind: &RecordType,
        id: i64,
        expected_version: i64,
        values: &Map<String, Value>,
        actor: &str,
        note: &str,
        status_note: Option<&StatusNote>,
    ) -> Result<(), WriteError> {
        let mut tx = self.begin_write().await?;
        update_in(
            &mut tx,
            kind,
            id,
            expected_version,
            values,
            actor,
            note,
            status_note,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a record (its link rows with it); the revision keeps the whole record.
    pub async fn delete_record(
        &self,
        kind: &RecordType,
        id: i64,
        actor: &str,
    ) -> Result<(), WriteError> {
        let mut tx = self.begin_write().await?;
        let before = snapshot(&mut tx, kind, id)
            .await?
            .ok_or(WriteError::NotFound)?;
        delete_children(&mut tx, kind, id).await?;
        if kind.name == "plans" {
            sqlx::query("DELETE FROM plan_status_history WHERE plan_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let deleted = sqlx::query(&format!("DELETE FROM {} WHERE id = $1", kind.table))
            .bind(id)
            .execute(&mut *tx)
            .await;
        match deleted {
            Err(e) if is_foreign_key_violation(&e) => return Err(WriteError::InUse),
            Err(e) => return Err(e.into()),
            Ok(_) => {}
        }
        add_revision(
            &mut tx,
            kind,
            id,
            "delete",
            Some(&before.values),
            None,
            actor,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Brings a record back to the state a revision recorded (after a create or update, before
    /// a delete); the restore is itself a revision. A deleted record is re-created with its id.
    pub async fn restore_revision(
        &self,
        revision_id: i64,
        actor: &str,
    ) -> Result<(String, i64), WriteError> {
        let mut tx = self.begin_write().await?;
        let revision: Revision = sqlx::query_as(
            "SELECT id, record_type, record_id, action, before_json, after_json, changed_by,
                changed_at, note FROM revisions WHERE id = $1",
        )
        .bind(revision_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(WriteError::NotFound)?;
        let kind = record_type(&revision.record_type).ok_or(WriteError::NotFound)?;
        let target = if revision.action == "delete" {
            revision.before()
        } else {
            revision.after()
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
            kind,
            id,
            "restore",
            before.as_ref().map(|b| &b.values),
            Some(&after.values),
            actor,
            &note,
        )
        .await?;
        tx.commit().await?;
        Ok((kind.name.to_string(), id))
    }

    pub async fn revisions_of(
        &self,
        kind: &RecordType,
        id: i64,
    ) -> Result<Vec<Revision>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, record_type, record_id, action, before_json, after_json, changed_by,
                changed_at, note
             FROM revisions WHERE record_type = $1 AND record_id = $2 ORDER BY id DESC",
        )
        .bind(kind.name)
        .bind(id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The latest revisions of all records, newest first.
    pub async fn recent_revisions(&self, limit: i64) -> Result<Vec<Revision>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, record_type, record_id, action, before_json, after_json, changed_by,
                changed_at, note
             FROM revisions ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Deletions whose record is still gone, newest first: what can be undeleted.
    pub async fn deleted_records(&self) -> Result<Vec<Revision>, StoreError> {
        let deletions: Vec<Revision> = sqlx::query_as(
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
        .await?;
        Ok(deletions)
    }

    pub async fn revision(&self, id: i64) -> Result<Option<Revision>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, record_type, record_id, action, before_json, after_json, changed_by,
                changed_at, note FROM revisions WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }
}

/// Maps a unique violation to a field error; anything else stays a store error.
fn constraint_error(kind: &RecordType, error: sqlx::Error) -> WriteError {
    if let sqlx::Error::Database(db) = &error {
        if db.is_unique_violation() {
            let message = format!("{} {}", db.message(), db.constraint().unwrap_or(""));
            let input = unique_violation_input(kind, &message)
                .unwrap_or_else(|| kind.display_column.to_string());
            return WriteError::Invalid(vec![FieldError {
                input,
                message_key: "form-duplicate",
            }]);
        }
        if is_foreign_key_violation(&error) {
            return WriteError::Invalid(vec![FieldError {
                input: kind.display_column.to_string(),
                message_key: "form-bad-choice",
            }]);
        }
    }
    error.into()
}

/// Refuses references to records that do not exist (a field error, not a database error).
async fn check_references(
    tx: &mut Transaction<'_, Any>,
    kind: &RecordType,
    values: &Map<String, Value>,
) -> Result<(), WriteError> {
    let mut errors = Vec::new();
    for field in kind.fields {
        let ids: Vec<i64> = match field.kind {
            FieldKind::Reference { .. } => values
                .get(field.name)
                .and_then(Value::as_i64)
                .into_iter()
                .collect(),
            FieldKind::Municipalities { .. } => values
                .get(field.name)
                .and_then(Value::as_array)
                .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
                .unwrap_or_default(),
            _ => continue,
        };
        let table = match field.kind {
            FieldKind::Reference { table, .. } => table,
            _ => "municipalities",
        };
        for id in ids {
            let found: Option<i64> =
                sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?;
            if found.is_none() {
                errors.push(FieldError {
                    input: field.name.to_string(),
                    message_key: "form-bad-choice",
                });
                break;
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(WriteError::Invalid(errors))
    }
}

async fn insert_row(
    tx: &mut Transaction<'_, Any>,
    kind: &RecordType,
    id: Option<i64>,
    values: &Map<String, Value>,
    actor: &str,
) -> Result<i64, WriteError> {
    let mut columns = kind.columns();
    let n = columns.len();
    let mut placeholders: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    columns.extend([
        "created_at".to_string(),
        "updated_at".to_string(),
        "updated_by".to_string(),
    ]);
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
    for column in &kind.columns() {
        query = bind_value(
            query,
            field_of(kind, column),
            values.get(column).unwrap_or(&Value::Null),
        );
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

/// Replaces the link and line rows of a record with the lists in `values`. Links that stay keep
/// their row (and the source's wording in it).
async fn write_children(
    tx: &mut Transaction<'_, Any>,
    kind: &RecordType,
    id: i64,
    values: &Map<String, Value>,
    actor: &str,
) -> Result<(), WriteError> {
    let now = now_timestamp();
    for field in kind.fields {
        match field.kind {
            FieldKind::Municipalities { link } => {
                let wanted: Vec<i64> = values
                    .get(field.name)
                    .and_then(Value::as_array)
                    .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
                    .unwrap_or_default();
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
                for (position, new) in wanted
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| !existing.contains(m))
                {
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
                    if let Some(position_column) = link.position_column {
                        columns.push(position_column);
                        placeholders.push("$5");
                    }
                    let sql = format!(
                        "INSERT INTO {} ({}) VALUES ({})",
                        link.table,
                        columns.join(", "),
                        placeholders.join(", ")
                    );
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
            }
            FieldKind::Lines { list } => {
                sqlx::query(&format!(
                    "DELETE FROM {} WHERE {} = $1",
                    list.table, list.parent_column
                ))
                .bind(id)
                .execute(&mut **tx)
                .await?;
                let lines: Vec<String> = values
                    .get(field.name)
                    .and_then(Value::as_array)
                    .map(|lines| {
                        lines
                            .iter()
                            .filter_map(|l| l.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
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
            }
            _ => {}
        }
    }
    Ok(())
}

async fn delete_children(
    tx: &mut Transaction<'_, Any>,
    kind: &RecordType,
    id: i64,
) -> Result<(), WriteError> {
    for field in kind.fields {
        let (table, parent) = match field.kind {
            FieldKind::Municipalities { link } => (link.table, link.parent_column),
            FieldKind::Lines { list } => (list.table, list.parent_column),
            _ => continue,
        };
        sqlx::query(&format!("DELETE FROM {table} WHERE {parent} = $1"))
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn add_status_history(
    tx: &mut Transaction<'_, Any>,
    plan_id: i64,
    status: &str,
    note: StatusNote,
    actor: &str,
) -> Result<(), WriteError> {
    let now = now_timestamp();
    sqlx::query(
        "INSERT INTO plan_status_history (plan_id, status, changed_on, note_es, note_en,
            created_at, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
    )
    .bind(plan_id)
    .bind(status.to_string())
    .bind(note.changed_on)
    .bind(note.note_es)
    .bind(note.note_en)
    .bind(now)
    .bind(actor.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn add_revision(
    tx: &mut Transaction<'_, Any>,
    kind: &RecordType,
    id: i64,
    action: &str,
    before: Option<&Map<String, Value>>,
    after: Option<&Map<String, Value>>,
    actor: &str,
    note: &str,
) -> Result<(), WriteError> {
    let to_json = |m: Option<&Map<String, Value>>| m.map(|m| Value::Object(m.clone()).to_string());
    sqlx::query(
        "INSERT INTO revisions (record_type, record_id, action, before_json, after_json,
            changed_by, changed_at, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(kind.name)
    .bind(id)
    .bind(action.to_string())
    .bind(to_json(before))
    .bind(to_json(after))
    .bind(actor.to_string())
    .bind(now_timestamp())
    .bind(note.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The whole record: columns, link lists and line lists.
pub(super) async fn snapshot(
    conn: &mut sqlx::AnyConnection,
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
    let mut values = Map::new();
    for field in kind.fields {
        match field.kind {
            FieldKind::Municipalities { link } => {
                let ids: Vec<i64> = sqlx::query_scalar(&format!(
                    "SELECT municipality_id FROM {} WHERE {} = $1 ORDER BY municipality_id",
                    link.table, link.parent_column
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                values.insert(field.name.to_string(), Value::from(ids));
            }
            FieldKind::Lines { list } => {
                let lines: Vec<String> = sqlx::query_scalar(&format!(
                    "SELECT {} FROM {} WHERE {} = $1 ORDER BY {}",
                    list.value_column, list.table, list.parent_column, list.position_column
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                values.insert(field.name.to_string(), Value::from(lines));
            }
            _ => read_field(&row, field, &mut values)?,
        }
    }
    for derived in kind.derived {
        let value: Option<String> = row.try_get(derived.column)?;
        values.insert(
            derived.column.to_string(),
            value.map(Value::from).unwrap_or(Value::Null),
        );
    }
    Ok(Some(StoredRecord {
        id,
        values,
        row_version: row.try_get("row_version")?,
        updated_at: row.try_get("updated_at")?,
        updated_by: row.try_get("updated_by")?,
    }))
}

/// Creates a record and its revision inside `tx`.
pub(super) async fn create_in(
    tx: &mut Transaction<'_, Any>,
    kind: &RecordType,
    values: &Map<String, Value>,
    actor: &str,
    note: &str,
    status_note: Option<&StatusNote>,
) -> Result<i64, WriteError> {
    check_references(&mut *tx, kind, values).await?;
    let id = insert_row(&mut *tx, kind, None, values, actor).await?;
    write_children(&mut *tx, kind, id, values, actor).await?;
    if kind.name == "plans" {
        let status = values
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("not_started");
        add_status_history(
            &mut *tx,
            id,
            status,
            status_note.cloned().unwrap_or_default(),
            actor,
        )
        .await?;
    }
    let after = snapshot(&mut *tx, kind, id)
        .await?
        .ok_or(WriteError::NotFound)?;
    add_revision(
        &mut *tx,
        kind,
        id,
        "create",
        None,
        Some(&after.values),
        actor,
        note,
    )
    .await?;
    Ok(id)
}

/// Saves an edit inside `tx` (see `Store::update_record`).
#[allow(clippy::too_many_arguments)]
pub(super) async fn update_in(
    tx: &mut Transaction<'_, Any>,
    kind: &RecordType,
    id: i64,
    expected_version: i64,
    values: &Map<String, Value>,
    actor: &str,
    note: &str,
    status_note: Option<&StatusNote>,
) -> Result<(), WriteError> {
    let before = snapshot(&mut *tx, kind, id)
        .await?
        .ok_or(WriteError::NotFound)?;
    if before.row_version != expected_version {
        return Err(WriteError::Conflict {
            current: Box::new(before),
        });
    }
    check_references(&mut *tx, kind, values).await?;
    let updated = update_row(&mut *tx, kind, id, values, actor, Some(expected_version)).await?;
    if updated == 0 {
        // Changed between our read and our write.
        let current = snapshot(&mut *tx, kind, id)
            .await?
            .ok_or(WriteError::NotFound)?;
        return Err(WriteError::Conflict {
            current: Box::new(current),
        });
    }
    write_children(&mut *tx, kind, id, values, actor).await?;
    if kind.name == "plans" {
        let old = before.values.get("status").and_then(Value::as_str);
        let new = values.get("status").and_then(Value::as_str);
        if let Some(new) = new.filter(|new| Some(*new) != old) {
            add_status_history(
                &mut *tx,
                id,
                new,
                status_note.cloned().unwrap_or_default(),
                actor,
            )
            .await?;
        }
    }
    let after = snapshot(&mut *tx, kind, id)
        .await?
        .ok_or(WriteError::NotFound)?;
    add_revision(
        &mut *tx,
        kind,
        id,
        "update",
        Some(&before.values),
        Some(&after.values),
        actor,
        note,
    )
    .await?;
    Ok(())
}

/// Writes `values` over a record (bumping its version); with `expected_version`, only if the
/// record is still at that version. Returns the number of rows changed (0 or 1).
async fn update_row(
    tx: &mut Transaction<'_, Any>,
    kind: &RecordType,
    id: i64,
    values: &Map<String, Value>,
    actor: &str,
    expected_version: Option<i64>,
) -> Result<u64, WriteError> {
    let columns = kind.columns();
    let assignments: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    let n = columns.len();
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
        query = bind_value(
            query,
            field_of(kind, column),
            values.get(column).unwrap_or(&Value::Null),
        );
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
