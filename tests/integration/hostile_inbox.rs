//! A hostile or damaged inbox through the library: FIFOs, links to devices and out of the inbox,
//! folders too deep to open. Every call that could block runs under [`common::finishes`], so a
//! regression fails the test instead of hanging it. Fixtures are built in temporary folders.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use crate::common::{finishes, mkfifo, too_deep_folder};
use nianbao::i18n::Lang;
use nianbao::ingest::{self, Limits, Links, ReadFailure, WalkEntry};
use nianbao::pipeline::{self, CheckOptions, CheckedReport};

const REPORT: &str = "一、总体情况\n";

/// The kind of the read failure of a walk entry, or "file".
fn kind(entry: &WalkEntry) -> &'static str {
    match entry {
        WalkEntry::File(_) => "file",
        WalkEntry::Failed(_, failure) => failure.kind(),
    }
}

/// The walk of `root` as `relative path kind` strings.
fn walked(root: &Path) -> Vec<String> {
    let owned = root.to_path_buf();
    let entries = finishes("the walk", move || ingest::walk(&[owned]));
    entries
        .iter()
        .map(|entry| {
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            format!("{} {}", rel.display(), kind(entry))
        })
        .collect()
}

/// Checks an inbox (on a thread, bounded).
fn checked(root: &Path) -> Vec<CheckedReport> {
    let owned = root.to_path_buf();
    finishes("check", move || {
        pipeline::check_paths(&[owned], &CheckOptions::default())
    })
}

/// The reason in the evidence of a report's one `unreadable-file` flag.
fn unreadable_reason(report: &CheckedReport) -> String {
    let [flag] = report.flags.as_slice() else {
        panic!("one flag expected: {report:#?}");
    };
    assert_eq!(flag.code, "unreadable-file");
    serde_json::to_value(&flag.evidence).expect("evidence")["reason"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn read(path: &Path) -> Result<Vec<u8>, ReadFailure> {
    let owned = path.to_path_buf();
    finishes("read_bytes", move || {
        ingest::read_bytes(&owned, Limits::default())
    })
}

#[test]
fn a_fifo_is_refused_by_every_reader_without_blocking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("x.txt");
    mkfifo(&fifo);
    assert_eq!(read(&fifo), Err(ReadFailure::NotRegular));
    let path = fifo.clone();
    let decoded = finishes("read_file (the source pane)", move || {
        ingest::read_file(&path, Limits::default())
    });
    assert_eq!(decoded, Err(ReadFailure::NotRegular));
    let reports = checked(dir.path());
    assert_eq!(reports.len(), 1);
    assert_eq!(unreadable_reason(&reports[0]), "not-regular");
}

#[test]
fn a_link_to_dev_zero_is_refused_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let link = dir.path().join("y.txt");
    symlink("/dev/zero", &link).expect("symlink");
    // Given by name (as the dashboard reads a report), the device is refused.
    assert_eq!(read(&link), Err(ReadFailure::NotRegular));
    // Found in an inbox, the link leads out of it: not followed at all.
    let reports = checked(dir.path());
    assert_eq!(reports.len(), 1);
    assert_eq!(unreadable_reason(&reports[0]), "link-outside");
}

#[test]
fn an_opened_file_that_is_a_fifo_is_refused_by_the_read() {
    // The race: a FIFO renamed over a report between the walk and the read. Whatever the path
    // said, the read judges the file it opened, and never waits on it.
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("a.txt");
    fs::write(&report, REPORT).expect("write");
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    fs::rename(&fifo, &report).expect("rename the FIFO over the report");
    let path = report.clone();
    let opened = finishes("open_for_reading", move || {
        ingest::open_for_reading(&path, Links::Follow)
    })
    .expect("a FIFO opens without blocking");
    let result = finishes("read_open", move || {
        ingest::read_open(opened, Limits::default())
    });
    assert_eq!(result, Err(ReadFailure::NotRegular));
    // A FIFO opened elsewhere (with a writer waiting) is refused the same way.
    let writer = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&report)
        .expect("open read-write (never blocks)");
    let result = finishes("read_open", move || {
        ingest::read_open(writer, Limits::default())
    });
    assert_eq!(result, Err(ReadFailure::NotRegular));
}

#[test]
fn reads_while_fifos_are_renamed_over_the_report_never_block() {
    // The race as it happens: another user keeps renaming a FIFO and a report over `a.txt`
    // while it is read. A look at the path and then an open (the old way) hung within the
    // first 2,000 swaps every time.
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;
    const SWAPS: u32 = 2000;
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("a.txt");
    fs::write(&report, REPORT).expect("write");
    let swapped = Arc::new(AtomicU32::new(0));
    let (folder, done) = (dir.path().to_path_buf(), Arc::clone(&swapped));
    let swapper = std::thread::spawn(move || {
        for i in 0..SWAPS {
            let fifo = folder.join(format!("p{i}"));
            mkfifo(&fifo);
            fs::rename(&fifo, folder.join("a.txt")).expect("rename the FIFO");
            let text = folder.join(format!("r{i}"));
            fs::write(&text, REPORT).expect("write");
            fs::rename(&text, folder.join("a.txt")).expect("rename the report");
            done.store(i + 1, Ordering::Relaxed);
        }
    });
    let path = report.clone();
    let unexpected = finishes("reads during the swaps", move || {
        let mut unexpected = Vec::new();
        while swapped.load(Ordering::Relaxed) < SWAPS {
            match ingest::read_bytes(&path, Limits::default()) {
                Ok(bytes) if bytes == REPORT.as_bytes() => {}
                Err(ReadFailure::NotRegular) => {}
                other => unexpected.push(other),
            }
        }
        unexpected
    });
    swapper.join().expect("the swaps finish");
    assert!(unexpected.is_empty(), "{unexpected:?}");
}

