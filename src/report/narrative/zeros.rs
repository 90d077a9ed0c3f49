//! Zeros stated in words: 「未收到依申请公开事项」, 「未发生…行政复议或…行政诉讼」,
//! 「本年度未制发规范性文件」.

use std::sync::LazyLock;

use regex::Regex;

use super::clauses::{has_any, Topic, Words, NAMES_DISCLOSURE};
use super::metrics::Metric;

/// A zero stated in words: the metrics it sets to zero, and the byte range of the words.
pub(super) struct ZeroClaim {
    pub metrics: Vec<Metric>,
    pub start: usize,
    pub end: usize,
}

static APPLICATIONS_NONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?:未|未曾|并未|均未)(?:收到|接到|受理|接收|发生|产生|有)|没有(?:收到|接到|受理|接收|发生|产生)?|无)[^,.。;:()、\d]{0,8}?(?:政府信息公开申请|信息公开申请|公开申请|依申请公开|依申请)",
    )
    .expect("valid regex")
});

static APPEALS_NONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?:未|未曾|并未|均未)(?:发生|出现|收到|接到|产生|有|涉及|被)|没有|无)[^,.。;:()\d]{0,24}?(?:行政复议|行政诉讼|行政应诉)",
    )
    .expect("valid regex")
});

static DOCUMENTS_NONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:未|没有|无)(?:制发|制定|出台|印发)(?:任何)?(?:(?:行政)?规范性文件|(?:政府)?规章)",
    )
    .expect("valid regex")
});

/// 无/未 that do not deny: 「无法」, 「无论」, 「无正当理由」, 「未经复议」.
const NOT_NEGATIONS: &[&str] = &["无法", "无论", "无需", "无正当", "无一", "未经"];
/// After 「未收到…申请」: the denial is about something else (「无超期答复」, 「未收到…投诉」).
pub(super) static NOT_ALL_APPLICATIONS: Words = Words::new(&[
    "复议", "诉讼", "投诉", "举报", "超期", "逾期", "纠错", "违法", "败诉",
]);
/// In 「未发生…行政复议」: the denial is about some of them only (「未发生…被纠错」,
/// 「未出现…答复不当引发行政复议」).
pub(super) static NOT_ALL_APPEALS: Words = Words::new(&[
    "纠错",
    "纠正",
    "败诉",
    "撤销",
    "确认违法",
    "被纠",
    "未经",
    "不利",
    "维持",
    "不当",
    "错误",
    "违规",
    "过错",
]);

/// The rest of the clause after `end`.
fn rest_of_clause(text: &str, end: usize) -> &str {
    let stop = text[end..]
        .find([',', '。', ';', '，', '；'])
        .map_or(text.len(), |i| end + i);
    &text[end..stop]
}

/// Zeros stated in words in a sentence: 「未收到政府信息公开申请」, 「全年未发生因政府信息公开
/// 工作被申请行政复议或提起行政诉讼的情况」, 「本年度未制发规范性文件」.
pub(super) fn zero_claims(text: &str, topic: Topic) -> Vec<ZeroClaim> {
    let mut out = Vec::new();
    if !(text.contains('未') || text.contains('无') || text.contains("没有")) {
        return out;
    }
    if text.contains("申请") {
        for found in APPLICATIONS_NONE.find_iter(text) {
            let words = found.as_str();
            let rest = rest_of_clause(text, found.end());
            let excluded = NOT_NEGATIONS.iter().any(|w| words.starts_with(w))
                || has_any(words, &["复议", "诉讼"])
                || NOT_ALL_APPLICATIONS.in_text(rest);
            if !excluded {
                out.push(ZeroClaim {
                    metrics: vec![Metric::Received],
                    start: found.start(),
                    end: found.end(),
                });
            }
        }
    }
    if text.contains("复议") || text.contains("诉讼") {
        for found in APPEALS_NONE.find_iter(text) {
            let words = found.as_str();
            let rest = rest_of_clause(text, found.end());
            let whole = format!("{words}{rest}");
            let excluded = NOT_NEGATIONS.iter().any(|w| words.starts_with(w))
                || !(topic.appeals_section || NAMES_DISCLOSURE.in_text(&whole))
                || NOT_ALL_APPEALS.in_text(&whole);
            if excluded {
                continue;
            }
            let mut metrics = Vec::new();
            if whole.contains("复议") {
                metrics.push(Metric::Reviews);
            }
            if has_any(&whole, &["诉讼", "起诉", "应诉"]) {
                metrics.push(Metric::Lawsuits);
            }
            // The words run to the last of the two named: 「未发生…行政复议或提起行政诉讼」.
            let end = ["诉讼", "复议"]
                .iter()
                .filter_map(|w| rest.rfind(w).map(|i| i + w.len()))
                .max()
                .map_or(found.end(), |i| found.end() + i);
            out.push(ZeroClaim {
                metrics,
                start: found.start(),
                end,
            });
        }
    }
    if text.contains("规") {
        for found in DOCUMENTS_NONE.find_iter(text) {
            let metric = if found.as_str().contains("规范性文件") {
                Metric::NormativeIssued
            } else {
                Metric::RegulationsIssued
            };
            out.push(ZeroClaim {
                metrics: vec![metric],
                start: found.start(),
                end: found.end(),
            });
        }
    }
    out
}
