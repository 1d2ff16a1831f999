//! The catalogue of editable record types: for each, its table, its fields and how each field
//! is entered and checked. The admin forms, the generic store code (`store::records`) and the
//! revisions are all driven by this one description, so a record type is added in one place.

use serde_json::{Map, Value};

use crate::domain::{fold_for_search, has_forbidden_control, slugify};

/// How a field is entered, checked and stored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldKind {
    /// One line of text.
    Text {
        max: usize,
    },
    /// Several lines of text.
    LongText,
    /// A Spanish and an English version, stored in `{column}_es` and `{column}_en`, edited side
    /// by side.
    Bilingual {
        long: bool,
    },
    /// A URL-safe identifier, unique in its table.
    Slug,
    /// A machine key: lower-case letters, digits and underscores ("badges_total").
    Code,
    Integer {
        min: i64,
        max: i64,
    },
    Decimal {
        min: f64,
        max: f64,
    },
    Bool,
    /// One of a closed set of codes; labels come from the catalog key `{label_prefix}-{code}`.
    Choice {
        codes: &'static [&'static str],
        label_prefix: &'static str,
    },
    /// A date written YYYY-MM-DD.
    Date,
    /// A month written YYYY-MM.
    Month,
    /// An http(s) address.
    Url,
    /// The id of a record in another table, chosen from a list.
    Reference {
        table: &'static str,
        label_column: &'static str,
    },
    /// Municipalities linked through a join table, chosen with checkboxes.
    Municipalities {
        link: &'static LinkTable,
    },
    /// A list of names kept in a child table, one per line.
    Lines {
        list: &'static LineTable,
    },
}

/// A join table between a record and municipalities.
#[derive(Debug, PartialEq)]
pub struct LinkTable {
    pub table: &'static str,
    pub parent_column: &'static str,
    /// Columns filled on insert: the municipality's name ("seed_label") and its position.
    pub label_column: Option<&'static str>,
    pub position_column: Option<&'static str>,
}

/// A child table holding names of a record, in order.
#[derive(Debug, PartialEq)]
pub struct LineTable {
    pub table: &'static str,
    pub parent_column: &'static str,
    pub value_column: &'static str,
    pub position_column: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Column (or column stem for bilingual fields, or the form name of a link field).
    pub name: &'static str,
    /// Catalog key of the label.
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
}

const fn field(name: &'static str, label: &'static str, kind: FieldKind, required: bool) -> Field {
    Field {
        name,
        label,
        kind,
        required,
    }
}

impl Field {
    /// The table columns this field is stored in (none for link and line fields).
    pub fn columns(&self) -> Vec<String> {
        match self.kind {
            FieldKind::Bilingual { .. } => {
                vec![format!("{}_es", self.name), format!("{}_en", self.name)]
            }
            FieldKind::Municipalities { .. } | FieldKind::Lines { .. } => vec![],
            _ => vec![self.name.to_string()],
        }
    }

    /// Whether the stored value is an integer (including booleans and references).
    pub fn is_integer(&self) -> bool {
        matches!(
            self.kind,
            FieldKind::Integer { .. } | FieldKind::Bool | FieldKind::Reference { .. }
        )
    }
}

/// A column computed from the other fields on every write.
#[derive(Debug, Clone, Copy)]
pub struct Derived {
    pub column: &'static str,
    pub compute: fn(&Map<String, Value>) -> Value,
}

/// One editable record type.
#[derive(Debug)]
pub struct RecordType {
    /// The path segment and revision name ("badges").
    pub name: &'static str,
    pub table: &'static str,
    /// Catalog key of the plural title.
    pub title: &'static str,
    pub fields: &'static [Field],
    pub derived: &'static [Derived],
    /// Column shown in lists and used in search.
    pub display_column: &'static str,
    /// Extra SQL expression shown next to the display column (e.g. the municipality name).
    pub display_join: Option<DisplayJoin>,
    pub order_by: &'static str,
    /// One row only (the strategy): no new, no delete.
    pub singleton: bool,
    /// Whether a city editor may propose changes to records of their own municipality.
    pub city_scoped: bool,
}

/// A referenced record's column shown in lists ("Lima" beside a badge).
#[derive(Debug, Clone, Copy)]
pub struct DisplayJoin {
    pub column: &'static str,
    pub table: &'static str,
    pub label_column: &'static str,
}

