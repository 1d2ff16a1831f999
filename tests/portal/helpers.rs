//! The shared harness: spawn the app, request pages, read them as a visitor would.

use std::sync::atomic::{AtomicU32, Ordering};

use portal::config::Config;
use portal::startup::Application;
use portal::store::Store;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// A running portal with its own fresh store.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub store: Store,
    /// The configuration it was started with (the store's URL, limits, proxies…).
    pub config: Config,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    /// Completes when the server loop has returned.
    stopped: Option<tokio::sync::oneshot::Receiver<()>>,
    _dir: Option<std::sync::Arc<tempfile::TempDir>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

fn test_config(database_url: String) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().expect("address"),
        database_url,
        base_url: "http://127.0.0.1:0".to_string(),
        secure_cookies: false,
        max_upload_mb: 25,
        trusted_proxies: Vec::new(),
        require_mfa: false,
        api_rate_limit: portal::config::DEFAULT_API_RATE_LIMIT,
        page_cache: true,
        limits: portal::server::ServerLimits::default(),
    }
}

impl TestApp {
    /// A portal on a fresh SQLite file in a temporary folder.
    pub async fn sqlite() -> TestApp {
        Self::sqlite_with(|_| {}).await
    }

    /// Like `sqlite`, with some settings changed.
    pub async fn sqlite_with(change: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("portal.db").display());
        let mut config = test_config(url);
        change(&mut config);
        Self::start_with(config, Some(std::sync::Arc::new(dir))).await
    }

    /// A portal on a fresh Postgres database, or `None` (said loudly) when no server is
    /// configured. With PORTAL_TEST_REQUIRE_ALL=1 a missing server fails the test.
    pub async fn postgres() -> Option<TestApp> {
        Self::postgres_with(|_| {}).await
    }

    /// Like `postgres`, with some settings changed.
    pub async fn postgres_with(change: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let url = postgres_base_url()?;
        let database = fresh_postgres_database(&url).await;
        let mut config = test_config(database);
        change(&mut config);
        Some(Self::start_with(config, None).await)
    }

    /// A portal on a fresh SQLite store filled by `portal synth` (migrated, never seeded) with
    /// `municipalities` and `badges`.
    pub async fn synthetic_sqlite(municipalities: usize, badges: usize) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("portal.db").display());
        let config = test_config(url);
        synthesize(&config, municipalities, badges).await;
        Self::start_with(config, Some(std::sync::Arc::new(dir))).await
    }

    /// Like `synthetic_sqlite`, on a fresh Postgres database (None, said loudly, without a
    /// server).
    pub async fn synthetic_postgres(municipalities: usize, badges: usize) -> Option<TestApp> {
        let url = postgres_base_url()?;
        let config = test_config(fresh_postgres_database(&url).await);
        synthesize(&config, municipalities, badges).await;
        Some(Self::start_with(config, None).await)
    }

    /// A second portal process on the same store (the same SQLite file or Postgres database),
    /// as behind a load balancer: it shares nothing with this one but the store.
    pub async fn sibling(&self) -> TestApp {
        let mut config = self.config.clone();
        config.addr = "127.0.0.1:0".parse().expect("address");
        config.base_url = "http://127.0.0.1:0".to_string();
        Self::start_with(config, self._dir.clone()).await
    }

    /// Stops the server (as on SIGTERM) and waits for its loop to return.
    pub async fn shut_down(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(stopped) = self.stopped.take() {
            let _ = stopped.await;
        }
    }

    async fn start_with(config: Config, dir: Option<std::sync::Arc<tempfile::TempDir>>) -> TestApp {
        let app = Application::build(config.clone())
            .await
            .expect("the portal starts");
        let address = format!("http://{}", app.local_addr().expect("bound address"));
        let store = app.state().store.clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (stopped_tx, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = app
                .run_until(async move {
                    let _ = rx.await;
                })
                .await;
            let _ = stopped_tx.send(());
        });
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        TestApp {
            address,
            client,
            store,
            config,
            shutdown: Some(tx),
            stopped: Some(stopped),
            _dir: dir,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        Page::read(path, response).await
    }

    /// The id of the record of `table` with this slug.
    pub async fn id_of(&self, table: &str, slug: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE slug = $1"))
            .bind(slug)
            .fetch_one(self.store.pool())
            .await
            .unwrap_or_else(|e| panic!("{table} {slug}: {e}"))
    }
}

