//! Reading the data version, shared by every request that asks while a read is under way.
//!
//! Every cached answer starts by asking for the data version (migration 0008: one row, bumped by
//! every public write in its own transaction). Under a burst, one store round trip per request
//! would be most of the work of a cache hit, so requests share reads — but never an old one: a
//! request waits for a read that *began after it asked*, so a write acknowledged before the
//! request arrived (in this process or any other) is always seen. While one read runs, everyone
//! who asks meanwhile waits for the next, which starts as soon as it ends: one read per round
//! trip serves all the requests that arrived during it.

use std::sync::{Arc, Mutex, PoisonError};

use sqlx::AnyPool;
use tokio::sync::watch;

/// The outcome of one read, numbered in the order the reads began.
#[derive(Debug, Clone, Copy)]
struct Reading {
    number: u64,
    /// `None` when the store could not be read: callers act as if uncached.
    version: Option<i64>,
}

#[derive(Debug, Default)]
struct Reads {
    /// The number of the latest read begun.
    begun: u64,
    /// Whether a read is under way.
    running: bool,
    /// Whether someone asked after the running read began (it cannot serve them).
    wanted: bool,
}

#[derive(Debug)]
pub(super) struct VersionReads {
    reads: Mutex<Reads>,
    published: watch::Sender<Reading>,
}

impl Default for VersionReads {
    fn default() -> Self {
        VersionReads {
            reads: Mutex::new(Reads::default()),
            published: watch::Sender::new(Reading {
                number: 0,
                version: None,
            }),
        }
    }
}

impl VersionReads {
    /// The data version as read by a query that began after this call.
    pub(super) async fn current(self: &Arc<Self>, pool: &AnyPool) -> Option<i64> {
        let mut published = self.published.subscribe();
        let (needed, lead) = {
            let mut reads = self.reads.lock().unwrap_or_else(PoisonError::into_inner);
            if reads.running {
                reads.wanted = true;
                (reads.begun + 1, false)
            } else {
                reads.running = true;
                reads.begun += 1;
                (reads.begun, true)
            }
        };
        if lead {
            // A task of its own, so that a client who hangs up cannot leave a read half done
            // and everyone waiting on it.
            tokio::spawn(Arc::clone(self).run(pool.clone(), needed));
        }
        let reading = *published.wait_for(|r| r.number >= needed).await.ok()?;
        reading.version
    }

    /// Reads, publishes, and reads again while anyone asked during the last read.
    async fn run(self: Arc<Self>, pool: AnyPool, mut number: u64) {
        loop {
            let version = sqlx::query_scalar("SELECT version FROM data_version WHERE id = 1")
                .fetch_one(&pool)
                .await
                .inspect_err(|error| tracing::warn!(%error, "reading the data version"))
                .ok();
            self.published.send_replace(Reading { number, version });
            let mut reads = self.reads.lock().unwrap_or_else(PoisonError::into_inner);
            if reads.wanted {
                reads.wanted = false;
                reads.begun += 1;
                number = reads.begun;
            } else {
                reads.running = false;
                return;
            }
        }
    }
}
