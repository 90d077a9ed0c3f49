//! Where 表三 is probably wrong when its identities fail: the one cell whose change makes every
//! identity hold, or two adjacent single digits that, joined, make a row's total right
//! (「拆格」: one number split over two cells).
//!
//! The table3 identity rules add this as a hint to their message and evidence. A hint is given
//! only when exactly one explanation fits: several cells that would each repair the table
//! name none.

use serde::Serialize;

use crate::report::tables::identities::{evaluate, Equation, Evaluation, Identity, Term};
use crate::report::{Table, TableKind};

/// The identities of 表三.
const TABLE3: [Identity; 3] = [
    Identity::Table3Balance,
    Identity::Table3OutcomeSum,
    Identity::Table3RowTotal,
];

/// The most likely wrong place in 表三.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Suspect {
    /// One cell, and the value that makes every identity hold.
    Cell {
        name_zh: String,
        name_en: String,
        line: u32,
        column: u32,
        found: i64,
        expected: i64,
    },
    /// Two adjacent cells of a row holding the digits of one number.
    Split {
        name_zh: String,
        name_en: String,
        line: u32,
        digits: [i64; 2],
        joined: i64,
    },
}

impl Suspect {
    /// The suspect of a table whose identities fail (`failing`), computed only then: a table
    /// that balances costs nothing more.
    pub fn of_failing(table: Option<&Table>, failing: bool) -> Option<Suspect> {
        table.filter(|_| failing).and_then(suspect)
    }

    /// The hint, in Chinese and English.
    pub fn hint(&self) -> (String, String) {
        match self {
            Suspect::Cell {
                name_zh,
                name_en,
                found,
                expected,
                ..
            } => (
                format!("最可能出错的是{name_zh}：填 {found}，若为 {expected} 则各项勾稽关系均成立"),
                format!("most likely wrong: {name_en}, {found}; with {expected} every identity holds"),
            ),
            Suspect::Split {
                name_zh,
                name_en,
                digits,
                joined,
                ..
            } => (
                format!(
                    "疑似拆格：{name_zh}相邻两格 {} 和 {} 合起来为 {joined}，与总计相符",
                    digits[0], digits[1]
                ),
                format!(
                    "probably split cells: in {name_en} the adjacent {} and {} joined make {joined}, which matches the total",
                    digits[0], digits[1]
                ),
            ),
        }
    }
}

/// Every equation of 表三's identities that could be evaluated.
fn equations(table: &Table) -> Vec<Equation> {
    TABLE3
        .iter()
        .flat_map(|&identity| evaluate(identity, table))
        .filter_map(|evaluation| match evaluation {
            Evaluation::Evaluated(equation) => Some(equation),
            _ => None,
        })
        .collect()
}

fn same_cell(a: &Term, b: &Term) -> bool {
    a.line == b.line && a.column == b.column
}

/// The sums of an equation with one cell set to `value`.
fn holds_with(equation: &Equation, cell: &Term, value: i64) -> bool {
    let side = |terms: &[Term]| -> i128 {
        terms
            .iter()
            .map(|t| i128::from(if same_cell(t, cell) { value } else { t.value }))
            .sum()
    };
    side(&equation.left) == side(&equation.right)
}

/// The most likely wrong place of a 表三 whose identities fail; `None` when they hold, when
/// the table is not 表三, or when no single explanation fits.
pub fn suspect(table: &Table) -> Option<Suspect> {
    if table.kind != TableKind::Table3 {
        return None;
    }
    let all = equations(table);
    let failing: Vec<&Equation> = all.iter().filter(|e| !e.holds()).collect();
    let first = failing.first()?;
    let mut found = Vec::new();
    for term in first.left.iter().chain(&first.right) {
        // The value this cell needs for the first failing equation to hold.
        let on_left = first.left.iter().any(|t| same_cell(t, term));
        let gap = first.right_sum() - first.left_sum();
        let needed = i128::from(term.value) + if on_left { gap } else { -gap };
        let Ok(needed) = i64::try_from(needed) else {
            continue;
        };
        if needed < 0 || needed == term.value {
            continue;
        }
        if all.iter().all(|e| holds_with(e, term, needed)) {
            found.push((*term, needed));
        }
    }
    if let [(term, expected)] = found.as_slice() {
        let (name_zh, name_en) = cell_names(table, term)?;
        return Some(Suspect::Cell {
            name_zh,
            name_en,
            line: term.line,
            column: term.column,
            found: term.value,
            expected: *expected,
        });
    }
    if !found.is_empty() {
        return None;
    }
    split(table, &failing)
}

