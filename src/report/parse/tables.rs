//! Reading 表二, 表三 and 表四 from their sections, in either layout.
//!
//! Each table is looked for in the body of its section (表二 in 二, 表三 in 三, 表四 in 四), from
//! the first line that looks like a table to the end of the run of table lines; a section whose
//! heading is missing is replaced by content markers (「第二十条第（一）项」, 表三's corner note
//! or 「申请人情况」, 表四's 「行政复议」 header). `rows` reads the region in either layout,
//! `table2`, `table3` and `table4` match its rows to the template, and `version` counts
//! the template markers inside the tables.

mod labels;
mod table2;
mod table3;
mod table4;
mod version;

use crate::report::tables::{Cell, CellValue, Doubt, ExtraRow, FoundLabel, LabelMatch, Layout};
use crate::report::template::{RowSpec, ValueKind};
use crate::report::{Section, SectionId, Table, TableKind, TemplateVersion};
use crate::text::{fold, label_key_cow, Document, Line};

use crate::document::{grid, GridCell, GridRow, LayoutTally, LineKind, TableSyntax};
use labels::Matcher;
use version::Markers;

/// The three tables as found.
#[derive(Debug, Default)]
pub struct Tables {
    pub table2: Option<Table>,
    pub table3: Option<Table>,
    pub table4: Option<Table>,
}

impl Tables {
    /// The template version the markers inside the tables point to, by majority over all
    /// tables; `None` when there are no markers or as many of each.
    pub fn version(&self) -> Option<TemplateVersion> {
        let mut markers = Markers::default();
        for table in [&self.table2, &self.table3, &self.table4]
            .into_iter()
            .flatten()
        {
            markers.v2019 += table.markers_2019;
            markers.v2021 += table.markers_2021;
        }
        markers.majority()
    }
}

/// Reads the tables, from the sections [`super::sections::find`] found in `doc`.
pub fn read(doc: &Document, sections: &[Section]) -> Tables {
    let (spans, tallies) = regions(doc, sections);
    let region = |i: usize| {
        spans[i].map(|span| match span {
            Span::Lines(first, last) => grid::read_known(doc, first, last, &tallies[i]),
            Span::Inline { line, start, end } => grid::read_inline(doc, line, start, end),
        })
    };
    let (r2, r3, r4) = (region(0), region(1), region(2));
    let mut table2 = r2.as_ref().and_then(|r| table2::read(r, None));
    let own2 = table2.as_ref().and_then(|t| t.version);
    let table3 = r3.as_ref().and_then(|r| table3::read(r, own2));
    let own3 = table3.as_ref().and_then(|t| t.version);
    // 表二 without markers of its own follows 表三's.
    if let (Some(r), Some(t), None, Some(v)) = (&r2, &table2, own2, own3) {
        if t.template != v {
            table2 = table2::read(r, Some(v));
        }
    }
    let mut table4 = r4.as_ref().and_then(|r| table4::read(r, own2.or(own3)));
    let mut table3 = table3;
    for table in [&mut table2, &mut table3, &mut table4]
        .into_iter()
        .flatten()
    {
        assess(table);
    }
    Tables {
        table2,
        table3,
        table4,
    }
}

/// Unlabelled rows of values up to which one row cut by a page break is the likelier reading.
const UNLABELLED_ROWS_TOLERATED: usize = 2;

/// Records why the table's grid was not matched with confidence ([`Doubt`]), whatever the
/// layout it was read from.
fn assess(table: &mut Table) {
    let unlabelled = table
        .extra_rows
        .iter()
        .filter(|r| {
            r.duplicate_of.is_none()
                && (r.label.is_empty() || CellValue::parse(&fold(&r.label.raw)).is_value_like())
        })
        .count();
    if unlabelled > UNLABELLED_ROWS_TOLERATED {
        table
            .doubts
            .push(Doubt::UnlabelledValues { rows: unlabelled });
    }
    if matches!(
        table.layout,
        Layout::Lines | Layout::Columns | Layout::Collapsed
    ) {
        let rows: Vec<&'static str> = table
            .rows
            .iter()
            .filter(|r| !r.has_expected_count() && !r.is_blank())
            .map(|r| r.spec.label)
            .collect();
        if !rows.is_empty() {
            table.doubts.push(Doubt::UnplaceableValues { rows });
        }
    }
    if table.layout == Layout::Collapsed {
        let expected = match table.kind {
            TableKind::Table2 => table.template.table2().len(),
            TableKind::Table3 => table.template.table3().len(),
            TableKind::Table4 => 1,
        };
        let found = table.rows.len();
        if found < expected {
            table.doubts.push(Doubt::RunTogether { found, expected });
        }
    }
}

/// Where a row was placed: the index of its label cell, the template row and how the label
/// compares.
#[derive(Debug, Clone, Copy)]
struct Placed {
    cell: usize,
    spec: usize,
    matching: LabelMatch,
}

