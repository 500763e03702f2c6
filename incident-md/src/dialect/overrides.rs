//! What `.incident.toml` says about a log's dialect (`[dialect]` and `order`): it overrides
//! what the learner infers, for reading and for writing.

use incident_core::{Config, FieldName, Severity};

use super::fields::{Key, LooseField};
use super::{Dialect, Learned, Order, SeverityValue};

/// Overrides of the learned dialect, from [`Config`] (`[dialect]` and the top-level `order`).
///
/// ```
/// use incident_md::Document;
/// use incident_md::dialect::Overrides;
///
/// let config: incident_core::Config =
///     "[dialect]\nseverity.Sev-A = \"CRITICAL\"\nlabels.root_cause = \"Why\"\n".parse().unwrap();
/// let text = "## 2026-03-02 — API outage\n\n- Severity: Sev-A\n- Detected: 2026-03-02 10:00 UTC\n- Why: a bad deploy\n";
/// let doc: Document = text.parse().unwrap();
/// assert!(doc.incidents()[0].incident.is_none());
/// let doc = doc.with_dialect(Overrides::from_config(&config));
/// let incident = doc.incidents()[0].incident.as_ref().unwrap();
/// assert_eq!(incident.severity, incident_core::Severity::Critical);
/// assert_eq!(incident.root_cause.as_deref(), Some("a bad deploy"));
/// assert_eq!(doc.to_string(), text);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Overrides {
    /// The entry heading (`## {date} — {title}`): its level and pattern.
    pub heading: Option<String>,
    /// The label the log writes for a field.
    pub labels: Vec<(FieldName, String)>,
    /// Words the log writes for severities.
    pub severity: Vec<(String, Severity)>,
    /// The order of entries.
    pub order: Option<Order>,
}

impl Overrides {
    /// The overrides a configuration states.
    pub fn from_config(config: &Config) -> Overrides {
        Overrides {
            heading: config.dialect.heading.clone(),
            labels: config.dialect.labels.clone(),
            severity: config.dialect.severity.clone(),
            order: config.order.map(|o| match o {
                incident_core::Order::NewestFirst => Order::NewestFirst,
                incident_core::Order::OldestFirst => Order::OldestFirst,
            }),
        }
    }

    /// Whether nothing is overridden.
    pub fn is_empty(&self) -> bool {
        self == &Overrides::default()
    }

    /// The heading's level (its `#`s).
    pub fn heading_level(&self) -> Option<u8> {
        let h = self.heading.as_deref()?;
        let n = h.len() - h.trim_start_matches('#').len();
        u8::try_from(n).ok().filter(|n| (1..=6).contains(n))
    }

    /// The key a written label stands for by the configuration.
    pub(crate) fn key_for(&self, label: &str) -> Option<Key> {
        if self.labels.is_empty() {
            return None;
        }
        let label = label.trim().trim_matches('*').trim();
        self.labels
            .iter()
            .find(|(_, l)| l.eq_ignore_ascii_case(label))
            .map(|(f, _)| match f {
                FieldName::Status => Key::Status,
                f => Key::Field(*f),
            })
    }

    /// Gives the fields the configuration labels their key.
    pub(crate) fn relabel(&self, fields: &mut [LooseField]) {
        if self.labels.is_empty() {
            return;
        }
        for f in fields {
            if let Some(k) = self.key_for(&f.label) {
                f.key = Some(k);
            }
        }
    }

    /// The level a written severity value names by the configuration: its whole text, its
    /// first word, or its text before a note (`SEV 1 (checkout down)`), in any case and
    /// spelled with or without a hyphen or space before a number (`SEV1`, `SEV-1`, `Sev 1`).
    pub fn severity_of(&self, value: &str) -> Option<Severity> {
        let v = value.trim();
        let first = v
            .split(|c: char| c.is_whitespace() || c == '(' || c == ',')
            .next()
            .unwrap_or("");
        let before_note = v.split(['(', ',', '.']).next().unwrap_or("");
        let same = |w: &str, t: &str| {
            w.eq_ignore_ascii_case(t) || (!t.is_empty() && squeezed(w).eq(squeezed(t)))
        };
        self.severity
            .iter()
            .find(|(w, _)| same(w, v) || same(w, first) || same(w, before_note))
            .map(|(_, s)| *s)
    }

    /// The word the configuration gives a level, the first one that names it.
    pub fn severity_word(&self, s: Severity) -> Option<&str> {
        self.severity
            .iter()
            .find(|(_, l)| *l == s)
            .map(|(w, _)| w.as_str())
    }

    /// Applies what is not read field by field: the severities of the entries, the heading,
    /// the entry level, the order and the labels the writer uses.
    pub(crate) fn apply(&self, d: &mut Dialect, src: &str) {
        if !self.severity.is_empty() {
            for e in &mut d.entries {
                let written = match e.reading.get(Key::Field(FieldName::Severity)) {
                    Some(f) => self.severity_of(&f.value),
                    // The tag of the heading (`… (SEV-1)`), read in the log's scale.
                    None => super::writer::heading_severity(src, e)
                        .and_then(|(_, tag)| self.severity_of(&tag)),
                };
                if let Some(s) = written {
                    std::sync::Arc::make_mut(&mut e.reading).severity =
                        Some(SeverityValue::Known(s));
                }
            }
        }
        if let Some(h) = &self.heading {
            d.heading = Some(Learned::new(h.clone(), 0, "config"));
            if let Some(level) = self.heading_level() {
                d.entry_level = Some(Learned::new(level, 0, "config"));
            }
        }
        if let Some(o) = self.order {
            d.order = Learned::new(o, 0, "config");
        }
        for (f, label) in self.labels.iter().rev() {
            let k = match f {
                FieldName::Status => Key::Status,
                f => Key::Field(*f),
            };
            d.labels.retain(|(x, _)| *x != k);
            d.labels.insert(0, (k, label.clone()));
        }
        d.overrides = self.clone();
    }
}

/// A severity word's letters and digits in lower case: `SEV-1`, `Sev 1` and `sev1` are one
/// word.
fn squeezed(w: &str) -> impl Iterator<Item = char> + '_ {
    w.chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
}
