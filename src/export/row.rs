//! The row model every format shares: the columns, their headings, and the text of each cell.

use chrono::{DateTime, FixedOffset, Utc};

use super::ExportOptions;
use crate::flag::{Evidence, Location};
use crate::i18n::Lang;
use crate::sanitize;
use crate::triage::ReviewRow;

/// The columns of the flag list (xlsx sheet 问题清单, csv).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Agency,
    Year,
    File,
    Rule,
    Severity,
    Location,
    Message,
    Evidence,
    Status,
    Note,
    Reviewer,
    ReviewedAt,
}

impl Column {
    pub const ALL: [Column; 12] = [
        Column::Agency,
        Column::Year,
        Column::File,
        Column::Rule,
        Column::Severity,
        Column::Location,
        Column::Message,
        Column::Evidence,
        Column::Status,
        Column::Note,
        Column::Reviewer,
        Column::ReviewedAt,
    ];

    /// The heading.
    pub fn heading(self, lang: Lang) -> &'static str {
        match self {
            Column::Agency => lang.pick("单位", "Agency"),
            Column::Year => lang.pick("年度", "Year"),
            Column::File => lang.pick("文件", "File"),
            Column::Rule => lang.pick("规则", "Rule"),
            Column::Severity => lang.pick("级别", "Severity"),
            Column::Location => lang.pick("位置", "Location"),
            Column::Message => lang.pick("问题描述", "Problem"),
            Column::Evidence => lang.pick("证据", "Evidence"),
            Column::Status => lang.pick("状态", "Status"),
            Column::Note => lang.pick("批注", "Note"),
            Column::Reviewer => lang.pick("审核人", "Reviewer"),
            Column::ReviewedAt => lang.pick("审核时间", "Reviewed at"),
        }
    }

    /// A sensible width in a spreadsheet, in characters.
    pub fn width(self) -> f64 {
        match self {
            Column::Agency => 24.0,
            Column::Year => 7.0,
            Column::File => 28.0,
            Column::Rule => 24.0,
            Column::Severity => 8.0,
            Column::Location => 16.0,
            Column::Message => 60.0,
            Column::Evidence => 36.0,
            Column::Status => 9.0,
            Column::Note => 30.0,
            Column::Reviewer => 12.0,
            Column::ReviewedAt => 20.0,
        }
    }

    /// Whether the column holds long text that wraps.
    pub fn wraps(self) -> bool {
        matches!(self, Column::Message | Column::Evidence | Column::Note)
    }
}

/// The value of a cell: text (already made safe of control characters) or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(i64),
    Empty,
}

impl Cell {
    /// The cell as text (a number in decimal, empty as "").
    pub fn text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// The cells of a row, in [`Column::ALL`] order.
pub fn cells(row: &ReviewRow, options: &ExportOptions) -> Vec<Cell> {
    Column::ALL
        .iter()
        .map(|&column| cell(row, column, options))
        .collect()
}

/// One cell of a row.
pub fn cell(row: &ReviewRow, column: Column, options: &ExportOptions) -> Cell {
    let lang = options.lang;
    let text = |value: &str| {
        if value.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(value.to_string())
        }
    };
    match column {
        Column::Agency => text(&plain(row.agency.as_deref().unwrap_or(""))),
        Column::Year => row.year.map_or(Cell::Empty, |y| Cell::Number(y.into())),
        Column::File => text(&plain(&row.file)),
        Column::Rule => text(&plain(&row.code)),
        Column::Severity => row.severity.map_or(Cell::Empty, |s| text(s.label(lang))),
        Column::Location => text(&location(row.location, lang)),
        Column::Message => text(&multiline(row.message.get(lang))),
        Column::Evidence => text(&evidence(&row.evidence)),
        Column::Status => text(row.status.label(lang)),
        Column::Note => text(&multiline(row.verdict.note.as_deref().unwrap_or(""))),
        Column::Reviewer => text(&plain(row.verdict.user.as_deref().unwrap_or(""))),
        Column::ReviewedAt => text(&time(row.verdict.time, options.utc_offset)),
    }
}

/// Report text on one line: control characters replaced, tabs and newlines as spaces.
pub fn plain(text: &str) -> String {
    sanitize::for_terminal(text, false)
}

