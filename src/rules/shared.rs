//! What several rules read from one report, worked out once per report on first use.
//!
//! [`run_file`](super::run_file) makes one [`Shared`] per report and hands it to every rule
//! through [`Findings::shared`](super::Findings::shared): the identity rules share one
//! reading of each table's integers rather than each walk every row. [`lines_holding`] is the
//! rules' quick test of lines: one search of the whole text instead of one per line.

use std::cell::OnceCell;

use crate::report::tables::identities::Holding;
use crate::report::Report;
use crate::text::{Document, Line};

/// One report's facts that more than one rule reads.
pub struct Shared<'r> {
    report: &'r Report,
    holding: OnceCell<Holding>,
}

impl<'r> Shared<'r> {
    pub fn new(report: &'r Report) -> Shared<'r> {
        Shared {
            report,
            holding: OnceCell::new(),
        }
    }

    /// Which identities hold everywhere on the report's tables: the four 表三 and 表四
    /// identity rules and the three 表二 ones skip a table that balances without evaluating
    /// it again.
    pub fn holding(&self) -> Holding {
        *self.holding.get_or_init(|| Holding::of(self.report))
    }
}

/// Whether `text` holds `word`: `memchr`'s substring search, which on a short text (a
/// heading, a sub-item's title) is a rolling hash with no set-up, where `str::contains`
/// first builds a Two-Way searcher for the word (about 200 instructions a call).
pub(crate) fn holds(text: &str, word: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), word.as_bytes()).is_some()
}

/// The lines whose folded text holds `needle` (not empty, no line break), in order, each
/// once: one search of the whole folded text instead of one per line, for a rule that reads
/// only such lines and most reports have few of them. The search is `memchr`'s substring
/// search (vector compares on a rare pair of the needle's bytes).
pub(crate) fn lines_holding<'d>(
    doc: &'d Document,
    needle: &'d str,
) -> impl Iterator<Item = Line<'d>> + 'd {
    let found = (!needle.is_empty())
        .then(|| memchr::memmem::find_iter(doc.folded().as_bytes(), needle.as_bytes()))
        .into_iter()
        .flatten();
    lines_at(doc, found)
}

/// The lines holding the byte offsets `found` (into the document's folded text, in
/// increasing order, none on a line break), in order, each once: a rule's quick test of the
/// whole text turned into the lines it has to read.
pub(crate) fn lines_at<'d>(
    doc: &'d Document,
    found: impl Iterator<Item = usize> + 'd,
) -> impl Iterator<Item = Line<'d>> + 'd {
    let text = doc.folded();
    // Each line's folded text is a slice of the document's, where it starts.
    let end = move |line: &Line<'_>| {
        line.folded.as_ptr() as usize - text.as_ptr() as usize + line.folded.len()
    };
    let mut lines = doc.lines();
    let mut found = found;
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = found.by_ref().find(|&at| at >= from)?;
        let line = lines.by_ref().find(|line| end(line) > at)?;
        from = end(&line);
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    use super::{holds, lines_at, lines_holding};
    use crate::text::Document;

    #[test]
    fn lines_holding_finds_each_line_once_in_order() {
        let doc = Document::new("号\n\n无\n第１号和第２号\n\n末行号");
        let found: Vec<u32> = lines_holding(&doc, "号").map(|l| l.no).collect();
        assert_eq!(found, [1, 4, 6]);
        let expected: Vec<u32> = doc
            .lines()
            .filter(|l| l.folded.contains("号"))
            .map(|l| l.no)
            .collect();
        assert_eq!(found, expected);
        assert_eq!(lines_holding(&doc, "是").count(), 0);
        let found: Vec<u32> = lines_holding(&doc, "第2号").map(|l| l.no).collect();
        assert_eq!(found, [4]);
        assert_eq!(lines_holding(&doc, "").count(), 0);
    }

    #[test]
    fn holds_is_contains() {
        for (text, word) in [
            ("信息管理", "管理"),
            ("平台建设", "网站"),
            ("", "三审"),
            ("审", "三审"),
            ("ab", ""),
        ] {
            assert_eq!(holds(text, word), text.contains(word), "{text} {word}");
        }
    }

    #[test]
    fn lines_at_maps_offsets_to_their_lines_once() {
        let doc = Document::new("ab\n\ncd\nef");
        // Offsets 0 and 1 are on line 1, 4 and 5 on line 3, 7 on line 4.
        let found: Vec<u32> = lines_at(&doc, [0, 1, 4, 5, 7].into_iter())
            .map(|l| l.no)
            .collect();
        assert_eq!(found, [1, 3, 4]);
        assert_eq!(lines_at(&doc, std::iter::empty()).count(), 0);
    }
}
