//! The watch thread: turns notify's debounced events, rescan requests and files to read again
//! into scans and updates, one step at a time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebouncedEvent};
use rayon::prelude::*;

use nianbao::check::CheckOptions;
use nianbao::inbox::{InboxEvent, Trigger};
use nianbao::ingest::{self, walk::is_report_file, WalkEntry};

use super::files::{self, Outcome};
use super::{Control, POLL_INTERVAL};

/// Changes to this many paths at once are handled by a rescan, when they are also at least half
/// the inbox: a walk then costs little more than the per-path updates, and it also settles
/// whatever notify may have missed in such a burst (a new folder filled before its watch was
/// added). Below that, per-path updates are cheaper and just as right.
const BURST_PATHS: usize = 1000;

/// The longest wait before a file that was still being written is read again.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(2);

/// A file to read again, and when.
struct Retry {
    due: Instant,
    attempts: u32,
}

/// What one round of control messages asks for.
#[derive(Default)]
struct Batch {
    rescan: bool,
    /// Changed paths; `true` when the change may be structural (created, removed, renamed),
    /// which is when a folder must be walked or forgotten.
    paths: BTreeMap<PathBuf, bool>,
}

impl Batch {
    fn add(&mut self, path: PathBuf, structural: bool) {
        *self.paths.entry(path).or_insert(false) |= structural;
    }
}

/// The watch thread's state.
pub(super) struct WatchThread {
    root: PathBuf,
    options: CheckOptions,
    events: Sender<InboxEvent>,
    stop: Arc<AtomicBool>,
    debounce: Duration,
    /// Every report path announced with `Checked` and not since `Removed`.
    known: BTreeSet<PathBuf>,
    retries: BTreeMap<PathBuf, Retry>,
    /// Rescan every [`POLL_INTERVAL`] because notifications cannot be trusted to be complete.
    poll: bool,
    last_scan: Instant,
}

impl WatchThread {
    pub(super) fn new(
        root: PathBuf,
        options: CheckOptions,
        events: Sender<InboxEvent>,
        stop: Arc<AtomicBool>,
        debounce: Duration,
    ) -> WatchThread {
        WatchThread {
            root,
            options,
            events,
            stop,
            debounce,
            known: BTreeSet::new(),
            retries: BTreeMap::new(),
            poll: false,
            last_scan: Instant::now(),
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Sends an event; nobody listening any more means stop.
    fn send(&self, event: InboxEvent) {
        send(&self.events, &self.stop, event);
    }

    pub(super) fn run(mut self, control: Receiver<Control>, notify_tx: Sender<Control>) {
        // Started before the first scan, so that nothing changed during the scan is missed.
        let watcher = self.start_watcher(notify_tx);
        self.scan(Trigger::InitialScan);
        match &watcher {
            Ok(_) => self.send(InboxEvent::Watching { active: true }),
            Err(message) => {
                self.poll = true;
                self.send(InboxEvent::Error {
                    message: message.clone(),
                });
                self.send(InboxEvent::Watching { active: false });
            }
        }
        while !self.stopped() {
            let first = match control.recv_timeout(self.wait()) {
                Ok(message) => Some(message),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => break,
            };
            let mut batch = Batch::default();
            // Everything already waiting goes into one step: a burst of events, or several
            // rescan requests, make one step.
            for message in first.into_iter().chain(control.try_iter()) {
                match message {
                    Control::Stop => return,
                    Control::Rescan => batch.rescan = true,
                    Control::Fs(Ok(events)) => self.classify(events, &mut batch),
                    Control::Fs(Err(errors)) => self.watcher_errors(errors, &mut batch),
                }
            }
            if self.poll && self.last_scan.elapsed() >= POLL_INTERVAL {
                batch.rescan = true;
            }
            let now = Instant::now();
            let due: Vec<PathBuf> = self
                .retries
                .iter()
                .filter(|(_, retry)| retry.due <= now)
                .map(|(path, _)| path.clone())
                .collect();
            for path in due {
                batch.add(path, false);
            }
            let burst = batch.paths.len() >= BURST_PATHS.max(self.known.len() / 2);
            if batch.rescan || burst {
                self.scan(Trigger::Rescan);
            } else if !batch.paths.is_empty() {
                self.update(batch.paths);
            }
        }
        drop(watcher);
    }

    /// How long to wait for a message: until the next file is due to be read again, or the
    /// next periodic rescan.
    fn wait(&self) -> Duration {
        let now = Instant::now();
        let mut wait = Duration::from_secs(3600);
        if let Some(due) = self.retries.values().map(|r| r.due).min() {
            wait = wait.min(due.saturating_duration_since(now));
        }
        if self.poll {
            wait = wait.min(POLL_INTERVAL.saturating_sub(self.last_scan.elapsed()));
        }
        wait
    }

    /// Starts notify on the inbox; its debounced events come back as [`Control::Fs`].
    fn start_watcher(
        &self,
        notify_tx: Sender<Control>,
    ) -> Result<
        notify_debouncer_full::Debouncer<
            notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
        String,
    > {
        let handler = move |result| {
            // The watch thread is gone: nothing to do with the event.
            let _ = notify_tx.send(Control::Fs(result));
        };
        let cannot = |e: notify::Error| format!("无法监视收件箱 (cannot watch the inbox): {e}");
        let mut debouncer = new_debouncer(self.debounce, None, handler).map_err(cannot)?;
        debouncer
            .watch(&self.root, RecursiveMode::Recursive)
            .map_err(cannot)?;
        Ok(debouncer)
    }

    /// Sorts debounced events into the batch: paths to look at, or a rescan.
    fn classify(&self, events: Vec<DebouncedEvent>, batch: &mut Batch) {
        for event in events {
            if event.need_rescan() {
                batch.rescan = true;
                continue;
            }
            let structural = match event.kind {
                // Our own reads, and the dashboard's, open and close files: not changes.
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => false,
                EventKind::Access(_) => continue,
                EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_)) => false,
                _ => true,
            };
            for path in &event.paths {
                if path == &self.root {
                    // The inbox itself was removed, moved or replaced.
                    batch.rescan = true;
                } else {
                    batch.add(path.clone(), structural);
                }
            }
        }
    }

