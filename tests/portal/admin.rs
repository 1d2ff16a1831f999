//! The admin area: each role's journey, route permissions, CSRF, throttling, forms, revisions,
//! proposals and edit conflicts.

use crate::backend_tests;
use crate::helpers::{TEST_PASSWORD, TestApp, csrf_token_of, form_inputs, with};

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.store.pool())
        .await
        .expect(sql)
}

async fn plan_of(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT p.id FROM plans p JOIN municipalities m ON m.id = p.municipality_id WHERE m.slug = $1")
        .bind(slug)
        .fetch_one(app.store.pool())
        .await
        .expect("plan")
}

async fn coordinator_edits_a_plan_and_the_public_page_changes_at_once(app: TestApp) {
    let ana = app.signed_in("coordinator", None).await;
    let plan = plan_of(&app, "ate").await;
    let path = format!("/admin/plans/{plan}/edit");
    let saved = ana
        .save(
            &path,
            &[
                ("status", "approved"),
                ("approval_instrument", "Ordenanza Municipal N.º 555-2024"),
                ("approval_date", "2024-06-15"),
                ("status_changed_on", "2024-06-15"),
                ("status_note_es", "Aprobado por el concejo"),
                ("status_note_en", "Approved by the council"),
            ],
        )
        .await;
    saved.assert_status(303);
    ana.get(&path).await.assert_shows(&["Cambios guardados."]);

    // The public page shows the new status and its history at once, in both languages.
    app.get("/cities/ate").await.assert_shows(&[
        "Aprobado",
        "Ordenanza Municipal N.º 555-2024",
        "2024-06-15",
        "Aprobado por el concejo",
        "Presentado",
    ]);
    app.get("/en/cities/ate")
        .await
        .assert_shows(&["Approved", "Approved by the council"]);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM plans WHERE status = 'approved'").await,
        1
    );
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM revisions WHERE record_type = 'plans' AND record_id = {plan} AND action = 'update'")).await,
        1
    );

    // Sign out: the old session no longer opens the admin.
    let dashboard = ana.get("/admin").await;
    let token = csrf_token_of(&dashboard.body);
    ana.post("/admin/logout", &[("csrf_token", token.as_str())])
        .await
        .assert_status(303);
    let after = ana.get("/admin").await;
    after.assert_status(303);
    assert!(
        after.headers["location"]
            .to_str()
            .unwrap_or("")
            .contains("/admin/login")
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'logout'"
        )
        .await,
        1
    );
}

async fn admin_creates_an_account_and_disabling_it_ends_its_session(app: TestApp) {
    let admin = app.signed_in("admin", None).await;
    let created = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &[
                ("email", "luis@ampe.org.pe"),
                ("name", "Luis Huamán"),
                ("role", "coordinator"),
                ("city", ""),
                ("password", "otra frase larga que nadie adivina 77"),
            ],
        )
        .await;
    created.assert_status(303);
    admin.get("/admin/users").await.assert_shows(&[
        "luis@ampe.org.pe",
        "Luis Huamán",
        "Cuenta creada.",
    ]);

    let luis = app.browser();
    luis.login("luis@ampe.org.pe", "otra frase larga que nadie adivina 77")
        .await
        .assert_status(303);
    luis.get("/admin").await.assert_status(200);

    let user_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'luis@ampe.org.pe'")
        .fetch_one(app.store.pool())
        .await
        .expect("user");
    admin
        .submit(
            "/admin/users",
            &format!("/admin/users/{user_id}/disable"),
            &[],
        )
        .await
        .assert_status(303);
    assert_eq!(
        crate::helpers::scalar(
            &app.store,
            &format!("SELECT COUNT(*) FROM sessions WHERE user_id = {user_id}")
        )
        .await,
        0
    );
    luis.get("/admin").await.assert_status(303);
    luis.login("luis@ampe.org.pe", "otra frase larga que nadie adivina 77")
        .await
        .assert_status(401)
        .assert_shows(&["Correo o contraseña incorrectos."]);

    // Bad input on the account form: messages beside the fields, values kept, nothing written.
    let before = count(&app, "SELECT COUNT(*) FROM users").await;
    let refused = admin
        .submit(
            "/admin/users",
            "/admin/users",
            &[
                ("email", "no-es-un-correo"),
                ("name", "Rosa"),
                ("role", "city_editor"),
                ("city", ""),
                ("password", "corta"),
            ],
        )
        .await;
    refused.assert_status(422).assert_shows(&[
        "Elija la municipalidad de esta cuenta de edición municipal.",
        "La contraseña debe tener al menos 12 caracteres.",
    ]);
    refused.assert_html_has(&["value=\"no-es-un-correo\"", "value=\"Rosa\""]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, before);
}

