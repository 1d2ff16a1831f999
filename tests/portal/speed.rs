//! What makes pages fast must keep them right: answers kept per data version, compressed once,
//! revalidated by ETag; an edit shows on the very next request, in every process.

use crate::backend_tests;
use crate::helpers::TestApp;

fn header(headers: &reqwest::header::HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

async fn pages_are_compressed_once_and_revalidated(app: TestApp) {
    let browser = app.browser();
    let (status, plain_headers, plain) = browser.get_bytes("/en/cities", &[]).await;
    assert_eq!(status, 200);
    assert!(header(&plain_headers, "content-encoding").is_empty());
    assert!(String::from_utf8_lossy(&plain).contains("Miraflores"));
    assert_eq!(header(&plain_headers, "vary"), "accept-encoding");

    let (_, br_headers, br) = browser
        .get_bytes("/en/cities", &[("accept-encoding", "gzip, deflate, br")])
        .await;
    assert_eq!(header(&br_headers, "content-encoding"), "br");
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut &br[..], &mut decoded).expect("brotli");
    assert_eq!(decoded, plain);
    assert!(
        br.len() * 3 < plain.len(),
        "{} of {}",
        br.len(),
        plain.len()
    );

    let (_, gz_headers, gz) = browser
        .get_bytes("/en/cities", &[("accept-encoding", "gzip")])
        .await;
    assert_eq!(header(&gz_headers, "content-encoding"), "gzip");
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut decoded)
        .expect("gzip");
    assert_eq!(decoded, plain);
    // Each representation has its own validator; any of them is current.
    let etags = [
        header(&plain_headers, "etag"),
        header(&br_headers, "etag"),
        header(&gz_headers, "etag"),
    ];
    assert!(etags[0] != etags[1] && etags[1] != etags[2], "{etags:?}");
    for etag in &etags {
        let (status, _, body) = browser
            .get_bytes("/en/cities", &[("if-none-match", etag)])
            .await;
        assert_eq!(status, 304, "{etag}");
        assert!(body.is_empty());
    }
    // An answer from the cache (the front door, before the router) carries every header the
    // layers add, as the rendered one did.
    let (_, again, _) = browser.get_bytes("/en/cities", &[]).await;
    for name in [
        "content-security-policy",
        "x-frame-options",
        "x-content-type-options",
        "referrer-policy",
        "permissions-policy",
        "cache-control",
        "content-type",
        "etag",
    ] {
        assert!(!header(&again, name).is_empty(), "{name}");
        assert_eq!(header(&again, name), header(&plain_headers, name), "{name}");
    }
    // Each language and the API are kept apart, though their routers see the same inner paths.
    app.get("/badges").await.assert_shows(&["Insignias"]);
    app.get("/en/badges")
        .await
        .assert_shows(&["Badges"])
        .assert_not_shows(&["Insignias del GCoM"]);
    let (_, api_headers, _) = browser.get_bytes("/api/v1/badges", &[]).await;
    assert_eq!(header(&api_headers, "content-type"), "application/json");
    // Filters are part of what is kept: another query is another page.
    let lima = app.get("/en/cities?department=Lima").await;
    assert!(!lima.listed_cities().contains(&"Arequipa".to_string()));
    // A page for the admin is never kept or compressed.
    let (_, admin_headers, _) = browser
        .get_bytes("/admin/login", &[("accept-encoding", "br")])
        .await;
    assert!(header(&admin_headers, "content-encoding").is_empty());
}

async fn an_edit_is_on_the_very_next_request_in_every_process(app: TestApp) {
    let other = app.sibling().await;
    for process in [&app, &other] {
        process
            .get("/cities/lima")
            .await
            .assert_not_shows(&["Nota de la coordinación"]);
        let (_, _, body) = process
            .browser()
            .get_bytes("/api/v1/municipalities/lima", &[])
            .await;
        assert!(!String::from_utf8_lossy(&body).contains("Nota de la coordinación"));
    }
    // A write by any process (here, straight to the store) bumps the data version in its own
    // transaction.
    let before = app.store.data_version().await.expect("version");
    sqlx::query("UPDATE municipalities SET note_es = 'Nota de la coordinación', note_en = 'Coordination note' WHERE slug = 'lima'")
        .execute(app.store.pool())
        .await
        .expect("update");
    assert!(app.store.data_version().await.expect("version") > before);
    for process in [&app, &other] {
        process
            .get("/cities/lima")
            .await
            .assert_shows(&["Nota de la coordinación"]);
        process
            .get("/en/cities/lima")
            .await
            .assert_shows(&["Coordination note"]);
        let (_, _, body) = process
            .browser()
            .get_bytes("/api/v1/municipalities/lima", &[])
            .await;
        assert!(String::from_utf8_lossy(&body).contains("Nota de la coordinación"));
    }
    // Writes no public page shows leave the kept pages alone.
    let version = app.store.data_version().await.expect("version");
    app.account("coordinator", None).await;
    assert_eq!(app.store.data_version().await.expect("version"), version);
}

/// Loads each page twice, so that the second answer came from the cache.
async fn warm(app: &TestApp, paths: &[&str]) {
    for path in paths {
        let first = app.get(path).await;
        let second = app.get(path).await;
        first.assert_status(200);
        assert_eq!(
            first.headers.get("etag"),
            second.headers.get("etag"),
            "{path} was kept"
        );
    }
}

