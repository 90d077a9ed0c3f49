//! Section headings and sub-items not numbered 一、…六、 and （一）…（五） as in the template.
//!
//! 章节标题和小项没有按模板编为「一、」至「六、」和「（一）」至「（五）」。
//!
//! ## What it checks
//! Section headings are numbered 一、 to 六、 and the sub-items under them （一）, （二）, ….
//! - A heading numbered with an Arabic numeral of the right value (「1、 总体情况」) or with no
//!   numeral at all, and a sub-item numbered 「（1）」 where the template writes 「（一）」, are
//!   **info**: that is Word's automatic numbering lost or changed in conversion.
//! - Any other wrong numbering is a **warning**: a heading numbered 三 whose title is section
//!   四's (a section dropped or moved and the rest renumbered by hand), or a sub-item of 一、总体情况
//!   out of sequence (（一）（二）（四）).
//!
//! Only section headings and sub-items are judged. An Arabic 「（1）」 is a sub-item when it
//! stands in the sequence of its section's sub-items: in section 一, or between Chinese-numbered
//! siblings in any section (「（一）…（2）…（三）」). Numbered paragraphs inside a section
//! (「1、收费情况。」, 「（1）…（2）…」 under a sub-item) are the author's own lists and are
//! not judged.
//!
//! ## 检查内容
//! 章节标题编号为「一、」至「六、」，其下小项编号为「（一）」「（二）」……
//! - 标题用数值正确的阿拉伯数字编号（「1、 总体情况」）或没有编号，以及模板写「（一）」而小项写作
//!   「（1）」的，为**提示**：这是转换中丢失或改变了Word的自动编号。
//! - 其他编号错误为**警告**：编号为「三」而标题是第四部分的内容（删掉或移动了一节，其余手工重新编
//!   号），或「一、总体情况」的小项编号不连续（（一）（二）（四））。
//!
//! 只判断章节标题和小项。阿拉伯数字的「（1）」处在所属章节小项的序列中时才算小项：在第一部分中，或
//! 在任何章节中夹在中文编号的同级小项之间（「（一）……（2）……（三）」）。章节内有编号的段落（「1、收
//! 费情况。」，小项下的「（1）……（2）……」）是作者自己的列举，不作判断。
//!
//! ## Why it matters
//! The template's numbering is how readers and the supervisor's reviewers find their way; mixed
//! numbering is a sign the text was converted or assembled without a proofread, and a heading
//! whose numeral disagrees with its title usually means a section was dropped or moved.
//!
//! ## 为何重要
//! 模板的编号是读者和上级审核人员查找内容的依据；编号混乱说明文字经过转换或拼凑而未校对，标题编号与
//! 内容不符通常意味着删掉或移动了一节。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 and 〔2019〕60号 (headings 一…六, sub-items of 总体情况 （一）…（五）);
//! S6: 格式规范.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号、〔2019〕60号（标题「一」至「六」，总体情况的小项「（一）」至「（五）
//! 」）；S6：格式规范。
//!
//! ## Flagged
//! ```text
//! 1、 总体情况
//! （1） 主动公开。2023年，我单位及时公开……
//! （二）依申请公开。……
//! 三、政府信息公开行政复议、行政诉讼情况
//! ```
//!
//! ## Accepted
//! ```text
//! 一、总体情况
//! （一）主动公开。2023年，我单位及时公开……
//! （二）依申请公开。……
//! 六、其他需要报告的事项
//! 1、收费情况。本年度未收取信息处理费。
//! ```

use crate::flag::{Location, Severity};
use crate::i18n::Lang;
use crate::report::numerals;
use crate::report::{NumeralStyle, Report, Section, SectionId, SubItem};
use crate::rules::{Finding, Findings, Message, Rule};

pub struct SectionNumbering;

impl Rule for SectionNumbering {
    crate::rule_meta!(
        "section-numbering",
        Structure,
        Info,
        "章节编号不规范",
        "Section or sub-item numbering differs from the template"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        for section in &report.sections {
            heading(report, section, findings);
            sub_items(report, section, findings);
        }
    }
}

