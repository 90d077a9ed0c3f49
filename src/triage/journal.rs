//! One user's journal: an append-only file of decisions, one JSON object per line.
//!
//! ```json
//! {"time":"2024-03-01T08:00:00.123Z","user":"张三","fingerprint":"0f3a…","code":"period-reversed",
//!  "report":{"agency":"乌拉特中旗司法局","year":2023,"file":"004.txt","hash":"9c1e…"},
//!  "action":"confirm","note":"请核对统计期限","host":"PC-07","seq":12}
//! ```
//!
//! `action` is `confirm`, `dismiss`, `reopen` or `note` (or, for a report's status, `pass`, `return`
//! or `reviewed`: see [`super::report_status`]); `note` is left out when there is none;
//! `"undo":true` marks the inverse of an earlier decision; `host` is the machine it was made on
//! and `seq` the user's sequence number (both absent in lines of older versions, which still
//! load); `batch`, present only on the lines of a bulk decision, is the `seq` of its first line
//! (see [`Decision::batch`]). Unknown fields are ignored, so later versions can add fields without breaking older
//! readers.
//!
//! Writing: the whole line (with its newline) goes out in one `write_all`, then `flush` and
//! `sync_data`; only then has the decision happened. If the file does not end with a newline
//! (a crash tore the last line), a newline is written first so that the torn line stays a line
//! of its own and the new one is intact.
//!
//! Reading: a line that does not parse is skipped with a [`LoadWarning`], never an error; the
//! last line without its newline is not read yet (a write in progress on a shared folder, or a
//! torn write) and is reported once. The library never prints: warnings go to the caller.
//!
//! A journal is a file in a shared folder that anyone with access can replace, so it is opened
//! as a door that may lead anywhere: without following links (`O_NOFOLLOW`), without waiting for
//! a writer (`O_NONBLOCK`, so a FIFO cannot hang the load), and only used when the opened file
//! is a regular file. Reads are bounded: at most [`MAX_JOURNAL_BYTES`] per file, and a line
//! longer than [`MAX_LINE_BYTES`] is skipped as it streams by rather than kept in memory. Each
//! byte is looked at once: a search for the end of a line starts where the last one stopped,
//! and an incomplete last line is not read again until the file grows.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::decision::{Action, Decision, ReportRef};
use super::TriageError;
use crate::flag::Fingerprint;
use crate::i18n::Lang;

/// Something in a journal that could not be read; the rest of the journal still loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadWarning {
    pub path: PathBuf,
    /// The 1-based line of the journal file.
    pub line: u64,
    pub kind: LoadWarningKind,
}

/// Why a journal line was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadWarningKind {
    /// The line is not a decision (a torn write that was later terminated, an edit by hand).
    Malformed { reason: String },
    /// The last line has no newline yet: a torn write, or one still in progress.
    Incomplete,
    /// The file is shorter than what was read before: it was replaced, so everything was
    /// read again.
    Shrunk,
    /// The journal is not a regular file (a link, a folder, a FIFO, a device): not read.
    NotAFile { kind: FileKind },
    /// The journal could not be opened or read (no permission, an I/O error): not read.
    Unreadable { reason: String },
    /// The journal is larger than [`MAX_JOURNAL_BYTES`]: only that much was read.
    TooLarge,
    /// A line is longer than [`MAX_LINE_BYTES`]: skipped.
    LineTooLong,
    /// The folder of the journals is not a folder (a file, a FIFO, a link to one): no journal
    /// is read, and no decision can be recorded.
    NotAFolder { kind: FileKind },
    /// The folder of the journals cannot be listed (no permission to read it, an I/O error):
    /// only the user's own journals, which are known by name, are read; other users'
    /// decisions may be missing.
    Unlisted { reason: String },
    /// The user's decisions cannot be recorded: `at` (their journal, or the folder it would be
    /// created in) is not of the right type (`kind`), or may not be written (`reason`). Said
    /// when the store opens; recording then fails with the same cause.
    CannotRecord {
        at: PathBuf,
        kind: Option<FileKind>,
        reason: String,
    },
    /// The line's time lies in the future (a wrong clock, or a forged line): it is ordered as
    /// if made at `ordered_at` (see the ordering rule in [`super`]).
    FutureTime {
        time: DateTime<Utc>,
        ordered_at: DateTime<Utc>,
    },
}

/// What a path that should be a journal file is instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A regular file (where a folder should be).
    File,
    Link,
    Directory,
    Fifo,
    Device,
    Socket,
    Other,
}

