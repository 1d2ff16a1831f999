//! What every handler can reach: the store, the configuration, the password workers and the
//! key that signs stateless tokens.

use std::sync::Arc;

use crate::config::Config;
use crate::domain::tokens::SigningKey;
use crate::password_workers::PasswordWorkers;
use crate::raster::PngCache;
use crate::site::SiteCache;
use crate::store::Store;

#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub passwords: PasswordWorkers,
    pub signing_key: SigningKey,
    /// The footer's facts, read again every few seconds.
    pub site: SiteCache,
    /// Link preview images already rendered, by their drawing.
    pub previews: PngCache,
    /// Requests left to each client of the JSON API.
    pub api_rate_limiter: crate::api::ApiRateLimiter,
}
