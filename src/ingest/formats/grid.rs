//! Building a table grid from cells that span rows and columns: one mechanism for HTML's
//! `rowspan`/`colspan`, Word's `gridSpan`/`vMerge` and a spreadsheet's merged regions.
//!
//! A merged cell's text goes to its top-left cell; every other cell it spans is
//! [`CellKind::Covered`] and points back at it, so a reader can tell a merged cell from a
//! blank one. The number of cells is capped: a hostile `colspan="1000"` × `rowspan="65534"`
//! is an error, not a gigabyte of empty cells.

use super::{CellAt, CellKind, CellText, FormatError, Table};

/// The most cells a document's tables may hold (a real report's tables have about 300).
pub const MAX_CELLS: usize = 1_000_000;

/// The largest span honoured (HTML caps `colspan` at 1000; a real table spans far less).
pub const MAX_SPAN: usize = 1000;

/// A table being built, row by row.
#[derive(Debug)]
pub struct Grid {
    index: usize,
    rows: Vec<Vec<Option<CellText>>>,
    cells: usize,
    budget: usize,
}

impl Grid {
    /// A new grid for the table with this 0-based index; `budget` is how many cells it may
    /// still hold (shared by all the tables of a document).
    pub fn new(index: usize, budget: usize) -> Grid {
        Grid {
            index,
            rows: Vec::new(),
            cells: 0,
            budget,
        }
    }

    /// The number of rows started so far.
    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// Starts a new row (rows covered by an earlier rowspan already exist and are reused).
    pub fn start_row(&mut self, row: usize) -> Result<(), FormatError> {
        self.ensure(row, 0)
    }

    /// The first column at or after `from` in `row` that no earlier cell covers.
    pub fn next_free(&self, row: usize, from: usize) -> usize {
        let Some(cells) = self.rows.get(row) else {
            return from;
        };
        (from..)
            .find(|&c| cells.get(c).is_none_or(Option::is_none))
            .unwrap_or(from)
    }

    /// Places a cell with its top-left corner at (row, column) spanning `rows` × `columns`.
    /// A cell that would land on one already placed (overlapping spans in a malformed table)
    /// leaves the earlier one in place.
    pub fn place(
        &mut self,
        row: usize,
        column: usize,
        text: String,
        kind: CellKind,
        rows: usize,
        columns: usize,
    ) -> Result<(), FormatError> {
        let rows = rows.clamp(1, MAX_SPAN);
        let columns = columns.clamp(1, MAX_SPAN);
        for r in row..row + rows {
            for c in column..column + columns {
                let cell_kind = if (r, c) == (row, column) {
                    kind.clone()
                } else {
                    CellKind::Covered { row, column }
                };
                let text = if (r, c) == (row, column) {
                    text.clone()
                } else {
                    String::new()
                };
                self.set(r, c, text, cell_kind)?;
            }
        }
        Ok(())
    }

    /// Marks (row, column) as covered by the cell at (origin_row, column): Word's
    /// `vMerge="continue"`, which names no origin. The origin is the covering cell of the
    /// same column in the row above, or the cell above itself.
    pub fn cover_from_above(&mut self, row: usize, column: usize) -> Result<(), FormatError> {
        let above = row
            .checked_sub(1)
            .and_then(|r| self.rows.get(r))
            .and_then(|cells| cells.get(column))
            .and_then(Option::as_ref)
            .map(|cell| match cell.kind {
                CellKind::Covered { row, column } => (row, column),
                _ => (cell.at.row, cell.at.column),
            });
        match above {
            Some((origin_row, origin_column)) => self.set(
                row,
                column,
                String::new(),
                CellKind::Covered {
                    row: origin_row,
                    column: origin_column,
                },
            ),
            // Nothing above to continue: a blank cell.
            None => self.set(row, column, String::new(), CellKind::Value),
        }
    }

