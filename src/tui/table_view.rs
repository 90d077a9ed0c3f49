//! The table view: 表二, 表三 and 表四 drawn as grids with the template's labels, in the Source
//! pane in place of the raw text.
//!
//! The grid is built from the parsed [`Report`] (its [`Table`]s, so a .docx or PDF report shows
//! the same grid as a text one) laid over the template's rows and columns: a row the report
//! lacks is shown empty, so the grid always has the template's shape. The selected flag's cells
//! are marked; for a failed identity (表三 balance, outcome sum, row total; 表四 total) the
//! cells of its two sides are marked in two colours, so the supervisor sees which numbers do
//! not add up without reading them out of the text.
//!
//! By default the view follows the selected flag: a flag in a table shows that table, any other
//! the text. A key cycles through 表二, 表三, 表四 and the text for any report.
//!
//! Widths are display widths (Chinese is two columns wide). When the grid is wider than the
//! pane, column headings are abbreviated, then labels are cut, and if it is still too wide the
//! value columns scroll so that the first marked one is in view.

use std::collections::HashMap;

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use nianbao::flag::Flag;
use nianbao::i18n::Lang;
use nianbao::report::tables::identities::{self, Identity};
use nianbao::report::template::{
    short_label, RowSpec, TABLE3_COLUMNS, TABLE3_GROUPS, TABLE4_COLUMNS, TABLE4_GROUPS,
};
use nianbao::report::{Cell, CellValue, Report, Table, TableKind};

use super::state::App;
use super::text::{clean, fit, fit_right, truncate, width};

/// What the Source pane shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Showing {
    /// The table the selected flag is in, else the text.
    #[default]
    Follow,
    /// This table, whatever the flag.
    Table(TableKind),
    /// The text, whatever the flag.
    Text,
}

impl Showing {
    /// The next choice of the key that cycles them.
    pub fn next(self) -> Showing {
        match self {
            Showing::Follow => Showing::Table(TableKind::Table2),
            Showing::Table(TableKind::Table2) => Showing::Table(TableKind::Table3),
            Showing::Table(TableKind::Table3) => Showing::Table(TableKind::Table4),
            Showing::Table(TableKind::Table4) => Showing::Text,
            Showing::Text => Showing::Follow,
        }
    }

    /// The table shown for a flag (none: the text).
    pub fn table(self, flag: Option<&Flag>) -> Option<TableKind> {
        match self {
            Showing::Follow => flag.and_then(flag_table),
            Showing::Table(kind) => Some(kind),
            Showing::Text => None,
        }
    }

    /// Said on the status bar when the key is pressed.
    pub fn describe(self, lang: Lang) -> String {
        match self {
            Showing::Follow => lang
                .pick(
                    "原文窗格：问题在表格中时显示表格",
                    "source pane: the table when the flag is in one",
                )
                .to_string(),
            Showing::Table(kind) => match lang {
                Lang::Zh => format!("原文窗格：{}", kind.name_zh()),
                Lang::En => format!("source pane: {}", kind.name_en()),
            },
            Showing::Text => lang
                .pick("原文窗格：原文", "source pane: the text")
                .to_string(),
        }
    }
}

/// The table view's state in the dashboard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableView {
    pub showing: Showing,
    /// Rows scrolled from where the view puts the marked cells (reset with the flag).
    pub scroll: isize,
}

/// The table the Source pane shows now, if any: none shows the text.
pub fn shown(app: &App) -> Option<TableKind> {
    let source = app.source.as_ref()?;
    let flag = app.selected_flag().map(|(_, f)| f);
    let kind = app.tables.showing.table(flag)?;
    source.report().map(|_| kind)
}

/// The table a flag is about: named in its evidence (the rules on cells, rows and labels), the
/// table of its identity, or the template table of its cell in a structured file. A flag that
/// only lies among a table's lines (a conversion leftover in a row) is about the text.
pub fn flag_table(flag: &Flag) -> Option<TableKind> {
    if let Some(key) = flag.evidence.get("table").and_then(|v| v.as_str()) {
        if let Some(kind) = TableKind::ALL.into_iter().find(|k| k.key() == key) {
            return Some(kind);
        }
    }
    if let Some(identity) = Identity::ALL.into_iter().find(|i| i.code() == flag.code) {
        return Some(identity.table());
    }
    let n = flag.location.source?.template_table?;
    TableKind::ALL.get(usize::from(n).checked_sub(2)?).copied()
}