    fn watcher_errors(&mut self, errors: Vec<notify::Error>, batch: &mut Batch) {
        for error in errors {
            if matches!(error.kind, notify::ErrorKind::MaxFilesWatch) {
                // A folder is not watched: only rescans will see what changes in it.
                self.poll = true;
            }
            self.send(InboxEvent::Error {
                message: format!("监视出错，将重新扫描 (watch error, rescanning): {error}"),
            });
        }
        batch.rescan = true;
    }

    /// Checks every report of the inbox again; reports that left are removed.
    fn scan(&mut self, trigger: Trigger) {
        let started = Instant::now();
        self.last_scan = started;
        // The scan reads every file that is there: earlier retries are covered.
        self.retries.clear();
        let mut entries = ingest::walk(std::slice::from_ref(&self.root));
        if let Some(index) = entries.iter().position(|e| e.path() == self.root) {
            // The inbox itself cannot be read (removed, renamed, permissions): every report
            // in it is gone as far as anyone can tell.
            let entry = entries.remove(index);
            let reason = match &entry {
                WalkEntry::Failed(_, failure) => failure.to_string(),
                WalkEntry::File(_) => "not a folder".to_string(),
            };
            self.send(InboxEvent::Error {
                message: format!("无法读取收件箱 (cannot read the inbox): {reason}"),
            });
        }
        self.send(InboxEvent::ScanStarted {
            total: entries.len(),
            trigger,
        });
        let outcomes = self.check(entries, trigger);
        if self.stopped() {
            return;
        }
        let mut present = BTreeSet::new();
        let mut sent = 0;
        for (path, outcome) in outcomes {
            match outcome {
                Seen::Sent => {
                    sent += 1;
                    present.insert(path);
                }
                Seen::Unsettled => {
                    if self.known.contains(&path) {
                        present.insert(path.clone());
                    }
                    self.retry(path);
                }
                Seen::Gone => {}
            }
        }
        for path in std::mem::replace(&mut self.known, present.clone()) {
            if !present.contains(&path) {
                self.send(InboxEvent::Removed { path });
            }
        }
        self.send(InboxEvent::ScanFinished {
            total: sent,
            elapsed: started.elapsed(),
        });
    }

