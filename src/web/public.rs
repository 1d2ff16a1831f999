//! The public pages (DESIGN.md §3). The same router serves Spanish at the plain paths and English
//! under `/en`; the language comes from `PageCtx`.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, Method};
use axum::response::{Html, Response};
use axum::routing::get;
use serde::Deserialize;

use super::{ValidPath, ValidQuery, downloads, paging, progress, share};
use crate::domain::{BadgeKind, OrganisationRole, PlanStatus, fold_for_search};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::store::{MunicipalityFilter, MunicipalitySummary, PLAN_NONE};
use crate::views::map::{MapCity, MapText, cities_map};
use crate::views::{
    AboutPage, BadgeTallyRow, BadgeYearCount, BadgesPage, CitiesPage, CityMap, CityPage,
    DiplomaPage, ExchangeView, ExchangesPage, FilterOption, GuidePage, GuidesPage, HomePage,
    PageCtx, PlanGroup, PlansPage, render,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/preview.png", get(share::home_preview))
        .route("/cities", get(cities))
        .route("/cities/{slug}", get(city))
        .route("/cities/{slug}/handover", get(progress::handover))
        .route("/cities/{slug}/badge.svg", get(progress::badge_svg))
        .route("/cities/{slug}/preview.png", get(share::city_preview))
        .route("/embed/cities/{slug}", get(progress::embed))
        .route("/progress", get(progress::progress))
        .route("/methodology", get(progress::methodology))
        // The open-data page and the public dump (issue 11).
        .merge(super::open_data::router())
        .route("/badges", get(badges))
        .route("/plans", get(plans))
        .route("/guides", get(guides))
        .route("/guides/{slug}", get(guide))
        .route("/guides/{slug}/download", get(guide_download))
        .route("/documents/{slug}/download", get(document_download))
        .route("/diploma", get(diploma))
        .route("/exchanges", get(exchanges))
        .route("/about", get(about))
        .merge(super::csv::router())
}

/// Figures shown on the home page, in this order, with the page that tells more.
const HEADLINE_FIGURES: &[(&str, &str)] = &[
    ("cities_supported", "/cities?supported=yes"),
    ("badges_total", "/badges"),
    ("badge_cities", "/badges"),
    ("iuc_advanced_plans", "/plans"),
    ("plan_summary_sheets", "/plans"),
    ("new_commitments", "/about"),
];

/// How many changes the home page lists.
const LATEST_CHANGES: usize = 6;

