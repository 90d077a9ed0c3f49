//! The title: the line with 年度报告 near the top, which may wrap over two or three lines
//! (「乌拉特中旗司法局2023年政府信息」+「公开工作年度报告」, 「淮安市人民政府」+「2024 年政府信息
//! 公开工作年度报告」), and the agency and year it names.

use std::borrow::Cow;

use crate::report::front::{string_of, Span};
use crate::report::numerals;
use crate::report::{Section, Title};
use crate::text::{Document, Line};

use super::chrome;

/// How many non-blank lines from the top the title is looked for in.
const SEARCH_LINES: usize = 15;
/// How many lines a title may wrap over.
const MAX_TITLE_LINES: usize = 3;
/// The longest line (in characters, spaces removed) that can be part of a title.
const MAX_TITLE_CHARS: usize = 80;

const MARK: &str = "年度报告";

/// Whether the text names the report: 年度报告, or the short 年报 beside 信息公开/政务公开
/// (「××区2023年政府信息公开年报」), which `title-form` judges.
fn names_report(key: &str) -> bool {
    key.contains(MARK)
        || (key.contains("年报") && (key.contains("信息公开") || key.contains("政务公开")))
}

/// The title: a line with 年度报告 before the first section heading, possibly wrapped.
pub fn find(doc: &Document, sections: &[Section]) -> Option<Title> {
    let first_heading = sections.iter().map(|s| s.heading.line).min();
    let mut rest = doc
        .lines()
        .take_while(|l| first_heading.is_none_or(|h| l.no < h))
        .filter(|l| !l.is_blank() && !chrome::is_chrome(l.folded))
        .take(SEARCH_LINES);
    // The lines are taken as they are read: the title is mostly the first of them, and the
    // lines after it (the preamble's long paragraph) are then never asked whether they are a
    // web page's chrome.
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut i = 0;
    while let Some(line) = take(&mut lines, &mut rest, i) {
        let key = compact(line.folded);
        if names_report(&key) {
            if is_title_text(&key) {
                let first = extend_backwards(&lines, i);
                return Some(build(&lines[first..=i]));
            }
            if let Some(title) = opening_title(&line) {
                return Some(title);
            }
        } else if let Some(next) = take(&mut lines, &mut rest, i + 1) {
            // 年度报告 itself split by the wrap: 「…工作年度」+「报告」. The cheap tests come
            // first: most lines are no fragment, and then nothing is joined.
            let next_key = compact(next.folded);
            if next.no - line.no <= 2 && is_fragment(&key) && !names_report(&next_key) {
                let joined = key.into_owned() + &next_key;
                if names_report(&joined) && is_title_text(&joined) {
                    let first = extend_backwards(&lines, i);
                    return Some(build(&lines[first..=i + 1]));
                }
            }
        }
        i += 1;
    }
    None
}

/// Line `i` of those taken from `rest`, taking more as needed; none past the last.
fn take<'d>(
    lines: &mut Vec<Line<'d>>,
    rest: &mut impl Iterator<Item = Line<'d>>,
    i: usize,
) -> Option<Line<'d>> {
    while lines.len() <= i {
        lines.push(rest.next()?);
    }
    lines.get(i).copied()
}

/// Whether text with 年度报告 reads as a title, not a sentence that mentions the report
/// (「现向社会公布…年度报告。」).
fn is_title_text(key: &str) -> bool {
    !crate::text::more_chars_than(key, MAX_TITLE_CHARS)
        && !key.contains(['。', '，', ',', '；', ';'])
}

/// A short line without sentence punctuation that can be the first part of a wrapped title.
fn is_fragment(key: &str) -> bool {
    let len = key.chars().count();
    (2..=40).contains(&len)
        && !key.contains(['。', '，', ',', '；', ';', '：', ':', '！', '？', '、'])
        && !key.starts_with("附件")
        && !names_report(key)
}

