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
//!
//! The inbox also runs the cross-report rules live. It keeps a [`CrossIndex`] of the reports'
//! facts; when a report arrives, changes or leaves, the reports it relates to (the index's
//! touched set: the same agency's neighbouring years, narrative neighbours, reports naming it)
//! are re-checked and their cross flags replaced, so a change costs what it touches, never the
//! whole inbox. During a scan the re-checks wait for [`Inbox::settle`] (called when the scan
//! finishes), so that a report is re-checked once, not once per related arrival.
//!
//! A report of the same agency and year arriving again is a new version (see
//! [`crate::versions`]): a file replaced keeps its older versions as history in its entry, and
//! of several files of one agency and year the newest is current and the others are
//! [`Entry::superseded`] (history, not counted as reports of their own).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use crate::flag::Flag;
use crate::hash::FxHasher;
use crate::pipeline::{self, CheckOptions, CheckedReport};
use crate::report::Report;
use crate::rules::cross::{CrossIndex, ReportFacts, CROSS_REGISTRY};
use crate::rules::{sort_flags, RuleSelection};
use crate::versions::Content;

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

/// What the inbox keeps of a parsed report besides its flags: the facts the cross-report rules
/// compare (none for a file that could not be read) and what a diff between versions needs
/// (none where no diff is ever shown: `nianbao watch`, see [`Versions`]).
#[derive(Debug, Clone)]
pub struct Reading {
    pub facts: Option<ReportFacts>,
    pub content: Option<Content>,
}

/// Whether a report's [`Content`] is read for the diffs between its versions. The dashboard
/// shows them; `nianbao watch` prints none, and reading the content cost it about a tenth of
/// what checking a report costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versions {
    Kept,
    NotKept,
}

impl Reading {
    /// What the inbox keeps of a report parsed in memory (its facts carry no modification
    /// time).
    pub fn of(report: &Report) -> Reading {
        Reading::with(report, Versions::Kept)
    }

    /// [`Reading::of`], with the content only when `versions` keeps it.
    fn with(report: &Report, versions: Versions) -> Reading {
        Reading {
            facts: report
                .read_failure
                .is_none()
                .then(|| ReportFacts::of(report)),
            content: (versions == Versions::Kept).then(|| Content::of(report)),
        }
    }

    /// What the inbox keeps of a report loaded from the file at `path`: its facts carry the
    /// file's modification time, which orders the versions of one report (the
    /// `report-superseded` flag and [`Entry::superseded`] both read it from here).
    pub fn of_file(report: &Report, path: &Path) -> Reading {
        Reading::modified(report, pipeline::modified_time(path), Versions::Kept)
    }

    /// [`Reading::of_file`] with the file's modification time already read.
    fn modified(report: &Report, modified: Option<SystemTime>, versions: Versions) -> Reading {
        let mut reading = Reading::with(report, versions);
        if let Some(facts) = &mut reading.facts {
            facts.modified = modified;
        }
        reading
    }
}

/// Parses and checks the bytes of a file already read (see [`pipeline::check_bytes`]), and reads
/// what the inbox keeps of it (its content only when `versions` keeps it). `modified` is the
/// file's modification time as it was around the read (the watcher compares it before and
/// after: no third look at the file is needed).
pub fn check_bytes(
    root: &Path,
    path: &Path,
    bytes: Vec<u8>,
    modified: Option<SystemTime>,
    options: &CheckOptions,
    versions: Versions,
) -> (CheckedReport, Box<Reading>) {
    let report = pipeline::load_bytes(path, bytes, options.limits);
    let checked = pipeline::check_report(root, path, &report, &options.selection);
    (
        checked,
        Box::new(Reading::modified(&report, modified, versions)),
    )
}

