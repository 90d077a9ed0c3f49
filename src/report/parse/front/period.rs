//! The statistics period sentence: 「本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止」
//! and its variants (统计时限/统计时间/统计期间, 「…至…」, spaces inside dates, an end date
//! without a year, an end date cut off before 日).

use crate::report::dates::{find_dates, DateMatch, DateMention, WrappedLine};
use crate::report::Period;
use crate::text::{Document, Line};

use super::title::{compact, year_in};

/// The words that introduce the period.
const KEYWORDS: [&str; 7] = [
    "统计期限",
    "统计时限",
    "统计时间",
    "统计期间",
    "统计周期",
    "统计时段",
    "统计区间",
];

/// What ends the sentence, in folded text (full-width ；！？ fold to ASCII).
const SENTENCE_END: [char; 4] = ['。', ';', '!', '?'];

/// Words between the keyword and a lone date that make that date the end of the period.
const UNTIL: [&str; 4] = ["截至", "截止", "至", "到"];

/// The statistics period: the first keyword followed by dates (or a year); failing that, the
/// first keyword that states a period without any (「统计期限为本年度」), so that it is
/// reported as malformed rather than missing.
pub fn find(doc: &Document) -> Option<Period> {
    let mut undated = None;
    // Only the lines holding 「统计」 are read: one search of the whole text finds them.
    let stem = &*STEM_FINDER;
    let found = stem.find_iter(doc.folded().as_bytes());
    for line in doc.lines_at(found) {
        let hits = keyword_hits(line.folded, stem);
        // A line break inside a date of the sentence (「…至2023年12」 + 「月31日止。」) is read
        // through: the two lines are read as one.
        let next = doc.line(line.no + 1);
        let wrapped = next.and_then(|n| WrappedLine::join(&line, &n));
        let (reading, after) = match &wrapped {
            Some(w) => (w.line(), doc.line(w.next_no() + 1)),
            None => (line, next),
        };
        for (at, keyword) in hits {
            let period = read(&reading, after, at, keyword, wrapped.as_ref());
            if period.start.is_some() || period.end.is_some() || period.whole_year.is_some() {
                return Some(period);
            }
            if undated.is_none() && states_a_period(&line.folded[at + keyword.len()..]) {
                undated = Some(period);
            }
        }
    }
    undated
}

/// What every keyword opens with: the lines to read hold it.
const STEM: &str = "统计";

/// Finds [`STEM`], built once: every report is searched for it (a searcher built per report
/// cost more than the searches).
static STEM_FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(STEM));

/// The keywords of a line, in order, with their byte offsets: each 「统计」 (found by `stem`)
/// that one of [`KEYWORDS`] opens at. As every keyword opens with the stem, is as long as the
/// others and cannot overlap itself, this is every match of every keyword, sorted, without a
/// substring search per keyword.
fn keyword_hits<'t>(
    folded: &'t str,
    stem: &'t memchr::memmem::Finder<'_>,
) -> impl Iterator<Item = (usize, &'static str)> + 't {
    stem.find_iter(folded.as_bytes()).filter_map(move |at| {
        KEYWORDS
            .iter()
            .find(|k| folded.as_bytes()[at..].starts_with(k.as_bytes()))
            .map(|k| (at, *k))
    })
}

/// Whether the text after a keyword goes on to state the period (「为…」, 「：…」, 「自…」).
fn states_a_period(after: &str) -> bool {
    let after = after.trim_start();
    ["为", "是", ":", "自", "从", "截至", "截止"]
        .iter()
        .any(|w| after.starts_with(w))
}

/// A date found in the sentence, with the line it is on.
struct Found<'a> {
    line: Line<'a>,
    date: DateMatch,
}

