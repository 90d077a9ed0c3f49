//! No input makes nianbao panic: arbitrary bytes, mutated seed reports, a big file, a file cut
//! in the middle of a character, files that fail in every way the pipeline knows.
//!
//! Case counts are kept moderate so that this file runs in seconds in a debug build.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use nianbao::ingest::{self, Limits, ReadFailure, SourceEncoding, WalkEntry};
use nianbao::pipeline::{self, CheckOptions};
use nianbao::report::parse::parse_text;
use nianbao::rules::{self, RuleSelection};

const SEEDS: [&[u8]; 5] = [
    include_bytes!("../../sample-reports/000_480d39c3490e058f.txt"),
    include_bytes!("../../sample-reports/001_5a1fe3ed23e367d7.txt"),
    include_bytes!("../../sample-reports/002_a03528d1c919b0a1.txt"),
    include_bytes!("../../sample-reports/003_80a41c86f4ba9762.txt"),
    include_bytes!("../../sample-reports/004_060f1afac52ad05c.txt"),
];

/// Decode, parse and check bytes as the pipeline does; returns the codes flagged.
fn pipeline(bytes: &[u8]) -> Vec<&'static str> {
    let report = match ingest::decode(bytes) {
        Ok(decoded) => parse_text(&decoded.text, decoded.encoding),
        Err(failure) => nianbao::report::parse::unreadable(failure),
    };
    rules::run(&report, &RuleSelection::default())
        .iter()
        .map(|f| f.code)
        .collect()
}

/// Fragments of real reports, so that random text reaches deep into the parser.
const FRAGMENTS: &[&str] = &[
    "\n",
    "\n\n",
    "\t",
    "\r\n",
    "\r",
    " ",
    "\u{3000}",
    "0",
    "3",
    "12",
    "-1",
    "2.5",
    "１２",
    "〇",
    "二〇二三",
    "2023",
    "2024",
    "年",
    "月",
    "日",
    "1月1日",
    "12月31日",
    "至",
    "起至",
    "止",
    "。",
    "，",
    "：",
    "、",
    "（",
    "）",
    "(",
    ")",
    "【",
    "】",
    "XX",
    "××",
    "某县司法局",
    "市司法局",
    "2023年政府信息公开工作年度报告",
    "年度报告",
    "政府信息公开",
    "统计期限为",
    "统计时限为",
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "1、 总体情况",
    "（一）主动公开",
    "（1）",
    "一是",
    "二是",
    "第二十条第（一）项",
    "第二十条第（九）项",
    "信息内容",
    "本年制发件数",
    "本年新制作数量",
    "规章",
    "行政规范性文件",
    "规范性文件",
    "行政许可",
    "行政事业性收费",
    "政府集中采购",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "自然人",
    "法人或其他组织",
    "总计",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（三）不予公开",
    "1.属于国家秘密",
    "（六）其他处理",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "尚未审结",
    "共收到政府信息公开申请",
    "件",
    "条",
    "其中",
    "信息处理费",
    "无",
    "[bookmark: _Hlk66973412]",
    "[bookmark:",
    "<p>",
    "&nbsp;",
    "- 3 -",
    "\u{1b}[2J",
    "\u{202E}",
    "\u{FEFF}",
    "\u{FFFD}",
    "🙂",
    "é",
];

