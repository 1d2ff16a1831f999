//! The National Strategy's records, loaded into an empty store (`portal seed`, and on first start).
//!
//! The records are data: `seed/strategy/<table>.json`, one file per table in the format
//! `portal export` writes, without the bookkeeping columns (`created_at`, `updated_at`,
//! `updated_by`, `row_version`), which are filled at load time. The files are compiled into the
//! binary and load through the import's `load_tables`. `seed/strategy/README.md` says where each
//! fact comes from and how to change one.

use super::dump::{Source, Stamps};
use super::{Store, StoreResult, now_timestamp};

/// Who the seeded rows were last changed by.
const SEEDED_BY: &str = "seed";

/// `(table, the text of seed/strategy/<table>.json)` for each listed table.
macro_rules! seed_files {
    ($($table:literal),+ $(,)?) => {
        &[$(($table, include_str!(concat!("../../seed/strategy/", $table, ".json")))),+]
    };
}

/// The strategy's records as compiled into the binary: `(table, JSON text)`, parents first.
pub const SEED_TABLES: &[(&str, &str)] = seed_files![
    "strategy",
    "objectives",
    "municipalities",
    "organisations",
    "reported_figures",
    "documents",
    "badges",
    "plans",
    "plan_status_history",
    "programmes",
    "programme_participants",
    "diploma_cohorts",
    "exchanges",
    "exchange_host_cities",
    "exchange_participants",
    "forum_representatives",
];

impl Store {
    /// Loads the strategy's records if they are absent, in one transaction: either all of them
    /// are written or none. Returns whether anything was written.
    #[tracing::instrument(skip(self))]
    pub async fn seed(&self) -> StoreResult<bool> {
        self.seed_with(SEED_TABLES).await
    }

