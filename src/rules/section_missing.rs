//! A section of the template that the report does not have.
//!
//! 报告缺少模板中的某个章节。
//!
//! ## What it checks
//! Each of the six sections of the template is present: 一、总体情况, 二、主动公开政府信息情况,
//! 三、收到和处理政府信息公开申请情况, 四、政府信息公开行政复议、行政诉讼情况,
//! 五、存在的主要问题及改进情况, 六、其他需要报告的事项. Headings are found by their title,
//! whatever their numbering (「1、 总体情况」 is section 一) and in the listed variants, so a
//! renumbered or reworded heading is not missing (`section-numbering` and `section-title` say
//! what is wrong with it). A report with no section heading at all gets one flag, not six. A
//! whitespace-collapsed text (a crawler's dump: the report run together on a few lines, its
//! tables read from inside a line) has no heading lines to find: it gets one **info** saying
//! that its structure could not be read, not an error claiming the sections are missing.
//!
//! ## 检查内容
//! 模板的六个章节都在：一、总体情况，二、主动公开政府信息情况，三、收到和处理政府信息公开申请情况，
//! 四、政府信息公开行政复议、行政诉讼情况，五、存在的主要问题及改进情况，六、其他需要报告的事项。标
//! 题按内容识别，不论编号（「1、 总体情况」就是第一部分），也接受列明的变体写法，因此重新编号或改了
//! 措辞的标题不算缺失（其问题由 `section-numbering` 和 `section-title` 指出）。一个章节标题都没有的
//! 报告只标记一次，而不是六次。空白被压缩的文本（爬虫抓取的结果：整份报告挤在几行里，表格从行内读
//! 出）没有可找的标题行：只给一个**提示**，说明其结构无法读取，而不是报错称各章节缺失。
//!
//! ## Why it matters
//! The six sections are what 第五十条 requires a report to contain; a missing one is content
//! the law asks for and the reader does not get. A report that goes from 四 to 六 has usually
//! dropped its problems section, the one supervisors read first.
//!
//! ## 为何重要
//! 这六个章节是第五十条要求报告包含的内容；缺一章，就是法律要求报告、读者却看不到的内容。从「四」直
//! 接跳到「六」的报告，通常是删掉了问题一节，而那恰恰是上级审核时最先看的部分。
//!
//! ## Authority
//! 《政府信息公开条例》第五十条; 国办公开办函〔2021〕30号 and 〔2019〕60号 (the six sections);
//! S2: 「不能遗漏」.
//!
//! ## 依据
//! 《政府信息公开条例》第五十条；国办公开办函〔2021〕30号、〔2019〕60号（六个章节）；S2：「不能遗
//! 漏」。
//!
//! ## Flagged
//! ```text
//! 四、政府信息公开行政复议、行政诉讼情况
//! ……
//! 六、其他需要报告的事项
//! ```
//!
//! ## Accepted
//! ```text
//! 四、政府信息公开行政复议、行政诉讼情况
//! ……
//! 五、存在的主要问题及改进情况
//! ……
//! 六、其他需要报告的事项
//! ```

use crate::flag::{Location, Severity};
use crate::i18n::Lang;
use crate::report::{Report, SectionId};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct SectionMissing;

impl Rule for SectionMissing {
    crate::rule_meta!(
        "section-missing",
        Structure,
        Error,
        "缺少章节",
        "Section missing"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let missing: Vec<SectionId> = SectionId::ALL
            .into_iter()
            .filter(|id| report.section(*id).is_none())
            .collect();
        if missing.is_empty() {
            return;
        }
        if missing.len() == SectionId::ALL.len() && report.is_collapsed() {
            // The title is read from the text's opening words, and the signature date from
            // its last words, when they are unambiguous: say what was read and what was not.
            let collapsed = Missing::Collapsed {
                title: report.title.is_some(),
                signature: report.signature.is_some(),
            };
            findings.report(
                Finding::typed(Location::WHOLE, collapsed)
                    .severity(Severity::Info)
                    .key("collapsed"),
            );
            return;
        }
        if missing.len() == SectionId::ALL.len() {
            findings.report(
                Finding::typed(Location::WHOLE, Missing::All)
                    .evidence("missing", all_headings(&missing))
                    .key("all"),
            );
            return;
        }
        for id in missing {
            // Where the section should have been: before the next section that is present.
            let location = SectionId::ALL
                .into_iter()
                .filter(|later| *later > id)
                .find_map(|later| report.section(later))
                .map_or(Location::WHOLE, |next| Location::line(next.heading.line));
            findings.report(
                Finding::typed(location, Missing::Section(id))
                    .evidence("section", id.heading())
                    .key(id.numeral()),
            );
        }
    }
}

