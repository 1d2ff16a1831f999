//! The API's endpoints: each reads the store as the public pages do, turns the rows into the
//! schemas of `model`, and answers with an ETag. Lists are paged after filtering, so `total` is
//! what matched.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use utoipa::IntoParams;

use super::model::*;
use super::{ApiError, ApiQuery, ApiResult, PREFIX, Pager, json_response, meta};
use crate::domain::progress::{DeadlineState, PhaseBasis};
use crate::domain::{BadgeKind, DocumentKind, MunicipalityKind, PlanStatus, ProgrammeKind};
use crate::i18n::Lang;
use crate::progress::CityProgress;
use crate::state::AppState;
use crate::store::Framework;
use crate::web::progress::{board_page, progress_of};
use crate::web::public::{CitiesQuery, parse_filter};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/municipalities", get(municipalities))
        .route("/municipalities/{slug}", get(municipality))
        .route("/badges", get(badges))
        .route("/figures", get(figures))
        .route("/plans", get(plans))
        .route("/progress", get(progress))
        .route("/measures", get(measures))
        .route("/programmes", get(programmes))
        .route("/diploma-cohorts", get(diploma_cohorts))
        .route("/exchanges", get(exchanges))
        .route("/guides", get(guides))
}

/// Paging of every list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// The page, from 1 (default 1).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    /// Records per page, 1 to 200 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

impl PageParams {
    fn pager(&self) -> ApiResult<Pager> {
        Pager::parse(self.page.as_deref(), self.per_page.as_deref())
    }
}

/// The filters of `/cities`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MunicipalityParams {
    /// `yes`: supported by the strategy; `no`: not.
    supported: Option<String>,
    /// A department's name as the list gives it ("Lima").
    department: Option<String>,
    /// A badge kind's code: only municipalities with such a badge recorded.
    badge: Option<String>,
    /// A plan status code, or `none` for municipalities with no plan recorded.
    plan: Option<String>,
    /// Part of the name, accents and case ignored (at most 100 characters).
    #[param(max_length = 100)]
    q: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

/// An optional code parameter (`kind`, `status`) checked against its list: blank means any, an
/// unknown code is a 400 that names the codes allowed.
fn code_param(
    name: &str,
    value: Option<&str>,
    list: &crate::domain::CodeList,
) -> ApiResult<Option<&'static str>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    list.codes
        .iter()
        .find(|code| **code == value)
        .map(|code| Some(*code))
        .ok_or_else(|| {
            ApiError::bad_request(format!("{name} must be one of: {}.", list.codes.join(", ")))
        })
}

/// The absolute URL of an API path with the query kept and `page` set.
fn page_link(
    state: &AppState,
    path: &str,
    pairs: &[(&str, Option<&String>)],
    page: usize,
    per_page: usize,
) -> String {
    let (page, per_page) = (page.to_string(), per_page.to_string());
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .filter_map(|(name, value)| {
            let value = value.map(|v| v.trim()).filter(|v| !v.is_empty())?;
            Some((*name, value))
        })
        .chain([("page", page.as_str()), ("per_page", per_page.as_str())])
        .collect();
    let query = serde_urlencoded::to_string(&kept).unwrap_or_default();
    format!("{}{PREFIX}{path}?{query}", state.config.base_url)
}

fn absolute(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.config.base_url)
}

fn missing(pairs: &[(&str, bool, &str)]) -> Missing {
    pairs
        .iter()
        .filter(|(_, is_missing, _)| *is_missing)
        .map(|(field, _, reason)| (field.to_string(), reason.to_string()))
        .collect()
}

const NO_BADGE: &str = "No badge recorded for this municipality in the portal; the source reports most badges only as national totals (see /api/v1/figures).";
const NO_PLAN: &str =
    "No plan recorded in the portal; this does not mean the municipality has no plan.";
const NO_COORDINATES: &str = "No coordinates recorded.";

