//! GCoM progress as people use it: the public board that tells "not recorded" from "not done"
//! and from "implied by the compliance badge", the methodology and its sources, a coordinator
//! recording a city in one form, a city editor proposing, deadlines counted from the commitment
//! date, the handover summary, the plan-to-budget table, and the spreadsheet import (preview,
//! apply, a bad row, a stale preview, XLSX and CSV alike).

use portal::domain::progress::{add_months, today_in_peru};
use time::Date;

use crate::backend_tests;
use crate::helpers::{Browser, Page, TestApp, csrf_token_of, form_inputs, scalar, with};

/// The ids the seed gives: Ate is municipality 2, Lima 15; phases 1–3 are mitigation's
/// (inventory, target, plan), 4–6 adaptation's (assessment, goal, plan).
const ATE: i64 = 2;
const LIMA: i64 = 15;

fn ledger_path(id: i64) -> String {
    format!("/admin/municipalities/{id}/progress")
}

/// The text of the board's row of a city.
fn board_row(page: &Page, city: &str) -> String {
    let marker = format!(">{city}</a>");
    let start = page
        .body
        .find(&marker)
        .unwrap_or_else(|| panic!("{city} is not on the board"));
    let end = page.body[start..]
        .find("</tr>")
        .map_or(page.body.len(), |i| start + i);
    Page {
        path: String::new(),
        status: page.status,
        headers: page.headers.clone(),
        body: page.body[start..end].to_string(),
    }
    .text()
}

async fn the_board_tells_not_recorded_from_implied(app: TestApp) {
    let board = app.get("/progress").await;
    board.assert_status(200).assert_shows(&[
        "«No registrado» no es «no hecho».",
        "Ninguna municipalidad tiene fecha de compromiso registrada",
        "33 municipalidades",
    ]);
    // The three compliance cities: every phase completed, shown as implied, never as reported.
    for city in ["Lima", "San Isidro", "Magdalena del Mar"] {
        let row = board_row(&board, city);
        assert_eq!(
            row.matches("Completado (implícito)").count(),
            6,
            "{city}: {row}"
        );
        assert!(
            !row.contains("Reportado") && !row.contains("Validado"),
            "{row}"
        );
    }
    let ate = board_row(&board, "Ate");
    assert_eq!(ate.matches("No registrado").count(), 6, "{ate}");
    assert!(!ate.contains("implícito"));
    // The counts per phase keep the two apart: 3 implied, 30 not recorded, nobody reported.
    let counts = board
        .body
        .split_once("id=\"counts-caption\"")
        .map(|(_, rest)| rest)
        .expect("counts table");
    let inventory_row = counts
        .split("<tr>")
        .find(|row| row.contains("Inventario de emisiones de GEI"))
        .expect("inventory row");
    let numbers: Vec<&str> = inventory_row
        .split("class=\"num")
        .skip(1)
        .filter_map(|cell| cell.split('>').nth(1)?.split('<').next())
        .collect();
    assert_eq!(
        numbers,
        ["0", "0", "0", "3", "0", "0", "30"],
        "{inventory_row}"
    );
    board.assert_shows(&[
        "Nadie ha registrado esta fase en el portal. No significa que la ciudad no la haya hecho.",
    ]);

    let english = app.get("/en/progress").await;
    english.assert_status(200).assert_shows(&[
        "\"Not recorded\" is not \"not done\".",
        "Completed (implied)",
        "Nobody has recorded this phase in the portal.",
    ]);
    assert_eq!(
        board_row(&english, "Lima")
            .matches("Completed (implied)")
            .count(),
        6
    );

    app.get("/badges").await.assert_shows(&[
        "el registro de fases no respalda ninguna insignia que no esté ya registrada",
    ]);
    // The city page shows the journey with the implication stated and cited.
    app.get("/cities/lima").await.assert_shows(&[
        "Trayectoria en el GCoM",
        "se deducen de la insignia de cumplimiento",
        "Compromiso con el GCoM: no registrado",
    ]);
}

