//! Exports: the [`Review`] as a file a supervisor can send or another system can read.
//!
//! - `xlsx`: sheet 问题清单 (one row per flag, frozen header, filters) and sheet 汇总 (counts per
//!   agency and rule). What supervisors send back.
//! - `csv`: the same columns, UTF-8 with a BOM so that Excel reads Chinese correctly.
//! - `json`: the full structure, history included, for other systems.
//! - `docx`, `md`, `html`: a rectification notice (整改通知) per agency ([`notice`]), ready to
//!   print and send: the docx in the layout of official documents, the html self-contained.
//!
//! Every format renders the same rows ([`row`]) filtered by status; [`export_each`] takes them
//! one at a time from where they are made, and xlsx and csv write each as it comes. Report text (agencies,
//! messages, evidence, notes) comes from agencies' files and may be hostile: control characters
//! are replaced everywhere, cells that a spreadsheet would run as a formula are neutralised (csv
//! and xlsx), and html and Markdown are escaped. Files are written to a temporary file in the
//! target's folder, synced, and renamed into place ([`write_atomic`]): a crash never leaves a
//! half-written file under the target's name.

mod atomic;
pub mod csv;
mod docx;
mod html;
mod json;
mod markdown;
pub mod notice;
pub mod row;
mod xlsx;

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{FixedOffset, NaiveDate, Offset};

pub use atomic::{write_atomic, write_atomic_with};

use crate::config::NoticeSettings;
use crate::i18n::Lang;
use crate::triage::{Review, ReviewRow, RowStatus};

/// The formats of `nianbao export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Xlsx,
    Csv,
    Json,
    Markdown,
    Html,
    Docx,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Xlsx,
        ExportFormat::Csv,
        ExportFormat::Json,
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::Docx,
    ];

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
            ExportFormat::Docx => "docx",
        }
    }

    /// The format a file name's extension stands for.
    pub fn from_path(path: &Path) -> Option<ExportFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "xlsx" => Some(ExportFormat::Xlsx),
            "csv" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            "md" | "markdown" => Some(ExportFormat::Markdown),
            "html" | "htm" => Some(ExportFormat::Html),
            "docx" => Some(ExportFormat::Docx),
            _ => None,
        }
    }
}

/// Which rows are exported, by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StatusFilter {
    /// Confirmed flags only: what goes back to the agencies.
    #[default]
    Confirmed,
    Open,
    Dismissed,
    /// Flags with a history that no longer appear (已整改).
    Resolved,
    /// Every row, including the flags of reports no longer in the inbox.
    All,
}

impl StatusFilter {
    pub fn matches(self, status: RowStatus) -> bool {
        match self {
            StatusFilter::Confirmed => status == RowStatus::Confirmed,
            StatusFilter::Open => status == RowStatus::Open,
            StatusFilter::Dismissed => status == RowStatus::Dismissed,
            StatusFilter::Resolved => status == RowStatus::Resolved,
            StatusFilter::All => true,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StatusFilter::Confirmed => "confirmed",
            StatusFilter::Open => "open",
            StatusFilter::Dismissed => "dismissed",
            StatusFilter::Resolved => "resolved",
            StatusFilter::All => "all",
        }
    }

    /// The name shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            StatusFilter::Confirmed => RowStatus::Confirmed.label(lang),
            StatusFilter::Open => RowStatus::Open.label(lang),
            StatusFilter::Dismissed => RowStatus::Dismissed.label(lang),
            StatusFilter::Resolved => RowStatus::Resolved.label(lang),
            StatusFilter::All => lang.pick("全部", "all"),
        }
    }
}

/// How to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub status: StatusFilter,
    pub lang: Lang,
    /// The time zone in which decision times are shown (json keeps UTC).
    pub utc_offset: FixedOffset,
    /// The export's date: the notices' date (their deadline counts from it) and the xlsx title.
    pub date: NaiveDate,
    /// The inbox's name, for the xlsx title row.
    pub inbox: Option<String>,
    /// Issuer, document number, contact and deadline of the notices (`[notice]`).
    pub notice: NoticeSettings,
}

