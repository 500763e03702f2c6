//! Follow-up actions kept as the rows of a table (`| Action | Owner | Due | Done |`): ticking,
//! adding, changing and removing one writes the table's own cells and rows, in its own words,
//! and nothing else; what cannot be written there is refused and the text stays as it was.

use incident_core::{Due, FollowUp};
use incident_md::{Document, Error};
use proptest::prelude::*;

const LOG: &str = "# Log\n\n## 2026-11-02 — DB failover\n\n\
**Severity:** SEV2\n\
**Detected:** 2026-11-02 10:00 UTC\n\n\
| Task | Owner | Due date | Status |\n\
| --- | --- | --- | --- |\n\
| Fix replica lag alert | dana | 2026-11-20 | Open |\n\
| Document failover | eli | 2026-11-25 | Done |\n\n\
Notes after the table.\n";

const ID: &str = "2026-11-02-db-failover";

fn doc(text: &str) -> Document {
    text.parse().unwrap()
}

fn follow_ups(doc: &Document) -> Vec<FollowUp> {
    doc.get(ID)
        .and_then(|e| e.incident.clone())
        .map(|i| i.follow_ups)
        .unwrap_or_default()
}

fn due(d: &str) -> Option<Due> {
    Some(Due::Date(d.parse().unwrap()))
}

#[test]
fn ticking_a_row_writes_the_word_the_table_uses_for_done() {
    let mut d = doc(LOG);
    assert_eq!(follow_ups(&d).len(), 2);
    d.set_follow_up_done(ID, 1, true).unwrap();
    assert_eq!(
        d.to_string(),
        LOG.replace("| 2026-11-20 | Open |", "| 2026-11-20 | Done |")
    );
    assert!(follow_ups(&d)[0].done);
    // Already done: nothing changes.
    assert!(d.set_follow_up_done(ID, 1, true).unwrap().is_empty());
    d.set_follow_up_done(ID, 2, false).unwrap();
    assert!(
        d.to_string()
            .contains("| Document failover | eli | 2026-11-25 | Open |")
    );
    assert!(!follow_ups(&d)[1].done);
}

#[test]
fn a_new_action_is_one_more_row_in_the_tables_words() {
    let mut d = doc(LOG);
    let f = FollowUp::parse_strict("Test a restore - @fay - 2026-12-10").unwrap();
    d.add_follow_up(ID, &f).unwrap();
    assert_eq!(
        d.to_string(),
        LOG.replace(
            "| Document failover | eli | 2026-11-25 | Done |\n",
            "| Document failover | eli | 2026-11-25 | Done |\n\
             | Test a restore | fay | 2026-12-10 | Open |\n"
        )
    );
    let read = follow_ups(&d);
    assert_eq!(read.len(), 3);
    assert_eq!(read[2].action, "Test a restore");
    assert_eq!(read[2].assignee.as_deref(), Some("fay"));
    assert_eq!(read[2].due, due("2026-12-10"));
    assert!(!read[2].done);
}

#[test]
fn changing_an_action_writes_only_the_cells_that_change() {
    let mut d = doc(LOG);
    d.edit_follow_up(ID, 2, |f| f.due = due("2026-11-30"))
        .unwrap();
    assert_eq!(
        d.to_string(),
        LOG.replace("| eli | 2026-11-25 |", "| eli | 2026-11-30 |")
    );
    d.edit_follow_up(ID, 1, |f| f.assignee = Some("gus".into()))
        .unwrap();
    assert!(
        d.to_string()
            .contains("| Fix replica lag alert | gus | 2026-11-20 | Open |")
    );
    assert_eq!(follow_ups(&d)[0].assignee.as_deref(), Some("gus"));
}

#[test]
fn removing_an_action_removes_its_row_only() {
    let mut d = doc(LOG);
    d.remove_follow_up(ID, 1).unwrap();
    assert_eq!(
        d.to_string(),
        LOG.replace("| Fix replica lag alert | dana | 2026-11-20 | Open |\n", "")
    );
    let read = follow_ups(&d);
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].action, "Document failover");
}

