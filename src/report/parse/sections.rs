//! Finding the six section headings and the numbered sub-items inside each section.
//!
//! A heading is recognised by its title, not by its numeral: 「1、 总体情况」 is section 一 with
//! lost numbering, and 表三's row 「四、结转下年度继续办理」 is not section 四 (its text names no
//! section). Unnumbered lines count as headings only when they are exactly a section title.
//! Lines of tables (with tabs) are never headings or sub-items.

use crate::report::numerals;
pub use crate::report::sections::sub_item_numeral;
use crate::report::{Heading, Numeral, NumeralStyle, Section, SectionId, SubItem};
use crate::text::{
    fold_char, label_key_cow, more_chars_than, simplified, Document, Line, LineFacts,
};

/// Headings are short; a longer line is prose that happens to start like one.
const MAX_HEADING_CHARS: usize = 40;

/// The sections found, in text order.
pub fn find(doc: &Document) -> Vec<Section> {
    // The first looks at a line (its lead fact, then its first bytes) are made here, inlined,
    // so that the lines most documents are made of (prose, numbers) are turned away without a
    // call, and prose without a line made: `heading` makes them again for the few that pass.
    // Room for the template's sections: a report has about as many headings, and the list no
    // longer grows (reallocates) twice on the way to six.
    let mut headings: Vec<(SectionId, Heading)> = Vec::with_capacity(SectionId::ALL.len());
    for (no, facts) in (1..).zip(doc.facts()) {
        if !facts.lead.is_some_and(may_lead_heading) {
            continue;
        }
        // The first looks read bytes (no character-boundary checks, nothing decoded): in a
        // table written a cell a line every number passes the lead test.
        if !facts_may_be_heading(facts, doc.folded_bytes(no)) {
            continue;
        }
        // A table row is turned away here too, as the heading reader would, without making
        // the line: in the row layout most lines that pass the first looks are rows.
        if facts.tab
            && doc
                .folded_line(no)
                .is_none_or(|folded| is_table_row(facts, folded))
        {
            continue;
        }
        let Some(line) = doc.line(no) else {
            continue;
        };
        if let Some(heading) = read_heading(&line) {
            headings.push(heading);
        }
    }
    let mut sections = Vec::with_capacity(headings.len());
    // Each heading is moved into its section, not copied: the next one is only looked at.
    let mut headings = headings.into_iter().peekable();
    while let Some((id, heading)) = headings.next() {
        let body_first = heading.line + 1;
        let body_last = headings
            .peek()
            .map_or(doc.line_count(), |(_, next)| next.line - 1);
        sections.push(Section {
            id,
            heading,
            body_first,
            body_last,
            items: sub_items(doc, body_first, body_last),
        });
    }
    sections
}

/// Reads a section heading from a line, if it is one.
///
/// A heading may carry text after a colon or a full stop (「六、其他需要报告的事项：无。」): the
/// heading is what comes before, the rest is [`Heading::run_in`].
pub fn heading(line: &Line<'_>) -> Option<(SectionId, Heading)> {
    // The look at the line's first character, decided when the document was built: most
    // lines fail it, and are then not read at all.
    if !may_be_heading(line) || !numbered_may_be_heading(line) {
        return None;
    }
    read_heading(line)
}

/// [`heading`] after its first looks at the line ([`may_be_heading`],
/// [`numbered_may_be_heading`]), which [`find`] has made already.
fn read_heading(line: &Line<'_>) -> Option<(SectionId, Heading)> {
    let folded = line.folded;
    // A table row is no heading: asked first, as most of the lines that pass the first looks
    // are the numbered rows of the tables.
    if is_table_row(&line.facts, folded) {
        return None;
    }
    let unmarked = markdown_unmarked(line.folded_from_lead());
    let text_start = folded.len() - unmarked.len();
    let text = unmarked.trim_end();
    if !may_open_heading(text) {
        return None;
    }
    let (numeral, rest) = section_numeral(text);
    // Unnumbered, the line must be a section's exact title, and none starts with a digit or
    // a numeral: a paragraph opening with a year (「2023年，…」) is turned away here rather
    // than searched to its first full stop (test `no_title_starts_like_a_numeral`).
    if numeral.style == NumeralStyle::None && opens_with_numeral(text) {
        return None;
    }
    let rest = rest.trim_start();
    let title_start = text_start + (text.len() - rest.len());
    // A line that is a template title and nothing more (most headings) holds no run-in: the
    // titles hold no colon or full stop (test `no_title_has_a_run_in`), and comparing the six
    // lengths first reads the bytes of one title at most.
    let template = template_section(rest);
    let cut = if template.is_some() {
        None
    } else {
        run_in_cut(rest)
    };
    let (head, run_in_start) = match cut {
        Some(cut) => {
            let mark = rest[cut..].chars().next().map_or(0, char::len_utf8);
            (&rest[..cut], title_start + cut + mark)
        }
        None => (rest, folded.len()),
    };
    let title = head.trim_end();
    let head_end = title_start + title.len();
    if title.is_empty() || more_chars_than(&folded[text_start..head_end], MAX_HEADING_CHARS) {
        return None;
    }
    let unnumbered = numeral.style == NumeralStyle::None;
    // Most headings write their title as the template does: found by comparing the title
    // itself (the six titles differ in length, so at most one comparison reads bytes), it
    // names its section as its key would, and the tests and the key are skipped (test
    // `a_template_title_names_its_section_as_its_key_does`).
    // A template title alone is the title (nothing cut off); another may still be one once
    // its run-in is cut off.
    let id = match template.or_else(|| template_section(title)) {
        Some(id) => id,
        None => section_of_keyed_title(title, unnumbered)?,
    };
    // Lost Word numbering keeps the numbers: 「2、主动公开政府信息情况」 is a numbered item of some
    // list (总体情况's sub-items), not section 二 misnumbered.
    if numeral.style == NumeralStyle::Arabic && numeral.value != id.number() {
        return None;
    }
    // The heading and its title are folded text that opens and closes with more than
    // whitespace, and so is their raw text (every whitespace character folds to whitespace):
    // only the run-in is trimmed (test `a_trimmed_folded_span_is_trimmed_raw_text`).
    let raw_of = |from: usize, to: usize| line.raw_of_folded(from, to);
    Some((
        id,
        Heading {
            line: line.no,
            raw: raw_of(text_start, head_end).to_string(),
            numeral,
            title: raw_of(title_start, head_end).to_string(),
            run_in: raw_of(run_in_start, folded.len()).trim().to_string(),
        },
    ))
}

