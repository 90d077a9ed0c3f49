//! What kind of line a line is, decided once from its text.
//!
//! Finding where a table starts and ends needs to know, for each line, whether it can be part
//! of a table: a row of separated cells, a short line that may be one cell, or prose. The
//! cell syntax of a line ([`TableSyntax`]) is what the grid reader later splits it by.

use super::bytes;
use crate::report::parse::sections;
use crate::text::{more_chars_than, Line};

/// How a line separates its cells, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableSyntax {
    /// Cells separated by tabs.
    Tabs,
    /// A markdown pipe row: `| 规章 | 0 | 0 | 0 |`, or its `|---|---|` rule.
    Pipes,
    /// Short cells separated by runs of two or more spaces (`pdftotext -layout`).
    Gaps,
    /// No separator: the line is at most one cell.
    None,
}

impl TableSyntax {
    /// The syntax of one line.
    pub fn of(line: &Line<'_>) -> TableSyntax {
        if line.has_tab() {
            return TableSyntax::Tabs;
        }
        TableSyntax::without_tabs(line)
    }

    /// The syntax of a line known to hold no tab.
    pub fn without_tabs(line: &Line<'_>) -> TableSyntax {
        // The line's start is a fact of the document: only its end is trimmed here.
        let text = bytes::trim_end(line.folded_from_lead());
        if line.facts.lead == Some('|') && is_pipe_row(text) {
            return TableSyntax::Pipes;
        }
        if is_gapped_row(text) {
            return TableSyntax::Gaps;
        }
        TableSyntax::None
    }
}

/// `| a | b |`: opens and closes with a pipe, with one more inside.
pub fn is_pipe_row(text: &str) -> bool {
    text.len() >= 3
        && text.starts_with('|')
        && text.ends_with('|')
        && text[1..text.len() - 1].contains('|')
}

/// A markdown table's rule line under its header: `|---|:--:|`.
pub fn is_pipe_rule(text: &str) -> bool {
    is_pipe_row(text) && text.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Text cut by gaps of two or more spaces into short pieces, without a full stop: a row of
/// space-aligned columns (values, or header labels).
///
/// The pieces are those of `text.split("  ")`, trimmed, empty ones left out (the test pins
/// this), found by one walk over the bytes: the table finder asks it of every line of a
/// region, and a library search and a trim a piece cost more than the piece's few bytes do.
fn is_gapped_row(text: &str) -> bool {
    let bytes = text.as_bytes();
    // The first gap ends the first piece.
    let mut gap = first_gap(bytes);
    if gap.is_none() || holds_full_stop(text) {
        return false;
    }
    let mut pieces = 0;
    let mut from = 0;
    while from < bytes.len() {
        if from > 0 {
            gap = next_gap(bytes, from);
        }
        let end = gap.unwrap_or(bytes.len());
        // `from` is the line's start or follows a space, `end` is the line's end or a space:
        // both are character boundaries.
        let piece = text.get(from..end).unwrap_or_default();
        if !is_blank(piece) {
            // A piece of at most that many bytes has at most that many characters.
            if piece.len() > MAX_PIECE_CHARS && more_chars_than(piece.trim(), MAX_PIECE_CHARS) {
                return false;
            }
            pieces += 1;
        }
        // The rest of the run of spaces is stepped over at once: the pieces a split would cut
        // between its pairs are empty once trimmed, and a lone space left before the next
        // piece is trimmed off it (a padded row is mostly such runs).
        from = gap.map_or(bytes.len(), |at| {
            at + 2 + bytes[at + 2..].iter().take_while(|&&b| b == b' ').count()
        });
    }
    pieces >= 2
}

/// The offset of the first two spaces in a row in `bytes`, asked of every line without a tab
/// that a table finder looks at: found from the spaces alone (few in Chinese text) rather than
/// by a substring search, which is set up anew for each short line. A short line without a
/// space (most of a table's) is told by a pass over its words.
fn first_gap(bytes: &[u8]) -> Option<usize> {
    if !bytes::may_hold(bytes, b' ') {
        return None;
    }
    memchr::memchr_iter(b' ', bytes).find(|&at| bytes.get(at + 1) == Some(&b' '))
}

/// The offset of the first two spaces in a row at or after byte `at` of `bytes`: the words
/// without a space are stepped over eight bytes at a time (no pair can start in them), the
/// rest a byte at a time.
fn next_gap(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        while let Some(word) = bytes::word_at(bytes, at) {
            if bytes::holds_byte(word, b' ') {
                break;
            }
            at += 8;
        }
        loop {
            match bytes.get(at) {
                None => return None,
                Some(b' ') => break,
                Some(_) => at += 1,
            }
        }
        if bytes.get(at + 1) == Some(&b' ') {
            return Some(at);
        }
        at += 1;
    }
}

