//! Start-up: open and prepare the store, build the router, bind and serve with graceful shutdown.
//! Tests call `Application::build` with port 0.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::store::Store;
use crate::web;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
}

/// A bound, ready-to-serve portal.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

/// Opens the store, applies migrations and loads the seed into an empty store.
pub async fn prepare_store(config: &Config) -> anyhow::Result<Store> {
    let store = Store::connect(&config.database_url)
        .await
        .with_context(|| "DATABASE_URL: cannot open the store".to_string())?;
    store.migrate().await.context("applying migrations")?;
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
        Ok(Application {
            listener,
            state: AppState {
                store,
                config: Arc::new(config),
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
        let app = web::router(self.state);
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await
            .context("serving HTTP")?;
        store.close().await;
        Ok(())
    }
}

/// `portal serve`.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let app = Application::build(config).await?;
    tracing::info!(address = %app.local_addr()?, "Portal GCoM Perú listening");
    app.run_until(shutdown_signal()).await
}

/// `portal migrate`.
pub async fn migrate(config: &Config) -> anyhow::Result<()> {
    let store = Store::connect(&config.database_url)
        .await
        .context("DATABASE_URL: cannot open the store")?;
    store.migrate().await.context("applying migrations")?;
    println!("migrations applied");
    store.close().await;
    Ok(())
}

/// `portal seed`.
pub async fn seed(config: &Config) -> anyhow::Result<()> {
    let store = Store::connect(&config.database_url)
        .await
        .context("DATABASE_URL: cannot open the store")?;
    store.migrate().await.context("applying migrations")?;
    if store.seed().await? {
        println!("seed records loaded");
    } else {
        println!("seed records already present; nothing changed");
    }
    store.close().await;
    Ok(())
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
