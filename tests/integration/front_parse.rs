//! The parser of the front and end matter: the title (wrapped, spaced, full-width, Chinese
//! numerals), the agency, the statistics period in its written forms, and the signature date.

use crate::common;

use std::path::Path;

use nianbao::ingest::SourceEncoding;
use nianbao::report::front::{DateKind, FrontSource, Provenance};
use nianbao::report::parse::{front, parse_text};
use nianbao::report::{DateMention, Report};

/// A report with the given front matter and end matter around the six section headings.
fn report(head: &str, tail: &str) -> Report {
    let text = format!(
        "{head}\n一、总体情况\n本年度，我局认真落实《条例》。\n二、主动公开政府信息情况\n\
         三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n\
         五、存在的主要问题及改进情况\n存在问题：公开不够及时。\n六、其他需要报告的事项\n\
         本年度未收取信息处理费。\n{tail}"
    );
    parse_text(&text, SourceEncoding::Utf8)
}

fn parts(d: Option<&DateMention>) -> Option<(Option<i32>, Option<u32>, Option<u32>)> {
    d.map(|d| (d.year, d.month, d.day))
}

fn ymd(y: i32, m: u32, d: u32) -> Option<(Option<i32>, Option<u32>, Option<u32>)> {
    Some((Some(y), Some(m), Some(d)))
}

// ---- title ----

#[test]
fn title_on_one_line_with_spaces_around_the_year() {
    let r = report("\n\n北关区司法局 2023 年政府信息公开工作年度报告\n", "");
    let title = r.title.expect("title");
    assert_eq!(title.line, 3);
    assert_eq!(title.last_line, 3);
    assert_eq!(title.agency.as_deref(), Some("北关区司法局"));
    assert_eq!(title.year, Some(2023));
    let span = title.agency_span.expect("span");
    assert_eq!((span.line, span.column, span.len), (3, 1, 6));
    assert_eq!(r.year, Some(2023));
    assert_eq!(r.agency.as_deref(), Some("北关区司法局"));
}

#[test]
fn title_wrapped_after_the_year() {
    let r = report("\n乌拉特中旗司法局2023年政府信息\n公开工作年度报告\n", "");
    let title = r.title.expect("title");
    assert_eq!((title.line, title.last_line), (2, 3));
    assert_eq!(title.text, "乌拉特中旗司法局2023年政府信息公开工作年度报告");
    assert_eq!(title.agency.as_deref(), Some("乌拉特中旗司法局"));
    assert_eq!(title.year, Some(2023));
}

#[test]
fn title_wrapped_after_the_agency() {
    let r = report("淮安市人民政府\n2024 年政府信息公开工作年度报告\n", "");
    let title = r.title.expect("title");
    assert_eq!((title.line, title.last_line), (1, 2));
    assert_eq!(title.agency.as_deref(), Some("淮安市人民政府"));
    assert_eq!(title.year, Some(2024));
    let span = title.agency_span.expect("span");
    assert_eq!((span.line, span.column, span.len), (1, 1, 7));
}

#[test]
fn title_wrapped_inside_its_last_word() {
    let r = report("沛县司法局2023年度政府信息公开工作年度\n报告\n", "");
    let title = r.title.expect("title");
    assert_eq!((title.line, title.last_line), (1, 2));
    assert_eq!(title.agency.as_deref(), Some("沛县司法局"));
    assert_eq!(title.year, Some(2023));
}

#[test]
fn title_years_in_every_form() {
    for (head, year) in [
        ("市司法局2023年度政府信息公开年度报告", 2023),
        ("北关区司法局２０２３年政府信息公开工作年度报告", 2023),
        ("北关区司法局二〇二三年度政府信息公开工作年度报告", 2023),
    ] {
        let r = report(head, "");
        let title = r.title.expect(head);
        assert_eq!(title.year, Some(year), "{head}");
        assert!(title.agency.is_some(), "{head}");
    }
    let r = report("北关区司法局政府信息公开工作年度报告", "");
    let title = r.title.expect("title");
    assert_eq!(title.year, None);
    assert_eq!(title.agency.as_deref(), Some("北关区司法局"));
}

