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
use nianbao::flag::{Fingerprint, Severity};
use nianbao::i18n::Lang;
use nianbao::ingest::SourceEncoding;
use nianbao::pipeline::{self, CheckedReport};
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

/// The name the test harness knows a test of this module by (`triage::child_appender`): the
/// children are this binary, started on one test.
fn test_name(function: &str) -> String {
    let module = module_path!()
        .split_once("::")
        .map_or(module_path!(), |(_, module)| module);
    format!("{module}::{function}")
}

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
        .args([
            &test_name("child_appender"),
            "--exact",
            "--ignored",
            "--nocapture",
        ])
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
    pipeline::check_report(inbox, &inbox.join(path), &report, &selection)
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
    assert_eq!(resolved.message.get(Lang::Zh), "统计期限首尾颠倒");
    assert_eq!(resolved.history.len(), 1);

    // The report is gone from the inbox altogether: kept, but not called rectified.
    let review = Review::build::<nianbao::pipeline::CheckedReport>(&[], &store);
    assert_eq!(review.rows.len(), 1);
    assert_eq!(review.rows[0].status, RowStatus::Absent);
    assert_eq!(review.rows[0].file, "004.txt");
    assert_eq!(review.rows[0].agency.as_deref(), Some("乌拉特中旗司法局"));
}

// ---------------------------------------------------------------------------------------------
// Order: clocks, sequence numbers, old journals

/// Bob's decision on flag 5 dated 2099 (a wrong clock, or a forged line); the journal itself
/// is dated 2099 too when `file_too`.
fn bob_in_2099(inbox: &Path, action: Action, file_too: bool) {
    let far = Utc.with_ymd_and_hms(2099, 1, 1, 0, 0, 0).unwrap();
    let mut bob = TriageStore::open(inbox, "bob").unwrap();
    bob.record(decision("bob", 5, Action::Note, 0)).unwrap();
    let forged = bob.decide(Fingerprint(5), "period-reversed", report_ref(), action);
    bob.record(forged.at(far)).unwrap();
    if file_too {
        let journal = std::fs::File::options()
            .write(true)
            .open(bob.journal_path());
        journal.unwrap().set_modified(far.into()).unwrap();
    }
}

/// Alice, seeing bob's line reported, decides on flag 5; everyone sees her verdict, after any
/// number of restarts.
fn alice_overrules(inbox: &Path, action: Action, status: Status) {
    let mut alice = TriageStore::open(inbox, "alice").unwrap();
    let warning = alice
        .warnings()
        .iter()
        .find(|w| matches!(w.kind, LoadWarningKind::FutureTime { .. }))
        .expect("the future time is reported");
    assert!(warning.path.ends_with("bob.jsonl"), "{warning}");
    let zh = warning.display(nianbao::i18n::Lang::Zh);
    assert!(zh.contains("晚于当前时间"), "{zh}");
    assert!(alice.history(Fingerprint(5))[1].ordered_at().is_some());
    let decided = alice.decide(Fingerprint(5), "period-reversed", report_ref(), action);
    alice.record(decided).unwrap();
    assert_eq!(alice.verdict(Fingerprint(5)).status, status);
    for user in ["alice", "bob", "carol", "alice"] {
        let store = TriageStore::open(inbox, user).unwrap();
        assert_eq!(store.verdict(Fingerprint(5)).status, status, "{user}");
    }
}

#[test]
fn a_line_from_the_future_cannot_freeze_a_flag() {
    let inbox = tempfile::tempdir().unwrap();
    bob_in_2099(inbox.path(), Action::Confirm, false);
    let before = TriageStore::open(inbox.path(), "carol").unwrap();
    assert_eq!(before.verdict(Fingerprint(5)).status, Status::Confirmed);
    alice_overrules(inbox.path(), Action::Dismiss, Status::Dismissed);
}

#[test]
fn a_forged_line_in_a_file_dated_in_the_future_cannot_freeze_a_flag_either() {
    let inbox = tempfile::tempdir().unwrap();
    bob_in_2099(inbox.path(), Action::Dismiss, true);
    alice_overrules(inbox.path(), Action::Confirm, Status::Confirmed);
}

