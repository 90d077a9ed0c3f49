//! The two-byte codes a page's text shows, for the `ToUnicode` maps of the rewritten fonts.
//!
//! The text interpreter parses a page's content stream into operations with `lopdf`'s content
//! parser, a third of a PDF's reading time; parsing it a second time only to collect the
//! strings of the text-showing operators (`Tj`, `TJ`, `'`, `"`) doubled that. A scan for the
//! string tokens does the same job in one pass over the bytes: it collects every literal and
//! hexadecimal string of the stream, shown or not (strings in dictionaries, operands of other
//! operators), a superset of the shown ones, which only adds entries to the map. Where the
//! scan cannot tell strings from data, in an inline image (`BI … ID … EI`, whose binary data
//! may hold any byte), the page is parsed as before.
//!
//! The scan agrees with the parser wherever the parser succeeds: the same escapes, nested
//! parentheses, line ends and odd-length hexadecimal strings. Where the parser fails (an
//! unbalanced parenthesis, a stray delimiter, a comment between operands), it keeps the
//! operations before the failure and the interpreter shows nothing after it, so whatever the
//! scan collects past that point is extra, never missing.
//!
//! A page's strings are read as big-endian pairs (the codes of an `Identity-H` font) and, for
//! fonts of other encodings, as every byte and every two bytes side by side.

use lopdf::{Document, Object, ObjectId};
use memchr::{memchr2, memchr3, memmem};

/// A set of two-byte codes, one bit each.
pub(super) struct CodeSet {
    bits: Vec<u64>,
}

impl Default for CodeSet {
    fn default() -> Self {
        CodeSet {
            bits: vec![0; 0x1_0000 / 64],
        }
    }
}

/// Hands the strings a content stream shows, and maybe others, to `string`; `None` if the
/// stream has to be parsed and does not parse.
fn shown_strings(content: &[u8], mut string: impl FnMut(&[u8])) -> Option<()> {
    match scan_strings(content, &mut string) {
        Scan::Complete => Some(()),
        Scan::InlineImage => parsed_strings(content, string),
    }
}

/// Hands the strings of the text-showing operators of a parsed content stream to `string`;
/// `None` if it does not parse.
fn parsed_strings(content: &[u8], mut string: impl FnMut(&[u8])) -> Option<()> {
    let content = lopdf::content::Content::decode(content).ok()?;
    for operation in &content.operations {
        if !matches!(operation.operator.as_str(), "Tj" | "TJ" | "'" | "\"") {
            continue;
        }
        for operand in &operation.operands {
            match operand {
                Object::String(bytes, _) => string(bytes),
                Object::Array(items) => items.iter().for_each(|item| {
                    if let Object::String(bytes, _) = item {
                        string(bytes);
                    }
                }),
                _ => {}
            }
        }
    }
    Some(())
}

impl CodeSet {
    /// Adds a string's codes, read as big-endian pairs (a trailing odd byte is no code).
    pub(super) fn add_pairs(&mut self, bytes: &[u8]) {
        for pair in bytes.chunks_exact(2) {
            let code = usize::from(u16::from_be_bytes([pair[0], pair[1]]));
            self.bits[code / 64] |= 1 << (code % 64);
        }
    }

    /// Adds every byte of a string as a one-byte code and every two bytes side by side as a
    /// two-byte code: whatever code widths a font's encoding reads the string with.
    fn add_loose(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.bits[usize::from(byte) / 64] |= 1 << (byte % 64);
        }
        self.add_pairs_at_any_offset(bytes);
    }

    fn add_pairs_at_any_offset(&mut self, bytes: &[u8]) {
        for pair in bytes.windows(2) {
            let code = usize::from(u16::from_be_bytes([pair[0], pair[1]]));
            self.bits[code / 64] |= 1 << (code % 64);
        }
    }

    /// Adds every code of another set.
    fn add_all(&mut self, other: &CodeSet) {
        for (word, more) in self.bits.iter_mut().zip(&other.bits) {
            *word |= more;
        }
    }

    /// The codes in ascending order.
    pub(super) fn codes(&self) -> Vec<u16> {
        let mut codes = Vec::new();
        for (index, &word) in self.bits.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                let bit = rest.trailing_zeros() as usize;
                // `bits` has 1,024 words: the code fits in 16 bits.
                codes.push((index * 64 + bit) as u16);
                rest &= rest - 1;
            }
        }
        codes
    }

    fn clear(&mut self) {
        self.bits.fill(0);
    }
}

