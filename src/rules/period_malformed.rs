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
use crate::report::{DateMention, Period, Report};
use crate::rules::{Finding, Findings, Rule};

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
        let (zh, en) = problem.describe();
        let location = match problem.date() {
            Some(d) => Location::span(d.line, d.column, d.len),
            None => Location::span(period.line, period.column, period.span_len()),
        };
        let mut finding = Finding::new(
            location,
            format!("统计期限的表述「{}」{zh}，应为两个完整日期（如「2023年1月1日至2023年12月31日」）", period.text),
            format!(
                "the statistics period 「{}」 {en}; it should give two complete dates (e.g. 「2023年1月1日至2023年12月31日」)",
                period.text
            ),
        )
        .evidence("text", period.text.clone())
        .evidence("problem", problem.code());
        if let Some(start) = &period.start {
            finding = finding.evidence("start", start.raw.clone());
        }
        if let Some(end) = &period.end {
            finding = finding.evidence("end", end.raw.clone());
        }
        let written = problem.date().map(|d| d.parts_key()).unwrap_or_default();
        findings.report(finding.key(problem.code()).key(written));
    }
}

/// The first thing wrong with the period.
enum Problem<'a> {
    NoDates,
    NoStart,
    /// The end is missing; `true` when the sentence stops right after 至.
    NoEnd(bool),
    Incomplete(&'static str, &'static str, &'a DateMention),
    Unterminated(&'static str, &'static str, &'a DateMention),
}

impl<'a> Problem<'a> {
    fn of(period: &'a Period) -> Option<Problem<'a>> {
        let judge = |zh, en, d: &'a DateMention, truncated: bool| {
            if !d.is_complete() {
                Some(Problem::Incomplete(zh, en, d))
            } else if truncated {
                Some(Problem::Unterminated(zh, en, d))
            } else {
                None
            }
        };
        match (&period.start, &period.end) {
            (None, None) => Some(Problem::NoDates),
            (None, Some(_)) => Some(Problem::NoStart),
            (Some(start), None) => judge("开始日期", "start date", start, period.start_truncated)
                .or(Some(Problem::NoEnd(period.end_truncated))),
            (Some(start), Some(end)) => {
                judge("开始日期", "start date", start, period.start_truncated)
                    .or_else(|| judge("结束日期", "end date", end, period.end_truncated))
            }
        }
    }

    fn date(&self) -> Option<&'a DateMention> {
        match self {
            Problem::Incomplete(_, _, d) | Problem::Unterminated(_, _, d) => Some(d),
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

    fn describe(&self) -> (String, String) {
        match self {
            Problem::NoDates => ("中读不出日期".into(), "gives no dates".into()),
            Problem::NoStart => ("缺少开始日期".into(), "has no start date".into()),
            Problem::NoEnd(true) => (
                "在「至」之后中断，缺少结束日期".into(),
                "stops after 至, without its end date".into(),
            ),
            Problem::NoEnd(false) => ("缺少结束日期".into(), "has no end date".into()),
            Problem::Incomplete(zh, en, d) => {
                let missing_zh = missing_parts_zh(d);
                (
                    format!("的{zh}「{}」不完整（缺少{missing_zh}）", d.raw),
                    format!(
                        "has an incomplete {en} 「{}」 (no {})",
                        d.raw,
                        missing_parts_en(d)
                    ),
                )
            }
            Problem::Unterminated(zh, en, d) => (
                format!("的{zh}「{}」后缺少「日」，句子可能被截断", d.raw),
                format!(
                    "has a {en} 「{}」 without 日; the sentence may be cut off",
                    d.raw
                ),
            ),
        }
    }
}

fn missing_parts_zh(d: &DateMention) -> String {
    let mut parts = Vec::new();
    if d.year.is_none() {
        parts.push("年");
    }
    if d.month.is_none() {
        parts.push("月");
    }
    if d.day.is_none() {
        parts.push("日");
    }
    parts.join("、")
}

fn missing_parts_en(d: &DateMention) -> String {
    let mut parts = Vec::new();
    if d.year.is_none() {
        parts.push("year");
    }
    if d.month.is_none() {
        parts.push("month");
    }
    if d.day.is_none() {
        parts.push("day");
    }
    parts.join(", ")
}
