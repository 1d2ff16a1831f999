//! The portal for machines: the Atom feed of published changes (`/feed.atom`, English at
//! `/en/feed.atom`), the sitemap and robots.txt (at the root only, where crawlers look).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;

use super::cached_bytes;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::paths;
use crate::state::AppState;
use crate::views::PageCtx;
use crate::views::feeds::{SitemapPage, atom_feed, robots_txt, sitemap};

/// How many changes the feed carries: readers poll it, so the newest fifty are plenty and
/// the answer stays small.
const FEED_ENTRIES: usize = 50;

/// Readers and crawlers may keep an answer five minutes; after that the ETag makes asking
/// again cheap (a 304).
const CACHE_CONTROL: &str = "public, max-age=300";

const ATOM: &str = "application/atom+xml; charset=utf-8";
const XML: &str = "application/xml; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&paths::feed(), get(feed))
        .route(&Lang::En.path(&paths::feed()), get(feed))
        .route(&paths::sitemap(), get(sitemap_xml))
        .route(&paths::robots(), get(robots))
}

/// The latest published changes in the language of the path. Only what the home page shows
/// is here: changes of records still public, never a proposal awaiting approval, never who
/// made them.
async fn feed(
    State(state): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let changes = super::public::latest_changes(&state.store, &ctx, FEED_ENTRIES).await?;
    let latest = ctx
        .site
        .as_ref()
        .and_then(|site| site.latest_change.clone())
        .unwrap_or_else(crate::store::now_timestamp);
    let body = atom_feed(&ctx, &changes, &latest).render()?;
    Ok(cached_bytes(
        &headers,
        ATOM,
        body.into_bytes(),
        CACHE_CONTROL,
    ))
}

async fn sitemap_xml(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let pages = public_pages(&state).await?;
    let body = sitemap(&state.config.base_url, &pages).render()?;
    Ok(cached_bytes(
        &headers,
        XML,
        body.into_bytes(),
        CACHE_CONTROL,
    ))
}

/// Every public page worth finding from a search engine, with when it last changed where the
/// store knows: the navigation's pages (the home page dated by the latest change), the
/// methodology, the open-data page, every city and every published guide. Embeds, handover sheets, images and
/// downloads are left out: they are parts of pages, not pages.
async fn public_pages(state: &AppState) -> AppResult<Vec<SitemapPage>> {
    let store = &state.store;
    let page = |path: String, last_change: Option<String>| SitemapPage { path, last_change };
    let latest = state
        .site
        .fresh(store)
        .await
        .and_then(|site| site.latest_change.clone());
    let mut pages: Vec<SitemapPage> = crate::views::NAV
        .iter()
        .map(|(path, _)| {
            let last_change = if *path == "/" { latest.clone() } else { None };
            page(path.to_string(), last_change)
        })
        .collect();
    pages.push(page(paths::methodology(), None));
    pages.push(page(paths::open_data(), None));
    for (slug, last_change) in store.city_last_changes().await? {
        pages.push(page(paths::city(&slug), last_change));
    }
    for guide in store.guides().await? {
        if guide.status == crate::domain::DocumentStatus::Published.code() {
            pages.push(page(paths::guide(&guide.slug), Some(guide.updated_at)));
        }
    }
    Ok(pages)
}

async fn robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let body = robots_txt(&state.config.base_url);
    cached_bytes(&headers, TEXT, body.into_bytes(), CACHE_CONTROL)
}
