//! Record kinds and validated values shared by the store, the seed and the pages.

use std::fmt;

/// Lower-case, accent-free form of a name, used for search: "Jesús María" → "jesus maria".
pub fn fold_for_search(text: &str) -> String {
    let plain = deunicode::deunicode(text).to_lowercase();
    plain
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The URL slug of a name: lower case, accents removed, spaces as hyphens ("Santa María del Mar"
/// → "santa-maria-del-mar").
pub fn slugify(name: &str) -> String {
    let plain = deunicode::deunicode(name).to_lowercase();
    let mut slug = String::with_capacity(plain.len());
    for c in plain.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// `bytes` random bytes from the operating system, as lower-case hex (tokens, stored names).
pub fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buffer = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buffer);
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}

/// Invisible characters that change the direction or joining of text (U+202A–U+202E,
/// U+2066–U+2069, U+200E/U+200F) and can make a name read as another; removed from names.
pub fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// `text` without direction marks (see `is_direction_mark`).
pub fn strip_format_characters(text: &str) -> String {
    text.chars().filter(|c| !is_direction_mark(*c)).collect()
}

/// Whether `text` holds a control character a form field must not carry. Tab and line breaks
/// are allowed only where `multiline` (text areas); everything else below U+0020, DEL and the C1
/// controls is refused (a NUL cannot even be stored on Postgres).
pub fn has_forbidden_control(text: &str, multiline: bool) -> bool {
    text.chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\t' | '\n' | '\r')))
}

/// Compares two secrets (tokens, codes, hashes) in time that depends only on their lengths, so a
/// guess cannot be refined by timing. The one comparison of secrets in the portal.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Peru's 24 departments and the Constitutional Province of Callao (the first-level divisions as
/// INEI names them): the values a municipality's department is chosen from.
pub const DEPARTMENTS_OF_PERU: &[&str] = &[
    "Amazonas",
    "Áncash",
    "Apurímac",
    "Arequipa",
    "Ayacucho",
    "Cajamarca",
    "Callao",
    "Cusco",
    "Huancavelica",
    "Huánuco",
    "Ica",
    "Junín",
    "La Libertad",
    "Lambayeque",
    "Lima",
    "Loreto",
    "Madre de Dios",
    "Moquegua",
    "Pasco",
    "Piura",
    "Puno",
    "San Martín",
    "Tacna",
    "Tumbes",
    "Ucayali",
];

/// A closed list of codes as forms and filters offer it: the codes, in order, and the prefix of
/// their labels in the message catalogs (`{prefix}-{code with - for _}`).
#[derive(Debug, PartialEq, Eq)]
pub struct CodeList {
    pub codes: &'static [&'static str],
    pub label_prefix: &'static str,
}

impl CodeList {
    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains(&code)
    }

    /// Key of a code's label in the message catalogs.
    pub fn label_key(&self, code: &str) -> String {
        format!("{}-{}", self.label_prefix, code.replace('_', "-"))
    }
}

