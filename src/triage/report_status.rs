//! A report's status: 通过 (passed), 退回整改 (returned for correction) or 已审 (reviewed), with
//! a note.
//!
//! The status is a decision in the journal like a flag's verdict, so it has an author, a time,
//! an audit trail, undo and redo, and it reaches the other supervisors the same way. Its line
//! is a flag line whose `code` is [`REPORT_STATUS_CODE`], whose fingerprint is the report's
//! ([`report_fingerprint`]: of its agency and year, else its file, as flags name their report,
//! so a re-submitted report keeps the status until someone changes it), and whose `action` is
//! `pass`, `return` or `reviewed` (`reopen` clears the status):
//!
//! ```json
//! {"time":"…","user":"张三","fingerprint":"…","code":"report-status",
//!  "report":{"agency":"乌拉特中旗司法局","year":2023,"file":"004.txt"},
//!  "action":"return","note":"表三请重新填报","host":"PC-07","seq":13}
//! ```
//!
//! Older journals load unchanged (they have no such lines). An older nianbao skips these lines
//! with a warning (an unknown action) and reads the rest. A forged line cannot do more than a
//! real one: `pass` on a flag's fingerprint leaves the flag's status as it was, and a
//! report-status line never shows as a flag (never as 已整改 in [`super::Review`]).

use std::sync::Arc;

use serde::Serialize;

use super::decision::{Action, Decision, ReportRef, Verdict};
use super::TriageStore;
use crate::flag::Fingerprint;
use crate::i18n::Lang;
use crate::report_key::ReportKey;

/// A report's status with its note.
pub type StatusWithNote = (ReportStatus, Option<String>);

/// The `code` of a report-status decision. Not a rule's code: rule codes have no such name.
pub const REPORT_STATUS_CODE: &str = "report-status";

/// Where a report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportStatus {
    /// 通过
    Passed,
    /// 退回整改
    Returned,
    /// 已审
    Reviewed,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 3] = [
        ReportStatus::Passed,
        ReportStatus::Returned,
        ReportStatus::Reviewed,
    ];

    /// The stable lowercase name used in machine output.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Passed => "passed",
            ReportStatus::Returned => "returned",
            ReportStatus::Reviewed => "reviewed",
        }
    }

    /// The name shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ReportStatus::Passed => lang.pick("通过", "passed"),
            ReportStatus::Returned => lang.pick("退回整改", "returned"),
            ReportStatus::Reviewed => lang.pick("已审", "reviewed"),
        }
    }

    /// The action that sets this status.
    pub fn action(self) -> Action {
        match self {
            ReportStatus::Passed => Action::Pass,
            ReportStatus::Returned => Action::Return,
            ReportStatus::Reviewed => Action::Reviewed,
        }
    }

    /// The action that brings a report to `status` (none: `reopen`).
    pub fn to_reach(status: Option<ReportStatus>) -> Action {
        status.map_or(Action::Reopen, ReportStatus::action)
    }
}

/// The fingerprint a report's status decisions stick to: of the report as flags name it
/// (agency and year, else the file), never equal to a flag's (those hash a rule code first).
pub fn report_fingerprint(report: &ReportRef) -> Fingerprint {
    report_fingerprint_of(REPORT_STATUS_CODE, report)
}

/// The fingerprint the report-level decisions of `code` stick to: each kind of report-level
/// decision ([`REPORT_STATUS_CODE`], [`super::report_identity::REPORT_IDENTITY_CODE`]) has its
/// own history, so that clearing one never clears the other.
pub(crate) fn report_fingerprint_of(code: &str, report: &ReportRef) -> Fingerprint {
    report_fingerprint_at(code, report.key())
}

/// [`report_fingerprint_of`] for a report named by its key.
pub(crate) fn report_fingerprint_at(code: &str, key: ReportKey<'_>) -> Fingerprint {
    Fingerprint::of(std::iter::once(code.to_string()).chain(key.fingerprint_parts()))
}

impl TriageStore {
    /// A decision of the current user on a report's status: `pass`, `return` or `reviewed`
    /// sets it, `reopen` clears it. Record it like any decision.
    pub fn decide_report(&self, report: Arc<ReportRef>, action: Action) -> Decision {
        let fingerprint = report_fingerprint(&report);
        self.decide(fingerprint, REPORT_STATUS_CODE, report, action)
    }

