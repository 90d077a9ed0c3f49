//! The lists a review is looked through, shared by the dashboard and the exports: the rows an
//! export takes ([`Scope`], [`review_of`]), the order of the reports ([`ReportOrder`]), the
//! totals of an inbox ([`Totals`]) and the order of the open queue ([`queue_order`]); and the
//! dashboard's lists of flags for its filters ([`Matching`]): which reports a pane lists, the
//! rules list with its counts ([`RuleRow`]), the flags of a report or of a rule, the open queue.
//! The dashboard keeps only its cursors and selections over them.
//!
//! The filter language itself is [`super::query`]; the per-agency progress is
//! [`super::progress`].

use std::collections::HashMap;

use super::query::{Field, PreparedReport, Query, Subject};
use super::report_identity::{AsIdentified, Identified};
use super::review::{Review, ReviewRow, RowStatus};
use super::{Status, TriageStore};
use crate::agency::PinyinKey;
use crate::flag::{Fingerprint, Flag, Severity};
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

/// A flag in the dashboard's lists: the index of its report (in the list of reports the
/// matching was given), and of the flag in the report: its current flags, then those gone from
/// it ([`Review::gone`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FlagRef {
    pub entry: usize,
    pub flag: usize,
}

/// The flags of a list of reports, as the lists look them up: the dashboard's inbox with the
/// flags gone from each report listed after its current ones.
pub trait FlagSource {
    /// How many flags report `entry` lists (current and gone).
    fn count(&self, entry: usize) -> usize;
    fn flag(&self, at: FlagRef) -> &Flag;
    /// A flag's status as the lists show it: its verdict, or what became of it when gone.
    fn status(&self, at: FlagRef) -> RowStatus;
}

/// The filters the dashboard lists flags with.
#[derive(Debug, Clone, Copy)]
pub struct Filters<'q> {
    /// The left pane's: it lists the reports, or the rules (none in the open queue).
    pub left: &'q Query,
    /// The Flags pane's: it lists the flags of what the left pane selects.
    pub flags: &'q Query,
    pub severity: Option<Severity>,
    /// The language messages are matched in.
    pub lang: Lang,
}

/// What the filters look at in a report, worked out once for all its flags.
struct ReportSubject<'a> {
    agency: Option<&'a str>,
    year: Option<i32>,
    file: &'a str,
    /// What the report's name settles of the left filter and of the Flags pane's.
    in_left: PreparedReport,
    in_flags: PreparedReport,
}

/// The matching of a list of reports' flags with [`Filters`]: per report, the flags the left
/// filter passes (the rules list counts them) and those both filters pass (the Flags pane and
/// the open queue list them).
///
/// Kept from one key press to the next: when nothing but the filters changed (the same `key`)
/// and they only narrow (a filter typed on), only the flags the last matching passed are
/// matched again, and its lists are reused, so a key over 100,000 flags allocates nothing.
#[derive(Debug, Clone)]
pub struct Matching<K> {
    /// What the matching depends on besides the filters and the reports' number.
    key: K,
    left: Query,
    flags: Query,
    in_left: Vec<Vec<usize>>,
    passing: Vec<Vec<usize>>,
}