fn municipality_item(state: &AppState, m: crate::store::MunicipalitySummary) -> MunicipalityItem {
    let latest_plan = m.plan_status.as_deref().map(|status| PlanStanding {
        status: plan_status(status),
        inferred: m.plan_inferred != 0,
    });
    let coordinates = m
        .latitude
        .zip(m.longitude)
        .map(|(latitude, longitude)| Coordinates {
            latitude,
            longitude,
        });
    MunicipalityItem {
        missing: missing(&[
            ("badges_recorded", m.badge_count == 0, NO_BADGE),
            ("latest_plan", latest_plan.is_none(), NO_PLAN),
            ("coordinates", coordinates.is_none(), NO_COORDINATES),
        ]),
        identifiers: m.ubigeo.iter().map(|u| format!("ubigeo:{u}")).collect(),
        url: absolute(state, &crate::paths::city(&m.slug)),
        api_url: absolute(state, &format!("{PREFIX}/municipalities/{}", m.slug)),
        kind: m.kind.as_deref().map(municipality_kind),
        badges_recorded: (m.badge_count > 0).then_some(m.badge_count),
        supported_by_strategy: m.supported_by_strategy != 0,
        slug: m.slug,
        name: m.name,
        department: m.department,
        province: m.province,
        coordinates,
        latest_plan,
    }
}

fn plan_status(code: &str) -> Code {
    let key = PlanStatus::parse(code).map_or_else(|| code.to_string(), PlanStatus::label_key);
    Code::new(code, &key)
}

fn municipality_kind(code: &str) -> Code {
    let key =
        MunicipalityKind::parse(code).map_or_else(|| code.to_string(), MunicipalityKind::label_key);
    Code::new(code, &key)
}

fn badge_kind(code: &str) -> Code {
    let key = BadgeKind::parse(code).map_or_else(|| code.to_string(), BadgeKind::label_key);
    Code::new(code, &key)
}

/// Municipalities, with the filters of `/cities`.
#[utoipa::path(get, path = "/api/v1/municipalities", tag = "municipalities",
    params(MunicipalityParams),
    responses(
        (status = 200, description = "A page of municipalities", body = MunicipalityList),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 400, description = "A filter or paging value is not valid", body = ApiErrorBody),
        (status = 404, description = "The page is past the last", body = ApiErrorBody),
        (status = 429, description = "Too many requests", body = ApiErrorBody),
    ))]
pub async fn municipalities(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<MunicipalityParams>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let pager = Pager::parse(params.page.as_deref(), params.per_page.as_deref())?;
    let departments = state.store.departments().await?;
    let query = CitiesQuery {
        supported: params.supported.clone(),
        department: params.department.clone(),
        badge: params.badge.clone(),
        plan: params.plan.clone(),
        q: params.q.clone(),
        page: None,
    };
    let filter = parse_filter(&query, &departments, Lang::En)?;
    let pairs = [
        ("supported", params.supported.as_ref()),
        ("department", params.department.as_ref()),
        ("badge", params.badge.as_ref()),
        ("plan", params.plan.as_ref()),
        ("q", params.q.as_ref()),
    ];
    // Counted, then one page read, in the store.
    let total = state.store.count_municipalities(&filter).await?;
    let pagination = pager.window(total, |page| {
        page_link(&state, "/municipalities", &pairs, page, pager.per_page)
    })?;
    let data = state
        .store
        .list_municipalities_page(&filter, pager.per_page, pager.offset())
        .await?
        .into_iter()
        .map(|m| municipality_item(&state, m))
        .collect();
    let list = MunicipalityList {
        data,
        pagination,
        meta: meta(&state).await?,
    };
    Ok(json_response(&headers, &list))
}

/// Everything the portal holds about one municipality.
#[utoipa::path(get, path = "/api/v1/municipalities/{slug}", tag = "municipalities",
    params(("slug" = String, Path, description = "The municipality's slug, as in /cities/{slug}")),
    responses(
        (status = 200, description = "The municipality", body = MunicipalityDetail),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 400, description = "The slug holds characters no slug has", body = ApiErrorBody),
        (status = 404, description = "No such municipality", body = ApiErrorBody),
        (status = 429, description = "Too many requests", body = ApiErrorBody),
    ))]
