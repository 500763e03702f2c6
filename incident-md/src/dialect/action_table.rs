//! Follow-up actions kept as the rows of a table (`| Action | Owner | Due | Done |`): where each
//! row and cell is, and what an edit writes into them, in the table's own words.
//!
//! The rows are the ones the lenient reader takes as follow-ups ([`read_action_row`]): the data
//! rows of the entry's tables whose header names an action column, outside code fences, in
//! order; a row whose action cell is empty is no follow-up. Every edit is checked the same way:
//! the row it writes is read back with the reader's own function and must say what was asked.

use std::ops::Range;

use incident_core::lines::TrimWs as _;
use incident_core::{Due, FollowUp};

use super::field_edit::Splice;
use super::fields::{
    ACTION_COLUMN, DONE_COLUMN, DUE_COLUMN, OWNER_COLUMN, action_header, cell_span, column_of,
    delimiter_row, read_action_row, row_cells, says_done,
};

/// One table of actions.
#[derive(Debug)]
struct Table {
    /// The header's cells, lowercased.
    columns: Vec<String>,
    /// Every data row's line, without its terminator.
    rows: Vec<Range<usize>>,
}

/// The action tables of an entry and its follow-ups among their rows.
#[derive(Debug)]
pub(crate) struct ActionTables {
    tables: Vec<Table>,
    /// Follow-up `n` is row `actions[n].1` of table `actions[n].0`.
    actions: Vec<(usize, usize)>,
}

/// The new text of a cell an edit writes, `None` when the table's words do not tell it.
type CellText<'a> = dyn Fn() -> Option<String> + 'a;

/// Why an edit of an action table cannot be made.
pub(crate) type Refusal = String;

impl ActionTables {
    /// The action tables between `span`'s bytes of `src`, or `None` when there is none.
    pub(crate) fn find(src: &str, span: Range<usize>) -> Option<ActionTables> {
        let mut found = ActionTables {
            tables: Vec::new(),
            actions: Vec::new(),
        };
        // The table being read: `Some(None)` for a table that is not one of actions.
        let mut open: Option<Option<usize>> = None;
        let mut fence: Option<&str> = None;
        let mut offset = span.start;
        for raw in crate::lines::inclusive(&src[span]) {
            let at = offset;
            offset += raw.len();
            let line = crate::lines::without_terminator(raw);
            let t = line.trim_start();
            if let Some(f) = fence {
                if t.starts_with(f) {
                    fence = None;
                }
                continue;
            }
            if t.starts_with("```") || t.starts_with("~~~") {
                fence = Some(&t[..3]);
                open = None;
                continue;
            }
            if !t.starts_with('|') {
                open = None;
                continue;
            }
            match open {
                None => {
                    // The first row is the header.
                    open = Some(action_header(line).map(|columns| {
                        found.tables.push(Table {
                            columns,
                            rows: Vec::new(),
                        });
                        found.tables.len() - 1
                    }));
                }
                Some(_) if delimiter_row(line) => {}
                Some(None) => {}
                Some(Some(k)) => {
                    let table = &mut found.tables[k];
                    table.rows.push(at..at + line.len());
                    if !read_action_row(&table.columns, line).0.is_empty() {
                        found.actions.push((k, table.rows.len() - 1));
                    }
                }
            }
        }
        (!found.tables.is_empty()).then_some(found)
    }

    /// How many follow-ups the tables hold.
    pub(crate) fn len(&self) -> usize {
        self.actions.len()
    }

    fn row(&self, n: usize) -> Option<(&Table, &Range<usize>)> {
        let &(k, r) = self.actions.get(n)?;
        let table = &self.tables[k];
        Some((table, &table.rows[r]))
    }

    /// The splice that ticks (or unticks) follow-up `n` (from 0), `None` when it already says
    /// so.
    pub(crate) fn set_done(
        &self,
        src: &str,
        n: usize,
        done: bool,
    ) -> Option<Result<Splice, Refusal>> {
        let (table, line) = self.row(n)?;
        let Some(col) = column_of(&table.columns, DONE_COLUMN) else {
            return Some(Err(
                "its action table has no Done or Status column to write it in".to_owned(),
            ));
        };
        let text = &src[line.clone()];
        if read_action_row(&table.columns, text).1 == done {
            return None;
        }
        let Some(cell) = cell_of(text, col) else {
            return Some(Err(short_row(text)));
        };
        let Some(word) = done_word(src, table, done, &text[cell.clone()]) else {
            return Some(Err(format!(
                "cannot tell what its action table writes for an action {}",
                if done { "done" } else { "not done" }
            )));
        };
        let splice = Splice {
            range: line.start + cell.start..line.start + cell.end,
            text: word,
        };
        let after = spliced(text, line.start, std::slice::from_ref(&splice));
        if read_action_row(&table.columns, &after).1 != done {
            return Some(Err(format!(
                "`{}` would not read back as {}",
                splice.text,
                if done { "done" } else { "not done" }
            )));
        }
        Some(Ok(splice))
    }

