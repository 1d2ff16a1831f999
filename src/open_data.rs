//! The public dump of everything published: one JSON file per public table (the format of
//! `portal export`), the published documents' files, `README.txt` (licence, source, date of
//! export, how to cite, in both languages) and `manifest.json`. `portal export --public DIR`
//! writes it to a folder and `/data/portal-gcom-peru.zip` streams it as one ZIP; both come from
//! one `PublicDump`, so the download never holds what the command leaves out. What a public
//! table keeps is decided in `store/public_dump.rs`.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use futures_util::Stream;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::Date;

use crate::i18n::{FluentArg, Lang};
use crate::store::{DUMP_FORMAT, PUBLIC_DUMP_KIND, PublicFile, Store, StoreResult, dump_json_text};

/// The download's file name, and the folder its entries are in once unpacked.
pub const ZIP_NAME: &str = "portal-gcom-peru.zip";
const ZIP_FOLDER: &str = "portal-gcom-peru";

/// The licence of the portal's own records, and its deed in each language.
pub const LICENCE: &str = "CC-BY-4.0";
pub fn licence_url(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "https://creativecommons.org/licenses/by/4.0/deed.es",
        Lang::En => "https://creativecommons.org/licenses/by/4.0/deed.en",
    }
}

/// The page that lists every download, in a language (without the portal's address).
pub fn data_page(lang: Lang) -> String {
    lang.path(&crate::paths::open_data())
}

/// The suggested citation: the portal, the year of the data's latest change, the data page and
/// the date the data were accessed.
pub fn citation(lang: Lang, year: &str, url: &str, accessed: &str) -> String {
    let args = [
        ("name", FluentArg::from(lang.t("site-name"))),
        ("year", FluentArg::from(year)),
        ("url", FluentArg::from(url)),
        ("date", FluentArg::from(accessed)),
    ];
    lang.t_with("data-citation", &args)
}

/// Everything the public dump holds, read from the store; the files' bytes are read again
/// chunk by chunk while they are written.
#[derive(Debug, Clone)]
pub struct PublicDump {
    /// `README.txt`, `manifest.json` and one JSON file per table, in the order written.
    texts: Vec<(String, Vec<u8>)>,
    files: Vec<PublicFile>,
    rows: usize,
    date: Date,
    etag: String,
}

impl PublicDump {
    /// Reads the dump as of `date` (the date of export); `base_url` is the portal's public
    /// address, for the citation.
    pub async fn read(store: &Store, base_url: &str, date: Date) -> StoreResult<PublicDump> {
        let records = store.public_records().await?;
        let facts = store.site_facts().await?;
        let strategy = store.strategy().await?;
        let about = About {
            base_url,
            date: date.to_string(),
            year: facts
                .latest_change
                .as_deref()
                .and_then(|at| at.get(..4))
                .map_or_else(|| date.year().to_string(), str::to_string),
            source_url: &facts.source_url,
            source: (&strategy.source_es, &strategy.source_en),
            as_of: &facts.data_as_of,
        };
        let tables: Vec<&str> = records.tables.iter().map(|(name, _)| *name).collect();
        let mut texts = vec![
            ("README.txt".to_string(), readme(&about).into_bytes()),
            (
                "manifest.json".to_string(),
                dump_json_text(&manifest(&about, &tables, &records.files)).into_bytes(),
            ),
        ];
        let mut rows = 0;
        for (table, values) in records.tables {
            rows += values.len();
            let text = dump_json_text(&Value::Array(values));
            texts.push((format!("{table}.json"), text.into_bytes()));
        }
        let etag = etag_of(&texts, &records.files);
        Ok(PublicDump {
            texts,
            files: records.files,
            rows,
            date,
            etag,
        })
    }

    /// How many records the tables hold.
    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn files(&self) -> &[PublicFile] {
        &self.files
    }

    /// A strong ETag: the digest of every text and of every file's path and SHA-256, which
    /// together decide every byte of the ZIP (its entries are written in order, stored, dated
    /// by the date of export).
    pub fn etag(&self) -> &str {
        &self.etag
    }

    /// Writes the dump into `dir`, which must be new or empty: an earlier full export left in
    /// it would be published along with it.
    pub async fn write_folder(&self, store: &Store, dir: &Path) -> anyhow::Result<()> {
        let occupied = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
        if occupied {
            anyhow::bail!(
                "{} is not empty: write a public dump into a new or empty folder, so that nothing else ends up published with it",
                dir.display()
            );
        }
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        for (name, bytes) in &self.texts {
            let path = dir.join(name);
            std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        }
        for file in &self.files {
            let path = dir.join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            let mut out = std::fs::File::create(&path)
                .with_context(|| format!("writing {}", path.display()))?;
            let mut seq = 0;
            while let Some(chunk) = store.file_chunk(file.id, seq).await? {
                out.write_all(&chunk)
                    .with_context(|| format!("writing {}", path.display()))?;
                seq += 1;
            }
        }
        Ok(())
    }

