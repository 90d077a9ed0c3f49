//! Every cross-report rule proves itself on small inboxes of whole report files.
//!
//! For each cross-report code there is `tests/fixtures/cross/<code>/trigger/` (checked as one
//! inbox, at least one report is flagged with that code) and `.../ok/` (checked as one inbox, no
//! report gets any cross-report flag). A folder for a code that is not a cross-report rule is
//! an error: a typo would otherwise test nothing. The reports are generated agency histories
//! (corpus seeds 13 and 21) with the defect made in them: an injected chain break, a copied
//! section 一 and 五, a re-sent file, a signature naming another agency.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

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

/// The report files in a folder (at least two make an inbox for most rules).
fn count_reports(dir: &Path) -> usize {
    fs::read_dir(dir).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
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
        let flags = cross_flags(&trigger);
        if !flags.iter().any(|(_, c)| c == code) {
            problems.push(format!(
                "{code}: trigger/ is not flagged with it: {flags:?}"
            ));
        }
        let flags = cross_flags(&ok);
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
    for report in &checked {
        for flag in &report.flags {
            assert_eq!(flag.code, "duplicate-report", "{}: {flag:?}", report.file);
            let other = flag.evidence["other_agency"].as_str().unwrap_or("");
            assert_eq!(Some(other), report.agency.as_deref(), "{flag:?}");
            duplicates += 1;
        }
    }
    assert!(duplicates >= 10, "{duplicates}");
}
