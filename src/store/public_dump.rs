//! What the public dump holds (`portal export --public DIR` and `/data/portal-gcom-peru.zip`):
//! the tables of the full export (`dump.rs`), read by the same code, keeping only what the public
//! pages show — published documents and their current files, no column naming a person — and
//! none of the private tables. `crate::open_data` writes it out.

use std::collections::BTreeSet;

use serde_json::Value;

use super::dump::{TABLES, row_to_json};
use super::{Store, StoreResult};

/// Which documents the public sees: the rule of `Store::downloadable` (a document's current file
/// is served only while its status is `published`), written once for every query below.
const PUBLISHED: &str = "status = 'published'";

/// What the public dump keeps of a table of the full export.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Holding {
    /// Every row: the public pages show them all.
    Every,
    /// The published documents only.
    Published,
    /// Rows whose column (named here) is the current file of a published document.
    OfPublishedFile(&'static str),
    /// No row; why.
    Withheld(&'static str),
}

/// Every table of the full export and what the public dump keeps of it. A table added to the
/// export without a line here fails a test, so nothing private slips in by default.
const HOLDINGS: &[(&str, Holding)] = &[
    ("strategy", Holding::Every),
    ("objectives", Holding::Every),
    ("municipalities", Holding::Every),
    ("organisations", Holding::Every),
    ("reported_figures", Holding::Every),
    ("pillars", Holding::Every),
    ("phases", Holding::Every),
    ("progress_entries", Holding::Every),
    ("files", Holding::OfPublishedFile("id")),
    (
        "file_chunks",
        Holding::Withheld("the bytes are the files themselves, under files/"),
    ),
    ("documents", Holding::Published),
    ("document_versions", Holding::OfPublishedFile("file_id")),
    (
        "document_downloads",
        Holding::Withheld(
            "usage counts, not records; they would change the dump at every download",
        ),
    ),
    ("badges", Holding::Every),
    ("plans", Holding::Every),
    ("plan_status_history", Holding::Every),
    ("plan_measures", Holding::Every),
    ("programmes", Holding::Every),
    ("programme_participants", Holding::Every),
    ("diploma_cohorts", Holding::Every),
    ("diploma_participants", Holding::Every),
    ("exchanges", Holding::Every),
    ("exchange_host_cities", Holding::Every),
    ("exchange_participants", Holding::Every),
    ("forum_representatives", Holding::Every),
    (
        "revisions",
        Holding::Withheld("name staff by email and keep unpublished versions"),
    ),
    (
        "proposals",
        Holding::Withheld("city editors' proposals, unapproved ones included, naming staff"),
    ),
    // The mark of synthetic records: the open data of such a store must say so too.
    ("synthetic_data", Holding::Every),
];

/// Columns that are bookkeeping of the store, not facts: how a file is stored and how often a
/// document was downloaded (which would change the dump, and its ETag, at every download).
const INTERNAL_COLUMNS: &[(&str, &str)] = &[
    ("files", "stored_name"),
    ("files", "chunk_size"),
    ("documents", "download_count"),
];

/// Columns that point at a document: a plan's document or summary sheet that is not published
/// is not in the dump, so the reference is emptied, as the city pages hide it.
const DOCUMENT_REFERENCES: &[(&str, &str)] =
    &[("plans", "document_id"), ("plans", "summary_sheet_id")];

/// Whether a column may be in the public dump. Who changed a row (`updated_by`, `uploaded_by`,
/// …) is a staff email, and no email column is public except the strategy's contact address,
/// which every page's footer shows.
fn column_is_public(table: &str, column: &str) -> bool {
    if (table, column) == ("strategy", "contact_email") {
        return true;
    }
    !(column.ends_with("_by")
        || column.contains("email")
        || INTERNAL_COLUMNS.contains(&(table, column)))
}

/// The public tables and files, read from the store.
#[derive(Debug, Clone)]
pub struct PublicRecords {
    /// Each public table with its rows (JSON objects), in the full export's order.
    pub tables: Vec<(&'static str, Vec<Value>)>,
    /// The published files, by document.
    pub files: Vec<PublicFile>,
}

/// A published document's current file and where the dump puts it.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicFile {
    pub id: i64,
    /// Relative path in the dump: `files/{document slug}/{file name}`.
    pub path: String,
    pub sha256: String,
    pub size_bytes: i64,
}

impl Store {
    /// Reads what the public dump holds.
    pub async fn public_records(&self) -> StoreResult<PublicRecords> {
        let files = self.public_files().await?;
        let published: BTreeSet<i64> =
            sqlx::query_scalar(&format!("SELECT id FROM documents WHERE {PUBLISHED}"))
                .fetch_all(self.pool())
                .await?
                .into_iter()
                .collect();
        let contact: Option<String> =
            sqlx::query_scalar("SELECT contact_email FROM strategy WHERE id = 1")
                .fetch_optional(self.pool())
                .await?
                .flatten();
        let mut tables = Vec::new();
        for (table, order) in TABLES {
            let Some(condition) = holding(table).condition() else {
                continue;
            };
            let mut rows = self.public_rows(table, order, &condition).await?;
            for row in &mut rows {
                clean_row(table, row, &published, &files, contact.as_deref());
            }
            tables.push((*table, rows));
        }
        Ok(PublicRecords { tables, files })
    }

    /// The rows of a table that `condition` keeps, with only the public columns.
    async fn public_rows(
        &self,
        table: &str,
        order: &str,
        condition: &str,
    ) -> StoreResult<Vec<Value>> {
        let columns: Vec<_> = self
            .column_kinds(table)
            .await?
            .into_iter()
            .filter(|(name, _)| column_is_public(table, name))
            .collect();
        let names: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
        let rows = sqlx::query(&format!(
            "SELECT {} FROM {table}{condition} ORDER BY {order}",
            names.join(", ")
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| row_to_json(row, &columns).map(Value::Object))
            .collect()
    }

    /// The current file of every published document, in slug order.
    async fn public_files(&self) -> StoreResult<Vec<PublicFile>> {
        let rows: Vec<(String, i64, String, String, i64)> = sqlx::query_as(&format!(
            "SELECT d.slug, f.id, f.original_name, f.sha256, f.size_bytes
             FROM documents d JOIN files f ON f.id = d.current_file_id
             WHERE d.{PUBLISHED} ORDER BY d.slug"
        ))
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(slug, id, name, sha256, size_bytes)| PublicFile {
                id,
                path: format!("files/{slug}/{}", path_safe(&name)),
                sha256,
                size_bytes,
            })
            .collect())
    }
}

