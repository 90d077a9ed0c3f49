//! What the prose of a report states in numbers, for the rules that hold it against the tables.
//!
//! One reader, shared by the B5 rules (`narrative-table-mismatch`, `narrative-breakdown-sum`,
//! `narrative-self-conflict`, `fee-conflict`): it splits the prose (every line outside the
//! tables) into sentences, reads the counts in them ([`numbers`]: 「3件」, 「十二条」, 「1.2万条」,
//! 「60余条」), recognises which counts state a [`Metric`] the tables also state ([`metrics`]),
//! reads zeros stated in words (「未收到依申请公开事项」), the 「N条，其中 a…；b…」 lists, and the
//! sentences denying that fee notices were issued.
//!
//! The reader is built for precision over recall: a count is a metric only when its own clause
//! says so in so many words; anything approximate, about another year, a comparison, a part of
//! the agency or a part of a list is left alone. [`Report::narrative`] reads a report once and
//! keeps the result.

mod breakdown;
mod chars3;
mod clauses;
mod fees;
mod lexicon;
pub mod metrics;
pub mod numbers;
mod phrases;
mod zeros;

use std::cell::OnceCell;
use std::sync::{Arc, LazyLock};

use compact_str::CompactString;

use crate::flag::Location;
use crate::report::dates::WrappedLine;
use crate::report::{Report, SectionId};
use crate::text::LineFacts;

pub use metrics::{Metric, TableReading};
pub use numbers::{counts, counts_into, sentences, sentences_into, Count, Quantity, Sentence};

use clauses::{classify, Before, GroupText, Topic};
use zeros::zero_claims;

/// A piece of text the reader found: where it is and what was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub line: u32,
    /// 1-based character column.
    pub column: u32,
    /// Length in characters.
    pub len: u32,
    /// The text as written (「3件」, 「未收到依申请公开」): kept inline up to 24 bytes (a count
    /// and its unit, as most are), where a `String` was a block of the allocator for each
    /// statement.
    pub text: CompactString,
}

impl Mention {
    fn new(sentence: &Sentence<'_>, start: usize, end: usize) -> Mention {
        let (column, len, raw) = sentence.span(start, end);
        Mention {
            line: sentence.line,
            column,
            len,
            text: CompactString::new(raw),
        }
    }

    /// The location of a flag pointing at this text.
    pub fn location(&self) -> Location {
        Location::span(self.line, self.column, self.len)
    }
}

/// A number stated in the text, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub quantity: Quantity,
    pub at: Mention,
}

/// A metric stated in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub metric: Metric,
    pub quantity: Quantity,
    /// Stated in words (「未收到」, 「未发生」) rather than as a number.
    pub in_words: bool,
    /// The same sentence states the carried-in applications apart, so 「收到 N件」 there means
    /// 表三 一 alone (see [`Metric::table_readings`]).
    pub strict: bool,
    /// The number with its unit, or the words stating the zero.
    pub at: Mention,
    /// The sentence, as written (shared by the statements of one sentence).
    pub sentence: Arc<str>,
}

impl Statement {
    /// The table readings to compare this statement with (see [`Metric::table_readings`]).
    pub fn table_readings(&self, report: &Report) -> Vec<TableReading> {
        self.metric.table_readings(report, self.strict)
    }

    /// The values of [`Statement::table_readings`], without naming their cells.
    pub fn table_values(&self, report: &Report) -> metrics::TableValues {
        self.metric.table_values(report, self.strict)
    }
}

/// A total and its parts: 「476 条，其中…9 条；…2 条；…」.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub total: Stated,
    pub parts: Vec<Stated>,
    /// The list is clearly complete: introduced by 「分别为」, ending in 「其他/其余…」, or
    /// naming every category of a known partition (自然人 and 法人; 维持, 纠正, 其他, 尚未审结).
    pub exhaustive: bool,
    /// The 。-sentence, as written.
    pub sentence: String,
}

impl Breakdown {
    /// The sum of the parts, when the total and every part are exact.
    pub fn exact_sum(&self) -> Option<(i64, i64)> {
        let total = self.total.quantity.exact()?;
        let mut sum = 0i64;
        for part in &self.parts {
            sum = sum.checked_add(part.quantity.exact()?)?;
        }
        Some((total, sum))
    }

    /// Whether the first few parts (not all) already add up to the total: 「收到申请25件，其中
    /// 网上申请20件、信函申请5件，自然人申请22件…」 lists two partitions one after the other.
    pub fn lists_two_partitions(&self) -> bool {
        let Some(total) = self.total.quantity.exact() else {
            return false;
        };
        let mut sum = 0i64;
        for part in &self.parts[..self.parts.len().saturating_sub(1)] {
            let Some(value) = part.quantity.exact() else {
                return false;
            };
            sum = sum.saturating_add(value);
            if sum == total {
                return true;
            }
        }
        false
    }
}

/// Everything the reader found in a report's prose, in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Narrative {
    pub statements: Vec<Statement>,
    pub breakdowns: Vec<Breakdown>,
    /// Statements that no fee notice (收费通知) was issued.
    pub fee_notice_denials: Vec<Mention>,
}

