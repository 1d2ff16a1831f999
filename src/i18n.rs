//! The visitor's language (from the path prefix) and message lookup in the Fluent catalogs
//! under `locales/`.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "es",
        // Bidi isolation marks around arguments would end up inside attribute values and URLs.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static SPANISH: LanguageIdentifier = langid!("es");
static ENGLISH: LanguageIdentifier = langid!("en");

/// The two languages of the portal. Spanish is the default and lives at the plain paths;
/// English lives under `/en`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// The language of a request path: `/en` and `/en/…` are English, everything else Spanish.
    pub fn of_path(path: &str) -> Lang {
        if path == "/en" || path.starts_with("/en/") {
            Lang::En
        } else {
            Lang::Es
        }
    }

    /// BCP 47 code, for `<html lang>` and `hreflang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// Path prefix of this language's pages ("" or "/en").
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::Es => "",
            Lang::En => "/en",
        }
    }

    /// The path of `page_path` (a path without language prefix, starting with '/') in this
    /// language.
    pub fn path(self, page_path: &str) -> String {
        match (self, page_path) {
            (Lang::Es, _) => page_path.to_string(),
            (Lang::En, "/") => "/en".to_string(),
            (Lang::En, _) => format!("/en{page_path}"),
        }
    }

    /// Strips this portal's language prefix from a request path.
    pub fn strip_prefix(path: &str) -> &str {
        match path.strip_prefix("/en") {
            Some("") => "/",
            Some(rest) if rest.starts_with('/') => rest,
            _ => path,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Es => &SPANISH,
            Lang::En => &ENGLISH,
        }
    }

    /// The message `key`. A missing key shows as the key itself (and a test keeps the catalogs
    /// complete).
    pub fn t(self, key: &str) -> String {
        LOCALES
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with named arguments.
    pub fn t_with(self, key: &str, args: &[(&'static str, FluentArg)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    FluentArg::Text(text) => FluentValue::from(text.clone()),
                    FluentArg::Number(n) => FluentValue::from(*n),
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), key, &args)
            .unwrap_or_else(|| key.to_string())
    }

    /// Picks the Spanish or English version of a bilingual record field; an empty English text
    /// falls back to Spanish.
    pub fn pick<'a>(self, es: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::En if !en.trim().is_empty() => en,
            _ => es,
        }
    }

    /// Like `pick`, for optional fields.
    pub fn pick_opt<'a>(self, es: &'a Option<String>, en: &'a Option<String>) -> Option<&'a str> {
        match self {
            Lang::En => en
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .or(es.as_deref()),
            Lang::Es => es.as_deref().or(en.as_deref()),
        }
        .filter(|t| !t.trim().is_empty())
    }

    /// A whole number written the way this language writes it (1 234 / 1,234).
    pub fn number(self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let separator = match self {
            Lang::Es => '\u{a0}',
            Lang::En => ',',
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) && digits.len() > 4 {
                out.push(separator);
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    }

    /// "2024-04" → "abril de 2024" / "April 2024".
    pub fn month_year(self, year_month: &str) -> String {
        let Some((year, month)) = year_month.split_once('-') else {
            return year_month.to_string();
        };
        let Ok(month) = month.get(..2).unwrap_or(month).parse::<usize>() else {
            return year_month.to_string();
        };
        if !(1..=12).contains(&month) {
            return year_month.to_string();
        }
        let name = self.t(&format!("month-{month}"));
        match self {
            Lang::Es => format!("{name} de {year}"),
            Lang::En => format!("{name} {year}"),
        }
    }
}

/// A value passed into a message.
#[derive(Debug, Clone)]
pub enum FluentArg {
    Text(String),
    Number(i64),
}

impl From<&str> for FluentArg {
    fn from(text: &str) -> Self {
        FluentArg::Text(text.to_string())
    }
}

impl From<String> for FluentArg {
    fn from(text: String) -> Self {
        FluentArg::Text(text)
    }
}

impl From<i64> for FluentArg {
    fn from(n: i64) -> Self {
        FluentArg::Number(n)
    }
}

