//! Bulk decisions: many flags decided by one key press, undone by one undo, redone by one redo.
//!
//! The lines of one bulk decision share a batch id ([`Decision::batch`]): the sequence number
//! of its first line, unique in the user's journal. They are written in one write and one
//! `fsync`. [`TriageStore::undo_batch`] reverts the user's last decision and, when it belongs
//! to a batch, every other decision of that batch still in force; the inverses are written as
//! one batch too. What one undo reverted can be redone ([`TriageStore::redo`]) until the user
//! decides something new, as in an editor; redo is a matter of this session (it records fresh
//! decisions, so the journal needs no notion of it), and a redone batch is undone as one again.

use super::{Decision, TriageError, TriageStore};

impl TriageStore {
    /// Records decisions of the current user as one bulk decision; returns its batch id, or
    /// `None` when there was nothing to record. On error nothing is added.
    pub fn record_batch(
        &mut self,
        decisions: impl IntoIterator<Item = Decision>,
    ) -> Result<Option<u64>, TriageError> {
        let id = self.own_last_seq + 1;
        let decisions: Vec<Decision> = decisions
            .into_iter()
            .map(|mut decision| {
                decision.batch = Some(id);
                decision
            })
            .collect();
        if decisions.is_empty() {
            return Ok(None);
        }
        self.record_all(decisions)?;
        Ok(Some(id))
    }

    /// Undoes the user's last decision not yet undone and, if it was part of a bulk decision,
    /// the rest of that bulk decision: one undo for one key press. Returns the inverse
    /// decisions (empty when there is nothing to undo). What was undone can then be redone.
    pub fn undo_batch(&mut self) -> Result<Vec<Decision>, TriageError> {
        let chosen: Vec<_> = {
            let mut targets = self.undoable();
            let Some(first) = targets.next() else {
                return Ok(Vec::new());
            };
            let rest = targets.take_while(|t| first.batch.is_some() && t.batch == first.batch);
            std::iter::once(first).chain(rest).collect()
        };
        let (undone, inverses): (Vec<Decision>, Vec<Decision>) = chosen
            .into_iter()
            .filter_map(|target| self.inverse_of(target))
            .unzip();
        let count = inverses.len();
        let redo = std::mem::take(&mut self.redo);
        let recorded = self.record_batch(inverses);
        self.redo = redo;
        recorded?;
        if !undone.is_empty() {
            self.redo.push(undone);
        }
        Ok(self.last_own(count))
    }

    /// Makes again the decisions the last [`undo_batch`](Self::undo_batch) reverted, as one
    /// bulk decision. Returns them (empty when there is nothing to redo: nothing was undone, or
    /// a decision was made since).
    pub fn redo(&mut self) -> Result<Vec<Decision>, TriageError> {
        let mut stack = std::mem::take(&mut self.redo);
        let Some(group) = stack.pop() else {
            return Ok(Vec::new());
        };
        // Undone latest first: made again in their first order.
        let decisions: Vec<Decision> = group
            .iter()
            .rev()
            .map(|old| {
                let mut decision =
                    self.decide(old.fingerprint, &old.code, old.report.clone(), old.action);
                decision.note = old.note.clone();
                decision.identity = old.identity.clone();
                decision
            })
            .collect();
        let count = decisions.len();
        match self.record_batch(decisions) {
            Ok(_) => {
                self.redo = stack;
                Ok(self.last_own(count))
            }
            Err(error) => {
                stack.push(group);
                self.redo = stack;
                Err(error)
            }
        }
    }

