//! Accounts: `portal user …` on a SQLite file, and the store's account, sign-in-attempt and audit
//! queries on both backends.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use portal::domain::accounts::{Email, NewAccount, Role, hash_password, verify_password};
use portal::store::{AttemptKey, AuditEntry, Reservation, Store, StoreError};

use crate::helpers::TestApp;

fn portal() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
    for variable in [
        "PORTAL_ADDR",
        "DATABASE_URL",
        "PORTAL_BASE_URL",
        "PORTAL_SECURE_COOKIES",
        "PORTAL_MAX_UPLOAD_MB",
        "RUST_LOG",
    ] {
        command.env_remove(variable);
    }
    command
}

/// A seeded SQLite store in a temporary folder, driven through the binary.
struct Cli {
    url: String,
    _dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        let dir = tempfile::tempdir().expect("dir");
        let url = format!("sqlite://{}", dir.path().join("portal.db").display());
        let cli = Cli { url, _dir: dir };
        let seeded = cli.run(&["seed"], None);
        assert!(seeded.status.success(), "{}", stderr(&seeded));
        cli
    }

    /// Runs `portal ARGS --database-url URL`, writing `stdin` to its standard input.
    fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = portal()
            .args(args)
            .args(["--database-url", &self.url])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run portal");
        {
            let mut input = child.stdin.take().expect("stdin");
            if let Some(text) = stdin {
                input.write_all(text.as_bytes()).expect("write stdin");
            }
        }
        child.wait_with_output().expect("wait")
    }

    async fn store(&self) -> Store {
        Store::connect(&self.url).await.expect("open the store")
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts the command failed with exit code 1 and one line on stderr containing `expected`.
#[track_caller]
fn assert_refused(output: &Output, expected: &str) {
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout: {} stderr: {}",
        stdout(output),
        stderr(output)
    );
    let err = stderr(output);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {err}");
    assert!(
        lines[0].contains(expected),
        "expected {expected:?} in {err:?}"
    );
}

async fn count(store: &Store, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(store.pool())
        .await
        .expect("count")
}

fn email(text: &str) -> Email {
    Email::parse(text).expect("email")
}

const GOOD_PASSWORD: &str = "correo quebrada lucuma tintero";

#[tokio::test]
async fn user_add_reads_the_password_from_stdin_and_list_shows_the_account() {
    let cli = Cli::new();
    let added = cli.run(
        &[
            "user",
            "add",
            "--email",
            " Ana.Quispe@FCV.org.pe ",
            "--name",
            "Ana Quispe",
            "--role",
            "coordinator",
            "--password-stdin",
        ],
        Some(&format!("{GOOD_PASSWORD}\n")),
    );
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(stdout(&added).contains("ana.quispe@fcv.org.pe"));
    assert!(
        !stdout(&added).contains(GOOD_PASSWORD),
        "a given password is never printed"
    );

    let editor = cli.run(
        &[
            "user",
            "add",
            "--email",
            "editor@munilima.gob.pe",
            "--name",
            "Luis Rojas",
            "--role",
            "city_editor",
            "--city",
            "lima",
            "--password-stdin",
        ],
        Some("lima ciudad jardin de los reyes 1535\r\n"),
    );
    assert!(editor.status.success(), "{}", stderr(&editor));

    let list = cli.run(&["user", "list"], None);
    assert!(list.status.success(), "{}", stderr(&list));
    let text = stdout(&list);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for column in ["email", "name", "role", "city", "disabled"] {
        assert!(lines[0].contains(column), "{text}");
    }
    let ana = lines.iter().find(|l| l.contains("ana.quispe@fcv.org.pe"));
    let ana = ana.expect("Ana is listed");
    assert!(ana.contains("Ana Quispe") && ana.contains("coordinator") && ana.contains("no"));
    let luis = lines.iter().find(|l| l.contains("editor@munilima.gob.pe"));
    let luis = luis.expect("Luis is listed");
    assert!(luis.contains("city_editor") && luis.contains("lima"));

    let store = cli.store().await;
    let user = store
        .user_by_email(&email("ana.quispe@fcv.org.pe"))
        .await
        .expect("query")
        .expect("the account exists");
    assert_eq!(user.name, "Ana Quispe");
    assert_eq!(user.role(), Some(Role::Coordinator));
    assert_eq!(user.municipality_id, None);
    assert!(!user.is_disabled());
    let hash = store
        .password_hash_of(user.id)
        .await
        .expect("query")
        .expect("a hash");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(verify_password(GOOD_PASSWORD, &hash));

    let luis = store
        .user_by_email(&email("editor@munilima.gob.pe"))
        .await
        .expect("query")
        .expect("the account exists");
    assert_eq!(luis.municipality_slug.as_deref(), Some("lima"));
    assert_eq!(luis.municipality_name.as_deref(), Some("Lima"));
    let hash = store.password_hash_of(luis.id).await.expect("query");
    assert!(
        verify_password("lima ciudad jardin de los reyes 1535", &hash.expect("hash")),
        "the line ending (\\r\\n) is not part of the password"
    );
}

