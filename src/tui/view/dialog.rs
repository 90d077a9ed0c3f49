//! The small dialogs: export (format, status, scope and file, the rows counted before writing,
//! then the path written), the note editor and
//! the prompt of a bulk decision, the report-status dialog.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use nianbao::export::ExportFormat;
use nianbao::i18n::Lang;
use tui_input::Input;

use super::{centered, clear_popup, pane_block, title};
use crate::tui::state::{
    App, BulkPrompt, ExportDialog, ExportScope, IdentityDialog, NoteEdit, StatusDialog,
};
use crate::tui::text::{clean, width};

pub fn render_export(frame: &mut Frame<'_>, app: &App, dialog: &ExportDialog) {
    let lang = app.lang;
    let area = centered(frame.area(), 64, 16);
    clear_popup(frame, area);
    let block = pane_block(title(lang.pick("导出", "Export").to_string(), true), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if let Some(path) = &dialog.writing {
        let lines = vec![
            Line::styled(
                lang.pick("正在写入…", "writing…"),
                Style::new().fg(Color::Yellow),
            ),
            Line::raw(clean(&path.display().to_string())),
            Line::raw(""),
            Line::styled(
                lang.pick(
                    "Esc 关闭（写入继续，完成后状态栏提示）",
                    "Esc closes (the writing goes on; the status bar says when it is done)",
                ),
                Style::new().fg(Color::DarkGray),
            ),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        return;
    }
    if let Some(result) = &dialog.result {
        let lines = match result {
            Ok((path, rows)) => vec![
                Line::styled(
                    match lang {
                        Lang::Zh => format!("已导出 {rows} 条到："),
                        Lang::En => format!("{rows} rows exported to:"),
                    },
                    Style::new().fg(Color::Green),
                ),
                Line::raw(clean(&path.display().to_string())),
                Line::raw(""),
                Line::styled(
                    lang.pick("按任意键关闭", "any key closes"),
                    Style::new().fg(Color::DarkGray),
                ),
            ],
            Err(message) => vec![
                Line::styled(message.clone(), Style::new().fg(Color::Red)),
                Line::raw(""),
                Line::styled(
                    lang.pick("按任意键关闭", "any key closes"),
                    Style::new().fg(Color::DarkGray),
                ),
            ],
        };
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        return;
    }

    let column = |heading: &str, items: Vec<String>, chosen: usize, active: bool| {
        let style = if active {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        let mut lines = vec![Line::styled(heading.to_string(), style)];
        for (i, item) in items.into_iter().enumerate() {
            let selected = i == chosen;
            let text = format!("{} {}", if selected { ">" } else { " " }, item);
            let style = match (selected, active) {
                (true, true) => Style::new().bg(Color::Blue).fg(Color::White),
                (true, false) => Style::new().bg(Color::DarkGray),
                _ => Style::new(),
            };
            lines.push(Line::styled(text, style));
        }
        lines
    };
    let formats = ExportFormat::ALL
        .iter()
        .map(|f| format_label(*f, lang).to_string())
        .collect();
    let statuses = ExportDialog::STATUSES
        .iter()
        .map(|s| s.label(lang).to_string())
        .collect();
    let left = column(
        lang.pick("格式", "Format"),
        formats,
        dialog.format,
        dialog.field == 0,
    );
    let right = column(
        lang.pick("范围", "Status"),
        statuses,
        dialog.status,
        dialog.field == 1,
    );
    let half = inner.width / 2;
    let rows = inner.height.saturating_sub(6);
    frame.render_widget(
        Paragraph::new(left),
        Rect::new(inner.x, inner.y, half, rows),
    );
    frame.render_widget(
        Paragraph::new(right),
        Rect::new(inner.x + half, inner.y, inner.width - half, rows),
    );
    // Scope, path and the rows the choices write, before anything is written.
    let active = |field: usize| {
        if dialog.field == field {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    };
    let scope = match dialog.scope() {
        ExportScope::All => lang.pick("整个收件箱", "the whole inbox").to_string(),
        ExportScope::Filter(text) if text.is_empty() => lang
            .pick("当前筛选（级别）", "the current filter (severity)")
            .to_string(),
        ExportScope::Filter(text) => match lang {
            Lang::Zh => format!("当前筛选「{}」", clean(&text)),
            Lang::En => format!("the current filter `{}`", clean(&text)),
        },
        ExportScope::Agency(agency) => clean(&agency),
    };
    let path_label = lang.pick("文件：", "File: ");
    let (path, cursor) = if dialog.path.value().is_empty() && dialog.field != 3 {
        (
            lang.pick(
                "（收件箱中按日期命名的新文件）",
                "(a new file in the inbox, named by date)",
            )
            .to_string(),
            0,
        )
    } else {
        visible(
            &dialog.path,
            usize::from(inner.width).saturating_sub(width(path_label) + 1),
        )
    };
    let count = match &dialog.rows {
        Some(Ok(rows)) => match lang {
            Lang::Zh => format!("将导出 {rows} 条"),
            Lang::En => format!("{rows} rows will be written"),
        },
        Some(Err(message)) => message.clone(),
        None => String::new(),
    };
    let below = vec![
        Line::from(vec![
            Span::styled(lang.pick("取自：", "From: "), active(2)),
            Span::raw(format!("< {scope} >")),
        ]),
        Line::from(vec![Span::styled(path_label, active(3)), Span::raw(path)]),
        Line::styled(count, Style::new().fg(Color::Green)),
    ];
    frame.render_widget(
        Paragraph::new(below),
        Rect::new(inner.x, inner.y + rows, inner.width, 3),
    );
    if dialog.field == 3 {
        place_cursor(frame, inner, width(path_label) + cursor, rows + 1);
    }
    let hint = lang.pick(
        "↑↓ 选择  Tab 切换  Enter 导出  Esc 取消",
        "↑↓ choose  Tab switch  Enter export  Esc cancel",
    );
    frame.render_widget(
        Paragraph::new(Line::styled(hint, Style::new().fg(Color::DarkGray))),
        Rect::new(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            inner.width,
            1,
        ),
    );
}

fn format_label(format: ExportFormat, lang: Lang) -> &'static str {
    match format {
        ExportFormat::Xlsx => lang.pick("Excel 工作簿 (xlsx)", "Excel workbook (xlsx)"),
        ExportFormat::Csv => "CSV (csv)",
        ExportFormat::Json => "JSON (json)",
        ExportFormat::Markdown => lang.pick("整改通知 Markdown (md)", "notice, Markdown (md)"),
        ExportFormat::Html => lang.pick("整改通知网页 (html)", "notice, web page (html)"),
        ExportFormat::Docx => {
            lang.pick("整改通知 Word 文档 (docx)", "notice, Word document (docx)")
        }
    }
}

pub fn render_note(frame: &mut Frame<'_>, app: &App, edit: &NoteEdit) {
    let lang = app.lang;
    let heading = format!("{} — {}", lang.pick("批注", "Note"), edit.code);
    let hint = lang.pick(
        "Enter 保存  Esc 取消  Ctrl-u 清空",
        "Enter saves  Esc cancels  Ctrl-u clears",
    );
    render_text_field(frame, heading, "", &edit.input, hint);
}

/// The prompt of a bulk decision: 「确认 25 个问题？ y/n」, or for a dismissal the question
/// and the reason being typed.
pub fn render_bulk(frame: &mut Frame<'_>, app: &App, prompt: &BulkPrompt) {
    let lang = app.lang;
    let verb = prompt.action.label(lang);
    let question = match lang {
        Lang::Zh => format!("{verb} {} 个问题？", prompt.count),
        Lang::En => format!("{verb} {} flags?", prompt.count),
    };
    let heading = lang.pick("批量审核", "Bulk decision").to_string();
    if prompt.takes_reason() {
        let label = format!("{question} {}", lang.pick("理由：", "reason: "));
        let hint = lang.pick(
            "Enter 驳回（理由可空）  Esc 取消",
            "Enter dismisses (the reason may be empty)  Esc cancels",
        );
        render_text_field(frame, heading, &label, &prompt.reason, hint);
        return;
    }
    let area = centered(frame.area(), 70, 5);
    clear_popup(frame, area);
    let block = pane_block(title(heading, true), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(question, Style::new().add_modifier(Modifier::BOLD)),
                Span::raw(" y/n"),
            ]),
            Line::raw(""),
            Line::styled(
                lang.pick(
                    "y 或 Enter 执行  n 或 Esc 取消",
                    "y or Enter does it  n or Esc cancels",
                ),
                Style::new().fg(Color::DarkGray),
            ),
        ]),
        inner,
    );
}

