//! The `portal` command line: parses arguments and calls into the library.

use clap::{Parser, Subcommand};
use portal::config::{Config, RawConfig};
use portal::{cli, startup};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::writer::BoxMakeWriter;

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
    /// Write a consistent copy of the SQLite store while the portal runs (Postgres: use pg_dump).
    Backup {
        /// The file to write; it must not exist yet.
        #[arg(long)]
        output: std::path::PathBuf,
    },
    /// Write a full backup of the records (one JSON file per table) into a folder. It holds staff
    /// emails, unpublished files and rejected proposals: keep it private, it is not open data.
    /// With --public DIR, write the open data instead: published records and files only.
    Export {
        /// The folder to write (created if missing).
        #[arg(long, required_unless_present = "public", conflicts_with = "public")]
        output: Option<std::path::PathBuf>,
        /// Write the public dump into this new or empty folder: the same format holding only
        /// what is published (no accounts, staff emails, revisions, proposals or unpublished
        /// files), with README.txt. PORTAL_BASE_URL is the address its citation names.
        #[arg(long, value_name = "DIR")]
        public: Option<std::path::PathBuf>,
    },
    /// Load a folder written by `portal export` into a new, empty store.
    Import {
        /// The folder written by `portal export`.
        dir: std::path::PathBuf,
    },
    /// Check a spreadsheet of GCoM progress (CSV or XLSX) against the store and print what each
    /// row would do; with --apply, write it all (only if no row is refused). Exits 1 when a row
    /// is refused.
    ImportProgress {
        /// The CSV or XLSX file (columns: municipality, pillar, phase, status, year,
        /// evidence_url, note_es, note_en).
        file: std::path::PathBuf,
        /// Write the changes (in one transaction, each with its revision).
        #[arg(long)]
        apply: bool,
    },
    /// Fill a new, empty store with synthetic records for benchmarks, marked synthetic on every
    /// page; refuses a store that holds any record. Other records follow from the two sizes
    /// (plans and their history, ledger entries for every phase, programmes, cohorts,
    /// exchanges, documents, figures, revisions).
    Synth {
        /// How many municipalities ("Sintética 00001", …).
        #[arg(long, default_value_t = 10_000)]
        municipalities: usize,
        /// How many badges, spread over the municipalities.
        #[arg(long, default_value_t = 100_000)]
        badges: usize,
        /// The generator's seed: the same seed and sizes give the same records.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Manage the accounts that sign in to edit the records.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from stdin or generated and printed once.
    Add {
        /// The sign-in name (stored lower-cased).
        #[arg(long)]
        email: String,
        /// The person's name, as shown in the admin pages.
        #[arg(long)]
        name: String,
        /// admin, coordinator or city_editor.
        #[arg(long)]
        role: String,
        /// Slug of the municipality of a city editor (e.g. lima); only for city_editor.
        #[arg(long)]
        city: Option<String>,
        /// Read the password from the first line of standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts: email, name, role, city, disabled.
    List,
    /// Disable an account (it cannot sign in; its sessions end), or re-enable it with --enable.
    Disable {
        #[arg(long)]
        email: String,
        /// Re-enable the account instead.
        #[arg(long)]
        enable: bool,
    },
    /// Remove the account's second factor (lost phone); its sessions end.
    ResetMfa {
        #[arg(long)]
        email: String,
    },
    /// Set a new password (read from stdin or generated and printed once); sessions end.
    SetPassword {
        #[arg(long)]
        email: String,
        /// Read the password from the first line of standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
}

/// The password of `user add` / `user set-password`: the first line of standard input (without
/// its line ending) with `--password-stdin`, else generated.
fn password_input(from_stdin: bool) -> anyhow::Result<cli::PasswordInput> {
    if !from_stdin {
        return Ok(cli::PasswordInput::Generate);
    }
    let mut line = String::new();
    let read = std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| anyhow::anyhow!("--password-stdin: cannot read standard input: {e}"))?;
    if read == 0 {
        anyhow::bail!("--password-stdin: standard input is empty; write the password on it");
    }
    let password = line
        .strip_suffix('\n')
        .map(|rest| rest.strip_suffix('\r').unwrap_or(rest))
        .unwrap_or(&line);
    Ok(cli::PasswordInput::Given(password.to_string()))
}

async fn run_user(config: &Config, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            email,
            name,
            role,
            city,
            password_stdin,
        } => {
            let new = cli::NewUser {
                email,
                name,
                role,
                city,
            };
            cli::user_add(config, new, password_input(password_stdin)?).await
        }
        UserCommand::List => cli::user_list(config).await,
        UserCommand::Disable { email, enable } => cli::user_disable(config, &email, enable).await,
        UserCommand::SetPassword {
            email,
            password_stdin,
        } => cli::user_set_password(config, &email, password_input(password_stdin)?).await,
        UserCommand::ResetMfa { email } => cli::user_reset_mfa(config, &email).await,
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    // The server logs to stdout; the other commands keep stdout for their output.
    let log_writer = match cli.command {
        None | Some(Command::Serve) => BoxMakeWriter::new(std::io::stdout),
        Some(_) => BoxMakeWriter::new(std::io::stderr),
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info")),
        )
        .with_writer(log_writer)
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
            Command::Migrate => cli::migrate(&config).await,
            Command::Seed => cli::seed(&config).await,
            Command::Backup { output } => cli::backup(&config, &output).await,
            Command::Export {
                public: Some(dir), ..
            } => cli::export_public(&config, &dir).await,
            Command::Export { output, .. } => match output {
                Some(output) => cli::export(&config, &output).await,
                None => Err(anyhow::anyhow!("--output: say where to write the export")),
            },
            Command::Import { dir } => cli::import(&config, &dir).await,
            Command::ImportProgress { file, apply } => {
                cli::import_progress(&config, &file, apply).await
            }
            Command::Synth {
                municipalities,
                badges,
                seed,
            } => {
                let options = portal::synth::SynthOptions {
                    seed,
                    municipalities,
                    badges,
                };
                cli::synth(&config, options).await
            }
            Command::User { command } => run_user(&config, command).await,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("portal").chain(args.iter().copied()))
    }

    #[test]
    fn export_takes_either_a_backup_folder_or_a_public_one() {
        let public = parse(&["export", "--public", "abiertos"]).expect("parses");
        assert!(matches!(
            public.command,
            Some(Command::Export { output: None, public: Some(dir) }) if dir.as_os_str() == "abiertos"
        ));
        let backup = parse(&["export", "--output", "copia"]).expect("parses");
        assert!(matches!(
            backup.command,
            Some(Command::Export {
                output: Some(_),
                public: None
            })
        ));
        assert!(parse(&["export"]).is_err(), "a folder is required");
        assert!(
            parse(&["export", "--output", "a", "--public", "b"]).is_err(),
            "a backup and the open data never share a folder"
        );
    }

    #[test]
    fn synth_takes_sizes_and_a_seed_with_defaults_for_a_benchmark() {
        let defaults = parse(&["synth"]).expect("parses");
        assert!(matches!(
            defaults.command,
            Some(Command::Synth {
                municipalities: 10_000,
                badges: 100_000,
                seed: 1
            })
        ));
        let small = parse(&[
            "synth",
            "--municipalities",
            "300",
            "--badges",
            "1500",
            "--seed",
            "9",
        ])
        .expect("parses");
        assert!(matches!(
            small.command,
            Some(Command::Synth {
                municipalities: 300,
                badges: 1500,
                seed: 9
            })
        ));
        assert!(parse(&["synth", "--municipalities", "-3"]).is_err());
    }
}
