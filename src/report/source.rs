//! Where a flag is in a structured source file: the text the parser reads from a .docx, .html
//! or .xlsx is rendered from the file's blocks (see [`crate::ingest::formats::render`]), and
//! the report keeps, for every line of it, the paragraph or table row it came from. A location
//! in that text (what rules give and the Source pane marks) is translated here into the page,
//! table, row and column of the file, as a person finds the cell in Word or Excel.

use crate::flag::{Location, SourcePlace};
use crate::ingest::formats::LineOrigin;

use super::{Report, TableKind};

impl Report {
    /// The place in the source file's tables of a location in the report's text; `None` for
    /// plain text, a flag about the whole report, and a line that came from a paragraph.
    pub fn source_place(&self, location: Location) -> Option<SourcePlace> {
        let line = location.line?;
        let (table, row, page) = match self.origin(line)? {
            LineOrigin::Row {
                table, row, page, ..
            } => (table, row, page),
            LineOrigin::Paragraph { .. } => return None,
        };
        let end_row = location
            .end_line
            .and_then(|end| match self.origin(end)? {
                LineOrigin::Row { table: t, row, .. } if t == table => Some(row),
                _ => None,
            })
            .map(number);
        let column = location.column.and_then(|column| {
            let text = self.doc.line(line)?.raw;
            let before = usize::try_from(column).ok()?.saturating_sub(1);
            let tabs = text.chars().take(before).filter(|&c| c == '\t').count();
            Some(number(tabs))
        });
        Some(SourcePlace {
            page,
            table: number(table),
            template_table: self.template_table_at(line),
            row: number(row),
            end_row,
            column,
        })
    }

    /// The origin of a 1-based line of the text, for a report read from a structured format.
    fn origin(&self, line: u32) -> Option<LineOrigin> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        self.origins.get(index).copied()
    }

    /// Which template table (2, 3 or 4) was matched over this line, if any.
    fn template_table_at(&self, line: u32) -> Option<u8> {
        TableKind::ALL.into_iter().find_map(|kind| {
            let table = self.table(kind)?;
            (table.first_line..=table.last_line)
                .contains(&line)
                .then_some(match kind {
                    TableKind::Table2 => 2,
                    TableKind::Table3 => 3,
                    TableKind::Table4 => 4,
                })
        })
    }
}

/// A 0-based index as the 1-based number people count with.
fn number(index: usize) -> u32 {
    u32::try_from(index.saturating_add(1)).unwrap_or(u32::MAX)
}
