//! A sub-item of 一、总体情况 whose body is only 「无」.
//!
//! 「一、总体情况」的某个小项只写了「无」。
//!
//! ## What it checks
//! Each numbered sub-item of 一、总体情况 (（一）主动公开 … （五）监督保障) has a body that says
//! something: a body that is nothing but a denial (「无」, 「暂无」, 「本年度无」, 「无此项」,
//! 「不涉及」) or nothing at all is flagged, at the denial. Sub-items of other sections (六's
//! 「（一）收取信息处理费情况」) are not judged here.
//!
//! Always info (rules.md B10, trap 5): 「（二）依申请公开：无」 next to an all-zero 表三 is true;
//! the template asks for a description of the agency's work on the item, but a bare 「无」 is
//! not a false statement.
//!
//! ## 检查内容
//! 「一、总体情况」下每个有编号的小项（（一）主动公开……（五）监督保障）都有实际内容：正文只是一句否
//! 定（「无」「暂无」「本年度无」「无此项」「不涉及」）或完全没有内容的，在该否定处标记。其他章节的
//! 小项（第六部分的「（一）收取信息处理费情况」）不在这里判断。
//!
//! 始终为提示（rules.md B10，陷阱5）：「（二）依申请公开：无」与全零的表三放在一起是真实的；模板要
//! 求说明机关在该方面的工作，但单写一个「无」并不是虚假陈述。
//!
//! ## Why it matters
//! The template asks the overview to describe the agency's work on each of the five items; even
//! without applications, the channels, the procedure and the staff in charge can be described.
//! A bare 「无」 is read by assessors as 「未认真填写」.
//!
//! ## 为何重要
//! 模板要求总体情况说明机关在五个方面各自的工作；即使没有收到申请，也可以说明受理渠道、办理程序和承
//! 办人员。单写一个「无」，评估者会视为「未认真填写」。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号, 总体情况: 「主要包括主动公开、依申请公开、政府信息管理、政府信息
//! 公开平台建设、监督保障」; S10 lists sections 「未认真填写」 as a defect.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号总体情况：「主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台
//! 建设、监督保障」；S10将「未认真填写」的部分列为问题。
//!
//! ## Flagged
//! ```text
//! （二）依申请公开：
//!
//! 无
//! ```
//!
//! ## Accepted
//! ```text
//! （二）依申请公开：
//! 本年度未收到政府信息公开申请。我局在政府网站公布了申请渠道和办理流程。
//! ```

use std::sync::LazyLock;

use regex::Regex;

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::{Report, SectionId, SubItem};
use crate::rules::section_empty::Said;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct SubsectionEmpty;

/// A body that says nothing, after whitespace and punctuation are removed.
static NOTHING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:本(?:年度?|机关|单位|部门|局))?(?:暂无|无|没有|不涉及)(?:此项|该项|相关(?:情况|内容|事项))?$|^(?:略|无此项|不适用|/|-+|—+)$",
    )
    .expect("valid regex")
});

/// The longest body (in characters, as written) that can be a bare denial: 「本年度暂无相关情况。」
/// with some spacing.
const MAX_DENIAL_CHARS: usize = 24;

impl Rule for SubsectionEmpty {
    crate::rule_meta!(
        "subsection-empty",
        Completeness,
        Info,
        "总体情况子项内容为空",
        "Overview sub-item is empty"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(overview) = report.section(SectionId::Overview) else {
            return;
        };
        for (index, item) in overview.items.iter().enumerate() {
            // A body that says something is longer than any denial: skip it before folding,
            // told by its bytes when it has more than four a character could take (a body is
            // a paragraph or more, and counting its characters cost more than the rule).
            if crate::text::more_chars_than(&item.body, MAX_DENIAL_CHARS) {
                continue;
            }
            let bare = bare(&item.body);
            if !bare.is_empty() && !NOTHING.is_match(&bare) {
                continue;
            }
            if bare.is_empty() && opens_a_list(item, overview.items.get(index + 1)) {
                continue;
            }
            let (location, said) = match denial_location(report, item) {
                Some(location) => (location, Said::Only(item.body.clone())),
                None => (Location::line(item.line), Said::Nothing),
            };
            let empty = EmptyItem {
                title: item.title.clone(),
                said,
            };
            findings.report(
                Finding::typed(location, empty)
                    .evidence("item", item.title.clone())
                    .evidence("body", item.body.clone())
                    .key(crate::text::label_key(&item.title))
                    .key(bare),
            );
        }
    }
}

