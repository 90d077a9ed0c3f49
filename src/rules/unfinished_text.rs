//! Text left unfinished: cut off mid-sentence or mid-date, or with placeholders not filled in.
//!
//! 文字未完成：在句子或日期中间中断，或留有未填写的占位符。
//!
//! ## What it checks
//! - **The end of the document.** The last paragraph (above a closing signature and date) ends
//!   as a sentence ends: with 。！？…； or a closing bracket or quote. Headings, table rows,
//!   signature lines, URLs, lines ending with ：, list items that are only a title
//!   (「3、其他事项」) and short title lines are not sentences and are left alone.
//! - **A paragraph cut mid-date or mid-number**, anywhere: 「…至2024年12月31」 with no 日,
//!   「…共收到申请12」 with no unit. A line that is continued on the next line (the next one
//!   starts with 日, 月 or a digit: text extracted from PDF wraps lines) is not cut. Other
//!   paragraphs that end without punctuation are not judged: in extracted text a line is not
//!   always a paragraph.
//! - **Placeholders** of a template left in: `XX`, `××`, `＿＿`/`__`, `X月X日`, `X件`, `【 】`,
//!   `（ ）` with only spaces inside, `（单位名称）`, `（此处填写…）`.
//!
//! Table rows (lines with tabs) are not read; their cells have their own rules.
//!
//! ## 检查内容
//! - **文档的结尾。** 最后一段（文末落款和日期之上）以句子结束的方式结束：以。！？…；或右括号、右引
//!   号结尾。标题、表格行、落款行、网址、以「：」结尾的行、只有标题的列举项（「3、其他事项」）和较
//!   短的标题行不是句子，不作判断。
//! - **在日期或数字中间中断的段落**，不论位置：「……至2024年12月31」缺「日」，「……共收到申请12」缺单
//!   位。下一行接续本行的（下一行以「日」「月」或数字开头：从PDF提取的文本会折行）不算中断。其他没
//!   有标点结尾的段落不作判断：在提取的文本中，一行不一定是一段。
//! - 模板中遗留的**占位符**：`XX`、`××`、`＿＿`/`__`、`X月X日`、`X件`、`【 】`、括号内只有空格的
//!   `（ ）`、`（单位名称）`、`（此处填写…）`。
//!
//! 表格行（含制表符的行）不读取；其单元格由各自的规则检查。
//!
//! ## Why it matters
//! A report that stops in the middle of a sentence was published from an unfinished draft or
//! lost its end in conversion; placeholders mean a template was filled in carelessly. Either
//! way the published text is not the agency's finished statement, and the reader cannot tell
//! what it meant to say.
//!
//! ## 为何重要
//! 在句子中间戛然而止的报告，是用未完成的草稿发布的，或在转换中丢了结尾；占位符说明模板填写得很草
//! 率。无论哪种，发布的文字都不是机关最终的表述，读者也看不出它想说什么。
//!
//! ## Authority
//! S6: 内容全面、文字严谨 (municipal notices on compiling the reports); 国办公开办函〔2021〕30号
//! 「发布内容不准确不全面」 as grounds for accountability under 《条例》第四十七条.
//!
//! ## 依据
//! S6：内容全面、文字严谨（各市关于编制年度报告的通知）；国办公开办函〔2021〕30号「发布内容不准确不
//! 全面」作为依《条例》第四十七条追责的情形。
//!
//! ## Flagged
//! ```text
//! 本报告中所列数据的统计时限为2024年1月1日起至2024年12月31
//! ```
//!
//! ## Accepted
//! ```text
//! 本报告中所列数据的统计时限为2024年1月1日起至2024年12月31日。
//!
//! 某县司法局
//! 2025年1月20日
//! ```

// The three checks, one part each; this file reads the paragraphs once and hands each to them.
mod cut;
mod last_sentence;
mod placeholder;

use std::borrow::Cow;

use crate::i18n::Lang;
use crate::report::{blank_artifacts, Artifact, Report, SectionId};
use crate::rules::{Findings, Message, Rule};
use crate::text::{Document, Line};

pub struct UnfinishedText;

