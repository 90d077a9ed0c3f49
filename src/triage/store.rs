//! The merged view of every user's journal in an inbox.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};
use rayon::prelude::*;

use super::decision::{inverse, Action, Decision, ReportRef, Verdict};
use super::journal::{self, Appender, JournalWrite, LoadWarning, LoadWarningKind, Position};
use super::journal_folder::{discover, folder_is_usable, recording_problem};
use super::{current_host, journal_dir, journal_path, legacy_journal_path, TriageError};
use crate::flag::{Fingerprint, Flag};
use crate::report_key::ReportKey;

// Bulk decisions, their undo and redo: a child module, so it works on the store's own state.
#[path = "batch.rs"]
mod batch;
// Journal writes handed to another thread: also a child module, for the same reason.
#[path = "deferred.rs"]
mod deferred;
pub use deferred::WriteFailed;

/// Fingerprints are already uniform hashes: use them as they are.
#[derive(Default)]
struct FingerprintHasher(u64);

impl Hasher for FingerprintHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
}

type ByFingerprint<V> = HashMap<Fingerprint, V, BuildHasherDefault<FingerprintHasher>>;

/// How far a journal file has been read.
#[derive(Debug)]
struct JournalState {
    path: PathBuf,
    position: Position,
    /// Where an incomplete last line was last reported, so it is reported once.
    tail_warned_at: Option<u64>,
    /// Why the file was last skipped (not a regular file, unreadable), so it is reported once.
    refused: Option<LoadWarningKind>,
    /// The sequence number of the last decision read (lines without one take the next).
    last_seq: u64,
    /// The order time of the last decision read: a later line ordered before it means the
    /// order of what was read before changes too (see [`settle`]).
    last_order_time: Option<DateTime<Utc>>,
}

impl JournalState {
    fn new(path: PathBuf) -> JournalState {
        JournalState {
            path,
            position: Position::default(),
            tail_warned_at: None,
            refused: None,
            last_seq: 0,
            last_order_time: None,
        }
    }
}

/// A decision of the current user, in the order of their file.
#[derive(Debug, Clone, Copy)]
struct OwnEntry {
    fingerprint: Fingerprint,
    /// The user's journal, or their journal under its old name.
    journal: u32,
    line: u64,
    undo: bool,
    batch: Option<u64>,
}

/// Every decision on every flag of an inbox, merged from all users' journals, and the current
/// user's journal to record new ones.
///
/// ```no_run
/// use nianbao::triage::{Action, TriageStore};
/// # fn main() -> Result<(), nianbao::triage::TriageError> {
/// let mut store = TriageStore::open("inbox".as_ref(), "张三")?;
/// for warning in store.warnings() {
///     eprintln!("{warning}");
/// }
/// # Ok(()) }
/// ```
pub struct TriageStore {
    inbox: PathBuf,
    user: Arc<str>,
    own_path: PathBuf,
    journals: Vec<JournalState>,
    own_journal: u32,
    /// The user's journal under the name nianbao gave it before (see
    /// [`super::legacy_journal_path`]): theirs for undo and numbering, never written to.
    legacy_journal: Option<u32>,
    /// Why the folder of the journals could not be listed, as last reported.
    folder_refused: Option<LoadWarningKind>,
    // The histories as loaded: every decision in one vector sorted by flag, then merge order,
    // and where each flag's run is. Sorting one vector in parallel is much faster than growing
    // a vector per flag, which matters at a million decisions.
    loaded: Vec<Decision>,
    loaded_runs: ByFingerprint<(usize, usize)>,
    // The histories that changed since (a decision recorded or reloaded): copied out of
    // `loaded` on their first change, and kept here from then on.
    changed: ByFingerprint<Vec<Decision>>,
    /// The machine decisions are recorded on.
    host: Arc<str>,
    own: Vec<OwnEntry>,
    own_last_time: Option<DateTime<Utc>>,
    /// The user's last sequence number in their journal.
    own_last_seq: u64,
    appender: Appender,
    /// Decisions are added in memory at once and their journal writes queued for another
    /// thread (see [`deferred`]), instead of written before they are added.
    deferred: bool,
    /// The journal writes made since the caller last took them (deferred mode only).
    queued: Vec<JournalWrite>,
    /// The run of deferred writes: a failed write ends it (see [`journal::Appender`]).
    generation: u64,
    /// Decisions in memory whose journal write has not been confirmed yet.
    unsaved: usize,
    /// What this session's batch undos reverted, latest last, for redo: each entry is the
    /// decisions one undo reverted. Any new decision clears it (see [`batch`]).
    redo: Vec<Vec<Decision>>,
    /// The current user's file changed in a way this store cannot follow line by line (another
    /// process of the same user wrote to it, or a torn line was terminated): the next reload
    /// reads everything again.
    needs_full_reload: bool,
    warnings: Vec<LoadWarning>,
    count: usize,
}