#[test]
fn a_read_stops_one_byte_past_the_limit_of_a_growing_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.txt");
    fs::write(&path, "x".repeat(10)).expect("write");
    let opened = ingest::open_for_reading(&path, Links::Follow).expect("opens");
    // The file grows after it was opened: the read still stops at the limit.
    fs::write(&path, "x".repeat(1000)).expect("grow");
    assert_eq!(
        ingest::read_open(opened, Limits { max_bytes: 20 }),
        Err(ReadFailure::TooLarge {
            size: 1000,
            limit: 20
        })
    );
}

#[test]
fn links_are_refused_where_the_file_itself_is_expected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let real = dir.path().join("real.jsonl");
    fs::write(&real, "{}\n").expect("write");
    let link = dir.path().join("link.jsonl");
    symlink(&real, &link).expect("symlink");
    assert!(ingest::open_for_reading(&real, Links::Refuse).is_ok());
    assert_eq!(
        ingest::open_for_reading(&link, Links::Refuse).map(|_| ()),
        Err(ReadFailure::SymbolicLink)
    );
    assert!(ingest::open_for_reading(&link, Links::Follow).is_ok());
}

#[test]
fn links_out_of_the_inbox_are_listed_and_never_followed() {
    let outside = tempfile::tempdir().expect("temp dir");
    fs::write(outside.path().join("secret.txt"), "秘密").expect("write");
    let dir = tempfile::tempdir().expect("temp dir");
    let inbox = dir.path();
    fs::write(inbox.join("a.txt"), REPORT).expect("write");
    fs::create_dir(inbox.join("sub")).expect("mkdir");
    fs::write(inbox.join("sub/b.txt"), REPORT).expect("write");
    symlink("/", inbox.join("escape")).expect("symlink");
    symlink(outside.path(), inbox.join("elsewhere")).expect("symlink");
    symlink(outside.path().join("secret.txt"), inbox.join("leak.txt")).expect("symlink");
    // Relative links that climb out count as out too; those that stay in are followed.
    symlink("../..", inbox.join("sub/up")).expect("symlink");
    symlink("../sub", inbox.join("sub/self")).expect("symlink");
    symlink("sub/b.txt", inbox.join("c.txt")).expect("symlink");
    symlink("sub", inbox.join("alias")).expect("symlink");
    assert_eq!(
        walked(inbox),
        [
            "a.txt file",
            "alias/b.txt file",
            "alias/self directory-loop",
            "alias/up link-outside",
            "elsewhere link-outside",
            "escape link-outside",
            "leak.txt link-outside",
        ]
    );
    // The check lists each with the reason, naming where the link leads.
    let reports = checked(inbox);
    let escape = reports
        .iter()
        .find(|r| r.path == inbox.join("escape"))
        .expect("escape listed");
    assert_eq!(unreadable_reason(escape), "link-outside");
    let message = escape.flags[0].message.get(nianbao::i18n::Lang::Zh);
    assert!(
        message.contains("符号链接") && message.contains("（/）"),
        "{message}"
    );
    assert!(reports.iter().all(|r| r.path.starts_with(inbox)
        && r.flags
            .iter()
            .all(|f| !f.message.get(Lang::Zh).contains("秘密"))));
}

#[test]
fn a_link_target_is_shown_sanitised() {
    let outside = tempfile::tempdir().expect("temp dir");
    let hostile = outside.path().join("x\u{1b}[2J\u{202e}.txt");
    fs::write(&hostile, REPORT).expect("write");
    let dir = tempfile::tempdir().expect("temp dir");
    symlink(&hostile, dir.path().join("a.txt")).expect("symlink");
    let reports = checked(dir.path());
    let message = reports[0].flags[0].message.get(nianbao::i18n::Lang::En);
    assert!(message.contains("link"), "{message}");
    assert!(
        !message.chars().any(nianbao::sanitize::is_unsafe),
        "{message:?}"
    );
}

#[test]
fn a_folder_too_deep_to_open_is_counted_not_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::write(root.join("a.txt"), REPORT).expect("write");
    let deepest: PathBuf = too_deep_folder(root);
    let owned = root.to_path_buf();
    let entries = finishes("the walk", move || ingest::walk(&[owned]));
    let failed: Vec<&WalkEntry> = entries
        .iter()
        .filter(|e| matches!(e, WalkEntry::Failed(..)))
        .collect();
    assert_eq!(failed.len(), 1, "{entries:#?}");
    assert_eq!(kind(failed[0]), "path-too-long");
    assert!(deepest.starts_with(failed[0].path()));
    // The check counts it: a report with the reason, beside the readable one.
    let reports = checked(root);
    assert_eq!(reports.len(), 2);
    assert!(reports.iter().any(|r| r
        .flags
        .iter()
        .any(|f| f.message.get(Lang::Zh).contains("路径过长"))));
}

#[test]
fn a_configuration_file_that_is_a_fifo_or_dev_zero_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("fifo.toml");
    mkfifo(&fifo);
    let zero = dir.path().join("zero.toml");
    symlink("/dev/zero", &zero).expect("symlink");
    for path in [fifo, zero] {
        let shown = path.display().to_string();
        let loaded = finishes("Config::load", move || {
            nianbao::config::Config::load(&path).map(|_| ())
        });
        assert!(loaded.is_err(), "{shown}");
    }
}