#[test]
fn a_sentence_about_the_report_is_not_its_title() {
    let r = report(
        "根据《条例》要求，现向社会公布沭阳县发展和改革局2023年度政府信息公开年度报告。",
        "",
    );
    assert!(r.title.is_none());
}

#[test]
fn the_title_is_not_looked_for_after_the_first_heading() {
    let text = "一、总体情况\n北关区司法局2023年政府信息公开工作年度报告\n";
    let r = parse_text(text, SourceEncoding::Utf8);
    assert!(r.title.is_none());
}

// ---- agency ----

#[test]
fn a_generic_title_agency_takes_the_fuller_name_from_the_body() {
    let r = report(
        "市司法局2023年度政府信息公开年度报告\n2023年，聊城市司法局严格落实《条例》，在聊城市司法局党组领导下开展工作。",
        "",
    );
    assert_eq!(
        r.title.as_ref().and_then(|t| t.agency.as_deref()),
        Some("市司法局")
    );
    assert_eq!(r.agency.as_deref(), Some("聊城市司法局"));
}

#[test]
fn a_generic_title_agency_takes_the_fuller_name_from_the_signature() {
    let r = report(
        "司法局2023年政府信息公开工作年度报告",
        "\n沛县司法局\n2024年1月15日\n",
    );
    assert_eq!(r.agency.as_deref(), Some("沛县司法局"));
}

#[test]
fn a_generic_title_agency_without_a_fuller_name_stays() {
    let r = report(
        "司法局2020年政府信息公开工作年度报告\n2020年，我局认真贯彻落实《条例》。",
        "",
    );
    assert_eq!(r.agency.as_deref(), Some("司法局"));
}

// ---- period ----

#[test]
fn period_from_to_with_qi_and_zhi() {
    let r = report(
        "北关区司法局2023年政府信息公开工作年度报告\n本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
        "",
    );
    let p = r.period.expect("period");
    assert_eq!(p.line, 2);
    assert_eq!(p.keyword, "统计期限");
    assert_eq!(p.column, 9);
    assert_eq!(parts(p.start.as_ref()), ymd(2023, 1, 1));
    assert_eq!(parts(p.end.as_ref()), ymd(2023, 12, 31));
    let start = p.start.as_ref().expect("start");
    assert_eq!((start.line, start.column, start.len), (2, 14, 9));
    assert!(!p.end_truncated && !p.start_truncated);
    assert!(p.is_well_formed());
    assert_eq!(p.text, "统计期限自2023年1月1日起至2023年12月31日止");
}

#[test]
fn period_with_spaces_inside_dates() {
    let r = report(
        "淮安市人民政府\n2024 年政府信息公开工作年度报告\n报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。",
        "",
    );
    let p = r.period.expect("period");
    assert_eq!(parts(p.start.as_ref()), ymd(2024, 1, 1));
    assert_eq!(parts(p.end.as_ref()), ymd(2024, 12, 31));
    assert_eq!(
        p.end.as_ref().map(|d| d.raw.as_str()),
        Some("2024 年 12 月 31 日")
    );
    assert!(p.is_well_formed());
}

#[test]
fn period_end_without_a_year_inherits_the_start_year() {
    let r = report(
        "北关区司法局2023年政府信息公开工作年度报告\n本报告所列数据的统计期限为2023年1月1日至12月31日止。",
        "",
    );
    let p = r.period.expect("period");
    let end = p.end.as_ref().expect("end");
    assert_eq!(
        (end.year, end.month, end.day),
        (Some(2023), Some(12), Some(31))
    );
    assert!(end.year_inherited);
    assert!(!p.start.as_ref().expect("start").year_inherited);
    assert!(p.is_well_formed());
}

#[test]
fn period_cut_off_at_the_end_of_the_file() {
    let r = report(
        "三门峡市陕州区司法局 2024 年政府信息公开工作年度报告",
        "本报告中所列数据的统计时限为2024年1月1日起至2024年12月31",
    );
    let p = r.period.expect("period");
    assert_eq!(p.keyword, "统计时限");
    assert_eq!(parts(p.end.as_ref()), ymd(2024, 12, 31));
    assert!(p.end_truncated);
    assert!(!p.is_well_formed());
}

