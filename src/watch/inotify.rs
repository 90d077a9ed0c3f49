//! The watcher behind the watch thread on Linux: inotify, asked only for the events that can be
//! a change to the inbox.
//!
//! notify's own inotify backend watches every folder with `IN_OPEN`, a mask it does not let us
//! choose. The watch starts before the first scan (so that no change made during it is missed),
//! so every file the scan reads, and every folder it lists, made the kernel queue an event, and
//! notify's thread wake up, read it, find its path and build an `Event` for it — ~10,000 events
//! for nothing on a 10,000-report inbox, and as many again at every rescan. This watcher asks
//! for the same events as notify's except the opens, and hands on the same `notify::Event`s for
//! them (kinds, paths, rename trackers), so that the debouncer and the watch thread see what
//! they saw before. It also finds the folders to watch from the listing's file types instead of
//! a `stat` of every file of the inbox, as notify's walk did.
//!
//! Links are never followed below the watched folder (the watch thread asks for exactly that:
//! `ln -s / escape` must not watch the whole file system); a watcher asked to follow them is
//! refused rather than quietly not following them.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::{ErrorKind as IoErrorKind, PipeReader, PipeWriter};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use inotify::{EventMask, WatchDescriptor, WatchMask, Watches};
use notify::event::{
    AccessKind, AccessMode, CreateKind, DataChange, MetadataKind, ModifyKind, RemoveKind,
    RenameMode,
};
use notify::{Config, Error, ErrorKind, Event, EventHandler, EventKind, RecursiveMode, Result};

/// What every folder is watched for: what notify 8 asks for, without `IN_OPEN`.
const CHANGES: WatchMask = WatchMask::ATTRIB
    .union(WatchMask::CREATE)
    .union(WatchMask::DELETE)
    .union(WatchMask::CLOSE_WRITE)
    .union(WatchMask::MODIFY)
    .union(WatchMask::MOVED_FROM)
    .union(WatchMask::MOVED_TO);

/// What the watched path itself is watched for besides: its own removal or move (which no
/// parent's watch would report).
const SELF: WatchMask = WatchMask::DELETE_SELF.union(WatchMask::MOVE_SELF);

/// A `notify::Watcher` over inotify (see the module documentation).
pub(super) struct Inotify {
    watches: Arc<Mutex<Watched>>,
    /// Dropped with the watcher: the reading thread sees the pipe closed and ends, closing the
    /// inotify instance (which removes every watch).
    _stop: PipeWriter,
}

/// One watched path.
struct Watch {
    wd: WatchDescriptor,
    /// Folders created or moved into it are watched too.
    recursive: bool,
    is_dir: bool,
}

/// The watches, shared by the watcher (which adds and removes the asked-for paths) and the
/// reading thread (which names the events' paths and watches the folders that appear).
struct Watched {
    inotify: Watches,
    by_path: HashMap<PathBuf, Watch>,
    /// The path of each watch, by its descriptor's number (what an event names).
    paths: HashMap<i32, PathBuf>,
}