impl RecordType {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Every stored column, derived ones included.
    pub fn columns(&self) -> Vec<String> {
        self.fields
            .iter()
            .flat_map(|f| f.columns())
            .chain(self.derived.iter().map(|d| d.column.to_string()))
            .collect()
    }
}

pub const MUNICIPALITY_KINDS: &[&str] = &["provincial", "district", "metropolitan"];
pub const BADGE_KINDS: &[&str] = &["mitigation", "adaptation", "energy", "compliance"];
pub const PLAN_STATUSES: &[&str] = &[
    "not_started",
    "in_preparation",
    "submitted",
    "approved",
    "published",
];
pub const DOCUMENT_KINDS: &[&str] = &["guide", "plan_document", "summary_sheet", "article"];
pub const DOCUMENT_STATUSES: &[&str] = &["pending_approval", "published"];
pub const PROGRAMME_KINDS: &[&str] = &[
    "technical_support",
    "guide",
    "diploma",
    "exchange",
    "outreach",
];
pub const ORGANISATION_ROLES: &[&str] = &[
    "national_coordinator",
    "eu_delegation",
    "university",
    "partner_coordinator",
    "reporting_platform",
];
pub const LANGUAGES: &[&str] = &["es", "en"];

const MUNICIPALITY: FieldKind = FieldKind::Reference {
    table: "municipalities",
    label_column: "name",
};
const ORGANISATION: FieldKind = FieldKind::Reference {
    table: "organisations",
    label_column: "name_es",
};
const YEAR: FieldKind = FieldKind::Integer {
    min: 1990,
    max: 2100,
};
const POSITION: FieldKind = FieldKind::Integer {
    min: 0,
    max: 10_000,
};
const COUNT: FieldKind = FieldKind::Integer {
    min: 0,
    max: 1_000_000,
};
const SHORT: FieldKind = FieldKind::Text { max: 200 };
const BI: FieldKind = FieldKind::Bilingual { long: false };
const BI_LONG: FieldKind = FieldKind::Bilingual { long: true };

fn search_name(values: &Map<String, Value>) -> Value {
    Value::String(fold_for_search(
        values.get("name").and_then(Value::as_str).unwrap_or(""),
    ))
}

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