/// The rule whose flags over several rows mean their blank cells.
const BLANK_CELL: &str = "blank-cell";

/// How a cell is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The cell the flag points at.
    Flagged,
    /// A term of the left side of a failed identity.
    Left,
    /// A term of the right side (the total it is checked against first).
    Right,
}

/// One cell of the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    pub text: String,
    pub mark: Option<Mark>,
}

/// What a grid row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// Column headings (表二 has one per block).
    Header,
    /// A label of the template without values (表三 「（三）不予公开」).
    Group,
    /// A template row with its values.
    Values,
    /// A template row the report lacks.
    Missing,
}

/// One row of the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    pub kind: RowKind,
    pub label: String,
    /// The nesting of the label in the template (表三: 0, 1, 2).
    pub depth: u8,
    pub cells: Vec<GridCell>,
    /// The flag points at the whole row.
    pub flagged: bool,
}

impl GridRow {
    /// Whether the flag marks the row or one of its cells.
    fn is_marked(&self) -> bool {
        self.flagged || self.cells.iter().any(|c| c.mark.is_some())
    }
}

/// A table laid over its template, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub kind: TableKind,
    /// The headings of the value columns (abbreviated when drawn narrow).
    pub columns: Vec<String>,
    pub rows: Vec<GridRow>,
    /// Why the table was not read with confidence, if it was not.
    pub doubts: Vec<String>,
}

/// The marks of a flag on a table's cells, by the cell's (line, column).
#[derive(Debug, Default)]
struct Marks {
    cells: HashMap<(u32, u32), Mark>,
    /// Lines of rows the flag marks as a whole.
    lines: Option<(u32, u32)>,
}

impl Marks {
    fn of(report: &Report, table: &Table, flag: Option<&Flag>) -> Marks {
        let mut marks = Marks::default();
        let Some(flag) = flag else { return marks };
        let Some(line) = flag.location.line else {
            return marks;
        };
        // A failed identity: both sides, found again by the cell the flag points at.
        if let Some(identity) = Identity::ALL.into_iter().find(|i| i.code() == flag.code) {
            let failing = identities::failures(identity, report.assessed(table.kind));
            let column = flag.location.column;
            if let Some((equation, _)) = failing
                .iter()
                .find(|(_, anchor)| anchor.line == line && Some(anchor.column) == column)
            {
                for term in &equation.left {
                    marks.cells.insert((term.line, term.column), Mark::Left);
                }
                for term in &equation.right {
                    marks.cells.insert((term.line, term.column), Mark::Right);
                }
                return marks;
            }
        }
        match flag.location.column {
            Some(column) => {
                let len = flag.location.len.unwrap_or(1).max(1);
                for cell in table.rows.iter().flat_map(|r| &r.cells) {
                    if cell.line == line && (column..column + len).contains(&cell.column) {
                        marks.cells.insert((cell.line, cell.column), Mark::Flagged);
                    }
                }
                // A span over a row's label (a label mismatch) marks the row.
                if marks.cells.is_empty() {
                    marks.lines = Some((line, line));
                }
            }
            None => {
                let last = flag.location.end_line.unwrap_or(line);
                // Blank cells over many rows (one flag for a cause): the blanks themselves.
                if flag.code == BLANK_CELL {
                    for row in &table.rows {
                        if row.line <= last && line <= row.last_line {
                            for cell in row.cells.iter().filter(|c| c.value == CellValue::Blank) {
                                marks.cells.insert((cell.line, cell.column), Mark::Flagged);
                            }
                        }
                    }
                }
                if marks.cells.is_empty() {
                    marks.lines = Some((line, last));
                }
            }
        }
        marks
    }

    fn cell(&self, cell: &Cell) -> Option<Mark> {
        self.cells.get(&(cell.line, cell.column)).copied()
    }

    fn row(&self, first: u32, last: u32) -> bool {
        self.lines
            .is_some_and(|(from, to)| from <= last && first <= to)
    }
}

