//! The pages of the record engine (list, form, history) and what they are built from: the
//! catalogue's declarations, a record's values, the options of its references and the problems
//! of a submitted form.

use std::collections::HashMap;

use askama::Template;

use super::{AdminChrome, OptionView, Pagination};
use crate::catalogue::form::{Known, NEW_VALUE, RawForm, inputs_of, new_value_input};
use crate::catalogue::{self, Field, PublicPage, Record, RecordType, TitlePart, Value, Widget};
use crate::forms::FieldErrors;
use crate::store::{ChoiceOption, Revision, StoredRecord};
use crate::views::PageCtx;

/// Longest title shown (objectives are whole sentences).
const TITLE_MAX_CHARS: usize = 90;

/// What a form needs besides the record: the records its references can point at (by table) and
/// the values its suggested fields know.
#[derive(Debug, Clone, Default)]
pub struct FormOptions {
    pub references: HashMap<&'static str, Vec<ChoiceOption>>,
    pub known: Known,
    /// The slugs of the municipalities (for links to their public pages), by id.
    pub city_slugs: HashMap<i64, String>,
}

impl FormOptions {
    /// The label of the record `id` of `table`.
    pub fn label(&self, table: &str, id: i64) -> Option<&str> {
        self.references
            .get(table)
            .and_then(|options| options.iter().find(|o| o.id == id))
            .map(|o| o.label.as_str())
    }
}

/// A record's title, in the page's language: its title parts joined with " — ". Reference
/// parts read the label from `labels` (field name → label), or from `options` by id.
pub fn title_of(
    ctx: &PageCtx,
    kind: &RecordType,
    record: &Record,
    options: Option<&FormOptions>,
) -> String {
    let parts: Vec<String> = kind
        .title
        .iter()
        .filter_map(|part| title_part(ctx, kind, record, options, part))
        .filter(|text| !text.is_empty())
        .collect();
    let title = parts.join(" — ");
    if title.chars().count() > TITLE_MAX_CHARS {
        let short: String = title.chars().take(TITLE_MAX_CHARS - 1).collect();
        format!("{}…", short.trim_end())
    } else {
        title
    }
}

fn title_part(
    ctx: &PageCtx,
    kind: &RecordType,
    record: &Record,
    options: Option<&FormOptions>,
    part: &TitlePart,
) -> Option<String> {
    match part {
        TitlePart::Column(column) => record.text(column).map(str::to_string),
        TitlePart::Localized(stem) => {
            let es = record.text(&format!("{stem}_es")).unwrap_or("");
            let en = record.text(&format!("{stem}_en")).unwrap_or("");
            Some(ctx.pick(es, en).to_string())
        }
        TitlePart::Number(column) => record.integer(column).map(|n| n.to_string()),
        TitlePart::Choice(column) => {
            let code = record.text(column)?;
            match kind.field(column).map(|f| &f.widget) {
                Some(Widget::Choice(codes)) => Some(ctx.t(codes.label_key(code))),
                _ => Some(code.to_string()),
            }
        }
        TitlePart::Reference(field) => match record.get(field) {
            // In lists the label itself is selected.
            Value::Text(label) => Some(label.clone()),
            Value::Integer(id) => {
                let table = match kind.field(field).map(|f| &f.widget) {
                    Some(Widget::Reference(reference)) => reference.table,
                    _ => return None,
                };
                options
                    .and_then(|o| o.label(table, *id))
                    .map(str::to_string)
            }
            _ => None,
        },
    }
}

/// Where a record shows on the public site, if anywhere.
pub fn public_page(kind: &RecordType, record: &Record, options: &FormOptions) -> Option<String> {
    kind.public_pages.iter().find_map(|page| match page {
        PublicPage::Slug {
            prefix,
            column,
            only_if,
        } => {
            let applies = only_if.is_none_or(|(c, code)| record.text(c) == Some(code));
            let slug = record.text(column)?;
            applies.then(|| format!("{prefix}{slug}"))
        }
        PublicPage::MunicipalityOf(field) => {
            let id = record.integer(field)?;
            options
                .city_slugs
                .get(&id)
                .map(|slug| crate::paths::city(slug))
        }
        PublicPage::Fixed(path) => Some(path.to_string()),
    })
}

