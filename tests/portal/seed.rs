//! The seed as data: `seed/strategy/*.json` loaded through the import's code, stamped at load
//! time, all or nothing, once.

use serde_json::{Map, Value};

use portal::store::{SEED_TABLES, Store};

use crate::backend_tests;
use crate::helpers::{TestApp, empty_postgres_store};

/// The bookkeeping columns the seed files leave out and the loader fills.
const STAMPS: [&str; 4] = ["created_at", "updated_at", "updated_by", "row_version"];

fn seed_rows(text: &str) -> Vec<Value> {
    serde_json::from_str(text).expect("a seed file")
}

async fn count(store: &Store, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(store.pool())
        .await
        .expect("count")
}

/// A migrated store with nothing in it, on SQLite (the folder lives as long as the store is used).
async fn empty_sqlite_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("empty.db").display());
    let store = Store::connect(&url).await.expect("open");
    store.migrate().await.expect("migrate");
    (dir, store)
}

/// Tables the migrations fill (the GCoM's pillars and phases).
const MIGRATION_TABLES: &[&str] = &["pillars", "phases"];

async fn the_seed_loads_its_files_stamped_at_load_time(app: TestApp) {
    // Act: what the seed wrote, as `portal export` sees it.
    let dir = tempfile::tempdir().expect("dir");
    app.store.export_to(dir.path()).await.expect("export");

    // Assert: every table holds exactly the rows of its seed file, plus the bookkeeping columns
    // of one load; the tables the seed does not fill are empty.
    let mut load_times = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir.path()).expect("dump").flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(table) = name.strip_suffix(".json").filter(|t| *t != "manifest") else {
            continue;
        };
        if MIGRATION_TABLES.contains(&table) {
            // Reference data every store gets from its migrations, not from the seed.
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read");
        let exported: Vec<Value> = serde_json::from_str(&text).expect("json");
        let expected = SEED_TABLES
            .iter()
            .find(|(name, _)| *name == table)
            .map(|(_, text)| seed_rows(text))
            .unwrap_or_default();
        let mut facts = Vec::new();
        for row in exported {
            let Value::Object(mut row) = row else {
                panic!("{table}: a row is not an object");
            };
            let stamps: Map<String, Value> = STAMPS
                .iter()
                .filter_map(|column| row.remove(*column).map(|v| (column.to_string(), v)))
                .collect();
            assert_eq!(stamps["updated_by"], "seed", "{table}");
            let created = stamps["created_at"]
                .as_str()
                .expect("created_at")
                .to_string();
            if let Some(updated) = stamps.get("updated_at") {
                assert_eq!(updated.as_str(), Some(created.as_str()), "{table}");
            }
            if let Some(version) = stamps.get("row_version") {
                assert_eq!(version, 1, "{table}");
            }
            load_times.insert(created);
            facts.push(Value::Object(row));
        }
        assert_eq!(
            facts, expected,
            "{table}: the store holds seed/strategy/{table}.json"
        );
    }
    assert_eq!(load_times.len(), 1, "one load, one time: {load_times:?}");
    let loaded_at = load_times.pop_first().expect("a time");
    let loaded_at = portal::store::parse_timestamp(&loaded_at).expect("a stored timestamp");
    let age = time::OffsetDateTime::now_utc() - loaded_at;
    assert!(
        age > -time::Duration::seconds(5) && age < time::Duration::hours(1),
        "stamped when loaded, not when the files were written: {loaded_at}"
    );
}

async fn new_records_continue_after_the_seeded_ids(app: TestApp) {
    let store = &app.store;
    let insert = |sql: &'static str| async move {
        let id: i64 = sqlx::query_scalar(sql)
            .fetch_one(store.pool())
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        id
    };
    let objective = insert(
        "INSERT INTO objectives (position, text_es, text_en, created_at, updated_at, updated_by)
         VALUES (9, 'Nuevo', 'New', 't', 't', 'test') RETURNING id",
    )
    .await;
    let municipality = insert(
        "INSERT INTO municipalities (slug, name, search_name, department, province, district,
            supported_by_strategy, created_at, updated_at, updated_by)
         VALUES ('tambopata', 'Tambopata', 'tambopata', 'Madre de Dios', 'Tambopata',
            'Tambopata', 0, 't', 't', 'test') RETURNING id",
    )
    .await;
    let badge = insert(
        "INSERT INTO badges (municipality_id, kind, created_at, updated_at, updated_by)
         VALUES (1, 'energy', 't', 't', 'test') RETURNING id",
    )
    .await;
    let host = insert(
        "INSERT INTO exchange_host_cities (exchange_id, name, position, created_at, updated_by)
         VALUES (1, 'Córdoba', 4, 't', 'test') RETURNING id",
    )
    .await;
    assert_eq!((objective, municipality, badge, host), (5, 34, 4, 7));
}

