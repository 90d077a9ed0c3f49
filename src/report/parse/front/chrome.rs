//! Web-page chrome: what a browser's copy or a crawler's dump of a published report carries
//! around the report itself — breadcrumbs (「当前位置：首页 > 政务公开 > …」), the publishing
//! platform's metadata (「发布时间：… 来源：… 浏览次数：…」), toolbars (「【字号 大 中 小】【打印】
//! 【关闭】」), links to the elderly-friendly and accessible versions (长辈版, 无障碍), and the
//! labels a page puts before its title (「标题：」, 「正文」, 「•」, 「#」). None of it is the title
//! or the agency; the metadata may name the publisher and the publication date.

/// Words that only a page's navigation puts on a line: a breadcrumb's head.
const BREADCRUMB_HEADS: [&str; 5] = [
    "当前位置",
    "您的位置",
    "您现在的位置",
    "现在位置",
    "所在位置",
];

/// Labels of the platform's metadata, each followed by a colon (or a tab, in a table of them).
const METADATA_LABELS: [&str; 21] = [
    "发布时间",
    "发布日期",
    "发文日期",
    "成文日期",
    "公开日期",
    "来源",
    "信息来源",
    "文章来源",
    "浏览次数",
    "访问次数",
    "点击数",
    "阅读数",
    "作者",
    "索引号",
    "发布机构",
    "发文机关",
    "分类",
    "主题分类",
    "文号",
    "关键词",
    "采集时间",
];

/// Toolbar and link words; a short line made of them is chrome.
const TOOLBAR_WORDS: [&str; 18] = [
    "字号",
    "打印",
    "关闭",
    "长辈版",
    "无障碍",
    "适老化",
    "繁体",
    "简体",
    "English",
    "分享到",
    "扫一扫",
    "收藏",
    "返回顶部",
    "大 中 小",
    "大中小",
    "【大】",
    "关闭窗口",
    "打印本页",
];

/// The first characters of the toolbar words: a line without any of them is no toolbar, and
/// one pass over it says so.
const TOOLBAR_FIRST_CHARS: [char; 14] = [
    '字', '打', '关', '长', '无', '适', '繁', '简', 'E', '分', '扫', '收', '返', '大',
];

/// The longest line that can be toolbar or link chrome (characters).
const MAX_TOOLBAR_CHARS: usize = 40;

/// What a page writes before its title: 「标题：」, 「正文」, list bullets and markdown heading
/// marks (folded text, whitespace removed).
const TITLE_PREFIXES: [&str; 6] = ["标题:", "名称:", "题名:", "正文", "名称", "标题"];

/// Whether a line (folded) is page chrome rather than part of the report.
pub fn is_chrome(folded: &str) -> bool {
    let text = folded.trim();
    if text.is_empty() {
        return false;
    }
    is_breadcrumb(text) || metadata_fields(text) > 0 || is_toolbar(text)
}

/// 「当前位置：首页 > 政务公开 > …」, or a path of several 「>」 from 首页.
fn is_breadcrumb(text: &str) -> bool {
    // 首页 is looked for first: it is rare in a report, and the search for it is fast.
    BREADCRUMB_HEADS.iter().any(|h| text.starts_with(h))
        || (text.contains("首页")
            && (text.starts_with("首页") && text.contains(['>', '»', '›', '/'])
                || text.matches(['>', '»', '›']).count() >= 2))
}

/// How many metadata fields the line holds: a label at the start of the line or after a gap,
/// followed by a colon or a tab (「发布时间：2024-01-19  来源：漳州市司法局」 holds two).
fn metadata_fields(text: &str) -> usize {
    // A field line starts with a label; a lone word that happens to be one (「来源」) in prose
    // is not a field.
    if !METADATA_LABELS.iter().any(|l| text.starts_with(l)) {
        return 0;
    }
    let mut count = 0;
    for piece in text.split(['\t', ' ']).filter(|p| !p.is_empty()) {
        let labelled = METADATA_LABELS.iter().any(|label| {
            piece.strip_prefix(label).is_some_and(|rest| {
                rest.starts_with(':') || rest.starts_with('：') || rest.is_empty()
            })
        });
        if labelled {
            count += 1;
        }
    }
    count
}

/// A short line of toolbar words and links: 「【字号 大 中 小】【打印】【关闭】」, 「长辈版 | 无障碍」.
/// Little else than those words may be on the line: separators, brackets and a few characters.
fn is_toolbar(text: &str) -> bool {
    if crate::text::more_chars_than(text, MAX_TOOLBAR_CHARS)
        || !text.contains(TOOLBAR_FIRST_CHARS)
        || !TOOLBAR_WORDS.iter().any(|w| text.contains(w))
    {
        return false;
    }
    let mut rest = text.to_string();
    for word in TOOLBAR_WORDS {
        rest = rest.replace(word, "");
    }
    rest.chars()
        .filter(|c| !c.is_whitespace() && !"【】[]|/·•>".contains(*c))
        .count()
        <= 4
}