impl From<usize> for FluentArg {
    fn from(n: usize) -> Self {
        FluentArg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Message identifiers defined in a Fluent file (lines that start a message).
    fn keys(ftl: &str) -> BTreeSet<String> {
        ftl.lines()
            .filter(|line| {
                line.chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '-')
            })
            .filter_map(|line| line.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect()
    }

    /// The keys of every Fluent file of one language (`locales/{code}/*.ftl`), as the loader
    /// reads them all.
    fn catalog(code: &str) -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(code);
        walk(&dir)
            .iter()
            .filter(|path| path.extension().is_some_and(|e| e == "ftl"))
            .flat_map(|path| keys(&std::fs::read_to_string(path).unwrap_or_default()))
            .collect()
    }

    #[test]
    fn both_catalogs_define_the_same_keys() {
        let es = catalog("es");
        let en = catalog("en");
        assert!(es.len() > 50, "the Spanish catalog looks empty");
        let only_es: Vec<_> = es.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&es).collect();
        assert!(
            only_es.is_empty() && only_en.is_empty(),
            "keys only in Spanish: {only_es:?}; keys only in English: {only_en:?}"
        );
    }

    /// The literal key of each lookup in `text`: `t("…")`, `t_with("…")`, `t_count("…")`,
    /// `t_name("…")` (not `nest("…")` and the like).
    fn looked_up_keys(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        for helper in ["t(\"", "t_with(\"", "t_count(\"", "t_name(\""] {
            for (i, _) in text.match_indices(helper) {
                let before = text[..i].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &text[i + helper.len()..];
                if let Some(end) = rest.find('"') {
                    found.push(&rest[..end]);
                }
            }
        }
        found
    }

    /// String literals in Rust code that are message keys handed around as values (field
    /// errors, flash messages): "form-required", "login-failed"…
    fn key_literals(text: &str) -> Vec<&str> {
        const PREFIXES: &[&str] = &[
            "form-",
            "data-",
            "error-",
            "login-",
            "mfa-",
            "users-",
            "account-",
            "upload-",
            "flash-",
            "admin-",
            "audit-",
            "pagination-",
            "filter-",
            "badge-basis-",
            "import-",
            "ledger-",
            "due-",
            "csv-",
        ];
        text.split('"')
            .skip(1)
            .step_by(2)
            .filter(|literal| {
                PREFIXES.iter().any(|p| literal.starts_with(p))
                    && literal
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
            .collect()
    }

    #[test]
    fn every_key_used_in_code_and_templates_exists() {
        let es = catalog("es");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let templates = walk(&root.join("templates"));
        let sources = walk(&root.join("src"));
        assert!(
            templates.len() > 10 && sources.len() > 10,
            "the key check found no files to read"
        );
        let mut missing = Vec::new();
        let mut checked = 0;
        for entry in templates.iter().chain(&sources) {
            let text = std::fs::read_to_string(entry).unwrap_or_default();
            let mut used = looked_up_keys(&text);
            if entry.extension().is_some_and(|e| e == "rs") {
                used.extend(key_literals(&text));
            }
            for key in used {
                let key_like = key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if key.is_empty() || !key_like || key == "key" {
                    continue;
                }
                checked += 1;
                if !es.contains(key) {
                    missing.push(format!("{}: {key}", entry.display()));
                }
            }
        }
        assert!(
            checked > 200,
            "only {checked} keys found: the check reads too little"
        );
        missing.sort();
        missing.dedup();
        assert!(
            missing.is_empty(),
            "keys used but not defined: {missing:#?}"
        );
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    files.extend(walk(&path));
                } else {
                    files.push(path);
                }
            }
        }
        files
    }

    #[test]
    fn every_stored_code_has_a_label_in_both_languages() {
        use crate::domain::*;
        let mut keys: Vec<String> = Vec::new();
        keys.extend(BadgeKind::ALL.iter().map(|k| k.label_key()));
        keys.extend(PlanStatus::ALL.iter().map(|k| k.label_key()));
        keys.extend(
            PlanStatus::ALL
                .iter()
                .map(|k| format!("plan-status-help-{}", k.code().replace('_', "-"))),
        );
        keys.extend(MunicipalityKind::ALL.iter().map(|k| k.label_key()));
        keys.extend(DocumentStatus::ALL.iter().map(|k| k.label_key()));
        keys.extend(ProgrammeKind::ALL.iter().map(|k| k.label_key()));
        keys.extend(OrganisationRole::ALL.iter().map(|k| k.label_key()));
        keys.extend((1..=12).map(|m| format!("month-{m}")));
        keys.extend(["language-es", "language-en"].map(String::from));
        keys.extend(
            crate::domain::accounts::Role::ALL
                .iter()
                .map(|r| r.label_key()),
        );
        keys.extend(
            ["create", "update", "delete", "restore"].map(|a| format!("revision-action-{a}")),
        );
        keys.extend(["pending", "approved", "rejected"].map(|s| format!("proposal-status-{s}")));
        for kind in crate::catalogue::ALL {
            keys.push(kind.plural_key.to_string());
            keys.push(kind.singular_key.to_string());
            keys.extend(kind.columns.iter().map(|c| c.label_key.to_string()));
            keys.extend(kind.filters.iter().map(|f| f.label_key.to_string()));
            keys.extend(kind.links.iter().map(|l| l.label_key.to_string()));
            keys.extend(kind.bulk.iter().map(|b| b.label_key().to_string()));
            for field in kind.fields {
                keys.push(field.label_key.to_string());
                if let crate::catalogue::Widget::Choice(codes) = field.widget {
                    keys.extend(codes.codes.iter().map(|code| codes.label_key(code)));
                }
            }
        }
        keys.extend(DocumentKind::ALL.iter().map(|k| k.label_key()));
        use crate::domain::progress::{DeadlineState, PhaseStatus};
        keys.extend(PhaseStatus::ALL.iter().map(|s| s.label_key()));
        keys.extend(
            crate::views::progress::STANDING_CODES
                .iter()
                .flat_map(|code| {
                    let code = code.replace('_', "-");
                    [
                        format!("phase-status-{code}"),
                        format!("phase-status-help-{code}"),
                    ]
                }),
        );
        keys.extend(DeadlineState::ALL.iter().flat_map(|s| {
            [
                s.label_key(),
                format!("deadline-help-{}", s.code().replace('_', "-")),
            ]
        }));
        keys.push("plan-type-unknown".to_string());
        keys.extend(
            crate::progress::sheet::COLUMNS
                .iter()
                .map(|c| format!("import-column-{}", c.replace('_', "-"))),
        );
        keys.extend(
            ["create", "update", "unchanged", "refused"].map(|a| format!("import-action-{a}")),
        );
        for key in keys {
            for lang in Lang::ALL {
                assert!(
                    LOCALES.try_lookup(lang.id(), &key).is_some(),
                    "{key} has no {} text",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn paths_switch_language() {
        assert_eq!(Lang::of_path("/en/cities/lima"), Lang::En);
        assert_eq!(Lang::of_path("/en"), Lang::En);
        assert_eq!(Lang::of_path("/entrada"), Lang::Es);
        assert_eq!(Lang::strip_prefix("/en/cities"), "/cities");
        assert_eq!(Lang::strip_prefix("/en"), "/");
        assert_eq!(Lang::strip_prefix("/entrada"), "/entrada");
        assert_eq!(Lang::En.path("/"), "/en");
        assert_eq!(Lang::En.path("/badges"), "/en/badges");
        assert_eq!(Lang::Es.path("/badges"), "/badges");
    }

    #[test]
    fn numbers_and_dates_read_naturally() {
        assert_eq!(Lang::En.number(67), "67");
        assert_eq!(Lang::En.number(12345), "12,345");
        assert_eq!(Lang::Es.month_year("2024-04"), "abril de 2024");
        assert_eq!(Lang::En.month_year("2024-04"), "April 2024");
    }
}
