//! Entries that are not headings: blocks of `Key: value` lines, as scripts append them.

use std::ops::Range;

use incident_core::FieldName;

use super::fields::{FieldStyle, Key, LooseField, read_fields};

/// A block of `Key: value` lines that reads as one incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct KvBlock {
    /// From the block's first line to the end of its last one.
    pub span: Range<usize>,
    /// The fields, styled [`FieldStyle::KeyValue`].
    pub fields: Vec<LooseField>,
    /// The span of the title: the `Title` value, else the `Summary` value.
    pub title: Range<usize>,
}

/// Known keys a block needs to be an incident (one of them the severity).
const MIN_KEYS: usize = 3;

/// The key-value blocks of `src` outside fences and outside the `skip` ranges.
pub(super) fn find_blocks(src: &str, skip: &[Range<usize>]) -> Vec<KvBlock> {
    let mut out = Vec::new();
    let mut fence = false;
    let mut run: Option<Range<usize>> = None;
    let mut offset = 0;
    let mut flush = |run: &mut Option<Range<usize>>| {
        if let Some(r) = run.take()
            && !skip.iter().any(|s| s.contains(&r.start))
            && let Some(b) = read_block(src, r)
        {
            out.push(b);
        }
    };
    for raw in crate::lines::inclusive(src) {
        let at = offset;
        offset += raw.len();
        let line = crate::lines::without_terminator(raw);
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            flush(&mut run);
            continue;
        }
        if fence || t.is_empty() || t.starts_with('#') || t.trim_end() == "---" {
            flush(&mut run);
            continue;
        }
        let end = at + line.len();
        match &mut run {
            Some(r) => r.end = end,
            None => run = Some(at..end),
        }
    }
    flush(&mut run);
    out
}

fn read_block(src: &str, span: Range<usize>) -> Option<KvBlock> {
    let mut fields = read_fields(src, span.clone(), 6);
    let known = fields
        .iter()
        .filter(|f| f.style == FieldStyle::PlainLine && f.key.is_some())
        .count();
    let has = |k: Key| fields.iter().any(|f| f.key == Some(k));
    if known < MIN_KEYS || !has(Key::Field(FieldName::Severity)) {
        return None;
    }
    for f in &mut fields {
        if f.style == FieldStyle::PlainLine {
            f.style = FieldStyle::KeyValue;
        }
    }
    let title_field = fields
        .iter()
        .find(|f| f.key == Some(Key::Title))
        .or_else(|| {
            fields
                .iter()
                .find(|f| f.key == Some(Key::Field(FieldName::Description)))
        })?;
    let line_end = src[title_field.at..]
        .find(['\n', '\r'])
        .map_or(src.len(), |e| title_field.at + e);
    let line = &src[title_field.at..line_end];
    let colon = line.find(':')? + 1;
    let value = &line[colon..];
    let start = title_field.at + colon + (value.len() - value.trim_start().len());
    let title = start..title_field.at + colon + value.trim_end().len();
    Some(KvBlock {
        span,
        fields,
        title,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_of_known_keys_are_entries() {
        let src = "# Log\n\nKeep it short: always.\n\nINCIDENT v1\nOpened: 2026-03-11T04:12:33Z\nSeverity: P1\nSummary: Gateway restarted.\nActions:\n- restarted\n\n```\nSeverity: P0\nSummary: x\nOpened: y\n```\n\ntimestamp: 2026-05-02T01:14:07Z\nseverity: medium\ntitle: CRM export failed\nstatus: resolved\n";
        let blocks = find_blocks(src, &[]);
        assert_eq!(blocks.len(), 2);
        assert_eq!(&src[blocks[0].title.clone()], "Gateway restarted.");
        assert!(src[blocks[0].span.clone()].starts_with("INCIDENT v1"));
        assert_eq!(&src[blocks[1].title.clone()], "CRM export failed");
        assert!(
            blocks[1]
                .fields
                .iter()
                .all(|f| f.style == FieldStyle::KeyValue)
        );
        // Inside a skipped section (a template), a block is no entry.
        let everything = std::iter::once(0..src.len()).collect::<Vec<_>>();
        assert!(find_blocks(src, &everything).is_empty());
    }
}
