//! What the JSON API returns, one type per schema of the OpenAPI document. Text comes in both
//! languages; dates are ISO 8601; a value the portal does not hold is `null`, and where the
//! reason is known the record's `missing` map says why (never a 0 standing in for "not
//! recorded").

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::Lang;

/// A text in Spanish and English.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Text {
    pub es: String,
    pub en: String,
}

impl Text {
    pub fn new(es: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            es: es.into(),
            en: en.into(),
        }
    }

    /// A message of the catalogs in both languages.
    pub fn message(key: &str) -> Text {
        Text::new(Lang::Es.t(key), Lang::En.t(key))
    }

    /// Both texts, or none when either is missing or blank.
    pub fn optional(es: &Option<String>, en: &Option<String>) -> Option<Text> {
        match (es.as_deref(), en.as_deref()) {
            (Some(es), Some(en)) if !es.trim().is_empty() || !en.trim().is_empty() => {
                Some(Text::new(es, en))
            }
            _ => None,
        }
    }
}

/// A coded value with its label in both languages.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Code {
    pub code: String,
    pub label: Text,
}

impl Code {
    pub fn new(code: &str, label_key: &str) -> Code {
        Code {
            code: code.to_string(),
            label: Text::message(label_key),
        }
    }
}

/// Why values are `null`, by field name.
pub type Missing = BTreeMap<String, String>;

/// Where a page of a list sits in the whole list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Pagination {
    /// How many records match the filters, on every page.
    pub total: usize,
    /// The page, from 1.
    pub page: usize,
    pub per_page: usize,
    /// How many pages there are (at least 1, even for an empty list).
    pub pages: usize,
    pub links: PageLinks,
}

/// Absolute links to pages of the same list with the same filters.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PageLinks {
    #[serde(rename = "self")]
    #[schema(rename = "self")]
    pub this: String,
    pub first: String,
    pub last: String,
    pub next: Option<String>,
    pub prev: Option<String>,
}

/// Where the records come from and how they may be used.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Meta {
    /// SPDX identifier of the licence of the portal's records.
    pub licence: String,
    pub licence_url: String,
    /// The source the strategy's facts come from.
    pub source: Text,
    pub source_url: String,
    /// The month the source's data are as of (YYYY-MM).
    pub data_as_of: String,
}

/// A municipality as other records name it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MunicipalityRef {
    pub slug: String,
    pub name: String,
}

/// Latitude and longitude in decimal degrees (WGS 84).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Coordinates {
    pub latitude: f64,
    pub longitude: f64,
}

/// The latest plan of a municipality, in the list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanStanding {
    pub status: Code,
    /// Not reported by the source as such but inferred from another fact (see /methodology).
    pub inferred: bool,
}

/// One municipality in the list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MunicipalityItem {
    pub slug: String,
    /// Namespaced external identifiers: `ubigeo:150101` (INEI); room for CDP and UN/LOCODE.
    pub identifiers: Vec<String>,
    pub name: String,
    pub kind: Option<Code>,
    pub department: String,
    pub province: String,
    pub supported_by_strategy: bool,
    pub coordinates: Option<Coordinates>,
    /// Badges recorded in the portal for this municipality (the source reports most badges
    /// only as national totals: see /api/v1/figures).
    pub badges_recorded: Option<i64>,
    pub latest_plan: Option<PlanStanding>,
    /// The public page (Spanish; English under /en).
    pub url: String,
    pub api_url: String,
    pub missing: Missing,
}

/// A badge recorded for a municipality.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BadgeItem {
    pub id: i64,
    pub municipality: MunicipalityRef,
    pub kind: Code,
    pub year: Option<i64>,
    pub evidence: Option<Text>,
    pub evidence_url: Option<String>,
    pub missing: Missing,
}

/// A national figure as the source reports it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FigureItem {
    pub key: String,
    pub value: i64,
    pub label: Text,
    pub source: Text,
    /// When the figure is as of, as the source gives it.
    pub as_of: String,
}

/// One change of a plan's status.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusChange {
    pub status: Code,
    /// ISO 8601 date, when known.
    pub changed_on: Option<String>,
    pub note: Option<Text>,
}

/// A climate action plan with its status history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanItem {
    pub id: i64,
    pub municipality: MunicipalityRef,
    pub status: Code,
    pub year: Option<i64>,
    pub reported_to_cdp: bool,
    /// The ordinance or other instrument that approved it.
    pub approval_instrument: Option<String>,
    pub approval_date: Option<String>,
    pub inferred: bool,
    pub notes: Option<Text>,
    /// RFC 3339.
    pub updated_at: String,
    pub status_history: Vec<StatusChange>,
    pub missing: Missing,
}