impl std::fmt::Debug for TriageStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TriageStore")
            .field("inbox", &self.inbox)
            .field("user", &self.user)
            .field("journals", &self.journals.len())
            .field("decisions", &self.count)
            .finish_non_exhaustive()
    }
}

impl TriageStore {
    /// Loads every journal of `inbox` for `user` (who records into their own journal). An
    /// inbox without journals is an empty store; nothing is written until a decision is
    /// recorded. Lines that cannot be read, and journals that cannot be read at all (another
    /// user's journal without permission, a folder, a FIFO, a link), are
    /// [`warnings`](Self::warnings), not errors: the rest still loads.
    pub fn open(inbox: &Path, user: &str) -> Result<TriageStore, TriageError> {
        TriageStore::open_on(inbox, user, &current_host())
    }

    /// [`open`](Self::open), recording decisions as made on `host`.
    pub fn open_on(inbox: &Path, user: &str, host: &str) -> Result<TriageStore, TriageError> {
        let own_path = journal_path(inbox, user);
        let legacy_path = legacy_journal_path(inbox, user);
        // A folder that cannot be listed may still be passed through: the user's own journals
        // are read by name (missing ones read as empty).
        let (mut paths, folder_refused) = discover(inbox);
        for own in std::iter::once(&own_path).chain(legacy_path.as_ref()) {
            if !paths.contains(own) {
                paths.push(own.clone());
            }
        }
        let position_of = |path: &PathBuf| paths.iter().position(|p| p == path).map(|i| i as u32);
        let own_journal = position_of(&own_path).unwrap_or(0);
        let legacy_journal = legacy_path.as_ref().and_then(position_of);
        let readable = folder_is_usable(folder_refused.as_ref());
        let chunks: Vec<Result<journal::Chunk, TriageError>> = paths
            .par_iter()
            .enumerate()
            .map(|(i, path)| match readable {
                true => journal::read_from(path, Position::default(), i as u32),
                // Nothing can be under it: one warning says so, not one per journal.
                false => Ok(journal::Chunk::default()),
            })
            .collect();

        let mut store = TriageStore {
            inbox: inbox.to_path_buf(),
            user: Arc::from(user),
            own_path,
            journals: Vec::with_capacity(paths.len()),
            own_journal,
            legacy_journal,
            folder_refused: None,
            loaded: Vec::new(),
            loaded_runs: ByFingerprint::default(),
            changed: ByFingerprint::default(),
            host: Arc::from(host),
            own: Vec::new(),
            own_last_time: None,
            own_last_seq: 0,
            appender: Appender::new(&journal_path(inbox, user)),
            deferred: false,
            queued: Vec::new(),
            generation: 0,
            unsaved: 0,
            redo: Vec::new(),
            needs_full_reload: false,
            warnings: Vec::new(),
            count: 0,
        };
        if let Some(kind) = recording_problem(&store.own_path) {
            // First: the dashboard announces the first warning, and this one loses work.
            store.warnings.push(LoadWarning {
                path: store.own_path.clone(),
                line: 0,
                kind,
            });
        }
        if let Some(kind) = folder_refused {
            store.warnings.push(LoadWarning {
                path: journal_dir(inbox),
                line: 0,
                kind: kind.clone(),
            });
            store.folder_refused = Some(kind);
        }
        let now = Utc::now();
        let mut loaded = Vec::new();
        for (path, chunk) in paths.into_iter().zip(chunks) {
            let mut state = JournalState::new(path);
            let mut chunk = match chunk {
                Ok(chunk) => chunk,
                Err(error) => {
                    store.warnings.push(refusal(&mut state, error));
                    store.journals.push(state);
                    continue;
                }
            };
            state.position = chunk.position;
            state.tail_warned_at = chunk.tail_at;
            settle(&mut state, &mut chunk, now);
            store.journals.push(state);
            store.warnings.append(&mut chunk.warnings);
            for decision in &chunk.decisions {
                store.note_own(decision);
            }
            if loaded.is_empty() {
                loaded = chunk.decisions;
            } else {
                loaded.append(&mut chunk.decisions);
            }
        }
        loaded.par_sort_unstable_by(|a, b| {
            (a.fingerprint, a.order_key()).cmp(&(b.fingerprint, b.order_key()))
        });
        let mut runs = ByFingerprint::default();
        runs.reserve(loaded.len() / 4);
        let mut start = 0;
        while start < loaded.len() {
            let fingerprint = loaded[start].fingerprint;
            let mut end = start + 1;
            while end < loaded.len() && loaded[end].fingerprint == fingerprint {
                end += 1;
            }
            runs.insert(fingerprint, (start, end));
            start = end;
        }
        // Undo walks back through the user's decisions: those under the old name came first.
        let own_journal = store.own_journal;
        store.own.sort_by_key(|entry| entry.journal == own_journal);
        store.count = loaded.len();
        store.loaded = loaded;
        store.loaded_runs = runs;
        Ok(store)
    }

