//! The decoded text of a report, split into lines, with a folded copy for comparison.
//!
//! Reports mix full-width and half-width digits and punctuation (`２０２３`, `（一）`), ideographic
//! spaces (U+3000) and no-break spaces. Rules compare the *folded* text, in which every such
//! character is replaced by its ASCII counterpart, while messages and the source pane show the
//! *raw* text. Folding maps every character to exactly one character, so a character index in
//! the folded line is the same index in the raw line: a match found in folded text is reported
//! at the right column of the original.
//!
//! Beyond ASCII, Kangxi radicals and CJK compatibility ideographs (「⼀」「⼈」, as PDF text layers
//! write them) fold to their unified ideographs, and in a report written in Traditional
//! characters (「政府資訊公開工作年度報告」) the Traditional forms of the template's vocabulary
//! fold to Simplified ones, so that labels, headings and titles match. These are three-byte
//! characters folded to three-byte characters (tables in `text/compat.rs`).
//!
//! Turning a byte offset into a column, or a column into raw text, means counting characters
//! from the start of the line. Crawlers write a whole report on one line, and rules ask for
//! columns all along it, so on a long line that count would make every rule quadratic: a
//! long line gets, on first use, a table of where every [`MARK_STEP`]-th character starts
//! ([`Marks`]), and counting starts from the nearest entry instead.

mod compat;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// A decoded report: its raw text with line endings normalised to `\n`, and the folded copy.
#[derive(Debug, Clone, Default)]
pub struct Document {
    raw: String,
    folded: String,
    lines: Vec<LineRanges>,
    /// Character positions in the long lines, built when a column is first asked for.
    marks: OnceLock<Marks>,
}

#[derive(Debug, Clone)]
struct LineRanges {
    raw: Range<usize>,
    folded: Range<usize>,
    facts: LineFacts,
}

impl LineRanges {
    /// Sets the line's facts from its part of the document's `folded` text, and whether it
    /// holds a tab.
    #[inline(always)]
    fn set_facts(&mut self, folded: &str, tab: bool) {
        self.facts = LineFacts::of_folded(&folded[self.folded.clone()], tab);
    }
}

/// What is known of a line from its bytes, decided once when the document is built so that
/// the readers (sections, artifacts, tables, rules) ask instead of searching the line again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineFacts {
    /// Whether the folded line holds nothing but whitespace.
    pub blank: bool,
    /// Whether the raw line holds a tab: the cells of a table row (or a stray tab).
    pub tab: bool,
    /// The byte offset in the folded line of its first character that is not whitespace;
    /// the line's length when it is blank.
    pub indent: usize,
    /// That character (folded); none when the line is blank.
    pub lead: Option<char>,
}

impl LineFacts {
    /// The facts of a line, from its raw and folded text.
    fn of(raw: &str, folded: &str) -> LineFacts {
        LineFacts {
            tab: memchr::memchr(b'\t', raw.as_bytes()).is_some(),
            ..LineFacts::of_folded(folded, false)
        }
    }

    /// The facts of a line whose tabs are already known, from its folded text.
    // Asked of every line of every document: inlined into the document's build (a call and
    // its returned struct cost more than the look), and the usual first characters are read
    // from their bytes.
    #[inline(always)]
    fn of_folded(folded: &str, tab: bool) -> LineFacts {
        // Most lines open with a plain lead ([`plain_lead`]); most others with ASCII whitespace
        // (the tabs of a row whose first cell is empty) or nothing, which is stepped over a
        // byte at a time rather than decoded by `trim_start`: in rows about half the lines of
        // a report are empty or open with a tab.
        let (indent, lead) = match plain_lead(folded.as_bytes()) {
            Some(lead) => (0, Some(lead)),
            None => {
                let ascii_indent = folded
                    .bytes()
                    .take_while(|&b| is_ascii_whitespace_char(b))
                    .count();
                let rest = &folded[ascii_indent..];
                match plain_lead(rest.as_bytes()) {
                    Some(lead) => (ascii_indent, Some(lead)),
                    None if rest.is_empty() => (ascii_indent, None),
                    None => {
                        let indent = folded.len() - rest.trim_start().len();
                        (indent, folded[indent..].chars().next())
                    }
                }
            }
        };
        LineFacts {
            blank: lead.is_none(),
            tab,
            indent,
            lead,
        }
    }
}

/// The first character of a text when it is an ASCII character that is not whitespace or an
/// ideograph (lead bytes 0xE4–0xE9: U+4000–U+9FFF), read from its bytes; none otherwise.
#[inline(always)]
fn plain_lead(bytes: &[u8]) -> Option<char> {
    match *bytes {
        [b, ..] if b.is_ascii() && !is_ascii_whitespace_char(b) => Some(char::from(b)),
        [b0 @ 0xE4..=0xE9, b1, b2, ..] => char::from_u32(three_byte(b0, b1, b2)),
        _ => None,
    }
}

/// Whether a byte is an ASCII character that [`char::is_whitespace`] calls whitespace: tab,
/// line feed, vertical tab, form feed, carriage return and space (`u8::is_ascii_whitespace`
/// leaves out the vertical tab, which `trim_start` trims).
#[inline(always)]
fn is_ascii_whitespace_char(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Whether `text` starts with whitespace (`char::is_whitespace`), told from its bytes: the
/// ASCII blanks, U+0085 and U+00A0 (C2 85, C2 A0), U+1680 (E1 9A 80), U+2000–U+200A,
/// U+2028, U+2029 and U+202F (E2 80 xx), U+205F (E2 81 9F) and U+3000 (E3 80 80).
pub(crate) fn starts_with_whitespace(text: &[u8]) -> bool {
    match text {
        &[byte, ..] if byte.is_ascii() => is_ascii_whitespace_char(byte),
        [0xC2, byte, ..] => matches!(byte, 0x85 | 0xA0),
        [0xE2, 0x80, byte, ..] => matches!(byte, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
        [0xE1, 0x9A, 0x80, ..] | [0xE2, 0x81, 0x9F, ..] | [0xE3, 0x80, 0x80, ..] => true,
        _ => false,
    }
}

/// Whether `text` ends with whitespace, told as [`starts_with_whitespace`] is (a lead byte
/// is never a continuation byte, so the last bytes match only the character they end).
pub(crate) fn ends_with_whitespace(text: &[u8]) -> bool {
    match text {
        &[.., byte] if byte.is_ascii() => is_ascii_whitespace_char(byte),
        [.., 0xC2, byte] => matches!(byte, 0x85 | 0xA0),
        [.., 0xE2, 0x80, byte] => matches!(byte, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
        [.., 0xE1, 0x9A, 0x80] | [.., 0xE2, 0x81, 0x9F] | [.., 0xE3, 0x80, 0x80] => true,
        _ => false,
    }
}

/// One line of a [`Document`].
#[derive(Clone, Copy)]
pub struct Line<'a> {
    /// 1-based line number.
    pub no: u32,
    /// The line as written (without its line ending).
    pub raw: &'a str,
    /// The line folded for comparison: full-width ASCII to half-width, U+3000 and other
    /// spaces to a plain space. Same number of characters as `raw`.
    pub folded: &'a str,
    /// What is known of the line without reading it again: blank, tab, first character.
    pub facts: LineFacts,
    /// The document, for the character positions of a long line; none for a line made of
    /// joined text (see [`Line::detached`]).
    doc: Option<&'a Document>,
}

impl std::fmt::Debug for Line<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Line")
            .field("no", &self.no)
            .field("raw", &self.raw)
            .field("folded", &self.folded)
            .finish()
    }
}

