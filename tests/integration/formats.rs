//! Reports as they arrive: Word files, web pages and spreadsheets give the same flags as the
//! same report in text; the formats that are not read are listed with one flag that says what
//! to send instead; hostile files are one `unreadable-file` each, never a panic or a hang.

use std::fs;
use std::path::{Path, PathBuf};

use nianbao::flag::SourcePlace;
use nianbao::i18n::Lang;
use nianbao::ingest::formats::write;
use nianbao::ingest::Limits;
use nianbao::pipeline::{self, CheckOptions, CheckedReport};

use crate::common::{checked, fingerprints, fixture, seed};

/// The seeds in the row layout (000–002) and in the cell layout (003–004).
const SEEDS: [&str; 5] = [
    "000_480d39c3490e058f.txt",
    "001_5a1fe3ed23e367d7.txt",
    "002_a03528d1c919b0a1.txt",
    "003_80a41c86f4ba9762.txt",
    "004_060f1afac52ad05c.txt",
];

fn codes(report: &CheckedReport) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = report.flags.iter().map(|f| f.code).collect();
    codes.sort_unstable();
    codes
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).expect("write fixture");
    path
}

/// The reasons of the `unreadable-file` flags of a report.
fn unreadable(report: &CheckedReport) -> Vec<String> {
    report
        .flags
        .iter()
        .filter(|f| f.code == "unreadable-file")
        .map(|f| {
            f.evidence
                .get("reason")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

#[test]
fn a_seed_as_docx_html_xlsx_and_pdf_gives_the_flags_of_its_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in SEEDS {
        let text = fs::read_to_string(seed(name)).expect("seed");
        let txt = checked(&seed(name));
        assert!(!txt.flags.is_empty(), "{name}: the seeds have defects");
        let docx = write_file(
            dir.path(),
            &format!("{name}.docx"),
            &write::docx(&text).expect("docx"),
        );
        let html = write_file(
            dir.path(),
            &format!("{name}.html"),
            &write::html(&text, false),
        );
        let xlsx = write_file(
            dir.path(),
            &format!("{name}.xlsx"),
            &write::xlsx(&text).expect("xlsx"),
        );
        let pdf = write_file(
            dir.path(),
            &format!("{name}.pdf"),
            &write::pdf(&text).expect("pdf"),
        );
        for path in [&docx, &html, &xlsx, &pdf] {
            let report = checked(path);
            assert_eq!(codes(&report), codes(&txt), "{}", path.display());
            assert_eq!(
                fingerprints(&report),
                fingerprints(&txt),
                "{}",
                path.display()
            );
            assert_eq!(report.agency, txt.agency, "{}", path.display());
            assert_eq!(report.year, txt.year, "{}", path.display());
            assert_eq!(report.summary.sections, txt.summary.sections);
            assert_eq!(report.summary.table3_rows, txt.summary.table3_rows);
        }
    }
}

#[test]
fn word_numbering_carries_the_section_headings() {
    // Without the numbering, the docx of a seed has no 一、 … 六、 at all.
    let text = fs::read_to_string(seed(SEEDS[1])).expect("seed");
    let bytes = write::docx(&text).expect("docx");
    let document = {
        use std::io::Read;
        let mut archive =
            zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).expect("a zip");
        let mut part = archive.by_name("word/document.xml").expect("document");
        let mut xml = String::new();
        part.read_to_string(&mut xml).expect("read");
        xml
    };
    assert!(!document.contains(">一、总体情况<"), "numbered by Word");
    assert!(document.contains(">总体情况<"));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(dir.path(), "report.docx", &bytes);
    assert_eq!(checked(&path).summary.sections, [1, 2, 3, 4, 5, 6]);
}

#[test]
fn the_real_web_page_gives_the_flags_of_its_text() {
    let html = checked(&fixture("real", "shuyang-fgj-2023.html"));
    let txt = checked(&fixture("real", "shuyang-fgj-2023.txt"));
    assert_eq!(codes(&html), codes(&txt));
    assert_eq!(html.agency.as_deref(), Some("沭阳县发展和改革局"));
    assert_eq!(html.year, Some(2023));
    assert_eq!(html.summary.sections, txt.summary.sections);
    assert_eq!(html.summary.table3_rows, txt.summary.table3_rows);
    // The page's 公开日期 is kept for the front matter (after the title); the site's frame is
    // not report text.
    let text = nianbao::ingest::formats::load(
        Path::new("page.html"),
        fs::read(fixture("real", "shuyang-fgj-2023.html")).expect("page"),
        Limits::default(),
    )
    .expect("read");
    let text = text.decoded.text;
    assert!(
        text.starts_with("沭阳县发展和改革局2023年政府信息公开年度报告\n公开日期：2024-01-17\n"),
        "{}",
        &text[..300]
    );
    for chrome in ["采集时间", "索引号", "政府信息公开\n", "沭阳县发改局\n"] {
        assert!(!text.contains(chrome), "{chrome}");
    }
}

#[test]
fn a_gbk_page_with_chrome_gives_the_flags_of_its_text_and_names_its_encoding() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = SEEDS[0];
    let text = fs::read_to_string(seed(name)).expect("seed");
    let page = write_file(dir.path(), "page.htm", &write::html(&text, true));
    let report = checked(&page);
    let mut expected = codes(&checked(&seed(name)));
    // The page is in GBK: the one difference is the note on the encoding.
    expected.push("legacy-encoding");
    expected.sort_unstable();
    assert_eq!(codes(&report), expected);
    assert_eq!(report.summary.encoding.id(), "gb18030");
}

