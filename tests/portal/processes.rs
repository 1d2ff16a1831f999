//! Several real `portal` processes on one store, as behind a load balancer: started
//! at the same moment on an empty database, sharing nothing but the store.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use portal::store::Store;

use crate::helpers::{Browser, TEST_PASSWORD, scalar};

/// A `portal serve` child process, killed when dropped.
struct Process {
    child: Child,
    address: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `portal serve` on `database_url` at a port of its choosing; the address is read from
/// its "listening" log line, which it writes once migrated, seeded and bound.
fn start(database_url: &str) -> std::sync::mpsc::Receiver<Result<Process, String>> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
    for variable in [
        "PORTAL_BASE_URL",
        "PORTAL_TRUSTED_PROXIES",
        "PORTAL_REQUIRE_MFA",
    ] {
        command.env_remove(variable);
    }
    let spawned = command
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("PORTAL_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut child = match spawned {
            Ok(child) => child,
            Err(error) => {
                let _ = sender.send(Err(format!("cannot start portal: {error}")));
                return;
            }
        };
        // The log goes to stdout; stderr is read so that nothing blocks on a full pipe.
        let stderr = child.stderr.take();
        std::thread::spawn(move || {
            if let Some(stderr) = stderr {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    eprintln!("portal stderr: {line}");
                }
            }
        });
        let Some(stdout) = child.stdout.take() else {
            let _ = sender.send(Err("no stdout".to_string()));
            return;
        };
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let mut seen = Vec::new();
        let address = lines.by_ref().find_map(|line| {
            let found = line
                .contains("listening")
                .then(|| line.split("address=").nth(1))
                .flatten()
                .and_then(|rest| rest.split_whitespace().next())
                .map(|address| format!("http://{address}"));
            seen.push(line);
            found
        });
        let outcome = match address {
            Some(address) => Ok(Process { child, address }),
            None => {
                let _ = child.kill();
                Err(format!("portal never listened:\n{}", seen.join("\n")))
            }
        };
        let _ = sender.send(outcome);
        // Keep reading so that the process never blocks on its log.
        for _ in lines {}
    });
    receiver
}

fn wait_for(receiver: std::sync::mpsc::Receiver<Result<Process, String>>) -> Process {
    receiver
        .recv_timeout(Duration::from_secs(120))
        .expect("the portal started within two minutes")
        .unwrap_or_else(|error| panic!("{error}"))
}

/// Two browsers, one per process, sharing one cookie jar: one person whose requests a load
/// balancer sends now to one process, now to the other.
fn one_person(first: &Process, second: &Process) -> (Browser, Browser) {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let browser = |address: &str| Browser {
        client: reqwest::Client::builder()
            .cookie_provider(Arc::clone(&jar))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        address: address.to_string(),
        jar: Arc::clone(&jar),
    };
    (browser(&first.address), browser(&second.address))
}

async fn create_account(store: &Store, email: &str) {
    use portal::domain::accounts::{NewAccount, hash_password};
    let account =
        NewAccount::parse(email, "Coordinación", "coordinator", "").expect("a valid account");
    let hash = hash_password(TEST_PASSWORD).expect("hash");
    store
        .create_user(&account, &hash, "test")
        .await
        .expect("create account");
}

#[tokio::test]
async fn two_processes_on_one_postgres_database_act_as_one_portal() {
    let Some(base) = crate::helpers::postgres_base_url() else {
        return;
    };
    let database_url = crate::helpers::fresh_postgres_database(&base).await;

    // Both start at once on the empty database: migrations take turns (a lock), and the seed
    // is loaded once.
    let (starting_a, starting_b) = (start(&database_url), start(&database_url));
    let (a, b) = (wait_for(starting_a), wait_for(starting_b));
    let store = Store::connect(&database_url).await.expect("connect");
    let migrations = std::fs::read_dir("migrations/postgres")
        .expect("migrations")
        .count() as i64;
    assert_eq!(
        scalar(
            &store,
            "SELECT COUNT(*) FROM _sqlx_migrations WHERE success"
        )
        .await,
        migrations
    );
    assert_eq!(
        scalar(&store, "SELECT COUNT(*) FROM municipalities").await,
        33
    );
    assert_eq!(scalar(&store, "SELECT COUNT(*) FROM strategy").await, 1);

    // A session made through A is valid on B, and so is the form token A gave.
    let email = "coordinacion@fcv.org.pe";
    create_account(&store, email).await;
    let (on_a, on_b) = one_person(&a, &b);
    on_a.login(email, TEST_PASSWORD).await.assert_status(303);
    on_b.get("/admin")
        .await
        .assert_status(200)
        .assert_shows(&["Coordinación"]);

    // B keeps Lima's page; an edit saved through A is on B's very next request.
    let public_b = reqwest::Client::new();
    for _ in 0..2 {
        let page = public_b
            .get(format!("{}/cities/lima", b.address))
            .send()
            .await
            .expect("page");
        let text = page.text().await.expect("text");
        assert!(!text.contains("Nota guardada en A"), "not yet edited");
    }
    let lima: i64 = sqlx::query_scalar("SELECT id FROM municipalities WHERE slug = 'lima'")
        .fetch_one(store.pool())
        .await
        .expect("lima");
    let form = format!("/admin/municipalities/{lima}/edit");
    on_a.save(
        &form,
        &[
            ("note_es", "Nota guardada en A"),
            ("note_en", "Note saved on A"),
        ],
    )
    .await
    .assert_status(303);
    for path in [
        "/cities/lima",
        "/en/cities/lima",
        "/api/v1/municipalities/lima",
    ] {
        let text = public_b
            .get(format!("{}{path}", b.address))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("text");
        let expected = if path.starts_with("/en") {
            "Note saved on A"
        } else {
            "Nota guardada en A"
        };
        assert!(text.contains(expected), "{path} on B: {text}");
    }

    // Sign-in throttling counts attempts made on either process: five wrong passwords,
    // alternating, and the sixth is refused wherever it lands.
    let other = "otra.coordinacion@ampe.org.pe";
    create_account(&store, other).await;
    let (guess_a, guess_b) = one_person(&a, &b);
    for n in 0..5 {
        let at = if n % 2 == 0 { &guess_a } else { &guess_b };
        at.login(other, "una contraseña equivocada")
            .await
            .assert_status(401);
    }
    guess_b
        .login(other, "una contraseña equivocada")
        .await
        .assert_status(429);
    guess_a
        .login(other, "una contraseña equivocada")
        .await
        .assert_status(429);
    store.close().await;
}

/// The embedded store too: two processes started at once on a new SQLite file both come up
/// (sqlx takes no lock on SQLite; the portal locks a file beside the store), with each
/// migration applied once and the seed loaded once.
#[tokio::test]
async fn two_processes_starting_at_once_on_a_new_sqlite_file_both_succeed() {
    for round in 0..4 {
        let dir = tempfile::tempdir().expect("dir");
        let url = format!("sqlite://{}", dir.path().join("portal.db").display());
        let children: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_portal"))
                    .arg("seed")
                    .env("DATABASE_URL", &url)
                    .env("RUST_LOG", "warn")
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("start portal seed")
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().expect("wait");
            assert!(
                output.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let store = Store::connect(&url).await.expect("open");
        let migrations = std::fs::read_dir("migrations/sqlite")
            .expect("migrations")
            .count() as i64;
        assert_eq!(
            scalar(&store, "SELECT COUNT(*) FROM _sqlx_migrations").await,
            migrations
        );
        assert_eq!(
            scalar(&store, "SELECT COUNT(*) FROM municipalities").await,
            33
        );
        store.close().await;
    }
}
