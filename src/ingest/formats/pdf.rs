//! Reading the text layer of a PDF into tables and lines.
//!
//! `pdf-extract` interprets each page's content stream and hands every character to an
//! [`OutputDev`] with its text rendering matrix, and every stroked or filled path with its
//! transformation; the device here keeps the characters (page, x, y, size, width, text) and the
//! axis-aligned segments of the paths, the ruling lines tables are drawn with.
//!
//! Tables are rebuilt from their ruling lines ([`ruled`]): each character goes to the cell of
//! the frame its centre falls in, and each frame becomes a [`Table`] with merged cells
//! expanded, so a blank cell is a blank cell in its own column. Characters outside the frames
//! become lines: characters on the same baseline (within a fraction of the font size) form a
//! line, sorted by x; within a line a small gap is a word space and a gap wider than
//! [`COLUMN_GAP`] ems is a column break, after which the text is placed at the character
//! column its x maps to: the space-aligned layout of `pdftotext -layout`. Every line is one
//! paragraph carrying its page number; tables and lines are in reading order per page.
//!
//! Precision first: when a frame anywhere cannot place its text with confidence, no table of
//! the document is rebuilt and every page is read as lines, where a blank cell leaves no trace
//! and the table stage leaves such a table unjudged rather than misreading it.
//!
//! Type0 fonts with a Unicode CMap (`UniGB-UCS2-H`, which the interpreter does not know) are
//! rewritten as `Identity-H` fonts that map each code to itself before the text is read. The
//! interpreter parses a font's map and turns it into a hash map of strings for every page that
//! uses the font, so each page gets copies of its fonts whose map lists only the codes that
//! page shows, found by a scan for the content's strings ([`shown`]), close codes as ranges
//! (all codes when the document has a form XObject). The maps Type0 fonts bring are cut the
//! same way for each page ([`own_maps`]).
//!
//! A PDF with no characters (a scan) is [`FormatError::Scanned`]; an encrypted PDF that does
//! not open with the empty password is [`FormatError::Encrypted`]; pages and characters are
//! capped; a panic inside the PDF crates (they panic on some malformed input) is caught,
//! silently ([`contained`]), and becomes [`FormatError::Pdf`].

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, Transform};
use unicode_width::UnicodeWidthStr;

mod own_maps;
mod shown;

use super::ruled::{self, Frame, Segment};
use super::{Block, CellKind, Extracted, FormatError, Grid, Paragraph, Table};
use crate::ingest::{contained, Limits};

/// The most pages read: a report is a few dozen pages at most.
pub const MAX_PAGES: usize = 2_000;

/// The most ruling segments kept of one page before they are merged (a real page draws a few
/// hundred at most), and of the whole document: past either, no table is rebuilt.
const MAX_RULINGS: usize = 10 * ruled::MAX_SEGMENTS;
const MAX_DOCUMENT_RULINGS: usize = 200_000;

/// A gap between two characters of a line wider than this many font sizes is a column break.
const COLUMN_GAP: f64 = 0.8;

/// A gap wider than this many font sizes is a word space.
const WORD_GAP: f64 = 0.15;

/// Characters whose baselines differ by less than this many font sizes share a line.
const BASELINE_TOLERANCE: f64 = 0.5;

/// One character of the text layer, in PDF user space (y grows upwards).
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    /// The font size in user space.
    size: f64,
    /// The advance in user space.
    advance: f64,
    text: String,
}

/// What one page shows: its characters and its ruling lines.
#[derive(Debug, Default)]
struct Page {
    glyphs: Vec<Glyph>,
    rulings: Vec<Segment>,
    /// More ruling segments than are kept: the page's frames are not rebuilt.
    overdrawn: bool,
}

/// The device that collects characters per page, and stops at the character cap.
struct Collector {
    pages: BTreeMap<u32, Page>,
    page: u32,
    /// The ruling segments kept so far, all pages together.
    rulings: usize,
    count: usize,
    max_chars: usize,
    over: bool,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page = page_num;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        if char.trim().is_empty() {
            return Ok(());
        }
        self.count += 1;
        if self.count > self.max_chars {
            self.over = true;
            // Any error stops the interpreter; `over` says which.
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        // The side of the square with the area of the transformed (size, size) vector, as
        // pdf-extract's own text output measures it.
        let sx = font_size * (trm.m11 + trm.m21);
        let sy = font_size * (trm.m12 + trm.m22);
        let size = (sx * sy).abs().sqrt();
        let size = if size.is_finite() && size > 0.0 {
            size
        } else {
            1.0
        };
        self.pages.entry(self.page).or_default().glyphs.push(Glyph {
            x: trm.m31,
            y: trm.m32,
            size,
            advance: width * size,
            text: fold_ideographs(char),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.ruling(ctm, path, true);
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.ruling(ctm, path, false);
        Ok(())
    }
}

impl Collector {
    /// Keeps the ruling segments of a drawn path, up to a cap per page and per document.
    fn ruling(&mut self, ctm: &Transform, path: &Path, stroked: bool) {
        let page = self.pages.entry(self.page).or_default();
        if page.overdrawn {
            return;
        }
        let before = page.rulings.len();
        ruled::segments(ctm, path, stroked, &mut page.rulings);
        self.rulings += page.rulings.len() - before;
        if page.rulings.len() > MAX_RULINGS || self.rulings > MAX_DOCUMENT_RULINGS {
            page.overdrawn = true;
            page.rulings = Vec::new();
        }
    }
}

/// Kangxi radicals and compatibility ideographs (which some PDF fonts map their glyphs to) as
/// the ideographs they stand for; everything else as written, full-width punctuation
/// included, as the other formats give it.
fn fold_ideographs(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' => crate::text::fold_char(c),
            _ => c,
        })
        .collect()
}

