//! The same figure stated twice in the text with different values.
//!
//! 正文两次写到同一数字，数值却不同。
//!
//! ## What it checks
//! Each metric the text states in so many words (see `narrative-table-mismatch`: applications
//! received, carried over, handled, carried forward, 复议, 诉讼, the 表二 counts) and the total
//! of proactively published items (「主动公开政府信息 N条」, 「共公开信息 N条」) has one value
//! in a report. When it is stated again with another value, the later statement is flagged,
//! naming the earlier one. A zero stated in words (「未收到政府信息公开申请」) counts as 0.
//! Approximate numbers and counts limited to one channel (「在门户网站主动公开信息300条」) are
//! not compared.
//!
//! ## 检查内容
//! 正文明确写出的每项指标（见 `narrative-table-mismatch`：收到、上年结转、办结、结转下年度的申请
//! 数，行政复议、行政诉讼，表二的各项数量），以及主动公开信息的总条数（「主动公开政府信息N条」「共
//! 公开信息N条」），在一份报告中只有一个值。再次写到时数值不同，标记后一处，并指出前一处。以文字表
//! 述的零（「未收到政府信息公开申请」）按0计。约数和只限于某一渠道的数量（「在门户网站主动公开信息
//! 300条」）不作比较。
//!
//! ## Why it matters
//! Two values for one figure mean at least one is wrong. It is typical of reports assembled
//! from drafts, or of a paragraph copied from last year's report and half updated.
//!
//! ## 为何重要
//! 同一数字有两个值，至少有一个是错的。这在由多份草稿拼成的报告中，或在照抄上年报告、只改了一半的段
//! 落中很典型。
//!
//! ## Authority
//! S6: 数据精确、文字严谨.
//!
//! ## 依据
//! S6：数据精确、文字严谨。
//!
//! ## Flagged
//! ```text
//! 全年主动公开信息71条。……本年度共公开信息70条。
//! ```
//!
//! ## Accepted
//! ```text
//! 全年主动公开信息71条。……本年度共公开信息71条，其中门户网站公开40条。
//! ```

use std::collections::BTreeSet;

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::narrative::{Metric, Statement};
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct NarrativeSelfConflict;

