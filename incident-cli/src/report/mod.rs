//! Renderings of an incident [`Report`]: markdown with Mermaid charts ([`md`]), one
//! self-contained HTML page with inline SVG charts ([`html`]).
//!
//! All figures come from `incident_core::report`; these modules only lay them out. Each output is
//! a pure function of the [`ReportView`], so the same report always renders to the same text.

pub mod charts;
#[cfg(test)]
pub mod fixtures;
pub mod html;
pub mod lifecycle;
pub mod md;
pub mod mermaid;
pub mod text;

use incident_core::{Comparison, Report};

/// What a rendering shows: the report, the comparison when one was asked for, and where links
/// to incidents point.
#[derive(Debug, Clone, Copy)]
pub struct ReportView<'a> {
    /// The report.
    pub report: &'a Report,
    /// The earlier period and the deltas, with `--compare`.
    pub comparison: Option<&'a Comparison>,
    /// Where links to incidents point.
    pub links: Links<'a>,
    /// The zone whose local dates put incidents in periods (the configured `timezone`).
    pub zone: chrono_tz::Tz,
}

impl<'a> ReportView<'a> {
    /// A view of the report alone, linking to headings of the same page.
    #[cfg(test)]
    pub fn new(report: &'a Report) -> Self {
        ReportView {
            report,
            comparison: None,
            links: Links::default(),
            zone: chrono_tz::UTC,
        }
    }
}

/// How incident links are written: `#anchor` in the log itself, or `BASE#anchor` when the report
/// is read elsewhere and `--link-base` (or `report.link-base`) names the log's URL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Links<'a> {
    /// The URL of the log on the hosting service, such as
    /// `https://github.com/acme/ops/blob/main/INCIDENTS.md`.
    pub base: Option<&'a str>,
}

impl Links<'_> {
    /// The link target of an incident's heading anchor (not escaped).
    pub fn href(&self, anchor: &str) -> String {
        // A fragment the base already carries is replaced, not doubled.
        let base = self.base.map_or("", |b| b.split('#').next().unwrap_or(b));
        format!("{base}#{anchor}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_join_the_base_and_the_anchor() {
        assert_eq!(Links::default().href("a-b"), "#a-b");
        let links = Links {
            base: Some("https://example.com/ops/blob/main/INCIDENTS.md#top"),
        };
        assert_eq!(
            links.href("a-b"),
            "https://example.com/ops/blob/main/INCIDENTS.md#a-b"
        );
    }
}