#[test]
fn a_folder_lists_every_report_format_and_names_what_it_skips() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let text = fs::read_to_string(seed(SEEDS[0])).expect("seed");
    write_file(root, "a.docx", &write::docx(&text).expect("docx"));
    write_file(root, "b.html", &write::html(&text, false));
    write_file(root, "c.xlsx", &write::xlsx(&text).expect("xlsx"));
    write_file(root, "d.txt", text.as_bytes());
    for name in [
        "e.doc", "f.wps", "g.ofd", "h.pdf", "i.jpg", "j.zip", "k.rar",
    ] {
        write_file(root, name, b"\x00\x01 binary");
    }
    write_file(root, "notes.md", b"# notes");
    write_file(root, "~$a.docx", b"lock");
    write_file(root, ".hidden.pdf", b"x");
    let run = pipeline::check_run(&[root.to_path_buf()], &CheckOptions::default());
    let names: Vec<String> = run
        .reports
        .iter()
        .map(|r| {
            r.path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "a.docx", "b.html", "c.xlsx", "d.txt", "e.doc", "f.wps", "g.ofd", "h.pdf", "i.jpg",
            "j.zip", "k.rar"
        ]
    );
    for report in &run.reports[..4] {
        assert!(unreadable(report).is_empty(), "{}", report.path.display());
    }
    for report in &run.reports[4..] {
        // A PDF is read: these bytes are not one, and say so.
        let expected = if report.path.ends_with("h.pdf") {
            "malformed"
        } else {
            "unsupported-format"
        };
        assert_eq!(unreadable(report), [expected], "{}", report.path.display());
        assert_eq!(report.flags.len(), 1, "{}", report.path.display());
        let message = report.flags[0].message.get(Lang::Zh);
        assert!(
            message.contains("请") || expected == "malformed",
            "{message}"
        );
    }
    let pdf = &run.reports[7].flags[0];
    assert!(
        pdf.message.get(Lang::Zh).contains("不是有效的 PDF"),
        "{}",
        pdf.message.get(Lang::Zh)
    );
    assert!(
        pdf.message.get(Lang::En).contains("PDF"),
        "{}",
        pdf.message.get(Lang::En)
    );
    let doc = &run.reports[4].flags[0];
    assert!(
        doc.message.get(Lang::Zh).contains(".doc")
            && doc.message.get(Lang::Zh).contains("请提供 .docx 或 .pdf")
    );
    assert_eq!(run.skipped, [root.join("notes.md")]);
}

