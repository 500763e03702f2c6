//! Runs the real `incident` binary on the fixture directories under `tests/cmd/`.
//!
//! Each `tests/cmd/NAME.trycmd` runs its commands in `NAME.in/`; a case that writes has a
//! `NAME.out/` too, which makes trycmd copy `NAME.in/` into a temporary directory first and compare
//! the files listed in `NAME.out/` afterwards. The clock is fixed with `INCIDENT_NOW` and colour is
//! off, so output is deterministic. Update the expected output with
//! `TRYCMD=overwrite cargo test -p incident-cli --test cli`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin(
            "incident",
            std::path::PathBuf::from(env!("CARGO_BIN_EXE_incident")),
        )
        .env("INCIDENT_NOW", "2026-03-10T12:00:00Z")
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.trycmd");
}
