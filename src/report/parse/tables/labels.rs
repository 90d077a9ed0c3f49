//! Matching labels found in the text to the template's.
//!
//! Exact comparison keys ([`label_key`]) are looked up in a map first. A label that is not
//! there is compared once more with its explanatory parentheses set aside (a local variant,
//! 「采购总金额（单位：万元，保留4位小数）」 for 采购总金额), and only then tolerantly: against
//! the template row expected next (same numbering, shared characters), then against every row
//! by shared characters. A tolerant match still places the row, and keeps the label as found
//! so that `label-mismatch` can name the expected one.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use crate::document::GridCell;
use crate::hash::FxHasher;
use crate::report::tables::{CellValue, LabelMatch};
use crate::report::template::{
    RowSpec, TABLE2_2019, TABLE2_2021, TABLE3_2019, TABLE3_2021, TABLE3_COLUMNS, TABLE3_GROUPS,
    TABLE3_TOP_HEADER, TABLE4_HEADER,
};
use crate::report::TemplateVersion;
use crate::text::label_key;

/// The rows of one template table, indexed for matching.
///
/// Every row label of every table is looked up here, most of them more than once (each label
/// cell of a row is tried from the last back), so the keys and the cores of the template's
/// labels are hashed once into tables with a hash that reads a key eight bytes at a time.
pub struct Matcher {
    pub specs: &'static [RowSpec],
    exact: KeyMap,
    /// Each core ([`core`]) with the first row that has it.
    cores: KeyMap,
    keys: Vec<String>,
    /// For each row, whether [`Matcher::exact`] answers its own key with it (a key two rows
    /// shared would answer the last of them): only then is a key equal to the row's the
    /// exact match of that row without a look-up.
    owns_key: Vec<bool>,
    /// For each row, whether it owns its key (`owns_key`) and [`label_key`] leaves that key as
    /// it is: a cell whose folded text is then the key as written has that key, and is the
    /// row's exact match without its key being read ([`Matcher::is_written_key_of`]).
    owns_written_key: Vec<bool>,
    /// The first characters of every key and every core, sorted: a key that starts with none
    /// of them (nor with a bracket, which [`core`] may drop) matches no row strictly.
    first_chars: Vec<char>,
    /// Each row's number of values ([`RowSpec::expected_values`]), counted once: the values of
    /// every row placed are cut to it, and counting a row's columns (a vector loop set up for
    /// seven or eight) cost about fifty instructions a row.
    expected_values: Vec<usize>,
}

/// Template keys to row indices.
type KeyMap = HashMap<String, usize, BuildHasherDefault<FxHasher>>;

static T2_2019: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(TABLE2_2019));
static T2_2021: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(TABLE2_2021));
static T3_2019: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(TABLE3_2019));
static T3_2021: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(TABLE3_2021));

/// The keys of 表三's group labels (rows of the template without numbers).
static GROUP_KEYS: LazyLock<Vec<String>> =
    LazyLock::new(|| TABLE3_GROUPS.iter().map(|g| label_key(g)).collect());

/// The keys of 表二's block headers (「第二十条第(一)项」), in each version's block order.
static BLOCK_KEYS_2019: LazyLock<Vec<String>> =
    LazyLock::new(|| block_keys_of(TemplateVersion::V2019));
static BLOCK_KEYS_2021: LazyLock<Vec<String>> =
    LazyLock::new(|| block_keys_of(TemplateVersion::V2021));

fn block_keys_of(version: TemplateVersion) -> Vec<String> {
    version
        .table2_blocks()
        .iter()
        .map(|b| label_key(b.header))
        .collect()
}

/// The keys of 表二's block headers in a version, one for each of
/// [`TemplateVersion::table2_blocks`]: every header row is compared with all of them.
pub fn block_keys(version: TemplateVersion) -> &'static [String] {
    match version {
        TemplateVersion::V2019 => &BLOCK_KEYS_2019,
        TemplateVersion::V2021 => &BLOCK_KEYS_2021,
    }
}

/// The keys of the template's column labels (表二's block columns in both versions, 表三's and
/// 表四's headers), built once: every header cell found is compared with one of them.
static COLUMN_KEYS: LazyLock<HashMap<&'static str, String, BuildHasherDefault<FxHasher>>> =
    LazyLock::new(|| {
        let blocks = [TemplateVersion::V2019, TemplateVersion::V2021]
            .into_iter()
            .flat_map(|v| v.table2_blocks())
            .flat_map(|b| b.columns.iter());
        blocks
            .chain(TABLE3_COLUMNS)
            .chain(TABLE3_TOP_HEADER)
            .chain(TABLE4_HEADER)
            .map(|label| (*label, label_key(label)))
            .collect()
    });

/// The key ([`label_key`]) of a column label of the template, looked up; built for any other.
pub fn column_key(label: &str) -> Cow<'_, str> {
    match COLUMN_KEYS.get(label) {
        Some(key) => Cow::Borrowed(key.as_str()),
        None => Cow::Owned(label_key(label)),
    }
}

