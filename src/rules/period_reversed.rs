//! A statistics period that ends before it begins.
//!
//! 统计期限的截止日期早于起始日期。
//!
//! ## What it checks
//! The statistics period sentence (统计期限 / 统计时限 / 统计时间) names a start and an end
//! date; the end must not come before the start. An end date written without a year takes the
//! start's year (「2023年1月1日至12月31日」), and an end date without 日 is read as written
//! (「至2024年12月31」 is 2024-12-31), so that a cut-off sentence is still compared here while
//! `period-malformed` reports the cut.
//!
//! ## 检查内容
//! 统计期限的表述（统计期限/统计时限/统计时间）写明起始和截止日期；截止日期不得早于起始日期。截止日
//! 期未写年份的，取起始日期的年份（「2023年1月1日至12月31日」）；截止日期缺「日」字的，按所写读取
//! （「至2024年12月31」即2024年12月31日），这样被截断的句子在这里仍会比较，截断本身由
//! `period-malformed` 报告。
//!
//! ## Why it matters
//! A reversed period is an impossible statement of what the figures cover: every number in the
//! tables is then unanchored. It is almost always a year typed wrongly in the start or the end.
//!
//! ## 为何重要
//! 首尾颠倒的统计期限，对数字覆盖范围的说明是不可能成立的：表格中的每个数字都失去了时间依据。这几乎
//! 总是起始或截止日期的年份写错了。
//!
//! ## Authority
//! 《政府信息公开条例》第五十条 (the report covers the previous year); DB51/T 2660—2019 §2.1
//! (the period is 1月1日 to 12月31日 of the report year); S6: 数据精确、文字严谨.
//!
//! ## 依据
//! 《政府信息公开条例》第五十条（报告上一年度的情况）；DB51/T 2660—2019 第2.1条（统计期限为报告年度
//! 的1月1日至12月31日）；S6：数据精确、文字严谨。
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
use crate::i18n::Lang;
use crate::report::dates::CivilDate;
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

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
            Finding::typed(
                Location::span(end_mention.line, end_mention.column, end_mention.len),
                EndsBeforeStart { start, end },
            )
            .evidence("start", start.iso())
            .evidence("end", end.iso())
            .key(start.iso())
            .key(end.iso()),
        );
    }
}

/// A statistics period whose end comes before its start.
#[derive(Debug)]
struct EndsBeforeStart {
    start: CivilDate,
    end: CivilDate,
}

impl Message for EndsBeforeStart {
    fn message(&self, lang: Lang) -> String {
        let EndsBeforeStart { start, end } = self;
        match lang {
            Lang::Zh => format!(
                "统计期限的结束日期（{}）早于开始日期（{}）",
                end.zh(),
                start.zh()
            ),
            Lang::En => format!(
                "the statistics period ends ({}) before it begins ({})",
                end.iso(),
                start.iso()
            ),
        }
    }
}