/// The first line of the title ending at `last`: earlier lines are taken while what is joined
/// so far does not start with an agency and a year (「公开工作年度报告」 alone, or
/// 「2024 年政府信息公开工作年度报告」 under 「淮安市人民政府」).
fn extend_backwards(lines: &[Line<'_>], last: usize) -> usize {
    let mut first = last;
    while first > 0 && last - first + 1 < MAX_TITLE_LINES {
        let joined: String = lines[first..=last]
            .iter()
            .map(|l| compact(l.folded))
            .collect();
        let has_head = year_in(&joined.chars().collect::<Vec<_>>()).is_some_and(|(at, _)| at > 0);
        let previous = &lines[first - 1];
        if has_head || lines[first].no - previous.no > 2 || !is_fragment(&compact(previous.folded))
        {
            break;
        }
        first -= 1;
    }
    first
}

/// One character of the title with where it is written.
pub(super) struct Placed {
    pub c: char,
    pub line: u32,
    pub column: u32,
}

/// The visible characters of lines, placed.
pub(super) fn place(lines: &[Line<'_>]) -> Vec<Placed> {
    // A character takes at least one byte: no push grows the vector.
    let mut placed = Vec::with_capacity(lines.iter().map(|l| l.folded.len()).sum());
    for line in lines {
        for (i, c) in line.folded.chars().enumerate() {
            if !c.is_whitespace() {
                placed.push(Placed {
                    c,
                    line: line.no,
                    column: i as u32 + 1,
                });
            }
        }
    }
    placed
}

/// In whitespace-collapsed text (a crawler's dump, the report on one line) the title is the
/// line's opening words up to the first 年度报告, when they read as a title naming a year and
/// a space follows (the line break the dump flattened). A sentence that names the report
/// (「现公布《…年度报告》」) is none.
fn opening_title(line: &Line<'_>) -> Option<Title> {
    let folded = line.folded.trim_start();
    let end = folded.find(MARK)? + MARK.len();
    if !folded[end..].starts_with(char::is_whitespace) {
        return None;
    }
    let key = compact(&folded[..end]);
    if !is_title_text(&key) || key.contains(['《', '「', '“', '"', '：', ':']) {
        return None;
    }
    let lines = std::slice::from_ref(line);
    let placed: Vec<Placed> = place(lines).into_iter().take(key.chars().count()).collect();
    let title = build_placed(placed, lines);
    (title.year.is_some() && title.agency.is_some()).then_some(title)
}

/// The title on its lines, without what a web page writes around it (「标题：」, 「•」, a site
/// name after a dash).
fn build(lines: &[Line<'_>]) -> Title {
    build_placed(place(lines), lines)
}

/// The title from its visible characters, placed on `lines`.
fn build_placed(placed: Vec<Placed>, lines: &[Line<'_>]) -> Title {
    let chars: Vec<char> = placed.iter().map(|p| p.c).collect();
    let from = chrome::title_prefix_len(&chars);
    let to = mark_end(&chars)
        .and_then(|end| chrome::title_suffix_start(&chars, end))
        .unwrap_or(chars.len());
    let (from, to) = if from < to {
        (from, to)
    } else {
        (0, chars.len())
    };
    let kept = &placed[from..to];
    let named = name_and_year_of(kept, &chars[from..to], lines);
    let first = kept
        .first()
        .map_or(lines.first().map_or(0, |l| l.no), |p| p.line);
    let last = kept.last().map_or(first, |p| p.line);
    Title {
        line: first,
        column: kept.first().map_or(1, |p| p.column),
        last_line: last,
        end_column: kept.last().map_or(1, |p| p.column),
        text: raw_text(kept, lines),
        agency: named.agency,
        agency_span: named.agency_span,
        year: named.year,
    }
}

/// The agency and year a report's name states, with where the agency is written.
pub(super) struct Named {
    pub agency: Option<String>,
    pub agency_span: Option<Span>,
    pub year: Option<i32>,
}

/// The agency (before the year, or before the subject when there is no year) and the year of a
/// report's name. What precedes the agency's name (a label, a path) is not part of it.
pub(super) fn name_and_year(placed: &[Placed], lines: &[Line<'_>]) -> Named {
    let chars: Vec<char> = placed.iter().map(|p| p.c).collect();
    name_and_year_of(placed, &chars, lines)
}

/// [`name_and_year`] where the placed characters' `chars` are at hand.
fn name_and_year_of(placed: &[Placed], chars: &[char], lines: &[Line<'_>]) -> Named {
    let year = year_in(chars);
    let agency_end = match year {
        Some((at, _)) => at,
        None => agency_end_without_year(chars),
    };
    let (from, to) = trim_quotes(chars, 0, agency_end);
    let from = chars[from..to]
        .iter()
        .rposition(|c| LABEL_ENDS.contains(c))
        .map_or(from, |i| from + i + 1);
    Named {
        // Made at its size: the name is kept in the model, and collected it grew twice.
        agency: (from < to).then(|| string_of(&chars[from..to])),
        agency_span: (from < to).then(|| span_of(&placed[from..to], lines)),
        year: year.map(|(_, y)| y),
    }
}

/// What ends a label or a path before a name (「标题：」, 「首页 > 年报 > 」, 「名称|」), in
/// folded text: the name starts after the last of them.
const LABEL_ENDS: [char; 7] = [':', '>', '|', '/', '»', '›', '》'];

/// The index after the last mention of the report's name (年度报告, or 年报).
fn mark_end(chars: &[char]) -> Option<usize> {
    // Characters compare as their UTF-8 text does: the last window equal to the mark is where
    // the text's last match of it starts.
    let last_end = |mark: &[char]| {
        chars
            .windows(mark.len())
            .rposition(|w| w == mark)
            .map(|at| at + mark.len())
    };
    last_end(&MARK_CHARS).or_else(|| last_end(&['年', '报']))
}

/// [`MARK`] as characters.
const MARK_CHARS: [char; 4] = ['年', '度', '报', '告'];

/// The raw text from the first placed character to the last, each line trimmed, lines joined
/// without a separator.
fn raw_text(kept: &[Placed], lines: &[Line<'_>]) -> String {
    let (Some(first), Some(last)) = (kept.first(), kept.last()) else {
        return lines.iter().map(|l| l.raw.trim()).collect();
    };
    lines
        .iter()
        .filter(|l| (first.line..=last.line).contains(&l.no))
        .map(|l| {
            let from = if l.no == first.line {
                first.column as usize - 1
            } else {
                0
            };
            let to = if l.no == last.line {
                last.column as usize
            } else {
                l.raw.chars().count()
            };
            l.raw_chars(from, to.saturating_sub(from)).trim()
        })
        .collect()
}

/// Where the agency is written: its run on the first line it occupies.
fn span_of(placed: &[Placed], lines: &[Line<'_>]) -> Span {
    let Some(start) = placed.first() else {
        return Span {
            line: 0,
            column: 0,
            len: 0,
        };
    };
    let end_column = match placed.iter().rev().find(|p| p.line == start.line) {
        Some(last) => last.column,
        None => lines
            .iter()
            .find(|l| l.no == start.line)
            .map_or(start.column, |l| l.folded.trim_end().chars().count() as u32),
    };
    Span {
        line: start.line,
        column: start.column,
        len: end_column.saturating_sub(start.column) + 1,
    }
}

/// Without a year, the agency is what comes before the subject of the report.
pub(super) fn agency_end_without_year(chars: &[char]) -> usize {
    let text: String = chars.iter().collect();
    ["政府信息公开", "政务公开", "信息公开", MARK, "年报"]
        .iter()
        .filter_map(|w| text.find(w))
        .min()
        .map_or(0, |byte| text[..byte].chars().count())
}

/// Drops quotation marks and brackets around the agency (「《北关区司法局」).
fn trim_quotes(chars: &[char], mut from: usize, mut to: usize) -> (usize, usize) {
    const QUOTES: [char; 9] = ['《', '》', '“', '”', '"', '「', '」', '(', ')'];
    while from < to && QUOTES.contains(&chars[from]) {
        from += 1;
    }
    // 「关于…的」 around the agency is not part of its name.
    if to - from > 2 && chars[from] == '关' && chars[from + 1] == '于' {
        from += 2;
    }
    while to > from && (QUOTES.contains(&chars[to - 1]) || chars[to - 1] == '的') {
        to -= 1;
    }
    (from, to)
}

/// The first four-digit year followed by 年 (Arabic or Chinese digits), with its index.
pub(super) fn year_in(chars: &[char]) -> Option<(usize, i32)> {
    let at_digit_boundary = |i: usize| i == 0 || !chars[i - 1].is_ascii_digit();
    for i in 0..chars.len().saturating_sub(4) {
        if chars.get(i + 4) != Some(&'年') {
            continue;
        }
        let digits = &chars[i..i + 4];
        let year = if digits.iter().all(char::is_ascii_digit) && at_digit_boundary(i) {
            // Four ASCII digits are read as such, not written into a string to be parsed.
            Some(
                digits
                    .iter()
                    .fold(0, |year, d| year * 10 + (*d as i32 - '0' as i32)),
            )
        } else {
            numerals::year(&digits.iter().collect::<String>())
        };
        if let Some(year) = year.filter(|y| (1949..=2200).contains(y)) {
            return Some((i, year));
        }
    }
    None
}

/// The folded text with all whitespace removed: borrowed when it has none (a title line
/// mostly has none, and is then not copied).
pub(super) fn compact(folded: &str) -> Cow<'_, str> {
    if folded.contains(char::is_whitespace) {
        Cow::Owned(folded.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title_of(text: &str) -> Option<Title> {
        find(&Document::new(text), &[])
    }

    #[test]
    fn mark_end_is_after_the_last_name_of_the_report() {
        assert_eq!(MARK_CHARS.iter().collect::<String>(), MARK);
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        // The reference: the last match in the text, counted in characters.
        let by_text = |s: &str| {
            s.rfind(MARK)
                .map(|b| s[..b].chars().count() + 4)
                .or_else(|| s.rfind("年报").map(|b| s[..b].chars().count() + 2))
        };
        for text in [
            "某县司法局2023年政府信息公开工作年度报告",
            "某县2023年度报告年度报告-某县政府",
            "某区2023年政府信息公开年报_某区",
            "年报年度报告年报",
            "年度报",
            "",
            "年",
        ] {
            assert_eq!(mark_end(&chars(text)), by_text(text), "{text}");
        }
    }

    #[test]
    fn a_year_of_ascii_digits_is_read_as_parsing_its_text_does() {
        // The old reading, the digits written into a string and parsed.
        let by_parse = |digits: &[char]| {
            digits
                .iter()
                .collect::<String>()
                .parse::<i32>()
                .ok()
                .filter(|y| (1949..=2200).contains(y))
        };
        for n in 0..10_000 {
            for (before, text) in [
                ("", format!("{n:04}年")),
                ("某县", format!("某县{n:04}年报")),
            ] {
                let chars: Vec<char> = text.chars().collect();
                let digits = &chars[before.chars().count()..][..4];
                let expected = by_parse(digits).map(|y| (before.chars().count(), y));
                assert_eq!(year_in(&chars), expected, "{text}");
            }
        }
    }

    #[test]
    fn compact_drops_whitespace_and_borrows_without_it() {
        assert!(matches!(compact("某县2023年度报告"), Cow::Borrowed(_)));
        assert_eq!(compact(" 某县 2023\t年度报告 "), "某县2023年度报告");
        assert_eq!(compact("某县\u{3000}报告"), "某县报告");
    }

    #[test]
    fn collapsed_text_opens_with_its_title() {
        let title = title_of(
            "某县司法局2023年政府信息公开工作年度报告 本报告由某县司法局编制。一、总体情况 2023年，我局……",
        )
        .expect("title");
        assert_eq!(title.text, "某县司法局2023年政府信息公开工作年度报告");
        assert_eq!((title.line, title.column, title.end_column), (1, 1, 22));
        assert_eq!(title.year, Some(2023));
        // A sentence that names the report, or a name run into the next words, is no title.
        for text in [
            "现公布《漳州市司法局2023年政府信息公开工作年度报告》 全文如下。一、总体情况 ……",
            "某县司法局2023年政府信息公开工作年度报告本报告由某县司法局编制。一、总体情况 ……",
            "政府信息公开工作年度报告 本报告由某县司法局编制。一、总体情况 2023年，我局……",
        ] {
            assert!(title_of(text).is_none(), "{text}");
        }
    }
}