async fn the_methodology_cites_its_sources(app: TestApp) {
    let sources = [
        "How does the GCoM display and promote progress?",
        "GCoM Oceania",
        "Pacto Global de Alcaldes",
        "CDP-ICLEI Track",
        "Ley 30754",
        "013-2019-MINAM",
        "099-2021-MINAM",
        "art. 194",
        "COP27 (15 de noviembre de 2022)",
        "PP 0068",
    ];
    app.get("/methodology")
        .await
        .assert_status(200)
        .assert_shows(&sources)
        .assert_shows(&[
            "«No registrado» no significa «no hecho».",
            "Implícito",
            "3 años después del compromiso",
            "Pacto Global de Alcaldes LAC: se recomienda adoptar las metas en el segundo año.",
        ]);
    app.get("/en/methodology")
        .await
        .assert_status(200)
        .assert_shows(&[
            "Law 30754",
            "Supreme Decree 013-2019-MINAM",
            "Ministerial Resolution 099-2021-MINAM",
            "COP27 (15 November 2022)",
            "\"Not recorded\" does not mean \"not done\".",
            "3 years after committing",
        ]);
}

async fn the_board_filters_and_refuses_bad_values(app: TestApp) {
    let arequipa = app.get("/progress?department=Arequipa").await;
    arequipa
        .assert_status(200)
        .assert_shows(&["2 municipalidades", "de 33"]);
    board_row(&arequipa, "Yura");
    assert!(!arequipa.body.contains(">Lima</a>"));
    let not_supported = app.get("/progress?supported=no").await;
    board_row(&not_supported, "Coronel Portillo");
    assert!(!not_supported.body.contains(">Ate</a>"));

    let adaptation = app.get("/en/progress?pillar=adaptation").await;
    adaptation.assert_shows(&[
        "Adaptation goal",
        "Climate risk and vulnerability assessment",
    ]);
    assert!(!adaptation.text().contains("Emissions reduction target"));
    app.get("/progress?pillar=energy_access")
        .await
        .assert_status(200)
        .assert_shows(&["aún no tiene fases"]);
    // No commitment date is recorded: every deadline is unknown, none overdue.
    app.get("/progress?deadline=unknown")
        .await
        .assert_shows(&["30 municipalidades"]);
    app.get("/progress?deadline=overdue")
        .await
        .assert_shows(&["Ninguna municipalidad cumple estos filtros."]);

    for (query, message) in [
        ("pillar=water", "Ese pilar no existe."),
        ("deadline=late", "Ese estado de plazo no existe."),
        ("department=Atlantis", "departamento"),
        ("supported=maybe", ""),
    ] {
        let page = app.get(&format!("/progress?{query}")).await;
        page.assert_status(400).assert_shows(&[message]);
    }
    app.get("/en/progress?pillar=water")
        .await
        .assert_status(400)
        .assert_shows(&["There is no such pillar."]);
}

/// A commitment date 18 months ago (on a day every month has): the inventory (one year) is
/// overdue, the target (two years) due within six months, the plan (three years) on track.
fn commitment_eighteen_months_ago() -> Date {
    let today = today_in_peru();
    let two_years_ago =
        Date::from_calendar_date(today.year() - 2, today.month(), today.day().min(28))
            .expect("a date");
    add_months(two_years_ago, 6).expect("a date")
}

