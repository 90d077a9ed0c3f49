//! The signature or publication date: a line that is nothing but a date near the end (under the
//! agency's name, or after it on the same line), or a labelled date (「发布日期：…」) near the top
//! or the end. A date inside a sentence is never the signature.

use crate::report::dates::{
    find_dates, find_numeric_date, is_date_line, DateMatch, DateMention, WrappedLine,
};
use crate::report::front::{is_han, DateKind, Signatory, SignatureBlock, Span, AGENCY_ENDINGS};
use crate::report::{blank_artifacts, Artifact, Section};
use crate::text::{Document, Line};

use super::title::compact;

/// How many non-blank lines from the end a signature is looked for in.
const TAIL_LINES: usize = 8;
/// How many non-blank lines from the top a publication date is looked for in.
const HEAD_LINES: usize = 15;
/// The longest agency name before a date on the same line.
const MAX_NAME_CHARS: usize = 30;

/// Labels of a publication date printed by publishing platforms or in the document's header.
const LABELS: [&str; 9] = [
    "发布日期",
    "公开日期",
    "印发日期",
    "成文日期",
    "发文日期",
    "发布时间",
    "公开时间",
    "印发时间",
    "成文时间",
];

/// The signature or publication date, and which of the two it is.
pub fn find(doc: &Document, sections: &[Section]) -> Option<(DateMention, DateKind)> {
    let first_heading = sections.iter().map(|s| s.heading.line).min();
    let tail: Vec<Line<'_>> = doc
        .lines()
        .rev()
        .filter(|l| !l.is_blank())
        .take(TAIL_LINES)
        .collect();
    let head: Vec<Line<'_>> = doc
        .lines()
        .take_while(|l| first_heading.is_none_or(|h| l.no < h))
        .filter(|l| !l.is_blank())
        .take(HEAD_LINES)
        .collect();
    let signed = |d| (d, DateKind::Signature);
    // A signature date cut by a line break (「2024」 + 「年1月11日」) is read as one.
    let wrapped = || {
        tail.windows(2).find_map(|pair| {
            let joined = WrappedLine::join(&pair[1], &pair[0])?;
            standalone(&joined.line(), true).map(|d| joined.place(d))
        })
    };
    tail.iter()
        .find_map(|l| standalone(l, true))
        .or_else(wrapped)
        .map(signed)
        .or_else(|| {
            tail.iter()
                .chain(&head)
                .find_map(labelled)
                .map(|d| (d, DateKind::Publication))
        })
        .or_else(|| head.iter().find_map(|l| standalone(l, false)).map(signed))
        .or_else(|| tail.first().and_then(run_on).map(signed))
}

/// The longest line that can hold only a closing; a longer last line is collapsed text.
const RUN_ON_MIN_CHARS: usize = 200;

/// In whitespace-collapsed text (a crawler's dump, the report on one line) the signature runs
/// on after the last sentence: 「…收取信息处理费0元。 某县司法局 2024年1月15日」. Read only when
/// the text ends with a full date after an agency's name that stands apart from the sentence.
fn run_on(line: &Line<'_>) -> Option<DateMention> {
    let folded = line.folded.trim_end();
    if !crate::text::more_chars_than(folded, RUN_ON_MIN_CHARS) {
        return None;
    }
    let date = find_dates(folded).pop()?;
    if date.year.is_none() || date.month.is_none() || date.day.is_none() {
        return None;
    }
    if !folded[date.end..]
        .trim_matches(|c: char| c.is_whitespace() || "。.)）".contains(c))
        .is_empty()
    {
        return None;
    }
    let before = folded[..date.start].trim_end();
    let name_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_han(*c))
        .last()
        .map(|(i, _)| i)?;
    let name = &before[name_start..];
    let sentence = before[..name_start].trim_end();
    let stands_apart = before[..name_start].ends_with(char::is_whitespace)
        && sentence.ends_with(['。', '!', '！']);
    (stands_apart
        && !crate::text::more_chars_than(name, MAX_NAME_CHARS)
        && AGENCY_ENDINGS.iter().any(|e| name.ends_with(e)))
    .then(|| DateMention::from_match(line, &date))
}