fn heading(report: &Report, section: &Section, findings: &mut Findings<'_>) {
    let heading = &section.heading;
    let numeral = heading.numeral;
    let id = section.id;
    // The template's numbering, as nearly every heading has it: nothing to place or quote.
    if numeral.style == NumeralStyle::Chinese && numeral.value == id.number() {
        return;
    }
    let expected = id.heading();
    let written = numeral_text(&heading.raw, &heading.title);
    let location = numeral_location(report, heading.line, written);
    let finding = match numeral.style {
        // A Chinese numeral of another section (an Arabic one is not read as a heading).
        NumeralStyle::Chinese | NumeralStyle::Arabic if numeral.value != id.number() => {
            let shown = match numeral.style {
                NumeralStyle::Chinese => numeral.chinese().to_string(),
                _ => numeral.value.to_string(),
            };
            let other = Numbering::OtherSection {
                heading: heading.raw.clone(),
                shown,
                value: numeral.value,
                id,
            };
            Finding::typed(location, other).severity(Severity::Warning)
        }
        // The template's numbering.
        NumeralStyle::Chinese => return,
        NumeralStyle::Arabic => Finding::typed(
            location,
            Numbering::ArabicHeading {
                heading: heading.raw.clone(),
                id,
            },
        ),
        NumeralStyle::None => Finding::typed(
            location,
            Numbering::Unnumbered {
                heading: heading.raw.clone(),
                id,
            },
        ),
    };
    findings.report(
        finding
            .evidence("heading", heading.raw.clone())
            .evidence("found", written)
            .evidence("expected", expected)
            .key("heading")
            .key(id.numeral())
            .key(written),
    );
}

fn sub_items(report: &Report, section: &Section, findings: &mut Findings<'_>) {
    let items = &section.items;
    let has_chinese = items
        .iter()
        .any(|i| i.numeral.style == NumeralStyle::Chinese);
    // Outside 总体情况 the template sets no sub-items: an all-Arabic list there is the
    // author's own.
    if !has_chinese && section.id != SectionId::Overview {
        return;
    }
    let mut expected: u8 = 1;
    let mut previous: Option<&SubItem> = None;
    let mut previous_in_sequence = true;
    for (index, item) in items.iter().enumerate() {
        let value = item.numeral.value;
        match item.numeral.style {
            NumeralStyle::Chinese => {
                if section.id == SectionId::Overview && value != expected {
                    out_of_sequence(report, section, item, previous, expected, findings);
                }
                expected = value.saturating_add(1);
                previous = Some(item);
                previous_in_sequence = true;
            }
            NumeralStyle::Arabic => {
                let next_chinese = items[index + 1..]
                    .iter()
                    .find(|i| i.numeral.style == NumeralStyle::Chinese);
                let in_sequence = previous_in_sequence
                    && value == expected
                    && next_chinese.is_none_or(|next| next.numeral.value > value);
                if in_sequence {
                    arabic_sub_item(report, section, item, findings);
                    expected = value.saturating_add(1);
                    previous = Some(item);
                }
                previous_in_sequence = in_sequence;
            }
            NumeralStyle::None => {}
        }
    }
}

fn arabic_sub_item(
    report: &Report,
    section: &Section,
    item: &SubItem,
    findings: &mut Findings<'_>,
) {
    let Some(line) = report.doc.line(item.line) else {
        return;
    };
    let raw = line.raw.trim();
    let written = numeral_text(raw, raw_after_numeral(raw));
    let expected = format!("（{}）", item.numeral.chinese());
    findings.report(
        Finding::typed(
            numeral_location(report, item.line, written),
            Numbering::ArabicSubItem {
                item: Item::new(section, written, item),
                expected: expected.clone(),
            },
        )
        .evidence("found", written)
        .evidence("expected", expected.clone())
        .key("sub-item")
        .key(section.id.numeral())
        .key(item.title.clone())
        .key(written),
    );
}

fn out_of_sequence(
    report: &Report,
    section: &Section,
    item: &SubItem,
    previous: Option<&SubItem>,
    expected: u8,
    findings: &mut Findings<'_>,
) {
    let Some(line) = report.doc.line(item.line) else {
        return;
    };
    let raw = line.raw.trim();
    let written = numeral_text(raw, raw_after_numeral(raw));
    let expected_text = format!("（{}）", numerals::write(u32::from(expected)));
    findings.report(
        Finding::typed(
            numeral_location(report, item.line, written),
            Numbering::OutOfSequence {
                item: Item::new(section, written, item),
                previous: previous.map(|p| p.numeral.value),
                expected,
            },
        )
        .severity(Severity::Warning)
        .evidence("found", written)
        .evidence("expected", expected_text)
        .key("sequence")
        .key(section.id.numeral())
        .key(item.title.clone())
        .key(written),
    );
}

