//! Rendered public answers kept per path and query (the language is in the path), with their
//! gzip and brotli forms made once, and answered from memory while the data are unchanged.
//!
//! Correct across processes: an entry is used only when the store's data version (bumped by
//! every write to a public record, in the writing transaction) and the day in Peru (deadlines
//! count from it) are those it was rendered at; each request reads the version (by a query
//! begun after it arrived, shared with the requests that arrive at once: `Store::data_version`).
//! An edit saved by a coordinator is therefore on the very next request, in every process.
//!
//! At most `BUDGET` bytes are kept; entries of an older data version are dropped at once.
//!
//! Only plain public answers are kept: GET and HEAD, status 200, no cookie set, and never a
//! download (each is counted) nor an admin page. Every answer kept gets a strong ETag (304 on a
//! match) and `Vary: Accept-Encoding`. Public answers do not depend on cookies, so none is
//! needed in the key.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::{Arc, RwLock};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// Bytes kept in all (bodies in every encoding): bounds memory however many pages and query
/// strings are asked for. Past it, a quarter is let go (what is asked for again comes back).
const BUDGET: usize = 32 * 1024 * 1024;
/// Larger answers are served as rendered, not kept.
const MAX_BODY: usize = 4 * 1024 * 1024;
/// Smaller bodies gain nothing from compression.
const MIN_COMPRESSED: usize = 512;

/// One rendered answer in every encoding, each with its headers ready to send, so that a hit
/// only copies them.
#[derive(Debug)]
struct Entry {
    version: i64,
    day: time::Date,
    identity: Variant,
    gzip: Option<Variant>,
    brotli: Option<Variant>,
    /// The headers of a 304: those of the answer without its body's.
    not_modified: HeaderMap,
}

/// One encoding of an answer.
#[derive(Debug)]
struct Variant {
    headers: HeaderMap,
    body: Bytes,
}

impl Entry {
    /// The bytes it holds, roughly: bodies, headers and key.
    fn size(&self, key: &str) -> usize {
        let bodies = [
            Some(&self.identity),
            self.gzip.as_ref(),
            self.brotli.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(|v| v.body.len() + 512)
        .sum::<usize>();
        bodies + key.len() + 512
    }
}

#[derive(Debug, Default)]
struct Entries {
    by_key: HashMap<String, Arc<Entry>>,
    /// What `by_key` holds, by `Entry::size`.
    bytes: usize,
    /// The newest data version an entry was made at: older entries can never be used again.
    version: i64,
}

#[derive(Debug, Clone, Default)]
pub struct PageCache(Arc<RwLock<Entries>>);

impl PageCache {
    /// Whether anything is kept under `key`, current or not.
    fn holds(&self, key: &str) -> bool {
        self.0
            .read()
            .is_ok_and(|entries| entries.by_key.contains_key(key))
    }

    fn get(&self, key: &str, version: i64, day: time::Date) -> Option<Arc<Entry>> {
        let entries = self.0.read().ok()?;
        entries
            .by_key
            .get(key)
            .filter(|e| e.version == version && e.day == day)
            .cloned()
    }

