//! The rule catalogue: one rule per file, one code per rule.
//!
//! A rule is a unit struct implementing [`Rule`]: [`Rule::meta`] gives its code, group, default
//! severity and titles, and [`Rule::check`] looks at a [`Report`] and reports what it finds
//! through [`Findings`]. Each rule's file opens with a `//!` doc comment in fixed sections, in
//! English and in Chinese (What it checks / 检查内容, Why it matters / 为何重要, Authority / 依据,
//! and the shared examples Flagged / Accepted: see [`docs`]); `nianbao explain` prints
//! that comment, read from the file itself at compile time, so the docs cannot drift from the
//! code. [`REGISTRY`] lists every rule in catalogue order.
//!
//! Adding a rule: write `src/rules/<code>.rs` (the code with `-` as `_`), add it to the `mod`
//! list and to [`REGISTRY`], add fixtures that trigger it and fixtures that must not, and
//! regenerate `docs/rules.md` and `docs/rules.zh.md` (`NIANBAO_BLESS=1 cargo test --test integration docs::`).
//!
//! Rules across reports (B7, B8) implement [`cross::CrossRule`] instead and are listed in
//! [`cross::CROSS_REGISTRY`]; they share the metadata, docs, selection, fingerprints and the flag
//! cap.

pub mod catalogue;
pub mod cross;
pub mod docs;

pub use docs::{RuleDoc, Section};

use std::collections::HashMap;

use serde::Serialize;

use crate::flag::{Evidence, Fingerprint, Flag, Location, Severity};
use crate::i18n::Localized;
use crate::report::tables::identities::{Equation, Term};
use crate::report::tables::suspect::Suspect;
use crate::report::tables::ValueCell;
use crate::report::Report;
use crate::report_key::ReportKey;

/// The groups of rules.md Part B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Group {
    /// B0: reading the file.
    Reading,
    /// B1: structure and template version.
    Structure,
    /// B2: title, citations, dates.
    TitleAndDates,
    /// B3: table cells.
    Cells,
    /// B4: table identities.
    Identities,
    /// B5: text against tables.
    TextVsTables,
    /// B6: completeness.
    Completeness,
    /// B7: across reports (same agency's other years, other agencies).
    Across,
    /// B8: plausibility (info only).
    Plausibility,
}

impl Group {
    /// `B0` … `B6`.
    pub fn code(self) -> &'static str {
        match self {
            Group::Reading => "B0",
            Group::Structure => "B1",
            Group::TitleAndDates => "B2",
            Group::Cells => "B3",
            Group::Identities => "B4",
            Group::TextVsTables => "B5",
            Group::Completeness => "B6",
            Group::Across => "B7",
            Group::Plausibility => "B8",
        }
    }

    pub fn name(self) -> Localized {
        let (zh, en) = match self {
            Group::Reading => ("文件读取", "Reading the file"),
            Group::Structure => ("结构与模板版本", "Structure and template version"),
            Group::TitleAndDates => ("标题、文号与日期", "Title, citations, dates"),
            Group::Cells => ("表格单元格", "Table cells"),
            Group::Identities => ("表格勾稽关系", "Table identities"),
            Group::TextVsTables => ("正文与表格", "Text against tables"),
            Group::Completeness => ("内容完整性", "Completeness"),
            Group::Across => ("跨报告比对", "Across reports"),
            Group::Plausibility => ("合理性", "Plausibility"),
        };
        Localized::new(zh, en)
    }
}

/// What a rule is: its stable code, its place in the catalogue and its documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case code; part of the command-line contract.
    pub code: &'static str,
    pub group: Group,
    /// The default severity; a rule may report some findings at another severity (documented
    /// in its file), and the user's configuration may override it.
    pub severity: Severity,
    pub title_zh: &'static str,
    pub title_en: &'static str,
    /// The path of the rule's file, relative to the package (`src/rules/period_reversed.rs`).
    pub file: &'static str,
    /// The rule's source file, from `include_str!`; its leading `//!` comment is the doc.
    pub source: &'static str,
}

impl RuleMeta {
    /// The rule's documentation, parsed from its file's doc comment.
    pub fn doc(&self) -> RuleDoc {
        RuleDoc::from_source(self.source)
    }

    pub fn title(&self) -> Localized {
        Localized::new(self.title_zh, self.title_en)
    }
}

/// A rule over one report.
pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;

    /// Looks at the report and reports findings. Rules that need data the parser could not
    /// read say nothing: the missing data has its own rule.
    fn check(&self, report: &Report, findings: &mut Findings<'_>);
}

