//! Excel: sheet 问题清单 with one row per flag (a title row naming the inbox, the date and the
//! status filter, then a frozen header with filters, widths that fit the content) and sheet 汇总
//! with counts per agency, year and rule, by status, and the report's status. Both print on
//! A4 landscape, one page wide, the header repeated on every page and the page number in the
//! footer, in a CJK font (宋体); 审核时间 is a real date-time cell.
//!
//! Every text is written as a string cell, never as a formula; a text that Excel would take
//! for a formula when edited (`=`, `+`, `-`, `@` first) also gets Excel's quote prefix, so it
//! stays text even after someone edits the cell.

use std::collections::BTreeMap;

use chrono::{Datelike, Timelike};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

use super::row::{self, Cell, Column};
use super::{ExportError, ExportOptions};
use crate::i18n::Lang;
use crate::triage::progress::StatusCounts;
use crate::triage::{ReviewRow, RowStatus};

/// Excel's limit on the characters of a cell.
const MAX_CELL_CHARS: usize = 32_767;

/// The font of every cell: the CJK font Chinese offices have everywhere.
const FONT: &str = "宋体";

/// Excel's paper size code for A4.
const A4: u8 = 9;

struct Formats {
    title: Format,
    heading: Format,
    time: Format,
    text: Format,
    text_quoted: Format,
    wrap: Format,
    wrap_quoted: Format,
    number: Format,
    total: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name(FONT);
        let text = base.clone().set_align(FormatAlign::Top);
        let wrap = text.clone().set_text_wrap();
        Formats {
            title: base.clone().set_bold().set_font_size(14),
            time: text.clone().set_num_format("yyyy-mm-dd hh:mm:ss"),
            heading: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xDDE7F0))
                .set_align(FormatAlign::Center),
            text_quoted: text.clone().set_quote_prefix(),
            wrap_quoted: wrap.clone().set_quote_prefix(),
            number: base.clone().set_align(FormatAlign::Top),
            total: base.set_bold(),
            text,
            wrap,
        }
    }
}

pub(super) fn render(rows: &[&ReviewRow], options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let mut sheets = Sheets::new(options)?;
    for row in rows {
        sheets.row(row)?;
    }
    sheets.finish()
}

/// The workbook written a row at a time: the flag list's rows go to its sheet as they come, and
/// the summary sheet's counts are gathered as they pass, so that no row is held. The flag list
/// may have 100,000 rows: in constant-memory mode each row goes to a temporary file as soon as
/// the next one starts, instead of every cell staying in memory until the workbook is saved
/// (the rows are written in order, as that mode requires).
pub(super) struct Sheets {
    workbook: Workbook,
    formats: Formats,
    options: ExportOptions,
    summary: Summary,
    /// Rows written to the flag list.
    rows: u32,
}

/// The flag list's sheet: the first of the workbook.
const FLAGS_SHEET: usize = 0;

impl Sheets {
    /// A workbook with the flag list's title and header written.
    pub(super) fn new(options: &ExportOptions) -> Result<Sheets, ExportError> {
        let formats = Formats::new();
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        let lang = options.lang;
        sheet.set_name(sheet_names(lang)[0])?;
        let last_col = Column::ALL.len() as u16 - 1;
        sheet.merge_range(0, 0, 0, last_col, &title(options), &formats.title)?;
        for (col, column) in Column::ALL.iter().enumerate() {
            let col = col as u16;
            sheet.write_string_with_format(HEADER, col, column.heading(lang), &formats.heading)?;
            sheet.set_column_width(col, column.width())?;
        }
        Ok(Sheets {
            workbook,
            formats,
            options: options.clone(),
            summary: Summary::default(),
            rows: 0,
        })
    }

