//! A total in the text whose listed parts do not add up to it.
//!
//! 正文中列出的分项之和与总数不符。
//!
//! ## What it checks
//! A count followed by its parts, 「N 条，其中 a…；b…；c…」 (or 「分别为…」): the parts in the
//! same unit, up to the end of the sentence, are summed.
//! - The parts add up to **more** than the total: **error** (a part is wrong, or the total).
//! - The parts add up to **less** than the total and the list is clearly complete: **warning**.
//!   Complete means introduced by 「分别为」, ending in 「其他/其余…」, or naming every category
//!   of a known partition (自然人 and 法人或其他组织; 维持, 纠正, 其他结果, 尚未审结). A list
//!   that may name only some parts (「其中」 followed by highlights) is not checked for less.
//!
//! Approximate numbers (「60余条」, 「约」, 「超过」) in the total or a part skip the check, and so
//! does a list whose first parts already add up to the total (two partitions listed one after
//! the other: by channel, then by applicant). The
//! list ends early at a clause that starts another statement (「已全部办结…」, 「另有…」,
//! 「共计…」) or at the next total with its own 「其中」; counts in parentheses inside a part are
//! not parts.
//!
//! ## 检查内容
//! 一个数量后面跟着它的分项，如「N条，其中a……；b……；c……」（或「分别为……」）：对到句末为止、单位相同
//! 的分项求和。
//! - 分项之和**大于**总数：**错误**（分项或总数有一处写错）。
//! - 分项之和**小于**总数，且列举明显是完整的：**警告**。完整指以「分别为」引出、以「其他/其余……」
//!   结尾，或列全了某种已知划分的所有类别（自然人与法人或其他组织；维持、纠正、其他结果、尚未审结
//!   ）。可能只列了部分分项的（「其中」后只举重点）不检查「小于」。
//!
//! 总数或分项是约数（「60余条」「约」「超过」）时不检查；前几个分项之和已等于总数时也不检查（先后列
//! 了两种划分：按渠道，再按申请人）。遇到另起一事的分句（「已全部办结……」「另有……」「共计……」），或
//! 遇到下一个带「其中」的总数，列举提前结束；分项内括号中的数量不算分项。
//!
//! ## Why it matters
//! A breakdown that does not add up is an arithmetic error in plain sight, and casts doubt on
//! every other number in the report.
//!
//! ## 为何重要
//! 分项加不出总数，是明摆着的算术错误，会让人怀疑报告中的其他所有数字。
//!
//! ## Authority
//! S6: 数据精确、文字严谨; S9–S14: 数据错误 listed among the common defects.
//!
//! ## 依据
//! S6：数据精确、文字严谨；S9–S14：「数据错误」列为常见问题。
//!
//! ## Flagged
//! ```text
//! 发布或更新信息476条，其中，依法行政9条；公共法律服务2条；职能简介8条；组织机构3条；微信公众号更新信息458条。
//! ```
//!
//! ## Accepted
//! ```text
//! 发布或更新信息476条，其中，依法行政9条；公共法律服务2条；职能简介8条；组织机构3条；微信公众号更新信息454条。
//! 主动发布修改工作类信息60余条，其中部门会议、部门文件、规范性文件清理类信息11条。
//! ```

use crate::flag::{Location, Severity};
use crate::i18n::Lang;
use crate::report::narrative::Breakdown;
use crate::report::Report;
use crate::rules::{Finding, Findings, Message, Rule};

pub struct NarrativeBreakdownSum;

impl Rule for NarrativeBreakdownSum {
    crate::rule_meta!(
        "narrative-breakdown-sum",
        TextVsTables,
        Error,
        "正文分项之和与总数不符",
        "Parts in the text do not add up to the total"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        for breakdown in &report.narrative().breakdowns {
            let Some((total, sum)) = breakdown.exact_sum() else {
                continue;
            };
            if sum == total
                || (sum < total && !breakdown.exhaustive)
                || breakdown.lists_two_partitions()
            {
                continue;
            }
            let finding = finding(breakdown, total, sum);
            let finding = if sum < total {
                finding.severity(Severity::Warning)
            } else {
                finding
            };
            findings.report(finding);
        }
    }
}

fn finding(breakdown: &Breakdown, total: i64, sum: i64) -> Finding {
    let at = &breakdown.total.at;
    let parts: Vec<String> = breakdown
        .parts
        .iter()
        .map(|p| p.at.text.to_string())
        .collect();
    let values: Vec<i64> = breakdown
        .parts
        .iter()
        .filter_map(|p| p.quantity.exact())
        .collect();
    Finding::typed(
        Location::span(at.line, at.column, at.len),
        PartsOff {
            written: at.text.to_string(),
            total,
            parts: values.clone(),
            sum,
        },
    )
    .evidence("total", total)
    .evidence("parts", values.clone())
    .evidence("parts_text", parts)
    .evidence("sum", sum)
    .evidence("exhaustive", breakdown.exhaustive)
    .evidence("sentence", breakdown.sentence.clone())
    .key(total.to_string())
    .key(
        values
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join("+"),
    )
}

