//! Appending to the current user's journal, each line durable before it counts.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::{open, FileKind};
use crate::triage::TriageError;

/// The open journal of the current user.
pub(crate) struct Writer {
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
            file,
            needs_newline,
        })
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

/// The lines of decisions already in a store's memory, waiting to be appended to the user's
/// journal (see [`TriageStore::defer_writes`](crate::triage::TriageStore::defer_writes)).
/// Writes are appended by one [`Appender`] in the order they were made, so the journal's order
/// and its bulk decisions are the ones the store shows.
#[derive(Debug)]
pub struct JournalWrite {
    /// The store's run of writes this belongs to: a failure ends a run (see [`Appender`]).
    pub(crate) generation: u64,
    pub(crate) lines: Vec<u8>,
    /// The decisions in `lines`.
    pub(crate) count: usize,
    /// The journal's length after this write if nobody else writes to it; `None` when the
    /// store already cannot tell.
    pub(crate) end: Option<u64>,
}

impl JournalWrite {
    /// The number of decisions it writes.
    pub fn decisions(&self) -> usize {
        self.count
    }
}

/// What came of a [`JournalWrite`]: given back to the store that made it
/// ([`TriageStore::written`](crate::triage::TriageStore::written)).
#[derive(Debug)]
pub enum Written {
    /// On disk, durably: `bytes` written, after which the file was `len` long.
    Saved {
        generation: u64,
        count: usize,
        bytes: u64,
        len: u64,
        whole: bool,
        end: Option<u64>,
    },
    /// Not written (or only partly: a torn line that later loads warn about).
    Failed {
        generation: u64,
        count: usize,
        error: TriageError,
    },
    /// Not attempted: an earlier write of the same run failed, and this one followed it (an
    /// undo of a decision that never reached the journal must not reach it either).
    Skipped { generation: u64, count: usize },
}

/// Appends [`JournalWrite`]s to one journal, one after the other: a thread of its own can own
/// it, so that the `fsync` of a journal on a slow share never holds the keys up. After a write
/// fails, the writes that follow it in the same run are skipped, not written: the journal never
/// holds a decision whose predecessor is missing.
pub struct Appender {
    path: PathBuf,
    writer: Option<Writer>,
    failed: Option<u64>,
}

impl Appender {
    /// An appender for the journal at `path`, opened on its first write.
    pub fn new(path: &Path) -> Appender {
        Appender {
            path: path.to_path_buf(),
            writer: None,
            failed: None,
        }
    }

    /// The journal written to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends a write, durably, unless a write before it in its run failed.
    pub fn append(&mut self, write: JournalWrite) -> Written {
        let JournalWrite {
            generation,
            lines,
            count,
            end,
        } = write;
        if self.failed == Some(generation) {
            return Written::Skipped { generation, count };
        }
        match self.write_lines(&lines) {
            Ok((bytes, len)) => Written::Saved {
                generation,
                count,
                bytes,
                len,
                whole: bytes == lines.len() as u64,
                end,
            },
            Err(error) => {
                self.failed = Some(generation);
                Written::Failed {
                    generation,
                    count,
                    error,
                }
            }
        }
    }

    /// Appends encoded lines durably; the bytes written (a newline ending a torn line first
    /// included) and the file's length after them. After a failure the file is opened afresh
    /// next time (its folders checked again, a torn line ended).
    pub(crate) fn write_lines(&mut self, lines: &[u8]) -> Result<(u64, u64), TriageError> {
        if self.writer.is_none() {
            self.writer = Some(Writer::open(&self.path)?);
        }
        let Some(writer) = self.writer.as_mut() else {
            return Err(TriageError::io(&self.path, io::ErrorKind::NotFound.into()));
        };
        let done = writer
            .append(lines)
            .and_then(|written| Ok((written, writer.len()?)))
            .map_err(|e| TriageError::io(&self.path, e));
        if done.is_err() {
            self.writer = None;
        }
        done
    }
}
