//! Bytes to text: BOMs, UTF-8, UTF-16, GB18030/GBK, and content that is not text at all.

use super::{Decoded, ReadFailure, SourceEncoding};

/// Decodes the bytes of a report file.
pub fn decode(bytes: &[u8]) -> Result<Decoded, ReadFailure> {
    if bytes.is_empty() {
        return Err(ReadFailure::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return text_or_failure(decode_utf8(rest)?, SourceEncoding::Utf8Bom);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return text_or_failure(
            decode_utf16(rest, encoding_rs::UTF_16LE)?,
            SourceEncoding::Utf16Le,
        );
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return text_or_failure(
            decode_utf16(rest, encoding_rs::UTF_16BE)?,
            SourceEncoding::Utf16Be,
        );
    }
    if let Some(what) = container_kind(bytes) {
        return Err(ReadFailure::Binary {
            what: what.to_string(),
        });
    }
    if looks_binary(bytes) {
        return Err(ReadFailure::Binary {
            what: "binary data".to_string(),
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text_or_failure(text.to_string(), SourceEncoding::Utf8);
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ReadFailure::Undecodable);
    }
    text_or_failure(text.into_owned(), SourceEncoding::Gb18030)
}

fn decode_utf8(bytes: &[u8]) -> Result<String, ReadFailure> {
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|_| ReadFailure::Undecodable)
}

fn decode_utf16(
    bytes: &[u8],
    encoding: &'static encoding_rs::Encoding,
) -> Result<String, ReadFailure> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ReadFailure::Undecodable);
    }
    Ok(text.into_owned())
}

/// Text that holds nothing visible is an empty report; text full of control characters is
/// binary that happened to decode.
fn text_or_failure(text: String, encoding: SourceEncoding) -> Result<Decoded, ReadFailure> {
    if text.trim().is_empty() {
        return Err(ReadFailure::Empty);
    }
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if controls * 10 > text.chars().count() {
        return Err(ReadFailure::Binary {
            what: "control characters".to_string(),
        });
    }
    Ok(Decoded { text, encoding })
}

/// Recognises common containers by their magic bytes.
fn container_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "ZIP/DOCX/XLSX"),
        (b"%PDF", "PDF"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "DOC/XLS (OLE)"),
        (b"\x89PNG", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF8", "GIF"),
        (b"{\\rtf", "RTF"),
        (b"\x1F\x8B", "GZIP"),
        (b"Rar!", "RAR"),
        (b"7z\xBC\xAF", "7Z"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// A NUL byte in the first 8 KiB means binary (text encodings other than UTF-16, handled above
/// by its BOM, never contain NUL).
fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
}
