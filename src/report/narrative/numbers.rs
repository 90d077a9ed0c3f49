//! Reading numbers in prose: sentences, and counts like 「3件」「十二条」「1.2万条」「60余条」.
//!
//! Everything here works on folded text (see [`crate::text`]): full-width digits and
//! punctuation are already ASCII, so 「３件」 reads like 「3件」 and 「；」 like `;`. Positions are
//! byte offsets into the text given; [`Sentence::column_of`] turns them into line columns.

use std::cell::Cell;

use super::chars3::Chars3;
use super::zeros::starts_with_word;
use crate::report::numerals;
use crate::text::Line;

/// The units a count is written with.
pub const UNITS: &[char] = &['件', '条', '篇', '次', '个', '项', '份', '宗', '起', '例'];

/// Whether a character is one of [`UNITS`] (a `match`, for the per-character scans).
pub fn is_unit(c: char) -> bool {
    matches!(
        c,
        '件' | '条' | '篇' | '次' | '个' | '项' | '份' | '宗' | '起' | '例'
    )
}

/// A set of characters as a 64-bit filter, bit `c % 64` for each: a clear bit rules a
/// character out in one test, a set bit says to look closer. The numerals' filter of the
/// byte scan that [`COUNT_STARTS`] replaced, kept as the tests' reference.
#[cfg(test)]
#[derive(Debug, Clone, Copy)]
struct CharFilter(u64);

#[cfg(test)]
impl CharFilter {
    const fn of(chars: &[char]) -> CharFilter {
        let mut bits = 0u64;
        let mut i = 0;
        while i < chars.len() {
            bits |= 1 << (chars[i] as u32 % 64);
            i += 1;
        }
        CharFilter(bits)
    }

    /// Whether the code point may be one of the set's.
    fn may_hold(self, c: u32) -> bool {
        self.0 >> (c % 64) & 1 != 0
    }

    /// The filter of the chars' next six bits (`c >> 6`): the low six bits of the second byte
    /// of a 3-byte character, as [`CharFilter::of`] holds those of the last.
    const fn of_middle_bits(chars: &[char]) -> CharFilter {
        let mut bits = 0u64;
        let mut i = 0;
        while i < chars.len() {
            bits |= 1 << ((chars[i] as u32 >> 6) % 64);
            i += 1;
        }
        CharFilter(bits)
    }
}

/// The characters of Chinese numerals ([`numerals::is_numeral`]), filtered before asking it.
const NUMERAL_CHARS: &[char] = &[
    '零', '〇', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万',
    '亿',
];
#[cfg(test)]
const NUMERALS: CharFilter = CharFilter::of(NUMERAL_CHARS);
/// The same by the second byte of their UTF-8 (8 values of 64): together the two filters let
/// through a few characters in a hundred before one is decoded.
#[cfg(test)]
const NUMERALS_MIDDLE: CharFilter = CharFilter::of_middle_bits(NUMERAL_CHARS);

/// Whether the 3-byte character at `at` may be a numeral, from its last two bytes.
#[cfg(test)]
fn may_be_numeral(bytes: &[u8], at: usize) -> bool {
    let byte = |k: usize| u32::from(bytes.get(at + k).copied().unwrap_or(0));
    NUMERALS.may_hold(byte(2)) && NUMERALS_MIDDLE.may_hold(byte(1))
}

/// The code point of the 3-byte UTF-8 sequence at `at` (whose lead byte the caller checked).
pub(super) fn decode3(bytes: &[u8], at: usize) -> u32 {
    let byte = |k: usize| u32::from(bytes.get(at + k).copied().unwrap_or(0));
    (byte(0) & 0x0F) << 12 | (byte(1) & 0x3F) << 6 | (byte(2) & 0x3F)
}

/// What prose writes right after a number: the count units and the other measures
/// (「7期」, 「3批」, 「5人」, 「1.2万」, 「30%」, dates' 年月日号).
const MEASURES: &str = "件条篇次个项份宗起例期批场家人名位户台张本册套元万亿千百天日月年号%";

/// Whether a line break cuts a number from its measure or from its own digits (「常务会议
/// 7⏎期」, 「共 1⏎2 件」), as text extracted from a PDF breaks lines anywhere: the line ends
/// with a digit and the next goes on with a digit or a measure. Both are folded lines.
pub fn wraps_inside_number(line: &str, next: &str) -> bool {
    let ends_in_digit = line
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit());
    ends_in_digit
        && next
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || MEASURES.contains(c))
}

/// How exactly a number is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// 「3件」, 「十二条」, 「0件」, or a zero stated in words (「未收到」).
    Exact(i64),
    /// 「60余条」, 「约60条」, 「超过60条」, 「60条以上」, 「60条左右」: never compared.
    Approximate(i64),
}

impl Quantity {
    /// The number written, exact or not.
    pub fn value(self) -> i64 {
        match self {
            Quantity::Exact(v) | Quantity::Approximate(v) => v,
        }
    }

    /// The value when the number is exact.
    pub fn exact(self) -> Option<i64> {
        match self {
            Quantity::Exact(v) => Some(v),
            Quantity::Approximate(_) => None,
        }
    }

    pub fn is_approximate(self) -> bool {
        matches!(self, Quantity::Approximate(_))
    }
}

/// A count found in text: a number with its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub quantity: Quantity,
    /// 件, 条, …; `None` for a bare number after 「数量」 (「申请数量 0」).
    pub unit: Option<char>,
    /// Byte range of the number and its unit, approximation words included (「约60条」,
    /// 「60余条」, 「60条以上」).
    pub start: usize,
    pub end: usize,
    /// Byte range of the number itself (「60」, 「十二」, 「1.2万」).
    pub number_start: usize,
    pub number_end: usize,
}

