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
mod fees;
pub mod metrics;
pub mod numbers;

use crate::flag::Location;
use crate::report::{Report, SectionId};

pub use metrics::{Metric, TableReading};
pub use numbers::{chinese_number, counts, sentences, Count, Quantity, Sentence};

use metrics::{classify, windows, zero_claims, Topic};

/// A piece of text the reader found: where it is and what was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub line: u32,
    /// 1-based character column.
    pub column: u32,
    /// Length in characters.
    pub len: u32,
    /// The text as written (「3件」, 「未收到依申请公开」).
    pub text: String,
}

impl Mention {
    fn new(sentence: &Sentence<'_>, start: usize, end: usize) -> Mention {
        Mention {
            line: sentence.line,
            column: sentence.column_of(start),
            len: sentence.chars_between(start, end),
            text: sentence.raw_between(start, end).to_string(),
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
    /// The sentence, as written.
    pub sentence: String,
}

impl Statement {
    /// The table readings to compare this statement with (see [`Metric::table_readings`]).
    pub fn table_readings(&self, report: &Report) -> Vec<TableReading> {
        self.metric.table_readings(report, self.strict)
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

/// Whether a line may hold something the reader looks for: a count unit, 「数量」, or a
/// negation next to one of the subjects of zero claims. Most lines of a report fail this.
fn worth_reading(folded: &str) -> bool {
    let mut denies = false;
    for c in folded.chars() {
        if numbers::is_unit(c) || c == '数' {
            return true;
        }
        denies |= matches!(c, '未' | '无' | '没');
    }
    denies
        && (folded.contains("申请")
            || folded.contains("复议")
            || folded.contains("诉讼")
            || folded.contains("规")
            || folded.contains("收费通知"))
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
    for line in report.doc.lines() {
        if tables.iter().any(|(a, b)| (*a..=*b).contains(&line.no))
            || line.folded.contains('\t')
            || !worth_reading(line.folded)
        {
            continue;
        }
        let in_appeals = appeals.is_some_and(|(a, b)| (a..=b).contains(&line.no));
        let all = sentences(line);
        let mut rest = all.as_slice();
        while !rest.is_empty() {
            let len = rest
                .iter()
                .position(|s| !s.continues())
                .map_or(rest.len(), |i| i + 1);
            let (group, tail) = rest.split_at(len);
            read_group(report, group, in_appeals, &mut out);
            rest = tail;
        }
    }
    out
}

/// Reads one 。-sentence: its 「；」-separated sentences.
fn read_group(report: &Report, group: &[Sentence<'_>], in_appeals: bool, out: &mut Narrative) {
    let (Some(first), Some(last)) = (group.first(), group.last()) else {
        return;
    };
    let line = first.source.folded;
    let group_end = last.offset + last.text.len();
    let group_text = &line[first.offset..group_end];
    let with_counts: Vec<(Sentence<'_>, Vec<Count>)> =
        group.iter().map(|s| (*s, counts(s.text))).collect();
    let may_deny =
        group_text.contains('未') || group_text.contains('无') || group_text.contains("没有");
    if !may_deny && with_counts.iter().all(|(_, found)| found.is_empty()) {
        return;
    }
    let mut topic = Topic::of(group_text, in_appeals);
    let first_statement = out.statements.len();
    let mut metric_counts: Vec<(usize, usize)> = Vec::new();
    for (si, (sentence, found)) in with_counts.iter().enumerate() {
        for (index, count) in found.iter().enumerate() {
            let prefix = &line[first.offset..sentence.offset + count.start];
            let Some(read) = classify(sentence, found, index, topic, prefix, report.year) else {
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
                    sentence: sentence.raw().to_string(),
                });
            }
        }
        for claim in zero_claims(sentence.text, topic) {
            for metric in claim.metrics {
                out.statements.push(Statement {
                    metric,
                    quantity: Quantity::Exact(0),
                    in_words: true,
                    strict: false,
                    at: Mention::new(sentence, claim.start, claim.end),
                    sentence: sentence.raw().to_string(),
                });
            }
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
    let lists = breakdown::lists(&with_counts, |si, ci| metric_counts.contains(&(si, ci)));
    if lists.is_empty() {
        return;
    }
    let group_raw = first
        .source
        .raw_chars(first.column as usize - 1, group_text.chars().count());
    for list in lists {
        let stated = |(si, ci): (usize, usize)| {
            let (sentence, found) = &with_counts[si];
            let count = &found[ci];
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
