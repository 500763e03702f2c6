//! The command that fixes a finding, for the `help:` line under it in `incident check`
//! (rendering is the CLI's; the findings and their codes are core's).

use incident_core::{Code, FieldName, Finding, Subject};

/// The `incident doctor --fix` that repairs a file's damage (`GIT003`–`GIT008`), for the file
/// at `file` when the log is a directory (doctor works on one file). `check` pushes it
/// ([`push_doctor_hint`]); the tests read it.
#[cfg(test)]
pub fn doctor_hint(finding: &Finding, file: Option<&str>) -> Option<String> {
    let mut out = String::new();
    push_doctor_hint(&mut out, finding, file).then_some(out)
}

/// The `incident doctor --fix` that repairs a file's damage (`GIT003`–`GIT008`), for the file
/// at `file` when the log is a directory (doctor works on one file), appended to `out`; whether
/// there is one (nothing is appended otherwise).
pub fn push_doctor_hint(out: &mut String, finding: &Finding, file: Option<&str>) -> bool {
    let damage = matches!(
        finding.code,
        Code::Mojibake
            | Code::MixedLineEndings
            | Code::RepeatedEntry
            | Code::StaleLastIncident
            | Code::LeftoverPlaceholder
            | Code::FencedEntry
    );
    if damage {
        if let Some(file) = file {
            push_all(out, &["incident -f ", file, " "]);
        } else {
            out.push_str("incident ");
        }
        out.push_str("doctor --fix   (--dry-run shows the diff first)");
    }
    damage
}

/// The `incident …` command (or, where no command writes it, the edit) that resolves `finding`
/// about the incident `id`; `None` when there is nothing better to say than the message.
/// `check` pushes it ([`push_fix_hint`]); the tests read it.
#[cfg(test)]
pub fn fix_hint(finding: &Finding, id: &str) -> Option<String> {
    let mut out = String::new();
    push_fix_hint(&mut out, finding, id).then_some(out)
}

fn push_all(out: &mut String, pieces: &[&str]) {
    for piece in pieces {
        out.push_str(piece);
    }
}

/// The `incident …` command (or, where no command writes it, the edit) that resolves `finding`
/// about the incident `id`, appended to `out` in pieces rather than formatted (`check` writes
/// one a finding); whether there is one (nothing is appended otherwise: there is nothing better
/// to say than the message).
pub fn push_fix_hint(out: &mut String, finding: &Finding, id: &str) -> bool {
    if push_doctor_hint(out, finding, None) {
        return true;
    }
    let follow_up = match finding.subject {
        Subject::FollowUp(k) => Some(k + 1),
        _ => None,
    };
    let field = || match finding.subject {
        Subject::Field(label) => FieldName::from_label(label),
        _ => None,
    };
    // The field as `incident set` takes it, or `default`.
    let push_field = |out: &mut String, default: &str| match field() {
        Some(field) => push_kebab(out, field),
        None => out.push_str(default),
    };
    let push_number = |out: &mut String, n: usize| {
        use std::fmt::Write;
        let _ = write!(out, "{n}");
    };
    match finding.code {
        Code::DocumentationMissing => {
            push_all(out, &["incident set ", id, " "]);
            push_field(out, "description");
            out.push_str(" -   (reads the text from standard input)");
        }
        Code::LessonsLearned => push_all(out, &["incident set ", id, " lessons-learned -"]),
        Code::FollowUpsAssigned => push_all(
            out,
            &[
                "incident action add ",
                id,
                " \"TEXT - @OWNER - YYYY-MM-DD\"",
            ],
        ),
        Code::ReviewScheduled => push_all(
            out,
            &[
                "incident action add ",
                id,
                " \"Schedule incident review - @OWNER - YYYY-MM-DD\"",
            ],
        ),
        Code::FollowUpOwner => {
            out.push_str("write the owner as `@name` in follow-up ");
            push_number(out, follow_up.unwrap_or(1));
            out.push_str(": `TEXT - @OWNER - YYYY-MM-DD`");
        }
        Code::FollowUpDue => {
            out.push_str("write the due date as YYYY-MM-DD in follow-up ");
            push_number(out, follow_up.unwrap_or(1));
            out.push_str(": `TEXT - @OWNER - YYYY-MM-DD`");
        }
        Code::FollowUpOverdue => match follow_up {
            Some(n) => {
                push_all(out, &["incident action done ", id, " "]);
                push_number(out, n);
                out.push_str("   (or move its due date)");
            }
            None => push_all(
                out,
                &[
                    "incident actions --overdue   (then `incident action done ",
                    id,
                    " N`)",
                ],
            ),
        },
        Code::KnownCategory => push_all(
            out,
            &[
                "incident set ",
                id,
                " category NAME   (a name from the categories table, or add this one to it)",
            ],
        ),
        Code::ResponseBreached => push_all(
            out,
            &[
                "incident ack ",
                id,
                " --at TIME   (when not yet recorded; a late response stays late)",
            ],
        ),
        Code::TimestampOrder => {
            push_all(out, &["incident set ", id, " "]);
            push_field(out, "acknowledged");
            out.push_str(" TIME");
        }
        Code::DetectedInFuture => {
            push_all(out, &["incident set ", id, " "]);
            push_field(out, "detected");
            out.push_str(" TIME   (a time that has passed; check the year)");
        }
        Code::RelatedLogMissing => {
            out.push_str("add the heading to LOGS.md, or fix the link's `#anchor` in Related Logs")
        }
        Code::UnknownSeverity => push_all(
            out,
            &[
                "incident set ",
                id,
                " severity HIGH   (CRITICAL, HIGH, MEDIUM or LOW)",
            ],
        ),
        Code::InvalidTimestamp => {
            push_all(out, &["incident set ", id, " "]);
            push_field(out, "detected");
            out.push_str(" 2026-03-02T10:12:00Z");
        }
        // The sibling-file messages already say which file to edit and how.
        _ => return false,
    }
    true
}