impl Rule for NarrativeSelfConflict {
    crate::rule_meta!(
        "narrative-self-conflict",
        TextVsTables,
        Warning,
        "正文前后数字矛盾",
        "The text states one figure twice with different values"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        // Each statement is compared with the exact ones before it of its metric, through what
        // they have in common (not one by one: a long text states thousands of counts). The
        // metrics are a few kinds (an enum): looked up in a list of those seen, not hashed.
        let statements = &report.narrative().statements;
        // Room for every metric at once (pushing one at a time grew the list three times).
        let mut seen: Vec<(Metric, Seen<'_>)> =
            Vec::with_capacity(statements.len().min(METRIC_KINDS));
        for later in statements {
            let Some(value) = later.quantity.exact() else {
                continue;
            };
            let Some((_, before)) = seen.iter_mut().find(|(m, _)| *m == later.metric) else {
                seen.push((later.metric, Seen::new(later, value)));
                continue;
            };
            // The first earlier statement with another value. One flag per distinct value: a
            // third statement repeating the second is the same conflict.
            let earlier = if before.first.1 != value {
                Some(before.first.0)
            } else {
                before.first_other
            };
            if let Some(earlier) = earlier.filter(|_| !before.has_stated(value)) {
                findings.report(finding(earlier, later, value));
            }
            before.add(later, value);
        }
    }
}

/// How many kinds of [`Metric`] there are (`Published` is the last).
const METRIC_KINDS: usize = Metric::Published as usize + 1;

/// The exact statements of one metric so far: the first, the first with another value than
/// the first's, and every value stated (ordered, not hashed: most metrics are stated once or
/// twice a report, and a hash set cost its hasher's keys and a hash of every value).
struct Seen<'a> {
    first: (&'a Statement, i64),
    first_other: Option<&'a Statement>,
    /// The values stated other than the first's: empty, and so never allocated, for a metric
    /// stated once or always with one value (most of them; a set of the first value alone
    /// was a block of the allocator for each metric of each report).
    others: BTreeSet<i64>,
}

impl<'a> Seen<'a> {
    fn new(statement: &'a Statement, value: i64) -> Seen<'a> {
        Seen {
            first: (statement, value),
            first_other: None,
            others: BTreeSet::new(),
        }
    }

    /// Whether `value` was stated before.
    fn has_stated(&self, value: i64) -> bool {
        value == self.first.1 || self.others.contains(&value)
    }

    fn add(&mut self, statement: &'a Statement, value: i64) {
        if value == self.first.1 {
            return;
        }
        if self.first_other.is_none() {
            self.first_other = Some(statement);
        }
        self.others.insert(value);
    }
}

fn finding(earlier: &Statement, later: &Statement, value: i64) -> Finding {
    let first = earlier.quantity.value();
    let metric = later.metric;
    Finding::typed(
        Location::span(later.at.line, later.at.column, later.at.len),
        Conflict {
            metric,
            first_line: earlier.at.line,
            first,
            first_written: earlier.at.text.to_string(),
            value,
            written: later.at.text.to_string(),
        },
    )
    .evidence("metric", metric.key())
    .evidence("first_value", first)
    .evidence("first_line", earlier.at.line)
    .evidence("first_sentence", &*earlier.sentence)
    .evidence("value", value)
    .evidence("sentence", &*later.sentence)
    .key(metric.key())
    .key(first.to_string())
    .key(value.to_string())
}

/// One figure stated twice in the text with different values: first on `first_line`, then
/// here.
#[derive(Debug)]
struct Conflict {
    metric: Metric,
    first_line: u32,
    first: i64,
    first_written: String,
    value: i64,
    written: String,
}

impl Message for Conflict {
    fn message(&self, lang: Lang) -> String {
        let Conflict {
            metric,
            first_line,
            first,
            first_written,
            value,
            written,
        } = self;
        match lang {
            Lang::Zh => format!(
                "{}前后不一致：第{first_line}行为 {first}（「{first_written}」），此处为 {value}（「{written}」）",
                metric.zh()
            ),
            Lang::En => format!(
                "{} stated twice with different values: {first} on line {first_line} (「{first_written}」), {value} here (「{written}」)",
                metric.en()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::rows;

    const CODE: &str = "narrative-self-conflict";
    const PROSE: &str = "本机关认真贯彻落实《条例》，做好政府信息公开工作。";

    fn flags(prose: &str) -> Vec<crate::flag::Flag> {
        rows().replace(PROSE, prose).flags(CODE)
    }

    #[test]
    fn a_figure_stated_twice_differently_is_flagged_at_the_second() {
        let found = flags("全年主动公开信息71条。本年度共公开信息70条。");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].evidence["first_value"], 71);
        assert_eq!(found[0].evidence["value"], 70);
        assert!(found[0].message.get(Lang::Zh).contains("此处为 70"));
    }

    #[test]
    fn a_zero_in_words_conflicts_with_a_count() {
        let found = flags("全年未收到政府信息公开申请。2023年共收到政府信息公开申请2件。");
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn conflicts_are_those_of_comparing_every_statement_with_every_earlier_one() {
        // Values that come back, go away and come back again, for two metrics.
        let prose: String = [3, 3, 5, 3, 7, 5, 9, 3, 7, 11]
            .iter()
            .enumerate()
            .map(|(i, v)| {
                if i % 3 == 0 {
                    format!("全年主动公开信息{v}条。")
                } else {
                    format!("本年度共收到政府信息公开申请{v}件。")
                }
            })
            .collect();
        let found: Vec<(u32, u32, i64)> = flags(&prose)
            .iter()
            .map(|f| {
                let at = (f.location.line.unwrap_or(0), f.location.column.unwrap_or(0));
                (at.0, at.1, f.evidence["first_value"].as_i64().unwrap_or(-1))
            })
            .collect();
        // The definition: a statement conflicts with the first earlier one of its metric with
        // another exact value, unless an earlier one already stated its value.
        let report = rows().replace(PROSE, &prose).report();
        let statements = &report.narrative().statements;
        let mut expected = Vec::new();
        for (index, later) in statements.iter().enumerate() {
            let Some(value) = later.quantity.exact() else {
                continue;
            };
            let same_metric = || {
                statements[..index]
                    .iter()
                    .filter(|s| s.metric == later.metric)
            };
            let earlier = same_metric().find(|s| s.quantity.exact().is_some_and(|v| v != value));
            let repeated = same_metric().any(|s| s.quantity.exact() == Some(value));
            if let (Some(earlier), false) = (earlier, repeated) {
                expected.push((later.at.line, later.at.column, earlier.quantity.value()));
            }
        }
        expected.sort();
        assert!(expected.len() >= 4, "{expected:?}");
        assert_eq!(found, expected);
    }

    #[test]
    fn the_same_value_twice_or_a_channel_part_is_accepted() {
        assert!(flags("全年主动公开信息71条。本年度共公开信息71条。").is_empty());
        assert!(flags("全年主动公开信息71条。在门户网站主动公开信息40条。").is_empty());
        assert!(flags("全年主动公开信息71条，其中主动公开政策文件40条。").is_empty());
        assert!(flags("全年主动公开信息约71条。本年度共公开信息70条。").is_empty());
    }
}
