//! The folder of an inbox's journals on disk: which journal files it holds, and whether the
//! current user's decisions can be recorded there (checked when the store opens, so that the
//! user learns it before working through a queue). The store (`store.rs`) merges what is read.

use std::path::{Path, PathBuf};

use super::journal::{FileKind, LoadWarningKind};
use super::journal_dir;

/// The journal files of an inbox, in name order, and why the folder of the journals could not
/// be listed (whole or in part): not a folder, or not readable. Never an error: triage goes on
/// with what can be read.
pub(super) fn discover(inbox: &Path) -> (Vec<PathBuf>, Option<LoadWarningKind>) {
    let dir = journal_dir(inbox);
    let unlisted = |e: std::io::Error| match std::fs::symlink_metadata(&dir) {
        Ok(meta) if !meta.is_dir() && !dir.is_dir() => LoadWarningKind::NotAFolder {
            kind: FileKind::of(meta.file_type()),
        },
        _ => LoadWarningKind::Unlisted {
            reason: e.to_string(),
        },
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Vec::new(), None),
        Err(e) => return (Vec::new(), Some(unlisted(e))),
    };
    let mut paths = Vec::new();
    let mut refused = None;
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                refused = Some(unlisted(e));
                break;
            }
        };
        let path = entry.path();
        // Whatever its type: a journal that is not a regular file is reported when read.
        if path.extension().is_some_and(|e| e == "jsonl") {
            paths.push(path);
        }
    }
    paths.sort();
    (paths, refused)
}

/// Whether journals can be under the folder of the journals: not when it is not a folder.
pub(super) fn folder_is_usable(refused: Option<&LoadWarningKind>) -> bool {
    !matches!(refused, Some(LoadWarningKind::NotAFolder { .. }))
}

/// Why a decision of the user could not be recorded in their journal, if it could not: the
/// journal (or, while it does not exist, the folder it would be made in) is not what it must
/// be, or this process may not write there. Told when the store opens, so that nobody works
/// through a queue to learn at the first decision that none can be kept.
pub(super) fn recording_problem(own: &Path) -> Option<LoadWarningKind> {
    let journals = own.parent()?;
    let nianbao = journals.parent()?;
    let inbox = nianbao.parent()?;
    let chain = [inbox, nianbao, journals, own];
    for (i, &path) in chain.iter().enumerate() {
        let blocked = |at: &Path, kind: Option<FileKind>, reason: String| {
            Some(LoadWarningKind::CannotRecord {
                at: at.to_path_buf(),
                kind,
                reason,
            })
        };
        // The inbox may be reached through a link; the folders inside it may not.
        let meta = match i {
            0 => std::fs::metadata(path),
            _ => std::fs::symlink_metadata(path),
        };
        let meta = match meta {
            Ok(meta) => meta,
            // Created at the first decision, in the folder before it.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && i > 0 => {
                let parent = chain[i - 1];
                return match writable(parent, true) {
                    Ok(()) => None,
                    Err(e) => blocked(parent, None, e.to_string()),
                };
            }
            Err(e) => return blocked(path, None, e.to_string()),
        };
        let right_type = if path == own {
            meta.is_file()
        } else {
            meta.is_dir()
        };
        if !right_type {
            return blocked(path, Some(FileKind::of(meta.file_type())), String::new());
        }
        if path == own {
            return match writable(own, false) {
                Ok(()) => None,
                Err(e) => blocked(own, None, e.to_string()),
            };
        }
    }
    None
}

/// Whether this process may write to a file (append to it), or create files in a folder.
fn writable(path: &Path, folder: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let c_path = std::ffi::CString::new(path.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        let mode = if folder {
            libc::W_OK | libc::X_OK
        } else {
            libc::W_OK
        };
        // SAFETY: the path is a valid C string for the duration of the call.
        let allowed =
            unsafe { libc::faccessat(libc::AT_FDCWD, c_path.as_ptr(), mode, libc::AT_EACCESS) };
        match allowed {
            0 => Ok(()),
            _ => Err(std::io::Error::last_os_error()),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        match std::fs::metadata(path)?.permissions().readonly() {
            true => Err(std::io::ErrorKind::PermissionDenied.into()),
            false => Ok(()),
        }
    }
}
