//! Dates as written in reports: `2023年1月1日`, `2023 年 1 月 1 日`, `12月31日` (year taken from
//! context), `二〇二四年一月十一日`, and the broken forms real reports contain
//! (`2024年12月31` without 日, `2023年2月30日`).
//!
//! A [`DateMention`] keeps what was written, part by part, so that rules can tell an
//! incomplete date (`period-malformed`) from an impossible one (`invalid-date`).

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::report::numerals;
use crate::text::Line;

/// A calendar date that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CivilDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl CivilDate {
    /// The date, if it exists in the calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<CivilDate> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(CivilDate { year, month, day })
    }

    /// ISO form, `2023-01-01`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Chinese form, `2023年1月1日`.
    pub fn zh(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// Days in a month of the proleptic Gregorian calendar (0 for a month that does not exist).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A date as written: each part may be missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateMention {
    pub line: u32,
    /// 1-based character column of the first character.
    pub column: u32,
    /// Length in characters.
    pub len: u32,
    /// The text as written.
    pub raw: String,
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
    /// The year was not written and was taken from context (the start of a period).
    pub year_inherited: bool,
}

impl DateMention {
    /// Whether year, month and day are all present.
    pub fn is_complete(&self) -> bool {
        self.year.is_some() && self.month.is_some() && self.day.is_some()
    }

    /// The date, when complete and existing in the calendar.
    pub fn date(&self) -> Option<CivilDate> {
        CivilDate::new(self.year?, self.month?, self.day?)
    }

    /// The date, reading a missing day as the month's last day and a missing month as December
    /// (so `2024年12月31` reads as 2024-12-31 and `2024年12月` as 2024-12-31). Used where a
    /// tolerant reading is still worth comparing; the incompleteness is flagged separately.
    pub fn tolerant_end_date(&self) -> Option<CivilDate> {
        let year = self.year?;
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(year, month));
        CivilDate::new(year, month, day)
    }

    /// Like [`Self::tolerant_end_date`] but for a start: missing parts read as the first.
    pub fn tolerant_start_date(&self) -> Option<CivilDate> {
        CivilDate::new(self.year?, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Whether year, month and day are present but the date does not exist (`2023年2月30日`),
    /// or a month is written that no year has (`2023年13月`).
    pub fn is_impossible(&self) -> bool {
        (self.is_complete() && self.date().is_none())
            || self.month.is_some_and(|m| !(1..=12).contains(&m))
    }

    /// Whether the date ends as a date should: with 日 (or 号) after the day, or in a numeric
    /// form (`2024-01-11`) that needs none. `2024年12月31` is not terminated.
    pub fn is_terminated(&self) -> bool {
        let last = self
            .raw
            .trim_end()
            .chars()
            .last()
            .map(crate::text::fold_char);
        match last {
            Some('日' | '号') => true,
            Some(c) if c.is_ascii_digit() => self.raw.contains(['-', '/', '.', '－', '／', '．']),
            _ => false,
        }
    }

    /// The parts as written, `2024-12-31`, with `?` for a missing part (`2024-12-?`): an
    /// identity for fingerprints that ignores spacing and digit width.
    pub fn parts_key(&self) -> String {
        let part = |p: Option<String>| p.unwrap_or_else(|| "?".to_string());
        format!(
            "{}-{}-{}",
            part(self.year.map(|y| y.to_string())),
            part(self.month.map(|m| m.to_string())),
            part(self.day.map(|d| d.to_string()))
        )
    }

    /// The mention of a date found in a line.
    pub fn from_match(line: &Line<'_>, found: &DateMatch) -> DateMention {
        let column = line.column_of(found.start);
        let len = line
            .folded
            .get(found.start..found.end)
            .map_or(0, |t| t.chars().count()) as u32;
        DateMention {
            line: line.no,
            column,
            len,
            raw: line.raw_of_folded(found.start, found.end).to_string(),
            year: found.year,
            month: found.month,
            day: found.day,
            year_inherited: false,
        }
    }
}

/// A line that is only a date, as a signature's date is written: 「2024年1月11日」,
/// 「二〇二四年一月」.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号])?$",
    )
    .expect("valid regex")
});

