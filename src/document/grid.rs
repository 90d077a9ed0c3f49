//! The grid: the lines of a table region read into rows of cells, in any text layout.
//!
//! - Row layout (PDF/HTML extraction): one row per line, cells split by tabs. Merged cells
//!   leave a varying number of leading empty cells; header lines may have no tab at all.
//! - Cell layout (DOCX): each cell is a line starting with a tab, rows are separated by blank
//!   lines, a line without a leading tab continues the previous cell (joined without a
//!   separator: 「结果\n维持」 is 结果维持), and a bare tab is an empty cell.
//! - Line layout (a browser's copy of a web or Word table): one cell per line, no tab, blank
//!   lines meaning nothing. Rows are rebuilt from the cells' kinds: a run of labels followed
//!   by a run of values is one row, whose label is the last label and the numbered labels
//!   just before it (「三、本年度办理结果」「（一）予以公开」); the labels before those are a header
//!   row.
//! - Pipe layout (markdown converters): `| 规章 | 0 | 0 | 0 |`, one row per line, the rule
//!   line under the header left out; otherwise read like the row layout.
//! - Column layout (`pdftotext -layout`): cells separated by runs of two or more spaces; a
//!   label wrapped onto a line of its own joins the label of the row above when that row has
//!   no values yet.
//! - Collapsed text (crawlers): a stretch of one long line ([`read_inline`]), the pieces
//!   between spaces grouped into rows like one cell per line.
//!
//! The layout is decided once per region ([`detect_layout`]). Cells keep their provenance, text
//! raw and folded; single-line cells borrow from the document.

use std::cell::OnceCell;
use std::num::NonZeroU32;

use compact_str::CompactString;
use serde::Serialize;

use super::bytes::{ends_solid, holds_byte, lead_bytes, word_at};
use super::lines::{is_pipe_rule, TableSyntax};
use crate::report::tables::{Cell, CellValue, UnreadRows, MAX_ROW_CELLS, MAX_TABLE_ROWS};
use crate::text::char_count;
use crate::text::{label_key, Document, Line};

/// How a table was laid out in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Layout {
    /// One row per line, cells separated by tabs (PDF/HTML extraction).
    Rows,
    /// One cell per line, each starting with a tab; rows separated by blank lines (DOCX).
    Cells,
    /// One cell per line without tabs (a browser's copy of a table).
    Lines,
    /// Markdown pipe rows.
    Pipes,
    /// Columns aligned with spaces (`pdftotext -layout`).
    Columns,
    /// Whitespace-collapsed text: the table run together on one long line (crawlers).
    Collapsed,
}

/// Where a cell came from.
///
/// Text sources give a line and a character column. Structured sources (.docx, .html,
/// .xlsx, .pdf) will add their own variant (page, table, row, column) here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Provenance {
    /// 1-based line, and 1-based character column of the cell's first character (for an empty
    /// cell, where it would be).
    Text { line: u32, column: u32 },
}

/// One cell as read.
///
/// Written for every cell of every table, so it holds what nearly every cell needs and no
/// more: its texts borrowed from the document's line, its value, and a pointer to what only a
/// few cells own (see [`Owned`]). Nothing of a one-line cell needs dropping.
#[derive(Debug, Clone)]
pub struct GridCell<'a> {
    pub at: Provenance,
    /// As written, trimmed; bookmarks left out at the edges ([`GridCell::raw`]). Unused once
    /// continuation lines were joined onto the cell: the joined text is in `owned`.
    raw: &'a str,
    /// Folded and trimmed ([`GridCell::folded`]); unused like `raw` once joined.
    folded: &'a str,
    pub value: CellValue,
    /// What the cell's label key is, once it was asked for: the matcher asks only the label
    /// zone's cells, so the value cells, most of a table, never pay for it.
    key_is: std::cell::Cell<KeyIs>,
    /// What the document's text cannot hold: made only for a cell that needs it.
    owned: OnceCell<Box<Owned>>,
}

/// What a cell's label key is ([`GridCell::key`]), a byte the cell keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyIs {
    /// Not asked for yet.
    Unread,
    /// The folded text itself (most labels).
    Folded,
    /// Empty: the cell is a number.
    Empty,
    /// Another text, which [`label_key`] made: kept in the cell's [`Owned`].
    Rewritten,
}

/// The texts a cell owns: a wrapped cell's texts joined from its lines (the document holds
/// each line apart), and a label key that [`label_key`] rewrote.
#[derive(Debug, Clone, Default)]
struct Owned {
    /// The joined raw and folded texts, when continuation lines were joined onto the cell.
    joined: Option<(String, String)>,
    /// The key of a label that is not its own key, read on first use.
    key: OnceCell<String>,
}

impl<'a> GridCell<'a> {
    /// A cell of one line: its trimmed raw and folded texts, borrowed from the document.
    fn new(at: Provenance, raw: &'a str, folded: &'a str, value: CellValue) -> GridCell<'a> {
        GridCell {
            at,
            raw,
            folded,
            value,
            key_is: std::cell::Cell::new(KeyIs::Unread),
            owned: OnceCell::new(),
        }
    }
}

impl GridCell<'_> {
    /// The cell's 1-based line.
    pub fn line(&self) -> u32 {
        match self.at {
            Provenance::Text { line, .. } => line,
        }
    }

    /// The cell's 1-based character column.
    pub fn column(&self) -> u32 {
        match self.at {
            Provenance::Text { column, .. } => column,
        }
    }

    /// As written, trimmed; bookmarks left out at the edges.
    pub fn raw(&self) -> &str {
        match self.joined() {
            Some((raw, _)) => raw,
            None => self.raw,
        }
    }

    /// Folded and trimmed.
    pub fn folded(&self) -> &str {
        match self.joined() {
            Some((_, folded)) => folded,
            None => self.folded,
        }
    }

    /// The texts joined from continuation lines, when some were.
    fn joined(&self) -> Option<&(String, String)> {
        self.owned.get().and_then(|owned| owned.joined.as_ref())
    }

    /// Whether continuation lines were joined onto the cell (it owns its texts).
    fn is_joined(&self) -> bool {
        self.joined().is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.folded().is_empty()
    }

    /// The comparison key of the cell as a label ([`label_key`]); empty for a number, which is
    /// never one. Read on first use: most labels are their own key, which the cell then
    /// remembers in a byte; a key that differs is made once and kept.
    // Inlined into the table readers, which ask a label's key several times: a key read
    // before is a byte tested.
    #[inline]
    pub fn key(&self) -> &str {
        match self.key_is.get() {
            KeyIs::Folded => self.folded(),
            KeyIs::Empty => "",
            KeyIs::Unread | KeyIs::Rewritten => self.read_key(),
        }
    }

    /// [`GridCell::key`] asked for the first time, or a key [`label_key`] rewrote.
    fn read_key(&self) -> &str {
        let folded = self.folded();
        if self.key_is.get() == KeyIs::Unread {
            let key_is = if matches!(self.value, CellValue::Number(_)) {
                KeyIs::Empty
            } else if is_plain_key(folded) {
                KeyIs::Folded
            } else {
                KeyIs::Rewritten
            };
            self.key_is.set(key_is);
            match key_is {
                KeyIs::Empty => return "",
                KeyIs::Folded => return folded,
                KeyIs::Unread | KeyIs::Rewritten => {}
            }
        }
        let owned = self.owned.get_or_init(Box::default);
        owned.key.get_or_init(|| label_key(folded))
    }

    /// The cell as a value cell of the model.
    // Inlined into the readers' collects, which then build each cell in place: out of line
    // (where a plain `#[inline]` left it once `model_text` grew), the cell came back through
    // memory, a call and a copy for every value cell of a table.
    #[inline(always)]
    pub fn to_cell(&self) -> Cell {
        Cell {
            line: self.line(),
            column: self.column(),
            raw: model_text(self.raw()),
            value: self.value,
        }
    }
}

/// A value cell's text as the model keeps it ([`Cell::raw`]): the same string as
/// `CompactString::new(raw)`, made without its copy for the texts most value cells hold.
///
/// `CompactString::new` copies a short text into its inline buffer with a `memcpy` call of the
/// text's length (the largest caller of `memmove` in a check), and the cell's push then reloads
/// the buffer with wide loads over the copy's narrow stores, a failed store-to-load forward. Most
/// value cells are empty or a count of one or two digits (about 200 of a row-layout report's 400
/// cells are a single digit): those are cloned from strings made at compile time, an inline
/// `CompactString`'s clone being a copy of its three words.
#[inline(always)]
fn model_text(raw: &str) -> CompactString {
    match *raw.as_bytes() {
        [] => CompactString::const_new(""),
        [d @ b'0'..=b'9'] => COUNT_TEXTS[usize::from(d - b'0')].clone(),
        [t @ b'0'..=b'9', d @ b'0'..=b'9'] => {
            COUNT_TEXTS[10 + usize::from(t - b'0') * 10 + usize::from(d - b'0')].clone()
        }
        _ => copied_text(raw),
    }
}

/// Any other text, copied: out of line, so that the common cells' paths stay small where
/// [`model_text`] is inlined.
#[inline(never)]
fn copied_text(raw: &str) -> CompactString {
    CompactString::new(raw)
}