/// Which section a heading's title (its numeral and run-in text cut off) names, read from its
/// key: `None` for a clause that opens like a heading, a title without any of the characters
/// that name a section, and a numbered title that does not end like a heading.
fn section_of_keyed_title(title: &str, unnumbered: bool) -> Option<SectionId> {
    // A numbered title must end like a heading: asked first, from the title's last characters
    // read as its key reads them, as it turns away most numbered table labels (「1.属于国家秘密」,
    // 「三、本年度办理结果」, 「一、本年新收政府信息公开申请数量」) before their key is built (test
    // `a_title_ends_like_a_heading_as_its_key_does`).
    if !unnumbered && !key_ends_like_heading(title) {
        return None;
    }
    // A sentence that opens like a heading (「一、主动公开政府信息情况还不够全面，……」 in a list
    // of problems) is prose.
    if has_clause_mark(without_note(title)) {
        return None;
    }
    // The same test on the title alone, before its key is built: a line may hold one of the
    // characters only in its run-in text (「1.属于国家秘密：其他」).
    if !holds_section_character(title.as_bytes()) {
        return None;
    }
    section_of_title(&label_key_cow(title), unnumbered)
}

/// Whether a line (its facts and folded text) is a table row: a tab between its cells, or one
/// opening it (an empty first cell). A line opens with a tab as written exactly when folded:
/// folding never makes a tab, and a tab folds to itself.
///
/// A tab inside the trimmed line is one after its lead ([`LineFacts::indent`]) followed by more
/// than whitespace, and if any tab is, the first one after the lead is: so the line is searched
/// for one tab from its lead and trimmed after it only, not at both ends first (test
/// `a_table_row_is_told_from_the_folded_line_as_from_the_raw_one`).
#[inline]
fn is_table_row(facts: &LineFacts, folded: &str) -> bool {
    if !facts.tab {
        return false;
    }
    if folded.starts_with('\t') {
        return true;
    }
    let from_lead = folded.get(facts.indent..).unwrap_or_default();
    memchr::memchr(b'\t', from_lead.as_bytes())
        .is_some_and(|tab| !from_lead[tab..].trim_start().is_empty())
}

/// A cheap first look, run on every line: a heading starts with a numeral, or (unnumbered)
/// with a section's exact title or a listed variant. Prose lines are turned away here.
/// A line without its markdown heading mark (`## 二、主动公开政府信息情况`), as converters write
/// headings.
fn markdown_unmarked(text: &str) -> &str {
    let Some(rest) = text.strip_prefix('#') else {
        return text;
    };
    let rest = rest.trim_start_matches('#');
    match rest.strip_prefix(' ') {
        Some(title) => title.trim_start(),
        None => text,
    }
}

fn may_open_heading(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    first.is_ascii_digit()
        || numerals::ordinal(first).is_some()
        || SectionId::ALL.into_iter().any(|id| {
            text.starts_with(id.title()) || id.known_variants().iter().any(|v| text.starts_with(v))
        })
}

/// Whether a line can be a section heading at all, from the facts the document decided when
/// it was built (no reading of the line): its first character is a markdown heading mark, a
/// digit, a Chinese numeral, or the first character of a section title or variant. This is
/// what [`may_open_heading`] asks of the line's start, so every line can be asked cheaply,
/// by [`find`] and by the table finder alike.
#[inline]
pub fn may_be_heading(line: &Line<'_>) -> bool {
    line.facts.lead.is_some_and(may_lead_heading)
}

/// Whether a heading may open with a character ([`may_be_heading`] of a line's lead): a
/// markdown mark, a digit, a numeral 一 … 十 ([`numerals::ordinal`]) or a title's first
/// character ([`is_title_lead`]). Asked of every line, so one `match` of them all rather than
/// the four tests in turn (test `a_heading_lead_is_a_mark_a_digit_a_numeral_or_a_title_lead`).
#[inline]
fn may_lead_heading(lead: char) -> bool {
    lead.is_ascii_digit()
        || matches!(
            lead,
            '#' | '一'
                | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '总'
                | '主'
                | '收'
                | '政'
                | '存'
                | '其'
                | '因'
        )
}

/// The length in bytes of the shortest section title or variant (test
/// `no_title_is_shorter_than_the_shortest`).
const SHORTEST_TITLE: usize = "总体情况".len();

/// Whether a character is the first character of a section title or of a listed variant
/// (test `title_leads_are_the_first_characters_of_the_titles`): asked of every line, so a
/// `match` rather than a search of the titles.
fn is_title_lead(c: char) -> bool {
    matches!(c, '总' | '主' | '收' | '政' | '存' | '其' | '因')
}

/// Whether a line that opens with a digit or a Chinese numeral may still be a heading, from
/// its facts and one look along it: it needs a numeral's separator right after the numeral
/// (「1、」, 「一.」), as a numbered heading does ([`section_numeral`]; a line opening with a
/// numeral is never an unnumbered one), so a number alone on its line (a table written a
/// cell a line) or 「一是…」 is turned away; and, without tabs, one of the characters every
/// section title holds. Lines opening otherwise pass.
#[inline]
fn numbered_may_be_heading(line: &Line<'_>) -> bool {
    facts_may_be_heading(&line.facts, line.folded.as_bytes())
}

/// [`numbered_may_be_heading`] of a line given by its facts and folded text, for [`find`],
/// which asks it of every line opening like a heading (in a table written a cell a line, every
/// number) without making the line. Always inlined: [`find`] asks it of every such line (72,062
/// in 300 reports written a cell a line), where the call cost a third of the look.
#[inline(always)]
fn facts_may_be_heading(facts: &LineFacts, folded: &[u8]) -> bool {
    let Some(lead) = facts.lead else {
        return false;
    };
    let from_lead = folded.get(facts.indent..).unwrap_or_default();
    if !lead.is_ascii_digit() && numerals::ordinal(lead).is_none() {
        // Unnumbered, a heading opens with a section's title or a variant ([`may_open_heading`]):
        // a line shorter than the shortest of them (「总计」, 「其他」: the column heads of a
        // table written a cell a line) is turned away by its length.
        return !is_title_lead(lead) || from_lead.len() >= SHORTEST_TITLE;
    }
    let after = from_lead.get(lead.len_utf8()..).unwrap_or_default();
    // Every title that names a section holds one of a few characters (`may_name_section`):
    // a numbered line without any (most numbered table labels written a cell a line,
    // 「1.本机关不掌握相关政府信息」) is turned away before it is read for a run-in or a key.
    // A row with tabs is left to the tab test, which turns it away without reading its cells;
    // a line opening otherwise to `may_open_heading`, which compares its start.
    opens_with_separator(after) && (facts.tab || holds_section_character(after))
}

/// Whether text (its bytes) opens with a numeral's separator: 「、」, `.`, `,`, 「，」 or a space,
/// as [`section_numeral`] reads one.
#[inline(always)]
fn opens_with_separator(text: &[u8]) -> bool {
    matches!(
        text,
        [b'.' | b',' | b' ', ..] | [0xE3, 0x80, 0x81, ..] | [0xEF, 0xBC, 0x8C, ..]
    )
}

