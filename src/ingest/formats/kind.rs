//! What kind of file a path names: a text report, a structured format that is read, a format
//! that is listed as unreadable with what to send instead, or something that is not a report.
//!
//! The walker takes every kind but [`FileKind::Other`]; the loader reads by the same
//! classification, so a file is never found by one and refused by the other.

use std::path::Path;

use serde::Serialize;

use super::Format;

/// The kind of a file, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `.txt`: decoded as text.
    Text,
    /// Read into blocks.
    Structured(Format),
    /// A report format that is not read: listed with one `unreadable-file` flag.
    Unsupported(Unsupported),
    /// Not a report (`.md`, `.csv`, no extension …): skipped in folders, judged by its content
    /// when named on the command line.
    Other,
}

impl FileKind {
    /// Whether a file of this kind found in a folder is listed as a report.
    pub fn is_report(self) -> bool {
        !matches!(self, FileKind::Other)
    }
}

/// A format a report may arrive in that is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unsupported {
    /// Word 97-2003.
    Doc,
    /// WPS Office's own document format.
    Wps,
    /// The national fixed-layout format (GB/T 33190).
    Ofd,
    /// Until a PDF reader exists.
    Pdf,
    Rtf,
    /// A scan or a photo.
    Image,
    Archive,
    /// Presentations and other office formats a report is not written in.
    Office,
}

impl Unsupported {
    /// The format's name in Chinese and in English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Unsupported::Doc => (
                "Word 97-2003 文档（.doc）",
                "a Word 97-2003 document (.doc)",
            ),
            Unsupported::Wps => ("WPS 文档（.wps）", "a WPS document (.wps)"),
            Unsupported::Ofd => ("OFD 版式文件（.ofd）", "an OFD document (.ofd)"),
            Unsupported::Pdf => ("PDF 文件（.pdf）", "a PDF (.pdf)"),
            Unsupported::Rtf => ("RTF 文档（.rtf）", "an RTF document (.rtf)"),
            Unsupported::Image => ("图片（扫描件或照片）", "an image (a scan or a photo)"),
            Unsupported::Archive => ("压缩包", "an archive"),
            Unsupported::Office => (
                "演示文稿或其他办公文档",
                "a presentation or other office file",
            ),
        }
    }

    /// What to send instead, in Chinese and in English.
    pub fn advice(self) -> (&'static str, &'static str) {
        match self {
            Unsupported::Pdf => (
                "暂不支持读取 PDF，请提供 .docx 或网页（.html）格式",
                "reading PDF is not supported yet: send the report as .docx or as a web page (.html)",
            ),
            Unsupported::Archive => (
                "请解压后提交其中的 .docx 或 .pdf 格式报告",
                "unpack it and send the .docx or .pdf report inside",
            ),
            Unsupported::Image => (
                "图片中的文字无法读取，请提供 .docx 或 .pdf 格式",
                "the text of an image cannot be read: send the report as .docx or .pdf",
            ),
            _ => (
                "请提供 .docx 或 .pdf 格式",
                "send the report as .docx or .pdf",
            ),
        }
    }
}

/// The kind of a file from its extension (any case).
pub fn classify(path: &Path) -> FileKind {
    let Some(ext) = path.extension() else {
        return FileKind::Other;
    };
    let ext = ext.to_string_lossy().to_ascii_lowercase();
    match ext.as_str() {
        "txt" => FileKind::Text,
        "docx" | "docm" => FileKind::Structured(Format::Docx),
        "html" | "htm" | "shtml" | "xhtml" => FileKind::Structured(Format::Html),
        "xlsx" | "xlsm" => FileKind::Structured(Format::Xlsx),
        "xls" => FileKind::Structured(Format::Xls),
        "doc" | "dot" => FileKind::Unsupported(Unsupported::Doc),
        "wps" => FileKind::Unsupported(Unsupported::Wps),
        "ofd" => FileKind::Unsupported(Unsupported::Ofd),
        "pdf" => FileKind::Unsupported(Unsupported::Pdf),
        "rtf" => FileKind::Unsupported(Unsupported::Rtf),
        "jpg" | "jpeg" | "png" | "tif" | "tiff" | "gif" | "bmp" | "webp" | "heic" => {
            FileKind::Unsupported(Unsupported::Image)
        }
        "zip" | "rar" | "7z" | "gz" | "tgz" | "tar" | "bz2" | "xz" => {
            FileKind::Unsupported(Unsupported::Archive)
        }
        "ppt" | "pptx" | "odt" | "ods" | "odp" | "et" | "dps" => {
            FileKind::Unsupported(Unsupported::Office)
        }
        // Word's `~$` lock files and other temporaries are told apart by the walker.
        _ => FileKind::Other,
    }
}