impl FileKind {
    pub(crate) fn of(file_type: std::fs::FileType) -> FileKind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return FileKind::Fifo;
            }
            if file_type.is_char_device() || file_type.is_block_device() {
                return FileKind::Device;
            }
            if file_type.is_socket() {
                return FileKind::Socket;
            }
        }
        if file_type.is_file() {
            FileKind::File
        } else if file_type.is_symlink() {
            FileKind::Link
        } else if file_type.is_dir() {
            FileKind::Directory
        } else {
            FileKind::Other
        }
    }

    /// The name shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            FileKind::File => lang.pick("普通文件", "a regular file"),
            FileKind::Link => lang.pick("符号链接", "a symbolic link"),
            FileKind::Directory => lang.pick("文件夹", "a folder"),
            FileKind::Fifo => lang.pick("命名管道", "a FIFO"),
            FileKind::Device => lang.pick("设备文件", "a device"),
            FileKind::Socket => lang.pick("套接字", "a socket"),
            FileKind::Other => lang.pick("特殊文件", "a special file"),
        }
    }
}

/// The most of one journal file that is read.
pub const MAX_JOURNAL_BYTES: u64 = 1 << 30;

/// The longest journal line that is read (a decision is a few hundred bytes; a note can be long,
/// but not this long).
pub const MAX_LINE_BYTES: usize = 1 << 20;

impl LoadWarning {
    /// The warning in `lang`. It carries text from the journal (its name, a reason quoting a
    /// line): pass it through [`crate::sanitize`] before it reaches a terminal.
    pub fn display(&self, lang: Lang) -> String {
        let path = self.path.display();
        let line = self.line;
        let zh = lang == Lang::Zh;
        match &self.kind {
            LoadWarningKind::Malformed { reason } if zh => {
                format!("{path}:{line}: 跳过了无法识别的一行（{reason}）")
            }
            LoadWarningKind::Malformed { reason } => {
                format!("{path}:{line}: skipped a line that is not a decision ({reason})")
            }
            LoadWarningKind::Incomplete if zh => {
                format!("{path}:{line}: 跳过了不完整的最后一行（写入中断或仍在写入）")
            }
            LoadWarningKind::Incomplete => format!(
                "{path}:{line}: skipped an incomplete last line (torn or still being written)"
            ),
            LoadWarningKind::Shrunk if zh => format!("{path}: 审核记录变短了，已全部重新读取"),
            LoadWarningKind::Shrunk => {
                format!("{path}: the journal got shorter; all journals were read again")
            }
            LoadWarningKind::NotAFile { kind } if zh => {
                format!("{path}: 不是普通文件（是{}），已跳过", kind.label(lang))
            }
            LoadWarningKind::NotAFile { kind } => {
                format!("{path}: not a regular file ({}); skipped", kind.label(lang))
            }
            LoadWarningKind::Unreadable { reason } if zh => {
                format!("{path}: 无法读取（{reason}），已跳过")
            }
            LoadWarningKind::Unreadable { reason } => {
                format!("{path}: cannot be read ({reason}); skipped")
            }
            LoadWarningKind::TooLarge if zh => format!(
                "{path}: 超过 {} MB，只读取了前 {} MB",
                MAX_JOURNAL_BYTES >> 20,
                MAX_JOURNAL_BYTES >> 20
            ),
            LoadWarningKind::TooLarge => format!(
                "{path}: larger than {} MB; only the first {} MB were read",
                MAX_JOURNAL_BYTES >> 20,
                MAX_JOURNAL_BYTES >> 20
            ),
            LoadWarningKind::LineTooLong if zh => format!(
                "{path}:{line}: 这一行超过 {} KB，已跳过",
                MAX_LINE_BYTES >> 10
            ),
            LoadWarningKind::LineTooLong => format!(
                "{path}:{line}: a line longer than {} KB; skipped",
                MAX_LINE_BYTES >> 10
            ),
            LoadWarningKind::NotAFolder { kind } if zh => format!(
                "{path}: 审核记录文件夹不是文件夹（是{}），未读取任何审核记录，也无法记录审核决定",
                kind.label(lang)
            ),
            LoadWarningKind::NotAFolder { kind } => format!(
                "{path}: the folder of the journals is {}, not a folder: no journal was read, \
                 and no decision can be recorded",
                kind.label(lang)
            ),
            LoadWarningKind::Unlisted { reason } if zh => format!(
                "{path}: 无法列出审核记录文件夹（{reason}），只读取了自己的审核记录，\
                 其他人的审核决定可能缺失"
            ),
            LoadWarningKind::Unlisted { reason } => format!(
                "{path}: the folder of the journals cannot be listed ({reason}): only your own \
                 journal was read; other users' decisions may be missing"
            ),
            LoadWarningKind::CannotRecord { at, kind, reason } => {
                let expected = match *at == self.path {
                    true => lang.pick("普通文件", "a regular file"),
                    false => lang.pick("文件夹", "a folder"),
                };
                let at = at.display();
                let why = match kind {
                    Some(kind) if zh => format!("{at} 是{}，不是{expected}", kind.label(lang)),
                    Some(kind) => format!("{at} is {}, not {expected}", kind.label(lang)),
                    None => format!("{at}: {reason}"),
                };
                match lang {
                    Lang::Zh => format!("{path}: 无法记录审核决定：{why}"),
                    Lang::En => format!("{path}: decisions cannot be recorded: {why}"),
                }
            }
            LoadWarningKind::FutureTime { time, ordered_at } if zh => format!(
                "{path}:{line}: 时间 {} 晚于当前时间（时钟错误？），按 {} 排序",
                time.to_rfc3339_opts(SecondsFormat::Secs, true),
                ordered_at.to_rfc3339_opts(SecondsFormat::Secs, true)
            ),
            LoadWarningKind::FutureTime { time, ordered_at } => format!(
                "{path}:{line}: time {} is in the future (a wrong clock?); ordered as {}",
                time.to_rfc3339_opts(SecondsFormat::Secs, true),
                ordered_at.to_rfc3339_opts(SecondsFormat::Secs, true)
            ),
        }
    }
}

