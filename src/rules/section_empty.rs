//! A section with no content, or only 「无」.
//!
//! 章节没有内容，或只写了「无」。
//!
//! ## What it checks
//! Sections 一、总体情况, 五、存在的主要问题及改进情况 and 六、其他需要报告的事项 say something.
//! A section is empty when its body (up to the next heading, leaving out a closing signature
//! and date) has no text, or only a bare denial: 「无」, 「无。」, 「暂无」, 「没有」,
//! 「本年度无其他需要报告的事项」 and the like.
//! - 一 and 五 empty: **error** (第五十条 requires an overview and the problems with their
//!   improvements).
//! - 六 empty: **warning** from the 2021 report year on (the 2021 template expects the
//!   信息处理费 position there), **info** for 2019 and 2020 reports. When the year is not
//!   known, the template version decides; when neither is known, info.
//!
//! Sections 二, 三 and 四 hold the tables (`table-missing` covers them). A sub-item of 总体情况
//! that says 「无」 (「（二）依申请公开：无」) does not make the section empty (`subsection-empty`).
//!
//! ## 检查内容
//! 「一、总体情况」「五、存在的主要问题及改进情况」和「六、其他需要报告的事项」都应有内容。章节正文
//! （到下一个标题为止，不含文末落款和日期）没有文字，或只有一句简单的否定：「无」「无。」「暂无」
//! 「没有」「本年度无其他需要报告的事项」之类，即为空。
//! - 一、五为空：**错误**（第五十条要求报告总体情况，以及存在的主要问题和改进情况）。
//! - 六为空：2021报告年度起为**警告**（2021年版模板要求在此说明信息处理费情况），2019、2020年度为**
//!   提示**。年度不明时，以模板版本为准；两者都不明时，为提示。
//!
//! 第二、三、四部分是表格（由 `table-missing` 检查）。总体情况的某个小项写「无」（「（二）依申请公
//! 开：无」）不使该章节为空（见 `subsection-empty`）。
//!
//! ## Why it matters
//! A bare 「无」 under 存在的主要问题及改进情况 is the defect provincial reviews list most often
//! (「未认真填写」): every agency has problems to report and improvements to describe. From 2021
//! on, 六 is where the report states whether 信息处理费 was charged.
//!
//! ## 为何重要
//! 「存在的主要问题及改进情况」下只写一个「无」，是省级检查最常列出的问题（「未认真填写」）：每个机
//! 关都有问题要报告、有改进要说明。自2021年起，第六部分是报告说明是否收取信息处理费的地方。
//!
//! ## Authority
//! 《政府信息公开条例》第五十条（四）（五）; 国办公开办函〔2021〕30号 (六 and the 信息处理费,
//! 国办函〔2020〕109号); S10: 「存在的主要问题及改进情况说明未认真填写」.
//!
//! ## 依据
//! 《政府信息公开条例》第五十条第（四）项、第（五）项；国办公开办函〔2021〕30号（第六部分与信息处理
//! 费，国办函〔2020〕109号）；S10：「存在的主要问题及改进情况说明未认真填写」。
//!
//! ## Flagged
//! ```text
//! 五、存在的主要问题及改进情况
//! 无
//! ```
//!
//! ## Accepted
//! ```text
//! 五、存在的主要问题及改进情况
//! 信息发布的及时性有待提高。下一步，我局将……
//! ```

use std::sync::LazyLock;

use regex::Regex;

use crate::flag::{Location, Severity};
use crate::i18n::Lang;
use crate::report::{Report, Section, SectionId, TemplateVersion};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct SectionEmpty;

/// A body that only says there is nothing, once spaces and punctuation are removed.
static NOTHING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:本(?:年度?|机关|单位|部门|局|委|办|院|府))?(?:暂无|无|没有|不涉及)(?:其他|其它)?(?:需要|需)?(?:报告|说明)?的?(?:事项|情况|内容)?|略|无此项|不适用|/|-+|—+)$",
    )
    .expect("valid regex")
});

/// The most characters [`NOTHING`] matches other than a run of dashes:
/// 「本年度」「不涉及」「其他」「需要」「报告」「的」「事项」.
const MAX_NOTHING_WORDS: usize = 15;

