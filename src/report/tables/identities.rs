//! The template's arithmetic identities over 表三 and 表四, evaluated one column, row or group
//! at a time.
//!
//! An identity is evaluated only where every cell it involves is a readable integer; anywhere
//! else it is [`Evaluation::NotAssessable`], never a pass. The identity rules report the
//! equations that fail; `table-not-assessable` reports the ones that could not be evaluated.
//! Sums are exact (`i128`, no tolerance).

use serde::Serialize;

use super::{Table, TableKind, TableRow};
use crate::report::template::{RowSpec, TABLE3_COLUMNS, TABLE4_COLUMNS, TABLE4_GROUPS, TABLE4_ROW};

/// The identities of rules.md A2.3 and A2.4.
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
}

impl Identity {
    pub const ALL: [Identity; 4] = [
        Identity::Table3Balance,
        Identity::Table3OutcomeSum,
        Identity::Table3RowTotal,
        Identity::Table4Total,
    ];

    /// The code of the rule that reports a failure of this identity.
    pub fn code(self) -> &'static str {
        match self {
            Identity::Table3Balance => "table3-balance",
            Identity::Table3OutcomeSum => "table3-outcome-sum",
            Identity::Table3RowTotal => "table3-row-total",
            Identity::Table4Total => "table4-total",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Identity::Table3Balance => "一+二=（七）总计+四",
            Identity::Table3OutcomeSum => "（七）总计=各办理结果之和",
            Identity::Table3RowTotal => "总计=各类申请人之和",
            Identity::Table4Total => "总计=维持+纠正+其他+尚未审结",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Identity::Table3Balance => "new + carried in = handled total + carried over",
            Identity::Table3OutcomeSum => "handled total = sum of the outcomes",
            Identity::Table3RowTotal => "total = sum of the applicant columns",
            Identity::Table4Total => "total = upheld + corrected + other + pending",
        }
    }

    /// Whether the identity's scope is a column (and not a row or a 表四 group).
    pub fn per_column(self) -> bool {
        matches!(self, Identity::Table3Balance | Identity::Table3OutcomeSum)
    }

    /// The table the identity is about.
    pub fn table(self) -> TableKind {
        match self {
            Identity::Table4Total => TableKind::Table4,
            _ => TableKind::Table3,
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
        self.left_sum() == self.right_sum()
    }

    /// The cell a failure points at: the total the others are checked against.
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

/// Evaluates one identity over a table; empty when the table is of another kind.
pub fn evaluate(identity: Identity, table: &Table) -> Vec<Evaluation> {
    if table.kind != identity.table() {
        return Vec::new();
    }
    match identity {
        Identity::Table3Balance => table3_balance(table),
        Identity::Table3OutcomeSum => table3_outcome_sum(table),
        Identity::Table3RowTotal => table3_row_total(table),
        Identity::Table4Total => table4_total(table),
    }
}

/// Collects terms, remembering the rows that stop the evaluation.
struct Collector<'t> {
    table: &'t Table,
    blocked: bool,
    lines: Vec<u32>,
}

impl<'t> Collector<'t> {
    fn new(table: &'t Table) -> Self {
        Collector {
            table,
            blocked: false,
            lines: Vec::new(),
        }
    }

    /// The term at `(row id, column)`, or a note of why it is unreadable.
    fn term(&mut self, id: &str, column: usize, label: &'static str) -> Option<Term> {
        let Some(row) = self.table.row(id) else {
            self.blocked = true;
            return None;
        };
        self.term_of(row, column, label)
    }

    fn term_of(&mut self, row: &TableRow, column: usize, label: &'static str) -> Option<Term> {
        let term = row.int(column).and_then(|value| {
            let cell = row.cells.get(column)?;
            Some(Term {
                label,
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

fn table3_rows(table: &Table) -> &'static [RowSpec] {
    table.template.table3()
}

fn table3_balance(table: &Table) -> Vec<Evaluation> {
    (0..TABLE3_COLUMNS.len())
        .map(|column| {
            let mut c = Collector::new(table);
            let left = [
                c.term("t3.new", column, "本年新收"),
                c.term("t3.carried-in", column, "上年结转"),
            ];
            let right = [
                c.term("t3.total", column, "办理结果总计"),
                c.term("t3.carried-over", column, "结转下年度"),
            ];
            let name = TABLE3_COLUMNS[column];
            c.finish(
                Identity::Table3Balance,
                name,
                name,
                left.into_iter().flatten().collect(),
                right.into_iter().flatten().collect(),
            )
        })
        .collect()
}

fn table3_outcome_sum(table: &Table) -> Vec<Evaluation> {
    (0..TABLE3_COLUMNS.len())
        .map(|column| {
            let mut c = Collector::new(table);
            let left: Vec<Term> = table3_rows(table)
                .iter()
                .filter(|spec| spec.outcome)
                .filter_map(|spec| c.term(spec.id, column, spec.short_label()))
                .collect();
            let right: Vec<Term> = c.term("t3.total", column, "总计").into_iter().collect();
            let name = TABLE3_COLUMNS[column];
            c.finish(Identity::Table3OutcomeSum, name, name, left, right)
        })
        .collect()
}

fn table3_row_total(table: &Table) -> Vec<Evaluation> {
    let last = TABLE3_COLUMNS.len() - 1;
    table3_rows(table)
        .iter()
        .map(|spec| {
            let mut c = Collector::new(table);
            let (left, right) = match table.row(spec.id) {
                Some(row) => {
                    let left: Vec<Term> = (0..last)
                        .filter_map(|col| c.term_of(row, col, TABLE3_COLUMNS[col]))
                        .collect();
                    let right: Vec<Term> = c
                        .term_of(row, last, TABLE3_COLUMNS[last])
                        .into_iter()
                        .collect();
                    (left, right)
                }
                None => {
                    c.blocked = true;
                    (Vec::new(), Vec::new())
                }
            };
            c.finish(Identity::Table3RowTotal, spec.label, spec.id, left, right)
        })
        .collect()
}

fn table4_total(table: &Table) -> Vec<Evaluation> {
    let width = TABLE4_COLUMNS.len();
    TABLE4_GROUPS
        .iter()
        .enumerate()
        .map(|(group, name)| {
            let mut c = Collector::new(table);
            let first = group * width;
            let left: Vec<Term> = (0..width - 1)
                .filter_map(|i| c.term(TABLE4_ROW.id, first + i, TABLE4_COLUMNS[i]))
                .collect();
            let right: Vec<Term> = c
                .term(TABLE4_ROW.id, first + width - 1, TABLE4_COLUMNS[width - 1])
                .into_iter()
                .collect();
            c.finish(Identity::Table4Total, name, name, left, right)
        })
        .collect()
}
