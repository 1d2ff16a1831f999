//! The record types of the portal, one static each.

use super::{
    BulkAction, Cell, Derived, Field, FilterSource, LineTable, LinkTable, ListColumn, ListFilter,
    Order, PublicPage, Record, RecordLink, RecordType, Reference, Related, Search, StatusHistory,
    Suggestions, TitlePart, Value, Widget,
};
use crate::domain::progress::PlanType;
use crate::domain::{
    BadgeKind, DEPARTMENTS_OF_PERU, DocumentKind, DocumentLanguage, DocumentStatus,
    MunicipalityKind, OrganisationRole, PlanStatus, ProgrammeKind, fold_for_search,
};

pub(super) const fn field(
    name: &'static str,
    label_key: &'static str,
    widget: Widget,
    required: bool,
) -> Field {
    Field {
        name,
        label_key,
        widget,
        required,
    }
}

pub(super) const fn column(
    key: &'static str,
    label_key: &'static str,
    cell: Cell,
    sort: &'static str,
) -> ListColumn {
    ListColumn {
        key,
        label_key,
        cell,
        sort: Some(sort),
    }
}

pub(super) const fn title_column(sort: &'static str) -> ListColumn {
    column("title", "admin-record", Cell::Title, sort)
}

pub(super) const SHORT: Widget = Widget::Text { max: 200 };
pub(super) const BILINGUAL: Widget = Widget::Bilingual { long: false };
pub(super) const BILINGUAL_LONG: Widget = Widget::Bilingual { long: true };
pub(super) const YEAR: Widget = Widget::Integer {
    min: 1990,
    max: 2100,
};
pub(super) const POSITION: Widget = Widget::Integer {
    min: 0,
    max: 10_000,
};
const COUNT: Widget = Widget::Integer {
    min: 0,
    max: 1_000_000,
};

pub static MUNICIPALITY: Reference = Reference {
    table: "municipalities",
    label: "r.name",
    kind: || &MUNICIPALITIES,
};
pub static DOCUMENT: Reference = Reference {
    table: "documents",
    label: "r.title_{lang}",
    kind: || &DOCUMENTS,
};
pub static ORGANISATION: Reference = Reference {
    table: "organisations",
    label: "r.name_es",
    kind: || &ORGANISATIONS,
};

static DEPARTMENTS: Suggestions = Suggestions {
    fixed: DEPARTMENTS_OF_PERU,
};
static PROVINCES: Suggestions = Suggestions { fixed: &[] };

static PROGRAMME_PARTICIPANTS: LinkTable = LinkTable {
    table: "programme_participants",
    parent_column: "programme_id",
    label_column: None,
    position_column: None,
};
static DIPLOMA_PARTICIPANTS: LinkTable = LinkTable {
    table: "diploma_participants",
    parent_column: "cohort_id",
    label_column: None,
    position_column: None,
};
static EXCHANGE_PARTICIPANTS: LinkTable = LinkTable {
    table: "exchange_participants",
    parent_column: "exchange_id",
    label_column: Some("seed_label"),
    position_column: Some("position"),
};
static EXCHANGE_HOSTS: LineTable = LineTable {
    table: "exchange_host_cities",
    parent_column: "exchange_id",
    value_column: "name",
    position_column: "position",
};
static PLAN_STATUS_HISTORY: StatusHistory = StatusHistory {
    column: "status",
    table: "plan_status_history",
    parent_column: "plan_id",
};

fn search_name(values: &Record) -> Value {
    Value::Text(fold_for_search(values.text("name").unwrap_or("")))
}

/// The name of a list's referenced municipality, for sorting.
pub(super) const MUNICIPALITY_NAME: &str =
    "(SELECT m.name FROM municipalities m WHERE m.id = t.municipality_id)";
/// Filters every list of records that belong to a municipality has.
pub(super) const BY_MUNICIPALITY: ListFilter = ListFilter {
    param: "municipality",
    label_key: "col-municipality",
    source: FilterSource::Reference {
        column: "municipality_id",
        reference: &MUNICIPALITY,
    },
};

