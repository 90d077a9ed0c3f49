//! `check --format sarif`: the flags as a SARIF 2.1.0 log, for code-scanning tools and editors.
//!
//! One run; the tool's rules are the whole catalogue (id = the rule code, with its title,
//! summary and documentation in the language asked for), each result points at its rule by
//! index. Columns are counted in characters (`columnKind: unicodeCodePoints`), as nianbao
//! counts them. The fingerprint is the one the triage journal keys verdicts by.

use serde_json::{json, Value};

use crate::flag::{Flag, Severity};
use crate::i18n::Lang;
use crate::pipeline::CheckedReport;
use crate::rules::catalogue;
use crate::rules::RuleMeta;

/// The SARIF version written, and its schema.
const VERSION: &str = "2.1.0";
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log with `results` as its one run's results (the streamed writer gives a
/// placeholder, see [`super::pretty`]).
pub(super) fn log(results: Value, lang: Lang) -> Value {
    let rules: Vec<Value> = catalogue::metas()
        .map(|meta| rule_json(meta, lang))
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [{
            "tool": {
                "driver": {
                    "name": "nianbao",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// The depth of the results array in the log (`runs[0].results`).
pub(super) const RESULTS_DEPTH: usize = 3;

/// SARIF's level for a severity: info is a `note`.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_json(meta: &RuleMeta, lang: Lang) -> Value {
    let doc = meta.doc();
    let mut help = String::new();
    for (section, body) in doc.sections_in(lang) {
        help.push_str(&format!("## {}\n\n{body}\n\n", section.heading(lang)));
    }
    json!({
        "id": meta.code,
        "name": meta.title_en,
        "shortDescription": { "text": meta.title().get(lang) },
        "fullDescription": { "text": doc.summary.get(lang) },
        "help": { "text": help.trim_end(), "markdown": help.trim_end() },
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": {
            "group": meta.group.code(),
            "title": meta.title(),
        },
    })
}

pub(super) fn result_json(
    report: &CheckedReport,
    flag: &Flag,
    metas: &[&'static RuleMeta],
    lang: Lang,
) -> Value {
    let mut physical = json!({
        "artifactLocation": { "uri": uri(&report.path.to_string_lossy()) },
    });
    if let Some(line) = flag.location.line {
        let mut region = json!({ "startLine": line });
        if let Some(column) = flag.location.column {
            region["startColumn"] = column.into();
            if let Some(len) = flag.location.len {
                region["endColumn"] = (column + len).into();
            }
        }
        if let Some(end) = flag.location.end_line {
            region["endLine"] = end.into();
        }
        physical["region"] = region;
    }
    let mut result = json!({
        "ruleId": flag.code,
        "level": level(flag.severity),
        "message": { "text": flag.message.get(lang) },
        "locations": [{ "physicalLocation": physical }],
        "partialFingerprints": { "nianbao/v1": flag.fingerprint },
        "properties": {
            "agency": report.agency,
            "year": report.year,
            "evidence": flag.evidence,
        },
    });
    if let Some(index) = metas.iter().position(|m| m.code == flag.code) {
        result["ruleIndex"] = index.into();
    }
    result
}

/// A file path as a relative URI reference: `/` separators, every byte outside the unreserved
/// set and `/` percent-encoded (file names are often Chinese, and may hold spaces or `#`).
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("inbox/a b#1.txt"), "inbox/a%20b%231.txt");
        assert_eq!(
            uri("收件箱\\报告.txt"),
            "%E6%94%B6%E4%BB%B6%E7%AE%B1/%E6%8A%A5%E5%91%8A.txt"
        );
    }

    #[test]
    fn info_is_a_note() {
        assert_eq!(level(Severity::Info), "note");
        assert_eq!(level(Severity::Error), "error");
    }
}