/// Reads, parses and checks one file under `root` for the inbox: the `Checked` event the
/// watcher would send for it.
pub fn checked_event(
    root: &Path,
    path: &Path,
    options: &CheckOptions,
    trigger: Trigger,
) -> InboxEvent {
    let report = pipeline::load(path, options.limits);
    let checked = pipeline::check_report(root, path, &report, &options.selection);
    InboxEvent::Checked {
        report: Box::new(checked),
        content_hash: std::fs::read(path)
            .ok()
            .map(|bytes| xxhash_rust::xxh3::xxh3_64(&bytes)),
        trigger,
        reading: Some(Box::new(Reading::of_file(&report, path))),
    }
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
        /// What the cross-report rules and the versions need of it (None: the report takes
        /// no part in them).
        reading: Option<Box<Reading>>,
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

/// An older version of a report whose file was replaced.
#[derive(Debug, Clone)]
pub struct Version {
    pub report: CheckedReport,
    pub content: Option<Content>,
    /// The batch it arrived in (see [`Entry::arrival_key`]).
    pub revision: u64,
    /// Its file's modification time when it arrived.
    pub modified: Option<SystemTime>,
}

/// One report in the inbox.
#[derive(Debug, Clone)]
pub struct Entry {
    pub report: CheckedReport,
    pub content_hash: Option<u64>,
    /// The batch the report first arrived in: one per scan, one per report arriving on its
    /// own; batches are numbered in the order they arrive (see [`Entry::arrival_key`]).
    pub arrival: u64,
    /// The file's modification time when this version arrived (none when it could not be
    /// read).
    pub modified: Option<SystemTime>,
    /// The report changed since the supervisor last looked at it (new reports arriving after
    /// the initial scan are changed too).
    pub changed: bool,
    /// The batch this version arrived in (its first arrival, or its last change).
    pub revision: u64,
    /// What a diff needs of this version.
    pub content: Option<Content>,
    /// The versions this file had before it was replaced, oldest first.
    pub history: Vec<Version>,
    /// A newer file of the same agency and year is in the inbox: this one is history.
    pub superseded: bool,
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

    /// Which of several files of one agency and year is the newest: its modification time,
    /// then its path as bytes. The `report-superseded` rule orders them the same way
    /// ([`ReportFacts::modified`]), so the 旧版 mark and the flag agree; the same files give
    /// the same order at every run, whatever order they arrived in.
    fn version_key(&self) -> (Option<SystemTime>, &[u8]) {
        crate::versions::newness(self.modified, &self.report.path)
    }
}

/// What applying an event did, for announcing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added(PathBuf),
    Updated(PathBuf),
    Removed(PathBuf),
}

/// One version of a report, as [`Inbox::versions`] lists them.
#[derive(Debug, Clone, Copy)]
pub struct VersionView<'a> {
    pub path: &'a Path,
    pub report: &'a CheckedReport,
    pub content: Option<&'a Content>,
    pub revision: u64,
    pub modified: Option<SystemTime>,
    /// The newest version: the one that counts.
    pub current: bool,
    /// An older version of a file since replaced (its text is no longer on disk).
    pub replaced: bool,
}

/// A map by a report's path. Hashed with [`FxHasher`], not SipHash: every report of a scan is
/// looked up and inserted a few times, and the paths are the user's own inbox (no input chooses
/// them to collide).
type PathMap<V> = HashMap<PathBuf, V, BuildHasherDefault<FxHasher>>;

/// The reports of an inbox, in arrival order.
#[derive(Debug, Default)]
pub struct Inbox {
    entries: Vec<Entry>,
    index: PathMap<usize>,
    next_arrival: u64,
    cross: CrossIndex,
    selection: RuleSelection,
    /// Reports whose cross flags wait for [`Inbox::settle`], once `settled_some`. (Hashed: a
    /// scan's paths share a long prefix, which every comparison of an ordered set would parse
    /// again.)
    pending: HashSet<PathBuf, BuildHasherDefault<FxHasher>>,
    /// Some report of the cross index was settled. Until then (an inbox loading its first
    /// scan) every report waits for [`Inbox::settle`]: one arriving need not work out which
    /// reports it touches, nor be put in `pending` (a copy of its path and a hash of it, for
    /// a set that would hold every report).
    settled_some: bool,
    /// Reports whose cross flags changed because another report changed, not yet taken.
    rechecked: Vec<PathBuf>,
    /// How many times a report's cross flags were computed (what a change costs).
    cross_checks: u64,
    /// The batch of the scan under way, if any.
    scan_batch: Option<u64>,
    /// The first failure to read a report's facts back from the cross index's spill file since
    /// this was last asked ([`Inbox::take_cross_failure`]).
    cross_failure: Option<std::io::Error>,
    /// How many entries were removed so far ([`Inbox::removals`]).
    removals: u64,
}

/// What a failure of [`Inbox::take_cross_failure`] means to the user, in Chinese and in English
/// (the dashboard shows one, `nianbao watch` both).
pub const CROSS_FAILURE_ZH: &str = "读取跨报告比对数据失败，相关报告保留原有跨报告问题";
/// See [`CROSS_FAILURE_ZH`].
pub const CROSS_FAILURE_EN: &str =
    "reading the cross-report facts failed; the reports concerned keep their cross-report flags";

/// The fewest reports of a settle one thread judges in a row: neighbours in path order, whose
/// facts the cross index reads back a block of about sixty at a time.
const JUDGED_IN_A_ROW: usize = 64;

impl Inbox {
    /// An inbox running every cross-report rule at its default thresholds.
    pub fn new() -> Inbox {
        Inbox::default()
    }

    /// An inbox running the cross-report rules as the configuration selects them.
    pub fn with_selection(selection: RuleSelection) -> Inbox {
        Inbox {
            selection,
            ..Inbox::default()
        }
    }

