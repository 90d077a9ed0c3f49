//! Bytes to text: BOMs, UTF-8, UTF-16, GB18030/GBK, other legacy encodings, and content that
//! is not text at all.
//!
//! The order of the checks matters:
//! 1. nothing at all is [`ReadFailure::Empty`];
//! 2. the magic bytes of a container (PDF, ZIP/DOCX, OLE/DOC, images, archives) are binary;
//! 3. a BOM settles the encoding (UTF-8, UTF-16LE/BE);
//! 4. NUL bytes mean UTF-16 without a BOM, if the text decodes plausibly, or binary;
//! 5. valid UTF-8 is UTF-8; UTF-8 with a few damaged sequences (a file cut in the middle of a
//!    character) is still UTF-8;
//! 6. anything else goes to `chardetng` (biased to Chinese), and GB18030 is the expected
//!    answer; a decode with many errors is [`ReadFailure::Undecodable`].
//!
//! Decoded text that is blank is [`ReadFailure::Blank`]; text full of control characters is
//! binary that happened to decode.

use std::borrow::Cow;

use encoding_rs::{DecoderResult, Encoding};

use super::{Decoded, ReadFailure, SourceEncoding};

/// How much of a file the encoding detector looks at: enough for a confident guess, and the
/// time spent does not grow with the file.
const DETECT_PREFIX: usize = 256 * 1024;

/// Decoding errors always tolerated; beyond this, at most one error per 200 characters. A
/// damaged character gives up to three errors (one per stray byte); a wrong encoding gives
/// errors at a large share of the characters.
const MAX_ERRORS: usize = 8;

/// How much of a file is looked at for NUL bytes.
const NUL_PREFIX: usize = 8192;

/// Decodes the bytes of a report file.
pub fn decode(bytes: &[u8]) -> Result<Decoded, ReadFailure> {
    if let Some(decoded) = decode_prelude(bytes)? {
        return Ok(decoded);
    }
    match valid_utf8(bytes) {
        Some(text) => accept(text.to_string(), SourceEncoding::Utf8, 0),
        None => decode_not_utf8(bytes),
    }
}

/// Decodes the bytes of a report file, reusing their buffer for the text when they are UTF-8.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, ReadFailure> {
    if let Some(decoded) = decode_prelude(&bytes)? {
        return Ok(decoded);
    }
    if valid_utf8(&bytes).is_none() {
        return decode_not_utf8(&bytes);
    }
    // SAFETY: `valid_utf8` has just validated every byte of `bytes` as UTF-8.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    accept(text, SourceEncoding::Utf8, 0)
}

/// The bytes as text, if they are entirely valid UTF-8. This runs over every file: encoding_rs
/// validates with SIMD (simdutf8, chosen at run time), several times faster than the standard
/// library on Chinese text, where every character is a multi-byte sequence.
fn valid_utf8(bytes: &[u8]) -> Option<&str> {
    match encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(bytes)? {
        Cow::Borrowed(text) => Some(text),
        // UTF-8 is never decoded into a new string: valid bytes are borrowed as they are.
        Cow::Owned(_) => None,
    }
}

/// Steps 1–4: what is settled before trying UTF-8 without a BOM.
fn decode_prelude(bytes: &[u8]) -> Result<Option<Decoded>, ReadFailure> {
    if bytes.is_empty() {
        return Err(ReadFailure::Empty);
    }
    if let Some(what) = container_kind(bytes) {
        return Err(ReadFailure::Binary {
            what: what.to_string(),
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        if let Some(text) = valid_utf8(rest) {
            return accept(text.to_string(), SourceEncoding::Utf8Bom, 0).map(Some);
        }
        let (text, errors) = decode_utf8_lossy(rest);
        return tolerate(text, SourceEncoding::Utf8Bom, errors).map(Some);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, errors) = decode_counting(encoding_rs::UTF_16LE, rest);
        return tolerate(text, SourceEncoding::Utf16Le, errors).map(Some);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (text, errors) = decode_counting(encoding_rs::UTF_16BE, rest);
        return tolerate(text, SourceEncoding::Utf16Be, errors).map(Some);
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(NUL_PREFIX)]).is_some() {
        return match utf16_without_bom(bytes) {
            Some(decoded) => Ok(Some(decoded)),
            None => Err(ReadFailure::Binary {
                what: "NUL bytes".to_string(),
            }),
        };
    }
    Ok(None)
}