pub async fn municipality(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let store = &state.store;
    let m = store.municipality_by_slug(&slug).await?.ok_or_else(|| {
        ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            format!("No municipality \"{slug}\"."),
        )
    })?;
    let badges = store.badges_of(m.id).await?;
    let plans = store.plans_of(m.id).await?;
    // The list's row, from what the detail reads anyway (plans come newest first).
    let summary = crate::store::MunicipalitySummary {
        slug: m.slug.clone(),
        ubigeo: m.ubigeo.clone(),
        name: m.name.clone(),
        kind: m.kind.clone(),
        department: m.department.clone(),
        province: m.province.clone(),
        supported_by_strategy: m.supported_by_strategy,
        latitude: m.latitude,
        longitude: m.longitude,
        badge_count: badges.len() as i64,
        plan_status: plans.first().map(|p| p.status.clone()),
        plan_inferred: plans.first().map_or(0, |p| p.inferred),
    };
    let framework = store.framework().await?;
    // Only this city's rows, not the whole board.
    let journey = progress_of(store, &framework, m.id).await?;
    let names = municipality_names(&state).await?;
    let detail = MunicipalityDetail {
        summary: municipality_item(&state, summary),
        district: m.district.clone(),
        gcom_commitment_date: m.gcom_commitment_date.clone(),
        note: Text::optional(&m.note_es, &m.note_en),
        badges: badges.into_iter().map(badge_item).collect(),
        plans: plan_items(plans, store.plan_history_of(m.id).await?),
        progress: journey.as_ref().map(|p| progress_item(&framework, p)),
        measures: store
            .measures_of(m.id)
            .await?
            .into_iter()
            .map(|ms| measure_item(&framework, &names, ms))
            .collect(),
        updated_at: m.updated_at.clone(),
        meta: meta(&state).await?,
    };
    Ok(json_response(&headers, &detail))
}

/// Filters of the badge list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BadgeParams {
    /// A badge kind's code.
    kind: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

fn badge_item(b: crate::store::Badge) -> BadgeItem {
    let evidence = Text::optional(&b.evidence_es, &b.evidence_en);
    BadgeItem {
        missing: missing(&[(
            "year",
            b.year.is_none(),
            "The source gives no year for this badge.",
        )]),
        id: b.id,
        municipality: MunicipalityRef {
            slug: b.municipality_slug,
            name: b.municipality_name,
        },
        kind: badge_kind(&b.kind),
        year: b.year,
        evidence,
        evidence_url: b.evidence_url,
    }
}

/// Badges recorded for municipalities (national totals are in /api/v1/figures).
#[utoipa::path(get, path = "/api/v1/badges", tag = "records",
    params(BadgeParams),
    responses(
        (status = 200, description = "A page of recorded badges", body = BadgeList),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 400, description = "A filter or paging value is not valid", body = ApiErrorBody),
        (status = 404, description = "The page is past the last", body = ApiErrorBody),
        (status = 429, description = "Too many requests", body = ApiErrorBody),
    ))]
pub async fn badges(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<BadgeParams>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let pager = Pager::parse(params.page.as_deref(), params.per_page.as_deref())?;
    let kind = code_param("kind", params.kind.as_deref(), &BadgeKind::CODES)?;
    let pairs = [("kind", params.kind.as_ref())];
    let total = state.store.count_badges(kind).await?;
    let pagination = pager.window(total, |page| {
        page_link(&state, "/badges", &pairs, page, pager.per_page)
    })?;
    let data = state
        .store
        .badges_page(kind, pager.per_page, pager.offset())
        .await?
        .into_iter()
        .map(badge_item)
        .collect();
    let list = BadgeList {
        data,
        pagination,
        meta: meta(&state).await?,
    };
    Ok(json_response(&headers, &list))
}

/// National figures as the source reports them, each with its source and date.
#[utoipa::path(get, path = "/api/v1/figures", tag = "records",
    params(PageParams),
    responses(
        (status = 200, description = "The reported figures", body = FigureList),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 400, description = "A paging value is not valid", body = ApiErrorBody),
        (status = 404, description = "The page is past the last", body = ApiErrorBody),
        (status = 429, description = "Too many requests", body = ApiErrorBody),
    ))]
pub async fn figures(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<PageParams>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let pager = params.pager()?;
    let items = state
        .store
        .reported_figures()
        .await?
        .into_iter()
        .map(|f| FigureItem {
            label: Text::new(f.label_es, f.label_en),
            source: Text::new(f.source_es, f.source_en),
            key: f.key,
            value: f.value,
            as_of: f.as_of,
        })
        .collect();
    let (data, pagination) = pager.slice(items, |page| {
        page_link(&state, "/figures", &[], page, pager.per_page)
    })?;
    let list = FigureList {
        data,
        pagination,
        meta: meta(&state).await?,
    };
    Ok(json_response(&headers, &list))
}

