//! How far the review has come, counted from the [`Review`]: flags by status, per agency and
//! over the whole inbox. The dashboard's per-agency view and the exports' summaries read these
//! counts, so a figure on screen is the figure in the file.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::report_identity::AsIdentified;
use super::report_status::ReportStatus;
use super::review::{Review, ReviewRow, RowStatus};
use crate::agency::PinyinKey;
use crate::flag::Fingerprint;
use crate::pipeline::CheckedReport;

/// Flags counted by status, one slot per [`RowStatus`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct StatusCounts([usize; RowStatus::ALL.len()]);

impl StatusCounts {
    /// Counts one more row of `status`.
    pub fn add(&mut self, status: RowStatus) {
        self.0[slot(status)] += 1;
    }

    /// The rows of `status`.
    pub fn get(&self, status: RowStatus) -> usize {
        self.0[slot(status)]
    }

    /// Every row counted.
    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }

    /// The rows with a verdict or an outcome: every row but the open ones.
    pub fn settled(&self) -> usize {
        self.total() - self.get(RowStatus::Open)
    }

    /// The settled share in thousandths (1000 when there is nothing to review), so that
    /// progress sorts and compares exactly.
    pub fn permille(&self) -> u32 {
        match self.total() {
            0 => 1000,
            total => (self.settled() as u128 * 1000 / total as u128) as u32,
        }
    }

    /// Adds another count to this one.
    pub fn merge(&mut self, other: &StatusCounts) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine += theirs;
        }
    }
}

/// The place of a status in [`RowStatus::ALL`] (and in [`StatusCounts`]).
fn slot(status: RowStatus) -> usize {
    match status {
        RowStatus::Open => 0,
        RowStatus::Confirmed => 1,
        RowStatus::Dismissed => 2,
        RowStatus::Resolved => 3,
        RowStatus::Absent => 4,
        RowStatus::Unattributed => 5,
    }
}

/// The review of one agency's reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgencyProgress {
    /// The agency as its reports name it; none for reports whose agency was not read.
    pub agency: Option<String>,
    /// Its reports in the inbox.
    pub reports: usize,
    /// Its reports that still have an open flag.
    pub reports_open: usize,
    /// Its flags (and those gone since: resolved, absent, unattributed) by status.
    pub counts: StatusCounts,
    /// Its reports by status (通过, 退回整改, 已审: the order of [`ReportStatus::ALL`]).
    pub statuses: [usize; ReportStatus::ALL.len()],
}

impl AgencyProgress {
    /// How many of its reports have this status.
    pub fn with_status(&self, status: ReportStatus) -> usize {
        ReportStatus::ALL
            .iter()
            .position(|&s| s == status)
            .map_or(0, |i| self.statuses[i])
    }

    /// How many of its reports have no status yet.
    pub fn without_status(&self) -> usize {
        self.reports
            .saturating_sub(self.statuses.iter().sum::<usize>())
    }
}

/// The orders of the per-agency list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum AgencyOrder {
    /// By name in pinyin order; agencies without a name last.
    Name,
    /// Most open flags first.
    Open,
    /// Least progress first: what needs work comes to the top.
    Progress,
    /// Most reports returned for correction first, then most reports without a status.
    Status,
}

impl AgencyOrder {
    pub const ALL: [AgencyOrder; 4] = [
        AgencyOrder::Name,
        AgencyOrder::Open,
        AgencyOrder::Progress,
        AgencyOrder::Status,
    ];

    /// The next order in [`AgencyOrder::ALL`], for a key that cycles through them.
    pub fn next(self) -> AgencyOrder {
        match self {
            AgencyOrder::Name => AgencyOrder::Open,
            AgencyOrder::Open => AgencyOrder::Progress,
            AgencyOrder::Progress => AgencyOrder::Status,
            AgencyOrder::Status => AgencyOrder::Name,
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            AgencyOrder::Name => lang.pick("按名称拼音", "by name"),
            AgencyOrder::Open => lang.pick("按待审核数", "by open flags"),
            AgencyOrder::Progress => lang.pick("按进度", "by progress"),
            AgencyOrder::Status => lang.pick("按报告状态", "by report status"),
        }
    }
}

