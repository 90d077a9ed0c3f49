//! The dashboard's export: its dialog, the review it writes (scope applied), the writing.

use tui_input::Input;

use nianbao::export::{self, ExportFormat, ExportOptions};
use nianbao::i18n::Lang;
use nianbao::triage::lists::Scope;
use nianbao::triage::{self, Query, Review};

use crate::tui::action::Action;
use crate::tui::keymap::{DialogKey, Key};
use crate::tui::text::clean;
use crate::tui::worker::{self, ExportWorker, Job, Outcome};

use super::dialogs::input_request;
use super::*;

impl App {
    /// `e`: the export dialog, offering the filter and the selected report's agency as scopes.
    pub(crate) fn start_export(&mut self) {
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
            writing: None,
        };
        dialog.rows = Some(
            self.export_review(&dialog)
                .map(|(review, options)| export::selected(&review, &options).len()),
        );
        self.mode = Mode::Export(dialog);
    }

    pub(crate) fn export_key(&mut self, key: Key) {
        let Mode::Export(dialog) = &mut self.mode else {
            return;
        };
        const FIELDS: usize = 4;
        if dialog.writing.is_some() {
            // While it is written, the dialog only closes (the status bar says when it is done).
            if self.keymap.dialog(key) == Some(DialogKey::Cancel) {
                self.mode = Mode::Normal;
            }
            return;
        }
        match self.keymap.dialog(key) {
            Some(DialogKey::Cancel) => self.mode = Mode::Normal,
            Some(DialogKey::Accept) => self.export(),
            Some(DialogKey::NextField) => dialog.field = (dialog.field + 1) % FIELDS,
            Some(DialogKey::PrevField) => dialog.field = (dialog.field + FIELDS - 1) % FIELDS,
            // The path is text: every other key edits it.
            _ if dialog.field == 3 => {
                if let Some(request) = input_request(key) {
                    dialog.path.handle(request);
                }
            }
            _ => {
                let step = match self.keymap.action(key) {
                    Some(Action::Down) => 1,
                    Some(Action::Up) => -1,
                    Some(Action::NextPane) => {
                        dialog.field = (dialog.field + 1) % FIELDS;
                        return;
                    }
                    Some(Action::PrevPane) => {
                        dialog.field = (dialog.field + FIELDS - 1) % FIELDS;
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

    /// Starts writing the dialog's export on the worker thread: the dialog says it is being
    /// written, keys go on working, and the outcome comes back through
    /// [`App::collect_work`].
    pub(crate) fn export(&mut self) {
        let Mode::Export(dialog) = &self.mode else {
            return;
        };
        let (review, options) = match self.export_review(dialog) {
            Ok(prepared) => prepared,
            Err(message) => {
                self.announce_error(message.clone());
                if let Mode::Export(dialog) = &mut self.mode {
                    dialog.result = Some(Err(message));
                }
                return;
            }
        };
        let path = self.export_path(dialog);
        let job = Job::Export {
            review,
            options,
            path: path.clone(),
        };
        let shown = clean(&path.display().to_string());
        self.announce(format!(
            "{}{shown}",
            self.lang.pick("正在写入…", "writing… ")
        ));
        if let Mode::Export(dialog) = &mut self.mode {
            dialog.writing = Some(path);
        }
        if self.worker.is_none() {
            self.worker = ExportWorker::spawn();
        }
        let done = match self.worker.as_mut() {
            Some(worker) => worker.submit(job),
            None => Some(worker::run_here(job)),
        };
        if let Some(outcome) = done {
            self.on_outcome(outcome);
        }
    }

    /// Applies what came of the workers' jobs (exports, journal writes) so far; with `wait`,
    /// waits for every job still running (before quitting, and in tests). Whether anything
    /// came.
    pub fn collect_work(&mut self, wait: bool) -> bool {
        let mut any = self.collect_writes(wait);
        while let Some(outcome) = self.worker.as_mut().and_then(|w| w.next(wait)) {
            self.on_outcome(outcome);
            any = true;
        }
        any
    }

    /// Whether a worker has a job running or waiting.
    pub fn working(&self) -> bool {
        self.worker.as_ref().is_some_and(ExportWorker::busy) || self.saving()
    }

    fn on_outcome(&mut self, outcome: Outcome) {
        let lang = self.lang;
        let Outcome::Exported { path, result } = outcome;
        let result = result
            .map(|rows| (path.clone(), rows))
            .map_err(|e| format!("{}: {}", lang.pick("导出失败", "export failed"), clean(&e)));
        match &result {
            Ok((path, rows)) => self.announce(match lang {
                Lang::Zh => format!("已导出 {rows} 条：{}", clean(&path.display().to_string())),
                Lang::En => format!(
                    "{rows} rows exported: {}",
                    clean(&path.display().to_string())
                ),
            }),
            Err(message) => self.announce_error(message.clone()),
        }
        // The dialog that asked for it shows it, if it is still open.
        if let Mode::Export(dialog) = &mut self.mode {
            if dialog.writing.as_ref() == Some(&path) {
                dialog.writing = None;
                dialog.result = Some(result);
            }
        }
    }

    /// The review an export of the dialog's choices writes from (its scope applied), and its
    /// options.
    pub(crate) fn export_review(
        &self,
        dialog: &ExportDialog,
    ) -> Result<(Review, ExportOptions), String> {
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
        let scope = match dialog.scope() {
            ExportScope::All => Scope::All,
            ExportScope::Filter(text) => Scope::Filter {
                query: Query::parse_lenient(&text).0,
                severity: self.severity,
            },
            ExportScope::Agency(agency) => Scope::Agency(agency),
        };
        let review = triage::lists::review_of(&reports, store, &scope, lang);
        let options = ExportOptions {
            status: dialog.status(),
            lang,
            utc_offset: self.utc_offset,
            ..ExportOptions::new(dialog.format())
        };
        Ok((review, options))
    }
}
