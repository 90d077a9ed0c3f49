//! The B2 title and date rules on small reports: each rule on a text that must trigger it and
//! on one that must not.

use nianbao::flag::{Flag, Severity};
use nianbao::i18n::Lang;
use nianbao::ingest::SourceEncoding;
use nianbao::report::parse::parse_text;
use nianbao::rules::{self, RuleSelection};

/// A report with the given front matter and end matter around the six section headings.
fn text(head: &str, tail: &str) -> String {
    format!(
        "{head}\n一、总体情况\n本年度，我局认真落实《条例》。\n二、主动公开政府信息情况\n\
         三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n\
         五、存在的主要问题及改进情况\n存在问题：公开不够及时。\n六、其他需要报告的事项\n\
         本年度未收取信息处理费。\n{tail}"
    )
}

/// The flags of one rule on a report text.
fn flags(code: &str, text: &str) -> Vec<Flag> {
    assert!(rules::find(code).is_some(), "{code} is not registered");
    let report = parse_text(text, SourceEncoding::Utf8);
    let selection = RuleSelection {
        selected: vec![code.to_string()],
        ..RuleSelection::default()
    };
    rules::run(&report, &selection)
}

fn one(code: &str, text: &str) -> Flag {
    let found = flags(code, text);
    assert_eq!(found.len(), 1, "{code}: {found:#?}");
    found.into_iter().next().expect("one flag")
}

fn none(code: &str, text: &str) {
    let found = flags(code, text);
    assert!(found.is_empty(), "{code}: {found:#?}");
}

const TITLE: &str = "北关区司法局2023年政府信息公开工作年度报告";
const PERIOD: &str = "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。";
const SIGNED: &str = "北关区司法局\n2024年1月15日\n";

fn good() -> String {
    text(&format!("{TITLE}\n{PERIOD}"), SIGNED)
}

#[test]
fn a_complete_front_and_end_raise_nothing() {
    let report = parse_text(&good(), SourceEncoding::Utf8);
    let flags = rules::run(&report, &RuleSelection::default());
    let mine: Vec<&Flag> = flags
        .iter()
        .filter(|f| {
            [
                "title-missing",
                "title-agency-missing",
                "title-year-missing",
                "period-missing",
                "period-malformed",
                "period-reversed",
                "period-year-mismatch",
                "invalid-date",
                "publication-date-missing",
                "published-late",
                "dated-before-period-end",
            ]
            .contains(&f.code)
        })
        .collect();
    assert!(mine.is_empty(), "{mine:#?}");
}

#[test]
fn title_missing() {
    let flag = one("title-missing", &text(PERIOD, SIGNED));
    assert_eq!(flag.severity, Severity::Error);
    assert_eq!(flag.location.line, None);
    none("title-missing", &good());
    none(
        "title-missing",
        &text("乌拉特中旗司法局2023年政府信息\n公开工作年度报告", ""),
    );
}

#[test]
fn title_agency_missing() {
    let flag = one(
        "title-agency-missing",
        &text("\n\n司法局2020年政府信息公开工作年度报告", ""),
    );
    assert_eq!(flag.severity, Severity::Warning);
    assert_eq!(
        (flag.location.line, flag.location.column, flag.location.len),
        (Some(3), Some(1), Some(3))
    );
    assert!(flag.message.get(Lang::Zh).contains("「司法局」"));

    let flag = one(
        "title-agency-missing",
        &text(
            "市司法局2023年度政府信息公开年度报告\n2023年，聊城市司法局严格落实《条例》。",
            "",
        ),
    );
    assert_eq!(flag.location.line, Some(1));
    assert!(
        flag.message.get(Lang::Zh).contains("聊城市司法局"),
        "{}",
        flag.message.get(Lang::Zh)
    );
    assert_eq!(flag.evidence["agency"], "聊城市司法局");

    one(
        "title-agency-missing",
        &text("2023年政府信息公开工作年度报告", ""),
    );

    for head in [
        TITLE,
        "三门峡市陕州区司法局 2024 年政府信息公开工作年度报告",
        "乌拉特中旗司法局2023年政府信息\n公开工作年度报告",
        "淮安市人民政府\n2024 年政府信息公开工作年度报告",
        "国家统计局2023年政府信息公开工作年度报告",
        "国务院办公厅2023年政府信息公开工作年度报告",
    ] {
        none("title-agency-missing", &text(head, ""));
    }
}