/// Every agency of the inbox with its progress, in `order`. `reports` are the inbox's reports
/// (an agency whose reports have no flag is listed too), `review` their review, `status` the
/// status of a report (see [`super::TriageStore::report_status`]).
pub fn by_agency<R: AsIdentified>(
    reports: &[R],
    review: &Review,
    order: AgencyOrder,
    status: impl Fn(&CheckedReport) -> Option<ReportStatus>,
) -> Vec<AgencyProgress> {
    let mut list: Vec<AgencyProgress> = Vec::new();
    let mut index: HashMap<Option<&str>, usize> = HashMap::new();
    // A report still has an open flag when one of its flags has an open row.
    let open: HashSet<Fingerprint> = review
        .rows
        .iter()
        .filter(|r| r.status == RowStatus::Open)
        .map(|r| r.fingerprint)
        .collect();
    for report in reports {
        let shown = report.identified();
        let report = shown.report;
        let at = place(&mut index, &mut list, shown.agency);
        list[at].reports += 1;
        if report.flags.iter().any(|f| open.contains(&f.fingerprint)) {
            list[at].reports_open += 1;
        }
        if let Some(i) = status(report).and_then(|s| ReportStatus::ALL.iter().position(|&x| x == s))
        {
            list[at].statuses[i] += 1;
        }
    }
    for row in &review.rows {
        let at = place(&mut index, &mut list, row.agency.as_deref());
        list[at].counts.add(row.status);
    }
    sort(&mut list, order);
    list
}

/// The place of an agency in the list, added when first seen.
fn place<'a>(
    index: &mut HashMap<Option<&'a str>, usize>,
    list: &mut Vec<AgencyProgress>,
    agency: Option<&'a str>,
) -> usize {
    *index.entry(agency).or_insert_with(|| {
        list.push(AgencyProgress {
            agency: agency.map(str::to_string),
            reports: 0,
            reports_open: 0,
            counts: StatusCounts::default(),
            statuses: [0; ReportStatus::ALL.len()],
        });
        list.len() - 1
    })
}

/// Sorts a per-agency list. Ties are broken by name, so the order is the same at every run.
pub fn sort(list: &mut [AgencyProgress], order: AgencyOrder) {
    list.sort_by_cached_key(|p| {
        let name = (p.agency.is_none(), p.agency.as_deref().map(PinyinKey::of));
        let first = match order {
            AgencyOrder::Name => 0,
            AgencyOrder::Open => usize::MAX - p.counts.get(RowStatus::Open),
            AgencyOrder::Progress => p.counts.permille() as usize,
            AgencyOrder::Status => {
                let returned = p.with_status(ReportStatus::Returned).min(u32::MAX as usize);
                let undecided = p.without_status().min(u32::MAX as usize);
                usize::MAX - ((returned << 32) | undecided)
            }
        };
        (first, name)
    });
}

