//! The front matter of a report: its title, its statistics period and the signature, and what
//! an agency's name must carry to identify it (a proper place name and a level).

use serde::Serialize;

use super::dates::DateMention;
use crate::text::Document;

/// A run of characters on one line: 1-based line, 1-based character column, length in
/// characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

/// The report's title, which may wrap over two lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Title {
    /// First line of the title.
    pub line: u32,
    /// Column of the title's first character on `line` (after any label a web page puts
    /// before it, such as 「标题：」).
    pub column: u32,
    /// Last line of the title (the same as `line` unless it wraps).
    pub last_line: u32,
    /// Column of the title's last character on `last_line` (before any site name a web page
    /// appends to it, such as 「-沭阳县发改局」).
    pub end_column: u32,
    /// The title as written, wrapped lines joined without a separator.
    pub text: String,
    /// The agency named before the year (「北关区司法局」), if any, with spaces removed.
    pub agency: Option<String>,
    /// Where the agency is written (on the first line it occupies, when it wraps).
    pub agency_span: Option<Span>,
    /// The four-digit year in the title (「2023年」, 「2023年度」, 「二〇二三年」), if any.
    pub year: Option<i32>,
}

impl Title {
    /// The title's visible characters, folded, with their line and column: from its first
    /// character to its last, whitespace left out.
    pub fn placed_chars(&self, doc: &Document) -> Vec<(char, u32, u32)> {
        self.placed(doc).collect()
    }

    /// The title's visible characters, folded, as one string: [`Title::placed_chars`]'
    /// characters without their places (no tuple per character; most titles are read for
    /// their words and placed only when a rule flags them).
    pub fn compact(&self, doc: &Document) -> String {
        // The title's part of each line is cut out by characters, and its runs between
        // whitespace copied whole: collected a character at a time (each one placed, then
        // encoded again), the string grew four or five times for a title of thirty.
        let mut compact = String::new();
        for line in doc.lines_in(self.line, self.last_line) {
            let mut part = line.folded;
            if line.no == self.last_line {
                part = first_chars(part, self.end_column as usize);
            }
            if line.no == self.line {
                let before = self.column.saturating_sub(1) as usize;
                part = &part[first_chars(part, before).len()..];
            }
            compact.reserve(part.len());
            for run in part.split(char::is_whitespace) {
                compact.push_str(run);
            }
        }
        compact
    }

    /// The walk of [`Title::placed_chars`] (and the reference of [`Title::compact`]).
    fn placed<'d>(&self, doc: &'d Document) -> impl Iterator<Item = (char, u32, u32)> + 'd {
        let (first, last) = (self.line, self.last_line);
        let (column, end_column) = (self.column, self.end_column);
        doc.lines_in(first, last).flat_map(move |line| {
            let no = line.no;
            line.folded.chars().enumerate().filter_map(move |(i, c)| {
                let at = i as u32 + 1;
                let before = no == first && at < column;
                let after = no == last && at > end_column;
                (!c.is_whitespace() && !before && !after).then_some((c, no, at))
            })
        })
    }
}

/// The first `n` characters of `text` (all of it when it has fewer).
fn first_chars(text: &str, n: usize) -> &str {
    text.char_indices()
        .nth(n)
        .map_or(text, |(at, _)| &text[..at])
}

/// Where the agency or the year of a report was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FrontSource {
    /// The title line.
    Title,
    /// A sentence of the preamble that names the report or who compiled it.
    Preamble,
    /// The statistics period (the year only).
    Period,
    /// The name over the signature date, or (for the year) a signature date early in the next
    /// year.
    Signature,
    /// The publishing platform's metadata on the page (「发布机构：…」, 「来源：…」).
    WebMetadata,
    /// A fuller form of the title's generic name, most often written in the body.
    Body,
}

impl FrontSource {
    /// The kebab-case name used in machine output.
    pub fn as_str(self) -> &'static str {
        match self {
            FrontSource::Title => "title",
            FrontSource::Preamble => "preamble",
            FrontSource::Period => "period",
            FrontSource::Signature => "signature",
            FrontSource::WebMetadata => "web-metadata",
            FrontSource::Body => "body",
        }
    }
}

/// Where a fact of the front matter was read: what and on which line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Provenance {
    pub source: FrontSource,
    pub line: u32,
}

