//! Zeros stated in words: 「未收到依申请公开事项」, 「未发生…行政复议或…行政诉讼」,
//! 「本年度未制发规范性文件」.

use std::sync::LazyLock;

use regex::Regex;

use super::chars3::Chars3;
use super::clauses::{has_any, Topic, Words, NAMES_DISCLOSURE};
use super::metrics::Metric;
use crate::report::front::is_han;

/// A zero stated in words: the metrics it sets to zero, and the byte range of the words.
pub(super) struct ZeroClaim {
    /// One or two metrics, from a fixed list (a list of its own was a block of the allocator
    /// for each zero stated).
    pub metrics: &'static [Metric],
    pub start: usize,
    pub end: usize,
}

/// A denial as the zero-claim patterns write it: a negation (with the verbs that must or may
/// follow it), an optional word, up to `gap` characters that are neither clause punctuation
/// nor digits, and one of the targets. Found by walking the text from each negation, trying the
/// alternatives in the order a leftmost-first regex does, so that every match is the one
/// `pattern` finds: the regex itself is only searched (and compiled) for a text holding a
/// digit other than ASCII ones, which `\d` would also stop at. Also the fee notice's denial
/// (`fees.rs`), whose gap crosses digits.
pub(super) struct Denial {
    pub heads: &'static [Head],
    /// A word taken after the head when present (「任何」).
    pub infix: Option<&'static str>,
    pub gap: usize,
    /// The punctuation the gap cannot cross.
    pub stops: &'static [char],
    /// Whether digits cannot be crossed either (`\d` in the pattern's class).
    pub digits_stop: bool,
    pub targets: &'static [&'static str],
    /// The same pattern as a regex.
    pub pattern: LazyLock<Regex>,
}

/// A negation and the verbs after it, each tried in turn; with `verb_optional`, the negation
/// alone is tried last.
pub(super) struct Head {
    pub negation: &'static str,
    verbs: &'static [&'static str],
    verb_optional: bool,
}

impl Head {
    pub(super) const fn with(negation: &'static str, verbs: &'static [&'static str]) -> Head {
        Head {
            negation,
            verbs,
            verb_optional: verbs.is_empty(),
        }
    }
}

impl Denial {
    /// The byte ranges of the denials in `text`, left to right, not overlapping.
    /// `other_digits`: whether `text` holds a digit the walk does not know
    /// ([`has_other_digits`]).
    #[cfg(test)]
    fn find_iter(&self, text: &str, other_digits: bool) -> Vec<(usize, usize)> {
        let mut starts = Starts::of(text);
        starts.other_digits = other_digits;
        self.find(text, &starts)
    }

    /// What `pattern` finds: the reference the walk is tested against, and the fallback
    /// where it cannot decide.
    pub(super) fn by_regex(&self, text: &str) -> Vec<(usize, usize)> {
        self.pattern
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    /// [`Denial::find_iter`], from the places where a denial may start, read once for the
    /// three patterns.
    fn find(&self, text: &str, starts: &Starts) -> Vec<(usize, usize)> {
        if starts.other_digits {
            return self.by_regex(text);
        }
        self.walk(text, starts.negations.iter().copied())
    }

    /// The matches the regex finds, walked from `starts` (ascending): every place where one
    /// of the heads' negations starts, and maybe others. Only for a pattern whose gap the
    /// text's digits cannot stop where the regex would not (see [`Denial::find`]).
    pub(super) fn walk(
        &self,
        text: &str,
        starts: impl IntoIterator<Item = usize>,
    ) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut from = 0;
        for at in starts {
            if at < from {
                continue;
            }
            if let Some(found) = self.match_at(text, at) {
                out.push(found);
                from = found.1;
            }
        }
        out
    }

