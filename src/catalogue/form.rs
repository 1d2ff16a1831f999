//! A submitted record form, read into typed values: each widget parses and checks its inputs,
//! and every problem is reported against its input as a message key. Nothing is written here.

use std::collections::{HashMap, HashSet};

use super::{Field, Record, RecordType, Value, Widget};
use crate::domain::{has_forbidden_control, slugify};
use crate::forms::FieldErrors;

/// The text a form sent, by input name; checkbox lists are comma-joined ids.
pub type RawForm = HashMap<String, String>;

/// The option of a suggested field that asks for a new value, typed in `{name}__new`.
pub const NEW_VALUE: &str = "__new__";

/// The input of a suggested field's new value.
pub fn new_value_input(field: &str) -> String {
    format!("{field}__new")
}

/// Longest text of a long text or a bilingual text area.
const LONG_TEXT_MAX: usize = 20_000;
/// Longest one-line bilingual text.
const LINE_MAX: usize = 500;
/// Longest name in a list of names (one per line).
const LIST_LINE_MAX: usize = 200;

/// What a form is checked against besides its own inputs: the values a suggested field
/// already knows (departments, provinces), by field name.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub suggestions: HashMap<&'static str, Vec<String>>,
}

/// Reads a submitted form of `kind` into a record, or says what is wrong with each input.
pub fn parse(kind: &RecordType, form: &RawForm, known: &Known) -> Result<Record, FieldErrors> {
    let mut record = Record::new();
    let mut errors = FieldErrors::new();
    let text = |input: &str| {
        form.get(input)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    for field in kind.fields {
        match &field.widget {
            Widget::Bilingual { long } => {
                parse_bilingual(field, *long, &text, &mut record, &mut errors)
            }
            Widget::Municipalities(_) => match parse_ids(&text(field.name)) {
                Ok(ids) => record.set(field.name, Value::Ids(ids)),
                Err(key) => errors.add(field.name, key),
            },
            Widget::Lines(_) => match parse_lines(&text(field.name)) {
                Ok(lines) => record.set(field.name, Value::Lines(lines)),
                Err(key) => errors.add(field.name, key),
            },
            Widget::Suggested(_) => {
                let chosen = suggested_text(field, &text, known);
                set_single(field, chosen, &mut record, &mut errors);
            }
            _ => set_single(field, Ok(text(field.name)), &mut record, &mut errors),
        }
    }
    for derived in kind.derived {
        let value = (derived.compute)(&record);
        record.set(derived.column, value);
    }
    errors.into_result(record)
}

fn parse_bilingual(
    field: &Field,
    long: bool,
    text: &dyn Fn(&str) -> String,
    record: &mut Record,
    errors: &mut FieldErrors,
) {
    let max = if long { LONG_TEXT_MAX } else { LINE_MAX };
    for (language, required_key) in [("es", "form-required-es"), ("en", "form-required-en")] {
        let input = format!("{}_{language}", field.name);
        let value = text(&input);
        if has_forbidden_control(&value, long) {
            errors.add(&input, "form-control-characters");
        } else if value.is_empty() && field.required {
            errors.add(&input, required_key);
        } else if value.chars().count() > max {
            errors.add(&input, "form-too-long");
        }
        record.set(input, Value::text_or_null(value));
    }
}

/// The text of a suggested field: a known value, or a new one typed after choosing "new".
fn suggested_text(
    field: &Field,
    text: &dyn Fn(&str) -> String,
    known: &Known,
) -> Result<String, &'static str> {
    let chosen = text(field.name);
    if chosen == NEW_VALUE {
        let typed = text(&new_value_input(field.name));
        return if typed.is_empty() {
            Err("form-new-value-missing")
        } else {
            Ok(typed)
        };
    }
    let is_known = known
        .suggestions
        .get(field.name)
        .is_some_and(|values| values.contains(&chosen));
    if chosen.is_empty() || is_known {
        Ok(chosen)
    } else {
        Err("form-bad-choice")
    }
}

/// Checks one single-input field's text and stores its typed value.
fn set_single(
    field: &Field,
    typed: Result<String, &'static str>,
    record: &mut Record,
    errors: &mut FieldErrors,
) {
    let value = match typed {
        Ok(value) => value,
        Err(key) => {
            errors.add(field.name, key);
            return;
        }
    };
    let multiline = matches!(field.widget, Widget::LongText { .. });
    if has_forbidden_control(&value, multiline) {
        errors.add(field.name, "form-control-characters");
        return;
    }
    if value.is_empty() {
        if field.required && !matches!(field.widget, Widget::Checkbox) {
            errors.add(field.name, "form-required");
        }
        let empty = match field.widget {
            Widget::Checkbox => Value::Integer(0),
            _ => Value::Null,
        };
        record.set(field.name, empty);
        return;
    }
    match parse_value(&field.widget, &value) {
        Ok(parsed) => record.set(field.name, parsed),
        Err(key) => errors.add(field.name, key),
    }
}