#[test]
fn period_cut_off_after_zhi() {
    let r = report(
        "北关区司法局2023年政府信息公开工作年度报告",
        "本报告统计时间为2023年1月1日起至",
    );
    let p = r.period.expect("period");
    assert!(p.end.is_none());
    assert!(p.end_truncated);
    assert!(!p.is_well_formed());
}

#[test]
fn period_end_without_its_day() {
    let r = report(
        "北关区司法局2023年政府信息公开工作年度报告\n统计期间为2023年1月1日至2023年12月。",
        "",
    );
    let p = r.period.expect("period");
    assert_eq!(p.keyword, "统计期间");
    let end = p.end.as_ref().expect("end");
    assert_eq!(end.day, None);
    assert!(!p.is_well_formed());
}

#[test]
fn period_stated_as_a_whole_year() {
    let r = report(
        "北关区司法局2023年政府信息公开工作年度报告\n本报告所列数据统计期限为2023年度。",
        "",
    );
    let p = r.period.expect("period");
    assert_eq!(p.whole_year, Some(2023));
    assert!(p.is_well_formed());
}

#[test]
fn period_wrapped_over_two_lines() {
    let r = report(
        "北关区司法局2023年政府信息公开工作年度报告\n本报告所列数据的统计期限为2023年1月1日至\n2023年12月31日。",
        "",
    );
    let p = r.period.expect("period");
    assert_eq!((p.line, p.last_line), (2, 3));
    assert_eq!(p.end.as_ref().map(|d| d.line), Some(3));
    assert_eq!(parts(p.end.as_ref()), ymd(2023, 12, 31));
}

#[test]
fn period_wrapped_before_its_last_ri() {
    // PDF extraction wraps lines anywhere, here between 31 and 日.
    let r = report(
        "北关区司法局2023年政府信息公开工作年度报告\n本报告所列数据的统计期限为2023年1月1日至2023年12月31\n日。公众可在门户网站查阅本报告。",
        "",
    );
    let p = r.period.expect("period");
    assert_eq!((p.line, p.last_line), (2, 3));
    assert_eq!(parts(p.end.as_ref()), ymd(2023, 12, 31));
    assert!(!p.end_truncated);
    assert!(p.is_well_formed());
    assert!(p.text.ends_with("\n日"), "{}", p.text);
}

#[test]
fn period_until_a_single_date() {
    let r = report(
        "北关区司法局2023年政府信息公开工作年度报告\n本报告统计时间截至2023年12月31日。",
        "",
    );
    let p = r.period.expect("period");
    assert!(p.start.is_none());
    assert_eq!(parts(p.end.as_ref()), ymd(2023, 12, 31));
}

#[test]
fn period_in_full_width_digits() {
    let r = report(
        "北关区司法局２０２３年政府信息公开工作年度报告\n统计期限为２０２３年１月１日至２０２３年１２月３１日。",
        "",
    );
    let p = r.period.expect("period");
    assert_eq!(parts(p.start.as_ref()), ymd(2023, 1, 1));
    assert_eq!(parts(p.end.as_ref()), ymd(2023, 12, 31));
    assert_eq!(
        p.end.as_ref().map(|d| d.raw.as_str()),
        Some("２０２３年１２月３１日")
    );
}

#[test]
fn no_period_sentence() {
    let r = report("北关区司法局2023年政府信息公开工作年度报告", "");
    assert!(r.period.is_none());
}

// ---- signature ----

#[test]
fn signature_under_the_agency_with_trailing_spaces() {
    let r = report(
        "乌拉特中旗司法局2023年政府信息公开工作年度报告",
        "\n\n乌拉特中旗司法局    \n                            2024年1月11日    \n",
    );
    let s = r.signature.expect("signature");
    assert_eq!(parts(Some(&s)), ymd(2024, 1, 11));
    assert_eq!(s.column, 29);
    assert_eq!(s.raw, "2024年1月11日");
    let signed = front::signatory(&r.doc, &s).expect("signatory");
    assert_eq!(signed.name, "乌拉特中旗司法局");
    assert_eq!(signed.span.line, s.line - 1);
}

