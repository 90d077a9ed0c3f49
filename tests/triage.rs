//! The triage store: decisions survive crashes, concurrent writers and re-submitted reports.
//!
//! The crash and concurrency tests run this test binary itself as the child process: the
//! ignored test `child_appender` does nothing unless `NIANBAO_TRIAGE_CHILD` is set, in which
//! case it appends decisions and reports each completed one on stdout.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use nianbao::check::{self, CheckedReport};
use nianbao::flag::{Fingerprint, Severity};
use nianbao::ingest::SourceEncoding;
use nianbao::report::parse::parse_text;
use nianbao::rules::RuleSelection;
use nianbao::triage::{
    self, Action, Decision, LoadWarningKind, ReportRef, Review, RowStatus, Status, TriageError,
    TriageStore,
};

fn t(seconds: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap() + Duration::seconds(seconds)
}

fn report_ref() -> Arc<ReportRef> {
    Arc::new(ReportRef {
        agency: Some("北关区司法局".into()),
        year: Some(2023),
        file: "000.txt".into(),
        content_hash: Some("0123456789abcdef".into()),
    })
}

fn decision(user: &str, fp: u64, action: Action, at: i64) -> Decision {
    Decision::new(
        user,
        Fingerprint(fp),
        "period-reversed",
        report_ref(),
        action,
    )
    .at(t(at))
}

#[test]
fn decisions_are_recorded_and_read_back_by_another_store() {
    let inbox = tempfile::tempdir().unwrap();
    let mut store = TriageStore::open(inbox.path(), "张三").unwrap();
    assert!(store.is_empty());
    assert!(
        !store.journal_path().exists(),
        "nothing written before a decision"
    );
    store
        .record(decision("张三", 1, Action::Confirm, 0))
        .unwrap();
    store
        .record(decision("张三", 1, Action::Note, 1).with_note("请核对"))
        .unwrap();
    store
        .record(decision("张三", 2, Action::Dismiss, 2))
        .unwrap();
    assert_eq!(
        store.journal_path(),
        inbox.path().join(".nianbao/journal/张三.jsonl")
    );

    let other = TriageStore::open(inbox.path(), "李四").unwrap();
    assert_eq!(other.len(), 3);
    assert!(other.warnings().is_empty());
    let verdict = other.verdict(Fingerprint(1));
    assert_eq!(verdict.status, Status::Confirmed);
    assert_eq!(verdict.note.as_deref(), Some("请核对"));
    assert_eq!(verdict.user.as_deref(), Some("张三"));
    assert_eq!(verdict.time, Some(t(1)));
    assert_eq!(other.verdict(Fingerprint(2)).status, Status::Dismissed);
    assert_eq!(other.verdict(Fingerprint(3)).status, Status::Open);
    assert!(!other.verdict(Fingerprint(3)).is_decided());
    let actions: Vec<Action> = other
        .history(Fingerprint(1))
        .iter()
        .map(|d| d.action)
        .collect();
    assert_eq!(actions, [Action::Confirm, Action::Note]);
    // Recorded with the user's sequence number and the machine it was made on.
    let mut first = decision("张三", 1, Action::Confirm, 0);
    first.seq = 1;
    first.host = Some(store.host().into());
    assert_eq!(other.history(Fingerprint(1))[0], first);
    assert_eq!(other.history(Fingerprint(1))[1].seq, 2);
    assert!(!store.host().is_empty());
}

#[test]
fn a_decision_of_another_user_is_refused() {
    let inbox = tempfile::tempdir().unwrap();
    let mut store = TriageStore::open(inbox.path(), "张三").unwrap();
    let error = store
        .record(decision("李四", 1, Action::Confirm, 0))
        .unwrap_err();
    assert!(matches!(error, TriageError::ForeignUser { .. }), "{error}");
    assert!(store.is_empty());
}

