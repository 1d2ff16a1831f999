//! The list of a record type: its declared columns, filters from the query string, search,
//! sorting by column, pages with the total, and bulk actions on the ticked rows.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{Access, access, kind_of, write_error};
use crate::catalogue::{Cell, FilterSource, ListColumn, RecordType, Value};
use crate::error::{AppError, AppResult};
use crate::paths;
use crate::store::{FilterValue, ListQuery, WriteError};
use crate::views::admin::records::{
    ColumnHead, FilterView, ListPage, RowView, display_value, title_of,
};
use crate::views::admin::{OptionView, Pagination};
use crate::views::{PageCtx, render};
use crate::web::admin::{AdminRequest, CheckedForm, see_other, set_flash};
use crate::web::{ValidPath, ValidQuery};

/// Rows per page of a list.
const PAGE_SIZE: i64 = 50;
/// Longest search text.
const MAX_SEARCH_CHARS: usize = 100;

/// A list's query string as it arrived: the search, the sort, the page, and each filter by its
/// parameter.
type ListParams = HashMap<String, String>;

/// The checked list query, or the key of what is wrong with it.
fn list_query<'k>(
    kind: &'k RecordType,
    params: &ListParams,
    city: Option<i64>,
    lang: &'static str,
) -> Result<(ListQuery<'k>, i64), &'static str> {
    let param = |name: &str| params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let search = param("q").map(str::to_string);
    if search
        .as_ref()
        .is_some_and(|s| s.chars().count() > MAX_SEARCH_CHARS)
    {
        return Err("error-search-too-long");
    }
    let sort = match param("sort") {
        None => None,
        Some(key) => {
            let (key, descending) = match key.strip_prefix('-') {
                Some(key) => (key, true),
                None => (key, false),
            };
            let column = kind
                .columns
                .iter()
                .find(|c| c.key == key && c.sort.is_some())
                .ok_or("error-bad-sort")?;
            Some((column, descending))
        }
    };
    let page = match param("page") {
        None => 1,
        Some(page) => page
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or("form-out-of-range")?,
    };
    let mut filters = Vec::new();
    for filter in kind.filters {
        if let Some(value) = param(filter.param) {
            filters.push((filter, filter_value(&filter.source, value)?));
        }
    }
    let query = ListQuery {
        search,
        filters,
        sort,
        city,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
        lang,
    };
    Ok((query, page))
}

/// A filter's value checked against what the filter can hold (its options are checked by the
/// store query: an unknown value simply matches nothing).
fn filter_value(source: &FilterSource, value: &str) -> Result<FilterValue, &'static str> {
    match source {
        FilterSource::Choice { codes, .. } | FilterSource::Condition { codes, .. } => codes
            .contains(value)
            .then(|| FilterValue::Text(value.to_string()))
            .ok_or("form-bad-choice"),
        FilterSource::Flag { .. } => match value {
            "yes" => Ok(FilterValue::Integer(1)),
            "no" => Ok(FilterValue::Integer(0)),
            _ => Err("form-bad-choice"),
        },
        FilterSource::Distinct { .. } if value.chars().count() <= 200 => {
            Ok(FilterValue::Text(value.to_string()))
        }
        FilterSource::Distinct { .. } => Err("form-too-long"),
        FilterSource::DistinctNumber { .. } | FilterSource::Reference { .. } => value
            .parse::<i64>()
            .map(FilterValue::Integer)
            .map_err(|_| "form-bad-choice"),
    }
}

/// The list's current query string without `skip`, to build links that change one thing.
fn query_without(params: &ListParams, skip: &[&str]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = params
        .iter()
        .filter(|(name, value)| !skip.contains(&name.as_str()) && !value.trim().is_empty())
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    pairs.sort();
    pairs
}

fn link(ctx: &PageCtx, path: &str, pairs: &[(String, String)]) -> String {
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    if query.is_empty() {
        ctx.link(path)
    } else {
        format!("{}?{query}", ctx.link(path))
    }
}