    /// `seed` with other records in the same format, `(table, JSON text)`: rows stamped now and
    /// by "seed", all or nothing, nothing if the store already holds the strategy.
    pub async fn seed_with(&self, tables: &[(&str, &str)]) -> StoreResult<bool> {
        let now = now_timestamp();
        let stamps = Stamps {
            at: &now,
            by: SEEDED_BY,
        };
        let loaded = self
            .load_tables(&Source::Embedded(tables), Some(&stamps))
            .await?;
        if let Some(rows) = loaded {
            tracing::info!(rows, "seeded the National Strategy's records");
        }
        Ok(loaded.is_some())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::{Map, Value};

    use super::*;
    use crate::domain::{fold_for_search, slugify};
    use crate::store::dump::TABLES;

    fn rows_of(table: &str) -> Vec<Map<String, Value>> {
        let (_, text) = SEED_TABLES
            .iter()
            .find(|(name, _)| *name == table)
            .unwrap_or_else(|| panic!("{table} is not seeded"));
        let rows: Vec<Value> =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{table}.json: {e}"));
        rows.into_iter()
            .map(|row| match row {
                Value::Object(row) => row,
                other => panic!("{table}.json: a row is not an object: {other}"),
            })
            .collect()
    }

    #[test]
    fn every_file_of_seed_strategy_is_compiled_in_parents_first() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed/strategy");
        let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
            .expect("seed/strategy")
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().to_string();
                name.strip_suffix(".json").map(str::to_string)
            })
            .collect();
        let listed: BTreeSet<String> = SEED_TABLES.iter().map(|(t, _)| t.to_string()).collect();
        assert_eq!(
            on_disk, listed,
            "a file in seed/strategy that the seed ignores"
        );
        let positions: Vec<usize> = SEED_TABLES
            .iter()
            .map(|(name, _)| {
                TABLES
                    .iter()
                    .position(|(table, _)| table == name)
                    .unwrap_or_else(|| panic!("{name} is not a table of the dump format"))
            })
            .collect();
        assert!(
            positions.windows(2).all(|pair| pair[0] < pair[1]),
            "SEED_TABLES follows the dump's order: {positions:?}"
        );
    }

    #[test]
    fn the_files_hold_facts_not_bookkeeping_and_rows_in_key_order() {
        for (table, order) in TABLES {
            let Some(_) = SEED_TABLES.iter().find(|(name, _)| name == table) else {
                continue;
            };
            let rows = rows_of(table);
            assert!(!rows.is_empty(), "{table}.json is empty: delete it");
            let key_columns: Vec<&str> = order.split(", ").collect();
            let keys: Vec<Vec<i64>> = rows
                .iter()
                .map(|row| {
                    for column in Stamps::COLUMNS {
                        assert!(
                            !row.contains_key(column),
                            "{table}.json: {column} is filled at load time"
                        );
                    }
                    key_columns
                        .iter()
                        .map(|column| {
                            row.get(*column).and_then(Value::as_i64).unwrap_or_else(|| {
                                panic!("{table}.json: a row without its {column}")
                            })
                        })
                        .collect()
                })
                .collect();
            assert!(
                keys.windows(2).all(|pair| pair[0] < pair[1]),
                "{table}.json: rows in increasing {order}, each once"
            );
        }
    }

    /// References are bare ids; where a row also keeps the source's wording, the two must name
    /// the same municipality, so a mistyped id cannot pass review unseen.
    #[test]
    fn exchange_participants_point_at_the_municipality_the_source_names() {
        let municipalities = rows_of("municipalities");
        for row in rows_of("exchange_participants") {
            let id = row["municipality_id"].as_i64();
            let municipality = municipalities
                .iter()
                .find(|m| m["id"].as_i64() == id)
                .unwrap_or_else(|| panic!("no municipality {id:?}"));
            let label = &row["seed_label"];
            assert!(
                *label == municipality["name"] || *label == municipality["seed_spelling"],
                "exchange {}: {label} is not municipality {id:?} ({})",
                row["exchange_id"],
                municipality["name"]
            );
        }
    }

    /// The municipalities' reference values are those of `seed/municipalities-reference.csv`
    /// (a copy of shared/data), row by row, so the seed and the reference file cannot drift.
    #[test]
    fn the_municipalities_agree_with_the_reference_file() {
        let reference = include_str!("../../seed/municipalities-reference.csv");
        let mut reader = csv::Reader::from_reader(reference.as_bytes());
        let header = reader.headers().expect("header").clone();
        let mut seeded: Vec<Map<String, Value>> = rows_of("municipalities");
        let mut reference_names = Vec::new();
        for record in reader.records() {
            let record = record.expect("a CSV row");
            let field = |name: &str| {
                let index = header.iter().position(|h| h == name).expect(name);
                record.get(index).unwrap_or("").trim().to_string()
            };
            let name = field("seed_name");
            reference_names.push(name.clone());
            let position = seeded
                .iter()
                .position(|row| row["name"] == name.as_str())
                .unwrap_or_else(|| panic!("{name}: in the reference file, not in the seed"));
            let row = seeded.remove(position);
            let text = |column: &str| row[column].as_str().map(str::to_string);
            let number = |column: &str| row[column].as_f64();
            let number_of = |value: String| value.parse::<f64>().ok();
            let expected_kind = Some(field("kind")).filter(|k| k != "unclear");
            let checks = [
                ("ubigeo", text("ubigeo"), Some(field("ubigeo"))),
                ("department", text("department"), Some(field("department"))),
                ("province", text("province"), Some(field("province"))),
                ("district", text("district"), Some(field("district_name"))),
                ("kind", text("kind"), expected_kind),
                (
                    "coordinates_source",
                    text("coordinates_source"),
                    Some(field("coordinates_source")),
                ),
            ];
            for (column, seed, reference) in checks {
                assert_eq!(seed, reference, "{name}: {column}");
            }
            assert_eq!(
                number("latitude"),
                number_of(field("latitude")),
                "{name}: latitude"
            );
            assert_eq!(
                number("longitude"),
                number_of(field("longitude")),
                "{name}: longitude"
            );
            assert_eq!(
                row["supported_by_strategy"].as_i64(),
                field("in_strategy_30").parse::<i64>().ok(),
                "{name}: supported_by_strategy"
            );
            // The name is what the URL and search are made from.
            assert_eq!(text("slug"), Some(slugify(&name)), "{name}: slug");
            assert_eq!(
                text("search_name"),
                Some(fold_for_search(&name)),
                "{name}: search_name"
            );
        }
        let extra: Vec<&Value> = seeded.iter().map(|row| &row["name"]).collect();
        assert!(
            extra.is_empty(),
            "in the seed, not in the reference file: {extra:?}"
        );
        assert_eq!(reference_names.len(), 33);
    }
}