#[test]
fn signature_after_the_agency_on_one_line() {
    let r = report(
        "沛县司法局2023年政府信息公开工作年度报告",
        "沛县司法局  2024年1月15日\n",
    );
    let s = r.signature.expect("signature");
    assert_eq!(parts(Some(&s)), ymd(2024, 1, 15));
    let signed = front::signatory(&r.doc, &s).expect("signatory");
    assert_eq!(signed.name, "沛县司法局");
}

#[test]
fn signature_in_chinese_numerals() {
    for (written, date) in [
        ("二〇二四年一月十一日", ymd(2024, 1, 11)),
        ("二O二四年元月三十一日", ymd(2024, 1, 31)),
    ] {
        let r = report(
            "沛县司法局2023年政府信息公开工作年度报告",
            &format!("沛县司法局\n{written}\n"),
        );
        assert_eq!(parts(r.signature.as_ref()), date, "{written}");
    }
}

#[test]
fn publication_date_labelled_at_the_top() {
    let r = report(
        "沛县司法局2023年政府信息公开工作年度报告\n发布日期：2024-01-15",
        "",
    );
    let s = r.signature.expect("signature");
    assert_eq!(parts(Some(&s)), ymd(2024, 1, 15));
    assert_eq!((s.line, s.column), (2, 6));
}

#[test]
fn a_date_in_prose_is_not_a_signature() {
    let r = report(
        "沛县司法局2023年政府信息公开工作年度报告",
        "2024年1月5日，我局召开会议部署下一年度工作。\n2024年，我局将继续加大公开力度。\n",
    );
    assert!(r.signature.is_none());
}

#[test]
fn title_named_a_nianbao() {
    let r = report("沛县司法局2023年政府信息公开年报", "");
    let title = r.title.expect("title");
    assert_eq!(title.agency.as_deref(), Some("沛县司法局"));
    assert_eq!(title.year, Some(2023));
}

#[test]
fn period_dates_before_the_keyword() {
    let r = report(
        "北关区司法局2023年政府信息公开工作年度报告\n本年度报告中，2023年1月1日至2023年12月31日为统计期限。",
        "",
    );
    let p = r.period.expect("period");
    assert_eq!(parts(p.start.as_ref()), ymd(2023, 1, 1));
    assert_eq!(parts(p.end.as_ref()), ymd(2023, 12, 31));
    assert!(p.is_well_formed());
}

#[test]
fn front_parsing_never_panics() {
    use proptest::prelude::*;
    let pieces = prop::sample::select(vec![
        "统计期限",
        "统计时限",
        "为",
        "自",
        "起至",
        "至",
        "止",
        "。",
        "，",
        "\n",
        " ",
        "　",
        "2023",
        "２０２３",
        "年",
        "月",
        "日",
        "12",
        "31",
        "1",
        "二〇二四",
        "十一",
        "元",
        "年度报告",
        "司法局",
        "市",
        "发布日期：",
        "-",
        "县",
        "人民政府",
        "一、总体情况",
        "\t",
        "〇",
        "O",
        "号",
        "截至",
        "年报",
        "信息公开",
    ]);
    let texts = prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat());
    proptest!(|(text in texts)| {
        let r = parse_text(&text, SourceEncoding::Utf8);
        if let Some(s) = &r.signature {
            let _ = front::signatory(&r.doc, s);
        }
        let _ = nianbao::rules::run(&r, &nianbao::rules::RuleSelection::default());
    });
}

// ---- folding: Traditional characters, Kangxi radicals ----

/// The flags of a checked file as (code, severity, line, column), with its agency and year.
fn flag_places(path: &Path) -> (Option<String>, Option<i32>, Vec<String>) {
    let checked = common::checked(path);
    let flags = checked
        .flags
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {:?} {:?}",
                f.code, f.severity, f.location.line, f.location.column
            )
        })
        .collect();
    (checked.agency, checked.year, flags)
}