#[test]
fn title_year_missing() {
    let flag = one(
        "title-year-missing",
        &text("北关区司法局政府信息公开工作年度报告", ""),
    );
    assert_eq!(flag.severity, Severity::Error);
    assert_eq!(flag.location.line, Some(1));
    none("title-year-missing", &good());
    none(
        "title-year-missing",
        &text("北关区司法局二〇二三年度政府信息公开工作年度报告", ""),
    );
    // No title at all is title-missing's to say.
    none("title-year-missing", &text("", ""));
}

#[test]
fn period_missing() {
    let flag = one("period-missing", &text(TITLE, SIGNED));
    assert_eq!(flag.severity, Severity::Info);
    assert_eq!(flag.location.line, None);
    none("period-missing", &good());
    // A malformed period is present, not missing.
    none(
        "period-missing",
        &text(
            TITLE,
            "本报告中所列数据的统计时限为2023年1月1日起至2023年12月31",
        ),
    );
}

#[test]
fn period_malformed() {
    let flag = one(
        "period-malformed",
        &text(
            TITLE,
            "本报告中所列数据的统计时限为2023年1月1日起至2023年12月31",
        ),
    );
    assert_eq!(flag.severity, Severity::Warning);
    assert_eq!(flag.location.line, Some(11));
    assert_eq!(flag.evidence["problem"], "unterminated");
    assert!(flag.message.get(Lang::Zh).contains("2023年12月31"));

    let flag = one(
        "period-malformed",
        &text(
            &format!("{TITLE}\n统计期限为2023年1月1日至2023年12月。"),
            "",
        ),
    );
    assert_eq!(flag.evidence["problem"], "incomplete");
    let flag = one(
        "period-malformed",
        &text(&format!("{TITLE}\n统计期限为2023年1月1日起至"), ""),
    );
    assert_eq!(flag.evidence["problem"], "no-end");
    let flag = one(
        "period-malformed",
        &text(&format!("{TITLE}\n本报告统计时间为本年度。"), ""),
    );
    assert_eq!(flag.evidence["problem"], "no-dates");

    none("period-malformed", &good());
    none(
        "period-malformed",
        &text(
            &format!("{TITLE}\n本报告所列数据的统计期限为2023年1月1日至12月31日止。"),
            "",
        ),
    );
    none(
        "period-malformed",
        &text(&format!("{TITLE}\n本报告所列数据统计期限为2023年度。"), ""),
    );
    none(
        "period-malformed",
        &text(
            &format!("{TITLE}\n统计期限自 2023 年 1 月 1 日至 2023 年 12 月 31 日。"),
            "",
        ),
    );
}

#[test]
fn period_reversed() {
    let flag = one(
        "period-reversed",
        &text(
            &format!("{TITLE}\n报告统计期限为2023年1月1日起至2022年12月31日止。"),
            "",
        ),
    );
    assert_eq!(flag.severity, Severity::Error);
    assert_eq!(flag.location.line, Some(2));
    none("period-reversed", &good());
}

#[test]
fn period_year_mismatch() {
    let flag = one(
        "period-year-mismatch",
        &text(
            &format!("{TITLE}\n报告统计期限为2023年1月1日起至2022年12月31日止。"),
            "",
        ),
    );
    assert_eq!(flag.severity, Severity::Error);
    assert_eq!(flag.evidence["end"], "2022-12-31");
    assert_eq!(flag.evidence["report_year"], 2023);
    assert!(flag.message.get(Lang::Zh).contains("2022年"));

    let flag = one(
        "period-year-mismatch",
        &text(
            &format!("{TITLE}\n统计期限为2022年1月1日至2022年12月31日。"),
            "",
        ),
    );
    assert_eq!(flag.severity, Severity::Error);

    let flag = one(
        "period-year-mismatch",
        &text(&format!("{TITLE}\n统计期限为2022年度。"), ""),
    );
    assert_eq!(flag.severity, Severity::Error);

    let flag = one(
        "period-year-mismatch",
        &text(
            &format!("{TITLE}\n统计期限为2023年3月1日至2023年12月31日。"),
            "",
        ),
    );
    assert_eq!(flag.severity, Severity::Info);
    assert_eq!(flag.evidence["start"], "2023-03-01");

    none("period-year-mismatch", &good());
    // A cut-off end is read as written: 2023-12-31 is the report year's end.
    none(
        "period-year-mismatch",
        &text(
            TITLE,
            "本报告中所列数据的统计时限为2023年1月1日起至2023年12月31",
        ),
    );
    none(
        "period-year-mismatch",
        &text(
            &format!("{TITLE}\n统计期限为2023年1月1日至12月31日止。"),
            "",
        ),
    );
}

