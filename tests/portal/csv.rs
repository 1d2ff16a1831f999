//! The CSV downloads of the public lists: what a spreadsheet opens (BOM, header, one row per
//! record, RFC 4180), the page's filters and language kept, formulas neutralised, bad filters
//! refused, and each list page linking its file.

use crate::backend_tests;
use crate::helpers::TestApp;

/// A downloaded CSV, read as a spreadsheet would.
struct Csv {
    path: String,
    headers: reqwest::header::HeaderMap,
    bytes: Vec<u8>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Csv {
    /// The cell of `column` (by its header) in each row.
    fn column(&self, column: &str) -> Vec<&str> {
        let i = self.index(column);
        self.rows.iter().map(|row| row[i].as_str()).collect()
    }

    #[track_caller]
    fn index(&self, column: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == column)
            .unwrap_or_else(|| panic!("{}: no column {column:?} in {:?}", self.path, self.header))
    }

    /// The rows whose first cell (the slug, or the year) is `key`.
    fn rows_of(&self, key: &str) -> Vec<&Vec<String>> {
        self.rows.iter().filter(|row| row[0] == key).collect()
    }

    /// The one row whose first cell is `key`.
    #[track_caller]
    fn row(&self, key: &str) -> &Vec<String> {
        let rows = self.rows_of(key);
        assert_eq!(rows.len(), 1, "{}: one row of {key}: {rows:?}", self.path);
        rows[0]
    }

    /// The cell of `column` in the row of `key`.
    #[track_caller]
    fn cell(&self, key: &str, column: &str) -> &str {
        &self.row(key)[self.index(column)]
    }

