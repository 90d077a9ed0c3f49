//! 2019 表二: fewer documents published in total than were newly published this year.
//!
//! 2019年版表二：对外公开总数量少于本年新公开数量。
//!
//! ## What it checks
//! In the 2019 template's 表二 block 第二十条第（一）项, for each of the rows 规章 and
//! 规范性文件: 对外公开总数量 ≥ 本年新公开数量. The total published includes this year's new
//! publications, so it cannot be smaller. Only rows with their three values, all readable
//! integers, are checked, and only when the tables' markers show the 2019 template (the 2021
//! columns count other things: `table2-issued-vs-valid`).
//!
//! ## 检查内容
//! 在2019年版模板表二「第二十条第（一）项」中，对「规章」和「规范性文件」两行分别检查：对外公开总数
//! 量 ≥ 本年新公开数量。对外公开总数量包含本年新公开的文件，不可能更少。只检查三个数值齐全、都是可
//! 读整数的行，且只在表格标记显示为2019年版模板时检查（2021年版各列统计的是别的内容，见
//! `table2-issued-vs-valid`）。
//!
//! ## Why it matters
//! A total below its own part is arithmetic that cannot be true: a column was swapped, or the
//! total was left at last year's figure.
//!
//! ## 为何重要
//! 总数小于其中的一部分，在算术上不可能成立：要么两列对调了，要么总数沿用了上年的数字。
//!
//! ## Authority
//! 国办公开办函〔2019〕60号 (表二 （一）'s three columns); rules.md A3.
//!
//! ## 依据
//! 国办公开办函〔2019〕60号（表二「（一）」的三列）；rules.md A3。
//!
//! ## Flagged
//! ```text
//! 信息内容	本年新制作数量	本年新公开数量	对外公开总数量
//! 规范性文件	4	4	2
//! ```
//!
//! ## Accepted
//! ```text
//! 信息内容	本年新制作数量	本年新公开数量	对外公开总数量
//! 规范性文件	4	4	15
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::i18n::Lang;
use crate::report::tables::identities::Identity;
use crate::report::{Report, TableKind};
use crate::rules::identity::report_failures;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct Table2PublishedTotal;

impl Rule for Table2PublishedTotal {
    crate::rule_meta!(
        "table2-published-total",
        Identities,
        Error,
        "表二对外公开总数量小于本年新公开数量",
        "Table 2: total published below this year's new publications"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        report_failures(
            report,
            Identity::Table2PublishedTotal,
            findings,
            |equation, anchor| {
                let ([published], [total]) = (&equation.left[..], &equation.right[..]) else {
                    return None;
                };
                let (published, total) = (published.value, total.value);
                let message = TotalBelowNew {
                    row: equation.scope,
                    published,
                    total,
                };
                Some(
                    Finding::at_scope(equation, anchor, message)
                        .evidence("row", equation.scope)
                        .evidence("published", published)
                        .evidence("total", total)
                        .key(format!("{published}|{total}")),
                )
            },
        );
    }
}

/// A 表二 row whose total published is below this year's new publications.
#[derive(Debug)]
struct TotalBelowNew {
    /// The row's template label.
    row: &'static str,
    published: i64,
    total: i64,
}

impl Message for TotalBelowNew {
    fn message(&self, lang: Lang) -> String {
        let TotalBelowNew {
            published, total, ..
        } = self;
        let row = TableKind::Table2.row_label_name(self.row, lang);
        match lang {
            Lang::Zh => format!(
                "{row}：对外公开总数量 {total} 小于本年新公开数量 {published}（总数包含本年新公开的文件，应不小于后者）"
            ),
            Lang::En => format!(
                "{row}: total published {total} is below newly published this year \
                 {published} (the total includes this year's new publications)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "table2-published-total";

    #[test]
    fn a_total_below_the_new_publications_is_flagged() {
        for fixture in [rows().v2019(), cells().v2019()] {
            let fixture = fixture.row("t2.normative", &["4", "4", "2"]);
            let flags = fixture.flags(CODE);
            assert_eq!(flags.len(), 1, "{flags:?}");
            assert_eq!(
                flags[0].message.get(Lang::Zh),
                "表二“规范性文件”行：对外公开总数量 2 小于本年新公开数量 4（总数包含本年新公开的文件，应不小于后者）"
            );
            assert_eq!(flags[0].evidence["total"], 2);
            assert_eq!(flags[0].evidence["table"], "t2");
            assert_eq!(
                crate::export::row::place(&flags[0].evidence, None, crate::i18n::Lang::Zh),
                "表二 “规范性文件”行"
            );
        }
    }

    #[test]
    fn plausible_unreadable_and_2021_rows_are_not_flagged() {
        for values in [
            ["4", "4", "15"],
            ["1", "0", "0"],
            ["0", "0", "0"],
            ["4", "4", "-"],
        ] {
            let fixture = rows().v2019().row("t2.regulations", &values);
            assert!(fixture.flags(CODE).is_empty(), "{values:?}");
        }
        // A negative 本年增/减 (allowed in 2019) is in another block.
        let fixture = rows().v2019().row("t2.permits", &["12", "-3", "4"]);
        assert!(fixture.flags(CODE).is_empty());
        let fixture = rows().row("t2.normative", &["4", "4", "2"]);
        assert!(fixture.flags(CODE).is_empty());
    }
}
