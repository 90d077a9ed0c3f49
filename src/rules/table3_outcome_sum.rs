//! 表三's （七）总计 is not the sum of the outcome rows.
//!
//! 表三的「（七）总计」不等于各办理结果行之和。
//!
//! ## What it checks
//! In each of 表三's seven columns, 「（七）总计」 equals the sum of every outcome row: （一）予以
//! 公开, （二）部分公开, the eight （三）不予公开 rows, the three （四）无法提供 rows, the five
//! （五）不予处理 rows and （六）其他处理 (three rows in the 2021 template, one in the 2019
//! template). Exact integer arithmetic; a column is checked only when all its outcome cells and
//! its total are readable integers (otherwise `table-not-assessable` says so).
//!
//! ## 检查内容
//! 表三的七列中，每一列的「（七）总计」等于所有办理结果行之和：（一）予以公开、（二）部分公开、
//! （三）不予公开的8行、（四）无法提供的3行、（五）不予处理的5行，以及（六）其他处理（2021年版模板3
//! 行，2019年版1行）。按整数精确计算；只有该列所有办理结果单元格和总计都是可读整数时才检查（否则由
//! `table-not-assessable` 说明）。
//!
//! ## Why it matters
//! （七）总计 is the number of applications handled; if the outcomes do not add up to it, either
//! an outcome is missing or the total is wrong, and the balance with 一 + 二 means nothing.
//!
//! ## 为何重要
//! 「（七）总计」是办理的申请数；各办理结果加起来不等于它，要么漏了某项结果，要么总计有误，与「一」
//! 加「二」的平衡关系也就失去了意义。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号, 表三 「三、本年度办理结果」.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号，表三「三、本年度办理结果」。
//!
//! ## Flagged
//! ```text
//! （一）予以公开	2	…	2
//! 1.本机关不掌握相关政府信息	1	…	1
//! （七）总计	4	…	4
//! ```
//!
//! ## Accepted
//! ```text
//! （一）予以公开	2	…	2
//! 1.本机关不掌握相关政府信息	1	…	1
//! （七）总计	3	…	3
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::i18n::Lang;
use crate::report::tables::identities::{
    nonzero_terms_text, sum_evidence, terms_evidence, Equation, Identity,
};
use crate::report::Report;
use crate::rules::identity::report_failures;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct Table3OutcomeSum;

impl Rule for Table3OutcomeSum {
    crate::rule_meta!(
        "table3-outcome-sum",
        Identities,
        Error,
        "表三办理结果合计不符",
        "Table 3 outcomes do not add up to the total"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        report_failures(
            report,
            Identity::Table3OutcomeSum,
            findings,
            |equation, anchor| {
                Finding::at_equation(equation, anchor, OutcomesOff(equation.clone()))
                    .evidence("column", equation.scope)
                    .evidence("outcomes", terms_evidence(&equation.left))
                    .evidence("sum", sum_evidence(equation.left_sum()))
                    .evidence("total", sum_evidence(equation.right_sum()))
            },
        );
    }
}

/// A 表三 column whose outcomes do not add up to its （七）总计.
#[derive(Debug)]
struct OutcomesOff(Equation);

impl Message for OutcomesOff {
    fn message(&self, lang: Lang) -> String {
        let OutcomesOff(equation) = self;
        let (sum, total, column) = (equation.left_sum(), equation.right_sum(), equation.scope);
        let parts = nonzero_terms_text(&equation.left);
        match lang {
            Lang::Zh => {
                let parts = parts.as_deref().unwrap_or("各项均为0");
                format!(
                    "表三“{column}”列：各项办理结果之和为 {sum}（{parts}），但（七）总计为 {total}"
                )
            }
            Lang::En => {
                let parts = parts.as_deref().unwrap_or("all are 0");
                format!(
                    "Table 3, column “{column}”: the outcomes add up to {sum} ({parts}), but the \
                     total （七）总计 is {total}"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "table3-outcome-sum";

    #[test]
    fn outcomes_not_adding_up_are_flagged_per_column() {
        let fixture = rows()
            .row("t3.new", &["4", "0", "0", "0", "0", "0", "4"])
            .row("t3.granted", &["2", "0", "0", "0", "0", "0", "2"])
            .row("t3.unable.not-held", &["1", "0", "0", "0", "0", "0", "1"])
            .row("t3.total", &["4", "0", "0", "0", "0", "0", "4"]);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 2, "{flags:?}");
        assert_eq!(
            flags[0].message.get(Lang::Zh),
            "表三“自然人”列：各项办理结果之和为 3（予以公开 2 + 本机关不掌握相关政府信息 1），但（七）总计为 4"
        );
        assert_eq!(flags[0].location.line, Some(fixture.line_of("（七）总计")));
    }

    #[test]
    fn the_2019_single_other_row_is_summed() {
        let fixture = cells()
            .v2019()
            .row("t3.new", &["1", "0", "0", "0", "0", "0", "1"])
            .row("t3.other", &["1", "0", "0", "0", "0", "0", "1"])
            .row("t3.total", &["1", "0", "0", "0", "0", "0", "1"]);
        assert!(fixture.flags(CODE).is_empty());
        let fixture = fixture.row("t3.total", &["0", "0", "0", "0", "0", "0", "1"]);
        assert_eq!(fixture.flags(CODE).len(), 1);
    }

    #[test]
    fn blank_outcomes_are_not_evaluated() {
        let fixture = rows()
            .row("t3.granted", &[])
            .row("t3.total", &["4", "0", "0", "0", "0", "0", "4"]);
        assert!(fixture.flags(CODE).is_empty());
    }
}
