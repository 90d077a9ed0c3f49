//! The journal's line format: a decision written as one JSON object ([`encode`]), and the
//! borrowed shape a line is read into before it becomes a decision.

use std::borrow::Cow;

use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};

use crate::flag::Fingerprint;
use crate::triage::decision::Decision;

#[derive(Serialize)]
struct LineOut<'a> {
    time: String,
    user: &'a str,
    fingerprint: Fingerprint,
    code: &'a str,
    report: ReportOut<'a>,
    action: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    undo: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    host: Option<&'a str>,
    /// 0 only for a decision no store numbered (a test's, a benchmark's): left out, as in
    /// older lines.
    #[serde(skip_serializing_if = "is_zero")]
    seq: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    batch: Option<u64>,
    /// What an `identify` decision sets (see [`crate::triage::report_identity`]); left out of
    /// every other line, so older lines and older readers are unaffected.
    #[serde(skip_serializing_if = "Option::is_none")]
    set_agency: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    set_year: Option<i32>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct ReportOut<'a> {
    agency: Option<&'a str>,
    year: Option<i32>,
    file: &'a str,
    hash: Option<&'a str>,
}

// Strings borrow from the file's buffer whenever they hold no escapes, so that a million lines
// parse without a million allocations per field; repeated ones (users, codes, reports) are
// then shared through an interner.
#[derive(Deserialize)]
pub(super) struct LineIn<'a> {
    #[serde(borrow)]
    pub(super) time: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) user: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) fingerprint: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) code: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) report: ReportIn<'a>,
    #[serde(borrow)]
    pub(super) action: Cow<'a, str>,
    #[serde(borrow, default)]
    pub(super) note: Option<Cow<'a, str>>,
    #[serde(default)]
    pub(super) undo: bool,
    #[serde(borrow, default)]
    pub(super) host: Option<Cow<'a, str>>,
    #[serde(default)]
    pub(super) seq: Option<u64>,
    #[serde(default)]
    pub(super) batch: Option<u64>,
    #[serde(borrow, default)]
    pub(super) set_agency: Option<Cow<'a, str>>,
    #[serde(default)]
    pub(super) set_year: Option<i64>,
    /// The report object as written, when the fast reader read the line: the interner's key.
    #[serde(skip)]
    pub(super) report_raw: Option<&'a str>,
}

#[derive(Deserialize)]
pub(super) struct ReportIn<'a> {
    #[serde(borrow, default)]
    pub(super) agency: Option<Cow<'a, str>>,
    #[serde(default)]
    pub(super) year: Option<i32>,
    #[serde(borrow)]
    pub(super) file: Cow<'a, str>,
    #[serde(borrow, default)]
    pub(super) hash: Option<Cow<'a, str>>,
}

/// The journal line of a decision, newline included.
pub fn encode(decision: &Decision) -> serde_json::Result<Vec<u8>> {
    let report = &decision.report;
    let line = LineOut {
        time: decision.time.to_rfc3339_opts(SecondsFormat::Millis, true),
        user: &decision.user,
        fingerprint: decision.fingerprint,
        code: &decision.code,
        report: ReportOut {
            agency: report.agency.as_deref(),
            year: report.year,
            file: &report.file,
            hash: report.content_hash.as_deref(),
        },
        action: decision.action.as_str(),
        note: decision.note.as_deref(),
        undo: decision.undo,
        host: decision.host.as_deref(),
        seq: decision.seq,
        batch: decision.batch,
        set_agency: decision
            .identity
            .as_ref()
            .and_then(|identity| identity.agency.as_deref()),
        set_year: decision
            .identity
            .as_ref()
            .and_then(|identity| identity.year),
    };
    let mut bytes = serde_json::to_vec(&line)?;
    bytes.push(b'\n');
    Ok(bytes)
}
