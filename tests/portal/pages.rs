//! Every public page, in both languages: what a visitor must see, the shared layout, headers.

use crate::backend_tests;
use crate::helpers::TestApp;

/// (path without language prefix, Spanish heading, English heading)
const PAGES: &[(&str, &str, &str)] = &[
    (
        "/",
        "¿Cómo avanza el Perú en el GCoM?",
        "How is Peru doing in the GCoM?",
    ),
    (
        "/cities",
        "Ciudades y municipalidades",
        "Cities and municipalities",
    ),
    ("/cities/lima", "Lima", "Lima"),
    ("/badges", "Insignias del GCoM", "GCoM badges"),
    (
        "/plans",
        "Planes de Acción Climática Local (PLAC)",
        "Local Climate Action Plans (CAPs)",
    ),
    ("/guides", "Guías y documentos", "Guides and documents"),
    (
        "/guides/guia-plac-amazonia",
        "Guía para la elaboración de Planes de Acción Climática Local (PLAC) para municipalidades de la Amazonía peruana",
        "Guide for Developing Local Climate Action Plans (CAPs) for Municipalities in the Peruvian Amazon",
    ),
    ("/diploma", "Diplomado virtual", "Virtual diploma"),
    ("/exchanges", "Intercambios", "Exchanges"),
    ("/about", "Acerca de la Estrategia", "About the Strategy"),
];

fn h1(body: &str) -> String {
    let start = body
        .find("<h1")
        .and_then(|i| body[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    let end = body[start..]
        .find("</h1>")
        .map(|i| start + i)
        .unwrap_or(start);
    body[start..end].replace("&#39;", "'").trim().to_string()
}

async fn every_page_in_both_languages(app: TestApp) {
    for (path, spanish, english) in PAGES {
        let es = app.get(path).await;
        es.assert_status(200).assert_html_has(&[
            "<html lang=\"es\">",
            "Saltar al contenido",
            "<main id=\"main\"",
        ]);
        assert_eq!(h1(&es.body), *spanish, "Spanish heading of {path}");
        assert_eq!(
            es.headers.get("content-type").and_then(|v| v.to_str().ok()),
            Some("text/html; charset=utf-8")
        );

        let en_path = if *path == "/" {
            "/en".to_string()
        } else {
            format!("/en{path}")
        };
        let en = app.get(&en_path).await;
        en.assert_status(200)
            .assert_html_has(&["<html lang=\"en\">", "Skip to content"]);
        assert_eq!(h1(&en.body), *english, "English heading of {en_path}");

        // The language switch keeps the page, and hreflang alternates name both versions.
        assert!(
            es.links().contains(&en_path),
            "{path}: no link to the English version {en_path}"
        );
        assert!(
            en.links().contains(&path.to_string()),
            "{en_path}: no link back to {path}"
        );
        for page in [&es, &en] {
            page.assert_html_has(&[
                &format!("hreflang=\"es\" href=\"{}{path}\"", base(&app)),
                &format!("hreflang=\"en\" href=\"{}{en_path}\"", base(&app)),
            ]);
        }
        // Footer: the data's source and as-of date.
        es.assert_shows(&["Fuente de los datos", "datos a abril de 2024"]);
        en.assert_shows(&["Data source", "data as of April 2024"]);
        // Navigation in the visitor's language, the current page marked.
        es.assert_shows(&[
            "Ciudades",
            "Insignias",
            "Guías",
            "Diplomado",
            "Intercambios",
        ]);
        en.assert_shows(&["Cities", "Badges", "Guides", "Diploma", "Exchanges"]);
        assert!(
            es.body.contains("aria-current=\"page\""),
            "{path}: no current page in nav"
        );
    }
}

fn base(app: &TestApp) -> String {
    // The test config asks for port 0; the app replaces it with the bound address.
    app.address.clone()
}

async fn language_switch_keeps_the_filters(app: TestApp) {
    let page = app.get("/cities?supported=yes&department=Lima").await;
    page.assert_status(200);
    assert!(
        page.links()
            .contains(&"/en/cities?supported=yes&department=Lima".to_string()),
        "the switch must keep the query: {:?}",
        page.links()
    );
}

async fn health_and_readiness(app: TestApp) {
    let health = app.get("/healthz").await;
    health.assert_status(200);
    assert_eq!(health.body, "ok");
    let ready = app.get("/readyz").await;
    ready.assert_status(200);
    assert_eq!(ready.body, "ready");
}

async fn security_and_cache_headers(app: TestApp) {
    let page = app.get("/").await;
    let header = |name: &str| {
        page.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(header("content-security-policy").contains("default-src 'self'"));
    // Stylesheets are linked under content-hashed names.
    let linked = |stem: &str| {
        page.links()
            .into_iter()
            .find(|l| l.starts_with(&format!("/static/{stem}.")) && l.ends_with(".css"))
            .unwrap_or_else(|| panic!("the page links {stem}.css"))
    };
    let css = app.get(&linked("portal")).await;
    css.assert_status(200);
    assert!(css.body.contains("@media"), "the stylesheet is responsive");
    assert!(
        css.headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("immutable"))
    );
    let print = app.get(&linked("print")).await;
    print.assert_status(200);
    // What print hides: the chrome and the controls, never the content.
    let without_comments: String = print
        .body
        .split("/*")
        .map(|part| part.split_once("*/").map_or(part, |(_, rest)| rest))
        .collect();
    let hidden: Vec<&str> = without_comments
        .split('}')
        .filter(|rule| rule.contains("display: none"))
        .flat_map(|rule| rule.split('{').next().unwrap_or("").split(','))
        .map(str::trim)
        .collect();
    for chrome in [
        ".site-nav",
        ".skip-link",
        ".lang-switch",
        ".filters",
        ".admin-bar",
    ] {
        assert!(
            hidden.contains(&chrome),
            "print does not hide {chrome}: {hidden:?}"
        );
    }
    for content in ["main", "table", "h1", ".wrap", "body"] {
        assert!(!hidden.contains(&content), "print hides {content}");
    }
    page.assert_html_has(&["media=\"print\""]);
}

backend_tests!(
    every_page_in_both_languages,
    language_switch_keeps_the_filters,
    health_and_readiness,
    security_and_cache_headers,
);
