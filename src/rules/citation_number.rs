//! A document number of the regulation, the templates or the fee measures cited wrongly.
//!
//! 《条例》、年度报告格式或信息处理费管理办法的文号引用有误。
//!
//! ## What it checks
//! The numbers of the documents every report cites, wherever they are cited in the prose:
//!
//! | Document | Number |
//! |---|---|
//! | 《中华人民共和国政府信息公开条例》 (2019 revision) | 国务院令第711号 |
//! | 《中华人民共和国政府信息公开工作年度报告格式》 | 国办公开办函〔2021〕30号 |
//! | 年度报告格式（试行） | 国办公开办函〔2019〕60号 |
//! | 《政府信息公开信息处理费管理办法》 | 国办函〔2020〕109号 |
//!
//! A citation is flagged when
//! - its year and number are one of these documents' but the issuer's code is a near miss
//!   (「国公开办函〔2021〕30号」: at most two characters apart, one for the short 「国办函」), or
//! - its issuer's code is right and the year or the number is not, while the same line names
//!   the document (「年度报告格式」, 「信息处理费」), or
//! - a 国务院令 number other than 711 stands with the 条例 (492, the number of the 条例's first
//!   promulgation in 2007, is accepted).
//!
//! Accepted as correct: any of the brackets 〔〕 [] （） 【】 ﹝﹞ around the year, spaces, and
//! the forms 「国令第711号」 (the usual abbreviation of 国务院令 in citations, found in real
//! reports, e.g. a city government's 「（国令第 711 号）」) and 「国务院第711号令」. Other
//! documents' numbers are not judged.
//!
//! ## 检查内容
//! 每份报告都会引用的几份文件的文号，无论在正文何处引用：
//!
//! | 文件 | 文号 |
//! |---|---|
//! | 《中华人民共和国政府信息公开条例》（2019年修订） | 国务院令第711号 |
//! | 《中华人民共和国政府信息公开工作年度报告格式》 | 国办公开办函〔2021〕30号 |
//! | 年度报告格式（试行） | 国办公开办函〔2019〕60号 |
//! | 《政府信息公开信息处理费管理办法》 | 国办函〔2020〕109号 |
//!
//! 以下情形予以标记：
//! - 年份和序号属于上述文件，但发文机关代字相近而不同（「国公开办函〔2021〕30号」：相差不超过两个
//!   字，较短的「国办函」不超过一个字）；
//! - 发文机关代字正确，年份或序号不对，且同一行写明了文件名称（「年度报告格式」「信息处理费」）；
//! - 与《条例》并列的国务院令序号不是711（2007年《条例》首次公布时的492号视为正确）。
//!
//! 视为正确的写法：年份外的括号用〔〕、[]、（）、【】、﹝﹞均可，可有空格；「国令第711号」（引用中
//! 对国务院令的通行简称，真实报告中可见，如某市政府写作「（国令第 711 号）」）和「国务院第711号令」
//! 也可。其他文件的文号不作判断。
//!
//! ## Why it matters
//! These citations are the report's legal basis; a wrong number points the reader to another
//! document or to none. A garbled issuer's code (「国公开办函」) also shows that the text was
//! typed, not copied from the source, and was not proofread.
//!
//! ## 为何重要
//! 这些引用是报告的法定依据；文号写错，读者就会被引向另一份文件，或根本找不到文件。发文机关代字写错
//! （「国公开办函」）还说明文字是手打的，没有从原文复制，也没有校对。
//!
//! ## Authority
//! The documents themselves (S1, S2, S3, S7); 《党政机关公文格式》 GB/T 9704—2012 §7.2.3 on
//! 发文字号; S6: 文字严谨.
//!
//! ## 依据
//! 上述文件本身（S1、S2、S3、S7）；《党政机关公文格式》GB/T 9704—2012 第7.2.3条（发文字号）；S6：文
//! 字严谨。
//!
//! ## Flagged
//! ```text
//! 《国务院办公厅政府信息与政务公开办公室关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》（国公开办函〔2021〕30号）
//! ```
//!
//! ## Accepted
//! ```text
//! 根据《中华人民共和国政府信息公开条例》（国令第 711 号）……
//! 按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）……
//! ```

use std::ops::Range;

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::front::is_han;
use crate::report::Report;
use crate::rules::shared::{needles_of, Needle};
use crate::rules::{Finding, Findings, Message, Rule};
use crate::text::Line;

