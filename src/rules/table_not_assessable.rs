//! Table identities that could not be checked.
//!
//! 无法核对的表格勾稽关系。
//!
//! ## What it checks
//! The identities of 表三 (一 + 二 = （七）总计 + 四 and （七）总计 = the outcome rows, in each
//! column; 总计 = the six applicant columns, in each row) and of 表四 (维持 + 纠正 + 其他 +
//! 尚未审结 = 总计, in each group) are evaluated only where every cell involved is a readable
//! integer. Where a blank, a miscounted row, a non-numeric cell or a missing row prevents it,
//! this rule says so: one flag per table, naming the identities and the columns, rows or
//! groups that were not checked. It is an **info**: the cells themselves are flagged by their
//! own rules, and nothing here is reported as passing or failing.
//!
//! A table whose grid could not be matched onto the template with confidence (cells read as
//! rows; values that cannot be placed in their columns because the layout leaves no trace of a
//! blank cell) is reported once, with the reason, and none of its identities or cells is judged
//! by any rule.
//!
//! ## 检查内容
//! 表三的勾稽关系（每一列中「一」+「二」=「（七）总计」+「四」、「（七）总计」= 各办理结果行之和；
//! 每一行中总计 = 六个申请人列之和）和表四的勾稽关系（每组中维持 + 纠正 + 其他 + 尚未审结 = 总计
//! ），只在涉及的每个单元格都是可读整数时才计算。因空白、行的数值个数不对、非数字单元格或缺行而无法
//! 计算时，本规则予以说明：每张表标记一次，列出未核对的勾稽关系及其列、行或组。本规则为**提示**：有
//! 问题的单元格已由各自的规则标记，这里不报告任何核对通过或不通过。
//!
//! 表格的网格无法可靠地对应到模板时（单元格被读成了行；因版式未保留空白单元格的痕迹而无法把数值放入
//! 对应的列），本规则说明一次原因，任何规则都不再判断该表的勾稽关系和单元格。
//!
//! ## Why it matters
//! A clean report and a report whose arithmetic could not be checked must not look alike. A
//! supervisor needs to know which figures nobody has verified.
//!
//! ## 为何重要
//! 一份没有问题的报告和一份算术无法核对的报告不能看起来一样。上级需要知道哪些数字没有人核实过。
//!
//! ## Authority
//! rules.md Part B: 「A check never reports a pass it did not make.」 The identities: the corner
//! note of 表三 in 国办公开办函〔2021〕30号 and 〔2019〕60号.
//!
//! ## 依据
//! rules.md Part B：「检查没有做过，就不报告通过。」勾稽关系：国办公开办函〔2021〕30号、〔2019〕60
//! 号中表三的角注。
//!
//! ## Flagged
//! ```text
//! 三、本年度办理结果	(一) 予以公开
//! 	(三) 不予公开	1.属于国家秘密	0	0	0	0	0	0
//! ```
//!
//! ## Accepted
//! ```text
//! 三、本年度办理结果	(一) 予以公开	0	0	0	0	0	0	0
//! 	(三) 不予公开	1.属于国家秘密	0	0	0	0	0	0	0
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::tables::identities::{all_assessable, evaluate, Evaluation, Identity, Skipped};
use crate::report::tables::Doubt;
use crate::report::{Report, Table, TableKind};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct TableNotAssessable;

impl Rule for TableNotAssessable {
    crate::rule_meta!(
        "table-not-assessable",
        Cells,
        Info,
        "表格勾稽关系无法核验",
        "Table identities could not be checked"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        for table in TableKind::ALL.iter().filter_map(|k| report.table(*k)) {
            if !table.is_confident() {
                report_doubts(findings, table);
            }
        }
        for kind in [TableKind::Table3, TableKind::Table4] {
            let Some(table) = report.assessed(kind) else {
                continue;
            };
            if all_assessable(table) {
                continue;
            }
            let skipped: Vec<Skipped> = Identity::ALL
                .into_iter()
                .flat_map(|identity| evaluate(identity, table))
                .filter_map(|evaluation| match evaluation {
                    Evaluation::NotAssessable(skipped) => Some(skipped),
                    Evaluation::Evaluated(_) => None,
                })
                .collect();
            if skipped.is_empty() {
                continue;
            }
            report_table(findings, table, &skipped);
        }
    }
}

/// A table whose grid was not matched onto the template with confidence: one flag saying why;
/// none of its identities or cells is judged.
fn report_doubts(findings: &mut Findings<'_>, table: &Table) {
    let en: Vec<String> = table.doubts.iter().map(|d| d.en()).collect();
    let keys: Vec<&str> = table.doubts.iter().map(|d| d.key()).collect();
    let doubtful = NotAssessable::Doubtful {
        kind: table.kind,
        doubts: table.doubts.clone(),
    };
    findings.report(
        Finding::typed(Location::lines(table.first_line, table.last_line), doubtful)
            .evidence("table", table.kind.key())
            .evidence("layout", format!("{:?}", table.layout))
            .evidence("doubts", en)
            .key(table.kind.key())
            .key(keys.join(",")),
    );
}