/// A label as the grid shows it: its numbering kept, its explanatory parenthesis dropped
/// (「（二）部分公开（区分处理的…）」 → 「（二）部分公开」).
fn grid_label(label: &'static str) -> &'static str {
    let short = short_label(label);
    label
        .find(short)
        .map_or(label, |at| &label[..at + short.len()])
}

/// A column heading abbreviated for a narrow pane.
fn abbreviate(heading: &str) -> String {
    const SHORT: &[(&str, &str)] = &[
        ("商业企业", "商业"),
        ("科研机构", "科研"),
        ("社会公益组织", "公益"),
        ("法律服务机构", "法律"),
        ("结果维持", "维持"),
        ("结果纠正", "纠正"),
        ("其他结果", "其他"),
        ("尚未审结", "未结"),
    ];
    if let Some((_, short)) = SHORT.iter().find(|(full, _)| *full == heading) {
        return short.to_string();
    }
    let mut text = heading;
    if let Some(open) = text.find('（') {
        text = &text[..open];
    }
    text = text.strip_prefix("本年").unwrap_or(text);
    for suffix in ["件数", "数量"] {
        text = text.strip_suffix(suffix).unwrap_or(text);
    }
    text.to_string()
}

/// How a cell's value is shown: the text as written; a blank cell as a dot.
fn cell_text(cell: &Cell) -> String {
    match cell.value {
        CellValue::Blank => "·".to_string(),
        _ => clean(&cell.raw),
    }
}

fn values_row(spec: &RowSpec, found: Option<&nianbao::report::TableRow>, marks: &Marks) -> GridRow {
    let label = grid_label(spec.label).to_string();
    let Some(row) = found else {
        return GridRow {
            kind: RowKind::Missing,
            label,
            depth: spec.depth,
            cells: Vec::new(),
            flagged: false,
        };
    };
    GridRow {
        kind: RowKind::Values,
        label,
        depth: spec.depth,
        cells: row
            .cells
            .iter()
            .map(|cell| GridCell {
                text: cell_text(cell),
                mark: marks.cell(cell),
            })
            .collect(),
        flagged: marks.row(row.line, row.last_line),
    }
}

fn header(label: &str, columns: &[&str]) -> GridRow {
    GridRow {
        kind: RowKind::Header,
        label: label.to_string(),
        depth: 0,
        cells: columns
            .iter()
            .map(|c| GridCell {
                text: c.to_string(),
                mark: None,
            })
            .collect(),
        flagged: false,
    }
}

fn group(label: &str, depth: u8) -> GridRow {
    GridRow {
        kind: RowKind::Group,
        label: label.to_string(),
        depth,
        cells: Vec::new(),
        flagged: false,
    }
}

/// The grid of a report's table, with the flag's marks; none when the report has no such table.
pub fn grid(report: &Report, kind: TableKind, flag: Option<&Flag>, lang: Lang) -> Option<Grid> {
    let table = report.table(kind)?;
    let marks = Marks::of(report, table, flag);
    let mut rows = Vec::new();
    let columns: Vec<&str> = match kind {
        TableKind::Table2 => {
            // One heading row per block: the blocks have columns of their own.
            for block in table.template.table2_blocks() {
                rows.push(header(block.header, block.columns));
                for spec in table.template.table2() {
                    if spec.group == block.header {
                        rows.push(values_row(spec, table.row(spec.id), &marks));
                    }
                }
            }
            Vec::new()
        }
        TableKind::Table3 => {
            let mut shown: Vec<&str> = Vec::new();
            for spec in table.template.table3() {
                // The template's labels without numbers, each before its first row.
                if !spec.group.is_empty() && !shown.contains(&spec.group) {
                    let outer = TABLE3_GROUPS[0];
                    if spec.group != outer && !shown.contains(&outer) {
                        rows.push(group(outer, 0));
                        shown.push(outer);
                    }
                    rows.push(group(spec.group, spec.depth.saturating_sub(1)));
                    shown.push(spec.group);
                }
                rows.push(values_row(spec, table.row(spec.id), &marks));
            }
            TABLE3_COLUMNS.to_vec()
        }
        TableKind::Table4 => {
            // Its one row of fifteen values, as three groups of five.
            let found = table.rows.first();
            for (index, name) in TABLE4_GROUPS.iter().enumerate() {
                let per = TABLE4_COLUMNS.len();
                let cells: Vec<GridCell> = found
                    .map(|row| {
                        row.cells
                            .iter()
                            .skip(index * per)
                            .take(per)
                            .map(|cell| GridCell {
                                text: cell_text(cell),
                                mark: marks.cell(cell),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                rows.push(GridRow {
                    kind: if found.is_some() {
                        RowKind::Values
                    } else {
                        RowKind::Missing
                    },
                    label: name.to_string(),
                    depth: 0,
                    cells,
                    flagged: found.is_some_and(|r| marks.row(r.line, r.last_line)),
                });
            }
            TABLE4_COLUMNS.to_vec()
        }
    };
    let doubts = table
        .doubts
        .iter()
        .map(|d| match lang {
            Lang::Zh => d.zh(),
            Lang::En => d.en(),
        })
        .collect();
    Some(Grid {
        kind,
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
        doubts,
    })
}

/// How the grid is laid out in a pane: the label column's width, whether headings are
/// abbreviated, the width of each value column and the first one shown.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Layout {
    label: usize,
    abbreviated: bool,
    widths: Vec<usize>,
    first: usize,
}

/// The smallest label column before value columns scroll.
const MIN_LABEL: usize = 8;
/// The widest a value column grows for the text in its cells.
const MAX_VALUE: usize = 16;

/// A column heading as shown.
fn heading_text(full: &str, abbreviated: bool) -> String {
    if abbreviated {
        abbreviate(full)
    } else {
        full.to_string()
    }
}

impl Grid {
    /// The number of value columns (the widest row's).
    fn column_count(&self) -> usize {
        self.rows
            .iter()
            .map(|r| r.cells.len())
            .chain([self.columns.len()])
            .max()
            .unwrap_or(0)
    }

    fn label_text(row: &GridRow) -> String {
        format!(
            "{}{}",
            " ".repeat(usize::from(row.depth)),
            clean(&row.label)
        )
    }

    /// The column of the last marked cell, to keep in view.
    fn focus_column(&self) -> Option<usize> {
        self.rows
            .iter()
            .filter_map(|r| r.cells.iter().rposition(|c| c.mark.is_some()))
            .max()
    }

    fn layout(&self, available: usize) -> Layout {
        let count = self.column_count();
        let value_width = |abbreviated: bool| -> Vec<usize> {
            (0..count)
                .map(|i| {
                    let heading = self
                        .columns
                        .get(i)
                        .map_or(0, |full| width(&heading_text(full, abbreviated)));
                    let cells = self
                        .rows
                        .iter()
                        .filter_map(|r| Some((r.kind, r.cells.get(i)?)))
                        .map(|(kind, c)| match kind {
                            // 表二's headings are rows: abbreviated like the others.
                            RowKind::Header => width(&heading_text(&c.text, abbreviated)),
                            _ => width(&c.text),
                        })
                        // A long heading or a cell of text is cut rather than widen its column.
                        .map(|w| w.min(MAX_VALUE))
                        .max()
                        .unwrap_or(0);
                    heading.max(cells).max(1)
                })
                .collect()
        };
        let label_full = self
            .rows
            .iter()
            .map(|r| width(&Grid::label_text(r)))
            .max()
            .unwrap_or(0)
            .clamp(MIN_LABEL, 36);
        let total =
            |label: usize, widths: &[usize]| label + widths.iter().map(|w| w + 1).sum::<usize>();
        for abbreviated in [false, true] {
            let widths = value_width(abbreviated);
            let need = total(MIN_LABEL, &widths);
            if need <= available {
                let label = label_full.min(available - (need - MIN_LABEL));
                return Layout {
                    label,
                    abbreviated,
                    widths,
                    first: 0,
                };
            }
        }
        // Still too wide: the value columns scroll, the last marked one in view (a total is
        // the last of the cells it sums).
        let widths = value_width(true);
        let focus = self.focus_column().unwrap_or(0);
        let mut first = 0;
        while first < focus && total(MIN_LABEL, &widths[first..=focus]) > available {
            first += 1;
        }
        Layout {
            label: MIN_LABEL,
            abbreviated: true,
            widths,
            first,
        }
    }

    /// The grid as lines of at most `available` columns, with their styles.
    fn lines(&self, available: usize) -> Vec<Line<'static>> {
        let layout = self.layout(available);
        let heading = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().fg(Color::DarkGray);
        let mut lines = Vec::with_capacity(self.rows.len() + 1);
        let shown = |layout: &Layout| {
            let mut used = layout.label;
            let mut columns = Vec::new();
            for (i, &w) in layout.widths.iter().enumerate().skip(layout.first) {
                if used + w + 1 > available {
                    break;
                }
                used += w + 1;
                columns.push((i, w));
            }
            columns
        };
        let columns = shown(&layout);
        if !self.columns.is_empty() {
            // Arrows say that columns are out of view on that side.
            let left = if layout.first > 0 { "◀" } else { "" };
            let mut spans = vec![Span::styled(fit(left, layout.label), heading)];
            for &(i, w) in &columns {
                let full = self.columns.get(i).map_or("", String::as_str);
                let text = heading_text(full, layout.abbreviated);
                spans.push(Span::raw(" "));
                spans.push(Span::styled(fit_right(&text, w), heading));
            }
            if columns
                .last()
                .is_some_and(|&(i, _)| i + 1 < layout.widths.len())
            {
                spans.push(Span::styled("▶", heading));
            }
            lines.push(Line::from(spans));
        }
        for row in &self.rows {
            let label_style = match row.kind {
                RowKind::Header => heading,
                RowKind::Group => Style::new().add_modifier(Modifier::ITALIC),
                RowKind::Missing => dim,
                RowKind::Values if row.flagged => mark_style(Mark::Flagged),
                RowKind::Values => Style::new(),
            };
            let mut spans = vec![Span::styled(
                fit(&Grid::label_text(row), layout.label),
                label_style,
            )];
            if row.kind == RowKind::Missing {
                spans.push(Span::styled(" —", dim));
            }
            for &(i, w) in &columns {
                let Some(cell) = row.cells.get(i) else {
                    continue;
                };
                spans.push(Span::raw(" "));
                let text = match row.kind {
                    RowKind::Header => fit_right(&heading_text(&cell.text, layout.abbreviated), w),
                    _ => fit_right(&truncate(&cell.text, w), w),
                };
                let style = match (row.kind, cell.mark) {
                    (RowKind::Header, _) => heading,
                    (_, Some(mark)) => mark_style(mark),
                    _ if row.flagged => mark_style(Mark::Flagged),
                    _ => Style::new(),
                };
                spans.push(Span::styled(text, style));
            }
            lines.push(Line::from(spans));
        }
        lines
    }
}

fn mark_style(mark: Mark) -> Style {
    let style = Style::new().fg(Color::Black).add_modifier(Modifier::BOLD);
    match mark {
        Mark::Flagged => style.bg(Color::Yellow),
        Mark::Left => style.bg(Color::LightCyan),
        Mark::Right => style.bg(Color::LightMagenta),
    }
}

/// The legend under a grid with marks.
fn legend(grid: &Grid, lang: Lang) -> Option<Line<'static>> {
    let marks: Vec<Mark> = [Mark::Flagged, Mark::Left, Mark::Right]
        .into_iter()
        .filter(|m| {
            grid.rows.iter().any(|r| {
                r.cells.iter().any(|c| c.mark == Some(*m)) || (*m == Mark::Flagged && r.flagged)
            })
        })
        .collect();
    if marks.is_empty() {
        return None;
    }
    let mut spans = Vec::new();
    for mark in marks {
        let word = match mark {
            Mark::Flagged => lang.pick("问题所在", "flagged"),
            Mark::Left => lang.pick("等式左边", "left side"),
            Mark::Right => lang.pick("等式右边", "right side"),
        };
        spans.push(Span::styled(" ", mark_style(mark)));
        spans.push(Span::raw(format!(" {word}  ")));
    }
    Some(Line::from(spans))
}

/// The pane's title while a table is shown; `key` cycles the choice.
pub fn heading(kind: TableKind, key: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}（表格，{key} 切换）", kind.name_zh()),
        Lang::En => format!("{} (grid, {key} cycles)", kind.name_en()),
    }
}