pub static MUNICIPALITIES: RecordType = RecordType {
    slug: "municipalities",
    table: "municipalities",
    plural_key: "admin-type-municipalities",
    singular_key: "admin-one-municipality",
    fields: &[
        field("name", "field-name", SHORT, true),
        field("slug", "field-slug", Widget::Slug, true),
        field(
            "kind",
            "field-municipality-kind",
            Widget::Choice(&MunicipalityKind::CODES),
            false,
        ),
        field(
            "department",
            "col-department",
            Widget::Suggested(&DEPARTMENTS),
            true,
        ),
        field(
            "province",
            "col-province",
            Widget::Suggested(&PROVINCES),
            true,
        ),
        field("district", "col-district", SHORT, true),
        field("ubigeo", "col-ubigeo", Widget::Text { max: 6 }, false),
        field(
            "latitude",
            "field-latitude",
            Widget::Decimal {
                min: -90.0,
                max: 90.0,
            },
            false,
        ),
        field(
            "longitude",
            "field-longitude",
            Widget::Decimal {
                min: -180.0,
                max: 180.0,
            },
            false,
        ),
        field(
            "coordinates_source",
            "field-coordinates-source",
            SHORT,
            false,
        ),
        field(
            "supported_by_strategy",
            "col-supported",
            Widget::Checkbox,
            false,
        ),
        field("seed_spelling", "col-seed-spelling", SHORT, false),
        field(
            "gcom_commitment_date",
            "col-commitment",
            Widget::Date,
            false,
        ),
        field(
            "gcom_commitment_source",
            "field-commitment-source",
            SHORT,
            false,
        ),
        field("note", "col-note", BILINGUAL_LONG, false),
    ],
    derived: &[Derived {
        column: "search_name",
        compute: search_name,
    }],
    title: &[TitlePart::Column("name")],
    columns: &[
        title_column("t.search_name"),
        column(
            "department",
            "col-department",
            Cell::Field("department"),
            "t.department",
        ),
        column(
            "province",
            "col-province",
            Cell::Field("province"),
            "t.province",
        ),
        column(
            "supported",
            "col-supported",
            Cell::Field("supported_by_strategy"),
            "t.supported_by_strategy",
        ),
        column(
            "plan",
            "col-plan",
            Cell::Code {
                sql: "(SELECT p.status FROM plans p WHERE p.municipality_id = t.id
                       ORDER BY p.updated_at DESC, p.id DESC LIMIT 1)",
                codes: &PlanStatus::CODES,
            },
            "(SELECT p.status FROM plans p WHERE p.municipality_id = t.id
              ORDER BY p.updated_at DESC, p.id DESC LIMIT 1)",
        ),
        column(
            "badges",
            "col-badges",
            Cell::Count("(SELECT COUNT(*) FROM badges b WHERE b.municipality_id = t.id)"),
            "(SELECT COUNT(*) FROM badges b WHERE b.municipality_id = t.id)",
        ),
    ],
    filters: &[
        ListFilter {
            param: "department",
            label_key: "col-department",
            source: FilterSource::Distinct {
                column: "department",
            },
        },
        ListFilter {
            param: "supported",
            label_key: "col-supported",
            source: FilterSource::Flag {
                column: "supported_by_strategy",
            },
        },
        ListFilter {
            param: "plan",
            label_key: "col-plan",
            source: FilterSource::Condition {
                sql: "EXISTS (SELECT 1 FROM plans p WHERE p.municipality_id = t.id AND p.status = $1)",
                codes: &PlanStatus::CODES,
            },
        },
        ListFilter {
            param: "kind",
            label_key: "field-municipality-kind",
            source: FilterSource::Choice {
                column: "kind",
                codes: &MunicipalityKind::CODES,
            },
        },
    ],
    search: &[Search::Folded("search_name"), Search::Column("ubigeo")],
    order: Order {
        sql: "t.search_name",
    },
    public_pages: &[PublicPage::Slug {
        prefix: "/cities/",
        column: "slug",
        only_if: None,
    }],
    city_scope: None,
    status_history: None,
    links: &[RecordLink {
        label_key: "admin-ledger-link",
        path: crate::paths::ledger,
    }],
    related: &[
        Related {
            kind: || &super::PROGRESS_ENTRIES,
            filter: "municipality",
        },
        Related {
            kind: || &BADGES,
            filter: "municipality",
        },
        Related {
            kind: || &PLANS,
            filter: "municipality",
        },
        Related {
            kind: || &DOCUMENTS,
            filter: "municipality",
        },
        Related {
            kind: || &FORUM_SEATS,
            filter: "municipality",
        },
    ],
    bulk: &[BulkAction::Delete],
    singleton: false,
};

