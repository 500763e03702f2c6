//! A new follow-up written as the list's own items are: `Fix it — @ines — 2026-12-05`, `Fix it
//! (@sam, due 2026-12-04)`, rather than in the seed's `Fix it - @ines - 2026-12-05`.

use incident_core::{Due, FollowUp};

/// `item` (the seed's rendering of `f`, `- [ ] action - @owner - due`) in the form of `sample`,
/// the text of an item the list already has; `None` when the sample is in the seed's form, or
/// its form cannot hold `f` (parentheses without an owner), or `item` is not the plain
/// rendering this expects (escapes in its parts).
pub(crate) fn in_form_of(sample: &str, item: &str, f: &FollowUp) -> Option<String> {
    let sample = sample.lines().next()?.trim_end();
    let seed_prefix = item.get(..6).filter(|p| p.starts_with("- ["))?;
    let mut rest = &item[6..];
    // A numbered list (`2. Fix it — Marta — due …`) gets the next number; without task boxes,
    // only an open follow-up can be written (a done one is marked in words, see
    // `Document::set_done_in_words`).
    let prefix = match numbered(sample) {
        Some((n, delim, boxed)) => {
            if !boxed && f.done {
                return None;
            }
            let next = n.checked_add(1)?;
            if boxed {
                format!("{next}{delim} {}", &seed_prefix[2..])
            } else {
                format!("{next}{delim} ")
            }
        }
        None => seed_prefix.to_owned(),
    };
    // The parts as the seed writes them, taken off the end.
    let due = match &f.due {
        Some(d) => {
            let d = d.to_string();
            rest = rest.strip_suffix(&format!(" - {d}"))?;
            Some(d)
        }
        None => None,
    };
    let owner = match &f.assignee {
        Some(o) => {
            rest = rest.strip_suffix(&format!(" - @{o}"))?;
            Some(o.as_str())
        }
        None => None,
    };
    let action = rest;
    if action.contains('\\') {
        return None;
    }
    if sample.ends_with(')') && sample.contains(" (@") {
        let owner = owner?;
        let due = match (&f.due, due) {
            (Some(Due::Date(_)), Some(d)) if sample.contains(", due ") => format!(", due {d}"),
            (Some(Due::Date(_)), Some(d)) => format!(", {d}"),
            (None, _) => String::new(),
            // A due text is no date the parentheses are read for.
            _ => return None,
        };
        return Some(format!("{prefix}{action} (@{owner}{due})"));
    }
    // `Fix it @sam (due 2026-12-04)`: the handle ending the action, the due date in parentheses.
    if let (Some(owner), Some(d), Some(Due::Date(_))) = (owner, &due, &f.due)
        && let Some((head, _)) = sample.rsplit_once(" (due ")
        && sample.ends_with(')')
        && head
            .rsplit_once(" @")
            .is_some_and(|(_, h)| !h.contains(' '))
    {
        return Some(format!("{prefix}{action} @{owner} (due {d})"));
    }
    // The seed's form with owners written without `@` (`Fix it - ana - 2026-12-01`): the
    // new item's owner so too.
    if let (Some(owner), Some(d)) = (owner, &due)
        && f.assignee.is_some()
        && bare_owner_in_seed_form(sample)
    {
        return Some(format!("{prefix}{action} - {owner} - {d}"));
    }
    for dash in [" — ", " – "] {
        if sample.contains(dash) {
            let mut out = format!("{prefix}{action}");
            // `— due 2026-12-05` where the list writes the word.
            let due = due.map(|d| match &f.due {
                Some(Due::Date(_)) if sample.contains(&format!("{dash}due ")) => format!("due {d}"),
                _ => d,
            });
            for part in [owner.map(|o| format!("@{o}")), due].into_iter().flatten() {
                out.push_str(dash);
                out.push_str(&part);
            }
            return Some(out);
        }
    }
    None
}

