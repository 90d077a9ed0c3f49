//! Reading the formats reports really arrive in: Word (.docx), web pages (.html/.htm) and
//! spreadsheets (.xlsx/.xls) and the text layer of PDFs, into one small extraction model; and naming the formats that are
//! not read (.doc, .wps, .ofd, images, archives) so that they are never skipped silently.
//!
//! Each reader turns the bytes of one file into an [`Extracted`] document: a sequence of
//! [`Block`]s, paragraphs and tables, where a table is a grid of [`CellText`] with merged cells
//! expanded (the text in the top-left cell, the cells it covers marked as covered, never as
//! blank) and every cell knows where it is (table, row, column, page when the format has
//! pages). The model maps one to one onto the document model of the report reader; until the
//! parser reads that model, [`render`] turns it into the row-layout text the parser reads
//! today and keeps, for every rendered line, the block and table row it came from; the report
//! keeps those origins, and every flag on a table row names its cell in the file (page, table,
//! row, column: see [`crate::report::Report::source_place`]).
//!
//! Hostile input is a [`FormatError`], never a panic or a hang: the uncompressed bytes read
//! from a zip package are capped ([`zip_part`]), XML entities are never expanded (quick-xml
//! reports a reference to an entity it does not know as an error), and the HTML tree is walked
//! with an explicit stack.

pub mod docx;
pub mod grid;
pub mod html;
pub mod kind;
pub mod pdf;
pub mod render;
mod ruled;
/// Writers of each format, for the corpus generator and the tests: with the `corpus` feature.
#[cfg(feature = "corpus")]
pub mod write;
pub mod xlsx;
mod zip_part;

use serde::Serialize;

pub use grid::Grid;
pub use kind::{classify, FileKind, Unsupported};
pub use render::{render, LineOrigin, Rendered};

use super::{Decoded, Limits, ReadFailure, SourceEncoding};

/// A format that is read into blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Docx,
    Html,
    Xlsx,
    Xls,
    Pdf,
}

impl Format {
    /// The name shown to people.
    pub fn name(self) -> &'static str {
        match self {
            Format::Docx => "Word (.docx)",
            Format::Html => "HTML",
            Format::Xlsx => "Excel (.xlsx)",
            Format::Xls => "Excel 97-2003 (.xls)",
            Format::Pdf => "PDF",
        }
    }
}

/// A document read from a structured format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    pub blocks: Vec<Block>,
    /// The encoding of the text when the format had one to detect (web pages); UTF-8 otherwise.
    pub encoding: SourceEncoding,
}

/// A paragraph or a table, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// A paragraph of text. Line breaks inside it (`<br>`, Word's manual line break) are kept as
/// `\n`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    /// The outline level when the source says it is a heading (1 = top level).
    pub heading: Option<u8>,
    pub page: Option<u32>,
}

impl Paragraph {
    pub fn new(text: impl Into<String>) -> Paragraph {
        Paragraph {
            text: text.into(),
            ..Paragraph::default()
        }
    }
}

/// A table as a grid. Rows may be of different lengths (a row is as long as its last placed
/// cell); within a row every column up to its length is present.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// 0-based index of the table in the document.
    pub index: usize,
    pub rows: Vec<Vec<CellText>>,
}

/// Where a cell is: 0-based table, row and column, and the 1-based page when known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct CellAt {
    pub table: usize,
    pub row: usize,
    pub column: usize,
    pub page: Option<u32>,
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellKind {
    /// Text (possibly empty: a blank cell).
    Value,
    /// Covered by the merged cell whose top-left corner is at (row, column).
    Covered { row: usize, column: usize },
    /// A value that could not be read (a formula without a cached result, an error value).
    Unreadable { reason: String },
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellText {
    pub text: String,
    pub kind: CellKind,
    pub at: CellAt,
}

impl CellText {
    /// Whether the cell is covered by a merged cell.
    pub fn is_covered(&self) -> bool {
        matches!(self.kind, CellKind::Covered { .. })
    }
}

/// Why a file of a structured format could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("not a zip package: {0}")]
    NotZip(String),
    #[error("the package has no {0}")]
    MissingPart(String),
    #[error("the package unpacks to more than {limit} bytes (a zip bomb?)")]
    TooMuchData { limit: u64 },
    #[error("malformed XML in {part}: {message}")]
    Xml { part: String, message: String },
    #[error("the document is nested more than {limit} levels deep")]
    TooDeep { limit: usize },
    #[error("the tables have more than {limit} cells")]
    TooManyCells { limit: usize },
    #[error("the spreadsheet could not be read: {0}")]
    Spreadsheet(String),
    #[error("the text could not be decoded: {0}")]
    Undecodable(String),
    #[error("the file holds no text")]
    NoText,
    #[error("not a PDF file")]
    NotPdf,
    #[error("the PDF could not be read: {0}")]
    Pdf(String),
    #[error("the PDF is a scan: it has no text layer")]
    Scanned,
    #[error("the PDF is encrypted")]
    Encrypted,
    #[error("the PDF has more than {limit} pages")]
    TooManyPages { limit: usize },
    #[error("the PDF has more than {limit} characters")]
    TooManyCharacters { limit: usize },
}

