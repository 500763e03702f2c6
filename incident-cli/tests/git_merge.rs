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

    /// Commits the changes to tracked files.
    fn commit_tracked(&self, message: &str) {
        self.git(&["commit", "-qam", message]);
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
    assert!(!String::from_utf8_lossy(&check.stdout).contains("GIT00"));
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

/// Two branches log, edit and close their own incidents over 220 commits and merge each other
/// every 20 commits: no merge conflicts, and every incident of both branches is there.
#[test]
fn a_long_history_replays_through_the_driver_without_conflicts() {
    let repo = Repo::new();
    repo.git(&["branch", "other"]);
    // One working tree per branch, so that no commit needs a checkout.
    let other = repo.worktree("other");
    let mut mine: Vec<(String, String)> = Vec::new();
    for round in 0..110 {
        for (branch, tag, tree) in [("main", "m", &repo), ("other", "t", &other)] {
            let n = round;
            let own: Vec<String> = mine
                .iter()
                .filter(|(b, _)| b == branch)
                .map(|(_, id)| id.clone())
                .collect();
            match (n % 4, own.last()) {
                (1, Some(id)) => {
                    tree.ok(&["set", id, "impact", &format!("{tag} impact {n}")]);
                }
                (2, Some(id)) => {
                    tree.ok(&[
                        "action",
                        "add",
                        id,
                        &format!("{tag} action {n} - @ops - 2026-05-01"),
                    ]);
                }
                (3, Some(id)) => {
                    tree.ok(&["action", "done", id, "1"]);
                }
                _ => {
                    let detected = format!(
                        "2026-04-{:02}T{:02}:{:02}:00Z",
                        1 + n / 10,
                        n % 10,
                        if tag == "m" { 0 } else { 30 }
                    );
                    let id = tree.new_incident(&format!("{tag} incident {n}"), &detected);
                    mine.push((branch.to_owned(), id));
                }
            }
            tree.commit_tracked(&format!("{tag} {n}"));
            if n % 10 == 9 {
                let from = if branch == "main" { "other" } else { "main" };
                let merge = tree.run("git", &["merge", "-q", "--no-edit", from]);
                assert!(
                    merge.status.success(),
                    "round {n}: {}\n{}",
                    String::from_utf8_lossy(&merge.stdout),
                    tree.log()
                );
            }
        }
    }
    repo.git(&["merge", "-q", "--no-edit", "other"]);
    let log = repo.log();
    assert!(!log.contains("<<<<<<<"));
    let mut got = ids(&log);
    got.sort();
    let mut want: Vec<String> = mine.into_iter().map(|(_, id)| id).collect();
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
    assert!(
        repo.git(&["rev-list", "--count", "HEAD"])
            .trim()
            .parse::<usize>()
            .unwrap()
            >= 200
    );
}