#[test]
fn hostile_files_are_one_unreadable_flag_each() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    // A zip bomb: 40 MB of spaces that deflate to a few kilobytes, over a 4 MB limit.
    let filler = " ".repeat(40 << 20);
    let bomb = {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer
            .start_file("word/document.xml", options)
            .expect("part");
        writer.write_all(b"<w:document><w:body>").expect("write");
        writer.write_all(filler.as_bytes()).expect("write");
        writer.write_all(b"</w:body></w:document>").expect("write");
        writer.finish().expect("zip").into_inner()
    };
    drop(filler);
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    write_file(root, "01_bomb.docx", &bomb);
    write_file(root, "02_bomb.xlsx", &bomb);
    write_file(root, "03_not_a_zip.docx", "一、总体情况".as_bytes());
    let mut laughs = String::from(r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "哈">"#);
    for i in 1..10 {
        laughs.push_str(&format!(
            r#"<!ENTITY l{i} "{}">"#,
            format!("&l{};", i - 1).repeat(10)
        ));
    }
    laughs.push_str(r#"]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"#);
    let laughs_docx = {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        writer
            .start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .expect("part");
        writer.write_all(laughs.as_bytes()).expect("write");
        writer.finish().expect("zip").into_inner()
    };
    write_file(root, "04_laughs.docx", &laughs_docx);
    // 60 MB of nested tags.
    let nested = "<div><span>".repeat((60 << 20) / 11);
    write_file(root, "05_nested.html", nested.as_bytes());
    write_file(root, "06_empty.docx", b"");
    write_file(
        root,
        "07_not_a_workbook.xls",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 broken",
    );
    let options = CheckOptions {
        limits: Limits {
            max_bytes: 64 << 20,
        },
        ..CheckOptions::default()
    };
    let bounded = CheckOptions {
        limits: Limits { max_bytes: 4 << 20 },
        ..CheckOptions::default()
    };
    let reports: Vec<CheckedReport> = fs::read_dir(root)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|path| {
            let options = if path.to_string_lossy().contains("bomb") {
                &bounded
            } else {
                &options
            };
            pipeline::check_file(&path, options)
        })
        .collect();
    let summary: Vec<(String, Vec<String>, usize)> = reports
        .iter()
        .map(|r| {
            let name = r
                .path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, unreadable(r), r.flags.len())
        })
        .collect();
    let expected: Vec<(String, Vec<String>, usize)> = [
        ("01_bomb.docx", "malformed"),
        ("02_bomb.xlsx", "malformed"),
        ("03_not_a_zip.docx", "malformed"),
        ("04_laughs.docx", "malformed"),
        ("05_nested.html", "malformed"),
        ("06_empty.docx", "empty"),
        ("07_not_a_workbook.xls", "malformed"),
    ]
    .into_iter()
    .map(|(name, reason)| (name.to_string(), vec![reason.to_string()], 1))
    .collect();
    assert_eq!(summary, expected);
    let bomb_message = reports[0].flags[0].message.get(Lang::Zh);
    assert!(bomb_message.contains("压缩炸弹"), "{bomb_message}");
    let laughs_message = reports[3].flags[0].message.get(Lang::En);
    assert!(
        laughs_message.contains("undefined entity"),
        "{laughs_message}"
    );
    let nested_message = reports[4].flags[0].message.get(Lang::En);
    assert!(nested_message.contains("nested"), "{nested_message}");
}