/// Reads the text layer of a PDF.
pub fn read(bytes: &[u8], limits: Limits) -> Result<Extracted, FormatError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(FormatError::NotPdf);
    }
    // A character takes at least a byte of content stream; the size limit caps both.
    let max_chars = usize::try_from(limits.max_bytes).unwrap_or(usize::MAX);
    let pages = contained::catch(|| collect(bytes, max_chars)).ok_or_else(|| {
        FormatError::Pdf("the PDF reader failed on malformed content".to_string())
    })??;
    // Tables rebuilt from their ruling lines, unless a frame somewhere cannot place its text
    // with confidence: then no page has rebuilt tables, so that a table cut by a page break
    // is read in one layout.
    let blocks = match blocks(&pages, true) {
        Some(blocks) => blocks,
        None => blocks(&pages, false).unwrap_or_default(),
    };
    if blocks.is_empty() {
        return Err(FormatError::Scanned);
    }
    Ok(Extracted {
        blocks,
        ..Extracted::default()
    })
}

/// Loads the document and collects its characters per page.
fn collect(bytes: &[u8], max_chars: usize) -> Result<BTreeMap<u32, Page>, FormatError> {
    let doc = Document::load_mem(bytes).map_err(|e| FormatError::Pdf(e.to_string()))?;
    collect_from(doc, max_chars, Coverage::Shown)
}

/// Collects the characters of a loaded document per page, its Unicode-CMap fonts rewritten
/// with the given coverage.
fn collect_from(
    mut doc: Document,
    max_chars: usize,
    coverage: Coverage,
) -> Result<BTreeMap<u32, Page>, FormatError> {
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(FormatError::Encrypted);
    }
    // Counted before the fonts are rewritten: that reads every page's content.
    let page_count = doc.get_pages().len();
    if page_count > MAX_PAGES {
        return Err(FormatError::TooManyPages { limit: MAX_PAGES });
    }
    unicode_cmaps_as_identity(&mut doc, coverage);
    let mut collector = Collector {
        pages: BTreeMap::new(),
        page: 0,
        rulings: 0,
        count: 0,
        max_chars,
        over: false,
    };
    let result = pdf_extract::output_doc(&doc, &mut collector);
    if collector.over {
        return Err(FormatError::TooManyCharacters { limit: max_chars });
    }
    result.map_err(|e| FormatError::Pdf(e.to_string()))?;
    Ok(collector.pages)
}

/// Whether a predefined CMap's codes are the characters' UTF-16 code units: the Unicode
/// CMaps of the Adobe CJK collections (`UniGB-UCS2-H` with a non-embedded `STSong-Light` is
/// how many Chinese PDF tools write text).
fn is_unicode_cmap(name: &[u8]) -> bool {
    let name = String::from_utf8_lossy(name);
    name.starts_with("Uni")
        && ["-UCS2-H", "-UCS2-V", "-UTF16-H", "-UTF16-V"]
            .iter()
            .any(|tail| name.ends_with(tail))
}

/// Which codes the identity `ToUnicode` maps of the rewritten fonts list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coverage {
    /// The codes each page shows ([`shown::shown_codes`]), or every code when a page's content
    /// does not parse or the document has a form XObject. `pdf-extract` parses a font's map
    /// and expands it into a hash map of one `String` per code for each page that uses the
    /// font: the full map of 63,488 codes cost ~40 ms of CPU per generated report, most of
    /// the time of reading a PDF.
    Shown,
    /// As `Shown`, with this budget of page maps instead of [`MAX_PAGE_MAP_BYTES`].
    #[cfg(test)]
    ShownWithin(usize),
    /// Every two-byte code outside the surrogates: what the shown codes must read alike to.
    #[cfg(test)]
    Every,
}