    /// The dump as one ZIP, produced while it is sent: the texts, then each file a chunk at a
    /// time, so a download holds about one chunk of a file in memory whatever the files weigh.
    /// Entries are stored, not compressed (the files are PDFs and office files, compressed
    /// already, and the tables are small).
    pub fn zip_stream(self, store: Store) -> impl Stream<Item = std::io::Result<Vec<u8>>> {
        let (sender, receiver) = tokio::sync::mpsc::channel(2);
        tokio::spawn(async move {
            if let Err(error) = self.write_zip(&store, &sender).await {
                // A client that went away is not worth a warning.
                if error.kind() != std::io::ErrorKind::BrokenPipe {
                    tracing::warn!(%error, "streaming the public dump");
                    let _ = sender.send(Err(error)).await;
                }
            }
        });
        futures_util::stream::unfold(receiver, |mut receiver| async move {
            receiver.recv().await.map(|item| (item, receiver))
        })
    }

    async fn write_zip(&self, store: &Store, sender: &Sender) -> std::io::Result<()> {
        let pending = Pending::default();
        let mut zip = zip::ZipWriter::new_stream(pending.clone());
        let (year, month, day) = self.date.to_calendar_date();
        let modified = zip::DateTime::from_date_and_time(
            u16::try_from(year).unwrap_or(1980),
            u8::from(month),
            day,
            0,
            0,
            0,
        )
        .unwrap_or_default();
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .last_modified_time(modified);
        for (name, bytes) in &self.texts {
            zip.start_file(format!("{ZIP_FOLDER}/{name}"), options)
                .map_err(std::io::Error::other)?;
            zip.write_all(bytes)?;
            pending.send(sender).await?;
        }
        for file in &self.files {
            zip.start_file(format!("{ZIP_FOLDER}/{}", file.path), options)
                .map_err(std::io::Error::other)?;
            let mut seq = 0;
            while let Some(chunk) = store
                .file_chunk(file.id, seq)
                .await
                .map_err(std::io::Error::other)?
            {
                zip.write_all(&chunk)?;
                pending.send(sender).await?;
                seq += 1;
            }
        }
        zip.finish().map_err(std::io::Error::other)?;
        pending.send(sender).await
    }
}

type Sender = tokio::sync::mpsc::Sender<std::io::Result<Vec<u8>>>;

/// What the ZIP writer has produced and not yet sent (it writes synchronously; the bytes go out
/// between its writes).
#[derive(Debug, Clone, Default)]
struct Pending(Arc<Mutex<Vec<u8>>>);

impl Write for Pending {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Pending {
    /// Sends what is pending; a client that left ends the writing (`BrokenPipe`).
    async fn send(&self, sender: &Sender) -> std::io::Result<()> {
        let bytes = match self.0.lock() {
            Ok(mut pending) => std::mem::take(&mut *pending),
            Err(_) => return Err(std::io::Error::other("poisoned")),
        };
        if bytes.is_empty() {
            return Ok(());
        }
        sender
            .send(Ok(bytes))
            .await
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }
}

/// What the README and the manifest say about the dump.
struct About<'a> {
    base_url: &'a str,
    /// Date of export, `YYYY-MM-DD`.
    date: String,
    /// Year of the data's latest change, for the citation.
    year: String,
    source_url: &'a str,
    /// The source's name in Spanish and English.
    source: (&'a str, &'a str),
    /// Month the source's data are as of (`YYYY-MM`).
    as_of: &'a str,
}

impl About<'_> {
    fn page(&self, lang: Lang) -> String {
        format!("{}{}", self.base_url, data_page(lang))
    }
}