/// What ends a sentence.
const SENTENCE_END: &[char] = &['。', '.', '!', '?', '！', '？', '…', ';', '；'];

/// How much of the end of a line is quoted in a message.
const TAIL_CHARS: usize = 20;

impl Rule for UnfinishedText {
    crate::rule_meta!(
        "unfinished-text",
        Completeness,
        Error,
        "文本未完成",
        "Text left unfinished"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        // Collapsed text has no last line of its own: the signature runs on after the prose.
        let last = if report.is_collapsed() {
            None
        } else {
            last_sentence::last_paragraph(report)
        };
        let doc = &report.doc;
        // Paragraphs are read one ahead of the one judged (which needs the next), not all
        // at once: a report of a million short lines would hold a million of them.
        // Only the text's lines are walked (`shared::text_line_nos`: rows of tables and blank
        // lines are told by their roles); the leftovers are consumed in line order as they
        // were. A line is made into a paragraph only when it is read further (see `Seen`).
        let mut artifacts = report.artifacts.as_slice();
        let mut paragraphs = crate::rules::shared::text_line_nos(report)
            .filter_map(|no| {
                let split = artifacts.partition_point(|a| a.line <= no);
                let (here, rest) = artifacts.split_at(split);
                artifacts = rest;
                Seen::of(doc, no, here)
            })
            .peekable();
        let needles = crate::rules::shared::needles_of(report, findings.shared());
        let quick = placeholder::Quick::of(&report.doc, &needles);
        while let Some(seen) = paragraphs.next() {
            let no = seen.no();
            // What the three checks first ask of a paragraph, from its text: most paragraphs
            // may hold no placeholder, end otherwise than in a digit (as both cuts do) and are
            // not the last, and are not read further.
            let may_hold = quick.may_hold(seen.folded());
            let digit = cut::ends_in_digit(seen.text());
            if !may_hold && !digit && Some(no) != last {
                continue;
            }
            let Some(para) = seen.into_para(doc) else {
                continue;
            };
            let para = &para;
            if may_hold {
                placeholder::placeholders(&para.line, findings);
            }
            if digit {
                let made;
                let next = match paragraphs.peek() {
                    Some(Seen::Made(next)) => Some(next),
                    Some(Seen::Plain { no, .. }) => {
                        made = doc.line(*no).map(Para::plain);
                        made.as_ref()
                    }
                    None => None,
                };
                if cut::cut_date(para, next, findings)
                    || (!in_table_sections(report, no) && cut::cut_count(para, next, findings))
                {
                    continue;
                }
            }
            if Some(no) == last && !last_sentence::ends_finished(report, para) {
                last_sentence::cut_sentence(para, findings);
            }
        }
    }
}

