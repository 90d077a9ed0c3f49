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
//! (no inotify watches left, a file system without notifications), the watch thread says so
//! and rescans periodically instead.
//!
//! The library never sees notify: this module lives in the binary.

mod files;
pub mod jsonl;
mod thread;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use nianbao::check::CheckOptions;
use nianbao::inbox::InboxEvent;

/// How long a file must be quiet before its change is handled. Editors and copies write in
/// bursts of small writes; waiting for quiet reads each file once, when it is complete, and
/// keeps the delay from a write finishing to the event well under 300 ms.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// When the folder cannot be watched, how often it is rescanned instead.
pub const POLL_INTERVAL: Duration = Duration::from_secs(2);

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
pub fn spawn(inbox: PathBuf, options: CheckOptions) -> Result<WatchHandle, WatchError> {
    spawn_with(inbox, options, DEBOUNCE)
}

/// [`spawn`] with another debounce delay.
pub fn spawn_with(
    inbox: PathBuf,
    options: CheckOptions,
    debounce: Duration,
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
        debounce,
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
