//! An enumeration that does not start at one or skips a number (「二是」 with no 「一是」).
//!
//! 正文中的列举不从一开始或跳号（有「二是」而无「一是」）。
//!
//! ## What it checks
//! Enumerations written into the prose, 「一是…二是…三是…」 and 「1.…2.…」/「1、…2、…」, start
//! at one and go up by one. They are followed within a scope: a sub-item of a section (from its
//! numbered title to the next sub-item), the part of a section before its first sub-item, a
//! section without sub-items, or the text before the first section. Within a scope an
//! enumeration may start again at one (a list of problems, then a list of measures); a number
//! that skips ahead of the last one, or a first number other than one, is flagged at the marker.
//!
//! A marker counts only where a list item can start: at the start of a line or after
//! punctuation, never inside a word (「统一是」, 「第1、2季度」), and an Arabic number followed by
//! a digit is a decimal or a range (「3.5」, 「3、4月」). Arabic markers are not read in
//! sections 二, 三 and 四, whose tables number their rows, nor in table rows anywhere; section
//! headings and the numerals of sub-items are `section-numbering`'s.
//!
//! ## 检查内容
//! 正文中的列举，如「一是……二是……三是……」和「1.……2.……」「1、……2、……」，应从一开始，逐一递增。按范围
//! 分别跟踪：章节下的一个小项（从其编号标题到下一个小项）、章节中第一个小项之前的部分、没有小项的章
//! 节，以及第一个章节之前的文字。同一范围内列举可以重新从一开始（先列问题，再列措施）；跳过序号，或
//! 第一个序号不是一，在该序号处标记。
//!
//! 只有可能开始一个列举项的位置才算序号：行首或标点之后，不在词语中间（「统一是」「第1、2季度」）；
//! 阿拉伯数字后面紧跟数字的，是小数或范围（「3.5」「3、4月」）。第二、三、四部分以表格为主，表格行
//! 自有编号，这三部分不读阿拉伯数字序号，任何部分的表格行也不读；章节标题和小项编号归
//! `section-numbering`。
//!
//! ## Why it matters
//! A list that opens with 「二是」 has lost its first item, usually when a paragraph was cut
//! down from an earlier report; the reader cannot tell whether something is missing. It is
//! info: the text may read well enough without it.
//!
//! ## 为何重要
//! 以「二是」开头的列举丢了第一项，通常是从往年报告删节段落时造成的；读者无法判断是否缺了内容。本规
//! 则只是提示：缺了这一项，文字可能仍然通顺。
//!
//! ## Authority
//! S6 (municipal notices on compiling the reports): 内容全面、文字严谨.
//!
//! ## 依据
//! S6（各市关于编制年度报告的通知）：内容全面、文字严谨。
//!
//! ## Flagged
//! ```text
//! （五）监督保障情况
//! 明确政务公开股室专门负责政务信息平台发布工作……。二是严格落实保密审查制度。
//! ```
//!
//! ## Accepted
//! ```text
//! 主要表现在：一是信息公开工作人员工作能力有待加强；二是公开渠道比较单一。
//! 下一步，我局将从以下方面改进：一是加大培训力度；二是丰富公开渠道。
//! ```

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::numerals;
use crate::report::{Report, Section, SectionId, SubItem};
use crate::rules::shared::{needles_of, text_runs_of, Needle, Needles};
use crate::rules::{Finding, Findings, Message, Rule};
use crate::text::Line;

pub struct EnumerationGap;

/// Whether a list item can start after `c` (besides whitespace): ：:，,；;。！!？?、（(“"）).
/// Compared as characters, not searched in a string of them (`str::contains` of a character
/// cost ~90 instructions a marker).
fn is_opener(c: char) -> bool {
    is_arabic_opener(c) || matches!(c, '、' | '）' | ')')
}

