//! The dashboard's state: plain data the views draw from, and the read-only queries on it.
//!
//! [`App`] holds the inbox, the journals and what the user chose (focus, view, sort, filters,
//! selections); its derived lists (the visible reports, rules and flags, in order) are
//! recomputed by [`crate::tui::app`] after every change, so that rendering only reads: the
//! views are given it to draw from, and change nothing.

use std::ops::Range;
use std::path::PathBuf;
use std::time::Duration;

use chrono::FixedOffset;
use ratatui::layout::Rect;
use tui_input::Input;

use nianbao::flag::{Fingerprint, Flag, Severity};
use nianbao::i18n::Lang;
use nianbao::inbox::{Entry, Inbox};
use nianbao::ingest::walk::OwnOutput;
use nianbao::pipeline::CheckedReport;
use nianbao::triage::{self, Identified, Marks, Query, ReportRef, RowStatus, Status, TriageStore};

use crate::tui::agency_view::AgencyView;
use crate::tui::keymap::KeyMap;
use crate::tui::roster_view::RosterView;
use crate::tui::source::SourceText;
use crate::tui::table_view::TableView;
use crate::tui::text::clean;

pub mod dialogs;
pub mod layout;

pub use dialogs::{
    BulkPrompt, ExportDialog, ExportScope, IdentityDialog, Mode, NoteEdit, StatusDialog,
};

/// The panes that take the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The left list: reports, or rules in the by-rule view.
    Reports,
    Flags,
    Source,
    Detail,
}

/// What the Flags pane lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The flags of the selected report.
    ByReport,
    /// The flags of the selected rule, across reports.
    ByRule,
    /// Every open flag across reports, most severe first.
    Queue,
}

impl View {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            View::ByReport => lang.pick("按报告", "by report"),
            View::ByRule => lang.pick("按规则", "by rule"),
            View::Queue => lang.pick("待审核队列", "open queue"),
        }
    }

    pub(crate) fn next(self) -> View {
        match self {
            View::ByReport => View::ByRule,
            View::ByRule => View::Queue,
            View::Queue => View::ByReport,
        }
    }
}

/// The order of the Reports pane.
pub use nianbao::triage::lists::ReportOrder as SortBy;

/// The order of the rules list (by-rule view).
pub use nianbao::triage::lists::RuleOrder as RuleSort;

/// What the terminal loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Quit,
    Rescan,
}

/// A selection in a list, and the first row shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// The rows shown in a pane `height` rows high: from the offset, moved just enough to show
    /// the selection.
    pub fn window(&self, len: usize, height: usize) -> Range<usize> {
        if len == 0 || height == 0 {
            return 0..0;
        }
        let selected = self.selected.min(len - 1);
        let mut start = self.offset.min(len.saturating_sub(height));
        if selected < start {
            start = selected;
        } else if selected >= start + height {
            start = selected + 1 - height;
        }
        start..(start + height).min(len)
    }

    pub(crate) fn set(&mut self, index: usize, len: usize, height: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.offset = self.window(len, height).start;
    }

    pub(crate) fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        let target = self.selected.saturating_add_signed(delta);
        self.set(target, len, height);
    }
}

/// A flag in the Flags pane: the index of its report in the inbox, and of the flag in it.
pub use nianbao::triage::lists::FlagRef;

/// A flag with a history that no longer appears in its report (已整改, or 无法对应): listed
/// after the report's current flags, dimmed, never decided again.
#[derive(Debug, Clone)]
pub struct GoneFlag {
    /// As its rule names it now: no location, its rule's title as the message.
    pub flag: Flag,
    pub status: RowStatus,
}

/// A row of the rules list (by-rule view).
pub use nianbao::triage::lists::RuleRow;

/// The load of the inbox: how many reports a scan will check, how many it has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Load {
    pub scanning: bool,
    pub total: usize,
    pub done: usize,
    /// How long the last scan took.
    pub elapsed: Option<Duration>,
    /// Files of the inbox that are not reports, as of the last scan.
    pub skipped: usize,
}

