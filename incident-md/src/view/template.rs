//! The entry template: the fields a new entry has, read from the `## Template` section.

use std::ops::Range;

use super::incident_title_offset;
use crate::blocks::{Block, BlockKind};
use crate::field::FieldName;

/// The entry template: which fields a new entry has, in which order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Template {
    /// The heading level of `## Incident:` in the template.
    pub incident_level: u8,
    /// The fields in order.
    pub fields: Vec<TemplateField>,
    /// The span of the `## Template…` section, when the file has one.
    pub section_span: Option<Range<usize>>,
}

/// One field of the entry template.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TemplateField {
    /// The label as written (`Root Cause`).
    pub label: String,
    /// The known field, if it is one.
    pub name: Option<FieldName>,
    /// Whether the value goes on the heading line.
    pub inline: bool,
    /// The template's placeholder text for the value.
    pub placeholder: String,
}

impl Default for Template {
    fn default() -> Self {
        Template {
            incident_level: 2,
            fields: FieldName::CANONICAL_ORDER
                .iter()
                .filter(|f| f.in_seed_template())
                .map(|f| TemplateField {
                    label: f.label().to_owned(),
                    name: Some(*f),
                    inline: f.is_inline(),
                    // The seed shows two placeholder actions.
                    placeholder: if *f == FieldName::FollowUpActions {
                        format!("{0}\n{0}", f.placeholder())
                    } else {
                        f.placeholder().to_owned()
                    },
                })
                .collect(),
            section_span: None,
        }
    }
}

pub(super) fn read_template(src: &str, blocks: &[Block]) -> Option<Template> {
    let fence = blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::CodeBlock { fenced: true }))?;
    // Any line ending (`\n`, `\r\n`, a lone `\r`) ends a line.
    let text = src[fence.span.clone()]
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let mut lines: Vec<&str> = text.lines().skip(1).collect();
    if lines
        .last()
        .is_some_and(|l| l.trim_start().starts_with("```") || l.trim_start().starts_with("~~~"))
    {
        lines.pop();
    }
    let mut t = Template {
        incident_level: 2,
        fields: Vec::new(),
        section_span: None,
    };
    let mut current: Option<TemplateField> = None;
    let mut body = String::new();
    let mut found = false;
    for line in lines {
        let hashes = line.len() - line.trim_start_matches('#').len();
        let after = &line[hashes..];
        if (1..=6).contains(&hashes) && (after.is_empty() || after.starts_with(' ')) {
            let text = after.trim();
            if incident_title_offset(text).is_some() {
                t.incident_level = hashes as u8;
                found = true;
                continue;
            }
            if let Some(mut f) = current.take() {
                if !f.inline {
                    f.placeholder = body.trim().to_owned();
                }
                t.fields.push(f);
            }
            body.clear();
            let (label, value) = text.split_once(':').unwrap_or((text, ""));
            current = Some(TemplateField {
                label: label.trim().to_owned(),
                name: FieldName::from_label(label),
                inline: !value.trim().is_empty(),
                placeholder: value.trim().to_owned(),
            });
        } else if current.is_some() {
            body.push_str(line.trim_end_matches('\r'));
            body.push('\n');
        }
    }
    if let Some(mut f) = current.take() {
        if !f.inline {
            f.placeholder = body.trim().to_owned();
        }
        t.fields.push(f);
    }
    (found && !t.fields.is_empty()).then_some(t)
}
