//! The store: every SQL query of the portal, grouped by record type, behind one `Store` type.
//!
//! Queries go through sqlx's `Any` driver with portable SQL (`$1` placeholders, integer booleans,
//! RFC 3339 text timestamps), so the same statements run on SQLite and Postgres; only the
//! migrations differ per backend.

mod accounts;
mod data_version;
mod dump;
mod files;
mod listing;
mod mfa;
mod progress;
mod proposals;
mod public;
mod public_dump;
mod records;
mod seed;
mod sessions;
mod sitemap;
mod sql;
mod synth;
mod throttle;

pub use accounts::*;
pub use dump::{DUMP_FORMAT, PUBLIC_DUMP_KIND, dump_json_text};
pub use files::*;
pub use listing::{FilterOption, FilterValue, ListPage, ListQuery, ListRow};
pub use mfa::StoredTotp;
pub use progress::*;
pub use proposals::Proposal;
pub use public::*;
pub use public_dump::{EMAIL_WITHHELD, PublicFile, PublicRecords};
pub use records::*;
pub use seed::SEED_TABLES;
pub use sessions::{SESSION_USER_KEY, StoreSessions};
pub use synth::{Cell, SyntheticData, SyntheticMark, TableRows};
pub use throttle::{AttemptKey, Reservation};

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("DATABASE_URL: unsupported database URL '{0}'")]
    UnsupportedUrl(String),
    #[error("cannot create the folder for the SQLite file {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot take the migration lock {path}: {source}")]
    MigrationLock {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The change collides with a row that exists (a unique value taken); the message says which.
    #[error("{0}")]
    Conflict(String),
    /// The change names something that does not exist or breaks a rule; the message says what.
    #[error("{0}")]
    Invalid(String),
    /// The change breaks a rule of a form's inputs (an email taken, an unknown city): what is
    /// wrong with each input, as message keys.
    #[error("{0}")]
    Fields(crate::forms::FieldErrors),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Handle to the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Data-version reads shared by the requests that ask at once.
    version_reads: std::sync::Arc<data_version::VersionReads>,
    /// The SQLite file, when the store is one (its migrations are locked beside it).
    sqlite_file: Option<std::path::PathBuf>,
}

/// How every timestamp is stored: RFC 3339 in UTC, to the second, fixed width, so comparing the
/// text compares the times.
const TIMESTAMP_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// A moment as stored.
pub fn format_timestamp(at: time::OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(TIMESTAMP_FORMAT)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_string())
}

/// A stored timestamp as a moment.
pub fn parse_timestamp(text: &str) -> Option<time::OffsetDateTime> {
    time::PrimitiveDateTime::parse(text, TIMESTAMP_FORMAT)
        .ok()
        .map(|t| t.assume_utc())
}

/// The current time as stored.
pub fn now_timestamp() -> String {
    format_timestamp(time::OffsetDateTime::now_utc())
}

impl Store {
    /// Opens the store named by `url`; a SQLite file (and its folder) is created if missing.
    pub async fn connect(url: &str) -> StoreResult<Store> {
        sqlx::any::install_default_drivers();
        let backend =
            Backend::of_url(url).ok_or_else(|| StoreError::UnsupportedUrl(url.to_string()))?;
        let (url, sqlite_file) = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => (url.to_string(), None),
        };
        let options = AnyConnectOptions::from_str(&url)?
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers work beside the one writer; the busy timeout makes
                        // a writer wait for the lock instead of failing at once.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        // FULL: a commit is on disk before the portal answers, so an
                        // acknowledged edit survives a power cut, not only a killed process.
                        conn.execute("PRAGMA synchronous = FULL").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Store {
            pool,
            backend,
            version_reads: Default::default(),
            sqlite_file,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so it waits its turn (busy timeout) instead of failing with "database
    /// is locked" when it upgrades from reading to writing while another writer is active.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Writes a consistent copy of a SQLite store to `path` (`VACUUM INTO`: readers and writers
    /// go on meanwhile; the copy is one snapshot, already compacted).
    pub async fn backup_to(&self, path: &std::path::Path) -> StoreResult<()> {
        sqlx::query("VACUUM INTO $1")
            .bind(path.to_string_lossy().to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The data version: bumped by every write to a public record, in the same transaction
    /// (triggers of migration 0008), so equal versions mean equal public data. Read by a query
    /// that began after this call, shared with the other callers waiting for one
    /// (`data_version.rs`); `None` when the store cannot be read.
    pub async fn data_version(&self) -> Option<i64> {
        self.version_reads.current(&self.pool).await
    }

    /// Applies the migrations of this backend.
    /// Processes started at once take turns: on Postgres sqlx holds an advisory lock; on SQLite
    /// (where sqlx takes none, and two processes would both apply migration 1) a lock on a file
    /// beside the store's, `<file>.migrate-lock`.
    pub async fn migrate(&self) -> StoreResult<()> {
        match self.backend {
            Backend::Sqlite => {
                let _turn = match &self.sqlite_file {
                    Some(file) => Some(lock_migrations_of(file).await?),
                    None => None,
                };
                sqlx::migrate!("./migrations/sqlite")
                    .run(&self.pool)
                    .await?
            }
            Backend::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    /// True when the store answers a trivial query (readiness).
    pub async fn is_reachable(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Waits for, then holds (until the file handle is dropped) the lock on the migrations of the
/// SQLite store `file`. A lock file of its own: closing any other handle on the store's file
/// would drop SQLite's own locks on it.
async fn lock_migrations_of(file: &std::path::Path) -> StoreResult<std::fs::File> {
    let mut name = file.as_os_str().to_owned();
    name.push(".migrate-lock");
    let path = std::path::PathBuf::from(name);
    let lock_error = |source: std::io::Error| StoreError::MigrationLock {
        path: path.display().to_string(),
        source,
    };
    let lock_file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(lock_error)?;
    tokio::task::spawn_blocking(move || lock_file.lock().map(|()| lock_file))
        .await
        .map_err(|error| lock_error(std::io::Error::other(error)))?
        .map_err(lock_error)
}

/// Creates the folder of a SQLite file and asks SQLite to create the file if missing; the URL
/// to open and the file (none for an in-memory store).
fn prepare_sqlite_url(url: &str) -> StoreResult<(String, Option<std::path::PathBuf>)> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let parent = std::path::Path::new(path).parent();
    if let Some(parent) = parent.filter(|p| path != ":memory:" && !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
            path: path.to_string(),
            source,
        })?;
    }
    let file = (path != ":memory:" && !path.is_empty()).then(|| std::path::PathBuf::from(path));
    let url = match query {
        Some(query) if query.contains("mode=") => url.to_string(),
        Some(_) => format!("{url}&mode=rwc"),
        None => format!("{url}?mode=rwc"),
    };
    Ok((url, file))
}
