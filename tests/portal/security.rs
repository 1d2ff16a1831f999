//! The doors hold: each finding of the attack on sign-in, sessions and the server's edges,
//! turned into a test from how it was reproduced.

use std::time::Duration;

use portal::config::Config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{Browser, Page, TEST_PASSWORD, TestApp, csrf_token_of, totp_code, unix_now};
use crate::{backend_tests, configured_backend_tests};

/// The portal believes `X-Forwarded-For` from the loopback address, as behind a local proxy,
/// so tests can play clients from many addresses.
fn trusting_loopback(config: &mut Config) {
    config.trusted_proxies = vec![
        "127.0.0.1/32".parse().expect("net"),
        "::1/128".parse().expect("net"),
    ];
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.store.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A browser from `client_ip` that opened the sign-in page (and got its form token).
async fn at_sign_in_page(app: &TestApp, client_ip: &str) -> (Browser, String) {
    let browser = app.browser_from(client_ip);
    let page = browser.get("/admin/login").await;
    page.assert_status(200);
    let token = csrf_token_of(&page.body);
    (browser, token)
}

async fn try_password(browser: &Browser, token: &str, email: &str, password: &str) -> Page {
    browser
        .post(
            "/admin/login",
            &[
                ("csrf_token", token),
                ("email", email),
                ("password", password),
            ],
        )
        .await
}

fn location(page: &Page) -> String {
    page.headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

// 1. Sign-in cannot exhaust the server.

async fn concurrent_sign_ins_are_bounded_and_told_to_wait(app: TestApp) {
    // 100 simultaneous attempts with unknown emails, each from its own address (so no
    // throttle applies): a few password checks run at once, the rest are told to wait.
    let mut prepared = Vec::new();
    for n in 0..100 {
        prepared.push(at_sign_in_page(&app, &format!("10.9.{}.{}", n / 200, n % 200 + 1)).await);
    }
    let attempts: Vec<_> = prepared
        .into_iter()
        .enumerate()
        .map(|(n, (browser, token))| {
            tokio::spawn(async move {
                try_password(
                    &browser,
                    &token,
                    &format!("nobody{n}@example.pe"),
                    "a wrong but long password",
                )
                .await
            })
        })
        .collect();
    // Public pages keep answering meanwhile.
    app.get("/cities").await.assert_status(200);
    let (mut failed, mut busy) = (0, 0);
    for attempt in attempts {
        let page = attempt.await.expect("task");
        match page.status.as_u16() {
            401 => failed += 1,
            503 => {
                busy += 1;
                assert!(
                    page.headers.contains_key("retry-after"),
                    "503 without Retry-After"
                );
                page.assert_shows(&["Inténtelo de nuevo en unos segundos"]);
                assert!(page.body.contains("nobody"), "the typed email is kept");
            }
            other => panic!("unexpected {other}: {}", page.main_text()),
        }
    }
    assert!(
        busy > 0,
        "some attempts must be told to wait ({failed} checked)"
    );
    // Only the checked attempts are failures in the log; the others were not checked.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'login.failed'"
        )
        .await,
        failed
    );
}

async fn overlong_passwords_are_refused_before_hashing(app: TestApp) {
    let (browser, token) = at_sign_in_page(&app, "203.0.113.40").await;
    let long = "x".repeat(1025);
    let page = try_password(&browser, &token, "ana@fcv.org.pe", &long).await;
    page.assert_status(400).assert_shows(&["demasiado larga"]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log").await, 0);
}

// 2. The throttle cannot be raced.

async fn simultaneous_wrong_passwords_get_only_the_allowed_checks(app: TestApp) {
    let email = app.account("coordinator", None).await;
    // 40 at once for one account from one address: 5 checks (the limit); the others are
    // refused, as throttled (429) or, beyond the password workers' queue, as busy (503).
    let mut prepared = Vec::new();
    for _ in 0..40 {
        prepared.push(at_sign_in_page(&app, "203.0.113.9").await);
    }
    let statuses = run_attempts(prepared, &email).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        5,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().filter(|s| **s == 429).count() >= 1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [401, 429, 503].contains(s)),
        "{statuses:?}"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'login.failed'"
        )
        .await,
        5
    );

    // 200 at once from one address over many accounts: at most 20 checks.
    let mut prepared = Vec::new();
    for _ in 0..200 {
        prepared.push(at_sign_in_page(&app, "198.51.100.7").await);
    }
    let attempts: Vec<_> = prepared
        .into_iter()
        .enumerate()
        .map(|(n, (browser, token))| {
            tokio::spawn(async move {
                try_password(
                    &browser,
                    &token,
                    &format!("user{n}@example.pe"),
                    "wrong password",
                )
                .await
                .status
                .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.expect("task"));
    }
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| [429, 503].contains(*s)).count();
    assert!(
        checked <= 20,
        "{checked} checks from one address (limit 20)"
    );
    assert!(refused >= 180, "{refused} refused");
    assert!(
        statuses.iter().all(|s| [401, 429, 503].contains(s)),
        "{statuses:?}"
    );
}