pub static BADGES: RecordType = RecordType {
    slug: "badges",
    table: "badges",
    plural_key: "admin-type-badges",
    singular_key: "admin-one-badge",
    fields: &[
        field(
            "municipality_id",
            "col-municipality",
            Widget::Reference(&MUNICIPALITY),
            true,
        ),
        field(
            "kind",
            "col-badge-kind",
            Widget::Choice(&BadgeKind::CODES),
            true,
        ),
        field("year", "col-year", YEAR, false),
        field("evidence", "col-evidence", BILINGUAL_LONG, false),
        field("evidence_url", "field-evidence-url", Widget::Url, false),
    ],
    derived: &[],
    title: &[
        TitlePart::Reference("municipality_id"),
        TitlePart::Choice("kind"),
        TitlePart::Number("year"),
    ],
    columns: &[
        title_column(MUNICIPALITY_NAME),
        column(
            "municipality",
            "col-municipality",
            Cell::Field("municipality_id"),
            MUNICIPALITY_NAME,
        ),
        column("kind", "col-badge-kind", Cell::Field("kind"), "t.kind"),
        column("year", "col-year", Cell::Field("year"), "t.year"),
    ],
    filters: &[
        ListFilter {
            param: "kind",
            label_key: "col-badge-kind",
            source: FilterSource::Choice {
                column: "kind",
                codes: &BadgeKind::CODES,
            },
        },
        ListFilter {
            param: "year",
            label_key: "col-year",
            source: FilterSource::DistinctNumber { column: "year" },
        },
        BY_MUNICIPALITY,
    ],
    search: &[
        Search::Reference("municipality_id"),
        Search::Column("evidence_es"),
    ],
    order: Order {
        sql: "(SELECT m.search_name FROM municipalities m WHERE m.id = t.municipality_id), t.kind",
    },
    public_pages: &[PublicPage::MunicipalityOf("municipality_id")],
    city_scope: Some("municipality_id"),
    status_history: None,
    links: &[],
    related: &[],
    bulk: &[BulkAction::Delete],
    singleton: false,
};