async fn city_editor_proposes_and_a_coordinator_approves(app: TestApp) {
    let editor = app.signed_in("city_editor", Some("lima")).await;
    editor
        .get("/admin")
        .await
        .assert_status(200)
        .assert_shows(&["Insignias", "Planes (PLAC)"]);
    let plan = plan_of(&app, "lima").await;
    let path = format!("/admin/plans/{plan}/edit");
    // The proposal tries to move the plan to another city: the city stays Lima.
    let callao = app.id_of("municipalities", "callao").await;
    let proposed = editor
        .save(
            &path,
            &[
                ("status", "published"),
                ("municipality_id", &callao.to_string()),
            ],
        )
        .await;
    proposed.assert_status(303);
    editor
        .get("/admin/proposals")
        .await
        .assert_shows(&["enviada a los coordinadores", "Publicado"]);

    // Nothing public changes before approval.
    app.get("/cities/lima")
        .await
        .assert_shows(&["Presentado"])
        .assert_not_shows(&["Publicado"]);

    let coordinator = app.signed_in("coordinator", None).await;
    let proposal: i64 = sqlx::query_scalar("SELECT id FROM proposals")
        .fetch_one(app.store.pool())
        .await
        .expect("proposal");
    coordinator
        .submit(
            "/admin/proposals",
            &format!("/admin/proposals/{proposal}/approve"),
            &[],
        )
        .await
        .assert_status(303);
    app.get("/cities/lima").await.assert_shows(&["Publicado"]);
    app.get("/cities/callao")
        .await
        .assert_shows(&["No hay un plan registrado"]);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM proposals WHERE status = 'approved'"
        )
        .await,
        1
    );

    // A new badge proposed by the editor, rejected by the coordinator: nothing public.
    editor
        .submit(
            "/admin/badges/new",
            "/admin/badges/new",
            &[("kind", "adaptation"), ("year", "2023")],
        )
        .await
        .assert_status(303);
    let badge_proposal: i64 = sqlx::query_scalar("SELECT MAX(id) FROM proposals")
        .fetch_one(app.store.pool())
        .await
        .expect("id");
    coordinator
        .submit(
            "/admin/proposals",
            &format!("/admin/proposals/{badge_proposal}/reject"),
            &[],
        )
        .await
        .assert_status(303);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM badges WHERE kind = 'adaptation'"
        )
        .await,
        0
    );
}

/// Who asks, and what they must get.
#[derive(Clone, Copy, Debug)]
enum Who {
    Anonymous,
    EditorOfCallao,
    Coordinator,
    Admin,
}

