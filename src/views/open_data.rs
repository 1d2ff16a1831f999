//! The `/data` page: every download, the API, the licence, how to cite.

use askama::Template;

use super::PageCtx;
use crate::store;

/// The CSV of each list, by page path (the English ones are under `/en`), with what it holds
/// (the routes are in `web/csv.rs`).
const CSV_DOWNLOADS: &[(&str, &str)] = &[
    ("/cities.csv", "data-csv-cities"),
    ("/progress.csv", "data-csv-progress"),
    ("/badges.csv", "data-csv-badges"),
    ("/plans.csv", "data-csv-plans"),
    ("/measures.csv", "data-csv-measures"),
    ("/guides.csv", "data-csv-guides"),
    ("/diploma.csv", "data-csv-diploma"),
    ("/exchanges.csv", "data-csv-exchanges"),
];

/// A filtered CSV, to show that the lists' filters apply.
const CSV_EXAMPLE: &str = "/cities.csv?department=Lima";

/// The JSON API's endpoints (one for both languages; the routes are in `api/handlers.rs`), with
/// what each gives. `{slug}` is linked with an example city.
const API_ENDPOINTS: &[(&str, &str)] = &[
    ("/api/v1/municipalities", "data-api-municipalities"),
    ("/api/v1/municipalities/{slug}", "data-api-municipality"),
    ("/api/v1/badges", "data-api-badges"),
    ("/api/v1/figures", "data-api-figures"),
    ("/api/v1/plans", "data-api-plans"),
    ("/api/v1/progress", "data-api-progress"),
    ("/api/v1/measures", "data-api-measures"),
    ("/api/v1/programmes", "data-api-programmes"),
    ("/api/v1/diploma-cohorts", "data-api-diploma-cohorts"),
    ("/api/v1/exchanges", "data-api-exchanges"),
    ("/api/v1/guides", "data-api-guides"),
];

/// The JSON API's OpenAPI document.
pub const OPENAPI: &str = crate::api::DOCUMENT_PATH;

/// One line of a list of downloads: where it is, the address shown, what it holds.
#[derive(Debug, Clone)]
pub struct DownloadLine {
    pub href: String,
    pub shown: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "public/data.html")]
pub struct DataPage {
    pub ctx: PageCtx,
    pub strategy: store::Strategy,
    pub csv: Vec<DownloadLine>,
    pub csv_example: String,
    pub api: Vec<DownloadLine>,
    pub feed: String,
    /// The suggested citation, dated today.
    pub citation: String,
    /// The source page's address.
    pub source_url: String,
}

impl DataPage {
    /// The page in `ctx`'s language; `today` is `YYYY-MM-DD`, the access date of the citation.
    pub fn new(ctx: PageCtx, strategy: store::Strategy, today: &str) -> DataPage {
        let csv = CSV_DOWNLOADS
            .iter()
            .map(|(path, key)| DownloadLine {
                href: ctx.url(path),
                shown: ctx.url(path),
                text: ctx.t(key),
            })
            .collect();
        let api = API_ENDPOINTS
            .iter()
            .map(|(path, key)| DownloadLine {
                href: path.replace("{slug}", "lima"),
                shown: (*path).to_string(),
                text: ctx.t(key),
            })
            .collect();
        let site = ctx.site.clone().unwrap_or_default();
        // The data's version is the year of their latest change.
        let year = site
            .latest_change
            .as_deref()
            .and_then(|at| at.get(..4))
            .unwrap_or(&today[..4.min(today.len())]);
        let url = format!("{}{}", ctx.base_url, crate::open_data::data_page(ctx.lang));
        let citation = crate::open_data::citation(ctx.lang, year, &url, &ctx.date(today));
        let source_url = if site.source_url.is_empty() {
            crate::site::GCOM_SITE.to_string()
        } else {
            site.source_url.clone()
        };
        DataPage {
            csv,
            csv_example: ctx.url(CSV_EXAMPLE),
            api,
            feed: ctx.link(crate::paths::feed()),
            citation,
            source_url,
            strategy,
            ctx,
        }
    }

    pub fn licence_url(&self) -> &'static str {
        crate::open_data::licence_url(self.ctx.lang)
    }
}
