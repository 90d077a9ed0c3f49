//! The dashboard's export: its dialog, the review it writes (scope applied), the writing.

use std::path::PathBuf;

use tui_input::Input;

use nianbao::export::{self, ExportFormat, ExportOptions};
use nianbao::i18n::Lang;
use nianbao::triage::lists::Scope;
use nianbao::triage::{self, Query, Review};

use crate::tui::action::Action;
use crate::tui::keymap::{DialogKey, Key};
use crate::tui::text::clean;

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

    pub(crate) fn export(&mut self) {
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

    /// Writes the export of the dialog's choices.
    pub(crate) fn write_export(&self, dialog: &ExportDialog) -> Result<(PathBuf, usize), String> {
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
}
