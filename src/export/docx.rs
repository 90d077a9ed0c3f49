//! Word: the rectification notices ([`super::notice`]) as a .docx in the layout of official
//! documents (GB/T 9704-2012, without the red masthead): A4 with margins 37/35/28/26 mm (top,
//! bottom, left, right), the title centred in 方正小标宋 二号, addressee and body in 仿宋 三号,
//! report headings in 黑体, the flags in a table whose header repeats on every page, the issuing
//! office and the date at the bottom right, and the page number (— 1 —) in the footer. Each
//! agency's notice starts on a new page.
//!
//! The package is written here with `zip` and quick-xml's escaping rather than with a .docx
//! crate: the parts a notice needs are few and fixed, and the crates that write .docx pull in an
//! image stack. Entries carry a fixed time so that the same review gives the same bytes.

use std::io::{Cursor, Write};

use quick_xml::escape::escape;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::notice::{self, notices, Notice};
use super::{ExportError, ExportOptions};
use crate::triage::ReviewRow;

/// Twips (1/20 point) per millimetre, for the page setup.
fn mm(millimetres: u32) -> u32 {
    (millimetres * 1440 * 10 + 127) / 254
}

/// A4 in twips: 210 × 297 mm.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;

/// GB/T 9704 sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt.
const ERHAO: u32 = 44;
const SANHAO: u32 = 32;
const SIHAO: u32 = 28;
const XIAOSI: u32 = 24;

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋";
const HEADING_FONT: &str = "黑体";
const NUMBER_FONT: &str = "宋体";

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

/// How a paragraph looks.
#[derive(Clone, Copy)]
struct Style {
    font: &'static str,
    size: u32,
    align: &'static str,
    /// First-line indent in hundredths of a character (200: the body's two characters).
    indent_chars: u32,
    /// Right indent in hundredths of a character (the signature stands off the margin).
    right_chars: u32,
    page_break_before: bool,
}

impl Style {
    const fn new(font: &'static str, size: u32, align: &'static str) -> Style {
        Style {
            font,
            size,
            align,
            indent_chars: 0,
            right_chars: 0,
            page_break_before: false,
        }
    }
}

const TITLE: Style = Style::new(TITLE_FONT, ERHAO, "center");
const NUMBER: Style = Style::new(BODY_FONT, SANHAO, "center");
const PLAIN: Style = Style::new(BODY_FONT, SANHAO, "both");
const BODY: Style = Style {
    indent_chars: 200,
    ..PLAIN
};
const HEADING: Style = Style {
    indent_chars: 200,
    ..Style::new(HEADING_FONT, SANHAO, "left")
};
const SIGNATURE: Style = Style {
    right_chars: 400,
    ..Style::new(BODY_FONT, SANHAO, "right")
};
const CELL: Style = Style::new(BODY_FONT, XIAOSI, "left");
const CELL_HEADING: Style = Style::new(HEADING_FONT, XIAOSI, "center");