fn report_like_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..400).prop_map(|parts| parts.concat())
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Insert { at: usize, bytes: Vec<u8> },
    Delete { at: usize, len: usize },
    DeleteLine { line: usize },
    DuplicateLine { line: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<usize>(), prop::sample::select(FRAGMENTS)).prop_map(|(at, text)| {
            Mutation::Insert {
                at,
                bytes: text.as_bytes().to_vec(),
            }
        }),
        (any::<usize>(), 1usize..64).prop_map(|(at, len)| Mutation::Delete { at, len }),
        any::<usize>().prop_map(|line| Mutation::DeleteLine { line }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len();
    let pick = |at: usize, n: usize| if n == 0 { 0 } else { at % n };
    match mutation {
        Mutation::Flip { at, byte } if len > 0 => {
            let i = pick(*at, len);
            bytes[i] ^= byte | 1;
        }
        Mutation::Flip { .. } => {}
        Mutation::Insert { at, bytes: new } => {
            let i = pick(*at, len + 1);
            bytes.splice(i..i, new.iter().copied());
        }
        Mutation::Delete { at, len: n } => {
            let i = pick(*at, len + 1);
            let end = (i + n).min(len);
            bytes.drain(i..end);
        }
        Mutation::DeleteLine { line } | Mutation::DuplicateLine { line } => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(
                    bytes
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| **b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .filter(|&i| i <= len)
                .collect();
            let k = pick(*line, starts.len());
            let start = starts[k];
            let end = starts.get(k + 1).copied().unwrap_or(len);
            if matches!(mutation, Mutation::DeleteLine { .. }) {
                bytes.drain(start..end);
            } else {
                let copy = bytes[start..end].to_vec();
                bytes.splice(start..start, copy);
            }
        }
        Mutation::Truncate { at } => bytes.truncate(pick(*at, len + 1)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        pipeline(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let report = parse_text(&text, SourceEncoding::Utf8);
        rules::run(&report, &RuleSelection::default());
    }

    #[test]
    fn report_like_text_never_panics(text in report_like_text()) {
        pipeline(text.as_bytes());
        // The same text as GB18030, where it can be encoded.
        let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
        if !unmappable {
            pipeline(&gb);
        }
    }

    #[test]
    fn mutated_seeds_never_panic(
        seed in 0..SEEDS.len(),
        mutations in prop::collection::vec(mutation(), 1..12),
    ) {
        let mut bytes = SEEDS[seed].to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        pipeline(&bytes);
    }

    #[test]
    fn seeds_cut_anywhere_never_panic(seed in 0..SEEDS.len(), at in any::<usize>()) {
        let bytes = SEEDS[seed];
        let cut = &bytes[..at % (bytes.len() + 1)];
        pipeline(cut);
    }
}

#[test]
fn seeds_in_every_encoding_read_the_same() {
    for seed in SEEDS {
        let text = std::str::from_utf8(seed).expect("seeds are UTF-8");
        let (gb, _, unmappable) = encoding_rs::GB18030.encode(text);
        assert!(!unmappable);
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let bom: Vec<u8> = [0xEF, 0xBB, 0xBF]
            .into_iter()
            .chain(seed.iter().copied())
            .collect();
        let crlf = text.replace('\n', "\r\n");
        for (bytes, encoding) in [
            (gb.into_owned(), SourceEncoding::Gb18030),
            (utf16le, SourceEncoding::Utf16Le),
            (bom, SourceEncoding::Utf8Bom),
            (crlf.clone().into_bytes(), SourceEncoding::Utf8),
        ] {
            let decoded = ingest::decode(&bytes).expect("decodes");
            assert_eq!(decoded.encoding, encoding);
            assert_eq!(decoded.replaced, 0);
            let expected = if encoding == SourceEncoding::Utf8 {
                crlf.as_str()
            } else {
                text
            };
            assert_eq!(decoded.text, expected);
            let codes = pipeline(&bytes);
            assert!(!codes.contains(&"unreadable-file"));
            assert_eq!(
                codes.contains(&"legacy-encoding"),
                encoding.is_legacy(),
                "{encoding:?}"
            );
        }
    }
}

#[test]
fn a_big_file_completes() {
    let mut text = String::new();
    while text.len() < 4 * 1024 * 1024 {
        for seed in SEEDS {
            text.push_str(std::str::from_utf8(seed).expect("UTF-8"));
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.txt");
    fs::write(&path, &text).expect("write");
    let checked = pipeline::check_file(&path, &CheckOptions::default());
    assert!(checked.flags.iter().all(|f| f.code != "unreadable-file"));
    assert!(checked.summary.lines > 10_000);
    // A whole big line with no line break at all.
    let one_line = "本年度共收到政府信息公开申请3件，".repeat(200_000);
    pipeline(one_line.as_bytes());
}

#[test]
fn a_file_cut_inside_a_character_is_still_read() {
    for seed in SEEDS {
        let last_multibyte = seed
            .iter()
            .rposition(|&b| b >= 0xE0)
            .expect("seed has CJK text");
        let cut = &seed[..last_multibyte + 1];
        let decoded = ingest::decode(cut).expect("decodes");
        assert_eq!(decoded.encoding, SourceEncoding::Utf8);
        assert_eq!(decoded.replaced, 1);
        assert!(!pipeline(cut).contains(&"unreadable-file"));
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn every_failure_is_one_flag_and_the_other_files_are_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "01_empty.txt", b"");
    write(root, "02_blank.txt", "\u{3000}\n \t\r\n".as_bytes());
    write(root, "03_png.txt", b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR");
    write(root, "04_pdf.txt", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj");
    write(
        root,
        "05_docx.txt",
        b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
    );
    write(
        root,
        "06_ole.txt",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0",
    );
    write(root, "07_nul.txt", b"text\0with\0nul");
    write(root, "08_big.txt", &[b'a'; 2048]);
    write(root, "09_report.txt", SEEDS[0]);
    let garbage: Vec<u8> = std::iter::repeat_n([0x81u8, 0x30, 0x41], 300)
        .flatten()
        .collect();
    write(root, "10_garbage.txt", &garbage);
    let options = CheckOptions {
        limits: Limits { max_bytes: 1024 },
        ..CheckOptions::default()
    };
    let reports = pipeline::check_paths(&[root.to_path_buf()], &options);
    let summary: Vec<(String, Vec<String>)> = reports
        .iter()
        .map(|r| {
            let name = r
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let reasons = r
                .flags
                .iter()
                .filter(|f| f.code == "unreadable-file")
                .map(|f| f.evidence["reason"].as_str().unwrap_or("").to_string())
                .collect();
            (name, reasons)
        })
        .collect();
    let expected: Vec<(String, Vec<String>)> = [
        ("01_empty.txt", vec!["empty"]),
        ("02_blank.txt", vec!["blank"]),
        ("03_png.txt", vec!["binary"]),
        ("04_pdf.txt", vec!["binary"]),
        ("05_docx.txt", vec!["binary"]),
        ("06_ole.txt", vec!["binary"]),
        ("07_nul.txt", vec!["binary"]),
        ("08_big.txt", vec!["too-large"]),
        // The seed is 5 KB: over this run's limit too.
        ("09_report.txt", vec!["too-large"]),
        ("10_garbage.txt", vec!["undecodable"]),
    ]
    .into_iter()
    .map(|(n, r)| (n.to_string(), r.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(summary, expected);
    let unlimited = pipeline::check_paths(&[root.join("09_report.txt")], &CheckOptions::default());
    assert!(unlimited[0]
        .flags
        .iter()
        .all(|f| f.code != "unreadable-file"));
}

#[test]
fn a_file_that_vanishes_between_walk_and_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "gone.txt", SEEDS[0]);
    let entries = ingest::walk(&[dir.path().to_path_buf()]);
    assert_eq!(entries, [WalkEntry::File(path.clone())]);
    fs::remove_file(&path).expect("remove");
    assert_eq!(
        ingest::read_file(&path, Limits::default()),
        Err(ReadFailure::Vanished)
    );
    let checked = pipeline::check_file(&path, &CheckOptions::default());
    let codes: Vec<_> = checked.flags.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["unreadable-file"]);
    assert_eq!(checked.flags[0].evidence["reason"], "vanished");
}

/// A file its reader may not open is one `unreadable-file` flag saying so. Root opens any
/// file, and CI runs as root: there the check runs in a child process that first drops to
/// nobody, so the test means the same for every user.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_one_flag() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().expect("temp dir");
    // Anyone may enter the folder: the file, not the folder, is what cannot be read.
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = write(dir.path(), "locked.txt", SEEDS[0]);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    let mut check = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"));
    check
        .args(["check", "--format", "jsonl", "--lang", "en"])
        .arg(&path);
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        const NOBODY: u32 = 65534;
        check.uid(NOBODY).gid(NOBODY);
    }
    let output = check.output().expect("nianbao runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let flags: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("a jsonl line"))
        .collect();
    assert_eq!(flags.len(), 1, "{stdout}");
    assert_eq!(flags[0]["code"], "unreadable-file");
    assert_eq!(flags[0]["evidence"]["reason"], "permission-denied");
}
