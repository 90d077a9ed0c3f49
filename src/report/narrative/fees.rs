//! Statements that no fee notice (收费通知) was issued.
//!
//! Only the notice counts: 「未收取信息处理费」 is not a denial, since an applicant who was sent
//! a notice and did not pay (表三 （六）2) paid nothing. 表二's 行政事业性收费 has nothing to do
//! with it either (rules.md B10, trap 1).

use std::sync::LazyLock;

use regex::Regex;

use super::numbers::{Count, Quantity};
use super::windows;

static NO_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:未|没有|无|未曾|并未|均未|不曾)[^,。;:]{0,10}?收费通知").expect("valid regex")
});

/// Byte ranges in `text` of statements that no fee notice was issued: 「本年度未发出收费通知」,
/// 「未向申请人发出收费通知」, 「发出收费通知0件」.
pub(super) fn notice_denials(text: &str, counts: &[Count]) -> Vec<(usize, usize)> {
    if !text.contains("收费通知") {
        return Vec::new();
    }
    let mut out: Vec<(usize, usize)> = NO_NOTICE
        .find_iter(text)
        // 「申请人逾期未按收费通知要求缴纳费用」 is 表三's own label, not a denial.
        .filter(|m| !m.as_str().contains("未按") && !text[..m.start()].ends_with("逾期"))
        .map(|m| (m.start(), m.end()))
        .collect();
    for (index, count) in counts.iter().enumerate() {
        if count.quantity != Quantity::Exact(0) {
            continue;
        }
        let (left, _) = windows(text, counts, index);
        if left.contains("收费通知") && !left.contains("未按") && !left.contains("逾期") {
            out.push((count.start, count.end));
        }
    }
    out
}
