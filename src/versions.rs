//! Versions of one report: the same agency and year sent again (a new file, or the old file
//! replaced). The inbox keeps the older versions as history ([`crate::inbox::Inbox::versions`]);
//! this module says what changed between two of them: the table cells that differ, the
//! paragraphs added or removed, and for every flag whether it is new, still there (「退回未改」
//! when it had been confirmed) or gone (「已整改」).
//!
//! A version's [`Content`] is read once from its parsed report and kept small: the tables'
//! values, and each paragraph's hash with the start of its text. The paragraph text itself
//! stays in the file (a replaced file's old text is gone, so the start is what history shows).

use std::collections::HashMap;
use std::path::Path;
use std::time::SystemTime;

use crate::flag::{Fingerprint, Flag};
use crate::i18n::Localized;
use crate::report::tables::{Table, TableKind};
use crate::report::template::RowSpec;
use crate::report::Report;

/// Which of several files of one agency and year is the newest version (the larger key): its
/// modification time, then its path as bytes, so the choice is the same at every run. The
/// inbox's 旧版 mark and the `report-superseded` rule both order by it, and must agree.
pub fn newness(modified: Option<SystemTime>, path: &Path) -> (Option<SystemTime>, &[u8]) {
    (modified, path.as_os_str().as_encoded_bytes())
}

/// Characters of a paragraph kept to show it in a diff (every report keeps its paragraphs'
/// starts: short, so that an inbox of 100,000 reports holds them).
pub const PREVIEW_CHARS: usize = 24;

/// Between the values of a row in [`Content`]'s text (a cell as written never holds one).
const CELL_SEPARATOR: char = '\u{1f}';

/// Where a row's values or a paragraph's preview end in [`Content`]'s text. Each starts where
/// the one before it of its kind ends, so a start is not kept: the rows' values fill the text
/// from its start, the previews follow them.
type End = u32;

/// The end as kept: a version's values and previews are a few kilobytes, far from 4 GiB.
fn end_at(n: usize) -> End {
    End::try_from(n).unwrap_or(End::MAX)
}

/// One table row of a version as kept: which template row it is and where its values end in
/// the content's text. Sixteen bytes (a table name and a span were thirty-two): a report
/// keeps thirty-odd rows for the whole session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct KeptRow {
    spec: &'static RowSpec,
    values_end: End,
    table: TableKind,
}

/// A paragraph as kept: the hash of its folded text (in halves: twelve bytes, not sixteen)
/// and where its preview ends among the previews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct KeptParagraph {
    hash: [u32; 2],
    preview_end: End,
}

/// One table row of a version: which template row it is, and its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowCells<'a> {
    /// 「表三」 and the like.
    pub table: &'static str,
    /// The template row: its id is what rows are matched by, its label what is shown.
    pub spec: &'static RowSpec,
    values: &'a str,
}

impl<'a> RowCells<'a> {
    /// The row's values, by template column.
    pub fn values(&self) -> Vec<&'a str> {
        if self.values.is_empty() {
            return Vec::new();
        }
        self.values.split(CELL_SEPARATOR).collect()
    }
}

/// A paragraph: the hash of its folded text and its first [`PREVIEW_CHARS`] characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph<'a> {
    pub hash: u64,
    pub preview: &'a str,
}

/// What a diff between versions needs of one version: its table rows' values, and each
/// paragraph's hash and start.
///
/// The inbox keeps one for every report (a replaced file's old text is gone from the disk, so
/// what the diff shows of it must be kept), so it is kept in three allocations of their exact
/// size: the rows, the paragraphs, and one string holding every value and then every preview.
/// As a string and a vector per row and per paragraph (about 60 allocations a report) it was
/// half of what the dashboard held at 100,000 reports; its blocks, made by the workers that
/// check the reports, were a third of the dashboard's page faults while loading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    rows: Box<[KeptRow]>,
    paragraphs: Box<[KeptParagraph]>,
    /// The rows' values, then the paragraphs' previews.
    text: Box<str>,
}

/// Builds a [`Content`] row by row and paragraph by paragraph.
#[derive(Debug, Default)]
pub struct ContentBuilder<'a> {
    rows: Vec<KeptRow>,
    /// The rows' values; `build` writes the previews after them.
    values: String,
    /// Each paragraph's hash and preview, the preview still a slice of the text it was given:
    /// copied once, into the content's own text, by `build` (a string of previews of its own
    /// was a block allocated, grown and copied again for every report).
    paragraphs: Vec<(u64, &'a str)>,
}

