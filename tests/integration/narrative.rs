//! The B5 text-against-tables rules on whole reports: their fixtures
//! (`tests/fixtures/rules/<code>/flagged-*.txt` and `accepted-*.txt`), the two reference reports
//! whose every stated figure agrees with their tables, and generated clean reports.

use crate::common;

use std::fs;
use std::path::Path;

use nianbao::corpus;
use nianbao::flag::Flag;
use nianbao::i18n::Lang;
use nianbao::ingest::SourceEncoding;
use nianbao::report::parse::parse_text;
use nianbao::rules::{self, RuleSelection};

const CODES: &[&str] = &[
    "narrative-table-mismatch",
    "narrative-breakdown-sum",
    "narrative-self-conflict",
    "fee-conflict",
];

/// The flags of the B5 rules of this file on a report text.
fn flags(text: &str) -> Vec<Flag> {
    for code in CODES {
        assert!(rules::find(code).is_some(), "{code} is not registered");
    }
    let report = parse_text(text, SourceEncoding::Utf8);
    let selection = RuleSelection {
        selected: CODES.iter().map(|c| c.to_string()).collect(),
        ..RuleSelection::default()
    };
    rules::run(&report, &selection)
}

fn describe(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| {
            format!(
                "{} line {:?}: {}",
                f.code,
                f.location.line,
                f.message.get(Lang::Zh)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_fixture_is_flagged_or_accepted_as_its_name_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    for code in CODES {
        let dir = root.join(code);
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".txt") || n.ends_with(".patch"))
            .collect();
        names.sort();
        let flagged = names.iter().filter(|n| n.starts_with("flagged-")).count();
        let accepted = names.iter().filter(|n| n.starts_with("accepted-")).count();
        assert!(
            flagged > 0 && accepted > 0,
            "{code}: fixtures of both kinds"
        );
        for name in &names {
            let text = common::fixture_text(&dir.join(name));
            let all = flags(&text);
            let own: Vec<Flag> = all.iter().filter(|f| f.code == *code).cloned().collect();
            if name.starts_with("flagged-") {
                assert!(!own.is_empty(), "{code}/{name}: not flagged");
            } else {
                assert!(own.is_empty(), "{code}/{name}:\n{}", describe(&own));
            }
        }
    }
}

#[test]
fn fixtures_flag_what_they_are_about() {
    let read = |path: &str| {
        let (code, stem) = path.split_once('/').expect("code/stem");
        common::fixture_text(&common::rule_fixture(code, stem))
    };
    let found = flags(&read("narrative-table-mismatch/flagged-received"));
    assert_eq!(found.len(), 1, "{}", describe(&found));
    assert_eq!(found[0].evidence["metric"], "received");
    assert_eq!(found[0].evidence["text_value"], 9);
    assert_eq!(found[0].evidence["table_value"], 7);
    assert_eq!(found[0].location.line, Some(17));

    let found = flags(&read("narrative-table-mismatch/flagged-zero-claim"));
    assert_eq!(found.len(), 1, "{}", describe(&found));
    assert_eq!(found[0].evidence["metric"], "lawsuits");
    assert_eq!(found[0].evidence["table_value"], 1);

    let found = flags(&read("narrative-breakdown-sum/flagged-parts-above-total"));
    assert_eq!(found.len(), 1, "{}", describe(&found));
    assert_eq!(found[0].evidence["sum"], 197);

    let found = flags(&read("fee-conflict/flagged-no-fee-notice"));
    assert_eq!(found.len(), 1, "{}", describe(&found));
    assert_eq!(found[0].evidence["text"], "未发出收费通知");
}

/// Both reference reports state figures that agree with their tables (huaian: 受理 3119,
/// 答复 3050, 上年结转 34, 顺延 103, 行政复议 351 with its four results, 行政诉讼 46 = 26 + 20
/// with its results summed over both groups; shuyang: 收到 26): nothing may be flagged.
#[test]
fn reference_reports_are_not_flagged() {
    for path in common::reference_reports() {
        let text = fs::read_to_string(&path).expect("a reference report");
        let name = path.display();
        let found = flags(&text);
        assert!(found.is_empty(), "{name}:\n{}", describe(&found));
        let report = parse_text(&text, SourceEncoding::Utf8);
        assert!(
            !report.narrative().statements.is_empty(),
            "{name}: the reader found none of the stated figures"
        );
    }
}

/// The huaian report's figures are read as what they are, not just left alone.
#[test]
fn reference_report_figures_are_read() {
    let path = common::fixture("real", "huaian-szf-2024.txt");
    let text = fs::read_to_string(&path).expect("the huaian reference report");
    let report = parse_text(&text, SourceEncoding::Utf8);
    let narrative = report.narrative();
    let stated: Vec<(&str, i64)> = narrative
        .statements
        .iter()
        .filter_map(|s| Some((s.metric.key(), s.quantity.exact()?)))
        .collect();
    for expected in [
        ("received", 3119),
        ("handled", 3050),
        ("carried-in", 34),
        ("carried-over", 103),
        ("reviews", 351),
        ("lawsuits", 46),
    ] {
        assert!(stated.contains(&expected), "{expected:?} in {stated:?}");
    }
    let sums: Vec<Option<(i64, i64)>> =
        narrative.breakdowns.iter().map(|b| b.exact_sum()).collect();
    assert!(sums.contains(&Some((351, 351))) && sums.contains(&Some((46, 46))));
}

/// Generated reports state figures that agree with their tables.
#[test]
fn clean_generated_reports_are_not_flagged() {
    for report in corpus::generate(20_240_101, 300) {
        let found = flags(&report.text);
        assert!(
            found.is_empty(),
            "{}:\n{}",
            report.file_name,
            describe(&found)
        );
    }
}

mod robustness {
    use proptest::prelude::*;

    use super::flags;

    /// Pieces of the prose the reader looks at, to be put together at random.
    const PIECES: &[&str] = &[
        "0",
        "1",
        "3",
        "12",
        "1.2",
        ",",
        "3,119",
        "万",
        "余",
        "多",
        "约",
        "超过",
        "以上",
        "件",
        "条",
        "个",
        "次",
        "数量",
        "一",
        "两",
        "十",
        "百",
        "零",
        "〇",
        "万余",
        "，",
        "。",
        "；",
        "（",
        "）",
        "(",
        ")",
        "、",
        ":",
        " ",
        "其中",
        "分别为",
        "其他",
        "收到",
        "受理",
        "办结",
        "答复",
        "办理",
        "政府信息公开申请",
        "依申请公开",
        "上年结转",
        "结转下年度",
        "顺延",
        "含上年结转",
        "未收到",
        "未发生",
        "无",
        "没有",
        "行政复议",
        "行政诉讼",
        "信息公开",
        "制发规范性文件",
        "作出行政处罚决定",
        "主动公开政府信息",
        "未发出",
        "收费通知",
        "2023年",
        "2022年",
        "同比",
        "三、收到和处理政府信息公开申请情况\n",
        "四、政府信息公开行政复议、行政诉讼情况\n",
        "\n",
        "\t",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn prose_made_of_the_readers_words_never_panics(
            picks in prop::collection::vec(0..PIECES.len(), 0..80)
        ) {
            let prose: String = picks.iter().map(|i| PIECES[*i]).collect();
            let text = format!("某县司法局2023年政府信息公开工作年度报告\n一、总体情况\n{prose}\n六、其他需要报告的事项\n{prose}");
            flags(&text);
        }
    }
}