/// Whether a folded, trimmed line is only a date, as a signature's date is written.
pub fn is_date_line(folded: &str) -> bool {
    if crate::text::more_chars_than(folded, 20) {
        return false;
    }
    // Read by hand ([`date_line_by_hand`]); the regex, its definition, only decides a line
    // that may hold a decimal digit beyond ASCII's.
    if may_hold_other_digits(folded.as_bytes()) {
        DATE_LINE.is_match(folded)
    } else {
        date_line_by_hand(folded)
    }
}

/// [`DATE_LINE`] on a text whose only decimal digits are ASCII's: a year of four digits or
/// four Chinese numerals, 年, a month of one or two digits or one to three numerals, 月, and
/// perhaps a day the same way with 日 or 号, spaces (`\s`: `char::is_whitespace`) between
/// them, nothing else.
fn date_line_by_hand(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let run = |at: usize, class: &dyn Fn(char) -> bool| {
        chars
            .get(at..)
            .map_or(0, |rest| rest.iter().take_while(|&&c| class(c)).count())
    };
    let spaces = |at: usize| at + run(at, &|c: char| c.is_whitespace());
    let is = |at: usize, word: &[char]| chars.get(at).is_some_and(|c| word.contains(c));
    // One or two digits, or one to three numerals, and the offset after them.
    let number = |at: usize| match run(at, &|c: char| c.is_ascii_digit()) {
        0 => Some(run(at, &is_chinese_day_char))
            .filter(|n| (1..=3).contains(n))
            .map(|n| at + n),
        n @ 1..=2 => Some(at + n),
        _ => None,
    };
    // Four digits or four numerals (DATE_LINE's numerals hold no Latin O or 0).
    let numeral = |c: char| !matches!(c, 'O' | 'o' | '0') && is_chinese_year_char(c);
    if run(0, &|c: char| c.is_ascii_digit()) < 4 && run(0, &numeral) < 4 {
        return false;
    }
    let after_year = spaces(4);
    if !is(after_year, &['年']) {
        return false;
    }
    let Some(month_end) = number(spaces(after_year + 1)) else {
        return false;
    };
    let after_month = spaces(month_end);
    if !is(after_month, &['月']) {
        return false;
    }
    if after_month + 1 == chars.len() {
        return true;
    }
    let Some(day_end) = number(spaces(after_month + 1)) else {
        return false;
    };
    let after_day = spaces(day_end);
    is(after_day, &['日', '号']) && after_day + 1 == chars.len()
}

/// How many characters on each side of a line break are looked at for a date it cuts.
const WRAP_WINDOW: usize = 12;

/// Whether a line break cuts a date: the line ends with a date's beginning and the next line
/// goes on with its rest (「…至2025」 + 「年1月1日」, 「2023年12」 + 「月31日」), as text extracted
/// from a PDF breaks lines anywhere. Both are folded lines.
pub fn wraps_inside_date(line: &str, next: &str) -> bool {
    // The two ends are tested first, by a `match` on one character each: most pairs of lines
    // (every pair of prose lines is asked) fail there.
    let before = line.trim_end();
    let ends_in_date = before.chars().next_back().is_some_and(|c| {
        c.is_ascii_digit() || numerals::year_digit(c).is_some() || matches!(c, '年' | '月' | '十')
    });
    if !ends_in_date {
        return false;
    }
    let after = next.trim_start();
    let goes_on = after.chars().next().is_some_and(|c| {
        c.is_ascii_digit()
            || numerals::year_digit(c).is_some()
            || matches!(c, '年' | '月' | '日' | '号' | '十')
    });
    if !goes_on {
        return false;
    }
    let tail: String = {
        let chars: Vec<char> = before.chars().rev().take(WRAP_WINDOW).collect();
        chars.into_iter().rev().collect()
    };
    let head: String = after.chars().take(WRAP_WINDOW).collect();
    let joined = tail.clone() + &head;
    let cut = tail.len();
    find_dates(&joined)
        .iter()
        .any(|d| d.start < cut && d.end > cut)
}

