//! The row model every format shares: the columns, their headings, and the text of each cell.

use chrono::{DateTime, FixedOffset, Utc};

use super::ExportOptions;
use crate::flag::Location;
use crate::i18n::Lang;
use crate::sanitize;
use crate::triage::ReviewRow;

mod evidence_text;
pub use evidence_text::{evidence, evidence_names_place, place};

/// The columns of the flag list (xlsx sheet 问题清单, csv).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Agency,
    Year,
    File,
    Rule,
    RuleTitle,
    Severity,
    Location,
    Message,
    Evidence,
    Status,
    Note,
    Reviewer,
    ReviewedAt,
    /// The report's status (通过 / 退回整改 / 已审) and its note.
    ReportStatus,
}

impl Column {
    pub const ALL: [Column; 14] = [
        Column::Agency,
        Column::Year,
        Column::File,
        Column::Rule,
        Column::RuleTitle,
        Column::Severity,
        Column::Location,
        Column::Message,
        Column::Evidence,
        Column::Status,
        Column::Note,
        Column::Reviewer,
        Column::ReviewedAt,
        Column::ReportStatus,
    ];

    /// The heading.
    pub fn heading(self, lang: Lang) -> &'static str {
        match self {
            Column::Agency => lang.pick("单位", "Agency"),
            Column::Year => lang.pick("年度", "Year"),
            Column::File => lang.pick("文件", "File"),
            Column::Rule => lang.pick("规则", "Rule"),
            Column::RuleTitle => lang.pick("规则名称", "Rule title"),
            Column::Severity => lang.pick("级别", "Severity"),
            Column::Location => lang.pick("位置", "Location"),
            Column::Message => lang.pick("问题描述", "Problem"),
            Column::Evidence => lang.pick("证据", "Evidence"),
            Column::Status => lang.pick("状态", "Status"),
            Column::Note => lang.pick("批注", "Note"),
            Column::Reviewer => lang.pick("审核人", "Reviewer"),
            Column::ReviewedAt => lang.pick("审核时间", "Reviewed at"),
            Column::ReportStatus => lang.pick("报告状态", "Report status"),
        }
    }

    /// A sensible width in a spreadsheet, in characters.
    pub fn width(self) -> f64 {
        match self {
            Column::Agency => 24.0,
            Column::Year => 7.0,
            Column::File => 28.0,
            Column::Rule => 24.0,
            Column::RuleTitle => 28.0,
            Column::Severity => 8.0,
            Column::Location => 28.0,
            Column::Message => 60.0,
            Column::Evidence => 36.0,
            Column::Status => 9.0,
            Column::Note => 30.0,
            Column::Reviewer => 12.0,
            Column::ReviewedAt => 20.0,
            Column::ReportStatus => 24.0,
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
        Column::RuleTitle => text(&rule_title(&row.code, lang)),
        Column::Severity => row.severity.map_or(Cell::Empty, |s| text(s.label(lang))),
        Column::Location => text(&place(&row.evidence, row.location, lang)),
        Column::Message => text(&multiline(row.message.get(lang))),
        Column::Evidence => text(&evidence(&row.evidence, lang)),
        Column::Status => text(row.status.label(lang)),
        Column::Note => text(&multiline(row.verdict.note.as_deref().unwrap_or(""))),
        Column::Reviewer => text(&plain(row.verdict.user.as_deref().unwrap_or(""))),
        Column::ReviewedAt => text(&time(row.verdict.time, options.utc_offset)),
        Column::ReportStatus => text(&report_status(row, lang)),
    }
}

/// A row's report status as people read it: 「退回整改：表三请重新填报」, or empty.
pub fn report_status(row: &ReviewRow, lang: Lang) -> String {
    match &row.report_status {
        None => String::new(),
        Some((status, None)) => status.label(lang).to_string(),
        Some((status, Some(note))) => match lang {
            Lang::Zh => format!("{}：{}", status.label(lang), plain(note)),
            Lang::En => format!("{}: {}", status.label(lang), plain(note)),
        },
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
    if let Some(paragraph) = location.paragraph {
        return paragraph.text(lang);
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

/// The catalogue's title of a rule (empty for a code the catalogue does not know, which only
/// a journal of an older version can hold).
pub fn rule_title(code: &str, lang: Lang) -> String {
    crate::rules::meta(code)
        .map(|meta| plain(meta.title().get(lang)))
        .unwrap_or_default()
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

    /// The cell of a .docx table the tests place: page 3, the file's second table (表三),
    /// row 12, column 4.
    pub(super) fn docx_cell() -> crate::flag::SourcePlace {
        crate::flag::SourcePlace {
            page: Some(3),
            table: 2,
            template_table: Some(3),
            row: 12,
            end_row: None,
            column: Some(4),
        }
    }

    #[test]
    fn a_cell_of_a_structured_file_is_named_by_page_table_row_and_column() {
        use crate::flag::SourcePlace;
        let cell = docx_cell();
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
    fn formula_starts_are_recognised() {
        for text in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(looks_like_formula(text), "{text:?}");
        }
        for text in ["1", "统计", " =1", "＝1"] {
            assert!(!looks_like_formula(text), "{text:?}");
        }
    }
}
