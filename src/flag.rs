//! Flags: what a rule reports about a report.
//!
//! A [`Flag`] names its rule by code, carries a severity, a location in the source text, a
//! message in both languages, structured evidence (the numbers of a failed identity, the text
//! that was found) and a [`Fingerprint`]. The fingerprint is computed from the rule code, the
//! report's identity (agency and year) and the rule's own description of the defect, never from
//! line numbers: a verdict given to a flag survives a re-submitted report whose lines moved.

use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Localized, Message};

/// How serious a flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Style, low risk, or an artefact of text extraction.
    Info,
    /// Probably wrong; needs a person to look.
    Warning,
    /// Breaks the regulation, the template's arithmetic or a hard format rule.
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// The stable lowercase name used in machine output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The name shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Info => lang.pick("提示", "info"),
            Severity::Warning => lang.pick("警告", "warning"),
            Severity::Error => lang.pick("错误", "error"),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

/// Where a flag points: 1-based line and column (in characters) of the source text.
///
/// A flag about the whole report (a missing statistics period) has no line. For a report read
/// from a structured format (.docx, .html, .xlsx) the line and column are those of the text
/// extracted from it (what the Source pane shows), and `source` says where the flagged cell is
/// in the file itself: page, table, row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Location {
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// The last line of a flag that spans several lines (a run of shifted table rows).
    pub end_line: Option<u32>,
    /// The length of the marked span in characters, when the flag marks a span on its line.
    pub len: Option<u32>,
    /// Where the flagged cell is in a structured source file; `None` for plain text and for
    /// flags outside the file's tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourcePlace>,
    /// Where the flagged paragraph is in a structured source file (「第二部分第3段」); `None` for
    /// plain text, table cells (see `source`) and flags about the whole report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<ParagraphPlace>,
}

/// A paragraph of a structured source file, counted as its writer counts in Word: the part
/// (the numbered section, 「二、主动公开政府信息情况」) and the paragraph within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ParagraphPlace {
    /// The page, when the format has pages and the reader knows it.
    pub page: Option<u32>,
    /// The part's number (二 for 「二、」); `None` before the first part (title, preamble).
    pub part: Option<u32>,
    /// The paragraph within the part, 1-based after the part's heading; 0 is the heading
    /// itself. Before the first part, counted from the start of the document.
    pub paragraph: u32,
}

impl ParagraphPlace {
    /// 「第二部分第3段」, 「第二部分标题」, 「第3页 第1段」 / "part 2, paragraph 3".
    pub fn text(&self, lang: Lang) -> String {
        let mut parts = Vec::with_capacity(3);
        if let Some(page) = self.page {
            parts.push(page_text(page, lang));
        }
        let paragraph = self.paragraph;
        parts.push(match (self.part, paragraph, lang) {
            (Some(part), 0, Lang::Zh) => format!("第{}部分标题", part_numeral(part)),
            (Some(part), 0, Lang::En) => format!("part {part}, heading"),
            (Some(part), _, Lang::Zh) => format!("第{}部分第{paragraph}段", part_numeral(part)),
            (Some(part), _, Lang::En) => format!("part {part}, paragraph {paragraph}"),
            (None, _, Lang::Zh) => format!("第{paragraph}段"),
            (None, _, Lang::En) => format!("paragraph {paragraph}"),
        });
        parts.join(lang.pick(" ", ", "))
    }
}

/// A page of a source file: 「第3页」 / "page 3".
pub fn page_text(page: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第{page}页"),
        Lang::En => format!("page {page}"),
    }
}

/// A part's number as its heading writes it: 二 for 2 (digits past 99).
fn part_numeral(part: u32) -> String {
    match part {
        1..=99 => crate::report::numerals::write(part),
        _ => part.to_string(),
    }
}

/// A place in a table of a structured source file. Numbers are 1-based, as people count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SourcePlace {
    /// The page, when the format has pages and the reader knows it.
    pub page: Option<u32>,
    /// The table's number among the file's tables.
    pub table: u32,
    /// The template table the rows were matched to (2 = 表二, 3 = 表三, 4 = 表四), if any.
    pub template_table: Option<u8>,
    /// The row in the source table (merged rows count as the rows they cover).
    pub row: u32,
    /// The last row of a flag that spans several rows of the same table.
    pub end_row: Option<u32>,
    /// The column in the source table (merged columns count as the columns they cover), when
    /// the flag points at a cell and not at a whole row.
    pub column: Option<u32>,
}

impl SourcePlace {
    /// 「第3页 表三 第12行 第4列」 / "page 3, Table 3, row 12, col 4"; a table that is not one
    /// of the template's is named by its number in the file (「第2个表格」 / "table #2").
    pub fn text(&self, lang: Lang) -> String {
        let mut parts = Vec::with_capacity(4);
        if let Some(page) = self.page {
            parts.push(page_text(page, lang));
        }
        parts.push(match (self.template_table, lang) {
            (Some(n @ 2..=4), Lang::Zh) => format!("表{}", ["二", "三", "四"][usize::from(n) - 2]),
            (Some(n), Lang::En) => format!("Table {n}"),
            (_, Lang::Zh) => format!("第{}个表格", self.table),
            (None, Lang::En) => format!("table #{}", self.table),
        });
        parts.push(self.rows_text(lang));
        if let Some(column) = self.column {
            parts.push(match lang {
                Lang::Zh => format!("第{column}列"),
                Lang::En => format!("col {column}"),
            });
        }
        parts.join(lang.pick(" ", ", "))
    }

