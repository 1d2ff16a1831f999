//! The public pages of GCoM progress: the board (`/progress`), the methodology, and a city's
//! handover summary (`/cities/{slug}/handover`). A city's journey on its own page is built here
//! too, for `public::city`.

use axum::extract::State;
use axum::response::Html;
use serde::Deserialize;

use super::public::{non_blank, option};
use super::{ValidPath, ValidQuery, paging};
use crate::domain::progress::{
    DeadlineState, MunicipalTerm, commitment_bounds, date_text, today_in_peru,
};
use crate::error::{AppError, AppResult};
use crate::progress::{CityProgress, achievements_by_term, board, city_progress, due_next};
use crate::state::AppState;
use crate::store::{BoardQuery, DeadlineQuery, Framework, PhaseBounds, Store};
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
    /// The page of the board (the CSV has every row).
    page: Option<String>,
}

/// Municipalities on one page of the board.
const PROGRESS_PER_PAGE: usize = 50;

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

    /// The filters in the store's terms, as of `today`: the deadline state depends on each
    /// city's phases and on the day, so the store gets, for each phase shown, the commitment
    /// dates that divide its states (`commitment_bounds`); `keeps` remains the rule, and a
    /// test checks the two agree.
    pub(super) fn store_query(
        &self,
        framework: &Framework,
        shown: &[i64],
        today: time::Date,
    ) -> BoardQuery {
        let deadline = self.deadline.map(|state| DeadlineQuery {
            state: state.code(),
            phases: framework
                .phases
                .iter()
                .filter(|phase| shown.contains(&phase.id))
                .map(|phase| {
                    // A phase without a deadline never reaches the comparison: any bounds do.
                    let (overdue_before, on_track_from) =
                        commitment_bounds(phase.deadline_years.unwrap_or(0), today)
                            .unwrap_or((today, today));
                    PhaseBounds {
                        phase_id: phase.id,
                        overdue_before: date_text(overdue_before),
                        on_track_from: date_text(on_track_from),
                    }
                })
                .collect(),
        });
        BoardQuery {
            supported: self.supported,
            department: self.department.clone(),
            deadline,
        }
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

/// Every city's progress as of today (the CSVs of the board and the badges).
pub(crate) async fn all_progress(
    store: &Store,
    framework: &Framework,
) -> AppResult<Vec<CityProgress>> {
    let cities = store.progress_cities().await?;
    let entries = store.progress_entries(None).await?;
    let badges = store.recorded_badges(None).await?;
    Ok(board(framework, cities, &entries, &badges, today_in_peru()))
}

/// One page of the board: the cities `query` keeps, by name, `limit` from `offset`, with their
/// progress as of today. Only this page's cities, entries and badges are read.
pub(crate) async fn board_page(
    store: &Store,
    framework: &Framework,
    query: &BoardQuery,
    limit: usize,
    offset: usize,
) -> AppResult<Vec<CityProgress>> {
    let cities = store.board_cities(query, limit, offset).await?;
    let ids: Vec<i64> = cities.iter().map(|c| c.id).collect();
    let entries = store.progress_entries_of(&ids).await?;
    let badges = store.recorded_badges_of(&ids).await?;
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
    let page = paging::requested(&query.page, &ctx)?;
    let pillars = view::pillar_views(&ctx, &framework, filter.pillar.as_deref());
    let shown: Vec<i64> = pillars
        .iter()
        .flat_map(|p| p.phases.iter().map(|phase| phase.id))
        .collect();
    let today = today_in_peru();
    // Filtered, counted and paged in the store; progress is worked out for this page's cities
    // only, and the counts by phase are the store's.
    let board_query = filter.store_query(&framework, &shown, today);
    let matched = store.board_count(&board_query).await?;
    let window = paging::Window::of(page, PROGRESS_PER_PAGE, matched, &ctx)?;
    let rows = board_page(
        store,
        &framework,
        &board_query,
        window.per_page,
        window.offset(),
    )
    .await?;
    let (total, with_commitment) = store.board_totals().await?;
    let counted = store.board_standing_counts(&board_query, &shown).await?;
    let counts = view::counted_phases(&ctx, &framework, &counted, &shown);
    let pillar_without_phases = pillars
        .iter()
        .find(|p| p.phases.is_empty() && filter.pillar.is_some())
        .map(|p| p.name.clone());
    let kept = [
        ("supported", query.supported.as_deref().unwrap_or("")),
        ("department", query.department.as_deref().unwrap_or("")),
        ("pillar", query.pillar.as_deref().unwrap_or("")),
        ("deadline", query.deadline.as_deref().unwrap_or("")),
    ];
    render(&ProgressPage {
        rows: rows
            .iter()
            .map(|p| view::board_row(&ctx, &framework, p, &shown))
            .collect(),
        pager: paging::nav(&ctx, "/progress", &kept, window),
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
        today: view::day(&ctx, today),
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

/// Badges the phase ledger supports where no badge of its kind is recorded: the first
/// `limit` (by city), in words, and how many there are (the CSV lists them all).
pub(super) async fn derived_badges(
    store: &Store,
    ctx: &PageCtx,
    limit: usize,
) -> AppResult<(Vec<crate::views::DerivedBadge>, i64)> {
    let (badges, total) = store.ledger_badges(limit).await?;
    let derived = badges
        .into_iter()
        .filter_map(|badge| {
            let kind = crate::domain::BadgeKind::parse(&badge.kind)?.code();
            Some(crate::views::DerivedBadge {
                basis: view::derived_basis(ctx, kind, badge.year),
                slug: badge.slug,
                name: badge.name,
                kind,
            })
        })
        .collect();
    Ok((derived, total))
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