/// The last thing that happened, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub text: String,
    pub error: bool,
}

/// Counts over the whole inbox, for the status bar.
pub use nianbao::triage::lists::Totals;

/// A report's agency and year as the dashboard shows them: as read, else as set by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShownIdentity {
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// Whether the agency shown was set by hand (not read).
    pub agency_set: bool,
    /// Whether the year shown was set by hand (not read).
    pub year_set: bool,
}

/// The dashboard.
pub struct App {
    pub lang: Lang,
    pub inbox_path: PathBuf,
    /// The inbox as the status bar names it (the path as the user gave it).
    pub inbox_label: String,
    pub inbox: Inbox,
    pub store: Option<TriageStore>,
    pub keymap: KeyMap,
    /// The time zone decision times are shown in.
    pub utc_offset: FixedOffset,
    pub focus: Pane,
    pub view: View,
    pub sort: SortBy,
    /// The order of the rules list (`S` in the by-rule view).
    pub rule_sort: RuleSort,
    pub severity: Option<Severity>,
    /// The filter of the left pane (reports, or rules in the by-rule view) and of the Flags
    /// pane: each narrows its own list (see [`App::filter`]).
    pub(crate) filters: [PaneFilter; 2],
    pub mode: Mode,
    pub load: Load,
    pub watching: bool,
    pub last_event: Option<Announcement>,
    /// The terminal's size: the panes' sizes follow from it (see [`layout::layout`]).
    pub size: Rect,

    // Derived by `refresh` from the state above.
    /// The visible reports, in order, as indices into the inbox's entries.
    pub reports: Vec<usize>,
    pub rules: Vec<RuleRow>,
    pub flags: Vec<FlagRef>,
    pub totals: Totals,
    pub report_cursor: Cursor,
    pub rule_cursor: Cursor,
    pub flag_cursor: Cursor,
    /// The first source line shown (0-based).
    pub source_top: usize,
    pub detail_scroll: usize,
    pub source: Option<SourceText>,
    /// What the Source pane shows: text or a table grid.
    pub tables: TableView,
    /// The per-agency view, filled while it is open.
    pub agencies: AgencyView,
    /// The roster view, filled while it is open.
    pub roster: RosterView,
    /// The flags marked for a bulk decision (`space`, `*`; `Esc` clears them).
    pub marks: Marks,
    /// Whether the Flags pane folds the flags of one rule in one report into one row (`z`).
    pub folded: bool,

