//! Text that holds nothing of an annual report.
//!
//! 文本中没有任何年度报告的内容。
//!
//! ## What it checks
//! The file was read, but the parser found no report title (a line with 年度报告), no section
//! heading of the template (一、总体情况 … 六、其他需要报告的事项) and none of 表二, 表三 or
//! 表四. Such a file is something else: a meeting notice, a cover letter, a list of documents
//! that landed in the inbox. The other rules are not run on it.
//!
//! ## 检查内容
//! 文件已读取，但解析器既没有找到报告标题（含「年度报告」的一行），也没有找到模板的章节标题（一、总
//! 体情况……六、其他需要报告的事项），也没有找到表二、表三、表四中的任何一张。这样的文件是别的东西：
//! 会议通知、报送函、文件清单，误放进了收件箱。其他规则不对它运行。
//!
//! ## Why it matters
//! A supervisor counting the reports received must not count a notice as one; and the agency
//! that sent it has, as far as the inbox can tell, not sent its report.
//!
//! ## 为何重要
//! 统计收到的报告时，不能把一份通知算作报告；而就收件箱所见，发来这份文件的机关并没有报送它的报告。
//!
//! ## Authority
//! 《政府信息公开条例》第四十九条, 第五十条 (what a report must contain);
//! 国办公开办函〔2021〕30号 (the report's format).
//!
//! ## 依据
//! 《政府信息公开条例》第四十九条、第五十条（报告应包含的内容）；国办公开办函〔2021〕30号（报告的格
//! 式）。
//!
//! ## Flagged
//! ```text
//! 关于召开2024年全县政务公开工作会议的通知
//! 各乡镇人民政府，县直各单位：经研究，定于3月5日召开全县政务公开工作会议……
//! ```
//!
//! ## Accepted
//! ```text
//! 某县司法局2023年政府信息公开工作年度报告
//! 一、总体情况
//! ……
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct NotAReport;

impl Rule for NotAReport {
    crate::rule_meta!(
        "not-a-report",
        Reading,
        Error,
        "不是政府信息公开工作年度报告",
        "Not an annual disclosure report"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        if report.read_failure.is_some() {
            return;
        }
        if report.looks_like_report() {
            return;
        }
        let lines = report.doc.line_count();
        findings.report(
            Finding::typed(Location::WHOLE, NoReportParts { lines }).evidence("lines", lines),
        );
    }
}

/// A file read whole, of `lines` lines, with nothing of a report in it.
#[derive(Debug)]
struct NoReportParts {
    lines: u32,
}

impl Message for NoReportParts {
    fn message(&self, lang: Lang) -> String {
        let lines = self.lines;
        match lang {
            Lang::Zh => format!(
                "文件可以读取（{lines} 行），但未找到年度报告的标题、章节标题或统计表格，不像政府信息公开工作年度报告"
            ),
            Lang::En => format!(
                "the file was read ({lines} lines) but holds no report title, section heading or table: it does not look like an annual disclosure report"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::Flag;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::report::Report;
    use crate::rules::{run, RuleSelection};

    fn flags_of(report: &Report, code: &str) -> Vec<Flag> {
        let selection = RuleSelection {
            selected: vec![code.to_string()],
            ..RuleSelection::default()
        };
        run(report, &selection)
    }

    #[test]
    fn a_meeting_notice_is_not_a_report() {
        let report = parse_text(
            "关于召开2024年全县政务公开工作会议的通知\n各乡镇人民政府：经研究，定于3月5日召开会议。",
            SourceEncoding::Utf8,
        );
        let flags = flags_of(&report, "not-a-report");
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].location.line, None);
    }

    #[test]
    fn a_report_with_headings_is_a_report() {
        let report = parse_text(
            "一、总体情况\n本年度……\n二、主动公开政府信息情况",
            SourceEncoding::Utf8,
        );
        assert!(flags_of(&report, "not-a-report").is_empty());
    }
}
