//! The admin as coordinators use it: lists with the columns, filters, sorting and pages each
//! record type declares, bulk actions, record titles, "view on site", "save and continue", the
//! lists that point at a record, and values chosen from the reference list.

use crate::backend_tests;
use crate::helpers::{Page, TestApp, csrf_token_of, form_inputs, scalar, with};

/// The visible text of each row of a list's table.
fn rows(page: &Page) -> Vec<String> {
    let Some(start) = page.body.find("<tbody>") else {
        return Vec::new();
    };
    let end = page.body[start..]
        .find("</tbody>")
        .map_or(page.body.len(), |i| start + i);
    page.body[start..end]
        .split("<tr>")
        .skip(1)
        .map(|row| {
            Page {
                path: String::new(),
                status: page.status,
                headers: page.headers.clone(),
                body: row.to_string(),
            }
            .text()
        })
        .collect()
}

fn link_to(page: &Page, label: &str) -> String {
    link_in(page, "<main", label)
}

/// The target of the first link called `label` after `from` in the page.
fn link_in(page: &Page, from: &str, label: &str) -> String {
    let offset = page.body.find(from).unwrap_or(0);
    let body = &page.body[offset..];
    let marker = format!(">{label}</a>");
    let end = body
        .find(&marker)
        .unwrap_or_else(|| panic!("{}: no link {label:?}", page.path));
    let start = body[..end].rfind("href=\"").expect("href") + 6;
    crate::helpers::decode_entities(body[start..end].split('"').next().unwrap_or(""))
}

async fn a_coordinator_filters_sorts_and_reaches_lima_badges(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let all = coordinator.get("/admin/municipalities").await;
    all.assert_status(200).assert_shows(&[
        "33 registros",
        "Departamento",
        "Provincia",
        "Apoyada por la Estrategia",
        "Insignias",
    ]);
    // Filter by department and plan status: the Lima-department cities with a submitted plan.
    let filtered = coordinator
        .get("/admin/municipalities?department=Lima&plan=submitted")
        .await;
    filtered.assert_status(200);
    let listed = rows(&filtered);
    assert!(!listed.is_empty());
    assert!(
        listed
            .iter()
            .all(|row| row.contains("Lima") && row.contains("Presentado")),
        "{listed:#?}"
    );
    assert!(listed.iter().all(|row| !row.contains("Arequipa")));
    // Sort by department, descending, keeping the filters in the link.
    let sorted = coordinator
        .get("/admin/municipalities?sort=-department")
        .await;
    let sorted_rows = rows(&sorted);
    assert!(
        sorted_rows[0].contains("Áncash") || sorted_rows[0].contains("Ucayali"),
        "{:?}",
        &sorted_rows[..3]
    );
    sorted.assert_html_has(&["aria-sort=\"descending\""]);
    let resort = link_to(&filtered, "Provincia");
    assert!(
        resort.contains("department=Lima") && resort.contains("sort=province"),
        "{resort}"
    );

    // Open Lima by its title: its page is titled "Lima" and links to its badges.
    let search = coordinator.get("/admin/municipalities?q=lima").await;
    let lima_path = link_to(&search, "Lima");
    let lima = coordinator.get(&lima_path).await;
    lima.assert_status(200);
    assert!(
        lima.body.contains("<h1>Lima</h1>"),
        "the heading is the record's title"
    );
    assert!(lima.body.contains("<title>Lima · Municipalidades"));
    assert!(
        lima.links().contains(&"/cities/lima".to_string()),
        "view on site"
    );
    let badges = coordinator
        .get(&link_in(&lima, "record-links", "Insignias"))
        .await;
    badges
        .assert_status(200)
        .assert_shows(&["1 registro", "Lima — Cumplimiento total"]);
    let plans = coordinator
        .get(&link_in(&lima, "record-links", "Planes (PLAC)"))
        .await;
    assert!(rows(&plans).iter().all(|row| row.starts_with("Lima")));
}

async fn bad_list_parameters_are_refused_with_the_list_and_a_message(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    for (query, message) in [
        ("plan=finished", "Elija una opción de la lista."),
        ("sort=password_hash", "No se puede ordenar"),
        ("page=0", "fuera"),
        ("supported=maybe", "Elija una opción de la lista."),
    ] {
        let page = coordinator
            .get(&format!("/admin/municipalities?{query}"))
            .await;
        page.assert_status(400);
        assert!(
            page.text().contains(message),
            "{query}: {}",
            page.main_text()
        );
    }
    // A department no city has matches nothing rather than failing.
    let none = coordinator
        .get("/admin/municipalities?department=Atlántida")
        .await;
    none.assert_status(200).assert_shows(&["0 registros"]);
}

async fn lists_have_pages_with_a_total(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    // 60 more badges than a page holds.
    for n in 0..60 {
        sqlx::query(
            "INSERT INTO badges (municipality_id, kind, year, created_at, updated_at, updated_by)
             VALUES (1, 'adaptation', $1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'test')",
        )
        .bind(1960 + n)
        .execute(app.store.pool())
        .await
        .expect("badge");
    }
    let first = coordinator
        .get("/admin/badges?kind=adaptation&sort=year")
        .await;
    first.assert_shows(&["60 registros", "Página 1 de 2"]);
    assert_eq!(rows(&first).len(), 50);
    assert!(rows(&first)[0].contains("1960"));
    let next = link_to(&first, "Siguiente");
    assert!(
        next.contains("kind=adaptation") && next.contains("sort=year") && next.contains("page=2")
    );
    let second = coordinator.get(&next).await;
    second.assert_shows(&["Página 2 de 2"]);
    assert_eq!(rows(&second).len(), 10);
    assert!(rows(&second)[9].contains("2019"));
}