    fn header_of(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// GETs a CSV and checks what every one of them must be: 200, `text/csv` in UTF-8, an
/// attachment named after the list, a BOM, CRLF line ends, and rows as wide as the header.
async fn download(app: &TestApp, path: &str) -> Csv {
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    assert_eq!(response.status().as_u16(), 200, "GET {path}");
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body").to_vec();
    let csv = parse(path, headers, bytes);
    assert_eq!(csv.header_of("content-type"), "text/csv; charset=utf-8");
    let disposition = csv.header_of("content-disposition");
    assert!(
        disposition.starts_with("attachment; filename=\"gcom-peru-")
            && disposition.ends_with(".csv\""),
        "{path}: {disposition}"
    );
    assert!(csv.bytes.starts_with(BOM), "{path} starts with a BOM");
    let text = String::from_utf8(csv.bytes[BOM.len()..].to_vec()).expect("UTF-8");
    assert!(text.ends_with("\r\n"), "{path}: lines end with CRLF");
    csv
}

fn parse(path: &str, headers: reqwest::header::HeaderMap, bytes: Vec<u8>) -> Csv {
    let body = bytes.strip_prefix(BOM).unwrap_or(&bytes);
    let mut reader = ::csv::ReaderBuilder::new().from_reader(body);
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("{path}: every row as wide as the header: {e}"))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    Csv {
        path: path.to_string(),
        headers,
        bytes,
        header,
        rows,
    }
}

async fn each_list_downloads_as_a_spreadsheet_opens_it(app: TestApp) {
    let cities = download(&app, "/cities.csv").await;
    assert!(
        cities
            .header_of("content-disposition")
            .contains("municipalidades"),
        "a Spanish file name"
    );
    assert_eq!(
        cities.header[..4],
        [
            "Identificador (slug)",
            "UBIGEO",
            "Municipalidad",
            "Tipo de municipalidad"
        ]
    );
    assert_eq!(cities.rows.len(), 33, "every municipality");
    assert_eq!(
        cities.row("lima"),
        &[
            "lima",
            "150101",
            "Lima",
            "Metropolitana",
            "Lima",
            "Lima",
            "Sí",
            "1",
            "Presentado",
            "Sí",
            "-12.0453",
            "-77.0308"
        ],
        "negative coordinates are numbers, not escaped"
    );
    // Not recorded is an empty cell, never a 0 or a made-up status.
    assert_eq!(cities.cell("miraflores", "Insignias registradas"), "");
    assert_eq!(cities.cell("miraflores", "Estado del plan"), "");
    // Accents arrive intact.
    assert_eq!(cities.cell("jesus-maria", "Municipalidad"), "Jesús María");

    let progress = download(&app, "/progress.csv").await;
    assert_eq!(progress.rows.len(), 33 * 6, "every city × every phase");
    let lima = progress.rows_of("lima");
    assert_eq!(lima.len(), 6);
    let status = progress.index("Estado de la fase");
    assert!(
        lima.iter()
            .all(|row| row[status] == "Completado (implícito)")
    );
    assert_eq!(lima[0][progress.index("Pilar")], "Mitigación");
    assert_eq!(lima[0][progress.index("UBIGEO")], "150101");
    let as_of = progress.column("Situación al");
    assert!(
        as_of.iter().all(|d| is_iso_date(d)),
        "as of a date: {as_of:?}"
    );
    let arequipa = &progress.rows_of("arequipa")[0];
    assert_eq!(arequipa[status], "No registrado");
    assert_eq!(arequipa[progress.index("Fecha límite")], "");
    assert_eq!(arequipa[progress.index("Registrado el")], "");

    let badges = download(&app, "/badges.csv").await;
    assert_eq!(
        badges.column("Identificador (slug)"),
        ["lima", "magdalena-del-mar", "san-isidro"]
    );
    assert_eq!(
        badges.cell("lima", "Tipo de insignia"),
        "Cumplimiento total"
    );
    assert_eq!(badges.cell("lima", "Año"), "", "the source gives no year");
    assert_eq!(badges.cell("lima", "Base"), "Registrada");

    let plans = download(&app, "/plans.csv").await;
    assert_eq!(plans.rows.len(), 12);
    assert_eq!(plans.cell("lima", "Estado del plan"), "Presentado");
    assert_eq!(plans.cell("lima", "Reportado a CDP"), "Sí");
    assert_eq!(plans.cell("lima", "Fecha de aprobación"), "");

    let guides = download(&app, "/guides.csv").await;
    assert_eq!(guides.rows.len(), 2);
    assert_eq!(
        guides.cell("guia-plac-amazonia", "Estado"),
        "Pendiente de aprobación"
    );
    assert_eq!(guides.cell("guia-plac-amazonia", "Enlace de descarga"), "");
    assert_eq!(guides.cell("guia-plac-amazonia", "Versión"), "");

    let diploma = download(&app, "/diploma.csv").await;
    assert_eq!(diploma.column("Año"), ["2023", "2024"]);
    assert_eq!(diploma.cell("2023", "Sigla de la universidad"), "UNMSM");
    assert_eq!(diploma.cell("2024", "Sigla de la universidad"), "UNI");
    assert_eq!(diploma.cell("2023", "PLAC presentados"), "", "not reported");

    let exchanges = download(&app, "/exchanges.csv").await;
    assert_eq!(
        exchanges.rows.len(),
        14,
        "one row per municipality and exchange"
    );
    let huanchaco: Vec<&Vec<String>> = exchanges
        .rows
        .iter()
        .filter(|row| row[exchanges.index("Identificador (slug)")] == "huanchaco")
        .collect();
    assert_eq!(
        huanchaco[0],
        &[
            "2023",
            "Argentina",
            "RAMCC",
            "Buenos Aires; Vicente López; Rosario",
            "huanchaco",
            "130104",
            "Huanchaco",
            "Huanchaco (Trujillo)"
        ]
    );

    let measures = download(&app, "/measures.csv").await;
    assert!(measures.rows.is_empty(), "the seed records no measure");
    assert_eq!(measures.header[3], "Medida");
}

fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && text
            .chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

async fn the_csv_keeps_the_page_filters(app: TestApp) {
    let lima = download(&app, "/cities.csv?department=Lima").await;
    assert!(lima.column("Departamento").iter().all(|d| *d == "Lima"));
    let page = app.get("/cities?department=Lima").await;
    let listed = page.listed_cities();
    assert_eq!(
        lima.column("Municipalidad"),
        listed.iter().map(String::as_str).collect::<Vec<_>>(),
        "the same cities as the page, in its order"
    );
    assert!(lima.rows_of("lima").len() == 1 && lima.rows_of("arequipa").is_empty());

    let compliance = download(&app, "/cities.csv?badge=compliance&q=san").await;
    assert_eq!(compliance.column("Identificador (slug)"), ["san-isidro"]);
    let without_plan = download(&app, "/cities.csv?plan=none&supported=yes").await;
    assert!(
        without_plan
            .column("Estado del plan")
            .iter()
            .all(|s| s.is_empty())
    );
    assert!(!without_plan.rows.is_empty());

    let adaptation = download(&app, "/progress.csv?department=Lima&pillar=adaptation").await;
    assert_eq!(
        adaptation.rows.len(),
        lima.rows.len() * 3,
        "3 phases per city"
    );
    assert!(
        adaptation
            .column("Pilar")
            .iter()
            .all(|p| *p == "Adaptación")
    );
    assert!(
        adaptation
            .column("Departamento")
            .iter()
            .all(|d| *d == "Lima")
    );
    let delivered = download(&app, "/progress.csv?deadline=delivered").await;
    let mut slugs = delivered.column("Identificador (slug)");
    slugs.dedup();
    assert_eq!(slugs, ["lima", "magdalena-del-mar", "san-isidro"]);
    let energy = download(&app, "/progress.csv?pillar=energy_access").await;
    assert!(energy.rows.is_empty(), "a pillar without phases: no rows");
}

async fn english_at_en_with_english_headers_and_labels(app: TestApp) {
    let cities = download(&app, "/en/cities.csv?department=Lima").await;
    assert!(
        cities
            .header_of("content-disposition")
            .contains("municipalities"),
        "an English file name"
    );
    assert_eq!(
        cities.header,
        [
            "Identifier (slug)",
            "UBIGEO",
            "Municipality",
            "Municipality type",
            "Department",
            "Province",
            "Supported by the Strategy",
            "Badges recorded",
            "Plan status",
            "Plan status inferred",
            "Latitude",
            "Longitude"
        ]
    );
    assert_eq!(cities.cell("lima", "Municipality type"), "Metropolitan");
    assert_eq!(cities.cell("lima", "Plan status"), "Submitted");
    assert_eq!(cities.cell("lima", "Supported by the Strategy"), "Yes");

    let progress = download(&app, "/en/progress.csv?pillar=mitigation").await;
    assert_eq!(
        progress.rows_of("lima")[0][progress.index("Pillar")],
        "Mitigation"
    );
    assert_eq!(
        progress.rows_of("lima")[0][progress.index("Phase status")],
        "Completed (implied)"
    );
    let badges = download(&app, "/en/badges.csv").await;
    assert_eq!(badges.cell("lima", "Badge kind"), "Full compliance");
    assert_eq!(badges.cell("lima", "Basis"), "Recorded");
    assert!(
        badges
            .cell("lima", "Evidence")
            .starts_with("The source names it")
    );
    let plans = download(&app, "/en/plans.csv").await;
    assert_eq!(plans.cell("lima", "Plan status"), "Submitted");
    let guides = download(&app, "/en/guides.csv").await;
    assert_eq!(
        guides.cell("guia-plac-amazonia", "Status"),
        "Pending approval"
    );
    let diploma = download(&app, "/en/diploma.csv").await;
    assert_eq!(
        diploma.cell("2023", "University"),
        "National University of San Marcos"
    );
    let exchanges = download(&app, "/en/exchanges.csv").await;
    assert_eq!(
        exchanges.header[..3],
        ["Year", "Country", "Partner coordinator"]
    );
    let measures = download(&app, "/en/measures.csv").await;
    assert_eq!(measures.header[3], "Measure");
}

/// Text that a spreadsheet would run as a formula, typed by staff into the admin.
async fn formulas_in_the_records_are_neutralised(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    coordinator
        .submit(
            "/admin/municipalities/new",
            "/admin/municipalities/new",
            &[
                ("name", "=HYPERLINK(\"http://evil.example\",\"Lima\")"),
                ("slug", "formula-town"),
                ("department", "Lima"),
                ("province", "Lima"),
                ("district", "Lima"),
                ("gcom_commitment_date", "2024-03-01"),
                ("gcom_commitment_source", "@SUM(1+1)"),
            ],
        )
        .await
        .assert_status(303);
    let cities = download(&app, "/cities.csv?department=Lima").await;
    assert_eq!(
        cities.cell("formula-town", "Municipalidad"),
        "'=HYPERLINK(\"http://evil.example\",\"Lima\")"
    );
    let progress = download(&app, "/progress.csv?department=Lima").await;
    let town = &progress.rows_of("formula-town")[0];
    assert_eq!(
        town[progress.index("Fuente de la fecha de compromiso")],
        "'@SUM(1+1)"
    );
    assert_eq!(
        town[progress.index("Fecha de compromiso con el GCoM")],
        "2024-03-01"
    );
    assert_eq!(
        town[progress.index("Fecha límite")],
        "2025-03-01",
        "an ISO date"
    );

    let badge = badge_of(&app, "lima").await;
    coordinator
        .save(
            &format!("/admin/badges/{badge}/edit"),
            &[("evidence_es", "+51 999 999 999"), ("year", "2023")],
        )
        .await
        .assert_status(303);
    let badges = download(&app, "/badges.csv").await;
    assert_eq!(badges.cell("lima", "Evidencia"), "'+51 999 999 999");
    assert_eq!(
        badges.cell("lima", "Año"),
        "2023",
        "numbers are not escaped"
    );

    ledger_entry_and_measure(&app, "-1+1 cmd|' /C calc'!A0").await;
    let progress = download(&app, "/progress.csv?department=Lima&pillar=mitigation").await;
    let ate = &progress.rows_of("ate")[0];
    assert_eq!(ate[progress.index("Nota")], "'-1+1 cmd|' /C calc'!A0");
    assert_eq!(ate[progress.index("Estado de la fase")], "Reportado");
    assert_eq!(ate[progress.index("Año de reporte")], "2022");
    assert_eq!(ate[progress.index("Gestión municipal")], "2019–2022");
    assert!(ate[progress.index("Registrado el")].starts_with("20"));
    let measures = download(&app, "/measures.csv").await;
    assert_eq!(
        measures.row("ate")[3..],
        [
            "'-1+1 cmd|' /C calc'!A0",
            "Mitigación",
            "",
            "",
            "",
            "",
            "2025",
            "150000",
            ""
        ]
    );
}

async fn badge_of(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT b.id FROM badges b JOIN municipalities m ON m.id = b.municipality_id
         WHERE m.slug = $1",
    )
    .bind(slug)
    .fetch_one(app.store.pool())
    .await
    .expect("badge")
}

