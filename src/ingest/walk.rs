//! Finding the report files under the paths given.

use std::path::{Path, PathBuf};

use super::ReadFailure;

/// A file to check, or a path that could not be walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkEntry {
    File(PathBuf),
    Failed(PathBuf, ReadFailure),
}

/// Whether a file found while walking a folder is a report to check: `.txt`, not hidden, not a
/// temporary file of an editor or a download.
pub fn is_report_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with('.') || name.starts_with("~$") {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// Walks the given paths: files are taken as given, folders recursively (skipping `.nianbao/`
/// and hidden entries). Entries are in a stable order.
pub fn walk(paths: &[PathBuf]) -> Vec<WalkEntry> {
    let mut entries = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut visited = Vec::new();
                walk_dir(path, &mut visited, &mut entries);
            }
            Ok(_) => entries.push(WalkEntry::File(path.clone())),
            Err(e) => entries.push(WalkEntry::Failed(
                path.clone(),
                ReadFailure::Io {
                    message: e.to_string(),
                },
            )),
        }
    }
    entries
}

fn walk_dir(dir: &Path, visited: &mut Vec<PathBuf>, out: &mut Vec<WalkEntry>) {
    let canonical = match std::fs::canonicalize(dir) {
        Ok(c) => c,
        Err(e) => {
            out.push(WalkEntry::Failed(
                dir.to_path_buf(),
                ReadFailure::Io {
                    message: e.to_string(),
                },
            ));
            return;
        }
    };
    if visited.contains(&canonical) {
        out.push(WalkEntry::Failed(
            dir.to_path_buf(),
            ReadFailure::DirectoryLoop,
        ));
        return;
    }
    visited.push(canonical);
    let mut children: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(read) => read.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            out.push(WalkEntry::Failed(
                dir.to_path_buf(),
                ReadFailure::Io {
                    message: e.to_string(),
                },
            ));
            visited.pop();
            return;
        }
    };
    children.sort();
    for child in children {
        let hidden = child
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        match std::fs::metadata(&child) {
            Ok(meta) if meta.is_dir() => walk_dir(&child, visited, out),
            Ok(_) if is_report_file(&child) => out.push(WalkEntry::File(child)),
            Ok(_) => {}
            Err(e) => out.push(WalkEntry::Failed(
                child,
                ReadFailure::Io {
                    message: e.to_string(),
                },
            )),
        }
    }
    visited.pop();
}
