//! `nianbao rules`, `nianbao explain` and the configuration from the outside: formats, exit
//! codes, suggestions for unknown codes, `nianbao.toml` and `--select` / `--ignore`.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use nianbao::rules::catalogue::metas;

use crate::common;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn run(args: &[&str]) -> Run {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn codes_in_jsonl(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["code"].as_str().map(str::to_string))
        .collect()
}

/// A fixture with a known flag: 表三 that does not balance (error) in an otherwise clean report,
/// as a file on disk.
fn unbalanced() -> common::FixtureFile {
    common::fixture_file(&common::rule_fixture(
        "table3-balance",
        "flagged-one-more-received",
    ))
}

#[test]
fn rules_lists_every_rule_in_text_and_json() {
    let text = run(&["rules"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let en = run(&["--lang", "en", "rules"]);
    for meta in metas() {
        assert!(text.stdout.contains(meta.code) && text.stdout.contains(meta.title_zh));
        assert!(en.stdout.contains(meta.title_en));
    }
    assert!(text.stdout.contains("错误") && en.stdout.contains("error"));
    let json = run(&["rules", "--format", "json"]);
    let value: Value = serde_json::from_str(&json.stdout).expect("JSON");
    let entries = value.as_array().expect("an array");
    assert_eq!(entries.len(), metas().count());
    for (entry, meta) in entries.iter().zip(metas()) {
        assert_eq!(entry["code"], meta.code);
        assert_eq!(entry["severity"], meta.severity.as_str());
        assert_eq!(entry["group"], meta.group.code());
        assert_eq!(entry["title"]["zh"], meta.title_zh);
    }
}

#[test]
fn rules_markdown_is_the_docs_file_of_the_language() {
    use nianbao::i18n::Lang;
    for (lang, args) in [
        (Lang::Zh, &["rules", "--format", "markdown"][..]),
        (
            Lang::En,
            &["--lang", "en", "rules", "--format", "markdown"][..],
        ),
    ] {
        let markdown = run(args);
        assert_eq!(markdown.code, 0);
        assert_eq!(
            markdown.stdout,
            nianbao::rules::catalogue::render_markdown(lang)
        );
    }
}

#[test]
fn explain_prints_the_rule_file_doc_in_the_language_asked_for() {
    let zh = run(&["explain", "period-reversed"]);
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    assert!(zh.stdout.contains("统计期限首尾颠倒"));
    assert!(zh.stdout.contains("检查内容") && zh.stdout.contains("会被标记"));
    assert!(!zh.stdout.contains("The statistics period sentence"));
    let en = run(&["--lang", "en", "explain", "period-reversed"]);
    assert!(en.stdout.contains("What it checks") && en.stdout.contains("Accepted"));
    assert!(en.stdout.contains("The statistics period sentence"));
    assert!(
        en.stdout.contains("统计期限首尾颠倒"),
        "the Chinese title too"
    );
}

/// What a supervisor reads in `nianbao explain`: the Chinese text, a table laid out in columns.
#[test]
fn explain_in_chinese_snapshot() {
    for code in ["table3-balance", "overview-subitems"] {
        let out = run(&["explain", code]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        insta::assert_snapshot!(format!("explain_zh_{code}"), out.stdout);
    }
}

#[test]
fn explain_unknown_code_suggests_close_ones() {
    let r = run(&["explain", "tabel3-balance"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("`table3-balance`"), "{}", r.stderr);
    let r = run(&["--lang", "en", "explain", "zzzz"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nianbao rules"), "{}", r.stderr);
}

#[test]
fn select_and_ignore_on_the_command_line() {
    let fixture = unbalanced();
    let unbalanced = fixture.path.to_str().expect("a UTF-8 temporary path");
    let all = run(&["check", "--format", "jsonl", unbalanced]);
    assert_eq!(all.code, 1);
    assert!(codes_in_jsonl(&all.stdout).contains(&"table3-balance".to_string()));
    let ignored = run(&[
        "check",
        "--format",
        "jsonl",
        "--ignore",
        "table3-balance",
        unbalanced,
    ]);
    assert_eq!(ignored.code, 0, "{}", ignored.stderr);
    assert!(!codes_in_jsonl(&ignored.stdout).contains(&"table3-balance".to_string()));
    let selected = run(&[
        "check", "--format", "jsonl", "--select", "B0,B2", unbalanced,
    ]);
    assert_eq!(selected.code, 0, "{}", selected.stderr);
    let bad = run(&["check", "--select", "table3-balanse", unbalanced]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--select") && bad.stderr.contains("table3-balance"));
}

#[test]
fn config_file_in_the_inbox_selects_and_regrades() {
    let inbox = tempfile::tempdir().expect("tempdir");
    fs::copy(&unbalanced().path, inbox.path().join("report.txt")).expect("copy");
    fs::write(
        inbox.path().join("nianbao.toml"),
        "[rules]\nignore = [\"conversion-artifact\"]\n\n[rules.severity]\n\"table3-balance\" = \"info\"\n\n[keys]\nconfirm = \"y\"\n",
    )
    .expect("write");
    let r = run_in(inbox.path(), &["check", "--format", "jsonl", "."]);
    assert_eq!(r.code, 0, "an error re-graded to info: {}", r.stderr);
    let flags: Vec<Value> = r
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let balance: Vec<&Value> = flags
        .iter()
        .filter(|f| f["code"] == "table3-balance")
        .collect();
    assert!(!balance.is_empty());
    assert!(balance.iter().all(|f| f["severity"] == "info"));
    // The command line wins: selecting the rule by name, and ignoring it.
    let r = run_in(
        inbox.path(),
        &[
            "check",
            "--format",
            "jsonl",
            "--ignore",
            "table3-balance",
            "report.txt",
        ],
    );
    assert!(!codes_in_jsonl(&r.stdout).contains(&"table3-balance".to_string()));
    // An explicit --config replaces the one found.
    let other = inbox.path().join("other.toml");
    fs::write(&other, "[rules]\nselect = [\"B0\"]\n").expect("write");
    let r = run_in(
        inbox.path(),
        &["check", "--format", "jsonl", "--config", "other.toml", "."],
    );
    assert_eq!(r.code, 0);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
}

#[test]
fn a_bad_config_is_an_error_with_file_and_line() {
    let inbox = tempfile::tempdir().expect("tempdir");
    fs::write(inbox.path().join("report.txt"), "报告").expect("write");
    let cases = [
        ("[rules]\nignore = [\"typo-rule-x\"]\n", ":2:"),
        (
            "[rules]\n\n[rules.severity]\n\"table3-balance\" = \"fatal\"\n",
            ":4:",
        ),
        ("[rules]\nselcet = []\n", ":2:"),
        ("[rules\n", ":1:"),
    ];
    for (text, position) in cases {
        fs::write(inbox.path().join("nianbao.toml"), text).expect("write");
        let r = run_in(inbox.path(), &["check", "."]);
        assert_eq!(r.code, 2, "{text}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("nianbao.toml{position}")),
            "{text}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty());
    }
}

/// `nianbao init` writes a starter file that `check` reads as it is (the defaults), whose
/// examples work once uncommented, and that a second `init` does not replace.
#[test]
fn init_writes_a_starter_config_that_check_uses() {
    let inbox = tempfile::tempdir().expect("tempdir");
    fs::copy(&unbalanced().path, inbox.path().join("report.txt")).expect("copy");
    // A report whose text disagrees with its tables, for a flag of B5 beside the B4 one.
    let disagreeing = common::rule_fixture("narrative-table-mismatch", "flagged-received");
    fs::copy(
        &common::fixture_file(&disagreeing).path,
        inbox.path().join("text.txt"),
    )
    .expect("copy");
    let without = run_in(inbox.path(), &["check", "--format", "jsonl", "."]);

    let r = run_in(inbox.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("nianbao.toml"), "{}", r.stdout);
    let path = inbox.path().join("nianbao.toml");
    let written = fs::read_to_string(&path).expect("init wrote nianbao.toml");
    assert!(
        written.contains("# 不运行这些规则"),
        "Chinese comments by default"
    );
    let with = run_in(inbox.path(), &["check", "--format", "jsonl", "."]);
    assert_eq!(with.code, without.code, "{}", with.stderr);
    assert_eq!(
        with.stdout, without.stdout,
        "the starter keeps the defaults"
    );

    // The file is the one check reads: its `select` example, uncommented, takes effect (B4
    // keeps table3-balance, and drops narrative-table-mismatch of B5).
    let codes = codes_in_jsonl(&with.stdout);
    assert!(
        codes.contains(&"narrative-table-mismatch".to_string()),
        "{codes:?}"
    );
    let edited = written.replace("# select = [", "select = [");
    assert_ne!(edited, written);
    fs::write(&path, &edited).expect("write");
    let r = run_in(inbox.path(), &["check", "--format", "jsonl", "."]);
    let codes = codes_in_jsonl(&r.stdout);
    assert!(codes.contains(&"table3-balance".to_string()), "{codes:?}");
    assert!(
        !codes.contains(&"narrative-table-mismatch".to_string()),
        "{codes:?}"
    );

    let again = run_in(inbox.path(), &["--lang", "en", "init", "."]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("not replaced"), "{}", again.stderr);
    assert_eq!(fs::read_to_string(&path).expect("read"), edited);

    let english = inbox.path().join("new-inbox");
    let r = run_in(inbox.path(), &["--lang", "en", "init", "new-inbox"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = fs::read_to_string(english.join("nianbao.toml")).expect("written");
    assert!(written.contains("# Never run these rules."));
}