/// How a field is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidgetView {
    Text,
    Number,
    Decimal,
    Date,
    Url,
    Email,
    TextArea,
    Lines,
    BilingualLine,
    BilingualLong,
    Checkbox,
    Select,
    /// A select of known values with a "new value" option and its text input.
    Suggested,
    Checkboxes,
}

impl WidgetView {
    fn of(widget: &Widget) -> WidgetView {
        match widget {
            Widget::Text { .. } | Widget::Slug | Widget::Code | Widget::Month => WidgetView::Text,
            Widget::LongText { .. } => WidgetView::TextArea,
            Widget::Bilingual { long: true } => WidgetView::BilingualLong,
            Widget::Bilingual { long: false } => WidgetView::BilingualLine,
            Widget::Integer { .. } => WidgetView::Number,
            Widget::Decimal { .. } => WidgetView::Decimal,
            Widget::Checkbox => WidgetView::Checkbox,
            Widget::Choice(_) | Widget::Reference(_) => WidgetView::Select,
            Widget::Suggested(_) => WidgetView::Suggested,
            Widget::Date => WidgetView::Date,
            Widget::Url => WidgetView::Url,
            Widget::Email => WidgetView::Email,
            Widget::Municipalities(_) => WidgetView::Checkboxes,
            Widget::Lines(_) => WidgetView::Lines,
        }
    }

    /// The `type` of an `<input>` drawn for this widget.
    pub fn input_type(&self) -> &'static str {
        match self {
            WidgetView::Date => "date",
            WidgetView::Url => "url",
            WidgetView::Email => "email",
            _ => "text",
        }
    }

    /// The `inputmode` of an `<input>`, if the keyboard should be numeric.
    pub fn input_mode(&self) -> Option<&'static str> {
        match self {
            WidgetView::Number => Some("numeric"),
            WidgetView::Decimal => Some("decimal"),
            _ => None,
        }
    }

    pub fn is_bilingual(&self) -> bool {
        matches!(self, WidgetView::BilingualLine | WidgetView::BilingualLong)
    }
}

/// One input of a field (two for bilingual fields).
#[derive(Debug, Clone)]
pub struct InputView {
    pub name: String,
    pub label: String,
    pub value: String,
    /// Catalog key of the input's problem.
    pub error: Option<&'static str>,
    /// The language of the text typed here, for `lang` on bilingual inputs.
    pub lang: Option<&'static str>,
}

/// A form field as the template draws it.
#[derive(Debug, Clone)]
pub struct FieldView {
    pub label: String,
    pub widget: WidgetView,
    pub inputs: Vec<InputView>,
    pub options: Vec<OptionView>,
    pub required: bool,
    pub checked: bool,
    pub hint: Option<String>,
    /// The text input of a suggested field's new value.
    pub new_value: Option<InputView>,
}

impl FieldView {
    pub fn first(&self) -> Option<&InputView> {
        self.inputs.first()
    }
}

/// The fields of a form, filled with `inputs` (as stored, or as typed), with each problem
/// beside its input. A city editor's municipality field offers only that municipality.
pub fn form_fields(
    ctx: &PageCtx,
    kind: &RecordType,
    inputs: &RawForm,
    errors: &FieldErrors,
    options: &FormOptions,
    locked_municipality: Option<i64>,
) -> Vec<FieldView> {
    kind.fields
        .iter()
        .map(|field| {
            let mut view = FieldView {
                label: ctx.t(field.label_key),
                widget: WidgetView::of(&field.widget),
                inputs: field_inputs(ctx, field, inputs, errors),
                options: Vec::new(),
                required: field.required,
                checked: inputs.get(field.name).is_some_and(|v| v == "1"),
                hint: hint_of(ctx, &field.widget),
                new_value: None,
            };
            let value = inputs.get(field.name).cloned().unwrap_or_default();
            view.options = field_options(ctx, field, &value, options, locked_municipality);
            if matches!(field.widget, Widget::Suggested(_)) {
                view.new_value = Some(new_value_view(ctx, field, inputs, errors));
            }
            view
        })
        .collect()
}