/// Every kind of change a coordinator makes through the admin forms is on the next request of
/// a page that was kept just before it.
async fn every_kind_of_change_is_on_the_next_request(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let ate = app.id_of("municipalities", "ate").await;
    let watched = [
        "/cities/ate",
        "/en/cities/ate",
        "/badges",
        "/progress",
        "/guides",
        "/guides/guia-plac-amazonia",
        "/api/v1/municipalities/ate",
    ];

    // An edit.
    warm(&app, &watched).await;
    let edit = format!("/admin/municipalities/{ate}/edit");
    coordinator
        .save(
            &edit,
            &[("note_es", "Nota de prueba"), ("note_en", "Test note")],
        )
        .await
        .assert_status(303);
    app.get("/cities/ate")
        .await
        .assert_shows(&["Nota de prueba"]);
    app.get("/en/cities/ate").await.assert_shows(&["Test note"]);
    app.get("/api/v1/municipalities/ate")
        .await
        .assert_shows(&["Nota de prueba"]);

    // A new badge: on the city's page and in the tallies.
    warm(&app, &watched).await;
    app.get("/cities/ate")
        .await
        .assert_shows(&["Insignias del GCoM Ninguna registrada"]);
    let tally = |page: &crate::helpers::Page| {
        let text = page.main_text();
        let at = text.find("Energía Informadas").expect("the energy tally");
        text[at..at + 60].to_string()
    };
    let before = tally(&app.get("/badges").await);
    coordinator
        .submit(
            "/admin/badges/new",
            "/admin/badges/new",
            &[
                ("municipality_id", &ate.to_string()),
                ("kind", "energy"),
                ("year", "2024"),
            ],
        )
        .await
        .assert_status(303);
    app.get("/cities/ate")
        .await
        .assert_shows(&["Insignias del GCoM 1 registrada: Energía"]);
    let after = tally(&app.get("/badges").await);
    assert_ne!(before, after, "the energy tally moved");

    // A phase change on the progress ledger.
    warm(&app, &watched).await;
    coordinator
        .save(
            &format!("/admin/municipalities/{ate}/progress"),
            &[("p1-status", "validated"), ("p1-reporting_year", "2024")],
        )
        .await
        .assert_status(303);
    app.get("/cities/ate")
        .await
        .assert_shows(&["Validado 2024"]);
    app.get("/en/cities/ate")
        .await
        .assert_shows(&["Validated 2024"]);
    app.get("/progress").await.assert_shows(&["Validado 2024"]);

    // A guide published, with its file.
    warm(&app, &watched).await;
    app.get("/guides/guia-plac-amazonia")
        .await
        .assert_shows(&["Pendiente de aprobación"]);
    let guide = app.id_of("documents", "guia-plac-amazonia").await;
    let pdf = b"%PDF-1.7\n% guia de prueba\n".repeat(40);
    coordinator
        .upload(guide, "guia.pdf", pdf, "es")
        .await
        .assert_status(303);
    coordinator
        .save(
            &format!("/admin/documents/{guide}/edit"),
            &[("status", "published")],
        )
        .await
        .assert_status(303);
    app.get("/guides/guia-plac-amazonia")
        .await
        .assert_not_shows(&["Pendiente de aprobación"])
        .assert_html_has(&["href=\"/guides/guia-plac-amazonia/download\""]);
    app.get("/guides")
        .await
        .assert_html_has(&["/guides/guia-plac-amazonia/download"]);

    // A language switch: each language is its own page, though both are kept.
    app.get("/en/guides/guia-plac-amazonia")
        .await
        .assert_html_has(&["lang=\"en\""])
        .assert_not_shows(&["Guías y documentos"]);
    app.get("/guides/guia-plac-amazonia")
        .await
        .assert_html_has(&["lang=\"es\""]);

    // Signing in and out: admin pages are never kept, public pages are the same for everyone.
    let visitor = app.browser();
    visitor.get("/admin").await.assert_status(303);
    let signed_in = app.signed_in("admin", None).await;
    let admin = signed_in.get("/admin").await;
    admin.assert_status(200);
    assert_eq!(
        admin
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    visitor.get("/admin").await.assert_status(303);
    let public_for_staff = signed_in.get("/cities/ate").await;
    let public_for_visitor = visitor.get("/cities/ate").await;
    assert_eq!(public_for_staff.body, public_for_visitor.body);
}

/// With the cache off (PORTAL_PAGE_CACHE=false) every answer is rendered afresh: right, but
/// neither compressed nor marked as varying by encoding.
async fn the_cache_can_be_turned_off(app: TestApp) {
    let (_, headers, body) = app
        .browser()
        .get_bytes("/en/cities", &[("accept-encoding", "br, gzip")])
        .await;
    assert!(header(&headers, "content-encoding").is_empty());
    assert!(String::from_utf8_lossy(&body).contains("Miraflores"));
}

backend_tests!(
    pages_are_compressed_once_and_revalidated,
    an_edit_is_on_the_very_next_request_in_every_process,
    every_kind_of_change_is_on_the_next_request,
);

fn without_cache(config: &mut portal::config::Config) {
    config.page_cache = false;
}

mod uncached {
    use super::*;
    crate::configured_backend_tests!(
        super::without_cache;
        the_cache_can_be_turned_off,
    );
}
