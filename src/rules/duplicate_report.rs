//! Two files in the inbox are the same agency's report for the same year.
//!
//! 收件箱中有两个文件是同一机关同一年度的报告。
//!
//! ## What it checks
//! Reports whose agency (by its normalised name: 「三门峡市陕州区司法局」 and 「陕州区司法局」 are
//! one agency; file names do not count) and year are the same. Each of them is flagged and
//! names the other.
//!
//! ## 检查内容
//! 机关（按规范化名称匹配：「三门峡市陕州区司法局」与「陕州区司法局」是同一机关；不看文件名）与年度都
//! 相同的报告。每一份都会被标记，并写明另一份。
//!
//! ## Why it matters
//! Two versions of one report are either a re-submission (the older one is history, not a second
//! report in the counts) or a file saved under the wrong agency or year. Either way the
//! supervisor has to decide which one is the report.
//!
//! ## 为何重要
//! 同一报告的两个版本，要么是重新报送（旧版只是历史，不应重复计数），要么是文件存错了机关或年度。
//! 无论哪种，都需要审核人确定以哪一份为准。
//!
//! ## Authority
//! 《条例》第四十九条、第五十条 (one annual report per agency); rules.md B7, B9.
//!
//! ## 依据
//! 《条例》第四十九条、第五十条（每个机关每年一份年度报告）；rules.md B7、B9。
//!
//! ## Flagged
//! ```text
//! inbox/甲县司法局2023.docx.txt   甲县司法局 2023
//! inbox/年报-修改版.txt           某市甲县司法局 2023
//! ```
//!
//! ## Accepted
//! ```text
//! inbox/甲县司法局2022.txt   甲县司法局 2022
//! inbox/甲县司法局2023.txt   甲县司法局 2023
//! ```

use std::sync::Arc;

use crate::flag::Location;
use crate::i18n::Lang;
use crate::rules::cross::{CrossContext, CrossRule};
use crate::rules::wording::YearReport;
use crate::rules::{Finding, Findings, Message};

pub struct DuplicateReport;

impl CrossRule for DuplicateReport {
    crate::rule_meta!(
        "duplicate-report",
        Across,
        Warning,
        "同一机关同一年度有两份报告",
        "Two reports of the same agency and year"
    );

    fn check(&self, context: &CrossContext<'_>, findings: &mut Findings<'_>) {
        let Some(year) = context.this.year else {
            return;
        };
        // One flag, naming the first other file in path order: a report sent a thousand times
        // is one defect per file, and a copy arriving changes no other copy's flag (the
        // fingerprint is the agency and year, whichever file is named).
        if let Some(other) = context
            .same_agency(year)
            .into_iter()
            .find(|other| other.path != context.this.path)
        {
            findings.report(
                Finding::typed(
                    Location::WHOLE,
                    AnotherReport(YearReport {
                        year,
                        path: Arc::clone(&other.path),
                    }),
                )
                .other_report(other),
            );
        }
    }
}

/// Another report of the agency for the same year.
#[derive(Debug)]
struct AnotherReport(YearReport);

impl Message for AnotherReport {
    fn message(&self, lang: Lang) -> String {
        let AnotherReport(YearReport { year, path }) = self;
        let path = path.display();
        match lang {
            Lang::Zh => format!("收件箱中另有本机关{year}年度报告：{path}"),
            Lang::En => format!("the inbox holds another {year} report of this agency: {path}"),
        }
    }
}
