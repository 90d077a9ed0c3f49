//! The text rules (section-title, overview-subitems, title-form, agency-mismatch,
//! citation-number, fee-statement-missing, stale-year, enumeration-gap, typo, subsection-empty)
//! end to end: fixture files through the whole check pipeline, the seeds' exact flags under
//! these codes, the reference reports (when present on this machine), fingerprints that
//! survive unrelated edits, and scrambled text.

use crate::common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use nianbao::flag::{Flag, Severity};
use nianbao::i18n::Lang;
use nianbao::ingest::SourceEncoding;
use nianbao::report::parse::parse_text;

/// The codes these tests cover.
const CODES: [&str; 10] = [
    "section-title",
    "overview-subitems",
    "title-form",
    "agency-mismatch",
    "citation-number",
    "fee-statement-missing",
    "stale-year",
    "enumeration-gap",
    "typo",
    "subsection-empty",
];

fn fixture(name: &str) -> PathBuf {
    common::fixture("text", name)
}

/// `(code, severity, line, column)` of a flag.
type Seen = (&'static str, Severity, Option<u32>, Option<u32>);

/// Every flag of the covered codes, in report order.
fn ours(flags: &[Flag]) -> Vec<Seen> {
    let mut seen: Vec<Seen> = flags
        .iter()
        .filter(|f| CODES.contains(&f.code))
        .map(|f| (f.code, f.severity, f.location.line, f.location.column))
        .collect();
    seen.sort_by_key(|(code, _, line, column)| (*line, *column, *code));
    seen
}

use Severity::{Error, Info, Warning};
#[test]
fn a_clean_report_with_the_traps_has_only_the_bare_sub_item() {
    // B10 traps: 「（二）依申请公开」/「无」 (at most subsection-empty, info); 「2024年，我局将…」
    // in a 2023 report; comparisons with 2022; 国令第 711 号; 政务新媒体; 表三's row
    // 「四、结转下年度继续办理」; enumerations that start again at one.
    let report = common::checked(&fixture("clean-2023.txt"));
    assert_eq!(
        ours(&report.flags),
        [("subsection-empty", Info, Some(10), Some(1))],
        "{:#?}",
        report.flags
    );
}

#[test]
fn a_report_with_text_defects() {
    let report = common::checked(&fixture("defects-2023.txt"));
    assert_eq!(
        ours(&report.flags),
        [
            ("title-form", Info, Some(1), Some(12)),
            ("typo", Info, Some(3), Some(25)),
            ("citation-number", Warning, Some(3), Some(32)),
            ("agency-mismatch", Error, Some(3), Some(56)),
            ("overview-subitems", Warning, Some(5), Some(1)),
            ("enumeration-gap", Info, Some(8), Some(24)),
            ("subsection-empty", Info, Some(10), Some(1)),
            ("stale-year", Warning, Some(12), Some(1)),
            ("typo", Info, Some(12), Some(19)),
            ("section-title", Warning, Some(23), Some(3)),
            ("fee-statement-missing", Warning, Some(25), Some(1)),
            ("agency-mismatch", Error, Some(28), Some(1)),
        ],
        "{:#?}",
        report.flags
    );
    let message = |code: &str| {
        report
            .flags
            .iter()
            .find(|f| f.code == code)
            .map(|f| {
                (
                    f.message.get(Lang::Zh).to_string(),
                    f.message.get(Lang::En).to_string(),
                )
            })
            .unwrap_or_default()
    };
    let (zh, en) = message("citation-number");
    assert!(zh.contains("国公开办函〔2021〕30号") && zh.contains("国办公开办函〔2021〕30号"));
    assert!(en.contains("国办公开办函〔2021〕30号"));
    let (zh, _) = message("stale-year");
    assert!(zh.contains("编制2022年主动公开基本目录"));
}

#[test]
fn fingerprints_survive_unrelated_edits() {
    let text = std::fs::read_to_string(fixture("defects-2023.txt")).expect("fixture");
    let edited = text.replacen(
        "一、总体情况\n",
        "本报告电子版可在甲县人民政府网站查阅。\n\n一、总体情况\n",
        1,
    );
    assert_ne!(text, edited);
    let fingerprints = |text: &str| -> BTreeSet<(String, String)> {
        let report = parse_text(text, SourceEncoding::Utf8);
        nianbao::rules::run(&report, &Default::default())
            .into_iter()
            .filter(|f| CODES.contains(&f.code))
            .map(|f| (f.code.to_string(), f.fingerprint.to_string()))
            .collect()
    };
    let before = fingerprints(&text);
    assert_eq!(before.len(), 12);
    assert_eq!(before, fingerprints(&edited));
}

#[test]
fn seeds_have_exactly_their_text_flags() {
    let expected: [(&str, &[Seen]); 5] = [
        ("000_480d39c3490e058f.txt", &[]),
        (
            "001_5a1fe3ed23e367d7.txt",
            &[
                ("subsection-empty", Info, Some(15), Some(1)),
                ("typo", Info, Some(96), Some(63)),
            ],
        ),
        ("002_a03528d1c919b0a1.txt", &[]),
        (
            "003_80a41c86f4ba9762.txt",
            &[
                ("title-form", Info, Some(1), Some(11)),
                ("typo", Info, Some(2), Some(49)),
                ("citation-number", Warning, Some(2), Some(106)),
                ("stale-year", Warning, Some(8), Some(47)),
                ("typo", Info, Some(403), Some(95)),
                ("typo", Info, Some(408), Some(26)),
                ("typo", Info, Some(408), Some(53)),
            ],
        ),
        (
            "004_060f1afac52ad05c.txt",
            &[("enumeration-gap", Info, Some(20), Some(61))],
        ),
    ];
    for (name, flags) in expected {
        let report = common::checked(&common::seed(name));
        assert_eq!(ours(&report.flags), flags, "{name}: {:#?}", report.flags);
    }
}

/// The two real reference reports. 沭阳's heading
/// 「五、存在的主要问题及整改措施」 and its title without 工作 are real; 淮安's report has nothing
/// under these codes (its 「国令第 711 号」 is an accepted form).
#[test]
fn reference_reports_have_only_their_real_text_flags() {
    let expected: [(&str, &[Seen]); 2] = [
        (
            "shuyang-fgj-2023.txt",
            &[
                ("title-form", Info, Some(1), Some(15)),
                ("section-title", Warning, Some(67), Some(3)),
            ],
        ),
        ("huaian-szf-2024.txt", &[]),
    ];
    for (name, flags) in expected {
        let report = common::checked(&common::fixture("real", name));
        assert_eq!(ours(&report.flags), flags, "{name}: {:#?}", report.flags);
    }
}

/// Shuffled fragments of the text these rules read never make them panic.
#[test]
fn scrambled_text_never_panics() {
    const PIECES: [&str; 44] = [
        "一、总体情况",
        "五、存在的主要问题及整改措施",
        "六、其他需要报告的事项",
        "（一）",
        "（二）依申请公开：",
        "（1）",
        "无",
        "一是",
        "二是",
        "十二是",
        "1.",
        "2、",
        "3.5",
        "、",
        "2022",
        "2023",
        "年",
        "度",
        "，",
        "。",
        "我局",
        "编制",
        "目录",
        "《",
        "》",
        "〔2021〕",
        "30号",
        "国公开办函",
        "国令第",
        "711号",
        "请与",
        "联系",
        "公布",
        "乙县司法局",
        "甲县",
        "司法局",
        "政务新媒",
        "（条例）",
        "看的明",
        "\t",
        "\n",
        " ",
        "　",
        "甲县司法局2023年政府信息公开年度报告\n",
    ];
    for text in common::scrambled(&PIECES, 400, 160, 0x2545_F491_4F6C_DD1D) {
        common::check_text(&text);
    }
}