impl Watched {
    /// Watches a path, and with `recursive` every folder below it (links not followed).
    /// `watch_self` adds the events of the path's own removal or move.
    fn add(&mut self, path: PathBuf, recursive: bool, watch_self: bool) -> Result<()> {
        let is_dir = std::fs::metadata(&path).map_err(Error::io_watch)?.is_dir();
        if !recursive || !is_dir {
            return self.add_one(path, false, is_dir, true);
        }
        let mut folders = vec![path.clone()];
        self.add_one(path, true, true, watch_self)?;
        while let Some(folder) = folders.pop() {
            // A folder that cannot be listed (gone already, no permission) is watched without
            // what is below it, as notify's walk skipped it.
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.flatten() {
                if !entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                    continue;
                }
                let sub = entry.path();
                match self.add_one(sub.clone(), true, true, false) {
                    Ok(()) => folders.push(sub),
                    // No watches left: told, as only polls will see this folder.
                    Err(e) if matches!(e.kind, ErrorKind::MaxFilesWatch) => return Err(e),
                    // Gone already, or a path longer than the system takes (which the scan
                    // reports as a failure of its own): left out, as notify's walk left it.
                    Err(_) => {}
                }
            }
        }
        Ok(())
    }

    fn add_one(
        &mut self,
        path: PathBuf,
        recursive: bool,
        is_dir: bool,
        watch_self: bool,
    ) -> Result<()> {
        let mut mask = if watch_self { CHANGES | SELF } else { CHANGES };
        if self.by_path.contains_key(&path) {
            // Watched already (as the root and again from a walk): keep what it had.
            mask |= WatchMask::MASK_ADD;
        }
        let wd = self.inotify.add(&path, mask).map_err(|e| {
            if e.raw_os_error() == Some(libc::ENOSPC) {
                // The limit of watches (fs.inotify.max_user_watches), not a full disk.
                Error::new(ErrorKind::MaxFilesWatch)
            } else if e.kind() == IoErrorKind::NotFound {
                Error::new(ErrorKind::PathNotFound)
            } else {
                Error::io(e)
            }
            .add_path(path.clone())
        })?;
        self.paths
            .insert(wd.get_watch_descriptor_id(), path.clone());
        let recursive = recursive || self.by_path.get(&path).is_some_and(|watch| watch.recursive);
        self.by_path.insert(
            path,
            Watch {
                wd,
                recursive,
                is_dir,
            },
        );
        Ok(())
    }

    /// Stops watching a path and everything below it.
    fn remove(&mut self, path: &Path) -> Result<()> {
        let Some(watch) = self.by_path.remove(path) else {
            return Err(Error::watch_not_found().add_path(path.to_path_buf()));
        };
        self.forget(watch.wd);
        let below: Vec<PathBuf> = self
            .by_path
            .keys()
            .filter(|watched| watched.starts_with(path))
            .cloned()
            .collect();
        for watched in below {
            if let Some(watch) = self.by_path.remove(&watched) {
                self.forget(watch.wd);
            }
        }
        Ok(())
    }

    fn forget(&mut self, wd: WatchDescriptor) {
        self.paths.remove(&wd.get_watch_descriptor_id());
        // Fails only when the kernel dropped the watch already (its folder is gone): it is not
        // watched either way.
        let _ = self.inotify.remove(wd);
    }

    /// Whether folders appearing in this folder are watched too.
    fn recursive(&self, folder: Option<&Path>) -> bool {
        folder
            .and_then(|folder| self.by_path.get(folder))
            .is_some_and(|watch| watch.recursive)
    }
}

fn lock(watched: &Mutex<Watched>) -> MutexGuard<'_, Watched> {
    // The maps stay whole whatever panicked while holding them: every change is one insert
    // or remove.
    watched.lock().unwrap_or_else(PoisonError::into_inner)
}

impl notify::Watcher for Inotify {
    fn new<F: EventHandler>(handler: F, config: Config) -> Result<Self> {
        if config.follow_symlinks() {
            return Err(Error::generic(
                "this watcher never follows links: configure follow_symlinks(false)",
            ));
        }
        let inotify = inotify::Inotify::init().map_err(Error::io)?;
        let (stop_reader, stop) = std::io::pipe().map_err(Error::io)?;
        let watches = Arc::new(Mutex::new(Watched {
            inotify: inotify.watches(),
            by_path: HashMap::new(),
            paths: HashMap::new(),
        }));
        let reader = Reader {
            inotify,
            stop: stop_reader,
            watches: Arc::clone(&watches),
            handler: Box::new(handler),
            rename: None,
        };
        std::thread::Builder::new()
            .name("nianbao inotify".to_string())
            .spawn(move || reader.run())
            .map_err(Error::io)?;
        Ok(Inotify {
            watches,
            _stop: stop,
        })
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<()> {
        let path = absolute(path)?;
        lock(&self.watches).add(path, mode == RecursiveMode::Recursive, true)
    }

    fn unwatch(&mut self, path: &Path) -> Result<()> {
        lock(&self.watches).remove(&absolute(path)?)
    }

    fn kind() -> notify::WatcherKind {
        notify::WatcherKind::Inotify
    }
}

/// A path as events name it: events are named from the watched path, so a relative one is
/// made absolute (as notify does) and stays right if the current folder changes.
fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(Error::io)
}

/// The reading thread's state.
struct Reader {
    inotify: inotify::Inotify,
    stop: PipeReader,
    watches: Arc<Mutex<Watched>>,
    handler: Box<dyn EventHandler>,
    /// The last `MOVED_FROM`, paired with the `MOVED_TO` of the same cookie into one rename.
    rename: Option<(u32, PathBuf)>,
}