/// A line that is only a date, perhaps in brackets, perhaps after the agency's name when
/// `after_name` allows it: 「2024年1月11日」, 「（二〇二四年一月十一日）」,
/// 「乌拉特中旗司法局 2024年1月11日」.
fn standalone(line: &Line<'_>, after_name: bool) -> Option<DateMention> {
    let (date, before, after) = only_date(line)?;
    let after = after.trim_matches(|c: char| c.is_whitespace() || "。.)）]】".contains(c));
    if !after.is_empty() {
        return None;
    }
    let before = before.trim_matches(|c: char| c.is_whitespace() || "(（[【".contains(c));
    let before = before.trim_end_matches([':', '：']).trim_end();
    let is_name = || {
        after_name
            && before.chars().count() <= MAX_NAME_CHARS
            && before.chars().all(|c| is_han(c) || c.is_whitespace())
    };
    if before.is_empty() || ["日期", "时间", "落款日期"].contains(&before) || is_name() {
        Some(DateMention::from_match(line, &date))
    } else {
        None
    }
}

/// The one date of a line (year and month at least), with the text before and after it.
fn only_date<'a>(line: &Line<'a>) -> Option<(DateMatch, &'a str, &'a str)> {
    let folded = line.folded;
    let mut dates = find_dates(folded);
    if dates.is_empty() {
        dates.extend(find_numeric_date(folded));
    }
    let [date] = dates.as_slice() else {
        return None;
    };
    if date.year.is_none() || date.month.is_none() {
        return None;
    }
    let before = folded.get(..date.start)?;
    let after = folded.get(date.end..)?;
    Some((date.clone(), before, after))
}

/// A date right after a publication label: 「发布日期：2024-01-15」, 「印发日期 2024年1月15日」.
fn labelled(line: &Line<'_>) -> Option<DateMention> {
    let folded = line.folded;
    if !folded.contains("日期") && !folded.contains("时间") {
        return None;
    }
    LABELS.iter().find_map(|label| {
        let at = folded.find(label)? + label.len();
        let rest = &folded[at..];
        let skipped = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '：')
                .len();
        let from = at + skipped;
        let tail = &folded[from..];
        let date = find_dates(tail)
            .into_iter()
            .next()
            .filter(|d| d.start == 0)
            .or_else(|| find_numeric_date(tail).filter(|d| d.start == 0))
            .filter(|d| d.year.is_some() && d.month.is_some())?;
        Some(DateMention::from_match(
            line,
            &DateMatch {
                start: date.start + from,
                end: date.end + from,
                ..date
            },
        ))
    })
}

/// The signing agency's line above the date is short and is not a sentence.
const MAX_SIGNATORY_CHARS: usize = 30;
/// The most lines a signing agency's name takes (an office under its government, two bodies
/// signing together).
const MAX_SIGNATORY_LINES: usize = 3;

/// Whether a folded, trimmed line is the closing date: a line that is only a date, or the
/// short line the signature date was read from (「日期：2024年1月20日」).
fn is_signature_date(signature: Option<&DateMention>, line: u32, folded: &str) -> bool {
    is_date_line(folded)
        || (!crate::text::more_chars_than(folded, MAX_SIGNATORY_CHARS)
            && signature.is_some_and(|s| s.line == line))
}

/// Whether a folded, trimmed line can be the signing agency's name above the date: short, and
/// without sentence punctuation.
fn is_signatory_line(folded: &str) -> bool {
    !folded.is_empty()
        && !crate::text::more_chars_than(folded, MAX_SIGNATORY_CHARS)
        && !folded.contains(['。', '，', ',', '；', ';', '：', ':', '\t'])
}