impl<K: PartialEq> Matching<K> {
    /// Matches the flags of `reports` (as shown: agencies and years set by hand count; `files`
    /// relative to the inbox) with `filters`, narrowing `last` when it can. Also gives the
    /// reports listed, in their order: those with a flag the left filter passes, and (without
    /// a severity filter) those whose name matches it.
    pub fn update(
        last: Option<Matching<K>>,
        key: K,
        filters: &Filters<'_>,
        reports: &[Identified<'_>],
        files: &[String],
        source: &impl FlagSource,
    ) -> (Matching<K>, Vec<usize>) {
        let (left, flags) = (filters.left, filters.flags);
        let last = last.filter(|last| last.in_left.len() == reports.len());
        let (narrowing, left_same) = match &last {
            Some(last) if last.key == key => (
                left.narrows(&last.left) && flags.narrows(&last.flags),
                last.left == *left,
            ),
            _ => (false, false),
        };
        // The last lists are narrowed in place, or else reused.
        let (mut in_left, mut passing) = match last {
            Some(last) => (last.in_left, last.passing),
            None => (
                vec![Vec::new(); reports.len()],
                vec![Vec::new(); reports.len()],
            ),
        };
        // The status is looked up only when a filter asks for it.
        let by_status = left.has_field(Field::Status) || flags.has_field(Field::Status);
        let mut listed = Vec::with_capacity(reports.len());
        for (index, shown) in reports.iter().enumerate() {
            let (agency, year) = (shown.agency, shown.year);
            let file = files.get(index).map_or("", String::as_str);
            let report = ReportSubject {
                agency,
                year,
                file,
                in_left: left.prepare_report(agency, year, file),
                in_flags: flags.prepare_report(agency, year, file),
            };
            let passes = |flag: usize| {
                flag_passes(
                    filters,
                    &report,
                    by_status,
                    source,
                    FlagRef { entry: index, flag },
                )
            };
            if narrowing {
                if !left_same {
                    in_left[index].retain(|&i| passes(i).0);
                }
                passing[index].retain(|&i| passes(i).1);
            } else {
                in_left[index].clear();
                passing[index].clear();
                // (A report whose name fails the left filter lists none of its flags.)
                if !report.in_left.none_pass() {
                    for i in 0..source.count(index) {
                        let (l, both) = passes(i);
                        if l {
                            in_left[index].push(i);
                        }
                        if both {
                            passing[index].push(i);
                        }
                    }
                }
            }
            let shown = !in_left[index].is_empty()
                || (filters.severity.is_none() && left.matches_report(agency, year, file));
            if shown {
                listed.push(index);
            }
        }
        let matching = Matching {
            key,
            left: left.clone(),
            flags: flags.clone(),
            in_left,
            passing,
        };
        (matching, listed)
    }
}

impl<K> Matching<K> {
    /// The flags of report `entry` both filters pass.
    pub fn passing(&self, entry: usize) -> &[usize] {
        self.passing.get(entry).map_or(&[], Vec::as_slice)
    }

    /// The rules list (by-rule view) of the `listed` reports: each rule with a flag the left
    /// filter passes, its flags counted, in `order`.
    pub fn rule_rows(
        &self,
        listed: &[usize],
        source: &impl FlagSource,
        order: RuleOrder,
    ) -> Vec<RuleRow> {
        let mut by_code: HashMap<&'static str, RuleRow> = HashMap::new();
        for &entry in listed {
            for &flag in self.in_left.get(entry).map_or(&[][..], Vec::as_slice) {
                let at = FlagRef { entry, flag };
                let code = source.flag(at).code;
                let row = by_code.entry(code).or_insert(RuleRow {
                    code,
                    flags: 0,
                    open: 0,
                });
                row.flags += 1;
                if source.status(at) == RowStatus::Open {
                    row.open += 1;
                }
            }
        }
        let mut rows: Vec<RuleRow> = by_code.into_values().collect();
        rows.sort_by_key(|r| (catalogue_index(r.code), r.code));
        // Stable: within a count, the catalogue's order stays.
        match order {
            RuleOrder::Catalogue => {}
            RuleOrder::Flags => rows.sort_by_key(|r| std::cmp::Reverse(r.flags)),
            RuleOrder::Open => rows.sort_by_key(|r| std::cmp::Reverse(r.open)),
        }
        rows
    }

    /// The flags of one report both filters pass, in its order.
    pub fn flags_of_report(&self, entry: usize) -> Vec<FlagRef> {
        self.passing_where(&[entry], |_| true)
    }

    /// The flags of the `listed` reports both filters pass and `keep` keeps, in the reports'
    /// order.
    fn passing_where(&self, listed: &[usize], keep: impl Fn(FlagRef) -> bool) -> Vec<FlagRef> {
        let mut flags = Vec::new();
        for &entry in listed {
            flags.extend(
                self.passing(entry)
                    .iter()
                    .map(|&flag| FlagRef { entry, flag })
                    .filter(|&at| keep(at)),
            );
        }
        flags
    }

    /// The flags of rule `code` in the `listed` reports both filters pass, in the reports'
    /// order.
    pub fn flags_of_rule(
        &self,
        listed: &[usize],
        code: Option<&str>,
        source: &impl FlagSource,
    ) -> Vec<FlagRef> {
        self.passing_where(listed, |at| Some(source.flag(at).code) == code)
    }

