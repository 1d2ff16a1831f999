//! Hostile input, table-driven: every form field and every query parameter of every route, on
//! both stores, is fed markup and script, SQL metacharacters, 100 KB strings, bad percent-encoding
//! and invalid UTF-8, control and bidi characters, and path traversal in slugs and file names.
//! Each answer must be a 4xx, or a save whose value comes back escaped: never a 5xx, never raw
//! markup. Every failing case of a test is collected and reported together (route, field,
//! payload, status and the server's error log), so one run shows them all.
//!
//! `PORTAL_TEST_HOSTILE_REPORT=1` prints each test's size, time and answer statuses, and the
//! values that were accepted but deserve a look (line breaks in one-line inputs, 100 KB saves).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use portal::catalogue::{RecordType, by_slug};
use reqwest::cookie::{CookieStore, Jar};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::backend_tests;
use crate::helpers::{Browser, TEST_PASSWORD, TestApp, csrf_token_of, form_inputs, with};

// ---------------------------------------------------------------------------------------------
// The tables
// ---------------------------------------------------------------------------------------------

/// One hostile value, sent as a form value, a query value or a path segment.
struct Payload {
    label: &'static str,
    value: String,
}

impl Payload {
    /// Refused anywhere in a path or query: any control character once percent-decoded.
    fn refused_in_url(&self) -> bool {
        self.value.chars().any(char::is_control)
    }

    /// Refused in a urlencoded form: control characters other than tab and line breaks.
    fn refused_in_form(&self) -> bool {
        self.value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    }

    fn has_line_break(&self) -> bool {
        self.value.contains(['\r', '\n'])
    }

    fn is_markup(&self) -> bool {
        self.value.contains('<')
    }
}

/// Every hostile value; each test sends all of them wherever a value goes.
static PAYLOADS: LazyLock<Vec<Payload>> = LazyLock::new(|| {
    let long_accents: String =
        "Municipalidad Provincial de Ñuñoa y Áncash — «señalética» ¿sí? ¡también! "
            .chars()
            .cycle()
            .take(3_000)
            .collect();
    [
        (
            "script element",
            r#"<script>alert("x")</script>"#.to_string(),
        ),
        (
            "attribute break-out",
            r#""><img src=x onerror=alert(1)>"#.to_string(),
        ),
        (
            "single-quote break-out",
            "'><svg onload=alert(1)>".to_string(),
        ),
        ("SQL tautology", "' OR '1'='1' --".to_string()),
        ("SQL drop", "'; DROP TABLE municipalities; --".to_string()),
        ("100 KB string", "A".repeat(100 * 1024)),
        ("NUL", "a\0b".to_string()),
        ("ESC sequence", "\x1b[31mrojo\x1b[0m".to_string()),
        ("C1 control NEL", "a\u{85}b".to_string()),
        ("bidi override RLO", "\u{202e}fdp.exe".to_string()),
        ("bidi isolate LRI", "\u{2066}Lima\u{2069}".to_string()),
        ("path traversal", "../../../../etc/passwd".to_string()),
        ("Windows traversal", "..\\..\\windows\\win.ini".to_string()),
        ("3,000 accented characters", long_accents),
        (
            "short accented text",
            "Ñuñoa – Áncash «Perú» ¿sí? ¡ya! çàü".to_string(),
        ),
        ("literal %00", "%00".to_string()),
        ("literal %zz", "%zz".to_string()),
        ("emoji", "🌎🇵🇪 👩🏽‍🌾 ciudad".to_string()),
        (
            "CR LF header injection",
            "uno\r\nSet-Cookie: hostil=1".to_string(),
        ),
        ("tab", "a\tb".to_string()),
        ("javascript URL", "javascript:alert(1)".to_string()),
        (
            "URL carrying markup",
            r#"https://example.org/"><script>alert(1)</script>"#.to_string(),
        ),
        (
            "template syntax",
            "{{7*7}} ${7*7} {% raw %} %s %n".to_string(),
        ),
        ("huge number", "99999999999999999999".to_string()),
        ("i64 max", "9223372036854775807".to_string()),
        ("negative number", "-1".to_string()),
        ("NaN", "NaN".to_string()),
        ("zero-width space and BOM", "\u{feff}a\u{200b}b".to_string()),
        ("only spaces", "   ".to_string()),
    ]
    .into_iter()
    .map(|(label, value)| Payload { label, value })
    .collect()
});

/// Invalid percent-encoding and invalid UTF-8 once decoded: sent as they are, never re-encoded.
const BAD_ENCODINGS: &[&str] = &[
    "%FF",       // not UTF-8
    "%C3%28",    // a broken two-byte sequence
    "%zz",       // not hex
    "%4",        // cut short
    "%E2%82",    // a three-byte sequence cut short
    "%ED%A0%80", // an encoded UTF-16 surrogate
    "%C0%AF",    // an overlong '/'
];

/// Who opens a route.
#[derive(Clone, Copy, PartialEq)]
enum Who {
    Public,
    Coordinator,
    Admin,
}

/// Routes and their query parameters. The public pages that take no parameter get an unknown
/// one (`x`): the query string is kept in the language switch link of every page.
const QUERY_ROUTES: &[(&str, &[&str], Who)] = &[
    (
        "/cities",
        &["supported", "department", "badge", "plan", "q"],
        Who::Public,
    ),
    ("/", &["x"], Who::Public),
    ("/badges", &["x"], Who::Public),
    ("/plans", &["x"], Who::Public),
    ("/guides", &["x"], Who::Public),
    ("/diploma", &["x"], Who::Public),
    ("/exchanges", &["x"], Who::Public),
    ("/about", &["x"], Who::Public),
    ("/cities/lima", &["x"], Who::Public),
    ("/guides/guia-plac-amazonia", &["x"], Who::Public),
    ("/admin/login", &["next", "logged_out"], Who::Public),
    (
        "/admin/audit",
        &["action", "account", "from", "until", "page"],
        Who::Coordinator,
    ),
    ("/admin/users", &["x"], Who::Admin),
    ("/admin/proposals", &["x"], Who::Coordinator),
    // And every record list, `/admin/{kind}?q=`: see `ADMIN_LIST_PARAMETER`.
];

/// The search parameter of the admin record lists, whose kinds are read from the coordinator's
/// dashboard: a new record type is covered without changing this file.
const ADMIN_LIST_PARAMETER: &str = "q";

/// Routes with a path parameter; `{}` is replaced by the percent-encoded payload.
const PATH_ROUTES: &[(&str, Who)] = &[
    ("/cities/{}", Who::Public),
    ("/guides/{}", Who::Public),
    ("/guides/{}/download", Who::Public),
    ("/documents/{}/download", Who::Public),
    ("/static/{}", Who::Public),
    ("/admin/{}", Who::Coordinator),
    ("/admin/{}/new", Who::Coordinator),
    ("/admin/municipalities/{}/edit", Who::Coordinator),
    ("/admin/municipalities/{}/history", Who::Coordinator),
    ("/admin/documents/{}/files", Who::Coordinator),
    ("/admin/documents/1/versions/{}/download", Who::Coordinator),
];

/// Form actions with a path parameter, posted by an administrator with a valid token.
const POSTED_PATH_ROUTES: &[&str] = &[
    "/admin/municipalities/{}/delete",
    "/admin/{}/1/delete",
    "/admin/users/{}/disable",
    "/admin/users/{}/enable",
    "/admin/users/{}/reset-mfa",
    "/admin/proposals/{}/approve",
    "/admin/proposals/{}/reject",
    "/admin/revisions/{}/restore",
];

/// The public pages where a record type's values show; `{city}` is the municipality of the
/// record (or the municipality itself), `{slug}` the record's own slug.
const PUBLIC_PAGES: &[(&str, &[&str])] = &[
    ("municipalities", &["/cities", "/cities/{city}"]),
    ("badges", &["/badges", "/cities/{city}"]),
    ("plans", &["/plans", "/cities/{city}"]),
    ("reported-figures", &["/"]),
    ("organisations", &["/", "/about"]),
    ("documents", &["/guides", "/guides/{slug}"]),
    ("programmes", &["/"]),
    ("diploma-cohorts", &["/diploma"]),
    ("exchanges", &["/exchanges"]),
    ("forum-seats", &["/cities/{city}"]),
    ("objectives", &["/"]),
    ("strategy", &["/", "/about"]),
];

