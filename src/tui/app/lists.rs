//! The derived lists: which reports, rules and flags the panes show, in order, recomputed
//! after every change; and the selections kept on the same items.

use std::collections::HashMap;

use nianbao::flag::{Flag, Location};
use nianbao::pipeline::CheckedReport;
use nianbao::rules;
use nianbao::triage::query::Field;
use nianbao::triage::{
    self, Identified, PreparedReport, Query, Review, ReviewRow, RowStatus, Subject, TriageStore,
};

use crate::tui::source::SourceText;

use super::*;

/// What the filters look at in a report, worked out once for all its flags.
pub(crate) struct ReportSubject<'a> {
    pub(crate) agency: Option<&'a str>,
    pub(crate) year: Option<i32>,
    /// The file, relative to the inbox.
    pub(crate) file: &'a str,
    /// The left pane's filter and the Flags pane's, and what the report's name settles of
    /// each.
    pub(crate) left: &'a Query,
    pub(crate) in_left: PreparedReport,
    pub(crate) flags: &'a Query,
    pub(crate) in_flags: PreparedReport,
    /// Whether a filter asks for the status (looked up only then).
    pub(crate) by_status: bool,
}

/// A gone row as the Flags pane lists it; none for a rule that no longer exists (its code
/// names nothing the dashboard can show; exports still list it).
pub(crate) fn gone_flag(row: ReviewRow) -> Option<GoneFlag> {
    let meta = nianbao::rules::meta(&row.code)?;
    Some(GoneFlag {
        flag: Flag {
            code: meta.code,
            severity: row.severity.unwrap_or(meta.severity),
            location: Location::default(),
            message: row.message,
            evidence: row.evidence,
            fingerprint: row.fingerprint,
            legacy_fingerprint: None,
        },
        status: row.status,
    })
}

pub(crate) fn catalogue_index(code: &str) -> usize {
    rules::REGISTRY
        .iter()
        .position(|r| r.meta().code == code)
        .unwrap_or(usize::MAX)
}

impl App {
    /// Works out what each entry's flags are matched with when the inbox or the journals
    /// changed since the last time, not on every key: the files relative to the inbox, and
    /// the flags that are gone from their reports ([`Review::gone`]).
    pub(crate) fn per_entry(&mut self) {
        let entries = self.inbox.entries();
        let key = (
            self.inbox_version,
            self.store.as_ref().map_or(0, TriageStore::len),
        );
        if self.gone_of == Some(key) && self.gone.len() == entries.len() {
            return;
        }
        self.gone_of = Some(key);
        if self.files.len() != entries.len() || key.0 != self.files_of {
            self.files = entries
                .iter()
                .map(|e| triage::relative_file(&self.inbox_path, &e.report.path))
                .collect();
            self.files_of = key.0;
        }
        // While a scan loads, a report not read yet would count its flags as gone: they are
        // worked out once it has finished (its last event changes the key).
        let store = match self.store.as_ref() {
            Some(store) if !store.is_empty() && !self.load.scanning => store,
            _ => {
                self.gone = vec![Vec::new(); entries.len()];
                self.absent = 0;
                return;
            }
        };
        let reports: Vec<&CheckedReport> = entries.iter().map(|e| &e.report).collect();
        let gone = Review::gone(&reports, store);
        self.absent = gone.absent.len();
        self.gone = gone
            .by_report
            .into_iter()
            .map(|rows| rows.into_iter().filter_map(gone_flag).collect())
            .collect();
    }

    /// Whether a flag of a report passes the filters.
    /// Whether a flag of a report passes the severity filter and the filters of the left
    /// pane and of the Flags pane (each prepared for the report, see [`ReportSubject`]).
    pub(crate) fn flag_passes(
        &self,
        report: &ReportSubject<'_>,
        entry: usize,
        index: usize,
    ) -> (bool, bool) {
        let flag = self.flag_at(entry, index);
        if self.severity.is_some_and(|s| s != flag.severity) {
            return (false, false);
        }
        let status = if report.by_status {
            self.row_status(FlagRef { entry, flag: index })
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
            message: flag.message.get(self.lang),
        };
        let in_left = report.left.matches_in(&report.in_left, &subject);
        (
            in_left,
            in_left && report.flags.matches_in(&report.in_flags, &subject),
        )
    }

