//! The status bar: inbox, watching state, counts, the last event (or the load's progress), and
//! hints for the keys of the focused pane, built from the live key map.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use nianbao::i18n::Lang;
use nianbao::triage::RowStatus;

use crate::tui::action::Action;
use crate::tui::state::{App, Mode, Pane};
use crate::tui::text::{clean, width};

/// The actions hinted for each pane: what works there.
pub fn hinted(pane: Pane) -> &'static [Action] {
    match pane {
        Pane::Reports => &[
            Action::Down,
            Action::Open,
            Action::Sort,
            Action::ReportStatus,
            Action::Identify,
            Action::Filter,
            Action::View,
            Action::Agencies,
            Action::NextError,
            Action::Help,
        ],
        // Decisions and marks only where a flag cursor is (elsewhere the keys say where to go).
        Pane::Flags => &[
            Action::Confirm,
            Action::Dismiss,
            Action::Reopen,
            Action::Mark,
            Action::MarkAll,
            Action::Fold,
            Action::Note,
            Action::Undo,
            Action::NextError,
            Action::Help,
        ],
        Pane::Source | Pane::Detail => &[
            Action::Down,
            Action::PageDown,
            Action::NextPane,
            Action::Tables,
            Action::Note,
            Action::Help,
        ],
    }
}

