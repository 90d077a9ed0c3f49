//! The structure and completeness rules (B0 reading, B1 sections, B6 completeness) end to end:
//! fixture files through the whole check pipeline, the seeds' exact flags under these codes,
//! and the reference reports (when present on this machine) without false flags.

use crate::common;

use std::path::PathBuf;

use nianbao::flag::{Flag, Severity};
use nianbao::pipeline::CheckedReport;

/// The codes these tests cover.
const CODES: [&str; 7] = [
    "not-a-report",
    "conversion-artifact",
    "section-missing",
    "section-order",
    "section-numbering",
    "section-empty",
    "unfinished-text",
];

fn fixture(name: &str) -> PathBuf {
    common::fixture("structure", name)
}

/// `(code, severity, line)` of a flag.
type Seen = (&'static str, Severity, Option<u32>);

/// Every flag of the covered codes, in report order.
fn ours(report: &CheckedReport) -> Vec<Seen> {
    report
        .flags
        .iter()
        .filter(|f| CODES.contains(&f.code))
        .map(|f: &Flag| (f.code, f.severity, f.location.line))
        .collect()
}

use Severity::{Error, Info};

#[test]
fn a_complete_report_has_no_structure_flags() {
    // Holds the B10 traps: 表三's row 「四、结转下年度继续办理」 and 「（二）依申请公开：」/「无」.
    let report = common::checked(&fixture("complete-2023.txt"));
    assert_eq!(ours(&report), [], "{:#?}", report.flags);
    assert_eq!(report.summary.sections, [1, 2, 3, 4, 5, 6]);
}

#[test]
fn a_report_with_structural_defects() {
    let report = common::checked(&fixture("defects-2023.txt"));
    let mut found = ours(&report);
    found.sort_by_key(|(code, _, line)| (*line, *code));
    assert_eq!(
        found,
        [
            ("conversion-artifact", Info, Some(2)),
            ("unfinished-text", Error, Some(2)),
            ("section-numbering", Info, Some(3)),
            ("section-numbering", Info, Some(4)),
            ("section-empty", Error, Some(18)),
            ("section-missing", Error, Some(18)),
            ("section-order", Error, Some(20)),
            ("unfinished-text", Error, Some(22)),
        ],
        "{:#?}",
        report.flags
    );
    let artifact = report
        .flags
        .iter()
        .find(|f| f.code == "conversion-artifact")
        .expect("flagged above");
    assert_eq!(artifact.evidence["count"], 3);
    assert_eq!(artifact.evidence["lines"], serde_json::json!([2, 8]));
}

#[test]
fn a_meeting_notice_is_not_a_report() {
    let report = common::checked(&fixture("notice.txt"));
    assert_eq!(ours(&report), [("not-a-report", Error, None)]);
}

#[test]
fn seeds_have_exactly_their_structure_flags() {
    let expected: [(&str, &[Seen]); 5] = [
        ("000_480d39c3490e058f.txt", &[]),
        (
            "001_5a1fe3ed23e367d7.txt",
            &[("unfinished-text", Error, Some(98))],
        ),
        (
            "002_a03528d1c919b0a1.txt",
            &[("section-empty", Info, Some(101))],
        ),
        (
            "003_80a41c86f4ba9762.txt",
            &[
                ("section-numbering", Info, Some(3)),
                ("section-numbering", Info, Some(5)),
                ("conversion-artifact", Info, Some(79)),
                ("section-numbering", Info, Some(399)),
                ("section-numbering", Info, Some(407)),
            ],
        ),
        (
            "004_060f1afac52ad05c.txt",
            &[
                ("section-numbering", Info, Some(9)),
                ("conversion-artifact", Info, Some(68)),
            ],
        ),
    ];
    for (name, flags) in expected {
        let report = common::checked(&common::seed(name));
        assert_eq!(ours(&report), flags, "{name}: {:#?}", report.flags);
    }
}

#[test]
fn seed_003_counts_every_bookmark_in_its_one_flag() {
    let report = common::checked(&common::seed("003_80a41c86f4ba9762.txt"));
    let flag = report
        .flags
        .iter()
        .find(|f| f.code == "conversion-artifact")
        .expect("seed 003 has bookmarks");
    assert_eq!(flag.evidence["count"], 11);
    assert_eq!(flag.evidence["kinds"]["bookmark"], 11);
    let lines = flag.evidence["lines"].as_array().expect("a list of lines");
    assert!(lines.contains(&serde_json::json!(402)));
}

/// The two real reference reports: none of these codes may flag them.
#[test]
fn reference_reports_have_no_structure_flags() {
    for path in common::reference_reports() {
        let report = common::checked(&path);
        assert_eq!(ours(&report), [], "{}: {:#?}", path.display(), report.flags);
    }
}

/// Shuffled fragments of reports (headings, numerals, dates, markup, tabs) never make the
/// parser or these rules panic.
#[test]
fn scrambled_text_never_panics() {
    const PIECES: [&str; 40] = [
        "一、",
        "1、",
        "（1）",
        "(一)",
        "（二）",
        "总体情况",
        "存在的主要问题及改进情况",
        "其他需要报告的事项",
        "收到和处理政府信息公开申请情况",
        "四、结转下年度继续办理",
        "\t",
        "\n",
        "\n\n",
        " ",
        "　",
        "。",
        "，",
        "2024年",
        "12月",
        "31",
        "日",
        "无",
        "XX",
        "×",
        "_",
        "【",
        "】",
        "<p>",
        "</",
        "&nbsp;",
        "&#",
        "[bookmark: _Hlk1]",
        "[bookmark:",
        "- 3 -",
        "第",
        "页",
        "3/12",
        "某县司法局",
        "２０２３",
        "：",
    ];
    for text in common::scrambled(&PIECES, 300, 200, 0x9E37_79B9_7F4A_7C15) {
        common::check_text(&text);
    }
}