#[test]
fn a_traditional_report_is_read_like_its_simplified_original() {
    // Seed 000 written in Traditional characters (政府資訊公開…年度報告): the same report, the
    // same flags at the same places, nothing rejected as not-a-report.
    let seed = flag_places(&common::seed("000_480d39c3490e058f.txt"));
    let traditional = flag_places(&common::fixture("real", "traditional-000.txt"));
    assert_eq!(traditional, seed);
    assert_eq!(seed.0.as_deref(), Some("北关区司法局"));
    let text =
        std::fs::read_to_string(common::fixture("real", "traditional-000.txt")).expect("fixture");
    let report = parse_text(&text, SourceEncoding::Utf8);
    // The title keeps its written characters for display.
    let title = report.title.expect("title");
    assert_eq!(title.text, "北關區司法局 2023 年政府資訊公開工作年度報告");
    assert_eq!(report.sections.len(), 6);
    assert!(report.table3.is_some());
}

#[test]
fn kangxi_radicals_fold_like_ordinary_characters() {
    // Seed 001 with every character that has a Kangxi radical form written as the radical
    // (⼀⼆⼈⼯⾏…), as PDF text layers give them.
    let seed = flag_places(&common::seed("001_5a1fe3ed23e367d7.txt"));
    let kangxi = flag_places(&common::fixture("real", "kangxi-001.txt"));
    assert_eq!(kangxi, seed);
    assert_eq!(seed.0.as_deref(), Some("三门峡市陕州区司法局"));
    assert_eq!(seed.1, Some(2024));
}

// ---- front matter from real pages ----

/// A fixture of `tests/fixtures/real/`, parsed.
fn real(name: &str) -> Report {
    let text = std::fs::read_to_string(common::fixture("real", name)).expect("fixture");
    parse_text(&text, SourceEncoding::Utf8)
}

/// The source and line an agency or year was read from.
fn from(p: Option<Provenance>) -> Option<(FrontSource, u32)> {
    p.map(|p| (p.source, p.line))
}

#[test]
fn web_chrome_is_never_the_title_or_the_agency() {
    // Seed 004 under a page's chrome: 长辈版/无障碍 links, a breadcrumb that ends with the
    // report's name, 「标题：」 before the title, a metadata line, a toolbar and 「正文」.
    let r = real("web-chrome-004.txt");
    let title = r.title.as_ref().expect("title");
    assert_eq!(title.text, "乌拉特中旗司法局2023年政府信息公开工作年度报告");
    assert_eq!((title.line, title.column), (3, 4));
    assert_eq!(r.agency.as_deref(), Some("乌拉特中旗司法局"));
    assert_eq!(r.year, Some(2023));
    assert_eq!(from(r.agency_from), Some((FrontSource::Title, 3)));
    // The seed's own flags, shifted by the six lines of chrome.
    let seed = flag_places(&common::seed("004_060f1afac52ad05c.txt"));
    let page = common::checked(&common::fixture("real", "web-chrome-004.txt"));
    assert_eq!(page.flags.len(), seed.2.len());
}

#[test]
fn a_page_title_with_the_site_name_appended() {
    // The real web page of 沭阳县发展和改革局's report: its <title> with 「-沭阳县发改局」
    // appended, then 「标题：」, 「单位：」, 「来源：http…」 and a metadata table.
    let r = real("shuyang-fgj-2023-web.txt");
    let title = r.title.as_ref().expect("title");
    assert_eq!(title.text, "沭阳县发展和改革局2023年政府信息公开年度报告");
    assert_eq!(title.line, 1);
    assert_eq!(r.agency.as_deref(), Some("沭阳县发展和改革局"));
    assert_eq!(r.year, Some(2023));
    let checked = common::checked(&common::fixture("real", "shuyang-fgj-2023-web.txt"));
    let title_form: Vec<_> = checked
        .flags
        .iter()
        .filter(|f| f.code == "title-form")
        .collect();
    assert_eq!(title_form.len(), 1);
    assert_eq!(title_form[0].evidence["found"], "政府信息公开年度报告");
}