impl FormatError {
    /// A short reason in Chinese.
    pub fn reason_zh(&self) -> String {
        match self {
            FormatError::NotZip(message) => format!("不是有效的 zip 文件包：{message}"),
            FormatError::MissingPart(part) => format!("文件包中缺少 {part}"),
            FormatError::TooMuchData { limit } => {
                format!("解压后超过 {limit} 字节（疑似压缩炸弹）")
            }
            FormatError::Xml { part, message } => format!("{part} 的 XML 格式错误：{message}"),
            FormatError::TooDeep { limit } => format!("文档嵌套超过 {limit} 层"),
            FormatError::TooManyCells { limit } => format!("表格单元格超过 {limit} 个"),
            FormatError::Spreadsheet(message) => format!("电子表格无法读取：{message}"),
            FormatError::Undecodable(message) => format!("文字无法解码：{message}"),
            FormatError::NoText => "文件中没有文字".to_string(),
            FormatError::NotPdf => "不是有效的 PDF 文件".to_string(),
            FormatError::Pdf(message) => format!("文件结构损坏：{message}"),
            FormatError::Scanned => {
                "扫描件，没有文字层，无法读取文字，请提供 .docx 或带文字层的 PDF".to_string()
            }
            FormatError::Encrypted => "PDF 已加密，无法读取，请提供未加密的文件".to_string(),
            FormatError::TooManyPages { limit } => format!("PDF 超过 {limit} 页"),
            FormatError::TooManyCharacters { limit } => format!("PDF 文字超过 {limit} 个字符"),
        }
    }
}

/// Reads the blocks of a file of a structured format.
pub fn extract(format: Format, bytes: &[u8], limits: Limits) -> Result<Extracted, FormatError> {
    let extracted = match format {
        Format::Docx => docx::read(bytes, limits)?,
        Format::Html => html::read(bytes)?,
        Format::Xlsx | Format::Xls => xlsx::read(bytes, format, limits)?,
        Format::Pdf => pdf::read(bytes, limits)?,
    };
    let has_text = extracted.blocks.iter().any(|block| match block {
        Block::Paragraph(p) => !p.text.trim().is_empty(),
        Block::Table(t) => t.rows.iter().flatten().any(|c| !c.text.trim().is_empty()),
    });
    if has_text {
        Ok(extracted)
    } else {
        Err(FormatError::NoText)
    }
}

/// The text of a report file, whatever its format, and where each line came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub decoded: Decoded,
    /// The format read, `None` for plain text.
    pub format: Option<Format>,
    /// Per line of `decoded.text` (structured formats only): the block or row it came from.
    pub origins: Vec<LineOrigin>,
}

/// Reads the bytes of a report file into text for the parser: plain text is decoded, a
/// structured format is extracted and rendered, a format that is not read is a failure that
/// names it. The kind comes from the file name; a name that says nothing (no extension, `.md`,
/// a file given on the command line) is judged by its content. A `.txt` is text: a container
/// renamed `.txt` stays the binary file it is (rule `unreadable-file`).
pub fn load(name: &std::path::Path, bytes: Vec<u8>, limits: Limits) -> Result<Loaded, ReadFailure> {
    let kind = match classify(name) {
        FileKind::Other => kind::sniff(&bytes),
        kind => kind,
    };
    let format = match kind {
        FileKind::Text | FileKind::Other => {
            return super::decode_owned(bytes).map(|decoded| Loaded {
                decoded,
                format: None,
                origins: Vec::new(),
            })
        }
        FileKind::Unsupported(what) => return Err(ReadFailure::Unsupported { format: what }),
        FileKind::Structured(format) => format,
    };
    if bytes.is_empty() {
        return Err(ReadFailure::Empty);
    }
    let extracted = extract(format, &bytes, limits).map_err(|error| ReadFailure::Malformed {
        format: format.name().to_string(),
        reason_zh: error.reason_zh(),
        reason: error.to_string(),
    })?;
    let rendered = render(&extracted);
    Ok(Loaded {
        decoded: Decoded {
            text: rendered.text,
            encoding: extracted.encoding,
            replaced: 0,
        },
        format: Some(format),
        origins: rendered.origins,
    })
}