/// 「拆格」: in a failing row total, two adjacent single digits that, read as one number, make
/// the total right.
fn split(table: &Table, failing: &[&Equation]) -> Option<Suspect> {
    let mut found = None;
    for equation in failing
        .iter()
        .filter(|e| e.identity == Identity::Table3RowTotal)
    {
        let total = equation.right_sum();
        for pair in equation.left.windows(2) {
            let (a, b) = (pair[0].value, pair[1].value);
            if !(1..=9).contains(&a) || !(0..=9).contains(&b) {
                continue;
            }
            let joined = a * 10 + b;
            let rest = equation.left_sum() - i128::from(a) - i128::from(b);
            if rest + i128::from(joined) != total {
                continue;
            }
            if found.is_some() {
                return None;
            }
            let row = table.rows.iter().find(|r| r.spec.label == equation.scope)?;
            found = Some(Suspect::Split {
                name_zh: table.row_name_zh(row),
                name_en: table.row_name_en(row),
                line: pair[0].line,
                digits: [a, b],
                joined,
            });
        }
    }
    found
}

/// The names of the cell a term was read from.
fn cell_names(table: &Table, term: &Term) -> Option<(String, String)> {
    table.rows.iter().find_map(|row| {
        let index = row
            .cells
            .iter()
            .position(|c| c.line == term.line && c.column == term.column)?;
        Some((
            table.cell_name_zh(row, index),
            table.cell_name_en(row, index),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tables::fixtures::rows;

    fn table3(fixture: crate::report::tables::fixtures::Fixture) -> Table {
        fixture.report().table3.expect("表三")
    }

    #[test]
    fn the_one_cell_at_the_crossing_of_failing_row_and_column_is_named() {
        // 「予以公开」·自然人 should be 2: its row total and its column (outcome sum, balance)
        // fail together.
        let table = table3(
            rows()
                .row("t3.new", &["2", "0", "0", "0", "0", "0", "2"])
                .row("t3.granted", &["5", "0", "0", "0", "0", "0", "2"])
                .row("t3.total", &["2", "0", "0", "0", "0", "0", "2"]),
        );
        let Some(Suspect::Cell {
            found,
            expected,
            name_zh,
            ..
        }) = suspect(&table)
        else {
            panic!("{:?}", suspect(&table));
        };
        assert_eq!((found, expected), (5, 2));
        assert!(
            name_zh.contains("予以公开") && name_zh.contains("自然人"),
            "{name_zh}"
        );
    }

    #[test]
    fn two_adjacent_digits_that_join_to_the_total_are_a_split() {
        let table = table3(rows().row("t3.new", &["1", "2", "0", "0", "0", "0", "12"]));
        match suspect(&table) {
            Some(Suspect::Split { digits, joined, .. }) => {
                assert_eq!((digits, joined), ([1, 2], 12));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_wrong_total_is_named_and_a_balanced_table_names_nothing() {
        assert_eq!(suspect(&table3(rows())), None);
        // The row total and the 总计 column fail: the total itself is the one cell.
        let table = table3(rows().row("t3.new", &["0", "0", "0", "0", "0", "0", "3"]));
        match suspect(&table) {
            Some(Suspect::Cell {
                found, expected, ..
            }) => assert_eq!((found, expected), (3, 0)),
            other => panic!("{other:?}"),
        }
    }
}