    /// The match starting at `start`, if any.
    fn match_at(&self, text: &str, start: usize) -> Option<(usize, usize)> {
        let rest = &text[start..];
        for head in self.heads {
            let Some(after) = strip_word(rest, head.negation) else {
                continue;
            };
            let verb_ends = head
                .verbs
                .iter()
                .filter_map(|verb| strip_word(after, verb))
                .chain(head.verb_optional.then_some(after));
            for tail in verb_ends {
                let with_infix = self.infix.and_then(|word| strip_word(tail, word));
                for tail in with_infix.into_iter().chain([tail]) {
                    if let Some(end) = self.gap_then_target(tail) {
                        return Some((start, text.len() - tail.len() + end));
                    }
                }
            }
        }
        None
    }

    /// Whether the gap cannot cross `c`. An ideograph, most of a gap, is above every stop
    /// ([`gap_stops`]): the list is not walked for it.
    fn gap_stops_at(&self, c: char) -> bool {
        (self.digits_stop && c.is_ascii_digit()) || (c < STOPS_BELOW && self.stops.contains(&c))
    }

    /// The byte length of the shortest gap and target `tail` starts with (targets in order).
    fn gap_then_target(&self, tail: &str) -> Option<usize> {
        let mut gap = tail.char_indices();
        for _ in 0..=self.gap {
            let at = gap.offset();
            let rest = &tail[at..];
            if let Some(target) = self.targets.iter().find(|t| starts_with_word(rest, t)) {
                return Some(at + target.len());
            }
            match gap.next() {
                Some((_, c)) if !self.gap_stops_at(c) => {}
                _ => return None,
            }
        }
        None
    }
}

/// Every stop of a gap is below this: ASCII and the CJK punctuation of U+3000–U+303F (。、).
const STOPS_BELOW: char = '\u{3040}';

/// A gap's stops ([`Denial::stops`]), each checked below [`STOPS_BELOW`] when the static
/// holding them is built (a stop above it would fail the build, not be passed over).
pub(super) const fn gap_stops(stops: &'static [char]) -> &'static [char] {
    let mut i = 0;
    while i < stops.len() {
        assert!(
            (stops[i] as u32) < STOPS_BELOW as u32,
            "a gap's stop is below U+3040"
        );
        i += 1;
    }
    stops
}

/// Whether `text` starts with `word`, its first two bytes compared before the whole: the walk
/// compares words at every character of a gap, and the second byte of a CJK character rules
/// out most others without a call to compare slices.
pub(super) fn starts_with_word(text: &str, word: &str) -> bool {
    let (t, w) = (text.as_bytes(), word.as_bytes());
    match (w, t) {
        ([w0, w1, ..], [t0, t1, ..]) => w1 == t1 && w0 == t0 && t.starts_with(w),
        _ => t.starts_with(w),
    }
}

/// `text` after `word`, when it starts with it ([`starts_with_word`]).
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    starts_with_word(text, word).then(|| &text[word.len()..])
}

/// The first characters of every [`Head`]'s negation: only there can a denial start.
fn may_start_denial(c: char) -> bool {
    matches!(c, '未' | '并' | '均' | '没' | '无')
}

/// A digit `\d` stops at that the walk does not know: any but ASCII (and ideographs, which
/// are never digits).
fn is_other_digit(c: char) -> bool {
    !c.is_ascii() && !is_han(c) && c.is_numeric()
}

/// Whether `text` holds a digit the walk does not know, so that the regexes search it: the
/// reference for [`holds_other_digit`].
#[cfg(test)]
fn has_other_digits(text: &str) -> bool {
    text.chars().any(is_other_digit)
}

/// Whether `text` holds a digit the walk does not know ([`is_other_digit`]). ASCII and the
/// characters of U+4000–U+9FFF (ideographs and the Yijing hexagrams: no digit), whose lead
/// bytes are E4–E9, are none: the text is stepped over by its lead bytes, and only the other
/// characters are decoded (most of a sentence is ideographs, ~5 instructions each).
fn holds_other_digit(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        at += match lead {
            0x00..=0x7F => 1,
            0xE4..=0xE9 => 3,
            _ => match text.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) if is_other_digit(c) => return true,
                Some(c) => c.len_utf8(),
                // `at` is a character boundary: every step is a character's length.
                None => return false,
            },
        };
    }
    false
}

