//! The guide library: uploads recognised by content, versions, and downloads with the headers a
//! download needs.

use crate::backend_tests;
use crate::helpers::{Browser, TestApp, with};

/// A PDF-looking file of `size` bytes (several stored chunks), with varied content.
fn pdf(size: usize, seed: u8) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n% prueba\n".to_vec();
    let mut x: u32 = u32::from(seed) + 1;
    while bytes.len() < size {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        bytes.push((x >> 16) as u8);
    }
    bytes
}

/// The start of a ZIP whose first entry is `name`: a local header and nothing after it (no
/// central directory), what a sniffer that only reads the first bytes would accept.
fn zip_starting_with(name: &str, content: &[u8]) -> Vec<u8> {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    bytes.extend_from_slice(&(content.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&(content.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&(name.len() as u16).to_le_bytes());
    bytes.extend_from_slice(&[0, 0]);
    bytes.extend_from_slice(name.as_bytes());
    bytes.extend_from_slice(content);
    bytes.extend_from_slice(&[0u8; 200]);
    bytes
}

/// A well-formed ZIP archive of stored entries, with its central directory, the way office
/// files are packed.
fn office_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let entries: Vec<_> = entries
        .iter()
        .map(|(name, data)| (*name, *data, None))
        .collect();
    zip_declaring(&entries)
}

/// A ZIP archive whose entries are (name, bytes, declared uncompressed size). An entry with a
/// declared size is marked deflated and its directory claims that size, whatever its bytes are:
/// that is what a decompression bomb looks like to a reader that only reads the directory.
fn zip_declaring(entries: &[(&str, &[u8], Option<u32>)]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut directory = Vec::new();
    for (name, data, declared) in entries {
        let offset = bytes.len() as u32;
        let (method, crc, size): (u16, u32, u32) = match declared {
            Some(size) => (8, 0x1234_5678, *size),
            None => (0, crc32(data), data.len() as u32),
        };
        // Fields shared by the local header and the directory entry, from "version needed".
        let mut common = Vec::new();
        common.extend_from_slice(&20u16.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // flags
        common.extend_from_slice(&method.to_le_bytes());
        common.extend_from_slice(&[0, 0, 0x21, 0]); // time, date (1980-01-01)
        common.extend_from_slice(&crc.to_le_bytes());
        common.extend_from_slice(&(data.len() as u32).to_le_bytes());
        common.extend_from_slice(&size.to_le_bytes());
        common.extend_from_slice(&(name.len() as u16).to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        bytes.extend_from_slice(b"PK\x03\x04");
        bytes.extend_from_slice(&common);
        bytes.extend_from_slice(name.as_bytes());
        bytes.extend_from_slice(data);
        directory.extend_from_slice(b"PK\x01\x02");
        directory.extend_from_slice(&20u16.to_le_bytes()); // version made by
        directory.extend_from_slice(&common);
        directory.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        directory.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        directory.extend_from_slice(&offset.to_le_bytes());
        directory.extend_from_slice(name.as_bytes());
    }
    let directory_start = bytes.len() as u32;
    bytes.extend_from_slice(&directory);
    bytes.extend_from_slice(b"PK\x05\x06");
    bytes.extend_from_slice(&[0; 4]); // this disk, the directory's disk
    bytes.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    bytes.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    bytes.extend_from_slice(&(directory.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&directory_start.to_le_bytes());
    bytes.extend_from_slice(&0u16.to_le_bytes()); // comment length
    bytes
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

const CONTENT_TYPES: (&str, &[u8]) = ("[Content_Types].xml", b"<Types/>");

const RELATIONSHIPS: (&str, &[u8]) = ("_rels/.rels", b"<Relationships/>");

fn minimal_docx() -> Vec<u8> {
    office_zip(&[
        CONTENT_TYPES,
        RELATIONSHIPS,
        ("word/document.xml", b"<w:document/>"),
        ("word/_rels/document.xml.rels", b"<Relationships/>"),
    ])
}

fn minimal_xlsx() -> Vec<u8> {
    office_zip(&[
        CONTENT_TYPES,
        RELATIONSHIPS,
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/_rels/workbook.xml.rels", b"<Relationships/>"),
    ])
}

fn minimal_odt() -> Vec<u8> {
    office_zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<office:document-content/>"),
        ("META-INF/manifest.xml", b"<manifest:manifest/>"),
    ])
}

/// Nothing of a refused upload is kept: no file, no chunk, no version.
async fn assert_nothing_kept(app: &TestApp, id: i64) {
    assert_eq!(file_counts(&app.store).await, (0, 0));
    assert!(
        app.store
            .document_versions(id)
            .await
            .expect("versions")
            .is_empty()
    );
}

async fn guide_id(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM documents WHERE slug = $1")
        .bind(slug)
        .fetch_one(app.store.pool())
        .await
        .expect("guide")
}

async fn set_status(browser: &Browser, id: i64, status: &str) {
    let path = format!("/admin/documents/{id}/edit");
    let pairs = with(browser.form_values(&path).await, "status", status);
    browser.post(&path, &pairs).await.assert_status(303);
}

async fn downloads_in_store(app: &TestApp, id: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(downloads), 0) AS BIGINT) FROM document_downloads WHERE document_id = $1",
    )
    .bind(id)
    .fetch_one(app.store.pool())
    .await
    .expect("downloads")
}