/// Whether text (its bytes) holds a character `may_name_section` accepts. Each is three
/// bytes opening with a lead byte, which no encoding holds but at a character's start, so
/// every three bytes are compared rather than each character decoded (test
/// `section_characters_are_found_in_bytes_as_in_characters`).
fn holds_section_character(text: &[u8]) -> bool {
    text.windows(3).any(|w| {
        matches!(
            w,
            [0xE6, 0x80, 0xBB] // 总
                | [0xE4, 0xB8, 0xBB] // 主
                | [0xE6, 0x94, 0xB6] // 收
                | [0xE5, 0xA4, 0x84] // 处
                | [0xE5, 0xA4, 0x8D] // 复
                | [0xE9, 0x97, 0xAE] // 问
                | [0xE5, 0x85, 0xB6] // 其
                | [0xE7, 0xB8, 0xBD] // 總
                | [0xE8, 0x99, 0x95] // 處
                | [0xE5, 0xBE, 0xA9] // 復
                | [0xE8, 0xA4, 0x87] // 複
                | [0xE5, 0x95, 0x8F] // 問
                | [0xEF, 0xA5, 0xA6] // U+F966
        )
    })
}

/// Whether a character may make a title's key name a section: each word [`section_of_title`]
/// looks for, and each title and variant, holds one of 总主收处复问其, which the key
/// ([`label_key_cow`]) also reads from the Traditional 總處復複問 and the compatibility
/// ideograph U+F966 (復). The definition [`holds_section_character`] reads from bytes.
#[cfg(test)]
fn may_name_section(c: char) -> bool {
    matches!(
        c,
        '总' | '主'
            | '收'
            | '处'
            | '复'
            | '问'
            | '其'
            | '總'
            | '處'
            | '復'
            | '複'
            | '問'
            | '\u{F966}'
    )
}

/// Whether text starts with a digit or a Chinese numeral (what a section numeral starts with).
fn opens_with_numeral(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || numerals::ordinal(c).is_some())
}

/// The section whose template title a text is, if it is one.
fn template_section(text: &str) -> Option<SectionId> {
    SectionId::ALL.into_iter().find(|id| text == id.title())
}

/// Where text runs in after a heading: the first colon or full stop outside brackets.
///
/// Read from the bytes: every character it looks for is ASCII or opens with 0xE3 or 0xEF
/// (「。【】《》」, 「（）」), bytes no other character's encoding holds but at its start, and an
/// ideograph (lead bytes 0xE4–0xE9) is stepped over whole: decoded, each character of a
/// heading cost about 30 instructions (test `run_in_cut_reads_bytes_as_characters`).
fn run_in_cut(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let step = match b {
            b'(' | b'[' => {
                depth += 1;
                1
            }
            b')' | b']' => {
                depth = depth.saturating_sub(1);
                1
            }
            b':' if depth == 0 => return Some(i),
            0xE4..=0xE9 => 3,
            0xE3 | 0xEF => {
                match bytes.get(i..i + 3) {
                    // （ 【 《
                    Some([0xEF, 0xBC, 0x88] | [0xE3, 0x80, 0x90 | 0x8A]) => depth += 1,
                    // ） 】 》
                    Some([0xEF, 0xBC, 0x89] | [0xE3, 0x80, 0x91 | 0x8B]) => {
                        depth = depth.saturating_sub(1);
                    }
                    // 。
                    Some([0xE3, 0x80, 0x82]) if depth == 0 => return Some(i),
                    _ => {}
                }
                3
            }
            _ => 1,
        };
        i += step;
    }
    None
}

/// Whether a title holds a mark that ends a clause (a comma, a semicolon, an exclamation or a
/// question mark, half- or full-width). Its bytes are looked at first: the half-width marks
/// are ASCII and the full-width ones open with 0xEF, which a title of ideographs seldom holds.
fn has_clause_mark(title: &str) -> bool {
    title
        .bytes()
        .any(|b| matches!(b, b',' | b';' | b'!' | b'?' | 0xEF))
        && title.contains([',', ';', '!', '?', '，', '；', '！', '？'])
}

/// A title (folded, or its key) without a closing parenthetical note: 「…申请情况(单位:件)」.
fn without_note(key: &str) -> &str {
    if !key.ends_with(')') {
        return key;
    }
    key.rfind('(').map_or(key, |open| &key[..open])
}

/// How the titles of numbered headings end, in the template and its variants. A numbered line
/// that names a section but ends otherwise (「二、主动公开政府信息方面」) is an item of a list.
/// Written as character pairs, compared with a key's last two characters as they are read:
/// as strings, every ending was decoded again on every comparison.
const HEADING_ENDINGS: [[char; 2]; 13] = [
    ['情', '况'],
    ['事', '项'],
    ['措', '施'],
    ['问', '题'],
    ['改', '进'],
    ['整', '改'],
    ['说', '明'],
    ['概', '况'],
    ['概', '述'],
    ['诉', '讼'],
    ['应', '诉'],
    ['信', '息'],
    ['申', '请'],
];

/// Whether a title's key ([`label_key_cow`]), its note left out ([`without_note`]), ends as a
/// numbered heading's does ([`HEADING_ENDINGS`]), told from the title's last characters
/// without building the key: most numbered lines that reach the key are table labels that
/// end otherwise. The key's end is read backwards as the key reads each character
/// ([`key_char`]): trailing colons dropped, then a closing note up to its opening bracket,
/// and 「資訊」 read as 「信息」, the one word the key replaces.
fn key_ends_like_heading(title: &str) -> bool {
    let mut key_backwards = title
        .chars()
        .rev()
        .filter_map(key_char)
        .skip_while(|&c| c == ':' || c == '：');
    let Some(mut last) = key_backwards.next() else {
        return false;
    };
    if last == ')' {
        // Without an opening bracket the note stays, and the key ends with ')'.
        if !key_backwards.any(|c| c == '(') {
            return false;
        }
        let Some(before_note) = key_backwards.next() else {
            return false;
        };
        last = before_note;
    }
    let Some(before) = key_backwards.next() else {
        return false;
    };
    // 資訊 is replaced in the key; no ending begins with 息 or 訊, so a replacement ending
    // one character earlier (資訊X) cannot make or unmake an ending.
    let (before, last) = match (before, last) {
        ('資', '訊') => ('信', '息'),
        pair => pair,
    };
    HEADING_ENDINGS.contains(&[before, last])
}

/// A title's character as its key ([`label_key_cow`]) writes it: folded and simplified, or
/// dropped (whitespace, quotation marks). The key also writes 「、」 and 「．」 after a digit
/// as `.`; neither is in a heading ending, so that is left out here.
fn key_char(c: char) -> Option<char> {
    let read = simplified(fold_char(c));
    let dropped = read.is_whitespace()
        || matches!(
            read,
            '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」' | '『' | '』'
        );
    (!dropped).then_some(read)
}

/// Which section a heading title names. Unnumbered lines must be an exact title (or a listed
/// variant) to count; numbered ones may word it freely as long as the key words are there.
fn section_of_title(key: &str, unnumbered: bool) -> Option<SectionId> {
    if unnumbered {
        return SectionId::ALL
            .into_iter()
            .find(|id| key == id.title() || id.known_variants().contains(&key));
    }
    // A numbered heading mostly words its title as the template does: a few comparisons of the
    // whole key find it before any search (each title names its own section below, test
    // `each_title_names_its_section`).
    if let Some(id) = SectionId::ALL.into_iter().find(|id| key == id.title()) {
        return Some(id);
    }
    section_named(key)
}