/// A one-line text field in a popup: an optional label before the text, the text scrolled
/// so that the cursor shows, and a hint below.
fn render_text_field(
    frame: &mut Frame<'_>,
    heading: String,
    label: &str,
    input: &Input,
    hint: &str,
) {
    let area = centered(frame.area(), 70, 5);
    clear_popup(frame, area);
    let block = pane_block(title(heading, true), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label_width = width(label);
    let (shown, cursor) = visible(
        input,
        usize::from(inner.width).saturating_sub(label_width + 1),
    );
    let cursor = label_width + cursor;
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(label.to_string(), Style::new().add_modifier(Modifier::BOLD)),
                Span::raw(shown),
            ]),
            Line::raw(""),
            Line::styled(hint.to_string(), Style::new().fg(Color::DarkGray)),
        ]),
        inner,
    );
    place_cursor(frame, inner, cursor, 0);
}

/// The terminal cursor of a text field at `column` (display columns) of `row` of a dialog's
/// inner area, kept inside it.
fn place_cursor(frame: &mut Frame<'_>, inner: Rect, column: usize, row: u16) {
    let x = inner.x
        + u16::try_from(column)
            .unwrap_or(0)
            .min(inner.width.saturating_sub(1));
    frame.set_cursor_position((x, inner.y + row));
}