/// Filters of the plan list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanParams {
    /// A plan status code.
    status: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

fn plan_items(
    plans: Vec<crate::store::Plan>,
    history: Vec<crate::store::PlanStatusChange>,
) -> Vec<PlanItem> {
    let mut by_plan: HashMap<i64, Vec<StatusChange>> = HashMap::new();
    for change in history {
        by_plan
            .entry(change.plan_id)
            .or_default()
            .push(StatusChange {
                status: plan_status(&change.status),
                changed_on: change.changed_on,
                note: Text::optional(&Some(change.note_es), &Some(change.note_en)),
            });
    }
    plans
        .into_iter()
        .map(|p| PlanItem {
            missing: missing(&[
                ("year", p.year.is_none(), "No year recorded."),
                (
                    "approval_instrument",
                    p.approval_instrument.is_none(),
                    "No approving instrument recorded.",
                ),
            ]),
            status_history: by_plan.remove(&p.id).unwrap_or_default(),
            id: p.id,
            municipality: MunicipalityRef {
                slug: p.municipality_slug,
                name: p.municipality_name,
            },
            status: plan_status(&p.status),
            year: p.year,
            reported_to_cdp: p.reported_to_cdp != 0,
            approval_instrument: p.approval_instrument,
            approval_date: p.approval_date,
            inferred: p.inferred != 0,
            notes: Text::optional(&p.notes_es, &p.notes_en),
            updated_at: p.updated_at,
        })
        .collect()
}

/// Climate action plans with their status history.
#[utoipa::path(get, path = "/api/v1/plans", tag = "records",
    params(PlanParams),
    responses(
        (status = 200, description = "A page of plans", body = PlanList),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 400, description = "A filter or paging value is not valid", body = ApiErrorBody),
        (status = 404, description = "The page is past the last", body = ApiErrorBody),
        (status = 429, description = "Too many requests", body = ApiErrorBody),
    ))]
pub async fn plans(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<PlanParams>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let pager = Pager::parse(params.page.as_deref(), params.per_page.as_deref())?;
    let status = code_param("status", params.status.as_deref(), &PlanStatus::CODES)?;
    let store = &state.store;
    let items = plan_items(store.all_plans().await?, store.all_plan_history().await?)
        .into_iter()
        .filter(|p| status.is_none_or(|s| p.status.code == s))
        .collect();
    let pairs = [("status", params.status.as_ref())];
    let (data, pagination) = pager.slice(items, |page| {
        page_link(&state, "/plans", &pairs, page, pager.per_page)
    })?;
    let list = PlanList {
        data,
        pagination,
        meta: meta(&state).await?,
    };
    Ok(json_response(&headers, &list))
}

fn deadline_reason(state: DeadlineState) -> &'static str {
    match state {
        DeadlineState::Delivered => "Delivered: no deadline to watch.",
        DeadlineState::Unknown => "No GCoM commitment date recorded to count the deadline from.",
        DeadlineState::NoDeadline => "The GCoM has not settled this phase's criteria: no deadline.",
        _ => "",
    }
}

fn phase_item(framework: &Framework, cell: &crate::progress::PhaseCell) -> Option<PhaseItem> {
    let phase = framework.phases.iter().find(|p| p.id == cell.phase_id)?;
    let pillar = framework.pillar(phase.pillar_id)?;
    let entry = cell.entry.as_ref();
    let basis = match cell.standing.basis {
        PhaseBasis::Recorded => "recorded",
        PhaseBasis::ImpliedByCompliance => "implied_by_compliance",
        PhaseBasis::NotRecorded => "not_recorded",
    };
    let status_code = cell.standing.code();
    Some(PhaseItem {
        pillar: Code {
            code: pillar.code.clone(),
            label: Text::new(&pillar.name_es, &pillar.name_en),
        },
        phase: Code {
            code: phase.code.clone(),
            label: Text::new(&phase.name_es, &phase.name_en),
        },
        status: Code::new(
            status_code,
            &format!("phase-status-{}", status_code.replace('_', "-")),
        ),
        basis: basis.to_string(),
        year: cell.standing.year,
        deadline: cell.deadline.map(|d| d.to_string()),
        deadline_state: Code::new(cell.deadline_state.code(), &cell.deadline_state.label_key()),
        deadline_basis: Text::optional(&phase.deadline_basis_es, &phase.deadline_basis_en),
        platform: entry.and_then(|e| e.platform.clone()),
        evidence_url: entry.and_then(|e| e.evidence_url.clone()),
        missing: missing(&[
            (
                "year",
                cell.standing.year.is_none(),
                "No reporting year recorded.",
            ),
            (
                "deadline",
                cell.deadline.is_none(),
                deadline_reason(cell.deadline_state),
            ),
        ]),
    })
}