    /// The flag the last key decided, while the next key may still be `n` for its note: in
    /// the open queue the decided flag leaves the list, and the note must not go to the flag
    /// that took its place under the cursor.
    pub(crate) last_decided: Option<(PathBuf, Fingerprint)>,
    /// When folded, the flags of each row of `flags` (the row shows the first).
    pub(crate) members: Vec<Vec<FlagRef>>,
    /// The open queue (queue view), most severe first.
    pub(crate) queue: Vec<FlagRef>,
    pub(crate) selected_report: Option<PathBuf>,
    pub(crate) selected_rule: Option<&'static str>,
    pub(crate) selected_flag: Option<(PathBuf, Fingerprint)>,
    pub(crate) shown_flag: Option<(PathBuf, Fingerprint)>,
    pub(crate) store_len: usize,
    /// For each inbox entry, its flags that are gone (see [`GoneFlag`]); a [`FlagRef`] past
    /// the report's current flags points into it.
    pub(crate) gone: Vec<Vec<GoneFlag>>,
    /// How many flags with a history have no report in the inbox any more.
    pub(crate) absent: usize,
    /// For each inbox entry, its file relative to the inbox (as the filter matches it).
    pub(crate) files: Vec<String>,
    /// Counts the inbox's changes: the gone flags are worked out again only when it or the
    /// journals changed, not on every key.
    pub(crate) inbox_version: u64,
    pub(crate) gone_of: Option<(u64, usize)>,
    /// The inbox's [`removals`](nianbao::inbox::Inbox::removals) when `files` was worked out:
    /// until one more entry leaves, `files` holds for the entries it covers.
    pub(crate) files_removals: u64,
    /// How many inbox entries the lists were last worked out for, and when: while a scan only
    /// adds reports, the lists are worked out again as the inbox grows by a share of itself
    /// (see [`App::on_inbox`](crate::tui::app::App::on_inbox)), not for every batch.
    pub(crate) listed_len: usize,
    pub(crate) listed_at: std::time::Instant,
    /// The last matching of the flags against the filters (see [`triage::lists::Matching`]).
    pub(crate) matched: Option<triage::lists::Matching<MatchKey>>,
    /// How far the Detail pane in an area can scroll (its text wrapped to the area, less the
    /// area's height): the view knows its text, and is given here by whoever draws it (see
    /// [`crate::tui::view::detail_max_scroll`]), so that the state never calls into the view.
    /// Until then, unbounded (the view bounds it when drawing).
    pub detail_max_scroll: fn(&App, Rect) -> usize,
    /// The thread that writes exports (started with the first one).
    pub(crate) worker: Option<crate::tui::worker::ExportWorker>,
    /// The thread that appends decisions to the journal, once started
    /// ([`App::write_journal_off_thread`](crate::tui::app::App::write_journal_off_thread)).
    pub(crate) journal: Option<crate::tui::worker::JournalWorker>,
    /// What the last failed journal write lost, as announced: kept for [`App::finish`], which
    /// must say it after the dashboard is gone.
    pub(crate) lost_writes: Option<String>,
}

/// What the lists' matching depends on besides the filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MatchKey {
    pub(crate) inbox: u64,
    pub(crate) decisions: usize,
    pub(crate) severity: Option<Severity>,
    pub(crate) view: View,
    pub(crate) lang: Lang,
}

/// A pane's filter: the text as typed, and parsed (see [`triage::query`]).
#[derive(Debug, Clone, Default)]
pub struct PaneFilter {
    pub input: Input,
    pub(crate) query: Query,
}

/// The filter slot of a pane: the left pane's, or the Flags pane's (which the Source and
/// Detail panes, showing the selected flag, share).
pub(crate) fn filter_slot(pane: Pane) -> usize {
    match pane {
        Pane::Reports => 0,
        Pane::Flags | Pane::Source | Pane::Detail => 1,
    }
}

/// The code of the rule that flags unreadable files.
pub const UNREADABLE: &str = "unreadable-file";

impl App {
    /// The inbox entry at an index of `reports` or of a [`FlagRef`].
    pub fn entry(&self, index: usize) -> Option<&Entry> {
        self.inbox.entries().get(index)
    }

    /// The flag a [`FlagRef`] points at (a current flag, or one that is gone).
    pub fn flag(&self, flag: FlagRef) -> Option<(&Entry, &Flag)> {
        let entry = self.entry(flag.entry)?;
        let current = &entry.report.flags;
        let found = match flag.flag.checked_sub(current.len()) {
            None => current.get(flag.flag)?,
            Some(gone) => &self.gone.get(flag.entry)?.get(gone)?.flag,
        };
        Some((entry, found))
    }

    /// The flag `index` of entry `entry`: its current flags, then those that are gone.
    pub(crate) fn flag_at(&self, entry: usize, index: usize) -> &Flag {
        let current = &self.inbox.entries()[entry].report.flags;
        match index.checked_sub(current.len()) {
            None => &current[index],
            Some(gone) => &self.gone[entry][gone].flag,
        }
    }

    /// The indices of the flags of inbox entry `entry` that pass the filters.
    pub(crate) fn passing(&self, entry: usize) -> &[usize] {
        self.matched.as_ref().map_or(&[], |m| m.passing(entry))
    }

