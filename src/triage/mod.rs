//! Triage: a supervisor's verdicts on flags, and their full history.
//!
//! A supervisor confirms a flag (确认), dismisses it as a false alarm (驳回), reopens it, or adds
//! a note. Each of these is a [`Decision`]; the current [`Verdict`] of a flag is the result of
//! its decisions in order, and the list of decisions is the audit trail (who, when, what).
//!
//! # Where decisions live
//!
//! In the inbox itself, as an append-only journal per user: `.nianbao/journal/<user>.jsonl`,
//! one JSON object per line ([`journal`] documents the line). The user name becomes the file
//! name reversibly ([`file_safe_user`]): `a b`, `a_b` and `a/b` are three files. Each line
//! records the machine it was made on (offices often all log in as Administrator) and the
//! user's sequence number. A decision counts as done only once its line has been written,
//! flushed and `fsync`ed. Nothing is ever rewritten: undo appends the inverse decision, and
//! only ever of a decision of the same user made on the same machine. A journal that cannot be
//! read (another user's without permission, a folder, a FIFO, a link) is skipped with a
//! [`LoadWarning`]; the others still load.
//!
//! Older versions named the file differently (`Administrator.jsonl`, now
//! `^Administrator.jsonl`; see [`legacy_journal_path`]). That file still counts as the user's
//! for undo and sequence numbers, but never for whose a line is: several names shared it, so
//! only lines recording the user's name (and machine, when they have one) are theirs to undo.
//! New lines go to the new file only.
//!
//! If the folder of the journals cannot be listed (no permission to read it), the user's own
//! journals, known by name, are still read, with a [`LoadWarningKind::Unlisted`] warning that
//! other users' decisions may be missing; if it is not a folder at all, nothing is read
//! ([`LoadWarningKind::NotAFolder`]). Whenever the user's decisions cannot be recorded (the
//! journal or its folder is not what it must be, or may not be written), opening says so
//! first, with the cause ([`LoadWarningKind::CannotRecord`]), rather than at the first decision.
//!
//! # The order of decisions
//!
//! The verdict of a flag is its last decision, so the order decides. Clocks cannot be trusted
//! (a PC with a wrong date, a forged line), so each decision is ordered by an *order time*:
//!
//! 1. A user's decisions keep the order the user made them in: within a journal, a line's
//!    order time is never later than that of the line after it (in file order), so a later
//!    decision always beats the same user's earlier one, even after the clock was set back.
//!    Lines of older journals without a sequence number take the one after the line before.
//! 2. No order time lies in the future: a line dated after the moment of loading (by more than
//!    the two seconds that clocks and the rule below may put it ahead) is ordered at
//!    its journal file's modification time (when it was really written; unlike "now" this does
//!    not move, so the order stays the same at every load), or, if that time is in the future
//!    too, where the line before it in the file is; and it is reported as a
//!    [`LoadWarningKind::FutureTime`] warning. A forged line dated 2099 therefore cannot
//!    freeze a flag: the next decision on it wins.
//! 3. A new decision is dated no earlier than the user's previous one and than just after the
//!    last decision on the flag that its maker saw: a decision always beats what its maker
//!    saw when making it, whatever the clocks.
//! 4. Decisions are merged by order time, then user, then journal, then sequence number, then
//!    place in the file.
//!
//! The audit trail shows each decision's own time; [`Decision::ordered_at`] tells when it was
//! ordered otherwise.
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
//!
//! ## Verdicts from before files were part of the key
//!
//! Reports without agency or year used to share one identity (`|`), so their flags' fingerprints
//! collided across files; they now name the file (see [`crate::report_key`]), so verdicts
//! recorded on them before no longer match any flag. Such a decision is recognised by its line
//! (no sequence number: written by an older version) and its report (no agency or year; see
//! [`Decision::is_legacy`]). Every flag of a report without agency or year also carries the
//! fingerprint it would have had then (`Flag::legacy_fingerprint`, computed only for those
//! reports, so `check` does no more work on the others). [`Review`] attributes an old decision
//! to the flag of the file the decision records whose old fingerprint it carries: it lands on
//! that file's flag only, even though the old fingerprint was shared. One that matches no flag
//! of its report (the report gained agency and year, or the flag is no longer found) is shown
//! as [`RowStatus::Unattributed`] (无法对应) under its report, counted apart in exports, and
//! never as 已整改: a supervisor reads 已整改 as rectified, and nianbao cannot tell whether the
//! defect was rectified or is only recognised differently now. A report that is gone altogether
//! is [`RowStatus::Absent`], as for any decision. The journals themselves are never rewritten.

