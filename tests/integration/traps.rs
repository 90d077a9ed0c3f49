//! rules.md B10: what must NOT be flagged. Each trap is a report that looks wrong to a naive
//! checker and is right; none may give an error or a warning (and where B10 says "at most",
//! nothing beyond that).

use std::path::Path;

use nianbao::corpus;
use nianbao::flag::{Flag, Severity};
use nianbao::i18n::Lang;
use nianbao::ingest::SourceEncoding;
use nianbao::pipeline::{self, CheckOptions, CheckedReport};
use nianbao::report::parse::parse_text;
use nianbao::report::TemplateVersion;
use nianbao::rules::RuleSelection;

/// A report checked the way `nianbao check` checks a file; a rule fixture stored as a `.patch`
/// is applied to its base first.
fn checked_file(relative: &str) -> CheckedReport {
    crate::common::checked_fixture(&Path::new(env!("CARGO_MANIFEST_DIR")).join(relative))
}

fn problems(flags: &[Flag]) -> Vec<String> {
    flags
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| {
            format!(
                "{:?} {} {}",
                f.location.line,
                f.code,
                f.message.get(Lang::Zh)
            )
        })
        .collect()
}

fn assert_no_problem(relative: &str) -> CheckedReport {
    let report = checked_file(relative);
    assert_eq!(problems(&report.flags), Vec::<String>::new(), "{relative}");
    report
}

/// Trap 1: 表二 （八） 行政事业性收费 is not 六's 信息处理费.
#[test]
fn trap_1_administrative_fees_are_not_the_information_fee() {
    for seed in ["003_80a41c86f4ba9762.txt", "004_060f1afac52ad05c.txt"] {
        let report = checked_file(&format!("sample-reports/{seed}"));
        assert!(
            !report
                .flags
                .iter()
                .any(|f| f.code.starts_with("fee-") || f.code == "narrative-table-mismatch"),
            "{seed}: {:?}",
            report.flags
        );
    }
    assert_no_problem("tests/fixtures/rules/fee-conflict/accepted-table2-fees.patch");
}

/// Trap 2: A negative 本年增/减 in the 2019 template.
#[test]
fn trap_2_a_negative_change_in_the_2019_template() {
    assert_no_problem("tests/fixtures/rules/negative-value/accepted-2019-decrease.patch");
    assert_no_problem("tests/fixtures/rules/template-mixed/accepted-2019-negative-change.patch");
}

/// Trap 3: 表三's row 「四、结转下年度继续办理」 is not the heading of section 四.
#[test]
fn trap_3_the_carried_over_row_is_not_section_four() {
    for seed in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-reports"))
        .unwrap()
        .flatten()
    {
        let report = pipeline::check_file(&seed.path(), &CheckOptions::default());
        assert_eq!(
            report.summary.sections,
            [1, 2, 3, 4, 5, 6],
            "{:?}",
            seed.path()
        );
        assert!(!report
            .flags
            .iter()
            .any(|f| f.code.starts_with("section-order")));
    }
}

/// Trap 4: Punctuation width, spaces, U+3000, wrapped labels and bookmarks are normalised: at most
/// one `conversion-artifact` per report.
#[test]
fn trap_4_normalisation_leaves_only_one_conversion_artifact() {
    for seed in ["003_80a41c86f4ba9762.txt", "004_060f1afac52ad05c.txt"] {
        let report = checked_file(&format!("sample-reports/{seed}"));
        let artifacts = report
            .flags
            .iter()
            .filter(|f| f.code == "conversion-artifact")
            .count();
        assert_eq!(artifacts, 1, "{seed}");
        for code in [
            "label-mismatch",
            "cell-count",
            "blank-cell",
            "non-numeric-cell",
            "table-row-missing",
        ] {
            assert!(
                !report.flags.iter().any(|f| f.code == code),
                "{seed}: {code}"
            );
        }
    }
}

/// Trap 5: 「（二）依申请公开：无」 next to an all-zero 表三: at most `subsection-empty`, info.
#[test]
fn trap_5_no_requests_said_as_none() {
    let report = checked_file("sample-reports/001_5a1fe3ed23e367d7.txt");
    let on_item: Vec<&Flag> = report
        .flags
        .iter()
        .filter(|f| f.location.line.is_some_and(|l| (13..=15).contains(&l)))
        .collect();
    assert!(
        on_item
            .iter()
            .all(|f| f.code == "subsection-empty" && f.severity == Severity::Info),
        "{on_item:?}"
    );
}

/// Trap 6: A 2019 report deviating from the format (「可参照」): no error or warning for it.
#[test]
fn trap_6_a_2019_report_in_the_2021_format() {
    let generated = corpus::generate(5, 40)
        .into_iter()
        .find(|r| r.year >= 2021 && r.template == TemplateVersion::V2021)
        .expect("a 2021-format report");
    let (from, to) = (generated.year.to_string(), (generated.year + 1).to_string());
    // The same report, told as a 2019 report published in January 2020.
    let text = generated
        .text
        .replace(&to, "2020")
        .replace(&from, "2019")
        .replace(&(generated.year - 1).to_string(), "2018");
    let report = parse_text(&text, SourceEncoding::Utf8);
    assert_eq!(report.year, Some(2019));
    let flags = nianbao::rules::run(&report, &RuleSelection::default());
    let version: Vec<&Flag> = flags
        .iter()
        .filter(|f| f.code == "template-version")
        .collect();
    assert!(
        version.iter().all(|f| f.severity == Severity::Info),
        "{version:?}"
    );
    assert!(
        !flags
            .iter()
            .any(|f| f.code.starts_with("template-") && f.severity >= Severity::Warning),
        "{flags:?}"
    );
}

/// Trap 7: Approximate numbers (「60余条」) in breakdown sums.
#[test]
fn trap_7_approximate_numbers_in_a_breakdown() {
    assert_no_problem("tests/fixtures/rules/narrative-breakdown-sum/accepted-approximate.patch");
    let report = checked_file("sample-reports/003_80a41c86f4ba9762.txt");
    assert!(!report
        .flags
        .iter()
        .any(|f| f.code == "narrative-breakdown-sum"));
}

/// Trap 8: 「政府集中采购」 in 2021-format prose is not a 2019 marker.
#[test]
fn trap_8_procurement_in_prose_is_not_a_marker() {
    assert_no_problem("tests/fixtures/rules/template-mixed/accepted-procurement-in-prose.patch");
    let report = checked_file("sample-reports/004_060f1afac52ad05c.txt");
    assert_eq!(report.template, Some(TemplateVersion::V2021));
    assert!(!report.flags.iter().any(|f| f.code.starts_with("template-")));
}

/// Trap 9: A year-Y report planning for Y+1 (「2024年，我局将…」 in a 2023 report).
#[test]
fn trap_9_plans_for_next_year() {
    assert_no_problem("tests/fixtures/rules/stale-year/accepted-next-year-plan.patch");
    let report = checked_file("sample-reports/000_480d39c3490e058f.txt");
    assert!(!report
        .flags
        .iter()
        .any(|f| f.code == "stale-year" || f.code.starts_with("period-year")));
}
