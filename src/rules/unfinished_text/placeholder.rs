//! Placeholders of the template left in the text: `XX`, `××`, `＿＿`, `X月X日`, `（单位名称）`.

use std::sync::LazyLock;

use regex::Regex;

use super::Unfinished;
use crate::flag::Location;
use crate::rules::{Finding, Findings};
use crate::text::Line;

/// Placeholders, in folded text. A match next to an ASCII letter is part of a word or URL.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[X×]{2,}|[Xx×]\s*[年月日号件条个次篇项]|_{2,}|【\s*】|\(\s+\)|\((?:单位名称|机关名称|部门名称|[^()]{0,10}填写[^()]{0,20}|此处[^()]{0,20}|待[补填定][^()]{0,10})\)",
    )
    .expect("valid regex")
});

/// Whether a line may hold a placeholder: every match of [`PLACEHOLDER`] holds X, x, ×, _ or
/// 【, or opens with `(` followed by a space or by a bracketed word's mark (名称, 填写, 此处,
/// 待). One pass over the line's bytes finds the ASCII marks and ×'s first byte, so the regex
/// runs only where it can match (most lines have a bracket, few a placeholder).
fn may_hold_placeholder(folded: &str) -> bool {
    let bytes = folded.as_bytes();
    // Chunks folded without an early exit compile to vector compares.
    let (mut mark, mut bracket) = (false, false);
    for chunk in bytes.chunks(32) {
        let (m, b) = chunk.iter().fold((false, false), |(m, b), &c| {
            (
                m | (c == b'X') | (c == b'x') | (c == b'_') | (c == "×".as_bytes()[0]),
                b | (c == b'('),
            )
        });
        mark |= m;
        bracket |= b;
    }
    if mark || memchr::memmem::find(bytes, "【".as_bytes()).is_some() {
        return true;
    }
    bracket && memchr::memchr_iter(b'(', bytes).any(|at| may_open_placeholder(&folded[at + 1..]))
}

/// Whether the text after a `(` may be the rest of a bracketed placeholder: a space, or one of
/// the placeholders' words where the pattern allows it (名称 and 此处 and 待 right after the
/// bracket, 填写 within its first eleven characters). A bounded look at each bracket rather
/// than searches of the whole line for the words.
fn may_open_placeholder(after: &str) -> bool {
    if after.starts_with(char::is_whitespace)
        || ["单位名称", "机关名称", "部门名称", "此处", "待"]
            .iter()
            .any(|word| after.starts_with(word))
    {
        return true;
    }
    for (k, (at, c)) in after.char_indices().enumerate() {
        if k > 10 || c == '(' || c == ')' {
            break;
        }
        if after[at..].starts_with("填写") {
            return true;
        }
    }
    false
}

pub(super) fn placeholders(line: &Line<'_>, findings: &mut Findings<'_>) {
    if !may_hold_placeholder(line.folded) {
        return;
    }
    for found in PLACEHOLDER.find_iter(line.folded) {
        let before = line.folded[..found.start()].chars().next_back();
        let after = line.folded[found.end()..].chars().next();
        let ends_in_letter = found.as_str().ends_with(|c: char| c.is_ascii_alphabetic());
        if before.is_some_and(|c| c.is_ascii_alphabetic())
            || (ends_in_letter && after.is_some_and(|c| c.is_ascii_alphabetic()))
        {
            continue;
        }
        let column = line.column_of(found.start());
        let len = found.as_str().chars().count();
        let written = line.raw_chars(column as usize - 1, len).to_string();
        findings.report(
            Finding::typed(
                Location::span(line.no, column, len as u32),
                Unfinished::Placeholder {
                    written: written.clone(),
                },
            )
            .evidence("placeholder", written.clone())
            .key("placeholder")
            .key(written),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{may_hold_placeholder, PLACEHOLDER};

    #[test]
    fn the_quick_test_passes_every_line_the_regex_matches() {
        for line in [
            "XX局",
            "x月",
            "××县",
            "填报人：__",
            "【 】",
            "( )",
            "(单位名称)",
            "(请在此处填写)",
            "(一)(请填写)",
            "(一二三四五六七八九十填写)",
            "(此处插入图表)",
            "(待补充)",
        ] {
            assert!(PLACEHOLDER.is_match(line), "{line}");
            assert!(may_hold_placeholder(line), "{line}");
        }
        // Brackets without a placeholder's words, and text without brackets, are skipped.
        for line in [
            "(一)予以公开",
            "本机关(单位)",
            "2023年共收到申请5件。",
            "(一)单位名称变更",
            "(一二三四五六七八九十一填写)",
        ] {
            assert!(!may_hold_placeholder(line), "{line}");
            assert!(!PLACEHOLDER.is_match(line), "{line}");
        }
    }
}