/// A text line as the walk of the paragraphs meets it. A line without leftovers on it is a
/// paragraph of its own text (visible: the text's lines are not blank), told by its number
/// and folded text and made into a [`Para`] only when it is read further (a `Line` and a
/// `Para` made of each of a report's ~25 text lines, moved through the walk, cost ~300
/// instructions a line); a line with leftovers is made at once, to tell whether anything is
/// left of it once they are blanked.
enum Seen<'a> {
    Plain { no: u32, folded: &'a str },
    Made(Para<'a>),
}

impl<'a> Seen<'a> {
    /// Line `no` of `doc`, with `artifacts` the leftovers up to it (in line order); none
    /// when the line is not a paragraph (nothing left of it once its leftovers are blanked).
    fn of(doc: &'a Document, no: u32, artifacts: &[Artifact]) -> Option<Seen<'a>> {
        if artifacts.iter().all(|a| a.line != no) {
            return Some(Seen::Plain {
                no,
                folded: doc.folded_line(no)?,
            });
        }
        let para = Para::new(doc.line(no)?, artifacts);
        para.is_visible().then_some(Seen::Made(para))
    }

    fn no(&self) -> u32 {
        match self {
            Seen::Plain { no, .. } => *no,
            Seen::Made(para) => para.line.no,
        }
    }

    /// The line's folded text, leftovers and all (what the placeholders are read in).
    fn folded(&self) -> &str {
        match self {
            Seen::Plain { folded, .. } => folded,
            Seen::Made(para) => para.line.folded,
        }
    }

    /// The paragraph's folded text: the line's without its leftovers.
    fn text(&self) -> &str {
        match self {
            Seen::Plain { folded, .. } => folded,
            Seen::Made(para) => &para.text,
        }
    }

    fn into_para(self, doc: &'a Document) -> Option<Para<'a>> {
        match self {
            Seen::Plain { no, .. } => doc.line(no).map(Para::plain),
            Seen::Made(para) => Some(para),
        }
    }
}

/// What the rule finds; worded in [`Message::message`].
#[derive(Debug)]
enum Unfinished {
    /// A paragraph stops inside a date (`date`, as written) that lacks its end.
    CutDate {
        tail: String,
        date: String,
        missing: Missing,
    },
    /// A paragraph stops right after a count, before its unit.
    CutCount { tail: String },
    /// The document's last paragraph stops mid-sentence.
    CutSentence { tail: String },
    /// A placeholder of the template, as written.
    Placeholder { written: String },
}

/// What a cut date lacks.
#[derive(Debug, Clone, Copy)]
enum Missing {
    /// 「2024年12月31」: the 日.
    Day,
    /// 「2024年12」: the 月 and the day.
    MonthAndDay,
}

impl Message for Unfinished {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Unfinished::CutDate { tail, date, missing }, Lang::Zh) => {
                let missing = match missing {
                    Missing::Day => "日",
                    Missing::MonthAndDay => "月和日",
                };
                format!("段落在日期中途结束：「{tail}」，日期「{date}」缺少“{missing}”，文本可能被截断")
            }
            (Unfinished::CutDate { tail, date, missing }, Lang::En) => {
                let missing = match missing {
                    Missing::Day => "日 (day)",
                    Missing::MonthAndDay => "the month's 月 and the day",
                };
                format!(
                    "the paragraph stops in the middle of a date: `{tail}`; the date `{date}` lacks {missing}, the text may be cut off"
                )
            }
            (Unfinished::CutCount { tail }, Lang::Zh) => {
                format!("段落在数字中途结束：「{tail}」，数字后缺少单位和句末标点，文本可能被截断")
            }
            (Unfinished::CutCount { tail }, Lang::En) => format!(
                "the paragraph stops right after a number: `{tail}` has no unit and no final punctuation, the text may be cut off"
            ),
            (Unfinished::CutSentence { tail }, Lang::Zh) => {
                format!("全文在句子中途结束：「{tail}」后没有句末标点，文本可能不完整")
            }
            (Unfinished::CutSentence { tail }, Lang::En) => format!(
                "the document stops mid-sentence: `{tail}` has no final punctuation, the text may be incomplete"
            ),
            (Unfinished::Placeholder { written }, Lang::Zh) => {
                format!("文中留有未填写的占位符「{written}」")
            }
            (Unfinished::Placeholder { written }, Lang::En) => {
                format!("a template placeholder was left in the text: `{written}`")
            }
        }
    }
}

/// A line of text with the conversion leftovers on it blanked out (same characters otherwise,
/// so character columns agree with the line's).
struct Para<'a> {
    line: Line<'a>,
    /// The folded line without leftovers.
    text: Cow<'a, str>,
    /// The raw line without leftovers, for quoting.
    raw: Cow<'a, str>,
}