/// Places a row among the template's rows by its label.
///
/// The labels are the cells before the first value; the row label is the last of them that is
/// not a group label (「三、本年度办理结果」 before 「（一）予以公开」). Exact and variant keys are
/// tried first, from the last label back; a row with values whose labels match none is then
/// matched tolerantly (see [`Matcher::find`]). A row without values is placed only by an exact
/// or variant key, so that header rows are never taken for blank data rows.
///
/// `is_group` never holds for a template row's own key (a test pins it for 表三's groups), so
/// a key that is the key of the row expected next is that row's exact match whether or not
/// the group test is asked first: most rows come in the template's order, and are placed by
/// one comparison instead of the group test and two hash look-ups. A label written as its key
/// is compared before its key is read (see [`Matcher::is_written_key_of`]).
fn place(
    row: &GridRow<'_, '_>,
    matcher: &Matcher,
    next: usize,
    is_group: &dyn Fn(&str) -> bool,
) -> Option<Placed> {
    let zone = row.label_zone();
    let has_values = row.has_values();
    let mut candidate = None;
    for (cell, raw) in zone.iter().enumerate().rev() {
        if raw.is_empty() {
            continue;
        }
        // A number's key is empty, never a row's: only a label's text can be its key.
        if !matches!(raw.value, CellValue::Number(_))
            && matcher.is_written_key_of(next, raw.folded())
        {
            return Some(Placed {
                cell,
                spec: next,
                matching: LabelMatch::Exact,
            });
        }
        // Without values only an exact or variant key places the row, and a cell is a
        // candidate for nothing: a label no key can start like is passed over unread.
        if !has_values && !matcher.may_key_a_row(raw.folded()) {
            continue;
        }
        let key = raw.key();
        if matcher.is_key_of(next, key) {
            return Some(Placed {
                cell,
                spec: next,
                matching: LabelMatch::Exact,
            });
        }
        if is_group(key) {
            continue;
        }
        if let Some((spec, matching)) = matcher.strict(key) {
            return Some(Placed {
                cell,
                spec,
                matching,
            });
        }
        if candidate.is_none() {
            candidate = Some((cell, key));
        }
    }
    if !has_values {
        return None;
    }
    let (cell, key) = candidate?;
    let (spec, matching) = matcher.find(key, next)?;
    Some(Placed {
        cell,
        spec,
        matching,
    })
}

/// The values of a row in template order.
///
/// The value zone is taken whole (a text cell inside it is a value that is not a number); when
/// it holds fewer cells than expected, text cells between the row label and the first value are
/// values too (「行政事业性收费」 then 「未统计」). Empty cells trailing beyond the expected count are
/// dropped, and so is whatever stands in a structurally empty column when it is blank or a
/// placeholder. A row with no value at all gets `expected` blank cells: the empty cells after
/// its label, or just after the label. `expected` is the row's number of values, which the
/// caller's matcher counted once ([`Matcher::expected_values`]).
fn values_for(
    spec: &RowSpec,
    expected: usize,
    row: &GridRow<'_, '_>,
    label_cell: usize,
) -> Vec<Cell> {
    debug_assert_eq!(expected, spec.expected_values());
    let value_start = row.value_start().unwrap_or(row.cells.len());
    let filled = row.cells[value_start..]
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(0, |last| last + 1);
    let start = if filled < expected {
        row.cells
            .iter()
            .enumerate()
            .take(value_start)
            .skip(label_cell + 1)
            .find(|(_, c)| !c.is_empty())
            .map_or(value_start, |(i, _)| i)
    } else {
        value_start
    };
    let zone = &row.cells[start..];
    // The zone is empty when its values are and no text cell before them was taken: the cell
    // at an earlier `start` is one that is not empty.
    let zone_is_empty = filled == 0 && start == value_start;
    debug_assert_eq!(zone_is_empty, zone.iter().all(GridCell::is_empty));
    if zone_is_empty {
        let mut cells: Vec<Cell> = row
            .cells
            .iter()
            .skip(label_cell + 1)
            .filter(|c| c.is_empty())
            .take(expected)
            .map(GridCell::to_cell)
            .collect();
        // No empty cells to point at: point just after the label.
        let (line, column) = row
            .cells
            .get(label_cell)
            .map_or((row.line, row.end_column), |c| {
                (c.line(), c.column() + c.raw().chars().count() as u32)
            });
        while cells.len() < expected {
            cells.push(Cell {
                line,
                column,
                raw: compact_str::CompactString::default(),
                value: CellValue::Blank,
            });
        }
        return cells;
    }
    // The trailing cells dropped are decided before any cell is made.
    let mut kept = zone.len();
    while kept > expected {
        let Some(last) = zone.get(kept - 1) else {
            break;
        };
        let structurally_empty = spec.kind(kept - 1) == Some(ValueKind::Empty)
            && matches!(last.value, CellValue::Blank | CellValue::Placeholder);
        if last.value != CellValue::Blank && !structurally_empty {
            break;
        }
        kept -= 1;
    }
    zone[..kept].iter().map(GridCell::to_cell).collect()
}

fn found_label(cell: &GridCell<'_>) -> FoundLabel {
    FoundLabel {
        line: cell.line(),
        column: cell.column(),
        raw: compact_str::CompactString::new(cell.raw()),
    }
}

/// A row kept aside: it matches no template row, or repeats one (`duplicate_of`).
fn extra_row(
    row: &GridRow<'_, '_>,
    label: FoundLabel,
    duplicate_of: Option<&'static RowSpec>,
) -> ExtraRow {
    ExtraRow {
        label,
        line: row.line,
        last_line: row.last_line,
        values: row.cells.iter().filter(|c| c.value.is_value_like()).count(),
        duplicate_of,
    }
}

/// The table kinds with the sections they belong to, in order.
const KINDS: [(TableKind, SectionId); 3] = [
    (TableKind::Table2, SectionId::Proactive),
    (TableKind::Table3, SectionId::Requests),
    (TableKind::Table4, SectionId::Appeals),
];

