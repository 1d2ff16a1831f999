//! Submitted forms (application/x-www-form-urlencoded), read once for every handler: bad
//! encoding and control characters are refused here, before any value reaches a page or the
//! store.

use crate::catalogue::form::RawForm;
use crate::domain::has_forbidden_control;
use crate::error::AppError;
use crate::i18n::Lang;

/// Largest urlencoded form accepted (the longest record form holds a few texts of 20,000
/// characters; uploads are multipart and have their own limit).
pub const MAX_FORM_BYTES: usize = 512 * 1024;

/// A form's values by input name; repeated inputs (checkbox lists) are joined with commas.
#[derive(Debug, Clone, Default)]
pub struct FormFields(pub RawForm);

impl FormFields {
    /// Parses a urlencoded body. Invalid percent-encoding or UTF-8, and control characters other
    /// than tab and line breaks (allowed for text areas; single-line fields refuse them when
    /// checked), are a 400 in the visitor's language.
    pub fn parse(body: &[u8], lang: Lang) -> Result<FormFields, AppError> {
        let bad_form = || AppError::BadRequest(lang.t("error-bad-form"));
        let mut fields = RawForm::new();
        for pair in body.split(|b| *b == b'&').filter(|pair| !pair.is_empty()) {
            let (name, value) = match pair.iter().position(|b| *b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &b""[..]),
            };
            let name = decode_component(name).ok_or_else(bad_form)?;
            let value = decode_component(value).ok_or_else(bad_form)?;
            if has_forbidden_control(&name, false) || has_forbidden_control(&value, true) {
                return Err(AppError::BadRequest(lang.t("error-control-characters")));
            }
            fields
                .entry(name)
                .and_modify(|existing| {
                    existing.push(',');
                    existing.push_str(&value);
                })
                .or_insert(value);
        }
        Ok(FormFields(fields))
    }

    /// The value of an input, "" when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or("")
    }
}

/// One urlencoded name or value: '+' is a space, every '%' must start two hex digits, and the
/// bytes must be UTF-8 (a lossy decoding would store U+FFFD where the sender meant something).
pub fn decode_component(raw: &[u8]) -> Option<String> {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = raw.get(i + 1..i + 3)?;
                let text = std::str::from_utf8(hex).ok()?;
                bytes.push(u8::from_str_radix(text, 16).ok()?);
                i += 2;
            }
            other => bytes.push(other),
        }
        i += 1;
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_join_repeats_and_refuse_control_characters() {
        let form = FormFields::parse(b"a=1&b=x&a=2&t=l%C3%ADnea%0Aotra", Lang::Es).expect("form");
        assert_eq!(form.get("a"), "1,2");
        assert_eq!(form.get("t"), "línea\notra");
        assert_eq!(form.get("missing"), "");
        assert_eq!(
            FormFields::parse(b"q=a+b%2Bc&empty&x=", Lang::Es)
                .expect("form")
                .get("q"),
            "a b+c"
        );
        for bad in [
            &b"a=%00"[..],
            b"a=%1B%5B31m",
            b"a%07=1",
            b"a=%C2%85",
            b"a=%FF",
            b"a=%zz",
            b"a=%4",
            b"a=\xff",
        ] {
            assert!(FormFields::parse(bad, Lang::Es).is_err(), "{bad:?}");
        }
    }
}
