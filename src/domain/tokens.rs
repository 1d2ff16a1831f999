//! Tokens the server signs and later checks without storing them: the sign-in form's CSRF token
//! (so an anonymous visitor costs no stored session) and the device cookie of a browser an
//! account signed in from. HMAC-SHA256 with a key kept in the store, so every process of one
//! portal signs and checks with the same key.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{constant_time_eq, random_hex};

/// What a token is for; a token signed for one purpose is refused for any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignInForm,
    Device,
}

impl Purpose {
    fn label(self) -> &'static str {
        match self {
            Purpose::SignInForm => "sign-in-form",
            Purpose::Device => "device",
        }
    }
}

/// The key that signs tokens.
#[derive(Clone)]
pub struct SigningKey(Vec<u8>);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(…)")
    }
}

/// A new random key, as stored (hex of 32 bytes).
pub fn new_key_text() -> String {
    random_hex(32)
}

impl SigningKey {
    /// The key from its stored text; any text works, but keys are made by `new_key_text`.
    pub fn from_text(text: &str) -> SigningKey {
        SigningKey(text.as_bytes().to_vec())
    }

    fn mac(&self, purpose: Purpose, payload: &str) -> String {
        // HMAC takes keys of any length, so this cannot fail.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(purpose.label().as_bytes());
        mac.update(b"\0");
        mac.update(payload.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// `payload.signature`. The payload must not contain '.' or characters a cookie cannot hold.
    pub fn sign(&self, purpose: Purpose, payload: &str) -> String {
        format!("{payload}.{}", self.mac(purpose, payload))
    }

    /// The payload of a token signed by this key for `purpose`.
    pub fn verify<'t>(&self, purpose: Purpose, token: &'t str) -> Option<&'t str> {
        let (payload, signature) = token.rsplit_once('.')?;
        let expected = self.mac(purpose, payload);
        constant_time_eq(expected.as_bytes(), signature.as_bytes()).then_some(payload)
    }

    /// A sign-in form token issued at `issued_at` (Unix seconds): random and dated.
    pub fn sign_in_form_token(&self, issued_at: i64) -> String {
        self.sign(
            Purpose::SignInForm,
            &format!("{}-{issued_at}", random_hex(16)),
        )
    }

    /// Whether `token` is a sign-in form token of this key issued within `max_age_secs` of
    /// `now` (Unix seconds).
    pub fn check_sign_in_form_token(&self, token: &str, now: i64, max_age_secs: i64) -> bool {
        self.verify(Purpose::SignInForm, token)
            .and_then(|payload| payload.rsplit_once('-'))
            .and_then(|(_, issued)| issued.parse::<i64>().ok())
            .is_some_and(|issued| issued <= now + 60 && now - issued <= max_age_secs)
    }

    /// The device cookie of a browser `user_id` signed in from.
    pub fn device_token(&self, user_id: i64) -> String {
        self.sign(Purpose::Device, &format!("{user_id}-{}", random_hex(16)))
    }

    /// The account a device cookie was issued to, if it is genuine.
    pub fn device_user(&self, token: &str) -> Option<i64> {
        self.verify(Purpose::Device, token)
            .and_then(|payload| payload.split_once('-'))
            .and_then(|(user, _)| user.parse().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_with_their_key_and_purpose() {
        let key = SigningKey::from_text(&new_key_text());
        let other = SigningKey::from_text(&new_key_text());
        let token = key.sign(Purpose::Device, "7-abc");
        assert_eq!(key.verify(Purpose::Device, &token), Some("7-abc"));
        assert_eq!(key.verify(Purpose::SignInForm, &token), None);
        assert_eq!(other.verify(Purpose::Device, &token), None);
        assert_eq!(key.verify(Purpose::Device, "7-abc.00"), None);
        assert_eq!(key.verify(Purpose::Device, "no dot"), None);
        let tampered = token.replacen('7', "8", 1);
        assert_eq!(key.verify(Purpose::Device, &tampered), None);
    }

    #[test]
    fn device_tokens_name_their_account() {
        let key = SigningKey::from_text("k");
        let token = key.device_token(42);
        assert_eq!(key.device_user(&token), Some(42));
        assert_ne!(token, key.device_token(42), "each browser gets its own");
        assert_eq!(key.device_user(&token.replacen("42", "43", 1)), None);
    }

    #[test]
    fn sign_in_form_tokens_expire() {
        let key = SigningKey::from_text("k");
        let token = key.sign_in_form_token(1_000_000);
        assert!(key.check_sign_in_form_token(&token, 1_000_100, 3600));
        assert!(!key.check_sign_in_form_token(&token, 1_004_000, 3600));
        assert!(!key.check_sign_in_form_token(&token, 990_000, 3600));
        assert!(!key.check_sign_in_form_token("x.y", 1_000_100, 3600));
    }
}