#[test]
fn the_current_verdict_is_the_last_decision_across_users() {
    let inbox = tempfile::tempdir().unwrap();
    let mut a = TriageStore::open(inbox.path(), "a").unwrap();
    let mut b = TriageStore::open(inbox.path(), "b").unwrap();
    a.record(decision("a", 7, Action::Confirm, 10)).unwrap();
    b.record(decision("b", 7, Action::Dismiss, 5)).unwrap();
    // Same time: the user breaks the tie.
    b.record(decision("b", 8, Action::Dismiss, 20)).unwrap();
    a.record(decision("a", 8, Action::Confirm, 20)).unwrap();

    let warnings = a.reload().unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(a.len(), 4);
    assert_eq!(a.verdict(Fingerprint(7)).status, Status::Confirmed);
    assert_eq!(a.verdict(Fingerprint(8)).status, Status::Dismissed);
    let users: Vec<&str> = a.history(Fingerprint(7)).iter().map(|d| &*d.user).collect();
    assert_eq!(users, ["b", "a"]);

    let fresh = TriageStore::open(inbox.path(), "c").unwrap();
    for fp in [7, 8] {
        assert_eq!(fresh.history(Fingerprint(fp)), a.history(Fingerprint(fp)));
    }
}

#[test]
fn undo_appends_the_inverse_and_goes_back_step_by_step() {
    let inbox = tempfile::tempdir().unwrap();
    let mut store = TriageStore::open(inbox.path(), "u").unwrap();
    assert_eq!(store.undo().unwrap(), None);

    let fp = Fingerprint(42);
    store
        .record(decision("u", 42, Action::Note, 0).with_note("first"))
        .unwrap();
    store.record(decision("u", 42, Action::Dismiss, 1)).unwrap();
    store
        .record(decision("u", 42, Action::Confirm, 2).with_note("real"))
        .unwrap();
    assert_eq!(store.verdict(fp).status, Status::Confirmed);
    assert_eq!(store.verdict(fp).note.as_deref(), Some("real"));

    // Undo the confirmation: back to dismissed, with the note before it.
    let inverse = store.undo().unwrap().unwrap();
    assert!(inverse.undo);
    assert_eq!(inverse.action, Action::Dismiss);
    assert_eq!(inverse.note.as_deref(), Some("first"));
    assert_eq!(store.verdict(fp).status, Status::Dismissed);
    assert_eq!(store.verdict(fp).note.as_deref(), Some("first"));

    // Undo the dismissal: back to open.
    assert_eq!(store.undo().unwrap().unwrap().action, Action::Reopen);
    assert_eq!(store.verdict(fp).status, Status::Open);

    // Undo the note: the note is cleared.
    let inverse = store.undo().unwrap().unwrap();
    assert_eq!(inverse.action, Action::Note);
    assert_eq!(inverse.note.as_deref(), Some(""));
    assert_eq!(store.verdict(fp).note, None);
    assert_eq!(store.undo().unwrap(), None);

    // Nothing was rewritten: six lines, and a fresh load agrees.
    assert_eq!(store.history(fp).len(), 6);
    let text = std::fs::read_to_string(store.journal_path()).unwrap();
    assert_eq!(text.lines().count(), 6);
    let fresh = TriageStore::open(inbox.path(), "u").unwrap();
    assert_eq!(fresh.verdict(fp), store.verdict(fp));
    assert_eq!(fresh.history(fp), store.history(fp));
}

#[test]
fn undo_after_a_restart_continues_where_it_was() {
    let inbox = tempfile::tempdir().unwrap();
    {
        let mut store = TriageStore::open(inbox.path(), "u").unwrap();
        store.record(decision("u", 1, Action::Confirm, 0)).unwrap();
        store.record(decision("u", 2, Action::Confirm, 1)).unwrap();
        store.undo().unwrap();
    }
    let mut store = TriageStore::open(inbox.path(), "u").unwrap();
    assert_eq!(store.verdict(Fingerprint(2)).status, Status::Open);
    let inverse = store.undo().unwrap().unwrap();
    assert_eq!(inverse.fingerprint, Fingerprint(1));
    assert_eq!(store.verdict(Fingerprint(1)).status, Status::Open);
    // A new decision after undos is the next to undo.
    let now = store.decide(
        Fingerprint(3),
        "period-reversed",
        report_ref(),
        Action::Dismiss,
    );
    assert!(now.time >= inverse.time);
    store.record(now).unwrap();
    assert_eq!(store.undo().unwrap().unwrap().fingerprint, Fingerprint(3));
    // Flags with loaded and new decisions are listed once each.
    let mut fingerprints: Vec<u64> = store.fingerprints().map(|f| f.0).collect();
    fingerprints.sort();
    assert_eq!(fingerprints, [1, 2, 3]);
    assert_eq!(store.len(), 6);
}