/// The same for Arabic markers, which 、 separates in ranges (「1、2月」): ：:，,；;。！!？?（(“".
fn is_arabic_opener(c: char) -> bool {
    matches!(
        c,
        '：' | ':'
            | '，'
            | ','
            | '；'
            | ';'
            | '。'
            | '！'
            | '!'
            | '？'
            | '?'
            | '（'
            | '('
            | '“'
            | '"'
    )
}

/// The longest Chinese numeral of a marker (「十二是」).
const MAX_NUMERAL_CHARS: usize = 3;
/// Arabic markers above this are not list items.
const MAX_ARABIC: u32 = 20;

/// Characters of text after a marker that identify it for the fingerprint.
const KEY_CHARS: usize = 8;

impl Rule for EnumerationGap {
    crate::rule_meta!(
        "enumeration-gap",
        TextVsTables,
        Info,
        "列举序号不连续",
        "Enumeration does not start at one or skips a number"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let needles = needles_of(report, findings.shared());
        let runs = text_runs_of(report, findings.shared());
        let candidates = candidate_lines(report, &needles, &runs);
        // One list of a line's markers for all the lines read.
        let mut here = Vec::new();
        for scope in scopes(report) {
            let mut chinese = Sequence::default();
            let mut arabic = Sequence::default();
            // Only the lines that may hold a marker are read: the rest leave both sequences
            // as they are.
            let from = candidates.partition_point(|&no| no < scope.first);
            let to = candidates.partition_point(|&no| no <= scope.last);
            for &no in &candidates[from..to] {
                let Some(line) = report.doc.line(no) else {
                    continue;
                };
                if report.is_table_line(no) {
                    continue;
                }
                // A marker the line break cut (「…工作：一⏎是扎实推进…」, as PDF text wraps) is
                // read where its numeral is, before the markers of this line: the line before
                // is in the scope and not a table's. Only a line opening with 是 (its first
                // character but whitespace, a fact of the line) can carry one on: the line
                // before is made only then.
                let wrapped = (line.facts.lead == Some('是'))
                    .then(|| no.checked_sub(1))
                    .flatten()
                    .filter(|&p| p >= scope.first && !report.is_table_line(p))
                    .and_then(|p| report.doc.line(p))
                    .and_then(|p| wrapped_marker(&p, &line).map(|m| (p, m)));
                // The line's 是s are the shared pass's (the line is not a table's row).
                let is = needles.offsets_within(Needle::Is, report.doc.folded(), line.folded);
                markers(&line, is, scope.arabic, &mut here);
                for (at, marker) in wrapped.into_iter().chain(here.iter().map(|&m| (line, m))) {
                    let sequence = match marker.kind {
                        Kind::Chinese => &mut chinese,
                        Kind::Arabic => &mut arabic,
                    };
                    if let Some(gap) = sequence.next(marker.value) {
                        report_one(&at, &marker, gap, &scope.of.name(), findings);
                    }
                }
            }
        }
    }
}

/// The lines that may hold a marker, in order: the lines outside tables that hold 是 (a
/// Chinese marker, or the 是 of one the line break cut) or a digit right before `.` or `、`
/// (an Arabic one). Found by searches of the whole folded text (lines joined by `\n`, so a
/// digit right before a separator is on its line), turned into their lines: most lines are
/// rows of tables or prose with neither, and a search per line costs more than one of the
/// text. 是 and 、 are among the words the rules find in one shared pass
/// ([`Needles`](crate::rules::shared::Needles)), on the lines outside the tables' rows;
/// `.` is one `memchr` pass over each run of those lines, `runs` (the report's text runs,
/// told once for the pass and this search; the numbered labels of 表三, 「1.属于国家秘密」,
/// put a dot after a digit on some twenty rows a report).
fn candidate_lines(
    report: &Report,
    needles: &Needles,
    runs: &[std::ops::Range<usize>],
) -> Vec<u32> {
    let bytes = report.doc.folded().as_bytes();
    // Table rows are left out before the lists are kept: a table of numbered rows
    // (「2.重复申请」) has a hit on every row.
    let chinese = lines_outside_tables(report, needles.offsets(Needle::Is));
    let dots = runs.iter().flat_map(|run| {
        let start = run.start;
        memchr::memchr_iter(b'.', &bytes[run.clone()]).map(move |at| start + at)
    });
    let arabic = lines_outside_tables(
        report,
        arabic_separators(bytes, dots, needles.offsets(Needle::Comma)),
    );
    // Merged as they are found, into one list with room for a line for each 是 and 、 (the
    // two lists collected and then merged took three blocks and grew two of them).
    let room = needles.offsets(Needle::Is).len() + needles.offsets(Needle::Comma).len();
    let mut merged = Vec::with_capacity(room);
    merged.extend(merge(chinese, arabic));
    merged
}

