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

backend_tests!(
    pages_are_compressed_once_and_revalidated,
    an_edit_is_on_the_very_next_request_in_every_process,
);
