//! The portal for machines: the Atom feed of published changes in both languages, the sitemap
//! with its language alternates, robots.txt, and the feed's link in the page head.

use portal::catalogue::{BADGES, DOCUMENTS, MUNICIPALITIES, Record, Value};
use portal::store::Change;

use crate::backend_tests;
use crate::helpers::{Page, TestApp, scalar};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// A writer as the admin would be, without the web form in between.
const STAFF: Change<'static> = Change {
    actor: "coordinator@example.org",
    note: "",
    status_note: None,
};

/// One feed entry as a reader sees it.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    id: String,
    title: String,
    updated: String,
    link: String,
    summary: String,
}

fn content_type(page: &Page) -> &str {
    page.headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn parse<'a>(page: &'a Page) -> roxmltree::Document<'a> {
    roxmltree::Document::parse(&page.body)
        .unwrap_or_else(|e| panic!("{} is not well-formed XML ({e}):\n{}", page.path, page.body))
}

fn child_text(node: roxmltree::Node, name: &str) -> String {
    node.children()
        .find(|c| c.has_tag_name((ATOM, name)))
        .and_then(|c| c.text())
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
        .to_string()
}

/// The `href` of the `<link>` child with this `rel`.
fn link(node: roxmltree::Node, rel: &str) -> String {
    node.children()
        .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some(rel))
        .and_then(|c| c.attribute("href"))
        .unwrap_or_else(|| panic!("no link rel={rel}"))
        .to_string()
}

fn is_rfc3339(text: &str) -> bool {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).is_ok()
}

/// Fetches a feed, checks what RFC 4287 requires of it, and returns its entries.
async fn feed(app: &TestApp, path: &str) -> Vec<Entry> {
    let page = app.get(path).await;
    page.assert_status(200);
    assert_eq!(content_type(&page), "application/atom+xml; charset=utf-8");
    let doc = parse(&page);
    let root = doc.root_element();
    assert!(
        root.has_tag_name((ATOM, "feed")),
        "root is {:?}",
        root.tag_name()
    );
    let lang = if path.starts_with("/en/") { "en" } else { "es" };
    assert_eq!(
        root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some(lang)
    );
    assert!(!child_text(root, "id").is_empty());
    assert!(!child_text(root, "title").is_empty());
    assert!(is_rfc3339(&child_text(root, "updated")));
    assert_eq!(link(root, "self"), format!("{}{path}", app.address));
    assert!(link(root, "alternate").starts_with(&app.address));
    let author = root
        .children()
        .find(|c| c.has_tag_name((ATOM, "author")))
        .expect("the feed names its author");
    assert_eq!(child_text(author, "name"), "Portal GCoM Perú");
    root.children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|entry| Entry {
            id: child_text(entry, "id"),
            title: child_text(entry, "title"),
            updated: child_text(entry, "updated"),
            link: link(entry, "alternate"),
            summary: child_text(entry, "summary"),
        })
        .collect()
}

async fn municipality_id(app: &TestApp, slug: &str) -> i64 {
    scalar(
        &app.store,
        &format!("SELECT id FROM municipalities WHERE slug = '{slug}'"),
    )
    .await
}

async fn add_badge(app: &TestApp, slug: &str, kind: &str, evidence: &str) -> i64 {
    let mut badge = Record::new();
    badge.set(
        "municipality_id",
        Value::Integer(municipality_id(app, slug).await),
    );
    badge.set("kind", Value::Text(kind.into()));
    badge.set("year", Value::Integer(2025));
    badge.set("evidence_es", Value::Text(evidence.into()));
    badge.set("evidence_en", Value::Text(evidence.into()));
    app.store
        .create_record(&BADGES, &badge, STAFF)
        .await
        .expect("a badge")
}

/// Sets a seeded document's status (as a coordinator saving its form would).
async fn set_document_status(app: &TestApp, slug: &str, status: &str) {
    let id = scalar(
        &app.store,
        &format!("SELECT id FROM documents WHERE slug = '{slug}'"),
    )
    .await;
    let stored = app
        .store
        .get_record(&DOCUMENTS, id)
        .await
        .expect("read")
        .expect("the seeded document");
    let mut values = stored.values.clone();
    values.set("status", Value::Text(status.into()));
    app.store
        .update_record(&DOCUMENTS, id, stored.row_version, &values, STAFF)
        .await
        .expect("saved");
}

