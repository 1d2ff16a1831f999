//! The public pages of GCoM progress: the board (`/progress`), the methodology, and a city's
//! handover summary (`/cities/{slug}/handover`). A city's journey on its own page is built here
//! too, for `public::city`.

use axum::extract::State;
use axum::response::Html;
use serde::Deserialize;

use super::public::{non_blank, option};
use super::{ValidPath, ValidQuery};
use crate::domain::progress::{DeadlineState, MunicipalTerm, today_in_peru};
use crate::error::{AppError, AppResult};
use crate::progress::{CityProgress, achievements_by_term, board, city_progress, due_next};
use crate::state::AppState;
use crate::store::{Framework, Store};
use crate::views::progress::{
    self as view, HandoverPage, JourneyView, MeasureView, MethodologyPage, PlanView, ProgressPage,
};
use crate::views::{PageCtx, render};

/// The board's filters as they arrive; each is checked in `BoardFilter::parse`.
#[derive(Debug, Deserialize, Default)]
pub(super) struct ProgressQuery {
    supported: Option<String>,
    department: Option<String>,
    pillar: Option<String>,
    deadline: Option<String>,
}

/// The board's filters, checked.
#[derive(Debug, Default, PartialEq)]
pub(super) struct BoardFilter {
    supported: Option<bool>,
    department: Option<String>,
    pub(super) pillar: Option<String>,
    deadline: Option<DeadlineState>,
}

impl BoardFilter {
    pub(super) fn parse(
        query: &ProgressQuery,
        departments: &[String],
        framework: &Framework,
        ctx: &PageCtx,
    ) -> AppResult<BoardFilter> {
        let bad = |key: &str| AppError::BadRequest(ctx.t(key));
        let supported = match non_blank(&query.supported) {
            None => None,
            Some("yes") => Some(true),
            Some("no") => Some(false),
            Some(_) => return Err(bad("error-bad-supported")),
        };
        let department = match non_blank(&query.department) {
            None => None,
            Some(d) if departments.iter().any(|known| known == d) => Some(d.to_string()),
            Some(_) => return Err(bad("error-bad-department")),
        };
        let pillar = match non_blank(&query.pillar) {
            None => None,
            Some(code) if framework.pillars.iter().any(|p| p.code == code) => {
                Some(code.to_string())
            }
            Some(_) => return Err(bad("error-bad-pillar")),
        };
        let deadline = match non_blank(&query.deadline) {
            None => None,
            Some(code) => {
                Some(DeadlineState::parse(code).ok_or_else(|| bad("error-bad-deadline"))?)
            }
        };
        Ok(BoardFilter {
            supported,
            department,
            pillar,
            deadline,
        })
    }

    /// Whether a city's row is kept: its place, and a shown phase in the chosen deadline state.
    pub(super) fn keeps(&self, progress: &CityProgress, shown: &[i64]) -> bool {
        let city = &progress.city;
        self.supported
            .is_none_or(|s| (city.supported_by_strategy != 0) == s)
            && self
                .department
                .as_deref()
                .is_none_or(|d| city.department == d)
            && self.deadline.is_none_or(|state| {
                progress
                    .cells
                    .iter()
                    .any(|c| shown.contains(&c.phase_id) && c.deadline_state == state)
            })
    }
}

/// Every city's progress as of today (the board, its CSV, the API).
pub(crate) async fn all_progress(
    store: &Store,
    framework: &Framework,
) -> AppResult<Vec<CityProgress>> {
    let cities = store.progress_cities().await?;
    let entries = store.progress_entries(None).await?;
    let badges = store.recorded_badges(None).await?;
    Ok(board(framework, cities, &entries, &badges, today_in_peru()))
}

/// One city's progress as of today; `None` for a municipality the store does not hold.
pub(crate) async fn progress_of(
    store: &Store,
    framework: &Framework,
    municipality_id: i64,
) -> AppResult<Option<CityProgress>> {
    let Some(city) = store.progress_city(municipality_id).await? else {
        return Ok(None);
    };
    let entries = store.progress_entries(Some(municipality_id)).await?;
    let badges = store.recorded_badges(Some(municipality_id)).await?;
    Ok(Some(city_progress(
        framework,
        city,
        &entries,
        &badges,
        today_in_peru(),
    )))
}

