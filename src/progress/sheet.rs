//! Spreadsheets of progress as coordinators keep them, read into rows of text by column: a CSV
//! (comma, semicolon or tab; UTF-8, or the Windows-1252 that Excel writes on Spanish Windows)
//! or the first sheet of an XLSX workbook (read with calamine). And the template to fill, in
//! both formats. Nothing here knows municipalities or phases: `import` checks the values.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::domain::file_formats::{self, Format};

/// The columns of a progress spreadsheet, in the template's order.
pub const COLUMNS: [&str; 8] = [
    "municipality",
    "pillar",
    "phase",
    "status",
    "year",
    "evidence_url",
    "note_es",
    "note_en",
];

/// Spanish names a coordinator may have written instead (after lower-casing, accents kept).
const SPANISH_NAMES: [(&str, &str); 8] = [
    ("municipalidad", "municipality"),
    ("pilar", "pillar"),
    ("fase", "phase"),
    ("estado", "status"),
    ("año", "year"),
    ("url_evidencia", "evidence_url"),
    ("nota_es", "note_es"),
    ("nota_en", "note_en"),
];

/// The columns a file must have; the others may be left out (their cells count as empty).
pub const REQUIRED_COLUMNS: [&str; 4] = ["municipality", "pillar", "phase", "status"];

/// Largest file accepted.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// Most data rows accepted (the strategy's cities times their phases is a few hundred).
pub const MAX_ROWS: usize = 5_000;
/// Largest size an XLSX may declare once inflated (its XML is read into memory).
const MAX_INFLATED_BYTES: u64 = 64 * 1024 * 1024;
/// Longest cell kept; longer ones are refused by the checks of their column.
const MAX_CELL_CHARS: usize = 25_000;

/// Why a file could not be read as a progress spreadsheet. Each maps to a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than the limit")]
    TooLarge,
    #[error("neither a CSV nor an XLSX file")]
    NotASpreadsheet,
    #[error("the spreadsheet cannot be read")]
    Unreadable,
    #[error("the header lacks columns: {0:?}")]
    MissingColumns(Vec<&'static str>),
    #[error("a column appears twice: {0}")]
    RepeatedColumn(&'static str),
    #[error("more rows than the limit")]
    TooManyRows,
    #[error("no rows under the header")]
    NoRows,
}

impl SheetError {
    pub fn message_key(&self) -> &'static str {
        match self {
            SheetError::Empty => "import-error-empty",
            SheetError::TooLarge => "import-error-too-large",
            SheetError::NotASpreadsheet => "import-error-not-spreadsheet",
            SheetError::Unreadable => "import-error-unreadable",
            SheetError::MissingColumns(_) => "import-error-missing-columns",
            SheetError::RepeatedColumn(_) => "import-error-repeated-column",
            SheetError::TooManyRows => "import-error-too-many-rows",
            SheetError::NoRows => "import-error-no-rows",
        }
    }
}

/// One data row: its row number as the spreadsheet shows it (the header is row 1) and its
/// cells by column name, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub line: usize,
    pub cells: BTreeMap<&'static str, String>,
}

impl SheetRow {
    pub fn cell(&self, column: &str) -> &str {
        self.cells.get(column).map(String::as_str).unwrap_or("")
    }
}

/// A spreadsheet read: its rows, and the header's columns it does not know (ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub rows: Vec<SheetRow>,
    pub ignored_columns: Vec<String>,
}

/// Reads a CSV or an XLSX (told by content, not by name).
pub fn read(bytes: &[u8]) -> Result<Sheet, SheetError> {
    if bytes.is_empty() {
        return Err(SheetError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(SheetError::TooLarge);
    }
    let table = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else if bytes.starts_with(b"%PDF") || bytes.contains(&0) {
        return Err(SheetError::NotASpreadsheet);
    } else {
        read_csv(&decode_text(bytes))?
    };
    rows_by_column(table)
}

/// Text of a CSV: UTF-8 (a byte-order mark dropped), else Windows-1252.
fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|b| windows_1252(*b)).collect(),
    }
}

/// A Windows-1252 byte as a character (0x80–0x9F hold typographic marks; the rest is Latin-1).
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Rows of cells with their row numbers, the header first.
type Table = Vec<(usize, Vec<String>)>;

