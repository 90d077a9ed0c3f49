//! A table row with values that is not a row of the template.
//!
//! 表格中有数值的某行不是模板的行。
//!
//! ## What it checks
//! Every row with values in 表二 and 表三 is one of the template's rows, placed once. Flagged:
//! a row whose label matches no template row even tolerantly (「合计」, 「其他事项」, a row of the
//! other template such as 2019's 「政府集中采购」 in a 2021 表二), a template row written twice,
//! and a row of values with no label at all; and a table of more than 1,000 rows (the rows past
//! the 1,000th are not read, only counted). Header rows, group labels (「（三）不予公开」) and
//! rows without any value are not rows of values and are not flagged; a reworded template
//! row is placed by its key words and is `label-mismatch`'s. In a 2019 report the flag is only
//! **info** (「可参照统一格式发布」).
//!
//! ## 检查内容
//! 表二、表三中每个有数值的行都是模板的行，且只出现一次。予以标记的有：即使宽松匹配也对不上任何模板
//! 行的行（「合计」「其他事项」、另一版本模板的行，如2021年版表二中出现2019年版的「政府集中采购」
//! ）、重复出现的模板行，以及没有标签的数值行。表头行、分组标签（「（三）不予公开」）和没有任何数值
//! 的行不是数值行，不标记；改了措辞的模板行按关键词定位，归 `label-mismatch`。2019年度的报告只标记
//! 为**提示**（「可参照统一格式发布」）。
//!
//! ## Why it matters
//! The template's rows are what every agency reports; an added row (a subtotal, a local
//! category, a row copied twice) changes what the table sums to and cannot be compared with
//! the other agencies' tables. A row of values without a label usually means a row was split
//! by a page break, and its values may belong to the row above.
//!
//! ## 为何重要
//! 模板的行是每个机关都要报告的内容；多出的行（小计、地方自设的类别、重复抄了两遍的行）改变了表格的
//! 合计，也无法与其他机关的表格比较。没有标签的数值行通常是某行被分页截断，其数值可能属于上一行。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号 (the tables' rows); S6: 「格式规范」.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号（各表的行）；S6：「格式规范」。
//!
//! ## Flagged
//! ```text
//! 行政处罚	12
//! 行政强制	0
//! 合计	12
//! ```
//!
//! ## Accepted
//! ```text
//! 行政处罚	12
//! 行政强制	0
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::{Location, Severity};
use crate::i18n::Lang;
use crate::report::tables::{ExtraRow, UnreadRows, MAX_TABLE_ROWS};
use crate::report::{Report, Table, TableKind, TemplateVersion};
use crate::rules::{Finding, Findings, Message, Rule};
use crate::text::label_key;

pub struct TableRowExtra;

impl Rule for TableRowExtra {
    crate::rule_meta!(
        "table-row-extra",
        Cells,
        Warning,
        "表格有模板以外的行",
        "Table row not in the template"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        // 2019 reports could follow the template loosely (国办公开办函〔2019〕60号).
        let severity = if report.year == Some(2019) {
            Severity::Info
        } else {
            Severity::Warning
        };
        for kind in TableKind::ALL {
            let Some(table) = report.table(kind) else {
                continue;
            };
            // First, so that it is listed however many extra rows come before it; rows past
            // the reader's cap are never a table the template describes, assessed or not.
            if let Some(unread) = table.unread {
                report_unread(table, unread, severity, findings);
            }
            if report.assessed(kind).is_none() {
                continue;
            }
            for extra in &table.extra_rows {
                report_row(table, extra, severity, findings);
            }
        }
    }
}

fn report_unread(
    table: &Table,
    unread: UnreadRows,
    severity: Severity,
    findings: &mut Findings<'_>,
) {
    let rows = unread.rows;
    findings.report(
        Finding::typed(
            Location::lines(unread.line, unread.last_line),
            Extra {
                kind: table.kind,
                row: ExtraKind::Unread {
                    line: unread.line,
                    rows,
                },
            },
        )
        .severity(severity)
        .evidence("table", table.kind.key())
        .evidence("rows_not_read", rows)
        .key(table.kind.key())
        .key("unread"),
    );
}

