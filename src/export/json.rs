//! JSON: the full structure of the exported rows, history included, for other systems.
//!
//! The document starts with `schema_version` (as `check --format json`). Times are UTC (RFC
//! 3339, milliseconds); messages carry both languages.
//! Characters a terminal would obey are escaped as in `check --format json`.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use super::{ExportError, ExportOptions};
use crate::sanitize::escape_terminal_controls;
use crate::schema::versioned;
use crate::triage::{Decision, ReviewRow, RowStatus};

pub(super) fn render(rows: &[&ReviewRow], options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let counts: serde_json::Map<String, Value> = RowStatus::ALL
        .iter()
        .map(|&status| {
            let count = rows.iter().filter(|r| r.status == status).count();
            (status.as_str().to_string(), count.into())
        })
        .collect();
    let document = versioned(json!({
        "status": options.status.as_str(),
        "counts": counts,
        "rows": rows.iter().map(|row| row_json(row)).collect::<Vec<_>>(),
    }));
    let text = serde_json::to_string_pretty(&document)?;
    let mut bytes = escape_terminal_controls(&text).into_bytes();
    bytes.push(b'\n');
    Ok(bytes)
}

fn row_json(row: &ReviewRow) -> Value {
    json!({
        "agency": row.agency,
        "year": row.year,
        "file": row.file,
        "code": row.code,
        "severity": row.severity,
        "location": row.location,
        "message": row.message,
        "evidence": row.evidence,
        "fingerprint": row.fingerprint,
        "status": row.status,
        "verdict": {
            "status": row.verdict.status,
            "note": row.verdict.note,
            "user": row.verdict.user.as_deref(),
            "time": row.verdict.time.map(utc),
        },
        "history": row.history.iter().map(decision_json).collect::<Vec<_>>(),
        "report_status": row.report_status.as_ref().map(|(status, _)| status.as_str()),
        "report_note": row.report_status.as_ref().and_then(|(_, note)| note.as_deref()),
    })
}

fn decision_json(decision: &Decision) -> Value {
    let mut value = json!({
        "time": utc(decision.time),
        "user": &*decision.user,
        "action": decision.action,
        "note": decision.note,
        "file": decision.report.file,
        "content_hash": decision.report.content_hash,
    });
    if let Some(object) = value.as_object_mut() {
        if let Some(host) = decision.host.as_deref() {
            object.insert("host".to_string(), host.into());
        }
        if decision.undo {
            object.insert("undo".to_string(), true.into());
        }
    }
    value
}

fn utc(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}
