//! Fuzz targets, one per entry point, run by the seeded mutation fuzzer in [`runner`] (not
//! coverage-guided; see there). `cargo test -p incident-cli --test fuzz` runs each for a moment;
//! `INCIDENT_FUZZ_SECONDS=600 cargo test --release -p incident-cli --test fuzz -- --nocapture`
//! runs longer. `.ci/run` gives each target a few seconds.
//!
//! - `parse`: any bytes; UTF-8 parses and prints back byte for byte, and every span the view
//!   gives (entries, fields, diagnostics) lies inside the text on character boundaries.
//! - `edit`: every edit with random values on a random document: it fails and leaves the
//!   document as it was, or it changes only the bytes its `Change`s name, and the result
//!   parses and prints back the same.
//! - `check`: the library's checks (the view's diagnostics, `check_incident`, response
//!   deadlines) on any document: no panic.
//! - `config`: any `.incident.toml`, through the binary's `check`, `sla` and `report`: exit 0, 1
//!   or 2 with a message, never a panic.
//! - `json`: any `new --from-json` input, through the binary (dry run): exit 0 or 2, never a
//!   panic.

mod runner;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use incident_core::{
    BusinessCalendar, Due, FollowUp, Incident, RelatedLog, Severity, check_incident,
};
use incident_md::{AddOptions, Change, Document, FieldName, Order};
use runner::{DICTIONARY, Rng, fuzz};

const NOW: &str = "2026-03-10T12:00:00Z";

fn document(input: &[u8]) -> Option<Document> {
    Document::from_bytes(input).ok()
}

/// A span of `text` that is in bounds and on character boundaries.
fn valid_span(text: &str, span: &std::ops::Range<usize>) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

#[test]
fn fuzz_parse() {
    fuzz("parse", |input, _| {
        let Some(doc) = document(input) else {
            return match std::str::from_utf8(input) {
                Ok(_) => Err("UTF-8 input refused".into()),
                Err(_) => Ok(()),
            };
        };
        if doc.to_string().as_bytes() != input {
            return Err("printing changed the bytes".into());
        }
        let text = doc.as_str();
        for e in doc.incidents() {
            for span in [&e.span, &e.heading_span] {
                if !valid_span(text, span) {
                    return Err(format!("entry {} has span {span:?}", e.id));
                }
            }
            for f in &e.fields {
                for span in [&f.span, &f.inline] {
                    if !valid_span(text, span) {
                        return Err(format!("field {} has span {span:?}", f.label));
                    }
                }
            }
        }
        for d in &doc.log().diagnostics {
            let Some(span) = &d.span else {
                return Err(format!("{} has no span", d.code));
            };
            if !valid_span(text, span) {
                return Err(format!("{} has span {span:?}", d.code));
            }
            doc.position(span.start);
        }
        Ok(())
    });
}

/// A random value: dictionary tokens and random characters.
fn value(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(6) {
        if rng.chance(3) {
            out.push(char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('x'));
        } else {
            let token = rng.pick(DICTIONARY);
            out.push_str(token);
        }
    }
    out
}

const FIELDS: &[FieldName] = &[
    FieldName::Severity,
    FieldName::Category,
    FieldName::Detected,
    FieldName::Acknowledged,
    FieldName::Resolved,
    FieldName::Description,
    FieldName::Impact,
    FieldName::RootCause,
    FieldName::Resolution,
    FieldName::FollowUpActions,
    FieldName::LessonsLearned,
    FieldName::RelatedLogs,
];

/// One random edit; `Err` from the library is an answer, not a failure.
fn random_edit(doc: &mut Document, rng: &mut Rng) -> Result<Vec<Change>, incident_md::Error> {
    let id = match doc.incidents() {
        [] => "2026".to_owned(),
        entries => {
            let id = &rng.pick(entries).id;
            // A prefix sometimes: the lookup by unique prefix is an entry point too.
            let chars = id.chars().count();
            id.chars()
                .take(chars - rng.below(chars.min(4) + 1))
                .collect()
        }
    };
    let at = "2026-03-02T09:41:00Z".parse().unwrap();
    match rng.below(7) {
        0 | 1 => doc.set_field(&id, *rng.pick(FIELDS), &value(rng)),
        2 => {
            let mut i = Incident::new(value(rng), *rng.pick(&Severity::ALL), at);
            i.description = Some(value(rng));
            i.impact = Some(value(rng));
            i.root_cause = Some(value(rng));
            i.category = rng.chance(2).then(|| value(rng));
            let mut f = FollowUp::new(value(rng)).assignee(value(rng));
            if rng.chance(2) {
                f.due = Some(Due::Text(value(rng)));
            }
            i.follow_ups.push(f);
            i.related_logs
                .push(RelatedLog::new(value(rng), Some(value(rng))));
            let order = if rng.chance(2) {
                Order::NewestFirst
            } else {
                Order::OldestFirst
            };
            doc.add_incident(&i, &AddOptions::with_order(order))
                .map(|a| a.changes)
        }
        3 => doc.add_follow_up(&id, &FollowUp::new(value(rng)).assignee(value(rng))),
        4 => {
            let target = rng.chance(2).then(|| value(rng));
            doc.add_related_log(&id, &RelatedLog::new(value(rng), target))
        }
        5 => doc.set_follow_up_done(&id, rng.below(4), rng.chance(2)),
        _ => doc.set_acknowledged(&id, at),
    }
}

