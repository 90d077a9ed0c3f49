//! A section heading whose wording differs from the template's.
//!
//! 章节标题的措辞与模板不同。
//!
//! ## What it checks
//! The text of each section heading after its numeral (up to a colon or full stop; text run in
//! after it is not part of the heading) equals the template's heading after normalisation
//! (full-width to half-width, spaces and quotation marks removed):
//!
//! | # | Template | Accepted variant (info) |
//! |---|---|---|
//! | 一 | 总体情况 | — |
//! | 二 | 主动公开政府信息情况 | — |
//! | 三 | 收到和处理政府信息公开申请情况 | — |
//! | 四 | 政府信息公开行政复议、行政诉讼情况 | 因政府信息公开工作被申请行政复议、提起行政诉讼情况 |
//! | 五 | 存在的主要问题及改进情况 | 政府信息公开工作存在的主要问题及改进情况 |
//! | 六 | 其他需要报告的事项 | — |
//!
//! - A listed variant (the 条例's own wording) is **info**, and so is the template's heading
//!   with a closing note in brackets (「三、收到和处理政府信息公开申请情况（单位：件）」).
//! - Any other wording is a **warning**; the message names the template's heading.
//!
//! The numeral is not judged here (`section-numbering`), nor whether the section is there
//! (`section-missing`).
//!
//! ## 检查内容
//! 每个章节标题编号之后的文字（到冒号或句号为止；其后接排的文字不属于标题）经规范化（全角转半角，去
//! 除空格和引号）后与模板的标题一致：
//!
//! | 序号 | 模板 | 可接受的变体（提示） |
//! |---|---|---|
//! | 一 | 总体情况 | — |
//! | 二 | 主动公开政府信息情况 | — |
//! | 三 | 收到和处理政府信息公开申请情况 | — |
//! | 四 | 政府信息公开行政复议、行政诉讼情况 | 因政府信息公开工作被申请行政复议、提起行政诉讼情况 |
//! | 五 | 存在的主要问题及改进情况 | 政府信息公开工作存在的主要问题及改进情况 |
//! | 六 | 其他需要报告的事项 | — |
//!
//! - 表中所列变体（《条例》本身的措辞）为**提示**；模板标题后加括注的（「三、收到和处理政府信息公开
//!   申请情况（单位：件）」）也是提示。
//! - 其他措辞为**警告**；提示信息写明模板的标题。
//!
//! 编号不在这里判断（见 `section-numbering`），章节是否存在也不在这里判断（见 `section-missing`）。
//!
//! ## Why it matters
//! The six headings are fixed by the national template so that every agency's report can be
//! read, compared and machine-checked in the same way. A reworded heading (「存在的主要问题及
//! 整改措施」) is usually a heading carried over from an older local format, and often comes with
//! content that does not answer what the template asks.
//!
//! ## 为何重要
//! 六个标题由全国模板统一规定，使各机关的报告能以同样的方式阅读、比较和机器核查。改了措辞的标题
//! （「存在的主要问题及整改措施」）通常沿用自旧的地方格式，其内容也往往答非所问。
//!
//! ## Authority
//! 国办公开办函〔2021〕30号 (the headings of the annual report format); 《条例》第五十条 for the
//! variants of 四 and 五; S6: 格式规范.
//!
//! ## 依据
//! 国办公开办函〔2021〕30号（年度报告格式的各标题）；「四」「五」的变体依据《条例》第五十条；S6：格
//! 式规范。
//!
//! ## Flagged
//! ```text
//! 五、存在的主要问题及整改措施
//! ```
//!
//! ## Accepted
//! ```text
//! 五、存在的主要问题及改进情况
//! 六、其他需要报告的事项：本年度未收取信息处理费。
//! ```

use crate::flag::{Location, Severity};
use crate::i18n::Lang;
use crate::report::{Report, Section, SectionId};
use crate::rules::{Finding, Findings, Message, Rule};
use crate::text::label_key;

pub struct SectionTitle;

impl Rule for SectionTitle {
    crate::rule_meta!(
        "section-title",
        Structure,
        Warning,
        "章节标题与模板不一致",
        "Section heading differs from the template"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        for section in &report.sections {
            let written = &section.heading.title;
            let id = section.id;
            // Most headings are the template's, to the character: their key is the template
            // heading's key without being made.
            if written == id.title() {
                continue;
            }
            let key = label_key(written);
            let title = title_key(id);
            if key == title {
                continue;
            }
            let variant = id.known_variants().iter().any(|v| key == label_key(v));
            let noted = without_note(&key) == title;
            let (severity, difference) = if variant {
                (Severity::Info, Difference::RegulationWording)
            } else if noted {
                (Severity::Info, Difference::Noted)
            } else {
                (Severity::Warning, Difference::Other)
            };
            let heading = Heading {
                written: section.heading.raw.clone(),
                difference,
                id,
            };
            findings.report(
                Finding::typed(location(report, section), heading)
                    .severity(severity)
                    .evidence("found", written.clone())
                    .evidence("expected", id.title())
                    .key(id.numeral())
                    .key(key),
            );
        }
    }
}

