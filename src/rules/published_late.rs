//! A report dated after the legal publication deadline.
//!
//! 报告日期晚于法定公布期限。
//!
//! ## What it checks
//! The signature or publication date of a year-Y report is on or before (Y+1)年1月31日; for a
//! local people's government's own report (the agency's name ends in 人民政府) on or before
//! (Y+1)年3月31日. Reports for 2018 and earlier fall under the old 条例, whose deadline was
//! 3月31日 for every agency.
//!
//! ## 检查内容
//! Y年度报告的落款日期或发布日期不晚于（Y+1）年1月31日；地方人民政府本级的报告（机关名称以「人民政
//! 府」结尾）不晚于（Y+1）年3月31日。2018年度及以前的报告适用修订前的《条例》，所有机关的期限均为3
//! 月31日。
//!
//! ## Why it matters
//! Publication by the deadline is a legal duty, and late publication is among the defects
//! provincial notices and third-party assessments list first; the competent department is to
//! order a correction or circulate a criticism.
//!
//! ## 为何重要
//! 按期公布是法定义务，逾期公布是省级通报和第三方评估首先列出的问题之一；上级主管部门应当责令改正或
//! 予以通报批评。
//!
//! ## Authority
//! 《政府信息公开条例》第四十九条 (departments: 每年1月31日前; local governments' own reports:
//! 每年3月31日前), 第四十七条; S9–S14 (late publication as a common defect).
//!
//! ## 依据
//! 《政府信息公开条例》第四十九条（部门：每年1月31日前；地方人民政府本级：每年3月31日前）、第四十七
//! 条；S9–S14（逾期公布是常见问题）。
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
use crate::i18n::Lang;
use crate::report::front::is_local_government;
use crate::report::{CivilDate, Report};
use crate::rules::{Finding, Findings, Message, Rule};

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
        findings.report(
            Finding::typed(
                Location::span(mention.line, mention.column, mention.len),
                Late {
                    year,
                    date,
                    deadline,
                    government,
                },
            )
            .evidence("date", date.iso())
            .evidence("deadline", deadline.iso())
            .evidence("report_year", year)
            .evidence("local_government", government)
            .key(date.iso()),
        );
    }
}

/// A report of `year` dated `date`, after its `deadline`; a local government's own report
/// (`government`) and reports under the old regulation are due by 3月31日.
#[derive(Debug)]
struct Late {
    year: i32,
    date: CivilDate,
    deadline: CivilDate,
    government: bool,
}

impl Message for Late {
    fn message(&self, lang: Lang) -> String {
        let Late {
            year,
            date,
            deadline,
            government,
        } = self;
        let (who_zh, who_en) = if *government {
            (
                "地方人民政府的本级年度报告",
                "a local government's own report",
            )
        } else if *year <= LAST_OLD_REGULATION_YEAR {
            ("旧条例下的年度报告", "a report under the old regulation")
        } else {
            ("政府部门的年度报告", "a department's report")
        };
        match lang {
            Lang::Zh => format!(
                "{year}年度报告的落款（发布）日期为{}，晚于法定期限{}（{who_zh}应在{}前公布）",
                date.zh(),
                deadline.zh(),
                deadline.zh()
            ),
            Lang::En => format!(
                "the {year} report is dated {}, after the legal deadline {} ({who_en} is due by {})",
                date.iso(),
                deadline.iso(),
                deadline.iso()
            ),
        }
    }
}
