//! The layout-neutral document: the stage between decoded text and the template.
//!
//! Text extracted from a Word file, a PDF or a web page lays a table out in one of several
//! ways (tab-separated rows, one cell per line, markdown pipes, space-aligned columns, or the
//! whole text run together on one line by a crawler). The
//! template matcher in [`crate::report::parse`] must not care which: it reads a [`Grid`], rows
//! of cells in reading order, whatever the layout. This module turns the lines of a table
//! region into that grid ([`grid::read`]), deciding the layout once per region
//! ([`Layout`]), and decides the kind of each line once ([`LineKind`]), so that finding a
//! table's extent, a heading or a paragraph does not re-decide it in every reader.
//!
//! Every cell keeps where it came from ([`Provenance`]): the line and character column in the
//! text. Structured sources (.docx, .html, .xlsx) are rendered to text first, and the report
//! keeps each rendered line's origin, so a flag's line and column translate back to the page,
//! table, row and column of the file ([`crate::report::Report::source_place`]); when the
//! matcher reads their blocks directly, a variant with those will come here. The matcher only
//! reads cells through [`GridCell::line`] and [`GridCell::column`] and the value, so it will
//! not change.
//!
//! Cells borrow the document's text when they are one line long, and allocate only when a
//! wrapped cell is joined.

pub mod grid;
pub mod lines;

pub use grid::{Grid, GridCell, GridRow, Layout, Provenance};
pub use lines::{LineKind, TableSyntax};

/// The number of characters of UTF-8 `bytes`: the bytes that are not continuation bytes,
/// counted in a loop the compiler turns into vector instructions rather than decoded (the
/// readers count the characters of every cell and table line).
pub(crate) fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| usize::from((b as i8) >= -0x40)).sum()
}

/// Whether `text` has more than `n` characters: what [`crate::text::more_chars_than`] answers,
/// with the characters of a text between `n` and `4n` bytes long counted by [`char_count`]
/// rather than decoded one by one (a table label of 17 ideographs is 51 bytes, and the table
/// finder asks of every line whether it is longer than 50 characters).
pub(crate) fn longer_than(text: &str, n: usize) -> bool {
    text.len() > n && (text.len() > n.saturating_mul(4) || char_count(text.as_bytes()) > n)
}

/// Every string of up to `max` characters over `alphabet`, the empty one first: the inputs of
/// the exhaustive tests that check a fast reading against the plain one.
#[cfg(test)]
pub(crate) fn texts_up_to(alphabet: &[char], max: usize) -> Vec<String> {
    let mut texts = vec![String::new()];
    for len in 0..max {
        let longer: Vec<String> = texts
            .iter()
            .filter(|t| t.chars().count() == len)
            .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
            .collect();
        texts.extend(longer);
    }
    texts
}

#[cfg(test)]
mod tests {
    #[test]
    fn characters_are_counted_as_decoded() {
        let alphabet = ['a', '\u{e9}', '政', '𠀀', '\t'];
        for text in super::texts_up_to(&alphabet, 5) {
            assert_eq!(super::char_count(text.as_bytes()), text.chars().count());
            for n in 0..8 {
                let expected = crate::text::more_chars_than(&text, n);
                assert_eq!(super::longer_than(&text, n), expected, "{text:?} {n}");
            }
        }
    }
}
