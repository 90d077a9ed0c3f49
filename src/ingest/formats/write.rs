//! Writing a report's text (row or cell layout) as each format that is read: the fixtures of the
//! format tests, and the formats the corpus generator can write. Each writer is the inverse of
//! its reader on the row layout: reading what it wrote renders the same lines (less blank lines
//! and trailing empty cells, which the parser ignores); a text in the cell layout comes back in
//! the row layout, as a Word table of it would.
//!
//! The files are made the way the real ones are: a Word file numbers its headings with Word's
//! own numbering (`numbering.xml`), merges the empty label cells under a row label into it
//! (`vMerge`) and spans a one-cell title row over the table (`gridSpan`); a web page has a
//! site around the report (navigation, breadcrumb, print and close links, footer, script) and
//! the same merges as `rowspan`/`colspan`; a spreadsheet stores numbers as numbers.

use std::io::{Cursor, Write};

use super::FormatError;
use crate::report::numerals;

/// A paragraph line or a run of table rows.
enum Part<'a> {
    Line(&'a str),
    Rows(Vec<Vec<String>>),
}

/// Splits report text into paragraphs and tables. In the row layout a line with a tab is a
/// table row; in the cell layout (each cell a line starting with a tab, a blank line after each
/// row: the seeds 003–004 and half the corpus) the lines up to a blank line are one row. A text
/// is in the cell layout when most of its table lines are single cells after a tab.
fn parts(text: &str) -> Vec<Part<'_>> {
    let single_cell = |l: &str| l.starts_with('\t') && l.matches('\t').count() == 1;
    let (cells, rows) = text
        .lines()
        .filter(|l| l.contains('\t'))
        .fold((0, 0), |(c, r), l| {
            if single_cell(l) {
                (c + 1, r)
            } else {
                (c, r + 1)
            }
        });
    let cell_layout = cells > rows;
    let mut parts: Vec<Part<'_>> = Vec::new();
    // In the cell layout: whether the next cell line starts a new row.
    let mut row_ended = true;
    for line in text.lines() {
        if cell_layout && single_cell(line) {
            let cell = line[1..].to_string();
            match parts.last_mut() {
                Some(Part::Rows(rows)) if !row_ended => {
                    if let Some(row) = rows.last_mut() {
                        row.push(cell);
                    }
                }
                Some(Part::Rows(rows)) => rows.push(vec![cell]),
                _ => parts.push(Part::Rows(vec![vec![cell]])),
            }
            row_ended = false;
        } else if cell_layout && !row_ended && !line.trim().is_empty() && !line.contains('\t') {
            // A line break inside a cell: the line goes on the cell before it.
            if let Some(cell) = match parts.last_mut() {
                Some(Part::Rows(rows)) => rows.last_mut().and_then(|r| r.last_mut()),
                _ => None,
            } {
                cell.push('\n');
                cell.push_str(line);
            }
        } else if line.contains('\t') {
            let cells: Vec<String> = line.split('\t').map(str::to_string).collect();
            match parts.last_mut() {
                Some(Part::Rows(rows)) => rows.push(cells),
                _ => parts.push(Part::Rows(vec![cells])),
            }
            row_ended = true;
        } else if !line.trim().is_empty() {
            parts.push(Part::Line(line));
            row_ended = true;
        } else {
            row_ended = true;
        }
    }
    parts
}

/// How each cell of a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    /// An ordinary cell.
    None,
    /// Spans the rest of its row (a one-cell title row): the number of columns.
    Span(usize),
    /// Starts a vertical merge over the `n` rows (itself included).
    Down(usize),
    /// Covered by a vertical merge from above (not written in HTML).
    Covered,
    /// Covered by the span of the first cell of its row (not written at all).
    Spanned,
}