pub static RECORD_TYPES: &[RecordType] = &[
    RecordType {
        name: "municipalities",
        table: "municipalities",
        title: "admin-type-municipalities",
        fields: &[
            field("name", "field-name", SHORT, true),
            field("slug", "field-slug", FieldKind::Slug, true),
            field(
                "kind",
                "field-municipality-kind",
                FieldKind::Choice {
                    codes: MUNICIPALITY_KINDS,
                    label_prefix: "municipality-kind",
                },
                false,
            ),
            field("department", "col-department", SHORT, true),
            field("province", "col-province", SHORT, true),
            field("district", "col-district", SHORT, true),
            field("ubigeo", "col-ubigeo", FieldKind::Text { max: 6 }, false),
            field(
                "latitude",
                "field-latitude",
                FieldKind::Decimal {
                    min: -90.0,
                    max: 90.0,
                },
                false,
            ),
            field(
                "longitude",
                "field-longitude",
                FieldKind::Decimal {
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
                FieldKind::Bool,
                false,
            ),
            field("seed_spelling", "col-seed-spelling", SHORT, false),
            field(
                "gcom_commitment_date",
                "col-commitment",
                FieldKind::Date,
                false,
            ),
            field("note", "col-note", BI_LONG, false),
        ],
        derived: &[Derived {
            column: "search_name",
            compute: search_name,
        }],
        display_column: "name",
        display_join: None,
        order_by: "search_name",
        singleton: false,
        city_scoped: false,
    },
    RecordType {
        name: "badges",
        table: "badges",
        title: "admin-type-badges",
        fields: &[
            field("municipality_id", "col-name", MUNICIPALITY, true),
            field(
                "kind",
                "col-badge-kind",
                FieldKind::Choice {
                    codes: BADGE_KINDS,
                    label_prefix: "badge-kind",
                },
                true,
            ),
            field("year", "col-year", YEAR, false),
            field("evidence", "col-evidence", BI_LONG, false),
            field("evidence_url", "field-evidence-url", FieldKind::Url, false),
        ],
        derived: &[],
        display_column: "kind",
        display_join: Some(DisplayJoin {
            column: "municipality_id",
            table: "municipalities",
            label_column: "name",
        }),
        order_by: "id",
        singleton: false,
        city_scoped: true,
    },
    RecordType {
        name: "plans",
        table: "plans",
        title: "admin-type-plans",
        fields: &[
            field("municipality_id", "col-name", MUNICIPALITY, true),
            field(
                "status",
                "col-status",
                FieldKind::Choice {
                    codes: PLAN_STATUSES,
                    label_prefix: "plan-status",
                },
                true,
            ),
            field("year", "col-year", YEAR, false),
            field(
                "reported_to_cdp",
                "plan-reported-cdp",
                FieldKind::Bool,
                false,
            ),
            field(
                "approval_instrument",
                "field-approval-instrument",
                SHORT,
                false,
            ),
            field(
                "approval_date",
                "field-approval-date",
                FieldKind::Date,
                false,
            ),
            field("notes", "col-note", BI_LONG, false),
        ],
        derived: &[],
        display_column: "status",
        display_join: Some(DisplayJoin {
            column: "municipality_id",
            table: "municipalities",
            label_column: "name",
        }),
        order_by: "id",
        singleton: false,
        city_scoped: true,
    },
    RecordType {
        name: "reported-figures",
        table: "reported_figures",
        title: "admin-type-reported-figures",
        fields: &[
            field("key", "field-key", FieldKind::Code, true),
            field(
                "value",
                "field-value",
                FieldKind::Integer {
                    min: 0,
                    max: 1_000_000_000,
                },
                true,
            ),
            field("label", "field-label", BI, true),
            field("source", "source", BI, true),
            field("as_of", "field-as-of", FieldKind::Month, true),
            field("position", "field-position", POSITION, true),
        ],
        derived: &[],
        display_column: "key",
        display_join: None,
        order_by: "position",
        singleton: false,
        city_scoped: false,
    },
    RecordType {
        name: "organisations",
        table: "organisations",
        title: "admin-type-organisations",
        fields: &[
            field("name", "field-name", BI, true),
            field("slug", "field-slug", FieldKind::Slug, true),
            field(
                "acronym",
                "field-acronym",
                FieldKind::Text { max: 30 },
                false,
            ),
            field(
                "role",
                "col-role",
                FieldKind::Choice {
                    codes: ORGANISATION_ROLES,
                    label_prefix: "organisation-role",
                },
                true,
            ),
            field("country", "col-country", BI, true),
            field("description", "col-description", BI_LONG, true),
            field("position", "field-position", POSITION, true),
        ],
        derived: &[],
        display_column: "name_es",
        display_join: None,
        order_by: "position",
        singleton: false,
        city_scoped: false,
    },
    RecordType {
        name: "documents",
        table: "documents",
        title: "admin-type-documents",
        fields: &[
            field("title", "col-title", BI, true),
            field("slug", "field-slug", FieldKind::Slug, true),
            field(
                "kind",
                "field-document-kind",
                FieldKind::Choice {
                    codes: DOCUMENT_KINDS,
                    label_prefix: "document-kind",
                },
                true,
            ),
            field("summary", "field-summary", BI_LONG, true),
            field("audience", "guide-audience", BI, true),
            field(
                "language",
                "guide-language",
                FieldKind::Choice {
                    codes: LANGUAGES,
                    label_prefix: "language",
                },
                false,
            ),
            field(
                "status",
                "guide-status",
                FieldKind::Choice {
                    codes: DOCUMENT_STATUSES,
                    label_prefix: "document-status",
                },
                true,
            ),
            field("municipality_id", "col-name", MUNICIPALITY, false),
            field("position", "field-position", POSITION, true),
        ],
        derived: &[],
        display_column: "title_es",
        display_join: None,
        order_by: "position",
        singleton: false,
        city_scoped: false,
    },
    RecordType {
        name: "programmes",
        table: "programmes",
        title: "admin-type-programmes",
        fields: &[
            field("title", "col-title", BI, true),
            field("slug", "field-slug", FieldKind::Slug, true),
            field(
                "kind",
                "field-programme-kind",
                FieldKind::Choice {
                    codes: PROGRAMME_KINDS,
                    label_prefix: "programme-kind",
                },
                true,
            ),
            field("description", "col-description", BI_LONG, true),
            field("position", "field-position", POSITION, true),
            field(
                "participants",
                "field-participants",
                FieldKind::Municipalities {
                    link: &PROGRAMME_PARTICIPANTS,
                },
                false,
            ),
        ],
        derived: &[],
        display_column: "title_es",
        display_join: None,
        order_by: "position",
        singleton: false,
        city_scoped: false,
    },
    RecordType {
        name: "diploma-cohorts",
        table: "diploma_cohorts",
        title: "admin-type-diploma-cohorts",
        fields: &[
            field("year", "col-year", YEAR, true),
            field("title", "col-title", BI, true),
            field("university_id", "col-university", ORGANISATION, true),
            field(
                "postgraduate_certification",
                "diploma-postgraduate",
                FieldKind::Bool,
                false,
            ),
            field("plans_presented", "col-plans-presented", COUNT, false),
            field("plans_reported_to_cdp", "col-plans-cdp", COUNT, false),
            field("notes", "col-note", BI_LONG, true),
            field(
                "participants",
                "field-participants",
                FieldKind::Municipalities {
                    link: &DIPLOMA_PARTICIPANTS,
                },
                false,
            ),
        ],
        derived: &[],
        display_column: "title_es",
        display_join: None,
        order_by: "year",
        singleton: false,
        city_scoped: false,
    },
    RecordType {
        name: "exchanges",
        table: "exchanges",
        title: "admin-type-exchanges",
        fields: &[
            field("year", "col-year", YEAR, true),
            field("country", "col-country", BI, true),
            field("partner_id", "exchange-partner", ORGANISATION, true),
            field("description", "col-description", BI_LONG, true),
            field(
                "hosts",
                "exchange-hosts",
                FieldKind::Lines {
                    list: &EXCHANGE_HOSTS,
                },
                false,
            ),
            field(
                "participants",
                "exchange-participants",
                FieldKind::Municipalities {
                    link: &EXCHANGE_PARTICIPANTS,
                },
                false,
            ),
        ],
        derived: &[],
        display_column: "country_es",
        display_join: None,
        order_by: "year",
        singleton: false,
        city_scoped: false,
    },
    RecordType {
        name: "forum-seats",
        table: "forum_representatives",
        title: "admin-type-forum-seats",
        fields: &[
            field("municipality_id", "col-name", MUNICIPALITY, true),
            field("forum", "city-forum", BI, true),
        ],
        derived: &[],
        display_column: "forum_es",
        display_join: Some(DisplayJoin {
            column: "municipality_id",
            table: "municipalities",
            label_column: "name",
        }),
        order_by: "id",
        singleton: false,
        city_scoped: false,
    },
    RecordType {
        name: "objectives",
        table: "objectives",
        title: "admin-type-objectives",
        fields: &[
            field("position", "field-position", POSITION, true),
            field("text", "field-text", BI_LONG, true),
        ],
        derived: &[],
        display_column: "text_es",
        display_join: None,
        order_by: "position",
        singleton: false,
        city_scoped: false,
    },
    RecordType {
        name: "strategy",
        table: "strategy",
        title: "admin-type-strategy",
        fields: &[
            field("name", "field-name", BI, true),
            field("summary", "field-summary", BI_LONG, true),
            field("period_start", "field-period-start", YEAR, true),
            field("period_end", "field-period-end", YEAR, true),
            field("data_as_of", "field-as-of", FieldKind::Month, true),
            field("source", "source", BI, true),
            field("advisory_committee", "about-advisory-committee", BI, true),
            field("documents_note", "field-documents-note", BI, true),
        ],
        derived: &[],
        display_column: "name_es",
        display_join: None,
        order_by: "id",
        singleton: true,
        city_scoped: false,
    },
];

pub fn record_type(name: &str) -> Option<&'static RecordType> {
    RECORD_TYPES.iter().find(|t| t.name == name)
}

