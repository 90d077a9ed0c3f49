//! A table label in a known local variant of the template's wording.
//!
//! 表格标签采用了已知的地方模板写法。
//!
//! ## What it checks
//! A row or column label that equals the template's once explanatory parentheses or unit
//! annotations are set aside: one added (「采购总金额（单位：万元，保留4位小数）」 for 采购总金额),
//! one dropped (「本年收费金额」 for 本年收费金额（单位：万元）, 「（二）部分公开」 for （二）部分公开
//! （区分处理的，只计这一情形，不计其他情形）) or one reworded. The numbering before the label
//! must be the template's. The row is read as the template's row; this is only a note that the
//! wording is not the national one. Any other difference is `label-mismatch`'s warning; width,
//! spaces, wrapping and bookmarks are not differences at all.
//!
//! ## 检查内容
//! 行标签或列标签除去解释性括注或单位说明后与模板一致：多了括注（采购总金额写作「采购总金额（单位：
//! 万元，保留4位小数）」）、少了括注（本年收费金额（单位：万元）写作「本年收费金额」，「（二）部分
//! 公开（区分处理的，只计这一情形，不计其他情形）」写作「（二）部分公开」）或括注措辞不同。标签前的
//! 编号必须与模板相同。该行按模板的行读取；本规则只是说明措辞不是全国模板的写法。其他差异归
//! `label-mismatch` 的警告；全角半角、空格、折行和书签都不算差异。
//!
//! ## Why it matters
//! Local templates add units and explanations, and reports copied from them keep them. They do
//! not change what is counted, but a dropped annotation can hide the unit (本年收费金额 is in
//! 万元) or the counting rule (部分公开 counts an application once), and the national format asks
//! for the template's labels.
//!
//! ## 为何重要
//! 地方模板会加上单位和说明，照地方模板填写的报告也保留了它们。这不改变统计口径，但删掉括注可能让单
//! 位（本年收费金额以万元计）或计数规则（部分公开的申请只计一次）不再明确，而全国格式要求使用模板的
//! 标签。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号 (the tables' labels); S6: 「格式规范」; rules.md A3
//! (local variants annotate the unit).
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号（各表的标签）；S6：「格式规范」；rules.md A3（地方变体注
//! 明单位）。
//!
//! ## Flagged
//! ```text
//! 信息内容	采购项目数量	采购总金额（单位：万元，保留4位小数）
//! ```
//!
//! ## Accepted
//! ```text
//! 信息内容	采购项目数量	采购总金额
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::tables::{FoundLabel, LabelMatch};
use crate::report::{Report, TableKind};
use crate::rules::wording::{LabelPlace, TableLabel};
use crate::rules::{Finding, Findings, Message, Rule};
use crate::text::label_key;

pub struct LabelLocalVariant;

impl Rule for LabelLocalVariant {
    crate::rule_meta!(
        "label-local-variant",
        Cells,
        Info,
        "表格标签为地方变体",
        "Table label in a local variant"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        for table in TableKind::ALL.iter().filter_map(|k| report.assessed(*k)) {
            let columns = table
                .columns
                .iter()
                .filter(|c| c.matching == LabelMatch::Variant)
                .map(|c| (&c.found, c.expected, LabelPlace::Header));
            let rows = table
                .rows
                .iter()
                .filter(|r| r.matching == LabelMatch::Variant)
                .map(|r| (&r.label, r.spec.label, LabelPlace::Row));
            for (found, expected, place) in columns.chain(rows) {
                report_variant(findings, table.kind, found, expected, place);
            }
        }
    }
}

fn report_variant(
    findings: &mut Findings<'_>,
    kind: TableKind,
    found: &FoundLabel,
    expected: &'static str,
    place: LabelPlace,
) {
    findings.report(
        Finding::typed(
            Location::span(found.line, found.column, found.len().max(1)),
            Variant {
                label: TableLabel {
                    table: kind,
                    place,
                    found: found.raw.to_string(),
                },
                expected,
            },
        )
        .evidence("table", kind.key())
        .evidence("found", found.raw.as_str())
        .evidence("expected", expected)
        .key(kind.key())
        .key(expected)
        .key(label_key(&found.raw)),
    );
}

/// A table label in a local variant of the template's.
#[derive(Debug)]
struct Variant {
    label: TableLabel,
    expected: &'static str,
}

impl Message for Variant {
    fn message(&self, lang: Lang) -> String {
        let (label, expected) = (self.label.name(lang), self.expected);
        match lang {
            Lang::Zh => format!(
                "{label}是模板“{expected}”的地方写法（增删或改写了括号内的说明、单位），建议使用模板原文"
            ),
            Lang::En => format!(
                "{label} is a local variant of the template's “{expected}” (an explanation or unit in \
                 parentheses added, dropped or reworded); the template's wording is preferred"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "label-local-variant";

    #[test]
    fn an_added_unit_annotation_is_told() {
        for fixture in [rows(), cells()] {
            let fixture = fixture
                .v2019()
                .replace("采购总金额", "采购总金额（单位：万元，保留4位小数）");
            let flags = fixture.flags(CODE);
            assert_eq!(flags.len(), 1, "{flags:?}");
            assert_eq!(flags[0].severity, crate::flag::Severity::Info);
            assert_eq!(
                flags[0].location.line,
                Some(fixture.line_of("采购总金额（单位"))
            );
            assert!(flags[0].message.get(Lang::Zh).starts_with(
                "表二表头“采购总金额（单位：万元，保留4位小数）”是模板“采购总金额”的地方写法"
            ));
        }
    }

    #[test]
    fn a_dropped_explanation_is_told() {
        let fixture = rows()
            .replace("本年收费金额（单位：万元）", "本年收费金额")
            .replace(
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "（二）部分公开",
            );
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 2, "{flags:?}");
    }

    #[test]
    fn template_wording_and_other_rewordings_are_not_told() {
        for fixture in [rows(), cells(), rows().v2019(), cells().v2019()] {
            assert!(fixture.flags(CODE).is_empty());
        }
        let fixture = rows()
            .replace("（二）部分公开", "(二) 部分公开")
            .replace("本年废止件数", "本年度止件数");
        assert!(fixture.flags(CODE).is_empty());
    }
}
