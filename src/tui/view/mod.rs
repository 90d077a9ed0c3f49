//! Rendering: one file per pane. Views borrow the [`App`] and never change it; they build rows
//! only for the part of a list that is on screen.

mod detail;

pub use detail::max_scroll as detail_max_scroll;
mod dialog;
mod flags;
mod help;

#[cfg(test)]
pub use help::lines as help_lines;
mod reports;
mod source;
mod status;

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};
use ratatui::Frame;

use nianbao::flag::Severity;
use nianbao::triage::{RowStatus, Status};

use crate::tui::state::dialogs::Mode;
pub use crate::tui::state::layout::layout;
use crate::tui::state::{App, Pane, View};

/// Draws the whole dashboard.
pub fn render(frame: &mut Frame<'_>, app: &App) {
    let areas = layout(frame.area(), app.view);
    if let Some(left) = areas.left {
        if app.view == View::ByRule {
            reports::render_rules(frame, left, app);
        } else {
            reports::render(frame, left, app);
        }
    }
    flags::render(frame, areas.flags, app);
    source::render(frame, areas.source, app);
    detail::render(frame, areas.detail, app);
    status::render(frame, areas.status, app);
    // The overlay views cover the panes; the status bar stays below them.
    let over = Rect {
        height: areas.status.y.saturating_sub(frame.area().y),
        ..frame.area()
    };
    match &app.mode {
        Mode::Help { scroll } => help::render(frame, app, *scroll),
        Mode::Versions { scroll } => crate::tui::versions::render(frame, app, *scroll),
        Mode::Export(dialog) => dialog::render_export(frame, app, dialog),
        Mode::Note(edit) => dialog::render_note(frame, app, edit),
        Mode::Agencies => {
            let sort_key = app
                .keymap
                .main_key(super::action::Action::Sort)
                .unwrap_or_default();
            super::agency_view::render(frame, over, &app.agencies, app.lang, &sort_key);
        }
        Mode::Roster => {
            let key = |action| app.keymap.main_key(action).unwrap_or_default();
            let keys = super::roster_view::Keys {
                sort: key(super::action::Action::Sort),
                export: key(super::action::Action::Export),
            };
            super::roster_view::render(frame, over, &app.roster, app.lang, &keys);
        }
        Mode::Bulk(prompt) => dialog::render_bulk(frame, app, prompt),
        Mode::ReportStatus(dialog) => dialog::render_report_status(frame, app, dialog),
        Mode::Identify(dialog) => dialog::render_identity(frame, app, dialog),
        Mode::Normal | Mode::Filter(_) => {}
    }
}

/// A pane's frame: its title, brighter when it has the focus.
pub(crate) fn pane_block(title: Line<'_>, focused: bool) -> Block<'_> {
    let style = if focused {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(Color::DarkGray)
    };
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(style)
        .title(title)
}

pub(in crate::tui) fn title(text: String, focused: bool) -> Line<'static> {
    let style = if focused {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    Line::from(Span::styled(format!(" {text} "), style))
}

/// The style of a row: selected rows stand out, more when their pane has the focus.
fn row_style(selected: bool, focused: bool) -> Style {
    match (selected, focused) {
        (true, true) => Style::new().bg(Color::Blue).fg(Color::White),
        (true, false) => Style::new().bg(Color::DarkGray),
        _ => Style::new(),
    }
}

fn header_style() -> Style {
    Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        Severity::Warning => Style::new().fg(Color::Yellow),
        Severity::Info => Style::new().fg(Color::Cyan),
    }
}

fn status_style(status: Status) -> Style {
    match status {
        Status::Open => Style::new().fg(Color::Gray),
        Status::Confirmed => Style::new().fg(Color::Red),
        Status::Dismissed => Style::new().fg(Color::Green),
    }
}

/// The style of a row's status: a verdict's, and dimmed for a flag that is gone.
fn row_status_style(status: RowStatus) -> Style {
    match status {
        RowStatus::Open => status_style(Status::Open),
        RowStatus::Confirmed => status_style(Status::Confirmed),
        RowStatus::Dismissed => status_style(Status::Dismissed),
        RowStatus::Resolved | RowStatus::Absent | RowStatus::Unattributed => gone_style(),
    }
}

/// A flag that is gone from its report (已整改, 无法对应): listed, dimmed.
fn gone_style() -> Style {
    Style::new().fg(Color::DarkGray)
}

/// The filter of a pane as its title says it (「 · 筛选：乌拉」), or nothing: the lists it narrows
/// show it, so a short list is never mistaken for the whole inbox.
fn filter_title(app: &App, pane: Pane) -> String {
    let value = app.filter(pane).value().trim();
    if value.is_empty() {
        return String::new();
    }
    format!(
        " · {}{}",
        app.lang.pick("筛选：", "filter: "),
        crate::tui::text::clean(value)
    )
}

/// The selection marker at the start of a row (visible in plain-text snapshots too).
fn marker(selected: bool) -> &'static str {
    if selected {
        ">"
    } else {
        " "
    }
}

/// A centred rectangle of at most `width` × `height` inside `area`.
pub(in crate::tui) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Clears the area of a popup. A double-width character just left of the popup would spill
/// its second half over the popup's border, so it is blanked too.
pub(in crate::tui) fn clear_popup(frame: &mut Frame<'_>, area: Rect) {
    frame.render_widget(ratatui::widgets::Clear, area);
    if area.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        let cell = &mut buffer[(area.x - 1, y)];
        if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// Whether the pane has the focus (and no dialog is open over it).
fn has_focus(app: &App, pane: Pane) -> bool {
    app.focus == pane && matches!(app.mode, Mode::Normal | Mode::Filter(_))
}
