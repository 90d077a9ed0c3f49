//! Statements that no fee notice (收费通知) was issued.
//!
//! Only the notice counts: 「未收取信息处理费」 is not a denial, since an applicant who was sent
//! a notice and did not pay (表三 （六）2) paid nothing. 表二's 行政事业性收费 has nothing to do
//! with it either (rules.md B10, trap 1).

use std::sync::LazyLock;

use regex::Regex;

use super::clauses::left_window;
use super::numbers::{Count, Quantity};
use super::zeros::{gap_stops, Denial, Head};

/// A negation, up to ten characters that are not clause punctuation (digits are), then
/// 收费通知. Walked from each negation like the zero claims' denials: `pattern` is the
/// reference the walk is tested against, never compiled outside the tests.
static NO_NOTICE: Denial = Denial {
    heads: &[
        Head::with("未", &[]),
        Head::with("没有", &[]),
        Head::with("无", &[]),
        Head::with("未曾", &[]),
        Head::with("并未", &[]),
        Head::with("均未", &[]),
        Head::with("不曾", &[]),
    ],
    infix: None,
    gap: 10,
    stops: gap_stops(&[',', '。', ';', ':']),
    digits_stop: false,
    targets: &["收费通知"],
    pattern: LazyLock::new(|| {
        Regex::new(r"(?:未|没有|无|未曾|并未|均未|不曾)[^,。;:]{0,10}?收费通知")
            .expect("valid regex")
    }),
};

/// [`NO_NOTICE`], for the zero claims' tests of every denial.
#[cfg(test)]
pub(super) fn no_notice_denial() -> &'static Denial {
    &NO_NOTICE
}

/// The first characters of [`NO_NOTICE`]'s negations: only there can a denial start.
fn may_start_notice_denial(c: char) -> bool {
    matches!(c, '未' | '没' | '无' | '并' | '均' | '不')
}

/// The denials of a notice [`NO_NOTICE`]'s regex finds in `text`, left to right.
fn no_notice(text: &str) -> Vec<(usize, usize)> {
    let starts = text
        .char_indices()
        .filter(|&(_, c)| may_start_notice_denial(c))
        .map(|(at, _)| at);
    NO_NOTICE.walk(text, starts)
}

/// Byte ranges in `text` of statements that no fee notice was issued: 「本年度未发出收费通知」,
/// 「未向申请人发出收费通知」, 「发出收费通知0件」.
pub(super) fn notice_denials(text: &str, counts: &[Count]) -> Vec<(usize, usize)> {
    if !text.contains("收费通知") {
        return Vec::new();
    }
    let mut out = no_notice(text);
    // 「申请人逾期未按收费通知要求缴纳费用」 is 表三's own label, not a denial.
    out.retain(|&(start, end)| {
        !text[start..end].contains("未按") && !text[..start].ends_with("逾期")
    });
    for (index, count) in counts.iter().enumerate() {
        if count.quantity != Quantity::Exact(0) {
            continue;
        }
        let left = left_window(text, counts, index);
        if left.contains("收费通知") && !left.contains("未按") && !left.contains("逾期") {
            out.push((count.start, count.end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of the pattern and what surrounds them, so that random texts hit every
    /// negation, the gap's limit (ten characters) and its stops.
    const PIECES: &[&str] = &[
        "未",
        "未曾",
        "曾",
        "并未",
        "均未",
        "不曾",
        "不",
        "没有",
        "没",
        "无",
        "并",
        "均",
        "有",
        "未按",
        "逾期",
        "发出",
        "向申请人",
        "收费通知",
        "收费",
        "通知",
        "收",
        "信息处理费",
        "，",
        ",",
        "。",
        ";",
        ":",
        "；",
        "、",
        "0",
        "1",
        "٣",
        "件",
        "a",
        " ",
        "\n",
        "𠀀",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn the_walk_finds_what_the_regex_finds(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..30)
        ) {
            let text = pieces.concat();
            prop_assert_eq!(no_notice(&text), NO_NOTICE.by_regex(&text), "{}", text);
        }
    }

    #[test]
    fn the_walk_finds_what_the_regex_finds_in_report_sentences() {
        for text in [
            "本年度未收取信息处理费，未发出收费通知。",
            "本年度未发出收费通知",
            "未向申请人发出收费通知",
            "发出收费通知0件",
            "本年度向申请人发出收费通知1件，申请人逾期未按收费通知要求缴纳费用。",
            "未曾向2名申请人发出收费通知",
            "无需向申请人发出任何形式的收费通知",
            "并未向申请人发出过任何一份收费通知,也不曾收费",
            "均未发出收费通知;不曾发出收费通知",
            "没有因为申请数量或者频次明显超过合理范围而发出收费通知",
        ] {
            assert_eq!(no_notice(text), NO_NOTICE.by_regex(text), "{text}");
        }
        // The gap holds ten characters at most, and digits do not stop it.
        assert_eq!(no_notice("未0123456789收费通知"), [(0, 25)]);
        assert!(no_notice("未01234567890收费通知").is_empty());
        assert!(no_notice("未发出,收费通知").is_empty());
    }

    #[test]
    fn every_denial_starts_where_the_walk_looks() {
        for head in NO_NOTICE.heads {
            let first = head.negation.chars().next();
            assert!(first.is_some_and(may_start_notice_denial));
        }
    }
}