async fn a_coordinator_records_a_city_in_one_form(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let form = coordinator.get(&ledger_path(ATE)).await;
    form.assert_status(200).assert_shows(&[
        "Progreso en el GCoM — Ate",
        "Inventario de emisiones de GEI",
    ]);
    let commitment = commitment_eighteen_months_ago().to_string();
    let mut values = form_inputs(&form.body);
    for (name, value) in [
        ("gcom_commitment_date", commitment.as_str()),
        ("gcom_commitment_source", "Carta de compromiso"),
        ("p1-status", "validated"),
        ("p1-reporting_year", "2024"),
        ("p1-platform", "cdp_iclei_track"),
        ("p1-evidence_url", "https://example.org/ate-inventario"),
        ("p1-note_es", "Inventario 2022 validado"),
        ("p1-note_en", "2022 inventory validated"),
        ("p4-status", "in_progress"),
    ] {
        values = with(values, name, value);
    }
    let saved = coordinator.post(&ledger_path(ATE), &values).await;
    saved.assert_status(303);
    coordinator
        .get(&ledger_path(ATE))
        .await
        .assert_shows(&["Progreso guardado: 3 registros cambiaron."]);

    // Each change kept its revision: the municipality and two ledger entries.
    assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM progress_entries").await,
        2
    );
    assert_eq!(
        scalar(
            &app.store,
            "SELECT COUNT(*) FROM revisions WHERE record_type = 'progress-entries' AND action = 'create'"
        )
        .await,
        2
    );
    assert_eq!(
        scalar(
            &app.store,
            "SELECT COUNT(*) FROM revisions WHERE record_type = 'municipalities' AND record_id = 2"
        )
        .await,
        1
    );

    // The public sees it: the board's row, with deadlines counted from the commitment.
    let board = app.get("/progress").await;
    let row = board_row(&board, "Ate");
    assert!(row.contains("Validado 2024"), "{row}");
    assert!(row.contains("En curso"), "{row}");
    assert!(
        row.contains("Vence pronto"),
        "the target falls due within six months: {row}"
    );
    assert!(row.contains("A tiempo"), "the plan is on track: {row}");
    assert!(row.contains("Vencido"), "the assessment is overdue: {row}");
    app.get("/progress?deadline=overdue")
        .await
        .assert_shows(&["1 municipalidad"]);
    app.get("/cities/ate").await.assert_shows(&[
        "Validado 2024",
        "gestión 2023–2026",
        "Inventario 2022 validado",
        "Carta de compromiso",
    ]);
    app.get("/en/cities/ate").await.assert_shows(&[
        "Validated 2024",
        "2023–2026 term",
        "2022 inventory validated",
    ]);

    // The coordinators' list of what is due names Ate's phases.
    let due = coordinator.get("/admin/due").await;
    due.assert_status(200).assert_shows(&[
        "Plazos por vencer y vencidos",
        "Ate",
        "Meta de reducción de emisiones",
        "Evaluación de riesgos y vulnerabilidad climática",
    ]);

    // Saving the same form again changes nothing and writes no revision.
    let before = scalar(&app.store, "SELECT COUNT(*) FROM revisions").await;
    let again = form_inputs(&coordinator.get(&ledger_path(ATE)).await.body);
    coordinator
        .post(&ledger_path(ATE), &again)
        .await
        .assert_status(303);
    assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM revisions").await,
        before
    );
}

async fn the_ledger_refuses_bad_input_and_keeps_it(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let revisions = scalar(&app.store, "SELECT COUNT(*) FROM revisions").await;
    let mut values = form_inputs(&coordinator.get(&ledger_path(ATE)).await.body);
    for (name, value) in [
        ("gcom_commitment_date", "31/02/2024"),
        ("p2-status", "reported"),
        ("p2-reporting_year", "dos mil"),
        ("p3-status", "finished"),
        ("p5-status", "reported"),
        ("p5-evidence_url", "ftp://example.org/x"),
        ("p6-status", "reported"),
        ("p6-note_es", "Plan de adaptación enviado"),
    ] {
        values = with(values, name, value);
    }
    let refused = coordinator.post(&ledger_path(ATE), &values).await;
    refused.assert_status(422).assert_shows(&[
        "Escriba una fecha válida",
        "Escriba un número entero.",
        "Elija una opción de la lista.",
        "Escriba una dirección que empiece por https://",
    ]);
    // What was typed stays in the form.
    refused.assert_html_has(&[
        "value=\"31/02/2024\"",
        "value=\"dos mil\"",
        "value=\"ftp://example.org/x\"",
        "Plan de adaptación enviado</textarea>",
    ]);
    // Nothing was written, not even the phases that were right.
    assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM progress_entries").await,
        0
    );
    assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM revisions").await,
        revisions
    );
    assert_eq!(
        scalar(
            &app.store,
            "SELECT COUNT(*) FROM municipalities WHERE gcom_commitment_date IS NOT NULL"
        )
        .await,
        0
    );
    // English messages in English.
    let mut english = form_inputs(
        &coordinator
            .get(&format!("/en{}", ledger_path(ATE)))
            .await
            .body,
    );
    english = with(english, "p2-reporting_year", "1800");
    english = with(english, "p2-status", "reported");
    coordinator
        .post(&format!("/en{}", ledger_path(ATE)), &english)
        .await
        .assert_status(422)
        .assert_shows(&["The number is outside the allowed range."]);
    // Another city's ledger is not a city editor's to open.
    let editor = app.signed_in("city_editor", Some("ate")).await;
    editor.get(&ledger_path(LIMA)).await.assert_status(403);
}