async fn upload_publish_download_is_byte_identical(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let id = guide_id(&app, "guia-plac-amazonia").await;
    let original = pdf(700 * 1024, 1);
    let uploaded = coordinator
        .upload(
            id,
            "C:\\Users\\ana\\Guía Amazonía.pdf",
            original.clone(),
            "es",
        )
        .await;
    uploaded.assert_status(303);
    coordinator
        .get(&format!("/admin/documents/{id}/files"))
        .await
        .assert_shows(&["Versión 1 subida.", "Guía Amazonía.pdf", "PDF", "716,8 kB"]);

    // Pending approval: the public cannot download it yet.
    app.get("/guides/guia-plac-amazonia/download")
        .await
        .assert_status(404)
        .assert_shows(&["pendiente de aprobación"]);
    set_status(&coordinator, id, "published").await;

    let public = app.browser();
    let (status, headers, body) = public
        .get_bytes("/guides/guia-plac-amazonia/download", &[])
        .await;
    assert_eq!(status.as_u16(), 200);
    assert!(
        body == original,
        "the download is byte-identical to the upload"
    );
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(header("content-length"), original.len().to_string());
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"Guia Amazonia.pdf\"; filename*=UTF-8''Gu%C3%ADa%20Amazon%C3%ADa.pdf"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("accept-ranges"), "bytes");
    assert!(
        header("etag").starts_with('"') && header("etag").len() == 66,
        "a SHA-256 ETag"
    );
    assert!(header("last-modified").ends_with("GMT"));

    // The guide pages say what the download is, in both languages.
    app.get("/guides/guia-plac-amazonia").await.assert_shows(&[
        "Publicado",
        "PDF",
        "716,8 kB",
        "Español",
        "Versión 1",
        "Descargar la guía",
    ]);
    app.get("/en/guides/guia-plac-amazonia")
        .await
        .assert_shows(&[
            "Published",
            "PDF",
            "716.8 kB",
            "Spanish",
            "Download the guide",
        ]);
    app.get("/guides")
        .await
        .assert_shows(&["Versión 1 · PDF · 716,8 kB · Español"]);

    // Back to pending: a coordinator action kept in the revisions; the public loses the file.
    set_status(&coordinator, id, "pending_approval").await;
    app.get("/guides/guia-plac-amazonia/download")
        .await
        .assert_status(404);
    coordinator
        .get(&format!("/admin/documents/{id}/history"))
        .await
        .assert_shows(&["Publicado", "Pendiente de aprobación", "upload v1"]);
}