/// The codes one page shows.
pub(super) struct PageCodes {
    pub(super) page: ObjectId,
    /// Its strings as big-endian pairs: the codes of an `Identity-H` font.
    pub(super) codes: Vec<u16>,
    /// Its strings' bytes and every two bytes side by side (when asked for): a superset of
    /// the one- and two-byte codes of any font.
    pub(super) loose: Vec<u16>,
}

/// The codes each page shows, in the order of the pages, and all pairs together.
pub(super) struct ShownCodes {
    pub(super) pages: Vec<PageCodes>,
    pub(super) all: Vec<u16>,
}

/// The codes the text-showing operators (`Tj`, `TJ`, `'`, `"`) of each page's content show,
/// each string read as big-endian pairs (and, with `loose`, as [`PageCodes::loose`]), and
/// maybe a few more. A string shown in a one-byte font adds pairs no rewritten font shows,
/// which cost only entries in the map. `None`, and every code is mapped, when a page's
/// content does not read or parse (the interpreter would fail on it anyway) or the document
/// has a form XObject: a form's text is read when a page runs it (`Do`), and unpacking every
/// form here, reachable or not, would unpack streams the interpreter never opens (a
/// compressed stream can unpack to gigabytes).
pub(super) fn shown_codes(doc: &Document, loose: bool) -> Option<ShownCodes> {
    let has_form = doc.objects.values().any(|object| {
        matches!(object, Object::Stream(stream)
            if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form"))
    });
    if has_form {
        return None;
    }
    let mut page_codes = CodeSet::default();
    let mut page_loose = CodeSet::default();
    let mut all = CodeSet::default();
    let mut pages = Vec::new();
    for page in doc.get_pages().into_values() {
        page_codes.clear();
        page_loose.clear();
        shown_strings(&doc.get_page_content(page).ok()?, |string| {
            page_codes.add_pairs(string);
            if loose {
                page_loose.add_loose(string);
            }
        })?;
        all.add_all(&page_codes);
        pages.push(PageCodes {
            page,
            codes: page_codes.codes(),
            loose: page_loose.codes(),
        });
    }
    Some(ShownCodes {
        pages,
        all: all.codes(),
    })
}

/// How a scan of a content stream ended.
#[derive(Debug, PartialEq, Eq)]
enum Scan {
    /// Every string token was handed over.
    Complete,
    /// The stream has an inline image: its data cannot be told from strings without parsing.
    InlineImage,
}

/// Whitespace as the content parser skips it inside a hexadecimal string.
fn is_whitespace(byte: u8) -> bool {
    b" \t\n\r\0\x0C".contains(&byte)
}

fn is_delimiter(byte: u8) -> bool {
    b"()<>[]{}/%".contains(&byte)
}

/// Hands the bytes of every literal and hexadecimal string of a content stream to `string`,
/// outside comments; stops at the start of an inline image.
fn scan_strings(content: &[u8], mut string: impl FnMut(&[u8])) -> Scan {
    // Without the letters of an inline image's operator, no token but strings and comments
    // matters, and none of the others holds their first bytes: the scan jumps from one to
    // the next.
    let may_hold_image = memmem::find(content, b"BI").is_some();
    let mut bytes = Vec::new();
    let mut at = 0;
    while let Some(&byte) = content.get(at) {
        match byte {
            b'%' => at = memchr2(b'\r', b'\n', &content[at..]).map_or(content.len(), |n| at + n),
            b'(' => {
                bytes.clear();
                at = literal_string(content, at + 1, &mut bytes);
                string(&bytes);
            }
            // A dictionary's start: its strings are scanned as any other.
            b'<' if content.get(at + 1) == Some(&b'<') => at += 2,
            b'<' => {
                bytes.clear();
                at = hexadecimal_string(content, at + 1, &mut bytes);
                string(&bytes);
            }
            _ if !may_hold_image => {
                at = memchr3(b'%', b'(', b'<', &content[at..]).map_or(content.len(), |n| at + n)
            }
            b'/' => at = regular_run_end(content, at + 1),
            _ if is_whitespace(byte) || is_delimiter(byte) => at += 1,
            _ => {
                // A number, an operator or a keyword; the parser reads an inline image where
                // an operation starts with `BI`.
                let end = regular_run_end(content, at);
                if content[at..end].starts_with(b"BI") {
                    return Scan::InlineImage;
                }
                at = end;
            }
        }
    }
    Scan::Complete
}

/// Where the run of regular characters (neither whitespace nor delimiters) from `at` ends.
fn regular_run_end(content: &[u8], at: usize) -> usize {
    content[at..]
        .iter()
        .position(|&byte| is_whitespace(byte) || is_delimiter(byte))
        .map_or(content.len(), |n| at + n)
}

/// Reads a literal string whose `(` ends before `at` into `bytes`, as the content parser does:
/// escapes resolved (an octal escape of one to three digits taken modulo 256, a backslash
/// before a line end dropped with it, an unknown escape the character itself), line ends and
/// balanced parentheses kept. Returns where the string ends (past its `)`, or the end of the
/// stream for a string left open).
fn literal_string(content: &[u8], mut at: usize, bytes: &mut Vec<u8>) -> usize {
    let mut depth = 0usize;
    while let Some(&byte) = content.get(at) {
        at += 1;
        match byte {
            b'\\' => {
                let Some(&escaped) = content.get(at) else {
                    break;
                };
                at += 1;
                match escaped {
                    b'0'..=b'7' => {
                        let mut value = u16::from(escaped - b'0');
                        for _ in 0..2 {
                            match content.get(at) {
                                Some(&digit @ b'0'..=b'7') => {
                                    value = value * 8 + u16::from(digit - b'0');
                                    at += 1;
                                }
                                _ => break,
                            }
                        }
                        bytes.push(value as u8);
                    }
                    b'\r' => {
                        if content.get(at) == Some(&b'\n') {
                            at += 1;
                        }
                    }
                    b'\n' => {}
                    b'n' => bytes.push(b'\n'),
                    b'r' => bytes.push(b'\r'),
                    b't' => bytes.push(b'\t'),
                    b'b' => bytes.push(b'\x08'),
                    b'f' => bytes.push(b'\x0C'),
                    other => bytes.push(other),
                }
            }
            b'(' => {
                depth += 1;
                bytes.push(byte);
            }
            b')' if depth == 0 => break,
            b')' => {
                depth -= 1;
                bytes.push(byte);
            }
            _ => bytes.push(byte),
        }
    }
    at
}

/// Reads a hexadecimal string whose `<` ends before `at` into `bytes`, as the content parser
/// does: whitespace skipped, an odd last digit the high half of a byte. Returns where the
/// string ends: past its `>`, or at a byte that is not a hexadecimal digit (where the parser
/// fails and shows nothing more).
fn hexadecimal_string(content: &[u8], mut at: usize, bytes: &mut Vec<u8>) -> usize {
    let mut high: Option<u8> = None;
    while let Some(&byte) = content.get(at) {
        if byte == b'>' {
            at += 1;
            break;
        }
        if !is_whitespace(byte) {
            let Some(digit) = char::from(byte).to_digit(16) else {
                break;
            };
            // One hexadecimal digit: below 16.
            let digit = digit as u8;
            match high.take() {
                None => high = Some(digit << 4),
                Some(high) => bytes.push(high | digit),
            }
        }
        at += 1;
    }
    bytes.extend(high);
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scanned(content: &[u8]) -> (Vec<Vec<u8>>, Scan) {
        let mut strings = Vec::new();
        let scan = scan_strings(content, |string| strings.push(string.to_vec()));
        (strings, scan)
    }

    #[test]
    fn strings_are_read_with_their_escapes_nesting_and_odd_hex_digits() {
        let content = b"BT /F1 12 Tf (a\\(b\\)\\\\\\n\\r\\t\\b\\f\\q\\101\\0610\\777) Tj\n\
            % a comment (not a string) <4142>\n\
            [(x(y)z) -120 <4E 2D\n4>] TJ (line\\\nend\\\r\nx) ' <</K (in a dict)>> BDC ET";
        let (strings, scan) = scanned(content);
        assert_eq!(scan, Scan::Complete);
        let expected: [&[u8]; 5] = [
            b"a(b)\\\n\r\t\x08\x0Cq\x41\x310\xFF",
            b"x(y)z",
            b"\x4E\x2D\x40",
            b"lineendx",
            b"in a dict",
        ];
        assert_eq!(strings, expected.map(<[u8]>::to_vec));
    }

    #[test]
    fn an_inline_image_stops_the_scan() {
        let content = b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \xFF( EI Q (after) Tj";
        assert_eq!(scanned(content).1, Scan::InlineImage);
        // A name or an operator that merely contains the letters is no image.
        let content = b"/BIG Tf 1 0 Td (a) Tj";
        assert_eq!(scanned(content), (vec![b"a".to_vec()], Scan::Complete));
    }

    /// The codes of the text-showing operators, from `lopdf`'s parse.
    fn parsed_codes(content: &[u8]) -> Option<Vec<u16>> {
        let mut codes = CodeSet::default();
        parsed_strings(content, |string| codes.add_pairs(string))?;
        Some(codes.codes())
    }

    /// Pieces of content streams: operators, operands, strings with every escape and nesting,
    /// hexadecimal strings with whitespace and odd lengths, arrays, dictionaries, comments,
    /// inline images, and delimiters the parser stops at.
    fn piece() -> impl Strategy<Value = Vec<u8>> {
        let literal_byte = prop::sample::select(vec![
            &b"a"[..],
            b"\xE4",
            b"\x4E\x00",
            b" ",
            b"\\(",
            b"\\)",
            b"\\\\",
            b"\\n",
            b"\\r",
            b"\\t",
            b"\\b",
            b"\\f",
            b"\\q",
            b"\\7",
            b"\\53",
            b"\\101",
            b"\\777",
            b"\\0612",
            b"\\\n",
            b"\\\r\n",
            b"\\\r",
            b"\r\n",
            b"\r",
            b"\n",
            b"%",
            b"<",
            b">",
            b"(",
            b")",
            b"()",
            b"(\\()",
        ]);
        let literal = prop::collection::vec(literal_byte, 0..8)
            .prop_map(|parts| [&b"("[..], &parts.concat(), b")"].concat());
        let hex_byte = prop::sample::select(vec![
            &b"4"[..],
            b"e",
            b"F",
            b"0",
            b"9",
            b" ",
            b"\n",
            b"\x0C",
            b"\0",
            b"g",
        ]);
        let hexadecimal = prop::collection::vec(hex_byte, 0..9)
            .prop_map(|parts| [&b"<"[..], &parts.concat(), b">"].concat());
        let word = prop::sample::select(vec![
            &b"Tj"[..],
            b"TJ",
            b"'",
            b"\"",
            b"BT",
            b"ET",
            b"Td",
            b"T*",
            b"1",
            b"-2.5",
            b"/F1",
            b"/BIG",
            b"Tf",
            b" ",
            b"\n",
            b"% comment (x) <41>\n",
            b"[",
            b"]",
            b"<<",
            b">>",
            b"/K",
            b"{",
            b")",
            b">",
            b"BI /W 2 /H 1 /BPC 8 /CS /G ID (\xFF EI",
        ]);
        prop_oneof![
            3 => literal,
            2 => hexadecimal,
            6 => word.prop_map(<[u8]>::to_vec),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Every code the parser's text-showing operators show, the scan finds, alone or with
        /// its fallback to the parser.
        #[test]
        fn the_scan_finds_every_code_the_parser_shows(
            pieces in prop::collection::vec(piece(), 0..32),
        ) {
            // Pieces side by side as well as apart: `(a)Tj`, `1 0Td`.
            let content = pieces.concat();
            let mut scan = CodeSet::default();
            let scanned = shown_strings(&content, |string| scan.add_pairs(string));
            // Content the parser rejects makes the interpreter fail: whatever the scan gives.
            if let Some(parsed) = parsed_codes(&content) {
                prop_assert!(scanned.is_some());
                let scanned = scan.codes();
                let missing: Vec<u16> = parsed
                    .into_iter()
                    .filter(|code| scanned.binary_search(code).is_err())
                    .collect();
                prop_assert!(
                    missing.is_empty(),
                    "{:?}: {:X?}",
                    String::from_utf8_lossy(&content),
                    missing
                );
            }
        }
    }
}
