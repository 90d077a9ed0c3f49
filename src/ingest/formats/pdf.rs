//! Reading the text layer of a PDF into lines laid out like `pdftotext -layout`.
//!
//! `pdf-extract` interprets each page's content stream and hands every character to an
//! [`OutputDev`] with its text rendering matrix; the device here keeps (page, x, y, size,
//! width, text). Lines are rebuilt from positions: characters on the same baseline (within
//! a fraction of the font size) form a line, sorted by x. Within a line a small gap is a word
//! space and a gap wider than [`COLUMN_GAP`] ems is a column break; the text after a column
//! break is placed at the character column its x position maps to, so the cells of a table
//! line up across rows and a blank cell stays blank in its column: the space-aligned column
//! layout the document stage reads. Every line is one paragraph carrying its page number.
//!
//! A PDF with no characters (a scan) is [`FormatError::Scanned`]; an encrypted PDF that does
//! not open with the empty password is [`FormatError::Encrypted`]; pages and characters are
//! capped; a panic inside the PDF crates (they panic on some malformed input) is caught and
//! becomes [`FormatError::Pdf`].

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::Document;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use unicode_width::UnicodeWidthStr;

use super::{Block, Extracted, FormatError, Paragraph};
use crate::ingest::Limits;

/// The most pages read: a report is a few dozen pages at most.
pub const MAX_PAGES: usize = 2_000;

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

/// The device that collects characters per page, and stops at the character cap.
struct Collector {
    pages: BTreeMap<u32, Vec<Glyph>>,
    page: u32,
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
        self.pages.entry(self.page).or_default().push(Glyph {
            x: trm.m31,
            y: trm.m32,
            size,
            advance: width * size,
            text: crate::text::fold(char),
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
}

/// Reads the text layer of a PDF.
pub fn read(bytes: &[u8], limits: Limits) -> Result<Extracted, FormatError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(FormatError::NotPdf);
    }
    // A character takes at least a byte of content stream; the size limit caps both.
    let max_chars = usize::try_from(limits.max_bytes).unwrap_or(usize::MAX);
    let pages = catch_unwind(AssertUnwindSafe(|| collect(bytes, max_chars))).map_err(|_| {
        FormatError::Pdf("the PDF reader failed on malformed content".to_string())
    })??;
    let mut blocks = Vec::new();
    for (page, glyphs) in pages {
        for line in lines(glyphs) {
            blocks.push(Block::Paragraph(Paragraph {
                text: line,
                heading: None,
                page: Some(page),
            }));
        }
    }
    if blocks.is_empty() {
        return Err(FormatError::Scanned);
    }
    Ok(Extracted {
        blocks,
        ..Extracted::default()
    })
}

/// Loads the document and collects its characters per page.
fn collect(bytes: &[u8], max_chars: usize) -> Result<BTreeMap<u32, Vec<Glyph>>, FormatError> {
    let mut doc = Document::load_mem(bytes).map_err(|e| FormatError::Pdf(e.to_string()))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(FormatError::Encrypted);
    }
    let page_count = doc.get_pages().len();
    if page_count > MAX_PAGES {
        return Err(FormatError::TooManyPages { limit: MAX_PAGES });
    }
    let mut collector = Collector {
        pages: BTreeMap::new(),
        page: 0,
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

/// The lines of one page, top to bottom, laid out in character columns.
fn lines(mut glyphs: Vec<Glyph>) -> Vec<String> {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    // The width of one character column: half the most common font size, so a CJK character
    // (one em) takes two columns as in a terminal.
    let unit = common_size(&glyphs) / 2.0;
    let left = glyphs.iter().map(|g| g.x).fold(f64::INFINITY, f64::min);
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
            layout(&row, left, unit)
        })
        .filter(|line| !line.trim().is_empty())
        .collect()
}

/// One line: word spaces for small gaps, padding to the character column for column breaks.
fn layout(row: &[Glyph], left: f64, unit: f64) -> String {
    let mut line = String::new();
    let mut end: Option<f64> = None;
    for glyph in row {
        let column = ((glyph.x - left) / unit).round().max(0.0) as usize;
        match end {
            None => line.push_str(&" ".repeat(column.min(400))),
            Some(end) => {
                let gap = glyph.x - end;
                if gap > COLUMN_GAP * glyph.size {
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