fn field_inputs(
    ctx: &PageCtx,
    field: &Field,
    inputs: &RawForm,
    errors: &FieldErrors,
) -> Vec<InputView> {
    let label = ctx.t(field.label_key);
    field
        .inputs()
        .into_iter()
        .map(|name| {
            let lang = match field.widget {
                Widget::Bilingual { .. } if name.ends_with("_es") => Some("es"),
                Widget::Bilingual { .. } => Some("en"),
                _ => None,
            };
            InputView {
                label: match lang {
                    Some(code) => format!("{label} — {}", ctx.t(format!("language-{code}"))),
                    None => label.clone(),
                },
                value: match field.widget {
                    Widget::Checkbox => "1".to_string(),
                    _ => inputs.get(&name).cloned().unwrap_or_default(),
                },
                error: errors.get(&name),
                lang,
                name,
            }
        })
        .collect()
}

fn hint_of(ctx: &PageCtx, widget: &Widget) -> Option<String> {
    match widget {
        Widget::Slug => Some(ctx.t("form-slug-hint")),
        Widget::Month => Some(ctx.t("form-month-hint")),
        Widget::Lines(_) => Some(ctx.t("form-lines-hint")),
        Widget::Suggested(_) => Some(ctx.t("form-suggested-hint")),
        _ => None,
    }
}

fn new_value_view(
    ctx: &PageCtx,
    field: &Field,
    inputs: &RawForm,
    errors: &FieldErrors,
) -> InputView {
    let name = new_value_input(field.name);
    InputView {
        label: ctx.t_name("form-new-value", &ctx.t(field.label_key)),
        value: inputs.get(&name).cloned().unwrap_or_default(),
        error: errors.get(&name),
        lang: None,
        name,
    }
}

