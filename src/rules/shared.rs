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
    doc.lines_at(found)
}

#[cfg(test)]
mod tests {
    use super::{holds, lines_holding};
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
}
