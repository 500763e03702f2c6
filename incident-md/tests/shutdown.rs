//! What a signal handler gets from `remove_temp_files_in_flight`: no temporary file is left
//! and no save starts afterwards. Its own test binary, since it flips process-wide state.

use std::fs;

use incident_md::fs::{FsError, edit_text, remove_temp_files_in_flight};

#[test]
fn after_shutdown_no_save_starts_and_no_temp_file_remains() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    fs::write(&p, "a\n").unwrap();
    assert!(edit_text(&p, |c: &str| Ok::<_, FsError>(Some(format!("{c}b\n")))).unwrap());
    remove_temp_files_in_flight();
    let err = edit_text(&p, |c: &str| Ok::<_, FsError>(Some(format!("{c}c\n")))).unwrap_err();
    assert!(
        matches!(
            err,
            FsError::Io {
                action: "create temporary file",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(fs::read_to_string(&p).unwrap(), "a\nb\n");
    let mut names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, [".INCIDENTS.md.lock", "INCIDENTS.md"]);
}