/// Whether `sample` is an item of the seed's form whose owner has no `@`:
/// `- [ ] Fix it - ana - 2026-12-01`.
fn bare_owner_in_seed_form(sample: &str) -> bool {
    let parts: Vec<&str> = sample.rsplitn(3, " - ").collect();
    let [due, owner, _] = parts[..] else {
        return false;
    };
    incident_core::parse_date(due.trim()).is_ok() && crate::text::is_handle(owner)
}

/// The number, delimiter (`.` or `)`) and whether a task box follows, of an ordered list
/// item's marker (`2. Fix it`, `3) [ ] Fix it`).
fn numbered(sample: &str) -> Option<(u64, char, bool)> {
    let t = sample.trim_start();
    let len = super::field_edit::marker_len(t)?;
    let delim = t[..len].chars().last().filter(|c| matches!(c, '.' | ')'))?;
    let n = t[..len - 1].parse().ok()?;
    let after = t[len..].trim_start();
    let boxed = ["[ ] ", "[x] ", "[X] "]
        .iter()
        .any(|b| after.starts_with(b));
    Some((n, delim, boxed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(owner: Option<&str>, due: Option<&str>) -> FollowUp {
        let mut f = FollowUp::new("Add a lag alert");
        f.assignee = owner.map(str::to_owned);
        f.due = due.map(|d| Due::Date(d.parse().unwrap()));
        f
    }

    #[test]
    fn forms_of_the_neighbours() {
        let full = f(Some("ines"), Some("2026-12-05"));
        let seed = "- [ ] Add a lag alert - @ines - 2026-12-05";
        let form = |sample| in_form_of(sample, seed, &full);
        assert_eq!(
            form("- [x] Fix the quorum — @omar — 2026-08-05").as_deref(),
            Some("- [ ] Add a lag alert — @ines — 2026-12-05")
        );
        assert_eq!(
            form("- [ ] Cap batch size (@sam, due 2026-12-04)").as_deref(),
            Some("- [ ] Add a lag alert (@ines, due 2026-12-05)")
        );
        assert_eq!(
            form("- [ ] Cap batch size (@sam, 2026-12-04)").as_deref(),
            Some("- [ ] Add a lag alert (@ines, 2026-12-05)")
        );
        assert_eq!(form("- [ ] Pin the group - @marta - 2026-10-10"), None);
        assert_eq!(
            form("- [ ] Cap batch size @sam (due 2026-12-04)").as_deref(),
            Some("- [ ] Add a lag alert @ines (due 2026-12-05)")
        );
        // Owners written without `@`: so too.
        assert_eq!(
            form("- [x] Pin the group - marta - 2026-10-10").as_deref(),
            Some("- [ ] Add a lag alert - ines - 2026-12-05")
        );
        // A numbered list: the next number, the word `due` where the list writes it.
        assert_eq!(
            form("2. Document the replay — Wei Zhang — due 2026-12-18").as_deref(),
            Some("3. Add a lag alert — @ines — due 2026-12-05")
        );
        assert_eq!(
            form("9) [x] Fix the quorum — @omar — 2026-08-05").as_deref(),
            Some("10) [ ] Add a lag alert — @ines — 2026-12-05")
        );
        let mut done = full.clone();
        done.done = true;
        let seed_done = "- [x] Add a lag alert - @ines - 2026-12-05";
        assert_eq!(in_form_of("2. Fix it — Marta", seed_done, &done), None);
        // Parentheses need an owner.
        let nobody = f(None, Some("2026-12-05"));
        assert_eq!(
            in_form_of(
                "- [ ] Cap (@sam)",
                "- [ ] Add a lag alert - 2026-12-05",
                &nobody
            ),
            None
        );
        assert_eq!(
            in_form_of(
                "- [ ] Cap — @sam",
                "- [ ] Add a lag alert - 2026-12-05",
                &nobody
            )
            .as_deref(),
            Some("- [ ] Add a lag alert — 2026-12-05")
        );
    }
}
