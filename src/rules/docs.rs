//! Rule documentation, read from the `//!` comment at the top of each rule's file, in both
//! languages, and rendered for the terminal.
//!
//! The comment opens with a one-paragraph English summary and a one-paragraph Chinese summary,
//! then sections introduced by `## ` headings. The prose sections come in both languages
//! (`## What it checks` and `## 检查内容`, and so on: see [`Section`]); the examples
//! (`## Flagged`, `## Accepted`) quote report text and are shared. Bodies are Markdown;
//! [`terminal_lines`] turns one into plain lines for `nianbao explain` and the dashboard.

use serde::Serialize;

use crate::i18n::{Lang, Localized};

/// A section of a rule's documentation, in the order the catalogue prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Checks,
    Matters,
    Authority,
    Flagged,
    Accepted,
}

impl Section {
    /// Every section, in catalogue order.
    pub const ALL: [Section; 5] = [
        Section::Checks,
        Section::Matters,
        Section::Authority,
        Section::Flagged,
        Section::Accepted,
    ];

    /// The heading shown to a reader of `lang`.
    pub fn heading(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Section::Checks => ("检查内容", "What it checks"),
            Section::Matters => ("为何重要", "Why it matters"),
            Section::Authority => ("依据", "Authority"),
            Section::Flagged => ("会被标记的写法", "Flagged"),
            Section::Accepted => ("不会被标记的写法", "Accepted"),
        };
        lang.pick(zh, en)
    }

    /// The heading under which the section is written in a rule's file for `lang`: the
    /// examples are written once, under their English heading, and serve both languages.
    pub fn source_heading(self, lang: Lang) -> &'static str {
        if self.is_shared() {
            self.heading(Lang::En)
        } else {
            self.heading(lang)
        }
    }

    /// Whether the section is the same in both languages (the examples quote report text).
    pub fn is_shared(self) -> bool {
        matches!(self, Section::Flagged | Section::Accepted)
    }
}

/// The documentation of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleDoc {
    /// The summary paragraphs: English first, then Chinese; each empty when not written.
    pub summary: Localized,
    /// `(heading, body)` in the order written; bodies are Markdown.
    pub sections: Vec<(String, String)>,
}

impl RuleDoc {
    /// Parses the leading `//!` comment of a Rust source file.
    pub fn from_source(source: &str) -> RuleDoc {
        let mut summaries: Vec<Vec<&str>> = Vec::new();
        let mut in_summary = false;
        let mut sections: Vec<(String, String)> = Vec::new();
        for line in source.lines() {
            let Some(text) = line.trim_start().strip_prefix("//!") else {
                break;
            };
            let text = text.strip_prefix(' ').unwrap_or(text);
            if let Some(heading) = text.strip_prefix("## ") {
                sections.push((heading.trim().to_string(), String::new()));
            } else if let Some((_, body)) = sections.last_mut() {
                body.push_str(text);
                body.push('\n');
            } else if text.trim().is_empty() {
                in_summary = false;
            } else {
                if !in_summary {
                    summaries.push(Vec::new());
                    in_summary = true;
                }
                if let Some(paragraph) = summaries.last_mut() {
                    paragraph.push(text.trim());
                }
            }
        }
        for (_, body) in &mut sections {
            *body = body.trim().to_string();
        }
        let mut paragraphs = summaries.into_iter().map(|lines| join_lines(&lines));
        let en = paragraphs.next().unwrap_or_default();
        let zh = paragraphs.next().unwrap_or_default();
        RuleDoc {
            summary: Localized::new(zh, en),
            sections,
        }
    }

    /// The body of a section as written under `heading`.
    pub fn section(&self, heading: &str) -> Option<&str> {
        self.sections
            .iter()
            .find(|(h, _)| h == heading)
            .map(|(_, body)| body.as_str())
    }

    /// The body of a section for a reader of `lang`.
    pub fn body(&self, section: Section, lang: Lang) -> Option<&str> {
        self.section(section.source_heading(lang))
            .filter(|body| !body.is_empty())
    }

    /// The sections for a reader of `lang`, in catalogue order, with their headings in `lang`.
    pub fn sections_in(&self, lang: Lang) -> Vec<(Section, &str)> {
        Section::ALL
            .into_iter()
            .filter_map(|section| self.body(section, lang).map(|body| (section, body)))
            .collect()
    }

