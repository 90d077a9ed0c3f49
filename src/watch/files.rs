//! Reading one report file for the watcher: once, hashed and checked from the same bytes, and
//! only if the file did not change while it was read.

use std::fs::Metadata;
use std::path::{Component, Path};
use std::time::{Duration, SystemTime};

use nianbao::inbox::{self, Reading, Versions};
use nianbao::ingest::{self, ReadFailure};
use nianbao::pipeline::{self, CheckOptions, CheckedReport};

/// What reading a file gave.
pub(super) enum Outcome {
    /// The report, the hash of its bytes (None when they could not be read), the stamp of
    /// the version read (None when there was no file to take it from), and what the inbox
    /// keeps of it for the cross-report rules and versions (None when it could not be read).
    Checked(
        Box<CheckedReport>,
        Option<u64>,
        Option<Stamp>,
        Option<Box<Reading>>,
    ),
    /// The file is gone (deleted or renamed away before or while it was read).
    Gone,
    /// The file changed while it was read: what was read may be half a file.
    Unsettled,
}

/// What identifies a version of a file without reading it: a writer that is still busy changes
/// the size or the modification time; a file replaced by a rename changes the inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    inode: u64,
}

impl Stamp {
    pub(super) fn of(meta: &Metadata) -> Stamp {
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode: std::os::unix::fs::MetadataExt::ino(meta),
        }
    }
}

/// Reads, hashes and checks one file, comparing its size and time before and after the read;
/// its content for the diffs between versions is read when `versions` keeps it.
/// A file modified less than `quiet` ago is not read yet: it is probably still being written
/// (notify reports each write of a long copy as it expires, not once the copy is done).
pub(super) fn read(
    root: &Path,
    path: &Path,
    options: &CheckOptions,
    quiet: Duration,
    versions: Versions,
) -> Outcome {
    // The file is opened first and its stamp taken from the opened file (`fstat`): a look at
    // the path before the open walked the path a second time, one system call in three of a
    // read, ~4 % of the dashboard's load. The stamp is the same: the path is followed either
    // way, and a file replaced after the open is caught by the look at the path after the read.
    let file = match ingest::open_for_reading(path, ingest::Links::Follow) {
        Ok(file) => file,
        Err(failure_kind) => return unopened(root, path, failure_kind, quiet, options),
    };
    let meta = match file.metadata() {
        Ok(meta) if recently_modified(&meta, quiet) => return Outcome::Unsettled,
        Ok(meta) => meta,
        Err(e) => return failure(root, path, ingest::io_failure(&e), None, options),
    };
    let before = Stamp::of(&meta);
    let bytes = match ingest::read_open_with(file, &meta, options.limits) {
        Ok(bytes) => bytes,
        Err(failure_kind) => return failure(root, path, failure_kind, Some(before), options),
    };
    match std::fs::metadata(path) {
        Ok(meta) if Stamp::of(&meta) == before => {}
        Ok(_) => return Outcome::Unsettled,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Outcome::Gone,
        // Cannot tell whether the file settled: read it again later.
        Err(_) => return Outcome::Unsettled,
    }
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    let (report, reading) =
        inbox::check_bytes(root, path, bytes, before.modified, options, versions);
    Outcome::Checked(Box::new(report), Some(hash), Some(before), Some(reading))
}

/// Whether a file was modified less than `quiet` ago. A time in the future (the clock of a
/// file server ahead of ours) says nothing: the file is read, the stamps still guard the read.
fn recently_modified(meta: &Metadata, quiet: Duration) -> bool {
    let Ok(modified) = meta.modified() else {
        return false;
    };
    SystemTime::now()
        .duration_since(modified)
        .is_ok_and(|age| age < quiet)
}

/// A file that could not be opened, judged as before the open-first read: the path's status
/// says whether it is still being written and gives the stamp of the unreadable version (so a
/// poll does not announce it again); without a status, the status's failure is the one told.
fn unopened(
    root: &Path,
    path: &Path,
    failure_kind: ReadFailure,
    quiet: Duration,
    options: &CheckOptions,
) -> Outcome {
    match std::fs::metadata(path) {
        Ok(meta) if recently_modified(&meta, quiet) => Outcome::Unsettled,
        Ok(meta) => failure(root, path, failure_kind, Some(Stamp::of(&meta)), options),
        Err(e) => failure(root, path, ingest::io_failure(&e), None, options),
    }
}

/// A file that could not be read: gone, or a report with one `unreadable-file` flag.
fn failure(
    root: &Path,
    path: &Path,
    failure: ReadFailure,
    stamp: Option<Stamp>,
    options: &CheckOptions,
) -> Outcome {
    if failure == ReadFailure::Vanished {
        return Outcome::Gone;
    }
    let report = pipeline::failed(root, path, failure, &options.selection);
    Outcome::Checked(Box::new(report), None, stamp, None)
}