/// Draws the table view into the Source pane's inner area: the grid scrolled so that the
/// marked row is in view (then by `scroll`), a legend, and why the table is doubtful.
pub fn draw(
    frame: &mut Frame<'_>,
    inner: Rect,
    report: &Report,
    kind: TableKind,
    flag: Option<&Flag>,
    view: &TableView,
    lang: Lang,
) {
    let Some(grid) = grid(report, kind, flag, lang) else {
        let text = match lang {
            Lang::Zh => format!("本报告中未找到{}", kind.name_zh()),
            Lang::En => format!("{} was not found in this report", kind.name_en()),
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, Style::new().fg(Color::DarkGray))),
            inner,
        );
        return;
    };
    let available = usize::from(inner.width);
    let height = usize::from(inner.height);
    let mut lines = grid.lines(available);
    // The heading row stays; the rows under it scroll.
    let head = usize::from(!grid.columns.is_empty());
    let mut footer: Vec<Line<'static>> = Vec::new();
    footer.extend(legend(&grid, lang));
    for doubt in &grid.doubts {
        footer.push(Line::styled(
            truncate(
                &format!(
                    "{}{}",
                    lang.pick("未能可靠识别：", "not read with confidence: "),
                    clean(doubt)
                ),
                available,
            ),
            Style::new().fg(Color::Red),
        ));
    }
    let body_height = height.saturating_sub(head + footer.len()).max(1);
    let mut shown: Vec<Line<'static>> = lines.drain(..head).collect();
    let marked: Vec<bool> = grid.rows.iter().map(GridRow::is_marked).collect();
    let (body, span) = fold(lines, &marked, body_height, lang);
    // The marked rows in view, a third of the way down when there is room; then as scrolled.
    let start = span.map_or(0, |(first, last)| {
        let room = body_height.saturating_sub(last + 1 - first);
        first - first.min(room.min(body_height / 3))
    });
    let last_start = body.len().saturating_sub(body_height);
    let start = (start as isize + view.scroll).clamp(0, last_start as isize) as usize;
    shown.extend(body.into_iter().skip(start).take(body_height));
    shown.extend(footer);
    frame.render_widget(Paragraph::new(shown), inner);
}