/// Report text that may keep its line breaks (messages, notes).
pub fn multiline(text: &str) -> String {
    sanitize::for_terminal(&text.replace("\r\n", "\n"), true)
}

/// Where a flag is, for people: 第7行第60列 / line 7, col 60.
pub fn location(location: Option<Location>, lang: Lang) -> String {
    let Some(location) = location else {
        return String::new();
    };
    if let Some(source) = location.source {
        return source.text(lang);
    }
    match (location.line, location.column, location.end_line) {
        (None, _, _) => lang.pick("全文", "whole report").to_string(),
        (Some(first), _, Some(last)) => match lang {
            Lang::Zh => format!("第{first}–{last}行"),
            Lang::En => format!("lines {first}–{last}"),
        },
        (Some(line), Some(column), None) => match lang {
            Lang::Zh => format!("第{line}行第{column}列"),
            Lang::En => format!("line {line}, col {column}"),
        },
        (Some(line), None, None) => match lang {
            Lang::Zh => format!("第{line}行"),
            Lang::En => format!("line {line}"),
        },
    }
}

/// Evidence on one line: `start: 2023-01-01; end: 2022-12-31`.
pub fn evidence(evidence: &Evidence) -> String {
    let parts: Vec<String> = evidence
        .iter()
        .map(|(name, value)| {
            let value = match value {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            format!("{name}: {value}")
        })
        .collect();
    plain(&parts.join("; "))
}

/// A decision time in the export's time zone, to the second.
pub fn time(time: Option<DateTime<Utc>>, offset: FixedOffset) -> String {
    time.map(|t| {
        t.with_timezone(&offset)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    })
    .unwrap_or_default()
}

/// Whether a spreadsheet would read text starting like this as a formula (or, for tab and
/// carriage return, shift it into another cell): `=`, `+`, `-`, `@`, tab, CR.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The rows of one report in a notice.
#[derive(Debug)]
pub struct ReportGroup<'a> {
    pub year: Option<i32>,
    pub file: &'a str,
    pub rows: Vec<&'a ReviewRow>,
}

/// The rows of one agency in a notice, by report.
#[derive(Debug)]
pub struct AgencyGroup<'a> {
    pub agency: Option<&'a str>,
    pub reports: Vec<ReportGroup<'a>>,
}

impl AgencyGroup<'_> {
    pub fn len(&self) -> usize {
        self.reports.iter().map(|r| r.rows.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Rows grouped by agency, then by report, in the order they first appear.
pub fn by_agency<'a>(rows: &[&'a ReviewRow]) -> Vec<AgencyGroup<'a>> {
    let mut groups: Vec<AgencyGroup<'a>> = Vec::new();
    for &row in rows {
        let agency = row.agency.as_deref();
        let index = match groups.iter().position(|g| g.agency == agency) {
            Some(index) => index,
            None => {
                groups.push(AgencyGroup {
                    agency,
                    reports: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let reports = &mut groups[index].reports;
        match reports
            .iter_mut()
            .find(|r| r.year == row.year && r.file == row.file)
        {
            Some(report) => report.rows.push(row),
            None => reports.push(ReportGroup {
                year: row.year,
                file: &row.file,
                rows: vec![row],
            }),
        }
    }
    groups
}

/// The fixed wording of the notices (Markdown and HTML).
pub mod notice {
    use super::super::StatusFilter;
    use crate::i18n::Lang;

    /// Only confirmed flags make a rectification notice; other selections are a flag list.
    pub fn title(status: StatusFilter, lang: Lang) -> &'static str {
        match status {
            StatusFilter::Confirmed => lang.pick("整改通知", "Rectification notice"),
            _ => lang.pick("问题清单", "Flag list"),
        }
    }

    pub fn addressee(agency: Option<&str>, lang: Lang) -> String {
        let agency = agency.unwrap_or(lang.pick("（未识别单位）", "(agency not recognised)"));
        match lang {
            Lang::Zh => format!("{agency}："),
            Lang::En => format!("To {agency}:"),
        }
    }

    pub fn intro(status: StatusFilter, lang: Lang) -> String {
        match (status, lang) {
            (StatusFilter::Confirmed, Lang::Zh) => "经审核，贵单位报送的政府信息公开工作年度报告存在以下问题，请逐项核实整改，并重新报送。".to_string(),
            (StatusFilter::Confirmed, Lang::En) => "Our review of your annual report on government information disclosure found the problems below. Please check and correct each one, then submit the report again.".to_string(),
            (StatusFilter::All, Lang::Zh) => "以下为各状态的全部问题。".to_string(),
            (StatusFilter::All, Lang::En) => "Flags of every status.".to_string(),
            (other, Lang::Zh) => format!("以下为状态为「{}」的问题。", other.label(lang)),
            (other, Lang::En) => format!("Flags with status “{}”.", other.label(lang)),
        }
    }

    pub fn report(year: Option<i32>, file: &str, lang: Lang) -> String {
        match (year, lang) {
            (Some(year), Lang::Zh) => format!("{year}年度报告（{file}）"),
            (Some(year), Lang::En) => format!("Report for {year} ({file})"),
            (None, Lang::Zh) => format!("报告（{file}）"),
            (None, Lang::En) => format!("Report ({file})"),
        }
    }

    pub fn total(count: usize, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("共 {count} 个问题。"),
            Lang::En if count == 1 => "1 problem in total.".to_string(),
            Lang::En => format!("{count} problems in total."),
        }
    }

    pub fn empty(lang: Lang) -> &'static str {
        lang.pick("没有符合条件的问题。", "No flags match.")
    }

    pub fn number(lang: Lang) -> &'static str {
        lang.pick("序号", "No.")
    }
}

