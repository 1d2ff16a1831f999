//! The audit page: deleted records to undelete, the latest revisions, and the audit log of
//! account events with pages and filters (kind of action, account, dates).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AdminRequest;
use super::records::options_by_type;
use crate::error::AppResult;
use crate::forms::FieldErrors;
use crate::paths;
use crate::store::{AuditFilter, Revision};
use crate::views::admin::records::revision_view;
use crate::views::admin::{AuditPage, OptionView, Pagination, RevisionView};
use crate::views::{PageCtx, render};
use crate::web::ValidQuery;

/// The audit log's filters as they arrive; validated by `audit_filter`.
#[derive(Debug, Deserialize, Default)]
pub struct AuditQuery {
    action: Option<String>,
    account: Option<String>,
    from: Option<String>,
    until: Option<String>,
    page: Option<String>,
}

/// Rows of the audit log per page.
const AUDIT_PAGE_SIZE: i64 = 50;

/// The kinds of action the log can be filtered by (prefixes of the stored action codes).
const AUDIT_ACTIONS: &[(&str, &str)] = &[
    ("login.", "audit-action-login"),
    ("logout", "audit-action-logout"),
    ("user.", "audit-action-user"),
    ("mfa.", "audit-action-mfa"),
];

/// The store filter and page of an audit query, or what is wrong with each input.
fn audit_filter(query: &AuditQuery) -> Result<(AuditFilter, i64), FieldErrors> {
    let text = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let action = text(&query.action);
    let mut errors = FieldErrors::new();
    if action
        .as_deref()
        .is_some_and(|a| !AUDIT_ACTIONS.iter().any(|(code, _)| *code == a))
    {
        errors.add("action", "form-bad-choice");
    }
    let account = text(&query.account);
    if account.as_deref().is_some_and(|a| a.chars().count() > 254) {
        errors.add("account", "form-too-long");
    }
    let day = |value: Option<String>, days_later: i64| -> Result<Option<String>, &'static str> {
        let Some(value) = value else { return Ok(None) };
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let date = time::Date::parse(&value, &format).map_err(|_| "form-bad-date")?;
        let moment = date.midnight().assume_utc() + time::Duration::days(days_later);
        Ok(Some(crate::store::format_timestamp(moment)))
    };
    let from = day(text(&query.from), 0).unwrap_or_else(|key| {
        errors.add("from", key);
        None
    });
    // "until" is inclusive for the person: up to the end of that day.
    let until = day(text(&query.until), 1).unwrap_or_else(|key| {
        errors.add("until", key);
        None
    });
    let page = match text(&query.page) {
        None => 1,
        Some(page) => page
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .unwrap_or_else(|| {
                errors.add("page", "form-out-of-range");
                1
            }),
    };
    errors.into_result((
        AuditFilter {
            action_prefix: action,
            account,
            from,
            until,
        },
        page,
    ))
}

/// The links to the previous and next pages of a list, keeping its other query parameters.
fn pagination(ctx: &PageCtx, path: &str, page: i64, total: i64, page_size: i64) -> Pagination {
    let pages = ((total + page_size - 1) / page_size).max(1);
    let kept: Vec<(String, String)> = ctx
        .query
        .as_deref()
        .map(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).unwrap_or_default())
        .unwrap_or_default()
        .into_iter()
        .filter(|(name, _)| name != "page")
        .collect();
    let link = |to: i64| {
        let mut pairs = kept.clone();
        pairs.push(("page".to_string(), to.to_string()));
        format!(
            "{}?{}",
            ctx.link(path),
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    Pagination {
        page,
        pages,
        total,
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
    }
}

/// Revisions as views, each with the options of its record type.
async fn revision_views(
    req: &AdminRequest,
    revisions: &[Revision],
) -> AppResult<Vec<RevisionView>> {
    let options = options_by_type(
        &req.state,
        revisions.iter().filter_map(Revision::kind),
        req.ctx.lang,
    )
    .await?;
    Ok(revisions
        .iter()
        .filter_map(|revision| {
            let kind = revision.kind()?;
            Some(revision_view(&req.ctx, revision, options.get(kind.slug)?))
        })
        .collect())
}

fn action_options(ctx: &PageCtx, chosen: &str) -> Vec<OptionView> {
    std::iter::once(OptionView {
        value: String::new(),
        label: ctx.t("filter-any"),
        selected: chosen.is_empty(),
    })
    .chain(AUDIT_ACTIONS.iter().map(|(code, key)| OptionView {
        value: code.to_string(),
        label: ctx.t(key),
        selected: chosen == *code,
    }))
    .collect()
}

pub async fn audit(
    req: AdminRequest,
    ValidQuery(query): ValidQuery<AuditQuery>,
) -> AppResult<Response> {
    req.viewer.require_staff()?;
    let (filter, page, errors) = match audit_filter(&query) {
        Ok((filter, page)) => (filter, page, FieldErrors::new()),
        Err(errors) => (AuditFilter::default(), 1, errors),
    };
    let store = &req.state.store;
    let deleted = revision_views(&req, &store.deleted_records().await?).await?;
    let recent = revision_views(&req, &store.recent_revisions(50).await?).await?;
    let (log, total) = store
        .audit_page(&filter, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE)
        .await?;
    let typed = |value: &Option<String>| value.clone().unwrap_or_default();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let page_view = AuditPage {
        admin: req.chrome().await?,
        deleted,
        recent,
        log,
        filter_account: typed(&query.account),
        filter_from: typed(&query.from),
        filter_until: typed(&query.until),
        action_options: action_options(&req.ctx, query.action.as_deref().unwrap_or("")),
        filter_action: typed(&query.action),
        errors,
        page: pagination(&req.ctx, &paths::audit(), page, total, AUDIT_PAGE_SIZE),
        ctx: req.ctx,
    };
    Ok((status, render(&page_view)?).into_response())
}
