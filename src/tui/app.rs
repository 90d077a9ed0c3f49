//! The dashboard's state: plain data and the methods that change it.
//!
//! Keys become [`Action`]s through the [`KeyMap`]; [`App::update`] applies an action, and
//! [`App::on_inbox`] the watcher's events. After every change the derived lists (the visible
//! reports, rules and flags, in order) are recomputed once, so that rendering only reads. What
//! the terminal loop must do (quit, rescan) comes back as an [`Effect`]. Nothing here knows
//! about the terminal: the whole dashboard is driven and tested headless.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{FixedOffset, Offset};
use ratatui::layout::Rect;
use tui_input::{Input, InputRequest};

use nianbao::agency::PinyinKey;
use nianbao::export::{self, ExportFormat, ExportOptions, StatusFilter};
use nianbao::flag::{Fingerprint, Flag, Location, Severity};
use nianbao::i18n::Lang;
use nianbao::inbox::{Change, Entry, Inbox, InboxEvent, Trigger};
use nianbao::ingest::walk::OwnOutput;
use nianbao::pipeline::CheckedReport;
use nianbao::rules;
use nianbao::triage::query::Field;
use nianbao::triage::{
    self, Identified, Marks, PreparedReport, Query, ReportRef, ReportStatus, Review, ReviewRow,
    RowStatus, Status, Subject, TriageStore,
};

use super::action::Action;
use super::agency_view::{self, AgencyView};
use super::keymap::{Key, KeyCode, KeyMap};
use super::roster_view::{self, RosterView};
use super::source::SourceText;
use super::table_view::{self, TableView};
use super::text::clean;
use super::view;

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

    fn next(self) -> View {
        match self {
            View::ByReport => View::ByRule,
            View::ByRule => View::Queue,
            View::Queue => View::ByReport,
        }
    }
}

/// The order of the Reports pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Arrival,
    Errors,
    Agency,
    Year,
}

impl SortBy {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SortBy::Arrival => lang.pick("按到达顺序", "by arrival"),
            SortBy::Errors => lang.pick("按错误数", "by errors"),
            SortBy::Agency => lang.pick("按机关", "by agency"),
            SortBy::Year => lang.pick("按年度", "by year"),
        }
    }

    fn next(self) -> SortBy {
        match self {
            SortBy::Arrival => SortBy::Errors,
            SortBy::Errors => SortBy::Agency,
            SortBy::Agency => SortBy::Year,
            SortBy::Year => SortBy::Arrival,
        }
    }
}

/// The order of the rules list (by-rule view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSort {
    /// The catalogue's order.
    Catalogue,
    /// Most flags first.
    Flags,
    /// Most open flags first.
    Open,
}

impl RuleSort {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RuleSort::Catalogue => lang.pick("按规则目录", "by catalogue"),
            RuleSort::Flags => lang.pick("按问题数", "by flags"),
            RuleSort::Open => lang.pick("按待审核数", "by open flags"),
        }
    }

    fn next(self) -> RuleSort {
        match self {
            RuleSort::Catalogue => RuleSort::Flags,
            RuleSort::Flags => RuleSort::Open,
            RuleSort::Open => RuleSort::Catalogue,
        }
    }
}

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

    fn set(&mut self, index: usize, len: usize, height: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.offset = self.window(len, height).start;
    }

    fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        let target = self.selected.saturating_add_signed(delta);
        self.set(target, len, height);
    }
}

/// A flag in the Flags pane: the index of its report in the inbox, and of the flag in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagRef {
    pub entry: usize,
    pub flag: usize,
}

/// A flag with a history that no longer appears in its report (已整改, or 无法对应): listed
/// after the report's current flags, dimmed, never decided again.
#[derive(Debug, Clone)]
pub struct GoneFlag {
    /// As its rule names it now: no location, its rule's title as the message.
    pub flag: Flag,
    pub status: RowStatus,
}

/// A row of the rules list (by-rule view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRow {
    pub code: &'static str,
    pub flags: usize,
    pub open: usize,
}

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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub reports: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub open: usize,
    pub unreadable: usize,
    /// Flags with a history gone from their report: 已整改 (and 无法对应, counted apart).
    pub resolved: usize,
    pub unattributed: usize,
    /// Flags with a history whose report is no longer in the inbox.
    pub absent: usize,
}

/// The export dialog.
#[derive(Debug, Clone)]
pub struct ExportDialog {
    /// 0: format, 1: status, 2: scope, 3: path.
    pub field: usize,
    pub format: usize,
    pub status: usize,
    /// What goes in: an index into [`ExportScope`]'s order (whole inbox, the filter, the agency).
    pub scope: usize,
    /// The filter when the dialog opened (its text), if any.
    pub filter: Option<String>,
    /// The agency of the selected report when the dialog opened, if any.
    pub agency: Option<String>,
    /// The file to write; empty: a new file named by date in the inbox. A relative path is
    /// relative to the inbox.
    pub path: Input,
    /// How many rows the current choices write (shown before writing), or why they cannot.
    pub rows: Option<Result<usize, String>>,
    /// The file written and its rows, or why it failed.
    pub result: Option<Result<(PathBuf, usize), String>>,
}

/// What an export from the dashboard takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportScope {
    All,
    /// The rows the filter (and the severity filter) passes.
    Filter(String),
    Agency(String),
}

impl ExportDialog {
    pub const STATUSES: [StatusFilter; 5] = [
        StatusFilter::Confirmed,
        StatusFilter::Open,
        StatusFilter::Dismissed,
        StatusFilter::Resolved,
        StatusFilter::All,
    ];

    /// The scopes offered: the whole inbox, then the filter and the agency when there is one.
    pub fn scopes(&self) -> Vec<ExportScope> {
        let mut scopes = vec![ExportScope::All];
        scopes.extend(self.filter.clone().map(ExportScope::Filter));
        scopes.extend(self.agency.clone().map(ExportScope::Agency));
        scopes
    }

    pub fn scope(&self) -> ExportScope {
        let scopes = self.scopes();
        scopes[self.scope % scopes.len()].clone()
    }

    pub fn format(&self) -> ExportFormat {
        ExportFormat::ALL[self.format % ExportFormat::ALL.len()]
    }

    pub fn status(&self) -> StatusFilter {
        Self::STATUSES[self.status % Self::STATUSES.len()]
    }
}

/// The note being written.
#[derive(Debug, Clone)]
pub struct NoteEdit {
    pub input: Input,
    pub path: PathBuf,
    pub fingerprint: Fingerprint,
    pub code: &'static str,
}

/// The prompt before a bulk decision on the marked flags: 「确认 25 个问题？ y/n」.
#[derive(Debug, Clone)]
pub struct BulkPrompt {
    pub action: triage::Action,
    /// How many marked flags the decision will be recorded on.
    pub count: usize,
    /// The reason of a dismissal, typed in the same prompt (Enter leaves it empty); the other
    /// decisions take `y` or `n`.
    pub reason: Input,
}

impl BulkPrompt {
    /// Whether the prompt takes a reason (a dismissal) rather than `y`/`n`.
    pub fn takes_reason(&self) -> bool {
        self.action == triage::Action::Dismiss
    }
}

/// The report-status dialog: a status (or none) for one report, with a note.
#[derive(Debug, Clone)]
pub struct StatusDialog {
    /// The report.
    pub path: PathBuf,
    /// Its name as the dialog shows it (agency and year, else the file), clean.
    pub name: String,
    /// An index into [`StatusDialog::CHOICES`].
    pub choice: usize,
    pub note: Input,
}

impl StatusDialog {
    /// The statuses offered, then none (clears the status).
    pub const CHOICES: [Option<ReportStatus>; 4] = [
        Some(ReportStatus::Passed),
        Some(ReportStatus::Returned),
        Some(ReportStatus::Reviewed),
        None,
    ];
}

/// The agency/year dialog of a report whose agency or year was not read: the field that was
/// read is shown and cannot be edited (what was read is never overridden).
#[derive(Debug, Clone)]
pub struct IdentityDialog {
    /// The report.
    pub path: PathBuf,
    /// Its name as the dialog shows it, clean.
    pub name: String,
    pub agency: Input,
    pub year: Input,
    /// Which of agency and year were read (not editable).
    pub read: (bool, bool),
    /// Whether the year field has the focus (else the agency's).
    pub on_year: bool,
    /// Why the last Enter was refused, in the dialog's language.
    pub error: Option<String>,
}

impl IdentityDialog {
    /// The field that takes the keys.
    fn focused(&mut self) -> &mut Input {
        if self.on_year {
            &mut self.year
        } else {
            &mut self.agency
        }
    }
}

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

