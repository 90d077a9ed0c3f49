//! Reading a journal from a position on: in blocks, each block's complete lines parsed in
//! parallel, an incomplete last line left for the next read.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use super::interner::Interner;
use super::{open, LoadWarning, LoadWarningKind, MAX_JOURNAL_BYTES, MAX_LINE_BYTES};
use crate::triage::decision::Decision;
use crate::triage::TriageError;

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
pub(super) const BLOCK: usize = 16 << 20;

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
pub(super) struct Piece {
    /// Decisions, numbered by their line index in the piece.
    pub(super) decisions: Vec<Decision>,
    /// Why lines could not be read, by line index.
    pub(super) errors: Vec<(u64, String)>,
    /// The number of lines.
    pub(super) lines: u64,
}

/// Parses the complete lines of a piece.
pub(super) fn parse_piece(piece: &[u8], interner: &mut Interner) -> Piece {
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