/// What kind of date the report's signature date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateKind {
    /// A date under or after the agency's name at the end of the report.
    Signature,
    /// A labelled publication date (「发布日期：2023年01月11日」), from the page or the header.
    Publication,
}

/// The statistics period sentence (统计期限 / 统计时限 / 统计时间 / 统计期间).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub line: u32,
    /// Column of the keyword (统计期限 …).
    pub column: u32,
    /// The keyword as written.
    pub keyword: String,
    /// The sentence from the keyword to its end, as written (without the full stop).
    pub text: String,
    /// The last line the sentence reaches (the same as `line` unless it wraps).
    pub last_line: u32,
    /// The start date, if one was read; a missing year is taken from the end.
    pub start: Option<DateMention>,
    /// The end date, if one was read; a missing year is inherited from the start.
    pub end: Option<DateMention>,
    /// The start date is not terminated as a date should be (no 日 after the day).
    pub start_truncated: bool,
    /// The end date is not terminated as a date should be (no 日 after the day, cut off).
    pub end_truncated: bool,
    /// The period is stated as a whole year without dates (「统计期限为2023年度」).
    pub whole_year: Option<i32>,
}

impl Period {
    /// The length in characters of the sentence on its first line, for marking it.
    pub fn span_len(&self) -> u32 {
        self.text
            .split('\n')
            .next()
            .map_or(0, |first| first.chars().count() as u32)
    }

    /// Whether the period reads as two complete, properly terminated dates, or as a whole year.
    pub fn is_well_formed(&self) -> bool {
        if self.whole_year.is_some() {
            return true;
        }
        let complete = |d: &Option<DateMention>| d.as_ref().is_some_and(|d| d.is_complete());
        complete(&self.start) && complete(&self.end) && !self.start_truncated && !self.end_truncated
    }
}

/// The agency's name as it stands over a signature date (the line above the date, or the text
/// before the date on the same line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signatory {
    pub span: Span,
    /// The name with spaces removed.
    pub name: String,
}

/// The signature block that closes a report: the signing agency's name on one or more lines,
/// and the date under it. Read once by the parser, so that rules judging the end of the text
/// or of its last section can leave it out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SignatureBlock {
    /// The line that is only the closing date (or the short line the signature date was read
    /// from, 「日期：2024年1月20日」), when the report ends with one.
    pub date_line: Option<u32>,
    /// The lines of the signing agency's name, in order: the short line right above the date,
    /// and names of agencies above it; without a date, the agencies' names the text ends with.
    pub signatory_lines: Vec<u32>,
}

impl SignatureBlock {
    /// Whether the line is part of the block.
    pub fn contains(&self, line: u32) -> bool {
        self.date_line == Some(line) || self.signatory_lines.contains(&line)
    }
}

/// How the names of agencies and their units end.
pub const AGENCY_ENDINGS: [&str; 22] = [
    "局", "委", "办", "院", "府", "会", "室", "处", "所", "厅", "部", "中心", "公司", "街道", "镇",
    "乡", "县", "区", "市", "旗", "站", "馆",
];

/// Levels of administrative division, longest first so that 自治区 is read before 区.
const LEVELS: [&str; 17] = [
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "街道",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "州",
    "盟",
    "乡",
    "镇",
    "林区",
];

/// Words that contain a level character without naming a division (市场监督管理局,
/// 住房和城乡建设局); they are blanked before levels are looked for.
/// (城市 is not among them: 聊城市 is a city; 「城市管理局」 fails on its generic 城.)
const NOT_LEVELS: [&str; 21] = [
    "城乡", "乡村", "乡镇", "城镇", "社区", "市场", "市政", "市容", "区域", "县域", "市域", "园区",
    "景区", "小区", "镇街", "区划", "省级", "市级", "县级", "区级", "乡级",
];

/// What may stand before a level without being a place's proper name (本市, 全县, 各区).
const GENERIC_PREFIXES: [&str; 19] = [
    "本", "我", "全", "该", "各", "某", "此", "其", "省", "市", "区", "县", "本级", "各级", "上级",
    "同级", "所在", "城", "郊",
];

/// Whether the name carries a proper place name before a level (北关区司法局, 乌拉特中旗司法局,
/// 淮安市人民政府); 「司法局」, 「市司法局」, 「本市司法局」 and 「县市场监督管理局」 do not.
pub fn has_place_and_level(name: &str) -> bool {
    place_end(&without_whitespace(name)).is_some()
}