/// A field's problem, as a catalog key shown beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The form input name ("title_es", "year").
    pub input: String,
    pub message_key: &'static str,
}

/// The raw text a form sent, by input name; checkbox lists are comma-joined ids.
pub type RawForm = std::collections::HashMap<String, String>;

/// Turns a submitted form into stored values (JSON, by column / link name), or the list of
/// problems, one per wrong input. Nothing is written by this function.
pub fn parse_form(
    kind: &RecordType,
    form: &RawForm,
) -> Result<Map<String, Value>, Vec<FieldError>> {
    let mut values = Map::new();
    let mut errors = Vec::new();
    let text = |input: &str| {
        form.get(input)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    for f in kind.fields {
        let mut fail = |input: &str, key: &'static str| {
            errors.push(FieldError {
                input: input.to_string(),
                message_key: key,
            })
        };
        match f.kind {
            FieldKind::Bilingual { long } => {
                for (suffix, input) in [
                    ("es", format!("{}_es", f.name)),
                    ("en", format!("{}_en", f.name)),
                ] {
                    let value = text(&input);
                    let max = if long { 20_000 } else { 500 };
                    if has_forbidden_control(&value, long) {
                        fail(&input, "form-control-characters");
                    } else if value.is_empty() && f.required {
                        fail(
                            &input,
                            if suffix == "es" {
                                "form-required-es"
                            } else {
                                "form-required-en"
                            },
                        );
                    } else if value.chars().count() > max {
                        fail(&input, "form-too-long");
                    }
                    values.insert(
                        input.clone(),
                        if value.is_empty() {
                            Value::Null
                        } else {
                            Value::String(value)
                        },
                    );
                }
            }
            FieldKind::Municipalities { .. } => {
                let mut ids = Vec::new();
                for part in text(f.name)
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                {
                    match part.parse::<i64>() {
                        Ok(id) if !ids.contains(&Value::from(id)) => ids.push(Value::from(id)),
                        Ok(_) => {}
                        Err(_) => fail(f.name, "form-bad-choice"),
                    }
                }
                values.insert(f.name.to_string(), Value::Array(ids));
            }
            FieldKind::Lines { .. } => {
                let mut lines: Vec<Value> = Vec::new();
                for line in text(f.name)
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                {
                    if line.chars().count() > 200 {
                        fail(f.name, "form-too-long");
                    } else if !lines.contains(&Value::from(line)) {
                        lines.push(Value::from(line));
                    }
                }
                values.insert(f.name.to_string(), Value::Array(lines));
            }
            _ => {
                let value = text(f.name);
                if has_forbidden_control(&value, f.kind == FieldKind::LongText) {
                    fail(f.name, "form-control-characters");
                    values.insert(f.name.to_string(), Value::String(value));
                    continue;
                }
                if value.is_empty() {
                    if f.required && f.kind != FieldKind::Bool {
                        fail(f.name, "form-required");
                    }
                    let empty = if f.kind == FieldKind::Bool {
                        Value::from(0)
                    } else {
                        Value::Null
                    };
                    values.insert(f.name.to_string(), empty);
                    continue;
                }
                match parse_scalar(f.kind, &value) {
                    Ok(parsed) => {
                        values.insert(f.name.to_string(), parsed);
                    }
                    Err(key) => {
                        fail(f.name, key);
                        values.insert(f.name.to_string(), Value::String(value));
                    }
                }
            }
        }
    }
    for derived in kind.derived {
        let computed = (derived.compute)(&values);
        values.insert(derived.column.to_string(), computed);
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

fn parse_scalar(kind: FieldKind, value: &str) -> Result<Value, &'static str> {
    match kind {
        FieldKind::Text { max } => {
            if value.chars().count() > max {
                Err("form-too-long")
            } else {
                Ok(Value::from(value))
            }
        }
        FieldKind::LongText => {
            if value.chars().count() > 20_000 {
                Err("form-too-long")
            } else {
                Ok(Value::from(value))
            }
        }
        FieldKind::Slug => {
            if slugify(value) == value && value.len() <= 100 {
                Ok(Value::from(value))
            } else {
                Err("form-bad-slug")
            }
        }
        FieldKind::Code => {
            let valid = value.len() <= 60
                && value
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if valid {
                Ok(Value::from(value))
            } else {
                Err("form-bad-code")
            }
        }
        FieldKind::Integer { min, max } => match value.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Value::from(n)),
            Ok(_) => Err("form-out-of-range"),
            Err(_) => Err("form-not-a-number"),
        },
        FieldKind::Decimal { min, max } => match value.replace(',', ".").parse::<f64>() {
            Ok(n) if n.is_finite() && (min..=max).contains(&n) => Ok(Value::from(n)),
            Ok(_) => Err("form-out-of-range"),
            Err(_) => Err("form-not-a-number"),
        },
        FieldKind::Bool => Ok(Value::from(i64::from(matches!(
            value,
            "1" | "on" | "true" | "yes"
        )))),
        FieldKind::Choice { codes, .. } => {
            if codes.contains(&value) {
                Ok(Value::from(value))
            } else {
                Err("form-bad-choice")
            }
        }
        FieldKind::Date => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            time::Date::parse(value, &format)
                .map(|_| Value::from(value))
                .map_err(|_| "form-bad-date")
        }
        FieldKind::Month => {
            let valid = value.len() == 7
                && value.as_bytes()[4] == b'-'
                && value[..4].parse::<u16>().is_ok()
                && value[5..]
                    .parse::<u8>()
                    .is_ok_and(|m| (1..=12).contains(&m));
            if valid {
                Ok(Value::from(value))
            } else {
                Err("form-bad-month")
            }
        }
        FieldKind::Url => {
            let valid = (value.starts_with("https://") || value.starts_with("http://"))
                && value.len() <= 2000
                && !value.contains(char::is_whitespace);
            if valid {
                Ok(Value::from(value))
            } else {
                Err("form-bad-url")
            }
        }
        FieldKind::Reference { .. } => value
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| "form-bad-choice"),
        FieldKind::Bilingual { .. }
        | FieldKind::Municipalities { .. }
        | FieldKind::Lines { .. } => Err("form-bad-choice"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> RawForm {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_valid_badge_form_parses() {
        let kind = record_type("badges").expect("badges");
        let values = parse_form(
            kind,
            &form(&[
                ("municipality_id", "3"),
                ("kind", "energy"),
                ("year", "2023"),
            ]),
        )
        .expect("valid");
        assert_eq!(values["municipality_id"], Value::from(3));
        assert_eq!(values["kind"], Value::from("energy"));
        assert_eq!(values["year"], Value::from(2023));
        assert_eq!(values["evidence_es"], Value::Null);
    }

    #[test]
    fn each_wrong_input_gets_its_own_message() {
        let kind = record_type("badges").expect("badges");
        let errors = parse_form(
            kind,
            &form(&[
                ("kind", "gold"),
                ("year", "20x3"),
                ("evidence_url", "ftp://x"),
            ]),
        )
        .expect_err("invalid");
        let by_input: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.input.as_str(), e.message_key))
            .collect();
        assert!(by_input.contains(&("municipality_id", "form-required")));
        assert!(by_input.contains(&("kind", "form-bad-choice")));
        assert!(by_input.contains(&("year", "form-not-a-number")));
        assert!(by_input.contains(&("evidence_url", "form-bad-url")));
    }

    #[test]
    fn derived_and_link_fields() {
        let kind = record_type("municipalities").expect("municipalities");
        let values = parse_form(
            kind,
            &form(&[
                ("name", "Jesús María"),
                ("slug", "jesus-maria"),
                ("department", "Lima"),
                ("province", "Lima"),
                ("district", "Jesús María"),
                ("supported_by_strategy", "1"),
            ]),
        )
        .expect("valid");
        assert_eq!(values["search_name"], Value::from("jesus maria"));
        assert_eq!(values["supported_by_strategy"], Value::from(1));
        let bad_slug =
            parse_form(kind, &form(&[("name", "X"), ("slug", "Jesús María")])).expect_err("slug");
        assert!(
            bad_slug
                .iter()
                .any(|e| e.input == "slug" && e.message_key == "form-bad-slug")
        );

        let exchanges = record_type("exchanges").expect("exchanges");
        let values = parse_form(
            exchanges,
            &form(&[
                ("year", "2025"),
                ("country_es", "Brasil"),
                ("country_en", "Brazil"),
                ("partner_id", "1"),
                ("description_es", "d"),
                ("description_en", "d"),
                ("hosts", "Curitiba\n\nRecife\nCuritiba"),
                ("participants", "4,5,4"),
            ]),
        )
        .expect("valid");
        assert_eq!(values["hosts"], serde_json::json!(["Curitiba", "Recife"]));
        assert_eq!(values["participants"], serde_json::json!([4, 5]));
    }

    #[test]
    fn every_table_column_is_described_once() {
        for kind in RECORD_TYPES {
            let columns = kind.columns();
            let mut unique = columns.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(
                columns.len(),
                unique.len(),
                "{} repeats a column",
                kind.name
            );
        }
    }
}
