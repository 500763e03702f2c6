//! The README's command-line session runs as written, against the real binary.

use std::path::Path;
use std::process::Command;

/// The commands of the first `sh` block after the CLI heading, continuation lines joined.
fn readme_commands() -> Vec<String> {
    let readme = include_str!("../../README.md");
    let section = readme
        .split_once("## The `incident` command")
        .expect("the README has a CLI section")
        .1;
    let block = section
        .split_once("```sh\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("the CLI section has an sh block")
        .0;
    let mut commands = Vec::new();
    let mut current = String::new();
    for line in block.lines() {
        let line = line.split(" # ").next().unwrap_or(line).trim_end();
        match line.strip_suffix('\\') {
            Some(head) => current.push_str(head),
            None => {
                current.push_str(line);
                if !current.trim().is_empty() {
                    commands.push(std::mem::take(&mut current));
                }
            }
        }
    }
    commands
}

#[test]
fn readme_session_runs() {
    let commands = readme_commands();
    assert!(commands.len() >= 5, "{commands:?}");
    let dir = tempfile::tempdir().unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_incident")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for command in commands {
        assert!(command.starts_with("incident "), "{command}");
        let out = Command::new("sh")
            .arg("-c")
            .arg(&command)
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("INCIDENT_NOW", "2026-03-02T10:15:00Z")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let code = out.status.code();
        // `check` exits 1 when a requirement is not met; everything else must succeed.
        let ok = code == Some(0) || (command.starts_with("incident check") && code == Some(1));
        assert!(
            ok,
            "`{command}` exited {code:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let log = std::fs::read_to_string(dir.path().join("INCIDENTS.md")).unwrap();
    assert!(log.contains("## Incident: API outage"));
    assert!(log.contains("### Acknowledged: 2026-03-02T10:12:00Z"));
}
