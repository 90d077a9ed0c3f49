//! A report without a signature or publication date.
//!
//! 报告没有落款日期或发布日期。
//!
//! ## What it checks
//! A date is found where reports date themselves: a line that is only a date near the end
//! (under the agency's name: 「乌拉特中旗司法局」 / 「2024年1月11日」, also 「二〇二四年一月十一日」),
//! or a labelled date near the top or the end (「发布日期：2024-01-15」, 「印发日期」,
//! 「公开日期」). A date inside a sentence is not a signature.
//!
//! ## 检查内容
//! 在报告通常写日期的位置找到日期：靠近文末、单独成行的日期（在机关名称之下：「乌拉特中旗司法局」/
//! 「2024年1月11日」，也包括「二〇二四年一月十一日」），或靠近文首、文末带标签的日期（「发布日期：
//! 2024-01-15」「印发日期」「公开日期」）。句子中间的日期不是落款。
//!
//! ## Why it matters
//! Without a date nobody can tell from the document whether it was published by the legal
//! deadline; many portals strip the date printed beside the document, so the text is the
//! only record. The template does not require a signature line, so its absence is only noted.
//!
//! ## 为何重要
//! 没有日期，就无法从文件本身判断它是否在法定期限内公布；许多门户网站会去掉页面上与文件并列的日期，
//! 正文就成了唯一的记录。模板没有要求落款，所以缺少时只作提示。
//!
//! ## Authority
//! 《政府信息公开条例》第四十九条 (publish by 1月31日, a local government's own report by
//! 3月31日); 《党政机关公文格式》 GB/T 9704—2012 §7.3.5 (成文日期 under the issuing body).
//!
//! ## 依据
//! 《政府信息公开条例》第四十九条（1月31日前公布，县级以上地方人民政府本级的报告3月31日前公布）；
//! 《党政机关公文格式》GB/T 9704—2012 第7.3.5条（成文日期署于发文机关之下）。
//!
//! ## Flagged
//! ```text
//! 六、其他需要报告的事项
//! 本年度，本机关未收取信息公开处理费。
//! ```
//!
//! ## Accepted
//! ```text
//! 六、其他需要报告的事项
//! 本年度未收取任何信息处理费。
//! 乌拉特中旗司法局
//! 2024年1月11日
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct PublicationDateMissing;

impl Rule for PublicationDateMissing {
    crate::rule_meta!(
        "publication-date-missing",
        TitleAndDates,
        Info,
        "未注明落款或发布日期",
        "No signature or publication date"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        if report.signature.is_some() {
            return;
        }
        findings.report(Finding::typed(Location::WHOLE, NoSignature).key("signature"));
    }
}

/// No signature or publication date anywhere in the report.
#[derive(Debug)]
struct NoSignature;

impl Message for NoSignature {
    fn message(&self, lang: Lang) -> String {
        lang.pick(
            "未找到落款日期或发布日期（如文末「××县司法局」下一行的「2024年1月15日」），无法判断是否按时公布",
            "no signature or publication date found (e.g. 「2024年1月15日」 under the agency's name at the end), so timely publication cannot be checked",
        )
        .to_string()
    }
}
