//! The file formats the portal accepts for documents, and how an upload is recognised as one.
//!
//! A file is what its content says, never what its name or the browser claims. A PDF is told by
//! its magic. An office file is a ZIP archive, told by its central directory: each format must
//! have the entries that make it that format, and an archive whose directory declares absurd
//! sizes is refused as a decompression bomb. Nothing is ever inflated: only the directory is
//! read, plus the raw bytes of ODT's *stored* `mimetype` entry.

use std::io::{Read, Seek, SeekFrom};

/// A format the portal accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
    Xlsx,
    Odt,
}

impl Format {
    pub const fn content_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Odt => ODT_MIMETYPE,
        }
    }

    /// The extension given to the stored file's name.
    pub const fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Odt => "odt",
        }
    }

    /// The short name shown to users.
    pub const fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Docx => "Word (DOCX)",
            Format::Xlsx => "Excel (XLSX)",
            Format::Odt => "OpenDocument (ODT)",
        }
    }

    const fn row(self) -> (&'static str, &'static str, &'static str) {
        (self.content_type(), self.extension(), self.label())
    }
}

/// Accepted formats: (content type, extension, label).
pub const FORMATS: &[(&str, &str, &str)] = &[
    Format::Pdf.row(),
    Format::Docx.row(),
    Format::Xlsx.row(),
    Format::Odt.row(),
];

/// Why a file is not accepted.
#[derive(Debug, thiserror::Error)]
pub enum FormatProblem {
    /// Not a PDF, nor an archive with the entries of an accepted office format.
    #[error("not a PDF, DOCX, XLSX or ODT file")]
    NotAccepted,
    /// An archive whose directory no honest document has (a decompression bomb or worse).
    #[error("suspicious archive: {0}")]
    Suspicious(&'static str),
    /// The file itself could not be read.
    #[error("reading the file: {0}")]
    Io(#[from] std::io::Error),
}

/// How many leading bytes `looks_acceptable` needs to decide.
pub const HEAD_BYTES: usize = 5;

const PDF_MAGIC: &[u8] = b"%PDF-";
/// A ZIP local file header: the start of every office file.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const ODT_MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

/// Whether a file starting with `head` may be an accepted format: a quick check while the
/// upload is still arriving, so that junk is refused early. Only `identify` decides.
pub fn looks_acceptable(head: &[u8]) -> bool {
    head.starts_with(PDF_MAGIC) || head.starts_with(ZIP_MAGIC)
}

// The limits below are far above what real documents reach (a 300-page report with images is a
// few hundred entries and tens of MiB inflated; XML parts compress about 5–20:1) and far below
// what would hurt whoever opens the file later (a preview, an indexer, a spreadsheet reader).

/// Most entries an archive may have.
const MAX_ENTRIES: usize = 10_000;
/// Largest declared uncompressed size of one entry.
const MAX_ENTRY_SIZE: u64 = 512 * 1024 * 1024;
/// Largest declared uncompressed size of all entries together.
const MAX_TOTAL_SIZE: u64 = 1024 * 1024 * 1024;
/// Entries up to this size may compress as well as they like (a blank sheet, repeated styles).
const RATIO_FREE_SIZE: u64 = 1024 * 1024;
/// Highest compression ratio (uncompressed : compressed) of a larger entry: a bomb's is in the
/// thousands.
const MAX_RATIO: u64 = 100;

/// What `file` is, judged from its whole content. Reads from the start; leaves the position
/// anywhere. Blocking: call it from `spawn_blocking` in async code.
pub fn identify(file: &mut std::fs::File) -> Result<Format, FormatProblem> {
    file.seek(SeekFrom::Start(0))?;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    file.by_ref()
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)?;
    if head.starts_with(PDF_MAGIC) {
        Ok(Format::Pdf)
    } else if head.starts_with(ZIP_MAGIC) {
        file.seek(SeekFrom::Start(0))?;
        identify_archive(file)
    } else {
        Err(FormatProblem::NotAccepted)
    }
}

/// What a file held in memory is (see `identify`), with the total size its archive entries
/// declare once inflated (0 for a PDF), so a reader that inflates it can set a tighter limit.
pub fn identify_bytes(bytes: &[u8]) -> Result<(Format, u64), FormatProblem> {
    if bytes.starts_with(PDF_MAGIC) {
        return Ok((Format::Pdf, 0));
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(FormatProblem::NotAccepted);
    }
    let format = identify_archive(std::io::Cursor::new(bytes))?;
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| FormatProblem::NotAccepted)?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|_| FormatProblem::NotAccepted)?;
        total = total.saturating_add(entry.size());
    }
    Ok((format, total))
}

