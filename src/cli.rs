//! The commands of `portal` besides `serve`: the store (migrate, seed, backup, export, import)
//! and the accounts (`portal user …`). `main.rs` parses the arguments and calls these.

use anyhow::Context;

use crate::config::Config;
use crate::domain::accounts::{Email, NewAccount, generate_password, hash_password};
use crate::startup::open_migrated;
use crate::store::{Store, StoreError};

/// `portal migrate`.
pub async fn migrate(config: &Config) -> anyhow::Result<()> {
    let store = open_migrated(config).await?;
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
    let store = open_migrated(config).await?;
    let rows = store.export_to(output).await.context("exporting")?;
    store.close().await;
    println!("exported {rows} rows to {}", output.display());
    Ok(())
}

/// `portal export --public DIR`: the open data, as `/data/portal-gcom-peru.zip` holds it. The
/// citation in its README names `PORTAL_BASE_URL`.
pub async fn export_public(config: &Config, dir: &std::path::Path) -> anyhow::Result<()> {
    let store = open_migrated(config).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let result = async {
        let dump = crate::open_data::PublicDump::read(&store, &config.base_url, today).await?;
        dump.write_folder(&store, dir).await?;
        anyhow::Ok(dump)
    }
    .await;
    store.close().await;
    let dump = result.context("exporting the public data")?;
    println!(
        "exported {} published records and {} files to {} (open data: published records only)",
        dump.rows(),
        dump.files().len(),
        dir.display()
    );
    Ok(())
}

/// `portal import DIR`: into a new store (migrated here, never seeded).
pub async fn import(config: &Config, dir: &std::path::Path) -> anyhow::Result<()> {
    let store = open_migrated(config).await?;
    let rows = store.import_from(dir).await.context("importing")?;
    store.close().await;
    println!("imported {rows} rows from {}", dir.display());
    Ok(())
}

/// `portal import-progress FILE [--apply]`: what each row of a progress spreadsheet would do,
/// in English; with `--apply`, written in one transaction. A refused row writes nothing and
/// makes the command fail.
pub async fn import_progress(
    config: &Config,
    file: &std::path::Path,
    apply: bool,
) -> anyhow::Result<()> {
    use crate::i18n::Lang;
    use crate::progress::{import, sheet};
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let read = sheet::read(&bytes).map_err(|problem| {
        let mut message = Lang::En.t(problem.message_key());
        if let sheet::SheetError::MissingColumns(columns) = &problem {
            message = format!("{message} {}", columns.join(", "));
        }
        anyhow::anyhow!("{}: {message}", file.display())
    })?;
    let store = open_migrated(config).await?;
    let plan = import::plan(&store, read.rows).await?;
    print_plan(&plan);
    if !read.ignored_columns.is_empty() {
        println!("ignored columns: {}", read.ignored_columns.join(", "));
    }
    let summary = format!(
        "{} to create, {} to update, {} unchanged, {} refused",
        plan.count("create"),
        plan.count("update"),
        plan.count("unchanged"),
        plan.count("refused")
    );
    if !plan.is_applicable() {
        store.close().await;
        anyhow::bail!("{summary}: nothing written; correct the refused rows");
    }
    if !apply {
        println!("{summary}; nothing written (add --apply to write)");
        store.close().await;
        return Ok(());
    }
    let note = format!("import: {}", file.display());
    let change = crate::store::Change {
        actor: "portal import-progress",
        note: &note,
        status_note: None,
    };
    let written = import::apply(&store, &plan, change)
        .await
        .context("writing the progress")?;
    store.close().await;
    println!("{summary}; {written} entries written");
    Ok(())
}

/// What each row of an import would do, one line each, in English.
fn print_plan(plan: &crate::progress::import::ImportPlan) {
    use crate::progress::import::RowAction;
    for row in &plan.rows {
        let what = match &row.action {
            RowAction::Refused(problems) => {
                let why: Vec<String> = problems
                    .iter()
                    .map(|(column, key)| format!("{column}: {}", crate::i18n::Lang::En.t(key)))
                    .collect();
                format!("refused — {}", why.join("; "))
            }
            action => action.code().to_string(),
        };
        println!(
            "row {}: {} {}/{} {} — {what}",
            row.row.line,
            row.row.cell("municipality"),
            row.row.cell("pillar"),
            row.row.cell("phase"),
            row.row.cell("status"),
        );
    }
}

