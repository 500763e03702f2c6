//! Post-incident requirement checks: pure functions of an incident, the policy and the time.

use chrono::{DateTime, TimeDelta, Utc};

use crate::{Code, Due, Finding, Incident, Level, Policy, RequirementKind, Status, Subject};

/// Words that mark a follow-up as the incident review.
const REVIEW_WORDS: [&str; 4] = ["review", "post-mortem", "postmortem", "retrospective"];

/// Checks one incident against the post-incident requirements at time `now`.
///
/// | code | level | when |
/// |---|---|---|
/// | PIR001 | error | the documentation window (24 h) has passed and description or impact is not filled, or the incident is resolved and root cause or resolution is not; warning for root cause and resolution while still open |
/// | PIR002 | error | a follow-up has no `@owner` |
/// | PIR003 | error | an open follow-up has no due date, or one has a due date that is not `YYYY-MM-DD` |
/// | PIR004 | error | severity at or above the review threshold (HIGH) and no follow-up names a review |
/// | PIR005 | warning | resolved or past the window, and no lessons learned |
/// | PIR006 | warning | past the window and no follow-up actions at all |
/// | PIR007 | warning | the category is not in the policy's table |
/// | PIR008 | warning | an open follow-up is past its due date |
///
/// A cancelled incident (a false alarm, a duplicate) owes nothing: only what is written wrong
/// is reported for it (PIR002, PIR003, PIR007, as [`check_incident_written`] gives them).
pub fn check_incident(incident: &Incident, policy: &Policy, now: DateTime<Utc>) -> Vec<Finding> {
    if incident.is_cancelled() {
        return check_incident_written(incident, policy);
    }
    let mut out = Vec::new();
    owed(incident, policy, now, &mut out);
    follow_ups(incident, policy, Some(now), &mut out);
    review(incident, policy, &mut out);
    category(incident, policy, &mut out);
    out
}

/// The findings of [`check_incident`] that say something written is wrong rather than that
/// something is owed by a time: a follow-up without an owner (`PIR002`) or a due date
/// (`PIR003`), and a category the table lacks (`PIR007`); what `check_incident(..)` gives
/// filtered to those codes, in its order, at any `now`. Writes refuse these, so the check each
/// write runs computes only them.
///
/// ```
/// use incident_core::{FollowUp, Incident, Policy, Severity, check_incident_written};
/// let t0 = "2026-05-04T10:00:00Z".parse().unwrap();
/// let mut i = Incident::new("x", Severity::High, t0);
/// i.follow_ups = vec![FollowUp::new("Patch")];
/// let codes: Vec<&str> = check_incident_written(&i, &Policy::default())
///     .iter()
///     .map(|f| f.code.as_str())
///     .collect();
/// assert_eq!(codes, ["PIR002", "PIR003"]);
/// ```
pub fn check_incident_written(incident: &Incident, policy: &Policy) -> Vec<Finding> {
    let mut out = Vec::new();
    follow_ups(incident, policy, None, &mut out);
    category(incident, policy, &mut out);
    out
}

fn push(out: &mut Vec<Finding>, code: Code, level: Level, subject: Subject, message: String) {
    out.push(Finding::about(code, subject, message).with_level(level));
}

/// `PIR001`, `PIR005` and `PIR006`: the documentation owed after the window or on resolution.
fn owed(incident: &Incident, policy: &Policy, now: DateTime<Utc>, out: &mut Vec<Finding>) {
    let hours = policy.documentation_window_hours();
    // Checked: a window past the end of time has simply not passed.
    let window_passed = incident
        .detected
        .checked_add_signed(TimeDelta::hours(i64::from(hours)))
        .is_some_and(|end| now > end);
    let resolved = incident.status() == Status::Resolved;

    if window_passed {
        for (name, value) in [
            ("Description", &incident.description),
            ("Impact", &incident.impact),
        ] {
            if value.is_none() {
                push(
                    out,
                    Code::DocumentationMissing,
                    Level::Error,
                    Subject::Field(name),
                    format!("{name} is not documented {hours} hours after detection"),
                );
            }
        }
    }
    if window_passed || resolved {
        for (name, value) in [
            ("Root Cause", &incident.root_cause),
            ("Resolution", &incident.resolution),
        ] {
            if value.is_none() {
                let (level, when) = if resolved {
                    (Level::Error, "the incident is resolved")
                } else {
                    (Level::Warning, "the incident is still open")
                };
                push(
                    out,
                    Code::DocumentationMissing,
                    level,
                    Subject::Field(name),
                    format!("{name} is not documented and {when}"),
                );
            }
        }
        if incident.lessons_learned.is_none() {
            push(
                out,
                Code::LessonsLearned,
                Level::Warning,
                Subject::Field("Lessons Learned"),
                "no lessons learned recorded".to_owned(),
            );
        }
    }
    if window_passed && incident.follow_ups.is_empty() {
        push(
            out,
            Code::FollowUpsAssigned,
            Level::Warning,
            Subject::Field("Follow-up Actions"),
            "no follow-up actions assigned".to_owned(),
        );
    }
}