/// The options of a select, suggested field or checkbox list, with the current value chosen.
fn field_options(
    ctx: &PageCtx,
    field: &Field,
    value: &str,
    options: &FormOptions,
    locked_municipality: Option<i64>,
) -> Vec<OptionView> {
    let none = |selected: bool| OptionView {
        value: String::new(),
        label: ctx.t("form-none"),
        selected,
    };
    match &field.widget {
        Widget::Choice(codes) => (!field.required)
            .then(|| none(value.is_empty()))
            .into_iter()
            .chain(codes.codes.iter().map(|code| OptionView {
                value: code.to_string(),
                label: ctx.t(codes.label_key(code)),
                selected: value == *code,
            }))
            .collect(),
        Widget::Reference(reference) => {
            let locked =
                locked_municipality.filter(|_| std::ptr::eq(*reference, &catalogue::MUNICIPALITY));
            let blank = (!field.required && locked.is_none()).then(|| none(value.is_empty()));
            blank
                .into_iter()
                .chain(reference_options(reference, value, options, locked))
                .collect()
        }
        Widget::Suggested(_) => suggested_options(ctx, field, value, options),
        Widget::Municipalities(_) => {
            let chosen: Vec<&str> = value.split(',').map(str::trim).collect();
            options
                .references
                .get(catalogue::MUNICIPALITY.table)
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|c| OptionView {
                    selected: chosen.contains(&c.id.to_string().as_str()),
                    value: c.id.to_string(),
                    label: c.label,
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The records a reference may point at (only `locked` when given), the current one chosen.
fn reference_options(
    reference: &catalogue::Reference,
    value: &str,
    options: &FormOptions,
    locked: Option<i64>,
) -> Vec<OptionView> {
    options
        .references
        .get(reference.table)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|c| locked.is_none_or(|id| c.id == id))
        .map(|c| OptionView {
            selected: value == c.id.to_string(),
            value: c.id.to_string(),
            label: c.label,
        })
        .collect()
}

fn suggested_options(
    ctx: &PageCtx,
    field: &Field,
    value: &str,
    options: &FormOptions,
) -> Vec<OptionView> {
    let known = options
        .known
        .suggestions
        .get(field.name)
        .cloned()
        .unwrap_or_default();
    let mut views = vec![OptionView {
        value: String::new(),
        label: ctx.t("form-choose"),
        selected: value.is_empty(),
    }];
    views.extend(known.iter().map(|known| OptionView {
        value: known.clone(),
        label: known.clone(),
        selected: value == known,
    }));
    views.push(OptionView {
        value: NEW_VALUE.to_string(),
        label: ctx.t("form-new-value-option"),
        selected: value == NEW_VALUE,
    });
    views
}

/// A stored value in words: labels instead of codes and ids.
pub fn display_value(ctx: &PageCtx, field: &Field, value: &Value, options: &FormOptions) -> String {
    match (&field.widget, value) {
        (_, Value::Null) => "—".to_string(),
        (Widget::Checkbox, Value::Integer(n)) => ctx.yes_no(*n),
        (Widget::Choice(codes), Value::Text(code)) => ctx.t(codes.label_key(code)),
        (Widget::Reference(reference), Value::Integer(id)) => options
            .label(reference.table, *id)
            .map_or_else(|| format!("#{id}"), str::to_string),
        (_, Value::Ids(ids)) => ids
            .iter()
            .map(|id| {
                options
                    .label(catalogue::MUNICIPALITY.table, *id)
                    .map_or_else(|| format!("#{id}"), str::to_string)
            })
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::Lines(lines)) => lines.join(", "),
        (_, Value::Integer(n)) => n.to_string(),
        (_, Value::Real(x)) => x.to_string(),
        (_, Value::Text(text)) => text.clone(),
    }
}

/// A field whose value differs between two versions (edit conflict, proposal, revision).
#[derive(Debug, Clone)]
pub struct ChangeRow {
    pub label: String,
    pub before: String,
    pub after: String,
}

/// One row per value that differs between two versions of a record.
pub fn changes(
    ctx: &PageCtx,
    kind: &RecordType,
    before: &Record,
    after: &Record,
    options: &FormOptions,
) -> Vec<ChangeRow> {
    let mut rows = Vec::new();
    for field in kind.fields {
        for input in field.inputs() {
            if before.get(&input) == after.get(&input) {
                continue;
            }
            let mut label = ctx.t(field.label_key);
            if let Widget::Bilingual { .. } = field.widget {
                let code = if input.ends_with("_es") { "es" } else { "en" };
                label = format!("{label} ({})", ctx.t(format!("language-{code}")));
            }
            rows.push(ChangeRow {
                label,
                before: display_value(ctx, field, before.get(&input), options),
                after: display_value(ctx, field, after.get(&input), options),
            });
        }
    }
    rows
}

/// The date and note of a status change, as typed.
#[derive(Debug, Clone, Default)]
pub struct StatusNoteView {
    pub changed_on: String,
    pub note_es: String,
    pub note_en: String,
}

/// A link to another admin page, with its label.
#[derive(Debug, Clone)]
pub struct LinkView {
    pub label: String,
    pub path: String,
}

#[derive(Template)]
#[template(path = "admin/form.html")]
pub struct FormPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub kind: &'static RecordType,
    /// The record's title, or "New municipality".
    pub heading: String,
    pub id: Option<i64>,
    pub row_version: i64,
    pub fields: Vec<FieldView>,
    pub errors: FieldErrors,
    pub conflict: Vec<ChangeRow>,
    pub conflict_by: String,
    pub is_proposal: bool,
    /// For types with a status history: date and note of a status change.
    pub status_note: Option<StatusNoteView>,
    pub can_delete: bool,
    pub view_on_site: Option<String>,
    /// Further pages of the record and lists of records pointing at it.
    pub links: Vec<LinkView>,
}

impl FormPage {
    pub fn error(&self, input: &str) -> Option<&'static str> {
        self.errors.get(input)
    }
}

/// A column heading of a list, with its sort link.
#[derive(Debug, Clone)]
pub struct ColumnHead {
    pub label: String,
    pub sort_link: Option<String>,
    /// "ascending" or "descending" when the list is sorted by this column.
    pub sorted: Option<&'static str>,
}

/// One row of a list.
#[derive(Debug, Clone)]
pub struct RowView {
    pub id: i64,
    pub title: String,
    pub edit_path: String,
    pub cells: Vec<String>,
}

/// A filter of a list: its options with the chosen one.
#[derive(Debug, Clone)]
pub struct FilterView {
    pub param: &'static str,
    pub label: String,
    pub options: Vec<OptionView>,
}

#[derive(Template)]
#[template(path = "admin/list.html")]
pub struct ListPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub kind: &'static RecordType,
    pub title: String,
    pub columns: Vec<ColumnHead>,
    pub rows: Vec<RowView>,
    pub filters: Vec<FilterView>,
    pub search: String,
    pub sort: String,
    pub page: Pagination,
    pub can_create: bool,
    /// Bulk actions offered (value = action key).
    pub bulk: Vec<OptionView>,
    /// What is wrong with the filters, as a catalog key.
    pub filter_error: Option<&'static str>,
    /// Whether any filter or search is in use.
    pub filtered: bool,
}

