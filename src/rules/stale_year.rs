//! This year's work written under last year's date (「编制2022年主动公开基本目录」 in a 2023
//! report).
//!
//! 本年度的工作写成了上一年的年份（2023年度报告中的「编制2022年主动公开基本目录」）。
//!
//! ## What it checks
//! In a report for year Y, two ways of putting the year's own work under Y−1, a common trace of
//! a report rewritten from last year's:
//! - **planning documents for Y−1** drawn up this year: 「编制/制定/印发/出台/修订/更新/梳理/
//!   完善 Y−1年(度) … 目录/工作要点/工作计划/工作方案/实施方案」, within one clause;
//! - **a sentence that opens on Y−1 with the agency as subject**: 「Y−1年，我局/本机关/我单位/
//!   <the agency's name> …」, unless the sentence compares (相比, 较, 同比, 增长, 下降, 上年,
//!   去年 …), turns to this year (今年, 本年) or also names Y.
//!
//! Not flagged: comparisons (「较2022年增长」, 「与2022年相比」), 「上年结转」, titles of documents
//! and laws (「《2022年…》」), document numbers (「〔2022〕」), last year's annual report or
//! final accounts published this year (「发布2022年度报告」 names no planning document), and
//! plans for Y+1 (「2024年，我局将…」 in a 2023 report, rules.md B10 trap 9). When the
//! statistics period is Y−1, or the text writes Y−1 more than twice as often as Y, the report
//! year itself is in doubt and nothing is flagged here (the period and title rules speak to it).
//!
//! ## 检查内容
//! 在Y年度的报告中，查找两种把本年度工作写在Y−1年名下的写法，这是照上年报告改写的常见痕迹：
//! - **本年度编制Y−1年的计划类文件**：在同一分句内出现「编制/制定/印发/出台/修订/更新/梳理/完善 Y−1
//!   年（度）……目录/工作要点/工作计划/工作方案/实施方案」；
//! - **以Y−1年开头、以本机关为主语的句子**：「Y−1年，我局/本机关/我单位/<机关名称>……」，除非句子是
//!   在比较（相比、较、同比、增长、下降、上年、去年……）、转而说本年（今年、本年），或同时写到Y年。
//!
//! 以下不标记：比较（「较2022年增长」「与2022年相比」）、「上年结转」、文件和法律的名称（「《2022
//! 年……》」）、文号（「〔2022〕」）、本年发布的上年年度报告或决算（「发布2022年度报告」不是计划类文
//! 件），以及对Y+1年的计划（2023年度报告中的「2024年，我局将……」，rules.md B10陷阱9）。统计期限为Y−
//! 1年，或正文中Y−1出现的次数超过Y的两倍时，报告年度本身就存疑，这里不作标记（由统计期限和标题的规
//! 则处理）。
//!
//! ## Why it matters
//! The statistics and the narrative cover the report year. A year left over from the previous
//! report is the most visible sign of a report copied forward (S9–S14: 重复率90%), and it states
//! something false about when the work was done.
//!
//! ## 为何重要
//! 统计数据和文字叙述都应针对报告年度。残留上年的年份，是照搬往年报告最显眼的迹象（S9–S14：重复率
//! 90%），而且对工作完成的时间作了不实的表述。
//!
//! ## Authority
//! 《条例》第五十条 (the report covers the previous calendar year's work); 国办公开办函〔2021〕
//! 30号 (「内容雷同、敷衍塞责」 as grounds for accountability); S6: 真实客观、文字严谨.
//!
//! ## 依据
//! 《条例》第五十条（报告上一公历年度的工作）；国办公开办函〔2021〕30号（「内容雷同、敷衍塞责」作为
//! 追责的情形）；S6：真实客观、文字严谨。
//!
//! ## Flagged
//! ```text
//! （三）政府信息管理。一是严格按照公文公开属性审查制度……编制2022年主动公开基本目录，明确主动公开范围。
//! ```
//!
//! ## Accepted
//! ```text
//! 2023年共收到申请5件，较2022年增长2件。
//! 2024年，我局将继续按照政府公开要求，加强组织领导。
//! ```

use memchr::memmem::Finder;

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::Report;
use crate::rules::shared::lines_holding;
use crate::rules::{Finding, Findings, Message, Rule};
use crate::text::Line;