pub static PLANS: RecordType = RecordType {
    slug: "plans",
    table: "plans",
    plural_key: "admin-type-plans",
    singular_key: "admin-one-plan",
    fields: &[
        field(
            "municipality_id",
            "col-municipality",
            Widget::Reference(&MUNICIPALITY),
            true,
        ),
        field(
            "status",
            "col-status",
            Widget::Choice(&PlanStatus::CODES),
            true,
        ),
        field("year", "col-year", YEAR, false),
        field(
            "reported_to_cdp",
            "plan-reported-cdp",
            Widget::Checkbox,
            false,
        ),
        field(
            "plan_type",
            "col-plan-type",
            Widget::Choice(&PlanType::CODES),
            false,
        ),
        field(
            "approval_instrument",
            "field-approval-instrument",
            SHORT,
            false,
        ),
        field("approval_date", "field-approval-date", Widget::Date, false),
        field("inferred", "field-inferred", Widget::Checkbox, false),
        field("horizon_start", "field-horizon-start", YEAR, false),
        field("horizon_end", "field-horizon-end", YEAR, false),
        field(
            "document_id",
            "field-plan-document",
            Widget::Reference(&DOCUMENT),
            false,
        ),
        field("notes", "col-note", BILINGUAL_LONG, false),
    ],
    derived: &[],
    title: &[
        TitlePart::Reference("municipality_id"),
        TitlePart::Choice("status"),
        TitlePart::Number("year"),
    ],
    columns: &[
        title_column(MUNICIPALITY_NAME),
        column(
            "municipality",
            "col-municipality",
            Cell::Field("municipality_id"),
            MUNICIPALITY_NAME,
        ),
        column("status", "col-status", Cell::Field("status"), "t.status"),
        column(
            "type",
            "col-plan-type",
            Cell::Field("plan_type"),
            "t.plan_type",
        ),
        column("year", "col-year", Cell::Field("year"), "t.year"),
        column(
            "cdp",
            "plan-reported-cdp-short",
            Cell::Field("reported_to_cdp"),
            "t.reported_to_cdp",
        ),
    ],
    filters: &[
        ListFilter {
            param: "status",
            label_key: "col-status",
            source: FilterSource::Choice {
                column: "status",
                codes: &PlanStatus::CODES,
            },
        },
        ListFilter {
            param: "cdp",
            label_key: "plan-reported-cdp-short",
            source: FilterSource::Flag {
                column: "reported_to_cdp",
            },
        },
        BY_MUNICIPALITY,
    ],
    search: &[
        Search::Reference("municipality_id"),
        Search::Column("approval_instrument"),
    ],
    order: Order {
        sql: "(SELECT m.search_name FROM municipalities m WHERE m.id = t.municipality_id), t.id",
    },
    public_pages: &[PublicPage::MunicipalityOf("municipality_id")],
    city_scope: Some("municipality_id"),
    status_history: Some(&PLAN_STATUS_HISTORY),
    links: &[],
    related: &[Related {
        kind: || &super::PLAN_MEASURES,
        filter: "plan",
    }],
    bulk: &[BulkAction::Delete],
    singleton: false,
};

pub static REPORTED_FIGURES: RecordType = RecordType {
    slug: "reported-figures",
    table: "reported_figures",
    plural_key: "admin-type-reported-figures",
    singular_key: "admin-one-reported-figure",
    fields: &[
        field("key", "field-key", Widget::Code, true),
        field(
            "value",
            "field-value",
            Widget::Integer {
                min: 0,
                max: 1_000_000_000,
            },
            true,
        ),
        field("label", "field-label", BILINGUAL, true),
        field("source", "source", BILINGUAL, true),
        field("as_of", "field-as-of", Widget::Month, true),
        field("position", "field-position", POSITION, true),
    ],
    derived: &[],
    title: &[TitlePart::Localized("label")],
    columns: &[
        title_column("t.position"),
        column("key", "field-key", Cell::Field("key"), "t.key"),
        column("value", "field-value", Cell::Field("value"), "t.value"),
        column("as_of", "field-as-of", Cell::Field("as_of"), "t.as_of"),
    ],
    filters: &[],
    search: &[
        Search::Column("key"),
        Search::Column("label_es"),
        Search::Column("label_en"),
    ],
    order: Order { sql: "t.position" },
    public_pages: &[PublicPage::Fixed("/")],
    city_scope: None,
    status_history: None,
    links: &[],
    related: &[],
    bulk: &[BulkAction::Delete],
    singleton: false,
};