/// A line joined with the next one where a line break cuts a date, so that date readers see the
/// whole date. The next line's leading whitespace is left out. Raw and folded text are joined
/// alike, so the joined line keeps folding's one-to-one columns; [`WrappedLine::place`] puts a
/// date found on it back on the line where it starts.
#[derive(Debug, Clone)]
pub struct WrappedLine {
    no: u32,
    next_no: u32,
    raw: String,
    folded: String,
    /// Characters of the first line.
    first_chars: u32,
    /// Leading whitespace characters of the next line left out.
    skipped: u32,
}

impl WrappedLine {
    /// `line` joined with `next`, when the break between them cuts a date.
    pub fn join(line: &Line<'_>, next: &Line<'_>) -> Option<WrappedLine> {
        Self::join_if(line, next, wraps_inside_date)
    }

    /// `line` joined with `next`, when the break between them cuts a date or a number from
    /// its digits or its measure (「常务会议 7⏎期」, see
    /// [`crate::report::narrative::numbers::wraps_inside_number`]).
    pub fn join_at_cut(line: &Line<'_>, next: &Line<'_>) -> Option<WrappedLine> {
        Self::join_if(line, next, |a, b| {
            crate::report::narrative::numbers::wraps_inside_number(a, b) || wraps_inside_date(a, b)
        })
    }

    fn join_if(
        line: &Line<'_>,
        next: &Line<'_>,
        cut: impl Fn(&str, &str) -> bool,
    ) -> Option<WrappedLine> {
        if next.no != line.no + 1 || !cut(line.folded, next.folded) {
            return None;
        }
        let skipped = next
            .folded
            .chars()
            .take_while(|c| c.is_whitespace())
            .count();
        let raw_from = next
            .raw
            .char_indices()
            .nth(skipped)
            .map_or(next.raw.len(), |(i, _)| i);
        let folded_from = next.folded.len() - next.folded.trim_start().len();
        Some(WrappedLine {
            no: line.no,
            next_no: next.no,
            raw: format!("{}{}", line.raw, &next.raw[raw_from..]),
            folded: format!("{}{}", line.folded, &next.folded[folded_from..]),
            first_chars: line.folded.chars().count() as u32,
            skipped: skipped as u32,
        })
    }

    /// The joined text as one line, numbered as the first.
    pub fn line(&self) -> Line<'_> {
        Line::detached(self.no, &self.raw, &self.folded)
    }

    /// The number of the next line, joined into this one.
    pub fn next_no(&self) -> u32 {
        self.next_no
    }

    /// Characters of the first line in the joined text.
    pub fn first_chars(&self) -> u32 {
        self.first_chars
    }

    /// A date found on the joined line, put back where it starts: on the first line (its raw
    /// text then runs over the break), or on the next line at its own column.
    pub fn place(&self, mut mention: DateMention) -> DateMention {
        (mention.line, mention.column) = self.place_column(mention.column);
        mention
    }

    /// The line and column of a character at `column` of the joined line.
    pub fn place_column(&self, column: u32) -> (u32, u32) {
        if column > self.first_chars {
            (self.next_no, column - self.first_chars + self.skipped)
        } else {
            (self.no, column)
        }
    }
}

/// A date found in a folded line, before it is tied to a line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte range in the folded line.
    pub start: usize,
    pub end: usize,
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// The definition of [`arabic_dates`], and the search of a line that may hold a digit other
/// than ASCII's.
static ARABIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(\d{4}) *年 *)?(\d{1,2}) *月(?: *(\d{1,2}) *(日|号)?)?|(\d{4}) *年")
        .expect("valid regex")
});

static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4}) *([-/.]) *(\d{1,2}) *([-/.]) *(\d{1,2})").expect("valid regex")
});

/// The definition of [`chinese_dates`], which tests compare it with.
#[cfg(test)]
static CHINESE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([〇○零Oo0一二三四五六七八九]{4}) *年 *([元一二三四五六七八九十]{1,3}) *月(?: *([一二三四五六七八九十]{1,3}) *日)?")
        .expect("valid regex")
});

