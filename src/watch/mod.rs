//! Watching an inbox folder: the live feed of [`InboxEvent`]s behind the dashboard and
//! `nianbao watch`.
//!
//! [`spawn`] starts one thread, the watch thread, which owns everything that has state: the
//! notify watcher (through notify-debouncer-full, which keeps the Rescan events the mini
//! debouncer drops), the set of report paths it has announced, and the files to read again
//! because they were still being written. It works one step at a time — a scan of the whole
//! folder, or an update of the paths that changed — and checks the files of a step in
//! parallel (rayon), sending each `Checked` the moment its check completes, so a dashboard fills
//! in progressively. Because the steps never overlap, the events for one path are sent in the
//! order the file changed: a scan never sends stale content after an update sent fresh content.
//!
//! The folder is the source of truth. A rescan (asked for with [`WatchHandle::rescan`], or
//! forced by a watcher overflow, a Rescan event, a watcher error or a burst of changes) checks
//! every report again and sends `Removed` for each report that vanished; rescan requests that
//! arrive during a scan are merged into one more scan. If the folder cannot be watched at all
//! (no inotify watches left, a file system without notifications) or the inbox folder itself
//! goes away, the watch thread says so and polls instead (a walk that reads again only the
//! files whose size, time or inode changed); an inbox that comes back is watched again.
//! [`Settings::poll`] turns polling on beside notify, for network folders.
//!
//! A file is never announced half-written: a change is read only once the file has been quiet
//! for most of the debounce delay, and a file whose size or time changed while it was read is
//! read again later instead of being sent (see `files`).
//!
//! The library never sees notify: this module lives in the binary.

mod files;
#[cfg(target_os = "linux")]
mod inotify;
pub mod jsonl;
mod thread;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use nianbao::inbox::{InboxEvent, Versions};
use nianbao::pipeline::CheckOptions;

/// How long a file must be quiet before its change is handled. Editors and copies write in
/// bursts of small writes; waiting for quiet reads each file once, when it is complete, and
/// keeps the delay from a write finishing to the event well under 300 ms.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// When the folder cannot be watched, how often it is rescanned instead.
pub const POLL_INTERVAL: Duration = Duration::from_secs(2);

/// How the watcher works; [`Settings::default`] is what the dashboard and `nianbao watch` use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// How long a file must be quiet before its change is handled.
    pub debounce: Duration,
    /// Use the system's notifications (inotify, FSEvents, ReadDirectoryChangesW). Without
    /// them the folder is only polled.
    pub notify: bool,
    /// Also poll the folder this often, comparing each file's size and time with the version
    /// last read: for network folders, where notifications miss the changes other machines
    /// make. Polling is on anyway, every [`POLL_INTERVAL`], when notifications fail.
    pub poll: Option<Duration>,
    /// Whether each report's content is read for the diffs between its versions (the
    /// dashboard shows them; `nianbao watch` does not).
    pub versions: Versions,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            debounce: DEBOUNCE,
            notify: true,
            poll: None,
            versions: Versions::Kept,
        }
    }
}

/// Why the watcher could not be started.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The inbox is not a folder (or cannot be reached).
    #[error("the inbox is not a folder: {}", .0.display())]
    NotAFolder(PathBuf),
    /// The inbox path could not be made absolute (the current folder is gone).
    #[error("the inbox path cannot be resolved: {0}")]
    Path(std::io::Error),
    /// The watch thread could not be started.
    #[error("the watch thread could not be started: {0}")]
    Thread(std::io::Error),
}

