//! "Latest changes" on the home page and in the Atom feed: the revisions of the records the
//! public follows (a badge recorded, a plan's status changed, a guide published, a GCoM phase
//! recorded), put into words in the page's language, newest first.

use std::collections::HashMap;

use super::PageCtx;
use crate::catalogue::{BADGES, DOCUMENTS, PLANS, PROGRESS_ENTRIES, Record};
use crate::store::{Followed, Framework, Revision};

/// The record types whose changes the public follows. A document is public only while it is
/// published, so a guide withdrawn since drops out of the list.
pub const FOLLOWED: [Followed; 4] = [
    Followed {
        kind: &BADGES,
        public_while: None,
    },
    Followed {
        kind: &PLANS,
        public_while: None,
    },
    Followed {
        kind: &DOCUMENTS,
        public_while: Some(("status", "published")),
    },
    Followed {
        kind: &PROGRESS_ENTRIES,
        public_while: None,
    },
];

/// One change, in words, with the page to see it on.
#[derive(Debug, Clone)]
pub struct ChangeView {
    /// "27 de noviembre de 2026".
    pub date: String,
    pub text: String,
    pub href: Option<String>,
    /// The record's own public words about it (a badge's evidence, a guide's summary, a
    /// phase's note), in the page's language, when it has any.
    pub detail: Option<String>,
    /// Which revision made the change (type, record id, revision id): the feed builds its
    /// stable entry ids from them.
    pub record_type: &'static str,
    pub record_id: i64,
    pub revision_id: i64,
    /// When, as stored (RFC 3339, UTC).
    pub changed_at: String,
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

/// A revision's record before and after, and what is needed to put it into words.
struct Edit<'a> {
    ctx: &'a PageCtx,
    names: &'a Names<'a>,
    action: &'a str,
    before: Record,
    after: Record,
}

/// A change in words: the sentence, the page to see it on, the record's own words.
type News = (String, Option<String>, Option<String>);

impl Edit<'_> {
    fn changed(&self, column: &str) -> bool {
        self.before.get(column) != self.after.get(column)
    }

    /// The municipality the record belongs to: (name, slug).
    fn city(&self) -> Option<&(String, String)> {
        self.after
            .integer("municipality_id")
            .and_then(|id| self.names.municipalities.get(&id))
    }

    /// A bilingual column of the record in the page's language, when it says anything.
    fn words(&self, stem: &str) -> Option<String> {
        let text = |lang: &str| {
            self.after
                .text(&format!("{stem}_{lang}"))
                .map(str::to_string)
        };
        self.ctx
            .lang
            .pick_opt(&text("es"), &text("en"))
            .map(str::to_string)
    }

    fn badge(&self) -> Option<News> {
        if self.action != "create" {
            return None;
        }
        let (name, slug) = self.city()?;
        let badge = self.ctx.label("badge-kind", self.after.text("kind")?);
        let text = self.ctx.t_name("change-badge", &format!("{name}: {badge}"));
        Some((text, Some(crate::paths::city(slug)), self.words("evidence")))
    }

    fn plan(&self) -> Option<News> {
        if !self.changed("status") {
            return None;
        }
        let (name, slug) = self.city()?;
        let status = self.ctx.label("plan-status", self.after.text("status")?);
        let text = self.ctx.t_name("change-plan", &format!("{name}: {status}"));
        Some((text, Some(crate::paths::city(slug)), None))
    }

    /// A document that became published: a guide links to its page, a city's document to the
    /// city's page.
    fn document(&self) -> Option<News> {
        if !self.changed("status") || self.after.text("status") != Some("published") {
            return None;
        }
        let title = self
            .ctx
            .pick(self.after.text("title_es")?, self.after.text("title_en")?)
            .to_string();
        let href = if self.after.text("kind") == Some("guide") {
            Some(crate::paths::guide(self.after.text("slug").unwrap_or("")))
        } else {
            self.city().map(|(_, slug)| crate::paths::city(slug))
        };
        let text = self.ctx.t_name("change-document", &title);
        Some((text, href, self.words("summary")))
    }

    fn phase(&self) -> Option<News> {
        if !self.changed("status") {
            return None;
        }
        let (name, slug) = self.city()?;
        let phase_id = self.after.integer("phase_id");
        let phase = self
            .names
            .framework
            .phases
            .iter()
            .find(|p| Some(p.id) == phase_id)?;
        let status = self.ctx.label("phase-status", self.after.text("status")?);
        let phase_name = self.ctx.pick(&phase.name_es, &phase.name_en);
        let what = format!("{name}: {phase_name} — {status}");
        let text = self.ctx.t_name("change-phase", &what);
        Some((text, Some(crate::paths::city(slug)), self.words("note")))
    }
}

fn change_view(ctx: &PageCtx, revision: &Revision, names: &Names<'_>) -> Option<ChangeView> {
    let kind = revision.kind()?;
    let edit = Edit {
        ctx,
        names,
        action: &revision.action,
        before: revision.before(kind),
        after: revision.after(kind),
    };
    let (text, href, detail) = if std::ptr::eq(kind, &BADGES) {
        edit.badge()
    } else if std::ptr::eq(kind, &PLANS) {
        edit.plan()
    } else if std::ptr::eq(kind, &DOCUMENTS) {
        edit.document()
    } else if std::ptr::eq(kind, &PROGRESS_ENTRIES) {
        edit.phase()
    } else {
        None
    }?;
    Some(ChangeView {
        date: ctx.date(&revision.changed_at),
        text,
        href,
        detail,
        record_type: kind.slug,
        record_id: revision.record_id,
        revision_id: revision.id,
        changed_at: revision.changed_at.clone(),
    })
}
