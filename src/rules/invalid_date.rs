//! A date that does not exist in the calendar.
//!
//! 日历上不存在的日期。
//!
//! ## What it checks
//! Every date the parser reads (the start and end of the statistics period, the signature or
//! publication date) exists: the month is 1–12 and the day is within the month
//! (「2023年2月30日」, 「2023年4月31日」 and 「2023年13月1日」 fail; 「2024年2月29日」 passes).
//! An end date without a year is judged in the start's year.
//!
//! ## 检查内容
//! 解析出的每个日期（统计期限的起止日期、落款或发布日期）都真实存在：月份在1至12之间，日在该月天数
//! 之内（「2023年2月30日」「2023年4月31日」「2023年13月1日」不通过；「2024年2月29日」通过）。截止日
//! 期未写年份的，按起始日期的年份判断。
//!
//! ## Why it matters
//! An impossible date cannot be compared with anything: the period's order and year, and the
//! publication deadline, cannot be checked. It is always a typing error.
//!
//! ## 为何重要
//! 不存在的日期无法与任何日期比较：统计期限的先后和年份、公布期限都无从核对。这总是录入错误。
//!
//! ## Authority
//! S6: 数据精确、文字严谨; DB51/T 2660—2019 §2.1 (the period's dates).
//!
//! ## 依据
//! S6：数据精确、文字严谨；DB51/T 2660—2019 第2.1条（统计期限的日期）。
//!
//! ## Flagged
//! ```text
//! 本报告统计期限为2023年1月1日至2023年12月32日。
//! ```
//!
//! ## Accepted
//! ```text
//! 本报告统计期限为2024年1月1日至2024年12月31日。
//! ```

use crate::flag::Location;
use crate::report::dates::days_in_month;
use crate::report::{DateMention, Report};
use crate::rules::{Finding, Findings, Rule};

pub struct InvalidDate;

impl Rule for InvalidDate {
    crate::rule_meta!(
        "invalid-date",
        TitleAndDates,
        Error,
        "日期不存在",
        "Date does not exist"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let period = report.period.as_ref();
        let dates = [
            (
                period.and_then(|p| p.start.as_ref()),
                "统计期限的开始日期",
                "the period's start date",
                "start",
            ),
            (
                period.and_then(|p| p.end.as_ref()),
                "统计期限的结束日期",
                "the period's end date",
                "end",
            ),
            (
                report.signature.as_ref(),
                "落款（发布）日期",
                "the signature date",
                "signature",
            ),
        ];
        for (date, zh, en, role) in dates {
            let Some(date) = date else { continue };
            if !date.is_impossible() {
                continue;
            }
            let (why_zh, why_en) = why(date);
            findings.report(
                Finding::new(
                    Location::span(date.line, date.column, date.len),
                    format!("{zh}「{}」不是存在的日期：{why_zh}", date.raw),
                    format!("{en} 「{}」 does not exist: {why_en}", date.raw),
                )
                .evidence("role", role)
                .evidence("written", date.parts_key())
                .key(role)
                .key(date.parts_key()),
            );
        }
    }
}

fn why(date: &DateMention) -> (String, String) {
    let month = date.month.unwrap_or_default();
    if !(1..=12).contains(&month) {
        return (
            format!("没有{month}月"),
            format!("there is no month {month}"),
        );
    }
    let year = date.year.unwrap_or_default();
    let days = days_in_month(year, month);
    (
        format!("{year}年{month}月只有{days}天"),
        format!("{year}-{month:02} has {days} days"),
    )
}
