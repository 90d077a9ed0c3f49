//! `nianbao watch --format jsonl` end to end: the real binary on a temporary inbox, its stdout
//! read line by line on a thread, every wait bounded so that a test fails instead of hanging.
//! Timeouts are generous (seconds): these tests check what is reported, never how fast.

use crate::common;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long to wait for a line that must come (loaded debug builds on a busy machine).
const PATIENCE: Duration = Duration::from_secs(60);

/// How long to keep listening for a line that must not come.
const QUIET: Duration = Duration::from_millis(1500);

fn seed(name: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-reports");
    let entry = fs::read_dir(&dir)
        .expect("sample-reports")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(name))
        .expect("seed present");
    fs::read(entry.path()).expect("seed readable")
}

/// The agencies of the seeds used here, to tell contents apart in the output.
const AGENCY_000: &str = "北关区司法局";
const AGENCY_001: &str = "三门峡市陕州区司法局";
const AGENCY_004: &str = "乌拉特中旗司法局";

/// A running `nianbao watch` and the lines it printed so far.
struct Watch {
    child: Child,
    lines: Receiver<Value>,
    seen: Vec<Value>,
}

fn spawn_watch(inbox: &Path) -> (Child, ChildStdout) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["watch", "--format", "jsonl"])
        .arg(inbox)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("nianbao watch starts");
    let stdout = child.stdout.take().expect("piped stdout");
    (child, stdout)
}