pub async fn home(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Html<String>> {
    let store = &state.store;
    let figures = store.reported_figures().await?;
    let headline = HEADLINE_FIGURES
        .iter()
        .filter_map(|(key, path)| {
            let figure = figures.iter().find(|f| f.key == *key)?;
            Some((figure.clone(), ctx.url(path)))
        })
        .collect();
    let coordinators = store
        .organisations()
        .await?
        .into_iter()
        .filter(|o| o.role == OrganisationRole::NationalCoordinator.code())
        .collect();
    let municipalities = national_map_cities(store).await?;
    render(&HomePage {
        strategy: store.strategy().await?,
        objectives: store.objectives().await?,
        headline,
        coordinators,
        programmes: store.programmes().await?,
        map: city_map(&ctx, &municipalities, "home-map"),
        chart: home_chart(&ctx, &figures, store).await?,
        changes: latest_changes(store, &ctx, LATEST_CHANGES).await?,
        ctx,
    })
}

/// Most municipalities a national map places: marker placement grows with the square of
/// their number (see `map::place_markers`).
const NATIONAL_MAP_LIMIT: usize = 300;

/// The municipalities the national maps show (the home page and its preview image): every one
/// while they fit; beyond, those the strategy supports, as many as fit (the list pages map
/// their own page of municipalities).
pub(super) async fn national_map_cities(
    store: &crate::store::Store,
) -> AppResult<Vec<MunicipalitySummary>> {
    let all = MunicipalityFilter::default();
    if store.count_municipalities(&all).await? <= NATIONAL_MAP_LIMIT {
        return Ok(store.list_municipalities(&all).await?);
    }
    let supported = MunicipalityFilter {
        supported: Some(true),
        ..MunicipalityFilter::default()
    };
    Ok(store
        .list_municipalities_page(&supported, NATIONAL_MAP_LIMIT, 0)
        .await?)
}

/// The home page's chart: badges by kind, reported and recorded.
async fn home_chart(
    ctx: &PageCtx,
    figures: &[crate::store::ReportedFigure],
    store: &crate::store::Store,
) -> AppResult<String> {
    let counts = store.badge_counts().await?;
    let tally = badge_tally(figures, &counts);
    Ok(crate::views::charts::badges_by_kind(
        ctx,
        "home-chart",
        &tally,
    ))
}

/// Badges by kind: the reported national figure and how many are recorded by city (counted
/// by the store, by kind and year), then the total.
fn badge_tally(
    figures: &[crate::store::ReportedFigure],
    counts: &[crate::store::BadgeCount],
) -> Vec<BadgeTallyRow> {
    let reported = |key: &str| figures.iter().find(|f| f.key == key).map(|f| f.value);
    let mut tally: Vec<BadgeTallyRow> = BadgeKind::ALL
        .iter()
        .map(|kind| BadgeTallyRow {
            kind: kind.code().to_string(),
            reported: reported(&format!("badges_{}", kind.code())),
            recorded: counts
                .iter()
                .filter(|c| c.kind == kind.code())
                .map(|c| c.count)
                .sum(),
        })
        .collect();
    tally.push(BadgeTallyRow {
        kind: "total".to_string(),
        reported: reported("badges_total"),
        recorded: counts.iter().map(|c| c.count).sum(),
    });
    tally
}

/// Revisions read per change asked for: most edits (a typo fixed) are not news, and are
/// skipped.
const REVISIONS_PER_CHANGE: usize = 10;

/// The latest changes the public follows, in words, at most `limit` (the home page and the
/// feed share it).
pub(super) async fn latest_changes(
    store: &crate::store::Store,
    ctx: &PageCtx,
    limit: usize,
) -> AppResult<Vec<crate::views::changes::ChangeView>> {
    use crate::views::changes::{FOLLOWED, Names};
    let wanted = i64::try_from(limit.saturating_mul(REVISIONS_PER_CHANGE)).unwrap_or(i64::MAX);
    let revisions = store.recent_revisions_of(&FOLLOWED, wanted).await?;
    if revisions.is_empty() {
        return Ok(Vec::new());
    }
    // Only the municipalities these revisions name, not every one.
    let ids: Vec<i64> = revisions
        .iter()
        .filter_map(|r| r.after_json.as_deref())
        .filter_map(|json| serde_json::from_str::<serde_json::Value>(json).ok())
        .filter_map(|after| after.get("municipality_id").and_then(|id| id.as_i64()))
        .collect();
    let municipalities = store
        .municipality_names_of(&ids)
        .await?
        .into_iter()
        .map(|(id, name, slug)| (id, (name, slug)))
        .collect();
    let framework = store.framework().await?;
    let names = Names {
        municipalities: &municipalities,
        framework: &framework,
    };
    Ok(crate::views::changes::latest_changes(
        ctx, &revisions, &names, limit,
    ))
}

/// The list filters as they arrive; each is validated in `parse_filter`.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct CitiesQuery {
    pub(crate) supported: Option<String>,
    pub(crate) department: Option<String>,
    pub(crate) badge: Option<String>,
    pub(crate) plan: Option<String>,
    pub(crate) q: Option<String>,
    /// The page of the list (`/cities` only; the CSV and the API have their own paging).
    pub(crate) page: Option<String>,
}

/// Municipalities on one page of `/cities`.
pub(crate) const CITIES_PER_PAGE: usize = 50;

const MAX_SEARCH_LENGTH: usize = 100;

