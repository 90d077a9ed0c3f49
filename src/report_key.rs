//! Which report a flag belongs to: the key its fingerprint and its verdicts are tied to.
//!
//! A report whose agency and year are both known is that agency's report for that year, in
//! whatever file it arrives: a re-submitted report keeps its verdicts. A report without them
//! (an empty file, a body without a title, a page the crawler cut) is known only by its file,
//! relative to the folder that was checked (the inbox), so that two such reports never share a
//! fingerprint. Every producer of flags (`check`, the watcher, the dashboard, `export`) names
//! the file the same way, through [`relative_file`], so a verdict given in the dashboard sticks
//! to the flag `check` and `export` print.

use std::path::{Component, Path};

/// The identity of a report, as flags and decisions use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportKey<'a> {
    /// Agency and year, both known.
    Known { agency: &'a str, year: i32 },
    /// Only the file is known: its path relative to the checked folder.
    File(&'a str),
}

impl<'a> ReportKey<'a> {
    /// Agency and year when both are known, else the file.
    pub fn of(agency: Option<&'a str>, year: Option<i32>, file: &'a str) -> ReportKey<'a> {
        match (agency, year) {
            (Some(agency), Some(year)) => ReportKey::Known { agency, year },
            _ => ReportKey::File(file),
        }
    }

    /// The parts the key adds to a fingerprint. A known report gives `agency|year`, exactly
    /// what fingerprints were always computed from, so that journals written before files
    /// were part of the key keep matching. A file gives an empty part (which `agency|year`
    /// never is) and then the file, so the two kinds can never hash alike.
    pub fn fingerprint_parts(&self) -> Vec<String> {
        match self {
            ReportKey::Known { agency, year } => vec![format!("{agency}|{year}")],
            ReportKey::File(file) => vec![String::new(), (*file).to_string()],
        }
    }
}

/// A report's file relative to `root` (the inbox, or the folder given to `check`), with `/`
/// separators, so that the same inbox opened from another machine or path gives the same
/// name. A file given by name (`root` is the file itself) is its file name; a path outside
/// `root` stays as it is.
pub fn relative_file(root: &Path, path: &Path) -> String {
    let Ok(relative) = path.strip_prefix(root) else {
        return path.to_string_lossy().into_owned();
    };
    let parts: Vec<String> = relative
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if !parts.is_empty() {
        return parts.join("/");
    }
    match path.file_name() {
        Some(name) => name.to_string_lossy().into_owned(),
        None => path.to_string_lossy().into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_relative_to_the_root() {
        let inbox = Path::new("/data/inbox");
        assert_eq!(
            relative_file(inbox, Path::new("/data/inbox/2023/a.txt")),
            "2023/a.txt"
        );
        assert_eq!(
            relative_file(inbox, Path::new("/elsewhere/b.txt")),
            "/elsewhere/b.txt"
        );
        assert_eq!(relative_file(Path::new("."), Path::new("./c.txt")), "c.txt");
        let named = Path::new("some/where/d.txt");
        assert_eq!(relative_file(named, named), "d.txt");
    }

    #[test]
    fn known_reports_keep_their_old_identity_and_files_cannot_pose_as_one() {
        let known = ReportKey::of(Some("北关区司法局"), Some(2023), "a.txt");
        assert_eq!(
            known,
            ReportKey::of(Some("北关区司法局"), Some(2023), "b.txt")
        );
        assert_eq!(known.fingerprint_parts(), ["北关区司法局|2023"]);
        let file = ReportKey::of(Some("北关区司法局"), None, "北关区司法局|2023");
        assert_eq!(file, ReportKey::File("北关区司法局|2023"));
        assert_eq!(file.fingerprint_parts(), ["", "北关区司法局|2023"]);
        assert_ne!(ReportKey::File("a.txt"), ReportKey::File("b.txt"));
    }
}