fn read(
    line: &Line<'_>,
    next: Option<Line<'_>>,
    at: usize,
    keyword: &str,
    wrap: Option<&WrappedLine>,
) -> Period {
    let mut body_start = at + keyword.len();
    let end = sentence_end(line.folded, body_start);
    let mut dates: Vec<Found<'_>> = dates_in(line, body_start, end);
    // 「2023年1月1日至2023年12月31日为本报告统计期限」: the dates come before the keyword.
    let mut text_from = at;
    if dates.is_empty() {
        let sentence_start = line.folded[..at].rfind(SENTENCE_END).map_or(0, |i| {
            i + line.folded[i..].chars().next().map_or(1, char::len_utf8)
        });
        let before = dates_in(line, sentence_start, at);
        if before.len() >= 2 {
            dates = before;
            text_from = sentence_start;
            body_start = sentence_start;
        }
    }
    let column = line.column_of(at);
    let mut text = line.raw_of_folded(text_from, end).to_string();
    let mut last_line = line.no;
    let mut tail = line.folded[body_start..end].to_string();
    // The sentence goes on to the next line when it has no full stop and lacks its end date.
    let ran_on = end == line.folded.len();
    if let Some(next) = next.filter(|n| ran_on && dates.len() < 2 && !n.is_blank()) {
        let next_end = sentence_end(next.folded, 0);
        let more = find_dates(&next.folded[..next_end]);
        if !more.is_empty() {
            dates.extend(more.into_iter().map(|date| Found { line: next, date }));
            text.push('\n');
            text.push_str(next.raw_of_folded(0, next_end));
            tail.push_str(&next.folded[..next_end]);
            last_line = next.no;
        }
    }
    let (start, end_date) = assign(&dates, &line.folded[body_start..end], line.no, body_start);
    // Text extracted from PDF breaks lines anywhere: 「…至2023年12月31」 then 「日。」 on the
    // next line is a whole date, not a cut-off one.
    let wrapped_at_day = end_date.is_some_and(|f| {
        f.line.no == line.no
            && last_line == line.no
            && f.date.end == line.folded.trim_end().len()
            && next.is_some_and(|n| n.folded.trim_start().starts_with(['日', '号']))
    });
    if let Some(next) = next.filter(|_| wrapped_at_day) {
        let next_end = sentence_end(next.folded, 0);
        text.push('\n');
        text.push_str(next.raw_of_folded(0, next_end));
        last_line = next.no;
    }
    let placed = |f: &Found<'_>| {
        let mention = DateMention::from_match(&f.line, &f.date);
        match wrap {
            Some(w) if f.line.no == line.no => w.place(mention),
            _ => mention,
        }
    };
    let mut start = start.map(placed);
    let mut end_date = end_date.map(placed);
    if let Some(w) = wrap {
        // The sentence as written keeps its line break.
        let before_break = (w.first_chars() + 1).saturating_sub(line.column_of(text_from));
        if let Some((byte, _)) = text.char_indices().nth(before_break as usize) {
            text.insert(byte, '\n');
        }
        last_line = last_line.max(w.next_no());
    }
    inherit_years(&mut start, &mut end_date);
    let start_truncated = start
        .as_ref()
        .is_some_and(|s| s.day.is_some() && !s.is_terminated());
    let end_truncated = match &end_date {
        Some(e) => !e.is_terminated() && !wrapped_at_day,
        // 「…起至」 and then nothing: the end was cut off.
        None => start.is_some() && ends_in_until(&tail),
    };
    let whole_year = if dates.is_empty() {
        year_in(&compact(&tail).chars().collect::<Vec<_>>()).map(|(_, y)| y)
    } else {
        None
    };
    Period {
        line: line.no,
        column,
        keyword: line.raw_of_folded(at, at + keyword.len()).to_string(),
        text,
        last_line,
        start,
        end: end_date,
        start_truncated,
        end_truncated,
        whole_year,
    }
}