impl Reader {
    fn run(mut self) {
        let mut buffer = [0u8; 4096];
        while self.wait() {
            loop {
                match self.inotify.read_events(&mut buffer) {
                    Ok(events) => {
                        // Owned, so that handling can borrow the reader: only changes come,
                        // a few at a time.
                        let events: Vec<_> = events
                            .map(|e| {
                                let wd = e.wd.get_watch_descriptor_id();
                                (wd, e.mask, e.cookie, e.name.map(OsStr::to_os_string))
                            })
                            .collect();
                        if events.is_empty() {
                            break;
                        }
                        for (wd, mask, cookie, name) in events {
                            self.handle(wd, mask, cookie, name.as_deref());
                        }
                    }
                    Err(e) if e.kind() == IoErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == IoErrorKind::Interrupted => {}
                    Err(e) => {
                        // Not seen with a descriptor of our own and a buffer larger than
                        // any event (16 bytes and a name of at most 256): told (the watch
                        // thread rescans), and the thread ends rather than spin on it.
                        self.handler.handle_event(Err(Error::io(e)));
                        return;
                    }
                }
            }
        }
    }

    /// Waits until there are events to read (true) or the watcher is dropped (false).
    fn wait(&mut self) -> bool {
        loop {
            match poll_readable(self.inotify.as_fd(), self.stop.as_fd()) {
                Ok(Ready::Events) => return true,
                Ok(Ready::Stop) => return false,
                Err(e) if e.kind() == IoErrorKind::Interrupted => {}
                Err(e) => {
                    // As a failed read: told, and the thread ends.
                    self.handler.handle_event(Err(Error::io(e)));
                    return false;
                }
            }
        }
    }

    /// Turns one inotify event into notify's events, as notify's backend does, and follows
    /// the folders that appear and leave.
    fn handle(&mut self, wd: i32, mask: EventMask, cookie: u32, name: Option<&OsStr>) {
        if mask.contains(EventMask::Q_OVERFLOW) {
            // Events were lost: only a rescan can tell what changed.
            self.handler.handle_event(Ok(
                Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan)
            ));
        }
        let mut watched = lock(&self.watches);
        let Some(folder) = watched.paths.get(&wd) else {
            return; // a watch removed since (its events may still be queued)
        };
        let path = match name {
            Some(name) => folder.join(name),
            None => folder.clone(),
        };
        if mask.contains(EventMask::IGNORED) {
            // The kernel dropped the watch (its folder was deleted or unmounted).
            if let Some(gone) = watched.paths.remove(&wd) {
                let same = |w: &Watch| w.wd.get_watch_descriptor_id() == wd;
                if watched.by_path.get(&gone).is_some_and(same) {
                    watched.by_path.remove(&gone);
                }
            }
            return;
        }
        let is_dir = mask.contains(EventMask::ISDIR);
        let mut events = Vec::new();
        let mut add = false;
        let mut remove = false;
        if mask.contains(EventMask::MOVED_FROM) {
            remove = true;
            self.rename = Some((cookie, path.clone()));
            events.push(rename(RenameMode::From, &path, cookie));
        } else if mask.contains(EventMask::MOVED_TO) {
            events.push(rename(RenameMode::To, &path, cookie));
            if let Some((_, from)) = self.rename.take_if(|(from, _)| *from == cookie) {
                events.push(rename(RenameMode::Both, &from, cookie).add_path(path.clone()));
            }
            add = is_dir;
        }
        let at = |kind| Event::new(kind).add_path(path.clone());
        if mask.contains(EventMask::MOVE_SELF) {
            events.push(at(EventKind::Modify(ModifyKind::Name(RenameMode::From))));
        }
        let (created, removed) = if is_dir {
            (CreateKind::Folder, RemoveKind::Folder)
        } else {
            (CreateKind::File, RemoveKind::File)
        };
        if mask.contains(EventMask::CREATE) {
            events.push(at(EventKind::Create(created)));
            add |= is_dir;
        }
        if mask.contains(EventMask::DELETE) {
            events.push(at(EventKind::Remove(removed)));
            remove = true;
        }
        if mask.contains(EventMask::DELETE_SELF) {
            let kind = match watched.by_path.get(&path) {
                Some(watch) if watch.is_dir => RemoveKind::Folder,
                Some(_) => RemoveKind::File,
                None => RemoveKind::Other,
            };
            events.push(at(EventKind::Remove(kind)));
            remove = true;
        }
        if mask.contains(EventMask::MODIFY) {
            events.push(at(EventKind::Modify(ModifyKind::Data(DataChange::Any))));
        }
        if mask.contains(EventMask::CLOSE_WRITE) {
            events.push(at(EventKind::Access(AccessKind::Close(AccessMode::Write))));
        }
        if mask.contains(EventMask::ATTRIB) {
            events.push(at(EventKind::Modify(ModifyKind::Metadata(
                MetadataKind::Any,
            ))));
        }
        if remove && watched.by_path.contains_key(&path) {
            let _ = watched.remove(&path);
        }
        let mut failure = None;
        if add && watched.recursive(path.parent()) {
            // Only the watch limit is told: a folder gone again before it was watched is no
            // news (its removal is an event of its own).
            if let Err(e) = watched.add(path, true, false) {
                if matches!(e.kind, ErrorKind::MaxFilesWatch) {
                    failure = Some(e);
                }
            }
        }
        drop(watched);
        for event in events {
            self.handler.handle_event(Ok(event));
        }
        if let Some(e) = failure {
            self.handler.handle_event(Err(e));
        }
    }
}

