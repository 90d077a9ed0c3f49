//! What several rules read from one report, worked out once per report on first use.
//!
//! [`run_file`](super::run_file) makes one [`Shared`] per report and hands it to every rule
//! through [`Findings::shared`](super::Findings::shared): the identity rules share one
//! reading of each table's integers rather than each walk every row, and the cell rules one
//! walk of the value cells ([`Shared::unusual_cells`]). [`lines_holding`] is the rules' quick
//! test of lines: one search of the whole text instead of one per line; [`Needles`] the same
//! for the fixed words several rules look for, all found by one pass over the text.

use std::cell::OnceCell;

use crate::report::tables::identities::Holding;
use crate::report::tables::{Table, TableKind, TableRow, ValueCell};
use crate::report::{CellValue, LineRole, Report};
use crate::text::{Document, Line};

/// One report's facts that more than one rule reads.
pub struct Shared<'r> {
    report: &'r Report,
    holding: OnceCell<Holding>,
    unusual: OnceCell<Vec<CellAt>>,
    runs: OnceCell<Vec<std::ops::Range<usize>>>,
    needles: OnceCell<Needles>,
}

impl<'r> Shared<'r> {
    pub fn new(report: &'r Report) -> Shared<'r> {
        Shared {
            report,
            holding: OnceCell::new(),
            unusual: OnceCell::new(),
            runs: OnceCell::new(),
            needles: OnceCell::new(),
        }
    }

    /// The byte ranges of the report's folded text between its tables' rows ([`text_runs`]),
    /// told once: the needles' pass reads them, and `enumeration-gap` searches them again
    /// for `.` (the walk of the lines' roles that tells them costs ~1.6 K instructions a
    /// report, their list one block).
    fn runs(&self) -> &[std::ops::Range<usize>] {
        self.runs.get_or_init(|| text_runs(self.report).collect())
    }

    /// Where each of the [`NEEDLES`] is in the report's folded text, found on first use
    /// ([`Needles::of_report`], over the runs told once).
    pub(crate) fn needles(&self) -> &Needles {
        self.needles
            .get_or_init(|| Needles::of_runs(self.report.doc.folded(), self.runs().iter().cloned()))
    }

    /// Which identities hold everywhere on the report's tables: the four 表三 and 表四
    /// identity rules and the three 表二 ones skip a table that balances without evaluating
    /// it again.
    pub fn holding(&self) -> Holding {
        *self.holding.get_or_init(|| Holding::of(self.report))
    }

    /// Where the value cells are that hold something other than nothing or a whole number of
    /// zero or more (see [`unusual_cells`]): walked once for `non-numeric-cell`,
    /// `negative-value` and `fractional-count`.
    fn unusual_cells(&self) -> &[CellAt] {
        self.unusual.get_or_init(|| {
            unusual_cells(self.report)
                .map(|cell| CellAt {
                    table: cell.table.kind,
                    row: row_index(cell.table, cell.row),
                    index: cell.index,
                })
                .collect()
        })
    }
}

/// Where a value cell is: its table, the index of its row among the table's rows, its index
/// in the row. (The shared facts keep positions rather than borrows of the report, so that
/// [`Shared`] stays free of the lifetimes of the rules' findings.)
#[derive(Debug, Clone, Copy)]
struct CellAt {
    table: TableKind,
    row: usize,
    index: usize,
}

/// The index of `row` among `table`'s rows.
fn row_index(table: &Table, row: &TableRow) -> usize {
    table
        .rows
        .iter()
        .position(|r| std::ptr::eq(r, row))
        .unwrap_or(usize::MAX)
}

/// The value cells ([`Report::value_cells`], in their order) that hold something other than
/// nothing or a whole number of zero or more written without a unit: text, a dash, a unit, a
/// sign, a fraction. The cell rules flag only such cells (and test them again), and most
/// reports have none.
fn unusual_cells(report: &Report) -> impl Iterator<Item = ValueCell<'_>> {
    report.value_cells().filter(|cell| match cell.cell.value {
        CellValue::Number(n) => n.scale != 0 || n.mantissa < 0,
        CellValue::Blank => false,
        CellValue::Placeholder | CellValue::NumberWithUnit(_) | CellValue::Text => true,
    })
}

