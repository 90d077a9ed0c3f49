//! The lists a review is looked through, shared by the dashboard and the exports: the rows an
//! export takes ([`Scope`], [`review_of`]), the order of the reports ([`ReportOrder`]), the
//! totals of an inbox ([`Totals`]) and the order of the open queue ([`queue_order`]).
//!
//! The filter language itself is [`super::query`]; the per-agency progress is
//! [`super::progress`].

use super::query::{Query, Subject};
use super::report_identity::{AsIdentified, Identified};
use super::review::{Review, ReviewRow, RowStatus};
use super::{Status, TriageStore};
use crate::agency::PinyinKey;
use crate::flag::{Fingerprint, Severity};
use crate::i18n::Lang;
use crate::pipeline::CheckedReport;

/// Which rows of a review an export takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// Every row.
    All,
    /// The rows a filter passes, of one severity if one is given (as the dashboard lists them).
    Filter {
        query: Query,
        severity: Option<Severity>,
    },
    /// The rows of one agency (as shown: set by hand where it was not read).
    Agency(String),
}

impl Scope {
    /// Whether the scope takes `row`, its message read in `lang`.
    pub fn keeps(&self, row: &ReviewRow, lang: Lang) -> bool {
        match self {
            Scope::All => true,
            Scope::Filter { query, severity } => {
                severity.is_none_or(|s| row.severity == Some(s))
                    && query.matches(&Subject::of_row(row, lang))
            }
            Scope::Agency(agency) => row.agency.as_deref() == Some(agency.as_str()),
        }
    }
}

/// The rows of `reports` an export of `scope` writes, handed to `each` one at a time: every row
/// joined with its verdicts ([`Review::each_row`], agencies and years set by hand shown), those
/// outside the scope left out. `nianbao export` (which writes each row as it comes) and the
/// dashboard's export both write from it.
pub fn rows_of<R: AsIdentified, E>(
    reports: &[R],
    store: &TriageStore,
    scope: &Scope,
    lang: Lang,
    mut each: impl FnMut(ReviewRow) -> Result<(), E>,
) -> Result<(), E> {
    Review::each_row(reports, store, |row| {
        if scope.keeps(&row, lang) {
            each(row)
        } else {
            Ok(())
        }
    })
}

/// The rows of [`rows_of`], collected.
pub fn review_of<R: AsIdentified>(
    reports: &[R],
    store: &TriageStore,
    scope: &Scope,
    lang: Lang,
) -> Review {
    let mut rows = Vec::new();
    let collected = rows_of(reports, store, scope, lang, |row| {
        rows.push(row);
        Ok::<(), std::convert::Infallible>(())
    });
    match collected {
        Ok(()) => Review { rows },
        Err(never) => match never {},
    }
}

/// The order of a list of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportOrder {
    /// As they arrived.
    Arrival,
    /// Most errors (then warnings) first.
    Errors,
    /// Agencies in pinyin order, those without a name last.
    Agency,
    /// The latest year first, those without a year last.
    Year,
}

impl ReportOrder {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ReportOrder::Arrival => lang.pick("按到达顺序", "by arrival"),
            ReportOrder::Errors => lang.pick("按错误数", "by errors"),
            ReportOrder::Agency => lang.pick("按机关", "by agency"),
            ReportOrder::Year => lang.pick("按年度", "by year"),
        }
    }

    /// The order after this one, in turn.
    pub fn next(self) -> ReportOrder {
        match self {
            ReportOrder::Arrival => ReportOrder::Errors,
            ReportOrder::Errors => ReportOrder::Agency,
            ReportOrder::Agency => ReportOrder::Year,
            ReportOrder::Year => ReportOrder::Arrival,
        }
    }
}

/// Sorts `list`, indices into `reports` (as shown: agencies and years set by hand count), in
/// `order`; ties, and the arrival order itself, by `arrival`.
pub fn sort_reports<K: Ord>(
    list: &mut [usize],
    order: ReportOrder,
    reports: &[Identified<'_>],
    arrival: impl Fn(usize) -> K,
) {
    match order {
        ReportOrder::Arrival => list.sort_by_key(|&i| arrival(i)),
        ReportOrder::Errors => list.sort_by_cached_key(|&i| {
            let count = |s| reports[i].report.count(s);
            (
                std::cmp::Reverse((count(Severity::Error), count(Severity::Warning))),
                arrival(i),
            )
        }),
        ReportOrder::Agency => list.sort_by_cached_key(|&i| {
            let r = reports[i];
            (
                r.agency.is_none(),
                r.agency.map(PinyinKey::of),
                r.year,
                arrival(i),
            )
        }),
        ReportOrder::Year => list.sort_by_cached_key(|&i| {
            let r = reports[i];
            (
                r.year.is_none(),
                std::cmp::Reverse(r.year),
                r.agency.map(PinyinKey::of),
                arrival(i),
            )
        }),
    }
}

/// Counts over an inbox, for the dashboard's status bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub reports: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub open: usize,
    /// Flags of `unreadable` (files that could not be read).
    pub unreadable: usize,
    /// Flags with a history gone from their report: 已整改 (and 无法对应, counted apart).
    pub resolved: usize,
    pub unattributed: usize,
    /// Flags with a history whose report is no longer in the inbox.
    pub absent: usize,
}

