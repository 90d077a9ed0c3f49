//! The interim adapter: an [`Extracted`] document rendered as the text today's parser reads,
//! with the block and table row each line came from.
//!
//! Paragraphs become one line each (a line break inside a paragraph starts another line of the
//! same paragraph); each table row becomes one line of tab-separated cells, the row layout of
//! the seeds 000–002, where a cell covered by a merged cell is an empty cell, as a copy from
//! Word gives it. Empty paragraphs and rows with nothing in them give no line. Inside a cell,
//! line breaks are joined (without a space between Chinese characters, so a label wrapped in
//! its cell stays one label) and tabs become spaces, so a cell never splits.
//!
//! This module is the only place that knows about the row layout; when the parser reads the
//! blocks directly, it goes, and [`LineOrigin`] is what carries the provenance over.

use super::{Block, CellKind, CellText, Extracted, Table};

/// The text shown for a cell whose value could not be read (a formula without a cached
/// result): the parser sees a value that is not a number, never a blank.
pub const UNREADABLE_CELL: &str = "#无法读取";

/// Where a rendered line came from (0-based indices into the [`Extracted`] document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum LineOrigin {
    /// A paragraph: the index of its block.
    Paragraph { block: usize },
    /// A table row: the block, the table's index among the tables, and the row.
    Row {
        block: usize,
        table: usize,
        row: usize,
    },
}

/// Rendered text and, for line `n` (1-based), its origin at `origins[n - 1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub origins: Vec<LineOrigin>,
}

impl Rendered {
    /// The origin of a 1-based line number.
    pub fn origin(&self, line: u32) -> Option<LineOrigin> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        self.origins.get(index).copied()
    }

    fn push_line(&mut self, line: &str, origin: LineOrigin) {
        self.text.push_str(line);
        self.text.push('\n');
        self.origins.push(origin);
    }
}

/// Renders a document in the row layout.
pub fn render(extracted: &Extracted) -> Rendered {
    let mut out = Rendered::default();
    for (block_index, block) in extracted.blocks.iter().enumerate() {
        match block {
            Block::Paragraph(paragraph) => {
                for line in paragraph.text.split('\n') {
                    let line = line.replace('\t', " ");
                    if !line.trim().is_empty() {
                        out.push_line(&line, LineOrigin::Paragraph { block: block_index });
                    }
                }
            }
            Block::Table(table) => {
                for (row_index, row) in table.rows.iter().enumerate() {
                    let cells: Vec<String> = row.iter().map(cell_text).collect();
                    if cells.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    let origin = LineOrigin::Row {
                        block: block_index,
                        table: table.index,
                        row: row_index,
                    };
                    out.push_line(&cells.join("\t"), origin);
                }
            }
        }
    }
    out
}

/// The text of a cell on one line.
fn cell_text(cell: &CellText) -> String {
    match &cell.kind {
        CellKind::Covered { .. } => String::new(),
        CellKind::Unreadable { .. } => UNREADABLE_CELL.to_string(),
        CellKind::Value => join_lines(&cell.text),
    }
}

/// Joins the lines of a cell: no space between two Chinese characters, one space otherwise.
pub fn join_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        let wide = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
        let joins_tight = wide(out.chars().last()) && wide(line.chars().next());
        if !out.is_empty() && !joins_tight {
            out.push(' ');
        }
        out.push_str(line);
    }
    out.replace('\t', " ")
}

/// A table as plain text (a table nested in a cell becomes that cell's text): rows on lines,
/// cells separated by spaces.
pub fn table_as_text(table: &Table) -> String {
    table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(cell_text)
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::super::{CellAt, Paragraph};
    use super::*;

    fn cell(text: &str, kind: CellKind) -> CellText {
        CellText {
            text: text.to_string(),
            kind,
            at: CellAt::default(),
        }
    }

    #[test]
    fn paragraphs_and_rows_become_lines_with_their_origin() {
        let table = Table {
            index: 4,
            rows: vec![
                vec![
                    cell("三、本年度办理结果", CellKind::Value),
                    cell("", CellKind::Covered { row: 0, column: 0 }),
                    cell("0", CellKind::Value),
                ],
                vec![cell("", CellKind::Value), cell("", CellKind::Value)],
                vec![
                    cell("（一）予以\n公开", CellKind::Value),
                    cell("a\tb", CellKind::Value),
                    cell(
                        "",
                        CellKind::Unreadable {
                            reason: "formula".to_string(),
                        },
                    ),
                ],
            ],
        };
        let extracted = Extracted {
            blocks: vec![
                Block::Paragraph(Paragraph::new("标题\n第二行")),
                Block::Paragraph(Paragraph::new("  ")),
                Block::Table(table),
            ],
            ..Extracted::default()
        };
        let rendered = render(&extracted);
        assert_eq!(
            rendered.text,
            "标题\n第二行\n三、本年度办理结果\t\t0\n（一）予以公开\ta b\t#无法读取\n"
        );
        assert_eq!(rendered.origin(2), Some(LineOrigin::Paragraph { block: 0 }));
        assert_eq!(
            rendered.origin(4),
            Some(LineOrigin::Row {
                block: 2,
                table: 4,
                row: 2
            })
        );
        assert_eq!(rendered.origin(5), None);
        assert_eq!(rendered.origin(0), None);
    }

    #[test]
    fn lines_of_a_cell_join_without_a_space_between_chinese() {
        assert_eq!(
            join_lines("本年新收政府\n信息公开申请"),
            "本年新收政府信息公开申请"
        );
        assert_eq!(join_lines("Total\ncount"), "Total count");
        assert_eq!(join_lines("\n 0 \n"), "0");
    }
}
