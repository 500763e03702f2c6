//! Unified diffs of the log, for `--dry-run` and review output.
//!
//! Lines are split on `\n` only, exactly as `diff` and `patch` do, so a CRLF
//! file's lines keep their `\r` and the output applies with `git apply` or
//! `patch`. A last line without a newline is followed by the standard
//! `\ No newline at end of file` marker.

use std::fmt::Write as _;
use std::time::Duration;

use similar::udiff::UnifiedHunkHeader;
use similar::{ChangeTag, TextDiff};

/// Lines of context around each change.
pub const CONTEXT_LINES: usize = 3;

/// Beyond this the diff algorithm settles for a correct but possibly
/// non-minimal diff rather than running on.
const DIFF_TIMEOUT: Duration = Duration::from_secs(5);

/// A unified diff from `old` to `new`, with headers `--- a/<label>` and
/// `+++ b/<label>` and [`CONTEXT_LINES`] lines of context; empty when the
/// texts are identical.
pub fn unified_diff(path_label: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let diff = TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_slices(&old_lines, &new_lines);
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(out, "--- a/{path_label}");
    let _ = writeln!(out, "+++ b/{path_label}");
    for hunk in diff.grouped_ops(CONTEXT_LINES) {
        let _ = writeln!(out, "{}", UnifiedHunkHeader::new(&hunk));
        for op in &hunk {
            for change in diff.iter_changes(op) {
                out.push(match change.tag() {
                    ChangeTag::Equal => ' ',
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                });
                let line = change.value();
                out.push_str(line);
                if !line.ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_is_empty() {
        assert_eq!(unified_diff("INCIDENTS.md", "", ""), "");
        assert_eq!(unified_diff("INCIDENTS.md", "a\nb\n", "a\nb\n"), "");
    }

    #[test]
    fn simple_change_with_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(
            unified_diff("INCIDENTS.md", old, new),
            "--- a/INCIDENTS.md\n+++ b/INCIDENTS.md\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn separate_hunks() {
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let new: String = (1..=20)
            .map(|i| match i {
                2 => "two\n".to_owned(),
                19 => "nineteen\n".to_owned(),
                _ => format!("{i}\n"),
            })
            .collect();
        let d = unified_diff("x", &old, &new);
        assert_eq!(d.matches("\n@@ ").count(), 2, "{d}");
        assert!(d.contains("@@ -1,5 +1,5 @@\n"), "{d}");
        assert!(d.contains("@@ -16,5 +16,5 @@\n"), "{d}");
    }

    #[test]
    fn from_and_to_empty() {
        assert_eq!(
            unified_diff("x", "", "a\nb\n"),
            "--- a/x\n+++ b/x\n@@ -0,0 +1,2 @@\n+a\n+b\n"
        );
        assert_eq!(
            unified_diff("x", "a\n", ""),
            "--- a/x\n+++ b/x\n@@ -1 +0,0 @@\n-a\n"
        );
    }

    #[test]
    fn missing_final_newline() {
        assert_eq!(
            unified_diff("x", "a\nb", "a\nb\n"),
            "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"
        );
        assert_eq!(
            unified_diff("x", "a\nb", "a\nc"),
            "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
        );
        // Unchanged last line without newline, as context.
        assert_eq!(
            unified_diff("x", "a\nb", "z\nb"),
            "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+z\n b\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn crlf_lines_keep_their_carriage_returns() {
        let d = unified_diff("x", "a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n");
        assert_eq!(
            d,
            "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n"
        );
        // A line-ending-only change is shown, not hidden.
        let d = unified_diff("x", "a\r\n", "a\n");
        assert_eq!(d, "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\r\n+a\n");
        // A lone CR is not a line break; no panic either way.
        let d = unified_diff("x", "a\rb\n", "a\rc\n");
        assert_eq!(d, "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\rb\n+a\rc\n");
    }
}
