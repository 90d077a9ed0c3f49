//! PDFs: the text layer of a real report is read into the flags of its `pdftotext -layout`
//! copy; a scan, an encrypted file, a truncated file and a file that is not a PDF are one
//! `unreadable-file` flag each, never a panic.

use std::fs;
use std::path::{Path, PathBuf};

use lopdf::{dictionary, Document, Object, Stream};
use nianbao::i18n::Lang;
use nianbao::ingest::formats::{load, LineOrigin};
use nianbao::ingest::Limits;
use nianbao::pipeline::CheckedReport;

use crate::common::{checked, checked_fixture, fingerprints, fixture, fixture_bytes};

fn codes(report: &CheckedReport, code: &str) -> usize {
    report.flags.iter().filter(|f| f.code == code).count()
}

/// The one flag of an unreadable file: its reason kind and Chinese message.
fn unreadable(path: &Path) -> (String, String) {
    let report = checked(path);
    assert_eq!(report.flags.len(), 1, "{:?}", report.flags);
    let flag = &report.flags[0];
    assert_eq!(flag.code, "unreadable-file");
    let reason = flag
        .evidence
        .get("reason")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    (reason, flag.message.get(Lang::Zh).to_string())
}

/// A one-page PDF whose page content is `content`, encrypted with a key no password opens
/// when `encrypt`.
fn small_pdf(content: &[u8], encrypt: bool) -> Vec<u8> {
    pdf_of_pages(content, 1, encrypt)
}

/// A PDF of `pages` pages that all show `content`.
fn pdf_of_pages(content: &[u8], pages: usize, encrypt: bool) -> Vec<u8> {
    pdf_with_font(content, pages, encrypt, |_| {
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
        }
    })
}

/// A PDF of `pages` pages that all show `content` in the font `font` makes (as `F1`).
fn pdf_with_font(
    content: &[u8],
    pages: usize,
    encrypt: bool,
    font: impl FnOnce(&mut Document) -> lopdf::Dictionary,
) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = font(&mut doc);
    let font_id = doc.add_object(font);
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let kids: Vec<Object> = (0..pages)
        .map(|_| {
            doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content_id,
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            })
            .into()
        })
        .collect();
    let count = i64::try_from(kids.len()).expect("page count");
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    if encrypt {
        // A standard security handler whose keys match no password: it does not open with
        // the empty password.
        let encrypt_id = doc.add_object(dictionary! {
            "Filter" => "Standard",
            "V" => 2,
            "R" => 3,
            "Length" => 128,
            "P" => -4,
            "O" => Object::string_literal(vec![7u8; 32]),
            "U" => Object::string_literal(vec![9u8; 32]),
        });
        doc.trailer.set("Encrypt", encrypt_id);
        doc.trailer.set(
            "ID",
            vec![
                Object::string_literal(vec![1u8; 16]),
                Object::string_literal(vec![1u8; 16]),
            ],
        );
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save pdf");
    bytes
}