/// The texts of one digit (at their digit) and of two digits, leading zero included (at ten
/// plus the two-digit number): what [`model_text`] clones. Made at compile time, so that a read
/// is a plain index (a `LazyLock` cost a check of its state on every cell).
static COUNT_TEXTS: [CompactString; 110] = count_texts();

/// [`COUNT_TEXTS`]: each text is a slice of `DIGITS` (one digit) or of `PAIRS` (two).
const fn count_texts() -> [CompactString; 110] {
    const DIGITS: &[u8; 10] = b"0123456789";
    const PAIRS: &[u8; 200] = b"00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    const EMPTY: CompactString = CompactString::const_new("");
    let mut texts = [EMPTY; 110];
    let mut at = 0;
    while at < texts.len() {
        let bytes: &'static [u8] = if at < 10 {
            DIGITS.split_at(at).1.split_at(1).0
        } else {
            PAIRS.split_at(2 * (at - 10)).1.split_at(2).0
        };
        let Ok(text) = core::str::from_utf8(bytes) else {
            panic!("digits are UTF-8");
        };
        // The empty string it replaces owns nothing; a `const fn` cannot run its destructor.
        std::mem::forget(std::mem::replace(
            &mut texts[at],
            CompactString::const_new(text),
        ));
        at += 1;
    }
    texts
}

/// One row as read: the cells of one line (row layout) or of one blank-separated group of
/// lines (cell layout). A view of its [`Grid`]: the grid keeps every row's cells in one
/// buffer, so a row costs no allocation of its own (a table has a few dozen rows of about
/// ten cells, and a buffer per row was an allocation and a free per line read).
#[derive(Debug, Clone, Copy)]
pub struct GridRow<'g, 'a> {
    pub line: u32,
    pub last_line: u32,
    /// The row's cells, in reading order.
    pub cells: &'g [GridCell<'a>],
    /// The 1-based column just after the row's last character on its first line, where a blank
    /// cell with no position of its own is placed.
    pub end_column: u32,
    /// The index of the first value-like cell, decided once the row is complete (see
    /// [`finish`]): the matcher asks for the label and value zones of a row several times.
    value_start: Option<usize>,
}

impl<'g, 'a> GridRow<'g, 'a> {
    /// The row's cells (the same slice as the field).
    pub fn cells(&self) -> &'g [GridCell<'a>] {
        self.cells
    }

    /// The index of the first value-like cell: everything before it is the label zone.
    pub fn value_start(&self) -> Option<usize> {
        self.value_start
    }

    /// The label zone: the cells before the first value-like one (all cells when none is).
    pub fn label_zone(&self) -> &'g [GridCell<'a>] {
        let cells = self.cells;
        &cells[..self.value_start.unwrap_or(cells.len())]
    }

    /// The value zone: the first value-like cell and everything after it.
    pub fn value_zone(&self) -> &'g [GridCell<'a>] {
        let cells = self.cells;
        match self.value_start {
            Some(start) => &cells[start..],
            None => &[],
        }
    }

    pub fn has_values(&self) -> bool {
        self.value_start.is_some()
    }

    /// The non-empty cells.
    pub fn non_empty(&self) -> impl Iterator<Item = (usize, &'g GridCell<'a>)> {
        self.cells.iter().enumerate().filter(|(_, c)| !c.is_empty())
    }

    /// The key of the first non-empty cell.
    pub fn first_key(&self) -> Option<&'g str> {
        self.non_empty().next().map(|(_, c)| c.key())
    }
}

/// Where a row's cells stand in its grid's buffer, with what the row keeps of its own.
#[derive(Debug, Clone)]
struct RowSpan {
    line: u32,
    last_line: u32,
    end_column: u32,
    /// The index of the first value-like cell plus one (see [`GridRow::value_start`]). Four
    /// bytes, so that a row takes little room: a hostile table holds a row for every line until
    /// the rows past the cap are dropped.
    value_start: Option<NonZeroU32>,
    /// The row's cells: `cells[start..end]` of the grid.
    start: u32,
    end: u32,
}

/// A position in a grid's cell buffer as a [`RowSpan`] keeps it. The buffer holds fewer cells
/// than a file has bytes (64 MiB at most: a cell is at least a separator or a line), so the
/// index fits in 32 bits.
fn buffer_index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The rows of one table region.
#[derive(Debug, Clone)]
pub struct Grid<'a> {
    pub layout: Layout,
    pub first: u32,
    pub last: u32,
    /// Every row's cells, row after row ([`Grid::rows`] cuts them into rows).
    cells: Vec<GridCell<'a>>,
    spans: Vec<RowSpan>,
    /// Whether some row (row layout) starts with empty cells: the merged-cell layout is kept,
    /// so a label found at another depth than the template's has drifted.
    pub leading_empties: bool,
    /// The rows past [`MAX_TABLE_ROWS`], counted only.
    pub unread: Option<UnreadRows>,
    /// The first row with more than [`MAX_ROW_CELLS`] cells: `(line, cells)`; only its first
    /// cells were kept.
    pub too_wide: Option<(u32, usize)>,
}

impl<'a> Grid<'a> {
    /// The rows, in reading order.
    pub fn rows(&self) -> impl DoubleEndedIterator<Item = GridRow<'_, 'a>> + ExactSizeIterator {
        self.spans.iter().map(|span| self.view(span))
    }

    /// Row `index` (0-based).
    pub fn row(&self, index: usize) -> Option<GridRow<'_, 'a>> {
        self.spans.get(index).map(|span| self.view(span))
    }

    /// How many rows were read (past [`MAX_TABLE_ROWS`] only counted, in [`Grid::unread`]).
    pub fn row_count(&self) -> usize {
        self.spans.len()
    }

    fn view(&self, span: &RowSpan) -> GridRow<'_, 'a> {
        GridRow {
            line: span.line,
            last_line: span.last_line,
            cells: self
                .cells
                .get(span.start as usize..span.end as usize)
                .unwrap_or_default(),
            end_column: span.end_column,
            value_start: span.value_start.map(|n| n.get() as usize - 1),
        }
    }
}

/// A grid's rows while they are read: every row's cells in one buffer, the last row the one
/// being read. A row past the cap ([`MAX_TABLE_ROWS`] for a region of lines) keeps no cells
/// (see [`Rows::close`]), so that a table repeated millions of times takes memory for its
/// count, not for its cells.
struct Rows<'a> {
    cells: Vec<GridCell<'a>>,
    spans: Vec<RowSpan>,
    /// The rows from this index on keep no cells.
    cap: usize,
    /// Whether a continuation was joined onto some cell, whose value is then read again (see
    /// [`finish`]).
    joined: bool,
}

impl<'a> Rows<'a> {
    /// Room for `lines` rows of about ten cells (bounded: a hostile region may span millions
    /// of lines); the rows from index `cap` on keep no cells.
    fn with_lines(lines: usize, cap: usize) -> Rows<'a> {
        let rows = lines.min(MAX_TABLE_ROWS + 1);
        Rows {
            cells: Vec::with_capacity(rows.saturating_mul(10).min(4096)),
            spans: Vec::with_capacity(rows),
            cap,
            joined: false,
        }
    }

    /// Where the next row's cells will start.
    fn mark(&self) -> usize {
        self.cells.len()
    }

    /// Ends a row whose cells are `cells[from..]`: dropped when the row is past the cap.
    fn close(&mut self, line: u32, last_line: u32, end_column: u32, from: usize) {
        if self.spans.len() >= self.cap {
            self.cells.truncate(from);
        }
        self.spans.push(RowSpan {
            line,
            last_line,
            end_column,
            value_start: None,
            start: buffer_index(from.min(self.cells.len())),
            end: buffer_index(self.cells.len()),
        });
    }

    /// A row of the cells `cells[from..to]`, kept whatever the cap (the line layout's rows, cut
    /// from a run of cells once it is read); none when the range is empty.
    fn push_range(&mut self, from: usize, to: usize) {
        let Some(cells) = self.cells.get(from..to) else {
            return;
        };
        let (Some(first), Some(last)) = (cells.first(), cells.last()) else {
            return;
        };
        let end_column = first.column() + char_count(first.raw().as_bytes()) as u32;
        self.spans.push(RowSpan {
            line: first.line(),
            last_line: last.line(),
            end_column,
            value_start: None,
            start: buffer_index(from),
            end: buffer_index(to),
        });
    }

    /// The last row's cells (none before the first row).
    fn last_cells(&self) -> &[GridCell<'a>] {
        match self.spans.last() {
            Some(span) => self
                .cells
                .get(span.start as usize..span.end as usize)
                .unwrap_or_default(),
            None => &[],
        }
    }
}

/// Reads the lines `first..=last` as table rows.
pub fn read(doc: &Document, first: u32, last: u32) -> Grid<'_> {
    read_in_layout(doc, first, last, detect_layout(doc, first, last))
}

/// [`read`] for a region whose layout was tallied while the region was found
/// ([`LayoutTally`]): the table finder reads every line of the region anyway, so the layout is
/// decided without walking the lines again.
pub fn read_known<'a>(doc: &'a Document, first: u32, last: u32, tally: &LayoutTally) -> Grid<'a> {
    read_in_layout(doc, first, last, tally.layout())
}

