//! The public pages as people see and share them: the map, the home page's first screen, city
//! profiles, honest cells, the phone menu, sharing tags and the footer, embeds for other sites.

use crate::backend_tests;
use crate::helpers::{Page, TestApp, with};

/// Every public page a visitor reaches from the navigation, plus a city and its handover.
const PUBLIC_PAGES: &[&str] = &[
    "/",
    "/cities",
    "/cities/lima",
    "/cities/lima/handover",
    "/cities/miraflores",
    "/progress",
    "/badges",
    "/plans",
    "/guides",
    "/guides/guia-plac-amazonia",
    "/diploma",
    "/exchanges",
    "/about",
    "/methodology",
];

/// The hrefs of the map's markers (links to cities).
fn marker_links(page: &Page) -> Vec<String> {
    page.body
        .split("<a href=\"")
        .skip(1)
        .filter(|rest| rest.split('"').nth(2) == Some("marker"))
        .filter_map(|rest| rest.split('"').next().map(str::to_string))
        .collect()
}

async fn the_map_draws_peru_with_every_city_and_separable_lima(app: TestApp) {
    let page = app.get("/cities").await;
    page.assert_status(200).assert_html_has(&[
        "<svg class=\"city-map\"",
        "<path class=\"land\"",
        "<path class=\"borders\"",
        "id=\"cities-map-inset\"",
        "class=\"map-legend\"",
    ]);
    page.assert_shows(&["Presentado", "Plan no registrado", "Natural Earth"]);
    let markers = marker_links(&page);
    // The inset's cities are each a marker of their own: none grouped.
    for city in [
        "lima",
        "miraflores",
        "san-isidro",
        "lince",
        "jesus-maria",
        "surquillo",
        "magdalena-del-mar",
        "ate",
        "la-molina",
        "comas",
        "independencia",
        "callao",
        "santiago-de-surco",
        "puente-piedra",
        "santa-maria-del-mar",
    ] {
        assert!(
            markers.contains(&format!("/cities/{city}")),
            "{city} has no marker of its own: {markers:?}"
        );
    }
    // The country map points at the inset for them.
    assert!(markers.contains(&"#cities-map-inset".to_string()));
    // Every other city is a marker, or named in a group's title.
    for city in ["arequipa", "cusco", "piura", "maynas", "trujillo", "sayan"] {
        let in_group = page.body.contains("class=\"group\"") && page.text().contains(city);
        assert!(
            markers.contains(&format!("/cities/{city}")) || in_group,
            "{city} is not on the map"
        );
    }
    // After a search the map shows what is listed, not an empty box.
    let one = app.get("/cities?q=cusco").await;
    assert_eq!(marker_links(&one), ["/cities/cusco"]);
    // A city page has its small locator map.
    app.get("/cities/cusco").await.assert_html_has(&[
        "<svg class=\"locator-map\"",
        "role=\"img\" aria-label=\"Ubicación de Cusco en el mapa del Perú\"",
    ]);
}

async fn the_home_page_answers_first(app: TestApp) {
    let home = app.get("/").await;
    home.assert_status(200).assert_html_has(&[
        "<form class=\"find-city\" method=\"get\" action=\"/cities\"",
        "<a href=\"/cities?supported=yes\">",
        "<a href=\"/badges\">",
        "<svg class=\"city-map\"",
    ]);
    home.assert_shows(&[
        "¿Cómo avanza el Perú en el GCoM?",
        "Encuentre su ciudad",
        "30 ciudades recibieron apoyo",
        "Últimos cambios",
        "Sin cambios desde que se cargaron los datos de la Estrategia",
    ]);
    // The heading and the search come before the long text about the strategy.
    let text = home.text();
    let search = text.find("Encuentre su ciudad").expect("search");
    let summary = text
        .find("es una agenda del Pacto Global")
        .expect("summary");
    assert!(search < summary, "the search comes first");
    app.get("/en/")
        .await
        .assert_status(200)
        .assert_shows(&["How is Peru doing in the GCoM?", "Find your city"]);

    // A badge recorded by a coordinator is the latest change.
    let coordinator = app.signed_in("coordinator", None).await;
    let mut badge = coordinator.form_values("/admin/badges/new").await;
    badge = with(badge, "municipality_id", "9");
    badge = with(badge, "kind", "mitigation");
    badge = with(badge, "year", "2025");
    coordinator
        .post("/admin/badges/new", &badge)
        .await
        .assert_status(303);
    app.get("/")
        .await
        .assert_shows(&["Insignia registrada — Cusco: Mitigación"]);
    app.get("/en")
        .await
        .assert_shows(&["Badge recorded — Cusco: Mitigation"]);
}

