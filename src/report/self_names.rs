//! The names a report gives itself in its prose: 「请与<机关>联系」, 「现向社会公布<机关>YYYY年度…」,
//! and a sentence opening 「YYYY年，<机关>…」 with the agency as subject.
//!
//! `agency-mismatch` judges these names against the title's agency, and the cross facts keep
//! those of another agency for `foreign-agency-name`; [`Report::self_names`] reads them once per
//! report for both.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::agency::AgencyName;
use crate::report::front::is_han;
use crate::report::Report;
use crate::text::Line;

/// A name the report gives itself, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfName {
    pub line: u32,
    /// 1-based character column.
    pub column: u32,
    /// The name as read from the folded text.
    pub name: String,
}

impl SelfName {
    /// Length of the name in characters.
    pub fn char_len(&self) -> u32 {
        self.name.chars().count() as u32
    }
}

/// The names the report gives itself outside the tables, read against the body of the title's
/// agency; none when the title names no agency.
pub(crate) fn read(report: &Report) -> Vec<SelfName> {
    let Some(reference) = report.agency.as_deref().and_then(AgencyName::parse_shared) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let folded = report.doc.folded().as_bytes();
    // The body's searcher is made once a report: it finds the lines naming the body, then
    // the body's name in the runs of ideographs read on them (a search made at each call
    // builds a searcher each time, ~600 instructions, on a run longer than 63 bytes).
    let body = Finder::new(reference.body.as_bytes());
    // Every name is found after 「请与」 or ends with the body's name: two searches of the whole
    // text, done once, tell the few lines that can hold one, and which of the two each holds;
    // the others are not read at all.
    let asking = lines_holding(report, ASK.find_iter(folded));
    let naming = lines_holding(report, body.find_iter(folded));
    let (mut asking, mut naming) = (asking.peekable(), naming.peekable());
    let government = reference.body.contains("政府");
    loop {
        // The line both searches hit is read from either (each made its `Line` already).
        let no = match (asking.peek(), naming.peek()) {
            (Some(a), Some(n)) => a.no.min(n.no),
            (Some(a), None) => a.no,
            (None, Some(n)) => n.no,
            (None, None) => break,
        };
        let asked = asking.next_if(|l| l.no == no);
        let named = naming.next_if(|l| l.no == no);
        let holds = Holds {
            ask: asked.is_some(),
            body: named.is_some(),
            government,
        };
        let Some(line) = asked.or(named) else {
            continue;
        };
        self_references(&line, &body, holds, &mut |start, name| {
            found.push(SelfName {
                line: line.no,
                column: line.column_of(start),
                name,
            });
        });
    }
    found
}

/// The lines outside tables that a whole-text search's hits are on, in order, each once.
fn lines_holding<'r>(
    report: &'r Report,
    hits: impl Iterator<Item = usize> + 'r,
) -> impl Iterator<Item = Line<'r>> + 'r {
    report
        .doc
        .lines_at(hits)
        .filter(|line| !report.is_table_line(line.no))
}

/// What the whole-text searches found on a line: 「请与」, the body's name; and whether the
/// body is a government's (known once per report).
#[derive(Debug, Clone, Copy)]
struct Holds {
    ask: bool,
    body: bool,
    government: bool,
}

/// A searcher made once a process (`memmem::find_iter` makes one each call, about 600
/// instructions, more than searching a line).
type Searcher = LazyLock<Finder<'static>>;

/// 「请与<机关>联系」's opening.
static ASK: Searcher = LazyLock::new(|| Finder::new("请与"));

/// The longest name read after a self-referring context, in characters.
const MAX_NAME_CHARS: usize = 30;

/// 「年」 of 「YYYY年，<机关>」: searched as a word (`str::match_indices('年')` steps through
/// every byte 0xB4, which ends many ideographs, and the lines searched are the preamble's
/// long ones).
static YEAR: Searcher = LazyLock::new(|| Finder::new("年"));

/// 「联系」, which closes the name after 「请与」.
static CONTACT: Searcher = LazyLock::new(|| Finder::new("联系"));

/// Where `word`'s searcher first finds it in `text` (a name's run of at most
/// [`MAX_NAME_CHARS`] characters).
fn find(text: &str, word: &Finder<'_>) -> Option<usize> {
    word.find(text.as_bytes())
}

/// The preamble's 「现向社会公布<机关>…年度报告」.
static PUBLISHED: Searcher = LazyLock::new(|| Finder::new("向社会公布"));

/// Names the body gives itself on a line, handed to `found` in order with their folded byte
/// offsets (straight to the report's list: a list of each line's names was a block of the
/// allocator for each line naming one); `body` is the searcher of the body's name; `holds`
/// tells whether the line holds 「请与」 and the body's name (the whole-text searches found
/// out), and whether the body is a government's.
fn self_references(
    line: &Line<'_>,
    body: &Finder<'_>,
    holds: Holds,
    found: &mut impl FnMut(usize, String),
) {
    let folded = line.folded;
    if holds.ask {
        for at in ASK.find_iter(folded.as_bytes()) {
            let start = at + ASK.needle().len();
            let run = han_run(&folded[start..]);
            if let Some(end) = find(run, &CONTACT) {
                found(start, run[..end].to_string());
            }
        }
    }
    if !holds.body {
        return;
    }
    for at in PUBLISHED.find_iter(folded.as_bytes()) {
        let after = &folded[at + PUBLISHED.needle().len()..];
        let after = skip_year(after.trim_start()).trim_start();
        let start = folded.len() - after.len();
        if let Some(name) = name_ending_with(after, body) {
            found(start, name);
        }
    }
    // A government's report tells what its subordinate governments did this way.
    if !holds.government {
        sentence_subjects(folded, body, found);
    }
}