async fn run_attempts(prepared: Vec<(Browser, String)>, email: &str) -> Vec<u16> {
    let attempts: Vec<_> = prepared
        .into_iter()
        .map(|(browser, token)| {
            let email = email.to_string();
            tokio::spawn(async move {
                try_password(&browser, &token, &email, "wrong password")
                    .await
                    .status
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.expect("task"));
    }
    statuses
}

async fn two_processes_share_the_limits(app: TestApp) {
    let email = app.account("coordinator", None).await;
    let other = app.sibling().await;
    let mut prepared = Vec::new();
    for n in 0..20 {
        let process = if n % 2 == 0 { &app } else { &other };
        prepared.push(at_sign_in_page(process, "203.0.113.77").await);
    }
    let statuses = run_attempts(prepared, &email).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        5,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().filter(|s| **s == 429).count() >= 1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [401, 429, 503].contains(s)),
        "{statuses:?}"
    );
}

// 3. Nobody can lock out someone else.

async fn failures_elsewhere_do_not_lock_out_the_owner(app: TestApp) {
    let email = app.account("coordinator", None).await;
    // Ana signs in once from her office.
    let (office, token) = at_sign_in_page(&app, "198.51.100.1").await;
    try_password(&office, &token, &email, TEST_PASSWORD)
        .await
        .assert_status(303);

    // An attacker fails five times from one address, and is refused at the sixth.
    let (attacker, token) = at_sign_in_page(&app, "203.0.113.1").await;
    for _ in 0..5 {
        try_password(&attacker, &token, &email, "guess")
            .await
            .assert_status(401);
    }
    try_password(&attacker, &token, &email, "guess")
        .await
        .assert_status(429);
    // Ana, from her office address in a fresh browser, is not affected.
    let (again, token) = at_sign_in_page(&app, "198.51.100.1").await;
    try_password(&again, &token, &email, TEST_PASSWORD)
        .await
        .assert_status(303);

    // Now the attacker fails from many addresses: the account is under attack.
    for n in 2..14 {
        let (browser, token) = at_sign_in_page(&app, &format!("203.0.113.{n}")).await;
        let page = try_password(&browser, &token, &email, "guess").await;
        assert!(
            [401, 429].contains(&page.status.as_u16()),
            "{}",
            page.status
        );
    }
    // From an address and browser the account never used, even the right password waits…
    let (stranger, token) = at_sign_in_page(&app, "192.0.2.50").await;
    try_password(&stranger, &token, &email, TEST_PASSWORD)
        .await
        .assert_status(429)
        .assert_shows(&["desde un dispositivo o una red desde donde ya ingresó"]);
    // …but Ana gets in from her office (a known address, fresh browser)…
    let (office_again, token) = at_sign_in_page(&app, "198.51.100.1").await;
    try_password(&office_again, &token, &email, TEST_PASSWORD)
        .await
        .assert_status(303);
    // …and from a new address with the browser she signed in with before (its device cookie).
    let travelling = app.browser_from("192.0.2.99");
    let device = office
        .cookie_header()
        .split("; ")
        .find(|c| c.starts_with("portal_device="))
        .expect("the office browser got a device cookie")
        .to_string();
    let url: reqwest::Url = app.address.parse().expect("url");
    travelling.jar.add_cookie_str(&device, &url);
    let page = travelling.get("/admin/login").await;
    let token = csrf_token_of(&page.body);
    try_password(&travelling, &token, &email, TEST_PASSWORD)
        .await
        .assert_status(303);
}

async fn forwarded_addresses_are_ignored_without_a_trusted_proxy(app: TestApp) {
    let email = app.account("coordinator", None).await;
    // Every attempt claims another address, but the portal does not trust its peer: all
    // are counted for the one real client.
    for n in 1..=5 {
        let (browser, token) = at_sign_in_page(&app, &format!("203.0.113.{n}")).await;
        try_password(&browser, &token, &email, "guess")
            .await
            .assert_status(401);
    }
    let (browser, token) = at_sign_in_page(&app, "203.0.113.200").await;
    try_password(&browser, &token, &email, "guess")
        .await
        .assert_status(429);
    let rows: Vec<Option<String>> = sqlx::query_scalar(
        "SELECT DISTINCT client_ip FROM audit_log WHERE action = 'login.failed'",
    )
    .fetch_all(app.store.pool())
    .await
    .expect("rows");
    assert_eq!(rows, [Some("127.0.0.1".to_string())]);
}

mod behind_a_proxy {
    use super::*;
    configured_backend_tests!(
        super::trusting_loopback;
        concurrent_sign_ins_are_bounded_and_told_to_wait,
        overlong_passwords_are_refused_before_hashing,
        simultaneous_wrong_passwords_get_only_the_allowed_checks,
        two_processes_share_the_limits,
        failures_elsewhere_do_not_lock_out_the_owner,
    );
}

mod untrusted {
    use super::*;
    backend_tests!(forwarded_addresses_are_ignored_without_a_trusted_proxy);
}

// 4. An ended session stays ended.

/// A raw HTTP/1.1 request on its own connection, sent in two parts with a pause between them.
async fn send_in_two_parts(
    address: &str,
    head_and_start: &[u8],
    rest: &[u8],
    between: impl std::future::Future<Output = ()>,
) -> String {
    let host = address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).await.expect("connect");
    stream.write_all(head_and_start).await.expect("write");
    stream.flush().await.expect("flush");
    between.await;
    stream.write_all(rest).await.expect("write");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

