//! Writing check results: `text` for people; `jsonl`, `json`, `csv` and `sarif` for machines.
//!
//! The jsonl line and the json document are a contract (design.md), versioned by
//! [`crate::schema::SCHEMA_VERSION`]. `csv` has the columns of `nianbao export --format csv` (the same writer,
//! with its formula neutralisation); `sarif` is SARIF 2.1.0 for code-scanning tools. Report text inside them is
//! JSON-escaped, and characters JSON would leave raw but a terminal would obey (DEL, C1
//! controls, bidirectional overrides) are escaped too, so piping machine output to a terminal is
//! as safe as the text format, which replaces them.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use serde_json::json;

use crate::flag::{Flag, Severity};
use crate::i18n::Lang;
use crate::pipeline::CheckedReport;
use crate::sanitize::{self, escape_terminal_controls, pad_to_width};
use crate::schema::versioned;
#[cfg(test)]
use crate::schema::SCHEMA_VERSION;

mod pretty;
mod sarif;
mod stream;

pub use stream::Streamer;

/// The output formats of `nianbao check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Csv,
    Sarif,
}

/// How the text format looks.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub lang: Lang,
    /// ANSI colours (only on a terminal, never with `NO_COLOR`: the caller decides).
    pub color: bool,
}

/// Writes results in a format; `skipped` names the files found that are not reports (in the
/// summary of `text` and `json`; `jsonl` has flags only). The same writer as a streamed run
/// ([`Streamer`]), given every report at once.
pub fn write(
    out: &mut dyn Write,
    reports: &[CheckedReport],
    skipped: &[PathBuf],
    format: Format,
    style: TextStyle,
) -> io::Result<()> {
    let mut streamer = Streamer::new(out, format, style, false)?;
    for report in reports {
        streamer.report_ref(report)?;
    }
    streamer.finish(skipped, |_| Ok(Vec::new())).map(|_| ())
}

/// The flags as the rows of `nianbao export --format csv`, none of them reviewed yet.
pub fn write_csv(out: &mut dyn Write, reports: &[CheckedReport], lang: Lang) -> io::Result<()> {
    let style = TextStyle { lang, color: false };
    write(out, reports, &[], Format::Csv, style)
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
        // Added after the contract's first keys: where the flag is for people (the cell or
        // paragraph of a structured file, else line:column) and, for a structured file, the
        // cell itself (a paragraph is said in `location` only: the keys are a contract).
        "location": flag.location.short_text(lang),
        "source": flag.location.source,
    })
}

/// One JSON line per flag; a report without flags writes nothing.
pub fn write_jsonl(out: &mut dyn Write, reports: &[CheckedReport], lang: Lang) -> io::Result<()> {
    let style = TextStyle { lang, color: false };
    write(out, reports, &[], Format::Jsonl, style)
}

/// The JSON line of one flag.
fn write_jsonl_flag(
    out: &mut dyn Write,
    report: &CheckedReport,
    flag: &Flag,
    lang: Lang,
) -> io::Result<()> {
    let value = versioned(flag_json(report, flag, lang));
    let line = serde_json::to_string(&value).map_err(io::Error::other)?;
    writeln!(out, "{}", escape_terminal_controls(&line))
}

/// One document with every report and its flags.
pub fn write_json(
    out: &mut dyn Write,
    reports: &[CheckedReport],
    skipped: &[PathBuf],
    lang: Lang,
) -> io::Result<()> {
    let style = TextStyle { lang, color: false };
    write(out, reports, skipped, Format::Json, style)
}

/// A report's counts of flags by severity, in the order of [`Severity::ALL`].
fn counts_json(counts: [usize; 3]) -> serde_json::Value {
    let [error, warning, info] = counts;
    json!({
        "error": error,
        "warning": warning,
        "info": info,
    })
}

/// How many of the paths checked were not read, by the reason of their `unreadable-file` flag
/// (`link-outside`, `path-too-long`, `not-regular` …): what a run skipped, at a glance.
pub fn unread_by_reason(reports: &[CheckedReport]) -> BTreeMap<String, usize> {
    Tally::of(reports).unread
}

