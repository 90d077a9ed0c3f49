//! Writing a file so that it is either the old one or the whole new one, never half.
//!
//! The temporary file is `.NAME.PID.N.tmp` beside the target. A run that was killed leaves its
//! temporary file behind; the next write of the same target removes such leftovers, and only
//! those: the exact name pattern of this target, a regular file (never a link or a folder),
//! and written by a process that is no longer running or long ago (a live process with that
//! PID may be another export writing right now, or an unrelated process that reused the PID).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Writes `bytes` to `path` through a temporary file in the same folder (so the rename stays
/// on one file system), synced before it is renamed over the target. On failure the
/// temporary file is removed and the target is left as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// [`write_atomic`] for content written as it is made (`nianbao check -o FILE` streams its
/// results): `write` writes into the temporary file, which replaces the target only when
/// `write` succeeds.
pub fn write_atomic_with<T>(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<T>,
) -> io::Result<T> {
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the target has no file name")
    })?;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = name.to_string_lossy();
    remove_stale_temps(&dir, &name);
    let (temp, mut file) = create_temp(&dir, &name)?;
    let written = write(&mut file)
        .and_then(|value| file.sync_all().map(|()| value))
        .and_then(|value| std::fs::rename(&temp, path).map(|()| value));
    match written {
        Err(error) => {
            let _ = std::fs::remove_file(&temp);
            Err(error)
        }
        Ok(value) => {
            crate::triage::journal::sync_dir(&dir);
            Ok(value)
        }
    }
}

/// The name of a temporary file of `name`.
fn temp_name(name: &str, pid: u32, attempt: u32) -> String {
    format!(".{name}.{pid}.{attempt}.tmp")
}

/// The PID in the name of a temporary file of `name`, if `file_name` is one (the inverse of
/// [`temp_name`]).
fn temp_pid(file_name: &str, name: &str) -> Option<u32> {
    let middle = file_name
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix('.')?
        .strip_suffix(".tmp")?;
    let (pid, attempt) = middle.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || !digits(attempt) {
        return None;
    }
    pid.parse().ok()
}

/// A temporary file older than this is a leftover whatever its PID says: writing one takes
/// seconds.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Removes the temporary files of `name` in `dir` left by runs that were killed (see the module
/// documentation). Best effort: what cannot be listed or removed is left.
fn remove_stale_temps(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| temp_pid(n, name)) else {
            continue;
        };
        // The entry itself (not where a link leads): only a regular file is ours to remove.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.file_type().is_file() {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|time| time.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if old || !process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this PID is running (signal 0 checks without sending anything; a
/// process of another user answers EPERM, which still means alive).
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return true; // not a process: never judged dead on its say-so
    }
    // SAFETY: kill with signal 0 sends nothing; it only checks the process exists.
    if unsafe { libc::kill(pid, 0) } == 0 {
        return true;
    }
    io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Without a way to ask here, every process counts as alive: only age removes a leftover.
#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let temp = dir.join(temp_name(name, pid, attempt));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 1000 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_target_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, "old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // A folder in the way: the rename fails.
        let target = dir.path().join("taken");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), "x").unwrap();
        assert!(write_atomic(&target, b"new").is_err());
        assert!(target.join("keep").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "temporary file removed");
        assert!(write_atomic(&dir.path().join("missing/x.csv"), b"new").is_err());
    }

    /// The PID of a process that has ended.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn temporary_names_are_read_back_exactly() {
        assert_eq!(temp_pid(&temp_name("out.csv", 42, 3), "out.csv"), Some(42));
        for other in [
            ".out.csv.42.3.tmp.x",
            "out.csv.42.3.tmp",
            ".out.csv.42.tmp",
            ".out.csv.x.3.tmp",
            ".out.csv.42.-3.tmp",
            ".out.csv..3.tmp",
            ".other.csv.42.3.tmp",
            ".out.csvx.42.3.tmp",
        ] {
            assert_eq!(temp_pid(other, "out.csv"), None, "{other}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn leftovers_of_killed_runs_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let target = root.join("out.csv");
        let dead = dead_pid();
        let alive = std::process::id();
        let make = |name: String| {
            std::fs::write(root.join(&name), "half").unwrap();
            name
        };
        let killed = make(temp_name("out.csv", dead, 0));
        let running = make(temp_name("out.csv", alive, 7));
        let old = make(temp_name("out.csv", alive, 8));
        let old_file = File::options().write(true).open(root.join(&old)).unwrap();
        let long_ago = std::time::SystemTime::now() - 2 * STALE_AFTER;
        old_file.set_modified(long_ago).unwrap();
        let other_target = make(temp_name("other.csv", dead, 0));
        let not_ours = make(format!(".out.csv.{dead}.0.tmp.bak"));
        // A folder or a link with the pattern is not a file of ours.
        let folder = temp_name("out.csv", dead, 1);
        std::fs::create_dir(root.join(&folder)).unwrap();
        let victim = make("victim".to_string());
        let link = temp_name("out.csv", dead, 2);
        std::os::unix::fs::symlink(root.join(&victim), root.join(&link)).unwrap();

        write_atomic(&target, b"new").unwrap();

        let left = names(root);
        for removed in [&killed, &old] {
            assert!(!left.contains(removed), "{removed} removed: {left:?}");
        }
        for kept in [&running, &other_target, &not_ours, &folder, &victim, &link] {
            assert!(left.contains(kept), "{kept} kept: {left:?}");
        }
        assert_eq!(std::fs::read_to_string(root.join(&victim)).unwrap(), "half");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }
}