fn column_heads(ctx: &PageCtx, kind: &RecordType, params: &ListParams) -> Vec<ColumnHead> {
    let current = params.get("sort").map(String::as_str).unwrap_or("");
    let kept = query_without(params, &["sort", "page"]);
    kind.columns
        .iter()
        .map(|column| {
            let sorted = if current == column.key {
                Some("ascending")
            } else if current.strip_prefix('-') == Some(column.key) {
                Some("descending")
            } else {
                None
            };
            let next = if sorted == Some("ascending") {
                format!("-{}", column.key)
            } else {
                column.key.to_string()
            };
            let mut pairs = kept.clone();
            pairs.push(("sort".to_string(), next));
            ColumnHead {
                label: ctx.t(column.label_key),
                sort_link: column
                    .sort
                    .map(|_| link(ctx, &paths::records(kind), &pairs)),
                sorted,
            }
        })
        .collect()
}

/// A cell in words.
fn cell_text(ctx: &PageCtx, kind: &RecordType, column: &ListColumn, value: &Value) -> String {
    match (&column.cell, value) {
        (Cell::Code { codes, .. }, Value::Text(code)) => ctx.t(codes.label_key(code)),
        (Cell::Code { .. }, _) => ctx.t("admin-none-recorded"),
        (Cell::Count(_), Value::Integer(n)) => ctx.number(*n),
        (Cell::Field(name), value) => match kind.field_of_column(name) {
            // References come back as their label already.
            Some(field)
                if matches!(value, Value::Text(_))
                    && matches!(field.widget, crate::catalogue::Widget::Reference(_)) =>
            {
                value.as_str().unwrap_or("").to_string()
            }
            Some(field) => display_value(ctx, field, value, &Default::default()),
            None => value.as_str().unwrap_or("—").to_string(),
        },
        _ => "—".to_string(),
    }
}

async fn filter_views(
    req: &AdminRequest,
    kind: &RecordType,
    params: &ListParams,
) -> AppResult<Vec<FilterView>> {
    let ctx = &req.ctx;
    let mut views = Vec::new();
    for filter in kind.filters {
        let chosen = params.get(filter.param).map(String::as_str).unwrap_or("");
        let options = req
            .state
            .store
            .filter_options(kind, filter, req.ctx.lang.code())
            .await?;
        let label_of = |value: &str, label: &str| match &filter.source {
            FilterSource::Choice { codes, .. } | FilterSource::Condition { codes, .. } => {
                ctx.t(codes.label_key(value))
            }
            FilterSource::Flag { .. } => ctx.t(value),
            _ => label.to_string(),
        };
        let any = OptionView {
            value: String::new(),
            label: ctx.t("filter-any"),
            selected: chosen.is_empty(),
        };
        views.push(FilterView {
            param: filter.param,
            label: ctx.t(filter.label_key),
            options: std::iter::once(any)
                .chain(options.iter().map(|o| OptionView {
                    label: label_of(&o.value, &o.label),
                    selected: o.value == chosen,
                    value: o.value.clone(),
                }))
                .collect(),
        });
    }
    Ok(views)
}

fn pagination(
    ctx: &PageCtx,
    kind: &RecordType,
    params: &ListParams,
    page: i64,
    total: i64,
) -> Pagination {
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let kept = query_without(params, &["page"]);
    let to = |n: i64| {
        let mut pairs = kept.clone();
        pairs.push(("page".to_string(), n.to_string()));
        link(ctx, &paths::records(kind), &pairs)
    };
    Pagination {
        page,
        pages,
        total,
        previous: (page > 1).then(|| to(page - 1)),
        next: (page < pages).then(|| to(page + 1)),
    }
}

fn row_views(ctx: &PageCtx, kind: &RecordType, rows: &[crate::store::ListRow]) -> Vec<RowView> {
    let value_columns: Vec<&ListColumn> = kind
        .columns
        .iter()
        .filter(|c| !matches!(c.cell, Cell::Title))
        .collect();
    rows.iter()
        .map(|row| RowView {
            id: row.id,
            title: title_of(ctx, kind, &row.title, None),
            edit_path: ctx.link(paths::record_edit(kind, row.id)),
            cells: value_columns
                .iter()
                .zip(&row.cells)
                .map(|(column, value)| cell_text(ctx, kind, column, value))
                .collect(),
        })
        .collect()
}

