//! The admin lists: one page of a record type's records with the cells its catalogue entry
//! declares, filtered, searched and sorted, with the total; and the options of its filters.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::records::{bind, read};
use super::{Store, StoreError};
use crate::catalogue::{
    Cell, FilterSource, ListColumn, ListFilter, Record, RecordType, Search, TitlePart, Value,
    ValueKind, Widget,
};
use crate::domain::fold_for_search;

/// The value a filter was given, already checked against its options.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterValue {
    Text(String),
    Integer(i64),
}

/// What a list page asks for.
#[derive(Debug, Clone)]
pub struct ListQuery<'k> {
    pub search: Option<String>,
    pub filters: Vec<(&'k ListFilter, FilterValue)>,
    /// A column to sort by, descending when true; the type's order otherwise.
    pub sort: Option<(&'k ListColumn, bool)>,
    /// Only the records of one municipality (a city editor's), by the type's city column.
    pub city: Option<i64>,
    pub limit: i64,
    pub offset: i64,
    /// The language code of reference labels ("es", "en").
    pub lang: &'static str,
}

/// One row of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListRow {
    pub id: i64,
    /// The values the title is made of; reference labels under the field's name.
    pub title: Record,
    /// One value per list column (after the title column).
    pub cells: Vec<Value>,
    pub updated_at: String,
    pub updated_by: String,
}

/// One page of a list and how many records match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    pub rows: Vec<ListRow>,
    pub total: i64,
}

/// An option of a filter: the value sent, and its label when it is not a code to translate.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
}

/// The SQL giving a reference field's label (in `lang`) for the listed row `t`.
fn label_sql(kind: &RecordType, field: &str, lang: &str) -> Option<String> {
    match kind.field(field).map(|f| &f.widget) {
        Some(Widget::Reference(reference)) => Some(format!(
            "(SELECT {label} FROM {table} r WHERE r.id = t.{field})",
            label = reference.label_in(lang),
            table = reference.table,
        )),
        _ => None,
    }
}

/// The selected expressions of the title parts: (SQL, alias, what it holds).
fn title_selects(kind: &RecordType, lang: &str) -> Vec<(String, String, ValueKind)> {
    let mut selects = Vec::new();
    for part in kind.title {
        match part {
            TitlePart::Column(c) | TitlePart::Choice(c) => {
                selects.push((format!("t.{c}"), c.to_string(), ValueKind::Text));
            }
            TitlePart::Number(c) => {
                selects.push((format!("t.{c}"), c.to_string(), ValueKind::Integer))
            }
            TitlePart::Localized(stem) => {
                for language in ["es", "en"] {
                    let column = format!("{stem}_{language}");
                    selects.push((format!("t.{column}"), column, ValueKind::Text));
                }
            }
            TitlePart::Reference(field) => {
                if let Some(sql) = label_sql(kind, field, lang) {
                    selects.push((sql, field.to_string(), ValueKind::Text));
                }
            }
        }
    }
    selects
}

/// The selected expression of a list cell and what it holds.
fn cell_select(kind: &RecordType, column: &ListColumn, lang: &str) -> Option<(String, ValueKind)> {
    match &column.cell {
        Cell::Title => None,
        Cell::Field(name) => match label_sql(kind, name, lang) {
            Some(sql) => Some((sql, ValueKind::Text)),
            None => {
                let value_kind = kind
                    .field_of_column(name)
                    .map_or(ValueKind::Text, |f| f.widget.value_kind());
                Some((format!("t.{name}"), value_kind))
            }
        },
        Cell::Count(sql) => Some((format!("CAST({sql} AS BIGINT)"), ValueKind::Integer)),
        Cell::Code { sql, .. } => Some((sql.to_string(), ValueKind::Text)),
    }
}

