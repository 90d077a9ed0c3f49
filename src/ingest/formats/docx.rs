//! Word (.docx): the package's `word/document.xml` read with `quick-xml` into paragraphs and
//! tables, with Word's automatic numbering rendered into the text.
//!
//! What is read: every paragraph of the body (including those in text boxes, content controls
//! and table cells), manual line breaks, and `w:tbl` tables with `gridSpan` (columns) and
//! `vMerge` (rows) expanded into the grid. A table nested in a cell is read as text of that
//! cell. Headings are numbered by Word itself more often than not: the 一、 and （一） of a
//! report are `numbering.xml` levels (`lvlText` `%1、` with `numFmt` `chineseCounting`), and a
//! reader that ignored them would find no section headings at all, so the counters are kept
//! as Word keeps them and the number is written in front of the paragraph's text. Deleted
//! tracked changes (`w:del`, `w:moveFrom`) and the fallback copy of drawings
//! (`mc:Fallback`) are left out; headers, footers and footnotes are not part of a report's
//! body and are not read.
//!
//! XML entities are not expanded: a reference to anything but the five predefined entities
//! and character references is an error (this is what makes the billion-laughs attack
//! harmless).
//!
//! The body is read here; list numbering (`numbering`) and paragraph styles (`styles`) are
//! their own parts of the package, each read once before the body.

mod numbering;
mod styles;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use numbering::Numbering;
use styles::Styles;

use super::grid::{Grid, MAX_CELLS};
use super::zip_part::Package;
use super::{Block, CellKind, Extracted, FormatError, Limits, Paragraph};

/// How deeply tables may nest in one another.
const MAX_TABLE_NESTING: usize = 64;

/// Reads a .docx package.
pub fn read(bytes: &[u8], limits: Limits) -> Result<Extracted, FormatError> {
    let mut package = Package::open(bytes, limits.max_bytes)?;
    const DOCUMENT: &str = "word/document.xml";
    if !package.has(DOCUMENT) {
        return Err(FormatError::MissingPart(DOCUMENT.to_string()));
    }
    let numbering = match package.xml("word/numbering.xml")? {
        Some(xml) => Numbering::parse(&xml)?,
        None => Numbering::default(),
    };
    let styles = match package.xml("word/styles.xml")? {
        Some(xml) => Styles::parse(&xml)?,
        None => Styles::default(),
    };
    let document = package
        .xml(DOCUMENT)?
        .ok_or_else(|| FormatError::MissingPart(DOCUMENT.to_string()))?;
    Body::new(numbering, styles).read(&document)
}

fn xml_error(part: &str, error: impl std::fmt::Display) -> FormatError {
    FormatError::Xml {
        part: part.to_string(),
        message: error.to_string(),
    }
}