    /// Looks at changed paths: files are checked, folders walked, what is gone removed.
    fn update(&mut self, paths: BTreeMap<PathBuf, bool>) {
        let mut to_check: BTreeMap<PathBuf, WalkEntry> = BTreeMap::new();
        let mut gone: Vec<PathBuf> = Vec::new();
        for (path, structural) in paths {
            if files::ignored(&self.root, &path) {
                continue;
            }
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    if !structural {
                        continue; // a folder's own times changed: nothing in it did
                    }
                    let found = ingest::walk(std::slice::from_ref(&path));
                    let fresh: BTreeSet<&Path> = found.iter().map(WalkEntry::path).collect();
                    // A folder replaced by another (a rename over it) loses reports too.
                    gone.extend(
                        self.known_under(&path)
                            .filter(|known| !fresh.contains(known.as_path()))
                            .cloned(),
                    );
                    for entry in found {
                        to_check.insert(entry.path().to_path_buf(), entry);
                    }
                }
                Ok(_) => {
                    if is_report_file(&path) {
                        to_check.insert(path.clone(), WalkEntry::File(path));
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    gone.extend(self.known_under(&path).cloned());
                    if self.known.contains(&path) {
                        gone.push(path);
                    }
                }
                Err(e) => {
                    if is_report_file(&path) {
                        let failure = ingest::io_failure(&e);
                        to_check.insert(path.clone(), WalkEntry::Failed(path, failure));
                    }
                }
            }
        }
        for path in gone {
            self.retries.remove(&path);
            if self.known.remove(&path) {
                self.send(InboxEvent::Removed { path });
            }
        }
        let outcomes = self.check(to_check.into_values().collect(), Trigger::Change);
        for (path, outcome) in outcomes {
            match outcome {
                Seen::Sent => {
                    self.retries.remove(&path);
                    self.known.insert(path);
                }
                Seen::Unsettled => self.retry(path),
                Seen::Gone => {
                    self.retries.remove(&path);
                    if self.known.remove(&path) {
                        self.send(InboxEvent::Removed { path });
                    }
                }
            }
        }
    }

    /// The known reports inside a folder (not the folder's own path).
    fn known_under<'a>(&'a self, dir: &'a Path) -> impl Iterator<Item = &'a PathBuf> + 'a {
        // Paths order by components, so a folder's contents follow it directly.
        self.known
            .range::<Path, _>((std::ops::Bound::Excluded(dir), std::ops::Bound::Unbounded))
            .take_while(move |path| path.starts_with(dir))
    }

    /// Reads a file again later: it was still being written. The wait doubles with each try, so
    /// a file that is written to for a long time is not read over and over.
    fn retry(&mut self, path: PathBuf) {
        let attempts = self.retries.get(&path).map_or(0, |r| r.attempts) + 1;
        let delay = self
            .debounce
            .saturating_mul(1 << attempts.min(8))
            .min(MAX_RETRY_DELAY);
        self.retries.insert(
            path,
            Retry {
                due: Instant::now() + delay,
                attempts,
            },
        );
    }

    /// Checks entries in parallel, sending each report as soon as it is checked.
    fn check(&self, entries: Vec<WalkEntry>, trigger: Trigger) -> Vec<(PathBuf, Seen)> {
        let (events, stop, options) = (&self.events, &*self.stop, &self.options);
        entries
            .into_par_iter()
            .filter_map(|entry| {
                if stop.load(Ordering::Relaxed) {
                    return None;
                }
                let outcome = match &entry {
                    WalkEntry::File(path) => files::read(path, options),
                    WalkEntry::Failed(path, failure) => Outcome::Checked(
                        Box::new(files::unreadable(path, failure.clone(), options)),
                        None,
                    ),
                };
                let seen = match outcome {
                    Outcome::Checked(report, content_hash) => {
                        send(
                            events,
                            stop,
                            InboxEvent::Checked {
                                report,
                                content_hash,
                                trigger,
                            },
                        );
                        Seen::Sent
                    }
                    Outcome::Gone => Seen::Gone,
                    Outcome::Unsettled => Seen::Unsettled,
                };
                let path = match entry {
                    WalkEntry::File(path) | WalkEntry::Failed(path, _) => path,
                };
                Some((path, seen))
            })
            .collect()
    }
}

/// What became of one file of a step.
enum Seen {
    Sent,
    Gone,
    Unsettled,
}

fn send(events: &Sender<InboxEvent>, stop: &AtomicBool, event: InboxEvent) {
    if events.send(event).is_err() {
        stop.store(true, Ordering::Relaxed);
    }
}