/// A decision dated a moment ahead of the reader's clock (the rule that dates a decision just
/// after the last one its maker saw puts it up to a millisecond ahead; another machine's clock
/// may run a little fast) is no forged line: it loads without a warning, its verdict holds,
/// and it is ordered no later than the moment of loading.
#[test]
fn a_line_dated_a_moment_ahead_is_not_from_the_future() {
    let inbox = tempfile::tempdir().unwrap();
    let mut bob = TriageStore::open(inbox.path(), "bob").unwrap();
    let ahead = Utc::now() + Duration::milliseconds(800);
    let decided = bob.decide(
        Fingerprint(5),
        "period-reversed",
        report_ref(),
        Action::Confirm,
    );
    bob.record(decided.at(ahead)).unwrap();

    let alice = TriageStore::open(inbox.path(), "alice").unwrap();
    let loaded = Utc::now();
    assert!(alice.warnings().is_empty(), "{:?}", alice.warnings());
    assert_eq!(alice.verdict(Fingerprint(5)).status, Status::Confirmed);
    let ordered = alice.history(Fingerprint(5))[0].ordered_at();
    assert!(ordered.is_some_and(|at| at <= loaded), "{ordered:?}");
}

#[test]
fn a_users_later_decision_beats_their_earlier_one_whatever_the_clock() {
    let inbox = tempfile::tempdir().unwrap();
    let mut store = TriageStore::open(inbox.path(), "u").unwrap();
    store
        .record(decision("u", 1, Action::Confirm, 100))
        .unwrap();
    // The clock was set back between the two decisions.
    store.record(decision("u", 1, Action::Dismiss, 50)).unwrap();
    let other = TriageStore::open(inbox.path(), "v").unwrap();
    assert_eq!(other.verdict(Fingerprint(1)).status, Status::Dismissed);
    let seqs: Vec<u64> = other
        .history(Fingerprint(1))
        .iter()
        .map(|d| d.seq)
        .collect();
    assert_eq!(seqs, [1, 2]);
}

#[test]
fn lines_of_old_journals_without_seq_or_host_still_load() {
    let inbox = tempfile::tempdir().unwrap();
    let path = triage::journal_path(inbox.path(), "u");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let old = concat!(
        r#"{"time":"2024-03-01T00:00:00.000Z","user":"u","fingerprint":"0000000000000001","#,
        r#""code":"period-reversed","report":{"agency":"北关区司法局","year":2023,"file":"000.txt","#,
        r#""hash":null},"action":"confirm"}"#,
        "\n",
        r#"{"time":"2024-03-01T00:01:00.000Z","user":"u","fingerprint":"0000000000000001","#,
        r#""code":"period-reversed","report":{"agency":"北关区司法局","year":2023,"file":"000.txt","#,
        r#""hash":null},"action":"dismiss","note":"旧"}"#,
        "\n",
    );
    std::fs::write(&path, old).unwrap();
    let mut store = TriageStore::open(inbox.path(), "u").unwrap();
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    let history = store.history(Fingerprint(1));
    assert_eq!(history.len(), 2);
    assert_eq!((history[0].seq, history[1].seq), (1, 2));
    assert_eq!(history[1].host, None);
    assert_eq!(store.verdict(Fingerprint(1)).status, Status::Dismissed);
    // Undo works on them (they carry no machine), and the new line goes on counting.
    let inverse = store.undo().unwrap().unwrap();
    assert_eq!(inverse.seq, 3);
    assert_eq!(store.verdict(Fingerprint(1)).status, Status::Confirmed);
}

// ---------------------------------------------------------------------------------------------
// Users, machines, and whose decision undo may revert

#[test]
fn names_that_look_alike_get_journals_of_their_own_and_undo_reverts_only_ones_own() {
    let inbox = tempfile::tempdir().unwrap();
    let names = ["a b", "a_b", "a/b"];
    let mut stores: Vec<TriageStore> = names
        .iter()
        .map(|n| TriageStore::open(inbox.path(), n).unwrap())
        .collect();
    let paths: std::collections::HashSet<_> = stores
        .iter()
        .map(|s| s.journal_path().to_path_buf())
        .collect();
    assert_eq!(paths.len(), 3);
    for (i, store) in stores.iter_mut().enumerate() {
        let name = names[i];
        store
            .record(decision(name, i as u64, Action::Confirm, i as i64))
            .unwrap();
        assert_eq!(
            store.journal_path().parent(),
            Some(triage::journal_dir(inbox.path()).as_path())
        );
    }
    let middle = &mut stores[1];
    middle.reload().unwrap();
    let inverse = middle.undo().unwrap().unwrap();
    assert_eq!(inverse.fingerprint, Fingerprint(1));
    assert_eq!(middle.undo().unwrap(), None);
    assert_eq!(middle.verdict(Fingerprint(0)).status, Status::Confirmed);
    assert_eq!(middle.verdict(Fingerprint(2)).status, Status::Confirmed);
}

