//! The watch thread: turns notify's debounced events, rescan requests, polls and files to read
//! again into scans and updates, one step at a time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer_opt, DebouncedEvent, Debouncer, RecommendedCache};
use rayon::prelude::*;

use nianbao::inbox::{InboxEvent, Trigger};
use nianbao::ingest::{self, WalkEntry};
use nianbao::pipeline::{self, CheckOptions};

use super::files::{self, Outcome, Stamp};
use super::{Control, Settings, POLL_INTERVAL};

/// Changes to this many paths at once are handled by a rescan, when they are also at least half
/// the inbox: a walk then costs little more than the per-path updates, and it also settles
/// whatever notify may have missed in such a burst. Below that, per-path updates are cheaper
/// and just as right (a new folder is walked when it appears, so files written into it before
/// notify watched it are found).
const BURST_PATHS: usize = 1000;

/// The longest wait before a file that was still being written is read again.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(2);

/// A poll never takes more than this share of the time (a walk of a large network folder can
/// take seconds): the next poll waits at least this many times the last one's duration.
const POLL_COST_FACTOR: u32 = 4;

type Watcher = Debouncer<Changes<Backend>, RecommendedCache>;

/// The system's notifications: on Linux inotify asked only for changes (see `super::inotify`),
/// elsewhere notify's own backend.
#[cfg(target_os = "linux")]
type Backend = super::inotify::Inotify;
#[cfg(not(target_os = "linux"))]
type Backend = notify::RecommendedWatcher;

/// The system's watcher, handing on only the events that can be a change. notify's backends
/// may report files opened and read (notify 8's inotify watches with `IN_OPEN`), so every file
/// the scan reads (and every folder it walks) would come back as an event while the watch is
/// on, which it is from before the scan so that no change made during it is missed. Dropped
/// here, in the watcher's own thread, they never reach the debouncer: no lock, no queue per
/// path, no sorting, no batch for the watch thread. (On Linux the kernel is not even asked for
/// them; the test stays, as what counts as a change is decided here.)
pub(super) struct Changes<W>(W);

/// The event handler behind [`Changes`]: drops what [`no_change`] says, hands on the rest.
struct ChangesOnly<F>(F);

impl<F: notify::EventHandler> notify::EventHandler for ChangesOnly<F> {
    fn handle_event(&mut self, event: notify::Result<notify::Event>) {
        if event.as_ref().is_ok_and(no_change) {
            return;
        }
        self.0.handle_event(event);
    }
}

impl<W: notify::Watcher> notify::Watcher for Changes<W> {
    fn new<F: notify::EventHandler>(handler: F, config: notify::Config) -> notify::Result<Self> {
        W::new(ChangesOnly(handler), config).map(Changes)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn paths_mut<'me>(&'me mut self) -> Box<dyn notify::PathsMut + 'me> {
        self.0.paths_mut()
    }

    fn configure(&mut self, option: notify::Config) -> notify::Result<bool> {
        self.0.configure(option)
    }

    fn kind() -> notify::WatcherKind {
        W::kind()
    }
}

/// Whether an event is no change to the inbox: a file or folder opened or read (the scan's own
/// reads, the dashboard's, a viewer's). A file closed after writing is a change; an event
/// asking for a rescan always counts.
fn no_change(event: &notify::Event) -> bool {
    !event.need_rescan()
        && matches!(event.kind, EventKind::Access(access)
            if access != AccessKind::Close(AccessMode::Write))
}

/// A file to read again, and when (None while it is being read again: a step that does not
/// schedule it anew drops it, so that a path no longer to be read cannot come due forever).
struct Retry {
    due: Option<Instant>,
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

/// How much a scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Every report, announced with `ScanStarted` and `ScanFinished`.
    Full(Trigger),
    /// Only the files whose size or time changed since they were read; silent about itself
    /// (a poll every few seconds is not news), its reports are changes.
    Poll,
}