    /// Reads what other users (or other processes) appended since the last load, and any new
    /// journal files. Only bytes not read before are read: an incomplete last line is not read
    /// again until the file grows. Returns the warnings of what was read now.
    ///
    /// While decisions of this store wait for their journal write (see
    /// [`defer_writes`](Self::defer_writes)), nothing is read: the user's own file is not yet
    /// what the store shows. Call again once [`unsaved`](Self::unsaved) is zero.
    pub fn reload(&mut self) -> Result<Vec<LoadWarning>, TriageError> {
        if self.unsaved > 0 {
            return Ok(Vec::new());
        }
        if self.needs_full_reload {
            return self.reload_all(Vec::new());
        }
        let (paths, folder_refused) = discover(&self.inbox);
        let mut warnings = Vec::new();
        if folder_refused != self.folder_refused {
            if let Some(kind) = &folder_refused {
                warnings.push(LoadWarning {
                    path: journal_dir(&self.inbox),
                    line: 0,
                    kind: kind.clone(),
                });
            }
            self.folder_refused = folder_refused;
        }
        if !folder_is_usable(self.folder_refused.as_ref()) {
            self.warnings.extend(warnings.iter().cloned());
            return Ok(warnings);
        }
        for path in paths {
            if !self.journals.iter().any(|j| j.path == path) {
                self.journals.push(JournalState::new(path));
            }
        }
        let now = Utc::now();
        for index in 0..self.journals.len() {
            let state = &mut self.journals[index];
            let len = match std::fs::symlink_metadata(&state.path) {
                Ok(meta) if meta.is_file() => meta.len(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
                // Not a regular file, or not reachable: the read says why (once).
                _ => u64::MAX,
            };
            if len < state.position.scanned {
                let shrunk = LoadWarning {
                    path: state.path.clone(),
                    line: 0,
                    kind: LoadWarningKind::Shrunk,
                };
                return self.reload_all(vec![shrunk]);
            }
            let exhausted = state.position.scanned >= journal::MAX_JOURNAL_BYTES;
            if (len == state.position.scanned && state.refused.is_none()) || exhausted {
                continue;
            }
            let mut chunk = match journal::read_from(&state.path, state.position, index as u32) {
                Ok(chunk) => chunk,
                Err(error) => {
                    let refused = state.refused.clone();
                    let warning = refusal(state, error);
                    if refused.as_ref() != Some(&warning.kind) {
                        warnings.push(warning);
                    }
                    continue;
                }
            };
            if state.refused.take().is_some() && state.position != Position::default() {
                // The file came back as something else: read it whole.
                self.needs_full_reload = true;
            }
            state.position = chunk.position;
            let tail_is_new = chunk.tail_at.is_some() && chunk.tail_at != state.tail_warned_at;
            state.tail_warned_at = chunk.tail_at.or(state.tail_warned_at);
            let reordered = settle(state, &mut chunk, now);
            warnings.extend(
                chunk
                    .warnings
                    .into_iter()
                    .filter(|w| w.kind != LoadWarningKind::Incomplete || tail_is_new),
            );
            self.needs_full_reload |= reordered;
            for decision in chunk.decisions {
                self.insert(decision);
            }
        }
        if self.needs_full_reload {
            return self.reload_all(warnings);
        }
        self.warnings.extend(warnings.iter().cloned());
        Ok(warnings)
    }

    fn reload_all(
        &mut self,
        mut warnings: Vec<LoadWarning>,
    ) -> Result<Vec<LoadWarning>, TriageError> {
        let fresh = TriageStore::open_on(&self.inbox, &self.user, &self.host)?;
        warnings.extend(fresh.warnings.iter().cloned());
        let own_last_time = self.own_last_time.max(fresh.own_last_time);
        let own_last_seq = self.own_last_seq.max(fresh.own_last_seq);
        let old = std::mem::replace(self, fresh);
        self.own_last_time = own_last_time;
        self.own_last_seq = own_last_seq;
        // The writer's newline state is still right: only this user appends to this file.
        self.appender = old.appender;
        self.deferred = old.deferred;
        self.queued = old.queued;
        self.generation = old.generation;
        self.warnings = warnings.clone();
        Ok(warnings)
    }

    /// The inbox.
    pub fn inbox(&self) -> &Path {
        &self.inbox
    }

    /// The user decisions are recorded as.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The current user's journal file.
    pub fn journal_path(&self) -> &Path {
        &self.own_path
    }

    /// Every warning of the loads so far.
    pub fn warnings(&self) -> &[LoadWarning] {
        &self.warnings
    }

    /// The number of decisions, all users together.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The flags that have at least one decision.
    pub fn fingerprints(&self) -> impl Iterator<Item = Fingerprint> + '_ {
        let new = self
            .changed
            .keys()
            .filter(|fp| !self.loaded_runs.contains_key(fp));
        self.loaded_runs.keys().chain(new).copied()
    }

