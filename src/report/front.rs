//! The front matter of a report: its title and its statistics period.

use serde::Serialize;

use super::dates::DateMention;

/// The report's title, which may wrap over two lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Title {
    /// First line of the title.
    pub line: u32,
    /// Last line of the title (the same as `line` unless it wraps).
    pub last_line: u32,
    /// The title as written, wrapped lines joined without a separator.
    pub text: String,
    /// The agency named before the year (「北关区司法局」), if any.
    pub agency: Option<String>,
    /// The four-digit year in the title, if any.
    pub year: Option<i32>,
}

/// The statistics period sentence (统计期限 / 统计时限 / 统计时间).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub line: u32,
    /// Column of the keyword (统计期限 …).
    pub column: u32,
    /// The keyword as written.
    pub keyword: String,
    /// The sentence from the keyword to its end, as written.
    pub text: String,
    /// The start date, if one was read.
    pub start: Option<DateMention>,
    /// The end date, if one was read; a missing year is inherited from the start.
    pub end: Option<DateMention>,
    /// The end date is not terminated as a date should be (no 日 after the day, cut off).
    pub end_truncated: bool,
}