pub struct CitationNumber;

/// A document cited by issuer's code, year and number.
struct Known {
    prefix: &'static str,
    year: u32,
    number: u32,
    title: &'static str,
    /// Words on the citing line that show this document is meant.
    context: &'static [&'static str],
}

const KNOWN: [Known; 3] = [
    Known {
        prefix: "国办公开办函",
        year: 2021,
        number: 30,
        title: "《中华人民共和国政府信息公开工作年度报告格式》",
        context: &["年度报告格式"],
    },
    Known {
        prefix: "国办公开办函",
        year: 2019,
        number: 60,
        title: "《中华人民共和国政府信息公开工作年度报告格式（试行）》",
        context: &["年度报告格式"],
    },
    Known {
        prefix: "国办函",
        year: 2020,
        number: 109,
        title: "《政府信息公开信息处理费管理办法》",
        context: &["信息处理费", "处理费管理办法"],
    },
];

/// The 条例's decree number, and the number of its first promulgation (2007).
const DECREE: u32 = 711;
const FIRST_DECREE: u32 = 492;

/// A number cited on a line: the folded byte ranges of the whole citation, of its year (a
/// document number's; empty for a decree) and of its number.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cited {
    all: Range<usize>,
    year: Range<usize>,
    number: Range<usize>,
}

/// `at` moved back over the whitespace before it (`\s*` of the reference regexes: Unicode
/// White_Space, as `char::is_whitespace`).
fn skip_space_back(text: &str, mut at: usize) -> usize {
    while let Some(c) = text[..at].chars().next_back().filter(|c| c.is_whitespace()) {
        at -= c.len_utf8();
    }
    at
}

/// `\s*第?\s*([0-9]{1,4})\s*` read back from `end` (where a 号 starts): where what it reads
/// starts, and the number's range. Every part is of its own class of characters, so there is
/// one reading back; a run of more than four digits has no start the regexes accept (a
/// digit cannot stand before the number).
fn number_back(text: &str, end: usize) -> Option<(usize, Range<usize>)> {
    let number_end = skip_space_back(text, end);
    let digits = text.as_bytes()[..number_end]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if !(1..=4).contains(&digits) {
        return None;
    }
    let number_start = number_end - digits;
    let mut at = skip_space_back(text, number_start);
    if text[..at].ends_with('第') {
        at = skip_space_back(text, at - '第'.len_utf8());
    }
    Some((at, number_start..number_end))
}

/// The document number (the regex `DOC_NUMBER` of the tests) that ends with the 号 at byte `hao`, if one does: read
/// back from the 号 (a regex would read every byte of the line before it). A match of the
/// regex holds one 号, at its end, and one opening bracket, at its start, so the matches are
/// those that end at each 号, in order, and none overlaps another.
fn doc_number_at(text: &str, hao: usize) -> Option<Cited> {
    let (at, number) = number_back(text, hao)?;
    let close = text[..at].chars().next_back()?;
    if !matches!(close, ']' | ')' | '〕' | '】' | '﹞') {
        return None;
    }
    let year_end = skip_space_back(text, at - close.len_utf8());
    let year_start = year_end.checked_sub(4)?;
    let year = text.get(year_start..year_end)?;
    if !(year.bytes().all(|b| b.is_ascii_digit())
        && (year.starts_with("19") || year.starts_with("20")))
    {
        return None;
    }
    let open_end = skip_space_back(text, year_start);
    let open = text[..open_end].chars().next_back()?;
    if !matches!(open, '[' | '(' | '〔' | '【' | '﹝') {
        return None;
    }
    Some(Cited {
        all: open_end - open.len_utf8()..hao + '号'.len_utf8(),
        year: year_start..year_end,
        number,
    })
}

/// The decree number (the regex `DECREE_NUMBER` of the tests) that ends with the 号 at byte `hao`, if one does,
/// read back as [`doc_number_at`] reads: a match holds one 号 and, before its number, one
/// issuer (国务院令, 国令 or 国务院, which start at the only 国 of the match).
fn decree_number_at(text: &str, hao: usize) -> Option<Cited> {
    let (at, number) = number_back(text, hao)?;
    let issuer = ["国务院令", "国令", "国务院"]
        .into_iter()
        .find(|issuer| text[..at].ends_with(issuer))?;
    let end = hao + '号'.len_utf8();
    let end = if text[end..].starts_with('令') {
        end + '令'.len_utf8()
    } else {
        end
    };
    Some(Cited {
        all: at - issuer.len()..end,
        year: at..at,
        number,
    })
}

