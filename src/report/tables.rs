//! 表二, 表三 and 表四 as typed grids.
//!
//! Every value cell keeps its source line and column, its raw text and its parsed value. Rows
//! are matched to the template's rows ([`RowSpec`]) by label; a row's values are in template
//! column order after lenient recovery (the trailing run of values of a shifted row).
//! [`identities`] evaluates the template's arithmetic over these grids.

#[cfg(test)]
pub mod fixtures;
pub mod identities;
pub mod suspect;

use std::fmt;

use compact_str::CompactString;
use serde::Serialize;

use super::template::RowSpec;
use super::template::TemplateVersion;
use super::template::ValueKind;
use super::Report;
use crate::flag::Location;
use crate::i18n::Lang;

/// Which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TableKind {
    /// 表二 in section 二 (主动公开政府信息情况).
    Table2,
    /// 表三 in section 三 (收到和处理政府信息公开申请情况).
    Table3,
    /// 表四 in section 四 (行政复议、行政诉讼).
    Table4,
}

impl TableKind {
    pub const ALL: [TableKind; 3] = [TableKind::Table2, TableKind::Table3, TableKind::Table4];

    /// 表二 / 表三 / 表四.
    pub fn name_zh(self) -> &'static str {
        match self {
            TableKind::Table2 => "表二",
            TableKind::Table3 => "表三",
            TableKind::Table4 => "表四",
        }
    }

    /// Table 2 / Table 3 / Table 4.
    pub fn name_en(self) -> &'static str {
        match self {
            TableKind::Table2 => "Table 2",
            TableKind::Table3 => "Table 3",
            TableKind::Table4 => "Table 4",
        }
    }

    /// A template row of this table for messages: 「表三“（一）予以公开”行」, 「Table 3, row
    /// “（一）予以公开”」; 表四's one row is the table.
    pub fn row_name(self, spec: &RowSpec, lang: Lang) -> String {
        self.row_label_name(spec.label, lang)
    }

    /// A row of this table by its template label, for messages (see [`TableKind::row_name`]).
    pub fn row_label_name(self, label: &str, lang: Lang) -> String {
        match (self, lang) {
            (TableKind::Table4, _) => lang.pick(self.name_zh(), self.name_en()).to_string(),
            (_, Lang::Zh) => format!("{}“{}”行", self.name_zh(), label),
            (_, Lang::En) => format!("{}, row “{}”", self.name_en(), label),
        }
    }

    /// A short stable key for fingerprints and evidence: `t2`, `t3`, `t4`.
    pub fn key(self) -> &'static str {
        match self {
            TableKind::Table2 => "t2",
            TableKind::Table3 => "t3",
            TableKind::Table4 => "t4",
        }
    }
}

pub use crate::document::Layout;

/// An exact decimal number: `mantissa / 10^scale`. Counts have scale 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Num {
    pub mantissa: i64,
    pub scale: u8,
}

impl Num {
    pub fn int(value: i64) -> Num {
        Num {
            mantissa: value,
            scale: 0,
        }
    }

    /// The integer value, if the number has no fractional part.
    pub fn as_int(self) -> Option<i64> {
        if self.scale == 0 {
            return Some(self.mantissa);
        }
        let factor = 10i64.checked_pow(self.scale as u32)?;
        (self.mantissa % factor == 0).then(|| self.mantissa / factor)
    }

    /// Whether the number has a non-zero fractional part.
    pub fn is_fractional(self) -> bool {
        self.as_int().is_none()
    }

    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    /// The value as a float, for magnitudes only (never for identities).
    pub fn as_f64(self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }

