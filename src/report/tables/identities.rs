//! The template's arithmetic identities over 表二, 表三 and 表四, evaluated one column, row or
//! group at a time.
//!
//! An identity is evaluated only where every cell it involves is a readable integer; anywhere
//! else it is [`Evaluation::NotAssessable`], never a pass. The identity rules report the
//! equations that fail; `table-not-assessable` reports the ones of 表三 and 表四 that could not
//! be evaluated (a 表二 row that cannot be read is left to the cell rules). Sums are exact
//! (`i128`, no tolerance).
//!
//! The identities are data on the template ([`IdentitySpec`] in `report::template`: a scope,
//! the cells of each side and how they relate, `=`, `≤` or `≥`); this module is the one engine
//! that evaluates them, and the identity rules (`table2-*`, `table3-*`, `table4-total`) each
//! select theirs.

use serde::Serialize;

use std::sync::OnceLock;

use super::{Table, TableKind, TableRow};
use crate::report::template::{
    IdentityCells, IdentityScope, IdentitySpec, Relation, RowSpec, Side, TemplateVersion,
    TABLE2_ISSUED_VS_VALID, TABLE2_PUBLISHED_TOTAL, TABLE2_UNPUBLISHED, TABLE3_BALANCE,
    TABLE3_COLUMNS, TABLE3_OUTCOME_SUM, TABLE3_ROW_TOTAL, TABLE4_COLUMNS, TABLE4_GROUPS,
    TABLE4_ROW, TABLE4_TOTAL,
};
use crate::report::Report;

/// The identities of rules.md A2.2, A2.3, A2.4 and A3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Identity {
    /// I-BAL: 一 + 二 = （七）总计 + 四, in each 表三 column.
    Table3Balance,
    /// I-RES: （七）总计 = the sum of the outcome rows, in each 表三 column.
    Table3OutcomeSum,
    /// I-ROW: 总计 = the six applicant columns, in each 表三 row.
    Table3RowTotal,
    /// I-T4: 维持 + 纠正 + 其他 + 尚未审结 = 总计, in each 表四 group.
    Table4Total,
    /// 2021 表二: 本年制发件数 ≤ 现行有效件数 + 本年废止件数, in each document row.
    Table2IssuedVsValid,
    /// 2019 表二: 本年新公开数量 ≤ 对外公开总数量, in each document row.
    Table2PublishedTotal,
    /// 2019 表二: documents made this year are published, in each document row.
    Table2Unpublished,
}

impl Identity {
    pub const ALL: [Identity; 7] = [
        Identity::Table3Balance,
        Identity::Table3OutcomeSum,
        Identity::Table3RowTotal,
        Identity::Table4Total,
        Identity::Table2IssuedVsValid,
        Identity::Table2PublishedTotal,
        Identity::Table2Unpublished,
    ];

    /// The identity as the template declares it.
    pub fn spec(self) -> &'static IdentitySpec {
        match self {
            Identity::Table3Balance => &TABLE3_BALANCE,
            Identity::Table3OutcomeSum => &TABLE3_OUTCOME_SUM,
            Identity::Table3RowTotal => &TABLE3_ROW_TOTAL,
            Identity::Table4Total => &TABLE4_TOTAL,
            Identity::Table2IssuedVsValid => &TABLE2_ISSUED_VS_VALID,
            Identity::Table2PublishedTotal => &TABLE2_PUBLISHED_TOTAL,
            Identity::Table2Unpublished => &TABLE2_UNPUBLISHED,
        }
    }

    /// The code of the rule that reports a failure of this identity.
    pub fn code(self) -> &'static str {
        self.spec().code
    }

    pub fn name_zh(self) -> &'static str {
        self.spec().name_zh
    }

    pub fn name_en(self) -> &'static str {
        self.spec().name_en
    }

    /// Whether the identity's scope is a column (and not a row or a 表四 group).
    pub fn per_column(self) -> bool {
        self.spec().scope == IdentityScope::Table3Columns
    }

    /// The table the identity is about.
    pub fn table(self) -> TableKind {
        match self.spec().scope {
            IdentityScope::Table2Rows(..) => TableKind::Table2,
            IdentityScope::Table3Columns | IdentityScope::Table3Rows => TableKind::Table3,
            IdentityScope::Table4Groups => TableKind::Table4,
        }
    }

    /// Whether the identity is about this table: a table of its kind and, for an identity of
    /// one template version, read as that version.
    pub fn applies_to(self, table: &Table) -> bool {
        match self.spec().scope {
            IdentityScope::Table2Rows(version, _) => {
                table.kind == TableKind::Table2 && table.template == version
            }
            _ => table.kind == self.table(),
        }
    }

    /// The table of a report the identity is checked on: its table matched with confidence
    /// and, for an identity of one template version, only when the tables' markers (or the
    /// report) confirm that version: without them the version was only guessed, and the
    /// columns' meaning with it.
    pub fn assessed_table(self, report: &Report) -> Option<&Table> {
        let table = report.assessed(self.table())?;
        match self.spec().scope {
            IdentityScope::Table2Rows(version, _) => {
                let confirmed = table.version.or(report.template);
                (table.template == version && confirmed == Some(version)).then_some(table)
            }
            _ => Some(table),
        }
    }
}

/// One readable integer taking part in an identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Term {
    /// What the value is, for messages: 「本年新收」, 「商业企业」, 「结果维持」.
    pub label: &'static str,
    pub value: i64,
    pub line: u32,
    pub column: u32,
    /// The cell's length in characters.
    pub len: u32,
}

