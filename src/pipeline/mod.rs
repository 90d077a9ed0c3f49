//! The audit pipeline: files and folders in, checked reports out (load → [`Report`] → rules →
//! [`CheckedReport`]: agency, year, template, parse summary and flags). Every front end runs it:
//! the `check` command, the dashboard, the watcher, the inbox and the exports.
//!
//! Files are read, parsed and checked in parallel, and handed on in a stable order (the order of
//! the walk), so output does not depend on scheduling: [`check_each`] hands each report on as
//! soon as it and every report before it are checked, holding a bounded window of reports
//! (`ordered`), and [`check_run`] collects them. A file that cannot be read is a
//! checked report with one `unreadable-file` flag; the run goes on. After the single-report
//! pass the reports are checked against each other (`rules::cross`).

mod ordered;

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;
use serde::Serialize;

use crate::flag::{Flag, Severity};
use crate::ingest::{self, Limits, ReadFailure, SourceEncoding, WalkEntry};
use crate::report::{self, Report, TemplateVersion};
use crate::report_key::relative_file;
use crate::rules::cross::{self, CrossIndex, ReportFacts};
use crate::rules::{self, RuleSelection};

/// Options of a check run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub limits: Limits,
    pub selection: RuleSelection,
}

/// What the parser found, in brief: enough to list a report and to judge the parse.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ParseSummary {
    pub lines: u32,
    pub encoding: SourceEncoding,
    pub title: Option<String>,
    /// Section numbers found, in text order (1 = 一 … 6 = 六).
    pub sections: Vec<u8>,
    pub table2_rows: usize,
    pub table3_rows: usize,
    pub table4_cells: usize,
    pub period: Option<String>,
    pub signature: Option<String>,
    /// What was read of who wrote the report, for what year, and where.
    pub front: FrontSummary,
}

/// The front matter as read: the agency, the year, the title and the signature or publication
/// date, each with where it was read (`source` is `unknown` when it was not found).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FrontSummary {
    pub agency: FrontFact<String>,
    pub year: FrontFact<i32>,
    pub title: FrontFact<String>,
    pub date: FrontFact<String>,
}

/// One fact of the front matter: its value, where it came from, and its line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrontFact<T> {
    pub value: Option<T>,
    /// `title`, `preamble`, `period`, `signature`, `web-metadata`, `body`, or `unknown`.
    pub source: &'static str,
    pub line: Option<u32>,
}

impl<T> Default for FrontFact<T> {
    fn default() -> Self {
        FrontFact {
            value: None,
            source: UNKNOWN,
            line: None,
        }
    }
}

/// The source of a fact that was not found.
const UNKNOWN: &str = "unknown";

impl<T> FrontFact<T> {
    fn of(value: Option<T>, from: Option<report::front::Provenance>) -> FrontFact<T> {
        match (value, from) {
            (Some(value), Some(from)) => FrontFact {
                value: Some(value),
                source: from.source.as_str(),
                line: Some(from.line),
            },
            _ => FrontFact::default(),
        }
    }
}

impl FrontSummary {
    fn of(report: &Report) -> FrontSummary {
        use report::front::{DateKind, FrontSource, Provenance};
        let at = |source, line| Some(Provenance { source, line });
        FrontSummary {
            agency: FrontFact::of(report.agency.clone(), report.agency_from),
            year: FrontFact::of(report.year, report.year_from),
            title: match &report.title {
                Some(t) => FrontFact::of(Some(t.text.clone()), at(FrontSource::Title, t.line)),
                None => FrontFact::default(),
            },
            date: match (&report.signature, report.signature_kind) {
                (Some(d), Some(kind)) => FrontFact {
                    value: Some(d.raw.clone()),
                    source: match kind {
                        DateKind::Signature => "signature",
                        DateKind::Publication => "publication",
                    },
                    line: Some(d.line),
                },
                _ => FrontFact::default(),
            },
        }
    }
}

impl ParseSummary {
    fn of(report: &Report) -> ParseSummary {
        let rows = |t: &Option<report::Table>| t.as_ref().map_or(0, |t| t.rows.len());
        ParseSummary {
            lines: if report.read_failure.is_some() {
                0
            } else {
                report.doc.line_count()
            },
            encoding: report.encoding,
            title: report.title.as_ref().map(|t| t.text.clone()),
            sections: report.sections.iter().map(|s| s.id.number()).collect(),
            table2_rows: rows(&report.table2),
            table3_rows: rows(&report.table3),
            table4_cells: report
                .table4
                .as_ref()
                .map_or(0, |t| t.rows.iter().map(|r| r.cells.len()).sum()),
            period: report.period.as_ref().map(|p| p.text.clone()),
            signature: report.signature.as_ref().map(|d| d.raw.clone()),
            front: FrontSummary::of(report),
        }
    }
}