/// The numbers of the lines holding the byte offsets `hits` of the folded text (increasing)
/// that are not rows of a table, in order, each once.
fn lines_outside_tables<'r>(
    report: &'r Report,
    hits: impl Iterator<Item = usize> + 'r,
) -> impl Iterator<Item = u32> + 'r {
    report
        .doc
        .lines_at(hits)
        .map(|l| l.no)
        .filter(|&no| !report.is_table_line(no))
}

/// The byte offsets in `bytes` of the `.`s (at `dots`) and 、s (at `commas`) that stand right
/// after an ASCII digit, in order.
fn arabic_separators<'b>(
    bytes: &'b [u8],
    dots: impl Iterator<Item = usize> + 'b,
    commas: impl Iterator<Item = usize> + 'b,
) -> impl Iterator<Item = usize> + 'b {
    let after_digit = |at: &usize| at.checked_sub(1).is_some_and(|b| bytes[b].is_ascii_digit());
    let mut dots = dots.filter(after_digit).peekable();
    let mut commas = commas.filter(after_digit).peekable();
    std::iter::from_fn(move || match (dots.peek(), commas.peek()) {
        (Some(d), Some(c)) if c < d => commas.next(),
        (Some(_), _) => dots.next(),
        (None, _) => commas.next(),
    })
}

/// Two increasing lists of line numbers as one, each number once.
fn merge(a: impl Iterator<Item = u32>, b: impl Iterator<Item = u32>) -> impl Iterator<Item = u32> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || {
        let next = match (a.peek(), b.peek()) {
            (Some(&x), Some(&y)) => x.min(y),
            (Some(&x), None) => x,
            (None, Some(&y)) => y,
            (None, None) => return None,
        };
        a.next_if_eq(&next);
        b.next_if_eq(&next);
        Some(next)
    })
}

/// A stretch of text in which one enumeration runs.
struct Scope<'a> {
    first: u32,
    last: u32,
    /// Whether Arabic markers are read (not in the table sections).
    arabic: bool,
    /// What the scope is, to name it in messages.
    of: ScopeOf<'a>,
}

/// What a scope is: named only when a flag needs it.
#[derive(Clone, Copy)]
enum ScopeOf<'a> {
    Preamble,
    Section(&'a Section),
    Item(&'a SubItem),
}

impl ScopeOf<'_> {
    /// The sub-item's or the section's heading, as written.
    fn name(self) -> String {
        match self {
            ScopeOf::Preamble => "正文开头".to_string(),
            ScopeOf::Section(section) => section.heading.raw.clone(),
            ScopeOf::Item(item) => format!("（{}）{}", item.numeral.chinese(), item.title),
        }
    }
}

