//! Rewriting a generated report's tables in another table layout, as other extractors give
//! the same report.

use std::fmt::Write as _;

use crate::report::Layout;

/// A report's text with its row-layout tables (every line with a tab) rewritten in another
/// layout, as other extractors give the same report:
///
/// - [`Layout::Lines`]: every non-empty cell on a line of its own (a browser's copy of a web
///   table; empty cells leave nothing);
/// - [`Layout::Pipes`]: markdown pipe rows, a rule line under each table's first row, and
///   section headings as `##` headings;
/// - [`Layout::Columns`]: cells apart by runs of spaces, merged cells as indentation, as
///   `pdftotext -layout` gives (empty cells leave only a wider gap);
/// - [`Layout::Collapsed`]: the whole text on one line, every run of whitespace one space, as
///   a crawler's dump gives it;
/// - [`Layout::Rows`] and [`Layout::Cells`]: the text unchanged.
///
/// Tests use it to check that every layout of one report gives the same flags. Pipes and
/// columns are meant for row-layout text (a cell-layout table has one cell per line).
pub fn relayout(text: &str, layout: Layout) -> String {
    if layout == Layout::Collapsed {
        let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push('\n');
        return out;
    }
    if !matches!(layout, Layout::Lines | Layout::Pipes | Layout::Columns) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut in_table = false;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let ending = &line[body.len()..];
        if !body.contains('\t') {
            in_table = false;
            if layout == Layout::Pipes && is_heading(body) {
                out.push_str("## ");
            }
            out.push_str(line);
            continue;
        }
        let cells = body.split('\t').map(str::trim);
        match layout {
            Layout::Lines => {
                for cell in cells.filter(|c| !c.is_empty()) {
                    out.push_str(cell);
                    out.push('\n');
                }
            }
            Layout::Columns => {
                let mut first = true;
                for cell in cells {
                    if cell.is_empty() {
                        out.push_str("    ");
                        continue;
                    }
                    if !first {
                        out.push_str("    ");
                    }
                    out.push_str(cell);
                    first = false;
                }
                out.push_str(ending);
            }
            _ => {
                let cells: Vec<&str> = cells.collect();
                let _ = write!(out, "| {} |{ending}", cells.join(" | "));
                if !in_table {
                    let _ = write!(out, "|{}{ending}", "---|".repeat(cells.len()));
                }
                in_table = true;
            }
        }
    }
    out
}

/// Whether a line of text is a section heading.
fn is_heading(text: &str) -> bool {
    let doc = crate::text::Document::new(text);
    doc.line(1)
        .is_some_and(|line| crate::report::parse::sections::heading(&line).is_some())
}

/// Cells joined by tabs, padded with empty cells to `width` cells.
pub(super) fn pad_cells(cells: &[&str], width: usize) -> String {
    let mut all: Vec<&str> = cells.to_vec();
    while all.len() < width {
        all.push("");
    }
    all.join("\t")
}