/// The signature block the text ends with: the closing date, and the signatory lines above it
/// (the short line right above the date whatever it ends with, then agencies' names); without
/// a date, the agencies' names the text ends with. Conversion leftovers (page footers, tags)
/// are read through.
pub fn closing(
    doc: &Document,
    artifacts: &[Artifact],
    signature: Option<&DateMention>,
) -> Option<SignatureBlock> {
    let visible = |line: &Line<'_>| {
        let on_line: Vec<&Artifact> = artifacts.iter().filter(|a| a.line == line.no).collect();
        blank_artifacts(line.folded, &on_line).trim().to_string()
    };
    let mut lines = doc
        .lines()
        .rev()
        .filter(|l| !l.is_blank())
        .map(|l| (l.no, visible(&l)))
        .filter(|(_, text)| !text.is_empty());
    let (last, text) = lines.next()?;
    let mut block = SignatureBlock::default();
    let mut above = if is_signature_date(signature, last, &text) {
        block.date_line = Some(last);
        lines.next()
    } else {
        Some((last, text))
    };
    let mut right_above_date = block.date_line.is_some();
    while let Some((no, text)) = above {
        let agency = AGENCY_ENDINGS.iter().any(|e| text.ends_with(e));
        if !is_signatory_line(&text) || !(agency || right_above_date) {
            break;
        }
        block.signatory_lines.insert(0, no);
        right_above_date = false;
        if block.signatory_lines.len() == MAX_SIGNATORY_LINES {
            break;
        }
        above = lines.next();
    }
    (block.date_line.is_some() || !block.signatory_lines.is_empty()).then_some(block)
}

/// The agency's name over a signature date: the text before the date on its line, or the line
/// above it (within two lines), when that is a short name without punctuation.
pub fn signatory(doc: &Document, signature: &DateMention) -> Option<Signatory> {
    let line = doc.line(signature.line)?;
    let before = line.raw_chars(0, signature.column.saturating_sub(1) as usize);
    if let Some(found) = name_in(&line, before) {
        return Some(found);
    }
    let above = doc
        .lines_in(
            signature.line.saturating_sub(2),
            signature.line.saturating_sub(1),
        )
        .filter(|l| !l.is_blank())
        .last()?;
    name_in(&above, above.raw)
}

/// The name in a line's leading text `part` (a prefix of its raw text), if it is one.
fn name_in(line: &Line<'_>, part: &str) -> Option<Signatory> {
    let part_chars = part.chars().count();
    // The folded text has the raw text's characters: its prefix of as many is read in place.
    let folded = match line.folded.char_indices().nth(part_chars) {
        Some((end, _)) => &line.folded[..end],
        None => line.folded,
    };
    let name = compact(folded);
    let is_name = (2..=MAX_NAME_CHARS).contains(&name.chars().count())
        && name.chars().all(is_han)
        && !name.contains("日期")
        && !name.contains("时间");
    if !is_name {
        return None;
    }
    let lead = folded.chars().take_while(|c| c.is_whitespace()).count() as u32;
    let trail = folded
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count() as u32;
    Some(Signatory {
        span: Span {
            line: line.no,
            column: lead + 1,
            len: part_chars as u32 - lead - trail,
        },
        name: name.into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsed_text_ends_with_its_signature() {
        let body = "本年度认真落实上级年度政务公开工作要点，各项任务均已按要求完成。".repeat(8);
        let text =
            format!("某县审计局2023年政府信息公开工作年度报告 {body} 某县审计局 2024年1月23日");
        let (date, kind) = find(&Document::new(&text), &[]).expect("signature");
        assert_eq!(kind, DateKind::Signature);
        assert_eq!(
            (date.year, date.month, date.day),
            (Some(2024), Some(1), Some(23))
        );
        // A date that ends a sentence, or a name run into the sentence, is not a signature.
        for end in ["截至2024年1月23日", "。某县审计局 2024年1月23日"] {
            let text = format!("某县审计局2023年政府信息公开工作年度报告 {body}{end}");
            assert!(find(&Document::new(&text), &[]).is_none(), "{end}");
        }
    }
}