/// A heading `written` other than the template's heading of section `id`.
#[derive(Debug)]
struct Heading {
    written: String,
    difference: Difference,
    id: SectionId,
}

/// How the heading differs from the template's.
#[derive(Debug)]
enum Difference {
    /// The 条例's wording of the section (art. 50).
    RegulationWording,
    /// The template's heading with a note in brackets.
    Noted,
    Other,
}

impl Message for Heading {
    fn message(&self, lang: Lang) -> String {
        let (written, expected) = (&self.written, self.id.heading());
        let why = match self.difference {
            Difference::RegulationWording => lang.pick(
                "是《条例》第五十条的表述，模板的标题为",
                "is the wording of the 条例 (art. 50); the template's heading is",
            ),
            Difference::Noted => lang.pick(
                "在模板标题后加了括注，模板的标题为",
                "adds a note in brackets to the template's heading",
            ),
            Difference::Other => {
                lang.pick("与模板不一致，应为", "differs from the template's heading")
            }
        };
        match lang {
            Lang::Zh => format!("章节标题「{written}」{why}「{expected}」"),
            Lang::En => format!("the heading 「{written}」 {why} 「{expected}」"),
        }
    }
}

/// The template's heading of a section as a label key, made once per process (every report
/// compares each of its headings with it).
fn title_key(id: SectionId) -> &'static str {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        SectionId::ALL
            .iter()
            .map(|id| label_key(id.title()))
            .collect()
    });
    SectionId::ALL
        .iter()
        .position(|other| *other == id)
        .map_or("", |i| keys[i].as_str())
}

/// A key without a closing note in brackets: 「…申请情况(单位:件)」 → 「…申请情况」.
fn without_note(key: &str) -> &str {
    if !key.ends_with(')') {
        return key;
    }
    key.rfind('(').map_or(key, |open| &key[..open])
}

/// The heading's title on its line.
fn location(report: &Report, section: &Section) -> Location {
    let heading = &section.heading;
    let Some(line) = report.doc.line(heading.line) else {
        return Location::line(heading.line);
    };
    match line.raw.find(heading.title.as_str()) {
        Some(at) => Location::span(
            line.no,
            line.raw[..at].chars().count() as u32 + 1,
            heading.title.chars().count() as u32,
        ),
        None => Location::line(heading.line),
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::{Flag, Severity};
    use crate::i18n::Lang;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    fn flags_of(text: &str) -> Vec<Flag> {
        let report = parse_text(text, SourceEncoding::Utf8);
        let selection = RuleSelection::only("section-title");
        run(&report, &selection)
    }

    const EXACT: &str = "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项";

    /// A heading written as the template writes it is passed without its key being made: its
    /// key is the template's.
    #[test]
    fn a_template_heading_has_the_template_key() {
        use crate::report::SectionId;
        for id in SectionId::ALL {
            assert_eq!(super::label_key(id.title()), super::title_key(id), "{id:?}");
        }
    }

    #[test]
    fn the_template_headings_pass_whatever_the_spacing_and_numbering() {
        assert!(flags_of(EXACT).is_empty());
        let spaced = "1、 总体情况：\n二、主动公开政府信息情况\n　三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况。\n六、其他需要报告的事项：本年度未收取信息处理费。";
        assert!(flags_of(spaced).is_empty(), "{:?}", flags_of(spaced));
    }

    #[test]
    fn another_wording_is_a_warning_at_the_heading() {
        let text = EXACT.replace("存在的主要问题及改进情况", "存在的主要问题及整改措施");
        let flags = flags_of(&text);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].severity, Severity::Warning);
        assert_eq!(flags[0].location.line, Some(5));
        assert_eq!(flags[0].location.column, Some(3));
        assert_eq!(flags[0].location.len, Some(12));
        assert!(flags[0]
            .message
            .get(Lang::Zh)
            .contains("应为「五、存在的主要问题及改进情况」"));
    }

    #[test]
    fn listed_variants_and_notes_are_info() {
        let text = EXACT
            .replace(
                "四、政府信息公开行政复议、行政诉讼情况",
                "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            )
            .replace(
                "三、收到和处理政府信息公开申请情况",
                "三、收到和处理政府信息公开申请情况（单位：件）",
            );
        let flags = flags_of(&text);
        let seen: Vec<_> = flags
            .iter()
            .map(|f| (f.location.line, f.severity))
            .collect();
        assert_eq!(seen, [(Some(3), Severity::Info), (Some(4), Severity::Info)]);
    }
}