/// An identity in one column, row or group, with every value readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Equation {
    pub identity: Identity,
    /// Where it is evaluated: the column (「自然人」), the row label or the 表四 group.
    pub scope: &'static str,
    /// A stable name of the scope for fingerprints: the column name, the row id or the group.
    pub scope_key: &'static str,
    pub left: Vec<Term>,
    pub right: Vec<Term>,
}

impl Equation {
    pub fn left_sum(&self) -> i128 {
        self.left.iter().map(|t| t.value as i128).sum()
    }

    pub fn right_sum(&self) -> i128 {
        self.right.iter().map(|t| t.value as i128).sum()
    }

    pub fn holds(&self) -> bool {
        let side = |terms: &[Term]| {
            let mut side = Side::default();
            for term in terms {
                side.add(term.value);
            }
            side
        };
        self.identity
            .spec()
            .relation
            .holds(side(&self.left), side(&self.right))
    }

    /// The cell a failure points at: the total, or the count, the others are checked against.
    pub fn anchor(&self) -> Option<&Term> {
        self.right.first()
    }

    /// The values of both sides, for fingerprints: `60+0=61+0`.
    pub fn values_key(&self) -> String {
        let side = |terms: &[Term]| {
            terms
                .iter()
                .map(|t| t.value.to_string())
                .collect::<Vec<_>>()
                .join("+")
        };
        format!("{}={}", side(&self.left), side(&self.right))
    }
}

/// Terms written out: 「本年新收 60 + 上年结转 0」.
pub fn terms_text(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|t| format!("{} {}", t.label, t.value))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The non-zero terms written out, for long sums; `None` when all are zero.
pub fn nonzero_terms_text(terms: &[Term]) -> Option<String> {
    let nonzero: Vec<Term> = terms.iter().filter(|t| t.value != 0).copied().collect();
    (!nonzero.is_empty()).then(|| terms_text(&nonzero))
}

/// A sum as evidence: a number, or its digits when it does not fit a JSON integer.
pub fn sum_evidence(sum: i128) -> serde_json::Value {
    match i64::try_from(sum) {
        Ok(n) => n.into(),
        Err(_) => sum.to_string().into(),
    }
}

/// Terms as evidence: `[{"label": "本年新收", "value": 60}, …]`.
pub fn terms_evidence(terms: &[Term]) -> serde_json::Value {
    terms
        .iter()
        .map(|t| serde_json::json!({ "label": t.label, "value": t.value }))
        .collect::<Vec<_>>()
        .into()
}

/// An identity in one column, row or group that could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub identity: Identity,
    pub scope: &'static str,
    pub scope_key: &'static str,
    /// The lines of the rows whose cells were blank, miscounted or unreadable (a missing row
    /// has none).
    pub lines: Vec<u32>,
}

/// The outcome of evaluating an identity in one scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Evaluation {
    Evaluated(Equation),
    NotAssessable(Skipped),
}

/// Evaluates one identity over a table, scope by scope; empty when the table is of another
/// kind.
pub fn evaluate(identity: Identity, table: &Table) -> Vec<Evaluation> {
    if !identity.applies_to(table) {
        return Vec::new();
    }
    let spec = identity.spec();
    let rows = Rows::of(table);
    let layout = rows.layout;
    (0..layout.scopes(spec.scope))
        .map(|index| {
            let mut c = Collector::new();
            let mut left = Vec::new();
            layout.visit(spec.scope, spec.left, index, &mut |slot, column, label| {
                left.extend(c.term(rows.row(slot), column, label));
            });
            let mut right = Vec::new();
            layout.visit(spec.scope, spec.right, index, &mut |slot, column, label| {
                right.extend(c.term(rows.row(slot), column, label));
            });
            let (scope, scope_key) = layout.scope_names(spec.scope, index);
            c.finish(identity, scope, scope_key, left, right)
        })
        .collect()
}

/// The equations of an identity that were evaluated and fail, each with the cell it points at.
/// Equations that hold, and the parts that could not be evaluated (`table-not-assessable`
/// reports those), are left out. Most reports balance: that case builds no equation at all.
pub fn failures(identity: Identity, table: Option<&Table>) -> Vec<(Equation, Term)> {
    match table {
        Some(table) if !holds_everywhere(identity, table) => evaluated_failures(identity, table),
        _ => Vec::new(),
    }
}

/// [`failures`] for a table not known to hold everywhere (see [`Holding`]).
pub fn evaluated_failures(identity: Identity, table: &Table) -> Vec<(Equation, Term)> {
    evaluate(identity, table)
        .into_iter()
        .filter_map(|evaluation| match evaluation {
            Evaluation::Evaluated(equation) if !equation.holds() => {
                let anchor = *equation.anchor()?;
                Some((equation, anchor))
            }
            _ => None,
        })
        .collect()
}

/// Whether every cell of the table is readable and the identity holds everywhere: the common
/// case, answered without building any equation. `false` means "evaluate to find out".
pub fn holds_everywhere(identity: Identity, table: &Table) -> bool {
    identity.applies_to(table) && Grid::of(table).holds(identity)
}

/// Which identities hold everywhere (see [`holds_everywhere`]) on a report's assessed tables,
/// each table's integers read once for all its identities: the identity rules share it rather
/// than each walk the table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Holding {
    /// Bit `identity as usize` is set for an identity that holds everywhere.
    bits: u8,
}