fn read_csv(text: &str) -> Result<Table, SheetError> {
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| header_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| SheetError::Unreadable)?;
        // The line a record starts on, counted from its byte offset (the reader's own line
        // count skips blank lines).
        let line = record.position().map_or(table.len() + 1, |p| {
            let bytes = text.as_bytes();
            let mut start = usize::try_from(p.byte()).unwrap_or(0).min(bytes.len());
            // The position may be that of blank lines skipped before the record.
            while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                start += 1;
            }
            bytes[..start].iter().filter(|b| **b == b'\n').count() + 1
        });
        table.push((line, record.iter().map(clean_cell).collect()));
        if table.len() > MAX_ROWS + 1 {
            return Err(SheetError::TooManyRows);
        }
    }
    Ok(table)
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, SheetError> {
    match file_formats::identify_bytes(bytes) {
        Ok((Format::Xlsx, inflated)) if inflated <= MAX_INFLATED_BYTES => {}
        Ok((Format::Xlsx, _)) => return Err(SheetError::TooLarge),
        _ => return Err(SheetError::NotASpreadsheet),
    }
    let mut workbook =
        Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|_| SheetError::Unreadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(SheetError::NoRows)?
        .map_err(|_| SheetError::Unreadable)?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_column = range.start().map_or(0, |(_, column)| column as usize);
    let mut table = Vec::new();
    for (index, cells) in range.rows().enumerate() {
        if table.len() > MAX_ROWS + 1 {
            return Err(SheetError::TooManyRows);
        }
        // Columns before the used range are empty; keep positions as the sheet has them.
        let mut row = vec![String::new(); first_column];
        row.extend(cells.iter().map(|cell| clean_cell(&cell_text(cell))));
        table.push((first_row + index + 1, row));
    }
    Ok(table)
}

/// A cell as text: whole numbers without ".0" (a year typed as a number), the rest as shown.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn clean_cell(text: &str) -> String {
    text.trim().chars().take(MAX_CELL_CHARS).collect()
}

/// The known column a header cell names, if any.
fn column_of(header: &str) -> Option<&'static str> {
    let name = header.trim().to_lowercase().replace([' ', '-'], "_");
    COLUMNS.iter().copied().find(|c| *c == name).or_else(|| {
        SPANISH_NAMES
            .iter()
            .find(|(spanish, _)| *spanish == name)
            .map(|(_, c)| *c)
    })
}