/// The characters [`worth_reading`] looks for: the count units, 数, and the negations.
const LOOKED_FOR: [char; numbers::UNITS.len() + 4] = {
    let mut all = [
        '数', '未', '无', '没', '数', '数', '数', '数', '数', '数', '数', '数', '数', '数',
    ];
    let mut i = 0;
    while i < numbers::UNITS.len() {
        all[4 + i] = numbers::UNITS[i];
        i += 1;
    }
    all
};
const WORTH_READING: chars3::Chars3 = chars3::Chars3::of(&LOOKED_FOR);

/// Whether a line may hold something the reader looks for: a count (a unit right after a
/// number, or a number after 「数量」), or a negation next to one of the subjects of zero
/// claims. Most lines of a report fail this, among them the long opening paragraph, whose
/// 「条例」 and 「数据」 are no counts. The characters looked for are found a block of bytes at
/// a time ([`chars3`]): most lines hold none of them.
fn worth_reading(folded: &str) -> bool {
    let mut denies = false;
    // `find` also gives a few characters sharing both tested bytes with those looked for.
    let counts = WORTH_READING.find(folded, |at, c| match c {
        '数' => numbers::may_follow_quantity_word(&folded[at + '数'.len_utf8()..]),
        '未' | '无' | '没' => {
            denies = true;
            false
        }
        c => numbers::is_unit(c) && numbers::may_end_count(&folded[..at]),
    });
    counts || denies && names_a_subject(folded)
}

/// The subjects of zero claims a line with a negation must name to be read.
const SUBJECTS: [&str; 5] = ["申请", "复议", "诉讼", "规", "收费通知"];

/// [`SUBJECTS`]' searchers, built once: `str::contains` sets one up at each call (and a
/// two-way searcher, ~300 instructions, on a text shorter than its SIMD block).
static SUBJECT_FINDERS: LazyLock<[memchr::memmem::Finder<'static>; SUBJECTS.len()]> =
    LazyLock::new(|| SUBJECTS.map(memchr::memmem::Finder::new));

/// Whether a line with a negation names one of the subjects of zero claims.
fn names_a_subject(folded: &str) -> bool {
    SUBJECT_FINDERS
        .iter()
        .any(|finder| finder.find(folded.as_bytes()).is_some())
}

/// Reads the prose of a report: every line outside the tables.
pub fn read(report: &Report) -> Narrative {
    let mut out = Narrative::default();
    let tables: Vec<(u32, u32)> = [&report.table2, &report.table3, &report.table4]
        .into_iter()
        .flatten()
        .map(|t| (t.first_line, t.last_line))
        .collect();
    let appeals = report
        .section(SectionId::Appeals)
        .map(|s| (s.heading.line, s.body_last));
    // A collapsed table shares its line with prose, but its numbers are no statements.
    let skipped =
        |no: u32| tables.iter().any(|(a, b)| (*a..=*b).contains(&no)) || report.is_table_line(no);
    // A blank line (half of a report's lines outside the tables) holds nothing to read, and
    // no number or date is cut at it. Lines are told from their facts and line numbers, and
    // only the lines read are sliced out of the text (most lines of a report are blank or
    // table rows).
    let read_at = |no: u32, facts: &LineFacts| !facts.blank && !skipped(no);
    let mut counted = GroupCounts::default();
    // The sentences of the line read, in one list for the report's lines (a joined line's
    // text is its own: its sentences get a list of their own).
    let mut sentences = Vec::new();
    let mut numbered = (1u32..).zip(report.doc.line_facts()).peekable();
    while let Some((no, facts)) = numbered.next() {
        if facts.blank {
            continue;
        }
        // A table's lines are passed over at once, from its first: none of them is read, and
        // asking each of them which table holds it cost more than the step to the next.
        if let Some(&(_, last)) = tables.iter().find(|(a, b)| (*a..=*b).contains(&no)) {
            if let Some(rest) = last.checked_sub(no + 1) {
                numbered.nth(rest as usize);
            }
            continue;
        }
        if report.is_table_line(no) {
            continue;
        }
        let Some(folded) = report.doc.folded_line(no) else {
            break;
        };
        // A line break inside a number or a date (PDF text wraps anywhere: 「共收到申请1⏎2件」)
        // does not cut it: the two lines are read as one, and what was found on the second
        // is put back there.
        let next = numbered
            .peek()
            .filter(|(next, facts)| may_be_cut(folded) && read_at(*next, facts))
            .map(|&(next, _)| next);
        if let Some(next) = next {
            let Some(line) = report.doc.line(no) else {
                break;
            };
            let wrapped = report
                .doc
                .line(next)
                .and_then(|next| WrappedLine::join_at_cut(&line, &next));
            if let Some(wrapped) = wrapped {
                numbered.next();
                if worth_reading(wrapped.line().folded) {
                    let at = Found::of(&out);
                    let line = wrapped.line();
                    // The joined line lives only in this block, shorter than the report's
                    // sentence buffer, which cannot hold sentences borrowed from it.
                    read_line(
                        report,
                        line,
                        appeals,
                        &mut counted,
                        &mut Vec::new(),
                        &mut out,
                    );
                    at.place(&mut out, &wrapped);
                }
                continue;
            }
        }
        // A line read alone is asked whether it is worth reading from its folded text, before
        // its `Line` is made: most lines are not (~90 % of a report's prose lines).
        if worth_reading(folded) {
            if let Some(line) = report.doc.line(no) {
                read_line(
                    report,
                    line,
                    appeals,
                    &mut counted,
                    &mut sentences,
                    &mut out,
                );
            }
        }
    }
    out
}

/// Whether a line break after `folded` may cut a number or a date
/// ([`WrappedLine::join_at_cut`]): not after a sentence's 。, which ends neither (a cut needs
/// the line to end with a digit, a numeral, 年, 月 or 十). Asked first, as most paragraphs end
/// so.
fn may_be_cut(folded: &str) -> bool {
    !folded.ends_with('。')
}

/// How much the reader had found before a line, so that what it finds on a joined line can be
/// put back on the lines it came from.
struct Found {
    statements: usize,
    breakdowns: usize,
    denials: usize,
}

impl Found {
    fn of(out: &Narrative) -> Found {
        Found {
            statements: out.statements.len(),
            breakdowns: out.breakdowns.len(),
            denials: out.fee_notice_denials.len(),
        }
    }

    /// Puts the mentions found since on the line of `wrapped` where they start.
    fn place(&self, out: &mut Narrative, wrapped: &WrappedLine) {
        let mut mentions: Vec<&mut Mention> = out.statements[self.statements..]
            .iter_mut()
            .map(|s| &mut s.at)
            .chain(out.breakdowns[self.breakdowns..].iter_mut().flat_map(|b| {
                std::iter::once(&mut b.total.at).chain(b.parts.iter_mut().map(|p| &mut p.at))
            }))
            .chain(out.fee_notice_denials[self.denials..].iter_mut())
            .collect();
        for mention in mentions.iter_mut() {
            (mention.line, mention.column) = wrapped.place_column(mention.column);
        }
    }
}

/// The counts of each sentence of one 。-sentence, in one buffer kept from line to line (not a
/// vector per sentence).
#[derive(Default)]
pub(super) struct GroupCounts {
    all: Vec<Count>,
    /// Where the counts of each sentence end in `all`.
    ends: Vec<usize>,
    /// The counts of the group read as metrics (sentence, count), for [`read_group`]'s
    /// lists: kept here for its room only.
    metric_counts: Vec<(usize, usize)>,
}

impl GroupCounts {
    /// Reads the counts of the sentences of `group`, forgetting the previous group's.
    fn read(&mut self, group: &[Sentence<'_>]) {
        self.all.clear();
        self.ends.clear();
        for sentence in group {
            counts_into(sentence.text, &mut self.all);
            self.ends.push(self.all.len());
        }
    }

    /// The counts of sentence `index` of the group, in text order.
    pub(super) fn of(&self, index: usize) -> &[Count] {
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        &self.all[start..self.ends[index]]
    }
}

/// Reads the sentences of one line of prose (one [`worth_reading`], which the caller asked).
fn read_line<'l>(
    report: &Report,
    line: crate::text::Line<'l>,
    appeals: Option<(u32, u32)>,
    counted: &mut GroupCounts,
    sentences: &mut Vec<Sentence<'l>>,
    out: &mut Narrative,
) {
    let in_appeals = appeals.is_some_and(|(a, b)| (a..=b).contains(&line.no));
    sentences_into(line, sentences);
    let mut rest = sentences.as_slice();
    while !rest.is_empty() {
        let len = rest
            .iter()
            .position(|s| !s.continues())
            .map_or(rest.len(), |i| i + 1);
        let (group, tail) = rest.split_at(len);
        counted.read(group);
        read_group(report, group, counted, in_appeals, out);
        rest = tail;
    }
}

/// 「其中」, which opens the parts of a list: searched in every sentence with counts.
static PART_MARKER: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("其中"));