    /// The decisions on a flag, in merge order (time, then user, then order in the file): its
    /// audit trail.
    pub fn history(&self, fingerprint: Fingerprint) -> &[Decision] {
        if let Some(history) = self.changed.get(&fingerprint) {
            return history;
        }
        match self.loaded_runs.get(&fingerprint) {
            Some(&(start, end)) => &self.loaded[start..end],
            None => &[],
        }
    }

    /// Where a flag stands now: open when nobody decided anything.
    pub fn verdict(&self, fingerprint: Fingerprint) -> Verdict {
        Verdict::of(self.history(fingerprint))
    }

    /// A decision of the current user on a flag, made now, with the user's next sequence
    /// number and this machine. The time never goes back before the user's previous decision,
    /// nor before the decisions on the flag the user sees: a decision always follows what its
    /// maker saw, whatever the clocks say.
    pub fn decide(
        &self,
        fingerprint: Fingerprint,
        code: &str,
        report: Arc<ReportRef>,
        action: Action,
    ) -> Decision {
        let seen = self
            .history(fingerprint)
            .last()
            .map(|d| d.order_time.trunc_subsecs(3) + chrono::TimeDelta::milliseconds(1));
        let mut decision = Decision::new(self.user.clone(), fingerprint, code, report, action)
            .at(self.now().max(seen.unwrap_or_default()));
        decision.seq = self.own_last_seq + 1;
        decision.host = Some(self.host.clone());
        decision
    }