async fn city_profiles_read_as_people_speak(app: TestApp) {
    let lima = app.get("/cities/lima").await;
    lima.assert_shows(&[
        "1 registrada: Cumplimiento total",
        "6/6 fases entregadas",
        "Última actualización",
    ]);
    app.get("/cities/cusco")
        .await
        .assert_shows(&["Ninguna registrada", "Ver la página de insignias."]);
    // The summary card comes first, before the journey and the reference data.
    let text = lima.main_text();
    let card = text.find("Última actualización").expect("card");
    let reference = text.find("Datos de referencia").expect("reference data");
    assert!(card < reference);
    // No page shows a raw timestamp, nor an English note on a Spanish page.
    for path in PUBLIC_PAGES {
        let page = app.get(path).await;
        page.assert_status(200);
        let text = page.text();
        let raw = text
            .split_whitespace()
            .find(|word| word.len() >= 19 && word.as_bytes()[4] == b'-' && word.contains('T'));
        assert!(raw.is_none(), "{path} shows a raw timestamp: {raw:?}");
        for english in [
            "province capital",
            "district capital",
            " via ",
            "see the badges page",
        ] {
            assert!(!text.contains(english), "{path} shows English: {english}");
        }
    }
    // A guide without a file shows no version.
    app.get("/guides/guia-plac-amazonia")
        .await
        .assert_not_shows(&["Versión"]);
}

async fn cells_say_what_is_known(app: TestApp) {
    let cities = app.get("/cities").await;
    cities.assert_shows(&[
        "Insignias registradas",
        "no registradas",
        "no significa que la ciudad no tenga ninguna",
        "Plan no registrado",
    ]);
    assert!(
        !cities.body.contains("class=\"num\">0</td>"),
        "no badge count of 0"
    );
    // An inferred plan says so, and links to why.
    cities.assert_html_has(&["<a class=\"inferred\" href=\"/methodology#inferred\">inferido</a>"]);
    app.get("/methodology")
        .await
        .assert_html_has(&["id=\"inferred\""]);
    // A badge filter that finds no city says what is known nationally.
    app.get("/cities?badge=adaptation").await.assert_shows(&[
        "0 municipalidades",
        "La fuente informa 45 insignias de tipo «Adaptación» en todo el país.",
        "No nombra las ciudades que las obtuvieron",
    ]);
    app.get("/en/cities?badge=adaptation")
        .await
        .assert_shows(&["The source reports 45 badges of the kind \"Adaptation\""]);
}

