//! Triage: a supervisor's verdicts on flags, and their full history.
//!
//! A supervisor confirms a flag (确认), dismisses it as a false alarm (驳回), reopens it, or adds
//! a note. Each of these is a [`Decision`]; the current [`Verdict`] of a flag is the result of
//! its decisions in order, and the list of decisions is the audit trail (who, when, what).
//!
//! # Where decisions live
//!
//! In the inbox itself, as an append-only journal per user: `.nianbao/journal/<user>.jsonl`,
//! one JSON object per line ([`journal`] documents the line). A decision counts as done only
//! once its line has been written, flushed and `fsync`ed. Nothing is ever rewritten: undo
//! appends the inverse decision. On load, every user's journal is read and the decisions are
//! merged by time, then user, then their order in the user's file.
//!
//! # Why not a database file
//!
//! Inboxes are often shared network folders (SMB/NFS) where two supervisors work at once.
//! SQLite, like any single-file database, relies on file locking to keep the file consistent,
//! and byte-range locks on network shares are known to be unreliable: two writers can corrupt
//! the database, and a crash can leave a lock or a journal behind that the other machine cannot
//! see. A per-user log needs no locking at all — each user only ever appends to their own file
//! and only reads the others' — so it survives shares, crashes (a torn last line is skipped,
//! the lines before it are intact) and concurrent use, and it is the audit trail for free.
//! Loading merges every journal in memory; a million decisions load in well under a second
//! (see `bench/triage.sh`), far more than a supervisor makes in years.
//!
//! # Fingerprints
//!
//! A decision sticks to a flag's [`Fingerprint`](crate::flag::Fingerprint), which the rules
//! compute from the report's identity and the defect itself, never from line numbers: the same
//! defect in a re-submitted report keeps its verdict, a changed defect is a new flag, and a
//! flag with a history that no longer appears is shown as resolved (已整改) by [`Review`].

mod decision;
pub mod journal;
mod review;
mod store;

use std::path::{Path, PathBuf};

pub use decision::{Action, Decision, ReportRef, Status, Verdict};
pub use journal::{LoadWarning, LoadWarningKind};
pub use review::{Review, ReviewRow, RowStatus};
pub use store::TriageStore;

/// The folder of the journals inside an inbox.
pub const JOURNAL_DIR: &str = ".nianbao/journal";

/// What can go wrong in triage. Problems inside a journal's content are not errors: they are
/// [`LoadWarning`]s, and the rest of the journal still loads.
#[derive(Debug, thiserror::Error)]
pub enum TriageError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("a decision by `{found}` cannot be written to the journal of `{expected}`")]
    ForeignUser { expected: String, found: String },
    #[error("a decision could not be encoded: {0}")]
    Encode(#[from] serde_json::Error),
}

impl TriageError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> TriageError {
        TriageError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The journal folder of an inbox.
pub fn journal_dir(inbox: &Path) -> PathBuf {
    inbox.join(JOURNAL_DIR)
}

/// The journal file of a user in an inbox.
pub fn journal_path(inbox: &Path, user: &str) -> PathBuf {
    journal_dir(inbox).join(format!("{}.jsonl", file_safe_user(user)))
}

/// The user decisions are recorded as: the one given (`--user`), else the login name from the
/// environment (`USER`, `USERNAME`, `LOGNAME`), else `unknown`.
pub fn current_user(given: Option<&str>) -> String {
    let from_env = || {
        ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.trim().is_empty())
    };
    given
        .map(str::to_string)
        .filter(|u| !u.trim().is_empty())
        .or_else(from_env)
        .map(|u| u.trim().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

/// A user name made safe as a file name on every system: letters and digits of any script
/// (so 张三 stays 张三), `-`, `_` and `.` are kept, anything else (path separators, spaces,
/// control characters) becomes `_`; no leading dot, at most 64 characters, never a device name
/// reserved on Windows, never empty.
pub fn file_safe_user(user: &str) -> String {
    let mut safe: String = user
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    while safe.starts_with('.') {
        safe.replace_range(..1, "_");
    }
    if safe.is_empty() {
        return "unknown".to_string();
    }
    let stem = safe.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        safe.insert(0, '_');
    }
    safe
}

/// A report's file as recorded in decisions: relative to the inbox when inside it, with `/`
/// separators, so that the same inbox opened from another machine or path matches.
pub fn relative_file(inbox: &Path, path: &Path) -> String {
    let Ok(relative) = path.strip_prefix(inbox) else {
        return path.to_string_lossy().into_owned();
    };
    let parts: Vec<String> = relative
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        path.to_string_lossy().into_owned()
    } else {
        parts.join("/")
    }
}

/// The content hash recorded with a decision: xxh3 of the file's bytes, 16 hex digits. Read as
/// every report is read ([`crate::ingest::read_bytes`]): a FIFO or `/dev/zero` in the inbox
/// gives no hash rather than a hang or a flood.
pub fn content_hash(path: &Path) -> Result<String, crate::ingest::ReadFailure> {
    let bytes = crate::ingest::read_bytes(path, crate::ingest::Limits::default())?;
    Ok(format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_become_safe_file_names() {
        assert_eq!(file_safe_user("张三"), "张三");
        assert_eq!(file_safe_user("li.si-2"), "li.si-2");
        assert_eq!(file_safe_user("../etc/passwd"), "_._etc_passwd");
        assert_eq!(file_safe_user("DOMAIN\\wang wu"), "DOMAIN_wang_wu");
        assert_eq!(file_safe_user("  "), "unknown");
        assert_eq!(file_safe_user("con"), "_con");
        assert_eq!(file_safe_user("COM1.x"), "_COM1.x");
        assert_eq!(file_safe_user("a\u{1b}[2J"), "a__2J");
        assert_eq!(file_safe_user(&"长".repeat(100)).chars().count(), 64);
    }

    #[test]
    fn given_user_wins() {
        assert_eq!(current_user(Some(" 张三 ")), "张三");
        assert!(!current_user(None).is_empty());
    }

    #[test]
    fn files_are_relative_to_the_inbox() {
        let inbox = Path::new("/data/inbox");
        assert_eq!(
            relative_file(inbox, Path::new("/data/inbox/2023/a.txt")),
            "2023/a.txt"
        );
        assert_eq!(
            relative_file(inbox, Path::new("/elsewhere/b.txt")),
            "/elsewhere/b.txt"
        );
        assert_eq!(relative_file(Path::new("."), Path::new("./c.txt")), "c.txt");
    }
}
