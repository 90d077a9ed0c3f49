//! Helpers shared by the integration tests.

// Each test binary includes this module and uses only some of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use nianbao::check::{self, CheckOptions, CheckedReport};

/// A seed report of `sample-reports/`.
pub fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-reports")
        .join(name)
}

/// A fixture file under `tests/fixtures/<area>/`.
pub fn fixture(area: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(area)
        .join(name)
}

/// A file read, parsed and checked with every rule at its default severity.
pub fn checked(path: &Path) -> CheckedReport {
    check::check_file(path, &CheckOptions::default())
}

/// The two real reference reports that live beside the repository in `shared/` (they are
/// public documents kept as data, not copied into the project). `None` where they are absent:
/// the tests that read them skip.
pub fn reference_reports() -> Option<PathBuf> {
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference-reports");
    [beside, PathBuf::from("/work/shared/reference-reports")]
        .into_iter()
        .find(|dir| dir.is_dir())
}