/// What `portal synth --municipalities M --badges B --seed 1` does (the library call, not the
/// binary: a build of another checkout sharing the target folder may replace the binary).
async fn synthesize(config: &Config, municipalities: usize, badges: usize) {
    let options = portal::synth::SynthOptions {
        seed: 1,
        municipalities,
        badges,
    };
    portal::cli::synth(config, options)
        .await
        .expect("portal synth fills an empty store");
}

/// A migrated, empty store on a fresh Postgres database (None, said loudly, without a server).
pub async fn empty_postgres_store() -> Option<Store> {
    let url = postgres_base_url()?;
    let store = Store::connect(&fresh_postgres_database(&url).await)
        .await
        .expect("connect");
    store.migrate().await.expect("migrate");
    Some(store)
}

/// PORTAL_TEST_POSTGRES_URL, or a loud skip (a failure under PORTAL_TEST_REQUIRE_ALL=1).
pub fn postgres_base_url() -> Option<String> {
    match std::env::var("PORTAL_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            if std::env::var("PORTAL_TEST_REQUIRE_ALL").as_deref() == Ok("1") {
                panic!("PORTAL_TEST_REQUIRE_ALL=1 but PORTAL_TEST_POSTGRES_URL is not set");
            }
            // Written to the stderr handle itself: the test harness captures eprintln!, and a
            // skip must be seen.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED (Postgres): {} — set PORTAL_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test to run it on Postgres",
                std::thread::current().name().unwrap_or("a test")
            );
            None
        }
    }
}

static DATABASE_COUNTER: AtomicU32 = AtomicU32::new(0);

static CLEANED: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();

/// Test databases are dropped by the next run (a test cannot drop its own while its pool is
/// open): once per test process, drop those that other processes made.
async fn drop_databases_of_earlier_runs(admin: &mut sqlx::PgConnection) {
    CLEANED
        .get_or_init(|| async {
            let mine = format!("portal_test_{}_%", std::process::id());
            let stale: Vec<String> = sqlx::query_scalar(
                "SELECT datname FROM pg_database
                 WHERE datname LIKE 'portal\\_test\\_%' AND datname NOT LIKE $1",
            )
            .bind(mine)
            .fetch_all(&mut *admin)
            .await
            .unwrap_or_default();
            for name in stale
                .into_iter()
                .filter(|name| !made_by_a_live_process(name))
            {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut *admin)
                    .await;
            }
        })
        .await;
}

/// Whether the test process that made a database (its id is in the name) still runs: tests of
/// another checkout may share the server, and dropping their databases fails them mid-run.
fn made_by_a_live_process(name: &str) -> bool {
    name.strip_prefix("portal_test_")
        .and_then(|rest| rest.split('_').next())
        .and_then(|pid| pid.parse::<u32>().ok())
        .is_some_and(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists())
}