/// A text progress bar `width` columns wide.
pub fn progress_bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done.min(total) * width).checked_div(total).unwrap_or(0);
    let mut bar = "█".repeat(filled);
    bar.push_str(&"░".repeat(width - filled));
    bar
}

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let lang = app.lang;
    let dim = Style::new().fg(Color::DarkGray);
    let sep = || Span::styled(" │ ", dim);
    let mut first = vec![Span::styled(
        app.inbox_label.clone(),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    first.push(sep());
    first.push(if app.watching {
        Span::styled(
            lang.pick("监视中", "watching"),
            Style::new().fg(Color::Green),
        )
    } else if app.load.scanning {
        // The watcher starts once the first scan is done: until then the inbox is loading,
        // not unwatched.
        Span::styled(
            lang.pick("正在载入", "loading"),
            Style::new().fg(Color::Yellow),
        )
    } else {
        Span::styled(lang.pick("未监视", "not watching"), dim)
    });
    if app.saving() {
        // Shown until the journal write is confirmed: quitting waits for it.
        first.push(sep());
        first.push(Span::styled(
            lang.pick("正在保存…", "saving…"),
            Style::new().fg(Color::Yellow),
        ));
    }
    if let Some(warning) = app.journal_warning() {
        first.push(sep());
        first.push(Span::styled(
            warning,
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        ));
    }
    first.push(sep());
    if app.load.scanning {
        let load = app.load;
        first.push(Span::raw(lang.pick("载入中 ", "loading ")));
        first.push(Span::styled(
            progress_bar(load.done, load.total, 20),
            Style::new().fg(Color::Cyan),
        ));
        first.push(Span::raw(format!(" {}/{}", load.done, load.total)));
    } else {
        let t = app.totals;
        first.push(Span::raw(match lang {
            Lang::Zh => format!("报告 {} · ", t.reports),
            Lang::En => format!("{} reports · ", t.reports),
        }));
        first.push(Span::styled(
            format!("{} {}", lang.pick("错误", "errors"), t.errors),
            Style::new().fg(Color::Red),
        ));
        first.push(Span::styled(
            format!(" {} {}", lang.pick("警告", "warnings"), t.warnings),
            Style::new().fg(Color::Yellow),
        ));
        first.push(Span::styled(
            format!(" {} {}", lang.pick("提示", "infos"), t.infos),
            Style::new().fg(Color::Cyan),
        ));
        first.push(Span::raw(format!(
            " · {} {}",
            lang.pick("待审核", "open"),
            t.open
        )));
        // Flags with a history that are gone: listed (dimmed), never silently dropped.
        for (count, label) in [
            (t.resolved, RowStatus::Resolved),
            (t.unattributed, RowStatus::Unattributed),
            (t.absent, RowStatus::Absent),
        ] {
            if count > 0 {
                first.push(Span::styled(
                    format!(" · {} {count}", label.label(lang)),
                    dim,
                ));
            }
        }
        if t.unreadable > 0 {
            // Paths that were not read (a link out of the inbox, a FIFO, a path too long): each
            // is a report marked `!` in the list, with its reason.
            first.push(Span::styled(
                format!(" · {} {}", lang.pick("未能读取", "not read"), t.unreadable),
                Style::new().fg(Color::Red),
            ));
        }
        // Files that are not reports are never left out silently (check names them).
        if app.load.skipped > 0 {
            first.push(Span::styled(
                match lang {
                    Lang::Zh => format!(" · 跳过非报告文件 {}", app.load.skipped),
                    Lang::En => format!(" · {} non-report files skipped", app.load.skipped),
                },
                dim,
            ));
        }
    }
    first.push(sep());
    first.push(Span::raw(app.view.label(lang)));
    if let Some(severity) = app.severity {
        first.push(Span::raw(format!(" · {}", severity.label(lang))));
    }
    let filter = app.filter_text();
    if !filter.is_empty() && !matches!(app.mode, Mode::Filter(_)) {
        first.push(Span::styled(
            format!(" · {}「{}」", lang.pick("筛选", "filter "), clean(&filter)),
            Style::new().fg(Color::Yellow),
        ));
    }
    if let Some(event) = &app.last_event {
        first.push(sep());
        let style = if event.error {
            Style::new().fg(Color::White).bg(Color::Red)
        } else {
            Style::new().fg(Color::Green)
        };
        first.push(Span::styled(event.text.clone(), style));
    }

    let second = if let Mode::Filter(pane) = app.mode {
        filter_line(frame, area, app, pane)
    } else {
        hints_line(app, area.width as usize)
    };
    frame.render_widget(Paragraph::new(vec![Line::from(first), second]), area);
}

/// The keys that work in the focused pane, as many as fit in `room` columns: whole hints only,
/// and help always last (it lists the rest).
fn hints_line(app: &App, room: usize) -> Line<'static> {
    let lang = app.lang;
    let key_style = Style::new().fg(Color::Black).bg(Color::Gray);
    let hints: Vec<(String, &'static str, bool)> = hinted(app.focus)
        .iter()
        .filter_map(|&action| {
            let label = hint_label(app, action)?;
            Some((label, action.hint(lang), action == Action::Help))
        })
        .collect();
    let cost = |(label, hint, _): &(String, &str, bool)| width(label) + width(hint) + 5;
    // The last hint's two trailing spaces may fall off the edge.
    let room = room + 2;
    let reserved: usize = hints.iter().filter(|h| h.2).map(cost).sum();
    let mut used = reserved;
    let mut spans = Vec::new();
    for hint in &hints {
        if !hint.2 {
            used += cost(hint);
            if used > room {
                continue;
            }
        }
        spans.push(Span::styled(format!(" {} ", hint.0), key_style));
        spans.push(Span::raw(format!(" {}  ", hint.1)));
    }
    Line::from(spans)
}

/// The key shown for an action in the hints ("↑↓/jk" for moving), none when it has no key.
fn hint_label(app: &App, action: Action) -> Option<String> {
    let keys = app.keymap.keys(action);
    let first = keys.first()?;
    if matches!(action, Action::Down | Action::Up) {
        // "↑↓/jk" reads better than the down key alone.
        let up = app.keymap.keys(Action::Up);
        if let (Some(up0), Some(up1), Some(down1)) = (up.first(), up.get(1), keys.get(1)) {
            return Some(format!(
                "{}{}/{}{}",
                up0.label(),
                first.label(),
                down1.label(),
                up1.label()
            ));
        }
    }
    Some(first.label())
}

fn filter_line(frame: &mut Frame<'_>, area: Rect, app: &App, pane: Pane) -> Line<'static> {
    let lang = app.lang;
    let filter = app.filter(pane);
    // Names the pane the filter narrows: each pane has its own.
    let prompt = match pane {
        Pane::Reports => lang.pick(
            "筛选左栏（Enter 保留，Esc 清除）：",
            "filter the left pane (Enter keeps, Esc clears): ",
        ),
        _ => lang.pick(
            "筛选问题（Enter 保留，Esc 清除）：",
            "filter the flags (Enter keeps, Esc clears): ",
        ),
    };
    let prompt_width = width(prompt);
    let room = usize::from(area.width).saturating_sub(prompt_width + 1);
    let scroll = filter.visual_scroll(room);
    let value = clean(filter.value());
    // Skip the columns scrolled away, never half a wide character.
    let mut skipped = 0;
    let shown: String = value
        .chars()
        .skip_while(|c| {
            if skipped >= scroll {
                return false;
            }
            skipped += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
            true
        })
        .collect();
    let cursor = prompt_width + filter.visual_cursor().saturating_sub(scroll);
    let x = area.x
        + u16::try_from(cursor)
            .unwrap_or(u16::MAX)
            .min(area.width.saturating_sub(1));
    frame.set_cursor_position((x, area.y + 1));
    Line::from(vec![
        Span::styled(prompt.to_string(), Style::new().fg(Color::Yellow)),
        Span::raw(shown),
    ])
}
