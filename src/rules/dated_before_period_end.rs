//! A report dated before the period it reports on has ended.
//!
//! ## What it checks
//! The signature or publication date is after the end of the statistics period. When the
//! period cannot be read, or its end is not in the report year (that is `period-year-mismatch`),
//! the date is compared with 12月31日 of the report year instead.
//!
//! ## Why it matters
//! A report signed before its period ends cannot contain the whole year's figures: either the
//! date is mistyped (often the previous year kept from a template), or the report was written
//! before the year was over.
//!
//! ## Authority
//! 《政府信息公开条例》第四十九条 (a report on the previous year, published after it);
//! DB51/T 2660—2019 §2.1 (the period ends on 12月31日).
//!
//! ## Flagged
//! ```text
//! 北关区司法局2023年政府信息公开工作年度报告
//! ……
//! 北关区司法局
//! 2023年12月28日
//! ```
//!
//! ## Accepted
//! ```text
//! 北关区司法局2023年政府信息公开工作年度报告
//! ……
//! 北关区司法局
//! 2024年1月15日
//! ```

use crate::flag::Location;
use crate::report::{CivilDate, Report};
use crate::rules::{Finding, Findings, Rule};

pub struct DatedBeforePeriodEnd;

impl Rule for DatedBeforePeriodEnd {
    crate::rule_meta!(
        "dated-before-period-end",
        TitleAndDates,
        Error,
        "落款日期早于统计期限结束",
        "Dated before the statistics period ends"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(mention) = &report.signature else {
            return;
        };
        let Some(date) = mention.date() else { return };
        let period_end = report
            .period
            .as_ref()
            .and_then(|p| p.end.as_ref())
            .and_then(|d| d.tolerant_end_date())
            .filter(|end| report.year.is_none_or(|y| end.year == y));
        let year_end = report.year.and_then(|y| CivilDate::new(y, 12, 31));
        let (end, from_period) = match (period_end, year_end) {
            (Some(end), _) => (end, true),
            (None, Some(end)) => (end, false),
            (None, None) => return,
        };
        if date > end {
            return;
        }
        let (what_zh, what_en) = if from_period {
            ("统计期限的结束日期", "the statistics period's end")
        } else {
            ("报告年度的最后一天", "the last day of the report year")
        };
        findings.report(
            Finding::new(
                Location::span(mention.line, mention.column, mention.len),
                format!(
                    "落款（发布）日期{}不晚于{what_zh}{}，报告应在统计期限结束后落款",
                    date.zh(),
                    end.zh()
                ),
                format!(
                    "the report is dated {}, not after {what_en} ({}); it should be dated after the period ends",
                    date.iso(),
                    end.iso()
                ),
            )
            .evidence("date", date.iso())
            .evidence("period_end", end.iso())
            .evidence("from_period", from_period)
            .key(date.iso())
            .key(end.iso()),
        );
    }
}
