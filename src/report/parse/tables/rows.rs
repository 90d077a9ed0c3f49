//! The layout reader: the lines of a table region to rows of cells, in either layout.
//!
//! - Row layout (PDF/HTML extraction): one row per line, cells split by tabs. Merged cells
//!   leave a varying number of leading empty cells; header lines may have no tab at all.
//! - Cell layout (DOCX): each cell is a line starting with a tab, rows are separated by blank
//!   lines, a line without a leading tab continues the previous cell (joined without a
//!   separator: 「结果\n维持」 is 结果维持), and a bare tab is an empty cell.
//!
//! A region is in cell layout when every line with a tab has exactly one, at its start (after
//! stray spaces at most). Cells keep their line, 1-based column and text, raw and folded;
//! single-line cells borrow from the document.

use std::borrow::Cow;

use crate::report::tables::{Cell, CellValue, Layout, UnreadRows, MAX_TABLE_ROWS};
use crate::text::{label_key, Document, Line};

/// One cell as read.
#[derive(Debug, Clone)]
pub struct RawCell<'a> {
    pub line: u32,
    /// 1-based character column of the first character (for an empty cell, where it would be).
    pub column: u32,
    /// As written, trimmed; bookmarks left out at the edges.
    pub raw: Cow<'a, str>,
    /// Folded and trimmed.
    pub folded: Cow<'a, str>,
    pub value: CellValue,
    /// The comparison key of the cell as a label ([`label_key`]); empty for a number.
    key: Cow<'a, str>,
}

impl RawCell<'_> {
    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    /// The comparison key of the cell as a label; empty for a number, which is never one.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The cell as a value cell of the model.
    pub fn to_cell(&self) -> Cell {
        Cell {
            line: self.line,
            column: self.column,
            raw: self.raw.to_string(),
            value: self.value,
        }
    }
}

/// One row as read: the cells of one line (row layout) or of one blank-separated group of
/// lines (cell layout).
#[derive(Debug, Clone)]
pub struct RawRow<'a> {
    pub line: u32,
    pub last_line: u32,
    pub cells: Vec<RawCell<'a>>,
    /// The 1-based column just after the row's last character on its first line, where a blank
    /// cell with no position of its own is placed.
    pub end_column: u32,
}

impl<'a> RawRow<'a> {
    /// The index of the first value-like cell: everything before it is the label zone.
    pub fn value_start(&self) -> Option<usize> {
        self.cells.iter().position(|c| c.value.is_value_like())
    }

    /// The label zone: the cells before the first value-like one (all cells when none is).
    pub fn label_zone(&self) -> &[RawCell<'a>] {
        let end = self.value_start().unwrap_or(self.cells.len());
        &self.cells[..end]
    }

    /// The value zone: the first value-like cell and everything after it.
    pub fn value_zone(&self) -> &[RawCell<'a>] {
        match self.value_start() {
            Some(start) => &self.cells[start..],
            None => &[],
        }
    }

    pub fn has_values(&self) -> bool {
        self.value_start().is_some()
    }

    /// The non-empty cells.
    pub fn non_empty(&self) -> impl Iterator<Item = (usize, &RawCell<'a>)> {
        self.cells.iter().enumerate().filter(|(_, c)| !c.is_empty())
    }

    /// The key of the first non-empty cell.
    pub fn first_key(&self) -> Option<&str> {
        self.non_empty().next().map(|(_, c)| c.key())
    }
}

/// The rows of one table region.
#[derive(Debug, Clone)]
pub struct Region<'a> {
    pub layout: Layout,
    pub first: u32,
    pub last: u32,
    pub rows: Vec<RawRow<'a>>,
    /// Whether some row (row layout) starts with empty cells: the merged-cell layout is kept,
    /// so a label found at another depth than the template's has drifted.
    pub leading_empties: bool,
    /// The rows past [`MAX_TABLE_ROWS`], counted only.
    pub unread: Option<UnreadRows>,
}