/// The characters [`Starts::of`] looks for: the negations' first characters
/// ([`may_start_denial`]) and the subjects' (申请, 复议, 诉讼, 规).
const MARKS: Chars3 = Chars3::of(&['未', '并', '均', '没', '无', '申', '复', '诉', '规']);

/// What the walk needs of a sentence, read in one pass over it: where a denial may start
/// ([`may_start_denial`]), whether it holds a digit the walk does not know (then the
/// regexes search it), and what [`zero_claims`] asks of it before walking (a negation, the
/// subjects), instead of a substring search for each.
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Starts {
    negations: Vec<usize>,
    other_digits: bool,
    /// The sentence holds 未, 无 or 没有: every denial starts with one.
    denies: bool,
    /// It holds 申请.
    applications: bool,
    /// It holds 复议 or 诉讼.
    appeals: bool,
    /// It holds 规.
    documents: bool,
}

impl Starts {
    /// Read by a block scan for [`MARKS`] and a search of the lead bytes an other digit may
    /// have, where a walk decoded and matched every character (~30 instructions each).
    fn of(text: &str) -> Starts {
        let mut starts = Starts {
            negations: Vec::new(),
            other_digits: holds_other_digit(text),
            denies: false,
            applications: false,
            appeals: false,
            documents: false,
        };
        // `find` also gives a few characters sharing both tested bytes with those looked for,
        // which neither test below takes.
        MARKS.find(text, |at, c| {
            let followed_by = |next: char| text[at + c.len_utf8()..].starts_with(next);
            if may_start_denial(c) {
                starts.negations.push(at);
                starts.denies |= matches!(c, '未' | '无') || c == '没' && followed_by('有');
                return false;
            }
            match c {
                '申' => starts.applications |= followed_by('请'),
                '复' => starts.appeals |= followed_by('议'),
                '诉' => starts.appeals |= followed_by('讼'),
                '规' => starts.documents = true,
                _ => {}
            }
            false
        });
        starts
    }

    /// [`Starts::of`] as first written, a character at a time: the reference for the scans.
    #[cfg(test)]
    fn by_char(text: &str) -> Starts {
        let mut starts = Starts {
            negations: Vec::new(),
            other_digits: false,
            denies: false,
            applications: false,
            appeals: false,
            documents: false,
        };
        for (at, c) in text.char_indices() {
            let followed_by = |next: char| text[at + c.len_utf8()..].starts_with(next);
            if may_start_denial(c) {
                starts.negations.push(at);
                starts.denies |= matches!(c, '未' | '无') || c == '没' && followed_by('有');
                continue;
            }
            match c {
                '申' => starts.applications |= followed_by('请'),
                '复' => starts.appeals |= followed_by('议'),
                '诉' => starts.appeals |= followed_by('讼'),
                '规' => starts.documents = true,
                c if is_other_digit(c) => starts.other_digits = true,
                _ => {}
            }
        }
        starts
    }
}

const RECEIVED_VERBS: &[&str] = &["收到", "接到", "受理", "接收", "发生", "产生", "有"];
const APPEAL_VERBS: &[&str] = &["发生", "出现", "收到", "接到", "产生", "有", "涉及", "被"];
const ISSUED_VERBS: &[&str] = &["制发", "制定", "出台", "印发"];