/// Where the text after the first 「其中」 of `text` starts: a searcher built once (`str::find`
/// sets up a two-way searcher at each call, ~900 instructions on a sentence).
fn part_start(text: &str) -> Option<usize> {
    PART_MARKER
        .find(text.as_bytes())
        .map(|i| i + PART_MARKER.needle().len())
}

/// The characters a denial needs: a negation (未, 无, 没; 没 stands for 没有, which
/// `zero_claims` asks again of each sentence) for a zero in words, 费 for a fee notice denial.
const DENIAL_CHARS: chars3::Chars3 = chars3::Chars3::of(&['未', '无', '没', '费']);

/// What of [`DENIAL_CHARS`] a 。-sentence holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct DenialMarks {
    /// 未, 无 or 没.
    negation: bool,
    /// 费.
    fee: bool,
}

impl DenialMarks {
    /// Read by one block scan of `text` (four searches of `str`, one a character, read it four
    /// times), stopped when both are found.
    fn of(text: &str) -> DenialMarks {
        let mut marks = DenialMarks::default();
        // `find` also gives a few characters sharing both tested bytes with those looked for.
        DENIAL_CHARS.find(text, |_, c| {
            match c {
                '未' | '无' | '没' => marks.negation = true,
                '费' => marks.fee = true,
                _ => {}
            }
            marks.negation && marks.fee
        });
        marks
    }
}

/// Whether `text` holds a negation (未, 无 or 没): one block scan, stopped at the first, where
/// three searches of `str` read it three times.
fn has_negation(text: &str) -> bool {
    DENIAL_CHARS.find(text, |_, c| matches!(c, '未' | '无' | '没'))
}

/// 「收费通知」, which a fee notice denial names: a searcher built once.
static FEE_NOTICE: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("收费通知"));