/// A field's name as `incident set` takes it: `root-cause`.
fn push_kebab(out: &mut String, field: FieldName) {
    out.extend(field.label().chars().map(|c| match c {
        ' ' => '-',
        c => c.to_ascii_lowercase(),
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "2026-03-02-api";

    fn hint(code: Code, subject: Subject) -> Option<String> {
        fix_hint(&Finding::about(code, subject, "m"), ID)
    }

    #[test]
    fn a_missing_field_names_the_set_command() {
        assert_eq!(
            hint(Code::DocumentationMissing, Subject::Field("Impact")).unwrap(),
            "incident set 2026-03-02-api impact -   (reads the text from standard input)"
        );
        assert!(
            hint(Code::DocumentationMissing, Subject::Field("Root Cause"))
                .unwrap()
                .starts_with("incident set 2026-03-02-api root-cause -")
        );
    }

    #[test]
    fn follow_up_findings_name_the_follow_up() {
        assert_eq!(
            hint(Code::FollowUpOverdue, Subject::FollowUp(2)).unwrap(),
            "incident action done 2026-03-02-api 3   (or move its due date)"
        );
        assert!(
            hint(Code::FollowUpOwner, Subject::FollowUp(0))
                .unwrap()
                .contains("follow-up 1")
        );
    }

    #[test]
    fn damage_names_doctor_and_in_a_directory_its_file() {
        let f = Finding::new(Code::Mojibake, "m", 0..1);
        assert!(
            fix_hint(&f, ID)
                .unwrap()
                .starts_with("incident doctor --fix")
        );
        assert!(
            doctor_hint(&f, Some("pm/a.md"))
                .unwrap()
                .starts_with("incident -f pm/a.md doctor --fix")
        );
        assert_eq!(
            doctor_hint(&Finding::new(Code::DuplicateId, "m", 0..1), None),
            None
        );
    }

    #[test]
    fn every_command_hint_is_a_command_the_cli_accepts() {
        use clap::Parser;
        use strum::IntoEnumIterator;
        for code in Code::iter() {
            for subject in [
                Subject::Incident,
                Subject::Field("Impact"),
                Subject::Field("Acknowledged"),
                Subject::FollowUp(0),
            ] {
                let Some(h) = hint(code, subject) else {
                    continue;
                };
                let Some(command) = h.strip_prefix("incident ") else {
                    continue;
                };
                let command = command.split("   (").next().unwrap();
                let args = shell_words(
                    &command
                        .replace("TIME", "2026-03-02T10:12:00Z")
                        .replace("YYYY-MM-DD", "2026-03-12"),
                );
                let parsed = crate::cli::Cli::try_parse_from(
                    std::iter::once("incident".to_owned()).chain(args),
                );
                assert!(parsed.is_ok(), "{code}: `{h}`: {}", parsed.unwrap_err());
            }
        }
    }

    /// Splits on spaces, keeping `"double quoted"` words together.
    fn shell_words(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut word = String::new();
        let mut quoted = false;
        for c in s.chars() {
            match c {
                '"' => quoted = !quoted,
                ' ' if !quoted => {
                    if !word.is_empty() {
                        out.push(std::mem::take(&mut word));
                    }
                }
                c => word.push(c),
            }
        }
        if !word.is_empty() {
            out.push(word);
        }
        out
    }

    // The hints as they were formatted before they were pushed in pieces: the reference the
    // pieces are held to.
    fn doctor_hint_formatted(finding: &Finding, file: Option<&str>) -> Option<String> {
        matches!(
            finding.code,
            Code::Mojibake
                | Code::MixedLineEndings
                | Code::RepeatedEntry
                | Code::StaleLastIncident
                | Code::LeftoverPlaceholder
                | Code::FencedEntry
        )
        .then(|| match file {
            Some(file) => {
                format!("incident -f {file} doctor --fix   (--dry-run shows the diff first)")
            }
            None => "incident doctor --fix   (--dry-run shows the diff first)".to_owned(),
        })
    }

    fn fix_hint_formatted(finding: &Finding, id: &str) -> Option<String> {
        if let Some(hint) = doctor_hint_formatted(finding, None) {
            return Some(hint);
        }
        let follow_up = match finding.subject {
            Subject::FollowUp(k) => Some(k + 1),
            _ => None,
        };
        let field = match finding.subject {
            Subject::Field(label) => FieldName::from_label(label),
            _ => None,
        };
        Some(match finding.code {
            Code::DocumentationMissing => {
                let field = field.map_or("description".to_owned(), kebab);
                format!("incident set {id} {field} -   (reads the text from standard input)")
            }
            Code::LessonsLearned => format!("incident set {id} lessons-learned -"),
            Code::FollowUpsAssigned => {
                format!("incident action add {id} \"TEXT - @OWNER - YYYY-MM-DD\"")
            }
            Code::ReviewScheduled => {
                format!(
                    "incident action add {id} \"Schedule incident review - @OWNER - YYYY-MM-DD\""
                )
            }
            Code::FollowUpOwner => format!(
                "write the owner as `@name` in follow-up {}: `TEXT - @OWNER - YYYY-MM-DD`",
                follow_up.unwrap_or(1)
            ),
            Code::FollowUpDue => format!(
                "write the due date as YYYY-MM-DD in follow-up {}: `TEXT - @OWNER - YYYY-MM-DD`",
                follow_up.unwrap_or(1)
            ),
            Code::FollowUpOverdue => match follow_up {
                Some(n) => format!("incident action done {id} {n}   (or move its due date)"),
                None => {
                    format!("incident actions --overdue   (then `incident action done {id} N`)")
                }
            },
            Code::KnownCategory => format!(
                "incident set {id} category NAME   (a name from the categories table, or add this one to it)"
            ),
            Code::ResponseBreached => format!(
                "incident ack {id} --at TIME   (when not yet recorded; a late response stays late)"
            ),
            Code::TimestampOrder => format!(
                "incident set {id} {} TIME",
                field.map_or("acknowledged".to_owned(), kebab)
            ),
            Code::DetectedInFuture => format!(
                "incident set {id} {} TIME   (a time that has passed; check the year)",
                field.map_or("detected".to_owned(), kebab)
            ),
            Code::RelatedLogMissing => {
                "add the heading to LOGS.md, or fix the link's `#anchor` in Related Logs".to_owned()
            }
            Code::UnknownSeverity => {
                format!("incident set {id} severity HIGH   (CRITICAL, HIGH, MEDIUM or LOW)")
            }
            Code::InvalidTimestamp => format!(
                "incident set {id} {} 2026-03-02T10:12:00Z",
                field.map_or("detected".to_owned(), kebab)
            ),
            // The sibling-file messages already say which file to edit and how.
            _ => return None,
        })
    }

    fn kebab(field: FieldName) -> String {
        field.label().to_ascii_lowercase().replace(' ', "-")
    }

    /// Every code, with every kind of subject, in a directory or not: the pieces give the
    /// formatted text.
    #[test]
    fn pushed_hints_are_the_formatted_hints() {
        let subjects = [
            Subject::Incident,
            Subject::Field("Impact"),
            Subject::Field("Root Cause"),
            Subject::Field("Acknowledged"),
            Subject::Field("Lessons Learned"),
            Subject::Field("no such field"),
            Subject::FollowUp(0),
            Subject::FollowUp(11),
            Subject::RelatedLog(2),
        ];
        for code in Code::ALL {
            for subject in &subjects {
                let f = Finding::about(code, subject.clone(), "m");
                assert_eq!(
                    fix_hint(&f, ID),
                    fix_hint_formatted(&f, ID),
                    "{code} {subject:?}"
                );
                for file in [None, Some("pm/a.md")] {
                    assert_eq!(doctor_hint(&f, file), doctor_hint_formatted(&f, file));
                    let mut out = String::from("kept ");
                    assert_eq!(push_fix_hint(&mut out, &f, ID), fix_hint(&f, ID).is_some());
                    assert_eq!(
                        out,
                        format!("kept {}", fix_hint(&f, ID).unwrap_or_default())
                    );
                }
            }
        }
    }
}
