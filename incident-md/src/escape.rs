//! Rendering user text so that it parses back to the same text, and reading it back.
//!
//! Values in the typed model are plain text in which markdown inline syntax is kept as written
//! and backslash escapes are resolved. Rendering escapes what would change the entry's structure:
//! a line that would start a heading, a fence, a list or task item, a table row, an HTML block, a
//! block quote, a setext underline, a thematic break or a link reference definition gets a
//! backslash before its first character; a backslash before punctuation is doubled. Reading resolves backslash escapes.

/// ASCII punctuation: what CommonMark lets a backslash escape.
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
}

/// Resolves backslash escapes of ASCII punctuation (`\#` -> `#`, `\\` -> `\`).
pub fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && is_punct(next)
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// [`unescape`] of a `String` in place: no allocation when it holds no backslash (nearly
/// always).
pub fn unescape_in_place(text: &mut String) {
    if text.contains('\\') {
        *text = unescape(text);
    }
}

/// Escapes one line of text so that, as a line of a paragraph, it starts no block construct.
pub fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 2);
    // Double backslashes that precede punctuation, so that reading gives them back.
    // A backslash at the end of the line too: before a line ending it is a hard line break.
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '\\' && chars.peek().is_none_or(|n| is_punct(*n)) {
            out.push('\\');
        }
    }
    // Spaces and tabs alike: a tab-led line is as much a block start as a space-led one once the
    // tab is expanded to its tab stop, and escaping the first visible character covers both.
    let indent = out.len() - out.trim_start_matches([' ', '\t']).len();
    let rest = &out[indent..];
    let first = rest.chars().next();
    let needs = match first {
        // `[` would start a link reference definition (`[x]: /url`), which is no text; `:` a
        // table's delimiter row (`:-- | :--`), which turns the line above into a table header.
        Some('#' | '=' | '-' | '+' | '*' | '_' | '`' | '~' | '<' | '|' | '>' | '[' | ':') => true,
        Some(c) if c.is_ascii_digit() => {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let after = rest[digits..].chars().next();
            if matches!(after, Some('.' | ')')) {
                out.insert(indent + digits, '\\');
            }
            false
        }
        _ => false,
    };
    if needs {
        out.insert(indent, '\\');
    }
    out
}

/// Escapes text of one or more lines; lines are joined with `eol`.
pub fn escape_block(text: &str, eol: &str) -> String {
    text.split('\n')
        .map(|l| escape_line(l.strip_suffix('\r').unwrap_or(l)))
        .collect::<Vec<_>>()
        .join(eol)
}

/// Escapes text for a heading line: like [`escape_line`], and a trailing `#` that would read as
/// a closing sequence is escaped.
pub fn escape_heading(text: &str) -> String {
    let mut s = escape_line(text);
    if s.ends_with('#') {
        let hashes = s.len() - s.trim_end_matches('#').len();
        let before = &s[..s.len() - hashes];
        if before.is_empty() || before.ends_with([' ', '\t']) {
            s.insert(s.len() - hashes, '\\');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_block_starters() {
        assert_eq!(escape_line("# not a heading"), "\\# not a heading");
        assert_eq!(escape_line("1. not a list"), "1\\. not a list");
        assert_eq!(escape_line("---"), "\\---");
        assert_eq!(escape_line("   ```"), "   \\```");
        assert_eq!(escape_line("a \\* b"), "a \\\\* b");
        assert_eq!(escape_line("[x]: /url"), "\\[x]: /url");
        assert_eq!(escape_heading("C# or F#"), "C# or F#");
        assert_eq!(escape_heading("issue #"), "issue \\#");
    }

    #[test]
    fn table_delimiter_row_with_leading_colon_is_escaped() {
        assert_eq!(escape_line(":-- | :--"), "\\:-- | :--");
        assert_eq!(escape_line("  :---:"), "  \\:---:");
    }

    #[test]
    fn tab_led_block_starters_are_escaped() {
        assert_eq!(escape_line("\t## Incident: fake"), "\t\\## Incident: fake");
        assert_eq!(escape_line(" \t==="), " \t\\===");
        assert_eq!(escape_line("\t- [ ] task"), "\t\\- [ ] task");
        assert_eq!(escape_line("\t1. item"), "\t1\\. item");
        assert_eq!(escape_line("\t```"), "\t\\```");
    }

    proptest! {
        #[test]
        fn unescape_inverts_escape(s in "[ -~\t]{0,40}") {
            prop_assert_eq!(unescape(&escape_line(&s)), s.clone());
            prop_assert_eq!(unescape(&escape_heading(&s)), s);
        }
    }
}
