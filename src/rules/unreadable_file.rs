//! A file that could not be read or decoded as a report.
//!
//! 文件无法作为报告读取或解码。
//!
//! ## What it checks
//! Every file the check was given or found could be read: decoded as text, or read as the Word
//! file, web page or spreadsheet it is. A file that is empty or blank, binary (a PNG, PDF, DOCX
//! or DOC renamed `.txt`, NUL bytes, control characters), over the size limit, not decodable as
//! UTF-8, UTF-16 or GB18030, unreadable (permissions, an I/O error, a path too long to open),
//! gone between the walk and the read, not a regular file (a FIFO, a device), a link that leads
//! out of the folder checked, or a folder link that leads back into itself gets this one flag,
//! with the reason. So does a report in a format that is not read (.doc, .wps, .ofd,
//! .pdf, an image, an archive: the message says what to send instead, 「请提供 .docx 或 .pdf
//! 格式」), and a .docx, .html or .xlsx that is damaged or hostile (not a zip, a zip bomb,
//! malformed XML or an undefined entity, tables or nesting beyond any real report). The report
//! still appears in the list; no other rule runs on it.
//!
//! ## 检查内容
//! 检查所给或找到的每个文件都能读取：解码为文本，或按其本身的格式读取为 Word 文件、网页或电子表格。文件为空或只有空白、是二进制文件（改名为 `.txt` 的
//! PNG、PDF、DOCX或DOC，含NUL字节或控制字符）、超过大小限制、无法按UTF-8、UTF-16或GB18030解码、无法
//! 读取（权限、输入输出错误、路径过长）、在遍历和读取之间被删除、不是普通文件（管道、设备）、是指向
//! 所检查文件夹之外的链接，或是指回自身的文件夹链接的，标记这一条，并写明原因。未读取的格式（.doc、
//! .wps、.ofd、.pdf、图片、压缩包）同样标记这一条，提示应改交何种格式（「请提供 .docx 或 .pdf 格
//! 式」）；损坏或恶意构造的 .docx、.html、.xlsx（不是 zip、zip 炸弹、格式错误的 XML 或未定义的实体、
//! 超出任何真实报告的表格或嵌套）也是如此。该报告仍列在清单中；其他规则不对它运行。
//!
//! ## Why it matters
//! A report that cannot be read cannot be audited, and an audit that skipped it silently would
//! report the inbox as clean. 《政府信息公开条例》第五十条 requires a report the public can read;
//! a scanned image or a container renamed `.txt` is not one.
//!
//! ## 为何重要
//! 无法读取的报告就无法审核，而悄悄跳过它的审核会把收件箱报告为没有问题。《政府信息公开条例》第五十
//! 条要求公众能够阅读报告；扫描图片或改名为 `.txt` 的容器文件都不是。
//!
//! ## Authority
//! 《政府信息公开条例》第四十九条、第五十条; S6: 格式规范.
//!
//! ## 依据
//! 《政府信息公开条例》第四十九条、第五十条；S6：格式规范。
//!
//! ## Flagged
//! ```text
//! 2023年报告.txt: ‰PNG␍␊␚␊ … (a PNG image renamed .txt)
//! 2023年报告.doc (a Word 97-2003 file: 请提供 .docx 或 .pdf 格式)
//! ```
//!
//! ## Accepted
//! ```text
//! 某县司法局2023年政府信息公开工作年度报告 (UTF-8, GB18030 or UTF-16 text)
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::ingest::ReadFailure;
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct UnreadableFile;

impl Rule for UnreadableFile {
    crate::rule_meta!(
        "unreadable-file",
        Reading,
        Error,
        "文件无法读取",
        "File cannot be read"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(failure) = &report.read_failure else {
            return;
        };
        findings.report(
            Finding::typed(Location::WHOLE, Unreadable(failure.clone()))
                .evidence("reason", failure.kind())
                .key(failure.kind()),
        );
    }
}