#[test]
fn agency_and_year_from_the_report_named_in_the_preamble() {
    // Seed 004 without its title line; the preamble says 「现公布《乌拉特中旗司法局2023年政府
    // 信息公开工作年度报告》」.
    let r = real("preamble-named-004.txt");
    assert!(r.title.is_none());
    assert_eq!(r.agency.as_deref(), Some("乌拉特中旗司法局"));
    assert_eq!(r.year, Some(2023));
    assert_eq!(from(r.agency_from), Some((FrontSource::Preamble, 8)));
    assert_eq!(from(r.year_from), Some((FrontSource::Preamble, 8)));
}

#[test]
fn agency_from_who_compiled_it_and_year_from_the_period() {
    // 淮安市人民政府's 2024 report without its two title lines: 「本报告由淮安市人民政府办公室
    // 根据…编制」 names who compiled it (a government's general office compiles the
    // government's own report), and the statistics period gives the year.
    let r = real("compiled-by-huaian-2024.txt");
    assert!(r.title.is_none());
    assert_eq!(r.agency.as_deref(), Some("淮安市人民政府"));
    assert_eq!(from(r.agency_from), Some((FrontSource::Preamble, 1)));
    assert_eq!(r.year, Some(2024));
    assert_eq!(from(r.year_from), Some((FrontSource::Period, 1)));
}

#[test]
fn a_publication_date_line_is_a_publication_date() {
    // 沭阳县发展和改革局's report as a page without title, preamble or signature: a breadcrumb,
    // 「发布日期:2024年01月17日  来源：沭阳县发展和改革局  浏览次数：58」 and a toolbar.
    let r = real("publication-date-shuyang-2023.txt");
    assert!(r.title.is_none());
    let date = r.signature.as_ref().expect("date");
    assert_eq!(
        (date.year, date.month, date.day),
        (Some(2024), Some(1), Some(17))
    );
    assert_eq!(date.line, 3);
    assert_eq!(r.signature_kind, Some(DateKind::Publication));
    assert_eq!(r.agency.as_deref(), Some("沭阳县发展和改革局"));
    assert_eq!(from(r.agency_from), Some((FrontSource::WebMetadata, 3)));
    // Published in January 2024: the report is about 2023.
    assert_eq!(r.year, Some(2023));
    assert_eq!(from(r.year_from), Some((FrontSource::WebMetadata, 3)));
}

#[test]
fn a_sentence_fragment_is_never_the_agency() {
    let r = report(
        "区教育局2023年政府信息公开工作年度报告\n2023年，全面梳理区教育局政务公开事项。",
        "",
    );
    assert_eq!(r.agency.as_deref(), Some("区教育局"));
    assert_eq!(from(r.agency_from), Some((FrontSource::Title, 1)));
}

#[test]
fn an_unknown_agency_is_said_to_be_unknown() {
    let r = report("根据《条例》，编制本报告。", "");
    assert_eq!(r.agency, None);
    assert_eq!(r.agency_from, None);
    let checked = nianbao::pipeline::check_report(
        Path::new("inbox"),
        Path::new("inbox/x.txt"),
        &r,
        &nianbao::rules::RuleSelection::default(),
    );
    let mut out = Vec::new();
    nianbao::check::output::write_json(
        &mut out,
        std::slice::from_ref(&checked),
        &[],
        nianbao::i18n::Lang::Zh,
    )
    .expect("json");
    let value: serde_json::Value = serde_json::from_slice(&out).expect("valid json");
    let front = &value["reports"][0]["parse"]["front"];
    assert_eq!(front["agency"]["source"], "unknown");
    assert_eq!(front["agency"]["value"], serde_json::Value::Null);
    let mut text = Vec::new();
    nianbao::check::output::write_text(
        &mut text,
        &[checked],
        &[],
        nianbao::check::output::TextStyle {
            lang: nianbao::i18n::Lang::Zh,
            color: false,
        },
    )
    .expect("text");
    let text = String::from_utf8(text).expect("utf-8");
    assert!(text.contains("（未识别机关名称）"), "{text}");
}