impl<'a> ContentBuilder<'a> {
    /// A table row's values as written, by template column.
    pub fn row<S: AsRef<str>>(
        &mut self,
        table: TableKind,
        spec: &'static RowSpec,
        values: impl IntoIterator<Item = S>,
    ) {
        self.push_row(table, spec, values, true);
    }

    /// [`ContentBuilder::row`]; `careful`: each value is looked at for the separator (which
    /// becomes a space). [`Content::of`] writes its rows without looking and counts the
    /// separators of the whole text once instead (see [`ContentBuilder::separators`]).
    fn push_row<S: AsRef<str>>(
        &mut self,
        table: TableKind,
        spec: &'static RowSpec,
        values: impl IntoIterator<Item = S>,
        careful: bool,
    ) {
        let text = &mut self.values;
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                text.push(CELL_SEPARATOR);
            }
            let value = value.as_ref();
            // A separator inside a value is the rare case: copied whole otherwise.
            if careful && value.contains(CELL_SEPARATOR) {
                text.extend(value.chars().map(|c| match c {
                    CELL_SEPARATOR => ' ',
                    c => c,
                }));
            } else {
                push_value(text, value);
            }
        }
        self.rows.push(KeptRow {
            spec,
            values_end: end_at(text.len()),
            table,
        });
    }

    /// How many separators the values hold: as many as the rows put between their values
    /// when no value holds one.
    fn separators(&self) -> usize {
        memchr::memchr_iter(CELL_SEPARATOR as u8, self.values.as_bytes()).count()
    }

    /// A paragraph: the hash of its folded text, and its text as written (of which the first
    /// [`PREVIEW_CHARS`] characters are kept).
    pub fn paragraph(&mut self, folded: &str, raw: &'a str) {
        let hash = xxhash_rust::xxh3::xxh3_64(folded.as_bytes());
        self.paragraphs.push((hash, &raw[..preview_end(raw)]));
    }

    /// The bytes of the previews of the paragraphs written so far.
    fn previews_len(&self) -> usize {
        self.paragraphs
            .iter()
            .map(|(_, preview)| preview.len())
            .sum()
    }

    /// The parts are made in blocks of their exact size rather than shrunk with `into()`:
    /// mimalloc shrinks a block in place, keeping all of it, when the new size is at least
    /// half the old (its `mi_realloc` returns the same block), so the values' reserve (see
    /// [`Content::of`]) stayed with every version of an inbox for the whole session. Rows
    /// reserved to their exact number are kept as they are. The previews are copied from the
    /// report's text straight into the content's.
    pub fn build(self) -> Content {
        let mut text = String::with_capacity(self.values.len() + self.previews_len());
        text.push_str(&self.values);
        let base = text.len();
        let paragraphs: Box<[KeptParagraph]> = self
            .paragraphs
            .iter()
            .map(|&(hash, preview)| {
                text.push_str(preview);
                KeptParagraph {
                    // Its low and high halves (see `Content::paragraphs`).
                    hash: [hash as u32, (hash >> 32) as u32],
                    preview_end: end_at(text.len() - base),
                }
            })
            .collect();
        Content {
            rows: exact(self.rows),
            paragraphs,
            // Made to its exact capacity: nothing to shrink.
            text: text.into_boxed_str(),
        }
    }
}

/// Appends a cell's value. Most values are one digit or empty (a report's 230-odd values
/// average under two bytes): a digit is pushed as a byte, not copied by a call to `memcpy`,
/// which cost more than the copy.
fn push_value(text: &mut String, value: &str) {
    match value.as_bytes() {
        [] => {}
        // A one-byte string is one ASCII character.
        &[byte] if byte.is_ascii() => text.push(char::from(byte)),
        _ => text.push_str(value),
    }
}

/// The items as a box of their exact size: the vector's own block when it has no room to
/// spare, a copy otherwise (see [`ContentBuilder::build`]).
fn exact<T: Copy>(items: Vec<T>) -> Box<[T]> {
    if items.len() == items.capacity() {
        items.into_boxed_slice()
    } else {
        Box::from(items.as_slice())
    }
}