impl fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display(Lang::En))
    }
}

#[derive(Serialize)]
struct LineOut<'a> {
    time: String,
    user: &'a str,
    fingerprint: Fingerprint,
    code: &'a str,
    report: ReportOut<'a>,
    action: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    undo: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    host: Option<&'a str>,
    /// 0 only for a decision no store numbered (a test's, a benchmark's): left out, as in
    /// older lines.
    #[serde(skip_serializing_if = "is_zero")]
    seq: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    batch: Option<u64>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct ReportOut<'a> {
    agency: Option<&'a str>,
    year: Option<i32>,
    file: &'a str,
    hash: Option<&'a str>,
}

// Strings borrow from the file's buffer whenever they hold no escapes, so that a million lines
// parse without a million allocations per field; repeated ones (users, codes, reports) are
// then shared through an interner.
#[derive(Deserialize)]
struct LineIn<'a> {
    #[serde(borrow)]
    time: Cow<'a, str>,
    #[serde(borrow)]
    user: Cow<'a, str>,
    #[serde(borrow)]
    fingerprint: Cow<'a, str>,
    #[serde(borrow)]
    code: Cow<'a, str>,
    #[serde(borrow)]
    report: ReportIn<'a>,
    #[serde(borrow)]
    action: Cow<'a, str>,
    #[serde(borrow, default)]
    note: Option<Cow<'a, str>>,
    #[serde(default)]
    undo: bool,
    #[serde(borrow, default)]
    host: Option<Cow<'a, str>>,
    #[serde(default)]
    seq: Option<u64>,
    #[serde(default)]
    batch: Option<u64>,
    /// The report object as written, when the fast reader read the line: the interner's key.
    #[serde(skip)]
    report_raw: Option<&'a str>,
}

#[derive(Deserialize)]
struct ReportIn<'a> {
    #[serde(borrow, default)]
    agency: Option<Cow<'a, str>>,
    #[serde(default)]
    year: Option<i32>,
    #[serde(borrow)]
    file: Cow<'a, str>,
    #[serde(borrow, default)]
    hash: Option<Cow<'a, str>>,
}

