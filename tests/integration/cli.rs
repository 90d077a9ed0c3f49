//! `nianbao check` from the outside: exit codes, the three formats, language, colour, hostile
//! input and stable order.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const SEED_CLEAN: &str = "sample-reports/000_480d39c3490e058f.txt";

/// The keys of a jsonl line, in order (design.md).
const JSONL_KEYS: [&str; 13] = [
    "schema_version",
    "path",
    "agency",
    "year",
    "code",
    "severity",
    "line",
    "column",
    "message",
    "evidence",
    "fingerprint",
    "location",
    "source",
];

/// A `nianbao` command with no colour hints from the environment.
fn nianbao() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    run_cmd(nianbao().args(args))
}

fn run_cmd(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn jsonl(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(&path, bytes).expect("write");
    path
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

const PNG: &[u8] = b"\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR\x00\x00\x00\x01";

/// The characters a terminal would act on.
fn assert_no_terminal_controls(output: &str, context: &str) {
    for c in output.chars() {
        let bad = (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}');
        assert!(!bad, "{context}: raw {c:?} in output:\n{output}");
    }
}

#[test]
fn a_report_without_errors_exits_zero() {
    let out = run(&["check", SEED_CLEAN]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("共检查 1 份报告"), "{}", out.stdout);
}

#[test]
fn an_error_flag_exits_one_and_the_other_files_are_still_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "a_image.txt", PNG);
    write(dir.path(), "b_empty.txt", b"");
    write(dir.path(), "c_blank.txt", b" \r\n\t\n");
    fs::copy(SEED_CLEAN, dir.path().join("d_report.txt")).expect("copy");
    let out = run(&["check", "--format", "jsonl", s(dir.path())]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let unreadable: Vec<(String, String)> = jsonl(&out.stdout)
        .iter()
        .filter(|v| v["code"] == "unreadable-file")
        .map(|v| {
            let path = v["path"].as_str().unwrap_or_default();
            let name = Path::new(path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                name,
                v["evidence"]["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        unreadable,
        [
            ("a_image.txt".to_string(), "binary".to_string()),
            ("b_empty.txt".to_string(), "empty".to_string()),
            ("c_blank.txt".to_string(), "blank".to_string()),
        ]
    );
    let json = run(&["check", "--format", "json", s(dir.path())]);
    let document: Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(
        document["summary"]["reports"], 4,
        "the readable report is listed too"
    );
}

#[test]
fn usage_errors_exit_two() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("missing.txt");
    for args in [
        vec!["check"],
        vec!["check", "--bogus", SEED_CLEAN],
        vec!["check", "--format", "xml", SEED_CLEAN],
        vec!["check", "--lang", "fr", SEED_CLEAN],
        vec!["check", "--max-bytes", "lots", SEED_CLEAN],
        vec!["check", s(&missing)],
        vec!["check", SEED_CLEAN, s(&missing)],
        vec!["frobnicate", SEED_CLEAN],
        vec![SEED_CLEAN, "check", SEED_CLEAN],
    ] {
        let out = run(&args);
        assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
        assert!(out.stdout.is_empty(), "{args:?} printed results");
        assert!(!out.stderr.is_empty(), "{args:?} said nothing");
    }
    assert_eq!(run(&["check", "--help"]).code, 0);
}

#[test]
fn jsonl_is_one_object_per_flag_with_exactly_the_contract_keys() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "one.txt", PNG);
    let (gbk, _, _) =
        encoding_rs::GBK.encode("某县司法局2023年政府信息公开工作年度报告\n一、总体情况\n");
    write(dir.path(), "two.txt", &gbk);
    let out = run(&["check", "--format", "jsonl", s(dir.path())]);
    let lines = jsonl(&out.stdout);
    assert!(lines.len() >= 2, "{}", out.stdout);
    for line in &lines {
        let keys: Vec<&str> = line
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, JSONL_KEYS);
        assert_eq!(line["schema_version"], 1);
        assert!(["error", "warning", "info"].contains(&line["severity"].as_str().unwrap_or("")));
        let fingerprint = line["fingerprint"].as_str().unwrap_or("");
        assert!(fingerprint.len() == 16 && fingerprint.chars().all(|c| c.is_ascii_hexdigit()));
    }
    assert!(lines
        .iter()
        .any(|v| v["code"] == "legacy-encoding" && v["evidence"]["encoding"] == "gb18030"));
}