fn report_table(findings: &mut Findings<'_>, table: &Table, skipped: &[Skipped]) {
    let mut parts = Vec::new();
    let mut evidence = serde_json::Map::new();
    let mut key = Vec::new();
    for identity in Identity::ALL {
        let scopes: Vec<&Skipped> = skipped.iter().filter(|s| s.identity == identity).collect();
        if scopes.is_empty() {
            continue;
        }
        let names: Vec<&str> = scopes.iter().map(|s| s.scope).collect();
        parts.push((identity, names.clone()));
        evidence.insert(identity.code().to_string(), names.clone().into());
        key.push(format!(
            "{}:{}",
            identity.code(),
            scopes
                .iter()
                .map(|s| s.scope_key)
                .collect::<Vec<_>>()
                .join(",")
        ));
    }
    let lines = skipped.iter().flat_map(|s| s.lines.iter().copied());
    let location = match (lines.clone().min(), lines.max()) {
        (Some(first), Some(last)) => Location::lines(first, last),
        _ => Location::lines(table.first_line, table.last_line),
    };
    findings.report(
        Finding::typed(
            location,
            NotAssessable::Skipped {
                kind: table.kind,
                identities: parts,
            },
        )
        .evidence("table", table.kind.key())
        .evidence("skipped", serde_json::Value::Object(evidence))
        .key(table.kind.key())
        .key(key.join(";")),
    );
}

