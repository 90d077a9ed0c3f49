//! An agency goes back from the 2021 template to the 2019 one.
//!
//! 机关在后续年度从2021年版模板退回使用2019年版模板。
//!
//! ## What it checks
//! A report written in the 2019 template while the same agency's report of an earlier year in
//! the inbox is already in the 2021 template. The flag names the earlier report.
//!
//! ## 检查内容
//! 同一机关在收件箱中较早年度的报告已使用2021年版模板，而本报告仍使用2019年版模板。标记写明较早年度的
//! 报告。
//!
//! ## Why it matters
//! The 2021 template replaced the 2019 one for every report from 2021 on; going back means the
//! report was built on an old file (often last-but-one year's report) and its tables do not
//! have the rows the current template requires.
//!
//! ## 为何重要
//! 2021年起所有报告都应使用2021年版模板；退回旧模板说明报告是在旧文件（常常是前年的报告）上改出来
//! 的，表格缺少现行模板要求的行。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 (the template from the 2021 report on); rules.md A4, B7.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号（2021年度报告起适用新模板）；rules.md A4、B7。
//!
//! ## Flagged
//! ```text
//! 甲县司法局2022年报告：2021年版模板
//! 甲县司法局2023年报告：2019年版模板（表二“本年新制作数量”）
//! ```
//!
//! ## Accepted
//! ```text
//! 甲县司法局2020年报告：2019年版模板
//! 甲县司法局2021年报告：2021年版模板
//! ```

use std::path::Path;
use std::sync::Arc;

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::template::TemplateVersion;
use crate::rules::cross::{CrossContext, CrossRule};
use crate::rules::{Finding, Findings, Message};

pub struct TemplateRegression;

impl CrossRule for TemplateRegression {
    crate::rule_meta!(
        "template-regression",
        Across,
        Error,
        "从2021年版模板退回2019年版模板",
        "Went back from the 2021 template to the 2019 one"
    );

    fn check(&self, context: &CrossContext<'_>, findings: &mut Findings<'_>) {
        if context.facts.template != Some(TemplateVersion::V2019) {
            return;
        }
        let Some(earlier) = context
            .earlier()
            .into_iter()
            .filter(|r| context.facts_of(r).template == Some(TemplateVersion::V2021))
            .max_by_key(|r| (r.year, std::cmp::Reverse(r.path.clone())))
        else {
            return;
        };
        findings.report(
            Finding::typed(
                Location::WHOLE,
                WentBack {
                    year: earlier.year.unwrap_or(0),
                    path: earlier.path.clone(),
                },
            )
            .other_report(earlier),
        );
    }
}

/// A 2019-template report after the agency's report of `year` (at `path`) used the 2021 one.
#[derive(Debug)]
struct WentBack {
    year: i32,
    path: Arc<Path>,
}

impl Message for WentBack {
    fn message(&self, lang: Lang) -> String {
        let (year, path) = (self.year, self.path.display());
        match lang {
            Lang::Zh => format!("本报告使用2019年版模板，而本机关{year}年度报告（{path}）已使用2021年版模板"),
            Lang::En => format!("this report uses the 2019 template; the agency's {year} report ({path}) already used the 2021 one"),
        }
    }
}
