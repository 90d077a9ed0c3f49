//! Decisions and the verdict they add up to.

use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;

use crate::flag::Fingerprint;
use crate::i18n::Lang;
use crate::pipeline::CheckedReport;
use crate::report_key::ReportKey;

use super::report_identity::Identity;
use super::report_status::ReportStatus;

/// What a supervisor did to a flag, or to a report (see [`super::report_status`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// 确认: the flag is a real defect.
    Confirm,
    /// 驳回: the flag is a false alarm.
    Dismiss,
    /// Back to open (undecided); on a report, back to no status.
    Reopen,
    /// A note only; the status stays.
    Note,
    /// 通过: the report passes (a report's status).
    Pass,
    /// 退回整改: the report goes back for correction (a report's status).
    Return,
    /// 已审: the report was reviewed (a report's status).
    Reviewed,
    /// The agency and/or year of a report that were not read, set by hand (see
    /// [`super::report_identity`]); the values are the decision's [`Decision::identity`].
    Identify,
}

impl Action {
    /// The stable lowercase name used in the journal.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Confirm => "confirm",
            Action::Dismiss => "dismiss",
            Action::Reopen => "reopen",
            Action::Note => "note",
            Action::Pass => "pass",
            Action::Return => "return",
            Action::Reviewed => "reviewed",
            Action::Identify => "identify",
        }
    }

    pub fn parse(name: &str) -> Option<Action> {
        match name {
            "confirm" => Some(Action::Confirm),
            "dismiss" => Some(Action::Dismiss),
            "reopen" => Some(Action::Reopen),
            "note" => Some(Action::Note),
            "pass" => Some(Action::Pass),
            "return" => Some(Action::Return),
            "reviewed" => Some(Action::Reviewed),
            "identify" => Some(Action::Identify),
            _ => None,
        }
    }

    /// The name shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Action::Confirm => lang.pick("确认", "confirm"),
            Action::Dismiss => lang.pick("驳回", "dismiss"),
            Action::Reopen => lang.pick("重新打开", "reopen"),
            Action::Note => lang.pick("批注", "note"),
            Action::Pass => ReportStatus::Passed.label(lang),
            Action::Return => ReportStatus::Returned.label(lang),
            Action::Reviewed => ReportStatus::Reviewed.label(lang),
            Action::Identify => lang.pick("设定机关/年度", "set agency/year"),
        }
    }

    /// The action that brings a flag to `status`.
    pub fn to_reach(status: Status) -> Action {
        match status {
            Status::Open => Action::Reopen,
            Status::Confirmed => Action::Confirm,
            Status::Dismissed => Action::Dismiss,
        }
    }
}

/// Where a flag stands after its decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not decided yet (or reopened).
    #[default]
    Open,
    Confirmed,
    Dismissed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Confirmed => "confirmed",
            Status::Dismissed => "dismissed",
        }
    }

    /// The name shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Open => lang.pick("待审核", "open"),
            Status::Confirmed => lang.pick("确认", "confirmed"),
            Status::Dismissed => lang.pick("驳回", "dismissed"),
        }
    }
}

/// The report a decision was made on, as it was then: who, what year, which file, which
/// content. Kept with every decision so that the audit trail stands on its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
pub struct ReportRef {
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// The file, relative to the inbox (see [`super::relative_file`]).
    pub file: String,
    /// xxh3 of the file's bytes (see [`super::content_hash`]).
    pub content_hash: Option<String>,
}

impl ReportRef {
    /// The reference of a checked report, with the hash of the bytes that were checked (taken
    /// when the report was read; the file is never read again to record a decision, so the
    /// decision is about the content the supervisor saw).
    pub fn of(report: &CheckedReport, content_hash: Option<u64>) -> ReportRef {
        ReportRef {
            agency: report.agency.clone(),
            year: report.year,
            file: report.file.clone(),
            content_hash: content_hash.map(super::content_hash),
        }
    }

    /// The report this decision was made on, as flags name it: agency and year when both are
    /// known, else the file.
    pub fn key(&self) -> ReportKey<'_> {
        ReportKey::of(self.agency.as_deref(), self.year, &self.file)
    }
}