/// Finds the dates written in a folded line, in order. A bare `2023年` is a year, not a date,
/// and is not returned; `2023年12月` (no day) is returned with its day missing.
///
/// Every line of the front matter, and every pair of lines a break may cut a date across, is
/// read here, so the two patterns are scanned by hand ([`arabic_dates`], [`chinese_dates`])
/// rather than by the regexes [`ARABIC_DATE`] and [`CHINESE_DATE`], which stay the definition
/// (a test compares the two) and the fallback: `\d` is any Unicode decimal digit, which the
/// scanner does not read, so a line that may hold one is searched by the regex.
pub fn find_dates(folded: &str) -> Vec<DateMatch> {
    let mut found = Vec::new();
    if memchr::memmem::find(folded.as_bytes(), "月".as_bytes()).is_none() {
        return found;
    }
    if may_hold_other_digits(folded.as_bytes()) {
        arabic_dates_by_regex(folded, &mut found);
    } else {
        arabic_dates(folded.as_bytes(), &mut found);
    }
    chinese_dates(folded, &mut found);
    found.sort_by_key(|d| d.start);
    found
}

/// The dates of [`ARABIC_DATE`] in `folded`, by the regex.
fn arabic_dates_by_regex(folded: &str, found: &mut Vec<DateMatch>) {
    for caps in ARABIC_DATE.captures_iter(folded) {
        if caps.get(5).is_some() {
            continue;
        }
        let Some(whole) = caps.get(0) else { continue };
        let month: Option<u32> = caps.get(2).and_then(|m| m.as_str().parse().ok());
        let day: Option<u32> = caps.get(3).and_then(|m| m.as_str().parse().ok());
        let mut end = whole.end();
        // Digits directly after 月 without 日 ("12月31"): keep them as the day, the missing 日 is
        // for the caller to judge from the text that follows.
        if caps.get(3).is_some() && caps.get(4).is_none() {
            end = caps.get(3).map_or(end, |m| m.end());
        }
        found.push(DateMatch {
            start: whole.start(),
            end,
            year: caps.get(1).and_then(|m| m.as_str().parse().ok()),
            month,
            day,
        });
    }
}

/// Whether `bytes` (UTF-8) may hold a decimal digit other than ASCII's, which `\d` matches:
/// decided from lead bytes, as every such digit starts with 0xD9–0xE1 (U+0660–U+1FFF), 0xEA
/// (U+A000–U+AFFF), 0xF0–0xF4 (beyond the BMP) or is a full-width digit (U+FF10–U+FF19, folded
/// away in folded text). CJK ideographs and punctuation never do.
fn may_hold_other_digits(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        if matches!(b, 0xD9..=0xE1 | 0xEA | 0xF0..=0xFF)
            || (b == 0xEF && bytes.get(i + 1) == Some(&0xBC))
                && bytes.get(i + 2).is_some_and(|c| (0x90..=0x99).contains(c))
        {
            return true;
        }
        i += if b >= 0xE0 { 3 } else { 2 };
    }
    false
}

/// The length of the run of ASCII digits at `at`.
fn digits_at(bytes: &[u8], at: usize) -> usize {
    bytes.get(at..).map_or(0, |rest| {
        rest.iter().take_while(|b| b.is_ascii_digit()).count()
    })
}

/// The offset after the spaces at `at`.
fn after_spaces(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    at
}

/// The offset after `word` when it is at `at`.
fn after_word(bytes: &[u8], at: usize, word: &str) -> Option<usize> {
    bytes
        .get(at..)?
        .starts_with(word.as_bytes())
        .then_some(at + word.len())
}

/// The value of the ASCII digits `bytes[range]` (at most four).
fn digits_value(bytes: &[u8], range: std::ops::Range<usize>) -> u32 {
    bytes[range]
        .iter()
        .fold(0, |n, b| n * 10 + u32::from(b - b'0'))
}

/// `(\d{1,2}) *月(?: *(\d{1,2}) *(日|号)?)?` at `at`, ASCII digits only: the month's digits, and
/// the day's digits with whether 日/号 ends them, and where the regex's match would end.
fn arabic_month_at(bytes: &[u8], at: usize) -> Option<ArabicMonth> {
    let month_len = digits_at(bytes, at);
    if !(1..=2).contains(&month_len) {
        return None;
    }
    let after_month = after_word(bytes, after_spaces(bytes, at + month_len), "月")?;
    let day_from = after_spaces(bytes, after_month);
    let day_len = digits_at(bytes, day_from).min(2);
    if day_len == 0 {
        return Some(ArabicMonth {
            month: at..at + month_len,
            day: None,
            end: after_month,
        });
    }
    let day = day_from..day_from + day_len;
    let after = after_spaces(bytes, day.end);
    let end = after_word(bytes, after, "日")
        .or_else(|| after_word(bytes, after, "号"))
        // Without 日 the date ends with its digits (「12月31」): what follows is for the
        // caller to judge.
        .unwrap_or(day.end);
    Some(ArabicMonth {
        month: at..at + month_len,
        day: Some(day),
        end,
    })
}

