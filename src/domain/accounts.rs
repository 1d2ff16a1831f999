//! Accounts: roles, sign-in names (emails) and the password policy.
//!
//! The policy follows NIST SP 800-63B: at least 12 characters, no composition rules, and guessable
//! passwords (common ones, or ones built from the account's own email or name) are refused, judged
//! by zxcvbn. Passwords are stored as Argon2id PHC strings with a random salt.

use std::fmt;
use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::forms::FieldErrors;
use crate::i18n::Lang;

code_enum!(
    /// What an account may do: `admin` runs the portal, `coordinator` keeps every record true,
    /// `city_editor` proposes changes to one municipality's records.
    Role, "role", {
        Admin => "admin",
        Coordinator => "coordinator",
        CityEditor => "city_editor",
    }
);

/// Longest accepted email, in characters.
pub const EMAIL_MAX_CHARS: usize = 254;
/// Shortest accepted password, in characters.
pub const PASSWORD_MIN_CHARS: usize = 12;
/// Longest accepted password, in characters.
pub const PASSWORD_MAX_CHARS: usize = 1024;
/// zxcvbn scores below this are refused (3: "safely unguessable", about 10^10 guesses).
pub const PASSWORD_MIN_SCORE: u8 = 3;
/// Length of a generated password.
pub const GENERATED_PASSWORD_CHARS: usize = 20;

/// zxcvbn's matching grows fast with the length; the strength of a long password is judged on
/// its first characters (a weak prefix is not made strong by what follows, and a strong one is
/// not made weak).
const STRENGTH_CHECKED_CHARS: usize = 100;

/// Letters and digits that cannot be mistaken for one another (no 0/O, 1/l/I).
const GENERATED_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/// A sign-in name: an email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

/// Why a text is not an acceptable email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailProblem {
    Empty,
    TooLong,
    /// Spaces or control characters inside the address.
    Spaces,
    /// Not exactly one '@'.
    AtSign,
    /// Nothing before the '@'.
    LocalPart,
    /// Nothing after the '@', or a domain without a dot (or with an empty label).
    Domain,
}

impl EmailProblem {
    /// Key of the message that explains the problem, in the Fluent catalogs.
    pub fn message_key(&self) -> &'static str {
        match self {
            EmailProblem::Empty => "account-email-empty",
            EmailProblem::TooLong => "account-email-too-long",
            EmailProblem::Spaces => "account-email-spaces",
            EmailProblem::AtSign => "account-email-at-sign",
            EmailProblem::LocalPart => "account-email-local-part",
            EmailProblem::Domain => "account-email-domain",
        }
    }
}

impl fmt::Display for EmailProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Lang::En.t(self.message_key()))
    }
}

impl std::error::Error for EmailProblem {}

impl Email {
    /// Trims and lower-cases `text` and checks it looks like an email address.
    pub fn parse(text: &str) -> Result<Email, EmailProblem> {
        let email = text.trim().to_lowercase();
        if email.is_empty() {
            return Err(EmailProblem::Empty);
        }
        if email.chars().count() > EMAIL_MAX_CHARS {
            return Err(EmailProblem::TooLong);
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(EmailProblem::Spaces);
        }
        let mut parts = email.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(EmailProblem::AtSign);
        };
        if local.is_empty() {
            return Err(EmailProblem::LocalPart);
        }
        if !domain.contains('.') || domain.split('.').any(str::is_empty) {
            return Err(EmailProblem::Domain);
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Longest name of an account, in characters.
pub const ACCOUNT_NAME_MAX_CHARS: usize = 200;

/// The name of a person with an account, as shown in the admin pages: trimmed, without
/// control characters or invisible direction marks (which could make a name read as another).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountName(String);

/// Why a text is not an acceptable account name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountNameProblem {
    Empty,
    TooLong,
    /// Control characters (a name is one line of text).
    Control,
}

impl AccountNameProblem {
    pub fn message_key(&self) -> &'static str {
        match self {
            AccountNameProblem::Empty => "account-name-empty",
            AccountNameProblem::TooLong => "account-name-too-long",
            AccountNameProblem::Control => "form-control-characters",
        }
    }
}