impl Content {
    /// Reads the tables' values and the paragraphs (lines outside the tables) of a report.
    ///
    /// Every report of an inbox is read so as it arrives, so this is written for the common
    /// case: the rows' values are copied without looking at each for the separator (the
    /// separators of the whole text are counted once after; a value holding one makes the
    /// rows be written again, looking), and the lines are walked between the tables instead
    /// of asking for each line whether a table holds it.
    pub fn of(report: &Report) -> Content {
        let tables: Vec<(TableKind, &Table)> = TableKind::ALL
            .into_iter()
            .filter_map(|kind| Some((kind, report.table(kind)?)))
            .collect();
        let mut content = ContentBuilder::default();
        let rows: usize = tables.iter().map(|(_, t)| t.rows.len()).sum();
        content.rows.reserve_exact(rows);
        // Room for a few digits a value and for a page or two of paragraphs: neither is grown
        // by doubling from nothing (the values are copied exact by `build`).
        content.values.reserve(rows * 16);
        content.paragraphs.reserve(32);
        let mut separators = 0;
        for &(name, table) in &tables {
            for row in &table.rows {
                separators += row.cells.len().saturating_sub(1);
                let values = row.cells.iter().map(|c| c.raw.as_str());
                content.push_row(name, row.spec, values, false);
            }
        }
        if content.separators() != separators {
            // A value holds the separator: the rows again, each value looked at.
            content.rows.clear();
            content.values.clear();
            for &(name, table) in &tables {
                for row in &table.rows {
                    let values = row.cells.iter().map(|c| c.raw.as_str());
                    content.push_row(name, row.spec, values, true);
                }
            }
        }
        // The lines between the tables (blank lines and table rows, with a tab, are told by
        // the facts the document decided for each line once).
        let mut spans: Vec<(u32, u32)> = tables
            .iter()
            .map(|(_, t)| (t.first_line, t.last_line))
            .collect();
        spans.sort_unstable();
        let mut next = 1;
        let last = report.doc.line_count();
        for (first, end) in spans.into_iter().chain([(last + 1, last + 1)]) {
            if first > next {
                for line in report.doc.lines_in(next, first - 1) {
                    if line.is_blank() || line.has_tab() {
                        continue;
                    }
                    content.paragraph(
                        trim_blanks_end(line.folded_from_lead()),
                        trim_blanks(line.raw),
                    );
                }
                next = first;
            }
            next = next.max(end.saturating_add(1));
        }
        content.build()
    }

    /// The table rows, in the order read.
    pub fn rows(&self) -> impl Iterator<Item = RowCells<'_>> + '_ {
        let mut start = 0;
        self.rows.iter().map(move |row| {
            let values = self.text(start, row.values_end);
            start = row.values_end;
            RowCells {
                table: row.table.name_zh(),
                spec: row.spec,
                values,
            }
        })
    }

    /// The paragraphs, in text order.
    pub fn paragraphs(&self) -> impl Iterator<Item = Paragraph<'_>> + '_ {
        // The previews follow the rows' values.
        let base = self.rows.last().map_or(0, |row| row.values_end);
        let mut start = base;
        self.paragraphs.iter().map(move |paragraph| {
            let end = base.saturating_add(paragraph.preview_end);
            let preview = self.text(start, end);
            start = end;
            let [low, high] = paragraph.hash;
            Paragraph {
                hash: u64::from(low) | u64::from(high) << 32,
                preview,
            }
        })
    }

    fn text(&self, start: End, end: End) -> &str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// Where its three blocks start and the bytes each holds (the rows, the paragraphs, the
    /// text), for a test of how its allocator rounds them.
    pub fn blocks(&self) -> [(*const u8, usize); 3] {
        [
            (
                self.rows.as_ptr().cast(),
                std::mem::size_of_val(&*self.rows),
            ),
            (
                self.paragraphs.as_ptr().cast(),
                std::mem::size_of_val(&*self.paragraphs),
            ),
            (self.text.as_ptr(), self.text.len()),
        ]
    }

    /// The bytes it holds on the heap.
    pub fn heap_bytes(&self) -> usize {
        std::mem::size_of_val(&*self.rows)
            + std::mem::size_of_val(&*self.paragraphs)
            + self.text.len()
    }
}

/// The byte offset in `raw` of its character [`PREVIEW_CHARS`] (its length when shorter),
/// stepping by each character's length as its first byte tells it.
fn preview_end(raw: &str) -> usize {
    let bytes = raw.as_bytes();
    if bytes.len() <= PREVIEW_CHARS {
        // No more characters than bytes.
        return bytes.len();
    }
    // The characters are counted by their first bytes (every byte but a continuation byte,
    // 10xxxxxx), eight bytes at a time while the word holding the wanted start is ahead:
    // stepping by each character's length was a chain of two dozen dependent loads.
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    const LOW_BITS: u64 = 0x0101_0101_0101_0101;
    let mut starts = 0;
    let mut at = 0;
    while let Some(word) = bytes.get(at..at + 8) {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let word = u64::from_le_bytes(eight);
        // One bit a continuation byte, at the bottom of its byte; the multiplication sums the
        // bytes into the top one (no `popcnt` in the baseline instruction set).
        let continuations = (word & !(word << 1) & HIGH_BITS) >> 7;
        let continuations = (continuations.wrapping_mul(LOW_BITS) >> 56) as usize;
        let word_starts = 8 - continuations;
        if starts + word_starts > PREVIEW_CHARS {
            break;
        }
        starts += word_starts;
        at += 8;
    }
    for (offset, &byte) in bytes[at..].iter().enumerate() {
        if byte & 0xC0 != 0x80 {
            if starts == PREVIEW_CHARS {
                return at + offset;
            }
            starts += 1;
        }
    }
    bytes.len()
}

