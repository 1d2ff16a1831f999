//! The record types of GCoM progress: the pillars and phases (reference data an admin edits),
//! the ledger's entries (one per municipality and phase) and the measures of a plan on their way
//! into municipal planning and budget.

use super::entries::{
    BILINGUAL, BILINGUAL_LONG, BY_MUNICIPALITY, MUNICIPALITY, MUNICIPALITY_NAME, PLANS, POSITION,
    SHORT, YEAR, column, field, title_column,
};
use super::{
    BulkAction, Cell, FilterSource, ListFilter, Order, PublicPage, RecordType, Reference, Related,
    Search, TitlePart, Widget,
};
use crate::domain::progress::{MeasureSector, PhaseStatus, PillarBadge, ReportingPlatform};

pub static PILLAR: Reference = Reference {
    table: "pillars",
    label: "r.name_{lang}",
    kind: || &PILLARS,
};
pub static PHASE: Reference = Reference {
    table: "phases",
    label: "(SELECT p.name_{lang} FROM pillars p WHERE p.id = r.pillar_id) || ': ' || r.name_{lang}",
    kind: || &PHASES,
};
pub static PLAN: Reference = Reference {
    table: "plans",
    label: "(SELECT m.name FROM municipalities m WHERE m.id = r.municipality_id) || ' — plan '
            || CAST(r.id AS TEXT)",
    kind: || &PLANS,
};

/// The position of a listed phase's pillar, for sorting.
const PILLAR_POSITION: &str = "(SELECT p.position FROM pillars p WHERE p.id = t.pillar_id)";

const BY_PILLAR: ListFilter = ListFilter {
    param: "pillar",
    label_key: "col-pillar",
    source: FilterSource::Reference {
        column: "pillar_id",
        reference: &PILLAR,
    },
};

pub static PILLARS: RecordType = RecordType {
    slug: "pillars",
    table: "pillars",
    plural_key: "admin-type-pillars",
    singular_key: "admin-one-pillar",
    fields: &[
        field("code", "field-code", Widget::Code, true),
        field("name", "field-name", BILINGUAL, true),
        field("description", "col-description", BILINGUAL_LONG, true),
        field(
            "badge_kind",
            "field-pillar-badge",
            Widget::Choice(&PillarBadge::CODES),
            false,
        ),
        field(
            "counts_for_compliance",
            "field-counts-for-compliance",
            Widget::Checkbox,
            false,
        ),
        field("position", "field-position", POSITION, true),
    ],
    derived: &[],
    title: &[TitlePart::Localized("name")],
    columns: &[
        title_column("t.name_es"),
        column("code", "field-code", Cell::Field("code"), "t.code"),
        column(
            "badge",
            "field-pillar-badge",
            Cell::Field("badge_kind"),
            "t.badge_kind",
        ),
        column(
            "compliance",
            "field-counts-for-compliance",
            Cell::Field("counts_for_compliance"),
            "t.counts_for_compliance",
        ),
        column(
            "phases",
            "col-phases",
            Cell::Count("(SELECT COUNT(*) FROM phases p WHERE p.pillar_id = t.id)"),
            "(SELECT COUNT(*) FROM phases p WHERE p.pillar_id = t.id)",
        ),
    ],
    filters: &[],
    search: &[
        Search::Column("name_es"),
        Search::Column("name_en"),
        Search::Column("code"),
    ],
    order: Order {
        sql: "t.position, t.id",
    },
    public_pages: &[PublicPage::Fixed("/methodology")],
    city_scope: None,
    status_history: None,
    links: &[],
    related: &[Related {
        kind: || &PHASES,
        filter: "pillar",
    }],
    bulk: &[],
    singleton: false,
};

pub static PHASES: RecordType = RecordType {
    slug: "phases",
    table: "phases",
    plural_key: "admin-type-phases",
    singular_key: "admin-one-phase",
    fields: &[
        field("pillar_id", "col-pillar", Widget::Reference(&PILLAR), true),
        field("code", "field-code", Widget::Code, true),
        field("name", "field-name", BILINGUAL, true),
        field("description", "col-description", BILINGUAL_LONG, true),
        field(
            "deadline_years",
            "field-deadline-years",
            Widget::Integer { min: 0, max: 20 },
            false,
        ),
        field("deadline_basis", "field-deadline-basis", BILINGUAL, false),
        field("position", "field-position", POSITION, true),
    ],
    derived: &[],
    title: &[
        TitlePart::Reference("pillar_id"),
        TitlePart::Localized("name"),
    ],
    columns: &[
        title_column("t.name_es"),
        column(
            "pillar",
            "col-pillar",
            Cell::Field("pillar_id"),
            PILLAR_POSITION,
        ),
        column("code", "field-code", Cell::Field("code"), "t.code"),
        column(
            "deadline",
            "field-deadline-years",
            Cell::Field("deadline_years"),
            "t.deadline_years",
        ),
        column(
            "entries",
            "col-entries",
            Cell::Count("(SELECT COUNT(*) FROM progress_entries e WHERE e.phase_id = t.id)"),
            "(SELECT COUNT(*) FROM progress_entries e WHERE e.phase_id = t.id)",
        ),
    ],
    filters: &[BY_PILLAR],
    search: &[
        Search::Column("name_es"),
        Search::Column("name_en"),
        Search::Column("code"),
    ],
    order: Order {
        sql: "(SELECT p.position FROM pillars p WHERE p.id = t.pillar_id), t.position, t.id",
    },
    public_pages: &[PublicPage::Fixed("/progress")],
    city_scope: None,
    status_history: None,
    links: &[],
    related: &[Related {
        kind: || &PROGRESS_ENTRIES,
        filter: "phase",
    }],
    bulk: &[],
    singleton: false,
};

