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
//! Adding a rule: write `src/rules/<code>.rs` (the code with `-` as `_`), register it by one
//! line in the `register_rules!` list at the end of this file, add fixtures that trigger it and
//! fixtures that must not, and regenerate `docs/rules.md` and `docs/rules.zh.md`
//! (`NIANBAO_BLESS=1 cargo test --test integration docs::`).
//!
//! Rules across reports (B7, B8, B9) implement [`cross::CrossRule`] instead and are registered as
//! `cross` lines of the same list, which makes [`CROSS_REGISTRY`]; they share the metadata, docs,
//! selection, fingerprints and the flag cap.

pub mod catalogue;
pub mod cross;
pub mod docs;
mod identity;
mod shared;
pub mod wording;

pub(crate) use shared::Shared;

pub use docs::{RuleDoc, Section};

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use serde::Serialize;

use crate::flag::{Evidence, Fingerprint, Flag, FlagMessage, Location, Severity};
use crate::hash::FxHasher;
use crate::i18n::{Lang, Localized};
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
    /// B9: the inbox as a whole (versions of one report).
    Inbox,
}

impl Group {
    /// `B0` … `B9`.
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
            Group::Inbox => "B9",
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
            Group::Inbox => ("收件箱整体", "The inbox as a whole"),
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

/// What a finding says (see [`crate::i18n::Message`]): worded only when its flag is shown or
/// written, in the language it is output in. Findings past [`MAX_FLAGS_PER_RULE`] are counted
/// and never worded.
pub use crate::i18n::Message;

/// The last flag a rule raises on a report, saying how many findings past the cap were not
/// listed (see [`Findings::finish`]).
#[derive(Debug)]
struct Unlisted {
    message: FlagMessage,
    n: usize,
}

impl Message for Unlisted {
    fn message(&self, lang: Lang) -> String {
        let (message, n) = (self.message.get(lang), self.n);
        match lang {
            Lang::Zh => format!(
                "{message}（另有 {n} 处同类问题未逐一列出：每条规则对一份报告最多列出 {MAX_FLAGS_PER_RULE} 处）"
            ),
            Lang::En => format!(
                "{message} ({n} more of the same kind not listed: a rule lists at most {MAX_FLAGS_PER_RULE} per report)"
            ),
        }
    }
}

/// A message followed by a hint (see [`Finding::with_suspect`]).
#[derive(Debug)]
struct Hinted {
    message: Box<dyn Message>,
    hint: Localized,
}

impl Message for Hinted {
    fn message(&self, lang: Lang) -> String {
        let message = self.message.message(lang);
        match lang {
            Lang::Zh => format!("{message}。{}", self.hint.zh),
            Lang::En => format!("{message}; {}", self.hint.en),
        }
    }
}

/// One finding before it becomes a [`Flag`]: where, what, the evidence, and the parts that
/// identify the defect for its fingerprint.
#[derive(Debug)]
pub struct Finding {
    pub location: Location,
    /// What it says, worded when its flag is shown or written, in that language only.
    pub message: Box<dyn Message>,
    pub evidence: Evidence,
    /// Severity, when it differs from the rule's default.
    pub severity: Option<Severity>,
    /// What identifies this defect within the report, without line numbers: the values of an
    /// identity, the text found. Two findings of the same rule with the same key are the same
    /// defect (an occurrence counter keeps repeated ones apart).
    pub key: Vec<String>,
}

impl Finding {
    /// A finding described as data: its message is worded when its flag is shown or written.
    pub fn typed(location: Location, message: impl Message + 'static) -> Finding {
        Finding {
            location,
            message: Box::new(message),
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
    pub fn at_cell(cell: &ValueCell<'_>, message: impl Message + 'static) -> Finding {
        let (table, row, column) = (cell.table.kind.key(), cell.row.spec, cell.column());
        Finding::typed(cell.location(), message)
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
        message: impl Message + 'static,
    ) -> Finding {
        Finding::at_scope(equation, anchor, message).key(equation.values_key())
    }

    /// A finding about an identity that does not hold, keyed on where it is evaluated only: the
    /// caller adds the values to the key in its own form (表二's rules key on `5|0|3`).
    pub fn at_scope(
        equation: &Equation,
        anchor: &Term,
        message: impl Message + 'static,
    ) -> Finding {
        Finding::typed(
            Location::span(anchor.line, anchor.column, anchor.len),
            message,
        )
        .evidence("table", equation.identity.table().key())
        .key(equation.scope_key)
    }

    /// Adds the most likely wrong cell of 表三 (when one explanation fits) to the message, as a
    /// hint, and to the evidence as `suspect`. Not part of the fingerprint.
    pub fn with_suspect(mut self, suspect: Option<&Suspect>) -> Finding {
        if let Some(suspect) = suspect {
            let (zh, en) = suspect.hint();
            self.message = Box::new(Hinted {
                message: self.message,
                hint: Localized::new(zh, en),
            });
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
    /// What the rules of this report share, worked out once (see [`shared`]); none for the
    /// cross-report rules.
    shared: Option<&'a Shared<'a>>,
    /// How often each fingerprint was raised. Keyed by the fingerprint's own hash, with a
    /// hasher that needs no random keys: a `HashMap::new()` fetched and bumped the thread's
    /// random keys for every rule on every report, though most rules find nothing. It holds
    /// at most [`MAX_FLAGS_PER_RULE`] fingerprints, so crafted collisions cannot flood it.
    seen: HashMap<u64, u32, BuildHasherDefault<FxHasher>>,
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
        Findings::sharing(meta, identity, legacy_identity, severity, flags, None)
    }

    /// Findings of a single-report rule, which reads what the report's rules share (`shared`;
    /// none for a cross-report rule). Made whole in one call rather than [`Findings::new`]'s
    /// and then given its share: every rule of every report makes one, and moving it from the
    /// one to the other copied it.
    fn sharing(
        meta: &'static RuleMeta,
        identity: &'a [String],
        legacy_identity: Option<&'a str>,
        severity: Option<Severity>,
        flags: &'a mut Vec<Flag>,
        shared: Option<&'a Shared<'a>>,
    ) -> Findings<'a> {
        Findings {
            meta,
            identity,
            legacy_identity,
            severity,
            flags,
            shared,
            seen: HashMap::default(),
            raised: 0,
            last: 0,
            unlisted: 0,
        }
    }

    /// What the rules of this report share, worked out once per report; `None` for a
    /// cross-report rule.
    pub(crate) fn shared(&self) -> Option<&'a Shared<'a>> {
        self.shared
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
            message: FlagMessage::typed(finding.message),
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
    fn finish(&mut self) {
        if self.unlisted == 0 {
            return;
        }
        let Some(flag) = self.flags.get_mut(self.last) else {
            return;
        };
        let n = self.unlisted;
        flag.message = FlagMessage::typed(Box::new(Unlisted {
            message: flag.message.clone(),
            n,
        }));
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
    let shared = Shared::new(report);
    let run_rule = |rule: &dyn Rule, flags: &mut Vec<Flag>| {
        let meta = rule.meta();
        if !selection.is_enabled(meta.code) {
            return;
        }
        let severity = selection.severities.get(meta.code).copied();
        let legacy = legacy_identity.as_deref();
        let mut findings =
            Findings::sharing(meta, &identity, legacy, severity, flags, Some(&shared));
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
                Finding::typed(
                    Location::line(i as u32 + 1),
                    Localized::new(format!("第{i}处"), format!("#{i}")),
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
            last.message.get(Lang::Zh).contains("另有 57 处"),
            "{}",
            last.message.get(Lang::Zh)
        );
        assert!(
            last.message.get(Lang::En).contains("57 more"),
            "{}",
            last.message.get(Lang::En)
        );
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
        assert_eq!(
            flags[MAX_FLAGS_PER_RULE - 1].message.get(Lang::Zh),
            "第199处"
        );
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

/// Declares every rule's module and lists its unit struct in [`REGISTRY`] (`rule`) or in
/// [`CROSS_REGISTRY`] (`cross`), in the order written: adding a rule is one line.
macro_rules! register_rules {
    (
        $(rule $module:ident::$rule:ident;)*
        $(cross $cross_module:ident::$cross_rule:ident;)*
    ) => {
        $(mod $module;)*
        $(mod $cross_module;)*

        /// Every single-report rule, in catalogue order.
        pub static REGISTRY: &[&dyn Rule] = &[$(&$module::$rule),*];

        /// Every cross-report rule, in catalogue order.
        pub static CROSS_REGISTRY: &[&dyn cross::CrossRule] = &[$(&$cross_module::$cross_rule),*];
    };
}

// The catalogue: one line per rule, in catalogue order. Each line declares the rule's module
// and lists its unit struct in the registry (single-report rules first, then the cross-report
// rules of B7, B8 and B9).
register_rules! {
    rule unreadable_file::UnreadableFile;
    rule not_a_report::NotAReport;
    rule legacy_encoding::LegacyEncoding;
    rule conversion_artifact::ConversionArtifact;
    rule section_missing::SectionMissing;
    rule section_order::SectionOrder;
    rule section_title::SectionTitle;
    rule section_numbering::SectionNumbering;
    rule overview_subitems::OverviewSubitems;
    rule table_missing::TableMissing;
    rule template_version::TemplateVersionRule;
    rule template_mixed::TemplateMixed;
    rule title_missing::TitleMissing;
    rule title_agency_missing::TitleAgencyMissing;
    rule title_year_missing::TitleYearMissing;
    rule title_form::TitleForm;
    rule agency_mismatch::AgencyMismatch;
    rule citation_number::CitationNumber;
    rule period_missing::PeriodMissing;
    rule period_malformed::PeriodMalformed;
    rule period_reversed::PeriodReversed;
    rule period_year_mismatch::PeriodYearMismatch;
    rule invalid_date::InvalidDate;
    rule publication_date_missing::PublicationDateMissing;
    rule published_late::PublishedLate;
    rule dated_before_period_end::DatedBeforePeriodEnd;
    rule blank_cell::BlankCell;
    rule non_numeric_cell::NonNumericCell;
    rule negative_value::NegativeValue;
    rule fractional_count::FractionalCount;
    rule cell_count::CellCount;
    rule table_row_missing::TableRowMissing;
    rule table_row_extra::TableRowExtra;
    rule label_mismatch::LabelMismatch;
    rule label_local_variant::LabelLocalVariant;
    rule misaligned_row::MisalignedRow;
    rule amount_magnitude::AmountMagnitude;
    rule table_not_assessable::TableNotAssessable;
    rule table3_balance::Table3Balance;
    rule table3_outcome_sum::Table3OutcomeSum;
    rule table3_row_total::Table3RowTotal;
    rule table3_note_missing::Table3NoteMissing;
    rule table4_total::Table4Total;
    rule table2_issued_vs_valid::Table2IssuedVsValid;
    rule table2_published_total::Table2PublishedTotal;
    rule table2_unpublished::Table2Unpublished;
    rule narrative_table_mismatch::NarrativeTableMismatch;
    rule narrative_breakdown_sum::NarrativeBreakdownSum;
    rule narrative_self_conflict::NarrativeSelfConflict;
    rule fee_statement_missing::FeeStatementMissing;
    rule fee_conflict::FeeConflict;
    rule stale_year::StaleYear;
    rule enumeration_gap::EnumerationGap;
    rule typo::Typo;
    rule section_empty::SectionEmpty;
    rule subsection_empty::SubsectionEmpty;
    rule unfinished_text::UnfinishedText;
    cross carryover_mismatch::CarryoverMismatch;
    cross valid_count_continuity::ValidCountContinuity;
    cross item_count_continuity::ItemCountContinuity;
    cross template_regression::TemplateRegression;
    cross duplicate_report::DuplicateReport;
    cross copied_from_previous_year::CopiedFromPreviousYear;
    cross copied_from_peer::CopiedFromPeer;
    cross foreign_agency_name::ForeignAgencyName;
    cross year_on_year_jump::YearOnYearJump;
    cross correction_rate_high::CorrectionRateHigh;
    cross report_superseded::ReportSuperseded;
}
