//! A title without the report year.
//!
//! 标题没有写报告年度。
//!
//! ## What it checks
//! The title carries the four-digit year the report is about: 「2023年」, 「2023年度」,
//! 「2023 年」, 「２０２３年」, or in Chinese numerals 「二〇二三年」.
//!
//! ## 检查内容
//! 标题中有报告所针对的四位数年份：「2023年」「2023年度」「2023 年」「２０２３年」，或汉字数字「二
//! 〇二三年」。
//!
//! ## Why it matters
//! The year in the title is the report year: every year check (the period, the publication
//! deadline, the template version) is anchored to it, and a reader cannot tell one year's
//! report from the next without it.
//!
//! ## 为何重要
//! 标题中的年份就是报告年度：每一项年份检查（统计期限、公布期限、模板版本）都以它为准；没有它，读者
//! 也无法区分不同年度的报告。
//!
//! ## Authority
//! 《政府信息公开条例》第四十九条 (a report for the previous year, every year);
//! 国办公开办函〔2021〕30号 (the title names the agency and the year); S6: 格式规范.
//!
//! ## 依据
//! 《政府信息公开条例》第四十九条（每年报告上一年度的情况）；国办公开办函〔2021〕30号（标题写明机关
//! 和年度）；S6：格式规范。
//!
//! ## Flagged
//! ```text
//! 北关区司法局政府信息公开工作年度报告
//! ```
//!
//! ## Accepted
//! ```text
//! 北关区司法局2023年度政府信息公开工作年度报告
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct TitleYearMissing;

impl Rule for TitleYearMissing {
    crate::rule_meta!(
        "title-year-missing",
        TitleAndDates,
        Error,
        "标题缺少报告年度",
        "Title has no report year"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(title) = &report.title else { return };
        if title.year.is_some() {
            return;
        }
        findings.report(
            Finding::typed(
                Location::lines(title.line, title.last_line),
                NoYear {
                    title: title.text.clone(),
                },
            )
            .evidence("title", title.text.clone())
            .key(title.text.clone()),
        );
    }
}

/// A title without a four-digit year.
#[derive(Debug)]
struct NoYear {
    title: String,
}

impl Message for NoYear {
    fn message(&self, lang: Lang) -> String {
        let title = &self.title;
        match lang {
            Lang::Zh => format!("标题「{title}」中没有四位数的报告年度（如「2023年」）"),
            Lang::En => {
                format!("the title 「{title}」 has no four-digit report year (e.g. 「2023年」)")
            }
        }
    }
}
