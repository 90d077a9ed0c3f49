//! A title not in the template's form 「<机关>YYYY年政府信息公开工作年度报告」.
//!
//! 标题不是模板规定的「<机关>YYYY年政府信息公开工作年度报告」形式。
//!
//! ## What it checks
//! After the year (「2023年」 or 「2023年度」, Arabic or Chinese digits), the title reads exactly
//! 「政府信息公开工作年度报告」, spaces and character width aside, quotation marks around the
//! title aside. Anything else after the year is flagged, with the difference named when it is a
//! common one: 「政府信息公开年度报告」 (no 工作), 「…年报」, 「政务公开…」.
//!
//! The agency before the year is `title-agency-missing`'s; a title without a year is
//! `title-year-missing`'s and is not judged here.
//!
//! ## 检查内容
//! 年份（「2023年」或「2023年度」，阿拉伯数字或汉字数字）之后，标题应恰为「政府信息公开工作年度报
//! 告」，不计空格、全角半角和标题外的引号。年份之后是其他写法的，予以标记；属于常见差异的写明差异：
//! 「政府信息公开年度报告」（缺「工作」）、「……年报」、「政务公开……」。
//!
//! 年份之前的机关归 `title-agency-missing`；没有年份的标题归 `title-year-missing`，这里不作判断。
//!
//! ## Why it matters
//! The template fixes the title so that reports are found and filed under one name on every
//! government website and in the national and provincial portals; a different title is a small
//! formal defect (info) that assessors of 格式规范 count.
//!
//! ## 为何重要
//! 模板统一规定标题，使各级政府网站和全国、省级平台都以同一名称查找和归档报告；标题不同是轻微的格式
//! 问题（提示），但「格式规范」的评估会计入。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 (and 〔2019〕60号): the report is 「政府信息公开工作年度报告」
//! (《条例》第四十九条, 第五十条 name it so); S6: 格式规范.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号（及〔2019〕60号）：报告名称为「政府信息公开工作年度报告」（《条例》第四
//! 十九条、第五十条即如此称呼）；S6：格式规范。
//!
//! ## Flagged
//! ```text
//! 市司法局2023年度政府信息公开年度报告
//! ```
//!
//! ## Accepted
//! ```text
//! 北关区司法局 2023 年政府信息公开工作年度报告
//! 乌拉特中旗司法局2023年政府信息
//! 公开工作年度报告
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct TitleForm;

/// What follows the year in the template's title.
const EXPECTED: &str = "政府信息公开工作年度报告";

/// The Chinese numerals a year may be written in (「二〇二三年」).
const YEAR_NUMERALS: [char; 12] = [
    '〇', '○', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九',
];

/// Quotation marks and brackets that may wrap a title.
const WRAPPERS: &[char] = &['《', '》', '“', '”', '"', '「', '」', '『', '』'];

impl Rule for TitleForm {
    crate::rule_meta!(
        "title-form",
        TitleAndDates,
        Info,
        "标题不符合模板格式",
        "Title not in the template's form"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(title) = &report.title else { return };
        if title.year.is_none() {
            return;
        }
        // Most titles are in the template's form: their characters are placed only to mark one
        // that is not.
        let compact = title.compact(&report.doc);
        let Some(year_end) = year_end(&compact) else {
            return;
        };
        let suffix = compact[year_end..].trim_end_matches(WRAPPERS);
        if suffix == EXPECTED {
            return;
        }
        let from = compact[..year_end].chars().count();
        let len = suffix.chars().count();
        let placed = title.placed_chars(&report.doc);
        let location = match placed.get(from) {
            Some(&(_, line, column)) => {
                let on_line = placed[from..from + len]
                    .iter()
                    .take_while(|p| p.1 == line)
                    .last()
                    .map_or(1, |last| last.2 - column + 1);
                Location::span(line, column, on_line)
            }
            None => Location::lines(title.line, title.last_line),
        };
        let form = Form {
            title: title.text.clone(),
            suffix: suffix.to_string(),
        };
        findings.report(
            Finding::typed(location, form)
                .evidence("title", title.text.clone())
                .evidence("found", suffix)
                .evidence("expected", EXPECTED)
                .key(suffix),
        );
    }
}

/// A `title` that reads `suffix` after the year, not the template's words.
#[derive(Debug)]
struct Form {
    title: String,
    suffix: String,
}

impl Message for Form {
    fn message(&self, lang: Lang) -> String {
        let (title, suffix) = (&self.title, &self.suffix);
        let (hint_zh, hint_en) = hint(suffix);
        match lang {
            Lang::Zh => format!(
                "标题「{title}」不符合模板格式「<机关名称>YYYY年政府信息公开工作年度报告」：年份后为「{suffix}」，应为「{EXPECTED}」{hint_zh}"
            ),
            Lang::En => format!(
                "the title 「{title}」 is not in the template's form 「<agency>YYYY年政府信息公开工作年度报告」: after the year it reads 「{suffix}」 where 「{EXPECTED}」 is expected{hint_en}"
            ),
        }
    }
}

