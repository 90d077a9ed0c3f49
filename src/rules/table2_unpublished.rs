//! 2019 表二: documents made this year, none of them published.
//!
//! 2019年版表二：本年制作了文件，却一件也没有公开。
//!
//! ## What it checks
//! In the 2019 template's 表二 block 第二十条第（一）项, for each of the rows 规章 and
//! 规范性文件: when 本年新制作数量 > 0 while both 本年新公开数量 and 对外公开总数量 are 0. Only
//! rows with their three values, all readable integers, are checked, and only when the tables'
//! markers show the 2019 template.
//!
//! ## 检查内容
//! 在2019年版模板表二「第二十条第（一）项」中，对「规章」和「规范性文件」两行分别检查：本年新制作数
//! 量大于0，而本年新公开数量和对外公开总数量都为0。只检查三个数值齐全、都是可读整数的行，且只在表格
//! 标记显示为2019年版模板时检查。
//!
//! ## Why it matters
//! 规章 and 规范性文件 are to be published (《条例》第十九条、第二十条（一）): a document made but
//! never published, with nothing published at all, is either a disclosure failure or, more
//! often, a figure entered in the wrong column. Either way a person should look.
//!
//! ## 为何重要
//! 规章和规范性文件应当公开（《条例》第十九条、第二十条第（一）项）：制作了文件却从未公开、而且什么
//! 都没有公开，要么是未履行公开义务，要么（更常见）是数字填错了列。无论哪种，都需要人工查看。
//!
//! ## Authority
//! 《政府信息公开条例》第二十条第（一）项; 国办公开办函〔2019〕60号 (表二 （一）'s columns).
//!
//! ## 依据
//! 《政府信息公开条例》第二十条第（一）项；国办公开办函〔2019〕60号（表二「（一）」的各列）。
//!
//! ## Flagged
//! ```text
//! 信息内容	本年新制作数量	本年新公开数量	对外公开总数量
//! 规范性文件	1	0	0
//! ```
//!
//! ## Accepted
//! ```text
//! 信息内容	本年新制作数量	本年新公开数量	对外公开总数量
//! 规范性文件	1	1	1
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::i18n::Lang;
use crate::report::tables::identities::Identity;
use crate::report::{Report, TableKind};
use crate::rules::identity::report_failures;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct Table2Unpublished;

impl Rule for Table2Unpublished {
    crate::rule_meta!(
        "table2-unpublished",
        Identities,
        Warning,
        "表二新制作文件均未公开",
        "Table 2: documents made, none published"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        report_failures(
            report,
            Identity::Table2Unpublished,
            findings,
            |equation, anchor| {
                let ([published, total], [made]) = (&equation.left[..], &equation.right[..]) else {
                    return None;
                };
                let message = MadeNonePublished {
                    row: equation.scope,
                    made: made.value,
                };
                Some(
                    Finding::at_scope(equation, anchor, message)
                        .evidence("row", equation.scope)
                        .evidence("made", made.value)
                        .evidence("published", published.value)
                        .evidence("total", total.value)
                        .key(made.value.to_string()),
                )
            },
        );
    }
}

/// A 表二 row with documents made this year and none published.
#[derive(Debug)]
struct MadeNonePublished {
    /// The row's template label.
    row: &'static str,
    made: i64,
}

impl Message for MadeNonePublished {
    fn message(&self, lang: Lang) -> String {
        let made = self.made;
        let row = TableKind::Table2.row_label_name(self.row, lang);
        match lang {
            Lang::Zh => format!(
                "{row}：本年新制作数量为 {made}，但本年新公开数量和对外公开总数量均为 0（制作的文件未公开，或数字填错了列）"
            ),
            Lang::En => format!(
                "{row}: {made} made this year, but newly published and total published are \
                 both 0 (the documents were not published, or the figure is in the wrong \
                 column)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "table2-unpublished";

    #[test]
    fn made_but_nothing_published_is_flagged() {
        for fixture in [rows().v2019(), cells().v2019()] {
            let fixture = fixture.row("t2.normative", &["1", "0", "0"]);
            let flags = fixture.flags(CODE);
            assert_eq!(flags.len(), 1, "{flags:?}");
            assert_eq!(
                flags[0].message.get(Lang::Zh),
                "表二“规范性文件”行：本年新制作数量为 1，但本年新公开数量和对外公开总数量均为 0（制作的文件未公开，或数字填错了列）"
            );
            assert_eq!(flags[0].location.line, Some(fixture.line_of("\t1")));
        }
    }

    #[test]
    fn published_blank_negative_and_2021_rows_are_not_flagged() {
        for values in [
            ["1", "1", "1"],
            ["1", "0", "5"],
            ["0", "0", "0"],
            ["1", "", "0"],
        ] {
            let fixture = rows().v2019().row("t2.normative", &values);
            assert!(fixture.flags(CODE).is_empty(), "{values:?}");
        }
        let fixture = cells().v2019().row("t2.penalties", &["29", "-4", "0"]);
        assert!(fixture.flags(CODE).is_empty());
        let fixture = rows().row("t2.normative", &["1", "0", "0"]);
        assert!(fixture.flags(CODE).is_empty());
    }
}
