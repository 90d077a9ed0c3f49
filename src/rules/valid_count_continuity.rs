//! 现行有效件数 does not follow from last year's and this year's 制发 and 废止.
//!
//! 现行有效件数与上一年度现行有效件数及本年制发、废止件数不衔接。
//!
//! ## What it checks
//! For the same agency in two consecutive 2021-template reports, for 规章 and for 行政规范性文件
//! in 表二: 现行有效(Y) = 现行有效(Y−1) + 本年制发(Y) − 本年废止(Y). The flag is on year Y's
//! row and names the previous report and its 现行有效 value.
//!
//! ## 检查内容
//! 同一机关相邻两个年度均使用2021年版模板时，表二“规章”和“行政规范性文件”两行应满足：现行有效（Y）=
//! 现行有效（Y−1）+ 本年制发（Y）− 本年废止（Y）。标记落在Y年度的该行，并写明上一年度报告及其现行有效
//! 件数。
//!
//! ## Why it matters
//! The count of documents in force is a stock: it moves only by what was issued and repealed.
//! A gap means documents appeared or vanished between reports, or one year's cells are wrong.
//!
//! ## 为何重要
//! 现行有效件数是存量，只随本年制发和废止而变化。不衔接说明有文件在两份报告之间凭空出现或消失，或某
//! 一年度的数字有误。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号, 表二 第二十条第（一）项; rules.md B7.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号表二第二十条第（一）项；rules.md B7。
//!
//! ## Flagged
//! ```text
//! 2022年：规章 现行有效 10
//! 2023年：规章 本年制发 2 本年废止 1 现行有效 15
//! ```
//!
//! ## Accepted
//! ```text
//! 2022年：规章 现行有效 10
//! 2023年：规章 本年制发 2 本年废止 1 现行有效 11
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::template::TemplateVersion;
use crate::rules::cross::{CrossContext, CrossRule, RowValues};
use crate::rules::{Finding, Findings, Message};

pub struct ValidCountContinuity;

impl CrossRule for ValidCountContinuity {
    crate::rule_meta!(
        "valid-count-continuity",
        Across,
        Warning,
        "现行有效件数与上年不衔接",
        "Documents in force do not follow from last year"
    );

    fn check(&self, context: &CrossContext<'_>, findings: &mut Findings<'_>) {
        let this = &context.facts;
        let Some(previous) = context.previous() else {
            return;
        };
        let previous_facts = context.facts_of(previous);
        let v2021 = Some(TemplateVersion::V2021);
        if this.template != v2021 || previous_facts.template != v2021 {
            return;
        }
        let rows: [(
            &'static str,
            &'static str,
            Option<&RowValues>,
            Option<&RowValues>,
        ); 2] = [
            (
                "规章",
                "regulations",
                this.regulations.as_ref(),
                previous_facts.regulations.as_ref(),
            ),
            (
                "行政规范性文件",
                "normative documents",
                this.normative.as_ref(),
                previous_facts.normative.as_ref(),
            ),
        ];
        for (zh, en, now, before) in rows {
            let (Some(now), Some(before)) = (now, before) else {
                continue;
            };
            let (Some(issued), Some(repealed), Some(valid), Some(last)) =
                (now.get(0), now.get(1), now.get(2), before.get(2))
            else {
                continue;
            };
            let expected = last + issued - repealed;
            if expected == valid {
                continue;
            }
            let discontinuity = Discontinuity {
                row: (zh, en),
                valid,
                year: previous.year.unwrap_or(0),
                last,
                issued,
                repealed,
                expected,
            };
            findings.report(
                Finding::typed(Location::line(now.line), discontinuity)
                    .evidence("row", zh)
                    .evidence("valid", valid)
                    .evidence("expected", expected)
                    .evidence("other_valid", last)
                    .evidence("other_line", before.line)
                    .other_report(previous)
                    .key(zh)
                    .key(format!("{last}+{issued}-{repealed}={valid}")),
            );
        }
    }
}

/// A row of 表二 (`row`, named in both languages) whose documents in force `valid` are not
/// those in force at the end of `year` (`last`), plus those issued, less those repealed.
#[derive(Debug)]
struct Discontinuity {
    row: (&'static str, &'static str),
    valid: i64,
    year: i32,
    last: i64,
    issued: i64,
    repealed: i64,
    expected: i64,
}

impl Message for Discontinuity {
    fn message(&self, lang: Lang) -> String {
        let Discontinuity {
            row: (zh, en),
            valid,
            year,
            last,
            issued,
            repealed,
            expected,
        } = self;
        match lang {
            Lang::Zh => format!("表二“{zh}”现行有效件数 {valid} 与{year}年度的 {last} + 本年制发 {issued} − 本年废止 {repealed} = {expected} 不符"),
            Lang::En => format!("表二 {en} in force {valid} differs from {year}'s {last} + issued {issued} − repealed {repealed} = {expected}"),
        }
    }
}