/// Steps 5–6: bytes that are not valid UTF-8.
fn decode_not_utf8(bytes: &[u8]) -> Result<Decoded, ReadFailure> {
    let (text, errors, valid_non_ascii) = utf8_damage(bytes);
    // Damaged UTF-8 still has long runs of well-formed multi-byte sequences; GBK read as UTF-8
    // has errors at most of its characters.
    if valid_non_ascii >= errors.saturating_mul(8) && few_errors(errors, &text) {
        return accept(text, SourceEncoding::Utf8, errors);
    }
    let encoding = detect(bytes);
    let (text, errors) = decode_counting(encoding, bytes);
    let source = if encoding == encoding_rs::GB18030 {
        SourceEncoding::Gb18030
    } else {
        SourceEncoding::Other(encoding.name())
    };
    tolerate(text, source, errors)
}

/// The legacy encoding of bytes that are not UTF-8: GB18030 when the detector says Chinese
/// (simplified; GBK and GB2312 are subsets), otherwise the detector's guess.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let prefix = &bytes[..bytes.len().min(DETECT_PREFIX)];
    detector.feed(prefix, prefix.len() == bytes.len());
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
    if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        encoding_rs::GB18030
    } else {
        guess
    }
}

/// Whether this many decoding errors are few enough to keep the text: a damaged byte or a
/// character cut at the end of a file, not a wrong encoding.
fn few_errors(errors: usize, text: &str) -> bool {
    errors <= MAX_ERRORS || errors.saturating_mul(200) <= text.chars().count()
}

fn tolerate(text: String, encoding: SourceEncoding, errors: usize) -> Result<Decoded, ReadFailure> {
    if !few_errors(errors, &text) {
        return Err(ReadFailure::Undecodable { errors });
    }
    accept(text, encoding, errors)
}

/// UTF-8 decoding that replaces each ill-formed sequence with U+FFFD: the text, the number of
/// ill-formed sequences, and the number of well-formed non-ASCII characters.
fn decode_utf8_lossy(bytes: &[u8]) -> (String, usize) {
    let (text, errors, _) = utf8_damage(bytes);
    (text, errors)
}

fn utf8_damage(bytes: &[u8]) -> (String, usize, usize) {
    let mut text = String::with_capacity(bytes.len());
    let mut errors = 0;
    let mut non_ascii = 0;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        non_ascii += valid.chars().filter(|c| !c.is_ascii()).count();
        text.push_str(valid);
        if !chunk.invalid().is_empty() {
            errors += 1;
            text.push('\u{FFFD}');
        }
    }
    (text, errors, non_ascii)
}

/// Decodes with `encoding`, replacing each malformed sequence with U+FFFD and counting them.
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let mut errors = 0;
    let mut rest = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        rest = rest.get(read..).unwrap_or_default();
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(rest.len().saturating_mul(3).max(16)),
            DecoderResult::Malformed(_, _) => {
                errors += 1;
                text.push('\u{FFFD}');
            }
        }
    }
    (text, errors)
}

/// UTF-16 without a BOM: NUL bytes that come from ASCII characters in UTF-16. Accepted only
/// when one byte order decodes into plausible report text with line breaks (ASCII bytes read
/// as UTF-16 also look like CJK ideographs, but never like a line break).
fn utf16_without_bom(bytes: &[u8]) -> Option<Decoded> {
    let sample = &bytes[..bytes.len().min(NUL_PREFIX) & !1];
    let candidates = [
        (encoding_rs::UTF_16LE, SourceEncoding::Utf16Le),
        (encoding_rs::UTF_16BE, SourceEncoding::Utf16Be),
    ];
    let (encoding, source) = candidates.into_iter().find(|(encoding, _)| {
        let (text, _) = decode_counting(encoding, sample);
        text.contains('\n') && plausible_text(&text)
    })?;
    let (text, errors) = decode_counting(encoding, bytes);
    tolerate(text, source, errors).ok()
}