/// The data rows of a table by column name; blank rows are skipped.
fn rows_by_column(table: Table) -> Result<Sheet, SheetError> {
    let mut lines = table.into_iter().skip_while(|(_, cells)| is_blank(cells));
    let (_, header) = lines.next().ok_or(SheetError::Empty)?;
    let mut positions: Vec<(usize, &'static str)> = Vec::new();
    let mut ignored_columns = Vec::new();
    for (position, name) in header.iter().enumerate() {
        match column_of(name) {
            Some(column) if positions.iter().any(|(_, c)| *c == column) => {
                return Err(SheetError::RepeatedColumn(column));
            }
            Some(column) => positions.push((position, column)),
            None if name.is_empty() => {}
            None => ignored_columns.push(name.clone()),
        }
    }
    let missing: Vec<&'static str> = REQUIRED_COLUMNS
        .iter()
        .copied()
        .filter(|c| !positions.iter().any(|(_, known)| known == c))
        .collect();
    if !missing.is_empty() {
        return Err(SheetError::MissingColumns(missing));
    }
    let rows: Vec<SheetRow> = lines
        .filter(|(_, cells)| !is_blank(cells))
        .map(|(line, cells)| SheetRow {
            line,
            cells: positions
                .iter()
                .map(|(position, column)| {
                    (*column, cells.get(*position).cloned().unwrap_or_default())
                })
                .collect(),
        })
        .collect();
    if rows.is_empty() {
        return Err(SheetError::NoRows);
    }
    if rows.len() > MAX_ROWS {
        return Err(SheetError::TooManyRows);
    }
    Ok(Sheet {
        rows,
        ignored_columns,
    })
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// The CSV template: the header, UTF-8 with a byte-order mark so Excel reads accents right.
pub fn template_csv() -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(COLUMNS.join(",").as_bytes());
    bytes.extend_from_slice(b"\r\n");
    bytes
}

/// The XLSX template: the header in bold, the columns wide enough to read.
pub fn template_xlsx() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("progreso")?;
    for (index, column) in COLUMNS.iter().enumerate() {
        let index = u16::try_from(index).unwrap_or(0);
        sheet.write_string_with_format(0, index, *column, &bold)?;
        sheet.set_column_width(index, if column.starts_with("note") { 40 } else { 16 })?;
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

/// Rows written back as CSV with a `row` column holding each row's number, so that a preview
/// can be applied later and still name the rows of the original file.
pub fn canonical_csv(rows: &[SheetRow]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = std::iter::once("row").chain(COLUMNS).collect();
    let _ = writer.write_record(&header);
    for row in rows {
        let line = row.line.to_string();
        let record: Vec<&str> = std::iter::once(line.as_str())
            .chain(COLUMNS.iter().map(|c| row.cell(c)))
            .collect();
        let _ = writer.write_record(&record);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Reads back what `canonical_csv` wrote.
pub fn from_canonical_csv(text: &str) -> Result<Vec<SheetRow>, SheetError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| SheetError::Unreadable)?;
        let line = record
            .get(0)
            .and_then(|l| l.parse::<usize>().ok())
            .ok_or(SheetError::Unreadable)?;
        let cells = COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, clean_cell(record.get(i + 1).unwrap_or(""))))
            .collect();
        rows.push(SheetRow { line, cells });
        if rows.len() > MAX_ROWS {
            return Err(SheetError::TooManyRows);
        }
    }
    if rows.is_empty() {
        return Err(SheetError::NoRows);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xlsx(rows: &[&[&str]], numbers_in: Option<usize>) -> Vec<u8> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell.parse::<f64>() {
                    Ok(n) if Some(c as usize) == numbers_in => {
                        sheet.write_number(r, c, n).expect("number");
                    }
                    _ => {
                        sheet.write_string(r, c, *cell).expect("text");
                    }
                }
            }
        }
        workbook.save_to_buffer().expect("xlsx")
    }

    const HEADER: &[&str] = &COLUMNS;
    const LIMA: &[&str] = &[
        "lima",
        "mitigation",
        "inventory",
        "validated",
        "2023",
        "https://example.org/a",
        "Inventario 2021",
        "2021 inventory",
    ];

    #[test]
    fn csv_and_xlsx_give_the_same_rows() {
        let csv = format!("{}\n{}\n", HEADER.join(","), LIMA.join(","));
        let from_csv = read(csv.as_bytes()).expect("csv");
        let from_xlsx = read(&xlsx(&[HEADER, LIMA], Some(4))).expect("xlsx");
        assert_eq!(from_csv, from_xlsx);
        assert_eq!(from_csv.rows[0].line, 2);
        assert_eq!(
            from_csv.rows[0].cell("year"),
            "2023",
            "a number cell reads as 2023"
        );
        assert_eq!(from_csv.rows[0].cell("note_es"), "Inventario 2021");
    }

    #[test]
    fn excel_csv_with_semicolons_in_windows_1252_reads_its_accents() {
        // "Año" and "Evaluación" as Excel saves them on Spanish Windows.
        let mut bytes = b"municipalidad;pilar;fase;estado;a\xF1o;nota_es\r\n".to_vec();
        bytes.extend_from_slice(
            b"jesus-maria;adaptation;assessment;in_progress;2024;Evaluaci\xF3n en curso\r\n",
        );
        let sheet = read(&bytes).expect("read");
        let row = &sheet.rows[0];
        assert_eq!(row.cell("municipality"), "jesus-maria");
        assert_eq!(row.cell("year"), "2024");
        assert_eq!(row.cell("note_es"), "Evaluación en curso");
        assert_eq!(
            row.cell("evidence_url"),
            "",
            "a missing optional column is empty"
        );
    }

    #[test]
    fn blank_rows_are_skipped_and_row_numbers_kept() {
        let text = "\u{FEFF}municipality,pillar,phase,status\n\nlima,mitigation,target,reported\n ,, ,\nate,adaptation,goal,in_progress\n";
        let sheet = read(text.as_bytes()).expect("read");
        let lines: Vec<usize> = sheet.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 5]);
    }

    #[test]
    fn what_is_not_a_progress_sheet_is_refused_with_its_reason() {
        assert_eq!(read(b""), Err(SheetError::Empty));
        assert_eq!(read(b"%PDF-1.7 ..."), Err(SheetError::NotASpreadsheet));
        assert_eq!(
            read(b"PK\x03\x04 not really a zip"),
            Err(SheetError::NotASpreadsheet)
        );
        assert_eq!(
            read(b"municipality,phase\nlima,plan\n"),
            Err(SheetError::MissingColumns(vec!["pillar", "status"]))
        );
        assert_eq!(
            read(b"municipality,pillar,phase,status,estado\n"),
            Err(SheetError::RepeatedColumn("status"))
        );
        assert_eq!(
            read(b"municipality,pillar,phase,status\n"),
            Err(SheetError::NoRows)
        );
        let mut big = b"municipality,pillar,phase,status\n".to_vec();
        big.resize(MAX_BYTES + 1, b'x');
        assert_eq!(read(&big), Err(SheetError::TooLarge));
        let many = format!(
            "municipality,pillar,phase,status\n{}",
            "lima,mitigation,plan,reported\n".repeat(MAX_ROWS + 1)
        );
        assert_eq!(read(many.as_bytes()), Err(SheetError::TooManyRows));
    }

    #[test]
    fn unknown_columns_are_reported_and_ignored() {
        let sheet =
            read(b"municipality,pillar,phase,status,comentario\nlima,mitigation,plan,reported,x\n")
                .expect("read");
        assert_eq!(sheet.ignored_columns, ["comentario"]);
        assert!(!sheet.rows[0].cells.values().any(|v| v == "x"));
    }

    #[test]
    fn the_templates_read_back_as_a_header_without_rows() {
        assert_eq!(read(&template_csv()), Err(SheetError::NoRows));
        let xlsx = template_xlsx().expect("template");
        assert_eq!(read(&xlsx), Err(SheetError::NoRows));
    }

    #[test]
    fn canonical_csv_round_trips_with_the_row_numbers() {
        let csv = format!("{}\n\n{}\n", HEADER.join(","), LIMA.join(","));
        let sheet = read(csv.as_bytes()).expect("read");
        let again = from_canonical_csv(&canonical_csv(&sheet.rows)).expect("canonical");
        assert_eq!(again, sheet.rows);
        assert_eq!(again[0].line, 3);
    }
}
