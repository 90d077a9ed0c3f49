//! A report without a title.
//!
//! 报告没有标题。
//!
//! ## What it checks
//! A title line containing 年度报告 is found among the first lines, before the first section
//! heading. A title wrapped over two lines (「乌拉特中旗司法局2023年政府信息」 +
//! 「公开工作年度报告」) counts as found; a sentence that mentions the report
//! (「现向社会公布…年度报告。」) does not.
//!
//! ## 检查内容
//! 在开头几行、第一个章节标题之前，找到含「年度报告」的标题行。标题折成两行（「乌拉特中旗司法局2023
//! 年政府信息」+「公开工作年度报告」）的算作找到；提到报告的句子（「现向社会公布……年度报告。」）不
//! 算。
//!
//! ## Why it matters
//! The title is what names the agency and the report year: without it, a reader (and every
//! check that compares years) cannot tell whose report this is or which year it covers.
//!
//! ## 为何重要
//! 标题写明了机关和报告年度：没有标题，读者（以及每一项比较年份的检查）就无法知道这是谁的报告、覆盖
//! 哪一年。
//!
//! ## Authority
//! 《政府信息公开条例》第四十九条、第五十条 (each agency publishes its own annual report);
//! 国办公开办函〔2021〕30号 (the report's title names the agency and the year); S6: 格式规范.
//!
//! ## 依据
//! 《政府信息公开条例》第四十九条、第五十条（各机关公布本机关的年度报告）；国办公开办函〔2021〕30号
//! （报告标题写明机关和年度）；S6：格式规范。
//!
//! ## Flagged
//! ```text
//! 一、总体情况
//! 2023年，我局认真贯彻落实《条例》……
//! ```
//!
//! ## Accepted
//! ```text
//! 北关区司法局2023年政府信息公开工作年度报告
//! 一、总体情况
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct TitleMissing;

impl Rule for TitleMissing {
    crate::rule_meta!(
        "title-missing",
        TitleAndDates,
        Error,
        "缺少报告标题",
        "Report has no title"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        // In collapsed text no line is the title's own; section-missing says so once.
        if report.title.is_some() || report.is_collapsed() {
            return;
        }
        findings.report(Finding::typed(Location::WHOLE, NoTitle).key("title"));
    }
}

/// No title line before the first section.
#[derive(Debug)]
struct NoTitle;

impl Message for NoTitle {
    fn message(&self, lang: Lang) -> String {
        lang.pick(
            "未找到报告标题：第一个章节标题之前应有一行含「年度报告」的标题，如「××县司法局2023年政府信息公开工作年度报告」",
            "no title found: a line containing 年度报告 should precede the first section, e.g. 「××县司法局2023年政府信息公开工作年度报告」",
        )
        .to_string()
    }
}
