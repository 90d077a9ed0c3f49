//! The agency and year of a report that were not read, set by hand.
//!
//! A report whose title page was cut or never filled in has no agency or year: its flags are
//! keyed by its file, and it shows and groups as "unknown". The supervisor who knows whose
//! report it is can set them. Setting them is a decision in the journal like a report's status
//! (author, time, audit trail, undo and redo, shared with the other supervisors): a flag line
//! whose `code` is [`REPORT_IDENTITY_CODE`], whose fingerprint is of the report as it was READ
//! (for a report without agency or year, its file; see [`super::report_status`]), whose
//! `action` is `identify` (`reopen` clears what was set), and which carries the values set:
//!
//! ```json
//! {"time":"…","user":"张三","fingerprint":"…","code":"report-identity",
//!  "report":{"agency":null,"year":null,"file":"017.txt","hash":null},
//!  "action":"identify","host":"PC-07","seq":14,"set_agency":"乌拉特中旗司法局","set_year":2023}
//! ```
//!
//! [`Identified::of`] (for many reports, [`identified`]) fills what was not read with what was
//! set, and never overrides what was read; it borrows the report, so nothing is copied or
//! changed. The flags' fingerprints are not recomputed (they stay those of what was read), so no
//! verdict is lost: only what is shown and grouped follows (review rows, exports, notices, the
//! roster, the per-agency view).
//!
//! Older journals load unchanged. An older nianbao skips these lines with a warning (an unknown
//! action) and reads the rest. A line is refused (a warning, the rest still loads) when it sets
//! nothing, an agency longer than [`MAX_AGENCY_CHARS`] or a year outside [`YEARS`]; control
//! characters in a set agency are dropped when the line is read.

use std::ops::RangeInclusive;
use std::sync::Arc;

use serde::Serialize;

use super::decision::{Action, Decision, ReportRef};
use super::report_status::{report_fingerprint_at, report_fingerprint_of, REPORT_STATUS_CODE};
use super::TriageStore;
use crate::flag::Fingerprint;
use crate::i18n::Lang;
use crate::pipeline::CheckedReport;
use crate::report_key::ReportKey;

/// The `code` of a decision setting a report's agency and year. Not a rule's code.
pub const REPORT_IDENTITY_CODE: &str = "report-identity";

/// The longest agency name that can be set (real names are well under 40 characters).
pub const MAX_AGENCY_CHARS: usize = 100;

/// The years that can be set: annual reports of government information disclosure.
pub const YEARS: RangeInclusive<i64> = 1990..=2100;

/// The agency and/or year set for a report (at least one of them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Identity {
    pub agency: Option<String>,
    pub year: Option<i32>,
}

/// Why a set identity is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("neither agency nor year is set")]
    Empty,
    #[error("agency longer than {MAX_AGENCY_CHARS} characters")]
    AgencyTooLong,
    #[error("year {0} outside {start}..={end}", start = YEARS.start(), end = YEARS.end())]
    YearOutOfRange(i64),
}

impl IdentityError {
    /// The error in `lang`, for the supervisor who typed the identity.
    pub fn display(&self, lang: Lang) -> String {
        match (self, lang) {
            (IdentityError::Empty, Lang::Zh) => "请填写机关或年度".to_string(),
            (IdentityError::AgencyTooLong, Lang::Zh) => {
                format!("机关名称超过 {MAX_AGENCY_CHARS} 个字")
            }
            (IdentityError::YearOutOfRange(year), Lang::Zh) => {
                format!("年度 {year} 超出 {}–{}", YEARS.start(), YEARS.end())
            }
            (_, Lang::En) => self.to_string(),
        }
    }
}

impl Identity {
    /// An identity from what a supervisor typed or a journal line holds: control characters
    /// dropped and the agency trimmed (an agency left empty is no agency), the agency's length
    /// and the year's range checked.
    pub fn new(agency: Option<&str>, year: Option<i64>) -> Result<Identity, IdentityError> {
        let agency = agency
            .map(|text| {
                text.chars()
                    .filter(|&c| !crate::sanitize::is_unsafe(c))
                    .collect::<String>()
                    .trim()
                    .to_string()
            })
            .filter(|text| !text.is_empty());
        if agency
            .as_ref()
            .is_some_and(|text| text.chars().count() > MAX_AGENCY_CHARS)
        {
            return Err(IdentityError::AgencyTooLong);
        }
        let year = match year {
            Some(year) if !YEARS.contains(&year) => {
                return Err(IdentityError::YearOutOfRange(year))
            }
            Some(year) => i32::try_from(year).ok(),
            None => None,
        };
        if agency.is_none() && year.is_none() {
            return Err(IdentityError::Empty);
        }
        Ok(Identity { agency, year })
    }