/// Template labels, each with its key ([`column_key`]), in order: made once for a list of
/// labels that every cell of a header that could not be aligned is compared with (表三's and
/// 表四's), where [`column_key`] hashed each label again for each cell.
pub struct KeyedLabels(Vec<(&'static str, String)>);

impl KeyedLabels {
    pub fn new(labels: &[&'static str]) -> KeyedLabels {
        KeyedLabels(
            labels
                .iter()
                .map(|label| (*label, column_key(label).into_owned()))
                .collect(),
        )
    }

    /// The first label whose key is `key`.
    pub fn find(&self, key: &str) -> Option<&'static str> {
        self.0
            .iter()
            .find(|(_, k)| k == key)
            .map(|(label, _)| *label)
    }
}

/// The matcher of 表二 in a version.
pub fn table2(version: TemplateVersion) -> &'static Matcher {
    match version {
        TemplateVersion::V2019 => &T2_2019,
        TemplateVersion::V2021 => &T2_2021,
    }
}

/// The matcher of 表三 in a version.
pub fn table3(version: TemplateVersion) -> &'static Matcher {
    match version {
        TemplateVersion::V2019 => &T3_2019,
        TemplateVersion::V2021 => &T3_2021,
    }
}

/// Whether a key is one of 表三's group labels (「（三）不予公开」). 2019's （六）其他处理 is a
/// row, not a group.
pub fn is_table3_group(key: &str, version: TemplateVersion) -> bool {
    if version == TemplateVersion::V2019 && key == "(六)其他处理" {
        return false;
    }
    GROUP_KEYS.iter().any(|g| g == key)
}

impl Matcher {
    fn new(specs: &'static [RowSpec]) -> Matcher {
        let keys: Vec<String> = specs.iter().map(|s| label_key(s.label)).collect();
        let exact: KeyMap = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect();
        // Collected from the last row back, so that the first row with a core keeps it.
        let cores: KeyMap = keys
            .iter()
            .enumerate()
            .rev()
            .map(|(i, k)| (core(k), i))
            .collect();
        let owns_key: Vec<bool> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| exact.get(k.as_str()) == Some(&i))
            .collect();
        let owns_written_key = keys
            .iter()
            .zip(&owns_key)
            .map(|(k, &owns)| owns && label_key(k) == *k)
            .collect();
        let mut first_chars: Vec<char> = keys
            .iter()
            .chain(cores.keys())
            .filter_map(|k| k.chars().next())
            .collect();
        first_chars.sort_unstable();
        first_chars.dedup();
        Matcher {
            specs,
            exact,
            cores,
            keys,
            owns_key,
            owns_written_key,
            first_chars,
            expected_values: specs.iter().map(RowSpec::expected_values).collect(),
        }
    }

    /// The number of values of row `index` ([`RowSpec::expected_values`]).
    pub fn expected_values(&self, index: usize) -> usize {
        self.expected_values[index]
    }

    /// Whether `key` is the key of row `index`, which [`Matcher::strict`] would answer with
    /// that row as an exact match: the row expected next is compared before any look-up, as
    /// most rows of a table come in the template's order.
    pub fn is_key_of(&self, index: usize, key: &str) -> bool {
        self.keys.get(index).is_some_and(|k| k == key) && self.owns_key[index]
    }

    /// Whether the folded text of a label cell that is not a number is the key of row `index`
    /// as written, so that [`Matcher::is_key_of`] holds for the cell's key: the comparison
    /// [`place`](super::place) makes before reading a key, which most labels of a table in
    /// the template's order pass (reading a key looks at every character of the label).
    pub fn is_written_key_of(&self, index: usize, folded: &str) -> bool {
        self.keys.get(index).is_some_and(|k| k == folded) && self.owns_written_key[index]
    }

    /// Whether `key` can match some row strictly: it starts with a character some key or
    /// core starts with, or with a bracket (whose part [`core`] may drop). Most header cells
    /// (自然人, 商业企业, 总计) fail here, before the two hash look-ups a failing match costs.
    fn may_match_strictly(&self, key: &str) -> bool {
        match key.chars().next() {
            None => false,
            Some('(' | ')' | '[' | ']' | '【' | '】') => true,
            Some(first) => self.starts_a_key(first),
        }
    }

    /// Whether some key or core starts with `c` (the list is sorted and holds each once).
    fn starts_a_key(&self, c: char) -> bool {
        self.first_chars.binary_search(&c).is_ok()
    }

    /// Whether a label cell whose folded text is `folded` may have a key that is some row's or
    /// that [`Matcher::strict`] matches, told before its key is read: `false` when the key
    /// starts with an ideograph ([`key_opening`]) that no key or core starts with. `true`
    /// says only "maybe".
    ///
    /// [`place`](super::place) asks it of the label cells of a row without values, which only
    /// such a match places: 表三's header cells (自然人, 商业企业, 总计) are passed over
    /// without their keys read.
    pub fn may_key_a_row(&self, folded: &str) -> bool {
        match key_opening(folded) {
            Some(c) => self.starts_a_key(c),
            // 表三's corner note as the template writes it opens with a bracket, and its key
            // (the text itself) is no row's: told by one comparison, where reading its key
            // and looking it up cost more than a thousand instructions a table.
            None => folded != TABLE3_NOTE_FOLDED,
        }
    }

    /// The row with exactly this key.
    pub fn exact(&self, key: &str) -> Option<usize> {
        self.exact.get(key).copied()
    }

    /// The row with this key once explanatory parentheses are set aside.
    pub fn variant(&self, key: &str) -> Option<usize> {
        if key.is_empty() {
            return None;
        }
        // A key without brackets after its numbering is its own core: nothing to build.
        if !has_brackets(split_numbering(key).1) {
            return self.cores.get(key).copied();
        }
        let core = core(key);
        if core.is_empty() {
            return None;
        }
        self.cores.get(core.as_str()).copied()
    }

    /// Exact or variant match.
    pub fn strict(&self, key: &str) -> Option<(usize, LabelMatch)> {
        if !self.may_match_strictly(key) {
            return None;
        }
        if let Some(i) = self.exact(key) {
            return Some((i, LabelMatch::Exact));
        }
        self.variant(key).map(|i| (i, LabelMatch::Variant))
    }

    /// Any match: strict, else the row expected next (`next`) when the label resembles it,
    /// else the closest row overall when it clearly resembles one.
    pub fn find(&self, key: &str, next: usize) -> Option<(usize, LabelMatch)> {
        if let Some(found) = self.strict(key) {
            return Some(found);
        }
        tolerant(key, &self.keys, next).map(|i| (i, LabelMatch::Different))
    }
}