impl Watch {
    /// Starts watching and waits until the initial scan is done and the folder is watched.
    fn start(inbox: &Path) -> Watch {
        let (child, stdout) = spawn_watch(inbox);
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let value: Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
                if tx.send(value).is_err() {
                    break;
                }
            }
        });
        let mut watch = Watch {
            child,
            lines,
            seen: Vec::new(),
        };
        watch.wait_for("the watcher to start", |v| v["event"] == "watching");
        watch
    }

    /// The next line, or None when `timeout` passes first.
    fn next(&mut self, timeout: Duration) -> Option<Value> {
        match self.lines.recv_timeout(timeout) {
            Ok(value) => {
                self.seen.push(value.clone());
                Some(value)
            }
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                panic!("nianbao watch ended; lines: {:#?}", self.seen)
            }
        }
    }

    /// Reads lines until one matches; the lines read, the match last. Fails after [`PATIENCE`].
    fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + PATIENCE;
        let mut read = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(value) = self.next(left) else {
                panic!(
                    "no line for {what} in {PATIENCE:?}; lines: {:#?}",
                    self.seen
                );
            };
            read.push(value.clone());
            if matches(&value) {
                return read;
            }
        }
    }

    /// Every line printed in the next `period`.
    fn lines_for(&mut self, period: Duration) -> Vec<Value> {
        let deadline = Instant::now() + period;
        let mut read = Vec::new();
        while let Some(value) = self.next(deadline.saturating_duration_since(Instant::now())) {
            read.push(value);
        }
        read
    }

    fn pid(&self) -> String {
        self.child.id().to_string()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn path_of(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn is_loaded(value: &Value, path: &Path) -> bool {
    value["event"] == "loaded" && value["path"] == path_of(path)
}

fn loaded_with<'a>(path: &'a Path, agency: &'static str) -> impl Fn(&Value) -> bool + 'a {
    move |v| is_loaded(v, path) && v["agency"] == agency
}

fn is_removed(value: &Value, path: &Path) -> bool {
    value["event"] == "removed" && value["path"] == path_of(path)
}

/// Waits for a process to end, killing it after [`PATIENCE`]; its exit code.
fn wait_exit(child: &mut Child) -> Option<i32> {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the process did not end in {PATIENCE:?}");
}

fn inbox() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().to_path_buf();
    (dir, root)
}

#[test]
fn the_initial_scan_lists_every_report_then_finishes() {
    let (_dir, root) = inbox();
    fs::write(root.join("a.txt"), seed("000")).expect("write");
    fs::create_dir_all(root.join("sub/deeper")).expect("mkdir");
    fs::write(root.join("sub/deeper/b.txt"), seed("004")).expect("write");
    fs::write(root.join("notes.md"), "not a report").expect("write");
    let watch = Watch::start(&root);
    let lines = watch.seen.clone();
    assert_eq!(lines[0]["event"], "scan-started");
    assert_eq!(lines[0]["total"], 2);
    assert_eq!(lines[0]["trigger"], "initial-scan");
    let loaded: Vec<&Value> = lines.iter().filter(|v| v["event"] == "loaded").collect();
    assert_eq!(loaded.len(), 2, "{lines:#?}");
    let a = loaded
        .iter()
        .find(|v| is_loaded(v, &root.join("a.txt")))
        .expect("a.txt loaded");
    assert_eq!(a["agency"], AGENCY_000);
    assert_eq!(a["year"], 2023);
    assert_eq!(a["trigger"], "initial-scan");
    assert!(a["errors"].is_u64() && a["warnings"].is_u64() && a["infos"].is_u64());
    assert!(loaded
        .iter()
        .any(|v| is_loaded(v, &root.join("sub/deeper/b.txt")) && v["agency"] == AGENCY_004));
    let finished = lines
        .iter()
        .find(|v| v["event"] == "scan-finished")
        .expect("scan finished");
    assert_eq!(finished["reports"], 2);
    assert!(finished["elapsed_ms"].is_u64());
    assert!(
        lines.iter().all(|v| v["schema_version"] == 1),
        "every line names its schema version: {lines:#?}"
    );
}

#[test]
fn created_modified_renamed_and_deleted_files_are_reported() {
    let (_dir, root) = inbox();
    fs::write(root.join("old.txt"), seed("000")).expect("write");
    let mut watch = Watch::start(&root);

    let created = root.join("new.txt");
    fs::write(&created, seed("000")).expect("write");
    let lines = watch.wait_for("a created file", loaded_with(&created, AGENCY_000));
    let line = lines.last().expect("line");
    assert_eq!(line["trigger"], "change");
    assert_eq!(line["change"], "added");

    fs::write(&created, seed("001")).expect("rewrite");
    let lines = watch.wait_for("a modified file", loaded_with(&created, AGENCY_001));
    assert_eq!(lines.last().expect("line")["change"], "updated");

    let renamed = root.join("renamed.txt");
    fs::rename(&created, &renamed).expect("rename");
    watch.wait_for("the old name removed", |v| is_removed(v, &created));
    watch.wait_for("the new name", loaded_with(&renamed, AGENCY_001));

    fs::remove_file(root.join("old.txt")).expect("delete");
    watch.wait_for("a deleted file", |v| is_removed(v, &root.join("old.txt")));
}

#[test]
fn subfolders_are_watched_and_a_removed_folder_removes_its_reports() {
    let (_dir, root) = inbox();
    fs::create_dir(root.join("existing")).expect("mkdir");
    let mut watch = Watch::start(&root);

    let in_existing = root.join("existing/a.txt");
    fs::write(&in_existing, seed("004")).expect("write");
    watch.wait_for(
        "a file in a subfolder",
        loaded_with(&in_existing, AGENCY_004),
    );

    // A new folder filled at once: its files may be written before notify watches it.
    let fresh = root.join("fresh/deeper");
    fs::create_dir_all(&fresh).expect("mkdir");
    fs::write(fresh.join("b.txt"), seed("000")).expect("write");
    watch.wait_for(
        "a file in a new folder",
        loaded_with(&fresh.join("b.txt"), AGENCY_000),
    );

    let moved = root.join("fresh/a.txt");
    fs::rename(&in_existing, &moved).expect("move between folders");
    watch.wait_for("the file moved away", |v| is_removed(v, &in_existing));
    watch.wait_for("the file moved in", loaded_with(&moved, AGENCY_004));

    fs::remove_dir_all(root.join("fresh")).expect("remove folder");
    let mut gone = vec![moved, fresh.join("b.txt")];
    while !gone.is_empty() {
        let lines = watch.wait_for("the folder's reports removed", |v| v["event"] == "removed");
        let path = lines.last().expect("line")["path"].clone();
        gone.retain(|p| path != path_of(p));
    }
}

#[test]
fn a_report_replaced_by_a_rename_over_it_is_reloaded() {
    let (_dir, root) = inbox();
    let report = root.join("report.txt");
    fs::write(&report, seed("000")).expect("write");
    let mut watch = Watch::start(&root);
    // How editors and downloads save: write a temporary file, rename it over the report.
    let temporary = root.join("report.txt.part");
    fs::write(&temporary, seed("004")).expect("write");
    fs::rename(&temporary, &report).expect("rename over");
    let lines = watch.wait_for("the replaced report", loaded_with(&report, AGENCY_004));
    assert_eq!(lines.last().expect("line")["change"], "updated");
    assert!(
        !watch.seen.iter().any(|v| v.to_string().contains(".part")),
        "{:#?}",
        watch.seen
    );
}

#[test]
fn temporary_hidden_and_state_files_are_ignored() {
    let (_dir, root) = inbox();
    let ignored = [
        "~$x.txt",
        ".hidden.txt",
        ".nianbao/journal/me.jsonl",
        ".nianbao/x.txt",
        "sub/.hidden/y.txt",
        "a.txt.part",
        "b.txt.swp",
        "c.txt.crdownload",
        "notes.md",
    ];
    fs::write(root.join("keep.txt"), seed("000")).expect("write");
    for name in ignored {
        let path = root.join(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, seed("001")).expect("write");
    }
    let mut watch = Watch::start(&root);
    let loaded: Vec<&Value> = watch
        .seen
        .iter()
        .filter(|v| v["event"] == "loaded")
        .collect();
    assert_eq!(loaded.len(), 1, "{:#?}", watch.seen);

    // Write them all again, then a report: once the report is in, the others had their turn.
    for name in ignored {
        fs::write(root.join(name), seed("004")).expect("write");
    }
    fs::write(root.join(".nianbao/journal/me.jsonl"), "{}\n").expect("append");
    let sentinel = root.join("sentinel.txt");
    fs::write(&sentinel, seed("004")).expect("write");
    watch.wait_for("the sentinel", |v| is_loaded(v, &sentinel));
    watch.lines_for(QUIET);
    let lines: Vec<String> = watch.seen.iter().map(Value::to_string).collect();
    for name in ignored {
        let file = Path::new(name)
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(
            !lines.iter().any(|line| line.contains(&file)),
            "{name} was reported: {lines:#?}"
        );
    }
}

#[test]
fn a_thousand_files_at_once_are_all_seen() {
    let (_dir, root) = inbox();
    let mut watch = Watch::start(&root);
    let burst = root.join("burst");
    fs::create_dir(&burst).expect("mkdir");
    let content = seed("004");
    let mut wanted = std::collections::HashSet::new();
    for i in 0..1000 {
        let path = burst.join(format!("r{i:04}.txt"));
        fs::write(&path, &content).expect("write");
        wanted.insert(path_of(&path));
    }
    let deadline = Instant::now() + PATIENCE * 2;
    while !wanted.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        let Some(value) = watch.next(left) else {
            panic!("{} files never seen", wanted.len());
        };
        if value["event"] == "loaded" && value["agency"] == AGENCY_004 {
            if let Some(path) = value["path"].as_str() {
                wanted.remove(path);
            }
        }
    }
}