fn report_row(table: &Table, extra: &ExtraRow, severity: Severity, findings: &mut Findings<'_>) {
    let label = &extra.label;
    let location = if label.is_empty() {
        Location::lines(extra.line, extra.last_line)
    } else {
        Location::span(label.line, label.column, label.len())
    };
    let (row, key) = match extra.duplicate_of {
        Some(spec) => (
            ExtraKind::Repeated {
                repeats: spec.label,
                label: label.raw.to_string(),
                values: extra.values,
            },
            format!("repeat:{}", spec.id),
        ),
        None if label.is_empty() => (
            ExtraKind::Unlabelled {
                values: extra.values,
            },
            "unlabelled".to_string(),
        ),
        None => (
            ExtraKind::Foreign {
                label: label.raw.to_string(),
                values: extra.values,
                template: table.template,
            },
            label_key(&label.raw),
        ),
    };
    let extra_row = Extra {
        kind: table.kind,
        row,
    };
    let mut finding = Finding::typed(location, extra_row)
        .severity(severity)
        .evidence("table", table.kind.key())
        .evidence("label", label.raw.as_str())
        .evidence("values", extra.values)
        .key(table.kind.key())
        .key(key);
    if let Some(spec) = extra.duplicate_of {
        finding = finding.evidence("repeats", spec.label);
    }
    findings.report(finding);
}

/// A row of the table `kind` that is none of the template's.
#[derive(Debug)]
struct Extra {
    kind: TableKind,
    row: ExtraKind,
}

#[derive(Debug)]
enum ExtraKind {
    /// `rows` rows from `line` on, past the most the parser reads.
    Unread { line: u32, rows: usize },
    /// A row labelled `label` that repeats the template row `repeats`.
    Repeated {
        repeats: &'static str,
        label: String,
        values: usize,
    },
    /// A row of values without a label.
    Unlabelled { values: usize },
    /// A row labelled `label` that the `template` does not have.
    Foreign {
        label: String,
        values: usize,
        template: TemplateVersion,
    },
}

impl Message for Extra {
    fn message(&self, lang: Lang) -> String {
        let (name_zh, name_en) = (self.kind.name_zh(), self.kind.name_en());
        match (&self.row, lang) {
            (ExtraKind::Unread { line, rows }, Lang::Zh) => format!(
                "{name_zh}超过{MAX_TABLE_ROWS}行，模板中没有这么多行：第{line}行起的{rows}行未读取"
            ),
            (ExtraKind::Unread { line, rows }, Lang::En) => format!(
                "{name_en} has more than {MAX_TABLE_ROWS} rows, far more than the template: the \
                 {rows} row(s) from line {line} on were not read"
            ),
            (ExtraKind::Repeated { repeats, label, values }, Lang::Zh) => format!(
                "{name_zh}“{repeats}”行重复出现（“{label}”，{values}个数值），模板中该行只有一行"
            ),
            (ExtraKind::Repeated { repeats, label, values }, Lang::En) => format!(
                "{name_en}: row “{repeats}” appears twice (“{label}”, {values} value(s)); the template has it once"
            ),
            (ExtraKind::Unlabelled { values }, Lang::Zh) => format!(
                "{name_zh}有一行没有行标签的数值（{values}个），不属于模板的任何一行；可能是上一行被分页截断"
            ),
            (ExtraKind::Unlabelled { values }, Lang::En) => format!(
                "{name_en} has a row of {values} value(s) without a label that is no row of the \
                 template; the row above may have been split by a page break"
            ),
            (ExtraKind::Foreign { label, values, template }, Lang::Zh) => format!(
                "{name_zh}有模板{}年版以外的行“{label}”（{values}个数值）",
                template.as_str()
            ),
            (ExtraKind::Foreign { label, values, template }, Lang::En) => format!(
                "{name_en} has a row “{label}” ({values} value(s)) that is not in the {} template",
                template.as_str()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::Severity;
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "table-row-extra";

    #[test]
    fn a_subtotal_row_is_flagged_with_its_label() {
        let fixture = rows().replace("行政强制\t0\n", "行政强制\t0\n合计\t0\n");
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].severity, Severity::Warning);
        assert_eq!(flags[0].location.line, Some(fixture.line_of("合计")));
        assert_eq!(
            flags[0].message.get(Lang::Zh),
            "表二有模板2021年版以外的行“合计”（1个数值）"
        );
    }

    #[test]
    fn a_repeated_row_is_named() {
        let fixture = cells().replace(
            "\t3.其他\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n",
            "\t3.其他\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n\t3.其他\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n",
        );
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .starts_with("表三“3.其他”行重复出现"));
    }

    #[test]
    fn template_rows_headers_and_groups_are_not_flagged() {
        for fixture in [rows(), cells(), rows().v2019(), cells().v2019()] {
            assert!(fixture.flags(CODE).is_empty(), "{fixture:?}");
        }
        // A reworded row is placed (label-mismatch), not extra.
        let fixture = rows().replace("2.没有现成信息需要另行制作", "2.没有现成信息需另行制作的");
        assert!(fixture.flags(CODE).is_empty());
    }

    #[test]
    fn a_2019_report_is_only_told() {
        let fixture = rows().v2019().year(2019).replace(
            "行政强制\t0\t0\t0\n",
            "行政强制\t0\t0\t0\n行政征收\t0\t0\t0\n",
        );
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].severity, Severity::Info);
    }
}
