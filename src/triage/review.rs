//! The review: the inbox's current flags joined with their verdicts, plus the flags with a
//! history that no longer appear. Exports (and the dashboard) read only this view.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use super::decision::{Decision, ReportRef, Status, Verdict};
use super::report_identity::{AsIdentified, Identified};
use super::report_status::StatusWithNote;
use super::{relative_file, TriageStore};
use crate::flag::{Evidence, Fingerprint, Flag, FlagMessage, Location, Severity};
use crate::i18n::{Lang, Localized};
use crate::pipeline::CheckedReport;
use crate::report_key::ReportKey;

/// The status of a row: a verdict, or what became of a flag that is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowStatus {
    Open,
    Confirmed,
    Dismissed,
    /// 已整改: the flag had a history, its report is still in the inbox, and the flag no longer
    /// appears in it.
    Resolved,
    /// The flag had a history but its report (agency and year, else file) is no longer in the
    /// inbox at all: kept, never silently dropped, but not claimed as rectified.
    Absent,
    /// 无法对应: a verdict of an older journal on a report without agency or year, whose
    /// fingerprint every such report shared, that matches no flag of its report now (see
    /// [`Review::build`]). Its report is still in the inbox, but whether the defect was
    /// rectified cannot be told: never counted as 已整改.
    Unattributed,
}

impl RowStatus {
    pub const ALL: [RowStatus; 6] = [
        RowStatus::Open,
        RowStatus::Confirmed,
        RowStatus::Dismissed,
        RowStatus::Resolved,
        RowStatus::Absent,
        RowStatus::Unattributed,
    ];

    /// The stable lowercase name used in machine output.
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Open => "open",
            RowStatus::Confirmed => "confirmed",
            RowStatus::Dismissed => "dismissed",
            RowStatus::Resolved => "resolved",
            RowStatus::Absent => "absent",
            RowStatus::Unattributed => "unattributed",
        }
    }

    /// The name shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RowStatus::Open => Status::Open.label(lang),
            RowStatus::Confirmed => Status::Confirmed.label(lang),
            RowStatus::Dismissed => Status::Dismissed.label(lang),
            RowStatus::Resolved => lang.pick("已整改", "resolved"),
            RowStatus::Absent => lang.pick("报告缺失", "report absent"),
            RowStatus::Unattributed => lang.pick("无法对应", "unattributed"),
        }
    }
}

impl From<Status> for RowStatus {
    fn from(status: Status) -> RowStatus {
        match status {
            Status::Open => RowStatus::Open,
            Status::Confirmed => RowStatus::Confirmed,
            Status::Dismissed => RowStatus::Dismissed,
        }
    }
}

/// One flag with its verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// The report file, relative to the inbox.
    pub file: String,
    /// The rule code.
    pub code: String,
    /// The flag's severity; for a flag that is gone, its rule's default (none for a rule that
    /// no longer exists).
    pub severity: Option<Severity>,
    /// Where the flag is; none for a flag that is gone.
    pub location: Option<Location>,
    /// The flag's message; for a flag that is gone, its rule's title.
    pub message: FlagMessage,
    pub evidence: Evidence,
    pub fingerprint: Fingerprint,
    pub status: RowStatus,
    /// The verdict as decided (for a flag that is gone, the last one it had).
    pub verdict: Verdict,
    /// Every decision on the flag, in merge order.
    pub history: Vec<Decision>,
    /// The status of the row's report (通过 / 退回整改 / 已审), and its note.
    pub report_status: Option<StatusWithNote>,
}

/// Every row, in report order (the order of the check), each report's flags in their order
/// followed by its resolved ones, then the rows of reports no longer in the inbox.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Review {
    pub rows: Vec<ReviewRow>,
}

/// The flags with a history that no longer appear ([`Review::gone`]).
#[derive(Debug, Clone, Default)]
pub struct Gone {
    /// For each report (in the order given): its flags that are gone (已整改, or 无法对应),
    /// by rule code then fingerprint.
    pub by_report: Vec<Vec<ReviewRow>>,
    /// The rows whose report is no longer in the inbox at all, by agency, year and file.
    pub absent: Vec<ReviewRow>,
    /// Decisions of older journals that belong to a current flag now (its fingerprint now).
    attributed: HashMap<Fingerprint, Vec<Decision>>,
}

/// The row of a current flag, with the decisions taken on it.
fn flag_row(report: Identified<'_>, file: &str, flag: &Flag, history: &[Decision]) -> ReviewRow {
    let verdict = Verdict::of(history);
    ReviewRow {
        agency: report.agency.map(str::to_string),
        year: report.year,
        file: file.to_string(),
        code: flag.code.to_string(),
        severity: Some(flag.severity),
        location: Some(flag.location),
        message: flag.message.clone(),
        evidence: flag.evidence.clone(),
        fingerprint: flag.fingerprint,
        status: verdict.status.into(),
        verdict,
        history: history.to_vec(),
        report_status: None,
    }
}

