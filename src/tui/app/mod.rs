//! The dashboard's behaviour: what keys, mouse and watcher events do to its [`App`] state.
//!
//! Keys become [`Action`]s through the [`KeyMap`]; [`App::update`] applies an action, and
//! [`App::on_inbox`] the watcher's events. After every change the derived lists (the visible
//! reports, rules and flags, in order) are recomputed once, so that rendering only reads. What
//! the terminal loop must do (quit, rescan) comes back as an [`Effect`]. Nothing here knows
//! about the terminal: the whole dashboard is driven and tested headless.

use std::path::PathBuf;

use chrono::Offset;
use ratatui::layout::Rect;
use tui_input::InputRequest;

use nianbao::flag::Severity;
use nianbao::i18n::Lang;
use nianbao::inbox::{Change, Inbox, InboxEvent, Trigger};
use nianbao::triage::{self, Marks, TriageStore};

use crate::tui::action::Action;
use crate::tui::agency_view::AgencyView;
use crate::tui::keymap::{DialogKey, Key, KeyMap};
use crate::tui::roster_view::RosterView;
use crate::tui::table_view::{self, TableView};
use crate::tui::text::clean;

mod decide;
mod dialogs;
mod exporting;
mod lists;

pub use crate::tui::state::dialogs::*;
pub use crate::tui::state::*;

/// During a scan, how long reports that arrived wait at most to be listed (see [`App::tick`]).
pub const RELIST_AFTER: std::time::Duration = std::time::Duration::from_secs(2);
/// During a scan the lists are worked out again once the inbox has grown by this fraction
/// (1/`RELIST_GROWTH`) since they last were (see [`App::on_inbox`]).
pub const RELIST_GROWTH: usize = 2;

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
            files_removals: 0,
            listed_len: 0,
            listed_at: std::time::Instant::now(),
            matched: None,
            detail_max_scroll: |_, _| usize::MAX,
            worker: None,
            journal: None,
            lost_writes: None,
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

    /// Applies the watcher's events (a batch at a time: the lists are recomputed at most once).
    ///
    /// Working the lists out costs time in proportion to the whole inbox, and a scan sends its
    /// reports in batches of a few dozen every few milliseconds: redone after every batch, a
    /// scan of N reports costs time in N², and at 100,000 reports the lists took a core of
    /// their own. So while a scan only adds reports, the lists are worked out again only once
    /// the inbox has grown by half since they last were (which bounds their cost over the
    /// whole scan to about three times one working-out at the end; by an eighth it was nine),
    /// or on the next tick a while later ([`App::tick`]); the status bar's count of reports
    /// read moves with every batch. Until then the lists show the reports they had, which are
    /// still where they were: a scan's new reports are added at the end of the inbox.
    /// Anything else — a report changed or removed, the end of the scan — works them out at
    /// once.
    pub fn on_inbox(&mut self, events: impl IntoIterator<Item = InboxEvent>) {
        let mut relist = false;
        for event in events {
            relist |= self.on_inbox_event(event);
        }
        if let Some(error) = self.inbox.take_cross_failure() {
            let text = format!(
                "{}: {error}",
                self.lang.pick(
                    nianbao::inbox::CROSS_FAILURE_ZH,
                    nianbao::inbox::CROSS_FAILURE_EN
                )
            );
            self.announce_error(clean(&text));
        }
        let len = self.inbox.len();
        let grown =
            len > self.listed_len && len - self.listed_len >= self.listed_len / RELIST_GROWTH;
        if relist || !self.load.scanning || grown {
            self.refresh();
        }
    }

    /// Applies one event; whether the lists must be worked out again at once (anything but a
    /// scan adding a report, or reading one again unchanged).
    pub(crate) fn on_inbox_event(&mut self, event: InboxEvent) -> bool {
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
                    // Read again as it was: its flags are the ones listed.
                    return false;
                };
                let added = matches!(change, Change::Added(_));
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
                // A report added by a scan goes at the end of the inbox (see `on_inbox`); a
                // change announced on its own is shown at once.
                return !(added && trigger != Some(Trigger::Change));
            }
        }
        true
    }

    /// Periodic work: reads the decisions other supervisors appended to their journals, and
    /// during a scan lists the reports that arrived since the lists were last worked out, once
    /// they are [`RELIST_AFTER`] old (a slow scan, of PDFs say, is not shown in steps of a
    /// half; a fast one costs one working-out every so often).
    pub fn tick(&mut self) {
        if self.load.scanning
            && self.inbox.len() > self.listed_len
            && self.listed_at.elapsed() >= RELIST_AFTER
        {
            self.refresh();
        }
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
            if matches!(
                self.keymap.dialog(key),
                Some(DialogKey::Cancel | DialogKey::Accept)
            ) {
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
        if self.keymap.dialog(key) == Some(DialogKey::Cancel) {
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

    /// A key in an overlay view: `Some(None)` for Esc, `Some(action)` for a bound key, none
    /// for a key without an action.
    pub(crate) fn overlay_action(&self, key: Key) -> Option<Option<Action>> {
        match self.keymap.dialog(key) {
            Some(DialogKey::Cancel) => Some(None),
            _ => self.keymap.action(key).map(Some),
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

    pub(crate) fn move_by(&mut self, delta: isize) {
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
                let area = layout::layout(self.size, self.view).detail;
                let last = (self.detail_max_scroll)(self, area);
                self.detail_scroll = self.detail_scroll.saturating_add_signed(delta).min(last);
            }
        }
    }

    pub(crate) fn select_report(&mut self, index: usize) {
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
    pub(crate) fn mark_selected_seen(&mut self) {
        if let Some(path) = self.selected_report.clone() {
            self.inbox.mark_seen(&path);
        }
    }

    pub(crate) fn select_rule(&mut self, index: usize) {
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

    pub(crate) fn cycle_focus(&mut self, step: isize) {
        let panes = self.panes();
        let current = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let next = (current as isize + step).rem_euclid(panes.len() as isize) as usize;
        self.focus = panes[next];
    }

    pub(crate) fn open(&mut self) {
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

    pub(crate) fn announce(&mut self, text: String) {
        self.last_event = Some(Announcement { text, error: false });
    }

    pub(crate) fn announce_error(&mut self, text: String) {
        self.last_event = Some(Announcement { text, error: true });
    }

    /// A decision cannot be recorded: the journals are unavailable.
    pub(crate) fn announce_unrecordable(&mut self) {
        self.announce_error(
            self.lang
                .pick(
                    "审核记录不可用，无法记录",
                    "triage journals unavailable: nothing recorded",
                )
                .to_string(),
        );
    }

    pub(crate) fn announce_recording_failed(&mut self, error: &triage::TriageError) {
        let lang = self.lang;
        self.announce_error(format!(
            "{}: {}",
            lang.pick("记录失败", "recording failed"),
            clean(&error.display(lang))
        ));
    }
}
