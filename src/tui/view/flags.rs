//! The Flags pane: the flags of the selected report, of the selected rule, or the open queue.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use nianbao::flag::Location;

use super::{
    gone_style, has_focus, header_style, marker, pane_block, row_status_style, row_style,
    severity_style, title,
};
use crate::tui::state::{App, Pane, View};
use crate::tui::text::{clean, fit, fit_right, width};

/// The message column keeps at least this many columns in a narrow pane.
const MIN_MESSAGE: usize = 14;

/// "8:139", "61", "61-63" (lines of the text the Source pane shows, whatever the format) or
/// "—".
pub fn location_text(location: Location) -> String {
    location.text_position().unwrap_or_else(|| "—".to_string())
}

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let lang = app.lang;
    let focused = has_focus(app, Pane::Flags);
    let subject = match app.view {
        View::ByReport => app
            .selected_report()
            .map(|e| {
                let shown = app.shown_identity(&e.report);
                let agency = match shown.agency.as_deref() {
                    Some(agency) => clean(agency),
                    None => clean(&nianbao::triage::relative_file(
                        &app.inbox_path,
                        &e.report.path,
                    )),
                };
                let year = shown.year.map(|y| format!(" {y}")).unwrap_or_default();
                let set = if shown.agency_set || shown.year_set {
                    super::reports::set_mark(lang)
                } else {
                    ""
                };
                format!(" — {agency}{year}{set}")
            })
            .unwrap_or_default(),
        View::ByRule => app
            .selected_rule()
            .map(|r| format!(" — {}", r.code))
            .unwrap_or_default(),
        View::Queue => format!(" — {}", app.view.label(lang)),
    };
    let mut heading = format!(
        "{} {}{subject}",
        lang.pick("问题", "Flags"),
        app.flags.len()
    );
    // Of them, those gone from their report (listed dimmed, after the report's flags).
    let gone = app.flags.iter().filter(|&&f| app.is_gone(f)).count();
    if gone > 0 {
        heading.push_str(&match lang {
            nianbao::i18n::Lang::Zh => format!("（已不在报告中 {gone}）"),
            nianbao::i18n::Lang::En => format!(" ({gone} gone from the report)"),
        });
    }
    if let Some(severity) = app.severity {
        heading.push_str(&format!(" · {}", severity.label(lang)));
    }
    heading.push_str(&super::filter_title(app, Pane::Flags));
    if app.folded {
        heading.push_str(lang.pick(" · 已折叠", " · folded"));
    }
    if !app.marks.is_empty() {
        heading.push_str(&match lang {
            nianbao::i18n::Lang::Zh => format!(" · 已标记 {}", app.marks.len()),
            nianbao::i18n::Lang::En => format!(" · {} marked", app.marks.len()),
        });
    }
    let block = pane_block(title(heading, focused), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let total_width = usize::from(inner.width);
    let height = usize::from(inner.height.saturating_sub(1));
    let window = app.flag_cursor.window(app.flags.len(), height);

    // The code column is as wide as the widest code on screen.
    let widest_code = window
        .clone()
        .filter_map(|i| {
            app.flag(app.flags[i])
                .map(|(_, f)| code_label(app, i, f.code))
        })
        .map(|label| width(&label))
        .max()
        .unwrap_or(8)
        .clamp(8, 24);
    let agency_width = if app.view == View::ByReport {
        0
    } else {
        16.min(total_width / 5)
    };
    let verdict_width = if lang == nianbao::i18n::Lang::Zh {
        6
    } else {
        9
    };
    // A narrow pane (80 columns) keeps the verdict and the message: the line column goes (the
    // Source pane's title names the line) and the rule column gives way to the message.
    let narrow = total_width < 60;
    let line_width = if narrow { 0 } else { 7 };
    let severity_width = if lang == nianbao::i18n::Lang::Zh {
        4
    } else {
        7
    };
    // Every column but the rule's and the message's, with the spaces after them.
    let others = 2
        + severity_width
        + 1
        + if line_width > 0 { line_width + 1 } else { 0 }
        + verdict_width
        + 1
        + if agency_width > 0 {
            agency_width + 1
        } else {
            0
        };
    // In the by-rule view the title names the rule: the column would repeat it on every row
    // (folded rows keep their count).
    let code_width = if app.view == View::ByRule && !app.folded {
        0
    } else if narrow {
        widest_code.min(total_width.saturating_sub(others + 1 + MIN_MESSAGE).max(6))
    } else {
        widest_code
    };
    let code_cell = |text: &str| {
        if code_width > 0 {
            format!("{} ", fit(text, code_width))
        } else {
            String::new()
        }
    };
    let code_space = if code_width > 0 { code_width + 1 } else { 0 };
    let message_width = total_width.saturating_sub(others + code_space);
    let line_cell = |text: &str| {
        if line_width > 0 {
            format!("{} ", fit_right(text, line_width))
        } else {
            String::new()
        }
    };

    let mut lines = Vec::with_capacity(height + 1);
    let mut header = format!("  {} ", fit(lang.pick("级别", "Sev"), severity_width));
    if agency_width > 0 {
        header.push_str(&fit(lang.pick("机关", "Agency"), agency_width));
        header.push(' ');
    }
    header.push_str(&format!(
        "{}{}{} {}",
        code_cell(lang.pick("规则", "Rule")),
        line_cell(lang.pick("行", "Line")),
        fit(lang.pick("审核", "Verdict"), verdict_width),
        fit(lang.pick("说明", "Message"), message_width),
    ));
    lines.push(Line::styled(header, header_style()));
    if app.flags.is_empty() {
        let text = match app.view {
            View::Queue => lang.pick("没有待审核的问题", "no open flags"),
            _ if app.selected_report().is_none() && app.view == View::ByReport => {
                lang.pick("未选择报告", "no report selected")
            }
            _ => lang.pick("没有问题", "no flags"),
        };
        lines.push(Line::styled(
            format!("  {text}"),
            Style::new().fg(Color::DarkGray),
        ));
    }
    for index in window {
        let Some((entry, flag)) = app.flag(app.flags[index]) else {
            continue;
        };
        let selected = index == app.flag_cursor.selected;
        // A folded row: its flags' common status, or "mixed"; marked when all of it is.
        let group = app.row_flags(index);
        let status = app.row_status(app.flags[index]);
        let mixed = group.iter().any(|&f| app.row_status(f) != status);
        let gone = app.is_gone(app.flags[index]);
        let marked = group
            .iter()
            .filter_map(|&f| app.flag(f))
            .filter(|(e, f)| app.marks.contains(&e.report.path, f.fingerprint))
            .count();
        // The second column shows the mark of a bulk decision.
        let mark = match marked {
            0 => " ",
            n if n == group.len() => "✓",
            _ => "~",
        };
        let mut spans = vec![
            Span::raw(format!("{}{mark}", marker(selected))),
            Span::styled(
                fit(flag.severity.label(lang), severity_width),
                severity_style(flag.severity),
            ),
            Span::raw(" "),
        ];
        if agency_width > 0 {
            let agency = app
                .shown_identity(&entry.report)
                .agency
                .as_deref()
                .map(clean)
                .unwrap_or_default();
            spans.push(Span::raw(format!("{} ", fit(&agency, agency_width))));
        }
        spans.push(Span::raw(format!(
            "{}{}",
            code_cell(&code_label(app, index, flag.code)),
            line_cell(&location_text(flag.location))
        )));
        spans.push(if mixed {
            Span::raw(fit(lang.pick("部分", "mixed"), verdict_width))
        } else {
            Span::styled(
                fit(status.label(lang), verdict_width),
                row_status_style(status),
            )
        });
        spans.push(Span::raw(format!(
            " {}",
            fit(&clean(flag.message.get(lang)), message_width)
        )));
        let mut line = Line::from(spans);
        if gone {
            // Dimmed whole: the flag is history, not work.
            line = line.patch_style(gone_style());
        }
        lines.push(line.style(row_style(selected, focused)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The rule column of a row: the code, or for a folded row its size and code
/// (`25 × blank-cell`).
fn code_label(app: &App, row: usize, code: &str) -> String {
    match (app.row_flags(row).len(), app.view) {
        (0 | 1, _) => code.to_string(),
        (n, View::ByRule) => format!("{n} ×"),
        (n, _) => format!("{n} × {code}"),
    }
}
