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
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    writer.write_record(Column::ALL.iter().map(|c| c.heading(options.lang)))?;
    for row in rows {
        let record: Vec<String> = row::cells(row, options).iter().map(cell_text).collect();
        writer.write_record(&record)?;
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))
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