fn progress_item(framework: &Framework, p: &CityProgress) -> ProgressItem {
    ProgressItem {
        municipality: MunicipalityRef {
            slug: p.city.slug.clone(),
            name: p.city.name.clone(),
        },
        department: p.city.department.clone(),
        commitment_date: p.commitment.map(|d| d.to_string()),
        commitment_source: p.city.gcom_commitment_source.clone(),
        phases: p
            .cells
            .iter()
            .filter_map(|cell| phase_item(framework, cell))
            .collect(),
        missing: missing(&[(
            "commitment_date",
            p.commitment.is_none(),
            "No GCoM commitment date recorded; deadlines cannot be counted.",
        )]),
    }
}

/// Filters of the progress list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgressParams {
    /// A department's name as the list gives it ("Lima").
    department: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000000)]
    page: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
}

/// The GCoM progress ledger: each municipality's phases, how each is known, and its deadline.
#[utoipa::path(get, path = "/api/v1/progress", tag = "records",
    params(ProgressParams),
    responses(
        (status = 200, description = "A page of journeys", body = ProgressList),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 400, description = "A filter or paging value is not valid", body = ApiErrorBody),
        (status = 404, description = "The page is past the last", body = ApiErrorBody),
        (status = 429, description = "Too many requests", body = ApiErrorBody),
    ))]
pub async fn progress(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ProgressParams>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let pager = Pager::parse(params.page.as_deref(), params.per_page.as_deref())?;
    let departments = state.store.departments().await?;
    let department = params
        .department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    if department.is_some_and(|d| !departments.iter().any(|known| known == d)) {
        return Err(ApiError::bad_request(Lang::En.t("error-bad-department")));
    }
    let framework = state.store.framework().await?;
    let query = crate::store::BoardQuery {
        department: department.map(str::to_string),
        ..Default::default()
    };
    let pairs = [("department", params.department.as_ref())];
    // The board's cities counted and paged in the store; progress worked out for this page's.
    let total = state.store.board_count(&query).await?;
    let pagination = pager.window(total, |page| {
        page_link(&state, "/progress", &pairs, page, pager.per_page)
    })?;
    let data = board_page(
        &state.store,
        &framework,
        &query,
        pager.per_page,
        pager.offset(),
    )
    .await?
    .iter()
    .map(|p| progress_item(&framework, p))
    .collect();
    let list = ProgressList {
        data,
        pagination,
        meta: meta(&state).await?,
    };
    Ok(json_response(&headers, &list))
}

/// Municipality slug and name by id.
async fn municipality_names(state: &AppState) -> ApiResult<HashMap<i64, MunicipalityRef>> {
    Ok(state
        .store
        .list_municipality_names()
        .await?
        .into_iter()
        .map(|(id, name, slug)| (id, MunicipalityRef { slug, name }))
        .collect())
}

fn measure_item(
    framework: &Framework,
    names: &HashMap<i64, MunicipalityRef>,
    ms: crate::store::Measure,
) -> MeasureItem {
    use crate::domain::progress::MeasureSector;
    let pillar = ms
        .pillar_id
        .and_then(|id| framework.pillar(id))
        .map(|p| Code {
            code: p.code.clone(),
            label: Text::new(&p.name_es, &p.name_en),
        });
    let sector = ms.sector.as_deref().map(|code| {
        let key =
            MeasureSector::parse(code).map_or_else(|| code.to_string(), MeasureSector::label_key);
        Code::new(code, &key)
    });
    let not_integrated = "Not recorded as integrated; this does not mean it is not.";
    MeasureItem {
        missing: missing(&[
            ("pei_action", ms.pei_action.is_none(), not_integrated),
            ("poi_activity", ms.poi_activity.is_none(), not_integrated),
            (
                "budget_amount_pen",
                ms.budget_amount.is_none(),
                "No budget recorded.",
            ),
        ]),
        id: ms.id,
        plan_id: ms.plan_id,
        municipality: names
            .get(&ms.municipality_id)
            .cloned()
            .unwrap_or(MunicipalityRef {
                slug: String::new(),
                name: String::new(),
            }),
        title: Text::new(ms.title_es, ms.title_en),
        pillar,
        sector,
        pei_action: ms.pei_action,
        poi_activity: ms.poi_activity,
        poi_year: ms.poi_year,
        budget_year: ms.budget_year,
        budget_amount_pen: ms.budget_amount,
        budget_programme: ms.budget_programme,
    }
}