/// `PIR002`, `PIR003` and, when judged at a time (`overdue_at`), `PIR008`, follow-up by
/// follow-up.
fn follow_ups(
    incident: &Incident,
    policy: &Policy,
    overdue_at: Option<DateTime<Utc>>,
    out: &mut Vec<Finding>,
) {
    let owners_required = policy.requires(RequirementKind::FollowUpOwners);
    for (i, f) in incident.follow_ups.iter().enumerate() {
        let n = i + 1;
        if owners_required && f.assignee.is_none() {
            push(
                out,
                Code::FollowUpOwner,
                Level::Error,
                Subject::FollowUp(i),
                format!("follow-up {n} (`{}`) has no owner", f.action),
            );
        }
        match &f.due {
            // A done action needs no deadline any more: teams tick items off without one.
            None if f.done => {}
            None => push(
                out,
                Code::FollowUpDue,
                Level::Error,
                Subject::FollowUp(i),
                format!("follow-up {n} (`{}`) has no due date", f.action),
            ),
            Some(Due::Text(t)) => push(
                out,
                Code::FollowUpDue,
                Level::Error,
                Subject::FollowUp(i),
                format!("follow-up {n} has due date `{t}`, which is not a YYYY-MM-DD date"),
            ),
            Some(Due::Date(d)) => {
                if let Some(now) = overdue_at
                    && f.is_overdue(now)
                {
                    push(
                        out,
                        Code::FollowUpOverdue,
                        Level::Warning,
                        Subject::FollowUp(i),
                        format!("follow-up {n} (`{}`) was due {d}", f.action),
                    );
                }
            }
        }
    }
}

/// Whether `text` holds `word` (lowercase ASCII) in any case: what `to_lowercase` and
/// `contains` tell, without a lowercased copy of every follow-up (no character beyond ASCII
/// lowercases to the ASCII letters of the review words).
fn contains_ascii_word(text: &str, word: &str) -> bool {
    let (t, w) = (text.as_bytes(), word.as_bytes());
    t.len() >= w.len()
        && t.windows(w.len())
            .any(|window| window.eq_ignore_ascii_case(w))
}

/// `PIR004`: a review owed for a severe incident.
fn review(incident: &Incident, policy: &Policy, out: &mut Vec<Finding>) {
    if let Some(threshold) = policy.review_threshold()
        && incident.severity >= threshold
        && !incident.follow_ups.iter().any(|f| {
            REVIEW_WORDS
                .iter()
                .any(|w| contains_ascii_word(&f.action, w))
        })
    {
        push(
            out,
            Code::ReviewScheduled,
            Level::Error,
            Subject::Field("Follow-up Actions"),
            format!(
                "{} incident has no incident review scheduled (add a follow-up action naming the review)",
                incident.severity
            ),
        );
    }
}

