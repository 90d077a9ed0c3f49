//! A count written with a fractional part.
//!
//! 件数带有小数。
//!
//! ## What it checks
//! Counts are whole numbers. Decimals are allowed only in the amount columns: 表二's
//! 「本年收费金额（单位：万元）」 (2021) and 「采购总金额」 (2019). One flag per cell; 「3.0」 is a
//! whole number and is accepted.
//!
//! ## 检查内容
//! 件数应为整数。只有金额列可以有小数：表二的「本年收费金额（单位：万元）」（2021年版）和「采购总金
//! 额」（2019年版）。每个单元格标记一次；「3.0」是整数，不标记。
//!
//! ## Why it matters
//! Half an application or 2.5 documents do not exist: a decimal in a count is a typing slip,
//! or an amount entered in the wrong row.
//!
//! ## 为何重要
//! 不存在半件申请或2.5件文件：件数带小数，是录入笔误，或把金额填到了错误的行。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号 (counts in 件/条/个; amounts in 万元).
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号（件数以件、条、个计；金额以万元计）。
//!
//! ## Flagged
//! ```text
//! （一）予以公开	2.5	0	0	0	0	0	2.5
//! ```
//!
//! ## Accepted
//! ```text
//! 行政事业性收费	40.51
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::i18n::Lang;
use crate::report::tables::CellName;
use crate::report::template::ValueKind;
use crate::report::Report;
use crate::rules::shared::unusual_cells_of;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct FractionalCount;

impl Rule for FractionalCount {
    crate::rule_meta!(
        "fractional-count",
        Cells,
        Error,
        "件数含小数",
        "Count with a fractional part"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        // Plain counts and blank cells are never flagged: only the report's few other cells
        // are read, found once for the cell rules.
        for cell in unusual_cells_of(report, findings.shared()) {
            let Some(number) = cell.cell.value.any_number() else {
                continue;
            };
            if !number.is_fractional() || cell.kind() == Some(ValueKind::Amount) {
                continue;
            }
            findings.report(
                Finding::at_cell(
                    &cell,
                    Fractional {
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

/// A count with a fractional part, as written.
#[derive(Debug)]
struct Fractional {
    cell: CellName,
    value: String,
}

impl Message for Fractional {
    fn message(&self, lang: Lang) -> String {
        let (cell, value) = (self.cell.name(lang), &self.value);
        match lang {
            Lang::Zh => format!("{cell}为 {value}，件数应为整数"),
            Lang::En => format!("{cell} is {value}; a count is a whole number"),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "fractional-count";

    #[test]
    fn a_decimal_count_is_flagged() {
        let fixture = rows().row("t3.granted", &["2.5", "0", "0", "0", "0", "0", "2.5"]);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 2);
        assert_eq!(
            flags[0].location.line,
            Some(fixture.line_of("（一）予以公开"))
        );
        let flags = cells().row("t2.permits", &["1.5"]).flags(CODE);
        assert_eq!(flags.len(), 1);
    }

    #[test]
    fn amounts_and_whole_decimals_are_accepted() {
        assert!(rows().row("t2.fees", &["40.51"]).flags(CODE).is_empty());
        let fixture = cells().v2019().row("t2.procurement", &["2", "13.2500"]);
        assert!(fixture.flags(CODE).is_empty());
        assert!(rows().row("t2.permits", &["3.0"]).flags(CODE).is_empty());
    }
}