impl<'a> Line<'a> {
    /// A line that is not one of a document's (text joined from two lines): columns are
    /// counted from its start.
    pub fn detached(no: u32, raw: &'a str, folded: &'a str) -> Line<'a> {
        Line {
            no,
            raw,
            folded,
            facts: LineFacts::of(raw, folded),
            doc: None,
        }
    }

    /// The 1-based character column of a byte offset into `folded` (offsets past the end
    /// count as the end).
    pub fn column_of(&self, folded_byte: usize) -> u32 {
        self.column_in(self.folded, folded_byte, |m| m.folded)
    }

    /// The 1-based character column of a byte offset into `raw` (offsets past the end count
    /// as the end).
    pub fn column_of_raw(&self, raw_byte: usize) -> u32 {
        self.column_in(self.raw, raw_byte, |m| m.raw)
    }

    /// The column of a byte offset into `text` (`raw` or `folded`, whose offsets in a mark
    /// `offset` gives).
    fn column_in(&self, text: &str, byte: usize, offset: fn(&Mark) -> usize) -> u32 {
        let end = byte.min(text.len());
        let (chars, from) = match self.marks() {
            Some(marks) => {
                // The last mark at or before `end`; the first mark is the line's start.
                let k = marks.partition_point(|m| offset(m) <= end) - 1;
                (k * MARK_STEP, offset(&marks[k]))
            }
            None => (0, 0),
        };
        (chars + text[from..end].chars().count()) as u32 + 1
    }

    /// Whether the line holds nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        self.facts.blank
    }

    /// Whether the raw line holds a tab (table cells).
    pub fn has_tab(&self) -> bool {
        self.facts.tab
    }

    /// The folded line from its first character that is not whitespace (empty when blank).
    pub fn folded_from_lead(&self) -> &'a str {
        &self.folded[self.facts.indent..]
    }

    /// The raw text of the characters `[from, from + len)` (0-based character indices),
    /// clamped to the line.
    pub fn raw_chars(&self, from: usize, len: usize) -> &'a str {
        let start = self.raw_byte(from);
        if len == 0 {
            return &self.raw[start..start];
        }
        // A short span is counted on from its start; a long one is found from the marks.
        let end = if len <= MARK_STEP || self.marks().is_none() {
            advance(self.raw, start, len)
        } else {
            self.raw_byte(from.saturating_add(len))
        };
        &self.raw[start..end]
    }

    /// The byte offset in `raw` of the character with 0-based index `index`; the line's length
    /// when there is no such character.
    fn raw_byte(&self, index: usize) -> usize {
        let (skip, from) = match self.marks() {
            Some(marks) => {
                let k = (index / MARK_STEP).min(marks.len() - 1);
                (index - k * MARK_STEP, marks[k].raw)
            }
            None => (index, 0),
        };
        advance(self.raw, from, skip)
    }

    /// The character positions of this line when it is long enough to have them.
    fn marks(&self) -> Option<&'a [Mark]> {
        if self.folded.len() <= LONG_LINE {
            return None;
        }
        let doc = self.doc?;
        let marks = doc.marks.get_or_init(|| Marks::of(doc));
        marks.of_line(self.no)
    }

    /// The raw text of the folded byte range `[from, to)` (the same characters), clamped to
    /// the line; empty when the range does not fall on character boundaries.
    pub fn raw_of_folded(&self, from: usize, to: usize) -> &'a str {
        // Folding only shortens characters: when it shortened none, every character stands
        // at the same bytes in both texts and nothing needs counting.
        if self.raw.len() == self.folded.len() {
            return self.raw.get(from..to.max(from)).unwrap_or_default();
        }
        // An empty span (a heading's run-in when it has none) is empty in both texts.
        if self
            .folded
            .get(from..to.max(from))
            .is_none_or(str::is_empty)
        {
            return "";
        }
        // The walk starts at the line's start, or at the last mark before `from` on a long line.
        let (raw_mark, folded_mark) = match self.marks() {
            Some(marks) => {
                let k = marks.partition_point(|m| m.folded <= from) - 1;
                (marks[k].raw, marks[k].folded)
            }
            None => (0, 0),
        };
        let raw = self.raw.as_bytes();
        let folded = self.folded.as_bytes();
        let start = raw_at_folded(raw, folded, (raw_mark, folded_mark), from);
        // Folding writes one character for one, so the line ends at its end in both texts: a
        // span to the end (a sub-item's text after its numeral, a heading's run-in) is not
        // walked to it.
        let end = if to >= self.folded.len() {
            self.raw.len()
        } else {
            raw_at_folded(raw, folded, (start, from), to.max(from))
        };
        &self.raw[start..end]
    }

    /// The byte offset in `raw` `chars` characters after `raw_byte` (a character boundary of
    /// `raw`); the line's length when it has fewer. For a reader that keeps its place in the
    /// raw line as it goes along the folded one (one character for one), instead of counting
    /// each part out from the line's start with [`Line::raw_chars`].
    pub fn raw_after(&self, raw_byte: usize, chars: usize) -> usize {
        advance(self.raw, raw_byte, chars)
    }

    /// The byte offset in `raw` of the character at byte `folded_byte` of `folded` (a
    /// character boundary), walked from `from`: a `(raw, folded)` pair of offsets of one
    /// character that the caller keeps (a sentence's start). The bytes both texts share are
    /// passed eight at a time, where [`Line::raw_after`] steps over every character.
    pub fn raw_at(&self, from: (usize, usize), folded_byte: usize) -> usize {
        raw_at_folded(
            self.raw.as_bytes(),
            self.folded.as_bytes(),
            from,
            folded_byte,
        )
    }
}

/// The byte offset in a line's raw text of the character at byte `target` of its folded text
/// (a character boundary), walking both texts from `(raw, folded)`, offsets of one character.
/// Where the two texts hold the same bytes they hold the same characters, so the common bytes
/// are passed eight at a time, and only where the texts differ (a character folded) is one
/// character stepped over in each: columns need not be counted twice, there and back.
fn raw_at_folded(
    raw: &[u8],
    folded: &[u8],
    (mut r, mut f): (usize, usize),
    target: usize,
) -> usize {
    let target = target.min(folded.len());
    while f < target {
        let common = common_prefix(
            raw.get(r..).unwrap_or_default(),
            folded.get(f..target).unwrap_or_default(),
        );
        r += common;
        f += common;
        if f >= target {
            break;
        }
        // The texts differ inside the character at `f` (a Traditional character folded keeps
        // its lead byte): its start is as many bytes back in both, the bytes between being the
        // same.
        while f > 0 && folded[f] & 0xC0 == 0x80 {
            f -= 1;
            r -= 1;
        }
        let (Some(&raw_lead), Some(&folded_lead)) = (raw.get(r), folded.get(f)) else {
            break;
        };
        r += usize::from(UTF8_LEN[usize::from(raw_lead)]);
        f += usize::from(UTF8_LEN[usize::from(folded_lead)]);
    }
    r.min(raw.len())
}