#[test]
fn two_machines_logged_in_as_one_user_never_undo_each_other() {
    let inbox = tempfile::tempdir().unwrap();
    let mut first = TriageStore::open_on(inbox.path(), "Administrator", "PC-1").unwrap();
    let mut second = TriageStore::open_on(inbox.path(), "Administrator", "PC-2").unwrap();
    assert_eq!(first.journal_path(), second.journal_path());
    second
        .record(decision("Administrator", 9, Action::Confirm, 0))
        .unwrap();
    first.reload().unwrap();
    assert_eq!(first.verdict(Fingerprint(9)).status, Status::Confirmed);
    assert_eq!(
        first.undo().unwrap(),
        None,
        "PC-2's decision is not PC-1's to undo"
    );
    assert_eq!(first.verdict(Fingerprint(9)).status, Status::Confirmed);
    let journal = std::fs::read_to_string(second.journal_path()).unwrap();
    assert!(journal.contains(r#""host":"PC-2""#), "{journal}");
    // After a restart it is still PC-2's to undo.
    let mut second = TriageStore::open_on(inbox.path(), "Administrator", "PC-2").unwrap();
    assert!(second.undo().unwrap().is_some());
    assert_eq!(second.verdict(Fingerprint(9)).status, Status::Open);
}

// ---------------------------------------------------------------------------------------------
// Hostile journals

/// Runs `f` on another thread; fails instead of hanging forever.
fn without_hanging<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(120))
        .expect("hung")
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
}

#[cfg(unix)]
#[test]
fn the_own_journal_is_never_followed_through_a_link() {
    let inbox = tempfile::tempdir().unwrap();
    let victim = inbox.path().join("victim.txt");
    std::fs::write(&victim, "unchanged").unwrap();
    let path = triage::journal_path(inbox.path(), "alice");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&victim, &path).unwrap();

    let mut store = TriageStore::open(inbox.path(), "alice").unwrap();
    assert!(store.warnings().iter().any(|w| w.kind
        == LoadWarningKind::NotAFile {
            kind: triage::FileKind::Link
        }));
    let error = store
        .record(decision("alice", 1, Action::Confirm, 0))
        .unwrap_err();
    assert!(matches!(error, TriageError::NotAFile { .. }), "{error}");
    assert!(
        error
            .display(nianbao::i18n::Lang::Zh)
            .contains("不是普通文件"),
        "{}",
        error.display(nianbao::i18n::Lang::Zh)
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "unchanged");
    assert!(store.is_empty());

    // Nor through a linked folder of journals.
    let other = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir(other.path().join(".nianbao")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), triage::journal_dir(other.path())).unwrap();
    let mut store = TriageStore::open(other.path(), "alice").unwrap();
    assert!(store
        .record(decision("alice", 1, Action::Confirm, 0))
        .is_err());
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    // Nor through a linked `.nianbao`: nothing is created where it leads.
    let third = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), third.path().join(".nianbao")).unwrap();
    let mut store = TriageStore::open(third.path(), "alice").unwrap();
    let error = store
        .record(decision("alice", 1, Action::Confirm, 0))
        .unwrap_err();
    assert!(matches!(error, TriageError::NotAFolder { .. }), "{error}");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn journals_that_are_fifos_devices_or_folders_neither_hang_nor_stop_triage() {
    let inbox = tempfile::tempdir().unwrap();
    let dir = triage::journal_dir(inbox.path());
    std::fs::create_dir_all(&dir).unwrap();
    mkfifo(&triage::journal_path(inbox.path(), "fifo"));
    std::os::unix::fs::symlink("/dev/zero", triage::journal_path(inbox.path(), "zero")).unwrap();
    std::fs::create_dir(triage::journal_path(inbox.path(), "folder")).unwrap();
    let mut good = TriageStore::open(inbox.path(), "good").unwrap();
    good.record(decision("good", 1, Action::Confirm, 0))
        .unwrap();

    for user in ["someone", "fifo", "zero"] {
        let root = inbox.path().to_path_buf();
        let store = without_hanging(move || TriageStore::open(&root, user).unwrap());
        assert_eq!(
            store.verdict(Fingerprint(1)).status,
            Status::Confirmed,
            "{user}"
        );
        let refused: Vec<&Path> = store
            .warnings()
            .iter()
            .filter(|w| matches!(w.kind, LoadWarningKind::NotAFile { .. }))
            .map(|w| w.path.as_path())
            .collect();
        assert_eq!(refused.len(), 3, "{user}: {:?}", store.warnings());
        let mut store = store;
        // Reloading does not hang either, and does not repeat the warnings.
        let again = without_hanging(move || {
            let warnings = store.reload().unwrap();
            (store, warnings)
        });
        assert!(again.1.is_empty(), "{:?}", again.1);
        if user != "someone" {
            let mut store = again.0;
            let error = without_hanging(move || {
                store
                    .record(decision(user, 2, Action::Dismiss, 1))
                    .unwrap_err()
            });
            assert!(matches!(error, TriageError::NotAFile { .. }), "{error}");
        }
    }
}