#[test]
fn json_is_one_document_with_every_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::copy(SEED_CLEAN, dir.path().join("a.txt")).expect("copy");
    write(dir.path(), "b.txt", PNG);
    let out = run(&["check", "--format", "json", s(dir.path())]);
    let document: Value = serde_json::from_str(&out.stdout).expect("one JSON document");
    assert_eq!(document["schema_version"], 1);
    let reports = document["reports"].as_array().expect("reports");
    assert_eq!(reports.len(), 2);
    for report in reports {
        for key in ["path", "agency", "year", "template", "parse", "flags"] {
            assert!(report.get(key).is_some(), "{key} missing in {report}");
        }
    }
    assert_eq!(reports[0]["parse"]["encoding"], "utf8");
    assert_eq!(reports[1]["flags"][0]["code"], "unreadable-file");
}

#[test]
fn text_groups_by_report_with_a_summary_and_no_colour_off_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let image = write(dir.path(), "image.txt", PNG);
    let out = run(&["check", s(&image)]);
    assert_eq!(out.code, 1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].ends_with("image.txt"), "{}", out.stdout);
    assert!(
        lines[1].contains("错误") && lines[1].contains("unreadable-file"),
        "{}",
        out.stdout
    );
    assert!(lines[1].contains("PNG"), "{}", out.stdout);
    assert_eq!(
        lines.last().copied(),
        Some("共检查 1 份报告，1 份有问题：错误 1 个，警告 0 个，提示 0 个")
    );
    assert!(!out.stdout.contains('\u{1b}'), "colour off a terminal");
}

#[test]
fn colour_is_opt_in_off_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let image = write(dir.path(), "image.txt", PNG);
    let always = run(&["check", "--color", "always", s(&image)]);
    assert!(always.stdout.contains("\u{1b}["), "{}", always.stdout);
    let never = run(&["check", "--color", "never", s(&image)]);
    assert!(!never.stdout.contains('\u{1b}'));
    let no_color = run_cmd(nianbao().env("NO_COLOR", "1").args(["check", s(&image)]));
    assert!(!no_color.stdout.contains('\u{1b}'));
    // Machine formats never carry colour.
    let jsonl = run(&["check", "--color", "always", "--format", "jsonl", s(&image)]);
    assert!(!jsonl.stdout.contains('\u{1b}'));
}

#[test]
fn english_messages_with_lang_en() {
    let dir = tempfile::tempdir().expect("temp dir");
    let image = write(dir.path(), "image.txt", PNG);
    let out = run(&["check", "--lang", "en", "--format", "jsonl", s(&image)]);
    let lines = jsonl(&out.stdout);
    assert_eq!(
        lines[0]["message"],
        "the file cannot be read: the file is binary (PNG), not text"
    );
    let text = run(&["--lang", "en", "check", s(&image)]);
    assert!(text.stdout.contains("error"), "{}", text.stdout);
    assert!(
        text.stdout
            .trim_end()
            .ends_with("1 report checked, 1 with flags: 1 error, 0 warnings, 0 info"),
        "{}",
        text.stdout
    );
}