fn scopes(report: &Report) -> Vec<Scope<'_>> {
    // Room for the preamble, each section's lead and each sub-item at once.
    let items: usize = report.sections.iter().map(|s| s.items.len()).sum();
    let mut scopes = Vec::with_capacity(1 + report.sections.len() + items);
    let first_heading = report.sections.iter().map(|s| s.heading.line).min();
    let after_title = report.title.as_ref().map_or(1, |t| t.last_line + 1);
    if let Some(first) = first_heading.filter(|&h| h > after_title) {
        scopes.push(Scope {
            first: after_title,
            last: first - 1,
            arabic: true,
            of: ScopeOf::Preamble,
        });
    }
    for section in &report.sections {
        let arabic = !matches!(
            section.id,
            SectionId::Proactive | SectionId::Requests | SectionId::Appeals
        );
        let start_of = |index: usize| section.items.get(index).map(|item| item.line);
        let lead_last = start_of(0).map_or(section.body_last, |s| s - 1);
        if section.body_first <= lead_last {
            scopes.push(Scope {
                first: section.body_first,
                last: lead_last,
                arabic,
                of: ScopeOf::Section(section),
            });
        }
        for (index, item) in section.items.iter().enumerate() {
            let last = start_of(index + 1).map_or(section.body_last, |s| s - 1);
            scopes.push(Scope {
                first: item.line,
                last,
                arabic,
                of: ScopeOf::Item(item),
            });
        }
    }
    scopes
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Chinese,
    Arabic,
}

/// A list marker found on a line: its value and where it is (folded byte range).
#[derive(Clone, Copy)]
struct Marker {
    kind: Kind,
    value: u32,
    start: usize,
    end: usize,
}

impl Marker {
    fn written(value: u32, kind: Kind) -> String {
        match kind {
            Kind::Chinese => format!("{}是", numerals::write(value)),
            Kind::Arabic => format!("{value}."),
        }
    }
}

/// The markers of a line, in order, in `found` (emptied first: one list serves every line);
/// `is` are the byte offsets of its 是s (taken from the rules' shared pass rather than
/// searched again: the line's own search for 是 steps through every byte 0xAF, which ends
/// many ideographs).
fn markers(
    line: &Line<'_>,
    is: impl Iterator<Item = usize>,
    arabic: bool,
    found: &mut Vec<Marker>,
) {
    found.clear();
    let folded = line.folded;
    for at in is {
        if let Some(marker) = chinese_marker(folded, at) {
            found.push(marker);
        }
    }
    if arabic && has_arabic_marker(folded) {
        arabic_markers(folded, found);
    }
    found.sort_by_key(|m| m.start);
}

/// 「二是」 ending at the 是 at byte `at`.
fn chinese_marker(folded: &str, at: usize) -> Option<Marker> {
    let before = &folded[..at];
    // The numeral is the run of numeral characters right before 是, read in place.
    let mut numeral_chars = 0;
    let mut start = at;
    for (i, c) in before.char_indices().rev() {
        if !(c == '十' || numerals::ordinal(c).is_some()) || numeral_chars > MAX_NUMERAL_CHARS {
            break;
        }
        numeral_chars += 1;
        start = i;
    }
    if numeral_chars == 0 || numeral_chars > MAX_NUMERAL_CHARS {
        return None;
    }
    let text = &before[start..];
    let value = numerals::small_number(text)?;
    let start = at - text.len();
    if !opens_item(&folded[..start], is_opener) {
        return None;
    }
    Some(Marker {
        kind: Kind::Chinese,
        value,
        start,
        end: at + '是'.len_utf8(),
    })
}

/// A Chinese marker whose 是 the line break put at the start of the next line: the numeral
/// ends `line`, placed there (its end is the line's end).
fn wrapped_marker(line: &Line<'_>, next: &Line<'_>) -> Option<Marker> {
    if !next.folded.trim_start().starts_with('是') {
        return None;
    }
    let before = line.folded.trim_end();
    let joined = format!("{before}是");
    let mut marker = chinese_marker(&joined, before.len())?;
    marker.end = before.len();
    Some(marker)
}