pub static ORGANISATIONS: RecordType = RecordType {
    slug: "organisations",
    table: "organisations",
    plural_key: "admin-type-organisations",
    singular_key: "admin-one-organisation",
    fields: &[
        field("name", "field-name", BILINGUAL, true),
        field("slug", "field-slug", Widget::Slug, true),
        field("acronym", "field-acronym", Widget::Text { max: 30 }, false),
        field(
            "role",
            "col-role",
            Widget::Choice(&OrganisationRole::CODES),
            true,
        ),
        field("country", "col-country", BILINGUAL, true),
        field("description", "col-description", BILINGUAL_LONG, true),
        field("position", "field-position", POSITION, true),
    ],
    derived: &[],
    title: &[TitlePart::Localized("name")],
    columns: &[
        title_column("t.name_es"),
        column(
            "acronym",
            "field-acronym",
            Cell::Field("acronym"),
            "t.acronym",
        ),
        column("role", "col-role", Cell::Field("role"), "t.role"),
        column(
            "country",
            "col-country",
            Cell::Field("country_es"),
            "t.country_es",
        ),
    ],
    filters: &[ListFilter {
        param: "role",
        label_key: "col-role",
        source: FilterSource::Choice {
            column: "role",
            codes: &OrganisationRole::CODES,
        },
    }],
    search: &[
        Search::Column("name_es"),
        Search::Column("name_en"),
        Search::Column("acronym"),
    ],
    order: Order { sql: "t.position" },
    public_pages: &[PublicPage::Fixed("/about")],
    city_scope: None,
    status_history: None,
    links: &[],
    related: &[],
    bulk: &[BulkAction::Delete],
    singleton: false,
};

pub static DOCUMENTS: RecordType = RecordType {
    slug: "documents",
    table: "documents",
    plural_key: "admin-type-documents",
    singular_key: "admin-one-document",
    fields: &[
        field("title", "col-title", BILINGUAL, true),
        field("slug", "field-slug", Widget::Slug, true),
        field(
            "kind",
            "field-document-kind",
            Widget::Choice(&DocumentKind::CODES),
            true,
        ),
        field("summary", "field-summary", BILINGUAL_LONG, true),
        field("audience", "guide-audience", BILINGUAL, true),
        field(
            "language",
            "guide-language",
            Widget::Choice(&DocumentLanguage::CODES),
            false,
        ),
        field(
            "status",
            "guide-status",
            Widget::Choice(&DocumentStatus::CODES),
            true,
        ),
        field(
            "municipality_id",
            "col-municipality",
            Widget::Reference(&MUNICIPALITY),
            false,
        ),
        field("position", "field-position", POSITION, true),
    ],
    derived: &[],
    title: &[TitlePart::Localized("title")],
    columns: &[
        title_column("t.title_es"),
        column("kind", "field-document-kind", Cell::Field("kind"), "t.kind"),
        column("status", "guide-status", Cell::Field("status"), "t.status"),
        column(
            "language",
            "guide-language",
            Cell::Field("language"),
            "t.language",
        ),
        column(
            "municipality",
            "col-municipality",
            Cell::Field("municipality_id"),
            MUNICIPALITY_NAME,
        ),
    ],
    filters: &[
        ListFilter {
            param: "kind",
            label_key: "field-document-kind",
            source: FilterSource::Choice {
                column: "kind",
                codes: &DocumentKind::CODES,
            },
        },
        ListFilter {
            param: "status",
            label_key: "guide-status",
            source: FilterSource::Choice {
                column: "status",
                codes: &DocumentStatus::CODES,
            },
        },
        BY_MUNICIPALITY,
    ],
    search: &[
        Search::Column("title_es"),
        Search::Column("title_en"),
        Search::Column("slug"),
    ],
    order: Order {
        sql: "t.position, t.slug",
    },
    public_pages: &[
        PublicPage::Slug {
            prefix: "/guides/",
            column: "slug",
            only_if: Some(("kind", "guide")),
        },
        PublicPage::MunicipalityOf("municipality_id"),
    ],
    city_scope: None,
    status_history: None,
    links: &[RecordLink {
        label_key: "files-manage",
        path: crate::paths::document_files,
    }],
    related: &[],
    bulk: &[
        BulkAction::Set {
            key: "publish",
            label_key: "admin-bulk-publish",
            column: "status",
            code: "published",
        },
        BulkAction::Set {
            key: "withdraw",
            label_key: "admin-bulk-withdraw",
            column: "status",
            code: "pending_approval",
        },
        BulkAction::Delete,
    ],
    singleton: false,
};