fn holding(table: &str) -> Holding {
    HOLDINGS
        .iter()
        .find(|(name, _)| *name == table)
        .map(|(_, holding)| *holding)
        // Unreachable while the test below holds; withheld is the safe answer anyway.
        .unwrap_or(Holding::Withheld("not declared"))
}

impl Holding {
    /// The SQL that keeps the rows (" WHERE …" or nothing); `None` for a withheld table.
    fn condition(self) -> Option<String> {
        let current_files = format!("SELECT current_file_id FROM documents WHERE {PUBLISHED}");
        match self {
            Holding::Every => Some(String::new()),
            Holding::Published => Some(format!(" WHERE {PUBLISHED}")),
            Holding::OfPublishedFile(column) => {
                Some(format!(" WHERE {column} IN ({current_files})"))
            }
            Holding::Withheld(_) => None,
        }
    }
}

/// Makes one row fit for the public: references to unpublished documents emptied, the file's
/// place in the dump added, and any email address in its text (a note naming a colleague)
/// replaced, except the public contact.
fn clean_row(
    table: &str,
    row: &mut Value,
    published: &BTreeSet<i64>,
    files: &[PublicFile],
    contact: Option<&str>,
) {
    let Value::Object(object) = row else { return };
    for (name, value) in object.iter_mut() {
        if DOCUMENT_REFERENCES.contains(&(table, name.as_str()))
            && value.as_i64().is_some_and(|id| !published.contains(&id))
        {
            *value = Value::Null;
        }
        if let Value::String(text) = value
            && let Some(cleaned) = without_emails(text, contact)
        {
            *text = cleaned;
        }
    }
    if table == "files" {
        let id = object.get("id").and_then(Value::as_i64);
        if let Some(file) = files.iter().find(|f| Some(f.id) == id) {
            object.insert("path".to_string(), Value::from(file.path.clone()));
        }
    }
}