/// 「1.」 and 「2、」 where a list item can start, added to `found`.
fn arabic_markers(folded: &str, found: &mut Vec<Marker>) {
    let bytes = folded.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let digits_end = (i..bytes.len())
            .find(|&j| !bytes[j].is_ascii_digit())
            .unwrap_or(bytes.len());
        let rest = &folded[digits_end..];
        let separator = rest.chars().next().filter(|c| *c == '.' || *c == '、');
        let next_is_digit = separator.is_some_and(|s| {
            rest[s.len_utf8()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        });
        let value: Option<u32> = folded[i..digits_end].parse().ok();
        if let (Some(separator), Some(value), false) = (separator, value, next_is_digit) {
            if (1..=MAX_ARABIC).contains(&value) && opens_item(&folded[..i], is_arabic_opener) {
                found.push(Marker {
                    kind: Kind::Arabic,
                    value,
                    start: i,
                    end: digits_end + separator.len_utf8(),
                });
            }
        }
        i = digits_end;
    }
}

/// Whether the text has a digit right before `.` or `、`, as every Arabic marker does: two
/// byte searches for the separators (the searcher for 、 made once), so that the markers are
/// read only on the lines that may have one.
fn has_arabic_marker(folded: &str) -> bool {
    static COMMA: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("、".as_bytes()));
    let bytes = folded.as_bytes();
    // A digit before `.` or before the first byte of 、 (which other punctuation shares): 32
    // byte pairs at a time folded without an early exit (vector compares), so the separators
    // are searched only on the few lines where such a pair is.
    let mut pairs = bytes
        .chunks(32)
        .zip(bytes.get(1..).unwrap_or(&[]).chunks(32));
    let maybe = pairs.any(|(digits, separators)| {
        digits.iter().zip(separators).fold(false, |hit, (&d, &s)| {
            hit | ((d.wrapping_sub(b'0') < 10) & ((s == b'.') | (s == 0xE3)))
        })
    });
    let after_digit = |at: usize| at.checked_sub(1).is_some_and(|b| bytes[b].is_ascii_digit());
    maybe
        && (memchr::memchr_iter(b'.', bytes).any(after_digit)
            || COMMA.find_iter(bytes).any(after_digit))
}

/// Whether a list item can start after this text: at the start of the line, after spaces, or
/// after a character `opener` accepts.
fn opens_item(before: &str, opener: fn(char) -> bool) -> bool {
    match before.chars().next_back() {
        None => true,
        Some(c) => c.is_whitespace() || opener(c),
    }
}

/// The numbers of one enumeration seen so far in a scope.
#[derive(Default)]
struct Sequence {
    last: Option<u32>,
}

/// What is wrong with a marker: the number that was expected.
struct Gap {
    expected: u32,
}

impl Sequence {
    /// Takes the next marker; a marker that starts again at one, follows on, or goes back
    /// (two lists mixed, not judged) is fine.
    fn next(&mut self, value: u32) -> Option<Gap> {
        let expected = self.last.map_or(1, |last| last + 1);
        self.last = Some(value);
        (value != 1 && value > expected).then_some(Gap { expected })
    }
}

fn report_one(
    line: &Line<'_>,
    marker: &Marker,
    gap: Gap,
    scope: &str,
    findings: &mut Findings<'_>,
) {
    let column = line.column_of(marker.start);
    let len = line.folded[marker.start..marker.end].chars().count();
    let mut written = line.raw_chars(column as usize - 1, len).to_string();
    // A wrapped marker's 是 is on the next line: the marker is quoted whole.
    if marker.kind == Kind::Chinese && !written.ends_with('是') {
        written.push('是');
    }
    let expected = Marker::written(gap.expected, marker.kind);
    let gap = if gap.expected == 1 {
        Missing::Start {
            first: expected.clone(),
        }
    } else {
        Missing::Between {
            skipped: (gap.expected..marker.value)
                .map(|v| Marker::written(v, marker.kind))
                .collect(),
        }
    };
    let following: String = line.folded[marker.end..]
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(KEY_CHARS)
        .collect();
    findings.report(
        Finding::typed(
            Location::span(line.no, column, len as u32),
            Skipped {
                scope: scope.to_string(),
                written: written.clone(),
                gap,
            },
        )
        .evidence("found", written.clone())
        .evidence("expected", expected)
        .evidence("scope", scope)
        .key(crate::text::label_key(scope))
        .key(written)
        .key(following),
    );
}