pub static PROGRESS_ENTRIES: RecordType = RecordType {
    slug: "progress-entries",
    table: "progress_entries",
    plural_key: "admin-type-progress-entries",
    singular_key: "admin-one-progress-entry",
    fields: &[
        field(
            "municipality_id",
            "col-municipality",
            Widget::Reference(&MUNICIPALITY),
            true,
        ),
        field("phase_id", "col-phase", Widget::Reference(&PHASE), true),
        field(
            "status",
            "col-status",
            Widget::Choice(&PhaseStatus::CODES),
            true,
        ),
        field("reporting_year", "col-reporting-year", YEAR, false),
        field(
            "platform",
            "col-platform",
            Widget::Choice(&ReportingPlatform::CODES),
            false,
        ),
        field("evidence_url", "field-evidence-url", Widget::Url, false),
        field("note", "col-note", BILINGUAL_LONG, false),
    ],
    derived: &[],
    title: &[
        TitlePart::Reference("municipality_id"),
        TitlePart::Reference("phase_id"),
    ],
    columns: &[
        title_column(MUNICIPALITY_NAME),
        column(
            "phase",
            "col-phase",
            Cell::Field("phase_id"),
            "(SELECT p.position + 100 * (SELECT l.position FROM pillars l WHERE l.id = p.pillar_id)
              FROM phases p WHERE p.id = t.phase_id)",
        ),
        column("status", "col-status", Cell::Field("status"), "t.status"),
        column(
            "year",
            "col-reporting-year",
            Cell::Field("reporting_year"),
            "t.reporting_year",
        ),
    ],
    filters: &[
        BY_MUNICIPALITY,
        ListFilter {
            param: "phase",
            label_key: "col-phase",
            source: FilterSource::Reference {
                column: "phase_id",
                reference: &PHASE,
            },
        },
        ListFilter {
            param: "status",
            label_key: "col-status",
            source: FilterSource::Choice {
                column: "status",
                codes: &PhaseStatus::CODES,
            },
        },
        ListFilter {
            param: "year",
            label_key: "col-reporting-year",
            source: FilterSource::DistinctNumber {
                column: "reporting_year",
            },
        },
    ],
    search: &[Search::Reference("municipality_id")],
    order: Order {
        sql: "(SELECT m.search_name FROM municipalities m WHERE m.id = t.municipality_id), t.phase_id",
    },
    public_pages: &[PublicPage::MunicipalityOf("municipality_id")],
    city_scope: Some("municipality_id"),
    status_history: None,
    links: &[],
    related: &[],
    bulk: &[BulkAction::Delete],
    singleton: false,
};

pub static PLAN_MEASURES: RecordType = RecordType {
    slug: "plan-measures",
    table: "plan_measures",
    plural_key: "admin-type-plan-measures",
    singular_key: "admin-one-plan-measure",
    fields: &[
        field("plan_id", "col-plan-record", Widget::Reference(&PLAN), true),
        field("title", "col-title", BILINGUAL, true),
        field("pillar_id", "col-pillar", Widget::Reference(&PILLAR), false),
        field(
            "sector",
            "col-sector",
            Widget::Choice(&MeasureSector::CODES),
            false,
        ),
        field(
            "pei_action",
            "field-pei-action",
            Widget::Text { max: 300 },
            false,
        ),
        field(
            "poi_activity",
            "field-poi-activity",
            Widget::Text { max: 300 },
            false,
        ),
        field("poi_year", "field-poi-year", YEAR, false),
        field("budget_year", "field-budget-year", YEAR, false),
        field(
            "budget_amount",
            "field-budget-amount",
            Widget::Integer {
                min: 0,
                max: 100_000_000_000,
            },
            false,
        ),
        field("budget_programme", "field-budget-programme", SHORT, false),
        field("position", "field-position", POSITION, true),
    ],
    derived: &[],
    title: &[TitlePart::Localized("title")],
    columns: &[
        title_column("t.title_es"),
        column(
            "plan",
            "col-plan-record",
            Cell::Field("plan_id"),
            "t.plan_id",
        ),
        column("sector", "col-sector", Cell::Field("sector"), "t.sector"),
        column(
            "poi",
            "field-poi-year",
            Cell::Field("poi_year"),
            "t.poi_year",
        ),
        column(
            "budget_year",
            "field-budget-year",
            Cell::Field("budget_year"),
            "t.budget_year",
        ),
        column(
            "budget_amount",
            "field-budget-amount",
            Cell::Field("budget_amount"),
            "t.budget_amount",
        ),
    ],
    filters: &[
        ListFilter {
            param: "plan",
            label_key: "col-plan-record",
            source: FilterSource::Reference {
                column: "plan_id",
                reference: &PLAN,
            },
        },
        BY_PILLAR,
        ListFilter {
            param: "sector",
            label_key: "col-sector",
            source: FilterSource::Choice {
                column: "sector",
                codes: &MeasureSector::CODES,
            },
        },
        ListFilter {
            param: "budget_year",
            label_key: "field-budget-year",
            source: FilterSource::DistinctNumber {
                column: "budget_year",
            },
        },
    ],
    search: &[
        Search::Column("title_es"),
        Search::Column("title_en"),
        Search::Column("budget_programme"),
    ],
    order: Order {
        sql: "t.plan_id, t.position, t.id",
    },
    public_pages: &[PublicPage::Fixed("/plans")],
    city_scope: None,
    status_history: None,
    links: &[],
    related: &[],
    bulk: &[BulkAction::Delete],
    singleton: false,
};
