//! A table row or column label worded differently from the template.
//!
//! 表格的行标签或列标签与模板措辞不同。
//!
//! ## What it checks
//! Row labels (规章, （一）予以公开, …) and column labels (表二's headers after 「信息内容」, 表三's
//! 自然人 … 总计, 表四's groups and columns) equal the template's after normalisation: width,
//! spaces, U+3000, quotation marks, 「1、」 for 「1.」, wrapped cells joined, bookmarks removed.
//! A row is still placed by its position and key words, and its values are read; the message
//! names the label expected. Explanatory parentheses or unit annotations added or dropped
//! (「采购总金额（单位：万元，保留4位小数）」) are local variants, not mismatches. In a 2019
//! report the flag is only **info**: that year the template could be followed loosely
//! (「可参照统一格式发布」).
//!
//! ## 检查内容
//! 行标签（规章、（一）予以公开……）和列标签（表二「信息内容」之后的表头，表三的自然人……总计，表四的
//! 分组和列）经规范化后与模板一致：全角半角、空格、全角空格（U+3000）、引号、「1、」与「1.」、折行
//! 单元格的拼接、书签的去除，都不算差异。该行仍按位置和关键词定位并读取数值；提示信息写明应有的标
//! 签。增减解释性括注或单位说明（「采购总金额（单位：万元，保留4位小数）」）属于地方变体，不算不一
//! 致。2019年度的报告只标记为**提示**：当年的模板可以参照执行（「可参照统一格式发布」）。
//!
//! ## Why it matters
//! A changed label changes what is counted: 「本年度止件数」 is not 本年废止件数, and
//! 「社会组织」 is wider than 社会公益组织. The figures then do not add up with other agencies'.
//!
//! ## 为何重要
//! 标签改了，统计的内容也就变了：「本年度止件数」不是本年废止件数，「社会组织」比社会公益组织范围更
//! 宽。这样的数字就无法与其他机关的数字相加。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号 (the tables' labels); S6: 「格式规范」.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号（各表的标签）；S6：「格式规范」。
//!
//! ## Flagged
//! ```text
//! 信息内容	本年制发件数	本年度止件数	现行有效件数
//! 			商业企业	科研机构	社会组织	法律服务机构	其他
//! ```
//!
//! ## Accepted
//! ```text
//! 信息内容	本年制发件数	本年废止件数	现行有效件数
//! (二) 部分公开 （区分处理的，只计这一情形，不计其他情形）	0	0	0	0	0	0	0
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::{Location, Severity};
use crate::i18n::Lang;
use crate::report::tables::{FoundLabel, LabelMatch};
use crate::report::{Report, TableKind};
use crate::rules::wording::{LabelPlace, TableLabel};
use crate::rules::{Finding, Findings, Message, Rule};
use crate::text::label_key;

pub struct LabelMismatch;

impl Rule for LabelMismatch {
    crate::rule_meta!(
        "label-mismatch",
        Cells,
        Warning,
        "表格标签与模板不符",
        "Table label differs from the template"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        // 2019 reports could follow the template loosely (国办公开办函〔2019〕60号).
        let severity = if report.year == Some(2019) {
            Severity::Info
        } else {
            Severity::Warning
        };
        for table in TableKind::ALL.iter().filter_map(|k| report.assessed(*k)) {
            let columns = table
                .columns
                .iter()
                .filter(|c| c.matching == LabelMatch::Different)
                .map(|c| (&c.found, c.expected, LabelPlace::Header));
            let rows = table
                .rows
                .iter()
                .filter(|r| r.matching == LabelMatch::Different)
                .map(|r| (&r.label, r.spec.label, LabelPlace::Row));
            for (found, expected, place) in columns.chain(rows) {
                report_label(findings, severity, table.kind, found, expected, place);
            }
        }
    }
}

fn report_label(
    findings: &mut Findings<'_>,
    severity: Severity,
    kind: TableKind,
    found: &FoundLabel,
    expected: &'static str,
    place: LabelPlace,
) {
    findings.report(
        Finding::typed(
            Location::span(found.line, found.column, found.len().max(1)),
            Different {
                label: TableLabel {
                    table: kind,
                    place,
                    found: found.raw.to_string(),
                },
                expected,
            },
        )
        .severity(severity)
        .evidence("table", kind.key())
        .evidence("found", found.raw.as_str())
        .evidence("expected", expected)
        .key(kind.key())
        .key(expected)
        .key(label_key(&found.raw)),
    );
}

/// A table label that differs from the template's.
#[derive(Debug)]
struct Different {
    label: TableLabel,
    expected: &'static str,
}

impl Message for Different {
    fn message(&self, lang: Lang) -> String {
        let (label, expected) = (self.label.name(lang), self.expected);
        match lang {
            Lang::Zh => format!("{label}与模板不一致，应为“{expected}”"),
            Lang::En => format!("{label} differs from the template's “{expected}”"),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "label-mismatch";

    #[test]
    fn a_changed_column_label_names_the_expected_one() {
        let fixture = rows().replace("本年废止件数", "本年度止件数");
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1);
        assert_eq!(
            flags[0].location.line,
            Some(fixture.line_of("本年度止件数"))
        );
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .contains("“本年度止件数”与模板不一致，应为“本年废止件数”"));
        let fixture = cells().replace("社会公益组织", "社会组织");
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1);
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .contains("应为“社会公益组织”"));
    }

    #[test]
    fn a_2019_report_is_only_told() {
        let fixture = rows()
            .v2019()
            .year(2019)
            .replace("社会公益组织", "社会组织");
        let flags = fixture.flags(CODE);
        assert_eq!(flags[0].severity, crate::flag::Severity::Info);
        let fixture = rows().v2019().replace("社会公益组织", "社会组织");
        assert_eq!(
            fixture.flags(CODE)[0].severity,
            crate::flag::Severity::Warning
        );
    }

    #[test]
    fn a_changed_row_label_is_placed_and_flagged() {
        let fixture = rows().replace("行政规范性文件", "规范性文件");
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1);
        assert_eq!(
            flags[0].message.get(Lang::Zh),
            "表二行标签“规范性文件”与模板不一致，应为“行政规范性文件”"
        );
        assert_eq!(
            flags[0].message.get(Lang::En),
            "Table 2 row label “规范性文件” differs from the template's “行政规范性文件”"
        );
        let fixture = cells().replace("2.没有现成信息需要另行制作", "2.没有现成信息需另行制作的");
        assert_eq!(fixture.flags(CODE).len(), 1);
    }

    #[test]
    fn spacing_width_wrapping_bookmarks_and_variants_are_not_flagged() {
        let fixture = rows()
            .replace("（二）部分公开", "(二) 部分公开")
            .replace("1.属于国家秘密", "1、 属于国家秘密")
            .replace("本年收费金额（单位：万元）", "本年收费金额")
            .replace("自然人", "自　然　人")
            .replace("\t3.危及", "\t[bookmark: _Hlk66974104]3.危及");
        assert!(fixture.flags(CODE).is_empty(), "{:?}", fixture.flags(CODE));
        let fixture = cells()
            .replace(
                "\t5.要求行政机关确认或重新出具已获取信息",
                "\t5.要求行政机关确认或重新\n出具已获取信息",
            )
            .replace("\t结果维持", "\t结果\n维持");
        assert!(fixture.flags(CODE).is_empty());
        let fixture = rows()
            .v2019()
            .replace("采购总金额", "采购总金额（单位：万元，保留4位小数）");
        assert!(fixture.flags(CODE).is_empty());
    }
}
