//! Synthetic data (`portal synth`) and the public lists at scale: the command refuses a store
//! with real records and fills an empty one with every record type, marked synthetic on every
//! page; the long lists come a page at a time with their filters kept; what the store filters
//! and counts in SQL agrees with the rules the CSV applies in Rust.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use crate::helpers::{TestApp, scalar};
use crate::{backend_tests, synthetic_backend_tests};

/// Small sizes keep the suite fast and still make several pages of every list.
const MUNICIPALITIES: usize = 300;
const BADGES: usize = 1500;

fn options() -> portal::synth::SynthOptions {
    portal::synth::SynthOptions {
        seed: 1,
        municipalities: MUNICIPALITIES,
        badges: BADGES,
    }
}

/// The tables `portal synth` fills: every table of the full export but the city editors'
/// proposals (not public records), and the mark.
const FILLED: &[&str] = &[
    "strategy",
    "objectives",
    "municipalities",
    "organisations",
    "reported_figures",
    "progress_entries",
    "files",
    "file_chunks",
    "documents",
    "document_versions",
    "document_downloads",
    "badges",
    "plans",
    "plan_status_history",
    "plan_measures",
    "programmes",
    "programme_participants",
    "diploma_cohorts",
    "diploma_participants",
    "exchanges",
    "exchange_host_cities",
    "exchange_participants",
    "forum_representatives",
    "revisions",
    "synthetic_data",
];

async fn counts(app: &TestApp) -> BTreeMap<&'static str, i64> {
    let mut counts = BTreeMap::new();
    for table in FILLED {
        counts.insert(
            *table,
            scalar(&app.store, &format!("SELECT COUNT(*) FROM {table}")).await,
        );
    }
    counts
}

async fn synth_refuses_a_store_with_real_records(app: TestApp) {
    // Arrange: the seeded store, as `portal serve` leaves it.
    let before = counts(&app).await;
    assert_eq!(before["municipalities"], 33);

    // Act
    let refused = portal::cli::synth(&app.config, options())
        .await
        .expect_err("a seeded store is refused");

    // Assert: a message that says why and what to do; nothing written, no banner.
    let message = refused.to_string();
    for words in ["not synthetic", "33 municipalities", "new, empty store"] {
        assert!(message.contains(words), "{message}");
    }
    assert_eq!(counts(&app).await, before);
    assert_eq!(before["synthetic_data"], 0);
    app.get("/")
        .await
        .assert_status(200)
        .assert_not_shows(&["Datos sintéticos"]);
}

backend_tests!(synth_refuses_a_store_with_real_records);

/// The exit status, through the binary (the library call above checks the rest).
#[test]
fn the_command_fails_on_a_seeded_store() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("portal.db").display());
    let portal = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_portal"))
            .args(args)
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "warn")
            .output()
            .expect("run portal")
    };
    assert!(portal(&["seed", "--database-url", &url]).status.success());
    let output = portal(&[
        "synth",
        "--municipalities",
        "5",
        "--badges",
        "5",
        "--database-url",
        &url,
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("unrecognized subcommand"),
        "the binary at CARGO_BIN_EXE_portal is another checkout's build: {stderr}"
    );
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("records that are not synthetic"),
        "{stderr}"
    );
}

