//! Finding leftovers of document conversion: DOCX bookmarks, HTML tags and entities, and page
//! numbers that a PDF or Word export left on lines of their own.
//!
//! Positions are in the raw text: the folded copy blanks bookmarks out (so that labels read as
//! if they were not there), but rule `conversion-artifact` points at them as written. Every
//! line goes through cheap tests (`[`, `<`, `&`, a short line with a digit) before any regex.

use std::sync::LazyLock;

use regex::Regex;

use crate::report::{Artifact, ArtifactKind};
use crate::text::{Document, Line, LineFacts, BOOKMARK_OPEN};

/// Tags of the HTML that converters and copy-paste from web pages leave behind. A closed list:
/// Chinese text writes 《》 as `<…>` now and then (`<中华人民共和国…格式>`), and an ASCII word in
/// angle brackets that is not a tag name is more likely prose than markup.
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)<!--.*?-->|</?(?:p|br|span|div|font|b|i|u|s|strong|em|table|tbody|thead|tr|td|th|img|a|h[1-6]|sup|sub|li|ul|ol|o:p|center|section|article|style|script|hr|small|big|label|input|col|colgroup|html|body|head|meta|link|title)(?:\s[^<>]{0,300})?\s*/?>",
    )
    .expect("valid regex")
});

/// Named entities seen in converted reports, and numeric ones.
static HTML_ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"&(?:nbsp|amp|lt|gt|quot|apos|ensp|emsp|thinsp|middot|ldquo|rdquo|lsquo|rsquo|hellip|mdash|ndash|times|divide|copy|reg|deg|plusmn|yen|bull|zwj|zwnj|shy|laquo|raquo|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});",
    )
    .expect("valid regex")
});

/// A page number alone on its line, in the forms Word and PDF exports print.
static PAGE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:[-—–~]{1,2}\s*\d{1,4}\s*[-—–~]{1,2}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页|(\d{1,4})\s*/\s*(\d{1,4})(?:\s*页)?|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    )
    .expect("valid regex")
});

/// A page footer line is short; anything longer is text.
const MAX_FOOTER_CHARS: usize = 20;

/// The length in bytes up to which a line opening with a digit is looked at for a `/` before
/// anything else: the numbers of a table written a cell a line are this short.
const SHORT_LINE: usize = 16;

/// Every conversion leftover in the document, in order.
pub fn find(doc: &Document) -> Vec<Artifact> {
    let mut found = Vec::new();
    // Most reports have no bracket, tag or entity at all, and the others a few: one search of
    // the whole text finds the lines that hold one, and only they are read for markup.
    let raw = doc.raw().as_bytes();
    let markup = memchr::memchr3_iter(b'[', b'<', b'&', raw);
    for line in doc.lines_at_raw(markup) {
        let holds = |byte| memchr::memchr(byte, line.raw.as_bytes()).is_some();
        if holds(b'[') {
            bookmarks(&line, &mut found);
        }
        if holds(b'<') {
            matches(&line, &HTML_TAG, ArtifactKind::HtmlTag, &mut found);
        }
        if holds(b'&') {
            matches(&line, &HTML_ENTITY, ArtifactKind::HtmlEntity, &mut found);
        }
    }
    // Only a line that may be a page footer by its facts and first bytes is made and read for
    // one.
    for (no, facts) in (1..).zip(doc.facts()) {
        if !may_hold_footer(facts)
            || doc
                .folded_line(no)
                .is_some_and(|folded| short_without_slash(facts, folded))
        {
            continue;
        }
        if let Some(line) = doc.line(no) {
            page_footer(&line, &mut found);
        }
    }
    // Markup and footers were found in passes of their own, tags and entities of one line
    // in two: in the order of their places, those of one place (none) in the order found.
    found.sort_by_key(|a| (a.line, a.column));
    found
}

fn artifact(line: &Line<'_>, byte: usize, text: &str, kind: ArtifactKind) -> Artifact {
    Artifact {
        line: line.no,
        column: line.column_of_raw(byte),
        text: text.to_string(),
        kind,
    }
}