/// Whether nearly every character is one a report is written in: printable ASCII, line
/// breaks and tabs, CJK ideographs and punctuation, full-width forms, general punctuation.
fn plausible_text(text: &str) -> bool {
    let mut total = 0usize;
    let mut plausible = 0usize;
    for c in text.chars() {
        total += 1;
        let ok = matches!(c,
            '\t' | '\n' | '\r' | ' '..='~'
            | '\u{00A0}'..='\u{00FF}'
            | '\u{2000}'..='\u{206F}'
            | '\u{3000}'..='\u{303F}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{FF00}'..='\u{FFEF}');
        plausible += usize::from(ok);
    }
    total > 0 && plausible * 100 >= total * 95
}

/// Text that holds nothing visible is a blank report; text full of control characters is
/// binary that happened to decode.
fn accept(text: String, encoding: SourceEncoding, replaced: usize) -> Result<Decoded, ReadFailure> {
    let visible = text
        .chars()
        .any(|c| !(c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}')));
    if !visible {
        return Err(ReadFailure::Blank);
    }
    let controls = count_controls(text.as_bytes());
    // Most texts have no control character at all, and then need no character count.
    if controls > 0 && controls * 10 > count_chars(text.as_bytes()) {
        return Err(ReadFailure::Binary {
            what: "control characters".to_string(),
        });
    }
    Ok(Decoded {
        text,
        encoding,
        replaced,
    })
}

/// How many bytes `is` holds for, counted in byte lanes ([`count_in_lanes`]): 32 bytes a step
/// where the processor has AVX2 (asked once and remembered by the standard library), else 16.
/// This runs over every byte of every file.
fn count_bytes(bytes: &[u8], is: impl Fn(u8) -> bool) -> usize {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        #[target_feature(enable = "avx2")]
        fn avx2(bytes: &[u8], is: impl Fn(u8) -> bool) -> usize {
            count_in_lanes(bytes, is)
        }
        // SAFETY: the processor has AVX2: it has just been asked.
        return unsafe { avx2(bytes, is) };
    }
    count_in_lanes(bytes, is)
}

/// How many bytes `is` holds for, in a loop the compiler turns into byte lanes: a `u8` count
/// per chunk of [`LANE_CHUNK`] bytes cannot overflow, and a chunk of a whole number of steps
/// leaves no tail to count a byte at a time but the text's last. Inlined into each caller, so
/// that it is compiled for the caller's instructions.
#[inline(always)]
fn count_in_lanes(bytes: &[u8], is: impl Fn(u8) -> bool) -> usize {
    let mut chunks = bytes.chunks_exact(LANE_CHUNK);
    let mut total = 0;
    for chunk in &mut chunks {
        total += usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(is(b))));
    }
    total + chunks.remainder().iter().filter(|&&b| is(b)).count()
}

/// Seven steps of 32 bytes (the compiler's unrolled step of two 16-byte lanes, or one 32-byte
/// lane); at most 255.
const LANE_CHUNK: usize = 224;

/// The number of characters of UTF-8 text: its bytes that are not continuation bytes.
fn count_chars(utf8: &[u8]) -> usize {
    utf8.len() - count_bytes(utf8, |b| b & 0xC0 == 0x80)
}

/// How many characters of UTF-8 text are control characters other than line breaks, tabs and
/// form feeds. Works on bytes (this runs over every file): C0 and DEL are single bytes, C1
/// (U+0080–U+009F) is 0xC2 followed by 0x80–0x9F.
fn count_controls(utf8: &[u8]) -> usize {
    // The C0 controls kept out are 0x00–0x08, 0x0B and 0x0E–0x1F: three ranges tested with
    // unsigned comparisons, which run in byte lanes; the non-short-circuit `|` keeps the loop
    // free of branches.
    let c0 = count_bytes(utf8, |b| {
        (b < 0x09) | (b == 0x0B) | (b.wrapping_sub(0x0E) < 0x12) | (b == 0x7F)
    });
    let c1 = if memchr::memchr(0xC2, utf8).is_some() {
        utf8.windows(2)
            .filter(|w| w[0] == 0xC2 && (0x80..=0x9F).contains(&w[1]))
            .count()
    } else {
        0
    };
    c0 + c1
}