/// Blank values mean "any".
pub(super) fn non_blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The list filters checked, with messages in `lang`; the JSON API shares them.
pub(crate) fn parse_filter(
    query: &CitiesQuery,
    departments: &[String],
    lang: crate::i18n::Lang,
) -> AppResult<MunicipalityFilter> {
    let bad = |key: &str| AppError::BadRequest(lang.t(key));
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
    let badge_kind = match non_blank(&query.badge) {
        None => None,
        Some(code) => Some(
            BadgeKind::parse(code)
                .ok_or_else(|| bad("error-bad-badge-kind"))?
                .code()
                .to_string(),
        ),
    };
    let plan_status = match non_blank(&query.plan) {
        None => None,
        Some(PLAN_NONE) => Some(PLAN_NONE.to_string()),
        Some(code) => Some(
            PlanStatus::parse(code)
                .ok_or_else(|| bad("error-bad-plan-status"))?
                .code()
                .to_string(),
        ),
    };
    let name_query = match non_blank(&query.q) {
        None => None,
        Some(q) if q.chars().count() > MAX_SEARCH_LENGTH => {
            return Err(bad("error-search-too-long"));
        }
        Some(q) => Some(fold_for_search(q)).filter(|folded| !folded.is_empty()),
    };
    Ok(MunicipalityFilter {
        supported,
        department,
        badge_kind,
        plan_status,
        name_query,
    })
}

pub(super) fn option(value: &str, label: String, current: Option<&str>) -> FilterOption {
    FilterOption {
        value: value.to_string(),
        label,
        selected: current == Some(value),
    }
}

async fn cities(
    State(state): State<AppState>,
    ctx: PageCtx,
    ValidQuery(query): ValidQuery<CitiesQuery>,
) -> AppResult<Html<String>> {
    let store = &state.store;
    let departments = store.departments().await?;
    let filter = parse_filter(&query, &departments, ctx.lang)?;
    let page = paging::requested(&query.page, &ctx)?;
    // Counted and read a page at a time in the store: a list of ten thousand municipalities
    // costs one page of rows, not all of them.
    let total = store.count_municipalities(&filter).await?;
    let window = paging::Window::of(page, CITIES_PER_PAGE, total, &ctx)?;
    let municipalities = store
        .list_municipalities_page(&filter, window.per_page, window.offset())
        .await?;
    let kept = [
        ("supported", query.supported.as_deref().unwrap_or("")),
        ("department", query.department.as_deref().unwrap_or("")),
        ("badge", query.badge.as_deref().unwrap_or("")),
        ("plan", query.plan.as_deref().unwrap_or("")),
        ("q", query.q.as_deref().unwrap_or("")),
    ];
    let pager = paging::nav(&ctx, "/cities", &kept, window);

    let supported = non_blank(&query.supported);
    let supported_options = vec![
        option("", ctx.t("filter-any"), supported.or(Some(""))),
        option("yes", ctx.t("filter-supported-yes"), supported),
        option("no", ctx.t("filter-supported-no"), supported),
    ];
    let department = non_blank(&query.department);
    let department_options =
        std::iter::once(option("", ctx.t("filter-any"), department.or(Some(""))))
            .chain(departments.iter().map(|d| option(d, d.clone(), department)))
            .collect();
    let badge = non_blank(&query.badge);
    let badge_options = std::iter::once(option("", ctx.t("filter-any"), badge.or(Some(""))))
        .chain(
            BadgeKind::ALL
                .iter()
                .map(|k| option(k.code(), ctx.t(k.label_key()), badge)),
        )
        .collect();
    let plan = non_blank(&query.plan);
    let plan_options = std::iter::once(option("", ctx.t("filter-any"), plan.or(Some(""))))
        .chain(
            PlanStatus::ALL
                .iter()
                .map(|s| option(s.code(), ctx.t(s.label_key()), plan)),
        )
        .chain(std::iter::once(option(
            PLAN_NONE,
            ctx.t("filter-plan-none"),
            plan,
        )))
        .collect();

    // The map shows the municipalities of this page, as the table does.
    let map = city_map(&ctx, &municipalities, "cities-map");
    let nationally = if municipalities.is_empty() {
        national_note(store, &ctx, &filter).await?
    } else {
        None
    };
    render(&CitiesPage {
        nationally,
        filtered: filter != MunicipalityFilter::default(),
        name_query: query.q.clone().unwrap_or_default(),
        municipalities,
        pager,
        supported_options,
        department_options,
        badge_options,
        plan_options,
        map,
        ctx,
    })
}

