//! Markdown: a rectification notice (整改通知) per agency, each report's flags in a table.
//!
//! Report text is escaped so that it stays text: every character Markdown (and GitHub's
//! tables) could read as markup is backslash-escaped, and line breaks are flattened so that a
//! cell cannot end its table row.

use std::fmt::Write as _;

use super::row::{self, by_agency, notice, notice_columns};
use super::ExportOptions;
use crate::triage::ReviewRow;

pub(super) fn render(rows: &[&ReviewRow], options: &ExportOptions) -> String {
    let lang = options.lang;
    let title = notice::title(options.status, lang);
    let groups = by_agency(rows);
    if groups.is_empty() {
        return format!("# {title}\n\n{}\n", notice::empty(lang));
    }
    let columns = notice_columns(options.status);
    let mut out = String::new();
    for (index, group) in groups.iter().enumerate() {
        if index > 0 {
            out.push_str("\n---\n\n");
        }
        let _ = writeln!(out, "# {title}\n");
        let _ = writeln!(
            out,
            "**{}**\n",
            escape(&notice::addressee(group.agency, lang))
        );
        let _ = writeln!(out, "{}\n", escape(&notice::intro(options.status, lang)));
        let mut number = 0;
        for report in &group.reports {
            let heading = notice::report(report.year, report.file, lang);
            let _ = writeln!(out, "## {}\n", escape(&heading));
            let headings: Vec<&str> = std::iter::once(notice::number(lang))
                .chain(columns.iter().map(|c| c.heading(lang)))
                .collect();
            let _ = writeln!(out, "| {} |", headings.join(" | "));
            let _ = writeln!(out, "| ---: |{}", " --- |".repeat(columns.len()));
            for row in &report.rows {
                number += 1;
                let cells: Vec<String> = columns
                    .iter()
                    .map(|&c| escape(&row::cell(row, c, options).text()))
                    .collect();
                let _ = writeln!(out, "| {number} | {} |", cells.join(" | "));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "{}", notice::total(group.len(), lang));
    }
    out
}

/// Report text as literal Markdown text on one line.
fn escape(text: &str) -> String {
    let text = row::plain(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '#' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("<script>|[x](y)*_`\n#"),
            "\\<script\\>\\|\\[x\\](y)\\*\\_\\` \\#"
        );
        assert_eq!(escape("统计期限（2023年）"), "统计期限（2023年）");
    }
}