async fn a_request_in_flight_cannot_bring_back_a_session(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    let files_page = coordinator.get("/admin/documents/1/files").await;
    files_page.assert_status(200);
    let token = csrf_token_of(&files_page.body);
    let cookie = coordinator.cookie_header();
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sessions").await, 1);

    // A slow upload is under way with the session's cookie when the person signs out
    // elsewhere; when the upload ends, its answer must not save the session again.
    let boundary = "XyZ";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n%PDF-1.7 slow upload\r\n--{boundary}--\r\n"
    );
    let head = format!(
        "POST /admin/documents/1/files HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    let split = body.len() / 2;
    let start = [head.as_bytes(), &body.as_bytes()[..split]].concat();
    let answer = send_in_two_parts(&app.address, &start, &body.as_bytes()[split..], async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let dashboard = coordinator.get("/admin").await;
        coordinator
            .post(
                "/admin/logout",
                &[("csrf_token", csrf_token_of(&dashboard.body).as_str())],
            )
            .await
            .assert_status(303);
    })
    .await;
    assert!(answer.starts_with("HTTP/1.1"), "{answer}");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL"
        )
        .await,
        0,
        "the upload's answer brought the session back"
    );
    let after = coordinator.get("/admin").await;
    after.assert_status(303);
    assert!(location(&after).contains("/admin/login"));
}

async fn sessions_before_a_password_change_are_refused_even_if_their_row_returns(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    coordinator.get("/admin").await.assert_status(200);
    let saved: Vec<(String, Option<i64>, String, String, String)> = sqlx::query_as(
        "SELECT id, user_id, data, expires_at, created_at FROM sessions WHERE user_id IS NOT NULL",
    )
    .fetch_all(app.store.pool())
    .await
    .expect("sessions");
    assert_eq!(saved.len(), 1);
    // The password is changed on the server (as `portal user set-password` does).
    let email = portal::domain::accounts::Email::parse("coordinator-peru@example.pe").expect("e");
    let hash = portal::domain::accounts::hash_password("otra frase larga que nadie adivina 5")
        .expect("hash");
    assert!(
        app.store
            .set_user_password(&email, &hash, "cli")
            .await
            .expect("set")
    );
    // Even if a stale process wrote the old row back, the session is refused.
    let (id, user_id, data, expires_at, created_at) = &saved[0];
    sqlx::query(
        "INSERT INTO sessions (id, user_id, data, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(user_id)
    .bind(data)
    .bind(expires_at)
    .bind(created_at)
    .execute(app.store.pool())
    .await
    .expect("resurrect");
    let after = coordinator.get("/admin").await;
    after.assert_status(303);
    assert!(location(&after).contains("/admin/login"));
}

async fn sign_out_everywhere_ends_every_session(app: TestApp) {
    let email = app.account("coordinator", None).await;
    let laptop = app.browser();
    laptop.login(&email, TEST_PASSWORD).await.assert_status(303);
    let phone = app.browser();
    phone.login(&email, TEST_PASSWORD).await.assert_status(303);
    phone
        .submit("/admin/account", "/admin/account/sign-out-everywhere", &[])
        .await
        .assert_status(303);
    for browser in [&laptop, &phone] {
        let page = browser.get("/admin").await;
        page.assert_status(303);
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'user.sessions_ended'"
        )
        .await,
        1
    );
}

// 5. Anonymous visitors cannot grow the store.

async fn the_sign_in_form_costs_no_stored_session(app: TestApp) {
    for _ in 0..30 {
        app.browser().get("/admin/login").await.assert_status(200);
        app.get("/en/admin/login").await.assert_status(200);
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sessions").await, 0);
    // A forged or missing form token is refused, without a session either.
    let browser = app.browser();
    browser
        .post(
            "/admin/login",
            &[
                ("csrf_token", "0-1.00"),
                ("email", "a@b.pe"),
                ("password", "x"),
            ],
        )
        .await
        .assert_status(403);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sessions").await, 0);
}

async fn throttled_attempts_write_one_audit_row_per_key_and_window(app: TestApp) {
    let email = app.account("coordinator", None).await;
    let (browser, token) = at_sign_in_page(&app, "203.0.113.9").await;
    let mut statuses = Vec::new();
    for _ in 0..30 {
        statuses.push(
            try_password(&browser, &token, &email, "guess")
                .await
                .status
                .as_u16(),
        );
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        5,
        "{statuses:?}"
    );
    // Three keys reached their limits (the pair, the account, the address): three rows, not 25.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'login.throttled'"
        )
        .await,
        3
    );
}