/// One GCoM phase of one municipality.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PhaseItem {
    pub pillar: Code,
    pub phase: Code,
    /// The phase's standing: a recorded status, `implied` (by a compliance badge), or
    /// `not_recorded`.
    pub status: Code,
    /// `recorded`, `implied_by_compliance` or `not_recorded`.
    pub basis: String,
    /// The reporting year recorded, or the compliance badge's year when implied.
    pub year: Option<i64>,
    /// ISO 8601 date by which the GCoM asks for the phase, counted from the commitment.
    pub deadline: Option<String>,
    pub deadline_state: Code,
    pub deadline_basis: Option<Text>,
    pub platform: Option<String>,
    pub evidence_url: Option<String>,
    pub missing: Missing,
}

/// A municipality's GCoM journey.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgressItem {
    pub municipality: MunicipalityRef,
    pub department: String,
    /// ISO 8601 date of the GCoM commitment, when recorded.
    pub commitment_date: Option<String>,
    pub commitment_source: Option<String>,
    pub phases: Vec<PhaseItem>,
    pub missing: Missing,
}

/// A plan measure and how far it reached municipal planning and budgets (PEI → POI → budget).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeasureItem {
    pub id: i64,
    pub plan_id: i64,
    pub municipality: MunicipalityRef,
    pub title: Text,
    pub pillar: Option<Code>,
    pub sector: Option<Code>,
    /// The PEI strategic action it is part of.
    pub pei_action: Option<String>,
    /// The POI activity that carries it, and the POI's year.
    pub poi_activity: Option<String>,
    pub poi_year: Option<i64>,
    pub budget_year: Option<i64>,
    /// Soles (PEN), whole.
    pub budget_amount_pen: Option<i64>,
    /// The budget programme, e.g. "PP 0068".
    pub budget_programme: Option<String>,
    pub missing: Missing,
}

/// A programme of the strategy.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeItem {
    pub slug: String,
    pub kind: Code,
    pub title: Text,
    pub description: Text,
}

/// A cohort of the university diploma.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CohortItem {
    pub year: i64,
    pub title: Text,
    pub university: Text,
    pub university_acronym: Option<String>,
    pub postgraduate_certification: bool,
    pub plans_presented: Option<i64>,
    pub plans_reported_to_cdp: Option<i64>,
    pub notes: Option<Text>,
    pub missing: Missing,
}

/// An international exchange and the Peruvian municipalities that took part.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExchangeItem {
    pub id: i64,
    pub year: i64,
    pub country: Text,
    pub partner: String,
    pub partner_description: Text,
    pub description: Text,
    pub host_cities: Vec<String>,
    pub participants: Vec<MunicipalityRef>,
}

/// A published file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FileItem {
    pub name: String,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub download_url: String,
}

/// A guide for municipal officials.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GuideItem {
    pub slug: String,
    pub kind: Code,
    pub title: Text,
    pub summary: Text,
    pub audience: Text,
    /// `published`, or a status on the way to it (pending approval…).
    pub status: Code,
    /// The document's language (ISO 639-1), when recorded.
    pub language: Option<String>,
    pub version: Option<i64>,
    pub published_at: Option<String>,
    /// The published file; `null` while none is published.
    pub file: Option<FileItem>,
    pub url: String,
    pub missing: Missing,
}

/// Everything the portal holds about one municipality.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MunicipalityDetail {
    #[serde(flatten)]
    pub summary: MunicipalityItem,
    pub district: String,
    pub gcom_commitment_date: Option<String>,
    pub note: Option<Text>,
    pub badges: Vec<BadgeItem>,
    pub plans: Vec<PlanItem>,
    pub progress: Option<ProgressItem>,
    pub measures: Vec<MeasureItem>,
    /// RFC 3339.
    pub updated_at: String,
    pub meta: Meta,
}

/// The body of every error.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiErrorBody {
    pub error: ApiErrorDetail,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiErrorDetail {
    pub status: u16,
    /// What went wrong, in English.
    pub message: String,
}

/// A page of a list: its records, where the page sits, and the data's licence and source.
macro_rules! list_type {
    ($name:ident, $item:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Serialize, ToSchema)]
        pub struct $name {
            pub data: Vec<$item>,
            pub pagination: Pagination,
            pub meta: Meta,
        }
    };
}

list_type!(
    MunicipalityList,
    MunicipalityItem,
    "A page of municipalities."
);
list_type!(BadgeList, BadgeItem, "A page of recorded badges.");
list_type!(
    FigureList,
    FigureItem,
    "The national figures the source reports."
);
list_type!(PlanList, PlanItem, "A page of climate action plans.");
list_type!(
    ProgressList,
    ProgressItem,
    "A page of municipalities' GCoM journeys."
);
list_type!(MeasureList, MeasureItem, "A page of plan measures.");
list_type!(ProgrammeList, ProgrammeItem, "The strategy's programmes.");
list_type!(CohortList, CohortItem, "The diploma's cohorts.");
list_type!(ExchangeList, ExchangeItem, "The international exchanges.");
list_type!(GuideList, GuideItem, "The published guides.");