/// Reads the lines `first..=last` as table rows laid out in `layout`.
fn read_in_layout(doc: &Document, first: u32, last: u32, layout: Layout) -> Grid<'_> {
    let mut too_wide = None;
    let rows = match layout {
        Layout::Rows => separated_rows(doc, first, last, Separator::Tab, &mut too_wide),
        Layout::Pipes => separated_rows(doc, first, last, Separator::Pipe, &mut too_wide),
        Layout::Columns => separated_rows(doc, first, last, Separator::Gap, &mut too_wide),
        Layout::Cells => cell_layout(doc, first, last),
        Layout::Lines | Layout::Collapsed => line_layout(doc, first, last),
    };
    grid(rows, layout, first, last, too_wide)
}

/// The grid of rows read in `layout`: the rows completed ([`finish`]), those past
/// [`MAX_TABLE_ROWS`] counted.
fn grid(
    mut rows: Rows<'_>,
    layout: Layout,
    first: u32,
    last: u32,
    too_wide: Option<(u32, usize)>,
) -> Grid<'_> {
    finish(&mut rows);
    let leading_empties = matches!(layout, Layout::Rows | Layout::Pipes)
        && rows.spans.iter().any(|span| {
            let cells = &rows.cells[span.start as usize..span.end as usize];
            cells.len() > 1 && cells.first().is_some_and(GridCell::is_empty)
        });
    // Rows past the cap are counted, not matched: no template table has more than a few dozen,
    // and matching and the rules then work in proportion to the template, not to the file.
    let unread = (rows.spans.len() > MAX_TABLE_ROWS).then(|| {
        let past = rows.spans.split_off(MAX_TABLE_ROWS);
        let kept = rows.spans.last().map_or(0, |span| span.end as usize);
        rows.cells.truncate(kept);
        UnreadRows {
            line: past[0].line,
            last_line: past.last().map_or(past[0].line, |r| r.last_line),
            rows: past.len(),
        }
    });
    Grid {
        layout,
        first,
        last,
        cells: rows.cells,
        spans: rows.spans,
        leading_empties,
        unread,
        too_wide,
    }
}

/// The layout of a region.
///
/// With tabs: cell layout when every line with a tab has exactly one, at its start; one cell
/// per line when every one has exactly one, at its end; else row layout. Without: pipe layout when most rows are pipe rows, column layout when most rows
/// of two or more cells are space-aligned, else one cell per line.
pub fn detect_layout(doc: &Document, first: u32, last: u32) -> Layout {
    layout_of(doc, first, last, TableSyntax::without_tabs)
}

/// [`detect_layout`], the syntax of each line without a tab told by `syntax_of`.
fn layout_of(
    doc: &Document,
    first: u32,
    last: u32,
    syntax_of: impl Fn(&Line<'_>) -> TableSyntax,
) -> Layout {
    let mut tally = LayoutTally::default();
    for line in doc.lines_in(first, last) {
        // The syntax of a line without a tab is asked only of such a line.
        tally.add(&line, || syntax_of(&line));
        // A line of several cells makes the region row layout, whatever the other lines.
        if tally.mixed {
            break;
        }
    }
    tally.layout()
}

/// What the lines of a region say of its layout, counted line by line: the table finder counts
/// them while it reads the region's lines ([`read_known`]), [`detect_layout`] on its own.
///
/// With tabs: cell layout when every line with a tab has exactly one, at its start; one cell
/// per line when every one has exactly one, at its end; else row layout. Without: the syntax
/// of the lines that are not blank decides (see [`detect_layout`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LayoutTally {
    /// Lines with one tab, nothing but whitespace before it.
    leading: u32,
    /// Lines with one tab, nothing but whitespace after it (and something before).
    trailing: u32,
    /// Whether some line holds two tabs, or one between text: row layout.
    mixed: bool,
    /// The lines without a tab that are not blank, by syntax.
    pipes: u32,
    gaps: u32,
    plain: u32,
}

impl LayoutTally {
    /// Counts one line of the region; `syntax` tells its [`TableSyntax`], asked only of a line
    /// without a tab that is not blank (the table finder knows it already).
    pub fn add(&mut self, line: &Line<'_>, syntax: impl FnOnce() -> TableSyntax) {
        if self.mixed {
            return;
        }
        // The document knows which lines hold a tab: the others are not searched. A line of a
        // table is short, so its tabs are found a word at a time (`to_tab`) rather than by a
        // general search, which costs more to set up than to run on tens of bytes.
        let raw = line.raw.as_bytes();
        let tab = match line.has_tab() {
            true => Some(to_tab(raw, 0).0).filter(|&at| at < raw.len()),
            false => None,
        };
        let Some(at) = tab else {
            if !line.is_blank() {
                match syntax() {
                    TableSyntax::Pipes => self.pipes += 1,
                    TableSyntax::Gaps => self.gaps += 1,
                    _ => self.plain += 1,
                }
            }
            return;
        };
        let one = to_tab(raw, at + 1).0 >= raw.len();
        // The tab opens or ends the line in the cell and line layouts: nothing to trim then.
        if one && (at == 0 || line.raw[..at].trim().is_empty()) {
            self.leading += 1;
        } else if one && (at + 1 == raw.len() || line.raw[at + 1..].trim().is_empty()) {
            self.trailing += 1;
        } else {
            self.mixed = true;
        }
    }

    /// Adds the counts of `other`, lines read after this tally's: what adding those lines one
    /// by one would count (nothing once a line made the region row layout).
    pub fn merge(&mut self, other: &LayoutTally) {
        if self.mixed {
            return;
        }
        self.leading += other.leading;
        self.trailing += other.trailing;
        self.mixed |= other.mixed;
        self.pipes += other.pipes;
        self.gaps += other.gaps;
        self.plain += other.plain;
    }

    /// The layout the lines counted say.
    pub fn layout(&self) -> Layout {
        if self.mixed {
            return Layout::Rows;
        }
        match (self.leading, self.trailing) {
            (0, 0) => {}
            (_, 0) => return Layout::Cells,
            // Every cell on its own line, ended by a tab but the last of its row (a web page's
            // table copied as text): one cell per line.
            (0, _) => return Layout::Lines,
            _ => return Layout::Rows,
        }
        let (pipes, gaps, plain) = (self.pipes, self.gaps, self.plain);
        if pipes > 0 && pipes >= gaps + plain {
            Layout::Pipes
        } else if gaps > 0 && gaps >= pipes + plain {
            Layout::Columns
        } else if pipes + gaps + plain == 0 {
            Layout::Rows
        } else {
            Layout::Lines
        }
    }
}

/// What separates the cells of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    Tab,
    /// `|`, the first and last of the line opening and closing the row.
    Pipe,
    /// Two or more spaces.
    Gap,
}

/// One row per line, cells split by a separator (row, pipe and column layouts).
fn separated_rows<'a>(
    doc: &'a Document,
    first: u32,
    last: u32,
    separator: Separator,
    too_wide: &mut Option<(u32, usize)>,
) -> Rows<'a> {
    // A row per line at most: sized once rather than grown row by row.
    let mut rows = Rows::with_lines(last.saturating_sub(first) as usize + 1, MAX_TABLE_ROWS);
    for line in doc.lines_in(first, last) {
        if line.is_blank() {
            continue;
        }
        if separator == Separator::Pipe && is_pipe_rule(line.folded.trim()) {
            continue;
        }
        // The line's cells are cut into the grid's buffer, after the rows before.
        let from = rows.mark();
        // `end` counts every cell and every separator: it ends as the column after the line.
        let end = match separator {
            Separator::Tab => {
                let (end, count) = tab_cells(&line, &mut rows.cells);
                if count > MAX_ROW_CELLS && too_wide.is_none() {
                    *too_wide = Some((line.no, count));
                }
                end
            }
            Separator::Pipe => pipe_cells(&line, &mut rows.cells),
            Separator::Gap => gap_cells(&line, &mut rows.cells),
        };
        // A label wrapped onto the next line continues the label of a row that has no values
        // yet (`pdftotext -layout` and PDF text layers wrap long labels inside their cell);
        // when the row's values stand on the wrapped line, they are the row's values.
        if separator == Separator::Gap
            && wrapped_label(
                rows.spans.last(),
                rows.last_cells(),
                &rows.cells[from..],
                line.no,
            )
        {
            // The previous row's cells end where this line's start: its last label is the
            // cell just before them.
            if let Some((previous, more)) = from
                .checked_sub(1)
                .and_then(|at| rows.cells.get_mut(at..=from))
                .and_then(|pair| pair.split_first_mut())
            {
                append(previous, &more[0]);
                rows.joined = true;
                rows.cells.remove(from);
            }
            if let Some(span) = rows.spans.last_mut() {
                span.last_line = line.no;
                span.end = buffer_index(rows.cells.len());
            }
            continue;
        }
        rows.close(line.no, line.no, end as u32, from);
    }
    rows
}

