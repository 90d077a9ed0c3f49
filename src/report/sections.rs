//! The six sections of a report and the sub-items within them.

use serde::Serialize;

/// The six sections of both templates, in their required order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum SectionId {
    /// 一、总体情况
    Overview = 1,
    /// 二、主动公开政府信息情况
    Proactive = 2,
    /// 三、收到和处理政府信息公开申请情况
    Requests = 3,
    /// 四、政府信息公开行政复议、行政诉讼情况
    Appeals = 4,
    /// 五、存在的主要问题及改进情况
    Problems = 5,
    /// 六、其他需要报告的事项
    Other = 6,
}

impl SectionId {
    pub const ALL: [SectionId; 6] = [
        SectionId::Overview,
        SectionId::Proactive,
        SectionId::Requests,
        SectionId::Appeals,
        SectionId::Problems,
        SectionId::Other,
    ];

    /// Accepted variant headings of the 2021 template (rules.md A2.1): the 条例's wording of
    /// 四 and 五.
    pub fn known_variants(self) -> &'static [&'static str] {
        match self {
            SectionId::Appeals => &["因政府信息公开工作被申请行政复议、提起行政诉讼情况"],
            SectionId::Problems => &["政府信息公开工作存在的主要问题及改进情况"],
            _ => &[],
        }
    }

    /// 1 for 一 … 6 for 六.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The Chinese numeral of the heading: 一 … 六.
    pub fn numeral(self) -> &'static str {
        crate::report::numerals::ordinal_text(self.number()).unwrap_or_default()
    }

    /// The exact heading of the 2021 template, without its numeral.
    pub fn title(self) -> &'static str {
        match self {
            SectionId::Overview => "总体情况",
            SectionId::Proactive => "主动公开政府信息情况",
            SectionId::Requests => "收到和处理政府信息公开申请情况",
            SectionId::Appeals => "政府信息公开行政复议、行政诉讼情况",
            SectionId::Problems => "存在的主要问题及改进情况",
            SectionId::Other => "其他需要报告的事项",
        }
    }

    /// The English name used in English messages.
    pub fn english(self) -> &'static str {
        match self {
            SectionId::Overview => "I. Overview",
            SectionId::Proactive => "II. Proactive disclosure",
            SectionId::Requests => "III. Disclosure requests",
            SectionId::Appeals => "IV. Reviews and lawsuits",
            SectionId::Problems => "V. Problems and improvements",
            SectionId::Other => "VI. Other matters",
        }
    }

    /// The full Chinese heading, 「一、总体情况」.
    pub fn heading(self) -> String {
        format!("{}、{}", self.numeral(), self.title())
    }
}

/// How a heading or sub-item is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum NumeralStyle {
    /// 一、 (section) or （一） (sub-item): the template's style.
    Chinese,
    /// 1、 or 1. (section) or （1） (sub-item): usually lost Word auto-numbering.
    Arabic,
    /// No numeral at all.
    None,
}

/// The numeral in front of a heading or sub-item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Numeral {
    pub style: NumeralStyle,
    /// The number written (1 for 一/1), or 0 when there is none.
    pub value: u8,
}

impl Numeral {
    /// The numeral in the template's style: 「三」 for 3 (sections write 「三、」, sub-items
    /// 「（三）」).
    pub fn chinese(self) -> String {
        crate::report::numerals::write(u32::from(self.value))
    }
}

/// A section heading as found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub line: u32,
    /// The heading as written: numeral and title, trimmed, without run-in text.
    pub raw: String,
    pub numeral: Numeral,
    /// The heading text after the numeral, as written (trimmed), up to a colon or full stop.
    pub title: String,
    /// Text run in on the heading's line after a colon or full stop (「六、其他需要报告的事项：
    /// 无。」 gives 「无。」), trimmed; empty for a heading on a line of its own.
    pub run_in: String,
}

/// A numbered sub-item inside a section: 「（一）主动公开」.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubItem {
    pub line: u32,
    pub numeral: Numeral,
    /// The sub-item's title: the text after the numeral up to the first 。/：/: or the end of
    /// a short line.
    pub title: String,
    /// The body: text after the title on the same line, then the following lines up to the next
    /// sub-item or the end of the section, joined by `\n`, trimmed.
    pub body: String,
    /// The last line of the sub-item.
    pub last_line: u32,
}

/// One of the six sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub id: SectionId,
    pub heading: Heading,
    /// The first and last line of the body (after the heading); `first > last` when empty.
    pub body_first: u32,
    pub body_last: u32,
    /// The numbered sub-items of the section, in order.
    pub items: Vec<SubItem>,
}

/// The most bytes a sub-item's number takes: [`crate::report::numerals::small_number`] reads at
/// most three characters, each a digit of at most three bytes (「〇」, 「○」) or 「十」, and an Arabic
/// number has at most two digits (test `a_sub_item_numeral_is_read_as_it_was`).
const MAX_SUB_NUMBER_BYTES: usize = 9;

/// Reads a sub-item numeral `(一)` / `（一）` / `(1)` at the start of a folded, trimmed line.
/// Returns the numeral and the byte length it takes.
pub fn sub_item_numeral(text: &str) -> Option<(Numeral, usize)> {
    let inner = text.strip_prefix('(')?;
    // The closing bracket is looked for only where a number read below can end, not along the
    // whole line (a search set up for every line opening with a bracket).
    let close = inner
        .bytes()
        .take(MAX_SUB_NUMBER_BYTES + 1)
        .position(|b| b == b')')?;
    let number = &inner[..close];
    let numeral = if let Some(value) = chinese_sub_number(number) {
        Numeral {
            style: NumeralStyle::Chinese,
            value,
        }
    } else if !number.is_empty() && number.len() <= 2 && number.chars().all(|c| c.is_ascii_digit())
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

/// 一 … 二十.
fn chinese_sub_number(text: &str) -> Option<u8> {
    crate::report::numerals::small_number(text).and_then(|n| u8::try_from(n).ok())
}