/// One finding before it becomes a [`Flag`]: where, what, the evidence, and the parts that
/// identify the defect for its fingerprint.
#[derive(Debug, Clone)]
pub struct Finding {
    pub location: Location,
    pub message: Localized,
    pub evidence: Evidence,
    /// Severity, when it differs from the rule's default.
    pub severity: Option<Severity>,
    /// What identifies this defect within the report, without line numbers: the values of an
    /// identity, the text found. Two findings of the same rule with the same key are the same
    /// defect (an occurrence counter keeps repeated ones apart).
    pub key: Vec<String>,
}

impl Finding {
    pub fn new(location: Location, zh: impl Into<String>, en: impl Into<String>) -> Finding {
        Finding {
            location,
            message: Localized::new(zh, en),
            evidence: Evidence::new(),
            severity: None,
            key: Vec::new(),
        }
    }

    /// Adds a piece of evidence.
    pub fn evidence(mut self, name: &str, value: impl Into<serde_json::Value>) -> Finding {
        self.evidence.insert(name.to_string(), value.into());
        self
    }

    /// Reports this finding at another severity than the rule's default.
    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = Some(severity);
        self
    }

    /// A finding about one table cell: marks the cell, names its table, row and column in the
    /// evidence, and keys the fingerprint on them (the caller adds the value it judged).
    pub fn at_cell(cell: &ValueCell<'_>, zh: impl Into<String>, en: impl Into<String>) -> Finding {
        let (table, row, column) = (cell.table.kind.key(), cell.row.spec, cell.column());
        Finding::new(cell.location(), zh, en)
            .evidence("table", table)
            .evidence("row", row.label)
            .evidence("column", column)
            .key(table)
            .key(row.id)
            .key(column)
    }

    /// A finding about an identity that does not hold: marks the total it is checked against,
    /// names its table in the evidence (the caller adds the column, row or group), and keys the
    /// fingerprint on where it is evaluated and on every value (a changed number is a new
    /// defect).
    pub fn at_equation(
        equation: &Equation,
        anchor: &Term,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Finding {
        Finding::new(
            Location::span(anchor.line, anchor.column, anchor.len),
            zh,
            en,
        )
        .evidence("table", equation.identity.table().key())
        .key(equation.scope_key)
        .key(equation.values_key())
    }

    /// Adds the most likely wrong cell of 表三 (when one explanation fits) to the message, as a
    /// hint, and to the evidence as `suspect`. Not part of the fingerprint.
    pub fn with_suspect(mut self, suspect: Option<&Suspect>) -> Finding {
        if let Some(suspect) = suspect {
            let (zh, en) = suspect.hint();
            self.message = Localized::new(
                format!("{}。{zh}", self.message.zh),
                format!("{}; {en}", self.message.en),
            );
            self.evidence.insert(
                "suspect".to_string(),
                serde_json::to_value(suspect).unwrap_or_default(),
            );
        }
        self
    }

    /// Adds a part of the identity of the defect (see [`Finding::key`]).
    pub fn key(mut self, part: impl Into<String>) -> Finding {
        self.key.push(part.into());
        self
    }
}

/// The most flags one rule raises on one report. A file can repeat a defect without end (a
/// table row copied two million times, one list marker after another on a crawled line):
/// past this many, the findings of the rule are counted, not listed, and the last flag says
/// how many more there were.
pub const MAX_FLAGS_PER_RULE: usize = 200;

/// Collects the findings of one rule on one report and turns them into flags.
pub struct Findings<'a> {
    meta: &'static RuleMeta,
    /// The report's part of every fingerprint (see [`ReportKey::fingerprint_parts`]).
    identity: &'a [String],
    /// For a report known only by its file, the identity fingerprints had before (see
    /// [`ReportKey::legacy_identity`]): each flag also gets the fingerprint it had then.
    legacy_identity: Option<&'a str>,
    severity: Option<Severity>,
    flags: &'a mut Vec<Flag>,
    seen: HashMap<u64, u32>,
    /// Flags raised so far, and where the last one is in `flags`.
    raised: usize,
    last: usize,
    /// Findings past [`MAX_FLAGS_PER_RULE`], counted only.
    unlisted: usize,
}