/// The row of one flag of a check that nobody has reviewed yet (see [`Review::unreviewed`]),
/// its file named as it was given: what `check --format csv` writes as each report comes.
pub fn unreviewed_row<R: AsIdentified>(report: &R, flag: &Flag) -> ReviewRow {
    let shown = report.identified();
    flag_row(
        shown,
        &relative_file(Path::new(""), &shown.report.path),
        flag,
        &[],
    )
}

impl Review {
    /// The flags with a history that no longer appear in `reports` (see [`Review::build`],
    /// which lists them): the dashboard shows them beside the report's current flags.
    pub fn gone(reports: &[&CheckedReport], store: &TriageStore) -> Gone {
        let mut by_identity: HashMap<ReportKey<'_>, usize> = HashMap::new();
        let mut by_file: HashMap<&str, usize> = HashMap::new();
        let mut current: HashSet<Fingerprint> = HashSet::new();
        // (file, fingerprint before files were keyed) → the flag's fingerprint now.
        let mut legacy: HashMap<(&str, Fingerprint), Fingerprint> = HashMap::new();
        for (index, report) in reports.iter().enumerate() {
            let key = ReportKey::of(report.agency.as_deref(), report.year, &report.file);
            by_identity.entry(key).or_insert(index);
            by_file.entry(report.file.as_str()).or_insert(index);
            current.extend(report.flags.iter().map(|f| f.fingerprint));
            for flag in &report.flags {
                if let Some(old) = flag.legacy_fingerprint {
                    legacy.insert((report.file.as_str(), old), flag.fingerprint);
                }
            }
        }

        let mut attributed: HashMap<Fingerprint, Vec<Decision>> = HashMap::new();
        let mut gone_by_report: Vec<Vec<ReviewRow>> = vec![Vec::new(); reports.len()];
        let mut absent = Vec::new();
        for fingerprint in store.fingerprints() {
            if current.contains(&fingerprint) {
                continue;
            }
            // A report's status or identity is not a flag: never a row of its own (never
            // 已整改).
            if store
                .history(fingerprint)
                .last()
                .is_some_and(super::report_identity::is_report_level)
            {
                continue;
            }
            // The decisions of a flag that is gone, and those of an old shared fingerprint
            // that stay unattributed, by recorded file (old ones were made on several files).
            let mut kept: Vec<Decision> = Vec::new();
            let mut unattributed: Vec<(&str, Vec<Decision>)> = Vec::new();
            let history = store.history(fingerprint);
            // Later decisions on an old fingerprint (an undo of an old decision) are old too.
            let old = history.iter().any(Decision::is_legacy);
            for decision in history {
                if !(old && matches!(decision.report.key(), ReportKey::File(_))) {
                    kept.push(decision.clone());
                    continue;
                }
                let file = decision.report.file.as_str();
                if let Some(&now) = legacy.get(&(file, fingerprint)) {
                    attributed.entry(now).or_default().push(decision.clone());
                    continue;
                }
                match unattributed.iter_mut().find(|(f, _)| *f == file) {
                    Some((_, group)) => group.push(decision.clone()),
                    None => unattributed.push((file, vec![decision.clone()])),
                }
            }
            if let Some(last) = kept.last() {
                let place = by_identity.get(&last.report.key()).copied();
                let mut row = gone_row(fingerprint, last, &kept);
                match place {
                    Some(index) => {
                        row.status = RowStatus::Resolved;
                        place_under(&mut row, reports[index]);
                        gone_by_report[index].push(row);
                    }
                    None => absent.push(row),
                }
            }
            for (file, group) in unattributed {
                let Some(last) = group.last() else { continue };
                let mut row = gone_row(fingerprint, last, &group);
                match by_file.get(file) {
                    Some(&index) => {
                        row.status = RowStatus::Unattributed;
                        place_under(&mut row, reports[index]);
                        gone_by_report[index].push(row);
                    }
                    None => absent.push(row),
                }
            }
        }

        for gone in &mut gone_by_report {
            gone.sort_by(|a, b| {
                (&a.code, a.fingerprint, a.status).cmp(&(&b.code, b.fingerprint, b.status))
            });
        }
        absent.sort_by(|a, b| {
            (&a.agency, a.year, &a.file, &a.code, a.fingerprint).cmp(&(
                &b.agency,
                b.year,
                &b.file,
                &b.code,
                b.fingerprint,
            ))
        });
        Gone {
            by_report: gone_by_report,
            absent,
            attributed,
        }
    }