/// A sub-item as the messages name it: its section, its numeral as written and its title.
#[derive(Debug)]
struct Item {
    section: SectionId,
    written: String,
    title: String,
}

impl Item {
    fn new(section: &Section, written: &str, item: &SubItem) -> Item {
        Item {
            section: section.id,
            written: written.to_string(),
            title: item.title.clone(),
        }
    }
}

/// How a heading or a sub-item is numbered other than the template numbers it.
#[derive(Debug)]
enum Numbering {
    /// The heading of section `id` carries the numeral `value` (written `shown`) of another.
    OtherSection {
        heading: String,
        shown: String,
        value: u8,
        id: SectionId,
    },
    /// The heading of section `id` is numbered with an Arabic numeral.
    ArabicHeading { heading: String, id: SectionId },
    /// The heading of section `id` has no numeral.
    Unnumbered { heading: String, id: SectionId },
    /// A sub-item numbered with an Arabic numeral, `expected` in the template's style.
    ArabicSubItem { item: Item, expected: String },
    /// A sub-item out of sequence after the one numbered `previous` (none: it is the first).
    OutOfSequence {
        item: Item,
        previous: Option<u8>,
        expected: u8,
    },
}

/// Why a numeral may be missing or Arabic: said after the messages that suggest it.
const LOST_NUMBERING_ZH: &str = "（可能是转换时丢失了自动编号）";
const LOST_NUMBERING_EN: &str = " (Word auto-numbering lost in conversion?)";

impl Message for Numbering {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Numbering::OtherSection { heading, shown, id, .. }, Lang::Zh) => format!(
                "章节标题「{heading}」编号为「{shown}」，但标题属于第{}部分，应为「{}」",
                id.numeral(),
                id.heading()
            ),
            (Numbering::OtherSection { heading, value, id, .. }, Lang::En) => format!(
                "heading `{heading}` is numbered {value} but its title is that of section {}: expected `{}`",
                id.english(),
                id.heading()
            ),
            (Numbering::ArabicHeading { heading, id }, Lang::Zh) => format!(
                "章节标题「{heading}」使用阿拉伯数字编号，应为「{}」{LOST_NUMBERING_ZH}",
                id.heading()
            ),
            (Numbering::ArabicHeading { heading, id }, Lang::En) => format!(
                "heading `{heading}` is numbered with an Arabic numeral: expected `{}`{LOST_NUMBERING_EN}",
                id.heading()
            ),
            (Numbering::Unnumbered { heading, id }, Lang::Zh) => format!(
                "章节标题「{heading}」缺少编号，应为「{}」{LOST_NUMBERING_ZH}",
                id.heading()
            ),
            (Numbering::Unnumbered { heading, id }, Lang::En) => format!(
                "heading `{heading}` has no numeral: expected `{}`{LOST_NUMBERING_EN}",
                id.heading()
            ),
            (Numbering::ArabicSubItem { item, expected }, Lang::Zh) => format!(
                "第{}部分的小标题「{}{}」使用阿拉伯数字编号，应为「{expected}」{LOST_NUMBERING_ZH}",
                item.section.numeral(),
                item.written,
                item.title
            ),
            (Numbering::ArabicSubItem { item, expected }, Lang::En) => format!(
                "sub-item `{}{}` of section {} is numbered with an Arabic numeral: expected `{expected}`{LOST_NUMBERING_EN}",
                item.written,
                item.title,
                item.section.english()
            ),
            (Numbering::OutOfSequence { item, previous, expected }, Lang::Zh) => format!(
                "第{}部分的小标题「{}{}」编号不连续：{}，应为「（{}）」",
                item.section.numeral(),
                item.written,
                item.title,
                previous.map_or_else(
                    || "它是第一项".to_string(),
                    |p| format!("前一项为「（{}）」", numerals::write(u32::from(p)))
                ),
                numerals::write(u32::from(*expected))
            ),
            (Numbering::OutOfSequence { item, previous, expected }, Lang::En) => format!(
                "sub-item `{}{}` of section {} is out of sequence: {}, expected ({expected})",
                item.written,
                item.title,
                item.section.english(),
                previous.map_or_else(
                    || "it is the first".to_string(),
                    |p| format!("the previous one is ({p})")
                ),
            ),
        }
    }
}