/// A sentence of prose: the text of one line between 。 ; ! ? (a paragraph's sentences, and
/// the 「；」-separated parts of enumerations).
#[derive(Debug, Clone)]
pub struct Sentence<'a> {
    /// 1-based line number.
    pub line: u32,
    /// 1-based character column of the sentence's first character in its line.
    pub column: u32,
    /// Byte offset of the sentence in the folded line.
    pub offset: usize,
    /// The folded text, without its terminator.
    pub text: &'a str,
    /// The terminator that ended it (`。`, `;`, `!`, `?`), or `None` at the end of the line.
    pub terminator: Option<char>,
    /// The line, for raw text and columns.
    pub source: Line<'a>,
    /// The line's folding changed nothing (most lines): its raw text is its folded text, byte
    /// for byte, so the raw text of a part is a slice at the same bytes, not counted out by
    /// characters.
    verbatim: bool,
    /// Byte offset of the sentence in the raw line (`offset` when the line is verbatim): the
    /// raw text of a part is counted out from here, not from the line's start.
    raw_offset: usize,
    /// Byte offset of the sentence's end in the raw line (before its terminator): found by the
    /// split's walk, which goes there anyway, so the raw sentence quoted by each statement is a
    /// slice, not walked again.
    raw_end: usize,
    /// Where the last [`Sentence::span`] started: the mentions of a sentence are asked for in
    /// text order, so the next one is counted and walked from there, not from the sentence's
    /// start (a sentence of a list holds several counts, each walked from its start before).
    last_span: Cell<SpanStart>,
}

/// A character boundary of a sentence with what it takes to count on from it: the byte in
/// the sentence's text, the byte in the raw line, and the characters before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SpanStart {
    offset: usize,
    raw_offset: usize,
    chars: u32,
}

impl SpanStart {
    /// The sentence's start, at `raw_offset` in the raw line.
    fn sentence(raw_offset: usize) -> SpanStart {
        SpanStart {
            offset: 0,
            raw_offset,
            chars: 0,
        }
    }
}

/// How far into a sentence (in bytes) [`Sentence::span`] counts characters from the sentence's
/// start: no further than a line without marks is counted from its start.
const COUNTED_WITHIN: usize = 4096;

impl<'a> Sentence<'a> {
    /// The 1-based line column of a byte offset into [`Sentence::text`].
    pub fn column_of(&self, byte: usize) -> u32 {
        self.source
            .column_of(self.offset + byte.min(self.text.len()))
    }

    /// The number of characters of `text[from..to]`.
    pub fn chars_between(&self, from: usize, to: usize) -> u32 {
        let to = to.min(self.text.len());
        let from = from.min(to);
        self.text
            .get(from..to)
            .map_or(0, |s| s.chars().count() as u32)
    }

    /// The raw text of `text[from..to]` (as written, before folding).
    pub fn raw_between(&self, from: usize, to: usize) -> &'a str {
        self.span(from, to).2
    }

    /// `(column, length in characters, raw text)` of `text[from..to]`: what
    /// [`Sentence::column_of`], [`Sentence::chars_between`] and [`Sentence::raw_between`]
    /// answer, each counted once.
    pub fn span(&self, from: usize, to: usize) -> (u32, u32, &'a str) {
        let len = self.chars_between(from, to);
        let from = from.min(self.text.len());
        let counted_from = Some(self.last_span.get())
            .filter(|last| last.offset <= from)
            .unwrap_or(SpanStart::sentence(self.raw_offset));
        // Counted within the sentence, from the column and the raw offset it knows, rather than
        // from the line's start; far into a long sentence (whose line has marks every few
        // characters) or from inside a character, from the line's.
        let skipped = (from <= COUNTED_WITHIN)
            .then(|| self.text.get(counted_from.offset..from))
            .flatten()
            .map(|between| counted_from.chars + between.chars().count() as u32);
        let Some(skipped) = skipped else {
            let column = self.column_of(from);
            let raw = self
                .verbatim_between(from, to)
                .unwrap_or_else(|| self.source.raw_chars(column as usize - 1, len as usize));
            return (column, len, raw);
        };
        let raw = match self.verbatim_between(from, to) {
            Some(raw) => {
                self.last_span.set(SpanStart {
                    offset: from,
                    raw_offset: self.raw_offset + from,
                    chars: skipped,
                });
                raw
            }
            None => {
                // `from` is a character boundary; `to` is one too unless the span is empty.
                let start = self.source.raw_at(
                    (counted_from.raw_offset, self.offset + counted_from.offset),
                    self.offset + from,
                );
                self.last_span.set(SpanStart {
                    offset: from,
                    raw_offset: start,
                    chars: skipped,
                });
                let end = if len == 0 {
                    start
                } else {
                    // A span the folding left as written (a count in ASCII digits, most) has
                    // its folded bytes at `start` in the raw line: compared at once, where the
                    // walk ([`Line::raw_at`]) cost a call and ~100 instructions.
                    let to = to.min(self.text.len());
                    let folded = &self.text.as_bytes()[from..to];
                    match self.source.raw.as_bytes().get(start..start + folded.len()) {
                        Some(raw) if raw == folded => start + folded.len(),
                        _ => self
                            .source
                            .raw_at((start, self.offset + from), self.offset + to),
                    }
                };
                &self.source.raw[start..end]
            }
        };
        (self.column + skipped, len, raw)
    }

    /// The raw text of the whole sentence.
    pub fn raw(&self) -> &'a str {
        self.raw_through(self)
    }

    /// The raw text from this sentence's start to the end of `last`, a later sentence of the
    /// same line (a 。-sentence's 「；」-separated sentences).
    pub(super) fn raw_through(&self, last: &Sentence<'a>) -> &'a str {
        self.source
            .raw
            .get(self.raw_offset..last.raw_end)
            .unwrap_or_else(|| {
                self.raw_to((last.offset + last.text.len()).saturating_sub(self.offset))
            })
    }

    /// The raw text from the sentence's start to byte `end` of its text, a character
    /// boundary of the line (the sentence goes on past its end there: its terminator and the
    /// sentences after it).
    pub(super) fn raw_to(&self, end: usize) -> &'a str {
        &self.source.raw[self.raw_offset..self.raw_at(self.raw_offset, end)]
    }

    /// The byte offset in the raw line of byte `byte` of the sentence's text (a character
    /// boundary of the line), walked from the sentence's start in both texts: the bytes they
    /// share eight at a time, instead of counting the characters before it and stepping over
    /// as many in the raw line.
    fn raw_at(&self, raw_offset: usize, byte: usize) -> usize {
        self.source
            .raw_at((raw_offset, self.offset), self.offset + byte)
    }

    /// The raw text of `text[from..to]` when the line folded nothing: the same bytes of the
    /// raw line (bounds clamped as [`Sentence::chars_between`] does). `None` when the line
    /// folded something, or a bound is inside a character: the characters are counted then.
    fn verbatim_between(&self, from: usize, to: usize) -> Option<&'a str> {
        if !self.verbatim {
            return None;
        }
        let to = to.min(self.text.len());
        let from = from.min(to);
        let raw = self.source.raw;
        raw.get(self.offset + from..self.offset + to)
    }

    /// Whether this sentence ends with a semicolon (the next one continues it).
    pub fn continues(&self) -> bool {
        self.terminator == Some(';')
    }
}