    /// Whether a flag is one that is gone from its report (shown, never decided).
    pub fn is_gone(&self, flag: FlagRef) -> bool {
        self.entry(flag.entry)
            .is_some_and(|e| flag.flag >= e.report.flags.len())
    }

    /// A flag's status as the lists show it: its verdict, or what became of it when gone.
    pub fn row_status(&self, flag: FlagRef) -> RowStatus {
        let Some(entry) = self.entry(flag.entry) else {
            return RowStatus::Open;
        };
        match flag.flag.checked_sub(entry.report.flags.len()) {
            None => self
                .status(entry.report.flags[flag.flag].fingerprint)
                .into(),
            Some(gone) => self
                .gone
                .get(flag.entry)
                .and_then(|g| g.get(gone))
                .map_or(RowStatus::Resolved, |g| g.status),
        }
    }

    /// The report selected in the Reports pane.
    pub fn selected_report(&self) -> Option<&Entry> {
        self.reports
            .get(self.report_cursor.selected)
            .and_then(|&i| self.entry(i))
    }

    /// The selected rule (by-rule view).
    pub fn selected_rule(&self) -> Option<&RuleRow> {
        self.rules.get(self.rule_cursor.selected)
    }

    /// The flags of a row of the Flags pane: several when it is folded.
    pub fn row_flags(&self, row: usize) -> &[FlagRef] {
        match self.members.get(row) {
            Some(group) => group,
            None => self.flags.get(row).map_or(&[], std::slice::from_ref),
        }
    }

    /// The flag selected in the Flags pane.
    pub fn selected_flag(&self) -> Option<(&Entry, &Flag)> {
        let flag = *self.flags.get(self.flag_cursor.selected)?;
        self.flag(flag)
    }

    /// The status of the flag selected in the Flags pane, as the list shows it.
    pub fn selected_row_status(&self) -> Option<RowStatus> {
        let flag = *self.flags.get(self.flag_cursor.selected)?;
        Some(self.row_status(flag))
    }

    /// The status of a flag.
    pub fn status(&self, fingerprint: Fingerprint) -> Status {
        self.store
            .as_ref()
            .map_or(Status::Open, |s| s.verdict(fingerprint).status)
    }

    /// A report's status and its note, if anyone set one.
    pub fn report_status(
        &self,
        report: &CheckedReport,
    ) -> Option<triage::report_status::StatusWithNote> {
        // The status sticks to the report's name (agency and year, else file), not its bytes.
        self.store
            .as_ref()?
            .report_status(&ReportRef::of(report, None))
    }

    /// A report's agency and year as shown: what was read, else what was set by hand.
    pub fn shown_identity(&self, report: &CheckedReport) -> ShownIdentity {
        let shown = Identified::of(report, self.store.as_ref());
        ShownIdentity {
            agency_set: shown.agency_set(),
            year_set: shown.year_set(),
            agency: shown.agency.map(str::to_string),
            year: shown.year,
        }
    }

    /// How many flags of a report have a verdict other than open.
    pub fn reviewed(&self, report: &CheckedReport) -> usize {
        report
            .flags
            .iter()
            .filter(|f| self.status(f.fingerprint) != Status::Open)
            .count()
    }

    /// The rows a list pane shows (its height inside the border, below the header).
    pub fn list_height(&self, pane: Pane) -> usize {
        let areas = layout::layout(self.size, self.view);
        let area = match pane {
            Pane::Reports => areas.left.unwrap_or_default(),
            Pane::Flags => areas.flags,
            Pane::Source => return usize::from(areas.source.height.saturating_sub(2)),
            Pane::Detail => return usize::from(areas.detail.height.saturating_sub(2)),
        };
        usize::from(area.height.saturating_sub(3))
    }