/// Reads the lines `first..=last` as table rows.
pub fn read(doc: &Document, first: u32, last: u32) -> Region<'_> {
    let layout = detect_layout(doc, first, last);
    let (rows, unread) = match layout {
        Layout::Rows => row_layout(doc, first, last),
        Layout::Cells => cell_layout(doc, first, last),
    };
    let leading_empties = layout == Layout::Rows
        && rows
            .iter()
            .any(|r| r.cells.len() > 1 && r.cells.first().is_some_and(RawCell::is_empty));
    Region {
        layout,
        first,
        last,
        rows,
        leading_empties,
        unread,
    }
}

/// Counts a row past [`MAX_TABLE_ROWS`] that starts on line `no`.
fn count_unread(unread: &mut Option<UnreadRows>, no: u32) {
    let counted = unread.get_or_insert(UnreadRows {
        line: no,
        last_line: no,
        rows: 0,
    });
    counted.rows += 1;
    counted.last_line = no;
}

/// Cell layout when every line with a tab has exactly one, at its start.
fn detect_layout(doc: &Document, first: u32, last: u32) -> Layout {
    let mut tab_lines = 0;
    for line in doc.lines_in(first, last) {
        let Some(at) = line.raw.find('\t') else {
            continue;
        };
        tab_lines += 1;
        let one_leading = line.raw[..at].trim().is_empty() && !line.raw[at + 1..].contains('\t');
        if !one_leading {
            return Layout::Rows;
        }
    }
    if tab_lines == 0 {
        Layout::Rows
    } else {
        Layout::Cells
    }
}

fn row_layout(doc: &Document, first: u32, last: u32) -> (Vec<RawRow<'_>>, Option<UnreadRows>) {
    let mut rows = Vec::new();
    let mut unread = None;
    for line in doc.lines_in(first, last) {
        if line.is_blank() {
            continue;
        }
        if rows.len() == MAX_TABLE_ROWS {
            count_unread(&mut unread, line.no);
            continue;
        }
        let mut cells = Vec::with_capacity(8);
        let mut start = 0usize;
        for (raw, folded) in line.raw.split('\t').zip(line.folded.split('\t')) {
            cells.push(cell(&line, raw, folded, start));
            start += folded.chars().count() + 1;
        }
        // `start` has counted every cell and every tab: it is the column after the line's end.
        rows.push(RawRow {
            line: line.no,
            last_line: line.no,
            cells,
            end_column: start as u32,
        });
    }
    (rows, unread)
}

fn cell_layout(doc: &Document, first: u32, last: u32) -> (Vec<RawRow<'_>>, Option<UnreadRows>) {
    let mut rows = Vec::new();
    let mut current: Option<RawRow<'_>> = None;
    let mut unread = None;
    // Past the cap, whether the line before was part of a row (not a separator).
    let mut in_row = false;
    for line in doc.lines_in(first, last) {
        // A bare tab is an empty cell, not a row separator.
        let separator = line.is_blank() && !line.raw.contains('\t');
        if rows.len() == MAX_TABLE_ROWS && current.is_none() {
            if !separator && !in_row {
                count_unread(&mut unread, line.no);
            }
            if let Some(counted) = unread.as_mut().filter(|_| !separator) {
                counted.last_line = line.no;
            }
            in_row = !separator;
            continue;
        }
        if separator {
            rows.extend(current.take());
            continue;
        }
        let (tab, starts_cell) = match line.raw.find('\t') {
            Some(at) => (at, true),
            None => (0, false),
        };
        let row = current.get_or_insert_with(|| RawRow {
            line: line.no,
            last_line: line.no,
            cells: Vec::with_capacity(8),
            end_column: line.folded.chars().count() as u32 + 1,
        });
        row.last_line = line.no;
        if starts_cell {
            let start = line.raw[..tab].chars().count() + 1;
            let folded_tab =
                nth_char_byte(line.folded, start - 1).map_or(line.folded.len(), |b| b + 1);
            let raw_text = &line.raw[tab + 1..];
            let folded_text = &line.folded[folded_tab.min(line.folded.len())..];
            row.cells.push(cell(&line, raw_text, folded_text, start));
            continue;
        }
        let next = cell(&line, line.raw, line.folded, 0);
        match row.cells.last_mut() {
            Some(previous) if !next.is_empty() => append(previous, &next),
            _ => row.cells.push(next),
        }
    }
    rows.extend(current);
    // Cells continued over several lines were joined without being read (reading a cell on
    // every line added to it is quadratic in its length): read them now.
    for cell in rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
        if let Cow::Owned(folded) = &cell.folded {
            cell.value = CellValue::parse(folded);
            cell.key = key_of(folded, cell.value).into_owned().into();
        }
    }
    (rows, unread)
}

