//! Leftovers of document conversion in the text: bookmarks, HTML, page numbers.
//!
//! 正文中残留文档转换的痕迹：书签、HTML标记、页码。
//!
//! ## What it checks
//! Marks that a converter left in the text: DOCX bookmarks (`[bookmark: _Hlk…]`,
//! `[bookmark: _GoBack]`), HTML tags (`<p>`, `<br/>`, `</span>`) and entities (`&nbsp;`,
//! `&#12345;`), and page numbers alone on a line (`- 3 -`, `第 3 页`, `3/12`). The report is
//! flagged once, at the first leftover; the evidence counts them by kind and lists their lines.
//! The parser reads through all of them, so nothing else is flagged because of them.
//!
//! ## 检查内容
//! 转换工具留在正文中的标记：DOCX书签（`[bookmark: _Hlk…]`、`[bookmark: _GoBack]`）、HTML标签
//! （`<p>`、`<br/>`、`</span>`）和实体（`&nbsp;`、`&#12345;`），以及单独成行的页码（`- 3 -`、
//! `第 3 页`、`3/12`）。每份报告在第一处残留标记一次；证据按种类计数，并列出所在行。解析时会跳过这
//! 些残留，其他规则不会因此另行标记。
//!
//! ## Why it matters
//! A published report with `[bookmark: _GoBack]` or `&nbsp;` in it looks careless, and the
//! leftovers say the text was pasted from another format without a proofread. They are also a
//! hint that other content (numbering, table cells) may have been lost in the same conversion.
//!
//! ## 为何重要
//! 发布的报告中出现 `[bookmark: _GoBack]` 或 `&nbsp;`，显得粗疏，也说明文字是从其他格式粘贴过来、未
//! 经校对的。这还提示同一次转换可能丢失了其他内容（编号、表格单元格）。
//!
//! ## Authority
//! S6: 格式规范、文字严谨 (municipal notices on compiling the reports).
//!
//! ## 依据
//! S6：格式规范、文字严谨（各市关于编制年度报告的通知）。
//!
//! ## Flagged
//! ```text
//! [bookmark: _Hlk66973412]一、本年新收政府信息公开申请数量
//! ```
//!
//! ## Accepted
//! ```text
//! 一、本年新收政府信息公开申请数量
//! ```

use std::collections::BTreeMap;

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::{ArtifactKind, Report};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct ConversionArtifact;

/// The lines listed in the evidence; a page-number leftover can repeat on every page.
const MAX_LINES_LISTED: usize = 50;

impl Rule for ConversionArtifact {
    crate::rule_meta!(
        "conversion-artifact",
        Reading,
        Info,
        "文档转换遗留标记",
        "Leftovers of document conversion"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(first) = report.artifacts.first() else {
            return;
        };
        let mut by_kind: BTreeMap<ArtifactKind, usize> = BTreeMap::new();
        for artifact in &report.artifacts {
            *by_kind.entry(artifact.kind).or_insert(0) += 1;
        }
        let count = report.artifacts.len();
        let mut lines: Vec<u32> = report.artifacts.iter().map(|a| a.line).collect();
        lines.dedup();
        let kinds_json: serde_json::Map<String, serde_json::Value> = by_kind
            .iter()
            .map(|(kind, n)| (kind.english().to_string(), (*n).into()))
            .collect();
        let listed: Vec<u32> = lines.iter().copied().take(MAX_LINES_LISTED).collect();
        let mut finding = Finding::typed(
            Location::span(first.line, first.column, first.text.chars().count() as u32),
            Leftovers {
                count,
                by_kind: by_kind.clone(),
                first: first.text.clone(),
                first_line: first.line,
                lines: lines.len(),
            },
        )
        .evidence("count", count)
        .evidence("kinds", kinds_json)
        .evidence("lines", listed);
        for kind in by_kind.keys() {
            finding = finding.key(kind.english());
        }
        findings.report(finding);
    }
}

/// The conversion leftovers of a report, counted by kind, with the first one as written.
#[derive(Debug)]
struct Leftovers {
    count: usize,
    by_kind: BTreeMap<ArtifactKind, usize>,
    first: String,
    first_line: u32,
    /// The lines with a leftover.
    lines: usize,
}

impl Message for Leftovers {
    fn message(&self, lang: Lang) -> String {
        let Leftovers {
            count,
            by_kind,
            first,
            first_line,
            lines,
        } = self;
        match lang {
            Lang::Zh => {
                let kinds: Vec<String> = by_kind
                    .iter()
                    .map(|(kind, n)| format!("{} {n} 处", kind.zh()))
                    .collect();
                format!(
                    "文本中有 {count} 处文档转换遗留标记（{}），首处为第 {first_line} 行的「{first}」，共涉及 {lines} 行",
                    kinds.join("、")
                )
            }
            Lang::En => {
                let kinds: Vec<String> = by_kind
                    .iter()
                    .map(|(kind, n)| plural(*n, kind.english()))
                    .collect();
                format!(
                    "{} of document conversion in the text ({}); the first is `{first}` on line {first_line}, {} in all",
                    plural(*count, "leftover"),
                    kinds.join(", "),
                    plural(*lines, "line")
                )
            }
        }
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::{Flag, Severity};
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
    fn one_flag_per_report_at_the_first_leftover() {
        let text = "一、总体情况\n正文。\n\t[bookmark: _Hlk66973412]一、本年新收\n- 3 -\n[bookmark: _GoBack]二是加强。";
        let report = parse_text(text, SourceEncoding::Utf8);
        let flags = flags_of(&report, "conversion-artifact");
        assert_eq!(flags.len(), 1);
        let flag = &flags[0];
        assert_eq!(flag.severity, Severity::Info);
        assert_eq!(flag.location.line, Some(3));
        assert_eq!(flag.location.column, Some(2));
        assert_eq!(flag.evidence["count"], 3);
        assert_eq!(flag.evidence["lines"], serde_json::json!([3, 4, 5]));
        assert_eq!(flag.evidence["kinds"]["bookmark"], 2);
        assert_eq!(flag.evidence["kinds"]["page footer"], 1);
    }

    #[test]
    fn clean_text_is_not_flagged() {
        let text = "一、总体情况\n正文《条例》<中华人民共和国政府信息公开工作年度报告格式>。\n\t0";
        let report = parse_text(text, SourceEncoding::Utf8);
        assert!(flags_of(&report, "conversion-artifact").is_empty());
    }
}
