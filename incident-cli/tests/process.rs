//! What output snapshots cannot show: discovery up to the repository root, the environment,
//! concurrent writers, a closed standard output, and what a write does to the file on disk
//! (bytes, permissions, symlinks, leftover files).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The fixed clock of every run.
const NOW: &str = "2026-03-10T12:00:00Z";

/// A small hand-written log (the one the `edit` trycmd case starts from).
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/cmd/edit.in/INCIDENTS.md"
);

/// `incident ARGS` in `dir`, with the clock fixed and `NO_COLOR` unset.
fn incident_colored(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_incident"));
    cmd.current_dir(dir)
        .env("INCIDENT_NOW", NOW)
        .env_remove("NO_COLOR")
        .args(args)
        .stdin(Stdio::null());
    cmd
}

/// `incident --color never ARGS` in `dir`, with the clock fixed.
fn incident(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = incident_colored(dir, &["--color", "never"]);
    cmd.args(args);
    cmd
}

/// Runs to completion, capturing both streams.
fn run(dir: &Path, args: &[&str]) -> Output {
    incident(dir, args).output().expect("the binary runs")
}

/// The fixture with an unknown severity, so that `check` finds an error.
fn fixture_with_error() -> String {
    fs::read_to_string(FIXTURE)
        .unwrap()
        .replace("### Severity: CRITICAL", "### Severity: SEVERE")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts the exit status, showing both streams when it differs.
#[track_caller]
fn assert_status(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A canonical temporary directory (so paths compare equal to what the binary prints).
fn temp_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = fs::canonicalize(dir.path()).unwrap();
    (dir, path)
}

/// A temporary repository (a `.git` directory marks its root) holding a copy of the fixture.
fn repo_with_log() -> (tempfile::TempDir, PathBuf) {
    let (guard, root) = temp_dir();
    fs::create_dir(root.join(".git")).unwrap();
    fs::copy(FIXTURE, root.join("INCIDENTS.md")).unwrap();
    (guard, root)
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Parses JSON output.
fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("stdout is JSON")
}

#[test]
fn no_log_found_says_where_it_looked_and_stops_at_the_repository_root() {
    let (_guard, outer) = temp_dir();
    // A log above the repository root must not be used.
    fs::copy(FIXTURE, outer.join("INCIDENTS.md")).unwrap();
    let repo = outer.join("repo");
    let start = repo.join("services/api");
    fs::create_dir_all(repo.join(".git")).unwrap();
    fs::create_dir_all(&start).unwrap();

    let o = run(&start, &["list"]);
    assert_status(&o, 2);
    assert!(o.stdout.is_empty());
    let expected = format!(
        "error: no INCIDENTS.md found (searched up to the repository root {repo}); looked at:\n  \
         {start}/INCIDENTS.md\n  {start}/incidents/INCIDENTS.md\n  \
         {services}/INCIDENTS.md\n  {services}/incidents/INCIDENTS.md\n  \
         {repo}/INCIDENTS.md\n  {repo}/incidents/INCIDENTS.md\n\
         help: run `incident init` to create INCIDENTS.md here, or pass `--file PATH` to use a log \
         elsewhere\n",
        repo = repo.display(),
        start = start.display(),
        services = repo.join("services").display(),
    );
    assert_eq!(stderr(&o), expected);
}

#[test]
fn finds_incidents_dir_in_an_ancestor() {
    let (_guard, root) = temp_dir();
    fs::create_dir(root.join(".git")).unwrap();
    fs::create_dir(root.join("incidents")).unwrap();
    fs::copy(FIXTURE, root.join("incidents/INCIDENTS.md")).unwrap();
    let deep = root.join("a/b/c");
    fs::create_dir_all(&deep).unwrap();

    let o = run(&deep, &["list", "--format", "csv"]);
    assert_status(&o, 0);
    assert!(
        stdout(&o).contains("2026-02-03-etcd-quorum-lost-on-prod-eu"),
        "{}",
        stdout(&o)
    );
    // Edits go to the file that was found.
    let o = run(
        &deep,
        &["ack", "2026-02-03", "--at", "2026-02-03T09:13:00Z"],
    );
    assert_status(&o, 0);
    let text = fs::read_to_string(root.join("incidents/INCIDENTS.md")).unwrap();
    assert!(text.contains("### Acknowledged: 2026-02-03T09:13:00Z"));
    assert!(!deep.join("INCIDENTS.md").exists());
}

#[test]
fn incident_now_from_the_environment() {
    let (_guard, root) = repo_with_log();
    // The environment sets the clock...
    let o = run(&root, &["report", "--format", "json"]);
    assert_status(&o, 0);
    assert_eq!(json(&o)["generated_at"], NOW);
    // ...`--now` overrides it...
    let o = run(
        &root,
        &[
            "--now",
            "2026-04-01T00:00:00Z",
            "report",
            "--format",
            "json",
        ],
    );
    assert_status(&o, 0);
    assert_eq!(json(&o)["generated_at"], "2026-04-01T00:00:00Z");
    // ...and a bad one is a usage error.
    let o = incident(&root, &["list"])
        .env("INCIDENT_NOW", "soon")
        .output()
        .unwrap();
    assert_status(&o, 2);
    assert!(
        stderr(&o).starts_with(
            "error: invalid value 'soon' for '--now <RFC3339>': invalid timestamp `soon` (expected ISO 8601, e.g. 2026-01-31T14:05:00Z)\n"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn color_always_colours_check_and_never_does_not() {
    let (_guard, root) = repo_with_log();
    fs::write(root.join("INCIDENTS.md"), fixture_with_error()).unwrap();
    let never = run(&root, &["check"]);
    assert_status(&never, 1);
    let text = stdout(&never);
    assert!(text.starts_with("── "), "{text}");
    assert!(
        text.contains("\nerror[MD001]: unknown severity `SEVERE`"),
        "{text}"
    );
    assert!(!stdout(&never).contains('\x1b'));
    // `--color always` wins over NO_COLOR.
    let always = incident_colored(&root, &["--color", "always", "check"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_status(&always, 1);
    assert!(stdout(&always).contains("\x1b["), "{}", stdout(&always));
    // `auto` never colours a pipe.
    let auto = incident_colored(&root, &["check"]).output().unwrap();
    assert_eq!(auto.stdout, never.stdout);
}

#[test]
fn dry_runs_write_nothing() {
    let (_guard, root) = repo_with_log();
    let log = root.join("INCIDENTS.md");
    let before = fs::read(&log).unwrap();
    let mtime = fs::metadata(&log).unwrap().modified().unwrap();
    let runs: [&[&str]; 7] = [
        &["new", "--title", "Dry", "--severity", "LOW", "--dry-run"],
        // Before its recorded resolution: acknowledging a resolved incident later is refused.
        &[
            "ack",
            "2026-02-03",
            "--at",
            "2026-02-03T09:20:00Z",
            "--dry-run",
        ],
        &[
            "resolve",
            "2026-02-03",
            "--resolution",
            "Done.",
            "--dry-run",
        ],
        &[
            "action",
            "add",
            "2026-02-03",
            "Test - @a - 2026-04-01",
            "--dry-run",
        ],
        &["action", "done", "2026-02-03", "3", "--dry-run"],
        &["trigger", "production-deletion", "--dry-run"],
        &["trigger", "data-integrity", "--dry-run", "--format", "json"],
    ];
    for args in runs {
        let o = run(&root, args);
        assert_status(&o, 0);
        assert!(!o.stdout.is_empty(), "{args:?} printed nothing");
        assert_eq!(fs::read(&log).unwrap(), before, "{args:?} wrote");
        assert_eq!(fs::metadata(&log).unwrap().modified().unwrap(), mtime);
    }
    // Not even a lock file: a dry run takes no lock.
    assert_eq!(names(&root), [".git", "INCIDENTS.md"]);
}

#[test]
fn new_from_json_on_standard_input_round_trips_show() {
    let (_guard, root) = repo_with_log();
    let shown = run(&root, &["show", "2026-02-03", "--format", "json"]);
    assert_status(&shown, 0);
    let mut value = json(&shown);
    value["title"] = "etcd quorum lost again".into();
    let mut child = incident(&root, &["new", "--from-json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(value.to_string().as_bytes()).unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "2026-02-03-etcd-quorum-lost-again\n");

    let again = run(
        &root,
        &["show", "2026-02-03-etcd-quorum-lost-a", "--format", "json"],
    );
    assert_status(&again, 0);
    let mut copy = json(&again);
    // Everything but the identity and the position is the same.
    for key in ["id", "anchor", "title", "line"] {
        copy[key] = value[key].clone();
    }
    assert_eq!(copy, value);
}

#[test]
fn twenty_concurrent_writers_leave_twenty_incidents() {
    let (_guard, root) = temp_dir();
    assert_status(&run(&root, &["-f", "INCIDENTS.md", "init"]), 0);
    let children: Vec<_> = (0..20)
        .map(|k| {
            let title = format!("Concurrent writer {k:02}");
            incident(
                &root,
                &[
                    "-f",
                    "INCIDENTS.md",
                    "new",
                    "--title",
                    &title,
                    "--severity",
                    "LOW",
                ],
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    let mut ids: Vec<String> = children
        .into_iter()
        .map(|c| {
            let o = c.wait_with_output().unwrap();
            assert_status(&o, 0);
            stdout(&o).trim().to_owned()
        })
        .collect();
    ids.sort();
    let expected: Vec<String> = (0..20)
        .map(|k| format!("2026-03-10-concurrent-writer-{k:02}"))
        .collect();
    assert_eq!(ids, expected);

    let listed = run(&root, &["-f", "INCIDENTS.md", "list", "--format", "json"]);
    assert_status(&listed, 0);
    let mut listed: Vec<String> = json(&listed)
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    listed.sort();
    assert_eq!(listed, expected);
    // The file is still well formed: no structure diagnostics.
    let checked = run(&root, &["-f", "INCIDENTS.md", "check", "--format", "json"]);
    let findings = json(&checked)["findings"].as_array().unwrap().clone();
    assert!(
        findings
            .iter()
            .all(|f| !f["code"].as_str().unwrap().starts_with("MD")),
        "{findings:?}"
    );
    // No temporary files are left, only the lock file.
    assert_eq!(names(&root), [".INCIDENTS.md.lock", "INCIDENTS.md"]);
}

#[test]
fn a_closed_standard_output_is_not_an_error() {
    let (_guard, root) = repo_with_log();
    fs::write(root.join("INCIDENTS.md"), fixture_with_error()).unwrap();
    for (args, code) in [
        (&["completions", "bash"][..], 0),
        (&["report"][..], 0),
        (&["list", "--format", "json"][..], 0),
        (&["--help"][..], 0),
        // The status of the command survives, JSON written as it is serialized too.
        (&["check"][..], 1),
        (&["check", "--format", "json"][..], 1),
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = incident(&root, args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        // Only notes (entries left out) may appear; no error about the pipe.
        let err = stderr(&o);
        assert!(
            err.lines().all(|l| l.starts_with("note: ")),
            "{args:?}: {err}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn any_other_output_error_is_exit_2() {
    let (_guard, root) = repo_with_log();
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = incident(&root, &["list"])
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_status(&o, 2);
    assert_eq!(
        stderr(&o),
        "error: cannot write output: No space left on device (os error 28)\n"
    );
    // JSON serialized straight into the stream fails the same way.
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = incident(&root, &["list", "--format", "json"])
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_status(&o, 2);
    assert_eq!(
        stderr(&o),
        "error: cannot write output: No space left on device (os error 28)\n"
    );
}

#[test]
fn non_utf8_log_is_refused_and_left_untouched() {
    let (_guard, root) = temp_dir();
    let log = root.join("INCIDENTS.md");
    let mut bytes = fs::read(FIXTURE).unwrap();
    bytes.extend_from_slice(b"\n\xff\xfe not text\n");
    fs::write(&log, &bytes).unwrap();
    for args in [
        &["ack", "2026-02-03"][..],
        &["new", "--title", "X", "--severity", "LOW"][..],
        &["resolve", "2026-02-03"][..],
    ] {
        let o = run(&root, &[&["-f", "INCIDENTS.md"][..], args].concat());
        assert_status(&o, 2);
        assert!(
            stderr(&o).contains(": not valid UTF-8 (first invalid byte at offset"),
            "{}",
            stderr(&o)
        );
        assert_eq!(fs::read(&log).unwrap(), bytes);
    }
    assert_eq!(names(&root), [".INCIDENTS.md.lock", "INCIDENTS.md"]);
}

#[cfg(unix)]
#[test]
fn ack_keeps_permissions_and_the_symlink() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let (_guard, root) = temp_dir();
    let shared = root.join("shared");
    let repo = root.join("repo");
    fs::create_dir_all(&shared).unwrap();
    fs::create_dir_all(repo.join(".git")).unwrap();
    let real = shared.join("team-incidents.md");
    // Edits also keep the `## Last Incident:` heading true, rewriting it in a canonical form; start
    // from that form so that the acknowledgement is the only change.
    let original = fs::read_to_string(FIXTURE).unwrap().replace(
        "## Last Incident: 2026-02-03 — etcd quorum lost on prod-eu",
        "## Last Incident: etcd quorum lost on prod-eu (CRITICAL, 2026-02-03T09:12:00Z)",
    );
    fs::write(&real, &original).unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    let link = repo.join("INCIDENTS.md");
    std::os::unix::fs::symlink("../shared/team-incidents.md", &link).unwrap();
    let inode = fs::metadata(&real).unwrap().ino();

    let o = run(
        &repo,
        &["ack", "2026-02-03", "--at", "2026-02-03T09:13:00Z"],
    );
    assert_status(&o, 0);
    assert_eq!(
        stdout(&o),
        "acknowledged 2026-02-03-etcd-quorum-lost-on-prod-eu at 09:13 (was 09:14), response met with 4m to spare\n"
    );

    let link_meta = fs::symlink_metadata(&link).unwrap();
    assert!(link_meta.file_type().is_symlink());
    assert_eq!(
        fs::read_link(&link).unwrap(),
        Path::new("../shared/team-incidents.md")
    );
    let meta = fs::metadata(&real).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    assert_ne!(
        meta.ino(),
        inode,
        "replaced by rename, not rewritten in place"
    );
    let text = fs::read_to_string(&real).unwrap();
    assert!(text.contains("### Acknowledged: 2026-02-03T09:13:00Z"));
    // Only the acknowledgement changed.
    assert_eq!(
        text.replace(
            "### Acknowledged: 2026-02-03T09:13:00Z",
            "### Acknowledged: 2026-02-03T09:14:00Z"
        ),
        original
    );
    // The lock lives beside the real file; nothing is left beside the link.
    assert_eq!(names(&repo), [".git", "INCIDENTS.md"]);
    assert_eq!(
        names(&shared),
        [".team-incidents.md.lock", "team-incidents.md"]
    );
}

/// Runs with a deadline: a run that blocks (a FIFO read, say) is killed and fails the test.
fn run_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = incident(dir, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("incident {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

/// Issue 11 item 1: `-f /dev/null` used to rename a regular file over `/dev/null`.
#[cfg(unix)]
#[test]
fn dev_null_as_the_log_is_refused_and_untouched() {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let (_guard, root) = temp_dir();
    let before = fs::metadata("/dev/null").unwrap();
    for args in [
        &[
            "-f",
            "/dev/null",
            "new",
            "--title",
            "x",
            "--severity",
            "LOW",
        ][..],
        &["-f", "/dev/null", "list"],
        &["-f", "/dev/null", "init", "--force"],
    ] {
        let o = run(&root, args);
        assert_status(&o, 2);
        assert!(
            stderr(&o).contains("/dev/null is a character device, not a regular file"),
            "{}",
            stderr(&o)
        );
    }
    let after = fs::metadata("/dev/null").unwrap();
    assert!(after.file_type().is_char_device());
    assert_eq!(after.rdev(), before.rdev());
    assert_eq!(after.ino(), before.ino());
    assert!(
        names(Path::new("/dev"))
            .iter()
            .all(|n| !n.starts_with(".null."))
    );
}

/// Issue 11 item 1: a FIFO as the log made `list`, `check` and `new` block forever.
#[cfg(target_os = "linux")]
#[test]
fn fifo_log_exits_2_promptly() {
    let (_guard, root) = temp_dir();
    fs::create_dir(root.join(".git")).unwrap();
    let fifo = root.join("INCIDENTS.md");
    if !Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        return;
    }
    for args in [
        &["list"][..],
        &["check"],
        &[
            "-f",
            "INCIDENTS.md",
            "new",
            "--title",
            "x",
            "--severity",
            "LOW",
        ],
    ] {
        let o = run_within(&root, args, Duration::from_secs(20));
        assert_status(&o, 2);
        let err = stderr(&o);
        assert!(err.contains("FIFO"), "{args:?}: {err}");
    }
    // No lock or temporary file was made.
    assert_eq!(names(&root), [".git", "INCIDENTS.md"]);
}

/// Issue 11 item 1: `.incident.toml` and `--from-json` are regular files only, too.
#[cfg(target_os = "linux")]
#[test]
fn fifo_config_and_json_input_exit_2_promptly() {
    let (_guard, root) = repo_with_log();
    let fifo = root.join("in.json");
    if !Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        return;
    }
    let o = run_within(
        &root,
        &["new", "--from-json", "in.json"],
        Duration::from_secs(20),
    );
    assert_status(&o, 2);
    assert!(stderr(&o).contains("in.json is a FIFO"), "{}", stderr(&o));
    let o = run_within(
        &root,
        &["new", "--from-json", "/dev/zero"],
        Duration::from_secs(20),
    );
    assert_status(&o, 2);
    assert!(stderr(&o).contains("character device"), "{}", stderr(&o));
    fs::rename(&fifo, root.join(".incident.toml")).unwrap();
    let o = run_within(&root, &["list"], Duration::from_secs(20));
    assert_status(&o, 2);
    assert!(
        stderr(&o).contains(".incident.toml is a FIFO"),
        "{}",
        stderr(&o)
    );
}

/// Issue 11 item 7: a `chmod 444` log is refused (also for root), byte for byte untouched.
#[cfg(unix)]
#[test]
fn read_only_log_is_refused() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let (_guard, root) = repo_with_log();
    let log = root.join("INCIDENTS.md");
    fs::set_permissions(&log, fs::Permissions::from_mode(0o444)).unwrap();
    let bytes = fs::read(&log).unwrap();
    let inode = fs::metadata(&log).unwrap().ino();
    let o = run(&root, &["new", "--title", "x", "--severity", "LOW"]);
    assert_status(&o, 2);
    assert_eq!(
        stderr(&o),
        "error: INCIDENTS.md is read-only (mode 444); refusing to edit it\n"
    );
    assert_eq!(fs::read(&log).unwrap(), bytes);
    assert_eq!(fs::metadata(&log).unwrap().ino(), inode);
    assert_eq!(names(&root), [".git", "INCIDENTS.md"]);
    // Reading it is fine.
    assert_status(&run(&root, &["list"]), 0);
}

/// Issue 11 item 2: this grace panicked in the calendar during `sla`, `check` and `report`.
#[test]
fn huge_immediate_grace_is_a_config_error_with_its_line() {
    let (_guard, root) = repo_with_log();
    fs::write(
        root.join(".incident.toml"),
        "order = \"newest-first\"\nimmediate-grace = \"2562047788h\"\n",
    )
    .unwrap();
    for cmd in ["sla", "check", "report"] {
        let o = run(&root, &[cmd]);
        assert_status(&o, 2);
        assert_eq!(
            stderr(&o),
            "error: .incident.toml:2:19: duration `2562047788h` is too long (at most 366 days)\n",
            "{cmd}"
        );
    }
}

/// Issue 11 item 8: `init --force` over a dangling symlink creates the file it names.
#[cfg(unix)]
#[test]
fn init_force_writes_through_a_dangling_symlink() {
    let (_guard, root) = temp_dir();
    fs::create_dir(root.join("shared")).unwrap();
    let link = root.join("INCIDENTS.md");
    std::os::unix::fs::symlink("shared/log.md", &link).unwrap();
    let o = run(&root, &["init"]);
    assert_status(&o, 2);
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    let o = run(&root, &["init", "--force"]);
    assert_status(&o, 0);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(root.join("shared/log.md"))
            .unwrap()
            .starts_with("# INCIDENTS.md")
    );
}

/// Issue 11 item 6: a temporary copy left by a killed writer is removed by the next write.
#[cfg(target_os = "linux")]
#[test]
fn next_write_removes_temp_files_of_dead_writers() {
    let (_guard, root) = repo_with_log();
    fs::write(root.join(".INCIDENTS.md.tmp.99999999.3"), "stale copy").unwrap();
    let o = run(&root, &["new", "--title", "x", "--severity", "LOW"]);
    assert_status(&o, 0);
    assert_eq!(names(&root), [".git", "INCIDENTS.md"]);
}

/// Issue 16: in a git repository, writers leave nothing in the work tree (`git status` shows
/// only the log), and writers reaching the log through a symlink in another directory take
/// the same lock as those using its own path: no write is lost.
#[cfg(unix)]
#[test]
fn writers_through_a_symlink_share_the_lock_kept_in_the_git_directory() {
    let (_guard, root) = temp_dir();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(args)
            .current_dir(&root)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", &root)
            .output()
            .unwrap();
        assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
        stdout(&o)
    };
    git(&["init", "-q", "."]);
    assert_status(&run(&root, &["init"]), 0);
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("team.md");
    std::os::unix::fs::symlink(root.join("INCIDENTS.md"), &link).unwrap();
    let link = link.to_str().unwrap().to_owned();
    let children: Vec<_> = (0..10)
        .map(|k| {
            let title = format!("Writer {k:02}");
            let file = if k % 2 == 0 { "INCIDENTS.md" } else { &link };
            incident(
                &root,
                &["-f", file, "new", "--title", &title, "--severity", "LOW"],
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    for child in children {
        assert_status(&child.wait_with_output().unwrap(), 0);
    }
    let listed = run(&root, &["list", "--format", "json"]);
    assert_eq!(json(&listed).as_array().unwrap().len(), 10);
    assert_eq!(git(&["status", "--porcelain"]), "?? INCIDENTS.md\n");
    assert_eq!(names(&root), [".git", "INCIDENTS.md"]);
    assert_eq!(names(elsewhere.path()), ["team.md"]);
    assert_eq!(names(&root.join(".git/incident")), ["INCIDENTS.md.lock"]);
}

/// Sends `signal` (`-STOP`, `-TERM`, …) to `pid` with kill(1): std can only SIGKILL.
#[cfg(target_os = "linux")]
fn signal(pid: u32, signal: &str) {
    let _ = Command::new("kill")
        .args([signal, &pid.to_string()])
        .stderr(Stdio::null())
        .status();
}

/// Issue 11 item 6: SIGTERM or SIGINT while the temporary copy exists removes it, and the log
/// is the old version or the new one. The writer is frozen with SIGSTOP until it is caught with its temporary
/// file on disk; then the signal is queued and the writer resumed.
#[cfg(target_os = "linux")]
#[test]
fn signals_during_a_save_leave_no_temp_file() {
    let (_guard, root) = repo_with_log();
    let log = root.join("INCIDENTS.md");
    // A long log makes writing the temporary file take a few milliseconds.
    let mut text = fs::read_to_string(&log).unwrap();
    text.push_str("\n<!--\n");
    text.push_str(&"padding padding padding padding padding padding padding\n".repeat(150_000));
    text.push_str("-->\n");
    fs::write(&log, &text).unwrap();
    let temp_exists = |root: &Path| names(root).iter().any(|n| n.contains(".tmp."));
    let mut caught = 0;
    for (attempt, sig) in (0..8).map(|i| (i, if i % 2 == 0 { "-TERM" } else { "-INT" })) {
        let before = fs::read(&log).unwrap();
        let mut child = incident(&root, &["new", "--title", "x", "--severity", "LOW"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        let mut interrupted = false;
        while child.try_wait().unwrap().is_none() {
            signal(pid, "-STOP");
            if temp_exists(&root) {
                signal(pid, sig);
                signal(pid, "-CONT");
                interrupted = true;
                break;
            }
            signal(pid, "-CONT");
        }
        child.wait().unwrap();
        if interrupted {
            caught += 1;
            assert!(
                !temp_exists(&root),
                "{sig} (attempt {attempt}): {:?}",
                names(&root)
            );
        }
        // Resumed, the writer may still win the race to the rename: old or new, never half.
        let after = fs::read(&log).unwrap();
        assert!(
            after == before || (after.len() > before.len() && after.starts_with(b"# ")),
            "{sig} (attempt {attempt}): the log is neither the old nor the new version"
        );
        if caught >= 2 {
            break;
        }
    }
    // On a very fast or very loaded machine the window may never be hit; say so.
    if caught == 0 {
        eprintln!("note: no save was caught with its temporary file on disk");
    }
}

/// A dry run of `init` says what the real run would: a dangling symlink exists.
#[cfg(unix)]
#[test]
fn init_dry_run_over_a_dangling_symlink_agrees_with_init() {
    let (_guard, root) = temp_dir();
    std::os::unix::fs::symlink("missing.md", root.join("INCIDENTS.md")).unwrap();
    let o = run(&root, &["init", "--dry-run"]);
    assert_status(&o, 2);
    assert_eq!(
        stderr(&o),
        "error: INCIDENTS.md already exists; refusing to overwrite it without --force\n"
    );
    let o = run(&root, &["init", "--dry-run", "--force"]);
    assert_status(&o, 0);
    assert!(stdout(&o).contains("+# INCIDENTS.md"), "{}", stdout(&o));
    assert!(!root.join("missing.md").exists());
}

/// Issue 16: `new` prints the ID alone on standard output (scripts capture it) and its summary
/// on standard error; `--format json` prints the incident after the change; a change the log
/// already records says so and exits 0, writing nothing.
#[test]
fn changes_summarise_themselves_and_print_json_on_request() {
    let (_guard, root) = repo_with_log();
    let o = run(
        &root,
        &[
            "new",
            "--title",
            "Queue lag",
            "--severity",
            "HIGH",
            "--detected",
            "2026-03-10T11:50:00Z",
        ],
    );
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "2026-03-10-queue-lag\n");
    assert_eq!(
        stderr(&o),
        "logged HIGH incident 2026-03-10-queue-lag: response due by 12:05 (in 5m)\n"
    );

    let o = run(
        &root,
        &[
            "ack",
            "2026-03-10-queue",
            "--at",
            "2026-03-10T11:58:00Z",
            "--format",
            "json",
        ],
    );
    assert_status(&o, 0);
    let record = json(&o);
    assert_eq!(record["id"], "2026-03-10-queue-lag");
    assert_eq!(record["acknowledged"], "2026-03-10T11:58:00Z");

    let before = fs::read(root.join("INCIDENTS.md")).unwrap();
    let o = run(
        &root,
        &["ack", "2026-03-10-queue", "--at", "2026-03-10T11:58:00Z"],
    );
    assert_status(&o, 0);
    assert_eq!(
        stdout(&o),
        "2026-03-10-queue-lag unchanged: the log already says that\n"
    );
    assert_eq!(fs::read(root.join("INCIDENTS.md")).unwrap(), before);

    let o = run(
        &root,
        // A clock after the step: a step later than now is refused.
        &[
            "--now",
            "2026-03-10T13:00:00Z",
            "ack",
            "2026-03-10-queue",
            "--at",
            "2026-03-10T12:20:00Z",
        ],
    );
    assert_status(&o, 0);
    assert_eq!(
        stdout(&o),
        "acknowledged 2026-03-10-queue-lag at 12:20 (was 11:58), response breached by 15m\n"
    );
    let o = run(
        &root,
        &[
            "new",
            "--title",
            "Disk",
            "--severity",
            "LOW",
            "--format",
            "json",
        ],
    );
    assert_status(&o, 0);
    assert_eq!(json(&o)["title"], "Disk");
    assert_eq!(stderr(&o), "");
}

/// Issue 16: tables are coloured with `--color always` (a CRITICAL severity in bold red, a
/// breached response in red), never otherwise here (not a terminal), and CSV never.
#[test]
fn tables_are_coloured_only_when_asked() {
    let (_guard, root) = repo_with_log();
    let coloured = |args: &[&str]| {
        let o = incident_colored(&root, &[&["--color", "always"][..], args].concat())
            .output()
            .unwrap();
        assert_status(&o, 0);
        stdout(&o)
    };
    let list = coloured(&["list"]);
    assert!(list.contains("\x1b[1m\x1b[31mCRITICAL"), "{list:?}");
    let sla = coloured(&["sla"]);
    assert!(sla.contains("\x1b[31m"), "{sla:?}");
    assert!(!coloured(&["list", "--format", "csv"]).contains('\x1b'));
    let plain = run(&root, &["sla"]);
    assert!(!stdout(&plain).contains('\x1b'));
    let auto = incident_colored(&root, &["sla"]).output().unwrap();
    assert!(!stdout(&auto).contains('\x1b'));
}

/// Issue 16: dynamic shell completion completes incident IDs (with their titles) from the log
/// found from the current directory, and offers the script with `COMPLETE=bash`.
#[test]
fn shell_completion_completes_incident_ids() {
    let (_guard, root) = repo_with_log();
    let complete = |shell: &str, words: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_incident"))
            .current_dir(&root)
            .env("COMPLETE", shell)
            .arg("--")
            .args(words)
            .output()
            .unwrap();
        assert_status(&o, 0);
        stdout(&o)
    };
    let ids = complete("fish", &["incident", "ack", "2026-02"]);
    assert_eq!(
        ids,
        "2026-02-03-etcd-quorum-lost-on-prod-eu\tetcd quorum lost on prod-eu\n"
    );
    assert!(complete("fish", &["incident", "show", "1999"]).is_empty());
    let script = Command::new(env!("CARGO_BIN_EXE_incident"))
        .env("COMPLETE", "bash")
        .output()
        .unwrap();
    assert!(stdout(&script).contains("_clap_complete_incident"));
}

#[test]
fn a_refused_edit_says_where_the_entry_is() {
    // An entry whose detection time cannot be read: `ack` is refused, and the error names the
    // entry's heading as `file:line:col`, as `check` names a finding; the file is unchanged.
    let (_tmp, dir) = temp_dir();
    let log = "# Log\n\n## Incidents\n\n### DB ran out of connections\n\n**Date:** 2026-11-20\n**Severity:** SEV-2\n";
    fs::write(dir.join("INCIDENTS.md"), log).unwrap();
    let out = run(
        &dir,
        &[
            "--now",
            "2026-11-21T00:00:00Z",
            "ack",
            "2026-11-20-db",
            "--at",
            "2026-11-20T14:00:00Z",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "error: INCIDENTS.md:5:1: incident `2026-11-20-db-ran-out-of-connections` cannot be edited"
        ),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(dir.join("INCIDENTS.md")).unwrap(), log);
}

/// `ack` on an acknowledged incident at another time moves the time and says what it was,
/// rather than rewrite it unseen; the same time again changes nothing.
#[test]
fn a_second_ack_at_another_time_says_what_it_replaced() {
    let (_guard, root) = repo_with_log();
    let log = root.join("INCIDENTS.md");
    let added = run(
        &root,
        &[
            "new",
            "--title",
            "Disk full",
            "--severity",
            "low",
            "--detected",
            "2026-03-10T10:00:00Z",
        ],
    );
    assert_status(&added, 0);
    let id = stdout(&added).trim().to_owned();
    assert_status(
        &run(&root, &["ack", &id, "--at", "2026-03-10T11:00:00Z"]),
        0,
    );
    let again = run(&root, &["ack", &id, "--at", "2026-03-10T11:30:00Z"]);
    assert_status(&again, 0);
    assert!(
        stdout(&again).starts_with(&format!("acknowledged {id} at 11:30 (was 11:00), ")),
        "{}",
        stdout(&again)
    );
    let text = fs::read_to_string(&log).unwrap();
    assert_eq!(text.matches("2026-03-10T11:30:00Z").count(), 1, "{text}");
    assert!(!text.contains("2026-03-10T11:00:00Z"), "{text}");
    let same = run(&root, &["ack", &id, "--at", "2026-03-10T11:30:00Z"]);
    assert_eq!(
        stdout(&same),
        format!("{id} unchanged: the log already says that\n")
    );
}

/// `INCIDENT_THREADS`: a log long enough to be read on several threads gives the same output
/// on one thread and on four, for reading commands and for an edit.
#[test]
fn output_is_the_same_on_one_thread_and_on_four() {
    let (_guard, root) = temp_dir();
    fs::create_dir(root.join(".git")).unwrap();
    let fixture = fs::read_to_string(FIXTURE).unwrap();
    // The fixture's entries, written 600 times over, one of them with an error.
    let policy = fixture.find("## Post-Incident Requirements").unwrap();
    let first = policy + fixture[policy..].find("## Incident:").unwrap();
    let entries = &fixture[first..];
    let mut log = fixture[..first].to_owned();
    for k in 0..600 {
        log.push_str(&entries.replace("Incident: ", &format!("Incident: {k} ")));
        log.push('\n');
    }
    let log = log.replacen("### Severity: CRITICAL", "### Severity: SEVERE", 1);
    let mut outputs = Vec::new();
    for threads in ["1", "4"] {
        fs::write(root.join("INCIDENTS.md"), &log).unwrap();
        let mut seen = Vec::new();
        for args in [
            &["list", "--format", "json"][..],
            &["check", "--format", "json"],
            &["check"],
            &["sla"],
            &[
                "new",
                "--title",
                "late",
                "--severity",
                "LOW",
                "--detected",
                NOW,
            ],
        ] {
            let o = incident(&root, args)
                .env("INCIDENT_THREADS", threads)
                .output()
                .unwrap();
            seen.push((o.status.code(), stdout(&o), stderr(&o)));
        }
        seen.push((
            None,
            fs::read_to_string(root.join("INCIDENTS.md")).unwrap(),
            String::new(),
        ));
        outputs.push(seen);
    }
    let listed = json(
        &incident(&root, &["list", "--format", "json"])
            .output()
            .unwrap(),
    );
    assert!(
        listed.as_array().unwrap().len() >= 600,
        "the log is long enough to split"
    );
    assert_eq!(
        outputs[0][1].0,
        Some(1),
        "check finds the error: {}",
        outputs[0][1].1
    );
    assert!(outputs[0] == outputs[1], "one thread and four differ");
}

/// A thread count that is no number is refused, as any bad option is, before the log is read.
#[test]
fn a_thread_count_that_is_no_number_is_refused() {
    let (_guard, root) = repo_with_log();
    let o = incident(&root, &["list"])
        .env("INCIDENT_THREADS", "many")
        .output()
        .unwrap();
    assert_status(&o, 2);
    assert!(stderr(&o).contains("--threads"), "{}", stderr(&o));
    let o = run(&root, &["list", "--threads", "0"]);
    assert_status(&o, 0);
}

/// A log that reads as no incident passes `check` (a log may have none yet), but the summary
/// says why nothing was read; the template `init` writes gets no note.
#[test]
fn check_says_why_a_log_without_incidents_passes() {
    let (_guard, root) = temp_dir();
    fs::create_dir(root.join(".git")).unwrap();
    let log = root.join("INCIDENTS.md");
    let template = incident_md::render::canonical_template();
    let cases = [
        ("", Some("note: the log is empty")),
        ("\n\n", Some("note: the log is empty")),
        (
            "# Ops notes\n\nWe moved the cluster.\n\n## Contacts\n\n- Ana\n",
            Some("note: nothing in the log reads as an incident; `incident explain`"),
        ),
        (template.as_str(), None),
    ];
    for (text, note) in cases {
        fs::write(&log, text).unwrap();
        let out = run(&root, &["check"]);
        assert_status(&out, 0);
        let text_out = stdout(&out);
        assert!(
            text_out.starts_with("INCIDENTS.md: 0 incidents read"),
            "{text_out}"
        );
        match note {
            Some(n) => assert!(text_out.contains(n), "{text:?}: {text_out}"),
            None => assert!(!text_out.contains("note:"), "{text:?}: {text_out}"),
        }
        // The JSON output is the same contract as before: no note in it.
        let json = run(&root, &["check", "--format", "json"]);
        assert!(!stdout(&json).contains("note"), "{}", stdout(&json));
    }
}

/// `action add` with the text in the log's own form (`(@kim, due …)`): the summary names the
/// owner and due date the log reads back, not "no owner, no due date".
#[test]
fn action_add_reports_the_owner_and_due_date_the_log_reads_back() {
    let (_guard, root) = temp_dir();
    fs::create_dir(root.join(".git")).unwrap();
    fs::write(
        root.join("INCIDENTS.md"),
        "# Incidents\n\n## 2026-02-20 — Checkout latency spike\n\n**Severity:** High\n\
         **Detected:** 2026-02-20 14:05 UTC\n\nCheckout p99 went to 9 s.\n\n**Action items:**\n\
         - [ ] Add a warm-up step (@priya, due 2026-03-01)\n",
    )
    .unwrap();
    let out = run(
        &root,
        &[
            "action",
            "add",
            "2026-02-20-checkout-latency-spike",
            "Tune alerts (@kim, due 2026-03-14)",
        ],
    );
    assert_status(&out, 0);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    let line = "added follow-up 2 to 2026-02-20-checkout-latency-spike: Tune alerts (@kim, due 2026-03-14)";
    assert!(said.lines().any(|l| l == line), "{said}");
    let log = fs::read_to_string(root.join("INCIDENTS.md")).unwrap();
    assert!(
        log.ends_with("- [ ] Tune alerts (@kim, due 2026-03-14)\n"),
        "{log}"
    );
}

/// `new --severity` takes the words `set ID severity` takes: a word of the log's own scale,
/// written as the log writes it; a word no scale has is refused and nothing is written.
#[test]
fn new_takes_a_severity_in_the_logs_own_words() {
    let (_tmp, dir) = temp_dir();
    let log = "# Log\n\n## INCIDENT-001: Disk full\n\n- **Severity:** SEV3\n- **Detected:** 2026-11-20T10:00:00Z\n- **Status:** Resolved\n";
    fs::write(dir.join("INCIDENTS.md"), log).unwrap();
    let new = |severity: &str| {
        run(
            &dir,
            &[
                "--now",
                "2026-11-21T00:00:00Z",
                "new",
                "--title",
                "Cache storm",
                "--severity",
                severity,
                "--detected",
                "2026-11-20T23:00:00Z",
            ],
        )
    };
    let out = new("potato");
    assert_status(&out, 2);
    assert!(
        stderr(&out).contains("unknown severity `potato` for --severity"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(dir.join("INCIDENTS.md")).unwrap(), log);
    let out = new("SEV2");
    assert_status(&out, 0);
    assert_eq!(stdout(&out), "INCIDENT-002\n");
    assert!(
        stderr(&out).contains("logged MEDIUM incident"),
        "{}",
        stderr(&out)
    );
    let text = fs::read_to_string(dir.join("INCIDENTS.md")).unwrap();
    assert!(text.contains("- **Severity:** SEV2\n"), "{text}");
    let out = run(&dir, &["show", "INCIDENT-002", "--format", "json"]);
    assert!(
        stdout(&out).contains("\"severity\": \"MEDIUM\""),
        "{}",
        stdout(&out)
    );
}

/// Every step prints a one-line summary, as `ack` and `resolve` do, and a step the log already
/// records says so.
#[test]
fn steps_summarise_themselves() {
    let (_tmp, dir) = temp_dir();
    assert_status(&run(&dir, &["init"]), 0);
    for (title, at) in [
        ("API outage", "2026-03-10T10:00:00Z"),
        ("API outage again", "2026-03-10T10:02:00Z"),
    ] {
        let o = run(
            &dir,
            &[
                "new",
                "--title",
                title,
                "--severity",
                "HIGH",
                "--detected",
                at,
            ],
        );
        assert_status(&o, 0);
    }
    let steps: [(&[&str], &str); 6] = [
        (
            &[
                "mitigate",
                "2026-03-10-api-outage",
                "--at",
                "2026-03-10T10:40:00Z",
            ],
            "mitigated 2026-03-10-api-outage at 10:40, 40m after detection\n",
        ),
        (
            &[
                "mitigate",
                "2026-03-10-api-outage",
                "--at",
                "2026-03-10T10:40:00Z",
            ],
            "2026-03-10-api-outage unchanged: the log already says that\n",
        ),
        (
            &[
                "resolve",
                "2026-03-10-api-outage",
                "--at",
                "2026-03-10T11:00:00Z",
            ],
            "resolved 2026-03-10-api-outage at 11:00, 1h after detection\n",
        ),
        (
            &[
                "reopen",
                "2026-03-10-api-outage",
                "--at",
                "2026-03-10T11:30:00Z",
            ],
            "reopened 2026-03-10-api-outage at 11:30\n",
        ),
        (
            &[
                "cancel",
                "2026-03-10-api-outage-a",
                "--reason",
                "same page",
                "--duplicate-of",
                "2026-03-10-api-outage",
            ],
            "cancelled 2026-03-10-api-outage-again at 12:00 as a duplicate of 2026-03-10-api-outage: same page\n",
        ),
        (
            &[
                "timeline",
                "add",
                "2026-03-10-api-outage",
                "--at",
                "2026-03-10T10:05:00Z",
                "Paged the on-call",
            ],
            "added to the timeline of 2026-03-10-api-outage: 10:05 — Paged the on-call\n",
        ),
    ];
    for (args, summary) in steps {
        let o = run(&dir, args);
        assert_status(&o, 0);
        assert_eq!(stdout(&o), summary, "{args:?}");
    }
}

/// A step without `--at` that the log already records is a retry: it changes nothing, where it
/// moved the recorded time to now (`resolve` twice) or was refused with a misleading message
/// (`ack` after the mitigation). With `--at` the time is corrected, and says so.
#[test]
fn retried_steps_keep_their_recorded_times() {
    let (_tmp, dir) = temp_dir();
    assert_status(&run(&dir, &["init"]), 0);
    for title in ["API outage", "Disk alarm"] {
        let new = [
            "new",
            "--title",
            title,
            "--severity",
            "HIGH",
            "--detected",
            "2026-03-10T10:00:00Z",
        ];
        assert_status(&run(&dir, &new), 0);
    }
    let id = "2026-03-10-api-outage";
    let steps: [(&[&str], &str); 8] = [
        (&["ack", id], "acknowledged 2026-03-10-api-outage at 10:05"),
        (
            &["mitigate", id],
            "mitigated 2026-03-10-api-outage at 10:20",
        ),
        (&["ack", id], "2026-03-10-api-outage unchanged"),
        (&["resolve", id], "resolved 2026-03-10-api-outage at 11:00"),
        (&["resolve", id], "2026-03-10-api-outage unchanged"),
        (&["mitigate", id], "2026-03-10-api-outage unchanged"),
        (
            &["resolve", id, "--at", "2026-03-10T10:50:00Z"],
            "resolved 2026-03-10-api-outage at 10:50 (was 11:00)",
        ),
        (
            &["cancel", "2026-03-10-disk-alarm", "--reason", "false alarm"],
            "cancelled 2026-03-10-disk-alarm at 11:40: false alarm",
        ),
    ];
    let clock = [
        "10:05", "10:20", "10:30", "11:00", "11:30", "11:35", "11:36", "11:40",
    ];
    for ((args, summary), now) in steps.into_iter().zip(clock) {
        let now = format!("2026-03-10T{now}:00Z");
        let o = run(&dir, &[args, &["--now", &now]].concat());
        assert_status(&o, 0);
        assert!(stdout(&o).starts_with(summary), "{args:?}: {}", stdout(&o));
    }
    let again = [
        "cancel",
        "2026-03-10-disk-alarm",
        "--reason",
        "false alarm",
        "--now",
        "2026-03-10T12:00:00Z",
    ];
    let before = fs::read_to_string(dir.join("INCIDENTS.md")).unwrap();
    let o = run(&dir, &again);
    assert_status(&o, 0);
    assert!(stdout(&o).contains("unchanged"), "{}", stdout(&o));
    let log = fs::read_to_string(dir.join("INCIDENTS.md")).unwrap();
    assert_eq!(log, before);
    for kept in [
        "### Acknowledged: 2026-03-10T10:05:00Z",
        "### Mitigated: 2026-03-10T10:20:00Z",
        "### Resolved: 2026-03-10T10:50:00Z",
    ] {
        assert!(log.contains(kept), "{kept} in\n{log}");
    }
}

/// `set FIELD -` with nothing on standard input (a failed pipe) is refused and changes
/// nothing; clearing is `--clear`.
#[test]
fn set_from_empty_standard_input_changes_nothing() {
    let (_tmp, dir) = temp_dir();
    assert_status(&run(&dir, &["init"]), 0);
    let o = run(
        &dir,
        &[
            "new",
            "--title",
            "API outage",
            "--severity",
            "HIGH",
            "--detected",
            "2026-03-10T10:00:00Z",
            "--impact",
            "Checkout failed.",
        ],
    );
    assert_status(&o, 0);
    let before = fs::read_to_string(dir.join("INCIDENTS.md")).unwrap();
    let o = incident(&dir, &["set", "2026-03-10-api-outage", "impact", "-"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_status(&o, 2);
    assert!(
        stderr(&o).contains("standard input was empty"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(dir.join("INCIDENTS.md")).unwrap(),
        before
    );
}