/// Unique columns of the catalogue, given fresh values when a record is created (not hostile:
/// the hostile values go in every other field).
const UNIQUE_INPUTS: &[(&str, &str, &str)] = &[
    ("municipalities", "slug", "hostil-municipio"),
    ("organisations", "slug", "hostil-organizacion"),
    ("documents", "slug", "hostil-documento"),
    ("programmes", "slug", "hostil-programa"),
    ("reported-figures", "key", "hostil_cifra"),
    ("objectives", "position", "9999"),
    ("diploma-cohorts", "year", "2099"),
    ("exchanges", "year", "2099"),
];

/// Inputs kept only when another input changes in the same save: a plan's status note and date
/// go into its status history when the status changes. Each payload is also sent with the other
/// input changed to whichever of these values differs from the stored one.
const COMPANION_INPUTS: &[(&str, &str, &str, &[&str])] = &[
    (
        "plans",
        "status_note_es",
        "status",
        &["in_preparation", "submitted"],
    ),
    (
        "plans",
        "status_note_en",
        "status",
        &["in_preparation", "submitted"],
    ),
    (
        "plans",
        "status_changed_on",
        "status",
        &["in_preparation", "submitted"],
    ),
];

/// A plain value saved first in each free-text input, to learn whether the form shows it again.
const PROBE: &str = "prueba hostil";

/// Snippets that only raw (unescaped) hostile markup would put in a page.
const RAW_MARKERS: &[&str] = &[
    "<script>alert(",
    "<img src=x",
    "<svg onload",
    "href=\"javascript:",
    "src=\"javascript:",
];

/// Passwords and valid values used as the untouched rest of a form.
const OTHER_PASSWORD: &str = "otra frase larga que nadie adivina 77";
const WRONG_PASSWORD: &str = "una contraseña equivocada pero larga 1";

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/// What a request answered, whatever it was (a refused request may carry no page).
struct Answer {
    status: u16,
    location: String,
    content_type: String,
    content_disposition: String,
    set_cookie: Vec<String>,
    body: String,
}

