//! What several rules read from one report, worked out once per report on first use.
//!
//! [`run_file`](super::run_file) makes one [`Shared`] per report and hands it to every rule
//! through [`Findings::shared`](super::Findings::shared): the identity rules share one
//! reading of each table's integers rather than each walk every row.

use std::cell::OnceCell;

use crate::report::tables::identities::Holding;
use crate::report::Report;

/// One report's facts that more than one rule reads.
pub struct Shared<'r> {
    report: &'r Report,
    holding: OnceCell<Holding>,
}

impl<'r> Shared<'r> {
    pub fn new(report: &'r Report) -> Shared<'r> {
        Shared {
            report,
            holding: OnceCell::new(),
        }
    }

    /// Which identities hold everywhere on the report's tables: the four 表三 and 表四
    /// identity rules and the three 表二 ones skip a table that balances without evaluating
    /// it again.
    pub fn holding(&self) -> Holding {
        *self.holding.get_or_init(|| Holding::of(self.report))
    }
}