/// What [`arabic_month_at`] read.
struct ArabicMonth {
    month: std::ops::Range<usize>,
    day: Option<std::ops::Range<usize>>,
    end: usize,
}

/// The dates of [`ARABIC_DATE`] in `bytes` holding no digit but ASCII's, as the regex finds
/// them: at each digit, leftmost first, a year (`\d{4} *年 *`) before the month when one is
/// there, else the month alone. The regex's third branch (a bare year) is never returned and
/// cannot hide a date: the text it takes (`\d{4} *年`) has no 月 for a date to start in.
fn arabic_dates(bytes: &[u8], found: &mut Vec<DateMatch>) {
    let mut at = 0;
    while let Some(skip) = bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(u8::is_ascii_digit))
    {
        let start = at + skip;
        let with_year = (digits_at(bytes, start) >= 4)
            .then(|| after_word(bytes, after_spaces(bytes, start + 4), "年"))
            .flatten()
            .and_then(|after| arabic_month_at(bytes, after_spaces(bytes, after)));
        let (year, month) = match with_year {
            Some(month) => (
                Some(digits_value(bytes, start..start + 4) as i32),
                Some(month),
            ),
            None => (None, arabic_month_at(bytes, start)),
        };
        let Some(month) = month else {
            at = start + 1;
            continue;
        };
        found.push(DateMatch {
            start,
            end: month.end,
            year,
            month: Some(digits_value(bytes, month.month)),
            day: month.day.map(|day| digits_value(bytes, day)),
        });
        at = month.end;
    }
}

/// The characters of a year in Chinese numerals (with the zeros and Latin O's written for 〇).
fn is_chinese_year_char(c: char) -> bool {
    numerals::year_digit(c).is_some()
}

/// The characters of a day in Chinese numerals: 一 to 九 and 十.
fn is_chinese_day_char(c: char) -> bool {
    c == '十' || numerals::digit(c).is_some_and(|d| d > 0)
}

/// The characters of a month in Chinese numerals (元月 is January).
fn is_chinese_month_char(c: char) -> bool {
    c == '元' || is_chinese_day_char(c)
}

/// The end of a run of one to three characters of `class` at `at` followed by spaces and
/// `word` (the run must end there: `[…]{1,3} *word`), with the run's range.
fn numeral_then(
    text: &str,
    at: usize,
    class: fn(char) -> bool,
    word: char,
) -> Option<(std::ops::Range<usize>, usize)> {
    let (mut run_end, mut count) = (at, 0);
    for c in text[at..].chars().take_while(|&c| class(c)) {
        count += 1;
        if count > 3 {
            return None;
        }
        run_end += c.len_utf8();
    }
    if count == 0 {
        return None;
    }
    let after = after_spaces(text.as_bytes(), run_end);
    text[after..]
        .starts_with(word)
        .then(|| (at..run_end, after + word.len_utf8()))
}