async fn a_city_editor_proposes_progress_and_a_coordinator_approves(app: TestApp) {
    let editor = app.signed_in("city_editor", Some("ate")).await;
    editor
        .get("/admin")
        .await
        .assert_shows(&["Proponga el avance de su municipalidad"]);
    let form = editor.get(&ledger_path(ATE)).await;
    form.assert_status(200)
        .assert_shows(&["La fecha de compromiso la registran los coordinadores nacionales."]);
    assert!(
        !form.body.contains("name=\"gcom_commitment_date\""),
        "an editor does not set the commitment date"
    );
    let mut values = form_inputs(&form.body);
    values = with(values, "p1-status", "reported");
    values = with(values, "p1-reporting_year", "2025");
    // Forged: the commitment date is not the editor's to change.
    values = with(values, "gcom_commitment_date", "2020-01-01");
    let proposed = editor.post(&ledger_path(ATE), &values).await;
    proposed.assert_status(303);
    assert_eq!(proposed.headers["location"], "/admin/proposals");
    editor
        .get("/admin/proposals")
        .await
        .assert_shows(&["Se envió 1 propuesta", "Reportado"]);
    // Nothing public before approval.
    assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM progress_entries").await,
        0
    );
    assert_eq!(
        board_row(&app.get("/progress").await, "Ate")
            .matches("No registrado")
            .count(),
        6
    );

    let coordinator = app.signed_in("coordinator", None).await;
    let proposal = scalar(&app.store, "SELECT MAX(id) FROM proposals").await;
    coordinator
        .submit(
            "/admin/proposals",
            &format!("/admin/proposals/{proposal}/approve"),
            &[],
        )
        .await
        .assert_status(303);
    assert!(board_row(&app.get("/progress").await, "Ate").contains("Reportado 2025"));
    assert_eq!(
        scalar(
            &app.store,
            "SELECT COUNT(*) FROM municipalities WHERE gcom_commitment_date IS NOT NULL"
        )
        .await,
        0
    );
}

/// A CSV of progress for several cities.
const SHEET: &str = "municipality,pillar,phase,status,year,evidence_url,note_es,note_en\n\
lima,mitigation,inventory,validated,2023,https://example.org/lima,Inventario validado,Validated inventory\n\
150101,adaptation,assessment,reported,2024,,,\n\
ate,mitigation,target,in_progress,2025,,Meta en elaboración,Target in preparation\n\
TRUJILLO,Adaptation,Goal,Awarded,2021,,,\n";

fn sheet_part(name: &str, bytes: Vec<u8>) -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(bytes)
        .file_name(name.to_string())
        .mime_str("application/octet-stream")
        .expect("mime")
}

async fn preview(coordinator: &Browser, name: &str, bytes: Vec<u8>) -> Page {
    let token = csrf_token_of(&coordinator.get("/admin/import").await.body);
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .text("action", "preview")
        .part("file", sheet_part(name, bytes));
    coordinator.post_multipart("/admin/import", form).await
}