impl fmt::Display for AccountNameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Lang::En.t(self.message_key()))
    }
}

impl std::error::Error for AccountNameProblem {}

impl AccountName {
    pub fn parse(text: &str) -> Result<AccountName, AccountNameProblem> {
        if text.chars().any(char::is_control) {
            return Err(AccountNameProblem::Control);
        }
        let name = crate::domain::strip_format_characters(text)
            .trim()
            .to_string();
        if name.is_empty() {
            return Err(AccountNameProblem::Empty);
        }
        if name.chars().count() > ACCOUNT_NAME_MAX_CHARS {
            return Err(AccountNameProblem::TooLong);
        }
        Ok(AccountName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new account as asked for, with every rule checked: the one place the account rules live
/// (the command line, the admin form and the store all go through it). Inputs are named
/// `email`, `name`, `role` and `city`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub email: Email,
    pub name: AccountName,
    pub role: Role,
    /// The municipality's slug, for a city editor (and only for one).
    pub city: Option<String>,
}

impl NewAccount {
    pub fn parse(
        email: &str,
        name: &str,
        role: &str,
        city: &str,
    ) -> Result<NewAccount, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = Email::parse(email)
            .map_err(|p| errors.add("email", p.message_key()))
            .ok();
        let name = AccountName::parse(name)
            .map_err(|p| errors.add("name", p.message_key()))
            .ok();
        let role = Role::parse(role.trim());
        if role.is_none() {
            errors.add("role", "form-bad-choice");
        }
        let city = Some(city.trim().to_string()).filter(|c| !c.is_empty());
        match (role, &city) {
            (Some(Role::CityEditor), None) => errors.add("city", "users-city-required"),
            (Some(Role::Admin | Role::Coordinator), Some(_)) => {
                errors.add("city", "users-city-not-allowed")
            }
            _ => {}
        }
        match (email, name, role) {
            (Some(email), Some(name), Some(role)) if errors.is_empty() => Ok(NewAccount {
                email,
                name,
                role,
                city,
            }),
            _ => Err(errors),
        }
    }

    /// Checks a chosen password for this account (input `password`).
    pub fn check_password(&self, password: &str) -> Result<(), FieldErrors> {
        check_new_password(password, self.email.as_str(), self.name.as_str())
    }
}

/// Checks a chosen password for an account with this email and name as typed (input
/// `password`), also when the rest of the account was refused, so every problem shows at once.
pub fn check_new_password(password: &str, email: &str, name: &str) -> Result<(), FieldErrors> {
    check_password(password, &[email, name])
        .map_err(|problem| FieldErrors::one("password", problem.message_key()))
}

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than 12 characters.
    TooShort,
    /// More than 1024 characters.
    TooLong,
    /// A common password, or one built from the account's email or name.
    TooGuessable,
}

impl PasswordProblem {
    /// Key of the message that explains the problem, in the Fluent catalogs.
    pub fn message_key(&self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "account-password-too-short",
            PasswordProblem::TooLong => "account-password-too-long",
            PasswordProblem::TooGuessable => "account-password-too-guessable",
        }
    }
}

impl fmt::Display for PasswordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Lang::En.t(self.message_key()))
    }
}

impl std::error::Error for PasswordProblem {}

