//! Start-up: open and prepare the store, build the router, bind and serve with graceful shutdown.
//! Tests call `Application::build` with port 0.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::domain::accounts::{
    AccountName, Email, Role, check_password, generate_password, hash_password,
};
use crate::domain::tokens::{SigningKey, new_key_text};
use crate::password_workers::PasswordWorkers;
use crate::state::AppState;
use crate::store::{Store, StoreError};
use crate::web;

/// How often each process prunes ended throttling windows and expired sessions.
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

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
        let signing_key = SigningKey::from_text(
            &store
                .server_secret("token-signing-key", new_key_text)
                .await
                .context("reading the token signing key")?,
        );
        let passwords =
            PasswordWorkers::for_this_machine().context("starting the password workers")?;
        Ok(Application {
            listener,
            state: AppState {
                store,
                config: Arc::new(config),
                passwords,
                signing_key,
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
        let app = web::router(self.state);
        let pruning = tokio::spawn(prune_now_and_then(store.clone()));
        crate::server::serve(self.listener, app, limits, shutdown).await;
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

/// `portal backup --output FILE`: an online, consistent copy of a SQLite store.
pub async fn backup(config: &Config, output: &std::path::Path) -> anyhow::Result<()> {
    if crate::store::Backend::of_url(&config.database_url) == Some(crate::store::Backend::Postgres)
    {
        anyhow::bail!(
            "the store is Postgres: back it up with pg_dump (for example `pg_dump --format=custom --file={} \"$DATABASE_URL\"`)",
            output.display()
        );
    }
    if output.exists() {
        anyhow::bail!("{} already exists; choose a new file", output.display());
    }
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let store = Store::connect(&config.database_url)
        .await
        .context("DATABASE_URL: cannot open the store")?;
    store
        .backup_to(output)
        .await
        .context("writing the backup")?;
    store.close().await;
    println!("backup written to {}", output.display());
    Ok(())
}

/// `portal export --output DIR`.
pub async fn export(config: &Config, output: &std::path::Path) -> anyhow::Result<()> {
    let store = Store::connect(&config.database_url)
        .await
        .context("DATABASE_URL: cannot open the store")?;
    store.migrate().await.context("applying migrations")?;
    let rows = store.export_to(output).await.context("exporting")?;
    store.close().await;
    println!("exported {rows} rows to {}", output.display());
    Ok(())
}

/// `portal import DIR`: into a new store (migrated here, never seeded).
pub async fn import(config: &Config, dir: &std::path::Path) -> anyhow::Result<()> {
    let store = Store::connect(&config.database_url)
        .await
        .context("DATABASE_URL: cannot open the store")?;
    store.migrate().await.context("applying migrations")?;
    let rows = store.import_from(dir).await.context("importing")?;
    store.close().await;
    println!("imported {rows} rows from {}", dir.display());
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

/// Opens the store and applies the migrations (what every `portal user` command does first).
async fn open_migrated(config: &Config) -> anyhow::Result<Store> {
    let store = Store::connect(&config.database_url)
        .await
        .context("DATABASE_URL: cannot open the store")?;
    store.migrate().await.context("applying migrations")?;
    Ok(store)
}

/// Where the password of `portal user add` / `set-password` comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordInput {
    /// Read from standard input (`--password-stdin`): checked against the policy.
    Given(String),
    /// Generated, and printed once.
    Generate,
}

/// The account asked for by `portal user add`.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: String,
    pub city: Option<String>,
}

/// Who the command line acts as in the audit log.
const CLI_ACTOR: &str = "cli";

fn parse_email(text: &str) -> anyhow::Result<Email> {
    Email::parse(text).map_err(|problem| anyhow::anyhow!("--email '{}': {problem}", text.trim()))
}

/// The password to set: the given one if the policy accepts it, or a generated one.
fn choose_password(input: PasswordInput, user_inputs: &[&str]) -> anyhow::Result<(String, bool)> {
    match input {
        PasswordInput::Given(password) => {
            check_password(&password, user_inputs)
                .map_err(|problem| anyhow::anyhow!("password refused: {problem}"))?;
            Ok((password, false))
        }
        PasswordInput::Generate => Ok((generate_password(), true)),
    }
}

fn print_generated(password: &str) {
    println!("generated password: {password}");
    println!(
        "This password will not be shown again. If it is lost, set a new one with `portal user set-password`."
    );
}

/// `portal user add`: creates an account. Everything is checked before the store is touched.
pub async fn user_add(
    config: &Config,
    new: NewUser,
    password: PasswordInput,
) -> anyhow::Result<()> {
    let email = parse_email(&new.email)?;
    let name =
        AccountName::parse(&new.name).map_err(|problem| anyhow::anyhow!("--name: {problem}"))?;
    let role = Role::parse(new.role.trim()).ok_or_else(|| {
        anyhow::anyhow!(
            "--role '{}': not a role; use admin, coordinator or city_editor",
            new.role.trim()
        )
    })?;
    let city = new
        .city
        .as_deref()
        .map(str::trim)
        .filter(|city| !city.is_empty());
    match (role, city) {
        (Role::CityEditor, None) => {
            anyhow::bail!(
                "--city: a city editor needs the slug of its municipality (e.g. --city lima)"
            )
        }
        (Role::Admin | Role::Coordinator, Some(_)) => {
            anyhow::bail!("--city: only a city editor belongs to a municipality")
        }
        _ => {}
    }
    let (password, generated) = choose_password(password, &[email.as_str(), name.as_str()])?;
    let hash = hash_password(&password)?;
    let store = open_migrated(config).await?;
    let result = store
        .create_user(&email, &name, role, city, &hash, CLI_ACTOR)
        .await;
    store.close().await;
    let user = result.map_err(|error| match error {
        StoreError::Invalid(message) if message.contains("slug") => {
            anyhow::anyhow!("--city: {message} (run `portal seed` first if the store is empty)")
        }
        error => anyhow::Error::new(error),
    })?;
    match &user.municipality_slug {
        Some(slug) => println!("created the account {} ({}, {slug})", user.email, user.role),
        None => println!("created the account {} ({})", user.email, user.role),
    }
    if generated {
        print_generated(&password);
    }
    Ok(())
}

/// `portal user list`: a table of every account.
pub async fn user_list(config: &Config) -> anyhow::Result<()> {
    let store = open_migrated(config).await?;
    let result = store.users().await;
    store.close().await;
    let users = result?;
    if users.is_empty() {
        println!("no accounts yet; create one with `portal user add`");
        return Ok(());
    }
    let header = ["email", "name", "role", "city", "disabled"];
    let rows: Vec<[String; 5]> = users
        .iter()
        .map(|user| {
            [
                user.email.clone(),
                user.name.clone(),
                user.role.clone(),
                user.municipality_slug
                    .clone()
                    .unwrap_or_else(|| "-".to_string()),
                if user.is_disabled() { "yes" } else { "no" }.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[&str]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    println!("{}", line(&header));
    for row in &rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        println!("{}", line(&cells));
    }
    Ok(())
}

/// `portal user disable` (or, with `enable`, re-enable): a disabled account cannot sign in and
/// its sessions end.
pub async fn user_disable(config: &Config, email: &str, enable: bool) -> anyhow::Result<()> {
    let email = parse_email(email)?;
    let store = open_migrated(config).await?;
    let result = store.set_user_disabled(&email, !enable, CLI_ACTOR).await;
    store.close().await;
    let found = result.map_err(|error| match error {
        StoreError::Invalid(message) => anyhow::anyhow!("--email {email}: {message}"),
        error => anyhow::Error::new(error),
    })?;
    if !found {
        anyhow::bail!("--email: there is no account with the email {email}");
    }
    if enable {
        println!("enabled the account {email}");
    } else {
        println!("disabled the account {email}; its sessions have ended");
    }
    Ok(())
}

/// `portal user set-password`: replaces an account's password and ends its sessions.
pub async fn user_set_password(
    config: &Config,
    email: &str,
    password: PasswordInput,
) -> anyhow::Result<()> {
    let email = parse_email(email)?;
    let store = open_migrated(config).await?;
    let result = set_password_in(&store, &email, password).await;
    store.close().await;
    let generated = result?;
    println!("set a new password for {email}; its sessions have ended");
    if let Some(password) = generated {
        print_generated(&password);
    }
    Ok(())
}

/// `portal user reset-mfa`: removes an account's second factor (a lost phone) and ends its
/// sessions; the account enrols again at its next sign-in.
pub async fn user_reset_mfa(config: &Config, email: &str) -> anyhow::Result<()> {
    let email = parse_email(email)?;
    let store = open_migrated(config).await?;
    let result = store.reset_mfa(&email, CLI_ACTOR).await;
    store.close().await;
    if !result? {
        anyhow::bail!("--email: there is no account with the email {email}");
    }
    println!("removed the second factor of {email}; its sessions have ended");
    Ok(())
}

/// Sets the password; returns it when it was generated.
async fn set_password_in(
    store: &Store,
    email: &Email,
    password: PasswordInput,
) -> anyhow::Result<Option<String>> {
    let Some(user) = store.user_by_email(email).await? else {
        anyhow::bail!("--email: there is no account with the email {email}");
    };
    let (password, generated) = choose_password(password, &[email.as_str(), &user.name])?;
    let hash = hash_password(&password)?;
    if !store.set_user_password(email, &hash, CLI_ACTOR).await? {
        anyhow::bail!("--email: there is no account with the email {email}");
    }
    Ok(generated.then_some(password))
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