/// Where a table is in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Span {
    /// Lines `first..=last`.
    Lines(u32, u32),
    /// Bytes `start..end` of one line's folded text (whitespace-collapsed text).
    Inline { line: u32, start: usize, end: usize },
}

impl Span {
    fn lines(self) -> (u32, u32) {
        match self {
            Span::Lines(first, last) => (first, last),
            Span::Inline { line, .. } => (line, line),
        }
    }
}

/// The span of each table: in its section when the section is there, else from the table's
/// content markers, else inside a line that holds the whole report run together. With each
/// span of lines, what its lines say of its layout (see [`Run`]).
fn regions(doc: &Document, sections: &[Section]) -> ([Option<Span>; 3], [LayoutTally; 3]) {
    let mut spans = [None; 3];
    let mut tallies = [LayoutTally::default(); 3];
    let mut located = [false; 3];
    // The heading lines, in text order: every line `sections::find` read as a heading, so a
    // line's kind never needs the heading read again.
    let headings: Vec<u32> = sections.iter().map(|s| s.heading.line).collect();
    let mut found = |i: usize, run: Option<Run>| {
        run.map(|run| {
            tallies[i] = run.tally;
            Span::Lines(run.first, run.last)
        })
    };
    for (i, (kind, id)) in KINDS.iter().enumerate() {
        if let Some(section) = sections.iter().find(|s| s.id == *id) {
            located[i] = true;
            let run = run(doc, section.body_first, section.body_last, *kind, &headings);
            spans[i] = found(i, run);
        }
    }
    for (i, (kind, _)) in KINDS.iter().enumerate() {
        if located[i] {
            continue;
        }
        let taken = spans;
        let anchor = doc.lines().find(|line| {
            !taken
                .iter()
                .flatten()
                .any(|s| (s.lines().0..=s.lines().1).contains(&line.no))
                && is_anchor(line, *kind)
        });
        let run = anchor.and_then(|line| run(doc, line.no, doc.line_count(), *kind, &headings));
        spans[i] = found(i, run).or_else(|| inline(doc, *kind));
    }
    (spans, tallies)
}

/// A line this long holding a table's opening is the whole report run together.
const COLLAPSED_LINE_CHARS: usize = 300;

/// A table inside a whitespace-collapsed line: from the table's opening words to the opening
/// of a later table, the title of a later section, or a full stop.
fn inline(doc: &Document, kind: TableKind) -> Option<Span> {
    doc.lines()
        .filter(|line| crate::text::more_chars_than(line.folded, COLLAPSED_LINE_CHARS))
        .find_map(|line| {
            let folded = line.folded;
            let start = inline_anchor(folded, kind)?;
            let later_tables = KINDS
                .iter()
                .filter(|(k, _)| *k > kind)
                .filter_map(|(k, _)| inline_anchor(&folded[start..], *k));
            let later_sections = SectionId::ALL
                .into_iter()
                .filter(|id| *id > section_of(kind))
                .filter_map(|id| folded[start..].find(id.title()));
            let stop = folded[start..].find('。');
            let end = later_tables
                .chain(later_sections)
                .chain(stop)
                .filter(|at| *at > 0)
                .min()
                .map_or(folded.len(), |at| start + at);
            Some(Span::Inline {
                line: line.no,
                start,
                end,
            })
        })
}

/// Where a table opens inside collapsed text: 「第二十条第（一）项」, 表三's corner note or
/// 「申请人情况」, 「行政复议」 followed by 「行政诉讼」.
fn inline_anchor(folded: &str, kind: TableKind) -> Option<usize> {
    match kind {
        TableKind::Table2 => folded.find("第二十条第(一)项"),
        TableKind::Table3 => ["(本列数据", "申请人情况"]
            .into_iter()
            .filter_map(|a| folded.find(a))
            .min(),
        TableKind::Table4 => folded
            .match_indices("行政复议")
            .map(|(at, _)| at)
            .find(|at| {
                folded[at + "行政复议".len()..]
                    .trim_start()
                    .starts_with("行政诉讼")
            }),
    }
}

fn section_of(kind: TableKind) -> SectionId {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(SectionId::Proactive, |(_, id)| *id)
}

/// A run of table lines, `first..=last`, with what its lines say of its layout, counted while
/// the run was found (each line's [`TableSyntax`] is decided here anyway) and handed to the
/// grid reader, which would otherwise read every line of the run again to decide it.
struct Run {
    first: u32,
    last: u32,
    tally: LayoutTally,
}

