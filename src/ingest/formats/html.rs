//! Web pages (.html, .htm) read with `scraper` (html5ever): the report's text and tables, without
//! the site around it.
//!
//! - **Charset**: a BOM, then `<meta charset>` or `http-equiv` in the first 1024 bytes, then
//!   UTF-8 if the bytes are valid UTF-8, then detection (GBK pages are common), as for text.
//! - **Content**: the report is the smallest element holding most of the page's text (the
//!   article body of a CMS, whatever its class is called); the page's `<h1>` (or the report
//!   part of its `<title>`) is put in front of it as the title when the content does not begin
//!   with it, and a `发布时间`/`发布日期`/`公开日期` found anywhere on the page is kept as a
//!   paragraph after the title, so the front-matter reader can take the publication date.
//! - **Chrome**: scripts, styles, navigation, header, footer, forms, breadcrumbs, share and print
//!   links (`【打印】【关闭】`, `当前位置：…`, `【字号 大 中 小】`) are left out.
//! - **Tables**: `<table>` to a grid with `rowspan`/`colspan` expanded; a `<p>` or `<br>` inside
//!   a cell is a line of the cell. A table inside a cell is read as that cell's text.
//!
//! html5ever checks the open-element stack for every tag, so a page of millions of nested tags
//! would take quadratic time: the nesting depth is measured on the bytes first, in one pass,
//! and a page nested deeper than any real page is refused before it is parsed.

use std::sync::LazyLock;

use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use regex::Regex;
use scraper::{Html, Node};

use super::grid::{Grid, MAX_CELLS};
use super::{Block, CellKind, Extracted, FormatError, Paragraph, SourceEncoding};

/// The deepest nesting of elements accepted (real pages stay under 100).
pub const MAX_DEPTH: usize = 1000;

/// How much of the page's text the content element must hold.
const CONTENT_SHARE: f64 = 0.8;

/// Reads a web page.
pub fn read(bytes: &[u8]) -> Result<Extracted, FormatError> {
    let (text, encoding) = decode(bytes)?;
    check_depth(text.as_bytes())?;
    let page = Html::parse_document(&text);
    let root = *page.root_element();
    let content = content_root(root);
    let mut reader = BlockReader::default();
    reader.read(content)?;
    let mut blocks = reader.blocks;
    blocks.retain(|b| match b {
        Block::Paragraph(p) => !is_chrome_line(&p.text),
        Block::Table(_) => true,
    });
    // The title first (from the page when the content does not start with it), then the
    // publication date, then the rest.
    let mut front = Vec::new();
    match page_title(root, content, &blocks) {
        Some(title) => front.push(Block::Paragraph(Paragraph {
            text: title,
            heading: Some(1),
            page: None,
        })),
        None => {
            if let Some(first) = blocks
                .iter()
                .position(|b| matches!(b, Block::Paragraph(_)))
                .filter(|&i| i == 0)
            {
                front.push(blocks.remove(first));
            }
        }
    }
    if let Some(date) = publication_date(root) {
        front.push(Block::Paragraph(Paragraph::new(date)));
    }
    front.extend(blocks);
    Ok(Extracted {
        blocks: front,
        encoding,
    })
}

// ---------------------------------------------------------------------------------------------
// Charset

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#).expect("valid regex")
});

/// Decodes a page by its BOM, its declared charset, or detection.
fn decode(bytes: &[u8]) -> Result<(String, SourceEncoding), FormatError> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let declared = META_CHARSET
        .captures(&head)
        .and_then(|c| encoding_rs::Encoding::for_label(c[1].as_bytes()));
    let has_bom = bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF");
    match declared {
        // A declared UTF-16 in an ASCII-compatible prefix is a mistake; detection decides.
        Some(encoding)
            if !has_bom
                && encoding != encoding_rs::UTF_16LE
                && encoding != encoding_rs::UTF_16BE
                // A page that says UTF-8 but is not (a GBK page with a copied template) is
                // left to detection.
                && !(encoding == encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_err()) =>
        {
            let source = if encoding == encoding_rs::UTF_8 {
                SourceEncoding::Utf8
            } else if encoding == encoding_rs::GBK || encoding == encoding_rs::GB18030 {
                SourceEncoding::Gb18030
            } else {
                SourceEncoding::Other(encoding.name())
            };
            // GBK and GB2312 pages are decoded as GB18030, their superset.
            let decoder = if source == SourceEncoding::Gb18030 {
                encoding_rs::GB18030
            } else {
                encoding
            };
            let (text, _) = decoder.decode_without_bom_handling(bytes);
            Ok((text.into_owned(), source))
        }
        _ => crate::ingest::decode(bytes)
            .map(|d| (d.text, d.encoding))
            .map_err(|failure| FormatError::Undecodable(failure.to_string())),
    }
}