/// What the text summary counts, added up report by report (a streamed run holds no list of
/// reports to count afterwards).
#[derive(Debug, Clone, Default)]
pub struct Tally {
    reports: usize,
    with_flags: usize,
    /// Flags by severity, in the order of [`Severity::ALL`].
    totals: [usize; 3],
    /// Paths not read, by the reason of their `unreadable-file` flag.
    unread: BTreeMap<String, usize>,
}

impl Tally {
    fn of(reports: &[CheckedReport]) -> Tally {
        let mut tally = Tally::default();
        for report in reports {
            report.flags.iter().for_each(|flag| tally.flag(flag));
            tally.report(!report.flags.is_empty());
        }
        tally
    }

    /// Counts one report.
    fn report(&mut self, has_flags: bool) {
        self.reports += 1;
        self.with_flags += usize::from(has_flags);
    }

    /// Counts one flag.
    fn flag(&mut self, flag: &Flag) {
        if let Some(slot) = Severity::ALL.iter().position(|s| *s == flag.severity) {
            self.totals[slot] += 1;
        }
        if flag.code == UNREADABLE {
            let reason = flag.evidence.get("reason").and_then(|v| v.as_str());
            *self
                .unread
                .entry(reason.unwrap_or("io").to_string())
                .or_insert(0) += 1;
        }
    }

    /// Whether a flag of this severity was counted.
    fn any(&self, severity: Severity) -> bool {
        Severity::ALL
            .iter()
            .position(|s| *s == severity)
            .is_some_and(|slot| self.totals[slot] > 0)
    }
}

/// The code of the flag of a path that could not be read.
const UNREADABLE: &str = "unreadable-file";

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
    skipped: &[PathBuf],
    style: TextStyle,
) -> io::Result<()> {
    write(out, reports, skipped, Format::Text, style)
}

/// The line that opens a report with flags in the text format: its path, agency and year.
fn write_text_head(
    out: &mut dyn Write,
    report: &CheckedReport,
    style: TextStyle,
) -> io::Result<()> {
    let lang = style.lang;
    // A report read without finding its agency says so rather than showing nothing (a
    // file that could not be read has no lines, and its flag says why).
    let read = report.summary.lines > 0;
    let agency = match &report.agency {
        Some(agency) => agency.clone(),
        None if read => lang
            .pick("（未识别机关名称）", "(agency unknown)")
            .to_string(),
        None => String::new(),
    };
    let who = match report.year {
        Some(year) if agency.is_empty() => year.to_string(),
        Some(year) => format!("{agency} {year}"),
        None => agency,
    };
    let path = sanitize::for_terminal(&report.path.to_string_lossy(), false);
    let header = paint(&path, "1", style.color);
    if who.is_empty() {
        writeln!(out, "{header}")
    } else {
        writeln!(out, "{header}  {}", sanitize::for_terminal(&who, false))
    }
}

/// One flag's line in the text format.
fn write_text_flag(out: &mut dyn Write, flag: &Flag, style: TextStyle) -> io::Result<()> {
    let lang = style.lang;
    let position = flag
        .location
        .short_text(lang)
        .unwrap_or_else(|| "-".to_string());
    let severity = flag.severity.label(lang);
    let padded = pad_to_width(severity, 7);
    writeln!(
        out,
        "  {:>7}  {}  {}  {}",
        position,
        paint(&padded, severity_color(flag.severity), style.color),
        paint(&format!("{:<24}", flag.code), "2", style.color),
        sanitize::for_terminal(flag.message.get(lang), false)
    )
}