/// The run of table lines in `first..=last`: from the first row of separated cells (tabs or
/// pipes) or table's own header line to the last line before prose, a heading or the next
/// table. Space-aligned and one-cell-per-line tables start at their header line.
///
/// Each line's syntax is read once, and whether it is a heading is looked up in `headings`
/// (the heading lines in text order) rather than read again.
fn run(doc: &Document, first: u32, last: u32, kind: TableKind, headings: &[u32]) -> Option<Run> {
    let mut span: Option<Run> = None;
    // The heading lines from `first` on: the lines come in order, so whether one is a heading
    // is answered by stepping through them alongside rather than by a search per line.
    let mut later_headings = &headings[headings.partition_point(|&h| h < first)..];
    // The blank lines since the run's last line, counted apart: they belong to the run only
    // when a table line follows them (a blank line may hold a tab, an empty cell). `None`
    // while there are none, so that the lines of a table without blank lines merge nothing.
    let mut blanks: Option<LayoutTally> = None;
    for line in doc.lines_in(first, last) {
        if line.is_blank() {
            if span.is_some() {
                blanks
                    .get_or_insert_with(LayoutTally::default)
                    .add(&line, || TableSyntax::None);
            }
            continue;
        }
        let syntax = TableSyntax::of(&line);
        match span.as_mut() {
            None => {
                let separated = matches!(syntax, TableSyntax::Tabs | TableSyntax::Pipes);
                if separated || anchors(&line, opening(&line), kind, Some(syntax)) {
                    let mut tally = LayoutTally::default();
                    tally.add(&line, || syntax);
                    span = Some(Run {
                        first: line.no,
                        last: line.no,
                        tally,
                    });
                }
            }
            Some(run) => {
                let is_heading = || {
                    while let Some((&heading, rest)) = later_headings.split_first() {
                        if heading >= line.no {
                            break;
                        }
                        later_headings = rest;
                    }
                    later_headings.first() == Some(&line.no)
                };
                if !LineKind::decide(&line, || syntax, is_heading).may_be_table()
                    || is_later_anchor(&line, kind, syntax)
                {
                    break;
                }
                run.last = line.no;
                if let Some(blanks) = blanks.take() {
                    run.tally.merge(&blanks);
                }
                run.tally.add(&line, || syntax);
            }
        }
    }
    // Blank lines after the last table line are not part of the run: `blanks` is left out.
    span
}

/// Whether the line, of cell syntax `syntax`, starts a table that comes after `kind`.
///
/// Asked of every line of a table: the opening is tested here, and [`anchors`] called only for
/// a line that opens like an anchor (a call for every line and later table cost more than the
/// test).
fn is_later_anchor(line: &Line<'_>, kind: TableKind, syntax: TableSyntax) -> bool {
    // The opening's first character is the line's lead unless the line opens with pipes: a
    // line leading with a character no later table's anchors open with (most table lines: a
    // number, a row label) is none, told before its opening is found.
    if let Some(lead) = line.facts.lead {
        let may_open = |(k, _): &(TableKind, SectionId)| *k > kind && may_open_as_anchor(lead, *k);
        if lead != '|' && !KINDS.iter().any(may_open) {
            return false;
        }
    }
    let opening = opening(line);
    KINDS
        .iter()
        .filter(|(k, _)| *k > kind)
        .any(|(k, _)| opens_as_anchor(opening, *k) && anchors(line, opening, *k, Some(syntax)))
}

/// The line from its first non-empty cell on: what [`first_cell`] starts with, found without
/// cutting the line into cells (the anchors test only how the first cell opens, and none of
/// their openings holds a separator or two spaces).
fn opening<'a>(line: &Line<'a>) -> &'a str {
    // The line's first character that is not whitespace is a fact of the document: only a
    // line that opens with a pipe is trimmed further.
    match line.facts.lead {
        Some('|') => line
            .folded_from_lead()
            .trim_start_matches(|c: char| c == '|' || c.is_whitespace()),
        _ => line.folded_from_lead(),
    }
}

/// The first non-empty cell of a line, folded and trimmed: cells end at a tab or a pipe, and
/// on a line without either at a gap of two spaces.
fn first_cell<'a>(line: &Line<'a>) -> &'a str {
    let folded = line.folded;
    let separated = folded.contains('\t');
    // Cut at the bytes of the two separators (ASCII, so never inside a character) rather than
    // with a pattern of chars, which decodes every character of the line.
    let bytes = folded.as_bytes();
    let mut from = 0;
    while from <= bytes.len() {
        let to = memchr::memchr2(b'\t', b'|', &bytes[from..]).map_or(bytes.len(), |at| from + at);
        let cell = folded[from..to].trim();
        let cell = match separated {
            true => cell,
            false => before_gap(cell),
        };
        if !cell.is_empty() {
            return cell;
        }
        from = to + 1;
    }
    ""
}

/// The text before the first gap of two spaces (all of it without one): what
/// `text.split("  ").next()` gives, found by a look at byte pairs rather than a substring
/// searcher, which costs more to set up than a first cell is long.
fn before_gap(text: &str) -> &str {
    let gap = text.as_bytes().windows(2).position(|pair| pair == b"  ");
    // A space is a character of its own: the text before it ends on a character boundary.
    gap.and_then(|at| text.get(..at)).unwrap_or(text)
}

/// Whether the line is a table's own header: 「第二十条第（x）项」 for 表二; the corner note,
/// 「申请人情况」 or the 本年新收 row for 表三; 「行政复议」 (with 「行政诉讼」) for 表四.
///
/// Runs on every line of a table region, so the first cell's opening is tested before any key
/// is built.
fn is_anchor(line: &Line<'_>, kind: TableKind) -> bool {
    anchors(line, opening(line), kind, None)
}