// ---------------------------------------------------------------------------------------------
// Nesting depth

/// Elements that never hold others, or whose end tag may be left out: not counted.
const UNCOUNTED: [&str; 31] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "html", "head", "body", "o:p",
];

/// Elements whose content is raw text, skipped up to their end tag.
const RAW_TEXT: [&str; 4] = ["script", "style", "textarea", "title"];

/// Refuses a page whose elements nest deeper than [`MAX_DEPTH`], in one pass over the bytes.
fn check_depth(bytes: &[u8]) -> Result<(), FormatError> {
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(offset) = memchr(b'<', &bytes[i..]) {
        i += offset + 1;
        let rest = &bytes[i..];
        if rest.starts_with(b"!--") {
            i += find(rest, b"-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b':' || **b == b'-')
            .count();
        if name_len == 0 {
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let name = std::str::from_utf8(&name).unwrap_or("");
        if UNCOUNTED.contains(&name) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let end = memchr(b'>', rest).unwrap_or(rest.len());
        if rest[..end].ends_with(b"/") {
            continue;
        }
        if RAW_TEXT.contains(&name) {
            let close = format!("</{name}");
            let lower_end = rest
                .windows(close.len())
                .position(|w| w.eq_ignore_ascii_case(close.as_bytes()));
            i += lower_end.unwrap_or(rest.len());
            continue;
        }
        depth += 1;
        if depth > MAX_DEPTH {
            return Err(FormatError::TooDeep { limit: MAX_DEPTH });
        }
    }
    Ok(())
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------------------------
// Content and chrome

/// Elements that are never report text.
const SKIPPED: [&str; 18] = [
    "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
    "iframe", "form", "button", "select", "input", "textarea", "svg", "object", "map",
];

/// Class or id words of site chrome (matched in lowercase, as a part of a class or id).
const CHROME_WORDS: [&str; 16] = [
    "breadcrumb",
    "crumb",
    "navbar",
    "topnav",
    "menu",
    "footer",
    "share",
    "bdshare",
    "print",
    "toolbar",
    "dqwz",
    "weizhi",
    "sidebar",
    "copyright",
    "topbar",
    "fontsize",
];

fn is_skipped(node: NodeRef<'_, Node>) -> bool {
    let Node::Element(element) = node.value() else {
        return false;
    };
    if SKIPPED.contains(&element.name()) {
        return true;
    }
    let words = element
        .attr("class")
        .into_iter()
        .chain(element.id())
        .map(str::to_ascii_lowercase);
    words
        .into_iter()
        .any(|w| CHROME_WORDS.iter().any(|c| w.contains(c)))
}

/// Whether a paragraph is a line of site chrome that sits inside the content element.
fn is_chrome_line(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.chars().count() > 60 {
        return false;
    }
    const MARKS: [&str; 10] = [
        "【打印】",
        "【关闭】",
        "【关闭窗口】",
        "[打印]",
        "[关闭]",
        "打印本页",
        "关闭窗口",
        "分享到",
        "扫一扫",
        "【字号",
    ];
    // The page's own data line (「发布时间：… 来源：… 浏览次数：…」): the date is kept once, in
    // front of the content, by `publication_date`.
    const METADATA: [&str; 6] = [
        "浏览次数",
        "点击数",
        "访问量",
        "来源：",
        "发布时间",
        "发布日期",
    ];
    MARKS.iter().any(|m| t.contains(m))
        || METADATA.iter().any(|m| t.contains(m))
        || t.starts_with("当前位置")
        || t.starts_with("您当前的位置")
        || t.starts_with("您现在的位置")
        || t.starts_with("字号")
        || (t.contains("字体") && t.contains("大") && t.contains("小") && t.contains("中"))
}

/// The length of the report text under each element, without skipped subtrees.
fn text_len(node: NodeRef<'_, Node>) -> usize {
    let mut len = 0;
    let mut skip: Option<ego_tree::NodeId> = None;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) if skip.is_none() => {
                if is_skipped(n) {
                    skip = Some(n.id());
                } else if let Node::Text(text) = n.value() {
                    len += text.chars().filter(|c| !c.is_whitespace()).count();
                }
            }
            Edge::Close(n) if skip == Some(n.id()) => skip = None,
            _ => {}
        }
    }
    len
}

/// The smallest element holding most of the page's text: descend while one child element
/// holds [`CONTENT_SHARE`] of its parent's text.
fn content_root(root: NodeRef<'_, Node>) -> NodeRef<'_, Node> {
    let mut current = root;
    let mut current_len = text_len(root);
    loop {
        let best = current
            .children()
            .filter(|c| matches!(c.value(), Node::Element(_)) && !is_skipped(*c))
            .map(|c| (c, text_len(c)))
            .max_by_key(|(_, len)| *len);
        match best {
            // A table is content, not a container to descend into.
            Some((child, len))
                if (len as f64) >= CONTENT_SHARE * current_len as f64
                    && len > 0
                    && element_name(child) != Some("table") =>
            {
                current = child;
                current_len = len;
            }
            _ => return current,
        }
    }
}

fn element_name<'a>(node: NodeRef<'a, Node>) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

/// The text of a node with whitespace collapsed.
fn flat_text(node: NodeRef<'_, Node>) -> String {
    let mut text = TextBuffer::default();
    for edge in node.traverse() {
        if let Edge::Open(n) = edge {
            if let Node::Text(t) = n.value() {
                text.push(&t[..]);
            }
        }
    }
    text.finish().replace('\n', " ")
}

/// The title of the report when the content does not start with it: the page's first `<h1>`
/// outside the content, or the part of `<title>` that names a report.
fn page_title(
    root: NodeRef<'_, Node>,
    content: NodeRef<'_, Node>,
    blocks: &[Block],
) -> Option<String> {
    let inside = |n: NodeRef<'_, Node>| n.ancestors().any(|a| a.id() == content.id());
    let h1 = root
        .descendants()
        .filter(|n| element_name(*n) == Some("h1") && !inside(*n) && n.id() != content.id())
        .map(flat_text)
        .find(|t| !t.trim().is_empty());
    let title = h1.or_else(|| {
        let title = root
            .descendants()
            .find(|n| element_name(*n) == Some("title"))
            .map(flat_text)?;
        title
            .split(['-', '_', '|', '—'])
            .map(str::trim)
            .find(|part| part.contains("报告") || part.contains("年报"))
            .map(str::to_string)
    })?;
    let title = title.trim().to_string();
    let first = blocks.iter().find_map(|b| match b {
        Block::Paragraph(p) => Some(p.text.as_str()),
        Block::Table(_) => None,
    });
    let key = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    if title.is_empty() || first.is_some_and(|f| key(f).contains(&key(&title))) {
        None
    } else {
        Some(title)
    }
}

static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(发布时间|发布日期|公开日期|发文日期)\s*[:：]?\s*(\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}日?(\s+\d{1,2}:\d{2}(:\d{2})?)?)",
    )
    .expect("valid regex")
});