    /// The row or rows of the source table: 「第12行」, 「第12–15行」 / "row 12", "rows 12–15".
    pub fn rows_text(&self, lang: Lang) -> String {
        let (row, end) = (self.row, self.end_row.filter(|&end| end > self.row));
        match (end, lang) {
            (Some(end), Lang::Zh) => format!("第{row}–{end}行"),
            (Some(end), Lang::En) => format!("rows {row}–{end}"),
            (None, Lang::Zh) => format!("第{row}行"),
            (None, Lang::En) => format!("row {row}"),
        }
    }
}

impl Location {
    /// A flag about the whole report.
    pub const WHOLE: Location = Location {
        line: None,
        column: None,
        end_line: None,
        len: None,
        source: None,
        paragraph: None,
    };

    pub fn line(line: u32) -> Self {
        Location {
            line: Some(line),
            ..Location::WHOLE
        }
    }

    pub fn at(line: u32, column: u32) -> Self {
        Location {
            line: Some(line),
            column: Some(column),
            ..Location::WHOLE
        }
    }

    pub fn span(line: u32, column: u32, len: u32) -> Self {
        Location {
            line: Some(line),
            column: Some(column),
            len: Some(len),
            ..Location::WHOLE
        }
    }

    /// Where the flag is, in short: 「第3页 表三 第12行 第4列」 for a cell of a structured
    /// source file, 「第二部分第3段」 for one of its paragraphs, else `8:139`, `61` or `61-63`
    /// in the text; `None` for the whole report.
    pub fn short_text(&self, lang: Lang) -> Option<String> {
        match (self.source, self.paragraph) {
            (Some(source), _) => Some(source.text(lang)),
            (None, Some(paragraph)) => Some(paragraph.text(lang)),
            (None, None) => self.text_position(),
        }
    }

    /// Whether the flag is placed in the structured file it was read from (a table cell or a
    /// paragraph), not only in the text extracted from it.
    pub fn in_file(&self) -> bool {
        self.source.is_some() || self.paragraph.is_some()
    }

    /// Where the flag is in the text (for a structured file, the text extracted from it, as the
    /// Source pane numbers its lines): `8:139`, `61` or `61-63`; `None` for the whole report.
    pub fn text_position(&self) -> Option<String> {
        Some(match (self.line?, self.column, self.end_line) {
            (line, _, Some(end)) => format!("{line}-{end}"),
            (line, Some(column), None) => format!("{line}:{column}"),
            (line, None, None) => line.to_string(),
        })
    }

    pub fn lines(first: u32, last: u32) -> Self {
        Location {
            line: Some(first),
            column: None,
            end_line: (last > first).then_some(last),
            ..Location::WHOLE
        }
    }
}

/// Structured evidence of a flag, as an ordered JSON object.
pub type Evidence = serde_json::Map<String, serde_json::Value>;

/// A stable identity of a defect in a report: 16 hex digits of a 64-bit hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub u64);

impl Fingerprint {
    /// Hashes the parts that identify a defect. The parts are separated so that
    /// `["ab", "c"]` and `["a", "bc"]` differ.
    pub fn of<I, S>(parts: I) -> Fingerprint
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for part in parts {
            let part = part.as_ref();
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        Fingerprint(hasher.digest())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl std::str::FromStr for Fingerprint {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 16 {
            return Err(format!("fingerprint `{s}` is not 16 hex digits"));
        }
        u64::from_str_radix(s, 16)
            .map(Fingerprint)
            .map_err(|_| format!("fingerprint `{s}` is not 16 hex digits"))
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// What a flag says: a shared handle on its finding's message, worded in a language the first
/// time it is asked for in that language and kept. A check that outputs one language never
/// words the flags in the other; cloning a flag (the review, the dashboard) copies a pointer,
/// not two strings. A message given as text in both languages (a flag read back, a test) holds
/// both words from the start. Serialized as the two texts, like [`Localized`].
#[derive(Clone)]
pub struct FlagMessage(Arc<Worded>);

struct Worded {
    /// What to word; none when both texts were given.
    message: Option<Box<dyn Message>>,
    zh: OnceLock<String>,
    en: OnceLock<String>,
}

impl FlagMessage {
    /// The message of a finding, worded when it is first read.
    pub fn typed(message: Box<dyn Message>) -> FlagMessage {
        FlagMessage(Arc::new(Worded {
            message: Some(message),
            zh: OnceLock::new(),
            en: OnceLock::new(),
        }))
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        let worded = &*self.0;
        let cell = match lang {
            Lang::Zh => &worded.zh,
            Lang::En => &worded.en,
        };
        cell.get_or_init(|| {
            worded
                .message
                .as_ref()
                .map_or_else(String::new, |m| m.message(lang))
        })
    }

    /// The message in both languages.
    pub fn localized(&self) -> Localized {
        Localized::new(self.get(Lang::Zh), self.get(Lang::En))
    }
}

impl From<Localized> for FlagMessage {
    fn from(text: Localized) -> FlagMessage {
        FlagMessage(Arc::new(Worded {
            message: None,
            zh: OnceLock::from(text.zh),
            en: OnceLock::from(text.en),
        }))
    }
}

/// A flag's message inside another message (a flag's message with a sentence added).
impl Message for FlagMessage {
    fn message(&self, lang: Lang) -> String {
        self.get(lang).to_string()
    }
}

impl fmt::Debug for FlagMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FlagMessage")
            .field("zh", &self.get(Lang::Zh))
            .field("en", &self.get(Lang::En))
            .finish()
    }
}

impl PartialEq for FlagMessage {
    fn eq(&self, other: &FlagMessage) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.get(Lang::Zh) == other.get(Lang::Zh)
                && self.get(Lang::En) == other.get(Lang::En))
    }
}