/// Ate's inventory reported in 2022 and a budgeted measure of its plan, both with `text`.
async fn ledger_entry_and_measure(app: &TestApp, text: &str) {
    use portal::catalogue::{PLAN_MEASURES, PROGRESS_ENTRIES, Record, Value};
    let change = portal::store::Change {
        actor: "test",
        ..Default::default()
    };
    let ate: i64 = sqlx::query_scalar("SELECT id FROM municipalities WHERE slug = 'ate'")
        .fetch_one(app.store.pool())
        .await
        .expect("ate");
    let plan: i64 = sqlx::query_scalar("SELECT id FROM plans WHERE municipality_id = $1")
        .bind(ate)
        .fetch_one(app.store.pool())
        .await
        .expect("plan");
    let mitigation: i64 = sqlx::query_scalar("SELECT id FROM pillars WHERE code = 'mitigation'")
        .fetch_one(app.store.pool())
        .await
        .expect("pillar");
    let inventory: i64 =
        sqlx::query_scalar("SELECT id FROM phases WHERE pillar_id = $1 ORDER BY position LIMIT 1")
            .bind(mitigation)
            .fetch_one(app.store.pool())
            .await
            .expect("phase");
    let mut entry = Record::new();
    entry.set("municipality_id", Value::Integer(ate));
    entry.set("phase_id", Value::Integer(inventory));
    entry.set("status", Value::Text("reported".into()));
    entry.set("reporting_year", Value::Integer(2022));
    entry.set("note_es", Value::Text(text.into()));
    app.store
        .create_record(&PROGRESS_ENTRIES, &entry, change)
        .await
        .expect("a ledger entry");
    let mut measure = Record::new();
    measure.set("plan_id", Value::Integer(plan));
    measure.set("title_es", Value::Text(text.into()));
    measure.set("title_en", Value::Text("Measure".into()));
    measure.set("pillar_id", Value::Integer(mitigation));
    measure.set("budget_year", Value::Integer(2025));
    measure.set("budget_amount", Value::Integer(150_000));
    measure.set("position", Value::Integer(1));
    app.store
        .create_record(&PLAN_MEASURES, &measure, change)
        .await
        .expect("a plan measure");
}