/// The journal line of a decision, newline included.
pub fn encode(decision: &Decision) -> serde_json::Result<Vec<u8>> {
    let report = &decision.report;
    let line = LineOut {
        time: decision.time.to_rfc3339_opts(SecondsFormat::Millis, true),
        user: &decision.user,
        fingerprint: decision.fingerprint,
        code: &decision.code,
        report: ReportOut {
            agency: report.agency.as_deref(),
            year: report.year,
            file: &report.file,
            hash: report.content_hash.as_deref(),
        },
        action: decision.action.as_str(),
        note: decision.note.as_deref(),
        undo: decision.undo,
        host: decision.host.as_deref(),
        seq: decision.seq,
        batch: decision.batch,
    };
    let mut bytes = serde_json::to_vec(&line)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Shares the strings that repeat from line to line (users, codes, reports). One interner
/// serves a worker through a whole journal, so that each report is built once per worker
/// rather than once per line.
#[derive(Default)]
struct Interner {
    strings: HashMap<Box<str>, Arc<str>, BuildHasherDefault<FxHasher>>,
    /// Keyed by the report object as written: the same text is the same report.
    reports: HashMap<Box<str>, Arc<ReportRef>, BuildHasherDefault<FxHasher>>,
}

/// A fast hash for the interner's short keys (the multiply-rotate hash of Firefox and rustc);
/// the keys come from the user's own inbox, so hash flooding is not a concern here.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Reading the lines [`encode`] writes without a general JSON parser: the keys in their order,
/// strings without escapes. Anything else (an escaped string, another key order, a line
/// written by hand or by a later version) returns `None` and goes to `serde_json`, so this
/// only makes the common case fast, it never changes what a line means.
mod fast {
    use std::borrow::Cow;

    use chrono::{DateTime, NaiveDate, Utc};

    use super::{LineIn, ReportIn};

    struct Cursor<'a> {
        text: &'a str,
        pos: usize,
    }

    impl<'a> Cursor<'a> {
        fn literal(&mut self, literal: &str) -> Option<()> {
            let rest = self.text.get(self.pos..)?;
            rest.starts_with(literal).then(|| self.pos += literal.len())
        }

        /// A string without escapes or control characters.
        fn string(&mut self) -> Option<&'a str> {
            self.literal("\"")?;
            let bytes = self.text.as_bytes();
            let start = self.pos;
            let mut end = start;
            loop {
                match *bytes.get(end)? {
                    b'"' => break,
                    b'\\' => return None,
                    b if b < 0x20 => return None,
                    _ => end += 1,
                }
            }
            self.pos = end + 1;
            self.text.get(start..end)
        }

        fn string_or_null(&mut self) -> Option<Option<&'a str>> {
            if self.literal("null").is_some() {
                return Some(None);
            }
            self.string().map(Some)
        }

        fn unsigned(&mut self) -> Option<u64> {
            let bytes = self.text.as_bytes();
            let start = self.pos;
            let mut end = start;
            while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            let number = self.text.get(start..end)?.parse().ok()?;
            self.pos = end;
            Some(number)
        }

        fn int_or_null(&mut self) -> Option<Option<i32>> {
            if self.literal("null").is_some() {
                return Some(None);
            }
            let bytes = self.text.as_bytes();
            let start = self.pos;
            let mut end = start + usize::from(bytes.get(start) == Some(&b'-'));
            while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            let number = self.text.get(start..end)?.parse().ok()?;
            self.pos = end;
            Some(Some(number))
        }
    }

    pub(super) fn line(text: &str) -> Option<LineIn<'_>> {
        let mut c = Cursor { text, pos: 0 };
        c.literal("{\"time\":")?;
        let time = c.string()?;
        c.literal(",\"user\":")?;
        let user = c.string()?;
        c.literal(",\"fingerprint\":")?;
        let fingerprint = c.string()?;
        c.literal(",\"code\":")?;
        let code = c.string()?;
        c.literal(",\"report\":")?;
        let report_start = c.pos;
        c.literal("{\"agency\":")?;
        let agency = c.string_or_null()?;
        c.literal(",\"year\":")?;
        let year = c.int_or_null()?;
        c.literal(",\"file\":")?;
        let file = c.string()?;
        c.literal(",\"hash\":")?;
        let hash = c.string_or_null()?;
        c.literal("}")?;
        let report_raw = text.get(report_start..c.pos)?;
        c.literal(",\"action\":")?;
        let action = c.string()?;
        let note = match c.literal(",\"note\":") {
            Some(()) => Some(c.string()?),
            None => None,
        };
        let undo = c.literal(",\"undo\":true").is_some();
        let host = match c.literal(",\"host\":") {
            Some(()) => Some(c.string()?),
            None => None,
        };
        let seq = match c.literal(",\"seq\":") {
            Some(()) => Some(c.unsigned()?),
            None => None,
        };
        let batch = match c.literal(",\"batch\":") {
            Some(()) => Some(c.unsigned()?),
            None => None,
        };
        c.literal("}")?;
        (c.pos == text.len()).then(|| LineIn {
            time: Cow::Borrowed(time),
            user: Cow::Borrowed(user),
            fingerprint: Cow::Borrowed(fingerprint),
            code: Cow::Borrowed(code),
            report: ReportIn {
                agency: agency.map(Cow::Borrowed),
                year,
                file: Cow::Borrowed(file),
                hash: hash.map(Cow::Borrowed),
            },
            action: Cow::Borrowed(action),
            note: note.map(Cow::Borrowed),
            undo,
            host: host.map(Cow::Borrowed),
            seq,
            batch,
            report_raw: Some(report_raw),
        })
    }

    /// `2024-03-01T08:00:00.123Z`, the form [`super::encode`] writes.
    pub(super) fn time(text: &str) -> Option<DateTime<Utc>> {
        let b = text.as_bytes();
        if b.len() != 24 || &b[4..5] != b"-" || &b[7..8] != b"-" || &b[10..11] != b"T" {
            return None;
        }
        if &b[13..14] != b":" || &b[16..17] != b":" || &b[19..20] != b"." || &b[23..] != b"Z" {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            b[range].iter().try_fold(0u32, |n, &d| {
                d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
            })
        };
        let date = NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)?;
        let time = date.and_hms_milli_opt(
            number(11..13)?,
            number(14..16)?,
            number(17..19)?,
            number(20..23)?,
        )?;
        Some(time.and_utc())
    }
}

impl Interner {
    fn string(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.strings.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.strings.insert(text.into(), shared.clone());
        shared
    }

    fn report(&mut self, raw: Option<&str>, report: &ReportIn<'_>) -> Arc<ReportRef> {
        let make = || {
            Arc::new(ReportRef {
                agency: report.agency.as_deref().map(str::to_string),
                year: report.year,
                file: report.file.to_string(),
                content_hash: report.hash.as_deref().map(str::to_string),
            })
        };
        let Some(raw) = raw else {
            return make();
        };
        if let Some(shared) = self.reports.get(raw) {
            return shared.clone();
        }
        let shared = make();
        self.reports.insert(raw.into(), shared.clone());
        shared
    }