    /// Grows the grid to hold (row, columns - 1); every slot allocated counts against the
    /// budget, so a far-away cell cannot make the grid huge either.
    fn ensure(&mut self, row: usize, columns: usize) -> Result<(), FormatError> {
        let grow_rows = (row + 1).saturating_sub(self.rows.len());
        let grow_columns = columns.saturating_sub(self.rows.get(row).map_or(0, Vec::len));
        let slots = self
            .cells
            .saturating_add(grow_rows)
            .saturating_add(grow_columns);
        if slots > self.budget {
            return Err(FormatError::TooManyCells { limit: MAX_CELLS });
        }
        self.cells = slots;
        if grow_rows > 0 {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() < columns {
            cells.resize(columns, None);
        }
        Ok(())
    }

    fn set(
        &mut self,
        row: usize,
        column: usize,
        text: String,
        kind: CellKind,
    ) -> Result<(), FormatError> {
        self.ensure(row, column + 1)?;
        let slot = &mut self.rows[row][column];
        if slot.is_some() {
            return Ok(());
        }
        *slot = Some(CellText {
            text,
            kind,
            at: CellAt {
                table: self.index,
                row,
                column,
                page: None,
            },
        });
        Ok(())
    }

    /// The slots (rows and cells) used, to carry the budget over to the next table.
    pub fn cells_used(&self) -> usize {
        self.cells
    }

    /// The finished table: holes inside a row (columns no cell reached) become blank cells.
    pub fn finish(self) -> Table {
        let index = self.index;
        let rows = self
            .rows
            .into_iter()
            .enumerate()
            .map(|(r, cells)| {
                cells
                    .into_iter()
                    .enumerate()
                    .map(|(c, cell)| {
                        cell.unwrap_or_else(|| CellText {
                            text: String::new(),
                            kind: CellKind::Value,
                            at: CellAt {
                                table: index,
                                row: r,
                                column: c,
                                page: None,
                            },
                        })
                    })
                    .collect()
            })
            .collect();
        Table { index, rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(table: &Table) -> Vec<Vec<String>> {
        table
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| match c.kind {
                        CellKind::Covered { row, column } => format!("^{row},{column}"),
                        _ => c.text.clone(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn spans_cover_cells_and_later_cells_skip_them() {
        let mut grid = Grid::new(0, MAX_CELLS);
        grid.start_row(0).expect("row");
        grid.place(0, 0, "a".into(), CellKind::Value, 2, 1)
            .expect("placed");
        let c = grid.next_free(0, 1);
        grid.place(0, c, "b".into(), CellKind::Value, 1, 2)
            .expect("placed");
        grid.start_row(1).expect("row");
        let c = grid.next_free(1, 0);
        assert_eq!(c, 1);
        grid.place(1, c, "c".into(), CellKind::Value, 1, 1)
            .expect("placed");
        let table = grid.finish();
        assert_eq!(texts(&table), [vec!["a", "b", "^0,1"], vec!["^0,0", "c"]]);
        assert_eq!(table.rows[1][1].at.column, 1);
    }

    #[test]
    fn a_vertical_continuation_points_at_the_origin() {
        let mut grid = Grid::new(3, MAX_CELLS);
        grid.place(0, 0, "x".into(), CellKind::Value, 1, 1)
            .expect("placed");
        grid.cover_from_above(1, 0).expect("covered");
        grid.cover_from_above(2, 0).expect("covered");
        grid.cover_from_above(2, 4).expect("blank");
        let table = grid.finish();
        assert_eq!(
            table.rows[2][0].kind,
            CellKind::Covered { row: 0, column: 0 }
        );
        assert_eq!(table.rows[2][4].kind, CellKind::Value);
        assert_eq!(table.rows[2][1].kind, CellKind::Value);
        assert_eq!(table.rows[2][0].at.table, 3);
    }

    #[test]
    fn a_far_away_cell_is_an_error_not_an_allocation() {
        let mut grid = Grid::new(0, 10_000);
        let result = grid.place(5, 1_000_000, "x".into(), CellKind::Value, 1, 1);
        assert_eq!(result, Err(FormatError::TooManyCells { limit: MAX_CELLS }));
        let mut deep = Grid::new(0, 10_000);
        assert!(deep.start_row(1_000_000).is_err());
    }

    #[test]
    fn a_huge_span_is_an_error_not_an_allocation() {
        let mut grid = Grid::new(0, 5000);
        let result = grid.place(0, 0, "x".into(), CellKind::Value, 65534, 1000);
        assert_eq!(result, Err(FormatError::TooManyCells { limit: MAX_CELLS }));
    }
}
