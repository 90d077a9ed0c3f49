//! A title that does not name its agency in full.
//!
//! 标题没有写出机关的完整名称。
//!
//! ## What it checks
//! The agency named in the title, before the year, carries a proper place name and a level
//! (省/自治区/市/州/盟/区/县/旗/乡/镇/街道 …) in front of the body's name: 「北关区司法局」,
//! 「乌拉特中旗司法局」. A bare 「司法局」 or a generic 「市司法局」 fails, as does a title with
//! no agency at all. National bodies (国务院…, 国家…, 中华人民共和国…, ministries) need no place.
//! When the body or the signature gives the fuller name, the message quotes it.
//!
//! ## 检查内容
//! 标题中年份之前的机关名称，在机关名称前带有具体的地名和层级（省/自治区/市/州/盟/区/县/旗/乡/镇/街
//! 道……）：「北关区司法局」「乌拉特中旗司法局」。只写「司法局」或泛称「市司法局」的不通过，标题中完
//! 全没有机关的也不通过。中央机关（国务院……、国家……、中华人民共和国……、各部委）不需要地名。正文或落
//! 款中有更完整的名称时，提示信息会引用它。
//!
//! ## Why it matters
//! Thousands of bodies are called 司法局: a title without the place does not say whose report
//! this is, once it is read outside the agency's own website (in a portal, an archive, an
//! inbox of reports from many agencies).
//!
//! ## 为何重要
//! 叫「司法局」的机关有几千个：标题不带地名，一旦离开机关自己的网站（在门户网站、档案库、汇集多个机
//! 关报告的收件箱中）阅读，就看不出这是谁的报告。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 (the report is titled with the agency's name and the year);
//! S6: 格式规范; S10–S14 list titles without the agency's full name among common defects.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号（报告标题写明机关名称和年度）；S6：格式规范；S10–S14将标题未写机关全称
//! 列为常见问题。
//!
//! ## Flagged
//! ```text
//! 市司法局2023年度政府信息公开年度报告
//! ```
//!
//! ## Accepted
//! ```text
//! 三门峡市陕州区司法局 2024 年政府信息公开工作年度报告
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::front::is_full_agency_name;
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct TitleAgencyMissing;

impl Rule for TitleAgencyMissing {
    crate::rule_meta!(
        "title-agency-missing",
        TitleAndDates,
        Warning,
        "标题未写明机关全称",
        "Title does not name the agency in full"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(title) = &report.title else { return };
        let Some(named) = &title.agency else {
            findings.report(
                Finding::typed(
                    Location::lines(title.line, title.last_line),
                    AgencyName::Absent {
                        title: title.text.clone(),
                    },
                )
                .evidence("title", title.text.clone())
                .key(""),
            );
            return;
        };
        // The report's agency is read as a name once a report (`agency-mismatch`, the cross
        // facts; the reading is kept per thread), and a name that reads so has a place and a
        // level: asking the kept reading spares walking the name's levels again.
        let read_as_agency = report.agency.as_deref() == Some(named.as_str())
            && crate::agency::AgencyName::parse_shared(named).is_some();
        if read_as_agency || is_full_agency_name(named) {
            return;
        }
        let fuller = report
            .agency
            .as_deref()
            .filter(|a| a != named && is_full_agency_name(a));
        let location = match title.agency_span {
            Some(span) => Location::span(span.line, span.column, span.len),
            None => Location::line(title.line),
        };
        let short = AgencyName::Short {
            named: named.clone(),
            fuller: fuller.map(str::to_string),
        };
        let mut finding = Finding::typed(location, short).evidence("title_agency", named.clone());
        if let Some(a) = fuller {
            finding = finding.evidence("agency", a);
        }
        findings.report(finding.key(named.clone()));
    }
}

/// How the title falls short of the agency's full name.
#[derive(Debug)]
enum AgencyName {
    /// The title names no agency.
    Absent { title: String },
    /// The title names the agency as `named`, without place and level; the body or signature
    /// may give the full name.
    Short {
        named: String,
        fuller: Option<String>,
    },
}

impl Message for AgencyName {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (AgencyName::Absent { title }, Lang::Zh) => {
                format!("标题「{title}」未写明机关名称，应以机关全称开头（如「××县司法局」）")
            }
            (AgencyName::Absent { title }, Lang::En) => format!(
                "the title 「{title}」 names no agency; it should start with the agency's full name (e.g. 「××县司法局」)"
            ),
            (AgencyName::Short { named, fuller: Some(a) }, Lang::Zh) => format!(
                "标题中的机关名称「{named}」缺少地名和行政级别，应写全称；正文或落款作「{a}」"
            ),
            (AgencyName::Short { named, fuller: Some(a) }, Lang::En) => format!(
                "the title names the agency as 「{named}」, without a place name and level; the body or signature gives the full name 「{a}」"
            ),
            (AgencyName::Short { named, fuller: None }, Lang::Zh) => format!(
                "标题中的机关名称「{named}」缺少地名和行政级别，应写机关全称（如「{}」）",
                example(named)
            ),
            (AgencyName::Short { named, fuller: None }, Lang::En) => format!(
                "the title names the agency as 「{named}」, without a place name and level; it should give the full name (e.g. 「{}」)",
                example(named)
            ),
        }
    }
}

/// A full name to show as an example: a placeholder place before the generic name
/// (「市司法局」 → 「××市司法局」, 「司法局」 → 「××县司法局」).
fn example(named: &str) -> String {
    if ["省", "市", "区", "县", "旗", "州", "盟", "乡", "镇"]
        .iter()
        .any(|l| named.starts_with(l))
    {
        format!("××{named}")
    } else {
        format!("××县{named}")
    }
}
