//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The two real reference reports that live beside the repository in `shared/` (they are
/// public documents kept as data, not copied into the project). `None` where they are absent:
/// the tests that read them skip.
pub fn reference_reports() -> Option<PathBuf> {
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference-reports");
    [beside, PathBuf::from("/work/shared/reference-reports")]
        .into_iter()
        .find(|dir| dir.is_dir())
}
