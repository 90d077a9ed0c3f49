//! An amount in 万元 that looks as if it were written in 元.
//!
//! 以万元为单位的金额看起来像是按元填写的。
//!
//! ## What it checks
//! The two amounts of 表二 are in 万元: 2021's （八） 本年收费金额（单位：万元） of
//! 行政事业性收费, and 2019's （九） 采购总金额 of 政府集中采购. An amount over 10 000 万元 (one
//! hundred million 元), or with more than four significant decimals (finer than one 元), is
//! told: it suggests the figure was entered in 元, or converted with too many digits. Only
//! plain non-negative numbers in a row with its full count of values are looked at; a number
//! with a unit written in the cell is `non-numeric-cell`'s, a negative one `negative-value`'s.
//! Trailing zeros are not decimals (「40.510000」 has two). A large city government can collect
//! over 10 000 万元 in fees, so this is only information for a person to confirm.
//!
//! ## 检查内容
//! 表二中有两个以万元计的金额：2021年版的「（八）行政事业性收费」的「本年收费金额（单位：万元）」，
//! 以及2019年版的「（九）政府集中采购」的「采购总金额」。金额超过10 000万元（一亿元），或有效小数超
//! 过四位（精确到不足1元）时予以提示：这往往说明数字是按元填写的，或换算时保留了过多位数。只看该行
//! 数值个数完整、且为不带单位的非负数的单元格；单元格中写了单位的归 `non-numeric-cell`，负数归
//! `negative-value`。末尾的0不算小数位（「40.510000」只有两位小数）。大城市政府一年的收费可能确实超
//! 过10 000万元，因此本规则只是提示，由人工确认。
//!
//! ## Why it matters
//! A fee total entered in 元 is ten thousand times too large in a column the template labels
//! 万元, and so is every sum made over the agencies' reports. The template's own unit note is
//! the only defence, and reports often drop it.
//!
//! ## 为何重要
//! 按元填写的收费总额，放在模板标明万元的一栏中就大了一万倍，各机关报告汇总后的合计也随之出错。模板
//! 自带的单位说明是唯一的防线，而报告常常把它删掉。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 (表二 （八）: 本年收费金额（单位：万元）); rules.md A3 (local variants of
//! the 2019 表二 （九） annotate 采购总金额 「（单位：万元，保留4位小数）」).
//!
//! ## 依据
//! 国办公开办函〔2021〕30号（表二「（八）」：本年收费金额（单位：万元））；rules.md A3（2019年版表
//! 二「（九）」的地方变体在采购总金额后注明「（单位：万元，保留4位小数）」）。
//!
//! ## Flagged
//! ```text
//! 信息内容	本年收费金额（单位：万元）
//! 行政事业性收费	316441
//! ```
//!
//! ## Accepted
//! ```text
//! 信息内容	本年收费金额（单位：万元）
//! 行政事业性收费	40.51
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::tables::CellName;
use crate::report::template::ValueKind;
use crate::report::{Num, Report, TableKind};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct AmountMagnitude;

/// The largest plausible amount, in 万元.
const CEILING: i128 = 10_000;

/// The most decimals of 万元 that still mean something: the fourth is one 元.
const MAX_DECIMALS: u8 = 4;

impl Rule for AmountMagnitude {
    crate::rule_meta!(
        "amount-magnitude",
        Cells,
        Info,
        "金额数量级可疑",
        "Implausible amount in 10,000 yuan"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(table) = report.assessed(TableKind::Table2) else {
            return;
        };
        for row in table.rows.iter().filter(|r| r.has_expected_count()) {
            for (index, cell) in row.cells.iter().enumerate() {
                if row.spec.kind(index) != Some(ValueKind::Amount) {
                    continue;
                }
                let Some(amount) = cell.value.number() else {
                    continue;
                };
                if amount.is_negative() {
                    continue;
                }
                let over = exceeds_ceiling(amount);
                let decimals = significant_decimals(amount);
                let fine = decimals > MAX_DECIMALS;
                if !over && !fine {
                    continue;
                }
                let column = row.spec.column(index);
                findings.report(
                    Finding::typed(
                        Location::span(
                            cell.line,
                            cell.column,
                            cell.raw.chars().count().max(1) as u32,
                        ),
                        Implausible {
                            cell: table.cell_name(row, index),
                            amount,
                            over,
                            decimals: fine.then_some(decimals),
                        },
                    )
                    .evidence("table", table.kind.key())
                    .evidence("row", row.spec.label)
                    .evidence("column", column)
                    .evidence("value", amount.to_string())
                    .evidence("over_ceiling", over)
                    .evidence("decimals", decimals)
                    .key(row.spec.id)
                    .key(amount.to_string()),
                );
            }
        }
    }
}