impl Rule for SectionEmpty {
    crate::rule_meta!(
        "section-empty",
        Completeness,
        Error,
        "章节内容为空",
        "Section empty"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        for id in [SectionId::Overview, SectionId::Problems, SectionId::Other] {
            let Some(section) = report.section(id) else {
                continue;
            };
            if has_substance(report, section) {
                continue;
            }
            let body = Body::of(report, section);
            if !body.is_nothing() {
                continue;
            }
            let severity = severity(report, id);
            let location = Location::lines(section.heading.line, body.last_line);
            let empty = Empty {
                id,
                heading: section.heading.raw.clone(),
                said: Said::of(&body.text),
            };
            findings.report(
                Finding::typed(location, empty)
                    .severity(severity)
                    .evidence("section", id.heading())
                    .evidence("body", body.text.clone())
                    .key(id.numeral())
                    .key(body.text.clone()),
            );
        }
    }
}

/// Section `id`, headed `heading`, says nothing or only a phrase without substance.
#[derive(Debug)]
struct Empty {
    id: SectionId,
    heading: String,
    said: Said,
}

impl Message for Empty {
    fn message(&self, lang: Lang) -> String {
        let Empty { id, heading, said } = self;
        let said = said.words(lang, ('`', '`'));
        match lang {
            Lang::Zh => format!("第{}部分「{heading}」{said}", id.numeral()),
            Lang::En => format!("section {} ({heading}) {said}", id.english()),
        }
    }
}

/// What an empty part of a report says: nothing, or only a phrase without substance
/// (「无」, 「暂无」). `section-empty` and `subsection-empty` word it alike.
#[derive(Debug)]
pub(super) enum Said {
    Nothing,
    Only(String),
}

impl Said {
    /// Nothing for an empty body, else the body.
    pub(super) fn of(body: &str) -> Said {
        if body.is_empty() {
            Said::Nothing
        } else {
            Said::Only(body.to_string())
        }
    }

    /// The words, the phrase quoted in English between `en_quotes`.
    pub(super) fn words(&self, lang: Lang, en_quotes: (char, char)) -> String {
        match (self, lang) {
            (Said::Nothing, _) => lang.pick("没有内容", "has no content").to_string(),
            (Said::Only(body), Lang::Zh) => format!("只有「{body}」"),
            (Said::Only(body), Lang::En) => {
                let (open, close) = en_quotes;
                format!("only says {open}{body}{close}")
            }
        }
    }
}

/// 一 and 五 are required content; 六 carries the fee statement from the 2021 template on.
fn severity(report: &Report, id: SectionId) -> Severity {
    if id != SectionId::Other {
        return Severity::Error;
    }
    let is_2021 = match report.year {
        Some(year) => year >= 2021,
        None => report.template == Some(TemplateVersion::V2021),
    };
    if is_2021 {
        Severity::Warning
    } else {
        Severity::Info
    }
}

/// The longest body that can still say nothing (「本年度无其他需要报告的事项」 and a signature
/// line and date): anything longer has content, and most sections are answered here without
/// building their text.
const MAX_NOTHING_CHARS: usize = 80;

/// Whether the section holds more text than any way of saying nothing.
fn has_substance(report: &Report, section: &Section) -> bool {
    more_than_nothing(
        &section.heading.run_in,
        report
            .doc
            .lines_in(section.body_first, section.body_last)
            // A blank line trims to nothing (its facts say so): not trimmed again.
            .filter(|line| !line.is_blank())
            .map(|line| line.folded),
    )
}

/// Whether the text run in on a heading and the lines after it hold more than
/// [`MAX_NOTHING_CHARS`] characters, the lines trimmed: read until the count passes it. A
/// line of more bytes than four times the characters still allowed is past it without being
/// counted (a character takes at most four bytes): the first line of 「总体情况」 is a long
/// paragraph, counted whole before.
fn more_than_nothing<'a>(run_in: &str, lines: impl Iterator<Item = &'a str>) -> bool {
    let mut chars = run_in.chars().count();
    for line in lines {
        let line = line.trim();
        if line.len() > MAX_NOTHING_CHARS.saturating_sub(chars).saturating_mul(4) {
            return true;
        }
        chars += line.chars().count();
        if chars > MAX_NOTHING_CHARS {
            return true;
        }
    }
    false
}

