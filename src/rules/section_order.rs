//! Sections out of the template's order, or a section that appears twice.
//!
//! 章节顺序与模板不同，或同一章节出现两次。
//!
//! ## What it checks
//! The six sections appear in the order 一→六, each once. A section heading that repeats an
//! earlier one is flagged at the repeat. Sections out of order are flagged as few as possible:
//! the longest run of sections already in order is taken as the report's order, and each
//! section outside it is flagged, saying which section it stands before or after. Headings are
//! found by their title (表三's row 「四、结转下年度继续办理」 is not section 四).
//!
//! ## 检查内容
//! 六个章节按「一」至「六」的顺序出现，各出现一次。重复前面某一章节的标题，在重复处标记。顺序错乱时
//! 尽量少标记：取已按顺序排列的最长一串章节作为报告的顺序，对其外的每个章节标记，并说明它位于哪一章
//! 节之前或之后。标题按内容识别（表三的行「四、结转下年度继续办理」不是第四部分）。
//!
//! ## Why it matters
//! Readers and supervisors compare reports section by section; the template fixes the order so
//! that they can. A repeated heading usually means two drafts were pasted together, or a part
//! of the previous year's report was left in.
//!
//! ## 为何重要
//! 读者和上级逐章比较各份报告；模板规定顺序，正是为了便于比较。标题重复通常是两份草稿拼在一起，或残
//! 留了上年报告的一部分。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号 (the six sections and their order); S6: 格式规范.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号（六个章节及其顺序）；S6：格式规范。
//!
//! ## Flagged
//! ```text
//! 五、存在的主要问题及改进情况
//! ……
//! 四、政府信息公开行政复议、行政诉讼情况
//! ```
//!
//! ## Accepted
//! ```text
//! 四、政府信息公开行政复议、行政诉讼情况
//! ……
//! 五、存在的主要问题及改进情况
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::{Report, Section, SectionId};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct SectionOrder;

impl Rule for SectionOrder {
    crate::rule_meta!(
        "section-order",
        Structure,
        Error,
        "章节顺序错误或重复",
        "Sections out of order or repeated"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        // Sections each after the one before in the template's order repeat none and are all
        // in the longest run in order: nothing to flag, and no list made (most reports).
        if report.sections.windows(2).all(|w| w[0].id < w[1].id) {
            return;
        }
        let mut firsts: Vec<&Section> = Vec::with_capacity(report.sections.len());
        for section in &report.sections {
            let Some(first) = firsts.iter().find(|s| s.id == section.id) else {
                firsts.push(section);
                continue;
            };
            findings.report(
                Finding::typed(
                    Location::line(section.heading.line),
                    Order::Repeated {
                        id: section.id,
                        heading: section.heading.raw.clone(),
                        first_line: first.heading.line,
                    },
                )
                .evidence("section", section.id.heading())
                .evidence("first_line", first.heading.line)
                .key("duplicate")
                .key(section.id.numeral()),
            );
        }
        let in_order = longest_in_order(&firsts);
        for (index, section) in firsts.iter().enumerate() {
            if in_order[index] {
                continue;
            }
            // Name a neighbour in text that shows the disorder.
            let (after, other) = match firsts[..index].iter().rev().find(|s| s.id > section.id) {
                Some(earlier) => (true, earlier),
                None => match firsts[index + 1..].iter().find(|s| s.id < section.id) {
                    Some(later) => (false, later),
                    None => continue,
                },
            };
            findings.report(
                Finding::typed(
                    Location::line(section.heading.line),
                    Order::OutOfOrder {
                        id: section.id,
                        heading: section.heading.raw.clone(),
                        after,
                        other: other.id,
                    },
                )
                .evidence("section", section.id.heading())
                .evidence(
                    "order",
                    firsts.iter().map(|s| s.id.number()).collect::<Vec<_>>(),
                )
                .key("order")
                .key(section.id.numeral()),
            );
        }
    }
}

/// How a section breaks the order 一 to 六.
#[derive(Debug)]
enum Order {
    /// Section `id`, headed `heading`, again after its first heading on `first_line`.
    Repeated {
        id: SectionId,
        heading: String,
        first_line: u32,
    },
    /// Section `id` comes after (or, when not `after`, before) section `other`.
    OutOfOrder {
        id: SectionId,
        heading: String,
        after: bool,
        other: SectionId,
    },
}