/// The file could not be read, for this reason.
#[derive(Debug)]
struct Unreadable(ReadFailure);

impl Message for Unreadable {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("文件无法读取：{}", self.0.reason_zh()),
            Lang::En => format!("the file cannot be read: {}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::Severity;
    use crate::i18n::Lang;
    use crate::ingest::{ReadFailure, SourceEncoding};
    use crate::report::parse::{parse_text, unreadable};
    use crate::rules::{run, RuleSelection};

    fn codes(report: &crate::report::Report) -> Vec<(&'static str, Severity)> {
        run(report, &RuleSelection::default())
            .into_iter()
            .filter(|f| f.code == "unreadable-file")
            .map(|f| (f.code, f.severity))
            .collect()
    }

    #[test]
    fn a_read_failure_is_one_error_with_its_reason() {
        let failure = ReadFailure::Binary {
            what: "PNG".to_string(),
        };
        let report = unreadable(failure);
        let flags = run(&report, &RuleSelection::default());
        let flag = flags
            .iter()
            .find(|f| f.code == "unreadable-file")
            .expect("flagged");
        assert_eq!(flag.severity, Severity::Error);
        assert_eq!(flag.location.line, None);
        assert!(
            flag.message.get(Lang::Zh).contains("PNG"),
            "{}",
            flag.message.get(Lang::Zh)
        );
        assert!(
            flag.message.get(Lang::En).contains("binary (PNG)"),
            "{}",
            flag.message.get(Lang::En)
        );
        assert_eq!(flag.evidence.get("reason"), Some(&"binary".into()));
        assert_eq!(codes(&report).len(), 1);
    }

    #[test]
    fn every_failure_kind_is_flagged_once() {
        for failure in [
            ReadFailure::Empty,
            ReadFailure::Blank,
            ReadFailure::TooLarge { size: 9, limit: 1 },
            ReadFailure::Undecodable { errors: 40 },
            ReadFailure::DirectoryLoop,
            ReadFailure::NotRegular,
            ReadFailure::PermissionDenied,
            ReadFailure::Vanished,
            ReadFailure::Io {
                message: "disk on fire".to_string(),
            },
            ReadFailure::Unsupported {
                format: crate::ingest::formats::Unsupported::Doc,
            },
            ReadFailure::Malformed {
                format: "Word (.docx)".to_string(),
                reason: "not a zip package".to_string(),
                reason_zh: "不是有效的 zip 文件包".to_string(),
            },
        ] {
            let report = unreadable(failure.clone());
            assert_eq!(
                codes(&report),
                [("unreadable-file", Severity::Error)],
                "{failure:?}"
            );
        }
    }

    #[test]
    fn an_unsupported_format_says_what_to_send_instead() {
        let report = unreadable(ReadFailure::Unsupported {
            format: crate::ingest::formats::Unsupported::Wps,
        });
        let flags = run(&report, &RuleSelection::default());
        let flag = flags
            .iter()
            .find(|f| f.code == "unreadable-file")
            .expect("flagged");
        assert!(
            flag.message.get(Lang::Zh).contains("WPS"),
            "{}",
            flag.message.get(Lang::Zh)
        );
        assert!(
            flag.message
                .get(Lang::Zh)
                .contains("请提供 .docx 或 .pdf 格式"),
            "{}",
            flag.message.get(Lang::Zh)
        );
        assert!(flag
            .message
            .get(Lang::En)
            .contains("send the report as .docx or .pdf"));
        assert_eq!(
            flag.evidence.get("reason"),
            Some(&"unsupported-format".into())
        );
    }

    #[test]
    fn a_readable_report_is_not_flagged() {
        let report = parse_text(
            "某县司法局2023年政府信息公开工作年度报告\n一、总体情况\n",
            SourceEncoding::Utf8,
        );
        assert!(codes(&report).is_empty());
        let gb = parse_text("某县司法局2023年报告\n", SourceEncoding::Gb18030);
        assert!(codes(&gb).is_empty());
    }
}