/// The part of a text field that fits in `room` columns with the cursor in view (from the
/// scrolled-to column, never half a wide character), and the cursor's column in it.
fn visible(input: &Input, room: usize) -> (String, usize) {
    let scroll = input.visual_scroll(room);
    let mut skipped = 0;
    let mut shown = String::new();
    for c in clean(input.value()).chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if skipped < scroll {
            skipped += w;
            continue;
        }
        shown.push(c);
    }
    (shown, input.visual_cursor().saturating_sub(scroll))
}

/// The report-status dialog: the statuses to choose from, and the note.
pub fn render_report_status(frame: &mut Frame<'_>, app: &App, dialog: &StatusDialog) {
    let lang = app.lang;
    let rows = StatusDialog::CHOICES.len() as u16;
    let area = centered(frame.area(), 70, rows + 6);
    clear_popup(frame, area);
    let heading = format!(
        "{} — {}",
        lang.pick("报告状态", "Report status"),
        dialog.name
    );
    let block = pane_block(title(heading, true), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines: Vec<Line<'static>> = StatusDialog::CHOICES
        .iter()
        .enumerate()
        .map(|(i, choice)| {
            let text = choice.map_or(lang.pick("无状态（清除）", "none (clear)"), |s| {
                s.label(lang)
            });
            let selected = i == dialog.choice;
            let style = if selected {
                Style::new().bg(Color::Blue).fg(Color::White)
            } else {
                Style::new()
            };
            Line::styled(
                format!("{} {text}", if selected { ">" } else { " " }),
                style,
            )
        })
        .collect();
    let label = lang.pick("备注：", "note: ");
    let label_width = width(label);
    let (shown, cursor) = visible(
        &dialog.note,
        usize::from(inner.width).saturating_sub(label_width + 1),
    );
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(label.to_string(), Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(shown),
    ]));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        lang.pick(
            "↑↓ 选择  输入备注  Enter 记录  Esc 取消",
            "↑↓ choose  type a note  Enter records  Esc cancels",
        ),
        Style::new().fg(Color::DarkGray),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
    place_cursor(frame, inner, label_width + cursor, rows + 1);
}

/// The agency/year dialog: the two fields (one that was read is shown dimmed, not editable),
/// why the last Enter was refused, and the keys.
pub fn render_identity(frame: &mut Frame<'_>, app: &App, dialog: &IdentityDialog) {
    let lang = app.lang;
    let area = centered(frame.area(), 70, 8);
    clear_popup(frame, area);
    let heading = format!(
        "{} — {}",
        lang.pick("设置机关/年度", "Set agency/year"),
        dialog.name
    );
    let block = pane_block(title(heading, true), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label_width =
        width(lang.pick("机关：", "agency: ")).max(width(lang.pick("年度：", "year: ")));
    let room = usize::from(inner.width).saturating_sub(label_width + 1);
    let mut cursor = (0, 0u16);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let fields = [
        (
            lang.pick("机关：", "agency: "),
            &dialog.agency,
            dialog.read.0,
            !dialog.on_year,
        ),
        (
            lang.pick("年度：", "year: "),
            &dialog.year,
            dialog.read.1,
            dialog.on_year,
        ),
    ];
    for (row, (label, input, read, focused)) in (0u16..).zip(fields) {
        let (shown, at) = visible(input, room);
        let style = if read {
            Style::new().fg(Color::DarkGray)
        } else if focused {
            Style::new().add_modifier(Modifier::UNDERLINED)
        } else {
            Style::new()
        };
        let mut spans = vec![
            Span::styled(
                format!("{label}{}", " ".repeat(label_width - width(label))),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(shown, style),
        ];
        if read {
            spans.push(Span::styled(
                lang.pick("（已识别）", " (read)").to_string(),
                Style::new().fg(Color::DarkGray),
            ));
        }
        if focused {
            cursor = (label_width + at, row);
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(match &dialog.error {
        Some(error) => Line::styled(format!("⚠ {}", clean(error)), Style::new().fg(Color::Red)),
        None => Line::raw(""),
    });
    lines.push(Line::styled(
        lang.pick(
            "Tab 切换  Enter 保存  Esc 取消",
            "Tab switches  Enter saves  Esc cancels",
        ),
        Style::new().fg(Color::DarkGray),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
    place_cursor(frame, inner, cursor.0, cursor.1);
}