impl Message for Order {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Order::Repeated { id, heading, first_line }, Lang::Zh) => format!(
                "第{}部分「{heading}」重复出现（首次在第 {first_line} 行）",
                id.numeral()
            ),
            (Order::Repeated { id, heading, first_line }, Lang::En) => format!(
                "section {} ({heading}) appears again (first on line {first_line})",
                id.english()
            ),
            (Order::OutOfOrder { id, heading, after, other }, Lang::Zh) => format!(
                "第{}部分「{heading}」出现在第{}部分{}，章节应按一至六的顺序排列",
                id.numeral(),
                other.numeral(),
                if *after { "之后" } else { "之前" }
            ),
            (Order::OutOfOrder { id, heading, after, other }, Lang::En) => format!(
                "section {} ({heading}) comes {} section {}; sections must follow the order I to VI",
                id.english(),
                if *after { "after" } else { "before" },
                other.english()
            ),
        }
    }
}

/// Marks the sections of the longest run in template order (the first such run when several
/// are as long). Six sections at most in practice, so the quadratic search is nothing.
fn longest_in_order(sections: &[&Section]) -> Vec<bool> {
    let n = sections.len();
    let mut length = vec![1usize; n];
    let mut previous: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        for j in 0..i {
            if sections[j].id < sections[i].id && length[j] + 1 > length[i] {
                length[i] = length[j] + 1;
                previous[i] = Some(j);
            }
        }
    }
    let mut marks = vec![false; n];
    let mut best = None;
    for i in 0..n {
        if best.is_none_or(|b: usize| length[i] > length[b]) {
            best = Some(i);
        }
    }
    while let Some(i) = best {
        marks[i] = true;
        best = previous[i];
    }
    marks
}

#[cfg(test)]
mod tests {
    use crate::flag::Flag;
    use crate::i18n::Lang;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    fn flags_of(text: &str) -> Vec<Flag> {
        let report = parse_text(text, SourceEncoding::Utf8);
        let selection = RuleSelection::only("section-order");
        run(&report, &selection)
    }

    const H1: &str = "一、总体情况";
    const H2: &str = "二、主动公开政府信息情况";
    const H3: &str = "三、收到和处理政府信息公开申请情况";
    const H4: &str = "四、政府信息公开行政复议、行政诉讼情况";
    const H5: &str = "五、存在的主要问题及改进情况";
    const H6: &str = "六、其他需要报告的事项";

    fn report_of(headings: &[&str]) -> String {
        headings
            .iter()
            .map(|h| format!("{h}\n正文。"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn sections_in_order_pass() {
        let mut text = report_of(&[H1, H2, H3, H4, H5, H6]);
        text = text.replace(
            "三、收到和处理政府信息公开申请情况\n正文。",
            "三、收到和处理政府信息公开申请情况\n\t二、上年结转政府信息公开申请数量\t0\n四、结转下年度继续办理",
        );
        assert!(flags_of(&text).is_empty(), "{:?}", flags_of(&text));
        // A missing section is not a disorder.
        assert!(flags_of(&report_of(&[H1, H2, H3, H4, H6])).is_empty());
    }

    #[test]
    fn a_section_out_of_place_is_flagged_once() {
        let flags = flags_of(&report_of(&[H1, H2, H3, H5, H4, H6]));
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].location.line, Some(9));
        assert!(flags[0].message.get(Lang::Zh).contains("第四部分"));
        let flags = flags_of(&report_of(&[H6, H1, H2, H3, H4, H5]));
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].location.line, Some(1));
        assert!(flags[0].message.get(Lang::Zh).contains("第一部分之前"));
    }

    /// The check stops at once on sections each after the one before: pinned against the
    /// whole walk, which flags every other order of up to four headings of the six (repeats
    /// included) and no such one.
    #[test]
    fn only_sections_each_after_the_one_before_raise_nothing() {
        let all = [H1, H2, H3, H4, H5, H6];
        let mut orders: Vec<Vec<&str>> = vec![Vec::new()];
        for _ in 0..4 {
            let longer: Vec<Vec<&str>> = orders
                .iter()
                .filter(|order| order.len() == orders.last().map_or(0, Vec::len))
                .flat_map(|order| {
                    all.iter().map(move |h| {
                        let mut order = order.clone();
                        order.push(h);
                        order
                    })
                })
                .collect();
            orders.extend(longer);
        }
        assert_eq!(orders.len(), 1 + 6 + 36 + 216 + 1296);
        for order in &orders {
            let text = report_of(order);
            let report = parse_text(&text, SourceEncoding::Utf8);
            let ids: Vec<_> = report.sections.iter().map(|s| s.id).collect();
            let increasing = ids.windows(2).all(|w| w[0] < w[1]);
            let flags = run(&report, &RuleSelection::only("section-order"));
            assert_eq!(flags.is_empty(), increasing, "{order:?}: {flags:?}");
        }
    }

    #[test]
    fn a_repeated_section_is_flagged_at_the_repeat() {
        let flags = flags_of(&report_of(&[H1, H2, H3, H4, H5, H5, H6]));
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].location.line, Some(11));
        assert_eq!(flags[0].evidence["first_line"], 9);
    }
}
