//! What the portal says to machines: the Atom feed of published changes (RFC 4287), the
//! sitemap with its language alternates, and robots.txt. Every address in them is absolute,
//! built from the configured base URL, since they are read outside the site.

use askama::Template;

use super::PageCtx;
use super::changes::ChangeView;
use crate::i18n::Lang;

/// The Atom feed of one language.
#[derive(Template)]
#[template(path = "feeds/feed.xml")]
pub struct AtomFeed {
    pub lang: &'static str,
    pub id: String,
    pub title: String,
    pub subtitle: String,
    pub updated: String,
    pub self_url: String,
    /// The home page in the feed's language.
    pub home_url: String,
    /// The same feed in the other languages: (language code, address).
    pub translations: Vec<(&'static str, String)>,
    pub author: String,
    pub author_uri: String,
    pub entries: Vec<AtomEntry>,
}

/// One change as a feed entry.
#[derive(Debug, Clone)]
pub struct AtomEntry {
    pub id: String,
    pub title: String,
    pub updated: String,
    pub link: String,
    /// The record type's slug, and its name in the feed's language.
    pub category: &'static str,
    pub category_label: String,
    pub summary: String,
}

/// The feed of `changes` (newest first) in the language of `ctx`. `fallback_updated` dates
/// the feed while it has no entry (the store's latest change).
pub fn atom_feed(ctx: &PageCtx, changes: &[ChangeView], fallback_updated: &str) -> AtomFeed {
    let authority = tag_authority(&ctx.base_url);
    let entries: Vec<AtomEntry> = changes
        .iter()
        .map(|change| atom_entry(ctx, &authority, change, fallback_updated))
        .collect();
    let updated = entries
        .iter()
        .map(|entry| entry.updated.clone())
        .max()
        .unwrap_or_else(|| timestamp_or(fallback_updated, "1970-01-01T00:00:00Z"));
    let absolute =
        |lang: Lang, path: &str| xml_text(&format!("{}{}", ctx.base_url, lang.path(path)));
    let self_url = absolute(ctx.lang, &crate::paths::feed());
    AtomFeed {
        lang: ctx.lang.code(),
        // The feed's own address is its identity: it never changes while the portal keeps
        // its address.
        id: self_url.clone(),
        title: xml_text(&ctx.t("feed-title")),
        subtitle: xml_text(&ctx.t("feed-subtitle")),
        updated,
        self_url,
        home_url: absolute(ctx.lang, "/"),
        translations: Lang::ALL
            .iter()
            .filter(|lang| **lang != ctx.lang)
            .map(|lang| (lang.code(), absolute(*lang, &crate::paths::feed())))
            .collect(),
        author: xml_text(&ctx.t("site-name")),
        author_uri: absolute(ctx.lang, "/"),
        entries,
    }
}

fn atom_entry(
    ctx: &PageCtx,
    authority: &str,
    change: &ChangeView,
    fallback_updated: &str,
) -> AtomEntry {
    let category_label = crate::catalogue::by_slug(change.record_type)
        .map(|kind| ctx.t(kind.plural_key))
        .unwrap_or_default();
    // An entry with no page of its own (a document of no city) points at the home page,
    // which lists it: Atom wants every entry without content to have a link.
    let page = change.href.as_deref().unwrap_or("/");
    AtomEntry {
        id: entry_id(authority, ctx.lang, change),
        title: xml_text(&change.text),
        updated: timestamp_or(&change.changed_at, fallback_updated),
        link: xml_text(&format!("{}{}", ctx.base_url, ctx.link(page))),
        category: change.record_type,
        category_label: xml_text(&category_label),
        summary: xml_text(change.detail.as_deref().unwrap_or(&change.text)),
    }
}

/// A tag: URI (RFC 4151) that names one change for good: the portal's host, the day of the
/// change, the language, and the revision that made it (its type, record and number). The
/// same change gets the same id on every fetch and every process; the two languages get two
/// ids, since a reader may follow both and each entry's words differ.
pub fn entry_id(authority: &str, lang: Lang, change: &ChangeView) -> String {
    let day = change
        .changed_at
        .get(0..10)
        .filter(|day| is_tag_date(day))
        .unwrap_or("2024");
    format!(
        "tag:{authority},{day}:{}/{}/{}/revision/{}",
        lang.code(),
        change.record_type,
        change.record_id,
        change.revision_id
    )
}

/// "2026-11-27": the only shape a tag's date takes here.
fn is_tag_date(day: &str) -> bool {
    let bytes = day.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// The host of the base URL, as a tag: URI's authority (a DNS name: no port, no brackets).
/// Anything else (an IPv6 address) gives "localhost", so the id stays well-formed.
pub fn tag_authority(base_url: &str) -> String {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    let dns_name = !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if dns_name {
        host
    } else {
        "localhost".to_string()
    }
}

/// A stored timestamp in RFC 3339, or `fallback` when it is not one.
fn timestamp_or(text: &str, fallback: &str) -> String {
    crate::store::parse_timestamp(text)
        .map(crate::store::format_timestamp)
        .unwrap_or_else(|| fallback.to_string())
}

/// Text without the characters XML 1.0 cannot carry at all (most control characters): the
/// template escapes markup, but no escape makes these legal, and one would break the document.
pub fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|c| matches!(c, '\t' | '\n' | '\r') || !c.is_control())
        .filter(|c| !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .collect()
}

/// The sitemap (sitemaps.org 0.9 with `xhtml:link` language alternates).
#[derive(Template)]
#[template(path = "feeds/sitemap.xml")]
pub struct Sitemap {
    pub urls: Vec<SitemapUrl>,
}

/// One page in one language, with the page in every language and the default.
#[derive(Debug, Clone)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<String>,
    /// (hreflang, address): every language, then `x-default` (Spanish, the portal's first).
    pub alternates: Vec<(&'static str, String)>,
}

/// One public page: its path without language prefix, and when it last changed if known.
#[derive(Debug, Clone)]
pub struct SitemapPage {
    pub path: String,
    pub last_change: Option<String>,
}

/// The sitemap of `pages`: each page once per language, each naming all its alternates, as
/// search engines ask for pages with translations.
pub fn sitemap(base_url: &str, pages: &[SitemapPage]) -> Sitemap {
    let absolute = |lang: Lang, path: &str| xml_text(&format!("{base_url}{}", lang.path(path)));
    let urls = pages
        .iter()
        .flat_map(|page| {
            let mut alternates: Vec<(&'static str, String)> = Lang::ALL
                .iter()
                .map(|lang| (lang.code(), absolute(*lang, &page.path)))
                .collect();
            alternates.push(("x-default", absolute(Lang::Es, &page.path)));
            let lastmod = page
                .last_change
                .as_deref()
                .and_then(crate::store::parse_timestamp)
                .map(crate::store::format_timestamp);
            Lang::ALL.iter().map(move |lang| SitemapUrl {
                loc: absolute(*lang, &page.path),
                lastmod: lastmod.clone(),
                alternates: alternates.clone(),
            })
        })
        .collect();
    Sitemap { urls }
}

/// robots.txt: crawlers may read every public page but not the admin area (sign-in included,
/// in both languages), and find the sitemap at its absolute address.
pub fn robots_txt(base_url: &str) -> String {
    let admin = crate::paths::admin();
    let disallow: String = Lang::ALL
        .iter()
        .map(|lang| format!("Disallow: {}\n", lang.path(&admin)))
        .collect();
    // A line break in the configured address would start a rule of its own.
    let base: String = base_url.chars().filter(|c| !c.is_control()).collect();
    format!(
        "User-agent: *\nAllow: /\n{disallow}\nSitemap: {base}{}\n",
        crate::paths::sitemap()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_authorities_are_dns_names() {
        assert_eq!(
            tag_authority("https://portal.example.pe"),
            "portal.example.pe"
        );
        assert_eq!(tag_authority("http://127.0.0.1:3000"), "127.0.0.1");
        assert_eq!(
            tag_authority("https://Portal.Example.PE/gcom"),
            "portal.example.pe"
        );
        assert_eq!(tag_authority("http://[::1]:3000"), "localhost");
    }

    #[test]
    fn characters_xml_cannot_carry_are_dropped() {
        assert_eq!(xml_text("a\u{0}b\u{1b}c\td\ne"), "abc\td\ne");
        assert_eq!(xml_text("Jesús <María> & \"Co\""), "Jesús <María> & \"Co\"");
        assert_eq!(xml_text("x\u{fffe}y"), "xy");
    }

    #[test]
    fn robots_keeps_crawlers_out_of_the_admin_in_both_languages() {
        let robots = robots_txt("https://portal.example.pe");
        assert!(robots.contains("Disallow: /admin\n"));
        assert!(robots.contains("Disallow: /en/admin\n"));
        assert!(robots.ends_with("Sitemap: https://portal.example.pe/sitemap.xml\n"));
    }

    #[test]
    fn tag_dates_are_checked() {
        assert!(is_tag_date("2026-11-27"));
        assert!(!is_tag_date("2026-11-2x"));
        assert!(!is_tag_date("20261127"));
    }
}