/// The unusual value cells of a rule's report ([`unusual_cells`]), in their order: found once
/// for the report's rules, or for this rule alone when it runs without them.
pub(crate) fn unusual_cells_of<'r>(
    report: &'r Report,
    shared: Option<&Shared<'_>>,
) -> Vec<ValueCell<'r>> {
    let Some(shared) = shared else {
        return unusual_cells(report).collect();
    };
    shared
        .unusual_cells()
        .iter()
        .filter_map(|at| {
            let table = report.assessed(at.table)?;
            let row = table.rows.get(at.row)?;
            Some(ValueCell {
                table,
                row,
                index: at.index,
                cell: row.cells.get(at.index)?,
            })
        })
        .collect()
}

/// Whether `text` holds `word`: `memchr`'s substring search, which on a short text (a
/// heading, a sub-item's title) is a rolling hash with no set-up, where `str::contains`
/// first builds a Two-Way searcher for the word (about 200 instructions a call).
pub(crate) fn holds(text: &str, word: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), word.as_bytes()).is_some()
}

/// The lines whose folded text holds the word of `needle` (not empty, no line break), in
/// order, each once: one search of the whole folded text instead of one per line, for a rule
/// that reads only such lines and most reports have few of them. The search is `memchr`'s
/// substring search (vector compares on a rare pair of the needle's bytes); its searcher is
/// the caller's, made once, which can then find the word on each line too (a search made at
/// each call builds one, ~600 instructions).
pub(crate) fn lines_holding<'d>(
    doc: &'d Document,
    needle: &'d memchr::memmem::Finder<'_>,
) -> impl Iterator<Item = Line<'d>> + 'd {
    let found = (!needle.needle().is_empty())
        .then(|| needle.find_iter(doc.folded().as_bytes()))
        .into_iter()
        .flatten();
    doc.lines_at(found)
}

/// A fixed word that more than one rule, or one rule more than once, looks for in a report's
/// folded text: the index of its [`NEEDLES`] entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needle {
    /// `typo`'s wrong forms, in the order of its list (`typo::CONFUSIONS`).
    Typo(usize),
    /// 是, which every Chinese list marker holds (`enumeration-gap`).
    Is,
    /// 、, after which an Arabic list marker's digit stands (`enumeration-gap`).
    Comma,
    /// 号, where every document number cited ends (`citation-number`).
    Number,
    /// 【, a mark of a placeholder (`unfinished-text`).
    Lenticular,
}

/// The words of [`Needle`], in the order of their indexes: `typo`'s five wrong forms first.
pub(crate) const NEEDLES: [&str; 9] = [
    "政务新媒",
    "人民政务",
    "看的明",
    "政府公开工作要点",
    "(条例)",
    "是",
    "、",
    "号",
    "【",
];

/// How many of [`NEEDLES`] are `typo`'s.
pub(crate) const TYPO_NEEDLES: usize = 5;

impl Needle {
    fn index(self) -> usize {
        match self {
            Needle::Typo(i) => {
                debug_assert!(i < TYPO_NEEDLES);
                i
            }
            Needle::Is => TYPO_NEEDLES,
            Needle::Comma => TYPO_NEEDLES + 1,
            Needle::Number => TYPO_NEEDLES + 2,
            Needle::Lenticular => TYPO_NEEDLES + 3,
        }
    }
}

/// Where every one of the [`NEEDLES`] is in one text: the byte offsets of each, increasing.
/// One pass over the text finds them all (a searcher of many words at once, `aho-corasick`'s
/// vector search of the first bytes, "Teddy") instead of one whole-text search for each word
/// in each rule: nine searches of ~4 K instructions a report each. The rules turn the offsets
/// into the few lines they have to read ([`Document::lines_at`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Needles {
    at: [Vec<u32>; NEEDLES.len()],
}

impl Needles {
    /// Every occurrence of every needle in `text`. The searcher reports the leftmost match and
    /// goes on after it; no needle is a prefix of another, so one needle at most starts at a
    /// place, and going on one character after the start of each match (not after its end)
    /// finds also the needles that start inside another's match (「人民政务新媒」).
    #[cfg(test)]
    pub(crate) fn of(text: &str) -> Needles {
        Needles::of_runs(text, std::iter::once(0..text.len()))
    }

    /// Every occurrence of every needle in the report's folded text outside its tables' rows:
    /// the offsets [`Needles::of`] finds on the lines that are not rows of a table
    /// ([`Report::is_table_line`]). Every rule that reads the needles passes over the rows of
    /// tables (`typo`, `citation-number`, `enumeration-gap`) or reads only the text's lines
    /// (`unfinished-text`'s placeholders), and the rows are about a third of a report's bytes:
    /// the pass reads the runs of lines between them only.
    pub(crate) fn of_report(report: &Report) -> Needles {
        let text = report.doc.folded();
        Needles::of_runs(text, text_runs(report))
    }