impl<'a> Para<'a> {
    fn new(line: Line<'a>, artifacts: &[Artifact]) -> Para<'a> {
        // Most lines have no leftovers: nothing to blank, and no list of them to make.
        if artifacts.iter().all(|a| a.line != line.no) {
            return Para::plain(line);
        }
        let artifacts: Vec<&Artifact> = artifacts.iter().filter(|a| a.line == line.no).collect();
        Para {
            line,
            text: blank_artifacts(line.folded, &artifacts),
            raw: blank_artifacts(line.raw, &artifacts),
        }
    }

    /// A line without leftovers: its own text.
    fn plain(line: Line<'a>) -> Para<'a> {
        let (text, raw) = (Cow::Borrowed(line.folded), Cow::Borrowed(line.raw));
        Para { line, text, raw }
    }

    /// Whether anything but whitespace is left of the line once its leftovers are blanked.
    /// A line without leftovers is its own text, and its facts know whether it is blank
    /// (`Line::is_blank` is the trimmed line being empty): only a blanked line is trimmed.
    fn is_visible(&self) -> bool {
        match &self.text {
            Cow::Borrowed(_) => !self.line.is_blank(),
            Cow::Owned(text) => !text.trim().is_empty(),
        }
    }

    /// The 1-based character column of a byte offset into `text`.
    fn column_of(&self, byte: usize) -> u32 {
        self.text[..byte.min(self.text.len())].chars().count() as u32 + 1
    }
}

/// The end of a line, as written, from its last sentence break (at most about
/// [`TAIL_CHARS`], never starting inside a number).
struct Tail {
    /// 1-based column of the first character quoted.
    column: u32,
    /// Characters quoted.
    len: u32,
    /// The quote, with 「…」 in front when the clause was cut.
    text: String,
}

fn tail(para: &Para<'_>) -> Tail {
    let chars: Vec<char> = para.raw.trim_end().chars().collect();
    let indent = chars.iter().take_while(|c| c.is_whitespace()).count();
    let clause = chars
        .iter()
        .rposition(|c| SENTENCE_END.contains(c) || matches!(c, '，' | ','))
        .map_or(indent, |p| p + 1);
    let mut start = clause.max(chars.len().saturating_sub(TAIL_CHARS));
    while start > clause && is_digit(chars[start - 1]) && is_digit(chars[start]) {
        start -= 1;
    }
    let quoted: String = chars[start..].iter().collect();
    Tail {
        column: start as u32 + 1,
        len: (chars.len() - start) as u32,
        text: if start > clause {
            format!("…{quoted}")
        } else {
            quoted
        },
    }
}

fn is_digit(c: char) -> bool {
    crate::text::fold_char(c).is_ascii_digit()
}

/// Whether line `no` lies in a section whose tables may have lost their tabs in extraction
/// (主动公开, 收到和处理申请, 行政复议和诉讼): rows like 「(一) 予以公开 3」 stay there, and a number
/// at the end of such a line is a cell, not a cut count. Asked only of a paragraph ending in a
/// digit.
fn in_table_sections(report: &Report, no: u32) -> bool {
    report.sections.iter().any(|s| {
        matches!(
            s.id,
            SectionId::Proactive | SectionId::Requests | SectionId::Appeals
        ) && s.heading.line <= no
            && no <= s.body_last
    })
}

#[cfg(test)]
mod tests {
    use crate::flag::Flag;
    use crate::i18n::Lang;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::report::Report;
    use crate::rules::{run, Findings, Rule, RuleSelection};

    fn flags_of(text: &str) -> Vec<Flag> {
        let report = parse_text(text, SourceEncoding::Utf8);
        let selection = RuleSelection::only("unfinished-text");
        run(&report, &selection)
    }

    fn lines_of(text: &str) -> Vec<(u32, String)> {
        flags_of(text)
            .into_iter()
            .map(|f| {
                (
                    f.location.line.unwrap_or(0),
                    f.evidence
                        .values()
                        .next()
                        .map(|v| v.to_string())
                        .unwrap_or_default(),
                )
            })
            .collect()
    }

    const HEAD: &str = "一、总体情况\n本年度，我局认真落实《条例》。\n";

    #[test]
    fn a_document_cut_mid_date_is_flagged_once() {
        let text = format!("{HEAD}六、其他需要报告的事项\n\n本报告中所列数据的统计时限为2024年1月1日起至2024年12月31");
        let flags = flags_of(&text);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].location.line, Some(5));
        assert_eq!(flags[0].evidence["date"], "2024年12月31");
        assert_eq!(flags[0].location.column, Some(26));
    }