    /// [`Inbox::with_selection`] whose cross index keeps the facts only judging needs in a
    /// spill file in the temporary folder ([`CrossIndex::spilled`]), as `check` does: a few
    /// hundred bytes of memory a report instead of a few kilobytes. In memory when no spill
    /// file can be made (more memory, the same flags).
    pub fn spilled(selection: RuleSelection) -> Inbox {
        Inbox {
            selection,
            cross: CrossIndex::spilled().unwrap_or_default(),
            ..Inbox::default()
        }
    }

    /// Applies an event; returns what changed, if anything. A report checked again with the
    /// same content is not a change. A change re-checks the cross flags of the reports it
    /// touches at once; a report of a scan waits for [`Inbox::settle`]. The start and end of a
    /// scan bound its batch.
    pub fn apply(&mut self, event: InboxEvent) -> Option<Change> {
        match event {
            InboxEvent::ScanStarted { total, .. } => {
                self.scan_batch = Some(self.new_batch());
                // Room for the scan's new reports at once: growing the entries (over 500
                // bytes each) by doubling copied them over and over.
                let new = total.saturating_sub(self.entries.len());
                self.entries.reserve(new);
                self.index.reserve(new);
                if !self.settled_some {
                    self.cross.reserve(new);
                }
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
                reading,
            } => {
                let path = report.path.clone();
                // The modification time the cross facts carry, when there are facts: the
                // 旧版 mark and the `report-superseded` flag then order the versions by the
                // same reading of the file.
                let modified = match reading.as_ref().and_then(|r| r.facts.as_ref()) {
                    Some(facts) => facts.modified,
                    None => pipeline::modified_time(&path),
                };
                let (facts, content) = match reading {
                    Some(reading) => (reading.facts, reading.content),
                    None => (None, None),
                };
                let change = self.upsert(*report, content_hash, trigger, content, modified)?;
                // The files of its agency and year as it was (a new file has none yet).
                let mut before = self.same_report(&path);
                match facts {
                    // What it touches is pending already.
                    Some(facts) if !self.settled_some => self.cross.add(path.clone(), facts),
                    Some(facts) => {
                        let touched = self.cross.insert(path.clone(), facts);
                        self.pending.extend(touched);
                    }
                    None => {
                        let touched = self.cross.remove(&path);
                        if self.settled_some {
                            self.pending.extend(touched);
                        }
                    }
                }
                if self.settled_some {
                    self.pending.insert(path.clone());
                }
                // Its group now, worked out once (a scan's report is almost always alone in
                // it), then what is left of the group it was in, if it changed agency or year.
                let group = self.cross.same_report(&path);
                before.retain(|p| *p != path && !group.contains(&p.as_path()));
                mark_group(&mut self.entries, &self.index, &group, &path);
                if !before.is_empty() {
                    self.mark_superseded(before);
                }
                if trigger == Trigger::Change {
                    // Its own announcement tells its flags; the others are re-checked news.
                    self.settle_except(Some(&path));
                }
                Some(change)
            }
            InboxEvent::Removed { path } => {
                let group = self.same_report(&path);
                let touched = self.cross.remove(&path);
                if !self.remove(&path) {
                    return None;
                }
                self.pending.extend(touched);
                self.mark_superseded(group);
                self.settle();
                Some(Change::Removed(path))
            }
            _ => None,
        }
    }

    fn upsert(
        &mut self,
        mut report: CheckedReport,
        content_hash: Option<u64>,
        trigger: Trigger,
        content: Option<Content>,
        modified: Option<SystemTime>,
    ) -> Option<Change> {
        let path = report.path.clone();
        if let Some(&index) = self.index.get(&path) {
            let entry = &mut self.entries[index];
            let same = content_hash.is_some() && entry.content_hash == content_hash;
            if same {
                // Read again as it was: its cross flags still hold.
                report
                    .flags
                    .extend(entry.report.flags.iter().filter(|f| is_cross(f)).cloned());
                sort_flags(&mut report.flags);
                entry.report = report;
                return None;
            }
            let revision = self.batch_of(trigger);
            let entry = &mut self.entries[index];
            let old = std::mem::replace(&mut entry.report, report);
            entry.history.push(Version {
                report: old,
                content: std::mem::replace(&mut entry.content, content),
                revision: entry.revision,
                modified: std::mem::replace(&mut entry.modified, modified),
            });
            entry.content_hash = content_hash;
            entry.revision = revision;
            entry.changed = true;
            return Some(Change::Updated(path));
        }
        let revision = self.batch_of(trigger);
        self.index.insert(path.clone(), self.entries.len());
        self.entries.push(Entry {
            report,
            content_hash,
            arrival: revision,
            modified,
            changed: trigger != Trigger::InitialScan,
            revision,
            content,
            history: Vec::new(),
            superseded: false,
        });
        Some(Change::Added(path))
    }