impl<'a> Findings<'a> {
    fn new(
        meta: &'static RuleMeta,
        identity: &'a [String],
        legacy_identity: Option<&'a str>,
        severity: Option<Severity>,
        flags: &'a mut Vec<Flag>,
    ) -> Findings<'a> {
        Findings {
            meta,
            identity,
            legacy_identity,
            severity,
            flags,
            seen: HashMap::new(),
            raised: 0,
            last: 0,
            unlisted: 0,
        }
    }

    /// Whether the rule has raised all the flags it may on this report: later findings are
    /// only counted.
    fn is_full(&self) -> bool {
        self.raised >= MAX_FLAGS_PER_RULE
    }

    /// Reports a finding.
    pub fn report(&mut self, finding: Finding) {
        if self.is_full() {
            self.unlisted += 1;
            return;
        }
        let base = Fingerprint::of(
            std::iter::once(self.meta.code)
                .chain(self.identity.iter().map(String::as_str))
                .chain(finding.key.iter().map(String::as_str)),
        );
        let occurrence = self.seen.entry(base.0).or_insert(0);
        *occurrence += 1;
        let occurrence = *occurrence;
        // The n-th finding with the same identity gets the n-th fingerprint.
        let nth = |base: Fingerprint| {
            if occurrence == 1 {
                base
            } else {
                Fingerprint::of([base.to_string(), occurrence.to_string()])
            }
        };
        let fingerprint = nth(base);
        // Only for reports without agency or year, so that `check` does no more work on the
        // others; the identity is the same for the whole report, so the occurrences count alike.
        let legacy_fingerprint = self.legacy_identity.map(|legacy| {
            nth(Fingerprint::of(
                [self.meta.code, legacy]
                    .into_iter()
                    .chain(finding.key.iter().map(String::as_str)),
            ))
        });
        let severity = self
            .severity
            .or(finding.severity)
            .unwrap_or(self.meta.severity);
        self.flags.push(Flag {
            code: self.meta.code,
            severity,
            location: finding.location,
            message: finding.message,
            evidence: finding.evidence,
            fingerprint,
            legacy_fingerprint,
        });
        self.raised += 1;
        self.last = self.flags.len() - 1;
    }

    /// Ends the rule's run on the report: the last flag raised says how many findings past the
    /// cap were not listed (in its message, and as the number `unlisted` in its evidence). Its
    /// fingerprint stays the one of its own finding.
    fn finish(self) {
        if self.unlisted == 0 {
            return;
        }
        let Some(flag) = self.flags.get_mut(self.last) else {
            return;
        };
        let n = self.unlisted;
        flag.message.zh.push_str(&format!(
            "（另有 {n} 处同类问题未逐一列出：每条规则对一份报告最多列出 {MAX_FLAGS_PER_RULE} 处）"
        ));
        flag.message.en.push_str(&format!(
            " ({n} more of the same kind not listed: a rule lists at most {MAX_FLAGS_PER_RULE} per report)"
        ));
        flag.evidence.insert("unlisted".to_string(), n.into());
    }
}

/// Which rules run, and at which severity: the defaults, narrowed by configuration.
#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    /// Codes switched off.
    pub ignored: Vec<String>,
    /// When not empty, only these codes run.
    pub selected: Vec<String>,
    /// Severity overrides by code.
    pub severities: HashMap<String, Severity>,
    /// The thresholds of the cross-report and plausibility rules.
    pub cross: cross::CrossSettings,
}

impl RuleSelection {
    /// Only the rule with this code, at its default severity (for tests and for looking at one
    /// rule's findings).
    pub fn only(code: &str) -> RuleSelection {
        RuleSelection {
            selected: vec![code.to_string()],
            ..RuleSelection::default()
        }
    }

    /// Whether the rule with this code runs.
    pub fn is_enabled(&self, code: &str) -> bool {
        (self.selected.is_empty() || self.selected.iter().any(|c| c == code))
            && !self.ignored.iter().any(|c| c == code)
    }
}

/// Runs the catalogue over a report read from `file` (its path relative to the checked folder,
/// see [`crate::report_key::relative_file`]): the fingerprints are tied to the report's agency
/// and year, or to `file` when they are not both known. The file-reading rules run first; when
/// the file could not be read, or nothing of a report was found in it, the other rules are not
/// run (they would only repeat that the report is missing).
pub fn run_file(report: &Report, file: &str, selection: &RuleSelection) -> Vec<Flag> {
    let mut flags = Vec::new();
    let key = ReportKey::of(report.agency.as_deref(), report.year, file);
    let identity = key.fingerprint_parts();
    let legacy_identity = key.legacy_identity(report.agency.as_deref(), report.year);
    let run_rule = |rule: &dyn Rule, flags: &mut Vec<Flag>| {
        let meta = rule.meta();
        if !selection.is_enabled(meta.code) {
            return;
        }
        let severity = selection.severities.get(meta.code).copied();
        let legacy = legacy_identity.as_deref();
        let mut findings = Findings::new(meta, &identity, legacy, severity, flags);
        rule.check(report, &mut findings);
        findings.finish();
    };
    let reading_only = report.read_failure.is_some() || !report.looks_like_report();
    for rule in REGISTRY {
        if reading_only && rule.meta().group != Group::Reading {
            continue;
        }
        run_rule(*rule, &mut flags);
    }
    sort_flags(&mut flags);
    for flag in &mut flags {
        flag.location.source = report.source_place(flag.location);
        flag.location.paragraph = report.paragraph_place(flag.location);
    }
    flags
}