async fn a_recorded_badge_is_an_entry_in_both_languages(app: TestApp) {
    assert!(
        feed(&app, "/feed.atom").await.is_empty(),
        "nothing since the seed"
    );
    // Text with markup characters reaches the reader as text.
    let evidence = "Informe <2025> & \"CDP\" 'ok'";
    add_badge(&app, "cusco", "mitigation", evidence).await;

    let first = feed(&app, "/feed.atom").await;
    assert_eq!(first.len(), 1, "{first:?}");
    let entry = &first[0];
    assert_eq!(entry.title, "Insignia registrada — Cusco: Mitigación");
    assert_eq!(entry.link, format!("{}/cities/cusco", app.address));
    assert_eq!(entry.summary, evidence);
    assert!(entry.id.starts_with("tag:127.0.0.1,"), "{}", entry.id);
    assert!(is_rfc3339(&entry.updated), "{}", entry.updated);
    // The same change keeps its id on every fetch.
    assert_eq!(feed(&app, "/feed.atom").await, first);

    let english = feed(&app, "/en/feed.atom").await;
    assert_eq!(english.len(), 1);
    assert_eq!(english[0].title, "Badge recorded — Cusco: Mitigation");
    assert_eq!(english[0].link, format!("{}/en/cities/cusco", app.address));
    assert_eq!(feed(&app, "/en/feed.atom").await, english);

    // A newer change comes first; the older one keeps its id.
    add_badge(&app, "lima", "adaptation", "").await;
    let later = feed(&app, "/feed.atom").await;
    assert_eq!(later.len(), 2);
    assert_eq!(later[0].title, "Insignia registrada — Lima: Adaptación");
    assert_eq!(later[0].summary, later[0].title, "no evidence: the title");
    assert_eq!(later[1], first[0]);
    assert_ne!(later[0].id, later[1].id);
}

async fn names_with_markup_reach_readers_as_text(app: TestApp) {
    let id = municipality_id(&app, "cusco").await;
    let stored = app
        .store
        .get_record(&MUNICIPALITIES, id)
        .await
        .expect("read")
        .expect("Cusco");
    let mut values = stored.values.clone();
    let name = "Cusco <b>\"&amp;\"</b> & 'Co'";
    values.set("name", Value::Text(name.into()));
    app.store
        .update_record(&MUNICIPALITIES, id, stored.row_version, &values, STAFF)
        .await
        .expect("renamed");
    add_badge(&app, "cusco", "energy", "<script>alert(1)</script>").await;
    for (path, kind) in [("/feed.atom", "Energía"), ("/en/feed.atom", "Energy")] {
        let entries = feed(&app, path).await;
        assert!(
            entries[0].title.ends_with(&format!("{name}: {kind}")),
            "{entries:?}"
        );
        assert_eq!(entries[0].summary, "<script>alert(1)</script>");
    }
    // The sitemap still parses with the city listed by its slug.
    let sitemap = app.get("/sitemap.xml").await;
    parse(&sitemap);
    assert!(sitemap.body.contains("/cities/cusco<"));
}

async fn only_published_things_are_in_the_feed(app: TestApp) {
    // A city editor's proposal waits for approval: not news yet.
    let cusco = municipality_id(&app, "cusco").await;
    let mut proposed = Record::new();
    proposed.set("municipality_id", Value::Integer(cusco));
    proposed.set("kind", Value::Text("energy".into()));
    app.store
        .create_proposal(cusco, &BADGES, None, &proposed, "editor@example.org")
        .await
        .expect("a proposal");
    // The seeded guides are pending approval.
    assert!(feed(&app, "/feed.atom").await.is_empty());

    set_document_status(&app, "guia-plac-amazonia", "published").await;
    let entries = feed(&app, "/feed.atom").await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert!(
        entries[0]
            .title
            .starts_with("Publicado: Guía para la elaboración"),
        "{}",
        entries[0].title
    );
    assert_eq!(
        entries[0].link,
        format!("{}/guides/guia-plac-amazonia", app.address)
    );
    assert!(entries[0].summary.starts_with("Orienta y capacita"));
    // Nobody's email, ever: the revisions name the staff who made them.
    let body = app.get("/feed.atom").await.body;
    assert!(!body.contains('@'), "{body}");

    // Withdrawn again, it is no longer published news; a badge deleted is no longer news.
    set_document_status(&app, "guia-plac-amazonia", "pending_approval").await;
    let badge = add_badge(&app, "cusco", "mitigation", "").await;
    assert_eq!(feed(&app, "/feed.atom").await.len(), 1);
    app.store
        .delete_record(&BADGES, badge, "coordinator@example.org")
        .await
        .expect("deleted");
    assert!(feed(&app, "/feed.atom").await.is_empty());
}

async fn the_feed_answers_conditional_requests(app: TestApp) {
    add_badge(&app, "cusco", "mitigation", "").await;
    let page = app.get("/feed.atom").await;
    let etag = page.headers.get("etag").expect("an ETag").clone();
    let again = app
        .client
        .get(format!("{}/feed.atom", app.address))
        .header("if-none-match", etag)
        .send()
        .await
        .expect("GET");
    assert_eq!(again.status().as_u16(), 304);
}

