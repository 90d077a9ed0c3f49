//! A high share of 行政复议 or 行政诉讼 cases ended in 结果纠正.
//!
//! 行政复议或行政诉讼的结果纠正比例偏高。
//!
//! ## What it checks
//! In 表四, 结果纠正 / 总计 of 行政复议, and of 行政诉讼 (未经复议直接起诉 and 复议后起诉
//! together), above the threshold (default 20 %, `[cross] correction_rate`) with at least the
//! minimum number of cases (default 5, `[cross] correction_minimum`). Info only. It runs in the
//! cross-report pass with the other plausibility checks of rules.md B8.
//!
//! ## 检查内容
//! 表四中行政复议、行政诉讼（未经复议直接起诉与复议后起诉合计）的结果纠正数占总计的比例超过阈值（默认
//! 20%，`[cross] correction_rate`），且案件数不少于最小值（默认5件，`[cross] correction_minimum`）。仅为
//! 提示。与rules.md B8的其他合理性检查一起在跨报告检查中运行。
//!
//! ## Why it matters
//! A high correction rate says the agency's handling of applications was often found wrong; a
//! supervisor asks about it, and it is also a common sign of 纠正 and 维持 columns swapped.
//!
//! ## 为何重要
//! 纠错率高说明该机关办理申请的结果常被认定有误，审核人需要了解原因；这也常是“结果纠正”与“结果维持”
//! 两列填反的迹象。
//!
//! ## Authority
//! 《条例》第五十条 (表四 reports reviews and lawsuits); rules.md B8.
//!
//! ## 依据
//! 《条例》第五十条（报告行政复议、行政诉讼情况）；rules.md B8。
//!
//! ## Flagged
//! ```text
//! 行政复议：结果维持 5 结果纠正 3 其他结果 0 尚未审结 0 总计 8
//! ```
//!
//! ## Accepted
//! ```text
//! 行政复议：结果维持 7 结果纠正 1 其他结果 0 尚未审结 0 总计 8
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::rules::cross::{CrossContext, CrossRule};
use crate::rules::{Finding, Findings, Message};

pub struct CorrectionRateHigh;

/// 表四's groups: names, and the columns of 结果纠正 and 总计 summed over.
const GROUPS: [(&str, &str, &[usize], &[usize]); 2] = [
    ("行政复议", "administrative review", &[1], &[4]),
    ("行政诉讼", "lawsuits", &[6, 11], &[9, 14]),
];

impl CrossRule for CorrectionRateHigh {
    crate::rule_meta!(
        "correction-rate-high",
        Plausibility,
        Info,
        "行政复议或行政诉讼纠错率偏高",
        "High correction rate in reviews or lawsuits"
    );

    fn check(&self, context: &CrossContext<'_>, findings: &mut Findings<'_>) {
        let Some(table4) = &context.facts.table4 else {
            return;
        };
        let settings = context.settings;
        for (zh, en, corrected, total) in GROUPS {
            let sum =
                |columns: &[usize]| -> Option<i64> { columns.iter().map(|&c| table4.get(c)).sum() };
            let (Some(corrected), Some(total)) = (sum(corrected), sum(total)) else {
                continue;
            };
            if total < settings.correction_minimum {
                continue;
            }
            let rate = corrected as f64 / total as f64;
            if rate <= settings.correction_rate {
                continue;
            }
            let percent = (rate * 100.0).round();
            findings.report(
                Finding::typed(
                    Location::line(table4.line),
                    HighRate {
                        group: [zh, en],
                        corrected,
                        total,
                        percent,
                    },
                )
                .evidence("group", zh)
                .evidence("corrected", corrected)
                .evidence("total", total)
                .key(zh)
                .key(format!("{corrected}/{total}")),
            );
        }
    }
}

/// A group of 表四 in which more cases ended corrected than the settings find plausible.
#[derive(Debug)]
struct HighRate {
    /// The group's name in Chinese and in English (see [`GROUPS`]).
    group: [&'static str; 2],
    corrected: i64,
    total: i64,
    /// `corrected / total`, in whole percent.
    percent: f64,
}

impl Message for HighRate {
    fn message(&self, lang: Lang) -> String {
        let HighRate {
            group: [zh, en],
            corrected,
            total,
            percent,
        } = self;
        match lang {
            Lang::Zh => format!("{zh}结果纠正 {corrected} 件，占总计 {total} 件的 {percent}%"),
            Lang::En => format!("{en}: {corrected} of {total} corrected ({percent}%)"),
        }
    }
}
