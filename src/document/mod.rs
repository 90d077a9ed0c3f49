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

mod bytes;
pub mod grid;
pub mod lines;

pub use grid::{Grid, GridCell, GridRow, Layout, LayoutTally, Provenance};
pub use lines::{LineKind, TableSyntax};

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

/// Texts of a number of pieces in `count` drawn from `pieces` in any order: the inputs of the
/// property tests that check a fast reading against the plain one on the words it looks for,
/// their parts, and the characters that share their bytes.
#[cfg(test)]
pub(crate) fn texts_of(
    pieces: &[&'static str],
    count: std::ops::Range<usize>,
) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::strategy::Strategy;
    proptest::collection::vec(proptest::sample::select(pieces.to_vec()), count)
        .prop_map(|pieces| pieces.concat())
}

/// The byte offsets where the characters of `text` start, and its length: the places a test
/// may cut it at.
#[cfg(test)]
pub(crate) fn char_starts(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}