impl Answer {
    /// The visible text of `<main>`, short, for a failure message.
    fn gist(&self) -> String {
        let start = self.body.find("<main").unwrap_or(0);
        let end = self.body.find("</main>").unwrap_or(self.body.len());
        let mut text = String::new();
        let mut in_tag = false;
        for c in self.body[start..end].chars() {
            match c {
                '<' => {
                    in_tag = true;
                    text.push(' ');
                }
                '>' => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = crate::helpers::decode_entities(&text);
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(300)
            .collect()
    }
}

async fn read_answer(response: reqwest::Response) -> Result<Answer, String> {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default()
    };
    let status = response.status().as_u16();
    let location = header("location");
    let content_type = header("content-type");
    let content_disposition = header("content-disposition");
    let set_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("reading the body: {e}"))?;
    Ok(Answer {
        status,
        location,
        content_type,
        content_disposition,
        set_cookie,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// Targets longer than this go over a raw connection: the client refuses URIs past 64 KB.
const LONGEST_CLIENT_URI: usize = 60_000;

/// A browser whose cookies can also be sent over a raw connection.
struct Visitor {
    client: reqwest::Client,
    jar: Arc<Jar>,
    address: String,
}

impl Visitor {
    fn new(app: &TestApp) -> Visitor {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .expect("client");
        Visitor {
            client,
            jar,
            address: app.address.clone(),
        }
    }

    /// A new visitor signed in as a new account of this role.
    async fn signed_in(app: &TestApp, role: &str, city: Option<&str>) -> Visitor {
        let visitor = Visitor::new(app);
        let email = app.account(role, city).await;
        visitor
            .browser()
            .login(&email, TEST_PASSWORD)
            .await
            .assert_status(303);
        visitor
    }

    /// The harness's browser, sharing this visitor's cookies.
    fn browser(&self) -> Browser {
        Browser {
            client: self.client.clone(),
            address: self.address.clone(),
            jar: std::sync::Arc::clone(&self.jar),
        }
    }

    fn cookie_header(&self) -> Option<String> {
        let url = reqwest::Url::parse(&self.address).expect("address");
        self.jar
            .cookies(&url)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    }

    /// GET an already-encoded target, over a raw connection when the client cannot send it.
    async fn get(&self, target: &str) -> Result<Answer, String> {
        if target.len() > LONGEST_CLIENT_URI {
            return raw_get(
                &self.address,
                target.as_bytes(),
                self.cookie_header().as_deref(),
            )
            .await;
        }
        let response = self
            .client
            .get(format!("{}{target}", self.address))
            .send()
            .await
            .map_err(|e| format!("GET: {e:?}"))?;
        read_answer(response).await
    }

    async fn post_form(&self, action: &str, pairs: &[(String, String)]) -> Result<Answer, String> {
        if action.len() > LONGEST_CLIENT_URI {
            let body = urlencoded(pairs).into_bytes();
            return raw_post(
                &self.address,
                action.as_bytes(),
                self.cookie_header().as_deref(),
                &body,
            )
            .await;
        }
        let response = self
            .client
            .post(format!("{}{action}", self.address))
            .form(pairs)
            .send()
            .await
            .map_err(|e| format!("POST: {e:?}"))?;
        read_answer(response).await
    }

    async fn post_bytes(
        &self,
        action: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Result<Answer, String> {
        let response = self
            .client
            .post(format!("{}{action}", self.address))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .map_err(|e| format!("POST: {e:?}"))?;
        read_answer(response).await
    }

    /// The CSRF token of the form on `page`.
    async fn token(&self, page: &str) -> String {
        let answer = self.get(page).await.expect("form page");
        assert_eq!(answer.status, 200, "GET {page}: {}", answer.gist());
        csrf_token_of(&answer.body)
    }
}

/// Sends bytes exactly as given (a target no client would send) and reads the answer.
async fn raw_request(address: &str, request: &[u8]) -> Result<Answer, String> {
    let host = address.trim_start_matches("http://");
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(host).await?;
        stream.write_all(request).await?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await?;
        Ok::<_, std::io::Error>(raw)
    };
    let raw = tokio::time::timeout(Duration::from_secs(60), exchange)
        .await
        .map_err(|_| "no answer within 60 s".to_string())?
        .map_err(|e| format!("raw connection: {e}"))?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| {
            format!(
                "no status line in {:?}",
                head.chars().take(200).collect::<String>()
            )
        })?;
    let mut answer = Answer {
        status,
        location: String::new(),
        content_type: String::new(),
        content_disposition: String::new(),
        set_cookie: Vec::new(),
        body: body.to_string(),
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_string();
        match name.to_ascii_lowercase().as_str() {
            "location" => answer.location = value,
            "content-type" => answer.content_type = value,
            "content-disposition" => answer.content_disposition = value,
            "set-cookie" => answer.set_cookie.push(value),
            _ => {}
        }
    }
    Ok(answer)
}

async fn raw_get(address: &str, target: &[u8], cookie: Option<&str>) -> Result<Answer, String> {
    let host = address.trim_start_matches("http://");
    let mut request = b"GET ".to_vec();
    request.extend_from_slice(target);
    request.extend_from_slice(
        format!(" HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n").as_bytes(),
    );
    if let Some(cookie) = cookie {
        request.extend_from_slice(format!("Cookie: {cookie}\r\n").as_bytes());
    }
    request.extend_from_slice(b"\r\n");
    raw_request(address, &request).await
}

async fn raw_post(
    address: &str,
    target: &[u8],
    cookie: Option<&str>,
    body: &[u8],
) -> Result<Answer, String> {
    let host = address.trim_start_matches("http://");
    let mut request = b"POST ".to_vec();
    request.extend_from_slice(target);
    request.extend_from_slice(
        format!(
            " HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        )
        .as_bytes(),
    );
    if let Some(cookie) = cookie {
        request.extend_from_slice(format!("Cookie: {cookie}\r\n").as_bytes());
    }
    request.extend_from_slice(b"\r\n");
    request.extend_from_slice(body);
    raw_request(address, &request).await
}

/// A value as a browser puts it in a URL or a form: every byte but letters and digits encoded.
fn encode(value: &str) -> String {
    utf8_percent_encode(value, NON_ALPHANUMERIC).to_string()
}

fn urlencoded(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

// ---------------------------------------------------------------------------------------------
// Judging answers
// ---------------------------------------------------------------------------------------------

/// The server's error log, captured while a test runs (its tasks run on the test's thread).
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Log {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Log {
    type Writer = Log;

    fn make_writer(&'a self) -> Log {
        self.clone()
    }
}

impl Log {
    fn take(&self) -> String {
        let bytes = std::mem::take(&mut *self.0.lock().expect("log"));
        String::from_utf8_lossy(&bytes).trim().to_string()
    }
}

/// What an answer may be.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Exactly 400: a control character or bad encoding, refused before any handler.
    BadRequest,
    /// Any 4xx.
    ClientError,
    /// Saved (303), an edit conflict (409) or refused (4xx).
    SavedOrRefused,
    /// Shown, redirected or refused: anything but a server error.
    NoServerError,
}

impl Expect {
    fn allows(self, status: u16) -> bool {
        match self {
            Expect::BadRequest => status == 400,
            Expect::ClientError => (400..500).contains(&status),
            Expect::SavedOrRefused => status == 303 || (400..500).contains(&status),
            Expect::NoServerError => status < 500,
        }
    }
}

/// One test's run: every request judged, every failure kept for the report at the end.
struct Run {
    started: Instant,
    log: Log,
    _log_guard: tracing::subscriber::DefaultGuard,
    requests: usize,
    statuses: BTreeMap<u16, usize>,
    failures: Vec<String>,
    notes: BTreeSet<String>,
}

fn describe(payload: Option<&Payload>) -> String {
    match payload {
        Some(p) => format!(" ← {} ({})", p.label, short(&p.value)),
        None => String::new(),
    }
}

fn short(value: &str) -> String {
    let shown: String = value.chars().take(60).collect();
    if shown.len() < value.len() {
        format!("{shown:?}… ({} bytes)", value.len())
    } else {
        format!("{shown:?}")
    }
}

impl Run {
    fn start() -> Run {
        let log = Log::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(log.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::ERROR)
            .finish();
        Run {
            started: Instant::now(),
            _log_guard: tracing::subscriber::set_default(subscriber),
            log,
            requests: 0,
            statuses: BTreeMap::new(),
            failures: Vec::new(),
            notes: BTreeSet::new(),
        }
    }

    fn fail(&mut self, message: String) {
        self.failures.push(message);
    }

    fn note(&mut self, message: String) {
        self.notes.insert(message);
    }

    /// Judges one answer: its status against `expect`, and its body for raw markup. Returns the
    /// answer when there was one.
    fn judge(
        &mut self,
        what: &str,
        payload: Option<&Payload>,
        answer: Result<Answer, String>,
        expect: Expect,
    ) -> Option<Answer> {
        self.requests += 1;
        let log = self.log.take();
        let answer = match answer {
            Ok(answer) => answer,
            Err(error) => {
                let error: String = error.chars().take(300).collect();
                self.fail(format!(
                    "{what}{}: no answer ({error}…); log: {log}",
                    describe(payload)
                ));
                return None;
            }
        };
        *self.statuses.entry(answer.status).or_default() += 1;
        if !expect.allows(answer.status) {
            let log = if log.is_empty() { "(nothing)" } else { &log };
            self.fail(format!(
                "{what}{}: answered {} (expected {expect:?}); page: {:?}; error log: {log}",
                describe(payload),
                answer.status,
                answer.gist()
            ));
        } else if !log.is_empty() {
            self.note(format!(
                "{what}{}: answered {} but logged an error: {log}",
                describe(payload),
                answer.status
            ));
        }
        self.check_markup(what, payload, &answer);
        Some(answer)
    }

    /// No page may carry hostile markup unescaped: neither the payload itself nor any marker.
    fn check_markup(&mut self, what: &str, payload: Option<&Payload>, answer: &Answer) {
        if let Some(p) = payload.filter(|p| p.is_markup())
            && answer.body.contains(&p.value)
        {
            self.fail(format!(
                "{what}{}: the page holds the payload unescaped (status {})",
                describe(payload),
                answer.status
            ));
        }
        for marker in RAW_MARKERS {
            if let Some(at) = answer.body.find(marker) {
                let from = answer.body[..at]
                    .char_indices()
                    .rev()
                    .nth(80)
                    .map_or(0, |(i, _)| i);
                let context: String = answer.body[from..].chars().take(200).collect();
                self.fail(format!(
                    "{what}{}: raw markup {marker:?} in the page (status {}): …{context}…",
                    describe(payload),
                    answer.status
                ));
            }
        }
    }

    /// Fails with every failure found; with PORTAL_TEST_HOSTILE_REPORT=1, also prints what the
    /// run did (size, time, statuses) and the notes (accepted but questionable values).
    fn finish(self, summary: &str) {
        let name = std::thread::current()
            .name()
            .unwrap_or("hostile")
            .to_string();
        if std::env::var("PORTAL_TEST_HOSTILE_REPORT").as_deref() == Ok("1") {
            // Written to the stderr handle itself: the harness captures eprintln! of passing tests.
            let mut out = std::io::stderr();
            let _ = writeln!(
                out,
                "{name}: {} requests in {:.1} s ({summary}); statuses {:?}",
                self.requests,
                self.started.elapsed().as_secs_f64(),
                self.statuses
            );
            for note in &self.notes {
                let _ = writeln!(out, "  NOTE {note}");
            }
        }
        assert!(
            self.failures.is_empty(),
            "{name}: {} hostile-input failures:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Reading pages
// ---------------------------------------------------------------------------------------------

/// An input of a record form.
struct FormField {
    name: String,
    /// A one-line input (text, URL, date), where a line break has no place.
    single_line: bool,
    /// Free text (a text or URL input, a text area): what is saved should come back as typed.
    free_text: bool,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let at = tag.find(&marker)? + marker.len();
    Some(crate::helpers::decode_entities(
        tag[at..].split('"').next().unwrap_or(""),
    ))
}

/// Every input name of the first record form of a page, once each, unchecked boxes included
/// (`form_inputs` gives what a browser would send, which leaves those out).
fn form_fields(body: &str) -> Vec<FormField> {
    let start = body.find("class=\"record-form\"").unwrap_or(0);
    let end = body[start..]
        .find("</form>")
        .map_or(body.len(), |i| start + i);
    let mut fields: Vec<FormField> = Vec::new();
    for chunk in body[start..end].split('<').skip(1) {
        let tag = chunk.split('>').next().unwrap_or("");
        let element = tag.split_whitespace().next().unwrap_or("");
        if !matches!(element, "input" | "select" | "textarea") {
            continue;
        }
        let Some(name) = attribute(tag, "name") else {
            continue;
        };
        if fields.iter().any(|f| f.name == name) {
            continue;
        }
        let kind = attribute(tag, "type").unwrap_or_default();
        fields.push(FormField {
            name,
            single_line: element == "input" && matches!(kind.as_str(), "text" | "url" | "date"),
            free_text: element == "textarea"
                || (element == "input" && matches!(kind.as_str(), "text" | "url")),
        });
    }
    fields
}

/// The record types on a signed-in visitor's dashboard (at least `expected`).
async fn dashboard_kinds(visitor: &Visitor, expected: usize) -> Vec<String> {
    let dashboard = visitor.get("/admin").await.expect("dashboard");
    assert_eq!(dashboard.status, 200, "dashboard: {}", dashboard.gist());
    let kinds: Vec<String> = dashboard
        .body
        .split("<li class=\"card\"><h2><a href=\"/admin/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect();
    assert!(
        kinds.len() >= expected,
        "record types on the dashboard: {kinds:?}"
    );
    kinds
}

fn catalogue(kind: &str) -> &'static RecordType {
    by_slug(kind).unwrap_or_else(|| panic!("{kind} is not in the catalogue"))
}

/// The edit form of the first record of a list (a singleton's list leads to its only record).
async fn first_record(coordinator: &Visitor, kind: &str) -> Option<(String, i64)> {
    let list = coordinator
        .get(&format!("/admin/{kind}"))
        .await
        .expect("list");
    if list.status == 303 {
        let path = list.location.clone();
        let id = path.split('/').nth(3)?.parse().ok()?;
        return Some((path, id));
    }
    let marker = format!("href=\"/admin/{kind}/");
    list.body.split(&marker).skip(1).find_map(|rest| {
        let link = rest.split('"').next()?;
        let id: i64 = link.strip_suffix("/edit")?.parse().ok()?;
        Some((format!("/admin/{kind}/{id}/edit"), id))
    })
}

/// The public pages showing a record, in both languages.
async fn public_pages_of(app: &TestApp, kind: &str, values: &[(String, String)]) -> Vec<String> {
    let value = |name: &str| {
        values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let city = if kind == "municipalities" {
        value("slug")
    } else {
        match value("municipality_id").parse::<i64>() {
            Ok(id) => app
                .store
                .get_record(catalogue("municipalities"), id)
                .await
                .expect("municipality")
                .and_then(|m| m.values.text("slug").map(str::to_string))
                .unwrap_or_default(),
            Err(_) => String::new(),
        }
    };
    let templates = PUBLIC_PAGES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(&["/"][..], |(_, pages)| *pages);
    let mut pages = Vec::new();
    for template in templates {
        if template.contains("{city}") && city.is_empty() {
            continue;
        }
        let page = template
            .replace("{city}", &city)
            .replace("{slug}", &value("slug"));
        pages.push(page.clone());
        pages.push(format!("/en{page}"));
    }
    pages
}

/// The value an edit form shows in one input.
async fn stored_value(visitor: &Visitor, edit_path: &str, input: &str) -> String {
    let page = visitor.get(edit_path).await.expect("edit form");
    form_inputs(&page.body)
        .into_iter()
        .find(|(name, _)| name == input)
        .map(|(_, value)| value)
        .unwrap_or_default()
}

async fn row_version(app: &TestApp, kind: &str, id: i64) -> i64 {
    app.store
        .get_record(catalogue(kind), id)
        .await
        .expect("record")
        .expect("the record exists")
        .row_version
}

// ---------------------------------------------------------------------------------------------
// 1. Query parameters
// ---------------------------------------------------------------------------------------------

async fn query_parameters_take_hostile_values(app: TestApp) {
    let mut run = Run::start();
    let public = Visitor::new(&app);
    let coordinator = Visitor::signed_in(&app, "coordinator", None).await;
    let admin = Visitor::signed_in(&app, "admin", None).await;
    let mut routes: Vec<(String, Vec<&str>, Who)> = QUERY_ROUTES
        .iter()
        .map(|(path, params, who)| (path.to_string(), params.to_vec(), *who))
        .collect();
    for kind in dashboard_kinds(&coordinator, 10).await {
        if !catalogue(&kind).singleton {
            routes.push((
                format!("/admin/{kind}"),
                vec![ADMIN_LIST_PARAMETER],
                Who::Coordinator,
            ));
        }
    }
    let mut parameters = 0;
    for (path, params, who) in &routes {
        let visitor = match who {
            Who::Public => &public,
            Who::Coordinator => &coordinator,
            Who::Admin => &admin,
        };
        for prefix in ["", "/en"] {
            for param in params {
                parameters += 1;
                for payload in PAYLOADS.iter() {
                    let target = format!("{prefix}{path}?{param}={}", encode(&payload.value));
                    let expect = if payload.refused_in_url() {
                        Expect::BadRequest
                    } else {
                        Expect::NoServerError
                    };
                    let what = format!("GET {prefix}{path}?{param}=");
                    let answer = visitor.get(&target).await;
                    run.judge(&what, Some(payload), answer, expect);
                }
            }
            // The payload as the parameter's name.
            for payload in PAYLOADS.iter() {
                let target = format!("{prefix}{path}?{}=1", encode(&payload.value));
                let expect = if payload.refused_in_url() {
                    Expect::BadRequest
                } else {
                    Expect::NoServerError
                };
                let what = format!("GET {prefix}{path}?<name>=1");
                let answer = visitor.get(&target).await;
                run.judge(&what, Some(payload), answer, expect);
            }
        }
    }
    let summary = format!(
        "{} payloads × ({parameters} route parameters in both languages + {} routes × 2 languages with the payload as a name)",
        PAYLOADS.len(),
        routes.len()
    );
    run.finish(&summary);
}

// ---------------------------------------------------------------------------------------------
// 2. Path segments
// ---------------------------------------------------------------------------------------------

async fn path_segments_take_hostile_values(app: TestApp) {
    let mut run = Run::start();
    let public = Visitor::new(&app);
    let coordinator = Visitor::signed_in(&app, "coordinator", None).await;
    let admin = Visitor::signed_in(&app, "admin", None).await;
    for (template, who) in PATH_ROUTES {
        let visitor = match who {
            Who::Public => &public,
            Who::Coordinator => &coordinator,
            Who::Admin => &admin,
        };
        for prefix in ["", "/en"] {
            for payload in PAYLOADS.iter() {
                let target = format!(
                    "{prefix}{}",
                    template.replace("{}", &encode(&payload.value))
                );
                let expect = if payload.refused_in_url() {
                    Expect::BadRequest
                } else {
                    Expect::ClientError
                };
                let answer = visitor.get(&target).await;
                run.judge(
                    &format!("GET {prefix}{template}"),
                    Some(payload),
                    answer,
                    expect,
                );
            }
        }
    }
    let token = admin.token("/admin/users").await;
    for template in POSTED_PATH_ROUTES {
        for payload in PAYLOADS.iter() {
            let action = template.replace("{}", &encode(&payload.value));
            let pairs = vec![("csrf_token".to_string(), token.clone())];
            let expect = if payload.refused_in_url() {
                Expect::BadRequest
            } else {
                Expect::ClientError
            };
            let answer = admin.post_form(&action, &pairs).await;
            run.judge(&format!("POST {template}"), Some(payload), answer, expect);
        }
    }
    let summary = format!(
        "{} payloads × ({} GET routes × 2 languages + {} POST routes)",
        PAYLOADS.len(),
        PATH_ROUTES.len(),
        POSTED_PATH_ROUTES.len()
    );
    run.finish(&summary);
}

// ---------------------------------------------------------------------------------------------
// 3. Raw encodings: bytes no String can hold, sent as they are
// ---------------------------------------------------------------------------------------------

/// A form posted with bad bytes in one input (the others valid).
struct FormCase<'a> {
    visitor: &'a Visitor,
    action: String,
    pairs: Vec<(String, String)>,
    field: &'static str,
}

async fn raw_encodings_are_refused(app: TestApp) {
    let mut run = Run::start();
    let coordinator = Visitor::signed_in(&app, "coordinator", None).await;
    let admin = Visitor::signed_in(&app, "admin", None).await;
    let cookie = coordinator.cookie_header();

    // Invalid percent-encoding or UTF-8 in paths and queries: the 400 page.
    let public_targets = [
        "/cities?q={}",
        "/cities?{}=1",
        "/cities?department=Lima&q={}",
        "/cities/{}",
        "/guides/{}",
        "/guides/{}/download",
        "/documents/{}/download",
        "/?x={}",
        "/admin/login?next={}",
        "/static/{}",
    ];
    let admin_targets = [
        "/admin/municipalities?q={}",
        "/admin/audit?account={}",
        "/admin/audit?from={}",
        "/admin/{}",
        "/admin/municipalities/{}/edit",
    ];
    let mut count = 0;
    for bad in BAD_ENCODINGS {
        for prefix in ["", "/en"] {
            for (targets, cookie) in [
                (&public_targets[..], None),
                (&admin_targets[..], cookie.as_deref()),
            ] {
                for template in targets {
                    count += 1;
                    let target = format!("{prefix}{}", template.replace("{}", bad));
                    let answer = raw_get(&app.address, target.as_bytes(), cookie).await;
                    let what = format!("GET {target} (raw)");
                    if let Some(answer) = run.judge(&what, None, answer, Expect::BadRequest)
                        && !answer.content_type.starts_with("text/html")
                    {
                        run.fail(format!(
                            "{what}: the 400 is not a page ({:?})",
                            answer.content_type
                        ));
                    }
                }
            }
        }
    }

    // Bytes that are not even ASCII, path traversal the client would have folded away, and a
    // page path that would make a protocol-relative link.
    let raw_targets: &[&[u8]] = &[
        b"/cities?q=\xff",
        b"/cities?q=\xc3\x28",
        b"/cities/\xff",
        b"/en/cities/\xc3\x28",
        b"/static/../../../../etc/passwd",
        b"/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        b"/static/%2e%2e/%2e%2e/Cargo.toml",
        b"/static/..%5C..%5CCargo.toml",
        b"/guides/../../../../Cargo.toml/download",
        b"/documents/..%2F..%2FCargo.toml/download",
        b"/cities/..\\..\\windows\\win.ini",
        b"//etc/passwd",
        b"/en//evil.example/x",
        b"/en/\\evil.example/x",
    ];
    for target in raw_targets {
        count += 1;
        let what = format!("GET {} (raw)", String::from_utf8_lossy(target));
        let answer = raw_get(&app.address, target, None).await;
        if let Some(answer) = run.judge(&what, None, answer, Expect::ClientError) {
            if !answer.content_type.starts_with("text/html") {
                run.note(format!(
                    "{what}: a bare {} from the HTTP layer, not the portal's error page",
                    answer.status
                ));
            }
            for leak in ["root:", "[package]", "//evil.example", "\\evil.example"] {
                if answer.body.contains(leak) {
                    run.fail(format!("{what}: the answer holds {leak:?}"));
                }
            }
        }
    }

    // Urlencoded bodies with bad encoding in a value or a name, on every form kind.
    let sign_in = Visitor::new(&app);
    let sign_in_token = sign_in.token("/admin/login").await;
    let municipality = first_record(&coordinator, "municipalities")
        .await
        .expect("a municipality");
    let municipality_form = form_inputs(
        &coordinator
            .get(&municipality.0)
            .await
            .expect("edit form")
            .body,
    );
    let mfa_token = coordinator.token("/admin/account/mfa").await;
    let users_token = admin.token("/admin/users").await;
    let forms = [
        FormCase {
            visitor: &sign_in,
            action: "/admin/login".to_string(),
            pairs: vec![
                ("csrf_token".into(), sign_in_token),
                ("email".into(), "ana@example.pe".into()),
                ("password".into(), WRONG_PASSWORD.into()),
            ],
            field: "email",
        },
        FormCase {
            visitor: &coordinator,
            action: municipality.0.clone(),
            pairs: municipality_form,
            field: "name",
        },
        FormCase {
            visitor: &coordinator,
            action: "/admin/account/mfa".to_string(),
            pairs: vec![
                ("csrf_token".into(), mfa_token),
                ("code".into(), "123456".into()),
            ],
            field: "code",
        },
        FormCase {
            visitor: &admin,
            action: "/admin/users".to_string(),
            pairs: vec![
                ("csrf_token".into(), users_token),
                ("email".into(), "nueva@example.pe".into()),
                ("name".into(), "Nueva Persona".into()),
                ("role".into(), "coordinator".into()),
                ("city".into(), String::new()),
                ("password".into(), OTHER_PASSWORD.into()),
            ],
            field: "name",
        },
    ];
    for FormCase {
        visitor,
        action,
        pairs,
        field,
    } in &forms
    {
        let others: Vec<(String, String)> =
            pairs.iter().filter(|(n, _)| n != field).cloned().collect();
        let rest = urlencoded(&others);
        let mut bodies: Vec<(String, Vec<u8>)> = Vec::new();
        for bad in BAD_ENCODINGS {
            bodies.push((
                format!("{field}={bad}"),
                format!("{rest}&{field}={bad}").into_bytes(),
            ));
            bodies.push((
                format!("{bad}=1"),
                format!("{rest}&{field}=x&{bad}=1").into_bytes(),
            ));
        }
        for raw in [&b"\xff"[..], b"\xc3\x28", b"a\x00b", b"\x1b[31m"] {
            let mut body = format!("{rest}&{field}=").into_bytes();
            body.extend_from_slice(raw);
            bodies.push((
                format!(
                    "{field}={} (raw bytes)",
                    String::from_utf8_lossy(raw).escape_debug()
                ),
                body,
            ));
        }
        for (label, body) in bodies {
            count += 1;
            let answer = visitor
                .post_bytes(action, "application/x-www-form-urlencoded", body)
                .await;
            run.judge(
                &format!("POST {action} body {label}"),
                None,
                answer,
                Expect::BadRequest,
            );
        }
    }

    // The same bytes in a multipart upload: the language and the file name.
    let document = guide_id(&app, "guia-plac-amazonia").await;
    let files = format!("/admin/documents/{document}/files");
    let token = coordinator.token(&files).await;
    for raw in [
        &b"\xff"[..],
        b"\xc3\x28",
        b"a\x00b",
        b"\x1b[31m",
        b"\xe2\x80\xae",
    ] {
        count += 2;
        let label = String::from_utf8_lossy(raw).escape_debug().to_string();
        let body = multipart(&token, raw, b"guia.pdf", &pdf());
        let answer = coordinator.post_bytes(&files, MULTIPART_TYPE, body).await;
        run.judge(
            &format!("POST {files} language {label} (raw bytes)"),
            None,
            answer,
            Expect::ClientError,
        );
        let mut name = b"guia".to_vec();
        name.extend_from_slice(raw);
        name.extend_from_slice(b".pdf");
        let body = multipart(&token, b"es", &name, &pdf());
        let answer = coordinator.post_bytes(&files, MULTIPART_TYPE, body).await;
        run.judge(
            &format!("POST {files} file name with {label} (raw bytes)"),
            None,
            answer,
            Expect::SavedOrRefused,
        );
    }
    check_stored_file_names(&mut run, &app, document).await;
    let names: Vec<String> = app
        .store
        .document_versions(document)
        .await
        .expect("versions")
        .into_iter()
        .map(|v| format!("{:?}", v.original_name))
        .collect();
    run.note(format!(
        "file names stored from raw-byte uploads: {}",
        names.join(", ")
    ));
    run.finish(&format!("{count} raw requests"));
}

// ---------------------------------------------------------------------------------------------
// 4. Record forms, field by field
// ---------------------------------------------------------------------------------------------

/// The full cross product (every payload in every input, no subset) takes about 25 s on SQLite and
/// 30–45 s on Postgres.
///
/// For each record type on the coordinator's dashboard, each input of its form (read from the
/// "new" form, so new fields are covered without changing this test) and each payload: the edit
/// form of an existing record is saved with only that input changed. A save (303) is then read
/// back on the edit form and the public pages where the record shows. Each record type is then
/// created once with markup in every field that took it.
async fn record_forms_take_hostile_values(app: TestApp) {
    let mut run = Run::start();
    records_of_every_type(&app).await;
    let coordinator = Visitor::signed_in(&app, "coordinator", None).await;
    let kinds = dashboard_kinds(&coordinator, 10).await;
    let mut fields_total = 0;
    for kind in &kinds {
        fields_total += record_form(&mut run, &app, &coordinator, kind).await;
    }
    let summary = format!(
        "{} payloads × {fields_total} inputs of {} record types",
        PAYLOADS.len(),
        kinds.len()
    );
    run.finish(&summary);
}

/// The seed has no ledger entry and no plan measure: one of each, so that every type has a
/// record whose form can be saved.
async fn records_of_every_type(app: &TestApp) {
    use portal::catalogue::{PLAN_MEASURES, PROGRESS_ENTRIES, Record, Value};
    let change = portal::store::Change {
        actor: "test",
        ..Default::default()
    };
    let mut entry = Record::new();
    entry.set("municipality_id", Value::Integer(1));
    entry.set("phase_id", Value::Integer(1));
    entry.set("status", Value::Text("reported".into()));
    app.store
        .create_record(&PROGRESS_ENTRIES, &entry, change)
        .await
        .expect("a ledger entry");
    let mut measure = Record::new();
    measure.set("plan_id", Value::Integer(1));
    measure.set("title_es", Value::Text("Medida".into()));
    measure.set("title_en", Value::Text("Measure".into()));
    measure.set("position", Value::Integer(1));
    app.store
        .create_record(&PLAN_MEASURES, &measure, change)
        .await
        .expect("a plan measure");
}

/// Saves the record form of one type with every payload in every input; the count of inputs.
async fn record_form(run: &mut Run, app: &TestApp, coordinator: &Visitor, kind: &str) -> usize {
    let (edit_path, id) = first_record(coordinator, kind)
        .await
        .unwrap_or_else(|| panic!("no {kind} record to start from"));
    let new_form = coordinator
        .get(&format!("/admin/{kind}/new"))
        .await
        .expect("new form");
    let edit_form = coordinator.get(&edit_path).await.expect("edit form");
    assert_eq!(
        edit_form.status,
        200,
        "GET {edit_path}: {}",
        edit_form.gist()
    );
    // A singleton (the strategy) has no "new" form: its edit form lists the same inputs.
    let fields = if new_form.status == 200 {
        form_fields(&new_form.body)
    } else {
        form_fields(&edit_form.body)
    };
    let baseline = form_inputs(&edit_form.body);
    if !PUBLIC_PAGES.iter().any(|(k, _)| *k == kind) {
        run.note(format!(
            "{kind} is not in PUBLIC_PAGES: only the home page is read after its saves"
        ));
    }
    let pages = public_pages_of(app, kind, &baseline).await;
    let mut took_markup: Vec<String> = Vec::new();
    let mut saved = 0;
    for field in &fields {
        // Whether the input shows what was saved in it (a plan's status note does not: it goes
        // to the status history): only then is a payload's round trip compared.
        let echoes = field.free_text && {
            let version = row_version(app, kind, id).await.to_string();
            let pairs = with(baseline.clone(), "row_version", &version);
            let pairs = with(pairs, &field.name, PROBE);
            let probe = coordinator.post_form(&edit_path, &pairs).await;
            let probe = run.judge(
                &format!("POST {edit_path} field {}", field.name),
                None,
                probe,
                Expect::SavedOrRefused,
            );
            probe.is_some_and(|answer| answer.status == 303)
                && stored_value(coordinator, &edit_path, &field.name).await == PROBE
        };
        let companion = COMPANION_INPUTS
            .iter()
            .find(|(k, input, _, _)| *k == kind && *input == field.name);
        for payload in PAYLOADS.iter() {
            // The payload alone, and, for an input that is only kept when another changes, with
            // that change too.
            let mut variants: Vec<Option<(&str, String)>> = vec![None];
            if let Some((_, _, other, values)) = companion {
                let current = app
                    .store
                    .get_record(catalogue(kind), id)
                    .await
                    .expect("record")
                    .and_then(|r| r.values.text(other).map(str::to_string))
                    .unwrap_or_default();
                let changed = values.iter().find(|v| **v != current).unwrap_or(&values[0]);
                variants.push(Some((*other, changed.to_string())));
            }
            for variant in variants {
                let version = row_version(app, kind, id).await.to_string();
                let mut pairs = with(baseline.clone(), "row_version", &version);
                let mut what = format!("POST {edit_path} field {}", field.name);
                if let Some((other, value)) = &variant {
                    pairs = with(pairs, other, value);
                    what.push_str(&format!(" (with {other}={value})"));
                }
                pairs = with(pairs, &field.name, &payload.value);
                let expect = if payload.refused_in_form() {
                    Expect::BadRequest
                } else if field.name == "csrf_token" {
                    Expect::ClientError
                } else {
                    Expect::SavedOrRefused
                };
                let answer = coordinator.post_form(&edit_path, &pairs).await;
                let Some(answer) = run.judge(&what, Some(payload), answer, expect) else {
                    continue;
                };
                if answer.status != 303 {
                    continue;
                }
                saved += 1;
                if payload.label == "script element" && variant.is_none() {
                    took_markup.push(field.name.clone());
                }
                let shown = coordinator.get(&edit_path).await;
                let what_shown = format!("GET {edit_path} after saving {}", field.name);
                if run
                    .judge(&what_shown, Some(payload), shown, Expect::NoServerError)
                    .is_none()
                {
                    continue;
                }
                let stored = stored_value(coordinator, &edit_path, &field.name).await;
                if payload.has_line_break() && field.single_line {
                    run.note(format!(
                        "single-line input {kind}.{} accepts a line break ({}; {})",
                        field.name,
                        payload.label,
                        if !echoes {
                            "not shown again in the form"
                        } else if stored.contains(['\r', '\n']) {
                            "stored with it"
                        } else {
                            "stored without it"
                        }
                    ));
                }
                // Text comes back as typed (trimmed): escaped in the page, the same text once
                // the page is read.
                if echoes && stored != payload.value.trim() {
                    run.note(format!(
                        "{kind}.{} saved {} ({}) but shows {}",
                        field.name,
                        payload.label,
                        short(payload.value.trim()),
                        short(&stored)
                    ));
                }
                for page in &pages {
                    let what_page = format!("GET {page} after saving {kind}.{}", field.name);
                    let answer = coordinator.get(page).await;
                    let Some(answer) =
                        run.judge(&what_page, Some(payload), answer, Expect::NoServerError)
                    else {
                        continue;
                    };
                    let long = payload.value.len() > 50_000;
                    if long && (answer.body.contains(&payload.value) || stored == payload.value) {
                        run.note(format!(
                            "{what}: the {} was saved and shows on {page}",
                            payload.label
                        ));
                    }
                }
            }
        }
    }
    if saved == 0 {
        run.fail(format!(
            "no save of {kind} succeeded: its baseline form is not valid"
        ));
    }
    // Put the record back as it was, then read the pages that list every revision.
    let version = row_version(app, kind, id).await.to_string();
    let restored = coordinator
        .post_form(&edit_path, &with(baseline.clone(), "row_version", &version))
        .await;
    run.judge(
        &format!("POST {edit_path} (restore)"),
        None,
        restored,
        Expect::SavedOrRefused,
    );
    for page in [
        format!("/admin/{kind}/{id}/history"),
        format!("/admin/{kind}"),
        "/admin/audit".to_string(),
    ] {
        let answer = coordinator.get(&page).await;
        run.judge(
            &format!("GET {page} after the hostile saves"),
            None,
            answer,
            Expect::NoServerError,
        );
    }
    create_with_markup(
        run,
        app,
        coordinator,
        kind,
        &fields,
        &baseline,
        &took_markup,
    )
    .await;
    fields.len()
}

/// Creates a record of `kind` with markup in every input that took it on the edit form.
async fn create_with_markup(
    run: &mut Run,
    app: &TestApp,
    coordinator: &Visitor,
    kind: &str,
    fields: &[FormField],
    baseline: &[(String, String)],
    took_markup: &[String],
) {
    if catalogue(kind).singleton {
        return;
    }
    let markup = [
        r#"<script>alert("x")</script>"#,
        r#""><img src=x onerror=alert(1)>"#,
    ];
    let mut pairs = with(baseline.to_vec(), "row_version", "0");
    for (i, name) in took_markup.iter().enumerate() {
        pairs = with(pairs, name, markup[i % markup.len()]);
    }
    for (k, name, value) in UNIQUE_INPUTS {
        if *k == kind && fields.iter().any(|f| f.name == *name) {
            pairs = with(pairs, name, value);
        }
    }
    let action = format!("/admin/{kind}/new");
    let what = format!("POST {action} with markup in {}", took_markup.join(", "));
    let answer = coordinator.post_form(&action, &pairs).await;
    let Some(answer) = run.judge(&what, None, answer, Expect::SavedOrRefused) else {
        return;
    };
    if answer.status != 303 {
        run.note(format!(
            "{what}: refused with {} ({})",
            answer.status,
            answer.gist()
        ));
        return;
    }
    let created = answer.location.clone();
    let mut pages = vec![created.clone(), format!("/admin/{kind}")];
    pages.extend(public_pages_of(app, kind, &pairs).await);
    for page in pages {
        let answer = coordinator.get(&page).await;
        run.judge(
            &format!("GET {page} after creating a {kind} with markup"),
            None,
            answer,
            Expect::NoServerError,
        );
    }
}

/// A city editor's saves become proposals: each payload in each input of each record type on
/// the editor's dashboard, then the coordinator reads the proposals and approves every one (the
/// first of each record applies, the later ones meet the changed record: a conflict page).
async fn proposals_take_hostile_values(app: TestApp) {
    let mut run = Run::start();
    let city: String = sqlx::query_scalar(
        "SELECT m.slug FROM municipalities m
         WHERE EXISTS (SELECT 1 FROM badges b WHERE b.municipality_id = m.id)
           AND EXISTS (SELECT 1 FROM plans p WHERE p.municipality_id = m.id)
         ORDER BY m.id LIMIT 1",
    )
    .fetch_one(app.store.pool())
    .await
    .expect("a municipality with a badge and a plan");
    let coordinator = Visitor::signed_in(&app, "coordinator", None).await;
    let editor = Visitor::signed_in(&app, "city_editor", Some(&city)).await;
    let kinds = dashboard_kinds(&editor, 1).await;
    let mut inputs = 0;
    let mut pages: Vec<String> = Vec::new();
    for kind in &kinds {
        let Some((edit_path, _)) = first_record(&editor, kind).await else {
            run.note(format!(
                "the city editor of {city} has no {kind} record to propose on"
            ));
            continue;
        };
        let edit_form = editor.get(&edit_path).await.expect("edit form");
        assert_eq!(
            edit_form.status,
            200,
            "GET {edit_path}: {}",
            edit_form.gist()
        );
        let fields = form_fields(&edit_form.body);
        let baseline = form_inputs(&edit_form.body);
        pages.extend(public_pages_of(&app, kind, &baseline).await);
        inputs += fields.len();
        for field in &fields {
            for payload in PAYLOADS.iter() {
                let pairs = with(baseline.clone(), &field.name, &payload.value);
                let expect = if payload.refused_in_form() {
                    Expect::BadRequest
                } else if field.name == "csrf_token" {
                    Expect::ClientError
                } else {
                    Expect::SavedOrRefused
                };
                let answer = editor.post_form(&edit_path, &pairs).await;
                run.judge(
                    &format!("POST {edit_path} (proposal) field {}", field.name),
                    Some(payload),
                    answer,
                    expect,
                );
            }
        }
    }
    for (visitor, page) in [
        (&editor, "/admin/proposals"),
        (&coordinator, "/admin/proposals"),
        (&coordinator, "/en/admin/proposals"),
    ] {
        let answer = visitor.get(page).await;
        run.judge(
            &format!("GET {page} with hostile proposals"),
            None,
            answer,
            Expect::NoServerError,
        );
    }
    let listing = coordinator
        .get("/admin/proposals")
        .await
        .expect("proposals");
    let token = csrf_token_of(&listing.body);
    let approvals: Vec<String> = listing
        .body
        .split("action=\"/admin/proposals/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|action| action.ends_with("/approve"))
        .map(|action| format!("/admin/proposals/{action}"))
        .collect();
    if approvals.is_empty() {
        run.fail("no proposal to approve: the city editor's saves made none".to_string());
    }
    for action in &approvals {
        let pairs = vec![("csrf_token".to_string(), token.clone())];
        let answer = coordinator.post_form(action, &pairs).await;
        run.judge(
            &format!("POST {action}"),
            None,
            answer,
            Expect::SavedOrRefused,
        );
    }
    pages.extend(["/admin/proposals".to_string(), "/admin/audit".to_string()]);
    for page in &pages {
        let answer = coordinator.get(page).await;
        run.judge(
            &format!("GET {page} after the approvals"),
            None,
            answer,
            Expect::NoServerError,
        );
    }
    run.finish(&format!(
        "{} payloads × {inputs} inputs of {} record types, then {} approvals",
        PAYLOADS.len(),
        kinds.len(),
        approvals.len()
    ));
}

// ---------------------------------------------------------------------------------------------
// 5. Sign-in, account creation, second factor, uploads
// ---------------------------------------------------------------------------------------------

/// Failed sign-ins count against the address (20 per window) and the account: the counters are
/// emptied before each hostile attempt so that every payload reaches the password check (the
/// throttle has its own tests). A 429 would still be a valid refusal.
async fn forget_failed_sign_ins(app: &TestApp) {
    sqlx::query("DELETE FROM sign_in_counters")
        .execute(app.store.pool())
        .await
        .expect("empty the sign-in counters");
}

/// The sign-in form with each payload in one field.
async fn sign_in(run: &mut Run, app: &TestApp, field: &str, rest: &[(&str, &str)]) {
    let visitor = Visitor::new(app);
    for (i, payload) in PAYLOADS.iter().enumerate() {
        forget_failed_sign_ins(app).await;
        let token = visitor.token("/admin/login").await;
        let mut pairs: Vec<(String, String)> = vec![("csrf_token".into(), token)];
        for (name, value) in rest {
            pairs.push((name.to_string(), value.replace("{n}", &i.to_string())));
        }
        pairs = with(pairs, field, &payload.value);
        let expect = if payload.refused_in_form() {
            Expect::BadRequest
        } else {
            Expect::ClientError
        };
        let answer = visitor.post_form("/admin/login", &pairs).await;
        if let Some(answer) = run.judge(
            &format!("POST /admin/login field {field}"),
            Some(payload),
            answer,
            expect,
        ) && answer.status == 429
        {
            run.note(format!(
                "POST /admin/login field {field}: throttled (429) from payload {}",
                payload.label
            ));
        }
    }
}

/// Staff read the audit log, where sign-in attempts show the email typed.
async fn audit_log_stays_escaped(run: &mut Run, staff: &Visitor) {
    for page in [
        "/admin/audit",
        "/admin/audit?action=login.",
        "/en/admin/audit?action=login.",
    ] {
        let answer = staff.get(page).await;
        run.judge(&format!("GET {page}"), None, answer, Expect::NoServerError);
    }
}

async fn sign_in_email_takes_hostile_values(app: TestApp) {
    let mut run = Run::start();
    let coordinator = Visitor::signed_in(&app, "coordinator", None).await;
    sign_in(&mut run, &app, "email", &[("password", WRONG_PASSWORD)]).await;
    audit_log_stays_escaped(&mut run, &coordinator).await;
    run.finish(&format!("{} payloads × 1 field", PAYLOADS.len()));
}

async fn sign_in_password_takes_hostile_values(app: TestApp) {
    let mut run = Run::start();
    let coordinator = Visitor::signed_in(&app, "coordinator", None).await;
    // A fresh email per payload: five failures of one account would lock it.
    sign_in(
        &mut run,
        &app,
        "password",
        &[("email", "nadie-{n}@example.pe")],
    )
    .await;
    audit_log_stays_escaped(&mut run, &coordinator).await;
    run.finish(&format!("{} payloads × 1 field", PAYLOADS.len()));
}

/// `next` with the right password: a sign-in that succeeds must still go only to a plain admin
/// path. Then the code step of an account with a second factor, with each payload as the code.
async fn sign_in_next_and_code_take_hostile_values(app: TestApp) {
    let mut run = Run::start();
    let email = app.account("coordinator", None).await;
    for payload in PAYLOADS.iter() {
        let visitor = Visitor::new(&app);
        let token = visitor.token("/admin/login").await;
        let pairs: Vec<(String, String)> = vec![
            ("csrf_token".into(), token),
            ("email".into(), email.clone()),
            ("password".into(), TEST_PASSWORD.into()),
            ("next".into(), payload.value.clone()),
        ];
        let expect = if payload.refused_in_form() {
            Expect::BadRequest
        } else {
            Expect::SavedOrRefused
        };
        let what = "POST /admin/login field next";
        let answer = visitor.post_form("/admin/login", &pairs).await;
        if let Some(answer) = run.judge(what, Some(payload), answer, expect)
            && answer.status == 303
        {
            let to = &answer.location;
            let plain = (to.starts_with("/admin") || to.starts_with("/en/admin"))
                && !to.contains("//")
                && !to.contains('\\')
                && !to.chars().any(char::is_control);
            if !plain {
                run.fail(format!(
                    "{what}{}: redirected to {to:?}",
                    describe(Some(payload))
                ));
            }
        }
    }

    // The second factor: an account with TOTP, past its password, types each payload as code.
    let secret = portal::domain::totp::new_secret();
    let user = app
        .store
        .user_by_email(&portal::domain::accounts::Email::parse(&email).expect("email"))
        .await
        .expect("lookup")
        .expect("account");
    app.store
        .enable_totp(user.id, &secret, 0, &[], "test", None)
        .await
        .expect("enable the second factor");
    let visitor = Visitor::new(&app);
    let after_password = visitor.browser().login(&email, TEST_PASSWORD).await;
    after_password.assert_status(303);
    for payload in PAYLOADS.iter() {
        forget_failed_sign_ins(&app).await;
        let token = visitor.token("/admin/login/code").await;
        let pairs = vec![
            ("csrf_token".to_string(), token),
            ("code".to_string(), payload.value.clone()),
        ];
        let expect = if payload.refused_in_form() {
            Expect::BadRequest
        } else {
            Expect::ClientError
        };
        let answer = visitor.post_form("/admin/login/code", &pairs).await;
        run.judge(
            "POST /admin/login/code field code",
            Some(payload),
            answer,
            expect,
        );
    }
    run.finish(&format!(
        "{} payloads × 2 fields (next, code)",
        PAYLOADS.len()
    ));
}

/// An administrator creates accounts with each payload in each input of the form.
async fn account_creation_takes_hostile_values(app: TestApp) {
    let mut run = Run::start();
    let admin = Visitor::signed_in(&app, "admin", None).await;
    let page = admin.get("/admin/users").await.expect("users page");
    assert_eq!(page.status, 200, "users page: {}", page.gist());
    let fields = form_fields(&page.body);
    let token = csrf_token_of(&page.body);
    let mut n = 0;
    for field in &fields {
        for payload in PAYLOADS.iter() {
            n += 1;
            let pairs: Vec<(String, String)> = vec![
                ("csrf_token".into(), token.clone()),
                ("email".into(), format!("cuenta-{n}@example.pe")),
                ("name".into(), "Persona de Prueba".into()),
                ("role".into(), "city_editor".into()),
                ("city".into(), "ate".into()),
                ("password".into(), OTHER_PASSWORD.into()),
            ];
            let pairs = with(pairs, &field.name, &payload.value);
            let expect = if payload.refused_in_form() {
                Expect::BadRequest
            } else if field.name == "csrf_token" {
                Expect::ClientError
            } else {
                Expect::SavedOrRefused
            };
            let answer = admin.post_form("/admin/users", &pairs).await;
            run.judge(
                &format!("POST /admin/users field {}", field.name),
                Some(payload),
                answer,
                expect,
            );
        }
    }
    let accounts: Vec<(String, String)> = sqlx::query_as("SELECT email, name FROM users")
        .fetch_all(app.store.pool())
        .await
        .expect("accounts");
    for (email, name) in accounts {
        let odd = |text: &str| {
            text.chars()
                .any(|c| c.is_control() || portal::domain::is_direction_mark(c))
        };
        if odd(&email) || odd(&name) || name.chars().count() > 200 {
            run.note(format!(
                "account created as {} / {}",
                short(&email),
                short(&name)
            ));
        }
    }
    for page in ["/admin/users", "/en/admin/users", "/admin/audit"] {
        let answer = admin.get(page).await;
        run.judge(
            &format!("GET {page} after the hostile accounts"),
            None,
            answer,
            Expect::NoServerError,
        );
    }
    // The second factor's enrolment form and the account page's forms take a code.
    let token = admin.token("/admin/account/mfa").await;
    for payload in PAYLOADS.iter() {
        let pairs = vec![
            ("csrf_token".to_string(), token.clone()),
            ("code".to_string(), payload.value.clone()),
        ];
        let expect = if payload.refused_in_form() {
            Expect::BadRequest
        } else {
            Expect::ClientError
        };
        let answer = admin.post_form("/admin/account/mfa", &pairs).await;
        run.judge(
            "POST /admin/account/mfa field code",
            Some(payload),
            answer,
            expect,
        );
    }
    run.finish(&format!(
        "{} payloads × ({} account inputs + 1 enrolment code)",
        PAYLOADS.len(),
        fields.len()
    ));
}

const BOUNDARY: &str = "hostil-boundary-7MA4YWxkTrZu0gW";
const MULTIPART_TYPE: &str = "multipart/form-data; boundary=hostil-boundary-7MA4YWxkTrZu0gW";

/// A small file that is a PDF by its content.
fn pdf() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n% hostil\n".to_vec();
    bytes.resize(4096, b'x');
    bytes
}

/// An upload body as the bytes say, nothing escaped: the caller escapes the file name as a
/// browser would, or not at all.
fn multipart(token: &str, language: &[u8], file_name: &[u8], file: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut part = |headers: &[u8], content: &[u8]| {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        body.extend_from_slice(headers);
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    };
    part(
        b"Content-Disposition: form-data; name=\"csrf_token\"",
        token.as_bytes(),
    );
    part(
        b"Content-Disposition: form-data; name=\"language\"",
        language,
    );
    let mut headers = b"Content-Disposition: form-data; name=\"file\"; filename=\"".to_vec();
    headers.extend_from_slice(file_name);
    headers.extend_from_slice(b"\"\r\nContent-Type: application/pdf");
    part(&headers, file);
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// A file name as a browser writes it in a form (the HTML standard escapes only `"`, CR, LF).
fn browser_file_name(name: &str) -> Vec<u8> {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .into_bytes()
}

async fn guide_id(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM documents WHERE slug = $1")
        .bind(slug)
        .fetch_one(app.store.pool())
        .await
        .expect("guide")
}

/// Every stored name of a document's files is a plain base name: no path part, control
/// character or bidi mark.
async fn check_stored_file_names(run: &mut Run, app: &TestApp, document: i64) {
    for version in app
        .store
        .document_versions(document)
        .await
        .expect("versions")
    {
        let name = &version.original_name;
        let bad = name.contains(['/', '\\'])
            || name.starts_with("..")
            || name.chars().any(|c| {
                c.is_control()
                    || portal::domain::is_direction_mark(c)
                    || matches!(c, '<' | '>' | '"')
            });
        if bad {
            run.fail(format!(
                "document {document} version {} is stored with the file name {name:?}",
                version.version
            ));
        }
    }
}

/// Uploads with each payload as the language and as the file name (escaped as a browser would,
/// and raw); the stored names, the files page, the guide page and the download's name are read.
async fn uploads_take_hostile_values(app: TestApp) {
    let mut run = Run::start();
    let coordinator = Visitor::signed_in(&app, "coordinator", None).await;
    let slug = "guia-plac-amazonia";
    let document = guide_id(&app, slug).await;
    // Published, so its public page and download show the newest file's name.
    let edit = format!("/admin/documents/{document}/edit");
    let pairs = with(
        form_inputs(&coordinator.get(&edit).await.expect("edit").body),
        "status",
        "published",
    );
    let published = coordinator.post_form(&edit, &pairs).await;
    run.judge(
        &format!("POST {edit} (publish)"),
        None,
        published,
        Expect::SavedOrRefused,
    );
    let files = format!("/admin/documents/{document}/files");
    let token = coordinator.token(&files).await;
    let mut saved = 0;
    for payload in PAYLOADS.iter() {
        // The language: only "", "es" and "en" are languages.
        let body = multipart(&token, payload.value.as_bytes(), b"guia.pdf", &pdf());
        let answer = coordinator.post_bytes(&files, MULTIPART_TYPE, body).await;
        run.judge(
            &format!("POST {files} field language"),
            Some(payload),
            answer,
            Expect::ClientError,
        );
        // The token.
        let body = multipart(&payload.value, b"es", b"guia.pdf", &pdf());
        let answer = coordinator.post_bytes(&files, MULTIPART_TYPE, body).await;
        run.judge(
            &format!("POST {files} field csrf_token"),
            Some(payload),
            answer,
            Expect::ClientError,
        );
        // The file name, as a browser sends it and as it is.
        for (how, name) in [
            ("as a browser escapes it", browser_file_name(&payload.value)),
            ("raw", payload.value.clone().into_bytes()),
        ] {
            let body = multipart(&token, b"es", &name, &pdf());
            let what = format!("POST {files} file name {how}");
            let answer = coordinator.post_bytes(&files, MULTIPART_TYPE, body).await;
            let Some(answer) = run.judge(&what, Some(payload), answer, Expect::SavedOrRefused)
            else {
                continue;
            };
            if answer.status != 303 {
                continue;
            }
            saved += 1;
            for page in [
                files.as_str(),
                &format!("/guides/{slug}"),
                &format!("/en/guides/{slug}"),
            ] {
                let answer = coordinator.get(page).await;
                run.judge(
                    &format!("GET {page} after {what}"),
                    Some(payload),
                    answer,
                    Expect::NoServerError,
                );
            }
            let download = format!("/guides/{slug}/download");
            let answer = coordinator.get(&download).await;
            if let Some(answer) = run.judge(
                &format!("GET {download} after {what}"),
                Some(payload),
                answer,
                Expect::NoServerError,
            ) {
                let header = &answer.content_disposition;
                if header.chars().any(char::is_control)
                    || header.contains("..")
                    || header.contains(['/', '\\'])
                {
                    run.fail(format!(
                        "GET {download} after {what}{}: Content-Disposition {header:?}",
                        describe(Some(payload))
                    ));
                }
            }
        }
    }
    if saved == 0 {
        run.fail("no upload was saved: the file-name checks read nothing".to_string());
    }
    check_stored_file_names(&mut run, &app, document).await;
    run.finish(&format!(
        "{} payloads × 4 multipart inputs (language, token, file name escaped and raw)",
        PAYLOADS.len()
    ));
}

backend_tests!(
    query_parameters_take_hostile_values,
    path_segments_take_hostile_values,
    raw_encodings_are_refused,
    record_forms_take_hostile_values,
    proposals_take_hostile_values,
    sign_in_email_takes_hostile_values,
    sign_in_password_takes_hostile_values,
    sign_in_next_and_code_take_hostile_values,
    account_creation_takes_hostile_values,
    uploads_take_hostile_values,
);