/// Where the keys go.
#[derive(Debug, Clone)]
pub enum Mode {
    Normal,
    /// Typing the filter of a pane (the Reports pane's, or the Flags pane's).
    Filter(Pane),
    Note(NoteEdit),
    Bulk(BulkPrompt),
    ReportStatus(StatusDialog),
    Identify(IdentityDialog),
    Export(ExportDialog),
    Help {
        scroll: usize,
    },
    /// The versions of the selected report (see `tui::versions`).
    Versions {
        scroll: usize,
    },
    /// The per-agency view ([`App::agencies`]).
    Agencies,
    /// The roster view ([`App::roster`]).
    Roster,
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
    filters: [PaneFilter; 2],
    pub mode: Mode,
    pub load: Load,
    pub watching: bool,
    pub last_event: Option<Announcement>,
    /// The terminal's size: the panes' sizes follow from it (see [`view::layout`]).
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
    last_decided: Option<(PathBuf, Fingerprint)>,
    /// When folded, the flags of each row of `flags` (the row shows the first).
    members: Vec<Vec<FlagRef>>,
    /// The open queue (queue view), most severe first.
    queue: Vec<FlagRef>,
    selected_report: Option<PathBuf>,
    selected_rule: Option<&'static str>,
    selected_flag: Option<(PathBuf, Fingerprint)>,
    shown_flag: Option<(PathBuf, Fingerprint)>,
    store_len: usize,
    /// For each inbox entry, its flags that are gone (see [`GoneFlag`]); a [`FlagRef`] past
    /// the report's current flags points into it.
    gone: Vec<Vec<GoneFlag>>,
    /// How many flags with a history have no report in the inbox any more.
    absent: usize,
    /// For each inbox entry, its file relative to the inbox (as the filter matches it).
    files: Vec<String>,
    /// Counts the inbox's changes: the gone flags are worked out again only when it or the
    /// journals changed, not on every key.
    inbox_version: u64,
    gone_of: Option<(u64, usize)>,
    /// The inbox version `files` was worked out for.
    files_of: u64,
    /// The last matching of the flags against the filters (see [`Matched`]).
    matched: Option<Matched>,
}

/// What the lists' matching depends on besides the filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MatchKey {
    inbox: u64,
    decisions: usize,
    severity: Option<Severity>,
    view: View,
    lang: Lang,
}

/// The last matching of the flags: a filter that narrows it matches only what passed.
#[derive(Debug, Clone)]
struct Matched {
    key: MatchKey,
    left: Query,
    flags: Query,
    /// For each entry, its flags the left filter passed, and those both filters passed.
    in_left: Vec<Vec<usize>>,
    passing: Vec<Vec<usize>>,
}

/// A pane's filter: the text as typed, and parsed (see [`triage::query`]).
#[derive(Debug, Clone, Default)]
pub struct PaneFilter {
    pub input: Input,
    query: Query,
}

/// The filter slot of a pane: the left pane's, or the Flags pane's (which the Source and
/// Detail panes, showing the selected flag, share).
fn filter_slot(pane: Pane) -> usize {
    match pane {
        Pane::Reports => 0,
        Pane::Flags | Pane::Source | Pane::Detail => 1,
    }
}

/// What the filters look at in a report, worked out once for all its flags.
struct ReportSubject<'a> {
    agency: Option<&'a str>,
    year: Option<i32>,
    /// The file, relative to the inbox.
    file: &'a str,
    /// The left pane's filter and the Flags pane's, and what the report's name settles of
    /// each.
    left: &'a Query,
    in_left: PreparedReport,
    flags: &'a Query,
    in_flags: PreparedReport,
    /// Whether a filter asks for the status (looked up only then).
    by_status: bool,
}

impl App {
    /// A dashboard on an empty inbox; reports arrive through [`App::on_inbox`].
    pub fn new(
        inbox_path: PathBuf,
        store: Result<TriageStore, String>,
        keymap: KeyMap,
        lang: Lang,
    ) -> App {
        let mut app = App {
            lang,
            inbox_label: clean(&inbox_path.display().to_string()),
            inbox_path,
            inbox: Inbox::new(),
            store: None,
            keymap,
            utc_offset: chrono::Local::now().offset().fix(),
            focus: Pane::Reports,
            view: View::ByReport,
            sort: SortBy::Arrival,
            rule_sort: RuleSort::Catalogue,
            severity: None,
            filters: Default::default(),
            mode: Mode::Normal,
            load: Load::default(),
            watching: false,
            last_event: None,
            size: Rect::new(0, 0, 120, 40),
            reports: Vec::new(),
            rules: Vec::new(),
            flags: Vec::new(),
            totals: Totals::default(),
            report_cursor: Cursor::default(),
            rule_cursor: Cursor::default(),
            flag_cursor: Cursor::default(),
            source_top: 0,
            detail_scroll: 0,
            source: None,
            tables: TableView::default(),
            agencies: AgencyView::default(),
            roster: RosterView::default(),
            marks: Marks::new(),
            folded: false,
            members: Vec::new(),
            last_decided: None,
            queue: Vec::new(),
            selected_report: None,
            selected_rule: None,
            selected_flag: None,
            shown_flag: None,
            store_len: 0,
            gone: Vec::new(),
            absent: 0,
            files: Vec::new(),
            inbox_version: 0,
            gone_of: None,
            files_of: 0,
            matched: None,
        };
        match store {
            Ok(store) => {
                if let Some(first) = store.warnings().first() {
                    app.announce_error(clean(&first.display(lang)));
                }
                app.store_len = store.len();
                app.store = Some(store);
            }
            Err(message) => app.announce_error(format!(
                "{}: {}",
                lang.pick("审核记录不可用", "triage journals unavailable"),
                clean(&message)
            )),
        }
        app.refresh();
        app
    }

    // ---- Inputs -------------------------------------------------------------------------

    /// Applies the watcher's events (a batch at a time: the lists are recomputed once).
    pub fn on_inbox(&mut self, events: impl IntoIterator<Item = InboxEvent>) {
        for event in events {
            self.on_inbox_event(event);
        }
        self.refresh();
    }

    fn on_inbox_event(&mut self, event: InboxEvent) {
        let lang = self.lang;
        self.inbox_version += 1;
        match event {
            InboxEvent::ScanStarted { total, .. } => {
                self.inbox.apply(event);
                self.load = Load {
                    scanning: true,
                    total,
                    done: 0,
                    elapsed: self.load.elapsed,
                    skipped: self.load.skipped,
                };
            }
            InboxEvent::ScanFinished {
                total,
                elapsed,
                skipped,
            } => {
                self.inbox.apply(event);
                self.load = Load {
                    scanning: false,
                    total,
                    done: total,
                    elapsed: Some(elapsed),
                    skipped,
                };
                // The scan's reports are checked against each other now, once each.
                self.inbox.settle();
                self.announce(match lang {
                    Lang::Zh => format!(
                        "已载入 {} 份报告，用时 {:.1} 秒",
                        self.inbox.len(),
                        elapsed.as_secs_f64()
                    ),
                    Lang::En => format!(
                        "{} reports loaded in {:.1} s",
                        self.inbox.len(),
                        elapsed.as_secs_f64()
                    ),
                });
            }
            InboxEvent::Watching { active } => self.watching = active,
            InboxEvent::Error { message } => self.announce_error(clean(&message)),
            event @ (InboxEvent::Checked { .. } | InboxEvent::Removed { .. }) => {
                let trigger = match &event {
                    InboxEvent::Checked { trigger, .. } => Some(*trigger),
                    _ => None,
                };
                if self.load.scanning && trigger.is_some_and(|t| t != Trigger::Change) {
                    self.load.done += 1;
                }
                let Some(change) = self.inbox.apply(event) else {
                    return;
                };
                let (path, zh, en) = match &change {
                    Change::Added(path) => (path, "新报告", "new report"),
                    Change::Updated(path) => (path, "报告已更新", "report updated"),
                    Change::Removed(path) => (path, "报告已移除", "report removed"),
                };
                if self.source.as_ref().is_some_and(|s| s.path == *path) {
                    self.source = None;
                }
                if trigger != Some(Trigger::InitialScan) {
                    let file = triage::relative_file(&self.inbox_path, path);
                    self.announce(format!("{}：{}", lang.pick(zh, en), clean(&file)));
                }
            }
        }
    }

