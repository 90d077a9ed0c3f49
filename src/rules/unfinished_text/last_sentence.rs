//! The end of the document: the last paragraph above the signature ends as a sentence ends.

use std::sync::LazyLock;

use regex::Regex;

use super::{tail, Para, Tail, Unfinished, SENTENCE_END};
use crate::flag::Location;
use crate::report::sections::sub_item_numeral;
use crate::report::{Artifact, Report};
use crate::rules::{Finding, Findings};
use crate::text::Line;

/// Closing brackets and quotes: a line ending in one is a title, a note or a quotation.
const CLOSERS: &[char] = &[
    ')', '）', ']', '】', '〕', '」', '』', '"', '”', '’', '\'', '》', '>', '〉',
];

/// A title line is short.
const MAX_TITLE_CHARS: usize = 12;

static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[一二三四五六七八九十]{1,3}\s*[、.,，]|\d{1,2}\s*[、.)]|\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[,，、]?|[●•·■◆▪-])",
    )
    .expect("valid regex")
});

static URL_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:https?://\S+|www\.\S+|\S+\.(?:cn|com|net|org)(?:/\S*)?|\S+@\S+)$")
        .expect("valid regex")
});

static NUMBERS_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\d\s.,%\-/]+$").expect("valid regex"));

/// The line of the last paragraph of the document, above a closing signature and date. None
/// when the document ends with a table.
pub(super) fn last_paragraph(report: &Report) -> Option<u32> {
    let visible =
        |line: &Line<'_>| Para::new(*line, on_line(&report.artifacts, line.no)).is_visible();
    let mut lines = report
        .doc
        .lines()
        .rev()
        .filter(|l| !l.is_blank() && visible(l));
    let mut line = lines.next()?;
    // The signature block is not the text: the paragraph judged is the one above it.
    if let Some(block) = report
        .closing
        .as_ref()
        .filter(|b| b.date_line == Some(line.no))
    {
        line = lines.next()?;
        while block.contains(line.no) {
            line = lines.next()?;
        }
    }
    (!report.is_table_line(line.no)).then_some(line.no)
}

/// The artifacts on line `no`, out of all of them in line order.
fn on_line(artifacts: &[Artifact], no: u32) -> &[Artifact] {
    let start = artifacts.partition_point(|a| a.line < no);
    let len = artifacts[start..].partition_point(|a| a.line == no);
    &artifacts[start..start + len]
}

/// Whether the last paragraph ends as a finished text may: a sentence, or a line that is not
/// a sentence (heading, title, list item, URL, label, signature).
pub(super) fn ends_finished(report: &Report, para: &Para<'_>) -> bool {
    let text = para.text.trim();
    let Some(last) = text.chars().last() else {
        return true;
    };
    SENTENCE_END.contains(&last)
        || CLOSERS.contains(&last)
        || matches!(last, ':' | '：')
        || report
            .sections
            .iter()
            .any(|s| s.heading.line == para.line.no)
        || (is_title(text) && (sub_item_numeral(text).is_some() || LIST_MARKER.is_match(text)))
        || (is_title(text) && !crate::text::more_chars_than(text, MAX_TITLE_CHARS))
        || report
            .closing
            .as_ref()
            .is_some_and(|b| b.signatory_lines.contains(&para.line.no))
        || URL_END.is_match(text)
        || NUMBERS_ONLY.is_match(text)
}

/// A title is not a sentence: a list item or sub-item made of a title alone (「1、信息来源方面」)
/// has no comma or full stop; one that does is a sentence and must end like one.
fn is_title(text: &str) -> bool {
    !text.contains(['，', ',', '。'])
}

pub(super) fn cut_sentence(para: &Para<'_>, findings: &mut Findings<'_>) {
    let Tail { column, len, text } = tail(para);
    findings.report(
        Finding::typed(
            Location::span(para.line.no, column, len),
            Unfinished::CutSentence { tail: text.clone() },
        )
        .evidence("text", text.clone())
        .key("end")
        .key(text),
    );
}
