//! The README's table of check codes is the registry (`incident::core::Code`): same codes, same
//! order, same summaries, same default levels.

use incident::core::{Code, Level};

const README: &str = include_str!("../README.md");

/// The rows of the table under `### Check codes`: (code, levels, summary).
fn readme_rows() -> Vec<(String, Vec<String>, String)> {
    let section = README
        .split("### Check codes")
        .nth(1)
        .expect("README has a `### Check codes` section");
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2) // header and delimiter row
        .map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split(" | ").collect();
            assert_eq!(cells.len(), 3, "row `{l}`");
            let levels = cells[1].split(" / ").map(|s| s.trim().to_owned()).collect();
            (
                cells[0].trim().to_owned(),
                levels,
                cells[2].trim().to_owned(),
            )
        })
        .collect()
}

#[test]
fn readme_table_is_the_registry() {
    let rows = readme_rows();
    let codes: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let registry: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, registry, "README codes differ from Code::ALL");
    for ((text, levels, summary), code) in rows.iter().zip(Code::ALL) {
        assert_eq!(summary, code.summary(), "summary of {text}");
        let default = match code.level() {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        assert_eq!(levels[0], default, "default level of {text}");
        assert_eq!(text.parse::<Code>(), Ok(code));
    }
}