/// The merges of a table: a leading empty cell under a row label continues it (the 「（三）不予
/// 公开」 label spans its sub-rows in the real table), and a row with only its first cell filled
/// spans the row.
fn merges(rows: &[Vec<String>]) -> Vec<Vec<Merge>> {
    let mut plan: Vec<Vec<Merge>> = rows.iter().map(|r| vec![Merge::None; r.len()]).collect();
    for (r, row) in rows.iter().enumerate() {
        if row.len() > 1 && !row[0].trim().is_empty() && row[1..].iter().all(|c| c.is_empty()) {
            plan[r][0] = Merge::Span(row.len());
            for slot in plan[r].iter_mut().skip(1) {
                *slot = Merge::Spanned;
            }
            continue;
        }
        let leading = row.iter().take_while(|c| c.is_empty()).count();
        // The last cell is a value, never merged.
        for c in 0..leading.min(row.len().saturating_sub(1)) {
            let Some(above) = r.checked_sub(1) else {
                break;
            };
            let origin = (0..=above)
                .rev()
                .find(|&o| plan[o].get(c) != Some(&Merge::Covered));
            let Some(origin) = origin else {
                break;
            };
            let origin_ok = match plan[origin].get(c) {
                Some(Merge::None) => rows[origin].get(c).is_some_and(|t| !t.trim().is_empty()),
                Some(Merge::Down(_)) => true,
                _ => false,
            };
            if !origin_ok {
                break;
            }
            plan[origin][c] = match plan[origin][c] {
                Merge::Down(n) => Merge::Down(n + 1),
                _ => Merge::Down(2),
            };
            plan[r][c] = Merge::Covered;
        }
    }
    plan
}

/// The markup of a table: `[table open, table close, row open, row close]` around the rows, and
/// each cell as `cell` writes it with its merge (`None`: the cell is not written).
fn table_markup(
    rows: &[Vec<String>],
    [open, close, row_open, row_close]: [&str; 4],
    cell: impl Fn(&str, Merge) -> Option<String>,
) -> String {
    let mut out = String::from(open);
    for (row, plan) in rows.iter().zip(merges(rows)) {
        out.push_str(row_open);
        for (text, merge) in row.iter().zip(plan) {
            if let Some(markup) = cell(text, merge) {
                out.push_str(&markup);
            }
        }
        out.push_str(row_close);
    }
    out.push_str(close);
    out
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A heading numbered by Word: its level, number, and the text after the number.
fn heading(line: &str) -> Option<(usize, u32, &str, String)> {
    let numeral_len = line
        .chars()
        .take_while(|&c| numerals::ordinal(c).is_some())
        .map(char::len_utf8)
        .sum::<usize>();
    if numeral_len > 0 {
        let rest = &line[numeral_len..];
        if let Some(text) = rest.strip_prefix('、') {
            let value = numerals::small_number(&line[..numeral_len])?;
            return Some((0, value, text, "%1、".to_string()));
        }
        return None;
    }
    let open = line.chars().next().filter(|c| matches!(c, '（' | '('))?;
    let rest = &line[open.len_utf8()..];
    let numeral_len = rest
        .chars()
        .take_while(|&c| numerals::ordinal(c).is_some())
        .map(char::len_utf8)
        .sum::<usize>();
    let close = rest[numeral_len..]
        .chars()
        .next()
        .filter(|c| matches!(c, '）' | ')'))?;
    let value = numerals::small_number(&rest[..numeral_len])?;
    let after = &rest[numeral_len + close.len_utf8()..];
    let text = after.trim_start_matches(' ');
    let spaces = " ".repeat(after.len() - text.len());
    Some((1, value, text, format!("{open}%2{close}{spaces}")))
}

/// A .docx package of row-layout text.
pub fn docx(text: &str) -> Result<Vec<u8>, FormatError> {
    let mut body = String::new();
    // Word's counters, kept as the reader keeps them: a heading is numbered by Word only when
    // Word's number is the one written, otherwise it stays literal text.
    let (mut top, mut sub) = (0u32, 0u32);
    let mut sub_format: Option<String> = None;
    for part in parts(text) {
        match part {
            Part::Line(line) => {
                let numbered = match heading(line) {
                    Some((0, value, rest, _)) if value == top + 1 => {
                        top += 1;
                        sub = 0;
                        Some((0, rest))
                    }
                    Some((1, value, rest, format))
                        if value == sub + 1
                            && sub_format.get_or_insert_with(|| format.clone()) == &format =>
                    {
                        sub += 1;
                        Some((1, rest))
                    }
                    _ => None,
                };
                match numbered {
                    Some((level, rest)) => body.push_str(&format!(
                        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                        xml_escape(rest)
                    )),
                    None => body.push_str(&format!(
                        r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                        xml_escape(line)
                    )),
                }
            }
            Part::Rows(rows) => {
                let table = table_markup(
                    &rows,
                    ["<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>"],
                    |cell, merge| {
                        let props = match merge {
                            Merge::Spanned => return None,
                            Merge::None => String::new(),
                            Merge::Span(n) => format!(r#"<w:gridSpan w:val="{n}"/>"#),
                            Merge::Down(_) => r#"<w:vMerge w:val="restart"/>"#.to_string(),
                            Merge::Covered => "<w:vMerge/>".to_string(),
                        };
                        // A line break in a cell is a paragraph of the cell.
                        let paragraphs: String = cell
                            .split('\n')
                            .map(|line| {
                                format!(
                                    r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                                    xml_escape(line)
                                )
                            })
                            .collect();
                        Some(format!(
                            r#"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>"#
                        ))
                    },
                );
                body.push_str(&table);
            }
        }
    }
    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}</w:body></w:document>"#
    );
    let sub_format = sub_format.unwrap_or_else(|| "（%2）".to_string());
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="{}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
        xml_escape(&sub_format)
    );
    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#;
    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
    ])
}

