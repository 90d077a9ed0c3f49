//! Defects of a history that the cross-report rules must find, injected into a generated
//! corpus, and where each went.

use super::{GeneratedReport, Generator};

/// A defect of a history that a cross-report rule must find (rules.md B7, B8), injected by
/// breaking what carries from one year of a chain to the next (or, for the correction rate, by
/// one report's 表四). Text-level defects (copies, duplicates, foreign names) are made on the
/// generated text by the tests that need them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrossDefect {
    /// 表三 二 (上年结转) is not last year's 四.
    CarryoverMismatch,
    /// 2021 表二 现行有效 does not continue last year's.
    ValidCountContinuity,
    /// 2019 表二 上一年项目数量 does not continue last year's.
    ItemCountContinuity,
    /// A 2022 or later report in the 2019 template after a 2021-template year.
    TemplateRegression,
    /// Applications received jump tenfold.
    YearOnYearJump,
    /// 行政复议: most cases corrected.
    CorrectionRateHigh,
}

impl CrossDefect {
    pub const ALL: [CrossDefect; 6] = [
        CrossDefect::CarryoverMismatch,
        CrossDefect::ValidCountContinuity,
        CrossDefect::ItemCountContinuity,
        CrossDefect::TemplateRegression,
        CrossDefect::YearOnYearJump,
        CrossDefect::CorrectionRateHigh,
    ];

    /// The rule that must flag it.
    pub fn code(self) -> &'static str {
        match self {
            CrossDefect::CarryoverMismatch => "carryover-mismatch",
            CrossDefect::ValidCountContinuity => "valid-count-continuity",
            CrossDefect::ItemCountContinuity => "item-count-continuity",
            CrossDefect::TemplateRegression => "template-regression",
            CrossDefect::YearOnYearJump => "year-on-year-jump",
            CrossDefect::CorrectionRateHigh => "correction-rate-high",
        }
    }
}

/// Where a defect went: the report that must be flagged, and the report of the year before
/// it is compared with (none for a defect of one report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injected {
    pub defect: CrossDefect,
    pub file_name: String,
    pub previous: Option<String>,
}

/// Generates `count` reports from `seed` with each defect injected once, each into the first
/// chain that can take it (a chain gets at most one). Returns where each went; a defect that
/// found no chain within `count` reports is missing from the list.
pub fn generate_with_defects(
    seed: u64,
    count: usize,
    defects: &[CrossDefect],
) -> (Vec<GeneratedReport>, Vec<Injected>) {
    let mut generator = Generator {
        defects: defects.iter().copied().collect(),
        ..Generator::new(seed)
    };
    let reports = generator.by_ref().take(count).collect();
    (reports, generator.injected)
}