/// Recognises common containers by their magic bytes.
pub(crate) fn container_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "DOC/XLS/WPS (OLE)"),
        (b"\x89PNG\r\n\x1A\n", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"II*\x00", "TIFF"),
        (b"MM\x00*", "TIFF"),
        (b"{\\rtf", "RTF"),
        (b"\x1F\x8B", "GZIP"),
        (b"BZh", "BZIP2"),
        (b"\xFD7zXZ\x00", "XZ"),
        (b"\x28\xB5\x2F\xFD", "ZSTD"),
        (b"Rar!\x1A\x07", "RAR"),
        (b"7z\xBC\xAF\x27\x1C", "7Z"),
        (b"\x7FELF", "ELF"),
        (b"SQLite format 3\x00", "SQLite"),
        (b"\x00asm", "WebAssembly"),
        (b"OggS", "OGG"),
        (b"fLaC", "FLAC"),
        (b"ID3", "MP3"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(what);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(zip_kind(bytes));
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12).is_some_and(|t| t == b"WEBP") {
        return Some("WEBP");
    }
    // PDF allows junk before its header within the first 1024 bytes.
    let head = &bytes[..bytes.len().min(1024)];
    let pdf = memchr::memchr_iter(b'%', head).any(|i| head[i..].starts_with(b"%PDF-"));
    if pdf {
        return Some("PDF");
    }
    None
}

