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
//! (see [`Decision::batch`](crate::triage::Decision::batch)). Unknown fields are ignored, so
//! later versions can add fields without breaking older readers.
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
//!
//! The parts, one job each: `line` the line format, `reader` reading from a position in
//! parallel blocks, `fast` the fast path of a line's JSON, `interner` decisions from read
//! lines with shared strings (hashed with [`crate::hash::FxHasher`]), `writer` the durable append.

mod fast;
mod interner;
mod line;
mod reader;
mod writer;

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};

use super::TriageError;
use crate::i18n::Lang;

pub use line::encode;
pub(crate) use reader::{read_from, Chunk, Position};
pub(crate) use writer::sync_dir;
pub use writer::{Appender, JournalWrite, Written};

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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::interner::Interner;
    use super::line::LineIn;
    use super::reader::{parse_piece, BLOCK};
    use super::*;
    use crate::flag::Fingerprint;
    use crate::triage::decision::{Decision, ReportRef};
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
