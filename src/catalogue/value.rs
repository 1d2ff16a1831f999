//! Typed values between forms, the engine and the store: a record is its values by column (and
//! by field name for list fields). Revisions keep a record as JSON of the same shape.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::{RecordType, ValueKind};

/// One stored value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    /// Ids of linked records (municipalities of a join table).
    Ids(Vec<i64>),
    /// Names of a child table, in order.
    Lines(Vec<String>),
}

impl Value {
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Integer(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A text, or null when empty.
    pub fn text_or_null(text: impl Into<String>) -> Value {
        let text = text.into();
        if text.is_empty() {
            Value::Null
        } else {
            Value::Text(text)
        }
    }

    fn to_json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::Integer(n) => Json::from(*n),
            Value::Real(x) => Json::from(*x),
            Value::Text(text) => Json::from(text.as_str()),
            Value::Ids(ids) => Json::from(ids.clone()),
            Value::Lines(lines) => Json::from(lines.clone()),
        }
    }

    /// A JSON value read back as `kind` (what the column holds); anything that does not fit is
    /// null.
    fn from_json(json: &Json, kind: ValueKind) -> Value {
        match (kind, json) {
            (_, Json::Null) => Value::Null,
            (ValueKind::Integer, Json::Number(n)) => n.as_i64().map_or(Value::Null, Value::Integer),
            (ValueKind::Integer, Json::Bool(b)) => Value::Integer(i64::from(*b)),
            (ValueKind::Real, Json::Number(n)) => n.as_f64().map_or(Value::Null, Value::Real),
            (ValueKind::Text, Json::String(s)) => Value::Text(s.clone()),
            (ValueKind::Text, Json::Number(n)) => Value::Text(n.to_string()),
            (ValueKind::Ids, Json::Array(items)) => {
                Value::Ids(items.iter().filter_map(Json::as_i64).collect())
            }
            (ValueKind::Lines, Json::Array(items)) => Value::Lines(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
            ),
            _ => Value::Null,
        }
    }
}

/// A record's values by column (list fields by field name).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record(BTreeMap<String, Value>);

impl Record {
    pub fn new() -> Record {
        Record::default()
    }

    pub fn set(&mut self, column: impl Into<String>, value: Value) {
        self.0.insert(column.into(), value);
    }

    pub fn get(&self, column: &str) -> &Value {
        self.0.get(column).unwrap_or(&Value::Null)
    }

    pub fn has(&self, column: &str) -> bool {
        self.0.contains_key(column)
    }

    pub fn text(&self, column: &str) -> Option<&str> {
        self.get(column).as_str()
    }

    pub fn integer(&self, column: &str) -> Option<i64> {
        self.get(column).as_i64()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter()
    }

    /// The record as a JSON object (what revisions and proposals store).
    pub fn to_json(&self) -> String {
        let object: serde_json::Map<String, Json> = self
            .0
            .iter()
            .map(|(column, value)| (column.clone(), value.to_json()))
            .collect();
        Json::Object(object).to_string()
    }

    /// A record of `kind` read back from its JSON; unknown keys are dropped and a value that
    /// does not fit its column is null. Malformed JSON gives an empty record.
    pub fn from_json(kind: &RecordType, json: &str) -> Record {
        let Ok(Json::Object(object)) = serde_json::from_str::<Json>(json) else {
            return Record::new();
        };
        let mut record = Record::new();
        for field in kind.fields {
            let value_kind = field.widget.value_kind();
            for input in field.inputs() {
                if let Some(json) = object.get(&input) {
                    record.set(input, Value::from_json(json, value_kind));
                }
            }
        }
        for derived in kind.derived {
            if let Some(json) = object.get(derived.column) {
                record.set(derived.column, Value::from_json(json, ValueKind::Text));
            }
        }
        record
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{BADGES, EXCHANGES, MUNICIPALITIES};

    #[test]
    fn records_round_trip_through_json_by_their_fields() {
        let mut badge = Record::new();
        badge.set("municipality_id", Value::Integer(3));
        badge.set("kind", Value::Text("energy".into()));
        badge.set("year", Value::Null);
        badge.set("evidence_es", Value::Text("Informe".into()));
        let json = badge.to_json();
        assert_eq!(Record::from_json(&BADGES, &json), badge);

        let mut exchange = Record::new();
        exchange.set(
            "hosts",
            Value::Lines(vec!["Rosario".into(), "Vicente López".into()]),
        );
        exchange.set("participants", Value::Ids(vec![4, 5]));
        exchange.set("year", Value::Integer(2023));
        assert_eq!(Record::from_json(&EXCHANGES, &exchange.to_json()), exchange);
    }

    #[test]
    fn old_revisions_read_as_typed_values() {
        // Revisions written before values were typed: numbers for flags, strings for codes.
        let json = r#"{"supported_by_strategy": 1, "latitude": -12.05, "name": "Lima",
                       "search_name": "lima", "unknown": "dropped", "year": "x"}"#;
        let record = Record::from_json(&MUNICIPALITIES, json);
        assert_eq!(record.get("supported_by_strategy"), &Value::Integer(1));
        assert_eq!(record.get("latitude"), &Value::Real(-12.05));
        assert_eq!(record.text("name"), Some("Lima"));
        assert_eq!(record.text("search_name"), Some("lima"));
        assert!(!record.has("unknown"));
        assert!(Record::from_json(&MUNICIPALITIES, "not json").is_empty());
    }
}