#[test]
fn check_json_shows_where_the_front_matter_was_read() {
    let checked = common::checked(&common::fixture("real", "preamble-named-004.txt"));
    let mut out = Vec::new();
    nianbao::check::output::write_json(&mut out, &[checked], &[], nianbao::i18n::Lang::Zh)
        .expect("json");
    let value: serde_json::Value = serde_json::from_slice(&out).expect("valid json");
    let front = &value["reports"][0]["parse"]["front"];
    assert_eq!(front["agency"]["value"], "乌拉特中旗司法局");
    assert_eq!(front["agency"]["source"], "preamble");
    assert_eq!(front["agency"]["line"], 8);
    assert_eq!(front["year"]["value"], 2023);
    assert_eq!(front["title"]["source"], "unknown");
    assert_eq!(front["date"]["source"], "signature");
}

#[test]
fn dates_broken_by_a_line_wrap_are_read_whole() {
    // 沭阳县发展和改革局's report as PDF text breaks it: 「…至2023年12」 + 「月31日。」 in the
    // statistics period, 「2024」 + 「年1月17日」 under the signature.
    let r = real("wrapped-dates-shuyang-2023.txt");
    let period = r.period.as_ref().expect("period");
    assert_eq!(parts(period.start.as_ref()), ymd(2023, 1, 1));
    assert_eq!(parts(period.end.as_ref()), ymd(2023, 12, 31));
    assert!(period.is_well_formed());
    assert_eq!((period.line, period.last_line), (2, 3));
    let end = period.end.as_ref().expect("end");
    assert_eq!((end.line, end.raw.as_str()), (2, "2023年12月31日"));
    let signature = r.signature.as_ref().expect("signature");
    assert_eq!(parts(Some(signature)), ymd(2024, 1, 17));
    assert_eq!(signature.line, 74);
    assert_eq!(r.signature_kind, Some(DateKind::Signature));
    let signatory = front::signatory(&r.doc, signature).expect("signatory");
    assert_eq!(signatory.name, "沭阳县发展和改革局");
    // The flags of the unbroken report, and none about the dates.
    let codes = |path: &Path| {
        let mut codes: Vec<_> = common::checked(path).flags.iter().map(|f| f.code).collect();
        codes.sort_unstable();
        codes
    };
    let original = codes(&common::fixture("real", "shuyang-fgj-2023.txt"));
    assert_eq!(
        codes(&common::fixture("real", "wrapped-dates-shuyang-2023.txt")),
        original
    );
}

// ---- the signature block on the model ----

#[test]
fn the_signature_block_is_read_once_onto_the_report() {
    // Two signing bodies over the date, a page footer after it.
    let r = report(
        "北关区司法局2023年政府信息公开工作年度报告",
        "北关区人民政府办公室\n北关区司法局\n2024年1月11日\n- 3 -\n",
    );
    let block = r.closing.as_ref().expect("signature block");
    let date = r.signature.as_ref().expect("date").line;
    assert_eq!(block.date_line, Some(date));
    assert_eq!(block.signatory_lines, vec![date - 2, date - 1]);
    assert_eq!(
        r.signatory.as_ref().map(|s| s.name.as_str()),
        Some("北关区司法局")
    );
    // Without a date, the agency's name the text ends with.
    let r = report(
        "北关区司法局2023年政府信息公开工作年度报告",
        "北关区司法局\n",
    );
    let block = r.closing.as_ref().expect("signature block");
    assert_eq!(block.date_line, None);
    assert_eq!(block.signatory_lines.len(), 1);
    // A sentence is not a signature block.
    let r = report("北关区司法局2023年政府信息公开工作年度报告", "");
    assert!(r.closing.is_none());
}

#[test]
fn rules_read_the_model_not_the_parser() {
    // No rule calls into report::parse outside its tests: the signature block, the signatory
    // and the line facts rules need are on the Report, and the vocabulary (heading variants,
    // numerals) lives in the model's modules.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut offenders = Vec::new();
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).expect("src/rules") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("rule source");
        read += 1;
        let code = source.split("#[cfg(test)]").next().unwrap_or("");
        if code.contains("report::parse") || code.contains("parse::sections") {
            offenders.push(path.display().to_string());
        }
    }
    assert!(read > 40, "only {read} rule files read");
    assert!(
        offenders.is_empty(),
        "rules that call the parser: {offenders:?}"
    );
}