/// Where the text a change put in ends up after the later changes: shifted by those before
/// it; `None` when a later change rewrote part of it (then the replay is not checked).
fn final_range(c: &Change, later: &[Change]) -> Option<std::ops::Range<usize>> {
    let mut r = c.after.clone();
    for l in later {
        if l.before.end <= r.start {
            let delta = l.after.len() as isize - l.before.len() as isize;
            r = (r.start as isize + delta) as usize..(r.end as isize + delta) as usize;
        } else if l.before.start < r.end {
            return None;
        }
    }
    Some(r)
}

#[test]
fn fuzz_edit() {
    fuzz("edit", |input, rng| {
        let Some(mut doc) = document(input) else {
            return Ok(());
        };
        for _ in 0..1 + rng.below(4) {
            let before = doc.as_str().to_owned();
            match random_edit(&mut doc, rng) {
                Err(e) if doc.as_str() != before => {
                    return Err(format!("refused ({e}) but changed the document"));
                }
                Err(_) => {}
                Ok(changes) => {
                    // Replay the splices on the old text, each with its replacement as found
                    // in the final text: the result must be the new text, so no byte outside
                    // them changed.
                    let now = doc.as_str();
                    let mut replay = before.clone();
                    for (k, c) in changes.iter().enumerate() {
                        let Some(r) = final_range(c, &changes[k + 1..]) else {
                            return Ok(());
                        };
                        if !valid_span(&replay, &c.before) || !valid_span(now, &r) {
                            return Err(format!("change {c:?} out of bounds"));
                        }
                        replay.replace_range(c.before.clone(), &now[r]);
                    }
                    if replay != now {
                        return Err(format!("bytes outside the changes {changes:?} changed"));
                    }
                    let again: Document = doc.as_str().parse().unwrap();
                    if again.to_string() != doc.as_str() {
                        return Err("the edited document does not print back".into());
                    }
                }
            }
        }
        Ok(())
    });
}

#[test]
fn fuzz_check() {
    fuzz("check", |input, _| {
        let Some(doc) = document(input) else {
            return Ok(());
        };
        let log = doc.log();
        let now = NOW.parse().unwrap();
        let calendar = BusinessCalendar::default();
        for e in doc.incidents() {
            if let Some(i) = &e.incident {
                check_incident(i, &log.policy, now);
                i.response_deadline(&log.policy, &calendar);
            }
        }
        Ok(())
    });
}

/// Runs the binary in `dir` with the fixed clock, `input` on standard input; returns the exit
/// code and standard error.
fn binary(dir: &Path, args: &[&str], input: &[u8]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_incident"))
        .current_dir(dir)
        .env("INCIDENT_NOW", NOW)
        .args(["--color", "never"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // A refused input may close standard input early.
    let _ = child.stdin.take().unwrap().write_all(input);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A directory with the seed log, for the binary targets.
fn log_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let seed = runner::corpus_dir().join("edit/seed.md");
    std::fs::copy(seed, dir.path().join("INCIDENTS.md")).unwrap();
    dir
}

#[test]
fn fuzz_config() {
    let dir = log_dir();
    fuzz("config", |input, rng| {
        std::fs::write(dir.path().join(".incident.toml"), input).unwrap();
        const COMMANDS: [&[&str]; 3] = [&["check"], &["sla"], &["report"]];
        let args = rng.pick(&COMMANDS);
        let (code, stderr) = binary(dir.path(), args, b"");
        match code {
            Some(0..=2) if !stderr.contains("panicked") => Ok(()),
            _ => Err(format!("{args:?} exited {code:?}: {stderr}")),
        }
    });
}

#[test]
fn fuzz_json() {
    let dir = log_dir();
    fuzz("json", |input, _| {
        let (code, stderr) = binary(dir.path(), &["new", "--dry-run", "--from-json", "-"], input);
        match code {
            Some(0 | 2) if !stderr.contains("panicked") => Ok(()),
            _ => Err(format!("exited {code:?}: {stderr}")),
        }
    });
}
