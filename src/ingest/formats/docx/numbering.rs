//! Word's list numbering (`numbering.xml`): the abstract lists and their levels, the `w:num`
//! instances with their restarts, the counters as the document is read, and the number formats
//! (`decimal`, `chineseCounting`, `ideographDigital`, roman, letters, enclosed and full-width
//! digits) that write a counter in front of a paragraph.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{attr, attr_num, local, xml_error};
use crate::ingest::formats::FormatError;
use crate::report::numerals;

/// What follows a list number: Word's `w:suff`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Suffix {
    #[default]
    Tab,
    Space,
    Nothing,
}

#[derive(Debug, Clone)]
pub(super) struct Level {
    pub(super) start: u32,
    pub(super) format: String,
    pub(super) text: String,
    pub(super) suffix: Suffix,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            format: "decimal".to_string(),
            text: String::new(),
            suffix: Suffix::Tab,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(super) struct Num {
    pub(super) abstract_id: String,
    pub(super) start_overrides: HashMap<usize, u32>,
}

/// The lists of `numbering.xml` and their counters as the document is read.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    pub(super) abstracts: HashMap<String, Vec<Level>>,
    pub(super) nums: HashMap<String, Num>,
    /// Counters per list (abstract list, or the `w:num` itself when it restarts numbering).
    pub(super) counters: HashMap<String, [Option<u32>; 9]>,
}

impl Numbering {
    pub(super) fn parse(xml: &str) -> Result<Numbering, FormatError> {
        const PART: &str = "word/numbering.xml";
        let mut numbering = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut num_id: Option<String> = None;
        let mut override_level: Option<usize> = None;
        loop {
            let event = reader.read_event().map_err(|e| xml_error(PART, e))?;
            match &event {
                Event::Start(e) | Event::Empty(e) => match local(e).as_str() {
                    "abstractNum" => abstract_id = attr(e, "abstractNumId"),
                    "lvl" if abstract_id.is_some() && num_id.is_none() => {
                        let ilvl = attr_num(e, "ilvl").unwrap_or(0usize);
                        level = Some((ilvl, Level::default()));
                    }
                    "start" => {
                        if let Some((_, l)) = &mut level {
                            l.start = attr_num(e, "val").unwrap_or(1);
                        }
                    }
                    "numFmt" => {
                        if let (Some((_, l)), Some(v)) = (&mut level, attr(e, "val")) {
                            l.format = v;
                        }
                    }
                    "lvlText" => {
                        if let (Some((_, l)), Some(v)) = (&mut level, attr(e, "val")) {
                            l.text = v;
                        }
                    }
                    "suff" => {
                        if let Some((_, l)) = &mut level {
                            l.suffix = match attr(e, "val").as_deref() {
                                Some("space") => Suffix::Space,
                                Some("nothing") => Suffix::Nothing,
                                _ => Suffix::Tab,
                            };
                        }
                    }
                    "num" => {
                        num_id = attr(e, "numId");
                        if let Some(id) = &num_id {
                            numbering.nums.insert(id.clone(), Num::default());
                        }
                    }
                    "abstractNumId" => {
                        if let (Some(id), Some(v)) = (&num_id, attr(e, "val")) {
                            if let Some(num) = numbering.nums.get_mut(id) {
                                num.abstract_id = v;
                            }
                        }
                    }
                    "lvlOverride" => override_level = attr_num(e, "ilvl"),
                    "startOverride" => {
                        if let (Some(id), Some(l), Some(v)) =
                            (&num_id, override_level, attr_num(e, "val"))
                        {
                            if let Some(num) = numbering.nums.get_mut(id) {
                                num.start_overrides.insert(l, v);
                            }
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some(id), Some((ilvl, l))) = (&abstract_id, level.take()) {
                            let levels = numbering.abstracts.entry(id.clone()).or_default();
                            if ilvl < 9 {
                                if levels.len() <= ilvl {
                                    levels.resize_with(ilvl + 1, Level::default);
                                }
                                levels[ilvl] = l;
                            }
                        }
                    }
                    "abstractNum" => abstract_id = None,
                    "num" => num_id = None,
                    "lvlOverride" => override_level = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(numbering)
    }

    /// The number of the next paragraph of list `num_id` at level `ilvl` (with its suffix),
    /// advancing the counters as Word does: this level counts up, deeper levels restart.
    pub(super) fn next(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let num = self.nums.get(num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        let ilvl = ilvl.min(8);
        let level = levels.get(ilvl)?;
        let key = if num.start_overrides.is_empty() {
            format!("a{}", num.abstract_id)
        } else {
            format!("n{num_id}")
        };
        let start_of = |l: usize| -> u32 {
            num.start_overrides
                .get(&l)
                .copied()
                .or_else(|| levels.get(l).map(|lv| lv.start))
                .unwrap_or(1)
        };
        let counters = self.counters.entry(key).or_default();
        counters[ilvl] = Some(counters[ilvl].map_or(start_of(ilvl), |c| c.saturating_add(1)));
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        if level.format == "bullet" || level.format == "none" || level.text.is_empty() {
            return None;
        }
        let mut text = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let l = d as usize - 1;
                    let value = counters[l].unwrap_or_else(|| start_of(l));
                    let format = levels.get(l).map_or("decimal", |lv| lv.format.as_str());
                    text.push_str(&format_number(value, format));
                }
                _ => text.push(c),
            }
        }
        match level.suffix {
            Suffix::Space => text.push(' '),
            // A tab after 一、 or 1. only aligns; after a bare number it separates words.
            Suffix::Tab if !text.ends_with(|c: char| "、.．)）:：".contains(c)) => {
                text.push(' ')
            }
            _ => {}
        }
        Some(text)
    }
}

/// A list number in one of Word's number formats (`w:numFmt`).
pub(super) fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => numerals::write(n),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => {
            numerals::write_digits(n)
        }
        "ideographTraditional" => {
            const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
            STEMS[(n.max(1) as usize - 1) % 10].to_string()
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10).unwrap_or(d))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalZero" if n < 10 => format!("0{n}"),
        "lowerLetter" | "upperLetter" => {
            let letter = char::from(b'a' + ((n.max(1) - 1) % 26) as u8);
            let repeat = ((n.max(1) - 1) / 26 + 1) as usize;
            let text = letter.to_string().repeat(repeat);
            if format == "upperLetter" {
                text.to_uppercase()
            } else {
                text
            }
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

pub(super) fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_word_formats() {
        assert_eq!(format_number(101, "chineseCounting"), "一百零一");
        assert_eq!(format_number(12, "ideographDigital"), "一二");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(2, "upperRoman"), "II");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(7, "decimalFullWidth"), "７");
    }
}