impl Totals {
    /// Counts a report and its flags, `status` giving a flag's status and `unreadable` the
    /// code of the rule that flags unreadable files.
    pub fn add_report(
        &mut self,
        report: &CheckedReport,
        status: impl Fn(Fingerprint) -> Status,
        unreadable: &str,
    ) {
        self.reports += 1;
        for flag in &report.flags {
            match flag.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            if status(flag.fingerprint) == Status::Open {
                self.open += 1;
            }
            if flag.code == unreadable {
                self.unreadable += 1;
            }
        }
    }

    /// Counts a flag gone from its report ([`Review::gone`]).
    pub fn add_gone(&mut self, status: RowStatus) {
        match status {
            RowStatus::Unattributed => self.unattributed += 1,
            _ => self.resolved += 1,
        }
    }
}

/// Orders the open queue: most severe first; within a severity the order given (reports'
/// order, then flags') stays.
pub fn queue_order<T>(queue: &mut [T], severity: impl Fn(&T) -> Severity) {
    queue.sort_by_key(|f| std::cmp::Reverse(severity(f)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flag::Evidence;
    use crate::i18n::Localized;
    use crate::triage::Verdict;

    fn row(agency: Option<&str>, code: &str, severity: Severity) -> ReviewRow {
        ReviewRow {
            agency: agency.map(str::to_string),
            year: Some(2023),
            file: "004.txt".into(),
            code: code.into(),
            severity: Some(severity),
            location: None,
            message: Localized::new("表三空白", "blank cell").into(),
            evidence: Evidence::new(),
            fingerprint: Fingerprint(1),
            status: RowStatus::Open,
            verdict: Verdict::of(&[]),
            history: Vec::new(),
            report_status: None,
        }
    }

    #[test]
    fn a_scope_keeps_the_rows_of_its_filter_severity_or_agency() {
        let rows = [
            row(Some("司法局"), "blank-cell", Severity::Error),
            row(Some("教育局"), "blank-cell", Severity::Warning),
            row(None, "sum-mismatch", Severity::Error),
        ];
        let kept = |scope: Scope| -> Vec<usize> {
            (0..rows.len())
                .filter(|&i| scope.keeps(&rows[i], Lang::Zh))
                .collect()
        };
        assert_eq!(kept(Scope::All), vec![0, 1, 2]);
        assert_eq!(kept(Scope::Agency("教育局".into())), vec![1]);
        let query = Query::parse("rule:blank-cell").unwrap();
        assert_eq!(
            kept(Scope::Filter {
                query: query.clone(),
                severity: None
            }),
            vec![0, 1]
        );
        assert_eq!(
            kept(Scope::Filter {
                query,
                severity: Some(Severity::Error)
            }),
            vec![0]
        );
    }

    #[test]
    fn reports_sort_by_agency_in_pinyin_and_by_year_latest_first_unknown_last() {
        use crate::triage::report_identity::tests::checked;
        let reports = [
            checked("a.txt", Some("郑州市司法局"), Some(2022)),
            checked("b.txt", None, None),
            checked("c.txt", Some("北京市司法局"), Some(2023)),
        ];
        let shown: Vec<Identified<'_>> = reports.iter().map(Identified::read).collect();
        let mut list = vec![0, 1, 2];
        sort_reports(&mut list, ReportOrder::Agency, &shown, |i| i);
        assert_eq!(list, vec![2, 0, 1]);
        sort_reports(&mut list, ReportOrder::Year, &shown, |i| i);
        assert_eq!(list, vec![2, 0, 1]);
        sort_reports(&mut list, ReportOrder::Arrival, &shown, |i| {
            std::cmp::Reverse(i)
        });
        assert_eq!(list, vec![2, 1, 0]);
    }
}