    /// Joins the checked reports of an inbox with the verdicts in `store`.
    ///
    /// Decisions of older journals on reports without agency or year carry the fingerprint
    /// every such report shared ([`Decision::is_legacy`]). Each is attributed by the file it
    /// records: to the flag of that file (still without agency or year) that had its
    /// fingerprint then. One that cannot be (the report gained agency and year, or none of its
    /// flags had that fingerprint) is [`RowStatus::Unattributed`], never 已整改: whether its
    /// defect was rectified, or is only recognised differently now, cannot be told.
    ///
    /// Reports are taken as read, with the agency and year set by hand for them
    /// ([`Identified`]): the rows show and group by those, while the flags that are gone are
    /// placed by what was read, as their decisions name it.
    pub fn build<R: AsIdentified>(reports: &[R], store: &TriageStore) -> Review {
        let mut rows = Vec::new();
        let built = Review::each_row(reports, store, |row| {
            rows.push(row);
            Ok::<(), std::convert::Infallible>(())
        });
        match built {
            Ok(()) => Review { rows },
            Err(never) => match never {},
        }
    }

    /// The rows of [`Review::build`], in its order, handed to `each` one at a time instead of
    /// collected (an export of 100,000 flags writes each row as it comes). Stops at the first
    /// error of `each`.
    pub fn each_row<R: AsIdentified, E>(
        reports: &[R],
        store: &TriageStore,
        mut each: impl FnMut(ReviewRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let reports: Vec<Identified<'_>> = reports.iter().map(AsIdentified::identified).collect();
        let refs: Vec<&CheckedReport> = reports.iter().map(|r| r.report).collect();
        let Gone {
            by_report,
            absent,
            mut attributed,
        } = Review::gone(&refs, store);
        // Each row carries its report's status: rows of one report are consecutive, so the
        // status is looked up once per report.
        let mut last: Option<(ReportRef, Option<StatusWithNote>)> = None;
        let mut emit = |mut row: ReviewRow| {
            let report = ReportRef {
                agency: row.agency.clone(),
                year: row.year,
                file: row.file.clone(),
                content_hash: None,
            };
            row.report_status = match &last {
                Some((seen, status)) if seen.key() == report.key() => status.clone(),
                _ => {
                    let status = store.report_status(&report);
                    last = Some((report, status.clone()));
                    status
                }
            };
            each(row)
        };
        for (&report, mut gone) in reports.iter().zip(by_report) {
            for row in &mut gone {
                row.agency = report.agency.map(str::to_string);
                row.year = report.year;
            }
            for flag in &report.report.flags {
                let history = store.history(flag.fingerprint);
                let row = match attributed.remove(&flag.fingerprint) {
                    Some(mut old) => {
                        old.extend_from_slice(history);
                        old.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
                        flag_row(report, &report.report.file, flag, &old)
                    }
                    None => flag_row(report, &report.report.file, flag, history),
                };
                emit(row)?;
            }
            gone.into_iter().try_for_each(&mut emit)?;
        }
        absent.into_iter().try_for_each(&mut emit)
    }

    /// The flags of a check as rows nobody has reviewed yet (`check --format csv`), files
    /// named as they were given.
    pub fn unreviewed<R: AsIdentified>(reports: &[R]) -> Review {
        let rows = reports
            .iter()
            .map(AsIdentified::identified)
            .flat_map(|shown| {
                shown
                    .report
                    .flags
                    .iter()
                    .map(move |flag| unreviewed_row(&shown, flag))
            })
            .collect();
        Review { rows }
    }

    /// The number of rows with a status.
    pub fn count(&self, status: RowStatus) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }
}

/// A row of a flag that is gone, shown with the report it stays with as that report is now.
fn place_under(row: &mut ReviewRow, report: &CheckedReport) {
    row.agency = report.agency.clone();
    row.year = report.year;
    row.file = report.file.clone();
}

/// The row of a flag that no longer appears, from what its decisions recorded.
fn gone_row(fingerprint: Fingerprint, last: &Decision, history: &[Decision]) -> ReviewRow {
    let meta = crate::rules::meta(&last.code);
    let message = meta
        .map_or_else(
            || Localized::new(last.code.to_string(), last.code.to_string()),
            |meta| meta.title(),
        )
        .into();
    ReviewRow {
        agency: last.report.agency.clone(),
        year: last.report.year,
        file: last.report.file.clone(),
        code: last.code.to_string(),
        severity: meta.map(|m| m.severity),
        location: None,
        message,
        evidence: Evidence::new(),
        fingerprint,
        status: RowStatus::Absent,
        verdict: Verdict::of(history),
        history: history.to_vec(),
        report_status: None,
    }
}
