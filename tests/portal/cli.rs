//! The `portal` command line: migrate, seed (idempotent), configuration errors, the SQLite file.

use std::process::{Command, Stdio};

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
    assert_eq!(
        crate::helpers::scalar(&store, "SELECT COUNT(*) FROM strategy").await,
        0
    );
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

/// Every file of a folder, by name.
fn read_dir(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

#[tokio::test]
async fn export_import_export_is_identical() {
    let dir = tempfile::tempdir().expect("dir");
    let first_db = format!("sqlite://{}", dir.path().join("first.db").display());
    assert!(
        portal()
            .args(["seed", "--database-url", &first_db])
            .output()
            .expect("run")
            .status
            .success()
    );
    // Some edits, revisions and a stored file, so the dump holds more than the seed.
    let store = Store::connect(&first_db).await.expect("open");
    let kind = &portal::catalogue::BADGES;
    let mut values = store
        .get_record(kind, 1)
        .await
        .expect("read")
        .expect("badge")
        .values;
    values.set("year", portal::catalogue::Value::Integer(2023));
    let change = portal::store::Change {
        actor: "test",
        ..Default::default()
    };
    store
        .update_record(kind, 1, 1, &values, change)
        .await
        .expect("edit");
    let mut writer = store.file_writer("test").await.expect("writer");
    writer
        .write(b"%PDF-1.4 una guia con tildes: Amazon\xc3\xada")
        .await
        .expect("write");
    writer
        .attach_to_document(
            1,
            &portal::store::StoredAs {
                original_name: "Guía.pdf",
                content_type: "application/pdf",
                language: Some("es"),
            },
            "test",
        )
        .await
        .expect("attach");
    store.close().await;

    let first = dir.path().join("export-1");
    let out = portal()
        .args([
            "export",
            "--output",
            first.to_str().expect("p"),
            "--database-url",
            &first_db,
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let second_db = format!("sqlite://{}", dir.path().join("second.db").display());
    let out = portal()
        .args([
            "import",
            first.to_str().expect("p"),
            "--database-url",
            &second_db,
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let second = dir.path().join("export-2");
    let out = portal()
        .args([
            "export",
            "--output",
            second.to_str().expect("p"),
            "--database-url",
            &second_db,
        ])
        .output()
        .expect("run");
    assert!(out.status.success());
    let (a, b) = (read_dir(&first), read_dir(&second));
    assert!(a.len() > 20 && a.contains_key("manifest.json"));
    assert_eq!(a, b, "export → import → export gives identical files");
    let badges = String::from_utf8(a["badges.json"].clone()).expect("utf8");
    assert!(badges.contains("\"year\": 2023"));
    // Importing again into a store that is not empty is refused.
    let out = portal()
        .args([
            "import",
            first.to_str().expect("p"),
            "--database-url",
            &second_db,
        ])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
}

#[tokio::test]
async fn export_import_export_is_identical_on_postgres() {
    let Some(app) = crate::helpers::TestApp::postgres().await else {
        return;
    };
    let Some(empty) = crate::helpers::empty_postgres_store().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let (first, second) = (dir.path().join("1"), dir.path().join("2"));
    let rows = app.store.export_to(&first).await.expect("export");
    assert!(rows > 100);
    assert_eq!(empty.import_from(&first).await.expect("import"), rows);
    empty.export_to(&second).await.expect("export again");
    assert_eq!(read_dir(&first), read_dir(&second));
    // New records continue after the imported ids.
    use portal::catalogue::{OBJECTIVES, Record, Value};
    let mut values = Record::new();
    values.set("position", Value::Integer(9));
    values.set("text_es", Value::Text("Nuevo".into()));
    values.set("text_en", Value::Text("New".into()));
    let change = portal::store::Change {
        actor: "test",
        ..Default::default()
    };
    let id = empty
        .create_record(&OBJECTIVES, &values, change)
        .await
        .expect("create after import");
    assert_eq!(id, 5);
}

#[tokio::test]
async fn import_progress_checks_then_applies_and_refuses_a_bad_file() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("p.db").display());
    let seeded = portal()
        .args(["seed", "--database-url", &url])
        .output()
        .expect("run");
    assert!(seeded.status.success());
    let sheet = dir.path().join("progreso.csv");
    std::fs::write(
        &sheet,
        "municipality;pillar;phase;status;year\nlima;mitigation;inventory;validated;2023\nate;adaptation;goal;in_progress;\n",
    )
    .expect("write");
    let run = |apply: bool| {
        let mut command = portal();
        command.args([
            "import-progress",
            sheet.to_str().expect("path"),
            "--database-url",
            &url,
        ]);
        if apply {
            command.arg("--apply");
        }
        command.output().expect("run")
    };
    // Checked: what each row would do; nothing written.
    let checked = run(false);
    let stdout = String::from_utf8_lossy(&checked.stdout);
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(
        stdout.contains("row 2: lima mitigation/inventory validated — create"),
        "{stdout}"
    );
    assert!(stdout.contains("2 to create, 0 to update, 0 unchanged, 0 refused; nothing written"));
    let store = Store::connect(&url).await.expect("open");
    assert_eq!(count(&store, "progress_entries").await, 0);
    // Applied, each entry with its revision.
    let applied = run(true);
    assert!(applied.status.success());
    assert!(String::from_utf8_lossy(&applied.stdout).contains("2 entries written"));
    assert_eq!(count(&store, "progress_entries").await, 2);
    let revisions: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM revisions WHERE record_type = 'progress-entries' AND changed_by = 'portal import-progress'",
    )
    .fetch_one(store.pool())
    .await
    .expect("count");
    assert_eq!(revisions, 2);
    // A bad row: the command fails, names the row and why, and writes nothing.
    std::fs::write(
        &sheet,
        "municipality,pillar,phase,status,year\nlima,mitigation,target,reported,2024\nlima,mitigation,plan,done,2024\n",
    )
    .expect("write");
    let refused = run(true);
    assert!(!refused.status.success());
    let stdout = String::from_utf8_lossy(&refused.stdout);
    assert!(
        stdout.contains("row 3: lima mitigation/plan done — refused — status: not a valid status"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("nothing written"));
    assert_eq!(count(&store, "progress_entries").await, 2);
    // Not a spreadsheet: one line saying so.
    std::fs::write(&sheet, b"%PDF-1.7").expect("write");
    let unreadable = run(false);
    assert!(!unreadable.status.success());
    assert!(String::from_utf8_lossy(&unreadable.stderr).contains("neither a CSV nor an XLSX"));
}

/// A free port on the loopback interface (bound, then released for the portal to take).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

#[tokio::test]
async fn the_binary_alone_in_an_empty_folder_serves_styled_pages() {
    // Templates, catalogs, migrations, the seed and the stylesheets are compiled in: the binary
    // copied anywhere needs nothing beside it.
    let dir = tempfile::tempdir().expect("dir");
    let binary = dir.path().join("portal");
    std::fs::copy(env!("CARGO_BIN_EXE_portal"), &binary).expect("copy the binary");
    let port = free_port();
    let mut child = Command::new(&binary)
        .current_dir(dir.path())
        .env_clear()
        .env("PORTAL_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the copied binary");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut home = None;
    for _ in 0..100 {
        if let Ok(response) = client.get(format!("{base}/")).send().await {
            home = Some(response.text().await.expect("home"));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let home = home.expect("the copied binary answers");
    let css = home
        .split("href=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.starts_with("/static/portal.") && href.ends_with(".css"))
        .expect("the home page links its stylesheet")
        .to_string();
    let stylesheet = client
        .get(format!("{base}{css}"))
        .send()
        .await
        .expect("css");
    assert_eq!(stylesheet.status(), 200);
    assert!(
        stylesheet.headers()["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/css")
    );
    assert!(stylesheet.text().await.expect("css").contains("@media"));
    // Its store was made in the folder it runs in, by default.
    assert!(dir.path().join("data").join("portal.db").exists());
    let _ = child.kill();
    let _ = child.wait();
}