#[tokio::test]
async fn weak_passwords_are_refused_and_nothing_is_written() {
    let cli = Cli::new();
    let args = [
        "user",
        "add",
        "--email",
        "ana@fcv.org.pe",
        "--name",
        "Ana Quispe",
        "--role",
        "admin",
        "--password-stdin",
    ];
    // 11 characters.
    let short = cli.run(&args, Some("vT9#qLm2!xZ\n"));
    assert_refused(&short, "at least 12 characters");
    // Long enough but common.
    let common = cli.run(&args, Some("password1234\n"));
    assert_refused(&common, "easy to guess");
    // Built from the account's own name.
    let own_name = cli.run(&args, Some("anaquispe2024\n"));
    assert_refused(&own_name, "easy to guess");
    // Nothing on stdin at all.
    let empty = cli.run(&args, Some(""));
    assert_refused(&empty, "standard input is empty");

    let store = cli.store().await;
    assert_eq!(count(&store, "users").await, 0);
    assert_eq!(count(&store, "audit_log").await, 0);
}

#[tokio::test]
async fn a_generated_password_is_printed_once_and_matches_the_stored_hash() {
    let cli = Cli::new();
    let added = cli.run(
        &[
            "user",
            "add",
            "--email",
            "admin@portal.pe",
            "--name",
            "Operator",
            "--role",
            "admin",
        ],
        None,
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let out = stdout(&added);
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("generated password: "))
        .expect("the password is printed")
        .trim()
        .to_string();
    assert_eq!(password.chars().count(), 20);
    assert_eq!(out.matches(&password).count(), 1, "printed once: {out}");
    assert!(!stderr(&added).contains(&password));
    assert!(out.contains("will not be shown again"), "{out}");

    let store = cli.store().await;
    let user = store
        .user_by_email(&email("admin@portal.pe"))
        .await
        .expect("query")
        .expect("exists");
    let hash = store.password_hash_of(user.id).await.expect("query");
    assert!(verify_password(&password, &hash.expect("hash")));
}

#[tokio::test]
async fn duplicates_and_bad_cities_roles_and_emails_are_refused() {
    let cli = Cli::new();
    let add = |email: &str, role: &str, city: Option<&str>| {
        let mut args = vec![
            "user", "add", "--email", email, "--name", "Someone", "--role", role,
        ];
        if let Some(city) = city {
            args.extend(["--city", city]);
        }
        args.push("--password-stdin");
        cli.run(&args, Some(GOOD_PASSWORD))
    };
    let first = add("ana@fcv.org.pe", "coordinator", None);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_refused(
        &add("ANA@fcv.org.pe", "admin", None),
        "--email: An account with this email already exists.",
    );
    assert_refused(
        &add("editor@muni.pe", "city_editor", None),
        "--city: Choose the municipality of this city editor account.",
    );
    assert_refused(
        &add("editor@muni.pe", "city_editor", Some("atlantis")),
        "--city: There is no municipality with that identifier.",
    );
    assert_refused(
        &add("boss@muni.pe", "coordinator", Some("lima")),
        "--city: Only a city editor belongs to a municipality",
    );
    assert_refused(&add("boss@muni.pe", "mayor", None), "--role: ");
    assert_refused(&add("not-an-email", "admin", None), "--email");

    let store = cli.store().await;
    assert_eq!(count(&store, "users").await, 1);
    assert_eq!(count(&store, "audit_log").await, 1);
}