    /// A decoded line; its `seq` is 0 when the line has none (an older line: the store numbers
    /// it), as written sequence numbers start at 1.
    fn decode(&mut self, line: &[u8]) -> Result<Decision, String> {
        let text = std::str::from_utf8(line).map_err(|_| "not UTF-8".to_string())?;
        let raw: LineIn<'_> = match fast::line(text) {
            Some(raw) => raw,
            None => serde_json::from_str(text).map_err(|e| e.to_string())?,
        };
        let time = match fast::time(&raw.time) {
            Some(time) => time,
            None => DateTime::parse_from_rfc3339(&raw.time)
                .map_err(|e| format!("time `{}`: {e}", raw.time))?
                .with_timezone(&Utc),
        };
        let fingerprint: Fingerprint = raw.fingerprint.parse()?;
        let action =
            Action::parse(&raw.action).ok_or_else(|| format!("unknown action `{}`", raw.action))?;
        Ok(Decision {
            time,
            user: self.string(&raw.user),
            fingerprint,
            code: self.string(&raw.code),
            report: self.report(raw.report_raw, &raw.report),
            action,
            note: raw.note.map(Cow::into_owned),
            undo: raw.undo,
            host: raw.host.as_deref().map(|h| self.string(h)),
            seq: raw.seq.unwrap_or(0),
            unnumbered: raw.seq.is_none(),
            batch: raw.batch,
            order_time: time,
            line: 0,
            journal: 0,
        })
    }
}

/// How far a journal has been read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Position {
    /// The end of the last complete line.
    pub offset: u64,
    /// The complete lines before `offset` (the line number of the next line, minus one).
    pub lines: u64,
    /// How far the file was read: bytes between `offset` and here are an incomplete last line,
    /// not to be read again until the file grows.
    pub scanned: u64,
    /// The bytes from `offset` to `scanned` are a line longer than [`MAX_LINE_BYTES`], being
    /// skipped: reading goes on at `scanned`, looking only for its end.
    pub skipping: bool,
}

/// What was read from a journal from some position on.
#[derive(Debug, Default)]
pub(crate) struct Chunk {
    pub decisions: Vec<Decision>,
    pub warnings: Vec<LoadWarning>,
    /// Where the reading stopped.
    pub position: Position,
    /// The number of complete lines read (decisions, blank and malformed lines alike).
    pub lines: u64,
    /// Where an incomplete last line starts, if there is one.
    pub tail_at: Option<u64>,
    /// When the file was last modified, as its file system says.
    pub modified: Option<DateTime<Utc>>,
}

/// The smallest piece of a block worth a parallel task.
const MIN_PIECE: usize = 64 << 10;

/// The size of the blocks a journal is read in.
const BLOCK: usize = 16 << 20;