async fn ranges_conditional_requests_and_counts(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let id = guide_id(&app, "guia-plac-planeamiento-institucional").await;
    let original = pdf(600 * 1024, 2);
    coordinator
        .upload(id, "planeamiento.pdf", original.clone(), "es")
        .await
        .assert_status(303);
    set_status(&coordinator, id, "published").await;
    let url = "/guides/guia-plac-planeamiento-institucional/download";
    let public = app.browser();
    let size = original.len();

    let (status, headers, body) = public.get_bytes(url, &[]).await;
    assert_eq!(status.as_u16(), 200);
    assert_eq!(body.len(), size);
    assert_eq!(downloads_in_store(&app, id).await, 1);
    let etag = headers["etag"].to_str().expect("etag").to_string();
    let modified = headers["last-modified"].to_str().expect("date").to_string();

    // Conditional requests: 304, empty, not counted.
    let (status, _, body) = public.get_bytes(url, &[("If-None-Match", &etag)]).await;
    assert_eq!(status.as_u16(), 304);
    assert!(body.is_empty());
    let (status, _, _) = public
        .get_bytes(url, &[("If-Modified-Since", &modified)])
        .await;
    assert_eq!(status.as_u16(), 304);
    let (status, _, _) = public
        .get_bytes(url, &[("If-None-Match", "\"another\"")])
        .await;
    assert_eq!(status.as_u16(), 200);
    assert_eq!(downloads_in_store(&app, id).await, 2);

    // A range across a chunk boundary.
    let (status, headers, body) = public
        .get_bytes(url, &[("Range", "bytes=262140-262150")])
        .await;
    assert_eq!(status.as_u16(), 206);
    assert_eq!(body, original[262_140..=262_150]);
    assert_eq!(
        headers["content-range"].to_str().expect("range"),
        format!("bytes 262140-262150/{size}")
    );
    assert_eq!(headers["content-length"].to_str().expect("length"), "11");
    // The last bytes, and an open range.
    let (_, _, body) = public.get_bytes(url, &[("Range", "bytes=-10")]).await;
    assert_eq!(body, original[size - 10..]);
    let (status, _, body) = public
        .get_bytes(url, &[("Range", &format!("bytes={}-", size - 5))])
        .await;
    assert_eq!(status.as_u16(), 206);
    assert_eq!(body, original[size - 5..]);
    // Continuations are not new downloads; a range from byte 0 is.
    assert_eq!(downloads_in_store(&app, id).await, 2);
    let (status, _, body) = public.get_bytes(url, &[("Range", "bytes=0-99")]).await;
    assert_eq!(status.as_u16(), 206);
    assert_eq!(body, original[..100]);
    assert_eq!(downloads_in_store(&app, id).await, 3);
    // Outside the file: 416 with the size.
    let (status, headers, _) = public
        .get_bytes(url, &[("Range", &format!("bytes={size}-"))])
        .await;
    assert_eq!(status.as_u16(), 416);
    assert_eq!(
        headers["content-range"].to_str().expect("range"),
        format!("bytes */{size}")
    );
    // If-Range with an old validator: the whole file.
    let (status, _, body) = public
        .get_bytes(url, &[("Range", "bytes=0-9"), ("If-Range", "\"old\"")])
        .await;
    assert_eq!(status.as_u16(), 200);
    assert_eq!(body.len(), size);
    assert_eq!(downloads_in_store(&app, id).await, 4);

    // Coordinators see the counts per month.
    let month = time::OffsetDateTime::now_utc().year().to_string();
    coordinator
        .get(&format!("/admin/documents/{id}/files"))
        .await
        .assert_shows(&["Descargas públicas por mes", &month, "4"]);
}

