//! CSV: the flag list's columns, UTF-8 with a byte-order mark so that Excel (which otherwise
//! assumes the local code page) reads Chinese correctly.
//!
//! A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading
//! `'`, the usual neutralisation: report text can carry `=HYPERLINK(...)` or worse.

use super::row::{self, Cell, Column};
use super::{ExportError, ExportOptions};
use crate::triage::ReviewRow;

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) fn render(rows: &[&ReviewRow], options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let writer = Rows::new(options);
    let mut out = Vec::new();
    writer.header(&mut out)?;
    for row in rows {
        writer.row(row, &mut out)?;
    }
    Ok(out)
}

/// Writes the flag list as CSV a row at a time, so that a caller with rows coming one by one
/// (`check --format csv`, a streamed export) holds none of them.
pub struct Rows {
    options: ExportOptions,
}

impl Rows {
    pub fn new(options: &ExportOptions) -> Rows {
        Rows {
            options: options.clone(),
        }
    }

    /// Appends the BOM and the header row to `out`.
    pub fn header(&self, out: &mut Vec<u8>) -> Result<(), ExportError> {
        out.extend_from_slice(BOM);
        let headings = Column::ALL.iter().map(|c| c.heading(self.options.lang));
        record(out, headings)
    }

    /// Appends one row to `out`.
    pub fn row(&self, row: &ReviewRow, out: &mut Vec<u8>) -> Result<(), ExportError> {
        let cells = row::cells(row, &self.options);
        record(out, cells.iter().map(cell_text))
    }
}

/// Appends one CSV record, CRLF-terminated.
fn record<I>(out: &mut Vec<u8>, fields: I) -> Result<(), ExportError>
where
    I: IntoIterator,
    I::Item: AsRef<[u8]>,
{
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .buffer_capacity(1024)
        .from_writer(out);
    writer.write_record(fields)?;
    writer.flush().map_err(::csv::Error::from)?;
    Ok(())
}

/// A cell's text, newlines flattened and formulas neutralised.
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => neutralise(&row::plain(text)),
        other => other.text(),
    }
}

fn neutralise(text: &str) -> String {
    if row::looks_like_formula(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}