/// A list marker of an enumeration written after a gap.
#[derive(Debug)]
struct Skipped {
    /// The heading or paragraph the enumeration is in.
    scope: String,
    /// The marker as written.
    written: String,
    gap: Missing,
}

/// The markers missing before one.
#[derive(Debug)]
enum Missing {
    /// The enumeration does not start at its first marker, `first`.
    Start { first: String },
    /// The markers `skipped` are missing between two.
    Between { skipped: Vec<String> },
}

impl Message for Skipped {
    fn message(&self, lang: Lang) -> String {
        let Skipped {
            scope,
            written,
            gap,
        } = self;
        match (gap, lang) {
            (Missing::Start { first }, Lang::Zh) => {
                format!("「{scope}」中的列举以「{written}」开头，前面没有「{first}」")
            }
            (Missing::Start { first }, Lang::En) => format!(
                "in 「{scope}」 the enumeration starts with 「{written}」; there is no 「{first}」 before it"
            ),
            (Missing::Between { skipped }, Lang::Zh) => format!(
                "「{scope}」中的列举跳到「{written}」，缺少「{}」",
                skipped.join("」「")
            ),
            (Missing::Between { skipped }, Lang::En) => format!(
                "in 「{scope}」 the enumeration jumps to 「{written}」; 「{}」 is missing",
                skipped.join("」, 「")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{candidate_lines, has_arabic_marker, merge, Marker};
    use super::{is_arabic_opener, is_opener};
    use crate::flag::Flag;
    use crate::i18n::Lang;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::shared::{Needle, Needles};
    use crate::rules::{run, RuleSelection};

    /// The markers of a line (see [`super::markers`]), as a list of their own.
    fn markers(
        line: &crate::text::Line<'_>,
        is: impl Iterator<Item = usize>,
        arabic: bool,
    ) -> Vec<Marker> {
        let mut found = Vec::new();
        super::markers(line, is, arabic, &mut found);
        found
    }

    /// The Arabic markers of a text (see [`super::arabic_markers`]).
    fn arabic_markers(folded: &str) -> Vec<Marker> {
        let mut found = Vec::new();
        super::arabic_markers(folded, &mut found);
        found
    }

    fn flags_of(text: &str) -> Vec<Flag> {
        let report = parse_text(
            &format!("某县司法局2023年政府信息公开工作年度报告\n{text}"),
            SourceEncoding::Utf8,
        );
        let selection = RuleSelection::only("enumeration-gap");
        run(&report, &selection)
    }

    fn found(flags: &[Flag]) -> Vec<(u32, u32, String, String)> {
        flags
            .iter()
            .map(|f| {
                (
                    f.location.line.unwrap_or(0),
                    f.location.column.unwrap_or(0),
                    f.evidence["found"].as_str().unwrap_or("").to_string(),
                    f.evidence["expected"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }

    /// The report's text runs, as a rule running alone tells them.
    fn runs_of(report: &crate::report::Report) -> Vec<std::ops::Range<usize>> {
        crate::rules::shared::text_runs_of(report, None).into_owned()
    }

    proptest! {
        /// A line carries a cut marker on (opens with 是 but whitespace) exactly when its
        /// facts' first character is 是: what the walk asks before making the line before.
        #[test]
        fn a_line_opens_with_is_when_its_lead_is(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("是"), Just(" "), Just("\u{3000}"), Just("\t"), Just("一"), Just("\n"),
                    Just("a"), Just("\u{a0}"), Just("昰"),
                ],
                0..10,
            )
        ) {
            let text = parts.concat();
            let doc = crate::text::Document::new(&text);
            for line in doc.lines() {
                prop_assert_eq!(
                    line.facts.lead == Some('是'),
                    line.folded.trim_start().starts_with('是'),
                    "{:?}", line.folded
                );
            }
        }
    }

    /// The openers are the characters of the lists they were searched in before, on every
    /// character.
    #[test]
    fn the_openers_are_the_listed_characters() {
        let (listed, arabic) = ("：:，,；;。！!？?、（(“\"）)", "：:，,；;。！!？?（(“\"");
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_opener(c), listed.contains(c), "{c:?}");
            assert_eq!(is_arabic_opener(c), arabic.contains(c), "{c:?}");
        }
    }

    #[test]
    fn the_candidate_lines_hold_every_line_a_marker_is_read_on() {
        let text = "某县司法局2023年政府信息公开工作年度报告\n一、总体情况\n主要表现在：一\n  是能力不足。\n第1、2季度，增长3.5%。\n1.加强培训\n无序号的一行，这是一行。\n.开头的点、和顿号\n\n2\n、换行的顿号\n十二是末行";
        let report = parse_text(text, SourceEncoding::Utf8);
        let candidates =
            super::candidate_lines(&report, &Needles::of_report(&report), &runs_of(&report));
        assert_eq!(candidates, [4, 5, 6, 7, 12]);
        for line in report.doc.lines() {
            let is = line.folded.match_indices('是').map(|(at, _)| at);
            let read =
                !markers(&line, is, true).is_empty() || line.folded.trim_start().starts_with('是');
            assert!(!read || candidates.contains(&line.no), "{line:?}");
        }
    }

    #[test]
    fn a_list_without_its_first_item_is_flagged_at_the_marker() {
        let flags = flags_of(
            "一、总体情况\n（四）平台建设\n一是建立制度。\n（五）监督保障情况\n明确专人负责。二是严格落实保密审查制度。",
        );
        assert_eq!(
            found(&flags),
            [(6, 8, "二是".to_string(), "一是".to_string())]
        );
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .contains("（五）监督保障情况"));
    }

    #[test]
    fn skipped_numbers_are_flagged() {
        let flags = flags_of(
            "五、存在的主要问题及改进情况\n主要表现在：一是能力不足；三是渠道单一。\n措施：1.加强培训；2.完善制度；4.丰富渠道。",
        );
        assert_eq!(
            found(&flags),
            [
                (3, 14, "三是".to_string(), "二是".to_string()),
                (4, 18, "4.".to_string(), "3.".to_string()),
            ]
        );
        assert!(flags[0].message.get(Lang::Zh).contains("缺少「二是」"));
    }

    #[test]
    fn whole_lists_restarts_and_lookalikes_pass() {
        let text = "一、总体情况\n（一）主动公开\n主要表现在：一是能力不足；二是数量不足；三是渠道单一。\n下一步：一是加大培训；二是提升水平。\n统一是基础，唯一是目标，第1、2季度，增长3.5%，3、4月份。\n二、主动公开政府信息情况\n\t2.本年制发\t0\n五、存在的主要问题及改进情况\n一是信息不全。\n二是更新较慢。\n三是形式单一。\n六、其他需要报告的事项\n1、收费情况。未收取信息处理费。\n2、其他事项。无。";
        let flags = flags_of(text);
        assert!(flags.is_empty(), "{flags:?}");
    }

    #[test]
    fn a_marker_cut_by_a_line_break_is_read_whole() {
        // As pdftotext gives the hongze report: 「一」 ends a line, 「是」 starts the next.
        let text = "五、存在的主要问题及改进情况\n下一步，将切实抓好以下工作：一\n是扎实推进依申请公开工作。二是围绕中心工作。三\n是加强培训。";
        let flags = flags_of(text);
        assert!(flags.is_empty(), "{flags:?}");
        // A wrapped marker that skips is flagged at its numeral, quoted whole.
        let text = "五、存在的主要问题及改进情况\n措施如下：一是加强培训；三\n是完善制度。";
        assert_eq!(
            found(&flags_of(text)),
            [(3, 13, "三是".to_string(), "二是".to_string())]
        );
    }

    #[test]
    fn headings_are_not_list_items() {
        let flags = flags_of("1、 总体情况\n概述。\n5、 存在的主要问题及改进情况\n问题。");
        assert!(flags.is_empty(), "{flags:?}");
    }

    #[test]
    fn the_quick_test_passes_every_line_with_an_arabic_marker() {
        for (line, markers) in [
            ("1.加强领导；2、完善制度", 2),
            ("共3.5万字", 0),
            ("2023年1、2月", 0),
            ("一、总体情况", 0),
            ("无数字.、", 0),
        ] {
            assert_eq!(arabic_markers(line).len(), markers, "{line}");
            if markers > 0 {
                assert!(has_arabic_marker(line), "{line}");
            }
        }
        assert!(!has_arabic_marker("一、总体情况。"));
        assert!(!has_arabic_marker(".、开头"));
    }

    /// The lines the per-line test reads: outside tables, holding 是 or an Arabic marker's
    /// digit and separator (the way the candidates were found before the whole-text search).
    fn candidates_line_by_line(text: &str) -> (Vec<u32>, Vec<u32>) {
        let report = parse_text(text, SourceEncoding::Utf8);
        let expected = report
            .doc
            .lines()
            .filter(|l| {
                !report.is_table_line(l.no)
                    && (l.folded.contains('是') || has_arabic_marker(l.folded))
            })
            .map(|l| l.no)
            .collect();
        let needles = Needles::of_report(&report);
        (
            candidate_lines(&report, &needles, &runs_of(&report)),
            expected,
        )
    }

    #[test]
    fn the_whole_text_search_finds_the_lines_the_line_test_does() {
        let text = "一是加强\n1\n.开头\n2、完善\n\t是\t3.5\n共3.5万\n末行2、\n是";
        let (found, expected) = candidates_line_by_line(text);
        assert_eq!(found, expected);
        assert_eq!(found, [1, 4, 6, 7, 8]);
        let merged: Vec<u32> = merge([1, 4, 9].into_iter(), [2, 4, 10, 11].into_iter()).collect();
        assert_eq!(merged, [1, 2, 4, 9, 10, 11]);
    }

    proptest! {
        #[test]
        fn whole_text_candidates_are_the_line_by_line_ones(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("是"), Just("1"), Just("23"), Just("."), Just("、"), Just("，"),
                    Just("\n"), Just("\r\n"), Just("\t"), Just(" "), Just("一"), Just("１"),
                    Just("．"), Just("二、总体情况\n"), Just("工作"),
                ],
                0..40,
            )
        ) {
            let text = parts.concat();
            let (found, expected) = candidates_line_by_line(&text);
            prop_assert_eq!(found, expected, "{:?}", text);
            // Each candidate's markers read at the shared pass's 是s are those read at the
            // line's own search for 是.
            let report = parse_text(&text, SourceEncoding::Utf8);
            let needles = Needles::of_report(&report);
            for no in candidate_lines(&report, &needles, &runs_of(&report)) {
                let Some(line) = report.doc.line(no) else { continue };
                let kept = needles.offsets_within(Needle::Is, report.doc.folded(), line.folded);
                let searched = line.folded.match_indices('是').map(|(at, _)| at);
                let read = |m: Vec<super::Marker>| -> Vec<(u32, usize, usize)> {
                    m.iter().map(|m| (m.value, m.start, m.end)).collect()
                };
                prop_assert_eq!(
                    read(markers(&line, kept, true)),
                    read(markers(&line, searched, true)),
                    "{:?}", text
                );
            }
        }
    }
}