/// The journal of user `w` with one decision (flag 1 confirmed), to append to by hand.
fn journal_of_w(inbox: &Path) -> std::path::PathBuf {
    let mut writer = TriageStore::open(inbox, "w").unwrap();
    writer.record(decision("w", 1, Action::Confirm, 0)).unwrap();
    writer.journal_path().to_path_buf()
}

#[test]
fn a_huge_line_is_skipped_as_it_streams_by_and_a_torn_tail_is_read_once() {
    let inbox = tempfile::tempdir().unwrap();
    let path = journal_of_w(inbox.path());
    // A 40 MB line without its newline, as a crashed or hostile writer leaves it.
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(&vec![b'x'; 40 << 20]).unwrap();
    let mut reader = TriageStore::open(inbox.path(), "r").unwrap();
    assert_eq!(reader.len(), 1);
    assert!(reader
        .warnings()
        .iter()
        .any(|w| w.kind == LoadWarningKind::LineTooLong && w.line == 2));
    assert!(reader.reload().unwrap().is_empty());
    // The line ends, and the journal goes on.
    file.write_all(b"\n").unwrap();
    file.write_all(&triage::journal::encode(&decision("w", 2, Action::Dismiss, 1)).unwrap())
        .unwrap();
    let warnings = reader.reload().unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(reader.len(), 2);
    assert_eq!(reader.history(Fingerprint(2))[0].action, Action::Dismiss);
    assert_eq!(TriageStore::open(inbox.path(), "r").unwrap().len(), 2);
}

/// What a store opened by `user` sees: the verdicts of flags 1 and 2 and the warnings, one per
/// line.
fn seen_by_reader(inbox: &Path, user: &str) -> String {
    let store = TriageStore::open(inbox, user).unwrap();
    let mut out = String::new();
    for fp in [1, 2] {
        let status = store.verdict(Fingerprint(fp)).status;
        out.push_str(&format!("@status{fp} {}\n", status.as_str()));
    }
    for warning in store.warnings() {
        out.push_str(&format!("@warning {warning}\n"));
    }
    out
}

const READER_ENV: &str = "NIANBAO_TRIAGE_READER";
const READER_USER_ENV: &str = "NIANBAO_TRIAGE_READER_USER";

#[test]
#[ignore = "the child process of the permission tests"]
fn child_reader() {
    if let (Ok(inbox), Ok(user)) = (std::env::var(READER_ENV), std::env::var(READER_USER_ENV)) {
        print!("\n{}", seen_by_reader(Path::new(&inbox), &user));
    }
}