/// The value of an attribute by its local name (`w:val` → `val`).
fn attr(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn attr_num<T: std::str::FromStr>(element: &BytesStart<'_>, local: &str) -> Option<T> {
    attr(element, local).and_then(|v| v.trim().parse().ok())
}

fn local(element: &BytesStart<'_>) -> String {
    element.local_name().as_ref().to_string()
}

/// The text of an entity or character reference; anything but the five predefined entities
/// is an error (no DTD entity is ever expanded).
fn reference(part: &str, r: &BytesRef<'_>) -> Result<String, FormatError> {
    if let Some(c) = r.resolve_char_ref().map_err(|e| xml_error(part, e))? {
        return Ok(c.to_string());
    }
    quick_xml::escape::resolve_predefined_entity(r)
        .map(str::to_string)
        .ok_or_else(|| xml_error(part, format!("undefined entity &{};", &**r)))
}

// ---------------------------------------------------------------------------------------------
// The body

#[derive(Debug, Default)]
struct ParagraphState {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
    heading: Option<u8>,
}

#[derive(Debug, Default)]
struct CellState {
    text: String,
    span: usize,
    /// `Some(true)` starts a vertical merge, `Some(false)` continues the one above.
    vmerge: Option<bool>,
}

#[derive(Debug)]
struct TableState {
    grid: Grid,
    row: usize,
    column: usize,
    cell: Option<CellState>,
    /// Tables nested inside the current cell: read as the cell's text.
    nested: usize,
}

struct Body {
    numbering: Numbering,
    styles: Styles,
    blocks: Vec<Block>,
    paragraphs: Vec<ParagraphState>,
    tables: Vec<TableState>,
    tables_done: usize,
    cells_used: usize,
    in_text: bool,
    in_paragraph_properties: usize,
    /// Depth inside an element whose content is not part of the document (`mc:Fallback`,
    /// deleted or moved-away text, property change records).
    skipping: usize,
}

impl Body {
    fn new(numbering: Numbering, styles: Styles) -> Body {
        Body {
            numbering,
            styles,
            blocks: Vec::new(),
            paragraphs: Vec::new(),
            tables: Vec::new(),
            tables_done: 0,
            cells_used: 0,
            in_text: false,
            in_paragraph_properties: 0,
            skipping: 0,
        }
    }

    fn read(mut self, xml: &str) -> Result<Extracted, FormatError> {
        const PART: &str = "word/document.xml";
        let mut reader = Reader::from_str(xml);
        loop {
            let event = reader.read_event().map_err(|e| xml_error(PART, e))?;
            match &event {
                Event::Start(e) => {
                    let name = local(e);
                    if self.skipping > 0 || is_skipped(&name) {
                        self.skipping += 1;
                        continue;
                    }
                    self.start(&name, e)?;
                }
                Event::Empty(e) if self.skipping == 0 => {
                    let name = local(e);
                    self.start(&name, e)?;
                    self.end(&name)?;
                }
                Event::End(e) => {
                    if self.skipping > 0 {
                        self.skipping -= 1;
                        continue;
                    }
                    let name = e.local_name().as_ref().to_string();
                    self.end(&name)?;
                }
                Event::Text(t) if self.in_text && self.skipping == 0 => {
                    let text = t.xml10_content();
                    self.push_text(&text);
                }
                Event::GeneralRef(r) if self.in_text && self.skipping == 0 => {
                    let text = reference(PART, r)?;
                    self.push_text(&text);
                }
                // Outside `w:t` a reference is still not expanded, and an unknown one is an
                // error wherever it is.
                Event::GeneralRef(r) => {
                    reference(PART, r)?;
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(Extracted {
            blocks: self.blocks,
            ..Extracted::default()
        })
    }

    fn push_text(&mut self, text: &str) {
        if let Some(paragraph) = self.paragraphs.last_mut() {
            paragraph.text.push_str(text);
        }
    }

    fn start(&mut self, name: &str, e: &BytesStart<'_>) -> Result<(), FormatError> {
        let in_properties = self.in_paragraph_properties > 0;
        match name {
            "p" => self.paragraphs.push(ParagraphState::default()),
            "pPr" => self.in_paragraph_properties += 1,
            "pStyle" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.style = attr(e, "val");
                }
            }
            "numId" if in_properties => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.num_id = attr(e, "val");
                }
            }
            "ilvl" if in_properties => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.ilvl = attr_num(e, "val");
                }
            }
            "outlineLvl" if in_properties => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.heading = attr_num::<u8>(e, "val").filter(|l| *l < 9).map(|l| l + 1);
                }
            }
            "t" => self.in_text = true,
            // A tab stop definition inside the paragraph properties is not a tab character.
            "tab" | "ptab" if !in_properties => self.push_text(" "),
            "br" | "cr" => {
                // A page or column break ends nothing in the text.
                if attr(e, "type").is_none_or(|t| t == "textWrapping") {
                    self.push_text("\n");
                }
            }
            "noBreakHyphen" => self.push_text("-"),
            "tbl" => match self.tables.last_mut() {
                Some(table) if table.cell.is_some() || table.nested > 0 => table.nested += 1,
                _ => {
                    if self.tables.len() >= MAX_TABLE_NESTING {
                        return Err(FormatError::TooDeep {
                            limit: MAX_TABLE_NESTING,
                        });
                    }
                    let budget = MAX_CELLS.saturating_sub(self.cells_used);
                    let index = self.tables_done + self.tables.len();
                    self.tables.push(TableState {
                        grid: Grid::new(index, budget),
                        row: 0,
                        column: 0,
                        cell: None,
                        nested: 0,
                    });
                }
            },
            _ => self.start_table_part(name, e)?,
        }
        Ok(())
    }

    fn start_table_part(&mut self, name: &str, e: &BytesStart<'_>) -> Result<(), FormatError> {
        let Some(table) = self.tables.last_mut() else {
            return Ok(());
        };
        if table.nested > 0 {
            return Ok(());
        }
        match name {
            "tr" => {
                table.row = table.grid.row_count();
                table.column = 0;
                table.grid.start_row(table.row)?;
            }
            "gridBefore" if table.cell.is_none() => {
                table.column += attr_num::<usize>(e, "val").unwrap_or(0).min(1000);
            }
            "tc" => {
                table.cell = Some(CellState {
                    span: 1,
                    ..CellState::default()
                })
            }
            "gridSpan" => {
                if let Some(cell) = &mut table.cell {
                    cell.span = attr_num::<usize>(e, "val").unwrap_or(1).clamp(1, 1000);
                }
            }
            "vMerge" => {
                if let Some(cell) = &mut table.cell {
                    cell.vmerge = Some(attr(e, "val").is_some_and(|v| v == "restart"));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), FormatError> {
        match name {
            "t" => self.in_text = false,
            "pPr" => self.in_paragraph_properties = self.in_paragraph_properties.saturating_sub(1),
            "p" => self.end_paragraph(),
            "tc" => self.end_cell()?,
            "tbl" => self.end_table(),
            _ => {}
        }
        Ok(())
    }

    fn end_paragraph(&mut self) {
        let Some(state) = self.paragraphs.pop() else {
            return;
        };
        let style = state.style.as_deref();
        let num_id = state
            .num_id
            .clone()
            .or_else(|| style.and_then(|s| self.styles.lookup(s, |st| st.num_id.clone())));
        let ilvl = state
            .ilvl
            .or_else(|| style.and_then(|s| self.styles.lookup(s, |st| st.ilvl)))
            .unwrap_or(0);
        let heading = state
            .heading
            .or_else(|| style.and_then(|s| self.styles.lookup(s, |st| st.heading)));
        let number = num_id
            .filter(|id| id != "0")
            .and_then(|id| self.numbering.next(&id, ilvl));
        let text = match number {
            Some(number) => number + &state.text,
            None => state.text,
        };
        // A paragraph inside another (a text box): its text joins the outer paragraph.
        if let Some(outer) = self.paragraphs.last_mut() {
            if !text.is_empty() {
                if !outer.text.is_empty() {
                    outer.text.push('\n');
                }
                outer.text.push_str(&text);
            }
            return;
        }
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            if !cell.text.is_empty() || !text.is_empty() {
                if !cell.text.is_empty() {
                    cell.text.push('\n');
                }
                cell.text.push_str(&text);
            }
            return;
        }
        self.blocks.push(Block::Paragraph(Paragraph {
            text,
            heading,
            page: None,
        }));
    }

    fn end_cell(&mut self) -> Result<(), FormatError> {
        let Some(table) = self.tables.last_mut() else {
            return Ok(());
        };
        if table.nested > 0 {
            return Ok(());
        }
        let Some(cell) = table.cell.take() else {
            return Ok(());
        };
        let (row, column) = (table.row, table.column);
        if cell.vmerge == Some(false) {
            for c in column..column + cell.span {
                table.grid.cover_from_above(row, c)?;
            }
        } else {
            let text = cell.text.trim_end_matches('\n').to_string();
            table
                .grid
                .place(row, column, text, CellKind::Value, 1, cell.span)?;
        }
        table.column += cell.span;
        Ok(())
    }

    fn end_table(&mut self) {
        if let Some(table) = self.tables.last_mut() {
            if table.nested > 0 {
                table.nested -= 1;
                return;
            }
        }
        let Some(table) = self.tables.pop() else {
            return;
        };
        self.cells_used += table.grid.cells_used();
        self.tables_done += 1;
        let finished = table.grid.finish();
        // A table inside a text box inside a table cell is rare; it joins the outer cell's text.
        match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            Some(cell) => {
                let text = super::render::table_as_text(&finished);
                if !cell.text.is_empty() {
                    cell.text.push('\n');
                }
                cell.text.push_str(&text);
            }
            None => self.blocks.push(Block::Table(finished)),
        }
    }
}

