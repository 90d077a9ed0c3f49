//! One user's journal: an append-only file of decisions, one JSON object per line.
//!
//! ```json
//! {"time":"2024-03-01T08:00:00.123Z","user":"张三","fingerprint":"0f3a…","code":"period-reversed",
//!  "report":{"agency":"乌拉特中旗司法局","year":2023,"file":"004.txt","hash":"9c1e…"},
//!  "action":"confirm","note":"请核对统计期限"}
//! ```
//!
//! `action` is `confirm`, `dismiss`, `reopen` or `note`; `note` is left out when there is none;
//! `"undo":true` marks the inverse of an earlier decision. Unknown fields are ignored, so later
//! versions can add fields without breaking older readers.
//!
//! Writing: the whole line (with its newline) goes out in one `write_all`, then `flush` and
//! `sync_data`; only then has the decision happened. If the file does not end with a newline
//! (a crash tore the last line), a newline is written first so that the torn line stays a line
//! of its own and the new one is intact.
//!
//! Reading: a line that does not parse is skipped with a [`LoadWarning`], never an error; the
//! last line without its newline is not read yet (a write in progress on a shared folder, or a
//! torn write) and is reported once. The library never prints: warnings go to the caller.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::decision::{Action, Decision, ReportRef};
use crate::flag::Fingerprint;

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
}

impl fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            LoadWarningKind::Malformed { reason } => {
                write!(
                    f,
                    "{path}:{}: skipped a line that is not a decision ({reason})",
                    self.line
                )
            }
            LoadWarningKind::Incomplete => write!(
                f,
                "{path}:{}: skipped an incomplete last line (torn or still being written)",
                self.line
            ),
            LoadWarningKind::Shrunk => {
                write!(
                    f,
                    "{path}: the journal got shorter; all journals were read again"
                )
            }
        }
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
}

#[derive(Serialize)]
struct ReportOut<'a> {
    agency: Option<&'a str>,
    year: Option<i32>,
    file: &'a str,
    hash: Option<&'a str>,
}

// Strings borrow from the file's buffer whenever they hold no escapes, so that a million lines
// parse without a million allocations per field; repeated ones are then interned.
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
    };
    let mut bytes = serde_json::to_vec(&line)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Shares the strings that repeat from line to line (users, codes, reports).
#[derive(Default)]
struct Interner<'a> {
    strings: HashMap<&'a str, Arc<str>>,
    reports: HashMap<ReportKey<'a>, Arc<ReportRef>>,
}

type ReportKey<'a> = (Option<&'a str>, Option<i32>, &'a str, Option<&'a str>);

fn borrowed<'a>(text: &Cow<'a, str>) -> Option<&'a str> {
    match text {
        Cow::Borrowed(b) => Some(b),
        Cow::Owned(_) => None,
    }
}

impl<'a> Interner<'a> {
    fn string(&mut self, text: Cow<'a, str>) -> Arc<str> {
        match text {
            Cow::Borrowed(b) => self
                .strings
                .entry(b)
                .or_insert_with(|| Arc::from(b))
                .clone(),
            Cow::Owned(o) => Arc::from(o),
        }
    }

    fn report(&mut self, report: &ReportIn<'a>) -> Arc<ReportRef> {
        let make = || {
            Arc::new(ReportRef {
                agency: report.agency.as_deref().map(str::to_string),
                year: report.year,
                file: report.file.to_string(),
                content_hash: report.hash.as_deref().map(str::to_string),
            })
        };
        let all_borrowed = report.agency.as_ref().is_none_or(|a| borrowed(a).is_some())
            && borrowed(&report.file).is_some()
            && report.hash.as_ref().is_none_or(|h| borrowed(h).is_some());
        if !all_borrowed {
            return make();
        }
        let key = (
            report.agency.as_ref().and_then(borrowed),
            report.year,
            borrowed(&report.file).unwrap_or(""),
            report.hash.as_ref().and_then(borrowed),
        );
        self.reports.entry(key).or_insert_with(make).clone()
    }

