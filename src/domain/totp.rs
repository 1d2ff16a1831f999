//! The second factor of staff accounts: time-based one-time passwords (RFC 6238: SHA-1, six
//! digits, 30-second steps, what every authenticator app reads from a QR code) and one-time
//! recovery codes.

use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

use super::{constant_time_eq, random_hex};

/// Seconds per code.
pub const STEP_SECONDS: u64 = 30;
/// Codes of the step before and after the current one are accepted too (clock drift).
const SKEW_STEPS: u64 = 1;
/// The name authenticator apps show above the code.
pub const ISSUER: &str = "Portal GCoM Peru";
/// Recovery codes given at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Letters of a recovery code (without look-alikes); 10 letters of 32 ≈ 50 bits.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A new random secret (20 bytes, as RFC 4226 recommends), base32 as apps expect.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    // The account name may not contain ':' (the URI separates issuer and account with it).
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_string()),
        account.replace(':', " "),
    )
    .ok()
}

/// The `otpauth://` address an app reads from the QR code.
pub fn otpauth_url(secret: &str, account: &str) -> Option<String> {
    totp(secret, account).map(|t| t.get_url())
}

/// The code of `secret` at Unix time `at` (tests and the enrolment page's check).
pub fn code_at(secret: &str, at: u64) -> Option<String> {
    totp(secret, "").map(|t| t.generate(at))
}

/// The time step of a code that matches `code` at Unix time `now` (within one step either
/// way), or `None`. The caller accepts a step only once.
pub fn matching_step(secret: &str, code: &str, now: u64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret, "")?;
    let current = now / STEP_SECONDS;
    (current.saturating_sub(SKEW_STEPS)..=current + SKEW_STEPS)
        .find(|step| {
            constant_time_eq(
                totp.generate(step * STEP_SECONDS).as_bytes(),
                code.as_bytes(),
            )
        })
        .and_then(|step| i64::try_from(step).ok())
}

/// Ten new recovery codes, shown once, written "abcde-fghjk".
pub fn new_recovery_codes() -> Vec<String> {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            let letters: String = (0..10)
                .map(|_| char::from(RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())]))
                .collect();
            format!("{}-{}", &letters[..5], &letters[5..])
        })
        .collect()
}

/// Whether a typed code looks like a recovery code rather than a six-digit one.
pub fn looks_like_recovery_code(typed: &str) -> bool {
    normalize_recovery_code(typed).len() == 10
}

/// A recovery code as typed, normalised: lower case, without spaces and hyphens.
pub fn normalize_recovery_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// How a recovery code is stored: SHA-256 hex of its normalised text (codes are random, so a
/// fast hash is enough).
pub fn hash_recovery_code(typed: &str) -> String {
    Sha256::digest(normalize_recovery_code(typed).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The QR code of `text` as an SVG document, drawn on the server.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build(),
    )
}

/// A random id that is not a secret (names the enrolment in progress).
pub fn enrolment_nonce() -> String {
    random_hex(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B: the SHA-1 secret "12345678901234567890"; at T = 59 s the
    /// eight-digit code is 94287082, so the six-digit one is its last six digits.
    #[test]
    fn codes_follow_rfc_6238() {
        let secret = Secret::Raw(b"12345678901234567890".to_vec())
            .to_encoded()
            .to_string();
        assert_eq!(code_at(&secret, 59).as_deref(), Some("287082"));
        assert_eq!(code_at(&secret, 1_111_111_109).as_deref(), Some("081804"));
        assert_eq!(matching_step(&secret, "287082", 59), Some(1));
        // One step either way is accepted, two are not.
        assert_eq!(matching_step(&secret, "287082", 89), Some(1));
        assert_eq!(matching_step(&secret, "287082", 125), None);
        assert_eq!(matching_step(&secret, "28708", 59), None);
        assert_eq!(matching_step(&secret, "abcdef", 59), None);
        assert_eq!(matching_step(&secret, "287 082", 59), Some(1));
    }

    #[test]
    fn secrets_are_new_and_make_an_otpauth_url() {
        let a = new_secret();
        assert_ne!(a, new_secret());
        assert_eq!(a.len(), 32);
        let url = otpauth_url(&a, "ana@fcv.org.pe").expect("url");
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(url.contains(&format!("secret={a}")), "{url}");
        assert!(qr_svg(&url).expect("qr").contains("<svg"));
    }

    #[test]
    fn recovery_codes_are_random_and_compared_normalised() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 10);
        let code = &codes[0];
        assert!(looks_like_recovery_code(code));
        assert!(!looks_like_recovery_code("123456"));
        assert_eq!(
            hash_recovery_code(code),
            hash_recovery_code(&format!(" {} ", code.to_uppercase().replace('-', " ")))
        );
        assert_ne!(hash_recovery_code(code), hash_recovery_code(&codes[1]));
    }
}
