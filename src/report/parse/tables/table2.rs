//! 表二: blocks headed 「第二十条第（x）项」, each with a column header row starting
//! 「信息内容」 and its rows (规章, 行政许可, …).

use super::labels::{self, compare};
use super::version::{table2_marker_kind, Markers};
use super::{extra_row, found_label, place, values_for};
use crate::document::{Grid, GridCell};
use crate::report::tables::{ColumnLabel, MarkerPart, Table, TableKind, TableRow, TemplateMarker};
use crate::report::template::BlockSpec;
use crate::report::TemplateVersion;

/// The first cell of a column header row.
const CONTENT: &str = "信息内容";

/// Reads 表二 from its region; `None` when nothing of 表二 is there.
pub fn read(region: &Grid<'_>, hint: Option<TemplateVersion>) -> Option<Table> {
    let (markers, found_markers) = markers(region);
    let version = markers.majority();
    let template = version.or(hint).unwrap_or(TemplateVersion::V2021);
    let matcher = labels::table2(template);
    let blocks = template.table2_blocks();
    let mut table = Table {
        kind: TableKind::Table2,
        layout: region.layout,
        doubts: region
            .too_wide
            .map(|(line, cells)| crate::report::tables::Doubt::RowTooWide { line, cells })
            .into_iter()
            .collect(),
        first_line: region.first,
        last_line: region.last,
        version,
        template,
        markers_2019: markers.v2019,
        markers_2021: markers.v2021,
        markers: found_markers,
        has_corner_note: false,
        columns: Vec::new(),
        rows: Vec::with_capacity(matcher.specs.len()),
        extra_rows: Vec::new(),
        unread: region.unread,
    };
    // The column labels of all the template's blocks: the room the table's list of columns
    // gets at its first label (see [`compare_columns`]).
    let room: usize = blocks.iter().map(|b| b.columns.len()).sum();
    let mut seen = vec![false; matcher.specs.len()];
    let mut block: Option<&'static BlockSpec> = None;
    let mut block_headers = 0;
    // A column header row met before any block header waits for the block of the next row.
    let mut pending: Vec<&GridCell<'_>> = Vec::new();
    let mut next = 0;
    let no_groups = |_: &str| false;
    for row in region.rows() {
        let Some(first_key) = row.first_key() else {
            continue;
        };
        if first_key.starts_with("第二十条") {
            block_headers += 1;
            block = blocks
                .iter()
                .zip(labels::block_keys(template))
                .find(|(_, key)| first_key.starts_with(key.as_str()))
                .map(|(b, _)| b);
            // One cell per line puts the block's column header on the header's row.
            let mut rest = row.non_empty().skip(1).map(|(_, c)| c);
            if let (Some(block), Some(content)) = (block, rest.next()) {
                if content.key().starts_with(CONTENT) {
                    compare_columns(&mut table, block, rest, room);
                }
            }
            continue;
        }
        if first_key.starts_with(CONTENT) {
            let labels = row.non_empty().skip(1).map(|(_, c)| c);
            // Compared as they are read; kept only when no block announced them.
            match block {
                Some(block) => compare_columns(&mut table, block, labels, room),
                None => pending = labels.collect(),
            }
            continue;
        }
        let Some(placed) = place(&row, matcher, next, &no_groups) else {
            if row.has_values() {
                if let Some((_, cell)) = row.non_empty().next() {
                    table
                        .extra_rows
                        .push(extra_row(&row, found_label(cell), None));
                }
            }
            continue;
        };
        let spec = &matcher.specs[placed.spec];
        if !pending.is_empty() {
            if let Some(block) = blocks.iter().find(|b| b.header == spec.group) {
                compare_columns(&mut table, block, pending.iter().copied(), room);
            }
            pending.clear();
        }
        if std::mem::replace(&mut seen[placed.spec], true) {
            let label = found_label(&row.cells[placed.cell]);
            table.extra_rows.push(extra_row(&row, label, Some(spec)));
            continue;
        }
        next = placed.spec + 1;
        table.rows.push(TableRow {
            spec,
            label: found_label(&row.cells[placed.cell]),
            matching: placed.matching,
            line: row.line,
            last_line: row.last_line,
            cells: values_for(
                spec,
                matcher.expected_values(placed.spec),
                &row,
                placed.cell,
            ),
            misaligned: region.leading_empties && placed.cell != spec.depth as usize,
        });
    }
    let found = !table.rows.is_empty() || block_headers > 0;
    found.then_some(table)
}

/// The markers of every label cell, each with the block it is in: a block starts at its
/// 「第二十条第（x）项」 header, or at a 「信息内容」 row that no header announced.
fn markers(region: &Grid<'_>) -> (Markers, Vec<TemplateMarker>) {
    let mut markers = Markers::default();
    let mut found = Vec::new();
    let mut block: u16 = 0;
    let mut after_header = false;
    for row in region.rows() {
        let Some(first_key) = row.first_key() else {
            continue;
        };
        let is_header = first_key.starts_with("第二十条");
        if is_header || (first_key.starts_with(CONTENT) && !after_header) {
            block = block.saturating_add(1);
        }
        after_header = is_header;
        for (_, cell) in row.non_empty() {
            if cell.value.is_value_like() {
                continue;
            }
            let Some((version, structural)) = table2_marker_kind(cell.key()) else {
                continue;
            };
            markers.add(Some(version));
            found.push(TemplateMarker {
                version,
                label: found_label(cell),
                part: MarkerPart::Table2Block(block),
                structural,
            });
        }
    }
    (markers, found)
}

