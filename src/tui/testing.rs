//! Test fixtures: dashboards on a temporary copy of the seed reports, fed as the watcher would.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{FixedOffset, TimeZone, Utc};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use tempfile::TempDir;

use nianbao::i18n::Lang;
use nianbao::inbox::{InboxEvent, Trigger};
use nianbao::pipeline::{self, CheckOptions, CheckedReport};
use nianbao::triage::{Action as Decide, ReportRef, TriageStore};

use super::action::Action;
use super::app::App;
use super::keymap::{Key, KeyMap};
use super::view;

pub const USER: &str = "张三";
/// The machine the test user works on (the real host name would make snapshots differ).
pub const HOST: &str = "审核室-PC";

/// A temporary inbox holding the five seed reports.
pub fn seed_inbox() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-reports");
    let mut names: Vec<_> = std::fs::read_dir(&seeds)
        .expect("sample-reports")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    for path in names {
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    dir
}

/// The report files of an inbox, in name order.
pub fn files(inbox: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(inbox)
        .expect("inbox")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// The event of a checked file of an inbox (the folder the file is in).
pub fn checked(path: &Path, trigger: Trigger) -> InboxEvent {
    let bytes = std::fs::read(path).ok();
    let inbox = path.parent().unwrap_or(path);
    InboxEvent::Checked {
        report: Box::new(pipeline::check_file_in(
            inbox,
            path,
            &CheckOptions::default(),
        )),
        content_hash: bytes.map(|b| xxhash_rust::xxh3::xxh3_64(&b)),
        trigger,
        reading: None,
    }
}

/// A dashboard on `inbox` with nothing loaded yet, 120×40, times shown in UTC+8.
pub fn empty_app(inbox: &Path, lang: Lang) -> App {
    let store = TriageStore::open_on(inbox, USER, HOST).map_err(|e| e.to_string());
    let mut app = App::new(inbox.to_path_buf(), store, KeyMap::defaults(), lang);
    app.detail_max_scroll = super::view::detail_max_scroll;
    app.inbox_label = "sample-reports".to_string();
    app.utc_offset = FixedOffset::east_opt(8 * 3600).expect("offset");
    app.resize(120, 40);
    app
}

/// A dashboard with every report of `inbox` loaded by an initial scan.
pub fn loaded_app(inbox: &Path, lang: Lang) -> App {
    let mut app = empty_app(inbox, lang);
    let files = files(inbox);
    let mut events = vec![InboxEvent::ScanStarted {
        total: files.len(),
        trigger: Trigger::InitialScan,
    }];
    events.extend(files.iter().map(|p| checked(p, Trigger::InitialScan)));
    events.push(InboxEvent::ScanFinished {
        total: files.len(),
        elapsed: Duration::from_millis(120),
        skipped: 0,
    });
    events.push(InboxEvent::Watching { active: true });
    app.on_inbox(events);
    app
}

/// Presses keys given as a string of characters (each one key).
pub fn type_keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.handle_key(Key::char(c));
    }
}

/// Selects the report of an agency and opens its flags.
pub fn open_agency(app: &mut App, agency: &str) {
    app.update(Action::Top);
    for _ in 0..app.reports.len() {
        if app
            .selected_report()
            .and_then(|e| e.report.agency.as_deref())
            == Some(agency)
        {
            app.update(Action::Open);
            return;
        }
        app.update(Action::Down);
    }
    panic!("no report of {agency}");
}

/// Moves the flag selection to the first flag with `code`.
pub fn select_code(app: &mut App, code: &str) {
    app.update(Action::Top);
    for _ in 0..app.flags.len() {
        if app.selected_flag().map(|(_, f)| f.code) == Some(code) {
            return;
        }
        app.update(Action::Down);
    }
    panic!("no flag {code}");
}

/// Records a decision on the selected flag at a fixed time, as `user` would (another user's
/// journal is written by a store of its own).
pub fn decide_at(app: &mut App, action: Decide, note: Option<&str>, minute: u32) {
    let (report, flag) = {
        let (entry, flag) = app.selected_flag().expect("a selected flag");
        let report = ReportRef::of(&entry.report, entry.content_hash);
        (std::sync::Arc::new(report), flag.clone())
    };
    let time = Utc
        .with_ymd_and_hms(2024, 3, 5, 1, minute, 0)
        .single()
        .expect("time");
    let store = app.store.as_mut().expect("store");
    let mut decision = store.decide_flag(report, &flag, action).at(time);
    decision.note = note.map(str::to_string);
    store.record(decision).expect("recorded");
    app.refresh();
}

/// The screen for a snapshot, checked first: no escape character reaches the terminal.
pub fn snapshot_text(app: &App) -> String {
    let text = screen(app);
    assert!(!text.contains('\u{1b}'), "no escape reaches the terminal");
    text
}

/// The screen, as text.
pub fn screen(app: &App) -> String {
    screen_sized(app, 120, 40)
}

pub fn screen_sized(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| view::render(frame, app))
        .expect("draw");
    plain_text(terminal.backend().buffer())
}

/// A buffer as the text a person sees: the cells a double-width character covers are skipped,
/// trailing spaces dropped.
pub fn plain_text(buffer: &ratatui::buffer::Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

// ---- Benchmarks (`bench/tui.sh`) ------------------------------------------------------

/// A dashboard holding at least `wanted` flags: copies of the seed reports under other
/// names and agencies, with fingerprints of their own.
pub fn synthetic(inbox: &Path, wanted: usize) -> App {
    let seeds: Vec<CheckedReport> = files(inbox)
        .iter()
        .map(|p| nianbao::pipeline::check_file(p, &CheckOptions::default()))
        .collect();
    let mut events = Vec::new();
    let (mut flags, mut i) = (0, 0);
    while flags < wanted {
        let mut report = seeds[i % seeds.len()].clone();
        report.file = format!("copies/{i:06}.txt");
        report.path = inbox.join(&report.file);
        report.agency = report.agency.map(|a| format!("{a}{i}"));
        // Each copy's flags are flags of their own (as another agency's would be): a decision
        // on one must not decide its copies.
        for flag in &mut report.flags {
            let salt = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            flag.fingerprint = nianbao::flag::Fingerprint(flag.fingerprint.0 ^ salt);
        }
        flags += report.flags.len();
        events.push(InboxEvent::Checked {
            report: Box::new(report),
            content_hash: Some(i as u64),
            trigger: Trigger::InitialScan,
            reading: None,
        });
        i += 1;
    }
    let mut app = empty_app(inbox, Lang::Zh);
    app.resize(160, 45);
    let start = Instant::now();
    app.on_inbox(events);
    println!(
        "applying {i} reports ({flags} flags) to the inbox: {:.1} ms",
        ms(start)
    );
    app
}

pub fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

/// The median of `runs` timings of `f`, in milliseconds.
pub fn median(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            ms(start)
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}
