//! A 表三 row whose 总计 is not the sum of its applicant columns.
//!
//! 表三某行的总计不等于各申请人列之和。
//!
//! ## What it checks
//! In each of 表三's rows, the 总计 column equals 自然人 + 商业企业 + 科研机构 + 社会公益组织 +
//! 法律服务机构 + 其他 (there is no subtotal column for 法人或其他组织). Exact integer arithmetic;
//! a row is checked only when its seven cells are readable integers (otherwise
//! `table-not-assessable` says so).
//!
//! ## 检查内容
//! 表三的每一行中，总计列等于自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他（法
//! 人或其他组织没有小计列）。按整数精确计算；只有该行七个单元格都是可读整数时才检查（否则由
//! `table-not-assessable` 说明）。
//!
//! ## Why it matters
//! The total column is what gets summed across agencies; a row whose total differs from its
//! parts counts applications that no applicant made, or loses some.
//!
//! ## 为何重要
//! 跨机关汇总的是总计列；某行总计与分项不符，就是多计了没有申请人提出的申请，或漏计了一些申请。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号, 表三's columns 「申请人情况」.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号，表三「申请人情况」各列。
//!
//! ## Flagged
//! ```text
//! 一、本年新收政府信息公开申请数量	3	1	0	0	0	0	3
//! ```
//!
//! ## Accepted
//! ```text
//! 一、本年新收政府信息公开申请数量	3	1	0	0	0	0	4
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

pub struct Table3RowTotal;

impl Rule for Table3RowTotal {
    crate::rule_meta!(
        "table3-row-total",
        Identities,
        Error,
        "表三行合计不符",
        "Table 3 row total does not add up"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        report_failures(
            report,
            Identity::Table3RowTotal,
            findings,
            |equation, anchor| {
                Finding::at_equation(equation, anchor, RowTotalOff(equation.clone()))
                    .evidence("row", equation.scope)
                    .evidence("columns", terms_evidence(&equation.left))
                    .evidence("sum", sum_evidence(equation.left_sum()))
                    .evidence("total", sum_evidence(equation.right_sum()))
            },
        );
    }
}

/// A 表三 row whose applicant columns do not add up to its 总计.
#[derive(Debug)]
struct RowTotalOff(Equation);

impl Message for RowTotalOff {
    fn message(&self, lang: Lang) -> String {
        let RowTotalOff(equation) = self;
        let parts = terms_text(&equation.left);
        let (sum, total, row) = (equation.left_sum(), equation.right_sum(), equation.scope);
        match lang {
            Lang::Zh => format!("表三“{row}”行：{parts} = {sum}，但总计为 {total}"),
            Lang::En => format!("Table 3, row “{row}”: {parts} = {sum}, but the total is {total}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "table3-row-total";

    #[test]
    fn a_row_total_off_its_parts_is_flagged() {
        let fixture = rows().row("t3.new", &["3", "1", "0", "0", "0", "0", "3"]);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1);
        assert_eq!(
            flags[0].message.get(Lang::Zh),
            "表三“一、本年新收政府信息公开申请数量”行：自然人 3 + 商业企业 1 + 科研机构 0 + \
             社会公益组织 0 + 法律服务机构 0 + 其他 0 = 4，但总计为 3"
        );
        assert_eq!(
            flags[0].location.line,
            Some(fixture.line_of("一、本年新收"))
        );
    }

    #[test]
    fn a_split_number_is_named_as_a_hint() {
        let fixture = rows().row("t3.new", &["1", "2", "0", "0", "0", "0", "12"]);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1);
        assert!(
            flags[0].message.get(Lang::Zh).contains("疑似拆格"),
            "{}",
            flags[0].message.get(Lang::Zh)
        );
        assert_eq!(flags[0].evidence["suspect"]["Split"]["joined"], 12);
    }

    #[test]
    fn rows_that_add_up_or_cannot_be_read_are_not_flagged() {
        let fixture = cells().row("t3.new", &["3", "1", "0", "0", "0", "0", "4"]);
        assert!(fixture.flags(CODE).is_empty());
        let fixture = cells().row("t3.new", &["3", "1", "", "0", "0", "0", "3"]);
        assert!(fixture.flags(CODE).is_empty());
    }
}
