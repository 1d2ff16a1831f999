//! The one way every form reports what is wrong: input name → message key. Handlers, the store
//! and the domain rules fill it with keys; pages turn the keys into text in the visitor's
//! language (and the command line into English).

use crate::i18n::Lang;

/// The input name of a problem with the form as a whole (a wrong password, say).
pub const WHOLE_FORM: &str = "";

/// One problem: which input, and the catalog key of its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub input: String,
    pub key: &'static str,
}

/// The problems of a submitted form, in the order found; at most one per input is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }

    /// One problem.
    pub fn one(input: impl Into<String>, key: &'static str) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.add(input, key);
        errors
    }

    /// Adds a problem; an input keeps its first one.
    pub fn add(&mut self, input: impl Into<String>, key: &'static str) {
        let input = input.into();
        if self.get(&input).is_none() {
            self.0.push(FieldError { input, key });
        }
    }

    /// The message key of an input's problem.
    pub fn get(&self, input: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.input == input).map(|e| e.key)
    }

    /// The problem of the form as a whole.
    pub fn whole_form(&self) -> Option<&'static str> {
        self.get(WHOLE_FORM)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    pub fn extend(&mut self, other: FieldErrors) {
        for error in other.0 {
            self.add(error.input, error.key);
        }
    }

    /// `Ok(value)` when there is no problem.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// The problems in one line of English, each as `PREFIX+input: message` (the command
    /// line names its flags `--email`, `--name`…).
    pub fn to_english(&self, prefix: &str) -> String {
        self.0
            .iter()
            .map(|e| format!("{prefix}{}: {}", e.input, Lang::En.t(e.key)))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_english(""))
    }
}

impl std::error::Error for FieldErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_keeps_its_first_problem() {
        let mut errors = FieldErrors::new();
        assert!(errors.is_empty());
        errors.add("email", "account-email-empty");
        errors.add("email", "account-email-domain");
        errors.add(WHOLE_FORM, "login-failed");
        assert_eq!(errors.len(), 2);
        assert_eq!(errors.get("email"), Some("account-email-empty"));
        assert_eq!(errors.whole_form(), Some("login-failed"));
        assert_eq!(errors.get("name"), None);
        assert!(errors.clone().into_result(()).is_err());
        assert_eq!(FieldErrors::new().into_result(7), Ok(7));
        assert!(errors.to_english("--").starts_with("--email: "));
    }
}