/// A two-page PDF in a Type0 font whose `ToUnicode` map the PDF crates panic on (a range whose
/// text has an odd number of bytes): read, it is an `unreadable-file` flag, and the panic is
/// caught without a word on the terminal.
pub fn pdf_whose_font_map_panics_the_reader() -> Vec<u8> {
    pdf_with_font(
        b"BT /F1 12 Tf 72 700 Td <00410042> Tj ET",
        2,
        false,
        |doc| {
            let map = b"1 beginbfrange\n<41> <42> <004100>\nendbfrange\n".to_vec();
            let map_id = doc.add_object(Stream::new(dictionary! {}, map));
            let descendant = doc.add_object(dictionary! {
                "Type" => "Font",
                "Subtype" => "CIDFontType2",
                "BaseFont" => "SimSun",
                "CIDSystemInfo" => dictionary! {
                    "Registry" => Object::string_literal("Adobe"),
                    "Ordering" => Object::string_literal("Identity"),
                    "Supplement" => 0,
                },
            });
            dictionary! {
                "Type" => "Font",
                "Subtype" => "Type0",
                "BaseFont" => "SimSun",
                "Encoding" => "Identity-H",
                "DescendantFonts" => vec![descendant.into()],
                "ToUnicode" => map_id,
            }
        },
    )
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn the_real_pdf_gives_the_tables_and_defects_of_its_pdftotext_copy() {
    let pdf_path = fixture("real", "huaian-hongze-2023.pdf");
    let pdf = checked(&pdf_path);
    let txt = checked(&fixture("real", "huaian-hongze-2023.pdftotext-layout.txt"));
    assert_eq!(pdf.agency, txt.agency);
    assert_eq!(pdf.agency.as_deref(), Some("洪泽区人民政府"));
    assert_eq!(pdf.year, Some(2023));
    assert_eq!(pdf.summary.sections, [1, 2, 3, 4, 5, 6]);
    assert_eq!(pdf.summary.sections, txt.summary.sections);
    assert!(pdf.summary.table3_rows >= 20, "{}", pdf.summary.table3_rows);
    // 表四 as published: 行政复议 and 复议后起诉 with a 总计 of 0.
    assert_eq!(codes(&pdf, "table4-total"), 2);
    assert_eq!(codes(&txt, "table4-total"), 2);
    assert_eq!(codes(&pdf, "unreadable-file"), 0);
    assert_eq!(codes(&pdf, "table-missing"), 0);
    // Labels the PDF wraps onto the line that holds the row's values (「（二）部分公开（区分处理
    // 的，只计这一情形，不⏎计其他情形）  0 0 …」) are one row: no blank row, no extra row and
    // no missing row are made of them, and the errors are exactly those of the text copy.
    for code in ["blank-cell", "table-row-extra", "table-row-missing"] {
        assert_eq!(codes(&pdf, code), 0, "{code}: {:#?}", pdf.flags);
    }
    let errors = |r: &CheckedReport| -> Vec<&str> {
        let mut codes: Vec<&str> = r
            .flags
            .iter()
            .filter(|f| f.severity == nianbao::flag::Severity::Error)
            .map(|f| f.code)
            .collect();
        codes.sort_unstable();
        codes
    };
    assert_eq!(errors(&pdf), errors(&txt));

    // Every line knows its page; the tables are rebuilt from their ruling lines into rows of
    // cells, 表二 on page 2.
    let loaded = load(
        &pdf_path,
        fs::read(&pdf_path).expect("pdf"),
        Limits::default(),
    )
    .expect("read");
    assert_eq!(loaded.origins.len(), loaded.decoded.text.lines().count());
    let text: Vec<&str> = loaded.decoded.text.lines().collect();
    let table2 = text
        .iter()
        .position(|l| l.starts_with("行政规范性文件"))
        .expect("表二 row");
    assert!(
        matches!(
            loaded.origins[table2],
            LineOrigin::Row {
                page: Some(2),
                row: 3,
                ..
            }
        ),
        "{:?}",
        loaded.origins[table2]
    );
    assert_eq!(text[table2], "行政规范性文件\t0\t5\t5");
    // The row of 表三 the page break cuts (no line drawn under it) is a row of its table.
    let cut = text
        .iter()
        .find(|l| l.contains("2.没有现成信息需要另行制作"))
        .expect("row");
    assert_eq!(*cut, "\t\t2.没有现成信息需要另行制作\t3\t0\t0\t0\t0\t0\t3");
}

/// The value cells of 表二, 表三 and 表四 as read: (row, column) → raw text.
fn value_cells(
    report: &nianbao::report::Report,
) -> std::collections::BTreeMap<(String, usize), String> {
    [&report.table2, &report.table3, &report.table4]
        .into_iter()
        .flatten()
        .flat_map(|table| {
            assert!(table.doubts.is_empty(), "{:?}", table.doubts);
            table.rows.iter().flat_map(|row| {
                row.cells
                    .iter()
                    .enumerate()
                    .map(|(i, cell)| ((row.spec.id.to_string(), i), cell.raw.trim().to_string()))
            })
        })
        .collect()
}

#[test]
fn every_cell_of_the_real_pdf_tables_is_read_as_pdftotext_lays_it_out() {
    let pdf = nianbao::pipeline::load(
        &fixture("real", "huaian-hongze-2023.pdf"),
        Limits::default(),
    );
    let txt = nianbao::pipeline::load(
        &fixture("real", "huaian-hongze-2023.pdftotext-layout.txt"),
        Limits::default(),
    );
    let (pdf, txt) = (value_cells(&pdf), value_cells(&txt));
    let right = txt.iter().filter(|(k, v)| pdf.get(*k) == Some(v)).count();
    // 表二 10, 表三 23 rows × 7 (its （六） in the single-row form), 表四 15: every one, and no
    // cell the text copy does not have.
    assert_eq!((right, txt.len(), pdf.len()), (186, 186, 186));
}

#[test]
fn a_pdf_with_a_text_layer_is_read_line_by_line() {
    let content = b"BT /F1 12 Tf 72 700 Td (Annual report 2023) Tj ET \
BT /F1 12 Tf 72 680 Td (Rules) Tj ET BT /F1 12 Tf 300 680 Td (12) Tj ET";
    let bytes = small_pdf(content, false);
    let loaded = load(Path::new("a.pdf"), bytes, Limits::default()).expect("read");
    let lines: Vec<&str> = loaded.decoded.text.lines().collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0], "Annual report 2023");
    // A wide gap is a column break: at least two spaces, so the cells stay apart.
    assert!(lines[1].starts_with("Rules  "), "{}", lines[1]);
    assert!(lines[1].trim_end().ends_with("12"), "{}", lines[1]);
}

