//! The keys of the dialogs and overlays: a note, a report's status, its agency and year, the
//! bulk prompt, the filter, the help, the per-agency and roster views.

use std::path::PathBuf;
use std::sync::Arc;

use tui_input::{Input, InputRequest};

use nianbao::flag::Fingerprint;
use nianbao::inbox::Entry;
use nianbao::triage::{self, Query, ReportRef, ReportStatus};

use crate::tui::action::Action;
use crate::tui::agency_view::{self};
use crate::tui::keymap::{DialogKey, Key, KeyCode};
use crate::tui::roster_view::{self};
use crate::tui::text::clean;

use super::decide::past;
use super::*;

/// A report as dialogs and messages name it: agency and year, else its file; clean.
pub(crate) fn report_name(entry: &Entry, inbox: &std::path::Path) -> String {
    match (&entry.report.agency, entry.report.year) {
        (Some(agency), Some(year)) => format!("{} {year}", clean(agency)),
        (Some(agency), None) => clean(agency),
        _ => clean(&triage::relative_file(inbox, &entry.report.path)),
    }
}

/// An agency and year set by hand, as the status bar says them ("甲县司法局 2023"), clean.
pub(crate) fn identity_text(agency: Option<&str>, year: Option<i32>) -> String {
    [agency.map(clean), year.map(|y| y.to_string())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The edit a key makes in a text field.
pub(crate) fn input_request(key: Key) -> Option<InputRequest> {
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

impl App {
    /// A key in the per-agency view: moves and sorts there; Esc closes it, Enter lists the
    /// agency's reports.
    pub(crate) fn agencies_key(&mut self, key: Key) {
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

    /// Closes an overlay view and lists an agency's reports: the filter says so, and Esc
    /// clears it.
    pub(crate) fn list_reports_of(&mut self, term: String) {
        self.mode = Mode::Normal;
        self.filters[filter_slot(Pane::Reports)].input = Input::new(term);
        self.parse_filter(Pane::Reports);
        self.view = View::ByReport;
        self.focus = Pane::Reports;
        self.refresh();
    }

    /// Matches the roster against the inbox again (see [`RosterView::load`]).
    pub(crate) fn load_roster(&mut self) {
        self.roster
            .load(&self.inbox_path, &self.inbox, self.store.as_ref());
    }

    /// A key in the roster view: moves, sorts, changes the year and exports there; Esc closes
    /// it, Enter lists the agency's reports.
    pub(crate) fn roster_key(&mut self, key: Key) {
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

    /// `n`: a note on the flag the previous key decided, or else on the selected flag.
    pub(crate) fn start_note(&mut self, just_decided: Option<(PathBuf, Fingerprint)>) {
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
    pub(crate) fn start_report_status(&mut self) {
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
    pub(crate) fn start_identity(&mut self) {
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
    pub(crate) fn identity_key(&mut self, key: Key) {
        let lang = self.lang;
        let Mode::Identify(dialog) = &mut self.mode else {
            return;
        };
        match self.keymap.dialog(key) {
            Some(DialogKey::Cancel) => {
                self.mode = Mode::Normal;
                return;
            }
            Some(
                DialogKey::NextField
                | DialogKey::PrevField
                | DialogKey::NextChoice
                | DialogKey::PrevChoice,
            ) => {
                if dialog.read == (false, false) {
                    dialog.on_year = !dialog.on_year;
                }
                return;
            }
            Some(DialogKey::Accept) => {}
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

    pub(crate) fn record_identity(&mut self, path: &std::path::Path, identity: triage::Identity) {
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
                self.send_writes();
            }
            Err(error) => self.announce_recording_failed(&error),
        }
    }

    /// The report at `path` for a decision on the report: its name and reference; none, said in
    /// the status bar, when it left the inbox or the journals are unavailable.
    pub(crate) fn report_to_decide(
        &mut self,
        path: &std::path::Path,
    ) -> Option<(String, Arc<ReportRef>)> {
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
    pub(crate) fn entry_at(&self, path: &std::path::Path) -> Option<&Entry> {
        self.inbox
            .entries()
            .iter()
            .find(|e| e.report.path.as_os_str() == path.as_os_str())
    }

    /// The keys of the report-status dialog: ↑↓ or Tab choose the status, other keys write
    /// the note, Enter records, Esc cancels.
    pub(crate) fn report_status_key(&mut self, key: Key) {
        let Mode::ReportStatus(dialog) = &mut self.mode else {
            return;
        };
        let choices = StatusDialog::CHOICES.len();
        match self.keymap.dialog(key) {
            Some(DialogKey::Cancel) => {
                self.mode = Mode::Normal;
                return;
            }
            Some(DialogKey::NextChoice | DialogKey::NextField) => {
                dialog.choice = (dialog.choice + 1) % choices;
                return;
            }
            Some(DialogKey::PrevChoice | DialogKey::PrevField) => {
                dialog.choice = (dialog.choice + choices - 1) % choices;
                return;
            }
            Some(DialogKey::Accept) => {}
            _ => {
                if let Some(request) = input_request(key) {
                    dialog.note.handle(request);
                }
                return;
            }
        }
        let status = StatusDialog::CHOICES[dialog.choice % choices];
        let note = dialog.note.value().trim().to_string();
        let path = dialog.path.clone();
        self.mode = Mode::Normal;
        self.record_report_status(&path, status, note);
    }

    pub(crate) fn record_report_status(
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
                self.send_writes();
            }
            Err(error) => self.announce_recording_failed(&error),
        }
    }

    /// The keys of the bulk prompt: `y`/`n` (Enter/Esc) for a confirmation or a reopening; for
    /// a dismissal a reason, Enter records (an empty reason too), Esc cancels.
    pub(crate) fn bulk_key(&mut self, key: Key) {
        let Mode::Bulk(prompt) = &mut self.mode else {
            return;
        };
        let yes = match (self.keymap.dialog(key), prompt.takes_reason()) {
            (Some(DialogKey::Cancel), _) => false,
            (Some(DialogKey::Accept), _) => true,
            (Some(DialogKey::Yes), false) => true,
            (Some(DialogKey::No), false) => false,
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
    pub(crate) fn help_key(&mut self, key: Key) {
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

    pub(crate) fn filter_key(&mut self, key: Key) {
        let Mode::Filter(pane) = self.mode else {
            return;
        };
        match self.keymap.dialog(key) {
            Some(DialogKey::Cancel) => {
                self.mode = Mode::Normal;
                self.clear_filter(pane);
            }
            Some(
                DialogKey::Accept
                | DialogKey::NextField
                | DialogKey::NextChoice
                | DialogKey::PrevChoice,
            ) => {
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
    pub(crate) fn clear_filter(&mut self, pane: Pane) {
        let filter = &mut self.filters[filter_slot(pane)];
        if filter.input.value().is_empty() {
            return;
        }
        *filter = PaneFilter::default();
        self.refresh();
    }

    /// The pane whose filter `/` edits: the focused one (from Source and Detail, and in the
    /// open queue, the Flags pane).
    pub(crate) fn filter_pane(&self) -> Pane {
        match self.focus {
            Pane::Reports if self.view != View::Queue => Pane::Reports,
            _ => Pane::Flags,
        }
    }

    pub(crate) fn note_key(&mut self, key: Key) {
        let Mode::Note(edit) = &mut self.mode else {
            return;
        };
        match self.keymap.dialog(key) {
            Some(DialogKey::Cancel) => self.mode = Mode::Normal,
            Some(DialogKey::Accept) => {
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

    /// Parses the filter as typed. A field term that does not parse (a value still being
    /// typed, a misspelt one) is left out and the status bar says why; the rest applies.
    pub(crate) fn parse_filter(&mut self, pane: Pane) {
        let filter = &mut self.filters[filter_slot(pane)];
        let (query, errors) = Query::parse_lenient(filter.input.value());
        filter.query = query;
        if let Some(error) = errors.first() {
            self.announce_error(clean(&error.display(self.lang)));
        }
    }
}