/// The number of bytes two byte strings open with in common, compared eight at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let len = a.len().min(b.len());
    let mut at = 0;
    while let (Some(x), Some(y)) = (a[at..len].first_chunk::<8>(), b[at..len].first_chunk::<8>()) {
        let differ = u64::from_le_bytes(*x) ^ u64::from_le_bytes(*y);
        if differ != 0 {
            return at + (differ.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + a[at..len]
        .iter()
        .zip(&b[at..len])
        .take_while(|(x, y)| x == y)
        .count()
}

/// The byte offset `n` characters after byte offset `from` of `text`; the end of `text` when
/// it has fewer.
fn advance(text: &str, from: usize, n: usize) -> usize {
    // Whole characters are stepped over by their lead byte's length (one step for an
    // ideograph's three bytes) rather than decoded: columns are mapped to raw text all along
    // the lines of every report.
    let bytes = text.as_bytes();
    let mut at = from;
    for _ in 0..n {
        let Some(&lead) = bytes.get(at) else {
            return text.len();
        };
        at += usize::from(UTF8_LEN[usize::from(lead)]);
    }
    at.min(text.len())
}

/// The length of the UTF-8 sequence a byte starts (1 for a continuation byte, which a
/// character boundary never is).
static UTF8_LEN: [u8; 256] = {
    let mut len = [1u8; 256];
    let mut b = 0xC0;
    while b < 0x100 {
        len[b] = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        b += 1;
    }
    len
};

/// Lines longer than this many bytes get [`Marks`]; shorter ones are counted from their start,
/// which costs less than building marks for the paragraphs of an ordinary report, and bounds
/// the work of a column to this many bytes.
const LONG_LINE: usize = 4096;

/// A long line has a [`Mark`] at every this many characters.
pub const MARK_STEP: usize = 64;

/// Where the character with index `k * MARK_STEP` of a line starts, in bytes from the start of
/// the line, in the raw and in the folded text.
#[derive(Debug, Clone, Copy)]
struct Mark {
    raw: usize,
    folded: usize,
}

/// The [`Mark`]s of every long line of a document.
#[derive(Debug, Clone, Default)]
struct Marks {
    /// `(line number, first index in marks)` of each long line, in line order.
    lines: Vec<(u32, usize)>,
    marks: Vec<Mark>,
}

impl Marks {
    fn of(doc: &Document) -> Marks {
        let mut out = Marks::default();
        for line in doc.lines().filter(|l| l.folded.len() > LONG_LINE) {
            out.lines.push((line.no, out.marks.len()));
            // Folding maps every character to one character: the two texts step together.
            let raw = line.raw.char_indices().map(|(i, _)| i);
            let folded = line.folded.char_indices().map(|(i, _)| i);
            for (raw, folded) in raw.zip(folded).step_by(MARK_STEP) {
                out.marks.push(Mark { raw, folded });
            }
        }
        out
    }

    /// The marks of line `no`, if it is a long line.
    fn of_line(&self, no: u32) -> Option<&[Mark]> {
        let at = self.lines.binary_search_by_key(&no, |&(n, _)| n).ok()?;
        let start = self.lines[at].1;
        let end = self
            .lines
            .get(at + 1)
            .map_or(self.marks.len(), |&(_, first)| first);
        Some(&self.marks[start..end])
    }
}

impl Document {
    /// Builds a document from decoded text. `\r\n` and lone `\r` end lines like `\n`.
    pub fn new(text: &str) -> Document {
        let raw = if has_carriage_return(text) {
            normalise_line_ends(text)
        } else {
            text.to_string()
        };
        Document::build(raw)
    }

    /// Builds a document from decoded text it takes over: the text is not copied unless its
    /// line endings need normalising.
    pub fn from_string(text: String) -> Document {
        let raw = if has_carriage_return(&text) {
            normalise_line_ends(&text)
        } else {
            text
        };
        Document::build(raw)
    }

    /// Builds a document, finding the bytes that need a look 32 bytes a step where the
    /// processor has AVX2 (asked once and remembered by the standard library), else 16.
    fn build(raw: String) -> Document {
        #[cfg(target_arch = "x86_64")]
        if let Some(avx2) = Avx2::detect() {
            return avx2.build(raw);
        }
        Document::build_with(raw, Narrow)
    }

    /// [`Document::build`] with the masks of `M`. Inlined into each caller, so that it is
    /// compiled for the caller's instructions (AVX2 for [`Avx2::build`]).
    #[inline(always)]
    fn build_with<M: Masker>(raw: String, masker: M) -> Document {
        // One pass over the bytes: every character that folds is a 2- or 3-byte sequence
        // replaced by one ASCII byte, everything else is copied as is. This runs on every
        // report, so only the bytes that need a look ([`Attention`]: line ends, `[` and the
        // lead bytes of characters that may fold) are visited, found a block of bytes a step;
        // none of them is a continuation byte, so each is where a character starts. The
        // folded copy is built as a `String` from slices of `raw` (all cut at character
        // boundaries) so the text is not validated a second time.
        let bytes = raw.as_bytes();
        let mut folded = String::with_capacity(bytes.len());
        // The lines are counted first (a vector count, a fraction of an instruction a byte):
        // a guess grown by doubling copies the line table on every report whose lines are
        // shorter than guessed (a table written a cell a line), and holds up to twice the
        // memory on a file of millions of short lines.
        let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
        let (mut raw_start, mut folded_start) = (0, 0);
        // The run of raw bytes not yet copied: it goes on across line ends, which are copied
        // as they are, so a line costs no copy of its own (a table written a cell a line has
        // a line every few bytes); a place in the run is as far from the folded text's end
        // as from the run's start.
        let mut run_start = 0;
        // Whether the folded text may hold a bookmark's opening bracket: a `[` written, or a
        // full-width one folded. Most reports have none and are not searched for bookmarks.
        let mut bracket = false;
        let mut attention = Attention::of(bytes, masker);
        for i in attention.by_ref() {
            match bytes[i] {
                b'\n' => {
                    let folded_end = folded.len() + (i - run_start);
                    lines.push(LineRanges {
                        raw: raw_start..i,
                        folded: folded_start..folded_end,
                        facts: LineFacts::default(),
                    });
                    raw_start = i + 1;
                    folded_start = folded_end + 1;
                }
                b'[' => bracket = true,
                // A character that does not fold stays in the current run.
                _ => {
                    if let Some((c, len)) = fold_sequence(&bytes[i..]) {
                        bracket |= c == '[';
                        folded.push_str(&raw[run_start..i]);
                        folded.push(c);
                        run_start = i + len;
                    }
                }
            }
        }
        folded.push_str(&raw[run_start..]);
        lines.push(LineRanges {
            raw: raw_start..bytes.len(),
            folded: folded_start..folded.len(),
            facts: LineFacts::default(),
        });
        // A final line ending does not start another line.
        if lines.len() > 1 && lines.last().is_some_and(|l| l.raw.is_empty()) {
            lines.pop();
        }
        if is_traditional(&raw) {
            fold_traditional(&mut folded);
        }
        if bracket && BOOKMARK_FINDER.find(folded.as_bytes()).is_some() {
            for line in &lines {
                blank_converter_markers(&mut folded, line.folded.clone());
            }
        }
        // The facts read the folded text as it finally is (a bookmark blanked out can leave a
        // line blank), and the tabs from the raw text. A text without tabs (the lines layout)
        // is not searched for them, nor are its lines compared with where the next one is.
        if attention.saw_tab() {
            let mut tabs = NextTab::of(bytes, masker);
            for line in &mut lines {
                let tab = tabs.is_before(line.raw.end);
                line.set_facts(&folded, tab);
            }
        } else {
            for line in &mut lines {
                line.set_facts(&folded, false);
            }
        }
        Document {
            raw,
            folded,
            lines,
            marks: OnceLock::new(),
        }
    }

    /// The number of lines.
    pub fn line_count(&self) -> u32 {
        self.lines.len() as u32
    }

    /// The line with 1-based number `no`, if it exists.
    // The readers ask for lines one by one all along every document (the table finder and the
    // grid by number): inlined, a line is built where it is used instead of returned through
    // memory by a call.
    #[inline]
    pub fn line(&self, no: u32) -> Option<Line<'_>> {
        let index = (no as usize).checked_sub(1)?;
        let ranges = self.lines.get(index)?;
        Some(self.line_of(no, ranges))
    }

    /// The folded text of the line with 1-based number `no`, if it exists: for a reader that
    /// decides from a line's facts and folded text whether to read it further, without making
    /// the whole [`Line`].
    #[inline]
    pub fn folded_line(&self, no: u32) -> Option<&str> {
        let ranges = self.lines.get((no as usize).checked_sub(1)?)?;
        self.folded.get(ranges.folded.clone())
    }

    /// The folded bytes of the line with 1-based number `no` (empty when it does not exist): for
    /// a reader that decides from a line's first bytes whether to read it, without the
    /// character-boundary checks of slicing the text.
    #[inline]
    pub fn folded_bytes(&self, no: u32) -> &[u8] {
        (no as usize)
            .checked_sub(1)
            .and_then(|index| self.lines.get(index))
            .and_then(|ranges| self.folded.as_bytes().get(ranges.folded.clone()))
            .unwrap_or_default()
    }

    /// The line numbered `no` whose ranges are `ranges`.
    #[inline]
    fn line_of(&self, no: u32, ranges: &LineRanges) -> Line<'_> {
        Line {
            no,
            raw: &self.raw[ranges.raw.clone()],
            folded: &self.folded[ranges.folded.clone()],
            facts: ranges.facts,
            doc: Some(self),
        }
    }

    /// All lines in order.
    pub fn lines(&self) -> impl DoubleEndedIterator<Item = Line<'_>> + ExactSizeIterator + '_ {
        self.lines
            .iter()
            .enumerate()
            .map(|(i, r)| self.line_of(i as u32 + 1, r))
    }

    /// The facts of all lines in order, without their text: a pass that decides most lines
    /// from their facts alone (blank, tab) slices only the others.
    pub fn line_facts(&self) -> impl ExactSizeIterator<Item = LineFacts> + '_ {
        self.lines.iter().map(|r| r.facts)
    }

    /// Lines `first..=last` (1-based, clamped to the document).
    pub fn lines_in(&self, first: u32, last: u32) -> impl Iterator<Item = Line<'_>> + '_ {
        self.ranges_in(first, last)
            .iter()
            .zip(first.max(1)..)
            .map(|(r, no)| self.line_of(no, r))
    }

    /// The facts of lines `first..=last` (1-based, clamped to the document), in order: for a
    /// reader of a part of the document that turns most lines away by their facts.
    pub fn facts_in(&self, first: u32, last: u32) -> impl Iterator<Item = &LineFacts> + '_ {
        self.ranges_in(first, last).iter().map(|r| &r.facts)
    }

    /// The ranges of lines `first..=last` (1-based, clamped to the document); empty when
    /// `first` is past `last`.
    fn ranges_in(&self, first: u32, last: u32) -> &[LineRanges] {
        let first = first.max(1);
        let last = last.min(self.line_count());
        self.lines
            .get(first as usize - 1..last as usize)
            .unwrap_or_default()
    }

    /// Whether the raw line numbered `no` ends with a character that is not whitespace, so that
    /// trimming its end leaves it as it is (false when it is empty or does not exist): for a
    /// reader that decides from this and the line's facts whether to take it as written,
    /// without making the [`Line`]. Told from the last bytes when they are ASCII or an
    /// ideograph (lead byte 0xE4–0xE9: U+4000–U+9FFF, none of them whitespace); otherwise the
    /// last character is decoded.
    #[inline]
    pub fn line_ends_unspaced(&self, no: u32) -> bool {
        let Some(ranges) = (no as usize)
            .checked_sub(1)
            .and_then(|index| self.lines.get(index))
        else {
            return false;
        };
        match self
            .raw
            .as_bytes()
            .get(ranges.raw.clone())
            .unwrap_or_default()
        {
            [] => false,
            [.., last] if last.is_ascii() => !char::from(*last).is_whitespace(),
            [.., 0xE4..=0xE9, _, _] => true,
            _ => self
                .raw
                .get(ranges.raw.clone())
                .and_then(|line| line.chars().next_back())
                .is_some_and(|c| !c.is_whitespace()),
        }
    }

    /// The facts of every line, in order (line `i + 1`'s at index `i`): for a reader that
    /// turns most lines away by their facts, without making each [`Line`].
    pub fn facts(&self) -> impl ExactSizeIterator<Item = &LineFacts> + '_ {
        self.lines.iter().map(|r| &r.facts)
    }

    /// The raw text of lines `first..=last` (1-based, clamped to the document) as it stands
    /// in the document: the lines joined by their `\n`s. Empty when `first` is past `last`.
    pub fn raw_of_lines(&self, first: u32, last: u32) -> &str {
        let first = first.max(1);
        let last = last.min(self.line_count());
        match (
            self.lines.get(first as usize - 1),
            self.lines.get((last as usize).wrapping_sub(1)),
        ) {
            (Some(from), Some(to)) if first <= last => &self.raw[from.raw.start..to.raw.end],
            _ => "",
        }
    }

    /// The lines holding the byte offsets `found` of the folded text (increasing, none on a
    /// line break), in order, each once: a whole-text search turned into the few lines a
    /// reader then has to read.
    pub fn lines_at<'d>(
        &'d self,
        found: impl IntoIterator<Item = usize> + 'd,
    ) -> impl Iterator<Item = Line<'d>> + 'd {
        self.lines_holding(found, |r| r.folded.end)
    }

    /// [`Document::lines_at`] for byte offsets of the raw text.
    pub fn lines_at_raw<'d>(
        &'d self,
        found: impl IntoIterator<Item = usize> + 'd,
    ) -> impl Iterator<Item = Line<'d>> + 'd {
        self.lines_holding(found, |r| r.raw.end)
    }

    /// The lines holding the offsets `found` (increasing, none on a line break) of the text
    /// whose line ends `end` gives, in order, each once.
    fn lines_holding<'d>(
        &'d self,
        found: impl IntoIterator<Item = usize> + 'd,
        end: impl Fn(&LineRanges) -> usize + 'd,
    ) -> impl Iterator<Item = Line<'d>> + 'd {
        let mut found = found.into_iter();
        // The index of the first line not given yet; offsets before its start are passed.
        let mut next: usize = 0;
        std::iter::from_fn(move || {
            let from = next
                .checked_sub(1)
                .map_or(0, |given| end(&self.lines[given]));
            let at = found.by_ref().find(|&at| at >= from)?;
            let index = next + self.lines[next..].iter().position(|r| end(r) > at)?;
            next = index + 1;
            self.line(index as u32 + 1)
        })
    }

    /// The whole raw text, lines joined by `\n`.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The whole folded text, lines joined by `\n`.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// Whether the document holds no visible character.
    pub fn is_blank(&self) -> bool {
        self.folded.trim().is_empty()
    }
}

/// Whether [`Document::build`] looks at a byte: a line end, a `[` (a bookmark may open
/// there), or the lead byte of a character that may fold (U+00A0 starts with 0xC2; the spaces,
/// radicals, U+3000, compatibility ideographs, U+FEFF and full-width forms with 0xE2, 0xE3 and
/// 0xEF). None of them is a continuation byte (0x80–0xBF): in UTF-8 each starts a character.
#[cfg(any(test, not(target_arch = "x86_64")))]
const fn needs_look(b: u8) -> bool {
    matches!(b, b'\n' | b'[' | 0xC2 | 0xE2 | 0xE3 | 0xEF)
}

/// The lines that hold a tab, told line after line by where the text's next tab is. Tabs are
/// not among the bytes the build looks at ([`needs_look`]): a table row has one every few
/// bytes (60 % of the looks in the rows layout), and the dispatch on each, a branch the mix of
/// tabs and line ends made hard to foresee, cost about as much as the rest of the build's
/// looks together. A line's tab is found by one search, and the search for the next starts
/// after the line's end: a search a line that holds tabs. A text that holds none is told by
/// the build's blocks ([`Attention::saw_tab`]) and is not searched at all.
struct NextTab<'a, M> {
    bytes: &'a [u8],
    masker: M,
    /// The offset of the first tab not before the lines asked so far ([`usize::MAX`]: none).
    at: usize,
}