pub(super) fn render(rows: &[&ReviewRow], options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let document = document(rows, options);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let entry = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let parts: [(&str, &str); 5] = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/document.xml", &document),
        ("word/footer1.xml", &footer()),
    ];
    for (name, text) in parts {
        zip.start_file(name, entry)?;
        zip.write_all(text.as_bytes())
            .map_err(zip::result::ZipError::from)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `word/document.xml`: every notice, then the section's page setup.
fn document(rows: &[&ReviewRow], options: &ExportOptions) -> String {
    let lang = options.lang;
    let mut body = String::new();
    let notices = notices(rows, options);
    if notices.is_empty() {
        body.push_str(&paragraph(notice::title(options.status, lang), TITLE));
        body.push_str(&paragraph(notice::empty(lang), BODY));
    }
    let headings = notice::headings(options.status, lang);
    for (index, notice) in notices.iter().enumerate() {
        write_notice(&mut body, notice, &headings, index > 0);
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>{body}\
         <w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>\
         <w:pgSz w:w=\"{PAGE_WIDTH}\" w:h=\"{PAGE_HEIGHT}\"/>\
         <w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"851\" w:footer=\"{}\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>",
        mm(37),
        mm(26),
        mm(35),
        mm(28),
        // The page number stands about 7 mm below the text block (GB/T 9704 7.5).
        mm(24),
    )
}

fn write_notice(out: &mut String, notice: &Notice, headings: &[&str], new_page: bool) {
    let first = |style: Style| Style {
        page_break_before: new_page,
        ..style
    };
    match &notice.number {
        Some(number) => {
            out.push_str(&paragraph(number, first(NUMBER)));
            out.push_str(&paragraph(&notice.title, TITLE));
        }
        None => out.push_str(&paragraph(&notice.title, first(TITLE))),
    }
    out.push_str(&paragraph("", PLAIN));
    out.push_str(&paragraph(&notice.addressee, PLAIN));
    out.push_str(&paragraph(&notice.intro, BODY));
    for report in &notice.reports {
        out.push_str(&paragraph(&report.heading, HEADING));
        out.push_str(&table(headings, &report.rows));
    }
    for closing in &notice.closing {
        out.push_str(&paragraph(closing, BODY));
    }
    out.push_str(&paragraph("", PLAIN));
    if let Some(issuer) = &notice.issuer {
        out.push_str(&paragraph(issuer, SIGNATURE));
    }
    out.push_str(&paragraph(&notice.date, SIGNATURE));
}

/// The flags' table: full width, single borders, the heading row repeated on each page, the
/// numbers first. Rows do not split across pages.
fn table(headings: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from(
        "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         </w:tblBorders><w:tblLayout w:type=\"autofit\"/></w:tblPr><w:tblGrid>",
    );
    for _ in headings {
        out.push_str("<w:gridCol/>");
    }
    out.push_str("</w:tblGrid><w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
    for heading in headings {
        out.push_str(&cell(heading, CELL_HEADING));
    }
    out.push_str("</w:tr>");
    for (index, row) in rows.iter().enumerate() {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        out.push_str(&cell(&(index + 1).to_string(), CELL));
        for text in row {
            out.push_str(&cell(text, CELL));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

fn cell(text: &str, style: Style) -> String {
    format!("<w:tc><w:tcPr/>{}</w:tc>", paragraph(text, style))
}

/// A paragraph; line breaks in the text become `<w:br/>` in one run.
fn paragraph(text: &str, style: Style) -> String {
    let mut properties = String::new();
    if style.page_break_before {
        properties.push_str("<w:pageBreakBefore/>");
    }
    // Text in 三号 and larger on the fixed 28-point grid of official documents (22 lines a
    // page); the table's smaller text single-spaced.
    properties.push_str(if style.size >= SANHAO {
        "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"560\" w:lineRule=\"exact\"/>"
    } else {
        "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
    });
    if style.indent_chars > 0 || style.right_chars > 0 {
        properties.push_str(&format!(
            "<w:ind w:firstLineChars=\"{}\" w:rightChars=\"{}\"/>",
            style.indent_chars, style.right_chars
        ));
    }
    properties.push_str(&format!("<w:jc w:val=\"{}\"/>", style.align));
    let mut runs = String::new();
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            runs.push_str("<w:br/>");
        }
        runs.push_str(&format!(
            "<w:t xml:space=\"preserve\">{}</w:t>",
            escape(line)
        ));
    }
    format!(
        "<w:p><w:pPr>{properties}</w:pPr><w:r>{}{runs}</w:r></w:p>",
        run_properties(style.font, style.size)
    )
}

fn run_properties(font: &str, size: u32) -> String {
    format!(
        "<w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\" w:eastAsia=\"{font}\" w:cs=\"{font}\"/>\
         <w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr>"
    )
}

/// `word/footer1.xml`: the page number as official documents print it, — 1 —, in 宋体 四号.
fn footer() -> String {
    let run = |inner: &str| format!("<w:r>{}{inner}</w:r>", run_properties(NUMBER_FONT, SIHAO));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{}{}{}{}{}{}</w:p></w:ftr>",
        run("<w:t xml:space=\"preserve\">— </w:t>"),
        run("<w:fldChar w:fldCharType=\"begin\"/>"),
        run("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"),
        run("<w:fldChar w:fldCharType=\"separate\"/>"),
        run("<w:t>1</w:t><w:fldChar w:fldCharType=\"end\"/>"),
        run("<w:t xml:space=\"preserve\"> —</w:t>"),
    )
}

#[cfg(test)]
mod tests {
    use super::mm;

    #[test]
    fn millimetres_become_twips() {
        assert_eq!(mm(37), 2098);
        assert_eq!(mm(35), 1984);
        assert_eq!(mm(28), 1587);
        assert_eq!(mm(26), 1474);
        assert_eq!(mm(210), super::PAGE_WIDTH);
    }
}