/// Puts a report's flags in text order (line, then column; whole-report flags first).
pub fn sort_flags(flags: &mut [Flag]) {
    flags.sort_by_key(|f| (f.location.line.unwrap_or(0), f.location.column.unwrap_or(0)));
}

/// [`run_file`] on a report that was not read from a file (a rule's test, a generated corpus):
/// its flags are tied to agency and year, and to no file when those are unknown.
pub fn run(report: &Report, selection: &RuleSelection) -> Vec<Flag> {
    run_file(report, "", selection)
}

/// The single-report rule with this code.
pub fn find(code: &str) -> Option<&'static dyn Rule> {
    REGISTRY.iter().copied().find(|r| r.meta().code == code)
}

/// The metadata of the rule with this code, single-report or cross-report.
pub fn meta(code: &str) -> Option<&'static RuleMeta> {
    catalogue::metas().find(|m| m.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    static META: RuleMeta = RuleMeta {
        code: "test-rule",
        group: Group::Cells,
        severity: Severity::Warning,
        title_zh: "测试",
        title_en: "Test",
        file: "src/rules/mod.rs",
        source: "",
    };

    /// The flags of a rule that finds `n` defects on a report, each at its own line.
    fn flags_of(n: usize) -> Vec<Flag> {
        let mut flags = Vec::new();
        let identity = vec!["某局|2023".to_string()];
        let mut findings = Findings::new(&META, &identity, None, None, &mut flags);
        for i in 0..n {
            findings.report(
                Finding::new(
                    Location::line(i as u32 + 1),
                    format!("第{i}处"),
                    format!("#{i}"),
                )
                .key(i.to_string()),
            );
        }
        findings.finish();
        flags
    }

    #[test]
    fn a_rule_lists_at_most_the_cap_and_counts_the_rest_in_its_last_flag() {
        let flags = flags_of(MAX_FLAGS_PER_RULE + 57);
        assert_eq!(flags.len(), MAX_FLAGS_PER_RULE);
        let last = &flags[MAX_FLAGS_PER_RULE - 1];
        assert_eq!(last.evidence["unlisted"], 57);
        assert!(
            last.message.zh.contains("另有 57 处"),
            "{}",
            last.message.zh
        );
        assert!(last.message.en.contains("57 more"), "{}", last.message.en);
        // The summary keeps the fingerprint of its own finding.
        assert_eq!(
            last.fingerprint,
            flags_of(MAX_FLAGS_PER_RULE)[MAX_FLAGS_PER_RULE - 1].fingerprint
        );
        assert!(flags[..MAX_FLAGS_PER_RULE - 1]
            .iter()
            .all(|f| !f.evidence.contains_key("unlisted")));
    }

    #[test]
    fn a_rule_at_the_cap_lists_everything_as_it_is() {
        let flags = flags_of(MAX_FLAGS_PER_RULE);
        assert_eq!(flags.len(), MAX_FLAGS_PER_RULE);
        assert!(flags.iter().all(|f| !f.evidence.contains_key("unlisted")));
        assert_eq!(flags[MAX_FLAGS_PER_RULE - 1].message.zh, "第199处");
    }
}