/// The end of the text format: the count of reports and flags, the paths not read and the
/// files skipped.
fn write_text_summary(
    out: &mut dyn Write,
    tally: &Tally,
    skipped: &[PathBuf],
    lang: Lang,
) -> io::Result<()> {
    let [errors, warnings, infos] = tally.totals;
    let with_flags = tally.with_flags;
    let summary = match lang {
        Lang::Zh => format!(
            "共检查 {} 份报告，{} 份有问题：错误 {errors} 个，警告 {warnings} 个，提示 {infos} 个",
            tally.reports, with_flags
        ),
        Lang::En => format!(
            "{} checked, {with_flags} with flags: {}, {}, {infos} info",
            plural(tally.reports, "report"),
            plural(errors, "error"),
            plural(warnings, "warning"),
        ),
    };
    let unread = &tally.unread;
    if !unread.is_empty() {
        let count: usize = unread.values().sum();
        let reasons: Vec<String> = unread
            .iter()
            .map(|(reason, n)| match lang {
                Lang::Zh => format!("{reason} {n} 个"),
                Lang::En => format!("{n} {reason}"),
            })
            .collect();
        let line = match lang {
            Lang::Zh => format!(
                "未能读取 {count} 个路径：{}（原因见上方 {UNREADABLE}）",
                reasons.join("，")
            ),
            Lang::En => format!(
                "{} not read: {} (reasons under {UNREADABLE} above)",
                plural(count, "path"),
                reasons.join(", ")
            ),
        };
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{summary}")?;
    write_skipped(out, skipped, lang)
}

/// The files that were not checked, named (a few) and counted, so none is left out silently.
fn write_skipped(out: &mut dyn Write, skipped: &[PathBuf], lang: Lang) -> io::Result<()> {
    const NAMED: usize = 10;
    if skipped.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = skipped
        .iter()
        .take(NAMED)
        .map(|p| sanitize::for_terminal(&p.to_string_lossy(), false))
        .collect();
    let more = skipped.len().saturating_sub(NAMED);
    let rest = match (more, lang) {
        (0, _) => String::new(),
        (_, Lang::Zh) => format!(" 等（另有 {more} 个）"),
        (_, Lang::En) => format!(" and {more} more"),
    };
    let line = match lang {
        Lang::Zh => format!(
            "跳过 {} 个不是报告的文件：{}{rest}",
            skipped.len(),
            names.join("、")
        ),
        Lang::En => format!(
            "skipped {} that {} not a report: {}{rest}",
            plural(skipped.len(), "file"),
            if skipped.len() == 1 { "is" } else { "are" },
            names.join(", ")
        ),
    };
    writeln!(out, "{line}")
}

/// `1 error`, `2 errors`.
fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::flag::{Evidence, Fingerprint, Location};
    use crate::i18n::Localized;
    use crate::pipeline::ParseSummary;

    const HOSTILE: &str = "标题\u{1b}[2J\u{202E}反转\u{9b}31m\u{7f}\u{2066}隔离\u{200F}";

    fn hostile_report() -> CheckedReport {
        let mut evidence = Evidence::new();
        evidence.insert("found".to_string(), HOSTILE.into());
        CheckedReport {
            path: PathBuf::from(format!("inbox/{HOSTILE}.txt")),
            file: format!("{HOSTILE}.txt"),
            agency: Some(format!("某县{HOSTILE}司法局")),
            year: Some(2023),
            template: None,
            summary: ParseSummary {
                title: Some(HOSTILE.to_string()),
                ..ParseSummary::default()
            },
            flags: vec![Flag {
                code: "period-reversed",
                severity: Severity::Error,
                location: Location::span(3, 5, 2),
                message: Localized::new(format!("发现「{HOSTILE}」"), format!("found {HOSTILE}"))
                    .into(),
                evidence,
                fingerprint: Fingerprint(0x0123_4567_89ab_cdef),
                legacy_fingerprint: None,
            }],
        }
    }

    fn clean_report() -> CheckedReport {
        CheckedReport {
            path: PathBuf::from("inbox/clean.txt"),
            file: "clean.txt".to_string(),
            agency: Some("某县司法局".to_string()),
            year: Some(2023),
            template: None,
            summary: ParseSummary::default(),
            flags: Vec::new(),
        }
    }

    fn render(format: Format, lang: Lang, color: bool) -> String {
        let mut out = Vec::new();
        // A skipped file's name is untrusted text too.
        let skipped = [PathBuf::from("inbox/\u{1b}]0;owned\u{7}notes\u{202e}.md")];
        write(
            &mut out,
            &[hostile_report(), clean_report()],
            &skipped,
            format,
            TextStyle { lang, color },
        )
        .expect("writes");
        String::from_utf8(out).expect("utf-8 output")
    }

    fn assert_safe(output: &str, color: bool) {
        for c in output.chars() {
            if c == '\n' || (color && c == '\u{1b}') {
                continue;
            }
            assert!(!sanitize::is_unsafe(c), "raw {:?} in output:\n{output}", c);
        }
        if color {
            // Only our own SGR sequences: ESC [ digits/; m.
            for part in output.split('\u{1b}').skip(1) {
                let sgr = part.strip_prefix('[').unwrap_or("");
                let end = sgr.find('m').expect("SGR ends with m");
                assert!(
                    sgr[..end].chars().all(|c| c.is_ascii_digit() || c == ';'),
                    "foreign escape sequence: {part:?}"
                );
            }
        }
    }

    #[test]
    fn no_control_character_from_a_report_reaches_the_output() {
        for format in [Format::Text, Format::Json, Format::Jsonl] {
            for lang in [Lang::Zh, Lang::En] {
                assert_safe(&render(format, lang, false), false);
            }
        }
        assert_safe(&render(Format::Text, Lang::Zh, true), true);
    }

    #[test]
    fn machine_output_keeps_the_text_recoverable() {
        let line = render(Format::Jsonl, Lang::Zh, false);
        let value: serde_json::Value = serde_json::from_str(line.trim()).expect("valid JSON");
        assert_eq!(value["evidence"]["found"], HOSTILE);
        let document = render(Format::Json, Lang::Zh, false);
        let value: serde_json::Value = serde_json::from_str(&document).expect("valid JSON");
        assert_eq!(value["reports"][0]["parse"]["title"], HOSTILE);
    }

    #[test]
    fn jsonl_has_exactly_the_contract_keys() {
        let line = render(Format::Jsonl, Lang::En, false);
        assert_eq!(
            line.lines().count(),
            1,
            "a report without flags prints nothing"
        );
        let value: serde_json::Value = serde_json::from_str(line.trim()).expect("valid JSON");
        let keys: Vec<&str> = value
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "schema_version",
                "path",
                "agency",
                "year",
                "code",
                "severity",
                "line",
                "column",
                "message",
                "evidence",
                "fingerprint",
                "location",
                "source"
            ]
        );
        assert_eq!(value["severity"], "error");
        assert_eq!(value["line"], 3);
        assert_eq!(value["column"], 5);
        assert_eq!(value["fingerprint"], "0123456789abcdef");
        assert!(value["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("found")));
    }

    #[test]
    fn json_lists_every_report_with_its_summary() {
        let document = render(Format::Json, Lang::Zh, false);
        let value: serde_json::Value = serde_json::from_str(&document).expect("valid JSON");
        let reports = value["reports"].as_array().expect("reports");
        assert_eq!(reports.len(), 2);
        for key in [
            "path", "agency", "year", "template", "parse", "counts", "flags",
        ] {
            assert!(reports[1].get(key).is_some(), "missing {key}");
        }
        assert_eq!(reports[1]["flags"].as_array().map(Vec::len), Some(0));
        assert_eq!(value["schema_version"], SCHEMA_VERSION);
        assert_eq!(value["summary"]["reports"], 2);
        assert_eq!(value["summary"]["error"], 1);
        assert_eq!(
            value["summary"]["skipped"].as_array().map(Vec::len),
            Some(1)
        );
    }

    #[test]
    fn text_groups_flags_by_report_and_ends_with_a_summary() {
        let text = render(Format::Text, Lang::En, false);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("inbox/"), "{text}");
        assert!(lines[1].contains("3:5"), "{text}");
        assert!(lines[1].contains("error"), "{text}");
        assert!(lines[1].contains("period-reversed"), "{text}");
        assert!(
            !text.contains("clean.txt"),
            "reports without flags are not listed"
        );
        assert_eq!(
            lines[lines.len() - 2],
            "2 reports checked, 1 with flags: 1 error, 0 warnings, 0 info"
        );
        assert_eq!(
            lines.last().copied(),
            Some("skipped 1 file that is not a report: inbox/\u{FFFD}]0;owned\u{FFFD}notes\u{FFFD}.md")
        );
        let zh = render(Format::Text, Lang::Zh, false);
        assert!(zh.contains("错误"), "{zh}");
        assert!(
            zh.contains("提示 0 个\n跳过 1 个不是报告的文件：inbox/"),
            "{zh}"
        );
        assert!(!zh.contains('\u{1b}'));
    }
}