/// Opens a journal without following a link and without waiting (a FIFO opens at once), and
/// refuses whatever the opened file is if not a regular file. For `write`, the file is opened
/// to append (and to read its last byte), created if missing; else a missing file is `None`.
pub(crate) fn open(path: &Path, write: bool) -> Result<Option<File>, TriageError> {
    let mut options = OpenOptions::new();
    options.read(true);
    if write {
        options.append(true).create(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.is_file() {
            return Err(TriageError::NotAFile {
                path: path.to_path_buf(),
                kind: FileKind::of(meta.file_type()),
            });
        }
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound && !write => return Ok(None),
        Err(e) => {
            // ELOOP: the last component is a link; EISDIR: a folder opened to append; ENXIO: a
            // FIFO without a reader opened to write.
            let kind = match std::fs::symlink_metadata(path) {
                Ok(meta) if !meta.is_file() => Some(FileKind::of(meta.file_type())),
                _ => None,
            };
            return Err(match kind {
                Some(kind) => TriageError::NotAFile {
                    path: path.to_path_buf(),
                    kind,
                },
                None => TriageError::io(path, e),
            });
        }
    };
    let meta = file.metadata().map_err(|e| TriageError::io(path, e))?;
    if !meta.is_file() {
        return Err(TriageError::NotAFile {
            path: path.to_path_buf(),
            kind: FileKind::of(meta.file_type()),
        });
    }
    Ok(Some(file))
}

/// Reads the complete lines of `path` after `from`; their line numbers start at `from.lines`.
/// A missing file reads as empty.
pub(crate) fn read_from(path: &Path, from: Position, journal: u32) -> Result<Chunk, TriageError> {
    let mut chunk = Chunk {
        position: from,
        ..Chunk::default()
    };
    let Some(file) = open(path, false)? else {
        return Ok(chunk);
    };
    let io_error = |e| TriageError::io(path, e);
    let meta = file.metadata().map_err(io_error)?;
    let len = meta.len();
    chunk.modified = meta.modified().ok().map(DateTime::<Utc>::from);
    let mut position = from;
    // A line being skipped is not kept: go on where it was left, looking for its end.
    let start = if position.skipping {
        position.scanned
    } else {
        position.offset
    };
    let mut file = file;
    file.seek(SeekFrom::Start(start)).map_err(io_error)?;
    let budget = MAX_JOURNAL_BYTES.saturating_sub(start);
    // A journal line is about 250 bytes.
    chunk.decisions = Vec::with_capacity((len.min(budget) / 256).min(1 << 24) as usize);
    let mut reader = (&mut file).take(budget);
    // Read in blocks through one buffer (a journal can be hundreds of megabytes); each block's
    // complete lines are parsed in parallel, the incomplete rest carried to the next block.
    let mut buffer: Vec<u8> = Vec::with_capacity(BLOCK.min(len as usize + 1));
    // The file offset of `buffer[0]`.
    let mut buffer_at = start;
    let mut interners: Vec<Interner> = std::iter::repeat_with(Interner::default)
        .take(rayon::current_num_threads().max(1))
        .collect();
    loop {
        // Bytes before `searched` hold no newline: each byte is searched once.
        let mut searched = buffer.len();
        let want = BLOCK.saturating_sub(buffer.len()).max(MIN_PIECE) as u64;
        let read = (&mut reader)
            .take(want)
            .read_to_end(&mut buffer)
            .map_err(io_error)?;
        if position.skipping {
            match memchr_newline(&buffer) {
                Some(end) => {
                    // The long line ends here: it counts as a line, and reading goes on.
                    buffer.drain(..=end);
                    buffer_at += end as u64 + 1;
                    position.offset = buffer_at;
                    position.skipping = false;
                    chunk.lines += 1;
                    searched = 0;
                }
                None => {
                    buffer_at += buffer.len() as u64;
                    buffer.clear();
                    if read == 0 {
                        break;
                    }
                    continue;
                }
            }
        }
        let complete_len = buffer[searched..]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| searched + i + 1);
        if complete_len > 0 {
            parse_block(
                path,
                &buffer[..complete_len],
                from.lines,
                journal,
                &mut interners,
                &mut chunk,
            );
            buffer.drain(..complete_len);
            buffer_at += complete_len as u64;
            position.offset = buffer_at;
        }
        if buffer.len() > MAX_LINE_BYTES {
            chunk.warnings.push(LoadWarning {
                path: path.to_path_buf(),
                line: from.lines + chunk.lines + 1,
                kind: LoadWarningKind::LineTooLong,
            });
            position.skipping = true;
            buffer_at += buffer.len() as u64;
            buffer.clear();
        }
        if read == 0 {
            break;
        }
    }
    position.lines = from.lines + chunk.lines;
    position.scanned = buffer_at + buffer.len() as u64;
    if position.scanned >= MAX_JOURNAL_BYTES && len > MAX_JOURNAL_BYTES {
        chunk.warnings.push(LoadWarning {
            path: path.to_path_buf(),
            line: 0,
            kind: LoadWarningKind::TooLarge,
        });
    } else if !buffer.is_empty() {
        chunk.tail_at = Some(position.offset);
        chunk.warnings.push(LoadWarning {
            path: path.to_path_buf(),
            line: position.lines + 1,
            kind: LoadWarningKind::Incomplete,
        });
    }
    chunk.position = position;
    Ok(chunk)
}

/// The first newline in `bytes`.
fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// Parses complete lines into `chunk`: in one piece per interner, in parallel.
fn parse_block(
    path: &Path,
    complete: &[u8],
    first_seq: u64,
    journal: u32,
    interners: &mut Vec<Interner>,
    chunk: &mut Chunk,
) {
    let piece_len = (complete.len() / interners.len().max(1) + 1).max(MIN_PIECE);
    let mut pieces = Vec::new();
    let mut start = 0;
    while start < complete.len() {
        let mut end = (start + piece_len).min(complete.len());
        while end < complete.len() && complete[end - 1] != b'\n' {
            end += 1;
        }
        pieces.push(&complete[start..end]);
        start = end;
    }
    if interners.len() < pieces.len() {
        interners.resize_with(pieces.len(), Interner::default);
    }
    let parsed: Vec<Piece> = pieces
        .into_par_iter()
        .zip(interners.par_iter_mut())
        .map(|(piece, interner)| parse_piece(piece, interner))
        .collect();
    for Piece {
        mut decisions,
        errors,
        lines,
    } in parsed
    {
        let base = first_seq + chunk.lines;
        for decision in &mut decisions {
            decision.line += base;
            decision.journal = journal;
        }
        chunk.decisions.append(&mut decisions);
        chunk
            .warnings
            .extend(errors.into_iter().map(|(index, reason)| LoadWarning {
                path: path.to_path_buf(),
                line: base + index + 1,
                kind: LoadWarningKind::Malformed { reason },
            }));
        chunk.lines += lines;
    }
}

/// The complete lines of a piece of a journal, parsed.
struct Piece {
    /// Decisions, numbered by their line index in the piece.
    decisions: Vec<Decision>,
    /// Why lines could not be read, by line index.
    errors: Vec<(u64, String)>,
    /// The number of lines.
    lines: u64,
}