async fn the_audit_log_has_pages_and_filters(app: TestApp) {
    for n in 0..60 {
        app.store
            .audit_sign_in(
                &format!("visitor{n}@example.pe"),
                "203.0.113.9",
                false,
                None,
                "password",
            )
            .await
            .expect("audit");
    }
    let coordinator = app.signed_in("coordinator", None).await;
    let first = coordinator.get("/admin/audit").await;
    first
        .assert_status(200)
        .assert_shows(&["62 entradas", "Página 1 de 2"]);
    let next = first
        .links()
        .into_iter()
        .find(|l| l.starts_with("/admin/audit?") && l.contains("page=2"))
        .expect("a link to page 2");
    coordinator
        .get(&next)
        .await
        .assert_status(200)
        .assert_shows(&["Página 2 de 2", "visitor0@example.pe"]);
    // Filters combine and the links keep them.
    let filtered = coordinator
        .get("/admin/audit?action=login.&account=visitor1")
        .await;
    filtered.assert_status(200).assert_shows(&["11 entradas"]);
    coordinator
        .get("/admin/audit?action=user.")
        .await
        .assert_shows(&["1 entrada"]);
    let tomorrow = (time::OffsetDateTime::now_utc() + time::Duration::days(1)).date();
    coordinator
        .get(&format!("/admin/audit?from={tomorrow}"))
        .await
        .assert_shows(&["0 entradas"]);
    let today = time::OffsetDateTime::now_utc().date();
    coordinator
        .get(&format!(
            "/admin/audit?from={today}&until={today}&account=visitor59"
        ))
        .await
        .assert_shows(&["1 entrada"]);
    // A bad date says so, keeps what was typed, and is a 400.
    let bad = coordinator.get("/admin/audit?from=ayer&account=ana").await;
    bad.assert_status(400)
        .assert_shows(&["fecha"])
        .assert_html_has(&["value=\"ayer\"", "value=\"ana\""]);
    coordinator
        .get("/admin/audit?action=drop")
        .await
        .assert_status(400);
}

mod sessions_and_audit {
    use super::*;
    backend_tests!(
        a_request_in_flight_cannot_bring_back_a_session,
        sessions_before_a_password_change_are_refused_even_if_their_row_returns,
        sign_out_everywhere_ends_every_session,
        the_sign_in_form_costs_no_stored_session,
        throttled_attempts_write_one_audit_row_per_key_and_window,
        the_audit_log_has_pages_and_filters,
    );
}

// 6. A second factor for staff.

/// The secret shown on the enrolment page (groups of four letters).
fn secret_on(page: &Page) -> String {
    let start = page
        .body
        .find("class=\"secret\"")
        .expect("the secret is shown");
    let text = &page.body[start..];
    let text = &text[text.find('>').expect("tag") + 1..];
    text[..text.find('<').expect("end")]
        .split_whitespace()
        .collect()
}

/// Enrols a second factor for the signed-in browser; returns the secret and recovery codes.
async fn enrol(app: &TestApp, browser: &Browser) -> (String, Vec<String>) {
    let page = browser.get("/admin/account/mfa").await;
    page.assert_status(200)
        .assert_html_has(&["src=\"data:image/svg+xml,", "alt=\""]);
    let secret = secret_on(&page);
    assert_eq!(secret.len(), 32, "{secret}");
    // A wrong first code keeps the same secret and says why.
    let wrong = browser
        .submit(
            "/admin/account/mfa",
            "/admin/account/mfa",
            &[("code", "000000")],
        )
        .await;
    if totp_code(&secret, unix_now()) != "000000" {
        wrong.assert_status(422).assert_shows(&["no es correcto"]);
        assert_eq!(secret_on(&wrong), secret);
    }
    let code = totp_code(&secret, unix_now());
    let done = browser
        .submit(
            "/admin/account/mfa",
            "/admin/account/mfa",
            &[("code", &code)],
        )
        .await;
    done.assert_status(200)
        .assert_shows(&["Sus códigos de recuperación"]);
    let codes: Vec<String> = done
        .body
        .split("<li><code>")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(codes.len(), 10, "{codes:?}");
    // Stored hashed, never as typed.
    let stored: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM recovery_codes")
        .fetch_all(app.store.pool())
        .await
        .expect("codes");
    assert_eq!(stored.len(), 10);
    assert!(stored.iter().all(|h| h.len() == 64 && !codes.contains(h)));
    (secret, codes)
}

async fn sign_out(browser: &Browser) {
    let dashboard = browser.get("/admin/account").await;
    browser
        .post(
            "/admin/logout",
            &[("csrf_token", csrf_token_of(&dashboard.body).as_str())],
        )
        .await
        .assert_status(303);
}

async fn password_step(browser: &Browser, email: &str) {
    let page = browser.login(email, TEST_PASSWORD).await;
    page.assert_status(303);
    assert!(
        location(&page).ends_with("/admin/login/code"),
        "{}",
        location(&page)
    );
    // Not signed in yet: the admin still asks to sign in.
    let admin = browser.get("/admin").await;
    admin.assert_status(303);
    assert!(location(&admin).contains("/admin/login"));
}

async fn code_step(browser: &Browser, code: &str) -> Page {
    browser
        .submit("/admin/login/code", "/admin/login/code", &[("code", code)])
        .await
}