/// A section's body text, with any text run in on the heading's line, without the closing
/// signature.
struct Body {
    /// The lines' text, trimmed, joined by a space.
    text: String,
    /// The last line with content, or the heading's line.
    last_line: u32,
}

impl Body {
    fn of(report: &Report, section: &Section) -> Body {
        let mut lines: Vec<(u32, &str)> = report
            .doc
            .lines_in(section.body_first, section.body_last)
            .filter(|l| !l.is_blank())
            .map(|l| (l.no, l.raw.trim()))
            .collect();
        // The signature block closing the report is not the last section's content.
        if let Some(block) = &report.closing {
            if lines
                .last()
                .is_some_and(|(no, _)| block.date_line == Some(*no))
            {
                lines.pop();
                while lines.last().is_some_and(|(no, _)| block.contains(*no)) {
                    lines.pop();
                }
            }
        }
        let run_in = Some(section.heading.run_in.as_str()).filter(|r| !r.is_empty());
        Body {
            text: run_in
                .into_iter()
                .chain(lines.iter().map(|(_, raw)| *raw))
                .collect::<Vec<_>>()
                .join(" "),
            last_line: lines.last().map_or(section.heading.line, |(no, _)| *no),
        }
    }

    fn is_nothing(&self) -> bool {
        let bare = || {
            self.text
                .chars()
                .map(crate::text::fold_char)
                .filter(|&c| !c.is_whitespace() && !is_pause(c))
        };
        // Past MAX_NOTHING_WORDS characters only a run of dashes can still say nothing: most
        // bodies are answered here without being folded into a string for the pattern.
        if bare().nth(MAX_NOTHING_WORDS).is_some() && bare().any(|c| !matches!(c, '-' | '—')) {
            return false;
        }
        // A body holding a character of none of the pattern's words says something (the
        // pattern matches its words' characters only): most short bodies (「本年度未收取信息处
        // 理费。」) are answered so, and the pattern is built (~420 K instructions, once a run)
        // only when a body may match it.
        if bare().any(|c| !in_nothing_words(c)) {
            return false;
        }
        let bare: String = bare().collect();
        bare.is_empty() || NOTHING.is_match(&bare)
    }
}

/// Whether `c` is a character of [`NOTHING`]'s words (a test reads them off the pattern).
fn in_nothing_words(c: char) -> bool {
    matches!(
        c,
        '本' | '年'
            | '度'
            | '机'
            | '关'
            | '单'
            | '位'
            | '部'
            | '门'
            | '局'
            | '委'
            | '办'
            | '院'
            | '府'
            | '暂'
            | '无'
            | '没'
            | '有'
            | '不'
            | '涉'
            | '及'
            | '其'
            | '他'
            | '它'
            | '需'
            | '要'
            | '报'
            | '告'
            | '说'
            | '明'
            | '的'
            | '事'
            | '项'
            | '情'
            | '况'
            | '内'
            | '容'
            | '略'
            | '此'
            | '适'
            | '用'
            | '/'
            | '-'
            | '—'
    )
}

/// Whether `c` (folded) is a mark of a pause or an end that a body saying nothing may hold
/// (「无。」): 。 . ， , ； ; ： : ！ ! 、 — compared as characters, not searched in a string of
/// them for every character of a body.
fn is_pause(c: char) -> bool {
    matches!(
        c,
        '。' | '.' | '，' | ',' | '；' | ';' | '：' | ':' | '！' | '!' | '、'
    )
}

#[cfg(test)]
mod tests {
    use crate::flag::{Flag, Severity};
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::report::{DateMention, TemplateVersion};
    use crate::rules::{run, RuleSelection};

    fn flags_of(text: &str, year: Option<i32>, template: Option<TemplateVersion>) -> Vec<Flag> {
        let mut report = parse_text(text, SourceEncoding::Utf8);
        report.year = year;
        report.template = template;
        let selection = RuleSelection::only("section-empty");
        run(&report, &selection)
    }