/// What became of one file of a step.
enum Seen {
    /// Its report was sent; the stamp of the version read.
    Sent(Option<Stamp>),
    Gone,
    Unsettled,
    /// Not read again: a poll found it as it was.
    Unchanged,
}

/// The watch thread's state.
pub(super) struct WatchThread {
    root: PathBuf,
    options: CheckOptions,
    events: Sender<InboxEvent>,
    stop: Arc<AtomicBool>,
    settings: Settings,
    /// Every report path announced with `Checked` and not since `Removed`, with the stamp of
    /// the version announced (None when the file could not be stat'ed).
    known: BTreeMap<PathBuf, Option<Stamp>>,
    retries: BTreeMap<PathBuf, Retry>,
    /// The notify watcher, while it runs.
    watcher: Option<Watcher>,
    /// Notifications cannot be trusted to be complete (notify could not start, or a folder
    /// could not be watched): poll.
    notify_broken: bool,
    /// The inbox folder itself is gone (a network share lost, the folder moved): its notify
    /// watch went with it, so poll until it is back, then watch it again.
    root_lost: bool,
    /// When the folder was last scanned (fully or by a poll), and how long that took.
    last_scan: Instant,
    last_scan_cost: Duration,
    /// The last problem reading the inbox folder itself, told once rather than at every poll.
    root_problem: Option<String>,
}

impl WatchThread {
    pub(super) fn new(
        root: PathBuf,
        options: CheckOptions,
        events: Sender<InboxEvent>,
        stop: Arc<AtomicBool>,
        settings: Settings,
    ) -> WatchThread {
        WatchThread {
            root,
            options,
            events,
            stop,
            settings,
            watcher: None,
            notify_broken: false,
            root_lost: false,
            known: BTreeMap::new(),
            retries: BTreeMap::new(),
            last_scan: Instant::now(),
            last_scan_cost: Duration::ZERO,
            root_problem: None,
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
        // Started before the first scan, so that nothing changed during the scan is missed;
        // its failure is told after the scan, whose `ScanStarted` comes first.
        let failure = if self.settings.notify {
            match self.start_watcher(notify_tx) {
                Ok(watcher) => {
                    self.watcher = Some(watcher);
                    None
                }
                Err(message) => {
                    self.notify_broken = true;
                    Some(message)
                }
            }
        } else {
            None
        };
        self.scan(Scan::Full(Trigger::InitialScan));
        if let Some(message) = failure {
            self.send(InboxEvent::Error { message });
        }
        self.send(InboxEvent::Watching {
            active: !self.notify_broken && !self.root_lost,
        });
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
            let now = Instant::now();
            for (path, retry) in &mut self.retries {
                if retry.due.is_some_and(|due| due <= now) {
                    retry.due = None;
                    batch.add(path.clone(), false);
                }
            }
            let burst = batch.paths.len() >= BURST_PATHS.max(self.known.len() / 2);
            if batch.rescan || burst {
                self.scan(Scan::Full(Trigger::Rescan));
            } else if self.poll_due() {
                // The poll also looks at every path of the batch.
                self.scan(Scan::Poll);
            } else if !batch.paths.is_empty() {
                self.update(batch.paths);
            }
            self.retries.retain(|_, retry| retry.due.is_some());
        }
    }

    /// How often to poll: as asked, and at least every [`POLL_INTERVAL`] when notifications
    /// are off or cannot be trusted.
    fn poll_every(&self) -> Option<Duration> {
        let needed = self.watcher.is_none() || self.notify_broken || self.root_lost;
        match (self.settings.poll, needed) {
            (Some(every), true) => Some(every.min(POLL_INTERVAL)),
            (Some(every), false) => Some(every),
            (None, true) => Some(POLL_INTERVAL),
            (None, false) => None,
        }
    }

    /// When the next poll is due, if polling.
    fn next_poll(&self) -> Option<Instant> {
        let every = self.poll_every()?;
        Some(self.last_scan + every.max(self.last_scan_cost * POLL_COST_FACTOR))
    }