    /// The panes that can take the focus in this view, in Tab order.
    pub fn panes(&self) -> &'static [Pane] {
        match self.view {
            View::Queue => &[Pane::Flags, Pane::Source, Pane::Detail],
            _ => &[Pane::Reports, Pane::Flags, Pane::Source, Pane::Detail],
        }
    }

    pub(crate) fn page(&self) -> usize {
        self.list_height(self.focus).max(1)
    }

    /// The filter of `pane` as typed (the Source and Detail panes: the Flags pane's).
    pub fn filter(&self, pane: Pane) -> &Input {
        &self.filters[filter_slot(pane)].input
    }

    /// The filters that apply in this view, as one filter text (their terms all apply): what
    /// an export of "the current filter" takes, and the status bar shows.
    pub fn filter_text(&self) -> String {
        let left = match self.view {
            View::Queue => "",
            _ => self.filter(Pane::Reports).value().trim(),
        };
        let flags = self.filter(Pane::Flags).value().trim();
        [left, flags]
            .into_iter()
            .filter(|f| !f.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Where the dialog's export goes: the path typed (relative to the inbox), else a new file
    /// named by date in the inbox.
    pub fn export_path(&self, dialog: &ExportDialog) -> PathBuf {
        let typed = dialog.path.value().trim();
        if !typed.is_empty() {
            return self.inbox_path.join(typed);
        }
        let name = format!(
            "{}-{}.{}",
            OwnOutput::RectificationList.prefix(self.lang),
            chrono::Utc::now()
                .with_timezone(&self.utc_offset)
                .format("%Y%m%d-%H%M%S"),
            dialog.format().extension()
        );
        self.inbox_path.join(name)
    }

    /// Whether decisions the panes show are still waiting for their journal write.
    pub fn saving(&self) -> bool {
        self.store.as_ref().is_some_and(|s| s.unsaved() > 0)
    }

    /// What stays on screen while the journals have problems (a journal skipped, a line
    /// unreadable, a time from the future): how many, and the journal of the latest (its full
    /// text is announced when it arrives). Announcements come and go; this does not, so a
    /// skipped colleague's journal is never forgotten.
    pub fn journal_warning(&self) -> Option<String> {
        let warnings = self.store.as_ref()?.warnings();
        let last = warnings.last()?;
        let file = last
            .path
            .file_name()
            .map(|name| clean(&name.to_string_lossy()))
            .unwrap_or_default();
        let count = warnings.len();
        Some(match self.lang {
            Lang::Zh => format!("⚠ 审核记录警告 {count} 条：{file}"),
            Lang::En => format!("⚠ {count} journal warnings: {file}"),
        })
    }

    pub(crate) fn report_identity(&self, index: usize) -> Option<PathBuf> {
        let &entry = self.reports.get(index)?;
        Some(self.entry(entry)?.report.path.clone())
    }

    pub(crate) fn flag_identity(&self, index: usize) -> Option<(PathBuf, Fingerprint)> {
        let (entry, flag) = self.flag(*self.flags.get(index)?)?;
        Some((entry.report.path.clone(), flag.fingerprint))
    }

    /// What folds flags into one row: their report and rule, a gone flag apart from the
    /// current ones (they are never decided together).
    pub(crate) fn fold_key(&self, flag: FlagRef) -> (usize, &'static str, bool) {
        (
            flag.entry,
            self.flag_at(flag.entry, flag.flag).code,
            self.is_gone(flag),
        )
    }

    pub(crate) fn pane_at(&self, column: u16, row: u16) -> Option<(Pane, Rect)> {
        let areas = layout::layout(self.size, self.view);
        let position = ratatui::layout::Position::new(column, row);
        [
            (Pane::Reports, areas.left),
            (Pane::Flags, Some(areas.flags)),
            (Pane::Source, Some(areas.source)),
            (Pane::Detail, Some(areas.detail)),
        ]
        .into_iter()
        .find_map(|(pane, area)| area.filter(|a| a.contains(position)).map(|a| (pane, a)))
    }
}
