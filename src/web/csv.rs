//! The CSV download of every public list, with the page's filters and in the page's language:
//! `/cities.csv?department=Lima`, `/en/progress.csv?pillar=adaptation`… Each list reads what its
//! page reads and writes one row per record; `views::csv` writes the file.

use std::collections::HashMap;

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::ValidQuery;
use super::progress::{BoardFilter, ProgressQuery, all_progress};
use super::public::{CitiesQuery, parse_filter};
use crate::domain::progress::{PhaseBasis, today_in_peru};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::progress::CityProgress;
use crate::state::AppState;
use crate::store::{
    ExchangeParticipation, Framework, MunicipalitySummary, Plan, PlanRecord, ProgressCity, Store,
};
use crate::views::PageCtx;
use crate::views::csv::{Row, Table};
use crate::views::progress as view;

/// The lists and their CSV, mounted with the public pages (so under `/en` too).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cities.csv", get(cities))
        .route("/progress.csv", get(progress))
        .route("/badges.csv", get(badges))
        .route("/plans.csv", get(plans))
        .route("/measures.csv", get(measures))
        .route("/guides.csv", get(guides))
        .route("/diploma.csv", get(diploma))
        .route("/exchanges.csv", get(exchanges))
}

/// A list's file name in Spanish and in English (ASCII, so every browser keeps it).
struct FileName {
    es: &'static str,
    en: &'static str,
}

/// The columns that say which municipality a row is about.
const PLACE: [&str; 3] = ["csv-slug", "csv-ubigeo", "csv-municipality"];