#[test]
fn undo_only_undoes_the_current_users_decisions() {
    let inbox = tempfile::tempdir().unwrap();
    let mut a = TriageStore::open(inbox.path(), "a").unwrap();
    let mut b = TriageStore::open(inbox.path(), "b").unwrap();
    a.record(decision("a", 1, Action::Confirm, 0)).unwrap();
    b.record(decision("b", 2, Action::Dismiss, 1)).unwrap();
    a.reload().unwrap();
    let inverse = a.undo().unwrap().unwrap();
    assert_eq!(inverse.fingerprint, Fingerprint(1));
    assert_eq!(a.verdict(Fingerprint(2)).status, Status::Dismissed);
    assert_eq!(a.undo().unwrap(), None);
}

#[test]
fn a_torn_last_line_is_skipped_and_the_next_append_is_intact() {
    let inbox = tempfile::tempdir().unwrap();
    let mut store = TriageStore::open(inbox.path(), "u").unwrap();
    for i in 0..3 {
        store
            .record(decision("u", i, Action::Confirm, i as i64))
            .unwrap();
    }
    let path = store.journal_path().to_path_buf();
    drop(store);
    // A crash in the middle of the fourth line.
    let line = triage::journal::encode(&decision("u", 3, Action::Confirm, 3)).unwrap();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(&line[..line.len() / 2]).unwrap();
    drop(file);

    let mut store = TriageStore::open(inbox.path(), "u").unwrap();
    assert_eq!(store.len(), 3);
    assert_eq!(store.warnings().len(), 1);
    assert_eq!(store.warnings()[0].kind, LoadWarningKind::Incomplete);
    assert_eq!(store.warnings()[0].line, 4);
    assert!(store.warnings()[0].to_string().contains("u.jsonl:4"));

    store.record(decision("u", 9, Action::Dismiss, 9)).unwrap();
    assert_eq!(store.verdict(Fingerprint(9)).status, Status::Dismissed);
    // The store could not follow its own file line by line here; reload reads it again.
    let warnings = store.reload().unwrap();
    assert_eq!(store.len(), 4);
    assert!(matches!(
        warnings.as_slice(),
        [w] if matches!(w.kind, LoadWarningKind::Malformed { .. }) && w.line == 4
    ));

    let fresh = TriageStore::open(inbox.path(), "v").unwrap();
    assert_eq!(fresh.len(), 4);
    assert_eq!(fresh.verdict(Fingerprint(9)).status, Status::Dismissed);
    assert_eq!(fresh.warnings().len(), 1);
}

#[test]
fn reload_picks_up_appends_and_reports_an_incomplete_line_once() {
    let inbox = tempfile::tempdir().unwrap();
    let mut reader = TriageStore::open(inbox.path(), "reader").unwrap();
    let mut writer = TriageStore::open(inbox.path(), "writer").unwrap();
    writer
        .record(decision("writer", 1, Action::Confirm, 0))
        .unwrap();
    assert!(reader.reload().unwrap().is_empty());
    assert_eq!(reader.len(), 1);

    // A write in progress, seen from another machine: half a line.
    let line = triage::journal::encode(&decision("writer", 2, Action::Dismiss, 1)).unwrap();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(writer.journal_path())
        .unwrap();
    file.write_all(&line[..10]).unwrap();
    assert_eq!(reader.reload().unwrap().len(), 1);
    assert!(reader.reload().unwrap().is_empty(), "reported once");
    file.write_all(&line[10..]).unwrap();
    assert!(reader.reload().unwrap().is_empty());
    assert_eq!(reader.len(), 2);
    assert_eq!(reader.verdict(Fingerprint(2)).status, Status::Dismissed);
    // Nothing read twice.
    assert!(reader.reload().unwrap().is_empty());
    assert_eq!(reader.len(), 2);
}