#[tokio::test]
async fn disable_enable_and_set_password_change_the_account_and_are_audited() {
    let cli = Cli::new();
    let added = cli.run(
        &[
            "user",
            "add",
            "--email",
            "ana@fcv.org.pe",
            "--name",
            "Ana Quispe",
            "--role",
            "coordinator",
            "--password-stdin",
        ],
        Some(GOOD_PASSWORD),
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let store = cli.store().await;
    let ana = store
        .user_by_email(&email("ana@fcv.org.pe"))
        .await
        .expect("query")
        .expect("exists");
    let first_hash = store.password_hash_of(ana.id).await.expect("q").expect("h");

    let disabled = cli.run(&["user", "disable", "--email", "Ana@FCV.org.pe"], None);
    assert!(disabled.status.success(), "{}", stderr(&disabled));
    let list = stdout(&cli.run(&["user", "list"], None));
    let line = list.lines().find(|l| l.contains("ana@fcv.org.pe"));
    assert!(line.expect("listed").trim_end().ends_with("yes"), "{list}");

    let enabled = cli.run(
        &["user", "disable", "--email", "ana@fcv.org.pe", "--enable"],
        None,
    );
    assert!(enabled.status.success(), "{}", stderr(&enabled));
    let list = stdout(&cli.run(&["user", "list"], None));
    let line = list.lines().find(|l| l.contains("ana@fcv.org.pe"));
    assert!(line.expect("listed").trim_end().ends_with("no"), "{list}");

    // From stdin: the policy applies, with the account's own name as a guess.
    assert_refused(
        &cli.run(
            &[
                "user",
                "set-password",
                "--email",
                "ana@fcv.org.pe",
                "--password-stdin",
            ],
            Some("anaquispe2024\n"),
        ),
        "easy to guess",
    );
    assert_eq!(
        store.password_hash_of(ana.id).await.expect("q").as_deref(),
        Some(first_hash.as_str()),
        "a refused password changes nothing"
    );
    let set = cli.run(
        &[
            "user",
            "set-password",
            "--email",
            "ana@fcv.org.pe",
            "--password-stdin",
        ],
        Some("tintero lucuma quebrada correo\n"),
    );
    assert!(set.status.success(), "{}", stderr(&set));
    let second_hash = store.password_hash_of(ana.id).await.expect("q").expect("h");
    assert_ne!(first_hash, second_hash);
    assert!(verify_password(
        "tintero lucuma quebrada correo",
        &second_hash
    ));
    assert!(!verify_password(GOOD_PASSWORD, &second_hash));

    // Generated.
    let generated = cli.run(&["user", "set-password", "--email", "ana@fcv.org.pe"], None);
    assert!(generated.status.success(), "{}", stderr(&generated));
    let out = stdout(&generated);
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("generated password: "))
        .expect("printed");
    let third_hash = store.password_hash_of(ana.id).await.expect("q").expect("h");
    assert!(verify_password(password.trim(), &third_hash));

    // Unknown accounts.
    assert_refused(
        &cli.run(&["user", "disable", "--email", "nobody@fcv.org.pe"], None),
        "no account with the email nobody@fcv.org.pe",
    );
    assert_refused(
        &cli.run(
            &["user", "set-password", "--email", "nobody@fcv.org.pe"],
            None,
        ),
        "no account with the email nobody@fcv.org.pe",
    );

    let actions: Vec<(String, String, Option<i64>)> = crate::helpers::audit_rows(&store, 100, None)
        .await
        .into_iter()
        .map(|row| (row.action, row.actor, row.record_id))
        .collect();
    let expected = [
        "user.password_set",
        "user.password_set",
        "user.enabled",
        "user.disabled",
        "user.created",
    ];
    assert_eq!(
        actions.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(),
        expected,
        "newest first"
    );
    assert!(
        actions
            .iter()
            .all(|(_, actor, id)| actor == "cli" && *id == Some(ana.id))
    );
}

#[tokio::test]
async fn user_commands_migrate_a_new_store_and_list_says_when_there_are_no_accounts() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("fresh.db").display());
    let output = portal()
        .args(["user", "list", "--database-url", &url])
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("no accounts"),
        "{}",
        stdout(&output)
    );
    // No account is ever created by itself.
    let store = Store::connect(&url).await.expect("open");
    assert_eq!(count(&store, "users").await, 0);
}

// Store-level behaviour, on SQLite and (when configured) Postgres.

async fn make_user(store: &Store, address: &str, role: Role, city: Option<&str>) -> i64 {
    let hash = hash_password(GOOD_PASSWORD).expect("hash");
    store
        .create_user(
            &new_account(address, "Someone", role.code(), city.unwrap_or("")),
            &hash,
            "cli",
        )
        .await
        .expect("create")
        .id
}

fn new_account(email: &str, name: &str, role: &str, city: &str) -> NewAccount {
    NewAccount::parse(email, name, role, city).expect("a valid account")
}