fn rename(mode: RenameMode, path: &Path, cookie: u32) -> Event {
    Event::new(EventKind::Modify(ModifyKind::Name(mode)))
        .add_path(path.to_path_buf())
        .set_tracker(cookie as usize)
}

/// What woke the reading thread.
enum Ready {
    Events,
    Stop,
}

/// Waits until the inotify instance has events or the stop pipe is closed.
fn poll_readable(inotify: BorrowedFd<'_>, stop: BorrowedFd<'_>) -> std::io::Result<Ready> {
    let mut fds = [
        libc::pollfd {
            fd: inotify.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        },
        libc::pollfd {
            fd: stop.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    // SAFETY: `fds` is a valid array of two pollfd for the duration of the call, and both
    // descriptors are borrowed, so open, for as long.
    let ready = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) };
    if ready < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // The stop pipe is only ever closed (never written): any readiness on it means stop, and
    // stop wins over events still queued, which nobody is left to read.
    if fds[1].revents != 0 {
        Ok(Ready::Stop)
    } else if fds[0].revents & (libc::POLLERR | libc::POLLNVAL) != 0 {
        Err(std::io::Error::other(
            "the inotify instance cannot be polled",
        ))
    } else {
        Ok(Ready::Events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::Watcher;
    use std::sync::mpsc::{channel, Receiver};
    use std::time::Duration;

    /// An event's kind and paths, relative to the inbox.
    type Seen = (EventKind, Vec<PathBuf>);

    fn watching(root: &Path) -> (Inotify, Receiver<Result<Event>>) {
        let (sender, events) = channel();
        let config = Config::default().with_follow_symlinks(false);
        let mut watcher = Inotify::new(
            move |event| {
                let _ = sender.send(event);
            },
            config,
        )
        .expect("inotify starts");
        watcher
            .watch(root, RecursiveMode::Recursive)
            .expect("the inbox is watched");
        (watcher, events)
    }

    /// The events up to and including the first of `last`'s kind on `last`'s path. Waits for
    /// each as long as a loaded machine may need; the test is about which events come, never
    /// how fast.
    fn until(events: &Receiver<Result<Event>>, root: &Path, last: &Seen) -> Vec<Seen> {
        let mut seen = Vec::new();
        loop {
            let event = events
                .recv_timeout(Duration::from_secs(30))
                .expect("the event comes")
                .expect("no watch error");
            let paths = event
                .paths
                .iter()
                .map(|p| {
                    p.strip_prefix(root)
                        .expect("inside the inbox")
                        .to_path_buf()
                })
                .collect();
            seen.push((event.kind, paths));
            if seen.last() == Some(last) {
                return seen;
            }
        }
    }

    fn at(kind: EventKind, paths: &[&str]) -> Seen {
        (kind, paths.iter().map(PathBuf::from).collect())
    }

    /// Reading the inbox (a report opened and read, a folder listed) is no event at all; every
    /// kind of change is, named as notify names it, in a folder created after the watch began
    /// too.
    #[test]
    fn reads_are_no_events_and_every_change_is_one() {
        let inbox = tempfile::tempdir().expect("temp dir");
        let root = inbox.path();
        std::fs::write(root.join("a.txt"), "报告").expect("written");
        let (_watcher, events) = watching(root);

        std::fs::read(root.join("a.txt")).expect("read");
        std::fs::read_dir(root).expect("listed").for_each(drop);
        std::fs::create_dir(root.join("sub")).expect("made");
        let created = at(EventKind::Create(CreateKind::Folder), &["sub"]);
        let mut seen = until(&events, root, &created);
        // The new folder is watched before its creation is handed on.
        std::fs::write(root.join("sub/b.txt"), "报告").expect("written");
        std::fs::read(root.join("sub/b.txt")).expect("read");
        std::fs::rename(root.join("a.txt"), root.join("c.txt")).expect("renamed");
        std::fs::remove_file(root.join("c.txt")).expect("removed");
        let removed = at(EventKind::Remove(RemoveKind::File), &["c.txt"]);
        seen.extend(until(&events, root, &removed));

        let name = |mode| EventKind::Modify(ModifyKind::Name(mode));
        assert_eq!(
            seen,
            [
                created,
                at(EventKind::Create(CreateKind::File), &["sub/b.txt"]),
                at(
                    EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                    &["sub/b.txt"]
                ),
                at(
                    EventKind::Access(AccessKind::Close(AccessMode::Write)),
                    &["sub/b.txt"]
                ),
                at(name(RenameMode::From), &["a.txt"]),
                at(name(RenameMode::To), &["c.txt"]),
                at(name(RenameMode::Both), &["a.txt", "c.txt"]),
                removed,
            ]
        );
    }

    /// A folder moved into the inbox, and one renamed inside it, are watched under their new
    /// names (with the folders below them); a folder moved out is no longer watched.
    #[test]
    fn moved_folders_are_watched_where_they_are_now() {
        let outside = tempfile::tempdir().expect("temp dir");
        let inbox = tempfile::tempdir().expect("temp dir");
        let root = inbox.path();
        std::fs::create_dir_all(outside.path().join("in/deeper")).expect("made");
        std::fs::create_dir_all(root.join("old/deeper")).expect("made");
        let (_watcher, events) = watching(root);

        std::fs::rename(outside.path().join("in"), root.join("in")).expect("moved in");
        std::fs::rename(root.join("old"), root.join("new")).expect("renamed");
        let name = |mode| EventKind::Modify(ModifyKind::Name(mode));
        until(&events, root, &at(name(RenameMode::Both), &["old", "new"]));
        std::fs::rename(root.join("new"), outside.path().join("gone")).expect("moved out");
        std::fs::write(outside.path().join("gone/deeper/x.txt"), "报告").expect("written");
        std::fs::write(root.join("in/deeper/a.txt"), "报告").expect("written");
        std::fs::write(root.join("new.txt"), "报告").expect("written");
        let last = at(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            &["new.txt"],
        );
        let seen: Vec<Seen> = until(&events, root, &last)
            .into_iter()
            .filter(|(kind, _)| matches!(kind, EventKind::Create(_)))
            .collect();
        assert_eq!(
            seen,
            [
                at(EventKind::Create(CreateKind::File), &["in/deeper/a.txt"]),
                at(EventKind::Create(CreateKind::File), &["new.txt"]),
            ]
        );
    }

    /// Dropping the watcher ends its thread (which owns the handler): no thread and no
    /// inotify instance are left behind by a watcher that is replaced or stopped.
    #[test]
    fn dropping_the_watcher_ends_its_thread() {
        let inbox = tempfile::tempdir().expect("temp dir");
        let (watcher, events) = watching(inbox.path());
        drop(watcher);
        // The handler's sender goes with the thread; nothing was changed, so nothing comes.
        assert!(matches!(
            events.recv_timeout(Duration::from_secs(30)),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected)
        ));
    }

    /// Asked to follow links, the watcher refuses rather than watching without following.
    #[test]
    fn following_links_is_refused() {
        let config = Config::default().with_follow_symlinks(true);
        assert!(Inotify::new(|_: Result<Event>| {}, config).is_err());
    }
}