impl Holding {
    /// The identities that hold everywhere on the report: each on the table it is checked on
    /// ([`Identity::assessed_table`]).
    pub fn of(report: &Report) -> Holding {
        let mut bits = 0;
        for kind in TableKind::ALL {
            let mut grid = None;
            for identity in Identity::ALL.into_iter().filter(|i| i.table() == kind) {
                // The assessed table is of the identity's kind and, for an identity of one
                // version, of that version: `Grid::holds` asks whether it applies.
                let Some(table) = identity.assessed_table(report) else {
                    continue;
                };
                // Every identity of a kind is checked on the report's one table of that kind.
                let grid = grid.get_or_insert_with(|| Grid::of(table));
                if grid.holds(identity) {
                    bits |= 1 << identity as u8;
                }
            }
        }
        Holding { bits }
    }

    /// Whether the identity holds everywhere on the table it is checked on; `false` means
    /// "evaluate to find out" (as for a report without that table).
    pub fn holds(self, identity: Identity) -> bool {
        self.bits & (1 << identity as u8) != 0
    }
}

/// Whether every identity of the table can be evaluated: every template row is there, with
/// its number of values, each a readable integer. Cheaper than evaluating them all.
pub fn all_assessable(table: &Table) -> bool {
    let expected_rows = match table.kind {
        TableKind::Table2 => return true,
        TableKind::Table3 => table.template.table3().len(),
        TableKind::Table4 => 1,
    };
    table.rows.len() == expected_rows
        && table.rows.iter().all(|row| {
            row.has_expected_count()
                && row
                    .cells
                    .iter()
                    .all(|c| c.value.number().is_some_and(|n| n.as_int().is_some()))
        })
}

/// Collects terms, remembering the rows that stop the evaluation.
struct Collector {
    blocked: bool,
    lines: Vec<u32>,
}

impl Collector {
    fn new() -> Self {
        Collector {
            blocked: false,
            lines: Vec::new(),
        }
    }

    /// The term at `column` of a row, or a note of why it is unreadable (a missing row, a
    /// miscounted row, a cell that is not an integer).
    fn term(&mut self, row: Option<&TableRow>, column: usize, label: Label) -> Option<Term> {
        let Some(row) = row else {
            self.blocked = true;
            return None;
        };
        let term = row.int(column).and_then(|value| {
            let cell = row.cells.get(column)?;
            Some(Term {
                label: label.text(),
                value,
                line: cell.line,
                column: cell.column,
                len: cell.raw.chars().count().max(1) as u32,
            })
        });
        if term.is_none() {
            self.blocked = true;
            let line = row
                .cells
                .get(column)
                .filter(|_| row.has_expected_count())
                .map_or(row.line, |c| c.line);
            if !self.lines.contains(&line) {
                self.lines.push(line);
            }
        }
        term
    }

    fn finish(
        self,
        identity: Identity,
        scope: &'static str,
        scope_key: &'static str,
        left: Vec<Term>,
        right: Vec<Term>,
    ) -> Evaluation {
        if self.blocked {
            let mut lines = self.lines;
            lines.sort_unstable();
            return Evaluation::NotAssessable(Skipped {
                identity,
                scope,
                scope_key,
                lines,
            });
        }
        Evaluation::Evaluated(Equation {
            identity,
            scope,
            scope_key,
            left,
            right,
        })
    }
}

/// How a term is named in messages; an outcome row's short label is worked out only when a
/// term is built (most reports build none).
#[derive(Clone, Copy)]
enum Label {
    Name(&'static str),
    ShortLabel(&'static RowSpec),
}

impl Label {
    fn text(self) -> &'static str {
        match self {
            Label::Name(name) => name,
            Label::ShortLabel(spec) => spec.short_label(),
        }
    }
}

/// The template rows of one kind of table in one template version: where each identity's
/// cells are, as a template row (its index, its *slot*) and a value column.
#[derive(Clone, Copy)]
struct Layout {
    specs: &'static [RowSpec],
}

impl Layout {
    fn of(kind: TableKind, version: TemplateVersion) -> Layout {
        let specs = match kind {
            TableKind::Table2 => version.table2(),
            TableKind::Table3 => version.table3(),
            TableKind::Table4 => std::slice::from_ref(&TABLE4_ROW),
        };
        Layout { specs }
    }

    fn slot(&self, id: &str) -> Option<usize> {
        self.specs.iter().position(|s| s.id == id)
    }

    fn spec(&self, id: &str) -> Option<&'static RowSpec> {
        self.specs.iter().find(|s| s.id == id)
    }