/// The byte offset of character `n` of `text`.
fn nth_char_byte(text: &str, n: usize) -> Option<usize> {
    text.char_indices().nth(n).map(|(i, _)| i)
}

/// Joins a wrapped continuation onto the cell it continues, without a separator. The joined
/// cell's text is owned; its value and key are read once the layout is read.
fn append<'a>(cell: &mut RawCell<'a>, more: &RawCell<'a>) {
    if cell.is_empty() {
        cell.line = more.line;
        cell.column = more.column;
    }
    cell.raw.to_mut().push_str(&more.raw);
    cell.folded.to_mut().push_str(&more.folded);
}

/// The label key of a folded cell, borrowed when folding changes nothing (most labels).
fn key_of(folded: &str, value: CellValue) -> Cow<'_, str> {
    if matches!(value, CellValue::Number(_)) {
        return Cow::Borrowed("");
    }
    let mut previous = ' ';
    let plain = folded.chars().all(|c| {
        let special = c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」' | '『' | '』'
            )
            || (matches!(c, '、' | '．') && previous.is_ascii_digit());
        previous = c;
        !special
    }) && !folded.ends_with([':', '：']);
    if plain {
        Cow::Borrowed(folded)
    } else {
        Cow::Owned(label_key(folded))
    }
}

/// One cell from a segment of a line starting at character `start` (0-based); the raw and
/// folded segments have the same characters one for one.
fn cell<'a>(line: &Line<'a>, raw: &'a str, folded: &'a str, start: usize) -> RawCell<'a> {
    let after_leading = folded.trim_start();
    let trimmed = after_leading.trim_end();
    let leading_bytes = folded.len() - after_leading.len();
    let leading = folded[..leading_bytes].chars().count();
    // Folding only shortens characters, so equal lengths mean equal byte offsets.
    let raw_text = if raw.len() == folded.len() {
        &raw[leading_bytes..leading_bytes + trimmed.len()]
    } else {
        char_slice(raw, leading, trimmed.chars().count()).trim()
    };
    let value = CellValue::parse(trimmed);
    RawCell {
        line: line.no,
        column: (start + leading) as u32 + 1,
        raw: Cow::Borrowed(raw_text),
        folded: Cow::Borrowed(trimmed),
        value,
        key: key_of(trimmed, value),
    }
}