async fn every_admin_route_checks_the_role_on_the_server(app: TestApp) {
    let lima_plan = plan_of(&app, "lima").await;
    let lima_badge: i64 = sqlx::query_scalar("SELECT b.id FROM badges b JOIN municipalities m ON m.id = b.municipality_id WHERE m.slug = 'lima'")
        .fetch_one(app.store.pool())
        .await
        .expect("badge");
    let anonymous = app.browser();
    let editor = app.signed_in("city_editor", Some("callao")).await;
    let coordinator = app.signed_in("coordinator", None).await;
    let admin = app.signed_in("admin", None).await;

    // (path, anonymous, editor of Callao, coordinator, admin); 303 = sent to sign in.
    let gets: Vec<(String, [u16; 4])> = vec![
        ("/admin".into(), [303, 200, 200, 200]),
        ("/admin/municipalities".into(), [303, 403, 200, 200]),
        ("/admin/municipalities/new".into(), [303, 403, 200, 200]),
        ("/admin/municipalities/1/edit".into(), [303, 403, 200, 200]),
        (
            "/admin/municipalities/1/history".into(),
            [303, 403, 200, 200],
        ),
        ("/admin/badges".into(), [303, 200, 200, 200]),
        ("/admin/badges/new".into(), [303, 200, 200, 200]),
        (
            format!("/admin/badges/{lima_badge}/edit"),
            [303, 403, 200, 200],
        ),
        (
            format!("/admin/plans/{lima_plan}/edit"),
            [303, 403, 200, 200],
        ),
        (
            format!("/admin/plans/{lima_plan}/history"),
            [303, 403, 200, 200],
        ),
        ("/admin/reported-figures".into(), [303, 403, 200, 200]),
        ("/admin/organisations/1/edit".into(), [303, 403, 200, 200]),
        ("/admin/documents".into(), [303, 403, 200, 200]),
        ("/admin/programmes/1/edit".into(), [303, 403, 200, 200]),
        ("/admin/diploma-cohorts/1/edit".into(), [303, 403, 200, 200]),
        ("/admin/exchanges/1/edit".into(), [303, 403, 200, 200]),
        ("/admin/forum-seats".into(), [303, 403, 200, 200]),
        ("/admin/objectives/1/edit".into(), [303, 403, 200, 200]),
        ("/admin/strategy/1/edit".into(), [303, 403, 200, 200]),
        ("/admin/strategy".into(), [303, 403, 303, 303]),
        ("/admin/audit".into(), [303, 403, 200, 200]),
        ("/admin/documents/1/files".into(), [303, 403, 200, 200]),
        (
            "/admin/documents/1/versions/1/download".into(),
            [303, 403, 404, 404],
        ),
        ("/admin/proposals".into(), [303, 200, 200, 200]),
        ("/admin/users".into(), [303, 403, 403, 200]),
        ("/en/admin/users".into(), [303, 403, 403, 200]),
        ("/admin/no-such-type".into(), [303, 404, 404, 404]),
        ("/admin/badges/999999/edit".into(), [303, 404, 404, 404]),
    ];
    let people = [
        (Who::Anonymous, &anonymous),
        (Who::EditorOfCallao, &editor),
        (Who::Coordinator, &coordinator),
        (Who::Admin, &admin),
    ];
    for (path, expected) in &gets {
        for (i, (who, browser)) in people.iter().enumerate() {
            let page = browser.get(path).await;
            assert_eq!(page.status.as_u16(), expected[i], "GET {path} as {who:?}");
            if expected[i] == 403 {
                let message = if path.starts_with("/en/") {
                    "Access not allowed"
                } else {
                    "Acceso no permitido"
                };
                page.assert_shows(&[message]);
            }
        }
    }

    // Writes: the editor of Callao cannot touch Lima's records by changing an id in the URL.
    let before = count(&app, "SELECT COUNT(*) FROM revisions").await
        + count(&app, "SELECT COUNT(*) FROM proposals").await;
    let token = csrf_token_of(&editor.get("/admin").await.body);
    for action in [
        format!("/admin/plans/{lima_plan}/edit"),
        format!("/admin/badges/{lima_badge}/edit"),
        format!("/admin/badges/{lima_badge}/delete"),
        "/admin/municipalities/1/delete".to_string(),
        "/admin/users".to_string(),
        "/admin/revisions/1/restore".to_string(),
    ] {
        let page = editor
            .post(
                &action,
                &[("csrf_token", token.as_str()), ("status", "published")],
            )
            .await;
        assert_eq!(
            page.status.as_u16(),
            403,
            "POST {action} as the editor of Callao"
        );
    }
    let after = count(&app, "SELECT COUNT(*) FROM revisions").await
        + count(&app, "SELECT COUNT(*) FROM proposals").await;
    assert_eq!(before, after, "a refused write leaves nothing behind");
    // Anonymous writes go to sign-in, and change nothing.
    anonymous
        .post(
            &format!("/admin/plans/{lima_plan}/edit"),
            &[("status", "published")],
        )
        .await
        .assert_status(303);
}