#[test]
fn hand_edited_garbage_does_not_stop_the_load() {
    let inbox = tempfile::tempdir().unwrap();
    let dir = triage::journal_dir(inbox.path());
    std::fs::create_dir_all(&dir).unwrap();
    let good = triage::journal::encode(&decision("x", 5, Action::Confirm, 0)).unwrap();
    let mut bytes = b"not json\n{\"time\":\"yesterday\"}\n".to_vec();
    bytes.extend_from_slice(&good);
    bytes.extend_from_slice(b"\xff\xfe\n");
    std::fs::write(dir.join("x.jsonl"), &bytes).unwrap();
    std::fs::write(dir.join("notes.txt"), b"not a journal").unwrap();

    let store = TriageStore::open(inbox.path(), "y").unwrap();
    assert_eq!(store.len(), 1);
    let lines: Vec<u64> = store.warnings().iter().map(|w| w.line).collect();
    assert_eq!(lines, [1, 2, 4]);
}

// ---------------------------------------------------------------------------------------------
// Child processes

const CHILD_ENV: &str = "NIANBAO_TRIAGE_CHILD";

/// Run only as a child of the tests below: appends `count` decisions as `user` to the inbox
/// given in the environment, printing `@done <i>` after each one is durable.
#[test]
#[ignore = "a child process of the crash and concurrency tests"]
fn child_appender() {
    let Ok(inbox) = std::env::var(CHILD_ENV) else {
        return;
    };
    let user = std::env::var("NIANBAO_TRIAGE_USER").unwrap();
    let tag = std::env::var("NIANBAO_TRIAGE_TAG").unwrap_or_default();
    let count: u64 = std::env::var("NIANBAO_TRIAGE_COUNT")
        .unwrap()
        .parse()
        .unwrap();
    let mut store = TriageStore::open(Path::new(&inbox), &user).unwrap();
    let stdout = std::io::stdout();
    for i in 0..count {
        let action = if i % 2 == 0 {
            Action::Confirm
        } else {
            Action::Dismiss
        };
        let decision = store
            .decide(Fingerprint(i % 16), "period-reversed", report_ref(), action)
            .with_note(format!("{tag}{i}"));
        store.record(decision).unwrap();
        let mut out = stdout.lock();
        // On its own line: the test harness may have printed `test child_appender ... `.
        writeln!(out, "\n@done {tag}{i}").unwrap();
        out.flush().unwrap();
    }
}

/// The note of a decision a child reported done.
fn done_of(line: &str) -> Option<&str> {
    line.strip_prefix("@done ")
}