async fn a_synthetic_store_holds_every_record_type_and_says_so(app: TestApp) {
    // Every record type has rows, in the sizes asked; the seed was never loaded.
    let counts = counts(&app).await;
    for (table, rows) in &counts {
        assert!(*rows > 0, "{table} is empty");
    }
    assert_eq!(counts["municipalities"], MUNICIPALITIES as i64);
    assert_eq!(counts["badges"], BADGES as i64);
    assert_eq!(counts["synthetic_data"], 1);
    assert_eq!(
        scalar(
            &app.store,
            "SELECT COUNT(*) FROM municipalities WHERE slug = 'lima'"
        )
        .await,
        0,
        "portal serve added no seed to a synthetic store"
    );
    // Every page says so, in both languages.
    app.get("/")
        .await
        .assert_status(200)
        .assert_shows(&["Datos sintéticos.", "Estrategia Nacional Sintética"]);
    app.get("/en/cities/sintetica-00042")
        .await
        .assert_status(200)
        .assert_shows(&["Synthetic data.", "Sintética 00042"]);
    // Neither a second synth nor the seed goes into it.
    let again = portal::cli::synth(&app.config, options())
        .await
        .expect_err("refused");
    assert!(
        again.to_string().contains("already holds synthetic data"),
        "{again}"
    );
    let seed = portal::cli::seed(&app.config).await.expect_err("refused");
    assert!(seed.to_string().contains("synthetic"), "{seed}");
    assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM municipalities").await,
        300
    );
}

/// The total a list page states ("316 municipalidades"), from its result line.
fn stated_total(page: &crate::helpers::Page) -> usize {
    let start = page
        .body
        .find("class=\"result-count\"")
        .unwrap_or_else(|| panic!("{}: no result line", page.path));
    let line = &page.body[start..];
    let line = &line[line.find('>').map_or(0, |i| i + 1)..];
    line.chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("{}: no total in {}", page.path, &line[..40]))
}

/// The municipalities a page links in its main table, in order (their slugs).
fn table_slugs(page: &crate::helpers::Page) -> Vec<String> {
    let Some(start) = page.body.find("<tbody>") else {
        return Vec::new();
    };
    let end = page.body[start..]
        .find("</tbody>")
        .map_or(page.body.len(), |i| start + i);
    page.body[start..end]
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| {
            let href = rest.split('"').next()?;
            let slug = href
                .strip_prefix("/en/cities/")
                .or(href.strip_prefix("/cities/"))?;
            (!slug.contains('/')).then(|| slug.to_string())
        })
        .collect()
}