async fn cross_site_posts_are_refused(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let figure = "/admin/reported-figures/1/edit";
    let pairs = coordinator.form_values(figure).await;
    // A forged form from another site: the browser sends its Origin.
    let forged = coordinator
        .client
        .post(format!("{}{figure}", coordinator.address))
        .header("Origin", "https://evil.example")
        .header("Sec-Fetch-Site", "cross-site")
        .form(&with(pairs.clone(), "value", "9999"))
        .send()
        .await
        .expect("post");
    assert_eq!(forged.status().as_u16(), 403);
    // Without the session's token (an old or copied form).
    coordinator
        .post(
            figure,
            &with(with(pairs, "value", "9999"), "csrf_token", "0000"),
        )
        .await
        .assert_status(403)
        .assert_shows(&["no proviene de un formulario de este portal"]);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM reported_figures WHERE value = 9999"
        )
        .await,
        0
    );
    app.get("/badges")
        .await
        .assert_shows(&["Ciudades con insignias 49"]);
}

async fn failed_sign_ins_are_throttled_and_audited(app: TestApp) {
    let email = app.account("coordinator", None).await;
    let browser = app.browser();
    for _ in 0..5 {
        browser
            .login(&email, "not the right password at all")
            .await
            .assert_status(401);
    }
    // Even the right password waits now.
    browser
        .login(&email, TEST_PASSWORD)
        .await
        .assert_status(429)
        .assert_shows(&["Demasiados intentos fallidos"])
        .assert_html_has(&[&format!("value=\"{email}\"")]);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'login.failed'"
        )
        .await,
        5
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'login.throttled'"
        )
        .await,
        1
    );
    // Other accounts from other places still sign in.
    let other = app.account("admin", None).await;
    app.browser()
        .login(&other, TEST_PASSWORD)
        .await
        .assert_status(303);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'login.succeeded'"
        )
        .await,
        1
    );
}

async fn sign_in_gives_a_new_session_id_and_the_cookie_is_safe(app: TestApp) {
    let email = app.account("coordinator", None).await;
    let browser = app.browser();
    let form = browser
        .client
        .get(format!("{}/admin/login", browser.address))
        .send()
        .await
        .expect("get");
    let before = form.headers()["set-cookie"]
        .to_str()
        .unwrap_or("")
        .to_string();
    assert!(
        before.contains("HttpOnly") && before.contains("SameSite=Lax"),
        "{before}"
    );
    let token = csrf_token_of(&form.text().await.expect("body"));
    let signed = browser
        .client
        .post(format!("{}/admin/login", browser.address))
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", email.as_str()),
            ("password", TEST_PASSWORD),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(signed.status().as_u16(), 303);
    let after = signed.headers()["set-cookie"]
        .to_str()
        .unwrap_or("")
        .to_string();
    let id = |cookie: &str| cookie.split(';').next().unwrap_or("").to_string();
    assert_ne!(
        id(&before),
        id(&after),
        "sign-in must issue a new session id"
    );
    assert!(
        !before.contains("Secure"),
        "Secure only when PORTAL_SECURE_COOKIES=true"
    );
}