fn spawn_child(inbox: &Path, user: &str, tag: &str, count: u64) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["child_appender", "--exact", "--ignored", "--nocapture"])
        .args(["--test-threads", "1"])
        .env(CHILD_ENV, inbox)
        .env("NIANBAO_TRIAGE_USER", user)
        .env("NIANBAO_TRIAGE_TAG", tag)
        .env("NIANBAO_TRIAGE_COUNT", count.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The notes of a user's decisions (`<tag><i>`), in the order they were made.
fn notes_of(store: &TriageStore, user: &str) -> Vec<String> {
    let number = |note: &str| -> u64 {
        note.trim_start_matches(|c: char| !c.is_ascii_digit())
            .parse()
            .unwrap()
    };
    let mut notes: Vec<(DateTime<Utc>, u64, String)> = (0..16)
        .flat_map(|fp| store.history(Fingerprint(fp)).to_vec())
        .filter(|d| &*d.user == user)
        .map(|d| {
            let note = d.note.unwrap_or_default();
            (d.time, number(&note), note)
        })
        .collect();
    notes.sort();
    notes.into_iter().map(|n| n.2).collect()
}

#[test]
fn killed_while_appending_every_completed_decision_survives() {
    let inbox = tempfile::tempdir().unwrap();
    let mut child = spawn_child(inbox.path(), "被杀", "", 1_000_000);
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut done = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(i) = done_of(&line) {
            done.push(i.to_string());
            if done.len() == 40 {
                break;
            }
        }
    }
    // SIGKILL on Unix: no destructors, no flushing, possibly in the middle of a write.
    child.kill().unwrap();
    // Decisions reported done before the kill may still be in the pipe.
    for line in lines {
        let Ok(line) = line else { break };
        if let Some(i) = done_of(&line) {
            done.push(i.to_string());
        }
    }
    child.wait().unwrap();
    assert!(done.len() >= 40);

    let store = TriageStore::open(inbox.path(), "检查").unwrap();
    for warning in store.warnings() {
        assert_eq!(warning.kind, LoadWarningKind::Incomplete, "{warning}");
    }
    let recorded = notes_of(&store, "被杀");
    for (i, note) in done.iter().enumerate() {
        assert_eq!(recorded.get(i), Some(note), "decision {note} lost");
    }
    // Whatever was written after the last `done` is a prefix of the run, in order.
    for (i, note) in recorded.iter().enumerate() {
        assert_eq!(note, &i.to_string());
    }

    // The journal goes on after the crash.
    let mut store = TriageStore::open(inbox.path(), "被杀").unwrap();
    let before = store.len();
    store
        .record(store.decide(
            Fingerprint(99),
            "period-reversed",
            report_ref(),
            Action::Confirm,
        ))
        .unwrap();
    let fresh = TriageStore::open(inbox.path(), "检查").unwrap();
    assert_eq!(fresh.len(), before + 1);
    assert_eq!(fresh.verdict(Fingerprint(99)).status, Status::Confirmed);
}

fn run_children(inbox: &Path, children: &[(&str, &str)], count: u64) {
    let spawned: Vec<_> = children
        .iter()
        .map(|(user, tag)| spawn_child(inbox, user, tag, count))
        .collect();
    for child in spawned {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success());
        let done = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter(|l| done_of(l).is_some())
            .count();
        assert_eq!(done as u64, count);
    }
}

#[test]
fn two_users_appending_at_once_lose_nothing_and_merge_in_order() {
    let inbox = tempfile::tempdir().unwrap();
    let count = 300;
    run_children(inbox.path(), &[("甲", "a"), ("乙", "b")], count);

    let store = TriageStore::open(inbox.path(), "丙").unwrap();
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    assert_eq!(store.len() as u64, 2 * count);
    for (user, tag) in [("甲", "a"), ("乙", "b")] {
        let notes = notes_of(&store, user);
        let expected: Vec<String> = (0..count).map(|i| format!("{tag}{i}")).collect();
        assert_eq!(notes, expected, "{user}'s decisions in the order made");
    }
    for fp in 0..16 {
        let history = store.history(Fingerprint(fp));
        assert!(!history.is_empty());
        for pair in history.windows(2) {
            assert!(
                (pair[0].time, &*pair[0].user) <= (pair[1].time, &*pair[1].user),
                "merge order by time, then user"
            );
        }
        // The verdict is the last decision of the merged history.
        let last = history.last().unwrap();
        let expected = if last.action == Action::Confirm {
            Status::Confirmed
        } else {
            Status::Dismissed
        };
        assert_eq!(store.verdict(Fingerprint(fp)).status, expected);
    }
}

#[test]
fn two_processes_of_one_user_lose_nothing() {
    let inbox = tempfile::tempdir().unwrap();
    let count = 300;
    run_children(inbox.path(), &[("同", "x"), ("同", "y")], count);
    let store = TriageStore::open(inbox.path(), "同").unwrap();
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    assert_eq!(store.len() as u64, 2 * count);
    let notes = notes_of(&store, "同");
    for tag in ["x", "y"] {
        let mine: Vec<&String> = notes.iter().filter(|n| n.starts_with(tag)).collect();
        assert_eq!(mine.len() as u64, count);
    }
}