    /// [`Identity::new`] for a journal line's fields; the reason is the line's warning.
    pub(crate) fn from_line(agency: Option<&str>, year: Option<i64>) -> Result<Identity, String> {
        Identity::new(agency, year).map_err(|e| format!("identify: {e}"))
    }
}

/// The fingerprint a report's identity decisions stick to: of the report as it was read.
pub fn identity_fingerprint(report: &ReportRef) -> Fingerprint {
    report_fingerprint_of(REPORT_IDENTITY_CODE, report)
}

impl TriageStore {
    /// A decision of the current user setting the agency and/or year of `report` (as it was
    /// read), or clearing what was set (`None`). Record it like any decision.
    pub fn decide_identity(&self, report: Arc<ReportRef>, identity: Option<Identity>) -> Decision {
        let fingerprint = identity_fingerprint(&report);
        let action = match identity {
            Some(_) => Action::Identify,
            None => Action::Reopen,
        };
        let mut decision = self.decide(fingerprint, REPORT_IDENTITY_CODE, report, action);
        decision.identity = identity;
        decision
    }

    /// The agency and year set for `report` (as it was read), if anyone set them.
    pub fn report_identity(&self, report: &ReportRef) -> Option<(Option<String>, Option<i32>)> {
        self.identity_at(report.key())
            .map(|identity| (identity.agency.clone(), identity.year))
    }

    /// The identity set for the report read as `key`, borrowed from the journals (the views
    /// look it up for every report of the inbox, and copy nothing).
    pub fn identity_at(&self, key: ReportKey<'_>) -> Option<&Identity> {
        // What `Verdict::of` keeps: the last `identify`, unless a `reopen` cleared it since.
        let fingerprint = report_fingerprint_at(REPORT_IDENTITY_CODE, key);
        let last = self
            .history(fingerprint)
            .iter()
            .rev()
            .find(|d| matches!(d.action, Action::Identify | Action::Reopen))?;
        last.identity
            .as_ref()
            .filter(|_| last.action == Action::Identify)
    }

    /// The other name of a report whose agency or year was set by hand: for the report as it
    /// was read (by its file), its agency and year as set; for the report named by its agency
    /// and year, the file it was read as, if what was set there names the same agency and
    /// year. `None` when nothing was set.
    pub(crate) fn other_name<'a>(&'a self, report: &'a ReportRef) -> Option<ReportKey<'a>> {
        match report.key() {
            ReportKey::File(_) => {
                let set = self.identity_at(report.key())?;
                let agency = report.agency.as_deref().or(set.agency.as_deref())?;
                let year = report.year.or(set.year)?;
                Some(ReportKey::Known { agency, year })
            }
            ReportKey::Known { agency, year } => {
                let read = ReportKey::File(&report.file);
                let set = self.identity_at(read)?;
                let same = set.agency.as_deref().is_none_or(|a| a == agency)
                    && set.year.is_none_or(|y| y == year);
                same.then_some(read)
            }
        }
    }
}

/// Whether a decision is on a report (its status or its identity), not on a flag: its code
/// is a report-level code and its fingerprint is the one that code gives its report (a forged
/// line with a report-level code on a flag's fingerprint is still the flag's).
pub(crate) fn is_report_level(decision: &Decision) -> bool {
    let code = decision.code.as_ref();
    (code == REPORT_STATUS_CODE || code == REPORT_IDENTITY_CODE)
        && report_fingerprint_of(code, &decision.report) == decision.fingerprint
}

/// A report as it is shown and grouped: what was read, filled with the agency and year set by
/// hand where they were not read (what was read is never overridden). Borrowed from the report
/// and the journals, so that the views and exports over a whole inbox copy no report.
#[derive(Debug, Clone, Copy)]
pub struct Identified<'a> {
    /// The report as it was read (its flags' fingerprints, its status's name).
    pub report: &'a CheckedReport,
    pub agency: Option<&'a str>,
    pub year: Option<i32>,
}