    /// The open queue of the `listed` reports: the open flags both filters pass, most severe
    /// first ([`queue_order`]).
    pub fn open_queue(&self, listed: &[usize], source: &impl FlagSource) -> Vec<FlagRef> {
        let mut queue = self.passing_where(listed, |at| source.status(at) == RowStatus::Open);
        queue_order(&mut queue, |&at| source.flag(at).severity);
        queue
    }
}

/// Whether a flag passes the severity filter and the left pane's filter, and whether it passes
/// the Flags pane's too.
fn flag_passes(
    filters: &Filters<'_>,
    report: &ReportSubject<'_>,
    by_status: bool,
    source: &impl FlagSource,
    at: FlagRef,
) -> (bool, bool) {
    let flag = source.flag(at);
    if filters.severity.is_some_and(|s| s != flag.severity) {
        return (false, false);
    }
    let status = if by_status {
        source.status(at)
    } else {
        RowStatus::Open
    };
    let subject = Subject {
        agency: report.agency,
        year: report.year,
        file: report.file,
        code: flag.code,
        severity: Some(flag.severity),
        status,
        message: flag.message.get(filters.lang),
    };
    let in_left = filters.left.matches_in(&report.in_left, &subject);
    (
        in_left,
        in_left && filters.flags.matches_in(&report.in_flags, &subject),
    )
}

/// A row of the rules list (by-rule view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRow {
    pub code: &'static str,
    pub flags: usize,
    pub open: usize,
}

/// The order of the rules list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleOrder {
    /// The catalogue's order.
    Catalogue,
    /// Most flags first.
    Flags,
    /// Most open flags first.
    Open,
}

impl RuleOrder {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RuleOrder::Catalogue => lang.pick("按规则目录", "by catalogue"),
            RuleOrder::Flags => lang.pick("按问题数", "by flags"),
            RuleOrder::Open => lang.pick("按待审核数", "by open flags"),
        }
    }

    /// The order after this one, in turn.
    pub fn next(self) -> RuleOrder {
        match self {
            RuleOrder::Catalogue => RuleOrder::Flags,
            RuleOrder::Flags => RuleOrder::Open,
            RuleOrder::Open => RuleOrder::Catalogue,
        }
    }
}

