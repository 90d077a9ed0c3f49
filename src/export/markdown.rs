//! Markdown: the rectification notices ([`super::notice`]), one per agency, each report's flags
//! in a table. A thematic break separates the agencies (and a converter's `@page` rule, given
//! in a leading `<style>` block, prints each on its own A4 page).
//!
//! Report text is escaped so that it stays text: every character Markdown (and GitHub's
//! tables) could read as markup is backslash-escaped, and line breaks are flattened so that a
//! cell cannot end its table row.

use std::fmt::Write as _;

use super::notice::{self, notices};
use super::row;
use super::ExportOptions;
use crate::triage::ReviewRow;

pub(super) fn render(rows: &[&ReviewRow], options: &ExportOptions) -> String {
    let lang = options.lang;
    let notices = notices(rows, options);
    if notices.is_empty() {
        let title = notice::title(options.status, lang);
        return format!("# {title}\n\n{}\n", notice::empty(lang));
    }
    let headings = notice::headings(options.status, lang);
    let mut out = String::from(
        "<style>@page { size: A4; margin: 37mm 26mm 35mm 28mm } hr { page-break-after: always; border: 0 }</style>\n\n",
    );
    for (index, notice) in notices.iter().enumerate() {
        if index > 0 {
            out.push_str("\n---\n\n");
        }
        if let Some(number) = &notice.number {
            let _ = writeln!(out, "{}\n", escape(number));
        }
        let _ = writeln!(out, "# {}\n", escape(&notice.title));
        let _ = writeln!(out, "**{}**\n", escape(&notice.addressee));
        let _ = writeln!(out, "{}\n", escape(&notice.intro));
        let mut number = 0;
        for report in &notice.reports {
            let _ = writeln!(out, "## {}\n", escape(&report.heading));
            let _ = writeln!(out, "| {} |", headings.join(" | "));
            let _ = writeln!(out, "| ---: |{}", " --- |".repeat(headings.len() - 1));
            for cells in &report.rows {
                number += 1;
                let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
                let _ = writeln!(out, "| {number} | {} |", cells.join(" | "));
            }
            out.push('\n');
        }
        for paragraph in &notice.closing {
            let _ = writeln!(out, "{}\n", escape(paragraph));
        }
        if let Some(issuer) = &notice.issuer {
            let _ = writeln!(out, "{}\n", escape(issuer));
        }
        let _ = writeln!(out, "{}", escape(&notice.date));
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
