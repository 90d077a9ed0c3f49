//! The narrative or the tables are a near-copy of the same agency's previous report.
//!
//! 正文或表格与本机关上一年度报告基本相同。
//!
//! ## What it checks
//! The narrative of sections 一, 五 and 六 against the same agency's report of the previous
//! year: the share of this report's 12-character shingles found in last year's (containment,
//! estimated by a MinHash sketch) must stay below the threshold (default 0.8, `[cross]
//! copy_containment` in `nianbao.toml`). Tables that are identical to last year's and not all
//! zero are flagged too. The flag marks this report's narrative and names last year's report
//! and its lines.
//!
//! ## 检查内容
//! 将第一、五、六部分的正文与本机关上一年度报告比较：本报告12字片段出现在上年报告中的比例（包含度，
//! 以MinHash草图估计）应低于阈值（默认0.8，可在 `nianbao.toml` 的 `[cross] copy_containment` 中
//! 配置）。表格与上年完全相同且并非全为零的，也会被标记。标记落在本报告正文，并写明上年报告及其行号。
//!
//! ## Why it matters
//! A report copied from last year describes last year's work: its problems and improvements
//! (section 五) are the same promises again, which the template's 「内容雷同」 and published
//! 通报 name as perfunctory.
//!
//! ## 为何重要
//! 照搬上年的报告描述的是上一年的工作，第五部分的问题和改进仍是同样的承诺；模板所说的「内容雷同」和
//! 各地通报都把这种情况列为敷衍塞责。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 (「内容雷同、敷衍塞责」); S9–S14; rules.md B7.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号（「内容雷同、敷衍塞责」）；S9–S14；rules.md B7。
//!
//! ## Flagged
//! ```text
//! 2022年 五、存在的主要问题及改进情况：公开内容不够全面……
//! 2023年 五、存在的主要问题及改进情况：公开内容不够全面……（逐字相同）
//! ```
//!
//! ## Accepted
//! ```text
//! 2022年 五：公开内容不够全面……
//! 2023年 五：针对上年指出的问题，本年完善了……
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::rules::cross::{CrossContext, CrossRule};
use crate::rules::wording::{CopiedFrom, NarrativeCopied, YearReport};
use crate::rules::{Finding, Findings, Message};

pub struct CopiedFromPreviousYear;

impl CrossRule for CopiedFromPreviousYear {
    crate::rule_meta!(
        "copied-from-previous-year",
        Across,
        Warning,
        "与本机关上一年度报告雷同",
        "Near-copy of the agency's previous report"
    );

    fn check(&self, context: &CrossContext<'_>, findings: &mut Findings<'_>) {
        let this = &context.facts;
        let Some(previous) = context.previous() else {
            return;
        };
        let previous_facts = context.facts_of(previous);
        if let (Some(sketch), Some(other), Some((first, last))) = (
            &this.narrative,
            &previous_facts.narrative,
            this.narrative_lines,
        ) {
            let share = sketch.containment_in(other);
            if share >= context.settings.copy_containment {
                let percent = (share * 100.0).round();
                findings.report(
                    Finding::typed(
                        Location::lines(first, last),
                        NarrativeCopied {
                            percent,
                            from: CopiedFrom::Previous(YearReport::of(previous)),
                        },
                    )
                    .evidence("containment", percent)
                    .evidence(
                        "other_lines",
                        previous_facts.narrative_lines.map(|(a, b)| [a, b]),
                    )
                    .other_report(previous)
                    .key("narrative"),
                );
            }
        }
        if this.tables_hash.is_some() && this.tables_hash == previous_facts.tables_hash {
            findings.report(
                Finding::typed(Location::WHOLE, TablesCopied(YearReport::of(previous)))
                    .other_report(previous)
                    .key("tables"),
            );
        }
    }
}

/// 表二, 表三 and 表四 hold the very numbers of an earlier report.
#[derive(Debug)]
struct TablesCopied(YearReport);

impl Message for TablesCopied {
    fn message(&self, lang: Lang) -> String {
        let previous = self.0.name(lang);
        match lang {
            Lang::Zh => format!("表二、表三、表四的数字与{previous}完全相同"),
            Lang::En => format!("tables 二, 三 and 四 are identical to the {previous}"),
        }
    }
}