pub(super) async fn progress(
    State(state): State<AppState>,
    ctx: PageCtx,
    ValidQuery(query): ValidQuery<ProgressQuery>,
) -> AppResult<Html<String>> {
    let store = &state.store;
    let framework = store.framework().await?;
    let departments = store.departments().await?;
    let filter = BoardFilter::parse(&query, &departments, &framework, &ctx)?;
    let pillars = view::pillar_views(&ctx, &framework, filter.pillar.as_deref());
    let shown: Vec<i64> = pillars
        .iter()
        .flat_map(|p| p.phases.iter().map(|phase| phase.id))
        .collect();
    let everything = all_progress(store, &framework).await?;
    let total = everything.len();
    let with_commitment = everything.iter().filter(|p| p.commitment.is_some()).count();
    let kept: Vec<CityProgress> = everything
        .into_iter()
        .filter(|p| filter.keeps(p, &shown))
        .collect();
    let pillar_without_phases = pillars
        .iter()
        .find(|p| p.phases.is_empty() && filter.pillar.is_some())
        .map(|p| p.name.clone());
    let counts = view::phase_counts(&ctx, &framework, &kept, &shown);
    render(&ProgressPage {
        rows: kept
            .iter()
            .map(|p| view::board_row(&ctx, &framework, p, &shown))
            .collect(),
        chart: crate::views::charts::phases(&ctx, &counts),
        counts,
        legend: view::legend(&ctx),
        deadline_legend: view::deadline_legend(&ctx),
        supported_options: supported_options(&ctx, &query),
        department_options: department_options(&ctx, &query, &departments),
        pillar_options: pillar_options(&ctx, &query, &framework),
        deadline_options: deadline_options(&ctx, &query),
        filtered: filter != BoardFilter::default(),
        total,
        today: view::day(&ctx, today_in_peru()),
        with_commitment,
        pillar_without_phases,
        pillars,
        ctx,
    })
}

fn supported_options(ctx: &PageCtx, query: &ProgressQuery) -> Vec<crate::views::FilterOption> {
    let current = non_blank(&query.supported);
    vec![
        option("", ctx.t("filter-any"), current.or(Some(""))),
        option("yes", ctx.t("filter-supported-yes"), current),
        option("no", ctx.t("filter-supported-no"), current),
    ]
}

fn department_options(
    ctx: &PageCtx,
    query: &ProgressQuery,
    departments: &[String],
) -> Vec<crate::views::FilterOption> {
    let current = non_blank(&query.department);
    std::iter::once(option("", ctx.t("filter-any"), current.or(Some(""))))
        .chain(departments.iter().map(|d| option(d, d.clone(), current)))
        .collect()
}

fn pillar_options(
    ctx: &PageCtx,
    query: &ProgressQuery,
    framework: &Framework,
) -> Vec<crate::views::FilterOption> {
    let current = non_blank(&query.pillar);
    std::iter::once(option(
        "",
        ctx.t("filter-all-pillars"),
        current.or(Some("")),
    ))
    .chain(framework.pillars.iter().map(|p| {
        option(
            &p.code,
            ctx.pick(&p.name_es, &p.name_en).to_string(),
            current,
        )
    }))
    .collect()
}

fn deadline_options(ctx: &PageCtx, query: &ProgressQuery) -> Vec<crate::views::FilterOption> {
    let current = non_blank(&query.deadline);
    std::iter::once(option("", ctx.t("filter-any"), current.or(Some(""))))
        .chain(
            DeadlineState::ALL
                .iter()
                .map(|s| option(s.code(), ctx.t(s.label_key()), current)),
        )
        .collect()
}

/// Every badge the phase ledger supports where no badge of its kind is recorded for the city.
pub(super) async fn derived_badges(
    store: &Store,
    ctx: &PageCtx,
) -> AppResult<Vec<crate::views::DerivedBadge>> {
    let framework = store.framework().await?;
    let mut derived = Vec::new();
    for progress in all_progress(store, &framework).await? {
        let views = view::journey(ctx, &framework, &progress).badges;
        for badge in views.into_iter().filter(|b| !b.recorded) {
            derived.push(crate::views::DerivedBadge {
                slug: progress.city.slug.clone(),
                name: progress.city.name.clone(),
                kind: badge.kind,
                basis: badge.basis,
            });
        }
    }
    Ok(derived)
}

pub(super) async fn methodology(
    State(state): State<AppState>,
    ctx: PageCtx,
) -> AppResult<Html<String>> {
    let framework = state.store.framework().await?;
    render(&MethodologyPage {
        pillars: view::pillar_views(&ctx, &framework, None),
        legend: view::legend(&ctx),
        deadline_legend: view::deadline_legend(&ctx),
        ctx,
    })
}

/// What a city's page and handover show of its progress.
pub(super) struct CityProgressViews {
    pub journey: JourneyView,
    pub plans: Vec<PlanView>,
    pub measures: Vec<MeasureView>,
    pub progress: CityProgress,
    pub framework: Framework,
}