/// The characters of a name but whitespace, in a vector made at its size: collected from the
/// filter, it grows (and copies) two or three times for a name of ten characters.
pub(crate) fn without_whitespace(name: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(name.len());
    chars.extend(name.chars().filter(|c| !c.is_whitespace()));
    chars
}

/// An agency's name split after its place: 「三门峡市陕州区」 + 「司法局」, with the level the
/// place ends in (「区」).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedName {
    /// The place, up to and including its last level (「三门峡市陕州区」).
    pub place: String,
    /// The level the place ends in (「区」, 「自治县」, 「街道」).
    pub level: &'static str,
    /// What follows the place: the body's own name (「司法局」, 「人民政府办公室」).
    pub body: String,
}

/// Splits a name (spaces removed) after the last level that follows a proper place name, as
/// [`has_place_and_level`] reads it; `None` when it has no such place or nothing after it.
pub fn split_place(name: &str) -> Option<PlacedName> {
    let original = without_whitespace(name);
    let (end, level) = place_end(&original)?;
    if end == original.len() {
        return None;
    }
    Some(PlacedName {
        place: string_of(&original[..end]),
        level,
        body: string_of(&original[end..]),
    })
}

/// The characters as a string, made at its size (collected from a slice of `char`s, it grows
/// as the characters come: room for one byte each is made first).
pub(crate) fn string_of(chars: &[char]) -> String {
    let mut text = String::with_capacity(chars.iter().map(|c| c.len_utf8()).sum());
    text.extend(chars);
    text
}

/// Where the place of a name (spaces removed) ends, after its last level that follows a proper
/// place name, and that level: the reading of [`split_place`] and [`has_place_and_level`].
/// Levels are looked for left to right once words that only contain a level character are
/// blanked ([`NOT_LEVELS`]); a level is skipped whole, so 自治区 is never also read as 区.
pub fn place_end(name: &[char]) -> Option<(usize, &'static str)> {
    let words = PlaceWords::get();
    // Most names hold no word that is not a level: copy only those that do.
    let blanked;
    let chars = match words.not_levels.first_at(name) {
        Some(first) => {
            let mut copy = name.to_vec();
            words.not_levels.blank(&mut copy[first..]);
            blanked = copy;
            &blanked[..]
        }
        None => name,
    };
    walk_levels(chars, 0, None, |_, _| {})
}