/// The cells of a tab-separated line, and (the column after the line, the number of cells).
///
/// This runs on every cell of every row-layout table, so the line is walked once: the folded
/// text is cut at its tabs while its characters are counted (the next cell's column), and each
/// raw cell is found from its folded cell's length ([`raw_cell_end`]): only a cell that folding
/// shortened is scanned in the raw text. Past [`MAX_ROW_CELLS`] a cell is counted and walked
/// over, never kept.
/// The cells are pushed onto `cells` (the grid's buffer, which grows by doubling: no pass
/// over the line sizes it first).
#[inline(never)]
fn tab_cells<'a>(line: &Line<'a>, cells: &mut Vec<GridCell<'a>>) -> (usize, usize) {
    let (raw, folded) = (line.raw, line.folded);
    let bytes = folded.as_bytes();
    // Where the next raw cell starts: 0, or one past a tab of the raw text, or its length.
    let mut raw_from = 0usize;
    let (mut from, mut start, mut count) = (0usize, 0usize, 0usize);
    loop {
        let (to, chars) = to_tab(bytes, from);
        let raw_to = raw_cell_end(raw.as_bytes(), raw_from, to - from);
        if count < MAX_ROW_CELLS {
            // SAFETY: `from` is 0 or one past a tab, `to` is the length or a tab's offset, and
            // `from <= to` (`to_tab` scans on from `from`): a tab is ASCII, so both are
            // character boundaries within the text. The same holds of `raw_from` and `raw_to`
            // in the raw text (`raw_cell_end`), with `raw_from <= raw_to <= raw.len()`.
            let (raw_piece, folded_piece) = unsafe {
                (
                    raw.get_unchecked(raw_from..raw_to),
                    folded.get_unchecked(from..to),
                )
            };
            cells.push(cell(line, raw_piece, folded_piece, start));
        }
        count += 1;
        start += chars + 1;
        if to >= bytes.len() {
            return (start, count);
        }
        from = to + 1;
        // Past the raw text's last cell (only were a line to hold fewer raw tabs than folded
        // ones) the raw cells are empty, at its end.
        raw_from = (raw_to + 1).min(raw.len());
    }
}

/// Where the raw cell that starts at `raw_from` ends (the offset of its tab, or the text's
/// length), given the byte length of its folded cell; never before `raw_from` when `raw_from`
/// is at most the text's length.
///
/// The raw and folded texts hold the same tabs: folding never makes or removes one. It never
/// lengthens a character either, so a raw cell is at least as long as its folded cell, and no
/// longer when folding left the cell as it was (every cell of a line that folding did not
/// shorten, and the counts of one that it did). So when the raw byte `folded_len` bytes on is
/// a tab, or the text ends there, the cell ends there, and none of its bytes is read; only a
/// cell that folding shortened is scanned for its tab.
#[inline(always)]
fn raw_cell_end(raw: &[u8], raw_from: usize, folded_len: usize) -> usize {
    let end = raw_from + folded_len;
    match raw.get(end) {
        Some(b'\t') => end,
        None if end == raw.len() => end,
        _ => to_tab(raw, raw_from).0,
    }
}

/// From byte `from` of UTF-8 `bytes`: (the offset of the next tab, or the length when there is
/// none; the number of characters before it).
///
/// Eight bytes at a time while none of them is a tab (a cell's label is tens of bytes): a word
/// holds a tab when one of its bytes XOR 0x09 is zero, and its characters are the bytes that
/// are not continuation bytes (`10xxxxxx`); the word holding the tab, and the last few bytes,
/// a byte at a time.
fn to_tab(bytes: &[u8], from: usize) -> (usize, usize) {
    let (mut at, mut chars) = (from, 0usize);
    while let Some(word) = word_at(bytes, at) {
        if holds_byte(word, b'\t') {
            break;
        }
        chars += lead_bytes(word);
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        if b == b'\t' {
            break;
        }
        // Every byte but a UTF-8 continuation byte starts a character.
        chars += usize::from((b as i8) >= -0x40);
        at += 1;
    }
    (at, chars)
}

/// Whether a line of one label continues the row before it: that row is on the line just
/// above, has no values, and ends in a label that opens with its number.
fn wrapped_label(
    previous: Option<&RowSpan>,
    previous_cells: &[GridCell<'_>],
    cells: &[GridCell<'_>],
    line: u32,
) -> bool {
    let Some((cell, rest)) = cells.split_first() else {
        return false;
    };
    let Some(previous) = previous else {
        return false;
    };
    previous.last_line + 1 == line
        && !cell.value.is_value_like()
        && !is_numbered(cell.folded())
        && rest.iter().all(|c| c.value.is_value_like())
        // Read while the rows are built, before `finish` decides the value zones.
        && !previous_cells.iter().any(|c| c.value.is_value_like())
        && previous_cells
            .last()
            .is_some_and(|c| is_numbered(c.folded()))
}

/// The cells of `| a | b |`: the pieces between the first and the last pipe.
fn pipe_cells<'a>(line: &Line<'a>, cells: &mut Vec<GridCell<'a>>) -> usize {
    let folded = line.folded;
    let (Some(open), Some(close)) = (folded.find('|'), folded.rfind('|')) else {
        return folded.chars().count() + 1;
    };
    let mut start = folded[..open].chars().count() + 1;
    let mut raw = RawCursor::new(line.raw);
    for piece in folded[open + 1..close].split('|') {
        let len = piece.chars().count();
        cells.push(cell(line, raw.chars(start, len), piece, start));
        start += len + 1;
    }
    folded.chars().count() + 1
}

/// The raw text of a line's characters asked for in order (a row's cells, left to right):
/// each span is found by walking on from where the last one ended rather than from the line's
/// start, so a row of many cells walks its line once.
struct RawCursor<'a> {
    raw: &'a str,
    /// A character index, and the byte offset in `raw` where that character starts (the
    /// line's length past its end).
    char: usize,
    byte: usize,
}

impl<'a> RawCursor<'a> {
    fn new(raw: &'a str) -> RawCursor<'a> {
        RawCursor {
            raw,
            char: 0,
            byte: 0,
        }
    }

    /// The byte offset of the character with 0-based index `index` (the line's length when
    /// there is no such character).
    fn byte(&mut self, index: usize) -> usize {
        if index < self.char {
            // Asked out of order: counted again from the start.
            (self.char, self.byte) = (0, 0);
        }
        self.byte = skip_chars(self.raw.as_bytes(), self.byte, index - self.char);
        self.char = index;
        self.byte
    }

    /// The raw text of the characters `[from, from + len)`, clamped to the line: what
    /// [`Line::raw_chars`] gives.
    fn chars(&mut self, from: usize, len: usize) -> &'a str {
        let start = self.byte(from);
        let end = self.byte(from.saturating_add(len));
        &self.raw[start..end]
    }
}

/// The byte offset `n` characters after byte offset `at` (a character boundary) of UTF-8
/// `bytes`, or their length when there are fewer: each character stepped over by the length
/// its lead byte tells, without decoding it.
fn skip_chars(bytes: &[u8], mut at: usize, n: usize) -> usize {
    for _ in 0..n {
        let Some(&b) = bytes.get(at) else {
            return bytes.len();
        };
        at += match b {
            0xF0.. => 4,
            0xE0.. => 3,
            0xC0.. => 2,
            _ => 1,
        };
    }
    at.min(bytes.len())
}

/// The cells of a space-aligned line: the pieces between runs of two or more spaces.
///
/// The line is walked by bytes (a space is one byte, and a character is counted at each byte
/// that is not a continuation byte) rather than decoded; a cell's raw text is cut at the
/// folded text's offsets when folding changed no character's length, else found by a
/// [`RawCursor`].
fn gap_cells<'a>(line: &Line<'a>, cells: &mut Vec<GridCell<'a>>) -> usize {
    let folded = line.folded;
    let same_bytes = line.raw.len() == folded.len();
    let mut piece_start: Option<(usize, usize)> = None;
    let mut spaces = 0usize;
    let mut chars = 0usize;
    let mut raw = RawCursor::new(line.raw);
    let mut push = |from: (usize, usize), to_byte: usize, to_char: usize| {
        let text = folded.get(from.0..to_byte).unwrap_or_default();
        let raw_text = if same_bytes {
            line.raw.get(from.0..to_byte).unwrap_or_default()
        } else {
            raw.chars(from.1, to_char - from.1)
        };
        cells.push(cell(line, raw_text, text, from.1));
    };
    for (byte, &b) in folded.as_bytes().iter().enumerate() {
        if (b as i8) < -0x40 {
            // A continuation byte: inside a character counted at its lead byte.
            continue;
        }
        if b == b' ' {
            spaces += 1;
        } else {
            match piece_start {
                None => piece_start = Some((byte, chars)),
                Some(from) if spaces >= 2 => {
                    let to_char = chars - spaces;
                    let to_byte = byte - spaces;
                    push(from, to_byte, to_char);
                    piece_start = Some((byte, chars));
                }
                Some(_) => {}
            }
            spaces = 0;
        }
        chars += 1;
    }
    if let Some(from) = piece_start {
        push(from, folded.len() - spaces, chars - spaces);
    }
    chars + 1
}

/// One cell per line: rows rebuilt from runs of labels and runs of values (module docs).
fn line_layout(doc: &Document, first: u32, last: u32) -> Rows<'_> {
    let cells = doc
        .lines_in(first, last)
        .filter(|line| !line.is_blank())
        .map(|line| cell(&line, line.raw, line.folded, 0));
    group_cells(cells, last.saturating_sub(first) as usize + 1)
}