/// Splits a line into sentences on 。 ; ! ?; blank sentences are dropped.
pub fn sentences(line: Line<'_>) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    sentences_into(line, &mut out);
    out
}

/// [`sentences`] into `out`, emptied first: the prose reader keeps one list for all the lines
/// of a report.
pub fn sentences_into<'a>(line: Line<'a>, out: &mut Vec<Sentence<'a>>) {
    out.clear();
    let text = line.folded;
    let bytes = text.as_bytes();
    // The terminators' bytes: ASCII `;!?`, 。 (E3 80 82) and the full-width ；！？ (EF BC
    // 9B/81/9F). Their first bytes are never inside another character, so a byte search finds
    // them: `;` and the lead bytes E3 and EF by `memchr3`, and `!` and `?`, rare in prose, only
    // on a line that holds one (then by a byte loop).
    let bangs = memchr::memchr2(b'!', b'?', bytes).is_some();
    let next = |from: usize| -> Option<usize> {
        let rest = bytes.get(from..)?;
        let found = if bangs {
            rest.iter()
                .position(|b| matches!(b, b';' | b'!' | b'?' | 0xE3 | 0xEF))
        } else {
            memchr::memchr3(b';', 0xE3, 0xEF, rest)
        };
        found.map(|i| from + i)
    };
    let mut start = 0;
    let mut start_column = 1u32;
    // Where the sentence starts in the raw line, kept as the split goes (one character of the
    // raw line for each folded one), when folding changed the line's bytes.
    let verbatim = line.raw == line.folded;
    let mut raw_start = 0;
    let mut from = 0;
    while let Some(at) = next(from) {
        let len = match bytes[at] {
            b';' | b'!' | b'?' => 1,
            0xE3 if bytes.get(at + 1..at + 3) == Some(&[0x80, 0x82][..]) => 3,
            0xEF if bytes.get(at + 1) == Some(&0xBC)
                && matches!(bytes.get(at + 2), Some(0x9B | 0x81 | 0x9F)) =>
            {
                3
            }
            _ => {
                from = at + 1;
                continue;
            }
        };
        let sentence = &text[start..at];
        // The sentence's end and the next one's start in the raw line, walked from this one's
        // start in both texts.
        let raw_end = if verbatim {
            at
        } else {
            line.raw_at((raw_start, start), at)
        };
        let at_raw = Place {
            offset: start,
            column: start_column,
            raw_offset: if verbatim { start } else { raw_start },
            raw_end,
            verbatim,
        };
        push_sentence(out, line, at_raw, sentence, text[at..].chars().next());
        start_column += sentence.chars().count() as u32 + 1;
        if !verbatim {
            raw_start = line.raw_at((raw_end, at), at + len);
        }
        start = at + len;
        from = start;
    }
    let at_raw = Place {
        offset: start,
        column: start_column,
        raw_offset: if verbatim { start } else { raw_start },
        raw_end: if verbatim {
            text.len()
        } else {
            line.raw_at((raw_start, start), text.len())
        },
        verbatim,
    };
    push_sentence(out, line, at_raw, &text[start..], None);
}

/// Where a sentence starts: in the folded line (bytes and column) and in the raw one; and
/// where it ends in the raw one.
struct Place {
    offset: usize,
    column: u32,
    raw_offset: usize,
    raw_end: usize,
    /// The line folded nothing.
    verbatim: bool,
}

fn push_sentence<'a>(
    out: &mut Vec<Sentence<'a>>,
    line: Line<'a>,
    place: Place,
    text: &'a str,
    terminator: Option<char>,
) {
    // Blank when every character is whitespace (what `trim` drops): asked from the first
    // character on, which nearly always answers, where `trim` read both ends (~85
    // instructions a sentence).
    if text.chars().all(char::is_whitespace) {
        return;
    }
    let Place {
        offset,
        column,
        raw_offset,
        raw_end,
        verbatim,
    } = place;
    out.push(Sentence {
        line: line.no,
        column,
        offset,
        text,
        terminator: terminator.map(|c| match c {
            '；' => ';',
            '！' => '!',
            '？' => '?',
            c => c,
        }),
        source: line,
        verbatim,
        raw_offset,
        raw_end,
        last_span: Cell::new(SpanStart::sentence(raw_offset)),
    });
}