    /// Parses `12`, `-3`, `40.51`, `1,234` (folded text, trimmed). `None` if not a number.
    pub fn parse(text: &str) -> Option<Num> {
        let (negative, digits) = match text.strip_prefix(['-', '−', '－']) {
            Some(rest) => (true, rest.trim_start()),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        if digits.is_empty() {
            return None;
        }
        let mut mantissa: i64 = 0;
        let mut scale: u8 = 0;
        let mut seen_point = false;
        let mut seen_digit = false;
        for c in digits.chars() {
            match c {
                '0'..='9' => {
                    mantissa = mantissa
                        .checked_mul(10)?
                        .checked_add(c as i64 - '0' as i64)?;
                    seen_digit = true;
                    if seen_point {
                        scale = scale.checked_add(1)?;
                    }
                }
                '.' if !seen_point => seen_point = true,
                ',' if !seen_point && seen_digit => {}
                _ => return None,
            }
        }
        if !seen_digit || digits.ends_with('.') {
            return None;
        }
        Some(Num {
            mantissa: if negative { -mantissa } else { mantissa },
            scale,
        })
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let factor = 10i64.pow(self.scale as u32);
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let abs = self.mantissa.unsigned_abs();
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / factor as u64,
            abs % factor as u64,
            width = self.scale as usize
        )
    }
}

/// The parsed value of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CellValue {
    /// A number.
    Number(Num),
    /// Nothing written.
    Blank,
    /// A dash or a word standing for nothing: 「-」「/」「—」「无」.
    Placeholder,
    /// A number with a unit written into the cell: 「251000元」, 「3件」.
    NumberWithUnit(Num),
    /// Text that is not a number.
    Text,
}

impl CellValue {
    /// The number, when the cell holds a plain number.
    pub fn number(self) -> Option<Num> {
        match self {
            CellValue::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The number written, with or without a unit.
    pub fn any_number(self) -> Option<Num> {
        match self {
            CellValue::Number(n) | CellValue::NumberWithUnit(n) => Some(n),
            _ => None,
        }
    }

    /// Reads a cell from its folded, trimmed text.
    // Inlined into the grid reader, which parses every cell of every table: most are a count
    // of one or two digits or empty, answered without a call.
    #[inline]
    pub fn parse(text: &str) -> CellValue {
        // Most cells of a table are a count of one or two digits: read without the general
        // parse's sign, separator and unit tests.
        match *text.as_bytes() {
            [] => CellValue::Blank,
            [d @ b'0'..=b'9'] => CellValue::Number(Num::int(i64::from(d - b'0'))),
            [t @ b'0'..=b'9', d @ b'0'..=b'9'] => {
                let value = i64::from(t - b'0') * 10 + i64::from(d - b'0');
                CellValue::Number(Num::int(value))
            }
            _ => CellValue::from_words(CellValue::parse_general_words(text)),
        }
    }

    /// [`CellValue::parse_general`] as two words ([`CellValue::words`]), out of line.
    // A call returns two words in registers but a `CellValue` (24 bytes) through memory. The
    // grid reader, which inlines `parse`, then built every cell's value in a stack slot: the
    // fast paths wrote it with narrow stores and the push copied it with wide loads, which
    // store-to-load forwarding cannot serve, a stall on every cell (the largest self cost of
    // `separated_rows` in perf). From two words every path builds the value in registers.
    #[inline(never)]
    fn parse_general_words(text: &str) -> (i64, u16) {
        CellValue::parse_general(text).words()
    }

    /// The value as two words: the number's mantissa (0 without a number), and the variant
    /// in the low byte with the number's scale in the high byte.
    #[inline]
    fn words(self) -> (i64, u16) {
        let (variant, number) = match self {
            CellValue::Number(n) => (0, n),
            CellValue::Blank => (1, Num::int(0)),
            CellValue::Placeholder => (2, Num::int(0)),
            CellValue::NumberWithUnit(n) => (3, n),
            CellValue::Text => (4, Num::int(0)),
        };
        (number.mantissa, variant | u16::from(number.scale) << 8)
    }

    /// The value [`CellValue::words`] gave.
    #[inline]
    fn from_words((mantissa, tag): (i64, u16)) -> CellValue {
        let number = Num {
            mantissa,
            scale: (tag >> 8) as u8,
        };
        match tag & 0xFF {
            0 => CellValue::Number(number),
            1 => CellValue::Blank,
            2 => CellValue::Placeholder,
            3 => CellValue::NumberWithUnit(number),
            _ => CellValue::Text,
        }
    }

    /// [`CellValue::parse`] past its one- and two-digit counts.
    fn parse_general(text: &str) -> CellValue {
        if let Some(n) = Num::parse(text) {
            return CellValue::Number(n);
        }
        if is_placeholder(text) {
            return CellValue::Placeholder;
        }
        match number_with_unit(text) {
            Some(n) => CellValue::NumberWithUnit(n),
            None => CellValue::Text,
        }
    }

    /// Whether the cell holds something standing in a value's place: a number (with or
    /// without a unit) or a placeholder. Text and blanks are not.
    pub fn is_value_like(self) -> bool {
        matches!(
            self,
            CellValue::Number(_) | CellValue::Placeholder | CellValue::NumberWithUnit(_)
        )
    }
}

/// 「-」「/」「—」「——」「无」: a cell filled with a sign for nothing.
fn is_placeholder(text: &str) -> bool {
    matches!(text, "无" | "無")
        || text.chars().all(|c| {
            matches!(
                c,
                '-' | '/' | '\\' | '—' | '–' | '―' | '─' | '━' | '－' | '／' | '﹣' | '‐' | '−'
            )
        })
}

/// Units seen written into value cells.
const UNITS: &[&str] = &[
    "万元", "元", "件", "条", "个", "次", "项", "宗", "起", "人", "份", "篇",
];

/// 「251000元」, 「3 件」: a number followed by a unit.
fn number_with_unit(text: &str) -> Option<Num> {
    if !text.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return None;
    }
    let unit = UNITS.iter().find(|u| text.ends_with(*u))?;
    Num::parse(text[..text.len() - unit.len()].trim_end())
}

/// How a label found in the text compares with the template's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum LabelMatch {
    /// The same after normalisation (width, spaces, quotes, `1、`/`1.`).
    Exact,
    /// The same once explanatory parentheses or unit annotations are set aside:
    /// 「采购总金额（单位：万元，保留4位小数）」 for 采购总金额.
    Variant,
    /// A different wording, placed by its position or its key words.
    Different,
}

