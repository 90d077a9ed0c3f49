//! A count changes by a factor of ten or more against the agency's previous report.
//!
//! 数字与本机关上一年度报告相比变化十倍以上。
//!
//! ## What it checks
//! Against the same agency's report of the previous year: applications received (表三 一 总计),
//! 行政复议 总计, 行政诉讼 总计 (both groups of 表四) and 现行有效 of 规章 and 行政规范性文件
//! (2021 template). A count that grows or shrinks by the factor (default 10, `[cross]
//! jump_factor`) with the larger side at least the minimum (default 10, `[cross] jump_minimum`)
//! is flagged; so is 现行有效 dropping to zero from any positive count. Info only: the change
//! may be real.
//!
//! ## 检查内容
//! 与本机关上一年度报告比较：收到申请数（表三 一 总计）、行政复议总计、行政诉讼总计（表四两组之和），
//! 以及规章、行政规范性文件的现行有效件数（2021年版模板）。增减达到倍数（默认10倍，`[cross]
//! jump_factor`）且较大一方不少于最小值（默认10，`[cross] jump_minimum`）的，予以提示；现行有效件数由正数
//! 降为零的，也予以提示。仅为提示：变化可能是真实的。
//!
//! ## Why it matters
//! An experienced reviewer asks about such jumps first: most are a unit or a column mistake
//! (3 → 64 is often 6 and 4 read as 64), or a year's figures entered under the wrong row.
//!
//! ## 为何重要
//! 有经验的审核人首先会询问这类跳变：多数是单位或列的错误（3 → 64 常是6和4被连读成64），或某年的数字
//! 填错了行。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 (数据精确); rules.md B8.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号（数据精确）；rules.md B8。
//!
//! ## Flagged
//! ```text
//! 2022年 表三 一、本年新收 总计 3
//! 2023年 表三 一、本年新收 总计 64
//! ```
//!
//! ## Accepted
//! ```text
//! 2022年 表三 一、本年新收 总计 3
//! 2023年 表三 一、本年新收 总计 9
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::template::TemplateVersion;
use crate::rules::cross::{CrossContext, CrossRule, ReportFacts};
use crate::rules::{Finding, Findings, Message};

pub struct YearOnYearJump;

/// One compared count: its names, how to read it and its line.
struct Count {
    zh: &'static str,
    en: &'static str,
    read: fn(&ReportFacts) -> Option<(i64, u32)>,
    /// Whether dropping to zero is itself worth asking about.
    zero_drop: bool,
}

fn total_of(row: Option<&crate::rules::cross::RowValues>, columns: &[usize]) -> Option<(i64, u32)> {
    let row = row?;
    let mut sum = 0;
    for &c in columns {
        sum += row.get(c)?;
    }
    Some((sum, row.line))
}

const COUNTS: [Count; 5] = [
    Count {
        zh: "收到申请数",
        en: "applications received",
        read: |f| total_of(f.received.as_ref(), &[6]),
        zero_drop: false,
    },
    Count {
        zh: "行政复议总计",
        en: "administrative reviews",
        read: |f| total_of(f.table4.as_ref(), &[4]),
        zero_drop: false,
    },
    Count {
        zh: "行政诉讼总计",
        en: "lawsuits",
        read: |f| total_of(f.table4.as_ref(), &[9, 14]),
        zero_drop: false,
    },
    Count {
        zh: "规章现行有效件数",
        en: "regulations in force",
        read: |f| valid_of(f, f.regulations.as_ref()),
        zero_drop: true,
    },
    Count {
        zh: "行政规范性文件现行有效件数",
        en: "normative documents in force",
        read: |f| valid_of(f, f.normative.as_ref()),
        zero_drop: true,
    },
];

fn valid_of(
    facts: &ReportFacts,
    row: Option<&crate::rules::cross::RowValues>,
) -> Option<(i64, u32)> {
    if facts.template != Some(TemplateVersion::V2021) {
        return None;
    }
    total_of(row, &[2])
}

impl CrossRule for YearOnYearJump {
    crate::rule_meta!(
        "year-on-year-jump",
        Plausibility,
        Info,
        "数字较上年变化十倍以上",
        "A count changed tenfold against last year"
    );

    fn check(&self, context: &CrossContext<'_>, findings: &mut Findings<'_>) {
        let Some(previous) = context.previous() else {
            return;
        };
        let settings = context.settings;
        for count in &COUNTS {
            let (Some((now, line)), Some((before, _))) = (
                (count.read)(&context.facts),
                (count.read)(&context.facts_of(previous)),
            ) else {
                continue;
            };
            let (small, large) = (now.min(before), now.max(before));
            let jump = large >= settings.jump_minimum
                && (small == 0 || large as f64 / small as f64 >= settings.jump_factor);
            let dropped = count.zero_drop && before > 0 && now == 0;
            if !(jump || dropped) {
                continue;
            }
            let jump = Jump {
                count: (count.zh, count.en),
                year: previous.year.unwrap_or(0),
                before,
                now,
            };
            findings.report(
                Finding::typed(Location::line(line), jump)
                    .evidence("count", count.zh)
                    .evidence("value", now)
                    .evidence("other_value", before)
                    .other_report(previous)
                    .key(count.zh)
                    .key(format!("{before}->{now}")),
            );
        }
    }
}

/// The `count` (named in both languages) went from `before` in `year` to `now`.
#[derive(Debug)]
struct Jump {
    count: (&'static str, &'static str),
    year: i32,
    before: i64,
    now: i64,
}

impl Message for Jump {
    fn message(&self, lang: Lang) -> String {
        let Jump {
            count: (zh, en),
            year,
            before,
            now,
        } = self;
        match lang {
            Lang::Zh => format!("{zh}由{year}年度的 {before} 变为 {now}，请核实"),
            Lang::En => format!("{en} went from {before} in {year} to {now}; please verify"),
        }
    }
}
