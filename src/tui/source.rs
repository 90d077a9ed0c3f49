//! The text of the report shown in the Source pane, read from disk when the pane needs it and
//! kept for the selected report only (reports are not held in memory as text). A Word file, web
//! page or spreadsheet is shown as the text the parser read from it.
//!
//! The tables of the table view are parsed from the same text, once, when first shown.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use nianbao::i18n::Lang;
use nianbao::ingest::{self, Limits};
use nianbao::report::{parse, Report};
use nianbao::text::Document;

/// The text of one report, split into lines as the parser split them (so flag line numbers
/// point at the right line), or why it could not be read.
#[derive(Debug)]
pub struct SourceText {
    pub path: PathBuf,
    pub text: Result<Document, String>,
    /// The report parsed from `text`, on first use.
    parsed: OnceLock<Option<Report>>,
}

impl SourceText {
    /// Reads a report's text.
    pub fn read(path: &Path, lang: Lang) -> SourceText {
        let limits = Limits::default();
        let loaded = ingest::read_bytes(path, limits)
            .and_then(|bytes| ingest::formats::load(path, bytes, limits));
        let text = match loaded {
            Ok(loaded) => Ok(Document::new(&loaded.decoded.text)),
            Err(failure) => Err(match lang {
                Lang::Zh => failure.reason_zh(),
                Lang::En => failure.to_string(),
            }),
        };
        SourceText {
            path: path.to_path_buf(),
            text,
            parsed: OnceLock::new(),
        }
    }

    /// The report as the parser reads it from this text (the tables of the table view), parsed
    /// on first use; none when the text could not be read. The text is the one `check` parsed
    /// (a structured file's extracted text), so cells keep the lines the flags point at.
    pub fn report(&self) -> Option<&Report> {
        self.parsed
            .get_or_init(|| {
                let document = self.text.as_ref().ok()?;
                Some(parse::parse_text(document.raw(), Default::default()))
            })
            .as_ref()
    }

    /// The number of lines (0 when unreadable).
    pub fn line_count(&self) -> usize {
        self.text.as_ref().map_or(0, |d| d.line_count() as usize)
    }
}