/// One value cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub line: u32,
    /// 1-based character column of the cell's first character (of the line end for a blank
    /// cell that has no text).
    pub column: u32,
    /// The cell as written, trimmed; wrapped lines joined without a separator. Kept inline
    /// when it is short (most cells hold a count of a few digits, and every table cell of a
    /// report is read), so that reading a table allocates no string per cell; reads as a `str`.
    pub raw: CompactString,
    pub value: CellValue,
}

/// A label found in the text (row label or column header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundLabel {
    pub line: u32,
    pub column: u32,
    /// The label as written, trimmed; wrapped lines joined without a separator. Kept inline
    /// when it is short (a column label such as 自然人, most of 表三's row labels), as a cell's
    /// text is: every label of every table of a report is read, and a `String` was an
    /// allocation and a free for each of them.
    pub raw: CompactString,
}

impl FoundLabel {
    /// The label's length in characters, for a span location.
    pub fn len(&self) -> u32 {
        self.raw.chars().count() as u32
    }

    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }
}

/// A column header label compared with the template's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnLabel {
    pub found: FoundLabel,
    /// The template's label at this position.
    pub expected: &'static str,
    /// How the found label compares with the expected one.
    pub matching: LabelMatch,
}

/// One template row as found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableRow {
    /// The template row this is.
    pub spec: &'static RowSpec,
    /// The label as written.
    pub label: FoundLabel,
    /// How the label compares with `spec.label`.
    pub matching: LabelMatch,
    /// First and last line of the row.
    pub line: u32,
    pub last_line: u32,
    /// The values in template column order. When the row has fewer values than the template
    /// expects, these are the values found (rule `cell-count` reports the difference); a row
    /// with no value at all has `spec.expected_values()` blank cells.
    pub cells: Vec<Cell>,
    /// The row's cells were shifted against the header (merged-cell drift); values recovered.
    pub misaligned: bool,
}

impl TableRow {
    /// Whether the row has exactly the number of values the template expects.
    pub fn has_expected_count(&self) -> bool {
        self.cells.len() == self.spec.expected_values()
    }

    /// The integer in column `index`, if the row is complete and the cell holds an integer.
    pub fn int(&self, index: usize) -> Option<i64> {
        if !self.has_expected_count() {
            return None;
        }
        self.cell_int(index)
    }

