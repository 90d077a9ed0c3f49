//! Known confusions of words that recur in these reports (「政务新媒」, 「看的明」, 「（条例）」).
//!
//! 这类报告中反复出现的已知错别字（「政务新媒」「看的明」「（条例）」）。
//!
//! ## What it checks
//! The prose (not table rows) against a short list of confusions seen in real reports. Each
//! entry is data in this file: the wrong form, the right form, and the neighbours that make a
//! match not a typo.
//!
//! | Wrong | Right | Not flagged |
//! |---|---|---|
//! | 政务新媒 | 政务新媒体 | 「政务新媒体」 (体 follows, also on the next line) |
//! | 人民政务 | 人民政府 | 「人民政务服务」 |
//! | 看的明 | 看得明 | — |
//! | 政府公开工作要点 | 政务公开工作要点 | — (「政府信息公开工作要点」 does not contain it) |
//! | （条例） | 《条例》 | — (half- and full-width brackets alike) |
//!
//! Every occurrence is one flag, marked where it is written.
//!
//! ## 检查内容
//! 将正文（不含表格行）与一份从真实报告中整理的易错词短表比对。每个条目都作为数据写在本文件中：错误
//! 写法、正确写法，以及使匹配不算错别字的上下文。
//!
//! | 错误写法 | 正确写法 | 不标记的情形 |
//! |---|---|---|
//! | 政务新媒 | 政务新媒体 | 「政务新媒体」（后接「体」，包括在下一行） |
//! | 人民政务 | 人民政府 | 「人民政务服务」 |
//! | 看的明 | 看得明 | — |
//! | 政府公开工作要点 | 政务公开工作要点 | —（「政府信息公开工作要点」不含此词） |
//! | （条例） | 《条例》 | —（半角、全角括号同样处理） |
//!
//! 每处出现标记一次，标在所写的位置。
//!
//! ## Why it matters
//! These slips are cheap to fix and conspicuous to readers: a published government report that
//! misnames the 人民政府 or writes the regulation's title in round brackets looks unproofread.
//! They are info: the meaning is rarely in doubt.
//!
//! ## 为何重要
//! 这些错字改起来容易，读者却一眼就能看到：发布的政府报告写错「人民政府」，或把法规名称放在圆括号
//! 里，显得未经校对。它们只是提示：意思很少因此产生歧义。
//!
//! ## Authority
//! S6 (municipal notices on compiling the reports): 文字严谨; 《党政机关公文格式》
//! GB/T 9704—2012 (titles of documents and laws in 《》).
//!
//! ## 依据
//! S6（各市关于编制年度报告的通知）：文字严谨；《党政机关公文格式》GB/T 9704—2012（文件和法律的名称
//! 用书名号）。
//!
//! ## Flagged
//! ```text
//! 2023年，聊城市司法局严格落实《中华人民共和国政府信息公开条例》（以下简称（条例））……
//! 严格做好信息维护和更新工作，不断规范政务新媒的发布。
//! ```
//!
//! ## Accepted
//! ```text
//! 根据《中华人民共和国政府信息公开条例》（以下简称《条例》）……
//! 修订完善了《陕州区司法局政务新媒体信息发布“三审三校”制度》。
//! ```

use crate::flag::Location;
use crate::i18n::Lang;
use crate::report::Report;
use crate::rules::shared::{needles_of, Needle};
use crate::rules::{Finding, Findings, Message, Rule};
use crate::text::Line;

pub struct Typo;

/// One known confusion. Forms are written as they read in folded text (half-width brackets).
struct Confusion {
    wrong: &'static str,
    right: &'static str,
    /// Text that, right after the wrong form, makes the match a different, correct word.
    not_followed_by: &'static [&'static str],
}

/// The list of known confusions.
const CONFUSIONS: &[Confusion] = &[
    Confusion {
        wrong: "政务新媒",
        right: "政务新媒体",
        not_followed_by: &["体"],
    },
    Confusion {
        wrong: "人民政务",
        right: "人民政府",
        not_followed_by: &["服务"],
    },
    Confusion {
        wrong: "看的明",
        right: "看得明",
        not_followed_by: &[],
    },
    Confusion {
        wrong: "政府公开工作要点",
        right: "政务公开工作要点",
        not_followed_by: &[],
    },
    Confusion {
        wrong: "(条例)",
        right: "《条例》",
        not_followed_by: &[],
    },
];

/// Characters of context on each side that identify an occurrence for its fingerprint.
const KEY_CONTEXT: usize = 6;

impl Rule for Typo {
    crate::rule_meta!(
        "typo",
        TextVsTables,
        Info,
        "常见笔误",
        "Known confusion of words"
    );

    fn check(&self, report: &Report, findings: &mut Findings<'_>) {
        // Most reports hold none of the wrong forms, or one a few times: the pass over the whole
        // text the rules share (`shared::Needles`) tells the lines that hold each, and only
        // those are read, in order of line and then of the list.
        let doc = &report.doc;
        let needles = needles_of(report, findings.shared());
        let mut holding: Vec<(u32, usize)> = Vec::new();
        for index in 0..CONFUSIONS.len() {
            let found = needles.offsets(Needle::Typo(index));
            holding.extend(doc.lines_at(found).map(|l| (l.no, index)));
        }
        holding.sort_unstable();
        for (no, index) in holding {
            if report.is_table_line(no) {
                continue;
            }
            let Some(line) = doc.line(no) else {
                continue;
            };
            let confusion = &CONFUSIONS[index];
            // The line's occurrences are the pass's, taken from its offsets rather than searched
            // for again (no wrong form overlaps itself, so they are the line's search's).
            let found = needles.offsets_within(Needle::Typo(index), doc.folded(), line.folded);
            for at in found {
                let after = &line.folded[at + confusion.wrong.len()..];
                let after = if after.trim().is_empty() {
                    // A wrapped line: the word may go on at the start of the next one.
                    doc.line(line.no + 1)
                        .map_or("", |next| next.folded.trim_start())
                } else {
                    after
                };
                if confusion
                    .not_followed_by
                    .iter()
                    .any(|w| after.starts_with(w))
                {
                    continue;
                }
                report_one(&line, at, confusion, findings);
            }
        }
    }
}

