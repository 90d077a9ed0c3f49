//! Writing check results: `text` for people, `jsonl` and `json` for machines.
//!
//! The jsonl line and the json document are a contract (design.md). Report text inside them is
//! JSON-escaped, and characters JSON would leave raw but a terminal would obey (DEL, C1
//! controls, bidirectional overrides) are escaped too, so piping machine output to a terminal is
//! as safe as the text format, which replaces them.

use std::io::{self, Write};

use serde_json::json;

use super::CheckedReport;
use crate::flag::{Flag, Severity};
use crate::i18n::Lang;
use crate::sanitize;

/// The output formats of `nianbao check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
}

/// How the text format looks.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub lang: Lang,
    /// ANSI colours (only on a terminal, never with `NO_COLOR`: the caller decides).
    pub color: bool,
}

/// Writes results in a format.
pub fn write(
    out: &mut dyn Write,
    reports: &[CheckedReport],
    format: Format,
    style: TextStyle,
) -> io::Result<()> {
    match format {
        Format::Text => write_text(out, reports, style),
        Format::Jsonl => write_jsonl(out, reports, style.lang),
        Format::Json => write_json(out, reports, style.lang),
    }
}

/// The JSON object of one flag, as in the jsonl contract.
pub fn flag_json(report: &CheckedReport, flag: &Flag, lang: Lang) -> serde_json::Value {
    json!({
        "path": report.path.to_string_lossy(),
        "agency": report.agency,
        "year": report.year,
        "code": flag.code,
        "severity": flag.severity,
        "line": flag.location.line,
        "column": flag.location.column,
        "message": flag.message.get(lang),
        "evidence": flag.evidence,
        "fingerprint": flag.fingerprint,
    })
}

/// One JSON line per flag; a report without flags writes nothing.
pub fn write_jsonl(out: &mut dyn Write, reports: &[CheckedReport], lang: Lang) -> io::Result<()> {
    for report in reports {
        for flag in &report.flags {
            let line =
                serde_json::to_string(&flag_json(report, flag, lang)).map_err(io::Error::other)?;
            writeln!(out, "{}", escape_terminal_controls(&line))?;
        }
    }
    Ok(())
}

/// One document with every report and its flags.
pub fn write_json(out: &mut dyn Write, reports: &[CheckedReport], lang: Lang) -> io::Result<()> {
    let documents: Vec<serde_json::Value> = reports
        .iter()
        .map(|report| {
            json!({
                "path": report.path.to_string_lossy(),
                "agency": report.agency,
                "year": report.year,
                "template": report.template,
                "parse": report.summary,
                "counts": counts_json(report),
                "flags": report.flags.iter().map(|f| {
                    let mut value = flag_json(report, f, lang);
                    if let Some(object) = value.as_object_mut() {
                        object.remove("path");
                        object.remove("agency");
                        object.remove("year");
                    }
                    value
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let total = totals(reports);
    let document = json!({
        "reports": documents,
        "summary": {
            "reports": reports.len(),
            "error": total[0],
            "warning": total[1],
            "info": total[2],
        },
    });
    let text = serde_json::to_string_pretty(&document).map_err(io::Error::other)?;
    writeln!(out, "{}", escape_terminal_controls(&text))
}

fn counts_json(report: &CheckedReport) -> serde_json::Value {
    json!({
        "error": report.count(Severity::Error),
        "warning": report.count(Severity::Warning),
        "info": report.count(Severity::Info),
    })
}

fn totals(reports: &[CheckedReport]) -> [usize; 3] {
    let mut total = [0; 3];
    for report in reports {
        for (slot, severity) in total.iter_mut().zip(Severity::ALL) {
            *slot += report.count(severity);
        }
    }
    total
}

/// Escapes, as `\uXXXX`, the characters serde_json leaves raw that a terminal would act on.
/// They can only occur inside JSON strings, where the escape is valid.
pub fn escape_terminal_controls(json: &str) -> String {
    if !json.chars().any(sanitize::is_unsafe) {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if sanitize::is_unsafe(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

const RESET: &str = "\x1b[0m";

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{text}{RESET}")
    } else {
        text.to_string()
    }
}

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "1;31",
        Severity::Warning => "33",
        Severity::Info => "36",
    }
}

/// The text format: reports with flags, one line per flag, then a summary line.
pub fn write_text(
    out: &mut dyn Write,
    reports: &[CheckedReport],
    style: TextStyle,
) -> io::Result<()> {
    let lang = style.lang;
    for report in reports.iter().filter(|r| !r.flags.is_empty()) {
        let who = match (&report.agency, report.year) {
            (Some(agency), Some(year)) => format!("{agency} {year}"),
            (Some(agency), None) => agency.clone(),
            (None, Some(year)) => year.to_string(),
            (None, None) => String::new(),
        };
        let path = sanitize::for_terminal(&report.path.to_string_lossy(), false);
        writeln!(
            out,
            "{}  {}",
            paint(&path, "1", style.color),
            sanitize::for_terminal(&who, false)
        )?;
        for flag in &report.flags {
            let position = match (flag.location.line, flag.location.column) {
                (Some(line), Some(column)) => format!("{line}:{column}"),
                (Some(line), None) => line.to_string(),
                _ => "-".to_string(),
            };
            let severity = flag.severity.label(lang);
            let padded = pad_to_width(severity, 7);
            writeln!(
                out,
                "  {:>7}  {}  {}  {}",
                position,
                paint(&padded, severity_color(flag.severity), style.color),
                paint(&format!("{:<24}", flag.code), "2", style.color),
                sanitize::for_terminal(flag.message.get(lang), false)
            )?;
        }
        writeln!(out)?;
    }
    let [errors, warnings, infos] = totals(reports);
    let with_flags = reports.iter().filter(|r| !r.flags.is_empty()).count();
    let summary = match lang {
        Lang::Zh => format!(
            "共检查 {} 份报告，{} 份有问题：错误 {errors} 个，警告 {warnings} 个，提示 {infos} 个",
            reports.len(),
            with_flags
        ),
        Lang::En => format!(
            "{} reports checked, {} with flags: {errors} errors, {warnings} warnings, {infos} infos",
            reports.len(),
            with_flags
        ),
    };
    writeln!(out, "{summary}")
}

/// Pads text to a display width (CJK characters are two columns wide).
pub fn pad_to_width(text: &str, width: usize) -> String {
    let current = unicode_width::UnicodeWidthStr::width(text);
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(' ', width.saturating_sub(current)));
    padded
}