impl<'a, M: Masker> NextTab<'a, M> {
    fn of(bytes: &'a [u8], masker: M) -> NextTab<'a, M> {
        NextTab {
            bytes,
            masker,
            at: next_tab(bytes, 0, masker),
        }
    }

    /// Whether the next line, which ends at `end` (its line end, or the text's end), holds a
    /// tab. Asked of the lines in order, each once.
    #[inline(always)]
    fn is_before(&mut self, end: usize) -> bool {
        if self.at >= end {
            return false;
        }
        self.at = next_tab(self.bytes, end + 1, self.masker);
        true
    }
}

/// The offset of the first tab of `bytes` from `from`, [`usize::MAX`] when there is none.
// Asked after every line that holds a tab, so the usual places are tried first: the first
// byte (in cells a tab opens the line after most lines that hold one), then the block of
// bytes from `from` with the build's masker (a table's next tab is usually a few bytes on).
// A `memchr` call costs some sixty instructions before its first comparison, which on a
// text of short lines cost more than the looks it replaced, so it is left for the tabs
// farther on, out of line.
#[inline(always)]
fn next_tab<M: Masker>(bytes: &[u8], from: usize, masker: M) -> usize {
    if bytes.get(from) == Some(&b'\t') {
        return from;
    }
    match bytes.get(from..from + M::WIDTH) {
        Some(block) => match masker.masks(block).tabs {
            0 => far_tab(bytes, from + M::WIDTH),
            near => from + near.trailing_zeros() as usize,
        },
        None => far_tab(bytes, from),
    }
}

/// The offset of the first tab of `bytes` from `from`, [`usize::MAX`] when there is none: the
/// search [`next_tab`] leaves to `memchr`.
#[inline(never)]
fn far_tab(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| memchr::memchr(b'\t', rest))
        .map_or(usize::MAX, |k| from + k)
}

/// The offsets of the bytes of a text that [`needs_look`] says need a look, in order. They are
/// found a block of bytes a step (a mask of the block's bytes that need a look, [`Masker`])
/// and the mask's bits are then taken one by one: in Chinese text such a byte comes every ten
/// bytes or so (full-width punctuation, line ends), so a search restarted after each
/// would read most blocks twice.
struct Attention<'a, M> {
    bytes: &'a [u8],
    masker: M,
    /// The offset of the block `mask` describes.
    base: usize,
    /// One bit per byte of the block, from its first: set for the bytes still to be given.
    mask: u32,
    /// The tabs of the blocks masked so far, ORed at their places in the block: not zero once
    /// a tab has been seen. Tabs are not given, but whether the text holds any spares the
    /// lines layout's texts, which hold none, a search for them.
    tabs: u32,
}

/// The bytes [`Narrow`] masks at a time.
const BLOCK: usize = 16;

/// The most bytes a [`Masker`] masks at a time.
const WIDEST: usize = 32;

/// Masks the bytes of a block that need a look, and its tabs.
trait Masker: Copy {
    /// The bytes of a block: at most [`WIDEST`].
    const WIDTH: usize;

    /// The masks of the first [`Masker::WIDTH`] bytes of `block` (none when it is shorter).
    fn masks(self, block: &[u8]) -> BlockMasks;
}

/// Two masks of a block's bytes, one bit per byte from its first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct BlockMasks {
    /// The bytes that need a look ([`needs_look`]).
    looks: u32,
    /// The tabs.
    tabs: u32,
}

/// Masks sixteen bytes at a time ([`mask_of`]), with what every processor has.
#[derive(Clone, Copy)]
struct Narrow;

impl Masker for Narrow {
    const WIDTH: usize = BLOCK;

    #[inline(always)]
    fn masks(self, block: &[u8]) -> BlockMasks {
        block
            .first_chunk::<BLOCK>()
            .map_or(BlockMasks::default(), mask_of)
    }
}

impl<'a, M: Masker> Attention<'a, M> {
    fn of(bytes: &'a [u8], masker: M) -> Attention<'a, M> {
        let first = block_masks(bytes, 0, masker);
        Attention {
            bytes,
            masker,
            base: 0,
            mask: first.looks,
            tabs: first.tabs,
        }
    }

    /// Whether the text holds a tab; asked once all the bytes have been given.
    fn saw_tab(&self) -> bool {
        self.tabs != 0
    }
}

impl<M: Masker> Iterator for Attention<'_, M> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.base += M::WIDTH;
            if self.base >= self.bytes.len() {
                return None;
            }
            let masks = block_masks(self.bytes, self.base, self.masker);
            self.mask = masks.looks;
            self.tabs |= masks.tabs;
        }
        let at = self.base + self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(at)
    }
}

/// The masks of the block of bytes from `from` (fewer at the end of the text: the rest of the
/// block is read as spaces, neither a tab nor a byte that needs a look).
#[inline(always)]
fn block_masks<M: Masker>(bytes: &[u8], from: usize, masker: M) -> BlockMasks {
    let rest = bytes.get(from..).unwrap_or_default();
    if rest.len() >= M::WIDTH {
        return masker.masks(rest);
    }
    let mut block = [b' '; WIDEST];
    block[..rest.len()].copy_from_slice(rest);
    masker.masks(&block)
}

/// Masks 32 bytes at a time with AVX2. A value exists only where the processor has AVX2
/// ([`Avx2::detect`]): what makes its instructions safe to run.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
struct Avx2 {
    _detected: (),
}

#[cfg(target_arch = "x86_64")]
impl Avx2 {
    /// The masker, if the processor has AVX2.
    fn detect() -> Option<Avx2> {
        std::arch::is_x86_feature_detected!("avx2").then_some(Avx2 { _detected: () })
    }

    /// [`Document::build`] with this masker, compiled for AVX2.
    fn build(self, raw: String) -> Document {
        #[target_feature(enable = "avx2")]
        fn avx2(raw: String, masker: Avx2) -> Document {
            Document::build_with(raw, masker)
        }
        // SAFETY: an `Avx2` exists only where the processor has AVX2.
        unsafe { avx2(raw, self) }
    }
}

#[cfg(target_arch = "x86_64")]
impl Masker for Avx2 {
    const WIDTH: usize = WIDEST;

    // Always inlined: it is asked at every block of the build and at every line that holds
    // a tab, and left to itself the compiler made it a call.
    #[inline(always)]
    fn masks(self, block: &[u8]) -> BlockMasks {
        #[target_feature(enable = "avx2")]
        fn avx2(block: &[u8; WIDEST]) -> BlockMasks {
            use std::arch::x86_64::{
                _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8,
                _mm256_or_si256, _mm256_set1_epi8,
            };
            // SAFETY: `block` is 32 readable bytes; the load needs no alignment.
            let v = unsafe { _mm256_loadu_si256(block.as_ptr().cast()) };
            let is = |b: u8| _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b as i8));
            // 0xE2 and 0xE3 differ in their last bit only.
            let e2_e3 = _mm256_cmpeq_epi8(
                _mm256_and_si256(v, _mm256_set1_epi8(0xFEu8 as i8)),
                _mm256_set1_epi8(0xE2u8 as i8),
            );
            let any = _mm256_or_si256(
                _mm256_or_si256(is(b'\n'), _mm256_or_si256(is(b'['), is(0xC2))),
                _mm256_or_si256(e2_e3, is(0xEF)),
            );
            BlockMasks {
                looks: _mm256_movemask_epi8(any) as u32,
                tabs: _mm256_movemask_epi8(is(b'\t')) as u32,
            }
        }
        match block.first_chunk::<WIDEST>() {
            // SAFETY: an `Avx2` exists only where the processor has AVX2.
            Some(block) => unsafe { avx2(block) },
            None => BlockMasks::default(),
        }
    }
}

/// The masks of a block, with SSE2 (every x86-64 processor has it): one comparison a kind of
/// byte for the sixteen bytes together.
#[cfg(target_arch = "x86_64")]
fn mask_of(block: &[u8; BLOCK]) -> BlockMasks {
    #[target_feature(enable = "sse2")]
    fn sse2(block: &[u8; BLOCK]) -> BlockMasks {
        use std::arch::x86_64::{
            _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8,
        };
        // SAFETY: `block` is sixteen readable bytes; the load needs no alignment.
        let v = unsafe { _mm_loadu_si128(block.as_ptr().cast()) };
        let is = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
        // 0xE2 and 0xE3 differ in their last bit only.
        let e2_e3 = _mm_cmpeq_epi8(
            _mm_and_si128(v, _mm_set1_epi8(0xFEu8 as i8)),
            _mm_set1_epi8(0xE2u8 as i8),
        );
        let any = _mm_or_si128(
            _mm_or_si128(is(b'\n'), _mm_or_si128(is(b'['), is(0xC2))),
            _mm_or_si128(e2_e3, is(0xEF)),
        );
        BlockMasks {
            looks: _mm_movemask_epi8(any) as u32,
            tabs: _mm_movemask_epi8(is(b'\t')) as u32,
        }
    }
    // SAFETY: SSE2 is part of the x86-64 baseline: every processor this code runs on has it.
    unsafe { sse2(block) }
}

/// The masks of a block, a byte at a time.
#[cfg(not(target_arch = "x86_64"))]
fn mask_of(block: &[u8; BLOCK]) -> BlockMasks {
    mask_by_bytes(block)
}

/// The masks of a block, each byte asked whether it [`needs_look`] and whether it is a tab:
/// what [`mask_of`] computes (and its definition in the tests).
#[cfg(any(test, not(target_arch = "x86_64")))]
fn mask_by_bytes(block: &[u8; BLOCK]) -> BlockMasks {
    let bit = |yes: bool, k: usize| u32::from(yes) << k;
    block
        .iter()
        .enumerate()
        .fold(BlockMasks::default(), |masks, (k, &b)| BlockMasks {
            looks: masks.looks | bit(needs_look(b), k),
            tabs: masks.tabs | bit(b == b'\t', k),
        })
}