fn bookmarks(line: &Line<'_>, found: &mut Vec<Artifact>) {
    let mut from = 0;
    while let Some(open) = line.raw[from..].find(BOOKMARK_OPEN) {
        let open = from + open;
        let Some(close) = line.raw[open..].find(']') else {
            return;
        };
        let close = open + close + 1;
        found.push(artifact(
            line,
            open,
            &line.raw[open..close],
            ArtifactKind::Bookmark,
        ));
        from = close;
    }
}

fn matches(line: &Line<'_>, pattern: &Regex, kind: ArtifactKind, found: &mut Vec<Artifact>) {
    for m in pattern.find_iter(line.raw) {
        found.push(artifact(line, m.start(), m.as_str(), kind));
    }
}

/// Whether a line may be a page footer by its facts: no tab (table cells, in the cell layout
/// one per line after a tab, can hold any short number), and a first character a footer
/// opens with (known from the facts, it turns away most lines before any of it is read).
fn may_hold_footer(facts: &LineFacts) -> bool {
    !facts.tab && facts.lead.is_some_and(may_open_footer)
}

/// Whether a line (its facts and folded text) is short, opens with a digit and holds no `/`.
/// A footer opening with a digit holds a `/` (「3/12」, [`may_be_footer`]): such a line, a
/// number alone on its line (in a table written a cell a line, most lines), is turned away by
/// a look at its few bytes, before it is made, trimmed and read.
fn short_without_slash(facts: &LineFacts, folded: &str) -> bool {
    // A byte loop: memchr's setup costs more than a look at so few bytes.
    facts.lead.is_some_and(|lead| lead.is_ascii_digit())
        && folded.len() <= SHORT_LINE
        && !folded.bytes().any(|b| b == b'/')
}

/// The page footer a line may hold, if it is one: a line that may hold one by its facts
/// ([`may_hold_footer`]) and is not [`short_without_slash`].
fn page_footer(line: &Line<'_>, found: &mut Vec<Artifact>) {
    // A footer is short; a line of more bytes than any footer has characters is not one,
    // which spares counting the characters of every paragraph.
    let text = line.folded_from_lead().trim_end();
    if text.len() > MAX_FOOTER_CHARS * 4 {
        return;
    }
    if !may_be_footer(text)
        || text.chars().count() > MAX_FOOTER_CHARS
        || !text.bytes().any(|b| b.is_ascii_digit())
    {
        return;
    }
    let Some(caps) = PAGE_FOOTER.captures(text) else {
        return;
    };
    // 「3/12」: the page cannot be past the last page, and one page has no footer to count.
    if let (Some(page), Some(pages)) = (caps.get(1), caps.get(2)) {
        let page: u32 = page.as_str().parse().unwrap_or(0);
        let pages: u32 = pages.as_str().parse().unwrap_or(0);
        if page == 0 || pages < 2 || page > pages {
            return;
        }
    }
    let start = line.folded.len() - line.folded.trim_start().len();
    let chars = text.chars().count();
    let column = line.folded[..start].chars().count();
    found.push(Artifact {
        line: line.no,
        column: column as u32 + 1,
        text: line.raw_chars(column, chars).to_string(),
        kind: ArtifactKind::PageFooter,
    });
}

/// Whether text opens and ends as some form of [`PAGE_FOOTER`] does, each opening with the
/// endings of its own forms: a dash with a dash (「- 3 -」), 「第」 or 「共」 with 「页」, a digit
/// with a digit or 「页」 and a `/` between (「3/12」), 「page」 with a digit. Tested before the
/// regex, which the short lines with a digit of an ordinary report (「2023年」, 「第二十条」) and
/// the numbers of a table written a cell a line then never reach.
fn may_be_footer(text: &str) -> bool {
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().next_back()) else {
        return false;
    };
    // `is_numeric` holds for every character `\d` matches (and a few more).
    match first {
        c if is_dash(c) => is_dash(last),
        '第' | '共' => last == '页',
        'p' | 'P' => last.is_numeric(),
        c if c.is_numeric() => {
            (last == '页' || last.is_numeric()) && memchr::memchr(b'/', text.as_bytes()).is_some()
        }
        _ => false,
    }
}