    /// [`Layout::starts`] of a kind of table in a version, made once per process: every
    /// table's [`Grid`] is laid out by it, and counting a row's values
    /// ([`RowSpec::expected_values`]) looks at each of its columns.
    fn cached_starts(kind: TableKind, version: TemplateVersion) -> &'static [usize] {
        static STARTS: OnceLock<Vec<Vec<usize>>> = OnceLock::new();
        let starts = STARTS.get_or_init(|| {
            TableKind::ALL
                .into_iter()
                .flat_map(|kind| VERSIONS.map(|v| Layout::of(kind, v).starts()))
                .collect()
        });
        let kind = TableKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        let version = VERSIONS.iter().position(|v| *v == version).unwrap_or(0);
        &starts[kind * VERSIONS.len() + version]
    }

    /// Where each template row's values start in a [`Grid`], and where the last ends.
    fn starts(&self) -> Vec<usize> {
        let mut starts = Vec::with_capacity(self.specs.len() + 1);
        let mut at = 0;
        starts.push(at);
        for spec in self.specs {
            at += spec.expected_values();
            starts.push(at);
        }
        starts
    }

    /// How many times an identity of this scope is evaluated.
    fn scopes(&self, scope: IdentityScope) -> usize {
        match scope {
            IdentityScope::Table2Rows(_, ids) => ids.len(),
            IdentityScope::Table3Columns => TABLE3_COLUMNS.len(),
            IdentityScope::Table3Rows => self.specs.len(),
            IdentityScope::Table4Groups => TABLE4_GROUPS.len(),
        }
    }

    /// The name of scope `index` for messages, and its stable name for fingerprints.
    fn scope_names(&self, scope: IdentityScope, index: usize) -> (&'static str, &'static str) {
        match scope {
            IdentityScope::Table2Rows(_, ids) => {
                let id = ids[index];
                (self.spec(id).map_or(id, |s| s.label), id)
            }
            IdentityScope::Table3Columns => (TABLE3_COLUMNS[index], TABLE3_COLUMNS[index]),
            IdentityScope::Table3Rows => (self.specs[index].label, self.specs[index].id),
            IdentityScope::Table4Groups => (TABLE4_GROUPS[index], TABLE4_GROUPS[index]),
        }
    }

    /// The slot of a row or group scope, the column its cells start at, and their names.
    fn scope_row(
        &self,
        scope: IdentityScope,
        index: usize,
    ) -> (Option<usize>, usize, &'static [&'static str]) {
        match scope {
            IdentityScope::Table2Rows(_, ids) => {
                let id = ids[index];
                (self.slot(id), 0, self.spec(id).map_or(&[], |s| s.columns))
            }
            IdentityScope::Table3Rows => (Some(index), 0, TABLE3_COLUMNS),
            IdentityScope::Table4Groups => (
                (!self.specs.is_empty()).then_some(0),
                index * TABLE4_COLUMNS.len(),
                TABLE4_COLUMNS,
            ),
            // Column scopes name rows, not columns: no row of their own.
            IdentityScope::Table3Columns => (None, 0, &[]),
        }
    }

    /// Calls `f` with the slot (`None`: a row the template does not have), column and label
    /// of each cell of one side in scope `index`.
    fn visit(
        &self,
        scope: IdentityScope,
        cells: IdentityCells,
        index: usize,
        f: &mut dyn FnMut(Option<usize>, usize, Label),
    ) {
        match cells {
            IdentityCells::Rows(rows) => {
                for (id, label) in rows {
                    f(self.slot(id), index, Label::Name(label));
                }
            }
            IdentityCells::OutcomeRows => {
                for (slot, spec) in self.specs.iter().enumerate() {
                    if spec.outcome {
                        f(Some(slot), index, Label::ShortLabel(spec));
                    }
                }
            }
            IdentityCells::ColumnsBeforeTotal => {
                let (slot, first, names) = self.scope_row(scope, index);
                for (i, name) in names.iter().enumerate().take(names.len().saturating_sub(1)) {
                    f(slot, first + i, Label::Name(name));
                }
            }
            IdentityCells::TotalColumn => {
                let (slot, first, names) = self.scope_row(scope, index);
                if let Some(name) = names.last() {
                    f(slot, first + names.len() - 1, Label::Name(name));
                }
            }
            IdentityCells::Columns(columns) => {
                let (slot, first, names) = self.scope_row(scope, index);
                for &column in columns {
                    let name = names.get(column).copied().unwrap_or("");
                    f(slot, first + column, Label::Name(name));
                }
            }
        }
    }
}

/// A table's rows in template order, found once: the first row placed on each template row
/// (表二's or 表三's rows, or 表四's one row).
struct Rows<'t> {
    layout: Layout,
    rows: Vec<Option<&'t TableRow>>,
}

impl<'t> Rows<'t> {
    fn of(table: &'t Table) -> Rows<'t> {
        let layout = Layout::of(table.kind, table.template);
        let mut rows = vec![None; layout.specs.len()];
        // Rows point into the template's static rows; comparing addresses is enough. Most
        // tables list them in template order: the row after the last one placed is tried
        // first, and all of them only when it is not that one.
        let mut next = 0;
        for row in &table.rows {
            let is_row = |s: &RowSpec| std::ptr::eq(s, row.spec);
            let at = match layout.specs.get(next) {
                Some(s) if is_row(s) => Some(next),
                _ => layout.specs.iter().position(is_row),
            };
            if let Some(i) = at {
                rows[i].get_or_insert(row);
                next = i + 1;
            }
        }
        Rows { layout, rows }
    }

    fn row(&self, slot: Option<usize>) -> Option<&'t TableRow> {
        self.rows[slot?]
    }
}

/// An identity laid out on one template: for each scope, the [`Grid`] positions of each
/// side's cells, all in one buffer (see [`Plan::flat`]). `None` when a side names a cell the
/// template does not have, or one past [`GRID_CELLS`]: such an identity is never answered by
/// the grid.
struct Plan {
    scopes: Option<Vec<u8>>,
}