    fn poll_due(&self) -> bool {
        self.next_poll().is_some_and(|due| due <= Instant::now())
    }

    /// How long to wait for a message: until the next file is due to be read again, or the
    /// next poll.
    fn wait(&self) -> Duration {
        let next_retry = self.retries.values().filter_map(|r| r.due).min();
        match next_retry.into_iter().chain(self.next_poll()).min() {
            Some(due) => due.saturating_duration_since(Instant::now()),
            None => Duration::from_secs(3600),
        }
    }

    /// Starts notify on the inbox; its debounced events come back as [`Control::Fs`].
    fn start_watcher(&self, notify_tx: Sender<Control>) -> Result<Watcher, String> {
        let handler = move |result| {
            // The watch thread is gone: nothing to do with the event.
            let _ = notify_tx.send(Control::Fs(result));
        };
        let cannot = |e: notify::Error| format!("无法监视收件箱 (cannot watch the inbox): {e}");
        // Links are not followed by the watch: `ln -s / escape` in the inbox would otherwise put
        // a watch on every folder of the file system and report changes from outside the inbox.
        // (A folder linked from inside the inbox is still watched where it really is.)
        let config = notify::Config::default().with_follow_symlinks(false);
        let mut debouncer = new_debouncer_opt::<_, Changes<Backend>, _>(
            self.settings.debounce,
            None,
            handler,
            RecommendedCache::new(),
            config,
        )
        .map_err(cannot)?;
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
            // Dropped before the debouncer already (see `Changes`): tested again so that what
            // counts as a change is decided here too, by the same test.
            if no_change(&event) {
                continue;
            }
            // A write closed or data or metadata modified changes a file; anything else
            // (created, removed, renamed) may add or take away a file or folder.
            let structural = !matches!(
                event.kind,
                EventKind::Access(_)
                    | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_))
            );
            for path in &event.paths {
                if path == &self.root {
                    // The inbox itself was removed, moved or replaced.
                    batch.rescan = true;
                } else if !files::ignored(&self.root, path) {
                    batch.add(path.clone(), structural);
                }
            }
        }
    }

    fn watcher_errors(&mut self, errors: Vec<notify::Error>, batch: &mut Batch) {
        for error in errors {
            if matches!(error.kind, notify::ErrorKind::MaxFilesWatch) {
                // A folder is not watched: only polls will see what changes in it.
                self.notify_broken = true;
            }
            self.send(InboxEvent::Error {
                message: format!("监视出错，将重新扫描 (watch error, rescanning): {error}"),
            });
        }
        batch.rescan = true;
    }

    /// Looks at every report of the inbox again; reports that left are removed.
    fn scan(&mut self, scan: Scan) {
        let started = Instant::now();
        // The scan reads every file that changed: earlier retries are covered.
        self.retries.clear();
        self.rewatch();
        let walk = ingest::walk::walk_all(std::slice::from_ref(&self.root));
        let (mut entries, skipped) = (walk.entries, walk.skipped.len());
        let root_problem = entries
            .iter()
            .position(|e| e.path() == self.root)
            .map(|index| match entries.remove(index) {
                WalkEntry::Failed(_, failure) => failure.to_string(),
                WalkEntry::File(_) => "not a folder".to_string(),
            });
        self.root_changed(root_problem);
        let trigger = match scan {
            Scan::Full(trigger) => {
                self.send(InboxEvent::ScanStarted {
                    total: entries.len(),
                    trigger,
                });
                trigger
            }
            Scan::Poll => Trigger::Change,
        };
        let outcomes = self.check(entries, trigger, scan == Scan::Poll);
        if self.stopped() {
            return;
        }
        let mut present = Vec::with_capacity(outcomes.len());
        let mut sent = 0;
        for (path, seen) in outcomes {
            match seen {
                Seen::Sent(stamp) => {
                    sent += 1;
                    present.push((path, stamp));
                }
                Seen::Unchanged => {
                    let stamp = self.known.get(&path).copied().flatten();
                    present.push((path, stamp));
                }
                Seen::Unsettled => {
                    if let Some(&stamp) = self.known.get(&path) {
                        present.push((path.clone(), stamp));
                    }
                    self.retry(path);
                }
                Seen::Gone => {}
            }
        }
        // Built at once (a sort that finds the walk's order already sorted, then the tree in
        // one go): inserting the paths one by one compared each with a dozen others, component
        // by component, about 15,000 instructions a report.
        let present: BTreeMap<PathBuf, Option<Stamp>> = present.into_iter().collect();
        let before = std::mem::take(&mut self.known);
        for path in before.into_keys() {
            if !present.contains_key(&path) {
                self.send(InboxEvent::Removed { path });
            }
        }
        self.known = present;
        self.last_scan = Instant::now();
        self.last_scan_cost = started.elapsed();
        if let Scan::Full(_) = scan {
            self.send(InboxEvent::ScanFinished {
                total: sent,
                elapsed: started.elapsed(),
                skipped,
            });
        }
    }

    /// Tells when the inbox folder itself becomes unreadable or readable again, and watches it
    /// again when it is back.
    fn root_changed(&mut self, problem: Option<String>) {
        if problem == self.root_problem {
            return;
        }
        let was_lost = self.root_lost;
        // Removed, moved away, unmounted: its watch is gone. (A permission problem keeps the
        // watch, but polling until it is fixed costs little.)
        self.root_lost = problem.is_some();
        if let Some(problem) = &problem {
            // Every report in it is gone as far as anyone can tell: the scan removes them.
            self.send(InboxEvent::Error {
                message: format!("无法读取收件箱 (cannot read the inbox): {problem}"),
            });
        }
        self.root_problem = problem;
        if self.root_lost && !was_lost && self.watcher.is_some() {
            self.send(InboxEvent::Watching { active: false });
        }
    }

    /// Watches the inbox folder again once it is back. Done before the walk of the scan that
    /// finds it back, so that nothing written in between is missed.
    fn rewatch(&mut self) {
        if !self.root_lost || !std::fs::metadata(&self.root).is_ok_and(|m| m.is_dir()) {
            return;
        }
        let Some(watcher) = &mut self.watcher else {
            return;
        };
        // The old watch may still be registered (a folder moved away and back).
        let _ = watcher.unwatch(&self.root);
        match watcher.watch(&self.root, RecursiveMode::Recursive) {
            Ok(()) => self.send(InboxEvent::Watching {
                active: !self.notify_broken,
            }),
            Err(e) => {
                self.notify_broken = true;
                self.send(InboxEvent::Error {
                    message: format!("无法监视收件箱 (cannot watch the inbox): {e}"),
                });
            }
        }
    }

    /// Looks at changed paths: files are checked, folders walked, what is gone removed.
    fn update(&mut self, paths: BTreeMap<PathBuf, bool>) {
        let mut to_check: BTreeMap<PathBuf, WalkEntry> = BTreeMap::new();
        let mut gone: Vec<PathBuf> = Vec::new();
        for (path, structural) in paths {
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    if !structural {
                        continue; // a folder's own times changed: nothing in it did
                    }
                    let found = ingest::walk::walk_under(&self.root, &path);
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
                // Nothing there any more (a link to nothing is still there: it is reported).
                Err(e)
                    if e.kind() == std::io::ErrorKind::NotFound
                        && std::fs::symlink_metadata(&path).is_err() =>
                {
                    gone.extend(self.known_under(&path).cloned());
                    if self.known.contains_key(&path) {
                        gone.push(path);
                    }
                }
                // A file, or an entry that cannot be looked at: judged as the walk judges it (a
                // report file, a link that stays inside, a failure reported).
                _ => {
                    for entry in ingest::walk::walk_under(&self.root, &path) {
                        to_check.insert(entry.path().to_path_buf(), entry);
                    }
                }
            }
        }
        for path in gone {
            self.forget(path);
        }
        let outcomes = self.check(to_check.into_values().collect(), Trigger::Change, false);
        for (path, seen) in outcomes {
            match seen {
                Seen::Sent(stamp) => {
                    self.retries.remove(&path);
                    self.known.insert(path, stamp);
                }
                Seen::Unsettled => self.retry(path),
                Seen::Gone => self.forget(path),
                Seen::Unchanged => {}
            }
        }
    }

    /// A report left: removed, if it was announced.
    fn forget(&mut self, path: PathBuf) {
        self.retries.remove(&path);
        if self.known.remove(&path).is_some() {
            self.send(InboxEvent::Removed { path });
        }
    }

    /// The known reports inside a folder (not the folder's own path).
    fn known_under<'a>(&'a self, dir: &'a Path) -> impl Iterator<Item = &'a PathBuf> + 'a {
        // Paths order by components, so a folder's contents follow it directly.
        self.known
            .range::<Path, _>((std::ops::Bound::Excluded(dir), std::ops::Bound::Unbounded))
            .map(|(path, _)| path)
            .take_while(move |path| path.starts_with(dir))
    }

    /// Reads a file again later: it was still being written. The wait doubles with each try, so
    /// a file that is written to for a long time is not read over and over.
    fn retry(&mut self, path: PathBuf) {
        let attempts = self.retries.get(&path).map_or(0, |r| r.attempts) + 1;
        let delay = self
            .settings
            .debounce
            .saturating_mul(1 << (attempts - 1).min(8))
            .min(MAX_RETRY_DELAY);
        self.retries.insert(
            path,
            Retry {
                due: Some(Instant::now() + delay),
                attempts,
            },
        );
    }

    /// Checks entries in parallel, sending each report as soon as it is checked. With
    /// `skip_unchanged`, a file whose stamp is the one announced is not read again, and a
    /// path that could not be walked and was announced is not announced again.
    fn check(
        &self,
        entries: Vec<WalkEntry>,
        trigger: Trigger,
        skip_unchanged: bool,
    ) -> Vec<(PathBuf, Seen)> {
        let (events, stop, options, known, root) = (
            &self.events,
            &*self.stop,
            &self.options,
            &self.known,
            self.root.as_path(),
        );
        // Changes are read once the file has been quiet for a while: less than the debounce
        // delay, as notify's event comes at least that long after the write and the two
        // clocks (file times, our monotonic clock) may disagree a little. A full scan reads
        // what is there: a file that existed when it started belongs in it.
        let quiet = match trigger {
            Trigger::Change => self.settings.debounce * 3 / 4,
            Trigger::InitialScan | Trigger::Rescan => Duration::ZERO,
        };
        let versions = self.settings.versions;
        entries
            .into_par_iter()
            .filter_map(|entry| {
                if stop.load(Ordering::Relaxed) {
                    return None;
                }
                let seen = match &entry {
                    WalkEntry::File(path) if skip_unchanged && unchanged(known, path) => {
                        Seen::Unchanged
                    }
                    WalkEntry::Failed(path, _) if skip_unchanged && known.contains_key(path) => {
                        Seen::Unchanged
                    }
                    WalkEntry::File(path) => announce(
                        files::read(root, path, options, quiet, versions),
                        events,
                        stop,
                        trigger,
                    ),
                    WalkEntry::Failed(path, failure) => announce(
                        Outcome::Checked(
                            Box::new(pipeline::failed(
                                root,
                                path,
                                failure.clone(),
                                &options.selection,
                            )),
                            None,
                            None,
                            None,
                        ),
                        events,
                        stop,
                        trigger,
                    ),
                };
                let path = match entry {
                    WalkEntry::File(path) | WalkEntry::Failed(path, _) => path,
                };
                Some((path, seen))
            })
            .collect()
    }
}