/// One decision on one flag, as one journal line.
#[derive(Debug, Clone)]
pub struct Decision {
    /// When, to the millisecond, in UTC.
    pub time: DateTime<Utc>,
    pub user: Arc<str>,
    pub fingerprint: Fingerprint,
    /// The rule code of the flag.
    pub code: Arc<str>,
    pub report: Arc<ReportRef>,
    pub action: Action,
    /// The note: the text of a [`Action::Note`], or a reason given with a status change. An
    /// empty note clears the flag's note; `None` leaves it as it is.
    pub note: Option<String>,
    /// Whether this decision is an undo (the inverse of an earlier decision of the same user).
    pub undo: bool,
    /// The machine the decision was made on (offices often all log in as Administrator);
    /// `None` in lines written before nianbao recorded it.
    pub host: Option<Arc<str>>,
    /// The user's sequence number: 1 for their first decision in the journal, then one more
    /// for each. Lines written before nianbao recorded it take the number after the line
    /// before them (see the ordering rule in [`super`]).
    pub seq: u64,
    /// The line carried no sequence number: written by a nianbao from before fingerprints
    /// named the file of a report without agency or year (see [`Decision::is_legacy`]).
    pub(crate) unnumbered: bool,
    /// The bulk decision this one is part of: the sequence number of the batch's first
    /// decision, shared by every line of one bulk decision (or one undo or redo of it), so
    /// that one undo reverts them all. `None` for a decision made alone, and in older lines.
    pub batch: Option<u64>,
    /// The agency and/or year an [`Action::Identify`] sets; `None` for every other decision.
    pub identity: Option<Identity>,
    /// The time this decision is ordered by: its time, unless that lies in the future or after
    /// the user's next decision (see the ordering rule in [`super`]).
    pub(crate) order_time: DateTime<Utc>,
    /// The order of this decision within its journal file, as this store read or wrote it.
    pub(crate) line: u64,
    /// The journal file this decision was read from or written to, as the store numbers them.
    pub(crate) journal: u32,
}

/// Equal when the journal lines would be equal (where the store keeps them does not count).
impl PartialEq for Decision {
    fn eq(&self, other: &Decision) -> bool {
        self.time == other.time
            && self.user == other.user
            && self.fingerprint == other.fingerprint
            && self.code == other.code
            && self.report == other.report
            && self.action == other.action
            && self.note == other.note
            && self.undo == other.undo
            && self.host == other.host
            && self.seq == other.seq
            && self.batch == other.batch
            && self.identity == other.identity
    }
}

impl Decision {
    /// A decision made now (time truncated to the millisecond, as the journal keeps it).
    pub fn new(
        user: impl Into<Arc<str>>,
        fingerprint: Fingerprint,
        code: impl Into<Arc<str>>,
        report: Arc<ReportRef>,
        action: Action,
    ) -> Decision {
        let time = Utc::now().trunc_subsecs(3);
        Decision {
            time,
            user: user.into(),
            fingerprint,
            code: code.into(),
            report,
            action,
            note: None,
            undo: false,
            host: None,
            seq: 0,
            unnumbered: false,
            batch: None,
            identity: None,
            order_time: time,
            line: 0,
            journal: 0,
        }
    }

    /// With a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Decision {
        self.note = Some(note.into());
        self
    }

    /// At another time (truncated to the millisecond).
    pub fn at(mut self, time: DateTime<Utc>) -> Decision {
        self.time = time.trunc_subsecs(3);
        self.order_time = self.time;
        self
    }

    /// The merge order of decisions (the rule is in [`super`]): by order time, then user, then
    /// the user's sequence number, then the place in the file. Two files naming the same user
    /// (a copied journal) are kept apart by their file.
    pub(crate) fn order_key(&self) -> (DateTime<Utc>, &str, u32, u64, u64) {
        (
            self.order_time,
            &self.user,
            self.journal,
            self.seq,
            self.line,
        )
    }

    /// Whether this decision's fingerprint may be of the old kind, shared by every report of the
    /// inbox without agency or year: it was recorded on such a report by a nianbao from before
    /// their fingerprints named the file (its line has no sequence number). [`super::Review`]
    /// attributes it to the flag of its recorded file that had this fingerprint then.
    pub fn is_legacy(&self) -> bool {
        self.unnumbered && matches!(self.report.key(), ReportKey::File(_))
    }

    /// The time this decision is ordered by, when it differs from its own (a time in the future,
    /// or after the user's next decision).
    pub fn ordered_at(&self) -> Option<DateTime<Utc>> {
        (self.order_time != self.time).then_some(self.order_time)
    }
}