/// The bulk actions the viewer may apply (none for city editors).
fn bulk_options(ctx: &PageCtx, kind: &RecordType, access: Access) -> Vec<OptionView> {
    match access {
        Access::Full => kind
            .bulk
            .iter()
            .map(|action| OptionView {
                value: action.key().to_string(),
                label: ctx.t(action.label_key()),
                selected: false,
            })
            .collect(),
        Access::Propose { .. } => Vec::new(),
    }
}

pub async fn list(
    req: AdminRequest,
    ValidPath(slug): ValidPath<String>,
    ValidQuery(params): ValidQuery<ListParams>,
) -> AppResult<Response> {
    let kind = kind_of(&slug)?;
    let access = access(&req.viewer, kind)?;
    if kind.singleton {
        return Ok(see_other(req.ctx.lang, &paths::record_edit(kind, 1)));
    }
    let (query, page, filter_error) =
        match list_query(kind, &params, access.city(), req.ctx.lang.code()) {
            Ok((query, page)) => (query, page, None),
            Err(key) => {
                let plain =
                    list_query(kind, &ListParams::new(), access.city(), req.ctx.lang.code())
                        .map_err(|_| AppError::BadRequest(req.ctx.t(key)))?;
                (plain.0, 1, Some(key))
            }
        };
    let found = req.state.store.list_records(kind, &query).await?;
    let ctx = &req.ctx;
    let rows = row_views(ctx, kind, &found.rows);
    let bulk = bulk_options(ctx, kind, access);
    let page_view = ListPage {
        admin: req.chrome().await?,
        kind,
        title: ctx.t(kind.plural_key),
        columns: column_heads(ctx, kind, &params),
        rows,
        filters: filter_views(&req, kind, &params).await?,
        search: params.get("q").cloned().unwrap_or_default(),
        sort: params.get("sort").cloned().unwrap_or_default(),
        page: pagination(ctx, kind, &params, page, found.total),
        can_create: true,
        bulk,
        filtered: !query_without(&params, &["sort", "page"]).is_empty(),
        filter_error,
        ctx: ctx.clone(),
    };
    let status = if filter_error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok((status, render(&page_view)?).into_response())
}

/// Most records one bulk action may change (one page of the list).
const MAX_BULK: usize = PAGE_SIZE as usize;

/// An action on the rows ticked in a list, all or nothing.
pub async fn bulk(
    req: AdminRequest,
    ValidPath(slug): ValidPath<String>,
    form: CheckedForm,
) -> AppResult<Response> {
    let kind = kind_of(&slug)?;
    if access(&req.viewer, kind)? != Access::Full {
        return Err(AppError::Forbidden);
    }
    let action = kind
        .bulk_action(form.get("action"))
        .ok_or_else(|| AppError::BadRequest(req.ctx.t("form-bad-choice")))?;
    let ids: Vec<i64> = form
        .get("ids")
        .split(',')
        .filter(|id| !id.trim().is_empty())
        .map(|id| id.trim().parse::<i64>())
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::BadRequest(req.ctx.t("form-bad-choice")))?;
    let back = see_other(req.ctx.lang, &paths::records(kind));
    if ids.is_empty() || ids.len() > MAX_BULK {
        set_flash(&req.viewer.session, req.ctx.t("flash-bulk-none")).await?;
        return Ok(back);
    }
    let message = match req
        .state
        .store
        .bulk_action(kind, action, &ids, req.viewer.actor())
        .await
    {
        Ok(done) => req.ctx.t_count("flash-bulk-done", done),
        Err(WriteError::InUse) => req.ctx.t("flash-bulk-in-use"),
        Err(WriteError::NotFound)
        | Err(WriteError::Conflict { .. })
        | Err(WriteError::Invalid(_)) => req.ctx.t("flash-bulk-refused"),
        Err(other) => return Err(write_error(other)),
    };
    set_flash(&req.viewer.session, message).await?;
    Ok(back)
}
