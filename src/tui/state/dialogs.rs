//! The state of the dashboard's dialogs and overlays ([`Mode`]): what is typed and chosen in
//! each while it is open.

use super::*;
use std::path::PathBuf;

use tui_input::Input;

use nianbao::export::{ExportFormat, StatusFilter};
use nianbao::flag::Fingerprint;
use nianbao::triage::{self, ReportStatus};

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
    /// The file being written by the worker thread, until its result comes back.
    pub writing: Option<PathBuf>,
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
    pub(crate) fn focused(&mut self) -> &mut Input {
        if self.on_year {
            &mut self.year
        } else {
            &mut self.agency
        }
    }
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
