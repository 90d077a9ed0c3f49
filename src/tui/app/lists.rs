//! The derived lists: which reports, rules and flags the panes show, in order, recomputed
//! after every change; and the selections kept on the same items. The lists themselves are
//! library queries ([`triage::lists::Matching`]); here the dashboard hands them its inbox and
//! keeps its cursors on the same items.

use nianbao::flag::{Flag, Location};
use nianbao::pipeline::CheckedReport;
use nianbao::triage::lists::{FlagSource, Matching};
use nianbao::triage::{self, Identified, Query, Review, ReviewRow, RowStatus, TriageStore};

use crate::tui::source::SourceText;

use super::*;

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

/// The inbox's flags as the lists look them up: each report's current flags, then those gone
/// from it.
impl FlagSource for App {
    fn count(&self, entry: usize) -> usize {
        self.inbox.entries()[entry].report.flags.len() + self.gone[entry].len()
    }

    fn flag(&self, at: FlagRef) -> &Flag {
        self.flag_at(at.entry, at.flag)
    }

    fn status(&self, at: FlagRef) -> RowStatus {
        self.row_status(at)
    }
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
        // A scan adds its reports at the end, and a report changed keeps its path: only the
        // new entries' files are worked out (a scan relists the inbox every half of growth),
        // all of them again once an entry has left.
        let removals = self.inbox.removals();
        if removals != self.files_removals || self.files.len() > entries.len() {
            self.files.clear();
            self.files_removals = removals;
        }
        let known = self.files.len();
        self.files.extend(
            entries[known..]
                .iter()
                .map(|e| triage::relative_file(&self.inbox_path, &e.report.path)),
        );
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

    /// Recomputes the lists, keeps the selections on the same items, loads the source.
    pub fn refresh(&mut self) {
        self.listed_len = self.inbox.len();
        self.listed_at = std::time::Instant::now();
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
        let filters = triage::lists::Filters {
            left,
            flags: &self.filters[filter_slot(Pane::Flags)].query,
            severity: self.severity,
            lang: self.lang,
        };
        // A filter typed on matches again only what the last one passed, if nothing else
        // changed.
        let key = MatchKey {
            inbox: self.inbox_version,
            decisions: self.store.as_ref().map_or(0, TriageStore::len),
            severity: self.severity,
            view: self.view,
            lang: self.lang,
        };
        // Reports filter and sort by their agency and year as shown: set by hand where they
        // were not read.
        let shown: Vec<Identified<'_>> = entries
            .iter()
            .map(|e| Identified::of(&e.report, self.store.as_ref()))
            .collect();
        let last = self.matched.take();
        let (matching, mut reports) =
            Matching::update(last, key, &filters, &shown, &self.files, &*self);
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
        let (rules_rows, queue) = match self.view {
            View::ByReport => (Vec::new(), Vec::new()),
            View::ByRule => (
                matching.rule_rows(&reports, &*self, self.rule_sort),
                Vec::new(),
            ),
            View::Queue => (Vec::new(), matching.open_queue(&reports, &*self)),
        };
        self.matched = Some(matching);
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

        let flags = match (self.view, self.matched.as_ref()) {
            (_, None) => Vec::new(),
            (View::ByReport, Some(matching)) => match self.reports.get(self.report_cursor.selected)
            {
                Some(&index) => matching.flags_of_report(index),
                None => Vec::new(),
            },
            (View::ByRule, Some(matching)) => {
                let code = self.rules.get(self.rule_cursor.selected).map(|r| r.code);
                matching.flags_of_rule(&self.reports, code, &*self)
            }
            (View::Queue, Some(_)) => self.queue.clone(),
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