/// A zip package of the given parts.
fn zip(parts: &[(&str, &[u8])]) -> Result<Vec<u8>, FormatError> {
    let failed = |e: &dyn std::fmt::Display| FormatError::NotZip(e.to_string());
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        writer.start_file(*name, options).map_err(|e| failed(&e))?;
        writer.write_all(bytes).map_err(|e| failed(&e))?;
    }
    writer
        .finish()
        .map(Cursor::into_inner)
        .map_err(|e| failed(&e))
}

/// A government web page holding row-layout text: the first line as the page's `<h1>`, the
/// rest as paragraphs and tables inside the article, the site's chrome around it. `gbk`
/// writes the page in GBK with its charset declared.
pub fn html(text: &str, gbk: bool) -> Vec<u8> {
    let mut parts = parts(text).into_iter();
    let title = match parts.next() {
        Some(Part::Line(line)) => line.to_string(),
        _ => String::new(),
    };
    let mut content = String::new();
    if title.is_empty() {
        // The first part was a table: write everything.
        parts = self::parts(text).into_iter();
    }
    for part in parts {
        match part {
            Part::Line(line) => {
                content.push_str(&format!(
                    "<p style=\"text-indent:2em\"><span>{}</span></p>\n",
                    xml_escape(line)
                ));
            }
            Part::Rows(rows) => {
                let markup = [
                    "<table border=\"1\"><tbody>\n",
                    "</tbody></table>\n",
                    "<tr>",
                    "</tr>\n",
                ];
                let table = table_markup(&rows, markup, |cell, merge| {
                    let attrs = match merge {
                        Merge::Spanned | Merge::Covered => return None,
                        Merge::None => String::new(),
                        Merge::Span(n) => format!(" colspan=\"{n}\""),
                        Merge::Down(n) => format!(" rowspan=\"{n}\""),
                    };
                    let lines: Vec<String> = cell.split('\n').map(xml_escape).collect();
                    Some(format!("<td{attrs}><p>{}</p></td>", lines.join("<br>")))
                });
                content.push_str(&table);
            }
        }
    }
    let charset = if gbk { "gbk" } else { "utf-8" };
    let title = xml_escape(&title);
    let page = format!(
        r#"<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_某县人民政府</title>
<script type="text/javascript">var nav = "一、首页 二、政务公开";</script>
<style>.main {{ width: 1000px }}</style></head>
<body>
<div class="header"><div class="topnav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a>长辈版</a> <a>无障碍</a></div></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a>政务公开</a> &gt; <a>政府信息公开年报</a></div>
<div class="main">
<h1 class="title">{title}</h1>
<div class="toolbar">【字号 大 中 小】 【打印】 【关闭】</div>
<div class="article" id="zoom">
{content}</div>
<p class="bottom">【打印本页】【关闭窗口】</p>
</div>
<div class="footer">主办：某县人民政府办公室 版权所有 ICP备00000000号</div>
<script>document.write("分享到");</script>
</body></html>
"#
    );
    if gbk {
        encoding_rs::GBK.encode(&page).0.into_owned()
    } else {
        page.into_bytes()
    }
}

