//! Table rows whose cells drifted against the header in extraction.
//!
//! 表格行的单元格在文本提取时相对表头错位。
//!
//! ## What it checks
//! In the row layout (one row per line, cells split by tabs), merged cells leave empty cells in
//! front of a row's label: 「（一）予以公开」 sits in the second cell, 「1.属于国家秘密」 in the
//! third. A row whose label is found at another depth than its template row's, in a table that
//! keeps those leading empty cells elsewhere, has drifted. Its values are still read (they are
//! the cells from the first value on), so this is an **info**: the text should be checked
//! against the original document. One flag per run of consecutive drifted rows. A table
//! extracted without any leading empty cells is not drifted.
//!
//! ## 检查内容
//! 在按行排列的版式中（每行一个表格行，单元格以制表符分隔），合并单元格会在行标签前留下空单元格：
//! 「（一）予以公开」在第二格，「1.属于国家秘密」在第三格。某行标签所在的层级与模板行不同，而表格的
//! 其他行保留了这些前导空单元格，就是错位。该行的数值照常读取（从第一个数值起的各单元格），因此只标
//! 记为**提示**：应对照原文核对。连续错位的行合并标记一次。整张表都没有前导空单元格的，不算错位。
//!
//! ## Why it matters
//! Drift is an artefact of converting the report, not an error of the agency; but a reader of
//! the extracted text sees the numbers under the wrong headers, and the recovered values are
//! worth a glance at the source.
//!
//! ## 为何重要
//! 错位是报告转换造成的，不是机关的错误；但阅读提取文本的人会看到数字落在错误的表头下，恢复出的数值
//! 也值得对照原件看一眼。
//!
//! ## Authority
//! rules.md A5.5 (the two table encodings of extracted reports).
//!
//! ## 依据
//! rules.md A5.5（提取报告中表格的两种编码方式）。
//!
//! ## Flagged
//! ```text
//! 	(六) 其他处理	1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请	0	0	0	0	0	0	0
//! 3.其他		0	0	0	0	0	0	0
//! (七) 总计	0	0	0	0	0	0	0
//! ```
//!
//! ## Accepted
//! ```text
//! 		3.其他	0	0	0	0	0	0	0
//! 	(七) 总计	0	0	0	0	0	0	0
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::{Report, TableKind, TableRow};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct MisalignedRow;

impl Rule for MisalignedRow {
    crate::rule_meta!(
        "misaligned-row",
        Cells,
        Info,
        "表格行错位",
        "Table row drifted against the header"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        for table in TableKind::ALL.iter().filter_map(|k| report.assessed(*k)) {
            let mut rows = table.rows.iter().peekable();
            while let Some(row) = rows.next() {
                if !row.misaligned {
                    continue;
                }
                let mut run: Vec<&TableRow> = vec![row];
                while let Some(next) = rows.next_if(|r| r.misaligned) {
                    run.push(next);
                }
                let (first, last) = (run[0], run[run.len() - 1]);
                let labels: Vec<&str> = run.iter().map(|r| r.spec.label).collect();
                findings.report(
                    Finding::typed(
                        Location::lines(first.line, last.last_line),
                        Drifted {
                            table: table.kind,
                            first: first.spec.label,
                            last: last.spec.label,
                            rows: run.len(),
                        },
                    )
                    .evidence("table", table.kind.key())
                    .evidence("rows", labels)
                    .key(table.kind.key())
                    .key(run.iter().map(|r| r.spec.id).collect::<Vec<_>>().join(",")),
                );
            }
        }
    }
}

/// A run of table rows whose cells drifted against the header, from `first` to `last`.
#[derive(Debug)]
struct Drifted {
    table: TableKind,
    first: &'static str,
    last: &'static str,
    rows: usize,
}

impl Message for Drifted {
    fn message(&self, lang: Lang) -> String {
        let Drifted {
            table,
            first,
            last,
            rows,
        } = self;
        match lang {
            Lang::Zh => {
                let span = if *rows == 1 {
                    format!("“{first}”行")
                } else {
                    format!("“{first}”至“{last}”共{rows}行")
                };
                format!(
                    "{}{span}的单元格相对表头错位（文本转换时合并单元格所致），已按模板读取数值，请对照原件核实",
                    table.name_zh()
                )
            }
            Lang::En => format!(
                "{}: {rows} row(s) from “{first}” drifted against the header (merged cells in \
                 conversion); the values were read by the template, check them against the \
                 original",
                table.name_en()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "misaligned-row";

    #[test]
    fn a_run_of_drifted_rows_is_one_flag() {
        let fixture = rows()
            .replace("\t\t3.其他\t", "3.其他\t\t")
            .replace("\t（七）总计", "（七）总计");
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        let first = fixture.line_of("3.其他");
        assert_eq!(flags[0].location.line, Some(first));
        assert_eq!(flags[0].location.end_line, Some(first + 1));
        assert_eq!(
            flags[0].message.get(Lang::Zh),
            "表三“3.其他”至“（七）总计”共2行的单元格相对表头错位（文本转换时合并单元格所致），\
             已按模板读取数值，请对照原件核实"
        );
        assert_eq!(
            flags[0].message.get(Lang::En),
            "Table 3: 2 row(s) from “3.其他” drifted against the header (merged cells in \
             conversion); the values were read by the template, check them against the original"
        );
    }

    #[test]
    fn separate_runs_are_separate_flags() {
        let fixture = rows()
            .replace("\t\t1.属于国家秘密", "1.属于国家秘密")
            .replace("\t（七）总计", "（七）总计");
        assert_eq!(fixture.flags(CODE).len(), 2);
    }

    #[test]
    fn aligned_tables_cell_layout_and_tables_without_leading_cells_are_not_flagged() {
        assert!(rows().flags(CODE).is_empty());
        assert!(cells()
            .replace("\t\n\t（七）总计", "\t（七）总计")
            .flags(CODE)
            .is_empty());
        // Every leading empty cell removed, as in tables extracted from some PDFs.
        let text = rows().text();
        let flat: String = text
            .lines()
            .map(|l| l.trim_start_matches('\t'))
            .collect::<Vec<_>>()
            .join("\n");
        let report = crate::report::parse::parse_text(&flat, crate::ingest::SourceEncoding::Utf8);
        let selection = crate::rules::RuleSelection {
            selected: vec![CODE.into()],
            ..Default::default()
        };
        assert!(crate::rules::run(&report, &selection).is_empty());
    }
}
