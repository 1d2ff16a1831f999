//! Proposals of city editors: their own list, and the coordinators' approve / reject. A proposal
//! made on an older version of its record than the stored one is refused like an edit conflict.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::records::options_by_type;
use super::{AdminRequest, CheckedForm, see_other, set_flash};
use crate::catalogue::Record;
use crate::error::{AppError, AppResult};
use crate::paths;
use crate::store::{Proposal, StoredRecord, WriteError};
use crate::views::admin::records::{FormOptions, changes};
use crate::views::admin::{ProposalConflictPage, ProposalView, ProposalsPage};
use crate::views::{PageCtx, render};
use crate::web::ValidPath;

/// A proposal with its changes against `current` (the record as stored; empty for a new one).
fn proposal_view(
    ctx: &PageCtx,
    proposal: &Proposal,
    current: &Record,
    options: &FormOptions,
) -> Option<ProposalView> {
    let kind = proposal.kind()?;
    Some(ProposalView {
        id: proposal.id,
        kind: ctx.t(kind.plural_key),
        municipality: proposal.municipality_name.clone(),
        record_id: proposal.record_id,
        status: proposal.status.clone(),
        proposed_by: proposal.proposed_by.clone(),
        proposed_at: proposal.proposed_at.clone(),
        decided_by: proposal.decided_by.clone().unwrap_or_default(),
        changes: changes(ctx, kind, current, &proposal.values(kind), options),
    })
}

pub async fn list(req: AdminRequest) -> AppResult<Html<String>> {
    let scope = if req.viewer.is_staff() {
        None
    } else {
        Some(req.viewer.user.municipality_id.ok_or(AppError::Forbidden)?)
    };
    let store = &req.state.store;
    let proposals = store.proposals(scope).await?;
    let options = options_by_type(
        &req.state,
        proposals.iter().filter_map(Proposal::kind),
        req.ctx.lang,
    )
    .await?;
    let mut pending = Vec::new();
    let mut decided = Vec::new();
    for proposal in &proposals {
        let Some(kind) = proposal.kind() else {
            continue;
        };
        let current = match proposal.record_id {
            Some(id) => store
                .get_record(kind, id)
                .await?
                .map(|r| r.values)
                .unwrap_or_default(),
            None => Record::new(),
        };
        let Some(view) = options
            .get(kind.slug)
            .and_then(|options| proposal_view(&req.ctx, proposal, &current, options))
        else {
            continue;
        };
        if proposal.status == "pending" {
            pending.push(view);
        } else {
            decided.push(view);
        }
    }
    render(&ProposalsPage {
        admin: req.chrome().await?,
        pending,
        decided,
        ctx: req.ctx,
    })
}

pub async fn approve(
    req: AdminRequest,
    ValidPath(id): ValidPath<i64>,
    _form: CheckedForm,
) -> AppResult<Response> {
    req.viewer.require_staff()?;
    let message = match req
        .state
        .store
        .approve_proposal(id, req.viewer.actor())
        .await
    {
        Ok(()) => req.ctx.t("flash-proposal-approved"),
        Err(WriteError::NotFound) => return Err(AppError::NotFound),
        Err(WriteError::Conflict { current }) => return conflict(&req, id, &current).await,
        Err(WriteError::Invalid(_)) | Err(WriteError::InUse) => {
            req.ctx.t("flash-proposal-cannot-apply")
        }
        Err(WriteError::Store(error)) => return Err(error.into()),
    };
    set_flash(&req.viewer.session, message).await?;
    Ok(see_other(req.ctx.lang, &paths::proposals()))
}

/// The record changed after the proposal was made: both versions side by side (409), like an
/// edit conflict; nothing was applied.
async fn conflict(req: &AdminRequest, id: i64, current: &StoredRecord) -> AppResult<Response> {
    let proposal = req
        .state
        .store
        .proposal(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let kind = proposal.kind().ok_or(AppError::NotFound)?;
    let options = super::records::form_options(&req.state, kind, req.ctx.lang).await?;
    let view =
        proposal_view(&req.ctx, &proposal, &current.values, &options).ok_or(AppError::NotFound)?;
    let page = render(&ProposalConflictPage {
        admin: req.chrome().await?,
        proposal: view,
        changed_by: format!("{} ({})", current.updated_by, current.updated_at),
        ctx: req.ctx.clone(),
    })?;
    Ok((StatusCode::CONFLICT, page).into_response())
}

pub async fn reject(
    req: AdminRequest,
    ValidPath(id): ValidPath<i64>,
    _form: CheckedForm,
) -> AppResult<Response> {
    req.viewer.require_staff()?;
    if !req
        .state
        .store
        .reject_proposal(id, req.viewer.actor())
        .await?
    {
        return Err(AppError::NotFound);
    }
    set_flash(&req.viewer.session, req.ctx.t("flash-proposal-rejected")).await?;
    Ok(see_other(req.ctx.lang, &paths::proposals()))
}