    /// Every occurrence of every needle inside the byte ranges `runs` of `text` (increasing,
    /// not overlapping, each cut at character boundaries); no needle holds a line break, so a
    /// run of whole lines holds all the needles of its lines.
    fn of_runs(text: &str, runs: impl Iterator<Item = std::ops::Range<usize>>) -> Needles {
        let Some(pass) = &*SEARCHER else {
            let mut needles = Needles::default();
            for run in runs {
                needles.extend(Needles::each(&text[run.clone()]), run.start);
            }
            return needles;
        };
        let bytes = text.as_bytes();
        FOUND.with_borrow_mut(|found_at| {
            for at in found_at.iter_mut() {
                at.clear();
            }
            for run in runs {
                let mut from = run.start;
                while let Some(found) = pass
                    .searcher
                    .find_in(bytes, aho_corasick::Span::from(from..run.end))
                {
                    let anchor = found.start();
                    from = anchor + utf8_len(bytes[anchor]);
                    let index = found.pattern().as_usize();
                    if let Some(start) = pass.needle_at(bytes, index, anchor, &run) {
                        found_at[index].push(offset(start));
                    }
                }
            }
            // Copied out at their exact lengths: one block for each needle found (most
            // reports hold three of the nine), none for the others.
            let needles = Needles {
                at: std::array::from_fn(|index| found_at[index].to_vec()),
            };
            // A huge file's lists are not kept for the reports after it.
            for at in found_at.iter_mut() {
                if at.capacity() > MAX_KEPT_OFFSETS {
                    *at = Vec::new();
                }
            }
            needles
        })
    }

    /// Adds the offsets of `more`, found in a part of the text starting at byte `base` and
    /// after every offset already kept.
    fn extend(&mut self, more: Needles, base: usize) {
        for (at, more) in self.at.iter_mut().zip(more.at) {
            at.extend(more.into_iter().map(|o| offset(o as usize + base)));
        }
    }

    /// [`Needles::of`] by one search of the text for each needle: the way where the vector
    /// search is not available on the machine, and the reference it is tested against.
    fn each(text: &str) -> Needles {
        let mut needles = Needles::default();
        for (index, needle) in NEEDLES.iter().enumerate() {
            needles.at[index] = memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes())
                .map(offset)
                .collect();
        }
        needles
    }

    /// The byte offsets of `needle` in the text, increasing.
    pub(crate) fn offsets(&self, needle: Needle) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.at[needle.index()].iter().map(|&at| at as usize)
    }

    /// Whether `needle` is anywhere in the text.
    pub(crate) fn holds(&self, needle: Needle) -> bool {
        !self.at[needle.index()].is_empty()
    }

    /// The byte offsets of `needle` inside `line` (a line of the text the needles were found
    /// in, outside the tables' rows), counted from the line's start, increasing: what
    /// searching the line for the needle again finds, taken from the offsets kept (the
    /// offsets are in order, so the line's are found by halving). A line's own search for a
    /// single character steps through every byte it shares with it (号's last byte ends many
    /// ideographs), and the preamble's line of a report is a long one.
    pub(crate) fn offsets_within(
        &self,
        needle: Needle,
        text: &str,
        line: &str,
    ) -> impl Iterator<Item = usize> + '_ {
        let start = line.as_ptr() as usize - text.as_ptr() as usize;
        let end = start + line.len();
        let at = &self.at[needle.index()];
        let from = at.partition_point(|&o| (o as usize) < start);
        let to = at.partition_point(|&o| (o as usize) < end);
        at[from..to].iter().map(move |&o| o as usize - start)
    }
}

thread_local! {
    /// The offsets of each needle as the pass finds them, kept for the thread's next report:
    /// a list grown by pushes asked the allocator some eight times a report (the lists of 是,
    /// 、 and 号 doubling from four), a list kept from the last report holds as many already.
    static FOUND: std::cell::RefCell<[Vec<u32>; NEEDLES.len()]> =
        const { std::cell::RefCell::new([const { Vec::new() }; NEEDLES.len()]) };
}

/// The most offsets of one needle [`FOUND`] keeps room for between reports (256 KiB).
const MAX_KEPT_OFFSETS: usize = 1 << 16;

