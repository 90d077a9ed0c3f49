//! Turning read lines into decisions, sharing the strings and reports that repeat.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::fast;
use super::line::{LineIn, ReportIn};
use crate::flag::Fingerprint;
use crate::hash::FxHasher;
use crate::triage::decision::{Action, Decision, ReportRef};
use crate::triage::report_identity::Identity;

/// Shares the strings that repeat from line to line (users, codes, reports). One interner
/// serves a worker through a whole journal, so that each report is built once per worker
/// rather than once per line.
#[derive(Default)]
pub(super) struct Interner {
    strings: HashMap<Box<str>, Arc<str>, BuildHasherDefault<FxHasher>>,
    /// Keyed by the report object as written: the same text is the same report.
    reports: HashMap<Box<str>, Arc<ReportRef>, BuildHasherDefault<FxHasher>>,
}

impl Interner {
    pub(super) fn string(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.strings.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.strings.insert(text.into(), shared.clone());
        shared
    }

    pub(super) fn report(&mut self, raw: Option<&str>, report: &ReportIn<'_>) -> Arc<ReportRef> {
        let make = || {
            Arc::new(ReportRef {
                agency: report.agency.as_deref().map(str::to_string),
                year: report.year,
                file: report.file.to_string(),
                content_hash: report.hash.as_deref().map(str::to_string),
            })
        };
        let Some(raw) = raw else {
            return make();
        };
        if let Some(shared) = self.reports.get(raw) {
            return shared.clone();
        }
        let shared = make();
        self.reports.insert(raw.into(), shared.clone());
        shared
    }

    /// A decoded line; its `seq` is 0 when the line has none (an older line: the store numbers
    /// it), as written sequence numbers start at 1.
    pub(super) fn decode(&mut self, line: &[u8]) -> Result<Decision, String> {
        let text = std::str::from_utf8(line).map_err(|_| "not UTF-8".to_string())?;
        let raw: LineIn<'_> = match fast::line(text) {
            Some(raw) => raw,
            None => serde_json::from_str(text).map_err(|e| e.to_string())?,
        };
        let time = match fast::time(&raw.time) {
            Some(time) => time,
            None => DateTime::parse_from_rfc3339(&raw.time)
                .map_err(|e| format!("time `{}`: {e}", raw.time))?
                .with_timezone(&Utc),
        };
        let fingerprint: Fingerprint = raw.fingerprint.parse()?;
        let action =
            Action::parse(&raw.action).ok_or_else(|| format!("unknown action `{}`", raw.action))?;
        let identity = match action {
            Action::Identify => Some(Identity::from_line(
                raw.set_agency.as_deref(),
                raw.set_year,
            )?),
            _ => None,
        };
        Ok(Decision {
            time,
            user: self.string(&raw.user),
            fingerprint,
            code: self.string(&raw.code),
            report: self.report(raw.report_raw, &raw.report),
            action,
            note: raw.note.map(Cow::into_owned),
            undo: raw.undo,
            host: raw.host.as_deref().map(|h| self.string(h)),
            seq: raw.seq.unwrap_or(0),
            unnumbered: raw.seq.is_none(),
            batch: raw.batch,
            identity,
            order_time: time,
            line: 0,
            journal: 0,
        })
    }
}