async fn a_bad_filter_is_refused_as_on_the_page(app: TestApp) {
    for (path, message) in [
        ("/cities.csv?department=Atlantis", "departamento"),
        ("/cities.csv?plan=finished", "estado"),
        ("/cities.csv?supported=maybe", ""),
        ("/cities.csv?badge=platinum", ""),
        ("/progress.csv?pillar=nothing", ""),
        ("/progress.csv?deadline=someday", ""),
        ("/en/progress.csv?department=Atlantis", "department"),
    ] {
        let csv_page = app.get(path).await;
        let html_page = app.get(&path.replace(".csv", "")).await;
        csv_page.assert_status(400).assert_shows(&[message]);
        html_page.assert_status(400);
        assert_eq!(
            csv_page.main_text(),
            html_page.main_text(),
            "{path} says what its page says"
        );
    }
    // Nothing else of the list is a CSV.
    app.get("/cities/lima.csv").await.assert_status(404);
    app.get("/about.csv").await.assert_status(404);
}

async fn each_list_page_links_its_csv_with_its_filters(app: TestApp) {
    for (page, link, label) in [
        (
            "/cities?department=Lima&q=san",
            "/cities.csv?department=Lima&q=san",
            "Descargar CSV",
        ),
        (
            "/en/cities?badge=compliance",
            "/en/cities.csv?badge=compliance",
            "Download CSV",
        ),
        (
            "/progress?pillar=adaptation&deadline=delivered",
            "/progress.csv?pillar=adaptation&deadline=delivered",
            "Descargar CSV",
        ),
        ("/en/progress", "/en/progress.csv", "Download CSV"),
        ("/badges", "/badges.csv", "Descargar CSV"),
        ("/en/badges", "/en/badges.csv", "Download CSV"),
        ("/plans", "/plans.csv", "Descargar CSV"),
        ("/en/plans", "/en/plans.csv", "Download CSV"),
        ("/guides", "/guides.csv", "Descargar CSV"),
        ("/en/guides", "/en/guides.csv", "Download CSV"),
        ("/diploma", "/diploma.csv", "Descargar CSV"),
        ("/en/diploma", "/en/diploma.csv", "Download CSV"),
        ("/exchanges", "/exchanges.csv", "Descargar CSV"),
        ("/en/exchanges", "/en/exchanges.csv", "Download CSV"),
    ] {
        let html = app.get(page).await;
        html.assert_status(200).assert_shows(&[label]);
        assert!(
            html.links().iter().any(|href| href == link),
            "{page} links {link}"
        );
        // The link leads to the same rows the page lists.
        download(&app, link).await;
    }
    // The measures' CSV is offered where the national roll-up shows measures.
    assert!(
        !app.get("/plans")
            .await
            .links()
            .contains(&"/measures.csv".to_string())
    );
    ledger_entry_and_measure(&app, "Arborización").await;
    let plans = app.get("/en/plans").await;
    plans.assert_shows(&["Download the measures as CSV"]);
    assert!(plans.links().contains(&"/en/measures.csv".to_string()));
}

backend_tests!(
    each_list_downloads_as_a_spreadsheet_opens_it,
    the_csv_keeps_the_page_filters,
    english_at_en_with_english_headers_and_labels,
    formulas_in_the_records_are_neutralised,
    a_bad_filter_is_refused_as_on_the_page,
    each_list_page_links_its_csv_with_its_filters,
);
