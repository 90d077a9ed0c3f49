//! 「N 条，其中 a…；b…；c…」: a total followed by its parts.
//!
//! The parts are the counts after 「其中」 (or 「分别为」) in the same unit, up to the end of the
//! 。-sentence, across 「；」. The list stops early at a count that starts another statement
//! (「，已全部办结10件」, 「另有…」, 「共计…」) or, in a later 「；」-sentence, at a count with its
//! own 「其中」 (the next topic's total), or at a count that states a metric of its own
//! (「；行政诉讼1件」). Counts nested in parentheses inside a part are not
//! parts; a list opened inside parentheses ends with them.

use std::sync::LazyLock;

use super::clauses::left_window;
use super::clauses::{Words, COMPARISON};
use super::numbers::{Count, Sentence};
use super::GroupCounts;

/// Where a total and its parts are: indices of (sentence, count) within a 。-sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct List {
    pub total: (usize, usize),
    pub parts: Vec<(usize, usize)>,
    pub exhaustive: bool,
}

/// Words in a part's clause that start another statement rather than list a part.
const STOP: &[&str] = &[
    "办结", "答复", "办理", "回复", "受理", "收到", "结转", "共计", "共有", "总共", "一共", "合计",
    "总计", "累计", "全部", "另", "此外", "同时", "同比", "较",
];
/// [`STOP`] and [`COMPARISON`], each looked for in one pass over a clause.
static STOPS: Words = Words::new(STOP);
static COMPARING: Words = Words::new(COMPARISON);
/// Words that open a clause adding to the list rather than continuing it: 「还…」, 「并…」.
const ADDING: &[&str] = &["还", "并", "也"];
/// The last part names the rest: the list is complete.
const REST: &[&str] = &["其他", "其余", "其它", "剩余", "余下"];
/// [`REST`] looked for in one pass over the last part's clause (five substring searches cost
/// ~1,000 instructions on it).
static NAMES_REST: Words = Words::new(REST);

/// How a list is opened right after a total: `(byte after the marker, opened inside
/// parentheses, says 「分别」)`.
fn marker(text: &str, end: usize) -> Option<(usize, bool, bool)> {
    let after = &text[end..];
    let trimmed = after.trim_start();
    let mut at = end + (after.len() - trimmed.len());
    let mut paren = false;
    if let Some(c) = trimmed.chars().next() {
        if matches!(c, ',' | ':' | '(') {
            paren = c == '(';
            at += c.len_utf8();
        }
    }
    let rest = text[at..].trim_start();
    at = text.len() - rest.len();
    let (word, exhaustive) = if rest.starts_with("其中") {
        ("其中", false)
    } else if rest.starts_with("分别为") || rest.starts_with("分别是") {
        ("分别为", true)
    } else {
        return None;
    };
    at += word.len();
    let rest = &text[at..];
    if let Some(c) = rest.chars().next().filter(|c| matches!(c, ',' | ':')) {
        at += c.len_utf8();
    }
    Some((at, paren, exhaustive))
}

/// The parenthesis depth of `text[from..to]`. The parentheses of folded text are ASCII, whose
/// bytes no other character's encoding holds: the bytes are counted, not the characters
/// decoded (each part of a list is asked from the list's start, ~8 instructions a character).
fn depth(text: &str, from: usize, to: usize) -> i32 {
    text.get(from..to).map_or(0, |t| {
        t.bytes()
            .map(|b| match b {
                b'(' => 1,
                b')' => -1,
                _ => 0,
            })
            .sum()
    })
}

/// 「其中」 and 「分别」, one of which opens every list ([`marker`]).
static OPENERS: LazyLock<[memchr::memmem::Finder<'static>; 2]> = LazyLock::new(|| {
    [
        memchr::memmem::Finder::new("其中"),
        memchr::memmem::Finder::new("分别"),
    ]
});