/// Words before a number that make it approximate: 「约60条」, 「超过60条」.
const APPROX_BEFORE: &[&str] = &[
    "约",
    "近",
    "超过",
    "逾",
    "将近",
    "接近",
    "不到",
    "不足",
    "不少于",
    "至少",
    "多于",
    "少于",
    "高达",
];
/// Words between a number and its unit: 「60余条」, 「60多条」.
const APPROX_BETWEEN: &[char] = &['余', '多', '来'];
/// Words after the unit: 「60条以上」, 「60条左右」.
const APPROX_AFTER: &[&str] = &["以上", "左右", "上下", "有余", "余"];
/// Characters before a Chinese numeral that make it something else than a count: 「第一」,
/// 「这一」, 「每一」, 「统一」, 「唯一」.
const NOT_A_COUNT_BEFORE: &[char] = &[
    '第', '这', '那', '每', '某', '单', '唯', '统', '同', '逐', '之', '其', '哪', '任', '进',
];

/// Every count in `text`: Arabic (「3件」, 「3,119 件」, 「1.2万条」) and Chinese numerals
/// (「三件」, 「十二条」, 「一百零五条」, 「两件」), with their approximation words, and bare
/// numbers after 「数量」 (「申请数量 0」).
pub fn counts(text: &str) -> Vec<Count> {
    let mut out = Vec::new();
    counts_into(text, &mut out);
    out
}

/// Where a count may start: an ASCII digit or a Chinese numeral (whose characters the set
/// holds with a few others sharing their tested bytes, told apart by [`numerals::is_numeral`]).
const COUNT_STARTS: Chars3 = Chars3::of(NUMERAL_CHARS).and_ascii_digits();

/// [`counts`], appended to `out`: the reader keeps one buffer for every sentence.
pub fn counts_into(text: &str, out: &mut Vec<Count>) {
    // Only the places where a count may start are visited, found a block of bytes at a time
    // ([`Chars3`]): most of a sentence is other characters, stepped over one at a time before.
    // A place inside a count already read is passed over.
    let mut next = 0;
    COUNT_STARTS.find(text, |at, c| {
        if at < next {
            return false;
        }
        match count_at(text, at, c) {
            Some(count) => {
                next = count.end;
                out.push(count);
            }
            // The digits after a digit are part of its token: none of them starts a count
            // (`arabic_count` turns down a digit after a digit), and they are passed over.
            None if c.is_ascii_digit() => {
                next = at + text[at..].bytes().take_while(u8::is_ascii_digit).count();
            }
            None => {}
        }
        false
    });
}

/// The count starting at `at`, whose character is `c`: a digit, or a numeral not after
/// another (the middle of a number is no start).
fn count_at(text: &str, at: usize, c: char) -> Option<Count> {
    if c.is_ascii_digit() {
        return arabic_count(text, at);
    }
    if !numerals::is_numeral(c) {
        return None;
    }
    let before = text[..at].chars().next_back();
    if before.is_some_and(numerals::is_numeral) {
        return None;
    }
    chinese_count(text, at, before)
}

/// The length of the UTF-8 sequence a byte starts (1 for a continuation byte, so that a scan
/// stepping by it stays on the text).
#[cfg(test)]
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

fn arabic_count(text: &str, start: usize) -> Option<Count> {
    // Part of a longer token: 「0478-5912944」, 「A3」, 「1.5」. Those are ASCII, so the byte
    // before tells (a byte of a longer character is never one of them).
    let previous = start.checked_sub(1).map(|i| text.as_bytes()[i]);
    if previous.is_some_and(|p| p.is_ascii_alphanumeric() || matches!(p, b'.' | b'-' | b'/' | b'_'))
    {
        return None;
    }
    let digits_end = digits_end(text, start);
    let mut number_text = text[start..digits_end].trim_end_matches([',', '.']);
    let mut number_end = start + number_text.len();
    // 「3,119」 groups by three; a comma otherwise separates two numbers (「1,2」).
    if number_text.contains(',') && !valid_grouping(number_text) {
        let first = number_text.find(',').unwrap_or(number_text.len());
        number_text = &number_text[..first];
        number_end = start + first;
    }
    let (value, is_decimal) = parse_arabic(number_text)?;
    let mut rest = number_end;
    let mut multiplier = 1f64;
    let after = skip_spaces(text, rest);
    if text[after..].starts_with('万') {
        multiplier = 10_000.0;
        rest = after + '万'.len_utf8();
    } else if is_decimal {
        return None;
    }
    let scaled = value * multiplier;
    if scaled.fract() != 0.0 || scaled > 1e15 {
        return None;
    }
    let value = scaled as i64;
    finish_count(text, start, rest, value, true)
}

/// Where the run of digits, commas and points at `start` ends. They are ASCII, whose bytes no
/// other character's encoding holds: the bytes are compared, no character decoded.
fn digits_end(text: &str, start: usize) -> usize {
    let rest = &text.as_bytes()[start..];
    start
        + rest
            .iter()
            .position(|&b| !(b.is_ascii_digit() || b == b',' || b == b'.'))
            .unwrap_or(rest.len())
}

fn valid_grouping(text: &str) -> bool {
    let integer = text.split('.').next().unwrap_or(text);
    let mut groups = integer.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// `(value, has a decimal point)`.
fn parse_arabic(text: &str) -> Option<(f64, bool)> {
    // Plain digits, as nearly every count is written: read without a copy. Fifteen digits stay
    // below 2^53, where the float is exactly the integer `parse` would give.
    if (1..=15).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        let value = text
            .bytes()
            .fold(0u64, |value, b| value * 10 + u64::from(b - b'0'));
        return Some((value as f64, false));
    }
    let plain: String = text.chars().filter(|c| *c != ',').collect();
    if plain.is_empty() || plain.matches('.').count() > 1 {
        return None;
    }
    let value: f64 = plain.parse().ok()?;
    Some((value, plain.contains('.')))
}