/// When a badge filter finds no city: what the source reports nationally for that kind, and
/// that it names no cities.
async fn national_note(
    store: &crate::store::Store,
    ctx: &PageCtx,
    filter: &MunicipalityFilter,
) -> AppResult<Option<String>> {
    let Some(kind) = filter.badge_kind.as_deref() else {
        return Ok(None);
    };
    let figures = store.reported_figures().await?;
    let Some(figure) = figures.iter().find(|f| f.key == format!("badges_{kind}")) else {
        return Ok(None);
    };
    let reported = ctx.lang.t_with(
        "cities-none-nationally",
        &[
            (
                "count",
                crate::i18n::FluentArg::from(ctx.number(figure.value)),
            ),
            (
                "kind",
                crate::i18n::FluentArg::from(ctx.label("badge-kind", kind)),
            ),
        ],
    );
    Ok(Some(format!("{reported} {}", ctx.t("cities-none-why"))))
}

/// The map of the listed municipalities that have coordinates, coloured by plan status.
pub(super) fn city_map(ctx: &PageCtx, listed: &[MunicipalitySummary], id: &str) -> CityMap {
    let code_of = |m: &MunicipalitySummary| m.plan_status.clone().unwrap_or_else(|| "none".into());
    let label_of = |code: &str| match code {
        "none" => ctx.t("plan-none-recorded"),
        code => ctx.label("plan-status", code),
    };
    let cities: Vec<MapCity> = listed
        .iter()
        .filter_map(|m| {
            let code = code_of(m);
            Some(MapCity {
                name: m.name.clone(),
                href: ctx.city_url(&m.slug),
                latitude: m.latitude?,
                longitude: m.longitude?,
                status: label_of(&code),
                code,
            })
        })
        .collect();
    if cities.is_empty() {
        return CityMap::default();
    }
    let mut codes: Vec<String> = cities.iter().map(|c| c.code.clone()).collect();
    let order = |code: &String| {
        PlanStatus::ALL
            .iter()
            .position(|s| s.code() == code)
            .unwrap_or(99)
    };
    codes.sort_by_key(order);
    codes.dedup();
    let text = MapText {
        id: id.to_string(),
        title: ctx.t("map-title"),
        inset_title: ctx.t("map-inset"),
        country: ctx.t("map-country"),
        group: ctx.t("map-group"),
    };
    CityMap {
        svg: cities_map(&cities, &text),
        legend: codes
            .into_iter()
            .map(|code| {
                let label = label_of(&code);
                (code, label)
            })
            .collect(),
        shown: cities.len(),
    }
}

async fn city(
    State(state): State<AppState>,
    ctx: PageCtx,
    ValidPath(slug): ValidPath<String>,
) -> AppResult<Html<String>> {
    let store = &state.store;
    let municipality = store
        .municipality_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let id = municipality.id;
    let progress = progress::city_progress_views(store, &ctx, id).await?;
    let plans = store.plans_of(id).await?;
    let badges = store.badges_of(id).await?;
    let summary = progress::city_summary(
        &ctx,
        &progress,
        &badges,
        plans.first(),
        &store.city_last_change(id).await?,
    );
    let locator = match (municipality.latitude, municipality.longitude) {
        (Some(latitude), Some(longitude)) => crate::views::map::locator_map(
            latitude,
            longitude,
            municipality.ubigeo.as_deref(),
            &ctx.t_name("city-locator", &municipality.name),
        ),
        _ => String::new(),
    };
    render(&CityPage {
        summary,
        locator,
        journey: progress.journey,
        plan_views: progress.plans,
        measures: progress.measures,
        badges,
        plans,
        history: store.plan_history_of(id).await?,
        programmes: store.programmes_of(id).await?,
        cohorts: store.diploma_cohorts_of(id).await?,
        exchanges: store.exchanges_of(id).await?,
        forum: store.forum_seats_of(id).await?,
        documents: store.documents_of(id).await?,
        municipality,
        ctx,
    })
}

