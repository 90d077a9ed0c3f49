//! The seed reports as regression fixtures (rules.md Part C).
//!
//! Every label of Part C whose rule is in the catalogue must be flagged, with its code and
//! severity, at its lines; and no error or warning may appear on a seed that Part C does not
//! list. Labels of rules not (yet) in the catalogue are skipped here; `catalogue.rs` holds the
//! catalogue to the full list of codes.

use std::path::Path;

use nianbao::flag::{Flag, Severity};
use nianbao::i18n::Lang;
use nianbao::pipeline::{self, CheckOptions, CheckedReport};
use nianbao::rules;

/// Where a label points.
#[derive(Debug, Clone, Copy)]
enum Lines {
    /// The whole report (no line).
    Whole,
    /// One flag at each of these lines.
    Each(&'static [u32]),
    /// Every line of the range is covered by a flag (one flag may span several lines).
    Every(u32, u32),
    /// At least one flag within the range.
    Within(u32, u32),
}

struct Label {
    seed: &'static str,
    code: &'static str,
    severity: Severity,
    lines: Lines,
}

const fn label(seed: &'static str, code: &'static str, severity: Severity, lines: Lines) -> Label {
    Label {
        seed,
        code,
        severity,
        lines,
    }
}

use Lines::{Each, Every, Whole, Within};
use Severity::{Error, Info, Warning};

const S0: &str = "000_480d39c3490e058f.txt";
const S1: &str = "001_5a1fe3ed23e367d7.txt";
const S2: &str = "002_a03528d1c919b0a1.txt";
const S3: &str = "003_80a41c86f4ba9762.txt";
const S4: &str = "004_060f1afac52ad05c.txt";

/// rules.md Part C.
const LABELS: &[Label] = &[
    label(S0, "label-mismatch", Warning, Each(&[20])),
    label(S0, "period-missing", Info, Whole),
    label(S0, "publication-date-missing", Info, Whole),
    label(S0, "misaligned-row", Info, Every(61, 62)),
    label(S1, "unfinished-text", Error, Each(&[98])),
    label(S1, "period-malformed", Warning, Each(&[98])),
    label(S1, "subsection-empty", Info, Within(13, 15)),
    label(S1, "misaligned-row", Info, Every(70, 74)),
    label(S1, "typo", Info, Each(&[96])),
    label(S1, "publication-date-missing", Info, Whole),
    label(S2, "title-agency-missing", Warning, Each(&[3])),
    label(S2, "label-mismatch", Warning, Each(&[54])),
    label(S2, "blank-cell", Error, Each(&[57, 58])),
    label(S2, "cell-count", Error, Every(59, 69)),
    label(S2, "table-not-assessable", Info, Within(55, 78)),
    label(S2, "table2-unpublished", Warning, Each(&[34])),
    label(S2, "label-local-variant", Info, Each(&[47])),
    label(S2, "period-missing", Info, Whole),
    label(S2, "publication-date-missing", Info, Whole),
    label(S2, "section-empty", Info, Within(101, 103)),
    label(S3, "title-agency-missing", Warning, Each(&[1])),
    label(S3, "title-form", Info, Each(&[1])),
    label(S3, "citation-number", Warning, Each(&[2])),
    label(S3, "section-numbering", Info, Each(&[3, 5, 399, 407])),
    label(S3, "stale-year", Warning, Each(&[8])),
    label(S3, "typo", Info, Each(&[2, 403, 408])),
    label(S3, "conversion-artifact", Info, Within(79, 79)),
    label(S3, "publication-date-missing", Info, Whole),
    label(S4, "period-reversed", Error, Each(&[8])),
    label(S4, "period-year-mismatch", Error, Each(&[8])),
    label(S4, "section-numbering", Info, Each(&[9])),
    label(S4, "enumeration-gap", Info, Each(&[20])),
    label(S4, "conversion-artifact", Info, Within(68, 68)),
];

fn checked(seed: &str) -> CheckedReport {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-reports")
        .join(seed);
    pipeline::check_file(&path, &CheckOptions::default())
}

fn first_line(flag: &Flag) -> Option<u32> {
    flag.location.line
}

fn last_line(flag: &Flag) -> Option<u32> {
    flag.location.end_line.or(flag.location.line)
}

fn covers(flag: &Flag, line: u32) -> bool {
    match (first_line(flag), last_line(flag)) {
        (Some(first), Some(last)) => first <= line && line <= last,
        _ => false,
    }
}

fn intersects(flag: &Flag, from: u32, to: u32) -> bool {
    match (first_line(flag), last_line(flag)) {
        (Some(first), Some(last)) => first <= to && from <= last,
        _ => false,
    }
}

fn describe(report: &CheckedReport) -> String {
    report
        .flags
        .iter()
        .map(|f| {
            format!(
                "  {:?} {} {:?}: {}",
                f.location.line,
                f.code,
                f.severity,
                f.message.get(Lang::Zh)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_registered(code: &str) -> bool {
    rules::find(code).is_some()
}

#[test]
fn every_part_c_label_of_a_catalogued_rule_is_flagged() {
    let mut missing = Vec::new();
    for label in LABELS.iter().filter(|l| is_registered(l.code)) {
        let report = checked(label.seed);
        let matching: Vec<&Flag> = report
            .flags
            .iter()
            .filter(|f| f.code == label.code && f.severity == label.severity)
            .collect();
        let ok = match label.lines {
            Whole => !matching.is_empty(),
            Each(lines) => lines.iter().all(|&l| matching.iter().any(|f| covers(f, l))),
            Every(from, to) => (from..=to).all(|l| matching.iter().any(|f| covers(f, l))),
            Within(from, to) => matching.iter().any(|f| intersects(f, from, to)),
        };
        if !ok {
            missing.push(format!(
                "{} {} {:?} {:?}\n{}",
                label.seed,
                label.code,
                label.severity,
                label.lines,
                describe(&report)
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "labels not flagged:\n{}",
        missing.join("\n")
    );
}

fn is_labelled(seed: &str, flag: &Flag) -> bool {
    LABELS.iter().any(|label| {
        label.seed == seed
            && label.code == flag.code
            && label.severity == flag.severity
            && match label.lines {
                Whole => true,
                Each(lines) => lines.iter().any(|&l| covers(flag, l)),
                Every(from, to) | Within(from, to) => intersects(flag, from, to),
            }
    })
}

#[test]
fn no_error_or_warning_that_part_c_does_not_list() {
    let mut unexpected = Vec::new();
    for seed in [S0, S1, S2, S3, S4] {
        let report = checked(seed);
        for flag in report
            .flags
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
        {
            if !is_labelled(seed, flag) {
                unexpected.push(format!(
                    "{seed} {:?} {} {:?}: {}",
                    flag.location.line,
                    flag.code,
                    flag.severity,
                    flag.message.get(Lang::Zh)
                ));
            }
        }
    }
    assert!(
        unexpected.is_empty(),
        "flags Part C does not list:\n{}",
        unexpected.join("\n")
    );
}

#[test]
fn seeds_parse_into_their_agency_year_and_template() {
    let expected = [
        (S0, Some("北关区司法局"), 2023, "2021"),
        (S1, Some("三门峡市陕州区司法局"), 2024, "2021"),
        (S2, Some("司法局"), 2020, "2019"),
        (S3, Some("聊城市司法局"), 2023, "2021"),
        (S4, Some("乌拉特中旗司法局"), 2023, "2021"),
    ];
    for (seed, agency, year, template) in expected {
        let report = checked(seed);
        assert_eq!(report.agency.as_deref(), agency, "{seed}");
        assert_eq!(report.year, Some(year), "{seed}");
        assert_eq!(
            report.template.map(|t| t.as_str()),
            Some(template),
            "{seed}"
        );
        assert_eq!(report.summary.sections, [1, 2, 3, 4, 5, 6], "{seed}");
    }
}