/// A city's progress, plans and measures, in words.
pub(super) async fn city_progress_views(
    store: &Store,
    ctx: &PageCtx,
    municipality_id: i64,
) -> AppResult<CityProgressViews> {
    let framework = store.framework().await?;
    let progress = progress_of(store, &framework, municipality_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let plans = store
        .plan_records_of(municipality_id)
        .await?
        .iter()
        .map(|p| view::plan_view(ctx, p))
        .collect();
    let measures = store
        .measures_of(municipality_id)
        .await?
        .iter()
        .map(|m| view::measure_view(ctx, &framework, m))
        .collect();
    Ok(CityProgressViews {
        journey: view::journey(ctx, &framework, &progress),
        plans,
        measures,
        progress,
        framework,
    })
}

/// The card at the top of a city's page.
pub(super) fn city_summary(
    ctx: &PageCtx,
    views: &CityProgressViews,
    badges: &[crate::store::Badge],
    latest_plan: Option<&crate::store::Plan>,
    last_change: &str,
) -> crate::views::CitySummary {
    let recorded: Vec<String> = badges
        .iter()
        .map(|b| ctx.label("badge-kind", &b.kind))
        .collect();
    let badges = if recorded.is_empty() {
        ctx.t("summary-no-badges")
    } else {
        format!(
            "{}: {}",
            ctx.t_count("summary-badges", recorded.len()),
            recorded.join(", ")
        )
    };
    let cells = &views.progress.cells;
    let total = cells.len();
    let implied = cells
        .iter()
        .filter(|c| c.standing.basis == crate::domain::progress::PhaseBasis::ImpliedByCompliance)
        .count();
    let recorded_phases = cells
        .iter()
        .filter(|c| c.standing.basis == crate::domain::progress::PhaseBasis::Recorded)
        .count();
    let delivered = cells.iter().filter(|c| c.standing.is_delivered()).count();
    let journey = if recorded_phases == 0 && implied == 0 {
        ctx.t("summary-no-phases")
    } else {
        let mut words = ctx.t_name("summary-phases-delivered", &format!("{delivered}/{total}"));
        if implied > 0 {
            words.push_str(&format!(
                " ({})",
                ctx.t_count("summary-phases-implied", implied)
            ));
        }
        words
    };
    let (plan, plan_status, plan_inferred) = match latest_plan {
        Some(plan) => (
            ctx.label("plan-status", &plan.status),
            Some(plan.status.clone()),
            plan.inferred != 0,
        ),
        None => (ctx.t("plan-none-recorded"), None, false),
    };
    crate::views::CitySummary {
        badges,
        plan,
        plan_status,
        plan_inferred,
        journey,
        last_change: ctx.date(last_change),
    }
}

/// A city's summary card, for its page and what other sites show of it.
pub(super) async fn summary_of(
    store: &Store,
    ctx: &PageCtx,
    slug: &str,
) -> AppResult<(crate::store::Municipality, crate::views::CitySummary)> {
    let municipality = store
        .municipality_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let views = city_progress_views(store, ctx, municipality.id).await?;
    let badges = store.badges_of(municipality.id).await?;
    let plans = store.plans_of(municipality.id).await?;
    let last_change = store.city_last_change(municipality.id).await?;
    let summary = city_summary(ctx, &views, &badges, plans.first(), &last_change);
    Ok((municipality, summary))
}

/// A city's badge image for other sites: cacheable for an hour, with an ETag of its bytes.
pub(super) async fn badge_svg(
    State(state): State<AppState>,
    ctx: PageCtx,
    ValidPath(slug): ValidPath<String>,
    headers: axum::http::HeaderMap,
) -> AppResult<axum::response::Response> {
    let (municipality, summary) = summary_of(&state.store, &ctx, &slug).await?;
    let svg = crate::views::embed::badge_svg(&ctx, &municipality.name, &summary);
    Ok(super::cached_bytes(
        &headers,
        "image/svg+xml",
        svg.into_bytes(),
        "public, max-age=3600",
    ))
}

/// The compact page other sites may frame.
pub(super) async fn embed(
    State(state): State<AppState>,
    ctx: PageCtx,
    ValidPath(slug): ValidPath<String>,
) -> AppResult<Html<String>> {
    let (municipality, summary) = summary_of(&state.store, &ctx, &slug).await?;
    render(&crate::views::embed::EmbedPage {
        name: municipality.name,
        city_url: format!(
            "{}{}",
            ctx.base_url,
            ctx.link(crate::paths::city(&municipality.slug))
        ),
        summary,
        ctx,
    })
}

pub(super) async fn handover(
    State(state): State<AppState>,
    ctx: PageCtx,
    ValidPath(slug): ValidPath<String>,
) -> AppResult<Html<String>> {
    let store = &state.store;
    let municipality = store
        .municipality_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let views = city_progress_views(store, &ctx, municipality.id).await?;
    let plan_records = store.plan_records_of(municipality.id).await?;
    let badges = store.recorded_badges(Some(municipality.id)).await?;
    let terms = achievements_by_term(&views.progress, &plan_records, &badges);
    let today = today_in_peru();
    let next_term = MunicipalTerm::of_date(today).next();
    render(&HandoverPage {
        slug: municipality.slug.clone(),
        name: municipality.name.clone(),
        today: view::day(&ctx, today),
        next_term: next_term.to_string(),
        next_term_starts: next_term
            .first_day()
            .map(|d| view::day(&ctx, d))
            .unwrap_or_default(),
        terms: view::term_views(&ctx, &views.framework, &terms, &views.plans),
        due: due_next(&views.progress)
            .into_iter()
            .map(|cell| view::cell_view(&ctx, &views.framework, cell))
            .collect(),
        page_url: ctx.canonical_url(),
        journey: views.journey,
        plans: views.plans,
        measures: views.measures,
        ctx,
    })
}