/// The place a blanked name reads as: levels are looked for left to right from `at` (a level
/// is skipped whole), `found` being the place read before `at`; the last level that follows a
/// proper name ends it. `step` is told each position looked at and the place found before it.
fn walk_levels(
    chars: &[char],
    mut at: usize,
    mut found: Option<(usize, &'static str)>,
    mut step: impl FnMut(usize, Option<(usize, &'static str)>),
) -> Option<(usize, &'static str)> {
    let words = PlaceWords::get();
    while at < chars.len() {
        step(at, found);
        let Some(level) = words.levels.at(&chars[at..]) else {
            at += 1;
            continue;
        };
        let len = words.levels.words[level].len();
        if is_proper_name(&chars[..at], &words.generic) {
            found = Some((at + len, LEVELS[level]));
        }
        at += len;
    }
    found
}

/// For every shorter part of a place (its first `n` characters, `n` in `1..len`), where the
/// place of the name 「part局」 ends ([`place_end`]), in order of `n`: how [`crate::agency`]
/// cuts a place into its segments. One reading of the whole place serves every part: a part
/// is blanked as the whole is up to its last two characters (the words [`NOT_LEVELS`] blanks
/// are two characters long and none holds 局), so only the part's last character differs —
/// unblanked when a word of the whole starts there — and the walk over levels agrees with the
/// whole's at every position whose look stays before that character. Each part resumes the
/// whole's walk at the first position that looks further, and reads only its last few
/// characters, where reading every part from its start took time quadratic in the place.
pub fn prefix_place_ends(place: &[char]) -> Vec<Option<usize>> {
    let words = PlaceWords::get();
    // The whole place blanked, and where its blanked words start.
    let mut blanked = place.to_vec();
    let mut word_starts = vec![false; place.len()];
    for at in 0..blanked.len() {
        if let Some(word) = words.not_levels.at(&blanked[at..]) {
            word_starts[at] = true;
            blanked[at..at + words.not_levels.words[word].len()].fill('·');
        }
    }
    // The walk over the whole: each position it looks at, how far the look reaches (the
    // longest level that may open with the character there) and the place found before it.
    let mut steps = Vec::with_capacity(place.len());
    walk_levels(&blanked, 0, None, |at, found| {
        steps.push((at, at + words.levels.reach(blanked[at]), found));
    });
    let mut part = Vec::with_capacity(place.len() + 1);
    (1..place.len())
        .map(|n| {
            part.clear();
            part.extend_from_slice(&blanked[..n]);
            if word_starts[n - 1] {
                part[n - 1] = place[n - 1];
            }
            part.push('局');
            // The first step whose look reaches the part's last character or beyond: every
            // step before it reads the part as the whole.
            let (at, found) = steps
                .iter()
                .find(|&&(_, reach, _)| reach > n - 1)
                .map_or((0, None), |&(at, _, found)| (at, found));
            walk_levels(&part, at, found, |_, _| {}).map(|(end, _)| end)
        })
        .collect()
}

/// A list of words as characters, with the words that may open at a character found by a
/// table look-up.
struct WordList {
    words: Vec<Vec<char>>,
    /// The indexes of the words, grouped by `first % 128` of their first character, in list
    /// order within a group.
    order: Vec<u8>,
    /// For each `c % 128`, the range of `order` whose words open with a character of that
    /// remainder (empty for most: a character of a name opens no word of the list).
    buckets: [(u8, u8); 128],
}

impl WordList {
    fn new(words: &[&str]) -> WordList {
        let words: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
        let bucket = |w: &Vec<char>| w.first().map_or(0, |&c| WordList::bucket(c));
        let mut order: Vec<u8> = (0..words.len() as u8).collect();
        // Stable: the words of one group keep the list's order, so the first match is the
        // list's first match.
        order.sort_by_key(|&i| bucket(&words[usize::from(i)]));
        let mut buckets = [(0u8, 0u8); 128];
        for (at, &i) in order.iter().enumerate() {
            let b = &mut buckets[bucket(&words[usize::from(i)])];
            if b.0 == b.1 {
                b.0 = at as u8;
            }
            b.1 = at as u8 + 1;
        }
        WordList {
            words,
            order,
            buckets,
        }
    }

    fn bucket(c: char) -> usize {
        c as usize % 128
    }

    /// How many characters [`WordList::at`] may read of a text opening with `c`: the longest
    /// word of `c`'s group, or `c` alone.
    fn reach(&self, c: char) -> usize {
        let (from, to) = self.buckets[WordList::bucket(c)];
        self.order[usize::from(from)..usize::from(to)]
            .iter()
            .map(|&i| self.words[usize::from(i)].len())
            .max()
            .unwrap_or(1)
            .max(1)
    }

    /// The index of the first word of the list that `chars` starts with.
    fn at(&self, chars: &[char]) -> Option<usize> {
        let &first = chars.first()?;
        let (from, to) = self.buckets[WordList::bucket(first)];
        self.order[usize::from(from)..usize::from(to)]
            .iter()
            .map(|&i| usize::from(i))
            .find(|&i| {
                // Compared character by character: the words are at most five characters, and
                // `starts_with` on a slice of `char`s calls `memcmp`.
                let w = &self.words[i];
                w.len() <= chars.len() && w.iter().zip(chars).all(|(a, b)| a == b)
            })
    }

    /// [`WordList::at`] by a walk of the whole list: the reference of the table look-up.
    #[cfg(test)]
    fn at_by_walk(&self, chars: &[char]) -> Option<usize> {
        let &first = chars.first()?;
        self.words
            .iter()
            .position(|w| w[0] == first && chars.starts_with(w))
    }

    /// Where the first word of the list starts in `chars`.
    fn first_at(&self, chars: &[char]) -> Option<usize> {
        (0..chars.len()).find(|&at| self.at(&chars[at..]).is_some())
    }

    /// Blanks each word where it starts, left to right: a word that overlaps one blanked
    /// before it is not blanked.
    fn blank(&self, chars: &mut [char]) {
        for at in 0..chars.len() {
            if let Some(word) = self.at(&chars[at..]) {
                chars[at..at + self.words[word].len()].fill('·');
            }
        }
    }

    fn contains(&self, chars: &[char]) -> bool {
        // Compared character by character, as in `at`: slices of equal length are compared by
        // a call of `memcmp`, once for each word of the length of the text before a level.
        self.words
            .iter()
            .any(|w| w.len() == chars.len() && w.iter().zip(chars).all(|(a, b)| a == b))
    }
}

/// The word lists of place names as characters, made once.
struct PlaceWords {
    levels: WordList,
    not_levels: WordList,
    generic: WordList,
}

impl PlaceWords {
    fn get() -> &'static PlaceWords {
        static WORDS: std::sync::OnceLock<PlaceWords> = std::sync::OnceLock::new();
        WORDS.get_or_init(|| PlaceWords {
            levels: WordList::new(&LEVELS),
            not_levels: WordList::new(&NOT_LEVELS),
            generic: WordList::new(&GENERIC_PREFIXES),
        })
    }
}

/// Whether the name is a national body, which has no place in its name (国务院办公厅,
/// 国家统计局, 中华人民共和国海关总署, 教育部).
pub fn is_national_body(name: &str) -> bool {
    const HEADS: [&str; 7] = [
        "国务院",
        "国家",
        "中华人民共和国",
        "中国",
        "中央",
        "全国",
        "最高人民",
    ];
    const TAILS: [&str; 3] = ["部", "总署", "审计署"];
    let name = name.trim();
    HEADS.iter().any(|h| name.starts_with(h))
        || (TAILS.iter().any(|t| name.ends_with(t)) && !has_place_and_level(name))
}

/// Whether the name identifies its agency: a national body, or a place name and level.
pub fn is_full_agency_name(name: &str) -> bool {
    is_national_body(name) || has_place_and_level(name)
}

/// Whether the agency is a local people's government (its own report may be published by
/// 3月31日 rather than 1月31日, 条例第四十九条).
pub fn is_local_government(name: &str) -> bool {
    name.trim().ends_with("人民政府") && !is_national_body(name)
}

/// The text before a level is a proper name when it ends in at least one ideograph and is not a
/// generic word (本市, 全县); a placeholder (××县) has no ideograph before its level.
fn is_proper_name(before: &[char], generic: &WordList) -> bool {
    let start = before
        .iter()
        .rposition(|c| !is_han(*c))
        .map_or(0, |i| i + 1);
    let tail = &before[start..];
    !tail.is_empty() && !generic.contains(tail)
}

/// A CJK ideograph (the place names of reports are written in them).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Characters of the word lists, characters that share their remainder modulo 128 with
    /// them (「州」 + 128…), and others.
    fn word_chars() -> Vec<char> {
        let mut pool: Vec<char> = LEVELS
            .iter()
            .chain(&NOT_LEVELS)
            .chain(&GENERIC_PREFIXES)
            .flat_map(|w| w.chars())
            .collect();
        let near: Vec<char> = pool
            .iter()
            .filter_map(|&c| char::from_u32(c as u32 + 128))
            .collect();
        pool.extend(near);
        pool.extend("司法局人民政府北关三门峡·a1 ".chars());
        pool
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The table look-up finds the word the walk of the whole list finds, at every position.
        #[test]
        fn word_lists_find_what_their_walk_finds(
            text in proptest::collection::vec(proptest::sample::select(word_chars()), 0..16)
        ) {
            let words = PlaceWords::get();
            for list in [&words.levels, &words.not_levels, &words.generic] {
                for at in 0..=text.len() {
                    prop_assert_eq!(list.at(&text[at..]), list.at_by_walk(&text[at..]));
                    for end in at..=text.len().min(at + 3) {
                        let part = &text[at..end];
                        prop_assert_eq!(
                            list.contains(part),
                            list.words.iter().any(|w| w[..] == *part)
                        );
                    }
                }
            }
            prop_assert_eq!(string_of(&text), text.iter().collect::<String>());
        }

        /// The one walk of a place gives every shorter part the end [`place_end`] reads in
        /// the part and 「局」.
        #[test]
        fn prefix_ends_are_the_ends_of_each_part(
            place in proptest::collection::vec(proptest::sample::select(word_chars()), 0..14)
        ) {
            prop_assert_eq!(prefix_place_ends(&place), prefix_ends_one_by_one(&place));
        }
    }

    proptest! {
        /// The title's compact text is its placed characters without their places, whatever
        /// lines and columns it spans (columns before, inside and past the lines' ends).
        #[test]
        fn a_compact_title_is_its_placed_characters(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    prop_oneof![Just("标题"), Just(" "), Just("\u{3000}"), Just("2023年"), Just("a"), Just("报告"), Just("\t")],
                    0..8,
                ),
                1..5,
            ),
            first in 1u32..5,
            span in 0u32..3,
            column in 0u32..12,
            end_column in 0u32..14,
        ) {
            let text = lines.iter().map(|parts| parts.concat()).collect::<Vec<_>>().join("\n");
            let doc = Document::new(&text);
            let title = Title {
                line: first,
                column,
                last_line: first + span,
                end_column,
                text: String::new(),
                agency: None,
                agency_span: None,
                year: None,
            };
            let placed: String = title.placed_chars(&doc).into_iter().map(|(c, _, _)| c).collect();
            prop_assert_eq!(title.compact(&doc), placed);
        }
    }

    /// [`place_end`] of each part of `place` and 「局」: the reference of [`prefix_place_ends`].
    fn prefix_ends_one_by_one(place: &[char]) -> Vec<Option<usize>> {
        (1..place.len())
            .map(|n| {
                let mut part = place[..n].to_vec();
                part.push('局');
                place_end(&part).map(|(end, _)| end)
            })
            .collect()
    }

    /// What [`prefix_place_ends`] takes for granted of the word lists: the words blanked
    /// before levels are two characters long, and no word of either list holds 局.
    #[test]
    fn blanked_words_are_two_characters_without_the_appended_one() {
        assert!(NOT_LEVELS.iter().all(|w| w.chars().count() == 2));
        assert!(NOT_LEVELS.iter().chain(&LEVELS).all(|w| !w.contains('局')));
        for place in [
            "三门峡市陕州区",
            "沧州市城关区",
            "某市场县区",
            "乌拉特中旗",
            "省市区县",
            "景区市场",
        ] {
            let place: Vec<char> = place.chars().collect();
            assert_eq!(prefix_place_ends(&place), prefix_ends_one_by_one(&place));
        }
    }

    #[test]
    fn names_with_a_place_and_level() {
        for name in [
            "北关区司法局",
            "三门峡市陕州区司法局",
            "乌拉特中旗司法局",
            "聊城市司法局",
            "淮安市人民政府",
            "沭阳县发展和改革局",
            "内蒙古自治区司法厅",
            "沛县司法局",
            "北京市市场监督管理局",
            "聊城市司法局",
            "即墨区司法局",
            "城关镇人民政府",
            "新街口街道办事处",
        ] {
            assert!(has_place_and_level(name), "{name}");
            assert!(is_full_agency_name(name), "{name}");
        }
    }

    #[test]
    fn generic_names() {
        for name in [
            "司法局",
            "市司法局",
            "本市司法局",
            "县市场监督管理局",
            "市场监督管理局",
            "住房和城乡建设局",
            "区县司法局",
            "城市管理局",
            "",
        ] {
            assert!(!has_place_and_level(name), "{name}");
            assert!(!is_full_agency_name(name), "{name}");
        }
    }

    #[test]
    fn names_split_after_their_place() {
        let split = |name: &str| split_place(name).map(|p| (p.place, p.level, p.body));
        let owned = |p: &str, l: &'static str, b: &str| Some((p.to_string(), l, b.to_string()));
        assert_eq!(
            split("三门峡市陕州区司法局"),
            owned("三门峡市陕州区", "区", "司法局")
        );
        assert_eq!(
            split("北京市市场监督管理局"),
            owned("北京市", "市", "市场监督管理局")
        );
        assert_eq!(
            split("淮安市人民政府办公室"),
            owned("淮安市", "市", "人民政府办公室")
        );
        assert_eq!(
            split("乌拉特中旗 司法局"),
            owned("乌拉特中旗", "旗", "司法局")
        );
        assert_eq!(split("市司法局"), None);
        assert_eq!(split("淮安市"), None);
    }

    #[test]
    fn national_bodies() {
        for name in [
            "国务院办公厅",
            "国家统计局",
            "中华人民共和国海关总署",
            "教育部",
        ] {
            assert!(is_national_body(name), "{name}");
        }
        assert!(!is_national_body("市司法局"));
        assert!(is_local_government("淮安市人民政府"));
        assert!(!is_local_government("淮安市人民政府办公室"));
    }
}