/// Where a flag stands: its status, its note, and who decided last and when. For a report's
/// status decisions, also the report's status.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    pub status: Status,
    /// The report's status, for the decisions on a report (see [`super::report_status`]);
    /// always `None` for a flag's.
    pub report_status: Option<ReportStatus>,
    /// The agency and/or year set by hand, for the decisions on a report's identity (see
    /// [`super::report_identity`]); always `None` for a flag's.
    pub identity: Option<Identity>,
    pub note: Option<String>,
    /// The user of the last decision.
    pub user: Option<Arc<str>>,
    /// The time of the last decision.
    pub time: Option<DateTime<Utc>>,
}

impl Verdict {
    /// The verdict after a history of decisions (in merge order).
    pub fn of(history: &[Decision]) -> Verdict {
        let mut status = Status::Open;
        let mut report_status = None;
        let mut identity = None;
        let mut note: Option<&str> = None;
        for decision in history {
            status = decision.status_after(status);
            report_status = match decision.action {
                Action::Pass => Some(ReportStatus::Passed),
                Action::Return => Some(ReportStatus::Returned),
                Action::Reviewed => Some(ReportStatus::Reviewed),
                Action::Reopen => None,
                Action::Confirm | Action::Dismiss | Action::Note | Action::Identify => {
                    report_status
                }
            };
            identity = match decision.action {
                Action::Identify => decision.identity.clone(),
                Action::Reopen => None,
                _ => identity,
            };
            if let Some(text) = &decision.note {
                note = (!text.is_empty()).then_some(text.as_str());
            }
        }
        let last = history.last();
        Verdict {
            status,
            report_status,
            identity,
            note: note.map(str::to_string),
            user: last.map(|d| d.user.clone()),
            time: last.map(|d| d.time),
        }
    }

    /// Whether anyone ever decided anything on the flag.
    pub fn is_decided(&self) -> bool {
        self.time.is_some()
    }
}

impl Decision {
    fn status_after(&self, before: Status) -> Status {
        match self.action {
            Action::Confirm => Status::Confirmed,
            Action::Dismiss => Status::Dismissed,
            Action::Reopen => Status::Open,
            // A report's status is not a flag's: a line that puts one on a flag (a forged or
            // mistaken line) changes nothing of the flag.
            Action::Note | Action::Pass | Action::Return | Action::Reviewed | Action::Identify => {
                before
            }
        }
    }
}

/// The action and note that restore `before`, undoing `decision` (for a report's identity,
/// the identity to restore is `before.identity`: see [`super::report_identity`]).
pub(crate) fn inverse(decision: &Decision, before: &Verdict) -> (Action, Option<String>) {
    let restored_note = || Some(before.note.clone().unwrap_or_default());
    if decision.code.as_ref() == super::report_identity::REPORT_IDENTITY_CODE
        && decision.action != Action::Note
    {
        let action = match before.identity {
            Some(_) => Action::Identify,
            None => Action::Reopen,
        };
        return (action, decision.note.as_ref().and_then(|_| restored_note()));
    }
    if decision.code.as_ref() == super::report_status::REPORT_STATUS_CODE
        && decision.action != Action::Note
    {
        return (
            ReportStatus::to_reach(before.report_status),
            decision.note.as_ref().and_then(|_| restored_note()),
        );
    }
    match decision.action {
        Action::Note => (Action::Note, restored_note()),
        _ => (
            Action::to_reach(before.status),
            decision.note.as_ref().and_then(|_| restored_note()),
        ),
    }
}
