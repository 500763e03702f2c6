//! The merge driver in real git repositories, with the real `git` binary: `incident git setup`
//! configures it, `git merge` runs it. Git is isolated from the user's and system configuration.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_incident");
const SEED: &str = include_str!("../../incident-md/tests/data/seed.md");

struct Repo {
    /// The temporary directory (held by the main working tree only).
    _dir: Option<tempfile::TempDir>,
    root: PathBuf,
}

impl Repo {
    /// A repository with the seed log committed on `main` and the driver set up.
    fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repo {
            root: dir.path().join("main"),
            _dir: Some(dir),
        };
        std::fs::create_dir(&repo.root).unwrap();
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Test"]);
        repo.git(&["config", "user.email", "test@example.com"]);
        std::fs::write(repo.path().join("INCIDENTS.md"), SEED).unwrap();
        let setup = repo.incident(&["git", "setup"]);
        assert!(
            setup.status.success(),
            "{}",
            String::from_utf8_lossy(&setup.stderr)
        );
        repo.commit_all("seed");
        repo
    }

    fn path(&self) -> &Path {
        &self.root
    }

    /// A second working tree of the repository, on `branch`.
    fn worktree(&self, branch: &str) -> Repo {
        let root = self.root.with_file_name(branch);
        self.git(&["worktree", "add", "-q", root.to_str().unwrap(), branch]);
        Repo { _dir: None, root }
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        let bin_dir = PathBuf::from(BIN).parent().unwrap().to_path_buf();
        let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )))
        .unwrap();
        c.current_dir(self.path())
            .env("PATH", path)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.path())
            .env("NO_COLOR", "1")
            .env("INCIDENT_NOW", "2026-12-31T12:00:00Z")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE");
        c
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        self.command(program).args(args).output().unwrap()
    }

    /// Runs git, which must succeed; its standard output.
    fn git(&self, args: &[&str]) -> String {
        let out = self.run("git", args);
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn incident(&self, args: &[&str]) -> Output {
        self.run(BIN, args)
    }

    /// Runs `incident`, which must succeed.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.incident(args);
        assert!(
            out.status.success(),
            "incident {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.path().join("INCIDENTS.md")).unwrap()
    }

    fn new_incident(&self, title: &str, detected: &str) -> String {
        self.ok(&[
            "new",
            "--title",
            title,
            "--severity",
            "HIGH",
            "--detected",
            detected,
        ])
        .trim()
        .to_owned()
    }
}

fn ids(text: &str) -> Vec<String> {
    let doc: incident_md::Document = text.parse().unwrap();
    doc.incidents().iter().map(|e| e.id.clone()).collect()
}

#[test]
fn setup_is_idempotent_and_dry_run_writes_nothing() {
    let repo = Repo::new();
    let attributes = std::fs::read_to_string(repo.path().join(".gitattributes")).unwrap();
    assert_eq!(attributes, "INCIDENTS.md merge=incident\n");
    assert_eq!(
        repo.git(&["config", "--get", "merge.incident.driver"])
            .trim(),
        "incident merge-driver %O %A %B --marker-size %L --path %P"
    );
    let again = repo.ok(&["git", "setup"]);
    assert!(again.contains("already has"), "{again}");
    assert_eq!(
        std::fs::read_to_string(repo.path().join(".gitattributes")).unwrap(),
        attributes
    );
    repo.git(&["config", "--unset", "merge.incident.driver"]);
    let dry = repo.ok(&["git", "setup", "--dry-run"]);
    assert!(
        dry.contains("would set git config merge.incident.driver"),
        "{dry}"
    );
    assert!(
        repo.run("git", &["config", "--get", "merge.incident.driver"])
            .status
            .code()
            == Some(1)
    );
}