/// Checks `password` against the policy. `user_inputs` are words an attacker would try first
/// (the account's email and name); a password built from them is refused.
pub fn check_password(password: &str, user_inputs: &[&str]) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let checked: String = password.chars().take(STRENGTH_CHECKED_CHARS).collect();
    // The local part and the domain's words of an email are guesses of their own.
    let mut inputs: Vec<String> = Vec::new();
    for input in user_inputs {
        let input = input.trim().to_lowercase();
        if input.is_empty() {
            continue;
        }
        // "Ana Quispe" and "ana.quispe@fcv.org.pe" also give "ana", "quispe", "fcv", "org",
        // "anaquispe" and "ana.quispe".
        inputs.extend(
            input
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| word.chars().count() >= 3)
                .map(str::to_string),
        );
        if let Some((local, _)) = input.split_once('@') {
            inputs.push(local.to_string());
        }
        inputs.push(input.chars().filter(|c| c.is_alphanumeric()).collect());
        inputs.push(input);
    }
    let inputs: Vec<&str> = inputs
        .iter()
        .map(String::as_str)
        .filter(|input| !input.is_empty())
        .collect();
    let score = u8::from(zxcvbn::zxcvbn(&checked, &inputs).score());
    if score < PASSWORD_MIN_SCORE {
        return Err(PasswordProblem::TooGuessable);
    }
    Ok(())
}

/// The password could not be hashed (the system's random source failed).
#[derive(Debug, thiserror::Error)]
#[error("cannot hash the password: {0}")]
pub struct HashError(String);

/// Argon2 parameters above these are refused when verifying: a stored hash (or a tampered one)
/// must not make one check take gigabytes.
const MAX_VERIFY_MEMORY_KIB: u32 = 64 * 1024;

/// Memory blocks that Argon2 fills; a worker keeps one and reuses it for every check, so memory
/// stays the same however many checks run.
pub type ArgonMemory = Vec<argon2::Block>;

/// Hashes `password` with Argon2id (default parameters: 19 MiB, 2 passes) and a random salt,
/// using `memory` for the work; returns the PHC string ("$argon2id$v=19$m=19456,t=2,p=1$…").
pub fn hash_password_with(memory: &mut ArgonMemory, password: &str) -> Result<String, HashError> {
    let problem = |e: &dyn fmt::Display| HashError(e.to_string());
    let salt = SaltString::generate(&mut OsRng);
    let params = Params::default();
    memory.resize(params.block_count(), argon2::Block::default());
    let mut salt_buffer = [0u8; 64];
    let salt_bytes = salt
        .as_salt()
        .decode_b64(&mut salt_buffer)
        .map_err(|e| problem(&e))?;
    let mut output = [0u8; Params::DEFAULT_OUTPUT_LEN];
    Argon2::default()
        .hash_password_into_with_memory(
            password.as_bytes(),
            salt_bytes,
            &mut output,
            &mut memory[..],
        )
        .map_err(|e| problem(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| problem(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&output).map_err(|e| problem(&e))?),
    };
    Ok(phc.to_string())
}

/// True when `password` matches the PHC string `phc`, computed in `memory`; false for a wrong
/// password, a malformed hash or parameters above the verification bound.
pub fn verify_password_with(memory: &mut ArgonMemory, password: &str, phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) = (
        Algorithm::try_from(hash.algorithm),
        Params::try_from(&hash),
        hash.salt,
        hash.hash,
    ) else {
        return false;
    };
    let version = match hash.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(version)) => version,
        Some(Err(_)) => return false,
    };
    if params.m_cost() > MAX_VERIFY_MEMORY_KIB {
        return false;
    }
    let mut salt_buffer = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_buffer) else {
        return false;
    };
    memory.resize(params.block_count(), argon2::Block::default());
    let mut output = vec![0u8; expected.len()];
    let computed = Argon2::new(algorithm, version, params).hash_password_into_with_memory(
        password.as_bytes(),
        salt_bytes,
        &mut output,
        &mut memory[..],
    );
    computed.is_ok() && crate::domain::constant_time_eq(expected.as_bytes(), &output)
}

/// Hashes `password` with fresh memory (the command line; the server uses its password workers).
pub fn hash_password(password: &str) -> Result<String, HashError> {
    hash_password_with(&mut ArgonMemory::new(), password)
}