/// Creates an empty database next to the one in `base_url` and returns its URL.
pub async fn fresh_postgres_database(base_url: &str) -> String {
    use sqlx::Connection;
    let name = format!(
        "portal_test_{}_{}_{}",
        std::process::id(),
        DATABASE_COUNTER.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    let mut admin = sqlx::PgConnection::connect(base_url)
        .await
        .expect("connect to PORTAL_TEST_POSTGRES_URL");
    drop_databases_of_earlier_runs(&mut admin).await;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create a test database");
    admin.close().await.ok();
    let (without_query, query) = match base_url.split_once('?') {
        Some((url, query)) => (url, Some(query)),
        None => (base_url, None),
    };
    let server = without_query
        .rsplit_once('/')
        .map(|(server, _)| server)
        .unwrap_or(without_query);
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

/// A response as the test reads it.
pub struct Page {
    pub path: String,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    async fn read(path: &str, response: reqwest::Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.text().await.expect("body");
        Page {
            path: path.to_string(),
            status,
            headers,
            body,
        }
    }

    /// The text a visitor reads: tags removed, entities decoded, white space folded.
    pub fn text(&self) -> String {
        visible_text(&self.body)
    }

    /// The text of the `<main>` element only.
    pub fn main_text(&self) -> String {
        let start = self.body.find("<main").unwrap_or(0);
        let end = self.body.find("</main>").unwrap_or(self.body.len());
        visible_text(&self.body[start..end])
    }

    #[track_caller]
    pub fn assert_status(&self, expected: u16) -> &Self {
        assert_eq!(
            self.status.as_u16(),
            expected,
            "GET {} answered {} (expected {expected}); text: {}",
            self.path,
            self.status,
            self.main_text().chars().take(2500).collect::<String>()
        );
        self
    }

    /// Asserts each snippet is in the visible text.
    #[track_caller]
    pub fn assert_shows(&self, snippets: &[&str]) -> &Self {
        let text = self.text();
        for snippet in snippets {
            assert!(
                text.contains(snippet),
                "GET {} does not show {snippet:?}; visible text: {}",
                self.path,
                text.chars().take(3000).collect::<String>()
            );
        }
        self
    }

    #[track_caller]
    pub fn assert_not_shows(&self, snippets: &[&str]) -> &Self {
        let text = self.text();
        for snippet in snippets {
            assert!(
                !text.contains(snippet),
                "GET {} shows {snippet:?} but must not",
                self.path
            );
        }
        self
    }

    /// Asserts the raw HTML has each snippet (attributes, links).
    #[track_caller]
    pub fn assert_html_has(&self, snippets: &[&str]) -> &Self {
        for snippet in snippets {
            assert!(
                self.body.contains(snippet),
                "GET {}: HTML lacks {snippet:?}",
                self.path
            );
        }
        self
    }

    /// The link targets (href values) on the page.
    pub fn links(&self) -> Vec<String> {
        self.body
            .split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(decode_entities)
            .collect()
    }

    /// Names of the municipalities listed in the result table of /cities.
    pub fn listed_cities(&self) -> Vec<String> {
        let Some(start) = self.body.find("<tbody>") else {
            return Vec::new();
        };
        let end = self.body[start..]
            .find("</tbody>")
            .map(|i| start + i)
            .unwrap_or(self.body.len());
        self.body[start..end]
            .split("<th scope=\"row\">")
            .skip(1)
            .map(|cell| {
                // The name is the row's link; what follows it (department, kind) is not.
                let cell = cell.split("</th>").next().unwrap_or("");
                let name = cell.split("</a>").next().unwrap_or(cell);
                visible_text(name)
            })
            .collect()
    }
}

fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
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
    let decoded = decode_entities(&text);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Declares each listed async test function (taking a `TestApp`) twice: on SQLite, and on
/// Postgres when PORTAL_TEST_POSTGRES_URL is set.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),+ $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::helpers::TestApp::sqlite().await).await;
                }
            )+
        }
        mod on_postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(app) = $crate::helpers::TestApp::postgres().await {
                        super::$name(app).await;
                    }
                }
            )+
        }
    };
}