/// [`seen_by_reader`] without privileges. Root reads anything: as root (CI), the reader runs
/// as `nobody` in a child process, this test binary copied beside the inbox (the build folder
/// may be closed to `nobody`).
#[cfg(unix)]
fn seen_unprivileged(inbox: &Path, user: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    if unsafe { libc::geteuid() } != 0 {
        return seen_by_reader(inbox, user);
    }
    use std::os::unix::process::CommandExt;
    let reader = inbox.join("reader");
    std::fs::copy(std::env::current_exe().unwrap(), &reader).unwrap();
    std::fs::set_permissions(&reader, std::fs::Permissions::from_mode(0o755)).unwrap();
    let output = Command::new(&reader)
        .args([
            &test_name("child_reader"),
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .args(["--test-threads", "1"])
        .env(READER_ENV, inbox)
        .env(READER_USER_ENV, user)
        .uid(65534)
        .gid(65534)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// An inbox where `good` confirmed flag 1 and `dave` flag 2, its folders open to everyone.
#[cfg(unix)]
fn good_and_dave(inbox: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let mut good = TriageStore::open(inbox, "good").unwrap();
    good.record(decision("good", 1, Action::Confirm, 0))
        .unwrap();
    let mut dave = TriageStore::open(inbox, "dave").unwrap();
    dave.record(decision("dave", 2, Action::Confirm, 0))
        .unwrap();
    for dir in [
        inbox.to_path_buf(),
        inbox.join(".nianbao"),
        triage::journal_dir(inbox),
    ] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    (
        good.journal_path().to_path_buf(),
        dave.journal_path().to_path_buf(),
    )
}

#[cfg(unix)]
#[test]
fn another_users_journal_without_permission_is_skipped_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let inbox = tempfile::tempdir().unwrap();
    let (good, dave) = good_and_dave(inbox.path());
    std::fs::set_permissions(good, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(dave, std::fs::Permissions::from_mode(0o000)).unwrap();

    let seen = seen_unprivileged(inbox.path(), "reader");
    assert!(seen.contains("@status1 confirmed"), "{seen}");
    let warning = seen
        .lines()
        .find(|l| l.starts_with("@warning") && l.contains("dave.jsonl"))
        .unwrap_or_else(|| panic!("no warning about dave's journal: {seen}"));
    assert!(warning.contains("cannot be read"), "{warning}");
}

#[cfg(unix)]
#[test]
fn a_folder_of_journals_that_cannot_be_listed_still_loads_the_own_journal_and_says_why() {
    use std::os::unix::fs::PermissionsExt;
    let inbox = tempfile::tempdir().unwrap();
    let (good, _) = good_and_dave(inbox.path());
    // Passable, but neither listable nor writable; good's journal read-only.
    std::fs::set_permissions(&good, std::fs::Permissions::from_mode(0o444)).unwrap();
    let dir = triage::journal_dir(inbox.path());
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o111)).unwrap();

    let seen = seen_unprivileged(inbox.path(), "good");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(
        seen.contains("@status1 confirmed"),
        "own journal read by name: {seen}"
    );
    assert!(seen.contains("@status2 open"), "{seen}");
    let warnings: Vec<&str> = seen.lines().filter(|l| l.starts_with("@warning")).collect();
    assert_eq!(warnings.len(), 2, "{seen}");
    assert!(
        warnings[0].contains("decisions cannot be recorded")
            && warnings[0].contains("good.jsonl: Permission denied"),
        "{seen}"
    );
    assert!(
        warnings[1].contains("cannot be listed") && warnings[1].contains("only your own"),
        "{seen}"
    );
}

#[cfg(unix)]
#[test]
fn a_folder_of_journals_that_is_a_file_or_a_fifo_neither_stops_nor_hangs_triage() {
    for fifo in [false, true] {
        let inbox = tempfile::tempdir().unwrap();
        let dir = triage::journal_dir(inbox.path());
        std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
        match fifo {
            true => mkfifo(&dir),
            false => std::fs::write(&dir, "not a folder").unwrap(),
        }
        let root = inbox.path().to_path_buf();
        let mut store = without_hanging(move || TriageStore::open(&root, "alice").unwrap());
        let kinds: Vec<&LoadWarningKind> = store.warnings().iter().map(|w| &w.kind).collect();
        assert_eq!(kinds.len(), 2, "{:?}", store.warnings());
        assert!(
            matches!(kinds[0], LoadWarningKind::CannotRecord { at, kind: Some(_), .. } if *at == dir),
            "{kinds:?}"
        );
        assert!(
            matches!(kinds[1], LoadWarningKind::NotAFolder { .. }),
            "{kinds:?}"
        );
        let zh = store.warnings()[1].display(nianbao::i18n::Lang::Zh);
        assert!(zh.contains("不是文件夹") && zh.contains("无法记录"), "{zh}");
        // Reloading neither hangs nor repeats the warning.
        let (mut store, again) = without_hanging(move || {
            let warnings = store.reload().unwrap();
            (store, warnings)
        });
        assert!(again.is_empty(), "{again:?}");
        let error = without_hanging(move || {
            store
                .record(decision("alice", 1, Action::Confirm, 0))
                .unwrap_err()
        });
        assert!(
            matches!(&error, TriageError::NotAFolder { path, .. } if *path == dir),
            "{error}"
        );
        let zh = error.display(nianbao::i18n::Lang::Zh);
        assert!(
            zh.contains("不是文件夹") && zh.contains("无法记录审核决定"),
            "{zh}"
        );
    }
}

#[test]
fn an_incomplete_last_line_is_not_read_again_until_the_journal_grows() {
    let inbox = tempfile::tempdir().unwrap();
    let path = journal_of_w(inbox.path());
    let line = triage::journal::encode(&decision("w", 2, Action::Dismiss, 1)).unwrap();
    let torn = &line[..line.len() - 1];
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(torn).unwrap();
    let mut reader = TriageStore::open(inbox.path(), "r").unwrap();
    assert_eq!(reader.len(), 1);
    // The tail's last byte replaced by a newline: the file did not grow, so a reader that
    // looks only at new bytes neither reads it nor warns about the (now malformed) line.
    let mut bytes = std::fs::read(&path).unwrap();
    let len = bytes.len();
    bytes[len - 1] = b'\n';
    std::fs::write(&path, &bytes).unwrap();
    for _ in 0..3 {
        assert!(reader.reload().unwrap().is_empty());
        assert_eq!(reader.len(), 1, "the tail was read again");
    }
    // Once the journal grows, the new bytes are read with the line they complete.
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(&triage::journal::encode(&decision("w", 3, Action::Confirm, 2)).unwrap())
        .unwrap();
    reader.reload().unwrap();
    assert_eq!(reader.verdict(Fingerprint(3)).status, Status::Confirmed);
}

// ---------------------------------------------------------------------------------------------
// Journals from before fingerprints named the files of reports without agency or year

/// Every empty file's `unreadable-file` flag had this fingerprint before it named the file
/// (issue 8: `a.txt` and `important.txt` shared it).
const OLD_EMPTY_FILE_FP: &str = "e2f2b1f6208e0c87";

/// A journal line as nianbao wrote it before: no sequence number, no machine.
fn old_line(fingerprint: &str, file: &str, action: &str, minute: u32) -> String {
    format!(
        concat!(
            r#"{{"time":"2024-03-01T00:{:02}:00.000Z","user":"老用户","fingerprint":"{}","#,
            r#""code":"unreadable-file","report":{{"agency":null,"year":null,"file":"{}","#,
            r#""hash":null}},"action":"{}"}}"#,
            "\n"
        ),
        minute, fingerprint, file, action
    )
}

#[test]
fn an_old_verdict_on_a_report_without_agency_or_year_lands_on_its_own_files_flag_only() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = std::path::absolute(dir.path()).unwrap();
    for name in ["a.txt", "b.txt"] {
        std::fs::write(inbox.join(name), "").unwrap();
    }
    let reports: Vec<CheckedReport> = ["a.txt", "b.txt"]
        .iter()
        .map(|name| {
            pipeline::check_file_in(
                &inbox,
                &inbox.join(name),
                &pipeline::CheckOptions::default(),
            )
        })
        .collect();
    let old: Fingerprint = OLD_EMPTY_FILE_FP.parse().unwrap();
    for report in &reports {
        assert_eq!(report.flags.len(), 1, "{report:?}");
        assert_eq!(report.flags[0].legacy_fingerprint, Some(old));
    }
    assert_ne!(
        reports[0].flags[0].fingerprint,
        reports[1].flags[0].fingerprint
    );

    let path = triage::journal_path(&inbox, "老用户");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let lines = [
        // A flag of b.txt that none of its flags had.
        old_line("00000000000000ff", "b.txt", "confirm", 0),
        // A report that is gone.
        old_line(OLD_EMPTY_FILE_FP, "gone.txt", "confirm", 1),
        // Dismissed in a.txt.
        old_line(OLD_EMPTY_FILE_FP, "a.txt", "dismiss", 2),
    ];
    std::fs::write(&path, lines.concat()).unwrap();
    let store = TriageStore::open(&inbox, "审核员").unwrap();
    let review = Review::build(&reports, &store);

    let rows_of = |file: &str| -> Vec<(RowStatus, Fingerprint)> {
        review
            .rows
            .iter()
            .filter(|r| r.file == file)
            .map(|r| (r.status, r.fingerprint))
            .collect()
    };
    assert_eq!(
        rows_of("a.txt"),
        [(RowStatus::Dismissed, reports[0].flags[0].fingerprint)]
    );
    let a = &review.rows[0];
    assert_eq!(a.history.len(), 1);
    assert_eq!(a.verdict.user.as_deref(), Some("老用户"));
    // b.txt's flag is still undecided; the verdict that matches none of its flags is shown
    // with it, and not as rectified.
    assert_eq!(
        rows_of("b.txt"),
        [
            (RowStatus::Open, reports[1].flags[0].fingerprint),
            (RowStatus::Unattributed, Fingerprint(0xff)),
        ]
    );
    assert_eq!(rows_of("gone.txt"), [(RowStatus::Absent, old)]);
    assert_eq!(review.count(RowStatus::Resolved), 0);
    assert_eq!(review.count(RowStatus::Unattributed), 1);

    // Its maker undoes it (after the upgrade, so the inverse is numbered): it follows.
    let mut maker = TriageStore::open(&inbox, "老用户").unwrap();
    let inverse = maker.undo().unwrap().unwrap();
    assert_eq!((inverse.fingerprint, inverse.action), (old, Action::Reopen));
    assert_eq!(inverse.report.file, "a.txt");
    let review = Review::build(&reports, &maker);
    let a: Vec<(RowStatus, usize)> = review
        .rows
        .iter()
        .filter(|r| r.file == "a.txt")
        .map(|r| (r.status, r.history.len()))
        .collect();
    assert_eq!(a, [(RowStatus::Open, 2)]);
    assert_eq!(review.count(RowStatus::Resolved), 0);
}