/// An .xlsx workbook of a report's text: a paragraph in the first column of its row, a table
/// row a row, whole numbers stored as numbers.
pub fn xlsx(text: &str) -> Result<Vec<u8>, FormatError> {
    let failed = |e: rust_xlsxwriter::XlsxError| FormatError::Spreadsheet(e.to_string());
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let rows: Vec<Vec<String>> = parts(text)
        .into_iter()
        .flat_map(|part| match part {
            Part::Line(line) => vec![vec![line.to_string()]],
            Part::Rows(rows) => rows,
        })
        .collect();
    for (row, cells) in rows.iter().enumerate() {
        let row = u32::try_from(row).map_err(|e| FormatError::Spreadsheet(e.to_string()))?;
        for (column, cell) in cells.iter().map(String::as_str).enumerate() {
            let column =
                u16::try_from(column).map_err(|e| FormatError::Spreadsheet(e.to_string()))?;
            if cell.is_empty() {
                continue;
            }
            // `+3` and `007` are text as written, not numbers.
            let leading_zero = cell.starts_with('0') && cell.len() > 1;
            match cell.parse::<i64>() {
                // Stored as Excel stores every number: a float.
                Ok(n) if !cell.starts_with('+') && !leading_zero => {
                    sheet.write_number(row, column, n as f64).map_err(failed)?;
                }
                _ => {
                    sheet.write_string(row, column, cell).map_err(failed)?;
                }
            }
        }
    }
    workbook.save_to_buffer().map_err(failed)
}

/// The page of a written PDF: A4 in points, with its margin.
const PAGE: (f64, f64) = (595.0, 842.0);
const MARGIN: f64 = 50.0;
/// The font size, the advance of a paragraph line and of a line inside a cell.
const FONT: f64 = 10.5;
const LINE: f64 = 18.0;
const CELL_LINE: f64 = 14.0;
/// The space between a cell's border and its text.
const PAD: f64 = 4.0;

/// The width of a text in points: half an em for ASCII, an em for the rest.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { FONT / 2.0 } else { FONT })
        .sum()
}

/// The pieces a text may be broken into: a break may fall between two Chinese characters or
/// at a space; each piece with whether a space comes before it.
fn pieces(text: &str) -> Vec<(bool, String)> {
    let mut pieces: Vec<(bool, String)> = Vec::new();
    let mut space = false;
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if c == ' ' {
            space = true;
            previous = None;
            continue;
        }
        let starts = space || previous.is_none_or(|p| !p.is_ascii() && !c.is_ascii());
        match pieces.last_mut() {
            Some(piece) if !starts => piece.1.push(c),
            _ => pieces.push((space, c.to_string())),
        }
        space = false;
        previous = Some(c);
    }
    pieces
}