/// The rows of a grid for a pane `height` rows high: when the marked rows are too far apart to
/// be seen together (the two sides of 表三's balance are rows 一, 二 and （七）, 四), each run of
/// unmarked rows between them is folded into one line. Returns the rows and where the first and
/// last marked ones are among them.
fn fold(
    rows: Vec<Line<'static>>,
    marked: &[bool],
    height: usize,
    lang: Lang,
) -> (Vec<Line<'static>>, Option<(usize, usize)>) {
    let (Some(first), Some(last)) = (
        marked.iter().position(|&m| m),
        marked.iter().rposition(|&m| m),
    ) else {
        return (rows, None);
    };
    if last + 1 - first <= height {
        return (rows, Some((first, last)));
    }
    let mut out = Vec::with_capacity(rows.len());
    // A run of unmarked rows between marked ones; one row is shown, as folding it saves none.
    let mut run: Vec<Line<'static>> = Vec::new();
    let mut last_out = first;
    for (index, line) in rows.into_iter().enumerate() {
        let inside = (first..=last).contains(&index);
        if inside && !marked[index] {
            run.push(line);
            continue;
        }
        if run.len() > 1 {
            let text = match lang {
                Lang::Zh => format!("  …（略去 {} 行）", run.len()),
                Lang::En => format!("  … ({} rows not shown)", run.len()),
            };
            out.push(Line::styled(text, Style::new().fg(Color::DarkGray)));
            run.clear();
        }
        out.append(&mut run);
        if index == last {
            last_out = out.len();
        }
        out.push(line);
    }
    (out, Some((first, last_out)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_keep_numbering_and_drop_explanations() {
        let rows = nianbao::report::template::TABLE3_2021;
        assert_eq!(grid_label(rows[3].label), "（二）部分公开");
        assert_eq!(grid_label(rows[4].label), "1.属于国家秘密");
        assert_eq!(
            grid_label(rows[0].label),
            "一、本年新收政府信息公开申请数量"
        );
        assert_eq!(grid_label("规章"), "规章");
    }

    #[test]
    fn headings_abbreviate() {
        assert_eq!(abbreviate("社会公益组织"), "公益");
        assert_eq!(abbreviate("本年制发件数"), "制发");
        assert_eq!(abbreviate("本年收费金额（单位：万元）"), "收费金额");
        assert_eq!(abbreviate("本年处理决定数量"), "处理决定");
        assert_eq!(abbreviate("总计"), "总计");
    }

    #[test]
    fn the_choice_cycles_through_every_table_and_back() {
        let mut showing = Showing::default();
        let mut seen = Vec::new();
        for _ in 0..5 {
            showing = showing.next();
            seen.push(showing);
        }
        assert_eq!(
            seen,
            [
                Showing::Table(TableKind::Table2),
                Showing::Table(TableKind::Table3),
                Showing::Table(TableKind::Table4),
                Showing::Text,
                Showing::Follow
            ]
        );
    }
}