/// Helpers for the rules' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::flag::Flag;

    /// `(line, column, evidence "found")` of each flag: where a text rule pointed and what it
    /// quoted.
    pub fn found_at(flags: &[Flag]) -> Vec<(u32, u32, String)> {
        flags
            .iter()
            .map(|f| {
                (
                    f.location.line.unwrap_or(0),
                    f.location.column.unwrap_or(0),
                    f.evidence["found"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }
}

/// Declares a rule's metadata next to its struct, reading the doc comment from the file itself.
#[macro_export]
macro_rules! rule_meta {
    ($code:literal, $group:ident, $severity:ident, $zh:literal, $en:literal) => {
        fn meta(&self) -> &'static $crate::rules::RuleMeta {
            static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                group: $crate::rules::Group::$group,
                severity: $crate::flag::Severity::$severity,
                title_zh: $zh,
                title_en: $en,
                file: file!(),
                source: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", file!())),
            };
            &META
        }
    };
}

mod agency_mismatch;
mod amount_magnitude;
mod blank_cell;
mod carryover_mismatch;
mod cell_count;
mod citation_number;
mod conversion_artifact;
mod copied_from_peer;
mod copied_from_previous_year;
mod correction_rate_high;
mod dated_before_period_end;
mod duplicate_report;
mod enumeration_gap;
mod fee_conflict;
mod fee_statement_missing;
mod foreign_agency_name;
mod fractional_count;
mod invalid_date;
mod item_count_continuity;
mod label_local_variant;
mod label_mismatch;
mod legacy_encoding;
mod misaligned_row;
mod narrative_breakdown_sum;
mod narrative_self_conflict;
mod narrative_table_mismatch;
mod negative_value;
mod non_numeric_cell;
mod not_a_report;
mod overview_subitems;
mod period_malformed;
mod period_missing;
mod period_reversed;
mod period_year_mismatch;
mod publication_date_missing;
mod published_late;
mod section_empty;
mod section_missing;
mod section_numbering;
mod section_order;
mod section_title;
mod stale_year;
mod subsection_empty;
mod table2_issued_vs_valid;
mod table2_published_total;
mod table2_unpublished;
mod table3_balance;
mod table3_note_missing;
mod table3_outcome_sum;
mod table3_row_total;
mod table4_total;
mod table_missing;
mod table_not_assessable;
mod table_row_extra;
mod table_row_missing;
mod template_mixed;
mod template_regression;
mod template_version;
mod title_agency_missing;
mod title_form;
mod title_missing;
mod title_year_missing;
mod typo;
mod unfinished_text;
mod unreadable_file;
mod valid_count_continuity;
mod year_on_year_jump;

/// Every rule, in catalogue order.
pub static REGISTRY: &[&dyn Rule] = &[
    &unreadable_file::UnreadableFile,
    &not_a_report::NotAReport,
    &legacy_encoding::LegacyEncoding,
    &conversion_artifact::ConversionArtifact,
    &section_missing::SectionMissing,
    &section_order::SectionOrder,
    &section_title::SectionTitle,
    &section_numbering::SectionNumbering,
    &overview_subitems::OverviewSubitems,
    &table_missing::TableMissing,
    &template_version::TemplateVersionRule,
    &template_mixed::TemplateMixed,
    &title_missing::TitleMissing,
    &title_agency_missing::TitleAgencyMissing,
    &title_year_missing::TitleYearMissing,
    &title_form::TitleForm,
    &agency_mismatch::AgencyMismatch,
    &citation_number::CitationNumber,
    &period_missing::PeriodMissing,
    &period_malformed::PeriodMalformed,
    &period_reversed::PeriodReversed,
    &period_year_mismatch::PeriodYearMismatch,
    &invalid_date::InvalidDate,
    &publication_date_missing::PublicationDateMissing,
    &published_late::PublishedLate,
    &dated_before_period_end::DatedBeforePeriodEnd,
    &blank_cell::BlankCell,
    &non_numeric_cell::NonNumericCell,
    &negative_value::NegativeValue,
    &fractional_count::FractionalCount,
    &cell_count::CellCount,
    &table_row_missing::TableRowMissing,
    &table_row_extra::TableRowExtra,
    &label_mismatch::LabelMismatch,
    &label_local_variant::LabelLocalVariant,
    &misaligned_row::MisalignedRow,
    &amount_magnitude::AmountMagnitude,
    &table_not_assessable::TableNotAssessable,
    &table3_balance::Table3Balance,
    &table3_outcome_sum::Table3OutcomeSum,
    &table3_row_total::Table3RowTotal,
    &table3_note_missing::Table3NoteMissing,
    &table4_total::Table4Total,
    &table2_issued_vs_valid::Table2IssuedVsValid,
    &table2_published_total::Table2PublishedTotal,
    &table2_unpublished::Table2Unpublished,
    &narrative_table_mismatch::NarrativeTableMismatch,
    &narrative_breakdown_sum::NarrativeBreakdownSum,
    &narrative_self_conflict::NarrativeSelfConflict,
    &fee_statement_missing::FeeStatementMissing,
    &fee_conflict::FeeConflict,
    &stale_year::StaleYear,
    &enumeration_gap::EnumerationGap,
    &typo::Typo,
    &section_empty::SectionEmpty,
    &subsection_empty::SubsectionEmpty,
    &unfinished_text::UnfinishedText,
];