/// Room for the labels of a list's parts, each followed by `|`, in one block (grown a label
/// at a time, the text took three or four): a label is the clause before its part's count
/// ([`left_window`]), after the previous count, so the labels and the counts after the total
/// are apart from each other within the total's sentence after it (`text`) and the `later`
/// sentences, and each count is at least the byte its `|` takes.
fn labels_room(text: &str, later: &[Sentence<'_>], total: &Count) -> usize {
    let later: usize = later.iter().map(|s| s.text.len()).sum();
    text.len().saturating_sub(total.end) + later
}

/// Finds the total-and-parts lists of one 。-sentence (its 「；」-separated sentences with the
/// counts of each).
///
/// `is_metric` tells the counts read as metrics: such a count starts another statement
/// (「…，其中维持1件，纠正1件；行政诉讼1件」), so the list ends before it.
pub(super) fn lists(
    group: &[Sentence<'_>],
    counted: &GroupCounts,
    is_metric: impl Fn(usize, usize) -> bool,
) -> Vec<List> {
    // A list is a total and at least one part, opened by 其中 or 分别 after the total: most
    // 。-sentences have fewer counts or neither word, and their counts are not each asked.
    let may_list = counted.all.len() >= 2
        && group.iter().any(|sentence| {
            let text = sentence.text.as_bytes();
            OPENERS.iter().any(|opener| opener.find(text).is_some())
        });
    if !may_list {
        return Vec::new();
    }
    lists_after_markers(group, counted, is_metric)
}

/// [`lists`] without asking first whether the 。-sentence may hold one.
fn lists_after_markers(
    group: &[Sentence<'_>],
    counted: &GroupCounts,
    is_metric: impl Fn(usize, usize) -> bool,
) -> Vec<List> {
    let mut out = Vec::new();
    for (si, sentence) in group.iter().enumerate() {
        let counts = counted.of(si);
        for (ci, total) in counts.iter().enumerate() {
            let Some(unit) = total.unit else { continue };
            let Some((start, paren, says_each)) = marker(sentence.text, total.end) else {
                continue;
            };
            // 「建议35件、政协提案42件，其中…」: the list may be of both counts; whose, unknown.
            let shares_clause = ci.checked_sub(1).is_some_and(|p| {
                !sentence.text[counts[p].end..total.start].contains([',', ':', '(', ')'])
            });
            if shares_clause {
                continue;
            }
            let total_left = left_window(sentence.text, counts, ci);
            // 「282条，较2022年增长36条，其中…」: the parts after 其中 are of the 282, not of the
            // change.
            if COMPARING.in_text(total_left) {
                continue;
            }
            let mut parts = Vec::new();
            let mut labels = String::new();
            'sentences: for (sj, other) in group.iter().enumerate().skip(si) {
                let other_counts = counted.of(sj);
                if sj > si && paren {
                    break;
                }
                let from = if sj == si { start } else { 0 };
                for (cj, part) in other_counts.iter().enumerate() {
                    if part.start < from {
                        continue;
                    }
                    let level = depth(other.text, from, part.start);
                    if level < 0 {
                        break 'sentences;
                    }
                    if level > 0 {
                        continue;
                    }
                    let left = left_window(other.text, other_counts, cj);
                    let left = left.trim();
                    if is_metric(sj, cj)
                        || STOPS.in_text(left)
                        || left.starts_with('共')
                        || ADDING.iter().any(|w| left.starts_with(w))
                    {
                        break 'sentences;
                    }
                    // A part with its own list: in parentheses it is nested (its counts are
                    // skipped above); otherwise the next topic begins, after this count when in
                    // the same sentence, before it in a later one.
                    let opens_own = marker(other.text, part.end).is_some_and(|(_, p, _)| !p);
                    if opens_own && sj > si {
                        break 'sentences;
                    }
                    if part.unit == Some(unit) {
                        if labels.is_empty() {
                            labels.reserve(labels_room(sentence.text, &group[si + 1..], total));
                        }
                        parts.push((sj, cj));
                        labels.push_str(left);
                        labels.push('|');
                    }
                    if opens_own {
                        break 'sentences;
                    }
                }
            }
            let Some(&(ls, lc)) = parts.last() else {
                continue;
            };
            // The room reserved held every label: the text was made in one block.
            debug_assert!(labels.len() <= labels_room(sentence.text, &group[si + 1..], total));
            let last_label = left_window(group[ls].text, counted.of(ls), lc);
            let exhaustive = says_each
                || NAMES_REST.in_text(last_label)
                || (labels.contains("自然人") && labels.contains("法人"))
                || ["维持", "纠正", "其他", "审结"]
                    .iter()
                    .all(|w| labels.contains(w));
            out.push(List {
                total: (si, ci),
                parts,
                exhaustive,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::numbers::sentences;
    use super::*;
    use crate::text::Document;

    /// [`depth`] as first written, character by character: the reference for the byte count.
    fn depth_by_char(text: &str, from: usize, to: usize) -> i32 {
        text.get(from..to).map_or(0, |t| {
            t.chars()
                .map(|c| match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                })
                .sum()
        })
    }

    proptest::proptest! {
        /// The bytes counted give the characters' depth, between any two bytes (inside a
        /// character too, where both give 0), on texts of parentheses, full-width ones (folded
        /// text holds none, but they must not count), 1- to 4-byte characters.
        #[test]
        fn depth_counted_by_bytes_is_the_depth_by_characters(
            text in crate::document::texts_of(
                &["(", ")", "（", "）", "a", "é", "其中", "𠀀", "3件"],
                0..24,
            ),
            from in 0usize..80,
            to in 0usize..80,
        ) {
            proptest::prop_assert_eq!(depth(&text, from, to), depth_by_char(&text, from, to));
        }
    }

    proptest::proptest! {
        /// Asking first whether a 。-sentence holds 其中 or 分别 and two counts drops no list:
        /// on texts of counts, both openers and their halves, the words that end or extend a
        /// list, and every separator, `lists` finds what the lists' reading finds in every
        /// 。-sentence.
        #[test]
        fn the_opener_test_drops_no_list(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("3件"), proptest::strategy::Just("12条"),
                    proptest::strategy::Just("2 件"), proptest::strategy::Just("其中"),
                    proptest::strategy::Just("其"), proptest::strategy::Just("中"),
                    proptest::strategy::Just("分别为"), proptest::strategy::Just("分别是"),
                    proptest::strategy::Just("分别"), proptest::strategy::Just("共"),
                    proptest::strategy::Just("收到"), proptest::strategy::Just("自然人"),
                    proptest::strategy::Just("法人"), proptest::strategy::Just("其他"),
                    proptest::strategy::Just("较"), proptest::strategy::Just("，"),
                    proptest::strategy::Just("："), proptest::strategy::Just("（"),
                    proptest::strategy::Just("）"), proptest::strategy::Just("；"),
                    proptest::strategy::Just("。"), proptest::strategy::Just(" "),
                ],
                0..40,
            )
        ) {
            let text: String = pieces.concat();
            let doc = Document::new(&text);
            let Some(line) = doc.line(1) else {
                return Ok(());
            };
            let all = sentences(line);
            let mut counted = GroupCounts::default();
            let mut rest = all.as_slice();
            while !rest.is_empty() {
                let len = rest
                    .iter()
                    .position(|s| !s.continues())
                    .map_or(rest.len(), |i| i + 1);
                let (group, tail) = rest.split_at(len);
                counted.read(group);
                let is_metric = |si: usize, ci: usize| (si + ci) % 4 == 3;
                proptest::prop_assert_eq!(
                    lists(group, &counted, is_metric),
                    lists_after_markers(group, &counted, is_metric),
                    "{}",
                    text
                );
                rest = tail;
            }
        }

        /// The rest's words found in one pass are those `str::contains` found word by word,
        /// on texts of the words, their halves and their neighbours (其中, 余 of 其余 and
        /// 剩余, 下 of 余下).
        #[test]
        fn the_rest_is_named_as_the_substring_search_says(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "其他", "其余", "其它", "剩余", "余下", "其", "他", "余", "剩", "下", "它",
                    "其中", "a", "3件", "，", "𠀀",
                ][..]),
                0..12,
            )
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(
                NAMES_REST.in_text(&text),
                REST.iter().any(|w| text.contains(w)),
                "{}",
                text
            );
        }
    }
}