impl ListPage {
    pub fn page_position(&self) -> String {
        self.page.position(&self.ctx)
    }

    pub fn total(&self) -> usize {
        usize::try_from(self.page.total).unwrap_or(0)
    }
}

/// A revision with what it changed.
#[derive(Debug, Clone)]
pub struct RevisionView {
    pub id: i64,
    pub kind: Option<&'static RecordType>,
    pub record_id: i64,
    pub action: String,
    pub changed_by: String,
    pub changed_at: String,
    pub note: String,
    pub title: String,
    pub changes: Vec<ChangeRow>,
}

impl RevisionView {
    /// The record's history page, if the record type is known.
    pub fn history_path(&self) -> Option<String> {
        self.kind
            .map(|kind| crate::paths::record_history(kind, self.record_id))
    }

    pub fn type_title_key(&self) -> &'static str {
        self.kind.map_or("admin-record", |kind| kind.plural_key)
    }
}

/// A revision with its changes and the record's title at that point.
pub fn revision_view(ctx: &PageCtx, revision: &Revision, options: &FormOptions) -> RevisionView {
    let kind = revision.kind();
    let (title, changes) = match kind {
        Some(kind) => {
            let before = revision.before(kind);
            let after = revision.after(kind);
            let titled = if after.is_empty() { &before } else { &after };
            (
                title_of(ctx, kind, titled, Some(options)),
                changes(ctx, kind, &before, &after, options),
            )
        }
        None => (String::new(), Vec::new()),
    };
    RevisionView {
        id: revision.id,
        kind,
        record_id: revision.record_id,
        action: revision.action.clone(),
        changed_by: revision.changed_by.clone(),
        changed_at: revision.changed_at.clone(),
        note: revision.note.clone(),
        title,
        changes,
    }
}

#[derive(Template)]
#[template(path = "admin/history.html")]
pub struct HistoryPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub kind: &'static RecordType,
    pub heading: String,
    pub id: i64,
    pub record_exists: bool,
    pub revisions: Vec<RevisionView>,
}

