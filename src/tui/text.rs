//! Display-width-aware text helpers: every column computation of the dashboard goes through
//! here, so Chinese (double-width) text lines up and is never cut in the middle of a character.

use nianbao::sanitize;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The tab stops of the Source pane.
pub const TAB_STOP: usize = 8;

/// Report text made safe for the terminal: controls, escapes and bidi overrides replaced, tabs
/// and line breaks as spaces.
pub fn clean(text: &str) -> String {
    sanitize::for_terminal(text, false)
}

/// The display width of a string (in terminal columns).
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Cuts `text` to at most `max` columns, ending with `…` when something was cut; never splits
/// a double-width character.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` cut to `columns` and padded with spaces to exactly `columns` columns.
pub fn fit(text: &str, columns: usize) -> String {
    let mut out = truncate(text, columns);
    let used = width(&out);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(used)));
    out
}

/// `text` right-aligned in `columns` columns (cut when longer).
pub fn fit_right(text: &str, columns: usize) -> String {
    let cut = truncate(text, columns);
    let used = width(&cut);
    let mut out: String = std::iter::repeat_n(' ', columns.saturating_sub(used)).collect();
    out.push_str(&cut);
    out
}

/// A piece of a display row of the Source pane: text, and whether it lies in the marked span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

/// Lays out one raw source line in rows of at most `columns` columns: unsafe characters
/// replaced, tabs expanded to the next tab stop (counted in display columns from the start of
/// the line), double-width characters never split. Characters whose index (0-based, in
/// characters) is in `mark` are marked.
pub fn source_rows(
    raw: &str,
    mark: Option<std::ops::Range<usize>>,
    columns: usize,
) -> Vec<Vec<Piece>> {
    let columns = columns.max(2);
    let mut rows: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut row_width = 0;
    let mut line_col = 0;
    let push =
        |rows: &mut Vec<Vec<Piece>>, row_width: &mut usize, c: char, w: usize, marked: bool| {
            if *row_width + w > columns && *row_width > 0 {
                rows.push(Vec::new());
                *row_width = 0;
            }
            let row = rows.last_mut().expect("rows is never empty");
            match row.last_mut() {
                Some(piece) if piece.marked == marked => piece.text.push(c),
                _ => row.push(Piece {
                    text: c.to_string(),
                    marked,
                }),
            }
            *row_width += w;
        };
    for (index, c) in raw.chars().enumerate() {
        let marked = mark.as_ref().is_some_and(|m| m.contains(&index));
        if c == '\t' {
            let spaces = TAB_STOP - line_col % TAB_STOP;
            for _ in 0..spaces {
                push(&mut rows, &mut row_width, ' ', 1, marked);
            }
            line_col += spaces;
            continue;
        }
        let c = if sanitize::is_unsafe(c) {
            '\u{FFFD}'
        } else {
            c
        };
        let w = char_width(c);
        push(&mut rows, &mut row_width, c, w, marked);
        line_col += w;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_respects_double_width() {
        assert_eq!(truncate("乌拉特中旗司法局", 8), "乌拉特…");
        assert_eq!(truncate("乌拉特中旗司法局", 7), "乌拉特…");
        assert_eq!(truncate("乌拉特中旗司法局", 16), "乌拉特中旗司法局");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(fit("司法局", 8), "司法局  ");
        assert_eq!(width(&fit("乌拉特中旗司法局", 9)), 9);
        assert_eq!(fit_right("12", 4), "  12");
    }

    fn text(rows: &[Vec<Piece>]) -> Vec<String> {
        rows.iter()
            .map(|r| r.iter().map(|p| p.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn tabs_expand_to_tab_stops_counted_in_columns() {
        let rows = source_rows("一\t2\t\u{1b}x", None, 80);
        assert_eq!(text(&rows), ["一      2       \u{FFFD}x"]);
        assert_eq!(width(&text(&rows)[0]), 18);
    }

    #[test]
    fn rows_wrap_without_splitting_wide_chars_and_mark_spans() {
        let rows = source_rows("统计期限为2023年", Some(5..9), 7);
        assert_eq!(text(&rows), ["统计期", "限为202", "3年"]);
        assert_eq!(
            rows[1],
            [
                Piece {
                    text: "限为".into(),
                    marked: false
                },
                Piece {
                    text: "202".into(),
                    marked: true
                }
            ]
        );
        assert!(rows.iter().flatten().all(|p| width(&p.text) <= 7));
        assert_eq!(text(&source_rows("", None, 10)), [""]);
    }
}