/// The value of a metadata field on a chrome line: 「来源：漳州市司法局」 → 「漳州市司法局」
/// for label 「来源」; the value runs to the next gap.
pub fn field<'a>(folded: &'a str, labels: &[&str]) -> Option<(usize, &'a str)> {
    labels.iter().find_map(|label| {
        let mut from = 0;
        while let Some(at) = folded[from..].find(label) {
            let at = from + at;
            from = at + label.len();
            let at_boundary = folded[..at]
                .chars()
                .last()
                .is_none_or(|c| c.is_whitespace() || c == '\t');
            if !at_boundary {
                continue;
            }
            let rest = &folded[at + label.len()..];
            let skipped = rest.len()
                - rest
                    .trim_start_matches(|c: char| c == ':' || c == '：' || c.is_whitespace())
                    .len();
            let start = at + label.len() + skipped;
            let value = folded[start..]
                .split(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("");
            if !value.is_empty() {
                return Some((start, value));
            }
        }
        None
    })
}

/// How many leading characters of a title's compacted text (folded, whitespace removed) are a
/// page's label or bullet rather than the title: 「标题:」, 「正文」, 「•」, 「#」, 「##」.
pub fn title_prefix_len(chars: &[char]) -> usize {
    let mut at = 0;
    loop {
        // Compared character by character: nothing is copied for a title without a prefix.
        let rest = &chars[at..];
        let starts_with =
            |p: &str| p.chars().count() <= rest.len() && p.chars().zip(rest).all(|(a, &b)| a == b);
        if let Some(prefix) = TITLE_PREFIXES.iter().find(|p| starts_with(p)) {
            at += prefix.chars().count();
            continue;
        }
        match chars.get(at) {
            Some('#' | '•' | '·' | '●' | '■' | '◆' | '*' | '-' | '>' | ':' | '|') => {
                at += 1
            }
            _ => return at,
        }
    }
}

/// Where a title ends before a site's name appended to it by the page (「…年度报告-沭阳县发改局」,
/// 「…年度报告_漳州市人民政府」, 「…年度报告|…」): the index after the report's name, if
/// something of that kind follows it.
pub fn title_suffix_start(chars: &[char], mark_end: usize) -> Option<usize> {
    let rest = chars.get(mark_end..)?;
    match rest.first() {
        Some('-' | '_' | '|' | '—' | '–') => Some(mark_end),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    #[test]
    fn chrome_lines() {
        for line in [
            "当前位置：首页 > 政务公开 > 政府信息公开年报 > 漳州市司法局2023年政府信息公开工作年度报告",
            "首页 > 政务公开 > 年报",
            "发布时间：2024-01-19 10:23  来源：漳州市司法局  浏览次数：136",
            "发布日期:2023年01月11日",
            "【字号 大 中 小】【打印】【关闭】",
            "长辈版 | 无障碍",
            "\t发布机构\t沭阳县发展和改革局\t公开日期\t2024-01-17",
            "来源：http://www.shuyang.gov.cn/",
        ] {
            assert!(is_chrome(&fold(line)), "{line}");
        }
        for line in [
            "漳州市司法局2023年政府信息公开工作年度报告",
            "根据《条例》规定，现公布《漳州市司法局2023年政府信息公开工作年度报告》。",
            "一、总体情况",
            "2023年，我局严格落实来源可溯的审核制度，打印并关闭……",
            "单位：件",
            "信息内容\t本年制发件数",
        ] {
            assert!(!is_chrome(&fold(line)), "{line}");
        }
    }

    #[test]
    fn fields_of_metadata_lines() {
        let line = fold("发布时间：2024-01-19 10:23  来源：漳州市司法局  浏览次数：136");
        assert_eq!(field(&line, &["来源"]).map(|f| f.1), Some("漳州市司法局"));
        assert_eq!(field(&line, &["作者"]), None);
        let table = fold("\t发布机构\t沭阳县发展和改革局\t公开日期\t2024-01-17");
        assert_eq!(
            field(&table, &["发布机构"]).map(|f| f.1),
            Some("沭阳县发展和改革局")
        );
    }

    #[test]
    fn title_prefixes_and_suffixes() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(title_prefix_len(&chars("标题:某县2023年")), 3);
        assert_eq!(title_prefix_len(&chars("##某县")), 2);
        assert_eq!(title_prefix_len(&chars("•某县")), 1);
        assert_eq!(title_prefix_len(&chars("正文某县")), 2);
        assert_eq!(title_prefix_len(&chars("某县")), 0);
        let title = chars("某县2023年年度报告-某县发改局");
        assert_eq!(title_suffix_start(&title, 11), Some(11));
        assert_eq!(title_suffix_start(&title[..11], 11), None);
    }
}
