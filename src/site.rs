//! What every page's footer says about the portal: where the data come from, who coordinates,
//! whom to write to, and when the records last changed. Read from the store and kept in each
//! process with the data version it was read at: a write anywhere (in any process) bumps the
//! version, and the next page reads the facts again.

use std::sync::{Arc, RwLock};

use crate::store::Store;

/// The GCoM's own site: linked as the source when no page address is recorded for it.
pub const GCOM_SITE: &str = "https://www.globalcovenantofmayors.org/";

#[derive(Debug, Clone, Default)]
pub struct SiteFacts {
    /// The public page the strategy's facts come from.
    pub source_url: String,
    pub contact_email: Option<String>,
    /// The national coordinators: (Spanish name, English name, acronym).
    pub coordinators: Vec<(String, String, Option<String>)>,
    /// When a record last changed (RFC 3339), the seed's load included.
    pub latest_change: Option<String>,
    /// The month the source's data are as of ("2024-04").
    pub data_as_of: String,
    /// The records are synthetic (`portal synth`): every page says so.
    pub synthetic: bool,
}

/// Facts and the data version they were read at.
type Read = Option<(i64, Arc<SiteFacts>)>;

/// The facts as last read, shared by the handlers of one process.
#[derive(Debug, Clone, Default)]
pub struct SiteCache(Arc<RwLock<Read>>);

impl SiteCache {
    /// The facts as last read, however old (error pages use them without waiting).
    pub fn current(&self) -> Option<Arc<SiteFacts>> {
        self.0
            .read()
            .ok()
            .and_then(|guard| guard.as_ref().map(|(_, facts)| Arc::clone(facts)))
    }

    /// The facts, read again from the store if the data changed since. A store error keeps the
    /// old facts (a footer is not worth failing a page for).
    pub async fn fresh(&self, store: &Store) -> Option<Arc<SiteFacts>> {
        // Unreadable (logged where read): the old facts will do.
        let Some(version) = store.data_version().await else {
            return self.current();
        };
        self.fresh_at(store, version).await
    }

    /// `fresh`, for a data version this request has already read (the page cache's).
    pub async fn fresh_at(&self, store: &Store, version: i64) -> Option<Arc<SiteFacts>> {
        let known = self.0.read().ok().and_then(|guard| {
            guard
                .as_ref()
                .filter(|(read_at, _)| *read_at == version)
                .map(|(_, facts)| Arc::clone(facts))
        });
        if known.is_some() {
            return known;
        }
        match store.site_facts().await {
            Ok(facts) => {
                let facts = Arc::new(facts);
                if let Ok(mut guard) = self.0.write() {
                    *guard = Some((version, Arc::clone(&facts)));
                }
                Some(facts)
            }
            Err(error) => {
                tracing::warn!(%error, "reading the footer's facts");
                self.current()
            }
        }
    }
}