/// The numeral as written at the front of `raw`, before `rest` (the text after it).
fn numeral_text<'a>(raw: &'a str, rest: &str) -> &'a str {
    let cut = raw.len().saturating_sub(rest.len());
    raw.get(..cut).unwrap_or("").trim_end()
}

/// The text after a sub-item numeral 「（1）」 or 「(1)」 at the front of a trimmed raw line.
fn raw_after_numeral(raw: &str) -> &str {
    raw.find([')', '）'])
        .and_then(|close| {
            let width = raw[close..].chars().next().map_or(1, char::len_utf8);
            raw.get(close + width..)
        })
        .map_or(raw, str::trim_start)
}

/// A span over the numeral written at the start of the line.
fn numeral_location(report: &Report, line_no: u32, written: &str) -> Location {
    let Some(line) = report.doc.line(line_no) else {
        return Location::line(line_no);
    };
    let indent = line.raw.chars().take_while(|c| c.is_whitespace()).count() as u32;
    let len = written.chars().count() as u32;
    if len == 0 {
        return Location::at(line_no, indent + 1);
    }
    Location::span(line_no, indent + 1, len)
}

#[cfg(test)]
mod tests {
    use crate::flag::{Flag, Severity};
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    fn flags_of(text: &str) -> Vec<(u32, Severity, String)> {
        let report = parse_text(text, SourceEncoding::Utf8);
        let selection = RuleSelection::only("section-numbering");
        run(&report, &selection)
            .into_iter()
            .map(|f: Flag| {
                (
                    f.location.line.unwrap_or(0),
                    f.severity,
                    f.evidence["found"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }

    const TEMPLATE: &str = "一、总体情况\n（一）主动公开。正文。\n（二）依申请公开。正文。\n二、主动公开政府信息情况\n\t(一) 予以公开\t0\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n1、信息来源方面\n（1）问题。\n（2）改进。\n六、其他需要报告的事项\n1、收费情况。本年度未收取信息处理费。\n2、其他。无。";

    #[test]
    fn the_template_numbering_and_numbered_paragraphs_pass() {
        assert!(flags_of(TEMPLATE).is_empty(), "{:?}", flags_of(TEMPLATE));
        // Nested Arabic items under a Chinese sub-item are the author's own list.
        let nested = "一、总体情况\n（一）主动公开。\n（1）规章。\n（2）规范性文件。\n（二）依申请公开。\n（三）政府信息管理。";
        assert!(flags_of(nested).is_empty(), "{:?}", flags_of(nested));
    }

    #[test]
    fn lost_auto_numbering_is_info() {
        let text = "1、 总体情况\n（1） 主动公开。正文。\n（二）依申请公开。正文。\n二、主动公开政府信息情况\n六、其他需要报告的事项\n（一）收取信息处理费情况\n正文。\n（2） 落实上级年度政务公开工作要点情况\n（三）人大代表建议和政协提案办理结果公开情况";
        assert_eq!(
            flags_of(text),
            [
                (1, Severity::Info, "1、".to_string()),
                (2, Severity::Info, "（1）".to_string()),
                (8, Severity::Info, "（2）".to_string()),
            ]
        );
        let unnumbered = "一、总体情况\n其他需要报告的事项\n无。";
        assert_eq!(flags_of(unnumbered), [(2, Severity::Info, String::new())]);
    }

    #[test]
    fn wrong_numerals_are_warnings() {
        let text = "一、总体情况\n（一）主动公开。\n（二）依申请公开。\n（四）政府信息管理。\n二、主动公开政府信息情况\n三、政府信息公开行政复议、行政诉讼情况";
        assert_eq!(
            flags_of(text),
            [
                (4, Severity::Warning, "（四）".to_string()),
                (6, Severity::Warning, "三、".to_string()),
            ]
        );
    }
}
