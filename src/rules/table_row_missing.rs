//! A table without one of its template rows.
//!
//! 表格缺少模板中的某一行。
//!
//! ## What it checks
//! Every row of the template is present in a table that was found: 表二's rows (规章 …
//! 行政事业性收费, and in the 2019 template 其他对外管理服务事项 and 政府集中采购), 表三's 25
//! rows (23 in the 2019 template), 表四's value row. Rows are recognised by their labels after
//! normalisation, also when reworded (`label-mismatch`) or shifted (`misaligned-row`). The rows
//! expected are those of the template the tables' own markers point to, so a 2019 表三 is not
//! asked for 2021's three （六） sub-rows. Consecutive missing rows are one flag. A table that
//! is not there at all is `table-missing`'s, not this rule's. In a 2019 report the flag is only
//! **info**: that year the template could be followed loosely (「可参照统一格式发布」).
//!
//! ## 检查内容
//! 在找到的表格中，模板的每一行都在：表二的各行（规章……行政事业性收费，2019年版模板还有其他对外管理
//! 服务事项和政府集中采购）、表三的25行（2019年版模板为23行）、表四的数值行。行按规范化后的标签识
//! 别，措辞改过（`label-mismatch`）或错位（`misaligned-row`）的也能识别。应有的行以表格自身标记所指
//! 的模板为准，因此不会要求2019年版的表三有2021年版「（六）」的三个子行。连续缺失的行合并标记一次。
//! 整张表都没有的，归 `table-missing`，不归本规则。2019年度的报告只标记为**提示**：当年的模板可以参
//! 照执行（「可参照统一格式发布」）。
//!
//! ## Why it matters
//! A dropped row is a figure the template requires that the reader cannot find, and the
//! identities that sum over it (表三's （七）总计) cannot be trusted. Rows are usually lost when a
//! table is copied from an older report or cut at a page break.
//!
//! ## 为何重要
//! 缺了一行，就是模板要求、读者却找不到的一个数字，依赖这一行求和的勾稽关系（表三的「（七）总计」）
//! 也不可信。行通常是从旧报告复制表格或被分页截断时丢失的。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号 (the tables' rows); S6: 「应报尽报、内容全面」.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号（各表的行）；S6：「应报尽报、内容全面」。
//!
//! ## Flagged
//! ```text
//! 	(六) 其他处理	1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请	0	0	0	0	0	0	0
//! 		3.其他	0	0	0	0	0	0	0
//! ```
//!
//! ## Accepted
//! ```text
//! 	(六) 其他处理	1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请	0	0	0	0	0	0	0
//! 		2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请	0	0	0	0	0	0	0
//! 		3.其他	0	0	0	0	0	0	0
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::{Location, Severity};
use crate::i18n::Lang;
use crate::report::template::{RowSpec, TABLE4_ROW};
use crate::report::{Report, Table, TableKind, TableRow, TemplateVersion};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct TableRowMissing;

impl Rule for TableRowMissing {
    crate::rule_meta!(
        "table-row-missing",
        Cells,
        Error,
        "表格缺少模板行",
        "Template row missing from a table"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        // 2019 reports could follow the template loosely (国办公开办函〔2019〕60号).
        let severity = if report.year == Some(2019) {
            Severity::Info
        } else {
            Severity::Error
        };
        for table in TableKind::ALL.iter().filter_map(|k| report.assessed(*k)) {
            check_table(table, severity, findings);
        }
    }
}

fn check_table(table: &Table, severity: Severity, findings: &mut Findings<'_>) {
    let specs: &'static [RowSpec] = match table.kind {
        TableKind::Table2 => table.template.table2(),
        TableKind::Table3 => table.template.table3(),
        TableKind::Table4 => std::slice::from_ref(&TABLE4_ROW),
    };
    // Most tables hold every template row: told by a mask of the rows placed, before a list
    // of them is made (a block of the allocator for each table of each report).
    if specs.len() <= u128::BITS as usize {
        let placed = placed_rows(specs, table).fold(0u128, |mask, (i, _)| mask | 1 << i);
        if placed.count_ones() as usize == specs.len() {
            return;
        }
    }
    // The first row placed on each template row, in template order.
    let mut found: Vec<Option<&TableRow>> = vec![None; specs.len()];
    for (i, row) in placed_rows(specs, table) {
        found[i].get_or_insert(row);
    }
    if found.iter().all(Option::is_some) {
        return;
    }
    if found.iter().all(Option::is_none) {
        report_empty(table, specs.len(), severity, findings);
        return;
    }
    let mut start = 0;
    while start < specs.len() {
        if found[start].is_some() {
            start += 1;
            continue;
        }
        let end = (start..specs.len())
            .find(|&i| found[i].is_some())
            .unwrap_or(specs.len());
        report_run(table, specs, &found, start..end, severity, findings);
        start = end;
    }
}

