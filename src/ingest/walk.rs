//! Finding the report files under the paths given.
//!
//! Paths given explicitly are taken as they are (a file is checked whatever its name); folders
//! are walked recursively for report files: text, the formats that are read and the report
//! formats that are not (see [`formats::classify`]: a `.pdf` or `.doc` is listed, to be flagged
//! as unreadable, never skipped). Hidden entries (`.*`, which includes the `.nianbao/` state
//! folder) and the temporary files of editors and downloads (`~$*`, `*.swp`, `*.part`,
//! `*.crdownload`) are ignored, and so are nianbao's own files in an inbox (its `nianbao.toml`,
//! and the lists it writes there under their default names, see [`OwnOutput`]: an exported
//! rectification list is not a report that arrived); any other file is skipped and named in
//! [`Walk::skipped`].
//! Symbolic links are followed while they stay inside the folder walked (its canonical path): a
//! link that leads out of it (`ln -s / escape`) is reported as a [`ReadFailure::LinkOutside`]
//! and not followed, so a walk never reads outside the inbox; a link that leads back into a
//! folder being walked is reported once as a [`ReadFailure::DirectoryLoop`] and not followed; a
//! folder or file reached twice (through a link, or given twice) is walked or checked once.
//! Every entry that cannot be visited (a path too long to open, a folder without permission, a
//! broken link) is a [`WalkEntry::Failed`], never dropped: a report that cannot be reached still
//! counts. The order is stable: paths in the order given, each folder's entries sorted.
//!
//! A folder's listing types its entries (`d_type`) and gives their inode numbers: a regular
//! file is taken from it without a look at its status (the `statx` of every report was most of
//! the walk's time, which every check and the dashboard's load wait for before the first
//! report is read). Folders, links and entries the listing cannot type are looked at as before;
//! the reader judges the opened file in any case ([`super::read_listed`]).

use std::collections::HashSet;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

use super::formats;
use super::{io_failure, ReadFailure};
use crate::i18n::Lang;

/// A file to check, or a path that could not be walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkEntry {
    File(PathBuf),
    Failed(PathBuf, ReadFailure),
}

impl WalkEntry {
    pub fn path(&self) -> &Path {
        match self {
            WalkEntry::File(path) | WalkEntry::Failed(path, _) => path,
        }
    }
}

/// Name suffixes of temporary files (checked case-insensitively).
const TEMPORARY_SUFFIXES: [&str; 3] = [".swp", ".part", ".crdownload"];

/// Whether a file found while walking a folder is a report to check: a report format (see
/// [`formats::classify`]), not hidden, not a temporary file of an editor or a download.
pub fn is_report_file(path: &Path) -> bool {
    !is_ignored(path) && formats::classify(path).is_report()
}

/// The configuration file nianbao reads in an inbox.
pub const CONFIG_FILE: &str = "nianbao.toml";

/// A list nianbao writes into the inbox by default, named `PREFIX-…` (a date or a year follows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnOutput {
    /// The rectification list exported from the dashboard.
    RectificationList,
    /// The roster's missing agencies.
    MissingAgencies,
}

impl OwnOutput {
    const ALL: [OwnOutput; 2] = [OwnOutput::RectificationList, OwnOutput::MissingAgencies];

    /// The prefix of its file name, in Chinese and in English.
    pub fn prefix(self, lang: Lang) -> &'static str {
        match self {
            OwnOutput::RectificationList => lang.pick("整改清单", "rectification-list"),
            OwnOutput::MissingAgencies => lang.pick("未报送名单", "missing-agencies"),
        }
    }

    /// Whether a file name (lower case) is one of these lists under its default name.
    fn matches(name: &str) -> bool {
        OwnOutput::ALL.iter().any(|own| {
            [Lang::Zh, Lang::En].iter().any(|&lang| {
                name.strip_prefix(own.prefix(lang))
                    .is_some_and(|rest| rest.starts_with('-'))
            })
        })
    }
}