/// README.txt: Spanish first, then English, from the same messages as the `/data` page.
fn readme(about: &About) -> String {
    let mut text = String::new();
    for lang in Lang::ALL {
        let title = format!("{} — {}", lang.t("site-name"), lang.t("data-title"));
        let credits = [
            format!(
                "{} {}{} {}",
                lang.t("data-licence-records-lead"),
                lang.t("data-licence-records-name"),
                lang.t("data-licence-records-terms"),
                licence_url(lang)
            ),
            lang.t("data-licence-ubigeo"),
            lang.t("data-licence-map"),
        ];
        let lines = [
            title.clone(),
            "=".repeat(title.chars().count()),
            String::new(),
            format!("{}: {} (UTC)", lang.t("data-readme-exported"), about.date),
            format!("{}: {}", lang.t("data-readme-page"), about.page(lang)),
            format!(
                "{}: {} — {} ({} {})",
                lang.t("source"),
                lang.pick(about.source.0, about.source.1),
                about.source_url,
                lang.t("data-as-of"),
                lang.month_year(about.as_of)
            ),
            String::new(),
            lang.t("data-dump-holds"),
            lang.t("data-dump-leaves-out"),
            lang.t("data-readme-manifest"),
            lang.t("data-totals-note"),
            String::new(),
            format!("{}:", lang.t("data-licence-title")),
            format!("- {}", credits[0]),
            format!("- {}", lang.t("data-licence-reference")),
            format!("  - {}", credits[1]),
            format!("  - {}", credits[2]),
            String::new(),
            format!("{}:", lang.t("data-cite-title")),
            citation(lang, &about.year, &about.page(lang), &about.date),
            String::new(),
            String::new(),
        ];
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text.truncate(text.trim_end().len());
    text.push('\n');
    text
}

/// manifest.json: what the dump is, its tables and files, and the same facts as the README,
/// for programs.
fn manifest(about: &About, tables: &[&str], files: &[PublicFile]) -> Value {
    let files: Vec<Value> = files
        .iter()
        .map(|f| json!({"path": f.path, "sha256": f.sha256, "size_bytes": f.size_bytes}))
        .collect();
    json!({
        "format": DUMP_FORMAT,
        "kind": PUBLIC_DUMP_KIND,
        "title": Lang::Es.t("site-name"),
        "exported_on": about.date,
        "page": about.page(Lang::Es),
        "source": {
            "url": about.source_url,
            "name_es": about.source.0,
            "name_en": about.source.1,
            "data_as_of": about.as_of,
        },
        "licence": {
            "records": LICENCE,
            "url": "https://creativecommons.org/licenses/by/4.0/",
            "reference_data_es": [Lang::Es.t("data-licence-ubigeo"), Lang::Es.t("data-licence-map")],
            "reference_data_en": [Lang::En.t("data-licence-ubigeo"), Lang::En.t("data-licence-map")],
        },
        "citation_es": citation(Lang::Es, &about.year, &about.page(Lang::Es), &about.date),
        "citation_en": citation(Lang::En, &about.year, &about.page(Lang::En), &about.date),
        "tables": tables,
        "files": files,
    })
}

fn etag_of(texts: &[(String, Vec<u8>)], files: &[PublicFile]) -> String {
    let mut hasher = Sha256::new();
    for (name, bytes) in texts {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
    }
    for file in files {
        hasher.update(file.path.as_bytes());
        hasher.update([0]);
        hasher.update(file.sha256.as_bytes());
    }
    let digest: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("\"{}\"", &digest[..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn about() -> About<'static> {
        About {
            base_url: "https://portal.example.pe",
            date: "2026-11-28".to_string(),
            year: "2026".to_string(),
            source_url: "https://www.globalcovenantofmayors.org/",
            source: ("Página del GCoM", "GCoM page"),
            as_of: "2024-04",
        }
    }

    #[test]
    fn the_readme_gives_licence_source_date_and_citation_in_both_languages() {
        let text = readme(&about());
        for expected in [
            "Fecha de exportación: 2026-11-28 (UTC)",
            "Date of export: 2026-11-28 (UTC)",
            "https://creativecommons.org/licenses/by/4.0/deed.es",
            "https://creativecommons.org/licenses/by/4.0/deed.en",
            "CC BY 4.0",
            "Natural Earth",
            "UBIGEO",
            "INEI",
            "https://www.globalcovenantofmayors.org/",
            "abril de 2024",
            "April 2024",
            "Portal GCoM Perú (2026).",
            "https://portal.example.pe/data.",
            "https://portal.example.pe/en/data.",
        ] {
            assert!(
                text.contains(expected),
                "README lacks {expected:?}:\n{text}"
            );
        }
        assert!(!text.contains('@'), "no address at all in the README");
        assert!(text.ends_with(".\n") && !text.ends_with("\n\n"));
    }

    #[test]
    fn the_manifest_says_it_is_public_so_import_refuses_it() {
        let manifest = manifest(&about(), &["strategy", "municipalities"], &[]);
        assert_eq!(manifest["kind"], PUBLIC_DUMP_KIND);
        assert_eq!(manifest["format"], DUMP_FORMAT);
        assert_eq!(manifest["licence"]["records"], "CC-BY-4.0");
        assert_eq!(manifest["tables"][1], "municipalities");
    }

    #[test]
    fn the_etag_changes_with_any_text_or_file() {
        let texts = vec![("a.json".to_string(), b"[]\n".to_vec())];
        let file = PublicFile {
            id: 1,
            path: "files/guia/Guía.pdf".into(),
            sha256: "ab".into(),
            size_bytes: 2,
        };
        let base = etag_of(&texts, std::slice::from_ref(&file));
        assert!(base.starts_with('"') && base.ends_with('"') && base.len() == 34);
        assert_eq!(base, etag_of(&texts, std::slice::from_ref(&file)));
        let other_text = vec![("a.json".to_string(), b"[1]\n".to_vec())];
        assert_ne!(base, etag_of(&other_text, std::slice::from_ref(&file)));
        let other_file = PublicFile {
            sha256: "cd".into(),
            ..file
        };
        assert_ne!(base, etag_of(&texts, &[other_file]));
    }
}
