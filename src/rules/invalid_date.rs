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
use crate::i18n::Lang;
use crate::report::dates::days_in_month;
use crate::report::{DateMention, Report};
use crate::rules::{Finding, Findings, Message, Rule};

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
            (period.and_then(|p| p.start.as_ref()), Role::Start),
            (period.and_then(|p| p.end.as_ref()), Role::End),
            (report.signature.as_ref(), Role::Signature),
        ];
        for (date, role) in dates {
            let Some(date) = date else { continue };
            if !date.is_impossible() {
                continue;
            }
            findings.report(
                Finding::typed(
                    Location::span(date.line, date.column, date.len),
                    Impossible {
                        role,
                        written: date.raw.clone(),
                        why: why(date),
                    },
                )
                .evidence("role", role.key())
                .evidence("written", date.parts_key())
                .key(role.key())
                .key(date.parts_key()),
            );
        }
    }
}

/// Which date of the report.
#[derive(Debug, Clone, Copy)]
enum Role {
    Start,
    End,
    Signature,
}

impl Role {
    /// The role in the evidence and the fingerprint.
    fn key(self) -> &'static str {
        match self {
            Role::Start => "start",
            Role::End => "end",
            Role::Signature => "signature",
        }
    }

    fn name(self, lang: Lang) -> &'static str {
        match self {
            Role::Start => lang.pick("统计期限的开始日期", "the period's start date"),
            Role::End => lang.pick("统计期限的结束日期", "the period's end date"),
            Role::Signature => lang.pick("落款（发布）日期", "the signature date"),
        }
    }
}

/// A date that does not exist, as written, and why.
#[derive(Debug)]
struct Impossible {
    role: Role,
    written: String,
    why: Why,
}

/// Why a date does not exist.
#[derive(Debug)]
enum Why {
    NoSuchMonth(u32),
    /// The day is past the month's last, `days`.
    PastMonthEnd {
        year: i32,
        month: u32,
        days: u32,
    },
}

impl Message for Impossible {
    fn message(&self, lang: Lang) -> String {
        let (what, written) = (self.role.name(lang), &self.written);
        let why = match (&self.why, lang) {
            (Why::NoSuchMonth(month), Lang::Zh) => format!("没有{month}月"),
            (Why::NoSuchMonth(month), Lang::En) => format!("there is no month {month}"),
            (Why::PastMonthEnd { year, month, days }, Lang::Zh) => {
                format!("{year}年{month}月只有{days}天")
            }
            (Why::PastMonthEnd { year, month, days }, Lang::En) => {
                format!("{year}-{month:02} has {days} days")
            }
        };
        match lang {
            Lang::Zh => format!("{what}「{written}」不是存在的日期：{why}"),
            Lang::En => format!("{what} 「{written}」 does not exist: {why}"),
        }
    }
}

fn why(date: &DateMention) -> Why {
    let month = date.month.unwrap_or_default();
    if !(1..=12).contains(&month) {
        return Why::NoSuchMonth(month);
    }
    let year = date.year.unwrap_or_default();
    Why::PastMonthEnd {
        year,
        month,
        days: days_in_month(year, month),
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    #[test]
    fn each_impossible_date_says_which_and_why_in_both_languages() {
        let report = parse_text(
            "某县司法局2023年政府信息公开工作年度报告\n\
             本报告所列数据的统计期限为2023年13月1日至2023年12月31日止。\n\
             一、总体情况\n概述。\n某县司法局\n2024年2月30日",
            SourceEncoding::Utf8,
        );
        let messages: Vec<[String; 2]> = run(&report, &RuleSelection::only("invalid-date"))
            .into_iter()
            .map(|f| {
                [
                    f.message.get(crate::i18n::Lang::Zh).to_string(),
                    f.message.get(crate::i18n::Lang::En).to_string(),
                ]
            })
            .collect();
        assert_eq!(
            messages,
            [
                [
                    "统计期限的开始日期「2023年13月1日」不是存在的日期：没有13月",
                    "the period's start date 「2023年13月1日」 does not exist: there is no month 13",
                ],
                [
                    "落款（发布）日期「2024年2月30日」不是存在的日期：2024年2月只有29天",
                    "the signature date 「2024年2月30日」 does not exist: 2024-02 has 29 days",
                ],
            ]
        );
    }
}