async fn staff_sign_in_with_password_and_code(app: TestApp) {
    let email = app.account("coordinator", None).await;
    let browser = app.browser();
    browser
        .login(&email, TEST_PASSWORD)
        .await
        .assert_status(303);
    let (secret, recovery) = enrol(&app, &browser).await;
    browser
        .get("/admin/account")
        .await
        .assert_shows(&["Activada el", "Le quedan 10 códigos de recuperación"]);
    sign_out(&browser).await;

    // Password, then a wrong code, then the right one (the next step's: the current one was
    // spent on enrolment).
    password_step(&browser, &email).await;
    code_step(&browser, "123456")
        .await
        .assert_status(401)
        .assert_shows(&["no es correcto"]);
    let next_code = totp_code(&secret, unix_now() + 30);
    let signed = code_step(&browser, &next_code).await;
    signed.assert_status(303);
    browser.get("/admin").await.assert_status(200);
    sign_out(&browser).await;

    // The same code again is a replay.
    password_step(&browser, &email).await;
    code_step(&browser, &next_code).await.assert_status(401);
    // A recovery code works once.
    code_step(&browser, &recovery[0].to_uppercase())
        .await
        .assert_status(303);
    sign_out(&browser).await;
    password_step(&browser, &email).await;
    code_step(&browser, &recovery[0]).await.assert_status(401);
    // Codes are throttled like passwords: five wrong (one above), then refused.
    for _ in 0..4 {
        code_step(&browser, "111111").await.assert_status(401);
    }
    code_step(&browser, "111111").await.assert_status(429);
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE 'mfa.%' ORDER BY id")
            .fetch_all(app.store.pool())
            .await
            .expect("audit");
    assert_eq!(actions, ["mfa.enabled", "mfa.recovery_code_used"]);
}

fn requiring_mfa(config: &mut Config) {
    config.require_mfa = true;
}

async fn required_mfa_sends_staff_to_enrolment_first(app: TestApp) {
    let email = app.account("coordinator", None).await;
    let browser = app.browser();
    let signed = browser.login(&email, TEST_PASSWORD).await;
    signed.assert_status(303);
    assert!(
        location(&signed).ends_with("/admin/account/mfa"),
        "{}",
        location(&signed)
    );
    for path in ["/admin", "/admin/badges", "/admin/audit", "/en/admin"] {
        let page = browser.get(path).await;
        page.assert_status(303);
        assert!(location(&page).ends_with("/admin/account/mfa"), "{path}");
    }
    browser
        .get("/admin/account/mfa")
        .await
        .assert_status(200)
        .assert_shows(&["exige la verificación en dos pasos"]);
    // City editors are not staff: no second factor required.
    let editor = app.signed_in("city_editor", Some("lima")).await;
    editor.get("/admin").await.assert_status(200);

    enrol(&app, &browser).await;
    browser.get("/admin").await.assert_status(200);

    // The operator removes the factor (lost phone): sessions end, enrolment is required again.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["user", "reset-mfa", "--email", &email])
        .env("DATABASE_URL", &app.config.database_url)
        .env_remove("PORTAL_ADDR")
        .output()
        .expect("portal user reset-mfa");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("removed the second factor"));
    browser.get("/admin").await.assert_status(303);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM recovery_codes").await, 0);
    let again = browser.login(&email, TEST_PASSWORD).await;
    assert!(location(&again).ends_with("/admin/account/mfa"));
}

mod second_factor {
    use super::*;
    backend_tests!(staff_sign_in_with_password_and_code);
    mod required {
        use super::*;
        configured_backend_tests!(
            super::requiring_mfa;
            required_mfa_sends_staff_to_enrolment_first,
        );
    }
}

// 7. The server's edges.

fn short_timeouts(config: &mut Config) {
    config.limits.header_read_timeout = Duration::from_millis(800);
    config.limits.shutdown_deadline = Duration::from_secs(2);
    config.limits.request_timeout = Duration::from_millis(700);
    config.limits.upload_idle_timeout = Duration::from_millis(700);
    config.limits.max_connections = 4;
}

async fn half_sent_requests_neither_hold_a_connection_nor_shutdown(app: TestApp) {
    let host = app.address.trim_start_matches("http://").to_string();
    // Headers that never end: the server closes the connection.
    let mut slow = TcpStream::connect(&host).await.expect("connect");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        .await
        .expect("write");
    let mut buffer = [0u8; 512];
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read(&mut buffer)).await;
    assert!(
        matches!(read, Ok(Ok(_)) | Ok(Err(_))),
        "the server kept a half-sent request open"
    );

    // Connections are bounded: with every slot held by idle clients, a request waits…
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(TcpStream::connect(&host).await.expect("connect"));
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let waiting = reqwest::Client::new()
        .get(format!("{}/healthz", app.address))
        .timeout(Duration::from_millis(300))
        .send()
        .await;
    assert!(
        waiting.is_err(),
        "a fifth connection was served beside four"
    );
    // …until the idle ones are dropped by the header timeout.
    let served = reqwest::Client::new()
        .get(format!("{}/healthz", app.address))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("served once the idle connections timed out");
    assert_eq!(served.status(), 200);
    drop(idle);

    // A half-sent request does not keep the process alive after the shutdown signal.
    let mut lingering = TcpStream::connect(&host).await.expect("connect");
    lingering
        .write_all(b"POST /admin/login HTTP/1.1\r\nHost: localhost\r\n")
        .await
        .expect("write");
    let started = std::time::Instant::now();
    tokio::time::timeout(Duration::from_secs(5), app.shut_down())
        .await
        .expect("shut down within the deadline");
    assert!(started.elapsed() < Duration::from_secs(4));
}

