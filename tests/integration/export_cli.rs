//! `nianbao export` end to end, over a temporary inbox holding copies of the sample reports.
//!
//! The rules are still growing, so these tests assert only what does not depend on which
//! rules exist: the file is written where asked, whole, in its format, with its headings, and
//! a verdict recorded in the inbox's journal shows up.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use assert_cmd::Command;
use calamine::{open_workbook_from_rs, Reader, Xlsx};
use nianbao::flag::Fingerprint;
use nianbao::triage::{Action, ReportRef, TriageStore};

/// A copy of the sample reports, with one confirmed verdict on a flag of a report that is not
/// in the inbox (so it is exported whatever the rules find).
fn inbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-reports");
    for entry in std::fs::read_dir(samples).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let mut store = TriageStore::open(dir.path(), "审核员").unwrap();
    let gone = Arc::new(ReportRef {
        agency: Some("已撤销的局".into()),
        year: Some(2022),
        file: "gone.txt".into(),
        content_hash: None,
    });
    let decision = store
        .decide(
            Fingerprint(0xfeed),
            "period-reversed",
            gone,
            Action::Confirm,
        )
        .with_note("=1+1");
    store.record(decision).unwrap();
    dir
}

fn nianbao() -> Command {
    Command::cargo_bin("nianbao").unwrap()
}

fn export(inbox: &Path, output: &Path, extra: &[&str]) -> String {
    let assert = nianbao()
        .arg("export")
        .arg(inbox)
        .arg("-o")
        .arg(output)
        .args(extra)
        .assert()
        .success();
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

#[test]
fn csv_with_bom_headers_and_the_recorded_verdict() {
    let inbox = inbox();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("问题清单.csv");
    let stdout = export(inbox.path(), &path, &["--status", "all"]);
    assert_eq!(
        stdout.trim(),
        path.display().to_string(),
        "prints the path written"
    );
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with(
        "单位,年度,文件,规则,规则名称,级别,位置,问题描述,证据,状态,批注,审核人,审核时间,报告状态\r\n"
    ));
    assert!(text.contains("已撤销的局,2022,gone.txt,period-reversed"));
    assert!(
        text.contains(",'=1+1,审核员,"),
        "formula neutralised: {text}"
    );
}