/// The dates of [`CHINESE_DATE`] in `folded`, as the regex finds them: every match holds one
/// 年, preceded by spaces and exactly the four year characters before them, so each 年 is
/// looked at once, in order, and the year read backwards from it.
fn chinese_dates(folded: &str, found: &mut Vec<DateMatch>) {
    let bytes = folded.as_bytes();
    let mut resume = 0;
    for at in memchr::memmem::find_iter(bytes, "年".as_bytes()) {
        if at < resume {
            continue;
        }
        let before = folded[..at].trim_end_matches(' ');
        let Some(start) = before
            .char_indices()
            .rev()
            .take(4)
            .take_while(|&(_, c)| is_chinese_year_char(c))
            .map(|(i, _)| i)
            .nth(3)
        else {
            continue;
        };
        if start < resume {
            continue;
        }
        let after_year = after_spaces(bytes, at + "年".len());
        let Some((month, after_month)) =
            numeral_then(folded, after_year, is_chinese_month_char, '月')
        else {
            continue;
        };
        let day_from = after_spaces(bytes, after_month);
        let day = numeral_then(folded, day_from, is_chinese_day_char, '日');
        let end = day.as_ref().map_or(after_month, |&(_, end)| end);
        found.push(DateMatch {
            start,
            end,
            year: numerals::year(&folded[start..before.len()]),
            month: match &folded[month] {
                "元" => Some(1),
                other => numerals::small_number(other),
            },
            day: day.and_then(|(day, _)| numerals::small_number(&folded[day])),
        });
        resume = end;
    }
}