pub struct StaleYear;

/// Verbs of drawing up a planning document.
const VERBS: [&str; 9] = [
    "编制", "制定", "制订", "印发", "出台", "修订", "更新", "梳理", "完善",
];

/// Planning documents that are drawn up for the year they name.
const PLANS: [&str; 5] = ["目录", "工作要点", "工作计划", "工作方案", "实施方案"];

/// Self-references of the agency at the start of a sentence.
const SELF: [&str; 20] = [
    "我局",
    "本局",
    "我单位",
    "本单位",
    "本机关",
    "我机关",
    "我委",
    "本委",
    "我办",
    "本办",
    "我厅",
    "本厅",
    "我中心",
    "我部门",
    "本部门",
    "我院",
    "我县",
    "我区",
    "我市",
    "我旗",
];

/// Words that make a sentence a comparison with the earlier year.
const COMPARISONS: [&str; 14] = [
    "相比", "相较", "较", "对比", "同比", "增长", "下降", "减少", "增加", "持平", "上年", "去年",
    "今年", "本年",
];

/// The longest clause (in characters) between the year and the planning document.
const MAX_CLAUSE_CHARS: usize = 24;

impl Rule for StaleYear {
    crate::rule_meta!(
        "stale-year",
        TextVsTables,
        Warning,
        "本年度工作误写为上一年度",
        "This year's work dated to the previous year"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(year) = report.year else { return };
        let this = format!("{year}");
        let previous = format!("{}", year - 1);
        let agency = report.agency.as_deref().unwrap_or("");
        let mut found = Vec::new();
        // One search of the whole text tells the lines that name the year before; its
        // searcher, made once, finds the year on each of them.
        let previous_year = Finder::new(previous.as_bytes());
        let naming_previous =
            lines_holding(&report.doc, &previous_year).filter(|l| !report.is_table_line(l.no));
        for line in naming_previous {
            let mut titles = BookTitles::default();
            for at in previous_year.find_iter(line.folded.as_bytes()) {
                let Some(after_year) = year_end(line.folded, at, previous.len()) else {
                    continue;
                };
                if titles.inside(line.folded, at) {
                    continue;
                }
                let stale = plan_for(line.folded, at, after_year)
                    .map(|span| (span, Kind::Plan))
                    .or_else(|| {
                        opening(line.folded, at, after_year, agency, &this)
                            .map(|span| (span, Kind::Opening))
                    });
                if let Some((span, kind)) = stale {
                    found.push((line, span, kind));
                }
            }
        }
        if found.is_empty() || year_in_doubt(report, year) {
            return;
        }
        for (line, (start, end), kind) in found {
            report_one(&line, start, end, kind, year, findings);
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Plan,
    Opening,
}

/// Whether the report year itself is in doubt: the statistics period is the year before, or
/// the prose names the year before more than twice as often as the report year.
fn year_in_doubt(report: &Report, year: i32) -> bool {
    let year_of = |d: &Option<crate::report::DateMention>| d.as_ref().and_then(|d| d.year);
    if report
        .period
        .as_ref()
        .is_some_and(|p| year_of(&p.start) == Some(year - 1) && year_of(&p.end) == Some(year - 1))
    {
        return true;
    }
    let folded = report.doc.folded();
    let count = |y: i32| folded.matches(y.to_string().as_str()).count();
    count(year - 1) > 2 * count(year)
}

/// The byte offset after 「YYYY年」 or 「YYYY 年度」 at `at`, when the digits are a year of their
/// own (not part of a longer number).
fn year_end(folded: &str, at: usize, len: usize) -> Option<usize> {
    if folded[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    let rest = &folded[at + len..];
    let trimmed = rest.trim_start();
    let after = trimmed.strip_prefix('年')?;
    let after = after.strip_prefix('度').unwrap_or(after);
    Some(folded.len() - after.len())
}

/// Whether offsets of a line are inside 《…》 (a title of a document or law): more 《 than 》
/// before them. Asked at increasing offsets, it reads the line once (counting from the start
/// of the line for every year would be quadratic on a crawled report's one long line).
#[derive(Default)]
struct BookTitles {
    /// How far the line was read, and 《 minus 》 up to there.
    read: usize,
    open: isize,
}

impl BookTitles {
    /// Whether byte offset `at` of `line` (at or after the last one asked) is inside 《…》.
    fn inside(&mut self, line: &str, at: usize) -> bool {
        for c in line[self.read..at].chars() {
            match c {
                '《' => self.open += 1,
                '》' => self.open -= 1,
                _ => {}
            }
        }
        self.read = at;
        self.open > 0
    }
}

/// 「编制2022年主动公开基本目录」: the verb's start and the plan's end.
fn plan_for(folded: &str, at: usize, after_year: usize) -> Option<(usize, usize)> {
    let before = folded[..at].trim_end();
    let before = before.strip_suffix('了').unwrap_or(before);
    let verb = VERBS.iter().find(|v| before.ends_with(*v))?;
    let start = before.len() - verb.len();
    let clause: String = folded[after_year..]
        .chars()
        .take_while(|c| !"。；;，,！!？?：:".contains(*c))
        .take(MAX_CLAUSE_CHARS)
        .collect();
    if clause.contains("年度报告") || clause.contains("年报") {
        return None;
    }
    let end = PLANS
        .iter()
        .filter_map(|p| clause.find(p).map(|i| i + p.len()))
        .min()?;
    Some((start, after_year + end))
}

/// 「2022年，我局…」 opening a sentence that does not compare: the year's start and the
/// self-reference's end.
fn opening(
    folded: &str,
    at: usize,
    after_year: usize,
    agency: &str,
    this: &str,
) -> Option<(usize, usize)> {
    let before = folded[..at].trim_end();
    let opens =
        before.is_empty() || before.ends_with(['。', ';', '；', '!', '！', '?', '？', ':', '：']);
    if !opens {
        return None;
    }
    let rest = folded[after_year..].trim_start();
    let rest = rest.strip_prefix([',', '，'])?.trim_start();
    let subject = SELF
        .iter()
        .copied()
        .chain((!agency.is_empty()).then_some(agency))
        .find(|s| rest.starts_with(s))?;
    let sentence_end = folded[after_year..]
        .find(['。', ';', '；', '!', '！', '?', '？'])
        .map_or(folded.len(), |i| after_year + i);
    let sentence = &folded[after_year..sentence_end];
    if COMPARISONS.iter().any(|c| sentence.contains(c)) || sentence.contains(this) {
        return None;
    }
    let subject_start = folded.len() - rest.len();
    Some((at, subject_start + subject.len()))
}

fn report_one(
    line: &Line<'_>,
    start: usize,
    end: usize,
    kind: Kind,
    year: i32,
    findings: &mut Findings<'_>,
) {
    let column = line.column_of(start);
    let len = line.folded[start..end].chars().count();
    let written = line.raw_chars(column as usize - 1, len);
    let key: String = line.folded[start..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let previous = year - 1;
    let stale = Stale {
        kind,
        year,
        written: written.to_string(),
    };
    findings.report(
        Finding::typed(Location::span(line.no, column, len as u32), stale)
            .evidence("found", written)
            .evidence("report_year", year)
            .evidence("year_written", previous)
            .key(key),
    );
}

/// The report of `year` dates this year's work (of `kind`, as `written`) in the year before.
#[derive(Debug)]
struct Stale {
    kind: Kind,
    year: i32,
    written: String,
}

impl Message for Stale {
    fn message(&self, lang: Lang) -> String {
        let Stale {
            kind,
            year,
            written,
        } = self;
        let previous = year - 1;
        match (kind, lang) {
            (Kind::Plan, Lang::Zh) => format!(
                "{year}年度报告中写「{written}」：本年度制定的文件标为{previous}年，应为{year}年（是否沿用了上一年度的报告？）"
            ),
            (Kind::Plan, Lang::En) => format!(
                "the {year} report says 「{written}」: a document drawn up this year is dated {previous}; expected {year} (text carried over from last year's report?)"
            ),
            (Kind::Opening, Lang::Zh) => format!(
                "{year}年度报告中以「{written}」叙述本机关工作：工作年份写为{previous}年，应为{year}年（是否沿用了上一年度的报告？）"
            ),
            (Kind::Opening, Lang::En) => format!(
                "the {year} report tells the agency's work as 「{written}」: the year is {previous} where {year} is expected (text carried over from last year's report?)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::Flag;
    use crate::i18n::Lang;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    fn flags_of(body: &str) -> Vec<Flag> {
        let text = format!(
            "某县司法局2023年政府信息公开工作年度报告\n本报告统计期限为2023年1月1日至2023年12月31日。\n一、总体情况\n2023年，某县司法局认真贯彻落实《条例》。\n{body}"
        );
        let report = parse_text(&text, SourceEncoding::Utf8);
        let selection = RuleSelection::only("stale-year");
        run(&report, &selection)
    }

    use crate::rules::test_support::found_at as found;

    #[test]
    fn book_titles_read_along_a_line_agree_with_counting_from_its_start() {
        let line = "按《关于《2022年要点》的通知》，2022年《条例》》2022年《未闭合2022年";
        let mut titles = super::BookTitles::default();
        for (at, _) in line.char_indices() {
            let before = &line[..at];
            let counted = before.matches('《').count() > before.matches('》').count();
            assert_eq!(titles.inside(line, at), counted, "at {at}");
        }
    }

    #[test]
    fn last_years_plans_and_openings_are_flagged() {
        let flags = flags_of(
            "（三）政府信息管理。一是严格审查，编制2022年主动公开基本目录，明确范围。\n2022年，我局共发布信息29条。\n（五）监督保障。2022 年度，某县司法局调整了领导小组。",
        );
        assert_eq!(
            found(&flags),
            [
                (5, 18, "编制2022年主动公开基本目录".to_string()),
                (6, 1, "2022年，我局".to_string()),
                (7, 9, "2022 年度，某县司法局".to_string()),
            ]
        );
        assert!(flags[0].message.get(Lang::Zh).contains("应为2023年"));
    }

    #[test]
    fn comparisons_titles_numbers_and_next_year_pass() {
        for body in [
            "2023年共收到申请5件，较2022年增长2件，与2022年相比有所增加。",
            "上年结转申请0件。",
            "按照《2022年政务公开工作要点》和（国办函〔2022〕1号）要求。",
            "2024年，我局将继续加强组织领导。",
            "2022年，我局共收到申请3件，2023年增至5件。",
            "及时发布2022年度政府信息公开工作年度报告和2022年部门决算。",
            "编制《2022年主动公开目录》。",
            "截至2022年12月31日，我局现行有效规范性文件3件。",
        ] {
            let flags = flags_of(body);
            assert!(flags.is_empty(), "{body}: {flags:?}");
        }
    }

    #[test]
    fn a_report_mostly_about_the_earlier_year_is_not_judged() {
        let selection = RuleSelection::only("stale-year");
        let text = "某县司法局2023年政府信息公开工作年度报告\n一、总体情况\n2022年，我局编制2022年主动公开目录。2022年共收到申请3件。";
        let report = parse_text(text, SourceEncoding::Utf8);
        assert!(run(&report, &selection).is_empty());
        let text = "某县司法局2023年政府信息公开工作年度报告\n本报告统计期限为2022年1月1日至2022年12月31日。\n一、总体情况\n2022年，我局编制2022年主动公开目录。";
        let report = parse_text(text, SourceEncoding::Utf8);
        assert!(run(&report, &selection).is_empty());
    }

    proptest::proptest! {
        /// The year's searcher made once finds on a line the years `str::match_indices` finds:
        /// the same non-overlapping occurrences (a year's first digit may be its last, as in
        /// 2022022), among digits, parts of years, 年 and full-width digits.
        #[test]
        fn the_years_searcher_finds_what_match_indices_finds(
            text in crate::document::texts_of(
                &[
                    "2022", "2023", "202", "2", "0", "22", "年", "度", "，", "２０２２", "编制",
                ],
                0..24,
            )
        ) {
            let searcher = memchr::memmem::Finder::new("2022");
            let found: Vec<usize> = searcher.find_iter(text.as_bytes()).collect();
            let expected: Vec<usize> = text.match_indices("2022").map(|(at, _)| at).collect();
            proptest::prop_assert_eq!(found, expected, "{}", text);
        }
    }
}
