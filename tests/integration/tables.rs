//! The table parser and the table rules on whole reports (fixtures in `tests/fixtures/tables/`):
//! a flat row-layout report with no merged-cell gaps (as extracted from some PDFs), a 2019
//! cell-layout report with CRLF, full-width digits, ideographic spaces, bookmarks and wrapped
//! labels, and a row-layout report with one defect for each cell and identity rule.

use std::path::Path;

use nianbao::flag::{Flag, Severity};
use nianbao::i18n::Lang;
use nianbao::ingest::SourceEncoding;
use nianbao::pipeline::{self, CheckOptions, CheckedReport};
use nianbao::report::parse::parse_text;
use nianbao::report::tables::LabelMatch;
use nianbao::report::{Layout, TemplateVersion};

/// The codes of the table rules.
const TABLE_CODES: &[&str] = &[
    "table-missing",
    "template-version",
    "blank-cell",
    "non-numeric-cell",
    "negative-value",
    "fractional-count",
    "cell-count",
    "label-mismatch",
    "misaligned-row",
    "table-not-assessable",
    "table3-balance",
    "table3-outcome-sum",
    "table3-row-total",
    "table4-total",
];

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tables")
        .join(name)
}

fn checked(name: &str) -> CheckedReport {
    pipeline::check_file(&fixture(name), &CheckOptions::default())
}

fn table_flags(report: &CheckedReport) -> Vec<&Flag> {
    report
        .flags
        .iter()
        .filter(|f| TABLE_CODES.contains(&f.code))
        .collect()
}

fn text(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).expect("fixture")
}

fn line_of(name: &str, needle: &str) -> u32 {
    text(name)
        .lines()
        .position(|l| l.contains(needle))
        .map_or(0, |i| i as u32 + 1)
}

#[test]
fn a_flat_pdf_extraction_parses_and_balances() {
    let name = "flat-rows-2024.txt";
    let report = parse_text(&text(name), SourceEncoding::Utf8);
    assert_eq!(report.template, Some(TemplateVersion::V2021));
    let t2 = report.table2.as_ref().expect("表二");
    assert_eq!(t2.rows.len(), 6);
    assert_eq!(t2.int("t2.permits", 0), Some(4472));
    let t3 = report.table3.as_ref().expect("表三");
    assert_eq!(t3.layout, Layout::Rows);
    assert_eq!(t3.rows.len(), 25);
    assert!(t3.rows.iter().all(|r| !r.misaligned));
    assert!(t3.rows.iter().all(|r| r.matching == LabelMatch::Exact));
    assert_eq!(t3.int("t3.carried-over", 6), Some(4));
    assert_eq!(t3.last_line, line_of(name, "四、结转下年度继续办理"));
    let t4 = report.table4.as_ref().expect("表四");
    assert_eq!(t4.int("t4.values", 14), Some(3));
    let report = checked(name);
    assert!(
        table_flags(&report).is_empty(),
        "{:?}",
        table_flags(&report)
    );
}

#[test]
fn a_2019_cell_layout_report_with_extraction_noise_is_clean() {
    let name = "cells-2019.txt";
    let report = parse_text(&text(name), SourceEncoding::Utf8);
    assert_eq!(report.template, Some(TemplateVersion::V2019));
    let t2 = report.table2.as_ref().expect("表二");
    assert_eq!(t2.layout, Layout::Cells);
    assert_eq!(t2.rows.len(), 8);
    assert_eq!(t2.int("t2.normative", 2), Some(15));
    assert_eq!(t2.int("t2.permits", 1), Some(-2));
    assert_eq!(t2.row("t2.fees").map(|r| r.cells.len()), Some(2));
    let t3 = report.table3.as_ref().expect("表三");
    assert!(t3.has_corner_note);
    assert_eq!(t3.rows.len(), 23);
    assert_eq!(t3.int("t3.other", 0), Some(0));
    assert_eq!(t3.int("t3.new", 6), Some(3));
    let t4 = report.table4.as_ref().expect("表四");
    assert_eq!(t4.rows[0].cells.len(), 15);
    assert_eq!(t4.columns.len(), 19);
    let report = checked(name);
    assert!(
        table_flags(&report).is_empty(),
        "{:?}",
        table_flags(&report)
    );
}

#[test]
fn every_defect_is_flagged_once_with_its_rule() {
    let name = "defects-rows-2023.txt";
    let report = checked(name);
    let mut found: Vec<(&str, Severity, u32)> = table_flags(&report)
        .iter()
        .map(|f| (f.code, f.severity, f.location.line.unwrap_or(0)))
        .collect();
    found.sort();
    let at = |needle| line_of(name, needle);
    let mut expected = vec![
        (
            "fractional-count",
            Severity::Error,
            at("行政规范性文件\t1.5"),
        ),
        ("non-numeric-cell", Severity::Warning, at("251000元")),
        ("negative-value", Severity::Error, at("行政处罚\t-3")),
        ("non-numeric-cell", Severity::Warning, at("行政强制\t-")),
        ("non-numeric-cell", Severity::Error, at("未统计")),
        ("table3-row-total", Severity::Error, at("一、本年新收")),
        ("table3-balance", Severity::Error, at("(七) 总计")),
        ("table3-balance", Severity::Error, at("(七) 总计")),
        ("table4-total", Severity::Error, at("1\t0\t0\t0\t2")),
    ];
    expected.sort();
    assert_eq!(found, expected);
    let balance = report
        .flags
        .iter()
        .find(|f| f.code == "table3-balance")
        .expect("balance flag");
    assert_eq!(
        balance.message.get(Lang::Zh),
        "表三“自然人”列：本年新收 60 + 上年结转 0 = 60，但办理结果总计 61 + 结转下年度 0 = 61（应相等：一+二=（七）总计+四）"
    );
    assert_eq!(balance.evidence["column"], "自然人");
}

#[test]
fn the_carried_over_row_is_a_table_row_not_section_four() {
    let name = "flat-rows-2024.txt";
    let report = parse_text(&text(name), SourceEncoding::Utf8);
    let four = report
        .sections
        .iter()
        .find(|s| s.heading.raw.starts_with("四、"))
        .expect("section 四");
    assert_eq!(four.heading.line, line_of(name, "四、政府信息公开行政复议"));
    let t3 = report.table3.as_ref().expect("表三");
    assert!(t3.row("t3.carried-over").is_some());
    assert!(report.table4.is_some());
}

#[test]
fn fingerprints_survive_moved_lines() {
    let name = "defects-rows-2023.txt";
    let original = text(name);
    let moved = original.replacen(
        "本局认真落实《条例》要求。",
        "本局认真落实《条例》要求。\n\n另有说明。",
        1,
    );
    let fingerprints = |text: &str| {
        let report = parse_text(text, SourceEncoding::Utf8);
        let mut prints: Vec<String> = nianbao::rules::run(&report, &Default::default())
            .iter()
            .filter(|f| TABLE_CODES.contains(&f.code))
            .map(|f| format!("{} {}", f.code, f.fingerprint))
            .collect();
        prints.sort();
        prints
    };
    assert_eq!(fingerprints(&original), fingerprints(&moved));
}