fn report_one(line: &Line<'_>, at: usize, confusion: &Confusion, findings: &mut Findings<'_>) {
    let column = line.column_of(at);
    let len = confusion.wrong.chars().count();
    let start = column as usize - 1;
    let written = line.raw_chars(start, len);
    let shown_before = line.raw_chars(start.saturating_sub(KEY_CONTEXT), start.min(KEY_CONTEXT));
    let shown_after = line.raw_chars(start + len, KEY_CONTEXT);
    // The key ignores spacing and character width, so that re-typed text keeps its verdict.
    let key_before: String = crate::text::fold(shown_before)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let key_after: String = crate::text::fold(shown_after)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    findings.report(
        Finding::typed(
            Location::span(line.no, column, len as u32),
            Slip {
                written: written.to_string(),
                right: confusion.right,
                before: shown_before.to_string(),
                after: shown_after.to_string(),
            },
        )
        .evidence("found", written)
        .evidence("expected", confusion.right)
        .key(confusion.wrong)
        .key(key_before)
        .key(key_after),
    );
}

/// `written` where `right` was meant, between the text shown `before` and `after` it.
#[derive(Debug)]
struct Slip {
    written: String,
    right: &'static str,
    before: String,
    after: String,
}

impl Message for Slip {
    fn message(&self, lang: Lang) -> String {
        let Slip {
            written,
            right,
            before,
            after,
        } = self;
        match lang {
            Lang::Zh => format!(
                "疑似笔误：「{written}」应为「{right}」（上下文：「…{before}{written}{after}…」）"
            ),
            Lang::En => format!(
                "probable slip: 「{written}」 should read 「{right}」 (in 「…{before}{written}{after}…」)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::Flag;
    use crate::i18n::Lang;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::rules::{run, RuleSelection};

    fn flags_of(text: &str) -> Vec<Flag> {
        let report = parse_text(
            &format!("某县司法局2023年政府信息公开工作年度报告\n一、总体情况\n{text}"),
            SourceEncoding::Utf8,
        );
        let selection = RuleSelection::only("typo");
        run(&report, &selection)
    }

    use crate::rules::test_support::found_at as found;

    /// `typo` reads its wrong forms' lines from the shared needles by their index in its list.
    #[test]
    fn the_shared_needles_start_with_the_wrong_forms() {
        use crate::rules::shared::{NEEDLES, TYPO_NEEDLES};
        let wrong: Vec<&str> = super::CONFUSIONS.iter().map(|c| c.wrong).collect();
        assert_eq!(wrong, NEEDLES[..TYPO_NEEDLES]);
    }

    /// A line's occurrences of a wrong form are taken from the shared pass, which finds
    /// overlapping ones too: that is a search of the line only because no wrong form can
    /// overlap itself (none ends with a part it starts with).
    #[test]
    fn no_wrong_form_overlaps_itself() {
        for confusion in super::CONFUSIONS {
            let chars: Vec<char> = confusion.wrong.chars().collect();
            for k in 1..chars.len() {
                assert_ne!(chars[..k], chars[chars.len() - k..], "{}", confusion.wrong);
            }
        }
    }

    /// Wrong forms that overlap are each flagged (the shared pass goes on inside a match).
    #[test]
    fn overlapping_wrong_forms_are_each_flagged() {
        let flags = flags_of("公开人民政务新媒的目录。");
        assert_eq!(
            found(&flags),
            [
                (3, 3, "人民政务".to_string()),
                (3, 5, "政务新媒".to_string()),
            ]
        );
    }

    #[test]
    fn every_known_confusion_is_flagged_where_written() {
        let flags = flags_of(
            "严格落实《条例》（以下简称（条例））。\n不断规范政务新媒的发布。\n让群众看的明。\n按照《2023年聊城市政府公开工作要点》，公开《聊城市人民政务2023年目录》。\n简称(条例)。",
        );
        assert_eq!(
            found(&flags),
            [
                (3, 14, "（条例）".to_string()),
                (4, 5, "政务新媒".to_string()),
                (5, 4, "看的明".to_string()),
                (6, 12, "政府公开工作要点".to_string()),
                (6, 28, "人民政务".to_string()),
                (7, 3, "(条例)".to_string()),
            ]
        );
        assert!(flags[0].message.get(Lang::Zh).contains("《条例》"));
        assert_eq!(flags[0].location.len, Some(4));
    }

    #[test]
    fn right_forms_and_guarded_neighbours_pass() {
        let flags = flags_of(
            "修订完善了《政务新媒体信息发布制度》。\n加强政务新\n媒体管理，落实政府信息公开工作要点。\n以下简称《条例》。\n为人民政务服务。\n让群众看得明、听得懂。\n政务新媒\n体矩阵",
        );
        assert!(flags.is_empty(), "{flags:?}");
    }

    #[test]
    fn table_rows_are_not_read() {
        assert!(flags_of("\t政务新媒\t0").is_empty());
    }

    #[test]
    fn repeated_slips_keep_apart() {
        let flags = flags_of("看的明。\n看的明。");
        assert_eq!(flags.len(), 2);
        assert_ne!(flags[0].fingerprint, flags[1].fingerprint);
    }
}
