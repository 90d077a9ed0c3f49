//! Section 六 of a 2021-or-later report that does not state the 信息处理费 position.
//!
//! 2021年度及以后的报告，第六部分未说明信息处理费收取情况。
//!
//! ## What it checks
//! From the 2021 report year on (the report year; when it is unknown, the 2021 template's
//! tables), section 六、其他需要报告的事项 says something about the 信息处理费: a sentence with
//! 信息处理费, 处理费, 收费, 缴费 or 费用 (「本年度未收取信息处理费」, 「未发生收费情况」,
//! 「发出收费通知0件，实际收取0元」). Whether the statement is consistent with 表三 is
//! `fee-conflict`'s question.
//!
//! When the fee is stated elsewhere in the report but not in 六, the flag is **info** (the
//! position is there, in the wrong place); when it is stated nowhere, **warning**. 2019 and
//! 2020 reports are not judged: the 60号 template had no fee requirement.
//!
//! ## 检查内容
//! 自2021报告年度起（以报告年度为准；年度不明时，以表格为2021年版模板为准），「六、其他需要报告的事
//! 项」应说明信息处理费的情况：有一句话提到信息处理费、处理费、收费、缴费或费用（「本年度未收取信息
//! 处理费」「未发生收费情况」「发出收费通知0件，实际收取0元」）。这一说明与表三是否一致，由
//! `fee-conflict` 判断。
//!
//! 收费情况写在报告其他部分而不在第六部分的，标记为**提示**（说明有了，位置不对）；全文都没有的，标
//! 记为**警告**。2019、2020年度的报告不作判断：60号文的模板没有收费方面的要求。
//!
//! ## Why it matters
//! The 2021 template asks section 六 to report the 信息处理费 charged under 国办函〔2020〕109号;
//! every 2021-or-later report observed has the sentence, even when nothing was charged. Without
//! it, a reader cannot tell whether applicants were charged.
//!
//! ## 为何重要
//! 2021年版模板要求在第六部分报告依据国办函〔2020〕109号收取信息处理费的情况；所见的2021年度及以后
//! 的报告都有这句话，即使分文未收。没有这句话，读者无从知道是否向申请人收过费。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号, 六、其他需要报告的事项 (信息处理费); 国办函〔2020〕109号
//! 《政府信息公开信息处理费管理办法》 (S7).
//!
//! ## 依据
//! 国办公开办函〔2021〕30号「六、其他需要报告的事项」（信息处理费）；国办函〔2020〕109号《政府信息
//! 公开信息处理费管理办法》（S7）。
//!
//! ## Flagged
//! ```text
//! 六、其他需要报告的事项
//! 无
//! ```
//!
//! ## Accepted
//! ```text
//! 六、其他需要报告的事项
//! 根据《政府信息公开信息处理费管理办法》的规定，本年度未收取任何信息处理费。
//! ```

use crate::flag::{Location, Severity};
use crate::i18n::Lang;
use crate::report::{Report, Section, SectionId, TemplateVersion};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct FeeStatementMissing;

/// Words of a fee statement.
const FEE_WORDS: [&str; 4] = ["处理费", "收费", "缴费", "费用"];

impl Rule for FeeStatementMissing {
    crate::rule_meta!(
        "fee-statement-missing",
        TextVsTables,
        Warning,
        "未说明信息处理费收取情况",
        "No statement on the information processing fee"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        let from_2021 = match report.year {
            Some(year) => year >= 2021,
            None => report.template == Some(TemplateVersion::V2021),
        };
        if !from_2021 {
            return;
        }
        let Some(other) = report.section(SectionId::Other) else {
            return;
        };
        if states_fee(&other.heading.run_in)
            || report
                .doc
                .lines_in(other.body_first, other.body_last)
                .any(|l| states_fee(l.folded))
        {
            return;
        }
        let elsewhere = report
            .doc
            .lines()
            .filter(|l| !report.is_table_line(l.no) && !in_section(other, l.no))
            .find(|l| l.folded.contains("信息处理费") || l.folded.contains("公开处理费"));
        let heading = &other.heading;
        let location = heading_location(report, other);
        let finding = match elsewhere {
            Some(line) => Finding::typed(
                location,
                NoFeeStatement {
                    heading: heading.raw.clone(),
                    missing: Missing::Elsewhere { line: line.no },
                },
            )
            .severity(Severity::Info)
            .evidence("elsewhere", line.raw.trim()),
            None => Finding::typed(
                location,
                NoFeeStatement {
                    heading: heading.raw.clone(),
                    missing: Missing::Absent { year: report.year },
                },
            ),
        };
        findings.report(
            finding
                .evidence("section", SectionId::Other.heading())
                .key(SectionId::Other.numeral()),
        );
    }
}