    #[test]
    fn a_cut_under_leftovers_is_still_a_cut() {
        let text =
            format!("{HEAD}<p>本报告中所列数据的统计时限为2024年1月1日起至2024年12月31</p>\n- 5 -");
        let flags = flags_of(&text);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].location.column, Some(29));
        assert_eq!(flags[0].evidence["date"], "2024年12月31");
        let text = format!("{HEAD}<p>本年度未收取信息处理费，同时</p>");
        let flags = flags_of(&text);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].evidence["text"], "同时");
    }

    #[test]
    fn a_document_cut_mid_sentence_is_flagged() {
        let text = format!("{HEAD}六、其他需要报告的事项\n本年度，本机关未收取信息处理费，同时");
        let flags = flags_of(&text);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0].evidence["text"], "同时");
        let text = format!(
            "{HEAD}六、其他需要报告的事项\n本年度本机关未收取信息处理费并将继续做好有关工作的落实"
        );
        assert_eq!(flags_of(&text).len(), 1);
        let text = format!(
            "{HEAD}六、其他需要报告的事项\n4、政务新媒体。现有微信公众号1个，对信息内容严格进行"
        );
        assert_eq!(flags_of(&text).len(), 1);
    }

    #[test]
    fn finished_endings_pass() {
        let endings = [
            "本年度未收取信息处理费。\n\n\n某县司法局    \n        2024年1月11日    ",
            "本年度未收取信息处理费。\n某县发展和改革局\n2024年1月17日\n",
            "无",
            "本报告电子版可从门户网站查阅：http://www.example.gov.cn",
            "（三）人大代表建议和政协提案办理结果公开情况",
            "附件：",
            "3、对照政务公开要点积极推动信息公开",
            "1、信息来源方面",
            "（详见附表）",
            "2024年1月",
            "主要涉及“放管服”改革",
        ];
        for ending in endings {
            let text = format!("{HEAD}六、其他需要报告的事项\n{ending}");
            assert!(
                flags_of(&text).is_empty(),
                "{ending}: {:?}",
                flags_of(&text)
            );
        }
        // Leftovers after the last sentence are not part of it.
        let text = format!("{HEAD}六、其他需要报告的事项\n本年度未收取信息处理费。</p>\n\n- 5 -\n");
        assert!(flags_of(&text).is_empty(), "{:?}", flags_of(&text));
        // The document ends with a table.
        let table = format!("{HEAD}四、政府信息公开行政复议、行政诉讼情况\n\t0\t0\t0");
        assert!(flags_of(&table).is_empty());
    }

    #[test]
    fn paragraphs_inside_the_text_are_judged_only_when_cut_mid_date_or_mid_number() {
        // No final punctuation before a heading: extracted text, not judged.
        let text = format!("{HEAD}（二）依申请公开\n及时回复申请人，并将信息通过电子邮箱发送给申请人\n（三）政府信息管理\n我局严格审核。");
        assert!(flags_of(&text).is_empty());
        // A date wrapped onto the next line is not cut.
        let text = format!("{HEAD}统计期限为2024年1月1日至2024年12月\n31日。\n联系电话：0517-83605010，邮编为223001\n结束。");
        assert!(flags_of(&text).is_empty(), "{:?}", flags_of(&text));
        // Rows of a table that lost its tabs.
        let text = format!("{HEAD}三、收到和处理政府信息公开申请情况\n(一) 予以公开 3\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 0 0 0 0 0\n五、存在的主要问题及改进情况\n主动公开 1 2");
        assert!(flags_of(&text).is_empty(), "{:?}", flags_of(&text));
        let text = format!("{HEAD}本年度共收到政府信息公开申请12\n二、主动公开政府信息情况\n截至2023年12\n三、收到和处理政府信息公开申请情况");
        let found = lines_of(&text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, 3);
        assert_eq!(found[1].0, 5);
    }

    #[test]
    fn messages_say_what_was_cut_in_both_languages() {
        let text = format!("{HEAD}本年度共收到政府信息公开申请12\n二、主动公开政府信息情况\n截至2023年12\n三、收到和处理政府信息公开申请情况");
        let flags = flags_of(&text);
        let messages: Vec<(&str, &str)> = flags
            .iter()
            .map(|f| (f.message.get(Lang::Zh), f.message.get(Lang::En)))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "段落在数字中途结束：「本年度共收到政府信息公开申请12」，数字后缺少单位和句末标点，文本可能被截断",
                    "the paragraph stops right after a number: `本年度共收到政府信息公开申请12` has no unit and no final punctuation, the text may be cut off"
                ),
                (
                    "段落在日期中途结束：「截至2023年12」，日期「2023年12」缺少“月和日”，文本可能被截断",
                    "the paragraph stops in the middle of a date: `截至2023年12`; the date `2023年12` lacks the month's 月 and the day, the text may be cut off"
                ),
            ]
        );
    }

    #[test]
    fn a_number_wrapped_away_from_its_measure_is_not_cut() {
        // PDF text breaks lines anywhere: 「7⏎期」 is one count, 「1⏎2次」 one number.
        let text =
            format!("{HEAD}全年共召开常务会议 7\n期，研究政务公开事项。共开展培训1\n2次。\n结束。");
        assert!(flags_of(&text).is_empty(), "{:?}", flags_of(&text));
        // Without a measure after the break the count is still cut.
        let text = format!("{HEAD}全年共召开常务会议 7\n研究政务公开事项。\n结束。");
        assert_eq!(lines_of(&text).len(), 1, "{:?}", lines_of(&text));
    }

    /// The walk before [`super::Seen`], the reference of the rule's: every text line made a
    /// `Line` and a `Para`, the invisible left out, and every paragraph asked by all three
    /// checks in turn.
    fn check_by_paragraphs(report: &Report, findings: &mut Findings<'_>) {
        use super::{cut, last_sentence, placeholder, Para};
        let last = if report.is_collapsed() {
            None
        } else {
            last_sentence::last_paragraph(report)
        };
        let mut paragraphs = report
            .doc
            .lines()
            .filter(|line| !report.is_table_line(line.no) && !line.is_blank())
            .map(|line| Para::new(line, &report.artifacts))
            .filter(Para::is_visible)
            .peekable();
        let needles = crate::rules::shared::Needles::of_report(report);
        let quick = placeholder::Quick::of(&report.doc, &needles);
        while let Some(para) = paragraphs.next() {
            let para = &para;
            if quick.may_hold(para.line.folded) {
                placeholder::placeholders(&para.line, findings);
            }
            let next = paragraphs.peek();
            if cut::ends_in_digit(&para.text)
                && (cut::cut_date(para, next, findings)
                    || (!super::in_table_sections(report, para.line.no)
                        && cut::cut_count(para, next, findings)))
            {
                continue;
            }
            if Some(para.line.no) == last && !last_sentence::ends_finished(report, para) {
                last_sentence::cut_sentence(para, findings);
            }
        }
    }

    /// The rule's flags and the reference walk's on one text, with the roles as parsed and
    /// with them cut short (the walk then tells a table's rows by the roles there are).
    fn flags_both_ways(text: &str) -> Vec<(Vec<Flag>, Vec<Flag>)> {
        let mut report = parse_text(text, SourceEncoding::Utf8);
        let meta = super::UnfinishedText.meta();
        let mut found = Vec::new();
        let full = report.line_roles.len();
        for cover in [full, full / 2] {
            report.line_roles.truncate(cover);
            let (mut walked, mut reference) = (Vec::new(), Vec::new());
            super::UnfinishedText.check(
                &report,
                &mut Findings::new(meta, &[], None, None, &mut walked),
            );
            check_by_paragraphs(
                &report,
                &mut Findings::new(meta, &[], None, None, &mut reference),
            );
            found.push((walked, reference));
        }
        found
    }

    /// The paragraphs the walk reads further are all those where a check can find something:
    /// the rule flags what the reference walk flags, on the fixtures and with cut dates and
    /// counts, placeholders and leftovers put into them.
    #[test]
    fn the_walk_flags_what_reading_every_paragraph_flags() {
        let base = include_str!("../../tests/fixtures/bases/clean-2021-template.txt");
        let real = [
            include_str!("../../tests/fixtures/real/shuyang-fgj-2023.txt"),
            include_str!("../../tests/fixtures/real/wrapped-dates-shuyang-2023.txt"),
            include_str!("../../tests/fixtures/real/huaian-hongze-2023.pdftotext-layout.txt"),
            include_str!("../../tests/fixtures/real/shuyang-fgj-2023.browser-copy.txt"),
            include_str!("../../tests/fixtures/real/web-chrome-004.txt"),
        ];
        let mut texts: Vec<String> = real.iter().map(|t| t.to_string()).collect();
        texts.push(base.to_string());
        let mut flagged = 0;
        for (from, to) in [
            ("。\n", "截至2023年12\n"),
            ("。\n", "共收到申请12\n"),
            ("。\n", "，XX县于X月X日（单位名称）\n"),
            ("。\n", "</p>\n<p></p>\n- 5 -\n至2024年12月31</p>\n"),
            ("。\n", "共办理7\n期。\n"),
        ] {
            for count in [1, 3] {
                texts.push(base.replacen(from, to, count));
            }
        }
        let cut_end = format!("{}\n本年度未收取信息处理费，同时", base.trim_end());
        texts.push(cut_end);
        for text in &texts {
            for (walked, reference) in flags_both_ways(text) {
                flagged += walked.len();
                assert_eq!(walked, reference, "{:.60}", text);
            }
        }
        assert!(flagged > 10, "{flagged}");
    }

    proptest::proptest! {
        /// The same on texts made of the pieces the checks look at, in any order.
        #[test]
        fn the_walk_flags_what_reading_every_paragraph_flags_on_any_text(
            text in crate::document::texts_of(
                &[
                    "一、总体情况", "三、收到和处理政府信息公开申请情况", "六、其他需要报告的事项",
                    "本年度", "共收到申请", "12", "2023年12", "月", "31", "日", "。", "，", "XX",
                    "(", "单位名称", ")", " ", "\u{3000}", "<p>", "</p>", "- 5 -", "\t0", "\n",
                    "\n\n", "某县司法局", "2024年1月15日", "电话", "期",
                ],
                0..40,
            )
        ) {
            for (walked, reference) in flags_both_ways(&text) {
                proptest::prop_assert_eq!(walked, reference, "{:?}", text);
            }
        }
    }

    /// A paragraph is visible when its text, leftovers blanked, is not all whitespace: told
    /// by the line's facts when it has no leftovers.
    #[test]
    fn a_paragraph_is_visible_when_its_text_is_not_blank() {
        use super::Para;
        use crate::report::Artifact;
        let text = "<p></p>\n\u{3000} \n<p>正文</p>\n\n  正文。\n\u{a0}\n- 5 -\n\t\n";
        let report = parse_text(text, SourceEncoding::Utf8);
        assert!(!report.artifacts.is_empty());
        let mut blanked = 0;
        for line in report.doc.lines() {
            let here: Vec<Artifact> = report
                .artifacts
                .iter()
                .filter(|a| a.line == line.no)
                .cloned()
                .collect();
            let para = Para::new(line, &here);
            blanked += usize::from(!here.is_empty());
            assert_eq!(
                para.is_visible(),
                !para.text.trim().is_empty(),
                "line {}",
                line.no
            );
        }
        assert!(blanked >= 2, "{:?}", report.artifacts);
    }

    #[test]
    fn placeholders_are_flagged() {
        let text = format!("{HEAD}XX县司法局于X月X日召开会议，共收到申请××件，联系人＿＿＿，【 】，（单位名称）。\n\tXX\t0");
        let found: Vec<String> = flags_of(&text)
            .into_iter()
            .map(|f| f.evidence["placeholder"].as_str().unwrap_or("").to_string())
            .collect();
        assert_eq!(
            found,
            ["XX", "X月", "X日", "××", "＿＿＿", "【 】", "（单位名称）"]
        );
        let clean = format!("{HEAD}网址http://www.xxgk.gov.cn/xxgk，7×24小时服务，Excel表格。");
        assert!(flags_of(&clean).is_empty(), "{:?}", flags_of(&clean));
    }
}