    /// Periodic work: reads the decisions other supervisors appended to their journals.
    pub fn tick(&mut self) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        match store.reload() {
            Ok(warnings) => {
                let len = store.len();
                if let Some(first) = warnings.first() {
                    self.announce_error(clean(&first.display(self.lang)));
                }
                if len != self.store_len {
                    self.store_len = len;
                    self.refresh();
                }
            }
            Err(error) => {
                let text = format!(
                    "{}: {}",
                    self.lang
                        .pick("读取审核记录失败", "reading the triage journals failed"),
                    clean(&error.display(self.lang))
                );
                if self.last_event.as_ref().is_none_or(|e| e.text != text) {
                    self.announce_error(text);
                }
            }
        }
    }

    /// The terminal was resized.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.refresh();
    }

    /// A key: to the open dialog or text field, else through the key map.
    pub fn handle_key(&mut self, key: Key) -> Option<Effect> {
        if key == Key::INTERRUPT {
            return Some(Effect::Quit);
        }
        if let Mode::Export(ExportDialog {
            result: Some(_), ..
        }) = self.mode
        {
            // The box only says what was written: any key closes it, and a key other than the
            // ones that close dialogs does what it always does (it is not lost).
            self.mode = Mode::Normal;
            if matches!(key.code, KeyCode::Esc | KeyCode::Enter) {
                return None;
            }
        }
        // A dialog, a text field or an overlay view takes every key.
        let dialog: Option<fn(&mut App, Key)> = match self.mode {
            Mode::Normal => None,
            Mode::Help { .. } | Mode::Versions { .. } => Some(App::help_key),
            Mode::Filter(_) => Some(App::filter_key),
            Mode::Note(_) => Some(App::note_key),
            Mode::Export(_) => Some(App::export_key),
            Mode::Bulk(_) => Some(App::bulk_key),
            Mode::ReportStatus(_) => Some(App::report_status_key),
            Mode::Identify(_) => Some(App::identity_key),
            Mode::Agencies => Some(App::agencies_key),
            Mode::Roster => Some(App::roster_key),
        };
        if let Some(handle) = dialog {
            handle(self, key);
            return None;
        }
        if key == Key::plain(KeyCode::Esc) {
            // Marks first: they are the more recent thing, and the filter made them.
            if self.marks.is_empty() {
                self.clear_filter(self.focus);
            } else {
                self.marks.clear();
                self.last_decided = None;
                self.announce(self.lang.pick("已清除标记", "marks cleared").to_string());
            }
            return None;
        }
        let action = self.keymap.action(key)?;
        self.update(action)
    }

    /// A key in the per-agency view: moves and sorts there; Esc closes it, Enter lists the
    /// agency's reports.
    fn agencies_key(&mut self, key: Key) {
        let Some(action) = self.overlay_action(key) else {
            return;
        };
        let page = self.list_height(Pane::Reports) * 2;
        match self.agencies.update(action, page) {
            agency_view::Outcome::Stay => {}
            agency_view::Outcome::Close => self.mode = Mode::Normal,
            agency_view::Outcome::Filter(term) => self.list_reports_of(term),
        }
    }

    /// A key in an overlay view: `Some(None)` for Esc, `Some(action)` for a bound key, none
    /// for a key without an action.
    fn overlay_action(&self, key: Key) -> Option<Option<Action>> {
        match key.code {
            KeyCode::Esc => Some(None),
            _ => self.keymap.action(key).map(Some),
        }
    }

    /// Closes an overlay view and lists an agency's reports: the filter says so, and Esc
    /// clears it.
    fn list_reports_of(&mut self, term: String) {
        self.mode = Mode::Normal;
        self.filters[filter_slot(Pane::Reports)].input = Input::new(term);
        self.parse_filter(Pane::Reports);
        self.view = View::ByReport;
        self.focus = Pane::Reports;
        self.refresh();
    }

    /// Matches the roster against the inbox again (see [`RosterView::load`]).
    fn load_roster(&mut self) {
        self.roster
            .load(&self.inbox_path, &self.inbox, self.store.as_ref());
    }

    /// A key in the roster view: moves, sorts, changes the year and exports there; Esc closes
    /// it, Enter lists the agency's reports.
    fn roster_key(&mut self, key: Key) {
        let Some(action) = self.overlay_action(key) else {
            return;
        };
        let page = self.list_height(Pane::Reports) * 2;
        let year = self.roster.year;
        match self.roster.update(action, page, self.lang) {
            roster_view::Outcome::Stay if self.roster.year != year => self.load_roster(),
            roster_view::Outcome::Stay => {}
            roster_view::Outcome::Close => self.mode = Mode::Normal,
            roster_view::Outcome::Filter(term) => self.list_reports_of(term),
            roster_view::Outcome::Exported(Ok(message)) => self.announce(message),
            roster_view::Outcome::Exported(Err(message)) => self.announce_error(message),
        }
    }

    /// Pasted text: into the open text field, if any.
    pub fn paste(&mut self, text: &str) {
        let input = match &mut self.mode {
            Mode::Filter(pane) => &mut self.filters[filter_slot(*pane)].input,
            Mode::Note(edit) => &mut edit.input,
            Mode::Bulk(prompt) if prompt.takes_reason() => &mut prompt.reason,
            Mode::ReportStatus(dialog) => &mut dialog.note,
            Mode::Identify(dialog) => dialog.focused(),
            _ => return,
        };
        for c in text.chars() {
            let c = if c.is_control() { ' ' } else { c };
            input.handle(InputRequest::InsertChar(c));
        }
        if let Mode::Filter(pane) = self.mode {
            self.parse_filter(pane);
            self.refresh();
        }
    }

    /// Applies an action.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let just_decided = self.last_decided.take();
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::NextPane => self.cycle_focus(1),
            Action::PrevPane => self.cycle_focus(-1),
            Action::Open => self.open(),
            Action::Confirm => self.decide(triage::Action::Confirm),
            Action::Dismiss => self.decide(triage::Action::Dismiss),
            Action::Reopen => self.decide(triage::Action::Reopen),
            Action::Note => self.start_note(just_decided),
            Action::Mark => self.mark(),
            Action::MarkAll => self.mark_all(),
            Action::NextError => self.jump_to_error(true),
            Action::PrevError => self.jump_to_error(false),
            Action::ReportStatus => self.start_report_status(),
            Action::Identify => self.start_identity(),
            Action::Fold => {
                self.folded = !self.folded;
                self.select();
            }
            Action::Undo => self.undo_or_redo(false),
            Action::Redo => self.undo_or_redo(true),
            // The focused pane's filter; a second `/` edits it.
            Action::Filter => self.mode = Mode::Filter(self.filter_pane()),
            Action::Severity => {
                self.severity = match self.severity {
                    None => Some(Severity::Error),
                    Some(Severity::Error) => Some(Severity::Warning),
                    Some(Severity::Warning) => Some(Severity::Info),
                    Some(Severity::Info) => None,
                };
                self.refresh();
            }
            Action::View => {
                self.view = self.view.next();
                if self.view == View::Queue && self.focus == Pane::Reports {
                    self.focus = Pane::Flags;
                }
                self.selected_flag = None;
                self.flag_cursor = Cursor::default();
                self.refresh();
            }
            Action::Sort => {
                if self.view == View::ByRule {
                    self.rule_sort = self.rule_sort.next();
                } else {
                    self.sort = self.sort.next();
                }
                self.refresh();
            }
            Action::Tables => {
                self.tables.showing = self.tables.showing.next();
                self.tables.scroll = 0;
                self.announce(self.tables.showing.describe(self.lang));
            }
            Action::Agencies => {
                self.agencies.load(&self.inbox, self.store.as_ref());
                self.mode = Mode::Agencies;
            }
            Action::Roster => {
                self.load_roster();
                self.mode = Mode::Roster;
            }
            Action::Export => self.start_export(),
            Action::Rescan => {
                self.announce(
                    self.lang
                        .pick("重新扫描收件箱…", "rescanning the inbox…")
                        .to_string(),
                );
                return Some(Effect::Rescan);
            }
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::Versions => self.mode = Mode::Versions { scroll: 0 },
            Action::Quit => return Some(Effect::Quit),
        }
        None
    }

    /// A mouse click: focuses the pane under it and selects the row.
    pub fn click(&mut self, column: u16, row: u16) {
        if !matches!(self.mode, Mode::Normal) {
            return;
        }
        let Some((pane, area)) = self.pane_at(column, row) else {
            return;
        };
        self.focus = pane;
        // Below the border and the header row.
        let first_row = area.y + 2;
        if row < first_row || row + 1 >= area.y + area.height {
            return;
        }
        let offset = usize::from(row - first_row);
        let height = self.list_height(pane);
        match pane {
            Pane::Reports if self.view == View::ByRule => {
                let start = self.rule_cursor.window(self.rules.len(), height).start;
                self.select_rule(start + offset);
            }
            Pane::Reports => {
                let start = self.report_cursor.window(self.reports.len(), height).start;
                self.select_report(start + offset);
            }
            Pane::Flags => {
                let start = self.flag_cursor.window(self.flags.len(), height).start;
                if start + offset < self.flags.len() {
                    self.flag_cursor
                        .set(start + offset, self.flags.len(), height);
                    self.selected_flag = self.flag_identity(self.flag_cursor.selected);
                    self.follow_flag();
                }
            }
            Pane::Source | Pane::Detail => {}
        }
    }

    /// The mouse wheel over a pane: scrolls it (moves its selection) by three rows.
    pub fn wheel(&mut self, column: u16, row: u16, down: bool) {
        if !matches!(self.mode, Mode::Normal) {
            return;
        }
        let Some((pane, _)) = self.pane_at(column, row) else {
            return;
        };
        let focus = std::mem::replace(&mut self.focus, pane);
        self.move_by(if down { 3 } else { -3 });
        self.focus = focus;
    }

    // ---- Queries for the views ---------------------------------------------------------

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
    fn flag_at(&self, entry: usize, index: usize) -> &Flag {
        let current = &self.inbox.entries()[entry].report.flags;
        match index.checked_sub(current.len()) {
            None => &current[index],
            Some(gone) => &self.gone[entry][gone].flag,
        }
    }

    /// The indices of the flags of inbox entry `entry` that pass the filters.
    fn passing(&self, entry: usize) -> &[usize] {
        self.matched
            .as_ref()
            .and_then(|m| m.passing.get(entry))
            .map_or(&[], Vec::as_slice)
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
        let areas = view::layout(self.size, self.view);
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

    // ---- Actions ------------------------------------------------------------------------

    fn page(&self) -> usize {
        self.list_height(self.focus).max(1)
    }

    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Pane::Reports if self.view == View::ByRule => {
                let target = self.rule_cursor.selected.saturating_add_signed(delta);
                self.select_rule(target);
            }
            Pane::Reports => {
                let target = self.report_cursor.selected.saturating_add_signed(delta);
                self.select_report(target);
            }
            Pane::Flags => {
                let height = self.list_height(Pane::Flags);
                self.flag_cursor.move_by(delta, self.flags.len(), height);
                self.selected_flag = self.flag_identity(self.flag_cursor.selected);
                self.follow_flag();
            }
            Pane::Source if table_view::shown(self).is_some() => {
                // Tables have a few dozen rows: a bound keeps Top and Bottom from overshooting.
                self.tables.scroll = (self.tables.scroll + delta.clamp(-100, 100)).clamp(-100, 100);
            }
            Pane::Source => {
                let last = self
                    .source
                    .as_ref()
                    .map_or(0, |s| s.line_count().saturating_sub(1));
                self.source_top = self.source_top.saturating_add_signed(delta).min(last);
            }
            Pane::Detail => {
                // No further than the last line: `G` shows the end, not a blank pane.
                let area = view::layout(self.size, self.view).detail;
                let last = view::detail_max_scroll(self, area);
                self.detail_scroll = self.detail_scroll.saturating_add_signed(delta).min(last);
            }
        }
    }

    fn select_report(&mut self, index: usize) {
        let height = self.list_height(Pane::Reports);
        let before = self.report_cursor.selected;
        self.report_cursor.set(index, self.reports.len(), height);
        if self.report_cursor.selected != before {
            self.selected_report = self.report_identity(self.report_cursor.selected);
            self.selected_flag = None;
            self.flag_cursor = Cursor::default();
            self.mark_selected_seen();
        }
        self.select();
    }

    /// The cursor came onto a report: its flags are on screen, so it is no longer new or
    /// changed (`*`). A report that changes while the cursor is on it keeps its mark until
    /// the cursor comes back to it (or Enter).
    fn mark_selected_seen(&mut self) {
        if let Some(path) = self.selected_report.clone() {
            self.inbox.mark_seen(&path);
        }
    }

    fn select_rule(&mut self, index: usize) {
        let height = self.list_height(Pane::Reports);
        let before = self.rule_cursor.selected;
        self.rule_cursor.set(index, self.rules.len(), height);
        if self.rule_cursor.selected != before {
            self.selected_rule = self.rules.get(self.rule_cursor.selected).map(|r| r.code);
            self.selected_flag = None;
            self.flag_cursor = Cursor::default();
        }
        self.select();
    }

    fn cycle_focus(&mut self, step: isize) {
        let panes = self.panes();
        let current = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let next = (current as isize + step).rem_euclid(panes.len() as isize) as usize;
        self.focus = panes[next];
    }

    fn open(&mut self) {
        match self.focus {
            Pane::Reports => {
                if let Some(path) = self.selected_report().map(|e| e.report.path.clone()) {
                    self.inbox.mark_seen(&path);
                }
                self.focus = Pane::Flags;
            }
            Pane::Flags => self.focus = Pane::Source,
            Pane::Source | Pane::Detail => {}
        }
    }

    /// `c`, `d`, `o`: decides the marked flags (after a prompt naming their count), or else
    /// the flag under the cursor. Only where a flag cursor is: elsewhere the key would decide
    /// a flag the supervisor is not looking at.
    fn decide(&mut self, action: triage::Action) {
        let lang = self.lang;
        if self.focus != Pane::Flags {
            self.announce(
                lang.pick(
                    "请在问题窗格中审核（按 Tab 或 Enter 前往）",
                    "decide in the Flags pane (Tab or Enter goes there)",
                )
                .to_string(),
            );
            return;
        }
        if !self.marks.is_empty() {
            let count = self.marked_flags().len();
            if count == 0 {
                self.marks.clear();
                self.announce(
                    lang.pick(
                        "标记的问题已不在收件箱中",
                        "the marked flags are no longer in the inbox",
                    )
                    .to_string(),
                );
                return;
            }
            self.mode = Mode::Bulk(BulkPrompt {
                action,
                count,
                reason: Input::default(),
            });
            return;
        }
        // A folded row is decided as a whole.
        let row = self.row_flags(self.flag_cursor.selected);
        if !row.is_empty() && row.iter().all(|&f| self.is_gone(f)) {
            self.announce(
                lang.pick(
                    "该问题已不在报告中，无需再审核",
                    "this flag is gone from its report: nothing to decide",
                )
                .to_string(),
            );
            return;
        }
        let targets: Vec<FlagRef> = row.iter().copied().filter(|&f| !self.is_gone(f)).collect();
        if targets.is_empty() {
            self.announce(lang.pick("没有选中的问题", "no flag selected").to_string());
            return;
        }
        if self.record_decisions(&targets, action, None) && targets.len() == 1 {
            self.last_decided = self.flag_key(targets[0]);
        }
    }

    /// Records one decision per flag, as one bulk decision when there are several (one undo
    /// reverts them all), says what was done and refreshes the lists. Returns whether it was
    /// recorded.
    fn record_decisions(
        &mut self,
        targets: &[FlagRef],
        action: triage::Action,
        note: Option<String>,
    ) -> bool {
        let lang = self.lang;
        let Some(store) = self.store.as_mut() else {
            self.announce_unrecordable();
            return false;
        };
        let entries = self.inbox.entries();
        // One reference per report, shared by its flags' decisions.
        let mut reports: HashMap<usize, Arc<ReportRef>> = HashMap::new();
        let mut decisions = Vec::with_capacity(targets.len());
        for target in targets {
            let Some(entry) = entries.get(target.entry) else {
                continue;
            };
            let Some(flag) = entry.report.flags.get(target.flag) else {
                continue;
            };
            let report = reports
                .entry(target.entry)
                .or_insert_with(|| Arc::new(ReportRef::of(&entry.report, entry.content_hash)));
            let mut decision = store.decide_flag(report.clone(), flag, action);
            decision.note = note.clone();
            decisions.push(decision);
        }
        let text = match decisions.as_slice() {
            [] => return false,
            [one] => {
                let who = targets
                    .first()
                    .and_then(|t| entries.get(t.entry))
                    .and_then(|e| Identified::of(&e.report, Some(&*store)).agency)
                    .map(|a| format!("（{}）", clean(a)))
                    .unwrap_or_default();
                format!("{}：{}{who}", past(action, lang), one.code)
            }
            many => match lang {
                Lang::Zh => format!("{} {} 个问题", past(action, lang), many.len()),
                Lang::En => format!("{} {} flags", past(action, lang), many.len()),
            },
        };
        let paths: Vec<PathBuf> = reports
            .keys()
            .filter_map(|&i| entries.get(i).map(|e| e.report.path.clone()))
            .collect();
        let recorded = if decisions.len() == 1 {
            store.record(decisions.remove(0))
        } else {
            store.record_batch(decisions).map(|_| ())
        };
        match recorded {
            Ok(()) => {
                self.store_len = store.len();
                for path in &paths {
                    self.inbox.mark_seen(path);
                }
                self.announce(text);
                self.refresh();
                true
            }
            Err(error) => {
                self.announce_recording_failed(&error);
                false
            }
        }
    }

    /// The marked flags still in the inbox, in the inbox's order.
    fn marked_flags(&self) -> Vec<FlagRef> {
        let mut found = Vec::with_capacity(self.marks.len());
        for (index, entry) in self.inbox.entries().iter().enumerate() {
            let path = entry.report.path.as_path();
            found.extend(
                (0..entry.report.flags.len())
                    .filter(|&i| self.marks.contains(path, entry.report.flags[i].fingerprint))
                    .map(|flag| FlagRef { entry: index, flag }),
            );
            if found.len() == self.marks.len() {
                break;
            }
        }
        found
    }

    /// A flag's identity: its report's file and its fingerprint.
    fn flag_key(&self, flag: FlagRef) -> Option<(PathBuf, Fingerprint)> {
        let (entry, flag) = self.flag(flag)?;
        Some((entry.report.path.clone(), flag.fingerprint))
    }

    /// The flag of the report at `path` with `fingerprint`, wherever the lists are.
    fn find_flag(&self, path: &std::path::Path, fingerprint: Fingerprint) -> Option<FlagRef> {
        let entries = self.inbox.entries();
        let entry = entries
            .iter()
            .position(|e| e.report.path.as_os_str() == path.as_os_str())?;
        let flag = entries[entry]
            .report
            .flags
            .iter()
            .position(|f| f.fingerprint == fingerprint)?;
        Some(FlagRef { entry, flag })
    }

    /// Says that marking happens in the Flags pane; true when the focus is elsewhere.
    fn not_in_flags(&mut self) -> bool {
        if self.focus == Pane::Flags {
            return false;
        }
        self.announce(
            self.lang
                .pick(
                    "请在问题窗格中标记（按 Tab 或 Enter 前往）",
                    "mark flags in the Flags pane (Tab or Enter goes there)",
                )
                .to_string(),
        );
        true
    }

    /// `space`: marks or unmarks the flag under the cursor, then moves down.
    fn mark(&mut self) {
        if self.not_in_flags() {
            return;
        }
        // A folded row is marked as a whole: unmarked when all of it was marked.
        let keys: Vec<_> = self
            .row_flags(self.flag_cursor.selected)
            .iter()
            .filter(|&&f| !self.is_gone(f))
            .filter_map(|&f| self.flag_key(f))
            .collect();
        let all = keys.iter().all(|(path, fp)| self.marks.contains(path, *fp));
        for (path, fingerprint) in &keys {
            if all {
                self.marks.remove(path, *fingerprint);
            } else {
                self.marks.insert(path, *fingerprint);
            }
        }
        self.move_by(1);
    }

    /// `*`: marks every flag the Flags pane lists (after its filters).
    fn mark_all(&mut self) {
        if self.not_in_flags() {
            return;
        }
        let listed = if self.folded {
            self.members.iter().flatten().collect::<Vec<_>>()
        } else {
            self.flags.iter().collect()
        };
        // A flag that is gone is never decided again: never marked.
        let keys: Vec<(PathBuf, Fingerprint)> = listed
            .into_iter()
            .filter(|&&f| !self.is_gone(f))
            .filter_map(|&f| self.flag_key(f))
            .collect();
        for (path, fingerprint) in keys {
            self.marks.insert(&path, fingerprint);
        }
        let count = self.marks.len();
        self.announce(match self.lang {
            Lang::Zh => format!("已标记 {count} 个问题"),
            Lang::En => format!("{count} flags marked"),
        });
    }

    /// `]` / `[`: the next (previous) open error in the order of the view, across reports,
    /// round to the start (end) after the last (first). Folded, a row with an open error
    /// counts once.
    fn jump_to_error(&mut self, forward: bool) {
        let is_open_error = |flag: &FlagRef| {
            self.flag_at(flag.entry, flag.flag).severity == Severity::Error
                && self.row_status(*flag) == RowStatus::Open
        };
        let rows_of = |flags: Vec<FlagRef>| -> Vec<Vec<FlagRef>> {
            if self.folded {
                triage::fold::fold(&flags, |f| self.fold_key(*f))
            } else {
                flags.into_iter().map(|f| vec![f]).collect()
            }
        };
        // The lists to search, in view order: each report's passing flags, or the one list.
        let lists: Vec<(Option<usize>, Vec<Vec<FlagRef>>)> = match self.view {
            View::ByReport => self
                .reports
                .iter()
                .enumerate()
                .map(|(position, &entry)| {
                    let flags = self
                        .passing(entry)
                        .iter()
                        .map(|&flag| FlagRef { entry, flag })
                        .collect();
                    (Some(position), rows_of(flags))
                })
                .collect(),
            View::ByRule | View::Queue => {
                let flags = (0..self.flags.len())
                    .flat_map(|row| self.row_flags(row).iter().copied())
                    .collect();
                vec![(None, rows_of(flags))]
            }
        };
        let current_list = match self.view {
            View::ByReport => self.report_cursor.selected,
            _ => 0,
        };
        let current = self.flags.get(self.flag_cursor.selected).copied();
        // Every (list, row) in order, starting just after (before) the cursor and coming back
        // round to it.
        let rows: Vec<(usize, usize)> = lists
            .iter()
            .enumerate()
            .flat_map(|(l, (_, rows))| (0..rows.len()).map(move |r| (l, r)))
            .collect();
        let here = rows
            .iter()
            .position(|&(l, r)| l == current_list && Some(lists[l].1[r][0]) == current);
        let n = rows.len();
        let found = (1..=n).find_map(|step| {
            let index = match (here, forward) {
                (Some(h), true) => (h + step) % n,
                (Some(h), false) => (h + n - step % n) % n,
                (None, true) => step - 1,
                (None, false) => n - step,
            };
            let (l, r) = rows[index];
            let row = &lists[l].1[r];
            row.iter()
                .any(is_open_error)
                .then_some((lists[l].0, row[0]))
        });
        let Some((report_position, flag)) = found else {
            self.announce(
                self.lang
                    .pick("没有待审核的错误", "no open errors")
                    .to_string(),
            );
            return;
        };
        if let Some(position) = report_position {
            let height = self.list_height(Pane::Reports);
            self.report_cursor.set(position, self.reports.len(), height);
            self.selected_report = self.report_identity(position);
            self.mark_selected_seen();
        }
        self.selected_flag = self.flag_key(flag);
        self.focus = Pane::Flags;
        self.select();
    }

    /// Undoes the last (bulk) decision, or with `redo` makes again what the last undo
    /// reverted.
    fn undo_or_redo(&mut self, redo: bool) {
        let lang = self.lang;
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let (done, words) = if redo {
            (
                store.redo(),
                [
                    lang.pick("已重做", "redone"),
                    lang.pick("没有可重做的操作", "nothing to redo"),
                    lang.pick("重做失败", "redo failed"),
                ],
            )
        } else {
            (
                store.undo_batch(),
                [
                    lang.pick("已撤销", "undone"),
                    lang.pick("没有可撤销的操作", "nothing to undo"),
                    lang.pick("撤销失败", "undo failed"),
                ],
            )
        };
        self.after_undo_or_redo(done, words);
    }

    /// Says what an undo or a redo did: one decision by its rule and the status it left, a
    /// bulk one by its count.
    fn after_undo_or_redo(
        &mut self,
        done: Result<Vec<triage::Decision>, triage::TriageError>,
        [verb, nothing, failed]: [&str; 3],
    ) {
        let lang = self.lang;
        match done {
            Ok(decisions) if decisions.is_empty() => self.announce(nothing.to_string()),
            Ok(decisions) => {
                let text = match decisions.as_slice() {
                    [decision] if decision.code.as_ref() == triage::REPORT_STATUS_CODE => {
                        let status = self
                            .store
                            .as_ref()
                            .and_then(|s| s.verdict(decision.fingerprint).report_status);
                        format!(
                            "{verb}：{} → {}",
                            lang.pick("报告状态", "report status"),
                            status.map_or(lang.pick("无", "none"), |s| s.label(lang))
                        )
                    }
                    [decision] if decision.code.as_ref() == triage::REPORT_IDENTITY_CODE => {
                        let set = self
                            .store
                            .as_ref()
                            .and_then(|s| s.report_identity(&decision.report));
                        format!(
                            "{verb}：{} → {}",
                            lang.pick("机关/年度", "agency/year"),
                            set.map_or(lang.pick("未设置", "not set").to_string(), |(a, y)| {
                                identity_text(a.as_deref(), y)
                            })
                        )
                    }
                    [decision] => format!(
                        "{verb}：{} → {}",
                        clean(&decision.code),
                        self.status(decision.fingerprint).label(lang)
                    ),
                    many => match lang {
                        Lang::Zh => format!("{verb}：{} 个问题", many.len()),
                        Lang::En => format!("{verb}: {} flags", many.len()),
                    },
                };
                self.store_len = self.store.as_ref().map_or(0, TriageStore::len);
                self.announce(text);
                self.refresh();
            }
            Err(error) => self.announce_error(format!("{failed}: {}", clean(&error.display(lang)))),
        }
    }

    /// `n`: a note on the flag the previous key decided, or else on the selected flag.
    fn start_note(&mut self, just_decided: Option<(PathBuf, Fingerprint)>) {
        let target = just_decided
            .or_else(|| self.selected_flag.clone())
            .and_then(|(path, fingerprint)| self.find_flag(&path, fingerprint));
        let Some((entry, flag)) = target.and_then(|t| self.flag(t)) else {
            self.announce(
                self.lang
                    .pick("没有选中的问题", "no flag selected")
                    .to_string(),
            );
            return;
        };
        let current = self
            .store
            .as_ref()
            .and_then(|s| s.verdict(flag.fingerprint).note)
            .unwrap_or_default();
        self.mode = Mode::Note(NoteEdit {
            input: Input::new(current),
            path: entry.report.path.clone(),
            fingerprint: flag.fingerprint,
            code: flag.code,
        });
    }

    /// `p`: the status of the report in view (the selected report, or the selected flag's).
    fn start_report_status(&mut self) {
        let entry = match self.view {
            View::ByReport if self.focus == Pane::Reports || self.selected_flag().is_none() => {
                self.selected_report()
            }
            _ => self.selected_flag().map(|(entry, _)| entry),
        };
        let Some(entry) = entry else {
            self.announce(
                self.lang
                    .pick("没有选中的报告", "no report selected")
                    .to_string(),
            );
            return;
        };
        let current = self.report_status(&entry.report);
        let choice = current
            .as_ref()
            .and_then(|(status, _)| {
                StatusDialog::CHOICES
                    .iter()
                    .position(|c| *c == Some(*status))
            })
            .unwrap_or(0);
        let name = report_name(entry, &self.inbox_path);
        self.mode = Mode::ReportStatus(StatusDialog {
            path: entry.report.path.clone(),
            name,
            choice,
            note: Input::new(current.and_then(|(_, note)| note).unwrap_or_default()),
        });
    }

    /// `I`: the agency and year of the report selected in the Reports pane, when they were not
    /// both read.
    fn start_identity(&mut self) {
        let lang = self.lang;
        if self.view != View::ByReport || self.focus != Pane::Reports {
            self.announce(
                lang.pick(
                    "请在报告窗格中设置机关/年度",
                    "set agency/year in the Reports pane",
                )
                .to_string(),
            );
            return;
        }
        let Some(entry) = self.selected_report() else {
            self.announce(
                lang.pick("没有选中的报告", "no report selected")
                    .to_string(),
            );
            return;
        };
        let report = &entry.report;
        let read = (report.agency.is_some(), report.year.is_some());
        if read == (true, true) {
            self.announce(
                lang.pick(
                    "该报告的机关和年度均已识别，无需设置",
                    "this report's agency and year were both read: nothing to set",
                )
                .to_string(),
            );
            return;
        }
        let shown = self.shown_identity(report);
        self.mode = Mode::Identify(IdentityDialog {
            path: report.path.clone(),
            name: report_name(entry, &self.inbox_path),
            agency: Input::new(shown.agency.unwrap_or_default()),
            year: Input::new(shown.year.map(|y| y.to_string()).unwrap_or_default()),
            read,
            // The first field that can be edited.
            on_year: read.0,
            error: None,
        });
    }

    /// The keys of the agency/year dialog: Tab switches between the fields that were not
    /// read, other keys edit the focused one, Enter records, Esc cancels.
    fn identity_key(&mut self, key: Key) {
        let lang = self.lang;
        let Mode::Identify(dialog) = &mut self.mode else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
                self.mode = Mode::Normal;
                return;
            }
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                if dialog.read == (false, false) {
                    dialog.on_year = !dialog.on_year;
                }
                return;
            }
            KeyCode::Enter => {}
            _ => {
                if let Some(request) = input_request(key) {
                    dialog.focused().handle(request);
                    dialog.error = None;
                }
                return;
            }
        }
        // Only what was not read is set: what was read is never overridden.
        let agency = (!dialog.read.0).then(|| dialog.agency.value().to_string());
        let year_text = dialog.year.value().trim().to_string();
        let year = if dialog.read.1 || year_text.is_empty() {
            None
        } else {
            match year_text.parse::<i64>() {
                Ok(year) => Some(year),
                Err(_) => {
                    dialog.error = Some(
                        lang.pick(
                            "年度应为数字，如 2023",
                            "the year must be a number such as 2023",
                        )
                        .to_string(),
                    );
                    return;
                }
            }
        };
        let identity = match triage::Identity::new(agency.as_deref(), year) {
            Ok(identity) => identity,
            Err(error) => {
                dialog.error = Some(error.display(lang));
                return;
            }
        };
        let path = dialog.path.clone();
        self.mode = Mode::Normal;
        self.record_identity(&path, identity);
    }

    fn record_identity(&mut self, path: &std::path::Path, identity: triage::Identity) {
        let lang = self.lang;
        let Some((name, report)) = self.report_to_decide(path) else {
            return;
        };
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let set = identity_text(identity.agency.as_deref(), identity.year);
        let decision = store.decide_identity(report, Some(identity));
        match store.record(decision) {
            Ok(()) => {
                self.store_len = store.len();
                self.announce(format!(
                    "{}：{name} → {set}",
                    past(triage::Action::Identify, lang)
                ));
                self.refresh();
            }
            Err(error) => self.announce_recording_failed(&error),
        }
    }

    /// The report at `path` for a decision on the report: its name and reference; none, said in
    /// the status bar, when it left the inbox or the journals are unavailable.
    fn report_to_decide(&mut self, path: &std::path::Path) -> Option<(String, Arc<ReportRef>)> {
        let Some(entry) = self.entry_at(path) else {
            self.announce_error(
                self.lang
                    .pick("报告已不在收件箱中", "the report is no longer in the inbox")
                    .to_string(),
            );
            return None;
        };
        let name = report_name(entry, &self.inbox_path);
        let report = Arc::new(ReportRef::of(&entry.report, entry.content_hash));
        if self.store.is_none() {
            self.announce_unrecordable();
            return None;
        }
        Some((name, report))
    }

    /// The inbox entry of the report at `path`.
    fn entry_at(&self, path: &std::path::Path) -> Option<&Entry> {
        self.inbox
            .entries()
            .iter()
            .find(|e| e.report.path.as_os_str() == path.as_os_str())
    }

    /// The keys of the report-status dialog: ↑↓ or Tab choose the status, other keys write
    /// the note, Enter records, Esc cancels.
    fn report_status_key(&mut self, key: Key) {
        let Mode::ReportStatus(dialog) = &mut self.mode else {
            return;
        };
        let choices = StatusDialog::CHOICES.len();
        match key.code {
            KeyCode::Esc => {
                self.mode = Mode::Normal;
                return;
            }
            KeyCode::Down | KeyCode::Tab => dialog.choice = (dialog.choice + 1) % choices,
            KeyCode::Up | KeyCode::BackTab => {
                dialog.choice = (dialog.choice + choices - 1) % choices
            }
            KeyCode::Enter => {}
            _ => {
                if let Some(request) = input_request(key) {
                    dialog.note.handle(request);
                }
                return;
            }
        }
        if key.code != KeyCode::Enter {
            return;
        }
        let status = StatusDialog::CHOICES[dialog.choice % choices];
        let note = dialog.note.value().trim().to_string();
        let path = dialog.path.clone();
        self.mode = Mode::Normal;
        self.record_report_status(&path, status, note);
    }

    fn record_report_status(
        &mut self,
        path: &std::path::Path,
        status: Option<ReportStatus>,
        note: String,
    ) {
        let lang = self.lang;
        let Some((name, report)) = self.report_to_decide(path) else {
            return;
        };
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let action = ReportStatus::to_reach(status);
        let mut decision = store.decide_report(report, action);
        // A cleared status keeps no note; a status keeps the one typed (empty clears it).
        decision.note = status.map(|_| note);
        match store.record(decision) {
            Ok(()) => {
                self.store_len = store.len();
                let done = match status {
                    Some(_) => past(action, lang),
                    None => lang.pick("已清除报告状态", "report status cleared"),
                };
                self.announce(format!("{done}：{name}"));
                self.refresh();
            }
            Err(error) => self.announce_recording_failed(&error),
        }
    }

    /// The keys of the bulk prompt: `y`/`n` (Enter/Esc) for a confirmation or a reopening; for
    /// a dismissal a reason, Enter records (an empty reason too), Esc cancels.
    fn bulk_key(&mut self, key: Key) {
        let Mode::Bulk(prompt) = &mut self.mode else {
            return;
        };
        let yes = match (key.code, prompt.takes_reason()) {
            (KeyCode::Esc, _) => false,
            (KeyCode::Enter, _) => true,
            (KeyCode::Char('y' | 'Y'), false) => true,
            (KeyCode::Char('n' | 'N'), false) => false,
            (_, true) => {
                if let Some(request) = input_request(key) {
                    prompt.reason.handle(request);
                }
                return;
            }
            _ => return,
        };
        let action = prompt.action;
        let reason = prompt.reason.value().trim().to_string();
        self.mode = Mode::Normal;
        if !yes {
            self.announce(self.lang.pick("已取消", "cancelled").to_string());
            return;
        }
        let targets = self.marked_flags();
        let note = (!reason.is_empty()).then_some(reason);
        if self.record_decisions(&targets, action, note) {
            self.marks.clear();
        }
    }

    /// A key in a scrolling popup (help, versions): movement scrolls, any other key closes.
    fn help_key(&mut self, key: Key) {
        let (Mode::Help { scroll } | Mode::Versions { scroll }) = &mut self.mode else {
            return;
        };
        match self.keymap.action(key) {
            Some(Action::Down) => *scroll += 1,
            Some(Action::Up) => *scroll = scroll.saturating_sub(1),
            Some(Action::PageDown) => *scroll += 10,
            Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
            Some(Action::Top) => *scroll = 0,
            _ => self.mode = Mode::Normal,
        }
    }

    fn filter_key(&mut self, key: Key) {
        let Mode::Filter(pane) = self.mode else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
                self.mode = Mode::Normal;
                self.clear_filter(pane);
            }
            KeyCode::Enter | KeyCode::Tab | KeyCode::Up | KeyCode::Down => {
                self.mode = Mode::Normal;
            }
            _ => {
                if let Some(request) = input_request(key) {
                    self.filters[filter_slot(pane)].input.handle(request);
                    self.parse_filter(pane);
                    self.selected_flag = None;
                    self.refresh();
                }
            }
        }
    }

    /// Clears the filter of `pane` (the Source and Detail panes: the Flags pane's).
    fn clear_filter(&mut self, pane: Pane) {
        let filter = &mut self.filters[filter_slot(pane)];
        if filter.input.value().is_empty() {
            return;
        }
        *filter = PaneFilter::default();
        self.refresh();
    }

    /// The pane whose filter `/` edits: the focused one (from Source and Detail, and in the
    /// open queue, the Flags pane).
    fn filter_pane(&self) -> Pane {
        match self.focus {
            Pane::Reports if self.view != View::Queue => Pane::Reports,
            _ => Pane::Flags,
        }
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

    fn note_key(&mut self, key: Key) {
        let Mode::Note(edit) = &mut self.mode else {
            return;
        };
        match key.code {
            KeyCode::Esc => self.mode = Mode::Normal,
            KeyCode::Enter => {
                let text = edit.input.value().trim().to_string();
                let (path, fingerprint) = (edit.path.clone(), edit.fingerprint);
                self.mode = Mode::Normal;
                // Found again: the inbox may have changed while the note was written, and the
                // flag need not be listed (a decided flag leaves the open queue).
                if let Some(target) = self.find_flag(&path, fingerprint) {
                    self.record_decisions(&[target], triage::Action::Note, Some(text));
                } else {
                    self.announce_error(
                        self.lang
                            .pick(
                                "问题已不在列表中，批注未保存",
                                "the flag is gone: note not saved",
                            )
                            .to_string(),
                    );
                }
            }
            _ => {
                if let Some(request) = input_request(key) {
                    edit.input.handle(request);
                }
            }
        }
    }

    /// `e`: the export dialog, offering the filter and the selected report's agency as scopes.
    fn start_export(&mut self) {
        let filter = Some(self.filter_text()).filter(|f| !f.is_empty() || self.severity.is_some());
        let agency = self
            .selected_flag()
            .map(|(entry, _)| entry)
            .or_else(|| self.selected_report())
            .and_then(|e| self.shown_identity(&e.report).agency);
        let mut dialog = ExportDialog {
            field: 0,
            format: 0,
            status: 0,
            scope: 0,
            filter,
            agency,
            path: Input::default(),
            rows: None,
            result: None,
        };
        dialog.rows = Some(
            self.export_review(&dialog)
                .map(|(review, options)| export::selected(&review, &options).len()),
        );
        self.mode = Mode::Export(dialog);
    }

    fn export_key(&mut self, key: Key) {
        let Mode::Export(dialog) = &mut self.mode else {
            return;
        };
        const FIELDS: usize = 4;
        match key.code {
            KeyCode::Esc => self.mode = Mode::Normal,
            KeyCode::Enter => self.export(),
            KeyCode::Tab => dialog.field = (dialog.field + 1) % FIELDS,
            KeyCode::BackTab => dialog.field = (dialog.field + FIELDS - 1) % FIELDS,
            // The path is text: every other key edits it.
            _ if dialog.field == 3 => {
                if let Some(request) = input_request(key) {
                    dialog.path.handle(request);
                }
            }
            KeyCode::Left | KeyCode::Right => dialog.field = (dialog.field + 1) % FIELDS,
            _ => {
                let step = match self.keymap.action(key) {
                    Some(Action::Down) => 1,
                    Some(Action::Up) => -1,
                    Some(Action::NextPane) => {
                        dialog.field = (dialog.field + 1) % FIELDS;
                        return;
                    }
                    Some(Action::Quit) => {
                        self.mode = Mode::Normal;
                        return;
                    }
                    _ => return,
                };
                let scopes = dialog.scopes().len();
                let (value, len) = match dialog.field {
                    0 => (&mut dialog.format, ExportFormat::ALL.len()),
                    1 => (&mut dialog.status, ExportDialog::STATUSES.len()),
                    _ => (&mut dialog.scope, scopes),
                };
                *value = (*value as isize + step).rem_euclid(len as isize) as usize;
                if dialog.field > 0 {
                    // The count shown before writing follows the status and the scope.
                    let dialog = dialog.clone();
                    let rows = self
                        .export_review(&dialog)
                        .map(|(review, options)| export::selected(&review, &options).len());
                    if let Mode::Export(dialog) = &mut self.mode {
                        dialog.rows = Some(rows);
                    }
                }
            }
        }
    }

    fn export(&mut self) {
        let Mode::Export(dialog) = &self.mode else {
            return;
        };
        let result = self.write_export(&dialog.clone());
        match &result {
            Ok((path, rows)) => self.announce(match self.lang {
                Lang::Zh => format!("已导出 {rows} 条：{}", clean(&path.display().to_string())),
                Lang::En => format!(
                    "{rows} rows exported: {}",
                    clean(&path.display().to_string())
                ),
            }),
            Err(message) => self.announce_error(message.clone()),
        }
        if let Mode::Export(dialog) = &mut self.mode {
            dialog.result = Some(result);
        }
    }

    /// The review an export of the dialog's choices writes from (its scope applied), and its
    /// options.
    fn export_review(&self, dialog: &ExportDialog) -> Result<(Review, ExportOptions), String> {
        let lang = self.lang;
        let Some(store) = self.store.as_ref() else {
            return Err(lang
                .pick(
                    "审核记录不可用，无法导出",
                    "triage journals unavailable: cannot export",
                )
                .to_string());
        };
        // Agencies and years set by hand reach the export as they reach `nianbao export`'s.
        let mut reports =
            triage::identified(self.inbox.entries().iter().map(|e| &e.report), Some(store));
        reports.sort_by(|a, b| a.report.path.cmp(&b.report.path));
        let mut review = Review::build(&reports, store);
        match dialog.scope() {
            ExportScope::All => {}
            ExportScope::Filter(text) => {
                let (query, _) = Query::parse_lenient(&text);
                let severity = self.severity;
                review.rows.retain(|row| {
                    severity.is_none_or(|s| row.severity == Some(s))
                        && query.matches(&Subject::of_row(row, lang))
                });
            }
            ExportScope::Agency(agency) => {
                review
                    .rows
                    .retain(|row| row.agency.as_deref() == Some(&agency));
            }
        }
        let options = ExportOptions {
            status: dialog.status(),
            lang,
            utc_offset: self.utc_offset,
            ..ExportOptions::new(dialog.format())
        };
        Ok((review, options))
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

    /// Writes the export of the dialog's choices.
    fn write_export(&self, dialog: &ExportDialog) -> Result<(PathBuf, usize), String> {
        let lang = self.lang;
        let (review, options) = self.export_review(dialog)?;
        let path = self.export_path(dialog);
        export::export(&review, &options, &path)
            .map(|rows| (path, rows))
            .map_err(|e| {
                format!(
                    "{}: {}",
                    lang.pick("导出失败", "export failed"),
                    clean(&e.to_string())
                )
            })
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

    fn announce(&mut self, text: String) {
        self.last_event = Some(Announcement { text, error: false });
    }

    fn announce_error(&mut self, text: String) {
        self.last_event = Some(Announcement { text, error: true });
    }

    /// A decision cannot be recorded: the journals are unavailable.
    fn announce_unrecordable(&mut self) {
        self.announce_error(
            self.lang
                .pick(
                    "审核记录不可用，无法记录",
                    "triage journals unavailable: nothing recorded",
                )
                .to_string(),
        );
    }

    fn announce_recording_failed(&mut self, error: &triage::TriageError) {
        let lang = self.lang;
        self.announce_error(format!(
            "{}: {}",
            lang.pick("记录失败", "recording failed"),
            clean(&error.display(lang))
        ));
    }

    fn pane_at(&self, column: u16, row: u16) -> Option<(Pane, Rect)> {
        let areas = view::layout(self.size, self.view);
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

    // ---- Derived state ------------------------------------------------------------------

    fn report_identity(&self, index: usize) -> Option<PathBuf> {
        let &entry = self.reports.get(index)?;
        Some(self.entry(entry)?.report.path.clone())
    }

    fn flag_identity(&self, index: usize) -> Option<(PathBuf, Fingerprint)> {
        let (entry, flag) = self.flag(*self.flags.get(index)?)?;
        Some((entry.report.path.clone(), flag.fingerprint))
    }

    /// What folds flags into one row: their report and rule, a gone flag apart from the
    /// current ones (they are never decided together).
    fn fold_key(&self, flag: FlagRef) -> (usize, &'static str, bool) {
        (
            flag.entry,
            self.flag_at(flag.entry, flag.flag).code,
            self.is_gone(flag),
        )
    }

    /// Works out what each entry's flags are matched with when the inbox or the journals
    /// changed since the last time, not on every key: the files relative to the inbox, and
    /// the flags that are gone from their reports ([`Review::gone`]).
    fn per_entry(&mut self) {
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

    /// Parses the filter as typed. A field term that does not parse (a value still being
    /// typed, a misspelt one) is left out and the status bar says why; the rest applies.
    fn parse_filter(&mut self, pane: Pane) {
        let filter = &mut self.filters[filter_slot(pane)];
        let (query, errors) = Query::parse_lenient(filter.input.value());
        filter.query = query;
        if let Some(error) = errors.first() {
            self.announce_error(clean(&error.display(self.lang)));
        }
    }

    /// Whether a flag of a report passes the filters.
    /// Whether a flag of a report passes the severity filter and the filters of the left
    /// pane and of the Flags pane (each prepared for the report, see [`ReportSubject`]).
    fn flag_passes(&self, report: &ReportSubject<'_>, entry: usize, index: usize) -> (bool, bool) {
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
        match self.sort {
            SortBy::Arrival => reports.sort_by_key(|&i| entries[i].arrival_key()),
            SortBy::Errors => reports.sort_by_cached_key(|&i| {
                let report = &entries[i].report;
                let count = |s| report.count(s);
                (
                    std::cmp::Reverse((count(Severity::Error), count(Severity::Warning))),
                    entries[i].arrival_key(),
                )
            }),
            // Agencies in pinyin order, those without a name last.
            SortBy::Agency => reports.sort_by_cached_key(|&i| {
                let r = shown[i];
                (
                    r.agency.is_none(),
                    r.agency.map(PinyinKey::of),
                    r.year,
                    entries[i].arrival_key(),
                )
            }),
            SortBy::Year => reports.sort_by_cached_key(|&i| {
                let r = shown[i];
                (
                    r.year.is_none(),
                    std::cmp::Reverse(r.year),
                    r.agency.map(PinyinKey::of),
                    entries[i].arrival_key(),
                )
            }),
        }

        // Totals over the whole inbox; a superseded version is history, not a report.
        let mut totals = Totals {
            reports: self.inbox.current().count(),
            ..Totals::default()
        };
        for entry in self.inbox.current() {
            for flag in &entry.report.flags {
                match flag.severity {
                    Severity::Error => totals.errors += 1,
                    Severity::Warning => totals.warnings += 1,
                    Severity::Info => totals.infos += 1,
                }
                if self.status(flag.fingerprint) == Status::Open {
                    totals.open += 1;
                }
                if flag.code == UNREADABLE {
                    totals.unreadable += 1;
                }
            }
        }
        for gone in self.gone.iter().flatten() {
            match gone.status {
                RowStatus::Unattributed => totals.unattributed += 1,
                _ => totals.resolved += 1,
            }
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
                queue.sort_by_key(|f| std::cmp::Reverse(self.flag_at(f.entry, f.flag).severity));
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
    fn select(&mut self) {
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
    fn follow_flag(&mut self) {
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

/// A gone row as the Flags pane lists it; none for a rule that no longer exists (its code
/// names nothing the dashboard can show; exports still list it).
fn gone_flag(row: ReviewRow) -> Option<GoneFlag> {
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

/// A report as dialogs and messages name it: agency and year, else its file; clean.
fn report_name(entry: &Entry, inbox: &std::path::Path) -> String {
    match (&entry.report.agency, entry.report.year) {
        (Some(agency), Some(year)) => format!("{} {year}", clean(agency)),
        (Some(agency), None) => clean(agency),
        _ => clean(&triage::relative_file(inbox, &entry.report.path)),
    }
}

/// An agency and year set by hand, as the status bar says them ("甲县司法局 2023"), clean.
fn identity_text(agency: Option<&str>, year: Option<i32>) -> String {
    [agency.map(clean), year.map(|y| y.to_string())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The code of the rule that flags unreadable files.
pub const UNREADABLE: &str = "unreadable-file";

fn catalogue_index(code: &str) -> usize {
    rules::REGISTRY
        .iter()
        .position(|r| r.meta().code == code)
        .unwrap_or(usize::MAX)
}

fn past(action: triage::Action, lang: Lang) -> &'static str {
    match action {
        triage::Action::Confirm => lang.pick("已确认", "confirmed"),
        triage::Action::Dismiss => lang.pick("已驳回", "dismissed"),
        triage::Action::Reopen => lang.pick("已重新打开", "reopened"),
        triage::Action::Note => lang.pick("已批注", "note saved"),
        triage::Action::Pass => lang.pick("已标为通过", "marked passed"),
        triage::Action::Return => lang.pick("已退回整改", "returned for correction"),
        triage::Action::Reviewed => lang.pick("已标为已审", "marked reviewed"),
        triage::Action::Identify => lang.pick("已设定机关/年度", "agency/year set"),
    }
}

/// The edit a key makes in a text field.
fn input_request(key: Key) -> Option<InputRequest> {
    use InputRequest as R;
    Some(match (key.code, key.ctrl, key.alt) {
        (KeyCode::Char('u'), true, _) => R::DeleteLine,
        (KeyCode::Char('w'), true, _) => R::DeletePrevWord,
        (KeyCode::Char('a'), true, _) => R::GoToStart,
        (KeyCode::Char('e'), true, _) => R::GoToEnd,
        (KeyCode::Char(c), false, false) => R::InsertChar(c),
        (KeyCode::Backspace, _, _) => R::DeletePrevChar,
        (KeyCode::Delete, _, _) => R::DeleteNextChar,
        (KeyCode::Left, _, _) => R::GoToPrevChar,
        (KeyCode::Right, _, _) => R::GoToNextChar,
        (KeyCode::Home, _, _) => R::GoToStart,
        (KeyCode::End, _, _) => R::GoToEnd,
        _ => return None,
    })
}