/// A byte offset of a text as kept in [`Needles`]: a report's text is read whole into memory
/// and its offsets fit in 32 bits; a larger one is kept as the largest, beyond every line.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// The byte ranges of `report`'s folded text that the rows of its tables leave: each run of
/// lines that are not rows ([`Report::is_table_line`]), in order, without the blank lines at
/// its ends (a run of blank lines is none), told by the lines' roles (one byte a line)
/// without making a [`Line`] of every line. A blank line holds nothing the runs are searched
/// for, and a table written a cell a line has a blank line between every two cells: taken as
/// runs of their own, they cost a search and the bounds of two lines each.
pub(crate) fn text_runs(report: &Report) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let doc = &report.doc;
    let count = doc.line_count() as usize;
    let roles = &report.line_roles;
    let is_row = move |index: usize| roles.get(index) == Some(&LineRole::TableRow);
    // The role of a blank line, and only of one (lines past the roles are neither).
    let is_blank = move |index: usize| roles.get(index) == Some(&LineRole::Blank);
    // Where a line's folded text starts and ends in the whole folded text.
    let base = doc.folded().as_ptr() as usize;
    let range_of = move |index: usize| {
        doc.folded_line(index as u32 + 1).map(|folded| {
            let start = folded.as_ptr() as usize - base;
            start..start + folded.len()
        })
    };
    let mut index = 0;
    std::iter::from_fn(move || {
        while index < count && (is_row(index) || is_blank(index)) {
            index += 1;
        }
        if index >= count {
            return None;
        }
        let first = index;
        let mut last = index;
        while index < count && !is_row(index) {
            if !is_blank(index) {
                last = index;
            }
            index += 1;
        }
        Some(range_of(first)?.start..range_of(last)?.end)
    })
}

/// The length of the character a UTF-8 lead byte opens (1 for a byte that opens none).
pub(crate) fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// The part of each of [`NEEDLES`] the one pass looks for (its *anchor*), in the same order.
/// The vector search tells a candidate by the first three bytes of each word (as many as its
/// shortest word, 是, has), and 「政」 and 「人」, which open two of `typo`'s words, open a word
/// of nearly every sentence of a report (政府信息公开, 申请人): each stopped the search, only to
/// be turned down. Those words are looked for from a rarer character in them and confirmed
/// around it. No two anchors open with the same character, so going on one character after
/// each anchor found finds every one of them, and every needle holds its anchor once.
const ANCHORS: [&str; NEEDLES.len()] =
    ["媒", "民政", "看的", "要点", "(条", "是", "、", "号", "【"];

/// The one pass's searcher of [`ANCHORS`], with where each anchor stands in its needle.
struct Pass {
    searcher: aho_corasick::packed::Searcher,
    /// The byte offset of each anchor in its needle.
    anchor_at: [usize; NEEDLES.len()],
}

impl Pass {
    fn new() -> Option<Pass> {
        let searcher = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(ANCHORS)
            .build()?;
        let anchor_at = std::array::from_fn(|i| {
            NEEDLES[i]
                .find(ANCHORS[i])
                .expect("every anchor is a part of its needle")
        });
        Some(Pass {
            searcher,
            anchor_at,
        })
    }

    /// Where needle `index` starts when its anchor found at byte `anchor` of `text` is part of
    /// it, the whole needle inside `run`.
    fn needle_at(
        &self,
        text: &[u8],
        index: usize,
        anchor: usize,
        run: &std::ops::Range<usize>,
    ) -> Option<usize> {
        let needle = NEEDLES[index].as_bytes();
        if needle.len() == ANCHORS[index].len() {
            // The anchor is the whole needle (the single characters): nothing to confirm.
            return Some(anchor);
        }
        let start = anchor.checked_sub(self.anchor_at[index])?;
        let end = start + needle.len();
        (run.start <= start && end <= run.end && text.get(start..end) == Some(needle))
            .then_some(start)
    }
}

/// The searcher of [`ANCHORS`] built once a process; `None` where the vector search is not
/// available (then [`Needles::of`] searches for each needle in turn).
static SEARCHER: std::sync::LazyLock<Option<Pass>> = std::sync::LazyLock::new(Pass::new);

/// The needles of a rule's report: the report's shared ones, or found for this rule alone
/// when it runs without them.
pub(crate) fn needles_of<'s>(
    report: &Report,
    shared: Option<&'s Shared<'_>>,
) -> std::borrow::Cow<'s, Needles> {
    match shared {
        Some(shared) => std::borrow::Cow::Borrowed(shared.needles()),
        None => std::borrow::Cow::Owned(Needles::of_report(report)),
    }
}