#[test]
fn invalid_date() {
    let flag = one(
        "invalid-date",
        &text(
            &format!("{TITLE}\n统计期限为2023年1月1日至2023年2月30日。"),
            "",
        ),
    );
    assert_eq!(flag.severity, Severity::Error);
    assert_eq!(flag.evidence["role"], "end");
    assert!(
        flag.message.get(Lang::Zh).contains("28天"),
        "{}",
        flag.message.get(Lang::Zh)
    );

    let flag = one(
        "invalid-date",
        &text(
            &format!("{TITLE}\n{PERIOD}"),
            "北关区司法局\n2024年13月5日\n",
        ),
    );
    assert_eq!(flag.evidence["role"], "signature");

    // The inherited year decides February's length.
    one(
        "invalid-date",
        &text(&format!("{TITLE}\n统计期限为2023年2月1日至2月29日。"), ""),
    );
    none(
        "invalid-date",
        &text(&format!("{TITLE}\n统计期限为2024年2月1日至2月29日。"), ""),
    );
    none("invalid-date", &good());
}

#[test]
fn publication_date_missing() {
    let flag = one(
        "publication-date-missing",
        &text(&format!("{TITLE}\n{PERIOD}"), ""),
    );
    assert_eq!(flag.severity, Severity::Info);
    assert_eq!(flag.location.line, None);
    none("publication-date-missing", &good());
    none(
        "publication-date-missing",
        &text(TITLE, "北关区司法局\n二〇二四年一月十一日\n"),
    );
    none(
        "publication-date-missing",
        &text(&format!("{TITLE}\n发布日期：2024-01-15"), ""),
    );
}

#[test]
fn published_late() {
    let flag = one(
        "published-late",
        &text(
            &format!("{TITLE}\n{PERIOD}"),
            "北关区司法局\n2024年2月20日\n",
        ),
    );
    assert_eq!(flag.severity, Severity::Warning);
    assert_eq!(flag.evidence["deadline"], "2024-01-31");
    assert_eq!(flag.evidence["date"], "2024-02-20");

    // A local government's own report is due by 3月31日.
    let government = "淮安市人民政府\n2023 年政府信息公开工作年度报告";
    none(
        "published-late",
        &text(government, "淮安市人民政府\n2024年3月20日\n"),
    );
    let flag = one(
        "published-late",
        &text(government, "淮安市人民政府\n2024年4月2日\n"),
    );
    assert_eq!(flag.evidence["deadline"], "2024-03-31");

    none("published-late", &good());
    none(
        "published-late",
        &text(TITLE, "北关区司法局\n2024年1月31日\n"),
    );
}

#[test]
fn dated_before_period_end() {
    let flag = one(
        "dated-before-period-end",
        &text(
            &format!("{TITLE}\n{PERIOD}"),
            "北关区司法局\n2023年12月28日\n",
        ),
    );
    assert_eq!(flag.severity, Severity::Error);
    assert_eq!(flag.evidence["period_end"], "2023-12-31");

    // Without a period, the end of the report year is the bound.
    let flag = one(
        "dated-before-period-end",
        &text(TITLE, "北关区司法局\n2023年12月31日\n"),
    );
    assert_eq!(flag.evidence["from_period"], false);

    none("dated-before-period-end", &good());
    // A period ending in the wrong year is period-year-mismatch's; the report year bounds here.
    none(
        "dated-before-period-end",
        &text(
            &format!("{TITLE}\n统计期限为2023年1月1日起至2024年12月31日止。"),
            SIGNED,
        ),
    );
}

/// rules.md B10 trap 9: a year-Y report planning for Y+1 is not a date problem.
#[test]
fn planning_next_year_is_not_a_date_problem() {
    let report = text(
        &format!("{TITLE}\n{PERIOD}"),
        "2024年，我局将继续加大政府信息公开力度。\n",
    );
    let parsed = parse_text(&report, SourceEncoding::Utf8);
    assert!(parsed.signature.is_none());
    for code in [
        "period-year-mismatch",
        "invalid-date",
        "published-late",
        "dated-before-period-end",
    ] {
        none(code, &report);
    }
}