/// Rewrites the Type0 fonts that use a Unicode CMap (which the text interpreter does not know)
/// as `Identity-H` fonts whose codes map to themselves: the same two-byte codes, read as the
/// characters they are. Widths are by code: half an em for ASCII, an em for the rest (the CIDs
/// of the font's own widths are not the codes). With the shown codes, each page gets copies
/// of the fonts it names with maps of its own codes ([`give_page_its_maps`]): the rewritten
/// fonts' identity maps, and the maps Type0 fonts bring ([`own_maps`]); the fonts themselves
/// keep a map of every code, for a page whose fonts are not found.
fn unicode_cmaps_as_identity(doc: &mut Document, coverage: Coverage) {
    let fonts: Vec<(ObjectId, Option<ObjectId>)> = doc
        .objects
        .iter()
        .filter_map(|(&id, object)| {
            let dict = object.as_dict().ok()?;
            let type0 = dict.get(b"Subtype").and_then(Object::as_name).ok()? == b"Type0";
            let encoding = dict.get(b"Encoding").and_then(Object::as_name).ok()?;
            if !type0 || !is_unicode_cmap(encoding) {
                return None;
            }
            let descendant = dict
                .get(b"DescendantFonts")
                .and_then(Object::as_array)
                .ok()
                .and_then(|fonts| fonts.first())
                .and_then(|font| font.as_reference().ok());
            Some((id, descendant))
        })
        .collect();
    // Whether each page gets maps of its own codes, and the budget of those maps.
    let (per_page, budget) = match coverage {
        Coverage::Shown => (true, MAX_PAGE_MAP_BYTES),
        #[cfg(test)]
        Coverage::ShownWithin(budget) => (true, budget),
        #[cfg(test)]
        Coverage::Every => (false, 0),
    };
    let shown = if per_page {
        // A font named by one page has its map parsed once either way.
        let named = fonts_named_by_pages(doc);
        let own = own_maps::own_maps(doc, |id| named.get(&id).is_some_and(|&n| n >= 2));
        if fonts.is_empty() && own.is_empty() {
            return;
        }
        shown::shown_codes(doc, !own.is_empty()).map(|shown| (shown, own))
    } else {
        None
    };
    let mut page_maps: BTreeMap<ObjectId, FontMap> = BTreeMap::new();
    if !fonts.is_empty() {
        let to_unicode = doc.add_object(Stream::new(
            Dictionary::new(),
            identity_to_unicode(shown.as_ref().map(|(shown, _)| shown.all.as_slice())),
        ));
        for (id, descendant) in fonts {
            if let Ok(font) = doc.get_dictionary_mut(id) {
                font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
                // A font with a map of its own keeps it.
                if !font.has(b"ToUnicode") {
                    font.set("ToUnicode", to_unicode);
                    page_maps.insert(id, FontMap::Identity);
                }
            }
            if let Some(Ok(cid_font)) = descendant.map(|d| doc.get_dictionary_mut(d)) {
                let half: Vec<Object> = (0x20..0x7F).map(|_| Object::Integer(500)).collect();
                cid_font.set("W", vec![Object::Integer(0x20), Object::Array(half)]);
                cid_font.set("DW", 1000);
            }
        }
    }
    let Some((shown, own)) = shown else {
        return;
    };
    page_maps.extend(own.into_iter().map(|(id, map)| (id, FontMap::Own(map))));
    give_pages_their_maps(doc, &shown.pages, &page_maps, budget);
}

/// The most bytes of page maps written for one document: each page's maps are at most the
/// size of its fonts' maps, but a file of 2,000 pages with large maps would hold 2,000
/// copies at once. Past it, the remaining pages read through the fonts' maps of every code. A
/// report's page maps take a few kilobytes a page.
const MAX_PAGE_MAP_BYTES: usize = 16 << 20;

/// Gives pages their maps ([`give_page_its_maps`]) in turn until `budget` bytes of maps are
/// written.
fn give_pages_their_maps(
    doc: &mut Document,
    pages: &[shown::PageCodes],
    page_maps: &BTreeMap<ObjectId, FontMap>,
    budget: usize,
) {
    let mut written = 0;
    for page in pages {
        if written >= budget {
            break;
        }
        written += give_page_its_maps(doc, page, page_maps);
    }
}

/// How a page's copy of a font gets its map.
enum FontMap {
    /// A rewritten font: the identity map of the page's pairs.
    Identity,
    /// A font with a map of its own: its mappings of the codes the page may show.
    Own(own_maps::OwnMap),
}