/// Sends back the apply form a preview shows.
async fn apply(coordinator: &Browser, preview: &Page) -> Page {
    let form_start = preview
        .body
        .find("class=\"import-apply\"")
        .expect("an apply form");
    let form = &preview.body[form_start..];
    let value = |name: &str| {
        let marker = format!("name=\"{name}\" value=\"");
        let start = form.find(&marker).expect(name) + marker.len();
        crate::helpers::decode_entities(form[start..].split('"').next().unwrap_or(""))
    };
    let rows_start =
        form.find("name=\"rows\" hidden>").expect("rows") + "name=\"rows\" hidden>".len();
    let rows = crate::helpers::decode_entities(
        form[rows_start..].split("</textarea>").next().unwrap_or(""),
    );
    let multipart = reqwest::multipart::Form::new()
        .text("csrf_token", value("csrf_token"))
        .text("action", "apply")
        .text("file_name", value("file_name"))
        .text("fingerprint", value("fingerprint"))
        .text("rows", rows);
    coordinator.post_multipart("/admin/import", multipart).await
}

fn xlsx_of(csv: &str) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, line) in csv.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                // Years typed as numbers, as people do.
                Ok(n) if c == 4 => {
                    sheet.write_number(r, c, n).expect("number");
                }
                _ => {
                    sheet.write_string(r, c, cell).expect("text");
                }
            }
        }
    }
    workbook.save_to_buffer().expect("xlsx")
}

async fn a_coordinator_imports_a_spreadsheet(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    coordinator
        .get("/admin/import")
        .await
        .assert_status(200)
        .assert_shows(&["Importar una hoja de cálculo", "municipality", "inventory"]);
    // The templates download, and read back as the columns without rows.
    let (status, headers, xlsx) = coordinator
        .get_bytes("/admin/import/plantilla-progreso.xlsx", &[])
        .await;
    assert_eq!(status, 200);
    let disposition = headers["content-disposition"].to_str().unwrap_or("");
    assert!(
        disposition.contains("plantilla-progreso.xlsx"),
        "{disposition}"
    );
    assert_eq!(
        portal::progress::sheet::read(&xlsx),
        Err(portal::progress::sheet::SheetError::NoRows)
    );
    let (_, _, csv) = coordinator
        .get_bytes("/admin/import/plantilla-progreso.csv", &[])
        .await;
    assert!(String::from_utf8_lossy(&csv).contains("municipality,pillar,phase,status,year"));

    // The preview says what each row will do, and writes nothing.
    let revisions = scalar(&app.store, "SELECT COUNT(*) FROM revisions").await;
    let shown = preview(&coordinator, "progreso.csv", SHEET.as_bytes().to_vec()).await;
    shown.assert_status(200).assert_shows(&[
        "Vista previa — progreso.csv",
        "4 por crear",
        "0 rechazadas",
        "Nada se ha escrito todavía.",
        "Trujillo",
    ]);
    assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM progress_entries").await,
        0
    );
    assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM revisions").await,
        revisions
    );

    // Applied: every row, each with its revision.
    let applied = apply(&coordinator, &shown).await;
    applied.assert_status(303);
    coordinator
        .get("/admin/import")
        .await
        .assert_shows(&["Hoja aplicada: 4 registros de fase cambiaron."]);
    assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM progress_entries").await,
        4
    );
    assert_eq!(
        scalar(
            &app.store,
            "SELECT COUNT(*) FROM revisions WHERE note = 'import: progreso.csv'"
        )
        .await,
        4
    );

    // The board, the city pages and the handover show it, in both languages.
    let board = app.get("/progress").await;
    let lima = board_row(&board, "Lima");
    assert!(
        lima.contains("Validado 2023") && lima.contains("Reportado 2024"),
        "{lima}"
    );
    assert_eq!(lima.matches("Completado (implícito)").count(), 4, "{lima}");
    assert!(board_row(&board, "Trujillo").contains("Otorgado 2021"));
    assert!(board_row(&app.get("/en/progress").await, "Lima").contains("Validated 2023"));
    app.get("/cities/trujillo").await.assert_shows(&[
        "Otorgado 2021",
        "gestión 2019–2022",
        "deducida del registro de fases: una fase del pilar consta como otorgada (2021)",
    ]);
    app.get("/badges").await.assert_shows(&[
        "Insignias que respalda el registro de fases",
        "Trujillo",
        "Adaptación deducida del registro de fases: una fase del pilar consta como otorgada (2021)",
    ]);
    app.get("/cities/trujillo/handover").await.assert_shows(&[
        "Gestión 2019–2022",
        "Adaptación — Meta de adaptación: Otorgado",
    ]);
    app.get("/en/cities/trujillo/handover")
        .await
        .assert_shows(&["2019–2022 term", "Adaptation — Adaptation goal: Awarded"]);

    // The same rows as an XLSX workbook (years typed as numbers) give the same result: all
    // already recorded.
    let again = preview(&coordinator, "progreso.xlsx", xlsx_of(SHEET)).await;
    again.assert_status(200).assert_shows(&[
        "0 por crear",
        "0 por actualizar",
        "4 sin cambios",
        "no hay nada que aplicar",
    ]);
    assert!(!again.body.contains("class=\"import-apply\""));
}