/// Matches a label tolerantly among `keys`, preferring the one at `next`.
pub fn tolerant(key: &str, keys: &[String], next: usize) -> Option<usize> {
    let (numbering, body) = split_numbering(key);
    if body.is_empty() {
        return None;
    }
    if let Some(expected) = keys.get(next) {
        let (expected_numbering, expected_body) = split_numbering(expected);
        let score = similarity(body, expected_body);
        let same_numbering = !numbering.is_empty() && numbering == expected_numbering;
        if (same_numbering && score >= 0.3) || score >= 0.5 {
            return Some(next);
        }
    }
    let (best, score) = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (i, similarity(body, split_numbering(k).1)))
        .fold((0, 0.0f32), |acc, x| if x.1 > acc.1 { x } else { acc });
    (score >= 0.6).then_some(best)
}

/// How a found column label compares with the expected one.
pub fn compare(found_key: &str, expected: &str) -> LabelMatch {
    // Most template labels are their own key.
    if found_key == expected {
        return LabelMatch::Exact;
    }
    let expected_key = column_key(expected);
    if found_key == expected_key {
        LabelMatch::Exact
    } else if !found_key.is_empty() && core(found_key) == core(&expected_key) {
        LabelMatch::Variant
    } else {
        LabelMatch::Different
    }
}

/// 表三's corner note ([`TABLE3_NOTE`](crate::report::template::TABLE3_NOTE)) folded, which
/// is its own key.
pub const TABLE3_NOTE_FOLDED: &str =
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)";

/// The character the key ([`label_key`]) of a label cell that is not a number starts with,
/// when its folded text tells it: the Simplified form of an opening ideograph, which
/// [`label_key`] writes for every ideograph and never drops. `None` for a text opening with
/// any other character, or empty.
pub fn key_opening(folded: &str) -> Option<char> {
    match folded.chars().next() {
        Some(c @ '\u{4E00}'..='\u{9FFF}') => Some(crate::text::simplified(c)),
        _ => None,
    }
}

/// How a found column label cell compares with the expected label: [`compare`] of its key,
/// which is read only when its folded text is not the expected label as written.
///
/// A cell that is not a number has the key [`label_key`] makes of its folded text, and
/// [`column_key`] is the expected label's: a cell written as the template writes the label
/// has the label's key, which [`compare`] answers as exact. Most header cells of a table read
/// whole are written so (表四's nineteen a report), and reading a key looks at every byte of
/// the label.
pub fn compare_cell(cell: &GridCell<'_>, expected: &str) -> LabelMatch {
    if !matches!(cell.value, CellValue::Number(_)) && cell.folded() == expected {
        return LabelMatch::Exact;
    }
    compare(cell.key(), expected)
}