/// A non-empty single-input value, checked as its widget requires.
pub fn parse_value(widget: &Widget, value: &str) -> Result<Value, &'static str> {
    let text = || Ok(Value::Text(value.to_string()));
    let within = |max: usize| {
        if value.chars().count() > max {
            Err("form-too-long")
        } else {
            text()
        }
    };
    match widget {
        Widget::Text { max } | Widget::LongText { max } => within(*max),
        Widget::Suggested(_) => within(200),
        Widget::Slug if slugify(value) == value && value.len() <= 100 => text(),
        Widget::Slug => Err("form-bad-slug"),
        Widget::Code => parse_code(value),
        Widget::Integer { min, max } => match value.parse::<i64>() {
            Ok(n) if (*min..=*max).contains(&n) => Ok(Value::Integer(n)),
            Ok(_) => Err("form-out-of-range"),
            Err(_) => Err("form-not-a-number"),
        },
        Widget::Decimal { min, max } => match value.replace(',', ".").parse::<f64>() {
            Ok(x) if x.is_finite() && (*min..=*max).contains(&x) => Ok(Value::Real(x)),
            Ok(_) => Err("form-out-of-range"),
            Err(_) => Err("form-not-a-number"),
        },
        Widget::Checkbox => Ok(Value::Integer(i64::from(matches!(
            value,
            "1" | "on" | "true" | "yes"
        )))),
        Widget::Choice(codes) if codes.contains(value) => text(),
        Widget::Choice(_) => Err("form-bad-choice"),
        Widget::Date => parse_date(value),
        Widget::Month => parse_month(value),
        Widget::Url => parse_url(value),
        Widget::Email => crate::domain::accounts::Email::parse(value)
            .map(|email| Value::Text(email.as_str().to_string()))
            .map_err(|_| "form-bad-email"),
        Widget::Reference(_) => value
            .parse::<i64>()
            .map(Value::Integer)
            .map_err(|_| "form-bad-choice"),
        Widget::Bilingual { .. } | Widget::Municipalities(_) | Widget::Lines(_) => {
            Err("form-bad-choice")
        }
    }
}

fn parse_code(value: &str) -> Result<Value, &'static str> {
    let valid = value.len() <= 60
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(Value::Text(value.to_string()))
    } else {
        Err("form-bad-code")
    }
}

fn parse_date(value: &str) -> Result<Value, &'static str> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(value, &format)
        .map(|_| Value::Text(value.to_string()))
        .map_err(|_| "form-bad-date")
}

fn parse_month(value: &str) -> Result<Value, &'static str> {
    let valid = value.len() == 7
        && value.as_bytes()[4] == b'-'
        && value[..4].parse::<u16>().is_ok()
        && value[5..]
            .parse::<u8>()
            .is_ok_and(|m| (1..=12).contains(&m));
    if valid {
        Ok(Value::Text(value.to_string()))
    } else {
        Err("form-bad-month")
    }
}

fn parse_url(value: &str) -> Result<Value, &'static str> {
    let valid = (value.starts_with("https://") || value.starts_with("http://"))
        && value.len() <= 2000
        && !value.contains(char::is_whitespace);
    if valid {
        Ok(Value::Text(value.to_string()))
    } else {
        Err("form-bad-url")
    }
}

/// Comma-separated ids, each once, in the order given.
fn parse_ids(text: &str) -> Result<Vec<i64>, &'static str> {
    let mut ids = Vec::new();
    let mut seen = HashSet::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let id = part.parse::<i64>().map_err(|_| "form-bad-choice")?;
        if seen.insert(id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Names, one per line, each once, blank lines dropped.
fn parse_lines(text: &str) -> Result<Vec<String>, &'static str> {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if has_forbidden_control(line, false) {
            return Err("form-control-characters");
        }
        if line.chars().count() > LIST_LINE_MAX {
            return Err("form-too-long");
        }
        if !lines.iter().any(|l| l == line) {
            lines.push(line.to_string());
        }
    }
    Ok(lines)
}