/// A publication date printed anywhere on the page (usually in the site's frame), as
/// 「发布日期：2024-01-17」.
fn publication_date(root: NodeRef<'_, Node>) -> Option<String> {
    let mut text = TextBuffer::default();
    let mut skip: Option<ego_tree::NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) if skip.is_none() => match n.value() {
                Node::Element(e) if matches!(e.name(), "script" | "style" | "head") => {
                    skip = Some(n.id())
                }
                Node::Element(_) => text.push(" "),
                Node::Text(t) => text.push(&t[..]),
                _ => {}
            },
            Edge::Close(n) if skip == Some(n.id()) => skip = None,
            _ => {}
        }
    }
    let flat = text.finish();
    let found = PUBLISHED.captures(&flat)?;
    Some(format!("{}：{}", &found[1], found[2].trim()))
}

// ---------------------------------------------------------------------------------------------
// Blocks

/// Text with HTML whitespace collapsed and explicit line breaks.
#[derive(Debug, Default)]
struct TextBuffer {
    text: String,
    space: bool,
}

impl TextBuffer {
    fn push(&mut self, raw: &str) {
        for c in raw.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C') {
                self.space = true;
            } else {
                if self.space && !self.text.is_empty() && !self.text.ends_with('\n') {
                    self.text.push(' ');
                }
                self.space = false;
                self.text.push(c);
            }
        }
    }

    fn line_break(&mut self) {
        self.space = false;
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The lines, trimmed, without empty ones.
    fn finish(self) -> String {
        self.text
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Elements that start and end a line.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "blockquote"
            | "pre"
            | "address"
            | "center"
            | "hr"
            | "figure"
            | "figcaption"
            | "main"
            | "caption"
            | "br"
            | "tr"
            | "table"
    )
}