#[test]
fn every_format_is_written_and_recognised_from_the_extension() {
    let inbox = inbox();
    let out = tempfile::tempdir().unwrap();

    let xlsx = out.path().join("out.xlsx");
    export(inbox.path(), &xlsx, &["--status", "all"]);
    let mut book: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(std::fs::read(&xlsx).unwrap())).unwrap();
    assert_eq!(book.sheet_names(), ["问题清单", "汇总"]);
    let sheet = book.worksheet_range("问题清单").unwrap();
    assert!(sheet.rows().count() >= 2);

    let json = out.path().join("out.json");
    export(inbox.path(), &json, &["--status", "all"]);
    let value: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let rows = value["rows"].as_array().unwrap();
    assert!(rows
        .iter()
        .any(|r| r["status"] == "absent" && r["verdict"]["user"] == "审核员"));

    let md = out.path().join("notice.md");
    export(inbox.path(), &md, &[]);
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.starts_with("# 关于政府信息公开工作年度报告问题整改的通知\n"),
        "{text}"
    );

    let html = out.path().join("notice.htm");
    export(inbox.path(), &html, &["--lang", "en"]);
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(text.contains("<title>Notice of corrections"), "{text}");

    let forced = out.path().join("notice.txt");
    export(
        inbox.path(),
        &forced,
        &["--format", "md", "--status", "open"],
    );
    let text = std::fs::read_to_string(&forced).unwrap();
    assert!(text.starts_with("<style>@page { size: A4"), "{text}");
    assert!(text.contains("\n# 问题清单\n"));

    // The docx takes its issuer, number and deadline from the inbox's [notice] settings.
    std::fs::write(
        inbox.path().join("nianbao.toml"),
        "[notice]\nissuer = \"某某市人民政府办公室\"\nnumber_prefix = \"某政办函\"\ndeadline_days = 10\n",
    )
    .unwrap();
    let docx = out.path().join("notice.docx");
    export(inbox.path(), &docx, &["--status", "all"]);
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(std::fs::read(&docx).unwrap())).unwrap();
    let mut document = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("word/document.xml").unwrap(),
        &mut document,
    )
    .unwrap();
    assert!(
        document.contains(">某某市人民政府办公室</w:t>"),
        "{document}"
    );
    assert!(document.contains("某政办函〔"));
    assert!(archive.by_name("word/footer1.xml").is_ok());

    let names: Vec<PathBuf> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(names.len(), 6, "no temporary files: {names:?}");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let inbox = inbox();
    let out = tempfile::tempdir().unwrap();
    // No format and an extension that names none.
    nianbao()
        .arg("export")
        .arg(inbox.path())
        .arg("-o")
        .arg(out.path().join("x.dat"))
        .assert()
        .code(2);
    // No such inbox.
    nianbao()
        .arg("export")
        .arg(inbox.path().join("missing"))
        .arg("-o")
        .arg(out.path().join("x.csv"))
        .assert()
        .code(2);
    // The output's folder does not exist.
    nianbao()
        .arg("export")
        .arg(inbox.path())
        .arg("-o")
        .arg(out.path().join("no/such/dir/x.csv"))
        .assert()
        .code(2);
    // Unknown status.
    nianbao()
        .args(["export", "--status", "maybe", "-o", "x.csv"])
        .arg(inbox.path())
        .assert()
        .code(2);
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn a_torn_journal_line_is_a_warning_not_a_failure() {
    let inbox = inbox();
    let journal = nianbao::triage::journal_path(inbox.path(), "审核员");
    let mut bytes = std::fs::read(&journal).unwrap();
    bytes.extend_from_slice(b"{\"time\":\"2024-03-");
    std::fs::write(&journal, bytes).unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("all.json");
    let assert = nianbao()
        .arg("export")
        .arg(inbox.path())
        .arg("-o")
        .arg(&path)
        .args(["--status", "all"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("审核员.jsonl:2"), "{stderr}");
    assert!(path.exists());
}

#[cfg(unix)]
#[test]
fn hostile_journals_neither_hang_export_nor_reach_the_terminal_raw() {
    let inbox = inbox();
    let dir = nianbao::triage::journal_dir(inbox.path());
    // A line whose value carries escapes, in a journal whose name carries them too.
    let evil = concat!(
        r#"{"time":"2024-03-01T00:00:00.000Z","user":"x","fingerprint":"0000000000000001","#,
        r#""code":"period-reversed","report":{"file":"a.txt"},"#,
        r#""action":"\u001b]0;pwned\u0007\u001b[2J\u2028forged line"}"#,
        "\n"
    );
    std::fs::write(dir.join("evil\u{1b}[31m\u{2029}.jsonl"), evil).unwrap();
    // Another user's journal is a FIFO; the exporting user's own is a link to /dev/zero.
    let fifo = std::ffi::CString::new(dir.join("fifo.jsonl").into_os_string().into_encoded_bytes())
        .unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::os::unix::fs::symlink("/dev/zero", dir.join("exporter.jsonl")).unwrap();

    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("all.csv");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"));
    command
        .arg("export")
        .arg(inbox.path())
        .arg("-o")
        .arg(&path)
        .env("USER", "exporter")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = command.spawn().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let output = rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("export hung")
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    for c in stderr.chars() {
        let bad = (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}');
        assert!(!bad, "raw {c:?} on stderr:\n{stderr}");
    }
    assert!(stderr.contains("forged line"), "{stderr}");
    assert!(stderr.contains("fifo.jsonl"), "{stderr}");
    assert!(stderr.contains("exporter.jsonl"), "{stderr}");
    // The exporter is told that their own journal, a link, cannot take decisions.
    assert!(stderr.contains("无法记录审核决定"), "{stderr}");
    // The one line that is not a warning: nothing else interleaves with it.
    assert_eq!(stderr.lines().count(), 5, "{stderr}");
    assert!(path.exists());
}

#[test]
fn a_verdict_on_a_report_without_agency_or_year_reaches_the_export_of_that_report_only() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    for name in ["a.txt", "sub/a.txt", "important.txt"] {
        let path = inbox.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "").unwrap();
    }
    // Decided as the dashboard does: the watcher's absolute root, the hash it took.
    let root = std::path::absolute(&inbox).unwrap();
    let checked = nianbao::pipeline::check_file_in(
        &root,
        &root.join("sub/a.txt"),
        &nianbao::pipeline::CheckOptions::default(),
    );
    assert_eq!(checked.file, "sub/a.txt");
    let flag = checked.flags[0].clone();
    let mut store = TriageStore::open(&inbox, "审核员").unwrap();
    let report = Arc::new(ReportRef::of(&checked, Some(0)));
    store
        .record(store.decide_flag(report, &flag, Action::Dismiss))
        .unwrap();

    // Exported from the folder above, by a relative path.
    nianbao()
        .current_dir(dir.path())
        .args(["export", "inbox", "--status", "all", "-o", "all.json"])
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("all.json")).unwrap()).unwrap();
    let rows = json["rows"].as_array().unwrap();
    let status_of = |file: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r["file"] == file)
            .map(|r| r["status"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(status_of("sub/a.txt"), ["dismissed"], "{json:#}");
    assert_eq!(status_of("a.txt"), ["open"], "{json:#}");
    assert_eq!(status_of("important.txt"), ["open"], "{json:#}");
}

#[test]
fn an_agency_and_year_set_by_hand_reach_the_export_and_an_earlier_verdict_stays() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("cut.txt"), "").unwrap();
    let root = std::path::absolute(&inbox).unwrap();
    let checked = nianbao::pipeline::check_file_in(
        &root,
        &root.join("cut.txt"),
        &nianbao::pipeline::CheckOptions::default(),
    );
    assert_eq!((checked.agency.as_deref(), checked.year), (None, None));
    let flag = checked.flags[0].clone();
    let mut store = TriageStore::open(&inbox, "审核员").unwrap();
    let read = Arc::new(ReportRef::of(&checked, Some(0)));
    // The verdict first, the identity after: the verdict must survive.
    store
        .record(store.decide_flag(read.clone(), &flag, Action::Dismiss))
        .unwrap();
    let identity = nianbao::triage::Identity::new(Some("乌拉特中旗司法局"), Some(2023)).unwrap();
    store
        .record(store.decide_identity(read, Some(identity)))
        .unwrap();

    let csv = dir.path().join("out.csv");
    export(&inbox, &csv, &["--status", "all"]);
    let bytes = std::fs::read(&csv).unwrap();
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), checked.flags.len(), "{text}");
    let code = flag.code.to_string();
    assert!(
        rows.iter().any(
            |row| row.starts_with(&format!("乌拉特中旗司法局,2023,cut.txt,{code},"))
                && row.contains(",驳回,")
        ),
        "{text}"
    );
    // The identity decision is not a flag: no row of its own.
    assert!(!text.contains("report-identity"), "{text}");
}