    fn report(one: &str, five: &str, six: &str) -> String {
        format!(
            "一、总体情况\n{one}\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n{five}\n六、其他需要报告的事项\n{six}"
        )
    }

    #[test]
    fn sections_with_content_pass() {
        let text = report(
            "（一）主动公开：主动公开信息29条。\n（二）依申请公开：\n无",
            "信息发布不够及时。下一步将加强。",
            "本年度未收取信息处理费。\n\n\n某县司法局\n2024年1月11日",
        );
        assert!(flags_of(&text, Some(2023), None).is_empty());
    }

    #[test]
    fn the_longest_phrase_of_nothing_is_the_bound_of_the_quick_answer() {
        use super::{Body, MAX_NOTHING_WORDS, NOTHING};
        let longest = "本年度不涉及其他需要报告的事项";
        assert_eq!(longest.chars().count(), MAX_NOTHING_WORDS);
        assert!(NOTHING.is_match(longest));
        let body = |text: &str| Body {
            text: text.to_string(),
            last_line: 1,
        };
        assert!(body("本年度不涉及其他需要报告的事项。").is_nothing());
        assert!(body("———————————————— ——").is_nothing());
        assert!(body("- - - - - - - - - - - - - - - - -").is_nothing());
        assert!(!body("本年度不涉及其他需要报告的事项情况").is_nothing());
        assert!(!body("本年度未收取信息处理费。本年度认真落实上级要点。").is_nothing());
    }