async fn disguised_files_are_refused_and_leave_nothing(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let id = guide_id(&app, "guia-plac-amazonia").await;
    // An executable named .pdf, claimed as application/pdf by the browser.
    let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
    elf.extend(std::iter::repeat_n(0x90u8, 100_000));
    coordinator
        .upload(id, "guia.pdf", elf, "es")
        .await
        .assert_status(415)
        .assert_shows(&["no es un PDF, DOCX, XLSX ni ODT"]);
    // A text file under a .docx name.
    coordinator
        .upload(id, "plan.docx", b"hola, no soy un documento".to_vec(), "")
        .await
        .assert_status(415);
    // An empty upload.
    coordinator
        .upload(id, "vacio.pdf", Vec::new(), "")
        .await
        .assert_status(422)
        .assert_shows(&["Elija un archivo"]);
    assert_eq!(file_counts(&app.store).await, (0, 0));
    // A forged upload without the session's token.
    let forged = coordinator
        .client
        .post(format!(
            "{}/admin/documents/{id}/files",
            coordinator.address
        ))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf_token", "0000")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(pdf(1000, 3)).file_name("x.pdf"),
                ),
        )
        .send()
        .await
        .expect("post");
    assert_eq!(forged.status().as_u16(), 403);
    assert_eq!(file_counts(&app.store).await, (0, 0));

    // Office formats are recognised by their content; a local header alone is not an archive.
    for (name, fake) in [
        (
            "guia.docx",
            zip_starting_with("word/document.xml", b"<w:document/>"),
        ),
        (
            "tabla.xlsx",
            zip_starting_with("xl/workbook.xml", b"<workbook/>"),
        ),
        (
            "texto.odt",
            zip_starting_with("mimetype", b"application/vnd.oasis.opendocument.text"),
        ),
    ] {
        coordinator
            .upload(id, name, fake, "es")
            .await
            .assert_status(415);
    }
    assert_nothing_kept(&app, id).await;
    coordinator
        .upload(id, "guia", minimal_docx(), "es")
        .await
        .assert_status(303);
    coordinator
        .upload(id, "tabla.pdf", minimal_xlsx(), "es")
        .await
        .assert_status(303);
    coordinator
        .upload(id, "texto.odt", minimal_odt(), "es")
        .await
        .assert_status(303);
    let names: Vec<(String, String)> =
        sqlx::query_as("SELECT original_name, content_type FROM files ORDER BY id")
            .fetch_all(app.store.pool())
            .await
            .expect("files");
    assert_eq!(
        names[0],
        (
            "guia.docx".into(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document".into()
        )
    );
    assert_eq!(
        names[1],
        (
            "tabla.xlsx".into(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".into()
        )
    );
    assert_eq!(
        names[2],
        (
            "texto.odt".into(),
            "application/vnd.oasis.opendocument.text".into()
        )
    );
}

/// Finding: a ZIP with entries in `word/` but no Word document passed as one. (The old sniffer
/// read the names of the first local headers: the first entry's, or the third and fourth after
/// `[Content_Types].xml`; the literal "second entry" shape is kept too.)
async fn a_zip_with_a_word_folder_but_no_document_is_refused(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let id = guide_id(&app, "guia-plac-amazonia").await;
    let styles: (&str, &[u8]) = ("word/styles.xml", b"<w:styles xmlns:w=\"w\"/>");
    for archive in [
        office_zip(&[CONTENT_TYPES, ("word/x.xml", b"<x/>")]),
        office_zip(&[
            CONTENT_TYPES,
            RELATIONSHIPS,
            styles,
            ("word/settings.xml", b"<w:settings/>"),
        ]),
        office_zip(&[styles, CONTENT_TYPES]),
    ] {
        coordinator
            .upload(id, "plan.docx", archive, "es")
            .await
            .assert_status(415)
            .assert_shows(&["no es un PDF, DOCX, XLSX ni ODT"]);
    }
    assert_nothing_kept(&app, id).await;
}

/// Finding: a small ZIP whose directory declares an entry inflating to 1 GiB passed as a
/// spreadsheet. It is refused from its directory alone.
async fn a_zip_declaring_a_gigabyte_is_refused(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let id = guide_id(&app, "guia-plac-amazonia").await;
    let packed = vec![0x42u8; 100_000];
    let archive = |declared| {
        zip_declaring(&[
            (CONTENT_TYPES.0, CONTENT_TYPES.1, None),
            (RELATIONSHIPS.0, RELATIONSHIPS.1, None),
            ("xl/workbook.xml", b"<workbook/>", None),
            ("xl/worksheets/sheet1.xml", &packed, declared),
        ])
    };
    let bomb = archive(Some(1 << 30));
    assert!(bomb.len() < 1_000_000);
    coordinator
        .upload(id, "tabla.xlsx", bomb, "es")
        .await
        .assert_status(415);
    assert_nothing_kept(&app, id).await;
    // The same archive declaring a plausible size is a spreadsheet.
    coordinator
        .upload(id, "tabla.xlsx", archive(Some(1_000_000)), "es")
        .await
        .assert_status(303);
}

async fn versions_stay_listed_and_the_public_gets_the_newest(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let id = guide_id(&app, "guia-plac-amazonia").await;
    let first = pdf(10_000, 4);
    let second = pdf(20_000, 5);
    coordinator
        .upload(id, "guia-v1.pdf", first.clone(), "es")
        .await
        .assert_status(303);
    coordinator
        .upload(id, "guia-v2.pdf", second.clone(), "en")
        .await
        .assert_status(303);
    set_status(&coordinator, id, "published").await;
    let (_, headers, body) = app
        .browser()
        .get_bytes("/guides/guia-plac-amazonia/download", &[])
        .await;
    assert!(body == second);
    assert!(
        headers["content-disposition"]
            .to_str()
            .expect("name")
            .contains("guia-v2.pdf")
    );
    coordinator
        .get(&format!("/admin/documents/{id}/files"))
        .await
        .assert_shows(&["guia-v1.pdf", "guia-v2.pdf"]);
    let (status, _, body) = coordinator
        .get_bytes(&format!("/admin/documents/{id}/versions/1/download"), &[])
        .await;
    assert_eq!(status.as_u16(), 200);
    assert!(body == first);
    // Earlier versions are for coordinators only.
    let (status, _, _) = app
        .browser()
        .get_bytes(&format!("/admin/documents/{id}/versions/1/download"), &[])
        .await;
    assert_eq!(status.as_u16(), 303);
    app.get("/en/guides/guia-plac-amazonia")
        .await
        .assert_shows(&["Version 2", "English"]);
}

async fn plan_documents_download_from_the_city_page(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let lima = sqlx::query_scalar::<_, i64>("SELECT id FROM municipalities WHERE slug = 'lima'")
        .fetch_one(app.store.pool())
        .await
        .expect("lima");
    let created = coordinator
        .submit(
            "/admin/documents/new",
            "/admin/documents/new",
            &[
                ("title_es", "Ficha resumen del PLAC de Lima"),
                ("title_en", "Lima CAP summary sheet"),
                ("slug", "ficha-plac-lima"),
                ("kind", "summary_sheet"),
                ("summary_es", "Resumen del plan."),
                ("summary_en", "Summary of the plan."),
                ("audience_es", "Público general"),
                ("audience_en", "General public"),
                ("status", "published"),
                ("municipality_id", &lima.to_string()),
                ("position", "1"),
            ],
        )
        .await;
    created.assert_status(303);
    let id: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE slug = 'ficha-plac-lima'")
        .fetch_one(app.store.pool())
        .await
        .expect("id");
    let sheet = pdf(5_000, 6);
    coordinator
        .upload(id, "Ficha Lima.pdf", sheet.clone(), "es")
        .await
        .assert_status(303);
    let page = app.get("/cities/lima").await;
    page.assert_shows(&["Ficha resumen del PLAC de Lima", "PDF"]);
    assert!(
        page.links()
            .contains(&"/documents/ficha-plac-lima/download".to_string())
    );
    let (status, _, body) = app
        .browser()
        .get_bytes("/documents/ficha-plac-lima/download", &[])
        .await;
    assert_eq!(status.as_u16(), 200);
    assert!(body == sheet);
    // A guide slug is not a guide download if the document is not a guide.
    app.get("/guides/ficha-plac-lima/download")
        .await
        .assert_status(404);
}

backend_tests!(
    upload_publish_download_is_byte_identical,
    ranges_conditional_requests_and_counts,
    disguised_files_are_refused_and_leave_nothing,
    a_zip_with_a_word_folder_but_no_document_is_refused,
    a_zip_declaring_a_gigabyte_is_refused,
    versions_stay_listed_and_the_public_gets_the_newest,
    plan_documents_download_from_the_city_page,
);

#[tokio::test]
async fn an_oversized_upload_is_refused_with_413_and_nothing_kept() {
    let app = TestApp::sqlite_with(|config| config.max_upload_mb = 1).await;
    let coordinator = app.signed_in("coordinator", None).await;
    let id = guide_id(&app, "guia-plac-amazonia").await;
    let page = coordinator
        .upload(id, "grande.pdf", pdf(1_600_000, 7), "es")
        .await;
    page.assert_status(413)
        .assert_shows(&["supera el tamaño máximo de 1 MB"]);
    assert_eq!(file_counts(&app.store).await, (0, 0));
    // Just under the limit is fine.
    coordinator
        .upload(id, "justo.pdf", pdf(1_000_000, 8), "es")
        .await
        .assert_status(303);
    assert_eq!(file_counts(&app.store).await.0, 1);
}

/// Stored files and chunks (nothing is left of a refused upload).
async fn file_counts(store: &portal::store::Store) -> (i64, i64) {
    (
        crate::helpers::scalar(store, "SELECT COUNT(*) FROM files").await,
        crate::helpers::scalar(store, "SELECT COUNT(*) FROM file_chunks").await,
    )
}