/// A sheet whose third row is wrong three ways.
const BAD_SHEET: &str = "municipality,pillar,phase,status,year\n\
lima,mitigation,inventory,validated,2023\n\
cusco,mitigation,plann,done,dos mil\n\
atlantis,adaptation,goal,reported,2024\n";

async fn an_import_with_a_bad_row_changes_nothing(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let revisions = scalar(&app.store, "SELECT COUNT(*) FROM revisions").await;
    let refused = preview(&coordinator, "malo.csv", BAD_SHEET.as_bytes().to_vec()).await;
    refused.assert_status(422).assert_shows(&[
        "2 filas se rechazan: corrija la hoja y cárguela de nuevo. No se ha escrito nada.",
        "Fase: ese pilar no tiene esa fase",
        "Estado: no es un estado válido",
        "Año: escriba un año entre 1990 y 2100",
        "Municipalidad: no hay una municipalidad con ese identificador ni ese UBIGEO.",
    ]);
    assert!(
        refused.text().contains("3 Cusco"),
        "the row number leads the row"
    );
    assert!(
        !refused.body.contains("class=\"import-apply\""),
        "no apply offered"
    );
    preview(&coordinator, "malo.csv", BAD_SHEET.as_bytes().to_vec())
        .await
        .assert_status(422);
    let token = csrf_token_of(&coordinator.get("/en/admin/import").await.body);
    let english = coordinator
        .post_multipart(
            "/en/admin/import",
            reqwest::multipart::Form::new()
                .text("csrf_token", token)
                .part("file", sheet_part("bad.csv", BAD_SHEET.as_bytes().to_vec())),
        )
        .await;
    english
        .assert_status(422)
        .assert_shows(&["Phase: that pillar has no such phase", "2 rows are refused"]);

    // Even sent straight to "apply" with the right digest, a refused row writes nothing.
    let rows = portal::progress::sheet::read(BAD_SHEET.as_bytes())
        .expect("rows")
        .rows;
    let plan = portal::progress::import::plan(&app.store, rows.clone())
        .await
        .expect("plan");
    let token = csrf_token_of(&coordinator.get("/admin/import").await.body);
    let forged = coordinator
        .post_multipart(
            "/admin/import",
            reqwest::multipart::Form::new()
                .text("csrf_token", token)
                .text("action", "apply")
                .text("fingerprint", plan.fingerprint())
                .text("rows", portal::progress::sheet::canonical_csv(&rows)),
        )
        .await;
    forged.assert_status(422);
    assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM progress_entries").await,
        0
    );
    assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM revisions").await,
        revisions
    );

    // Files that are no progress sheet: said so, in the page, with the right status.
    let pdf = preview(&coordinator, "plan.pdf", b"%PDF-1.7 a plan".to_vec()).await;
    pdf.assert_status(415)
        .assert_shows(&["no es una hoja CSV ni XLSX"]);
    let columns = preview(
        &coordinator,
        "cols.csv",
        b"municipality,phase\nlima,plan\n".to_vec(),
    )
    .await;
    columns
        .assert_status(422)
        .assert_shows(&["A la primera fila le faltan columnas: pillar, status"]);
    preview(&coordinator, "empty.csv", Vec::new())
        .await
        .assert_status(422)
        .assert_shows(&["El archivo está vacío."]);
    // Without the form's token, nothing is read.
    let no_token = coordinator
        .post_multipart(
            "/admin/import",
            reqwest::multipart::Form::new()
                .part("file", sheet_part("x.csv", SHEET.as_bytes().to_vec())),
        )
        .await;
    assert_eq!(no_token.status, 403);
    // A city editor may not import.
    let editor = app.signed_in("city_editor", Some("ate")).await;
    editor.get("/admin/import").await.assert_status(403);
}