/// The WHERE clause of a list query and its parameters, numbered from `$1`.
fn conditions(kind: &RecordType, query: &ListQuery<'_>) -> (String, Vec<(ValueKind, Value)>) {
    let mut clauses: Vec<String> = vec!["1 = 1".to_string()];
    let mut params: Vec<(ValueKind, Value)> = Vec::new();
    let next = |params: &mut Vec<(ValueKind, Value)>, kind: ValueKind, value: Value| {
        params.push((kind, value));
        format!("${}", params.len())
    };
    if let (Some(city), Some(column)) = (query.city, kind.city_scope) {
        let p = next(&mut params, ValueKind::Integer, Value::Integer(city));
        clauses.push(format!("t.{column} = {p}"));
    }
    if let Some(search) = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let mut alternatives = Vec::new();
        for place in kind.search {
            let (expression, text) = match place {
                Search::Column(c) => (format!("LOWER(t.{c})"), search.to_lowercase()),
                Search::Folded(c) => (format!("t.{c}"), fold_for_search(search)),
                Search::Reference(f) => match label_sql(kind, f, query.lang) {
                    Some(sql) => (format!("LOWER({sql})"), search.to_lowercase()),
                    None => continue,
                },
            };
            let p = next(
                &mut params,
                ValueKind::Text,
                Value::Text(like_pattern(&text)),
            );
            alternatives.push(format!("{expression} LIKE {p} ESCAPE '\\'"));
        }
        if !alternatives.is_empty() {
            clauses.push(format!("({})", alternatives.join(" OR ")));
        }
    }
    for (filter, value) in &query.filters {
        let (value_kind, bound) = match value {
            FilterValue::Text(text) => (ValueKind::Text, Value::Text(text.clone())),
            FilterValue::Integer(n) => (ValueKind::Integer, Value::Integer(*n)),
        };
        let p = next(&mut params, value_kind, bound);
        clauses.push(match &filter.source {
            FilterSource::Choice { column, .. }
            | FilterSource::Flag { column }
            | FilterSource::Distinct { column }
            | FilterSource::DistinctNumber { column }
            | FilterSource::Reference { column, .. } => format!("t.{column} = {p}"),
            FilterSource::Condition { sql, .. } => sql.replace("$1", &p),
        });
    }
    (clauses.join(" AND "), params)
}

