//! 表三: header rows (the corner note, 申请人情况, the seven columns), then one row per template
//! row, each with seven values.

use super::labels::{self, compare};
use super::version::{is_table3_marker_key, may_be_table3_marker, table3_marker, Markers};
use super::{extra_row, found_label, place, values_for};
use crate::document::{Grid, GridCell, GridRow};
use crate::report::tables::{
    CellValue, ColumnLabel, LabelMatch, Layout, MarkerPart, Table, TableKind, TableRow,
    TemplateMarker,
};
use crate::report::template::{TABLE3_APPLICANTS, TABLE3_COLUMNS, TABLE3_TOP_HEADER};
use crate::report::TemplateVersion;
use std::sync::LazyLock;

/// Reads 表三 from its region; `None` when nothing of 表三 is there.
pub fn read(region: &Grid<'_>, hint: Option<TemplateVersion>) -> Option<Table> {
    let (markers, found_markers) = markers(region);
    let version = markers.majority();
    let template = version.or(hint).unwrap_or(TemplateVersion::V2021);
    let matcher = labels::table3(template);
    let mut table = Table {
        kind: TableKind::Table3,
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
    // Room for the header cells of a table read whole (the corner note, 申请人情况 and the
    // column labels), so that the list is one block, not grown three times.
    let mut header: Vec<&GridCell<'_>> = Vec::with_capacity(HEADER_WITH_TOTAL.len() + 2);
    let mut seen = vec![false; matcher.specs.len()];
    let mut next = 0;
    let mut started = false;
    let mut index = 0;
    while let Some(row) = region.row(index) {
        index += 1;
        let is_group = |key: &str| labels::is_table3_group(key, template);
        let Some(placed) = place(&row, matcher, next, &is_group) else {
            if row.has_values() {
                started = true;
                let label = unplaced_label(&row, &is_group);
                table.extra_rows.push(extra_row(&row, label, None));
            } else if !started {
                header.extend(row.non_empty().map(|(_, c)| c));
            }
            continue;
        };
        started = true;
        let spec = &matcher.specs[placed.spec];
        if std::mem::replace(&mut seen[placed.spec], true) {
            let label = found_label(&row.cells[placed.cell]);
            table.extra_rows.push(extra_row(&row, label, Some(spec)));
            continue;
        }
        next = placed.spec + 1;
        // A row split by a page break: the label on one line, its values on the next.
        let mut values_row = row;
        if !row.has_values() {
            if let Some(following) = region.row(index).filter(is_values_only) {
                values_row = following;
                index += 1;
            }
        }
        let expected = matcher.expected_values(placed.spec);
        let cells = values_for(spec, expected, &values_row, placed.cell);
        table.rows.push(TableRow {
            spec,
            label: found_label(&row.cells[placed.cell]),
            matching: placed.matching,
            line: row.line,
            last_line: values_row.last_line,
            cells,
            misaligned: region.leading_empties && placed.cell != spec.depth as usize,
        });
    }
    read_header(&mut table, &header);
    let found = !table.rows.is_empty() || table.has_corner_note;
    found.then_some(table)
}

/// 表三's markers: 2019's （六）其他处理 with numbers, 2021's three sub-rows of （六）.
fn markers(region: &Grid<'_>) -> (Markers, Vec<TemplateMarker>) {
    let mut markers = Markers::default();
    let mut found = Vec::new();
    for row in region.rows() {
        let Some(cell) = row.label_zone().iter().rev().find(|c| !c.is_empty()) else {
            continue;
        };
        // Most labels are no marker: told by their text, their keys are left unread for `place`
        // to compare the text first. Every marker's key opens with its numbering, an ASCII
        // character: a key opening with an ideograph (法人或其他组织, 其他 in the header) is none.
        if !may_be_table3_marker(cell.folded()) || labels::key_opening(cell.folded()).is_some() {
            continue;
        }
        // A label written as a marker's key has that key: the key is read only for another.
        let folded = cell.folded();
        let written = !matches!(cell.value, CellValue::Number(_)) && is_table3_marker_key(folded);
        let key = if written { folded } else { cell.key() };
        let Some(version) = table3_marker(key, row.has_values()) else {
            continue;
        };
        markers.add(Some(version));
        found.push(TemplateMarker {
            version,
            label: found_label(cell),
            part: MarkerPart::Table3Other,
            structural: true,
        });
    }
    (markers, found)
}

/// A row of values with no label at all.
fn is_values_only(row: &GridRow<'_, '_>) -> bool {
    row.has_values() && row.label_zone().iter().all(GridCell::is_empty)
}

/// The label of a row of values that matches no template row: its last label that is not a
/// group, or an empty label at the row's first cell.
fn unplaced_label(
    row: &GridRow<'_, '_>,
    is_group: &dyn Fn(&str) -> bool,
) -> crate::report::tables::FoundLabel {
    let zone = row.label_zone();
    let cell = zone
        .iter()
        .rev()
        .find(|c| !c.is_empty() && !is_group(c.key()))
        .or_else(|| row.cells.first());
    match cell {
        Some(cell) => found_label(cell),
        None => crate::report::tables::FoundLabel {
            line: row.line,
            column: 1,
            raw: compact_str::CompactString::default(),
        },
    }
}

/// Whether a header cell is (part of) the corner note on the 勾稽关系 (also written 钩稽关系;
/// a note wrapped over two lines of a row-layout table is two cells).
///
/// Asked of every header cell (about nine a table, most of them short column labels such as
/// 自然人 or 商业企业): a cell shorter than the shortest phrase, or without a byte that ends
/// one of the phrases' first characters, is no note, and the five substring searches (about
/// 500 instructions a cell) are left to the few cells that may hold one.
fn is_note(key: &str) -> bool {
    may_be_note(key) && NOTE_PHRASES.iter().any(|k| key.contains(k))
}

/// The phrases of the corner note, any one of which makes a header cell part of it.
const NOTE_PHRASES: [&str; 5] = [
    "勾稽关系",
    "钩稽关系",
    "本列数据",
    "第一项加第二项",
    "第三项加第四项",
];

/// Whether a key can hold one of [`NOTE_PHRASES`]: it is at least as long as the shortest
/// (four ideographs, 12 bytes) and holds the last byte of 勾 (0xBE), 钩 (0xA9) or 本 and 第
/// (both 0xAC), which each phrase starts with. A quick filter: `true` says only "maybe".
fn may_be_note(key: &str) -> bool {
    key.len() >= 12 && key.bytes().any(|b| matches!(b, 0xAC | 0xA9 | 0xBE))
}

/// The template's header labels in reading order: the top header row (自然人, 法人或其他组织,
/// 总计), then the five kinds of 法人或其他组织. Built once, not for every table read.
static HEADER_WITH_TOTAL: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    TABLE3_TOP_HEADER
        .iter()
        .chain(&TABLE3_COLUMNS[1..TABLE3_COLUMNS.len() - 1])
        .copied()
        .collect()
});