    /// Writes one row of the flag list and counts it for the summary.
    pub(super) fn row(&mut self, row: &ReviewRow) -> Result<(), ExportError> {
        self.summary.add(row, self.options.lang);
        let (formats, options) = (&self.formats, &self.options);
        let sheet = self.workbook.worksheet_from_index(FLAGS_SHEET)?;
        let line = HEADER + 1 + self.rows;
        self.rows += 1;
        for (col, (column, cell)) in Column::ALL.iter().zip(row::cells(row, options)).enumerate() {
            let col = col as u16;
            if *column == Column::ReviewedAt {
                if let Some(time) = row.verdict.time {
                    let local = time.with_timezone(&options.utc_offset);
                    sheet.write_datetime_with_format(
                        line,
                        col,
                        excel_time(&local)?,
                        &formats.time,
                    )?;
                    continue;
                }
            }
            match cell {
                Cell::Empty => {}
                Cell::Number(n) => {
                    sheet.write_number_with_format(line, col, n as f64, &formats.number)?;
                }
                Cell::Text(text) => {
                    let text = fit(&text);
                    let format = match (column.wraps(), row::looks_like_formula(&text)) {
                        (false, false) => &formats.text,
                        (false, true) => &formats.text_quoted,
                        (true, false) => &formats.wrap,
                        (true, true) => &formats.wrap_quoted,
                    };
                    sheet.write_string_with_format(line, col, text, format)?;
                }
            }
        }
        Ok(())
    }

    /// The number of rows written.
    pub(super) fn len(&self) -> usize {
        self.rows as usize
    }

    /// Ends the flag list, adds the summary sheet, and gives the workbook's bytes.
    pub(super) fn finish(mut self) -> Result<Vec<u8>, ExportError> {
        let lang = self.options.lang;
        let sheet = self.workbook.worksheet_from_index(FLAGS_SHEET)?;
        let last_col = Column::ALL.len() as u16 - 1;
        sheet.set_freeze_panes(HEADER + 1, 0)?;
        sheet.autofilter(HEADER, 0, HEADER + self.rows, last_col)?;
        print_setup(sheet, HEADER, lang)?;
        summary_sheet(
            self.workbook.add_worksheet(),
            &self.summary,
            lang,
            &self.formats,
        )?;
        Ok(self.workbook.save_to_buffer()?)
    }
}

/// The sheet names.
pub fn sheet_names(lang: Lang) -> [&'static str; 2] {
    [lang.pick("问题清单", "Flags"), lang.pick("汇总", "Summary")]
}

/// The row of the flag list's header, under the title row.
const HEADER: u32 = 1;

/// The flag list's title: what, which inbox, when, which flags.
fn title(options: &ExportOptions) -> String {
    let lang = options.lang;
    let mut parts = vec![sheet_names(lang)[0].to_string()];
    if let Some(inbox) = &options.inbox {
        parts.push(format!(
            "{}{}",
            lang.pick("收件箱：", "inbox: "),
            row::plain(inbox)
        ));
    }
    parts.push(format!(
        "{}{}",
        lang.pick("导出日期：", "exported: "),
        options.date.format("%Y-%m-%d")
    ));
    parts.push(format!(
        "{}{}",
        lang.pick("状态：", "status: "),
        options.status.label(lang)
    ));
    parts.join(lang.pick("　", "  "))
}

/// A4 landscape, one page wide, the rows down to `header` repeated on every page, the page
/// number in the footer.
fn print_setup(sheet: &mut Worksheet, header: u32, lang: Lang) -> Result<(), ExportError> {
    sheet.set_paper_size(A4);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_repeat_rows(header, header)?;
    sheet.set_footer(match lang {
        Lang::Zh => "&C第 &P 页，共 &N 页",
        Lang::En => "&CPage &P of &N",
    });
    Ok(())
}

/// A local time as Excel's date-time.
fn excel_time(time: &chrono::DateTime<chrono::FixedOffset>) -> Result<ExcelDateTime, ExportError> {
    let year = u16::try_from(time.year()).unwrap_or(1900);
    Ok(
        ExcelDateTime::from_ymd(year, time.month() as u8, time.day() as u8)?.and_hms(
            time.hour() as u16,
            time.minute() as u8,
            time.second(),
        )?,
    )
}