async fn each_form_refuses_bad_input_and_keeps_what_was_typed(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    // (record type, a bad field, its bad value, the message beside it)
    let cases = [
        (
            "municipalities",
            "slug",
            "Nueva Ciudad",
            "Use solo minúsculas sin tildes",
        ),
        ("badges", "year", "dos mil", "Escriba un número entero."),
        (
            "plans",
            "approval_date",
            "2024-13-45",
            "Escriba una fecha válida",
        ),
        (
            "reported-figures",
            "as_of",
            "abril 2024",
            "Escriba un mes con el formato AAAA-MM",
        ),
        (
            "organisations",
            "role",
            "sponsor",
            "Elija una opción de la lista.",
        ),
        (
            "documents",
            "position",
            "-5",
            "El número está fuera del rango permitido.",
        ),
        (
            "programmes",
            "kind",
            "party",
            "Elija una opción de la lista.",
        ),
        (
            "diploma-cohorts",
            "year",
            "1800",
            "El número está fuera del rango permitido.",
        ),
        (
            "exchanges",
            "partner_id",
            "999999",
            "Elija una opción de la lista.",
        ),
        (
            "forum-seats",
            "municipality_id",
            "abc",
            "Elija una opción de la lista.",
        ),
        (
            "objectives",
            "position",
            "-1",
            "El número está fuera del rango permitido.",
        ),
        (
            "strategy",
            "data_as_of",
            "2024-4",
            "Escriba un mes con el formato AAAA-MM",
        ),
    ];
    for (kind, field, bad, message) in cases {
        let path = format!("/admin/{kind}/1/edit");
        let revisions = count(&app, "SELECT COUNT(*) FROM revisions").await;
        let pairs = with(coordinator.form_values(&path).await, field, bad);
        let page = coordinator.post(&path, &pairs).await;
        page.assert_status(422).assert_shows(&[message, "problema"]);
        let kept = form_inputs(&page.body);
        if field != "role" && field != "kind" && field != "partner_id" && field != "municipality_id"
        {
            assert!(
                kept.contains(&(field.to_string(), bad.to_string())),
                "{kind}: the typed {field} is kept"
            );
        }
        page.assert_html_has(&[&format!("aria-describedby=\"e-{field}\"")]);
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM revisions").await,
            revisions,
            "{kind}: nothing written"
        );
    }
    // Required bilingual text, on a new record.
    let page = coordinator
        .submit(
            "/admin/objectives/new",
            "/admin/objectives/new",
            &[("position", "5"), ("text_es", "Nuevo objetivo")],
        )
        .await;
    page.assert_status(422)
        .assert_shows(&["Escriba el texto en inglés."])
        .assert_html_has(&["Nuevo objetivo"]);
    // A duplicate slug is a field error, not a 500.
    let page = coordinator
        .submit(
            "/admin/municipalities/new",
            "/admin/municipalities/new",
            &[
                ("name", "Lima"),
                ("slug", "lima"),
                ("department", "Lima"),
                ("province", "Lima"),
                ("district", "Lima"),
            ],
        )
        .await;
    page.assert_status(422)
        .assert_shows(&["Ya existe un registro con este valor."]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM municipalities").await, 33);
    // The same in English.
    let page = coordinator
        .submit(
            "/en/admin/badges/new",
            "/en/admin/badges/new",
            &[("kind", "gold")],
        )
        .await;
    page.assert_status(422)
        .assert_shows(&["This field is required.", "Choose an option from the list."]);
}