/// Whether a path under the inbox is outside what the walk looks at: hidden entries (which
/// include the `.nianbao/` journals) and Office lock files, at any depth. The file name itself
/// is judged by [`ingest::walk::is_report_file`].
pub(super) fn ignored(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return true;
    };
    relative.components().any(|component| match component {
        Component::Normal(name) => {
            let name = name.to_string_lossy();
            name.starts_with('.') || name.starts_with("~$")
        }
        // `..` could lead out of the inbox; notify never gives one.
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`read`] with the default options, keeping the version content (as the dashboard).
    fn read_kept(root: &Path, path: &Path, quiet: Duration) -> Outcome {
        read(root, path, &CheckOptions::default(), quiet, Versions::Kept)
    }

    #[test]
    fn hidden_state_and_lock_files_are_ignored_at_any_depth() {
        let root = Path::new("/inbox");
        for path in [
            "/inbox/.nianbao/journal/me.jsonl",
            "/inbox/sub/.hidden.txt",
            "/inbox/~$lock.txt",
            "/inbox/a/.git/x.txt",
            "/elsewhere/a.txt",
        ] {
            assert!(ignored(root, Path::new(path)), "{path}");
        }
        for path in ["/inbox/a.txt", "/inbox/sub/deeper/b.txt", "/inbox/sub"] {
            assert!(!ignored(root, Path::new(path)), "{path}");
        }
    }

    #[test]
    fn a_file_is_read_hashed_and_checked() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "一、总体情况\n").expect("write");
        let Outcome::Checked(report, hash, _, _) = read_kept(dir.path(), &path, Duration::ZERO)
        else {
            panic!("not checked");
        };
        assert_eq!(report.path, path);
        assert_eq!(
            hash,
            Some(xxhash_rust::xxh3::xxh3_64("一、总体情况\n".as_bytes()))
        );
        assert!(matches!(
            read_kept(dir.path(), &dir.path().join("gone.txt"), Duration::ZERO),
            Outcome::Gone
        ));
    }

    /// `nianbao watch` shows no diff between versions: the content they need is not read.
    #[test]
    fn the_content_is_read_only_when_versions_are_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "标题\n一、总体情况\n本机关做好了工作。\n").expect("write");
        let content = |versions| {
            let options = CheckOptions::default();
            let Outcome::Checked(_, _, _, Some(reading)) =
                read(dir.path(), &path, &options, Duration::ZERO, versions)
            else {
                panic!("not checked");
            };
            assert!(reading.facts.is_some());
            reading.content
        };
        let kept = content(Versions::Kept).expect("content kept");
        assert!(kept.paragraphs().count() >= 2, "{kept:?}");
        assert!(content(Versions::NotKept).is_none());
    }

    /// The stamp taken from the opened file is the one the path's status gives (what `read`
    /// took before it opened first): for a report, a link to one (followed), and a folder and
    /// a FIFO (refused, their stamp kept so a poll does not announce them again).
    #[test]
    fn the_stamp_of_what_was_read_is_the_paths() {
        let dir = tempfile::tempdir().expect("temp dir");
        let report = dir.path().join("a.txt");
        std::fs::write(&report, "一、总体情况\n").expect("write");
        let folder = dir.path().join("b.txt");
        std::fs::create_dir(&folder).expect("folder");
        let mut paths = vec![report.clone(), folder];
        #[cfg(unix)]
        {
            let link = dir.path().join("link.txt");
            std::os::unix::fs::symlink(&report, &link).expect("link");
            let fifo = dir.path().join("fifo.txt");
            let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("name");
            // SAFETY: `name` is a valid NUL-terminated path that outlives the call.
            assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0, "mkfifo");
            paths.extend([link, fifo]);
        }
        for path in paths {
            let Outcome::Checked(_, _, stamp, _) = read_kept(dir.path(), &path, Duration::ZERO)
            else {
                panic!("{path:?} not checked");
            };
            let status = std::fs::metadata(&path).expect("status");
            assert_eq!(stamp, Some(Stamp::of(&status)), "{path:?}");
        }
    }

    #[test]
    fn a_file_written_a_moment_ago_is_not_read_yet() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "一、总体情况\n").expect("write");
        let quiet = Duration::from_secs(3600);
        assert!(matches!(
            read_kept(dir.path(), &path, quiet),
            Outcome::Unsettled
        ));
    }

    #[test]
    fn an_empty_file_is_hashed_too() {
        // A rescan that finds the same empty file must not announce it as changed.
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("empty.txt");
        std::fs::write(&path, "").expect("write");
        let Outcome::Checked(report, hash, _, _) = read_kept(dir.path(), &path, Duration::ZERO)
        else {
            panic!("not checked");
        };
        assert!(hash.is_some());
        assert_eq!(report.flags.len(), 1);
    }
}