/// Where the title's year ends in its compact folded text, after its 年 and a 度 that follows:
/// the end of the leftmost match of `(?:[0-9]{4}|[〇○零一二三四五六七八九]{4})年度?`, found
/// from each 年 by the four characters before it. A regular expression's search cost more
/// than the rest of the rule on a title of thirty characters (its engine's set-up and the
/// reverse search for the start); test `year_end_is_the_patterns`. The first 年 with four
/// digits or numerals before it ends the leftmost match: a match ending at a later 年 starts
/// after this one (its four characters hold no 年).
fn year_end(compact: &str) -> Option<usize> {
    compact.match_indices('年').find_map(|(at, mark)| {
        let before = &compact.as_bytes()[..at];
        let digits = before.len() >= 4 && before[before.len() - 4..].iter().all(u8::is_ascii_digit);
        let numerals = || {
            let last = compact[..at].chars().rev().take(4);
            last.filter(|c| YEAR_NUMERALS.contains(c)).count() == 4
        };
        (digits || numerals()).then(|| {
            let end = at + mark.len();
            if compact[end..].starts_with('度') {
                end + '度'.len_utf8()
            } else {
                end
            }
        })
    })
}

/// The common differences, named.
fn hint(suffix: &str) -> (&'static str, &'static str) {
    if suffix == "政府信息公开年度报告" {
        ("（缺少「工作」）", " (「工作」 is missing)")
    } else if suffix.contains("政务公开") {
        (
            "（「政务公开」应为「政府信息公开」）",
            " (「政务公开」 for 「政府信息公开」)",
        )
    } else if suffix.ends_with("年报") {
        (
            "（「年报」应为「年度报告」）",
            " (「年报」 for 「年度报告」)",
        )
    } else {
        ("", "")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::year_end;
    use crate::flag::Flag;
    use crate::i18n::Lang;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    fn flags_of(title: &str) -> Vec<Flag> {
        let text = format!("{title}\n一、总体情况\n概述。");
        let report = parse_text(&text, SourceEncoding::Utf8);
        let selection = RuleSelection::only("title-form");
        run(&report, &selection)
    }

    #[test]
    fn the_template_form_passes() {
        for title in [
            "北关区司法局 2023 年政府信息公开工作年度报告",
            "北关区司法局2023年度政府信息公开工作年度报告",
            "乌拉特中旗司法局2023年政府信息\n公开工作年度报告",
            "淮安市人民政府\n2024 年政府信息公开工作年度报告",
            "《某县司法局二〇二三年政府信息公开工作年度报告》",
            "司法局2020年政府信息公开工作年度报告",
        ] {
            assert!(flags_of(title).is_empty(), "{title}");
        }
    }

    #[test]
    fn another_form_is_flagged_after_the_year() {
        let flags = flags_of("市司法局2023年度政府信息公开年度报告");
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].location.line, Some(1));
        assert_eq!(flags[0].location.column, Some(11));
        assert_eq!(flags[0].location.len, Some(10));
        assert!(flags[0].message.get(Lang::Zh).contains("缺少「工作」"));
        let flags = flags_of("沭阳县发展和改革局2023年政府信息公开年度报告");
        assert_eq!(flags.len(), 1);
        let flags = flags_of("某区2023年政务公开工作年度报告");
        assert!(flags[0].message.get(Lang::Zh).contains("「政务公开」应为"));
    }

    proptest! {
        /// The year found by hand ends where the pattern it replaced ends, on texts made of
        /// years and parts of years in digits and numerals, 年, 度 and other characters (ASCII,
        /// ideographs, a full-width digit): years of three, four and more digits or numerals.
        #[test]
        fn year_end_is_the_patterns(
            text in crate::document::texts_of(
                &[
                    "2023", "202", "0", "9", "二〇二三", "〇二三", "○", "零", "九", "十", "年",
                    "度", "a", "政", "报", "\u{4E5B}", "\u{5E73}", "２",
                ],
                0..16,
            )
        ) {
            let pattern = regex::Regex::new(r"(?:[0-9]{4}|[〇○零一二三四五六七八九]{4})年度?")
                .expect("valid regex");
            prop_assert_eq!(year_end(&text), pattern.find(&text).map(|m| m.end()), "{}", text);
        }
    }

    #[test]
    fn years_end_after_their_year_and_du() {
        assert_eq!(year_end("某局2023年度报告"), Some("某局2023年度".len()));
        assert_eq!(year_end("某局二〇二三年报告"), Some("某局二〇二三年".len()));
        assert_eq!(year_end("12年2023年"), Some("12年2023年".len()));
        assert_eq!(year_end("二〇二年2023年度"), Some("二〇二年2023年度".len()));
        assert_eq!(year_end("某局政府信息公开年度报告"), None);
    }

    #[test]
    fn a_title_without_a_year_is_not_judged() {
        assert!(flags_of("某县司法局政府信息公开年度报告").is_empty());
    }
}