/// Compares a block's column labels with the template's, position by position.
///
/// The table's list of columns, kept in the model, gets `room` (the labels of all the
/// template's blocks) at its first label: one block the size of what a table read whole holds,
/// where the list grown one label at a time took two or three.
fn compare_columns<'g, 'a: 'g>(
    table: &mut Table,
    block: &'static BlockSpec,
    labels: impl Iterator<Item = &'g GridCell<'a>>,
    room: usize,
) {
    for (cell, expected) in labels.zip(block.columns) {
        if table.columns.is_empty() {
            table.columns.reserve_exact(room);
        }
        table.columns.push(ColumnLabel {
            found: found_label(cell),
            expected,
            matching: compare(cell.key(), expected),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::grid;
    use crate::report::tables::LabelMatch;
    use crate::report::template::ValueKind;
    use crate::text::Document;

    fn table(text: &str) -> Table {
        let doc = Document::new(text);
        let region = grid::read(&doc, 1, doc.line_count());
        read(&region, None).unwrap()
    }

    #[test]
    fn column_labels_are_compared_per_block() {
        let t = table(
            "第二十条第（一）项\t\t\t\n信息内容\t本年制发件数\t本年度止件数\t现行有效件数\n规章\t0\t0\t0\n\
             第二十条第（八）项\t\t\t\n信息内容\t本年收费金额\t\t\n行政事业性收费\t0\t\t",
        );
        let found: Vec<_> = t
            .columns
            .iter()
            .map(|c| (c.found.raw.as_str(), c.expected, c.matching))
            .collect();
        assert_eq!(
            found,
            [
                ("本年制发件数", "本年制发件数", LabelMatch::Exact),
                ("本年度止件数", "本年废止件数", LabelMatch::Different),
                ("现行有效件数", "现行有效件数", LabelMatch::Exact),
                (
                    "本年收费金额",
                    "本年收费金额（单位：万元）",
                    LabelMatch::Variant
                ),
            ]
        );
        assert_eq!(t.row("t2.fees").unwrap().cells.len(), 1);
    }

    #[test]
    fn the_2019_fee_row_has_a_structurally_empty_third_cell() {
        let t = table(
            "第二十条第（八）项\t\t\t\n信息内容\t上一年项目数量\t本年增/减\t\n行政事业性收费\t3\t-1\t/",
        );
        assert_eq!(t.template, TemplateVersion::V2019);
        let fees = t.row("t2.fees").unwrap();
        assert_eq!(fees.cells.len(), 2);
        assert!(fees.has_expected_count());
        assert_eq!(fees.spec.kind(1), Some(ValueKind::SignedCount));
        assert_eq!(fees.int(1), Some(-1));
    }

    #[test]
    fn markers_know_their_block_and_whether_they_are_structural() {
        let t = table(
            "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规范性文件\t0\t0\t0\n\
             信息内容\t采购项目数量\t采购总金额\n政府集中采购\t0\t0",
        );
        let found: Vec<_> = t
            .markers
            .iter()
            .map(|m| (m.label.raw.as_str(), m.part, m.structural))
            .collect();
        use MarkerPart::Table2Block;
        assert_eq!(
            found,
            [
                ("本年制发件数", Table2Block(1), true),
                ("本年废止件数", Table2Block(1), true),
                ("现行有效件数", Table2Block(1), true),
                ("规范性文件", Table2Block(1), false),
                ("采购项目数量", Table2Block(2), true),
                ("采购总金额", Table2Block(2), true),
                ("政府集中采购", Table2Block(2), true),
            ]
        );
        assert_eq!((t.markers_2019, t.markers_2021), (4, 3));
    }

    #[test]
    fn unplaced_and_repeated_rows_are_kept_aside() {
        let t = table("信息内容\t本年处理决定数量\n行政处罚\t3\n行政处罚\t3\n合计\t3\t-");
        let extra: Vec<_> = t
            .extra_rows
            .iter()
            .map(|r| {
                (
                    r.label.raw.as_str(),
                    r.duplicate_of.map(|s| s.id),
                    r.values,
                    r.line,
                )
            })
            .collect();
        assert_eq!(
            extra,
            [
                ("行政处罚", Some("t2.penalties"), 1, 3),
                ("合计", None, 2, 4)
            ]
        );
    }

    #[test]
    fn a_header_row_before_any_block_takes_the_next_rows_block() {
        let t = table("信息内容\t本年处理决定数量\n行政许可\t5");
        assert_eq!(t.columns.len(), 1);
        assert_eq!(t.columns[0].expected, "本年处理决定数量");
    }
}