#[test]
fn a_file_written_in_two_halves_ends_with_its_final_content() {
    let (_dir, root) = inbox();
    let full = seed("001");
    let reference = root.join("reference.txt");
    fs::write(&reference, &full).expect("write");
    let mut watch = Watch::start(&root);
    let expected = watch
        .seen
        .iter()
        .find(|v| is_loaded(v, &reference))
        .expect("reference loaded")
        .clone();

    // Cut at a line break in the middle, so both halves are valid UTF-8.
    let middle = full.len() / 2;
    let cut = middle + full[middle..].iter().position(|&b| b == b'\n').unwrap_or(0);
    let path = root.join("slow.txt");
    let mut file = fs::File::create(&path).expect("create");
    file.write_all(&full[..cut]).expect("first half");
    file.flush().expect("flush");
    std::thread::sleep(Duration::from_millis(700));
    file.write_all(&full[cut..]).expect("second half");
    drop(file);

    // The same report twice: the copy also has the cross-report warning `duplicate-report`.
    let same_as_reference = |v: &Value| {
        is_loaded(v, &path)
            && ["agency", "year", "errors", "infos"]
                .iter()
                .all(|key| v[key] == expected[key])
            && v["warnings"].as_u64() == expected["warnings"].as_u64().map(|w| w + 1)
    };
    watch.wait_for("the complete file", same_as_reference);
    // Nothing later may replace the final content with a stale one.
    let later = watch.lines_for(QUIET);
    assert!(
        later.iter().all(|v| !is_loaded(v, &path)),
        "reloaded after the final content: {later:#?}"
    );
}

