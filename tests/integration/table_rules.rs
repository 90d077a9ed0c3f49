//! The fixtures of the table rules added with the template-mixed, row, label-variant, amount
//! and 表二 （一） checks (`tests/fixtures/rules/<code>/`): each `flagged-*.txt` must be flagged
//! with its folder's code, each `accepted-*.txt` must not be. The fixtures are whole reports
//! made by the corpus generator, each with one edit (some stored as a `.patch` on a base
//! report, see `common::apply_patch`).

use crate::common;

use std::path::{Path, PathBuf};

use nianbao::pipeline::CheckedReport;

/// The codes whose fixtures this test runs.
const CODES: &[&str] = &[
    "template-mixed",
    "table-row-missing",
    "table-row-extra",
    "label-local-variant",
    "amount-magnitude",
    "table3-note-missing",
    "table2-issued-vs-valid",
    "table2-published-total",
    "table2-unpublished",
];

fn folder(code: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules")
        .join(code)
}

fn fixtures(code: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder(code))
        .unwrap_or_else(|e| panic!("{code}: {e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "patch"))
        .collect();
    files.sort();
    files
}

fn count(report: &CheckedReport, code: &str) -> usize {
    report.flags.iter().filter(|f| f.code == code).count()
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn flagged_fixtures_are_flagged_and_accepted_ones_are_not() {
    for code in CODES {
        let files = fixtures(code);
        let (mut flagged, mut accepted) = (0, 0);
        for path in &files {
            let file = name(path);
            let report = common::checked_fixture(path);
            let found = count(&report, code);
            if file.starts_with("flagged-") {
                flagged += 1;
                assert!(found > 0, "{code}/{file}: not flagged");
            } else if file.starts_with("accepted-") {
                accepted += 1;
                let flags: Vec<_> = report.flags.iter().filter(|f| f.code == *code).collect();
                assert_eq!(found, 0, "{code}/{file}: flagged {flags:?}");
            } else {
                panic!("{code}/{file}: a fixture is flagged-* or accepted-*");
            }
        }
        assert!(flagged > 0 && accepted > 0, "{code}: needs both kinds");
    }
}

/// The base reports of the fixtures are clean for these rules, so each flagged fixture's one
/// edit is what is flagged: exactly once.
#[test]
fn each_flagged_fixture_is_flagged_once() {
    for code in CODES {
        for path in fixtures(code) {
            let file = name(&path);
            if !file.starts_with("flagged-") {
                continue;
            }
            let report = common::checked_fixture(&path);
            assert_eq!(count(&report, code), 1, "{code}/{file}");
        }
    }
}

/// Reference report shuyang's lone 「规范性文件」 row in a 2021 表二 is a reworded label: a
/// label-mismatch warning, not a mix of templates.
#[test]
fn a_lone_normative_label_is_a_label_mismatch_not_a_mix() {
    let path = common::rule_fixture("template-mixed", "accepted-normative-label-in-2021");
    let report = common::checked_fixture(&path);
    assert_eq!(count(&report, "label-mismatch"), 1);
    assert_eq!(count(&report, "template-mixed"), 0);
    assert_eq!(count(&report, "template-version"), 0);
}

/// A negative 本年增/减 in the 2019 template (rules.md B10, trap 2) is not flagged by any rule.
#[test]
fn a_negative_item_change_in_2019_is_not_flagged() {
    let path = common::rule_fixture("template-mixed", "accepted-2019-negative-change");
    let text = common::fixture_text(&path);
    assert!(
        text.contains("\t-5\t"),
        "the fixture has a negative 本年增/减"
    );
    let report = common::checked_fixture(&path);
    assert!(report.flags.is_empty(), "{:?}", report.flags);
}

/// Fingerprints are made of labels and values, never of line numbers: a paragraph added
/// above the tables changes no fingerprint.
#[test]
fn fingerprints_survive_moved_lines() {
    use nianbao::ingest::SourceEncoding;
    use nianbao::report::parse::parse_text;
    let prints = |text: &str, code: &str| {
        let report = parse_text(text, SourceEncoding::Utf8);
        let mut prints: Vec<String> = nianbao::rules::run(&report, &Default::default())
            .iter()
            .filter(|f| f.code == code)
            .map(|f| f.fingerprint.to_string())
            .collect();
        prints.sort();
        prints
    };
    for code in CODES {
        for path in fixtures(code) {
            if !name(&path).starts_with("flagged-") {
                continue;
            }
            let text = common::fixture_text(&path);
            let moved = text.replacen("一、总体情况", "本报告另有说明。\n\n一、总体情况", 1);
            assert_ne!(text, moved);
            let before = prints(&text, code);
            assert!(!before.is_empty());
            assert_eq!(before, prints(&moved, code), "{code}/{}", name(&path));
        }
    }
}
