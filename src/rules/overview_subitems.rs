//! 一、总体情况 that leaves out one of the five topics the template lists.
//!
//! 「一、总体情况」遗漏了模板列出的五个方面之一。
//!
//! ## What it checks
//! Section 一 covers the five topics of the template: 主动公开, 依申请公开, 政府信息管理,
//! 政府信息公开平台建设 and 监督保障. A topic is covered when a sub-item's title names it, or
//! (reports that write the overview as paragraphs) when the section's text speaks of it:
//!
//! | Topic | Words that cover it |
//! |---|---|
//! | 主动公开 | 主动公开 |
//! | 依申请公开 | 依申请, 申请公开, 公开申请 |
//! | 政府信息管理 | 信息管理, 保密审查, 公开属性, 发布审核, 审核制度, 三审 |
//! | 平台建设 | 平台, 网站, 公众号, 新媒体, 公报 |
//! | 监督保障 | 监督, 考核, 责任追究, 社会评议, 保障 (as 组织保障/工作保障/监督保障) |
//!
//! The words are deliberately broad: a topic is reported missing only when the overview does
//! not speak of it at all. Each missing topic is **one flag** at the heading of 一, so that a
//! verdict on one topic survives when another is added. An overview that is empty or missing is
//! left to `section-empty` and `section-missing`.
//!
//! ## 检查内容
//! 第一部分应涵盖模板列出的五个方面：主动公开、依申请公开、政府信息管理、政府信息公开平台建设和监督
//! 保障。某个方面算作已涵盖，是指有小项的标题写到它，或者（以段落形式撰写总体情况的报告）该部分的文
//! 字谈到了它：
//!
//! | 方面 | 视为涵盖的词语 |
//! |---|---|
//! | 主动公开 | 主动公开 |
//! | 依申请公开 | 依申请、申请公开、公开申请 |
//! | 政府信息管理 | 信息管理、保密审查、公开属性、发布审核、审核制度、三审 |
//! | 平台建设 | 平台、网站、公众号、新媒体、公报 |
//! | 监督保障 | 监督、考核、责任追究、社会评议、保障（如组织保障、工作保障、监督保障） |
//!
//! 这些词语有意放宽：只有总体情况完全没有谈到某个方面时，才报告缺失。每个缺失的方面在「一」的标题处
//! **单独标记一次**，这样补上一个方面后，对其他方面的审核结论仍然保留。总体情况为空或缺失的，归
//! `section-empty` 和 `section-missing`。
//!
//! ## Why it matters
//! 《条例》第五十条 and the template list what the overview reports; 监督保障 carries the
//! 「工作考核、社会评议和责任追究结果情况」 that governments must report. The template warns that
//! the report's content 「不能遗漏」.
//!
//! ## 为何重要
//! 《条例》第五十条和年度报告格式列明了总体情况应报告的内容；监督保障承载着各级政府必须报告的「工作
//! 考核、社会评议和责任追究结果情况」。格式明确要求报告内容「不能遗漏」。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 (and 〔2019〕60号), 总体情况: 「主要包括主动公开、依申请公开、政府
//! 信息管理、政府信息公开平台建设、监督保障」; 《条例》第五十条（四）.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号（及〔2019〕60号）总体情况：「主要包括主动公开、依申请公开、政府信息管
//! 理、政府信息公开平台建设、监督保障」；《条例》第五十条第（四）项。
//!
//! ## Flagged
//! ```text
//! 一、总体情况
//! （一）主动公开。……
//! （二）依申请公开。……
//! （三）政府信息管理。……
//! （四）政府信息公开平台建设。……
//! 二、主动公开政府信息情况
//! ```
//!
//! ## Accepted
//! ```text
//! 一、总体情况
//! （一）主动公开政府信息情况 ……
//! （二）依申请公开政府信息情况 ……
//! （三）完善公开制度规范，加强政府信息管理 ……
//! （四）加强平台建设，扩展公开渠道 ……
//! （五）及时回应关切，自觉接受监督 ……
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::{Heading, Report, SectionId};
use crate::rules::shared::holds;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct OverviewSubitems;

/// A topic of the overview and the words that show it is covered.
#[derive(Debug)]
struct Topic {
    name: &'static str,
    english: &'static str,
    words: &'static [&'static str],
}

const TOPICS: [Topic; 5] = [
    Topic {
        name: "主动公开",
        english: "proactive disclosure",
        words: &["主动公开"],
    },
    Topic {
        name: "依申请公开",
        english: "disclosure on request",
        words: &["依申请", "申请公开", "公开申请"],
    },
    Topic {
        name: "政府信息管理",
        english: "information management",
        words: &[
            "信息管理",
            "保密审查",
            "公开属性",
            "发布审核",
            "审核制度",
            "三审",
        ],
    },
    Topic {
        name: "政府信息公开平台建设",
        english: "disclosure platforms",
        words: &["平台", "网站", "公众号", "新媒体", "公报"],
    },
    Topic {
        name: "监督保障",
        english: "supervision and safeguards",
        words: &[
            "监督",
            "考核",
            "责任追究",
            "社会评议",
            "组织保障",
            "工作保障",
            "制度保障",
        ],
    },
];