/// `verify_password_with` with fresh memory.
pub fn verify_password(password: &str, phc: &str) -> bool {
    verify_password_with(&mut ArgonMemory::new(), password, phc)
}

/// Spends the time of one verification and returns false: call it when the account does not
/// exist (or has no usable hash), so a sign-in takes as long whether or not the email is known.
pub fn verify_password_of_nobody(memory: &mut ArgonMemory, password: &str) -> bool {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    if let Some(phc) = DUMMY.get_or_init(|| hash_password("no account has this password").ok()) {
        let _ = verify_password_with(memory, password, phc);
    }
    false
}

/// A random password of 20 characters from an alphabet without look-alike characters (about 116
/// bits), drawn from the operating system's random source; it always passes the policy.
pub fn generate_password() -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    loop {
        let password: String = (0..GENERATED_PASSWORD_CHARS)
            .map(|_| char::from(GENERATED_ALPHABET[rng.gen_range(0..GENERATED_ALPHABET.len())]))
            .collect();
        // A random draw that zxcvbn finds guessable is practically impossible; draw again.
        if check_password(&password, &[]).is_ok() {
            return password;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(*role));
        }
        assert_eq!(Role::parse("city_editor"), Some(Role::CityEditor));
        assert_eq!(Role::parse("Admin"), None);
        assert_eq!(Role::CityEditor.label_key(), "role-city-editor");
    }

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        let email = Email::parse("  Ana.Quispe@FCV.org.PE \n").expect("valid");
        assert_eq!(email.as_str(), "ana.quispe@fcv.org.pe");
        assert_eq!(email.to_string(), "ana.quispe@fcv.org.pe");
        assert!(Email::parse("a@b.pe").is_ok());
        assert!(Email::parse("josé@municipalidad.gob.pe").is_ok());
    }

    #[test]
    fn bad_emails_are_refused_with_a_reason() {
        let cases = [
            ("", EmailProblem::Empty),
            ("   ", EmailProblem::Empty),
            ("ana quispe@fcv.org", EmailProblem::Spaces),
            ("ana.fcv.org", EmailProblem::AtSign),
            ("ana@@fcv.org", EmailProblem::AtSign),
            ("ana@fcv@org.pe", EmailProblem::AtSign),
            ("@fcv.org", EmailProblem::LocalPart),
            ("ana@", EmailProblem::Domain),
            ("ana@localhost", EmailProblem::Domain),
            ("ana@fcv..org", EmailProblem::Domain),
            ("ana@.fcv.org", EmailProblem::Domain),
            ("ana@fcv.org.", EmailProblem::Domain),
        ];
        for (text, problem) in cases {
            assert_eq!(Email::parse(text), Err(problem), "{text:?}");
        }
        let long = format!("{}@fcv.org.pe", "a".repeat(243));
        assert_eq!(long.chars().count(), 254);
        assert!(Email::parse(&long).is_ok());
        let too_long = format!("{}@fcv.org.pe", "a".repeat(244));
        assert_eq!(Email::parse(&too_long), Err(EmailProblem::TooLong));
    }

    #[test]
    fn account_names_are_trimmed_bounded_and_lose_direction_marks() {
        assert_eq!(
            AccountName::parse("  Ana Quispe ").map(|n| n.to_string()),
            Ok("Ana Quispe".to_string())
        );
        assert_eq!(
            AccountName::parse("Ana\u{202e}epsiuQ\u{200f}").map(|n| n.to_string()),
            Ok("AnaepsiuQ".to_string())
        );
        assert_eq!(AccountName::parse("  "), Err(AccountNameProblem::Empty));
        assert_eq!(
            AccountName::parse("\u{2066}\u{2069}"),
            Err(AccountNameProblem::Empty)
        );
        assert_eq!(
            AccountName::parse("Ana\u{0}Quispe"),
            Err(AccountNameProblem::Control)
        );
        assert!(AccountName::parse(&"ñ".repeat(200)).is_ok());
        assert_eq!(
            AccountName::parse(&"ñ".repeat(201)),
            Err(AccountNameProblem::TooLong)
        );
    }

    #[test]
    fn new_accounts_follow_one_set_of_rules() {
        let ana = NewAccount::parse(" Ana@FCV.org.pe ", " Ana Quispe ", "coordinator", "")
            .expect("valid");
        assert_eq!(ana.email.as_str(), "ana@fcv.org.pe");
        assert_eq!(ana.name.as_str(), "Ana Quispe");
        assert_eq!(ana.city, None);
        let editor = NewAccount::parse("e@muni.pe", "E", "city_editor", "lima").expect("valid");
        assert_eq!(editor.city.as_deref(), Some("lima"));
        let errors = NewAccount::parse("nope", &"n".repeat(201), "boss", "").expect_err("bad");
        assert_eq!(errors.get("email"), Some("account-email-at-sign"));
        assert_eq!(errors.get("name"), Some("account-name-too-long"));
        assert_eq!(errors.get("role"), Some("form-bad-choice"));
        let errors = NewAccount::parse("e@muni.pe", "E", "city_editor", " ").expect_err("no city");
        assert_eq!(errors.get("city"), Some("users-city-required"));
        let errors = NewAccount::parse("a@fcv.pe", "A", "admin", "lima").expect_err("city");
        assert_eq!(errors.get("city"), Some("users-city-not-allowed"));
        assert_eq!(
            ana.check_password("anaquispe2024")
                .expect_err("guessable")
                .get("password"),
            Some("account-password-too-guessable")
        );
        assert!(ana.check_password("correo quebrada lucuma tintero").is_ok());
    }

    #[test]
    fn passwords_need_twelve_characters_counted_as_characters() {
        assert_eq!(
            check_password("vT9#qLm2!xZ", &[]),
            Err(PasswordProblem::TooShort)
        );
        // 11 characters of two bytes each are still 11 characters.
        assert_eq!(
            check_password("ñáéíóúüçßøå", &[]),
            Err(PasswordProblem::TooShort)
        );
        assert_eq!(check_password("", &[]), Err(PasswordProblem::TooShort));
        assert!(check_password("vT9#qLm2!xZw", &[]).is_ok());
    }

    #[test]
    fn passwords_have_no_composition_rules() {
        // Lower-case letters only, but long and unguessable: accepted.
        assert!(check_password("correo quebrada lucuma tintero", &[]).is_ok());
        assert!(check_password("mvkqzrtwplhxbn", &[]).is_ok());
    }

    #[test]
    fn guessable_passwords_are_refused() {
        for common in [
            "password1234",
            "123456789012",
            "qwertyuiopas",
            "Password123!",
            "aaaaaaaaaaaa",
            "iloveyou1234",
        ] {
            assert_eq!(
                check_password(common, &[]),
                Err(PasswordProblem::TooGuessable),
                "{common}"
            );
        }
        // Built from the account's own email or name.
        assert_eq!(
            check_password(
                "ana.quispe@fcv.org.pe",
                &["ana.quispe@fcv.org.pe", "Ana Quispe"]
            ),
            Err(PasswordProblem::TooGuessable)
        );
        assert_eq!(
            check_password("anaquispe2024", &["ana.quispe@fcv.org.pe", "Ana Quispe"]),
            Err(PasswordProblem::TooGuessable)
        );
    }

    #[test]
    fn very_long_passwords_are_bounded_and_checked_quickly() {
        let long: String = "vT9#qLm2!xZw".repeat(85);
        assert_eq!(long.chars().count(), 1020);
        let started = std::time::Instant::now();
        assert!(check_password(&long, &[]).is_ok());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let too_long = "x".repeat(PASSWORD_MAX_CHARS + 1);
        assert_eq!(
            check_password(&too_long, &[]),
            Err(PasswordProblem::TooLong)
        );
    }

    #[test]
    fn hashes_are_argon2id_phc_strings_with_a_random_salt() {
        let first = hash_password("correo quebrada lucuma tintero").expect("hash");
        let second = hash_password("correo quebrada lucuma tintero").expect("hash");
        assert!(first.starts_with("$argon2id$v=19$"), "{first}");
        assert_ne!(first, second, "each hash has its own salt");
        assert!(verify_password("correo quebrada lucuma tintero", &first));
        assert!(verify_password("correo quebrada lucuma tintero", &second));
        assert!(!verify_password("correo quebrada lucuma tinterO", &first));
        assert!(!verify_password(
            "correo quebrada lucuma tintero",
            "not a hash"
        ));
        assert!(!verify_password("correo quebrada lucuma tintero", ""));
        assert!(!verify_password_of_nobody(
            &mut ArgonMemory::new(),
            "no account has this password"
        ));
    }

    #[test]
    fn hashes_made_by_the_argon2_crate_itself_still_verify() {
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::generate(&mut OsRng);
        let phc = Argon2::default()
            .hash_password(b"correo quebrada lucuma tintero", &salt)
            .expect("hash")
            .to_string();
        let mut memory = ArgonMemory::new();
        assert!(verify_password_with(
            &mut memory,
            "correo quebrada lucuma tintero",
            &phc
        ));
        assert!(!verify_password_with(&mut memory, "otra cosa", &phc));
        // A hash asking for absurd memory is refused without trying.
        let greedy = phc.replace("m=19456", "m=4000000");
        assert!(!verify_password_with(
            &mut memory,
            "correo quebrada lucuma tintero",
            &greedy
        ));
    }

    #[test]
    fn generated_passwords_are_long_unambiguous_and_pass_the_policy() {
        let a = generate_password();
        let b = generate_password();
        assert_ne!(a, b);
        for password in [&a, &b] {
            assert_eq!(password.chars().count(), GENERATED_PASSWORD_CHARS);
            assert!(password.bytes().all(|c| GENERATED_ALPHABET.contains(&c)));
            assert!(!password.contains(['0', 'O', '1', 'l', 'I']));
            assert!(check_password(password, &[]).is_ok());
        }
    }

    /// Message identifiers defined in a Fluent file.
    fn keys(ftl: &str) -> Vec<String> {
        ftl.lines()
            .filter_map(|line| line.split_once('='))
            .map(|(key, _)| key.trim().to_string())
            .collect()
    }

    #[test]
    fn every_problem_and_role_has_a_message_in_both_languages() {
        let es = keys(include_str!("../../locales/es/main.ftl"));
        let en = keys(include_str!("../../locales/en/main.ftl"));
        let mut needed: Vec<String> = [
            EmailProblem::Empty,
            EmailProblem::TooLong,
            EmailProblem::Spaces,
            EmailProblem::AtSign,
            EmailProblem::LocalPart,
            EmailProblem::Domain,
        ]
        .iter()
        .map(|p| p.message_key().to_string())
        .collect();
        needed.extend(
            [
                PasswordProblem::TooShort,
                PasswordProblem::TooLong,
                PasswordProblem::TooGuessable,
            ]
            .iter()
            .map(|p| p.message_key().to_string()),
        );
        needed.extend(Role::ALL.iter().map(|r| r.label_key()));
        needed.extend(
            [
                AccountNameProblem::Empty,
                AccountNameProblem::TooLong,
                AccountNameProblem::Control,
            ]
            .iter()
            .map(|p| p.message_key().to_string()),
        );
        for key in &needed {
            assert!(es.contains(key), "{key} is missing in Spanish");
            assert!(en.contains(key), "{key} is missing in English");
        }
        // The English text is what the command line shows.
        assert_eq!(
            PasswordProblem::TooShort.to_string(),
            Lang::En.t("account-password-too-short")
        );
        assert!(PasswordProblem::TooShort.to_string().contains("12"));
        assert!(!EmailProblem::AtSign.to_string().is_empty());
    }
}