const WINDOW: time::Duration = time::Duration::minutes(15);

/// Attempts counted on `key` in a window that has not ended.
async fn attempts_on(store: &Store, key: &str) -> i64 {
    let since = portal::store::format_timestamp(time::OffsetDateTime::now_utc() - WINDOW);
    sqlx::query_scalar::<_, i64>(
        "SELECT attempts FROM sign_in_counters WHERE key = $1 AND window_start > $2",
    )
    .bind(key)
    .bind(since)
    .fetch_optional(store.pool())
    .await
    .expect("count")
    .unwrap_or(0)
}

async fn reserve(store: &Store, keys: &[AttemptKey]) -> Reservation {
    store
        .reserve_attempt(
            keys,
            WINDOW,
            &AuditEntry {
                actor: "anonymous",
                action: "login.throttled",
                detail: "test",
                client_ip: Some("203.0.113.9"),
                ..AuditEntry::default()
            },
        )
        .await
        .expect("reserve")
}

async fn sign_in_attempts_are_reserved_counted_and_given_back(app: TestApp) {
    let store = &app.store;
    let pair = AttemptKey::limited("pair:ana@fcv.org.pe|203.0.113.9".into(), 3);
    let address = AttemptKey::limited("address:203.0.113.9".into(), 5);
    let keys = [pair.clone(), address.clone()];
    for _ in 0..3 {
        assert_eq!(reserve(store, &keys).await, Reservation::Allowed);
    }
    assert_eq!(attempts_on(store, &pair.key).await, 3);
    // The fourth is over the pair's limit, and refused; so is the fifth.
    for _ in 0..2 {
        assert_eq!(
            reserve(store, &keys).await,
            Reservation::Throttled {
                key: pair.key.clone()
            }
        );
    }
    // One audit row for the window, however many refusals.
    let throttled = crate::helpers::audit_rows(store, 100, Some("login.throttled")).await;
    assert_eq!(throttled.len(), 1, "{throttled:?}");
    assert!(
        throttled[0].detail.contains(&pair.key),
        "{}",
        throttled[0].detail
    );

    // A success forgets the pair and gives the address its attempt back.
    store
        .release_attempt(std::slice::from_ref(&pair), std::slice::from_ref(&address))
        .await
        .expect("release");
    assert_eq!(attempts_on(store, &pair.key).await, 0);
    assert_eq!(attempts_on(store, &address.key).await, 4);
    // Counted-only keys never refuse.
    let counted = AttemptKey::counted("account:ana@fcv.org.pe".into());
    for _ in 0..30 {
        assert_eq!(
            reserve(store, std::slice::from_ref(&counted)).await,
            Reservation::Allowed
        );
    }
    assert_eq!(attempts_on(store, &counted.key).await, 30);

    // A window that ended starts again at one, and is pruned.
    sqlx::query("UPDATE sign_in_counters SET window_start = '2000-01-01T00:00:00Z'")
        .execute(store.pool())
        .await
        .expect("age the windows");
    assert_eq!(attempts_on(store, &counted.key).await, 0);
    assert_eq!(reserve(store, &keys).await, Reservation::Allowed);
    assert_eq!(attempts_on(store, &pair.key).await, 1);
    assert!(store.prune_expired(WINDOW).await.expect("prune") >= 1);
    assert_eq!(count(store, "sign_in_counters").await, 2);
}

async fn concurrent_reservations_never_pass_the_limit(app: TestApp) {
    // 40 simultaneous attempts on one key with a limit of 5: exactly 5 are allowed, on one
    // process or many (the count is one UPSERT in the store).
    let key = AttemptKey::limited("pair:ana@fcv.org.pe|203.0.113.9".into(), 5);
    let attempts: Vec<_> = (0..40)
        .map(|_| {
            let store = app.store.clone();
            let key = key.clone();
            tokio::spawn(async move { reserve(&store, &[key]).await })
        })
        .collect();
    let mut allowed = 0;
    for attempt in attempts {
        if attempt.await.expect("task") == Reservation::Allowed {
            allowed += 1;
        }
    }
    assert_eq!(allowed, 5);
    assert_eq!(attempts_on(&app.store, &key.key).await, 40);
}