    /// The splice that adds `f` as a new row after the last row of the last action table.
    pub(crate) fn add(&self, src: &str, f: &FollowUp, eol: &str) -> Result<Splice, Refusal> {
        let table = self.tables.last().expect("found tables are never empty");
        // After the last row, written like it (a table without rows has none to copy).
        let (after_line, like) = match table.rows.last() {
            Some(last) => (last.clone(), last.clone()),
            None => return Err("its action table has no row to write a new one like".to_owned()),
        };
        let row = row_for(src, table, &src[like], f, |k| {
            table
                .rows
                .iter()
                .rev()
                .find_map(|r| row_cells(&src[r.clone()]).get(k)?.parse::<u64>().ok())
                .map(|n| n + 1)
        })?;
        Ok(Splice {
            range: after_line.end..after_line.end,
            text: format!("{eol}{row}"),
        })
    }

    /// A new table of `follow_ups` written like the last action table: its header and
    /// delimiter rows, then a row for each follow-up in the table's words (numbered from 1
    /// where the table numbers its rows). What a new entry of a log whose entries keep their
    /// actions in tables writes.
    pub(crate) fn new_table(
        &self,
        src: &str,
        follow_ups: &[FollowUp],
        eol: &str,
    ) -> Result<String, Refusal> {
        let table = self.tables.last().expect("found tables are never empty");
        let (Some(first), Some(like)) = (table.rows.first(), table.rows.last()) else {
            return Err("its action table has no row to write a new one like".to_owned());
        };
        // The header and the delimiter: the two lines above the first row.
        let mut above = src[..first.start]
            .strip_suffix('\n')
            .map(|s| s.strip_suffix('\r').unwrap_or(s))
            .unwrap_or("")
            .rsplit('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l));
        let (Some(delimiter), Some(header)) = (above.next(), above.next()) else {
            return Err("its action table has no header to copy".to_owned());
        };
        let mut lines = vec![header.to_owned(), delimiter.to_owned()];
        for (k, f) in follow_ups.iter().enumerate() {
            lines.push(row_for(src, table, &src[like.clone()], f, |_| {
                Some(k as u64 + 1)
            })?);
        }
        Ok(lines.join(eol))
    }
}

/// The row of `table` for `f`, written like the row `like`: its action, owner, due date and
/// done state in the table's columns and words; a column that numbers the rows gets
/// `number(column)`.
fn row_for(
    src: &str,
    table: &Table,
    like: &str,
    f: &FollowUp,
    number: impl Fn(usize) -> Option<u64>,
) -> Result<String, Refusal> {
    let mut cells = vec![String::new(); table.columns.len()];
    let action = column_of(&table.columns, ACTION_COLUMN).expect("an action table");
    cells[action] = f.action.clone();
    for (names, value, what) in [
        (OWNER_COLUMN, owner_cell(src, table, f), "owner"),
        (DUE_COLUMN, f.due.as_ref().map(Due::to_string), "due date"),
    ] {
        if let Some(value) = value {
            let Some(col) = column_of(&table.columns, names) else {
                return Err(format!("its action table has no column for the {what}"));
            };
            cells[col] = value;
        }
    }
    if let Some(col) = column_of(&table.columns, DONE_COLUMN) {
        match done_word(src, table, f.done, "") {
            Some(word) => cells[col] = word,
            None if f.done => {
                return Err(
                    "cannot tell what its action table writes for an action done".to_owned(),
                );
            }
            None => {}
        }
    } else if f.done {
        return Err("its action table has no Done or Status column".to_owned());
    }
    // A column that numbers the rows (`| # |`) gets the next number.
    for (k, header) in table.columns.iter().enumerate() {
        if !cells[k].is_empty() || !matches!(header.trim(), "#" | "no" | "no." | "n" | "nr") {
            continue;
        }
        if let Some(n) = number(k) {
            cells[k] = n.to_string();
        }
    }
    let row = row_like(like, &cells);
    reads_back(&table.columns, &row, f)?;
    Ok(row)
}

impl ActionTables {
    /// The splice that removes follow-up `n`'s row, line ending and all.
    pub(crate) fn remove(&self, src: &str, n: usize) -> Option<Splice> {
        let (_, line) = self.row(n)?;
        let rest = &src[line.end..];
        let eol = if rest.starts_with("\r\n") {
            2
        } else {
            usize::from(rest.starts_with(['\n', '\r']))
        };
        let range = if eol > 0 {
            line.start..line.end + eol
        } else {
            // The last line of the text: the line ending before it goes instead.
            let before = &src[..line.start];
            let back = if before.ends_with("\r\n") {
                2
            } else {
                usize::from(before.ends_with(['\n', '\r']))
            };
            line.start - back..line.end
        };
        Some(Splice {
            range,
            text: String::new(),
        })
    }

