//! "Latest changes" on the home page: the revisions of the records the public follows (a badge
//! recorded, a plan's status changed, a guide published, a GCoM phase recorded), put into words
//! in the page's language, newest first.

use std::collections::HashMap;

use super::PageCtx;
use crate::catalogue::{BADGES, DOCUMENTS, PLANS, PROGRESS_ENTRIES, Record, RecordType};
use crate::store::{Framework, Revision};

/// The record types whose changes the home page lists.
pub const FOLLOWED: [&RecordType; 4] = [&BADGES, &PLANS, &DOCUMENTS, &PROGRESS_ENTRIES];

/// One change, in words, with the page to see it on.
#[derive(Debug, Clone)]
pub struct ChangeView {
    /// "27 de noviembre de 2026".
    pub date: String,
    pub text: String,
    pub href: Option<String>,
}

/// What the builder needs to name things: municipalities (id → name, slug) and the GCoM phases.
pub struct Names<'a> {
    pub municipalities: &'a HashMap<i64, (String, String)>,
    pub framework: &'a Framework,
}

/// The changes worth telling the public, newest first, at most `limit`: a badge recorded, a
/// plan whose status changed, a document that became published, a ledger entry whose status
/// changed. Other edits (a typo fixed) are not news.
pub fn latest_changes(
    ctx: &PageCtx,
    revisions: &[Revision],
    names: &Names<'_>,
    limit: usize,
) -> Vec<ChangeView> {
    revisions
        .iter()
        .filter_map(|revision| change_view(ctx, revision, names))
        .take(limit)
        .collect()
}

fn change_view(ctx: &PageCtx, revision: &Revision, names: &Names<'_>) -> Option<ChangeView> {
    let kind = revision.kind()?;
    let before = revision.before(kind);
    let after = revision.after(kind);
    let changed = |column: &str| before.get(column) != after.get(column);
    let city = |record: &Record| {
        record
            .integer("municipality_id")
            .and_then(|id| names.municipalities.get(&id))
    };
    let (text, href) = if std::ptr::eq(kind, &BADGES) && revision.action == "create" {
        let (name, slug) = city(&after)?;
        let badge = ctx.label("badge-kind", after.text("kind")?);
        (
            ctx.t_name("change-badge", &format!("{name}: {badge}")),
            Some(crate::paths::city(slug)),
        )
    } else if std::ptr::eq(kind, &PLANS) && changed("status") {
        let (name, slug) = city(&after)?;
        let status = ctx.label("plan-status", after.text("status")?);
        (
            ctx.t_name("change-plan", &format!("{name}: {status}")),
            Some(crate::paths::city(slug)),
        )
    } else if std::ptr::eq(kind, &DOCUMENTS)
        && changed("status")
        && after.text("status") == Some("published")
    {
        let title = ctx
            .pick(after.text("title_es")?, after.text("title_en")?)
            .to_string();
        let href = (after.text("kind") == Some("guide"))
            .then(|| crate::paths::guide(after.text("slug").unwrap_or("")));
        (ctx.t_name("change-document", &title), href)
    } else if std::ptr::eq(kind, &PROGRESS_ENTRIES) && changed("status") {
        let (name, slug) = city(&after)?;
        let phase = names
            .framework
            .phases
            .iter()
            .find(|p| Some(p.id) == after.integer("phase_id"))?;
        let status = ctx.label("phase-status", after.text("status")?);
        let what = format!(
            "{name}: {} — {status}",
            ctx.pick(&phase.name_es, &phase.name_en)
        );
        (
            ctx.t_name("change-phase", &what),
            Some(crate::paths::city(slug)),
        )
    } else {
        return None;
    };
    Some(ChangeView {
        date: ctx.date(&revision.changed_at),
        text,
        href,
    })
}