    fn decode(&mut self, line: &'a [u8]) -> Result<Decision, String> {
        let text = std::str::from_utf8(line).map_err(|_| "not UTF-8".to_string())?;
        let raw: LineIn<'a> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let time = DateTime::parse_from_rfc3339(&raw.time)
            .map_err(|e| format!("time `{}`: {e}", raw.time))?
            .with_timezone(&Utc);
        let fingerprint: Fingerprint = raw.fingerprint.parse()?;
        let action =
            Action::parse(&raw.action).ok_or_else(|| format!("unknown action `{}`", raw.action))?;
        Ok(Decision {
            time,
            user: self.string(raw.user),
            fingerprint,
            code: self.string(raw.code),
            report: self.report(&raw.report),
            action,
            note: raw.note.map(Cow::into_owned),
            undo: raw.undo,
            seq: 0,
            journal: 0,
        })
    }
}

/// What was read from a journal from some offset on.
#[derive(Debug, Default)]
pub(crate) struct Chunk {
    pub decisions: Vec<Decision>,
    pub warnings: Vec<LoadWarning>,
    /// The offset after the last complete line read.
    pub end: u64,
    /// The number of complete lines read (decisions, blank and malformed lines alike).
    pub lines: u64,
    /// Where an incomplete last line starts, if there is one.
    pub tail_at: Option<u64>,
}

/// The size of the pieces a journal is cut into for parsing in parallel.
const PIECE: usize = 1 << 20;

/// Reads the complete lines of `path` after `offset`; their sequence numbers start at
/// `first_seq` (the number of lines before `offset`). A missing file reads as empty.
pub(crate) fn read_from(
    path: &Path,
    offset: u64,
    first_seq: u64,
    journal: u32,
) -> io::Result<Chunk> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(Chunk {
                end: offset,
                ..Chunk::default()
            })
        }
        Err(e) => return Err(e),
    };
    file.seek(SeekFrom::Start(offset))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let complete_len = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let complete = &bytes[..complete_len];
    let tail_at = (complete_len < bytes.len()).then_some(offset + complete_len as u64);

    // Pieces of about PIECE bytes, each ending at a newline, parsed in parallel.
    let mut pieces = Vec::new();
    let mut start = 0;
    while start < complete.len() {
        let mut end = (start + PIECE).min(complete.len());
        while end < complete.len() && complete[end - 1] != b'\n' {
            end += 1;
        }
        pieces.push(&complete[start..end]);
        start = end;
    }
    let parsed: Vec<Piece> = pieces.par_iter().map(|piece| parse_piece(piece)).collect();

    let mut chunk = Chunk {
        end: offset + complete_len as u64,
        tail_at,
        ..Chunk::default()
    };
    for Piece {
        mut decisions,
        errors,
        lines,
    } in parsed
    {
        let base = first_seq + chunk.lines;
        for decision in &mut decisions {
            decision.seq += base;
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
    if tail_at.is_some() {
        chunk.warnings.push(LoadWarning {
            path: path.to_path_buf(),
            line: first_seq + chunk.lines + 1,
            kind: LoadWarningKind::Incomplete,
        });
    }
    Ok(chunk)
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
fn parse_piece(piece: &[u8]) -> Piece {
    let mut interner = Interner::default();
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
                    decision.seq = index;
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
    /// Opens (creating it and its folder if needed) the journal for appending.
    pub fn open(path: &Path) -> io::Result<Writer> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let existed = path.exists();
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        if !existed {
            // The new file's name must survive a crash too.
            sync_dir(dir);
        }
        let needs_newline = ends_without_newline(path)?;
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

fn ends_without_newline(path: &Path) -> io::Result<bool> {
    let mut file = File::open(path)?;
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
            file: "a \"b\".txt".into(),
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
        let piece = parse_piece(&line);
        assert!(piece.errors.is_empty());
        assert_eq!(piece.lines, 1);
        assert_eq!(piece.decisions, vec![d]);
    }

    #[test]
    fn bad_lines_are_skipped_with_their_line_number() {
        let good = encode(&decision(None)).unwrap();
        let mut piece = good.clone();
        piece.extend_from_slice(b"{\"time\":\"2024\n\n");
        piece.extend_from_slice(&good);
        piece.extend_from_slice(&[0xff, 0xfe, b'\n']);
        let parsed = parse_piece(&piece);
        assert_eq!(parsed.decisions.len(), 2);
        assert_eq!(parsed.lines, 5);
        assert_eq!(parsed.decisions[1].seq, 3);
        let bad: Vec<u64> = parsed.errors.iter().map(|e| e.0).collect();
        assert_eq!(bad, vec![1, 4]);
    }
}
