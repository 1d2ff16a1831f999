//! The catalogue of editable record types, in the spirit of Django's `ModelAdmin`: each type is a
//! named static (`entries.rs`) that declares its table and fields, how its records are titled,
//! listed, filtered, searched and sorted, where they show on the public site, which column ties
//! them to a city (for city editors), whether they keep a status history, and which admin pages
//! link from them. The admin forms and lists, the generic store code and the revisions are all
//! driven by these declarations: nothing anywhere compares a record type's name.

mod entries;
pub mod form;
mod progress;
pub mod value;

pub use entries::*;
pub use progress::*;
pub use value::{Record, Value};

use crate::domain::CodeList;

/// One editable record type.
#[derive(Debug)]
pub struct RecordType {
    /// The path segment (`/admin/{slug}`) and the name revisions and proposals store.
    pub slug: &'static str,
    pub table: &'static str,
    /// Catalog key of the plural title ("Municipalidades").
    pub plural_key: &'static str,
    /// Catalog key of one record ("municipalidad"), for "Nueva municipalidad".
    pub singular_key: &'static str,
    pub fields: &'static [Field],
    /// Columns computed from the fields on every write.
    pub derived: &'static [Derived],
    /// What a record is called in headings, breadcrumbs and lists.
    pub title: &'static [TitlePart],
    /// The columns of the admin list (the first is the linked title).
    pub columns: &'static [ListColumn],
    /// The filters of the admin list.
    pub filters: &'static [ListFilter],
    /// What the list's search box looks in.
    pub search: &'static [Search],
    /// The list's order when no column is chosen.
    pub order: Order,
    /// Where a record shows on the public site ("view on site"): the first that applies.
    pub public_pages: &'static [PublicPage],
    /// The column naming the municipality a record belongs to, when city editors may propose
    /// changes to their own city's records of this type.
    pub city_scope: Option<&'static str>,
    /// A status whose every change is kept with its date and note (plans).
    pub status_history: Option<&'static StatusHistory>,
    /// Further admin pages of a record (a document's files).
    pub links: &'static [RecordLink],
    /// Lists of other types that point at a record of this type (a city's badges).
    pub related: &'static [Related],
    /// Actions on many records at once, from the list.
    pub bulk: &'static [BulkAction],
    /// One record only (the strategy): no list of its own, no new, no delete.
    pub singleton: bool,
}

/// One field of a form: a column (two for bilingual text), or a list kept in a child table.
#[derive(Debug)]
pub struct Field {
    /// Column, column stem of bilingual fields (`title` → `title_es`, `title_en`), or the form
    /// name of a list field.
    pub name: &'static str,
    /// Catalog key of the label.
    pub label_key: &'static str,
    pub widget: Widget,
    pub required: bool,
}