/// Rows rebuilt from a sequence of single cells: a run of labels followed by a run of values
/// is a row (see [`flush_lines`]); a label that does not open with a number right after one
/// that does continues it (a wrapped label). `lines` bounds the number of rows.
///
/// The cells go straight into the grid's buffer: a run's rows are consecutive ranges of its
/// cells (the header labels, each numbered label alone, the last label with the values), so
/// a run is cut into rows where it stands, once it is complete. Every row keeps its cells
/// while the region is read; those past [`MAX_TABLE_ROWS`] are dropped with their rows.
fn group_cells<'a>(cells: impl Iterator<Item = GridCell<'a>>, lines: usize) -> Rows<'a> {
    let mut rows = Rows::with_lines(lines, usize::MAX);
    // The run being read: its labels are `rows.cells[run..]` up to `values`, where its values
    // start once one is read.
    let mut run = 0;
    let mut values: Option<usize> = None;
    for next in cells {
        if next.value.is_value_like() {
            values.get_or_insert(rows.cells.len());
            rows.cells.push(next);
            continue;
        }
        if let Some(at) = values.take() {
            flush_lines(&mut rows, run, Some(at));
            run = rows.cells.len();
        }
        match rows.cells.get_mut(run..).and_then(<[_]>::last_mut) {
            Some(previous) if is_numbered(previous.folded()) && !is_numbered(next.folded()) => {
                append(previous, &next);
                rows.joined = true;
            }
            _ => rows.cells.push(next),
        }
    }
    flush_lines(&mut rows, run, values);
    rows
}

/// Reads a table from a stretch of one line, bytes `start..end` of its folded text, where a
/// crawler ran the whole report together (whitespace-collapsed text): the pieces between
/// spaces are the cells, grouped into rows like one cell per line. Cells run together without
/// a space stay one piece; a row whose values then do not fit the template is not placed.
pub fn read_inline(doc: &Document, line_no: u32, start: usize, end: usize) -> Grid<'_> {
    let mut rows = match doc.line(line_no) {
        Some(line) => {
            let folded = line.folded;
            let end = end.min(folded.len());
            let start = start.min(end);
            let mut column = folded[..start].chars().count();
            let mut pieces = Vec::new();
            let mut piece: Option<(usize, usize)> = None;
            for (offset, c) in folded[start..end].char_indices() {
                let at = start + offset;
                match (c.is_whitespace(), piece) {
                    (false, None) => piece = Some((at, column)),
                    (true, Some((from, from_column))) => {
                        pieces.push((from, at, from_column, column - from_column));
                        piece = None;
                    }
                    _ => {}
                }
                column += 1;
            }
            if let Some((from, from_column)) = piece {
                pieces.push((from, end, from_column, column - from_column));
            }
            let count = pieces.len();
            let cells = pieces.into_iter().map(move |(from, to, column, len)| {
                cell(
                    &line,
                    line.raw_chars(column, len),
                    &line.folded[from..to],
                    column,
                )
            });
            // The stretch's rows are all kept: it is one line, bounded by the file's size.
            group_cells(cells, count)
        }
        None => Rows::with_lines(0, usize::MAX),
    };
    finish(&mut rows);
    Grid {
        layout: Layout::Collapsed,
        first: line_no,
        last: line_no,
        cells: rows.cells,
        spans: rows.spans,
        leading_empties: false,
        unread: None,
        too_wide: None,
    }
}

/// Ends a run of labels and values, `rows.cells[run..]` with its values from `values`: the
/// labels before the row's numbered run as one header row; each numbered label before the last
/// as a row of its own (a group label, or a row left blank); the last label with the values as
/// the value row. A run without values is one row of labels.
fn flush_lines(rows: &mut Rows<'_>, run: usize, values: Option<usize>) {
    let end = rows.cells.len();
    let Some(values) = values else {
        rows.push_range(run, end);
        return;
    };
    let labels = rows.cells.get(run..values).unwrap_or_default();
    let last = labels.len().saturating_sub(1);
    let mut start = last;
    while start > 0
        && is_numbered(labels[start - 1].folded())
        && is_numbered(labels[start].folded())
    {
        start -= 1;
    }
    let has_labels = !labels.is_empty();
    if start > 0 {
        rows.push_range(run, run + start);
    }
    for single in run + start..run + last {
        rows.push_range(single, single + 1);
    }
    // The last label with the values; the values alone when the run has no label.
    rows.push_range(if has_labels { run + last } else { run }, end);
}

/// 「一、」「（一）」「1.」: a label that opens with its number.
fn is_numbered(folded: &str) -> bool {
    let text = folded.strip_prefix('(').unwrap_or(folded);
    let digits = text
        .chars()
        .take_while(|&c| c.is_ascii_digit() || crate::report::numerals::ordinal(c).is_some())
        .count();
    digits > 0
        && matches!(
            text.chars().nth(digits),
            Some('、' | '.' | ')' | '．' | '，')
        )
}

fn cell_layout(doc: &Document, first: u32, last: u32) -> Rows<'_> {
    let mut rows = Rows::with_lines(last.saturating_sub(first) as usize + 1, MAX_TABLE_ROWS);
    // The row being read: (its first line, its last line, its end column, where its cells
    // start in the buffer).
    let mut current: Option<(u32, u32, u32, usize)> = None;
    for line in doc.lines_in(first, last) {
        // A bare tab is an empty cell, not a row separator.
        if line.is_blank() && !line.has_tab() {
            if let Some((line, last_line, end_column, from)) = current.take() {
                rows.close(line, last_line, end_column, from);
            }
            continue;
        }
        // The document knows which lines hold a tab: only those are searched, a word at a
        // time, the characters before the tab counted on the way (the cell's column).
        let raw = line.raw.as_bytes();
        let tab = match line.has_tab() {
            true => Some(to_tab(raw, 0)).filter(|&(at, _)| at < raw.len()),
            false => None,
        };
        let ((tab, before), starts_cell) = match tab {
            Some(found) => (found, true),
            None => ((0, 0), false),
        };
        let row = current.get_or_insert_with(|| {
            let end_column = char_count(line.folded.as_bytes()) as u32 + 1;
            (line.no, line.no, end_column, rows.mark())
        });
        row.1 = line.no;
        let from = row.3;
        if starts_cell {
            let start = before + 1;
            // Before an ASCII tab (every byte a character): folding keeps ASCII as it is, so
            // the folded text's tab is at the same byte.
            let folded_tab = match before == tab {
                true => tab + 1,
                false => nth_char_byte(line.folded, before).map_or(line.folded.len(), |b| b + 1),
            };
            let raw_text = &line.raw[tab + 1..];
            let folded_text = &line.folded[folded_tab.min(line.folded.len())..];
            rows.cells.push(cell(&line, raw_text, folded_text, start));
            continue;
        }
        let next = cell(&line, line.raw, line.folded, 0);
        match rows.cells.get_mut(from..).and_then(<[_]>::last_mut) {
            Some(previous) if !next.is_empty() => {
                append(previous, &next);
                rows.joined = true;
            }
            _ => rows.cells.push(next),
        }
    }
    if let Some((line, last_line, end_column, from)) = current {
        rows.close(line, last_line, end_column, from);
    }
    rows
}

/// The byte offset of character `n` of `text`.
fn nth_char_byte(text: &str, n: usize) -> Option<usize> {
    text.char_indices().nth(n).map(|(i, _)| i)
}

/// Joins a wrapped continuation onto the cell it continues, without a separator.
fn append<'a>(cell: &mut GridCell<'a>, more: &GridCell<'a>) {
    if cell.is_empty() {
        cell.at = more.at;
    }
    // The joined cell is read once, when its rows are complete (see `finish`): reading it
    // again on every line added would be quadratic in a cell wrapped over many lines.
    let (raw, folded) = (cell.raw, cell.folded);
    let owned = match cell.owned.get_mut() {
        Some(owned) => owned,
        None => {
            cell.owned = OnceCell::from(Box::default());
            // Just set: `get_mut` finds it.
            let Some(owned) = cell.owned.get_mut() else {
                return;
            };
            owned
        }
    };
    let joined = owned
        .joined
        .get_or_insert_with(|| (raw.to_owned(), folded.to_owned()));
    joined.0.push_str(more.raw());
    joined.1.push_str(more.folded());
    // Its text changed: a key read before is no longer its key.
    owned.key = OnceCell::new();
    cell.key_is.set(KeyIs::Unread);
}

/// Completes the rows once every line is read: reads the value of every cell that continuation
/// lines were joined onto (its key is read on first use), and finds each row's first
/// value-like cell.
fn finish(rows: &mut Rows<'_>) {
    // Only a cell that continuation lines were joined onto owns its text.
    if rows.joined {
        for cell in rows.cells.iter_mut() {
            if cell.is_joined() {
                cell.value = CellValue::parse(cell.folded());
                // A key read before may have been a number's.
                cell.key_is.set(KeyIs::Unread);
            }
        }
    }
    for span in rows.spans.iter_mut() {
        let cells = rows
            .cells
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default();
        // A row has fewer cells than a file has bytes (64 MiB at most), so the index fits.
        span.value_start = cells
            .iter()
            .position(|c| c.value.is_value_like())
            .and_then(|i| u32::try_from(i + 1).ok())
            .and_then(NonZeroU32::new);
    }
}

