//! The table parser and rules never panic, whatever the text: random mixes of table labels,
//! numbers, tabs, blank lines, full-width characters, bookmarks and stray bytes of text.

use nianbao::ingest::SourceEncoding;
use nianbao::report::parse::parse_text;
use nianbao::rules::{self, RuleSelection};
use proptest::prelude::*;

/// Pieces that make up the tables of real reports, and a few that break them.
const PIECES: &[&str] = &[
    "\t",
    "\t\t",
    "\n",
    "\n\n",
    " ",
    "\u{3000}",
    "0",
    "１２",
    "-3",
    "40.51",
    "2.5",
    "-",
    "无",
    "251000元",
    "未统计",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "第二十条第（一）项",
    "第二十条第（九）项",
    "信息内容",
    "本年制发件数",
    "本年新制作数量",
    "规章",
    "行政规范性文件",
    "规范性文件",
    "行政事业性收费",
    "（本列数据的勾稽关系为：第一项加第二项之和，",
    "等于第三项加第四项之和）",
    "申请人情况",
    "自然人",
    "社会组织",
    "总计",
    "一、本年新收政府信息公开申请数量",
    "三、本年度办理结果",
    "(一) 予以公开",
    "（六）其他处理",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
    "行政复议",
    "行政诉讼",
    "结果",
    "维持",
    "[bookmark: _Hlk66973412]",
    "[bookmark:",
    "。",
    "é",
    "\r\n",
];

fn report_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..400).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parsing_and_checking_never_panic(text in report_text()) {
        let report = parse_text(&text, SourceEncoding::Utf8);
        let _ = rules::run(&report, &RuleSelection::default());
        for table in [&report.table2, &report.table3, &report.table4].into_iter().flatten() {
            prop_assert!(table.first_line <= table.last_line);
            for row in &table.rows {
                prop_assert!(row.line <= row.last_line);
                for cell in &row.cells {
                    prop_assert!(cell.line >= 1 && cell.column >= 1);
                }
            }
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "[\\PC\t\n]{0,300}") {
        let report = parse_text(&text, SourceEncoding::Utf8);
        let _ = rules::run(&report, &RuleSelection::default());
    }
}