    /// What is missing for a reader of `lang`: the summary (named 摘要 / summary) and the
    /// headings of absent or empty sections, as they would be written in the file.
    pub fn missing(&self, lang: Lang) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.summary.get(lang).is_empty() {
            missing.push(lang.pick("摘要", "summary"));
        }
        missing.extend(
            Section::ALL
                .into_iter()
                .filter(|s| self.body(*s, lang).is_none())
                .map(|s| s.source_heading(lang)),
        );
        missing
    }
}

/// Joins the lines of one paragraph: a space between words, none between two CJK characters
/// (Chinese is written without spaces, so a line break inside a sentence is not one).
pub fn join_lines(lines: &[&str]) -> String {
    let mut text = String::new();
    for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        // Emphasis marks are not text: 「处\n**单独」 joins as 「处**单独」.
        let last = text.chars().rev().find(|c| *c != '*');
        let glued = match (last, line.chars().find(|c| *c != '*')) {
            (None, _) => true,
            (Some(a), Some(b)) => !a.is_ascii() && !b.is_ascii(),
            _ => false,
        };
        if !glued {
            text.push(' ');
        }
        text.push_str(line);
    }
    text
}

/// A Markdown body with each paragraph and list item on one line, joined as [`join_lines`]
/// joins (Markdown renders a line break inside a paragraph as a space, which Chinese text must
/// not have); tables and example blocks are kept as written.
pub fn reflow_markdown(body: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    let mut fenced = false;
    for line in body.lines() {
        let trimmed = line.trim();
        let fence = trimmed.starts_with("```");
        let block = fenced || fence || trimmed.is_empty() || trimmed.starts_with('|');
        if fence {
            fenced = !fenced;
        }
        match out.last_mut() {
            Some(last) if open && !block && !trimmed.starts_with("- ") => {
                *last = join_lines(&[last.as_str(), trimmed]);
            }
            _ => out.push(line.to_string()),
        }
        open = !block;
    }
    out.join("\n")
}

/// What a line of rendered documentation is, so that a caller can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A paragraph of prose, joined into one line (the terminal or the pane wraps it).
    Text,
    /// A list item, `- ` and its text joined into one line.
    Item,
    /// The header row of a table, its cells padded into columns.
    TableHeader,
    /// A row of a table.
    TableRow,
    /// A line of an example block, as written.
    Code,
    /// The blank line between blocks.
    Blank,
}

/// A Markdown body as plain lines for a terminal: paragraphs and list items joined, emphasis
/// and code marks dropped, tables laid out in columns by display width (CJK characters take
/// two columns), example blocks line by line without their fences.
pub fn terminal_lines(body: &str) -> Vec<(LineKind, String)> {
    let mut out: Vec<(LineKind, String)> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut paragraph_kind = LineKind::Text;
    let mut table: Vec<Vec<String>> = Vec::new();
    let mut fenced = false;
    let flush = |out: &mut Vec<(LineKind, String)>,
                 paragraph: &mut Vec<&str>,
                 kind: LineKind,
                 table: &mut Vec<Vec<String>>| {
        if !paragraph.is_empty() {
            out.push((kind, inline_plain(&join_lines(paragraph))));
            paragraph.clear();
        }
        if !table.is_empty() {
            out.extend(table_lines(table));
            table.clear();
        }
    };
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut out, &mut paragraph, paragraph_kind, &mut table);
            fenced = !fenced;
            continue;
        }
        if fenced {
            out.push((LineKind::Code, line.to_string()));
        } else if trimmed.is_empty() {
            flush(&mut out, &mut paragraph, paragraph_kind, &mut table);
            if out.last().is_some_and(|(kind, _)| *kind != LineKind::Blank) {
                out.push((LineKind::Blank, String::new()));
            }
        } else if trimmed.starts_with('|') {
            if !paragraph.is_empty() {
                flush(&mut out, &mut paragraph, paragraph_kind, &mut table);
            }
            let cells: Vec<String> = trimmed
                .trim_matches('|')
                .split('|')
                .map(|cell| inline_plain(cell.trim()))
                .collect();
            let separator = cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
            if !separator {
                table.push(cells);
            }
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            flush(&mut out, &mut paragraph, paragraph_kind, &mut table);
            paragraph_kind = LineKind::Item;
            paragraph.push("-");
            paragraph.push(item);
        } else {
            if !table.is_empty() || (paragraph_kind == LineKind::Item && !line.starts_with(' ')) {
                flush(&mut out, &mut paragraph, paragraph_kind, &mut table);
            }
            if paragraph.is_empty() {
                paragraph_kind = LineKind::Text;
            }
            paragraph.push(trimmed);
        }
    }
    flush(&mut out, &mut paragraph, paragraph_kind, &mut table);
    while out.last().is_some_and(|(kind, _)| *kind == LineKind::Blank) {
        out.pop();
    }
    out
}