/// Plan measures and how far each reached municipal planning (PEI, POI) and the budget.
#[utoipa::path(get, path = "/api/v1/measures", tag = "records",
    params(PageParams),
    responses(
        (status = 200, description = "A page of measures", body = MeasureList),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 400, description = "A paging value is not valid", body = ApiErrorBody),
        (status = 404, description = "The page is past the last", body = ApiErrorBody),
        (status = 429, description = "Too many requests", body = ApiErrorBody),
    ))]
pub async fn measures(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<PageParams>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let pager = params.pager()?;
    let framework = state.store.framework().await?;
    let names = municipality_names(&state).await?;
    let items = state
        .store
        .all_measures()
        .await?
        .into_iter()
        .map(|ms| measure_item(&framework, &names, ms))
        .collect();
    let (data, pagination) = pager.slice(items, |page| {
        page_link(&state, "/measures", &[], page, pager.per_page)
    })?;
    let list = MeasureList {
        data,
        pagination,
        meta: meta(&state).await?,
    };
    Ok(json_response(&headers, &list))
}

/// The strategy's programmes.
#[utoipa::path(get, path = "/api/v1/programmes", tag = "programmes",
    params(PageParams),
    responses(
        (status = 200, description = "The programmes", body = ProgrammeList),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 400, description = "A paging value is not valid", body = ApiErrorBody),
        (status = 404, description = "The page is past the last", body = ApiErrorBody),
        (status = 429, description = "Too many requests", body = ApiErrorBody),
    ))]
pub async fn programmes(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<PageParams>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let pager = params.pager()?;
    let items = state
        .store
        .programmes()
        .await?
        .into_iter()
        .map(|p| {
            let key = ProgrammeKind::parse(&p.kind)
                .map_or_else(|| p.kind.clone(), ProgrammeKind::label_key);
            ProgrammeItem {
                kind: Code::new(&p.kind, &key),
                slug: p.slug,
                title: Text::new(p.title_es, p.title_en),
                description: Text::new(p.description_es, p.description_en),
            }
        })
        .collect();
    let (data, pagination) = pager.slice(items, |page| {
        page_link(&state, "/programmes", &[], page, pager.per_page)
    })?;
    let list = ProgrammeList {
        data,
        pagination,
        meta: meta(&state).await?,
    };
    Ok(json_response(&headers, &list))
}

/// The university diploma's cohorts.
#[utoipa::path(get, path = "/api/v1/diploma-cohorts", tag = "programmes",
    params(PageParams),
    responses(
        (status = 200, description = "The cohorts", body = CohortList),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 400, description = "A paging value is not valid", body = ApiErrorBody),
        (status = 404, description = "The page is past the last", body = ApiErrorBody),
        (status = 429, description = "Too many requests", body = ApiErrorBody),
    ))]
pub async fn diploma_cohorts(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<PageParams>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let pager = params.pager()?;
    let not_reported = "The source does not give this figure for the cohort.";
    let items = state
        .store
        .diploma_cohorts()
        .await?
        .into_iter()
        .map(|c| CohortItem {
            missing: missing(&[
                ("plans_presented", c.plans_presented.is_none(), not_reported),
                (
                    "plans_reported_to_cdp",
                    c.plans_reported_to_cdp.is_none(),
                    not_reported,
                ),
            ]),
            year: c.year,
            title: Text::new(c.title_es, c.title_en),
            university: Text::new(c.university_name_es, c.university_name_en),
            university_acronym: c.university_acronym,
            postgraduate_certification: c.postgraduate_certification != 0,
            plans_presented: c.plans_presented,
            plans_reported_to_cdp: c.plans_reported_to_cdp,
            notes: Text::optional(&Some(c.notes_es), &Some(c.notes_en)),
        })
        .collect();
    let (data, pagination) = pager.slice(items, |page| {
        page_link(&state, "/diploma-cohorts", &[], page, pager.per_page)
    })?;
    let list = CohortList {
        data,
        pagination,
        meta: meta(&state).await?,
    };
    Ok(json_response(&headers, &list))
}