/// Sends an upload's body in pieces, `pause` apart; returns the raw answer.
async fn slow_upload(app: &TestApp, browser: &Browser, pieces: usize, pause: Duration) -> String {
    let page = browser.get("/admin/documents/1/files").await;
    let token = csrf_token_of(&page.body);
    let boundary = "XyZ";
    let mut file = b"%PDF-1.7\n".to_vec();
    file.extend(std::iter::repeat_n(b'x', 4000));
    let body = [
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lento.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n"
        )
        .into_bytes(),
        file,
        format!("\r\n--{boundary}--\r\n").into_bytes(),
    ]
    .concat();
    let head = format!(
        "POST /admin/documents/1/files HTTP/1.1\r\nHost: localhost\r\nCookie: {}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        browser.cookie_header(),
        body.len()
    );
    let host = app.address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).await.expect("connect");
    stream.write_all(head.as_bytes()).await.expect("head");
    for piece in body.chunks(body.len().div_ceil(pieces)) {
        if stream.write_all(piece).await.is_err() {
            break; // the server gave up on us
        }
        tokio::time::sleep(pause).await;
    }
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

async fn uploads_may_be_slow_but_not_stalled(app: TestApp) {
    let coordinator = app.signed_in("coordinator", None).await;
    // Six pieces 400 ms apart: longer than the request timeout (700 ms), never idle that long.
    let answer = slow_upload(&app, &coordinator, 6, Duration::from_millis(400)).await;
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM document_versions").await,
        1
    );
    // Two pieces 1.5 s apart: the upload stalls; a page says so and nothing is kept.
    let answer = slow_upload(&app, &coordinator, 2, Duration::from_millis(1500)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("text/html"), "{answer}");
    assert!(answer.contains("no se guard"), "{answer}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM document_versions").await,
        1
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM files").await, 1);
}

mod edges {
    use super::*;
    configured_backend_tests!(
        super::short_timeouts;
        half_sent_requests_neither_hold_a_connection_nor_shutdown,
        uploads_may_be_slow_but_not_stalled,
    );
}

// 8. Bad input, refused in one place.

async fn control_characters_are_refused_before_they_reach_the_store(app: TestApp) {
    for (path, message) in [
        ("/cities?q=%00", "caracteres de control"),
        ("/cities?department=Lima%1B%5B31m", "caracteres de control"),
        ("/cities/lima%00", "caracteres de control"),
        ("/en/cities?q=a%00b", "control characters"),
        ("/cities?q=%FF", "caracteres de control"),
        ("/guides/%C3%28", "caracteres de control"),
    ] {
        app.get(path)
            .await
            .assert_status(400)
            .assert_shows(&[message]);
    }
    // A NUL in the sign-in form is a 400, not a 500 (Postgres cannot store it).
    let (browser, token) = at_sign_in_page(&app, "203.0.113.5").await;
    try_password(&browser, &token, "ana\0@fcv.org.pe", "x")
        .await
        .assert_status(400);
    // And in any admin form, before the record is even looked at.
    let coordinator = app.signed_in("coordinator", None).await;
    let path = "/admin/municipalities/1/edit";
    let mut pairs = coordinator.form_values(path).await;
    pairs = crate::helpers::with(pairs, "name", "Lima\0");
    coordinator.post(path, &pairs).await.assert_status(400);
    // A line break in a one-line field is refused beside the field, the values kept.
    let mut pairs = coordinator.form_values(path).await;
    pairs = crate::helpers::with(pairs, "name", "Lima\nMetropolitana");
    coordinator
        .post(path, &pairs)
        .await
        .assert_status(422)
        .assert_shows(&["caracteres de control"]);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM municipalities WHERE name LIKE '%Metropolitana%'"
        )
        .await,
        0
    );
}

