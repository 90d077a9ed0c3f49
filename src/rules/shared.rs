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

/// The lines whose folded text holds `needle` (not empty, no line break), in order, each
/// once: one search of the whole folded text instead of one per line, for a rule that reads
/// only such lines and most reports have few of them. The search looks for the needle's first
/// character (a byte search) and checks the rest where it is found.
pub(crate) fn lines_holding<'d>(
    doc: &'d Document,
    needle: &'d str,
) -> impl Iterator<Item = Line<'d>> + 'd {
    let text = doc.folded();
    let first = needle.chars().next();
    // Each line's folded text is a slice of the document's, where it starts.
    let offset = move |line: &Line<'_>| line.folded.as_ptr() as usize - text.as_ptr() as usize;
    let mut lines = doc.lines();
    let mut from = 0;
    std::iter::from_fn(move || {
        let first = first?;
        let found = text
            .get(from..)?
            .match_indices(first)
            .map(|(at, _)| from + at)
            .find(|&at| text[at..].starts_with(needle))?;
        let line = lines
            .by_ref()
            .find(|line| offset(line) + line.folded.len() > found)?;
        from = offset(&line) + line.folded.len();
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    use super::lines_holding;
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
    }
}