/// The overview's sub-item `title` says nothing or only a denial.
#[derive(Debug)]
struct EmptyItem {
    title: String,
    said: Said,
}

impl Message for EmptyItem {
    fn message(&self, lang: Lang) -> String {
        let (title, said) = (&self.title, self.said.words(lang, ('「', '」')));
        match lang {
            Lang::Zh => format!("总体情况的子项「{title}」{said}，应简要说明本机关该项工作情况"),
            Lang::En => format!(
                "the overview's sub-item 「{title}」 {said}; it should describe the agency's work on this item"
            ),
        }
    }
}

/// Whether a sub-item without a body of its own is the head of a nested list: the next item
/// is numbered in another style or starts again at one (「（一）主动公开」 then 「（1）…」).
fn opens_a_list(item: &SubItem, next: Option<&SubItem>) -> bool {
    next.is_some_and(|next| next.numeral.style != item.numeral.style || next.numeral.value == 1)
}

/// The body without whitespace and punctuation.
fn bare(body: &str) -> String {
    crate::text::fold(body)
        .chars()
        .filter(|c| !c.is_whitespace() && !"。.，,；;：:！!、".contains(*c))
        .collect()
}

/// The span of the denial: the last line of the sub-item with content, without its leading
/// whitespace (on the sub-item's own line when the denial follows the title there).
fn denial_location(report: &Report, item: &SubItem) -> Option<Location> {
    if item.body.is_empty() {
        return None;
    }
    let line = report
        .doc
        .lines_in(item.line, item.last_line)
        .filter(|l| !l.is_blank())
        .last()?;
    let text = line.folded.trim_end();
    let body = crate::text::fold(item.body.lines().last().unwrap_or("").trim());
    let at = text.rfind(body.as_str())?;
    Some(Location::span(
        line.no,
        line.column_of(at),
        body.chars().count() as u32,
    ))
}

#[cfg(test)]
mod tests {
    use crate::flag::{Flag, Severity};
    use crate::i18n::Lang;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    fn flags_of(overview: &str) -> Vec<Flag> {
        let text = format!(
            "某县司法局2023年政府信息公开工作年度报告\n一、总体情况\n{overview}\n二、主动公开政府信息情况\n六、其他需要报告的事项\n（一）收取信息处理费情况\n无"
        );
        let report = parse_text(&text, SourceEncoding::Utf8);
        let selection = RuleSelection::only("subsection-empty");
        run(&report, &selection)
    }

    #[test]
    fn a_bare_denial_is_info_at_the_denial() {
        let flags = flags_of("（一）主动公开：公开信息29条。\n（二）依申请公开：\n\n无\n（三）政府信息管理：严格审核。");
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].severity, Severity::Info);
        assert_eq!(flags[0].location.line, Some(6));
        assert_eq!(flags[0].location.column, Some(1));
        assert_eq!(flags[0].location.len, Some(1));
        assert_eq!(flags[0].evidence["item"], "依申请公开");
        let same_line = flags_of("（二）依申请公开：本年度暂无。");
        assert_eq!(same_line.len(), 1);
        assert_eq!(same_line[0].location.line, Some(3));
        assert_eq!(same_line[0].location.column, Some(10));
    }

    #[test]
    fn an_item_without_body_is_flagged_unless_it_heads_a_list() {
        let flags = flags_of("（一）主动公开\n（二）依申请公开：本年度未收到申请。");
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].location.line, Some(3));
        assert!(flags[0].message.get(Lang::Zh).contains("没有内容"));
        let nested =
            flags_of("（一）主动公开\n（1）政策文件。公开文件3件。\n（2）政策解读。解读2条。");
        assert!(nested.is_empty(), "{nested:?}");
    }

    #[test]
    fn described_items_and_other_sections_pass() {
        let flags = flags_of(
            "（一）主动公开：公开信息29条。\n（二）依申请公开：本年度未收到申请，无行政复议。",
        );
        assert!(flags.is_empty(), "{flags:?}");
    }
}