/// Elements whose content is not part of the document's text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "Fallback"
            | "del"
            | "moveFrom"
            | "pPrChange"
            | "rPrChange"
            | "tblPrChange"
            | "trPrChange"
            | "tcPrChange"
            | "sectPrChange"
            | "instrText"
            | "delInstrText"
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::zip_part::tests::zip_of;
    use super::super::{Block, CellKind};
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    pub(crate) fn docx_of(body: &str, numbering: Option<&str>) -> Vec<u8> {
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#
        );
        let mut parts: Vec<(&str, &[u8])> = vec![("word/document.xml", document.as_bytes())];
        let numbering = numbering.map(|n| {
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}>{n}</w:numbering>"#)
        });
        if let Some(n) = &numbering {
            parts.push(("word/numbering.xml", n.as_bytes()));
        }
        zip_of(&parts)
    }

    fn paragraphs(extracted: &Extracted) -> Vec<String> {
        extracted
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.clone()),
                Block::Table(_) => None,
            })
            .collect()
    }

    fn p(text: &str) -> String {
        format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    }

    fn numbered(num_id: u32, ilvl: u32, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    }

    const CHINESE_LISTS: &str = r#"<w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="9"/><w:numFmt w:val="ideographDigital"/><w:lvlText w:val="第%1条"/><w:suff w:val="space"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#;

    #[test]
    fn word_numbering_is_rendered_into_headings() {
        let body = [
            p("某县司法局2023年政府信息公开工作年度报告"),
            numbered(1, 0, "总体情况"),
            numbered(1, 1, "主动公开"),
            numbered(1, 1, "依申请公开"),
            numbered(1, 2, "细项"),
            numbered(1, 0, "主动公开政府信息情况"),
            numbered(1, 1, "重新从一开始"),
            numbered(2, 0, "十位"),
            numbered(2, 0, "十一"),
        ]
        .concat();
        let extracted =
            read(&docx_of(&body, Some(CHINESE_LISTS)), Limits::default()).expect("read");
        assert_eq!(
            paragraphs(&extracted),
            [
                "某县司法局2023年政府信息公开工作年度报告",
                "一、总体情况",
                "（一）主动公开",
                "（二）依申请公开",
                "1.细项",
                "二、主动公开政府信息情况",
                "（一）重新从一开始",
                "第九条 十位",
                "第一〇条 十一",
            ]
        );
    }

    #[test]
    fn merged_cells_are_expanded_with_the_text_in_the_top_left_cell() {
        let tc = |text: &str, props: &str| {
            format!(
                r#"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"#
            )
        };
        let body = format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
            tc(
                "三、本年度办理结果",
                r#"<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>"#
            ),
            tc("0", ""),
            tc("", r#"<w:gridSpan w:val="2"/><w:vMerge/>"#),
            tc("1", ""),
            tc("", ""),
            tc("（一）予以公开", r#"<w:vMerge w:val="restart"/>"#),
            tc("x", ""),
            tc("2", ""),
        );
        let extracted = read(&docx_of(&body, None), Limits::default()).expect("read");
        let [Block::Table(table)] = extracted.blocks.as_slice() else {
            panic!("one table: {:?}", extracted.blocks);
        };
        let row = |r: usize| -> Vec<String> {
            table.rows[r]
                .iter()
                .map(|c| match c.kind {
                    CellKind::Covered { row, column } => format!("^{row},{column}"),
                    _ => c.text.clone(),
                })
                .collect()
        };
        assert_eq!(row(0), ["三、本年度办理结果", "^0,0", "0"]);
        assert_eq!(row(1), ["^0,0", "^0,0", "1", ""]);
        assert_eq!(row(2), ["（一）予以公开", "x", "2"]);
        assert_eq!(table.rows[1][2].at.row, 1);
        assert_eq!(table.rows[1][2].at.column, 2);
        // A blank cell is a value, not a covered cell.
        assert_eq!(table.rows[1][3].kind, CellKind::Value);
    }

    #[test]
    fn deleted_text_fallbacks_and_field_codes_are_left_out() {
        let body = r#"<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText><w:t>删</w:t></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>A&amp;B&#x4E00;</w:t></w:r><w:r><w:br/><w:t>下一行</w:t></w:r></w:p>"#;
        let extracted = read(&docx_of(body, None), Limits::default()).expect("read");
        assert_eq!(paragraphs(&extracted), ["保留A&B一\n下一行"]);
    }

    #[test]
    fn entities_are_never_expanded() {
        // The billion laughs: each entity is ten of the one before.
        let mut dtd = String::from(r#"<!DOCTYPE w:document [<!ENTITY lol0 "lol">"#);
        for i in 1..10 {
            let refs = format!("&lol{};", i - 1).repeat(10);
            dtd.push_str(&format!(r#"<!ENTITY lol{i} "{refs}">"#));
        }
        dtd.push(']');
        dtd.push('>');
        let document = format!(
            r#"<?xml version="1.0"?>{dtd}<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"#
        );
        let bytes = zip_of(&[("word/document.xml", document.as_bytes())]);
        match read(&bytes, Limits::default()) {
            Err(FormatError::Xml { part, message }) => {
                assert_eq!(part, "word/document.xml");
                assert!(message.contains("lol9"), "{message}");
            }
            other => panic!("an XML error, not {other:?}"),
        }
    }

    #[test]
    fn a_package_without_a_document_or_not_a_zip_is_an_error() {
        let bytes = zip_of(&[("xl/workbook.xml", b"<workbook/>")]);
        assert_eq!(
            read(&bytes, Limits::default()),
            Err(FormatError::MissingPart("word/document.xml".to_string()))
        );
        assert!(matches!(
            read(b"not a zip at all", Limits::default()),
            Err(FormatError::NotZip(_))
        ));
        let bad = zip_of(&[("word/document.xml", b"<w:document><w:body></w:p>")]);
        assert!(matches!(
            read(&bad, Limits::default()),
            Err(FormatError::Xml { .. })
        ));
    }

    #[test]
    fn a_zip_bomb_is_stopped_at_the_size_limit() {
        let filler = " ".repeat(3_000_000);
        let document = format!("<w:document {W}><w:body>{filler}</w:body></w:document>");
        let bytes = zip_of(&[("word/document.xml", document.as_bytes())]);
        assert!(bytes.len() < 100_000);
        let limits = Limits {
            max_bytes: 1_000_000,
        };
        assert_eq!(
            read(&bytes, limits),
            Err(FormatError::TooMuchData { limit: 1_000_000 })
        );
    }
}
