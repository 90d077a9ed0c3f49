//! The live set of reports of an inbox folder.
//!
//! The watcher (in the binary, over notify) and the loader produce [`InboxEvent`]s; the
//! dashboard and `nianbao watch` apply them to an [`Inbox`]. The folder is the source of truth:
//! a rescan reports every file again and every file that is gone, and applying its events makes
//! the inbox equal to the folder. Reports are kept in arrival order with a mark for those that
//! changed since the supervisor last looked at them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    /// A scan finished.
    ScanFinished { total: usize, elapsed: Duration },
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
    /// Order of first arrival (0 for the first report seen).
    pub arrival: u64,
    /// The report changed since the supervisor last looked at it (new reports arriving after
    /// the initial scan are changed too).
    pub changed: bool,
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
}

impl Inbox {
    pub fn new() -> Inbox {
        Inbox::default()
    }

    /// Applies an event; returns what changed, if anything. A report checked again with the
    /// same content is not a change.
    pub fn apply(&mut self, event: InboxEvent) -> Option<Change> {
        match event {
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
        let arrival = self.next_arrival;
        self.next_arrival += 1;
        self.index.insert(path.clone(), self.entries.len());
        self.entries.push(Entry {
            report,
            content_hash,
            arrival,
            changed: trigger != Trigger::InitialScan,
        });
        Some(Change::Added(path))
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

    /// The reports, in arrival order.
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
        assert_eq!(inbox.get(Path::new("c")).map(|e| e.arrival), Some(2));
        assert_eq!(inbox.len(), 2);
    }
}