#[test]
fn crlf_rows_keep_their_line_endings() {
    let crlf = LOG.replace('\n', "\r\n");
    let mut d = doc(&crlf);
    let f = FollowUp::parse_strict("Rotate keys - @hal - 2026-12-01").unwrap();
    d.add_follow_up(ID, &f).unwrap();
    d.remove_follow_up(ID, 1).unwrap();
    let out = d.to_string();
    assert!(!out.replace("\r\n", "").contains(['\r', '\n']), "{out:?}");
    assert!(out.contains("| Rotate keys | hal | 2026-12-01 | Open |\r\n"));
    assert_eq!(follow_ups(&d).len(), 2);
}

#[test]
fn what_the_table_has_no_column_for_is_refused_and_nothing_is_written() {
    let log = LOG
        .replace("| Task | Owner | Due date | Status |", "| Task | Owner |")
        .replace("| --- | --- | --- | --- |", "| --- | --- |")
        .replace(" 2026-11-20 | Open |", "")
        .replace(" 2026-11-25 | Done |", "");
    let mut d = doc(&log);
    assert_eq!(follow_ups(&d).len(), 2);
    let e = d.set_follow_up_done(ID, 1, true).unwrap_err();
    assert!(matches!(e, Error::Uneditable { .. }), "{e:?}");
    assert!(e.to_string().contains("no Done or Status column"), "{e}");
    let e = d
        .edit_follow_up(ID, 1, |f| f.due = due("2026-12-01"))
        .unwrap_err();
    assert!(e.to_string().contains("no column for the due date"), "{e}");
    let f = FollowUp::parse_strict("Add a probe - @ida - 2026-12-03").unwrap();
    assert!(d.add_follow_up(ID, &f).is_err());
    assert_eq!(d.to_string(), log);
    // What it has columns for is written.
    let f = FollowUp::parse_strict("Add a probe - @ida").unwrap();
    d.add_follow_up(ID, &f).unwrap();
    assert!(d.to_string().contains("| Add a probe | ida |\n"));
}

#[test]
fn a_cell_that_would_not_read_back_is_refused() {
    let mut d = doc(LOG);
    let mut f = FollowUp::parse_strict("x").unwrap();
    f.action = "Split | the pipe".into();
    let e = d.add_follow_up(ID, &f).unwrap_err();
    assert!(e.to_string().contains("would not read back"), "{e}");
    assert_eq!(d.to_string(), LOG);
}

#[test]
fn a_table_in_a_code_fence_holds_no_actions() {
    let log = LOG.replace(
        "| Task | Owner | Due date | Status |",
        "```\n| Task | Owner |\n| --- | --- |\n| Not an action | x |\n```\n\n| Task | Owner | Due date | Status |",
    );
    let mut d = doc(&log);
    assert_eq!(follow_ups(&d).len(), 2);
    d.set_follow_up_done(ID, 1, true).unwrap();
    assert!(d.to_string().contains("| Not an action | x |"));
    assert!(
        d.to_string()
            .contains("| Fix replica lag alert | dana | 2026-11-20 | Done |")
    );
}

/// The done words a table may use, as (not done, done).
const WORDS: [(&str, &str); 6] = [
    ("no", "yes"),
    ("No", "Yes"),
    ("[ ]", "[x]"),
    ("❌", "✅"),
    ("Open", "Done"),
    ("", "x"),
];

proptest! {
    /// Ticking or unticking any row of a table in any of these vocabularies changes that row's
    /// done cell only, and the row then reads as asked, the others as they were.
    #[test]
    fn setting_done_changes_one_cell_and_reads_back(
        states in proptest::collection::vec(any::<bool>(), 1..6),
        words in 0..WORDS.len(),
        pick in any::<prop::sample::Index>(),
        done in any::<bool>(),
    ) {
        let (no, yes) = WORDS[words];
        let mut log = String::from("# Log\n\n## 2026-11-02 — Outage\n\n**Severity:** High\n**Detected:** 2026-11-02 10:00 UTC\n\n| Action | Owner | Done |\n|---|---|---|\n");
        for (k, s) in states.iter().enumerate() {
            log.push_str(&format!("| step {k} | @o{k} | {} |\n", if *s { yes } else { no }));
        }
        let mut d: Document = log.parse().unwrap();
        let id = "2026-11-02-outage";
        let before: Vec<bool> = d.get(id).unwrap().incident.as_ref().unwrap().follow_ups.iter().map(|f| f.done).collect();
        prop_assert_eq!(&before, &states);
        let n = pick.index(states.len());
        d.set_follow_up_done(id, n + 1, done).unwrap();
        let after: Vec<bool> = d.get(id).unwrap().incident.as_ref().unwrap().follow_ups.iter().map(|f| f.done).collect();
        let mut want = states.clone();
        want[n] = done;
        prop_assert_eq!(after, want);
        let (old, new) = (log.lines().collect::<Vec<_>>(), d.to_string());
        let new: Vec<&str> = new.lines().collect();
        prop_assert_eq!(old.len(), new.len());
        let changed: Vec<usize> = (0..old.len()).filter(|&i| old[i] != new[i]).collect();
        prop_assert!(changed.len() <= 1, "{:?}", changed);
        if let Some(&i) = changed.first() {
            let lead = format!("| step {n} | @o{n} |");
            prop_assert!(new[i].starts_with(&lead));
        }
    }
}

