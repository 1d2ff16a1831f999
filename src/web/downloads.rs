//! Serving stored files: streamed chunk by chunk from the store, with the headers a download
//! needs (type, size, an RFC 6266 file name that keeps Spanish accents, ETag / Last-Modified with
//! 304 answers, single byte ranges with 206 and 416) and counting real downloads only.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::{AppError, AppResult};
use crate::store::{Store, StoredFile, parse_timestamp};

/// Characters RFC 5987 allows unencoded in `filename*` (attr-char).
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `attachment` with an ASCII fallback and the exact UTF-8 name ("Guía Amazonía.pdf").
pub fn content_disposition(name: &str) -> String {
    let fallback: String = deunicode::deunicode(name)
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && !matches!(c, '"' | '\\' | ';' | '%') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        utf8_percent_encode(name, ATTR_CHAR)
    )
}

/// A byte range to send, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    pub start: u64,
    pub end: u64,
}

/// What a `Range` header asks of a file of `size` bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum RangeRequest {
    /// No usable range: send the whole file (also for several ranges or a malformed header,
    /// which a server may ignore).
    Whole,
    Partial(ByteRange),
    /// A well-formed range outside the file: 416.
    Unsatisfiable,
}

pub fn parse_range(header: Option<&str>, size: u64) -> RangeRequest {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return RangeRequest::Whole;
    };
    if spec.contains(',') {
        return RangeRequest::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return RangeRequest::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    let parse = |s: &str| s.parse::<u64>().ok();
    match (first.is_empty(), last.is_empty()) {
        // bytes=-N: the last N bytes
        (true, false) => match parse(last) {
            Some(0) => RangeRequest::Unsatisfiable,
            Some(_) if size == 0 => RangeRequest::Unsatisfiable,
            Some(n) => RangeRequest::Partial(ByteRange {
                start: size.saturating_sub(n),
                end: size - 1,
            }),
            None => RangeRequest::Whole,
        },
        // bytes=N-
        (false, true) => match parse(first) {
            Some(start) if start < size => RangeRequest::Partial(ByteRange {
                start,
                end: size - 1,
            }),
            Some(_) => RangeRequest::Unsatisfiable,
            None => RangeRequest::Whole,
        },
        (false, false) => match (parse(first), parse(last)) {
            (Some(start), Some(end)) if start > end => RangeRequest::Whole,
            (Some(start), Some(_)) if start >= size => RangeRequest::Unsatisfiable,
            (Some(start), Some(end)) => RangeRequest::Partial(ByteRange {
                start,
                end: end.min(size - 1),
            }),
            _ => RangeRequest::Whole,
        },
        (true, true) => RangeRequest::Whole,
    }
}

fn http_date(stored: &str) -> Option<(String, std::time::SystemTime)> {
    let at = parse_timestamp(stored)?;
    let system = std::time::UNIX_EPOCH
        + std::time::Duration::from_secs(u64::try_from(at.unix_timestamp()).ok()?);
    Some((httpdate::fmt_http_date(system), system))
}

/// Whether the client's cached copy is still the current file.
pub(super) fn not_modified(
    headers: &HeaderMap,
    etag: &str,
    modified: Option<std::time::SystemTime>,
) -> bool {
    if let Some(tags) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        return tags
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag || t == "*");
    }
    match (
        headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok()),
        modified,
    ) {
        (Some(since), Some(modified)) => {
            httpdate::parse_http_date(since).is_ok_and(|since| modified <= since)
        }
        _ => false,
    }
}

/// The validators of a stored file: its strong ETag and its modification time.
struct Validators {
    etag: String,
    modified: Option<(String, std::time::SystemTime)>,
}

/// The headers every answer about a file carries (200, 206, 304, 416).
fn common_headers(validators: &Validators) -> HeaderMap {
    let mut common = HeaderMap::new();
    let mut put = |name: header::HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            common.insert(name, value);
        }
    };
    put(header::ETAG, &validators.etag);
    if let Some((date, _)) = &validators.modified {
        put(header::LAST_MODIFIED, date);
    }
    put(header::ACCEPT_RANGES, "bytes");
    // Always revalidate: a guide can be withdrawn or replaced by a new version.
    put(header::CACHE_CONTROL, "no-cache");
    put(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    common
}

/// The range asked for, unless `If-Range` says the file changed since (then the whole file).
fn requested_range(headers: &HeaderMap, validators: &Validators, size: u64) -> RangeRequest {
    let range_header = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    let if_range_ok = match headers.get(header::IF_RANGE).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(value) if value.starts_with('"') => value == validators.etag,
        Some(date) => match (httpdate::parse_http_date(date), &validators.modified) {
            (Ok(date), Some((_, modified))) => *modified <= date,
            _ => false,
        },
    };
    if if_range_ok {
        parse_range(range_header, size)
    } else {
        RangeRequest::Whole
    }
}