static APPLICATIONS_NONE: Denial = Denial {
    heads: &[
        Head::with("未", RECEIVED_VERBS),
        Head::with("未曾", RECEIVED_VERBS),
        Head::with("并未", RECEIVED_VERBS),
        Head::with("均未", RECEIVED_VERBS),
        Head {
            negation: "没有",
            verbs: &["收到", "接到", "受理", "接收", "发生", "产生"],
            verb_optional: true,
        },
        Head::with("无", &[]),
    ],
    infix: None,
    gap: 8,
    digits_stop: true,
    stops: gap_stops(&[',', '.', '。', ';', ':', '(', ')', '、']),
    targets: &[
        "政府信息公开申请",
        "信息公开申请",
        "公开申请",
        "依申请公开",
        "依申请",
    ],
    pattern: LazyLock::new(|| {
        Regex::new(
            r"(?:(?:未|未曾|并未|均未)(?:收到|接到|受理|接收|发生|产生|有)|没有(?:收到|接到|受理|接收|发生|产生)?|无)[^,.。;:()、\d]{0,8}?(?:政府信息公开申请|信息公开申请|公开申请|依申请公开|依申请)",
        )
        .expect("valid regex")
    }),
};

static APPEALS_NONE: Denial = Denial {
    heads: &[
        Head::with("未", APPEAL_VERBS),
        Head::with("未曾", APPEAL_VERBS),
        Head::with("并未", APPEAL_VERBS),
        Head::with("均未", APPEAL_VERBS),
        Head::with("没有", &[]),
        Head::with("无", &[]),
    ],
    infix: None,
    gap: 24,
    digits_stop: true,
    stops: gap_stops(&[',', '.', '。', ';', ':', '(', ')']),
    targets: &["行政复议", "行政诉讼", "行政应诉"],
    pattern: LazyLock::new(|| {
        Regex::new(
            r"(?:(?:未|未曾|并未|均未)(?:发生|出现|收到|接到|产生|有|涉及|被)|没有|无)[^,.。;:()\d]{0,24}?(?:行政复议|行政诉讼|行政应诉)",
        )
        .expect("valid regex")
    }),
};

static DOCUMENTS_NONE: Denial = Denial {
    heads: &[
        Head::with("未", ISSUED_VERBS),
        Head::with("没有", ISSUED_VERBS),
        Head::with("无", ISSUED_VERBS),
    ],
    infix: Some("任何"),
    gap: 0,
    digits_stop: true,
    stops: gap_stops(&[]),
    targets: &["行政规范性文件", "规范性文件", "政府规章", "规章"],
    pattern: LazyLock::new(|| {
        Regex::new(
            r"(?:未|没有|无)(?:制发|制定|出台|印发)(?:任何)?(?:(?:行政)?规范性文件|(?:政府)?规章)",
        )
        .expect("valid regex")
    }),
};

/// 无/未 that do not deny: 「无法」, 「无论」, 「无正当理由」, 「未经复议」.
const NOT_NEGATIONS: &[&str] = &["无法", "无论", "无需", "无正当", "无一", "未经"];
/// After 「未收到…申请」: the denial is about something else (「无超期答复」, 「未收到…投诉」).
pub(super) static NOT_ALL_APPLICATIONS: Words = Words::new(&[
    "复议", "诉讼", "投诉", "举报", "超期", "逾期", "纠错", "违法", "败诉",
]);
/// In 「未发生…行政复议」: the denial is about some of them only (「未发生…被纠错」,
/// 「未出现…答复不当引发行政复议」).
pub(super) static NOT_ALL_APPEALS: Words = Words::new(&[
    "纠错",
    "纠正",
    "败诉",
    "撤销",
    "确认违法",
    "被纠",
    "未经",
    "不利",
    "维持",
    "不当",
    "错误",
    "违规",
    "过错",
]);

/// Where the clause going on at `end` stops.
fn clause_end(text: &str, end: usize) -> usize {
    text[end..]
        .find([',', '。', ';', '，', '；'])
        .map_or(text.len(), |i| end + i)
}

/// The rest of the clause after `end`.
fn rest_of_clause(text: &str, end: usize) -> &str {
    &text[end..clause_end(text, end)]
}