/// How far before a citation the document's name is looked for (bytes of folded text).
const CONTEXT_BYTES: usize = 240;

impl Rule for CitationNumber {
    crate::rule_meta!(
        "citation-number",
        TitleAndDates,
        Warning,
        "文号引用有误",
        "Document number cited wrongly"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        // Few lines cite a number: they are the lines of the 号s the rules' shared pass found.
        let needles = needles_of(report, findings.shared());
        for line in report.doc.lines_at(needles.offsets(Needle::Number)) {
            if report.is_table_line(line.no) {
                continue;
            }
            // Every citation ends at a 号 and is read back from there: the document numbers
            // of the line first, then its decree numbers. The line's 号s are those of the
            // shared pass.
            let haos = || needles.offsets_within(Needle::Number, report.doc.folded(), line.folded);
            for cited in haos().filter_map(|hao| doc_number_at(line.folded, hao)) {
                if let Some(wrong) = document_number(&line, &cited) {
                    report_one(&line, wrong, findings);
                }
            }
            for cited in haos().filter_map(|hao| decree_number_at(line.folded, hao)) {
                if let Some(wrong) = decree_number(&line, &cited) {
                    report_one(&line, wrong, findings);
                }
            }
        }
    }
}

/// A wrong citation: where it is (folded byte range), the expected number and the document.
struct Wrong {
    start: usize,
    end: usize,
    expected: String,
    title: &'static str,
}

fn document_number(line: &Line<'_>, found: &Cited) -> Option<Wrong> {
    let folded = line.folded;
    let all = &found.all;
    let (year, number) = (&folded[found.year.clone()], &folded[found.number.clone()]);
    let before = folded[..all.start].trim_end();
    let code_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_han(*c))
        .last()
        .map(|(i, _)| i)?;
    let code_end = before.len();
    let year: u32 = year.parse().ok()?;
    let number: u32 = number.parse().ok()?;
    let code = &line.folded[code_start..code_end];
    if KNOWN
        .iter()
        .any(|k| code.ends_with(k.prefix) && k.year == year && k.number == number)
    {
        return None;
    }
    let before = context_before(line.folded, code_start);
    let wrong = |k: &Known, prefix_len: usize| Wrong {
        start: code_end - prefix_len,
        end: all.end,
        expected: format!("{}〔{}〕{}号", k.prefix, k.year, k.number),
        title: k.title,
    };
    // The right year and number under a garbled issuer's code.
    for k in KNOWN
        .iter()
        .filter(|k| k.year == year && k.number == number)
    {
        if let Some(prefix_len) = near_miss(code, k.prefix) {
            return Some(wrong(k, prefix_len));
        }
    }
    // The right code with a wrong year or number, for the document named on the line; the
    // document whose year is right first.
    let mut candidates: Vec<&Known> = KNOWN
        .iter()
        .filter(|k| code.ends_with(k.prefix))
        .filter(|k| (k.year == year) != (k.number == number))
        .filter(|k| k.context.iter().any(|c| before.contains(c)))
        .collect();
    candidates.sort_by_key(|k| k.year != year);
    candidates.first().map(|k| wrong(k, k.prefix.len()))
}

fn decree_number(line: &Line<'_>, found: &Cited) -> Option<Wrong> {
    let all = &found.all;
    let number: u32 = line.folded[found.number.clone()].parse().ok()?;
    if number == DECREE || number == FIRST_DECREE {
        return None;
    }
    let before = context_before(line.folded, all.start);
    if !before.contains("条例") {
        return None;
    }
    Some(Wrong {
        start: all.start,
        end: all.end,
        expected: format!("国务院令第{DECREE}号"),
        title: "《中华人民共和国政府信息公开条例》",
    })
}

/// The folded text before a byte offset, up to [`CONTEXT_BYTES`] back (on a char boundary).
fn context_before(folded: &str, at: usize) -> &str {
    let mut from = at.saturating_sub(CONTEXT_BYTES);
    while !folded.is_char_boundary(from) {
        from += 1;
    }
    &folded[from..at]
}