/// What the summary sheet counts: per agency, year and rule, the rows by status and the
/// status of the report (its rows carry it).
#[derive(Default)]
struct Summary {
    counts: BTreeMap<(String, Option<i32>, String), (StatusCounts, String)>,
}

impl Summary {
    fn add(&mut self, row: &ReviewRow, lang: Lang) {
        let key = (
            row::plain(row.agency.as_deref().unwrap_or("")),
            row.year,
            row::plain(&row.code),
        );
        let (by_status, report_status) = self.counts.entry(key).or_default();
        by_status.add(row.status);
        if report_status.is_empty() {
            *report_status = row::report_status(row, lang);
        }
    }
}

fn summary_sheet(
    sheet: &mut Worksheet,
    summary: &Summary,
    lang: Lang,
    formats: &Formats,
) -> Result<(), ExportError> {
    sheet.set_name(sheet_names(lang)[1])?;
    let counts = &summary.counts;

    let mut headings = vec![
        Column::Agency.heading(lang),
        Column::Year.heading(lang),
        Column::Rule.heading(lang),
        lang.pick("规则名称", "Rule title"),
    ];
    headings.extend(RowStatus::ALL.iter().map(|s| s.label(lang)));
    headings.push(lang.pick("合计", "Total"));
    headings.push(Column::ReportStatus.heading(lang));
    let status_column = headings.len() as u16 - 1;
    for (col, heading) in headings.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *heading, &formats.heading)?;
    }
    for (col, width) in [24.0, 7.0, 24.0, 28.0].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    for col in 4..status_column {
        sheet.set_column_width(col, 10.0)?;
    }
    sheet.set_column_width(status_column, 24.0)?;

    // One column per status after the four above, then the total.
    let write_counts = |sheet: &mut Worksheet, line: u32, counts: &StatusCounts, format| {
        for (slot, status) in RowStatus::ALL.into_iter().enumerate() {
            sheet.write_number_with_format(
                line,
                4 + slot as u16,
                counts.get(status) as f64,
                format,
            )?;
        }
        let total_column = 4 + RowStatus::ALL.len() as u16;
        sheet.write_number_with_format(line, total_column, counts.total() as f64, format)?;
        Ok::<(), ExportError>(())
    };
    let mut totals = StatusCounts::default();
    let mut line = 0u32;
    for ((agency, year, code), (by_status, report_status)) in counts {
        line += 1;
        write_text(sheet, line, 0, agency, formats)?;
        if let Some(year) = year {
            sheet.write_number_with_format(line, 1, *year, &formats.number)?;
        }
        write_text(sheet, line, 2, code, formats)?;
        write_text(sheet, line, 3, &row::rule_title(code, lang), formats)?;
        write_counts(sheet, line, by_status, &formats.number)?;
        write_text(sheet, line, status_column, report_status, formats)?;
        totals.merge(by_status);
    }
    line += 1;
    sheet.write_string_with_format(line, 0, lang.pick("合计", "Total"), &formats.total)?;
    write_counts(sheet, line, &totals, &formats.total)?;
    sheet.set_freeze_panes(1, 0)?;
    if !counts.is_empty() {
        sheet.autofilter(0, 0, counts.len() as u32, headings.len() as u16 - 1)?;
    }
    print_setup(sheet, 0, lang)?;
    Ok(())
}

fn write_text(
    sheet: &mut Worksheet,
    line: u32,
    col: u16,
    text: &str,
    formats: &Formats,
) -> Result<(), ExportError> {
    if text.is_empty() {
        return Ok(());
    }
    let text = fit(text);
    let format = if row::looks_like_formula(&text) {
        &formats.text_quoted
    } else {
        &formats.text
    };
    sheet.write_string_with_format(line, col, text, format)?;
    Ok(())
}

/// Text cut to what a cell can hold.
fn fit(text: &str) -> String {
    if text.chars().count() <= MAX_CELL_CHARS {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
    cut.push('…');
    cut
}
