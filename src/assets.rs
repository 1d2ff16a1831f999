//! Static files (stylesheets, icons) compiled into the binary and served under names that carry
//! a hash of their content ("portal.3f9a0c1b2d.css"), so they can be cached for a year: a changed
//! file gets a new name. A release binary copied anywhere serves them without a `static/`
//! folder.

use std::sync::LazyLock;

use sha2::{Digest, Sha256};

/// One compiled-in file.
#[derive(Debug)]
pub struct Asset {
    /// The name templates ask for ("portal.css").
    pub name: &'static str,
    /// The name it is served under ("portal.3f9a0c1b2d.css").
    pub hashed_name: String,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
    /// A strong validator: the content hash, quoted.
    pub etag: String,
}

/// The files of `static/`: (name, content type, bytes).
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "portal.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/portal.css"),
    ),
    (
        "print.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/print.css"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../static/favicon.svg"),
    ),
];

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(name, content_type, bytes)| {
            let digest: String = Sha256::digest(bytes)
                .iter()
                .take(5)
                .map(|b| format!("{b:02x}"))
                .collect();
            let hashed_name = match name.rsplit_once('.') {
                Some((stem, extension)) => format!("{stem}.{digest}.{extension}"),
                None => format!("{name}.{digest}"),
            };
            Asset {
                name,
                hashed_name,
                content_type,
                bytes,
                etag: format!("\"{digest}\""),
            }
        })
        .collect()
});

/// The path a page links to for the file `name` ("/static/portal.3f9a0c1b2d.css"). An unknown
/// name gives a path that answers 404 (and the unit tests check every name templates use).
pub fn url(name: &str) -> String {
    match ASSETS.iter().find(|asset| asset.name == name) {
        Some(asset) => format!("/static/{}", asset.hashed_name),
        None => format!("/static/{name}"),
    }
}

/// The file served under `hashed_name`.
pub fn find(hashed_name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|asset| asset.hashed_name == hashed_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks of a stylesheet, by line: a brace left open (a merge that lost one) makes
    /// browsers drop every rule after it, with no error anywhere.
    fn unbalanced_braces(css: &str) -> Result<(), String> {
        let mut open: Vec<usize> = Vec::new();
        let mut in_comment = false;
        for (number, line) in css.lines().enumerate() {
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match (in_comment, c, chars.peek()) {
                    (false, '/', Some('*')) => {
                        in_comment = true;
                        chars.next();
                    }
                    (true, '*', Some('/')) => {
                        in_comment = false;
                        chars.next();
                    }
                    (false, '{', _) => open.push(number + 1),
                    (false, '}', _) => {
                        open.pop()
                            .ok_or(format!("line {}: a brace closes nothing", number + 1))?;
                    }
                    _ => {}
                }
            }
        }
        match (in_comment, open.last()) {
            (true, _) => Err("a comment is never closed".into()),
            (false, Some(line)) => Err(format!("the block opened on line {line} is never closed")),
            (false, None) => Ok(()),
        }
    }

    #[test]
    fn every_stylesheet_closes_what_it_opens() {
        for name in ["portal.css", "print.css"] {
            let asset = ASSETS.iter().find(|a| a.name == name).expect("compiled in");
            let css = std::str::from_utf8(asset.bytes).expect("UTF-8");
            assert_eq!(unbalanced_braces(css), Ok(()), "{name}");
        }
        assert!(unbalanced_braces("a { b { c; }").is_err());
        assert!(unbalanced_braces("a { } }").is_err());
        assert!(unbalanced_braces("/* { */ a { }").is_ok());
    }

    #[test]
    fn names_carry_the_content_hash() {
        let css = url("portal.css");
        assert!(
            css.starts_with("/static/portal.") && css.ends_with(".css"),
            "{css}"
        );
        assert_eq!(css.len(), "/static/portal.0123456789.css".len());
        let asset = find(css.trim_start_matches("/static/")).expect("served");
        assert_eq!(asset.bytes, include_bytes!("../static/portal.css"));
        assert!(find("portal.css").is_none(), "only hashed names are served");
        assert!(find(&"x".repeat(300)).is_none());
    }

    #[test]
    fn every_asset_a_template_names_exists() {
        let templates = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/templates"))
            .expect("templates");
        let mut checked = 0;
        let mut stack: Vec<std::path::PathBuf> = templates.flatten().map(|e| e.path()).collect();
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(
                    std::fs::read_dir(&path)
                        .expect("dir")
                        .flatten()
                        .map(|e| e.path()),
                );
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("template");
            for part in text.split("assets::url(\"").skip(1) {
                let name = part.split('"').next().unwrap_or("");
                assert!(
                    ASSETS.iter().any(|a| a.name == name),
                    "{} asks for the unknown asset {name}",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(
            checked >= 3,
            "the templates must link the stylesheets and icon"
        );
    }
}
