//! Journal writes off the caller's thread: the dashboard must not wait for an `fsync` (a bulk
//! decision of ten thousand flags, a journal on a network share) between two keys.
//!
//! After [`TriageStore::defer_writes`], a decision (a bulk one, an undo, a redo) is added to
//! the store's memory at once, so what the panes show follows the key; its journal lines
//! wait in [`TriageStore::take_writes`] for the caller to hand them, in order, to one
//! [`Appender`](super::journal::Appender) (on a thread of its own), whose
//! [`Written`] outcomes come back to [`TriageStore::written`]. The journal's order and its
//! bulk decisions are exactly the store's, as one appender writes them first in, first out.
//!
//! A write that fails is not kept as if it had happened: the store drops every decision not
//! yet on disk (the failed one and all made after it, which the appender skips) by reading
//! the journals again, and says how many were lost; the panes then show what the journals
//! hold. Redo history does not survive that.

use super::journal::{JournalWrite, Written};
use super::{TriageError, TriageStore};

/// A journal write that failed, and the decisions dropped from memory because of it.
#[derive(Debug)]
pub struct WriteFailed {
    pub error: TriageError,
    /// The decisions that were shown but never reached the journal, now gone from the store.
    pub lost: usize,
}

impl TriageStore {
    /// From now on, decisions are added in memory at once and their journal writes queued
    /// (see [`take_writes`](Self::take_writes)) instead of written before they are added.
    pub fn defer_writes(&mut self) {
        self.deferred = true;
    }

    /// The journal writes queued since the last call, oldest first: to be appended in this
    /// order, each outcome given back to [`written`](Self::written).
    pub fn take_writes(&mut self) -> Vec<JournalWrite> {
        std::mem::take(&mut self.queued)
    }

    /// An appender for the user's journal, for the thread that writes it.
    pub fn appender(&self) -> super::journal::Appender {
        super::journal::Appender::new(&self.own_path)
    }

    /// The decisions shown whose journal write is not confirmed yet.
    pub fn unsaved(&self) -> usize {
        self.unsaved
    }

