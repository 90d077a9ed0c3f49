//! A report whose tables follow the wrong national template for its year.
//!
//! 报告的表格所用的全国模板与其年度不符。
//!
//! ## What it checks
//! The template version is read from the markers inside the tables (rules.md A4: 表二's column
//! and row labels, the 第二十条第（九）项 block, 表三's （六）其他处理 row or sub-rows), never from
//! the prose. A report for 2021 or later must use the 2021 template (国办公开办函〔2021〕30号):
//! the 2019 one is an **error**. A 2020 report must use the 2019 template
//! (国办公开办函〔2019〕60号): the 2021 one is a **warning**. A 2019 report that deviates is only
//! **info**: for 2019 the template was 「鼓励按照统一格式发布…可参照统一格式发布」, and rules.md
//! B10 lists 2019 reports deviating from the format among what must not be flagged as a
//! problem. Without a report year, or without markers, the rule says nothing.
//!
//! ## 检查内容
//! 模板版本根据表格内的标记判断（rules.md A4：表二的列标签和行标签、「第二十条第（九）项」区块、表
//! 三的「（六）其他处理」行或其子行），从不根据正文判断。2021年度及以后的报告必须使用2021年版模板
//! （国办公开办函〔2021〕30号）：使用2019年版为**错误**。2020年度的报告应使用2019年版模板（国办公开
//! 办函〔2019〕60号）：使用2021年版为**警告**。2019年度的报告偏离模板只是**提示**：2019年度的模板是
//! 「鼓励按照统一格式发布……可参照统一格式发布」，rules.md B10 也把2019年度报告偏离格式列为不应作为
//! 问题标记的情形。没有报告年度或没有标记时，本规则不作判断。
//!
//! ## Why it matters
//! The two templates count different things (本年新制作数量 vs 本年制发件数, one （六）其他处理
//! row vs three): figures in the wrong template cannot be summed with the other agencies' or
//! compared with the previous year.
//!
//! ## 为何重要
//! 两个模板统计的内容不同（本年新制作数量对比本年制发件数，「（六）其他处理」一行对比三行）：填在错
//! 误模板中的数字，无法与其他机关的数字汇总，也无法与上一年比较。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 (from the 2021 report year on); 国办公开办函〔2019〕60号 「二、有序
//! 衔接」 (2019 and 2020 reports).
//!
//! ## 依据
//! 国办公开办函〔2021〕30号（自2021报告年度起）；国办公开办函〔2019〕60号「二、有序衔接」（2019、
//! 2020年度报告）。
//!
//! ## Flagged
//! ```text
//! 某某县司法局2023年政府信息公开工作年度报告
//! …
//! 信息内容	本年新制作数量	本年新公开数量	对外公开总数量
//! ```
//!
//! ## Accepted
//! ```text
//! 某某县司法局2023年政府信息公开工作年度报告
//! …
//! 信息内容	本年制发件数	本年废止件数	现行有效件数
//! ```

// The examples quote report lines as extracted, with their tab-separated cells.
#![allow(clippy::tabs_in_doc_comments)]

use crate::flag::{Location, Severity};
use crate::i18n::Lang;
use crate::report::{Report, TemplateVersion};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct TemplateVersionRule;

/// The first report year of the 2019 template; earlier reports are out of scope.
const FIRST_YEAR: i32 = 2019;

impl Rule for TemplateVersionRule {
    crate::rule_meta!(
        "template-version",
        Structure,
        Error,
        "模板版本与年度不符",
        "Template version does not fit the report year"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let Some(year) = report.year else { return };
        let Some(found) = report.template else { return };
        if year < FIRST_YEAR {
            return;
        }
        let expected = TemplateVersion::expected_for(year);
        if found == expected {
            return;
        }
        let severity = match year {
            y if y >= 2021 => Severity::Error,
            2020 => Severity::Warning,
            _ => Severity::Info,
        };
        let tables = [&report.table2, &report.table3, &report.table4];
        let at = tables
            .iter()
            .copied()
            .flatten()
            .find(|t| t.version == Some(found))
            .map_or(Location::WHOLE, |t| Location::line(t.first_line));
        let (markers_2019, markers_2021) = tables
            .iter()
            .copied()
            .flatten()
            .fold((0, 0), |(a, b), t| (a + t.markers_2019, b + t.markers_2021));
        findings.report(
            Finding::typed(
                at,
                WrongVersion {
                    year,
                    found,
                    expected,
                },
            )
            .severity(severity)
            .evidence("year", year)
            .evidence("found", found.as_str())
            .evidence("expected", expected.as_str())
            .evidence("markers_2019", markers_2019)
            .evidence("markers_2021", markers_2021)
            .key(year.to_string())
            .key(found.as_str()),
        );
    }
}

/// The tables of a report of `year` follow the `found` template where `expected` applies.
#[derive(Debug)]
struct WrongVersion {
    year: i32,
    found: TemplateVersion,
    expected: TemplateVersion,
}

impl Message for WrongVersion {
    fn message(&self, lang: Lang) -> String {
        let WrongVersion {
            year,
            found,
            expected,
        } = self;
        let (found, expected) = (named(*found, lang), named(*expected, lang));
        match lang {
            Lang::Zh => {
                let note = if *year == 2019 {
                    "（2019年度可参照统一格式）"
                } else {
                    ""
                };
                format!("{year}年度报告的表格使用了{found}，{year}年度应使用{expected}{note}")
            }
            Lang::En => format!(
                "the tables of this {year} report follow {found}; a {year} report uses {expected}"
            ),
        }
    }
}

/// A template named with the document that defines it: 「2021年版格式（国办公开办函〔2021〕30号）」,
/// 「the 2021 template (国办公开办函〔2021〕30号)」 (`template-mixed` names them alike).
pub(super) fn named(version: TemplateVersion, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年版格式（{}）", version.as_str(), version.document()),
        Lang::En => format!("the {} template ({})", version.as_str(), version.document()),
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::Severity;
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::{cells, rows};

    const CODE: &str = "template-version";

    #[test]
    fn a_2023_report_in_the_2019_template_is_an_error() {
        let fixture = rows().v2019().year(2023);
        let flags = fixture.flags(CODE);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].severity, Severity::Error);
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .contains("国办公开办函〔2021〕30号"));
        assert_eq!(
            flags[0].location.line,
            Some(fixture.line_of("第二十条第（一）项"))
        );
    }

    #[test]
    fn a_2020_report_in_the_2021_template_is_a_warning_and_2019_is_info() {
        let flags = cells().year(2020).flags(CODE);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].severity, Severity::Warning);
        let flags = cells().year(2019).flags(CODE);
        assert_eq!(flags[0].severity, Severity::Info);
    }

    #[test]
    fn matching_templates_and_unknown_years_are_not_flagged() {
        assert!(rows().flags(CODE).is_empty());
        assert!(cells().v2019().flags(CODE).is_empty());
        assert!(rows().v2019().year(2019).flags(CODE).is_empty());
        let mut report = rows().v2019().report();
        report.year = None;
        let flags = crate::rules::run(
            &report,
            &crate::rules::RuleSelection {
                selected: vec![CODE.into()],
                ..Default::default()
            },
        );
        assert!(flags.is_empty());
    }
}
