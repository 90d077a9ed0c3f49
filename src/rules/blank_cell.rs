//! A required numeric cell left blank.
//!
//! 应填数字的单元格留空。
//!
//! ## What it checks
//! Every value cell of 表二, 表三 and 表四 holds something: a row is flagged once, naming each
//! blank column. When three or more rows of a table are blank in the same columns (the five
//! 法人或其他组织 columns of 表三 left empty throughout), one cause made them all: one flag names
//! the columns and the rows, with every blank cell in its evidence. A row with no value at all
//! (「（一）予以公开」 followed only by tabs) is a row of blank cells. Cells the template leaves structurally empty (the third cell of 2019 表二
//! （八）行政事业性收费) are exempt.
//!
//! ## 检查内容
//! 表二、表三、表四的每个数值单元格都有内容：一行只标记一次，列出所有空白的列。一张表有三行或以上在
//! 相同的列空白时（如表三「法人或其他组织」五列通篇未填），原因只有一个：只标记一次，列出这些列和行，
//! 证据中包含每个空白单元格。一行完全没有数值
//! （「（一）予以公开」后面只有制表符），视为整行空白。模板在结构上本就留空的单元格（2019年版表二
//! 「（八）行政事业性收费」的第三格）不在此列。
//!
//! ## Why it matters
//! A blank is not a zero: the reader cannot tell "none" from "not counted", and no identity of
//! the table can be checked over it. The template asks for 0 where there is nothing to report.
//!
//! ## 为何重要
//! 空白不等于零：读者分不清是「没有」还是「没统计」，表格的任何勾稽关系也无法核对。没有可报告的数量
//! 时，模板要求填0。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号 (every cell of the statistics tables is filled); S6:
//! 「应报尽报、数据精确」.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号（统计表的每个单元格都要填写）；S6：「应报尽报、数据精确
//! 」。
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
use crate::i18n::Lang;
use crate::report::template::{RowSpec, ValueKind};
use crate::report::{CellValue, Report, Table, TableKind, TableRow};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct BlankCell;

impl Rule for BlankCell {
    crate::rule_meta!("blank-cell", Cells, Error, "单元格空白", "Blank table cell");

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        for table in report.assessed_tables() {
            let blank_rows: Vec<(&TableRow, Vec<usize>)> = table
                .rows
                .iter()
                .map(|row| (row, blank_columns(row)))
                .filter(|(_, blanks)| !blanks.is_empty())
                .collect();
            // Rows blank in the same columns share one cause: one flag for all of them.
            let mut groups: Vec<(&Vec<usize>, Vec<&TableRow>)> = Vec::new();
            for (row, blanks) in &blank_rows {
                match groups.iter_mut().find(|(columns, _)| *columns == blanks) {
                    Some((_, rows)) => rows.push(row),
                    None => groups.push((blanks, vec![row])),
                }
            }
            for (columns, rows) in groups {
                if rows.len() >= SHARED_CAUSE_ROWS {
                    report_columns(table, columns, &rows, findings);
                } else {
                    for row in rows {
                        report_row(table, row, columns, findings);
                    }
                }
            }
        }
    }
}

/// Rows blank in the same columns from which one flag names the extent instead of one per row.
const SHARED_CAUSE_ROWS: usize = 3;

/// The indices of a row's blank cells, structurally empty ones excepted.
fn blank_columns(row: &TableRow) -> Vec<usize> {
    row.cells
        .iter()
        .enumerate()
        .filter(|(i, c)| c.value == CellValue::Blank && row.spec.kind(*i) != Some(ValueKind::Empty))
        .map(|(i, _)| i)
        .collect()
}

fn report_row(table: &Table, row: &TableRow, blanks: &[usize], findings: &mut Findings<'_>) {
    let Some(first) = blanks.first().and_then(|i| row.cells.get(*i)) else {
        return;
    };
    let names: Vec<&str> = blanks.iter().map(|i| row.spec.column(*i)).collect();
    let listed = names.join("、");
    findings.report(
        Finding::typed(
            Location::at(first.line, first.column),
            Blank::Row {
                table: table.kind,
                row: row.spec,
                columns: names.clone(),
            },
        )
        .evidence("table", table.kind.key())
        .evidence("row", row.spec.label)
        .evidence("columns", names.clone())
        .key(table.kind.key())
        .key(row.spec.id)
        .key(listed),
    );
}

/// The same columns blank in many rows: one flag naming the columns and the rows, with every
/// blank cell in its evidence.
fn report_columns(
    table: &Table,
    blanks: &[usize],
    rows: &[&TableRow],
    findings: &mut Findings<'_>,
) {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return;
    };
    let names: Vec<&str> = blanks.iter().map(|i| first.spec.column(*i)).collect();
    let listed = names.join("、");
    let extent = if rows.len() == table.rows.len() {
        Extent::All
    } else {
        Extent::From(first.spec.label)
    };
    let cells: Vec<serde_json::Value> = rows
        .iter()
        .flat_map(|row| {
            blanks.iter().filter_map(move |i| {
                let cell = row.cells.get(*i)?;
                Some(serde_json::json!({
                    "row": row.spec.label,
                    "column": row.spec.column(*i),
                    "line": cell.line,
                    "col": cell.column,
                }))
            })
        })
        .collect();
    let row_labels: Vec<&str> = rows.iter().map(|r| r.spec.label).collect();
    findings.report(
        Finding::typed(
            Location::lines(first.line, last.last_line),
            Blank::Columns {
                table: table.kind,
                columns: names.clone(),
                extent,
                rows: rows.len(),
                cells: cells.len(),
            },
        )
        .evidence("table", table.kind.key())
        .evidence("columns", names)
        .evidence("rows", row_labels)
        .evidence("cells", cells)
        .key(table.kind.key())
        .key("columns")
        .key(listed),
    );
}