#[test]
fn generated_clean_reports_in_every_format_give_the_flags_of_their_text() {
    let limits = Limits::default();
    let selection = nianbao::rules::RuleSelection::default();
    let codes_of = |name: &str, bytes: Vec<u8>| -> Vec<&'static str> {
        let report = pipeline::load_bytes(Path::new(name), bytes, limits);
        let mut codes: Vec<&'static str> = nianbao::rules::run(&report, &selection)
            .into_iter()
            .map(|f| f.code)
            .collect();
        codes.sort_unstable();
        codes
    };
    let mut layouts = std::collections::BTreeSet::new();
    for generated in nianbao::corpus::generate(11, 40) {
        layouts.insert(format!("{:?}", generated.layout));
        let text = generated.text.clone();
        let expected = codes_of("r.txt", text.clone().into_bytes());
        let name = &generated.file_name;
        assert_eq!(
            codes_of("r.docx", write::docx(&text).expect("docx")),
            expected,
            "{name}"
        );
        assert_eq!(
            codes_of("r.html", write::html(&text, false)),
            expected,
            "{name}"
        );
        assert_eq!(
            codes_of("r.xlsx", write::xlsx(&text).expect("xlsx")),
            expected,
            "{name}"
        );
        assert_eq!(
            codes_of("r.pdf", write::pdf(&text).expect("pdf")),
            expected,
            "{name}"
        );
    }
    assert_eq!(layouts.len(), 2, "both table layouts: {layouts:?}");
}

/// The text of the cell at a flag's source place, read from the file's own blocks.
fn source_cell(extracted: &nianbao::ingest::formats::Extracted, place: SourcePlace) -> String {
    use nianbao::ingest::formats::{render::join_lines, Block};
    let tables: Vec<_> = extracted
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Table(table) => Some(table),
            Block::Paragraph(_) => None,
        })
        .collect();
    let table = tables[place.table as usize - 1];
    let row = &table.rows[place.row as usize - 1];
    let column = place.column.expect("a cell flag has a column") as usize;
    join_lines(&row[column - 1].text)
}

#[test]
fn flags_of_a_structured_file_name_the_source_cell_and_text_flags_do_not() {
    use nianbao::ingest::formats::{extract, Format};
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cells = std::collections::HashMap::new();
    for name in SEEDS {
        let text = fs::read_to_string(seed(name)).expect("seed");
        let txt = checked(&seed(name));
        assert!(txt.flags.iter().all(|f| f.location.source.is_none()));
        for (format, bytes) in [
            (Format::Docx, write::docx(&text).expect("docx")),
            (Format::Html, write::html(&text, false)),
            (Format::Xlsx, write::xlsx(&text).expect("xlsx")),
        ] {
            let extension = format!("{format:?}").to_lowercase();
            let path = write_file(dir.path(), &format!("{name}.{extension}"), &bytes);
            let report = checked(&path);
            let extracted = extract(format, &bytes, Limits::default()).expect("extract");
            let rendered = nianbao::ingest::formats::render(&extracted);
            for flag in &report.flags {
                let Some(place) = flag.location.source else {
                    continue;
                };
                let line = flag.location.line.expect("a placed flag has a line");
                // The line is a row of one of the file's tables: the place is the cell the
                // flag's column falls in.
                let field = rendered.text.lines().nth(line as usize - 1).expect("line");
                if let Some(column) = flag.location.column {
                    let before: String = field.chars().take(column as usize - 1).collect();
                    let index = before.matches('\t').count();
                    let expected = field.split('\t').nth(index).expect("field");
                    assert_eq!(
                        source_cell(&extracted, place),
                        expected,
                        "{}: {flag:?}",
                        path.display()
                    );
                    *cells.entry(extension.clone()).or_insert(0) += 1;
                }
            }
        }
    }
    for format in ["docx", "html", "xlsx"] {
        assert!(
            cells.get(format) > Some(&0),
            "{format}: the seeds have cell defects"
        );
    }
}

