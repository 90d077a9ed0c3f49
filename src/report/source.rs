//! Where a flag is in a structured source file: the text the parser reads from a .docx, .html
//! or .xlsx is rendered from the file's blocks (see [`crate::ingest::formats::render`]), and
//! the report keeps, for every line of it, the paragraph or table row it came from. A location
//! in that text (what rules give and the Source pane marks) is translated here into the page,
//! table, row and column of the file, as a person finds the cell in Word or Excel.

use crate::flag::{Location, ParagraphPlace, SourcePlace};
use crate::ingest::formats::LineOrigin;
use crate::report::sections::NumeralStyle;

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

    /// The paragraph of the source file a location in the report's text is in, counted within
    /// its part (the numbered section) as the agency counts in Word: 「第二部分第3段」. `None`
    /// for plain text, a flag about the whole report, and a line that came from a table.
    pub fn paragraph_place(&self, location: Location) -> Option<ParagraphPlace> {
        let line = location.line?;
        let LineOrigin::Paragraph { page, .. } = self.origin(line)? else {
            return None;
        };
        // The part is the last section whose heading is at or above the line.
        let section = self
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.heading.line <= line)
            .max_by_key(|(_, s)| s.heading.line);
        let (part, after) = match section {
            Some((index, s)) => {
                let numeral = s.heading.numeral;
                let written = numeral.style != NumeralStyle::None && numeral.value > 0;
                let part = if written {
                    u32::from(numeral.value)
                } else {
                    number(index)
                };
                (Some(part), s.heading.line)
            }
            None => (None, 0),
        };
        // Paragraphs are blocks: a paragraph rendered on several lines counts once.
        let mut paragraph = 0u32;
        let mut last_block = None;
        for n in after.saturating_add(1)..=line {
            // An empty paragraph is not one a reader counts.
            let blank = self.doc.line(n).is_none_or(|l| l.raw.trim().is_empty());
            if let (Some(LineOrigin::Paragraph { block, .. }), false) = (self.origin(n), blank) {
                if last_block != Some(block) {
                    paragraph = paragraph.saturating_add(1);
                    last_block = Some(block);
                }
            }
        }
        Some(ParagraphPlace {
            page,
            part,
            paragraph,
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