/// Which section a numbered heading's key names by its words.
fn section_named(key: &str) -> Option<SectionId> {
    // Each of the words below holds one of these characters: a key with none of them (most
    // numbered table labels) is turned away in one pass instead of ten searches.
    if !key.contains(['总', '主', '收', '处', '复', '问', '其']) {
        return None;
    }
    let id = if key.contains("总体情况") {
        SectionId::Overview
    } else if key.contains("主动公开政府信息") {
        SectionId::Proactive
    } else if key.contains("收到和处理") || key.contains("处理政府信息公开申请") {
        SectionId::Requests
    } else if key.contains("行政复议") && (key.contains("诉讼") || key.contains("应诉")) {
        SectionId::Appeals
    } else if key.contains("存在的主要问题")
        || (key.contains("问题") && (key.contains("改进") || key.contains("整改")))
    {
        SectionId::Problems
    } else if key.contains("其他需要报告") || key.contains("其他需要说明") || key == "其他事项"
    {
        SectionId::Other
    } else {
        return None;
    };
    Some(id)
}

/// Splits a section numeral (`一、`, `1、`, `1.`) off the front of a heading.
fn section_numeral(text: &str) -> (Numeral, &str) {
    let mut chars = text.char_indices();
    let Some((_, first)) = chars.next() else {
        return (
            Numeral {
                style: NumeralStyle::None,
                value: 0,
            },
            text,
        );
    };
    let (style, value) = if let Some(value) = numerals::ordinal(first) {
        (NumeralStyle::Chinese, value)
    } else if let Some(value) = first.to_digit(10) {
        (NumeralStyle::Arabic, value as u8)
    } else {
        return (
            Numeral {
                style: NumeralStyle::None,
                value: 0,
            },
            text,
        );
    };
    let after = &text[first.len_utf8()..];
    let separator = after.chars().next();
    match separator {
        Some('、' | '.' | ',' | '，' | ' ') => {
            let sep_len = separator.map_or(0, char::len_utf8);
            (Numeral { style, value }, &after[sep_len..])
        }
        _ => (
            Numeral {
                style: NumeralStyle::None,
                value: 0,
            },
            text,
        ),
    }
}

/// Sub-item titles end at the first full stop or colon; a short line is all title.
const MAX_TITLE_CHARS: usize = 30;

fn sub_items(doc: &Document, first: u32, last: u32) -> Vec<SubItem> {
    read_sub_items(doc, first, last, true)
}

/// The sub-items of lines `first..=last`; `copy_runs` false appends every body line on its
/// own, the definition the run copying is tested against.
fn read_sub_items(doc: &Document, first: u32, last: u32, copy_runs: bool) -> Vec<SubItem> {
    let mut items: Vec<SubItem> = Vec::new();
    // Lines appended to the last item's body as written (see `as_written`), not yet copied:
    // consecutive ones stand in the raw text joined by their line ends, as the body joins
    // them, so a run of them (a table written a cell a line: every number after a 「（一）…」
    // row) is copied in one piece instead of trimmed and appended line by line.
    let mut run: Option<(u32, u32)> = None;
    // A row of a table, or a blank line, neither goes into a body as written nor opens an
    // item nor adds to one: it is passed over by its facts in a loop of its own (most lines
    // of a report written in rows), not made a line. It only ends a run: the next line
    // written as is then does not follow on the run, which is copied then.
    let lines = (first.max(1)..)
        .zip(doc.facts_in(first, last))
        .filter(|(_, facts)| !facts.tab && !facts.blank);
    for (no, facts) in lines {
        // Most body lines go in as written (in a table written a cell a line, every cell):
        // decided from the facts, without making the line.
        if copy_runs && !items.is_empty() && as_written(facts, || doc.line_ends_unspaced(no)) {
            run = match run {
                Some((from, to)) if to + 1 == no => Some((from, no)),
                ended => {
                    append_run(&mut items, doc, ended);
                    Some((no, no))
                }
            };
            continue;
        }
        // Before the first sub-item (no run is open then), a line that cannot open one (it
        // does not start with a bracket) goes nowhere: it is not made a line.
        if items.is_empty() && facts.lead != Some('(') {
            continue;
        }
        let Some(line) = doc.line(no) else {
            continue;
        };
        append_run(&mut items, doc, run.take());
        let text = line.folded_from_lead();
        let offset = line.facts.indent;
        // A sub-item numeral opens with a bracket (folded); other lines are not read for one.
        let numbered = (line.facts.lead == Some('('))
            .then(|| sub_item_numeral(text))
            .flatten();
        if let Some((numeral, len)) = numbered {
            let rest_start = offset + len;
            let rest = line.folded[rest_start..].trim_start();
            let rest_start = line.folded.len() - rest.len();
            let title_end = sub_item_title_end(rest)
                .or_else(|| (!more_chars_than(rest, MAX_TITLE_CHARS)).then_some(rest.len()));
            let Some(title_end) = title_end else {
                continue;
            };
            let (title, body) = raw_title_and_body(&line, rest_start, rest_start + title_end);
            let body = body.trim_start_matches(['。', ':', '：', ';', '；']);
            items.push(SubItem {
                line: line.no,
                numeral,
                title: title.trim().to_string(),
                body: body.trim().to_string(),
                last_line: line.no,
            });
            continue;
        }
        if let Some(item) = items.last_mut() {
            append_lines(item, line.raw.trim(), line.no);
        }
    }
    append_run(&mut items, doc, run);
    items
}

/// Appends a run of lines taken as written (`from..=to`), if any, to the last item's body.
fn append_run(items: &mut [SubItem], doc: &Document, run: Option<(u32, u32)>) {
    if let (Some(item), Some((from, to))) = (items.last_mut(), run) {
        append_lines(item, doc.raw_of_lines(from, to), to);
    }
}

/// Where a sub-item's title ends in its folded text after the numeral: at the first full stop,
/// colon or semicolon (「。」, `:`, `;`, 「；」). Read from the bytes: each is ASCII or a
/// three-byte sequence opening with 0xE3 or 0xEF, bytes no other character's encoding holds
/// but at its start, and an ideograph (lead bytes 0xE4–0xE9) is stepped over whole (test
/// `a_title_ends_where_its_characters_say`).
fn sub_item_title_end(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b':' | b';' => return Some(i),
            0xE3 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0x82]) => return Some(i),
            0xEF if bytes.get(i + 1..i + 3) == Some(&[0xBC, 0x9B]) => return Some(i),
            // An ideograph, stepped over whole.
            0xE4..=0xE9 => i += 2,
            _ => {}
        }
        i += 1;
    }
    None
}

