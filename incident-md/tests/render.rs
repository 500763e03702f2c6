//! Rendering: snapshots of a rendered entry and of the policy, and properties that what is
//! rendered reads back as the same model (or is refused by a documented rule).

use chrono::{DateTime, NaiveDate, Utc};
use incident_core::{
    Category, Due, FollowUp, Incident, Policy, RelatedLog, ResponseTime, Severity, SeverityRule,
};
use incident_md::render::{
    canonical_template, line_ending, render_entry, render_follow_up, render_policy,
    render_related_log, render_severity_table,
};
use incident_md::view::Template;
use incident_md::{Document, Error};
use proptest::prelude::*;

mod common;
use common::{follow_up, follow_up_refused, line, multiline, text};

const SEED: &str = include_str!("data/seed.md");

fn at(text: &str) -> DateTime<Utc> {
    incident_core::parse_timestamp(text).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The template of a fixture file.
fn template_of(name: &str) -> Template {
    let path = format!("{}/tests/data/edit/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    text.parse::<Document>().unwrap().log().template.clone()
}

/// Reads a rendered entry back: the one incident of a document that is just the entry.
fn read_back(entry: &str) -> Incident {
    let doc: Document = entry.parse().unwrap();
    assert_eq!(doc.incidents().len(), 1, "{entry}");
    doc.incidents()[0]
        .incident
        .clone()
        .unwrap_or_else(|| panic!("unreadable entry: {:?}\n{entry}", doc.log().diagnostics))
}

/// `\r` shown as `␍`, so that snapshots show CRLF line endings.
fn visible(text: &str) -> String {
    text.replace('\r', "␍")
}

fn full_incident() -> Incident {
    let mut i = Incident::new(
        "etcd quorum lost on prod-eu",
        Severity::Critical,
        at("2026-03-04T09:12:00Z"),
    );
    i.category = Some("CLUSTER_FAILURE".into());
    i.acknowledged = Some(at("2026-03-04T09:15:00Z"));
    i.resolved = Some(at("2026-03-04T11:40:30.250Z"));
    i.description =
        Some("Two of three etcd members ran out of disk.\n\nThe API server went read-only.".into());
    i.impact = Some("All deployments to prod-eu failed for 2.5 hours.".into());
    i.root_cause = Some("Compaction was disabled after the 1.29 upgrade.".into());
    i.resolution =
        Some("1. Freed disk\n2. Re-enabled compaction\n3. Restarted members one by one".into());
    i.lessons_learned = Some("Upgrade checklists must cover etcd flags.".into());
    let mut done = FollowUp::new("Re-enable etcd compaction")
        .assignee("dana")
        .due(date(2026, 3, 5));
    done.done = true;
    let mut later = FollowUp::new("Review disk alerts - all clusters").assignee("@sam");
    later.due = Some(Due::Text("next sprint".into()));
    i.follow_ups = vec![
        done,
        FollowUp::new("Alert on etcd disk usage above 70%")
            .assignee("sam")
            .due(date(2026, 3, 18)),
        later,
    ];
    i.related_logs = vec![
        RelatedLog::new("LOGS.md 2026-03-04", Some("LOGS.md#2026-03-04".into())),
        RelatedLog::new(
            "Vendor status page",
            // Written percent-encoded (a bare destination cannot hold `(`), so already encoded
            // here to read back as given; `related_logs_are_escaped` shows the encoding.
            Some("https://status.example.com/incidents/%2842%29".into()),
        ),
        RelatedLog::new("Pager alert #4411", None),
    ];
    i
}

#[test]
fn entry_with_every_field() {
    let i = full_incident();
    let entry = render_entry(&i, &Template::default(), "\n").unwrap();
    insta::assert_snapshot!("entry_full", entry);
    assert_eq!(read_back(&entry), i);
}

#[test]
fn entry_with_only_required_fields_says_what_is_unfilled() {
    let i = Incident::new(
        "Queue consumer lag",
        Severity::Medium,
        at("2026-03-06T08:00:00Z"),
    );
    let entry = render_entry(&i, &Template::default(), "\n").unwrap();
    insta::assert_snapshot!("entry_minimal", entry);
    assert_eq!(read_back(&entry), i);
    // The entry has exactly the seed template's shape, with the title and values filled in
    // and every other field saying, visibly, that it is not documented yet: no `<tag>`, which
    // a markdown renderer would show as nothing.
    let start = SEED.find("```\n## Incident: <title>").unwrap() + 4;
    let end = SEED[start..].find("```").unwrap() + start;
    let template = SEED[start..end]
        .trim_end()
        .replace("<title>", "Queue consumer lag")
        .replace("LOW | MEDIUM | HIGH | CRITICAL", "MEDIUM")
        .replace("<ISO 8601 timestamp>", "2026-03-06T08:00:00Z")
        .replace(
            "- [ ] <action> - @<assignee> - <due date>\n- [ ] <action> - @<assignee> - <due date>",
            incident_core::UNFILLED,
        );
    let template: String = template
        .lines()
        .map(|l| {
            if incident_core::is_placeholder(l) && l.starts_with('<') {
                incident_core::UNFILLED
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(entry, template);
    assert!(!entry.contains('<'), "{entry}");
    assert_eq!(entry.matches(incident_core::UNFILLED).count(), 7);
}

#[test]
fn entry_follows_a_custom_template_and_line_ending() {
    let template = template_of("custom-template.md");
    assert_eq!(template.incident_level, 3);
    let entry = render_entry(&full_incident(), &template, "\r\n").unwrap();
    assert!(!entry.replace("\r\n", "").contains('\n'));
    insta::assert_snapshot!("entry_custom_template_crlf", visible(&entry));
    assert_eq!(read_back(&entry), full_incident());
}

#[test]
fn policy() {
    let policy = render_policy(&Policy::default());
    insta::assert_snapshot!("policy_default", policy);
    // Each section is the canonical template's, byte for byte.
    let template = canonical_template();
    for section in policy.split("\n---\n\n") {
        assert!(template.contains(section), "{section}");
    }
    // And it reads back as the policy.
    let doc: Document = policy.parse().unwrap();
    assert_eq!(doc.log().policy, Policy::default());
    assert!(
        doc.log().diagnostics.is_empty(),
        "{:?}",
        doc.log().diagnostics
    );
}

#[test]
fn custom_policy_text_reads_back() {
    let mut policy = Policy::default();
    policy.severities = vec![
        SeverityRule::new(
            Severity::Critical,
            "Outage | data loss\nor breach",
            ResponseTime::Immediate,
        ),
        SeverityRule::new(
            Severity::Low,
            "Typos in C:\\docs\\*",
            ResponseTime::BusinessDays(2),
        ),
    ];
    policy.categories = vec![Category::new("NETWORK", "DNS | BGP | \\| pipes")];
    policy.requirements.truncate(1);
    policy
        .requirements
        .push(incident_core::Requirement::from_text("# Tell the team"));
    let text = render_policy(&policy);
    insta::assert_snapshot!("policy_custom", text);
    let doc: Document = text.parse().unwrap();
    let read = &doc.log().policy;
    assert_eq!(
        read.severities[0].definition,
        "Outage | data loss or breach"
    );
    assert_eq!(read.severities[1], policy.severities[1]);
    assert_eq!(read.categories, policy.categories);
    assert_eq!(read.requirements[1].text, "# Tell the team");
}

#[test]
fn severity_table_uses_the_line_ending() {
    let table = render_severity_table(&Policy::default(), "\r\n");
    assert_eq!(table.matches("\r\n").count(), 6);
    assert!(!table.replace("\r\n", "").contains('\n'));
}

#[test]
fn line_endings() {
    assert_eq!(line_ending(""), "\n");
    assert_eq!(line_ending("no newline"), "\n");
    assert_eq!(line_ending("a\nb\r\n"), "\n");
    assert_eq!(line_ending("a\r\nb\n"), "\r\n");
    assert_eq!(line_ending("a\rb"), "\r");
    assert_eq!(line_ending("a\nb\rc\rd"), "\r");
    assert_eq!(line_ending("a\r\nb\nc\nd"), "\n");
    assert_eq!(line_ending(&SEED.replace('\n', "\r\n")), "\r\n");
}

#[test]
fn follow_ups_are_escaped() {
    let cases: [(FollowUp, &str); 7] = [
        (
            FollowUp::new("Add alerts")
                .assignee("dana")
                .due(date(2026, 2, 1)),
            "- [ ] Add alerts - @dana - 2026-02-01",
        ),
        (FollowUp::new("a - b").assignee("x"), "- [ ] a \\- b - @x"),
        (
            FollowUp::new("ends with -").assignee("x"),
            "- [ ] ends with \\- - @x",
        ),
        (FollowUp::new("# heading?"), "- [ ] \\# heading?"),
        (FollowUp::new("<action>"), "- [ ] \\<action>"),
        (FollowUp::new("C:\\dir\\*"), "- [ ] C:\\dir\\\\*"),
        (
            {
                let mut f = FollowUp::new("Plan").assignee("kim");
                f.due = Some(Due::Text("after - the freeze".into()));
                f
            },
            "- [ ] Plan - @kim - after \\- the freeze",
        ),
    ];
    for (f, item) in cases {
        assert_eq!(render_follow_up(&f).unwrap(), item);
    }
}

#[test]
fn follow_up_refusals() {
    let field = |f: FollowUp| match render_follow_up(&f).unwrap_err() {
        Error::MultilineValue { field, .. }
        | Error::EmptyValue { field }
        | Error::InvalidValue { field, .. } => field,
        other => panic!("{other:?}"),
    };
    let due_text = |owner: Option<&str>, text: &str| {
        let mut f = FollowUp::new("x");
        f.assignee = owner.map(str::to_owned);
        f.due = Some(Due::Text(text.into()));
        f
    };
    assert_eq!(field(FollowUp::new("a\nb")), "Follow-up action");
    assert_eq!(field(FollowUp::new(" ")), "Follow-up action");
    assert_eq!(
        field(FollowUp::new("x").assignee("two words")),
        "Follow-up owner"
    );
    assert_eq!(field(FollowUp::new("x").assignee("@")), "Follow-up owner");
    assert_eq!(field(due_text(None, "soon")), "Follow-up due date");
    assert_eq!(field(due_text(Some("a"), "@b")), "Follow-up due date");
    assert_eq!(
        field(due_text(Some("a"), "2026-01-01")),
        "Follow-up due date"
    );
    assert_eq!(field(due_text(Some("a"), "")), "Follow-up due date");
    // An en dash between spaces separates parts and has no escape.
    assert_eq!(
        field(FollowUp::new("page – @oncall").due(date(2026, 1, 1))),
        "Follow-up action"
    );
    // Where it does not change how the item reads, it is kept.
    assert_eq!(
        render_follow_up(&FollowUp::new("Fix A – B").assignee("x")).unwrap(),
        "- [ ] Fix A – B - @x"
    );
}

#[test]
fn related_logs_are_escaped() {
    let cases = [
        (
            RelatedLog::new("LOGS", Some("LOGS.md#x".into())),
            "- [LOGS](LOGS.md#x)",
        ),
        (
            RelatedLog::new("a](b) [c] \\", Some("x y".into())),
            "- [a\\]\\(b\\) \\[c\\] \\\\](x%20y)",
        ),
        // Issue 11, item 5: what a destination cannot hold is percent-encoded, and the text
        // holds no raw HTML.
        (
            RelatedLog::new("<b>", Some("x <img src=x onerror=alert(1)>".into())),
            "- [\\<b\\>](x%20%3Cimg%20src=x%20onerror=alert%281%29%3E)",
        ),
        (RelatedLog::new("t", Some("a\\".into())), "- [t](a%5C)"),
        (
            RelatedLog::new("t", Some("<a>b>".into())),
            "- [t](%3Ca%3Eb%3E)",
        ),
        (RelatedLog::new("[a](b)", None), "- \\[a](b)"),
        (RelatedLog::new("1. first", None), "- 1\\. first"),
        (RelatedLog::new("", Some("LOGS.md".into())), "- [](LOGS.md)"),
    ];
    for (r, item) in cases {
        assert_eq!(render_related_log(&r).unwrap(), item);
    }
    assert_eq!(
        render_related_log(&RelatedLog::new(" ", None)),
        Err(Error::EmptyValue {
            field: "Related log"
        })
    );
    assert!(matches!(
        render_related_log(&RelatedLog::new("a", Some("b\nc".into()))),
        Err(Error::MultilineValue { .. })
    ));
}

#[test]
fn entry_refusals() {
    let t = at("2026-01-01T00:00:00Z");
    let refuse = |i: Incident| render_entry(&i, &Template::default(), "\n").unwrap_err();
    assert!(matches!(
        refuse(Incident::new("a\r\nb", Severity::Low, t)),
        Error::MultilineValue { field: "Title", .. }
    ));
    assert_eq!(
        refuse(Incident::new(" \t ", Severity::Low, t)),
        Error::EmptyValue { field: "Title" }
    );
    let mut i = Incident::new("x", Severity::Low, t);
    i.category = Some("A\nB".into());
    assert!(matches!(
        refuse(i.clone()),
        Error::MultilineValue {
            field: "Category",
            ..
        }
    ));
    i.category = Some("`A`".into());
    assert!(matches!(
        refuse(i),
        Error::InvalidValue {
            field: "Category",
            ..
        }
    ));
}

// ---------------------------------------------------------------------------------------------
// Properties

/// The follow-up as it reads back: its parts trimmed.
fn trimmed(f: &FollowUp) -> FollowUp {
    let mut f = f.clone();
    f.action = f.action.trim().to_owned();
    f.assignee = f.assignee.map(|a| a.trim().to_owned());
    if let Some(Due::Text(t)) = &f.due {
        f.due = Some(Due::Text(t.trim().to_owned()));
    }
    f
}

proptest! {
    /// A rendered follow-up, in an entry, reads back as itself; what cannot is refused, by the
    /// documented rules or (only with an en or em dash) because it would read differently.
    #[test]
    fn follow_ups_read_back(f in follow_up(), crlf in any::<bool>()) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut i = Incident::new("x", Severity::Low, at("2026-01-01T00:00:00Z"));
        i.follow_ups = vec![f.clone()];
        match render_entry(&i, &Template::default(), eol) {
            Ok(entry) => {
                prop_assert!(!follow_up_refused(&f), "{f:?} was not refused");
                prop_assert_eq!(read_back(&entry).follow_ups, vec![trimmed(&f)]);
            }
            Err(e) => prop_assert!(
                follow_up_refused(&f) || (matches!(e, Error::InvalidValue { .. })
                    && format!("{}{:?}", f.action, f.due).contains(['–', '—'])),
                "{f:?} refused: {e}"
            ),
        }
    }

    /// A rendered related log reads back as itself, or has a line break, or is empty text.
    #[test]
    fn related_logs_read_back(
        text in line(),
        target in prop::option::of(prop_oneof![3 => "[a-zA-Z0-9./#:?=&()<> -]{0,16}", 1 => line()]),
    ) {
        let r = RelatedLog::new(text.clone(), target.clone());
        let mut i = Incident::new("x", Severity::Low, at("2026-01-01T00:00:00Z"));
        i.related_logs = vec![r.clone()];
        let refused = multiline(&text)
            || target.as_deref().is_some_and(multiline)
            || (target.is_none() && text.trim().is_empty());
        match render_entry(&i, &Template::default(), "\n") {
            Ok(entry) => {
                prop_assert!(!refused);
                let want = RelatedLog::new(
                    text.trim(),
                    target.map(|t| incident_md::render::encode_link_target(t.trim())),
                );
                prop_assert_eq!(read_back(&entry).related_logs, vec![want]);
            }
            Err(_) => prop_assert!(refused),
        }
    }

    /// Free text with markdown in it reads back, in the seed's and in a custom template, with
    /// either line ending.
    #[test]
    fn text_fields_read_back(
        texts in prop::collection::vec(text(), 5),
        title in line(),
        custom in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let template = if custom { template_of("custom-template.md") } else { Template::default() };
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut i = Incident::new(title.clone(), Severity::High, at("2026-01-01T00:00:00Z"));
        let norm = |t: &str| {
            let t = t.replace("\r\n", "\n").replace('\r', "\n");
            let t = t.trim();
            (!t.is_empty()).then(|| t.to_owned())
        };
        i.description = Some(texts[0].clone());
        i.impact = Some(texts[1].clone());
        i.root_cause = Some(texts[2].clone());
        i.resolution = Some(texts[3].clone());
        i.lessons_learned = Some(texts[4].clone());
        match render_entry(&i, &template, eol) {
            Ok(entry) => {
                let back = read_back(&entry);
                prop_assert_eq!(back.title, title.trim());
                prop_assert_eq!(back.description, norm(&texts[0]));
                prop_assert_eq!(back.impact, norm(&texts[1]));
                prop_assert_eq!(back.root_cause, norm(&texts[2]));
                prop_assert_eq!(back.resolution, norm(&texts[3]));
                prop_assert_eq!(back.lessons_learned, norm(&texts[4]));
            }
            Err(e) => prop_assert!(
                multiline(&title) || title.trim().is_empty(),
                "refused: {e}"
            ),
        }
    }
}