    /// The batch of a report arriving now: the scan's under way (one is opened if its start
    /// was not seen), or a batch of its own for a change seen by the watcher.
    fn batch_of(&mut self, trigger: Trigger) -> u64 {
        match (trigger, self.scan_batch) {
            (Trigger::Change, _) => self.new_batch(),
            (_, Some(batch)) => batch,
            (_, None) => {
                let batch = self.new_batch();
                self.scan_batch = Some(batch);
                batch
            }
        }
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
        self.removals += 1;
        for slot in self.index.values_mut() {
            if *slot > index {
                *slot -= 1;
            }
        }
        true
    }

    /// The paths of the files of the same agency and year as this one (itself included when
    /// indexed).
    fn same_report(&self, path: &Path) -> BTreeSet<PathBuf> {
        self.cross
            .same_report(path)
            .into_iter()
            .map(Path::to_path_buf)
            .collect()
    }

    /// Marks, among the files of each agency and year these paths belong to, every file but
    /// the newest as superseded.
    fn mark_superseded(&mut self, paths: BTreeSet<PathBuf>) {
        let mut done: BTreeSet<PathBuf> = BTreeSet::new();
        for path in paths {
            // One agency and year at a time, however many of its files are given.
            if done.contains(&path) {
                continue;
            }
            let group = self.cross.same_report(&path);
            done.extend(group.iter().map(|p| p.to_path_buf()));
            mark_group(&mut self.entries, &self.index, &group, &path);
        }
    }

    /// Re-checks the cross flags of every report waiting for it (in parallel), and replaces
    /// those that changed. The dashboard calls it when a scan finishes.
    pub fn settle(&mut self) {
        self.settle_except(None);
    }

    /// [`Inbox::settle`], leaving the report that caused it out of [`Inbox::take_rechecked`].
    fn settle_except(&mut self, cause: Option<&Path>) {
        self.cross.settle();
        let pending = std::mem::take(&mut self.pending);
        let pending: Vec<PathBuf> = if self.settled_some {
            let mut pending: Vec<PathBuf> = pending
                .into_iter()
                .filter(|p| self.index.contains_key(p))
                .collect();
            // In path order, the order a scan adds the reports in: each thread then judges a
            // stretch of neighbours, whose facts the cross index reads back from its spill
            // file a block at a time (in the set's order every report's facts were a read of
            // their own).
            pending.sort_unstable();
            pending
        } else {
            // Every report waits for the first settle (see `settled_some`), in arrival order:
            // the order the cross index added them in and wrote their facts to its spill file,
            // so the stretches are neighbours there already, without sorting every path of
            // the inbox (component by component) first.
            self.entries.iter().map(|e| e.report.path.clone()).collect()
        };
        self.settled_some = !self.cross.is_empty();
        self.cross_checks += pending.len() as u64;
        let (cross, selection) = (&self.cross, &self.selection);
        let found: Vec<(PathBuf, std::io::Result<Vec<Flag>>)> = pending
            .into_par_iter()
            .with_min_len(JUDGED_IN_A_ROW)
            .map(|path| {
                let flags = cross.try_check(&path, selection, &selection.cross);
                (path, flags)
            })
            .collect();
        for (path, flags) in found {
            // Facts that could not be read back from the spill file: the report keeps the
            // cross flags it had (none is dropped as if it were resolved), and the failure is
            // told.
            let flags = match flags {
                Ok(flags) => flags,
                Err(error) => {
                    self.cross_failure.get_or_insert(error);
                    continue;
                }
            };
            let Some(&i) = self.index.get(&path) else {
                continue;
            };
            let report = &mut self.entries[i].report;
            let old: Vec<&Flag> = report.flags.iter().filter(|f| is_cross(f)).collect();
            if old.len() == flags.len() && old.iter().zip(&flags).all(|(a, b)| *a == b) {
                continue;
            }
            report.flags.retain(|f| !is_cross(f));
            report.flags.extend(flags);
            sort_flags(&mut report.flags);
            if cause != Some(path.as_path()) {
                self.rechecked.push(path);
            }
        }
    }

    /// The first failure to read the cross index's spill file since this was last asked: the
    /// reports it concerned kept the cross flags they had (told to the user as
    /// [`CROSS_FAILURE_ZH`] / [`CROSS_FAILURE_EN`]).
    pub fn take_cross_failure(&mut self) -> Option<std::io::Error> {
        self.cross_failure.take()
    }

    /// How many entries have been removed so far. Entries are only ever added at the end and
    /// keep their path when their report changes, so while this stays the same, the entries
    /// seen before are still at the same positions: what a caller worked out for each of them
    /// still holds, and only the new ones at the end need working out.
    pub fn removals(&self) -> u64 {
        self.removals
    }