    /// The splices (last cell first) that make follow-up `n`'s row say `f`: only the cells
    /// whose value changes are written.
    pub(crate) fn edit(
        &self,
        src: &str,
        n: usize,
        was: &FollowUp,
        f: &FollowUp,
    ) -> Option<Result<Vec<Splice>, Refusal>> {
        let (table, line) = self.row(n)?;
        let text = &src[line.clone()];
        // The cells that change: their columns, what they are called, their new text.
        let action = || Some(f.action.clone());
        let owner = || Some(owner_cell(src, table, f).unwrap_or_default());
        let due = || Some(f.due.as_ref().map(Due::to_string).unwrap_or_default());
        let done = || done_word(src, table, f.done, "");
        let cells: [(&[&str], bool, &str, &CellText); 4] = [
            (ACTION_COLUMN, f.action != was.action, "action", &action),
            (OWNER_COLUMN, f.assignee != was.assignee, "owner", &owner),
            (DUE_COLUMN, f.due != was.due, "due date", &due),
            (DONE_COLUMN, f.done != was.done, "done state", &done),
        ];
        let mut writes: Vec<(usize, String)> = Vec::new();
        for (names, changed, what, value) in cells {
            if !changed {
                continue;
            }
            let Some(col) = column_of(&table.columns, names) else {
                return Some(Err(format!(
                    "its action table has no column for the {what}"
                )));
            };
            let Some(value) = value() else {
                return Some(Err(format!(
                    "cannot tell what its action table writes for that {what}"
                )));
            };
            writes.push((col, value));
        }
        writes.sort_by_key(|w| std::cmp::Reverse(w.0));
        writes.dedup_by_key(|w| w.0);
        let mut splices = Vec::new();
        for (col, value) in writes {
            let Some(cell) = cell_of(text, col) else {
                return Some(Err(short_row(text)));
            };
            splices.push(Splice {
                range: line.start + cell.start..line.start + cell.end,
                text: pad_empty(text, &cell, value),
            });
        }
        let after = spliced(text, line.start, &splices);
        if let Err(e) = reads_back(&table.columns, &after, f) {
            return Some(Err(e));
        }
        Some(Ok(splices))
    }
}

/// The span of cell `col` of a row, `None` when the row has fewer cells.
fn cell_of(row: &str, col: usize) -> Option<Range<usize>> {
    (col < row_cells(row).len())
        .then(|| cell_span(row, col))
        .flatten()
}

/// The refusal of a row with fewer cells than its header.
fn short_row(row: &str) -> Refusal {
    format!(
        "its row `{}` has fewer cells than the table's header",
        row.trim_ws()
    )
}

/// The owner cell for `f`: `@name`, or `name` when the table's owners are written without `@`.
fn owner_cell(src: &str, table: &Table, f: &FollowUp) -> Option<String> {
    let who = f.assignee.as_ref()?;
    let col = column_of(&table.columns, OWNER_COLUMN);
    let bare = col.is_some_and(|col| {
        let owners: Vec<String> = table
            .rows
            .iter()
            .filter_map(|r| row_cells(&src[r.clone()]).get(col).cloned())
            .filter(|c| !c.is_empty())
            .collect();
        !owners.is_empty() && owners.iter().all(|o| !o.starts_with('@'))
    });
    Some(if bare { who.clone() } else { format!("@{who}") })
}

/// What the table writes for an action done (or not done): a word another of its rows
/// already writes, else the counterpart of `current`.
fn done_word(src: &str, table: &Table, done: bool, current: &str) -> Option<String> {
    let col = column_of(&table.columns, DONE_COLUMN)?;
    let seen = table
        .rows
        .iter()
        .filter_map(|r| row_cells(&src[r.clone()]).get(col).cloned())
        .find(|c| !c.is_empty() && says_done(c) == done && (done || !says_started(c)));
    seen.or_else(|| counterpart(current, done))
}

/// Whether a status cell says work on the action has started (`In progress`, `🚧 WIP`,
/// `Blocked`): true of one action, not the word for a new one.
fn says_started(cell: &str) -> bool {
    let t = cell
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    [
        "in progress",
        "in-progress",
        "wip",
        "ongoing",
        "blocked",
        "started",
        "doing",
        "in review",
    ]
    .iter()
    .any(|w| t.starts_with(w))
}

/// The word for the other state of an action, in `word`'s case: `no` → `yes`, `[ ]` → `[x]`,
/// `Open` → `Done`; an empty cell reads as not done.
fn counterpart(word: &str, done: bool) -> Option<String> {
    const PAIRS: &[(&str, &str)] = &[
        ("no", "yes"),
        ("false", "true"),
        ("[ ]", "[x]"),
        ("❌", "✅"),
        ("⬜", "✅"),
        ("open", "done"),
        ("todo", "done"),
        ("to do", "done"),
        ("pending", "done"),
        ("planned", "done"),
        ("in progress", "done"),
        ("not done", "done"),
    ];
    let lower = word.trim_ws().to_lowercase();
    let other = if done {
        if lower.is_empty() {
            return Some("x".to_owned());
        }
        PAIRS.iter().find(|p| p.0 == lower)?.1
    } else if lower == "x" || lower.is_empty() {
        ""
    } else {
        PAIRS.iter().find(|p| p.1 == lower).map_or("open", |p| p.0)
    };
    Some(crate::text::in_case_of(other, word))
}

/// A row of `cells` written like the row `like`: its indentation, and a closing `|` when it has
/// one.
fn row_like(like: &str, cells: &[String]) -> String {
    let indent = &like[..like.len() - like.trim_start().len()];
    let mut row = indent.to_owned();
    for c in cells {
        row.push_str("| ");
        row.push_str(c);
        row.push(' ');
    }
    if like.trim_end().ends_with('|') {
        row.push('|');
    } else {
        row.pop();
    }
    row
}

/// `value` for a cell written at `cell` of `line`: an empty cell's span is a point, so a value
/// written there gets the spaces around it that the other cells have.
pub(crate) fn pad_empty(line: &str, cell: &Range<usize>, value: String) -> String {
    if !cell.is_empty() || value.is_empty() {
        return value;
    }
    let before = if line[..cell.start].ends_with(' ') {
        ""
    } else {
        " "
    };
    let after = if line[cell.end..].starts_with(' ') {
        ""
    } else {
        " "
    };
    format!("{before}{value}{after}")
}

/// `line` (which starts at byte `at` of the text) with `splices` made, last first.
fn spliced(line: &str, at: usize, splices: &[Splice]) -> String {
    let mut out = line.to_owned();
    let mut sorted: Vec<&Splice> = splices.iter().collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.range.start));
    for s in sorted {
        out.replace_range(s.range.start - at..s.range.end - at, &s.text);
    }
    out
}