    /// The machine decisions are recorded on.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// [`decide`](Self::decide) on a flag of a report.
    pub fn decide_flag(&self, report: Arc<ReportRef>, flag: &Flag, action: Action) -> Decision {
        self.decide(flag.fingerprint, flag.code, report, action)
    }

    fn now(&self) -> DateTime<Utc> {
        let now = Utc::now().trunc_subsecs(3);
        self.own_last_time.map_or(now, |last| now.max(last))
    }

    /// Appends a decision of the current user to their journal, durably (written, flushed and
    /// synced), then adds it to the store. On error nothing is added. With
    /// [`defer_writes`](Self::defer_writes), it is added at once and its write queued.
    pub fn record(&mut self, decision: Decision) -> Result<(), TriageError> {
        self.record_all(vec![decision])
    }

    /// [`record`](Self::record) for several decisions at once: their lines go out in one
    /// write and one sync (a bulk decision of ten thousand flags is one `fsync`, not ten
    /// thousand). On error nothing is added.
    fn record_all(&mut self, decisions: Vec<Decision>) -> Result<(), TriageError> {
        if let Some(foreign) = decisions.iter().find(|d| *d.user != *self.user) {
            return Err(TriageError::ForeignUser {
                expected: self.user.to_string(),
                found: foreign.user.to_string(),
            });
        }
        if decisions.is_empty() {
            return Ok(());
        }
        self.redo.clear();
        // The user's next numbers and this machine, whatever the caller filled in: the order
        // of the user's decisions is theirs to keep.
        let mut decisions = decisions;
        let mut lines = Vec::new();
        for (decision, seq) in decisions.iter_mut().zip(self.own_last_seq + 1..) {
            decision.seq = seq;
            decision.host = Some(self.host.clone());
            decision.order_time = decision.time;
            lines.extend_from_slice(&journal::encode(decision)?);
        }
        if self.deferred {
            let end = self.advance_own(lines.len() as u64);
            self.unsaved += decisions.len();
            self.queued.push(JournalWrite {
                generation: self.generation,
                lines,
                count: decisions.len(),
                end,
            });
        } else {
            let (written, len) = self.appender.write_lines(&lines)?;
            let end = self.advance_own(lines.len() as u64);
            self.check_written(end, written == lines.len() as u64, len);
        }
        self.add_own(decisions);
        Ok(())
    }

    /// Counts `bytes` of the store's own lines as read in the user's journal, when nothing
    /// unread is before them; the journal's length after them, or `None` when the store
    /// cannot tell where its lines are (the next reload reads everything again).
    fn advance_own(&mut self, bytes: u64) -> Option<u64> {
        let position = &mut self.journals[self.own_journal as usize].position;
        if position.scanned == position.offset {
            position.offset += bytes;
            position.scanned = position.offset;
            Some(position.offset)
        } else {
            self.needs_full_reload = true;
            None
        }
    }

    /// After the store's lines were written: when the file is not as long as expected (someone
    /// else wrote to it) or a torn line was ended first, this store cannot tell where its lines
    /// are, so the next reload reads everything again. The decisions are on disk either way;
    /// meanwhile their in-memory numbers are only kept unique.
    fn check_written(&mut self, end: Option<u64>, whole: bool, len: u64) {
        if end != Some(len) || !whole {
            self.needs_full_reload = true;
        }
    }

    /// Adds the user's decisions just recorded, numbered as the next lines of their journal.
    fn add_own(&mut self, mut decisions: Vec<Decision>) {
        let state = &mut self.journals[self.own_journal as usize];
        let first_line = state.position.lines;
        state.position.lines += decisions.len() as u64;
        for (decision, line) in decisions.iter_mut().zip(first_line..) {
            decision.journal = self.own_journal;
            decision.line = line;
            state.last_seq = state.last_seq.max(decision.seq);
            state.last_order_time = state.last_order_time.max(Some(decision.order_time));
        }
        for decision in decisions {
            self.insert(decision);
        }
    }

