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

pub(super) fn placeholders(line: &Line<'_>, findings: &mut Findings<'_>) {
    if !line.folded.contains(['X', 'x', '×', '_', '【', '(', '（']) {
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