#[test]
fn hostile_names_and_text_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile = "\u{1b}[2J\u{202E}\u{9b}31m";
    let title = format!("某县司法局2023年政府信息公开工作年度报告{hostile}\n");
    let body =
        format!("{title}一、总体情况\n\u{1b}]0;pwned\u{7}本年度\u{2066}共收到\u{202D}申请3件。\n");
    // GB18030 so that the readable file has a flag, whose path is printed.
    let (gb, _, _) = encoding_rs::GB18030.encode(&body);
    write(dir.path(), &format!("{hostile}gb.txt"), &gb);
    write(dir.path(), &format!("{hostile}utf8.txt"), body.as_bytes());
    write(dir.path(), &format!("{hostile}image.txt"), PNG);
    for format in ["text", "json", "jsonl"] {
        for lang in ["zh", "en"] {
            let out = run(&["check", "--format", format, "--lang", lang, s(dir.path())]);
            assert_eq!(out.code, 1, "{format}: {}", out.stderr);
            assert!(!out.stdout.is_empty());
            assert_no_terminal_controls(&out.stdout, format);
        }
    }
    // The machine formats still carry the names, escaped.
    let out = run(&["check", "--format", "jsonl", s(dir.path())]);
    assert!(jsonl(&out.stdout)
        .iter()
        .any(|v| v["path"].as_str().is_some_and(|p| p.contains(hostile))));
    // And the error for a path that does not exist is sanitised too.
    let missing = dir.path().join(format!("{hostile}missing.txt"));
    let out = run(&["check", s(&missing)]);
    assert_eq!(out.code, 2);
    assert_no_terminal_controls(&out.stderr, "stderr");
}

#[test]
fn output_order_is_stable_and_sorted() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in (0..40).rev() {
        let content: &[u8] = if i % 3 == 0 { PNG } else { b"" };
        write(dir.path(), &format!("sub{}/{i:02}.txt", i % 4), content);
    }
    let first = run(&["check", "--format", "jsonl", s(dir.path())]);
    for _ in 0..3 {
        let again = run(&["check", "--format", "jsonl", s(dir.path())]);
        assert_eq!(first.stdout, again.stdout);
    }
    let paths: Vec<String> = jsonl(&first.stdout)
        .iter()
        .map(|v| v["path"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(paths.len(), 40);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn max_bytes_limits_what_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seed = fs::read(SEED_CLEAN).expect("seed");
    let big = write(dir.path(), "big.txt", &seed);
    let out = run(&["check", "--format", "jsonl", "--max-bytes", "1K", s(&big)]);
    assert_eq!(out.code, 1);
    let lines = jsonl(&out.stdout);
    assert_eq!(
        lines[0]["evidence"]["reason"], "too-large",
        "{}",
        out.stdout
    );
    let limit = seed.len().to_string();
    assert_eq!(run(&["check", "--max-bytes", &limit, s(&big)]).code, 0);
}

#[test]
fn explicit_files_are_checked_whatever_their_extension() {
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = write(dir.path(), "report.docx", PNG);
    let md = dir.path().join("notes.md");
    fs::copy(SEED_CLEAN, &md).expect("copy");
    let out = run(&["check", "--format", "json", s(&doc), s(&md)]);
    let document: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(document["summary"]["reports"], 2);
    // In a folder, the report formats are reports (a .docx that is not a Word file is an
    // unreadable one); any other file is named as skipped.
    let folder = run(&["check", "--format", "json", s(dir.path())]);
    let document: Value = serde_json::from_str(&folder.stdout).expect("JSON");
    assert_eq!(document["summary"]["reports"], 1);
    assert_eq!(
        document["reports"][0]["flags"][0]["evidence"]["reason"],
        "malformed"
    );
    assert_eq!(
        document["summary"]["skipped"],
        serde_json::json!([md.to_string_lossy()])
    );
    assert_eq!(folder.code, 1);
    let text = run(&["check", s(dir.path())]);
    assert!(
        text.stdout.contains("跳过 1 个不是报告的文件：") && text.stdout.contains("notes.md"),
        "{}",
        text.stdout
    );
}

#[cfg(unix)]
#[test]
fn a_directory_loop_is_one_flag_and_terminates() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(dir.path().join("inbox/sub")).expect("mkdir");
    fs::copy(SEED_CLEAN, dir.path().join("inbox/sub/r.txt")).expect("copy");
    std::os::unix::fs::symlink(dir.path().join("inbox"), dir.path().join("inbox/sub/back"))
        .expect("symlink");
    let out = run(&["check", "--format", "jsonl", s(&dir.path().join("inbox"))]);
    assert_eq!(out.code, 1);
    let loops: Vec<Value> = jsonl(&out.stdout)
        .into_iter()
        .filter(|v| v["evidence"]["reason"] == "directory-loop")
        .collect();
    assert_eq!(loops.len(), 1, "{}", out.stdout);
    assert!(loops[0]["path"]
        .as_str()
        .is_some_and(|p| p.ends_with("sub/back")));
}

