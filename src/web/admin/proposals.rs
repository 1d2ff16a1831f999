//! Proposals of city editors: their own list, and the coordinators' approve / reject.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::records::chrome;
use super::{CheckedForm, Viewer, see_other, set_flash};
use crate::error::{AppError, AppResult};
use crate::records::record_type;
use crate::state::AppState;
use crate::store::{Proposal, StoredRecord, WriteError};
use crate::views::admin::{
    ProposalConflictPage, ProposalView, ProposalsPage, ReferenceOptions, changes,
};
use crate::views::{PageCtx, render};
use crate::web::ValidPath;

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
) -> AppResult<Html<String>> {
    let scope = if viewer.is_staff() {
        None
    } else {
        Some(viewer.user.municipality_id.ok_or(AppError::Forbidden)?)
    };
    let store = &state.store;
    let mut options = ReferenceOptions::new();
    options.insert(
        "municipalities",
        store.reference_options("municipalities", "name").await?,
    );
    let mut pending = Vec::new();
    let mut decided = Vec::new();
    for proposal in store.proposals(scope).await? {
        let Some(kind) = record_type(&proposal.record_type) else {
            continue;
        };
        let current = match proposal.record_id {
            Some(id) => store
                .get_record(kind, id)
                .await?
                .map(|r| r.values)
                .unwrap_or_default(),
            None => Default::default(),
        };
        let view = ProposalView {
            id: proposal.id,
            kind: ctx.t(kind.title),
            municipality: proposal.municipality_name.clone(),
            record_id: proposal.record_id,
            status: proposal.status.clone(),
            proposed_by: proposal.proposed_by.clone(),
            proposed_at: proposal.proposed_at.clone(),
            decided_by: proposal.decided_by.clone().unwrap_or_default(),
            changes: changes(&ctx, kind, &current, &proposal.values(), &options),
        };
        if proposal.status == "pending" {
            pending.push(view)
        } else {
            decided.push(view)
        }
    }
    render(&ProposalsPage {
        admin: chrome(&ctx, &viewer).await?,
        pending,
        decided,
        ctx,
    })
}

pub async fn approve(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath(id): ValidPath<i64>,
    _form: CheckedForm,
) -> AppResult<Response> {
    viewer.require_staff()?;
    let message = match state.store.approve_proposal(id, viewer.actor()).await {
        Ok(()) => ctx.t("flash-proposal-approved"),
        Err(WriteError::NotFound) => return Err(AppError::NotFound),
        Err(WriteError::Conflict { current }) => {
            return conflict(&state, ctx, &viewer, id, &current).await;
        }
        Err(WriteError::Invalid(_)) | Err(WriteError::InUse) => {
            ctx.t("flash-proposal-cannot-apply")
        }
        Err(WriteError::Store(error)) => return Err(error.into()),
    };
    set_flash(&viewer.session, message).await?;
    Ok(see_other(ctx.lang, "/admin/proposals"))
}

/// The record changed after the proposal was made: both versions side by side (409), like an
/// edit conflict; nothing was applied.
async fn conflict(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    id: i64,
    current: &StoredRecord,
) -> AppResult<Response> {
    let proposal: Proposal = state.store.proposal(id).await?.ok_or(AppError::NotFound)?;
    let kind = record_type(&proposal.record_type).ok_or(AppError::NotFound)?;
    let mut options = ReferenceOptions::new();
    options.insert(
        "municipalities",
        state
            .store
            .reference_options("municipalities", "name")
            .await?,
    );
    let view = ProposalView {
        id: proposal.id,
        kind: ctx.t(kind.title),
        municipality: proposal.municipality_name.clone(),
        record_id: proposal.record_id,
        status: proposal.status.clone(),
        proposed_by: proposal.proposed_by.clone(),
        proposed_at: proposal.proposed_at.clone(),
        decided_by: String::new(),
        changes: changes(&ctx, kind, &current.values, &proposal.values(), &options),
    };
    let page = render(&ProposalConflictPage {
        admin: super::records::chrome(&ctx, viewer).await?,
        proposal: view,
        changed_by: format!("{} ({})", current.updated_by, current.updated_at),
        ctx,
    })?;
    Ok((StatusCode::CONFLICT, page).into_response())
}

pub async fn reject(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath(id): ValidPath<i64>,
    _form: CheckedForm,
) -> AppResult<Response> {
    viewer.require_staff()?;
    if !state.store.reject_proposal(id, viewer.actor()).await? {
        return Err(AppError::NotFound);
    }
    set_flash(&viewer.session, ctx.t("flash-proposal-rejected")).await?;
    Ok(see_other(ctx.lang, "/admin/proposals"))
}