/// The CSV as an attachment: `gcom-peru-municipalidades-2026-11-30.csv`.
fn download(ctx: &PageCtx, name: FileName, table: &Table) -> AppResult<Response> {
    let bytes = table
        .to_bytes()
        .map_err(|error| AppError::Internal(format!("csv: {error}")))?;
    let stem = match ctx.lang {
        Lang::Es => name.es,
        Lang::En => name.en,
    };
    let file = format!("gcom-peru-{stem}-{}.csv", today_in_peru());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The header: the place columns, then `rest`.
fn place_table(ctx: &PageCtx, rest: &[&str]) -> Table {
    Table::new(ctx, &[&PLACE[..], rest].concat())
}

/// Every municipality by slug and by id, for the identifiers a list's rows lack (UBIGEO).
struct Places {
    by_slug: HashMap<String, ProgressCity>,
    slug_of: HashMap<i64, String>,
}

impl Places {
    async fn read(store: &Store) -> AppResult<Places> {
        let cities = store.progress_cities().await?;
        Ok(Places {
            slug_of: cities.iter().map(|c| (c.id, c.slug.clone())).collect(),
            by_slug: cities.into_iter().map(|c| (c.slug.clone(), c)).collect(),
        })
    }

    /// A row starting with the place columns of the municipality `slug`.
    fn row(&self, slug: &str, name: &str) -> Row {
        let ubigeo = self.by_slug.get(slug).and_then(|c| c.ubigeo.as_deref());
        Row::new().text(slug).opt_text(ubigeo).text(name)
    }

    /// Like `row`, by the municipality's id.
    fn row_of_id(&self, id: i64) -> Row {
        match self
            .slug_of
            .get(&id)
            .and_then(|slug| self.by_slug.get(slug))
        {
            Some(city) => place_row(city),
            None => Row::new().empty().empty().empty(),
        }
    }
}

/// A row starting with the place columns of a city of the board.
fn place_row(city: &ProgressCity) -> Row {
    Row::new()
        .text(&city.slug)
        .opt_text(city.ubigeo.as_deref())
        .text(&city.name)
}

async fn cities(
    State(state): State<AppState>,
    ctx: PageCtx,
    ValidQuery(query): ValidQuery<CitiesQuery>,
) -> AppResult<Response> {
    let store = &state.store;
    let filter = parse_filter(&query, &store.departments().await?, ctx.lang)?;
    let municipalities = store.list_municipalities(&filter).await?;
    let places = Places::read(store).await?;
    let mut table = place_table(
        &ctx,
        &[
            "csv-kind",
            "csv-department",
            "csv-province",
            "csv-supported",
            "csv-badges-recorded",
            "csv-plan-status",
            "csv-plan-inferred",
            "csv-latitude",
            "csv-longitude",
        ],
    );
    for m in &municipalities {
        table.push(city_row(&ctx, &places, m));
    }
    download(
        &ctx,
        FileName {
            es: "municipalidades",
            en: "municipalities",
        },
        &table,
    )
}

fn city_row(ctx: &PageCtx, places: &Places, m: &MunicipalitySummary) -> Row {
    let plan = m.plan_status.as_deref();
    places
        .row(&m.slug, &m.name)
        .opt_text(m.kind.as_deref().map(|k| ctx.label("municipality-kind", k)))
        .text(&m.department)
        .text(&m.province)
        .text(ctx.yes_no(m.supported_by_strategy))
        // None recorded is not "0 badges": the page says "none recorded", the cell is empty.
        .int(Some(m.badge_count).filter(|n| *n > 0))
        .opt_text(plan.map(|code| ctx.label("plan-status", code)))
        .opt_text(plan.map(|_| ctx.yes_no(m.plan_inferred)))
        .float(m.latitude)
        .float(m.longitude)
}

/// The board's rows: each kept city × each shown phase, as `/progress` shows them.
async fn progress(
    State(state): State<AppState>,
    ctx: PageCtx,
    ValidQuery(query): ValidQuery<ProgressQuery>,
) -> AppResult<Response> {
    let store = &state.store;
    let framework = store.framework().await?;
    let departments = store.departments().await?;
    let filter = BoardFilter::parse(&query, &departments, &framework, &ctx)?;
    let shown: Vec<i64> = view::pillar_views(&ctx, &framework, filter.pillar.as_deref())
        .iter()
        .flat_map(|p| p.phases.iter().map(|phase| phase.id))
        .collect();
    let mut table = place_table(
        &ctx,
        &[
            "csv-department",
            "csv-supported",
            "csv-commitment-date",
            "csv-commitment-source",
            "csv-pillar",
            "csv-phase",
            "csv-phase-status",
            "csv-reporting-year",
            "csv-term",
            "csv-deadline",
            "csv-deadline-state",
            "csv-evidence-url",
            "csv-note",
            "csv-recorded-at",
            "csv-as-of",
        ],
    );
    for city in all_progress(store, &framework).await? {
        if filter.keeps(&city, &shown) {
            phase_rows(&ctx, &framework, &city, &shown, &mut table);
        }
    }
    download(
        &ctx,
        FileName {
            es: "progreso",
            en: "progress",
        },
        &table,
    )
}

/// One row per shown phase of a city.
fn phase_rows(
    ctx: &PageCtx,
    framework: &Framework,
    progress: &CityProgress,
    shown: &[i64],
    table: &mut Table,
) {
    let city = &progress.city;
    let today = today_in_peru().to_string();
    for cell in progress
        .cells
        .iter()
        .filter(|c| shown.contains(&c.phase_id))
    {
        let words = view::cell_view(ctx, framework, cell);
        let entry = cell
            .entry
            .as_ref()
            .filter(|_| cell.standing.basis == PhaseBasis::Recorded);
        table.push(
            place_row(city)
                .text(&city.department)
                .text(ctx.yes_no(city.supported_by_strategy))
                .opt_text(progress.commitment.map(|d| d.to_string()))
                .opt_text(city.gcom_commitment_source.as_deref())
                .text(&words.pillar)
                .text(&words.phase)
                .text(&words.status)
                .int(words.year)
                .opt_text(words.term.as_deref())
                .opt_text(cell.deadline.map(|d| d.to_string()))
                .text(&words.deadline)
                .opt_text(words.evidence_url.as_deref())
                .opt_text(words.note.as_deref())
                .opt_text(entry.map(|e| e.updated_at.as_str()))
                .text(&today),
        );
    }
}

/// Every recorded badge, then each badge the phase ledger supports where none of its kind is
/// recorded (as `/badges` lists them), with its basis.
async fn badges(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let store = &state.store;
    let places = Places::read(store).await?;
    let mut table = place_table(
        &ctx,
        &[
            "csv-badge-kind",
            "csv-year",
            "csv-basis",
            "csv-evidence",
            "csv-evidence-url",
        ],
    );
    for badge in store.all_badges().await? {
        table.push(
            places
                .row(&badge.municipality_slug, &badge.municipality_name)
                .text(ctx.label("badge-kind", &badge.kind))
                .int(badge.year)
                .text(ctx.t("csv-basis-recorded"))
                .opt_text(ctx.lang.pick_opt(&badge.evidence_es, &badge.evidence_en))
                .opt_text(badge.evidence_url.as_deref()),
        );
    }
    let framework = store.framework().await?;
    for city in all_progress(store, &framework).await? {
        derived_badge_rows(&ctx, &framework, &city, &mut table);
    }
    download(
        &ctx,
        FileName {
            es: "insignias",
            en: "badges",
        },
        &table,
    )
}

/// The badges of a city that only the ledger supports.
fn derived_badge_rows(
    ctx: &PageCtx,
    framework: &Framework,
    progress: &CityProgress,
    table: &mut Table,
) {
    let words = view::journey(ctx, framework, progress).badges;
    for (standing, words) in progress.badges.iter().zip(words) {
        let Some(year) = standing.from_ledger.filter(|_| standing.recorded.is_none()) else {
            continue;
        };
        table.push(
            place_row(&progress.city)
                .text(&words.label)
                .int(year)
                .text(ctx.t("csv-basis-ledger"))
                .text(&words.basis)
                .empty(),
        );
    }
}

/// Every plan with its status, Peru's type, approval and horizon (`/plans` groups them by
/// status; each city's page tells the rest).
async fn plans(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let store = &state.store;
    let places = Places::read(store).await?;
    let records: HashMap<i64, PlanRecord> = store
        .all_plan_records()
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut table = place_table(
        &ctx,
        &[
            "csv-plan-status",
            "csv-plan-type",
            "csv-year",
            "csv-reported-to-cdp",
            "csv-approval-instrument",
            "csv-approval-date",
            "csv-horizon-start",
            "csv-horizon-end",
            "csv-term",
            "csv-plan-inferred",
            "csv-notes",
            "csv-document-url",
        ],
    );
    for plan in store.all_plans().await? {
        let record = records.get(&plan.id);
        table.push(plan_row(&ctx, &places, &plan, record));
    }
    download(
        &ctx,
        FileName {
            es: "planes",
            en: "plans",
        },
        &table,
    )
}

fn plan_row(ctx: &PageCtx, places: &Places, plan: &Plan, record: Option<&PlanRecord>) -> Row {
    let words = record.map(|r| view::plan_view(ctx, r));
    let document = record
        .and_then(|r| r.document_slug.as_deref())
        .map(|slug| absolute(ctx, &crate::paths::document_download(slug)));
    places
        .row(&plan.municipality_slug, &plan.municipality_name)
        .text(ctx.label("plan-status", &plan.status))
        .opt_text(words.as_ref().and_then(|w| w.plan_type.as_deref()))
        .int(plan.year)
        .text(ctx.yes_no(plan.reported_to_cdp))
        .opt_text(plan.approval_instrument.as_deref())
        .opt_text(plan.approval_date.as_deref())
        .int(record.and_then(|r| r.horizon_start))
        .int(record.and_then(|r| r.horizon_end))
        .opt_text(words.as_ref().and_then(|w| w.term.as_deref()))
        .text(ctx.yes_no(plan.inferred))
        .opt_text(ctx.lang.pick_opt(&plan.notes_es, &plan.notes_en))
        .opt_text(document)
}

/// An absolute link in the page's language, for a file other programs read.
fn absolute(ctx: &PageCtx, path: &str) -> String {
    format!("{}{}", ctx.base_url, ctx.link(path))
}

/// Every plan measure and how far it reached the PEI, the POI and the budget (`/plans` sums
/// them up nationally; each city's page lists its own).
async fn measures(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let store = &state.store;
    let places = Places::read(store).await?;
    let framework = store.framework().await?;
    let mut table = place_table(
        &ctx,
        &[
            "csv-measure",
            "csv-pillar",
            "csv-sector",
            "csv-pei-action",
            "csv-poi-activity",
            "csv-poi-year",
            "csv-budget-year",
            "csv-budget-amount",
            "csv-budget-programme",
        ],
    );
    for m in store.all_measures().await? {
        let pillar = m.pillar_id.and_then(|id| framework.pillar(id));
        table.push(
            places
                .row_of_id(m.municipality_id)
                .text(ctx.pick(&m.title_es, &m.title_en))
                .opt_text(pillar.map(|p| ctx.pick(&p.name_es, &p.name_en)))
                .opt_text(m.sector.as_deref().map(|s| ctx.label("sector", s)))
                .opt_text(m.pei_action.as_deref())
                .opt_text(m.poi_activity.as_deref())
                .int(m.poi_year)
                .int(m.budget_year)
                .int(m.budget_amount)
                .opt_text(m.budget_programme.as_deref()),
        );
    }
    download(
        &ctx,
        FileName {
            es: "medidas-de-los-planes",
            en: "plan-measures",
        },
        &table,
    )
}

/// The guide library: each guide, its state and, once published, its file and link.
async fn guides(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let mut table = Table::new(
        &ctx,
        &[
            "csv-slug",
            "csv-title",
            "csv-summary",
            "csv-audience",
            "csv-status",
            "csv-version",
            "csv-format",
            "csv-language",
            "csv-size-bytes",
            "csv-file-date",
            "csv-download-url",
        ],
    );
    for guide in state.store.guides().await? {
        // What the page shows of a file only once the public can download it.
        let file = Some(&guide).filter(|g| g.is_downloadable());
        table.push(
            Row::new()
                .text(&guide.slug)
                .text(ctx.pick(&guide.title_es, &guide.title_en))
                .text(ctx.pick(&guide.summary_es, &guide.summary_en))
                .text(ctx.pick(&guide.audience_es, &guide.audience_en))
                .text(ctx.label("document-status", &guide.status))
                .int(file.map(|g| g.version))
                .opt_text(
                    file.and_then(|g| g.content_type.as_deref())
                        .map(crate::views::format_label),
                )
                .opt_text(
                    file.and_then(|g| g.language.as_deref())
                        .map(|l| ctx.label("language", l)),
                )
                .int(file.and_then(|g| g.size_bytes))
                .opt_text(file.and_then(|g| g.file_date.as_deref()))
                .opt_text(file.map(|g| absolute(&ctx, &crate::paths::guide_download(&g.slug)))),
        );
    }
    download(
        &ctx,
        FileName {
            es: "guias",
            en: "guides",
        },
        &table,
    )
}

/// The diploma's cohorts; figures the source does not give stay empty.
async fn diploma(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let mut table = Table::new(
        &ctx,
        &[
            "csv-year",
            "csv-title",
            "csv-university",
            "csv-university-acronym",
            "csv-postgraduate-certification",
            "csv-plans-presented",
            "csv-plans-reported-to-cdp",
            "csv-notes",
        ],
    );
    for cohort in state.store.diploma_cohorts().await? {
        table.push(
            Row::new()
                .int(Some(cohort.year))
                .text(ctx.pick(&cohort.title_es, &cohort.title_en))
                .text(ctx.pick(&cohort.university_name_es, &cohort.university_name_en))
                .opt_text(cohort.university_acronym.as_deref())
                .text(ctx.yes_no(cohort.postgraduate_certification))
                .int(cohort.plans_presented)
                .int(cohort.plans_reported_to_cdp)
                .opt_text(Some(ctx.pick(&cohort.notes_es, &cohort.notes_en))),
        );
    }
    download(
        &ctx,
        FileName {
            es: "diplomado",
            en: "diploma",
        },
        &table,
    )
}

/// One row per Peruvian municipality in each exchange (an exchange without any: one row with
/// the municipality empty).
async fn exchanges(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let store = &state.store;
    let places = Places::read(store).await?;
    let hosts = store.exchange_host_cities().await?;
    let participations = store.exchange_participations().await?;
    let mut table = Table::new(
        &ctx,
        &[
            "csv-year",
            "csv-country",
            "csv-partner",
            "csv-host-cities",
            "csv-slug",
            "csv-ubigeo",
            "csv-municipality",
            "csv-written-in-source",
        ],
    );
    for exchange in store.exchanges().await? {
        let host_names: Vec<&str> = hosts
            .iter()
            .filter(|h| h.exchange_id == exchange.id)
            .map(|h| h.name.as_str())
            .collect();
        let taking_part: Vec<&ExchangeParticipation> = participations
            .iter()
            .filter(|p| p.exchange_id == exchange.id)
            .collect();
        let exchange_row = || {
            Row::new()
                .int(Some(exchange.year))
                .text(ctx.pick(&exchange.country_es, &exchange.country_en))
                .text(&exchange.partner_name)
                .text(host_names.join("; "))
        };
        if taking_part.is_empty() {
            table.push(exchange_row().empty().empty().empty().empty());
        }
        for p in taking_part {
            let place = places.row(&p.municipality_slug, &p.municipality_name);
            table.push(exchange_row().then(place).text(&p.seed_label));
        }
    }
    download(
        &ctx,
        FileName {
            es: "intercambios",
            en: "exchanges",
        },
        &table,
    )
}
