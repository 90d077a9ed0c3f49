//! 表四: header rows (行政复议 / 行政诉讼, the group and column labels), then 15 values in one
//! row, which extraction may split over several lines or rows.

use super::found_label;
use super::labels::{compare_cell, KeyedLabels};
use crate::document::{Grid, GridCell};
use crate::report::tables::{
    Cell, CellValue, ColumnLabel, FoundLabel, LabelMatch, Layout, Table, TableKind, TableRow,
};
use crate::report::template::{TABLE4_HEADER, TABLE4_ROW};
use crate::report::TemplateVersion;
use std::sync::LazyLock;

/// Reads 表四 from its region; `None` when nothing of 表四 is there.
pub fn read(region: &Grid<'_>, hint: Option<TemplateVersion>) -> Option<Table> {
    // Room for the template's header labels, as many cells as a table read whole has: the
    // list grown from empty took four blocks.
    let mut header: Vec<&GridCell<'_>> = Vec::with_capacity(TABLE4_HEADER.len());
    let mut values: Vec<Cell> = Vec::with_capacity(16);
    let mut value_lines: Option<(u32, u32)> = None;
    let mut blank_row = None;
    let mut value_rows = 0;
    for row in region.rows() {
        if row.has_values() {
            if value_lines.is_none() {
                // One cell per line puts the last header label on the values' row.
                header.extend(row.label_zone().iter().filter(|c| !c.is_empty()));
            }
            value_rows += 1;
            values.extend(row.value_zone().iter().map(GridCell::to_cell));
            let first = value_lines.map_or(row.line, |(first, _)| first);
            value_lines = Some((first, row.last_line));
        } else if value_lines.is_none() {
            if row.non_empty().next().is_none() {
                blank_row.get_or_insert(row);
            } else {
                header.extend(row.non_empty().map(|(_, c)| c));
            }
        }
    }
    let expected = TABLE4_ROW.expected_values();
    while values.len() > expected && values.last().is_some_and(|c| c.value == CellValue::Blank) {
        values.pop();
    }
    let mut table = Table {
        kind: TableKind::Table4,
        layout: region.layout,
        doubts: region
            .too_wide
            .map(|(line, cells)| crate::report::tables::Doubt::RowTooWide { line, cells })
            .into_iter()
            .collect(),
        first_line: region.first,
        last_line: region.last,
        version: None,
        template: hint.unwrap_or(TemplateVersion::V2021),
        markers_2019: 0,
        markers_2021: 0,
        markers: Vec::new(),
        has_corner_note: false,
        columns: header_labels(&header, region.layout),
        rows: Vec::with_capacity(1),
        extra_rows: Vec::new(),
        unread: region.unread,
    };
    // The fifteen values are one row; a page break may cut it once. More pieces are cells
    // read as rows.
    if value_rows > super::UNLABELLED_ROWS_TOLERATED {
        table
            .doubts
            .push(crate::report::tables::Doubt::UnlabelledValues { rows: value_rows });
    }
    let recognised = table
        .columns
        .iter()
        .any(|c| c.matching == LabelMatch::Exact);
    if let Some((line, last_line)) = value_lines {
        table.rows.push(value_row(line, last_line, values));
    } else if let Some(blank) = blank_row.filter(|_| recognised) {
        let cells = blank
            .cells
            .iter()
            .map(GridCell::to_cell)
            .chain(std::iter::repeat_with(|| Cell {
                line: blank.line,
                column: blank.end_column,
                raw: compact_str::CompactString::default(),
                value: CellValue::Blank,
            }))
            .take(expected)
            .collect();
        table
            .rows
            .push(value_row(blank.line, blank.last_line, cells));
    }
    let found = recognised || table.rows.first().is_some_and(|r| r.cells.len() >= 5);
    found.then_some(table)
}

fn value_row(line: u32, last_line: u32, cells: Vec<Cell>) -> TableRow {
    TableRow {
        spec: &TABLE4_ROW,
        label: FoundLabel {
            line,
            column: 1,
            raw: compact_str::CompactString::default(),
        },
        matching: LabelMatch::Exact,
        line,
        last_line,
        cells,
        misaligned: false,
    }
}

/// 表四's header labels with their keys, made once: each cell of a header that could not be
/// aligned is compared with all of them.
static HEADER_KEYS: LazyLock<KeyedLabels> = LazyLock::new(|| KeyedLabels::new(TABLE4_HEADER));

/// The header labels compared with the template's in reading order, when there are as many
/// as the template has; otherwise only those that are the template's own are kept.
///
/// Space-aligned columns cut wrapped labels into pieces: there, only the template's own are kept.
fn header_labels(header: &[&GridCell<'_>], layout: Layout) -> Vec<ColumnLabel> {
    if header.len() == TABLE4_HEADER.len() && layout != Layout::Columns {
        return header
            .iter()
            .zip(TABLE4_HEADER)
            .map(|(cell, expected)| ColumnLabel {
                found: found_label(cell),
                expected,
                matching: compare_cell(cell, expected),
            })
            .collect();
    }
    let keyed: &KeyedLabels = &HEADER_KEYS;
    header
        .iter()
        .filter_map(|cell| {
            let expected = keyed.find(cell.key())?;
            Some(ColumnLabel {
                found: found_label(cell),
                expected,
                matching: LabelMatch::Exact,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::grid;
    use crate::text::Document;

    fn table(text: &str) -> Option<Table> {
        let doc = Document::new(text);
        let region = grid::read(&doc, 1, doc.line_count());
        read(&region, None)
    }

    #[test]
    fn values_split_over_rows_are_concatenated() {
        let t =
            table("行政复议\t行政诉讼\n1\t0\t0\t0\t1\t0\t0\t0\n0\t0\t0\t0\t0\t0\t0\t\t").unwrap();
        let row = &t.rows[0];
        assert_eq!(row.cells.len(), 15);
        assert_eq!((row.line, row.last_line), (2, 3));
        assert_eq!(t.int("t4.values", 4), Some(1));
    }

    #[test]
    fn a_blank_value_row_has_fifteen_blank_cells() {
        let t = table("\t行政复议\n\t行政诉讼\n\n\t\n\t\n\t\n").unwrap();
        assert_eq!(t.rows[0].cells.len(), 15);
        assert!(t.rows[0].is_blank());
    }

    #[test]
    fn wrapped_header_labels_are_joined() {
        let t = table("\t行政复议\n\t行政诉讼\n\n\t总\n计\n\n\t0").unwrap();
        let labels: Vec<_> = t.columns.iter().map(|c| c.found.raw.as_str()).collect();
        assert_eq!(labels, ["行政复议", "行政诉讼", "总计"]);
    }

    #[test]
    fn text_without_a_table_is_no_table() {
        assert!(table("本年度未发生行政复议\t").is_none());
    }
}