    /// The characters of the pattern's words are those `in_nothing_words` accepts: every
    /// character of the pattern but its syntax, and no other.
    #[test]
    fn the_words_characters_are_the_pattern_s() {
        let pattern = super::NOTHING.as_str();
        let words: std::collections::BTreeSet<char> = pattern
            .chars()
            .filter(|c| !"^$()?:|+".contains(*c))
            .collect();
        assert!(words.contains(&'涉') && words.contains(&'—') && words.len() > 40);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(super::in_nothing_words(c), words.contains(&c), "{c:?}");
        }
    }

    proptest::proptest! {
        /// A body with a character outside the words is not one the pattern matches: the
        /// test before the pattern answers as the pattern, on bodies of its words and others.
        #[test]
        fn a_body_outside_the_words_is_not_nothing(
            text in crate::document::texts_of(
                &[
                    "本年度", "本", "无", "暂无", "没有", "不涉及", "其他", "需要", "报告", "的",
                    "事项", "情况", "略", "无此项", "不适用", "/", "-", "—", "。", " ", "未", "收取",
                    "费", "a", "1", "项目",
                ],
                0..8,
            )
        ) {
            let body = super::Body { text: text.clone(), last_line: 1 };
            let bare: String = text
                .chars()
                .map(crate::text::fold_char)
                .filter(|&c| !c.is_whitespace() && !super::is_pause(c))
                .collect();
            let by_pattern = bare.is_empty() || super::NOTHING.is_match(&bare);
            proptest::prop_assert_eq!(body.is_nothing(), by_pattern, "{:?}", text);
        }
    }

    /// The marks of a pause are the characters of the list the body's characters were
    /// searched in before, on every character of the Basic Multilingual Plane.
    #[test]
    fn the_pauses_are_the_listed_marks() {
        let listed = "。.，,；;：:！!、";
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            assert_eq!(super::is_pause(c), listed.contains(c), "{c:?}");
        }
    }

    proptest::proptest! {
        /// The count that stops at a long line's bytes answers as counting every character
        /// of the run-in text and the trimmed lines up to the bound.
        #[test]
        fn the_byte_bound_answers_as_the_count(
            run_in in "[无a。 ]{0,90}",
            lines in proptest::collection::vec("[ 无a本年度。\u{3000}😀é]{0,120}", 0..6),
        ) {
            let counted = {
                let mut chars = run_in.chars().count();
                lines.iter().any(|line| {
                    chars += line.trim().chars().count();
                    chars > super::MAX_NOTHING_CHARS
                })
            };
            let bounded = super::more_than_nothing(&run_in, lines.iter().map(String::as_str));
            proptest::prop_assert_eq!(bounded, counted);
        }
    }

    proptest::proptest! {
        /// A section's substance, its blank lines passed over, is what counting all its
        /// lines says, on sections of blank, whitespace-only and short lines.
        #[test]
        fn blank_lines_are_passed_over_as_counting_them_says(
            one in proptest::collection::vec("[ 无a。\u{3000}\t]{0,40}", 0..8),
            six in proptest::collection::vec("[ 无本年度费。\u{3000}\u{a0}]{0,30}", 0..8),
        ) {
            let text = report(&one.join("\n"), "无。", &six.join("\n"));
            let parsed = parse_text(&text, SourceEncoding::Utf8);
            for section in &parsed.sections {
                let counted = super::more_than_nothing(
                    &section.heading.run_in,
                    parsed
                        .doc
                        .lines_in(section.body_first, section.body_last)
                        .map(|line| line.folded),
                );
                proptest::prop_assert_eq!(
                    super::has_substance(&parsed, section),
                    counted,
                    "{:?}",
                    text
                );
            }
        }
    }

    #[test]
    fn a_bare_denial_in_five_is_an_error() {
        let text = report("概述。", "\n无。\n", "本年度未收取信息处理费。");
        let flags = flags_of(&text, Some(2023), None);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].severity, Severity::Error);
        assert_eq!(flags[0].location.line, Some(6));
        assert_eq!(flags[0].location.end_line, Some(8));
        let empty_one = "一、总体情况\n二、主动公开政府信息情况";
        let flags = flags_of(empty_one, Some(2023), None);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].evidence["body"], "");
    }

    #[test]
    fn six_depends_on_the_report_year() {
        let text = report("概述。", "问题。", "\n无\n\n某县司法局\n2024年1月11日");
        let severity = |year, template| flags_of(&text, year, template).first().map(|f| f.severity);
        assert_eq!(severity(Some(2023), None), Some(Severity::Warning));
        assert_eq!(severity(Some(2020), None), Some(Severity::Info));
        assert_eq!(
            severity(Some(2019), Some(TemplateVersion::V2021)),
            Some(Severity::Info)
        );
        assert_eq!(
            severity(None, Some(TemplateVersion::V2021)),
            Some(Severity::Warning)
        );
        assert_eq!(severity(None, None), Some(Severity::Info));
        let flags = flags_of(&text, Some(2023), None);
        assert_eq!(flags[0].evidence["body"], "无");
        let other = report("概述。", "问题。", "本年度无其他需要报告的事项。");
        assert_eq!(flags_of(&other, Some(2023), None).len(), 1);
    }

    #[test]
    fn the_signature_the_parser_found_is_not_content() {
        let text = report(
            "概述。",
            "问题。",
            "无\n某县司法局\n落款日期：2024年1月20日",
        );
        let mut parsed = parse_text(&text, SourceEncoding::Utf8);
        parsed.year = Some(2023);
        parsed.signature = Some(DateMention {
            line: 11,
            column: 6,
            len: 10,
            raw: "2024年1月20日".to_string(),
            year: Some(2024),
            month: Some(1),
            day: Some(20),
            year_inherited: false,
        });
        let selection = RuleSelection::only("section-empty");
        let flags = run(&parsed, &selection);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].evidence["body"], "无");
        // The front-matter parser finds the same signature on its own.
        assert_eq!(flags_of(&text, Some(2023), None).len(), 1);
    }

    #[test]
    fn text_run_in_on_the_heading_line_counts() {
        let base = report("概述。", "问题。", "");
        let run_in = base.replace(
            "六、其他需要报告的事项\n",
            "六、其他需要报告的事项：本年度未收取信息处理费。\n",
        );
        assert!(flags_of(&run_in, Some(2023), None).is_empty());
        let bare = base.replace("六、其他需要报告的事项\n", "六、其他需要报告的事项：无。\n");
        let flags = flags_of(&bare, Some(2023), None);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].evidence["body"], "无。");
    }
}