async fn revisions_restore_and_undelete(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    // Edit an exchange twice, then restore the first version.
    let exchange = "/admin/exchanges/1/edit";
    coordinator
        .save(exchange, &[("country_es", "República Argentina")])
        .await
        .assert_status(303);
    coordinator
        .save(
            exchange,
            &[
                ("country_es", "Argentina (2023)"),
                ("hosts", "Buenos Aires\nRosario"),
            ],
        )
        .await
        .assert_status(303);
    app.get("/exchanges")
        .await
        .assert_shows(&["2023: Argentina (2023)", "Buenos Aires, Rosario"]);
    let history = coordinator.get("/admin/exchanges/1/history").await;
    history.assert_shows(&["República Argentina", "Argentina (2023)", "Vicente López"]);
    let first: i64 =
        sqlx::query_scalar("SELECT MIN(id) FROM revisions WHERE record_type = 'exchanges'")
            .fetch_one(app.store.pool())
            .await
            .expect("revision");
    coordinator
        .submit(
            "/admin/exchanges/1/history",
            &format!("/admin/revisions/{first}/restore"),
            &[],
        )
        .await
        .assert_status(303);
    app.get("/exchanges").await.assert_shows(&[
        "2023: República Argentina",
        "Buenos Aires, Vicente López, Rosario",
    ]);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM revisions WHERE action = 'restore'"
        )
        .await,
        1
    );

    // Delete a forum seat, find it in the audit page, restore it.
    let seat: i64 = sqlx::query_scalar("SELECT f.id FROM forum_representatives f JOIN municipalities m ON m.id = f.municipality_id WHERE m.slug = 'comas'")
        .fetch_one(app.store.pool())
        .await
        .expect("seat");
    coordinator
        .submit(
            &format!("/admin/forum-seats/{seat}/edit"),
            &format!("/admin/forum-seats/{seat}/delete"),
            &[],
        )
        .await
        .assert_status(303);
    app.get("/cities/comas")
        .await
        .assert_not_shows(&["Foro: Foro de Alcaldes"]);
    let audit = coordinator.get("/admin/audit").await;
    audit.assert_shows(&[
        "Registros eliminados",
        "Foro de Alcaldes de América Latina del GCoM",
    ]);
    let deletion: i64 = sqlx::query_scalar("SELECT id FROM revisions WHERE action = 'delete'")
        .fetch_one(app.store.pool())
        .await
        .expect("deletion");
    coordinator
        .submit(
            "/admin/audit",
            &format!("/admin/revisions/{deletion}/restore"),
            &[],
        )
        .await
        .assert_status(303);
    app.get("/cities/comas")
        .await
        .assert_shows(&["Foro: Foro de Alcaldes de América Latina del GCoM"]);
    coordinator
        .get("/admin/audit")
        .await
        .assert_shows(&["No hay registros eliminados."]);

    // A municipality other records point at cannot be deleted, and nothing is lost.
    let lima = app.id_of("municipalities", "lima").await;
    coordinator
        .submit(
            &format!("/admin/municipalities/{lima}/edit"),
            &format!("/admin/municipalities/{lima}/delete"),
            &[],
        )
        .await
        .assert_status(303);
    coordinator
        .get(&format!("/admin/municipalities/{lima}/edit"))
        .await
        .assert_shows(&["No se puede eliminar: otros registros lo usan."]);
    app.get("/cities/lima").await.assert_status(200);
}

async fn a_second_save_of_the_same_record_is_refused_with_both_versions(app: TestApp) {
    let ana = app.signed_in("coordinator", None).await;
    let luis = app.signed_in("admin", None).await;
    let path = "/admin/reported-figures/1/edit";
    let ana_form = ana.form_values(path).await;
    let luis_form = luis.form_values(path).await;
    ana.post(
        path,
        &with(
            ana_form,
            "label_es",
            "ciudades con insignias (versión de Ana)",
        ),
    )
    .await
    .assert_status(303);
    let refused = luis
        .post(
            path,
            &with(
                luis_form,
                "label_es",
                "ciudades con insignias (versión de Luis)",
            ),
        )
        .await;
    refused.assert_status(409).assert_shows(&[
        "Otra persona guardó este registro",
        "versión de Ana",
        "versión de Luis",
        "coordinator-peru@example.pe",
    ]);
    app.get("/")
        .await
        .assert_shows(&["versión de Ana"])
        .assert_not_shows(&["versión de Luis"]);
    // Saving the shown form again is a deliberate overwrite.
    let again = form_inputs(&refused.body);
    luis.post(path, &again).await.assert_status(303);
    app.get("/").await.assert_shows(&["versión de Luis"]);
}