    fn put(&self, key: String, entry: Arc<Entry>) {
        let Ok(mut entries) = self.0.write() else {
            return;
        };
        let entries = &mut *entries;
        if entry.version < entries.version {
            // Rendered before a write another request has already seen: never usable.
            return;
        }
        if entry.version > entries.version {
            // The data moved on: what was kept before is dead weight.
            entries.by_key.clear();
            entries.bytes = 0;
            entries.version = entry.version;
        }
        let size = entry.size(&key);
        if entries.bytes + size > BUDGET {
            let mut left = BUDGET * 3 / 4;
            let mut kept_bytes = 0;
            entries.by_key.retain(|key, entry| {
                let size = entry.size(key);
                let keep = size <= left;
                if keep {
                    left -= size;
                    kept_bytes += size;
                }
                keep
            });
            entries.bytes = kept_bytes;
        }
        if let Some(replaced) = entries.by_key.insert(key.clone(), entry) {
            entries.bytes -= replaced.size(&key);
        }
        entries.bytes += size;
    }
}

/// Whether the answer at `path` may be kept: not a download (counted), not the admin, not the
/// probes, not the static files (they carry their own validators).
fn cacheable_path(path: &str) -> bool {
    !path.ends_with("/download")
        && !path.contains("/admin")
        && !path.starts_with("/static/")
        && path != "/healthz"
        && path != "/readyz"
}

/// The data version a request was checked against (by `Front`, or by the page layer on a
/// miss), so that the layers and handlers after do not read it again.
#[derive(Debug, Clone, Copy)]
pub struct VersionRead(pub i64);

/// The front door: answers a request whose page is kept and current before the router (and
/// its layers) sees it at all — most of the cost of a hit would otherwise be theirs. A miss
/// goes on to the router, whose `page_cache` layer renders and keeps it with the headers the
/// other layers add; only what that layer kept can be answered here, so every check the
/// layers make was made on the very same path and query.
#[derive(Debug, Clone)]
pub struct Front {
    /// Shared, so that each request's copy is one count.
    state: Arc<AppState>,
}

impl Front {
    pub fn new(state: AppState) -> Front {
        Front {
            state: Arc::new(state),
        }
    }

    /// The kept answer to `request` from `peer`, or `None` to hand it on.
    pub async fn answer<B>(
        &self,
        request: &mut axum::http::Request<B>,
        peer: std::net::SocketAddr,
    ) -> Option<Response> {
        let method = request.method();
        if !(method == Method::GET || method == Method::HEAD) || !self.state.config.page_cache {
            return None;
        }
        let key = request.uri().path_and_query()?.as_str();
        // Nothing kept under this key (at any version): no need to read the version here.
        if !self.state.page_cache.holds(key) {
            return None;
        }
        let started = std::time::Instant::now();
        let version = self.state.store.data_version().await?;
        let day = crate::domain::progress::today_in_peru();
        let Some(entry) = self.state.page_cache.get(key, version, day) else {
            request.extensions_mut().insert(VersionRead(version));
            return None;
        };
        // The API counts every answer against its client, kept or not (here, only once the
        // kept one is known to be sent); a client past its limit is handed on, to be refused by
        // the API's own layer (a refusal uses nothing up).
        if crate::api::is_api_path(request.uri().path()) {
            let client = crate::web::client::client_address(
                peer.ip(),
                request.headers(),
                &self.state.config.trusted_proxies,
            );
            if self.state.api_rate_limiter.check(client).is_some() {
                return None;
            }
        }
        let response = answer(&entry, request.headers(), request.method());
        // The same line the router's log layer writes.
        tracing::info!(
            method = %request.method(),
            path = %request.uri().path(),
            status = response.status().as_u16(),
            ms = started.elapsed().as_secs_f64() * 1000.0,
            "request"
        );
        Some(response)
    }
}

/// The layer for pages, outside every other but the log: renders a miss and keeps it with the
/// headers the layers inside added. The API is kept by `api_cache`, inside its rate limit
/// (which `Front` applies too).
pub async fn page_cache(state: State<AppState>, request: Request, next: Next) -> Response {
    if crate::api::is_api_path(request.uri().path()) {
        return next.run(request).await;
    }
    serve_cached(state, request, next).await
}

/// The API's answers, kept inside its rate limit (a client past it is refused even an answer
/// that is kept).
pub async fn api_cache(state: State<AppState>, request: Request, next: Next) -> Response {
    serve_cached(state, request, next).await
}

async fn serve_cached(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    // The whole path as the client sent it: routers nested under "/api/v1" see it without
    // their prefix.
    let uri = request
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| request.uri().clone(), |original| original.0.clone());
    if !(method == Method::GET || method == Method::HEAD)
        || !cacheable_path(uri.path())
        || !state.config.page_cache
    {
        return next.run(request).await;
    }
    // Read at the front door for this very request, or now; without it nothing can be known
    // to be fresh: render as if uncached.
    let known = request.extensions().get::<VersionRead>().map(|v| v.0);
    let version = match known {
        Some(version) => version,
        None => match state.store.data_version().await {
            Some(version) => version,
            None => return next.run(request).await,
        },
    };
    let day = crate::domain::progress::today_in_peru();
    let key = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_string(), |pq| pq.as_str().to_string());
    if let Some(entry) = state.page_cache.get(&key, version, day) {
        return answer(&entry, request.headers(), &method);
    }
    // Only a miss needs them after the request is handed on.
    let request_headers = request.headers().clone();
    let mut request = request;
    request.extensions_mut().insert(VersionRead(version));
    let response = next.run(request).await;
    match keep(response, version, day).await {
        Ok(entry) => {
            let entry = Arc::new(entry);
            state.page_cache.put(key, Arc::clone(&entry));
            answer(&entry, &request_headers, &method)
        }
        Err(response) => response,
    }
}