fn states_fee(text: &str) -> bool {
    FEE_WORDS.iter().any(|w| text.contains(w))
}

fn in_section(section: &Section, line: u32) -> bool {
    line >= section.heading.line && line <= section.body_last
}

/// The heading as written on its line.
fn heading_location(report: &Report, section: &Section) -> Location {
    let heading = &section.heading;
    let column = report
        .doc
        .line(heading.line)
        .and_then(|line| {
            line.raw
                .find(heading.raw.as_str())
                .map(|at| &line.raw[..at])
        })
        .map_or(1, |before| before.chars().count() as u32 + 1);
    Location::span(heading.line, column, heading.raw.chars().count() as u32)
}

/// Section 六 does not state the information processing fee.
#[derive(Debug)]
struct NoFeeStatement {
    /// Section 六's heading, as written.
    heading: String,
    missing: Missing,
}

/// Where the statement is, if anywhere.
#[derive(Debug)]
enum Missing {
    /// The fee is mentioned on `line`, outside section 六.
    Elsewhere { line: u32 },
    /// Nowhere, in a report of `year`.
    Absent { year: Option<i32> },
}

impl Message for NoFeeStatement {
    fn message(&self, lang: Lang) -> String {
        let heading = &self.heading;
        match (&self.missing, lang) {
            (Missing::Elsewhere { line }, Lang::Zh) => format!(
                "「{heading}」未说明信息处理费收取情况；第{line}行提到信息处理费，按模板应在第六部分说明"
            ),
            (Missing::Elsewhere { line }, Lang::En) => format!(
                "「{heading}」 does not state the information processing fee; line {line} mentions it, but the template puts it in section VI"
            ),
            (Missing::Absent { year }, Lang::Zh) => format!(
                "{}年度报告的「{heading}」未说明信息处理费收取情况（如「本年度未收取信息处理费」）",
                year.map(|y| y.to_string()).unwrap_or_default()
            ),
            (Missing::Absent { .. }, Lang::En) => format!(
                "「{heading}」 does not state the information processing fee (e.g. 「本年度未收取信息处理费」), which 2021-template reports must"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::{Flag, Severity};
    use crate::i18n::Lang;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    fn flags_of(year: i32, one: &str, six: &str) -> Vec<Flag> {
        let text = format!(
            "某县司法局{year}年政府信息公开工作年度报告\n一、总体情况\n{one}\n五、存在的主要问题及改进情况\n问题。\n六、其他需要报告的事项\n{six}"
        );
        let report = parse_text(&text, SourceEncoding::Utf8);
        let selection = RuleSelection::only("fee-statement-missing");
        run(&report, &selection)
    }

    #[test]
    fn a_2021_report_without_fee_sentence_is_a_warning_at_six() {
        let flags = flags_of(2023, "概述。", "无");
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].severity, Severity::Warning);
        assert_eq!(flags[0].location.line, Some(6));
        let flags = flags_of(2021, "概述。", "本年度无其他需要报告的事项。");
        assert_eq!(flags.len(), 1);
    }

    #[test]
    fn a_fee_sentence_elsewhere_makes_it_info() {
        let flags = flags_of(2023, "本年度未收取信息处理费。", "无");
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].severity, Severity::Info);
        assert_eq!(
            flags[0].message.get(Lang::Zh),
            "「六、其他需要报告的事项」未说明信息处理费收取情况；第3行提到信息处理费，按模板应在第六部分说明"
        );
        assert_eq!(
            flags[0].message.get(Lang::En),
            "「六、其他需要报告的事项」 does not state the information processing fee; line 3 \
             mentions it, but the template puts it in section VI"
        );
    }

    #[test]
    fn the_administrative_fees_of_table_two_are_not_a_fee_statement() {
        // rules.md B10 trap 1: 表二's 行政事业性收费 is not 六's 信息处理费.
        let one = "概述。\n二、主动公开政府信息情况\n第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t40.51";
        let flags = flags_of(2023, one, "无");
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].severity, Severity::Warning);
    }

    #[test]
    fn fee_sentences_and_earlier_years_pass() {
        for six in [
            "本年度未收取信息处理费。",
            "2023年度，县发展和改革局政府信息公开未发生收费情况。",
            "本机关未收取信息公开处理费。",
            "未向申请人收取任何费用。",
        ] {
            assert!(flags_of(2023, "概述。", six).is_empty(), "{six}");
        }
        assert!(flags_of(2020, "概述。", "无").is_empty());
        let run_in = "某县司法局2023年政府信息公开工作年度报告\n一、总体情况\n概述。\n六、其他需要报告的事项：本年度未收取信息处理费。";
        let report = parse_text(run_in, SourceEncoding::Utf8);
        let selection = RuleSelection::only("fee-statement-missing");
        assert!(run(&report, &selection).is_empty());
    }
}