/// [`is_anchor`] with the line's [`opening`] already found (the later tables' anchors are
/// tried on every line of a table, each from the same opening), and its [`TableSyntax`] when
/// the caller knows it. The first cell is cut only when it opens like an anchor.
fn anchors(line: &Line<'_>, opening: &str, kind: TableKind, syntax: Option<TableSyntax>) -> bool {
    if !opens_as_anchor(opening, kind) {
        return false;
    }
    let first = first_cell(line);
    let folded = line.folded;
    let syntax = syntax.unwrap_or_else(|| TableSyntax::of(line));
    let has_tab = folded.contains('\t') || syntax != TableSyntax::None;
    if !has_tab && (folded.contains('。') || crate::text::more_chars_than(folded, 80)) {
        return false;
    }
    // 表三's corner note as the template writes it is its own key, which opens with a bracket
    // and holds 勾稽关系: told by one comparison, where keying the note and searching it cost
    // more than a thousand instructions (表三's first line in the line and column layouts).
    if kind == TableKind::Table3 && first == labels::TABLE3_NOTE_FOLDED {
        return true;
    }
    // Borrowed when the first cell is its own key (most are): this runs on every line of a
    // table that opens like a later table's anchor, and a copy was an allocation each time.
    let key = label_key_cow(first);
    match kind {
        TableKind::Table2 => key.starts_with("第二十条第("),
        TableKind::Table3 => {
            (key.starts_with('(') && key.contains("勾稽关系"))
                || key == "申请人情况"
                || (has_tab && key.starts_with("一、本年新收政府信息公开申请"))
                || key == "一、本年新收政府信息公开申请数量"
        }
        TableKind::Table4 => key == "行政复议" || folded.contains("行政诉讼"),
    }
}

/// Whether an opening starting with `c` may start as the anchors of `kind` do: the first
/// characters of [`opens_as_anchor`]'s openings.
fn may_open_as_anchor(c: char, kind: TableKind) -> bool {
    match kind {
        TableKind::Table2 => c == '第',
        TableKind::Table3 => matches!(c, '(' | '申' | '一'),
        TableKind::Table4 => c == '行',
    }
}

