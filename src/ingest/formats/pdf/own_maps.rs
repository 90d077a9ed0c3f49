//! The `ToUnicode` maps a PDF's Type0 fonts bring, cut to the codes each page may show.
//!
//! The interpreter parses a font's map again for every page that uses it, with a parser that
//! builds an error message for every alternative it tries: on a real report the producers'
//! maps (a few thousand mappings each) were two fifths of the reading time. Each map is read
//! here once, with the interpreter's own parser (`adobe-cmap-parser`), so the mappings are the
//! ones it would read, and each page gets a map of the mappings whose code its strings may
//! hold ([`super::shown::PageCodes::loose`]): one-byte codes of its bytes, two-byte codes of
//! any two bytes side by side, every longer code. A code the page shows is in it, with the
//! same text; the others are never looked up. A map the parser rejects, or with a mapping the
//! interpreter would fail on, is left whole.

use std::collections::HashMap;
use std::fmt::Write;

use lopdf::{Document, Object, ObjectId};

use super::shown::PageCodes;
use crate::ingest::contained;

/// The mappings of one font's own map, as the interpreter reads them.
pub(super) struct OwnMap {
    /// The font's codes are two bytes each (an `Identity-H` or `-V` encoding): a page's codes
    /// are its strings' big-endian pairs, not every two bytes side by side.
    two_byte: bool,
    /// Codes of one or two bytes, with their text (UTF-16BE).
    short: HashMap<u32, Vec<u8>>,
    /// Codes of three or four bytes: few, and kept on every page.
    long: Vec<(u32, Vec<u8>)>,
}

/// The Type0 fonts (objects of their own) with a map of their own in a stream, each map read,
/// of the fonts `wanted` picks.
pub(super) fn own_maps(
    doc: &Document,
    wanted: impl Fn(ObjectId) -> bool,
) -> Vec<(ObjectId, OwnMap)> {
    doc.objects
        .iter()
        .filter_map(|(&id, object)| {
            if !wanted(id) {
                return None;
            }
            let font = object.as_dict().ok()?;
            let subtype = deref(doc, font.get(b"Subtype").ok()?)?.as_name().ok()?;
            if subtype != b"Type0" {
                return None;
            }
            let Object::Stream(stream) = deref(doc, font.get(b"ToUnicode").ok()?)? else {
                return None;
            };
            // As the interpreter takes a stream's bytes.
            let contents = if stream.filters().is_ok() {
                stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone())
            } else {
                stream.content.clone()
            };
            let two_byte = matches!(
                font.get(b"Encoding").ok().and_then(|e| deref(doc, e)),
                Some(Object::Name(name)) if name == b"Identity-H" || name == b"Identity-V"
            );
            let mut map = read(&contents)?;
            map.two_byte = two_byte;
            Some((id, map))
        })
        .collect()
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    match object {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// A map's mappings, or `None` when the parser rejects it (it panics on some input) or a
/// mapping's text is not UTF-16 the interpreter converts (odd length, a surrogate out of
/// place): it would fail on those, and the map is left as it is for it to do so.
fn read(contents: &[u8]) -> Option<OwnMap> {
    let mappings = contained::catch(|| adobe_cmap_parser::get_unicode_map(contents))?.ok()?;
    let mut short = HashMap::with_capacity(mappings.len());
    let mut long = Vec::new();
    for (code, text) in mappings {
        if text.len() % 2 != 0 {
            return None;
        }
        let units: Vec<u16> = text
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        // A lone surrogate is skipped by the interpreter; any other bad text panics it.
        let lone_surrogate = matches!(units[..], [0xD800..=0xDFFF]);
        if !lone_surrogate && String::from_utf16(&units).is_err() {
            return None;
        }
        if code <= 0xFFFF {
            short.insert(code, text);
        } else {
            long.push((code, text));
        }
    }
    long.sort_unstable();
    Some(OwnMap {
        two_byte: false,
        short,
        long,
    })
}

/// The map of a page: the font's mappings of the codes the page's strings may hold and of
/// every longer code.
pub(super) fn page_map(map: &OwnMap, page: &PageCodes) -> Vec<u8> {
    let codes = if map.two_byte {
        &page.codes
    } else {
        &page.loose
    };
    let mappings: Vec<(u32, &[u8])> = codes
        .iter()
        .filter_map(|&code| {
            let code = u32::from(code);
            map.short.get(&code).map(|text| (code, text.as_slice()))
        })
        .chain(map.long.iter().map(|(code, text)| (*code, text.as_slice())))
        .collect();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CMapName /Page-UCS def /CMapType 2 def\n",
    );
    // A CMap block holds at most 100 mappings.
    for block in mappings.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", block.len());
        for (code, text) in block {
            let width = match code {
                0..=0xFF => 2,
                0x100..=0xFFFF => 4,
                0x1_0000..=0xFF_FFFF => 6,
                _ => 8,
            };
            let _ = write!(cmap, "<{code:0width$X}> <");
            for byte in *text {
                let _ = write!(cmap, "{byte:02X}");
            }
            cmap.push_str(">\n");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    cmap.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_map_keeps_the_mappings_of_its_codes_and_every_long_code() {
        let map = read(
            b"1 begincodespacerange <00> <FF> endcodespacerange\n\
              3 beginbfchar\n<41> <0041>\n<0102> <4E2D>\n<01020304> <D83DDE00>\nendbfchar\n\
              1 beginbfrange\n<0200> <0202> <0061>\nendbfrange\n",
        )
        .expect("a map");
        let page = PageCodes {
            page: (1, 0),
            codes: vec![0x0102],
            loose: vec![0x41, 0x0201],
        };
        let cmap = String::from_utf8(page_map(&map, &page)).expect("text");
        assert!(
            cmap.contains(
                "3 beginbfchar\n<41> <0041>\n<0201> <0062>\n<01020304> <D83DDE00>\nendbfchar\n"
            ),
            "{cmap}"
        );
        assert!(!cmap.contains("4E2D"), "{cmap}");
        // A font of two-byte codes: the page's pairs.
        let map = OwnMap {
            two_byte: true,
            ..map
        };
        let cmap = String::from_utf8(page_map(&map, &page)).expect("text");
        assert!(
            cmap.contains("2 beginbfchar\n<0102> <4E2D>\n<01020304>"),
            "{cmap}"
        );
    }

    #[test]
    fn a_map_the_interpreter_would_fail_on_is_left_whole() {
        // Text of an odd length; a surrogate pair cut in two.
        assert!(read(b"1 beginbfchar\n<41> <004100>\nendbfchar\n").is_none());
        assert!(read(b"1 beginbfchar\n<41> <0041D83D>\nendbfchar\n").is_none());
        // The parser panics on it.
        assert!(read(b"1 beginbfrange\n<41> <42> <004100>\nendbfrange\n").is_none());
    }
}