/// Characters `[from, from + len)` of `text`.
fn char_slice(text: &str, from: usize, len: usize) -> &str {
    let mut indices = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    let start = indices.nth(from).unwrap_or(text.len());
    let end = if len == 0 {
        start
    } else {
        indices.nth(len - 1).unwrap_or(text.len())
    };
    &text[start..end.max(start)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(row: &RawRow<'_>) -> Vec<String> {
        row.cells.iter().map(|c| c.folded.to_string()).collect()
    }

    #[test]
    fn row_layout_splits_cells_and_keeps_columns() {
        let doc = Document::new("\t(二) 部分公开\t0\t１\t\n规章\t0\t0\t0");
        let region = read(&doc, 1, 2);
        assert_eq!(region.layout, Layout::Rows);
        assert!(region.leading_empties);
        let row = &region.rows[0];
        assert_eq!(texts(row), ["", "(二) 部分公开", "0", "1", ""]);
        assert_eq!(row.cells[1].column, 2);
        assert_eq!(row.cells[2].column, 11);
        assert_eq!(row.cells[3].raw, "１");
        assert_eq!(row.value_start(), Some(2));
        assert_eq!(row.label_zone().len(), 2);
        assert_eq!(row.value_zone().len(), 3);
    }

    #[test]
    fn a_table_without_leading_empties_keeps_none() {
        let doc = Document::new("规章\t0\t0\t0\n行政规范性文件\t0\t0\t0");
        assert!(!read(&doc, 1, 2).leading_empties);
    }

    #[test]
    fn cell_layout_joins_wrapped_cells_and_reads_bare_tabs_as_empty() {
        let text = "\t行政复议\n\t行政诉讼\n\n\t结果\n维持\n\t总\n计\n\t\n\n\t 0\n\t　0\n \n";
        let doc = Document::new(text);
        let region = read(&doc, 1, doc.line_count());
        assert_eq!(region.layout, Layout::Cells);
        assert_eq!(region.rows.len(), 3);
        assert_eq!(texts(&region.rows[0]), ["行政复议", "行政诉讼"]);
        assert_eq!(texts(&region.rows[1]), ["结果维持", "总计", ""]);
        assert_eq!(region.rows[1].cells[0].raw, "结果维持");
        assert_eq!(region.rows[1].line, 4);
        assert_eq!(region.rows[1].last_line, 8);
        let values = &region.rows[2];
        assert_eq!(texts(values), ["0", "0"]);
        assert_eq!(values.cells[0].column, 3);
        assert_eq!(values.cells[1].raw, "0");
        assert!(values.cells.iter().all(|c| c.value.number().is_some()));
    }

    #[test]
    fn bookmarks_are_left_out_of_the_cell_text() {
        let doc = Document::new("\t[bookmark: _Hlk66973412]一、本年新收政府信息公开申请数量\n\t3");
        let region = read(&doc, 1, 2);
        let label = &region.rows[0].cells[0];
        assert_eq!(label.folded, "一、本年新收政府信息公开申请数量");
        assert_eq!(label.raw, "一、本年新收政府信息公开申请数量");
        assert_eq!(label.column, 26);
    }

    #[test]
    fn rows_past_the_cap_are_counted_not_read() {
        let rows = MAX_TABLE_ROWS + 500;
        let doc = Document::new(&"合计\t1\t2\n\n".repeat(rows));
        let region = read(&doc, 1, doc.line_count());
        assert_eq!(region.layout, Layout::Rows);
        assert_eq!(region.rows.len(), MAX_TABLE_ROWS);
        let first_unread = 2 * MAX_TABLE_ROWS as u32 + 1;
        let expected = UnreadRows {
            line: first_unread,
            last_line: doc.line_count() - 1,
            rows: 500,
        };
        assert_eq!(region.unread, Some(expected));

        // Cell layout: a row is a group of lines between blank lines.
        let doc = Document::new(&"\t合计\n\t1\n\t2\n\n".repeat(rows));
        let region = read(&doc, 1, doc.line_count());
        assert_eq!(region.layout, Layout::Cells);
        assert_eq!(region.rows.len(), MAX_TABLE_ROWS);
        let expected = UnreadRows {
            line: 4 * MAX_TABLE_ROWS as u32 + 1,
            last_line: doc.line_count() - 1,
            rows: 500,
        };
        assert_eq!(region.unread, Some(expected));

        let doc = Document::new(&"合计\t1\t2\n".repeat(MAX_TABLE_ROWS));
        assert_eq!(read(&doc, 1, doc.line_count()).unread, None);
    }

    #[test]
    fn a_line_with_two_tabs_makes_the_region_row_layout() {
        let doc = Document::new("\t规章\n\t0\t0");
        assert_eq!(read(&doc, 1, 2).layout, Layout::Rows);
    }
}