    /// [`TableRow::int`] of every template column in order, the row's count of values (which
    /// counts the template's columns) compared once rather than once a column.
    pub fn ints(&self) -> impl Iterator<Item = Option<i64>> + '_ {
        let complete = self.has_expected_count();
        (0..self.spec.expected_values()).map(move |i| complete.then(|| self.cell_int(i)).flatten())
    }

    /// The integer the cell in column `index` holds, whether or not the row is complete.
    fn cell_int(&self, index: usize) -> Option<i64> {
        self.cells.get(index)?.value.number()?.as_int()
    }

    /// Whether no value at all was written in the row.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.value == CellValue::Blank)
    }
}

/// A row with values that the parser saw inside a table but could not place on a template row
/// of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtraRow {
    /// The row's label; for a row of values without any label, an empty label at its first
    /// cell.
    pub label: FoundLabel,
    pub line: u32,
    pub last_line: u32,
    /// How many value-like cells (numbers, placeholders) the row has.
    pub values: usize,
    /// The template row this one repeats, when it was placed on a row already taken.
    pub duplicate_of: Option<&'static RowSpec>,
}

/// The rows of a table past the most the parser reads ([`MAX_TABLE_ROWS`]): counted, not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UnreadRows {
    /// The line of the first row not read.
    pub line: u32,
    pub last_line: u32,
    /// How many rows were not read.
    pub rows: usize,
}

/// The most rows the parser reads from one table. The templates' tables have a few dozen rows at
/// most; a table with more is a table repeated or a file built to exhaust memory, and the rows
/// past this many are only counted ([`Table::unread`]), so that reading a table takes memory in
/// proportion to its template, not to the file.
pub const MAX_TABLE_ROWS: usize = 1_000;

/// Which part of a template a version marker belongs to (rules.md A4): markers of one part
/// describe one structure and vote together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum MarkerPart {
    /// A block of 表二, numbered in text order from its 「第二十条第（x）项」 header (or, without
    /// headers, from its 「信息内容」 column header row).
    Table2Block(u16),
    /// 表三's （六）其他处理: one row with numbers (2019) or three sub-rows (2021).
    Table3Other,
}

/// A label inside a table that exists in only one of the two templates (rules.md A4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateMarker {
    pub version: TemplateVersion,
    pub label: FoundLabel,
    pub part: MarkerPart,
    /// Whether the marker is a structure only its template has (a column, a row, a block), as
    /// opposed to a wording a slip of the pen also produces: 「规范性文件」 for 行政规范性文件,
    /// 「处理决定数量」 for 本年处理决定数量. Only structural markers show a mix of templates.
    pub structural: bool,
}

/// Why a table's grid was not matched onto the template with confidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Doubt {
    /// Rows of values with no label of their own, too many to be one row cut by a page break:
    /// cells were read as rows.
    UnlabelledValues { rows: usize },
    /// Rows with fewer values than the template in a layout where a blank cell leaves no
    /// trace (one cell per line, space-aligned columns): the values cannot be placed in their
    /// columns.
    UnplaceableValues { rows: Vec<&'static str> },
    /// Whitespace-collapsed text where labels and values run together without a space: only
    /// `found` of the template's `expected` rows could be told apart.
    RunTogether { found: usize, expected: usize },
    /// A row of far more cells than any template has ([`MAX_ROW_CELLS`]): not a row of the
    /// template, and only its first cells were kept.
    RowTooWide { line: u32, cells: usize },
}

/// The most cells the reader keeps of one row. The templates' rows have at most nine; a row
/// with more is a file built to exhaust memory or a table that is not one, and keeping all its
/// cells would cost memory in proportion to the line, not to the template.
pub const MAX_ROW_CELLS: usize = 256;

impl Doubt {
    /// The doubt in a Chinese message.
    pub fn zh(&self) -> String {
        match self {
            Doubt::UnlabelledValues { rows } => {
                format!("有{rows}行数值没有行标签（单元格被读成了行）")
            }
            Doubt::UnplaceableValues { rows } => format!(
                "{}等{}行的数值少于模板，而该版式中空白单元格不留痕迹，无法确定数值所在的列",
                rows.first().copied().unwrap_or_default(),
                rows.len()
            ),
            Doubt::RowTooWide { line, cells } => {
                format!("第{line}行有{cells}个单元格，远多于模板的任何一行")
            }
            Doubt::RunTogether { found, expected } => {
                format!("文字被压成一行且标签与数字连在一起，模板的{expected}行中只分辨出{found}行")
            }
        }
    }