    /// Takes the outcome of a queued write. A failure of the current run drops every decision
    /// not yet on disk by reading the journals again (if that fails too, what the store shows
    /// is kept, and the next reload reads everything again) and is returned; the writes of the
    /// run skipped after it are then ignored.
    pub fn written(&mut self, outcome: Written) -> Result<(), WriteFailed> {
        match outcome {
            Written::Saved {
                generation,
                count,
                bytes: _,
                len,
                whole,
                end,
            } if generation == self.generation => {
                self.unsaved = self.unsaved.saturating_sub(count);
                self.check_written(end, whole, len);
                Ok(())
            }
            Written::Failed {
                generation, error, ..
            } if generation == self.generation => {
                let lost = self.unsaved;
                self.unsaved = 0;
                self.generation += 1;
                self.queued.clear();
                if self.reload_all(Vec::new()).is_err() {
                    self.needs_full_reload = true;
                }
                Err(WriteFailed { error, lost })
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::batch::tests::{decide_all, report};
    use super::*;
    use crate::flag::Fingerprint;
    use crate::triage::{journal_path, Action, Status};

    fn status(store: &TriageStore, fp: u64) -> Status {
        store.verdict(Fingerprint(fp)).status
    }

    /// Appends every queued write, giving each outcome back; the failures.
    fn drain(store: &mut TriageStore, appender: &mut super::super::Appender) -> Vec<WriteFailed> {
        let writes = store.take_writes();
        writes
            .into_iter()
            .filter_map(|write| store.written(appender.append(write)).err())
            .collect()
    }

    #[test]
    fn deferred_decisions_show_at_once_and_reach_the_journal_in_their_order() {
        let inbox = tempfile::tempdir().unwrap();
        let mut store = TriageStore::open_on(inbox.path(), "张三", "PC-07").unwrap();
        store.defer_writes();
        let mut appender = store.appender();
        let single = store.decide(Fingerprint(9), "period-reversed", report(), Action::Dismiss);
        store.record(single).unwrap();
        let bulk = decide_all(&store, &[1, 2, 3], Action::Confirm);
        store.record_batch(bulk).unwrap();
        assert_eq!(store.undo_batch().unwrap().len(), 3);
        assert_eq!(store.redo().unwrap().len(), 3);
        assert_eq!(store.undo_batch().unwrap().len(), 3);

        // Shown before anything is written; nothing read meanwhile.
        assert_eq!(status(&store, 9), Status::Dismissed);
        assert_eq!(status(&store, 1), Status::Open);
        assert_eq!(store.unsaved(), 13);
        assert!(!journal_path(inbox.path(), "张三").exists());
        assert!(store.reload().unwrap().is_empty());
        assert_eq!(store.len(), 13);

        assert!(drain(&mut store, &mut appender).is_empty());
        assert_eq!(store.unsaved(), 0);
        // The journal holds the same decisions in the same order, batches included: a fresh
        // store reads the same histories, and undoes and redoes the same batches.
        let text = std::fs::read_to_string(journal_path(inbox.path(), "张三")).unwrap();
        let seqs: Vec<u64> = text
            .lines()
            .map(|line| {
                let value: serde_json::Value = serde_json::from_str(line).unwrap();
                value["seq"].as_u64().unwrap()
            })
            .collect();
        assert_eq!(seqs, (1..=13).collect::<Vec<_>>());
        assert_eq!(text.matches("\"batch\":2}").count(), 3, "{text}");
        assert_eq!(text.matches("\"batch\":11}").count(), 3, "{text}");
        let mut fresh = TriageStore::open_on(inbox.path(), "张三", "PC-07").unwrap();
        for fp in [9, 1, 2, 3] {
            assert_eq!(
                fresh.history(Fingerprint(fp)),
                store.history(Fingerprint(fp))
            );
        }
        assert!(store.reload().unwrap().is_empty());
        assert_eq!(store.len(), 13, "its own lines are not read twice");
        assert_eq!(
            fresh.undo_batch().unwrap().len(),
            1,
            "the batch was undone last"
        );
        assert_eq!(status(&fresh, 9), Status::Open);
    }

    #[test]
    fn a_failed_write_drops_what_never_reached_the_journal_and_says_so() {
        let inbox = tempfile::tempdir().unwrap();
        // The folder of the journals cannot be made: a file is in its place.
        let blocker = inbox.path().join(".nianbao");
        std::fs::write(&blocker, "not a folder").unwrap();
        let mut store = TriageStore::open_on(inbox.path(), "张三", "PC-07").unwrap();
        store.defer_writes();
        let mut appender = store.appender();
        let single = store.decide(Fingerprint(9), "period-reversed", report(), Action::Dismiss);
        store.record(single).unwrap();
        let bulk = decide_all(&store, &[1, 2], Action::Confirm);
        store.record_batch(bulk).unwrap();
        assert_eq!(status(&store, 1), Status::Confirmed);

        let failures = drain(&mut store, &mut appender);
        assert_eq!(
            failures.len(),
            1,
            "the write after the failed one is skipped"
        );
        assert_eq!(failures[0].lost, 3);
        assert!(matches!(failures[0].error, TriageError::NotAFolder { .. }));
        // Not kept as if saved: the store shows what the journals hold.
        assert_eq!(status(&store, 9), Status::Open);
        assert_eq!(status(&store, 1), Status::Open);
        assert_eq!((store.len(), store.unsaved()), (0, 0));

        // Once the folder can be made, the next decisions are written.
        std::fs::remove_file(&blocker).unwrap();
        let again = store.decide(Fingerprint(5), "blank-cell", report(), Action::Confirm);
        store.record(again).unwrap();
        assert!(drain(&mut store, &mut appender).is_empty());
        let fresh = TriageStore::open_on(inbox.path(), "李四", "PC-08").unwrap();
        assert_eq!(fresh.len(), 1);
        assert_eq!(status(&fresh, 5), Status::Confirmed);
    }
}