/// 「YYYY年，<机关>」 at the start of a sentence, handed to `found` in order.
fn sentence_subjects(folded: &str, body: &Finder<'_>, found: &mut impl FnMut(usize, String)) {
    for at in YEAR.find_iter(folded.as_bytes()) {
        let before = &folded[..at];
        let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits != 4 {
            continue;
        }
        let opening = before[..before.len() - 4].trim_end();
        if !(opening.is_empty()
            || opening.ends_with(['。', ';', '；', '!', '！', '?', '？', ':', '：']))
        {
            continue;
        }
        let after = &folded[at + '年'.len_utf8()..];
        let after = after.strip_prefix('度').unwrap_or(after);
        let Some(after) = after.trim_start().strip_prefix([',', '，']) else {
            continue;
        };
        let after = after.trim_start();
        if let Some(name) = name_ending_with(after, body) {
            found(folded.len() - after.len(), name);
        }
    }
}

/// The name at the start of `text` that ends with the body's name (`body` its searcher),
/// read within a run of ideographs.
fn name_ending_with(text: &str, body: &Finder<'_>) -> Option<String> {
    let run = han_run(text);
    let end = find(run, body)? + body.needle().len();
    Some(run[..end].to_string())
}

/// The leading run of ideographs of `text`, at most [`MAX_NAME_CHARS`] long.
fn han_run(text: &str) -> &str {
    let end = text
        .char_indices()
        .take(MAX_NAME_CHARS)
        .take_while(|(_, c)| is_han(*c))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[..end]
}

/// Skips a year (「2023年度」, 「2024 年」) at the start of `text`.
fn skip_year(text: &str) -> &str {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits != 4 {
        return text;
    }
    let rest = text[digits..].trim_start();
    match rest.strip_prefix('年') {
        Some(rest) => rest.strip_prefix('度').unwrap_or(rest),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;

    #[test]
    fn the_names_of_every_context_with_where_they_are() {
        let text = "甲县司法局2023年政府信息公开工作年度报告\n\
                    现向社会公布甲县司法局2023年度政府信息公开工作年度报告。\n\
                    一、总体情况\n\
                    2023年，乙县司法局认真落实《条例》。\n\
                    如对本报告有疑问，请与甲县司法局办公室联系。\n\
                    六、其他需要报告的事项\n\
                    本年度未收取信息处理费。\n\
                    甲县司法局\n\
                    2024年1月15日";
        let report = parse_text(text, SourceEncoding::Utf8);
        let found: Vec<(u32, u32, &str, u32)> = report
            .self_names()
            .iter()
            .map(|n| (n.line, n.column, n.name.as_str(), n.char_len()))
            .collect();
        assert_eq!(
            found,
            [
                (2, 7, "甲县司法局", 5),
                (4, 7, "乙县司法局", 5),
                (5, 12, "甲县司法局办公室", 8),
            ]
        );
        // Read once: the second call answers the same slice.
        assert!(std::ptr::eq(report.self_names(), report.self_names()));
    }

    /// The lines read are those the whole-text searches hit: a hit at the very start or end of
    /// a line belongs to that line, and a table row is passed over even when it is hit.
    #[test]
    fn hits_are_told_to_the_lines_they_are_on() {
        let text = "甲县司法局2023年政府信息公开工作年度报告\n\
                    本报告由甲县司法局\n\
                    请与甲县司法局联系。\n\
                    现向社会公布乙县司法局2023年度报告\t1\n\
                    如有疑问请与\n\
                    丙县司法局联系";
        let report = parse_text(text, SourceEncoding::Utf8);
        let found: Vec<(u32, u32, &str)> = report
            .self_names()
            .iter()
            .map(|n| (n.line, n.column, n.name.as_str()))
            .collect();
        assert_eq!(found, [(3, 3, "甲县司法局")]);
    }

    proptest! {
        /// The searches by bytes find what the searches of `str` find: the 年s of a line and
        /// the first place of a word in a name's run.
        #[test]
        fn byte_searches_find_what_str_searches_find(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("年"), Just("2023"),
                    Just("，"), Just("联系"),
                    Just("联"), Just("司法局"),
                    Just("局"), Just("度"),
                    Just("甲县"), Just("。"),
                    Just(" "),
                ],
                0..24,
            )
        ) {
            let text = parts.concat();
            let years: Vec<usize> = super::YEAR.find_iter(text.as_bytes()).collect();
            let expected: Vec<usize> = text.match_indices('年').map(|(at, _)| at).collect();
            prop_assert_eq!(years, expected);
            // A searcher made once finds in every run what `str::find` finds.
            for word in ["联系", "司法局", "局", "年"] {
                let searcher = memchr::memmem::Finder::new(word);
                prop_assert_eq!(super::find(&text, &searcher), text.find(word));
            }
            prop_assert_eq!(super::find(&text, &super::CONTACT), text.find("联系"));
        }
    }

    #[test]
    fn no_names_without_the_title_agency() {
        let text = "2023年政府信息公开工作年度报告\n请与甲县司法局联系。";
        let report = parse_text(text, SourceEncoding::Utf8);
        assert!(report.agency.is_none());
        assert!(report.self_names().is_empty());
    }
}
