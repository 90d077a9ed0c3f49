//! Every rule in the catalogue proves itself on whole report files.
//!
//! For each registered code there is a folder `tests/fixtures/rules/<code>/` holding at least one
//! `flagged-<what>.txt` (checking it gives at least one flag with that code) and at least one
//! `accepted-<what>.txt` (checking it gives no flag with that code). A folder for a code that is
//! not registered, or a file that is neither, is an error too: it is a typo that would otherwise
//! silently test nothing. Documentation and registration are held by `catalogue.rs`.
//!
//! Fixtures are checked the way `nianbao check` checks a file (read, decode, parse, every rule
//! with the default selection), so the reading rules of B0 are tested on real bytes.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use nianbao::pipeline::{self, CheckOptions};
use nianbao::rules::REGISTRY;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// The file names in a fixture folder, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The codes of the flags `nianbao check` gives on a file, with their lines, for messages.
fn flags_of(path: &Path) -> Vec<(String, Option<u32>, String)> {
    pipeline::check_file(path, &CheckOptions::default())
        .flags
        .into_iter()
        .map(|f| (f.code.to_string(), f.location.line, f.message.en))
        .collect()
}

#[test]
fn every_rule_has_fixtures_that_flag_and_that_pass() {
    let root = fixtures_root();
    let mut problems = Vec::new();
    for rule in REGISTRY {
        let code = rule.meta().code;
        let dir = root.join(code);
        if !dir.is_dir() {
            problems.push(format!(
                "{code}: no fixture folder tests/fixtures/rules/{code}/ (needs flagged-*.txt and accepted-*.txt)"
            ));
            continue;
        }
        let names = files_in(&dir);
        let flagged: Vec<&String> = names.iter().filter(|n| n.starts_with("flagged-")).collect();
        let accepted: Vec<&String> = names
            .iter()
            .filter(|n| n.starts_with("accepted-"))
            .collect();
        if flagged.is_empty() {
            problems.push(format!("{code}: no flagged-*.txt fixture"));
        }
        if accepted.is_empty() {
            problems.push(format!("{code}: no accepted-*.txt fixture"));
        }
        for name in &names {
            let known = (name.starts_with("flagged-") || name.starts_with("accepted-"))
                && name.ends_with(".txt");
            if !known {
                problems.push(format!(
                    "{code}/{name}: a fixture is named flagged-<what>.txt or accepted-<what>.txt"
                ));
            }
        }
        for name in flagged {
            let flags = flags_of(&dir.join(name));
            if !flags.iter().any(|(c, _, _)| c == code) {
                problems.push(format!(
                    "{code}/{name}: expected a `{code}` flag, got {:?}",
                    flags.iter().map(|(c, l, _)| (c, l)).collect::<Vec<_>>()
                ));
            }
        }
        for name in accepted {
            let flags = flags_of(&dir.join(name));
            for (c, line, message) in flags.iter().filter(|(c, _, _)| c == code) {
                problems.push(format!(
                    "{code}/{name}: must not be flagged, got `{c}` at line {line:?}: {message}"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "rule fixtures (tests/fixtures/rules/<code>/):\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn every_fixture_folder_names_a_registered_rule() {
    let codes: BTreeSet<&str> = REGISTRY.iter().map(|r| r.meta().code).collect();
    let strays: Vec<String> = files_in(&fixtures_root())
        .into_iter()
        .filter(|name| !codes.contains(name.as_str()))
        .collect();
    assert!(
        strays.is_empty(),
        "fixture folders for codes that are not registered (a typo, or a rule not in REGISTRY): {strays:?}"
    );
}