impl Rule for OverviewSubitems {
    crate::rule_meta!(
        "overview-subitems",
        Structure,
        Warning,
        "总体情况缺少规定内容",
        "Overview leaves out a topic of the template"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(overview) = report.section(SectionId::Overview) else {
            return;
        };
        // Most overviews name the five topics in their sub-items' titles: no need to read on.
        // A sub-item titled as the template titles it (「（一）主动公开」) names its topic: the
        // topic's name holds one of its words. Compared first, the titles are searched only
        // when no sub-item is titled so.
        let titled = |topic: &Topic| {
            overview.items.iter().any(|i| i.title == topic.name)
                || overview
                    .items
                    .iter()
                    .any(|i| topic.words.iter().any(|w| holds(&i.title, w)))
        };
        if TOPICS.iter().all(titled) {
            return;
        }
        let mut text = overview.heading.run_in.clone();
        for line in report.doc.lines_in(overview.body_first, overview.body_last) {
            text.push_str(line.folded);
        }
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        // An empty overview is section-empty's.
        if text.chars().count() < 10 {
            return;
        }
        let heading = &overview.heading;
        let location = heading_location(report, heading);
        for topic in &TOPICS {
            if titled(topic) || topic.words.iter().any(|w| holds(&text, w)) {
                continue;
            }
            let titles: Vec<&str> = overview.items.iter().map(|i| i.title.as_str()).collect();
            findings.report(
                Finding::typed(
                    location,
                    TopicMissing {
                        heading: heading.raw.clone(),
                        topic,
                    },
                )
                .evidence("missing", topic.name)
                .evidence("sub_items", titles)
                .key(topic.name),
            );
        }
    }
}

/// The heading as written on its line.
fn heading_location(report: &Report, heading: &Heading) -> Location {
    let column = report
        .doc
        .line(heading.line)
        .and_then(|line| {
            line.raw
                .find(heading.raw.as_str())
                .map(|at| &line.raw[..at])
        })
        .map_or(1, |before| before.chars().count() as u32 + 1);
    Location::span(heading.line, column, heading.raw.chars().count() as u32)
}

/// The overview, by its heading as written, says nothing of a topic.
#[derive(Debug)]
struct TopicMissing {
    heading: String,
    topic: &'static Topic,
}

impl Message for TopicMissing {
    fn message(&self, lang: Lang) -> String {
        let (heading, name) = (&self.heading, self.topic.name);
        match lang {
            Lang::Zh => format!(
                "「{heading}」未写到「{name}」：模板要求总体情况包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障"
            ),
            Lang::En => format!(
                "「{heading}」 says nothing of {} (「{name}」); the template's overview covers proactive disclosure, disclosure on request, information management, disclosure platforms, and supervision and safeguards",
                self.topic.english
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::{Flag, Severity};
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    fn flags_of(overview: &str) -> Vec<Flag> {
        let text = format!(
            "某县司法局2023年政府信息公开工作年度报告\n一、总体情况\n{overview}\n二、主动公开政府信息情况\n\t规章\t0\t0\t0"
        );
        let report = parse_text(&text, SourceEncoding::Utf8);
        let selection = RuleSelection::only("overview-subitems");
        run(&report, &selection)
    }

    const FOUR: &str = "（一）主动公开。公开信息29条。\n（二）依申请公开。未收到申请。\n（三）政府信息管理。严格审查。\n（四）政府信息公开平台建设。依托区政府网站。";

    #[test]
    fn a_missing_topic_is_one_warning_at_the_heading() {
        let flags = flags_of(FOUR);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].severity, Severity::Warning);
        assert_eq!(flags[0].location.line, Some(2));
        assert_eq!(flags[0].evidence["missing"], "监督保障");
        let two = flags_of("（一）主动公开。公开信息29条。\n（二）依申请公开。未收到申请。");
        let missing: Vec<_> = two.iter().map(|f| f.evidence["missing"].clone()).collect();
        assert_eq!(
            missing,
            ["政府信息管理", "政府信息公开平台建设", "监督保障"]
        );
    }

    #[test]
    fn five_topics_by_title_or_in_paragraphs_pass() {
        let five = format!("{FOUR}\n（五）监督保障。调整领导小组。");
        assert!(flags_of(&five).is_empty());
        let prose = "2023年，我局主动公开信息29条，未收到政府信息公开申请。严格落实保密审查，依托政府网站发布信息，自觉接受社会监督。";
        assert!(flags_of(prose).is_empty());
    }

    #[test]
    fn each_topic_s_name_holds_one_of_its_words() {
        // A sub-item titled with the topic's name is taken as titled without a search.
        for topic in &super::TOPICS {
            assert!(
                topic.words.iter().any(|w| topic.name.contains(w)),
                "{}",
                topic.name
            );
        }
    }

    #[test]
    fn an_empty_overview_is_left_to_section_empty() {
        assert!(flags_of("无").is_empty());
    }
}