/// Whether a piece is empty once trimmed, told from its first byte when that is an ASCII
/// character that is not whitespace or an ideograph's lead byte (0xE4–0xE9, never
/// whitespace); trimmed only otherwise.
fn is_blank(piece: &str) -> bool {
    match piece.as_bytes().first() {
        Some(&b) if b < 0x80 => matches!(b, b'\t'..=b'\r' | b' ') && piece.trim().is_empty(),
        Some(0xE4..=0xE9) => false,
        _ => piece.trim().is_empty(),
    }
}

/// Whether text holds a full stop 「。」 (U+3002, bytes E3 80 82), asked of every line a table
/// finder looks at: found from its lead byte 0xE3, which the ideographs of Chinese text
/// (0xE4–0xE9) never use, rather than from its last byte, as a search for the character does,
/// which is the continuation byte of one character in sixty-four.
///
/// A short line without the lead byte anywhere (most of a table's) is told by a pass over its
/// words.
pub(crate) fn holds_full_stop(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes::may_hold(bytes, 0xE3)
        && memchr::memchr_iter(0xE3, bytes)
            .any(|at| bytes.get(at + 1..at + 3) == Some(&[0x80, 0x82]))
}

/// The longest piece of a space-aligned row: the longest template label, 「2.申请人逾期未按收费
/// 通知要求缴纳费用、行政机关不再处理其政府信息公开申请」, is 38 characters.
const MAX_PIECE_CHARS: usize = 40;

/// The kind of a line, as the table finder and the block reader see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// A section heading (「二、主动公开政府信息情况」, `## 二、…`).
    Heading,
    /// A row of separated cells.
    Cells(TableSyntax),
    /// A short line without a separator: a paragraph of one phrase, or one table cell.
    Short,
    /// A sentence or a long line: never inside a table.
    Prose,
}

impl LineKind {
    /// Decides the kind of a line.
    pub fn of(line: &Line<'_>) -> LineKind {
        LineKind::decide(
            line,
            || TableSyntax::of(line),
            || sections::heading(line).is_some(),
        )
    }

    /// Decides the kind of a line from its cell syntax and whether it is a section heading,
    /// each asked only when the answer is needed (a blank line has no syntax, a row of cells
    /// is no heading): a reader that already knows them (the table finder knows the syntax
    /// of the line it just looked at, and the heading lines from the sections) passes them
    /// in rather than reading the line again.
    pub fn decide(
        line: &Line<'_>,
        syntax: impl FnOnce() -> TableSyntax,
        is_heading: impl FnOnce() -> bool,
    ) -> LineKind {
        if line.is_blank() {
            return LineKind::Blank;
        }
        let syntax = syntax();
        if syntax != TableSyntax::None {
            return LineKind::Cells(syntax);
        }
        // The line's start is a fact of the document: only its end is trimmed here.
        let text = bytes::trim_end(line.folded_from_lead());
        if is_heading() {
            return LineKind::Heading;
        }
        if holds_full_stop(text) || more_chars_than(text, 50) {
            LineKind::Prose
        } else {
            LineKind::Short
        }
    }