/// The start and end among the dates of the sentence: the first two; a lone date after 至 or
/// 截至 is the end. `sentence` is the keyword line's text from `body_start` on.
fn assign<'f, 'a>(
    dates: &'f [Found<'a>],
    sentence: &str,
    keyword_line: u32,
    body_start: usize,
) -> (Option<&'f Found<'a>>, Option<&'f Found<'a>>) {
    match dates {
        [] => (None, None),
        [only] => {
            let before = if only.line.no == keyword_line {
                sentence
                    .get(..only.date.start.saturating_sub(body_start))
                    .unwrap_or(sentence)
            } else {
                sentence
            };
            if UNTIL.iter().any(|w| before.contains(w)) {
                (None, Some(only))
            } else {
                (Some(only), None)
            }
        }
        [first, second, ..] => (Some(first), Some(second)),
    }
}

/// An end date without a year takes the start's (「2023年1月1日至12月31日」); a start without
/// one takes the end's.
fn inherit_years(start: &mut Option<DateMention>, end: &mut Option<DateMention>) {
    let (Some(start), Some(end)) = (start.as_mut(), end.as_mut()) else {
        return;
    };
    match (start.year, end.year) {
        (Some(year), None) if end.month.is_some() => {
            end.year = Some(year);
            end.year_inherited = true;
        }
        (None, Some(year)) if start.month.is_some() => {
            start.year = Some(year);
            start.year_inherited = true;
        }
        _ => {}
    }
}

/// Whether the text ends with 至/到 (and perhaps 止), the end date missing.
fn ends_in_until(text: &str) -> bool {
    let trimmed = text.trim_end().trim_end_matches('止').trim_end();
    ["至", "到", "-", "—", "~", "～"]
        .iter()
        .any(|w| trimmed.ends_with(w))
}

/// The byte offset of the end of the sentence starting at `from` (its full stop excluded).
fn sentence_end(folded: &str, from: usize) -> usize {
    folded[from..]
        .find(SENTENCE_END)
        .map_or(folded.len(), |i| from + i)
}

/// The dates in `line.folded[from..to]`, placed on the line.
fn dates_in<'a>(line: &Line<'a>, from: usize, to: usize) -> Vec<Found<'a>> {
    find_dates(&line.folded[from..to])
        .into_iter()
        .map(|d| Found {
            line: *line,
            date: shifted(d, from),
        })
        .collect()
}

fn shifted(mut date: DateMatch, by: usize) -> DateMatch {
    date.start += by;
    date.end += by;
    date
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The former way, kept as the definition: every match of every keyword, sorted.
    fn reference(folded: &str) -> Vec<(usize, &'static str)> {
        let mut hits: Vec<(usize, &'static str)> = KEYWORDS
            .iter()
            .flat_map(|k| folded.match_indices(k).map(|(at, _)| (at, *k)))
            .collect();
        hits.sort_unstable();
        hits
    }

    /// Pieces that build keywords, near misses (「统计」 alone, halves, doubled stems) and filler.
    const PIECES: &[&str] = &[
        "统计",
        "统",
        "计",
        "期限",
        "时限",
        "时间",
        "期间",
        "周期",
        "时段",
        "区间",
        "期",
        "限",
        "时",
        "统计期限",
        "统计区间",
        "统计统计",
        "为",
        "2023年",
        ":",
        " ",
        "a",
        "。",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn keyword_hits_are_every_keyword_match(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..16)
        ) {
            let text = pieces.concat();
            let stem = memchr::memmem::Finder::new(STEM);
            let hits: Vec<_> = keyword_hits(&text, &stem).collect();
            prop_assert_eq!(hits, reference(&text));
        }
    }

    #[test]
    fn keyword_hits_in_a_report_line() {
        let text = "本报告统计数据的统计期限自2023年1月1日起，统计时间同上。";
        let stem = memchr::memmem::Finder::new(STEM);
        let hits: Vec<_> = keyword_hits(text, &stem).collect();
        let at = text.find("统计期限").unwrap();
        let later = text.find("统计时间").unwrap();
        assert_eq!(hits, vec![(at, "统计期限"), (later, "统计时间")]);
        assert_eq!(hits, reference(text));
    }
}
