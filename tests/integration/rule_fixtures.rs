//! Every rule in the catalogue proves itself on whole report files.
//!
//! For each registered code there is a folder `tests/fixtures/rules/<code>/` holding at least one
//! `flagged-<what>.txt` (checking it gives at least one flag with that code) and at least one
//! `accepted-<what>.txt` (checking it gives no flag with that code). A fixture that is a base
//! report of `tests/fixtures/bases/` with a line or two changed is stored as that change,
//! `flagged-<what>.patch` or `accepted-<what>.patch` (the format: `common::apply_patch`). A folder for a code that is
//! not registered, or a file that is neither, is an error too: it is a typo that would otherwise
//! silently test nothing. Documentation and registration are held by `catalogue.rs`.
//!
//! Fixtures are checked the way `nianbao check` checks a file (read, decode, parse, every rule
//! with the default selection), so the reading rules of B0 are tested on real bytes.
//!
//! What a user sees of each rule is pinned: the rule's flags on its flagged fixtures (line,
//! column, and the message in Chinese and English) are an insta snapshot per rule,
//! `tests/snapshots/rule_fixtures__<code>.snap`. A changed message or place shows up in review
//! (`cargo insta review`) instead of passing silently.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common;

use nianbao::i18n::Lang;
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
    common::checked_fixture(path)
        .flags
        .into_iter()
        .map(|f| {
            (
                f.code.to_string(),
                f.location.line,
                f.message.get(Lang::En).to_string(),
            )
        })
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
                && (name.ends_with(".txt") || name.ends_with(".patch"));
            if !known {
                problems.push(format!(
                    "{code}/{name}: a fixture is named flagged-<what>.txt or accepted-<what>.txt (or .patch)"
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

/// The flags of rule `code` on each of its flagged fixtures, as a user reads them: where, and
/// the message in both languages.
fn pinned_flags(code: &str) -> String {
    let dir = fixtures_root().join(code);
    let mut out = String::new();
    for name in files_in(&dir).iter().filter(|n| n.starts_with("flagged-")) {
        // Without the extension: a fixture stored as a patch reads the same as a whole file.
        let shown = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem);
        let _ = writeln!(out, "{shown}");
        let checked = common::checked_fixture(&dir.join(name));
        for flag in checked.flags.iter().filter(|f| f.code == code) {
            let _ = writeln!(
                out,
                "  {}:{} {} {}\n    zh: {}\n    en: {}",
                flag.location.line.unwrap_or(0),
                flag.location.column.unwrap_or(0),
                flag.code,
                flag.severity.label(nianbao::i18n::Lang::En),
                flag.message.get(Lang::Zh),
                flag.message.get(Lang::En)
            );
        }
    }
    out
}

#[test]
fn the_flags_of_every_rule_on_its_fixtures_are_pinned() {
    for rule in REGISTRY {
        let code = rule.meta().code;
        insta::assert_snapshot!(code, pinned_flags(code));
    }
}

#[test]
fn a_patch_replaces_deletes_and_inserts_against_the_base_lines() {
    let base = "one\ntwo\tcells\nthree\n";
    let patch = "base any.txt\n= 2 TWO\tcells\n- 3\n+ 1 zero\n+ 5 end\n";
    assert_eq!(
        common::apply_patch(base, patch).as_deref(),
        Ok("zero\none\nTWO\tcells\n\nend")
    );
    assert!(common::apply_patch(base, "base any.txt\n- 6\n").is_err());
    assert!(common::apply_patch(base, "base any.txt\n- 2\n= 2 x\n").is_err());
    assert!(common::apply_patch(base, "base any.txt\n* 2 x\n").is_err());
}

#[test]
fn every_patch_fixture_names_a_base_and_applies() {
    let mut patches = 0;
    for code in files_in(&fixtures_root()) {
        let dir = fixtures_root().join(&code);
        for name in files_in(&dir).iter().filter(|n| n.ends_with(".patch")) {
            // Panics with the fixture's name when the base is missing or the patch is wrong.
            assert!(!common::fixture_bytes(&dir.join(name)).is_empty());
            patches += 1;
        }
    }
    let bases = files_in(&common::fixture_bases());
    assert!(patches == 0 || !bases.is_empty(), "patches without bases");
}