/// What replaces an email address found in a public text.
pub const EMAIL_WITHHELD: &str = "[email]";

/// `text` with every email address but `allowed` replaced by `EMAIL_WITHHELD`; `None` when
/// there is none.
fn without_emails(text: &str, allowed: Option<&str>) -> Option<String> {
    let local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_alphanumeric() || ".-".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(at) = rest.find('@') {
        let start = rest[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| local(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let after = &rest[at + 1..];
        let end = at + 1 + after.find(|c: char| !domain(c)).unwrap_or(after.len());
        let host = rest[at + 1..end].trim_end_matches('.');
        let end = at + 1 + host.len();
        let is_email = start < at && host.contains('.') && !host.starts_with('.');
        let address = &rest[start..end];
        if is_email && allowed.is_none_or(|a| !a.eq_ignore_ascii_case(address)) {
            out.push_str(&rest[..start]);
            out.push_str(EMAIL_WITHHELD);
            changed = true;
        } else {
            out.push_str(&rest[..end.max(at + 1)]);
        }
        rest = &rest[end.max(at + 1)..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// A file name that stays one path segment on every system (the upload's name is sanitised
/// already; this keeps a dump from writing outside its folder whatever the store holds).
fn path_safe(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "file".to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exported_table_is_declared_public_or_withheld() {
        for (table, _) in TABLES {
            assert!(
                HOLDINGS.iter().any(|(name, _)| name == table),
                "{table} is exported but the public dump does not say whether it holds it"
            );
        }
        for (name, _) in HOLDINGS {
            assert!(
                TABLES.iter().any(|(table, _)| table == name),
                "{name} is not a table of the export"
            );
        }
        for private in ["revisions", "proposals", "file_chunks"] {
            assert!(matches!(holding(private), Holding::Withheld(_)));
        }
    }

    #[test]
    fn no_column_naming_a_person_is_public() {
        assert!(!column_is_public("municipalities", "updated_by"));
        assert!(!column_is_public("files", "uploaded_by"));
        assert!(!column_is_public("document_versions", "created_by"));
        assert!(!column_is_public("organisations", "contact_email"));
        assert!(!column_is_public("files", "stored_name"));
        assert!(column_is_public("strategy", "contact_email"));
        assert!(column_is_public("municipalities", "updated_at"));
        assert!(column_is_public("documents", "title_es"));
    }

    #[test]
    fn emails_in_text_are_withheld_but_the_public_contact() {
        let contact = Some("contacto@fcv.pe");
        assert_eq!(
            without_emails("Escribir a ana.perez@muni.gob.pe, gracias.", contact).as_deref(),
            Some("Escribir a [email], gracias.")
        );
        assert_eq!(without_emails("Contacto: contacto@fcv.pe.", contact), None);
        assert_eq!(
            without_emails("a@b.pe y Contacto@FCV.pe y c@d.org", contact).as_deref(),
            Some("[email] y Contacto@FCV.pe y [email]")
        );
        for untouched in [
            "https://medium.com/@ciudad",
            "@ciudad en redes",
            "nombre@localhost",
            "sin arroba",
            "año@",
        ] {
            assert_eq!(without_emails(untouched, contact), None, "{untouched}");
        }
        assert_eq!(
            without_emails("josé@muñi.pe", None).as_deref(),
            Some("[email]")
        );
    }

    #[test]
    fn file_names_stay_one_segment() {
        assert_eq!(path_safe("Guía Amazonía.pdf"), "Guía Amazonía.pdf");
        assert_eq!(path_safe("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(path_safe("..."), "file");
        assert_eq!(path_safe("a\\b:c\n.pdf"), "a_b_c_.pdf");
    }

    #[test]
    fn only_published_documents_and_their_current_files_are_kept() {
        assert_eq!(
            Holding::Published.condition().as_deref(),
            Some(" WHERE status = 'published'")
        );
        assert_eq!(
            Holding::OfPublishedFile("file_id").condition().as_deref(),
            Some(
                " WHERE file_id IN (SELECT current_file_id FROM documents WHERE status = 'published')"
            )
        );
        assert_eq!(Holding::Withheld("x").condition(), None);
    }
}
