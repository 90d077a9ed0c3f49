//! A statistics period that ends before it begins.
//!
//! ## What it checks
//! The statistics period sentence (统计期限 / 统计时限 / 统计时间) names a start and an end
//! date; the end must not come before the start. An end date written without a year takes the
//! start's year (「2023年1月1日至12月31日」), and an end date without 日 is read as written
//! (「至2024年12月31」 is 2024-12-31), so that a cut-off sentence is still compared here while
//! `period-malformed` reports the cut.
//!
//! ## Why it matters
//! A reversed period is an impossible statement of what the figures cover: every number in the
//! tables is then unanchored. It is almost always a year typed wrongly in the start or the end.
//!
//! ## Authority
//! 《政府信息公开条例》第五十条 (the report covers the previous year); DB51/T 2660—2019 §2.1
//! (the period is 1月1日 to 12月31日 of the report year); S6: 数据精确、文字严谨.
//!
//! ## Flagged
//! ```text
//! 报告统计期限为2023年1月1日起至2022年12月31日止。
//! ```
//!
//! ## Accepted
//! ```text
//! 本报告所列数据的统计期限为2023年1月1日至12月31日止。
//! ```

use crate::flag::Location;
use crate::report::Report;
use crate::rules::{Finding, Findings, Rule};

pub struct PeriodReversed;

impl Rule for PeriodReversed {
    crate::rule_meta!(
        "period-reversed",
        TitleAndDates,
        Error,
        "统计期限首尾颠倒",
        "Statistics period ends before it begins"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(period) = &report.period else { return };
        let Some(start) = period.start.as_ref().and_then(|d| d.date()) else {
            return;
        };
        let Some(end_mention) = &period.end else {
            return;
        };
        let Some(end) = end_mention.tolerant_end_date() else {
            return;
        };
        if end >= start {
            return;
        }
        findings.report(
            Finding::new(
                Location::span(end_mention.line, end_mention.column, end_mention.len),
                format!(
                    "统计期限的结束日期（{}）早于开始日期（{}）",
                    end.zh(),
                    start.zh()
                ),
                format!(
                    "the statistics period ends ({}) before it begins ({})",
                    end.iso(),
                    start.iso()
                ),
            )
            .evidence("start", start.iso())
            .evidence("end", end.iso())
            .key(start.iso())
            .key(end.iso()),
        );
    }
}
