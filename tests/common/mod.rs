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

/// `count` texts of up to `max_len` pieces each, picked from `pieces` by a fixed xorshift
/// sequence from `seed`: report-like fragments in orders no real report has, for tests that
/// the parser and the rules never panic.
pub fn scrambled(pieces: &[&str], count: usize, max_len: u64, seed: u64) -> Vec<String> {
    let mut state = seed.max(1);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let len = next() % max_len;
            (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect()
        })
        .collect()
}

/// Parses a text and runs every rule over it, for tests that only care that nothing panics.
pub fn check_text(text: &str) {
    let report = nianbao::report::parse::parse_text(text, nianbao::ingest::SourceEncoding::Utf8);
    let _ = nianbao::rules::run(&report, &nianbao::rules::RuleSelection::default());
}