#[test]
fn output_to_a_closed_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..200 {
        write(dir.path(), &format!("{i:03}.txt"), PNG);
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "jsonl", s(dir.path())])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A shared inbox with hostile entries: a FIFO, a link to `/dev/zero`, a link to `/`, a folder
/// too deep to open, and one real report.
#[cfg(unix)]
fn hostile_inbox() -> tempfile::TempDir {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::copy(SEED_CLEAN, root.join("a_report.txt")).expect("copy");
    common::mkfifo(&root.join("x.txt"));
    symlink("/dev/zero", root.join("y.txt")).expect("symlink");
    symlink("/", root.join("escape")).expect("symlink");
    common::too_deep_folder(root);
    dir
}

#[cfg(unix)]
#[test]
fn a_hostile_inbox_is_checked_in_bounded_time_and_what_was_not_read_is_listed() {
    let dir = hostile_inbox();
    let root = dir.path();
    let check = |format: &str, lang: &str| {
        run_cmd(
            nianbao()
                .args(["--lang", lang, "check", "--format", format, s(root)])
                .timeout(common::HANG),
        )
    };
    let text = check("text", "zh");
    assert_eq!(text.code, 1, "{}{}", text.stdout, text.stderr);
    let lines: Vec<&str> = text.stdout.lines().collect();
    assert_eq!(
        lines[lines.len() - 2],
        "未能读取 4 个路径：link-outside 2 个，not-regular 1 个，path-too-long 1 个\
         （原因见上方 unreadable-file）",
        "{}",
        text.stdout
    );
    assert!(lines
        .last()
        .is_some_and(|l| l.starts_with("共检查 5 份报告")));
    assert!(text
        .stdout
        .contains("符号链接指向所检查的文件夹之外（/），未跟随"));
    assert!(text.stdout.contains("路径过长"));
    let english = check("text", "en");
    assert!(
        english
            .stdout
            .contains("4 paths not read: 2 link-outside, 1 not-regular, 1 path-too-long"),
        "{}",
        english.stdout
    );

    let json = check("json", "zh");
    let document: Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(document["summary"]["reports"], 5);
    assert_eq!(
        document["summary"]["unread"],
        serde_json::json!({"link-outside": 2, "not-regular": 1, "path-too-long": 1})
    );
    let escape = document["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .find(|r| r["path"] == s(&root.join("escape")))
        .expect("the link to / is listed");
    assert_eq!(escape["flags"][0]["evidence"]["reason"], "link-outside");
    // Nothing from outside the inbox was walked.
    for report in document["reports"].as_array().expect("reports") {
        let path = report["path"].as_str().expect("path");
        assert!(!path.contains("/escape/"), "{path}");
    }
}

#[cfg(unix)]
#[test]
fn a_folder_and_a_file_without_permission_are_listed_even_when_run_as_root() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let mode = |path: &Path, mode: u32| {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod")
    };
    mode(root, 0o755);
    fs::copy(SEED_CLEAN, root.join("a_report.txt")).expect("copy");
    mode(&root.join("a_report.txt"), 0o644);
    write(root, "locked/secret.txt", b"x");
    mode(&root.join("locked"), 0o000);
    write(root, "b_secret.txt", b"x");
    mode(&root.join("b_secret.txt"), 0o000);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"));
    cmd.args(["check", "--format", "json", s(root)]);
    // Permissions do not bind root (CI runs as root): the check runs as `nobody` then.
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        cmd.uid(65534).gid(65534);
    }
    let output = cmd.output().expect("runs");
    mode(&root.join("locked"), 0o755);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let document: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "JSON ({e}): {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert_eq!(document["summary"]["reports"], 3, "{stdout}");
    assert_eq!(
        document["summary"]["unread"],
        serde_json::json!({"permission-denied": 2}),
        "{stdout}"
    );
}