impl ExportOptions {
    /// Confirmed flags, in Chinese, times in the local time zone, dated today, the notices'
    /// defaults.
    pub fn new(format: ExportFormat) -> ExportOptions {
        let now = chrono::Local::now();
        ExportOptions {
            format,
            status: StatusFilter::default(),
            lang: Lang::default(),
            utc_offset: now.offset().fix(),
            date: now.date_naive(),
            inbox: None,
            notice: NoticeSettings::default(),
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("building the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("encoding JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("writing CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("writing the Word document: {0}")]
    Docx(#[from] zip::result::ZipError),
}

/// The rows of the review that the options select.
pub fn selected<'a>(review: &'a Review, options: &ExportOptions) -> Vec<&'a ReviewRow> {
    review
        .rows
        .iter()
        .filter(|row| options.status.matches(row.status))
        .collect()
}

/// The exported file's bytes.
pub fn render(review: &Review, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let rows = selected(review, options);
    match options.format {
        ExportFormat::Xlsx => xlsx::render(&rows, options),
        ExportFormat::Csv => csv::render(&rows, options),
        ExportFormat::Json => json::render(&rows, options),
        ExportFormat::Markdown => Ok(markdown::render(&rows, options).into_bytes()),
        ExportFormat::Html => Ok(html::render(&rows, options).into_bytes()),
        ExportFormat::Docx => docx::render(&rows, options),
    }
}

/// Where an export's rows come from: a function that hands each row, in order, to the writer
/// it is given (for an inbox's review, [`Review::each_row`]), and stops at the writer's first
/// error.
pub trait RowSource:
    FnOnce(&mut dyn FnMut(ReviewRow) -> Result<(), ExportError>) -> Result<(), ExportError>
{
}

impl<F> RowSource for F where
    F: FnOnce(&mut dyn FnMut(ReviewRow) -> Result<(), ExportError>) -> Result<(), ExportError>
{
}

/// Exports the rows `source` hands on, those the options select, to `path` atomically, without
/// holding them where the format allows: xlsx and csv write each row as it comes (an export of
/// 100,000 flags holds none), the notices (grouped by agency) and json collect the selected
/// rows first. A failure midway, of `source` or of the writing, leaves the target as it was.
/// Returns the number of rows written.
pub fn export_each(
    source: impl RowSource,
    options: &ExportOptions,
    path: &Path,
) -> Result<usize, ExportError> {
    let io_error = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let selected = |row: &ReviewRow| options.status.matches(row.status);
    match options.format {
        ExportFormat::Xlsx => {
            let mut sheets = xlsx::Sheets::new(options)?;
            source(&mut |row| match selected(&row) {
                true => sheets.row(&row),
                false => Ok(()),
            })?;
            let written = sheets.len();
            let bytes = sheets.finish()?;
            write_atomic(path, &bytes).map_err(io_error)?;
            Ok(written)
        }
        ExportFormat::Csv => {
            // The rows' error, kept while the write is abandoned with a plain one.
            let mut failed = None;
            let written = write_atomic_with(path, |file| {
                let writer = csv::Rows::new(options);
                let mut out = std::io::BufWriter::new(file);
                let mut line = Vec::new();
                writer.header(&mut line).map_err(std::io::Error::other)?;
                out.write_all(&line)?;
                let mut written = 0;
                let streamed = source(&mut |row| {
                    if !selected(&row) {
                        return Ok(());
                    }
                    line.clear();
                    writer.row(&row, &mut line)?;
                    written += 1;
                    out.write_all(&line).map_err(&io_error)
                });
                if let Err(error) = streamed {
                    failed = Some(error);
                    return Err(std::io::Error::other("export abandoned"));
                }
                out.flush()?;
                Ok(written)
            });
            match (written, failed) {
                (_, Some(error)) => Err(error),
                (Ok(written), None) => Ok(written),
                (Err(error), None) => Err(io_error(error)),
            }
        }
        ExportFormat::Json | ExportFormat::Markdown | ExportFormat::Html | ExportFormat::Docx => {
            let mut rows = Vec::new();
            source(&mut |row| {
                if selected(&row) {
                    rows.push(row);
                }
                Ok(())
            })?;
            let review = Review { rows };
            export(&review, options, path)
        }
    }
}

/// Renders the review and writes it to `path` atomically. Returns the number of rows written.
pub fn export(review: &Review, options: &ExportOptions, path: &Path) -> Result<usize, ExportError> {
    let bytes = render(review, options)?;
    write_atomic(path, &bytes).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(selected(review, options).len())
}