/// Whether a line's [`opening`] starts as the anchors of `kind` do: the first test of
/// [`anchors`], which a line must pass before its first cell is cut and keyed.
#[inline]
fn opens_as_anchor(opening: &str, kind: TableKind) -> bool {
    match kind {
        TableKind::Table2 => opening.starts_with("第二十条"),
        TableKind::Table3 => {
            opening.starts_with('(') || opening.starts_with("申请人") || opening.starts_with('一')
        }
        TableKind::Table4 => opening.starts_with("行政复议"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;

    const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-reports");

    fn seed(prefix: &str) -> crate::report::Report {
        let entry = std::fs::read_dir(SEEDS)
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
            .unwrap();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        parse_text(&text, SourceEncoding::Utf8)
    }

    #[test]
    fn the_first_cell_skips_empty_cells_and_ends_at_a_separator_or_a_gap() {
        let doc = Document::new(
            "\t\t（一）予以公开\t3\n| | 规章 | 0 |\n  申请人情况  自然人\n\t \t\n第二十条|x\n政府信息",
        );
        let firsts: Vec<&str> = doc.lines().map(|l| first_cell(&l)).collect();
        // The anchors test the opening, which starts with the first cell.
        for line in doc.lines() {
            assert!(opening(&line).starts_with(first_cell(&line)), "{line:?}");
        }
        // The opening found from the line's facts is the line trimmed of pipes and spaces.
        for text in [
            "|| 规章 |",
            " | x",
            "\u{3000}|",
            "|",
            "  规章  ",
            "",
            "a|b",
            "| |\u{3000}|x",
        ] {
            let doc = Document::new(text);
            for line in doc.lines() {
                let trimmed = line
                    .folded
                    .trim_start_matches(|c: char| c == '|' || c.is_whitespace());
                assert_eq!(opening(&line), trimmed, "{text:?}");
            }
        }
        assert_eq!(
            firsts,
            [
                "(一)予以公开",
                "规章",
                "申请人情况",
                "",
                "第二十条",
                "政府信息"
            ]
        );
    }

    /// The seeds and the fixtures whose tables come in the layouts real reports use (a
    /// browser copy, pdftotext's layout, a web page, a cell a line, rows with defects).
    fn table_fixture_files() -> Vec<std::path::PathBuf> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(SEEDS)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        for name in [
            "real/shuyang-fgj-2023.browser-copy.txt",
            "real/huaian-hongze-2023.pdftotext-layout.txt",
            "real/shuyang-fgj-2023-web.txt",
            "tables/cells-2019.txt",
            "tables/defects-rows-2023.txt",
        ] {
            files.push(root.join(name));
        }
        files
    }

    /// The layout the table finder tallies while it finds a table is the layout decided from
    /// the region's lines, and the grid read with it is the grid read from scratch, in every
    /// layout the fixtures hold.
    #[test]
    fn the_syntax_decided_while_finding_a_table_is_the_lines_own() {
        let files = table_fixture_files();
        let mut layouts = Vec::new();
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let doc = Document::new(&text);
            let sections = crate::report::parse::sections::find(&doc);
            let (spans, tallies) = regions(&doc, &sections);
            for (span, tally) in spans.iter().zip(&tallies) {
                let Some(Span::Lines(first, last)) = span else {
                    continue;
                };
                let mut fresh_tally = LayoutTally::default();
                for line in doc.lines_in(*first, *last) {
                    fresh_tally.add(&line, || TableSyntax::of(&line));
                }
                assert_eq!(*tally, fresh_tally, "{path:?}");
                let known = grid::read_known(&doc, *first, *last, tally);
                let fresh = grid::read(&doc, *first, *last);
                assert_eq!(format!("{known:?}"), format!("{fresh:?}"), "{path:?}");
                layouts.push(known.layout);
            }
        }
        for layout in [
            grid::Layout::Rows,
            grid::Layout::Cells,
            grid::Layout::Lines,
            grid::Layout::Columns,
        ] {
            assert!(layouts.contains(&layout), "no fixture in {layout:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_text_before_a_gap_is_the_first_piece_split_at_two_spaces(
            text in "[ 　a政(一)\t]{0,10}"
        ) {
            proptest::prop_assert_eq!(before_gap(&text), text.split("  ").next().unwrap_or(""));
        }
    }

    /// [`first_cell`] as it was: cut with a byte search and `split("  ")`.
    fn first_cell_reference<'a>(line: &Line<'a>) -> &'a str {
        let folded = line.folded;
        let separated = folded.contains('\t');
        let bytes = folded.as_bytes();
        let mut from = 0;
        while from <= bytes.len() {
            let to = bytes[from..]
                .iter()
                .position(|&b| b == b'\t' || b == b'|')
                .map_or(bytes.len(), |at| from + at);
            let cell = folded[from..to].trim();
            let cell = match separated {
                true => cell,
                false => cell.split("  ").next().unwrap_or(""),
            };
            if !cell.is_empty() {
                return cell;
            }
            from = to + 1;
        }
        ""
    }

    proptest::proptest! {
        #[test]
        fn the_first_cell_is_cut_as_before(text in "[ 　a政(一)\t|\n]{0,14}") {
            let doc = Document::new(&text);
            for line in doc.lines() {
                proptest::prop_assert_eq!(first_cell(&line), first_cell_reference(&line));
            }
        }
    }

    /// [`anchors`] as it was: the first cell always keyed.
    fn anchors_reference(
        line: &Line<'_>,
        opening: &str,
        kind: TableKind,
        syntax: Option<TableSyntax>,
    ) -> bool {
        if !opens_as_anchor(opening, kind) {
            return false;
        }
        let first = first_cell(line);
        let folded = line.folded;
        let syntax = syntax.unwrap_or_else(|| TableSyntax::of(line));
        let has_tab = folded.contains('\t') || syntax != TableSyntax::None;
        if !has_tab && (folded.contains('。') || crate::text::more_chars_than(folded, 80)) {
            return false;
        }
        let key = label_key_cow(first);
        match kind {
            TableKind::Table2 => key.starts_with("第二十条第("),
            TableKind::Table3 => {
                (key.starts_with('(') && key.contains("勾稽关系"))
                    || key == "申请人情况"
                    || (has_tab && key.starts_with("一、本年新收政府信息公开申请"))
                    || key == "一、本年新收政府信息公开申请数量"
            }
            TableKind::Table4 => key == "行政复议" || folded.contains("行政诉讼"),
        }
    }

    /// [`is_later_anchor`] as it was: the opening found for every line, and the anchors
    /// tested as they were.
    fn is_later_anchor_reference(line: &Line<'_>, kind: TableKind, syntax: TableSyntax) -> bool {
        let opening = opening(line);
        KINDS.iter().filter(|(k, _)| *k > kind).any(|(k, _)| {
            opens_as_anchor(opening, *k) && anchors_reference(line, opening, *k, Some(syntax))
        })
    }

    /// Every line of the fixtures, and lines holding the corner note as the template writes
    /// it, alone, after pipes or spaces, before other cells, cut or lengthened, in prose: an
    /// anchor of each kind as before.
    #[test]
    fn lines_are_anchors_as_before() {
        let note = crate::report::template::TABLE3_NOTE;
        let folded = labels::TABLE3_NOTE_FOLDED;
        let mut texts = vec![
            note.to_string(),
            folded.to_string(),
            format!("| {note} | 申请人情况 |"),
            format!("{note}\t\t申请人情况"),
            format!("  {note}  总计"),
            format!("{note}x"),
            folded[..folded.len() - 1].to_string(),
            format!("{note}。"),
            format!("{note}{note}{note}"),
        ];
        for path in table_fixture_files() {
            texts.push(std::fs::read_to_string(&path).unwrap());
        }
        let mut notes = 0;
        for text in &texts {
            let doc = Document::new(text);
            for line in doc.lines() {
                for (kind, _) in KINDS {
                    let opening = opening(&line);
                    for syntax in [None, Some(TableSyntax::of(&line))] {
                        let reference = anchors_reference(&line, opening, kind, syntax);
                        assert_eq!(
                            anchors(&line, opening, kind, syntax),
                            reference,
                            "{:?} {kind:?}",
                            line.folded
                        );
                        notes += usize::from(reference && first_cell(&line) == folded);
                    }
                }
            }
        }
        assert!(notes >= 6, "{notes}");
    }

    /// An opening that starts as a kind's anchors do starts with one of the characters
    /// [`may_open_as_anchor`] lets through: every character, followed by the rest of each
    /// anchor's opening and by nothing.
    #[test]
    fn anchors_open_with_the_characters_let_through() {
        let mut opened = 0;
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            for rest in ["", "二十条", "请人", "政复议", "x"] {
                let opening = format!("{c}{rest}");
                for (kind, _) in KINDS {
                    if opens_as_anchor(&opening, kind) {
                        assert!(may_open_as_anchor(c, kind), "{opening:?}");
                        opened += 1;
                    }
                }
            }
        }
        assert!(opened >= 5, "{opened}");
    }

    proptest::proptest! {
        /// Any line of anchors' openings, their pieces, pipes, tabs, spaces and numbers is a
        /// later table's anchor as before, after each kind.
        #[test]
        fn later_anchors_are_found_as_before(
            text in "(第二十条第\\(一\\)项|\\(本列数据的勾稽关系|（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|申请人情况|一、本年新收政府信息公开申请数量|行政复议|行政诉讼|[|\t 　0-9一行申第(（x]){0,6}"
        ) {
            let doc = Document::new(&text);
            for line in doc.lines() {
                let syntax = TableSyntax::of(&line);
                for (kind, _) in KINDS {
                    proptest::prop_assert_eq!(
                        is_later_anchor(&line, kind, syntax),
                        is_later_anchor_reference(&line, kind, syntax),
                        "{:?} after {:?}", line.folded, kind
                    );
                }
            }
        }
    }

    /// Every line of the fixtures is a later table's anchor as before, after each kind.
    #[test]
    fn fixture_lines_are_later_anchors_as_before() {
        let mut anchors_found = 0;
        for path in table_fixture_files() {
            let text = std::fs::read_to_string(&path).unwrap();
            let doc = Document::new(&text);
            for line in doc.lines() {
                let syntax = TableSyntax::of(&line);
                for (kind, _) in KINDS {
                    let reference = is_later_anchor_reference(&line, kind, syntax);
                    assert_eq!(
                        is_later_anchor(&line, kind, syntax),
                        reference,
                        "{path:?} {}",
                        line.no
                    );
                    anchors_found += usize::from(reference);
                }
            }
        }
        assert!(anchors_found > 10, "{anchors_found}");
    }

    /// What [`place`] asks of a key: whether it is a group label.
    type GroupTest = dyn Fn(&str) -> bool;

    /// [`place`] as it was before the row expected next was compared first: the group test,
    /// then the two look-ups, for every label cell from the last back.
    fn place_reference(
        row: &GridRow<'_, '_>,
        matcher: &Matcher,
        next: usize,
        is_group: &GroupTest,
    ) -> Option<Placed> {
        let zone = row.label_zone();
        let mut candidate = None;
        for (cell, raw) in zone.iter().enumerate().rev() {
            if raw.is_empty() || is_group(raw.key()) {
                continue;
            }
            let key = raw.key();
            if let Some(i) = matcher.exact(key) {
                let matching = LabelMatch::Exact;
                return Some(Placed {
                    cell,
                    spec: i,
                    matching,
                });
            }
            if let Some(i) = matcher.variant(key) {
                let matching = LabelMatch::Variant;
                return Some(Placed {
                    cell,
                    spec: i,
                    matching,
                });
            }
            candidate = candidate.or(Some((cell, key)));
        }
        if !row.has_values() {
            return None;
        }
        let (cell, key) = candidate?;
        let (spec, matching) = matcher.find(key, next)?;
        Some(Placed {
            cell,
            spec,
            matching,
        })
    }

    /// Every row of `region` placed with every row of the template expected next, with 表二's
    /// and 表三's matchers in both versions: the same row, cell and match as the reference.
    /// How many were placed on the row expected next by its key.
    fn placed_as_before(region: &grid::Grid<'_>, context: &str) -> usize {
        let mut fast = 0;
        for version in [TemplateVersion::V2019, TemplateVersion::V2021] {
            let is_group = move |key: &str| labels::is_table3_group(key, version);
            let no_groups = |_: &str| false;
            let matchers: [(&Matcher, &GroupTest); 2] = [
                (labels::table2(version), &no_groups),
                (labels::table3(version), &is_group),
            ];
            for (matcher, groups) in matchers {
                for row in region.rows() {
                    for next in 0..=matcher.specs.len() {
                        let placed = place(&row, matcher, next, groups);
                        let reference = place_reference(&row, matcher, next, groups);
                        assert_eq!(
                            format!("{placed:?}"),
                            format!("{reference:?}"),
                            "{context} line {}",
                            row.line
                        );
                        fast +=
                            usize::from(placed.is_some_and(|p| {
                                p.spec == next && p.matching == LabelMatch::Exact
                            }));
                    }
                }
            }
        }
        fast
    }

    /// Every row of every table region of the fixtures, placed as before.
    #[test]
    fn placing_the_row_expected_next_first_places_every_row_as_before() {
        let files = table_fixture_files();
        let mut fast = 0;
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let doc = Document::new(&text);
            let sections = crate::report::parse::sections::find(&doc);
            let (spans, _) = regions(&doc, &sections);
            for span in spans.iter().flatten() {
                let (first, last) = span.lines();
                let region = grid::read(&doc, first, last);
                fast += placed_as_before(&region, &format!("{path:?}"));
            }
        }
        assert!(fast > 100, "{fast}");
    }

    /// The template's row and header labels of every table and version, the corner note, and
    /// 申请人情况: the texts rows are made of in the proptest below.
    fn template_labels() -> Vec<String> {
        use crate::report::template::{
            TABLE3_APPLICANTS, TABLE3_COLUMNS, TABLE3_NOTE, TABLE3_TOP_HEADER, TABLE4_HEADER,
        };
        let versions = [TemplateVersion::V2019, TemplateVersion::V2021];
        let rows = versions
            .iter()
            .flat_map(|v| v.table2().iter().chain(v.table3()))
            .map(|spec| spec.label);
        rows.chain(TABLE3_TOP_HEADER.iter().copied())
            .chain(TABLE3_COLUMNS.iter().copied())
            .chain(TABLE4_HEADER.iter().copied())
            .chain([
                TABLE3_APPLICANTS,
                TABLE3_NOTE,
                "三、本年度办理结果",
                "(三)不予公开",
            ])
            .map(String::from)
            .collect()
    }

    proptest::proptest! {
        /// Rows of labels, header labels, pieces of them and numbers, most without values (as
        /// 表三's header rows, whose cells `place` passes over unread): placed as before.
        #[test]
        fn rows_of_labels_are_placed_as_before(
            cells in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(template_labels()),
                    "[自然人法其他總计申请一二三(（)）1.、 　“”:0-9]{0,6}",
                ],
                1..6,
            )
        ) {
            let text = cells.join("\t");
            let doc = Document::new(&text);
            let region = grid::read(&doc, 1, doc.line_count());
            placed_as_before(&region, &text);
        }
    }

    #[test]
    fn every_seed_has_three_complete_tables() {
        for prefix in ["000", "001", "003", "004"] {
            let report = seed(prefix);
            let t2 = report.table2.as_ref().unwrap();
            let t3 = report.table3.as_ref().unwrap();
            let t4 = report.table4.as_ref().unwrap();
            assert_eq!(t2.rows.len(), 6, "{prefix}");
            assert_eq!(t3.rows.len(), 25, "{prefix}");
            assert!(t3.rows.iter().all(|r| r.has_expected_count()), "{prefix}");
            assert!(t3.extra_rows.is_empty(), "{prefix}");
            assert_eq!(t4.rows.len(), 1, "{prefix}");
            assert_eq!(t4.rows[0].cells.len(), 15, "{prefix}");
            assert_eq!(report.template, Some(TemplateVersion::V2021), "{prefix}");
            assert!(t3.has_corner_note, "{prefix}");
            assert_eq!(t3.columns.len(), 8, "{prefix}");
            assert_eq!(t4.columns.len(), 19, "{prefix}");
        }
    }

    #[test]
    fn seed_002_is_a_2019_table_with_short_rows() {
        let report = seed("002");
        assert_eq!(report.template, Some(TemplateVersion::V2019));
        let t2 = report.table2.as_ref().unwrap();
        assert_eq!(t2.rows.len(), 8);
        let fees = t2.row("t2.fees").unwrap();
        assert_eq!(fees.cells.len(), 2);
        let t3 = report.table3.as_ref().unwrap();
        assert_eq!(t3.rows.len(), 23);
        assert!(t3.row("t3.granted").unwrap().is_blank());
        let short = t3.rows.iter().filter(|r| r.cells.len() == 6).count();
        assert_eq!(short, 11);
        let variants: Vec<_> = t2
            .columns
            .iter()
            .filter(|c| c.matching == LabelMatch::Variant)
            .map(|c| c.found.line)
            .collect();
        assert_eq!(variants, [47]);
    }

    #[test]
    fn seed_003_reads_cell_layout_values() {
        let report = seed("003");
        let t2 = report.table2.as_ref().unwrap();
        assert_eq!(t2.layout, crate::report::Layout::Cells);
        let fees = t2.row("t2.fees").unwrap();
        assert_eq!(
            fees.cells[0].value.number().map(|n| n.to_string()),
            Some("40.51".into())
        );
        assert_eq!(t2.int("t2.permits", 0), Some(408));
        assert_eq!(t2.int("t2.penalties", 0), Some(0));
        let t3 = report.table3.as_ref().unwrap();
        assert_eq!(t3.int("t3.new", 0), Some(3));
        assert_eq!(t3.int("t3.total", 6), Some(3));
        let confirm = t3.row("t3.not-processed.confirm").unwrap();
        assert_eq!(confirm.label.raw, "5.要求行政机关确认或重新出具已获取信息");
        assert_eq!(confirm.matching, LabelMatch::Exact);
    }

    #[test]
    fn misaligned_rows_are_those_of_part_c() {
        for (prefix, lines) in [
            ("000", vec![61, 62]),
            ("001", vec![70, 71, 72, 73, 74]),
            ("002", vec![]),
            ("003", vec![]),
            ("004", vec![]),
        ] {
            let report = seed(prefix);
            let found: Vec<u32> = [&report.table2, &report.table3, &report.table4]
                .into_iter()
                .flatten()
                .flat_map(|t| t.rows.iter().filter(|r| r.misaligned).map(|r| r.line))
                .collect();
            assert_eq!(found, lines, "{prefix}");
        }
    }

    #[test]
    fn a_missing_heading_falls_back_to_content_markers() {
        let text = "某县司法局2023年政府信息公开工作年度报告\n一、总体情况\n概述。\n\
第二十条第（一）项\t\t\t\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n\
(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t申请人情况\n\
一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n\
行政复议\t行政诉讼\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n\
五、存在的主要问题及改进情况\n无。\n";
        let report = parse_text(text, SourceEncoding::Utf8);
        let t2 = report.table2.as_ref().unwrap();
        assert_eq!((t2.first_line, t2.last_line), (4, 6));
        let t3 = report.table3.as_ref().unwrap();
        assert_eq!((t3.first_line, t3.last_line), (7, 8));
        let t4 = report.table4.as_ref().unwrap();
        assert_eq!((t4.first_line, t4.last_line), (9, 10));
    }

    #[test]
    fn a_section_without_a_table_has_none() {
        let text = "四、政府信息公开行政复议、行政诉讼情况\n本年度未发生行政复议、行政诉讼。\n五、存在的主要问题及改进情况\n无。";
        let report = parse_text(text, SourceEncoding::Utf8);
        assert!(report.table4.is_none());
    }

    #[test]
    fn prose_mentioning_procurement_is_not_a_marker() {
        let report = seed("004");
        let t2 = report.table2.as_ref().unwrap();
        assert_eq!(t2.markers_2019, 0);
        assert!(t2.markers_2021 > 0);
    }
}