/// The inputs of a stored record as its form shows them (ids comma-joined, names one per line,
/// checkboxes "1" or "").
pub fn inputs_of(kind: &RecordType, record: &Record) -> RawForm {
    let mut inputs = RawForm::new();
    for field in kind.fields {
        for input in field.inputs() {
            let text = match record.get(&input) {
                Value::Null => String::new(),
                Value::Integer(n) if matches!(field.widget, Widget::Checkbox) => {
                    if *n != 0 {
                        "1".into()
                    } else {
                        String::new()
                    }
                }
                Value::Integer(n) => n.to_string(),
                Value::Real(x) => x.to_string(),
                Value::Text(text) => text.clone(),
                Value::Ids(ids) => ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","),
                Value::Lines(lines) => lines.join("\n"),
            };
            inputs.insert(input, text);
        }
    }
    inputs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{BADGES, EXCHANGES, MUNICIPALITIES, REPORTED_FIGURES, STRATEGY};

    fn form(pairs: &[(&str, &str)]) -> RawForm {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn known_lima() -> Known {
        let mut known = Known::default();
        known
            .suggestions
            .insert("department", vec!["Lima".to_string(), "Callao".to_string()]);
        known
            .suggestions
            .insert("province", vec!["Lima".to_string()]);
        known
    }

    fn municipality(extra: &[(&str, &str)]) -> RawForm {
        let mut raw = form(&[
            ("name", "Jesús María"),
            ("slug", "jesus-maria"),
            ("department", "Lima"),
            ("province", "Lima"),
            ("district", "Jesús María"),
            ("supported_by_strategy", "1"),
        ]);
        raw.extend(form(extra));
        raw
    }

    #[test]
    fn a_valid_badge_is_typed() {
        let record = parse(
            &BADGES,
            &form(&[
                ("municipality_id", "3"),
                ("kind", "energy"),
                ("year", "2023"),
            ]),
            &Known::default(),
        )
        .expect("valid");
        assert_eq!(record.get("municipality_id"), &Value::Integer(3));
        assert_eq!(record.get("kind"), &Value::Text("energy".into()));
        assert_eq!(record.get("year"), &Value::Integer(2023));
        assert_eq!(record.get("evidence_es"), &Value::Null);
    }

    #[test]
    fn each_wrong_input_gets_its_own_message() {
        let errors = parse(
            &BADGES,
            &form(&[
                ("kind", "gold"),
                ("year", "20x3"),
                ("evidence_url", "ftp://x"),
            ]),
            &Known::default(),
        )
        .expect_err("invalid");
        assert_eq!(errors.get("municipality_id"), Some("form-required"));
        assert_eq!(errors.get("kind"), Some("form-bad-choice"));
        assert_eq!(errors.get("year"), Some("form-not-a-number"));
        assert_eq!(errors.get("evidence_url"), Some("form-bad-url"));
    }

    #[test]
    fn every_widget_parses_and_refuses_what_it_must() {
        let cases: &[(&Widget, &str, Result<Value, &str>)] = &[
            (
                &Widget::Text { max: 3 },
                "abc",
                Ok(Value::Text("abc".into())),
            ),
            (&Widget::Text { max: 3 }, "abcd", Err("form-too-long")),
            (
                &Widget::Slug,
                "jesus-maria",
                Ok(Value::Text("jesus-maria".into())),
            ),
            (&Widget::Slug, "Jesús María", Err("form-bad-slug")),
            (
                &Widget::Code,
                "badges_total",
                Ok(Value::Text("badges_total".into())),
            ),
            (&Widget::Code, "Badges", Err("form-bad-code")),
            (
                &Widget::Integer { min: 1, max: 9 },
                "9",
                Ok(Value::Integer(9)),
            ),
            (
                &Widget::Integer { min: 1, max: 9 },
                "10",
                Err("form-out-of-range"),
            ),
            (
                &Widget::Integer { min: 1, max: 9 },
                "x",
                Err("form-not-a-number"),
            ),
            (
                &Widget::Decimal {
                    min: -90.0,
                    max: 90.0,
                },
                "-12,5",
                Ok(Value::Real(-12.5)),
            ),
            (
                &Widget::Decimal {
                    min: -90.0,
                    max: 90.0,
                },
                "NaN",
                Err("form-out-of-range"),
            ),
            (&Widget::Checkbox, "1", Ok(Value::Integer(1))),
            (
                &Widget::Date,
                "2024-02-29",
                Ok(Value::Text("2024-02-29".into())),
            ),
            (&Widget::Date, "2023-02-29", Err("form-bad-date")),
            (&Widget::Month, "2024-04", Ok(Value::Text("2024-04".into()))),
            (&Widget::Month, "2024-13", Err("form-bad-month")),
            (
                &Widget::Url,
                "https://x.pe/a",
                Ok(Value::Text("https://x.pe/a".into())),
            ),
            (&Widget::Url, "javascript:alert(1)", Err("form-bad-url")),
            (
                &Widget::Choice(&crate::domain::BadgeKind::CODES),
                "energy",
                Ok(Value::Text("energy".into())),
            ),
            (
                &Widget::Choice(&crate::domain::BadgeKind::CODES),
                "Energy",
                Err("form-bad-choice"),
            ),
            (
                &Widget::Reference(&crate::catalogue::MUNICIPALITY),
                "12",
                Ok(Value::Integer(12)),
            ),
            (
                &Widget::Reference(&crate::catalogue::MUNICIPALITY),
                "12a",
                Err("form-bad-choice"),
            ),
        ];
        for (widget, input, expected) in cases {
            assert_eq!(
                &parse_value(widget, input),
                expected,
                "{widget:?} {input:?}"
            );
        }
    }

    #[test]
    fn derived_values_and_suggested_fields() {
        let record = parse(&MUNICIPALITIES, &municipality(&[]), &known_lima()).expect("valid");
        assert_eq!(record.text("search_name"), Some("jesus maria"));
        assert_eq!(record.get("supported_by_strategy"), &Value::Integer(1));
        assert_eq!(record.get("latitude"), &Value::Null);
        // A department that is not known is refused…
        let typo = parse(
            &MUNICIPALITIES,
            &municipality(&[("department", "Lmia")]),
            &known_lima(),
        )
        .expect_err("unknown");
        assert_eq!(typo.get("department"), Some("form-bad-choice"));
        // …unless "new value" is chosen on purpose and the value typed.
        let new = parse(
            &MUNICIPALITIES,
            &municipality(&[("department", NEW_VALUE), ("department__new", "Moquegua")]),
            &known_lima(),
        )
        .expect("a deliberate new value");
        assert_eq!(new.text("department"), Some("Moquegua"));
        let empty_new = parse(
            &MUNICIPALITIES,
            &municipality(&[("department", NEW_VALUE)]),
            &known_lima(),
        )
        .expect_err("new but empty");
        assert_eq!(empty_new.get("department"), Some("form-new-value-missing"));
    }

    #[test]
    fn one_line_fields_refuse_line_breaks_and_long_ones_keep_them() {
        let errors = parse(
            &MUNICIPALITIES,
            &municipality(&[("name", "Lima\nNorte")]),
            &known_lima(),
        )
        .expect_err("line break");
        assert_eq!(errors.get("name"), Some("form-control-characters"));
        let record = parse(
            &MUNICIPALITIES,
            &municipality(&[("note_es", "Primera línea\nSegunda")]),
            &known_lima(),
        )
        .expect("a note on two lines");
        assert_eq!(record.text("note_es"), Some("Primera línea\nSegunda"));
        let figure = parse(
            &REPORTED_FIGURES,
            &form(&[("label_es", "a\tb"), ("label_en", "")]),
            &Known::default(),
        )
        .expect_err("bilingual line");
        assert_eq!(figure.get("label_es"), Some("form-control-characters"));
        assert_eq!(figure.get("label_en"), Some("form-required-en"));
    }

    #[test]
    fn list_fields_and_their_inputs_round_trip() {
        let raw = form(&[
            ("year", "2025"),
            ("country_es", "Brasil"),
            ("country_en", "Brazil"),
            ("partner_id", "1"),
            ("description_es", "d"),
            ("description_en", "d"),
            ("hosts", "Curitiba\n\nRecife\nCuritiba"),
            ("participants", "4,5,4"),
        ]);
        let record = parse(&EXCHANGES, &raw, &Known::default()).expect("valid");
        assert_eq!(
            record.get("hosts"),
            &Value::Lines(vec!["Curitiba".into(), "Recife".into()])
        );
        assert_eq!(record.get("participants"), &Value::Ids(vec![4, 5]));
        let inputs = inputs_of(&EXCHANGES, &record);
        assert_eq!(inputs["hosts"], "Curitiba\nRecife");
        assert_eq!(inputs["participants"], "4,5");
        assert_eq!(inputs["year"], "2025");
        assert_eq!(
            parse(&EXCHANGES, &inputs, &Known::default()).expect("again"),
            record
        );
        let bad = parse(
            &EXCHANGES,
            &form(&[("participants", "4,x")]),
            &Known::default(),
        )
        .expect_err("bad id");
        assert_eq!(bad.get("participants"), Some("form-bad-choice"));
    }

    #[test]
    fn checkboxes_are_zero_when_unticked_and_required_years_are_required() {
        let errors = parse(&STRATEGY, &form(&[]), &Known::default()).expect_err("empty");
        assert_eq!(errors.get("period_start"), Some("form-required"));
        assert_eq!(errors.get("name_es"), Some("form-required-es"));
        let mut record = Record::new();
        record.set("supported_by_strategy", Value::Integer(0));
        assert_eq!(
            inputs_of(&MUNICIPALITIES, &record)["supported_by_strategy"],
            ""
        );
    }
}
