//! The generated canonical template against the seed the project was created from.

use incident_md::{Document, render};

const SEED: &str = include_str!("data/seed.md");

#[test]
fn canonical_template_is_the_seed_with_a_real_em_dash() {
    assert!(SEED.contains("â€”"), "the seed keeps its mojibake");
    assert_eq!(render::canonical_template(), SEED.replace("â€”", "—"));
}

#[test]
fn seed_reads_as_the_default_policy_and_template() {
    let doc: Document = SEED.parse().unwrap();
    let log = doc.log();
    assert_eq!(log.policy, incident_core::Policy::default());
    assert_eq!(
        log.template.fields,
        incident_md::view::Template::default().fields
    );
    assert!(
        log.incidents.is_empty(),
        "the template's fenced entry is not an incident"
    );
    assert!(log.diagnostics.is_empty());
    assert_eq!(log.last_incident.as_ref().unwrap().text, "None Recorded");
}