/// Gives a page copies of the fonts its resources name that have page maps, each with the map
/// of the codes the page shows: the interpreter parses a font's map again for every page that
/// uses it (a slow parser: ~1.6 µs a token), and a page shows a fraction of the document's
/// codes. The page gets resources of its own that name the copies; a page whose resources or
/// fonts are not plain to find is left as it is, with the fonts' maps of every code. Returns
/// the bytes of maps written.
fn give_page_its_maps(
    doc: &mut Document,
    page: &shown::PageCodes,
    page_maps: &BTreeMap<ObjectId, FontMap>,
) -> usize {
    let Some(mut resources) = inherited_resources(doc, page.page) else {
        return 0;
    };
    let mut fonts = match resources.get(b"Font") {
        Ok(Object::Dictionary(fonts)) => fonts.clone(),
        Ok(Object::Reference(id)) => match doc.get_dictionary(*id) {
            Ok(fonts) => fonts.clone(),
            Err(_) => return 0,
        },
        _ => return 0,
    };
    let mut identity = None;
    let mut written = 0;
    let mut changed = false;
    for (_, font) in fonts.iter_mut() {
        let Object::Reference(id) = font else {
            continue;
        };
        let Some(font_map) = page_maps.get(id) else {
            continue;
        };
        let Ok(original) = doc.get_dictionary(*id) else {
            continue;
        };
        let mut copy = original.clone();
        let map = match font_map {
            FontMap::Identity => *identity.get_or_insert_with(|| {
                let cmap = identity_to_unicode(Some(&page.codes));
                written += cmap.len();
                doc.add_object(Stream::new(Dictionary::new(), cmap))
            }),
            FontMap::Own(map) => {
                let cmap = own_maps::page_map(map, page);
                written += cmap.len();
                doc.add_object(Stream::new(Dictionary::new(), cmap))
            }
        };
        copy.set("ToUnicode", map);
        *font = Object::Reference(doc.add_object(copy));
        changed = true;
    }
    if changed {
        resources.set("Font", fonts);
        if let Ok(page) = doc.get_dictionary_mut(page.page) {
            page.set("Resources", resources);
        }
    }
    written
}

/// How many pages name each font object in their resources.
fn fonts_named_by_pages(doc: &Document) -> BTreeMap<ObjectId, usize> {
    let mut named = BTreeMap::new();
    for page in doc.get_pages().into_values() {
        let Some(resources) = inherited_resources(doc, page) else {
            continue;
        };
        let fonts = match resources.get(b"Font") {
            Ok(Object::Dictionary(fonts)) => fonts,
            Ok(Object::Reference(id)) => match doc.get_dictionary(*id) {
                Ok(fonts) => fonts,
                Err(_) => continue,
            },
            _ => continue,
        };
        for (_, font) in fonts.iter() {
            if let Object::Reference(id) = font {
                *named.entry(*id).or_default() += 1;
            }
        }
    }
    named
}

/// The page tree is never deeper than this in a real file; deeper, a page keeps its fonts.
const MAX_PAGE_TREE_DEPTH: usize = 64;