async fn bulk_actions_change_each_record_with_its_revision(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let list = coordinator.get("/admin/documents").await;
    let token = csrf_token_of(&list.body);
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM documents ORDER BY id")
        .fetch_all(app.store.pool())
        .await
        .expect("ids");
    let ticked: Vec<(&str, String)> = std::iter::once(("csrf_token", token.clone()))
        .chain(std::iter::once(("action", "publish".to_string())))
        .chain(ids.iter().map(|id| ("ids", id.to_string())))
        .collect();
    coordinator
        .post("/admin/documents/bulk", &ticked)
        .await
        .assert_status(303);
    coordinator
        .get("/admin/documents")
        .await
        .assert_shows(&[&format!("Se aplicó a {} registros.", ids.len())]);
    assert_eq!(
        scalar(
            &app.store,
            "SELECT COUNT(*) FROM documents WHERE status = 'published'"
        )
        .await,
        ids.len() as i64
    );
    assert_eq!(
        scalar(
            &app.store,
            "SELECT COUNT(*) FROM revisions WHERE record_type = 'documents' AND action = 'update'"
        )
        .await,
        ids.len() as i64
    );
    // Withdraw one, then delete it: revisions keep it, it can be undeleted.
    let one = [
        ("csrf_token", token.clone()),
        ("action", "delete".to_string()),
        ("ids", ids[0].to_string()),
    ];
    coordinator
        .post("/admin/documents/bulk", &one)
        .await
        .assert_status(303);
    assert_eq!(
        scalar(&app.store, "SELECT COUNT(*) FROM documents").await,
        ids.len() as i64 - 1
    );
    // An unknown action or a city editor's attempt changes nothing.
    let unknown = [
        ("csrf_token", token.clone()),
        ("action", "burn".to_string()),
        ("ids", ids[1].to_string()),
    ];
    coordinator
        .post("/admin/documents/bulk", &unknown)
        .await
        .assert_status(400);
    let editor = app.signed_in("city_editor", Some("lima")).await;
    let editor_token = csrf_token_of(&editor.get("/admin/badges").await.body);
    editor
        .post(
            "/admin/badges/bulk",
            &[
                ("csrf_token", editor_token.as_str()),
                ("action", "delete"),
                ("ids", "1"),
            ],
        )
        .await
        .assert_status(403);
    assert_eq!(scalar(&app.store, "SELECT COUNT(*) FROM badges").await, 3);
}

async fn departments_come_from_the_reference_list(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let path = "/admin/municipalities/1/edit";
    let form = coordinator.get(path).await;
    form.assert_html_has(&["<option value=\"Moquegua\"", "value=\"__new__\""]);
    // A typo is refused beside the field, the typed values kept.
    let typo = with(form_inputs(&form.body), "department", "Lmia");
    let refused = coordinator.post(path, &typo).await;
    refused
        .assert_status(422)
        .assert_shows(&["Elija una opción de la lista."]);
    assert!(
        refused.body.contains("<h1>Arequipa</h1>"),
        "the heading keeps the record's title"
    );
    // A new value only by choosing "Other" and typing it.
    let mut deliberate = with(form_inputs(&form.body), "department", "__new__");
    deliberate = with(deliberate, "department__new", "Lima Metropolitana");
    coordinator.post(path, &deliberate).await.assert_status(303);
    let stored: String = sqlx::query_scalar("SELECT department FROM municipalities WHERE id = 1")
        .fetch_one(app.store.pool())
        .await
        .expect("department");
    assert_eq!(stored, "Lima Metropolitana");
    // It is then a known value for every form.
    coordinator
        .get("/admin/municipalities/2/edit")
        .await
        .assert_html_has(&["<option value=\"Lima Metropolitana\""]);
}

async fn save_and_continue_stays_on_the_record(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let path = "/admin/objectives/1/edit";
    // As seeded, the record has no revisions, and its history says so.
    let history = coordinator.get("/admin/objectives/1/history").await;
    history.assert_shows(&["no ha cambiado desde que se cargó"]);
    let continue_ = with(coordinator.form_values(path).await, "then", "continue");
    let saved = coordinator.post(path, &continue_).await;
    saved.assert_status(303);
    assert_eq!(saved.headers["location"], path);
    let plain = coordinator.form_values(path).await;
    let saved = coordinator.post(path, &plain).await;
    assert_eq!(saved.headers["location"], "/admin/objectives");
    // English keeps the prefix.
    let english = with(
        coordinator.form_values("/en/admin/objectives/1/edit").await,
        "then",
        "continue",
    );
    let saved = coordinator
        .post("/en/admin/objectives/1/edit", &english)
        .await;
    assert_eq!(saved.headers["location"], "/en/admin/objectives/1/edit");
    let history = coordinator.get("/admin/objectives/1/history").await;
    history.assert_not_shows(&["no ha cambiado desde que se cargó"]);
    assert_eq!(history.body.matches("class=\"revision\"").count(), 3);
}

backend_tests!(
    a_coordinator_filters_sorts_and_reaches_lima_badges,
    bad_list_parameters_are_refused_with_the_list_and_a_message,
    lists_have_pages_with_a_total,
    bulk_actions_change_each_record_with_its_revision,
    departments_come_from_the_reference_list,
    save_and_continue_stays_on_the_record,
);