async fn the_sitemap_lists_every_public_page_with_its_translation(app: TestApp) {
    let page = app.get("/sitemap.xml").await;
    page.assert_status(200);
    assert_eq!(content_type(&page), "application/xml; charset=utf-8");
    let doc = parse(&page);
    assert!(doc.root_element().has_tag_name((SITEMAP, "urlset")));
    let urls: Vec<roxmltree::Node> = doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((SITEMAP, "url")))
        .collect();
    let loc = |url: &roxmltree::Node| {
        url.children()
            .find(|c| c.has_tag_name((SITEMAP, "loc")))
            .and_then(|c| c.text())
            .expect("loc")
            .to_string()
    };
    let alternate = |url: &roxmltree::Node, hreflang: &str| {
        url.children()
            .find(|c| c.has_tag_name((XHTML, "link")) && c.attribute("hreflang") == Some(hreflang))
            .and_then(|c| c.attribute("href"))
            .map(str::to_string)
    };
    let find = |address: &str| urls.iter().find(|u| loc(u) == address).copied();
    let base = &app.address;
    for (_, _, slug) in app.store.list_municipality_names().await.expect("names") {
        let spanish = format!("{base}/cities/{slug}");
        let english = format!("{base}/en/cities/{slug}");
        for address in [&spanish, &english] {
            let url = find(address).unwrap_or_else(|| panic!("{address} missing"));
            assert_eq!(alternate(&url, "es").as_ref(), Some(&spanish));
            assert_eq!(alternate(&url, "en").as_ref(), Some(&english));
            assert_eq!(alternate(&url, "x-default").as_ref(), Some(&spanish));
            assert!(url.children().any(|c| c.has_tag_name((SITEMAP, "lastmod"))));
        }
    }
    for path in [
        "/",
        "/cities",
        "/progress",
        "/methodology",
        "/badges",
        "/plans",
        "/guides",
        "/diploma",
        "/exchanges",
        "/about",
    ] {
        assert!(find(&format!("{base}{path}")).is_some(), "{path} missing");
    }
    assert!(
        find(&format!("{base}/en")).is_some(),
        "the English home page"
    );
    let all: Vec<String> = urls.iter().map(loc).collect();
    for address in &all {
        assert!(address.starts_with(base), "{address} is not absolute");
        assert!(!address.contains("/admin"), "{address}");
        assert!(!address.contains("/embed/") && !address.ends_with("/handover"));
    }
    // The seeded guides are pending approval: not listed until published.
    let guide = format!("{base}/guides/guia-plac-amazonia");
    assert!(!all.contains(&guide));
    set_document_status(&app, "guia-plac-amazonia", "published").await;
    assert!(app.get("/sitemap.xml").await.body.contains(&guide));
    // One sitemap, at the root.
    app.get("/en/sitemap.xml").await.assert_status(404);
}

async fn robots_keeps_crawlers_out_of_the_admin(app: TestApp) {
    let page = app.get("/robots.txt").await;
    page.assert_status(200);
    assert_eq!(content_type(&page), "text/plain; charset=utf-8");
    let lines: Vec<&str> = page.body.lines().collect();
    for rule in ["User-agent: *", "Disallow: /admin", "Disallow: /en/admin"] {
        assert!(lines.contains(&rule), "{rule} missing:\n{}", page.body);
    }
    let sitemap = format!("Sitemap: {}/sitemap.xml", app.address);
    assert!(lines.contains(&sitemap.as_str()), "{}", page.body);
    // Public pages are not disallowed.
    assert!(!lines.contains(&"Disallow: /"), "{}", page.body);
    app.get("/en/robots.txt").await.assert_status(404);
}

async fn public_pages_point_readers_to_the_feed(app: TestApp) {
    let feed_link = |title: &str| {
        format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Portal GCoM Perú: {title}\""
        )
    };
    let home = app.get("/").await;
    home.assert_html_has(&[&feed_link("últimos cambios")]);
    assert!(home.links().contains(&format!("{}/feed.atom", app.address)));
    let english = app.get("/en/cities/lima").await;
    english.assert_html_has(&[&feed_link("latest changes")]);
    assert!(
        english
            .links()
            .contains(&format!("{}/en/feed.atom", app.address))
    );
    // Admin pages are not for following.
    let login = app.get("/admin/login").await;
    assert!(!login.body.contains("application/atom+xml"));
}

backend_tests!(
    a_recorded_badge_is_an_entry_in_both_languages,
    names_with_markup_reach_readers_as_text,
    only_published_things_are_in_the_feed,
    the_feed_answers_conditional_requests,
    the_sitemap_lists_every_public_page_with_its_translation,
    robots_keeps_crawlers_out_of_the_admin,
    public_pages_point_readers_to_the_feed,
);
