//! Applications dropped for an unpaid fee notice, in a report that says no fee notice was issued.
//!
//! 报告称未发出收费通知，却有因逾期未缴费而不再处理的申请。
//!
//! ## What it checks
//! In the 2021 template, 表三 （六）其他处理 2 「申请人逾期未按收费通知要求缴纳费用、行政机关不再
//! 处理其政府信息公开申请」 counts applications dropped because a fee notice went unpaid. When
//! its 总计 is above 0, fee notices were issued, so the text must not say that none was
//! (「本年度未发出收费通知」, 「未向申请人发出收费通知」, 「发出收费通知0件」). The flag points at
//! that sentence.
//!
//! Not a conflict: 「未收取信息处理费」 (the applicant who did not pay paid nothing), and 表二
//! （八） 行政事业性收费, which is not the 信息处理费 (rules.md B10, trap 1). A 2019-template
//! report has no such row; a blank or unreadable cell is not read.
//!
//! ## 检查内容
//! 2021年版模板表三「（六）其他处理」第2项「申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其
//! 政府信息公开申请」，统计的是因未缴纳收费通知所列费用而不再处理的申请。其总计大于0，说明发出过收
//! 费通知，正文就不应称没有发出（「本年度未发出收费通知」「未向申请人发出收费通知」「发出收费通知0
//! 件」）。标记指向该句。
//!
//! 以下不算矛盾：「未收取信息处理费」（未缴费的申请人确实没有付费）；表二「（八）行政事业性收费」，
//! 它不是信息处理费（rules.md B10，陷阱1）。2019年版模板的报告没有该行；单元格空白或无法读取时不作
//! 判断。
//!
//! ## Why it matters
//! The 信息处理费 is charged under 国办函〔2020〕109号 by a written notice; the table and the
//! text then report two different years' practice, and one of them is wrong.
//!
//! ## 为何重要
//! 信息处理费依据国办函〔2020〕109号以书面收费通知收取；表格和正文说的是两种不同的做法，其中必有一
//! 处是错的。
//!
//! ## Authority
//! 国办函〔2020〕109号 《政府信息公开信息处理费管理办法》; 国办公开办函〔2021〕30号 (表三
//! （六）2 and 六).
//!
//! ## 依据
//! 国办函〔2020〕109号《政府信息公开信息处理费管理办法》；国办公开办函〔2021〕30号（表三「（六）」
//! 第2项及第六部分）。
//!
//! ## Flagged
//! ```text
//! 2.申请人逾期未按收费通知要求缴纳费用…	1	0	0	0	0	0	1
//! 六、其他需要报告的事项
//! 本年度未收取信息处理费，未发出收费通知。
//! ```
//!
//! ## Accepted
//! ```text
//! 2.申请人逾期未按收费通知要求缴纳费用…	1	0	0	0	0	0	1
//! 六、其他需要报告的事项
//! 本年度向申请人发出收费通知1件，申请人逾期未缴纳，未收取信息处理费。
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::tables::CellName;
use crate::report::{Report, TableKind};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct FeeConflict;

/// 表三 （六）2's 总计 column.
const TOTAL: usize = 6;

impl Rule for FeeConflict {
    crate::rule_meta!(
        "fee-conflict",
        TextVsTables,
        Error,
        "收费情况与表三矛盾",
        "Fee statement contradicts Table 3"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(table) = report.assessed(TableKind::Table3) else {
            return;
        };
        let Some(row) = table.row("t3.other.unpaid-fee") else {
            return;
        };
        let Some(dropped) = row.int(TOTAL) else {
            return;
        };
        if dropped <= 0 {
            return;
        }
        let cell = table.cell_name(row, TOTAL);
        for denial in &report.narrative().fee_notice_denials {
            findings.report(
                Finding::typed(
                    Location::span(denial.line, denial.column, denial.len),
                    NoticesIssued {
                        denial: denial.text.to_string(),
                        cell,
                        dropped,
                    },
                )
                .evidence("text", denial.text.to_string())
                .evidence("table_value", dropped)
                .evidence("table", TableKind::Table3.key())
                .evidence("row", row.spec.id)
                .evidence("table_cell", cell.name(Lang::Zh))
                .key(denial.text.to_string())
                .key(dropped.to_string()),
            );
        }
    }
}

/// The text denies issuing fee notices, yet 表三 counts applications dropped for an unpaid one.
#[derive(Debug)]
struct NoticesIssued {
    /// The denial, as written.
    denial: String,
    /// 表三 （六）2's 总计 cell, and its value.
    cell: CellName,
    dropped: i64,
}

impl Message for NoticesIssued {
    fn message(&self, lang: Lang) -> String {
        let (denial, cell, dropped) = (&self.denial, self.cell.name(lang), self.dropped);
        match lang {
            Lang::Zh => format!(
                "正文称「{denial}」，但{cell}为 {dropped}：有申请因逾期未按收费通知缴费而不再处理，说明发出过收费通知"
            ),
            Lang::En => format!(
                "the text says 「{denial}」, but {cell} holds {dropped}: applications dropped for an unpaid fee notice mean fee notices were issued"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::report::tables::fixtures::rows;

    const CODE: &str = "fee-conflict";
    const FEE: &str = "本年度未收取信息处理费。";
    const DROPPED: &[&str] = &["1", "0", "0", "0", "0", "0", "1"];

    fn unpaid() -> crate::report::tables::fixtures::Fixture {
        rows()
            .row("t3.new", DROPPED)
            .row("t3.other.unpaid-fee", DROPPED)
            .row("t3.total", DROPPED)
    }

    #[test]
    fn no_fee_notice_against_dropped_applications_is_flagged() {
        let fixture = unpaid().replace(FEE, "本年度未收取信息处理费，未发出收费通知。");
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(
            flags[0].location.line,
            Some(fixture.line_of("未发出收费通知"))
        );
        assert_eq!(flags[0].evidence["table_value"], 1);
        let fixture = unpaid().replace(FEE, "本年度发出收费通知0件。");
        assert_eq!(fixture.flags(CODE).len(), 1);
    }

    #[test]
    fn no_fee_collected_is_consistent_with_an_unpaid_notice() {
        assert!(unpaid().flags(CODE).is_empty());
        let fixture = unpaid().replace(
            FEE,
            "本年度向申请人发出收费通知1件，申请人逾期未按收费通知要求缴纳费用，未收取信息处理费。",
        );
        assert!(fixture.flags(CODE).is_empty());
    }

    #[test]
    fn table2_fees_are_not_the_information_processing_fee() {
        let fixture = rows()
            .row("t2.fees", &["40.51"])
            .replace(FEE, "本年度未收取信息处理费，未发出收费通知。");
        assert!(fixture.flags(CODE).is_empty());
    }
}
