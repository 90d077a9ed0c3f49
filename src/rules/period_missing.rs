//! A report that does not state its statistics period.
//!
//! 报告没有写明统计期限。
//!
//! ## What it checks
//! A sentence with 统计期限, 统计时限, 统计时间 or 统计期间 is present
//! (「本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止」).
//!
//! ## 检查内容
//! 有一句话含「统计期限」「统计时限」「统计时间」或「统计期间」（「本报告所列数据的统计期限自2023年
//! 1月1日起至2023年12月31日止」）。
//!
//! ## Why it matters
//! The period says what the figures in the tables cover. Almost every report states it; the
//! national template does not require the sentence, so its absence is only noted.
//!
//! ## 为何重要
//! 统计期限说明表格中的数字覆盖的时间范围。几乎所有报告都写明这一句；但全国模板没有要求，所以缺少时
//! 只作提示。
//!
//! ## Authority
//! DB51/T 2660—2019 §2.1 (the period is 1月1日 to 12月31日 of the report year); S5: real
//! reports state it as the norm. Not required by 国办公开办函〔2021〕30号, hence info.
//!
//! ## 依据
//! DB51/T 2660—2019 第2.1条（统计期限为报告年度的1月1日至12月31日）；S5：实际报告普遍写明。国办公开
//! 办函〔2021〕30号未作要求，故为提示。
//!
//! ## Flagged
//! ```text
//! 北关区司法局 2023 年政府信息公开工作年度报告
//! 一、总体情况
//! （一）主动公开方面……
//! ```
//!
//! ## Accepted
//! ```text
//! 本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct PeriodMissing;

impl Rule for PeriodMissing {
    crate::rule_meta!(
        "period-missing",
        TitleAndDates,
        Info,
        "未说明统计期限",
        "No statistics period stated"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        if report.period.is_some() {
            return;
        }
        findings
            .report(Finding::typed(Location::WHOLE, NoPeriod { year: report.year }).key("period"));
    }
}

/// No statistics period sentence; the example names the report's year when it is known.
#[derive(Debug)]
struct NoPeriod {
    year: Option<i32>,
}

impl Message for NoPeriod {
    fn message(&self, lang: Lang) -> String {
        let year = self
            .year
            .map_or_else(|| "YYYY".to_string(), |y| y.to_string());
        match lang {
            Lang::Zh => format!("未找到统计期限的说明（如「本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日」）"),
            Lang::En => format!("no statistics period sentence found (e.g. 「本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日」)"),
        }
    }
}