/// Declares a closed set of text codes stored in the database, with parsing, the catalog key of
/// its label, and its `CodeList` (the one definition forms and filters use).
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $label_prefix:literal, { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The codes as a list for forms and filters.
            pub const CODES: $crate::domain::CodeList = $crate::domain::CodeList {
                codes: &[$($code),+],
                label_prefix: $label_prefix,
            };

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// Key of this value's label in the message catalogs.
            pub fn label_key(self) -> String {
                format!("{}-{}", $label_prefix, self.code().replace('_', "-"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

code_enum!(
    /// The four kinds of GCoM badge.
    BadgeKind, "badge-kind", {
        Mitigation => "mitigation",
        Adaptation => "adaptation",
        Energy => "energy",
        Compliance => "compliance",
    }
);

code_enum!(
    /// Where a climate action plan (CAP / PLAC) stands.
    PlanStatus, "plan-status", {
        NotStarted => "not_started",
        InPreparation => "in_preparation",
        Submitted => "submitted",
        Approved => "approved",
        Published => "published",
    }
);

code_enum!(
    /// Kind of municipality; unknown where the source leaves it open.
    MunicipalityKind, "municipality-kind", {
        Provincial => "provincial",
        District => "district",
        Metropolitan => "metropolitan",
    }
);

code_enum!(
    /// Publication status of a guide or document.
    DocumentStatus, "document-status", {
        PendingApproval => "pending_approval",
        Published => "published",
    }
);

code_enum!(
    /// What a document is.
    DocumentKind, "document-kind", {
        Guide => "guide",
        PlanDocument => "plan_document",
        SummarySheet => "summary_sheet",
        Article => "article",
    }
);

code_enum!(
    /// The language a document is written in.
    DocumentLanguage, "language", {
        Spanish => "es",
        English => "en",
    }
);

code_enum!(
    /// The strategy's lines of work.
    ProgrammeKind, "programme-kind", {
        TechnicalSupport => "technical_support",
        Guide => "guide",
        Diploma => "diploma",
        Exchange => "exchange",
        Outreach => "outreach",
    }
);

code_enum!(
    /// What an organisation does in the strategy.
    OrganisationRole, "organisation-role", {
        NationalCoordinator => "national_coordinator",
        EuDelegation => "eu_delegation",
        University => "university",
        PartnerCoordinator => "partner_coordinator",
        ReportingPlatform => "reporting_platform",
    }
);

/// Roles, emails and the password policy of accounts (after `code_enum!`, which it uses).
pub mod accounts;
/// The accepted document file formats, recognised by content (PDF magic, ZIP directory).
pub mod file_formats;
/// GCoM progress: phase statuses, what compliance implies, deadlines, municipal terms.
pub mod progress;
/// Signed tokens checked without storing them (sign-in form, device cookie).
pub mod tokens;
/// Second factor: RFC 6238 codes, recovery codes, the enrolment QR code.
pub mod totp;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_contract() {
        assert_eq!(slugify("Lima"), "lima");
        assert_eq!(slugify("Jesús María"), "jesus-maria");
        assert_eq!(slugify("Chiclayo Provincia"), "chiclayo-provincia");
        assert_eq!(slugify("Santa María del Mar"), "santa-maria-del-mar");
        assert_eq!(slugify("Sayán"), "sayan");
        assert_eq!(slugify("  Peñalolén  "), "penalolen");
    }

    #[test]
    fn search_folding_ignores_accents_case_and_hyphens() {
        assert_eq!(fold_for_search("Jesús  María"), "jesus maria");
        assert_eq!(fold_for_search("JESUS-maria"), "jesus maria");
        assert_eq!(fold_for_search(" Sayán "), "sayan");
    }

    #[test]
    fn control_characters_and_direction_marks() {
        assert!(has_forbidden_control("a\u{0}b", true));
        assert!(has_forbidden_control("a\u{1b}[31m", true));
        assert!(has_forbidden_control("a\u{85}b", true));
        assert!(has_forbidden_control("línea\nsiguiente", false));
        assert!(!has_forbidden_control("línea\r\nsiguiente\tfin", true));
        assert!(!has_forbidden_control("Jesús María", false));
        assert_eq!(
            strip_format_characters("a\u{202e}b\u{2066}c\u{200e}"),
            "abc"
        );
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }

    #[test]
    fn code_lists_match_their_enums() {
        assert_eq!(BadgeKind::CODES.codes.len(), BadgeKind::ALL.len());
        for kind in BadgeKind::ALL {
            assert!(BadgeKind::CODES.contains(kind.code()));
            assert_eq!(BadgeKind::CODES.label_key(kind.code()), kind.label_key());
        }
        assert_eq!(
            PlanStatus::CODES.label_key("in_preparation"),
            "plan-status-in-preparation"
        );
        assert!(!DocumentKind::CODES.contains("Guide"));
        assert_eq!(DocumentLanguage::CODES.label_key("es"), "language-es");
    }

    #[test]
    fn codes_round_trip() {
        for kind in BadgeKind::ALL {
            assert_eq!(BadgeKind::parse(kind.code()), Some(*kind));
        }
        for status in PlanStatus::ALL {
            assert_eq!(PlanStatus::parse(status.code()), Some(*status));
        }
        assert_eq!(PlanStatus::parse("approved "), None);
        assert_eq!(
            PlanStatus::InPreparation.label_key(),
            "plan-status-in-preparation"
        );
    }
}