    /// The doubt in an English message.
    pub fn en(&self) -> String {
        match self {
            Doubt::UnlabelledValues { rows } => {
                format!("{rows} rows of values have no row label (cells were read as rows)")
            }
            Doubt::UnplaceableValues { rows } => format!(
                "{} rows from “{}” have fewer values than the template, and this layout leaves \
                 no trace of a blank cell, so the values cannot be placed in their columns",
                rows.len(),
                rows.first().copied().unwrap_or_default()
            ),
            Doubt::RowTooWide { line, cells } => {
                format!("line {line} has {cells} cells, far more than any row of the template")
            }
            Doubt::RunTogether { found, expected } => format!(
                "the text is run together with labels and numbers joined: only {found} of the \
                 template's {expected} rows could be told apart"
            ),
        }
    }

    /// A short stable key for fingerprints.
    pub fn key(&self) -> &'static str {
        match self {
            Doubt::UnlabelledValues { .. } => "unlabelled-values",
            Doubt::UnplaceableValues { .. } => "unplaceable-values",
            Doubt::RunTogether { .. } => "run-together",
            Doubt::RowTooWide { .. } => "row-too-wide",
        }
    }
}

/// A table as found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub kind: TableKind,
    pub layout: Layout,
    /// Why the grid was not matched with confidence; empty when it was. A table with doubts
    /// is reported by `table-not-assessable`, and neither its identities nor its cells are
    /// judged (see [`Report::assessed`]).
    pub doubts: Vec<Doubt>,
    pub first_line: u32,
    pub last_line: u32,
    /// The template version the table's markers point to, when they point to one.
    pub version: Option<TemplateVersion>,
    /// The template the rows were matched against: the table's own markers, else the other
    /// tables', else the 2021 template.
    pub template: TemplateVersion,
    /// 2019 and 2021 markers counted inside this table (A4).
    pub markers_2019: u32,
    pub markers_2021: u32,
    /// The markers themselves, in text order, with where they are and which part of the
    /// template they belong to.
    pub markers: Vec<TemplateMarker>,
    /// Whether 表三's corner note on the 勾稽关系 was found.
    pub has_corner_note: bool,
    /// Column header labels compared with the template, in order.
    pub columns: Vec<ColumnLabel>,
    /// The rows matched to template rows, in text order.
    pub rows: Vec<TableRow>,
    /// Rows with values that match no template row, or repeat one already placed.
    pub extra_rows: Vec<ExtraRow>,
    /// The rows past [`MAX_TABLE_ROWS`], which were not read.
    pub unread: Option<UnreadRows>,
}

impl Table {
    /// Whether the grid was matched onto the template with confidence.
    pub fn is_confident(&self) -> bool {
        self.doubts.is_empty()
    }

    /// The row with this template id.
    pub fn row(&self, id: &str) -> Option<&TableRow> {
        self.rows.iter().find(|r| r.spec.id == id)
    }

    /// The integer at `(row id, column)`, when present and readable.
    pub fn int(&self, id: &str, column: usize) -> Option<i64> {
        self.row(id)?.int(column)
    }

    /// A row for messages: 「表三“（一）予以公开”行」; 表四's one value row is just 「表四」.
    pub fn row_name_zh(&self, row: &TableRow) -> String {
        self.kind.row_name(row.spec, Lang::Zh)
    }

    /// A row for English messages: 「Table 3, row “（一）予以公开”」.
    pub fn row_name_en(&self, row: &TableRow) -> String {
        self.kind.row_name(row.spec, Lang::En)
    }

    /// A cell for messages: 「表三“（一）予以公开”行“自然人”列」, 「表四“行政复议·结果维持”」.
    pub fn cell_name_zh(&self, row: &TableRow, index: usize) -> String {
        self.cell_name(row, index).name(Lang::Zh)
    }

    pub fn cell_name_en(&self, row: &TableRow, index: usize) -> String {
        self.cell_name(row, index).name(Lang::En)
    }

    /// The cell at `index` of a row, as data for messages.
    pub fn cell_name(&self, row: &TableRow, index: usize) -> CellName {
        CellName {
            table: self.kind,
            row: row.spec,
            index,
        }
    }
}