/// `%text%` with LIKE's wildcards escaped.
fn like_pattern(text: &str) -> String {
    format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// The SELECT of one page: id, update stamp, the title's values and the cells, ordered by the
/// chosen column (or the type's order), the limit and offset numbered after `params` others.
fn page_sql(
    kind: &RecordType,
    query: &ListQuery<'_>,
    titles: &[(String, String, ValueKind)],
    cells: &[(String, ValueKind)],
    condition: &str,
    params: usize,
) -> String {
    let mut selects = vec![
        "t.id".to_string(),
        "t.updated_at".to_string(),
        "t.updated_by".to_string(),
    ];
    selects.extend(
        titles
            .iter()
            .enumerate()
            .map(|(n, (sql, _, _))| format!("{sql} AS title_{n}")),
    );
    selects.extend(
        cells
            .iter()
            .enumerate()
            .map(|(n, (sql, _))| format!("{sql} AS cell_{n}")),
    );
    let order = match query.sort {
        Some((column, descending)) => format!(
            "{} {}",
            column.sort.unwrap_or(kind.order.sql),
            if descending { "DESC" } else { "ASC" }
        ),
        None => kind.order.sql.to_string(),
    };
    format!(
        "SELECT {} FROM {} t WHERE {condition} ORDER BY {order}, t.id LIMIT ${} OFFSET ${}",
        selects.join(", "),
        kind.table,
        params + 1,
        params + 2
    )
}

fn read_row(
    row: &AnyRow,
    titles: &[(String, String, ValueKind)],
    cells: &[(String, ValueKind)],
) -> Result<ListRow, sqlx::Error> {
    let mut title = Record::new();
    for (n, (_, alias, kind)) in titles.iter().enumerate() {
        title.set(alias.clone(), read(row, &format!("title_{n}"), *kind)?);
    }
    let mut values = Vec::with_capacity(cells.len());
    for (n, (_, kind)) in cells.iter().enumerate() {
        values.push(read(row, &format!("cell_{n}"), *kind)?);
    }
    Ok(ListRow {
        id: row.try_get("id")?,
        title,
        cells: values,
        updated_at: row.try_get("updated_at")?,
        updated_by: row.try_get("updated_by")?,
    })
}

impl Store {
    /// One page of a record type's list.
    pub async fn list_records(
        &self,
        kind: &RecordType,
        query: &ListQuery<'_>,
    ) -> Result<ListPage, StoreError> {
        let titles = title_selects(kind, query.lang);
        let cells: Vec<(String, ValueKind)> = kind
            .columns
            .iter()
            .filter_map(|column| cell_select(kind, column, query.lang))
            .collect();
        let (condition, params) = conditions(kind, query);
        let sql = page_sql(kind, query, &titles, &cells, &condition, params.len());
        let mut select = sqlx::query(&sql);
        for (value_kind, value) in &params {
            select = bind(select, *value_kind, value);
        }
        let rows = select
            .bind(query.limit.max(1))
            .bind(query.offset.max(0))
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| read_row(row, &titles, &cells))
            .collect::<Result<Vec<_>, _>>()?;
        let count_sql = format!("SELECT COUNT(*) FROM {} t WHERE {condition}", kind.table);
        let mut count = sqlx::query(&count_sql);
        for (value_kind, value) in &params {
            count = bind(count, *value_kind, value);
        }
        let total: i64 = count.fetch_one(self.pool()).await?.try_get(0)?;
        Ok(ListPage { rows, total })
    }

    /// The options of a list filter: the codes of a choice, or the values and records the table
    /// holds. Codes and flags come back with an empty label (the page translates them).
    pub async fn filter_options(
        &self,
        kind: &RecordType,
        filter: &ListFilter,
        lang: &str,
    ) -> Result<Vec<FilterOption>, StoreError> {
        let unlabelled = |values: &[&str]| {
            values
                .iter()
                .map(|value| FilterOption {
                    value: value.to_string(),
                    label: String::new(),
                })
                .collect()
        };
        Ok(match &filter.source {
            FilterSource::Choice { codes, .. } | FilterSource::Condition { codes, .. } => {
                unlabelled(codes.codes)
            }
            FilterSource::Flag { .. } => unlabelled(&["yes", "no"]),
            FilterSource::Distinct { column } => self.distinct_texts(kind, column).await?,
            FilterSource::DistinctNumber { column } => self.distinct_numbers(kind, column).await?,
            FilterSource::Reference { reference, .. } => self
                .reference_options(reference, lang)
                .await?
                .into_iter()
                .map(|option| FilterOption {
                    value: option.id.to_string(),
                    label: option.label,
                })
                .collect(),
        })
    }

    async fn distinct_texts(
        &self,
        kind: &RecordType,
        column: &str,
    ) -> Result<Vec<FilterOption>, StoreError> {
        let values: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT DISTINCT {column} FROM {} WHERE {column} IS NOT NULL ORDER BY {column}",
            kind.table
        ))
        .fetch_all(self.pool())
        .await?;
        Ok(values
            .into_iter()
            .map(|value| FilterOption {
                label: value.clone(),
                value,
            })
            .collect())
    }

    async fn distinct_numbers(
        &self,
        kind: &RecordType,
        column: &str,
    ) -> Result<Vec<FilterOption>, StoreError> {
        let values: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT DISTINCT {column} FROM {} WHERE {column} IS NOT NULL ORDER BY {column} DESC",
            kind.table
        ))
        .fetch_all(self.pool())
        .await?;
        Ok(values
            .into_iter()
            .map(|value| FilterOption {
                value: value.to_string(),
                label: value.to_string(),
            })
            .collect())
    }
}