async fn a_stale_preview_is_not_applied(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let shown = preview(&coordinator, "progreso.csv", SHEET.as_bytes().to_vec()).await;
    shown.assert_status(200);
    // Meanwhile a colleague records Ate's target in the ledger form.
    let mut values = form_inputs(&coordinator.get(&ledger_path(ATE)).await.body);
    values = with(values, "p2-status", "reported");
    values = with(values, "p2-reporting_year", "2024");
    coordinator
        .post(&ledger_path(ATE), &values)
        .await
        .assert_status(303);
    let stale = apply(&coordinator, &shown).await;
    stale.assert_status(409).assert_shows(&[
        "Los registros cambiaron desde la vista previa.",
        "3 por crear",
        "1 por actualizar",
    ]);
    // Nothing of the sheet was written; the colleague's entry stands.
    assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM progress_entries").await,
        1
    );
    assert!(board_row(&app.get("/progress").await, "Ate").contains("Reportado 2024"));
    // Applying the new preview works.
    apply(&coordinator, &stale).await.assert_status(303);
    assert!(board_row(&app.get("/progress").await, "Ate").contains("En curso 2025"));
}

async fn the_handover_sums_up_each_term_and_what_is_due(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let mut values = form_inputs(&coordinator.get(&ledger_path(ATE)).await.body);
    let commitment = commitment_eighteen_months_ago().to_string();
    for (name, value) in [
        ("gcom_commitment_date", commitment.as_str()),
        ("p1-status", "validated"),
        ("p1-reporting_year", "2021"),
        ("p4-status", "reported"),
        ("p4-reporting_year", "2024"),
    ] {
        values = with(values, name, value);
    }
    coordinator
        .post(&ledger_path(ATE), &values)
        .await
        .assert_status(303);
    let next = portal::domain::progress::MunicipalTerm::of_date(today_in_peru()).next();
    let handover = app.get("/cities/ate/handover").await;
    handover.assert_status(200).assert_shows(&[
        "Resumen para el cambio de gestión — Ate",
        &format!("para la gestión {next}"),
        "Gestión 2019–2022",
        "Mitigación — Inventario de emisiones de GEI: Validado",
        "Gestión 2023–2026",
        "Adaptación — Evaluación de riesgos y vulnerabilidad climática: Reportado",
        "Lo que vence después",
        "Vence pronto",
        "A tiempo",
    ]);
    // Due next: the nearest deadline first (the target, due soon, before the plans).
    let text = handover.text();
    let target = text
        .find("Meta de reducción de emisiones")
        .expect("target due");
    let plan = text.find("Plan de mitigación").expect("plan due");
    assert!(target < plan, "{text}");
    // It prints on A4.
    handover.assert_html_has(&["media=\"print\""]);
    let print_href = handover
        .links()
        .into_iter()
        .find(|l| l.starts_with("/static/print."))
        .expect("print stylesheet");
    let print = app.get(&print_href).await;
    assert!(
        print.body.contains("size: A4"),
        "the print stylesheet sets A4"
    );
    app.get("/en/cities/ate/handover").await.assert_shows(&[
        "Handover summary — Ate",
        "2019–2022 term",
        "What falls due next",
    ]);
    app.get("/cities/atlantis/handover")
        .await
        .assert_status(404);
}

