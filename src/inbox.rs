//! The live set of reports of an inbox folder.
//!
//! The watcher (in the binary, over notify) and the loader produce [`InboxEvent`]s; the
//! dashboard and `nianbao watch` apply them to an [`Inbox`]. The folder is the source of truth:
//! a rescan reports every file again and every file that is gone, and applying its events makes
//! the inbox equal to the folder. Reports are kept with a mark for those that changed since
//! the supervisor last looked at them.
//!
//! Arrival order is the same from run to run ([`Entry::arrival_key`]): a scan checks files in
//! parallel and sends them as they finish, so the order events come in is an accident. The
//! reports of one scan form one batch, ordered within it by file modification time, then by
//! path; a report that arrives on its own (a new file while watching) is a batch of its own,
//! after those before it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::check::CheckedReport;

/// Why a report was (re)checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The first scan of the folder.
    InitialScan,
    /// A rescan (asked for, or forced by a watcher overflow or a Rescan event).
    Rescan,
    /// A file was created, written, or renamed into the folder.
    Change,
}

/// What happened in the inbox.
#[derive(Debug, Clone)]
pub enum InboxEvent {
    /// A scan started; `total` files will be checked.
    ScanStarted { total: usize, trigger: Trigger },
    /// A report was checked (new, changed, or seen again by a scan).
    Checked {
        report: Box<CheckedReport>,
        /// A hash of the file's bytes (None when the file could not be read).
        content_hash: Option<u64>,
        trigger: Trigger,
    },
    /// A report file left the folder (deleted or renamed away).
    Removed { path: PathBuf },
    /// A scan finished. `skipped` counts the files of the inbox that are not reports (named
    /// by `check`; the dashboard shows how many).
    ScanFinished {
        total: usize,
        elapsed: Duration,
        skipped: usize,
    },
    /// The watcher is (or is no longer) watching the folder.
    Watching { active: bool },
    /// The watcher hit a problem it could not handle by rescanning.
    Error { message: String },
}

/// One report in the inbox.
#[derive(Debug, Clone)]
pub struct Entry {
    pub report: CheckedReport,
    pub content_hash: Option<u64>,
    /// The batch the report first arrived in: one per scan, one per report arriving on its
    /// own; batches are numbered in the order they arrive (see [`Entry::arrival_key`]).
    pub arrival: u64,
    /// The file's modification time when the report first arrived (none when it could not be
    /// read).
    pub modified: Option<SystemTime>,
    /// The report changed since the supervisor last looked at it (new reports arriving after
    /// the initial scan are changed too).
    pub changed: bool,
}

impl Entry {
    /// The report's place in arrival order: its batch, then its file's modification time, then
    /// its path. The same files give the same order at every run. The path compares as bytes:
    /// the lists are sorted on every change, and `Path`'s own order parses components.
    pub fn arrival_key(&self) -> (u64, Option<SystemTime>, &[u8]) {
        (
            self.arrival,
            self.modified,
            self.report.path.as_os_str().as_encoded_bytes(),
        )
    }
}

/// What applying an event did, for announcing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added(PathBuf),
    Updated(PathBuf),
    Removed(PathBuf),
}

/// The reports of an inbox, in arrival order.
#[derive(Debug, Default)]
pub struct Inbox {
    entries: Vec<Entry>,
    index: HashMap<PathBuf, usize>,
    next_arrival: u64,
    /// The batch of the scan under way, if any.
    scan_batch: Option<u64>,
}

impl Inbox {
    pub fn new() -> Inbox {
        Inbox::default()
    }

    /// Applies an event; returns what changed, if anything. A report checked again with the
    /// same content is not a change. The start and end of a scan bound its batch.
    pub fn apply(&mut self, event: InboxEvent) -> Option<Change> {
        match event {
            InboxEvent::ScanStarted { .. } => {
                self.scan_batch = Some(self.new_batch());
                None
            }
            InboxEvent::ScanFinished { .. } => {
                self.scan_batch = None;
                None
            }
            InboxEvent::Checked {
                report,
                content_hash,
                trigger,
            } => self.upsert(*report, content_hash, trigger),
            InboxEvent::Removed { path } => self.remove(&path).then_some(Change::Removed(path)),
            _ => None,
        }
    }

    fn upsert(
        &mut self,
        report: CheckedReport,
        content_hash: Option<u64>,
        trigger: Trigger,
    ) -> Option<Change> {
        let path = report.path.clone();
        if let Some(&index) = self.index.get(&path) {
            let entry = &mut self.entries[index];
            let same = content_hash.is_some() && entry.content_hash == content_hash;
            entry.report = report;
            entry.content_hash = content_hash;
            if same {
                return None;
            }
            entry.changed = true;
            return Some(Change::Updated(path));
        }
        // Reports found by a scan share its batch (one is opened if its start was not seen).
        let arrival = match (trigger, self.scan_batch) {
            (Trigger::Change, _) => self.new_batch(),
            (_, Some(batch)) => batch,
            (_, None) => {
                let batch = self.new_batch();
                self.scan_batch = Some(batch);
                batch
            }
        };
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        self.index.insert(path.clone(), self.entries.len());
        self.entries.push(Entry {
            report,
            content_hash,
            arrival,
            modified,
            changed: trigger != Trigger::InitialScan,
        });
        Some(Change::Added(path))
    }

