//! Damage to the text itself: mojibake and mixed line endings.

use incident_core::Code;

use super::{Repair, Splice};
use crate::merge::lines_of;

/// The Windows-1252 byte that `c` is, when it is one of 0x80..=0xFF (bytes Windows-1252 leaves
/// undefined are read as the C1 control of the same number, as most decoders do).
fn cp1252_byte(c: char) -> Option<u8> {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match c as u32 {
        0xA0..=0xFF => Some(c as u32 as u8),
        _ => HIGH.iter().position(|&h| h == c).map(|p| 0x80 + p as u8),
    }
}

/// Where the first byte that is not ASCII is: sixteen bytes at a time until a block has one.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(16);
    let mut at = 0;
    for chunk in &mut chunks {
        if !chunk.is_ascii() {
            break;
        }
        at += 16;
    }
    bytes[at..]
        .iter()
        .position(|b| !b.is_ascii())
        .map(|k| at + k)
}

/// Mojibake (`GIT003`): runs of characters whose Windows-1252 bytes are a UTF-8 multi-byte character.
pub(super) fn mojibake(src: &str, out: &mut Vec<Repair>) {
    // Every character of a run is one of 0x80..=0xFF in Windows-1252, so none is ASCII: only
    // the non-ASCII characters are looked at (most logs have a handful).
    let mut at = 0;
    while let Some(skip) = first_non_ascii(&src.as_bytes()[at..]) {
        let start = at + skip;
        let rest = &src[start..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        let need = match cp1252_byte(c) {
            Some(0xC2..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xF4) => 4,
            _ => 0,
        };
        let run = (need > 0)
            .then(|| {
                let chars = rest.chars().take(need);
                let bytes: Option<Vec<u8>> = chars.clone().map(cp1252_byte).collect();
                let len: usize = chars.clone().map(char::len_utf8).sum();
                bytes.filter(|b| b.len() == need).map(|b| (b, len))
            })
            .flatten();
        if let Some((bytes, len)) = run
            && let Ok(fixed) = std::str::from_utf8(&bytes)
        {
            let end = start + len;
            out.push(Repair::fix(
                Code::Mojibake,
                format!(
                    "`{}` is `{fixed}` written as UTF-8 and read as Windows-1252",
                    &src[start..end]
                ),
                start..end,
                vec![Splice::new(start..end, fixed)],
            ));
            at = end;
        } else {
            at = start + c.len_utf8();
        }
    }
}

/// Mixed line endings (`GIT004`): the ones that are not the most common kind.
pub(super) fn line_endings(src: &str, out: &mut Vec<Repair>) {
    // Without a `\r` every ending is `\n`: nothing is mixed.
    if !src.contains('\r') {
        return;
    }
    let mut endings: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for line in lines_of(src) {
        let body = line.trim_end_matches(['\n', '\r']);
        // One ending per line: `\n`, `\r\n` or a lone `\r`.
        let eol = &line[body.len()..];
        if !eol.is_empty() {
            endings.push((at + line.len() - eol.len(), eol));
        }
        at += line.len();
    }
    let count = |e: &str| endings.iter().filter(|(_, x)| *x == e).count();
    let kinds = ["\n", "\r\n", "\r"];
    let major = *kinds
        .iter()
        .max_by_key(|e| (count(e), std::cmp::Reverse(e.len())))
        .unwrap_or(&"\n");
    let name = |e: &str| match e {
        "\n" => "LF",
        "\r\n" => "CRLF",
        _ => "CR",
    };
    for (pos, e) in endings.iter().filter(|(_, e)| *e != major) {
        out.push(Repair::fix(
            Code::MixedLineEndings,
            format!("a {} line ending in a {} file", name(e), name(major)),
            *pos..pos + e.len(),
            vec![Splice::new(*pos..pos + e.len(), major)],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The scan as it was, over every character: the reference the ASCII-skipping one must match.
    fn mojibake_reference(src: &str, out: &mut Vec<Repair>) {
        let chars: Vec<(usize, char)> = src.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (start, c) = chars[k];
            let need = match cp1252_byte(c) {
                Some(0xC2..=0xDF) => 2,
                Some(0xE0..=0xEF) => 3,
                Some(0xF0..=0xF4) => 4,
                _ => 0,
            };
            let bytes: Option<Vec<u8>> = (need > 0 && k + need <= chars.len())
                .then(|| {
                    chars[k..k + need]
                        .iter()
                        .map(|&(_, c)| cp1252_byte(c))
                        .collect()
                })
                .flatten();
            if let Some(bytes) = bytes
                && let Ok(fixed) = std::str::from_utf8(&bytes)
            {
                let end = chars.get(k + need).map_or(src.len(), |&(i, _)| i);
                out.push(Repair::fix(
                    Code::Mojibake,
                    format!(
                        "`{}` is `{fixed}` written as UTF-8 and read as Windows-1252",
                        &src[start..end]
                    ),
                    start..end,
                    vec![Splice::new(start..end, fixed)],
                ));
                k += need;
            } else {
                k += 1;
            }
        }
    }

    #[test]
    fn first_non_ascii_is_the_first_byte_not_ascii() {
        for len in 0..40 {
            for at in 0..len {
                for b in [0x7f, 0x80, 0xc3, 0xff] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    let want = bytes.iter().position(|b| !b.is_ascii());
                    assert_eq!(first_non_ascii(&bytes), want, "{bytes:?}");
                    if at + 1 < len {
                        bytes[len - 1] = 0x90;
                        assert_eq!(
                            first_non_ascii(&bytes),
                            bytes.iter().position(|b| !b.is_ascii())
                        );
                    }
                }
            }
            assert_eq!(first_non_ascii(&vec![b'a'; len]), None);
        }
    }

    fn both(src: &str) -> (Vec<Repair>, Vec<Repair>) {
        let (mut fast, mut reference) = (Vec::new(), Vec::new());
        mojibake(src, &mut fast);
        mojibake_reference(src, &mut reference);
        (fast, reference)
    }

    #[test]
    fn mojibake_finds_what_the_full_scan_finds() {
        for src in [
            "",
            "plain ASCII\n",
            "# INCIDENTS.md â€” Production Incident Log\n",
            "cafÃ© and Ã",
            "â€",
            "ðŸ”¥ fire, Ã©Ã©, é — ü",
            "ÃÃÃ©",
            "x\u{81}y Â\u{a0}",
        ] {
            let (fast, reference) = both(src);
            assert_eq!(fast, reference, "{src:?}");
        }
        assert_eq!(both("a â€” b").0.len(), 1);
    }

    proptest! {
        #[test]
        fn mojibake_matches_the_full_scan(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("a".to_owned()),
                    Just(" \n".to_owned()),
                    Just("â€”".to_owned()),
                    Just("Ã".to_owned()),
                    Just("©".to_owned()),
                    Just("ðŸ".to_owned()),
                    Just("”".to_owned()),
                    Just("é".to_owned()),
                    any::<char>().prop_map(String::from),
                ],
                0..24,
            )
        ) {
            let src: String = parts.concat();
            let (fast, reference) = both(&src);
            prop_assert_eq!(fast, reference);
        }
    }
}