/// `(file, code, fingerprint)` of every jsonl line.
fn fingerprints(stdout: &str) -> Vec<(String, String, String)> {
    jsonl(stdout)
        .iter()
        .map(|v| {
            let field = |key: &str| v[key].as_str().unwrap_or_default().to_string();
            (field("path"), field("code"), field("fingerprint"))
        })
        .collect()
}

#[test]
fn the_seeds_keep_the_fingerprints_journals_were_written_against() {
    let baseline = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/seed-fingerprints.tsv"),
    )
    .expect("baseline");
    let expected: Vec<(String, String, String)> = baseline
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            (fields[0].into(), fields[1].into(), fields[2].into())
        })
        .collect();
    assert!(expected.len() >= 40, "the baseline has {}", expected.len());
    let run = run(&["check", "sample-reports", "--format", "jsonl"]);
    let found = fingerprints(&run.stdout);
    for line in &expected {
        assert!(found.contains(line), "{line:?} is gone; found {found:#?}");
    }
}

#[test]
fn reports_without_agency_or_year_never_share_a_fingerprint() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seed =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_CLEAN)).expect("seed");
    // The body of a report without its title: no agency, no year.
    let body: String = seed
        .lines()
        .skip_while(|l| !l.starts_with("一、"))
        .collect::<Vec<_>>()
        .join("\n");
    for name in ["a.txt", "important.txt", "sub/a.txt", "sub/deeper/a.txt"] {
        write(dir.path(), name, b"");
    }
    for name in ["body.txt", "body-copy.txt", "sub/body.txt"] {
        write(dir.path(), name, body.as_bytes());
    }
    for name in ["notes.txt", "sub/notes.txt"] {
        write(
            dir.path(),
            name,
            "会议纪要\n今天讨论了年度计划。\n".as_bytes(),
        );
    }
    for name in ["image.txt", "sub/image.txt"] {
        write(dir.path(), name, PNG);
    }
    let run = run(&["check", s(dir.path()), "--format", "jsonl"]);
    let found = fingerprints(&run.stdout);
    let files: std::collections::BTreeSet<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(files.len(), 11, "every file has a flag: {found:#?}");
    let mut seen = std::collections::HashMap::new();
    for (file, code, fingerprint) in &found {
        if let Some(other) = seen.insert(fingerprint.clone(), (file.clone(), code.clone())) {
            panic!("{file} {code} and {other:?} share {fingerprint}");
        }
    }
    // The same file checked by name, or found in a folder named differently, is the same
    // report to a journal: the key is the path below the folder checked.
    let named = run_cmd(
        nianbao()
            .args(["check", "--format", "jsonl"])
            .arg(dir.path().join("a.txt")),
    );
    let relative = run_cmd(
        nianbao()
            .current_dir(dir.path())
            .args(["check", "--format", "jsonl", "."]),
    );
    let by_name = fingerprints(&named.stdout);
    let top_a = found
        .iter()
        .find(|f| f.0.ends_with("/a.txt") && !f.0.contains("sub/"))
        .expect("a.txt");
    assert_eq!(by_name[0].2, top_a.2);
    assert_eq!(fingerprints(&relative.stdout).len(), found.len());
    for line in fingerprints(&relative.stdout) {
        assert!(found.iter().any(|f| f.2 == line.2), "{line:?}");
    }
}

#[test]
fn a_report_known_by_its_file_keeps_its_fingerprints_when_lines_are_added_above() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seed =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_CLEAN)).expect("seed");
    let body: Vec<&str> = seed
        .lines()
        .skip_while(|l| !l.starts_with("一、"))
        .collect();
    let path = write(dir.path(), "body.txt", body.join("\n").as_bytes());
    let before = fingerprints(&run(&["check", s(dir.path()), "--format", "jsonl"]).stdout);
    assert!(!before.is_empty());
    let mut edited = vec!["补充说明。", "", "又一段补充说明。"];
    edited.extend(&body);
    fs::write(&path, edited.join("\n")).expect("write");
    let after = fingerprints(&run(&["check", s(dir.path()), "--format", "jsonl"]).stdout);
    assert_eq!(before, after);
}

