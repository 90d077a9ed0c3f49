//! A report dated before the period it reports on has ended.
//!
//! 报告的落款日期早于统计期限截止日。
//!
//! ## What it checks
//! The signature or publication date is after the end of the statistics period. When the
//! period cannot be read, or its end is not in the report year (that is `period-year-mismatch`),
//! the date is compared with 12月31日 of the report year instead.
//!
//! ## 检查内容
//! 落款日期或发布日期晚于统计期限的截止日期。统计期限无法读取，或截止日期不在报告年度内（归
//! `period-year-mismatch`）时，改为与报告年度的12月31日比较。
//!
//! ## Why it matters
//! A report signed before its period ends cannot contain the whole year's figures: either the
//! date is mistyped (often the previous year kept from a template), or the report was written
//! before the year was over.
//!
//! ## 为何重要
//! 统计期限结束前落款的报告，不可能包含全年的数据：要么日期写错（常见的是沿用了模板中的上一年），要
//! 么报告在年度结束前就已写成。
//!
//! ## Authority
//! 《政府信息公开条例》第四十九条 (a report on the previous year, published after it);
//! DB51/T 2660—2019 §2.1 (the period ends on 12月31日).
//!
//! ## 依据
//! 《政府信息公开条例》第四十九条（报告上一年度的工作，于其后公布）；DB51/T 2660—2019 第2.1条（统计
//! 期限截至12月31日）。
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
use crate::i18n::Lang;
use crate::report::{CivilDate, Report};
use crate::rules::{Finding, Findings, Message, Rule};

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
        findings.report(
            Finding::typed(
                Location::span(mention.line, mention.column, mention.len),
                TooEarly {
                    date,
                    end,
                    from_period,
                },
            )
            .evidence("date", date.iso())
            .evidence("period_end", end.iso())
            .evidence("from_period", from_period)
            .key(date.iso())
            .key(end.iso()),
        );
    }
}

/// A report dated on or before the day its period ends.
#[derive(Debug)]
struct TooEarly {
    date: CivilDate,
    /// The period's end: the one the report states, or else the last day of the report year.
    end: CivilDate,
    from_period: bool,
}

impl Message for TooEarly {
    fn message(&self, lang: Lang) -> String {
        let TooEarly {
            date,
            end,
            from_period,
        } = self;
        let what = if *from_period {
            lang.pick("统计期限的结束日期", "the statistics period's end")
        } else {
            lang.pick("报告年度的最后一天", "the last day of the report year")
        };
        match lang {
            Lang::Zh => format!(
                "落款（发布）日期{}不晚于{what}{}，报告应在统计期限结束后落款",
                date.zh(),
                end.zh()
            ),
            Lang::En => format!(
                "the report is dated {}, not after {what} ({}); it should be dated after the period ends",
                date.iso(),
                end.iso()
            ),
        }
    }
}