    /// A report's status and its note, if anyone set one.
    ///
    /// A report whose agency or year was set by hand has two names: the file it was known by
    /// when read, and its agency and year since. Its status may have been recorded under
    /// either (before or after they were set, by the dashboard which names it as read, or on
    /// the report as exports show it), so both histories count, the latest decision last.
    pub fn report_status(&self, report: &ReportRef) -> Option<StatusWithNote> {
        let own = report_fingerprint(report);
        let verdict = match self
            .other_name(report)
            .map(|key| report_fingerprint_at(REPORT_STATUS_CODE, key))
        {
            Some(other) if other != own => {
                let mut merged: Vec<Decision> = self
                    .history(own)
                    .iter()
                    .chain(self.history(other))
                    .cloned()
                    .collect();
                merged.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
                Verdict::of(&merged)
            }
            _ => self.verdict(own),
        };
        verdict.report_status.map(|status| (status, verdict.note))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::triage::{journal_path, Status};

    fn report(file: &str) -> Arc<ReportRef> {
        Arc::new(ReportRef {
            agency: Some("乌拉特中旗司法局".into()),
            year: Some(2023),
            file: file.into(),
            content_hash: None,
        })
    }

    #[test]
    fn a_status_is_a_journal_decision_undone_and_read_back_like_any_other() {
        let inbox = tempfile::tempdir().unwrap();
        let mut store = TriageStore::open_on(inbox.path(), "张三", "PC-07").unwrap();
        assert_eq!(store.report_status(&report("004.txt")), None);
        let reviewed = store.decide_report(report("004.txt"), Action::Reviewed);
        store.record(reviewed).unwrap();
        let returned = store
            .decide_report(report("004.txt"), Action::Return)
            .with_note("表三请重新填报");
        store.record(returned).unwrap();
        let expected = Some((ReportStatus::Returned, Some("表三请重新填报".to_string())));
        assert_eq!(store.report_status(&report("004.txt")), expected);
        // The re-submitted file of the same agency and year has the same status.
        assert_eq!(store.report_status(&report("004-v2.txt")), expected);

        // Undo goes back to the status before (已审), not to "open".
        store.undo_batch().unwrap();
        assert_eq!(
            store.report_status(&report("004.txt")).map(|s| s.0),
            Some(ReportStatus::Reviewed)
        );
        store.redo().unwrap();
        let text = std::fs::read_to_string(journal_path(inbox.path(), "张三")).unwrap();
        assert!(
            text.contains("\"action\":\"return\"") && text.contains("\"code\":\"report-status\""),
            "{text}"
        );

        // Another supervisor reads the same status from the journals.
        let other = TriageStore::open_on(inbox.path(), "李四", "PC-08").unwrap();
        assert_eq!(other.report_status(&report("004.txt")), expected);

        // `reopen` clears it; undo of the clearing restores it.
        let clear = store.decide_report(report("004.txt"), Action::Reopen);
        store.record(clear).unwrap();
        assert_eq!(store.report_status(&report("004.txt")), None);
        store.undo_batch().unwrap();
        assert_eq!(
            store.report_status(&report("004.txt")).map(|s| s.0),
            Some(ReportStatus::Returned)
        );
    }

    #[test]
    fn a_report_status_line_on_a_flag_changes_nothing_of_the_flag() {
        let inbox = tempfile::tempdir().unwrap();
        let mut store = TriageStore::open_on(inbox.path(), "张三", "PC-07").unwrap();
        let flag = Fingerprint(42);
        let confirm = store.decide(flag, "blank-cell", report("004.txt"), Action::Confirm);
        store.record(confirm).unwrap();
        // A forged (or mistaken) `pass` on a flag's fingerprint.
        let forged = store.decide(flag, "blank-cell", report("004.txt"), Action::Pass);
        store.record(forged).unwrap();
        assert_eq!(store.verdict(flag).status, Status::Confirmed);
        assert_ne!(report_fingerprint(&report("004.txt")), flag);
    }

    #[test]
    fn a_status_recorded_before_the_agency_and_year_were_set_is_still_found_after() {
        let inbox = tempfile::tempdir().unwrap();
        let mut store = TriageStore::open_on(inbox.path(), "张三", "PC-07").unwrap();
        let read = Arc::new(ReportRef {
            agency: None,
            year: None,
            file: "017.txt".into(),
            content_hash: None,
        });
        // As the exports and views name the report once its agency and year are set.
        let shown = ReportRef {
            agency: Some("乌拉特中旗司法局".into()),
            year: Some(2023),
            ..(*read).clone()
        };
        let returned = store
            .decide_report(read.clone(), Action::Return)
            .with_note("缺表三");
        store.record(returned).unwrap();
        let set = crate::triage::Identity::new(Some("乌拉特中旗司法局"), Some(2023)).unwrap();
        let identify = store.decide_identity(read.clone(), Some(set));
        store.record(identify).unwrap();
        let expected = Some((ReportStatus::Returned, Some("缺表三".to_string())));
        assert_eq!(store.report_status(&shown), expected);
        assert_eq!(store.report_status(&read), expected);

        // A later status under the other name wins, whichever name it is looked up by.
        let passed = store.decide_report(Arc::new(shown.clone()), Action::Pass);
        store.record(passed).unwrap();
        assert_eq!(
            store.report_status(&read).map(|s| s.0),
            Some(ReportStatus::Passed)
        );
        assert_eq!(
            store.report_status(&shown).map(|s| s.0),
            Some(ReportStatus::Passed)
        );

        // Another agency's report in a file of the same name is another report.
        let other = ReportRef {
            agency: Some("教育局".into()),
            ..shown.clone()
        };
        assert_eq!(store.report_status(&other), None);
        // Clearing what was set parts the two names again.
        let clear = store.decide_identity(read.clone(), None);
        store.record(clear).unwrap();
        assert_eq!(
            store.report_status(&read).map(|s| s.0),
            Some(ReportStatus::Returned)
        );
    }
}
