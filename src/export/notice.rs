//! The rectification notices (整改通知): what each agency is sent, built once and written as
//! Word ([`super::docx`]), HTML and Markdown, so that the three say the same thing.
//!
//! A notice follows the order of an official document (GB/T 9704): document number, title,
//! addressee, body, a table of the flags per report, then the deadline, the contact, the issuing
//! office and the date. The reader is the agency, not the auditor: rules appear by their title
//! in the catalogue (never by code), places as the report's table, row, column or section, and
//! evidence in words.

use chrono::{Datelike, Days, NaiveDate};

use super::row::{self, by_agency, Column};
use super::{ExportOptions, StatusFilter};
use crate::i18n::Lang;
use crate::triage::ReviewRow;

/// One agency's notice, every text already safe of control characters (not yet escaped for a
/// markup language).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// 发文字号 (某政办函〔2024〕3号), when `[notice]` gives a prefix.
    pub number: Option<String>,
    pub title: String,
    /// 主送机关: `某某局：`.
    pub addressee: String,
    pub intro: String,
    pub reports: Vec<NoticeReport>,
    /// The closing paragraphs: total, deadline, contact.
    pub closing: Vec<String>,
    /// 发文机关署名, when `[notice]` gives one.
    pub issuer: Option<String>,
    /// 成文日期: 2024年5月6日.
    pub date: String,
}

/// The flags of one report in a notice.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeReport {
    /// The agency and the year: 乌拉特中旗司法局2023年政府信息公开工作年度报告, and the
    /// report's status when it has one.
    pub heading: String,
    /// The rows of the table, each as many cells as [`Notice::headings`].
    pub rows: Vec<Vec<String>>,
}

/// The notices of the selected rows, one per agency in the order agencies first appear.
pub fn notices(rows: &[&ReviewRow], options: &ExportOptions) -> Vec<Notice> {
    let lang = options.lang;
    let settings = &options.notice;
    let columns = columns(options.status);
    by_agency(rows)
        .iter()
        .enumerate()
        .map(|(index, group)| {
            let agency = group.agency.map(row::plain);
            let reports = group
                .reports
                .iter()
                .map(|report| NoticeReport {
                    heading: with_status(
                        report_heading(agency.as_deref(), report.year, lang),
                        report.rows.first().map(|r| row::report_status(r, lang)),
                        lang,
                    ),
                    rows: report
                        .rows
                        .iter()
                        .map(|r| {
                            columns
                                .iter()
                                .map(|&c| row::cell(r, c, options).text())
                                .collect()
                        })
                        .collect(),
                })
                .collect();
            let mut closing = vec![total(group.len(), lang)];
            if options.status == StatusFilter::Confirmed {
                closing.push(deadline(options.date, settings.deadline_days, lang));
            }
            if let Some(contact) = &settings.contact {
                closing.push(match lang {
                    Lang::Zh => format!("联系人：{}", row::plain(contact)),
                    Lang::En => format!("Contact: {}", row::plain(contact)),
                });
            }
            Notice {
                number: settings.number_prefix.as_ref().map(|prefix| {
                    format!(
                        "{}〔{}〕{}号",
                        row::plain(prefix),
                        options.date.year(),
                        index + 1
                    )
                }),
                title: title(options.status, lang).to_string(),
                addressee: addressee(agency.as_deref(), lang),
                intro: intro(options.status, lang),
                reports,
                closing,
                issuer: settings.issuer.as_deref().map(row::plain),
                date: date(options.date, lang),
            }
        })
        .collect()
}

/// The headings of a notice's table: the number, then [`columns`].
pub fn headings(status: StatusFilter, lang: Lang) -> Vec<&'static str> {
    std::iter::once(lang.pick("序号", "No."))
        .chain(columns(status).iter().map(|c| c.heading(lang)))
        .collect()
}

/// The columns of a notice's table (the status only when not every row is confirmed).
pub fn columns(status: StatusFilter) -> Vec<Column> {
    let mut columns = vec![
        Column::Location,
        Column::RuleTitle,
        Column::Severity,
        Column::Message,
        Column::Evidence,
    ];
    if status != StatusFilter::Confirmed {
        columns.push(Column::Status);
    }
    columns.push(Column::Note);
    columns
}

