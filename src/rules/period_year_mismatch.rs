//! A statistics period that is not the report year.
//!
//! 统计期限不是报告年度。
//!
//! ## What it checks
//! The statistics period covers the report year (the year in the title), 1月1日 to 12月31日.
//! A start or end in another year is an error; a period inside the report year that does not
//! cover all of it (「2023年3月1日至2023年12月31日」) is info. An end date without a year takes
//! the start's year, and an end cut off before 日 is read as written (「2024年12月31」 is
//! 2024-12-31), so a truncated sentence is judged here on what it says.
//!
//! ## 检查内容
//! 统计期限覆盖报告年度（标题中的年份）的1月1日至12月31日。起始或截止日期在其他年份的，为错误；在报
//! 告年度之内但没有覆盖全年的（「2023年3月1日至2023年12月31日」），为提示。截止日期未写年份的，取起
//! 始日期的年份；截止日期在「日」字前被截断的，按所写读取（「2024年12月31」即2024年12月31日），因此
//! 被截断的句子在这里按其字面判断。
//!
//! ## Why it matters
//! A period in another year is a sign of a report copied from the previous year and not updated,
//! or of a mistyped year: either way the figures are not anchored to the year they report. A
//! partial year leaves months unreported.
//!
//! ## 为何重要
//! 统计期限落在其他年份，说明报告照抄上年而未更新，或年份写错：无论哪种，数字都没有落在它所报告的年
//! 度上。只覆盖部分年度，则有月份未报告。
//!
//! ## Authority
//! 《政府信息公开条例》第四十九条 (the report covers the previous year); DB51/T 2660—2019 §2.1
//! (the period is 1月1日 to 12月31日 of the report year); S13: reports copied from earlier years.
//!
//! ## 依据
//! 《政府信息公开条例》第四十九条（报告上一年度的情况）；DB51/T 2660—2019 第2.1条（统计期限为报告年
//! 度的1月1日至12月31日）；S13：照抄往年的报告。
//!
//! ## Flagged
//! ```text
//! 乌拉特中旗司法局2023年政府信息公开工作年度报告
//! ……报告统计期限为2023年1月1日起至2022年12月31日止。
//! ```
//!
//! ## Accepted
//! ```text
//! 聊城市司法局2023年度政府信息公开工作年度报告
//! ……本报告所列数据的统计期限为2023年1月1日至12月31日止。
//! ```

use crate::flag::{Location, Severity};
use crate::i18n::Lang;
use crate::report::{CivilDate, DateMention, Period, Report};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct PeriodYearMismatch;

impl Rule for PeriodYearMismatch {
    crate::rule_meta!(
        "period-year-mismatch",
        TitleAndDates,
        Error,
        "统计期限与报告年度不符",
        "Statistics period is not the report year"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(year) = report.year else { return };
        let Some(period) = &report.period else { return };
        if let Some(stated) = period.whole_year {
            if stated != year {
                findings.report(whole_year_finding(period, stated, year));
            }
            return;
        }
        let wrong = [&period.start, &period.end]
            .into_iter()
            .flatten()
            .find(|d| d.year.is_some_and(|y| y != year));
        if let Some(wrong) = wrong {
            findings.report(other_year_finding(period, wrong, year));
            return;
        }
        let Some(start) = period.start.as_ref().and_then(|d| d.tolerant_start_date()) else {
            return;
        };
        let Some(end) = period.end.as_ref().and_then(|d| d.tolerant_end_date()) else {
            return;
        };
        let (Some(first), Some(last)) = (CivilDate::new(year, 1, 1), CivilDate::new(year, 12, 31))
        else {
            return;
        };
        if start == first && end == last {
            return;
        }
        findings.report(
            Finding::typed(
                Location::span(period.line, period.column, period.span_len()),
                Mismatch::Partial {
                    start,
                    end,
                    year,
                    first,
                    last,
                },
            )
            .severity(Severity::Info)
            .evidence("start", start.iso())
            .evidence("end", end.iso())
            .evidence("report_year", year)
            .key("partial")
            .key(start.iso())
            .key(end.iso()),
        );
    }
}

fn other_year_finding(period: &Period, wrong: &DateMention, year: i32) -> Finding {
    let written = |d: &Option<DateMention>| d.as_ref().map_or("—".to_string(), |d| d.raw.clone());
    let (start, end) = (written(&period.start), written(&period.end));
    let found = wrong.year.unwrap_or_default();
    let ends = period.end.as_ref() == Some(wrong);
    let iso = |d: &Option<DateMention>| {
        d.as_ref()
            .and_then(|d| d.date().or_else(|| d.tolerant_end_date()))
            .map_or(String::new(), |d| d.iso())
    };
    Finding::typed(
        Location::span(wrong.line, wrong.column, wrong.len),
        Mismatch::OtherYear {
            start,
            end,
            ends,
            found,
            year,
        },
    )
    .evidence("start", iso(&period.start))
    .evidence("end", iso(&period.end))
    .evidence("report_year", year)
    .key(key(&period.start))
    .key(key(&period.end))
}

fn key(d: &Option<DateMention>) -> String {
    d.as_ref().map_or(String::new(), |d| d.parts_key())
}

fn whole_year_finding(period: &Period, stated: i32, year: i32) -> Finding {
    Finding::typed(
        Location::span(period.line, period.column, period.span_len()),
        Mismatch::WholeYear { stated, year },
    )
    .evidence("period_year", stated)
    .evidence("report_year", year)
    .key(stated.to_string())
}

/// How the statistics period misses the report year `year`.
#[derive(Debug)]
enum Mismatch {
    /// The dates are in the year but cover only `start` to `end` of `first` to `last`.
    Partial {
        start: CivilDate,
        end: CivilDate,
        year: i32,
        first: CivilDate,
        last: CivilDate,
    },
    /// The start or (`ends`) the end, as written in `start` and `end`, is in the year `found`.
    OtherYear {
        start: String,
        end: String,
        ends: bool,
        found: i32,
        year: i32,
    },
    /// The period is stated as the whole year `stated`.
    WholeYear { stated: i32, year: i32 },
}

impl Message for Mismatch {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Mismatch::Partial { start, end, year, first, last }, Lang::Zh) => format!(
                "统计期限（{}至{}）只覆盖{year}年的一部分，报告年度的统计期限应为{}至{}",
                start.zh(),
                end.zh(),
                first.zh(),
                last.zh()
            ),
            (Mismatch::Partial { start, end, year, first, last }, Lang::En) => format!(
                "the statistics period ({} to {}) covers only part of {year}; the report year's period is {} to {}",
                start.iso(),
                end.iso(),
                first.iso(),
                last.iso()
            ),
            (Mismatch::OtherYear { start, end, ends, found, year }, Lang::Zh) => format!(
                "统计期限（{start}至{end}）的{}在{found}年，与报告年度{year}年不符；应为{year}年1月1日至{year}年12月31日",
                if *ends { "结束日期" } else { "开始日期" }
            ),
            (Mismatch::OtherYear { start, end, ends, found, year }, Lang::En) => format!(
                "the statistics period ({start} to {end}) {} in {found}, not in the report year {year}; it should be {year}-01-01 to {year}-12-31",
                if *ends { "ends" } else { "starts" }
            ),
            (Mismatch::WholeYear { stated, year }, Lang::Zh) => {
                format!("统计期限为{stated}年，与报告年度{year}年不符")
            }
            (Mismatch::WholeYear { stated, year }, Lang::En) => {
                format!("the statistics period is the year {stated}, not the report year {year}")
            }
        }
    }
}