/// Zeros stated in words in a sentence: 「未收到政府信息公开申请」, 「全年未发生因政府信息公开
/// 工作被申请行政复议或提起行政诉讼的情况」, 「本年度未制发规范性文件」.
pub(super) fn zero_claims(text: &str, topic: Topic) -> Vec<ZeroClaim> {
    let mut out = Vec::new();
    // One block scan for a negation rules out most sentences before the walk (没 stands for
    // 没有, which the walk asks).
    if !super::has_negation(text) {
        return out;
    }
    let starts = Starts::of(text);
    if !starts.denies {
        return out;
    }
    if starts.applications {
        for (start, end) in APPLICATIONS_NONE.find(text, &starts) {
            let words = &text[start..end];
            let rest = rest_of_clause(text, end);
            let excluded = NOT_NEGATIONS.iter().any(|w| words.starts_with(w))
                || has_any(words, &["复议", "诉讼"])
                || NOT_ALL_APPLICATIONS.in_text(rest);
            if !excluded {
                out.push(ZeroClaim {
                    metrics: &[Metric::Received],
                    start,
                    end,
                });
            }
        }
    }
    if starts.appeals {
        for (start, found_end) in APPEALS_NONE.find(text, &starts) {
            let words = &text[start..found_end];
            let stop = clause_end(text, found_end);
            let rest = &text[found_end..stop];
            // The denial's words and the rest of its clause.
            let whole = &text[start..stop];
            let excluded = NOT_NEGATIONS.iter().any(|w| words.starts_with(w))
                || !(topic.appeals_section || NAMES_DISCLOSURE.in_text(whole))
                || NOT_ALL_APPEALS.in_text(whole);
            if excluded {
                continue;
            }
            let metrics: &[Metric] = match (
                whole.contains("复议"),
                has_any(whole, &["诉讼", "起诉", "应诉"]),
            ) {
                (true, true) => &[Metric::Reviews, Metric::Lawsuits],
                (true, false) => &[Metric::Reviews],
                (false, true) => &[Metric::Lawsuits],
                (false, false) => &[],
            };
            // The words run to the last of the two named: 「未发生…行政复议或提起行政诉讼」.
            let end = last_appeal_word_end(rest).map_or(found_end, |i| found_end + i);
            out.push(ZeroClaim {
                metrics,
                start,
                end,
            });
        }
    }
    if starts.documents {
        for (start, end) in DOCUMENTS_NONE.find(text, &starts) {
            let metrics: &[Metric] = if text[start..end].contains("规范性文件") {
                &[Metric::NormativeIssued]
            } else {
                &[Metric::RegulationsIssued]
            };
            out.push(ZeroClaim {
                metrics,
                start,
                end,
            });
        }
    }
    out
}

/// The words an appeals denial runs to the last of (「未发生…行政复议或提起行政诉讼」).
const APPEAL_WORDS: [&str; 2] = ["诉讼", "复议"];

