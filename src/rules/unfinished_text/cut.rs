//! A paragraph cut off in the middle of a date or a count, anywhere in the text.

use std::sync::LazyLock;

use regex::Regex;

use super::{tail, Missing, Para, Unfinished, TAIL_CHARS};
use crate::flag::Location;
use crate::report::dates::{is_date_line, wraps_inside_date};
use crate::report::narrative::numbers::wraps_inside_number;
use crate::rules::{Finding, Findings};

/// A date cut before its end, at the end of a line: group 1 is the date fragment, and which of
/// groups 2/3 matched says what is missing.
static CUT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}|(\d{4}\s*年\s*\d{1,2})|(\d{1,2}\s*月\s*\d{1,2}))\s*$")
        .expect("valid regex")
});

/// A count cut before its unit, at the end of a line.
static CUT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:共|计|达|收到|公开|发布|办理|受理|答复|新增|累计|制发|废止)[^,，。;；:：]{0,15}?(\d+(?:\.\d+)?)\s*$")
        .expect("valid regex")
});

/// Numbers that end a line without a unit legitimately: telephone, postcode.
const CONTACT_WORDS: [&str; 8] = [
    "电话",
    "邮编",
    "邮政编码",
    "传真",
    "热线",
    "号码",
    "编码",
    "QQ",
];

/// Whether the next line carries on a date or number that this one breaks off (wrapped text).
fn continues(para: &Para<'_>, next: Option<&Para<'_>>) -> bool {
    next.is_some_and(|n| {
        wraps_inside_number(&para.text, &n.text) || wraps_inside_date(&para.text, &n.text)
    })
}

/// Whether a paragraph's text ends in a digit, as every cut date and cut count does
/// ([`cut_date`] and [`cut_count`] find nothing in a paragraph that does not).
pub(super) fn ends_in_digit(text: &str) -> bool {
    // Told from the last bytes when they are ASCII other than whitespace (a digit or not) or
    // an ideograph (lead byte 0xE4–0xE9: U+4000–U+9FFF, none of them whitespace or a digit),
    // as most paragraphs end: asked of every paragraph, where trimming decodes the last
    // character and looks it up.
    match text.as_bytes() {
        [.., last] if last.is_ascii() && !last.is_ascii_whitespace() && *last != 0x0B => {
            last.is_ascii_digit()
        }
        [.., 0xE4..=0xE9, _, _] => false,
        _ => text.trim_end().ends_with(|c: char| c.is_ascii_digit()),
    }
}

pub(super) fn cut_date(
    para: &Para<'_>,
    next: Option<&Para<'_>>,
    findings: &mut Findings<'_>,
) -> bool {
    let text = para.text.trim_end();
    if !ends_in_digit(&para.text) || is_date_line(text.trim()) {
        return false;
    }
    let Some(caps) = CUT_DATE.captures(text) else {
        return false;
    };
    let Some(date) = caps.get(1) else {
        return false;
    };
    if continues(para, next) {
        return false;
    }
    let missing = if caps.get(2).is_some() {
        Missing::MonthAndDay
    } else {
        Missing::Day
    };
    let column = para.column_of(date.start());
    let len = date.as_str().chars().count();
    let written = para.line.raw_chars(column as usize - 1, len).to_string();
    let tail = tail(para).text;
    findings.report(
        Finding::typed(
            Location::span(para.line.no, column, len as u32),
            Unfinished::CutDate {
                tail: tail.clone(),
                date: written.clone(),
                missing,
            },
        )
        .evidence("text", tail.clone())
        .evidence("date", written.clone())
        .key("date")
        .key(written),
    );
    true
}

pub(super) fn cut_count(
    para: &Para<'_>,
    next: Option<&Para<'_>>,
    findings: &mut Findings<'_>,
) -> bool {
    let text = para.text.trim_end();
    if !ends_in_digit(&para.text) {
        return false;
    }
    let Some(number) = CUT_COUNT.captures(text).and_then(|c| c.get(1)) else {
        return false;
    };
    // 「0 0 0」: a row of cells.
    if text[..number.start()]
        .trim_end()
        .ends_with(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    let before: Vec<char> = text[..number.start()].chars().collect();
    let before: String = before[before.len().saturating_sub(TAIL_CHARS)..]
        .iter()
        .collect();
    if CONTACT_WORDS.iter().any(|w| before.contains(w)) || continues(para, next) {
        return false;
    }
    let tail = tail(para).text;
    let column = para.column_of(number.start());
    let len = number.as_str().chars().count() as u32;
    findings.report(
        Finding::typed(
            Location::span(para.line.no, column, len),
            Unfinished::CutCount { tail: tail.clone() },
        )
        .evidence("text", tail.clone())
        .key("number")
        .key(tail),
    );
    true
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The look at the last bytes answers as trimming the text and asking its last
        /// character, on texts ending in every kind of character and whitespace.
        #[test]
        fn ends_in_digit_reads_as_trimming(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("1"), Just("a"), Just("年"), Just("。"), Just(" "), Just("\t"),
                    Just("\u{b}"), Just("\u{c}"), Just("\u{3000}"), Just("\u{a0}"),
                    Just("\u{2028}"), Just("\u{85}"), Just("é"), Just("😀"), Just("１"),
                    Just("\u{4e00}"), Just("\u{9fff}"), Just("\u{e000}"), Just("\r"),
                ],
                0..8,
            )
        ) {
            let text = parts.concat();
            prop_assert_eq!(
                super::ends_in_digit(&text),
                text.trim_end().ends_with(|c: char| c.is_ascii_digit()),
                "{:?}", text
            );
        }
    }
}
