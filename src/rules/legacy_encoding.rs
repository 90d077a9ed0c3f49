//! A report saved in a legacy encoding (GB18030/GBK, UTF-16, another code page), not UTF-8.
//!
//! 报告以旧编码（GB18030/GBK、UTF-16或其他代码页）保存，而不是UTF-8。
//!
//! ## What it checks
//! The encoding the file was decoded from. UTF-8, with or without a BOM, passes; GB18030 and
//! its GBK subset, UTF-16, and any other legacy encoding the detector chose are flagged, with
//! the encoding's name. The text was read correctly: this is a note on the file, not on its
//! content.
//!
//! ## 检查内容
//! 文件解码时所用的编码。UTF-8（带或不带BOM）通过；GB18030及其子集GBK、UTF-16，以及检测器判定的其他
//! 旧编码，予以标记，并写明编码名称。正文已正确读取：本规则针对的是文件，不是内容。
//!
//! ## Why it matters
//! Government websites and the national platforms publish in UTF-8. A GBK file is read
//! correctly here but is shown as mojibake by tools that assume UTF-8, and its text cannot be
//! compared or indexed alongside the others without conversion. Asking for UTF-8 avoids that.
//!
//! ## 为何重要
//! 政府网站和全国性平台以UTF-8发布。GBK文件在这里能正确读取，但在默认UTF-8的工具中会显示为乱码，不
//! 经转换也无法与其他报告一起比对或建立索引。要求UTF-8可以避免这些问题。
//!
//! ## Authority
//! GB 18030 is the national character set standard, and UTF-8 encodes it in full; S6: 格式规范.
//!
//! ## 依据
//! GB 18030是国家字符集标准，UTF-8可以完整表示它；S6：格式规范。
//!
//! ## Flagged
//! ```text
//! 某县司法局2023年政府信息公开工作年度报告 (saved as GBK)
//! ```
//!
//! ## Accepted
//! ```text
//! 某县司法局2023年政府信息公开工作年度报告 (saved as UTF-8)
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct LegacyEncoding;

impl Rule for LegacyEncoding {
    crate::rule_meta!(
        "legacy-encoding",
        Reading,
        Info,
        "文件未使用 UTF-8 编码",
        "File is not UTF-8"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        if report.read_failure.is_some() {
            return;
        }
        let encoding = report.encoding;
        if !encoding.is_legacy() {
            return;
        }
        findings.report(
            Finding::typed(Location::WHOLE, NotUtf8(encoding.name()))
                .evidence("encoding", encoding.id())
                .key(encoding.id()),
        );
    }
}

/// A file in a legacy encoding, by the encoding's name.
#[derive(Debug)]
struct NotUtf8(&'static str);

impl Message for NotUtf8 {
    fn message(&self, lang: Lang) -> String {
        let NotUtf8(name) = self;
        match lang {
            Lang::Zh => format!("文件编码为 {name}，建议保存为 UTF-8"),
            Lang::En => format!("the file is encoded in {name}, not UTF-8"),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::Severity;
    use crate::i18n::Lang;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    const TEXT: &str = "某县司法局2023年政府信息公开工作年度报告\n一、总体情况\n";

    fn legacy_flags(encoding: SourceEncoding) -> Vec<crate::flag::Flag> {
        run(&parse_text(TEXT, encoding), &RuleSelection::default())
            .into_iter()
            .filter(|f| f.code == "legacy-encoding")
            .collect()
    }

    #[test]
    fn gb18030_and_utf16_are_flagged_with_their_name() {
        for (encoding, name) in [
            (SourceEncoding::Gb18030, "GB18030"),
            (SourceEncoding::Utf16Le, "UTF-16LE"),
            (SourceEncoding::Utf16Be, "UTF-16BE"),
            (SourceEncoding::Other("Big5"), "Big5"),
        ] {
            let flags = legacy_flags(encoding);
            assert_eq!(flags.len(), 1, "{name}");
            assert_eq!(flags[0].severity, Severity::Info);
            assert!(
                flags[0].message.get(Lang::Zh).contains(name),
                "{}",
                flags[0].message.get(Lang::Zh)
            );
            assert!(
                flags[0].message.get(Lang::En).contains(name),
                "{}",
                flags[0].message.get(Lang::En)
            );
        }
    }

    #[test]
    fn utf8_with_or_without_bom_is_not_flagged() {
        assert!(legacy_flags(SourceEncoding::Utf8).is_empty());
        assert!(legacy_flags(SourceEncoding::Utf8Bom).is_empty());
    }
}