/// Hidden and temporary files, and nianbao's own: never reports, and not worth naming as
/// skipped.
fn is_ignored(path: &Path) -> bool {
    let Some(name) = path.file_name() else {
        return true;
    };
    let name = name.to_string_lossy().to_lowercase();
    is_skipped_name(&name)
        || TEMPORARY_SUFFIXES.iter().any(|s| name.ends_with(s))
        || name == CONFIG_FILE
        || OwnOutput::matches(&name)
}

/// Hidden entries and Office lock files are skipped whether files or folders.
fn is_skipped_name(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$")
}

/// The identity of a file or folder on disk: two paths with the same identity are the same
/// file (a link, a bind mount, a path given twice).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode { dev: u64, ino: u64 },
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

impl FileId {
    /// The identity of an entry of this folder that its listing gave as a regular file with
    /// inode number `ino`: the folder's device and that number, as the entry's status would
    /// give them (a file on another device is a mount point, which a listing does not type as
    /// the mounted file). None where identities are not inodes.
    fn of_listed_file(&self, ino: u64) -> Option<FileId> {
        match self {
            #[cfg(unix)]
            FileId::Inode { dev, .. } => Some(FileId::Inode { dev: *dev, ino }),
            _ => {
                let _ = ino;
                None
            }
        }
    }
}

fn file_id(path: &Path, meta: &Metadata) -> FileId {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        FileId::Inode {
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

/// What a folder's listing told of an entry (no extra system call on the usual file systems).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listed {
    /// A regular file, with its inode number: its identity without a look at its status.
    /// Only a listing with inodes (Unix) tells one.
    #[cfg_attr(not(unix), allow(dead_code))]
    File { ino: u64 },
    /// A symbolic link, or an entry the listing could not type: judged, never trusted.
    Link,
    /// A folder or another kind of entry: looked at.
    Other,
}

/// A folder being walked: its identity and the entries still to visit.
struct Frame {
    id: FileId,
    /// The entries still to visit, each with what the listing told of it.
    children: std::vec::IntoIter<(PathBuf, Listed)>,
}

/// The state of one walk: what was seen, what was found.
#[derive(Default)]
struct Walker {
    /// The canonical path of the folder being walked: links must lead inside it.
    root: Option<PathBuf>,
    seen_dirs: HashSet<FileId>,
    seen_files: HashSet<FileId>,
    out: Vec<WalkEntry>,
    skipped: Vec<PathBuf>,
}

/// What a walk found: the reports, and the other files it left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Walk {
    pub entries: Vec<WalkEntry>,
    /// Files in the folders walked that are not reports (neither hidden nor temporary), in
    /// walk order: named so that nothing is left out silently.
    pub skipped: Vec<PathBuf>,
}

/// Walks the given paths (see the module documentation): each folder given is the root its
/// links must stay in; a file given is taken as it is. Never fails: what cannot be walked is a
/// [`WalkEntry::Failed`].
pub fn walk(paths: &[PathBuf]) -> Vec<WalkEntry> {
    walk_all(paths).entries
}

/// Walks the given paths, and names the files left out.
pub fn walk_all(paths: &[PathBuf]) -> Walk {
    let mut walker = Walker::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                walker.root = Some(canonical_root(path));
                let mut stack = Vec::new();
                walker.enter(path, &meta, &mut stack);
                walker.drain(&mut stack);
            }
            Ok(meta) => walker.file(path, &meta),
            Err(e) => walker.out.push(WalkEntry::Failed(
                path.clone(),
                ReadFailure::Io {
                    message: e.to_string(),
                },
            )),
        }
    }
    Walk {
        entries: walker.out,
        skipped: walker.skipped,
    }
}

/// Walks one path found inside `root` (a file or folder that appeared in a watched inbox) as
/// the walk of `root` would have: hidden and non-report files are left out, and links must
/// lead inside `root`. A path whose folder is not inside `root` once links are resolved gives
/// nothing.
pub fn walk_under(root: &Path, path: &Path) -> Vec<WalkEntry> {
    let root = canonical_root(root);
    // A path reached through a link that leads out (the link itself is listed by the walk that
    // found it) is not part of the inbox: nothing to list.
    let parent_inside = path
        .parent()
        .and_then(|parent| std::fs::canonicalize(parent).ok())
        .is_some_and(|parent| parent.starts_with(&root));
    if !parent_inside {
        return Vec::new();
    }
    let mut walker = Walker {
        root: Some(root),
        ..Walker::default()
    };
    let is_link = std::fs::symlink_metadata(path).map_or(true, |m| m.file_type().is_symlink());
    let mut stack = Vec::new();
    walker.visit(path, is_link, &mut stack);
    walker.drain(&mut stack);
    walker.out
}

