//! Ingest: files on disk to decoded text.
//!
//! Reads a file within a size limit, recognises content that is not text (binary, a DOCX or
//! PDF container), detects the encoding (UTF-8 with or without BOM, UTF-16 with BOM, GB18030 and
//! its GBK subset) and decodes it. Nothing here fails silently and nothing panics: every reason a
//! file cannot be read becomes a [`ReadFailure`], which the pipeline turns into one
//! `unreadable-file` flag while the other files are still checked.

pub mod decode;
pub mod walk;

use std::path::Path;

use serde::Serialize;

pub use decode::decode;
pub use walk::{walk, WalkEntry};

/// The default largest file read: 64 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// How the bytes of a file were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceEncoding {
    #[default]
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl SourceEncoding {
    /// Whether the text was not UTF-8 (rule `legacy-encoding`).
    pub fn is_legacy(self) -> bool {
        !matches!(self, SourceEncoding::Utf8 | SourceEncoding::Utf8Bom)
    }

    /// The name shown to people: `UTF-8`, `GB18030` …
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8Bom => "UTF-8 (BOM)",
            SourceEncoding::Utf16Le => "UTF-16LE",
            SourceEncoding::Utf16Be => "UTF-16BE",
            SourceEncoding::Gb18030 => "GB18030",
        }
    }
}

/// Why a file could not be read as a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ReadFailure {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("the file is binary ({what}), not text")]
    Binary { what: String },
    #[error("the text could not be decoded as UTF-8, UTF-16 or GB18030")]
    Undecodable,
    #[error("the folder leads back into itself (a directory loop)")]
    DirectoryLoop,
    #[error("the file could not be read: {message}")]
    Io { message: String },
    #[error("the file disappeared while it was being read")]
    Vanished,
}

impl ReadFailure {
    /// A short reason in Chinese for messages.
    pub fn reason_zh(&self) -> String {
        match self {
            ReadFailure::Empty => "文件为空".to_string(),
            ReadFailure::TooLarge { size, limit } => {
                format!("文件大小 {size} 字节，超过上限 {limit} 字节")
            }
            ReadFailure::Binary { what } => format!("文件不是文本（{what}）"),
            ReadFailure::Undecodable => "无法按 UTF-8、UTF-16 或 GB18030 解码".to_string(),
            ReadFailure::DirectoryLoop => "目录循环（文件夹链接指回自身）".to_string(),
            ReadFailure::Io { message } => format!("读取失败：{message}"),
            ReadFailure::Vanished => "读取过程中文件被删除或移走".to_string(),
        }
    }
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: SourceEncoding,
}

/// Limits on what is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Files larger than this are not read.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Reads and decodes one file.
pub fn read_file(path: &Path, limits: Limits) -> Result<Decoded, ReadFailure> {
    let bytes = read_bytes(path, limits)?;
    decode(&bytes)
}

/// Reads a file's bytes within the size limit.
pub fn read_bytes(path: &Path, limits: Limits) -> Result<Vec<u8>, ReadFailure> {
    use std::io::Read;

    let file = std::fs::File::open(path).map_err(|e| io_failure(&e))?;
    let size = file.metadata().map_err(|e| io_failure(&e))?.len();
    if size > limits.max_bytes {
        return Err(ReadFailure::TooLarge {
            size,
            limit: limits.max_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // Read one byte past the limit: a file that grew after its size was taken is still caught.
    file.take(limits.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_failure(&e))?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(ReadFailure::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    Ok(bytes)
}

fn io_failure(error: &std::io::Error) -> ReadFailure {
    match error.kind() {
        std::io::ErrorKind::NotFound => ReadFailure::Vanished,
        _ => ReadFailure::Io {
            message: error.to_string(),
        },
    }
}