    /// How many times a report's cross flags were computed so far: a change costs the reports
    /// it touches, never the whole inbox.
    pub fn cross_checks(&self) -> u64 {
        self.cross_checks
    }

    /// The reports whose cross flags changed since this was last asked (a report of the same
    /// agency arrived, changed or left), in path order.
    pub fn take_rechecked(&mut self) -> Vec<PathBuf> {
        let mut paths = std::mem::take(&mut self.rechecked);
        paths.sort();
        paths.dedup();
        paths
    }

    /// Every version of the report at this path, oldest first: the files of the same agency
    /// and year, each with the versions it had before it was replaced. The last is current.
    pub fn versions(&self, path: &Path) -> Vec<VersionView<'_>> {
        let mut group = self.same_report(path);
        group.insert(path.to_path_buf());
        let mut versions = Vec::new();
        for member in &group {
            let Some(entry) = self.get(member) else {
                continue;
            };
            let member = entry.report.path.as_path();
            for old in &entry.history {
                versions.push(VersionView {
                    path: member,
                    report: &old.report,
                    content: old.content.as_ref(),
                    revision: old.revision,
                    modified: old.modified,
                    current: false,
                    replaced: true,
                });
            }
            versions.push(VersionView {
                path: member,
                report: &entry.report,
                content: entry.content.as_ref(),
                revision: entry.revision,
                modified: entry.modified,
                current: false,
                replaced: false,
            });
        }
        versions.sort_by(|a, b| {
            (
                a.revision,
                a.modified,
                a.path.as_os_str().as_encoded_bytes(),
            )
                .cmp(&(
                    b.revision,
                    b.modified,
                    b.path.as_os_str().as_encoded_bytes(),
                ))
        });
        if let Some(last) = versions.last_mut() {
            last.current = true;
        }
        versions
    }

    /// The reports, in the order their events were applied (see [`Entry::arrival_key`] for
    /// arrival order).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The reports that count: every one but the superseded versions.
    pub fn current(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !e.superseded)
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

    /// Ends the inbox as the process exits: the reports, their versions and the index by path
    /// are left to the operating system, which takes them back with the process. Freeing them
    /// one by one is a few dozen blocks a report, and mimalloc then purges the pages they
    /// freed before the process ends: the dashboard's quit after loading 100,000 reports took
    /// 0.33 s of CPU (0.14 s so). The rest is dropped as usual, the cross index with it, so
    /// its spill file is still removed.
    pub fn leave(mut self) {
        std::mem::forget(std::mem::take(&mut self.entries));
        std::mem::forget(std::mem::take(&mut self.index));
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Whether a flag is a cross-report rule's (replaced when the reports it relates to change).
/// Marks every file of one agency and year (`group`, from [`CrossIndex::same_report`]) but the
/// newest as superseded; with no group (`path` has no agency and year indexed) `path` is
/// current.
fn mark_group(entries: &mut [Entry], index: &PathMap<usize>, group: &[&Path], path: &Path) {
    if group.is_empty() {
        if let Some(&i) = index.get(path) {
            entries[i].superseded = false;
        }
        return;
    }
    let members: Vec<usize> = group
        .iter()
        .filter_map(|p| index.get(*p).copied())
        .collect();
    let newest = members
        .iter()
        .copied()
        .max_by(|&a, &b| entries[a].version_key().cmp(&entries[b].version_key()));
    for i in members {
        entries[i].superseded = Some(i) != newest;
    }
}

fn is_cross(flag: &Flag) -> bool {
    CROSS_REGISTRY
        .iter()
        .any(|rule| rule.meta().code == flag.code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::ParseSummary;

    use crate::report::tables::fixtures;
    use crate::rules::cross::tests::{of, own_words, parsed, t3_row, words_of_its_own};
    use crate::versions::{self, Fate};

    /// The event of a fixture report at `path`, as the watcher sends it.
    fn arrived(path: &str, text: &str, trigger: Trigger) -> InboxEvent {
        let report = parsed(text);
        let checked = pipeline::check_report(
            Path::new(""),
            Path::new(path),
            &report,
            &RuleSelection::default(),
        );
        InboxEvent::Checked {
            report: Box::new(checked),
            content_hash: Some(xxhash_rust::xxh3::xxh3_64(text.as_bytes())),
            trigger,
            reading: Some(Box::new(Reading::of_file(&report, Path::new(path)))),
        }
    }

    fn codes(inbox: &Inbox, path: &str) -> Vec<&'static str> {
        inbox
            .get(Path::new(path))
            .map(|e| e.report.flags.iter().map(|f| f.code).collect())
            .unwrap_or_default()
    }

    /// 甲县司法局's report of a year, with its own narrative and 表三 四·总计 carried over.
    fn jia(year: i32, carried_over: &str) -> String {
        of(
            "甲县司法局",
            own_words(
                fixtures::rows()
                    .year(year)
                    .row("t3.carried-over", &t3_row(carried_over)),
                &words_of_its_own(100 + year as u32 - 2020),
            ),
        )
    }

    /// An inbox whose cross facts are in memory, and one whose facts are in a spill file (the
    /// dashboard's): both must judge alike through arrivals, changes and removals.
    fn both_stores() -> [Inbox; 2] {
        [Inbox::new(), Inbox::spilled(RuleSelection::default())]
    }

    #[test]
    fn a_change_rechecks_only_the_reports_it_touches() {
        for inbox in both_stores() {
            a_change_rechecks_only_the_reports_it_touches_in(inbox);
        }
    }

    fn a_change_rechecks_only_the_reports_it_touches_in(mut inbox: Inbox) {
        let places = ["甲县", "乙县", "丙县", "丁县", "戊县", "己县"];
        for (i, place) in places.iter().enumerate() {
            for year in 2021..=2024 {
                let text = of(
                    &format!("{place}司法局"),
                    own_words(
                        fixtures::rows().year(year),
                        &words_of_its_own(i as u32 * 4 + (year - 2021) as u32),
                    ),
                );
                inbox.apply(arrived(
                    &format!("{place}/{year}.txt"),
                    &text,
                    Trigger::InitialScan,
                ));
            }
        }
        // A scan's reports wait, then each is checked once.
        assert_eq!(inbox.cross_checks(), 0);
        inbox.settle();
        assert_eq!(inbox.cross_checks(), 24);
        assert!(inbox.take_rechecked().is_empty());
        assert!(!codes(&inbox, "甲县/2023.txt").contains(&"carryover-mismatch"));

        // 甲县's 2022 report now carries 3 over; its 2023 report took 0 in.
        let before = inbox.cross_checks();
        let change = inbox.apply(arrived("甲县/2022.txt", &jia(2022, "3"), Trigger::Change));
        assert_eq!(change, Some(Change::Updated("甲县/2022.txt".into())));
        // Only 甲县's years around it were checked again (itself, 2021, 2023, 2024).
        assert_eq!(inbox.cross_checks() - before, 4);
        assert_eq!(inbox.take_rechecked(), [PathBuf::from("甲县/2023.txt")]);
        assert!(codes(&inbox, "甲县/2023.txt").contains(&"carryover-mismatch"));

        // It leaves: the flag it raised goes with it.
        let before = inbox.cross_checks();
        inbox.apply(InboxEvent::Removed {
            path: "甲县/2022.txt".into(),
        });
        assert!(inbox.cross_checks() - before <= 3);
        assert_eq!(inbox.take_rechecked(), [PathBuf::from("甲县/2023.txt")]);
        assert!(!codes(&inbox, "甲县/2023.txt").contains(&"carryover-mismatch"));
    }

    #[test]
    fn facts_lost_from_the_spill_keep_the_flags_and_are_told() {
        let mut inbox = Inbox::spilled(RuleSelection::default());
        inbox.apply(arrived("a/2022.txt", &jia(2022, "3"), Trigger::InitialScan));
        inbox.apply(arrived("a/2023.txt", &jia(2023, "0"), Trigger::InitialScan));
        inbox.settle();
        assert!(codes(&inbox, "a/2023.txt").contains(&"carryover-mismatch"));
        assert!(inbox.take_cross_failure().is_none());

        inbox.cross.lose_spilled_facts().expect("spill file");
        // 2024 arrives: judging 2023 again needs 2022's facts, which cannot be read back.
        inbox.apply(arrived("a/2024.txt", &jia(2024, "0"), Trigger::Change));
        assert!(inbox.take_cross_failure().is_some(), "the failure is told");
        assert!(
            codes(&inbox, "a/2023.txt").contains(&"carryover-mismatch"),
            "2023 keeps the cross flag it had: {:?}",
            codes(&inbox, "a/2023.txt")
        );
        assert!(inbox.take_cross_failure().is_none(), "told once");
    }

    #[test]
    fn copies_arriving_one_by_one_cost_what_they_touch_not_every_copy() {
        let mut inbox = Inbox::new();
        let text = jia(2023, "0");
        let copies = 200;
        let mut before = 0;
        for i in 0..copies {
            if i == copies / 2 {
                before = inbox.cross_checks();
            }
            let path = format!("copies/{i:04}.txt");
            inbox.apply(arrived(&path, &text, Trigger::Change));
        }
        // Past a group of BOILERPLATE_BUCKET copies, each arrival re-checks itself and the
        // first two copies in path order (the ones whose first other copy it can be), not
        // every copy before it.
        assert!(copies / 2 > crate::rules::cross::BOILERPLATE_BUCKET);
        let late = inbox.cross_checks() - before;
        assert!(late <= 3 * (copies / 2) as u64, "{late} re-checks");
        // One duplicate-report flag a copy; every copy but the newest is history.
        let last = format!("copies/{:04}.txt", copies - 1);
        assert!(inbox.entries().iter().all(|e| e
            .report
            .flags
            .iter()
            .filter(|f| f.code == "duplicate-report")
            .count()
            == 1));
        assert_eq!(inbox.current().count(), 1);
        assert_eq!(
            inbox.current().next().map(|e| e.report.path.clone()),
            Some(PathBuf::from(last))
        );
    }

    /// The reports of a first scan wait for its settle without being listed one by one (see
    /// `settled_some`): the settle judges every report the scan brought, one with no facts
    /// among them, and a later scan's reports are judged through the pending set. Fails when
    /// the first settle judges only what was listed as pending.
    #[test]
    fn a_first_scan_settles_every_report_it_brought() {
        for mut inbox in both_stores() {
            inbox.apply(InboxEvent::ScanStarted {
                total: 3,
                trigger: Trigger::InitialScan,
            });
            inbox.apply(arrived(
                "甲县/2022.txt",
                &jia(2022, "3"),
                Trigger::InitialScan,
            ));
            inbox.apply(checked("甲县/unreadable.txt", 1, Trigger::InitialScan));
            inbox.apply(arrived(
                "甲县/2023.txt",
                &jia(2023, "0"),
                Trigger::InitialScan,
            ));
            assert_eq!(inbox.cross_checks(), 0);
            inbox.settle();
            assert_eq!(inbox.cross_checks(), 3);
            assert!(codes(&inbox, "甲县/2023.txt").contains(&"carryover-mismatch"));

            // A rescan finds 2022 corrected: 2023 is judged again through the pending set.
            inbox.apply(InboxEvent::ScanStarted {
                total: 3,
                trigger: Trigger::Rescan,
            });
            inbox.apply(arrived("甲县/2022.txt", &jia(2022, "0"), Trigger::Rescan));
            inbox.settle();
            assert!(!codes(&inbox, "甲县/2023.txt").contains(&"carryover-mismatch"));
        }
    }

    #[test]
    fn a_report_read_again_unchanged_keeps_its_cross_flags() {
        for mut inbox in both_stores() {
            a_report_read_again_unchanged_keeps_its_cross_flags_in(&mut inbox);
            assert!(inbox.take_cross_failure().is_none());
        }
    }

    fn a_report_read_again_unchanged_keeps_its_cross_flags_in(inbox: &mut Inbox) {
        inbox.apply(arrived("a/2022.txt", &jia(2022, "3"), Trigger::InitialScan));
        inbox.apply(arrived("a/2023.txt", &jia(2023, "0"), Trigger::InitialScan));
        inbox.settle();
        assert!(codes(inbox, "a/2023.txt").contains(&"carryover-mismatch"));
        assert_eq!(
            inbox.apply(arrived("a/2023.txt", &jia(2023, "0"), Trigger::Rescan)),
            None
        );
        inbox.settle();
        assert!(codes(inbox, "a/2023.txt").contains(&"carryover-mismatch"));
    }

    #[test]
    fn a_resubmission_is_a_version_and_the_older_one_is_history() {
        for inbox in both_stores() {
            a_resubmission_is_a_version_and_the_older_one_is_history_in(inbox);
        }
    }

    fn a_resubmission_is_a_version_and_the_older_one_is_history_in(mut inbox: Inbox) {
        let first = jia(2023, "0");
        let fixed = first.replace(&words_of_its_own(103), &words_of_its_own(200));
        assert_ne!(first, fixed);
        inbox.apply(arrived("甲县/年报.txt", &first, Trigger::InitialScan));
        inbox.settle();
        // The same file replaced: one report, two versions.
        inbox.apply(arrived("甲县/年报.txt", &fixed, Trigger::Change));
        assert_eq!(inbox.len(), 1);
        let versions = inbox.versions(Path::new("甲县/年报.txt"));
        assert_eq!(versions.len(), 2);
        assert!(versions[0].replaced && !versions[0].current);
        assert!(versions[1].current);
        let diff = versions::diff(
            versions[0].content.expect("old content"),
            versions[1].content.expect("new content"),
        );
        assert_eq!(diff.added.len(), 1, "{diff:?}");
        assert_eq!(diff.removed.len(), 1, "{diff:?}");
        assert!(diff.cells.is_empty());

        // Another file of the same agency (another spelling) and year: the newest counts
        // (neither file exists, so neither has a modification time: the later path is newer).
        let again = of(
            "三门峡市甲县司法局",
            own_words(
                fixtures::rows()
                    .year(2023)
                    .row("t3.carried-over", &t3_row("2")),
                &words_of_its_own(200),
            ),
        );
        inbox.apply(arrived("甲县/新版.txt", &again, Trigger::Change));
        assert_eq!(inbox.len(), 2);
        assert_eq!(inbox.current().count(), 1);
        assert!(inbox.get(Path::new("甲县/年报.txt")).unwrap().superseded);
        let versions = inbox.versions(Path::new("甲县/年报.txt"));
        assert_eq!(versions.len(), 3);
        assert_eq!(versions[2].path, Path::new("甲县/新版.txt"));
        let diff = versions::diff(versions[1].content.unwrap(), versions[2].content.unwrap());
        assert!(
            diff.cells
                .iter()
                .any(|c| c.table == "表三" && c.old == "0" && c.new == "2"),
            "{diff:?}"
        );
        // Flags matched by fingerprint across the two files.
        let fates = versions::fates(&versions[1].report.flags, &versions[2].report.flags, |_| {
            true
        });
        assert!(fates
            .iter()
            .any(|(_, fate)| *fate == Fate::ReturnedUnchanged));

        // The newer file leaves: the older one counts again.
        inbox.apply(InboxEvent::Removed {
            path: "甲县/新版.txt".into(),
        });
        assert!(!inbox.get(Path::new("甲县/年报.txt")).unwrap().superseded);
        assert_eq!(inbox.current().count(), 1);
    }

    /// The versions of a report are the files of its body, place and year in path order,
    /// however many other places' files of the same body share its agency key and year, and
    /// in whatever order they arrive. Fails when the files are not told apart by place, or
    /// are not sorted.
    #[test]
    fn the_versions_of_a_report_are_its_places_files_in_path_order() {
        let mut inbox = Inbox::new();
        let places = ["甲县", "乙县", "丙县", "丁县", "戊县", "己县"];
        // Against path order: 甲县's two files last, the later path first.
        let mut paths: Vec<(String, &str)> = places
            .iter()
            .rev()
            .map(|place| (format!("{place}/年报.txt"), *place))
            .collect();
        paths.insert(0, ("甲县/年报（更正）.txt".to_string(), "甲县"));
        paths.push(("甲县/旧版.txt".to_string(), "甲县"));
        for (i, (path, place)) in paths.iter().enumerate() {
            let text = of(
                &format!("{place}司法局"),
                own_words(fixtures::rows().year(2023), &words_of_its_own(i as u32)),
            );
            inbox.apply(arrived(path, &text, Trigger::InitialScan));
        }
        inbox.settle();
        let group = |path: &str| -> Vec<PathBuf> {
            inbox
                .cross
                .same_report(Path::new(path))
                .into_iter()
                .map(Path::to_path_buf)
                .collect()
        };
        let jia: Vec<PathBuf> = ["甲县/年报.txt", "甲县/年报（更正）.txt", "甲县/旧版.txt"]
            .map(PathBuf::from)
            .to_vec();
        let mut sorted = jia.clone();
        sorted.sort();
        assert_eq!(jia, sorted);
        assert_eq!(group("甲县/旧版.txt"), jia);
        assert_eq!(group("乙县/年报.txt"), [PathBuf::from("乙县/年报.txt")]);
        assert_eq!(inbox.current().count(), places.len());
    }

    /// Of two files of one agency and year found by the same scan, the one modified last is
    /// current, whatever order the parallel scan sends them in.
    #[test]
    fn the_newer_file_of_a_scan_is_current_whatever_order_it_comes_in() {
        let dir = tempfile::tempdir().expect("temp dir");
        let older = dir.path().join("旧.txt");
        let newer = dir.path().join("新.txt");
        for (path, seconds) in [(&older, 100), (&newer, 200)] {
            std::fs::write(path, "x").expect("write");
            let file = std::fs::File::options()
                .write(true)
                .open(path)
                .expect("open");
            file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
                .expect("set time");
        }
        let text = jia(2023, "0");
        for sent in [[&older, &newer], [&newer, &older]] {
            let mut inbox = Inbox::new();
            inbox.apply(InboxEvent::ScanStarted {
                total: 2,
                trigger: Trigger::InitialScan,
            });
            for path in sent {
                inbox.apply(arrived(
                    &path.to_string_lossy(),
                    &text,
                    Trigger::InitialScan,
                ));
            }
            inbox.settle();
            assert!(inbox.get(&older).expect("older").superseded);
            assert!(!inbox.get(&newer).expect("newer").superseded);
            let versions = inbox.versions(&older);
            assert_eq!(versions.last().map(|v| v.path), Some(newer.as_path()));
        }
    }

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
            reading: None,
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
