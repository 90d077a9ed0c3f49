//! `nianbao roster`: the roster of the inbox's nianbao.toml against its reports.

use std::fs;
use std::process::Command;

use nianbao::corpus;

/// Runs nianbao, which must succeed; its standard output.
fn run(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .expect("run nianbao");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn roster_lists_filed_late_and_missing_and_exports_the_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reports: Vec<_> = corpus::generate(3, 40)
        .into_iter()
        .filter(|r| r.year == 2023)
        .take(2)
        .collect();
    assert_eq!(reports.len(), 2, "the corpus has two 2023 reports");
    for report in &reports {
        fs::write(dir.path().join(&report.file_name), &report.text).expect("write");
    }
    let toml = format!(
        "[roster]\nagencies = [\"{}\", \"{}\", \"甲县不存在局,部门\"]\nfile = \"名单.csv\"\n",
        reports[0].agency, reports[1].agency
    );
    fs::write(dir.path().join("nianbao.toml"), toml).expect("write");
    fs::write(
        dir.path().join("名单.csv"),
        "机关名称,分组\n乙县\u{1b}[31m司法局,县区\n",
    )
    .expect("write");

    let inbox = dir.path().to_str().expect("a UTF-8 path");
    let text = run(&["--lang", "en", "roster", inbox, "--year", "2023"]);
    assert!(text.contains(&reports[0].agency), "{text}");
    assert!(text.contains("missing"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "control characters reach the terminal: {text:?}"
    );
    assert!(
        text.ends_with("4 agencies on the roster, 2 filed, 0 late, 2 missing\n"),
        "{text}"
    );
    let csv = run(&["roster", inbox, "--year", "2023", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "name,group,deadline");
    assert_eq!(lines[1], "甲县不存在局,部门,2024-01-31");
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(!csv.contains('\u{1b}'), "{csv:?}");

    // The same list as a spreadsheet, written where -o says.
    let list = dir.path().join("未报送.xlsx");
    let list_arg = list.to_str().expect("a UTF-8 path");
    run(&[
        "roster", inbox, "--year", "2023", "--format", "xlsx", "-o", list_arg,
    ]);
    use calamine::Reader as _;
    let mut book = calamine::open_workbook_auto(&list).expect("a workbook");
    let range = book.worksheet_range_at(0).expect("a sheet").expect("read");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(rows[0], ["name", "group", "deadline"]);
    assert_eq!(rows[1], ["甲县不存在局", "部门", "2024-01-31"]);
    assert_eq!(rows.len(), 3, "{rows:?}");
    // A spreadsheet cannot go to the terminal.
    let refused = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["roster", inbox, "--year", "2023", "--format", "xlsx"])
        .output()
        .expect("run nianbao");
    assert!(!refused.status.success());
}

#[test]
fn a_report_whose_agency_and_year_were_set_by_hand_counts_as_filed() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("nianbao.toml"),
        "[roster]\nagencies = [\"乙县司法局\"]\n",
    )
    .expect("write");
    fs::write(dir.path().join("cut.txt"), "").expect("write");
    let path = dir.path().to_str().expect("a UTF-8 path");
    let missing_csv = || run(&["roster", path, "--year", "2023", "--format", "csv"]);
    assert_eq!(missing_csv().lines().count(), 2, "missing before");

    let inbox = std::path::absolute(dir.path()).expect("absolute");
    let checked = nianbao::pipeline::check_file_in(
        &inbox,
        &inbox.join("cut.txt"),
        &nianbao::pipeline::CheckOptions::default(),
    );
    let mut store = nianbao::triage::TriageStore::open(&inbox, "审核员").expect("store");
    let read = std::sync::Arc::new(nianbao::triage::ReportRef::of(&checked, None));
    let identity = nianbao::triage::Identity::new(Some("乙县司法局"), Some(2023)).expect("valid");
    store
        .record(store.decide_identity(read, Some(identity)))
        .expect("recorded");
    let csv = missing_csv();
    assert_eq!(csv.lines().count(), 1, "filed after: {csv}");
}
