//! The pages of GCoM progress: the board of every city against the phases (`/progress`), the
//! methodology, a city's journey, plans and plan-to-budget table (on its page), and its
//! handover summary. Labels are put into words here, in the page's language; templates print.

use askama::Template;

use super::{FilterOption, PageCtx};
use crate::domain::progress::{DeadlineState, MunicipalTerm, PhaseBasis, parse_date};
use crate::progress::{Achievement, BadgeStanding, CityProgress, PhaseCell};
use crate::store::{BudgetRollup, Framework, Measure, Phase, PlanRecord};

/// A pillar with the phases shown of it.
#[derive(Debug, Clone)]
pub struct PillarView {
    pub code: String,
    pub name: String,
    pub description: String,
    pub counts_for_compliance: bool,
    pub phases: Vec<PhaseView>,
}

#[derive(Debug, Clone)]
pub struct PhaseView {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// "3 años después del compromiso", or "sin plazo".
    pub deadline: String,
    pub basis: String,
}

/// One phase of one city, in words.
#[derive(Debug, Clone)]
pub struct CellView {
    pub phase: String,
    pub pillar: String,
    /// For styling: the status code, or `implied`.
    pub code: &'static str,
    pub status: String,
    pub year: Option<i64>,
    pub deadline_code: &'static str,
    pub deadline: String,
    pub deadline_date: Option<String>,
    pub term: Option<String>,
    pub implied: bool,
    pub evidence_url: Option<String>,
    pub note: Option<String>,
    /// "12 de marzo de 2026" when a coordinator recorded it.
    pub recorded_on: Option<String>,
}

impl CellView {
    /// Whether the cell shows its deadline: only one that can be counted and is still ahead
    /// or past (delivered phases need none; "unknown" is said once per city).
    pub fn shows_deadline(&self) -> bool {
        matches!(self.deadline_code, "on_track" | "due_soon" | "overdue")
    }
}

/// One city on the board.
#[derive(Debug, Clone)]
pub struct BoardRow {
    pub slug: String,
    pub name: String,
    pub department: String,
    pub supported: bool,
    pub commitment: Option<String>,
    pub cells: Vec<CellView>,
}

impl BoardRow {
    /// Whether no shown phase of the city is recorded (phones then say so in one line).
    pub fn nothing_recorded(&self) -> bool {
        self.cells.iter().all(|c| c.code == "not_recorded")
    }
}