impl<'a> Identified<'a> {
    /// `report` with what was set for it in `store` (none without a store).
    pub fn of(report: &'a CheckedReport, store: Option<&'a TriageStore>) -> Identified<'a> {
        let read = Identified::read(report);
        let set = match store {
            Some(store) if read.agency.is_none() || read.year.is_none() => {
                store.identity_at(ReportKey::of(read.agency, read.year, &report.file))
            }
            _ => None,
        };
        match set {
            None => read,
            Some(set) => Identified {
                report,
                agency: read.agency.or(set.agency.as_deref()),
                year: read.year.or(set.year),
            },
        }
    }

    /// `report` as it was read.
    pub fn read(report: &'a CheckedReport) -> Identified<'a> {
        Identified {
            report,
            agency: report.agency.as_deref(),
            year: report.year,
        }
    }

    /// Whether the agency shown was set by hand (not read).
    pub fn agency_set(&self) -> bool {
        self.report.agency.is_none() && self.agency.is_some()
    }

    /// Whether the year shown was set by hand (not read).
    pub fn year_set(&self) -> bool {
        self.report.year.is_none() && self.year.is_some()
    }
}

/// What the views and exports take a report as: a report as read ([`CheckedReport`]) or with
/// the agency and year set for it ([`Identified`]).
pub trait AsIdentified {
    fn identified(&self) -> Identified<'_>;
}

impl AsIdentified for CheckedReport {
    fn identified(&self) -> Identified<'_> {
        Identified::read(self)
    }
}

impl AsIdentified for Identified<'_> {
    fn identified(&self) -> Identified<'_> {
        *self
    }
}