/// The text runs of a rule's report ([`text_runs`]): the report's shared ones, or told for
/// this rule alone when it runs without them.
pub(crate) fn text_runs_of<'s>(
    report: &Report,
    shared: Option<&'s Shared<'_>>,
) -> std::borrow::Cow<'s, [std::ops::Range<usize>]> {
    match shared {
        Some(shared) => std::borrow::Cow::Borrowed(shared.runs()),
        None => std::borrow::Cow::Owned(text_runs(report).collect()),
    }
}

/// The numbers of the lines of `report` that are neither blank nor part of a table, in
/// order: told by the lines' roles (one byte each) and facts without making a [`Line`] of
/// any line (a reader makes the few it reads further), or by the facts and
/// [`Report::is_table_line`] when the roles do not cover the text. One walk over the roles
/// and the facts side by side: a chain of the two ways cost a call and ~150 instructions a
/// line.
pub(crate) fn text_line_nos(report: &Report) -> impl Iterator<Item = u32> + '_ {
    let roles = &report.line_roles;
    // Where the roles cover the text a line they call blank is left out too; past them (or
    // where they do not cover it) only a table's rows are told by the roles.
    let covered = roles.len() == report.doc.line_count() as usize;
    report
        .doc
        .facts()
        .zip(1..)
        .filter(move |(facts, no)| {
            !facts.blank
                && match roles.get(*no as usize - 1) {
                    Some(LineRole::TableRow) => false,
                    Some(LineRole::Blank) => !covered,
                    _ => true,
                }
        })
        .map(|(_, no)| no)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{holds, lines_holding, unusual_cells, unusual_cells_of, Needle, Needles, Shared};
    use super::{NEEDLES, TYPO_NEEDLES};
    use crate::report::{CellValue, LineRole};
    use crate::text::Document;

    /// Every cell the cell rules may flag is an unusual cell: a value that is not a number, a
    /// number with a unit, a negative or a fractional number; in the order of the value cells,
    /// read alone or through [`Shared`].
    #[test]
    fn unusual_cells_hold_every_cell_a_cell_rule_reads() {
        use crate::ingest::SourceEncoding;
        use crate::report::parse::parse_text;
        let base = include_str!("../../tests/fixtures/bases/clean-2021-template.txt");
        let clean = parse_text(base, SourceEncoding::Utf8);
        assert!(clean.value_cells().count() > 100);
        let in_clean = unusual_cells(&clean).count();
        for (from, to) in [
            ("\t0\t", "\t-1\t"),
            ("\t0\t", "\t2.5\t"),
            ("\t0\t", "\t3件\t"),
            ("\t0\t", "\t无\t"),
            ("\t0\t", "\t见附件\t"),
        ] {
            let text = base.replacen(from, to, 1);
            let report = parse_text(&text, SourceEncoding::Utf8);
            let flagged: Vec<_> = report
                .value_cells()
                .filter(|c| {
                    !matches!(c.cell.value, CellValue::Number(_) | CellValue::Blank)
                        || c.cell
                            .value
                            .any_number()
                            .is_some_and(|n| n.is_negative() || n.is_fractional())
                })
                .map(|c| c.cell.location())
                .collect();
            let unusual: Vec<_> = unusual_cells(&report).map(|c| c.cell.location()).collect();
            assert_eq!(unusual.len(), in_clean + 1, "{to}");
            assert!(flagged.iter().all(|f| unusual.contains(f)), "{to}");
            let shared = Shared::new(&report);
            let again: Vec<_> = unusual_cells_of(&report, Some(&shared))
                .iter()
                .map(|c| c.cell.location())
                .collect();
            assert_eq!(again, unusual, "{to}");
        }
    }

    #[test]
    fn lines_holding_finds_each_line_once_in_order() {
        let doc = Document::new("号\n\n无\n第１号和第２号\n\n末行号");
        let holding = |word: &str| -> Vec<u32> {
            let needle = memchr::memmem::Finder::new(word);
            lines_holding(&doc, &needle).map(|l| l.no).collect()
        };
        assert_eq!(holding("号"), [1, 4, 6]);
        let expected: Vec<u32> = doc
            .lines()
            .filter(|l| l.folded.contains("号"))
            .map(|l| l.no)
            .collect();
        assert_eq!(holding("号"), expected);
        assert!(holding("是").is_empty());
        assert_eq!(holding("第2号"), [4]);
        assert!(holding("").is_empty());
    }

    /// The text's lines told by their roles are the lines that are neither blank nor a
    /// table's, as the lines themselves tell (also when the roles do not cover the text).
    /// The numbers of the lines outside the tables that are not blank, line by line: what
    /// the text runs and the text lines must cover.
    fn lines_outside_tables_not_blank(report: &crate::report::Report) -> Vec<u32> {
        report
            .doc
            .lines()
            .filter(|l| !report.is_table_line(l.no) && !l.is_blank())
            .map(|l| l.no)
            .collect()
    }

    /// The text's line numbers are the lines the roles do not call blank or a table's row
    /// and whose facts are not blank, where the roles cover the text; otherwise the lines
    /// that are neither a table's (by the roles there are) nor blank: in the rows layout, in
    /// a table written a cell a line, and with the roles cut short or gone.
    #[test]
    fn text_line_nos_are_the_lines_outside_tables_that_are_not_blank() {
        use crate::ingest::SourceEncoding;
        use crate::report::parse::parse_text;
        let base = include_str!("../../tests/fixtures/bases/clean-2021-template.txt");
        let cells = base.replace('\t', "\n\t").replace("\n\t", "\n\n\t");
        for text in [base, &cells, "", "\n\n", "正文\n\n\t0\n\n正文\n"] {
            let mut report = parse_text(text, SourceEncoding::Utf8);
            if text == base {
                let expected = lines_outside_tables_not_blank(&report);
                assert!(expected.len() > 20 && report.line_roles.contains(&LineRole::TableRow));
            }
            let full = report.line_roles.len();
            for cover in [full, full / 2, 0] {
                report.line_roles.truncate(cover);
                let covered = cover == report.doc.line_count() as usize;
                let expected: Vec<u32> = report
                    .doc
                    .lines()
                    .filter(|l| {
                        let role = report.line_role(l.no);
                        !l.is_blank()
                            && role != LineRole::TableRow
                            && !(covered && role == LineRole::Blank)
                    })
                    .map(|l| l.no)
                    .collect();
                let found: Vec<u32> = super::text_line_nos(&report).collect();
                assert_eq!(found, expected, "{cover} of {text:?}");
                if covered {
                    assert_eq!(found, lines_outside_tables_not_blank(&report), "{text:?}");
                }
            }
        }
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

    /// One needle at most starts at a place (none is a prefix of another), as the pass that
    /// goes on one character after each match needs to find every needle.
    #[test]
    fn no_needle_is_a_prefix_of_another() {
        for (i, a) in NEEDLES.iter().enumerate() {
            for (j, b) in NEEDLES.iter().enumerate() {
                assert!(i == j || !b.starts_with(a), "{a} {b}");
            }
        }
    }

    #[test]
    fn needles_are_found_where_they_are_also_inside_another() {
        let text = "人民政务新媒体是1、2号【(条例)\n看的明政府公开工作要点是";
        let needles = Needles::of(text);
        assert_eq!(needles, Needles::each(text));
        let at = |needle| needles.offsets(needle).collect::<Vec<_>>();
        assert_eq!(at(Needle::Typo(1)), [0]);
        assert_eq!(at(Needle::Typo(0)), [6]);
        assert_eq!(at(Needle::Is), [21, text.len() - 3]);
        assert_eq!(at(Needle::Comma), [25]);
        assert_eq!(at(Needle::Number), [29]);
        assert_eq!(at(Needle::Lenticular), [32]);
        assert_eq!(at(Needle::Typo(4)), [35]);
        assert!(needles.holds(Needle::Typo(2)) && needles.holds(Needle::Typo(3)));
        assert_eq!(Needles::of(""), Needles::default());
        assert!(!Needles::of("政务新").holds(Needle::Typo(0)));
        assert_eq!(TYPO_NEEDLES, 5);
    }

    /// The pass's lists are kept for the thread's next text: what one text found is not
    /// found again in the next, also after a text with more of each needle than a list keeps
    /// room for.
    #[test]
    fn the_needles_of_one_text_are_not_carried_to_the_next() {
        let many = "是、号【".repeat(super::MAX_KEPT_OFFSETS + 3);
        for text in [
            "是号、看的明",
            many.as_str(),
            "号",
            "",
            "【政务新媒【",
            "是号、看的明",
        ] {
            assert_eq!(Needles::of(text), Needles::each(text), "{:.40}", text);
        }
    }

    /// The report's needles are those of its whole text on the lines that are not rows of a
    /// table: found by the pass over the runs of other lines, also when the roles cover only
    /// part of the text or none of it.
    #[test]
    fn a_reports_needles_are_the_texts_outside_table_rows() {
        use crate::ingest::SourceEncoding;
        use crate::report::parse::parse_text;
        let base = include_str!("../../tests/fixtures/bases/clean-2021-template.txt");
        // Needles in table rows too: a 号 and a wrong form in a row's label.
        let text = base.replacen("\t0\t", "\t0号、是\t", 1);
        let mut report = parse_text(&text, SourceEncoding::Utf8);
        let outside = |report: &crate::report::Report| {
            let all = Needles::of(report.doc.folded());
            let mut kept = Needles::default();
            for (index, at) in all.at.iter().enumerate() {
                kept.at[index] = at
                    .iter()
                    .copied()
                    .filter(|&o| {
                        let line = report.doc.lines_at([o as usize]).next();
                        !line.is_some_and(|l| report.is_table_line(l.no))
                    })
                    .collect();
            }
            (all, kept)
        };
        let (all, kept) = outside(&report);
        assert_ne!(all, kept, "the table rows hold needles");
        assert!(kept.holds(Needle::Number) && kept.holds(Needle::Is));
        assert_eq!(Needles::of_report(&report), kept);
        let half = report.line_roles.len() / 2;
        report.line_roles.truncate(half);
        assert_eq!(Needles::of_report(&report), outside(&report).1);
        report.line_roles.clear();
        assert_eq!(Needles::of_report(&report), all);
    }

    /// The needles and the runs the report's rules share are those found for one rule alone.
    #[test]
    fn the_shared_runs_and_needles_are_the_report_s_own() {
        use crate::ingest::SourceEncoding;
        use crate::report::parse::parse_text;
        let base = include_str!("../../tests/fixtures/bases/clean-2021-template.txt");
        let cells = base.replace('\t', "\n\t").replace("\n\t", "\n\n\t");
        for text in [base, &cells, "", "正文是1、\n\t0号\n正文【"] {
            let report = parse_text(text, SourceEncoding::Utf8);
            let shared = Shared::new(&report);
            let runs: Vec<std::ops::Range<usize>> = super::text_runs(&report).collect();
            assert_eq!(&*super::text_runs_of(&report, Some(&shared)), &runs[..]);
            assert_eq!(&*super::text_runs_of(&report, None), &runs[..]);
            assert_eq!(shared.needles(), &Needles::of_report(&report), "{text:?}");
        }
    }

    /// The runs hold every line that is neither a row of a table nor blank, once, and start
    /// and end with such lines; in a table written a cell a line too (blank lines between
    /// the cells).
    #[test]
    fn text_runs_hold_the_lines_outside_rows_that_are_not_blank() {
        use crate::ingest::SourceEncoding;
        use crate::report::parse::parse_text;
        let base = include_str!("../../tests/fixtures/bases/clean-2021-template.txt");
        let cells = base.replace('\t', "\n\t").replace("\n\t", "\n\n\t");
        for text in [base, &cells, "", "\n\n", "正文\n\n\t0\n\n正文\n"] {
            let mut report = parse_text(text, SourceEncoding::Utf8);
            for cover in [report.line_roles.len(), report.line_roles.len() / 2, 0] {
                report.line_roles.truncate(cover);
                let runs: Vec<std::ops::Range<usize>> = super::text_runs(&report).collect();
                // The lines whose folded text lies in a run.
                let base = report.doc.folded().as_ptr() as usize;
                let lines_of = |run: &std::ops::Range<usize>| -> Vec<u32> {
                    report
                        .doc
                        .lines()
                        .filter(|l| {
                            let start = l.folded.as_ptr() as usize - base;
                            run.start <= start && start + l.folded.len() <= run.end
                        })
                        .map(|l| l.no)
                        .collect()
                };
                let mut inside = Vec::new();
                for run in &runs {
                    let lines = lines_of(run);
                    let (Some(&first), Some(&last)) = (lines.first(), lines.last()) else {
                        panic!("{run:?} holds no line of {text:?}");
                    };
                    for no in first..=last {
                        assert!(!report.is_table_line(no), "{no} of {text:?}");
                    }
                    // The ends are lines that are not blank (or past the roles).
                    for no in [first, last] {
                        let blank = report.doc.line(no).is_some_and(|l| l.is_blank());
                        let known = report.line_roles.get(no as usize - 1).is_some();
                        assert!(!blank || !known, "{no} of {text:?}");
                    }
                    let whole = report.doc.folded_line(first).map_or(0, str::len);
                    assert!(run.len() >= whole, "{run:?}");
                    inside.extend(first..=last);
                }
                let expected = lines_outside_tables_not_blank(&report);
                assert!(expected.iter().all(|no| inside.contains(no)), "{text:?}");
            }
        }
    }

    proptest! {
        /// The pass over runs of whole lines finds the needles of the whole text that are in
        /// the runs, and so does the search for each needle in each run.
        #[test]
        fn the_pass_over_runs_finds_what_each_search_of_them_finds(
            lines in proptest::collection::vec(
                (proptest::collection::vec(
                    prop_oneof![
                        Just("政务新媒"), Just("号"), Just("、"), Just("是"), Just("a"), Just("人民"),
                        Just("政务新"), Just("媒"), Just("民政务"), Just("看的明"),
                    ],
                    0..8,
                ), any::<bool>()),
                0..30,
            )
        ) {
            let mut text = String::new();
            let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
            for (parts, kept) in &lines {
                let start = text.len();
                text.push_str(&parts.concat());
                if *kept {
                    runs.push(start..text.len());
                }
                text.push('\n');
            }
            let mut expected = Needles::of(&text);
            for at in &mut expected.at {
                at.retain(|&o| runs.iter().any(|run| run.contains(&(o as usize))));
            }
            let mut each = Needles::default();
            for run in &runs {
                each.extend(Needles::each(&text[run.clone()]), run.start);
            }
            prop_assert_eq!(&each, &expected);
            prop_assert_eq!(Needles::of_runs(&text, runs.into_iter()), expected);
        }
    }

    proptest! {
        /// A line's needles taken from the text's are what a search of the line finds.
        #[test]
        fn a_lines_needles_are_its_own_search(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    prop_oneof![
                        Just("号"), Just("是"), Just("、"), Just("a"), Just("〔2021〕30"), Just("务"),
                        Just("政务新媒"), Just("看的明"), Just("人民政务"), Just("(条例)"),
                    ],
                    0..8,
                ),
                1..12,
            )
        ) {
            let text = lines.iter().map(|parts| parts.concat()).collect::<Vec<_>>().join("\n");
            let needles = Needles::of(&text);
            for line in text.split('\n') {
                for (needle, word) in [
                    (Needle::Number, "号"), (Needle::Is, "是"), (Needle::Comma, "、"),
                    (Needle::Typo(0), "政务新媒"), (Needle::Typo(1), "人民政务"),
                    (Needle::Typo(2), "看的明"), (Needle::Typo(4), "(条例)"),
                ] {
                    let kept: Vec<usize> = needles.offsets_within(needle, &text, line).collect();
                    let searched: Vec<usize> = line.match_indices(word).map(|(at, _)| at).collect();
                    prop_assert_eq!(kept, searched, "{:?} in {:?}", word, line);
                }
            }
        }
    }

    /// What the pass relies on: no two anchors open with the same character (going on one
    /// character after each finds them all) and each stands once in its needle.
    #[test]
    fn anchors_open_differently_and_stand_once_in_their_needles() {
        use super::{ANCHORS, NEEDLES};
        let firsts: std::collections::BTreeSet<char> =
            ANCHORS.iter().filter_map(|a| a.chars().next()).collect();
        assert_eq!(firsts.len(), ANCHORS.len());
        for (needle, anchor) in NEEDLES.iter().zip(ANCHORS) {
            assert_eq!(needle.matches(anchor).count(), 1, "{anchor} in {needle}");
        }
    }

    proptest! {
        /// The one pass finds what a search for each needle finds, on texts of the needles'
        /// pieces, long and short (the searcher reads short texts another way).
        #[test]
        fn one_pass_finds_what_each_search_finds(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("政务"), Just("新媒"), Just("人民"), Just("政府"), Just("看的"),
                    Just("明"), Just("公开工作要点"), Just("("), Just("条例"), Just(")"),
                    Just("是"), Just("、"), Just("号"), Just("【"), Just("\n"), Just("a"),
                    Just("1"), Just("，"), Just("体"), Just("年度报告"), Just("媒"),
                    Just("民政"), Just("要点"), Just("政务新"), Just("人民政"), Just("(条"),
                ],
                0..120,
            )
        ) {
            let text = parts.concat();
            prop_assert_eq!(Needles::of(&text), Needles::each(&text), "{:?}", text);
        }
    }
}