/// The badge page's list as it arrives.
#[derive(Debug, Deserialize, Default)]
struct BadgesQuery {
    page: Option<String>,
}

/// Recorded badges on one page of `/badges`.
const BADGES_PER_PAGE: usize = 100;
/// Compliance cities and ledger-derived badges named on `/badges`; the rest are a link away
/// (the filtered city list, the CSV).
const BADGES_NAMED: usize = 100;

async fn badges(
    State(state): State<AppState>,
    ctx: PageCtx,
    ValidQuery(query): ValidQuery<BadgesQuery>,
) -> AppResult<Html<String>> {
    let store = &state.store;
    let page = paging::requested(&query.page, &ctx)?;
    let figures = store.reported_figures().await?;
    let reported = |key: &str| figures.iter().find(|f| f.key == key).map(|f| f.value);
    // Tallies are counted by the store; the list of recorded badges is read a page at a time.
    let counts = store.badge_counts().await?;
    let tally = badge_tally(&figures, &counts);
    let mut by_year: Vec<BadgeYearCount> = counts
        .iter()
        .map(|c| BadgeYearCount {
            kind: c.kind.clone(),
            year: c.year,
            count: c.count,
        })
        .collect();
    // Undated first within a kind on either store (they sort NULLs differently).
    by_year.sort_by(|a, b| (&a.kind, a.year).cmp(&(&b.kind, b.year)));
    let total: i64 = counts.iter().map(|c| c.count).sum();
    let window = paging::Window::of(
        page,
        BADGES_PER_PAGE,
        usize::try_from(total).unwrap_or(0),
        &ctx,
    )?;
    let badges = store
        .badges_page(None, window.per_page, window.offset())
        .await?;
    let (compliance, compliance_total) = store
        .cities_with_badge(BadgeKind::Compliance.code(), BADGES_NAMED)
        .await?;
    let (derived, derived_total) = progress::derived_badges(store, &ctx, BADGES_NAMED).await?;
    let source_figure = figures.iter().find(|f| f.key == "badges_total");
    let chart = crate::views::charts::badges_by_kind(&ctx, "badges-chart", &tally);
    render(&BadgesPage {
        derived,
        derived_total,
        chart,
        reported_cities: reported("badge_cities"),
        recorded_cities: store.badge_city_count().await?,
        tally,
        by_year,
        compliance,
        compliance_total,
        source: source_figure
            .map(|f| ctx.pick(&f.source_es, &f.source_en).to_string())
            .unwrap_or_default(),
        as_of: source_figure.map(|f| f.as_of.clone()).unwrap_or_default(),
        badges,
        pager: paging::nav(&ctx, "/badges", &[], window),
        ctx,
    })
}

