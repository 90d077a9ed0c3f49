//! A negative number in a table.
//!
//! 表格中出现负数。
//!
//! ## What it checks
//! No value of 表二, 表三 or 表四 is negative, except in the 2019 template's 表二 column
//! 「本年增/减」, where a decrease is written as a negative number. One flag per cell.
//!
//! ## 检查内容
//! 表二、表三、表四的数值都不能为负，唯一的例外是2019年版模板表二的「本年增/减」列，减少以负数表
//! 示。每个单元格标记一次。
//!
//! ## Why it matters
//! Counts of documents, decisions, applications and cases cannot be below zero; a minus sign
//! is a typing slip or a difference entered where a count belongs.
//!
//! ## 为何重要
//! 文件、决定、申请和案件的数量不可能小于零；负号是录入笔误，或是把差值填到了应填数量的位置。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号 (counts); S4, the Hubei fill-in notes of 2020:
//! 「本年增/减…减用负值表示」.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号（数量）；S4，湖北省2020年的填报说明：「本年增/减……减用负
//! 值表示」。
//!
//! ## Flagged
//! ```text
//! 一、本年新收政府信息公开申请数量	-3	0	0	0	0	0	-3
//! ```
//!
//! ## Accepted
//! ```text
//! 行政许可	12	-2	10		(2019 template: 本年增/减 may be negative)
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::i18n::Lang;
use crate::report::tables::CellName;
use crate::report::template::ValueKind;
use crate::report::Report;
use crate::rules::shared::unusual_cells_of;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct NegativeValue;

impl Rule for NegativeValue {
    crate::rule_meta!("negative-value", Cells, Error, "数值为负", "Negative value");

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        // Plain counts and blank cells are never flagged: only the report's few other cells
        // are read, found once for the cell rules.
        for cell in unusual_cells_of(report, findings.shared()) {
            let Some(number) = cell.cell.value.any_number() else {
                continue;
            };
            if !number.is_negative() || cell.kind() == Some(ValueKind::SignedCount) {
                continue;
            }
            findings.report(
                Finding::at_cell(
                    &cell,
                    Negative {
                        cell: cell.cell_name(),
                        value: number.to_string(),
                    },
                )
                .evidence("value", number.to_string())
                .key(number.to_string()),
            );
        }
    }
}

/// A count or amount below zero, as written.
#[derive(Debug)]
struct Negative {
    cell: CellName,
    value: String,
}

impl Message for Negative {
    fn message(&self, lang: Lang) -> String {
        let (cell, value) = (self.cell.name(lang), &self.value);
        match lang {
            Lang::Zh => format!("{cell}为负数 {value}，该项数值不能小于0"),
            Lang::En => format!("{cell} is negative ({value}); it cannot be below 0"),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "negative-value";

    #[test]
    fn a_negative_count_is_flagged() {
        let fixture = rows().row("t3.new", &["-3", "0", "0", "0", "0", "0", "-3"]);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 2);
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .contains("“自然人”列为负数 -3"));
        let flags = cells().row("t4.values", &["-1"; 15]).flags(CODE);
        assert_eq!(flags.len(), 15);
    }

    #[test]
    fn a_negative_change_in_the_2019_template_is_accepted() {
        let fixture = rows().v2019().row("t2.permits", &["12", "-2", "10"]);
        assert!(fixture.flags(CODE).is_empty());
        let fixture = cells().v2019().row("t2.fees", &["3", "-1"]);
        assert!(fixture.flags(CODE).is_empty());
    }

    #[test]
    fn a_negative_count_in_the_2019_template_is_still_flagged() {
        let fixture = rows().v2019().row("t2.permits", &["-12", "-2", "10"]);
        assert_eq!(fixture.flags(CODE).len(), 1);
    }
}
