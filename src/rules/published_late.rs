//! A report dated after the legal publication deadline.
//!
//! ## What it checks
//! The signature or publication date of a year-Y report is on or before (Y+1)年1月31日; for a
//! local people's government's own report (the agency's name ends in 人民政府) on or before
//! (Y+1)年3月31日. Reports for 2018 and earlier fall under the old 条例, whose deadline was
//! 3月31日 for every agency.
//!
//! ## Why it matters
//! Publication by the deadline is a legal duty, and late publication is among the defects
//! provincial notices and third-party assessments list first; the competent department is to
//! order a correction or circulate a criticism.
//!
//! ## Authority
//! 《政府信息公开条例》第四十九条 (departments: 每年1月31日前; local governments' own reports:
//! 每年3月31日前), 第四十七条; S9–S14 (late publication as a common defect).
//!
//! ## Flagged
//! ```text
//! 北关区司法局2023年政府信息公开工作年度报告
//! ……
//! 北关区司法局
//! 2024年2月20日
//! ```
//!
//! ## Accepted
//! ```text
//! 乌拉特中旗司法局2023年政府信息公开工作年度报告
//! ……
//! 乌拉特中旗司法局
//! 2024年1月11日
//! ```

use crate::flag::Location;
use crate::report::front::is_local_government;
use crate::report::{CivilDate, Report};
use crate::rules::{Finding, Findings, Rule};

pub struct PublishedLate;

/// The last report year under the old 条例 (国务院令第492号), whose deadline was 3月31日.
const LAST_OLD_REGULATION_YEAR: i32 = 2018;

impl Rule for PublishedLate {
    crate::rule_meta!(
        "published-late",
        TitleAndDates,
        Warning,
        "超过法定期限发布",
        "Published after the legal deadline"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(year) = report.year else { return };
        let Some(mention) = &report.signature else {
            return;
        };
        let Some(date) = mention.date() else { return };
        let government = report.agency.as_deref().is_some_and(is_local_government);
        let deadline_month = if government || year <= LAST_OLD_REGULATION_YEAR {
            3
        } else {
            1
        };
        let Some(deadline) = CivilDate::new(year + 1, deadline_month, 31) else {
            return;
        };
        if date <= deadline {
            return;
        }
        let (who_zh, who_en) = if government {
            (
                "地方人民政府的本级年度报告",
                "a local government's own report",
            )
        } else if year <= LAST_OLD_REGULATION_YEAR {
            ("旧条例下的年度报告", "a report under the old regulation")
        } else {
            ("政府部门的年度报告", "a department's report")
        };
        findings.report(
            Finding::new(
                Location::span(mention.line, mention.column, mention.len),
                format!(
                    "{year}年度报告的落款（发布）日期为{}，晚于法定期限{}（{who_zh}应在{}前公布）",
                    date.zh(),
                    deadline.zh(),
                    deadline.zh()
                ),
                format!(
                    "the {year} report is dated {}, after the legal deadline {} ({who_en} is due by {})",
                    date.iso(),
                    deadline.iso(),
                    deadline.iso()
                ),
            )
            .evidence("date", date.iso())
            .evidence("deadline", deadline.iso())
            .evidence("report_year", year)
            .evidence("local_government", government)
            .key(date.iso()),
        );
    }
}