backend_tests!(
    the_seed_loads_its_files_stamped_at_load_time,
    new_records_continue_after_the_seeded_ids,
);

/// The seed with one table's rows changed by `change`.
fn seed_changed(table: &str, change: impl Fn(&mut Vec<Value>)) -> Vec<(&'static str, String)> {
    SEED_TABLES
        .iter()
        .map(|(name, text)| {
            if *name != table {
                return (*name, text.to_string());
            }
            let mut rows = seed_rows(text);
            change(&mut rows);
            (*name, serde_json::to_string(&rows).expect("json"))
        })
        .collect()
}

async fn a_seed_that_fails_half_way_leaves_the_store_empty(store: &Store) {
    let broken = [
        // The database refuses it: a badge of a municipality that does not exist, after the
        // strategy, the municipalities and the documents are written.
        (
            seed_changed("badges", |rows| {
                rows.push(serde_json::json!({
                    "id": 4, "municipality_id": 999, "kind": "energy", "year": null,
                    "evidence_es": null, "evidence_en": null, "evidence_url": null,
                }));
            }),
            "badges.json, row 4:",
        ),
        // The loader refuses it: a number where the last table takes text.
        (
            seed_changed("forum_representatives", |rows| {
                rows[1]["forum_es"] = Value::from(12);
            }),
            "forum_representatives.json, row 2: forum_es must be text",
        ),
    ];
    for (tables, expected) in broken {
        let tables: Vec<(&str, &str)> = tables.iter().map(|(t, s)| (*t, s.as_str())).collect();
        let error = store.seed_with(&tables).await.expect_err("a broken seed");
        assert!(
            error.to_string().contains(expected),
            "{expected:?} in {error}"
        );
        for (table, _) in SEED_TABLES {
            assert_eq!(count(store, table).await, 0, "{table} after {expected}");
        }
        assert_eq!(
            crate::helpers::scalar(store, "SELECT COUNT(*) FROM strategy").await,
            0
        );
    }
    // The store is as new: the real seed loads.
    assert!(store.seed().await.expect("seed"));
    assert_eq!(count(store, "badges").await, 3);
    assert_eq!(count(store, "forum_representatives").await, 2);
}

#[tokio::test]
async fn a_seed_that_fails_half_way_leaves_the_store_empty_on_sqlite() {
    let (_dir, store) = empty_sqlite_store().await;
    a_seed_that_fails_half_way_leaves_the_store_empty(&store).await;
}

#[tokio::test]
async fn a_seed_that_fails_half_way_leaves_the_store_empty_on_postgres() {
    if let Some(store) = empty_postgres_store().await {
        a_seed_that_fails_half_way_leaves_the_store_empty(&store).await;
    }
}

/// Two processes starting on a new store at once: one loads the seed, the other finds it.
async fn two_seeds_at_once_load_it_once(store: &Store) {
    let (first, second) = tokio::join!(store.seed(), store.seed());
    let mut loaded = [first.expect("first"), second.expect("second")];
    loaded.sort();
    assert_eq!(loaded, [false, true]);
    assert_eq!(count(store, "municipalities").await, 33);
    assert!(!store.seed().await.expect("again"), "idempotent");
}

#[tokio::test]
async fn two_seeds_at_once_load_it_once_on_sqlite() {
    let (_dir, store) = empty_sqlite_store().await;
    two_seeds_at_once_load_it_once(&store).await;
}

#[tokio::test]
async fn two_seeds_at_once_load_it_once_on_postgres() {
    if let Some(store) = empty_postgres_store().await {
        two_seeds_at_once_load_it_once(&store).await;
    }
}