/// `portal seed`.
pub async fn seed(config: &Config) -> anyhow::Result<()> {
    let store = open_migrated(config).await?;
    let result = async {
        if store.synthetic_mark().await?.is_some() {
            anyhow::bail!(
                "the store holds synthetic data (portal synth): the seed is never mixed into it"
            );
        }
        anyhow::Ok(store.seed().await?)
    }
    .await;
    store.close().await;
    if result? {
        println!("seed records loaded");
    } else {
        println!("seed records already present; nothing changed");
    }
    Ok(())
}

/// `portal synth`: fills a migrated, empty store with synthetic records and marks it synthetic,
/// all in one transaction. Refuses a store that holds any record (seeded, imported or
/// entered): benchmark data never mix with real ones. The store is migrated, never seeded.
pub async fn synth(config: &Config, options: crate::synth::SynthOptions) -> anyhow::Result<()> {
    let options = options
        .check()
        .map_err(|message| anyhow::anyhow!(message))?;
    let store = open_migrated(config).await?;
    let started = std::time::Instant::now();
    let result = write_synthetic(&store, options).await;
    store.close().await;
    let rows = result?;
    println!(
        "wrote {rows} synthetic rows ({} municipalities, {} badges, seed {}) in {:.1} s; every \
         page says the data are synthetic, and portal serve will not add the strategy's seed",
        options.municipalities,
        options.badges,
        options.seed,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Generates and writes the records; how many rows were written.
async fn write_synthetic(
    store: &Store,
    options: crate::synth::SynthOptions,
) -> anyhow::Result<usize> {
    // Looked at before generating (seconds of work for a large store) and again, for certain,
    // inside the writing transaction.
    if let Some(why) = store.refuses_synthetic_data().await? {
        anyhow::bail!("{why}");
    }
    let framework = store.framework().await?;
    let started = std::time::Instant::now();
    let data = crate::synth::generate(options, &framework);
    tracing::debug!(elapsed = ?started.elapsed(), rows = data.rows(), "generated");
    store
        .write_synthetic(&data)
        .await
        .map_err(|error| match error {
            StoreError::Conflict(why) => anyhow::anyhow!(why),
            error => anyhow::Error::new(error).context("writing the synthetic records"),
        })?;
    Ok(data.rows())
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

/// The password to set: the given one if the account's policy accepts it, or a generated one.
fn choose_password(input: PasswordInput, account: &NewAccount) -> anyhow::Result<(String, bool)> {
    match input {
        PasswordInput::Given(password) => {
            account
                .check_password(&password)
                .map_err(|errors| anyhow::anyhow!("password refused: {}", errors.to_english("")))?;
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

/// `portal user add`: creates an account. Everything is checked before the store is touched,
/// by the same rules as the admin's form.
pub async fn user_add(
    config: &Config,
    new: NewUser,
    password: PasswordInput,
) -> anyhow::Result<()> {
    let account = NewAccount::parse(
        &new.email,
        &new.name,
        &new.role,
        new.city.as_deref().unwrap_or(""),
    )
    .map_err(|errors| anyhow::anyhow!("{}", errors.to_english("--")))?;
    let (password, generated) = choose_password(password, &account)?;
    let hash = hash_password(&password)?;
    let store = open_migrated(config).await?;
    let result = store.create_user(&account, &hash, CLI_ACTOR).await;
    store.close().await;
    let user = result.map_err(|error| match error {
        StoreError::Fields(errors) if errors.get("city").is_some() => anyhow::anyhow!(
            "{} (run `portal seed` first if the store is empty)",
            errors.to_english("--")
        ),
        StoreError::Fields(errors) => anyhow::anyhow!("{}", errors.to_english("--")),
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
    let account = NewAccount::parse(
        email.as_str(),
        &user.name,
        &user.role,
        user.municipality_slug.as_deref().unwrap_or(""),
    )
    .map_err(|errors| anyhow::anyhow!("{}", errors.to_english("--")))?;
    let (password, generated) = choose_password(password, &account)?;
    let hash = hash_password(&password)?;
    if !store.set_user_password(email, &hash, CLI_ACTOR).await? {
        anyhow::bail!("--email: there is no account with the email {email}");
    }
    Ok(generated.then_some(password))
}