async fn sessions_end_after_inactivity_and_after_twelve_hours(app: TestApp) {
    let browser = app.signed_in("coordinator", None).await;
    browser.get("/admin").await.assert_status(200);
    // Twelve hours after sign-in the session ends even if it was used all along.
    let thirteen_hours_ago = (time::OffsetDateTime::now_utc().unix_timestamp() - 13 * 3600) * 1000;
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, data FROM sessions WHERE user_id IS NOT NULL")
            .fetch_all(app.store.pool())
            .await
            .expect("sessions");
    assert_eq!(rows.len(), 1, "one session in the store, none in memory");
    let mut data: serde_json::Value = serde_json::from_str(&rows[0].1).expect("json");
    data["login_at_ms"] = serde_json::Value::from(thirteen_hours_ago);
    sqlx::query("UPDATE sessions SET data = $1 WHERE id = $2")
        .bind(data.to_string())
        .bind(&rows[0].0)
        .execute(app.store.pool())
        .await
        .expect("update");
    browser.get("/admin").await.assert_status(303);

    // Inactivity: a session whose expiry (30 minutes after the last request) has passed is gone.
    let other = app.signed_in("admin", None).await;
    other.get("/admin").await.assert_status(200);
    let expires: String =
        sqlx::query_scalar("SELECT MAX(expires_at) FROM sessions WHERE user_id IS NOT NULL")
            .fetch_one(app.store.pool())
            .await
            .expect("expiry");
    let now = time::OffsetDateTime::now_utc();
    let in_29 = (now + time::Duration::minutes(29)).unix_timestamp();
    let in_31 = (now + time::Duration::minutes(31)).unix_timestamp();
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    let at = time::PrimitiveDateTime::parse(&expires, &format)
        .expect("timestamp")
        .assume_utc()
        .unix_timestamp();
    assert!(
        (in_29..=in_31).contains(&at),
        "expiry {expires} is 30 minutes ahead"
    );
    sqlx::query("UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z'")
        .execute(app.store.pool())
        .await
        .expect("expire");
    other.get("/admin").await.assert_status(303);
}

/// The visible text of a list's rows (not its filters).
fn rows_text(page: &crate::helpers::Page) -> String {
    let start = page.body.find("<tbody>").unwrap_or(0);
    let end = page.body.find("</tbody>").unwrap_or(page.body.len());
    crate::helpers::Page {
        path: page.path.clone(),
        status: page.status,
        headers: page.headers.clone(),
        body: page.body[start..end].to_string(),
    }
    .text()
}

async fn admin_lists_have_a_search(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let page = coordinator.get("/admin/municipalities?q=chim").await;
    page.assert_status(200)
        .assert_shows(&["2 registros", "Chimbote", "Nuevo Chimbote"]);
    assert!(!rows_text(&page).contains("Arequipa"));
    let badges = coordinator.get("/admin/badges?q=san").await;
    badges.assert_shows(&["1 registro", "San Isidro"]);
    assert!(!rows_text(&badges).contains("Lima"));
}

async fn concurrent_saves_all_land_with_their_revisions(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let mut forms = Vec::new();
    for id in 1..=12 {
        let path = format!("/admin/reported-figures/{id}/edit");
        let pairs = with(
            coordinator.form_values(&path).await,
            "label_en",
            &format!("figure {id}, edited"),
        );
        forms.push((path, pairs));
    }
    let saves = forms
        .iter()
        .map(|(path, pairs)| coordinator.post(path, pairs));
    for page in futures_util::future::join_all(saves).await {
        page.assert_status(303);
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM reported_figures WHERE label_en LIKE '%, edited'"
        )
        .await,
        12
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM revisions WHERE record_type = 'reported-figures'"
        )
        .await,
        12
    );
}

backend_tests!(
    concurrent_saves_all_land_with_their_revisions,
    sessions_end_after_inactivity_and_after_twelve_hours,
    admin_lists_have_a_search,
    coordinator_edits_a_plan_and_the_public_page_changes_at_once,
    admin_creates_an_account_and_disabling_it_ends_its_session,
    city_editor_proposes_and_a_coordinator_approves,
    every_admin_route_checks_the_role_on_the_server,
    cross_site_posts_are_refused,
    failed_sign_ins_are_throttled_and_audited,
    sign_in_gives_a_new_session_id_and_the_cookie_is_safe,
    each_form_refuses_bad_input_and_keeps_what_was_typed,
    revisions_restore_and_undelete,
    a_second_save_of_the_same_record_is_refused_with_both_versions,
);