fn identify_archive<R: Read + Seek>(reader: R) -> Result<Format, FormatProblem> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|_| FormatProblem::NotAccepted)?;
    if archive.len() > MAX_ENTRIES {
        return Err(FormatProblem::Suspicious("too many entries"));
    }
    // Another reader could pick the other entry of the same name.
    if archive.has_duplicate_names() {
        return Err(FormatProblem::Suspicious("duplicate entry names"));
    }
    // Bytes before the archive: something else wearing a ZIP header.
    if archive.offset() != 0 {
        return Err(FormatProblem::NotAccepted);
    }
    let mut sizes = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|_| FormatProblem::NotAccepted)?;
        if entry.encrypted() {
            return Err(FormatProblem::NotAccepted);
        }
        sizes.push((entry.size(), entry.compressed_size()));
    }
    refuse_absurd_sizes(&sizes)?;

    let has = |name: &str| archive.index_for_name_raw(name.as_bytes()).is_some();
    let (types, document, workbook, content) = (
        has("[Content_Types].xml"),
        has("word/document.xml"),
        has("xl/workbook.xml"),
        has("content.xml"),
    );
    let candidates = [
        (Format::Docx, types && document),
        (Format::Xlsx, types && workbook),
        (Format::Odt, content && has_odt_mimetype(&mut archive)),
    ];
    let mut matching = candidates
        .iter()
        .filter(|(_, matches)| *matches)
        .map(|(format, _)| *format);
    match (matching.next(), matching.next()) {
        (Some(format), None) => Ok(format),
        // None, or a file claiming to be two formats at once.
        _ => Err(FormatProblem::NotAccepted),
    }
}

/// Whether the archive has ODF's `mimetype` entry: stored (so its bytes can be read without
/// inflating anything), and exactly the text document's type.
fn has_odt_mimetype<R: Read + Seek>(archive: &mut zip::ZipArchive<R>) -> bool {
    let expected = ODT_MIMETYPE.as_bytes();
    let Ok(mut entry) = archive.by_name_raw(b"mimetype") else {
        return false;
    };
    if entry.compression() != zip::CompressionMethod::Stored
        || entry.encrypted()
        || entry.size() != expected.len() as u64
        || entry.compressed_size() != expected.len() as u64
    {
        return false;
    }
    let mut bytes = Vec::with_capacity(expected.len());
    entry
        .by_ref()
        .take(expected.len() as u64)
        .read_to_end(&mut bytes)
        .is_ok()
        && bytes == expected
}

