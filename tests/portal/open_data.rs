//! Open data: the public dump (`portal export --public DIR` and `/data/portal-gcom-peru.zip`)
//! holds what is published and nothing private; the `/data` page lists every download, the
//! API, the licence and how to cite, in both languages.

use std::collections::BTreeMap;

use crate::backend_tests;
use crate::helpers::{Browser, TestApp, with};

/// The public contact address: the one address the dump may hold.
const CONTACT: &str = "contacto@ciudadesparalavida.pe";
/// An address typed into a public note: the dump withholds it.
const NOTE_EMAIL: &str = "jefa.ambiente@munilima.gob.pe";

/// Text without any '@', so that every byte of the dump can be scanned for addresses.
const PUBLISHED_PDF: &[u8] = b"%PDF-1.4\n% guia publicada para la Amazonia\n%%EOF\n";
const PENDING_PDF: &[u8] = b"%PDF-1.4\n% borrador pendiente de aprobacion\n%%EOF\n";

const PUBLISHED_SLUG: &str = "guia-plac-amazonia";
const PENDING_SLUG: &str = "guia-plac-planeamiento-institucional";

/// Tables and files no public copy may hold.
const PRIVATE: &[&str] = &[
    "users",
    "sessions",
    "revisions",
    "proposals",
    "audit_log",
    "sign_in_counters",
    "known_sign_in_addresses",
    "server_secrets",
    "mfa",
    "file_chunks",
    "document_downloads",
];

async fn document_id(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM documents WHERE slug = $1")
        .bind(slug)
        .fetch_one(app.store.pool())
        .await
        .expect("document")
}

async fn set_document_status(coordinator: &Browser, id: i64, status: &str) {
    let path = format!("/admin/documents/{id}/edit");
    let pairs = with(coordinator.form_values(&path).await, "status", status);
    coordinator.post(&path, &pairs).await.assert_status(303);
}

/// A store with private things in it: staff who edited records (their emails in `updated_by`,
/// revisions, files), a published guide with a file, a pending guide with a file, a public
/// contact address and an address typed into a public note.
async fn arrange_private_and_public(app: &TestApp) {
    sqlx::query("UPDATE strategy SET contact_email = $1")
        .bind(CONTACT)
        .execute(app.store.pool())
        .await
        .expect("contact");
    sqlx::query("UPDATE municipalities SET note_es = $1 WHERE slug = 'lima'")
        .bind(format!("Contacto técnico: {NOTE_EMAIL}."))
        .execute(app.store.pool())
        .await
        .expect("note");
    let coordinator = app.signed_in("coordinator", None).await;
    let _editor = app.account("city_editor", Some("lima")).await;
    for (slug, bytes) in [(PUBLISHED_SLUG, PUBLISHED_PDF), (PENDING_SLUG, PENDING_PDF)] {
        let id = document_id(app, slug).await;
        coordinator
            .upload(id, "Guía Amazonía.pdf", bytes.to_vec(), "es")
            .await
            .assert_status(303);
    }
    let published = document_id(app, PUBLISHED_SLUG).await;
    set_document_status(&coordinator, published, "published").await;
}

/// What `portal export --public DIR` does (`cli::export_public`, called here rather than
/// through the binary, which a build of another checkout sharing the target folder may replace
/// mid-run; the arguments are tested in `main.rs`), with the running portal's address so that
/// the README cites the same page as the download's. The files written, by relative path.
async fn export_public(
    app: &TestApp,
    dir: &std::path::Path,
) -> anyhow::Result<BTreeMap<String, Vec<u8>>> {
    let mut config = app.config.clone();
    config.base_url = app.address.clone();
    portal::cli::export_public(&config, dir).await?;
    Ok(read_tree(dir, dir))
}

fn read_tree(root: &std::path::Path, dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(read_tree(root, &path));
        } else {
            let name = path.strip_prefix(root).expect("inside");
            let name = name.to_string_lossy().replace('\\', "/");
            files.insert(name, std::fs::read(&path).expect("read"));
        }
    }
    files
}

/// The entries of a ZIP, by path below its one top folder.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    let mut entries = BTreeMap::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("entry");
        let name = entry.name().expect("a UTF-8 name").to_string();
        let (folder, rest) = name.split_once('/').expect("in a folder");
        assert_eq!(folder, "portal-gcom-peru");
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("read entry");
        entries.insert(rest.to_string(), content);
    }
    entries
}