/// `text.trim_end()`, told from the last bytes when nothing is to be trimmed (a paragraph
/// ends with 。 or an ideograph; every line outside the tables is trimmed).
fn trim_blanks_end(text: &str) -> &str {
    if crate::text::ends_with_whitespace(text.as_bytes()) {
        text.trim_end()
    } else {
        text
    }
}

/// `text.trim()`, told as [`trim_blanks_end`] is at both ends.
fn trim_blanks(text: &str) -> &str {
    if crate::text::starts_with_whitespace(text.as_bytes()) {
        text.trim()
    } else {
        trim_blanks_end(text)
    }
}

/// A table cell whose value differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellChange {
    pub table: &'static str,
    pub label: &'static str,
    /// 1-based template column.
    pub column: usize,
    /// The value as written (empty when the cell is blank or missing).
    pub old: String,
    pub new: String,
}

/// What changed from one version to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentDiff {
    pub cells: Vec<CellChange>,
    /// Paragraphs (their previews) in the newer version only, and in the older only.
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Paragraphs edited past their first [`PREVIEW_CHARS`] characters: one removed and one
    /// added with the same start (the preview they share).
    pub edited: Vec<String>,
}

impl ContentDiff {
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.edited.is_empty()
    }
}

/// The difference between an older and a newer version: cells matched by table, template row
/// and column; paragraphs by the hash of their text, counting repeats (a paragraph written
/// twice and then once was removed once). Linear in the size of the two versions.
pub fn diff(old: &Content, new: &Content) -> ContentDiff {
    let old_rows: HashMap<(&str, &str), RowCells> =
        old.rows().map(|r| ((r.table, r.spec.id), r)).collect();
    let mut cells = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in new.rows() {
        seen.insert((row.table, row.spec.id));
        let before = old_rows
            .get(&(row.table, row.spec.id))
            .map_or_else(Vec::new, RowCells::values);
        push_cells(&mut cells, &row, &before, &row.values());
    }
    for row in old.rows() {
        if !seen.contains(&(row.table, row.spec.id)) {
            push_cells(&mut cells, &row, &row.values(), &[]);
        }
    }
    let (mut added, mut removed) = paragraph_changes(old, new);
    let mut edited = Vec::new();
    added.retain(|preview| match removed.iter().position(|r| r == preview) {
        Some(i) => {
            edited.push(removed.remove(i));
            false
        }
        None => true,
    });
    ContentDiff {
        cells,
        added,
        removed,
        edited,
    }
}

fn push_cells(cells: &mut Vec<CellChange>, row: &RowCells, old: &[&str], new: &[&str]) {
    for column in 0..old.len().max(new.len()) {
        let get = |values: &[&str]| {
            values
                .get(column)
                .map_or_else(String::new, |v| v.to_string())
        };
        let (before, after) = (get(old), get(new));
        if before != after {
            cells.push(CellChange {
                table: row.table,
                label: row.spec.label,
                column: column + 1,
                old: before,
                new: after,
            });
        }
    }
}

/// Paragraphs of `new` not in `old` and of `old` not in `new`, as multisets of hashes, each
/// list in text order.
fn paragraph_changes(old: &Content, new: &Content) -> (Vec<String>, Vec<String>) {
    let count = |content: &Content| {
        let mut counts: HashMap<u64, usize> = HashMap::new();
        for p in content.paragraphs() {
            *counts.entry(p.hash).or_default() += 1;
        }
        counts
    };
    let only_in = |these: &Content, mut others: HashMap<u64, usize>| -> Vec<String> {
        these
            .paragraphs()
            .filter(|p| match others.get_mut(&p.hash) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .map(|p| p.preview.to_string())
            .collect()
    };
    (only_in(new, count(old)), only_in(old, count(new)))
}

/// What became of a flag from one version to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Only in the newer version.
    New,
    /// In both.
    Still,
    /// In both, and it had been confirmed: the report came back without the fix.
    ReturnedUnchanged,
    /// Only in the older version: fixed.
    Gone,
}