/// How a field is entered and checked, and so how its value is stored.
#[derive(Debug)]
pub enum Widget {
    /// One line of text.
    Text {
        max: usize,
    },
    /// Several lines of text.
    LongText {
        max: usize,
    },
    /// A Spanish and an English text side by side (`{name}_es`, `{name}_en`).
    Bilingual {
        long: bool,
    },
    /// A URL-safe identifier, unique in its table.
    Slug,
    /// A machine key: lower-case letters, digits and underscores.
    Code,
    Integer {
        min: i64,
        max: i64,
    },
    Decimal {
        min: f64,
        max: f64,
    },
    Checkbox,
    /// One code of a closed list (from the domain enums).
    Choice(&'static CodeList),
    /// A date, YYYY-MM-DD.
    Date,
    /// A month, YYYY-MM.
    Month,
    /// An http(s) address.
    Url,
    /// An email address (the public contact).
    Email,
    /// A record of another table, chosen from a list.
    Reference(&'static Reference),
    /// A text chosen from the values already known (a department); a new value only by choosing
    /// "new value" and typing it.
    Suggested(&'static Suggestions),
    /// Municipalities linked through a join table, chosen with checkboxes.
    Municipalities(&'static LinkTable),
    /// Names kept in a child table, one per line.
    Lines(&'static LineTable),
}

/// The table and label of a reference.
#[derive(Debug)]
pub struct Reference {
    pub table: &'static str,
    /// SQL giving a record's label, over `r`, the referenced row (`r.name`); `{lang}` stands
    /// for the page's language code (`r.name_{lang}`).
    pub label: &'static str,
    /// The record type of the referenced table, for links from lists.
    pub kind: fn() -> &'static RecordType,
}

impl Reference {
    /// The label SQL for a language code ("es", "en").
    pub fn label_in(&self, lang: &str) -> String {
        self.label.replace("{lang}", lang)
    }
}

/// Where the known values of a suggested field come from: a fixed list, and the values the
/// table already holds in `column`.
#[derive(Debug)]
pub struct Suggestions {
    pub fixed: &'static [&'static str],
}

/// A join table between a record and municipalities.
#[derive(Debug)]
pub struct LinkTable {
    pub table: &'static str,
    pub parent_column: &'static str,
    /// Columns filled on insert: the municipality's name and the link's position.
    pub label_column: Option<&'static str>,
    pub position_column: Option<&'static str>,
}

/// A child table holding names of a record, in order.
#[derive(Debug)]
pub struct LineTable {
    pub table: &'static str,
    pub parent_column: &'static str,
    pub value_column: &'static str,
    pub position_column: &'static str,
}

/// A column computed from the other values on every write.
#[derive(Debug)]
pub struct Derived {
    pub column: &'static str,
    pub compute: fn(&Record) -> Value,
}

/// One part of a record's title; the parts are joined with " — ".
#[derive(Debug)]
pub enum TitlePart {
    /// A text column as stored.
    Column(&'static str),
    /// A bilingual column stem, in the page's language.
    Localized(&'static str),
    /// A reference field: the referenced record's label.
    Reference(&'static str),
    /// A choice field: its code's label.
    Choice(&'static str),
    /// A number column (a year).
    Number(&'static str),
}

/// A column of an admin list.
#[derive(Debug)]
pub struct ListColumn {
    /// The `sort` parameter of the column.
    pub key: &'static str,
    pub label_key: &'static str,
    pub cell: Cell,
    /// SQL that orders by the column (over `t`, the listed table), if it can be sorted.
    pub sort: Option<&'static str>,
}

/// What a list cell shows.
#[derive(Debug)]
pub enum Cell {
    /// The record's title, linked to its form.
    Title,
    /// A field's value as the form would show it in words (labels for codes, yes/no, names of
    /// referenced records).
    Field(&'static str),
    /// A number computed by SQL over `t` (how many badges a city has).
    Count(&'static str),
    /// A code computed by SQL over `t`, shown with its label (a city's latest plan status).
    Code {
        sql: &'static str,
        codes: &'static CodeList,
    },
}

/// A filter of an admin list, read from the query parameter `param`.
#[derive(Debug)]
pub struct ListFilter {
    pub param: &'static str,
    pub label_key: &'static str,
    pub source: FilterSource,
}

/// Which records a filter keeps, and where its options come from.
#[derive(Debug)]
pub enum FilterSource {
    /// A choice column equal to one of the codes.
    Choice {
        column: &'static str,
        codes: &'static CodeList,
    },
    /// A yes/no column.
    Flag { column: &'static str },
    /// A text column equal to one of the values the table holds.
    Distinct { column: &'static str },
    /// A number column equal to one of the values the table holds (years).
    DistinctNumber { column: &'static str },
    /// A reference column pointing at one record of the referenced table.
    Reference {
        column: &'static str,
        reference: &'static Reference,
    },
    /// A code that SQL over `t` must match, with `$1` standing for the chosen code (a city with
    /// a plan of this status).
    Condition {
        sql: &'static str,
        codes: &'static CodeList,
    },
}

/// What a list's search box looks in.
#[derive(Debug)]
pub enum Search {
    /// A text column of the listed table.
    Column(&'static str),
    /// A column holding text folded for search (lower case, no accents): the query is folded
    /// the same way ("jesus maria" finds "Jesús María").
    Folded(&'static str),
    /// The label of a referenced record.
    Reference(&'static str),
}

/// The default order of a list: SQL over `t`.
#[derive(Debug)]
pub struct Order {
    pub sql: &'static str,
}

/// Where a record shows on the public site.
#[derive(Debug)]
pub enum PublicPage {
    /// `prefix` + the record's slug, when `only_if` (column, code) holds.
    Slug {
        prefix: &'static str,
        column: &'static str,
        only_if: Option<(&'static str, &'static str)>,
    },
    /// The page of the municipality the reference column points at.
    MunicipalityOf(&'static str),
    /// One fixed page (the records are all shown there).
    Fixed(&'static str),
}

/// A status whose changes are kept, each with its date and note.
#[derive(Debug)]
pub struct StatusHistory {
    pub column: &'static str,
    pub table: &'static str,
    pub parent_column: &'static str,
}

/// A further admin page of a record.
#[derive(Debug)]
pub struct RecordLink {
    pub label_key: &'static str,
    pub path: fn(i64) -> String,
}

/// A list of another type filtered to the records pointing at this one.
#[derive(Debug)]
pub struct Related {
    pub kind: fn() -> &'static RecordType,
    /// The other type's filter that selects by this record's id.
    pub filter: &'static str,
}

/// An action on the records ticked in a list.
#[derive(Debug)]
pub enum BulkAction {
    /// Delete each (with its revision).
    Delete,
    /// Set a choice column to one code on each (with its revision).
    Set {
        key: &'static str,
        label_key: &'static str,
        column: &'static str,
        code: &'static str,
    },
}

impl BulkAction {
    pub fn key(&self) -> &'static str {
        match self {
            BulkAction::Delete => "delete",
            BulkAction::Set { key, .. } => key,
        }
    }

    pub fn label_key(&self) -> &'static str {
        match self {
            BulkAction::Delete => "admin-bulk-delete",
            BulkAction::Set { label_key, .. } => label_key,
        }
    }
}

/// What a stored column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Text,
    Integer,
    Real,
    /// Ids of linked municipalities (a join table).
    Ids,
    /// Names in a child table.
    Lines,
}

impl Widget {
    /// What the stored value of this widget is.
    pub fn value_kind(&self) -> ValueKind {
        match self {
            Widget::Integer { .. } | Widget::Checkbox | Widget::Reference(_) => ValueKind::Integer,
            Widget::Decimal { .. } => ValueKind::Real,
            Widget::Municipalities(_) => ValueKind::Ids,
            Widget::Lines(_) => ValueKind::Lines,
            Widget::Text { .. }
            | Widget::LongText { .. }
            | Widget::Bilingual { .. }
            | Widget::Slug
            | Widget::Code
            | Widget::Choice(_)
            | Widget::Date
            | Widget::Month
            | Widget::Url
            | Widget::Email
            | Widget::Suggested(_) => ValueKind::Text,
        }
    }

    /// Whether the value lives in a child table rather than in columns of the record's row.
    pub fn is_list(&self) -> bool {
        matches!(self, Widget::Municipalities(_) | Widget::Lines(_))
    }
}

impl Field {
    /// The table columns this field is stored in (none for list fields).
    pub fn columns(&self) -> Vec<String> {
        match self.widget {
            Widget::Bilingual { .. } => {
                vec![format!("{}_es", self.name), format!("{}_en", self.name)]
            }
            Widget::Municipalities(_) | Widget::Lines(_) => Vec::new(),
            _ => vec![self.name.to_string()],
        }
    }

    /// The names of the form inputs and record values of this field.
    pub fn inputs(&self) -> Vec<String> {
        match self.widget {
            Widget::Municipalities(_) | Widget::Lines(_) => vec![self.name.to_string()],
            _ => self.columns(),
        }
    }
}

impl RecordType {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field that stores `column` or list `name` (bilingual columns belong to their field).
    pub fn field_of_column(&self, column: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.inputs().iter().any(|input| input == column))
    }

    /// Every stored column of the record's row, derived ones included.
    pub fn columns(&self) -> Vec<String> {
        self.fields
            .iter()
            .flat_map(Field::columns)
            .chain(self.derived.iter().map(|d| d.column.to_string()))
            .collect()
    }

    pub fn filter(&self, param: &str) -> Option<&ListFilter> {
        self.filters.iter().find(|f| f.param == param)
    }

    pub fn bulk_action(&self, key: &str) -> Option<&BulkAction> {
        self.bulk.iter().find(|a| a.key() == key)
    }

    /// Whether city editors may propose records of this type (for their own city).
    pub fn is_city_scoped(&self) -> bool {
        self.city_scope.is_some()
    }
}

/// Every record type, in the order the dashboard shows them.
pub static ALL: &[&RecordType] = &[
    &MUNICIPALITIES,
    &PROGRESS_ENTRIES,
    &BADGES,
    &PLANS,
    &PLAN_MEASURES,
    &REPORTED_FIGURES,
    &ORGANISATIONS,
    &DOCUMENTS,
    &PROGRAMMES,
    &DIPLOMA_COHORTS,
    &EXCHANGES,
    &FORUM_SEATS,
    &OBJECTIVES,
    &STRATEGY,
    &PILLARS,
    &PHASES,
];

/// The record type of a path segment or a stored revision.
pub fn by_slug(slug: &str) -> Option<&'static RecordType> {
    ALL.iter().copied().find(|kind| kind.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_found_by_its_slug_and_lists_each_column_once() {
        for kind in ALL {
            assert!(std::ptr::eq(by_slug(kind.slug).expect("found"), *kind));
            let mut columns = kind.columns();
            let count = columns.len();
            columns.sort();
            columns.dedup();
            assert_eq!(columns.len(), count, "{} repeats a column", kind.slug);
            assert!(!kind.title.is_empty(), "{} has no title", kind.slug);
            assert!(
                matches!(kind.columns.first().map(|c| &c.cell), Some(Cell::Title)),
                "{}: the first list column is the title",
                kind.slug
            );
        }
    }

    #[test]
    fn declarations_name_real_fields() {
        for kind in ALL {
            let known = |name: &str| {
                kind.fields.iter().any(|f| f.name == name)
                    || kind.columns().iter().any(|c| c == name)
            };
            for part in kind.title {
                let name = match part {
                    TitlePart::Column(n)
                    | TitlePart::Localized(n)
                    | TitlePart::Reference(n)
                    | TitlePart::Choice(n)
                    | TitlePart::Number(n) => n,
                };
                assert!(known(name), "{}: title part {name}", kind.slug);
            }
            for column in kind.columns {
                if let Cell::Field(name) = column.cell {
                    assert!(known(name), "{}: list column {name}", kind.slug);
                }
            }
            if let Some(scope) = kind.city_scope {
                let field = kind.field(scope).expect("the city scope is a field");
                assert!(
                    matches!(field.widget, Widget::Reference(r) if r.table == "municipalities")
                );
            }
            for related in kind.related {
                let other = (related.kind)();
                assert!(
                    other.filter(related.filter).is_some(),
                    "{} → {}: no filter {}",
                    kind.slug,
                    other.slug,
                    related.filter
                );
            }
        }
    }
}
