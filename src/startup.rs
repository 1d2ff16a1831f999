//! Start-up: open and prepare the store, build the router, bind and serve with graceful shutdown.
//! Tests call `Application::build` with port 0.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::domain::tokens::{SigningKey, new_key_text};
use crate::password_workers::PasswordWorkers;
use crate::state::AppState;
use crate::store::Store;
use crate::web;

/// How often each process prunes ended throttling windows and expired sessions.
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// A bound, ready-to-serve portal.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

/// Opens the store named by the configuration and applies its migrations: what every command
/// does first.
pub async fn open_migrated(config: &Config) -> anyhow::Result<Store> {
    let store = Store::connect(&config.database_url)
        .await
        .context("DATABASE_URL: cannot open the store")?;
    store.migrate().await.context("applying migrations")?;
    Ok(store)
}

/// Opens the store, applies migrations and loads the seed into an empty store.
pub async fn prepare_store(config: &Config) -> anyhow::Result<Store> {
    let store = open_migrated(config).await?;
    store.seed().await.context("loading the seed records")?;
    Ok(store)
}

impl Application {
    /// Prepares the store and binds the listener (port 0 picks a free port).
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let store = prepare_store(&config).await?;
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("PORTAL_ADDR: cannot listen on {}", config.addr))?;
        let mut config = config;
        let bound = listener.local_addr()?;
        if config.base_url == format!("http://{}", config.addr) {
            // The default base URL follows the port actually bound.
            config.base_url = format!("http://{bound}");
        }
        let signing_key = SigningKey::from_text(
            &store
                .server_secret("token-signing-key", new_key_text)
                .await
                .context("reading the token signing key")?,
        );
        let passwords =
            PasswordWorkers::for_this_machine().context("starting the password workers")?;
        let api_rate_limiter = crate::api::ApiRateLimiter::new(config.api_rate_limit);
        Ok(Application {
            listener,
            state: AppState {
                store,
                config: Arc::new(config),
                passwords,
                signing_key,
                site: crate::site::SiteCache::default(),
                previews: crate::raster::PngCache::default(),
                api_rate_limiter,
                page_cache: crate::web::page_cache::PageCache::default(),
            },
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let store = self.state.store.clone();
        let limits = self.state.config.limits;
        let front = web::page_cache::Front::new(self.state.clone());
        let app = web::router(self.state);
        let pruning = tokio::spawn(prune_now_and_then(store.clone()));
        crate::server::serve(self.listener, app, front, limits, shutdown).await;
        pruning.abort();
        store.close().await;
        Ok(())
    }
}

/// Deletes ended throttling windows and expired sessions, at start and every few minutes.
async fn prune_now_and_then(store: Store) {
    let mut every = tokio::time::interval(PRUNE_EVERY);
    loop {
        every.tick().await;
        if let Err(error) = store.prune_expired(crate::web::SIGN_IN_WINDOW).await {
            tracing::warn!(%error, "cannot prune expired sign-in counters and sessions");
        }
    }
}

/// `portal serve`.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let app = Application::build(config).await?;
    tracing::info!(address = %app.local_addr()?, "Portal GCoM Perú listening");
    app.run_until(shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
