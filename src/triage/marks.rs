//! Marks: the flags a supervisor has picked for one bulk decision.
//!
//! The dashboard marks flags one by one (`space`) or all that a pane shows (`*`), then decides
//! them all with one key and one prompt; the decisions are then one batch in the journal
//! ([`TriageStore::record_batch`](super::TriageStore::record_batch)), undone by one undo.
//!
//! A flag is named by its report's file and its fingerprint, as the dashboard's selection is:
//! two files of one agency and year (a report and its re-submission) can hold flags with the
//! same fingerprint, and marking one must not decide the other unseen. Marks belong to the
//! session and are never written anywhere: the decision they lead to is.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::flag::Fingerprint;

/// A set of marked flags.
///
/// Looked up by fingerprint first, so that asking whether a flag is marked allocates nothing:
/// the Flags pane asks for every row it draws, and marking every flag of 100,000 asks as many
/// times.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    by_fingerprint: HashMap<Fingerprint, Vec<PathBuf>>,
    len: usize,
}

impl Marks {
    pub fn new() -> Marks {
        Marks::default()
    }

    /// How many flags are marked.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the flag of the report at `path` with `fingerprint` is marked.
    pub fn contains(&self, path: &Path, fingerprint: Fingerprint) -> bool {
        self.by_fingerprint
            .get(&fingerprint)
            .is_some_and(|paths| paths.iter().any(|p| p.as_os_str() == path.as_os_str()))
    }

    /// Marks a flag; returns whether it was not marked before.
    pub fn insert(&mut self, path: &Path, fingerprint: Fingerprint) -> bool {
        let paths = self.by_fingerprint.entry(fingerprint).or_default();
        if paths.iter().any(|p| p.as_os_str() == path.as_os_str()) {
            return false;
        }
        paths.push(path.to_path_buf());
        self.len += 1;
        true
    }

    /// Unmarks a flag; returns whether it was marked.
    pub fn remove(&mut self, path: &Path, fingerprint: Fingerprint) -> bool {
        let Some(paths) = self.by_fingerprint.get_mut(&fingerprint) else {
            return false;
        };
        let Some(index) = paths.iter().position(|p| p.as_os_str() == path.as_os_str()) else {
            return false;
        };
        paths.swap_remove(index);
        if paths.is_empty() {
            self.by_fingerprint.remove(&fingerprint);
        }
        self.len -= 1;
        true
    }

    /// Marks a flag that is not marked, unmarks one that is; returns whether it is marked now.
    pub fn toggle(&mut self, path: &Path, fingerprint: Fingerprint) -> bool {
        if self.remove(path, fingerprint) {
            false
        } else {
            self.insert(path, fingerprint)
        }
    }

    /// Unmarks everything.
    pub fn clear(&mut self) {
        self.by_fingerprint.clear();
        self.len = 0;
    }

    /// Keeps the marks `keep` says yes to (e.g. the flags still in the inbox after a change).
    pub fn retain(&mut self, mut keep: impl FnMut(&Path, Fingerprint) -> bool) {
        let mut len = 0;
        self.by_fingerprint.retain(|&fingerprint, paths| {
            paths.retain(|p| keep(p, fingerprint));
            len += paths.len();
            !paths.is_empty()
        });
        self.len = len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_names_the_file_as_well_as_the_fingerprint() {
        let mut marks = Marks::new();
        let (first, resubmitted) = (Path::new("a/004.txt"), Path::new("a/004-v2.txt"));
        assert!(marks.toggle(first, Fingerprint(7)));
        assert!(marks.contains(first, Fingerprint(7)));
        // The same defect in the re-submitted file is another flag: not marked with it.
        assert!(!marks.contains(resubmitted, Fingerprint(7)));
        assert!(marks.insert(resubmitted, Fingerprint(7)));
        assert!(!marks.insert(resubmitted, Fingerprint(7)), "marked once");
        assert!(marks.insert(first, Fingerprint(8)));
        assert_eq!(marks.len(), 3);

        // Toggling a marked flag unmarks only it.
        assert!(!marks.toggle(first, Fingerprint(7)));
        assert!(marks.contains(resubmitted, Fingerprint(7)));
        assert_eq!(marks.len(), 2);
        assert!(!marks.remove(first, Fingerprint(7)));

        // Retain keeps what is still there, and the count follows.
        marks.retain(|path, _| path == first);
        assert_eq!(marks.len(), 1);
        assert!(marks.contains(first, Fingerprint(8)));
        assert!(!marks.contains(resubmitted, Fingerprint(7)));
        marks.clear();
        assert!(marks.is_empty());
        assert!(!marks.contains(first, Fingerprint(8)));
    }
}