/// The kind of a file whose name says nothing, from its first bytes: a Word or Excel package,
/// a web page, or text (which the decoder may still find to be binary, and say what it is).
pub fn sniff(bytes: &[u8]) -> FileKind {
    match crate::ingest::decode::container_kind(bytes) {
        Some("DOCX") => return FileKind::Structured(Format::Docx),
        Some("XLSX") => return FileKind::Structured(Format::Xlsx),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let lower = head[start..].to_ascii_lowercase();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        FileKind::Structured(Format::Html)
    } else {
        FileKind::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_classified_in_any_case() {
        let cases = [
            ("a.txt", FileKind::Text),
            ("a.DOCX", FileKind::Structured(Format::Docx)),
            ("a.Htm", FileKind::Structured(Format::Html)),
            ("a.html", FileKind::Structured(Format::Html)),
            ("a.xlsx", FileKind::Structured(Format::Xlsx)),
            ("a.XLS", FileKind::Structured(Format::Xls)),
            ("a.doc", FileKind::Unsupported(Unsupported::Doc)),
            ("a.wps", FileKind::Unsupported(Unsupported::Wps)),
            ("a.ofd", FileKind::Unsupported(Unsupported::Ofd)),
            ("a.pdf", FileKind::Unsupported(Unsupported::Pdf)),
            ("a.JPG", FileKind::Unsupported(Unsupported::Image)),
            ("a.tif", FileKind::Unsupported(Unsupported::Image)),
            ("a.png", FileKind::Unsupported(Unsupported::Image)),
            ("a.rar", FileKind::Unsupported(Unsupported::Archive)),
            ("a.7z", FileKind::Unsupported(Unsupported::Archive)),
            ("a.zip", FileKind::Unsupported(Unsupported::Archive)),
            ("a.md", FileKind::Other),
            ("a", FileKind::Other),
        ];
        for (name, kind) in cases {
            assert_eq!(classify(Path::new(name)), kind, "{name}");
        }
    }

    #[test]
    fn content_decides_when_the_name_does_not() {
        assert_eq!(
            sniff(b"\xEF\xBB\xBF  <!DOCTYPE html><html>"),
            FileKind::Structured(Format::Html)
        );
        assert_eq!(
            sniff(b"PK\x03\x04\x14\x00\x06\x00word/document.xml"),
            FileKind::Structured(Format::Docx)
        );
        assert_eq!(sniff("一、总体情况".as_bytes()), FileKind::Text);
    }

    #[test]
    fn every_unsupported_format_names_itself_and_what_to_send() {
        for format in [
            Unsupported::Doc,
            Unsupported::Wps,
            Unsupported::Ofd,
            Unsupported::Pdf,
            Unsupported::Rtf,
            Unsupported::Image,
            Unsupported::Archive,
            Unsupported::Office,
        ] {
            let (zh, en) = format.advice();
            assert!(zh.contains("请"), "{format:?}");
            assert!(!en.is_empty() && !format.names().0.is_empty());
        }
        assert!(Unsupported::Pdf.advice().0.contains("暂不支持读取 PDF"));
    }
}