/// A sub-item line's raw title and body: the raw text of the folded bytes `[from, split)` and
/// from `split` to the line's end. The raw places are found by walking both texts, the bytes
/// they share eight at a time ([`Line::raw_at`]), rather than by counting the title's
/// characters and stepping over as many raw ones (test
/// `titles_are_cut_from_the_raw_line_as_counting_cuts_them`).
fn raw_title_and_body<'a>(line: &Line<'a>, from: usize, split: usize) -> (&'a str, &'a str) {
    let raw_from = line.raw_at((0, 0), from);
    let raw_split = line.raw_at((raw_from, from), split);
    let raw = line.raw;
    (
        raw.get(raw_from..raw_split).unwrap_or_default(),
        raw.get(raw_split..).unwrap_or_default(),
    )
}

/// Whether a line (by its facts, and whether it `ends_unspaced`: asked last) goes into the body
/// of the item above it exactly as written: it holds text, no tab, cannot open a sub-item (it
/// does not start with a bracket), and neither starts nor ends with whitespace, so that
/// trimming it leaves it as it is. The start is told by the indent: every whitespace character
/// folds to whitespace, so a folded line without indent starts with none.
fn as_written(facts: &LineFacts, ends_unspaced: impl FnOnce() -> bool) -> bool {
    !facts.tab && !facts.blank && facts.indent == 0 && facts.lead != Some('(') && ends_unspaced()
}