impl Plan {
    fn of(identity: Identity, layout: Layout) -> Plan {
        Plan {
            scopes: Plan::nested(identity, layout).and_then(|scopes| Plan::flat(&scopes)),
        }
    }

    /// The scopes laid out in one buffer, each in turn: the number of its left cells, of its
    /// right cells, then the left cells' and the right cells' positions.
    ///
    /// `Grid::holds` reads every plan of a table's identities for every report. Kept as a
    /// vector per side, a plan was a dozen small allocations scattered over the allocator's
    /// pages by their sizes, and the first load of each missed the cache (the most sampled
    /// instruction of `holds`); in one buffer a plan is a few cache lines.
    ///
    /// Positions are bytes: a grid has [`GRID_CELLS`] values, which a byte indexes without a
    /// bounds check. `None` when a count or a position does not fit one (no template's does).
    fn flat(scopes: &[(Vec<usize>, Vec<usize>)]) -> Option<Vec<u8>> {
        let mut flat = Vec::new();
        let fit = |n: usize| u8::try_from(n).ok();
        for (left, right) in scopes {
            flat.extend([fit(left.len())?, fit(right.len())?]);
            for &cell in left.iter().chain(right) {
                flat.push(fit(cell)?);
            }
        }
        Some(flat)
    }

    /// Each scope of a flat plan in turn: its left and right cells' positions.
    fn scopes(flat: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
        let mut rest = flat;
        std::iter::from_fn(move || {
            let [left, right, cells @ ..] = rest else {
                return None;
            };
            let (left, cells) = cells.split_at_checked(*left as usize)?;
            let (right, cells) = cells.split_at_checked(*right as usize)?;
            rest = cells;
            Some((left, right))
        })
    }

    /// For each scope, the positions of each side's cells; `None` when a side names a cell the
    /// template does not have.
    fn nested(identity: Identity, layout: Layout) -> Option<Vec<(Vec<usize>, Vec<usize>)>> {
        let spec = identity.spec();
        let starts = layout.starts();
        let mut complete = true;
        let mut side = |cells, index| {
            let mut at = Vec::new();
            layout.visit(spec.scope, cells, index, &mut |slot, column, _| {
                let cell = slot
                    .map(|slot| (starts[slot] + column, starts[slot + 1]))
                    .filter(|&(cell, end)| cell < end);
                match cell {
                    Some((cell, _)) => at.push(cell),
                    None => complete = false,
                }
            });
            at
        };
        let scopes: Vec<_> = (0..layout.scopes(spec.scope))
            .map(|index| (side(spec.left, index), side(spec.right, index)))
            .collect();
        complete.then_some(scopes)
    }

    /// The plan of an identity on the template of one version, laid out once per process.
    fn get(identity: Identity, version: TemplateVersion) -> &'static Plan {
        static PLANS: OnceLock<Vec<Plan>> = OnceLock::new();
        let plans = PLANS.get_or_init(|| {
            Identity::ALL
                .into_iter()
                .flat_map(|i| VERSIONS.map(|v| Plan::of(i, Layout::of(i.table(), v))))
                .collect()
        });
        let version = VERSIONS.iter().position(|v| *v == version).unwrap_or(0);
        &plans[identity as usize * VERSIONS.len() + version]
    }
}

/// The template versions, in the order of the tables laid out once per process.
const VERSIONS: [TemplateVersion; 2] = [TemplateVersion::V2019, TemplateVersion::V2021];

/// The cells of a [`Grid`]: as many as a byte of a [`Plan`] indexes, more than any template
/// table has (a test checks it). A table laid out on more is never answered by the grid (see
/// [`Grid::of`]).
const GRID_CELLS: usize = 256;

/// A table's integers in template order, read once for every identity of the table: each
/// template row's values in turn (see [`Layout::starts`]). A cell of a missing row, of a row
/// without its number of values, or that is not an integer is a *gap*: kept as 0 in
/// `values` and listed in `gaps`, so that the sums read plain integers and look for gaps
/// only on the rare table that has any.
struct Grid<'t> {
    table: &'t Table,
    /// [`GRID_CELLS`] values (0 past the template's): a plan's byte positions index them
    /// without a bounds check on each term of each sum.
    values: Vec<i64>,
    /// The positions in `values` of the gaps, increasing (empty on most tables).
    gaps: Vec<usize>,
    /// Whether every identity of the table can be evaluated ([`all_assessable`]).
    assessable: bool,
}