/// The dashes around a page number (「- 3 -」, 「— 3 —」).
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '—' | '–' | '~')
}

/// Whether a footer can open with a character: one of [`may_be_footer`]'s openings. The
/// ideographs other than 第 and 共, which open most lines, are turned away without a look at
/// the Unicode tables: none of them is numeric (test `no_ideograph_opens_a_footer_but_two`).
fn may_open_footer(c: char) -> bool {
    match c {
        '第' | '共' => true,
        '\u{4E00}'..='\u{9FFF}' => false,
        // A digit first: in a table written a cell a line, most lines open with one.
        c => c.is_ascii_digit() || is_dash(c) || matches!(c, 'p' | 'P') || c.is_numeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(u32, u32, ArtifactKind, String)> {
        find(&Document::new(text))
            .into_iter()
            .map(|a| (a.line, a.column, a.kind, a.text))
            .collect()
    }

    /// What `find` did before it searched for the lines with markup: every line read for
    /// each kind of artifact, in one pass.
    fn find_line_by_line(doc: &Document) -> Vec<Artifact> {
        let mut found = Vec::new();
        for line in doc.lines() {
            if line.raw.contains('[') {
                bookmarks(&line, &mut found);
            }
            if line.raw.contains('<') {
                matches(&line, &HTML_TAG, ArtifactKind::HtmlTag, &mut found);
            }
            if line.raw.contains('&') {
                matches(&line, &HTML_ENTITY, ArtifactKind::HtmlEntity, &mut found);
            }
            if may_hold_footer(&line.facts) {
                old_page_footer(&line, &mut found);
            }
        }
        found.sort_by_key(|a| (a.line, a.column));
        found
    }

    /// `page_footer` with its own look at the line's first bytes, as it was.
    fn old_page_footer(line: &Line<'_>, found: &mut Vec<Artifact>) {
        let Some(lead) = line.facts.lead else {
            return;
        };
        if lead.is_ascii_digit() && line.folded.len() <= SHORT_LINE && !line.folded.contains('/') {
            return;
        }
        page_footer(line, found);
    }

    proptest::proptest! {
        /// Reading only the lines that hold markup finds what reading every line finds.
        #[test]
        fn markup_lines_found_first_give_what_every_line_gives(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::Just("正文。"),
                    proptest::prelude::Just("- 3 -"),
                    proptest::prelude::Just("  6/12  "),
                    proptest::prelude::Just("第2页 共9页"),
                    proptest::prelude::Just("12"),
                    proptest::prelude::Just("\t3/12"),
                    proptest::prelude::Just("3"),
                    proptest::prelude::Just("1234567890123456/"),
                    proptest::prelude::Just("12345678901234567"),
                    proptest::prelude::Just(" 7/9 "),
                    proptest::prelude::Just(""),
                    proptest::prelude::Just("<p>一、总体情况</p>"),
                    proptest::prelude::Just("主动公开&nbsp;29条&#12345;<br/>"),
                    proptest::prelude::Just("[bookmark: _GoBack]二是"),
                    proptest::prelude::Just("\t[bookmark: _Hlk1]一、本年新收[bookmark: b]"),
                    proptest::prelude::Just("R&D;投入 A & B <中华人民共和国>"),
                    proptest::prelude::Just("[注]　－７－"),
                    proptest::prelude::Just("&amp;"),
                ],
                0..30,
            ),
            ending in proptest::prelude::any::<bool>(),
        ) {
            let mut text = lines.join("\n");
            if ending {
                text.push('\n');
            }
            let doc = Document::new(&text);
            proptest::prop_assert_eq!(find(&doc), find_line_by_line(&doc));
        }
    }

    #[test]
    fn no_footer_opens_with_a_digit_without_a_slash() {
        // What lets `short_without_slash` turn away a short line opening with a digit.
        let alphabet = ['3', '/', '／', '页', ' ', '-', '—', 'a', '第', '共'];
        for text in crate::document::texts_up_to(&alphabet, 5) {
            let line = crate::text::fold(&format!("1{text}"));
            if !line.contains('/') {
                assert!(PAGE_FOOTER.captures(line.trim_end()).is_none(), "{line}");
            }
        }
        let found = kinds("0\n12\n3/12\n3／12页\n 7/9 \n");
        let lines: Vec<u32> = found.iter().map(|k| k.0).collect();
        assert_eq!(lines, [3, 4, 5]);
    }

    #[test]
    fn no_ideograph_opens_a_footer_but_two() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let opens = is_dash(c) || matches!(c, '第' | '共' | 'p' | 'P') || c.is_numeric();
            assert_eq!(may_open_footer(c), opens, "{c:?}");
        }
    }

    #[test]
    fn bookmarks_keep_their_raw_position() {
        let found = kinds("标题\n\t[bookmark: _Hlk66973412]一、本年新收\n[bookmark: _GoBack]二是");
        assert_eq!(
            found,
            [
                (
                    2,
                    2,
                    ArtifactKind::Bookmark,
                    "[bookmark: _Hlk66973412]".to_string()
                ),
                (
                    3,
                    1,
                    ArtifactKind::Bookmark,
                    "[bookmark: _GoBack]".to_string()
                ),
            ]
        );
    }

    #[test]
    fn html_tags_and_entities_are_found() {
        let found = kinds("<p>一、总体情况</p>\n主动公开&nbsp;29条&#12345;<br/>");
        let texts: Vec<&str> = found.iter().map(|f| f.3.as_str()).collect();
        assert_eq!(texts, ["<p>", "</p>", "&nbsp;", "&#12345;", "<br/>"]);
        assert_eq!(found[1].1, 10);
        assert_eq!(found[2].2, ArtifactKind::HtmlEntity);
    }

    #[test]
    fn page_footers_on_their_own_line() {
        let text = "正文。\n- 3 -\n— 4 —\n第 5 页\n  6/12  \n第2页 共9页\n－７－";
        let found = kinds(text);
        assert_eq!(found.len(), 6);
        assert!(found.iter().all(|f| f.2 == ArtifactKind::PageFooter));
        assert_eq!(
            found[3],
            (5, 3, ArtifactKind::PageFooter, "6/12".to_string())
        );
        assert_eq!(found[5].3, "－７－");
    }

    #[test]
    fn the_footer_pre_test_lets_every_footer_through() {
        let footers = [
            "- 3 -",
            "— 4 —",
            "~12~",
            "--7--",
            "第 5 页",
            "第2页 共9页",
            "第2页，共9页",
            "第2页/共9页",
            "共9页 第2页",
            "共9页,第2页",
            "6/12",
            "6 / 12 页",
            "page 3",
            "Page 3 of 9",
            "PAGE 3",
            "pAgE3of4",
            "-７-",
            "第٣页",
            "١/٣",
        ];
        for text in footers {
            let folded = crate::text::fold(text);
            assert!(PAGE_FOOTER.is_match(&folded), "{text}");
            assert!(may_be_footer(&folded), "{text}");
        }
        for text in [
            "2023年",
            "第二十条",
            "共3件",
            "3件",
            "一、总体情况",
            "12/3 日",
            "",
            // A table's numbers, a cell a line: no footer is a bare number.
            "12",
            "2023",
            "3页",
            "- 3",
            "第3条",
            "page",
        ] {
            assert!(!may_be_footer(text), "{text}");
        }
    }

    #[test]
    fn ordinary_text_is_not_an_artifact() {
        let text = "《国务院办公厅…关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》\n\t3/12\n12/3\n1/1\n2024\n第三页\nR&D;投入 A & B\n\t0\n网址：http://www.gov.cn/a?b=1&c=2";
        assert!(kinds(text).is_empty(), "{:?}", kinds(text));
    }
}
