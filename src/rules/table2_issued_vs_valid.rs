//! 2021 表二: more documents issued this year than are in force or were repealed.
//!
//! 2021年版表二：本年制发的文件多于现行有效与本年废止之和。
//!
//! ## What it checks
//! In the 2021 template's 表二 block 第二十条第（一）项, for each of the rows 规章 and
//! 行政规范性文件: 本年制发件数 ≤ 现行有效件数 + 本年废止件数. A document issued this year is
//! either still in force at the end of the year or was repealed within it, so the documents in
//! force and those repealed cannot together be fewer than those issued. Only rows with their
//! three values, all readable integers, are checked, and only when the tables' markers show the
//! 2021 template (the 2019 columns count other things: `table2-published-total`).
//!
//! ## 检查内容
//! 在2021年版模板表二「第二十条第（一）项」中，对「规章」和「行政规范性文件」两行分别检查：本年制发
//! 件数 ≤ 现行有效件数 + 本年废止件数。本年制发的文件，年末要么仍然有效，要么已在年内废止，因此现行
//! 有效与本年废止之和不可能少于本年制发数。只检查三个数值齐全、都是可读整数的行，且只在表格标记显示
//! 为2021年版模板时检查（2019年版各列统计的是别的内容，见 `table2-published-total`）。
//!
//! ## Why it matters
//! The inequality is the one plausibility check the template allows inside 表二. A failure
//! means a column was mixed up (制发 and 现行有效 swapped) or 现行有效件数 was left at 0 or at
//! last year's figure.
//!
//! ## 为何重要
//! 这个不等式是模板在表二内部唯一可做的合理性核对。不成立，说明某一列填错了位置（制发与现行有效对
//! 调），或现行有效件数填了0或沿用了上年的数字。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 (表二 （一）'s three columns); rules.md A2.2 (plausibility check).
//!
//! ## 依据
//! 国办公开办函〔2021〕30号（表二「（一）」的三列）；rules.md A2.2（合理性核对）。
//!
//! ## Flagged
//! ```text
//! 信息内容	本年制发件数	本年废止件数	现行有效件数
//! 行政规范性文件	5	0	3
//! ```
//!
//! ## Accepted
//! ```text
//! 信息内容	本年制发件数	本年废止件数	现行有效件数
//! 行政规范性文件	8	26	66
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::i18n::Lang;
use crate::report::tables::identities::Identity;
use crate::report::{Report, TableKind};
use crate::rules::identity::report_failures;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct Table2IssuedVsValid;

impl Rule for Table2IssuedVsValid {
    crate::rule_meta!(
        "table2-issued-vs-valid",
        Identities,
        Warning,
        "表二本年制发件数多于现行有效与废止之和",
        "Table 2: more issued than in force plus repealed"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        report_failures(
            report,
            Identity::Table2IssuedVsValid,
            findings,
            |equation, anchor| {
                let ([valid, repealed], [issued]) = (&equation.left[..], &equation.right[..])
                else {
                    return None;
                };
                let (issued, repealed, valid) = (issued.value, repealed.value, valid.value);
                let message = IssuedAboveInForce {
                    row: equation.scope,
                    issued,
                    repealed,
                    valid,
                };
                Some(
                    Finding::at_scope(equation, anchor, message)
                        .evidence("row", equation.scope)
                        .evidence("issued", issued)
                        .evidence("repealed", repealed)
                        .evidence("valid", valid)
                        .key(format!("{issued}|{repealed}|{valid}")),
                )
            },
        );
    }
}

/// A 表二 row with more documents issued this year than in force plus repealed.
#[derive(Debug)]
struct IssuedAboveInForce {
    /// The row's template label.
    row: &'static str,
    issued: i64,
    repealed: i64,
    valid: i64,
}

impl Message for IssuedAboveInForce {
    fn message(&self, lang: Lang) -> String {
        let IssuedAboveInForce {
            issued,
            repealed,
            valid,
            ..
        } = self;
        let row = TableKind::Table2.row_label_name(self.row, lang);
        let bound = i128::from(*valid) + i128::from(*repealed);
        match lang {
            Lang::Zh => format!(
                "{row}：本年制发件数 {issued} 大于现行有效件数 {valid} + 本年废止件数 \
                 {repealed} = {bound}（本年制发的文件年末应现行有效或已于本年废止）"
            ),
            Lang::En => format!(
                "{row}: issued this year {issued} exceeds in force {valid} + repealed this \
                 year {repealed} = {bound} (a document issued this year is in force at \
                 year end or was repealed within it)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "table2-issued-vs-valid";

    #[test]
    fn more_issued_than_valid_and_repealed_is_flagged() {
        for fixture in [rows(), cells()] {
            let fixture = fixture.row("t2.normative", &["5", "0", "3"]);
            let flags = fixture.flags(CODE);
            assert_eq!(flags.len(), 1, "{flags:?}");
            assert_eq!(
                flags[0].message.get(Lang::Zh),
                "表二“行政规范性文件”行：本年制发件数 5 大于现行有效件数 3 + 本年废止件数 0 = 3\
                 （本年制发的文件年末应现行有效或已于本年废止）"
            );
            assert_eq!(flags[0].evidence["issued"], 5);
        }
    }

    #[test]
    fn plausible_unreadable_and_2019_rows_are_not_flagged() {
        for values in [
            ["8", "26", "66"],
            ["1", "1", "0"],
            ["0", "0", "0"],
            ["5", "", "3"],
        ] {
            let fixture = rows().row("t2.regulations", &values);
            assert!(fixture.flags(CODE).is_empty(), "{values:?}");
        }
        assert!(rows()
            .row("t2.normative", &["5", "3"])
            .flags(CODE)
            .is_empty());
        // 2019 columns: 新制作 5, 新公开 0, 对外公开总数 3 is another matter.
        let fixture = rows().v2019().row("t2.normative", &["5", "0", "3"]);
        assert!(fixture.flags(CODE).is_empty());
    }
}
