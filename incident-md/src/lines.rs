//! Line numbering lives in `incident-core` (the configuration's errors need it too); it is
//! re-exported here so that `incident_md::LineIndex` keeps working.

pub use incident_core::lines::{LineIndex, Position};

/// The lines of `text` with their `\n` terminators, as `str::split_inclusive('\n')` gives them,
/// found with SIMD (the field readers walk every line of every entry).
pub(crate) fn inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// `line` without the `\n` and `\r` at its end: `trim_end_matches(['\n', '\r'])` by bytes.
pub(crate) fn without_terminator(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut end = bytes.len();
    while end > 0 && matches!(bytes[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &line[..end]
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn inclusive_lines_are_split_inclusive(text in "(a|é|\n|\r| ){0,12}") {
            let ours: Vec<&str> = super::inclusive(&text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn terminators_are_trimmed_as_by_trim_end_matches(text in "(a|é|\n|\r| ){0,12}") {
            prop_assert_eq!(super::without_terminator(&text), text.trim_end_matches(['\n', '\r']));
        }
    }
}