#[test]
fn a_row_short_of_the_cell_to_write_is_refused() {
    let log = LOG.replace(
        "| Fix replica lag alert | dana | 2026-11-20 | Open |",
        "| Fix replica lag alert | dana |",
    );
    let mut d = doc(&log);
    let e = d.set_follow_up_done(ID, 1, true).unwrap_err();
    assert!(e.to_string().contains("fewer cells"), "{e}");
    let e = d
        .edit_follow_up(ID, 1, |f| f.due = due("2026-12-01"))
        .unwrap_err();
    assert!(e.to_string().contains("fewer cells"), "{e}");
    assert_eq!(d.to_string(), log);
}

#[test]
fn a_numbered_table_numbers_the_new_row() {
    let log = LOG
        .replace("| Task | Owner |", "| # | Task | Owner |")
        .replace(
            "| --- | --- | --- | --- |",
            "| --- | --- | --- | --- | --- |",
        )
        .replace("| Fix replica", "| 1 | Fix replica")
        .replace("| Document failover", "| 2 | Document failover");
    let mut d = doc(&log);
    assert_eq!(follow_ups(&d).len(), 2);
    let f = FollowUp::parse_strict("Test a restore - @fay - 2026-12-10").unwrap();
    d.add_follow_up(ID, &f).unwrap();
    assert!(
        d.to_string()
            .contains("| 2 | Document failover | eli | 2026-11-25 | Done |\n| 3 | Test a restore | fay | 2026-12-10 | Open |\n"),
        "{}",
        d.to_string()
    );
}

proptest! {
    /// Tables of any shape (cells missing or extra, CRLF, pipes without a closing one, words of
    /// any kind in the done column) and any action edit: nothing panics, a refused edit leaves
    /// the text as it was, and a done one is what the log then reads.
    #[test]
    fn any_table_and_any_action_edit_is_done_or_refused_whole(
        header in prop::sample::select(vec![
            "| Action | Owner | Due | Done |",
            "| Task | Assignee | Due date | Status |",
            "| # | Action | Owner |",
            "Action | Owner | Done",
            "| Follow-up | Done |",
        ]),
        rows in proptest::collection::vec(
            (
                "[a-z ]{0,12}",
                prop::sample::select(vec!["", "@kim", "lee", "Two Words"]),
                prop::sample::select(vec!["", "2026-12-01", "soon"]),
                prop::sample::select(vec!["", "yes", "no", "Done", "Open", "[x]", "✅", "maybe"]),
                0usize..3,
            ),
            0..5,
        ),
        crlf in any::<bool>(),
        op in 0usize..4,
        n in 1usize..5,
        done in any::<bool>(),
    ) {
        let cols = header.matches('|').count().max(2);
        let mut log = format!(
            "# Log\n\n## 2026-11-02 — Outage\n\n**Severity:** SEV2\n**Detected:** 2026-11-02 10:00 UTC\n\n{header}\n|{}\n",
            "---|".repeat(cols)
        );
        for (action, owner, due, state, cut) in &rows {
            let cells = [action.as_str(), owner, due, state];
            let kept = &cells[..cells.len().saturating_sub(*cut)];
            log.push_str(&format!("| {} |\n", kept.join(" | ")));
        }
        if crlf {
            log = log.replace('\n', "\r\n");
        }
        let mut d: Document = log.parse().unwrap();
        let id = "2026-11-02-outage";
        let Some(before) = d.get(id).and_then(|e| e.incident.clone()) else {
            return Ok(());
        };
        let result = match op {
            0 => d.set_follow_up_done(id, n, done).map(|_| ()),
            1 => d
                .add_follow_up(id, &FollowUp::parse_strict("Add a probe - @ida - 2026-12-03").unwrap())
                .map(|_| ()),
            2 => d.edit_follow_up(id, n, |f| f.due = due("2026-12-09")).map(|_| ()),
            _ => d.remove_follow_up(id, n).map(|_| ()),
        };
        let after = d.get(id).and_then(|e| e.incident.clone());
        match result {
            Err(_) => prop_assert_eq!(d.to_string(), log),
            Ok(()) => {
                let reread: Document = d.to_string().parse().unwrap();
                let again = reread.get(id).and_then(|e| e.incident.clone());
                prop_assert_eq!(&again, &after);
                let (b, a) = (before.follow_ups.len(), after.map_or(0, |i| i.follow_ups.len()));
                match op {
                    1 => prop_assert_eq!(a, b + 1),
                    3 => prop_assert_eq!(a + 1, b),
                    _ => prop_assert_eq!(a, b),
                }
            }
        }
    }
}

