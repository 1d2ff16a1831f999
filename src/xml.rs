//! Text put into XML and SVG (content and attribute values alike), in one place for the charts,
//! the maps, the embed badge and the link previews.

/// `text` escaped for XML. Control characters that XML 1.0 cannot carry at all, escaped or not,
/// are dropped: a label from the database must not break the page.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' => out.push(c),
            c if c >= '\u{10000}' => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_is_escaped_and_illegal_characters_dropped() {
        assert_eq!(
            super::escape("<a href=\"x\">'&'</a>\u{1}ñ"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;ñ"
        );
    }
}