    /// Whether a line of this kind can be inside a table.
    pub fn may_be_table(self) -> bool {
        matches!(self, LineKind::Cells(_) | LineKind::Short | LineKind::Blank)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Document;

    fn kinds(text: &str) -> Vec<LineKind> {
        let doc = Document::new(text);
        doc.lines().map(|l| LineKind::of(&l)).collect()
    }

    #[test]
    fn each_syntax_is_recognised() {
        let found = kinds(
            "规章\t0\t0\t0\n| 规章 | 0 | 0 | 0 |\n|---|:-:|\n规章               0          0       0\n\
             规章\n本年度共收到申请3件。\n\n## 二、主动公开政府信息情况\n二、主动公开政府信息情况",
        );
        assert_eq!(
            found,
            [
                LineKind::Cells(TableSyntax::Tabs),
                LineKind::Cells(TableSyntax::Pipes),
                LineKind::Cells(TableSyntax::Pipes),
                LineKind::Cells(TableSyntax::Gaps),
                LineKind::Short,
                LineKind::Prose,
                LineKind::Blank,
                LineKind::Heading,
                LineKind::Heading,
            ]
        );
        assert!(is_pipe_rule("|---|:-:|"));
        assert!(!is_pipe_rule("| 规章 | 0 |"));
    }

    #[test]
    fn a_kind_asks_only_what_it_needs() {
        let doc = Document::new("\n规章\t0\n二、主动公开政府信息情况\n规章");
        let lines: Vec<Line<'_>> = doc.lines().collect();
        let never = || -> bool { panic!("the heading was asked") };
        let no_syntax = || -> TableSyntax { panic!("the syntax was asked") };
        assert_eq!(
            LineKind::decide(&lines[0], no_syntax, never),
            LineKind::Blank
        );
        assert_eq!(
            LineKind::decide(&lines[1], || TableSyntax::Tabs, never),
            LineKind::Cells(TableSyntax::Tabs)
        );
        // The heading is what the caller says, not read again.
        assert_eq!(
            LineKind::decide(&lines[2], || TableSyntax::None, || false),
            LineKind::Short
        );
        assert_eq!(
            LineKind::decide(&lines[3], || TableSyntax::None, || true),
            LineKind::Heading
        );
    }

    #[test]
    fn a_full_stop_is_found_as_the_character_is() {
        // Characters sharing the full stop's lead byte (、「 and U+3000) or its last byte
        // (U+4E82 乂 ends 0x82; 、 is E3 80 81), and ASCII.
        let alphabet = ['。', '、', '「', '\u{3000}', '\u{4e82}', '政', 'a'];
        for text in crate::document::texts_up_to(&alphabet, 5) {
            assert_eq!(holds_full_stop(&text), text.contains('。'), "{text:?}");
        }
    }

    #[test]
    fn a_gap_is_two_spaces_in_a_row() {
        for (text, gap) in [
            ("", false),
            (" ", false),
            ("规章 0 0", false),
            ("规章  0", true),
            ("规章 \u{3000}0", false),
            ("0  ", true),
            ("  规章", true),
        ] {
            let has_gap = first_gap(text.as_bytes()).is_some();
            assert_eq!(has_gap, text.contains("  "), "{text:?}");
            assert_eq!(has_gap, gap, "{text:?}");
        }
    }

    /// [`is_gapped_row`] as first written: the pieces of a split at two spaces, trimmed.
    fn is_gapped_row_by_split(text: &str) -> bool {
        if !text.contains("  ") || text.contains('。') {
            return false;
        }
        let pieces: Vec<&str> = text
            .split("  ")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        pieces.len() >= 2 && pieces.iter().all(|p| p.chars().count() <= MAX_PIECE_CHARS)
    }

    #[test]
    fn gapped_rows_are_decided_as_by_a_split_at_two_spaces() {
        // Every text of up to six characters from spaces, letters, an ideograph, a space that
        // trimming removes but a gap is not made of, and a tab.
        let alphabet = [' ', 'a', '规', '\u{2028}', '\t'];
        for text in crate::document::texts_up_to(&alphabet, 6) {
            assert_eq!(
                is_gapped_row(&text),
                is_gapped_row_by_split(&text),
                "{text:?}"
            );
            assert_eq!(next_gap(text.as_bytes(), 0), text.find("  "), "{text:?}");
        }
    }

    use proptest::prelude::*;

    proptest! {
        /// Rows of pieces about as long as the longest allowed, between gaps of one to four
        /// spaces: long pieces, the word-at-a-time gap search, and blank pieces.
        #[test]
        fn long_gapped_rows_are_decided_as_by_a_split(
            pieces in prop::collection::vec(("[a规\u{3000}。 ]{0,44}", 1usize..5), 0..6)
        ) {
            let text: String = pieces
                .iter()
                .map(|(piece, gap)| format!("{piece}{}", " ".repeat(*gap)))
                .collect();
            prop_assert_eq!(is_gapped_row(&text), is_gapped_row_by_split(&text), "{:?}", text);
            prop_assert_eq!(next_gap(text.as_bytes(), 0), text.find("  "));
            prop_assert_eq!(first_gap(text.as_bytes()), text.find("  "));
        }
    }

    #[test]
    fn a_gapped_sentence_is_not_a_row() {
        assert_eq!(
            kinds("本年度共收到申请  3件。\n维持   纠正     结果   审结                                               总计"),
            [LineKind::Prose, LineKind::Cells(TableSyntax::Gaps)]
        );
    }
}