    /// Undoes the current user's last decision not yet undone, by appending its inverse:
    /// a status change is answered by the status the flag had before it (with the note it had,
    /// if the change carried a note), a note by the note before it. Undo again to go further
    /// back. Returns the inverse decision, or `None` when there is nothing to undo.
    /// [`undo_batch`](Self::undo_batch) undoes a whole bulk decision.
    pub fn undo(&mut self) -> Result<Option<Decision>, TriageError> {
        let Some((_, inverse)) = self.undoable().next().and_then(|t| self.inverse_of(t)) else {
            return Ok(None);
        };
        self.record(inverse.clone())?;
        Ok(Some(inverse))
    }

    /// The decision of the user's own entry and its inverse, made now (not recorded).
    fn inverse_of(&self, target: OwnEntry) -> Option<(Decision, Decision)> {
        let history = self.history(target.fingerprint);
        let position = history
            .iter()
            .position(|d| d.journal == target.journal && d.line == target.line)?;
        let undone = &history[position];
        // A report known by its file: only that file's decisions came before (an old
        // fingerprint was shared by every such report; see `Decision::is_legacy`). A new
        // fingerprint names the file, so this keeps all of its decisions.
        let before = match undone.report.key() {
            ReportKey::File(file) => {
                let same_file: Vec<Decision> = history[..position]
                    .iter()
                    .filter(|d| d.report.file == file)
                    .cloned()
                    .collect();
                Verdict::of(&same_file)
            }
            ReportKey::Known { .. } => Verdict::of(&history[..position]),
        };
        let (action, note) = inverse(undone, &before);
        let mut decision = self.decide(
            undone.fingerprint,
            &undone.code,
            undone.report.clone(),
            action,
        );
        decision.code = undone.code.clone();
        decision.note = note;
        if action == Action::Identify {
            decision.identity = before.identity.clone();
        }
        decision.undo = true;
        Some((undone.clone(), decision))
    }

    /// The user's decisions that are not undone, latest first: undos and the decisions they
    /// undid pair up like brackets, walking back from the end of the user's file.
    fn undoable(&self) -> impl Iterator<Item = OwnEntry> + '_ {
        let mut pending_undos = 0usize;
        self.own.iter().rev().filter_map(move |entry| {
            if entry.undo {
                pending_undos += 1;
            } else if pending_undos > 0 {
                pending_undos -= 1;
            } else {
                return Some(*entry);
            }
            None
        })
    }

    /// Notes a decision of the current user: in their journal (or in their journal under its
    /// old name), under their name, and made on this machine (or written before machines were
    /// recorded). Anything else in their files (a line of another name, or of a colleague
    /// logged in as the same user on another machine) is never theirs to undo: the file alone
    /// never makes a decision theirs.
    fn note_own(&mut self, decision: &Decision) {
        let in_own = decision.journal == self.own_journal;
        if !in_own && Some(decision.journal) != self.legacy_journal {
            return;
        }
        let mine = *decision.user == *self.user
            && decision.host.as_ref().is_none_or(|host| *host == self.host);
        // The own file is numbered as a whole (machines logged in as one user share it); the
        // old one was shared by names that now have files of their own: only theirs count.
        if in_own || mine {
            self.own_last_seq = self.own_last_seq.max(decision.seq);
        }
        if !mine {
            return;
        }
        self.own.push(OwnEntry {
            fingerprint: decision.fingerprint,
            journal: decision.journal,
            line: decision.line,
            undo: decision.undo,
            batch: decision.batch,
        });
        self.own_last_time = self.own_last_time.max(Some(decision.order_time));
    }

    /// Adds a decision in its place in the merge order (usually the end).
    fn insert(&mut self, decision: Decision) {
        self.note_own(&decision);
        self.count += 1;
        let (loaded, runs) = (&self.loaded, &self.loaded_runs);
        let history = self.changed.entry(decision.fingerprint).or_insert_with(|| {
            match runs.get(&decision.fingerprint) {
                Some(&(start, end)) => loaded[start..end].to_vec(),
                None => Vec::new(),
            }
        });
        history.push(decision);
        let mut i = history.len() - 1;
        while i > 0 && history[i - 1].order_key() > history[i].order_key() {
            history.swap(i - 1, i);
            i -= 1;
        }
    }
}