/// `--format csv` has the export's columns, a BOM for Excel and formulas neutralised.
#[test]
fn csv_has_the_export_columns_and_neutralises_formulas() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "=cmd.txt", PNG);
    let out = run(&["check", "--format", "csv", s(dir.path())]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let text = out
        .stdout
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(headers[0], "单位");
    assert_eq!(headers[4], "规则名称");
    assert_eq!(headers.len(), 14);
    assert_eq!(headers[13], "报告状态");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 1);
    let file = rows[0].get(2).unwrap_or_default();
    assert!(
        file.ends_with("=cmd.txt") && !file.starts_with('='),
        "{file}"
    );
    assert_eq!(rows[0].get(3), Some("unreadable-file"));
    let en = run(&["--lang", "en", "check", "--format", "csv", s(dir.path())]);
    assert!(en.stdout.contains("Agency,Year,File,Rule"), "{}", en.stdout);
}

/// `--format sarif` is a SARIF 2.1.0 log whose rules are the catalogue.
#[test]
fn sarif_is_a_2_1_0_log_with_the_catalogue_as_rules() {
    let dir = tempfile::tempdir().expect("temp dir");
    let image = write(dir.path(), "报告 1.txt", PNG);
    let out = run(&["check", "--format", "sarif", s(&image)]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let log: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "nianbao");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), nianbao::rules::catalogue::metas().count());
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "unreadable-file");
    assert_eq!(result["level"], "error");
    let index = result["ruleIndex"].as_u64().expect("an index") as usize;
    assert_eq!(rules[index]["id"], "unreadable-file");
    assert_eq!(rules[index]["shortDescription"]["text"], "文件无法读取");
    let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap_or_default();
    assert!(uri.ends_with("/%E6%8A%A5%E5%91%8A%201.txt"), "{uri}");
    assert!(result["partialFingerprints"]["nianbao/v1"].is_string());
}

/// `-o FILE` writes the output to a file, as UTF-8, without colour, and nothing to stdout.
#[test]
fn output_to_a_file_is_utf8_without_colour() {
    let dir = tempfile::tempdir().expect("temp dir");
    let image = write(dir.path(), "image.txt", PNG);
    let target = dir.path().join("结果.txt");
    let out = run(&["check", "-o", s(&target), s(&image)]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let bytes = fs::read(&target).expect("the file is written");
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(
        text.contains("错误") && text.contains("unreadable-file"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'));
    let out = run(&[
        "check",
        "--format",
        "jsonl",
        "--output",
        s(&target),
        s(&image),
    ]);
    assert_eq!(out.code, 1);
    let text = fs::read_to_string(&target).expect("replaced");
    assert_eq!(jsonl(&text).len(), 1);
}

/// `check` writes jsonl and text as the reports are checked, to stdout and to `-o FILE` alike:
/// the same bytes either way, and the same exit code, with the cross-report rules on (their
/// flags join each report's own at the end) and off.
#[test]
fn streamed_output_is_the_same_on_stdout_and_in_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("out");
    for format in ["jsonl", "text"] {
        for ignore in ["typo", "B7,B8"] {
            let args = [
                "check", "--lang", "en", "--format", format, "--ignore", ignore,
            ];
            let mut to_stdout = args.to_vec();
            to_stdout.extend(["sample-reports", "tests/fixtures/rules"]);
            let stdout = run(&to_stdout);
            let mut to_file = args.to_vec();
            to_file.extend(["-o", s(&target), "sample-reports", "tests/fixtures/rules"]);
            let file = run(&to_file);
            assert_eq!(
                stdout.code, 1,
                "the fixtures have errors: {}",
                stdout.stderr
            );
            assert_eq!(file.code, stdout.code, "{format} {ignore}: {}", file.stderr);
            assert!(file.stdout.is_empty(), "{}", file.stdout);
            let written = fs::read_to_string(&target).expect("the file is written");
            assert!(written.lines().count() > 20, "{format} {ignore}: {written}");
            assert_eq!(written, stdout.stdout, "{format} {ignore}");
        }
    }
}
