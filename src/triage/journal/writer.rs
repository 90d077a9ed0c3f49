//! Appending to the current user's journal, each line durable before it counts.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::{open, FileKind};
use crate::triage::TriageError;

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
