//! A section 二, 三 or 四 without its table.
//!
//! 第二、三或四部分缺少表格。
//!
//! ## What it checks
//! Sections 二 (主动公开政府信息情况), 三 (收到和处理政府信息公开申请情况) and 四 (行政复议、行政诉讼
//! 情况) each contain their table of the national template: 表二, 表三, 表四. A table counts as
//! present when its header or at least one of its rows is found, in either text layout. A
//! section that is missing altogether is `section-missing`'s, not this rule's. For a 2019
//! report the flag is only **info**: that year the template was 「鼓励按照统一格式发布…可参照
//! 统一格式发布」.
//!
//! ## 检查内容
//! 第二部分（主动公开政府信息情况）、第三部分（收到和处理政府信息公开申请情况）和第四部分（行政复
//! 议、行政诉讼情况）各有全国模板的表格：表二、表三、表四。找到了表头或至少一行表格行，不论哪种文本
//! 版式，即视为有表格。整个章节都缺失的，归 `section-missing`，不归本规则。2019年度的报告只标记为**
//! 提示**：当年的模板是「鼓励按照统一格式发布……可参照统一格式发布」。
//!
//! ## Why it matters
//! The tables are the report's figures: the template requires them even when every number is
//! 0, so that the statistics of all agencies can be summed and compared. A section that only
//! says 「本年度未发生行政复议、行政诉讼。」 hides whether anything was counted.
//!
//! ## 为何重要
//! 表格就是报告的数据：即使每个数都是0，模板也要求列出表格，以便汇总和比较所有机关的统计数据。只写
//! 一句「本年度未发生行政复议、行政诉讼。」的章节，看不出是否做过统计。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 (the template's 表二, 表三, 表四); 国办公开办函〔2019〕60号 for the
//! 2019 and 2020 reports; 《政府信息公开条例》第五十条.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号（模板的表二、表三、表四）；2019、2020年度报告适用国办公开办函〔2019〕60
//! 号；《政府信息公开条例》第五十条。
//!
//! ## Flagged
//! ```text
//! 四、政府信息公开行政复议、行政诉讼情况
//! 本年度未发生行政复议、行政诉讼。
//! ```
//!
//! ## Accepted
//! ```text
//! 四、政府信息公开行政复议、行政诉讼情况
//! 行政复议	行政诉讼
//! 结果维持	结果纠正	其他结果	尚未审结	总计	未经复议直接起诉	复议后起诉
//! …
//! 0	0	0	0	0	0	0	0	0	0	0	0	0	0	0
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::{Location, Severity};
use crate::i18n::Lang;
use crate::report::{Report, SectionId, TableKind};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct TableMissing;

/// The tables and the sections that must hold them.
const TABLES: [(TableKind, SectionId, &str, &str); 3] = [
    (
        TableKind::Table2,
        SectionId::Proactive,
        "主动公开政府信息情况统计表",
        "proactive disclosure",
    ),
    (
        TableKind::Table3,
        SectionId::Requests,
        "收到和处理政府信息公开申请情况统计表",
        "disclosure requests",
    ),
    (
        TableKind::Table4,
        SectionId::Appeals,
        "行政复议、行政诉讼情况统计表",
        "reviews and lawsuits",
    ),
];

impl Rule for TableMissing {
    crate::rule_meta!(
        "table-missing",
        Structure,
        Error,
        "缺少统计表",
        "Section without its table"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        for (kind, id, name_zh, name_en) in TABLES {
            let Some(section) = report.section(id) else {
                continue;
            };
            if report.table(kind).is_some() {
                continue;
            }
            let heading = &section.heading;
            // 2019 reports could follow the template loosely (国办公开办函〔2019〕60号).
            let severity = if report.year == Some(2019) {
                Severity::Info
            } else {
                Severity::Error
            };
            findings.report(
                Finding::typed(
                    Location::line(heading.line),
                    NoTable {
                        kind,
                        id,
                        name: (name_zh, name_en),
                    },
                )
                .severity(severity)
                .evidence("table", kind.key())
                .evidence("section", id.heading())
                .key(kind.key()),
            );
        }
    }
}

/// Section `id` without its table `kind`, whose title is `name` in both languages.
#[derive(Debug)]
struct NoTable {
    kind: TableKind,
    id: SectionId,
    name: (&'static str, &'static str),
}

impl Message for NoTable {
    fn message(&self, lang: Lang) -> String {
        let NoTable { kind, id, name } = self;
        match lang {
            Lang::Zh => format!(
                "“{}”中没有找到{}（{}），模板要求填写该表（无数据时填0）",
                id.heading(),
                kind.name_zh(),
                name.0
            ),
            Lang::En => format!(
                "section “{}” has no {} ({}); the template requires it, with 0 where \
                 there is nothing to report",
                id.english(),
                kind.name_en(),
                name.1
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};
    use crate::report::TableKind;

    #[test]
    fn a_section_with_only_a_sentence_is_flagged() {
        for fixture in [rows(), cells()] {
            let fixture = fixture.without(TableKind::Table4);
            let flags = fixture.flags("table-missing");
            assert_eq!(flags.len(), 1);
            assert_eq!(
                flags[0].location.line,
                Some(fixture.line_of("四、政府信息公开行政复议"))
            );
            assert!(flags[0].message.get(Lang::Zh).contains("表四"));
        }
    }

    #[test]
    fn a_2019_report_without_a_table_is_only_info() {
        let fixture = rows().v2019().year(2019).without(TableKind::Table2);
        let flags = fixture.flags("table-missing");
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].severity, crate::flag::Severity::Info);
        let flags = rows()
            .v2019()
            .without(TableKind::Table2)
            .flags("table-missing");
        assert_eq!(flags[0].severity, crate::flag::Severity::Error);
    }

    #[test]
    fn complete_reports_are_not_flagged() {
        assert!(rows().flags("table-missing").is_empty());
        assert!(cells().v2019().flags("table-missing").is_empty());
    }

    #[test]
    fn a_missing_section_is_not_this_rules_to_flag() {
        let fixture = rows()
            .without(TableKind::Table3)
            .replace("三、收到和处理政府信息公开申请情况\n", "");
        assert!(fixture.flags("table-missing").is_empty());
    }
}
