//! The Source pane: the report text around the selected flag, the flagged lines highlighted and
//! the flagged span marked. Only the lines on screen are laid out.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use nianbao::triage;

use super::{has_focus, pane_block, title};
use crate::tui::state::{App, Pane};
use crate::tui::table_view;
use crate::tui::text::{clean, source_rows};

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let lang = app.lang;
    let focused = has_focus(app, Pane::Source);
    let flag = app.selected_flag().map(|(_, f)| f);
    let mut heading = lang.pick("原文", "Source").to_string();
    if let Some(source) = &app.source {
        heading.push_str(" — ");
        heading.push_str(&clean(&triage::relative_file(
            &app.inbox_path,
            &source.path,
        )));
    }
    if let Some(line) = flag.and_then(|f| f.location.line) {
        heading.push_str(&match lang {
            nianbao::i18n::Lang::Zh => format!(" 第 {line} 行"),
            nianbao::i18n::Lang::En => format!(" line {line}"),
        });
    }
    // The text of a .docx, .html or .xlsx is extracted: name the cell as the file has it too.
    if let Some(place) = flag.and_then(|f| f.location.source) {
        heading.push_str(&format!(" · {}", place.text(lang)));
    }
    // A table grid in place of the text (see table_view).
    let table = table_view::shown(app);
    if let Some(kind) = table {
        let file_at = lang.pick("原文", "Source").len();
        let key = app
            .keymap
            .main_key(crate::tui::action::Action::Tables)
            .unwrap_or_default();
        heading.replace_range(..file_at, &table_view::heading(kind, &key, lang));
    }
    let block = pane_block(title(heading, focused), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let (Some(kind), Some(report)) = (table, app.source.as_ref().and_then(|s| s.report())) {
        table_view::draw(frame, inner, report, kind, flag, &app.tables, lang);
        return;
    }

    let dim = Style::new().fg(Color::DarkGray);
    let Some(source) = &app.source else {
        let text = lang.pick("选择一个问题查看原文", "select a flag to see the text");
        frame.render_widget(Paragraph::new(Line::styled(text, dim)), inner);
        return;
    };
    let document = match &source.text {
        Ok(document) => document,
        Err(reason) => {
            let text = format!(
                "{}：{}",
                lang.pick("无法读取", "cannot read"),
                clean(reason)
            );
            frame.render_widget(
                Paragraph::new(Line::styled(text, Style::new().fg(Color::Red))),
                inner,
            );
            return;
        }
    };

    let (first, last) = match flag.and_then(|f| f.location.line) {
        Some(line) => (line, flag.and_then(|f| f.location.end_line).unwrap_or(line)),
        None => (0, 0),
    };
    let span = flag.and_then(|f| {
        let column = f.location.column? as usize;
        let start = column.checked_sub(1)?;
        Some(start..start + f.location.len.unwrap_or(1).max(1) as usize)
    });
    let count = document.line_count();
    let gutter = count.max(1).to_string().len().max(3);
    let text_width = usize::from(inner.width).saturating_sub(gutter + 2);
    let height = usize::from(inner.height);
    let highlight = Style::new().bg(Color::Indexed(236));
    let mark = Style::new()
        .bg(Color::Yellow)
        .fg(Color::Black)
        .add_modifier(Modifier::BOLD);

    let mut lines: Vec<Line<'_>> = Vec::with_capacity(height);
    let mut no = app.source_top as u32 + 1;
    while lines.len() < height && no <= count {
        let Some(line) = document.line(no) else {
            break;
        };
        let flagged = (first..=last).contains(&no) && first > 0;
        let line_mark = if flagged && no == first {
            span.clone()
        } else {
            None
        };
        let base = if flagged { highlight } else { Style::new() };
        for (row, pieces) in source_rows(line.raw, line_mark, text_width)
            .into_iter()
            .enumerate()
        {
            if lines.len() >= height {
                break;
            }
            let number = if row == 0 {
                no.to_string()
            } else {
                String::new()
            };
            let pointer = if flagged && row == 0 { ">" } else { " " };
            let gutter_style = if flagged {
                Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
            } else {
                dim
            };
            let mut spans = vec![Span::styled(
                format!("{number:>gutter$}{pointer} "),
                gutter_style,
            )];
            spans.extend(pieces.into_iter().map(|piece| {
                let style = if piece.marked { mark } else { base };
                Span::styled(piece.text, style)
            }));
            lines.push(Line::from(spans).style(base));
        }
        no += 1;
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