/// The entry for a rendered answer, or the answer itself when it is not to be kept.
async fn keep(response: Response, version: i64, day: time::Date) -> Result<Entry, Response> {
    use axum::body::HttpBody as _;
    // Rendered pages have a known size; a streamed or large body is served as it comes.
    let small = response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|size| size <= MAX_BODY as u64);
    let keepable = response.status() == StatusCode::OK
        && small
        && !response.headers().contains_key(header::SET_COOKIE)
        && !response.headers().contains_key(header::CONTENT_ENCODING)
        && response.headers().contains_key(header::CONTENT_TYPE);
    if !keepable {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let identity = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => bytes,
        // The size was known and within bounds, so reading cannot fail but by a broken body.
        Err(error) => {
            tracing::error!(%error, "reading a rendered answer");
            return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
    };
    let etag = parts.headers.get(header::ETAG).cloned().unwrap_or_else(|| {
        let digest: String = Sha256::digest(&identity)
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        HeaderValue::from_str(&format!("\"{digest}\"")).unwrap_or(HeaderValue::from_static("\"\""))
    });
    let compress = identity.len() >= MIN_COMPRESSED && is_text(&parts.headers);
    let (gzip, brotli) = if compress {
        let bytes = identity.clone();
        tokio::task::spawn_blocking(move || (gzip(&bytes), brotli(&bytes)))
            .await
            .unwrap_or((None, None))
    } else {
        (None, None)
    };
    let mut headers = parts.headers;
    headers.remove(header::CONTENT_LENGTH);
    // Revalidate every time: the ETag makes that cheap, and an edit shows at once.
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-cache"));
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    let variant = |coding: Option<&'static str>, body: Bytes| {
        let mut headers = headers.clone();
        headers.insert(header::ETAG, variant_etag(&etag, coding));
        if let Some(coding) = coding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        Variant { headers, body }
    };
    let mut not_modified = headers.clone();
    not_modified.remove(header::CONTENT_TYPE);
    Ok(Entry {
        version,
        day,
        gzip: gzip.map(|body| variant(Some("gzip"), body)),
        brotli: brotli.map(|body| variant(Some("br"), body)),
        identity: variant(None, identity),
        not_modified,
    })
}

fn is_text(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            t.starts_with("text/") || t.contains("json") || t.contains("xml") || t.contains("svg")
        })
}

fn gzip(bytes: &[u8]) -> Option<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok().map(Bytes::from)
}

fn brotli(bytes: &[u8]) -> Option<Bytes> {
    let mut out = Vec::new();
    {
        // Quality 5: within a few per cent of the best for HTML at a fraction of its time, so a
        // burst of distinct query strings cannot make compression the bottleneck.
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        writer.write_all(bytes).ok()?;
    }
    Some(Bytes::from(out))
}

/// Which encodings the client accepts (`q=0` refuses one).
fn accepts(request_headers: &HeaderMap, coding: &str) -> bool {
    request_headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused = parts.any(|p| p.replace(' ', "") == "q=0" || p == "q=0.0");
            (name.eq_ignore_ascii_case(coding) || name == "*") && !refused
        })
}

/// The ETag of one encoding of an entry: each representation has its own strong validator.
fn variant_etag(etag: &HeaderValue, coding: Option<&str>) -> HeaderValue {
    let Some(coding) = coding else {
        return etag.clone();
    };
    let base = etag.to_str().unwrap_or("\"\"").trim_end_matches('"');
    HeaderValue::from_str(&format!("{base}-{coding}\"")).unwrap_or_else(|_| etag.clone())
}

