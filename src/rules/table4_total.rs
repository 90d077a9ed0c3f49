//! A 表四 group whose 总计 is not the sum of its results.
//!
//! 表四某组的总计不等于各结果之和。
//!
//! ## What it checks
//! In each of 表四's three groups (行政复议; 行政诉讼 未经复议直接起诉; 行政诉讼 复议后起诉),
//! 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计. Exact integer arithmetic; a group is
//! checked only when its five cells are readable integers (otherwise `table-not-assessable`
//! says so).
//!
//! ## 检查内容
//! 表四的三组（行政复议；行政诉讼 未经复议直接起诉；行政诉讼 复议后起诉）中，每组的结果维持 + 结果
//! 纠正 + 其他结果 + 尚未审结 = 总计。按整数精确计算；只有该组五个单元格都是可读整数时才检查（否则
//! 由 `table-not-assessable` 说明）。
//!
//! ## Why it matters
//! Every case ends in one of the four results or is still pending; a total that differs from
//! them counts cases twice or loses some, and the number of lawsuits reported is wrong.
//!
//! ## 为何重要
//! 每一件案件要么有四种结果之一，要么尚未审结；总计与之不符，就是重复计算或漏计了案件，报告的复议、
//! 诉讼数量也就不对。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号, 表四.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号，表四。
//!
//! ## Flagged
//! ```text
//! 1	0	0	0	2	0	0	0	0	0	0	0	0	0	0
//! ```
//!
//! ## Accepted
//! ```text
//! 1	0	0	1	2	0	0	0	0	0	0	0	0	0	0
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::i18n::Lang;
use crate::report::tables::identities::{
    sum_evidence, terms_evidence, terms_text, Equation, Identity,
};
use crate::report::Report;
use crate::rules::identity::report_failures;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct Table4Total;

impl Rule for Table4Total {
    crate::rule_meta!(
        "table4-total",
        Identities,
        Error,
        "表四合计不符",
        "Table 4 total does not add up"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        report_failures(
            report,
            Identity::Table4Total,
            findings,
            |equation, anchor| {
                Finding::at_equation(equation, anchor, GroupTotalOff(equation.clone()))
                    .evidence("group", equation.scope)
                    .evidence("results", terms_evidence(&equation.left))
                    .evidence("sum", sum_evidence(equation.left_sum()))
                    .evidence("total", sum_evidence(equation.right_sum()))
            },
        );
    }
}

/// A 表四 group whose results do not add up to its 总计.
#[derive(Debug)]
struct GroupTotalOff(Equation);

impl Message for GroupTotalOff {
    fn message(&self, lang: Lang) -> String {
        let GroupTotalOff(equation) = self;
        let parts = terms_text(&equation.left);
        let (sum, total, group) = (equation.left_sum(), equation.right_sum(), equation.scope);
        match lang {
            Lang::Zh => format!("表四“{group}”：{parts} = {sum}，但总计为 {total}"),
            Lang::En => format!("Table 4, “{group}”: {parts} = {sum}, but the total is {total}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "table4-total";

    fn values(text: &str) -> Vec<&str> {
        text.split(' ').collect()
    }

    #[test]
    fn a_group_total_off_its_results_is_flagged() {
        let row = values("1 0 0 0 2 0 0 0 0 0 0 0 0 0 0");
        let fixture = rows().row("t4.values", &row);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1);
        assert_eq!(
            flags[0].message.get(Lang::Zh),
            "表四“行政复议”：结果维持 1 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 = 1，但总计为 2"
        );
        assert_eq!(
            crate::export::row::evidence(&flags[0].evidence, crate::i18n::Lang::Zh),
            "表四“行政复议”：结果维持 1 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 = 1 ≠ 总计 2"
        );
        let row = values("0 0 0 0 0 1 1 0 0 1 0 0 0 0 0");
        let flags = cells().row("t4.values", &row).flags(CODE);
        assert_eq!(flags.len(), 1);
        assert!(flags[0].message.get(Lang::Zh).contains("未经复议直接起诉"));
    }

    #[test]
    fn totals_that_add_up_or_cannot_be_read_are_not_flagged() {
        let row = values("1 0 0 1 2 0 0 0 0 0 3 1 1 1 6");
        assert!(rows().row("t4.values", &row).flags(CODE).is_empty());
        let row = values("1 0 0 0 2 0 0 0 0 0 0 0 0 0");
        assert!(cells().row("t4.values", &row).flags(CODE).is_empty());
    }
}
