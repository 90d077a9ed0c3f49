//! The cross-report rules on generated inboxes: agency histories from `nianbao::corpus` (several
//! years of one agency, carried-over numbers that agree) give no cross-report error or warning,
//! and each defect injected into them is flagged on the right report, naming the other one.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use nianbao::corpus::{self, CrossDefect, GeneratedReport};
use nianbao::flag::Severity;
use nianbao::pipeline::{self, CheckedReport};

use crate::common;
use common::cross_only;

fn write_all(dir: &Path, reports: &[GeneratedReport]) {
    for report in reports {
        fs::write(dir.join(&report.file_name), &report.text).expect("writing a corpus file");
    }
}

fn check(dir: &Path) -> Vec<CheckedReport> {
    pipeline::check_paths(&[dir.to_path_buf()], &cross_only())
}

/// code → files flagged with it (warnings and errors only).
fn loud(reports: &[CheckedReport]) -> BTreeMap<&'static str, Vec<String>> {
    flagged(reports, Severity::Warning)
}

/// code → files flagged with it at this severity or above.
fn flagged(reports: &[CheckedReport], least: Severity) -> BTreeMap<&'static str, Vec<String>> {
    let mut found: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for report in reports {
        for flag in &report.flags {
            if flag.severity >= least {
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

/// Two reports of one year by different agencies, none of them in `used`.
fn peers(reports: &[GeneratedReport], used: &[usize]) -> (usize, usize) {
    for (i, a) in reports.iter().enumerate() {
        if used.contains(&i) {
            continue;
        }
        if let Some(j) = reports.iter().enumerate().position(|(j, b)| {
            j > i && !used.contains(&j) && b.year == a.year && b.agency != a.agency
        }) {
            return (i, j);
        }
    }
    panic!("the corpus has no two agencies reporting for one year");
}

/// `into` with its sections 一 and 五 replaced by those of `from`.
fn copy_narrative(from: &str, into: &str) -> String {
    let overview = |t: &str| {
        let start = t.find("一、总体情况").expect("section 一");
        let end = t.find("二、主动公开政府信息情况").expect("section 二");
        t[start..end].to_string()
    };
    into.replace(&overview(into), &overview(from))
        .replace(section_five(into), section_five(from))
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
    // Not even a plausibility question (info).
    let found = flagged(&checked, Severity::Info);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn injected_defects_are_flagged_on_the_right_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut reports = corpus::generate(12, 120);
    let (last, this) = consecutive(&reports);
    // The later report's section 五 and 一 copied from the year before.
    let copied = copy_narrative(&reports[last].text, &reports[this].text);
    reports[this].text = copied;
    // Another agency's report of the same year copied (sections 一 and 五).
    let used = [last, this, 5, 6, 7];
    let (peer, copier) = peers(&reports, &used);
    reports[copier].text = copy_narrative(&reports[peer].text, &reports[copier].text);
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
    let mut copies = found.get("copied-from-peer").cloned().unwrap_or_default();
    copies.sort();
    let mut expected = vec![
        reports[peer].file_name.clone(),
        reports[copier].file_name.clone(),
    ];
    expected.sort();
    assert_eq!(copies, expected, "{found:#?}");
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

#[test]
fn each_defect_injected_into_a_history_raises_its_rule() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (reports, injected) = corpus::generate_with_defects(13, 400, &CrossDefect::ALL);
    let mut codes: Vec<&str> = injected.iter().map(|i| i.defect.code()).collect();
    codes.sort_unstable();
    let mut expected: Vec<&str> = CrossDefect::ALL.iter().map(|d| d.code()).collect();
    expected.sort_unstable();
    assert_eq!(codes, expected, "every defect found a chain: {injected:#?}");
    write_all(dir.path(), &reports);
    let checked = check(dir.path());
    // Each rule flags the report it was injected into, and nothing else is flagged.
    let found = flagged(&checked, Severity::Info);
    let wanted: BTreeMap<&str, Vec<String>> = injected
        .iter()
        .map(|i| (i.defect.code(), vec![i.file_name.clone()]))
        .collect();
    assert_eq!(found, wanted);
    // A defect between years names the report of the year before.
    for defect in injected.iter().filter(|i| i.previous.is_some()) {
        let report = checked
            .iter()
            .find(|r| r.path.ends_with(&defect.file_name))
            .expect("the flagged report");
        let flag = report
            .flags
            .iter()
            .find(|f| f.code == defect.defect.code())
            .expect("its flag");
        let other = flag.evidence["other_path"].as_str().unwrap_or("");
        assert!(
            other.ends_with(defect.previous.as_deref().unwrap_or("?")),
            "{flag:?}"
        );
    }
}
