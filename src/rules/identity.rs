//! The one way the identity rules (`table2-*`, `table3-*`, `table4-total`) report: each rule
//! selects an identity of the template (`report::template`, evaluated by
//! `report::tables::identities`) and says how a failing equation reads; this module finds the
//! failures and adds what every 表三 identity shares, the most likely wrong cell.

use crate::report::tables::identities::{evaluated_failures, Equation, Holding, Identity, Term};
use crate::report::tables::suspect::Suspect;
use crate::report::{Report, TableKind};
use crate::rules::{Finding, Findings};

/// Reports each equation of `identity` that fails on the report, as `finding` describes it
/// (built with [`Finding::at_equation`] or [`Finding::at_scope`]). A rule that reads its
/// values by position (表二's) returns an `Option`: `None`, for an equation not of the shape
/// its identity declares, reports nothing. On 表三 each finding also names the most likely
/// wrong cell, when one explanation fits every failure.
pub(crate) fn report_failures<F: Into<Option<Finding>>>(
    report: &Report,
    identity: Identity,
    findings: &mut Findings<'_>,
    finding: impl Fn(&Equation, &Term) -> F,
) {
    let Some(table) = identity.assessed_table(report) else {
        return;
    };
    // Most reports balance: the identity rules share one reading of each table that says so.
    let holding = findings
        .shared()
        .map_or_else(|| Holding::of(report), |shared| shared.holding());
    if holding.holds(identity) {
        return;
    }
    let failing = evaluated_failures(identity, table);
    let table = Some(table);
    let suspect = match identity.table() {
        TableKind::Table3 => Suspect::of_failing(table, !failing.is_empty()),
        _ => None,
    };
    for (equation, anchor) in failing {
        if let Some(finding) = finding(&equation, &anchor).into() {
            findings.report(finding.with_suspect(suspect.as_ref()));
        }
    }
}