// ---------------------------------------------------------------------------------------------
// Journals under the names nianbao gave them before

#[test]
fn the_own_journal_under_its_old_name_is_undone_and_numbered_on_but_not_written() {
    let inbox = tempfile::tempdir().unwrap();
    let dir = triage::journal_dir(inbox.path());
    std::fs::create_dir_all(&dir).unwrap();
    // `Administrator.jsonl` as an older nianbao wrote it: no seq, no host; a line of another
    // name in it too (a copied line): never Administrator's to undo.
    let line = |user: &str, fp: u64, action: Action, at: i64| {
        let mut d = decision(user, fp, action, at);
        d.seq = 0;
        String::from_utf8(triage::journal::encode(&d).unwrap()).unwrap()
    };
    let old = [
        line("Administrator", 1, Action::Confirm, 0),
        line("Administrator", 2, Action::Dismiss, 1),
        line("李四", 3, Action::Confirm, 2),
    ]
    .concat();
    let old_path = dir.join("Administrator.jsonl");
    std::fs::write(&old_path, &old).unwrap();

    let mut store = TriageStore::open_on(inbox.path(), "Administrator", "PC-1").unwrap();
    assert_eq!(store.journal_path(), dir.join("^Administrator.jsonl"));
    let undone = store
        .undo()
        .unwrap()
        .expect("the old file's decisions are theirs");
    assert_eq!(undone.fingerprint, Fingerprint(2));
    assert_eq!(store.verdict(Fingerprint(2)).status, Status::Open);
    assert!(
        undone.seq > 2,
        "numbered after the old lines: {}",
        undone.seq
    );
    // After a restart, undo goes on back through the old file, and stops at its end.
    let mut store = TriageStore::open_on(inbox.path(), "Administrator", "PC-1").unwrap();
    assert_eq!(store.undo().unwrap().unwrap().fingerprint, Fingerprint(1));
    assert_eq!(store.verdict(Fingerprint(1)).status, Status::Open);
    assert!(store.undo().unwrap().is_none(), "李四's line is not theirs");
    assert_eq!(store.verdict(Fingerprint(3)).status, Status::Confirmed);
    // New lines went to the new file only, numbered on.
    assert_eq!(std::fs::read_to_string(&old_path).unwrap(), old);
    let reread = TriageStore::open(inbox.path(), "reader").unwrap();
    let seqs: Vec<u64> = [2, 1]
        .iter()
        .map(|&fp| reread.history(Fingerprint(fp)).last().unwrap().seq)
        .collect();
    assert_eq!(seqs, [3, 4]);

    // A machine or a name that is not theirs: the old file's lines stay untouched.
    let mut elsewhere = TriageStore::open_on(inbox.path(), "Administrator", "PC-2").unwrap();
    assert!(
        elsewhere.undo().unwrap().is_some(),
        "old lines carry no machine"
    );
    let mut other = TriageStore::open(inbox.path(), "administrator").unwrap();
    assert!(other.undo().unwrap().is_none());
}
