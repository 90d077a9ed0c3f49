//! A table row with more or fewer values than the template has columns.
//!
//! 表格某行的数值个数与模板的列数不符。
//!
//! ## What it checks
//! Each row has the template's number of values: 7 in 表三, 15 in 表四's value row, 3/1/1/1 in
//! 2021 表二 (（一）/（五）/（六）/（八）) and 3/3/3/2/2 in 2019 表二. The values are the cells from
//! the first value onwards; empty cells trailing beyond the expected number, and the
//! structurally empty third cell of 2019 表二 （八）, are not counted. A row with no value at
//! all is `blank-cell`'s. One flag per row.
//!
//! ## 检查内容
//! 每行的数值个数与模板的列数一致：表三7个，表四数值行15个，2021年版表二（（一）/（五）/（六）/
//! （八））为3/1/1/1个，2019年版表二为3/3/3/2/2个。数值指从第一个数值起的各单元格；超出应有个数的末
//! 尾空单元格，以及2019年版表二「（八）」结构上留空的第三格，不计在内。一行完全没有数值的，归
//! `blank-cell`。每行标记一次。
//!
//! ## Why it matters
//! With a value missing, the others cannot be assigned to their columns: 「0 0 0 0 0 0」 under
//! seven headers might lack 自然人 or 总计. The row's identities cannot be checked.
//!
//! ## 为何重要
//! 少了一个数值，其余数值就无法对应到各自的列：七个表头下的「0 0 0 0 0 0」，缺的可能是自然人，也可
//! 能是总计。这一行的勾稽关系也就无法核对。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号 (the tables' columns).
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号（各表的列）。
//!
//! ## Flagged
//! ```text
//! 	(三) 不予公开	1.属于国家秘密	0	0	0	0	0	0
//! ```
//!
//! ## Accepted
//! ```text
//! 	(三) 不予公开	1.属于国家秘密	0	0	0	0	0	0	0
//! 一、本年新收政府信息公开申请数量		0	0	0	0	0	0	0	(trailing empty cell)
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::template::RowSpec;
use crate::report::{Report, TableKind};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct CellCount;

impl Rule for CellCount {
    crate::rule_meta!(
        "cell-count",
        Cells,
        Error,
        "数值个数不符",
        "Wrong number of values in a row"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        for table in TableKind::ALL.iter().filter_map(|k| report.assessed(*k)) {
            for row in &table.rows {
                let expected = row.spec.expected_values();
                let found = row.cells.len();
                if found == expected {
                    continue;
                }
                findings.report(
                    Finding::typed(
                        Location::lines(row.line, row.last_line),
                        WrongCount {
                            table: table.kind,
                            row: row.spec,
                            found,
                            expected,
                        },
                    )
                    .evidence("table", table.kind.key())
                    .evidence("row", row.spec.label)
                    .evidence("expected", expected)
                    .evidence("found", found)
                    .key(table.kind.key())
                    .key(row.spec.id)
                    .key(found.to_string()),
                );
            }
        }
    }
}

/// A row with another number of values than its template row.
#[derive(Debug)]
struct WrongCount {
    table: TableKind,
    row: &'static RowSpec,
    found: usize,
    expected: usize,
}

impl Message for WrongCount {
    fn message(&self, lang: Lang) -> String {
        let row = self.table.row_name(self.row, lang);
        let (found, expected) = (self.found, self.expected);
        match lang {
            Lang::Zh => format!("{row}有{found}个数值，模板为{expected}个"),
            Lang::En => format!("{row} has {found} value(s); the template has {expected}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "cell-count";

    #[test]
    fn a_row_missing_a_value_is_flagged_once() {
        let fixture = rows().row("t3.withheld.secret", &["0"; 6]);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1);
        assert_eq!(
            flags[0].location.line,
            Some(fixture.line_of("1.属于国家秘密"))
        );
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .contains("有6个数值，模板为7个"));
    }

    #[test]
    fn cell_layout_rows_span_their_lines() {
        let fixture = cells().row("t4.values", &["0"; 14]);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1);
        assert!(flags[0].location.end_line > flags[0].location.line);
        let flags = cells()
            .row("t2.regulations", &["0", "0", "0", "0"])
            .flags(CODE);
        assert_eq!(flags.len(), 1);
    }

    #[test]
    fn trailing_empty_cells_blank_rows_and_the_2019_fee_row_are_accepted() {
        assert!(rows().flags(CODE).is_empty());
        assert!(cells().flags(CODE).is_empty());
        let fixture = rows().row("t3.new", &["", "0", "0", "0", "0", "0", "0", "0", ""]);
        assert!(fixture.flags(CODE).is_empty());
        assert!(rows().row("t3.granted", &[]).flags(CODE).is_empty());
        assert!(rows()
            .v2019()
            .row("t2.fees", &["0", "0", "/"])
            .flags(CODE)
            .is_empty());
    }
}