/// A cell of a template table as plain data, for messages: a typed finding keeps it and words
/// it in the user's language (「表三“（一）予以公开”行“自然人”列」, 「Table 3, row “…”, column
/// “自然人”」).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellName {
    pub table: TableKind,
    pub row: &'static RowSpec,
    pub index: usize,
}

impl CellName {
    /// The cell named in `lang`.
    pub fn name(&self, lang: Lang) -> String {
        let column = self.row.column(self.index);
        let row = || self.table.row_name(self.row, lang);
        match lang {
            Lang::Zh => match self.table {
                TableKind::Table4 => format!("{}“{}”", self.table.name_zh(), column),
                _ if column.is_empty() => format!("{}第{}个数值", row(), self.index + 1),
                _ => format!("{}“{}”列", row(), column),
            },
            Lang::En if column.is_empty() => format!("{}, value {}", row(), self.index + 1),
            Lang::En => match self.table {
                TableKind::Table4 => format!("{}, “{}”", self.table.name_en(), column),
                _ => format!("{}, column “{}”", row(), column),
            },
        }
    }
}

/// A value cell in its place: the table, the row, and the column index within the row.
#[derive(Debug, Clone, Copy)]
pub struct ValueCell<'a> {
    pub table: &'a Table,
    pub row: &'a TableRow,
    pub index: usize,
    pub cell: &'a Cell,
}

impl ValueCell<'_> {
    /// The cell as data for messages.
    pub fn cell_name(&self) -> CellName {
        self.table.cell_name(self.row, self.index)
    }

    /// What the template says the cell holds (`None` beyond the template's columns).
    pub fn kind(&self) -> Option<ValueKind> {
        self.row.spec.kind(self.index)
    }

    /// The template's name of the column (「自然人」), or `""` beyond the template.
    pub fn column(&self) -> &'static str {
        self.row.spec.column(self.index)
    }

    /// The cell for Chinese messages: 「表三“（一）予以公开”行“自然人”列」.
    pub fn name_zh(&self) -> String {
        self.table.cell_name_zh(self.row, self.index)
    }

    /// The cell for English messages.
    pub fn name_en(&self) -> String {
        self.table.cell_name_en(self.row, self.index)
    }

    /// The cell's text in the source, marked.
    pub fn location(&self) -> Location {
        self.cell.location()
    }
}

impl Cell {
    /// The cell's text in the source, marked.
    pub fn location(&self) -> Location {
        let len = self.raw.chars().count().max(1) as u32;
        Location::span(self.line, self.column, len)
    }
}

impl Report {
    /// The table of this kind when its grid was matched with confidence: the one rules that
    /// judge cells, rows and identities read, so that a grid read wrong floods nothing.
    pub fn assessed(&self, kind: TableKind) -> Option<&Table> {
        self.table(kind).filter(|t| t.is_confident())
    }

    /// Whether the text was whitespace-collapsed (a crawler's dump, the report run together on
    /// a few lines): its tables were read from inside a line, and nothing that needs lines
    /// (headings, the title line, the last line) can be judged.
    pub fn is_collapsed(&self) -> bool {
        TableKind::ALL
            .into_iter()
            .filter_map(|kind| self.table(kind))
            .any(|t| t.layout == Layout::Collapsed)
    }

    /// The tables matched with confidence, in order.
    pub fn assessed_tables(&self) -> impl Iterator<Item = &Table> {
        TableKind::ALL
            .into_iter()
            .filter_map(|kind| self.assessed(kind))
    }