/// Answers a download of `file`. `count_for` is the document whose downloads are counted (the
/// public routes); a new download is a GET of the whole file or of a range starting at 0.
pub async fn serve(
    store: &Store,
    file: StoredFile,
    method: &Method,
    headers: &HeaderMap,
    count_for: Option<i64>,
) -> AppResult<Response> {
    let validators = Validators {
        etag: format!("\"{}\"", file.sha256),
        modified: http_date(&file.uploaded_at),
    };
    let size = u64::try_from(file.size_bytes).unwrap_or(0);
    let common = common_headers(&validators);
    let modified_at = validators.modified.as_ref().map(|(_, t)| *t);
    if not_modified(headers, &validators.etag, modified_at) {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    let (status, range) = match requested_range(headers, &validators, size) {
        RangeRequest::Unsatisfiable => {
            let mut response = (StatusCode::RANGE_NOT_SATISFIABLE, common).into_response();
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{size}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            return Ok(response);
        }
        RangeRequest::Whole => (
            StatusCode::OK,
            (size > 0).then(|| ByteRange {
                start: 0,
                end: size - 1,
            }),
        ),
        RangeRequest::Partial(range) => (StatusCode::PARTIAL_CONTENT, Some(range)),
    };
    // A new download: a GET of the whole file or of a range from its first byte.
    if let Some(document_id) =
        count_for.filter(|_| method == Method::GET && range.is_none_or(|r| r.start == 0))
    {
        store.count_download(document_id).await?;
    }
    file_response(store, &file, method, common, status, range)
}

/// The answer carrying the file (or the part asked for) with its entity headers.
fn file_response(
    store: &Store,
    file: &StoredFile,
    method: &Method,
    common: HeaderMap,
    status: StatusCode,
    range: Option<ByteRange>,
) -> AppResult<Response> {
    let size = u64::try_from(file.size_bytes).unwrap_or(0);
    let length = range.map(|r| r.end - r.start + 1).unwrap_or(0);
    let mut response = Response::builder().status(status);
    if let Some(headers) = response.headers_mut() {
        headers.extend(common);
        let mut put = |name: header::HeaderName, value: String| {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        };
        put(header::CONTENT_TYPE, file.content_type.clone());
        put(header::CONTENT_LENGTH, length.to_string());
        put(
            header::CONTENT_DISPOSITION,
            content_disposition(&file.original_name),
        );
        if let (StatusCode::PARTIAL_CONTENT, Some(r)) = (status, range) {
            put(
                header::CONTENT_RANGE,
                format!("bytes {}-{}/{size}", r.start, r.end),
            );
        }
    }
    let body = match (method, range) {
        (&Method::HEAD, _) | (_, None) => Body::empty(),
        (_, Some(range)) => Body::from_stream(chunks(store.clone(), file, range)),
    };
    response
        .body(body)
        .map_err(|e| AppError::Internal(format!("download response: {e}")))
}

/// The bytes of `range`, read one stored chunk at a time.
fn chunks(
    store: Store,
    file: &StoredFile,
    range: ByteRange,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    let chunk_size = u64::try_from(file.chunk_size).unwrap_or(1).max(1);
    let file_id = file.id;
    let first = range.start / chunk_size;
    let last = range.end / chunk_size;
    stream::unfold(first, move |seq| {
        let store = store.clone();
        async move {
            if seq > last {
                return None;
            }
            let data = match store.file_chunk(file_id, seq as i64).await {
                Ok(Some(data)) => data,
                Ok(None) => return Some((Err(std::io::Error::other("missing chunk")), last + 1)),
                Err(error) => {
                    return Some((Err(std::io::Error::other(error.to_string())), last + 1));
                }
            };
            let chunk_start = seq * chunk_size;
            let from = range.start.saturating_sub(chunk_start) as usize;
            let to = ((range.end - chunk_start + 1) as usize).min(data.len());
            let piece = if from == 0 && to == data.len() {
                data
            } else {
                data[from.min(to)..to].to_vec()
            };
            Some((Ok(piece), seq + 1))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_follow_rfc_9110() {
        let p = |start, end| RangeRequest::Partial(ByteRange { start, end });
        assert_eq!(parse_range(None, 100), RangeRequest::Whole);
        assert_eq!(parse_range(Some("bytes=0-9"), 100), p(0, 9));
        assert_eq!(parse_range(Some("bytes=90-"), 100), p(90, 99));
        assert_eq!(parse_range(Some("bytes=-10"), 100), p(90, 99));
        assert_eq!(parse_range(Some("bytes=-500"), 100), p(0, 99));
        assert_eq!(parse_range(Some("bytes=50-500"), 100), p(50, 99));
        assert_eq!(
            parse_range(Some("bytes=100-"), 100),
            RangeRequest::Unsatisfiable
        );
        assert_eq!(
            parse_range(Some("bytes=200-300"), 100),
            RangeRequest::Unsatisfiable
        );
        assert_eq!(
            parse_range(Some("bytes=-0"), 100),
            RangeRequest::Unsatisfiable
        );
        assert_eq!(parse_range(Some("bytes=0-1,5-6"), 100), RangeRequest::Whole);
        assert_eq!(parse_range(Some("items=0-1"), 100), RangeRequest::Whole);
        assert_eq!(parse_range(Some("bytes=9-1"), 100), RangeRequest::Whole);
        assert_eq!(parse_range(Some("bytes=x-1"), 100), RangeRequest::Whole);
    }

    #[test]
    fn file_names_keep_accents_with_an_ascii_fallback() {
        assert_eq!(
            content_disposition("Guía Amazonía.pdf"),
            "attachment; filename=\"Guia Amazonia.pdf\"; filename*=UTF-8''Gu%C3%ADa%20Amazon%C3%ADa.pdf"
        );
        assert!(
            content_disposition("a\"b;c.pdf").starts_with("attachment; filename=\"a_b_c.pdf\"")
        );
    }
}