pub static PROGRAMMES: RecordType = RecordType {
    slug: "programmes",
    table: "programmes",
    plural_key: "admin-type-programmes",
    singular_key: "admin-one-programme",
    fields: &[
        field("title", "col-title", BILINGUAL, true),
        field("slug", "field-slug", Widget::Slug, true),
        field(
            "kind",
            "field-programme-kind",
            Widget::Choice(&ProgrammeKind::CODES),
            true,
        ),
        field("description", "col-description", BILINGUAL_LONG, true),
        field("position", "field-position", POSITION, true),
        field(
            "participants",
            "field-participants",
            Widget::Municipalities(&PROGRAMME_PARTICIPANTS),
            false,
        ),
    ],
    derived: &[],
    title: &[TitlePart::Localized("title")],
    columns: &[
        title_column("t.position"),
        column(
            "kind",
            "field-programme-kind",
            Cell::Field("kind"),
            "t.kind",
        ),
        column(
            "participants",
            "field-participants",
            Cell::Count(
                "(SELECT COUNT(*) FROM programme_participants pp WHERE pp.programme_id = t.id)",
            ),
            "(SELECT COUNT(*) FROM programme_participants pp WHERE pp.programme_id = t.id)",
        ),
    ],
    filters: &[ListFilter {
        param: "kind",
        label_key: "field-programme-kind",
        source: FilterSource::Choice {
            column: "kind",
            codes: &ProgrammeKind::CODES,
        },
    }],
    search: &[Search::Column("title_es"), Search::Column("title_en")],
    order: Order { sql: "t.position" },
    public_pages: &[PublicPage::Fixed("/about")],
    city_scope: None,
    status_history: None,
    links: &[],
    related: &[],
    bulk: &[BulkAction::Delete],
    singleton: false,
};

pub static DIPLOMA_COHORTS: RecordType = RecordType {
    slug: "diploma-cohorts",
    table: "diploma_cohorts",
    plural_key: "admin-type-diploma-cohorts",
    singular_key: "admin-one-diploma-cohort",
    fields: &[
        field("year", "col-year", YEAR, true),
        field("title", "col-title", BILINGUAL, true),
        field(
            "university_id",
            "col-university",
            Widget::Reference(&ORGANISATION),
            true,
        ),
        field(
            "postgraduate_certification",
            "diploma-postgraduate",
            Widget::Checkbox,
            false,
        ),
        field("plans_presented", "col-plans-presented", COUNT, false),
        field("plans_reported_to_cdp", "col-plans-cdp", COUNT, false),
        field("notes", "col-note", BILINGUAL_LONG, true),
        field(
            "participants",
            "field-participants",
            Widget::Municipalities(&DIPLOMA_PARTICIPANTS),
            false,
        ),
    ],
    derived: &[],
    title: &[TitlePart::Number("year"), TitlePart::Localized("title")],
    columns: &[
        title_column("t.year"),
        column(
            "university",
            "col-university",
            Cell::Field("university_id"),
            "t.university_id",
        ),
        column(
            "presented",
            "col-plans-presented",
            Cell::Field("plans_presented"),
            "t.plans_presented",
        ),
    ],
    filters: &[],
    search: &[Search::Column("title_es"), Search::Column("title_en")],
    order: Order { sql: "t.year" },
    public_pages: &[PublicPage::Fixed("/diploma")],
    city_scope: None,
    status_history: None,
    links: &[],
    related: &[],
    bulk: &[BulkAction::Delete],
    singleton: false,
};

