//! HTML: the rectification notices as one self-contained page (styles inline, nothing
//! loaded from elsewhere), one agency per printed page.
//!
//! All report text is escaped (`& < > " '`) after control characters are replaced; a content
//! security policy forbids scripts and remote content as a second line of defence.

use std::fmt::Write as _;

use super::row::{self, by_agency, notice, notice_columns};
use super::ExportOptions;
use crate::triage::ReviewRow;

const STYLE: &str = "\
body { font-family: \"Noto Serif CJK SC\", \"Source Han Serif SC\", SimSun, serif; margin: 2em; color: #111; }
h1 { text-align: center; font-size: 1.6em; letter-spacing: 0.2em; }
h2 { font-size: 1.1em; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #555; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
th { background: #eee; }
td.wrap { white-space: pre-wrap; }
td.number { text-align: right; }
section.notice { page-break-after: always; break-after: page; }
section.notice:last-of-type { page-break-after: auto; break-after: auto; }
@media print { body { margin: 0; } }
";

pub(super) fn render(rows: &[&ReviewRow], options: &ExportOptions) -> String {
    let lang = options.lang;
    let title = notice::title(options.status, lang);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        lang.pick("zh-CN", "en"),
        escape(title)
    );
    let groups = by_agency(rows);
    if groups.is_empty() {
        let _ = writeln!(
            out,
            "<h1>{}</h1>\n<p>{}</p>",
            escape(title),
            escape(notice::empty(lang))
        );
    }
    let columns = notice_columns(options.status);
    for group in &groups {
        let _ = writeln!(
            out,
            "<section class=\"notice\">\n<h1>{}</h1>",
            escape(title)
        );
        let _ = writeln!(
            out,
            "<p><strong>{}</strong></p>\n<p>{}</p>",
            escape(&notice::addressee(group.agency, lang)),
            escape(&notice::intro(options.status, lang))
        );
        let mut number = 0;
        for report in &group.reports {
            let _ = writeln!(
                out,
                "<h2>{}</h2>\n<table>\n<thead><tr><th>{}</th>{}</tr></thead>\n<tbody>",
                escape(&notice::report(report.year, report.file, lang)),
                escape(notice::number(lang)),
                columns
                    .iter()
                    .map(|c| format!("<th>{}</th>", escape(c.heading(lang))))
                    .collect::<String>()
            );
            for row in &report.rows {
                number += 1;
                let _ = write!(out, "<tr><td class=\"number\">{number}</td>");
                for &column in &columns {
                    let class = if column.wraps() {
                        " class=\"wrap\""
                    } else {
                        ""
                    };
                    let text = row::cell(row, column, options).text();
                    let _ = write!(out, "<td{class}>{}</td>", escape(&text));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
        let _ = writeln!(
            out,
            "<p>{}</p>\n</section>",
            escape(&notice::total(group.len(), lang))
        );
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Text as HTML text or attribute value: controls replaced (newlines kept for pre-wrap cells),
/// markup characters as entities.
fn escape(text: &str) -> String {
    let text = row::multiline(text);
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_becomes_entities() {
        assert_eq!(
            escape("<img src=x onerror='a&b'>\"\u{1b}"),
            "&lt;img src=x onerror=&#39;a&amp;b&#39;&gt;&quot;\u{FFFD}"
        );
    }
}