/// Splits a leading numbering (`一、`, `(一)`, `1.`) off a key.
///
/// A bracketed numbering closes within the key's first nine bytes and an ordinal's 、 starts
/// within its first seven, so only those bytes are searched: 表三's corner note, a long
/// bracketed sentence that every 表三 header offers to [`Matcher::strict`], was otherwise
/// scanned whole for a `)` far beyond any numbering.
pub fn split_numbering(key: &str) -> (&str, &str) {
    let bytes = key.as_bytes();
    let head = &bytes[..bytes.len().min(NUMBERING_BYTES)];
    let end = match key.chars().next() {
        // `)` is ASCII: the first one found in the head is the key's first one when that one
        // is at byte 8 or before.
        Some('(') => memchr::memchr(b')', head).map(|close| close + 1),
        Some(c) if c.is_ascii_digit() => key
            .char_indices()
            .find(|(_, c)| !c.is_ascii_digit())
            .filter(|(_, c)| *c == '.')
            .map(|(i, _)| i + 1),
        // 、's three bytes start with a leading byte: found in the bytes, they are the
        // character, at a character's start; within the head, it starts at byte 6 or before.
        Some(c) if crate::report::numerals::ordinal(c).is_some() => head
            .windows(PAUSE.len())
            .position(|w| w == PAUSE)
            .map(|i| i + PAUSE.len()),
        _ => None,
    };
    match end {
        Some(end) => key.split_at(end),
        None => ("", key),
    }
}

/// The bytes of a key that can hold the end of its numbering: a `)` at byte 8, or a 、
/// starting at byte 6.
const NUMBERING_BYTES: usize = 9;

/// 、 in UTF-8.
const PAUSE: &[u8] = "、".as_bytes();

/// A key without explanatory parentheses after its numbering: 「(二)部分公开(区分…)」 →
/// 「(二)部分公开」, 「采购总金额(单位:万元)」 → 「采购总金额」.
///
/// The text between brackets is copied a run at a time, the brackets found by their bytes
/// (see [`next_bracket_byte`]) rather than by decoding every character: 表三's corner note,
/// a long bracketed sentence offered to [`Matcher::strict`] by every 表三 header, was decoded
/// whole to find that nothing of it is kept.
pub fn core(key: &str) -> String {
    let (numbering, body) = split_numbering(key);
    let mut out = String::with_capacity(key.len());
    out.push_str(numbering);
    let bytes = body.as_bytes();
    let mut depth = 0u32;
    // Where the run of text since the last bracket starts, and where to look for the next.
    let mut run = 0;
    let mut from = 0;
    while let Some(found) = next_bracket_byte(&bytes[from..]) {
        let at = from + found;
        let opens = match bytes[at] {
            b'(' | b'[' => true,
            b')' | b']' => false,
            // E3: 【 or 】 (E3 80 90, E3 80 91), or another character with that leading byte.
            _ => match bytes.get(at + 1..at + 3) {
                Some([0x80, 0x90]) => true,
                Some([0x80, 0x91]) => false,
                _ => {
                    from = at + 1;
                    continue;
                }
            },
        };
        // A bracket starts a character (ASCII, or a leading byte): the runs are text.
        if depth == 0 {
            out.push_str(&body[run..at]);
        }
        depth = if opens {
            depth + 1
        } else {
            depth.saturating_sub(1)
        };
        from = at + if bytes[at] == 0xE3 { 3 } else { 1 };
        run = from;
    }
    if depth == 0 {
        out.push_str(&body[run..]);
    }
    out
}

/// The first byte that may start one of [`core`]'s brackets: `(`, `)`, `[`, `]`, or E3, the
/// leading byte of 【 and 】 (and of other punctuation, told apart by the caller).
fn next_bracket_byte(bytes: &[u8]) -> Option<usize> {
    let round = memchr::memchr3(b'(', b')', 0xE3, bytes);
    // A square bracket counts only before the first of the others.
    let square = memchr::memchr2(b'[', b']', &bytes[..round.unwrap_or(bytes.len())]);
    square.or(round)
}

/// Whether a key's body holds a character [`core`] leaves out: a bracket of either kind.
fn has_brackets(body: &str) -> bool {
    let bytes = body.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'(' | b')' | b'[' | b']' => true,
        // 【 and 】 are E3 80 90 and E3 80 91.
        0xE3 => matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x90 | 0x91])),
        _ => false,
    })
}