/// What a ZIP container holds, from the names of its first entries.
fn zip_kind(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if find(head, b"word/").is_some() {
        "DOCX"
    } else if find(head, b"xl/").is_some() {
        "XLSX"
    } else if find(head, b"ppt/").is_some() {
        "PPTX"
    } else if find(head, b"application/vnd.oasis.opendocument").is_some() {
        "ODF"
    } else if find(head, b"Contents/").is_some() || find(head, b"Version.xml").is_some() {
        "OFD"
    } else {
        "ZIP"
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "某县司法局2023年政府信息公开工作年度报告\n一、总体情况\n本年度共收到政府信息公开申请3件。\n";

    fn gb18030(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    }

    fn utf16(text: &str, little: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if little {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                }
            })
            .collect()
    }

    fn decoded(bytes: &[u8]) -> (String, SourceEncoding) {
        let d = decode(bytes).expect("decodes");
        let owned = decode_owned(bytes.to_vec()).expect("decodes owned");
        assert_eq!(d, owned, "decode and decode_owned agree");
        (d.text, d.encoding)
    }

    #[test]
    fn utf8_without_bom() {
        assert_eq!(
            decoded(REPORT.as_bytes()),
            (REPORT.to_string(), SourceEncoding::Utf8)
        );
    }

    #[test]
    fn utf8_with_bom() {
        let bytes = [b"\xEF\xBB\xBF".as_slice(), REPORT.as_bytes()].concat();
        assert_eq!(
            decoded(&bytes),
            (REPORT.to_string(), SourceEncoding::Utf8Bom)
        );
    }

    #[test]
    fn utf8_with_bom_and_a_damaged_byte_is_still_read() {
        // Valid text after a BOM is validated once; damaged text takes the lossy path.
        let mut bytes = [b"\xEF\xBB\xBF".as_slice(), REPORT.repeat(4).as_bytes()].concat();
        bytes[23] = 0xFF;
        let d = decode(&bytes).expect("decodes");
        assert_eq!(decode_owned(bytes.clone()), Ok(d.clone()));
        assert_eq!(d.encoding, SourceEncoding::Utf8Bom);
        // The lead byte and each of its two stray continuation bytes.
        assert_eq!(d.replaced, 3);
        assert!(d.text.contains('\u{FFFD}'));
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let le = [b"\xFF\xFE".as_slice(), &utf16(REPORT, true)].concat();
        assert_eq!(decoded(&le), (REPORT.to_string(), SourceEncoding::Utf16Le));
        let be = [b"\xFE\xFF".as_slice(), &utf16(REPORT, false)].concat();
        assert_eq!(decoded(&be), (REPORT.to_string(), SourceEncoding::Utf16Be));
    }

    #[test]
    fn utf16_without_bom_is_recognised_by_its_text() {
        let text = format!("{REPORT}统计期限为2023年1月1日至12月31日。\r\n");
        assert_eq!(
            decoded(&utf16(&text, true)),
            (text.clone(), SourceEncoding::Utf16Le)
        );
        assert_eq!(
            decoded(&utf16(&text, false)),
            (text, SourceEncoding::Utf16Be)
        );
    }

    #[test]
    fn gb18030_and_gbk() {
        assert_eq!(
            decoded(&gb18030(REPORT)),
            (REPORT.to_string(), SourceEncoding::Gb18030)
        );
        // A GBK file is read by the GB18030 decoder (GBK is a subset).
        let (gbk, _, _) = encoding_rs::GBK.encode(REPORT);
        assert_eq!(decoded(&gbk), (REPORT.to_string(), SourceEncoding::Gb18030));
    }

    #[test]
    fn gb18030_with_a_single_chinese_character_among_ascii() {
        let text = "Report 2023: total 3 applications, 中.\n";
        assert_eq!(
            decoded(&gb18030(text)),
            (text.to_string(), SourceEncoding::Gb18030)
        );
    }

    #[test]
    fn gb18030_with_crlf_keeps_the_line_endings_for_the_document() {
        let text = REPORT.replace('\n', "\r\n");
        assert_eq!(decoded(&gb18030(&text)).0, text);
    }

    #[test]
    fn truncated_utf8_is_still_utf8() {
        let bytes = REPORT.as_bytes();
        // Cut inside the last character (every CJK character is 3 bytes).
        let cut = &bytes[..bytes.len() - 3];
        let d = decode(cut).expect("decodes");
        assert_eq!(d.encoding, SourceEncoding::Utf8);
        assert_eq!(d.replaced, 1);
        assert!(d.text.ends_with('\u{FFFD}'));
        assert!(d.text.starts_with("某县司法局"));
    }

    #[test]
    fn truncated_gb18030_is_still_gb18030() {
        let bytes = gb18030(REPORT);
        let cut = &bytes[..bytes.len() - 2];
        let d = decode(cut).expect("decodes");
        assert_eq!(d.encoding, SourceEncoding::Gb18030);
        assert!(d.replaced <= 1);
    }

    #[test]
    fn utf8_with_a_damaged_byte_is_still_utf8() {
        let mut bytes = REPORT.repeat(4).into_bytes();
        bytes[20] = 0xFF;
        let d = decode(&bytes).expect("decodes");
        assert_eq!(d.encoding, SourceEncoding::Utf8);
        assert!(d.replaced >= 1);
    }

    #[test]
    fn big5_is_read_as_another_legacy_encoding() {
        let text = "臺灣地區政府資訊公開工作年度報告，本年度共收到申請三件，均已依法辦理完畢。\n";
        let (bytes, _, _) = encoding_rs::BIG5.encode(text);
        let d = decode(&bytes).expect("decodes");
        assert!(d.encoding.is_legacy());
        if d.encoding == SourceEncoding::Other("Big5") {
            assert_eq!(d.text, text);
        }
    }

    #[test]
    fn many_decoding_errors_are_undecodable() {
        // Valid-looking GB18030 lead bytes followed by invalid trail bytes, again and again.
        let bytes: Vec<u8> = std::iter::repeat_n([0x81u8, 0x30, 0x41], 200)
            .flatten()
            .collect();
        assert!(matches!(
            decode(&bytes),
            Err(ReadFailure::Undecodable { .. })
        ));
        // UTF-16 with a BOM and unpaired surrogates everywhere.
        let mut utf16 = vec![0xFF, 0xFE];
        for _ in 0..100 {
            utf16.extend_from_slice(&[0x00, 0xD8, 0x41, 0x00]);
        }
        assert!(matches!(
            decode(&utf16),
            Err(ReadFailure::Undecodable { .. })
        ));
    }

    #[test]
    fn empty_and_blank_files() {
        assert_eq!(decode(b""), Err(ReadFailure::Empty));
        assert_eq!(decode(b" \r\n\t \n"), Err(ReadFailure::Blank));
        assert_eq!(
            decode("\u{3000}\u{3000}\n".as_bytes()),
            Err(ReadFailure::Blank)
        );
        assert_eq!(decode(b"\xEF\xBB\xBF"), Err(ReadFailure::Blank));
        assert_eq!(decode(b"\xEF\xBB\xBF\n\n"), Err(ReadFailure::Blank));
        assert_eq!(decode(b"\xFF\xFE"), Err(ReadFailure::Blank));
        assert_eq!(decode(&gb18030("\u{3000}\n")), Err(ReadFailure::Blank));
    }

    #[test]
    fn containers_are_binary() {
        let cases: &[(&[u8], &str)] = &[
            (b"\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR", "PNG"),
            (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "PDF"),
            (b"\r\n\r\n%PDF-1.4\n", "PDF"),
            (
                b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml word/document.xml",
                "DOCX",
            ),
            (b"PK\x03\x04\x14\x00\x00\x00\x08\x00data.csv", "ZIP"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", "DOC/XLS/WPS (OLE)"),
            (b"\xFF\xD8\xFF\xE0\x00\x10JFIF", "JPEG"),
            (b"{\\rtf1\\ansi\\ansicpg936 text}", "RTF"),
        ];
        for (bytes, what) in cases {
            assert_eq!(
                decode(bytes),
                Err(ReadFailure::Binary {
                    what: what.to_string()
                }),
                "{what}"
            );
        }
    }

    #[test]
    fn nul_bytes_are_binary() {
        let mut bytes = vec![0u8, 1, 2, 3, 0xFF, 0x00, 0x80, 0x7F];
        bytes.extend((0..=255u8).cycle().take(4000));
        assert!(matches!(decode(&bytes), Err(ReadFailure::Binary { .. })));
        let text_with_nul = b"abc\x00def";
        assert!(matches!(
            decode(text_with_nul),
            Err(ReadFailure::Binary { .. })
        ));
    }

    #[test]
    fn control_characters_make_binary() {
        let bytes: Vec<u8> = (1u8..=31).cycle().take(300).collect();
        assert_eq!(
            decode(&bytes),
            Err(ReadFailure::Binary {
                what: "control characters".to_string()
            })
        );
        // A few escape sequences in a long text are text (sanitised on output).
        let text = format!("{REPORT}\u{1b}[2J{REPORT}");
        assert_eq!(decoded(text.as_bytes()).1, SourceEncoding::Utf8);
    }

    #[test]
    fn control_counting_on_bytes_matches_chars() {
        let ascii: String = (0u8..0x80).map(char::from).collect();
        for text in [
            "abc",
            "一\u{1b}二\u{9b}三\u{7f}\t\n\r\u{c}",
            "\u{80}\u{9f}\u{a0}\u{c2}é",
            "",
            &ascii,
        ] {
            // Repeated, the text runs over whole chunks of byte lanes and ends in a tail.
            for text in [1, 2, 3, 7, 40].map(|n| text.repeat(n)) {
                let chars = text.chars().count();
                let controls = text
                    .chars()
                    .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
                    .count();
                assert_eq!(count_chars(text.as_bytes()), chars, "{text:?}");
                assert_eq!(count_controls(text.as_bytes()), controls, "{text:?}");
            }
        }
    }

    proptest::proptest! {
        /// Bytes counted in lanes (AVX2 where the processor has it) are the bytes counted one
        /// by one, whatever the length (whole chunks, a tail, both).
        #[test]
        fn bytes_counted_in_lanes_are_counted_one_by_one(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..1_200),
        ) {
            let control = |b: u8| (b < 0x09) | (b == 0x0B) | (b.wrapping_sub(0x0E) < 0x12);
            proptest::prop_assert_eq!(
                count_bytes(&bytes, control),
                bytes.iter().filter(|&&b| control(b)).count()
            );
            proptest::prop_assert_eq!(
                count_in_lanes(&bytes, control),
                bytes.iter().filter(|&&b| control(b)).count()
            );
        }
    }

    #[test]
    fn never_panics_on_short_odd_input() {
        for bytes in [
            &b"\xFF"[..],
            b"\xFE",
            b"\xFF\xFE\x00",
            b"\xFE\xFF\xD8",
            b"\xEF\xBB",
            b"\xEF\xBB\xBF\xFF",
            b"\x00",
            b"\x81",
            b"PK",
            b"%PDF",
        ] {
            let _ = decode(bytes);
            let _ = decode_owned(bytes.to_vec());
        }
    }
}
