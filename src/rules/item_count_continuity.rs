//! A 2019-template 上一年项目数量 does not follow from last year's count and change.
//!
//! 2019年版模板表二“上一年项目数量”与上一年度的项目数量及增减不衔接。
//!
//! ## What it checks
//! For the same agency in two consecutive 2019-template reports (2019 → 2020), for each 表二
//! row with 上一年项目数量 and 本年增/减 (行政许可, 其他对外管理服务事项, 行政处罚, 行政强制,
//! 行政事业性收费): 上一年项目数量(Y) = 上一年项目数量(Y−1) + 本年增/减(Y−1).
//!
//! ## 检查内容
//! 同一机关相邻两个年度均使用2019年版模板（2019→2020）时，表二中有“上一年项目数量”和“本年增/减”的
//! 各行（行政许可、其他对外管理服务事项、行政处罚、行政强制、行政事业性收费）应满足：上一年项目数量（Y）
//! = 上一年项目数量（Y−1）+ 本年增/减（Y−1）。
//!
//! ## Why it matters
//! The items at the start of a year are those of the start of the last year plus its change:
//! a difference means one of the reports misstates its items.
//!
//! ## 为何重要
//! 本年初的项目数量等于上年初的数量加上上年的增减；不一致说明其中一份报告的项目数有误。
//!
//! ## Authority
//! 国办公开办函〔2019〕60号, 表二; rules.md B7.
//!
//! ## 依据
//! 国办公开办函〔2019〕60号表二；rules.md B7。
//!
//! ## Flagged
//! ```text
//! 2019年：行政许可 上一年项目数量 20 本年增/减 +3
//! 2020年：行政许可 上一年项目数量 20
//! ```
//!
//! ## Accepted
//! ```text
//! 2019年：行政许可 上一年项目数量 20 本年增/减 +3
//! 2020年：行政许可 上一年项目数量 23
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::template::TemplateVersion;
use crate::rules::cross::{CrossContext, CrossRule};
use crate::rules::{Finding, Findings, Message};

pub struct ItemCountContinuity;

impl CrossRule for ItemCountContinuity {
    crate::rule_meta!(
        "item-count-continuity",
        Across,
        Warning,
        "上一年项目数量与上年报告不衔接",
        "Items at the start of the year do not follow from last year"
    );

    fn check(&self, context: &CrossContext<'_>, findings: &mut Findings<'_>) {
        let this = &context.facts;
        let Some(previous) = context.previous() else {
            return;
        };
        let previous_facts = context.facts_of(previous);
        let v2019 = Some(TemplateVersion::V2019);
        if this.template != v2019 || previous_facts.template != v2019 {
            return;
        }
        for (id, now) in &this.items {
            let Some((_, before)) = previous_facts.items.iter().find(|(i, _)| i == id) else {
                continue;
            };
            let (Some(start), Some(last_start), Some(change)) =
                (now.get(0), before.get(0), before.get(1))
            else {
                continue;
            };
            let expected = last_start + change;
            if start == expected {
                continue;
            }
            findings.report(
                Finding::typed(
                    Location::line(now.line),
                    ItemsOff {
                        id,
                        start,
                        year: previous.year.unwrap_or(0),
                        last_start,
                        change,
                    },
                )
                .evidence("row", *id)
                .evidence("value", start)
                .evidence("expected", expected)
                .evidence("other_line", before.line)
                .other_report(previous)
                .key(*id)
                .key(format!("{last_start}+{change}={start}")),
            );
        }
    }
}

/// A 2019 表二 row whose items at the start of the year are not last year's start plus its
/// change.
#[derive(Debug)]
struct ItemsOff {
    id: &'static str,
    start: i64,
    /// Last year, its items at the start and its change.
    year: i32,
    last_start: i64,
    change: i64,
}

impl Message for ItemsOff {
    fn message(&self, lang: Lang) -> String {
        let ItemsOff {
            id,
            start,
            year,
            last_start,
            change,
        } = self;
        let expected = last_start + change;
        match lang {
            Lang::Zh => format!(
                "表二（{id}）上一年项目数量 {start} 与{year}年度的 {last_start} + 本年增/减 {change} = {expected} 不符"
            ),
            Lang::En => format!(
                "表二 ({id}) items at the start {start} differ from {year}'s {last_start} + change {change} = {expected}"
            ),
        }
    }
}