/// The kept answer, in the best encoding the client takes, or 304 when its copy (in any
/// encoding) is current.
fn answer(entry: &Entry, request_headers: &HeaderMap, method: &Method) -> Response {
    let variant = match (&entry.brotli, &entry.gzip) {
        (Some(br), _) if accepts(request_headers, "br") => br,
        (_, Some(gz)) if accepts(request_headers, "gzip") => gz,
        _ => &entry.identity,
    };
    let current = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|sent| {
            sent.split(',').map(str::trim).any(|tag| {
                tag == "*"
                    || [
                        Some(&entry.identity),
                        entry.gzip.as_ref(),
                        entry.brotli.as_ref(),
                    ]
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.headers.get(header::ETAG))
                    .any(|etag| etag.as_bytes() == tag.as_bytes())
            })
        });
    if current {
        let mut headers = entry.not_modified.clone();
        if let Some(etag) = variant.headers.get(header::ETAG) {
            headers.insert(header::ETAG, etag.clone());
        }
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(variant.body.clone())
    };
    let mut response = Response::new(body);
    *response.headers_mut() = variant.headers.clone();
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn encodings_are_read_as_browsers_send_them() {
        assert!(accepts(&with_accept("gzip, deflate, br, zstd"), "br"));
        assert!(accepts(&with_accept("gzip;q=1.0, br;q=0"), "gzip"));
        assert!(!accepts(&with_accept("gzip;q=1.0, br;q=0"), "br"));
        assert!(!accepts(&with_accept("identity"), "gzip"));
        assert!(accepts(&with_accept("*"), "gzip"));
        assert!(!accepts(&HeaderMap::new(), "gzip"));
    }

    #[test]
    fn compressed_forms_give_back_the_page() {
        let page = "<p>Miraflores — Cumplimiento total</p>".repeat(50);
        let gz = gzip(page.as_bytes()).unwrap();
        let mut decoded = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut decoded)
            .unwrap();
        assert_eq!(decoded, page);
        let br = brotli(page.as_bytes()).unwrap();
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut decoded).unwrap();
        assert_eq!(decoded, page.as_bytes());
        assert!(br.len() < page.len() / 10);
    }

    fn entry(version: i64, body_bytes: usize) -> Arc<Entry> {
        let variant = || Variant {
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; body_bytes]),
        };
        Arc::new(Entry {
            version,
            day: time::macros::date!(2026 - 11 - 28),
            identity: variant(),
            gzip: Some(variant()),
            brotli: None,
            not_modified: HeaderMap::new(),
        })
    }

    #[test]
    fn memory_stays_within_the_budget_and_old_versions_go() {
        let cache = PageCache::default();
        let day = time::macros::date!(2026 - 11 - 28);
        // Far more pages than fit (a crawler through ten thousand city pages).
        for n in 0..2_000 {
            cache.put(format!("/cities/c{n}"), entry(7, 40 * 1024));
            let bytes = cache.0.read().unwrap().bytes;
            assert!(bytes <= BUDGET, "{bytes} after {n}");
        }
        assert!(cache.get("/cities/c1999", 7, day).is_some());
        let entries = cache.0.read().unwrap();
        let counted: usize = entries.by_key.iter().map(|(k, e)| e.size(k)).sum();
        assert_eq!(counted, entries.bytes);
        assert!(entries.bytes > BUDGET / 2, "the budget is used");
        drop(entries);
        // A write: what was kept at the old version is dropped, and a late render of the old
        // version is not kept.
        cache.put("/".to_string(), entry(8, 1024));
        cache.put("/cities".to_string(), entry(7, 1024));
        let entries = cache.0.read().unwrap();
        assert_eq!(entries.by_key.len(), 1);
        assert_eq!(entries.bytes, entries.by_key["/"].size("/"));
    }

    #[test]
    fn downloads_and_admin_pages_are_never_kept() {
        assert!(!cacheable_path("/guides/guia/download"));
        assert!(!cacheable_path("/en/documents/x/download"));
        assert!(!cacheable_path("/admin/municipalities"));
        assert!(cacheable_path("/cities/lima"));
        assert!(cacheable_path("/api/v1/municipalities"));
    }
}