/// Reads one 。-sentence: its 「；」-separated sentences.
fn read_group(
    report: &Report,
    group: &[Sentence<'_>],
    counted: &mut GroupCounts,
    in_appeals: bool,
    out: &mut Narrative,
) {
    let (Some(first), Some(last)) = (group.first(), group.last()) else {
        return;
    };
    let line = first.source.folded;
    let group_end = last.offset + last.text.len();
    let group_text = &line[first.offset..group_end];
    let marks = DenialMarks::of(group_text);
    let may_deny = marks.negation;
    if !may_deny && counted.all.is_empty() {
        return;
    }
    // What no sentence of the group can hold is not looked for in each: a zero in words needs
    // a negation, a fee notice denial the words 收费通知.
    let may_deny_notice = marks.fee && FEE_NOTICE.find(group_text.as_bytes()).is_some();
    let mut topic = if counted.all.is_empty() {
        Topic::without_counts(in_appeals)
    } else {
        Topic::of(group_text, in_appeals)
    };
    let first_statement = out.statements.len();
    let mut metric_counts = std::mem::take(&mut counted.metric_counts);
    metric_counts.clear();
    // What is asked of the text before each count, and the sentence each statement quotes,
    // are read once per sentence, not once per count.
    let text = GroupText::new(group_text);
    for (si, sentence) in group.iter().enumerate() {
        let found = counted.of(si);
        let part_from = if found.is_empty() {
            None
        } else {
            part_start(sentence.text)
        };
        let raw: OnceCell<Arc<str>> = OnceCell::new();
        let quoted = || raw.get_or_init(|| Arc::from(sentence.raw())).clone();
        for (index, count) in found.iter().enumerate() {
            let before = Before {
                group: &text,
                end: sentence.offset + count.start - first.offset,
                in_part: part_from.is_some_and(|end| end <= count.start),
            };
            let Some(read) = classify(sentence, found, index, topic, &before, report.year) else {
                continue;
            };
            topic.note(read.metric);
            metric_counts.push((si, index));
            for metric in std::iter::once(read.metric).chain(read.also) {
                out.statements.push(Statement {
                    metric,
                    quantity: count.quantity,
                    in_words: false,
                    strict: false,
                    at: Mention::new(sentence, count.start, count.end),
                    sentence: quoted(),
                });
            }
        }
        let claims = if may_deny {
            zero_claims(sentence.text, topic)
        } else {
            Vec::new()
        };
        for claim in claims {
            for &metric in claim.metrics {
                out.statements.push(Statement {
                    metric,
                    quantity: Quantity::Exact(0),
                    in_words: true,
                    strict: false,
                    at: Mention::new(sentence, claim.start, claim.end),
                    sentence: quoted(),
                });
            }
        }
        if !may_deny_notice {
            continue;
        }
        for (start, end) in fees::notice_denials(sentence.text, found) {
            out.fee_notice_denials
                .push(Mention::new(sentence, start, end));
        }
    }
    let states_carried_in = out.statements[first_statement..]
        .iter()
        .any(|s| s.metric == Metric::CarriedIn);
    for statement in &mut out.statements[first_statement..] {
        statement.strict = states_carried_in;
    }
    out.statements[first_statement..].sort_by_key(|s| (s.at.line, s.at.column));
    let lists = breakdown::lists(group, counted, |si, ci| metric_counts.contains(&(si, ci)));
    counted.metric_counts = metric_counts;
    if lists.is_empty() {
        return;
    }
    // A line that folded nothing holds the group's raw text at the same bytes.
    let group_raw = first.raw_through(last);
    for list in lists {
        let stated = |(si, ci): (usize, usize)| {
            let sentence = &group[si];
            let count = &counted.of(si)[ci];
            Stated {
                quantity: count.quantity,
                at: Mention::new(sentence, count.start, count.end),
            }
        };
        out.breakdowns.push(Breakdown {
            total: stated(list.total),
            parts: list.parts.iter().copied().map(stated).collect(),
            exhaustive: list.exhaustive,
            sentence: group_raw.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tables::fixtures::rows;

    const PROSE: &str = "本机关认真贯彻落实《条例》，做好政府信息公开工作。";

    fn narrative(prose: &str) -> Narrative {
        rows().replace(PROSE, prose).report().narrative().clone()
    }

    /// `(metric, value, in words)` of every statement.
    fn stated(prose: &str) -> Vec<(Metric, i64, bool)> {
        narrative(prose)
            .statements
            .iter()
            .filter_map(|s| Some((s.metric, s.quantity.exact()?, s.in_words)))
            .collect()
    }

    use Metric::*;

    #[test]
    fn lines_worth_reading_hold_a_unit_after_a_number_数_before_one_or_a_negation_of_a_subject() {
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            let after_number = format!("a3 {c}ž");
            assert_eq!(worth_reading(&after_number), numbers::is_unit(c), "{c}");
            // A unit or 数 alone is no count.
            assert!(
                !worth_reading(&format!("a{c}ž")) || c.is_ascii_digit(),
                "{c}"
            );
            let before_number = format!("a{c}为 3");
            assert_eq!(worth_reading(&before_number), c == '数', "{c}");
            let denial = format!("{c}收到申请");
            assert_eq!(
                worth_reading(&denial),
                matches!(c, '未' | '无' | '没'),
                "{c}"
            );
        }
        assert!(!worth_reading("我局未组织培训"));
        assert!(worth_reading("𠀀未发出收费通知"));
        assert!(!worth_reading(
            "根据《中华人民共和国政府信息公开条例》规定，本报告所列数据的统计期限为2022年1月1日至2022年12月31日"
        ));
    }

    /// [`worth_reading`] as it was written first, character by character: the reference for
    /// the block scan.
    fn worth_reading_by_char(folded: &str) -> bool {
        let mut denies = false;
        for (at, c) in folded.char_indices() {
            let after = &folded[at + c.len_utf8()..];
            if numbers::is_unit(c) && numbers::may_end_count(&folded[..at]) {
                return true;
            }
            if c == '数' && numbers::may_follow_quantity_word(after) {
                return true;
            }
            denies |= matches!(c, '未' | '无' | '没');
        }
        denies && names_a_subject(folded)
    }

    proptest::proptest! {
        /// The subjects found by the searchers built once are those `str::contains` found, on
        /// texts of the words, their parts and characters sharing their bytes (觃 shares 规's
        /// first two bytes, 诈 诉's), short and long ones (a searcher changes its method with
        /// the length of the text).
        #[test]
        fn subjects_are_named_as_str_contains_says(
            text in crate::document::texts_of(
                &[
                    "申请", "申", "请", "复议", "复", "议", "诉讼", "诉", "讼", "规", "觃", "诈",
                    "收费通知", "收费", "通知", "未", "3", "é", "𠀀", " ", "。",
                ],
                0..64,
            )
        ) {
            let contained = text.contains("申请")
                || text.contains("复议")
                || text.contains("诉讼")
                || text.contains("规")
                || text.contains("收费通知");
            proptest::prop_assert_eq!(names_a_subject(&text), contained, "{}", text);
        }

        /// The denial marks and negations read by one block scan are what the searches of `str`
        /// they replace find, on texts of the four characters, 收费通知, characters sharing their
        /// second and last bytes (圪 and 嗡 have 未's and 没's, 眹 无's and 费's), 2- and 4-byte
        /// characters, long enough to fill several blocks.
        #[test]
        fn denial_marks_are_the_character_searches(
            text in crate::document::texts_of(
                &[
                    "未", "无", "没", "费", "收费通知", "圪", "嗡", "眹", "岡", "申请", "3", "é",
                    "𠀀", " ", "。", "；",
                ],
                0..48,
            )
        ) {
            let searched = DenialMarks {
                negation: text.contains('未') || text.contains('无') || text.contains('没'),
                fee: text.contains('费'),
            };
            proptest::prop_assert_eq!(DenialMarks::of(&text), searched, "{}", text);
            proptest::prop_assert_eq!(has_negation(&text), searched.negation, "{}", text);
            proptest::prop_assert_eq!(
                FEE_NOTICE.find(text.as_bytes()).is_some(),
                text.contains("收费通知")
            );
        }

        /// The block scan answers as the character walk, on texts of the characters looked
        /// for, characters sharing their last byte, digits, numerals, 2- and 4-byte characters,
        /// long enough to fill several blocks of sixteen bytes.
        #[test]
        fn the_block_scan_reads_as_the_character_walk(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("3"), proptest::strategy::Just("三"),
                    proptest::strategy::Just("件"), proptest::strategy::Just("条"),
                    proptest::strategy::Just("例"), proptest::strategy::Just("数"),
                    proptest::strategy::Just("量"), proptest::strategy::Just("未"),
                    proptest::strategy::Just("无"), proptest::strategy::Just("没"),
                    proptest::strategy::Just("申请"), proptest::strategy::Just("规"),
                    proptest::strategy::Just("复议"), proptest::strategy::Just("诉讼"),
                    proptest::strategy::Just("收费通知"),
                    // 丶 (U+4E36) ends in 件's last byte (B6), 乡 (U+4E61) in 条's (A1).
                    proptest::strategy::Just("丶"), proptest::strategy::Just("乡"),
                    proptest::strategy::Just("é"), proptest::strategy::Just("𠀀"),
                    proptest::strategy::Just(" "), proptest::strategy::Just("\u{3000}"),
                    proptest::strategy::Just("为"), proptest::strategy::Just("。"),
                    proptest::strategy::Just("a"), proptest::strategy::Just("余"),
                ],
                0..64,
            )
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(worth_reading(&text), worth_reading_by_char(&text), "{}", text);
        }

        /// Every line holding a count is read: the filter lets through every line whose
        /// sentences `counts` finds a count in.
        #[test]
        fn a_line_with_a_count_is_worth_reading(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("3"), proptest::strategy::Just("12"),
                    proptest::strategy::Just("三"), proptest::strategy::Just("十"),
                    proptest::strategy::Just("万"), proptest::strategy::Just("余"),
                    proptest::strategy::Just("多"), proptest::strategy::Just("件"),
                    proptest::strategy::Just("条"), proptest::strategy::Just("例"),
                    proptest::strategy::Just("次"), proptest::strategy::Just("性"),
                    proptest::strategy::Just("数"), proptest::strategy::Just("量"),
                    proptest::strategy::Just(" "), proptest::strategy::Just("\u{3000}"),
                    proptest::strategy::Just("\t"), proptest::strategy::Just(":"),
                    proptest::strategy::Just("为"), proptest::strategy::Just("是"),
                    proptest::strategy::Just("约"), proptest::strategy::Just("以上"),
                    proptest::strategy::Just("."), proptest::strategy::Just(","),
                    proptest::strategy::Just("A"), proptest::strategy::Just("。"),
                    proptest::strategy::Just(";"), proptest::strategy::Just("第"),
                    proptest::strategy::Just("申请"),
                ],
                0..14,
            )
        ) {
            let text: String = pieces.concat();
            let doc = crate::text::Document::new(&text);
            if let Some(line) = doc.line(1) {
                let counted = sentences(line).iter().any(|s| !counts(s.text).is_empty());
                if counted {
                    proptest::prop_assert!(worth_reading(line.folded), "{}", line.folded);
                }
            }
        }
    }

    /// [`read`] as it was written first: a `Line` made for every line read, each asked
    /// [`worth_reading`] after the join. The reference for the folded text's test first.
    fn read_every_line(report: &Report) -> Narrative {
        let mut out = Narrative::default();
        let tables: Vec<(u32, u32)> = [&report.table2, &report.table3, &report.table4]
            .into_iter()
            .flatten()
            .map(|t| (t.first_line, t.last_line))
            .collect();
        let appeals = report
            .section(SectionId::Appeals)
            .map(|s| (s.heading.line, s.body_last));
        let skipped = |no: u32| {
            tables.iter().any(|(a, b)| (*a..=*b).contains(&no)) || report.is_table_line(no)
        };
        let read_at = |no: u32, facts: &LineFacts| !facts.blank && !skipped(no);
        let mut counted = GroupCounts::default();
        let mut read_if_worth = |line: crate::text::Line<'_>, out: &mut Narrative| {
            if worth_reading(line.folded) {
                read_line(report, line, appeals, &mut counted, &mut Vec::new(), out);
            }
        };
        let mut numbered = (1u32..).zip(report.doc.line_facts()).peekable();
        while let Some((no, facts)) = numbered.next() {
            if !read_at(no, &facts) {
                continue;
            }
            let Some(line) = report.doc.line(no) else {
                break;
            };
            let wrapped = numbered
                .peek()
                .filter(|(next, facts)| may_be_cut(line.folded) && read_at(*next, facts))
                .and_then(|&(next, _)| report.doc.line(next))
                .and_then(|next| WrappedLine::join_at_cut(&line, &next));
            if let Some(wrapped) = wrapped {
                numbered.next();
                let at = Found::of(&out);
                read_if_worth(wrapped.line(), &mut out);
                at.place(&mut out, &wrapped);
            } else {
                read_if_worth(line, &mut out);
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        /// Lines told from their folded text before a `Line` is made read as every line made:
        /// prose of several lines, some cut inside a number or a date, some blank, some ending
        /// with 。, with counts, zeros in words and lists.
        #[test]
        fn lines_asked_first_read_as_every_line_made(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("\n"), proptest::strategy::Just("\n\n"),
                    proptest::strategy::Just("。"), proptest::strategy::Just("，"),
                    proptest::strategy::Just("1"), proptest::strategy::Just("2件"),
                    proptest::strategy::Just("件"), proptest::strategy::Just("2023年"),
                    proptest::strategy::Just("12"), proptest::strategy::Just("月"),
                    proptest::strategy::Just("共收到政府信息公开申请"),
                    proptest::strategy::Just("未收到政府信息公开申请"),
                    proptest::strategy::Just("其中自然人申请"),
                    proptest::strategy::Just("法人申请"),
                    proptest::strategy::Just("按时答复"), proptest::strategy::Just("本机关"),
                    // Cuts: a line ending in a digit that is no count alone, the next going
                    // on with the rest of the number and its unit.
                    proptest::strategy::Just("收到申请1\n"), proptest::strategy::Just("\n2件"),
                    proptest::strategy::Just("年\n"),
                ],
                0..30,
            )
        ) {
            let prose: String = pieces.concat();
            let fixture = rows().replace(PROSE, &prose);
            let report = fixture.report();
            proptest::prop_assert_eq!(read(&report), read_every_line(&report), "{}", prose);
        }
    }

    /// A count written on the line right after a table's last (no blank line between) is
    /// read, as [`read_every_line`] reads it: the table's lines are passed over at once, up to
    /// its last and no further.
    #[test]
    fn prose_right_after_a_table_is_read_as_every_line_asked() {
        let text = rows().text();
        let tables = {
            let report = rows().report();
            [&report.table2, &report.table3, &report.table4]
                .map(|t| t.as_ref().map(|t| t.last_line))
        };
        for last in tables.into_iter().flatten() {
            let mut lines: Vec<&str> = text.lines().collect();
            lines.insert(last as usize, "本年度共收到政府信息公开申请7件。");
            let report = crate::report::parse::parse_text(&lines.join("\n"), Default::default());
            let read_here = read(&report);
            assert!(
                read_here.statements.iter().any(|s| s.at.line == last + 1),
                "the count after line {last} is read"
            );
            assert_eq!(read_here, read_every_line(&report), "after line {last}");
        }
    }

    #[test]
    fn the_parts_start_after_the_first_其中_as_str_find_says() {
        for text in [
            "",
            "其中",
            "其",
            "中",
            "中其",
            "其其中",
            "共3件,其中自然人2件,其中网上1件",
            "𠀀其中",
            "其a中",
        ] {
            assert_eq!(
                part_start(text),
                text.find("其中").map(|i| i + "其中".len()),
                "{text}"
            );
        }
    }

    #[test]
    fn no_number_or_date_is_cut_after_a_full_stop_or_at_a_blank_line() {
        // Ends a cut may follow, and what may go on after them.
        let ends = [
            "收到申请12",
            "至2025",
            "2023年12",
            "二〇二三",
            "十",
            "2023年",
            "12月",
        ];
        let nexts = [
            "2件",
            "件",
            "年1月1日",
            "月31日",
            "日",
            "号",
            "十",
            "3",
            "  5件",
        ];
        let joins = |text: &str| {
            let doc = crate::text::Document::new(text);
            let (line, next) = (doc.line(1).expect("line 1"), doc.line(2).expect("line 2"));
            WrappedLine::join_at_cut(&line, &next).is_some()
        };
        let mut cut = 0;
        for end in ends {
            for next in nexts {
                cut += usize::from(joins(&format!("{end}\n{next}")));
                assert!(may_be_cut(end));
                assert!(!may_be_cut(&format!("{end}。")));
                assert!(!joins(&format!("{end}。\n{next}")), "{end}。 {next}");
                for blank in ["", "  ", "\u{3000}", "\t"] {
                    assert!(!joins(&format!("{end}\n{blank}\n件")), "{end} {blank:?}");
                    assert!(!joins(&format!("{blank}\n{next}")), "{blank:?} {next}");
                }
            }
        }
        // The ends without their 。 are cut.
        assert!(cut >= ends.len(), "{cut}");
    }

    #[test]
    fn a_number_cut_by_a_line_break_is_read_whole_where_it_is_written() {
        // PDF text wraps anywhere: 「1⏎2件」 is twelve, not a two that the list then exceeds.
        let found = narrative(
            "本年度共收到政府信息公开申请1\n2件，其中自然人申请10件、法人或其他组织申请2件。",
        );
        let [breakdown] = found.breakdowns.as_slice() else {
            panic!("{:?}", found.breakdowns);
        };
        assert_eq!(breakdown.exact_sum(), Some((12, 12)));
        let prose_line = rows()
            .replace(PROSE, "本年度共收到政府信息公开申请1\n2件，其中")
            .report()
            .doc
            .lines()
            .find(|l| l.raw.ends_with("申请1"))
            .map(|l| l.no)
            .expect("the wrapped line");
        // The total starts on the first line; the parts are on the second, at their columns.
        assert_eq!(breakdown.total.at.line, prose_line);
        assert_eq!(breakdown.total.at.text, "12件");
        assert_eq!(
            (breakdown.parts[0].at.line, breakdown.parts[0].at.column),
            (prose_line + 1, 11)
        );
        // A count wrapped away from its unit: 「7⏎件」.
        assert_eq!(
            stated("本年度共收到政府信息公开申请7\n件，均已按时答复。"),
            [(Received, 7, false)]
        );
    }

    #[test]
    fn application_counts_of_the_seeds_and_reference_reports() {
        assert_eq!(
            stated("2023年共收到政务信息公开申请3件，按时答复3件，申请公开内容主要涉及政务公开等方面。"),
            [(Received, 3, false), (Handled, 3, false)]
        );
        assert_eq!(
            stated("2023 年度接收政府信息公开申请数量 0，上年结转政府信息公开申请数量 0。"),
            [(Received, 0, false), (CarriedIn, 0, false)]
        );
        assert_eq!(
            stated("2023年，全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复），均在法定期限内予以答复。"),
            [
                (Received, 3119, false),
                (Handled, 3050, false),
                (CarriedIn, 34, false),
                (CarriedOver, 103, false)
            ]
        );
        assert_eq!(
            stated("2023年度我局共收到依申请信息公开26件，及时回复申请人。"),
            [(Received, 26, false)]
        );
    }

    #[test]
    fn carried_in_applications_counted_in_the_received_total() {
        assert_eq!(
            stated("本年度共收到政府信息公开申请3件（含上年结转1件），均已按期答复。"),
            [(ReceivedWithCarriedIn, 3, false), (CarriedIn, 1, false)]
        );
        let read = narrative("共收到政府信息公开申请7件，上年结转政府信息公开申请1件。");
        assert!(read.statements.iter().all(|s| s.strict));
        let read = narrative("共收到政府信息公开申请7件。");
        assert!(!read.statements[0].strict);
    }

    #[test]
    fn zeros_stated_in_words() {
        assert_eq!(stated("全年未收到依申请公开事项。"), [(Received, 0, true)]);
        assert_eq!(
            stated("一年来，我局未收到群众依申请公开事项。"),
            [(Received, 0, true)]
        );
        assert_eq!(stated("本年度无政府信息公开申请。"), [(Received, 0, true)]);
        assert_eq!(
            stated("本年度没有收到政府信息公开申请。"),
            [(Received, 0, true)]
        );
        assert_eq!(
            stated("全年未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况。"),
            [(Reviews, 0, true), (Lawsuits, 0, true)]
        );
        assert_eq!(
            stated("我局全年未收到一件政府信息公开申请。"),
            [(Received, 0, true)]
        );
        assert_eq!(stated("收到政府信息公开申请0件。"), [(Received, 0, false)]);
        assert_eq!(
            stated("本年度未制发规范性文件。"),
            [(NormativeIssued, 0, true)]
        );
    }

    #[test]
    fn denials_of_something_else_are_not_zeros() {
        assert!(stated("无因政府信息公开工作被纠错的情况。").is_empty());
        assert!(stated("针对依申请公开，无超期答复情况。").is_empty());
        assert!(stated("申请人无正当理由大量反复申请的，不予处理。").is_empty());
        assert!(stated("未出现因依申请公开答复不当引发行政复议的情况。").is_empty());
    }

    #[test]
    fn reviews_and_lawsuits_about_disclosure_only() {
        assert_eq!(
            stated("全年因政府信息公开工作被申请行政复议2件，被提起行政诉讼3件。"),
            [(Reviews, 2, false), (Lawsuits, 3, false)]
        );
        assert_eq!(
            stated("政府信息公开行政复议 351件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25件。"),
            [(Reviews, 351, false), (Lawsuits, 46, false)]
        );
        assert!(stated("全年办理行政复议案件120件，行政应诉案件35件。").is_empty());
        assert!(stated("本年度我局作为复议机关办理政府信息公开行政复议案件5件。").is_empty());
    }

    #[test]
    fn counts_that_are_not_the_tables_figures() {
        for prose in [
            "2023年度，市司法局共收到人大代表建议3件、政协委员提案4件，均在规定时间内办结。",
            "全年受理网络问政182件，12345热线工单560件。",
            "全年在市政务公开工作平台主动发布修改工作类信息60余条，其中部门会议、部门文件、规范性文件清理类信息11条。",
            "在门户网站公开行政处罚决定书15份，公示行政许可信息230条。",
            "全年共审核规范性文件25件，备案审查规范性文件10件。",
            "2022年，我局收到政府信息公开申请8件。",
            "与上年相比，收到政府信息公开申请减少3件。",
        ] {
            assert_eq!(stated(prose), [], "{prose}");
        }
        // The part of a list, and the part of the applications still open, are not figures.
        assert_eq!(
            stated("共收到政府信息公开申请20件，其中市政府办公室受理5件。"),
            [(Received, 20, false)]
        );
        assert_eq!(
            stated("受理依申请公开事项5件，办结4件，1件正在办理中。"),
            [(Received, 5, false), (Handled, 4, false)]
        );
        let approximate = narrative("2023年共收到政府信息公开申请约5件。");
        assert!(approximate.statements[0].quantity.is_approximate());
    }

    #[test]
    fn table2_counts_stated_as_the_tables_metric() {
        assert_eq!(
            stated("全年共印发行政规范性文件3件，废止规范性文件1件，现行有效规范性文件12件。"),
            [
                (NormativeIssued, 3, false),
                (NormativeRepealed, 1, false),
                (NormativeInForce, 12, false)
            ]
        );
        assert_eq!(
            stated("全年作出行政处罚决定15件，行政许可决定230件。"),
            [(Penalties, 15, false), (Permits, 230, false)]
        );
    }

    #[test]
    fn lists_with_their_parts() {
        let read = narrative("2024 年通过政府网站、微信公众号等发布或更新信息 476 条，其中，依法行政 9 条；公共法律服务 2 条；职能简介 8 条；组织机构 3 条；微信公众号更新信息 454 条。先后在主流媒体刊发稿件 30 篇，其中省级 1 篇，市级 27 篇，区级 2 篇。");
        let sums: Vec<_> = read.breakdowns.iter().map(Breakdown::exact_sum).collect();
        assert_eq!(sums, [Some((476, 476)), Some((30, 30))]);
        assert_eq!(read.breakdowns[0].parts.len(), 5);
        assert_eq!(read.breakdowns[0].total.at.text, "476 条");
        let read = narrative("主动发布信息60余条，其中规范性文件清理类信息11条。");
        assert_eq!(read.breakdowns[0].exact_sum(), None);
    }

    #[test]
    fn fee_notice_denials() {
        let read = narrative("本年度未收取信息处理费，未发出收费通知。");
        assert_eq!(read.fee_notice_denials.len(), 1);
        assert_eq!(read.fee_notice_denials[0].text, "未发出收费通知");
        let read = narrative("本年度向申请人发出收费通知1件，申请人逾期未按收费通知要求缴纳费用。");
        assert!(read.fee_notice_denials.is_empty());
        let read = narrative("本年度未收取信息处理费。");
        assert!(read.fee_notice_denials.is_empty());
    }

    #[test]
    fn table_values_are_the_readings_values_without_the_names() {
        let fixture = rows().replace(
            PROSE,
            "本年度共收到政府信息公开申请3件（含上年结转1件），按时答复9件，行政复议0件。",
        );
        let report = fixture.report();
        let statements = &report.narrative().statements;
        assert!(statements.len() >= 3, "{statements:?}");
        for statement in statements {
            let readings = statement.table_readings(&report);
            assert!(!readings.is_empty(), "{statement:?}");
            assert!(readings.iter().all(|r| !r.names.is_empty()));
            let values: Vec<i64> = readings.iter().map(|r| r.value).collect();
            assert_eq!(*statement.table_values(&report), values, "{statement:?}");
        }
    }

    #[test]
    fn mentions_point_at_the_number() {
        let fixture = rows().replace(PROSE, "２０２３年共收到政府信息公开申请３件。");
        let report = fixture.report();
        let statement = &report.narrative().statements[0];
        assert_eq!(statement.at.line, fixture.line_of("共收到"));
        assert_eq!(statement.at.column, 17);
        assert_eq!(statement.at.len, 2);
        assert_eq!(statement.at.text, "３件");
        assert_eq!(&*statement.sentence, "２０２３年共收到政府信息公开申请３件");
    }
}