#[test]
fn a_flag_in_a_paragraph_of_a_docx_names_its_part_and_paragraph() {
    use nianbao::flag::ParagraphPlace;
    let dir = tempfile::tempdir().expect("temp dir");
    let text = fs::read_to_string(seed(SEEDS[0])).expect("seed");
    // A placeholder in the third paragraph of part 一 (after its heading).
    let text = text.replacen("确保责任到人", "确保责任到XX人", 1);
    assert!(text.contains("XX"));
    let placed = |path: &Path| {
        let report = checked(path);
        let flag = report
            .flags
            .iter()
            .find(|f| f.code == "unfinished-text" && f.message.get(Lang::Zh).contains("XX"))
            .unwrap_or_else(|| panic!("the placeholder is flagged: {:?}", report.flags))
            .clone();
        flag.location
    };
    let docx = write_file(
        dir.path(),
        "report.docx",
        &write::docx(&text).expect("docx"),
    );
    let at = placed(&docx);
    assert_eq!(
        at.paragraph,
        Some(ParagraphPlace {
            page: None,
            part: Some(1),
            paragraph: 3
        })
    );
    assert_eq!(at.short_text(Lang::Zh).as_deref(), Some("第一部分第3段"));
    assert_eq!(
        at.short_text(Lang::En).as_deref(),
        Some("part 1, paragraph 3")
    );
    // Plain text has no paragraphs of a file to name: the line stays.
    let txt = write_file(dir.path(), "report.txt", text.as_bytes());
    assert_eq!(placed(&txt).paragraph, None);
}

#[test]
fn check_shows_the_source_cell_of_a_docx_flag_in_text_and_jsonl_and_the_text_line_of_a_txt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = SEEDS[0];
    let text = fs::read_to_string(seed(name)).expect("seed");
    let docx = write_file(
        dir.path(),
        "report.docx",
        &write::docx(&text).expect("docx"),
    );
    let run = |path: &Path, format: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["check", "--format", format, "--color", "never"])
            .arg(path)
            .output()
            .expect("run nianbao");
        String::from_utf8(output.stdout).expect("utf-8")
    };
    let lines: Vec<serde_json::Value> = run(&docx, "jsonl")
        .lines()
        .map(|line| serde_json::from_str(line).expect("json line"))
        .collect();
    let placed: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| l["source"]["template_table"].is_u64() && l["source"]["column"].is_u64())
        .collect();
    assert!(
        !placed.is_empty(),
        "cells of the tables are flagged in seed 000"
    );
    for line in &placed {
        let source = &line["source"];
        let table = match source["template_table"].as_u64() {
            Some(2) => "表二",
            Some(3) => "表三",
            _ => "表四",
        };
        let expected = format!("{table} 第{}行 第{}列", source["row"], source["column"]);
        assert_eq!(line["location"], expected.as_str(), "{line}");
        assert_eq!(line["schema_version"], 1);
        assert!(line["line"].is_u64() && line["column"].is_u64(), "{line}");
    }
    let human = run(&docx, "text");
    let first = placed[0]["location"].as_str().expect("location");
    assert!(human.contains(first), "{human}");
    // Plain text keeps line:column, and no source.
    let txt = run(&seed(name), "jsonl");
    let first: serde_json::Value = txt
        .lines()
        .map(|line| serde_json::from_str(line).expect("json"))
        .find(|line: &serde_json::Value| line["line"].is_u64())
        .expect("a flag on a line");
    assert!(first["source"].is_null(), "{first}");
    let expected = match (first["line"].as_u64(), first["column"].as_u64()) {
        (Some(line), Some(column)) => format!("{line}:{column}"),
        (Some(line), None) => line.to_string(),
        _ => unreachable!("seed 000 has a flag on a line"),
    };
    assert_eq!(first["location"], expected.as_str());
}

#[test]
fn bytes_checked_for_watch_unpack_within_the_users_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = fs::read_to_string(seed(SEEDS[0])).expect("seed");
    let bytes = write::docx(&text).expect("docx");
    let path = write_file(dir.path(), "a.docx", &bytes);
    // The file fits the limit, what it unpacks to does not.
    let options = CheckOptions {
        limits: Limits {
            max_bytes: bytes.len() as u64 + 1,
        },
        ..CheckOptions::default()
    };
    let limited = pipeline::check_bytes(dir.path(), &path, bytes.clone(), &options);
    assert_eq!(unreadable(&limited), ["malformed"], "{:?}", limited.flags);
    assert!(
        limited.flags[0].message.get(Lang::Zh).contains("压缩炸弹"),
        "{:?}",
        limited.flags[0].message
    );
    let default = pipeline::check_bytes(dir.path(), &path, bytes, &CheckOptions::default());
    assert!(unreadable(&default).is_empty());
}