/// Whether [`label_key`] leaves a folded label as it is: no whitespace, no quotes, no 「、」 or
/// 「．」 right after a digit, no colon at the end.
///
/// Runs on every cell of every table, so the ideographs that make up most of a label (lead
/// bytes 0xE4–0xE9: U+4000–U+9FFF, none of them special) are stepped over without decoding.
fn is_plain_key(folded: &str) -> bool {
    let bytes = folded.as_bytes();
    let mut previous_digit = false;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if (0xE4..=0xE9).contains(&b) {
            previous_digit = false;
            at += 3;
            continue;
        }
        if b.is_ascii() {
            // The numbering's digits, brackets and dots (most of what is not an ideograph)
            // are decided on the byte: whitespace (as `char::is_whitespace` has it in ASCII)
            // and the two ASCII quotes are special, and a digit may make the next mark so.
            if matches!(b, b'\t'..=b'\r' | b' ' | b'"' | b'\'') {
                return false;
            }
            previous_digit = b.is_ascii_digit();
            at += 1;
            continue;
        }
        let Some(c) = folded.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let special = c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」' | '『' | '』'
            )
            || (matches!(c, '、' | '．') && previous_digit);
        if special {
            return false;
        }
        previous_digit = c.is_ascii_digit();
        at += c.len_utf8();
    }
    !folded.ends_with([':', '：'])
}

/// One cell from a segment of a line starting at character `start` (0-based); the raw and
/// folded segments have the same characters one for one.
// Inlined into the row cutters, which call it for every cell of every table.
#[inline(always)]
fn cell<'a>(line: &Line<'a>, raw: &'a str, folded: &'a str, start: usize) -> GridCell<'a> {
    let (trimmed, raw_text, leading) = if folded.is_empty() {
        // An empty cell (a third of a row-layout table's: the merged cells' padding).
        ("", "", 0)
    } else if is_trimmed(folded) {
        // Nothing to trim (most cells): no character is decoded or counted. Folding only
        // shortens characters, so equal lengths mean equal texts byte for byte.
        let raw_text = if raw.len() == folded.len() {
            raw
        } else {
            raw.trim()
        };
        (folded, raw_text, 0)
    } else {
        let after_leading = folded.trim_start();
        let trimmed = after_leading.trim_end();
        let leading_bytes = folded.len() - after_leading.len();
        let leading = folded[..leading_bytes].chars().count();
        let raw_text = if raw.len() == folded.len() {
            &raw[leading_bytes..leading_bytes + trimmed.len()]
        } else {
            char_slice(raw, leading, trimmed.chars().count()).trim()
        };
        (trimmed, raw_text, leading)
    };
    let at = Provenance::Text {
        line: line.no,
        column: (start + leading) as u32 + 1,
    };
    GridCell::new(at, raw_text, trimmed, value_of(trimmed))
}

/// The value of a folded, trimmed cell: [`CellValue::parse`], with labels answered from their
/// first byte. A cell opening with an ideograph (lead byte 0xE4–0xE9) or a parenthesis is no
/// number, no number with a unit (those open with a digit or a sign) and no placeholder (none
/// of the dashes is in that range) unless it is 「无」 itself: text, decided without the
/// number parser's walk over a label.
fn value_of(trimmed: &str) -> CellValue {
    match trimmed.as_bytes().first() {
        Some(0xE4..=0xE9 | b'(') if !matches!(trimmed, "无" | "無") => CellValue::Text,
        _ => CellValue::parse(trimmed),
    }
}