impl<'t> Grid<'t> {
    fn of(table: &'t Table) -> Grid<'t> {
        let rows = Rows::of(table);
        let specs = rows.layout.specs;
        let starts = Layout::cached_starts(table.kind, table.template);
        // One allocation: the grid has a slot for every template value cell, and a template
        // with more than a byte indexes is left to the evaluation.
        let cells = starts.last().copied().unwrap_or(0);
        let fits = cells <= GRID_CELLS;
        let mut values = vec![0; GRID_CELLS];
        let mut gaps = Vec::new();
        for (row, bounds) in rows.rows.iter().zip(starts.windows(2)).filter(|_| fits) {
            let (start, end) = (bounds[0], bounds[1]);
            match row.filter(|r| r.cells.len() == end - start) {
                Some(row) => {
                    for (at, cell) in (start..end).zip(&row.cells) {
                        match cell.value.number().and_then(|n| n.as_int()) {
                            Some(value) => values[at] = value,
                            None => gaps.push(at),
                        }
                    }
                }
                None => gaps.extend(start..end),
            }
        }
        // With as many rows as the template, each on its own template row, the grid holds
        // every row: every cell an integer is every row complete and readable.
        let assessable = fits
            && match table.kind {
                TableKind::Table2 => true,
                _ => table.rows.len() == specs.len() && gaps.is_empty(),
            };
        Grid {
            table,
            values,
            gaps,
            assessable,
        }
    }

    /// [`holds_everywhere`] on the grid's table.
    fn holds(&self, identity: Identity) -> bool {
        if !self.assessable || !identity.applies_to(self.table) {
            return false;
        }
        let Some(scopes) = &Plan::get(identity, self.table.template).scopes else {
            return false;
        };
        let Ok(values) = <&[i64; GRID_CELLS]>::try_from(self.values.as_slice()) else {
            return false;
        };
        let value = |cell: u8| values[usize::from(cell)];
        let relation = identity.spec().relation;
        // Only `NonZeroWhenPositive` reads whether a side has a term that is not zero (and only
        // the left side's): the other relations' sums are added without that test on every
        // term. A side made here holds `nonzero: false` when it was not asked for.
        let nonzero = relation == Relation::NonZeroWhenPositive;
        // Summed as `i64` while no term overflows it (every report's counts), exactly as the
        // `i128` sum the equations use; a side that overflows is summed again in `i128`.
        let sum = |cells: &[u8], nonzero: bool| {
            let narrow = cells
                .iter()
                .try_fold(0i64, |sum, &cell| sum.checked_add(value(cell)));
            Side {
                sum: narrow.map_or_else(
                    || cells.iter().map(|&cell| i128::from(value(cell))).sum(),
                    i128::from,
                ),
                nonzero: nonzero && cells.iter().any(|&cell| value(cell) != 0),
            }
        };
        // A scope with a gap on either side cannot be evaluated: the identity is not known
        // to hold.
        let has_gap = |cells: &[u8]| {
            cells
                .iter()
                .any(|&c| self.gaps.binary_search(&usize::from(c)).is_ok())
        };
        Plan::scopes(scopes).all(|(left, right)| {
            (self.gaps.is_empty() || !(has_gap(left) || has_gap(right)))
                && relation.holds(sum(left, nonzero), sum(right, false))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tables::fixtures::{cells, rows, Fixture};

    fn skipped(table: &Table) -> usize {
        Identity::ALL
            .into_iter()
            .flat_map(|i| evaluate(i, table))
            .filter(|e| matches!(e, Evaluation::NotAssessable(_)))
            .count()
    }

    fn all_hold(identity: Identity, table: &Table) -> bool {
        evaluate(identity, table)
            .iter()
            .all(|e| matches!(e, Evaluation::Evaluated(q) if q.holds()))
    }

    #[test]
    fn the_starts_made_once_are_those_of_each_layout() {
        for kind in TableKind::ALL {
            for version in VERSIONS {
                let layout = Layout::of(kind, version);
                let counted: Vec<usize> = std::iter::once(0)
                    .chain(layout.specs.iter().scan(0, |at, spec| {
                        *at += spec.expected_values();
                        Some(*at)
                    }))
                    .collect();
                assert_eq!(Layout::cached_starts(kind, version), counted, "{kind:?}");
                assert_eq!(layout.starts(), counted, "{kind:?}");
            }
        }
    }

    /// Every plan read from its one buffer is the plan laid out per side: the same scopes, the
    /// same cells, in order.
    #[test]
    fn a_flat_plan_reads_back_as_laid_out() {
        let mut scopes_seen = 0;
        for identity in Identity::ALL {
            for version in VERSIONS {
                let nested = Plan::nested(identity, Layout::of(identity.table(), version));
                let flat = Plan::get(identity, version).scopes.as_deref();
                let read = flat.map(|flat| {
                    Plan::scopes(flat)
                        .map(|(left, right)| {
                            let wide =
                                |cells: &[u8]| cells.iter().map(|&c| usize::from(c)).collect();
                            (wide(left), wide(right))
                        })
                        .collect::<Vec<(Vec<usize>, Vec<usize>)>>()
                });
                assert_eq!(read, nested, "{identity:?} {version:?}");
                scopes_seen += nested.map_or(0, |n| n.len());
            }
        }
        assert!(scopes_seen > 20, "{scopes_seen}");
    }

    #[test]
    fn the_fast_path_agrees_with_the_evaluation() {
        let fixtures: Vec<Fixture> = vec![
            rows(),
            cells().v2019(),
            rows().row("t3.granted", &[]),
            rows().row("t3.new", &["1", "0", "0", "0", "0", "0"]),
            cells().row("t3.total", &["1", "0", "0", "0", "0", "0", "-"]),
            rows().row("t4.values", &["0"; 14]),
            rows().replace("（七）总计", "合计行"),
            rows().row("t3.new", &["1", "0", "0", "0", "0", "0", "1"]),
            rows().row("t3.new", &["1", "0", "0", "0", "0", "0", "0"]),
            cells().row("t3.granted", &["1", "0", "0", "0", "0", "0", "1"]),
            rows().row(
                "t4.values",
                &[
                    "1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "2",
                ],
            ),
        ];
        for fixture in fixtures {
            let report = fixture.report();
            // The report's shared answer is each identity's own, on the table it is checked on.
            let holding = Holding::of(&report);
            for identity in Identity::ALL {
                let own = identity
                    .assessed_table(&report)
                    .is_some_and(|t| holds_everywhere(identity, t));
                assert_eq!(holding.holds(identity), own, "{identity:?} {fixture:?}");
            }
            for table in [&report.table3, &report.table4].into_iter().flatten() {
                assert_eq!(all_assessable(table), skipped(table) == 0, "{fixture:?}");
                for identity in Identity::ALL {
                    let expected = identity.table() == table.kind
                        && all_assessable(table)
                        && all_hold(identity, table);
                    assert_eq!(
                        holds_everywhere(identity, table),
                        expected,
                        "{identity:?} {fixture:?}"
                    );
                }
            }
        }
    }

    /// Every template table fits a grid, so that every plan is answered by it (a table that
    /// did not would only be evaluated, the slow way).
    #[test]
    fn every_template_table_fits_a_grid() {
        for kind in TableKind::ALL {
            for version in VERSIONS {
                let cells = Layout::cached_starts(kind, version).last().copied();
                assert!(
                    cells.is_some_and(|c| c <= GRID_CELLS),
                    "{kind:?} {version:?}"
                );
            }
        }
    }

    /// The grid sums in `i64` and sums again in `i128` a side that overflows: a row whose
    /// columns overflow `i64` on the way but not in the end holds, one whose sum is past it
    /// does not (a saturating or wrapping sum would answer either wrongly), as the equations'
    /// `i128` sums have it.
    #[test]
    fn sides_past_64_bits_are_summed_exactly() {
        const MAX: &str = "9223372036854775807";
        let cases: [(&[&str], bool); 3] = [
            (&[MAX, "1", "-1", "0", "0", "0", MAX], true),
            (&[MAX, MAX, "0", "0", "0", "0", MAX], false),
            (&[MAX, MAX, "-1", "0", "0", "0", "-3"], false),
        ];
        for (new, row_total) in cases {
            for fixture in [rows().row("t3.new", new), rows().row("t3.new", new).v2019()] {
                let report = fixture.report();
                let table = report.table3.as_ref().expect("表三 is read");
                assert!(all_assessable(table), "{fixture:?}");
                let identity = Identity::Table3RowTotal;
                assert_eq!(all_hold(identity, table), row_total, "{fixture:?}");
                assert_eq!(holds_everywhere(identity, table), row_total, "{fixture:?}");
                for identity in Identity::ALL {
                    let expected = identity.applies_to(table) && all_hold(identity, table);
                    assert_eq!(holds_everywhere(identity, table), expected, "{identity:?}");
                }
            }
        }
    }

    #[test]
    fn identities_are_numbered_in_their_catalogue_order() {
        // `Holding` and the plans index identities by their number.
        for (i, identity) in Identity::ALL.into_iter().enumerate() {
            assert_eq!(identity as usize, i);
        }
        assert!(Identity::ALL.len() <= u8::BITS as usize);
    }

    #[test]
    fn equations_hold_over_an_all_zero_table_in_both_templates() {
        for fixture in [rows(), cells().v2019()] {
            let report = fixture.report();
            let t3 = report.table3.as_ref().unwrap();
            let evaluations: Vec<Evaluation> = Identity::ALL
                .into_iter()
                .flat_map(|i| evaluate(i, t3))
                .collect();
            let expected_rows = t3.template.table3().len();
            assert_eq!(evaluations.len(), 7 + 7 + expected_rows);
            assert!(evaluations
                .iter()
                .all(|e| matches!(e, Evaluation::Evaluated(q) if q.holds())));
            let t4 = report.table4.as_ref().unwrap();
            assert_eq!(evaluate(Identity::Table4Total, t4).len(), 3);
            assert!(evaluate(Identity::Table4Total, t3).is_empty());
        }
    }

    #[test]
    fn outcome_sums_cover_every_outcome_row_of_the_version() {
        let report = rows().report();
        let t3 = report.table3.as_ref().unwrap();
        let Evaluation::Evaluated(eq) = &evaluate(Identity::Table3OutcomeSum, t3)[0] else {
            panic!("not evaluated");
        };
        assert_eq!(eq.left.len(), 21);
        let report = cells().v2019().report();
        let t3 = report.table3.as_ref().unwrap();
        let Evaluation::Evaluated(eq) = &evaluate(Identity::Table3OutcomeSum, t3)[0] else {
            panic!("not evaluated");
        };
        assert_eq!(eq.left.len(), 19);
        assert!(eq.left.iter().any(|t| t.label == "其他处理"));
    }

    /// The 表二 identities of a fixture's 表二, each with its evaluations.
    fn table2_evaluations(fixture: &Fixture) -> Vec<(Identity, Vec<Evaluation>, bool)> {
        let report = fixture.report();
        let t2 = report.table2.as_ref().unwrap();
        Identity::ALL
            .into_iter()
            .filter(|i| i.table() == TableKind::Table2)
            .map(|i| (i, evaluate(i, t2), holds_everywhere(i, t2)))
            .collect()
    }

    #[test]
    fn table2_identities_relate_their_columns_in_their_own_version() {
        let fixture = rows().row("t2.normative", &["5", "0", "3"]);
        for (identity, evaluations, fast) in table2_evaluations(&fixture) {
            if identity != Identity::Table2IssuedVsValid {
                assert!(evaluations.is_empty(), "{identity:?} applies to 2021");
                assert!(!fast);
                continue;
            }
            assert_eq!(evaluations.len(), 2);
            let Evaluation::Evaluated(normative) = &evaluations[1] else {
                panic!("not evaluated");
            };
            assert_eq!(
                (normative.scope, normative.scope_key),
                ("行政规范性文件", "t2.normative")
            );
            let values = |terms: &[Term]| terms.iter().map(|t| t.value).collect::<Vec<_>>();
            assert_eq!(values(&normative.left), [3, 0]);
            assert_eq!(values(&normative.right), [5]);
            assert_eq!(normative.anchor().map(|t| t.label), Some("本年制发件数"));
            assert!(!normative.holds());
            assert!(!fast);
        }
        // 2019: 新公开 ≤ 总数 holds at 4 ≤ 4 and fails at 4 > 2; made but nothing published
        // fails only when every published count is 0.
        for (values, published_total, unpublished) in [
            (["4", "4", "4"], true, true),
            (["4", "4", "2"], false, true),
            (["1", "0", "0"], true, false),
            (["1", "-1", "1"], true, true),
            (["0", "0", "0"], true, true),
        ] {
            let fixture = rows().v2019().row("t2.normative", &values);
            for (identity, evaluations, fast) in table2_evaluations(&fixture) {
                let expected = match identity {
                    Identity::Table2PublishedTotal => published_total,
                    Identity::Table2Unpublished => unpublished,
                    _ => {
                        assert!(evaluations.is_empty(), "{identity:?} applies to 2021");
                        continue;
                    }
                };
                let holds = evaluations
                    .iter()
                    .all(|e| matches!(e, Evaluation::Evaluated(q) if q.holds()));
                assert_eq!(holds, expected, "{identity:?} {values:?}");
                assert_eq!(fast, expected, "{identity:?} {values:?}");
            }
        }
    }

    #[test]
    fn an_unreadable_table2_row_is_not_assessable() {
        let fixture = rows().v2019().row("t2.regulations", &["4", "", "2"]);
        for (identity, evaluations, fast) in table2_evaluations(&fixture) {
            if identity == Identity::Table2IssuedVsValid {
                continue;
            }
            assert!(
                matches!(&evaluations[0], Evaluation::NotAssessable(s) if s.scope_key == "t2.regulations"),
                "{identity:?} {evaluations:?}"
            );
            assert!(matches!(&evaluations[1], Evaluation::Evaluated(q) if q.holds()));
            assert!(!fast);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]
        /// On tables of zeros, small counts, gaps and terms whose sums need more than 64 bits,
        /// in both templates, the grid answers every identity as its evaluation does: it holds
        /// everywhere exactly when every scope is evaluated and holds. 表三's new and total rows
        /// are often the same, so that the balance and outcome sums hold on some cases and fail
        /// on others.
        #[test]
        fn the_grid_answers_as_the_evaluation_does(
            v2019 in proptest::bool::ANY,
            same in proptest::bool::ANY,
            new in proptest::collection::vec(0..TERMS.len(), 7),
            total in proptest::collection::vec(0..TERMS.len(), 7),
            carried in proptest::collection::vec(0..TERMS.len(), 7),
            table4 in proptest::collection::vec(0..TERMS.len(), 15),
            normative in proptest::collection::vec(0..TERMS.len(), 3),
        ) {
            let terms = |picks: &[usize]| picks.iter().map(|&i| TERMS[i]).collect::<Vec<_>>();
            let total = if same { &new } else { &total };
            let mut fixture = rows()
                .row("t3.new", &terms(&new))
                .row("t3.total", &terms(total))
                .row("t3.granted", &terms(total))
                .row("t3.carried-over", &terms(&carried))
                .row("t4.values", &terms(&table4))
                .row("t2.normative", &terms(&normative));
            if v2019 {
                fixture = fixture.v2019();
            }
            let report = fixture.report();
            let holding = Holding::of(&report);
            let tables = [&report.table2, &report.table3, &report.table4];
            for table in tables.into_iter().flatten() {
                for identity in Identity::ALL {
                    let expected = identity.table() == table.kind
                        && identity.applies_to(table)
                        && all_assessable(table)
                        && all_hold(identity, table);
                    proptest::prop_assert_eq!(
                        holds_everywhere(identity, table),
                        expected,
                        "{:?} {:?}",
                        identity,
                        fixture
                    );
                    if identity.assessed_table(&report).is_some_and(|t| std::ptr::eq(t, table)) {
                        proptest::prop_assert_eq!(holding.holds(identity), expected);
                    }
                }
            }
        }
    }

    /// The cell texts the grid test draws from: zeros most often, a negative count, a
    /// placeholder and a fraction (gaps), and the largest count (two of them overflow 64 bits).
    const TERMS: [&str; 9] = [
        "0",
        "0",
        "0",
        "1",
        "2",
        "-1",
        "-",
        "1.5",
        "9223372036854775807",
    ];

    #[test]
    fn sums_do_not_overflow() {
        let big = i64::MAX.to_string();
        let values = [big.as_str(), big.as_str(), "0", "0", "0", "0", "1"];
        let report = rows().row("t3.new", &values).report();
        let t3 = report.table3.as_ref().unwrap();
        let evaluations = evaluate(Identity::Table3RowTotal, t3);
        let Evaluation::Evaluated(eq) = &evaluations[0] else {
            panic!("not evaluated");
        };
        assert!(!eq.holds());
        assert_eq!(eq.left_sum(), 2 * i64::MAX as i128);
    }
}