/// How much later than its file's modification time a line may be dated.
const MODIFIED_SLACK: chrono::TimeDelta = chrono::TimeDelta::seconds(2);

/// How much later than the moment of loading a line may be dated and still count as made by
/// now: a decision is dated just after the last one on its flag that its maker saw (up to a
/// millisecond ahead of the clock), and the clocks of machines sharing an inbox differ a
/// little. Without it, a journal read within a millisecond of such a write reported its line
/// as dated in the future. The line is still ordered no later than now.
const CLOCK_SLACK: chrono::TimeDelta = chrono::TimeDelta::seconds(2);

/// Marks a journal as skipped, and the warning that says why.
fn refusal(state: &mut JournalState, error: TriageError) -> LoadWarning {
    let kind = match error {
        TriageError::NotAFile { kind, .. } => LoadWarningKind::NotAFile { kind },
        TriageError::Io { source, .. } => LoadWarningKind::Unreadable {
            reason: source.to_string(),
        },
        other => LoadWarningKind::Unreadable {
            reason: other.to_string(),
        },
    };
    state.refused = Some(kind.clone());
    LoadWarning {
        path: state.path.clone(),
        line: 0,
        kind,
    }
}

/// Numbers and orders the decisions just read from a journal, in file order (the ordering rule
/// is in [`super`]): a line without a sequence number takes the one after the line before it;
/// a line's order time is its time, but never later than the order time of the line after it,
/// than the time the file was last modified, or than now. A line dated in the future (more
/// than [`CLOCK_SLACK`] after now) is reported, and ordered when its file was last modified, which does not move as time passes,
/// so the order does not either; if that time lies in the future too (a forged file), the
/// line is ordered where the line before it is (the epoch for a first line).
/// Returns whether a new line is ordered before a line read earlier, so that the earlier
/// ones must be ordered again (a full reload).
fn settle(state: &mut JournalState, chunk: &mut journal::Chunk, now: DateTime<Utc>) -> bool {
    let modified = chunk.modified.filter(|modified| *modified <= now);
    let latest_made = now + CLOCK_SLACK;
    let mut previous = state.last_order_time.unwrap_or_default();
    for decision in &mut chunk.decisions {
        if decision.seq == 0 {
            decision.seq = state.last_seq + 1;
        }
        state.last_seq = state.last_seq.max(decision.seq);
        decision.order_time = if decision.time <= latest_made {
            decision.time
        } else {
            modified.unwrap_or(previous)
        };
        previous = decision.order_time;
    }
    // The file's time may lag the decision's by a clock tick (file systems stamp coarsely):
    // a little slack keeps a line made at the moment of writing from being moved.
    let mut cap = modified.map_or(now, |modified| (modified + MODIFIED_SLACK).min(now));
    for decision in chunk.decisions.iter_mut().rev() {
        decision.order_time = decision.order_time.min(cap);
        cap = decision.order_time;
        if decision.time > latest_made {
            chunk.warnings.push(LoadWarning {
                path: state.path.clone(),
                line: decision.line + 1,
                kind: LoadWarningKind::FutureTime {
                    time: decision.time,
                    ordered_at: decision.order_time,
                },
            });
        }
    }
    let earliest = chunk.decisions.first().map(|d| d.order_time);
    let reordered = earliest.is_some_and(|first| state.last_order_time.is_some_and(|l| first < l));
    if let Some(last) = chunk.decisions.last() {
        state.last_order_time = state.last_order_time.max(Some(last.order_time));
    }
    reordered
}