/// Whether a folded cell has no whitespace to trim at either edge, decided from its edge bytes
/// alone: an ASCII byte that is not whitespace, or an ideograph (lead byte 0xE4–0xE9,
/// U+4000–U+9FFF, never whitespace) at either end. Anything else (an empty cell, a space, a
/// character that may be Unicode whitespace) answers `false`, and the cell is trimmed the
/// general way.
fn is_trimmed(folded: &str) -> bool {
    let bytes = folded.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    let solid_start = if first < 0x80 {
        !char::from(first).is_whitespace()
    } else {
        (0xE4..=0xE9).contains(&first)
    };
    solid_start && ends_solid(bytes)
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

    fn texts(row: GridRow<'_, '_>) -> Vec<String> {
        row.cells.iter().map(|c| c.folded().to_string()).collect()
    }

    #[test]
    fn row_layout_splits_cells_and_keeps_columns() {
        let doc = Document::new("\t(二) 部分公开\t0\t１\t\n规章\t0\t0\t0");
        let region = read(&doc, 1, 2);
        assert_eq!(region.layout, Layout::Rows);
        assert!(region.leading_empties);
        let row = region.row(0).unwrap();
        assert_eq!(texts(row), ["", "(二) 部分公开", "0", "1", ""]);
        assert_eq!(row.cells[1].column(), 2);
        assert_eq!(row.cells[2].column(), 11);
        assert_eq!(row.cells[3].raw(), "１");
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
        assert_eq!(region.row_count(), 3);
        assert_eq!(texts(region.row(0).unwrap()), ["行政复议", "行政诉讼"]);
        assert_eq!(texts(region.row(1).unwrap()), ["结果维持", "总计", ""]);
        assert_eq!(region.row(1).unwrap().cells[0].raw(), "结果维持");
        assert_eq!(region.row(1).unwrap().line, 4);
        assert_eq!(region.row(1).unwrap().last_line, 8);
        let values = region.row(2).unwrap();
        assert_eq!(texts(values), ["0", "0"]);
        assert_eq!(values.cells[0].column(), 3);
        assert_eq!(values.cells[1].raw(), "0");
        assert!(values.cells.iter().all(|c| c.value.number().is_some()));
    }

    #[test]
    fn a_cell_is_small_and_a_cell_of_one_line_owns_nothing() {
        // Written for every cell of every table: the borrowed texts, the value and a pointer.
        assert!(std::mem::size_of::<GridCell<'_>>() <= 80);
        let doc = Document::new("结果 「维持」\t0\t１");
        let region = read(&doc, 1, 1);
        let row = region.row(0).unwrap();
        for cell in row.cells {
            assert!(cell.key().len() <= cell.folded().len());
            assert!(!cell.is_joined());
        }
        // Only the label whose key differs from its text made one of its own.
        let owning: Vec<bool> = row.cells.iter().map(|c| c.owned.get().is_some()).collect();
        assert_eq!(owning, [true, false, false]);
    }

    #[test]
    fn a_key_is_read_on_first_use_and_forgotten_when_the_cell_grows() {
        let doc = Document::new("\t结果 「维持」\n\t0\n\t12");
        let region = read(&doc, 1, 3);
        let cells = &region.row(0).unwrap().cells;
        assert_eq!(cells[0].key(), label_key("结果 「维持」"));
        assert_eq!(cells[1].key(), "");
        // A key read before a continuation line is joined on is the key of the joined text.
        let mut label = cells[0].clone();
        assert_eq!(label.key(), "结果维持");
        append(&mut label, &cells[2]);
        assert_eq!(label.key(), label_key("结果 「维持」12"));
    }

    #[test]
    fn bookmarks_are_left_out_of_the_cell_text() {
        let doc = Document::new("\t[bookmark: _Hlk66973412]一、本年新收政府信息公开申请数量\n\t3");
        let region = read(&doc, 1, 2);
        let label = &region.row(0).unwrap().cells[0];
        assert_eq!(label.folded(), "一、本年新收政府信息公开申请数量");
        assert_eq!(label.raw(), "一、本年新收政府信息公开申请数量");
        assert_eq!(label.column(), 26);
    }

    #[test]
    fn pipe_rows_split_at_pipes_and_skip_the_rule_line() {
        let doc = Document::new("| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | ０ |\n|  | 1 |");
        let grid = read(&doc, 1, 4);
        assert_eq!(grid.layout, Layout::Pipes);
        let found: Vec<Vec<String>> = grid.rows().map(texts).collect();
        assert_eq!(
            found,
            [
                vec!["信息内容", "本年制发件数"],
                vec!["规章", "0"],
                vec!["", "1"]
            ]
        );
        assert_eq!(grid.row(1).unwrap().cells[1].raw(), "０");
        assert_eq!(grid.row(1).unwrap().cells[1].column(), 8);
        assert!(grid.leading_empties);
    }

    #[test]
    fn space_aligned_columns_split_at_gaps_and_join_wrapped_labels() {
        let text = "一、本年新收政府信息公开申请数量     21    0      0\n                    \x20   （二）部分公开（区分处理的，只计这一情 形，不\n                    \x20   计其他情形）\n                    \x20                    4    0      0";
        let doc = Document::new(text);
        let grid = read(&doc, 1, 4);
        assert_eq!(grid.layout, Layout::Columns);
        let found: Vec<Vec<String>> = grid.rows().map(texts).collect();
        assert_eq!(
            found,
            [
                vec!["一、本年新收政府信息公开申请数量", "21", "0", "0"],
                vec!["(二)部分公开(区分处理的,只计这一情 形,不计其他情形)"],
                vec!["4", "0", "0"],
            ]
        );
        assert_eq!(grid.row(0).unwrap().cells[1].column(), 22);
        assert_eq!(
            (grid.row(1).unwrap().line, grid.row(1).unwrap().last_line),
            (2, 3)
        );
    }

    #[test]
    fn one_cell_per_line_rebuilds_rows_from_labels_and_values() {
        let text = "申请人情况\n自然人\n总计\n一、本年新收政府信息公开申请数量\n\n3\n\n3\n                    三、本年度办理结果\n（一）予以公开\n（二）部分公开\n1\n1\n                    5.要求行政机关确认或重新出具已\n获取信息\n0\n0";
        let doc = Document::new(text);
        let grid = read(&doc, 1, doc.line_count());
        assert_eq!(grid.layout, Layout::Lines);
        let found: Vec<Vec<String>> = grid.rows().map(texts).collect();
        assert_eq!(
            found,
            [
                vec!["申请人情况", "自然人", "总计"],
                vec!["一、本年新收政府信息公开申请数量", "3", "3"],
                vec!["三、本年度办理结果"],
                vec!["(一)予以公开"],
                vec!["(二)部分公开", "1", "1"],
                vec!["5.要求行政机关确认或重新出具已获取信息", "0", "0"],
            ]
        );
        assert_eq!(grid.row(1).unwrap().line, 4);
        assert_eq!(grid.row(1).unwrap().last_line, 8);
    }

    #[test]
    fn a_stretch_of_collapsed_text_is_read_as_single_cells() {
        let text = "报告。 申请人情况 自然人 总计 一、本年新收政府信息公开申请数量 ３ 3 二、上年结转 0 0 五、";
        let doc = Document::new(text);
        let start = doc.folded().find("申请人情况").unwrap();
        let end = doc.folded().find("五、").unwrap();
        let grid = read_inline(&doc, 1, start, end);
        assert_eq!(grid.layout, Layout::Collapsed);
        assert_eq!((grid.first, grid.last), (1, 1));
        let found: Vec<Vec<String>> = grid.rows().map(texts).collect();
        assert_eq!(
            found,
            [
                vec!["申请人情况", "自然人", "总计"],
                vec!["一、本年新收政府信息公开申请数量", "3", "3"],
                vec!["二、上年结转", "0", "0"],
            ]
        );
        let value = &grid.row(1).unwrap().cells[1];
        assert_eq!(value.raw(), "３");
        assert_eq!(value.column(), 35);
    }

    /// The character-by-character test [`is_plain_key`] replaced, as the oracle.
    fn plain_by_chars(folded: &str) -> bool {
        let mut previous = ' ';
        folded.chars().all(|c| {
            let special = c.is_whitespace()
                || matches!(
                    c,
                    '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」' | '『' | '』'
                )
                || (matches!(c, '、' | '．') && previous.is_ascii_digit());
            previous = c;
            !special
        }) && !folded.ends_with([':', '：'])
    }

    #[test]
    fn plain_keys_are_decided_as_by_characters() {
        // Every string of up to four characters over the characters that matter: digits,
        // the two marks special after one, quotes, spaces of several widths, colons, ideographs
        // on both sides of the skipped byte range (U+3xxx, U+4E00–U+9FFF, U+Fxxx) and ASCII.
        let alphabet = [
            '1', '、', '．', '.', ' ', '\u{3000}', '\u{2028}', '“', '」', ':', '：', '政', '一',
            '龟', '（', 'a', '"', '\t', '\'', '\u{1c}', '\u{85}',
        ];
        let texts = crate::document::texts_up_to(&alphabet, 4);
        assert!(texts.len() > 80_000);
        for text in &texts {
            assert_eq!(is_plain_key(text), plain_by_chars(text), "{text:?}");
            let folded = crate::text::fold(text);
            if is_plain_key(&folded) {
                assert_eq!(label_key(&folded), folded, "{text:?}");
            }
        }
    }

    #[test]
    fn values_are_read_as_by_the_parser() {
        // Every string of up to three characters over digits, signs, units, placeholders,
        // parentheses and ideographs on both sides of the range decided from the lead byte.
        let alphabet = [
            '0', '7', '-', '.', ',', '(', ')', '/', '—', '无', '無', '元', '件', '万', '政', '一',
            '龟', '（', 'a',
        ];
        let texts = crate::document::texts_up_to(&alphabet, 3);
        for text in texts.iter().chain(&["无".to_string(), "万元".to_string()]) {
            assert_eq!(value_of(text), CellValue::parse(text), "{text:?}");
        }
        assert_eq!(value_of("无"), CellValue::Placeholder);
    }

    #[test]
    fn edges_are_decided_as_by_trimming() {
        // Every string of up to three characters over ASCII, whitespace of several widths
        // and ideographs on both sides of the range decided from the lead byte.
        let alphabet = [
            'a', '0', ' ', '\t', '\u{b}', '\u{85}', '\u{a0}', '\u{3000}', '\u{2028}', '政', '一',
            '龟', '（', '、', '𠀀',
        ];
        let texts = crate::document::texts_up_to(&alphabet, 3);
        for text in &texts {
            if is_trimmed(text) {
                assert_eq!(text.trim(), text, "{text:?}");
                assert!(!text.is_empty());
            }
        }
        assert!(is_trimmed("政府"));
        assert!(is_trimmed("0"));
        assert!(!is_trimmed(" 0"));
        assert!(!is_trimmed("0\u{3000}"));
    }

    #[test]
    fn the_raw_cursor_finds_what_the_line_finds() {
        let doc = Document::new("（一）　规章  ７  𠀀年\t0\n\nab");
        for line in doc.lines() {
            let count = line.raw.chars().count();
            // In order, as the cells of a row ask, and out of order.
            let mut spans: Vec<(usize, usize)> = (0..count + 3)
                .flat_map(|from| (0..4).map(move |len| (from, len)))
                .collect();
            spans.extend([(5, 2), (1, 1), (count + 2, 0), (0, count + 5)]);
            let mut cursor = RawCursor::new(line.raw);
            for (from, len) in spans {
                assert_eq!(
                    cursor.chars(from, len),
                    line.raw_chars(from, len),
                    "{line:?} {from} {len}"
                );
            }
        }
    }

    /// The cells of a tab-separated line as a split at its tabs gives them, as the oracle
    /// of [`tab_cells`].
    fn tab_cells_by_split<'a>(line: &Line<'a>) -> (Vec<GridCell<'a>>, (usize, usize)) {
        let mut start = 0;
        let mut cells = Vec::new();
        for (raw, folded) in line.raw.split('\t').zip(line.folded.split('\t')) {
            cells.push(cell(line, raw, folded, start));
            start += folded.chars().count() + 1;
        }
        let count = cells.len();
        (cells, (start, count))
    }

    #[test]
    fn tab_cells_are_the_pieces_of_a_split_at_tabs() {
        // Characters that fold to shorter ones (full-width forms, U+3000), ASCII, ideographs,
        // a four-byte character and spaces, with tabs anywhere.
        let alphabet = ['\t', '0', '（', '　', '政', ' ', '𠀀', '１'];
        let texts = crate::document::texts_up_to(&alphabet, 5);
        for text in &texts {
            let doc = Document::new(text);
            let Some(line) = doc.line(1) else { continue };
            let mut cells = Vec::new();
            let found = tab_cells(&line, &mut cells);
            let (expected, counts) = tab_cells_by_split(&line);
            assert_eq!(found, counts, "{text:?}");
            assert_eq!(format!("{cells:?}"), format!("{expected:?}"), "{text:?}");
        }
    }

    /// What [`raw_cell_end`] relies on to take a raw cell's end from its folded cell's length:
    /// no character folds to a longer one, and a character folds to a tab exactly when it is one.
    #[test]
    fn folding_never_lengthens_a_character_and_keeps_the_tabs() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let folded = crate::text::fold_char(c);
            assert!(
                folded.len_utf8() <= c.len_utf8(),
                "{c:?} folds to {folded:?}"
            );
            assert_eq!(folded == '\t', c == '\t', "{c:?} folds to {folded:?}");
            let simple = crate::text::simplified(folded);
            assert_eq!(
                simple.len_utf8(),
                folded.len_utf8(),
                "{folded:?} to {simple:?}"
            );
            assert_eq!(simple == '\t', c == '\t', "{c:?} to {simple:?}");
        }
    }

    proptest::proptest! {
        /// Rows of a row-layout table as reports write them: counts, empty cells (runs of tabs),
        /// labels of ideographs with full-width parentheses and digits, spaces and full-width
        /// spaces at a cell's edges, Traditional characters; the cells as a split finds them.
        #[test]
        fn the_cells_of_a_tab_separated_row_are_the_pieces_of_a_split(
            cells in proptest::collection::vec(
                "[0-9]{0,3}|[ 　]{0,2}[0-9０-９]{1,4}[ 　]{0,2}|（[一二三]）[政府信息公开資訊開]{0,9}|[ a（）政１　\t]{0,6}",
                1..14,
            ),
            traditional in proptest::bool::ANY,
        ) {
            let mut text = cells.join("\t");
            if traditional {
                text.push_str("\t政府資訊公開");
            }
            let doc = Document::new(&text);
            if let Some(line) = doc.line(1) {
                let mut found_cells = Vec::new();
                let found = tab_cells(&line, &mut found_cells);
                let (expected, counts) = tab_cells_by_split(&line);
                proptest::prop_assert_eq!(found, counts);
                proptest::prop_assert_eq!(format!("{found_cells:?}"), format!("{expected:?}"));
            }
        }
    }

    /// The cells of a space-aligned line found by decoding every character and taking each
    /// cell's raw text from the line ([`Line::raw_chars`]), as the oracle of [`gap_cells`].
    fn gap_cells_by_chars<'a>(line: &Line<'a>) -> (Vec<GridCell<'a>>, usize) {
        let folded = line.folded;
        let mut cells = Vec::new();
        let mut piece_start: Option<(usize, usize)> = None;
        let (mut spaces, mut chars) = (0usize, 0usize);
        let mut push = |from: (usize, usize), to_byte: usize, to_char: usize| {
            let raw = line.raw_chars(from.1, to_char - from.1);
            cells.push(cell(line, raw, &folded[from.0..to_byte], from.1));
        };
        for (byte, c) in folded.char_indices() {
            if c == ' ' {
                spaces += 1;
            } else {
                match piece_start {
                    None => piece_start = Some((byte, chars)),
                    Some(from) if spaces >= 2 => {
                        push(from, byte - spaces, chars - spaces);
                        piece_start = Some((byte, chars));
                    }
                    Some(_) => {}
                }
                spaces = 0;
            }
            chars += 1;
        }
        if let Some(from) = piece_start {
            push(from, folded.len() - spaces, chars - spaces);
        }
        (cells, chars + 1)
    }

    #[test]
    fn gap_cells_are_the_cells_found_by_characters() {
        // Spaces, characters that fold to shorter ones (full-width forms, U+3000), ASCII,
        // ideographs and a four-byte character.
        let alphabet = [' ', '0', '（', '　', '政', '𠀀', '１'];
        let short = crate::document::texts_up_to(&alphabet, 6);
        // Repeated, so that whole words of padding and of text are stepped over.
        let long = crate::document::texts_up_to(&alphabet, 4)
            .into_iter()
            .flat_map(|t| [t.repeat(5), format!("{t}{}{t}", " ".repeat(11))]);
        for text in short.iter().cloned().chain(long) {
            let doc = Document::new(&text);
            let Some(line) = doc.line(1) else { continue };
            let mut cells = Vec::new();
            let end = gap_cells(&line, &mut cells);
            let (expected, expected_end) = gap_cells_by_chars(&line);
            assert_eq!(end, expected_end, "{text:?}");
            assert_eq!(format!("{cells:?}"), format!("{expected:?}"), "{text:?}");
        }
    }

    #[test]
    fn the_next_tab_and_the_characters_before_it_are_found_as_by_decoding() {
        // Long enough for whole words, with tabs at every offset of a word.
        let alphabet = ['\t', 'a', '政', '\u{e9}', '𠀀'];
        for text in crate::document::texts_up_to(&alphabet, 5) {
            for repeat in [1, 3] {
                let text = text.repeat(repeat);
                for from in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                    let rest = &text[from..];
                    let to = rest.find('\t').unwrap_or(rest.len());
                    let expected = (from + to, rest[..to].chars().count());
                    assert_eq!(to_tab(text.as_bytes(), from), expected, "{text:?} {from}");
                }
            }
        }
    }

    #[test]
    fn rows_past_the_cap_are_counted_and_the_rows_kept_keep_their_cells() {
        // Every layout that reads rows into the grid's one buffer: the rows past the cap leave
        // the buffer, and the cells of the rows before them stay where their ranges say.
        let extra = 5;
        let count = MAX_TABLE_ROWS + extra;
        // The layout, the text of row `i`, the lines a row takes.
        type Case = (Layout, fn(usize) -> String, u32);
        let cases: [Case; 3] = [
            (Layout::Rows, |i| format!("规章{i}\t{i}\t0\n"), 1),
            (Layout::Cells, |i| format!("\t规章{i}\n\t{i}\n\n"), 3),
            (Layout::Lines, |i| format!("规章{i}\n{i}\n"), 2),
        ];
        for (layout, row_text, lines_a_row) in cases {
            let text: String = (0..count).map(row_text).collect();
            let doc = Document::new(&text);
            let grid = read(&doc, 1, doc.line_count());
            assert_eq!(grid.layout, layout);
            assert_eq!(grid.row_count(), MAX_TABLE_ROWS, "{layout:?}");
            let unread = grid.unread.expect("rows past the cap are counted");
            let first_unread = MAX_TABLE_ROWS as u32 * lines_a_row + 1;
            assert_eq!(
                (unread.line, unread.rows),
                (first_unread, extra),
                "{layout:?}"
            );
            for (i, row) in grid
                .rows()
                .enumerate()
                .step_by(97)
                .chain(grid.rows().enumerate().next_back())
            {
                let mut expected = vec![format!("规章{i}"), i.to_string()];
                if layout == Layout::Rows {
                    expected.push("0".into());
                }
                assert_eq!(texts(row), expected, "{layout:?} row {i}");
                assert_eq!(row.line, i as u32 * lines_a_row + 1, "{layout:?} row {i}");
                assert_eq!(row.value_start(), Some(1), "{layout:?} row {i}");
            }
        }
    }

    #[test]
    fn a_line_with_two_tabs_makes_the_region_row_layout() {
        let doc = Document::new("\t规章\n\t0\t0");
        assert_eq!(read(&doc, 1, 2).layout, Layout::Rows);
    }

    /// The layout of a region with tabs as the general search decided it (`memchr` for the
    /// first and the second tab, the text on either side trimmed), as the oracle of
    /// [`layout_of`]'s word-at-a-time tab scan; `None` when no line holds a tab.
    fn tab_layout_by_search(doc: &Document) -> Option<Layout> {
        let (mut leading, mut trailing) = (0, 0);
        for line in doc.lines() {
            let Some(at) = memchr::memchr(b'\t', line.raw.as_bytes()) else {
                continue;
            };
            let one = memchr::memchr(b'\t', &line.raw.as_bytes()[at + 1..]).is_none();
            if one && line.raw[..at].trim().is_empty() {
                leading += 1;
            } else if one && line.raw[at + 1..].trim().is_empty() {
                trailing += 1;
            } else {
                return Some(Layout::Rows);
            }
        }
        match (leading, trailing) {
            (0, 0) => None,
            (_, 0) => Some(Layout::Cells),
            (0, _) => Some(Layout::Lines),
            _ => Some(Layout::Rows),
        }
    }

    /// A cell-layout line's cell as the characters before its tab decoded gave it: its column
    /// counted with `chars()`, the folded text cut after the same number of characters, as
    /// the oracle of [`cell_layout`]'s counts taken while the tab is found.
    fn tab_cell_by_chars<'a>(line: &Line<'a>) -> GridCell<'a> {
        let tab = line.raw.find('\t').unwrap();
        let start = line.raw[..tab].chars().count() + 1;
        let folded_tab = nth_char_byte(line.folded, start - 1).map_or(line.folded.len(), |b| b + 1);
        let folded = &line.folded[folded_tab.min(line.folded.len())..];
        cell(line, &line.raw[tab + 1..], folded, start)
    }

    #[test]
    fn tabs_found_a_word_at_a_time_decide_the_layout_and_cells_as_the_search_did() {
        // Tabs and what may stand around them: ASCII, full-width forms and U+3000 (which fold
        // shorter), an ideograph, spaces, a vertical tab (whitespace that `trim` takes but
        // `u8::is_ascii_whitespace` does not) and line ends, so that regions of one to five
        // lines put tabs at the start, the end, the middle and twice on a line.
        let alphabet = ['\t', '0', '（', '　', '政', ' ', '\u{b}', '\n'];
        for text in crate::document::texts_up_to(&alphabet, 5) {
            let doc = Document::new(&text);
            let count = doc.line_count();
            let expected = tab_layout_by_search(&doc);
            let found = detect_layout(&doc, 1, count);
            match expected {
                Some(layout) => assert_eq!(found, layout, "{text:?}"),
                None => assert!(!matches!(found, Layout::Cells), "{text:?}"),
            }
            if found != Layout::Cells {
                continue;
            }
            let grid = read(&doc, 1, count);
            for line in doc.lines().filter(|line| line.raw.contains('\t')) {
                let expected = tab_cell_by_chars(&line);
                let mut cells = grid.rows().flat_map(|row| row.cells.iter());
                let Some(cell) = cells.find(|c| c.line() == line.no) else {
                    // An empty cell takes the place of the continuation joined onto it.
                    assert!(expected.is_empty(), "{text:?}: no cell on line {}", line.no);
                    continue;
                };
                if cell.is_joined() {
                    // Continuation lines were joined onto it: its column is still its own.
                    assert_eq!(cell.column(), expected.column(), "{text:?}");
                } else {
                    assert_eq!(format!("{cell:?}"), format!("{expected:?}"), "{text:?}");
                }
            }
        }
    }

    /// Every text of up to three characters drawn from digits, a letter, a full-width digit,
    /// an ideograph and a space is made by `model_text` as `CompactString::new` makes it: the
    /// counts cloned from the table (each of the 110, by its own text) and the rest copied.
    #[test]
    fn the_model_text_of_every_short_text_is_the_text() {
        let alphabet = ["", "0", "1", "5", "9", "a", "１", "件", " "];
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    let text = format!("{a}{b}{c}");
                    let made = model_text(&text);
                    assert_eq!(made, CompactString::new(&text), "{text:?}");
                    assert!(!made.is_heap_allocated(), "{text:?}");
                }
            }
        }
        for n in 0..100 {
            for text in [format!("{n}"), format!("{n:02}")] {
                assert_eq!(model_text(&text).as_str(), text);
            }
        }
    }

    proptest::proptest! {
        /// Any text, a count or not, is the same string either way.
        #[test]
        fn the_model_text_is_the_text_copied(text in "[0-9]{0,3}|\\PC{0,30}") {
            proptest::prop_assert_eq!(model_text(&text), CompactString::new(&text));
        }
    }
}