/// Only confirmed flags make a rectification notice; other selections are a flag list.
pub fn title(status: StatusFilter, lang: Lang) -> &'static str {
    match status {
        StatusFilter::Confirmed => lang.pick(
            "关于政府信息公开工作年度报告问题整改的通知",
            "Notice of corrections to the annual report on government information disclosure",
        ),
        _ => lang.pick("问题清单", "Flag list"),
    }
}

/// The text of an export that selects nothing.
pub fn empty(lang: Lang) -> &'static str {
    lang.pick("没有符合条件的问题。", "No flags match.")
}

fn addressee(agency: Option<&str>, lang: Lang) -> String {
    let agency = agency.unwrap_or(lang.pick("（未识别单位）", "(agency not recognised)"));
    match lang {
        Lang::Zh => format!("{agency}："),
        Lang::En => format!("To {agency}:"),
    }
}

fn intro(status: StatusFilter, lang: Lang) -> String {
    match (status, lang) {
        (StatusFilter::Confirmed, Lang::Zh) => "经审核，贵单位报送的政府信息公开工作年度报告存在以下问题，请逐项核实整改，并重新报送。".to_string(),
        (StatusFilter::Confirmed, Lang::En) => "Our review of your annual report on government information disclosure found the problems below. Please check and correct each one, then submit the report again.".to_string(),
        (StatusFilter::All, Lang::Zh) => "以下为各状态的全部问题。".to_string(),
        (StatusFilter::All, Lang::En) => "Flags of every status.".to_string(),
        (other, Lang::Zh) => format!("以下为状态为「{}」的问题。", other.label(lang)),
        (other, Lang::En) => format!("Flags with status “{}”.", other.label(lang)),
    }
}

/// A report by its agency and year, as people name it.
fn report_heading(agency: Option<&str>, year: Option<i32>, lang: Lang) -> String {
    let agency = agency.unwrap_or(lang.pick("（未识别单位）", "(agency not recognised)"));
    match (year, lang) {
        (Some(year), Lang::Zh) => format!("{agency}{year}年政府信息公开工作年度报告"),
        (Some(year), Lang::En) => format!("{agency}: annual report for {year}"),
        (None, Lang::Zh) => format!("{agency}政府信息公开工作年度报告（年度未识别）"),
        (None, Lang::En) => format!("{agency}: annual report (year not recognised)"),
    }
}

/// A report's heading with its status, when it has one: 「……年度报告（退回整改：……）」.
fn with_status(heading: String, status: Option<String>, lang: Lang) -> String {
    match status.filter(|s| !s.is_empty()) {
        None => heading,
        Some(status) => match lang {
            Lang::Zh => format!("{heading}（{status}）"),
            Lang::En => format!("{heading} ({status})"),
        },
    }
}

fn total(count: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("以上共 {count} 个问题。"),
        Lang::En if count == 1 => "1 problem in total.".to_string(),
        Lang::En => format!("{count} problems in total."),
    }
}

fn deadline(from: NaiveDate, days: u32, lang: Lang) -> String {
    let due = from
        .checked_add_days(Days::new(days.into()))
        .unwrap_or(from);
    match lang {
        Lang::Zh => format!(
            "请于{}前完成整改，将整改情况和更正后的年度报告报送我单位。",
            date(due, lang)
        ),
        Lang::En => format!(
            "Please make the corrections and send us the corrected report by {}.",
            date(due, lang)
        ),
    }
}

/// A date as official documents write it: 2024年5月6日 / 6 May 2024.
fn date(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
        Lang::En => day.format("%-d %B %Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_and_dates_read_as_in_official_documents() {
        let day = NaiveDate::from_ymd_opt(2024, 5, 6).unwrap();
        assert_eq!(date(day, Lang::Zh), "2024年5月6日");
        assert_eq!(date(day, Lang::En), "6 May 2024");
        assert!(deadline(day, 30, Lang::Zh).contains("2024年6月5日前"));
    }

    #[test]
    fn reports_are_named_by_agency_and_year() {
        assert_eq!(
            report_heading(Some("北关区司法局"), Some(2023), Lang::Zh),
            "北关区司法局2023年政府信息公开工作年度报告"
        );
        assert!(report_heading(None, None, Lang::En).contains("not recognised"));
    }
}