#[test]
fn a_two_column_table_named_after_a_list_field_is_no_follow_up_field() {
    // `| Follow-up | Done |` reads like a field row to the lenient reader, but a list never
    // stands in a cell: the new action is a field of its own, and it reads back.
    let log = "# Log\n\n## 2026-11-02 — Outage\n\n**Severity:** SEV2\n**Detected:** 2026-11-02 10:00 UTC\n\n| Follow-up | Done |\n|---|---|\n";
    let mut d = doc(log);
    assert_eq!(follow_ups(&d).len(), 0);
    let f = FollowUp::parse_strict("Add a probe - @ida - 2026-12-03").unwrap();
    d.add_follow_up("2026-11-02-outage", &f).unwrap();
    let read = d
        .get("2026-11-02-outage")
        .unwrap()
        .incident
        .clone()
        .unwrap()
        .follow_ups;
    assert_eq!(read.len(), 1, "{d}");
    assert!(d.to_string().starts_with(log), "{d}");
}

/// A status that says work has started (`In progress`) is one action's, not the word for a
/// new one: a new row leaves the cell empty (read as not done) when the table has no other.
#[test]
fn a_new_action_is_not_said_to_be_in_progress() {
    let log = LOG.replace("| Open |", "| In progress |");
    let mut d = doc(&log);
    let f = FollowUp::parse_strict("Test a restore - @fay - 2026-12-10").unwrap();
    d.add_follow_up(ID, &f).unwrap();
    assert!(
        d.to_string()
            .contains("| Document failover | eli | 2026-11-25 | Done |\n| Test a restore | fay | 2026-12-10 |  |\n"),
        "{}",
        d
    );
    let read = follow_ups(&d);
    assert_eq!(read.len(), 3);
    assert!(!read[2].done);
}

/// A new incident in a log whose entries keep their actions in a table gets a table like it
/// (header, delimiter, a row per follow-up in the table's words), and it reads back.
#[test]
fn a_new_incident_writes_its_follow_ups_as_the_logs_table() {
    let mut d = doc(LOG);
    let at = "2026-11-10T09:00:00Z".parse().unwrap();
    let mut i = incident_core::Incident::new("Cache stampede", incident_core::Severity::High, at);
    i.follow_ups = vec![FollowUp::parse_strict("Add jitter - @kai - 2026-12-01").unwrap()];
    let options = incident_md::AddOptions::learned(&d, incident_core::Order::NewestFirst);
    let added = d.add_incident(&i, &options).unwrap();
    assert!(
        d.to_string().contains(
            "| Task | Owner | Due date | Status |\n| --- | --- | --- | --- |\n| Add jitter | kai | 2026-12-01 | Open |\n"
        ),
        "{d}"
    );
    let read = d
        .get(&added.id)
        .unwrap()
        .incident
        .clone()
        .unwrap()
        .follow_ups;
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].action, "Add jitter");
    assert_eq!(read[0].assignee.as_deref(), Some("kai"));
}
