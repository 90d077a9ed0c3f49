//! Decisions written to the journal off the UI thread, headless: what the panes show follows
//! the key at once; the journal gets the same lines, in the same order and batches, as when it
//! is written in place; a write that fails is said and not kept as if saved; quitting waits
//! for the writes.

use nianbao::i18n::Lang;
use nianbao::triage::{journal_path, Status, TriageStore};

use super::action::Action;
use super::app::{App, Pane};
use super::keymap::{Key, KeyCode};
use super::testing::*;

const ULATE: &str = "乌拉特中旗司法局";

/// The dashboard on the seeds with 乌拉特中旗司法局's flags open, its journal written on the
/// journal thread when `off_thread`.
fn on_ulate(inbox: &std::path::Path, lang: Lang, off_thread: bool) -> App {
    let mut app = loaded_app(inbox, lang);
    if off_thread {
        app.write_journal_off_thread();
        assert!(app.journal.is_some(), "the journal thread starts");
    }
    open_agency(&mut app, ULATE);
    assert_eq!(app.focus, Pane::Flags);
    app
}

fn last_event(app: &App) -> String {
    app.last_event
        .as_ref()
        .map(|e| e.text.clone())
        .unwrap_or_default()
}

fn first_status(app: &App) -> Status {
    app.status(app.flag(app.flags[0]).unwrap().1.fingerprint)
}

/// Single decisions, a bulk one, undo and redo of it, a report status and its undo.
fn triage_keys(app: &mut App) {
    type_keys(app, "cjd");
    type_keys(app, "  cy");
    type_keys(app, "u");
    app.handle_key(Key::ctrl('r'));
    type_keys(app, "u");
    app.update(Action::PrevPane);
    type_keys(app, "p");
    app.handle_key(Key::plain(KeyCode::Enter));
    type_keys(app, "u");
}

/// The journal's lines without their times: what was decided, in which order and batches.
fn journal_lines(inbox: &std::path::Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(journal_path(inbox, USER)).expect("a journal");
    text.lines()
        .map(|line| {
            let mut value: serde_json::Value = serde_json::from_str(line).expect("a line");
            value.as_object_mut().expect("an object").remove("time");
            value
        })
        .collect()
}

#[test]
fn decisions_off_the_ui_thread_reach_the_journal_as_made_in_place() {
    let (threaded_inbox, in_place_inbox) = (seed_inbox(), seed_inbox());
    let mut threaded = on_ulate(threaded_inbox.path(), Lang::Zh, true);
    let mut in_place = on_ulate(in_place_inbox.path(), Lang::Zh, false);

    // Shown at once, before anything is confirmed written; the status bar says it is saving.
    type_keys(&mut threaded, "c");
    assert_eq!(first_status(&threaded), Status::Confirmed);
    assert!(threaded.saving());
    assert!(
        screen(&threaded).contains("正在保存…"),
        "{}",
        screen(&threaded)
    );
    type_keys(&mut in_place, "c");
    assert!(!in_place.saving());
    assert!(!screen(&in_place).contains("正在保存…"));

    type_keys(&mut threaded, "u");
    type_keys(&mut in_place, "u");
    triage_keys(&mut threaded);
    triage_keys(&mut in_place);
    assert_eq!(last_event(&threaded), last_event(&in_place));
    threaded.collect_work(true);
    assert!(!threaded.saving());
    assert!(!screen(&threaded).contains("正在保存…"));

    let lines = journal_lines(threaded_inbox.path());
    assert_eq!(lines.len(), 14, "{lines:#?}");
    assert_eq!(lines, journal_lines(in_place_inbox.path()));
    // A fresh store reads what the dashboard shows, and undoes the same batch next.
    let store = threaded.store.as_ref().unwrap();
    let mut fresh = TriageStore::open(threaded_inbox.path(), USER).unwrap();
    for fingerprint in store.fingerprints() {
        assert_eq!(fresh.history(fingerprint), store.history(fingerprint));
    }
    let mut control = TriageStore::open(in_place_inbox.path(), USER).unwrap();
    let undone = |s: &mut TriageStore| -> Vec<_> {
        let undone = s.undo_batch().unwrap();
        undone.iter().map(|d| (d.fingerprint, d.action)).collect()
    };
    assert_eq!(undone(&mut fresh), undone(&mut control));
    assert_eq!(undone(&mut fresh), undone(&mut control));
}

/// Replaces the folder of the journals by a file: nothing can be written any more (as root
/// too).
fn block_journal(inbox: &std::path::Path) {
    let folder = inbox.join(".nianbao");
    if folder.exists() {
        std::fs::remove_dir_all(&folder).unwrap();
    }
    std::fs::write(&folder, "not a folder").unwrap();
}

#[test]
fn a_failed_journal_write_is_said_and_what_it_lost_is_withdrawn() {
    for (lang, said) in [(Lang::Zh, "保存失败："), (Lang::En, "saving failed: ")] {
        let inbox = seed_inbox();
        let mut app = on_ulate(inbox.path(), lang, true);
        block_journal(inbox.path());
        // A confirmation and a bulk dismissal after it: shown at once, then lost (the bulk
        // one is not written after the confirmation failed).
        type_keys(&mut app, "cj  dy");
        app.handle_key(Key::plain(KeyCode::Enter));
        assert_eq!(app.store.as_ref().unwrap().len(), 3);
        assert!(app.saving());
        app.collect_work(true);
        assert!(!app.saving());
        let text = last_event(&app);
        assert!(text.starts_with(said), "{text}");
        let lost = match lang {
            Lang::Zh => "3 个决定未写入审核记录，已撤回",
            Lang::En => "3 decisions not written to the journal were withdrawn",
        };
        assert!(text.ends_with(lost), "{text}");
        // In the status bar (wide enough for the journal's path in the message).
        let wide = screen_sized(&app, 300, 40);
        assert!(wide.contains(said.trim_end()), "{wide}");
        // The panes show what the journals hold: nothing.
        assert_eq!(app.store.as_ref().unwrap().len(), 0);
        let statuses: Vec<Status> = app
            .flags
            .iter()
            .map(|f| app.status(app.flag(*f).unwrap().1.fingerprint))
            .collect();
        assert!(statuses.iter().all(|s| *s == Status::Open), "{statuses:?}");
    }
}

#[test]
fn quitting_waits_for_the_journal_and_says_so() {
    let inbox = seed_inbox();
    let mut app = on_ulate(inbox.path(), Lang::Zh, true);
    type_keys(&mut app, "  cy");
    assert!(app.begin_quit());
    assert!(
        screen(&app).contains("正在保存…，保存完毕后退出"),
        "{}",
        screen(&app)
    );
    assert_eq!(app.finish(), Ok(()));
    assert!(!app.begin_quit(), "nothing left to save");
    let fresh = TriageStore::open(inbox.path(), "李四").unwrap();
    assert_eq!(fresh.len(), 2);

    // A write that fails while quitting is returned, to be said after the dashboard.
    let inbox = seed_inbox();
    let mut app = on_ulate(inbox.path(), Lang::Zh, true);
    block_journal(inbox.path());
    type_keys(&mut app, "c");
    assert!(app.begin_quit());
    let said = app.finish().unwrap_err();
    assert!(said.starts_with("保存失败："), "{said}");
}
