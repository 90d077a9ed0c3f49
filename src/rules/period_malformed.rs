//! A statistics period that does not read as two complete dates.
//!
//! 统计期限不能读作两个完整的日期。
//!
//! ## What it checks
//! The statistics period sentence names a start and an end date, each with year, month and
//! day, each ending in 日. An end date without a year takes the start's year
//! (「2023年1月1日至12月31日」 is fine); a period stated as a whole year (「统计期限为2023年度」)
//! is fine. A date without its day, an end date cut off before 日 (「至2024年12月31」), a
//! missing start or end, or a keyword with no date at all is flagged.
//!
//! ## 检查内容
//! 统计期限的表述写明起始和截止日期，各有年、月、日，并以「日」结尾。截止日期未写年份的，取起始日期
//! 的年份（「2023年1月1日至12月31日」没有问题）；以整年表述的统计期限（「统计期限为2023年度」）也没
//! 有问题。日期缺日、截止日期在「日」字前被截断（「至2024年12月31」）、缺起始或截止日期，或有关键词
//! 而没有任何日期的，予以标记。
//!
//! ## Why it matters
//! A cut-off period sentence is usually the visible end of a document that was truncated in
//! conversion or copy-paste, and an incomplete date leaves the period open to reading.
//!
//! ## 为何重要
//! 被截断的统计期限，通常是文档在转换或复制粘贴中被截断的可见痕迹；日期不完整，统计期限就有了不同的
//! 理解。
//!
//! ## Authority
//! DB51/T 2660—2019 §2.1 (the period is 1月1日 to 12月31日 of the report year); S6:
//! 数据精确、文字严谨.
//!
//! ## 依据
//! DB51/T 2660—2019 第2.1条（统计期限为报告年度的1月1日至12月31日）；S6：数据精确、文字严谨。
//!
//! ## Flagged
//! ```text
//! 本报告中所列数据的统计时限为2024年1月1日起至2024年12月31
//! ```
//!
//! ## Accepted
//! ```text
//! 本报告所列数据的统计期限为2023年1月1日至12月31日止。
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::{DateMention, Period, Report};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct PeriodMalformed;

impl Rule for PeriodMalformed {
    crate::rule_meta!(
        "period-malformed",
        TitleAndDates,
        Warning,
        "统计期限表述不完整",
        "Statistics period is incomplete"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(period) = &report.period else { return };
        if period.is_well_formed() {
            return;
        }
        let Some(problem) = Problem::of(period) else {
            return;
        };
        let location = match problem.date() {
            Some(d) => Location::span(d.line, d.column, d.len),
            None => Location::span(period.line, period.column, period.span_len()),
        };
        let code = problem.code();
        let written = problem.date().map(|d| d.parts_key()).unwrap_or_default();
        let mut finding = Finding::typed(
            location,
            Malformed {
                text: period.text.clone(),
                problem,
            },
        )
        .evidence("text", period.text.clone())
        .evidence("problem", code);
        if let Some(start) = &period.start {
            finding = finding.evidence("start", start.raw.clone());
        }
        if let Some(end) = &period.end {
            finding = finding.evidence("end", end.raw.clone());
        }
        findings.report(finding.key(code).key(written));
    }
}

/// The first thing wrong with the period.
#[derive(Debug)]
enum Problem {
    NoDates,
    NoStart,
    /// The end is missing; `true` when the sentence stops right after 至.
    NoEnd(bool),
    Incomplete(Which, DateMention),
    Unterminated(Which, DateMention),
}

/// Which date of the period.
#[derive(Debug, Clone, Copy)]
enum Which {
    Start,
    End,
}

impl Which {
    fn name(self, lang: Lang) -> &'static str {
        match self {
            Which::Start => lang.pick("开始日期", "start date"),
            Which::End => lang.pick("结束日期", "end date"),
        }
    }
}

impl Problem {
    fn of(period: &Period) -> Option<Problem> {
        let judge = |which, d: &DateMention, truncated: bool| {
            if !d.is_complete() {
                Some(Problem::Incomplete(which, d.clone()))
            } else if truncated {
                Some(Problem::Unterminated(which, d.clone()))
            } else {
                None
            }
        };
        match (&period.start, &period.end) {
            (None, None) => Some(Problem::NoDates),
            (None, Some(_)) => Some(Problem::NoStart),
            (Some(start), None) => judge(Which::Start, start, period.start_truncated)
                .or(Some(Problem::NoEnd(period.end_truncated))),
            (Some(start), Some(end)) => judge(Which::Start, start, period.start_truncated)
                .or_else(|| judge(Which::End, end, period.end_truncated)),
        }
    }