#[test]
fn two_branches_each_logging_an_incident_merge_cleanly() {
    let repo = Repo::new();
    repo.git(&["checkout", "-q", "-b", "other"]);
    let theirs = repo.new_incident("Disk full", "2026-03-04T08:00:00Z");
    repo.commit_all("disk");
    repo.git(&["checkout", "-q", "main"]);
    let ours = repo.new_incident("DNS failure", "2026-03-05T08:00:00Z");
    repo.commit_all("dns");
    // CI's view before merging.
    let check = repo.incident(&["merge-check", "--against", "other"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    repo.git(&["merge", "-q", "--no-edit", "other"]);
    let log = repo.log();
    assert_eq!(String::from_utf8(check.stdout).unwrap(), log);
    assert_eq!(ids(&log), [ours.clone(), theirs]);
    assert!(!log.contains("<<<<<<<") && !log.contains(">>>>>>>"));
    assert!(log.contains("## Last Incident: DNS failure (HIGH, 2026-03-05T08:00:00Z)"));
    let check = repo.incident(&["check"]);
    let check = String::from_utf8_lossy(&check.stdout);
    // No merge damage (the seed's own mojibake, GIT003, is older than the merge).
    assert!(
        !check.contains("GIT001") && !check.contains("GIT002"),
        "{check}"
    );
    // The driver leaves no temporary or lock file behind.
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn conflicting_edits_of_one_field_conflict_in_that_field_only() {
    let repo = Repo::new();
    let id = repo.new_incident("API outage", "2026-03-02T10:00:00Z");
    repo.commit_all("api");
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.ok(&["set", &id, "impact", "login down"]);
    repo.ok(&["set", &id, "root-cause", "bad config"]);
    repo.commit_all("theirs");
    repo.git(&["checkout", "-q", "main"]);
    repo.ok(&["set", &id, "impact", "checkout down"]);
    repo.commit_all("ours");
    let check = repo.incident(&["merge-check", "--against", "other"]);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(check.stdout).unwrap(),
        format!("1 conflict:\n  {id} (Impact)\n")
    );
    let merge = repo.run("git", &["merge", "--no-edit", "other"]);
    assert!(!merge.status.success());
    let stdout = String::from_utf8_lossy(&merge.stdout);
    assert!(stdout.contains("CONFLICT"), "{stdout}");
    let log = repo.log();
    assert!(
        log.starts_with(&format!(
            "<!-- incident merge: 1 conflict: {id} (Impact) -->\n"
        )),
        "{log}"
    );
    assert!(log.contains("<<<<<<< ours\n### Impact:\ncheckout down\n=======\n### Impact:\nlogin down\n>>>>>>> theirs\n\n### Root Cause:\nbad config\n"), "{log}");
    assert_eq!(log.matches("<<<<<<<").count(), 1);
    let check = repo.incident(&["check"]);
    assert_eq!(check.status.code(), Some(1));
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        report.contains("GIT001") && report.contains("GIT002"),
        "{report}"
    );
}

#[test]
fn diff3_style_and_marker_size_come_from_git() {
    let repo = Repo::new();
    let id = repo.new_incident("API outage", "2026-03-02T10:00:00Z");
    repo.commit_all("api");
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.ok(&["set", &id, "impact", "login down"]);
    repo.commit_all("theirs");
    repo.git(&["checkout", "-q", "main"]);
    repo.ok(&["set", &id, "impact", "checkout down"]);
    repo.commit_all("ours");
    repo.git(&["config", "merge.conflictStyle", "diff3"]);
    std::fs::write(
        repo.path().join(".gitattributes"),
        "INCIDENTS.md merge=incident conflict-marker-size=9\n",
    )
    .unwrap();
    repo.commit_all("markers");
    assert!(
        !repo
            .run("git", &["merge", "--no-edit", "other"])
            .status
            .success()
    );
    let log = repo.log();
    assert!(log.contains("<<<<<<<<< ours\n### Impact:\ncheckout down\n||||||||| base\n### Impact:\n_Not documented yet._\n=========\n### Impact:\nlogin down\n>>>>>>>>> theirs\n"), "{log}");
}

#[test]
fn a_checkbox_on_one_side_and_a_new_action_on_the_other_merge_cleanly() {
    let repo = Repo::new();
    let id = repo.new_incident("API outage", "2026-03-02T10:00:00Z");
    repo.ok(&["action", "add", &id, "add alert - @ops - 2026-04-01"]);
    repo.ok(&["action", "add", &id, "write runbook - @ops - 2026-04-02"]);
    repo.commit_all("api");
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.ok(&["action", "add", &id, "rotate keys - @sec - 2026-04-03"]);
    repo.commit_all("theirs");
    repo.git(&["checkout", "-q", "main"]);
    repo.ok(&["action", "done", &id, "1"]);
    repo.commit_all("ours");
    repo.git(&["merge", "-q", "--no-edit", "other"]);
    let log = repo.log();
    assert!(
        log.contains("- [x] add alert - @ops - 2026-04-01\n- [ ] write runbook - @ops - 2026-04-02\n- [ ] rotate keys - @sec - 2026-04-03\n"),
        "{log}"
    );
}

#[test]
fn one_id_created_on_both_branches_is_kept_twice_and_renamed() {
    let repo = Repo::new();
    repo.git(&["checkout", "-q", "-b", "other"]);
    let id = repo.new_incident("API outage", "2026-03-02T11:00:00Z");
    repo.commit_all("theirs");
    repo.git(&["checkout", "-q", "main"]);
    assert_eq!(repo.new_incident("API outage", "2026-03-02T10:00:00Z"), id);
    repo.commit_all("ours");
    let merge = repo.run("git", &["merge", "--no-edit", "other"]);
    assert!(
        merge.status.success(),
        "{}",
        String::from_utf8_lossy(&merge.stderr)
    );
    let stderr = String::from_utf8_lossy(&merge.stderr);
    assert!(
        stderr.contains(&format!("theirs is now `{id}-2`")),
        "{stderr}"
    );
    let mut got = ids(&repo.log());
    got.sort();
    assert_eq!(got, [id.clone(), format!("{id}-2")]);
    let check = String::from_utf8(repo.incident(&["check"]).stdout).unwrap();
    assert!(!check.contains("MD013"), "{check}");
}

#[test]
fn unreadable_input_exits_2_and_leaves_ours_alone() {
    let repo = Repo::new();
    let dir = repo.path();
    std::fs::write(dir.join("o"), SEED).unwrap();
    std::fs::write(dir.join("a"), SEED).unwrap();
    std::fs::write(dir.join("b"), b"# caf\xe9\n").unwrap();
    let out = repo.incident(&["merge-driver", "o", "a", "b"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(dir.join("a")).unwrap(), SEED);
    let out = repo.incident(&["merge-check", "o", "a", "b"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A `git fast-import` stream of one commit per text, each replacing INCIDENTS.md on `branch`
/// (continuing from the branch's tip).
fn fast_import_commits(stream: &mut Vec<u8>, branch: &str, texts: &[(String, String)]) {
    use std::io::Write as _;
    for (k, (message, text)) in texts.iter().enumerate() {
        let _ = write!(
            stream,
            "commit refs/heads/{branch}\ncommitter Test <test@example.com> {} +0000\ndata {}\n{message}\n",
            1_770_000_000 + stream.len(),
            message.len() + 1
        );
        if k == 0 {
            let _ = writeln!(stream, "from refs/heads/{branch}^0");
        }
        let _ = write!(
            stream,
            "M 100644 inline INCIDENTS.md\ndata {}\n",
            text.len()
        );
        stream.extend_from_slice(text.as_bytes());
        stream.push(b'\n');
    }
}

/// The bytes of entry `title` in `text` (from its heading to the separator after it).
fn entry_range(text: &str, title: &str) -> std::ops::Range<usize> {
    let start = text
        .find(&format!("## Incident: {title}\n"))
        .unwrap_or_else(|| panic!("no entry {title}"));
    let end = text[start..]
        .find("\n\n---\n")
        .map_or(text.len(), |e| start + e);
    start..end
}

/// `text` with the body of field `label` of entry `title` replaced by `f` of it, as a person
/// editing the file would do it.
fn edit_field(text: &mut String, title: &str, label: &str, f: impl FnOnce(&str) -> String) {
    let entry = entry_range(text, title);
    let head = format!("### {label}:\n");
    let at = entry.start + text[entry.clone()].find(&head).unwrap() + head.len();
    let end = text[at..entry.end]
        .find("\n\n###")
        .map_or(entry.end, |e| at + e);
    let body = f(&text[at..end]);
    text.replace_range(at..end, &body);
}

/// A new entry as `incident new` writes it, above the newest, and `## Last Incident:` naming it.
fn log_new(text: &mut String, title: &str, detected: &str) -> String {
    let id = format!("{}-{}", &detected[..10], title.replace(' ', "-"));
    let undocumented = "_Not documented yet._";
    let mut entry = format!(
        "## Incident: {title}\n\n### ID: {id}\n\n### Severity: HIGH\n\n### Detected: {detected}\n"
    );
    for label in [
        "Description",
        "Impact",
        "Root Cause",
        "Resolution",
        "Follow-up Actions",
        "Lessons Learned",
        "Related Logs",
    ] {
        entry.push_str(&format!("\n### {label}:\n{undocumented}\n"));
    }
    let at = text.find("## Incident: ").unwrap();
    text.insert_str(at, &format!("{}\n---\n\n", entry));
    let li = text.find("## Last Incident: ").unwrap();
    let li_end = li + text[li..].find('\n').unwrap();
    text.replace_range(
        li..li_end,
        &format!("## Last Incident: {title} (HIGH, {detected})"),
    );
    id
}

/// One commit's edit of the log on one branch, by round: log an incident, set the impact of
/// the branch's latest one, add an action to it, tick its first, or set the root cause of the
/// other branch's latest (which it has from a merge; a field the other never writes).
fn edit_for_round(
    text: &mut String,
    tag: &str,
    n: usize,
    own: Option<&String>,
    theirs: Option<&String>,
) -> Option<String> {
    let title_of = |id: &String| id[11..].replace('-', " ");
    match (n % 20, own) {
        (0, _) | (_, None) => {
            let detected = format!(
                "2026-04-{:02}T{:02}:{}:00Z",
                1 + n / 24,
                n % 24,
                if tag == "m" { "00" } else { "30" }
            );
            return Some(log_new(text, &format!("{tag} incident {n}"), &detected));
        }
        (k, Some(id)) if k % 4 == 1 => {
            edit_field(text, &title_of(id), "Impact", |_| {
                format!("{tag} impact {n}")
            });
        }
        (k, Some(id)) if k % 4 == 2 => {
            let item = format!("- [ ] {tag} action {n} - @ops - 2026-05-01");
            edit_field(text, &title_of(id), "Follow-up Actions", |body| {
                if body.starts_with("- [") {
                    format!("{body}\n{item}")
                } else {
                    item
                }
            });
        }
        (k, Some(id)) if k % 4 == 3 => {
            edit_field(text, &title_of(id), "Follow-up Actions", |body| {
                body.replacen("- [ ] ", "- [x] ", 1)
            });
        }
        (_, Some(id)) => match theirs.filter(|t| text.contains(&format!("### ID: {t}\n"))) {
            Some(t) => edit_field(text, &title_of(t), "Root Cause", |_| {
                format!("{tag} cause {n}")
            }),
            None => edit_field(text, &title_of(id), "Impact", |_| {
                format!("{tag} impact {n}")
            }),
        },
    }
    None
}

/// Two branches log, edit and close incidents over 1,000 commits, and every 25 commits each
/// merges the other's tip with the driver: no conflict anywhere (the branches never edit one
/// field of one incident), and every incident of both branches is there. The commits are
/// made by `git fast-import` (one process per 50 commits); only the merges run git's merge
/// machinery and the driver.
#[test]
fn a_long_history_replays_through_the_driver_without_conflicts() {
    const ROUNDS: usize = 500;
    const MERGE_EVERY: usize = 50;
    let started = std::time::Instant::now();
    let repo = Repo::new();
    let first = repo.new_incident("first", "2026-03-31T00:00:00Z");
    repo.commit_all("first");
    repo.git(&["branch", "other"]);
    // One working tree per branch, so that no merge needs a checkout.
    let other = repo.worktree("other");
    let trees = [(&repo, "main", "m"), (&other, "other", "t")];
    let mut docs: Vec<String> = trees.iter().map(|(t, _, _)| t.log()).collect();
    let mut mine: [Vec<String>; 2] = [vec![first], Vec::new()];
    let mut merges = 0;
    for segment in 0..ROUNDS / MERGE_EVERY {
        let mut stream = Vec::new();
        for (side, (_, branch, tag)) in trees.iter().enumerate() {
            let mut texts = Vec::new();
            for n in segment * MERGE_EVERY..(segment + 1) * MERGE_EVERY {
                let theirs = mine[1 - side].last().cloned();
                let own = mine[side].last().cloned();
                if let Some(id) =
                    edit_for_round(&mut docs[side], tag, n, own.as_ref(), theirs.as_ref())
                {
                    mine[side].push(id);
                }
                texts.push((format!("{tag} {n}"), docs[side].clone()));
            }
            fast_import_commits(&mut stream, branch, &texts);
        }
        let mut import = repo.command("git");
        import
            .args(["fast-import", "--quiet"])
            .stdin(std::process::Stdio::piped());
        let mut child = import.spawn().unwrap();
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), &stream).unwrap();
        assert!(
            child.wait().unwrap().success(),
            "fast-import of segment {segment}"
        );
        // Each branch merges the other's tip as it was before either merge.
        let tips: Vec<String> = trees
            .iter()
            .map(|(_, b, _)| repo.git(&["rev-parse", b]).trim().to_owned())
            .collect();
        for (side, (tree, _, _)) in trees.iter().enumerate() {
            tree.git(&["reset", "-q", "--hard"]);
            let merge = tree.run("git", &["merge", "-q", "--no-edit", &tips[1 - side]]);
            assert!(
                merge.status.success(),
                "segment {segment}: {}{}\n{}",
                String::from_utf8_lossy(&merge.stdout),
                String::from_utf8_lossy(&merge.stderr),
                tree.log()
            );
            merges += 1;
            docs[side] = tree.log();
        }
    }
    repo.git(&["merge", "-q", "--no-edit", "other"]);
    let log = repo.log();
    assert!(!log.contains("<<<<<<<"));
    let mut got = ids(&log);
    got.sort();
    let mut want: Vec<String> = mine.into_iter().flatten().collect();
    want.dedup();
    want.sort();
    assert_eq!(got, want);
    let doc: incident_md::Document = log.parse().unwrap();
    let errors: Vec<_> = doc
        .log()
        .diagnostics
        .iter()
        .filter(|d| d.code.level() == incident_md::Level::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // Both branches' edits of one incident are both there.
    let cross = doc
        .incidents()
        .iter()
        .filter(|e| {
            let i = e.incident.as_ref().unwrap();
            i.root_cause.is_some() && i.impact.is_some()
        })
        .count();
    assert!(cross > 5, "{cross} incidents edited on both branches");
    let commits: usize = repo
        .git(&["rev-list", "--count", "--no-merges", "HEAD"])
        .trim()
        .parse()
        .unwrap();
    assert!(commits >= 2 * ROUNDS, "{commits} commits");
    assert_eq!(merges, 2 * ROUNDS / MERGE_EVERY);
    // The whole CI has a budget: this test takes about 10 s on two idle cores (a debug build);
    // minutes would mean that the driver or the test became quadratic.
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(120), "took {took:?}");
}

/// A plain line merge (no driver) conflicts on two new entries and `## Last Incident:`, and
/// someone commits the markers: `doctor` finds them, `--fix --dry-run` shows the structural
/// resolution, `--fix` writes it.
#[test]
fn doctor_resolves_conflict_markers_a_line_merge_left() {
    let repo = Repo::new();
    std::fs::remove_file(repo.path().join(".gitattributes")).unwrap();
    let old = repo.new_incident("API outage", "2026-03-02T10:00:00Z");
    repo.commit_all("api");
    repo.git(&["checkout", "-q", "-b", "other"]);
    let dns = repo.new_incident("DNS failure", "2026-03-05T08:00:00Z");
    repo.commit_all("dns");
    repo.git(&["checkout", "-q", "main"]);
    let disk = repo.new_incident("Disk full", "2026-03-04T08:00:00Z");
    repo.commit_all("disk");
    assert!(
        !repo
            .run("git", &["merge", "--no-edit", "other"])
            .status
            .success()
    );
    let conflicted = repo.log();
    assert!(conflicted.contains("<<<<<<< HEAD"), "{conflicted}");
    repo.commit_all("bad merge");
    let found = repo.incident(&["doctor"]);
    assert_eq!(found.status.code(), Some(1));
    let report = String::from_utf8(found.stdout).unwrap();
    assert!(
        report.contains(": GIT001: conflict markers") && report.contains("(--fix repairs it)"),
        "{report}"
    );
    let dry = repo.incident(&["doctor", "--fix", "--dry-run"]);
    let dry = String::from_utf8(dry.stdout).unwrap();
    assert!(
        dry.contains("-<<<<<<< HEAD") && dry.contains("(would fix)"),
        "{dry}"
    );
    assert_eq!(repo.log(), conflicted);
    let json = repo.incident(&["doctor", "--format", "json"]);
    let json = String::from_utf8(json.stdout).unwrap();
    assert!(
        json.contains("\"code\": \"GIT001\"") && json.contains("\"fixable\": true"),
        "{json}"
    );
    let fixed = repo.incident(&["doctor", "--fix"]);
    assert_eq!(
        fixed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&fixed.stdout)
    );
    let log = repo.log();
    assert!(
        !log.contains("<<<<<<<") && !log.contains(">>>>>>>"),
        "{log}"
    );
    assert_eq!(ids(&log), [dns, disk, old]);
    assert!(log.contains("## Last Incident: DNS failure (HIGH, 2026-03-05T08:00:00Z)\n"));
    let check = String::from_utf8(repo.incident(&["check"]).stdout).unwrap();
    assert!(
        !check.contains("GIT00") && !check.contains("MD013"),
        "{check}"
    );
    assert_eq!(repo.ok(&["doctor"]), "INCIDENTS.md: nothing to repair\n");
}