/// The columns of a notice's table (the status only when not every row is confirmed).
pub fn notice_columns(status: super::StatusFilter) -> Vec<Column> {
    let mut columns = vec![
        Column::Location,
        Column::Rule,
        Column::Severity,
        Column::Message,
        Column::Evidence,
    ];
    if status != super::StatusFilter::Confirmed {
        columns.push(Column::Status);
    }
    columns.push(Column::Note);
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_read_naturally() {
        assert_eq!(location(Some(Location::at(7, 60)), Lang::Zh), "第7行第60列");
        assert_eq!(location(Some(Location::lines(3, 5)), Lang::En), "lines 3–5");
        assert_eq!(location(Some(Location::line(9)), Lang::Zh), "第9行");
        assert_eq!(location(Some(Location::WHOLE), Lang::Zh), "全文");
        assert_eq!(location(None, Lang::Zh), "");
    }

    #[test]
    fn a_cell_of_a_structured_file_is_named_by_page_table_row_and_column() {
        use crate::flag::SourcePlace;
        let cell = SourcePlace {
            page: Some(3),
            table: 2,
            template_table: Some(3),
            row: 12,
            end_row: None,
            column: Some(4),
        };
        let at = Location {
            source: Some(cell),
            ..Location::at(40, 17)
        };
        assert_eq!(location(Some(at), Lang::Zh), "第3页 表三 第12行 第4列");
        assert_eq!(
            location(Some(at), Lang::En),
            "page 3, Table 3, row 12, col 4"
        );
        // A table that is none of the template's, a run of rows, no page.
        let other = SourcePlace {
            page: None,
            template_table: None,
            end_row: Some(15),
            column: None,
            ..cell
        };
        let rows = Location {
            source: Some(other),
            ..Location::lines(40, 43)
        };
        assert_eq!(location(Some(rows), Lang::Zh), "第2个表格 第12–15行");
        assert_eq!(location(Some(rows), Lang::En), "table #2, rows 12–15");
        assert_eq!(rows.text_position().as_deref(), Some("40-43"));
    }

    #[test]
    fn evidence_is_one_safe_line() {
        let mut e = Evidence::new();
        e.insert("start".into(), "2023-01-01".into());
        e.insert("sum".into(), 12.into());
        e.insert("text".into(), "a\u{1b}[31m\nb".into());
        assert_eq!(
            evidence(&e),
            "start: 2023-01-01; sum: 12; text: a\u{FFFD}[31m b"
        );
    }

    #[test]
    fn formula_starts_are_recognised() {
        for text in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(looks_like_formula(text), "{text:?}");
        }
        for text in ["1", "统计", " =1", "＝1"] {
            assert!(!looks_like_formula(text), "{text:?}");
        }
    }
}