/// One report after checking: who, what year, and its flags.
#[derive(Debug, Clone, Serialize)]
pub struct CheckedReport {
    /// The path as given or found by the walk.
    pub path: PathBuf,
    /// The path relative to the folder that was checked (a file given by name: its file name);
    /// what the flags' fingerprints are tied to when agency or year is unknown (see
    /// [`crate::report_key`]).
    #[serde(skip)]
    pub file: String,
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub template: Option<TemplateVersion>,
    pub summary: ParseSummary,
    pub flags: Vec<Flag>,
}

impl CheckedReport {
    /// The number of flags of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.flags.iter().filter(|f| f.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

/// Checks a parsed report found at `path` under `root`, the folder being checked (the inbox;
/// for a file given by name, the file itself).
pub fn check_report(
    root: &Path,
    path: &Path,
    report: &Report,
    selection: &RuleSelection,
) -> CheckedReport {
    let file = relative_file(root, path);
    CheckedReport {
        path: path.to_path_buf(),
        flags: rules::run_file(report, &file, selection),
        file,
        agency: report.agency.clone(),
        year: report.year,
        template: report.template,
        summary: ParseSummary::of(report),
    }
}

/// Reads, parses and checks one file given by name (`nianbao check FILE`): its flags are tied
/// to its file name when agency or year is unknown.
pub fn check_file(path: &Path, options: &CheckOptions) -> CheckedReport {
    check_file_in(path, path, options)
}

/// Reads, parses and checks one file found at `path` under `root` (see [`check_report`]).
pub fn check_file_in(root: &Path, path: &Path, options: &CheckOptions) -> CheckedReport {
    match ingest::read_bytes(path, options.limits) {
        Ok(bytes) => check_report(
            root,
            path,
            &load_bytes(path, bytes, options.limits),
            &options.selection,
        ),
        Err(failure) => failed(root, path, failure, &options.selection),
    }
}

/// Parses and checks the bytes of a file already read (the watcher reads a file once, to hash
/// it and to check it, and compares its size and time around the read). The bytes were read
/// within `options.limits`; the same limit caps what a package (.docx, .xlsx) may unpack to.
pub fn check_bytes(
    root: &Path,
    path: &Path,
    bytes: Vec<u8>,
    options: &CheckOptions,
) -> CheckedReport {
    check_report(
        root,
        path,
        &load_bytes(path, bytes, options.limits),
        &options.selection,
    )
}

/// The report of a file that could not be read: one `unreadable-file` flag.
pub fn failed(
    root: &Path,
    path: &Path,
    failure: ReadFailure,
    selection: &RuleSelection,
) -> CheckedReport {
    check_report(root, path, &report::parse::unreadable(failure), selection)
}

/// Reads and parses one file; a file that cannot be read gives an unreadable report.
pub fn load(path: &Path, limits: Limits) -> Report {
    match ingest::read_bytes(path, limits) {
        Ok(bytes) => load_bytes(path, bytes, limits),
        Err(failure) => report::parse::unreadable(failure),
    }
}

/// Reads the bytes of a file in its format (by its name, then its content: see
/// [`ingest::formats::load`]) and parses them; bytes that cannot be read give an unreadable
/// report.
pub fn load_bytes(path: &Path, bytes: Vec<u8>, limits: Limits) -> Report {
    match ingest::formats::load(path, bytes, limits) {
        Ok(loaded) => Report {
            origins: loaded.origins,
            ..report::parse::parse_owned(loaded.decoded)
        },
        Err(failure) => report::parse::unreadable(failure),
    }
}

/// A file's modification time, if it can be read: which of several versions of one report is
/// the newest (the cross facts and the inbox's versions read it here, so they agree).
pub fn modified_time(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Checks one walked file found under `root`; with `facts`, also reads what the cross-report
/// rules need of it.
fn check_entry(
    root: &Path,
    entry: &WalkEntry,
    options: &CheckOptions,
    facts: bool,
) -> (CheckedReport, Option<ReportFacts>) {
    match entry {
        WalkEntry::File(path) => {
            // The file's time comes with its bytes, from the status of the file opened (the
            // version read), not from another look at the path after the check. The walk has
            // just looked at the path: it is not looked at again before the open.
            let (report, modified) = match ingest::read_listed(path, options.limits) {
                Ok((bytes, modified)) => (load_bytes(path, bytes, options.limits), modified),
                Err(failure) => (report::parse::unreadable(failure), None),
            };
            let checked = check_report(root, path, &report, &options.selection);
            let facts = (facts && report.read_failure.is_none()).then(|| ReportFacts {
                modified,
                ..ReportFacts::of(&report)
            });
            (checked, facts)
        }
        WalkEntry::Failed(path, failure) => (
            failed(root, path, failure.clone(), &options.selection),
            None,
        ),
    }
}

/// Checks every report file under `paths` (see [`check_run`]); results in walk order. Each report's
/// file is named relative to the path it was found under.
pub fn check_paths(paths: &[PathBuf], options: &CheckOptions) -> Vec<CheckedReport> {
    check_run(paths, options).reports
}

/// The result of checking folders: the reports, and the files found that are not reports.
#[derive(Debug, Clone)]
pub struct CheckRun {
    pub reports: Vec<CheckedReport>,
    pub skipped: Vec<PathBuf>,
}

/// Checks every report file under `paths`, in parallel, then checks them against each other
/// (the cross-report rules), and names the files left out.
pub fn check_run(paths: &[PathBuf], options: &CheckOptions) -> CheckRun {
    let mut reports = Vec::new();
    let run = check_each_into(paths, options, CrossIndex::new(), |report| {
        reports.push(report);
        Ok::<(), std::convert::Infallible>(())
    });
    let run = match run {
        Ok(run) => run,
        Err(never) => match never {},
    };
    reports.par_iter_mut().for_each(|report| {
        // The run's index is in memory (it holds every report anyway): nothing to read back.
        let flags = run
            .cross_flags(&report.path, &options.selection)
            .unwrap_or_default();
        if !flags.is_empty() {
            report.flags.extend(flags);
            rules::sort_flags(&mut report.flags);
        }
    });
    CheckRun {
        reports,
        skipped: run.skipped,
    }
}

/// What a run of [`check_each`] leaves once every report is handed on: the files that are not
/// reports, and what the cross-report rules need to judge each report.
#[derive(Debug)]
pub struct EachRun {
    pub skipped: Vec<PathBuf>,
    index: CrossIndex,
}

impl EachRun {
    /// The cross-report flags of the report at `path`, in text order (none when the cross
    /// rules are off); an error when the facts spilled could not be read back.
    pub fn cross_flags(&self, path: &Path, selection: &RuleSelection) -> io::Result<Vec<Flag>> {
        if self.index.is_empty() {
            return Ok(Vec::new());
        }
        let mut flags = self.index.try_check(path, selection, &selection.cross)?;
        rules::sort_flags(&mut flags);
        Ok(flags)
    }
}

/// Whether a selection enables any cross-report rule (then a report's flags are complete only
/// once every report is checked: see [`EachRun::cross_flags`]).
pub fn cross_enabled(selection: &RuleSelection) -> bool {
    cross::CROSS_REGISTRY
        .iter()
        .any(|rule| selection.is_enabled(rule.meta().code))
}

/// Reports checked ahead of the one to hand on next, per thread: enough to keep every thread
/// busy when one report takes much longer than the others, few enough that memory does not
/// grow with the run.
const WINDOW_PER_THREAD: usize = 64;

/// Checks every report file under `paths` in parallel and hands each to `each` in walk order,
/// as soon as it and all before it are checked, with its own flags only (the cross-report
/// flags are [`EachRun::cross_flags`]). Stops at the first error of `each`.
///
/// What the cross-report rules need of each report goes to a spill file in the temporary
/// folder as it is checked ([`CrossIndex::spilled`]); when none can be made, it stays in memory
/// (more memory, the same flags).
pub fn check_each<E>(
    paths: &[PathBuf],
    options: &CheckOptions,
    each: impl FnMut(CheckedReport) -> Result<(), E>,
) -> Result<EachRun, E> {
    let index = if cross_enabled(&options.selection) {
        CrossIndex::spilled().unwrap_or_default()
    } else {
        CrossIndex::new()
    };
    check_each_into(paths, options, index, each)
}

/// [`check_each`], the cross facts going to `index`.
fn check_each_into<E>(
    paths: &[PathBuf],
    options: &CheckOptions,
    mut index: CrossIndex,
    mut each: impl FnMut(CheckedReport) -> Result<(), E>,
) -> Result<EachRun, E> {
    let walk = ingest::walk::walk_all(paths);
    let facts = cross_enabled(&options.selection);
    if facts {
        index.reserve(walk.entries.len());
    }
    let threads = rayon::current_num_threads();
    ordered::ordered(
        &walk.entries,
        threads,
        threads * WINDOW_PER_THREAD,
        |entry| check_entry(root_of(paths, entry.path()), entry, options, facts),
        |(report, facts)| {
            if let Some(facts) = facts {
                index.add(report.path.clone(), facts);
            }
            each(report)
        },
    )?;
    index.settle();
    Ok(EachRun {
        skipped: walk.skipped,
        index,
    })
}

/// The path given that `path` was found under: the first that contains it (a file given by
/// name is its own root).
fn root_of<'a>(paths: &'a [PathBuf], path: &'a Path) -> &'a Path {
    paths
        .iter()
        .find(|root| path.starts_with(root))
        .map_or(path, PathBuf::as_path)
}