/// What the listing tells of an entry it types as a regular file: its inode number where there
/// are inodes.
fn listed_file(entry: &std::fs::DirEntry) -> Listed {
    #[cfg(unix)]
    {
        Listed::File {
            ino: std::os::unix::fs::DirEntryExt::ino(entry),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = entry;
        Listed::Other
    }
}

/// The canonical path of a folder to walk. If it cannot be had, the path as given: links are
/// then judged against it, and any link to an absolute place is refused (the safe side).
fn canonical_root(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

impl Walker {
    /// A file to check, once however often it is reached.
    fn file(&mut self, path: &Path, meta: &Metadata) {
        self.identified_file(path, file_id(path, meta), meta.is_file());
    }

    /// A file to check whose identity is known, once however often it is reached; one that is
    /// not `regular` is a failure.
    fn identified_file(&mut self, path: &Path, id: FileId, regular: bool) {
        if !self.seen_files.insert(id) {
            return;
        }
        let entry = if regular {
            WalkEntry::File(path.to_path_buf())
        } else {
            WalkEntry::Failed(path.to_path_buf(), ReadFailure::NotRegular)
        };
        self.out.push(entry);
    }

    /// Walks the folders on the stack depth first (no recursion, so no depth limit).
    fn drain(&mut self, stack: &mut Vec<Frame>) {
        while let Some(frame) = stack.last_mut() {
            let Some((child, listed)) = frame.children.next() else {
                stack.pop();
                continue;
            };
            let listed_file = match listed {
                Listed::File { ino } => frame.id.of_listed_file(ino),
                Listed::Link | Listed::Other => None,
            };
            match listed_file {
                Some(id) => self.listed_regular_file(child, id),
                None => self.visit(&child, listed == Listed::Link, stack),
            }
        }
    }

    /// A regular file as its folder's listing says, judged as [`Walker::visit`] judges one by
    /// its status: a report is taken (once), another file named as skipped unless ignored.
    fn listed_regular_file(&mut self, path: PathBuf, id: FileId) {
        if is_report_file(&path) {
            self.identified_file(&path, id, true);
        } else if !is_ignored(&path) {
            self.skipped.push(path);
        }
    }

    /// Reads a folder's entries and pushes it on the stack, unless it was walked already.
    fn enter(&mut self, dir: &Path, meta: &Metadata, stack: &mut Vec<Frame>) {
        let id = file_id(dir, meta);
        if stack.iter().any(|frame| frame.id == id) {
            self.out.push(WalkEntry::Failed(
                dir.to_path_buf(),
                ReadFailure::DirectoryLoop,
            ));
            return;
        }
        if !self.seen_dirs.insert(id.clone()) {
            return;
        }
        let read = match std::fs::read_dir(dir) {
            Ok(read) => read,
            Err(e) => {
                self.out
                    .push(WalkEntry::Failed(dir.to_path_buf(), io_failure(&e)));
                return;
            }
        };
        let mut children: Vec<(PathBuf, Listed)> = Vec::new();
        let mut unlisted = None;
        for entry in read {
            match entry {
                Ok(entry) => {
                    let path = entry.path();
                    if path
                        .file_name()
                        .is_some_and(|name| is_skipped_name(&name.to_string_lossy()))
                    {
                        continue;
                    }
                    let listed = match entry.file_type() {
                        Ok(kind) if kind.is_file() => listed_file(&entry),
                        Ok(kind) if !kind.is_symlink() => Listed::Other,
                        // Unknown is taken as a link: it is then only judged, never trusted.
                        _ => Listed::Link,
                    };
                    children.push((path, listed));
                }
                // An entry the listing could not give: the folder is reported (once).
                Err(e) => unlisted = Some(io_failure(&e)),
            }
        }
        if let Some(failure) = unlisted {
            self.out.push(WalkEntry::Failed(dir.to_path_buf(), failure));
        }
        // Entries of one folder are in the order of their paths when in the order of their
        // names, and names are unique: every path is the folder's, the same bytes, joined to
        // a name, so the paths' bytes are compared instead of their components one by one.
        children.sort_unstable_by(|(a, _), (b, _)| a.as_os_str().cmp(b.as_os_str()));
        stack.push(Frame {
            id,
            children: children.into_iter(),
        });
    }

    /// Visits one entry of a folder: a folder is entered, a report file taken, a link leading
    /// out of the root refused, and an entry that cannot be looked at reported.
    fn visit(&mut self, child: &Path, is_link: bool, stack: &mut Vec<Frame>) {
        match std::fs::metadata(child) {
            Ok(meta) if meta.is_dir() || is_report_file(child) => {
                if is_link {
                    if let Some(failure) = self.outside(child) {
                        self.out
                            .push(WalkEntry::Failed(child.to_path_buf(), failure));
                        return;
                    }
                }
                if meta.is_dir() {
                    self.enter(child, &meta, stack);
                } else {
                    self.file(child, &meta);
                }
            }
            Ok(meta) if meta.is_file() && !is_ignored(child) => {
                self.skipped.push(child.to_path_buf())
            }
            Ok(_) => {}
            // Removed since the folder was listed, and not a report: nothing was lost.
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound
                    && !is_link
                    && !is_report_file(child) => {}
            Err(e) => {
                let failure = if is_link && e.kind() == std::io::ErrorKind::NotFound {
                    ReadFailure::Io {
                        message: format!("broken symbolic link ({e})"),
                    }
                } else {
                    io_failure(&e)
                };
                self.out
                    .push(WalkEntry::Failed(child.to_path_buf(), failure));
            }
        }
    }

    /// Why a link may not be followed: it leads out of the root (or where it leads cannot be
    /// told). None when it stays inside.
    fn outside(&self, link: &Path) -> Option<ReadFailure> {
        let root = self.root.as_ref()?;
        match std::fs::canonicalize(link) {
            Ok(target) if target.starts_with(root) => None,
            Ok(target) => Some(ReadFailure::LinkOutside {
                target: crate::sanitize::for_terminal(&target.to_string_lossy(), false),
            }),
            Err(e) => Some(io_failure(&e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn touch(path: &Path) {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(path, "一、总体情况\n").expect("write");
    }

    /// The walk's entries as paths relative to `root`, with `!kind` for failures.
    fn relative(root: &Path, entries: &[WalkEntry]) -> Vec<String> {
        entries
            .iter()
            .map(|entry| {
                let rel = entry
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                match entry {
                    WalkEntry::File(_) => rel,
                    WalkEntry::Failed(_, failure) => format!("{rel} !{}", failure.kind()),
                }
            })
            .collect()
    }

    #[test]
    fn finds_txt_files_recursively_in_sorted_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for name in [
            "b.txt",
            "a.TXT",
            "sub/z.txt",
            "sub/deeper/y.Txt",
            "notes.md",
            "txt",
            ".txt",
        ] {
            touch(&root.join(name));
        }
        let entries = walk(&[root.to_path_buf()]);
        assert_eq!(
            relative(root, &entries),
            ["a.TXT", "b.txt", "sub/deeper/y.Txt", "sub/z.txt"]
        );
    }

    #[test]
    fn a_folder_is_walked_in_the_order_of_its_paths() {
        let dir = tempfile::tempdir().expect("temp dir");
        let names = [
            "b.txt",
            "a b.txt",
            "a.txt",
            "A.txt",
            "a-b.txt",
            "中.txt",
            "a.txt.txt",
            "0.txt",
        ];
        for name in names {
            touch(&dir.path().join(name));
        }
        let mut expected: Vec<PathBuf> = names.iter().map(|n| dir.path().join(n)).collect();
        expected.sort();
        let walked: Vec<PathBuf> = walk(&[dir.path().to_path_buf()])
            .iter()
            .map(|e| e.path().to_path_buf())
            .collect();
        assert_eq!(walked, expected);
    }

    #[test]
    fn every_report_format_is_listed_and_other_files_are_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for name in [
            "a.docx",
            "b.html",
            "c.HTM",
            "d.xlsx",
            "e.xls",
            "f.doc",
            "g.wps",
            "h.ofd",
            "i.pdf",
            "j.jpg",
            "k.png",
            "l.tif",
            "m.zip",
            "n.rar",
            "o.7z",
            "p.txt",
            "notes.md",
            "data.csv",
            "noext",
            "~$a.docx",
            ".~lock.b.xlsx#",
            "b.docx.part",
            ".nianbao/x.docx",
        ] {
            touch(&root.join(name));
        }
        let walk = walk_all(&[root.to_path_buf()]);
        assert_eq!(
            relative(root, &walk.entries),
            [
                "a.docx", "b.html", "c.HTM", "d.xlsx", "e.xls", "f.doc", "g.wps", "h.ofd", "i.pdf",
                "j.jpg", "k.png", "l.tif", "m.zip", "n.rar", "o.7z", "p.txt"
            ]
        );
        let skipped: Vec<_> = walk
            .skipped
            .iter()
            .map(|p| WalkEntry::File(p.clone()))
            .collect();
        assert_eq!(relative(root, &skipped), ["data.csv", "noext", "notes.md"]);
    }

    /// nianbao's own files in an inbox are neither reports nor named as skipped: its
    /// configuration and the lists it exports there under their default names (an exported
    /// rectification list was read as a report that arrived). A report whose name merely
    /// starts with the same words is still read.
    #[test]
    fn its_own_configuration_and_exports_are_not_reports() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "nianbao.toml",
            "整改清单-20261203-010000.xlsx",
            "rectification-list-20261203-010000.csv",
            "未报送名单-2024.csv",
            "missing-agencies-2024.csv",
            "整改清单报告.docx",
            "a.txt",
        ] {
            touch(&root.join(name));
        }
        let walk = walk_all(&[root.to_path_buf()]);
        assert_eq!(
            relative(root, &walk.entries),
            ["a.txt", "整改清单报告.docx"]
        );
        assert!(walk.skipped.is_empty(), "{:?}", walk.skipped);
    }

    #[test]
    fn skips_hidden_state_and_temporary_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for name in [
            "keep.txt",
            ".hidden.txt",
            ".nianbao/journal/x.txt",
            ".git/y.txt",
            "~$lock.txt",
            "report.txt.swp",
            "report.txt.part",
            "report.txt.crdownload",
            "REPORT.TXT.PART",
            "~$dir/z.txt",
        ] {
            touch(&root.join(name));
        }
        let entries = walk(&[root.to_path_buf()]);
        assert_eq!(relative(root, &entries), ["keep.txt"]);
    }

    #[test]
    fn explicit_files_are_taken_whatever_their_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let odd = root.join("report.docx");
        let hidden = root.join(".hidden");
        touch(&odd);
        touch(&hidden);
        let entries = walk(&[odd.clone(), hidden.clone()]);
        assert_eq!(entries, [WalkEntry::File(odd), WalkEntry::File(hidden)]);
    }

    #[test]
    fn paths_keep_the_order_given_and_duplicates_are_dropped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        touch(&root.join("x/1.txt"));
        touch(&root.join("y/2.txt"));
        let entries = walk(&[
            root.join("y"),
            root.join("x"),
            root.join("y/2.txt"),
            root.join("x"),
        ]);
        assert_eq!(relative(root, &entries), ["y/2.txt", "x/1.txt"]);
    }

    #[test]
    fn a_missing_path_is_a_failure() {
        let dir = tempfile::tempdir().expect("temp dir");
        let entries = walk(&[dir.path().join("nope")]);
        assert!(matches!(
            entries.as_slice(),
            [WalkEntry::Failed(_, ReadFailure::Io { .. })]
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_directory_loop_terminates_with_one_failure() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        touch(&root.join("a/report.txt"));
        symlink(root.join("a"), root.join("a/loop")).expect("symlink");
        let entries = walk(&[root.to_path_buf()]);
        assert_eq!(
            relative(root, &entries),
            ["a/loop !directory-loop", "a/report.txt"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_loop_through_two_links_terminates() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        touch(&root.join("a/1.txt"));
        touch(&root.join("b/2.txt"));
        symlink(root.join("b"), root.join("a/to_b")).expect("symlink");
        symlink(root.join("a"), root.join("b/to_a")).expect("symlink");
        let entries = walk(&[root.to_path_buf()]);
        assert_eq!(
            relative(root, &entries),
            ["a/1.txt", "a/to_b/2.txt", "a/to_b/to_a !directory-loop"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_linked_twice_is_walked_once() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        touch(&root.join("real/r.txt"));
        symlink(root.join("real"), root.join("alias")).expect("symlink");
        symlink(root.join("real/r.txt"), root.join("same.txt")).expect("symlink");
        let entries = walk(&[root.to_path_buf()]);
        assert_eq!(relative(root, &entries), ["alias/r.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_listed_file_has_the_identity_its_status_gives() {
        // The walk takes a regular file's identity from its folder's listing; a link to it is
        // identified by its status. Both must agree, or a file reached both ways (and a file
        // with two names) would be checked twice.
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        touch(&root.join("a.txt"));
        touch(&root.join("sub/b.txt"));
        fs::hard_link(root.join("a.txt"), root.join("sub/a-again.txt")).expect("hard link");
        symlink(root.join("sub/b.txt"), root.join("to-b.txt")).expect("symlink");
        for folder in [root.to_path_buf(), root.join("sub")] {
            let folder_id = file_id(&folder, &fs::metadata(&folder).expect("folder"));
            for entry in fs::read_dir(&folder).expect("list") {
                let entry = entry.expect("entry");
                if !entry.file_type().expect("type").is_file() {
                    continue;
                }
                let by_status = file_id(&entry.path(), &fs::metadata(entry.path()).expect("stat"));
                let Listed::File { ino } = listed_file(&entry) else {
                    panic!("{:?} is not listed with its inode", entry.path());
                };
                assert_eq!(folder_id.of_listed_file(ino), Some(by_status));
            }
        }
        let entries = walk(&[root.to_path_buf()]);
        assert_eq!(relative(root, &entries), ["a.txt", "sub/b.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_broken_link_is_one_failure_whatever_its_name() {
        // A link to nothing may have been a folder of reports (a share not mounted): reported.
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        symlink(root.join("nowhere.txt"), root.join("dangling.txt")).expect("symlink");
        symlink(root.join("nowhere"), root.join("dangling-dir")).expect("symlink");
        let entries = walk(&[root.to_path_buf()]);
        assert_eq!(
            relative(root, &entries),
            ["dangling-dir !io", "dangling.txt !io"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_path_under_a_watched_root_is_judged_as_the_walk_judges_it() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().expect("temp dir");
        touch(&outside.path().join("x.txt"));
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        touch(&root.join("sub/a.txt"));
        touch(&root.join("notes.md"));
        symlink(outside.path(), root.join("escape")).expect("symlink");
        symlink(root.join("sub"), root.join("alias")).expect("symlink");
        let under = |rel: &str| relative(root, &walk_under(root, &root.join(rel)));
        assert_eq!(under("sub/a.txt"), ["sub/a.txt"]);
        assert_eq!(under("sub"), ["sub/a.txt"]);
        assert_eq!(under("alias/a.txt"), ["alias/a.txt"]);
        assert!(under("notes.md").is_empty());
        assert_eq!(under("escape"), ["escape !link-outside"]);
        // Beyond the link that leads out: not part of the inbox at all.
        assert!(under("escape/x.txt").is_empty());
    }

    #[test]
    fn report_file_names() {
        for name in [
            "a.txt",
            "A.TXT",
            "报告.Txt",
            "x.y.txt",
            "a.docx",
            "a.pdf",
            "a.htm",
        ] {
            assert!(is_report_file(Path::new(name)), "{name}");
        }
        for name in [
            ".txt",
            ".a.txt",
            "~$a.txt",
            "a.txt.swp",
            "a.swp",
            "a.txt.part",
            "a.crdownload",
            "~$a.docx",
            "a.md",
            "txt",
            "a.txt~",
        ] {
            assert!(!is_report_file(Path::new(name)), "{name}");
        }
    }
}