async fn plans_show_their_type_and_measures_reach_the_budget_table(app: TestApp) {
    app.get("/cities/lima").await.assert_shows(&[
        "PLAC (Plan Local de Acción Climática)",
        "No hay medidas del plan registradas para esta municipalidad.",
    ]);
    app.get("/plans").await.assert_shows(&[
        "Del plan al presupuesto",
        "Aún no hay medidas de los planes registradas",
    ]);

    let coordinator = app.signed_in("coordinator", None).await;
    let plan = scalar(
        &app.store,
        "SELECT id FROM plans WHERE municipality_id = 15",
    )
    .await;
    let path = format!("/admin/plans/{plan}/edit");
    let mut values = coordinator.form_values(&path).await;
    for (name, value) in [
        ("approval_instrument", "N.° 2345-2024-MML"),
        ("approval_date", "2024-05-10"),
        ("horizon_start", "2024"),
        ("horizon_end", "2030"),
        ("plan_type", "plac_plcc"),
    ] {
        values = with(values, name, value);
    }
    coordinator.post(&path, &values).await.assert_status(303);
    let new_measure = coordinator.form_values("/admin/plan-measures/new").await;
    let mut measure = new_measure;
    for (name, value) in [
        ("plan_id", plan.to_string().as_str()),
        ("title_es", "Red de ciclovías"),
        ("title_en", "Cycle lane network"),
        ("pillar_id", "1"),
        ("sector", "transport"),
        ("pei_action", "AEI.03.02 Movilidad sostenible"),
        ("poi_activity", "Construcción de ciclovías"),
        ("poi_year", "2025"),
        ("budget_year", "2025"),
        ("budget_amount", "1500000"),
        ("budget_programme", "PP 0068"),
        ("position", "1"),
    ] {
        measure = with(measure, name, value);
    }
    coordinator
        .post("/admin/plan-measures/new", &measure)
        .await
        .assert_status(303);

    app.get("/cities/lima").await.assert_shows(&[
        "PLAC y PLCC en un mismo documento",
        "Ordenanza N.° 2345-2024-MML (10 de mayo de 2024)",
        "aprobado en la gestión 2023–2026",
        "Horizonte 2024–2030",
        "Red de ciclovías",
        "AEI.03.02 Movilidad sostenible",
        "Construcción de ciclovías (2025)",
        "PP 0068",
    ]);
    app.get("/en/cities/lima").await.assert_shows(&[
        "Cycle lane network",
        "2025: S/ 1,500,000",
        "approved in the 2023–2026 term",
    ]);
    let plans = app.get("/en/plans").await;
    plans.assert_shows(&["With measures in their budget", "S/ 1,500,000"]);
    app.get("/cities/lima/handover").await.assert_shows(&[
        "1 medida del plan registrada",
        "Plan aprobado: PLAC y PLCC en un mismo documento N.° 2345-2024-MML",
    ]);
}

backend_tests!(
    the_board_tells_not_recorded_from_implied,
    the_methodology_cites_its_sources,
    the_board_filters_and_refuses_bad_values,
    a_coordinator_records_a_city_in_one_form,
    the_ledger_refuses_bad_input_and_keeps_it,
    a_city_editor_proposes_progress_and_a_coordinator_approves,
    a_coordinator_imports_a_spreadsheet,
    an_import_with_a_bad_row_changes_nothing,
    a_stale_preview_is_not_applied,
    the_handover_sums_up_each_term_and_what_is_due,
    plans_show_their_type_and_measures_reach_the_budget_table,
);