#[cfg(unix)]
fn signal(watch: &Watch, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &watch.pid()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_rescan_of_an_unchanged_inbox_prints_no_report() {
    let (_dir, root) = inbox();
    fs::write(root.join("a.txt"), seed("000")).expect("write");
    fs::write(root.join("empty.txt"), "").expect("write");
    let mut watch = Watch::start(&root);
    fs::remove_file(root.join("empty.txt")).expect("delete");
    fs::write(root.join("b.txt"), seed("004")).expect("write");
    // SIGHUP asks for a rescan; what changed since is found by the watcher or the rescan.
    signal(&watch, "HUP");
    let lines = watch.wait_for("the rescan", |v| {
        v["event"] == "scan-finished" && v["trigger"] == "rescan"
    });
    let reports: Vec<&Value> = lines
        .iter()
        .filter(|v| v["event"] == "loaded" || v["event"] == "removed")
        .filter(|v| v["trigger"] != "change")
        .collect();
    assert!(
        reports
            .iter()
            .all(|v| v["path"] != path_of(&root.join("a.txt"))),
        "{lines:#?}"
    );
    assert_eq!(lines.last().expect("line")["reports"], 2);
    // Once more with nothing changed: not one report line.
    signal(&watch, "HUP");
    let lines = watch.wait_for("the second rescan", |v| {
        v["event"] == "scan-finished" && v["trigger"] == "rescan"
    });
    assert!(
        lines
            .iter()
            .all(|v| v["event"] != "loaded" && v["event"] != "removed"),
        "{lines:#?}"
    );
}

#[cfg(unix)]
#[test]
fn sigterm_and_sigint_end_the_watch_cleanly() {
    for name in ["TERM", "INT"] {
        let (_dir, root) = inbox();
        let mut watch = Watch::start(&root);
        signal(&watch, name);
        assert_eq!(wait_exit(&mut watch.child), Some(0), "SIG{name}");
    }
}

#[test]
fn a_closed_output_ends_the_watch_cleanly() {
    let (_dir, root) = inbox();
    fs::write(root.join("a.txt"), seed("000")).expect("write");
    let (mut child, stdout) = spawn_watch(&root);
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    // Read until the watcher runs, then go away while it is idle.
    while !line.contains("\"watching\"") {
        line.clear();
        let read = reader.read_line(&mut line).expect("read");
        assert!(read > 0, "ended early");
    }
    drop(reader);
    assert_eq!(wait_exit(&mut child), Some(0));
}

#[test]
fn an_inbox_that_is_not_a_folder_is_refused() {
    let (_dir, root) = inbox();
    let output = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["watch", "--format", "jsonl"])
        .arg(root.join("missing"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

#[test]
fn an_inbox_that_goes_away_and_comes_back_is_watched_again() {
    let (_dir, parent) = inbox();
    let root = parent.join("inbox");
    fs::create_dir(&root).expect("mkdir");
    fs::write(root.join("a.txt"), seed("000")).expect("write");
    let mut watch = Watch::start(&root);

    // As when a network share drops or the folder is moved away.
    fs::rename(&root, parent.join("away")).expect("move away");
    // The problem is told first, then the rescan removes what was in the folder.
    watch.wait_for("the problem told", |v| v["event"] == "error");
    watch.wait_for("its reports removed", |v| {
        is_removed(v, &root.join("a.txt"))
    });

    fs::create_dir(&root).expect("mkdir again");
    fs::write(root.join("b.txt"), seed("004")).expect("write");
    // Watched again before the folder is read, so that nothing written meanwhile is missed.
    watch.wait_for("watching again", |v| {
        v["event"] == "watching" && v["active"] == true
    });
    watch.wait_for(
        "a report in the folder back",
        loaded_with(&root.join("b.txt"), AGENCY_004),
    );
    fs::write(root.join("c.txt"), seed("001")).expect("write");
    watch.wait_for(
        "a later report",
        loaded_with(&root.join("c.txt"), AGENCY_001),
    );
}

/// The `loaded` lines of a path, by its path relative to the inbox.
fn loaded_paths(lines: &[Value], root: &Path) -> Vec<String> {
    let prefix = format!("{}/", path_of(root));
    let mut paths: Vec<String> = lines
        .iter()
        .filter(|v| v["event"] == "loaded")
        .filter_map(|v| v["path"].as_str())
        .map(|p| p.strip_prefix(&prefix).unwrap_or(p).to_string())
        .collect();
    paths.sort();
    paths
}

#[cfg(unix)]
#[test]
fn hostile_entries_are_reported_never_followed_and_never_block_the_watch() {
    use std::os::unix::fs::symlink;
    let (_dir, root) = inbox();
    fs::write(root.join("a.txt"), seed("000")).expect("write");
    common::mkfifo(&root.join("x.txt"));
    symlink("/dev/zero", root.join("y.txt")).expect("symlink");
    symlink("/", root.join("escape")).expect("symlink");
    let outside = tempfile::tempdir().expect("temp dir");
    symlink(outside.path(), root.join("elsewhere")).expect("symlink");
    let deepest = common::too_deep_folder(&root);
    let mut watch = Watch::start(&root);
    let lines = watch.seen.clone();
    // The link to `/` does not make the watch cover the file system (or give up trying).
    assert_eq!(
        lines.last().expect("watching")["active"],
        true,
        "{lines:#?}"
    );
    assert!(lines.iter().all(|v| v["event"] != "error"), "{lines:#?}");
    let (deep, loaded): (Vec<String>, Vec<String>) = loaded_paths(&lines, &root)
        .into_iter()
        .partition(|p| p.starts_with("ddd"));
    assert_eq!(loaded, ["a.txt", "elsewhere", "escape", "x.txt", "y.txt"]);
    assert_eq!(deep.len(), 1, "the folder too deep is reported once");
    assert!(deepest.starts_with(root.join(&deep[0])));
    for line in lines.iter().filter(|v| v["event"] == "loaded") {
        let is_report = line["path"] == path_of(&root.join("a.txt"));
        assert_eq!(line["errors"], u64::from(!is_report), "{line}");
    }

    // Appearing while watched: judged as the walk judges them.
    common::mkfifo(&root.join("z.txt"));
    watch.wait_for("a new FIFO", |v| {
        is_loaded(v, &root.join("z.txt")) && v["errors"] == 1
    });
    symlink("/", root.join("later")).expect("symlink");
    watch.wait_for("a new link to /", |v| {
        is_loaded(v, &root.join("later")) && v["errors"] == 1
    });
    // A report written outside, where a link in the inbox leads, is not the inbox's.
    fs::write(outside.path().join("leak.txt"), seed("000")).expect("write");
    let after = root.join("b.txt");
    fs::write(&after, seed("001")).expect("write");
    watch.wait_for("a report written after", loaded_with(&after, AGENCY_001));
    watch.lines_for(QUIET);
    for link in ["later", "elsewhere", "escape"] {
        let beyond = format!("{}/", path_of(&root.join(link)));
        assert!(
            !watch
                .seen
                .iter()
                .any(|v| v["path"].as_str().is_some_and(|p| p.starts_with(&beyond))),
            "nothing beyond {link} was read: {:#?}",
            watch.seen
        );
    }
}

#[test]
fn every_report_format_is_picked_up_and_word_s_save_files_are_not() {
    use nianbao::ingest::formats::write;
    let (_dir, root) = inbox();
    let mut watch = Watch::start(&root);
    let text = String::from_utf8(seed("000")).expect("utf-8 seed");
    // Word saving report.docx: the owner's lock file, the new content in a temporary file,
    // the old file moved to another temporary name, then the temporary renamed to the report.
    let docx = root.join("report.docx");
    fs::write(root.join("~$report.docx"), b"\x0bWord user").expect("lock file");
    fs::write(root.join("~WRD0001.tmp"), write::docx(&text).expect("docx")).expect("temp");
    fs::rename(root.join("~WRD0001.tmp"), &docx).expect("rename");
    fs::write(root.join("~WRL0002.tmp"), b"old").expect("backup temp");
    // A PDF written in two halves: read once it is whole.
    let pdf = root.join("report.pdf");
    let bytes = write::pdf(&text).expect("pdf");
    let (first, second) = bytes.split_at(bytes.len() / 2);
    fs::write(&pdf, first).expect("first half");
    fs::OpenOptions::new()
        .append(true)
        .open(&pdf)
        .and_then(|mut file| file.write_all(second))
        .expect("second half");
    let html = root.join("page.html");
    fs::write(&html, write::html(&text, false)).expect("html");
    let xlsx = root.join("sheet.xlsx");
    fs::write(&xlsx, write::xlsx(&text).expect("xlsx")).expect("xlsx");
    let mut pending = vec![&docx, &pdf, &html, &xlsx];
    while !pending.is_empty() {
        let lines = watch.wait_for("a report of each format", |v| {
            pending.iter().any(|path| loaded_with(path, AGENCY_000)(v))
        });
        let last = lines.last().expect("line");
        pending.retain(|path| !loaded_with(path, AGENCY_000)(last));
    }
    watch.lines_for(QUIET);
    let lines: Vec<String> = watch.seen.iter().map(Value::to_string).collect();
    for temporary in ["~$report", "~WRD", "~WRL"] {
        assert!(
            !lines.iter().any(|line| line.contains(temporary)),
            "{temporary} was reported: {lines:#?}"
        );
    }
    // Each format ends as one report read to the end: no unreadable-file on its last line.
    for path in [&docx, &pdf, &html, &xlsx] {
        let last = watch
            .seen
            .iter()
            .rev()
            .find(|v| is_loaded(v, path))
            .expect("loaded");
        assert_eq!(last["agency"], AGENCY_000, "{last}");
    }
}

#[test]
fn last_years_report_arriving_or_leaving_rechecks_this_years() {
    use nianbao::corpus::{self, CrossDefect};
    let (reports, injected) =
        corpus::generate_with_defects(3, 60, &[CrossDefect::CarryoverMismatch]);
    let text = |name: &str| corpus::text_of(&reports, name).expect("a generated report");
    let (_dir, root) = inbox();
    let this = root.join(&injected[0].file_name);
    let previous_name = injected[0].previous.clone().expect("a year before");
    let previous = root.join(&previous_name);
    fs::write(&this, text(&injected[0].file_name)).expect("write");
    let mut watch = Watch::start(&root);
    let loaded = watch
        .seen
        .iter()
        .find(|v| is_loaded(v, &this))
        .cloned()
        .expect("this year's report loaded");
    assert_eq!(loaded["errors"], 0, "{loaded}");

    // Last year's report arrives: this year's carry-over no longer matches.
    fs::write(&previous, text(&previous_name)).expect("write");
    let is_rechecked = |v: &Value| v["event"] == "rechecked" && v["path"] == path_of(&this);
    let lines = watch.wait_for("this year's report re-checked", is_rechecked);
    assert_eq!(lines.last().expect("line")["errors"], 1, "{lines:#?}");
    assert!(lines.iter().any(|v| is_loaded(v, &previous)), "{lines:#?}");

    // It leaves again: so does the flag.
    fs::remove_file(&previous).expect("delete");
    let lines = watch.wait_for("this year's report re-checked again", is_rechecked);
    assert_eq!(lines.last().expect("line")["errors"], 0, "{lines:#?}");
}