    /// Every value cell of 表二, 表三 and 表四 matched with confidence, in table and row order.
    pub fn value_cells(&self) -> impl Iterator<Item = ValueCell<'_>> {
        self.assessed_tables().flat_map(|table| {
            table.rows.iter().flat_map(move |row| {
                row.cells
                    .iter()
                    .enumerate()
                    .map(move |(index, cell)| ValueCell {
                        table,
                        row,
                        index,
                        cell,
                    })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A label is kept as a `CompactString` (inline when short, on the heap when not) and is
    /// written and measured as the `String` it was: the same JSON, the same length, either way.
    #[test]
    fn a_found_label_is_written_as_the_string_it_was() {
        #[derive(Serialize)]
        struct AsString<'a> {
            line: u32,
            column: u32,
            raw: &'a str,
        }
        let texts = ["规章", "", "（一）本年新收政府信息公开申请数量", "a\"\n"];
        let mut heap = 0;
        for text in texts {
            let label = FoundLabel {
                line: 3,
                column: 2,
                raw: CompactString::new(text),
            };
            heap += usize::from(label.raw.is_heap_allocated());
            let as_string = AsString {
                line: 3,
                column: 2,
                raw: text,
            };
            assert_eq!(
                serde_json::to_string(&label).ok(),
                serde_json::to_string(&as_string).ok(),
                "{text}"
            );
            assert_eq!(label.len(), text.chars().count() as u32);
            assert_eq!(label.is_empty(), text.is_empty());
        }
        // Both ways of keeping the text are exercised.
        assert_eq!(heap, 1);
    }

    #[test]
    fn a_rows_ints_are_its_int_of_every_template_column() {
        // Complete rows, a cell that is no integer, and a row short of a value.
        let report = fixtures::rows()
            .row("t3.new", &["5", "1", "2", "0", "0", "0", "8.5"])
            .row("t3.granted", &["1", "2", "3"])
            .report();
        let tables = [&report.table2, &report.table3, &report.table4];
        let rows: Vec<&TableRow> = tables.into_iter().flatten().flat_map(|t| &t.rows).collect();
        assert!(
            rows.iter().any(|row| !row.has_expected_count()),
            "no short row"
        );
        assert!(rows
            .iter()
            .any(|row| row.int(6).is_none() && row.has_expected_count()));
        for row in rows {
            let by_column: Vec<Option<i64>> = (0..row.spec.expected_values())
                .map(|i| row.int(i))
                .collect();
            assert_eq!(row.ints().collect::<Vec<_>>(), by_column, "{}", row.spec.id);
        }
    }

    #[test]
    fn cell_text_prints_and_serializes_as_the_string_it_holds() {
        let long = "行政事业性收费（单位：万元）".to_string();
        for text in ["", "0", "6135.35", "未统计", long.as_str()] {
            let cell = CompactString::new(text);
            assert_eq!(cell, text);
            assert_eq!(format!("{cell:?}"), format!("{:?}", text.to_string()));
            assert_eq!(
                serde_json::to_string(&cell).ok(),
                serde_json::to_string(text).ok()
            );
        }
    }

    #[test]
    fn counts_of_one_or_two_digits_read_as_the_general_parse_reads_them() {
        let mut texts: Vec<String> = (0..100).map(|n| n.to_string()).collect();
        texts.extend((0..10).map(|n| format!("0{n}")));
        for text in &texts {
            let general = Num::parse(text).map(CellValue::Number);
            assert_eq!(Some(CellValue::parse(text)), general, "{text}");
        }
        // Not counts: the general parse still decides them.
        assert_eq!(CellValue::parse("1."), CellValue::Text);
        assert_eq!(CellValue::parse("-"), CellValue::Placeholder);
        assert_eq!(
            CellValue::parse("3件"),
            CellValue::NumberWithUnit(Num::int(3))
        );
        assert_eq!(CellValue::parse(""), CellValue::Blank);
    }

    fn any_value() -> impl Strategy<Value = CellValue> {
        let number =
            (any::<i64>(), any::<u8>()).prop_map(|(mantissa, scale)| Num { mantissa, scale });
        prop_oneof![
            number.clone().prop_map(CellValue::Number),
            Just(CellValue::Blank),
            Just(CellValue::Placeholder),
            number.prop_map(CellValue::NumberWithUnit),
            Just(CellValue::Text),
        ]
    }

    proptest! {
        /// The general parse's value comes back from the call as two words: every value,
        /// every mantissa and scale, reads back the same.
        #[test]
        fn a_value_reads_back_from_its_two_words(value in any_value()) {
            prop_assert_eq!(CellValue::from_words(value.words()), value);
        }

        /// The parse through the two words answers what the general parse answers (on text:
        /// an empty cell is blank before the general parse is asked).
        #[test]
        fn the_parse_answers_the_general_parse(text in "[-0-9.,，%元件无/ 一a（]{1,6}") {
            prop_assert_eq!(CellValue::parse(&text), CellValue::parse_general(&text));
        }
    }
}