/// An amount over the ceiling, or written to more decimals than mean something, or both.
#[derive(Debug)]
struct Implausible {
    cell: CellName,
    amount: Num,
    /// Over [`CEILING`].
    over: bool,
    /// The decimals written, when more than [`MAX_DECIMALS`].
    decimals: Option<u8>,
}

impl Message for Implausible {
    fn message(&self, lang: Lang) -> String {
        let (cell, amount) = (self.cell.name(lang), self.amount);
        let over = self.over.then(|| {
            lang.pick(
                "超过10000万元（即1亿元）",
                "over 10,000 (that is, 100 million yuan)",
            )
            .to_string()
        });
        let fine = self.decimals.map(|decimals| match lang {
            Lang::Zh => format!("有{decimals}位小数（万元的第4位小数即1元）"),
            Lang::En => {
                format!("{decimals} decimals (the fourth decimal of 10,000 yuan is one yuan)")
            }
        });
        let reasons: Vec<String> = over.into_iter().chain(fine).collect();
        match lang {
            Lang::Zh => format!(
                "{cell}为{amount}万元，{}，可能误按元填写，请核实单位",
                reasons.join("，且")
            ),
            Lang::En => format!(
                "{cell} is {amount} (in 10,000 yuan): {}; it may have been entered in yuan, \
                 check the unit",
                reasons.join(", and ")
            ),
        }
    }
}

/// Whether the amount is over [`CEILING`], in exact arithmetic.
fn exceeds_ceiling(amount: Num) -> bool {
    let Some(factor) = 10i128.checked_pow(u32::from(amount.scale)) else {
        return true;
    };
    i128::from(amount.mantissa) > CEILING.saturating_mul(factor)
}

/// The decimals written, not counting trailing zeros: 40.5100 has 2.
fn significant_decimals(amount: Num) -> u8 {
    let mut mantissa = amount.mantissa;
    let mut scale = amount.scale;
    while scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "amount-magnitude";

    #[test]
    fn a_fee_in_yuan_is_told_with_its_value() {
        for fixture in [rows(), cells()] {
            let fixture = fixture.row("t2.fees", &["316441"]);
            let flags = fixture.flags(CODE);
            assert_eq!(flags.len(), 1, "{flags:?}");
            assert_eq!(flags[0].severity, crate::flag::Severity::Info);
            assert_eq!(
                flags[0].message.get(Lang::Zh),
                "表二“行政事业性收费”行“本年收费金额（单位：万元）”列为316441万元，超过10000万元\
                 （即1亿元），可能误按元填写，请核实单位"
            );
            assert_eq!(flags[0].location.line, Some(fixture.line_of("316441")));
        }
    }

    #[test]
    fn too_many_decimals_in_the_2019_procurement_amount_are_told() {
        let flags = rows()
            .v2019()
            .row("t2.procurement", &["3", "12.345678"])
            .flags(CODE);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .contains("“采购总金额”列为12.345678万元，有6位小数"));
    }

    #[test]
    fn plausible_amounts_counts_and_other_cells_are_not_told() {
        for value in [
            "40.51",
            "9999.9999",
            "10000",
            "16",
            "0",
            "40.510000",
            "-5",
            "251000元",
        ] {
            assert!(
                rows().row("t2.fees", &[value]).flags(CODE).is_empty(),
                "{value}"
            );
        }
        // Counts are not amounts, however large; 2019's 行政事业性收费 counts items.
        assert!(rows().row("t2.permits", &["447228"]).flags(CODE).is_empty());
        let fixture = cells().v2019().row("t2.fees", &["316441", "-2"]);
        assert!(fixture.flags(CODE).is_empty());
    }

    #[test]
    fn decimals_ignore_trailing_zeros() {
        assert_eq!(significant_decimals(Num::parse("40.5100").unwrap()), 2);
        assert_eq!(significant_decimals(Num::parse("0.00001").unwrap()), 5);
        assert!(exceeds_ceiling(Num::parse("10000.01").unwrap()));
        assert!(!exceeds_ceiling(Num::parse("10000.00").unwrap()));
    }
}
