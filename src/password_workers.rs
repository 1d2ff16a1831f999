//! Password work (Argon2id, 19 MiB and tens of milliseconds per check) on a few dedicated
//! threads with a bounded queue.
//!
//! Sign-in is the one place an anonymous visitor makes the server do expensive work. Unbounded,
//! 150 concurrent attempts took the process from 0.9 to 3.6 GB. Here at most `workers` checks
//! run at once, each worker reuses one block of Argon2 memory, and at most `queue` more wait;
//! beyond that the caller is told the server is busy (the page says "try again shortly").

use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use crate::domain::accounts::{
    ArgonMemory, HashError, hash_password_with, verify_password_of_nobody, verify_password_with,
};

/// Checks waiting for a worker, per worker, before new ones are refused as busy.
const QUEUE_PER_WORKER: usize = 8;

/// What a worker does.
enum Job {
    /// Checks a password against a stored hash; `None` spends the same time and says no (an
    /// unknown account must not answer faster than a known one).
    Verify {
        password: String,
        phc: Option<String>,
        reply: oneshot::Sender<bool>,
    },
    Hash {
        password: String,
        reply: oneshot::Sender<Result<String, HashError>>,
    },
}

/// Why password work was not done.
#[derive(Debug, thiserror::Error)]
pub enum PasswordWorkError {
    /// Every worker is busy and the queue is full: try again shortly.
    #[error("the password workers are busy")]
    Busy,
    /// The workers stopped (the server is shutting down).
    #[error("the password workers have stopped")]
    Stopped,
    #[error(transparent)]
    Hash(#[from] HashError),
}

/// Handle to the workers; cheap to clone. The threads end when the last handle is dropped.
#[derive(Clone)]
pub struct PasswordWorkers {
    jobs: SyncSender<Job>,
    /// One permit per place (running or waiting): taken before any other work of a sign-in, so
    /// that a flood of attempts is told "busy" without even touching the store.
    places: Arc<Semaphore>,
}

/// A place for one password check, held from before the sign-in's store work until its check
/// is done. Dropping it gives the place back.
#[derive(Debug)]
pub struct Place(#[allow(dead_code)] OwnedSemaphorePermit);

impl std::fmt::Debug for PasswordWorkers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordWorkers").finish_non_exhaustive()
    }
}

impl PasswordWorkers {
    /// Starts `workers` threads (at least one) with a queue of `QUEUE_PER_WORKER` each.
    pub fn start(workers: usize) -> std::io::Result<PasswordWorkers> {
        let workers = workers.max(1);
        let places = workers * (QUEUE_PER_WORKER + 1);
        // The channel has room for every place, so a job holding a place is never refused.
        let (jobs, queue) = sync_channel::<Job>(places);
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..workers {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(move || work(&queue))?;
        }
        Ok(PasswordWorkers {
            jobs,
            places: Arc::new(Semaphore::new(places)),
        })
    }

    /// One worker per core but one, at least one and at most two: a core stays free for the
    /// pages even while every worker is busy (on the 2-core machine the portal runs on, one
    /// worker checks about 25 passwords a second, far more than its staff need).
    pub fn for_this_machine() -> std::io::Result<PasswordWorkers> {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::start(cores.saturating_sub(1).clamp(1, 2))
    }

    /// A place for one check, or `Busy` at once when every place is taken.
    pub fn place(&self) -> Result<Place, PasswordWorkError> {
        Arc::clone(&self.places)
            .try_acquire_owned()
            .map(Place)
            .map_err(|_| PasswordWorkError::Busy)
    }

    /// Checks `password` against `phc` (or, with `None`, spends the time and answers false),
    /// in the place taken before.
    pub async fn verify_in(
        &self,
        place: Place,
        password: String,
        phc: Option<String>,
    ) -> Result<bool, PasswordWorkError> {
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Verify {
            password,
            phc,
            reply,
        })?;
        let verified = answer.await.map_err(|_| PasswordWorkError::Stopped);
        drop(place);
        verified
    }

    /// Takes a place and checks a password (`Busy` when no place is free).
    pub async fn verify(
        &self,
        password: String,
        phc: Option<String>,
    ) -> Result<bool, PasswordWorkError> {
        let place = self.place()?;
        self.verify_in(place, password, phc).await
    }

    /// Hashes a new password (account creation, password change).
    pub async fn hash(&self, password: String) -> Result<String, PasswordWorkError> {
        let place = self.place()?;
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Hash { password, reply })?;
        let hashed = answer.await.map_err(|_| PasswordWorkError::Stopped);
        drop(place);
        Ok(hashed??)
    }

    fn submit(&self, job: Job) -> Result<(), PasswordWorkError> {
        self.jobs.try_send(job).map_err(|error| match error {
            TrySendError::Full(_) => PasswordWorkError::Busy,
            TrySendError::Disconnected(_) => PasswordWorkError::Stopped,
        })
    }
}

/// A worker's loop: one block of Argon2 memory, reused for every job.
fn work(queue: &Mutex<Receiver<Job>>) {
    let mut memory = ArgonMemory::new();
    loop {
        // The lock is held only while waiting for the next job, never during the work.
        let job = match queue.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else {
            return; // every handle is gone
        };
        match job {
            Job::Verify {
                password,
                phc,
                reply,
            } => {
                let matched = match phc {
                    Some(phc) => verify_password_with(&mut memory, &password, &phc),
                    None => verify_password_of_nobody(&mut memory, &password),
                };
                let _ = reply.send(matched);
            }
            Job::Hash { password, reply } => {
                let _ = reply.send(hash_password_with(&mut memory, &password));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_a_full_queue_is_busy() {
        let workers = PasswordWorkers::start(1).expect("workers");
        let phc = workers
            .hash("correo quebrada lucuma tintero".to_string())
            .await
            .expect("hash");
        assert!(
            workers
                .verify(
                    "correo quebrada lucuma tintero".to_string(),
                    Some(phc.clone())
                )
                .await
                .expect("verify")
        );
        assert!(
            !workers
                .verify("no".to_string(), Some(phc.clone()))
                .await
                .expect("verify")
        );
        assert!(!workers.verify("x".to_string(), None).await.expect("verify"));

        // One worker, eight waiting: of many checks submitted at once, nine get a place, the
        // rest are refused at once as busy, and the accepted ones all finish.
        let attempts: Vec<_> = (0..40)
            .map(|_| {
                let workers = workers.clone();
                let phc = phc.clone();
                tokio::spawn(async move { workers.verify("wrong".to_string(), Some(phc)).await })
            })
            .collect();
        let mut busy = 0;
        let mut done = 0;
        for attempt in attempts {
            match attempt.await.expect("task") {
                Ok(false) => done += 1,
                Err(PasswordWorkError::Busy) => busy += 1,
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(done, 1 + QUEUE_PER_WORKER, "{done} checks ran");
        assert_eq!(busy, 40 - done);
        // Places are given back: a check after the burst runs.
        assert!(workers.place().is_ok());
    }
}