/// Whether text has a carriage return (a memchr: this runs over every report).
fn has_carriage_return(text: &str) -> bool {
    memchr::memchr(b'\r', text.as_bytes()).is_some()
}

/// Text with `\r\n` and lone `\r` written `\n`.
fn normalise_line_ends(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Finds [`BOOKMARK_OPEN`], built once: every document is searched for it.
static BOOKMARK_FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(BOOKMARK_OPEN));

/// Whether `text` has more than `n` characters. Used on whole lines and cells for length
/// limits (the table finder asks it of every line), so it decides from the byte length when it
/// can (a character is 1 to 4 bytes); otherwise the text is at most `4n` bytes and its
/// characters are counted by [`char_count`] rather than decoded one by one.
pub fn more_chars_than(text: &str, n: usize) -> bool {
    text.len() > n && (text.len() > n.saturating_mul(4) || char_count(text.as_bytes()) > n)
}

/// The number of characters of UTF-8 `bytes`: the bytes that are not continuation bytes,
/// counted in a loop the compiler turns into vector instructions rather than decoded (the
/// table readers count the characters of every cell and table line).
pub fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| usize::from((b as i8) >= -0x40)).sum()
}

/// The opening of a DOCX bookmark left by converters: `[bookmark: _Hlk66973412]`.
pub const BOOKMARK_OPEN: &str = "[bookmark:";

/// Blanks out, in the folded copy of a line, the bookmarks converters leave behind, so that
/// labels and values read as if they were not there. The raw line keeps them (rule
/// `conversion-artifact` reports them); blanking keeps the character count unchanged.
fn blank_converter_markers(folded: &mut String, line: Range<usize>) {
    let mut from = line.start;
    while let Some(open) = folded[from..line.end].find(BOOKMARK_OPEN) {
        let open = from + open;
        let Some(close) = folded[open..line.end].find(']') else {
            return;
        };
        let close = open + close + 1;
        // Blanked in place, byte for byte: the line ranges of the document stay valid. Real
        // bookmark names are ASCII; one that is not is left as written.
        if folded[open..close].is_ascii() {
            folded.replace_range(open..close, &" ".repeat(close - open));
        }
        from = close;
    }
}

/// The folded character of the character that starts `bytes`, and the character's length in
/// bytes, when it folds (see [`fold_char`]: the same mapping, on UTF-8).
// Asked by the document's build of every lead byte that may fold (a few hundred a report, a
// third of them 「。」「、」 that do not): inlined there, where the lead byte is known already,
// the call and its returned pair cost as much as the look.
#[inline(always)]
fn fold_sequence(bytes: &[u8]) -> Option<(char, usize)> {
    match *bytes {
        [0xC2, 0xA0, ..] => Some((' ', 2)),
        // U+2000–U+200B, U+202F, U+205F
        [0xE2, 0x80, 0x80..=0x8B, ..] | [0xE2, 0x80, 0xAF, ..] | [0xE2, 0x81, 0x9F, ..] => {
            Some((' ', 3))
        }
        // U+2E80–U+2FFF: the two radicals of the supplement that have a unified form, and the
        // Kangxi radicals.
        [0xE2, b1 @ 0xBA..=0xBF, b2, ..] => {
            let c = fold_ideograph(three_byte(0xE2, b1, b2));
            (c != '\0').then_some((c, 3))
        }
        // U+3000
        [0xE3, 0x80, 0x80, ..] => Some((' ', 3)),
        // U+F900–U+FAFF: CJK compatibility ideographs.
        [0xEF, b1 @ 0xA4..=0xAB, b2, ..] => {
            let c = fold_ideograph(three_byte(0xEF, b1, b2));
            (c != '\0').then_some((c, 3))
        }
        // U+FEFF
        [0xEF, 0xBB, 0xBF, ..] => Some((' ', 3)),
        // U+FF01–U+FF3F → 0x21–0x5F
        [0xEF, 0xBC, c @ 0x81..=0xBF, ..] => Some((char::from(c - 0x60), 3)),
        // U+FF40–U+FF5E → 0x60–0x7E
        [0xEF, 0xBD, c @ 0x80..=0x9E, ..] => Some((char::from(c - 0x20), 3)),
        _ => None,
    }
}

/// The code point of a three-byte UTF-8 sequence.
fn three_byte(b0: u8, b1: u8, b2: u8) -> u32 {
    (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F)
}

/// The unified ideograph of a radical or compatibility ideograph code point, or `'\0'` when
/// the code point does not fold.
fn fold_ideograph(cp: u32) -> char {
    let table = |table: &[char], first: u32| {
        cp.checked_sub(first)
            .and_then(|i| table.get(i as usize))
            .copied()
            .filter(|c| *c as u32 != cp)
    };
    let folded = match cp {
        0x2E9F => Some('母'),
        0x2EF3 => Some('龟'),
        0x2F00..=0x2FDF => table(&compat::KANGXI, compat::KANGXI_FIRST),
        0xF900..=0xFAFF => table(&compat::COMPATIBILITY, compat::COMPATIBILITY_FIRST),
        _ => None,
    };
    folded.unwrap_or('\0')
}

/// Folds one character for comparison; always exactly one character out.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}'
        | '\u{00A0}'
        | '\u{2000}'..='\u{200B}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{FEFF}' => ' ',
        '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' => match fold_ideograph(c as u32) {
            '\0' => c,
            folded => folded,
        },
        _ => c,
    }
}

/// Whether a text is written in Traditional characters: it names the disclosure in its
/// Traditional form (「政府資訊公開」, 「政府信息公開」), as every such report does. One search,
/// since it runs over every report.
pub fn is_traditional(text: &str) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("公開"));
    FINDER.find(text.as_bytes()).is_some()
}

/// Folds, in place, the Traditional forms of the template's vocabulary to Simplified ones:
/// 「資訊」 (Traditional usage for 信息) as a word, then character by character. Every
/// replacement has the same length in bytes, so line ranges stay valid.
fn fold_traditional(folded: &mut String) {
    if folded.contains("資訊") {
        *folded = folded.replace("資訊", "信息");
    }
    *folded = folded.chars().map(simplified).collect();
}

/// The Simplified form of a Traditional character of the template's vocabulary. Label keys
/// fold every character through it, so a bit per CJK ideograph answers first whether the
/// table need be searched at all.
pub fn simplified(c: char) -> char {
    if !is_listed_traditional(c as u32) {
        return c;
    }
    match compat::TRADITIONAL.binary_search_by_key(&c, |(t, _)| *t) {
        Ok(i) => compat::TRADITIONAL[i].1,
        Err(_) => c,
    }
}

/// Whether a code point is a Traditional character of the table ([`TRADITIONAL_BITS`]).
#[inline]
fn is_listed_traditional(cp: u32) -> bool {
    cp.checked_sub(CJK_FIRST).is_some_and(|index| {
        TRADITIONAL_BITS
            .get(index as usize / 64)
            .is_some_and(|word| word & (1 << (index % 64)) != 0)
    })
}

/// The first CJK unified ideograph; every Traditional character of the table is at or after it.
const CJK_FIRST: u32 = 0x4E00;

/// One bit per ideograph U+4E00–U+9FFF: set for the Traditional characters of the table.
static TRADITIONAL_BITS: [u64; 328] = {
    let mut bits = [0u64; 328];
    let mut i = 0;
    while i < compat::TRADITIONAL.len() {
        let index = compat::TRADITIONAL[i].0 as u32 - CJK_FIRST;
        bits[index as usize / 64] |= 1 << (index % 64);
        i += 1;
    }
    bits
};

/// Folds a string (see [`fold_char`]).
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// The comparison key of a table label or heading: folded (Traditional forms of the template's
/// vocabulary included, 「資訊」 read as 「信息」), with all whitespace and quotation marks
/// removed, `1、`/`1．` written `1.`, and trailing colons dropped.
pub fn label_key(text: &str) -> String {
    label_key_cow(text).into_owned()
}

/// Whether a label is its own key but for trailing colons, seen from its bytes: it holds only
/// ASCII characters that are neither whitespace nor quotes, and CJK ideographs (U+4E00–U+9FFF)
/// without a Simplified form in the table, 資 left out (「資訊」 is read as a word). Most
/// headings and labels are, and are then not decoded and folded a character at a time.
fn is_own_key(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            if is_ascii_whitespace_char(b) || b == b'"' || b == b'\'' {
                return false;
            }
            at += 1;
            continue;
        }
        let Some(&[b0 @ 0xE4..=0xE9, b1, b2]) = bytes[at..].first_chunk::<3>() else {
            return false;
        };
        let cp = three_byte(b0, b1, b2);
        if cp < CJK_FIRST || cp == '資' as u32 || is_listed_traditional(cp) {
            return false;
        }
        at += 3;
    }
    true
}