    /// Recomputes the lists, keeps the selections on the same items, loads the source.
    pub fn refresh(&mut self) {
        self.per_entry();
        let entries = self.inbox.entries();

        // Which flags of each report pass the filters: the left pane's (which lists the
        // reports, or the rules), and the Flags pane's too (which lists the flags). The open
        // queue has no left pane: its filter does not apply there.
        let none = Query::default();
        let left = match self.view {
            View::Queue => &none,
            _ => &self.filters[filter_slot(Pane::Reports)].query,
        };
        let mut reports = Vec::with_capacity(entries.len());
        let flags_query = &self.filters[filter_slot(Pane::Flags)].query;
        let by_status = left.has_field(Field::Status) || flags_query.has_field(Field::Status);
        // A filter that only grows (typing on) passes only flags the last one passed, if
        // nothing else changed: those are all that need matching again.
        let key = MatchKey {
            inbox: self.inbox_version,
            decisions: self.store.as_ref().map_or(0, TriageStore::len),
            severity: self.severity,
            view: self.view,
            lang: self.lang,
        };
        let last = self
            .matched
            .take()
            .filter(|last| last.in_left.len() == entries.len());
        let (narrowing, left_same) = match &last {
            Some(last) if last.key == key => (
                left.narrows(&last.left) && flags_query.narrows(&last.flags),
                last.left == *left,
            ),
            _ => (false, false),
        };
        // The flags the left filter passes (the rules list counts them), and those both pass.
        // The last lists are narrowed in place, or else reused: a key allocates nothing.
        let (mut in_left, mut passing) = match last {
            Some(last) => (last.in_left, last.passing),
            None => (
                vec![Vec::new(); entries.len()],
                vec![Vec::new(); entries.len()],
            ),
        };
        // Reports filter and sort by their agency and year as shown: set by hand where they
        // were not read.
        let shown: Vec<Identified<'_>> = entries
            .iter()
            .map(|e| Identified::of(&e.report, self.store.as_ref()))
            .collect();
        for (index, entry) in entries.iter().enumerate() {
            let (agency, year) = (shown[index].agency, shown[index].year);
            let file = self.files[index].as_str();
            let report = ReportSubject {
                agency,
                year,
                file,
                left,
                in_left: left.prepare_report(agency, year, file),
                flags: flags_query,
                in_flags: flags_query.prepare_report(agency, year, file),
                by_status,
            };
            if narrowing {
                if !left_same {
                    in_left[index].retain(|&i| self.flag_passes(&report, index, i).0);
                }
                passing[index].retain(|&i| self.flag_passes(&report, index, i).1);
            } else {
                in_left[index].clear();
                passing[index].clear();
            }
            if !narrowing && !report.in_left.none_pass() {
                // (A report whose name fails the left filter lists none of its flags.)
                let count = entry.report.flags.len() + self.gone[index].len();
                for i in 0..count {
                    let (l, both) = self.flag_passes(&report, index, i);
                    if l {
                        in_left[index].push(i);
                    }
                    if both {
                        passing[index].push(i);
                    }
                }
            }
            let any_left = !in_left[index].is_empty();
            // A report is listed when a flag passes its pane's filter, or (without a severity
            // filter) when the report itself matches it.
            let shown =
                any_left || (self.severity.is_none() && left.matches_report(agency, year, file));
            if shown {
                reports.push(index);
            }
        }
        triage::lists::sort_reports(&mut reports, self.sort, &shown, |i| {
            entries[i].arrival_key()
        });

        // Totals over the whole inbox; a superseded version is history, not a report.
        let mut totals = Totals::default();
        for entry in self.inbox.current() {
            totals.add_report(&entry.report, |f| self.status(f), UNREADABLE);
        }
        for gone in self.gone.iter().flatten() {
            totals.add_gone(gone.status);
        }
        totals.absent = self.absent;

        // Rules (by-rule view) and the open queue do not depend on the selection.
        let mut rules_rows = Vec::new();
        let mut queue = Vec::new();
        match self.view {
            View::ByReport => {}
            View::ByRule => {
                let mut by_code: HashMap<&'static str, RuleRow> = HashMap::new();
                for &index in &reports {
                    for &i in &in_left[index] {
                        let flag = self.flag_at(index, i);
                        let row = by_code.entry(flag.code).or_insert(RuleRow {
                            code: flag.code,
                            flags: 0,
                            open: 0,
                        });
                        row.flags += 1;
                        if self.row_status(FlagRef {
                            entry: index,
                            flag: i,
                        }) == RowStatus::Open
                        {
                            row.open += 1;
                        }
                    }
                }
                rules_rows = by_code.into_values().collect();
                rules_rows.sort_by_key(|r| (catalogue_index(r.code), r.code));
                // Stable: within a count, the catalogue's order stays.
                match self.rule_sort {
                    RuleSort::Catalogue => {}
                    RuleSort::Flags => rules_rows.sort_by_key(|r| std::cmp::Reverse(r.flags)),
                    RuleSort::Open => rules_rows.sort_by_key(|r| std::cmp::Reverse(r.open)),
                }
            }
            View::Queue => {
                for &index in &reports {
                    queue.extend(
                        passing[index]
                            .iter()
                            .filter(|&&i| {
                                self.row_status(FlagRef {
                                    entry: index,
                                    flag: i,
                                }) == RowStatus::Open
                            })
                            .map(|&flag| FlagRef { entry: index, flag }),
                    );
                }
                // Stable: within a severity, the reports' order and the flags' order stay.
                triage::lists::queue_order(&mut queue, |f| self.flag_at(f.entry, f.flag).severity);
            }
        }

        self.matched = Some(Matched {
            key,
            left: left.clone(),
            flags: flags_query.clone(),
            in_left,
            passing,
        });
        self.reports = reports;
        self.rules = rules_rows;
        self.queue = queue;
        self.totals = totals;
        self.select();
        // Counted again as the inbox or the journals change; during a scan only at its end,
        // as batches of reports arrive every few milliseconds.
        if matches!(self.mode, Mode::Agencies) && !self.load.scanning {
            self.agencies.load(&self.inbox, self.store.as_ref());
        }
        if matches!(self.mode, Mode::Roster) && !self.load.scanning {
            self.load_roster();
        }
    }

