//! 表三's 上年结转 does not equal last year's 结转下年度继续办理.
//!
//! 表三“上年结转”与上一年度报告的“结转下年度继续办理”不一致。
//!
//! ## What it checks
//! For the same agency (matched by its normalised name, not the file name), 表三 row
//! 「二、上年结转政府信息公开申请数量」 of year Y must equal row 「四、结转下年度继续办理」 of
//! the year Y−1 report, in every column both reports state. The flag is on year Y's row and
//! names the previous report, its row and both values.
//!
//! ## 检查内容
//! 同一机关（按规范化后的机关名称匹配，而非文件名）Y年度表三「二、上年结转政府信息公开申请数量」
//! 应与Y−1年度报告表三「四、结转下年度继续办理」逐列相等。标记落在Y年度的该行，并写明上一年度报告、
//! 其行及两个数值。
//!
//! ## Why it matters
//! Applications carried into the new year are the ones left open at the end of the old one: a
//! difference means one of the two years' figures is wrong, or applications were lost between
//! reports. Published 通报 name this first.
//!
//! ## 为何重要
//! 结转到新年度的申请就是上一年度末尚未办结的申请：两者不一致，说明两个年度中至少一个数字有误，或
//! 申请在两份报告之间“丢失”。各地通报往往首先点出这一问题。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号, 表三 rows 二 and 四; rules.md B7.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号表三第二、四行；rules.md B7。
//!
//! ## Flagged
//! ```text
//! 2022年报告：四、结转下年度继续办理 … 总计 3
//! 2023年报告：二、上年结转政府信息公开申请数量 … 总计 0
//! ```
//!
//! ## Accepted
//! ```text
//! 2022年报告：四、结转下年度继续办理 … 总计 3
//! 2023年报告：二、上年结转政府信息公开申请数量 … 总计 3
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::template::TABLE3_COLUMNS;
use crate::rules::cross::{CrossContext, CrossRule};
use crate::rules::wording::YearReport;
use crate::rules::{Finding, Findings, Message};

pub struct CarryoverMismatch;

impl CrossRule for CarryoverMismatch {
    crate::rule_meta!(
        "carryover-mismatch",
        Across,
        Error,
        "上年结转与上一年度结转下年度数不一致",
        "Carried-in applications differ from last year's carried-over"
    );

    fn check(&self, context: &CrossContext<'_>, findings: &mut Findings<'_>) {
        let Some(carried_in) = &context.facts.carried_in else {
            return;
        };
        let Some(previous) = context.previous() else {
            return;
        };
        let previous_facts = context.facts_of(previous);
        let Some(carried_over) = &previous_facts.carried_over else {
            return;
        };
        let columns: Vec<usize> = (0..carried_in.columns())
            .filter(|&c| {
                matches!((carried_in.get(c), carried_over.get(c)), (Some(a), Some(b)) if a != b)
            })
            .collect();
        if columns.is_empty() {
            return;
        }
        let names: Vec<&'static str> = columns
            .iter()
            .map(|&c| TABLE3_COLUMNS.get(c).copied().unwrap_or("?"))
            .collect();
        let differences: Vec<Difference> = columns
            .iter()
            .zip(&names)
            .map(|(&c, &column)| Difference {
                column,
                carried_in: carried_in.get(c).unwrap_or(0),
                carried_over: carried_over.get(c).unwrap_or(0),
            })
            .collect();
        let key = differences
            .iter()
            .map(Difference::to_string)
            .collect::<Vec<_>>()
            .join(";");
        findings.report(
            Finding::typed(
                Location::line(carried_in.line),
                Differs {
                    previous: YearReport::of(previous),
                    differences,
                },
            )
            .evidence("columns", names.clone())
            .evidence(
                "values",
                columns
                    .iter()
                    .map(|&c| carried_in.get(c))
                    .collect::<Vec<_>>(),
            )
            .evidence(
                "other_values",
                columns
                    .iter()
                    .map(|&c| carried_over.get(c))
                    .collect::<Vec<_>>(),
            )
            .evidence("other_line", carried_over.line)
            .other_report(previous)
            .key(key),
        );
    }
}

/// 表三's carried-in row differs from last year's carried-over row in some columns.
#[derive(Debug)]
struct Differs {
    previous: YearReport,
    differences: Vec<Difference>,
}

/// One column that differs: 「自然人 3≠2」.
#[derive(Debug)]
struct Difference {
    column: &'static str,
    carried_in: i64,
    carried_over: i64,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Difference {
            column,
            carried_in,
            carried_over,
        } = self;
        write!(f, "{column} {carried_in}≠{carried_over}")
    }
}

impl Message for Differs {
    fn message(&self, lang: Lang) -> String {
        let previous = self.previous.name(lang);
        let differences: Vec<String> = self.differences.iter().map(Difference::to_string).collect();
        match lang {
            Lang::Zh => format!(
                "表三“上年结转”与{previous}的“结转下年度继续办理”不一致：{}",
                differences.join("，")
            ),
            Lang::En => format!(
                "表三 carried-in differs from carried-over in the {previous}: {}",
                differences.join(", ")
            ),
        }
    }
}
