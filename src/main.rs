//! The `portal` command line: parses arguments and calls into the library.

use clap::{Parser, Subcommand};
use portal::config::RawConfig;
use portal::startup;
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(name = "portal", version, about = "Portal GCoM Perú")]
struct Cli {
    #[command(flatten)]
    config: RawConfig,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the portal (the default): migrate, seed an empty store, listen.
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Load the strategy's records if they are absent (idempotent).
    Seed,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info")),
        )
        .init();

    let config = match cli.config.validate() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("portal: configuration error: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("portal: cannot start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => startup::serve(config).await,
            Command::Migrate => startup::migrate(&config).await,
            Command::Seed => startup::seed(&config).await,
        }
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("portal: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