    /// Puts the selections back on their items after a list changed, and lists the flags of
    /// the selected report or rule. Cheap: no flag is matched or looked up again, so moving
    /// through 100,000 flags stays fast.
    pub(crate) fn select(&mut self) {
        let entries = self.inbox.entries();
        let height = self.list_height(Pane::Reports);
        // Paths compare as bytes (all come from the same walk): `Path::eq` parses components.
        let is_selected = |i: usize| {
            self.selected_report
                .as_ref()
                .is_some_and(|p| entries[i].report.path.as_os_str() == p.as_os_str())
        };
        let report_index = match self.reports.get(self.report_cursor.selected) {
            Some(&i) if is_selected(i) => self.report_cursor.selected,
            _ => self
                .reports
                .iter()
                .position(|&i| is_selected(i))
                .unwrap_or(self.report_cursor.selected),
        };
        self.report_cursor
            .set(report_index, self.reports.len(), height);
        if self.view == View::ByRule {
            let rule_index = self
                .selected_rule
                .and_then(|code| self.rules.iter().position(|r| r.code == code))
                .unwrap_or(self.rule_cursor.selected);
            self.rule_cursor.set(rule_index, self.rules.len(), height);
        }

        let flags = match self.view {
            View::ByReport => match self.reports.get(self.report_cursor.selected) {
                Some(&index) => self
                    .passing(index)
                    .iter()
                    .map(|&flag| FlagRef { entry: index, flag })
                    .collect(),
                None => Vec::new(),
            },
            View::ByRule => {
                let code = self.rules.get(self.rule_cursor.selected).map(|r| r.code);
                let mut flags = Vec::new();
                for &index in &self.reports {
                    flags.extend(
                        self.passing(index)
                            .iter()
                            .filter(|&&i| Some(self.flag_at(index, i).code) == code)
                            .map(|&flag| FlagRef { entry: index, flag }),
                    );
                }
                flags
            }
            View::Queue => self.queue.clone(),
        };
        let (flags, members) = if self.folded {
            let groups = triage::fold::fold(&flags, |f| self.fold_key(*f));
            (groups.iter().map(|g| g[0]).collect(), groups)
        } else {
            (flags, Vec::new())
        };
        let flag_index = self
            .selected_flag
            .as_ref()
            .and_then(|(path, fingerprint)| {
                let is_selected = |f: &FlagRef| {
                    self.flag_at(f.entry, f.flag).fingerprint == *fingerprint
                        && entries[f.entry].report.path.as_os_str() == path.as_os_str()
                };
                // Folded, the selection may be inside a row.
                flags
                    .iter()
                    .position(is_selected)
                    .or_else(|| members.iter().position(|g| g.iter().any(is_selected)))
            })
            .unwrap_or(self.flag_cursor.selected);
        let flag_height = self.list_height(Pane::Flags);
        self.flags = flags;
        self.members = members;
        self.flag_cursor
            .set(flag_index, self.flags.len(), flag_height);
        self.selected_report = self.report_identity(self.report_cursor.selected);
        self.selected_rule = self.rules.get(self.rule_cursor.selected).map(|r| r.code);
        self.selected_flag = self.flag_identity(self.flag_cursor.selected);
        self.follow_flag();
    }

    /// Loads the source of the report in view and scrolls it to the selected flag when the
    /// selection changed.
    pub(crate) fn follow_flag(&mut self) {
        let path = match self.selected_flag() {
            Some((entry, _)) => Some(entry.report.path.clone()),
            None if self.view == View::ByReport => {
                self.selected_report().map(|e| e.report.path.clone())
            }
            None => None,
        };
        match &path {
            Some(path) if self.source.as_ref().is_none_or(|s| s.path != *path) => {
                self.source = Some(SourceText::read(path, self.lang));
            }
            Some(_) => {}
            None => self.source = None,
        }
        if self.shown_flag == self.selected_flag {
            return;
        }
        self.shown_flag = self.selected_flag.clone();
        self.detail_scroll = 0;
        self.tables.scroll = 0;
        let line = self
            .selected_flag()
            .and_then(|(_, flag)| flag.location.line)
            .map_or(0, |l| l as usize);
        let context = (self.list_height(Pane::Source) / 3).min(3);
        self.source_top = line.saturating_sub(1 + context);
    }
}