/// The comparison key of a label or heading ([`label_key`]), borrowed when it is the text
/// itself (or the text without trailing colons): a heading written as the template writes it
/// is then keyed without a copy.
pub fn label_key_cow(text: &str) -> Cow<'_, str> {
    if is_own_key(text) {
        return Cow::Borrowed(text.trim_end_matches([':', '：']));
    }
    // Made at the first character the key does not take as written.
    let mut key: Option<String> = None;
    let mut traditional_word = false;
    // Whether the last character put in the key is an ASCII digit (then 「、」 and 「．」 read `.`).
    let mut after_digit = false;
    // The start of the run of characters that go into the key as they are written: most of a
    // label (the table reader keys cells, the section finder titles) is copied in one piece
    // rather than a character at a time.
    let mut run = 0;
    for (at, c) in text.char_indices() {
        // Most of a label is CJK ideographs: they do not fold, are neither spacing nor quotes,
        // and only their Simplified form is looked up.
        let out = if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            let simple = simplified(c);
            traditional_word |= simple == '資';
            Some(simple)
        } else {
            let folded = simplified(fold_char(c));
            traditional_word |= folded == '資';
            match folded {
                folded if folded.is_whitespace() => None,
                '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」' | '『' | '』' => None,
                '、' | '．' if after_digit => Some('.'),
                _ => Some(folded),
            }
        };
        if out != Some(c) {
            let key = key.get_or_insert_with(|| String::with_capacity(text.len()));
            key.push_str(&text[run..at]);
            key.extend(out);
            run = at + c.len_utf8();
        }
        if let Some(out) = out {
            after_digit = out.is_ascii_digit();
        }
    }
    let key = match key {
        // Every character was taken as written.
        None => Cow::Borrowed(text.trim_end_matches([':', '：'])),
        Some(mut key) => {
            key.push_str(&text[run..]);
            while key.ends_with([':', '：']) {
                key.pop();
            }
            Cow::Owned(key)
        }
    };
    if traditional_word && key.contains("資訊") {
        return Cow::Owned(key.replace("資訊", "信息"));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_told_from_the_bytes_of_every_character() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let alone = c.to_string();
            let (after, before) = (format!("政{c}"), format!("{c}政"));
            let expected = c.is_whitespace();
            assert_eq!(starts_with_whitespace(alone.as_bytes()), expected, "{c:?}");
            assert_eq!(starts_with_whitespace(before.as_bytes()), expected, "{c:?}");
            assert_eq!(ends_with_whitespace(alone.as_bytes()), expected, "{c:?}");
            assert_eq!(ends_with_whitespace(after.as_bytes()), expected, "{c:?}");
        }
        assert!(!starts_with_whitespace(b"") && !ends_with_whitespace(b""));
    }

    #[test]
    fn characters_are_counted_as_decoded() {
        let alphabet = ['a', '\u{e9}', '政', '𠀀', '\t'];
        for text in crate::document::texts_up_to(&alphabet, 5) {
            assert_eq!(char_count(text.as_bytes()), text.chars().count());
            for n in 0..8 {
                let decoded = text.chars().nth(n).is_some();
                assert_eq!(more_chars_than(&text, n), decoded, "{text:?} {n}");
            }
        }
    }

    #[test]
    fn line_endings_of_every_kind_end_lines() {
        let doc = Document::new("a\r\nb\rc\nd\n");
        let lines: Vec<_> = doc.lines().map(|l| l.raw).collect();
        assert_eq!(lines, ["a", "b", "c", "d"]);
        assert_eq!(doc.line(3).map(|l| l.no), Some(3));
        assert!(doc.line(5).is_none());
        assert!(doc.line(0).is_none());
    }

    #[test]
    fn lines_at_maps_offsets_to_their_lines_once() {
        let doc = Document::new("ab\n\ncd\nef");
        // Offsets 0 and 1 are on line 1, 4 and 5 on line 3, 7 on line 4.
        let found: Vec<u32> = doc.lines_at([0, 1, 4, 5, 7]).map(|l| l.no).collect();
        assert_eq!(found, [1, 3, 4]);
        assert_eq!(doc.lines_at([]).count(), 0);
        assert_eq!(doc.lines_at([100]).count(), 0);
        // In the raw text, 「　」 is three bytes (one in the folded): offsets 0–3 are on line
        // 1, 5 on line 2.
        let doc = Document::new("a\u{3000}\nb");
        let found: Vec<u32> = doc.lines_at_raw([0, 3, 5]).map(|l| l.no).collect();
        assert_eq!(found, [1, 2]);
        let found: Vec<u32> = doc.lines_at([0, 1, 3]).map(|l| l.no).collect();
        assert_eq!(found, [1, 2]);
    }

    #[test]
    fn raw_text_of_a_folded_range() {
        let doc = Document::new("统计期限为２０２３年　１月\n统计期限为2023年1月");
        let wide = doc.line(1).unwrap();
        let at = wide.folded.find("2023").unwrap();
        assert_eq!(wide.raw_of_folded(at, at + 4), "２０２３");
        assert_eq!(
            wide.raw_of_folded(at, wide.folded.len()),
            "２０２３年　１月"
        );
        assert_eq!(wide.raw_of_folded(at + 4, at), "");
        let narrow = doc.line(2).unwrap();
        assert_eq!(narrow.raw_of_folded(at, at + 7), "2023年");
        assert_eq!(narrow.raw_of_folded(at + 5, at + 7), "");
    }

    #[test]
    fn folding_keeps_character_positions() {
        let doc = Document::new("统计期限为２０２３年　１月（一）");
        let line = doc.line(1).unwrap();
        assert_eq!(line.folded, "统计期限为2023年 1月(一)");
        assert_eq!(line.raw.chars().count(), line.folded.chars().count());
        let at = line.folded.find("2023").unwrap();
        assert_eq!(line.column_of(at), 6);
        assert_eq!(line.raw_chars(5, 4), "２０２３");
    }

    #[test]
    fn label_keys_ignore_spacing_quotes_and_number_style() {
        assert_eq!(label_key("3. 危及“三安全一稳定”"), "3.危及三安全一稳定");
        assert_eq!(label_key("1、申请人无正当理由"), "1.申请人无正当理由");
        assert_eq!(label_key("第二十条 第（一）项"), "第二十条第(一)项");
        assert_eq!(label_key("（二）依申请公开："), "(二)依申请公开");
        assert_eq!(
            label_key("三、收到和處理政府資訊公開申請情況"),
            "三、收到和处理政府信息公开申请情况"
        );
        assert_eq!(label_key("⼀、总体情况"), "一、总体情况");
    }

    /// `label_key` as first written, character by character, which the quicker one must
    /// agree with.
    fn label_key_by_characters(text: &str) -> String {
        let mut key = String::new();
        let mut traditional_word = false;
        for c in text.chars().map(|c| simplified(fold_char(c))) {
            traditional_word |= c == '資';
            match c {
                c if c.is_whitespace() => {}
                '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」' | '『' | '』' => {}
                '、' | '．' if key.chars().last().is_some_and(|p| p.is_ascii_digit()) => {
                    key.push('.')
                }
                _ => key.push(c),
            }
        }
        while key.ends_with([':', '：']) {
            key.pop();
        }
        if traditional_word && key.contains("資訊") {
            key = key.replace("資訊", "信息");
        }
        key
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn label_keys_agree_with_folding_character_by_character(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::Just("資訊"), proptest::prelude::Just("處理"),
                    proptest::prelude::Just("公開"), proptest::prelude::Just("申请"),
                    proptest::prelude::Just("３、"), proptest::prelude::Just("1、"),
                    proptest::prelude::Just("“"), proptest::prelude::Just("」"),
                    proptest::prelude::Just("\u{3000}"), proptest::prelude::Just("：:"),
                    proptest::prelude::Just("⼀"), proptest::prelude::Just("祥"),
                    proptest::prelude::Just("\t"), proptest::prelude::Just("（二）"),
                    proptest::prelude::Just("𠀀"), proptest::prelude::Just("\u{9FFF}\u{4E00}"),
                    proptest::prelude::Just("'a\"Z"), proptest::prelude::Just("\u{85}\u{2028}"),
                    proptest::prelude::Just("．"), proptest::prelude::Just("２"),
                    proptest::prelude::Just("7"), proptest::prelude::Just(" "),
                    proptest::prelude::Just("\u{F966}"), proptest::prelude::Just("資"),
                    proptest::prelude::Just("总体情况"), proptest::prelude::Just("1.b:"),
                    proptest::prelude::Just("\u{b}"), proptest::prelude::Just("\u{4DFF}"),
                ],
                0..12,
            )
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(label_key(&text), label_key_by_characters(&text));
            proptest::prop_assert_eq!(label_key_cow(&text), label_key_by_characters(&text));
        }
    }

    #[test]
    fn lines_in_a_range_are_clamped_to_the_document() {
        let doc = Document::new("一\n二\n三\n四");
        for line in doc.lines() {
            assert_eq!(doc.folded_line(line.no), Some(line.folded));
        }
        assert_eq!(doc.folded_line(0), None);
        assert_eq!(doc.folded_line(5), None);
        for first in 0..7 {
            for last in 0..7 {
                let got: Vec<(u32, &str)> =
                    doc.lines_in(first, last).map(|l| (l.no, l.raw)).collect();
                let expected: Vec<(u32, &str)> = doc
                    .lines()
                    .filter(|l| (first..=last).contains(&l.no))
                    .map(|l| (l.no, l.raw))
                    .collect();
                assert_eq!(got, expected, "{first}..={last}");
                let facts: Vec<LineFacts> = doc.facts_in(first, last).copied().collect();
                let expected: Vec<LineFacts> = doc
                    .lines()
                    .filter(|l| (first..=last).contains(&l.no))
                    .map(|l| l.facts)
                    .collect();
                assert_eq!(facts, expected, "{first}..={last}");
            }
        }
    }

    #[test]
    fn line_facts_agree_with_trimming() {
        let leads = [
            "", " ", "\t", "\u{b}", "\u{c}", "\r", "\u{1c}", "\u{1f}", "\u{85}", "\u{2028}",
            "\u{3000}", "a", "#", "(", "一", "\u{4000}", "\u{9FFF}", "\u{A000}", "é", "𠀀", "ａ",
        ];
        // Three characters: the ASCII whitespace stepped over by bytes may be followed by any
        // other whitespace, and that by anything.
        for first in leads {
            for second in leads {
                for third in leads {
                    for folded in [
                        format!("{first}{second}{third}"),
                        format!("{first}{second}{third}x"),
                    ] {
                        let text = folded.trim_start();
                        let facts = LineFacts::of_folded(&folded, false);
                        assert_eq!(facts.indent, folded.len() - text.len(), "{folded:?}");
                        assert_eq!(facts.lead, text.chars().next(), "{folded:?}");
                        assert_eq!(facts.blank, text.is_empty(), "{folded:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn bookmarks_behind_a_full_width_bracket_are_blank_too() {
        let doc = Document::new("无括号\n［bookmark: _Hlk1]一、本年新收");
        assert!(!doc.line(1).unwrap().folded.contains('['));
        assert_eq!(doc.line(2).unwrap().folded.trim(), "一、本年新收");
    }

    #[test]
    fn bookmarks_are_blank_in_the_folded_text() {
        let doc = Document::new("\t[bookmark: _Hlk66973412]一、本年新收");
        let line = doc.line(1).unwrap();
        assert_eq!(line.folded.trim(), "一、本年新收");
        assert_eq!(line.raw.chars().count(), line.folded.chars().count());
        assert!(line.raw.contains("_Hlk66973412"));
    }

    #[test]
    fn byte_folding_agrees_with_character_folding() {
        let samples: String = ('\u{00}'..='\u{3100}')
            .chain('\u{F900}'..='\u{FAFF}')
            .chain('\u{FE00}'..='\u{FFFF}')
            // Ideographs and four-byte characters, stepped over whole.
            .chain('\u{4E00}'..='\u{4FFF}')
            .chain('\u{1F300}'..='\u{1F3FF}')
            .chain('\u{20000}'..='\u{200FF}')
            .filter(|c| *c != '\n' && *c != '\r')
            .collect();
        let doc = Document::new(&samples);
        assert_eq!(doc.folded(), fold(&samples));
        // Line ends right after characters of every length.
        let lines = "é\n１\n政\n𠀀\n\u{3000}x\nÀ\u{2F00}\n";
        let doc = Document::new(lines);
        let folded: Vec<&str> = doc.lines().map(|l| l.folded).collect();
        assert_eq!(folded, ["é", "1", "政", "𠀀", " x", "À一"]);
    }

    #[test]
    fn every_byte_needing_a_look_is_masked_at_every_place_in_a_block() {
        for b in 0..=u8::MAX {
            for filler in [b' ', 0xE4, 0x80] {
                for k in 0..BLOCK {
                    let mut block = [filler; BLOCK];
                    block[k] = b;
                    assert_eq!(mask_of(&block), mask_by_bytes(&block), "{b:#x} at {k}");
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn block_masks_agree_with_asking_each_byte(
            block in proptest::array::uniform16(0u8..)
        ) {
            proptest::prop_assert_eq!(mask_of(&block), mask_by_bytes(&block));
        }

        /// The wide masks (AVX2, 32 bytes) are the narrow ones of their two halves.
        #[test]
        #[cfg(target_arch = "x86_64")]
        fn wide_masks_are_two_narrow_masks(
            block in proptest::array::uniform32(proptest::prelude::any::<u8>())
        ) {
            if let Some(avx2) = Avx2::detect() {
                let (low, high) = block.split_at(BLOCK);
                let halves = [low, high].map(|half| {
                    half.first_chunk::<BLOCK>().map_or(BlockMasks::default(), mask_by_bytes)
                });
                let joined = BlockMasks {
                    looks: halves[0].looks | (halves[1].looks << BLOCK),
                    tabs: halves[0].tabs | (halves[1].tabs << BLOCK),
                };
                proptest::prop_assert_eq!(avx2.masks(&block), joined);
            }
        }

        /// A document built finding its bytes 32 at a time (AVX2) is the one built finding
        /// them 16 at a time, whatever falls on the edges of the blocks.
        #[test]
        #[cfg(target_arch = "x86_64")]
        fn documents_built_wide_and_narrow_are_the_same(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "a", "\n", "\t", "[", "［", "１", "（", "，", "。", "年", "政府", "𠀀",
                    "\u{3000}", "\u{00A0}", "\u{2F00}", "\u{F900}", "bookmark", "[bookmark: x]",
                    "公開", "資訊",
                ][..]),
                0..200,
            )
        ) {
            let text = pieces.concat();
            if let Some(avx2) = Avx2::detect() {
                let wide = avx2.build(text.clone());
                let narrow = Document::build_with(text, Narrow);
                proptest::prop_assert_eq!(wide.folded(), narrow.folded());
                let lines = |doc: &Document| -> Vec<(String, String, LineFacts)> {
                    doc.lines()
                        .map(|l| (l.raw.to_string(), l.folded.to_string(), l.facts))
                        .collect()
                };
                proptest::prop_assert_eq!(lines(&wide), lines(&narrow));
            }
        }

        /// The document is the text cut at its line ends, each line folded character by
        /// character, whatever falls on the edges of the blocks the bytes are looked at in.
        #[test]
        fn documents_are_their_lines_folded_one_by_one(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "a", "\n", "\t", "[", "［", "１", "（", "，", "。", "、", "“", "”",
                    "\u{3000}", "\u{00A0}", "é", "\u{2002}", "\u{200C}", "\u{2F00}",
                    "\u{F900}", "\u{FEFF}", "年", "政府", "𠀀", "\u{E000}", "\u{FFE5}",
                    "bookmark",
                ][..]),
                0..120,
            )
        ) {
            let text = pieces.concat();
            let doc = Document::new(&text);
            let mut lines: Vec<&str> = text.split('\n').collect();
            if lines.len() > 1 && lines.last() == Some(&"") {
                lines.pop();
            }
            let folded: Vec<String> = lines.iter().map(|l| fold(l)).collect();
            let raw_lines: Vec<&str> = doc.lines().map(|l| l.raw).collect();
            proptest::prop_assert_eq!(&raw_lines, &lines);
            let folded_lines: Vec<String> = doc.lines().map(|l| l.folded.to_string()).collect();
            proptest::prop_assert_eq!(folded_lines, folded);
            for (line, raw) in doc.lines().zip(&lines) {
                proptest::prop_assert_eq!(line.has_tab(), raw.contains('\t'));
            }
            proptest::prop_assert_eq!(doc.folded(), fold(&text));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The lines that hold a tab, found by one search for the text's next tab after each
        /// such line, are those a search of each line finds (the way before tabs left the
        /// build's looks), in texts where tabs open, close and fill lines, in both builds.
        #[test]
        fn tabs_found_across_the_text_are_the_tabs_of_each_line(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "\t", "\t\t", "\n", "\n\n", "\t\n", "\n\t", "a", "年", "\u{3000}", "１",
                    "[",
                ][..]),
                0..200,
            )
        ) {
            let text = pieces.concat();
            let narrow = Document::build_with(text.clone(), Narrow);
            for (found, searched) in tab_facts_both_ways(&narrow) {
                proptest::prop_assert_eq!(found, searched);
            }
            #[cfg(target_arch = "x86_64")]
            if let Some(avx2) = Avx2::detect() {
                proptest::prop_assert_eq!(
                    tab_facts_both_ways(&avx2.build(text)),
                    tab_facts_both_ways(&narrow)
                );
            }
        }
    }

    /// Each line's tab as the build found it, beside the tab a search of the line finds.
    fn tab_facts_both_ways(doc: &Document) -> Vec<(bool, bool)> {
        doc.lines()
            .map(|l| (l.facts.tab, LineFacts::of(l.raw, l.folded).tab))
            .collect()
    }

    /// Whether the build's blocks saw a tab, once all the bytes have been given.
    fn blocks_saw_tab<M: Masker>(text: &str, masker: M) -> bool {
        let mut attention = Attention::of(text.as_bytes(), masker);
        attention.by_ref().for_each(drop);
        attention.saw_tab()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The build's blocks tell whether a text holds a tab wherever its one tab falls (the
        /// first block, the last, a short end) or when it holds none, in both builds; a text
        /// that is not searched for tabs has no line that holds one.
        #[test]
        fn the_blocks_tell_whether_the_text_holds_a_tab(
            pieces in proptest::collection::vec(
                proptest::sample::select(&["a", "\n", "\n\n", "年", "\u{3000}", "１", "["][..]),
                0..120,
            ),
            tab_at in proptest::option::of(0usize..1000),
        ) {
            let mut text = pieces.concat();
            if let Some(at) = tab_at {
                let at = at % (text.len() + 1);
                let at = (0..=at).rev().find(|&k| text.is_char_boundary(k)).unwrap_or(0);
                text.insert(at, '\t');
            }
            proptest::prop_assert_eq!(blocks_saw_tab(&text, Narrow), tab_at.is_some());
            let narrow = Document::build_with(text.clone(), Narrow);
            for (found, searched) in tab_facts_both_ways(&narrow) {
                proptest::prop_assert_eq!(found, searched);
            }
            #[cfg(target_arch = "x86_64")]
            if let Some(avx2) = Avx2::detect() {
                proptest::prop_assert_eq!(blocks_saw_tab(&text, avx2), tab_at.is_some());
                proptest::prop_assert_eq!(
                    tab_facts_both_ways(&avx2.build(text)),
                    tab_facts_both_ways(&narrow)
                );
            }
        }
    }

    #[test]
    fn tabs_at_the_edges_of_lines_and_text_are_their_lines_tabs() {
        for text in [
            "",
            "\t",
            "\t\n",
            "\n\t",
            "a\t",
            "\ta\n\nb",
            "\n\n\t\n\n",
            "a\nb\tc\nd\n\t",
            "\t\t\n\t\t\n",
            "无\n表\t格\n",
        ] {
            let doc = Document::new(text);
            let tabs: Vec<bool> = doc.lines().map(|l| l.has_tab()).collect();
            let mut lines: Vec<&str> = text.split('\n').collect();
            if lines.len() > 1 && lines.last() == Some(&"") {
                lines.pop();
            }
            let expected: Vec<bool> = lines.iter().map(|l| l.contains('\t')).collect();
            assert_eq!(tabs, expected, "{text:?}");
        }
    }

    #[test]
    fn radicals_and_compatibility_ideographs_fold_to_unified_ideographs() {
        // ⼀⼆⼈⼯⾏ are Kangxi radicals; 﨑 has no unified form of three bytes and stays; 祥 is
        // U+FA1A, 六 is U+F9D1.
        let doc = Document::new("⼀、总体情况 ⼆⼈⼯⾏ 祥 六 﨑");
        let line = doc.line(1).unwrap();
        assert_eq!(line.folded, "一、总体情况 二人工行 祥 六 﨑");
        assert_eq!(line.raw.chars().count(), line.folded.chars().count());
        assert_eq!(line.raw.len(), line.folded.len());
        assert_eq!(fold_char('⼀'), '一');
        assert_eq!(fold_char('⺟'), '母');
    }

    #[test]
    fn traditional_reports_fold_to_simplified_for_matching() {
        let text =
            "無錫市司法局2023年政府資訊公開工作年度報告\n\t一、本年新收政府資訊公開申請數量\t0";
        let doc = Document::new(text);
        let title = doc.line(1).unwrap();
        assert_eq!(title.folded, "无锡市司法局2023年政府信息公开工作年度报告");
        assert_eq!(title.raw, "無錫市司法局2023年政府資訊公開工作年度報告");
        let row = doc.line(2).unwrap();
        assert_eq!(row.folded, "\t一、本年新收政府信息公开申请数量\t0");
        assert_eq!(doc.raw().len(), doc.folded().len());
        // A Simplified report keeps its characters, even those that are Traditional elsewhere.
        let simplified = Document::new("沭阳县发展和改革局2023年政府信息公开工作年度报告 後");
        assert_eq!(simplified.folded(), simplified.raw());
    }

    #[test]
    fn a_bookmark_with_non_ascii_text_is_left_alone() {
        let doc = Document::new("[bookmark: 书签]一\n[bookmark: _GoBack]二");
        assert_eq!(doc.line(1).unwrap().folded, "[bookmark: 书签]一");
        assert_eq!(doc.line(2).unwrap().folded.trim(), "二");
    }

    /// The definitions of `Line::column_of` and `Line::raw_chars` by counting from the start
    /// of the line, which the marks of long lines must agree with.
    fn column_by_counting(line: &Line<'_>, folded_byte: usize) -> u32 {
        line.folded[..folded_byte.min(line.folded.len())]
            .chars()
            .count() as u32
            + 1
    }

    fn raw_chars_by_counting<'a>(line: &Line<'a>, from: usize, len: usize) -> &'a str {
        let chars: Vec<(usize, char)> = line.raw.char_indices().collect();
        let byte = |index: usize| chars.get(index).map_or(line.raw.len(), |&(i, _)| i);
        &line.raw[byte(from)..byte(from.saturating_add(len))]
    }

    /// Text with characters of every width that folding meets: ASCII, full-width forms that
    /// fold, ideographic spaces, CJK, and 4-byte characters.
    fn mixed_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("a"),
            Just("７"),
            Just("（"),
            Just("\u{3000}"),
            Just("\u{00A0}"),
            Just("年"),
            Just("𠀀"),
            Just("\t"),
            Just("；"),
        ];
        proptest::collection::vec(piece, 0..6_000).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        #[test]
        fn columns_from_marks_agree_with_counting(
            text in mixed_text(),
            starts in proptest::collection::vec(0usize..6_100, 1..40),
            lens in proptest::collection::vec(0usize..300, 1..40),
        ) {
            // The line is the second one, so that line ranges and mark lookup are exercised
            // with a line before it.
            let doc = Document::new(&format!("首行\n{text}\n尾行"));
            let line = doc.line(2).unwrap();
            for (at, _) in line.folded.char_indices().chain([(line.folded.len(), ' ')]) {
                proptest::prop_assert_eq!(line.column_of(at), column_by_counting(&line, at));
            }
            for (column, (at, _)) in line.raw.char_indices().enumerate() {
                proptest::prop_assert_eq!(line.column_of_raw(at), column as u32 + 1);
            }
            proptest::prop_assert_eq!(
                line.column_of_raw(line.raw.len()),
                line.raw.chars().count() as u32 + 1
            );
            proptest::prop_assert_eq!(
                line.column_of(line.folded.len() + 7),
                column_by_counting(&line, line.folded.len() + 7)
            );
            for (&from, &len) in starts.iter().zip(&lens) {
                proptest::prop_assert_eq!(
                    line.raw_chars(from, len),
                    raw_chars_by_counting(&line, from, len)
                );
            }
        }
    }

    /// The definition of `Line::raw_of_folded` by counting: the raw characters at the folded
    /// range's column, as many as it holds.
    fn raw_of_folded_by_counting<'a>(line: &Line<'a>, from: usize, to: usize) -> &'a str {
        let Some(span) = line.folded.get(from..to.max(from)) else {
            return "";
        };
        let column = column_by_counting(line, from) as usize - 1;
        raw_chars_by_counting(line, column, span.chars().count())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Walking the raw and folded texts together finds the raw text counting finds, on
        /// short and long lines (from a mark), through full-width forms, spaces, 4-byte
        /// characters and Traditional characters folded to Simplified ones (which keep their
        /// lead byte), for ranges on and off character boundaries.
        #[test]
        fn raw_of_folded_agrees_with_counting(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "a", "７", "（", "\u{3000}", "\u{00A0}", "年", "𠀀", "\t", "；", "資", "訊",
                    "處", "公開", "⼀", "\u{F966}", "政府", "ab", "，",
                ][..]),
                0..2_500,
            ),
            spans in proptest::collection::vec((0usize..3_000, 0usize..400), 1..40),
            bytes in proptest::collection::vec((0usize..9_000, 0usize..9_000), 1..10),
        ) {
            let text = pieces.concat();
            let doc = Document::new(&format!("首行\n{text}\n尾行"));
            let line = doc.line(2).unwrap();
            let starts = crate::document::char_starts(line.folded);
            for (first, len) in spans {
                let from = starts[first.min(starts.len() - 1)];
                let to = starts[(first + len).min(starts.len() - 1)];
                proptest::prop_assert_eq!(
                    line.raw_of_folded(from, to),
                    raw_of_folded_by_counting(&line, from, to),
                    "{}..{}", from, to
                );
            }
            for (from, to) in bytes {
                proptest::prop_assert_eq!(
                    line.raw_of_folded(from, to),
                    raw_of_folded_by_counting(&line, from, to),
                    "{}..{}", from, to
                );
            }
        }
    }

    #[test]
    fn a_span_to_the_end_is_the_raw_line_from_its_start() {
        // Taken to the raw line's end without a walk, on short lines and a long one (marks),
        // from every character and from the end (an empty span).
        let long = "（一）政府資訊公開\u{3000}７；".repeat(LONG_LINE / 8);
        for text in [
            "（一）予以公开：正文",
            "一、总体情况",
            "ａ\u{3000}b𠀀",
            "",
            long.as_str(),
        ] {
            let doc = Document::new(&format!("首行\n{text}\n尾行"));
            let line = doc.line(2).unwrap();
            let len = line.folded.len();
            let starts = line.folded.char_indices().map(|(i, _)| i).chain([len]);
            for from in starts {
                assert_eq!(
                    line.raw_of_folded(from, len),
                    raw_of_folded_by_counting(&line, from, len),
                    "{text:?} from {from}"
                );
            }
        }
    }

    #[test]
    fn long_lines_have_marks_and_short_ones_do_not() {
        let long = "７年".repeat(LONG_LINE);
        let doc = Document::new(&format!("短行\n{long}"));
        assert!(doc.line(1).unwrap().marks().is_none());
        let marks = doc.line(2).unwrap().marks().unwrap();
        assert_eq!(marks.len(), (2 * LONG_LINE).div_ceil(MARK_STEP));
        // Mark k is character k * MARK_STEP: 「７年」 is 3 + 3 bytes raw, 1 + 3 folded.
        assert_eq!(marks[1].raw, MARK_STEP / 2 * 6);
        assert_eq!(marks[1].folded, MARK_STEP / 2 * 4);
        let line = doc.line(2).unwrap();
        assert_eq!(line.column_of(line.folded.len()), 2 * LONG_LINE as u32 + 1);
        assert_eq!(line.raw_chars(2 * LONG_LINE - 2, 5), "７年");
    }

    #[test]
    fn no_characters_is_empty_text() {
        let doc = Document::new("统计期限");
        let line = doc.line(1).unwrap();
        assert_eq!(line.raw_chars(0, 0), "");
        assert_eq!(line.raw_chars(2, 0), "");
        assert_eq!(line.raw_chars(9, 3), "");
    }

    #[test]
    fn line_facts_are_decided_once_and_agree_with_the_text() {
        let text = "\u{3000}\u{3000}一、总体情况\n\t规章\t0\n \t \n\n[bookmark: _GoBack]\n（一）主动公开\r\n尾\t";
        for doc in [Document::new(text), Document::from_string(text.to_string())] {
            let facts: Vec<(bool, bool, usize, Option<char>)> = doc
                .lines()
                .map(|l| (l.facts.blank, l.facts.tab, l.facts.indent, l.facts.lead))
                .collect();
            assert_eq!(
                facts,
                [
                    (false, false, 2, Some('一')),
                    (false, true, 1, Some('规')),
                    (true, true, 3, None),
                    (true, false, 0, None),
                    // The bookmark is blanked out of the folded text: nothing is left.
                    (true, false, 19, None),
                    (false, false, 0, Some('(')),
                    (false, true, 0, Some('尾')),
                ]
            );
            for line in doc.lines() {
                assert_eq!(line.facts, LineFacts::of(line.raw, line.folded), "{line:?}");
                assert_eq!(line.is_blank(), line.folded.trim().is_empty());
                assert_eq!(line.folded_from_lead(), line.folded.trim_start());
            }
        }
    }

    #[test]
    fn a_line_ends_unspaced_as_its_last_character_says() {
        let alphabet = [
            'a', ' ', '\t', '\u{3000}', '\u{a0}', '\u{2028}', '\u{0b}', '政', '。', '𠀀', '\n',
        ];
        for text in crate::document::texts_up_to(&alphabet, 4) {
            let doc = Document::new(&text);
            for line in doc.lines() {
                let by_char = line
                    .raw
                    .chars()
                    .next_back()
                    .is_some_and(|c| !c.is_whitespace());
                assert_eq!(doc.line_ends_unspaced(line.no), by_char, "{text:?}");
            }
            assert!(!doc.line_ends_unspaced(0) && !doc.line_ends_unspaced(doc.line_count() + 1));
        }
        for c in (0x4000..=0x9FFF).filter_map(char::from_u32) {
            let doc = Document::new(&c.to_string());
            assert!(!c.is_whitespace() && doc.line_ends_unspaced(1), "{c:?}");
        }
    }

    #[test]
    fn a_document_from_a_string_is_the_document_of_its_text() {
        for text in [
            "a\r\nb\rc",
            "统计期限为２０２３年\n",
            "",
            "無錫市政府資訊公開\n",
        ] {
            let (new, owned) = (Document::new(text), Document::from_string(text.to_string()));
            assert_eq!((new.raw(), new.folded()), (owned.raw(), owned.folded()));
            assert_eq!(new.line_count(), owned.line_count());
        }
    }

    #[test]
    fn empty_text_is_one_blank_line() {
        let doc = Document::new("");
        assert_eq!(doc.line_count(), 1);
        assert!(doc.is_blank());
    }
}