/// A text broken into lines no wider than `width` (a piece wider than that on a line of its
/// own), only between two Chinese characters or at a space, which the break takes: the reader
/// joins the lines without a space between Chinese characters, so the text comes back as
/// written (less the spaces between Chinese words).
fn wrap(text: &str, width: f64) -> Vec<String> {
    let mut lines = vec![String::new()];
    for (space, piece) in pieces(text) {
        let Some(line) = lines.last_mut() else {
            break;
        };
        let gap = if space && !line.is_empty() { " " } else { "" };
        if !line.is_empty() && text_width(line) + text_width(gap) + text_width(&piece) > width {
            lines.push(piece);
        } else {
            line.push_str(gap);
            line.push_str(&piece);
        }
    }
    lines
}

/// The width of the widest piece of a text that [`wrap`] cannot break.
fn unbreakable_width(text: &str) -> f64 {
    pieces(text)
        .iter()
        .map(|(_, piece)| text_width(piece))
        .fold(0.0, f64::max)
}

/// The cells of a row that are written (not covered by a merge), each with its lines.
type CellLines = Vec<(usize, Vec<String>)>;

/// The pages of a PDF being written: each page's content stream.
struct PdfPages {
    pages: Vec<Vec<u8>>,
    /// The page width: A4, or wider for a longer paragraph line (up to the largest page a PDF
    /// may have).
    width: f64,
    /// The top of the free space on the last page.
    y: f64,
}

impl PdfPages {
    fn new() -> PdfPages {
        PdfPages {
            pages: vec![Vec::new()],
            width: PAGE.0,
            y: PAGE.1 - MARGIN,
        }
    }

    /// Makes room for `height` points, on a new page when the current one is full; whether a
    /// page was started.
    fn room(&mut self, height: f64) -> bool {
        if self.y - height < MARGIN && self.y < PAGE.1 - MARGIN {
            self.pages.push(Vec::new());
            self.y = PAGE.1 - MARGIN;
            return true;
        }
        false
    }

    fn content(&mut self) -> &mut Vec<u8> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Shows a text with its baseline starting at (x, y), in UTF-16 codes of the UCS-2 CMap.
    fn text(&mut self, x: f64, y: f64, text: &str) {
        if text.is_empty() {
            return;
        }
        let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
        let op = format!("BT /F1 {FONT} Tf 1 0 0 1 {x:.2} {y:.2} Tm <{hex}> Tj ET\n");
        self.content().extend_from_slice(op.as_bytes());
    }

    /// Draws a ruling line.
    fn line(&mut self, from: (f64, f64), to: (f64, f64)) {
        let op = format!(
            "0.5 w {:.2} {:.2} m {:.2} {:.2} l S\n",
            from.0, from.1, to.0, to.1
        );
        self.content().extend_from_slice(op.as_bytes());
    }

    /// A paragraph line, on one line of the page however long (the page is made as wide as
    /// the longest line): the other formats keep a paragraph on one line, and so the same
    /// report gives the same lines in every format.
    fn paragraph(&mut self, line: &str) {
        let line = line.trim_end();
        self.room(LINE);
        self.text(MARGIN, self.y - FONT, line);
        self.width = self.width.max(text_width(line) + 2.0 * MARGIN);
        self.y -= LINE;
    }

