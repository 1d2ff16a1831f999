//! The public lists as CSV: a header row in the page's language, one row per record, RFC 4180
//! quoting with CRLF line ends, UTF-8 with a byte-order mark (so Excel reads accents right), and
//! text cells that a spreadsheet would run as a formula neutralised with a leading apostrophe.
//! Numbers are written as numbers; a value the store does not have is an empty cell.

use super::PageCtx;

/// What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// UTF-8's byte-order mark: without it Excel reads the file as Windows-1252.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Text a spreadsheet shows as text: a cell that starts like a formula gets a leading `'`.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// One row of a CSV, built cell by cell in the header's order.
#[derive(Debug, Default)]
pub struct Row(Vec<String>);

impl Row {
    pub fn new() -> Row {
        Row::default()
    }

    /// A text cell (neutralised); an empty text is an empty cell.
    pub fn text(mut self, value: impl AsRef<str>) -> Row {
        self.0.push(neutralise(value.as_ref()));
        self
    }

    /// A text cell, empty when there is no value (or only white space).
    pub fn opt_text(self, value: Option<impl AsRef<str>>) -> Row {
        let value = value.filter(|v| !v.as_ref().trim().is_empty());
        match value {
            Some(value) => self.text(value),
            None => self.empty(),
        }
    }

    /// A whole number, as a number (not neutralised: `-5` is minus five); empty when unknown.
    pub fn int(mut self, value: Option<i64>) -> Row {
        self.0
            .push(value.map(|n| n.to_string()).unwrap_or_default());
        self
    }

    /// A decimal number (coordinates), as a number; empty when unknown.
    pub fn float(mut self, value: Option<f64>) -> Row {
        self.0
            .push(value.map(|n| n.to_string()).unwrap_or_default());
        self
    }

    pub fn empty(mut self) -> Row {
        self.0.push(String::new());
        self
    }

    /// This row's cells, then `more`'s.
    pub fn then(mut self, more: Row) -> Row {
        self.0.extend(more.0);
        self
    }
}

/// A whole CSV: the localised header and the rows.
#[derive(Debug)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table whose header is the messages `keys` in the page's language.
    pub fn new(ctx: &PageCtx, keys: &[&str]) -> Table {
        Table {
            header: keys.iter().map(|key| ctx.t(key)).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Row) {
        debug_assert_eq!(row.0.len(), self.header.len(), "a row has every column");
        self.rows.push(row.0);
    }

    /// The file's bytes: BOM, header, rows, each line ended by CRLF (RFC 4180).
    pub fn to_bytes(&self) -> Result<Vec<u8>, ::csv::Error> {
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(BOM.to_vec());
        writer.write_record(&self.header)?;
        for row in &self.rows {
            writer.write_record(row)?;
        }
        writer
            .into_inner()
            .map_err(|error| ::csv::Error::from(error.into_error()))
    }
}

impl PageCtx {
    /// This list's CSV in the page's language, with the page's filters but not its page (the
    /// file holds every row): `/en/cities?department=Lima&page=2` →
    /// `/en/cities.csv?department=Lima`.
    pub fn csv_url(&self) -> String {
        let path = self.lang.path(&format!("{}.csv", self.page_path));
        let filters: Vec<&str> = self
            .query
            .as_deref()
            .unwrap_or("")
            .split('&')
            .filter(|pair| !pair.is_empty() && *pair != "page" && !pair.starts_with("page="))
            .collect();
        if filters.is_empty() {
            path
        } else {
            format!("{path}?{}", filters.join("&"))
        }
    }

    /// Another list's CSV, without filters: `csv_of("/measures")` → `/measures.csv`.
    pub fn csv_of(&self, list_path: &str) -> String {
        self.lang.path(&format!("{list_path}.csv"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn ctx(lang: Lang, page_path: &str, query: Option<&str>) -> PageCtx {
        PageCtx {
            lang,
            page_path: page_path.to_string(),
            query: query.map(str::to_string),
            base_url: "http://localhost".to_string(),
            site: None,
        }
    }

    fn text_of(table: &Table) -> String {
        let bytes = table.to_bytes().expect("csv");
        assert!(bytes.starts_with(BOM), "starts with the BOM");
        String::from_utf8(bytes[BOM.len()..].to_vec()).expect("utf-8")
    }

    #[test]
    fn formula_starts_get_an_apostrophe_and_other_text_does_not() {
        for (text, cell) in [
            ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
            ("+51 999", "'+51 999"),
            ("-2", "'-2"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Lima", "Lima"),
            ("a=b", "a=b"),
            ("", ""),
            ("Ñuñoa", "Ñuñoa"),
        ] {
            assert_eq!(neutralise(text), cell, "{text:?}");
        }
    }

    #[test]
    fn numbers_stay_numbers_and_missing_values_stay_empty() {
        let mut table = Table::new(&ctx(Lang::Es, "/cities", None), &["a", "b", "c", "d", "e"]);
        table.push(
            Row::new()
                .int(Some(-3))
                .float(Some(-77.0308))
                .int(None)
                .opt_text(None::<&str>)
                .opt_text(Some("  ")),
        );
        assert_eq!(text_of(&table), "a,b,c,d,e\r\n-3,-77.0308,,,\r\n");
    }

    #[test]
    fn quotes_commas_quotes_and_line_breaks_as_rfc_4180_says() {
        let mut table = Table::new(&ctx(Lang::Es, "/cities", None), &["x", "y"]);
        table.push(
            Row::new()
                .text("Jesús María, Lima")
                .text("dijo \"sí\"\nluego"),
        );
        assert_eq!(
            text_of(&table),
            "x,y\r\n\"Jesús María, Lima\",\"dijo \"\"sí\"\"\nluego\"\r\n"
        );
    }

    #[test]
    fn the_header_is_in_the_page_language() {
        let es = Table::new(&ctx(Lang::Es, "/cities", None), &["csv-municipality"]);
        let en = Table::new(&ctx(Lang::En, "/cities", None), &["csv-municipality"]);
        assert_eq!(text_of(&es), "Municipalidad\r\n");
        assert_eq!(text_of(&en), "Municipality\r\n");
    }

    #[test]
    fn the_download_link_keeps_the_language_and_the_filters() {
        let filtered = ctx(Lang::En, "/cities", Some("department=Lima&q=san"));
        assert_eq!(filtered.csv_url(), "/en/cities.csv?department=Lima&q=san");
        assert_eq!(ctx(Lang::Es, "/badges", None).csv_url(), "/badges.csv");
        assert_eq!(ctx(Lang::Es, "/plans", Some("")).csv_url(), "/plans.csv");
        // The file holds every row: a page of the list is not a filter.
        assert_eq!(
            ctx(Lang::Es, "/cities", Some("page=3&department=Lima")).csv_url(),
            "/cities.csv?department=Lima"
        );
        assert_eq!(
            ctx(Lang::Es, "/progress", Some("page=2")).csv_url(),
            "/progress.csv"
        );
        assert_eq!(
            ctx(Lang::En, "/plans", None).csv_of("/measures"),
            "/en/measures.csv"
        );
    }
}