async fn the_city_list_comes_a_page_at_a_time_with_its_filters(app: TestApp) {
    // Unfiltered: six pages of fifty.
    let first = app.get("/cities").await;
    first
        .assert_status(200)
        .assert_shows(&["300 municipalidades", "Mostrando 1–50 de 300"]);
    assert_eq!(first.listed_cities().len(), 50);
    assert_eq!(first.listed_cities()[0], "Sintética 00001");
    let last = app.get("/cities?page=6").await;
    last.assert_status(200)
        .assert_shows(&["Mostrando 251–300 de 300"]);
    assert_eq!(
        last.listed_cities().last().map(String::as_str),
        Some("Sintética 00300")
    );
    last.assert_html_has(&["rel=\"prev\"", "aria-current=\"page\">6</a>"]);
    assert!(!last.body.contains("rel=\"next\""));

    // Filtered: the page holds the store's slice, and every link keeps the filters.
    let filter = "supported=no&badge=adaptation";
    let expected: Vec<String> = sqlx::query_scalar(
        "SELECT m.name FROM municipalities m
         WHERE m.supported_by_strategy = 0 AND EXISTS (SELECT 1 FROM badges b
               WHERE b.municipality_id = m.id AND b.kind = 'adaptation')
         ORDER BY m.search_name, m.id",
    )
    .fetch_all(app.store.pool())
    .await
    .expect("the filtered names");
    assert!(expected.len() > 100, "three pages at least");
    let page = app.get(&format!("/cities?{filter}&page=2")).await;
    page.assert_status(200)
        .assert_shows(&[&format!("Mostrando 51–100 de {}", expected.len())]);
    assert_eq!(stated_total(&page), expected.len());
    assert_eq!(page.listed_cities(), expected[50..100]);
    for href in page.links().iter().filter(|l| l.contains("page=")) {
        assert!(
            href.contains("supported=no") && href.contains("badge=adaptation"),
            "a page link drops the filters: {href}"
        );
    }
    page.assert_html_has(&[
        "href=\"/cities?supported=no&#38;badge=adaptation\" rel=\"prev\"",
        "href=\"/cities?supported=no&#38;badge=adaptation&#38;page=3\" rel=\"next\"",
        // The CSV has every row: the page is not one of its filters.
        "href=\"/cities.csv?supported=no&#38;badge=adaptation\"",
    ]);
    app.get(&format!("/en/cities?{filter}&page=2"))
        .await
        .assert_status(200)
        .assert_shows(&[&format!("Showing 51–100 of {}", expected.len())]);

    // The API pages the same list the same way.
    let api: serde_json::Value = app
        .client
        .get(format!(
            "{}/api/v1/municipalities?page=2&per_page=50",
            app.address
        ))
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json");
    assert_eq!(api["pagination"]["total"], 300);
    let api_slugs: Vec<String> = api["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|m| m["slug"].as_str().map(str::to_string))
        .collect();
    assert_eq!(api_slugs, table_slugs(&app.get("/cities?page=2").await));
}

async fn a_bad_page_is_refused_in_the_visitors_language(app: TestApp) {
    for list in ["/cities", "/progress", "/badges"] {
        for bad in ["0", "-1", "dos", "1.5", "%20x"] {
            app.get(&format!("{list}?page={bad}"))
                .await
                .assert_status(400)
                .assert_shows(&["La página debe ser un número entero desde 1"]);
            app.get(&format!("/en{list}?page={bad}"))
                .await
                .assert_status(400)
                .assert_shows(&["The page must be a whole number from 1"]);
        }
    }
    app.get("/cities?page=7")
        .await
        .assert_status(404)
        .assert_shows(&["Esta lista tiene 6 páginas; la página 7 no existe."]);
    app.get("/en/progress?page=99")
        .await
        .assert_status(404)
        .assert_shows(&["This list has 6 pages; page 99 does not exist."]);
    // An empty list has its one page.
    app.get("/cities?q=zzz&page=1")
        .await
        .assert_status(200)
        .assert_shows(&["0 municipalidades"]);
}

/// The slugs of a CSV's rows (first column), each once, in order.
async fn csv_slugs(app: &TestApp, path: &str) -> Vec<String> {
    let bytes = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("csv")
        .bytes()
        .await
        .expect("body");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let mut seen = BTreeSet::new();
    reader
        .records()
        .filter_map(|record| record.ok()?.get(0).map(str::to_string))
        .filter(|slug| seen.insert(slug.clone()))
        .collect()
}

async fn the_board_filters_and_counts_in_the_store_as_the_rules_say(app: TestApp) {
    // Each deadline state: the board (filtered and paged in SQL) finds the cities the CSV (the
    // rule in Rust, over every city) finds, in the same order.
    for state in [
        "overdue",
        "due_soon",
        "on_track",
        "unknown",
        "delivered",
        "no_deadline",
    ] {
        let csv = csv_slugs(&app, &format!("/progress.csv?deadline={state}")).await;
        let page = app.get(&format!("/progress?deadline={state}")).await;
        page.assert_status(200);
        if csv.is_empty() {
            page.assert_shows(&["0 municipalidades"]);
            continue;
        }
        assert_eq!(stated_total(&page), csv.len(), "{state}");
        assert_eq!(table_slugs(&page), csv[..csv.len().min(50)], "{state}");
        if csv.len() > 50 {
            let second = app.get(&format!("/progress?deadline={state}&page=2")).await;
            assert_eq!(
                table_slugs(&second),
                csv[50..csv.len().min(100)],
                "{state}, page 2"
            );
            second.assert_html_has(&[&format!("href=\"/progress?deadline={state}\" rel=\"prev\"")]);
        }
    }
    let adaptation = csv_slugs(&app, "/progress.csv?pillar=adaptation&deadline=overdue").await;
    let page = app
        .get("/en/progress?pillar=adaptation&deadline=overdue")
        .await;
    assert_eq!(stated_total(&page), adaptation.len());

    // The counts by phase and status, and the badges the ledger supports, counted by the store
    // as the rules count them over every city's progress.
    let store = &app.store;
    let framework = store.framework().await.expect("framework");
    let everything = portal::progress::board(
        &framework,
        store.progress_cities().await.expect("cities"),
        &store.progress_entries(None).await.expect("entries"),
        &store.recorded_badges(None).await.expect("badges"),
        portal::domain::progress::today_in_peru(),
    );
    let phases: Vec<i64> = framework.phases.iter().map(|p| p.id).collect();
    let mut by_store: BTreeMap<(i64, String), i64> = BTreeMap::new();
    for (phase, code, count) in store
        .board_standing_counts(&portal::store::BoardQuery::default(), &phases)
        .await
        .expect("counts")
    {
        by_store.insert((phase, code), count);
    }
    let mut by_rule: BTreeMap<(i64, String), i64> = BTreeMap::new();
    for (phase, counts) in portal::progress::phase_counts(&everything, &framework) {
        for (code, count) in counts {
            by_rule.insert((phase, code), count);
        }
    }
    assert_eq!(by_store, by_rule);
    let (derived, total) = store.ledger_badges(usize::MAX).await.expect("derived");
    let by_store: Vec<(String, String, Option<i64>)> = derived
        .into_iter()
        .map(|b| (b.slug, b.kind, b.year))
        .collect();
    let by_rule: Vec<(String, String, Option<i64>)> = everything
        .iter()
        .flat_map(|p| {
            p.badges
                .iter()
                .filter(|b| b.recorded.is_none())
                .filter_map(|b| Some((p.city.slug.clone(), b.kind.to_string(), b.from_ledger?)))
        })
        .collect();
    assert!(!by_rule.is_empty(), "the synthetic ledger supports badges");
    assert_eq!(by_store, by_rule);
    assert_eq!(total, by_rule.len() as i64);
}

async fn the_badge_page_tallies_in_the_store_and_pages_its_list(app: TestApp) {
    let page = app.get("/badges").await;
    page.assert_status(200)
        .assert_shows(&["Mostrando 1–100 de 1500"]);
    let by_kind: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, COUNT(*) FROM badges GROUP BY kind ORDER BY kind")
            .fetch_all(app.store.pool())
            .await
            .expect("tally");
    for (kind, count) in by_kind {
        let label = match kind.as_str() {
            "mitigation" => "Mitigación",
            "adaptation" => "Adaptación",
            "energy" => "Energía",
            _ => "Cumplimiento total",
        };
        // The tally's row of the kind: reported, then recorded.
        let row = page
            .body
            .split(&format!("<th scope=\"row\">{label}</th>"))
            .nth(1)
            .and_then(|rest| rest.split("</tr>").next())
            .unwrap_or_else(|| panic!("no tally row for {label}"));
        assert!(
            row.contains(&format!("class=\"num\">{count}</td>")),
            "{label}: {row}"
        );
    }
    let last = app.get("/en/badges?page=15").await;
    last.assert_status(200)
        .assert_shows(&["Showing 1401–1500 of 1500"]);
    app.get("/badges?page=16").await.assert_status(404);
}

/// On stores filled by `portal synth` (the macro's modules sit beside `backend_tests!`'s).
mod at_scale {
    use super::*;

    synthetic_backend_tests!(
        crate::synth::MUNICIPALITIES, crate::synth::BADGES;
        a_synthetic_store_holds_every_record_type_and_says_so,
        the_city_list_comes_a_page_at_a_time_with_its_filters,
        a_bad_page_is_refused_in_the_visitors_language,
        the_board_filters_and_counts_in_the_store_as_the_rules_say,
        the_badge_page_tallies_in_the_store_and_pages_its_list,
    );
}