/// Appends text (one or more trimmed lines joined by line ends) to an item's body, on a line
/// of its own, the last of them numbered `last_line`.
fn append_lines(item: &mut SubItem, text: &str, last_line: u32) {
    if !item.body.is_empty() {
        item.body.push('\n');
    }
    item.body.push_str(text);
    item.last_line = last_line;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::label_key;

    #[test]
    fn every_character_a_key_reads_as_a_section_word_passes_the_title_test() {
        let missed: Vec<String> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| {
                let read = crate::text::simplified(crate::text::fold_char(c));
                "总主收处复问其".contains(read) && !may_name_section(c)
            })
            .map(|c| format!("{:X}", c as u32))
            .collect();
        assert!(missed.is_empty(), "{missed:?}");
        for id in SectionId::ALL {
            for title in std::iter::once(id.title()).chain(id.known_variants().iter().copied()) {
                assert!(title.chars().any(may_name_section), "{title}");
            }
        }
    }

    #[test]
    fn no_title_is_shorter_than_the_shortest() {
        let titles = SectionId::ALL
            .into_iter()
            .flat_map(|id| std::iter::once(id.title()).chain(id.known_variants().iter().copied()));
        assert_eq!(titles.map(str::len).min(), Some(SHORTEST_TITLE));
        let doc = Document::new("总计\n其他\n总体情况\n其他需要报告的事项：无");
        let passed: Vec<bool> = doc.lines().map(|l| numbered_may_be_heading(&l)).collect();
        assert_eq!(passed, [false, false, true, true]);
    }

    #[test]
    fn title_leads_are_the_first_characters_of_the_titles() {
        let leads: Vec<char> = SectionId::ALL
            .into_iter()
            .flat_map(|id| std::iter::once(id.title()).chain(id.known_variants().iter().copied()))
            .filter_map(|title| title.chars().next())
            .collect();
        let listed: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_title_lead(c))
            .collect();
        for c in &listed {
            assert!(leads.contains(c), "{c}");
        }
        for c in &leads {
            assert!(listed.contains(c), "{c}");
        }
    }

    #[test]
    fn a_template_title_names_its_section_as_its_key_does() {
        // The shortcut in `read_heading` takes a title equal to a template title for that
        // title's section, numbered or not, without the key: the keyed reading must agree.
        for id in SectionId::ALL {
            for unnumbered in [true, false] {
                assert_eq!(
                    section_of_keyed_title(id.title(), unnumbered),
                    Some(id),
                    "{}",
                    id.title()
                );
            }
        }
        // At most one title of a given length: a title is compared byte by byte with one
        // template title at most.
        let mut lengths: Vec<usize> = SectionId::ALL.iter().map(|id| id.title().len()).collect();
        lengths.sort_unstable();
        lengths.dedup();
        assert_eq!(lengths.len(), SectionId::ALL.len());
    }

    #[test]
    fn each_title_names_its_section() {
        for id in SectionId::ALL {
            assert_eq!(section_named(id.title()), Some(id), "{}", id.title());
            assert_eq!(section_of_title(id.title(), false), Some(id));
        }
    }

    #[test]
    fn numbers_and_unseparated_numerals_are_turned_away_first() {
        let doc = Document::new(
            "12\n一是加强\n3总体情况\n1、总体情况\n一 总体情况\n总体情况\n1.属于国家秘密",
        );
        let passed: Vec<bool> = doc.lines().map(|l| numbered_may_be_heading(&l)).collect();
        assert_eq!(passed, [false, false, false, true, true, true, false]);
        let read: Vec<u32> = doc
            .lines()
            .filter_map(|l| heading(&l))
            .map(|(_, h)| h.line)
            .collect();
        assert_eq!(read, [4, 5, 6]);
    }

    #[test]
    fn numbered_titles_naming_a_section_pass_the_first_character_test() {
        // Every wording `section_of_title` accepts for a numbered heading, through the
        // one-pass character test that comes before the searches.
        let named = [
            ("总体情况", SectionId::Overview),
            ("主动公开政府信息情况", SectionId::Proactive),
            ("收到和处理政府信息公开申请情况", SectionId::Requests),
            ("处理政府信息公开申请情况", SectionId::Requests),
            ("政府信息公开行政复议、行政诉讼情况", SectionId::Appeals),
            ("政府信息公开行政复议和应诉情况", SectionId::Appeals),
            ("存在的主要问题及改进情况", SectionId::Problems),
            ("问题和整改", SectionId::Problems),
            ("其他需要报告的事项", SectionId::Other),
            ("其他需要说明的事项", SectionId::Other),
            ("其他事项", SectionId::Other),
        ];
        for (title, id) in named {
            assert_eq!(
                section_of_title(&label_key(title), false),
                Some(id),
                "{title}"
            );
        }
        for id in SectionId::ALL {
            assert_eq!(section_of_title(&label_key(id.title()), false), Some(id));
        }
        assert_eq!(
            section_of_title("本年新收政府信息公开申请数量", false),
            None
        );
        assert_eq!(section_of_title("属于国家秘密", false), None);
    }

    fn ids(text: &str) -> Vec<(SectionId, u32, NumeralStyle)> {
        find(&Document::new(text))
            .into_iter()
            .map(|s| (s.id, s.heading.line, s.heading.numeral.style))
            .collect()
    }

    #[test]
    fn markdown_headings_are_headings() {
        let text = "# 某县2023年政府信息公开工作年度报告\n## 一、总体情况\n正文\n### 二、主动公开政府信息情况\n#二、不是标题";
        let found = ids(text);
        assert_eq!(
            found,
            [
                (SectionId::Overview, 2, NumeralStyle::Chinese),
                (SectionId::Proactive, 4, NumeralStyle::Chinese)
            ]
        );
        let doc = Document::new(text);
        let heading = doc.line(2).and_then(|l| heading(&l)).map(|(_, h)| h);
        assert_eq!(heading.map(|h| h.raw), Some("一、总体情况".to_string()));
    }

    #[test]
    fn headings_are_found_by_title_whatever_the_numeral() {
        let text = "标题\n一、总体情况\n正文\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、结转下年度继续办理\n四、政府信息公开行政复议、行政诉讼情况\n5、 存在的主要问题及改进情况\n其他需要报告的事项\n无";
        assert_eq!(
            ids(text),
            [
                (SectionId::Overview, 2, NumeralStyle::Chinese),
                (SectionId::Proactive, 4, NumeralStyle::Chinese),
                (SectionId::Requests, 5, NumeralStyle::Chinese),
                (SectionId::Appeals, 7, NumeralStyle::Chinese),
                (SectionId::Problems, 8, NumeralStyle::Arabic),
                (SectionId::Other, 9, NumeralStyle::None),
            ]
        );
    }

    #[test]
    fn list_items_that_name_a_section_are_not_headings() {
        let text = "一、总体情况\n1、主动公开政府信息情况\n2、收到和处理政府信息公开申请情况\n五、存在的主要问题及改进情况\n一、主动公开政府信息情况还不够全面，需要加强\n二、主动公开政府信息方面：更新不及时。";
        assert_eq!(
            ids(text),
            [
                (SectionId::Overview, 1, NumeralStyle::Chinese),
                (SectionId::Problems, 4, NumeralStyle::Chinese),
            ]
        );
    }

    #[test]
    fn run_in_text_after_a_heading_is_kept_apart() {
        let text = "一、总体情况：2023年，我局认真贯彻落实《条例》，取得良好成效，主动公开各类信息 29 条，全年未发生行政复议。\n　六、其他需要报告的事项：无。";
        let sections = find(&Document::new(text));
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].heading.raw, "一、总体情况");
        assert_eq!(sections[0].heading.title, "总体情况");
        assert!(sections[0].heading.run_in.starts_with("2023年，我局"));
        assert_eq!(sections[1].heading.raw, "六、其他需要报告的事项");
        assert_eq!(sections[1].heading.run_in, "无。");
        let plain = find(&Document::new("五、存在的主要问题及改进情况。\n无"));
        assert_eq!(plain[0].heading.title, "存在的主要问题及改进情况");
        assert_eq!(plain[0].heading.run_in, "");
    }

    #[test]
    fn a_note_after_the_title_is_part_of_the_heading() {
        let text = "三、收到和处理政府信息公开申请情况（单位：件，万元）";
        assert_eq!(ids(text), [(SectionId::Requests, 1, NumeralStyle::Chinese)]);
    }

    #[test]
    fn table_rows_and_prose_are_not_headings() {
        let text = "\t四、结转下年度继续办理\n一、本年新收政府信息公开申请数量\t0\t0\n全文内容包括总体情况、主动公开政府信息情况。\n二是存在的主要问题及改进情况需要加强";
        assert!(ids(text).is_empty());
    }

    #[test]
    fn no_title_starts_like_a_numeral() {
        // `heading` turns away unnumbered lines that open with a digit or a numeral, since
        // an unnumbered heading must be exactly one of these.
        for id in SectionId::ALL {
            for title in std::iter::once(id.title()).chain(id.known_variants().iter().copied()) {
                assert!(!opens_with_numeral(&label_key(title)), "{title}");
            }
        }
    }

    #[test]
    fn only_lines_that_may_be_headings_are_read() {
        let text = "2023年，本机关主动公开信息情况如下\n　一、总体情况\n## 二、主动公开政府信息情况\n其他需要报告的事项\n“总体情况”\n\n\t四、结转下年度继续办理\t0";
        let doc = Document::new(text);
        let may: Vec<bool> = doc.lines().map(|l| may_be_heading(&l)).collect();
        assert_eq!(may, [true, true, true, true, false, false, true]);
        // Whatever the quick look lets through is decided as before.
        assert_eq!(
            ids(text),
            [
                (SectionId::Overview, 2, NumeralStyle::Chinese),
                (SectionId::Proactive, 3, NumeralStyle::Chinese),
                (SectionId::Other, 4, NumeralStyle::None),
            ]
        );
        for line in doc.lines().filter(|l| !may_be_heading(l)) {
            assert!(heading(&line).is_none(), "{line:?}");
        }
    }

    #[test]
    fn sub_items_take_title_and_body() {
        let text = "一、总体情况\n(一) 主动公开方面。累计主动公开政府信息 29 条。\n（二）依申请公开：\n\n无\n（1） 政府信息管理。正文\n二、主动公开政府信息情况";
        let sections = find(&Document::new(text));
        let items = &sections[0].items;
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].title, "主动公开方面");
        assert_eq!(items[0].body, "累计主动公开政府信息 29 条。");
        assert_eq!(items[1].title, "依申请公开");
        assert_eq!(items[1].body, "无");
        assert_eq!(items[1].last_line, 5);
        assert_eq!(
            items[2].numeral,
            Numeral {
                style: NumeralStyle::Arabic,
                value: 1
            }
        );
        assert_eq!(sections[0].body_last, 6);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Copying runs of lines written as they are trimmed gives every item the body, title
        /// and last line that appending its lines one by one gives.
        #[test]
        fn copied_runs_make_the_bodies_appended_lines_make(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::Just("（一）予以公开"),
                    proptest::prelude::Just("(二)标题：正文 "),
                    proptest::prelude::Just("（3）"),
                    proptest::prelude::Just("（四）一个很长很长很长很长很长很长很长很长很长很长很长很长的标题没有句号"),
                    proptest::prelude::Just("(x)不是编号"),
                    proptest::prelude::Just("0"),
                    proptest::prelude::Just(" 0"),
                    proptest::prelude::Just("0 "),
                    proptest::prelude::Just("12"),
                    proptest::prelude::Just(""),
                    proptest::prelude::Just("  "),
                    proptest::prelude::Just("\u{3000}"),
                    proptest::prelude::Just("a\tb"),
                    proptest::prelude::Just("\u{3000}全角空格"),
                    proptest::prelude::Just("文字\u{3000}"),
                    proptest::prelude::Just("\u{a0}x"),
                    proptest::prelude::Just("x\u{feff}"),
                    proptest::prelude::Just("\u{feff}x"),
                    proptest::prelude::Just("\u{200b}y"),
                    proptest::prelude::Just("\u{2028}z"),
                    proptest::prelude::Just("１.属于国家秘密"),
                    proptest::prelude::Just("[bookmark: a]"),
                ],
                0..40,
            ),
            ending in proptest::prelude::any::<bool>(),
            first in 0u32..5,
            cut in 0u32..5,
        ) {
            let mut text = lines.join("\n");
            if ending {
                text.push('\n');
            }
            let doc = Document::new(&text);
            let last = doc.line_count().saturating_sub(cut);
            proptest::prop_assert_eq!(
                read_sub_items(&doc, first, last, true),
                read_sub_items(&doc, first, last, false)
            );
        }
    }

    /// The words a title's key ending turns on: the heading endings, Simplified and
    /// Traditional, 資訊 and its halves, table labels, numbers and the 「、」 the key writes `.`
    /// after a digit, the spaces, quotation marks and colons the key drops, brackets of a note,
    /// and characters the key folds.
    const ENDING_WORDS: [&str; 49] = [
        "情况",
        "情況",
        "事项",
        "事項",
        "措施",
        "问题",
        "問題",
        "改进",
        "改進",
        "整改",
        "说明",
        "說明",
        "概况",
        "概述",
        "诉讼",
        "訴訟",
        "应诉",
        "應訴",
        "信息",
        "资讯",
        "資訊",
        "申请",
        "申請",
        "資",
        "訊",
        "息",
        "信",
        "情",
        "况",
        "本年新收政府信息公开申请数量",
        "属于国家秘密",
        "其他",
        "處理",
        "\u{F966}",
        "1",
        "２",
        "、",
        " ",
        "\u{3000}",
        "\u{A0}",
        "\t",
        "：",
        ":",
        "（",
        "）",
        "(",
        ")",
        "“",
        "」",
    ];

    /// Whether a title's key (its note left out) ends as a numbered heading's does: the test
    /// [`key_ends_like_heading`] makes without the key.
    fn ends_like_heading(key: &str) -> bool {
        HEADING_ENDINGS
            .iter()
            .any(|ending| key.ends_with(&String::from_iter(ending)))
    }

    /// The keyed reading as it was before [`key_ends_like_heading`]: the key built, then its
    /// end compared.
    fn section_of_keyed_title_by_key(title: &str, unnumbered: bool) -> Option<SectionId> {
        if has_clause_mark(without_note(title)) || !title.chars().any(may_name_section) {
            return None;
        }
        let key = label_key_cow(title);
        if !unnumbered && !ends_like_heading(without_note(&key)) {
            return None;
        }
        section_of_title(&key, unnumbered)
    }

    #[test]
    fn a_title_ends_like_a_heading_as_its_key_does_in_these_cases() {
        for (title, ends) in [
            ("收到和处理政府信息公开申请情况", true),
            ("收到和处理政府資訊公開申請情況", true),
            ("資訊", true),
            ("政府資訊", true),
            ("政府資 訊", true),
            ("資訊處理", false),
            ("情况（单位：件）：", true),
            ("情况：（注）", false),
            ("情况(注", false),
            ("情况 ）", false),
            ("“问题”", true),
            ("本年新收政府信息公开申请数量", false),
            ("况", false),
            ("", false),
        ] {
            assert_eq!(key_ends_like_heading(title), ends, "{title}");
            let key = label_key(title);
            assert_eq!(ends_like_heading(without_note(&key)), ends, "{title}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

        /// The quick look at a title's end says what its key's end says, and the keyed reading
        /// names the same section (or none) as building the key first did.
        #[test]
        fn a_title_ends_like_a_heading_as_its_key_does(
            words in proptest::collection::vec(
                proptest::sample::select(&ENDING_WORDS[..]),
                0..8,
            ),
        ) {
            let title = words.concat();
            let key = label_key_cow(&title);
            proptest::prop_assert_eq!(
                key_ends_like_heading(&title),
                ends_like_heading(without_note(&key)),
                "{:?} keyed {:?}", title, key
            );
            for unnumbered in [true, false] {
                proptest::prop_assert_eq!(
                    section_of_keyed_title(&title, unnumbered),
                    section_of_keyed_title_by_key(&title, unnumbered),
                    "{:?}", title
                );
            }
        }
    }

    #[test]
    fn a_table_row_is_told_from_the_folded_line_as_from_the_raw_one() {
        let alphabet = ['\t', ' ', '\u{3000}', 'a', '１', '[', ']', '\n'];
        for text in crate::document::texts_up_to(&alphabet, 5) {
            let text = text.replace("[]", "[bookmark: _GoBack]");
            for line in Document::new(&text).lines() {
                let by_raw = line.has_tab()
                    && (line.raw.starts_with('\t') || line.folded.trim().contains('\t'));
                assert_eq!(is_table_row(&line.facts, line.folded), by_raw, "{text:?}");
            }
        }
    }

    #[test]
    fn every_whitespace_character_folds_to_whitespace() {
        // What lets `as_written` tell a line's start by its indent.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c.is_whitespace() {
                assert!(crate::text::fold_char(c).is_whitespace(), "{c:?}");
            }
        }
    }

    #[test]
    fn a_heading_lead_is_a_mark_a_digit_a_numeral_or_a_title_lead() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let by_parts = c == '#'
                || c.is_ascii_digit()
                || numerals::ordinal(c).is_some()
                || is_title_lead(c);
            assert_eq!(may_lead_heading(c), by_parts, "{c:?}");
        }
    }

    #[test]
    fn no_title_has_a_run_in() {
        for id in SectionId::ALL {
            assert_eq!(template_section(id.title()), Some(id));
            assert_eq!(run_in_cut(id.title()), None, "{}", id.title());
            assert_eq!(run_in_cut_by_chars(id.title()), None, "{}", id.title());
        }
        assert_eq!(template_section("总体情况：无"), None);
    }

    /// [`run_in_cut`] as it was, character by character: the definition the byte reading is
    /// tested against.
    fn run_in_cut_by_chars(rest: &str) -> Option<usize> {
        let mut depth = 0usize;
        for (i, c) in rest.char_indices() {
            match c {
                '(' | '（' | '[' | '【' | '《' => depth += 1,
                ')' | '）' | ']' | '】' | '》' => depth = depth.saturating_sub(1),
                ':' | '。' if depth == 0 => return Some(i),
                _ => {}
            }
        }
        None
    }

    /// A sub-item title's end as it was found, by a search of the characters.
    fn sub_item_title_end_by_chars(rest: &str) -> Option<usize> {
        rest.find(['。', ':', ';', '；'])
    }

    /// Characters that share bytes with the marks the byte readings look for (the other
    /// punctuation opening with 0xE3 and 0xEF, whose second or third byte may be one of
    /// theirs), the marks themselves, ideographs, and characters of one, two and four bytes.
    const MARK_NEIGHBOURS: [char; 12] = [
        '(', '（', '】', '《', '》', ':', '。', '；', '、', '，', '总', '𠀀',
    ];

    #[test]
    fn run_in_cut_reads_bytes_as_characters() {
        // Every character alone and between the marks...
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for text in [
                format!("{c}"),
                format!("{c}。"),
                format!("（{c}）:"),
                format!("【{c}:】。"),
                format!("{c}；;"),
            ] {
                assert_eq!(run_in_cut(&text), run_in_cut_by_chars(&text), "{text:?}");
                assert_eq!(
                    sub_item_title_end(&text),
                    sub_item_title_end_by_chars(&text),
                    "{text:?}"
                );
            }
        }
        // ...and every text of up to five of the characters around them.
        let alphabet = [
            '(', ')', '[', ']', '（', '）', '【', '】', '《', '》', ':', '。', '、', '¥', '𠀀',
        ];
        for text in crate::document::texts_up_to(&alphabet, 4) {
            assert_eq!(run_in_cut(&text), run_in_cut_by_chars(&text), "{text:?}");
        }
        for text in crate::document::texts_up_to(&MARK_NEIGHBOURS, 5) {
            assert_eq!(run_in_cut(&text), run_in_cut_by_chars(&text), "{text:?}");
        }
    }

    #[test]
    fn a_title_ends_where_its_characters_say() {
        let alphabet = [
            ':', ';', '。', '；', '：', '、', '，', '」', 'a', '总', '¥', '𠀀',
        ];
        for text in crate::document::texts_up_to(&alphabet, 5) {
            assert_eq!(
                sub_item_title_end(&text),
                sub_item_title_end_by_chars(&text),
                "{text:?}"
            );
        }
    }

    /// A sub-item's raw title and body as they were cut: the raw text from as many characters
    /// as the folded text has before `from`, the title as many characters as the folded one.
    fn raw_title_and_body_by_counting<'a>(
        line: &Line<'a>,
        from: usize,
        split: usize,
    ) -> (&'a str, &'a str) {
        let skipped = line.folded[..from].chars().count();
        let title_chars = line.folded[from..split].chars().count();
        let raw_rest = line
            .raw
            .char_indices()
            .nth(skipped)
            .map_or("", |(i, _)| &line.raw[i..]);
        let split = raw_rest
            .char_indices()
            .nth(title_chars)
            .map_or(raw_rest.len(), |(i, _)| i);
        raw_rest.split_at(split)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Walking the raw and folded lines together cuts a title and body where counting the
        /// characters cut them, on short lines and long ones (which have marks), through
        /// full-width forms, spaces, Traditional characters and 4-byte characters.
        #[test]
        fn titles_are_cut_from_the_raw_line_as_counting_cuts_them(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "a", "７", "（", "）", "\u{3000}", "\u{00A0}", "年", "𠀀", "；", "資", "訊",
                    "處", "公開", "\u{F966}", "。", ":", "，",
                ][..]),
                0..2_500,
            ),
            cuts in proptest::collection::vec((0usize..3_000, 0usize..3_000), 1..20),
        ) {
            let text = pieces.concat();
            let doc = Document::new(&format!("首行\n{text}\n尾行"));
            let line = doc.line(2).unwrap();
            let starts = crate::document::char_starts(line.folded);
            for (a, b) in cuts {
                let from = starts[a.min(starts.len() - 1)];
                let split = starts[b.min(starts.len() - 1)].max(from);
                proptest::prop_assert_eq!(
                    raw_title_and_body(&line, from, split),
                    raw_title_and_body_by_counting(&line, from, split),
                    "{}..{}", from, split
                );
            }
        }
    }

    #[test]
    fn section_characters_are_found_in_bytes_as_in_characters() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let alone = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(holds_section_character(alone), may_name_section(c), "{c:?}");
            let text = format!("{c}一");
            assert_eq!(
                opens_with_separator(text.as_bytes()),
                text.starts_with(['、', '.', ',', '，', ' ']),
                "{c:?}"
            );
        }
        let alphabet = [
            '总', '問', '\u{F966}', '、', '，', '.', 'a', '¥', '𠀀', '\u{3000}',
        ];
        for text in crate::document::texts_up_to(&alphabet, 5) {
            assert_eq!(
                holds_section_character(text.as_bytes()),
                text.chars().any(may_name_section),
                "{text:?}"
            );
            assert_eq!(
                opens_with_separator(text.as_bytes()),
                text.starts_with(['、', '.', ',', '，', ' ']),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_trimmed_folded_span_is_trimmed_raw_text() {
        // What lets a heading's raw text and title go untrimmed: the raw text of a folded span
        // that trimming leaves as it is is left as it is too. Spaces that fold, a zero-width
        // space (not whitespace, folded to one), tabs, full-width forms and a bookmark.
        let alphabet = [
            '\u{3000}', '\u{A0}', '\u{200B}', ' ', '\t', 'a', '１', '（', '[', ']',
        ];
        for text in crate::document::texts_up_to(&alphabet, 5) {
            let text = text.replace("[]", "[bookmark: _GoBack]");
            for line in Document::new(&text).lines() {
                let bounds: Vec<usize> = line
                    .folded
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([line.folded.len()])
                    .collect();
                for (k, &from) in bounds.iter().enumerate() {
                    for &to in &bounds[k..] {
                        let span = &line.folded[from..to];
                        if span.is_empty() || span.trim() != span {
                            continue;
                        }
                        let raw = line.raw_of_folded(from, to);
                        assert_eq!(raw.trim(), raw, "{text:?} {from}..{to}");
                    }
                }
            }
        }
    }

    /// [`sub_item_numeral`] as it was: the closing bracket searched for along the whole line.
    fn sub_item_numeral_searching_the_line(text: &str) -> Option<(Numeral, usize)> {
        let inner = text.strip_prefix('(')?;
        let close = inner.find(')')?;
        let number = &inner[..close];
        let numeral = if let Some(value) =
            crate::report::numerals::small_number(number).and_then(|n| u8::try_from(n).ok())
        {
            Numeral {
                style: NumeralStyle::Chinese,
                value,
            }
        } else if !number.is_empty()
            && number.len() <= 2
            && number.chars().all(|c| c.is_ascii_digit())
        {
            Numeral {
                style: NumeralStyle::Arabic,
                value: number.parse().ok()?,
            }
        } else {
            return None;
        };
        Some((numeral, 1 + close + 1))
    }

    #[test]
    fn a_sub_item_numeral_is_read_as_it_was() {
        // Numbers of every length up to five characters of digits, 十, the zeros of three bytes,
        // a four-byte character and other text, closed early, late or never.
        let alphabet = ['(', ')', '十', '二', '〇', '○', '1', '0', 'O', '𠀀', '年'];
        for text in crate::document::texts_up_to(&alphabet, 5) {
            let text = format!("({text}");
            assert_eq!(
                sub_item_numeral(&text),
                sub_item_numeral_searching_the_line(&text),
                "{text:?}"
            );
        }
        for text in [
            "(二十三)",
            "(九十九)正文",
            "(〇〇〇)",
            "(○○○)",
            "(12)",
            "(123)",
            "(𠀀𠀀𠀀)",
        ] {
            assert_eq!(
                sub_item_numeral(text),
                sub_item_numeral_searching_the_line(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn raw_of_lines_is_the_lines_joined() {
        let doc = Document::new("a\r\n b \n\nc\n");
        assert_eq!(doc.raw_of_lines(1, 4), "a\n b \n\nc");
        assert_eq!(doc.raw_of_lines(0, 2), "a\n b ");
        assert_eq!(doc.raw_of_lines(3, 3), "");
        assert_eq!(doc.raw_of_lines(4, 9), "c");
        assert_eq!(doc.raw_of_lines(3, 2), "");
        assert_eq!(doc.raw_of_lines(7, 9), "");
    }
}
