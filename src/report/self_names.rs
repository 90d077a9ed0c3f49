//! The names a report gives itself in its prose: 「请与<机关>联系」, 「现向社会公布<机关>YYYY年度…」,
//! and a sentence opening 「YYYY年，<机关>…」 with the agency as subject.
//!
//! `agency-mismatch` judges these names against the title's agency, and the cross facts keep
//! those of another agency for `foreign-agency-name`; [`Report::self_names`] reads them once per
//! report for both.

use std::cell::RefCell;
use std::rc::Rc;
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
    let folded = report.doc.folded();
    let body = Body::of(&reference.body);
    // Every name is found after 「请与」 or ends with the body's name: two searches of the whole
    // text, done once, tell the few lines that can hold one, and which of the two each holds;
    // the others are not read at all. The hits of 「请与」 are kept: a line holding one reads
    // its names from them rather than searching the line again.
    let asks: Vec<usize> = ASK.find_iter(folded.as_bytes()).collect();
    let asking = lines_holding(report, asks.iter().copied());
    let naming = lines_holding(report, body.finder.find_iter(folded.as_bytes()));
    let (mut asking, mut naming) = (asking.peekable(), naming.peekable());
    let mut asks_left = &asks[..];
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
        let names_body = named.is_some();
        let Some(line) = asked.or(named) else {
            continue;
        };
        // The line's place in the folded text, of which `line.folded` is a part; the hits
        // before it were on table lines, passed over.
        let start = line.folded.as_ptr() as usize - folded.as_ptr() as usize;
        let end = start + line.folded.len();
        let before = asks_left.partition_point(|&at| at < start);
        let (here, rest) =
            asks_left[before..].split_at(asks_left[before..].partition_point(|&at| at < end));
        asks_left = rest;
        let asks_here = here.iter().map(|&at| at - start);
        self_references(&line, asks_here, &body, names_body, &mut |at, name| {
            found.push(SelfName {
                line: line.no,
                column: line.column_of(at),
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

/// The body of the title's agency as the reading needs it: its searcher, and whether it is a
/// government's.
struct Body {
    finder: Finder<'static>,
    government: bool,
}

/// How many bodies [`Body::of`] keeps per thread.
const RECENT_BODIES: usize = 8;

thread_local! {
    static BODIES: RefCell<Vec<Rc<Body>>> = const { RefCell::new(Vec::new()) };
}

impl Body {
    /// The body named `name`. Making a body's searcher costs ~600 instructions, and the
    /// reports read on one thread name few bodies (「司法局」, 「审计局」…, and one agency's
    /// reports of several years come together): the last bodies made are kept per thread.
    fn of(name: &str) -> Rc<Body> {
        BODIES.with(|bodies| {
            let mut bodies = bodies.borrow_mut();
            if let Some(body) = bodies.iter().find(|b| b.finder.needle() == name.as_bytes()) {
                return Rc::clone(body);
            }
            let body = Rc::new(Body {
                finder: Finder::new(name).into_owned(),
                government: name.contains("政府"),
            });
            if bodies.len() == RECENT_BODIES {
                bodies.remove(0);
            }
            bodies.push(Rc::clone(&body));
            body
        })
    }
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
/// allocator for each line naming one); `asks` are the offsets of the line's 「请与」s, in
/// order, and `names_body` tells whether the line holds the body's name (the whole-text
/// searches found out).
fn self_references(
    line: &Line<'_>,
    asks: impl Iterator<Item = usize>,
    body: &Body,
    names_body: bool,
    found: &mut impl FnMut(usize, String),
) {
    let folded = line.folded;
    for at in asks {
        let start = at + ASK.needle().len();
        let run = han_run(&folded[start..]);
        if let Some(end) = find(run, &CONTACT) {
            found(start, run[..end].to_string());
        }
    }
    if !names_body {
        return;
    }
    for at in PUBLISHED.find_iter(folded.as_bytes()) {
        let after = &folded[at + PUBLISHED.needle().len()..];
        let after = skip_year(after.trim_start()).trim_start();
        let start = folded.len() - after.len();
        if let Some(name) = name_ending_with(after, &body.finder) {
            found(start, name);
        }
    }
    // A government's report tells what its subordinate governments did this way.
    if !body.government {
        sentence_subjects(folded, &body.finder, found);
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

/// The leading run of ideographs of `text`, at most [`MAX_NAME_CHARS`] long. Every ideograph
/// [`is_han`] takes is written in three bytes (U+3400–U+9FFF, U+F900–U+FAFF), so the run is
/// read from the bytes, three at a time (decoding it a character at a time through
/// `char_indices` cost ~35 instructions a character).
fn han_run(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut end = 0;
    for _ in 0..MAX_NAME_CHARS {
        // A lead byte 0xE0–0xEF opens a character of three bytes (the text is UTF-8).
        let Some(&[b0 @ 0xE0..=0xEF, b1, b2]) = bytes.get(end..end + 3) else {
            break;
        };
        let code = u32::from(b0 & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
        if !char::from_u32(code).is_some_and(is_han) {
            break;
        }
        end += 3;
    }
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
    use memchr::memmem::Finder;
    use proptest::prelude::*;

    use super::SelfName;
    use crate::agency::AgencyName;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::report::Report;

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

    /// The leading run of ideographs read a character at a time (the reading before
    /// [`super::han_run`] read it from the bytes).
    fn han_run_by_chars(text: &str) -> &str {
        let end = text
            .char_indices()
            .take(super::MAX_NAME_CHARS)
            .take_while(|(_, c)| crate::report::front::is_han(*c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        &text[..end]
    }

    /// Every character, alone, between ideographs, and where the run reaches its longest.
    #[test]
    fn han_runs_read_from_bytes_are_those_read_by_characters() {
        let mut text = String::new();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            for before in [0, 1, super::MAX_NAME_CHARS - 1, super::MAX_NAME_CHARS] {
                text.clear();
                text.extend(std::iter::repeat_n('局', before));
                text.push(c);
                text.push('局');
                assert_eq!(super::han_run(&text), han_run_by_chars(&text), "{c:?}");
            }
        }
    }

    /// The names as read before the whole-text hits of 「请与」 were kept and the bodies kept per
    /// thread: every line outside the tables searched for 「请与」 and the body on its own,
    /// with the body's searcher made afresh.
    fn read_each_line(report: &Report) -> Vec<SelfName> {
        let Some(reference) = report.agency.as_deref().and_then(AgencyName::parse) else {
            return Vec::new();
        };
        let body = super::Body {
            finder: Finder::new(reference.body.as_bytes()).into_owned(),
            government: reference.body.contains("政府"),
        };
        let mut found = Vec::new();
        for line in report.doc.lines().filter(|l| !report.is_table_line(l.no)) {
            let asks = line.folded.match_indices("请与").map(|(at, _)| at);
            let names_body = line.folded.contains(reference.body.as_str());
            super::self_references(&line, asks, &body, names_body, &mut |at, name| {
                found.push(SelfName {
                    line: line.no,
                    column: line.column_of(at),
                    name,
                });
            });
        }
        found
    }

    /// Bodies enough to push the first ones out of those kept per thread.
    const BODIES: [&str; 12] = [
        "司法局",
        "审计局",
        "商务局",
        "人民政府",
        "财政局",
        "民政局",
        "教育局",
        "卫生健康委员会",
        "人民政府办公室",
        "统计局",
        "林业局",
        "水利局",
    ];

    /// A report of `agency` whose lines are made of `parts`: the contexts of a name whole and
    /// in pieces, other names and bodies, table rows (a tab), ideographs of four bytes.
    fn report_text(agency: &str, parts: &[&str]) -> String {
        format!("{agency}2023年政府信息公开工作年度报告\n{}", parts.concat())
    }

    fn part() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("请与甲县司法局联系"),
            Just("请与乙县审计局办公室联系"),
            Just("2023年，甲县人民政府"),
            Just("2023年度 , 乙县司法局"),
            Just("现向社会公布甲县审计局2023年度"),
            Just("请与"),
            Just("联系"),
            Just("向社会公布"),
            Just("甲县"),
            Just("乙县"),
            Just("司法局"),
            Just("审计局"),
            Just("人民政府"),
            Just("政府"),
            Just("办公室"),
            Just("2023"),
            Just("年"),
            Just("度"),
            Just("，"),
            Just("。"),
            Just(" "),
            Just("\u{3000}"),
            Just("a"),
            Just("𠀀"),
            Just("\t1"),
            Just("\n"),
            Just("\n"),
        ]
    }

    proptest! {
        /// The reading from the whole text's hits, with the bodies kept per thread, finds what
        /// searching every line again finds.
        #[test]
        fn the_names_are_those_every_line_searched_again_gives(
            agency in proptest::sample::select(&[
                "甲县司法局", "甲县审计局", "甲县人民政府", "乙市甲县司法局",
            ][..]),
            parts in proptest::collection::vec(part(), 0..40),
        ) {
            let report = parse_text(&report_text(agency, &parts), SourceEncoding::Utf8);
            prop_assert_eq!(super::read(&report), read_each_line(&report));
        }
    }

    /// Bodies read in turn, more than are kept, read as bodies made afresh.
    #[test]
    fn bodies_kept_per_thread_read_as_made_afresh() {
        let parts = [
            "请与甲县",
            "审计局办公室联系。\n2023年，甲县",
            "司法局",
            "认真。\n甲县",
            "人民政府",
        ];
        for round in 0..2 {
            for body in BODIES {
                let text = report_text(&format!("甲县{body}"), &parts);
                let report = parse_text(&text, SourceEncoding::Utf8);
                assert_eq!(
                    super::read(&report),
                    read_each_line(&report),
                    "{round} {body}"
                );
            }
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