/// Whether `row` reads back as `f`, else why not.
fn reads_back(columns: &[String], row: &str, f: &FollowUp) -> Result<(), Refusal> {
    let (text, done) = read_action_row(columns, row);
    let read = FollowUp::from_item_text(&text, done);
    if read.action == f.action.trim_ws()
        && read.assignee == f.assignee
        && read.due == f.due
        && read.done == f.done
    {
        Ok(())
    } else {
        Err(format!(
            "the row `{}` would not read back as that action (it would read `{}`)",
            row.trim_ws(),
            text
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::counterpart;

    #[test]
    fn counterparts_keep_the_case_of_the_word() {
        assert_eq!(counterpart("no", true).as_deref(), Some("yes"));
        assert_eq!(counterpart("No", true).as_deref(), Some("Yes"));
        assert_eq!(counterpart("NO", true).as_deref(), Some("YES"));
        assert_eq!(counterpart("[ ]", true).as_deref(), Some("[x]"));
        assert_eq!(counterpart("", true).as_deref(), Some("x"));
        assert_eq!(counterpart("Done", false).as_deref(), Some("Open"));
        assert_eq!(counterpart("x", false).as_deref(), Some(""));
        assert_eq!(counterpart("✅", false).as_deref(), Some("❌"));
        assert_eq!(counterpart("maybe", true), None);
    }
}