/// A rule's place in the catalogue; after every rule for a code that names none.
fn catalogue_index(code: &str) -> usize {
    crate::rules::REGISTRY
        .iter()
        .position(|r| r.meta().code == code)
        .unwrap_or(usize::MAX)
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

    /// An inbox of reports, each with its flags (current and gone alike) and their statuses;
    /// counts how often a report's flags are all walked.
    struct Flags {
        reports: Vec<Vec<(Flag, RowStatus)>>,
        walks: std::cell::Cell<usize>,
    }

    impl FlagSource for Flags {
        fn count(&self, entry: usize) -> usize {
            self.walks.set(self.walks.get() + 1);
            self.reports[entry].len()
        }

        fn flag(&self, at: FlagRef) -> &Flag {
            &self.reports[at.entry][at.flag].0
        }

        fn status(&self, at: FlagRef) -> RowStatus {
            self.reports[at.entry][at.flag].1
        }
    }

    fn flag(code: &'static str, severity: Severity, message: &str) -> Flag {
        Flag {
            code,
            severity,
            location: crate::flag::Location::WHOLE,
            message: Localized::new(message, message).into(),
            evidence: Evidence::new(),
            fingerprint: Fingerprint(0),
            legacy_fingerprint: None,
        }
    }

    /// 司法局 (blank-cell error, blank-cell warning confirmed, section-missing error),
    /// 教育局 (section-missing warning), 卫健委 (no flag).
    fn inbox() -> (Vec<CheckedReport>, Flags) {
        use crate::triage::report_identity::tests::checked;
        let reports = vec![
            checked("a.txt", Some("司法局"), Some(2023)),
            checked("b.txt", Some("教育局"), Some(2023)),
            checked("c.txt", Some("卫健委"), Some(2023)),
        ];
        let flags = Flags {
            reports: vec![
                vec![
                    (
                        flag("blank-cell", Severity::Error, "表三空白"),
                        RowStatus::Open,
                    ),
                    (
                        flag("blank-cell", Severity::Warning, "表二空白"),
                        RowStatus::Confirmed,
                    ),
                    (
                        flag("section-missing", Severity::Error, "缺少第五部分"),
                        RowStatus::Open,
                    ),
                ],
                vec![(
                    flag("section-missing", Severity::Warning, "缺少第六部分"),
                    RowStatus::Open,
                )],
                Vec::new(),
            ],
            walks: std::cell::Cell::new(0),
        };
        (reports, flags)
    }

    fn files() -> Vec<String> {
        ["a.txt", "b.txt", "c.txt"].map(String::from).into()
    }

    fn query(text: &str) -> Query {
        Query::parse(text).unwrap()
    }

    /// Matches the inbox afresh with these filters.
    fn matched(
        source: &Flags,
        shown: &[Identified<'_>],
        left: &str,
        flags: &str,
        severity: Option<Severity>,
    ) -> (Matching<()>, Vec<usize>) {
        let (left, flags) = (query(left), query(flags));
        let filters = Filters {
            left: &left,
            flags: &flags,
            severity,
            lang: Lang::Zh,
        };
        Matching::update(None, (), &filters, shown, &files(), source)
    }

    #[test]
    fn panes_list_the_reports_rules_and_flags_their_filters_pass() {
        let (reports, source) = inbox();
        let shown: Vec<Identified<'_>> = reports.iter().map(Identified::read).collect();
        let at = |entry, flag| FlagRef { entry, flag };

        // No filter: every report, even one without flags.
        let (all, listed) = matched(&source, &shown, "", "", None);
        assert_eq!(listed, vec![0, 1, 2]);
        assert_eq!(all.passing(0), &[0, 1, 2]);
        assert_eq!(all.flags_of_report(1), vec![at(1, 0)]);
        assert_eq!(
            all.rule_rows(&listed, &source, RuleOrder::Catalogue),
            vec![
                RuleRow {
                    code: "section-missing",
                    flags: 2,
                    open: 2
                },
                RuleRow {
                    code: "blank-cell",
                    flags: 2,
                    open: 1
                },
            ]
        );
        let by_open = all.rule_rows(&listed, &source, RuleOrder::Open);
        assert_eq!(by_open[0].code, "section-missing");
        assert_eq!(
            all.flags_of_rule(&listed, Some("blank-cell"), &source),
            vec![at(0, 0), at(0, 1)]
        );
        // The open queue: errors first, then the reports' and the flags' order.
        assert_eq!(
            all.open_queue(&listed, &source),
            vec![at(0, 0), at(0, 2), at(1, 0)]
        );

        // A severity filter lists only reports with a flag of it.
        let (errors, listed) = matched(&source, &shown, "", "", Some(Severity::Error));
        assert_eq!(listed, vec![0]);
        assert_eq!(errors.passing(0), &[0, 2]);

        // The left filter picks the reports (a report's name matches it), the Flags pane's
        // the flags among theirs; the rules list counts what the left filter passes.
        let (picked, listed) = matched(&source, &shown, "agency:卫健委", "", None);
        assert_eq!(listed, vec![2]);
        assert!(picked.open_queue(&listed, &source).is_empty());
        let (picked, listed) = matched(&source, &shown, "司法局", "rule:blank-cell", None);
        assert_eq!(listed, vec![0]);
        assert_eq!(picked.passing(0), &[0, 1]);
        assert_eq!(
            picked.rule_rows(&listed, &source, RuleOrder::Flags).len(),
            2
        );
        // Words match messages; `status:` the statuses.
        let (words, listed) = matched(&source, &shown, "", "第六部分", None);
        assert_eq!((words.passing(0), words.passing(1)), (&[][..], &[0][..]));
        assert_eq!(listed, vec![0, 1, 2]);
        let (confirmed, _) = matched(&source, &shown, "", "status:confirmed", None);
        assert_eq!(confirmed.passing(0), &[1]);
    }

    #[test]
    fn a_filter_typed_on_matches_only_what_the_last_one_passed() {
        let (reports, source) = inbox();
        let shown: Vec<Identified<'_>> = reports.iter().map(Identified::read).collect();
        let (none, wide, narrow) = (query(""), query("缺少"), query("缺少第六"));
        let filters = |flags| Filters {
            left: &none,
            flags,
            severity: None,
            lang: Lang::Zh,
        };
        let (last, _) = Matching::update(None, 1, &filters(&wide), &shown, &files(), &source);
        assert_eq!((last.passing(0), last.passing(1)), (&[2][..], &[0][..]));
        source.walks.set(0);
        let (narrowed, listed) =
            Matching::update(Some(last), 1, &filters(&narrow), &shown, &files(), &source);
        // No report's flags were walked again, and the lists are those of a fresh matching.
        assert_eq!(source.walks.get(), 0);
        let (fresh, fresh_listed) = matched(&source, &shown, "", "缺少第六", None);
        assert_eq!(listed, fresh_listed);
        for entry in 0..3 {
            assert_eq!(narrowed.passing(entry), fresh.passing(entry));
        }
        // Anything else changed (the key), or a filter that widens: matched afresh.
        let (again, _) = Matching::update(
            Some(narrowed),
            2,
            &filters(&wide),
            &shown,
            &files(),
            &source,
        );
        assert_eq!(source.walks.get(), 3 + 3);
        assert_eq!(again.passing(0), &[2]);
    }
}