mod decision;
pub mod fold;
pub mod journal;
mod journal_folder;
pub mod lists;
pub mod marks;
pub mod progress;
pub mod query;
pub mod report_identity;
pub mod report_status;
mod review;
mod store;

use std::path::{Path, PathBuf};

use crate::i18n::Lang;

pub use decision::{Action, Decision, ReportRef, Status, Verdict};
pub use journal::{Appender, FileKind, JournalWrite, LoadWarning, LoadWarningKind, Written};
pub use marks::Marks;
pub use query::{PreparedReport, Query, QueryError, Subject};
pub use report_identity::{identified, AsIdentified, Identified, Identity, REPORT_IDENTITY_CODE};
pub use report_status::{ReportStatus, REPORT_STATUS_CODE};
pub use review::{unreviewed_row, Gone, Review, ReviewRow, RowStatus};
pub use store::{TriageStore, WriteFailed};

/// A report's file as recorded in decisions: relative to the inbox.
pub use crate::report_key::relative_file;

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
    /// A journal (or the folder of the journals) is not a regular file: a link, a folder, a
    /// FIFO, a device. It is never written to, nor read.
    #[error("{}: not a regular file ({}); refused", path.display(), kind.label(Lang::En))]
    NotAFile { path: PathBuf, kind: FileKind },
    /// A folder of the journals (`.nianbao`, `.nianbao/journal`) is not a folder: a file, a
    /// FIFO, a link. Nothing is written, nor created, through it.
    #[error("{}: not a folder ({}); decisions cannot be recorded", path.display(), kind.label(Lang::En))]
    NotAFolder { path: PathBuf, kind: FileKind },
    #[error("a decision by `{found}` cannot be written to the journal of `{expected}`")]
    ForeignUser { expected: String, found: String },
    #[error("a decision could not be encoded: {0}")]
    Encode(#[from] serde_json::Error),
}

