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

    /// For a report known only by its file: the identity its fingerprints had before the file
    /// was part of the key ([`legacy_identity`]), so that verdicts recorded then can be found
    /// again. `None` for a known report, whose fingerprints never changed.
    pub fn legacy_identity(&self, agency: Option<&str>, year: Option<i32>) -> Option<String> {
        match self {
            ReportKey::Known { .. } => None,
            ReportKey::File(_) => Some(legacy_identity(agency, year)),
        }
    }
}

/// The identity fingerprints were computed from before reports without agency or year were
/// keyed by their file: `agency|year`, with what is unknown left empty (`|` for a report with
/// neither). Every such report of an inbox shared it, so their flags collided; it is kept only
/// to attribute the verdicts of older journals (see [`crate::triage`]).
pub fn legacy_identity(agency: Option<&str>, year: Option<i32>) -> String {
    format!(
        "{}|{}",
        agency.unwrap_or(""),
        year.map(|y| y.to_string()).unwrap_or_default()
    )
}

/// A report's file relative to `root` (the inbox, or the folder given to `check`), with `/`
/// separators, so that the same inbox opened from another machine or path gives the same
/// name. A file given by name (`root` is the file itself) is its file name; a path outside
/// `root` stays as it is.
pub fn relative_file(root: &Path, path: &Path) -> String {
    let Ok(relative) = path.strip_prefix(root) else {
        return path.to_string_lossy().into_owned();
    };
    // The parts are written into one string, not collected and joined: this is asked once a
    // report checked, and the list, a string per part and the joined string were each an
    // allocation.
    let mut joined = String::with_capacity(relative.as_os_str().len());
    for part in relative
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
    {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str(&part.as_os_str().to_string_lossy());
    }
    if !joined.is_empty() {
        return joined;
    }
    match path.file_name() {
        Some(name) => name.to_string_lossy().into_owned(),
        None => path.to_string_lossy().into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `relative_file` as it was, collecting the parts and joining them: the reference the
    /// one-string form is checked against.
    fn relative_file_by_join(root: &Path, path: &Path) -> String {
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

    #[test]
    fn a_relative_file_is_its_parts_joined() {
        let roots = ["/inbox", "/inbox/", "inbox", ".", "", "/inbox/a.txt", "/"];
        let paths = [
            "/inbox/a.txt",
            "/inbox/2023/县/a.docx",
            "/inbox/./b/c.pdf",
            "inbox/a.txt",
            "./a.txt",
            "a.txt",
            "/elsewhere/a.txt",
            "/inbox/a.txt/",
            "/inbox",
            "/",
            "",
        ];
        for root in roots {
            for path in paths {
                let (root, path) = (Path::new(root), Path::new(path));
                assert_eq!(
                    relative_file(root, path),
                    relative_file_by_join(root, path),
                    "{root:?} {path:?}"
                );
            }
        }
        assert_eq!(
            relative_file(Path::new("/inbox"), Path::new("/inbox/2023/县/a.docx")),
            "2023/县/a.docx"
        );
    }

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

    #[test]
    fn only_reports_known_by_their_file_have_a_legacy_identity() {
        let known = ReportKey::of(Some("北关区司法局"), Some(2023), "a.txt");
        assert_eq!(
            known.legacy_identity(Some("北关区司法局"), Some(2023)),
            None
        );
        let bare = ReportKey::of(None, None, "a.txt");
        assert_eq!(bare.legacy_identity(None, None).as_deref(), Some("|"));
        let no_year = ReportKey::of(Some("北关区司法局"), None, "a.txt");
        assert_eq!(
            no_year
                .legacy_identity(Some("北关区司法局"), None)
                .as_deref(),
            Some("北关区司法局|")
        );
        assert_eq!(legacy_identity(None, Some(2023)), "|2023");
    }
}