impl Fate {
    pub fn label(self) -> Localized {
        match self {
            Fate::New => Localized::new("新出现", "new"),
            Fate::Still => Localized::new("仍存在", "still there"),
            Fate::ReturnedUnchanged => Localized::new("退回未改", "returned unchanged"),
            Fate::Gone => Localized::new("已整改", "fixed"),
        }
    }
}

/// Every flag of two versions with its fate, matched by fingerprint (the fingerprint survives a
/// re-submission): the newer version's flags in their order, then the older version's flags
/// that are gone. `confirmed` tells whether a fingerprint had been confirmed.
pub fn fates<'a>(
    old: &'a [Flag],
    new: &'a [Flag],
    confirmed: impl Fn(Fingerprint) -> bool,
) -> Vec<(&'a Flag, Fate)> {
    let before: std::collections::HashSet<Fingerprint> =
        old.iter().map(|f| f.fingerprint).collect();
    let after: std::collections::HashSet<Fingerprint> = new.iter().map(|f| f.fingerprint).collect();
    let mut out: Vec<(&Flag, Fate)> = new
        .iter()
        .map(|flag| {
            let fate = match (
                before.contains(&flag.fingerprint),
                confirmed(flag.fingerprint),
            ) {
                (false, _) => Fate::New,
                (true, true) => Fate::ReturnedUnchanged,
                (true, false) => Fate::Still,
            };
            (flag, fate)
        })
        .collect();
    out.extend(
        old.iter()
            .filter(|f| !after.contains(&f.fingerprint))
            .map(|f| (f, Fate::Gone)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flag::{Location, Severity};

    fn content(text: &str) -> Content {
        Content::of(&crate::report::parse::parse_text(
            text,
            crate::ingest::SourceEncoding::Utf8,
        ))
    }

    fn flag(code: &'static str, fp: u64) -> Flag {
        Flag {
            code,
            severity: Severity::Error,
            location: Location::WHOLE,
            message: Localized::new("消息", "message").into(),
            evidence: Default::default(),
            fingerprint: Fingerprint(fp),
            legacy_fingerprint: None,
        }
    }

    /// The paragraphs as `Content::of` read them before it took the document's line facts:
    /// every line outside the tables without a tab, trimmed, when anything is left.
    fn paragraphs_by_searching(text: &str) -> Vec<(u64, String)> {
        let report = crate::report::parse::parse_text(text, crate::ingest::SourceEncoding::Utf8);
        let tables: Vec<(u32, u32)> = [&report.table2, &report.table3, &report.table4]
            .into_iter()
            .flatten()
            .map(|table| (table.first_line, table.last_line))
            .collect();
        let mut found = Vec::new();
        for line in report.doc.lines() {
            let in_table = tables.iter().any(|&(a, b)| (a..=b).contains(&line.no));
            if in_table || line.raw.contains('\t') || line.folded.trim().is_empty() {
                continue;
            }
            let raw = line.raw.trim();
            let end = raw
                .char_indices()
                .nth(PREVIEW_CHARS)
                .map_or(raw.len(), |(at, _)| at);
            found.push((
                xxhash_rust::xxh3::xxh3_64(line.folded.trim().as_bytes()),
                raw[..end].to_string(),
            ));
        }
        found
    }

    #[test]
    fn paragraphs_are_the_lines_outside_tables_trimmed_whatever_their_blanks() {
        // Ideographic and full-width blanks, a blank line of U+3000, a stray tab, a line of
        // spaces and tabs, and a table with its rows.
        let text = "甲县司法局2023年政府信息公开工作年度报告\n\u{3000}\u{3000}第一段，前有全角空格。\u{3000}\n\u{3000}\n  \t \n半角空格在后。   \n有\t一个制表符\n\u{a0}不间断空格开头的一段话，长度超过二十四个字符的预览部分。\n二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t0\t5\n最后一段。\n";
        let read = content(text);
        let paragraphs: Vec<(u64, String)> = read
            .paragraphs()
            .map(|p| (p.hash, p.preview.to_string()))
            .collect();
        assert_eq!(paragraphs, paragraphs_by_searching(text));
        assert!(paragraphs.len() >= 5, "{paragraphs:?}");
    }

    /// The rows as `Content::of` wrote them before it counted the separators once: every
    /// value looked at.
    fn rows_looking_at_each_value(report: &Report) -> Content {
        let mut content = ContentBuilder::default();
        for name in TableKind::ALL {
            for row in report.table(name).iter().flat_map(|t| &t.rows) {
                content.row(name, row.spec, row.cells.iter().map(|c| c.raw.as_str()));
            }
        }
        content.build()
    }

    fn values_of(content: &Content) -> Vec<(&'static str, &'static str, Vec<&str>)> {
        content
            .rows()
            .map(|r| (r.table, r.spec.id, r.values()))
            .collect()
    }

    #[test]
    fn rows_read_without_looking_are_the_rows_read_looking_even_with_a_separator_in_a_cell() {
        use crate::report::tables::fixtures;
        let hostile = ["1\u{1f}2", "0", "0", "0", "0", "0", "1"];
        for fixture in [
            fixtures::rows(),
            fixtures::cells(),
            fixtures::rows().row("t3.new", &hostile),
        ] {
            let report = fixture.report();
            let read = Content::of(&report);
            let expected = rows_looking_at_each_value(&report);
            assert!(read.rows().count() > 20, "{}", read.rows().count());
            assert_eq!(values_of(&read), values_of(&expected));
        }
        // The separator in a value became a space; the values after it did not shift.
        let read = Content::of(&fixtures::rows().row("t3.new", &hostile).report());
        let new = read.rows().find(|r| r.spec.id == "t3.new").unwrap();
        assert_eq!(new.values(), ["1 2", "0", "0", "0", "0", "0", "1"]);
    }

    /// A report's content made the plain way: every line outside the tables that has
    /// anything but blanks and no tab is a paragraph, every row is written looking at each
    /// value, all through the builder.
    fn content_line_by_line(report: &Report) -> Content {
        let mut content = ContentBuilder::default();
        for name in TableKind::ALL {
            for row in report.table(name).iter().flat_map(|t| &t.rows) {
                content.row(name, row.spec, row.cells.iter().map(|c| c.raw.as_str()));
            }
        }
        let tables: Vec<(u32, u32)> = TableKind::ALL
            .into_iter()
            .filter_map(|kind| report.table(kind))
            .map(|table| (table.first_line, table.last_line))
            .collect();
        for line in report.doc.lines() {
            let in_table = tables.iter().any(|&(a, b)| (a..=b).contains(&line.no));
            if in_table || line.raw.contains('\t') || line.folded.trim().is_empty() {
                continue;
            }
            content.paragraph(line.folded.trim(), line.raw.trim());
        }
        content.build()
    }

    proptest::proptest! {
        /// `Content::of`, which walks the lines between the tables and writes the rows without
        /// looking at each value, makes the content the builder makes line by line and row by
        /// row looking, with any values (the separator, wide characters, empty) and any
        /// paragraph added, in each layout.
        #[test]
        fn content_of_a_report_is_the_content_built_line_by_line(
            layout in 0..4usize,
            values in proptest::collection::vec("[0-9a\u{1f} 万元〇]{0,4}", 7),
            paragraph in "[一二政府信息公开a-z0-9，。 \u{3000}]{0,40}",
        ) {
            use crate::report::tables::fixtures;
            let fixture = [fixtures::rows, fixtures::cells, fixtures::lines, fixtures::pipes][layout]();
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            let heading = "一、总体情况";
            let report = fixture
                .row("t3.new", &values)
                .replace(heading, &format!("{heading}\n{paragraph}"))
                .report();
            let read = Content::of(&report);
            proptest::prop_assert_eq!(&read, &content_line_by_line(&report));
            proptest::prop_assert!(read.rows().count() > 20);
            proptest::prop_assert!(read.paragraphs().count() > 5);
        }
    }

    #[test]
    fn paragraphs_before_between_and_after_the_tables_are_read() {
        use crate::report::tables::fixtures;
        for text in [fixtures::rows().text(), fixtures::lines().text()] {
            let read = content(&text);
            let previews: Vec<(u64, String)> = read
                .paragraphs()
                .map(|p| (p.hash, p.preview.to_string()))
                .collect();
            assert_eq!(previews, paragraphs_by_searching(&text));
            let shown: Vec<&str> = previews.iter().map(|(_, p)| p.as_str()).collect();
            for heading in [
                "一、总体情况",
                "三、收到和处理政府信息公开申请情况",
                "六、其他需要报告的事项",
            ] {
                assert!(shown.contains(&heading), "{heading} {shown:?}");
            }
        }
    }

    /// Where the preview ends, as `char_indices` finds it.
    fn preview_end_by_chars(raw: &str) -> usize {
        raw.char_indices()
            .nth(PREVIEW_CHARS)
            .map_or(raw.len(), |(at, _)| at)
    }

    /// The trims told from the end bytes trim as `str::trim` and `str::trim_end` do.
    fn trims_as_the_standard_trims(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        proptest::prop_assert_eq!(trim_blanks(text), text.trim());
        proptest::prop_assert_eq!(trim_blanks_end(text), text.trim_end());
        Ok(())
    }

    proptest::proptest! {
        /// The preview's end found from the lead bytes is where the old `char_indices` found it.
        #[test]
        fn preview_end_is_the_char_indices_end(raw in "\\PC{0,40}") {
            proptest::prop_assert_eq!(preview_end(&raw), preview_end_by_chars(&raw));
        }

        /// The same over the characters of reports, long enough for several words of eight
        /// bytes before the end, with the end at every place in a word.
        #[test]
        fn preview_end_is_the_char_indices_end_in_report_text(raw in "[a1 政府信息。，\u{3000}𠀀]{0,60}") {
            proptest::prop_assert_eq!(preview_end(&raw), preview_end_by_chars(&raw));
        }
    }

    proptest::proptest! {
        /// The trims that look at the end bytes first trim as `str::trim` and
        /// `str::trim_end` do, whatever whitespace (ASCII, U+0085, U+00A0, U+1680, U+2000–
        /// U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) or characters near it stand at
        /// either end.
        #[test]
        fn trims_are_the_standard_trims(
            text in "[ \t\r\n\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2000}-\u{2030}\u{205f}\u{3000}-\u{3003}\u{a1}\u{1681}\u{2060}a1。政]{0,8}",
        ) {
            trims_as_the_standard_trims(&text)?;
        }

        /// The same over any characters.
        #[test]
        fn trims_are_the_standard_trims_over_any_text(text in "\\PC{0,12}") {
            trims_as_the_standard_trims(&text)?;
        }
    }

    #[test]
    fn paragraphs_added_and_removed_count_repeats() {
        let old =
            content("甲县司法局2023年政府信息公开工作年度报告\n第一段。\n第二段。\n第二段。\n");
        let new = content("甲县司法局2023年政府信息公开工作年度报告\n第二段。\n第三段，新增。\n");
        let d = diff(&old, &new);
        assert_eq!(d.added, ["第三段，新增。"]);
        assert_eq!(d.removed, ["第一段。", "第二段。"]);
        assert!(d.edited.is_empty());
        assert!(diff(&new, &new).is_empty());
        // A long paragraph changed past its preview is edited, not removed and added.
        let long =
            "本机关认真贯彻落实政府信息公开条例，围绕中心工作，深化重点领域信息公开，加强政策解读";
        let old = content(&format!("标题\n{long}，原来的结尾。\n"));
        let new = content(&format!("标题\n{long}，改过的结尾。\n"));
        let d = diff(&old, &new);
        assert_eq!(d.edited.len(), 1, "{d:?}");
        assert!(d.added.is_empty() && d.removed.is_empty());
    }

    static ROW: RowSpec = RowSpec {
        id: "t3.new",
        label: "一、本年新收政府信息公开申请数量",
        group: "",
        depth: 0,
        values: &[],
        outcome: false,
        columns: &[],
    };

    fn rows(values: &[&str]) -> Content {
        let mut content = ContentBuilder::default();
        content.row(TableKind::Table3, &ROW, values);
        content.build()
    }

    #[test]
    fn changed_cells_are_named_by_table_row_and_column() {
        let old = rows(&["3", "0", "1"]);
        let new = rows(&["3", "2", "1", "4"]);
        let d = diff(&old, &new);
        let changed: Vec<_> = d
            .cells
            .iter()
            .map(|c| (c.column, c.old.as_str(), c.new.as_str()))
            .collect();
        assert_eq!(changed, [(2, "0", "2"), (4, "", "4")]);
        assert!(d.cells.iter().all(|c| c.label == ROW.label));
        // A row only in the older version: every value removed.
        let d = diff(&old, &Content::default());
        assert_eq!(d.cells.len(), 3);
        assert!(d.cells.iter().all(|c| c.new.is_empty()));
    }

    /// Values and previews share one string: each is read back whole, and a value holding the
    /// separator cannot shift the values after it.
    #[test]
    fn values_and_previews_are_read_back_as_written() {
        let mut content = ContentBuilder::default();
        content.row(TableKind::Table3, &ROW, ["3", "", "a\u{1f}b", "4"]);
        content.paragraph(
            "第一段",
            "第一段，本机关认真贯彻落实政府信息公开条例，围绕中心工作",
        );
        content.row(TableKind::Table4, &ROW, &[] as &[&str]);
        content.paragraph("二", "二");
        let content = content.build();
        let values: Vec<Vec<&str>> = content.rows().map(|r| r.values()).collect();
        assert_eq!(values, [vec!["3", "", "a b", "4"], vec![]]);
        let previews: Vec<&str> = content.paragraphs().map(|p| p.preview).collect();
        assert_eq!(
            previews,
            ["第一段，本机关认真贯彻落实政府信息公开条例，围绕", "二"]
        );
        assert_eq!(content.rows().nth(1).map(|r| r.table), Some("表四"));
    }

    static OTHER_ROW: RowSpec = RowSpec {
        id: "t2.permits",
        label: "行政许可",
        group: "",
        depth: 0,
        values: &[],
        outcome: false,
        columns: &[],
    };

    /// What is written to a [`ContentBuilder`], in any order.
    #[derive(Debug, Clone)]
    enum Written {
        Row(TableKind, bool, Vec<String>),
        Paragraph(String, String),
    }

    fn written() -> impl proptest::strategy::Strategy<Value = Written> {
        use proptest::prelude::*;
        let table = prop::sample::select(TableKind::ALL.to_vec());
        // Values with the separator, empty values, wide characters; paragraphs shorter and
        // longer than a preview.
        let value = "[0-9a\u{1f} 万元〇]{0,4}";
        prop_oneof![
            (table, any::<bool>(), prop::collection::vec(value, 0..8))
                .prop_map(|(t, other, values)| Written::Row(t, other, values)),
            ("\\PC{0,30}", "\\PC{0,40}").prop_map(|(f, r)| Written::Paragraph(f, r)),
        ]
    }

    proptest::proptest! {
        /// Rows and paragraphs written in any order are read back as written, each row with
        /// its table, template row and values (a separator in a value as a space), each
        /// paragraph with the hash of its folded text and its first characters: what the
        /// content kept as a table name, a template row and a start and end for each.
        #[test]
        fn rows_and_paragraphs_are_read_back_as_written_in_any_order(
            items in proptest::collection::vec(written(), 0..24)
        ) {
            let mut builder = ContentBuilder::default();
            let mut rows = Vec::new();
            let mut paragraphs = Vec::new();
            for item in &items {
                match item {
                    Written::Row(table, other, values) => {
                        let spec: &'static RowSpec = if *other { &OTHER_ROW } else { &ROW };
                        builder.row(*table, spec, values);
                        let read: Vec<String> =
                            values.iter().map(|v| v.replace('\u{1f}', " ")).collect();
                        rows.push((table.name_zh(), spec.id, read));
                    }
                    Written::Paragraph(folded, raw) => {
                        builder.paragraph(folded, raw);
                        let end = raw
                            .char_indices()
                            .nth(PREVIEW_CHARS)
                            .map_or(raw.len(), |(at, _)| at);
                        paragraphs.push((
                            xxhash_rust::xxh3::xxh3_64(folded.as_bytes()),
                            raw[..end].to_string(),
                        ));
                    }
                }
            }
            let content = builder.build();
            let read_rows: Vec<(&str, &str, Vec<String>)> = content
                .rows()
                .map(|r| {
                    let values = r.values().into_iter().map(str::to_string).collect();
                    (r.table, r.spec.id, values)
                })
                .collect();
            // A row of one empty value reads back as no values, as it always did.
            let rows: Vec<(&str, &str, Vec<String>)> = rows
                .into_iter()
                .map(|(t, id, values)| {
                    let values = if values.len() == 1 && values[0].is_empty() {
                        Vec::new()
                    } else {
                        values
                    };
                    (t, id, values)
                })
                .collect();
            proptest::prop_assert_eq!(read_rows, rows);
            let read_paragraphs: Vec<(u64, String)> = content
                .paragraphs()
                .map(|p| (p.hash, p.preview.to_string()))
                .collect();
            proptest::prop_assert_eq!(read_paragraphs, paragraphs);
        }
    }

    #[test]
    fn flags_are_new_still_returned_unchanged_or_gone() {
        let old = [flag("a", 1), flag("b", 2), flag("c", 3)];
        let new = [flag("a", 1), flag("b", 2), flag("d", 4)];
        let got: Vec<_> = fates(&old, &new, |fp| fp == Fingerprint(2))
            .into_iter()
            .map(|(f, fate)| (f.code, fate))
            .collect();
        assert_eq!(
            got,
            [
                ("a", Fate::Still),
                ("b", Fate::ReturnedUnchanged),
                ("d", Fate::New),
                ("c", Fate::Gone)
            ]
        );
    }
}
