//! 表三 without its corner note on the 勾稽关系.
//!
//! 表三缺少关于勾稽关系的角注。
//!
//! ## What it checks
//! 表三's header carries, in its corner cell, the template's note 「（本列数据的勾稽关系为：第一项
//! 加第二项之和，等于第三项加第四项之和）」. The note counts as present when a header cell of 表三
//! holds it or a part of it (「勾稽关系」 or 「钩稽关系」, 「本列数据」, 「第一项加第二项」,
//! 「第三项加第四项」), in either layout, wrapped or not: a reworded note is still the note. Only a 表三 that was found is
//! looked at (a missing table is `table-missing`'s). Whether the identity itself holds is
//! `table3-balance`'s.
//!
//! ## 检查内容
//! 表三表头的角注单元格中，应有模板的说明「（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加
//! 第四项之和）」。表三的某个表头单元格含有这段说明或其一部分（「勾稽关系」或「钩稽关系」「本列数
//! 据」「第一项加第二项」「第三项加第四项」），即视为有角注，不论版式、是否折行：措辞改过的说明仍然
//! 是角注。只检查找到了的表三（缺表归 `table-missing`）。勾稽关系本身是否成立，由 `table3-balance`
//! 判断。
//!
//! ## Why it matters
//! The note is the template's own statement of how the table must add up, in every column. A
//! table without it was usually rebuilt by hand rather than taken from the template, and other
//! parts of it may have drifted too.
//!
//! ## 为何重要
//! 角注是模板自己说明该表每一列应当如何相加的文字。没有角注的表格通常是手工重做的，而不是取自模板，
//! 表格的其他部分也可能走了样。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号, 表三's corner cell.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号，表三的角注单元格。
//!
//! ## Flagged
//! ```text
//! 三、收到和处理政府信息公开申请情况
//! 	申请人情况
//! 	自然人	法人或其他组织	总计
//! ```
//!
//! ## Accepted
//! ```text
//! 三、收到和处理政府信息公开申请情况
//! （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）	申请人情况
//! 	自然人	法人或其他组织	总计
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::template::TABLE3_NOTE;
use crate::report::{Report, TableKind};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct Table3NoteMissing;

impl Rule for Table3NoteMissing {
    crate::rule_meta!(
        "table3-note-missing",
        Identities,
        Info,
        "表三缺少勾稽关系说明",
        "Table 3 without its note on the identity"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(table) = report.table(TableKind::Table3) else {
            return;
        };
        if table.has_corner_note {
            return;
        }
        findings.report(
            Finding::typed(Location::line(table.first_line), NoNote)
                .evidence("table", table.kind.key())
                .evidence("expected", TABLE3_NOTE)
                .key(table.kind.key()),
        );
    }
}

/// 表三's header without the template's note on its identity.
#[derive(Debug)]
struct NoNote;

impl Message for NoNote {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("表三表头缺少模板的勾稽关系说明“{TABLE3_NOTE}”"),
            Lang::En => format!(
                "Table 3's header lacks the template's note on its identity “{TABLE3_NOTE}” \
                 (each column: new + carried in = handled total + carried over)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};
    use crate::report::template::TABLE3_NOTE;

    const CODE: &str = "table3-note-missing";

    #[test]
    fn a_header_without_the_note_is_told() {
        for fixture in [rows(), cells().v2019()] {
            let fixture = fixture.replace(TABLE3_NOTE, "");
            let flags = fixture.flags(CODE);
            assert_eq!(flags.len(), 1, "{flags:?}");
            assert_eq!(flags[0].severity, crate::flag::Severity::Info);
            assert!(flags[0].message.get(Lang::Zh).contains("勾稽关系说明"));
        }
    }

    #[test]
    fn the_note_in_any_width_or_wrapped_is_present() {
        for fixture in [rows(), cells(), rows().v2019()] {
            assert!(fixture.flags(CODE).is_empty());
        }
        let fixture = rows().replace(
            TABLE3_NOTE,
            "(本列数据的勾稽关系为:第一项加第二项之和, 等于第三项加第四项之和)",
        );
        assert!(fixture.flags(CODE).is_empty());
        let fixture = cells().replace(
            TABLE3_NOTE,
            "（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）",
        );
        assert!(fixture.flags(CODE).is_empty());
        let fixture = rows().replace("勾稽关系", "钩稽关系");
        assert!(fixture.flags(CODE).is_empty());
        let fixture = rows().without(crate::report::TableKind::Table3);
        assert!(fixture.flags(CODE).is_empty());
    }
}