/// Shared characters of two labels (Dice coefficient over characters, with multiplicity).
pub fn similarity(a: &str, b: &str) -> f32 {
    let a_len = a.chars().count();
    let b_len = b.chars().count();
    if a_len == 0 || b_len == 0 {
        return 0.0;
    }
    let mut pool: Vec<char> = b.chars().collect();
    let mut common = 0usize;
    for c in a.chars() {
        if let Some(at) = pool.iter().position(|p| *p == c) {
            pool.swap_remove(at);
            common += 1;
        }
    }
    2.0 * common as f32 / (a_len + b_len) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_keys_ignore_width_spacing_and_number_style() {
        let m = table3(TemplateVersion::V2021);
        let key = label_key("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)");
        assert_eq!(m.strict(&key), Some((3, LabelMatch::Exact)));
        let key = label_key("1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请");
        assert_eq!(
            m.strict(&key).map(|f| m.specs[f.0].id),
            Some("t3.other.no-correction")
        );
        assert_eq!(
            m.strict(&label_key("3. 危及“三安全一稳定”")).map(|f| f.1),
            Some(LabelMatch::Exact)
        );
    }

    #[test]
    fn parentheses_set_aside_make_a_variant() {
        let m = table3(TemplateVersion::V2021);
        assert_eq!(m.strict("(二)部分公开"), Some((3, LabelMatch::Variant)));
        assert_eq!(
            compare(
                &label_key("采购总金额（单位：万元，保留4位小数）"),
                "采购总金额"
            ),
            LabelMatch::Variant
        );
        assert_eq!(
            compare("本年收费金额", "本年收费金额（单位：万元）"),
            LabelMatch::Variant
        );
        assert_eq!(
            compare("本年度止件数", "本年废止件数"),
            LabelMatch::Different
        );
        assert_eq!(compare("社会公益组织", "社会公益组织"), LabelMatch::Exact);
    }

    #[test]
    fn brackets_of_either_kind_are_found() {
        for (body, expected) in [
            ("部分公开", false),
            ("部分公开(区分处理的)", true),
            ("采购总金额[万元]", true),
            ("采购总金额【万元】", true),
            ("采购总金额】", true),
            ("申请人、行政机关「」〔〕", false),
        ] {
            assert_eq!(has_brackets(body), expected, "{body}");
            assert_eq!(core(body) != body, expected, "{body}");
        }
    }

    #[test]
    fn column_keys_are_the_labels_keys() {
        let labels = TemplateVersion::V2019
            .table2_blocks()
            .iter()
            .chain(TemplateVersion::V2021.table2_blocks())
            .flat_map(|b| b.columns.iter())
            .chain(TABLE3_COLUMNS)
            .chain(TABLE4_HEADER);
        for label in labels.chain(&["不是模板的（标签）"]) {
            assert_eq!(column_key(label), label_key(label), "{label}");
        }
        assert!(matches!(
            column_key("本年收费金额（单位：万元）"),
            Cow::Borrowed("本年收费金额(单位:万元)")
        ));
    }

    /// Every cell of `texts`, each written as the second cell of a row of its own, with
    /// what [`compare_cell`] and [`compare`] of the cell's key say of it against each of
    /// `expected` (and of its own folded text): `(text, expected, compare_cell, reference)`.
    fn cell_comparisons(
        texts: &[String],
        expected: &[&str],
    ) -> Vec<(String, String, LabelMatch, LabelMatch)> {
        let text: String = texts.iter().map(|t| format!("x\t{t}\n")).collect();
        let doc = crate::text::Document::new(&text);
        let region = crate::document::grid::read(&doc, 1, doc.line_count());
        let mut found = Vec::new();
        for row in region.rows() {
            for cell in row.cells() {
                let own = cell.folded().to_string();
                for e in expected.iter().copied().chain([own.as_str()]) {
                    // The cell as the reader meets it (its key unread), then its key.
                    let fresh = cell.clone();
                    let fast = compare_cell(&fresh, e);
                    let reference = compare(cell.key(), e);
                    found.push((cell.raw().to_string(), e.to_string(), fast, reference));
                }
            }
        }
        found
    }

    /// The template's column labels of every table and version.
    fn column_labels() -> Vec<&'static str> {
        TemplateVersion::V2019
            .table2_blocks()
            .iter()
            .chain(TemplateVersion::V2021.table2_blocks())
            .flat_map(|b| b.columns.iter())
            .chain(TABLE3_COLUMNS)
            .chain(TABLE3_TOP_HEADER)
            .chain(TABLE4_HEADER)
            .copied()
            .collect()
    }

    /// A cell compares with a column label as its key does: the template's column labels
    /// written as the template writes them, folded, keyed, spaced, quoted, bracketed, with a
    /// colon, cut, and numbers, each against every column label.
    #[test]
    fn a_cell_compares_with_a_label_as_its_key_does() {
        let labels = column_labels();
        let mut texts: Vec<String> = Vec::new();
        for label in &labels {
            let chars: Vec<char> = label.chars().collect();
            let spaced: String = chars.iter().map(|c| format!("{c} ")).collect();
            texts.extend([
                label.to_string(),
                crate::text::fold(label),
                label_key(label),
                format!("{label}："),
                format!("“{label}”"),
                format!("（{label}）"),
                spaced.trim_end().to_string(),
                chars[1..].iter().collect(),
                chars[..chars.len() - 1].iter().collect(),
            ]);
        }
        texts.extend(["0", "12", "1.5", "-", "/", "总计1", "１２"].map(String::from));
        let mut written = 0;
        let mut kinds = std::collections::HashSet::new();
        for (text, expected, fast, reference) in cell_comparisons(&texts, &labels) {
            assert_eq!(fast, reference, "{text:?} against {expected:?}");
            written += usize::from(text == expected);
            kinds.insert(format!("{reference:?}"));
        }
        // Cells written as the labels are there, and each answer is given.
        assert!(written > labels.len(), "{written}");
        assert_eq!(kinds.len(), 3, "{kinds:?}");
    }

    proptest::proptest! {
        /// Any text of label characters, spaces, quotes, colons, brackets and digits, in
        /// either width, against a few column labels and its own folded text.
        #[test]
        fn any_cell_compares_as_its_key_does(
            text in "[总计结果维持其他自然人本年收费金额单位万元 　“”\":：(（)）0-9０１.、]{0,10}"
        ) {
            let expected = ["总计", "结果维持", "本年收费金额（单位：万元）", "本年收费金额(单位:万元)", "其他"];
            for (text, expected, fast, reference) in cell_comparisons(&[text], &expected) {
                proptest::prop_assert_eq!(fast, reference, "{:?} against {:?}", text, expected);
            }
        }
    }

    /// Texts opening with every ideograph: its own, and followed by what may follow in a
    /// label (more ideographs, a numbering's marks, brackets, spaces, quotes, a colon).
    fn texts_opening_with_every_ideograph() -> impl Iterator<Item = String> {
        ('\u{4E00}'..='\u{9FFF}').flat_map(|c| {
            ["", "他", "、本年", "(一)", " 计", "”", "：", "1."]
                .map(move |tail| format!("{c}{tail}"))
        })
    }

    /// The key of a text opening with an ideograph opens with [`key_opening`]'s character.
    #[test]
    fn a_key_opens_with_the_simplified_opening_ideograph() {
        let mut simplified = 0;
        for text in texts_opening_with_every_ideograph() {
            let opening = key_opening(&text);
            assert!(opening.is_some(), "{text}");
            assert_eq!(label_key(&text).chars().next(), opening, "{text}");
            simplified += usize::from(opening != text.chars().next());
        }
        // Traditional openings are among them: the key's is the Simplified form.
        assert!(simplified > 100, "{simplified}");
        for text in ["", "(一)", "1.其他", "“总计”", " 总计", "a", "０"] {
            assert_eq!(key_opening(text), None, "{text}");
        }
    }

    /// A text that fails [`Matcher::may_key_a_row`] has a key that is no row's and that
    /// [`Matcher::strict`] matches with none, and 表三's header labels fail it.
    #[test]
    fn a_label_no_key_starts_like_matches_no_row() {
        let mut passed_over = 0;
        for (m, _) in matchers() {
            for text in texts_opening_with_every_ideograph() {
                if m.may_key_a_row(&text) {
                    continue;
                }
                passed_over += 1;
                let key = label_key(&text);
                assert_eq!(m.strict(&key), None, "{text}");
                assert_eq!(strict_reference(m, &key), None, "{text}");
                assert!((0..=m.keys.len()).all(|i| !m.is_key_of(i, &key)), "{text}");
            }
            for key in label_like_keys() {
                if m.exact(&key).is_some() || m.variant(&key).is_some() {
                    assert!(m.may_key_a_row(&key), "{key}");
                }
            }
        }
        for version in [TemplateVersion::V2019, TemplateVersion::V2021] {
            for label in TABLE3_TOP_HEADER.iter().chain(TABLE3_COLUMNS) {
                assert!(!table3(version).may_key_a_row(label), "{label}");
            }
        }
        assert!(passed_over > 4 * 20_000, "{passed_over}");
        // The corner note as folded is its own key, and no row's.
        let note = crate::report::template::TABLE3_NOTE;
        assert_eq!(crate::text::fold(note), TABLE3_NOTE_FOLDED);
        assert_eq!(label_key(TABLE3_NOTE_FOLDED), TABLE3_NOTE_FOLDED);
        for (m, _) in matchers() {
            assert!(!m.may_key_a_row(TABLE3_NOTE_FOLDED));
            assert_eq!(strict_reference(m, TABLE3_NOTE_FOLDED), None);
            assert!((0..=m.keys.len()).all(|i| !m.is_key_of(i, TABLE3_NOTE_FOLDED)));
            assert!(m.may_key_a_row(&format!("{TABLE3_NOTE_FOLDED}x")));
        }
    }

    /// A label found by its key is the first label whose key [`column_key`] looks up, for
    /// every key of every label list of the template (and keys of none).
    #[test]
    fn keyed_labels_find_the_first_label_with_a_key() {
        let lists: [&[&'static str]; 4] = [
            TABLE4_HEADER,
            TABLE3_COLUMNS,
            TABLE3_TOP_HEADER,
            &column_labels(),
        ];
        for labels in lists {
            let keyed = KeyedLabels::new(labels);
            let mut keys: Vec<String> = labels.iter().map(|l| label_key(l)).collect();
            keys.extend(["", "总 计", "结果维持1", "(总计)"].map(String::from));
            for key in &keys {
                let reference = labels
                    .iter()
                    .find(|e| column_key(e) == key.as_str())
                    .copied();
                assert_eq!(keyed.find(key), reference, "{key}");
            }
        }
    }

    /// Each row's number of values, counted once, is its count.
    #[test]
    fn the_values_counted_once_are_each_rows_count() {
        for (m, _) in matchers() {
            assert_eq!(m.expected_values.len(), m.specs.len());
            for (i, spec) in m.specs.iter().enumerate() {
                assert_eq!(m.expected_values(i), spec.expected_values(), "{}", spec.id);
            }
        }
    }

    #[test]
    fn other_numbering_is_not_a_variant() {
        let m = table3(TemplateVersion::V2021);
        assert_eq!(m.strict("(三)予以公开"), None);
    }

    #[test]
    fn tolerant_matching_prefers_the_row_expected_next() {
        let m = table2(TemplateVersion::V2021);
        assert_eq!(m.find("规范性文件", 1), Some((1, LabelMatch::Different)));
        assert_eq!(m.find("规范性文件", 4), Some((1, LabelMatch::Different)));
        let m = table3(TemplateVersion::V2021);
        let found = m
            .find("5.要求机关确认已获取的信息", 19)
            .map(|f| m.specs[f.0].id);
        assert_eq!(found, Some("t3.not-processed.confirm"));
        assert_eq!(m.find("备注", 5), None);
    }

    #[test]
    fn numbering_splits_off() {
        assert_eq!(split_numbering("(七)总计"), ("(七)", "总计"));
        assert_eq!(split_numbering("12.其他"), ("12.", "其他"));
        assert_eq!(
            split_numbering("四、结转下年度继续办理"),
            ("四、", "结转下年度继续办理")
        );
        assert_eq!(split_numbering("规章"), ("", "规章"));
    }

    /// [`Matcher::strict`] as it was before the first-character filter: both look-ups.
    fn strict_reference(m: &Matcher, key: &str) -> Option<(usize, LabelMatch)> {
        if let Some(i) = m.exact(key) {
            return Some((i, LabelMatch::Exact));
        }
        m.variant(key).map(|i| (i, LabelMatch::Variant))
    }

    fn matchers() -> [(&'static Matcher, TemplateVersion); 4] {
        [
            (table2(TemplateVersion::V2019), TemplateVersion::V2019),
            (table2(TemplateVersion::V2021), TemplateVersion::V2021),
            (table3(TemplateVersion::V2019), TemplateVersion::V2019),
            (table3(TemplateVersion::V2021), TemplateVersion::V2021),
        ]
    }

    /// Every template key and core, group and header label, each also behind and before
    /// explanatory brackets (which [`core`] drops) and cut at either end.
    fn label_like_keys() -> Vec<String> {
        let mut labels: Vec<String> = matchers()
            .iter()
            .flat_map(|(m, _)| m.keys.iter().flat_map(|k| [k.clone(), core(k)]))
            .collect();
        labels.extend(GROUP_KEYS.iter().cloned());
        labels.extend(
            TABLE3_TOP_HEADER
                .iter()
                .chain(TABLE3_COLUMNS)
                .chain(TABLE4_HEADER)
                .map(|l| label_key(l)),
        );
        let mut keys = Vec::new();
        for label in labels {
            let tail: String = label.chars().skip(1).collect();
            let head: String = label
                .chars()
                .take(label.chars().count().saturating_sub(1))
                .collect();
            for wrapped in ["(注)", "【注】", "[1]", ")", "】"] {
                keys.push(format!("{wrapped}{label}"));
                keys.push(format!("{wrapped}{tail}"));
            }
            keys.push(format!("{label}(单位:万元)"));
            keys.extend([label, tail, head]);
        }
        keys.push(String::new());
        keys
    }

    #[test]
    fn the_first_character_filter_drops_no_strict_match() {
        let keys = label_like_keys();
        let mut matched = 0;
        for (m, _) in matchers() {
            for key in &keys {
                let reference = strict_reference(m, key);
                assert_eq!(m.strict(key), reference, "{key}");
                matched += usize::from(reference.is_some());
            }
        }
        // 表三's header cells match none of its rows, and are turned away before a look-up.
        for version in [TemplateVersion::V2019, TemplateVersion::V2021] {
            for label in TABLE3_TOP_HEADER.iter().chain(&TABLE3_COLUMNS[1..]) {
                assert!(
                    !table3(version).may_match_strictly(&label_key(label)),
                    "{label}"
                );
            }
        }
        // Variants behind brackets are among the keys, or the test would prove little.
        assert!(matched > 200, "{matched}");
    }

    #[test]
    fn a_row_expected_next_is_its_own_exact_match_and_never_a_group() {
        for (m, version) in matchers() {
            for (i, key) in m.keys.iter().enumerate() {
                if m.is_key_of(i, key) {
                    assert_eq!(m.strict(key), Some((i, LabelMatch::Exact)), "{key}");
                } else {
                    assert_ne!(m.exact(key), Some(i), "{key}");
                }
                // `place` compares the row expected next before the group test.
                assert!(!is_table3_group(key, version), "{key}");
            }
            assert!(!m.is_key_of(m.keys.len(), ""));
        }
    }

    /// A text that is a row's key as written has that key: for the template's labels as
    /// written, folded and keyed, and for the labels with a key that rewrites itself (which
    /// must then be told by their key).
    #[test]
    fn a_label_written_as_a_rows_key_has_that_key() {
        let mut written = 0;
        for (m, _) in matchers() {
            for (i, spec) in m.specs.iter().enumerate() {
                let texts = [
                    spec.label.to_string(),
                    crate::text::fold(spec.label),
                    label_key(spec.label),
                    format!("{}：", label_key(spec.label)),
                    format!("“{}”", label_key(spec.label)),
                ];
                for text in &texts {
                    for index in [i, i + 1] {
                        if m.is_written_key_of(index, text) {
                            assert!(m.is_key_of(index, &label_key(text)), "{text}");
                            written += 1;
                        }
                    }
                }
            }
            assert!(!m.is_written_key_of(m.keys.len(), ""));
        }
        // Most of the template's keys are their own: the comparison does answer.
        assert!(written > 100, "{written}");
    }

    proptest::proptest! {
        #[test]
        fn strict_agrees_with_both_look_ups(
            key in "[一二三四(（)）\\[\\]【】1-9.、予以公开部分不规章行政许可其他总计自然人采购金额单位万元 ]{0,12}"
        ) {
            for (m, _) in matchers() {
                proptest::prop_assert_eq!(m.strict(&key), strict_reference(m, &key));
            }
        }
    }

    /// `split_numbering` as it was, searching the whole key for the numbering's end.
    fn split_numbering_reference(key: &str) -> (&str, &str) {
        let mut chars = key.char_indices();
        let end = match chars.next() {
            Some((_, '(')) => key
                .find(')')
                .filter(|&close| close <= 8)
                .map(|close| close + 1),
            Some((_, c)) if c.is_ascii_digit() => key
                .char_indices()
                .find(|(_, c)| !c.is_ascii_digit())
                .filter(|(_, c)| *c == '.')
                .map(|(i, _)| i + 1),
            Some((_, c)) if crate::report::numerals::ordinal(c).is_some() => key
                .find('、')
                .filter(|&i| i <= 6)
                .map(|i| i + '、'.len_utf8()),
            _ => None,
        };
        match end {
            Some(end) => key.split_at(end),
            None => ("", key),
        }
    }

    /// `core` as it was: a character at a time.
    fn core_reference(key: &str) -> String {
        let (numbering, body) = split_numbering_reference(key);
        let mut out = String::from(numbering);
        let mut depth = 0u32;
        for c in body.chars() {
            match c {
                '(' | '[' | '【' => depth += 1,
                ')' | ']' | '】' => depth = depth.saturating_sub(1),
                _ if depth == 0 => out.push(c),
                _ => {}
            }
        }
        out
    }

    /// The numbering and the core of every template label, of its key and of the corner
    /// note are read as before (the proptest below covers any text).
    #[test]
    fn template_labels_split_and_core_as_before() {
        let note = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)";
        let mut cored = 0;
        for key in label_like_keys().iter().map(String::as_str).chain([note]) {
            assert_eq!(
                split_numbering(key),
                split_numbering_reference(key),
                "{key}"
            );
            assert_eq!(core(key), core_reference(key), "{key}");
            cored += usize::from(core(key) != key);
        }
        assert_eq!(core(note), "");
        // Keys with numberings and brackets are among them, or the test would prove little.
        assert!(cored > 100, "{cored}");
    }

    /// Every text of up to five characters from an alphabet that puts a numbering's end on
    /// each side of the bytes searched (「(1一一)」 closes at byte 8, 「一一、」's 、 starts at
    /// byte 6, one more character moves either out), with 【】 and a character sharing their
    /// leading byte: split and cored as before.
    #[test]
    fn short_texts_split_and_core_as_before_at_every_length() {
        const ALPHABET: [char; 10] = ['(', ')', ']', '一', '1', '、', '【', '】', '。', 'a'];
        let mut texts = vec![String::new()];
        let mut split = 0;
        for _ in 0..5 {
            texts = texts
                .iter()
                .flat_map(|t| ALPHABET.iter().map(move |c| format!("{t}{c}")))
                .collect();
            for key in &texts {
                let reference = split_numbering_reference(key);
                assert_eq!(split_numbering(key), reference, "{key}");
                assert_eq!(core(key), core_reference(key), "{key}");
                split += usize::from(!reference.0.is_empty());
            }
        }
        assert!(split > 1000, "{split}");
    }

    proptest::proptest! {
        /// Any text made of numberings' characters (ordinals, digits, both widths of brackets,
        /// 【】, 、 and `.`), other CJK characters sharing 、's and 【】's leading byte (、 is
        /// E3 80 81: 。「」〈 are E3 80 xx, ぁ E3 81 81), and ASCII.
        #[test]
        fn numbering_and_core_are_found_as_before(
            key in "[一二三四五六七八九十1-9(（)）\\[\\]【】、.。「」〈ぁ予以公开其他ab ]{0,16}"
        ) {
            proptest::prop_assert_eq!(split_numbering(&key), split_numbering_reference(&key));
            proptest::prop_assert_eq!(core(&key), core_reference(&key));
        }
    }

    #[test]
    fn group_labels_depend_on_the_version() {
        assert!(is_table3_group("(六)其他处理", TemplateVersion::V2021));
        assert!(!is_table3_group("(六)其他处理", TemplateVersion::V2019));
        assert!(is_table3_group(
            "三、本年度办理结果",
            TemplateVersion::V2019
        ));
    }
}