pub static EXCHANGES: RecordType = RecordType {
    slug: "exchanges",
    table: "exchanges",
    plural_key: "admin-type-exchanges",
    singular_key: "admin-one-exchange",
    fields: &[
        field("year", "col-year", YEAR, true),
        field("country", "col-country", BILINGUAL, true),
        field(
            "partner_id",
            "exchange-partner",
            Widget::Reference(&ORGANISATION),
            true,
        ),
        field("description", "col-description", BILINGUAL_LONG, true),
        field(
            "hosts",
            "exchange-hosts",
            Widget::Lines(&EXCHANGE_HOSTS),
            false,
        ),
        field(
            "participants",
            "exchange-participants",
            Widget::Municipalities(&EXCHANGE_PARTICIPANTS),
            false,
        ),
    ],
    derived: &[],
    title: &[TitlePart::Number("year"), TitlePart::Localized("country")],
    columns: &[
        title_column("t.year"),
        column(
            "partner",
            "exchange-partner",
            Cell::Field("partner_id"),
            "t.partner_id",
        ),
    ],
    filters: &[],
    search: &[Search::Column("country_es"), Search::Column("country_en")],
    order: Order { sql: "t.year" },
    public_pages: &[PublicPage::Fixed("/exchanges")],
    city_scope: None,
    status_history: None,
    links: &[],
    related: &[],
    bulk: &[BulkAction::Delete],
    singleton: false,
};

pub static FORUM_SEATS: RecordType = RecordType {
    slug: "forum-seats",
    table: "forum_representatives",
    plural_key: "admin-type-forum-seats",
    singular_key: "admin-one-forum-seat",
    fields: &[
        field(
            "municipality_id",
            "col-municipality",
            Widget::Reference(&MUNICIPALITY),
            true,
        ),
        field("forum", "city-forum", BILINGUAL, true),
    ],
    derived: &[],
    title: &[
        TitlePart::Reference("municipality_id"),
        TitlePart::Localized("forum"),
    ],
    columns: &[
        title_column(MUNICIPALITY_NAME),
        column("forum", "city-forum", Cell::Field("forum_es"), "t.forum_es"),
    ],
    filters: &[BY_MUNICIPALITY],
    search: &[
        Search::Reference("municipality_id"),
        Search::Column("forum_es"),
    ],
    order: Order { sql: "t.id" },
    public_pages: &[PublicPage::MunicipalityOf("municipality_id")],
    city_scope: None,
    status_history: None,
    links: &[],
    related: &[],
    bulk: &[BulkAction::Delete],
    singleton: false,
};

pub static OBJECTIVES: RecordType = RecordType {
    slug: "objectives",
    table: "objectives",
    plural_key: "admin-type-objectives",
    singular_key: "admin-one-objective",
    fields: &[
        field("position", "field-position", POSITION, true),
        field("text", "field-text", BILINGUAL_LONG, true),
    ],
    derived: &[],
    title: &[TitlePart::Number("position"), TitlePart::Localized("text")],
    columns: &[title_column("t.position")],
    filters: &[],
    search: &[Search::Column("text_es"), Search::Column("text_en")],
    order: Order { sql: "t.position" },
    public_pages: &[PublicPage::Fixed("/")],
    city_scope: None,
    status_history: None,
    links: &[],
    related: &[],
    bulk: &[BulkAction::Delete],
    singleton: false,
};

pub static STRATEGY: RecordType = RecordType {
    slug: "strategy",
    table: "strategy",
    plural_key: "admin-type-strategy",
    singular_key: "admin-type-strategy",
    fields: &[
        field("name", "field-name", BILINGUAL, true),
        field("summary", "field-summary", BILINGUAL_LONG, true),
        field("period_start", "field-period-start", YEAR, true),
        field("period_end", "field-period-end", YEAR, true),
        field("data_as_of", "field-as-of", Widget::Month, true),
        field("source", "source", BILINGUAL, true),
        field(
            "advisory_committee",
            "about-advisory-committee",
            BILINGUAL,
            true,
        ),
        field("documents_note", "field-documents-note", BILINGUAL, true),
        field("source_url", "field-source-url", Widget::Url, false),
        field("contact_email", "field-contact-email", Widget::Email, false),
    ],
    derived: &[],
    title: &[TitlePart::Localized("name")],
    columns: &[title_column("t.id")],
    filters: &[],
    search: &[],
    order: Order { sql: "t.id" },
    public_pages: &[PublicPage::Fixed("/about")],
    city_scope: None,
    status_history: None,
    links: &[],
    related: &[],
    bulk: &[],
    singleton: true,
};