/// Parses the complete lines of a piece.
fn parse_piece(piece: &[u8], interner: &mut Interner) -> Piece {
    let mut decisions = Vec::with_capacity(piece.len() / 200);
    let mut errors = Vec::new();
    let mut index = 0u64;
    // The piece ends with a newline, so the last split is empty and is not a line.
    let mut lines = piece.split(|&b| b == b'\n');
    let mut next = lines.next();
    while let Some(line) = next {
        next = lines.next();
        if next.is_none() {
            break;
        }
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.iter().all(u8::is_ascii_whitespace) {
            match interner.decode(line) {
                Ok(mut decision) => {
                    decision.line = index;
                    decisions.push(decision);
                }
                Err(reason) => errors.push((index, reason)),
            }
        }
        index += 1;
    }
    Piece {
        decisions,
        errors,
        lines: index,
    }
}

/// The open journal of the current user.
pub(crate) struct Writer {
    path: PathBuf,
    file: File,
    /// The file does not end with a newline (a torn line): write one first.
    needs_newline: bool,
}

impl Writer {
    /// Opens (creating it and its folder if needed) the journal for appending. The journal and
    /// the folders of the journals inside the inbox must not be links, and the journal must be
    /// a regular file: a decision is never written anywhere else.
    pub fn open(path: &Path) -> Result<Writer, TriageError> {
        let dir = path.parent().unwrap_or(Path::new("."));
        // `.nianbao/journal`: neither folder may lead elsewhere, and nothing is created
        // through one that does.
        let mut folders: Vec<&Path> = dir.ancestors().take(2).collect();
        folders.reverse();
        for folder in folders {
            let meta = match std::fs::symlink_metadata(folder) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    std::fs::create_dir(folder)
                        .or_else(|e| match e.kind() {
                            // Another process made it meanwhile.
                            io::ErrorKind::AlreadyExists => Ok(()),
                            _ => Err(e),
                        })
                        .map_err(|e| TriageError::io(folder, e))?;
                    std::fs::symlink_metadata(folder)
                }
                other => other,
            }
            .map_err(|e| TriageError::io(folder, e))?;
            if !meta.is_dir() {
                return Err(TriageError::NotAFolder {
                    path: folder.to_path_buf(),
                    kind: FileKind::of(meta.file_type()),
                });
            }
        }
        let existed = std::fs::symlink_metadata(path).is_ok();
        let Some(mut file) = open(path, true)? else {
            return Err(TriageError::io(path, io::ErrorKind::NotFound.into()));
        };
        if !existed {
            // The new file's name must survive a crash too.
            sync_dir(dir);
        }
        let needs_newline =
            ends_without_newline(&mut file).map_err(|e| TriageError::io(path, e))?;
        Ok(Writer {
            path: path.to_path_buf(),
            file,
            needs_newline,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one encoded line and makes it durable. Returns the bytes written.
    pub fn append(&mut self, line: &[u8]) -> io::Result<u64> {
        let mut bytes = Vec::with_capacity(line.len() + 1);
        if self.needs_newline {
            bytes.push(b'\n');
        }
        bytes.extend_from_slice(line);
        // Until this succeeds the file may end inside a line; assume it does.
        self.needs_newline = true;
        self.file.write_all(&bytes)?;
        self.file.flush()?;
        self.file.sync_data()?;
        self.needs_newline = !bytes.ends_with(b"\n");
        Ok(bytes.len() as u64)
    }

    /// The current length of the file.
    pub fn len(&self) -> io::Result<u64> {
        Ok(self.file.metadata()?.len())
    }
}

fn ends_without_newline(file: &mut File) -> io::Result<bool> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// Makes a directory entry durable (a no-op where directories cannot be synced).
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::triage::Action;

    fn decision(note: Option<&str>) -> Decision {
        let report = Arc::new(ReportRef {
            agency: Some("北关区司法局".into()),
            year: Some(2023),
            file: "a b.txt".into(),
            content_hash: Some("00ff".into()),
        });
        let mut d = Decision::new(
            "张三",
            Fingerprint(0xabc),
            "period-reversed",
            report,
            Action::Confirm,
        )
        .at(DateTime::parse_from_rfc3339("2024-03-01T08:00:00.123456Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default());
        d.note = note.map(str::to_string);
        d
    }

    #[test]
    fn a_line_round_trips() {
        let d = decision(Some("含\"引号\"与\n换行"));
        let line = encode(&d).unwrap();
        assert!(line.ends_with(b"\n"));
        assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1);
        let text = String::from_utf8(line.clone()).unwrap();
        assert!(text.starts_with(r#"{"time":"2024-03-01T08:00:00.123Z","user":"张三","fingerprint":"0000000000000abc""#), "{text}");
        let piece = parse_piece(&line, &mut Interner::default());
        assert!(piece.errors.is_empty());
        assert_eq!(piece.lines, 1);
        assert_eq!(piece.decisions, vec![d]);
    }

    #[test]
    fn the_fast_reader_agrees_with_serde() {
        let mut decisions = vec![
            decision(None),
            decision(Some("普通批注")),
            decision(Some("")),
        ];
        let mut bare = decision(None);
        bare.report = Arc::new(ReportRef {
            agency: None,
            year: None,
            file: "x.txt".into(),
            content_hash: None,
        });
        bare.undo = true;
        bare.action = Action::Reopen;
        decisions.push(bare);
        let mut signed = decision(Some("机器"));
        signed.host = Some("PC-07".into());
        signed.seq = 12;
        decisions.push(signed);
        let mut negative = decision(Some("x"));
        negative.report = Arc::new(ReportRef {
            year: Some(-1),
            ..ReportRef::default()
        });
        decisions.push(negative);
        for d in &decisions {
            let line = encode(d).unwrap();
            let text = std::str::from_utf8(&line[..line.len() - 1]).unwrap();
            let fast = fast::line(text).expect("the encoder's own lines take the fast path");
            let slow: LineIn<'_> = serde_json::from_str(text).unwrap();
            let mut interner = Interner::default();
            assert_eq!(fast.time, slow.time);
            assert_eq!(fast.note, slow.note);
            assert_eq!(fast.undo, slow.undo);
            assert_eq!(fast.host, slow.host);
            assert_eq!(fast.seq, slow.seq);
            assert_eq!(
                interner.report(fast.report_raw, &fast.report),
                interner.report(slow.report_raw, &slow.report)
            );
            assert_eq!(fast::time(&fast.time), Some(d.time));
            assert_eq!(interner.decode(text.as_bytes()).unwrap(), *d);
        }
        // Escapes, other key orders, extra fields: the general parser's business.
        let escaped = encode(&decision(Some("含\"引号\""))).unwrap();
        let text = std::str::from_utf8(&escaped[..escaped.len() - 1]).unwrap();
        assert!(fast::line(text).is_none());
        assert!(fast::line(&text.replace("}", ",\"extra\":1}")).is_none());
        assert!(fast::line(&format!("{text} ")).is_none());
        assert!(fast::time("2024-03-01T08:00:00Z").is_none());
        assert!(fast::time("2024-02-30T08:00:00.000Z").is_none());
        assert!(fast::time("2024-03-01T08:00:0x.000Z").is_none());
    }

    #[test]
    fn a_journal_larger_than_a_block_reads_whole_and_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        let mut bytes = Vec::new();
        let mut lines = 0u64;
        let mut bad_at = Vec::new();
        while bytes.len() < BLOCK + BLOCK / 2 {
            if lines % 40_000 == 39_999 {
                bytes.extend_from_slice(b"{broken\n");
                bad_at.push(lines + 1);
            } else {
                let mut d = decision(None);
                d.fingerprint = Fingerprint(lines);
                bytes.extend_from_slice(&encode(&d).unwrap());
            }
            lines += 1;
        }
        bytes.extend_from_slice(b"{\"time\":\"20");
        std::fs::write(&path, &bytes).unwrap();

        let chunk = read_from(&path, Position::default(), 3).unwrap();
        assert_eq!(chunk.lines, lines);
        assert_eq!(chunk.decisions.len() as u64, lines - bad_at.len() as u64);
        for d in &chunk.decisions {
            assert_eq!(d.fingerprint.0, d.line, "each decision knows its line");
            assert_eq!(d.journal, 3);
        }
        let mut warned: Vec<u64> = chunk.warnings.iter().map(|w| w.line).collect();
        bad_at.push(lines + 1);
        warned.sort();
        assert_eq!(warned, bad_at);
        let tail = chunk.tail_at.unwrap();
        assert_eq!(chunk.position.offset, tail);
        assert_eq!(chunk.position.scanned, bytes.len() as u64);

        // Reading on from the middle, as a reload does.
        let middle = bytes[..bytes.len() / 2]
            .iter()
            .rposition(|&b| b == b'\n')
            .unwrap() as u64
            + 1;
        let before = bytes[..middle as usize]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        let from = Position {
            offset: middle,
            lines: before,
            scanned: middle,
            skipping: false,
        };
        let rest = read_from(&path, from, 3).unwrap();
        assert_eq!(rest.lines, lines - before);
        assert_eq!(rest.decisions.first().unwrap().line, before);
        assert_eq!(rest.position, chunk.position);
    }

    #[test]
    fn bad_lines_are_skipped_with_their_line_number() {
        let good = encode(&decision(None)).unwrap();
        let mut piece = good.clone();
        piece.extend_from_slice(b"{\"time\":\"2024\n\n");
        piece.extend_from_slice(&good);
        piece.extend_from_slice(&[0xff, 0xfe, b'\n']);
        let parsed = parse_piece(&piece, &mut Interner::default());
        assert_eq!(parsed.decisions.len(), 2);
        assert_eq!(parsed.lines, 5);
        assert_eq!(parsed.decisions[1].line, 3);
        let bad: Vec<u64> = parsed.errors.iter().map(|e| e.0).collect();
        assert_eq!(bad, vec![1, 4]);
    }
}