/// Every report of `reports` with the agency and year set for it ([`Identified::of`]).
pub fn identified<'a>(
    reports: impl IntoIterator<Item = &'a CheckedReport>,
    store: Option<&'a TriageStore>,
) -> Vec<Identified<'a>> {
    reports
        .into_iter()
        .map(|report| Identified::of(report, store))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::triage::journal_path;

    fn unread(file: &str) -> Arc<ReportRef> {
        Arc::new(ReportRef {
            agency: None,
            year: None,
            file: file.into(),
            content_hash: None,
        })
    }

    fn identity(agency: &str, year: i64) -> Identity {
        Identity::new(Some(agency), Some(year)).unwrap()
    }

    #[test]
    fn a_set_identity_round_trips_through_the_journal_with_undo_redo_and_clearing() {
        let inbox = tempfile::tempdir().unwrap();
        let mut store = TriageStore::open_on(inbox.path(), "张三", "PC-07").unwrap();
        assert_eq!(store.report_identity(&unread("017.txt")), None);
        let first = store.decide_identity(unread("017.txt"), Some(identity("司法局", 2022)));
        store.record(first).unwrap();
        let second =
            store.decide_identity(unread("017.txt"), Some(identity("乌拉特中旗司法局", 2023)));
        store.record(second).unwrap();
        let expected = Some((Some("乌拉特中旗司法局".to_string()), Some(2023)));
        assert_eq!(store.report_identity(&unread("017.txt")), expected);
        // Another file without agency or year is another report.
        assert_eq!(store.report_identity(&unread("018.txt")), None);
        // The report's status is a history of its own.
        assert_eq!(store.report_status(&unread("017.txt")), None);

        // Read back by another supervisor, through the fast reader and through serde alike.
        let text = std::fs::read_to_string(journal_path(inbox.path(), "张三")).unwrap();
        assert!(
            text.contains("\"action\":\"identify\"")
                && text.contains("\"set_agency\":\"乌拉特中旗司法局\",\"set_year\":2023}"),
            "{text}"
        );
        let other = TriageStore::open_on(inbox.path(), "李四", "PC-08").unwrap();
        assert!(other.warnings().is_empty(), "{:?}", other.warnings());
        assert_eq!(other.report_identity(&unread("017.txt")), expected);

        // Undo goes back to what was set before; redo comes back.
        store.undo_batch().unwrap();
        assert_eq!(
            store.report_identity(&unread("017.txt")),
            Some((Some("司法局".to_string()), Some(2022)))
        );
        store.redo().unwrap();
        assert_eq!(store.report_identity(&unread("017.txt")), expected);

        // Clearing, and undoing the clearing.
        let clear = store.decide_identity(unread("017.txt"), None);
        store.record(clear).unwrap();
        assert_eq!(store.report_identity(&unread("017.txt")), None);
        store.undo_batch().unwrap();
        assert_eq!(store.report_identity(&unread("017.txt")), expected);
        let fresh = TriageStore::open_on(inbox.path(), "李四", "PC-08").unwrap();
        assert_eq!(fresh.report_identity(&unread("017.txt")), expected);
    }

    #[test]
    fn an_older_journal_still_loads_and_hostile_identity_lines_are_refused_or_cleaned() {
        let inbox = tempfile::tempdir().unwrap();
        let path = journal_path(inbox.path(), "王五");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let fingerprint = identity_fingerprint(&unread("017.txt"));
        let line = |tail: &str| {
            format!(
                "{{\"time\":\"2024-03-01T08:00:00.000Z\",\"user\":\"王五\",\"fingerprint\":\"{fingerprint}\",\"code\":\"report-identity\",\"report\":{{\"agency\":null,\"year\":null,\"file\":\"017.txt\",\"hash\":null}},\"action\":\"identify\"{tail}}}\n"
            )
        };
        let huge = "局".repeat(MAX_AGENCY_CHARS + 1);
        let text = [
            // An older line (no identity anywhere) on a flag.
            "{\"time\":\"2024-03-01T07:00:00.000Z\",\"user\":\"王五\",\"fingerprint\":\"000000000000002a\",\"code\":\"blank-cell\",\"report\":{\"agency\":\"司法局\",\"year\":2023,\"file\":\"004.txt\",\"hash\":null},\"action\":\"confirm\"}\n".to_string(),
            line(",\"set_agency\":\"司法局\",\"set_year\":2023"),
            line(&format!(",\"set_agency\":\"{huge}\"")),
            line(",\"set_year\":99999"),
            line(""),
            line(",\"set_agency\":\"\\u001b[31m伪造局\\u0007\",\"set_year\":2024"),
        ]
        .concat();
        std::fs::write(&path, text).unwrap();
        let store = TriageStore::open_on(inbox.path(), "张三", "PC-07").unwrap();
        let refused: Vec<u64> = store.warnings().iter().map(|w| w.line).collect();
        assert_eq!(refused, vec![3, 4, 5], "{:?}", store.warnings());
        assert_eq!(
            store.verdict(crate::flag::Fingerprint(42)).status,
            crate::triage::Status::Confirmed
        );
        // The last good line wins, its escape sequence and bell gone.
        assert_eq!(
            store.report_identity(&unread("017.txt")),
            Some((Some("[31m伪造局".to_string()), Some(2024)))
        );
    }

    #[test]
    fn typed_identities_are_bounded() {
        assert_eq!(Identity::new(Some("  "), None), Err(IdentityError::Empty));
        assert_eq!(
            Identity::new(None, Some(99999)),
            Err(IdentityError::YearOutOfRange(99999))
        );
        assert_eq!(
            Identity::new(Some(&"局".repeat(101)), Some(2023)),
            Err(IdentityError::AgencyTooLong)
        );
        assert_eq!(
            Identity::new(Some(" 司法局\u{202E} "), None),
            Ok(Identity {
                agency: Some("司法局".into()),
                year: None
            })
        );
    }

    /// A report of no flags, as checked.
    pub(crate) fn checked(file: &str, agency: Option<&str>, year: Option<i32>) -> CheckedReport {
        CheckedReport {
            path: file.into(),
            file: file.into(),
            agency: agency.map(str::to_string),
            year,
            template: None,
            summary: Default::default(),
            flags: Vec::new(),
        }
    }

    #[test]
    fn a_set_identity_fills_only_what_was_not_read() {
        let inbox = tempfile::tempdir().unwrap();
        let mut store = TriageStore::open_on(inbox.path(), "张三", "PC-07").unwrap();
        let reports = vec![
            checked("017.txt", None, None),
            checked("018.txt", Some("教育局"), None),
            checked("019.txt", Some("卫健委"), Some(2023)),
        ];
        for report in &reports {
            let set = store.decide_identity(
                Arc::new(ReportRef::of(report, None)),
                Some(identity("司法局", 2022)),
            );
            store.record(set).unwrap();
        }
        let shown: Vec<(Option<&str>, Option<i32>)> = identified(&reports, Some(&store))
            .into_iter()
            .map(|r| (r.agency, r.year))
            .collect();
        assert_eq!(
            shown,
            vec![
                (Some("司法局"), Some(2022)),
                // The agency that was read stays; only the year is filled.
                (Some("教育局"), Some(2022)),
                // Both read: nothing changes.
                (Some("卫健委"), Some(2023)),
            ]
        );
    }
}