    /// A table with ruling lines around every cell, merged cells as [`merges`] plans them;
    /// a row that does not fit starts a new page, where the table goes on in a new frame. A
    /// row shorter than the others is drawn as short as it is, as Word prints it.
    fn table(&mut self, rows: &[Vec<String>]) {
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let plan = merges(rows);
        let widths = column_widths(rows, &plan, columns);
        let xs: Vec<f64> = std::iter::once(MARGIN)
            .chain(widths.iter().scan(MARGIN, |x, w| {
                *x += w;
                Some(*x)
            }))
            .collect();
        // The lines of each row's cells, and the row's height.
        let laid: Vec<(CellLines, f64)> = rows
            .iter()
            .zip(&plan)
            .map(|(row, plan)| {
                let cells: CellLines = row
                    .iter()
                    .enumerate()
                    .filter_map(|(c, text)| {
                        let width = match plan[c] {
                            Merge::Span(n) => xs[(c + n).min(columns)] - xs[c],
                            Merge::None | Merge::Down(_) => widths[c],
                            Merge::Covered | Merge::Spanned => return None,
                        };
                        Some((c, wrap(text.trim(), width - 2.0 * PAD)))
                    })
                    .collect();
                let lines = cells.iter().map(|(_, l)| l.len()).max().unwrap_or(1).max(1);
                (cells, lines as f64 * CELL_LINE + 2.0 * PAD)
            })
            .collect();
        self.y -= LINE / 2.0;
        let mut frame_top = true;
        for (r, (row, (cells, height))) in rows.iter().zip(&laid).enumerate() {
            if self.room(*height) {
                frame_top = true;
            }
            let top = self.y;
            let bottom = top - height;
            let next_here = laid
                .get(r + 1)
                .is_some_and(|(_, next)| bottom - next >= MARGIN);
            for c in 0..row.len() {
                // A vertical merge goes on across the line, except where a frame starts or
                // ends (a page break).
                if frame_top || plan[r][c] != Merge::Covered {
                    self.line((xs[c], top), (xs[c + 1], top));
                }
                let continued = plan.get(r + 1).and_then(|p| p.get(c)) == Some(&Merge::Covered);
                if !(next_here && continued) {
                    self.line((xs[c], bottom), (xs[c + 1], bottom));
                }
            }
            for k in 0..=row.len() {
                let inside_span = k > 0 && k < row.len() && plan[r][k] == Merge::Spanned;
                if !inside_span {
                    self.line((xs[k], top), (xs[k], bottom));
                }
            }
            for (c, lines) in cells {
                for (i, line) in lines.iter().enumerate() {
                    let baseline = top - PAD - (i as f64 + 1.0) * CELL_LINE + 3.0;
                    self.text(xs[*c] + PAD, baseline, line);
                }
            }
            self.y = bottom;
            frame_top = false;
        }
        self.y -= LINE / 2.0;
    }
}

/// The widths of a table's columns: each as wide as its longest single cell, the widest ones
/// narrowed until the table fits the page (their cells then wrap), never below the widest
/// piece of text that cannot be broken.
fn column_widths(rows: &[Vec<String>], plan: &[Vec<Merge>], columns: usize) -> Vec<f64> {
    let mut widths = vec![2.0 * FONT + 2.0 * PAD; columns];
    let mut least = widths.clone();
    for (row, plan) in rows.iter().zip(plan) {
        for (c, (text, merge)) in row.iter().zip(plan).enumerate() {
            if matches!(merge, Merge::None | Merge::Down(_)) {
                widths[c] = widths[c].max(text_width(text.trim()) + 2.0 * PAD);
                least[c] = least[c].max(unbreakable_width(text.trim()) + 2.0 * PAD);
            }
        }
    }
    let available = PAGE.0 - 2.0 * MARGIN;
    let fitted = |cap: f64| -> Vec<f64> {
        widths
            .iter()
            .zip(&least)
            .map(|(w, l)| w.min(cap).max(*l))
            .collect()
    };
    let mut cap = widths.iter().copied().fold(0.0, f64::max);
    while fitted(cap).iter().sum::<f64>() > available && cap > 2.0 * FONT {
        cap -= FONT / 2.0;
    }
    fitted(cap)
}