async fn plans(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Html<String>> {
    let store = &state.store;
    let all = store.all_plans().await?;
    let groups: Vec<PlanGroup> = PlanStatus::ALL
        .iter()
        .map(|status| PlanGroup {
            status: status.code().to_string(),
            plans: all
                .iter()
                .filter(|p| p.status == status.code())
                .cloned()
                .collect(),
        })
        .collect();
    let without_plan = store
        .list_municipalities(&MunicipalityFilter {
            plan_status: Some(PLAN_NONE.to_string()),
            ..MunicipalityFilter::default()
        })
        .await?;
    let figures = store
        .reported_figures()
        .await?
        .into_iter()
        .filter(|f| f.key == "plan_summary_sheets" || f.key == "iuc_advanced_plans")
        .collect();
    let rollup = crate::views::progress::rollup_view(&ctx, store.budget_rollup().await?);
    let counts: Vec<(String, usize)> = groups
        .iter()
        .map(|g: &PlanGroup| (g.status.clone(), g.plans.len()))
        .collect();
    let chart = crate::views::charts::plans_by_status(&ctx, &counts, without_plan.len());
    let budget_chart = if rollup.rollup.by_year.is_empty() {
        String::new()
    } else {
        crate::views::charts::budget_by_year(&ctx, &rollup.rollup.by_year)
    };
    render(&PlansPage {
        chart,
        budget_chart,
        groups,
        without_plan,
        figures,
        rollup,
        ctx,
    })
}

async fn guides(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Html<String>> {
    let strategy = state.store.strategy().await?;
    render(&GuidesPage {
        guides: state.store.guides().await?,
        documents_note: ctx
            .pick(&strategy.documents_note_es, &strategy.documents_note_en)
            .to_string(),
        ctx,
    })
}

async fn guide(
    State(state): State<AppState>,
    ctx: PageCtx,
    ValidPath(slug): ValidPath<String>,
) -> AppResult<Html<String>> {
    let guide = state
        .store
        .guide_by_slug(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&GuidePage { guide, ctx })
}

/// A guide's current file. Until a guide is published with a file, the public gets a 404 page
/// that says it is pending approval.
async fn guide_download(
    State(state): State<AppState>,
    ctx: PageCtx,
    ValidPath(slug): ValidPath<String>,
    method: Method,
    headers: HeaderMap,
) -> AppResult<Response> {
    download(&state, &ctx, &slug, Some("guide"), &method, &headers).await
}

/// Any published document's current file (plan documents, summary sheets, articles).
async fn document_download(
    State(state): State<AppState>,
    ctx: PageCtx,
    ValidPath(slug): ValidPath<String>,
    method: Method,
    headers: HeaderMap,
) -> AppResult<Response> {
    download(&state, &ctx, &slug, None, &method, &headers).await
}

async fn download(
    state: &AppState,
    ctx: &PageCtx,
    slug: &str,
    kind: Option<&str>,
    method: &Method,
    headers: &HeaderMap,
) -> AppResult<Response> {
    if let Some((document_id, file)) = state.store.downloadable(slug, kind).await? {
        return downloads::serve(&state.store, file, method, headers, Some(document_id)).await;
    }
    let document = state
        .store
        .document_by_slug(slug)
        .await?
        .filter(|d| kind.is_none_or(|k| d.kind == k))
        .ok_or(AppError::NotFound)?;
    Err(AppError::NotFoundWithMessage(ctx.t_name(
        "guide-pending-download",
        ctx.pick(&document.title_es, &document.title_en),
    )))
}

async fn diploma(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Html<String>> {
    let programme = state
        .store
        .programmes()
        .await?
        .into_iter()
        .find(|p| p.kind == "diploma");
    render(&DiplomaPage {
        programme,
        cohorts: state.store.diploma_cohorts().await?,
        ctx,
    })
}

async fn exchanges(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Html<String>> {
    let store = &state.store;
    let hosts = store.exchange_host_cities().await?;
    let participations = store.exchange_participations().await?;
    let exchanges = store
        .exchanges()
        .await?
        .into_iter()
        .map(|exchange| ExchangeView {
            hosts: hosts
                .iter()
                .filter(|h| h.exchange_id == exchange.id)
                .map(|h| h.name.clone())
                .collect(),
            participants: participations
                .iter()
                .filter(|p| p.exchange_id == exchange.id)
                .cloned()
                .collect(),
            exchange,
        })
        .collect();
    let programme = store
        .programmes()
        .await?
        .into_iter()
        .find(|p| p.kind == "exchange");
    render(&ExchangesPage {
        programme,
        exchanges,
        ctx,
    })
}

async fn about(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Html<String>> {
    let store = &state.store;
    let (coordinators, partners) = store
        .organisations()
        .await?
        .into_iter()
        .partition(|o| o.role == OrganisationRole::NationalCoordinator.code());
    render(&AboutPage {
        strategy: store.strategy().await?,
        coordinators,
        partners,
        forum: store.forum_seats().await?,
        programmes: store.programmes().await?,
        ctx,
    })
}