#[derive(Debug)]
struct TableState {
    grid: Grid,
    /// The row being read (`None` before the first `<tr>`).
    row: Option<usize>,
    column: usize,
    cell: Option<(TextBuffer, usize, usize)>,
}

#[derive(Debug, Default)]
struct BlockReader {
    blocks: Vec<Block>,
    paragraph: TextBuffer,
    heading: Option<u8>,
    table: Option<TableState>,
    /// Tables nested inside the current table's cell (read as the cell's text).
    nested: usize,
    tables: usize,
    cells_used: usize,
}

impl BlockReader {
    fn read(&mut self, content: NodeRef<'_, Node>) -> Result<(), FormatError> {
        let mut skip: Option<ego_tree::NodeId> = None;
        for edge in content.traverse() {
            match edge {
                Edge::Open(n) if skip.is_none() => {
                    if is_skipped(n) && n.id() != content.id() {
                        skip = Some(n.id());
                        continue;
                    }
                    match n.value() {
                        Node::Text(t) => self.text().push(&t[..]),
                        Node::Element(e) => self.open(e)?,
                        _ => {}
                    }
                }
                Edge::Close(n) => {
                    if skip == Some(n.id()) {
                        skip = None;
                    } else if skip.is_none() {
                        if let Node::Element(e) = n.value() {
                            self.close(e.name())?;
                        }
                    }
                }
                _ => {}
            }
        }
        self.flush();
        Ok(())
    }