/// Refuses a directory declaring absurd sizes: (uncompressed, compressed) per entry.
fn refuse_absurd_sizes(sizes: &[(u64, u64)]) -> Result<(), FormatProblem> {
    let mut total: u64 = 0;
    for &(size, compressed) in sizes {
        if size > MAX_ENTRY_SIZE {
            return Err(FormatProblem::Suspicious("an entry inflates too much"));
        }
        if size > RATIO_FREE_SIZE && size > compressed.saturating_mul(MAX_RATIO) {
            return Err(FormatProblem::Suspicious("an entry is compressed too well"));
        }
        total = total.saturating_add(size);
    }
    if total > MAX_TOTAL_SIZE {
        return Err(FormatProblem::Suspicious("the entries inflate too much"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    const MIB: u64 = 1024 * 1024;

    /// One entry of a hand-made archive. `declared` overrides the directory's (uncompressed,
    /// compressed) sizes and marks the entry deflated: the bytes need not match, since nothing
    /// is inflated.
    struct Entry<'a> {
        name: &'a str,
        data: &'a [u8],
        deflated: bool,
        declared: Option<(u32, u32)>,
        encrypted: bool,
    }

    fn stored<'a>(name: &'a str, data: &'a [u8]) -> Entry<'a> {
        Entry {
            name,
            data,
            deflated: false,
            declared: None,
            encrypted: false,
        }
    }

    /// A ZIP archive with local headers, a central directory and its end record.
    fn archive(entries: &[Entry<'_>]) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut directory = Vec::new();
        for entry in entries {
            let offset = u32::try_from(bytes.len()).expect("small archive");
            let length = u32::try_from(entry.data.len()).expect("small entry");
            let (size, compressed) = entry.declared.unwrap_or((length, length));
            let method: u16 = if entry.deflated || entry.declared.is_some() {
                8
            } else {
                0
            };
            let flags = u16::from(entry.encrypted); // bit 0: encrypted
            let name_length = u16::try_from(entry.name.len()).expect("short name");
            // From "version needed" to "extra field length": the same in both headers.
            let mut common = Vec::new();
            common.extend_from_slice(&20u16.to_le_bytes());
            common.extend_from_slice(&flags.to_le_bytes());
            common.extend_from_slice(&method.to_le_bytes());
            common.extend_from_slice(&[0, 0, 0x21, 0]);
            common.extend_from_slice(&0u32.to_le_bytes()); // CRC-32, never checked here
            common.extend_from_slice(&compressed.to_le_bytes());
            common.extend_from_slice(&size.to_le_bytes());
            common.extend_from_slice(&name_length.to_le_bytes());
            common.extend_from_slice(&0u16.to_le_bytes());
            bytes.extend_from_slice(b"PK\x03\x04");
            bytes.extend_from_slice(&common);
            bytes.extend_from_slice(entry.name.as_bytes());
            bytes.extend_from_slice(entry.data);
            directory.extend_from_slice(b"PK\x01\x02");
            directory.extend_from_slice(&20u16.to_le_bytes());
            directory.extend_from_slice(&common);
            directory.extend_from_slice(&[0; 10]); // comment length, disk, attributes
            directory.extend_from_slice(&offset.to_le_bytes());
            directory.extend_from_slice(entry.name.as_bytes());
        }
        let count = u16::try_from(entries.len()).expect("entries");
        let directory_start = u32::try_from(bytes.len()).expect("small archive");
        let directory_length = u32::try_from(directory.len()).expect("small directory");
        bytes.extend_from_slice(&directory);
        bytes.extend_from_slice(b"PK\x05\x06");
        bytes.extend_from_slice(&[0; 4]);
        bytes.extend_from_slice(&count.to_le_bytes());
        bytes.extend_from_slice(&count.to_le_bytes());
        bytes.extend_from_slice(&directory_length.to_le_bytes());
        bytes.extend_from_slice(&directory_start.to_le_bytes());
        bytes.extend_from_slice(&0u16.to_le_bytes());
        bytes
    }

    fn identify_bytes(bytes: &[u8]) -> Result<Format, FormatProblem> {
        let mut file = tempfile::tempfile().expect("temporary file");
        file.write_all(bytes).expect("write");
        identify(&mut file)
    }

    fn is_suspicious(result: Result<Format, FormatProblem>) -> bool {
        matches!(result, Err(FormatProblem::Suspicious(_)))
    }

    fn is_not_accepted(result: Result<Format, FormatProblem>) -> bool {
        matches!(result, Err(FormatProblem::NotAccepted))
    }

    const TYPES: &[u8] = b"<Types/>";
    const ODT: &[u8] = ODT_MIMETYPE.as_bytes();

    #[test]
    fn the_table_lists_every_format() {
        for format in [Format::Pdf, Format::Docx, Format::Xlsx, Format::Odt] {
            assert!(FORMATS.contains(&format.row()));
        }
        assert_eq!(FORMATS.len(), 4);
    }

    #[test]
    fn minimal_office_files_are_recognised() {
        let docx = archive(&[
            stored("[Content_Types].xml", TYPES),
            stored("_rels/.rels", b"<Relationships/>"),
            stored("word/document.xml", b"<w:document/>"),
        ]);
        assert_eq!(identify_bytes(&docx).expect("docx"), Format::Docx);
        let xlsx = archive(&[
            stored("[Content_Types].xml", TYPES),
            stored("xl/workbook.xml", b"<workbook/>"),
        ]);
        assert_eq!(identify_bytes(&xlsx).expect("xlsx"), Format::Xlsx);
        let odt = archive(&[
            stored("mimetype", ODT),
            stored("content.xml", b"<office:document-content/>"),
        ]);
        assert_eq!(identify_bytes(&odt).expect("odt"), Format::Odt);
    }

    #[test]
    fn an_archive_from_the_zip_writer_is_recognised() {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, data) in [
            ("mimetype", ODT),
            ("content.xml", b"<office:document-content/>".as_slice()),
            ("META-INF/manifest.xml", b"<manifest:manifest/>".as_slice()),
        ] {
            writer.start_file(name, options).expect("entry");
            writer.write_all(data).expect("data");
        }
        let bytes = writer.finish().expect("archive").into_inner();
        assert_eq!(identify_bytes(&bytes).expect("odt"), Format::Odt);
    }

    #[test]
    fn compressed_entries_count_as_present() {
        let mut content = stored("word/document.xml", b"\x03\x00");
        content.deflated = true;
        content.declared = Some((40, 2));
        let docx = archive(&[stored("[Content_Types].xml", TYPES), content]);
        assert_eq!(identify_bytes(&docx).expect("docx"), Format::Docx);
    }

    #[test]
    fn a_word_folder_without_the_document_is_not_a_docx() {
        // What a sniffer of the first bytes took for Word: the second entry is in `word/`.
        let zip = archive(&[
            stored("[Content_Types].xml", TYPES),
            stored("word/x.xml", b"<x/>"),
        ]);
        assert!(is_not_accepted(identify_bytes(&zip)));
        let no_types = archive(&[stored("word/document.xml", b"<w:document/>")]);
        assert!(is_not_accepted(identify_bytes(&no_types)));
    }

    #[test]
    fn a_directory_declaring_a_gigabyte_is_refused() {
        let mut bomb = stored("xl/worksheets/sheet1.xml", &[0u8; 1000]);
        bomb.declared = Some((1 << 30, 1000));
        let xlsx = archive(&[
            stored("[Content_Types].xml", TYPES),
            stored("xl/workbook.xml", b"<workbook/>"),
            bomb,
        ]);
        assert!(is_suspicious(identify_bytes(&xlsx)));
    }

    #[test]
    fn odt_needs_a_stored_exact_mimetype_and_content() {
        let mut compressed = stored("mimetype", ODT);
        compressed.deflated = true;
        let odt = archive(&[compressed, stored("content.xml", b"<x/>")]);
        assert!(is_not_accepted(identify_bytes(&odt)));
        let presentation = archive(&[
            stored(
                "mimetype",
                b"application/vnd.oasis.opendocument.presentation",
            ),
            stored("content.xml", b"<x/>"),
        ]);
        assert!(is_not_accepted(identify_bytes(&presentation)));
        let no_content = archive(&[stored("mimetype", ODT)]);
        assert!(is_not_accepted(identify_bytes(&no_content)));
    }

    #[test]
    fn encrypted_entries_are_not_accepted() {
        let docx = |encrypted| {
            let mut content = stored("word/document.xml", b"<w:document/>");
            content.encrypted = encrypted;
            archive(&[stored("[Content_Types].xml", TYPES), content])
        };
        assert_eq!(identify_bytes(&docx(false)).expect("docx"), Format::Docx);
        assert!(is_not_accepted(identify_bytes(&docx(true))));
    }

    #[test]
    fn a_file_claiming_two_formats_is_not_accepted() {
        let both = archive(&[
            stored("[Content_Types].xml", TYPES),
            stored("word/document.xml", b"<w:document/>"),
            stored("xl/workbook.xml", b"<workbook/>"),
        ]);
        assert!(is_not_accepted(identify_bytes(&both)));
    }

    #[test]
    fn duplicate_names_and_prepended_bytes_are_refused() {
        let twice = archive(&[
            stored("[Content_Types].xml", TYPES),
            stored("word/document.xml", b"<w:document/>"),
            stored("word/document.xml", b"<w:other/>"),
        ]);
        assert!(is_suspicious(identify_bytes(&twice)));
        let docx = archive(&[
            stored("[Content_Types].xml", TYPES),
            stored("word/document.xml", b"<w:document/>"),
        ]);
        assert_eq!(identify_bytes(&docx).expect("docx"), Format::Docx);
        // A local header of its own, then a whole archive whose offsets ignore it.
        let mut prefixed = archive(&[stored("a", b"b")]);
        prefixed.truncate(30 + 1 + 1);
        prefixed.extend_from_slice(&docx);
        assert!(is_not_accepted(identify_bytes(&prefixed)));
    }

    #[test]
    fn too_many_entries_are_refused() {
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("{i}.xml")).collect();
        let mut entries = vec![
            stored("[Content_Types].xml", TYPES),
            stored("word/document.xml", b"<w:document/>"),
        ];
        entries.extend(names.iter().map(|name| stored(name, b"")));
        assert!(is_suspicious(identify_bytes(&archive(&entries))));
    }

    #[test]
    fn declared_sizes_have_limits() {
        assert!(refuse_absurd_sizes(&[(MAX_ENTRY_SIZE, MAX_ENTRY_SIZE / 10)]).is_ok());
        assert!(refuse_absurd_sizes(&[(MAX_ENTRY_SIZE + 1, MAX_ENTRY_SIZE)]).is_err());
        let third = 400 * MIB;
        assert!(refuse_absurd_sizes(&[(third, third / 10), (third, third / 10)]).is_ok());
        assert!(refuse_absurd_sizes(&[(third, third / 10); 3]).is_err());
        assert!(refuse_absurd_sizes(&[(u64::MAX, u64::MAX)]).is_err());
    }

    #[test]
    fn only_large_entries_have_a_ratio_limit() {
        assert!(refuse_absurd_sizes(&[(MIB, 1)]).is_ok());
        assert!(refuse_absurd_sizes(&[(MIB + 1, 1)]).is_err());
        assert!(refuse_absurd_sizes(&[(2 * MIB, 0)]).is_err());
        assert!(refuse_absurd_sizes(&[(100 * MIB, MIB)]).is_ok());
        assert!(refuse_absurd_sizes(&[(100 * MIB + 1, MIB)]).is_err());
    }

    #[test]
    fn pdf_by_its_magic_and_junk_refused() {
        assert_eq!(
            identify_bytes(b"%PDF-1.7\n%\xe2\xe3\n").expect("pdf"),
            Format::Pdf
        );
        let mut x: u32 = 7;
        let random: Vec<u8> = (0..10_000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (x >> 16) as u8
            })
            .collect();
        assert!(is_not_accepted(identify_bytes(&random)));
        assert!(is_not_accepted(identify_bytes(b"")));
        assert!(is_not_accepted(identify_bytes(b"PK\x03\x04 no directory")));
    }

    #[test]
    fn the_early_check_reads_the_magic() {
        assert!(looks_acceptable(b"%PDF-1.4"));
        assert!(looks_acceptable(b"PK\x03\x04\x14\x00"));
        assert!(!looks_acceptable(b"PK\x05\x06"));
        assert!(!looks_acceptable(b"\x7fELF\x02"));
        assert!(!looks_acceptable(b"%PD"));
    }
}
