//! A required numeric cell left blank.
//!
//! ## What it checks
//! Every value cell of 表二, 表三 and 表四 holds something: a row is flagged once, naming each
//! blank column. A row with no value at all (「（一）予以公开」 followed only by tabs) is a row of
//! blank cells. Cells the template leaves structurally empty (the third cell of 2019 表二
//! （八）行政事业性收费) are exempt.
//!
//! ## Why it matters
//! A blank is not a zero: the reader cannot tell "none" from "not counted", and no identity of
//! the table can be checked over it. The template asks for 0 where there is nothing to report.
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号 (every cell of the statistics tables is filled); S6:
//! 「应报尽报、数据精确」.
//!
//! ## Flagged
//! ```text
//! 三、本年度办理结果	(一) 予以公开
//! 一、本年新收政府信息公开申请数量	26						26
//! ```
//!
//! ## Accepted
//! ```text
//! 三、本年度办理结果	(一) 予以公开	0	0	0	0	0	0	0
//! 行政事业性收费	0	0		(2019 template: the third cell is empty by design)
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::Location;
use crate::report::template::ValueKind;
use crate::report::{CellValue, Report, TableKind};
use crate::rules::{Finding, Findings, Rule};

pub struct BlankCell;

impl Rule for BlankCell {
    crate::rule_meta!("blank-cell", Cells, Error, "单元格空白", "Blank table cell");

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        for table in TableKind::ALL.iter().filter_map(|k| report.assessed(*k)) {
            for row in &table.rows {
                let blanks: Vec<usize> = row
                    .cells
                    .iter()
                    .enumerate()
                    .filter(|(i, c)| {
                        c.value == CellValue::Blank && row.spec.kind(*i) != Some(ValueKind::Empty)
                    })
                    .map(|(i, _)| i)
                    .collect();
                let Some(first) = blanks.first().and_then(|i| row.cells.get(*i)) else {
                    continue;
                };
                let names: Vec<&str> = blanks.iter().map(|i| row.spec.column(*i)).collect();
                let listed = names.join("、");
                findings.report(
                    Finding::new(
                        Location::at(first.line, first.column),
                        format!(
                            "{}有{}个空白单元格（{}），应填写数字，无数据时填0",
                            table.row_name_zh(row),
                            blanks.len(),
                            listed
                        ),
                        format!(
                            "{}: {} blank cell(s) ({}); write a number, 0 when there is nothing \
                             to report",
                            table.row_name_en(row),
                            blanks.len(),
                            listed
                        ),
                    )
                    .evidence("table", table.kind.key())
                    .evidence("row", row.spec.label)
                    .evidence("columns", names.clone())
                    .key(table.kind.key())
                    .key(row.spec.id)
                    .key(listed),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "blank-cell";

    #[test]
    fn a_row_without_values_is_one_flag_naming_every_column() {
        for fixture in [rows(), cells()] {
            let fixture = fixture.row("t3.granted", &[]);
            let flags = fixture.flags(CODE);
            assert_eq!(flags.len(), 1, "{flags:?}");
            assert_eq!(
                flags[0]
                    .location
                    .line
                    .map(|l| l >= fixture.line_of("（一）予以公开")),
                Some(true)
            );
            assert!(flags[0].message.zh.contains("7个空白单元格"));
            assert!(flags[0].message.zh.contains("自然人、商业企业"));
        }
    }

    #[test]
    fn blank_columns_inside_a_row_are_named() {
        let fixture = rows().row("t3.new", &["26", "", "", "", "", "", "26"]);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1);
        assert!(flags[0]
            .message
            .zh
            .contains("（商业企业、科研机构、社会公益组织、法律服务机构、其他）"));
        assert_eq!(
            flags[0].location.line,
            Some(fixture.line_of("一、本年新收"))
        );
    }

    #[test]
    fn filled_tables_and_the_2019_empty_fee_cell_are_not_flagged() {
        assert!(rows().flags(CODE).is_empty());
        assert!(cells().flags(CODE).is_empty());
        let fixture = rows().v2019().row("t2.fees", &["0", "-2", ""]);
        assert!(fixture.flags(CODE).is_empty());
        let fixture = cells().v2019().row("t2.fees", &["0", "0", ""]);
        assert!(fixture.flags(CODE).is_empty());
    }

    #[test]
    fn a_blank_table4_cell_is_named_by_group_and_column() {
        let mut values = vec!["0"; 15];
        values[1] = "";
        let flags = rows().row("t4.values", &values).flags(CODE);
        assert_eq!(flags.len(), 1);
        assert!(flags[0].message.zh.contains("行政复议·结果纠正"));
    }
}