// ---------------------------------------------------------------------------------------------
// Re-submitted reports

/// Seed 004 (its statistics period ends before it begins), re-submitted with `inserted` lines
/// added above the period sentence and its end date written as `end`; checked for
/// `period-reversed` only.
fn reversed_report(path: &str, inserted: usize, end: &str) -> CheckedReport {
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-reports/004_060f1afac52ad05c.txt");
    let original = std::fs::read_to_string(seed).unwrap();
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    let period_line = lines
        .iter()
        .position(|l| l.contains("报告统计期限"))
        .unwrap();
    lines[period_line] = lines[period_line].replace("2022年12月31日", end);
    for n in 0..inserted {
        lines.insert(period_line, format!("补充说明第{n}段。"));
    }
    let report = parse_text(&lines.join("\n"), SourceEncoding::Utf8);
    let selection = RuleSelection::only("period-reversed");
    let inbox = Path::new("inbox");
    check::check_report(inbox, &inbox.join(path), &report, &selection)
}

#[test]
fn verdicts_survive_resubmission_and_a_changed_defect_is_a_new_flag() {
    let inbox = tempfile::tempdir().unwrap();
    let first = reversed_report("004.txt", 0, "2022年12月31日");
    let [flag] = first.flags.as_slice() else {
        panic!("expected one flag, got {:?}", first.flags)
    };
    assert_eq!(flag.code, "period-reversed");
    assert_eq!(flag.severity, Severity::Error);

    let mut store = TriageStore::open(inbox.path(), "审核员").unwrap();
    let report = Arc::new(ReportRef::of(&first, Some(0x0123_4567_89ab_cdef)));
    store
        .record(
            store
                .decide_flag(report, flag, Action::Confirm)
                .with_note("年份写错"),
        )
        .unwrap();

    // Re-submitted with twelve lines inserted above the period: same defect, same verdict.
    let moved = reversed_report("004-v2.txt", 12, "2022年12月31日");
    assert_eq!(first.flags[0].location.line, Some(8));
    assert_eq!(moved.flags[0].location.line, Some(20));
    assert_eq!(moved.flags[0].fingerprint, flag.fingerprint);
    let store = TriageStore::open(inbox.path(), "另一位").unwrap();
    let review = Review::build(std::slice::from_ref(&moved), &store);
    assert_eq!(review.rows.len(), 1);
    assert_eq!(review.rows[0].status, RowStatus::Confirmed);
    assert_eq!(review.rows[0].location.and_then(|l| l.line), Some(20));
    assert_eq!(review.rows[0].verdict.note.as_deref(), Some("年份写错"));

    // Re-submitted with another end date: a new, open flag; the confirmed one is resolved.
    let changed = reversed_report("004-v3.txt", 12, "2022年12月30日");
    assert_ne!(changed.flags[0].fingerprint, flag.fingerprint);
    let review = Review::build(std::slice::from_ref(&changed), &store);
    let statuses: Vec<RowStatus> = review.rows.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [RowStatus::Open, RowStatus::Resolved]);
    let resolved = &review.rows[1];
    assert_eq!(resolved.fingerprint, flag.fingerprint);
    assert_eq!(resolved.file, "004-v3.txt");
    assert_eq!(resolved.verdict.status, Status::Confirmed);
    assert_eq!(resolved.message.zh, "统计期限首尾颠倒");
    assert_eq!(resolved.history.len(), 1);

    // The report is gone from the inbox altogether: kept, but not called rectified.
    let review = Review::build(&[], &store);
    assert_eq!(review.rows.len(), 1);
    assert_eq!(review.rows[0].status, RowStatus::Absent);
    assert_eq!(review.rows[0].file, "004.txt");
    assert_eq!(review.rows[0].agency.as_deref(), Some("乌拉特中旗司法局"));
}