/// `PIR007`: a category the policy's table lacks.
fn category(incident: &Incident, policy: &Policy, out: &mut Vec<Finding>) {
    if let Some(cat) = &incident.category
        && policy.category(cat).is_none()
    {
        push(
            out,
            Code::KnownCategory,
            Level::Warning,
            Subject::Field("Category"),
            format!("category `{cat}` is not in the categories table"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FollowUp, Severity};
    use chrono::{NaiveDate, TimeZone};

    proptest::proptest! {
        #[test]
        fn review_words_are_found_as_a_lowercased_copy_finds_them(
            text in "([rewpmaREWPMA -]|İ|K|ß|review|REVIEW|rev|iew|post|Post|-|mortem|retro|spective){0,10}",
        ) {
            for w in REVIEW_WORDS {
                proptest::prop_assert_eq!(
                    contains_ascii_word(&text, w),
                    text.to_lowercase().contains(w),
                    "{:?} {:?}", text, w
                );
            }
        }
    }

    fn codes(f: &[Finding]) -> Vec<(&'static str, Level)> {
        f.iter().map(|f| (f.code.as_str(), f.level)).collect()
    }

    #[test]
    fn fresh_incident_owes_nothing_yet_but_a_review() {
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
        let i = Incident::new("x", Severity::High, t0);
        let f = check_incident(&i, &Policy::default(), t0 + TimeDelta::hours(1));
        assert_eq!(codes(&f), [("PIR004", Level::Error)]);
        let low = Incident::new("x", Severity::Low, t0);
        assert!(check_incident(&low, &Policy::default(), t0).is_empty());
    }

    #[test]
    fn a_cancelled_incident_owes_nothing_but_what_is_written_wrong() {
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
        let mut i = Incident::new("false alarm", Severity::Critical, t0);
        i.follow_ups = vec![FollowUp::new("Tune the alert")];
        let later = t0 + TimeDelta::days(30);
        let all = codes(&check_incident(&i, &Policy::default(), later));
        assert!(all.contains(&("PIR001", Level::Error)), "{all:?}");
        i.disposition = Some(crate::Disposition::cancelled("false alarm", None));
        assert_eq!(i.status(), Status::Cancelled);
        let f = check_incident(&i, &Policy::default(), later);
        assert_eq!(
            codes(&f),
            [("PIR002", Level::Error), ("PIR003", Level::Error)]
        );
    }

    #[test]
    fn a_done_follow_up_needs_no_due_date_but_an_open_one_does() {
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
        let mut i = Incident::new("x", Severity::Low, t0);
        let mut done = FollowUp::new("Rotate the key").assignee("amy");
        done.done = true;
        i.follow_ups = vec![done.clone(), FollowUp::new("Add an alert").assignee("bo")];
        let f = check_incident_written(&i, &Policy::default());
        assert_eq!(codes(&f), [("PIR003", Level::Error)]);
        assert!(f[0].message.contains("follow-up 2"), "{f:?}");
        // A done one whose due date is written wrong still says so.
        done.due = Some(Due::Text("soon".into()));
        i.follow_ups = vec![done];
        assert_eq!(
            codes(&check_incident_written(&i, &Policy::default())),
            [("PIR003", Level::Error)]
        );
    }

    #[test]
    fn after_the_window_everything_is_owed() {
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
        let mut i = Incident::new("x", Severity::Medium, t0);
        i.category = Some("GREMLINS".into());
        i.follow_ups = vec![
            FollowUp::from_item_text("Patch - @amy - soon", false),
            FollowUp::new("Document"),
            FollowUp::new("Old")
                .assignee("bo")
                .due(NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()),
        ];
        let f = check_incident(&i, &Policy::default(), t0 + TimeDelta::hours(25));
        assert_eq!(
            codes(&f),
            [
                ("PIR001", Level::Error),
                ("PIR001", Level::Error),
                ("PIR001", Level::Warning),
                ("PIR001", Level::Warning),
                ("PIR005", Level::Warning),
                ("PIR003", Level::Error),
                ("PIR002", Level::Error),
                ("PIR003", Level::Error),
                ("PIR008", Level::Warning),
                ("PIR007", Level::Warning),
            ]
        );
    }

    proptest::proptest! {
        /// The written-wrong findings are `check_incident`'s PIR002, PIR003 and PIR007, in its
        /// order, whatever the time, the follow-ups, the category and the policy.
        #[test]
        fn written_is_check_incident_filtered(
            severity in 0usize..4,
            category in proptest::option::of(proptest::sample::select(vec![
                "CLUSTER_FAILURE", "GREMLINS", "cluster_failure", "",
            ])),
            follow_ups in proptest::collection::vec(
                (proptest::bool::ANY, proptest::option::of(0u8..3), 0u32..40, proptest::bool::ANY),
                0..5,
            ),
            resolved in proptest::bool::ANY,
            hours in 0i64..100,
            owners_optional in proptest::bool::ANY,
        ) {
            let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
            let mut i = Incident::new("x", Severity::ALL[severity], t0);
            i.category = category.map(str::to_owned);
            i.resolved = resolved.then(|| t0 + TimeDelta::hours(2));
            i.follow_ups = follow_ups
                .iter()
                .map(|(owner, due, day, done)| {
                    let mut f = FollowUp::new("Review the fix");
                    if *owner {
                        f = f.assignee("amy");
                    }
                    f.due = match due {
                        None => None,
                        Some(0) => Some(Due::Text("soon".into())),
                        Some(_) => NaiveDate::from_ymd_opt(2026, 5, 1 + day % 28).map(Due::Date),
                    };
                    f.done = *done;
                    f
                })
                .collect();
            let mut policy = Policy::default();
            if owners_optional {
                policy.requirements.retain(|r| r.kind != Some(RequirementKind::FollowUpOwners));
            }
            let now = t0 + TimeDelta::hours(hours);
            let wrong = [Code::FollowUpOwner, Code::FollowUpDue, Code::KnownCategory];
            let filtered: Vec<Finding> = check_incident(&i, &policy, now)
                .into_iter()
                .filter(|f| wrong.contains(&f.code))
                .collect();
            proptest::prop_assert_eq!(check_incident_written(&i, &policy), filtered);
        }
    }
}
