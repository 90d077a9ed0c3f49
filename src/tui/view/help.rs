//! The help screen, generated from the live key map so that it cannot drift from the keys.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use nianbao::i18n::Lang;

use super::{centered, clear_popup, pane_block, title};
use crate::tui::keymap::{Key, KeyCode};
use crate::tui::state::App;
use crate::tui::text::fit;

/// The help text: every action with its keys, then the fixed keys.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let lang = app.lang;
    let key_style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
    let row = |keys: String, what: String| {
        Line::from(vec![
            Span::styled(format!("  {} ", fit(&keys, 22)), key_style),
            Span::raw(what),
        ])
    };
    let mut lines = vec![Line::styled(
        lang.pick(
            "按键（可在 nianbao.toml 的 [keys] 中修改）",
            "Keys (change them in [keys] of nianbao.toml)",
        ),
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    )];
    for (action, keys) in app.keymap.bindings() {
        let labels: Vec<String> = keys.iter().map(|k| k.label()).collect();
        let labels = if labels.is_empty() {
            lang.pick("（未绑定）", "(unbound)").to_string()
        } else {
            labels.join(" ")
        };
        lines.push(row(
            labels,
            format!("{} [{}]", action.describe(lang), action.name()),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        lang.pick("固定按键", "Fixed keys"),
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    ));
    let fixed = [
        (
            Key::plain(KeyCode::Esc).label(),
            lang.pick(
                "清除标记，无标记时清除筛选；关闭对话框",
                "clear marks (then the filter); close a dialog",
            ),
        ),
        (
            Key::INTERRUPT.label(),
            lang.pick("立即退出", "quit at once"),
        ),
        (
            lang.pick("鼠标", "Mouse").to_string(),
            lang.pick("单击选择，滚轮滚动", "click selects, the wheel scrolls"),
        ),
        (
            lang.pick("文本框", "Text fields").to_string(),
            lang.pick(
                "←→ 移动光标，Ctrl-u 清空，Enter 确定",
                "←→ move, Ctrl-u clears, Enter accepts",
            ),
        ),
    ];
    for (keys, what) in fixed {
        lines.push(row(keys, what.to_string()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        match lang {
            Lang::Zh => "报告列表：* 有更新未查看，! 文件无法读取".to_string(),
            Lang::En => "Reports: * changed since last seen, ! unreadable file".to_string(),
        },
        Style::new().fg(Color::DarkGray),
    ));
    lines
}

pub fn render(frame: &mut Frame<'_>, app: &App, scroll: usize) {
    let lines = lines(app);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = centered(frame.area(), 76, height);
    let heading = app
        .lang
        .pick("帮助 — 任意键关闭", "Help — any key closes")
        .to_string();
    clear_popup(frame, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(pane_block(title(heading, true), true))
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        area,
    );
}
