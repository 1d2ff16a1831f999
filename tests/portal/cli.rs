//! The `portal` command line: migrate, seed (idempotent), configuration errors, the SQLite file.

use std::process::Command;

use portal::store::Store;

fn portal() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
    for variable in [
        "PORTAL_ADDR",
        "DATABASE_URL",
        "PORTAL_BASE_URL",
        "PORTAL_SECURE_COOKIES",
        "PORTAL_MAX_UPLOAD_MB",
    ] {
        command.env_remove(variable);
    }
    command
}

async fn count(store: &Store, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(store.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn seed_is_idempotent_and_creates_the_sqlite_file() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("nested/folder/portal.db");
    let url = format!("sqlite://{}", db.display());

    let first = portal()
        .args(["seed", "--database-url", &url])
        .output()
        .expect("run");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("seed records loaded"));
    assert!(db.exists(), "the SQLite file and its folder are created");

    let second = portal()
        .arg("seed")
        .env("DATABASE_URL", &url)
        .output()
        .expect("run");
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stdout).contains("already present"));

    let store = Store::connect(&url).await.expect("open");
    assert_eq!(count(&store, "municipalities").await, 33);
    assert_eq!(count(&store, "badges").await, 3);
    assert_eq!(count(&store, "reported_figures").await, 13);
    assert_eq!(count(&store, "objectives").await, 4);
    assert_eq!(count(&store, "exchange_participants").await, 14);
    // The embedded store runs with WAL and foreign keys on.
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .expect("pragma");
    assert_eq!(journal, "wal");
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(store.pool())
        .await
        .expect("pragma");
    assert_eq!(foreign_keys, 1);
}

#[tokio::test]
async fn migrate_applies_the_schema_without_seeding() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("m.db").display());
    let output = portal()
        .args(["migrate", "--database-url", &url])
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let store = Store::connect(&url).await.expect("open");
    assert_eq!(count(&store, "municipalities").await, 0);
    assert!(!store.is_seeded().await.expect("query"));
}

#[test]
fn a_bad_setting_stops_start_up_with_one_line_naming_it() {
    let cases = [
        ("PORTAL_ADDR", "not-an-address"),
        ("DATABASE_URL", "mysql://localhost/portal"),
        ("PORTAL_BASE_URL", "portal.example"),
        ("PORTAL_SECURE_COOKIES", "perhaps"),
        ("PORTAL_MAX_UPLOAD_MB", "lots"),
    ];
    for (variable, value) in cases {
        let output = portal()
            .arg("serve")
            .env(variable, value)
            .output()
            .expect("run");
        assert!(
            !output.status.success(),
            "{variable}={value} must stop start-up"
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "one line for {variable}: {stderr}");
        assert!(
            lines[0].contains(variable) && lines[0].contains(value),
            "{stderr}"
        );
    }
    // The same settings as flags.
    let output = portal()
        .args(["serve", "--addr", "nowhere"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&output.stderr).contains("PORTAL_ADDR"));
}

#[tokio::test]
async fn backup_writes_a_consistent_copy_that_opens_as_a_store() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("live.db").display());
    let seeded = portal()
        .args(["seed", "--database-url", &url])
        .output()
        .expect("run");
    assert!(seeded.status.success());
    let copy = dir.path().join("backups/copy.db");
    let output = portal()
        .args([
            "backup",
            "--output",
            copy.to_str().expect("path"),
            "--database-url",
            &url,
        ])
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let store = Store::connect(&format!("sqlite://{}", copy.display()))
        .await
        .expect("open copy");
    assert_eq!(count(&store, "municipalities").await, 33);
    assert_eq!(count(&store, "reported_figures").await, 13);
    // An existing file is never overwritten.
    let again = portal()
        .args([
            "backup",
            "--output",
            copy.to_str().expect("path"),
            "--database-url",
            &url,
        ])
        .output()
        .expect("run");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    // Postgres: the command says to use pg_dump.
    let postgres = portal()
        .args([
            "backup",
            "--output",
            "x.dump",
            "--database-url",
            "postgres://nobody@127.0.0.1:1/none",
        ])
        .output()
        .expect("run");
    assert!(!postgres.status.success());
    assert!(String::from_utf8_lossy(&postgres.stderr).contains("pg_dump"));
}