/// A running watcher. Events arrive on [`WatchHandle::events`]; dropping the handle stops the
/// watch thread and the notify watcher (and waits for the check in progress to end).
pub struct WatchHandle {
    root: PathBuf,
    events: Receiver<InboxEvent>,
    control: Sender<Control>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl WatchHandle {
    /// The events: `ScanStarted`, one `Checked` per report as each check completes,
    /// `ScanFinished`, `Watching`, then `Checked`/`Removed` as the folder changes, and `Error`s.
    /// The channel disconnects only when the watch thread has stopped.
    pub fn events(&self) -> &Receiver<InboxEvent> {
        &self.events
    }

    /// The absolute path of the inbox; every report path in the events starts with it.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Asks for a full rescan. A request during a scan schedules one more scan after it, and
    /// several requests during a scan still make only one.
    pub fn rescan(&self) {
        // The thread only stops when the handle is dropped, so the send cannot fail here.
        let _ = self.control.send(Control::Rescan);
    }
}

impl Drop for WatchHandle {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.control.send(Control::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What the watch thread is told: by the handle, and by the notify debouncer.
enum Control {
    Fs(notify_debouncer_full::DebounceEventResult),
    Rescan,
    Stop,
}

/// Starts watching `inbox` (recursively): an initial scan of every report, then changes as they
/// happen. Report paths in the events are absolute (see [`WatchHandle::root`]).
// With the default settings, for the tests: the dashboard and `nianbao watch` take settings
// from their options (`--poll`).
#[cfg(test)]
pub fn spawn(inbox: PathBuf, options: CheckOptions) -> Result<WatchHandle, WatchError> {
    spawn_with(inbox, options, Settings::default())
}

/// [`spawn`] with other [`Settings`].
pub fn spawn_with(
    inbox: PathBuf,
    options: CheckOptions,
    settings: Settings,
) -> Result<WatchHandle, WatchError> {
    // Absolute, but links not resolved: the paths of the walk and of notify then share this
    // prefix, and stay the paths the user knows.
    let root = std::path::absolute(&inbox).map_err(WatchError::Path)?;
    if !std::fs::metadata(&root).is_ok_and(|m| m.is_dir()) {
        return Err(WatchError::NotAFolder(inbox));
    }
    let (events_tx, events) = mpsc::channel();
    let (control, control_rx) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let state = thread::WatchThread::new(
        root.clone(),
        options,
        events_tx,
        Arc::clone(&stop),
        settings,
    );
    let control_for_notify = control.clone();
    let thread = std::thread::Builder::new()
        .name("nianbao-watch".to_string())
        .spawn(move || state.run(control_rx, control_for_notify))
        .map_err(WatchError::Thread)?;
    Ok(WatchHandle {
        root,
        events,
        control,
        stop,
        thread: Some(thread),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao::inbox::{Inbox, Trigger};
    use std::time::Instant;

    const PATIENCE: Duration = Duration::from_secs(60);

    fn seed() -> Vec<u8> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-reports");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("seeds")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        paths.sort();
        std::fs::read(&paths[0]).expect("seed")
    }

    /// Events until one matches (inclusive); fails after a minute.
    fn until(handle: &WatchHandle, matches: impl Fn(&InboxEvent) -> bool) -> Vec<InboxEvent> {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match handle.events().recv_timeout(left) {
                Ok(event) => {
                    let done = matches(&event);
                    seen.push(event);
                    if done {
                        return seen;
                    }
                }
                Err(e) => panic!("{e}; events: {seen:#?}"),
            }
        }
    }

    fn scan_finished(event: &InboxEvent) -> bool {
        matches!(event, InboxEvent::ScanFinished { .. })
    }

    #[test]
    fn the_initial_scan_announces_itself_then_each_report_then_watches() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.txt"), seed()).expect("write");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        std::fs::write(dir.path().join("sub/b.txt"), "").expect("write");
        // Not a report: counted as skipped, as `check` names it.
        std::fs::write(dir.path().join("sub/notes.md"), "# notes").expect("write");
        let handle = spawn(dir.path().to_path_buf(), CheckOptions::default()).expect("spawn");
        let events = until(&handle, |e| matches!(e, InboxEvent::Watching { .. }));
        assert!(matches!(
            events[0],
            InboxEvent::ScanStarted {
                total: 2,
                trigger: Trigger::InitialScan
            }
        ));
        assert!(matches!(
            events[3],
            InboxEvent::ScanFinished {
                total: 2,
                skipped: 1,
                ..
            }
        ));
        assert!(matches!(events[4], InboxEvent::Watching { active: true }));
        let hash = events[1..3].iter().find_map(|e| match e {
            InboxEvent::Checked {
                report,
                content_hash,
                trigger: Trigger::InitialScan,
                ..
            } if report.path == handle.root().join("a.txt") => *content_hash,
            _ => None,
        });
        assert_eq!(hash, Some(xxhash_rust::xxh3::xxh3_64(&seed())));
    }

    #[test]
    fn rescan_requests_during_a_scan_make_one_more_scan() {
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..50 {
            std::fs::write(dir.path().join(format!("{i}.txt")), seed()).expect("write");
        }
        let handle = spawn(dir.path().to_path_buf(), CheckOptions::default()).expect("spawn");
        for _ in 0..10 {
            handle.rescan();
        }
        until(&handle, |e| matches!(e, InboxEvent::Watching { .. }));
        until(&handle, scan_finished);
        // Anything more would come right after: give it time, then count.
        std::thread::sleep(Duration::from_millis(1500));
        let more = handle
            .events()
            .try_iter()
            .filter(|e| matches!(e, InboxEvent::ScanStarted { .. }))
            .count();
        assert_eq!(more, 0, "the ten requests made more than one rescan");
        // An asked-for rescan reads every report again, and none of them is a change.
        let mut inbox = Inbox::new();
        for entry in std::fs::read_dir(handle.root()).expect("list") {
            let path = entry.expect("entry").path();
            let report =
                nianbao::pipeline::check_file_in(handle.root(), &path, &CheckOptions::default());
            let content_hash = Some(xxhash_rust::xxh3::xxh3_64(&seed()));
            inbox.apply(InboxEvent::Checked {
                report: Box::new(report),
                content_hash,
                trigger: Trigger::InitialScan,
                reading: None,
            });
        }
        handle.rescan();
        let events = until(&handle, scan_finished);
        let rechecked = events
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    InboxEvent::Checked {
                        trigger: Trigger::Rescan,
                        ..
                    }
                )
            })
            .count();
        assert_eq!(rechecked, 50);
        assert!(events.into_iter().all(|e| inbox.apply(e).is_none()));
    }

    #[test]
    fn polling_alone_sees_changes_and_removals() {
        let dir = tempfile::tempdir().expect("temp dir");
        let kept = dir.path().join("kept.txt");
        std::fs::write(&kept, seed()).expect("write");
        let settings = Settings {
            notify: false,
            poll: Some(Duration::from_millis(200)),
            ..Settings::default()
        };
        let handle =
            spawn_with(dir.path().to_path_buf(), CheckOptions::default(), settings).expect("spawn");
        until(&handle, |e| {
            matches!(e, InboxEvent::Watching { active: true })
        });
        let added = handle.root().join("added.txt");
        std::fs::write(&added, seed()).expect("write");
        let events = until(
            &handle,
            |e| matches!(e, InboxEvent::Checked { report, .. } if report.path == added),
        );
        // A poll reads only what changed: the unchanged report is not sent again.
        let kept = handle.root().join("kept.txt");
        assert!(!events
            .iter()
            .any(|e| { matches!(e, InboxEvent::Checked { report, .. } if report.path == kept) }));
        assert!(!events
            .iter()
            .any(|e| matches!(e, InboxEvent::ScanStarted { .. })));
        std::fs::remove_file(&added).expect("delete");
        until(
            &handle,
            |e| matches!(e, InboxEvent::Removed { path } if *path == added),
        );
    }

    #[test]
    fn a_second_year_arriving_raises_carryover_mismatch_live() {
        use nianbao::corpus::{self, CrossDefect};
        let (reports, injected) =
            corpus::generate_with_defects(3, 60, &[CrossDefect::CarryoverMismatch]);
        let injected = &injected[0];
        let text = |name: &str| corpus::text_of(&reports, name).expect("a generated report");
        let previous = injected.previous.clone().expect("a year before");
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(&previous), text(&previous)).expect("write");
        let handle = spawn(dir.path().to_path_buf(), CheckOptions::default()).expect("spawn");
        let mut inbox = Inbox::new();
        for event in until(&handle, |e| matches!(e, InboxEvent::Watching { .. })) {
            let finished = scan_finished(&event);
            inbox.apply(event);
            if finished {
                inbox.settle();
            }
        }
        let flagged = handle.root().join(&injected.file_name);
        std::fs::write(&flagged, text(&injected.file_name)).expect("write");
        for event in until(
            &handle,
            |e| matches!(e, InboxEvent::Checked { report, .. } if report.path == flagged),
        ) {
            inbox.apply(event);
        }
        let entry = inbox.get(&flagged).expect("the new report");
        let flag = entry
            .report
            .flags
            .iter()
            .find(|f| f.code == "carryover-mismatch")
            .expect("carryover-mismatch raised as the report arrived");
        assert!(flag.evidence["other_path"]
            .as_str()
            .is_some_and(|p| p.ends_with(&previous)));
    }

    #[test]
    fn dropping_the_handle_stops_the_thread() {
        let dir = tempfile::tempdir().expect("temp dir");
        let handle = spawn(dir.path().to_path_buf(), CheckOptions::default()).expect("spawn");
        until(&handle, |e| matches!(e, InboxEvent::Watching { .. }));
        let (done_tx, done) = mpsc::channel();
        std::thread::spawn(move || {
            drop(handle);
            let _ = done_tx.send(());
        });
        assert!(done.recv_timeout(PATIENCE).is_ok(), "drop did not return");
    }

    #[test]
    fn an_inbox_that_is_not_a_folder_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "x").expect("write");
        for path in [file, dir.path().join("missing")] {
            assert!(matches!(
                spawn(path, CheckOptions::default()),
                Err(WatchError::NotAFolder(_))
            ));
        }
    }
}