impl Serialize for FlagMessage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.localized().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FlagMessage {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Localized::deserialize(deserializer).map(FlagMessage::from)
    }
}

/// One defect found by one rule in one report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    /// The rule's stable kebab-case code, e.g. `period-reversed`.
    pub code: &'static str,
    pub severity: Severity,
    pub location: Location,
    pub message: FlagMessage,
    pub evidence: Evidence,
    pub fingerprint: Fingerprint,
    /// For a report without agency or year: the fingerprint the flag had before fingerprints
    /// named the report's file (see [`crate::report_key::legacy_identity`]), so that verdicts
    /// recorded then can be attributed to it. Never part of any output.
    #[serde(skip)]
    pub legacy_fingerprint: Option<Fingerprint>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message that records every language it is worded in.
    #[derive(Debug)]
    struct Recorded(Arc<std::sync::Mutex<Vec<Lang>>>);

    impl Message for Recorded {
        fn message(&self, lang: Lang) -> String {
            if let Ok(mut asked) = self.0.lock() {
                asked.push(lang);
            }
            lang.pick("中文", "English").to_string()
        }
    }

    #[test]
    fn a_flag_message_is_worded_only_in_the_language_read_and_only_once() {
        let asked = Arc::new(std::sync::Mutex::new(Vec::new()));
        let message = FlagMessage::typed(Box::new(Recorded(Arc::clone(&asked))));
        let shared = message.clone();
        assert_eq!(message.get(Lang::En), "English");
        assert_eq!(shared.get(Lang::En), "English");
        assert_eq!(*asked.lock().expect("lock"), vec![Lang::En]);
        assert_eq!(shared.get(Lang::Zh), "中文");
        assert_eq!(*asked.lock().expect("lock"), vec![Lang::En, Lang::Zh]);
    }

    #[test]
    fn a_flag_message_is_written_and_read_back_as_both_texts() {
        let asked = Arc::new(std::sync::Mutex::new(Vec::new()));
        let typed = FlagMessage::typed(Box::new(Recorded(asked)));
        let json = serde_json::to_value(&typed).expect("json");
        assert_eq!(json, serde_json::json!({ "zh": "中文", "en": "English" }));
        let read: FlagMessage = serde_json::from_value(json).expect("read back");
        assert_eq!(read.get(Lang::Zh), "中文");
        assert_eq!(read.get(Lang::En), "English");
        assert_eq!(read, typed);
        assert_ne!(read, FlagMessage::from(Localized::new("中文", "other")));
    }

    #[test]
    fn paragraphs_are_named_as_the_writer_counts_them() {
        let place = |page, part, paragraph| ParagraphPlace {
            page,
            part,
            paragraph,
        };
        let in_part = place(None, Some(2), 3);
        assert_eq!(in_part.text(Lang::Zh), "第二部分第3段");
        assert_eq!(in_part.text(Lang::En), "part 2, paragraph 3");
        let heading = place(Some(4), Some(6), 0);
        assert_eq!(heading.text(Lang::Zh), "第4页 第六部分标题");
        assert_eq!(heading.text(Lang::En), "page 4, part 6, heading");
        assert_eq!(place(None, None, 1).text(Lang::Zh), "第1段");
        assert_eq!(place(None, Some(300), 2).text(Lang::Zh), "第300部分第2段");
        let at = Location {
            paragraph: Some(in_part),
            ..Location::at(20, 3)
        };
        assert!(at.in_file());
        assert_eq!(at.short_text(Lang::Zh).as_deref(), Some("第二部分第3段"));
        assert!(!Location::at(20, 3).in_file());
        // A paragraph place is not written for plain text, so older readers see no change.
        let json = serde_json::to_value(Location::at(20, 3)).expect("json");
        assert!(json.get("paragraph").is_none());
    }
}