/// Blank cells, worded in [`Message::message`].
#[derive(Debug)]
enum Blank {
    /// One row blank in `columns`.
    Row {
        table: TableKind,
        row: &'static RowSpec,
        columns: Vec<&'static str>,
    },
    /// `rows` rows blank in the same `columns`, `cells` cells in all.
    Columns {
        table: TableKind,
        columns: Vec<&'static str>,
        extent: Extent,
        rows: usize,
        cells: usize,
    },
}

/// Which rows a group of blank rows is.
#[derive(Debug)]
enum Extent {
    /// Every row of the table.
    All,
    /// Rows from the one with this label.
    From(&'static str),
}

impl Message for Blank {
    fn message(&self, lang: Lang) -> String {
        match self {
            Blank::Row {
                table,
                row,
                columns,
            } => {
                let (name, count, listed) =
                    (table.row_name(row, lang), columns.len(), columns.join("、"));
                match lang {
                    Lang::Zh => format!("{name}有{count}个空白单元格（{listed}），应填写数字，无数据时填0"),
                    Lang::En => format!(
                        "{name}: {count} blank cell(s) ({listed}); write a number, 0 when there is nothing to report"
                    ),
                }
            }
            Blank::Columns {
                table,
                columns,
                extent,
                rows,
                cells,
            } => {
                let (count, listed) = (columns.len(), columns.join("、"));
                match lang {
                    Lang::Zh => {
                        let extent = match extent {
                            Extent::All => format!("全部{rows}行"),
                            Extent::From(label) => format!("“{label}”等{rows}行"),
                        };
                        format!(
                            "{}的{count}列（{listed}）在{extent}中均为空白，共{cells}个单元格，应填写数字，无数据时填0",
                            table.name_zh()
                        )
                    }
                    Lang::En => {
                        let extent = match extent {
                            Extent::All => format!("all {rows} rows"),
                            Extent::From(label) => format!("{rows} rows from “{label}”"),
                        };
                        format!(
                            "{}: {count} column(s) ({listed}) are blank in {extent}, {cells} cells; write a number, 0 when there is nothing to report",
                            table.name_en()
                        )
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
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
            assert!(flags[0].message.get(Lang::Zh).contains("7个空白单元格"));
            assert!(flags[0].message.get(Lang::Zh).contains("自然人、商业企业"));
        }
    }

    #[test]
    fn blank_columns_inside_a_row_are_named() {
        let fixture = rows().row("t3.new", &["26", "", "", "", "", "", "26"]);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1);
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .contains("（商业企业、科研机构、社会公益组织、法律服务机构、其他）"));
        assert_eq!(
            flags[0].location.line,
            Some(fixture.line_of("一、本年新收"))
        );
    }

    #[test]
    fn columns_blank_in_many_rows_are_one_flag_with_every_cell() {
        let applicants_only = ["26", "", "", "", "", "", "26"];
        let mut fixture = rows();
        for id in ["t3.new", "t3.carried-in", "t3.granted"] {
            fixture = fixture.row(id, &applicants_only);
        }
        let fixture = fixture.row("t3.partial", &["1", "", "0", "0", "0", "0", "1"]);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 2, "{flags:?}");
        let shared = flags
            .iter()
            .find(|f| {
                f.message
                    .get(Lang::Zh)
                    .contains("列（商业企业、科研机构、社会公益组织、法律服务机构、其他）")
            })
            .unwrap();
        assert!(
            shared
                .message
                .get(Lang::Zh)
                .contains("“一、本年新收政府信息公开申请数量”等3行"),
            "{}",
            shared.message.get(Lang::Zh)
        );
        assert!(shared.message.get(Lang::Zh).contains("共15个单元格"));
        assert_eq!(
            shared.message.get(Lang::En),
            "Table 3: 5 column(s) (商业企业、科研机构、社会公益组织、法律服务机构、其他) are blank \
             in 3 rows from “一、本年新收政府信息公开申请数量”, 15 cells; write a number, 0 when \
             there is nothing to report"
        );
        assert_eq!(shared.evidence["cells"].as_array().map(Vec::len), Some(15));
        assert_eq!(shared.location.line, Some(fixture.line_of("一、本年新收")));
        assert!(flags.iter().any(|f| f
            .message
            .get(Lang::Zh)
            .contains("1个空白单元格（商业企业）")));
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
        assert!(flags[0].message.get(Lang::Zh).contains("行政复议·结果纠正"));
    }
}