    fn new_batch(&mut self) -> u64 {
        self.next_arrival += 1;
        self.next_arrival - 1
    }

    fn remove(&mut self, path: &Path) -> bool {
        let Some(index) = self.index.remove(path) else {
            return false;
        };
        self.entries.remove(index);
        for slot in self.index.values_mut() {
            if *slot > index {
                *slot -= 1;
            }
        }
        true
    }

    /// The reports, in the order their events were applied (see [`Entry::arrival_key`] for
    /// arrival order).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The report at this path.
    pub fn get(&self, path: &Path) -> Option<&Entry> {
        self.index.get(path).map(|&i| &self.entries[i])
    }

    /// Marks a report as looked at.
    pub fn mark_seen(&mut self, path: &Path) {
        if let Some(&index) = self.index.get(path) {
            self.entries[index].changed = false;
        }
    }

    /// The paths of every report (for a rescan to find the ones that left).
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.entries.iter().map(|e| e.report.path.as_path())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::ParseSummary;

    fn report(path: &str) -> Box<CheckedReport> {
        Box::new(CheckedReport {
            path: PathBuf::from(path),
            file: path.to_string(),
            agency: None,
            year: None,
            template: None,
            summary: ParseSummary::default(),
            flags: Vec::new(),
        })
    }

    fn checked(path: &str, hash: u64, trigger: Trigger) -> InboxEvent {
        InboxEvent::Checked {
            report: report(path),
            content_hash: Some(hash),
            trigger,
        }
    }

    #[test]
    fn reports_keep_arrival_order_and_changes_are_marked() {
        let mut inbox = Inbox::new();
        assert_eq!(
            inbox.apply(checked("b.txt", 1, Trigger::InitialScan)),
            Some(Change::Added("b.txt".into()))
        );
        inbox.apply(checked("a.txt", 2, Trigger::InitialScan));
        assert!(inbox.entries().iter().all(|e| !e.changed));
        assert_eq!(inbox.apply(checked("b.txt", 1, Trigger::Rescan)), None);
        assert_eq!(
            inbox.apply(checked("b.txt", 3, Trigger::Change)),
            Some(Change::Updated("b.txt".into()))
        );
        inbox.apply(checked("c.txt", 4, Trigger::Change));
        let order: Vec<_> = inbox
            .entries()
            .iter()
            .map(|e| (e.report.path.clone(), e.changed))
            .collect();
        assert_eq!(
            order,
            [
                ("b.txt".into(), true),
                ("a.txt".into(), false),
                ("c.txt".into(), true)
            ]
        );
        inbox.mark_seen(Path::new("b.txt"));
        assert!(!inbox.get(Path::new("b.txt")).unwrap().changed);
    }

    #[test]
    fn removal_keeps_the_index_right() {
        let mut inbox = Inbox::new();
        for (i, p) in ["a", "b", "c"].into_iter().enumerate() {
            inbox.apply(checked(p, i as u64, Trigger::InitialScan));
        }
        assert_eq!(
            inbox.apply(InboxEvent::Removed { path: "a".into() }),
            Some(Change::Removed("a".into()))
        );
        assert_eq!(inbox.apply(InboxEvent::Removed { path: "a".into() }), None);
        assert_eq!(
            inbox.get(Path::new("c")).map(|e| e.report.path.clone()),
            Some("c".into())
        );
        assert_eq!(inbox.len(), 2);
    }

    /// The order of arrival does not depend on the order a parallel scan sends its reports in:
    /// within a scan, modification time then path; a report arriving later comes after.
    #[test]
    fn arrival_order_is_the_same_whatever_order_a_scan_sends() {
        let dir = tempfile::tempdir().expect("temp dir");
        let times = [
            ("b.txt", 300),
            ("a.txt", 100),
            ("c.txt", 100),
            ("d.txt", 200),
        ];
        for (name, seconds) in times {
            let path = dir.path().join(name);
            std::fs::write(&path, name).expect("write");
            let file = std::fs::File::options()
                .write(true)
                .open(&path)
                .expect("open");
            file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
                .expect("set time");
        }
        let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
        let order_of = |sent: [&str; 4]| {
            let mut inbox = Inbox::new();
            inbox.apply(InboxEvent::ScanStarted {
                total: 4,
                trigger: Trigger::InitialScan,
            });
            for name in sent {
                inbox.apply(checked(&path(name), 1, Trigger::InitialScan));
            }
            inbox.apply(InboxEvent::ScanFinished {
                total: 4,
                elapsed: Duration::ZERO,
                skipped: 0,
            });
            inbox.apply(checked(&path("e.txt"), 2, Trigger::Change));
            let mut entries: Vec<&Entry> = inbox.entries().iter().collect();
            entries.sort_by(|a, b| a.arrival_key().cmp(&b.arrival_key()));
            entries
                .iter()
                .map(|e| {
                    e.report
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                })
                .collect::<Vec<_>>()
        };
        let expected = ["a.txt", "c.txt", "d.txt", "b.txt", "e.txt"].map(|n| Some(n.to_string()));
        assert_eq!(order_of(["a.txt", "b.txt", "c.txt", "d.txt"]), expected);
        assert_eq!(order_of(["d.txt", "c.txt", "b.txt", "a.txt"]), expected);
    }
}