/// Why a table's identities were not checked.
#[derive(Debug)]
enum NotAssessable {
    /// The table `kind` was not matched onto the template with confidence, for these reasons.
    Doubtful { kind: TableKind, doubts: Vec<Doubt> },
    /// These identities of the table `kind` were skipped in the scopes named (columns, rows or
    /// groups), for blank, miscounted, non-numeric or missing cells.
    Skipped {
        kind: TableKind,
        identities: Vec<(Identity, Vec<&'static str>)>,
    },
}

impl Message for NotAssessable {
    fn message(&self, lang: Lang) -> String {
        match self {
            NotAssessable::Doubtful { kind, doubts } => match lang {
                Lang::Zh => format!(
                    "{}未能可靠地对应到模板（{}），其勾稽关系和各单元格均未核验，请对照原件人工核对",
                    kind.name_zh(),
                    doubts.iter().map(Doubt::zh).collect::<Vec<_>>().join("；")
                ),
                Lang::En => format!(
                    "{} could not be matched onto the template with confidence ({}); none of its \
                     identities or cells was checked: compare it with the original by hand",
                    kind.name_en(),
                    doubts.iter().map(Doubt::en).collect::<Vec<_>>().join("; ")
                ),
            },
            NotAssessable::Skipped { kind, identities } => {
                let parts = identities.iter().map(|(identity, names)| {
                    let scopes = describe_scopes(*identity, names, lang);
                    match lang {
                        Lang::Zh => format!("{}（{scopes}）", identity.name_zh()),
                        Lang::En => format!("{} ({scopes})", identity.name_en()),
                    }
                });
                let parts: Vec<String> = parts.collect();
                match lang {
                    Lang::Zh => format!(
                        "{}有空白、个数不符、非数字或缺失的单元格，以下勾稽关系未能核验：{}",
                        kind.name_zh(),
                        parts.join("；")
                    ),
                    Lang::En => format!(
                        "{} has blank, miscounted, non-numeric or missing cells; these identities could \
                         not be checked: {}",
                        kind.name_en(),
                        parts.join("; ")
                    ),
                }
            }
        }
    }
}

/// The columns, rows or groups skipped, in words: every column is 「全部7列」, many rows are
/// 「“（一）予以公开”等13行」.
fn describe_scopes(identity: Identity, names: &[&str], lang: Lang) -> String {
    let first = names.first().copied().unwrap_or_default();
    let many = names.len();
    match (identity, lang) {
        (Identity::Table3Balance | Identity::Table3OutcomeSum, _)
            if many == crate::report::template::TABLE3_COLUMNS.len() =>
        {
            lang.pick("全部7列", "all 7 columns").to_string()
        }
        (Identity::Table3Balance | Identity::Table3OutcomeSum, Lang::Zh) => {
            format!("{}列", names.join("、"))
        }
        (Identity::Table3Balance | Identity::Table3OutcomeSum, Lang::En) => {
            format!("columns {}", names.join("、"))
        }
        (Identity::Table3RowTotal, Lang::Zh) if many > 1 => format!("“{first}”等{many}行"),
        (Identity::Table3RowTotal, Lang::En) if many > 1 => format!("{many} rows from “{first}”"),
        (Identity::Table3RowTotal, Lang::Zh) => format!("“{first}”行"),
        (Identity::Table3RowTotal, Lang::En) => format!("row “{first}”"),
        // 表二's identities are of rows a reader names one by one (表二 is not checked here:
        // its rules skip a row they cannot read).
        (
            Identity::Table4Total
            | Identity::Table2IssuedVsValid
            | Identity::Table2PublishedTotal
            | Identity::Table2Unpublished,
            _,
        ) => names.join("、"),
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, lines, rows};
    use crate::report::TableKind;

    const CODE: &str = "table-not-assessable";

    #[test]
    fn blank_and_short_rows_name_the_identities_skipped() {
        let fixture = rows()
            .row("t3.granted", &[])
            .row("t3.withheld.secret", &["0"; 6]);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        let zh = flags[0].message.get(Lang::Zh);
        assert!(zh.contains("（七）总计=各办理结果之和（全部7列）"), "{zh}");
        assert!(
            zh.contains("总计=各类申请人之和（“（一）予以公开”等2行）"),
            "{zh}"
        );
        assert!(!zh.contains("一+二"), "{zh}");
        assert_eq!(
            flags[0].location.line,
            Some(fixture.line_of("（一）予以公开"))
        );
        assert_eq!(
            flags[0].location.end_line,
            Some(fixture.line_of("1.属于国家秘密"))
        );
    }

    #[test]
    fn blank_columns_skip_those_columns_only() {
        let fixture = cells()
            .row("t3.new", &["26", "", "", "", "", "", "26"])
            .row(
                "t4.values",
                &[
                    "0", "0", "0", "0", "0", "x", "0", "0", "0", "0", "0", "0", "0", "0", "0",
                ],
            );
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 2);
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .contains("商业企业、科研机构、社会公益组织、法律服务机构、其他列"));
        assert!(flags[1].message.get(Lang::Zh).contains("未经复议直接起诉"));
    }

    #[test]
    fn values_that_cannot_be_placed_make_the_table_doubtful_and_nothing_else() {
        // One cell per line: the five blank 法人 cells of this row leave no trace, so its two
        // values fit no column layout.
        let fixture = lines().row("t3.new", &["26", "", "", "", "", "", "26"]);
        let report = fixture.report();
        let t3 = report.table3.as_ref().unwrap();
        assert!(!t3.is_confident());
        assert!(report.assessed(TableKind::Table3).is_none());
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .starts_with("表三未能可靠地对应到模板"));
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .contains("一、本年新收政府信息公开申请数量等1行"));
        for code in [
            "cell-count",
            "blank-cell",
            "table3-balance",
            "table3-row-total",
        ] {
            assert!(fixture.flags(code).is_empty(), "{code}");
        }
        // The same row in the row layout is a blank-cell error, not a doubt.
        let rows = rows().row("t3.new", &["26", "", "", "", "", "", "26"]);
        assert!(rows.report().table3.as_ref().unwrap().is_confident());
        assert_eq!(rows.flags("blank-cell").len(), 1);
    }

    #[test]
    fn cells_read_as_rows_make_the_table_doubtful() {
        // A converter that wrote every cell of a cell-layout table as a pipe row of its own.
        let text: String = cells()
            .text()
            .lines()
            .map(|l| match l.strip_prefix('\t') {
                Some(cell) => format!("| {cell} | |\n"),
                None => format!("{l}\n"),
            })
            .collect();
        let report = crate::report::parse::parse_text(&text, crate::ingest::SourceEncoding::Utf8);
        let t3 = report.table3.as_ref().unwrap();
        assert_eq!(t3.layout, crate::report::Layout::Pipes);
        assert!(matches!(
            t3.doubts.as_slice(),
            [crate::report::tables::Doubt::UnlabelledValues { rows }] if *rows > 100
        ));
        let flags = crate::rules::run(&report, &Default::default());
        let flooded: Vec<_> = flags
            .iter()
            .filter(|f| f.code == "table-row-extra" || f.code == "cell-count")
            .map(|f| f.message.get(Lang::Zh))
            .collect();
        assert!(flooded.is_empty(), "{flooded:?}");
    }

    #[test]
    fn readable_tables_and_absent_tables_are_not_flagged() {
        assert!(rows().flags(CODE).is_empty());
        assert!(cells().v2019().flags(CODE).is_empty());
        assert!(lines().flags(CODE).is_empty());
        assert!(rows().without(TableKind::Table3).flags(CODE).is_empty());
    }
}
