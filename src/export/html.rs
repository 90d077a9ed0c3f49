//! HTML: the rectification notices ([`super::notice`]) as one self-contained page (styles
//! inline, nothing loaded from elsewhere), printed on A4 with the margins of official documents,
//! one agency per page.
//!
//! All report text is escaped (`& < > " '`) after control characters are replaced; a content
//! security policy forbids scripts and remote content as a second line of defence.

use std::fmt::Write as _;

use super::notice::{self, notices};
use super::row;
use super::ExportOptions;
use crate::triage::ReviewRow;

const STYLE: &str = "\
@page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center { content: \"— \" counter(page) \" —\"; } }
body { font-family: FangSong, \"仿宋\", \"仿宋_GB2312\", \"Noto Serif CJK SC\", serif; font-size: 16pt; margin: 2em; color: #111; }
h1 { font-family: \"方正小标宋简体\", \"FZXiaoBiaoSong-B05S\", SimSun, \"宋体\", serif; text-align: center; font-size: 22pt; font-weight: normal; }
h2 { font-family: SimHei, \"黑体\", sans-serif; font-size: 16pt; font-weight: normal; margin-top: 1em; }
p { line-height: 1.6; margin: 0.3em 0; }
p.body { text-indent: 2em; }
p.number { text-align: center; }
p.signature { text-align: right; margin-right: 4em; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; }
th, td { border: 1px solid #555; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
th { background: #eee; }
td.wrap { white-space: pre-wrap; }
td.number { text-align: right; }
section.notice { page-break-after: always; break-after: page; }
section.notice:last-of-type { page-break-after: auto; break-after: auto; }
@media print { body { margin: 0; } th { background: none; } }
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
    let notices = notices(rows, options);
    if notices.is_empty() {
        let _ = writeln!(
            out,
            "<h1>{}</h1>\n<p>{}</p>",
            escape(title),
            escape(notice::empty(lang))
        );
    }
    let headings = notice::headings(options.status, lang);
    let wraps: Vec<bool> = notice::columns(options.status)
        .iter()
        .map(|c| c.wraps())
        .collect();
    for notice in &notices {
        out.push_str("<section class=\"notice\">\n");
        if let Some(number) = &notice.number {
            let _ = writeln!(out, "<p class=\"number\">{}</p>", escape(number));
        }
        let _ = writeln!(
            out,
            "<h1>{}</h1>\n<p>{}</p>\n<p class=\"body\">{}</p>",
            escape(&notice.title),
            escape(&notice.addressee),
            escape(&notice.intro)
        );
        let mut number = 0;
        for report in &notice.reports {
            let _ = writeln!(
                out,
                "<h2>{}</h2>\n<table>\n<thead><tr>{}</tr></thead>\n<tbody>",
                escape(&report.heading),
                headings
                    .iter()
                    .map(|h| format!("<th>{}</th>", escape(h)))
                    .collect::<String>()
            );
            for cells in &report.rows {
                number += 1;
                let _ = write!(out, "<tr><td class=\"number\">{number}</td>");
                for (text, &wraps) in cells.iter().zip(&wraps) {
                    let class = if wraps { " class=\"wrap\"" } else { "" };
                    let _ = write!(out, "<td{class}>{}</td>", escape(text));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
        for paragraph in &notice.closing {
            let _ = writeln!(out, "<p class=\"body\">{}</p>", escape(paragraph));
        }
        if let Some(issuer) = &notice.issuer {
            let _ = writeln!(out, "<p class=\"signature\">{}</p>", escape(issuer));
        }
        let _ = writeln!(
            out,
            "<p class=\"signature\">{}</p>\n</section>",
            escape(&notice.date)
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