/// When the end of a run of ideographs is a near miss of an issuer's code (starting with 国, at
/// most two edits away, one for codes of three characters or fewer), the byte length of that
/// end.
fn near_miss(run: &str, prefix: &str) -> Option<usize> {
    let prefix: Vec<char> = prefix.chars().collect();
    let run: Vec<char> = run.chars().collect();
    let allowed = if prefix.len() <= 3 { 1 } else { 2 };
    let shortest = prefix.len().saturating_sub(allowed).max(2);
    (shortest..=(prefix.len() + allowed).min(run.len()))
        .filter_map(|len| {
            let tail = &run[run.len() - len..];
            (tail.first() == Some(&'国'))
                .then(|| (strsim::generic_levenshtein(&tail.to_vec(), &prefix), len))
                .filter(|(d, _)| *d <= allowed)
                .map(|(d, _)| (d, tail.iter().map(|c| c.len_utf8()).sum::<usize>()))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, bytes)| bytes)
}

fn report_one(line: &Line<'_>, wrong: Wrong, findings: &mut Findings<'_>) {
    let column = line.column_of(wrong.start);
    let len = line.folded[wrong.start..wrong.end].chars().count();
    let written = line.raw_chars(column as usize - 1, len);
    let key: String = line.folded[wrong.start..wrong.end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    findings.report(
        Finding::typed(
            Location::span(line.no, column, len as u32),
            WrongNumber {
                written: written.to_string(),
                title: wrong.title,
                expected: wrong.expected.clone(),
            },
        )
        .evidence("found", written)
        .evidence("expected", wrong.expected.clone())
        .evidence("document", wrong.title)
        .key(key)
        .key(wrong.expected),
    );
}

/// A document number cited wrongly, as written, with the document and its right number.
#[derive(Debug)]
struct WrongNumber {
    written: String,
    title: &'static str,
    expected: String,
}

impl Message for WrongNumber {
    fn message(&self, lang: Lang) -> String {
        let WrongNumber {
            written,
            title,
            expected,
        } = self;
        match lang {
            Lang::Zh => format!("文号「{written}」有误，{title}的文号应为「{expected}」"),
            Lang::En => {
                format!("the document number 「{written}」 is wrong: {title} is numbered 「{expected}」")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::ops::Range;
    use std::sync::LazyLock;

    use proptest::prelude::*;
    use regex::Regex;

    use super::{decree_number_at, doc_number_at, near_miss, Cited};
    use crate::flag::Flag;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    fn flags_of(text: &str) -> Vec<Flag> {
        let report = parse_text(
            &format!("某县司法局2023年政府信息公开工作年度报告\n{text}\n一、总体情况"),
            SourceEncoding::Utf8,
        );
        let selection = RuleSelection::only("citation-number");
        run(&report, &selection)
    }

    fn found(flags: &[Flag]) -> Vec<(String, String)> {
        flags
            .iter()
            .map(|f| {
                (
                    f.evidence["found"].as_str().unwrap_or("").to_string(),
                    f.evidence["expected"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn a_garbled_issuer_code_is_flagged_at_the_citation() {
        let flags = flags_of("按照《关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》（国公开办函〔2021〕30号）要求");
        assert_eq!(
            found(&flags),
            [(
                "国公开办函〔2021〕30号".to_string(),
                "国办公开办函〔2021〕30号".to_string()
            )]
        );
        assert_eq!(flags[0].location.line, Some(2));
        assert_eq!(flags[0].location.column, Some(36));
        assert_eq!(flags[0].location.len, Some(14));
        let flags = flags_of("按照（国办发〔2020〕109号）规定，未收取信息处理费。");
        assert_eq!(found(&flags)[0].1, "国办函〔2020〕109号");
    }

    #[test]
    fn a_wrong_year_or_number_with_the_document_named_is_flagged() {
        let flags =
            flags_of("《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕3号）");
        assert_eq!(found(&flags)[0].1, "国办公开办函〔2021〕30号");
        let flags = flags_of("《政府信息公开信息处理费管理办法》（国办函〔2021〕109号）");
        assert_eq!(found(&flags)[0].1, "国办函〔2020〕109号");
        let flags = flags_of("《中华人民共和国政府信息公开条例》（国务院令第771号）");
        assert_eq!(found(&flags)[0].1, "国务院令第711号");
    }

    #[test]
    fn right_numbers_in_any_accepted_form_pass() {
        for text in [
            "《中华人民共和国政府信息公开条例》（国令第 711 号）",
            "《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）",
            "《中华人民共和国政府信息公开条例》（国务院第711号令）",
            "《中华人民共和国政府信息公开条例》（国务院令第492号公布，国务院令第711号修订）",
            "《年度报告格式》（国办公开办函[2021]30号）、（国办公开办函（2019）60号）",
            "（国办公开办函【2021】30号）（国办公开办函﹝2021﹞30号）（国办函〔2020〕 109 号）",
            // Other documents, even with the same year and number, are not judged.
            "《山东省年度报告工作通知》（鲁政办函〔2021〕30号）",
            "根据国办发〔2021〕30号文件精神。",
            "《关于做好年度报告格式工作的通知》（国办公开办函〔2022〕5号）",
        ] {
            assert!(flags_of(text).is_empty(), "{text}: {:?}", flags_of(text));
        }
    }

    #[test]
    fn near_misses() {
        assert_eq!(near_miss("通知国公开办函", "国办公开办函"), Some(15));
        assert_eq!(near_miss("鲁政办函", "国办公开办函"), None);
        assert_eq!(near_miss("国办发", "国办函"), Some(9));
        assert_eq!(near_miss("国务院办公厅", "国办函"), None);
    }

    /// The bracketed year and the number of a document number in folded text (the issuer's
    /// code is the run of ideographs before it): the regex the rule read lines with, the
    /// reference of `doc_number_at`.
    static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[\[(〔【﹝]\s*((?:19|20)[0-9]{2})\s*[\])〕】﹞]\s*第?\s*([0-9]{1,4})\s*号")
            .expect("valid regex")
    });

    /// A decree number: 国务院令第711号, 国令第711号, 国务院第711号令; the reference of
    /// `decree_number_at`.
    static DECREE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:国务院令|国令|国务院)\s*第?\s*([0-9]{1,4})\s*号令?").expect("valid regex")
    });

    /// The citations read back from each 号 of a line are the regexes' matches on the line,
    /// with the same groups.
    fn same_citations(line: &str) {
        let by_regex = |regex: &Regex| -> Vec<(Range<usize>, String)> {
            regex
                .captures_iter(line)
                .map(|c| {
                    let all = c.get(0).expect("whole match");
                    let groups: Vec<&str> =
                        c.iter().skip(1).flatten().map(|m| m.as_str()).collect();
                    (all.range(), groups.concat())
                })
                .collect()
        };
        let back = |read: fn(&str, usize) -> Option<Cited>| -> Vec<(Range<usize>, String)> {
            line.match_indices('号')
                .filter_map(|(hao, _)| read(line, hao))
                .map(|c| (c.all, format!("{}{}", &line[c.year], &line[c.number])))
                .collect()
        };
        assert_eq!(back(doc_number_at), by_regex(&DOC_NUMBER), "{line}");
        assert_eq!(back(decree_number_at), by_regex(&DECREE_NUMBER), "{line}");
    }

    #[test]
    fn citations_read_back_are_the_regex_matches() {
        for line in [
            "（国办公开办函〔2021〕30号）要求，编制本报告。本报告所列数据的统计期限为2023年。",
            "〔2021〕30号和〔2019〕 60 号",
            "无号",
            "〔2021〕30",
            "号〔2021〕30",
            "",
            "（国务院令第711号，以下简称《条例》）国令第 711 号、国务院第711号令",
            "国国令第1号 国务院令令第2号 〔12021〕3号 〔2021〕12345号 〔2021〕第第3号",
            "[ 1999 ] 第 7 号﹝2020﹞1号【2021】2号(2022)3号〔2023〕4号",
        ] {
            same_citations(line);
        }
    }

    proptest! {
        #[test]
        fn citations_read_back_are_the_regex_matches_on_any_line(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("〔"), Just("〕"), Just("["), Just("]"), Just("("), Just(")"),
                    Just("【"), Just("】"), Just("﹝"), Just("﹞"), Just("2021"), Just("1999"),
                    Just("30"), Just("7"), Just("号"), Just("第"), Just(" "), Just("\u{3000}"),
                    Just("函"), Just("令"), Just("国"), Just("国务院"), Just("国令"), Just("。"),
                ],
                0..30,
            )
        ) {
            same_citations(&parts.concat());
        }
    }
}