async fn sign_in_follows_only_same_site_paths(app: TestApp) {
    let email = app.account("coordinator", None).await;
    for (next, expected) in [
        ("/admin/badges", "/admin/badges"),
        ("/admin/badges\r\nSet-Cookie: a=b", "/admin"),
        ("//evil.example/admin", "/admin"),
        ("https://evil.example/admin", "/admin"),
    ] {
        let browser = app.browser();
        let page = browser.get("/admin/login").await;
        let token = csrf_token_of(&page.body);
        let signed = browser
            .post(
                "/admin/login",
                &[
                    ("csrf_token", token.as_str()),
                    ("email", email.as_str()),
                    ("password", TEST_PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        // Line breaks in a form are refused as a whole, before anything else.
        if next.contains('\n') {
            signed.assert_status(303);
        }
        assert_eq!(location(&signed), expected, "next={next:?}");
    }
}

async fn the_language_switch_never_leaves_the_site(app: TestApp) {
    for path in [
        "/en//evil.example/x",
        "//evil.example/x",
        "/en/%2F%2Fevil.example",
    ] {
        let page = app.get(path).await;
        assert!(page.status.is_client_error(), "{path}: {}", page.status);
        for link in page.links() {
            assert!(
                !link.starts_with("//")
                    && !link.contains("evil.example/x\"")
                    && !link.starts_with("http://evil"),
                "{path} links to {link}"
            );
        }
        assert!(!page.body.contains("href=\"//"), "{path}");
    }
}

async fn unknown_static_names_are_404_and_not_cached(app: TestApp) {
    let long = format!("/static/{}", "a".repeat(300));
    for path in [long.as_str(), "/static/portal.css", "/static/../Cargo.toml"] {
        let page = app.get(path).await;
        page.assert_status(404);
        let cache = page
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(!cache.contains("immutable"), "{path}: {cache}");
    }
}

async fn direction_marks_are_stripped_from_names(app: TestApp) {
    let admin = app.signed_in("admin", None).await;
    admin
        .submit(
            "/admin/users",
            "/admin/users",
            &[
                ("email", "luis@ampe.org.pe"),
                ("name", "Luis \u{202e}námauH\u{202c}"),
                ("role", "coordinator"),
                ("city", ""),
                ("password", "otra frase larga que nadie adivina 77"),
            ],
        )
        .await
        .assert_status(303);
    let name: String =
        sqlx::query_scalar("SELECT name FROM users WHERE email = 'luis@ampe.org.pe'")
            .fetch_one(app.store.pool())
            .await
            .expect("name");
    assert_eq!(name, "Luis námauH");
    let coordinator = app.signed_in("coordinator", None).await;
    coordinator
        .upload(1, "informe\u{202e}fdp.exe.pdf", b"%PDF-1.7\nx".to_vec(), "")
        .await
        .assert_status(303);
    let file_name: String = sqlx::query_scalar("SELECT original_name FROM files")
        .fetch_one(app.store.pool())
        .await
        .expect("file");
    assert_eq!(file_name, "informefdp.exe.pdf");
}

mod input {
    use super::*;
    backend_tests!(
        control_characters_are_refused_before_they_reach_the_store,
        sign_in_follows_only_same_site_paths,
        the_language_switch_never_leaves_the_site,
        unknown_static_names_are_404_and_not_cached,
        direction_marks_are_stripped_from_names,
    );
}

// 9. Proposals cannot overwrite newer work.

async fn stale_proposals_are_refused_like_edit_conflicts(app: TestApp) {
    let badge: i64 = sqlx::query_scalar(
        "SELECT b.id FROM badges b JOIN municipalities m ON m.id = b.municipality_id
         WHERE m.slug = 'lima'",
    )
    .fetch_one(app.store.pool())
    .await
    .expect("Lima's badge");
    let path = format!("/admin/badges/{badge}/edit");
    // The city editor proposes new evidence for Lima's badge…
    let editor = app.signed_in("city_editor", Some("lima")).await;
    editor
        .save(&path, &[("evidence_es", "Propuesta de Lima")])
        .await
        .assert_status(303);
    // …then a coordinator moves the badge to San Isidro and adds a year.
    let san_isidro: i64 =
        sqlx::query_scalar("SELECT id FROM municipalities WHERE slug = 'san-isidro'")
            .fetch_one(app.store.pool())
            .await
            .expect("San Isidro");
    let coordinator = app.signed_in("coordinator", None).await;
    coordinator
        .save(
            &path,
            &[
                ("municipality_id", &san_isidro.to_string()),
                ("year", "2023"),
            ],
        )
        .await
        .assert_status(303);
    // Approving the old proposal would move it back: refused, both versions shown.
    let proposal: i64 = sqlx::query_scalar("SELECT id FROM proposals")
        .fetch_one(app.store.pool())
        .await
        .expect("proposal");
    let refused = coordinator
        .submit(
            "/admin/proposals",
            &format!("/admin/proposals/{proposal}/approve"),
            &[],
        )
        .await;
    refused.assert_status(409).assert_shows(&[
        "El registro cambió",
        "San Isidro",
        "Lima",
        "Propuesta de Lima",
    ]);
    let (municipality, year, status): (i64, Option<i64>, String) = sqlx::query_as(
        "SELECT b.municipality_id, b.year, p.status FROM badges b, proposals p
         WHERE b.id = $1 AND p.id = $2",
    )
    .bind(badge)
    .bind(proposal)
    .fetch_one(app.store.pool())
    .await
    .expect("state");
    assert_eq!(
        (municipality, year, status.as_str()),
        (san_isidro, Some(2023), "pending")
    );

    // A proposal made on the current version still applies.
    let fresh = app.signed_in("city_editor", Some("san-isidro")).await;
    fresh
        .save(&path, &[("evidence_es", "Evidencia de San Isidro")])
        .await
        .assert_status(303);
    let newest: i64 = sqlx::query_scalar("SELECT MAX(id) FROM proposals")
        .fetch_one(app.store.pool())
        .await
        .expect("proposal");
    coordinator
        .submit(
            "/admin/proposals",
            &format!("/admin/proposals/{newest}/approve"),
            &[],
        )
        .await
        .assert_status(303);
    app.get("/cities/san-isidro")
        .await
        .assert_shows(&["Evidencia de San Isidro"]);
}

// 11. Headers and cookies.

fn on_https(config: &mut Config) {
    config.base_url = "https://portal.example.pe".to_string();
    config.secure_cookies = true;
}

fn header(page: &Page, name: &str) -> String {
    page.headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A page of each kind: public, admin, download, static, error.
async fn one_of_each_route_kind(app: &TestApp) -> Vec<Page> {
    let coordinator = app.signed_in("coordinator", None).await;
    coordinator
        .upload(1, "guia.pdf", b"%PDF-1.7\nguia".to_vec(), "es")
        .await
        .assert_status(303);
    let slug: String = sqlx::query_scalar("SELECT slug FROM documents WHERE id = 1")
        .fetch_one(app.store.pool())
        .await
        .expect("slug");
    sqlx::query("UPDATE documents SET status = 'published' WHERE id = 1")
        .execute(app.store.pool())
        .await
        .expect("publish");
    let home = app.get("/").await;
    let css = home
        .links()
        .into_iter()
        .find(|l| l.starts_with("/static/portal."))
        .expect("stylesheet");
    vec![
        home,
        app.get("/en/cities/lima").await,
        coordinator.get("/admin").await,
        app.get("/admin/login").await,
        app.get(&format!("/documents/{slug}/download")).await,
        app.get(&css).await,
        app.get("/no-such-page").await,
    ]
}

async fn every_route_kind_carries_the_security_headers(app: TestApp) {
    for page in one_of_each_route_kind(&app).await {
        let csp = header(&page, "content-security-policy");
        for directive in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "script-src 'none'",
        ] {
            assert!(csp.contains(directive), "{}: CSP {csp}", page.path);
        }
        for (name, value) in [
            ("x-content-type-options", "nosniff"),
            ("cross-origin-opener-policy", "same-origin"),
            ("cross-origin-resource-policy", "same-origin"),
            ("x-frame-options", "DENY"),
        ] {
            assert_eq!(header(&page, name), value, "{}: {name}", page.path);
        }
        assert!(
            header(&page, "permissions-policy").contains("camera=()"),
            "{}",
            page.path
        );
        // Plain HTTP: no HSTS.
        assert_eq!(
            header(&page, "strict-transport-security"),
            "",
            "{}",
            page.path
        );
        let cache = header(&page, "cache-control");
        if page.path.starts_with("/admin") {
            assert_eq!(cache, "no-store", "{}", page.path);
        } else {
            assert!(!cache.contains("no-store"), "{}: {cache}", page.path);
        }
    }
}

async fn behind_https_hsts_and_host_prefixed_secure_cookies(app: TestApp) {
    let home = app.get("/").await;
    assert_eq!(
        header(&home, "strict-transport-security"),
        "max-age=31536000"
    );
    let login = app.get("/admin/login").await;
    assert_eq!(
        header(&login, "strict-transport-security"),
        "max-age=31536000"
    );
    let cookie = header(&login, "set-cookie");
    assert!(cookie.starts_with("__Host-portal_signin="), "{cookie}");
    for attribute in ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
}

// 12. Smaller mends.

async fn admins_cannot_lock_everyone_out(app: TestApp) {
    let admin = app.signed_in("admin", None).await;
    let me: i64 = sqlx::query_scalar("SELECT id FROM users WHERE role = 'admin'")
        .fetch_one(app.store.pool())
        .await
        .expect("admin");
    admin
        .submit("/admin/users", &format!("/admin/users/{me}/disable"), &[])
        .await
        .assert_status(303);
    admin
        .get("/admin/users")
        .await
        .assert_status(200)
        .assert_shows(&["No puede desactivar su propia cuenta"]);
    // The last active admin cannot be disabled from the command line either.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["user", "disable", "--email", "admin-peru@example.pe"])
        .env("DATABASE_URL", &app.config.database_url)
        .env_remove("PORTAL_ADDR")
        .output()
        .expect("portal user disable");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("last active admin"));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM users WHERE disabled = 0").await,
        1
    );
    // With a second admin, one may disable the other.
    let second = app.account("coordinator", None).await;
    sqlx::query("UPDATE users SET role = 'admin' WHERE email = $1")
        .bind(&second)
        .execute(app.store.pool())
        .await
        .expect("promote");
    let other: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&second)
        .fetch_one(app.store.pool())
        .await
        .expect("id");
    admin
        .submit(
            "/admin/users",
            &format!("/admin/users/{other}/disable"),
            &[],
        )
        .await
        .assert_status(303);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM users WHERE disabled = 1").await,
        1
    );
}

async fn sqlite_commits_reach_the_disk_before_the_answer() {
    let app = TestApp::sqlite().await;
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(app.store.pool())
        .await
        .expect("pragma");
    assert_eq!(synchronous, 2, "PRAGMA synchronous must be FULL (2)");
}

#[tokio::test]
async fn sqlite_runs_with_synchronous_full() {
    sqlite_commits_reach_the_disk_before_the_answer().await;
}

mod mends {
    use super::*;
    backend_tests!(
        stale_proposals_are_refused_like_edit_conflicts,
        every_route_kind_carries_the_security_headers,
        admins_cannot_lock_everyone_out,
    );
    mod https {
        use super::*;
        configured_backend_tests!(
            super::on_https;
            behind_https_hsts_and_host_prefixed_secure_cookies,
        );
    }
}
