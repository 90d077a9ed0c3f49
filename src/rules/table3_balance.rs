//! 表三 does not balance: 一 + 二 ≠ （七）总计 + 四 in a column.
//!
//! 表三不平衡：某列中「一」加「二」不等于「（七）总计」加「四」。
//!
//! ## What it checks
//! In each of 表三's seven columns (自然人, the five kinds of 法人或其他组织, 总计), the
//! applications received this year (一) plus those carried in from last year (二) equal the
//! applications handled (三（七）总计) plus those carried over to next year (四). Exact integer
//! arithmetic; a column is checked only when its four cells are readable integers (otherwise
//! `table-not-assessable` says so).
//!
//! ## 检查内容
//! 表三的七列（自然人、法人或其他组织的五类、总计）中，每一列的本年新收申请数（一）加上年结转数
//! （二），应等于本年办理结果的总计（三「（七）总计」）加结转下年度继续办理数（四）。按整数精确计
//! 算；只有该列四个单元格都是可读整数时才检查（否则由 `table-not-assessable` 说明）。
//!
//! ## Why it matters
//! The template states this identity in its own corner note: 「本列数据的勾稽关系为：第一项加
//! 第二项之和，等于第三项加第四项之和」. An imbalance means applications were lost or counted
//! twice.
//!
//! ## 为何重要
//! 模板在表头角注中写明了这一勾稽关系：「本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四
//! 项之和」。不平衡，说明有申请被漏计或重复计算。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号, 表三's corner note.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号，表三的角注。
//!
//! ## Flagged
//! ```text
//! 一、本年新收政府信息公开申请数量	60	…	60
//! 二、上年结转政府信息公开申请数量	0	…	0
//! （七）总计	61	…	61
//! 四、结转下年度继续办理	0	…	0
//! ```
//!
//! ## Accepted
//! ```text
//! 一、本年新收政府信息公开申请数量	60	…	60
//! 二、上年结转政府信息公开申请数量	2	…	2
//! （七）总计	59	…	59
//! 四、结转下年度继续办理	3	…	3
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

pub struct Table3Balance;

impl Rule for Table3Balance {
    crate::rule_meta!(
        "table3-balance",
        Identities,
        Error,
        "表三收支不平衡",
        "Table 3 does not balance"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        report_failures(
            report,
            Identity::Table3Balance,
            findings,
            |equation, anchor| {
                Finding::at_equation(equation, anchor, Imbalance(equation.clone()))
                    .evidence("column", equation.scope)
                    .evidence("left", terms_evidence(&equation.left))
                    .evidence("right", terms_evidence(&equation.right))
                    .evidence("left_sum", sum_evidence(equation.left_sum()))
                    .evidence("right_sum", sum_evidence(equation.right_sum()))
            },
        );
    }
}

/// A 表三 column whose two sides differ.
#[derive(Debug)]
struct Imbalance(Equation);

impl Message for Imbalance {
    fn message(&self, lang: Lang) -> String {
        let Imbalance(equation) = self;
        let (left, right) = (terms_text(&equation.left), terms_text(&equation.right));
        let (left_sum, right_sum, column) =
            (equation.left_sum(), equation.right_sum(), equation.scope);
        match lang {
            Lang::Zh => format!(
                "表三“{column}”列：{left} = {left_sum}，但{right} = {right_sum}（应相等：一+二=（七）总计+四）"
            ),
            Lang::En => format!(
                "Table 3, column “{column}”: {left} = {left_sum}, but {right} = {right_sum} \
                 (new + carried in must equal the handled total + carried over)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "table3-balance";

    #[test]
    fn an_imbalanced_column_is_flagged_with_both_sides() {
        let fixture = rows()
            .row("t3.new", &["60", "0", "0", "0", "0", "0", "60"])
            .row("t3.granted", &["61", "0", "0", "0", "0", "0", "61"])
            .row("t3.total", &["61", "0", "0", "0", "0", "0", "61"]);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 2, "{flags:?}");
        assert_eq!(
            flags[0].message.get(Lang::Zh),
            "表三“自然人”列：本年新收 60 + 上年结转 0 = 60，但办理结果总计 61 + 结转下年度 0 = 61（应相等：一+二=（七）总计+四）"
        );
        assert_eq!(flags[0].location.line, Some(fixture.line_of("（七）总计")));
        assert!(flags[1].message.get(Lang::Zh).contains("“总计”列"));
        assert_eq!(flags[0].evidence["left_sum"], 60);
        // The evidence names its table, so that the words people read say where.
        assert_eq!(flags[0].evidence["table"], "t3");
        assert_eq!(
            crate::export::row::evidence(&flags[0].evidence, crate::i18n::Lang::Zh),
            "表三“自然人”列：本年新收 60 + 上年结转 0 ≠ 办理结果总计 61 + 结转下年度 0"
        );
    }

    #[test]
    fn a_changed_number_is_a_new_fingerprint() {
        let one = cells().row("t3.new", &["1", "0", "0", "0", "0", "0", "0"]);
        let two = cells().row("t3.new", &["2", "0", "0", "0", "0", "0", "0"]);
        let (a, b) = (one.flags(CODE), two.flags(CODE));
        assert_eq!(a.len(), 1);
        assert_ne!(a[0].fingerprint, b[0].fingerprint);
    }

    #[test]
    fn balanced_and_unreadable_columns_are_not_flagged() {
        let fixture = cells()
            .row("t3.new", &["60", "0", "0", "0", "0", "0", "60"])
            .row("t3.carried-in", &["2", "0", "0", "0", "0", "0", "2"])
            .row("t3.granted", &["59", "0", "0", "0", "0", "0", "59"])
            .row("t3.total", &["59", "0", "0", "0", "0", "0", "59"])
            .row("t3.carried-over", &["3", "0", "0", "0", "0", "0", "3"]);
        assert!(fixture.flags(CODE).is_empty());
        let fixture = rows().row("t3.new", &["60", "0", "0", "0", "0", "0"]);
        assert!(fixture.flags(CODE).is_empty());
        let fixture = rows()
            .v2019()
            .row("t3.carried-over", &["", "0", "0", "0", "0", "0", "0"]);
        assert!(fixture.flags(CODE).is_empty());
    }
}