/// International exchanges and the Peruvian municipalities that took part.
#[utoipa::path(get, path = "/api/v1/exchanges", tag = "programmes",
    params(PageParams),
    responses(
        (status = 200, description = "The exchanges", body = ExchangeList),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 400, description = "A paging value is not valid", body = ApiErrorBody),
        (status = 404, description = "The page is past the last", body = ApiErrorBody),
        (status = 429, description = "Too many requests", body = ApiErrorBody),
    ))]
pub async fn exchanges(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<PageParams>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let pager = params.pager()?;
    let store = &state.store;
    let hosts = store.exchange_host_cities().await?;
    let participations = store.exchange_participations().await?;
    let items = store
        .exchanges()
        .await?
        .into_iter()
        .map(|e| ExchangeItem {
            host_cities: hosts
                .iter()
                .filter(|h| h.exchange_id == e.id)
                .map(|h| h.name.clone())
                .collect(),
            participants: participations
                .iter()
                .filter(|p| p.exchange_id == e.id)
                .map(|p| MunicipalityRef {
                    slug: p.municipality_slug.clone(),
                    name: p.municipality_name.clone(),
                })
                .collect(),
            id: e.id,
            year: e.year,
            country: Text::new(e.country_es, e.country_en),
            partner: e.partner_name,
            partner_description: Text::new(e.partner_description_es, e.partner_description_en),
            description: Text::new(e.description_es, e.description_en),
        })
        .collect();
    let (data, pagination) = pager.slice(items, |page| {
        page_link(&state, "/exchanges", &[], page, pager.per_page)
    })?;
    let list = ExchangeList {
        data,
        pagination,
        meta: meta(&state).await?,
    };
    Ok(json_response(&headers, &list))
}

fn guide_item(state: &AppState, g: crate::store::Document) -> GuideItem {
    use crate::domain::DocumentStatus;
    let file = g.is_downloadable().then(|| FileItem {
        name: g.file_name.clone().unwrap_or_default(),
        content_type: g.content_type.clone(),
        size_bytes: g.size_bytes,
        download_url: absolute(state, &crate::paths::guide_download(&g.slug)),
    });
    let status_key = DocumentStatus::parse(&g.status)
        .map_or_else(|| g.status.clone(), DocumentStatus::label_key);
    let kind_key =
        DocumentKind::parse(&g.kind).map_or_else(|| g.kind.clone(), DocumentKind::label_key);
    GuideItem {
        missing: missing(&[(
            "file",
            file.is_none(),
            "No file published yet (pending approval or not uploaded).",
        )]),
        version: file.as_ref().map(|_| g.version),
        url: absolute(state, &crate::paths::guide(&g.slug)),
        kind: Code::new(&g.kind, &kind_key),
        status: Code::new(&g.status, &status_key),
        title: Text::new(g.title_es, g.title_en),
        summary: Text::new(g.summary_es, g.summary_en),
        audience: Text::new(g.audience_es, g.audience_en),
        language: g.language,
        published_at: g.published_at,
        slug: g.slug,
        file,
    }
}

/// Guides for municipal officials: metadata, and the download link once a file is published.
#[utoipa::path(get, path = "/api/v1/guides", tag = "programmes",
    params(PageParams),
    responses(
        (status = 200, description = "The guides", body = GuideList),
        (status = 304, description = "Not modified since the ETag given"),
        (status = 400, description = "A paging value is not valid", body = ApiErrorBody),
        (status = 404, description = "The page is past the last", body = ApiErrorBody),
        (status = 429, description = "Too many requests", body = ApiErrorBody),
    ))]
pub async fn guides(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<PageParams>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let pager = params.pager()?;
    let items = state
        .store
        .guides()
        .await?
        .into_iter()
        .map(|g| guide_item(&state, g))
        .collect();
    let (data, pagination) = pager.slice(items, |page| {
        page_link(&state, "/guides", &[], page, pager.per_page)
    })?;
    let list = GuideList {
        data,
        pagination,
        meta: meta(&state).await?,
    };
    Ok(json_response(&headers, &list))
}