/// The parts of a total stated in the text that do not add up to it.
#[derive(Debug)]
struct PartsOff {
    /// The total as written.
    written: String,
    total: i64,
    parts: Vec<i64>,
    sum: i64,
}

impl Message for PartsOff {
    fn message(&self, lang: Lang) -> String {
        let PartsOff {
            written,
            total,
            parts,
            sum,
        } = self;
        let terms = parts
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(" + ");
        let compared = if sum > total {
            lang.pick("多于", "more than")
        } else {
            lang.pick("少于", "less than")
        };
        match lang {
            Lang::Zh => format!("总数「{written}」的分项 {terms} = {sum}，{compared}总数 {total}"),
            Lang::En => format!(
                "the parts of the total 「{written}」 add up to {terms} = {sum}, {compared} the total {total}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::Severity;
    use crate::i18n::Lang;
    use crate::report::tables::fixtures::rows;

    const CODE: &str = "narrative-breakdown-sum";
    const PROSE: &str = "本机关认真贯彻落实《条例》，做好政府信息公开工作。";

    fn flags(prose: &str) -> Vec<crate::flag::Flag> {
        rows().replace(PROSE, prose).flags(CODE)
    }

    #[test]
    fn parts_above_the_total_are_an_error() {
        let found = flags("发布或更新信息 476 条，其中，依法行政 9 条；公共法律服务 2 条；职能简介 8 条；组织机构 3 条；微信公众号更新信息 458 条。");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].evidence["sum"], 480);
        assert!(found[0]
            .message
            .get(Lang::Zh)
            .contains("9 + 2 + 8 + 3 + 458 = 480，多于总数 476"));
    }

    #[test]
    fn parts_below_the_total_are_a_warning_only_when_the_list_is_complete() {
        let found = flags("共收到申请10件，其中自然人申请6件，法人或其他组织申请3件。");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(flags("主动公开信息100条，其中政策文件20条，工作动态30条。").is_empty());
        let found = flags("主动公开信息100条，其中政策文件20条，工作动态30条，其他信息40条。");
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn a_change_from_last_year_is_not_the_total_of_the_parts() {
        assert!(flags("主动公开政府信息282条，较2022年增长36条，其中重点领域信息44条、人事信息111条、部门文件42条、通知公告85条。").is_empty());
        assert!(flags("收到申请20件，同比减少5件，其中自然人申请3件，法人申请2件。").is_empty());
        let found = flags("新增主动公开信息10条，其中政策文件6条，工作动态5条。");
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn seed_breakdowns_that_add_up_are_accepted() {
        assert!(flags("2024 年通过政府网站、微信公众号等发布或更新信息 476 条，其中，依法行政 9 条；公共法律服务 2 条；职能简介 8 条；组织机构 3 条；微信公众号更新信息 454 条。先后在主流媒体刊发稿件 30 篇，其中省级 1 篇，市级 27 篇，区级 2 篇。").is_empty());
    }

    #[test]
    fn approximate_numbers_skip_the_check() {
        assert!(flags("主动发布修改工作类信息60余条，其中部门会议、部门文件、规范性文件清理类信息11条，工作动态50条。").is_empty());
        assert!(flags("发布信息30条，其中工作动态约40条。").is_empty());
    }

    #[test]
    fn the_list_ends_where_another_statement_begins() {
        assert!(
            flags("共收到申请10件，其中自然人申请8件、法人申请2件，已全部办结10件。").is_empty()
        );
        assert!(flags("政府信息公开行政复议 351件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。").is_empty());
        assert!(
            flags("共收到申请10件，其中自然人申请8件（其中网上申请5件），法人申请2件。").is_empty()
        );
        assert!(flags(
            "全年共发布信息1200条，其中网站发布800条，微信公众号发布400条，同时转发上级信息200条。"
        )
        .is_empty());
        assert!(
            flags("全年办理人大代表建议35件、政协提案42件，其中主办件20件，协办件57件。")
                .is_empty()
        );
        assert!(flags(
            "发布各类信息500条，其中政策文件100条（其中规范性文件20条），工作动态400条。"
        )
        .is_empty());
    }

    #[test]
    fn two_partitions_in_one_list_are_not_summed_together() {
        assert!(flags(
            "共收到申请25件，其中网上申请20件、信函申请5件，自然人申请22件、法人申请3件。"
        )
        .is_empty());
    }
}