    /// Whether [`redo`](Self::redo) has something to make again.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The user's last `count` decisions as recorded, in their order.
    fn last_own(&self, count: usize) -> Vec<Decision> {
        let start = self.own.len().saturating_sub(count);
        self.own[start..]
            .iter()
            .filter_map(|entry| {
                self.history(entry.fingerprint)
                    .iter()
                    .find(|d| d.journal == self.own_journal && d.line == entry.line)
                    .cloned()
            })
            .collect()
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::flag::Fingerprint;
    use crate::triage::{journal_path, Action, ReportRef, Status};

    /// A report for the tests of the store's child modules.
    pub(in crate::triage::store) fn report() -> Arc<ReportRef> {
        Arc::new(ReportRef {
            agency: Some("乌拉特中旗司法局".into()),
            year: Some(2023),
            file: "004.txt".into(),
            content_hash: None,
        })
    }

    /// One decision per fingerprint, on `blank-cell` flags of [`report`].
    pub(in crate::triage::store) fn decide_all(
        store: &TriageStore,
        fps: &[u64],
        action: Action,
    ) -> Vec<Decision> {
        fps.iter()
            .map(|&fp| store.decide(Fingerprint(fp), "blank-cell", report(), action))
            .collect()
    }

    fn statuses(store: &TriageStore, fps: &[u64]) -> Vec<Status> {
        fps.iter()
            .map(|&fp| store.verdict(Fingerprint(fp)).status)
            .collect()
    }

    #[test]
    fn one_undo_reverts_a_bulk_decision_and_redo_makes_it_again() {
        let inbox = tempfile::tempdir().unwrap();
        let mut store = TriageStore::open_on(inbox.path(), "张三", "PC-07").unwrap();
        let single = store.decide(Fingerprint(9), "period-reversed", report(), Action::Dismiss);
        store.record(single).unwrap();
        let fps = [1, 2, 3];
        let bulk = decide_all(&store, &fps, Action::Confirm);
        let id = store.record_batch(bulk).unwrap();
        assert_eq!(id, Some(2), "the batch is named by its first line's number");
        assert_eq!(statuses(&store, &fps), [Status::Confirmed; 3]);

        // One undo: the whole batch, not the single decision before it.
        let inverses = store.undo_batch().unwrap();
        assert_eq!(inverses.len(), 3);
        assert!(inverses.iter().all(|d| d.undo && d.batch == Some(5)));
        assert_eq!(statuses(&store, &fps), [Status::Open; 3]);
        assert_eq!(store.verdict(Fingerprint(9)).status, Status::Dismissed);

        // Redo: the batch again, in its first order, and undone as one again.
        assert!(store.can_redo());
        let redone = store.redo().unwrap();
        let order: Vec<u64> = redone.iter().map(|d| d.fingerprint.0).collect();
        assert_eq!(order, fps);
        assert!(redone.iter().all(|d| !d.undo && d.batch == Some(8)));
        assert_eq!(statuses(&store, &fps), [Status::Confirmed; 3]);
        assert!(!store.can_redo());
        assert_eq!(store.undo_batch().unwrap().len(), 3);
        assert_eq!(statuses(&store, &fps), [Status::Open; 3]);

        // The next undo goes back to the single decision, and both undos can be redone in turn.
        assert_eq!(store.undo_batch().unwrap().len(), 1);
        assert_eq!(store.verdict(Fingerprint(9)).status, Status::Open);
        assert_eq!(store.redo().unwrap().len(), 1);
        assert_eq!(store.verdict(Fingerprint(9)).status, Status::Dismissed);
        assert_eq!(store.redo().unwrap().len(), 3);
        assert_eq!(statuses(&store, &fps), [Status::Confirmed; 3]);
        assert!(store.redo().unwrap().is_empty());
    }

    #[test]
    fn a_new_decision_ends_redo() {
        let inbox = tempfile::tempdir().unwrap();
        let mut store = TriageStore::open_on(inbox.path(), "张三", "PC-07").unwrap();
        let bulk = decide_all(&store, &[1, 2], Action::Dismiss);
        store.record_batch(bulk).unwrap();
        store.undo_batch().unwrap();
        let other = store.decide(Fingerprint(5), "blank-cell", report(), Action::Confirm);
        store.record(other).unwrap();
        assert!(!store.can_redo());
        assert!(store.redo().unwrap().is_empty());
        assert_eq!(statuses(&store, &[1, 2]), [Status::Open; 2]);
        assert_eq!(store.record_batch(Vec::new()).unwrap(), None);
    }

    #[test]
    fn batches_survive_the_journal_and_stay_the_users_own() {
        let inbox = tempfile::tempdir().unwrap();
        let fps = [1, 2, 3, 4];
        {
            let mut store = TriageStore::open_on(inbox.path(), "张三", "PC-07").unwrap();
            let bulk = decide_all(&store, &fps, Action::Confirm);
            store.record_batch(bulk).unwrap();
        }
        let text = std::fs::read_to_string(journal_path(inbox.path(), "张三")).unwrap();
        assert_eq!(text.matches("\"batch\":1}").count(), 4, "{text}");

        // Another user cannot undo it; its maker, in a new session, undoes all of it at once.
        let mut other = TriageStore::open_on(inbox.path(), "李四", "PC-07").unwrap();
        assert!(other.undo_batch().unwrap().is_empty());
        let mut store = TriageStore::open_on(inbox.path(), "张三", "PC-07").unwrap();
        assert_eq!(statuses(&store, &fps), [Status::Confirmed; 4]);
        assert_eq!(store.undo_batch().unwrap().len(), 4);
        let fresh = TriageStore::open_on(inbox.path(), "王五", "PC-08").unwrap();
        assert_eq!(statuses(&fresh, &fps), [Status::Open; 4]);
        assert_eq!(fresh.history(Fingerprint(1)), store.history(Fingerprint(1)));
    }
}
