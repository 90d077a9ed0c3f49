//! What the preamble says about the report when it has no title line, or one without the
//! agency or the year: the report's name in a sentence (「现公布《漳州市司法局2023年政府信息公开
//! 工作年度报告》」, 「现向社会公布沭阳县发展和改革局2023年度政府信息公开年度报告」) and who
//! compiled it (「本报告由临沂市司法局编制」).

use crate::report::front::{is_full_agency_name, is_han, Span};
use crate::report::Section;
use crate::text::{Document, Line};

use super::chrome;
use super::title::{agency_end_without_year, name_and_year, year_in, Named, Placed};

/// How many non-blank lines from the top the preamble is read in.
const PREAMBLE_LINES: usize = 30;
/// The longest agency name read from a sentence.
const MAX_NAME_CHARS: usize = 30;

/// The report's name as a sentence writes it.
const MARKS: [&str; 2] = ["年度报告", "年报"];

/// Verbs that introduce the report's name in a sentence; the name starts after the last one.
const INTRODUCERS: [&str; 8] = [
    "公布", "发布", "印发", "编制", "现将", "报送", "提交", "形成",
];

/// Words that end the name of the body that compiled the report (「由淮安市人民政府办公室根据
/// 《条例》规定编制」).
const COMPILED_ENDS: [&str; 9] = [
    "根据", "依据", "按照", "依照", "负责", "编制", "编写", "制作", "发布",
];

/// The general offices that compile their government's report, after 「人民政府」.
const GOVERNMENT_OFFICES: [&str; 2] = ["办公室", "办公厅"];

/// The lines of the preamble: before the first heading, without page chrome.
pub fn lines<'a>(doc: &'a Document, sections: &[Section]) -> Vec<Line<'a>> {
    let first_heading = sections.iter().map(|s| s.heading.line).min();
    doc.lines()
        .take_while(|l| first_heading.is_none_or(|h| l.no < h))
        .filter(|l| !l.is_blank() && !chrome::is_chrome(l.folded))
        .take(PREAMBLE_LINES)
        .collect()
}