impl TriageError {
    /// The error in `lang`. It names files of the inbox: pass it through [`crate::sanitize`]
    /// before it reaches a terminal.
    pub fn display(&self, lang: Lang) -> String {
        match (self, lang) {
            (TriageError::Io { path, source }, Lang::Zh) => {
                format!("{}: 读写失败（{source}）", path.display())
            }
            (TriageError::NotAFile { path, kind }, Lang::Zh) => format!(
                "{}: 不是普通文件（是{}），拒绝读写",
                path.display(),
                kind.label(lang)
            ),
            (TriageError::NotAFolder { path, kind }, Lang::Zh) => format!(
                "{}: 不是文件夹（是{}），无法记录审核决定",
                path.display(),
                kind.label(lang)
            ),
            (TriageError::ForeignUser { expected, found }, Lang::Zh) => {
                format!("不能把 `{found}` 的决定写入 `{expected}` 的审核记录")
            }
            (TriageError::Encode(e), Lang::Zh) => format!("无法编码审核决定：{e}"),
            _ => self.to_string(),
        }
    }

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

/// The journal file nianbao used for a user before names were mapped reversibly (see
/// `legacy_file_safe_user`), when it differs from [`journal_path`]: still the user's own for
/// undo and numbering, though new decisions go to the new file.
pub fn legacy_journal_path(inbox: &Path, user: &str) -> Option<PathBuf> {
    let legacy = journal_dir(inbox).join(format!("{}.jsonl", legacy_file_safe_user(user)));
    (legacy != journal_path(inbox, user)).then_some(legacy)
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

/// The machine decisions are recorded on: its host name (`COMPUTERNAME` on Windows), else
/// `unknown`.
pub fn current_host() -> String {
    #[cfg(unix)]
    {
        let mut buffer = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname writes at most that much.
        let done = unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) } == 0;
        if done {
            let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
            let name = String::from_utf8_lossy(&buffer[..end]).trim().to_string();
            if !name.is_empty() {
                return name;
            }
        }
    }
    ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .map(|value| value.trim().to_string())
        .find(|value| !value.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The longest file name stem a user name becomes before it is shortened (file systems allow
/// 255 bytes).
const MAX_STEM_BYTES: usize = 200;

/// A user name as a journal file name, reversibly: letters and digits of any script stay as
/// they are (so 张三 stays 张三), and so do `-` and inner dots; an upper-case letter is marked
/// with `^` (`Li` → `^Li`), so that names differing only in case stay apart on file systems
/// that ignore case (Windows, macOS); every other character (spaces, `_`, `/`, `\`, `^`,
/// controls, a leading or trailing dot) becomes `_` and the hex of its UTF-8 bytes (`a b` →
/// `a_20b`, `a_b` → `a_5Fb`, `a/b` → `a_2Fb`). A name that is a device reserved on Windows
/// (`con`, `lpt1`) has its first letter escaped. No two names give one file;
/// [`user_of_file`] reads the name back. A name whose file name would exceed 200 bytes is
/// shortened, with a hash of the whole name to keep it apart.
pub fn file_safe_user(user: &str) -> String {
    let chars: Vec<char> = user.chars().collect();
    let reserved = is_reserved_device(user);
    let mut safe = String::with_capacity(user.len());
    for (i, &c) in chars.iter().enumerate() {
        let edge = i == 0 || i + 1 == chars.len();
        let plain =
            (c.is_alphanumeric() && !(reserved && i == 0)) || c == '-' || (c == '.' && !edge);
        if !plain {
            let mut bytes = [0u8; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                safe.push_str(&format!("_{byte:02X}"));
            }
        } else if c.is_uppercase() {
            safe.push('^');
            safe.push(c);
        } else {
            safe.push(c);
        }
    }
    if safe.is_empty() {
        return "_".to_string();
    }
    if safe.len() > MAX_STEM_BYTES {
        let mut cut = MAX_STEM_BYTES - 17;
        while !safe.is_char_boundary(cut) {
            cut -= 1;
        }
        let hash = xxhash_rust::xxh3::xxh3_64(user.as_bytes());
        safe = format!("{}~{hash:016x}", &safe[..cut]);
    }
    safe
}

/// How user names became file names before [`file_safe_user`] (`Administrator` →
/// `Administrator`, `a b` → `a_b`): trimmed, every character but letters, digits, `-`, `_` and
/// `.` replaced by `_`, at most 64 characters, leading dots replaced, `unknown` when empty, and
/// a device name reserved on Windows prefixed by `_`. Several names shared one file, so a line
/// in such a file is the user's own only if it records their name (and machine).
fn legacy_file_safe_user(user: &str) -> String {
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
    if is_reserved_device(&safe) {
        safe.insert(0, '_');
    }
    safe
}

/// Whether a file name (up to its first dot) is a device name reserved on Windows.
fn is_reserved_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

/// The user name a journal file name (without `.jsonl`) stands for: the inverse of
/// [`file_safe_user`]; `None` for a name it never gives (or a shortened one).
pub fn user_of_file(stem: &str) -> Option<String> {
    if stem == "_" {
        return Some(String::new());
    }
    let mut bytes = Vec::with_capacity(stem.len());
    let mut chars = stem.chars();
    while let Some(c) = chars.next() {
        match c {
            '_' => {
                let hex: String = chars.by_ref().take(2).collect();
                let byte = u8::from_str_radix(&hex, 16).ok()?;
                (hex.len() == 2).then_some(())?;
                bytes.push(byte);
            }
            '^' => {
                let letter = chars.next().filter(|l| l.is_uppercase())?;
                let mut buffer = [0u8; 4];
                bytes.extend_from_slice(letter.encode_utf8(&mut buffer).as_bytes());
            }
            '~' => return None,
            c if c.is_uppercase() => return None,
            c => {
                let mut buffer = [0u8; 4];
                bytes.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
            }
        }
    }
    let user = String::from_utf8(bytes).ok()?;
    (file_safe_user(&user) == stem).then_some(user)
}

/// The content hash recorded with a decision: the xxh3 of the file's bytes that the watcher
/// took when it read the report (see [`crate::inbox::Entry::content_hash`]), as 16 hex digits.
pub fn content_hash(hash: u64) -> String {
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_become_file_names_reversibly() {
        assert_eq!(file_safe_user("张三"), "张三");
        assert_eq!(file_safe_user("li.si-2"), "li.si-2");
        assert_eq!(file_safe_user("a b"), "a_20b");
        assert_eq!(file_safe_user("a_b"), "a_5Fb");
        assert_eq!(file_safe_user("a/b"), "a_2Fb");
        assert_eq!(file_safe_user("../etc/passwd"), "_2E._2Fetc_2Fpasswd");
        assert_eq!(
            file_safe_user("DOMAIN\\wang wu"),
            "^D^O^M^A^I^N_5Cwang_20wu"
        );
        assert_eq!(file_safe_user("Administrator"), "^Administrator");
        assert_eq!(file_safe_user("con"), "_63on");
        assert_eq!(file_safe_user("COM1.x"), "_43^O^M1.x");
        assert_eq!(file_safe_user("a\u{1b}[2J"), "a_1B_5B2^J");
        assert_eq!(file_safe_user(""), "_");
        let names = [
            "a b", "a_b", "a/b", "a\\b", "a:b", "A b", "a B", "ab", "Ab", "aB", "AB", "a.b", "a.",
            ".a", "_", "^", "^A", "_5F", "con", "CON", "Con", "张三", "張三", "", " ", "a^b",
        ];
        let mut files = std::collections::HashSet::new();
        for name in names {
            let file = file_safe_user(name);
            assert!(
                files.insert(file.to_lowercase()),
                "{name:?} shares {file} (ignoring case)"
            );
            assert_eq!(user_of_file(&file).as_deref(), Some(name), "{file}");
            assert!(
                file.chars()
                    .all(|c| c.is_alphanumeric() || "-._^~".contains(c)),
                "{file}"
            );
            assert!(!file.starts_with('.') && !file.ends_with('.'), "{file}");
        }
        let long = file_safe_user(&"长".repeat(100));
        assert!(long.len() <= MAX_STEM_BYTES, "{}", long.len());
        assert_ne!(long, file_safe_user(&format!("{}短", "长".repeat(100))));
    }

    #[test]
    fn the_old_file_names_are_known_when_they_differ() {
        let inbox = Path::new("inbox");
        let dir = journal_dir(inbox);
        let old_names = [
            ("Administrator", "Administrator"),
            ("a b", "a_b"),
            ("a/b", "a_b"),
            ("con", "_con"),
            ("", "unknown"),
        ];
        for (user, file) in old_names {
            let expected = dir.join(format!("{file}.jsonl"));
            assert_eq!(legacy_journal_path(inbox, user), Some(expected), "{user}");
        }
        // Unchanged names have no second file.
        assert_eq!(legacy_journal_path(inbox, "张三"), None);
        assert_eq!(legacy_journal_path(inbox, "li.si-2"), None);
    }

    #[test]
    fn given_user_wins() {
        assert_eq!(current_user(Some(" 张三 ")), "张三");
        assert!(!current_user(None).is_empty());
    }
}