/// Decodes the character references askama and browsers use (`&amp;`, `&#34;`, `&#x27;`).
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let candidate = &rest[start..];
        let Some(end) = candidate.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &candidate[1..];
            continue;
        };
        let entity = &candidate[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ if entity.starts_with("#x") || entity.starts_with("#X") => {
                u32::from_str_radix(&entity[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if entity.starts_with('#') => entity[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &candidate[end + 1..];
            }
            None => {
                out.push('&');
                rest = &candidate[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A person at a browser: their own cookie jar, CSRF tokens read from the pages they load.
pub struct Browser {
    pub client: reqwest::Client,
    pub address: String,
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
}

/// The password every test account gets.
pub const TEST_PASSWORD: &str = "a long and unusual passphrase 4 tests";

impl TestApp {
    /// A new browser with an empty cookie jar.
    pub fn browser(&self) -> Browser {
        self.browser_with_headers(reqwest::header::HeaderMap::new())
    }

    /// A new browser whose requests reach the portal through a proxy that says the client is
    /// `client_ip` (`X-Forwarded-For`; believed only when the portal trusts the loopback peer).
    pub fn browser_from(&self, client_ip: &str) -> Browser {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", client_ip.parse().expect("header"));
        self.browser_with_headers(headers)
    }

    fn browser_with_headers(&self, headers: reqwest::header::HeaderMap) -> Browser {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        Browser {
            client: reqwest::Client::builder()
                .cookie_provider(std::sync::Arc::clone(&jar))
                .default_headers(headers)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            address: self.address.clone(),
            jar,
        }
    }

    /// Creates an account with `TEST_PASSWORD`; returns its email.
    pub async fn account(&self, role: &str, city: Option<&str>) -> String {
        use portal::domain::accounts::{NewAccount, hash_password};
        let email = format!(
            "{}-{}@example.pe",
            role.replace('_', "-"),
            city.unwrap_or("peru")
        );
        let account = NewAccount::parse(&email, &format!("Test {role}"), role, city.unwrap_or(""))
            .expect("a valid account");
        let hash = hash_password(TEST_PASSWORD).expect("hash");
        self.store
            .create_user(&account, &hash, "test")
            .await
            .expect("create account");
        email
    }

    /// A browser signed in as a new account of this role.
    pub async fn signed_in(&self, role: &str, city: Option<&str>) -> Browser {
        let email = self.account(role, city).await;
        let browser = self.browser();
        let response = browser.login(&email, TEST_PASSWORD).await;
        assert_eq!(
            response.status.as_u16(),
            303,
            "sign-in of {email}: {}",
            response.main_text()
        );
        browser
    }
}

/// The value of the first `csrf_token` input of a page.
pub fn csrf_token_of(body: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = body
        .find(marker)
        .map(|i| i + marker.len())
        .expect("a form with a CSRF token");
    body[start..].split('"').next().unwrap_or("").to_string()
}

impl Browser {
    /// The `Cookie` header this browser sends to the portal.
    pub fn cookie_header(&self) -> String {
        use reqwest::cookie::CookieStore;
        let url: reqwest::Url = self.address.parse().expect("url");
        self.jar
            .cookies(&url)
            .and_then(|v| v.to_str().ok().map(str::to_string))
            .unwrap_or_default()
    }

    pub async fn get(&self, path: &str) -> Page {
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        Page::read(path, response).await
    }

    /// Posts form fields as the browser would, with the token of the page at `form_page`.
    pub async fn submit(&self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let page = self.get(form_page).await;
        let token = csrf_token_of(&page.body);
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }

    /// Posts exactly these fields (no token added).
    pub async fn post<T: serde::Serialize + ?Sized>(&self, action: &str, fields: &T) -> Page {
        let response = self
            .client
            .post(format!("{}{action}", self.address))
            .form(fields)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {action}: {e}"));
        Page::read(action, response).await
    }

    /// Uploads a file to a document through its files page.
    pub async fn upload(
        &self,
        document_id: i64,
        file_name: &str,
        bytes: Vec<u8>,
        language: &str,
    ) -> Page {
        let path = format!("/admin/documents/{document_id}/files");
        let token = csrf_token_of(&self.get(&path).await.body);
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", token)
            .text("language", language.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes)
                    .file_name(file_name.to_string())
                    .mime_str("application/pdf")
                    .expect("mime"),
            );
        let response = self
            .client
            .post(format!("{}{path}", self.address))
            .multipart(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("upload to {path}: {e}"));
        Page::read(&path, response).await
    }

    /// Posts a multipart form (the spreadsheet import) as the browser would.
    pub async fn post_multipart(&self, action: &str, form: reqwest::multipart::Form) -> Page {
        let response = self
            .client
            .post(format!("{}{action}", self.address))
            .multipart(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {action}: {e}"));
        Page::read(action, response).await
    }

    /// GET with extra request headers; the body as bytes.
    pub async fn get_bytes(
        &self,
        path: &str,
        headers: &[(&str, &str)],
    ) -> (reqwest::StatusCode, HeaderMap, Vec<u8>) {
        let mut request = self.client.get(format!("{}{path}", self.address));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.expect("body").to_vec();
        (status, headers, body)
    }

    pub async fn login(&self, email: &str, password: &str) -> Page {
        self.submit(
            "/admin/login",
            "/admin/login",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// The edit form's inputs as they are, so a test changes only what it means to.
    pub async fn form_values(&self, path: &str) -> Vec<(String, String)> {
        let page = self.get(path).await;
        form_inputs(&page.body)
    }

    /// Saves the form at `path` with some fields changed and the others as loaded.
    pub async fn save(&self, path: &str, changes: &[(&str, &str)]) -> Page {
        let mut pairs = self.form_values(path).await;
        for (name, value) in changes {
            pairs = with(pairs, name, value);
        }
        self.post(path, &pairs).await
    }
}

/// Name/value pairs a browser would send for the first `record-form` of a page (text inputs,
/// hidden inputs, checked boxes, selected options, textareas).
pub fn form_inputs(body: &str) -> Vec<(String, String)> {
    let start = body.find("class=\"record-form").unwrap_or(0);
    let end = body[start..]
        .find("</form>")
        .map(|i| start + i)
        .unwrap_or(body.len());
    let form = &body[start..end];
    let attr = |tag: &str, name: &str| -> Option<String> {
        let marker = format!("{name}=\"");
        let i = tag.find(&marker)? + marker.len();
        Some(decode_entities(tag[i..].split('"').next().unwrap_or("")))
    };
    let mut pairs = Vec::new();
    for chunk in form.split('<').skip(1) {
        let tag = chunk.split('>').next().unwrap_or("");
        if tag.starts_with("input") {
            let Some(name) = attr(tag, "name") else {
                continue;
            };
            let kind = attr(tag, "type").unwrap_or_default();
            if kind == "checkbox" && !tag.contains(" checked") {
                continue;
            }
            pairs.push((name, attr(tag, "value").unwrap_or_default()));
        } else if tag.starts_with("textarea") {
            let Some(name) = attr(tag, "name") else {
                continue;
            };
            let text = chunk.split_once('>').map(|(_, t)| t).unwrap_or("");
            pairs.push((name, decode_entities(text)));
        } else if tag.starts_with("select") {
            let Some(name) = attr(tag, "name") else {
                continue;
            };
            let select_end = form[form.find(tag).unwrap_or(0)..]
                .find("</select>")
                .unwrap_or(0);
            let select = &form[form.find(tag).unwrap_or(0)..][..select_end];
            let value = select
                .split("<option")
                .skip(1)
                .find(|o| o.contains(" selected"))
                .and_then(|o| attr(o, "value"))
                .unwrap_or_default();
            pairs.push((name, value));
        }
    }
    pairs
}

/// Replaces (or adds) one field of a form.
pub fn with(mut pairs: Vec<(String, String)>, name: &str, value: &str) -> Vec<(String, String)> {
    pairs.retain(|(n, _)| n != name);
    pairs.push((name.to_string(), value.to_string()));
    pairs
}

/// The RFC 6238 code (SHA-1, six digits, 30 s) of a base32 secret at a Unix time, computed here
/// independently of the portal's own implementation.
pub fn totp_code(secret_base32: &str, unix_time: u64) -> String {
    use hmac::{Hmac, Mac};
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut key = Vec::new();
    let (mut buffer, mut bits) = (0u64, 0u32);
    for c in secret_base32.trim_end_matches('=').bytes() {
        let value = ALPHABET
            .iter()
            .position(|a| *a == c.to_ascii_uppercase())
            .expect("base32") as u64;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            key.push((buffer >> bits) as u8);
        }
    }
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&key).expect("key");
    mac.update(&(unix_time / 30).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let number = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!("{:06}", number % 1_000_000)
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Declares each listed async test function (taking a `TestApp`) on SQLite and Postgres, with
/// the configuration changed by `$configure` (a `fn(&mut Config)`).
#[macro_export]
macro_rules! configured_backend_tests {
    ($configure:path; $($name:ident),+ $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::helpers::TestApp::sqlite_with($configure).await).await;
                }
            )+
        }
        mod on_postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(app) = $crate::helpers::TestApp::postgres_with($configure).await {
                        super::$name(app).await;
                    }
                }
            )+
        }
    };
}

/// Declares each listed async test function (taking a `TestApp`) on SQLite and Postgres, each
/// on a store filled by `portal synth` with `$municipalities` and `$badges` (seed 1).
#[macro_export]
macro_rules! synthetic_backend_tests {
    ($municipalities:expr, $badges:expr; $($name:ident),+ $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(
                        $crate::helpers::TestApp::synthetic_sqlite($municipalities, $badges).await,
                    )
                    .await;
                }
            )+
        }
        mod on_postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(app) =
                        $crate::helpers::TestApp::synthetic_postgres($municipalities, $badges).await
                    {
                        super::$name(app).await;
                    }
                }
            )+
        }
    };
}

#[test]
fn the_test_totp_matches_rfc_6238() {
    // RFC 6238 appendix B, SHA-1 secret "12345678901234567890" (base32 below).
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    assert_eq!(totp_code(secret, 59), "287082");
    assert_eq!(totp_code(secret, 1_111_111_109), "081804");
    assert_eq!(totp_code(secret, 2_000_000_000), "279037");
}

/// The latest `limit` audit rows, newest first; only actions starting with `prefix` when given.
pub async fn audit_rows(
    store: &Store,
    limit: i64,
    prefix: Option<&str>,
) -> Vec<portal::store::AuditRow> {
    let filter = portal::store::AuditFilter {
        action_prefix: prefix.map(str::to_string),
        ..Default::default()
    };
    store.audit_page(&filter, limit, 0).await.expect("audit").0
}

/// One number a query gives (a COUNT).
pub async fn scalar(store: &Store, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}