async fn sign_in_addresses_are_remembered_per_account(app: TestApp) {
    let store = &app.store;
    let ana = make_user(store, "ana@fcv.org.pe", Role::Coordinator, None).await;
    assert!(
        !store
            .is_known_sign_in_address(ana, "203.0.113.9")
            .await
            .expect("known")
    );
    store
        .remember_sign_in_address(ana, "203.0.113.9")
        .await
        .expect("remember");
    store
        .remember_sign_in_address(ana, "203.0.113.9")
        .await
        .expect("remember twice");
    assert!(
        store
            .is_known_sign_in_address(ana, "203.0.113.9")
            .await
            .expect("known")
    );
    assert!(
        !store
            .is_known_sign_in_address(ana, "198.51.100.7")
            .await
            .expect("known")
    );
    store
        .audit_sign_in(
            " ANA@fcv.org.pe",
            "203.0.113.9",
            false,
            Some(ana),
            "password",
        )
        .await
        .expect("audit");
    store
        .audit_sign_in("nobody@fcv.org.pe", "203.0.113.9", false, None, "password")
        .await
        .expect("audit");
    store
        .audit_sign_in("ana@fcv.org.pe", "203.0.113.9", true, Some(ana), "password")
        .await
        .expect("audit");
    let logins = crate::helpers::audit_rows(store, 100, Some("login.")).await;
    assert_eq!(logins.len(), 3);
    assert_eq!(logins[0].action, "login.succeeded");
    assert_eq!(logins[0].actor, "ana@fcv.org.pe");
    assert_eq!(logins[0].actor_user_id, Some(ana));
    assert_eq!(logins[2].action, "login.failed");
    assert_eq!(logins[2].actor, "anonymous");
    assert_eq!(logins[2].record_id, Some(ana));
    assert!(logins[1].detail.contains("no such account"));
    assert_eq!(logins[1].record_id, None);
}