fn chinese_count(text: &str, start: usize, previous: Option<char>) -> Option<Count> {
    if previous.is_some_and(|p| NOT_A_COUNT_BEFORE.contains(&p)) {
        return None;
    }
    let end = start
        + text[start..]
            .find(|c: char| !numerals::is_numeral(c))
            .unwrap_or(text.len() - start);
    let value = numerals::number(&text[start..end])?;
    finish_count(text, start, end, value, false)
}

/// Reads what follows a number (余/多, the unit, 以上/左右) and what precedes it (约, 超过).
fn finish_count(
    text: &str,
    number_start: usize,
    number_end: usize,
    value: i64,
    arabic: bool,
) -> Option<Count> {
    let mut approximate = false;
    let mut at = if arabic {
        skip_spaces(text, number_end)
    } else {
        number_end
    };
    if let Some(c) = text[at..].chars().next() {
        if APPROX_BETWEEN.contains(&c) {
            approximate = true;
            at += c.len_utf8();
        }
    }
    let unit_at = if arabic { skip_spaces(text, at) } else { at };
    let unit = text[unit_at..]
        .chars()
        .next()
        .filter(|c| is_unit(*c))
        .filter(|_| !followed_by_non_unit(&text[unit_at..]));
    let mut end = match unit {
        Some(u) => unit_at + u.len_utf8(),
        // 「申请数量 0」, 「数量为0」: a count without a unit, only right after 数量.
        None if arabic && !approximate && after_quantity_word(&text[..number_start]) => {
            if text[number_end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
            {
                return None;
            }
            number_end
        }
        None => return None,
    };
    if unit.is_some() {
        if let Some(word) = APPROX_AFTER
            .iter()
            .find(|w| starts_with_word(&text[end..], w))
        {
            approximate = true;
            end += word.len();
        }
    }
    let mut start = number_start;
    if let Some(word) = APPROX_BEFORE
        .iter()
        .find(|w| ends_with_word(&text[..number_start], w))
    {
        approximate = true;
        start -= word.len();
    }
    Some(Count {
        quantity: if approximate {
            Quantity::Approximate(value)
        } else {
            Quantity::Exact(value)
        },
        unit,
        start,
        end,
        number_start,
        number_end,
    })
}

/// Whether `text` ends with `word`, its last byte compared before the whole: every count is
/// looked at for thirteen words before it, and that byte rules out most of them without a call
/// to compare slices.
fn ends_with_word(text: &str, word: &str) -> bool {
    let (t, w) = (text.as_bytes(), word.as_bytes());
    match (t.last(), w.last()) {
        (Some(a), Some(b)) if a != b => false,
        _ => t.ends_with(w),
    }
}

/// Whether a unit right after `before` may end a count: the number's last digit or numeral,
/// 万 or 余/多/来 come before it, with spaces after Arabic digits (what [`counts_into`] reads
/// before a unit; a line without such a unit holds no count with one).
pub(super) fn may_end_count(before: &str) -> bool {
    before
        .trim_end_matches(' ')
        .chars()
        .next_back()
        .is_some_and(|c| {
            c.is_ascii_digit() || numerals::is_numeral(c) || APPROX_BETWEEN.contains(&c)
        })
}

/// Whether the text after a 数 may hold a count without a unit (「数量 0」, 「数为5」): 量,
/// whitespace, one of `:`, 为, 是 and whitespace may come before an ASCII digit, as
/// [`after_quantity_word`] reads them.
pub(super) fn may_follow_quantity_word(after: &str) -> bool {
    let rest = after.strip_prefix('量').unwrap_or(after).trim_start();
    let rest = rest
        .strip_prefix([':', '为', '是'])
        .unwrap_or(rest)
        .trim_start();
    rest.starts_with(|c: char| c.is_ascii_digit())
}

/// 「次性」 (一次性), 「件事」 are not counts of things the report counts.
fn followed_by_non_unit(from_unit: &str) -> bool {
    let mut chars = from_unit.chars();
    let unit = chars.next();
    let next = chars.next();
    matches!(
        (unit, next),
        (Some('次'), Some('性')) | (Some('条'), Some('例'))
    )
}

fn after_quantity_word(before: &str) -> bool {
    let before = before.trim_end();
    let before = before
        .strip_suffix(':')
        .or_else(|| before.strip_suffix('为'))
        .or_else(|| before.strip_suffix('是'))
        .unwrap_or(before)
        .trim_end();
    before.ends_with("数量") || before.ends_with("数")
}

/// Where the spaces at `from` (a character boundary) end. A space is one byte, which no other
/// character's encoding holds: the bytes are compared, no character decoded (a count is read
/// past two or three runs of spaces, ~25 instructions each by the characters).
fn skip_spaces(text: &str, from: usize) -> usize {
    let rest = &text.as_bytes()[from..];
    from + rest.iter().position(|&b| b != b' ').unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Document;

    fn read(text: &str) -> Vec<(Quantity, Option<char>, String)> {
        counts(text)
            .into_iter()
            .map(|c| (c.quantity, c.unit, text[c.start..c.end].to_string()))
            .collect()
    }

    fn one(text: &str) -> (Quantity, Option<char>) {
        let found = read(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        (found[0].0, found[0].1)
    }

    #[test]
    fn counts_in_words_and_digits() {
        assert_eq!(one("共收到申请三件"), (Quantity::Exact(3), Some('件')));
        assert_eq!(one("制发十二条"), (Quantity::Exact(12), Some('条')));
        assert_eq!(one("公开一百零五条"), (Quantity::Exact(105), Some('条')));
        assert_eq!(one("办结两件"), (Quantity::Exact(2), Some('件')));
        assert_eq!(one("收到 3119 件"), (Quantity::Exact(3119), Some('件')));
        assert_eq!(one("收到3,119件"), (Quantity::Exact(3119), Some('件')));
        assert_eq!(one("发布1.2万条"), (Quantity::Exact(12000), Some('条')));
        assert_eq!(one("发布3万条"), (Quantity::Exact(30000), Some('条')));
        assert_eq!(one("收到申请0件"), (Quantity::Exact(0), Some('件')));
        assert_eq!(one("刊发稿件 30 篇"), (Quantity::Exact(30), Some('篇')));
    }

    #[test]
    fn approximate_counts() {
        assert_eq!(one("信息60余条"), (Quantity::Approximate(60), Some('条')));
        assert_eq!(one("信息60多条"), (Quantity::Approximate(60), Some('条')));
        assert_eq!(one("约60条"), (Quantity::Approximate(60), Some('条')));
        assert_eq!(one("近60条"), (Quantity::Approximate(60), Some('条')));
        assert_eq!(one("超过60条"), (Quantity::Approximate(60), Some('条')));
        assert_eq!(one("60条以上"), (Quantity::Approximate(60), Some('条')));
        assert_eq!(one("60条左右"), (Quantity::Approximate(60), Some('条')));
        assert_eq!(
            one("各类信息4000余条"),
            (Quantity::Approximate(4000), Some('条'))
        );
        assert_eq!(
            one("信息1万余条"),
            (Quantity::Approximate(10000), Some('条'))
        );
        assert_eq!(one("上报3件"), (Quantity::Exact(3), Some('件')));
        assert_eq!(read("约60条")[0].2, "约60条");
    }

    #[test]
    fn bare_numbers_after_quantity_words() {
        assert_eq!(
            one("接收政府信息公开申请数量 0，"),
            (Quantity::Exact(0), None)
        );
        assert_eq!(one("申请数量为5。"), (Quantity::Exact(5), None));
        assert!(read("2023年1月1日").is_empty());
    }

    #[test]
    fn what_is_not_a_count() {
        assert!(read("2023年度").is_empty());
        assert!(read("电话：0478-5912944").is_empty());
        assert!(read("第一件事").is_empty());
        assert!(read("一次性告知").is_empty());
        assert!(read("三审三校").is_empty());
        assert!(read("占比100%").is_empty());
        assert!(read("收费40.51万元").is_empty());
        assert!(read("1.5件").is_empty());
        assert!(read("二〇二三件").is_empty());
    }

    #[test]
    fn several_counts_in_a_sentence() {
        let found = read("其中，依法行政 9 条；公共法律服务 2 条；职能简介 8 条");
        let values: Vec<i64> = found.iter().map(|f| f.0.value()).collect();
        assert_eq!(values, [9, 2, 8]);
    }

    #[test]
    fn a_word_ends_a_text_as_str_says() {
        let pieces = [
            "",
            "a",
            "约",
            "超过",
            "过",
            "不少于",
            "少于",
            "é",
            "𠀀",
            "达",
        ];
        for text in pieces
            .iter()
            .flat_map(|a| pieces.map(|b| format!("{a}{b}")))
        {
            for word in pieces.iter().chain(APPROX_BEFORE) {
                assert_eq!(
                    ends_with_word(&text, word),
                    text.ends_with(word),
                    "{text} {word}"
                );
            }
        }
    }

    #[test]
    fn the_numeral_filter_lets_every_numeral_through() {
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            // The block scan gives every numeral (and every digit) as a place to start at.
            let text = format!("{}{c}。", "的".repeat(usize::from(c as u8 % 13)));
            let mut given = Vec::new();
            COUNT_STARTS.find(&text, |at, found| {
                given.push((at, found));
                false
            });
            if numerals::is_numeral(c) || c.is_ascii_digit() {
                assert!(given.contains(&(text.len() - c.len_utf8() - 3, c)), "{c}");
            }
            if numerals::is_numeral(c) {
                assert!(NUMERALS.may_hold(u32::from(c)), "{c}");
                let mut buffer = [0u8; 4];
                assert!(
                    may_be_numeral(c.encode_utf8(&mut buffer).as_bytes(), 0),
                    "{c}"
                );
            }
            if c.len_utf8() == 3 {
                let mut buffer = [0u8; 4];
                let bytes = c.encode_utf8(&mut buffer).as_bytes();
                assert_eq!(decode3(bytes, 0), u32::from(c));
                // The scan asks the filter of the last byte alone.
                assert_eq!(
                    NUMERALS.may_hold(u32::from(bytes[2])),
                    NUMERALS.may_hold(u32::from(c)),
                    "{c}"
                );
            }
        }
    }

    /// [`counts_into`] as it was written first, a byte scan stepping over every character:
    /// the reference for the block scan.
    fn counts_by_byte(text: &str, out: &mut Vec<Count>) {
        let bytes = text.as_bytes();
        let mut at = 0;
        // A byte scan: a count starts at an ASCII digit or at a numeral, whose UTF-8 lead byte is
        // E3 (〇) or E4–E9 (U+4E00..U+96F6); other characters are stepped over by their length.
        while let Some(&b) = bytes.get(at) {
            let found = if b.is_ascii_digit() {
                let found = arabic_count(text, at);
                if found.is_none() {
                    // The digits after a digit are part of its token: none of them starts a
                    // count (`arabic_count` turns down a digit after a digit).
                    at += 1;
                    while bytes.get(at).is_some_and(u8::is_ascii_digit) {
                        at += 1;
                    }
                    continue;
                }
                found
            // The filters' bits are the code point's low twelve bits, which are the last two
            // bytes': the character is decoded only when they say it may be a numeral.
            } else if (0xE3..=0xE9).contains(&b)
                && may_be_numeral(bytes, at)
                && char::from_u32(decode3(bytes, at)).is_some_and(numerals::is_numeral)
            {
                let before = text[..at].chars().next_back();
                if !before.is_some_and(numerals::is_numeral) {
                    chinese_count(text, at, before)
                } else {
                    None
                }
            } else {
                None
            };
            match found {
                Some(count) => {
                    at = count.end;
                    out.push(count);
                }
                None => at += utf8_len(b),
            }
        }
    }

    /// The sentences as the scan before the byte search split them, character by character.
    fn sentences_by_char(line: Line<'_>) -> Vec<Sentence<'_>> {
        let text = line.folded;
        let mut out = Vec::new();
        let mut start = 0;
        let mut start_column = 1u32;
        // The raw offset of the character at a column, counted from the line's start.
        let raw_at_column = |column: usize| {
            line.raw
                .char_indices()
                .nth(column - 1)
                .map_or(line.raw.len(), |(i, _)| i)
        };
        let place = |offset: usize, column: u32, sentence: &str| Place {
            offset,
            column,
            raw_offset: raw_at_column(column as usize),
            raw_end: raw_at_column(column as usize + sentence.chars().count()),
            verbatim: line.raw == line.folded,
        };
        for (at, c) in text.char_indices() {
            if !matches!(c, ';' | '!' | '?' | '。' | '；' | '！' | '？') {
                continue;
            }
            let sentence = &text[start..at];
            push_sentence(
                &mut out,
                line,
                place(start, start_column, sentence),
                sentence,
                Some(c),
            );
            start_column += sentence.chars().count() as u32 + 1;
            start = at + c.len_utf8();
        }
        push_sentence(
            &mut out,
            line,
            place(start, start_column, &text[start..]),
            &text[start..],
            None,
        );
        out
    }

    proptest::proptest! {
        /// The block scan reads the counts the byte scan read, on texts of digits (with the
        /// separators and words around them), numerals, units, approximation words, words
        /// before a numeral that make it no count, characters that pass the numerals' block
        /// test (丁 and 中 have a numeral's second byte and another's last), 2- and 4-byte
        /// characters, long enough for several blocks.
        #[test]
        fn the_block_scan_reads_the_counts_of_the_byte_scan(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("3"), proptest::strategy::Just("12"),
                    proptest::strategy::Just("0"), proptest::strategy::Just(","),
                    proptest::strategy::Just("."), proptest::strategy::Just("-"),
                    proptest::strategy::Just(" "), proptest::strategy::Just("A"),
                    proptest::strategy::Just("一"), proptest::strategy::Just("十"),
                    proptest::strategy::Just("两"), proptest::strategy::Just("万"),
                    proptest::strategy::Just("〇"), proptest::strategy::Just("零"),
                    proptest::strategy::Just("丁"), proptest::strategy::Just("中"),
                    proptest::strategy::Just("件"), proptest::strategy::Just("条"),
                    proptest::strategy::Just("余"), proptest::strategy::Just("约"),
                    proptest::strategy::Just("以上"), proptest::strategy::Just("第"),
                    proptest::strategy::Just("数量"), proptest::strategy::Just("为"),
                    proptest::strategy::Just("次性"), proptest::strategy::Just("的"),
                    proptest::strategy::Just("é"), proptest::strategy::Just("𠀀"),
                ],
                0..60,
            )
        ) {
            let text: String = pieces.concat();
            let mut by_byte = Vec::new();
            counts_by_byte(&text, &mut by_byte);
            proptest::prop_assert_eq!(counts(&text), by_byte, "{}", text);
        }

        #[test]
        fn the_byte_search_splits_as_the_character_scan(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("。"), proptest::strategy::Just(";"),
                    proptest::strategy::Just("；"), proptest::strategy::Just("!"),
                    proptest::strategy::Just("?"), proptest::strategy::Just("！"),
                    proptest::strategy::Just("？"), proptest::strategy::Just("、"),
                    proptest::strategy::Just("「"), proptest::strategy::Just("收到"),
                    proptest::strategy::Just("3件"), proptest::strategy::Just(" "),
                    proptest::strategy::Just("ｅ"), proptest::strategy::Just("\u{FF1B}x"),
                    proptest::strategy::Just("（"), proptest::strategy::Just("\u{3000}"),
                    proptest::strategy::Just("𠀀"), proptest::strategy::Just("a"),
                    proptest::strategy::Just("資"), proptest::strategy::Just("訊"),
                ],
                0..20,
            )
        ) {
            let text: String = pieces.concat();
            let doc = Document::new(&text);
            if let Some(line) = doc.line(1) {
                let key = |s: &Sentence<'_>| {
                    (s.column, s.offset, s.raw_offset, s.raw_end, s.text.to_string(), s.terminator)
                };
                for sentence in sentences(line) {
                    // `raw` takes the column the sentence knows for the one it would count.
                    proptest::prop_assert_eq!(sentence.column, sentence.column_of(0));
                    let (_, _, raw) = sentence.span(0, sentence.text.len());
                    proptest::prop_assert_eq!(sentence.raw(), raw);
                    // The raw text walked from the sentence's start to each character of the
                    // rest of the line (Traditional characters folded keep their lead byte)
                    // is the text counted out by characters from the line's start.
                    let rest = &line.folded[sentence.offset..];
                    for end in rest.char_indices().map(|(i, _)| i).chain([rest.len()]) {
                        let counted = line.raw_chars(
                            sentence.column as usize - 1,
                            rest[..end].chars().count(),
                        );
                        proptest::prop_assert_eq!(sentence.raw_to(end), counted);
                    }
                    // The slice of a line that folds nothing is the text counted out by
                    // characters, for every part of the sentence.
                    let bounds: Vec<usize> = sentence
                        .text
                        .char_indices()
                        .map(|(i, _)| i)
                        .chain([sentence.text.len(), sentence.text.len() + 2])
                        .collect();
                    for &from in &bounds {
                        for &to in &bounds {
                            let column = sentence.column_of(from);
                            let len = sentence.chars_between(from, to);
                            let counted = line.raw_chars(column as usize - 1, len as usize);
                            // Counted within the sentence from its raw offset, as from the
                            // line's start.
                            proptest::prop_assert_eq!(sentence.span(from, to), (column, len, counted));
                        }
                    }
                }
                // The raw text from a sentence's start to a later one's end (a 。-sentence's),
                // sliced at the ends the split found, is the text walked from the start.
                let all = sentences(line);
                for (i, first) in all.iter().enumerate() {
                    for last in &all[i..] {
                        let end = last.offset + last.text.len() - first.offset;
                        proptest::prop_assert_eq!(first.raw_through(last), first.raw_to(end));
                    }
                }
                let fast: Vec<_> = sentences(line).iter().map(key).collect();
                let slow: Vec<_> = sentences_by_char(line).iter().map(key).collect();
                proptest::prop_assert_eq!(fast, slow);
            }
        }
    }

    /// Pieces of a sentence for the span test: separators, counts in both widths, 1- to
    /// 4-byte characters and traditional ones (which the folded text changes).
    const SPAN_PIECES: &[&str] = &[
        "，",
        "、",
        "收到",
        "3件",
        "１２条",
        " ",
        "ｅ",
        "（",
        "\u{3000}",
        "𠀀",
        "a",
        "資",
        "訊",
        "；",
    ];

    proptest::proptest! {
        /// A sentence counts each span on from where the last one started: in any order of
        /// the spans asked, each is what counting the characters from the line's start gives.
        #[test]
        fn spans_counted_on_from_the_last_are_spans_counted_from_the_line_start(
            pieces in proptest::collection::vec(proptest::sample::select(SPAN_PIECES), 0..24),
            asked in proptest::collection::vec((0usize..40, 0usize..40), 1..12),
        ) {
            let text: String = pieces.concat();
            let doc = Document::new(&text);
            if let Some(line) = doc.line(1) {
                for sentence in sentences(line) {
                    // Every byte (an end may fall inside a character), and two past the end.
                    let bounds: Vec<usize> = (0..=sentence.text.len() + 2).collect();
                    for &(from, to) in &asked {
                        let (from, to) = (bounds[from % bounds.len()], bounds[to % bounds.len()]);
                        // A column is asked of character boundaries only (`column_of` slices).
                        if !sentence.text.is_char_boundary(from.min(sentence.text.len())) {
                            continue;
                        }
                        let column = sentence.column_of(from);
                        let len = sentence.chars_between(from, to);
                        let counted = line.raw_chars(column as usize - 1, len as usize);
                        proptest::prop_assert_eq!(
                            sentence.span(from, to),
                            (column, len, counted),
                            "{} {}..{}", sentence.text, from, to
                        );
                    }
                }
            }
        }
    }

    /// [`skip_spaces`] as first written, by characters: the reference for the byte search.
    fn skip_spaces_by_char(text: &str, from: usize) -> usize {
        from + text[from..]
            .find(|c: char| c != ' ')
            .unwrap_or(text.len() - from)
    }

    /// [`digits_end`] as first written, by characters: the reference for the byte search.
    fn digits_end_by_char(text: &str, start: usize) -> usize {
        start
            + text[start..]
                .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
                .unwrap_or(text.len() - start)
    }

    /// Every text of up to four pieces of digits, separators, spaces and 1- to 4-byte
    /// characters, with each of its character boundaries.
    fn short_texts_at_every_boundary(pieces: &[&str]) -> Vec<(String, usize)> {
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        texts
            .into_iter()
            .flat_map(|text| {
                let bounds: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect();
                bounds.into_iter().map(move |at| (text.clone(), at))
            })
            .collect()
    }

    #[test]
    fn digits_end_where_the_character_search_says() {
        let pieces = ["3", "12", ",", ".", "件", "é", "𠀀", "３", " "];
        for (text, at) in short_texts_at_every_boundary(&pieces) {
            assert_eq!(
                digits_end(&text, at),
                digits_end_by_char(&text, at),
                "{text:?} {at}"
            );
        }
    }

    #[test]
    fn a_sentence_is_blank_when_trimming_leaves_nothing() {
        let pieces = [" ", "\u{3000}", "\t", "\u{A0}", "\u{200B}", "a", "件", "𠀀"];
        for (text, at) in short_texts_at_every_boundary(&pieces) {
            let doc = Document::new(&text[at..]);
            if let Some(line) = doc.line(1) {
                let blank = line.folded.trim().is_empty();
                assert_eq!(sentences(line).is_empty(), blank, "{text:?}");
            }
        }
    }

    #[test]
    fn spaces_end_where_the_character_search_says() {
        let pieces = [" ", "  ", "\u{3000}", "\t", "3", "件", "é", "𠀀", "\u{A0}"];
        for (text, from) in short_texts_at_every_boundary(&pieces) {
            assert_eq!(
                skip_spaces(&text, from),
                skip_spaces_by_char(&text, from),
                "{text:?} {from}"
            );
        }
    }

    #[test]
    fn sentences_keep_their_columns() {
        let doc = Document::new("一、总体情况。共收到申请３件；办结３件");
        let line = doc.line(1).unwrap();
        let found = sentences(line);
        assert_eq!(found.len(), 3);
        assert_eq!(found[1].text, "共收到申请3件");
        assert_eq!(found[1].column, 8);
        assert_eq!(found[1].terminator, Some(';'));
        assert!(found[1].continues());
        assert_eq!(found[2].terminator, None);
        let count = counts(found[1].text)[0];
        assert_eq!(found[1].column_of(count.start), 13);
        assert_eq!(found[1].raw_between(count.start, count.end), "３件");
        assert_eq!(found[2].raw(), "办结３件");
    }
}