/// [`HEADER_WITH_TOTAL`] with their keys, made once: each cell of a header that could not be
/// aligned is compared with all of them.
static HEADER_KEYS: LazyLock<labels::KeyedLabels> =
    LazyLock::new(|| labels::KeyedLabels::new(&HEADER_WITH_TOTAL));

/// [`HEADER_WITH_TOTAL`] without 总计 (the last of the template's columns).
static HEADER_WITHOUT_TOTAL: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let total = TABLE3_COLUMNS[TABLE3_COLUMNS.len() - 1];
    HEADER_WITH_TOTAL
        .iter()
        .copied()
        .filter(|l| *l != total)
        .collect()
});

/// The header: the corner note, and the column labels compared with the template's.
///
/// The labels are compared in reading order (自然人, 法人或其他组织, 总计, then the five kinds of
/// 法人或其他组织). 「总计」 can drift into the first header row, so an exact 总计 anywhere is taken
/// out and the others compared in order.
fn read_header(table: &mut Table, header: &[&GridCell<'_>]) {
    let mut labels: Vec<(&GridCell<'_>, &str)> = Vec::with_capacity(header.len());
    for cell in header {
        let key = header_key(cell);
        // The note as the template writes it is told by one comparison, not five searches.
        if key == labels::TABLE3_NOTE_FOLDED || is_note(key) {
            table.has_corner_note = true;
            continue;
        }
        if key == TABLE3_APPLICANTS {
            continue;
        }
        labels.push((cell, key));
    }
    let total = TABLE3_COLUMNS[TABLE3_COLUMNS.len() - 1];
    let with_total: &[&'static str] = &HEADER_WITH_TOTAL;
    let without_total: &[&'static str] = &HEADER_WITHOUT_TOTAL;
    let keyed: &labels::KeyedLabels = &HEADER_KEYS;
    let total_at = labels.iter().position(|(_, key)| *key == total);
    // Space-aligned columns cut wrapped header labels into pieces that do not line up with
    // the template's positions: only labels that are the template's own are kept.
    let positional = table.layout != Layout::Columns;
    // At most one column per label: one block for the table's list, kept in the model, sized
    // to what it holds when every label is kept (as on most tables).
    table.columns.reserve_exact(labels.len());
    let expected: &[&'static str] = match (labels.len(), total_at) {
        (8, None) if positional => with_total,
        (8, Some(_)) | (7, None) if positional => without_total,
        _ => &[],
    };
    for (i, (cell, key)) in labels.iter().enumerate() {
        let label = if Some(i) == total_at {
            Some((total, LabelMatch::Exact))
        } else if !expected.is_empty() {
            let position = match total_at {
                Some(at) if labels.len() == 8 && i > at => i - 1,
                _ => i,
            };
            expected.get(position).map(|e| (*e, compare(key, e)))
        } else {
            // The header could not be aligned: only labels that are the template's are kept.
            keyed.find(key).map(|e| (e, LabelMatch::Exact))
        };
        if let Some((expected, matching)) = label {
            table.columns.push(ColumnLabel {
                found: found_label(cell),
                expected,
                matching,
            });
        }
    }
}

/// The key of a header cell ([`GridCell::key`]): its folded text when that is 申请人情况, the
/// corner note or one of the template's column labels as written, each its own key, which the
/// cell then has without its key being read (`place` passes those header cells over unread).
fn header_key<'c>(cell: &'c GridCell<'_>) -> &'c str {
    let folded = cell.folded();
    let is_label = !matches!(cell.value, CellValue::Number(_))
        && (folded == TABLE3_APPLICANTS
            || TABLE3_TOP_HEADER.contains(&folded)
            || TABLE3_COLUMNS.contains(&folded)
            || folded == labels::TABLE3_NOTE_FOLDED);
    if is_label {
        folded
    } else {
        cell.key()
    }
}

/// What `place` found, for tests.
#[cfg(test)]
pub(super) fn placed_ids(region: &Grid<'_>) -> Vec<(&'static str, LabelMatch)> {
    read(region, None)
        .map(|t| t.rows.iter().map(|r| (r.spec.id, r.matching)).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::grid;
    use crate::text::Document;

    #[test]
    fn reads_a_row_layout_table_with_drifted_rows() {
        let text = "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t总计\t\n\
\t\t自然人\t法人或其他组织\t\t\t\t\t\t\n\
\t\t\t商业企业\t科研机构\t社会组织\t法律服务机构\t其他\t\t\n\
一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\t\n\
三、本年度办理结果\t(一) 予以公开\t\t\t\t\t\t\t\t\n\
(七) 总计\t1\t0\t0\t0\t0\t0\t1\t\t\n";
        let doc = Document::new(text);
        let region = grid::read(&doc, 1, doc.line_count());
        let table = read(&region, None).unwrap();
        assert!(table.has_corner_note);
        let ids: Vec<_> = table.rows.iter().map(|r| r.spec.id).collect();
        assert_eq!(ids, ["t3.new", "t3.granted", "t3.total"]);
        assert!(table.rows[1].is_blank());
        assert_eq!(table.rows[1].cells.len(), 7);
        assert!(!table.rows[0].misaligned);
        assert!(table.rows[2].misaligned);
        assert_eq!(table.rows[2].cells.len(), 7);
        assert_eq!(table.int("t3.total", 6), Some(1));
        let mismatched: Vec<_> = table
            .columns
            .iter()
            .filter(|c| c.matching == LabelMatch::Different)
            .map(|c| (c.found.raw.as_str(), c.expected))
            .collect();
        assert_eq!(mismatched, [("社会组织", "社会公益组织")]);
        assert_eq!(table.columns.len(), 8);
    }

    #[test]
    fn a_2019_other_row_with_numbers_marks_2019() {
        let text = "\t(六) 其他处理\t0\t0\t0\t0\t0\t0\t0\n\t(七) 总计\t0\t0\t0\t0\t0\t0\t0";
        let doc = Document::new(text);
        let region = grid::read(&doc, 1, 2);
        let table = read(&region, None).unwrap();
        assert_eq!(table.version, Some(TemplateVersion::V2019));
        assert_eq!(table.rows[0].spec.id, "t3.other");
    }

    #[test]
    fn the_other_rows_are_markers_of_one_part() {
        let text = "\t(六) 其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n\
                    \t\t3.其他\t0\t0\t0\t0\t0\t0\t0\n\t\t3.其他\t0\t0\t0\t0\t0\t0\t0\n\t\t\t1\t1";
        let doc = Document::new(text);
        let region = grid::read(&doc, 1, doc.line_count());
        let table = read(&region, None).unwrap();
        assert_eq!(table.markers.len(), 3);
        assert!(table
            .markers
            .iter()
            .all(|m| m.part == MarkerPart::Table3Other
                && m.structural
                && m.version == TemplateVersion::V2021));
        let extra: Vec<_> = table
            .extra_rows
            .iter()
            .map(|r| (r.label.raw.as_str(), r.duplicate_of.map(|s| s.id), r.values))
            .collect();
        assert_eq!(
            extra,
            [("3.其他", Some("t3.other.other"), 7), ("", None, 2)]
        );
    }

    #[test]
    fn a_label_split_from_its_values_is_joined() {
        let text = "\t一、本年新收政府信息公开申请数量\n\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n";
        let doc = Document::new(text);
        let region = grid::read(&doc, 1, doc.line_count());
        let table = read(&region, None).unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].cells.len(), 7);
        assert_eq!(table.rows[0].last_line, 9);
    }

    /// The corner note as it was tested before the quick filter: five substring searches.
    fn is_note_reference(key: &str) -> bool {
        NOTE_PHRASES.iter().any(|k| key.contains(k))
    }

    #[test]
    fn the_note_filter_never_drops_a_note() {
        for phrase in NOTE_PHRASES {
            assert!(may_be_note(phrase), "{phrase}");
        }
        // The note as the template writes it, told without a search, is a note.
        assert!(is_note(labels::TABLE3_NOTE_FOLDED));
        for key in [
            "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
            "本列数据的勾稽关系为:",
            "第一项加第二项之和,",
            "等于第三项加第四项之和)",
            "钩稽关系",
            "申请人情况",
            "自然人",
            "法人或其他组织",
            "商业企业",
            "科研机构",
            "总计",
            "本列数据",
            "第一项加第二",
            "勾稽关",
        ] {
            assert_eq!(is_note(key), is_note_reference(key), "{key}");
        }
    }

    proptest::proptest! {
        #[test]
        fn is_note_agrees_with_the_substring_searches(
            key in "[勾钩稽关系本列数据第一二三四项加之和a1 ,:()]{0,16}"
        ) {
            proptest::prop_assert_eq!(is_note(&key), is_note_reference(&key));
        }
    }

    #[test]
    fn the_header_labels_are_the_templates_with_and_without_the_total() {
        let total = TABLE3_COLUMNS[TABLE3_COLUMNS.len() - 1];
        assert_eq!(HEADER_WITH_TOTAL.len(), 8);
        assert_eq!(HEADER_WITH_TOTAL.iter().filter(|l| **l == total).count(), 1);
        let without: Vec<_> = HEADER_WITH_TOTAL
            .iter()
            .copied()
            .filter(|l| *l != total)
            .collect();
        assert_eq!(*HEADER_WITHOUT_TOTAL, without);
        assert_eq!(
            HEADER_WITH_TOTAL[3..],
            TABLE3_COLUMNS[1..TABLE3_COLUMNS.len() - 1]
        );
    }

    /// A header cell's key is the key it has: cells written as 表三's header labels (as
    /// written, folded, spaced, quoted, with a colon), pieces of them, the corner note and
    /// numbers.
    #[test]
    fn a_header_cell_has_its_key() {
        let labels = TABLE3_TOP_HEADER
            .iter()
            .chain(TABLE3_COLUMNS)
            .chain(&[TABLE3_APPLICANTS, crate::report::template::TABLE3_NOTE]);
        let mut texts: Vec<String> = Vec::new();
        for label in labels {
            let chars: Vec<char> = label.chars().collect();
            let spaced: String = chars.iter().map(|c| format!("{c} ")).collect();
            texts.extend([
                label.to_string(),
                crate::text::fold(label),
                format!("“{label}”"),
                format!("{label}："),
                spaced.trim_end().to_string(),
                chars[1..].iter().collect(),
            ]);
        }
        texts.extend(["0", "1", "總计", "其他"].map(String::from));
        let text: String = texts.iter().map(|t| format!("x\t{t}\n")).collect();
        let doc = Document::new(&text);
        let region = grid::read(&doc, 1, doc.line_count());
        let mut written = 0;
        for row in region.rows() {
            for cell in row.cells() {
                // The cell as the reader meets it (its key unread), then its key.
                let fresh = cell.clone();
                assert_eq!(header_key(&fresh), cell.key(), "{:?}", cell.raw());
                written += usize::from(TABLE3_COLUMNS.contains(&fresh.folded()));
            }
        }
        // Cells written as the labels, which the key read is spared for, are among them.
        assert!(written >= 10, "{written}");
    }

    #[test]
    fn tolerant_matches_keep_the_found_label() {
        let text = "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n二、上年结转申请数量\t0\t0\t0\t0\t0\t0\t0";
        let doc = Document::new(text);
        let region = grid::read(&doc, 1, 2);
        assert_eq!(
            placed_ids(&region),
            [
                ("t3.new", LabelMatch::Exact),
                ("t3.carried-in", LabelMatch::Different)
            ]
        );
    }
}