/// What every public copy must hold and must not hold.
fn assert_public_only(files: &BTreeMap<String, Vec<u8>>) {
    for (name, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        // Every '@' belongs to the public contact address.
        let stripped = text.replace(CONTACT, "");
        assert!(
            !stripped.contains('@'),
            "{name} holds an address other than the public contact: {}",
            stripped
                .lines()
                .filter(|l| l.contains('@'))
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert!(
            !text.contains(PENDING_SLUG),
            "{name} names the pending guide"
        );
        assert!(bytes != PENDING_PDF, "{name} is the pending guide's file");
        let table = name.trim_end_matches(".json");
        assert!(!PRIVATE.contains(&table), "{name} is private");
    }
    for needed in [
        "README.txt",
        "manifest.json",
        "municipalities.json",
        "badges.json",
    ] {
        assert!(files.contains_key(needed), "{needed} is missing");
    }
    let municipalities = String::from_utf8_lossy(&files["municipalities.json"]);
    assert!(municipalities.contains("\"slug\": \"lima\""));
    assert!(municipalities.contains("Contacto técnico: [email]."));
    assert!(!municipalities.contains("updated_by"));
    let strategy = String::from_utf8_lossy(&files["strategy.json"]);
    assert!(strategy.contains(CONTACT), "the public contact stays");
    let published = format!("files/{PUBLISHED_SLUG}/Guía Amazonía.pdf");
    assert_eq!(
        files.get(&published).map(Vec::as_slice),
        Some(PUBLISHED_PDF),
        "the published guide's file, byte for byte, among {:?}",
        files.keys().collect::<Vec<_>>()
    );
    let documents = String::from_utf8_lossy(&files["documents.json"]);
    assert!(documents.contains(PUBLISHED_SLUG));
    let readme = String::from_utf8_lossy(&files["README.txt"]);
    for expected in [
        "CC BY 4.0",
        "Natural Earth",
        "UBIGEO",
        "Fecha de exportación",
        "How to cite",
    ] {
        assert!(readme.contains(expected), "README lacks {expected}");
    }
}

async fn the_public_dump_holds_what_is_published_and_nothing_private(app: TestApp) {
    arrange_private_and_public(&app).await;
    // The store does hold what must stay out, so its absence below means something.
    let staff_rows = crate::helpers::scalar(
        &app.store,
        "SELECT COUNT(*) FROM revisions WHERE changed_by LIKE '%@%'",
    )
    .await;
    assert!(staff_rows > 0);

    let dir = tempfile::tempdir().expect("dir");
    let folder = export_public(&app, &dir.path().join("public"))
        .await
        .expect("the public export");
    assert_public_only(&folder);

    let public = app.browser();
    let (status, headers, body) = public.get_bytes("/data/portal-gcom-peru.zip", &[]).await;
    assert_eq!(status.as_u16(), 200);
    assert_eq!(headers["content-type"], "application/zip");
    let zipped = unzip(&body);
    assert_public_only(&zipped);
    assert_eq!(
        zipped.keys().collect::<Vec<_>>(),
        folder.keys().collect::<Vec<_>>(),
        "the download and the command hold the same files"
    );
    for (name, bytes) in &zipped {
        assert!(
            &folder[name] == bytes,
            "{name} differs between the download and the command"
        );
    }

    // A public dump is not a backup: import refuses it, and a folder already holding
    // something is refused rather than mixed with.
    let empty =
        portal::store::Store::connect(&format!("sqlite://{}", dir.path().join("new.db").display()))
            .await
            .expect("open");
    empty.migrate().await.expect("migrate");
    let refused = empty.import_from(&dir.path().join("public")).await;
    assert!(format!("{:?}", refused.expect_err("refused")).contains("public dump"));
    let again = export_public(&app, &dir.path().join("public")).await;
    assert!(format!("{:#}", again.expect_err("refused")).contains("not empty"));
}

async fn the_download_is_an_attachment_with_an_etag_and_answers_304(app: TestApp) {
    let public = app.browser();
    let path = "/data/portal-gcom-peru.zip";
    let (status, headers, body) = public.get_bytes(path, &[]).await;
    assert_eq!(status.as_u16(), 200);
    let disposition = headers["content-disposition"].to_str().expect("ascii");
    assert!(disposition.starts_with("attachment;"));
    assert!(disposition.contains("portal-gcom-peru.zip"));
    assert!(
        headers["cache-control"]
            .to_str()
            .expect("ascii")
            .contains("max-age")
    );
    let etag = headers["etag"].to_str().expect("ascii").to_string();
    assert!(etag.starts_with('"'));
    assert!(unzip(&body).contains_key("municipalities.json"));

    let (status, headers, body) = public.get_bytes(path, &[("if-none-match", &etag)]).await;
    assert_eq!(status.as_u16(), 304);
    assert_eq!(headers["etag"].to_str().expect("ascii"), etag);
    assert!(body.is_empty());

    // The same request again gives the same bytes; a change to a record gives a new ETag.
    let (_, _, again) = public.get_bytes(path, &[]).await;
    assert_eq!(unzip(&again), unzip(&public.get_bytes(path, &[]).await.2));
    sqlx::query("UPDATE municipalities SET province = 'Lima Metropolitana' WHERE slug = 'lima'")
        .execute(app.store.pool())
        .await
        .expect("edit");
    let (status, headers, _) = public.get_bytes(path, &[("if-none-match", &etag)]).await;
    assert_eq!(status.as_u16(), 200);
    assert_ne!(headers["etag"].to_str().expect("ascii"), etag);
}

async fn the_data_page_lists_every_download_and_the_licence_in_both_languages(app: TestApp) {
    let base = &app.address;
    let es = app.get("/data").await;
    es.assert_status(200).assert_shows(&[
        "Datos abiertos",
        "Descargar todos los datos publicados (ZIP)",
        "portal export --public DIR",
        "/cities.csv",
        "/progress.csv",
        "/badges.csv",
        "/plans.csv",
        "/guides.csv",
        "/exchanges.csv",
        "/measures.csv",
        "/diploma.csv",
        "/api/openapi.json",
        "/api/v1/diploma-cohorts",
        "/api/v1/municipalities/{slug}",
        "/api/v1/figures",
        "/api/v1/measures",
        "/feed.atom",
        "/sitemap.xml",
        "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)",
        "Natural Earth (dominio público)",
        "Códigos UBIGEO (los códigos de ubicación geográfica del INEI)",
        "Portal GCoM Perú (",
        &format!("{base}/data. Consultado el "),
        "datos a abril de 2024",
        "no son sumas de los registros por ciudad",
    ]);
    es.assert_html_has(&[
        "href=\"/data/portal-gcom-peru.zip\"",
        "href=\"/cities.csv\"",
        "href=\"/api/v1/municipalities/lima\"",
        "href=\"https://creativecommons.org/licenses/by/4.0/deed.es\"",
    ]);

    let en = app.get("/en/data").await;
    en.assert_status(200).assert_shows(&[
        "Open data",
        "Download all published data (ZIP)",
        "portal export --public DIR",
        "/en/cities.csv",
        "/en/exchanges.csv",
        "/api/v1/guides",
        "/en/feed.atom",
        "Creative Commons Attribution 4.0 International licence (CC BY 4.0)",
        "Natural Earth (public domain)",
        "INEI",
        &format!("{base}/en/data. Accessed "),
        "data as of April 2024",
        "not sums of the city records",
    ]);
    en.assert_html_has(&[
        "href=\"/data/portal-gcom-peru.zip\"",
        "href=\"/en/progress.csv\"",
        "href=\"https://creativecommons.org/licenses/by/4.0/deed.en\"",
    ]);
}

async fn the_sitemap_and_every_footer_lead_to_the_data_page(app: TestApp) {
    let sitemap = app.get("/sitemap.xml").await;
    sitemap.assert_status(200);
    for path in ["/data", "/en/data"] {
        let loc = format!("<loc>{}{path}</loc>", app.address);
        assert!(sitemap.body.contains(&loc), "the sitemap lacks {loc}");
    }
    app.get("/cities")
        .await
        .assert_html_has(&["<a href=\"/data\">Datos abiertos</a>"]);
    app.get("/en/cities")
        .await
        .assert_html_has(&["<a href=\"/en/data\">Open data</a>"]);
}

backend_tests!(
    the_public_dump_holds_what_is_published_and_nothing_private,
    the_download_is_an_attachment_with_an_etag_and_answers_304,
    the_data_page_lists_every_download_and_the_licence_in_both_languages,
    the_sitemap_and_every_footer_lead_to_the_data_page,
);