#[test]
fn hostile_pdfs_are_one_unreadable_flag_each() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    // A scan: a page with no text (only a drawn rectangle where the image would be).
    let scan = write(root, "scan.pdf", &small_pdf(b"0 0 595 842 re f", false));
    let (reason, message) = unreadable(&scan);
    assert_eq!(reason, "malformed");
    assert!(message.contains("扫描件，没有文字层"), "{message}");

    let encrypted = write(
        root,
        "encrypted.pdf",
        &small_pdf(b"BT /F1 12 Tf 72 700 Td (secret) Tj ET", true),
    );
    let (reason, message) = unreadable(&encrypted);
    assert_eq!(reason, "malformed");
    assert!(message.contains("加密"), "{message}");

    let real = fs::read(fixture("real", "huaian-hongze-2023.pdf")).expect("pdf");
    let truncated = write(root, "truncated.pdf", &real[..real.len() / 3]);
    let (reason, _) = unreadable(&truncated);
    assert_eq!(reason, "malformed");

    // 10,000 pages: refused from the page count, before any page is interpreted.
    let many = write(
        root,
        "many.pdf",
        &pdf_of_pages(b"BT /F1 12 Tf 72 700 Td (page) Tj ET", 10_000, false),
    );
    let (reason, message) = unreadable(&many);
    assert_eq!(reason, "malformed");
    assert!(message.contains("超过 2000 页"), "{message}");

    let not_pdf = write(root, "not.pdf", "一、总体情况".as_bytes());
    let (reason, message) = unreadable(&not_pdf);
    assert_eq!(reason, "malformed");
    assert!(message.contains("不是有效的 PDF"), "{message}");

    let panics = write(root, "map.pdf", &pdf_whose_font_map_panics_the_reader());
    let (reason, _) = unreadable(&panics);
    assert_eq!(reason, "malformed");
}

/// A PDF crate's panic is caught and flagged, and nothing of it reaches the terminal: `check`
/// prints the flag, and no panic message on stderr.
#[test]
fn a_pdf_that_panics_the_reader_is_flagged_without_a_word_on_stderr() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "map.pdf",
        &pdf_whose_font_map_panics_the_reader(),
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "jsonl"])
        .arg(dir.path())
        .output()
        .expect("nianbao runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.contains("\"unreadable-file\""), "{stdout}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.trim().is_empty(), "{stderr}");
}