#[test]
fn a_flag_gone_from_a_report_whose_agency_was_set_by_hand_is_resolved_under_that_agency() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("cut.txt"), "").unwrap();
    let root = std::path::absolute(&inbox).unwrap();
    let check = || {
        nianbao::pipeline::check_file_in(
            &root,
            &root.join("cut.txt"),
            &nianbao::pipeline::CheckOptions::default(),
        )
    };
    let checked = check();
    let flag = checked.flags[0].clone();
    let mut store = TriageStore::open(&inbox, "审核员").unwrap();
    let read = Arc::new(ReportRef::of(&checked, Some(0)));
    store
        .record(store.decide_flag(read.clone(), &flag, Action::Confirm))
        .unwrap();
    let identity = nianbao::triage::Identity::new(Some("乌拉特中旗司法局"), Some(2023)).unwrap();
    store
        .record(store.decide_identity(read, Some(identity)))
        .unwrap();
    // The agency sends the file again, still without agency or year, and the confirmed defect
    // is gone from it.
    std::fs::write(inbox.join("cut.txt"), "会议通知\n").unwrap();
    let resubmitted = check();
    assert_eq!(
        (resubmitted.agency.as_deref(), resubmitted.year),
        (None, None)
    );
    assert!(resubmitted
        .flags
        .iter()
        .all(|f| f.fingerprint != flag.fingerprint));

    let json_path = dir.path().join("out.json");
    export(&inbox, &json_path, &["--status", "all"]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    let gone: Vec<&serde_json::Value> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["code"] == flag.code)
        .collect();
    assert_eq!(gone.len(), 1, "{json:#}");
    assert_eq!(gone[0]["status"], "resolved", "{json:#}");
    assert_eq!(gone[0]["agency"], "乌拉特中旗司法局", "{json:#}");
}
