//! The cross-report rules on generated inboxes: agency histories from `nianbao::corpus` (several
//! years of one agency, carried-over numbers that agree) give no cross-report error or warning,
//! and each defect injected into them is flagged on the right report, naming the other one.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use nianbao::check::{self, CheckOptions, CheckedReport};
use nianbao::corpus::{self, GeneratedReport};
use nianbao::flag::Severity;
use nianbao::rules::cross::CROSS_REGISTRY;
use nianbao::rules::RuleSelection;

/// Only the cross-report rules, so that the single-report rules' own corpus test stays theirs.
fn cross_only() -> CheckOptions {
    CheckOptions {
        selection: RuleSelection {
            selected: CROSS_REGISTRY
                .iter()
                .map(|r| r.meta().code.to_string())
                .collect(),
            ..RuleSelection::default()
        },
        ..CheckOptions::default()
    }
}

fn write_all(dir: &Path, reports: &[GeneratedReport]) {
    for report in reports {
        fs::write(dir.join(&report.file_name), &report.text).expect("writing a corpus file");
    }
}

fn check(dir: &Path) -> Vec<CheckedReport> {
    check::check_paths(&[dir.to_path_buf()], &cross_only())
}

/// code → files flagged with it (warnings and errors only).
fn loud(reports: &[CheckedReport]) -> BTreeMap<&'static str, Vec<String>> {
    let mut found: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for report in reports {
        for flag in &report.flags {
            if flag.severity >= Severity::Warning {
                let name = report
                    .path
                    .file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned());
                found.entry(flag.code).or_default().push(name);
            }
        }
    }
    found
}

/// The first two consecutive reports of one agency in the corpus.
fn consecutive(reports: &[GeneratedReport]) -> (usize, usize) {
    for (i, report) in reports.iter().enumerate() {
        if let Some(j) = reports
            .iter()
            .position(|r| r.agency == report.agency && r.year == report.year + 1)
        {
            return (i, j);
        }
    }
    panic!("the corpus has no agency with two consecutive years");
}

/// Section 五 of a report's text, up to section 六.
fn section_five(text: &str) -> &str {
    let start = text.find("五、存在的主要问题").expect("section 五");
    let end = text.find("六、其他需要报告的事项").expect("section 六");
    &text[start..end]
}

#[test]
fn clean_histories_give_no_cross_report_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reports = corpus::generate(11, 300);
    write_all(dir.path(), &reports);
    let checked = check(dir.path());
    assert_eq!(checked.len(), 300);
    let found = loud(&checked);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn injected_defects_are_flagged_on_the_right_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut reports = corpus::generate(12, 120);
    let (last, this) = consecutive(&reports);
    // The later report's section 五 and 一 copied from the year before.
    let copied = {
        let old = &reports[last].text;
        let new = &reports[this].text;
        let overview = |t: &str| {
            let start = t.find("一、总体情况").expect("section 一");
            let end = t.find("二、主动公开政府信息情况").expect("section 二");
            t[start..end].to_string()
        };
        new.replace(&overview(new), &overview(old))
            .replace(section_five(new), section_five(old))
    };
    reports[this].text = copied;
    // A duplicate of another report under another file name.
    let mut duplicate = reports[5].clone();
    duplicate.file_name = "resubmitted.txt".into();
    // A report signed with another inbox agency's name.
    let other = reports[7].agency.clone();
    let signer = &reports[6];
    let signed_by_other = signer.text.replacen(
        &format!("\n{}\n", signer.agency),
        &format!("\n{other}\n"),
        1,
    );
    assert_ne!(
        signed_by_other, signer.text,
        "the corpus signs with the agency's name"
    );
    reports[6].text = signed_by_other;
    reports.push(duplicate);
    write_all(dir.path(), &reports);

    let checked = check(dir.path());
    let found = loud(&checked);
    let this_file = reports[this].file_name.clone();
    assert_eq!(
        found.get("copied-from-previous-year"),
        Some(&vec![this_file]),
        "{found:#?}"
    );
    let mut duplicates = found.get("duplicate-report").cloned().unwrap_or_default();
    duplicates.sort();
    let mut expected = vec![reports[5].file_name.clone(), "resubmitted.txt".to_string()];
    expected.sort();
    assert_eq!(duplicates, expected, "{found:#?}");
    assert_eq!(
        found.get("foreign-agency-name"),
        Some(&vec![reports[6].file_name.clone()]),
        "{found:#?}"
    );
    // The flag names the other report.
    let flagged = checked
        .iter()
        .find(|r| r.path.ends_with(&reports[6].file_name))
        .expect("the signed report");
    let flag = flagged
        .flags
        .iter()
        .find(|f| f.code == "foreign-agency-name")
        .expect("its flag");
    let other_path = PathBuf::from(flag.evidence["other_path"].as_str().unwrap_or(""));
    assert!(other_path.ends_with(&reports[7].file_name), "{flag:?}");
}