/// The PDF fixtures and the texts they are made from (`tests/fixtures/pdf/SOURCES.tsv`).
fn pdf_fixtures() -> Vec<(PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = fs::read_to_string(fixture("pdf", "SOURCES.tsv")).expect("SOURCES.tsv");
    sources
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let (name, source) = line.split_once('\t').expect("name<TAB>source");
            (fixture("pdf", name), root.join(source))
        })
        .collect()
}

#[test]
fn the_pdf_fixtures_are_what_their_program_writes() {
    let fixtures = pdf_fixtures();
    assert!(fixtures.len() >= 13, "{fixtures:?}");
    for (pdf, source) in fixtures {
        let text = String::from_utf8(fixture_bytes(&source)).expect("a UTF-8 source text");
        let written = nianbao::ingest::formats::write::pdf(&text).expect("pdf");
        assert!(
            fs::read(&pdf).expect("committed fixture") == written,
            "{} is not what `cargo run --example pdf_fixtures` writes from {}",
            pdf.display(),
            source.display()
        );
    }
}

#[test]
fn each_pdf_fixture_gives_the_flags_of_its_text() {
    for (pdf, source) in pdf_fixtures() {
        let (from_pdf, from_text) = (checked(&pdf), checked_fixture(&source));
        assert_eq!(
            fingerprints(&from_pdf),
            fingerprints(&from_text),
            "{}",
            pdf.display()
        );
        assert_eq!(from_pdf.agency, from_text.agency, "{}", pdf.display());
        assert_eq!(from_pdf.year, from_text.year, "{}", pdf.display());
        // A fixture made from a `flagged-*` text of a rule has that rule's flag.
        let rule = source
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let flagged = source
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("flagged-"));
        assert_eq!(
            codes(&from_pdf, rule) > 0,
            flagged,
            "{}: {rule}",
            pdf.display()
        );
    }
}

#[test]
fn a_blank_cell_of_a_pdf_table_stays_in_its_column() {
    // The blank row of 表三: every cell of it blank, in its own column, on the page and row
    // of the drawn table; without the ruling lines the values of such a table cannot be
    // placed and the table is not judged.
    let report = checked(&fixture("pdf", "blank-row.pdf"));
    let blank: Vec<_> = report
        .flags
        .iter()
        .filter(|f| f.code == "blank-cell")
        .collect();
    assert_eq!(blank.len(), 1, "{:#?}", report.flags);
    let place = blank[0].location.source.expect("a place in the file");
    assert_eq!(place.page, Some(2));
    assert!(place.column.is_some(), "{place:?}");
    assert!(
        blank[0].message.get(Lang::Zh).contains("7个空白单元格")
            || blank[0].message.get(Lang::En).contains("7 blank cell(s)"),
        "{:?}",
        blank[0].message
    );
}

#[test]
fn a_page_of_countless_lines_is_read_as_text_without_tables() {
    // 45,000 separate strokes: past the cap of ruling segments a page keeps, so no frame is
    // built from them and the text is read as lines.
    let mut content =
        b"BT /F1 12 Tf 72 700 Td (Rules) Tj ET BT /F1 12 Tf 300 700 Td (12) Tj ET\n".to_vec();
    for i in 0..45_000u32 {
        let (x, y) = (i % 300, i / 300);
        content.extend_from_slice(format!("{x} {y} m {x} {} l S\n", y + 2).as_bytes());
    }
    let loaded = load(
        Path::new("lines.pdf"),
        small_pdf(&content, false),
        Limits::default(),
    )
    .expect("read");
    assert!(loaded
        .origins
        .iter()
        .all(|o| matches!(o, LineOrigin::Paragraph { .. })));
    assert!(
        loaded.decoded.text.starts_with("Rules  "),
        "{}",
        loaded.decoded.text
    );
}