/// Rows counted by status.
pub fn totals<'a>(rows: impl IntoIterator<Item = &'a ReviewRow>) -> StatusCounts {
    let mut counts = StatusCounts::default();
    for row in rows {
        counts.add(row.status);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Localized;
    use crate::pipeline::ParseSummary;
    use crate::triage::Verdict;

    /// A report with flags of these fingerprints.
    fn report(file: &str, agency: Option<&str>, flags: &[u64]) -> CheckedReport {
        let flags = flags
            .iter()
            .map(|&n| crate::flag::Flag {
                code: "blank-cell",
                severity: crate::flag::Severity::Warning,
                location: crate::flag::Location::WHOLE,
                message: Localized::new("", "").into(),
                evidence: Default::default(),
                fingerprint: Fingerprint(n),
                legacy_fingerprint: None,
            })
            .collect();
        CheckedReport {
            path: file.into(),
            file: file.to_string(),
            agency: agency.map(str::to_string),
            year: Some(2023),
            template: None,
            summary: ParseSummary::default(),
            flags,
        }
    }

    fn row(file: &str, agency: Option<&str>, status: RowStatus, n: u64) -> ReviewRow {
        ReviewRow {
            agency: agency.map(str::to_string),
            year: Some(2023),
            file: file.to_string(),
            code: "blank-cell".to_string(),
            severity: None,
            location: None,
            message: Localized::new("", "").into(),
            evidence: Default::default(),
            fingerprint: Fingerprint(n),
            status,
            verdict: Verdict::default(),
            history: Vec::new(),
            report_status: None,
        }
    }

    #[test]
    fn agencies_are_counted_and_sorted() {
        use RowStatus::*;
        let (shanghai, beijing) = (Some("上海市司法局"), Some("北京市司法局"));
        let reports = [
            report("a.txt", shanghai, &[1, 2, 3]),
            report("b.txt", beijing, &[4]),
            report("c.txt", beijing, &[6]),
            report("d.txt", None, &[]),
        ];
        let review = Review {
            rows: vec![
                row("a.txt", shanghai, Open, 1),
                row("a.txt", shanghai, Open, 2),
                row("a.txt", shanghai, Confirmed, 3),
                row("b.txt", beijing, Dismissed, 4),
                row("b.txt", beijing, Resolved, 5),
                row("c.txt", beijing, Open, 6),
                row("d.txt", None, Unattributed, 7),
            ],
        };
        let list = by_agency(&reports, &review, AgencyOrder::Name, |_| None);
        let names: Vec<_> = list.iter().map(|p| p.agency.as_deref()).collect();
        assert_eq!(names, [beijing, shanghai, None]);
        let beijing_progress = &list[0];
        assert_eq!(
            (beijing_progress.reports, beijing_progress.reports_open),
            (2, 1)
        );
        assert_eq!(beijing_progress.counts.get(Dismissed), 1);
        assert_eq!(beijing_progress.counts.get(Resolved), 1);
        assert_eq!(beijing_progress.counts.permille(), 666);
        assert_eq!(list[2].counts.get(Unattributed), 1);
        assert_eq!((list[2].reports, list[2].reports_open), (1, 0));

        let by_open = by_agency(&reports, &review, AgencyOrder::Open, |_| None);
        assert_eq!(by_open[0].agency.as_deref(), shanghai);
        let by_progress = by_agency(&reports, &review, AgencyOrder::Progress, |_| None);
        let order: Vec<_> = by_progress.iter().map(|p| p.counts.permille()).collect();
        assert_eq!(order, [333, 666, 1000]);

        // Report statuses: 北京 has one report returned, 上海 none decided; by status, 北京 first.
        let status = |r: &CheckedReport| (r.file == "c.txt").then_some(ReportStatus::Returned);
        let by_status = by_agency(&reports, &review, AgencyOrder::Status, status);
        assert_eq!(by_status[0].agency.as_deref(), beijing);
        assert_eq!(by_status[0].with_status(ReportStatus::Returned), 1);
        assert_eq!(by_status[0].without_status(), 1);
        assert_eq!(by_status[1].agency.as_deref(), shanghai);
        assert_eq!(by_status[1].with_status(ReportStatus::Passed), 0);

        let all = totals(&review.rows);
        assert_eq!((all.total(), all.get(Open), all.settled()), (7, 3, 4));
        let mut merged = StatusCounts::default();
        for p in &list {
            merged.merge(&p.counts);
        }
        assert_eq!(merged, all);
    }

    #[test]
    fn slots_follow_the_order_of_every_status() {
        for (i, status) in RowStatus::ALL.into_iter().enumerate() {
            assert_eq!(slot(status), i);
        }
    }
}