async fn accounts_are_created_checked_and_changed_in_the_store(app: TestApp) {
    let store = &app.store;
    let hash = hash_password(GOOD_PASSWORD).expect("hash");
    let ana = store
        .create_user(
            &new_account("ana@fcv.org.pe", " Ana Quispe ", "coordinator", ""),
            &hash,
            "cli",
        )
        .await
        .expect("create");
    assert_eq!(ana.email, "ana@fcv.org.pe");
    assert_eq!(ana.name, "Ana Quispe");
    assert_eq!(ana.role, "coordinator");
    assert_eq!(ana.disabled, 0);
    assert_eq!(ana.created_at, ana.updated_at);
    assert!(ana.created_at.ends_with('Z'));

    let duplicate = store
        .create_user(
            &new_account("ana@fcv.org.pe", "Other", "admin", ""),
            &hash,
            "cli",
        )
        .await;
    assert!(
        matches!(&duplicate, Err(StoreError::Fields(e)) if e.get("email") == Some("users-email-taken")),
        "{duplicate:?}"
    );
    // The store refuses a city that does not exist (the other rules are the domain's, which
    // the store's argument type makes unavoidable).
    let result = store
        .create_user(
            &new_account("x@muni.pe", "X", "city_editor", "atlantis"),
            &hash,
            "cli",
        )
        .await;
    assert!(
        matches!(&result, Err(StoreError::Fields(e)) if e.get("city") == Some("users-city-unknown")),
        "{result:?}"
    );

    // An admin creating an account is recorded with its id.
    let editor = store
        .create_user(
            &new_account("editor@munilima.gob.pe", "Luis", "city_editor", "lima"),
            &hash,
            "ana@fcv.org.pe",
        )
        .await
        .expect("create");
    assert_eq!(editor.municipality_slug.as_deref(), Some("lima"));
    assert!(editor.municipality_id.is_some());
    let users = store.users().await.expect("users");
    assert_eq!(
        users.iter().map(|u| u.email.as_str()).collect::<Vec<_>>(),
        ["ana@fcv.org.pe", "editor@munilima.gob.pe"]
    );
    assert_eq!(
        store.user_by_id(editor.id).await.expect("q"),
        Some(editor.clone())
    );
    assert_eq!(store.user_by_id(9999).await.expect("q"), None);
    assert_eq!(
        store.user_by_email(&email("nobody@x.pe")).await.expect("q"),
        None
    );

    // Disabling and setting a password end the account's sessions, not others'.
    for (id, user) in [("s1", editor.id), ("s2", editor.id), ("s3", ana.id)] {
        sqlx::query(
            "INSERT INTO sessions (id, user_id, data, expires_at, created_at)
             VALUES ($1, $2, '{}', '2999-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        )
        .bind(id)
        .bind(user)
        .execute(store.pool())
        .await
        .expect("session");
    }
    let editor_email = email("editor@munilima.gob.pe");
    assert!(
        store
            .set_user_disabled(&editor_email, true, "ana@fcv.org.pe")
            .await
            .expect("disable")
    );
    assert_eq!(count(store, "sessions").await, 1);
    let disabled = store.user_by_id(editor.id).await.expect("q").expect("u");
    assert!(disabled.is_disabled());
    assert!(
        store
            .set_user_disabled(&editor_email, false, "ana@fcv.org.pe")
            .await
            .expect("enable")
    );
    assert!(
        !store
            .user_by_id(editor.id)
            .await
            .expect("q")
            .expect("u")
            .is_disabled()
    );
    assert!(
        !store
            .set_user_disabled(&email("nobody@x.pe"), true, "cli")
            .await
            .expect("no account")
    );

    let new_hash = hash_password("tintero lucuma quebrada correo").expect("hash");
    assert!(
        store
            .set_user_password(&email("ana@fcv.org.pe"), &new_hash, "cli")
            .await
            .expect("set")
    );
    assert_eq!(count(store, "sessions").await, 0);
    assert_eq!(
        store.password_hash_of(ana.id).await.expect("q"),
        Some(new_hash)
    );
    assert!(
        !store
            .set_user_password(&email("nobody@x.pe"), &hash, "cli")
            .await
            .expect("no account")
    );

    // Every change has its audit row, newest first; the actor's id is kept when it is an account.
    store
        .audit(&AuditEntry {
            actor_user_id: Some(ana.id),
            actor: "ana@fcv.org.pe",
            action: "logout",
            client_ip: Some("203.0.113.9"),
            ..AuditEntry::default()
        })
        .await
        .expect("audit");
    let rows = crate::helpers::audit_rows(store, 100, None).await;
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "logout",
            "user.password_set",
            "user.enabled",
            "user.disabled",
            "user.created",
            "user.created",
        ]
    );
    assert_eq!(rows[0].client_ip.as_deref(), Some("203.0.113.9"));
    assert_eq!(rows[0].detail, "");
    assert_eq!(rows[0].record_type, None);
    assert_eq!(rows[1].actor, "cli");
    assert_eq!(rows[1].actor_user_id, None);
    assert_eq!(rows[2].actor, "ana@fcv.org.pe");
    assert_eq!(rows[2].actor_user_id, Some(ana.id));
    assert_eq!(rows[2].record_type.as_deref(), Some("user"));
    assert_eq!(rows[2].record_id, Some(editor.id));
    assert_eq!(rows[4].actor_user_id, Some(ana.id));

    let user_rows = crate::helpers::audit_rows(store, 2, Some("user.")).await;
    assert_eq!(
        user_rows
            .iter()
            .map(|r| r.action.as_str())
            .collect::<Vec<_>>(),
        ["user.password_set", "user.enabled"]
    );
    // The prefix is literal: '_' and '%' are not wildcards.
    assert!(
        crate::helpers::audit_rows(store, 10, Some("user_"))
            .await
            .is_empty()
    );
    assert!(
        crate::helpers::audit_rows(store, 10, Some("%"))
            .await
            .is_empty()
    );
    assert!(crate::helpers::audit_rows(store, 0, None).await.is_empty());
}

async fn the_schema_refuses_what_the_rules_forbid(app: TestApp) {
    let store = &app.store;
    let insert = |role: &'static str, municipality: Option<i64>| {
        sqlx::query(
            "INSERT INTO users (email, name, role, municipality_id, password_hash, disabled,
                                created_at, updated_at, updated_by)
             VALUES ('raw@x.pe', 'Raw', $1, $2, 'h', 0, 't', 't', 'test')",
        )
        .bind(role)
        .bind(municipality)
        .execute(store.pool())
    };
    let lima: i64 = sqlx::query_scalar("SELECT id FROM municipalities WHERE slug = 'lima'")
        .fetch_one(store.pool())
        .await
        .expect("lima");
    assert!(insert("city_editor", None).await.is_err());
    assert!(insert("coordinator", Some(lima)).await.is_err());
    assert!(insert("superuser", None).await.is_err());
    assert!(insert("city_editor", Some(lima)).await.is_ok());
    assert!(insert("admin", None).await.is_err(), "the email is unique");
}

crate::backend_tests!(
    sign_in_attempts_are_reserved_counted_and_given_back,
    concurrent_reservations_never_pass_the_limit,
    sign_in_addresses_are_remembered_per_account,
    accounts_are_created_checked_and_changed_in_the_store,
    the_schema_refuses_what_the_rules_forbid,
);
