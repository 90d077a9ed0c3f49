//! A value cell that does not hold a plain number.
//!
//! 数值单元格中不是单纯的数字。
//!
//! ## What it checks
//! Every value cell of 表二, 表三 and 表四 holds a number. Text is an **error**; a sign for
//! nothing (「-」「/」「—」「无」) or a number with a unit written in (「251000元」, 「3件」) is a
//! **warning**: the meaning is probably clear to a reader, but the cell is not a figure. One
//! flag per cell. Blank cells are `blank-cell`'s.
//!
//! ## 检查内容
//! 表二、表三、表四的每个数值单元格都是数字。填的是文字，为**错误**；填的是表示「没有」的符号（「-
//! 」「/」「—」「无」）或带单位的数字（「251000元」「3件」），为**警告**：读者大概能明白意思，但这
//! 个单元格不是一个数。每个单元格标记一次。空白单元格归 `blank-cell`。
//!
//! ## Why it matters
//! The tables are summed across agencies and checked by their identities; a dash or a unit
//! makes a cell unreadable for both, and a unit in a 万元 column often hides a 元 amount.
//!
//! ## 为何重要
//! 各表要跨机关汇总，还要按勾稽关系核对；短横线或单位会让单元格无法参与这两者，而万元列中写了单位，
//! 往往掩盖了按元填写的金额。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号 (numeric statistics tables, units in the header); S6:
//! 「数据精确」.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号（统计表为数字，单位写在表头）；S6：「数据精确」。
//!
//! ## Flagged
//! ```text
//! 行政强制	4	4	-
//! 行政事业性收费	251000元
//! 规章	未统计	0	0
//! ```
//!
//! ## Accepted
//! ```text
//! 行政强制	4	4	0
//! 行政事业性收费	25.1
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::Severity;
use crate::i18n::Lang;
use crate::report::tables::CellName;
use crate::report::template::ValueKind;
use crate::report::{CellValue, Report};
use crate::rules::shared::unusual_cells_of;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct NonNumericCell;

impl Rule for NonNumericCell {
    crate::rule_meta!(
        "non-numeric-cell",
        Cells,
        Error,
        "单元格不是数字",
        "Table cell is not a number"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        // Plain counts and blank cells are never flagged: only the report's few other cells
        // are read, found once for the cell rules.
        for cell in unusual_cells_of(report, findings.shared()) {
            // Cells beyond the template's columns are `cell-count`'s.
            if matches!(cell.kind(), None | Some(ValueKind::Empty)) {
                continue;
            }
            let (severity, what) = match cell.cell.value {
                CellValue::Text => (Severity::Error, NotANumber::Text),
                CellValue::Placeholder => (Severity::Warning, NotANumber::Sign),
                CellValue::NumberWithUnit(_) => (Severity::Warning, NotANumber::WithUnit),
                CellValue::Number(_) | CellValue::Blank => continue,
            };
            let found = cell.cell.raw.as_str();
            findings.report(
                Finding::at_cell(
                    &cell,
                    NonNumeric {
                        cell: cell.cell_name(),
                        found: found.to_string(),
                        what,
                    },
                )
                .severity(severity)
                .evidence("found", found)
                .key(found),
            );
        }
    }
}

/// A value cell that holds something other than a plain number, as written.
#[derive(Debug)]
struct NonNumeric {
    cell: CellName,
    found: String,
    what: NotANumber,
}

/// What the cell holds instead of a number.
#[derive(Debug, Clone, Copy)]
enum NotANumber {
    /// Words.
    Text,
    /// A sign for nothing: 「-」, 「/」, 「—」.
    Sign,
    /// A number with its unit: 「3件」.
    WithUnit,
}

impl Message for NonNumeric {
    fn message(&self, lang: Lang) -> String {
        let (cell, found) = (self.cell.name(lang), &self.found);
        match lang {
            Lang::Zh => {
                let what = match self.what {
                    NotANumber::Text => "填写了文字，应为数字",
                    NotANumber::Sign => "用符号表示无数据，应填写0",
                    NotANumber::WithUnit => "数字带有单位，应只填写数字（单位以表头为准）",
                };
                format!("{cell}为“{found}”，{what}")
            }
            Lang::En => {
                let what = match self.what {
                    NotANumber::Text => "holds text where a number is expected",
                    NotANumber::Sign => "uses a sign for nothing; write 0",
                    NotANumber::WithUnit => {
                        "has a unit written in; write the number only (the header gives the unit)"
                    }
                };
                format!("{cell} is “{found}”: it {what}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::Severity;
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "non-numeric-cell";

    #[test]
    fn text_is_an_error_and_signs_or_units_are_warnings() {
        let fixture = rows()
            .row("t2.enforcement", &["-"])
            .row("t2.fees", &["251000元"])
            .row("t3.carried-in", &["0", "0", "0", "0", "0", "0", "未统计"]);
        let flags = fixture.flags(CODE);
        let found: Vec<_> = flags
            .iter()
            .map(|f| (f.location.line.unwrap_or(0), f.severity))
            .collect();
        assert_eq!(
            found,
            [
                (fixture.line_of("行政强制"), Severity::Warning),
                (fixture.line_of("行政事业性收费"), Severity::Warning),
                (fixture.line_of("二、上年结转"), Severity::Error),
            ]
        );
        assert!(flags[2]
            .message
            .get(Lang::Zh)
            .contains("“总计”列为“未统计”"));
    }

    #[test]
    fn cell_layout_cells_are_located_on_their_own_line() {
        let fixture = cells().row("t2.permits", &["无"]);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].location.line, Some(fixture.line_of("\t无")));
        assert_eq!(flags[0].location.column, Some(2));
    }

    #[test]
    fn numbers_blanks_and_full_width_digits_are_not_flagged() {
        assert!(rows().flags(CODE).is_empty());
        let fixture = cells()
            .row("t2.permits", &["　４０８"])
            .row("t2.fees", &["40.51"])
            .row("t3.new", &["", "0", "0", "0", "0", "0", "0"]);
        assert!(fixture.flags(CODE).is_empty());
    }
}