/// A table's rows padded into columns; the first row is the header.
fn table_lines(rows: &[Vec<String>]) -> Vec<(LineKind, String)> {
    use unicode_width::UnicodeWidthStr;
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; columns];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let mut text = String::new();
            for (cell, width) in row.iter().zip(&widths) {
                text.push_str(&crate::sanitize::pad_to_width(cell, *width));
                text.push_str("  ");
            }
            let kind = if i == 0 {
                LineKind::TableHeader
            } else {
                LineKind::TableRow
            };
            (kind, text.trim_end().to_string())
        })
        .collect()
}

/// Markdown inline marks removed: `**bold**` and `` `code` `` become their text.
fn inline_plain(text: &str) -> String {
    text.replace("**", "").replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_summaries_and_sections() {
        let source = "//! Summary line\n//! wrapped.\n//!\n//! 中文摘要，\n//! 折行。\n//!\n//! ## What it checks\n//! A thing.\n//! ## 检查内容\n//! 一件事。\n//! ## Flagged\n//! ```text\n//! x\n//! ```\nuse foo;\n//! not doc\n";
        let doc = RuleDoc::from_source(source);
        assert_eq!(doc.summary.en, "Summary line wrapped.");
        assert_eq!(doc.summary.zh, "中文摘要，折行。");
        assert_eq!(doc.body(Section::Checks, Lang::En), Some("A thing."));
        assert_eq!(doc.body(Section::Checks, Lang::Zh), Some("一件事。"));
        assert_eq!(
            doc.body(Section::Flagged, Lang::Zh),
            Some("```text\nx\n```")
        );
        assert_eq!(
            doc.missing(Lang::En),
            ["Why it matters", "Authority", "Accepted"]
        );
        assert_eq!(doc.missing(Lang::Zh), ["为何重要", "依据", "Accepted"]);
    }

    #[test]
    fn a_missing_chinese_summary_is_reported() {
        let doc = RuleDoc::from_source("//! Only English.\n//!\n//! ## 检查内容\n//! 有。\n");
        assert_eq!(doc.summary.zh, "");
        assert_eq!(doc.missing(Lang::Zh)[0], "摘要");
    }

    #[test]
    fn joins_chinese_without_spaces_and_words_with_one() {
        assert_eq!(
            join_lines(&["统计期限的", "截止日期"]),
            "统计期限的截止日期"
        );
        assert_eq!(join_lines(&["the end", "date"]), "the end date");
        assert_eq!(
            join_lines(&["见", "`period-malformed`"]),
            "见 `period-malformed`"
        );
        assert_eq!(join_lines(&["标题处", "**单独**"]), "标题处**单独**");
    }

    #[test]
    fn reflows_paragraphs_and_items_but_not_tables_or_examples() {
        let body = "第一行\n第二行，and\nmore.\n\n- 一项\n  续行\n- two\n\n| a |\n| b |\n\n```text\n甲\n乙\n```";
        assert_eq!(
            reflow_markdown(body),
            "第一行第二行，and more.\n\n- 一项续行\n- two\n\n| a |\n| b |\n\n```text\n甲\n乙\n```"
        );
    }

    #[test]
    fn renders_tables_lists_and_examples_for_the_terminal() {
        let body = "Intro **bold** `code`\nand more.\n\n| 主题 | Words |\n|---|---|\n| 主动公开 | a, b |\n| x | 依申请 |\n\n- item one\n  continued\n- item two\n\n```text\n报告\t1\n```";
        let lines = terminal_lines(body);
        let texts: Vec<&str> = lines.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Intro bold code and more.",
                "",
                "主题      Words",
                "主动公开  a, b",
                "x         依申请",
                "",
                "- item one continued",
                "- item two",
                "",
                "报告\t1",
            ]
        );
        assert_eq!(lines[2].0, LineKind::TableHeader);
        assert_eq!(lines[6].0, LineKind::Item);
        assert_eq!(lines[9].0, LineKind::Code);
    }
}
