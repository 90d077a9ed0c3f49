//! The headless audit: files and folders in, checked reports out.
//!
//! Files are read, parsed and checked in parallel (rayon); the result is in a stable order (the
//! order of the walk), so output does not depend on scheduling. A file that cannot be read is a
//! checked report with one `unreadable-file` flag; the run goes on. After the single-report
//! pass the reports are checked against each other (`rules::cross`).

pub mod output;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::flag::{Flag, Severity};
use crate::ingest::{self, Limits, ReadFailure, SourceEncoding, WalkEntry};
use crate::report::{self, Report, TemplateVersion};
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

/// Checks a parsed report.
pub fn check_report(path: &Path, report: &Report, selection: &RuleSelection) -> CheckedReport {
    CheckedReport {
        path: path.to_path_buf(),
        agency: report.agency.clone(),
        year: report.year,
        template: report.template,
        summary: ParseSummary::of(report),
        flags: rules::run(report, selection),
    }
}

/// Reads, parses and checks one file.
pub fn check_file(path: &Path, options: &CheckOptions) -> CheckedReport {
    match ingest::read_bytes(path, options.limits) {
        Ok(bytes) => check_bytes(path, bytes, &options.selection),
        Err(failure) => failed(path, failure, options),
    }
}

/// Parses and checks the bytes of a file already read (the watcher reads a file once, to hash
/// it and to check it, and compares its size and time around the read).
pub fn check_bytes(path: &Path, bytes: Vec<u8>, selection: &RuleSelection) -> CheckedReport {
    check_report(path, &load_bytes(bytes), selection)
}

/// Reads and parses one file; a file that cannot be read gives an unreadable report.
pub fn load(path: &Path, limits: Limits) -> Report {
    match ingest::read_bytes(path, limits) {
        Ok(bytes) => load_bytes(bytes),
        Err(failure) => report::parse::unreadable(failure),
    }
}

/// Decodes and parses the bytes of a file; bytes that are not a text give an unreadable report.
pub fn load_bytes(bytes: Vec<u8>) -> Report {
    match ingest::decode_owned(bytes) {
        Ok(decoded) => report::parse::parse(&decoded),
        Err(failure) => report::parse::unreadable(failure),
    }
}

/// Checks one walked file; with `facts`, also reads what the cross-report rules need of it.
fn check_entry(
    entry: &WalkEntry,
    options: &CheckOptions,
    facts: bool,
) -> (CheckedReport, Option<ReportFacts>) {
    match entry {
        WalkEntry::File(path) => {
            let report = load(path, options.limits);
            let checked = check_report(path, &report, &options.selection);
            let facts = (facts && report.read_failure.is_none()).then(|| ReportFacts::of(&report));
            (checked, facts)
        }
        WalkEntry::Failed(path, failure) => (failed(path, failure.clone(), options), None),
    }
}

fn failed(path: &Path, failure: ReadFailure, options: &CheckOptions) -> CheckedReport {
    check_report(
        path,
        &report::parse::unreadable(failure),
        &options.selection,
    )
}

/// Checks every report file under `paths`, in parallel, then checks them against each other
/// (the cross-report rules); results in walk order.
pub fn check_paths(paths: &[PathBuf], options: &CheckOptions) -> Vec<CheckedReport> {
    let entries = ingest::walk(paths);
    let facts = cross::CROSS_REGISTRY
        .iter()
        .any(|rule| options.selection.is_enabled(rule.meta().code));
    let checked: Vec<(CheckedReport, Option<ReportFacts>)> = entries
        .par_iter()
        .map(|entry| check_entry(entry, options, facts))
        .collect();
    cross_check(checked, &options.selection)
}

/// Adds the cross-report flags to reports checked together: indexes their facts, then runs
/// the cross rules on each (in parallel; the order of the reports is kept).
pub fn cross_check(
    checked: Vec<(CheckedReport, Option<ReportFacts>)>,
    selection: &RuleSelection,
) -> Vec<CheckedReport> {
    let mut index = CrossIndex::new();
    let mut reports = Vec::with_capacity(checked.len());
    for (report, facts) in checked {
        if let Some(facts) = facts {
            index.add(report.path.clone(), facts);
        }
        reports.push(report);
    }
    if index.is_empty() {
        return reports;
    }
    reports.par_iter_mut().for_each(|report| {
        let flags = index.check(&report.path, selection, &selection.cross);
        if !flags.is_empty() {
            report.flags.extend(flags);
            rules::sort_flags(&mut report.flags);
        }
    });
    reports
}
