//! Line numbering lives in `incident-core` (the configuration's errors need it too); it is
//! re-exported here so that `incident_md::LineIndex` keeps working.

pub use incident_core::lines::{LineIndex, Position};

/// The lines of `text` with their terminators, ended as CommonMark ends them: by `\n`, `\r\n` or
/// a lone `\r` (a log saved with old Mac line endings has no `\n` at all), found with SIMD (the
/// field readers walk every line of every entry).
pub(crate) fn inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let end = match memchr::memchr2(b'\n', b'\r', bytes) {
            Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => i + 2,
            Some(i) => i + 1,
            None => rest.len(),
        };
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// How many lines end in `bytes`: at each `\n`, `\r\n` or lone `\r`, as [`inclusive`] ends them.
pub(crate) fn endings(bytes: &[u8]) -> usize {
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
        .count()
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
        fn inclusive_lines_end_at_each_line_ending(text in "(a|é|\n|\r| ){0,12}") {
            let ours: Vec<&str> = super::inclusive(&text).collect();
            // `\r\n` is one ending: each becomes `\n` to split, and the lengths map back.
            let mut want = Vec::new();
            let mut start = 0;
            let b = text.as_bytes();
            for i in 0..b.len() {
                let ends = b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'));
                if ends {
                    want.push(&text[start..=i]);
                    start = i + 1;
                }
            }
            if start < text.len() {
                want.push(&text[start..]);
            }
            prop_assert_eq!(ours.concat(), text.clone());
            prop_assert_eq!(ours, want);
        }

        #[test]
        fn endings_are_the_lines_ended(text in "(a|é|\n|\r| ){0,12}") {
            let ended = super::inclusive(&text)
                .filter(|l| l.ends_with(['\n', '\r']))
                .count();
            prop_assert_eq!(super::endings(text.as_bytes()), ended);
        }

        #[test]
        fn terminators_are_trimmed_as_by_trim_end_matches(text in "(a|é|\n|\r| ){0,12}") {
            prop_assert_eq!(super::without_terminator(&text), text.trim_end_matches(['\n', '\r']));
        }
    }
}