    /// Where text goes now: the open cell, or the paragraph.
    fn text(&mut self) -> &mut TextBuffer {
        match self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            Some((cell, _, _)) => cell,
            None => &mut self.paragraph,
        }
    }

    fn flush(&mut self) {
        if self.paragraph.is_empty() {
            self.paragraph = TextBuffer::default();
            return;
        }
        let text = std::mem::take(&mut self.paragraph).finish();
        self.blocks.push(Block::Paragraph(Paragraph {
            text,
            heading: self.heading,
            page: None,
        }));
    }

    fn open(&mut self, element: &scraper::node::Element) -> Result<(), FormatError> {
        let name = element.name();
        if self.table.is_some() && (self.nested > 0 || name == "table") {
            if name == "table" {
                self.nested += 1;
            }
            if is_block(name) {
                self.text().line_break();
            }
            return Ok(());
        }
        match name {
            "table" => {
                self.flush();
                let budget = MAX_CELLS.saturating_sub(self.cells_used);
                self.table = Some(TableState {
                    grid: Grid::new(self.tables, budget),
                    row: None,
                    column: 0,
                    cell: None,
                });
            }
            "tr" => {
                if let Some(table) = &mut self.table {
                    let row = table.row.map_or(0, |r| r + 1);
                    table.grid.start_row(row)?;
                    table.row = Some(row);
                    table.column = 0;
                }
            }
            "td" | "th" => {
                if let Some(table) = &mut self.table {
                    if table.row.is_none() {
                        table.grid.start_row(0)?;
                        table.row = Some(0);
                    }
                    let span = |attr: &str| {
                        element
                            .attr(attr)
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(1)
                            .max(1)
                    };
                    table.cell = Some((TextBuffer::default(), span("rowspan"), span("colspan")));
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if self.table.is_none() => {
                self.flush();
                self.heading = name[1..].parse().ok();
            }
            _ if is_block(name) => {
                if self.table.as_ref().is_some_and(|t| t.cell.is_some()) {
                    self.text().line_break();
                } else if self.table.is_none() {
                    if name == "br" {
                        self.paragraph.line_break();
                    } else {
                        self.flush();
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, name: &str) -> Result<(), FormatError> {
        if self.nested > 0 {
            if name == "table" {
                self.nested -= 1;
            }
            if is_block(name) {
                self.text().line_break();
            }
            return Ok(());
        }
        match name {
            "table" => {
                if let Some(table) = self.table.take() {
                    self.cells_used += table.grid.cells_used();
                    self.tables += 1;
                    self.blocks.push(Block::Table(table.grid.finish()));
                }
            }
            "td" | "th" => {
                if let Some(table) = &mut self.table {
                    if let (Some((text, rows, columns)), Some(row)) = (table.cell.take(), table.row)
                    {
                        let column = table.grid.next_free(row, table.column);
                        table.grid.place(
                            row,
                            column,
                            text.finish(),
                            CellKind::Value,
                            rows,
                            columns,
                        )?;
                        table.column = column + columns.min(super::grid::MAX_SPAN);
                    }
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if self.table.is_none() => {
                self.flush();
                self.heading = None;
            }
            _ if is_block(name) => {
                if self.table.as_ref().is_some_and(|t| t.cell.is_some()) {
                    self.text().line_break();
                } else if self.table.is_none() && name != "br" {
                    self.flush();
                }
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::render;
    use super::*;

    #[test]
    fn chrome_is_left_out_and_the_date_kept() {
        let page = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>某县司法局2023年政府信息公开工作年度报告_某县人民政府</title>
<script>var x = "一、不是正文";</script><style>p { color: red }</style></head>
<body><div class="topnav"><a href="/">首页</a> <a>政务公开</a></div>
<div class="crumbs">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
<div class="main"><h1>某县司法局2023年政府信息公开工作年度报告</h1>
<div class="info">发布时间：2024-01-15 10:00 来源：某县司法局 浏览次数：12</div>
<div id="zoom"><p>一、总体情况</p><p>本年度<span>共收到</span>申请3件。</p>
<p>　　二、主动公开政府信息情况</p>
<table><tr><td rowspan="2"><p>信息</p><p>内容</p></td><td colspan="2">本年制发件数</td></tr>
<tr><td>0</td><td>1</td></tr></table>
<p>【打印本页】【关闭窗口】</p></div></div>
<footer>版权所有 某县人民政府</footer></body></html>"#;
        let extracted = read(page.as_bytes()).expect("read");
        let text = render(&extracted).text;
        assert_eq!(
            text,
            "某县司法局2023年政府信息公开工作年度报告\n发布时间：2024-01-15 10:00\n一、总体情况\n本年度共收到申请3件。\n二、主动公开政府信息情况\n信息内容\t本年制发件数\t\n\t0\t1\n"
        );
        assert_eq!(extracted.encoding, SourceEncoding::Utf8);
    }

    #[test]
    fn a_gbk_page_is_decoded_by_its_declared_charset_and_by_detection() {
        let body = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>某县司法局2023年政府信息公开工作年度报告</p><p>一、总体情况</p></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(body);
        let extracted = read(&bytes).expect("read");
        assert_eq!(extracted.encoding, SourceEncoding::Gb18030);
        assert!(render(&extracted).text.contains("一、总体情况"));
        let misdeclared = body.replace("charset=gb2312", "charset=utf-8");
        let (bytes, _, _) = encoding_rs::GBK.encode(&misdeclared);
        let extracted = read(&bytes).expect("read");
        assert_eq!(extracted.encoding, SourceEncoding::Gb18030);
        assert!(render(&extracted).text.contains("一、总体情况"));
        let undeclared = body.replace("charset=gb2312", "");
        let (bytes, _, _) = encoding_rs::GBK.encode(&undeclared);
        let extracted = read(&bytes).expect("read");
        assert_eq!(extracted.encoding, SourceEncoding::Gb18030);
        assert!(render(&extracted).text.contains("某县司法局2023年"));
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = "<div>".repeat(MAX_DEPTH + 1);
        assert_eq!(
            check_depth(deep.as_bytes()),
            Err(FormatError::TooDeep { limit: MAX_DEPTH })
        );
        let flat = "<p>一</p><br><img src=x><div>x</div>".repeat(5000);
        assert_eq!(check_depth(flat.as_bytes()), Ok(()));
        let script = format!("<script>{}</script><div></div>", "<div>".repeat(5000));
        assert_eq!(check_depth(script.as_bytes()), Ok(()));
    }

    #[test]
    fn a_huge_colspan_is_refused() {
        let page = format!(
            "<table>{}</table>",
            r#"<tr><td colspan="1000" rowspan="65534">x</td></tr>"#.repeat(3)
        );
        assert!(matches!(
            read(page.as_bytes()),
            Err(FormatError::TooManyCells { .. })
        ));
    }
}