/// Finds a date written in digits and separators (`2024-01-11`, `2024.1.11`, `2024/01/11`),
/// as publishing platforms print it beside 「发布日期」. Both separators must be the same and
/// the date must not continue a longer number.
pub fn find_numeric_date(folded: &str) -> Option<DateMatch> {
    // The separators are ASCII: a line without any (most) is not searched.
    memchr::memchr3(b'-', b'/', b'.', folded.as_bytes())?;
    for caps in NUMERIC_DATE.captures_iter(folded) {
        let (Some(whole), Some(sep1), Some(sep2)) = (caps.get(0), caps.get(2), caps.get(4)) else {
            continue;
        };
        let before = folded[..whole.start()].chars().next_back();
        let after = folded[whole.end()..].chars().next();
        if sep1.as_str() != sep2.as_str()
            || before.is_some_and(|c| c.is_ascii_digit())
            || after.is_some_and(|c| c.is_ascii_digit())
        {
            continue;
        }
        return Some(DateMatch {
            start: whole.start(),
            end: whole.end(),
            year: caps.get(1).and_then(|m| m.as_str().parse().ok()),
            month: caps.get(3).and_then(|m| m.as_str().parse().ok()),
            day: caps.get(5).and_then(|m| m.as_str().parse().ok()),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    /// The dates as the regexes find them: the definition the scanners are held to.
    fn by_regex(folded: &str) -> Vec<DateMatch> {
        let mut found = Vec::new();
        if !folded.contains('月') {
            return found;
        }
        arabic_dates_by_regex(folded, &mut found);
        for caps in CHINESE_DATE.captures_iter(folded) {
            let Some(whole) = caps.get(0) else { continue };
            found.push(DateMatch {
                start: whole.start(),
                end: whole.end(),
                year: caps.get(1).and_then(|m| numerals::year(m.as_str())),
                month: caps.get(2).and_then(|m| match m.as_str() {
                    "元" => Some(1),
                    other => numerals::small_number(other),
                }),
                day: caps.get(3).and_then(|m| numerals::small_number(m.as_str())),
            });
        }
        found.sort_by_key(|d| d.start);
        found
    }

    /// Pieces of dates, near-dates and what surrounds them, with digits `\d` matches beyond
    /// ASCII (Arabic-Indic, full-width) for the fallback.
    const PIECES: &[&str] = &[
        "2023",
        "2024",
        "12",
        "1",
        "3",
        "0",
        "123",
        "12345",
        "年",
        "年度",
        "月",
        "日",
        "号",
        " ",
        "  ",
        "二〇二四",
        "二O二三",
        "二o二",
        "〇",
        "○",
        "零",
        "一",
        "二",
        "九",
        "十",
        "三十一",
        "十二",
        "元",
        "，",
        "至",
        "止",
        "自",
        "x",
        "-",
        "٣",
        "２",
        "𝟙",
        "·",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn the_scanners_find_what_the_regexes_find(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24)
        ) {
            let text = pieces.concat();
            prop_assert_eq!(find_dates(&text), by_regex(&text), "{}", text);
        }
    }

    #[test]
    fn the_scanners_find_what_the_regexes_find_in_report_lines() {
        for text in [
            "统计期限为2023年1月1日起至2022年12月31日止",
            "2023年1月1日至12月31日止",
            "自 2024 年 1 月 1 日至 2024 年 12 月 31 日",
            "起至2024年12月31",
            "二〇二四年一月十一日",
            "二O二四年元月三十一日",
            "二0二三年十二月",
            "2023年，我局12月共收到",
            "12023年5月",
            "1月234月",
            "2024年 12 月 31 号",
            "二〇二四二〇二四年 一 月 十一 日",
            "二〇二四年十一十二月",
            "２０２４年１２月３１日",
            "٢٠٢٤年1月1日",
        ] {
            assert_eq!(find_dates(text), by_regex(text), "{text}");
        }
    }

    /// Each part of a date line, right and wrong, for [`date_line_by_hand`] against
    /// [`DATE_LINE`].
    const YEARS: &[&str] = &[
        "2024",
        "12024",
        "202",
        "二〇二四",
        "二O二四",
        "〇○零九",
        "二〇二",
        "٢٠٢٤",
        "",
    ];
    const SPACES: &[&str] = &["", " ", "  ", "\t", "\u{3000}", "\u{2028}"];
    const NUMBERS: &[&str] = &[
        "1",
        "12",
        "123",
        "一",
        "十一",
        "三十一",
        "十二十一",
        "元",
        "١",
        "1一",
        "",
    ];
    const YEAR_MARKS: &[&str] = &["年", "年", "年", "月", ""];
    const MONTH_MARKS: &[&str] = &["月", "月", "月", "日", ""];
    const DAY_MARKS: &[&str] = &["日", "号", "日", "x", ""];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6000))]
        #[test]
        fn date_lines_by_hand_are_date_lines_by_regex(
            year in proptest::sample::select(YEARS),
            spaces in proptest::collection::vec(proptest::sample::select(SPACES), 6),
            year_mark in proptest::sample::select(YEAR_MARKS),
            month in proptest::sample::select(NUMBERS),
            month_mark in proptest::sample::select(MONTH_MARKS),
            day in proptest::sample::select(NUMBERS),
            day_mark in proptest::sample::select(DAY_MARKS),
        ) {
            let text = [
                year, spaces[0], year_mark, spaces[1], month, spaces[2], month_mark, spaces[3],
                day, spaces[4], day_mark, spaces[5],
            ]
            .concat();
            let by_regex = !crate::text::more_chars_than(&text, 20) && DATE_LINE.is_match(&text);
            prop_assert_eq!(is_date_line(&text), by_regex, "{}", text);
        }
    }

    #[test]
    fn date_lines() {
        for line in [
            "2024年1月11日",
            "二〇二四年一月",
            "2024 年 12 月 31 号",
            "二〇二四年十二月三十一日",
        ] {
            assert!(is_date_line(line), "{line}");
            assert!(DATE_LINE.is_match(line), "{line}");
        }
        for line in [
            "2024年1月11日止",
            "2024年",
            "二O二四年一月",
            "2024年1月 ",
            "12024年1月",
        ] {
            assert!(!is_date_line(line), "{line}");
            assert!(!DATE_LINE.is_match(line), "{line}");
        }
    }

    #[test]
    fn every_other_decimal_digit_is_seen_from_its_lead_byte() {
        let digit = Regex::new(r"^\d$").expect("valid regex");
        let mut utf8 = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !c.is_ascii_digit() && digit.is_match(c.encode_utf8(&mut utf8)) {
                assert!(
                    may_hold_other_digits(c.encode_utf8(&mut utf8).as_bytes()),
                    "{c:?}"
                );
            }
        }
        assert!(!may_hold_other_digits("二〇二四年，“统计”：1月".as_bytes()));
    }

    #[test]
    fn line_breaks_inside_dates() {
        assert!(wraps_inside_date("统计期限自2025", "年1月1日起"));
        assert!(wraps_inside_date("至2023年12", "月31日止。"));
        assert!(wraps_inside_date("2024年", " 1月11日"));
        assert!(wraps_inside_date("二〇二四", "年一月十一日"));
        assert!(!wraps_inside_date("共收到申请12", "件。"));
        assert!(!wraps_inside_date("2023年1月1日", "至2023年12月31日"));
        assert!(!wraps_inside_date("规章\t1\t0\t11", "行政规范性文件\t8"));
    }

    #[test]
    fn a_date_found_on_joined_lines_is_placed_where_it_starts() {
        let doc = crate::text::Document::new("落款\n　2024\n　年1月11日，另见2月3日");
        let (first, second) = (doc.line(2).unwrap(), doc.line(3).unwrap());
        let joined = WrappedLine::join(&first, &second).expect("joined");
        let line = joined.line();
        let dates = find_dates(line.folded);
        let whole = joined.place(DateMention::from_match(&line, &dates[0]));
        assert_eq!((whole.line, whole.column), (2, 2));
        assert_eq!(whole.raw, "2024年1月11日");
        let later = joined.place(DateMention::from_match(&line, &dates[1]));
        assert_eq!(
            (later.line, later.column, later.raw.as_str()),
            (3, 11, "2月3日")
        );
    }

    fn parts(folded: &str) -> Vec<(Option<i32>, Option<u32>, Option<u32>)> {
        find_dates(folded)
            .into_iter()
            .map(|d| (d.year, d.month, d.day))
            .collect()
    }

    #[test]
    fn reads_full_and_partial_dates() {
        assert_eq!(
            parts("统计期限为2023年1月1日起至2022年12月31日止"),
            [
                (Some(2023), Some(1), Some(1)),
                (Some(2022), Some(12), Some(31))
            ]
        );
        assert_eq!(
            parts("2023年1月1日至12月31日止"),
            [(Some(2023), Some(1), Some(1)), (None, Some(12), Some(31))]
        );
        assert_eq!(
            parts("自 2024 年 1 月 1 日至 2024 年 12 月 31 日"),
            [
                (Some(2024), Some(1), Some(1)),
                (Some(2024), Some(12), Some(31))
            ]
        );
        assert_eq!(
            parts("起至2024年12月31"),
            [(Some(2024), Some(12), Some(31))]
        );
        assert_eq!(
            parts("二〇二四年一月十一日"),
            [(Some(2024), Some(1), Some(11))]
        );
        assert!(parts("2023年，我局").is_empty());
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        assert!(CivilDate::new(2023, 2, 29).is_none());
        assert!(CivilDate::new(2024, 2, 29).is_some());
        assert!(CivilDate::new(2023, 13, 1).is_none());
        assert!(CivilDate::new(2023, 4, 31).is_none());
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
    }

    #[test]
    fn chinese_dates_with_latin_zeros_and_yuanyue() {
        assert_eq!(
            parts("二O二四年元月三十一日"),
            [(Some(2024), Some(1), Some(31))]
        );
        assert_eq!(parts("二0二三年十二月"), [(Some(2023), Some(12), None)]);
    }

    #[test]
    fn numeric_dates() {
        let found =
            find_numeric_date("发布日期：2024-01-15 10:00").map(|d| (d.year, d.month, d.day));
        assert_eq!(found, Some((Some(2024), Some(1), Some(15))));
        assert!(find_numeric_date("电话：0478-5912944").is_none());
        assert!(find_numeric_date("2024-01.15").is_none());
        assert!(find_numeric_date("12024.1.15").is_none());
    }

    fn mention(raw: &str) -> DateMention {
        let doc = crate::text::Document::new(raw);
        let line = doc.line(1).expect("one line");
        let found = find_dates(line.folded)
            .into_iter()
            .next()
            .or_else(|| find_numeric_date(line.folded))
            .expect("a date");
        DateMention::from_match(&line, &found)
    }

    #[test]
    fn mentions_keep_what_was_written() {
        let m = mention("至２０２４年１２月３１日止");
        assert_eq!((m.column, m.len), (2, 11));
        assert_eq!(m.raw, "２０２４年１２月３１日");
        assert!(m.is_terminated());
        assert_eq!(m.parts_key(), "2024-12-31");
        let cut = mention("至2024年12月31");
        assert!(!cut.is_terminated());
        assert!(cut.is_complete());
        assert!(mention("2024-01-15").is_terminated());
        assert_eq!(mention("2024年12月").parts_key(), "2024-12-?");
        assert!(mention("2023年2月30日").is_impossible());
        assert!(mention("2023年13月").is_impossible());
        assert!(!mention("2024年2月29日").is_impossible());
    }
}