/// Which sections are missing.
#[derive(Debug)]
enum Missing {
    /// The text is run together on a few lines: no heading can be told by its line; whether
    /// the title and the signature date were read from the text all the same.
    Collapsed { title: bool, signature: bool },
    /// No section heading at all.
    All,
    /// This section.
    Section(SectionId),
}

impl Message for Missing {
    fn message(&self, lang: Lang) -> String {
        match self {
            Missing::Collapsed { title, signature } => {
                let (mut read, mut unread) = (Vec::new(), vec![("章节标题", "section headings")]);
                for (found, part) in [
                    (*title, ("报告标题", "the title")),
                    (*signature, ("落款日期", "the signature date")),
                ] {
                    if found {
                        read.push(part);
                    } else {
                        unread.push(part);
                    }
                }
                read.push(("表格", "the tables"));
                let words = |parts: &[(&'static str, &'static str)]| -> Vec<&'static str> {
                    parts.iter().map(|(zh, en)| lang.pick(zh, en)).collect()
                };
                match lang {
                    Lang::Zh => format!(
                        "全文被压成少数几行（如网页抓取所得），无法按行识别{}；{}已从文字中读取，其余结构未能核验",
                        words(&unread).join("、"),
                        words(&read).join("、")
                    ),
                    Lang::En => format!(
                        "the whole text is run together on a few lines (as a crawler gives it): {} cannot \
                         be told by their lines; {} were read from the text, the rest of the structure \
                         was not checked",
                        english_list(&words(&unread)),
                        english_list(&words(&read))
                    ),
                }
            }
            Missing::All => lang
                .pick(
                    "未找到任何章节标题（一、总体情况 至 六、其他需要报告的事项）",
                    "no section heading found (I. Overview to VI. Other matters)",
                )
                .to_string(),
            Missing::Section(id) => match lang {
                Lang::Zh => format!("缺少第{}部分「{}」", id.numeral(), id.heading()),
                Lang::En => format!("section {} ({}) is missing", id.english(), id.heading()),
            },
        }
    }
}

fn all_headings(ids: &[SectionId]) -> Vec<String> {
    ids.iter().map(|id| id.heading()).collect()
}

/// 「a, b and c」.
fn english_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::Flag;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::report::Report;
    use crate::rules::{run, RuleSelection};

    fn flags_of_report(report: &Report) -> Vec<Flag> {
        let selection = RuleSelection::only("section-missing");
        run(report, &selection)
    }

    fn flags_of(text: &str) -> Vec<Flag> {
        flags_of_report(&parse_text(text, SourceEncoding::Utf8))
    }

    const FULL: &str = "一、总体情况\n正文。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n\t四、结转下年度继续办理\t0\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n问题。\n六、其他需要报告的事项\n无。";

    #[test]
    fn all_six_sections_present() {
        assert!(flags_of(FULL).is_empty());
        // Lost numbering and the listed variants are still the sections.
        let renumbered = "1、 总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n5、 存在的主要问题及改进情况\n六、其他需要报告的事项";
        assert!(flags_of(renumbered).is_empty());
    }

    #[test]
    fn a_missing_section_is_flagged_where_it_should_be() {
        let text = FULL.replace("五、存在的主要问题及改进情况\n问题。\n", "");
        let flags = flags_of(&text);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].evidence["section"], "五、存在的主要问题及改进情况");
        assert_eq!(flags[0].location.line, Some(7));
    }

    #[test]
    fn the_table3_row_is_not_section_four() {
        let text = FULL.replace("四、政府信息公开行政复议、行政诉讼情况\n", "");
        let flags = flags_of(&text);
        assert_eq!(flags.len(), 1);
        assert_eq!(
            flags[0].evidence["section"],
            "四、政府信息公开行政复议、行政诉讼情况"
        );
    }

    #[test]
    fn no_heading_at_all_is_one_flag() {
        let title = "某县司法局2023年政府信息公开工作年度报告";
        let report = parse_text(&format!("{title}\n正文。"), SourceEncoding::Utf8);
        assert!(report.title.is_some());
        let flags = flags_of_report(&report);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].location.line, None);
    }
}