/// Writes a report's text as a PDF with a text layer: paragraphs line by line, tables drawn
/// with ruling lines as Word prints them (merged cells without the lines between), rows that
/// do not fit going on to the next page. The Chinese font is the non-embedded `STSong-Light`
/// with the `UniGB-UCS2-H` CMap, as many Chinese PDF tools write it.
pub fn pdf(text: &str) -> Result<Vec<u8>, FormatError> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut pages = PdfPages::new();
    for part in parts(text) {
        match part {
            Part::Line(line) => pages.paragraph(line),
            Part::Rows(rows) => pages.table(&rows),
        }
    }
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => "STSong-Light",
        "Flags" => 6,
        "FontBBox" => vec![(-25).into(), (-254).into(), 1000.into(), 880.into()],
        "ItalicAngle" => 0,
        "Ascent" => 880,
        "Descent" => -120,
        "CapHeight" => 880,
        "StemV" => 93,
    });
    // Adobe-GB1 CIDs 1–95 are the ASCII characters, half an em wide.
    let half: Vec<Object> = (0..95).map(|_| Object::Integer(500)).collect();
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType0",
        "BaseFont" => "STSong-Light",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("GB1"),
            "Supplement" => 2,
        },
        "FontDescriptor" => descriptor,
        "DW" => 1000,
        "W" => vec![1.into(), Object::Array(half)],
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "STSong-Light",
        "Encoding" => "UniGB-UCS2-H",
        "DescendantFonts" => vec![cid_font.into()],
    });
    let width = pages.width.min(14_400.0).round();
    let mut kids = Vec::new();
    for content in pages.pages {
        let content = doc.add_object(Stream::new(dictionary! {}, content));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            "MediaBox" => vec![0.into(), 0.into(), width.into(), PAGE.1.into()],
        });
        kids.push(Object::from(page));
    }
    let count = i64::try_from(kids.len()).map_err(|e| FormatError::Pdf(e.to_string()))?;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    // Content streams deflated, as PDF tools write them.
    doc.compress();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .map_err(|e| FormatError::Pdf(e.to_string()))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_and_headings() {
        assert_eq!(
            heading("二十三、其他").map(|h| (h.0, h.1, h.2)),
            Some((0, 23, "其他"))
        );
        assert_eq!(
            heading("一、总体情况").map(|h| (h.0, h.1, h.2)),
            Some((0, 1, "总体情况"))
        );
        assert_eq!(
            heading("(二) 依申请").map(|h| (h.1, h.2, h.3)),
            Some((2, "依申请", "(%2) ".to_string()))
        );
        assert_eq!(heading("一是加强"), None);
    }

    #[test]
    fn the_cell_layout_is_read_as_rows() {
        let text = "标题\n\n\t信息内容\n\t本年制发\n件数\n\n\t规章\n\t0\n\n正文\n";
        let parts = parts(text);
        assert_eq!(parts.len(), 3);
        let Part::Rows(rows) = &parts[1] else {
            panic!("a table");
        };
        assert_eq!(
            rows,
            &[vec!["信息内容", "本年制发\n件数"], vec!["规章", "0"]]
        );
        // In the row layout, a line with one leading tab is a row of its own.
        let rows_text = "\t0\n\t1\n甲\t乙\t丙\n甲\t乙\t丙\n甲\t乙\t丙\n";
        let Part::Rows(rows) = &self::parts(rows_text)[0] else {
            panic!("a table");
        };
        assert_eq!(rows.len(), 5);
    }

    #[test]
    fn label_cells_merge_down_and_title_rows_span() {
        let rows: Vec<Vec<String>> = [
            vec!["第二十条第（一）项", "", "", ""],
            vec!["（三）不予公开", "1.属于国家秘密", "0"],
            vec!["", "2.其他", "0"],
            vec!["", "3.危及", "0"],
            vec!["", "", ""],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let plan = merges(&rows);
        assert_eq!(
            plan[0],
            [
                Merge::Span(4),
                Merge::Spanned,
                Merge::Spanned,
                Merge::Spanned
            ]
        );
        assert_eq!(plan[1][0], Merge::Down(4));
        assert_eq!(plan[2][0], Merge::Covered);
        assert_eq!(plan[4], [Merge::Covered, Merge::Covered, Merge::None]);
    }
}
