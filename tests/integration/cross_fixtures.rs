//! Every cross-report rule proves itself on small inboxes of whole report files (a report that
//! is a base report of `tests/fixtures/bases/`, or one changed in a few lines, is stored as a
//! `.patch` on it and written out with the rest of its inbox by `common::fixture_inbox`).
//!
//! For each cross-report code there is `tests/fixtures/cross/<code>/trigger/` (checked as one
//! inbox, at least one report is flagged with that code) and `.../ok/` (checked as one inbox, no
//! report gets any cross-report flag). A folder for a code that is not a cross-report rule is
//! an error: a typo would otherwise test nothing. The reports are generated agency histories
//! (corpus seeds 13 and 21) with the defect made in them: an injected chain break, a copied
//! section 一 and 五, a re-sent file, a signature naming another agency.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use nianbao::pipeline;
use nianbao::rules::cross::CROSS_REGISTRY;

use crate::common;
use common::cross_only;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cross")
}

/// The codes of the cross-report flags on an inbox, each with the file it is on.
fn cross_flags(dir: &Path) -> Vec<(String, &'static str)> {
    pipeline::check_paths(&[dir.to_path_buf()], &cross_only())
        .into_iter()
        .flat_map(|report| {
            let file = report
                .path
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned());
            report
                .flags
                .into_iter()
                .map(move |flag| (file.clone(), flag.code))
        })
        .collect()
}

/// The report files in a folder (at least two make an inbox for most rules), whole or stored
/// as a patch on a base report (`common::apply_patch`).
fn count_reports(dir: &Path) -> usize {
    fs::read_dir(dir).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| {
                e.path()
                    .extension()
                    .is_some_and(|x| x == "txt" || x == "patch")
            })
            .count()
    })
}

#[test]
fn every_cross_rule_has_an_inbox_that_triggers_it_and_one_that_does_not() {
    let root = root();
    let mut problems = Vec::new();
    let codes: BTreeSet<&str> = CROSS_REGISTRY.iter().map(|r| r.meta().code).collect();
    for code in &codes {
        let (trigger, ok) = (root.join(code).join("trigger"), root.join(code).join("ok"));
        if count_reports(&trigger) == 0 || count_reports(&ok) == 0 {
            problems.push(format!("{code}: needs reports in trigger/ and ok/"));
            continue;
        }
        let flags = cross_flags(common::fixture_inbox(&trigger).path());
        if !flags.iter().any(|(_, c)| c == code) {
            problems.push(format!(
                "{code}: trigger/ is not flagged with it: {flags:?}"
            ));
        }
        let flags = cross_flags(common::fixture_inbox(&ok).path());
        if !flags.is_empty() {
            problems.push(format!("{code}: ok/ has cross-report flags: {flags:?}"));
        }
    }
    for entry in fs::read_dir(&root).expect("tests/fixtures/cross").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !codes.contains(name.as_str()) {
            problems.push(format!("{name}: not a cross-report rule"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The real reports (copies in `tests/fixtures/real/`, and the seeds) as one inbox: several
/// are the same report in other formats or layouts, which `duplicate-report` rightly names;
/// no other cross-report rule has anything to say about them (read one by one, a supervisor
/// would agree with every flag).
#[test]
fn real_reports_as_one_inbox_are_only_duplicates_of_each_other() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inbox = [
        manifest.join("tests/fixtures/real"),
        manifest.join("sample-reports"),
    ];
    let checked = pipeline::check_paths(&inbox, &cross_only());
    let mut duplicates = 0;
    // Agency and year → (files, files superseded): all but one of each are history.
    let mut versions: BTreeMap<(String, i32), (usize, usize)> = BTreeMap::new();
    for report in &checked {
        let mut superseded = false;
        for flag in &report.flags {
            assert!(
                ["duplicate-report", "report-superseded"].contains(&flag.code),
                "{}: {flag:?}",
                report.file
            );
            let other = flag.evidence["other_agency"].as_str().unwrap_or("");
            assert_eq!(Some(other), report.agency.as_deref(), "{flag:?}");
            match flag.code {
                "duplicate-report" => duplicates += 1,
                _ => superseded = true,
            }
        }
        if let (Some(agency), Some(year)) = (&report.agency, report.year) {
            let entry = versions.entry((agency.clone(), year)).or_default();
            entry.0 += 1;
            entry.1 += usize::from(superseded);
        }
    }
    assert!(duplicates >= 10, "{duplicates}");
    for (report, (files, superseded)) in &versions {
        if *files > 1 {
            assert_eq!(*superseded, files - 1, "{report:?}");
        }
    }
}

/// Of two copies of one report, the one modified last is current and the other is flagged
/// `report-superseded`, naming it, whatever their path order; with equal modification times,
/// the later path is current.
#[test]
fn the_version_modified_last_is_the_current_one() {
    let source = root().join("report-superseded/trigger");
    let (first, last) = ("2022-r00001.txt", "2022-r99999.txt");
    let superseded_in = |times: [u64; 2]| {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, seconds) in [first, last].into_iter().zip(times) {
            let path = dir.path().join(name);
            let stem = name.trim_end_matches(".txt");
            fs::write(
                &path,
                common::fixture_bytes(&common::stored_fixture(&source, stem)),
            )
            .expect("write fixture");
            fs::File::options()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_modified(UNIX_EPOCH + Duration::from_secs(seconds)))
                .expect("set modification time");
        }
        pipeline::check_paths(&[dir.path().to_path_buf()], &cross_only())
            .into_iter()
            .flat_map(|report| {
                let file = report.file.clone();
                report
                    .flags
                    .into_iter()
                    .filter(|f| f.code == "report-superseded")
                    .map(move |f| {
                        let other = f.evidence["other_path"].as_str().unwrap_or("").to_string();
                        let other = Path::new(&other)
                            .file_name()
                            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
                        (file.clone(), other)
                    })
            })
            .collect::<Vec<_>>()
    };
    let pair = |a: &str, b: &str| vec![(a.to_string(), b.to_string())];
    assert_eq!(superseded_in([200, 100]), pair(last, first));
    assert_eq!(superseded_in([100, 200]), pair(first, last));
    assert_eq!(superseded_in([100, 100]), pair(first, last));
}