/// The report's name written in a sentence of the preamble, with the agency and year it
/// states, and the line it is on.
pub fn named_report(lines: &[Line<'_>]) -> Option<(Named, u32)> {
    lines.iter().find_map(|line| {
        let chars: Vec<char> = line.folded.chars().collect();
        MARKS.iter().find_map(|mark| {
            let mark: Vec<char> = mark.chars().collect();
            (0..chars.len())
                .filter(|&i| chars[i..].starts_with(&mark))
                .find_map(|at| named_at(line, &chars, at, at + mark.len()))
                .map(|named| (named, line.no))
        })
    })
}

/// The report's name ending at `end` (after its mark), read backwards to the start of its
/// phrase; `None` when the mark is part of a longer name (「年度报告格式」, 「年度报告制度」) or
/// the phrase states neither a full agency name nor a year.
fn named_at(line: &Line<'_>, chars: &[char], start: usize, end: usize) -> Option<Named> {
    if chars.get(end).is_some_and(|c| is_han(*c)) {
        return None;
    }
    let mut from = start;
    while from > 0 && is_phrase_char(chars[from - 1]) {
        from -= 1;
    }
    let mut placed: Vec<Placed> = (from..end)
        .filter(|&i| !chars[i].is_whitespace())
        .map(|i| Placed {
            c: chars[i],
            line: line.no,
            column: i as u32 + 1,
        })
        .collect();
    // The introducing verb is looked for only where the agency can be: before the year, or
    // before the report's subject (「政府信息公开」).
    let compact: Vec<char> = placed.iter().map(|p| p.c).collect();
    let head_end = year_in(&compact).map_or_else(|| agency_end_without_year(&compact), |y| y.0);
    let text: String = compact[..head_end].iter().collect();
    if let Some(cut) = INTRODUCERS
        .iter()
        .filter_map(|v| {
            text.rfind(v)
                .map(|b| text[..b].chars().count() + v.chars().count())
        })
        .max()
    {
        placed.drain(..cut.min(placed.len()));
    }
    let named = name_and_year(&placed, std::slice::from_ref(line));
    let full = named.agency.as_deref().is_some_and(is_agency_name);
    (full || named.year.is_some()).then_some(Named {
        agency: named.agency.filter(|a| is_agency_name(a)),
        agency_span: if full { named.agency_span } else { None },
        year: named.year,
    })
}

/// What a report's name in a sentence is written in: ideographs, digits of the year, spaces.
fn is_phrase_char(c: char) -> bool {
    is_han(c) || c.is_ascii_digit() || c.is_whitespace() || matches!(c, '〇' | '○')
}

/// The body that compiled the report: 「本报告由临沂市司法局编制」.
pub fn compiled_by(lines: &[Line<'_>]) -> Option<(String, Span)> {
    lines.iter().find_map(|line| {
        let folded = line.folded;
        if !folded.contains("报告由") {
            return None;
        }
        let at = folded.find("报告由")? + "报告由".len();
        let rest = &folded[at..];
        let end = COMPILED_ENDS.iter().filter_map(|w| rest.find(w)).min()?;
        let mut name: String = rest[..end].chars().filter(|c| !c.is_whitespace()).collect();
        if !is_agency_name(&name) {
            return None;
        }
        // A government's own report is compiled by its general office (条例第三条: the
        // competent department for disclosure): 「本报告由淮安市人民政府办公室编制」 is
        // 淮安市人民政府's report.
        for office in GOVERNMENT_OFFICES {
            if let Some(government) = name.strip_suffix(office) {
                if government.ends_with("人民政府") && is_agency_name(government) {
                    name = government.to_string();
                }
                break;
            }
        }
        let column = line.column_of(at);
        Some((
            name,
            Span {
                line: line.no,
                column,
                len: rest[..end].chars().count() as u32,
            },
        ))
    })
}

/// A full agency name of ideographs, short enough to be a name and not a phrase.
pub fn is_agency_name(name: &str) -> bool {
    let count = name.chars().count();
    (2..=MAX_NAME_CHARS).contains(&count)
        && name.chars().all(|c| is_han(c) || "()（）".contains(c))
        && is_full_agency_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preamble(text: &str) -> Document {
        Document::new(text)
    }

    #[test]
    fn the_report_named_in_a_sentence() {
        let doc = preamble(
            "根据《中华人民共和国政府信息公开条例》规定，现公布《漳州市司法局2023年政府信息公开工作年度报告》。",
        );
        let lines: Vec<_> = doc.lines().collect();
        let (named, line) = named_report(&lines).expect("named");
        assert_eq!(named.agency.as_deref(), Some("漳州市司法局"));
        assert_eq!(named.year, Some(2023));
        assert_eq!(line, 1);
        let doc = preamble("现向社会公布沭阳县发展和改革局2023年度政府信息公开年度报告。");
        let lines: Vec<_> = doc.lines().collect();
        let (named, _) = named_report(&lines).expect("named");
        assert_eq!(named.agency.as_deref(), Some("沭阳县发展和改革局"));
        assert_eq!(named.year, Some(2023));
    }

    #[test]
    fn the_template_and_other_documents_are_not_the_report() {
        for text in [
            "《国务院办公厅政府信息与政务公开办公室关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》",
            "《内蒙古自治区政府信息公开工作年度报告制度》和《巴彦淖尔市政府信息公开工作年度报告制度》",
            "全面梳理年度报告。",
        ] {
            let doc = preamble(text);
            let lines: Vec<_> = doc.lines().collect();
            assert!(named_report(&lines).is_none(), "{text}");
        }
    }

    #[test]
    fn the_body_that_compiled_the_report() {
        let doc = preamble("本报告由临沂市司法局编制，内容包括总体情况。");
        let lines: Vec<_> = doc.lines().collect();
        let (name, span) = compiled_by(&lines).expect("compiled");
        assert_eq!(name, "临沂市司法局");
        assert_eq!((span.line, span.column, span.len), (1, 5, 6));
        let doc = preamble("本报告由淮安市人民政府办公室根据《条例》规定编制。");
        let lines: Vec<_> = doc.lines().collect();
        assert_eq!(
            compiled_by(&lines).map(|c| c.0).as_deref(),
            Some("淮安市人民政府")
        );
        let doc = preamble("本报告由淮安市司法局办公室编制。");
        let lines: Vec<_> = doc.lines().collect();
        assert_eq!(
            compiled_by(&lines).map(|c| c.0).as_deref(),
            Some("淮安市司法局办公室")
        );
        let doc = preamble("本报告由我局编制。");
        let lines: Vec<_> = doc.lines().collect();
        assert!(compiled_by(&lines).is_none());
    }
}