/// [`APPEAL_WORDS`]' reverse searchers, built once: `str::rfind` sets up a two-way searcher at
/// each call (~300 instructions, more than searching the rest of a clause).
static APPEAL_WORDS_REV: LazyLock<[memchr::memmem::FinderRev<'static>; APPEAL_WORDS.len()]> =
    LazyLock::new(|| APPEAL_WORDS.map(memchr::memmem::FinderRev::new));

/// Where the last of [`APPEAL_WORDS`] in `rest` ends, if `rest` holds one.
fn last_appeal_word_end(rest: &str) -> Option<usize> {
    APPEAL_WORDS_REV
        .iter()
        .filter_map(|finder| {
            let at = finder.rfind(rest.as_bytes())?;
            Some(at + finder.needle().len())
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A gap stops at every character of its list and at nothing else, as the list's
    /// `contains` says, for every character and every denial (the fee notice's too).
    #[test]
    fn gaps_stop_where_their_lists_say_for_every_character() {
        let denials = [
            &APPLICATIONS_NONE,
            &APPEALS_NONE,
            &DOCUMENTS_NONE,
            super::super::fees::no_notice_denial(),
        ];
        for denial in denials {
            for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
                let by_list =
                    (denial.digits_stop && c.is_ascii_digit()) || denial.stops.contains(&c);
                assert_eq!(denial.gap_stops_at(c), by_list, "{c:?}");
            }
        }
    }

    #[test]
    fn a_word_starts_a_text_as_str_says() {
        let pieces = [
            "",
            "a",
            "ab",
            "b",
            "未",
            "未收到",
            "收到",
            "行政复议",
            "行政",
            "é",
            "𠀀",
        ];
        for text in pieces
            .iter()
            .flat_map(|a| pieces.map(|b| format!("{a}{b}")))
        {
            for word in pieces {
                assert_eq!(
                    starts_with_word(&text, word),
                    text.starts_with(word),
                    "{text} {word}"
                );
                assert_eq!(
                    strip_word(&text, word),
                    text.strip_prefix(word),
                    "{text} {word}"
                );
            }
        }
    }

    const DENIALS: [&Denial; 3] = [&APPLICATIONS_NONE, &APPEALS_NONE, &DOCUMENTS_NONE];

    /// Pieces of the patterns and what surrounds them, so that random texts hit every
    /// alternative, the gaps' limits and their stops.
    const PIECES: &[&str] = &[
        "未",
        "未曾",
        "并未",
        "均未",
        "没有",
        "无",
        "曾",
        "并",
        "均",
        "收到",
        "接到",
        "受理",
        "接收",
        "发生",
        "产生",
        "有",
        "出现",
        "涉及",
        "被",
        "制发",
        "制定",
        "出台",
        "印发",
        "任何",
        "行政",
        "规范性文件",
        "政府",
        "规章",
        "政府信息公开申请",
        "信息公开申请",
        "公开申请",
        "依申请公开",
        "依申请",
        "申请",
        "公开",
        "行政复议",
        "行政诉讼",
        "行政应诉",
        "复议",
        "诉讼",
        "，",
        ",",
        ".",
        "。",
        ";",
        ":",
        "(",
        ")",
        "、",
        "1",
        "0",
        "我局",
        "的",
        "情况",
        "因政府信息公开工作",
        "群众",
        "一件",
        "a",
        " ",
        "年",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn the_walk_finds_what_the_regex_finds(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..30)
        ) {
            let text = pieces.concat();
            for denial in DENIALS {
                prop_assert_eq!(denial.find_iter(&text, has_other_digits(&text)), denial.by_regex(&text), "{}", text);
            }
        }
    }

    proptest! {
        /// What the walk reads of a sentence for [`zero_claims`] is what the substring
        /// searches it replaced answer: texts of the negations, the subjects, their halves
        /// (没, 申, 复, 诉 alone), and other characters.
        #[test]
        fn the_walk_tells_the_negations_and_subjects_the_searches_tell(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "未", "无", "没", "有", "没有", "申", "请", "申请", "复", "议", "复议",
                    "诉", "讼", "诉讼", "规", "并", "均", "a", "é", "𠀀", "٣", "收到",
                ][..]),
                0..20,
            )
        ) {
            let text = pieces.concat();
            let starts = Starts::of(&text);
            let has = |word: &str| text.contains(word);
            prop_assert_eq!(starts.denies, has("未") || has("无") || has("没有"), "{}", text);
            prop_assert_eq!(starts.applications, has("申请"), "{}", text);
            prop_assert_eq!(starts.appeals, has("复议") || has("诉讼"), "{}", text);
            prop_assert_eq!(starts.documents, has("规"), "{}", text);
            prop_assert_eq!(starts.other_digits, has_other_digits(&text), "{}", text);
            prop_assert_eq!(starts, Starts::by_char(&text), "{}", text);
        }

        /// The scans read what the walk read, on long texts too (several blocks) with the
        /// characters looked for, characters sharing their tested bytes (圪 shares 未's last,
        /// 眹 无's), digits of other scripts (٣, ①, 〇, Ⅷ, full-width ３) and punctuation of
        /// the lead bytes an other digit may have (、, “).
        #[test]
        fn the_scans_read_what_the_walk_read(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "未", "无", "没", "有", "没有", "申请", "复议", "诉讼", "规", "并", "均",
                    "圪", "眹", "嗡", "٣", "①", "〇", "Ⅷ", "３", "、", "“", "收到", "a", "é",
                    "𠀀", "3", "䷀",
                ][..]),
                0..60,
            )
        ) {
            let text = pieces.concat();
            prop_assert_eq!(Starts::of(&text), Starts::by_char(&text), "{}", text);
        }
    }

    /// Every character the walk takes for an other digit is found by its lead byte, alone and
    /// among ideographs.
    #[test]
    fn every_other_digit_is_found_by_its_lead_byte() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let alone = c.to_string();
            assert_eq!(holds_other_digit(&alone), is_other_digit(c), "{c:?}");
            if is_other_digit(c) {
                assert!(holds_other_digit(&format!("申请{c}规")), "{c:?}");
            }
        }
    }

    proptest! {
        /// Where the last appeal word ends, found by the reverse searchers built once, is
        /// where `str::rfind` of each word found it: texts of the words, their halves, both
        /// in either order and repeated, characters sharing their bytes (诈 shares 诉's first
        /// two), short and long (a searcher changes its method with the length of the text).
        #[test]
        fn the_last_appeal_word_ends_where_rfind_says(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "诉讼", "复议", "诉", "讼", "复", "议", "诈", "或", "行政", "a", "é", "𠀀",
                    "，",
                ][..]),
                0..40,
            )
        ) {
            let text = pieces.concat();
            let by_rfind = ["诉讼", "复议"]
                .iter()
                .filter_map(|w| text.rfind(w).map(|i| i + w.len()))
                .max();
            prop_assert_eq!(last_appeal_word_end(&text), by_rfind, "{}", text);
        }
    }

    #[test]
    fn the_walk_finds_what_the_regex_finds_in_report_sentences() {
        for text in [
            "2022年,我局未收到政府信息公开申请",
            "全年未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况",
            "本年度未制发规范性文件,没有制定任何政府规章",
            "我局全年未收到一件政府信息公开申请,也没有依申请公开事项",
            "无因政府信息公开工作被纠错的情况",
            "申请人无正当理由大量反复申请的,不予处理",
            "未出现因依申请公开答复不当引发行政复议的情况",
            "本年度无政府信息公开申请,无行政复议,无行政诉讼",
            "未收到12345转来的信息公开申请",
            "未曾接到群众信息公开申请也未有行政应诉",
        ] {
            for denial in DENIALS {
                assert_eq!(
                    denial.find_iter(text, has_other_digits(text)),
                    denial.by_regex(text),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn every_denial_starts_where_the_walk_looks() {
        for denial in DENIALS {
            for head in denial.heads {
                let first = head.negation.chars().next();
                assert!(first.is_some_and(may_start_denial), "{}", head.negation);
            }
        }
    }

    #[test]
    fn a_text_with_other_digits_is_searched_by_the_regex() {
        // `\d` stops at every decimal digit: the Arabic-Indic ٣ cuts the gap like 3 does.
        for text in [
            "未收到٣信息公开申请",
            "未收到3信息公开申请",
            "未收到〇件信息公开申请",
        ] {
            assert_eq!(
                APPLICATIONS_NONE.find_iter(text, has_other_digits(text)),
                APPLICATIONS_NONE.by_regex(text)
            );
        }
        assert!(APPLICATIONS_NONE
            .find_iter("未收到٣信息公开申请", true)
            .is_empty());
        assert!(is_other_digit('٣') && is_other_digit('〇'));
        assert!(!is_other_digit('3') && !is_other_digit('三') && !is_other_digit('、'));
    }
}