/// A page's resources as the interpreter finds them: its own, or the nearest ancestor's.
/// `None` when an entry on the way is not a plain dictionary or a reference to one (the
/// interpreter may then fail or look further up; the page is better left alone).
fn inherited_resources(doc: &Document, page: ObjectId) -> Option<Dictionary> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..MAX_PAGE_TREE_DEPTH {
        match node.get(b"Resources") {
            Ok(Object::Dictionary(resources)) => return Some(resources.clone()),
            Ok(Object::Reference(id)) => return doc.get_dictionary(*id).ok().cloned(),
            Ok(_) => return None,
            Err(_) => {}
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// Shown codes at most this far apart (within one block of 256) are mapped by one range with
/// the codes between: an extra code costs the interpreter an entry of its hash map (~0.15
/// µs), while a mapping written apart costs parsing two or three more tokens (~1.6 µs each).
/// The codes between are never shown, so they are never looked up.
const RANGE_GAP: u16 = 16;

/// The ranges a map of these codes (ascending) lists: codes close together in one block of
/// 256 share a range; surrogates are left out.
fn code_ranges(codes: &[u16]) -> Vec<(u16, u16)> {
    let mut ranges: Vec<(u16, u16)> = Vec::new();
    for &code in codes {
        if (0xD800..=0xDFFF).contains(&code) {
            continue;
        }
        match ranges.last_mut() {
            Some((first, last)) if *first >> 8 == code >> 8 && code - *last <= RANGE_GAP => {
                *last = code;
            }
            _ => ranges.push((code, code)),
        }
    }
    ranges
}

/// A ToUnicode CMap that maps two-byte codes outside the surrogates to themselves: the given
/// ones (ascending; with some of the codes between them, see [`RANGE_GAP`]), or every one.
/// Text, as the interpreter wants it (it reads the map as UTF-8 and panics otherwise).
fn identity_to_unicode(codes: Option<&[u16]>) -> Vec<u8> {
    let ranges = match codes {
        Some(codes) => code_ranges(codes),
        None => (0..=0xFFu16)
            .filter(|hi| !(0xD8..=0xDF).contains(hi))
            .map(|hi| (hi << 8, hi << 8 | 0xFF))
            .collect(),
    };
    let (single, spans): (Vec<_>, Vec<_>) = ranges.into_iter().partition(|(lo, hi)| lo == hi);
    let chars: Vec<String> = single
        .iter()
        .map(|(code, _)| format!("<{code:04X}> <{code:04X}>"))
        .collect();
    let ranges: Vec<String> = spans
        .iter()
        .map(|(lo, hi)| format!("<{lo:04X}> <{hi:04X}> <{lo:04X}>"))
        .collect();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CMapName /Identity-UCS def /CMapType 2 def\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for (operator, mappings) in [("bfchar", chars), ("bfrange", ranges)] {
        // A CMap block holds at most 100 mappings.
        for block in mappings.chunks(100) {
            cmap.push_str(&format!("{} begin{operator}\n", block.len()));
            for mapping in block {
                cmap.push_str(mapping);
                cmap.push('\n');
            }
            cmap.push_str(&format!("end{operator}\n"));
        }
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    cmap.into_bytes()
}

/// The blocks of the document in reading order: per page, its lines and (with `tables`) the
/// tables rebuilt from its frames, top to bottom. `None` when a frame is doubtful.
fn blocks(pages: &BTreeMap<u32, Page>, tables: bool) -> Option<Vec<Block>> {
    let mut blocks = Vec::new();
    let mut table_index = 0;
    let mut budget = super::grid::MAX_CELLS;
    for (&page_number, page) in pages {
        let frames = if tables && !page.overdrawn {
            ruled::frames(&page.rulings)
        } else if tables {
            return None;
        } else {
            Vec::new()
        };
        // The character columns of the page come from all its characters, so a line keeps
        // its indentation whether or not a table is rebuilt beside it.
        let unit = common_size(&page.glyphs) / 2.0;
        let left = page
            .glyphs
            .iter()
            .map(|g| g.x)
            .fold(f64::INFINITY, f64::min);
        let mut free = Vec::new();
        let mut in_cells: Vec<BTreeMap<usize, Vec<Glyph>>> = vec![BTreeMap::new(); frames.len()];
        for glyph in &page.glyphs {
            let (cx, cy) = (
                glyph.x + glyph.advance.max(0.0) / 2.0,
                glyph.y + 0.35 * glyph.size,
            );
            let placed = frames
                .iter()
                .enumerate()
                .find_map(|(f, frame)| frame.cell_at(cx, cy).map(|cell| (f, cell)));
            match placed {
                Some((f, cell)) => {
                    if sticks_out(glyph, &frames[f], cell) {
                        return None;
                    }
                    in_cells[f].entry(cell).or_default().push(glyph.clone());
                }
                None => free.push(glyph.clone()),
            }
        }
        let mut items: Vec<(f64, Block)> = Vec::new();
        for (frame, cells) in frames.iter().zip(in_cells) {
            if cells.is_empty() {
                // A drawn box with nothing in it is decoration, not a table.
                continue;
            }
            let table = table(frame, cells, table_index, page_number, &mut budget)?;
            table_index += 1;
            items.push((frame.top(), Block::Table(table)));
        }
        for (y, line) in rows(free) {
            let text = layout(&line, Some((left, unit)));
            if !text.trim().is_empty() {
                let paragraph = Paragraph {
                    text,
                    heading: None,
                    page: Some(page_number),
                };
                items.push((y, Block::Paragraph(paragraph)));
            }
        }
        // Top to bottom; a table before the lines that start at its top edge.
        items.sort_by(|a, b| b.0.total_cmp(&a.0));
        blocks.extend(items.into_iter().map(|(_, block)| block));
    }
    Some(blocks)
}

/// Whether a character reaches across its cell's side by more than a sixth of its width: the
/// text does not fit the frame.
fn sticks_out(glyph: &Glyph, frame: &Frame, cell: usize) -> bool {
    let (left, right) = frame.cell_x(cell);
    let slack = glyph.advance.max(0.0) / 6.0;
    glyph.x < left - slack || glyph.x + glyph.advance.max(0.0) > right + slack
}

/// The table of a frame: each merged cell holds the lines of its characters. `None` when a
/// cell holds two numbers on lines of their own (rows whose separating line is not drawn).
fn table(
    frame: &Frame,
    mut cells: BTreeMap<usize, Vec<Glyph>>,
    index: usize,
    page: u32,
    budget: &mut usize,
) -> Option<Table> {
    let mut grid = Grid::new(index, *budget);
    for (id, &(row, column, rows_spanned, columns)) in frame.cells.iter().enumerate() {
        let lines: Vec<String> = rows(cells.remove(&id).unwrap_or_default())
            .into_iter()
            .map(|(_, line)| layout(&line, None).trim().to_string())
            .collect();
        let numbers = lines.iter().filter(|l| is_number(l)).count();
        if numbers >= 2 {
            return None;
        }
        if frame.outside[id] && lines.is_empty() {
            // Beside a row drawn shorter than the table: no cell of that row.
            continue;
        }
        if !frame.rectangle[id] {
            return None;
        }
        grid.place(
            row,
            column,
            lines.join("\n"),
            CellKind::Value,
            rows_spanned,
            columns,
        )
        .ok()?;
    }
    *budget = budget.saturating_sub(grid.cells_used());
    let mut table = grid.finish();
    for cell in table.rows.iter_mut().flatten() {
        cell.at.page = Some(page);
    }
    Some(table)
}

/// Whether a line of a cell is a number (a count or an amount).
fn is_number(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line.chars().any(|c| c.is_ascii_digit())
        && line
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
}

/// Characters grouped into lines by baseline, top to bottom, each line with its baseline and
/// its characters left to right.
fn rows(mut glyphs: Vec<Glyph>) -> Vec<(f64, Vec<Glyph>)> {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for glyph in glyphs {
        match rows.last_mut() {
            Some(row)
                if (row[0].y - glyph.y).abs()
                    < BASELINE_TOLERANCE * row[0].size.max(glyph.size) =>
            {
                row.push(glyph)
            }
            _ => rows.push(vec![glyph]),
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            (row[0].y, row)
        })
        .collect()
}

/// One line: word spaces for small gaps; with the page's `(left, unit)`, the line starts at
/// the character column of its first character and a column break pads to the character
/// column of the text after it (without, a column break is a word space: inside a cell).
fn layout(row: &[Glyph], columns: Option<(f64, f64)>) -> String {
    let mut line = String::new();
    let mut end: Option<f64> = None;
    for glyph in row {
        let column = columns.map_or(0, |(left, unit)| {
            ((glyph.x - left) / unit).round().max(0.0) as usize
        });
        match end {
            None => line.push_str(&" ".repeat(column.min(400))),
            Some(end) => {
                let gap = glyph.x - end;
                if columns.is_some() && gap > COLUMN_GAP * glyph.size {
                    let width = line.width();
                    let pad = column.saturating_sub(width).clamp(2, 400);
                    line.push_str(&" ".repeat(pad));
                } else if gap > WORD_GAP * glyph.size {
                    line.push(' ');
                }
            }
        }
        line.push_str(&glyph.text);
        end = Some(glyph.x + glyph.advance.max(0.0));
    }
    line.trim_end().to_string()
}

/// The most common font size (rounded to a point), or 10 points for an empty page.
fn common_size(glyphs: &[Glyph]) -> f64 {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for glyph in glyphs {
        *counts.entry(glyph.size.round() as i64).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(size, count)| (count, size))
        .map(|(size, _)| size as f64)
        .filter(|size| *size >= 1.0)
        .unwrap_or(10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page read: its number, its characters (text; x, y, size, advance as bits), its count
    /// of ruling segments and whether it was overdrawn.
    type PageRead = (u32, Vec<(String, [u64; 4])>, usize, bool);

    /// What a read gives, in a form two reads can be compared by.
    fn shown(pages: &BTreeMap<u32, Page>) -> Vec<PageRead> {
        pages
            .iter()
            .map(|(&number, page)| {
                let glyphs = page
                    .glyphs
                    .iter()
                    .map(|g| {
                        let place = [g.x, g.y, g.size, g.advance].map(f64::to_bits);
                        (g.text.clone(), place)
                    })
                    .collect();
                (number, glyphs, page.rulings.len(), page.overdrawn)
            })
            .collect()
    }

    /// Reads a PDF with the map of the shown codes and with the full map: the two must give
    /// the same characters at the same places.
    fn assert_reads_alike(name: &str, doc: Document) {
        let with_shown = collect_from(doc.clone(), usize::MAX, Coverage::Shown);
        let with_every = collect_from(doc, usize::MAX, Coverage::Every);
        match (with_shown, with_every) {
            (Ok(shown_pages), Ok(every_pages)) => {
                assert!(
                    shown_pages.values().any(|page| !page.glyphs.is_empty()),
                    "{name}: no text read"
                );
                assert_eq!(shown(&shown_pages), shown(&every_pages), "{name}");
            }
            (shown_pages, every_pages) => panic!(
                "{name}: {:?} against {:?}",
                shown_pages.map(|p| p.len()),
                every_pages.map(|p| p.len())
            ),
        }
    }

    fn fixture_pdfs() -> Vec<std::path::PathBuf> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut paths: Vec<_> = ["pdf", "real"]
            .iter()
            .filter_map(|dir| std::fs::read_dir(root.join(dir)).ok())
            .flatten()
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
            .collect();
        paths.sort();
        paths
    }

    #[test]
    fn the_map_of_the_shown_codes_reads_every_fixture_as_the_full_map_does() {
        let paths = fixture_pdfs();
        assert!(paths.len() >= 10, "{paths:?}");
        for path in paths {
            let bytes = std::fs::read(&path).expect("fixture");
            let doc = Document::load_mem(&bytes).expect("a PDF");
            assert_reads_alike(&path.display().to_string(), doc);
        }
    }

    #[test]
    fn the_map_of_the_shown_codes_reads_written_reports_as_the_full_map_does() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-reports");
        let mut read = 0;
        for entry in std::fs::read_dir(seeds).expect("sample-reports").flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("a seed");
            // Characters a report rarely holds, of several blocks: circled numbers, a CJK
            // extension A ideograph, fullwidth forms, box drawing, Latin-1.
            let text = format!("{text}\n附注：①②〇㐀ＡＢ（）─é…\n");
            let bytes = crate::ingest::formats::write::pdf(&text).expect("pdf");
            let doc = Document::load_mem(&bytes).expect("a PDF");
            assert_reads_alike(&entry.path().display().to_string(), doc);
            read += 1;
        }
        assert_eq!(read, 5);
    }

    /// Text drawn by a form XObject (`Do`) is read as the page's own: a document with a form
    /// gets the full map, so the form's codes are mapped.
    #[test]
    fn codes_shown_inside_a_form_are_mapped() {
        let bytes =
            crate::ingest::formats::write::pdf("一、总体情况\n本机关①号文件\n").expect("pdf");
        let mut doc = Document::load_mem(&bytes).expect("a PDF");
        let (_, page) = doc.get_pages().into_iter().next().expect("a page");
        let content = doc.get_page_content(page).expect("content");
        let resources = doc
            .get_dictionary(page)
            .and_then(|page| page.get(b"Resources"))
            .expect("resources")
            .clone();
        let form = doc.add_object(Stream::new(
            lopdf::dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => resources.clone() },
            content,
        ));
        let page_content = doc.add_object(Stream::new(Dictionary::new(), b"/X1 Do".to_vec()));
        let mut page_resources = match resources {
            Object::Dictionary(dict) => dict,
            Object::Reference(id) => doc.get_dictionary(id).expect("resources").clone(),
            other => panic!("resources {other:?}"),
        };
        page_resources.set("XObject", lopdf::dictionary! { "X1" => form });
        let page_dict = doc.get_dictionary_mut(page).expect("page");
        page_dict.set("Contents", page_content);
        page_dict.set("Resources", page_resources);
        assert!(shown::shown_codes(&doc, true).is_none());
        let pages = collect_from(doc.clone(), usize::MAX, Coverage::Shown).expect("read");
        let text: String = pages
            .values()
            .flat_map(|page| page.glyphs.iter().map(|g| g.text.as_str()))
            .collect();
        assert!(text.contains("本机关①号文件"), "{text}");
        assert_reads_alike("form", doc);
    }

    #[test]
    fn the_map_lists_the_shown_codes_and_no_surrogate() {
        let mut codes = shown::CodeSet::default();
        codes.add_pairs(&[0x4E, 0x00, 0xD8, 0x00, 0x00, 0x41, 0x7F]);
        let cmap = String::from_utf8(identity_to_unicode(Some(&codes.codes()))).expect("ascii");
        assert!(
            cmap.contains("2 beginbfchar\n<0041> <0041>\n<4E00> <4E00>\nendbfchar"),
            "{cmap}"
        );
        assert!(!cmap.contains("D800"), "{cmap}");
    }

    #[test]
    fn close_codes_of_a_block_share_a_range_and_far_ones_are_mapped_apart() {
        let codes = [0x4E00, 0x4E05, 0x4E15, 0x4E30, 0x4EFF, 0x4F00, 0xD801];
        assert_eq!(
            code_ranges(&codes),
            [
                (0x4E00, 0x4E15),
                (0x4E30, 0x4E30),
                (0x4EFF, 0x4EFF),
                (0x4F00, 0x4F00)
            ]
        );
        let cmap = String::from_utf8(identity_to_unicode(Some(&codes))).expect("ascii");
        assert!(
            cmap.contains(
                "3 beginbfchar\n<4E30> <4E30>\n<4EFF> <4EFF>\n<4F00> <4F00>\nendbfchar\n\
                 1 beginbfrange\n<4E00> <4E15> <4E00>\nendbfrange\n"
            ),
            "{cmap}"
        );
    }

    /// The first seed written as a PDF by the project's writer (several pages).
    fn seed_as_pdf() -> Document {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("sample-reports/000_480d39c3490e058f.txt"),
        )
        .expect("a seed");
        let bytes = crate::ingest::formats::write::pdf(&text).expect("pdf");
        Document::load_mem(&bytes).expect("a PDF")
    }

    /// The font objects a page's resources name.
    fn page_fonts(doc: &Document, page: ObjectId) -> Vec<ObjectId> {
        let resources = inherited_resources(doc, page).expect("resources");
        let fonts = resources
            .get(b"Font")
            .and_then(Object::as_dict)
            .expect("fonts");
        fonts
            .iter()
            .map(|(_, font)| font.as_reference().expect("a font object"))
            .collect()
    }

    /// Past the budget of page maps, the pages left read through the fonts' maps of every
    /// shown code: the same text.
    #[test]
    fn pages_past_the_budget_of_maps_keep_the_fonts_maps() {
        let doc = seed_as_pdf();
        let mut cut = doc.clone();
        unicode_cmaps_as_identity(&mut cut, Coverage::ShownWithin(1));
        let page_fonts: Vec<Vec<ObjectId>> = cut
            .get_pages()
            .into_values()
            .map(|page| page_fonts(&cut, page))
            .collect();
        assert!(page_fonts.len() >= 3, "{page_fonts:?}");
        // The first page has copies; the others name the fonts themselves.
        assert!(page_fonts[1..].iter().all(|fonts| fonts == &page_fonts[1]));
        assert!(page_fonts[0]
            .iter()
            .all(|font| !page_fonts[1].contains(font)));
        let within = collect_from(doc.clone(), usize::MAX, Coverage::ShownWithin(1));
        let every = collect_from(doc, usize::MAX, Coverage::Every);
        assert_eq!(shown(&within.expect("read")), shown(&every.expect("read")));
    }

    /// Each page of a written report reads its text through copies of the font whose map
    /// lists that page's codes, fewer than the document's.
    #[test]
    fn each_page_maps_the_codes_it_shows() {
        let mut doc = seed_as_pdf();
        let all = shown::shown_codes(&doc, false).expect("codes").all.len();
        unicode_cmaps_as_identity(&mut doc, Coverage::Shown);
        let pages = doc.get_pages();
        assert!(pages.len() >= 2, "{}", pages.len());
        let mut fonts = std::collections::BTreeSet::new();
        for page in pages.into_values() {
            for font in page_fonts(&doc, page) {
                assert!(fonts.insert(font), "a font shared by two pages");
                let map = doc
                    .get_dictionary(font)
                    .and_then(|font| font.get(b"ToUnicode"))
                    .and_then(Object::as_reference)
                    .and_then(|map| doc.get_object(map))
                    .and_then(Object::as_stream)
                    .expect("a map");
                let mappings = String::from_utf8_lossy(&map.content).matches("\n<").count();
                assert!(mappings < all, "{mappings} of {all}");
            }
        }
        assert!(!fonts.is_empty());
    }

    fn glyph(x: f64, y: f64, text: &str) -> Glyph {
        Glyph {
            x,
            y,
            size: 10.0,
            advance: if text.is_ascii() { 5.0 } else { 10.0 },
            text: text.to_string(),
        }
    }

    fn segment(horizontal: bool, at: f64, from: f64, to: f64) -> Segment {
        Segment {
            horizontal,
            at,
            from,
            to,
        }
    }

    /// A page with a ruled table of two rows and three columns (x 0–100–150–200, y 100–80–60)
    /// and these characters.
    fn ruled_page(glyphs: Vec<Glyph>) -> BTreeMap<u32, Page> {
        let mut rulings = Vec::new();
        for y in [100.0, 80.0, 60.0] {
            rulings.push(segment(true, y, 0.0, 200.0));
        }
        for x in [0.0, 100.0, 150.0, 200.0] {
            rulings.push(segment(false, x, 60.0, 100.0));
        }
        let page = Page {
            glyphs,
            rulings,
            overdrawn: false,
        };
        BTreeMap::from([(1, page)])
    }

    fn row_texts(blocks: &[Block]) -> Vec<Vec<String>> {
        match blocks {
            [Block::Table(table)] => table
                .rows
                .iter()
                .map(|row| row.iter().map(|c| c.text.clone()).collect())
                .collect(),
            _ => panic!("one table: {blocks:?}"),
        }
    }

    #[test]
    fn a_blank_cell_keeps_its_column_and_a_wrapped_label_is_one_cell() {
        let pages = ruled_page(vec![
            glyph(4.0, 86.0, "规"),
            glyph(14.0, 86.0, "章"),
            glyph(154.0, 86.0, "3"),
            glyph(4.0, 72.0, "行"),
            glyph(4.0, 62.0, "政"),
            glyph(104.0, 66.0, "1"),
        ]);
        let blocks = blocks(&pages, true).expect("placed with confidence");
        assert_eq!(
            row_texts(&blocks),
            [vec!["规章", "", "3"], vec!["行\n政", "1", ""]]
        );
    }

    #[test]
    fn two_numbers_stacked_in_a_cell_or_text_across_a_line_are_doubtful() {
        // A row line is missing: one cell holds the values of two rows.
        let stacked = ruled_page(vec![glyph(104.0, 91.0, "1"), glyph(104.0, 81.0, "2")]);
        assert!(blocks(&stacked, true).is_none());
        // A word that runs across the line between two columns.
        let across = ruled_page(vec![glyph(92.0, 86.0, "规"), glyph(102.0, 86.0, "章")]);
        assert!(blocks(&across, true).is_none());
        // Without tables, the same characters are lines of text.
        let lines = blocks(&stacked, false).expect("lines");
        assert!(lines.iter().all(|b| matches!(b, Block::Paragraph(_))));
        assert_eq!(lines.len(), 2);
    }
}