async fn pages_share_well_and_say_who_is_behind_them(app: TestApp) {
    let mut titles = std::collections::HashSet::new();
    let mut descriptions = std::collections::HashSet::new();
    for path in PUBLIC_PAGES {
        let page = app.get(path).await;
        let title = between(&page.body, "<title>", "</title>");
        let description = between(&page.body, "<meta name=\"description\" content=\"", "\"");
        assert!(
            titles.insert(title.clone()),
            "{path} repeats the title {title}"
        );
        assert!(
            descriptions.insert(description),
            "{path} repeats a description"
        );
        page.assert_html_has(&[
            "<meta property=\"og:title\"",
            "<meta property=\"og:description\"",
            "<meta property=\"og:image\" content=\"http",
            "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        ]);
        // The footer: the source linked, the coordinators, the licence, the latest change.
        page.assert_html_has(&["<a href=\"https://www.globalcovenantofmayors.org/\" rel=\"external\">"])
            .assert_shows(&[
                "Coordinadores nacionales: Foro de Ciudades para la Vida (FCV) y Asociación de Municipalidades del Perú (AMPE).",
                "CC BY 4.0",
                "Natural Earth (dominio público)",
                "Última actualización de los registros:",
            ]);
    }
    app.get("/cities/lima")
        .await
        .assert_html_has(&["/cities/lima/preview.png\">"]);
    // A contact address recorded on the strategy's form shows in every footer.
    let admin = app.signed_in("admin", None).await;
    let form = admin.form_values("/admin/strategy/1/edit").await;
    let refused = admin
        .post(
            "/admin/strategy/1/edit",
            &with(form.clone(), "contact_email", "no es un correo"),
        )
        .await;
    refused
        .assert_status(422)
        .assert_shows(&["Escriba una dirección de correo válida"]);
    admin
        .post(
            "/admin/strategy/1/edit",
            &with(form, "contact_email", "Coordinacion@Example.PE"),
        )
        .await
        .assert_status(303);
    // The footer's facts are read again after a while; a new process reads them at once.
    let fresh = app.sibling().await;
    fresh.get("/about").await.assert_html_has(&[
        "<a href=\"mailto:coordinacion@example.pe\">coordinacion@example.pe</a>",
    ]);
}

fn between(text: &str, start: &str, end: &str) -> String {
    let from = text.find(start).map(|i| i + start.len()).unwrap_or(0);
    let to = text[from..].find(end).map(|i| from + i).unwrap_or(from);
    text[from..to].to_string()
}

async fn other_sites_may_show_a_city(app: TestApp) {
    let badge = app.get("/cities/lima/badge.svg").await;
    badge.assert_status(200);
    let header = |name: &str| {
        badge
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(header("content-type"), "image/svg+xml");
    assert_eq!(header("cross-origin-resource-policy"), "cross-origin");
    assert!(header("cache-control").contains("max-age"));
    let etag = header("etag");
    assert!(etag.starts_with('"'));
    assert!(badge.body.contains("Lima") && badge.body.contains("Cumplimiento total"));
    let browser = app.browser();
    let (status, _, _) = browser
        .get_bytes("/cities/lima/badge.svg", &[("if-none-match", &etag)])
        .await;
    assert_eq!(status, 304);
    app.get("/cities/atlantis/badge.svg")
        .await
        .assert_status(404);

    // Only the embed may be framed, by anyone.
    let embed = app.get("/embed/cities/lima").await;
    embed
        .assert_status(200)
        .assert_shows(&["Lima", "Cumplimiento total"]);
    let csp = embed.headers["content-security-policy"]
        .to_str()
        .unwrap_or("");
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert!(!embed.headers.contains_key("x-frame-options"));
    let page = app.get("/cities/lima").await;
    assert_eq!(page.headers["x-frame-options"], "DENY");
    assert!(
        page.headers["content-security-policy"]
            .to_str()
            .unwrap_or("")
            .contains("frame-ancestors 'none'")
    );
    // The city page gives the codes to copy.
    page.assert_html_has(&[
        "/cities/lima/badge.svg",
        "&lt;iframe src=\"",
        "/embed/cities/lima",
    ]);
}

/// The image a page names for link previews: a 1200 × 630 PNG drawn from the records, in the
/// page's language, cacheable with an ETag.
async fn shared_links_show_a_preview_image(app: TestApp) {
    let mut images = Vec::new();
    for path in ["/", "/en", "/cities/lima", "/en/cities/miraflores"] {
        let page = app.get(path).await;
        let url = between(&page.body, "<meta property=\"og:image\" content=\"", "\"");
        // An absolute URL on the portal itself: "http://host:port/path".
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "{path}: og:image {url}"
        );
        let image_path = format!("/{}", url.splitn(4, '/').nth(3).unwrap_or(""));
        let image_path = image_path.as_str();
        let (status, headers, png) = app.browser().get_bytes(image_path, &[]).await;
        assert_eq!(status, 200, "{image_path}");
        assert_eq!(headers["content-type"], "image/png");
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{image_path} is not a PNG"
        );
        let dimension =
            |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
        assert_eq!((dimension(16), dimension(20)), (1200, 630), "{image_path}");
        let etag = headers["etag"].to_str().unwrap_or("").to_string();
        let (again, _, _) = app
            .browser()
            .get_bytes(image_path, &[("if-none-match", &etag)])
            .await;
        assert_eq!(again, 304, "{image_path}");
        images.push((image_path.to_string(), png));
    }
    assert_eq!(images[0].0, "/preview.png");
    assert_eq!(images[2].0, "/cities/lima/preview.png");
    // The English card is drawn in English, and each city gets its own.
    assert_ne!(images[0].1, images[1].1);
    assert_ne!(images[2].1, images[3].1);
    app.get("/cities/atlantis/preview.png")
        .await
        .assert_status(404);
}

async fn phones_get_a_menu_without_javascript(app: TestApp) {
    for path in ["/", "/en/cities"] {
        let page = app.get(path).await;
        page.assert_html_has(&[
            "<a class=\"menu-button\" href=\"#site-menu\">",
            "<nav class=\"site-nav\" id=\"site-menu\"",
        ]);
        assert!(!page.body.contains("<script"), "{path} has a script");
    }
}

backend_tests!(
    the_map_draws_peru_with_every_city_and_separable_lima,
    the_home_page_answers_first,
    city_profiles_read_as_people_speak,
    cells_say_what_is_known,
    pages_share_well_and_say_who_is_behind_them,
    other_sites_may_show_a_city,
    shared_links_show_a_preview_image,
    phones_get_a_menu_without_javascript,
);