/// Whether a file is the version announced, by its size and time.
fn unchanged(known: &BTreeMap<PathBuf, Option<Stamp>>, path: &Path) -> bool {
    let Some(Some(stamp)) = known.get(path) else {
        return false;
    };
    std::fs::metadata(path).is_ok_and(|meta| Stamp::of(&meta) == *stamp)
}

/// Sends a checked report at once (so a dashboard fills in while the rest is checked).
fn announce(
    outcome: Outcome,
    events: &Sender<InboxEvent>,
    stop: &AtomicBool,
    trigger: Trigger,
) -> Seen {
    match outcome {
        Outcome::Checked(report, content_hash, stamp, reading) => {
            send(
                events,
                stop,
                InboxEvent::Checked {
                    report,
                    content_hash,
                    trigger,
                    reading,
                },
            );
            Seen::Sent(stamp)
        }
        Outcome::Gone => Seen::Gone,
        Outcome::Unsettled => Seen::Unsettled,
    }
}

fn send(events: &Sender<InboxEvent>, stop: &AtomicBool, event: InboxEvent) {
    if events.send(event).is_err() {
        stop.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan's own reads (a file or folder opened, read, closed unwritten) never reach the
    /// debouncer; a write closed, a modification, a creation, a removal and a rescan do.
    #[test]
    fn only_events_that_can_be_changes_are_handed_on() {
        use notify::event::{CreateKind, DataChange, Flag, RemoveKind};
        use notify::EventHandler;
        use std::sync::Mutex;

        let kinds = [
            (EventKind::Access(AccessKind::Open(AccessMode::Any)), false),
            (EventKind::Access(AccessKind::Read), false),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                false,
            ),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                true,
            ),
            (EventKind::Modify(ModifyKind::Data(DataChange::Any)), true),
            (EventKind::Create(CreateKind::File), true),
            (EventKind::Remove(RemoveKind::File), true),
        ];
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let mut handler = ChangesOnly(move |event: notify::Result<notify::Event>| {
            if let Ok(mut seen) = sink.lock() {
                seen.push(event.map(|e| e.kind).ok());
            }
        });
        for (kind, _) in kinds {
            handler.handle_event(Ok(notify::Event::new(kind).add_path("/inbox/a.txt".into())));
        }
        // An overflow asks for a rescan whatever its kind; errors always go on.
        let open = EventKind::Access(AccessKind::Open(AccessMode::Any));
        handler.handle_event(Ok(notify::Event::new(open).set_flag(Flag::Rescan)));
        handler.handle_event(Err(notify::Error::generic("lost")));

        let mut expected: Vec<Option<EventKind>> = kinds
            .iter()
            .filter(|(_, change)| *change)
            .map(|(kind, _)| Some(*kind))
            .collect();
        expected.extend([Some(open), None]);
        assert_eq!(*seen.lock().expect("not poisoned"), expected);
    }

    #[test]
    fn the_reports_under_a_folder_are_its_descendants_only() {
        let (events, _receiver) = std::sync::mpsc::channel();
        let mut thread = WatchThread::new(
            PathBuf::from("/inbox"),
            CheckOptions::default(),
            events,
            Arc::new(AtomicBool::new(false)),
            Settings::default(),
        );
        for path in [
            "/inbox/a.txt",
            "/inbox/sub",
            "/inbox/sub/x.txt",
            "/inbox/sub/deeper/y.txt",
            "/inbox/sub-2/z.txt",
            "/inbox/sub.txt",
            "/inbox/subway/w.txt",
        ] {
            thread.known.insert(PathBuf::from(path), None);
        }
        let under: Vec<&PathBuf> = thread.known_under(Path::new("/inbox/sub")).collect();
        assert_eq!(
            under,
            ["/inbox/sub/deeper/y.txt", "/inbox/sub/x.txt"].map(Path::new)
        );
    }
}