/// How many cities stand at each status in one phase.
#[derive(Debug, Clone)]
pub struct PhaseCount {
    pub pillar: String,
    pub phase: String,
    /// (status code, label, count), in the legend's order.
    pub counts: Vec<(&'static str, String, i64)>,
}

/// A status of the legend: its code, label and what it means.
#[derive(Debug, Clone)]
pub struct LegendEntry {
    pub code: &'static str,
    pub label: String,
    pub meaning: String,
}

/// The order statuses are counted and explained in, `implied` among them.
pub const STANDING_CODES: [&str; 7] = [
    "awarded",
    "validated",
    "reported",
    "implied",
    "in_progress",
    "expired",
    "not_recorded",
];

#[derive(Template)]
#[template(path = "public/progress.html")]
pub struct ProgressPage {
    pub ctx: PageCtx,
    pub pillars: Vec<PillarView>,
    /// This page of the cities the filters keep.
    pub rows: Vec<BoardRow>,
    /// How many the filters keep, and the links to the other pages.
    pub pager: super::PageNav,
    pub counts: Vec<PhaseCount>,
    pub legend: Vec<LegendEntry>,
    pub deadline_legend: Vec<LegendEntry>,
    pub supported_options: Vec<FilterOption>,
    pub department_options: Vec<FilterOption>,
    pub pillar_options: Vec<FilterOption>,
    pub deadline_options: Vec<FilterOption>,
    pub filtered: bool,
    /// Cities on the board before filtering.
    pub total: usize,
    pub today: String,
    /// Cities with a commitment date recorded (deadlines can be counted for them only).
    pub with_commitment: usize,
    /// The chosen pillar has no phases (energy access).
    pub pillar_without_phases: Option<String>,
    /// Municipalities per phase, by status (SVG).
    pub chart: String,
}

impl ProgressPage {
    pub fn phase_count(&self) -> usize {
        self.pillars.iter().map(|p| p.phases.len()).sum()
    }
}

#[derive(Template)]
#[template(path = "public/methodology.html")]
pub struct MethodologyPage {
    pub ctx: PageCtx,
    pub pillars: Vec<PillarView>,
    pub legend: Vec<LegendEntry>,
    pub deadline_legend: Vec<LegendEntry>,
}

/// A badge of a city and where it comes from, in words.
#[derive(Debug, Clone)]
pub struct BadgeStandingView {
    pub kind: &'static str,
    pub label: String,
    pub basis: String,
    /// Whether a badge of this kind is recorded (not only derived from the ledger).
    pub recorded: bool,
}

/// A city's journey: commitment, phases by pillar, badges.
#[derive(Debug, Clone)]
pub struct JourneyView {
    pub commitment: Option<String>,
    pub commitment_source: Option<String>,
    pub pillars: Vec<(PillarView, Vec<CellView>)>,
    pub badges: Vec<BadgeStandingView>,
    pub implied_any: bool,
}

/// A plan as Peru knows it, in words.
#[derive(Debug, Clone)]
pub struct PlanView {
    pub id: i64,
    pub status_code: String,
    pub status: String,
    pub plan_type: Option<String>,
    pub ordinance: Option<String>,
    pub approval_date: Option<String>,
    pub horizon: Option<String>,
    pub term: Option<String>,
    pub document: Option<(String, String)>,
    /// Inferred from another fact, not reported as such by the source.
    pub inferred: bool,
}

/// One measure of a plan on its way into municipal planning and budget.
#[derive(Debug, Clone)]
pub struct MeasureView {
    pub title: String,
    pub pillar: Option<String>,
    pub sector: Option<String>,
    pub pei: Option<String>,
    pub poi: Option<String>,
    pub budget: Option<String>,
    pub programme: Option<String>,
}

/// One term's achievements, in words.
#[derive(Debug, Clone)]
pub struct TermView {
    pub term: Option<String>,
    pub items: Vec<String>,
}

#[derive(Template)]
#[template(path = "public/handover.html")]
pub struct HandoverPage {
    pub ctx: PageCtx,
    pub slug: String,
    pub name: String,
    pub today: String,
    pub next_term: String,
    pub next_term_starts: String,
    pub journey: JourneyView,
    pub terms: Vec<TermView>,
    pub due: Vec<CellView>,
    pub plans: Vec<PlanView>,
    pub measures: Vec<MeasureView>,
    pub page_url: String,
}

impl HandoverPage {
    pub fn meta_title(&self) -> String {
        format!("{} — {}", self.ctx.t("handover-title"), self.name)
    }
}

/// "3 años después del compromiso" / "3 years after committing", or "no deadline".
fn deadline_words(ctx: &PageCtx, phase: &Phase) -> String {
    match phase.deadline_years {
        Some(years) => ctx.t_count("phase-deadline-years", usize::try_from(years).unwrap_or(0)),
        None => ctx.t("phase-no-deadline"),
    }
}

/// The pillars with their phases (those of `only` when given), in words.
pub fn pillar_views(ctx: &PageCtx, framework: &Framework, only: Option<&str>) -> Vec<PillarView> {
    framework
        .pillars
        .iter()
        .filter(|p| only.is_none_or(|code| p.code == code))
        .map(|pillar| PillarView {
            code: pillar.code.clone(),
            name: ctx.pick(&pillar.name_es, &pillar.name_en).to_string(),
            description: ctx
                .pick(&pillar.description_es, &pillar.description_en)
                .to_string(),
            counts_for_compliance: pillar.counts_for_compliance != 0,
            phases: framework
                .phases_of(pillar.id)
                .map(|phase| PhaseView {
                    id: phase.id,
                    name: ctx.pick(&phase.name_es, &phase.name_en).to_string(),
                    description: ctx
                        .pick(&phase.description_es, &phase.description_en)
                        .to_string(),
                    deadline: deadline_words(ctx, phase),
                    basis: ctx
                        .pick_opt(&phase.deadline_basis_es, &phase.deadline_basis_en)
                        .to_string(),
                })
                .collect(),
        })
        .collect()
}

/// A date stored as YYYY-MM-DD, in words.
pub fn day(ctx: &PageCtx, date: time::Date) -> String {
    ctx.date(&date.to_string())
}

/// One cell of a city, in words.
pub fn cell_view(ctx: &PageCtx, framework: &Framework, cell: &PhaseCell) -> CellView {
    let phase = framework.phases.iter().find(|p| p.id == cell.phase_id);
    let pillar = phase.and_then(|p| framework.pillar(p.pillar_id));
    let implied = cell.standing.basis == PhaseBasis::ImpliedByCompliance;
    let entry = cell
        .entry
        .as_ref()
        .filter(|_| cell.standing.basis == PhaseBasis::Recorded);
    CellView {
        phase: phase.map_or(String::new(), |p| {
            ctx.pick(&p.name_es, &p.name_en).to_string()
        }),
        pillar: pillar.map_or(String::new(), |p| {
            ctx.pick(&p.name_es, &p.name_en).to_string()
        }),
        code: cell.standing.code(),
        status: ctx.label("phase-status", cell.standing.code()),
        year: cell.standing.year,
        deadline_code: cell.deadline_state.code(),
        deadline: ctx.t(cell.deadline_state.label_key()),
        deadline_date: cell.deadline.map(|d| day(ctx, d)),
        term: if implied {
            None
        } else {
            MunicipalTerm::of_stored_year(cell.standing.year).map(|t| t.to_string())
        },
        implied,
        evidence_url: entry.and_then(|e| e.evidence_url.clone()),
        note: entry
            .map(|e| ctx.pick_opt(&e.note_es, &e.note_en).to_string())
            .filter(|n| !n.is_empty()),
        recorded_on: entry.map(|e| ctx.date(&e.updated_at)),
    }
}

/// The statuses, with what each means.
pub fn legend(ctx: &PageCtx) -> Vec<LegendEntry> {
    STANDING_CODES
        .iter()
        .map(|code| LegendEntry {
            code,
            label: ctx.label("phase-status", code),
            meaning: ctx.label("phase-status-help", code),
        })
        .collect()
}

/// The deadline states, with what each means.
pub fn deadline_legend(ctx: &PageCtx) -> Vec<LegendEntry> {
    DeadlineState::ALL
        .iter()
        .map(|state| LegendEntry {
            code: state.code(),
            label: ctx.t(state.label_key()),
            meaning: ctx.label("deadline-help", state.code()),
        })
        .collect()
}

/// A board row of a city, with the cells of the shown phases.
pub fn board_row(
    ctx: &PageCtx,
    framework: &Framework,
    progress: &CityProgress,
    shown: &[i64],
) -> BoardRow {
    BoardRow {
        slug: progress.city.slug.clone(),
        name: progress.city.name.clone(),
        department: progress.city.department.clone(),
        supported: progress.city.supported_by_strategy != 0,
        commitment: progress.commitment.map(|d| day(ctx, d)),
        cells: progress
            .cells
            .iter()
            .filter(|c| shown.contains(&c.phase_id))
            .map(|c| cell_view(ctx, framework, c))
            .collect(),
    }
}

/// The counts of each shown phase from the store's (phase id, code, count) rows.
pub fn counted_phases(
    ctx: &PageCtx,
    framework: &Framework,
    counted: &[(i64, String, i64)],
    shown: &[i64],
) -> Vec<PhaseCount> {
    let by_phase = framework
        .phases
        .iter()
        .map(|phase| {
            let counts = counted
                .iter()
                .filter(|(id, _, _)| *id == phase.id)
                .map(|(_, code, count)| (code.clone(), *count))
                .collect();
            (phase.id, counts)
        })
        .collect();
    phase_count_views(ctx, framework, by_phase, shown)
}

/// A badge the ledger supports without one of its kind recorded, in words: how it is derived.
pub fn derived_basis(ctx: &PageCtx, kind: &'static str, year: Option<i64>) -> String {
    badge_view(
        ctx,
        &BadgeStanding {
            kind,
            recorded: None,
            from_ledger: Some(year),
        },
    )
    .basis
}

fn phase_count_views(
    ctx: &PageCtx,
    framework: &Framework,
    by_phase: Vec<(i64, std::collections::BTreeMap<String, i64>)>,
    shown: &[i64],
) -> Vec<PhaseCount> {
    by_phase
        .into_iter()
        .filter(|(id, _)| shown.contains(id))
        .filter_map(|(id, counts)| {
            let phase = framework.phases.iter().find(|p| p.id == id)?;
            let pillar = framework.pillar(phase.pillar_id)?;
            Some(PhaseCount {
                pillar: ctx.pick(&pillar.name_es, &pillar.name_en).to_string(),
                phase: ctx.pick(&phase.name_es, &phase.name_en).to_string(),
                counts: STANDING_CODES
                    .iter()
                    .map(|code| {
                        (
                            *code,
                            ctx.label("phase-status", code),
                            counts.get(*code).copied().unwrap_or(0),
                        )
                    })
                    .collect(),
            })
        })
        .collect()
}

fn badge_view(ctx: &PageCtx, badge: &BadgeStanding) -> BadgeStandingView {
    let year = |year: Option<i64>| year.map_or(ctx.t("badge-year-unknown"), |y| y.to_string());
    let basis = match (badge.recorded, badge.from_ledger) {
        (Some(recorded), Some(ledger)) => format!(
            "{} · {}",
            ctx.t_name("badge-basis-recorded", &year(recorded)),
            ctx.t_name("badge-basis-ledger-too", &year(ledger))
        ),
        (Some(recorded), None) => ctx.t_name("badge-basis-recorded", &year(recorded)),
        (None, Some(ledger)) => ctx.t_name(
            if badge.kind == "compliance" {
                "badge-basis-ledger-compliance"
            } else {
                "badge-basis-ledger-pillar"
            },
            &year(ledger),
        ),
        (None, None) => String::new(),
    };
    BadgeStandingView {
        kind: badge.kind,
        label: ctx.label("badge-kind", badge.kind),
        basis,
        recorded: badge.recorded.is_some(),
    }
}

/// A city's journey, in words.
pub fn journey(ctx: &PageCtx, framework: &Framework, progress: &CityProgress) -> JourneyView {
    let pillars = pillar_views(ctx, framework, None)
        .into_iter()
        .map(|pillar| {
            let cells = pillar
                .phases
                .iter()
                .filter_map(|phase| progress.cell(phase.id))
                .map(|cell| cell_view(ctx, framework, cell))
                .collect();
            (pillar, cells)
        })
        .collect();
    JourneyView {
        commitment: progress.commitment.map(|d| day(ctx, d)),
        commitment_source: progress.city.gcom_commitment_source.clone(),
        implied_any: progress
            .cells
            .iter()
            .any(|c| c.standing.basis == PhaseBasis::ImpliedByCompliance),
        pillars,
        badges: progress.badges.iter().map(|b| badge_view(ctx, b)).collect(),
    }
}

/// A plan in words.
pub fn plan_view(ctx: &PageCtx, plan: &PlanRecord) -> PlanView {
    let approved = plan.approval_date.as_deref().and_then(parse_date);
    PlanView {
        id: plan.id,
        status_code: plan.status.clone(),
        status: ctx.label("plan-status", &plan.status),
        plan_type: plan.plan_type.as_deref().map(|t| ctx.label("plan-type", t)),
        ordinance: plan.approval_instrument.clone(),
        approval_date: approved.map(|d| day(ctx, d)),
        horizon: match (plan.horizon_start, plan.horizon_end) {
            (Some(start), Some(end)) => Some(format!("{start}–{end}")),
            (Some(start), None) => Some(format!("{start}–")),
            (None, Some(end)) => Some(format!("–{end}")),
            (None, None) => None,
        },
        term: approved.map(|d| MunicipalTerm::of_date(d).to_string()),
        document: plan.document_slug.clone().map(|slug| {
            let title = ctx
                .pick_opt(&plan.document_title_es, &plan.document_title_en)
                .to_string();
            (crate::paths::document_download(&slug), title)
        }),
        inferred: plan.inferred != 0,
    }
}

/// A measure in words.
pub fn measure_view(ctx: &PageCtx, framework: &Framework, measure: &Measure) -> MeasureView {
    let poi = match (&measure.poi_activity, measure.poi_year) {
        (Some(activity), Some(year)) => Some(format!("{activity} ({year})")),
        (Some(activity), None) => Some(activity.clone()),
        (None, Some(year)) => Some(year.to_string()),
        (None, None) => None,
    };
    let budget = match (measure.budget_year, measure.budget_amount) {
        (Some(year), Some(amount)) => Some(format!("{year}: S/ {}", ctx.number(amount))),
        (None, Some(amount)) => Some(format!("S/ {}", ctx.number(amount))),
        (Some(year), None) => Some(year.to_string()),
        (None, None) => None,
    };
    MeasureView {
        title: ctx.pick(&measure.title_es, &measure.title_en).to_string(),
        pillar: measure
            .pillar_id
            .and_then(|id| framework.pillar(id))
            .map(|p| ctx.pick(&p.name_es, &p.name_en).to_string()),
        sector: measure.sector.as_deref().map(|s| ctx.label("sector", s)),
        pei: measure.pei_action.clone(),
        poi,
        budget,
        programme: measure.budget_programme.clone(),
    }
}

/// What each term achieved, in words.
pub fn term_views(
    ctx: &PageCtx,
    framework: &Framework,
    terms: &[(Option<MunicipalTerm>, Vec<Achievement>)],
    plans: &[PlanView],
) -> Vec<TermView> {
    terms
        .iter()
        .map(|(term, achievements)| TermView {
            term: term.map(|t| t.to_string()),
            items: achievements
                .iter()
                .map(|achievement| match achievement {
                    Achievement::Phase { phase_id, status } => {
                        let phase = framework.phases.iter().find(|p| p.id == *phase_id);
                        let pillar = phase.and_then(|p| framework.pillar(p.pillar_id));
                        format!(
                            "{} — {}: {}",
                            pillar.map_or("", |p| ctx.pick(&p.name_es, &p.name_en)),
                            phase.map_or("", |p| ctx.pick(&p.name_es, &p.name_en)),
                            ctx.label("phase-status", status.code())
                        )
                    }
                    Achievement::PlanApproved { plan_id } => {
                        let plan = plans.iter().find(|p| p.id == *plan_id);
                        let what = plan
                            .and_then(|p| p.plan_type.clone())
                            .unwrap_or_else(|| ctx.t("plan-type-unknown"));
                        let ordinance = plan.and_then(|p| p.ordinance.clone()).unwrap_or_default();
                        ctx.t_name("handover-plan-approved", &format!("{what} {ordinance}"))
                            .trim()
                            .to_string()
                    }
                    Achievement::Badge { kind } => {
                        ctx.t_name("handover-badge", &ctx.label("badge-kind", kind))
                    }
                })
                .collect(),
        })
        .collect()
}

/// The national roll-up, in words, for the plans page.
#[derive(Debug, Clone)]
pub struct RollupView {
    pub rollup: BudgetRollup,
    /// (year, "S/ 1 234 567", measures).
    pub by_year: Vec<(i64, String, i64)>,
}

pub fn rollup_view(ctx: &PageCtx, rollup: BudgetRollup) -> RollupView {
    RollupView {
        by_year: rollup
            .by_year
            .iter()
            .map(|(year, total, count)| (*year, format!("S/ {}", ctx.number(*total)), *count))
            .collect(),
        rollup,
    }
}