/// The inputs of a stored record, for its form.
pub fn stored_inputs(kind: &RecordType, stored: &StoredRecord) -> RawForm {
    inputs_of(kind, &stored.values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{BADGES, DOCUMENTS, EXCHANGES, MUNICIPALITIES, OBJECTIVES};
    use crate::i18n::Lang;

    fn ctx(lang: Lang) -> PageCtx {
        PageCtx {
            lang,
            page_path: "/admin".into(),
            query: None,
            base_url: "http://x".into(),
            site: None,
        }
    }

    fn options() -> FormOptions {
        let mut options = FormOptions::default();
        options.references.insert(
            catalogue::MUNICIPALITY.table,
            vec![
                ChoiceOption {
                    id: 1,
                    label: "Lima".into(),
                },
                ChoiceOption {
                    id: 2,
                    label: "Callao".into(),
                },
            ],
        );
        options.city_slugs.insert(1, "lima".into());
        options
            .known
            .suggestions
            .insert("department", vec!["Callao".into(), "Lima".into()]);
        options
    }

    #[test]
    fn titles_read_like_the_record() {
        let mut badge = Record::new();
        badge.set("municipality_id", Value::Integer(1));
        badge.set("kind", Value::Text("compliance".into()));
        badge.set("year", Value::Integer(2023));
        assert_eq!(
            title_of(&ctx(Lang::Es), &BADGES, &badge, Some(&options())),
            "Lima — Cumplimiento total — 2023"
        );
        assert_eq!(
            title_of(&ctx(Lang::En), &BADGES, &badge, Some(&options())),
            "Lima — Full compliance — 2023"
        );
        let mut objective = Record::new();
        objective.set("position", Value::Integer(1));
        objective.set("text_es", Value::Text("x".repeat(200)));
        let title = title_of(&ctx(Lang::Es), &OBJECTIVES, &objective, None);
        assert!(
            title.starts_with("1 — xxx") && title.ends_with('…'),
            "{title}"
        );
        assert!(title.chars().count() <= TITLE_MAX_CHARS);
    }

    #[test]
    fn view_on_site_follows_the_declaration() {
        let mut municipality = Record::new();
        municipality.set("slug", Value::Text("lima".into()));
        assert_eq!(
            public_page(&MUNICIPALITIES, &municipality, &options()).as_deref(),
            Some("/cities/lima")
        );
        let mut badge = Record::new();
        badge.set("municipality_id", Value::Integer(1));
        assert_eq!(
            public_page(&BADGES, &badge, &options()).as_deref(),
            Some("/cities/lima")
        );
        let mut sheet = Record::new();
        sheet.set("slug", Value::Text("ficha".into()));
        sheet.set("kind", Value::Text("summary_sheet".into()));
        assert_eq!(public_page(&DOCUMENTS, &sheet, &options()), None);
        sheet.set("kind", Value::Text("guide".into()));
        assert_eq!(
            public_page(&DOCUMENTS, &sheet, &options()).as_deref(),
            Some("/guides/ficha")
        );
        assert_eq!(
            public_page(&EXCHANGES, &Record::new(), &options()).as_deref(),
            Some("/exchanges")
        );
    }

    #[test]
    fn each_widget_is_drawn_with_its_value_and_problem() {
        let mut inputs = RawForm::new();
        inputs.insert("name".into(), "Lima".into());
        inputs.insert("department".into(), NEW_VALUE.into());
        inputs.insert("department__new".into(), "Moquegua".into());
        inputs.insert("supported_by_strategy".into(), "1".into());
        inputs.insert("kind".into(), "district".into());
        inputs.insert("note_es".into(), "nota".into());
        let errors = FieldErrors::one("department__new", "form-too-long");
        let fields = form_fields(
            &ctx(Lang::Es),
            &MUNICIPALITIES,
            &inputs,
            &errors,
            &options(),
            None,
        );
        let by_name = |name: &str| {
            fields
                .iter()
                .find(|f| f.inputs.iter().any(|i| i.name == name))
                .unwrap_or_else(|| panic!("{name}"))
        };
        assert_eq!(by_name("name").widget, WidgetView::Text);
        assert_eq!(
            by_name("name").first().map(|i| i.value.as_str()),
            Some("Lima")
        );
        let department = by_name("department");
        assert_eq!(department.widget, WidgetView::Suggested);
        assert!(
            department
                .options
                .iter()
                .any(|o| o.value == NEW_VALUE && o.selected)
        );
        let new_value = department.new_value.as_ref().expect("new value input");
        assert_eq!(new_value.value, "Moquegua");
        assert_eq!(new_value.error, Some("form-too-long"));
        assert!(by_name("supported_by_strategy").checked);
        assert_eq!(by_name("latitude").widget, WidgetView::Decimal);
        assert_eq!(by_name("latitude").widget.input_mode(), Some("decimal"));
        let kind = by_name("kind");
        assert_eq!(kind.widget, WidgetView::Select);
        assert!(
            kind.options
                .iter()
                .any(|o| o.value == "district" && o.selected && o.label == "Distrital")
        );
        assert_eq!(by_name("note_es").widget, WidgetView::BilingualLong);
        assert_eq!(by_name("note_es").inputs[1].lang, Some("en"));
        assert_eq!(by_name("gcom_commitment_date").widget.input_type(), "date");
    }

    #[test]
    fn a_city_editor_sees_only_its_municipality() {
        let fields = form_fields(
            &ctx(Lang::Es),
            &BADGES,
            &RawForm::new(),
            &FieldErrors::new(),
            &options(),
            Some(2),
        );
        let municipality = &fields[0];
        assert_eq!(municipality.options.len(), 1);
        assert_eq!(municipality.options[0].label, "Callao");
    }

    #[test]
    fn changes_are_shown_in_words() {
        let mut before = Record::new();
        before.set("kind", Value::Text("energy".into()));
        before.set("municipality_id", Value::Integer(1));
        let mut after = before.clone();
        after.set("kind", Value::Text("adaptation".into()));
        after.set("evidence_en", Value::Text("Report".into()));
        let rows = changes(&ctx(Lang::En), &BADGES, &before, &after, &options());
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].before.as_str(), rows[0].after.as_str()),
            ("Energy", "Adaptation")
        );
        assert!(rows[1].label.contains("(English)"), "{}", rows[1].label);
        assert_eq!(rows[1].before, "—");
    }
}
