//! Placeholders of the template left in the text: `XX`, `××`, `＿＿`, `X月X日`, `（单位名称）`.

use std::sync::LazyLock;

use regex::Regex;

use super::Unfinished;
use crate::flag::Location;
use crate::rules::shared::{utf8_len, Needle, Needles};
use crate::rules::{Finding, Findings};
use crate::text::{Document, Line};

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
                m | (c == b'X') | (c == b'x') | (c == b'_') | (c == TIMES_LEAD),
                b | (c == b'('),
            )
        });
        mark |= m;
        bracket |= b;
    }
    if mark || memchr::memmem::find(bytes, "【".as_bytes()).is_some() {
        return true;
    }
    bracket && may_hold_bracketed(folded)
}

/// Whether the text after a `(` may be the rest of a bracketed placeholder: a space, or one of
/// the placeholders' words where the pattern allows it (名称 and 此处 and 待 right after the
/// bracket, 填写 within its first eleven characters). A bounded look at each bracket rather
/// than searches of the whole line for the words.
fn may_open_placeholder(after: &str) -> bool {
    let bytes = after.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    // The words open with 单, 机, 部, 此 or 待, and a space with an ASCII byte or one of a few
    // lead bytes: the first character is decoded only when it may be either.
    if (first.is_ascii() && (first as char).is_whitespace())
        || (!first.is_ascii()
            && after.starts_with(|c: char| {
                c.is_whitespace() || matches!(c, '单' | '机' | '部' | '此' | '待')
            })
            && (after.starts_with(char::is_whitespace)
                || OPENING_WORDS.iter().any(|word| after.starts_with(word))))
    {
        return true;
    }
    // 填写 within the first eleven characters, before any bracket: the characters are stepped
    // over by their lead bytes (brackets are ASCII in folded text).
    let mut at = 0;
    for _ in 0..=10 {
        let Some(&b) = bytes.get(at) else {
            break;
        };
        if b == b'(' || b == b')' {
            break;
        }
        if b == FILL[0] && bytes[at..].starts_with(FILL) {
            return true;
        }
        at += utf8_len(b);
    }
    false
}

/// The words a bracketed placeholder may open with.
const OPENING_WORDS: [&str; 5] = ["单位名称", "机关名称", "部门名称", "此处", "待"];

/// 「填写」's bytes.
const FILL: &[u8] = "填写".as_bytes();

/// The first byte of ×, the only character of a placeholder outside ASCII but 【.
const TIMES_LEAD: u8 = "×".as_bytes()[0];

/// Whether the text holds a mark of a placeholder other than a bracket: X, x, _, ×'s first
/// byte or 【 (told by the rules' shared pass over the text, `needles`).
fn holds_mark(text: &[u8], needles: &Needles) -> bool {
    memchr::memchr3(b'X', b'x', b'_', text).is_some()
        || memchr::memchr(TIMES_LEAD, text).is_some()
        || needles.holds(Needle::Lenticular)
}

/// Whether a line may hold a bracketed placeholder: a `(` that may open one.
fn may_hold_bracketed(folded: &str) -> bool {
    memchr::memchr_iter(b'(', folded.as_bytes()).any(|at| may_open_placeholder(&folded[at + 1..]))
}

/// The quick test of one report's lines, told once whether the report holds any mark of a
/// placeholder but a bracket: most hold none (two byte searches of the whole folded text and
/// the rules' shared pass for 【 say so), and then a line may hold one only after a `(` ([`may_hold_bracketed`]), so the pass
/// over every line's bytes and the search for 【 in each are not made.
#[derive(Debug, Clone, Copy)]
pub(super) struct Quick {
    marks: bool,
}

impl Quick {
    pub(super) fn of(doc: &Document, needles: &Needles) -> Quick {
        Quick {
            marks: holds_mark(doc.folded().as_bytes(), needles),
        }
    }

    /// [`may_hold_placeholder`], for a line of the report.
    pub(super) fn may_hold(self, folded: &str) -> bool {
        if self.marks {
            may_hold_placeholder(folded)
        } else {
            may_hold_bracketed(folded)
        }
    }
}

/// The placeholders on a line that may hold one ([`Quick::may_hold`], asked by the caller).
pub(super) fn placeholders(line: &Line<'_>, findings: &mut Findings<'_>) {
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
    use proptest::prelude::*;

    use super::{may_hold_placeholder, Quick, PLACEHOLDER};
    use crate::rules::shared::Needles;
    use crate::text::Document;

    /// The report's quick test answers as the line's quick test on every line.
    fn quick_is_the_line_test(text: &str) {
        let doc = Document::new(text);
        let quick = Quick::of(&doc, &Needles::of(doc.folded()));
        for line in doc.lines() {
            assert_eq!(
                quick.may_hold(line.folded),
                may_hold_placeholder(line.folded),
                "line {} of {text:?}",
                line.no
            );
        }
    }

    /// The look after a bracket by characters (the reading before the byte steps): the
    /// reference of [`super::may_open_placeholder`].
    fn may_open_by_chars(after: &str) -> bool {
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

    #[test]
    fn the_look_after_a_bracket_reads_as_by_characters() {
        for after in [
            "",
            " ",
            "\u{3000}",
            "单位名称)",
            "单位)",
            "此处填",
            "待定)",
            "请填写)",
            "一二三四五六七八九十填写",
            "一二三四五六七八九十一填写",
            "一(填写",
            "é填写",
            "\u{a0}x",
        ] {
            assert_eq!(
                super::may_open_placeholder(after),
                may_open_by_chars(after),
                "{after:?}"
            );
        }
    }

    #[test]
    fn the_report_test_is_the_line_test_with_and_without_marks() {
        let plain = "(一)予以公开\n本机关(单位)\n(单位名称)\n( )\n(请填写)\n完(";
        let quick = |text: &str| {
            let doc = Document::new(text);
            Quick::of(&doc, &Needles::of(doc.folded()))
        };
        assert!(!quick(plain).marks);
        quick_is_the_line_test(plain);
        for mark in ["X", "x", "_", "×", "【", "＿"] {
            let text = format!("{plain}\n{mark}");
            assert!(quick(&text).marks, "{mark}");
            quick_is_the_line_test(&text);
        }
    }

    proptest! {
        #[test]
        fn the_report_test_is_the_line_test(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("X"), Just("x"), Just("×"), Just("_"), Just("＿"), Just("【"), Just("】"),
                    Just("("), Just("（"), Just(")"), Just(" "), Just("\n"), Just("\r\n"),
                    Just("单位名称"), Just("填写"), Just("此处"), Just("待"), Just("年"),
                    Just("政府"), Just("1"), Just("\t"),
                ],
                0..40,
            )
        ) {
            quick_is_the_line_test(&parts.concat());
        }

        #[test]
        fn the_look_after_a_bracket_is_the_reading_by_characters(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("单位名称"), Just("单位"), Just("机关名称"), Just("部门名称"), Just("此处"),
                    Just("待"), Just("填写"), Just("填"), Just("写"), Just("("), Just(")"),
                    Just(" "), Just("\u{3000}"), Just("\u{a0}"), Just("\t"), Just("政府"), Just("1"),
                    Just("é"), Just("😀"),
                ],
                0..16,
            )
        ) {
            let after = parts.concat();
            prop_assert_eq!(super::may_open_placeholder(&after), may_open_by_chars(&after));
        }
    }

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