/// The table's rows that are template rows, each with its index among `specs`, in the
/// table's order.
fn placed_rows<'t>(
    specs: &'static [RowSpec],
    table: &'t Table,
) -> impl Iterator<Item = (usize, &'t TableRow)> + 't {
    let mut next = 0;
    table.rows.iter().filter_map(move |row| {
        let i = template_index(specs, row.spec, next)?;
        next = i + 1;
        Some((i, row))
    })
}

/// Where `spec` is among the template's rows `specs`. Rows point into the template's static
/// rows, so comparing addresses is enough, and each template row has its own: whatever the
/// order of the look, the one row found is the same. A table's rows mostly come in template
/// order, so the look starts at `from` (after the last row's place) and wraps around, where a
/// look from the first row went through half of 表三's thirty rows for each row.
fn template_index(specs: &[RowSpec], spec: &RowSpec, from: usize) -> Option<usize> {
    let from = from.min(specs.len());
    (from..specs.len())
        .chain(0..from)
        .find(|&i| std::ptr::eq(&specs[i], spec))
}

/// A table with its header but no row at all.
fn report_empty(table: &Table, expected: usize, severity: Severity, findings: &mut Findings<'_>) {
    let empty = Missing::All {
        kind: table.kind,
        expected,
    };
    findings.report(
        Finding::typed(Location::lines(table.first_line, table.last_line), empty)
            .severity(severity)
            .evidence("table", table.kind.key())
            .evidence("missing", expected)
            .key(table.kind.key())
            .key("all"),
    );
}

/// Template rows `run` missing between two rows that were found (or an end of the table).
fn report_run(
    table: &Table,
    specs: &'static [RowSpec],
    found: &[Option<&TableRow>],
    run: std::ops::Range<usize>,
    severity: Severity,
    findings: &mut Findings<'_>,
) {
    let missing = &specs[run.clone()];
    let labels: Vec<&str> = missing.iter().map(|s| s.label).collect();
    let before = run.start.checked_sub(1).and_then(|i| found[i]);
    let after = found.get(run.end).copied().flatten();
    // Point where the rows belong: at the row they should precede, else after the last one.
    let location = match (after, before) {
        (Some(next), _) => Location::line(next.label.line),
        (None, Some(previous)) => Location::line(previous.last_line),
        (None, None) => Location::line(table.first_line),
    };
    let place = match (before, after) {
        (Some(previous), _) => Some(Place::After(previous.spec.label)),
        (None, Some(next)) => Some(Place::Before(next.spec.label)),
        (None, None) => None,
    };
    let ids: Vec<&str> = missing.iter().map(|s| s.id).collect();
    let run = Missing::Run {
        kind: table.kind,
        template: table.template,
        labels: labels.clone(),
        place,
    };
    findings.report(
        Finding::typed(location, run)
            .severity(severity)
            .evidence("table", table.kind.key())
            .evidence("template", table.template.as_str())
            .evidence("missing", labels)
            .key(table.kind.key())
            .key(ids.join("|")),
    );
}

/// Which template rows the table `kind` lacks.
#[derive(Debug)]
enum Missing {
    /// All `expected` rows: the table has its header only.
    All { kind: TableKind, expected: usize },
    /// The rows labelled `labels`, in a run, belonging at `place`.
    Run {
        kind: TableKind,
        template: TemplateVersion,
        labels: Vec<&'static str>,
        place: Option<Place>,
    },
}

/// Where missing rows belong: after or before the row with this label.
#[derive(Debug)]
enum Place {
    After(&'static str),
    Before(&'static str),
}

impl Message for Missing {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                Missing::All {
                    kind: TableKind::Table4,
                    ..
                },
                _,
            ) => lang
                .pick(
                    "表四只有表头，没有找到数值行（模板有15个数值）",
                    "Table 4 has its header but no row of values (the template has 15)",
                )
                .to_string(),
            (Missing::All { kind, expected }, Lang::Zh) => format!(
                "{}只有表头，没有找到任何数据行（模板有{expected}行）",
                kind.name_zh()
            ),
            (Missing::All { kind, expected }, Lang::En) => format!(
                "{} has its header but none of its rows (the template has {expected})",
                kind.name_en()
            ),
            (
                Missing::Run {
                    kind,
                    template,
                    labels,
                    place,
                },
                lang,
            ) => {
                let quoted: Vec<String> = labels.iter().map(|l| format!("“{l}”")).collect();
                let place = match (place, lang) {
                    (Some(Place::After(label)), Lang::Zh) => format!("，应在“{label}”行之后"),
                    (Some(Place::After(label)), Lang::En) => format!(", after row “{label}”"),
                    (Some(Place::Before(label)), Lang::Zh) => format!("，应在“{label}”行之前"),
                    (Some(Place::Before(label)), Lang::En) => format!(", before row “{label}”"),
                    (None, _) => String::new(),
                };
                match lang {
                    Lang::Zh => format!(
                        "{}缺少模板{}年版的{}行：{}{place}",
                        kind.name_zh(),
                        template.as_str(),
                        if labels.len() == 1 {
                            String::new()
                        } else {
                            labels.len().to_string()
                        },
                        quoted.join("、")
                    ),
                    Lang::En => format!(
                        "{} lacks {} row(s) of the {} template: {}{place}",
                        kind.name_en(),
                        labels.len(),
                        template.as_str(),
                        quoted.join(", ")
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::Severity;
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "table-row-missing";

    const UNPAID: &str = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请";

    #[test]
    fn a_dropped_table3_row_is_named_with_its_place() {
        for fixture in [rows(), cells()] {
            let fixture = fixture
                .replace(&format!("\t\t{UNPAID}\t0\t0\t0\t0\t0\t0\t0\n"), "")
                .replace(
                    &format!("\t\n\t\n\t{UNPAID}\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n"),
                    "",
                );
            let flags = fixture.flags(CODE);
            assert_eq!(flags.len(), 1, "{flags:?}\n{}", fixture.text());
            assert_eq!(flags[0].severity, Severity::Error);
            assert_eq!(
                flags[0].message.get(Lang::Zh),
                format!(
                    "表三缺少模板2021年版的行：“{UNPAID}”，应在“1.申请人无正当理由逾期不补正、\
                     行政机关不再处理其政府信息公开申请”行之后"
                )
            );
            assert_eq!(flags[0].location.line, Some(fixture.line_of("3.其他")));
        }
    }

    /// A table with as many rows as the template, one of them twice and another missing,
    /// lacks the missing one: the quick test of complete tables counts template rows, not
    /// rows. Each row of 表三 in turn is written over with the one before it.
    #[test]
    fn a_row_written_twice_does_not_stand_for_a_missing_one() {
        use crate::rules::{Findings, Rule};
        let report = rows().report();
        let Some(table) = report.table3.as_ref() else {
            panic!("the fixture has a 表三");
        };
        assert_eq!(table.rows.len(), table.template.table3().len());
        for k in 1..table.rows.len() {
            let mut copied = table.clone();
            copied.rows[k] = copied.rows[k - 1].clone();
            let mut flags = Vec::new();
            let meta = super::TableRowMissing.meta();
            let mut findings = Findings::new(meta, &[], None, None, &mut flags);
            super::check_table(&copied, Severity::Error, &mut findings);
            assert_eq!(flags.len(), 1, "row {k}: {flags:?}");
        }
    }

    #[test]
    fn consecutive_missing_rows_are_one_flag() {
        let fixture = rows()
            .replace("\t\t2.重复申请\t0\t0\t0\t0\t0\t0\t0\n", "")
            .replace("\t\t3.要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0\n", "")
            .replace("行政强制\t0\n", "");
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 2, "{flags:?}");
        assert!(flags.iter().any(|f| f
            .message
            .get(Lang::Zh)
            .contains("表二缺少模板2021年版的行：“行政强制”")));
        assert!(flags.iter().any(|f| f
            .message
            .get(Lang::Zh)
            .contains("2行：“2.重复申请”、“3.要求提供公开出版物”")));
    }

    #[test]
    fn a_2019_table_is_held_to_the_2019_rows_and_a_2019_report_is_told() {
        assert!(rows().v2019().flags(CODE).is_empty());
        assert!(cells().v2019().flags(CODE).is_empty());
        let fixture = rows()
            .v2019()
            .year(2019)
            .replace("政府集中采购\t0\t0\n", "");
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].severity, Severity::Info);
    }

    #[test]
    fn a_table4_header_without_values_is_flagged() {
        let zeros = vec!["0"; 15].join("\t");
        let fixture = rows().replace(&format!("\n{zeros}\n"), "\n");
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(
            flags[0].message.get(Lang::Zh),
            "表四只有表头，没有找到数值行（模板有15个数值）"
        );
    }

    #[test]
    fn complete_tables_and_missing_tables_are_not_flagged() {
        assert!(rows().flags(CODE).is_empty());
        assert!(cells().flags(CODE).is_empty());
        let fixture = rows().without(crate::report::TableKind::Table3);
        assert!(fixture.flags(CODE).is_empty());
    }

    /// The look from the last row's place finds the row the look from the first finds, for
    /// every template row and every place to start from (and none for a row of another
    /// template).
    #[test]
    fn a_rows_place_is_found_from_anywhere() {
        use crate::report::template::{TABLE3_2019, TABLE3_2021};
        for specs in [TABLE3_2021, TABLE3_2019] {
            for spec in specs {
                let expected = specs.iter().position(|s| std::ptr::eq(s, spec));
                assert!(expected.is_some());
                for from in 0..=specs.len() + 1 {
                    assert_eq!(super::template_index(specs, spec, from), expected);
                }
            }
        }
        let other = &TABLE3_2019[0];
        assert_eq!(super::template_index(TABLE3_2021, other, 3), None);
    }
}