    fn date(&self) -> Option<&DateMention> {
        match self {
            Problem::Incomplete(_, d) | Problem::Unterminated(_, d) => Some(d),
            _ => None,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Problem::NoDates => "no-dates",
            Problem::NoStart => "no-start",
            Problem::NoEnd(_) => "no-end",
            Problem::Incomplete(..) => "incomplete",
            Problem::Unterminated(..) => "unterminated",
        }
    }

    /// What is wrong, to follow the period's text in a sentence.
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Problem::NoDates, _) => lang.pick("中读不出日期", "gives no dates").into(),
            (Problem::NoStart, _) => lang.pick("缺少开始日期", "has no start date").into(),
            (Problem::NoEnd(true), _) => lang
                .pick(
                    "在「至」之后中断，缺少结束日期",
                    "stops after 至, without its end date",
                )
                .into(),
            (Problem::NoEnd(false), _) => lang.pick("缺少结束日期", "has no end date").into(),
            (Problem::Incomplete(which, d), Lang::Zh) => format!(
                "的{}「{}」不完整（缺少{}）",
                which.name(lang),
                d.raw,
                missing_parts(d, lang)
            ),
            (Problem::Incomplete(which, d), Lang::En) => format!(
                "has an incomplete {} 「{}」 (no {})",
                which.name(lang),
                d.raw,
                missing_parts(d, lang)
            ),
            (Problem::Unterminated(which, d), Lang::Zh) => format!(
                "的{}「{}」后缺少「日」，句子可能被截断",
                which.name(lang),
                d.raw
            ),
            (Problem::Unterminated(which, d), Lang::En) => format!(
                "has a {} 「{}」 without 日; the sentence may be cut off",
                which.name(lang),
                d.raw
            ),
        }
    }
}

/// A statistics period sentence, as written, and the first thing wrong with it.
#[derive(Debug)]
struct Malformed {
    text: String,
    problem: Problem,
}

impl Message for Malformed {
    fn message(&self, lang: Lang) -> String {
        let (text, problem) = (&self.text, self.problem.describe(lang));
        match lang {
            Lang::Zh => format!(
                "统计期限的表述「{text}」{problem}，应为两个完整日期（如「2023年1月1日至2023年12月31日」）"
            ),
            Lang::En => format!(
                "the statistics period 「{text}」 {problem}; it should give two complete dates (e.g. 「2023年1月1日至2023年12月31日」)"
            ),
        }
    }
}

/// The parts a date lacks, named in `lang`: 「月、日」, "month, day".
fn missing_parts(d: &DateMention, lang: Lang) -> String {
    let parts = [
        (d.year.is_none(), lang.pick("年", "year")),
        (d.month.is_none(), lang.pick("月", "month")),
        (d.day.is_none(), lang.pick("日", "day")),
    ];
    parts
        .iter()
        .filter(|(missing, _)| *missing)
        .map(|(_, name)| *name)
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

#[cfg(test)]
mod tests {
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    fn messages(period: &str) -> Vec<[String; 2]> {
        let report = parse_text(
            &format!("某县司法局2023年政府信息公开工作年度报告\n{period}\n一、总体情况\n概述。"),
            SourceEncoding::Utf8,
        );
        run(&report, &RuleSelection::only("period-malformed"))
            .into_iter()
            .map(|f| {
                [
                    f.message.get(crate::i18n::Lang::Zh).to_string(),
                    f.message.get(crate::i18n::Lang::En).to_string(),
                ]
            })
            .collect()
    }

    #[test]
    fn each_problem_reads_right_in_both_languages() {
        let found: Vec<[String; 2]> = [
            "本报告所列数据的统计期限为2023年1月至2023年12月31日止。",
            "本报告所列数据的统计期限为2023年1月1日至",
            "本报告所列数据的统计期限为全年。",
        ]
        .iter()
        .flat_map(|p| messages(p))
        .collect();
        let should = "应为两个完整日期（如「2023年1月1日至2023年12月31日」）";
        let should_en = "it should give two complete dates (e.g. 「2023年1月1日至2023年12月31日」)";
        assert_eq!(
            found,
            [
                [
                    format!("统计期限的表述「统计期限为2023年1月至2023年12月31日止」的开始日期「2023年1月」不完整（缺少日），{should}"),
                    format!("the statistics period 「统计期限为2023年1月至2023年12月31日止」 has an incomplete start date 「2023年1月」 (no day); {should_en}"),
                ],
                [
                    format!("统计期限的表述「统计期限为2023年1月1日至」在「至」之后中断，缺少结束日期，{should}"),
                    format!("the statistics period 「统计期限为2023年1月1日至」 stops after 至, without its end date; {should_en}"),
                ],
                [
                    format!("统计期限的表述「统计期限为全年」中读不出日期，{should}"),
                    format!("the statistics period 「统计期限为全年」 gives no dates; {should_en}"),
                ],
            ]
        );
    }
}
