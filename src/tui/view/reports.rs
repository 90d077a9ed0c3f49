//! The Reports pane: one row per report (or, in the by-rule view, one row per rule).

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use nianbao::flag::Severity;
use nianbao::rules;
use nianbao::triage;

use super::{has_focus, header_style, marker, pane_block, row_style, severity_style, title};
use crate::tui::state::{App, Pane, UNREADABLE};
use crate::tui::text::{clean, fit, fit_right};

/// Column widths of the reports list for an inner width.
struct Columns {
    agency: usize,
    /// The report status; none in a narrow pane, where the agency needs the room more.
    status: usize,
    file: usize,
}

// Selection marker, change mark, year, three counts, reviewed, with the spaces between.
const FIXED: usize = 1 + 1 + 1 + 4 + 1 + 3 + 1 + 3 + 1 + 3 + 1 + 7 + 1;

/// The width of the report-status column.
const STATUS: usize = 4;

impl Columns {
    fn new(width: usize) -> Columns {
        let status = if width >= FIXED + STATUS + 1 + 12 {
            STATUS
        } else {
            0
        };
        let used = FIXED + if status > 0 { status + 1 } else { 0 };
        let rest = width.saturating_sub(used + 1);
        let agency = rest.min((rest / 2).max(18)).min(28);
        let file = rest.saturating_sub(agency + 1);
        if file < 6 {
            return Columns {
                agency: rest,
                status,
                file: 0,
            };
        }
        Columns {
            agency,
            status,
            file,
        }
    }
}

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let lang = app.lang;
    let focused = has_focus(app, Pane::Reports);
    let heading = format!(
        "{} {}/{} · {}{}",
        lang.pick("报告", "Reports"),
        app.reports.len(),
        app.inbox.len(),
        app.sort.label(lang),
        super::filter_title(app, Pane::Reports)
    );
    let block = pane_block(title(heading, focused), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let columns = Columns::new(usize::from(inner.width));
    let height = usize::from(inner.height.saturating_sub(1));

    let mut lines = Vec::with_capacity(height + 1);
    let mut header = format!(
        "    {} {} {} {} {} {}",
        fit(lang.pick("机关", "Agency"), columns.agency),
        fit(lang.pick("年度", "Year"), 4),
        fit_right(lang.pick("错", "E"), 3),
        fit_right(lang.pick("警", "W"), 3),
        fit_right(lang.pick("示", "I"), 3),
        fit_right(lang.pick("已审", "Done"), 7),
    );
    if columns.status > 0 {
        header.push(' ');
        header.push_str(&fit(lang.pick("状态", "Stat"), columns.status));
    }
    if columns.file > 0 {
        header.push(' ');
        header.push_str(&fit(lang.pick("文件", "File"), columns.file));
    }
    lines.push(Line::styled(header, header_style()));

    if app.reports.is_empty() {
        lines.push(Line::styled(
            format!("    {}", empty_text(app)),
            Style::new().fg(Color::DarkGray),
        ));
    }
    for index in app.report_cursor.window(app.reports.len(), height) {
        let Some(entry) = app.entry(app.reports[index]) else {
            continue;
        };
        let report = &entry.report;
        let selected = index == app.report_cursor.selected;
        let unreadable = report.flags.iter().any(|f| f.code == UNREADABLE);
        let (mark, mark_style) = if unreadable {
            ("!", Style::new().fg(Color::Red))
        } else if entry.changed {
            ("*", Style::new().fg(Color::Yellow))
        } else {
            (" ", Style::new())
        };
        // What was set by hand shows as such (what was read is never overridden).
        let shown = app.shown_identity(report);
        let mut agency = shown
            .agency
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| lang.pick("（未识别）", "(unknown)").to_string());
        if shown.agency_set || shown.year_set {
            agency.push_str(set_mark(lang));
        }
        // An older version stays readable (V shows what changed) but is history: said first,
        // where no width cuts it off, and dimmed.
        if entry.superseded {
            agency.insert_str(0, lang.pick("「旧版」", "(old) "));
        }
        let year = shown
            .year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "—".into());
        let count = |severity| {
            let n = report.count(severity);
            let text = fit_right(&n.to_string(), 3);
            if n == 0 {
                Span::styled(text, Style::new().fg(Color::DarkGray))
            } else {
                Span::styled(text, severity_style(severity))
            }
        };
        let total = report.flags.len();
        let reviewed = app.reviewed(report);
        let progress_style = if total > 0 && reviewed == total {
            Style::new().fg(Color::Green)
        } else {
            Style::new()
        };
        let mut spans = vec![
            Span::raw(format!("{} ", marker(selected))),
            Span::styled(mark, mark_style),
            Span::raw(format!(
                " {} {} ",
                fit(&agency, columns.agency),
                fit(&year, 4)
            )),
            count(Severity::Error),
            Span::raw(" "),
            count(Severity::Warning),
            Span::raw(" "),
            count(Severity::Info),
            Span::raw(" "),
            Span::styled(fit_right(&format!("{reviewed}/{total}"), 7), progress_style),
        ];
        if columns.status > 0 {
            spans.push(Span::raw(" "));
            spans.push(status_span(
                app.report_status(report).map(|(s, _)| s),
                app.lang,
            ));
        }
        if columns.file > 0 {
            let file = clean(&triage::relative_file(&app.inbox_path, &report.path));
            spans.push(Span::styled(
                format!(" {}", fit(&file, columns.file)),
                Style::new().fg(Color::Gray),
            ));
        }
        if entry.superseded && !selected {
            for span in &mut spans {
                span.style = span.style.fg(Color::DarkGray);
            }
        }
        lines.push(Line::from(spans).style(row_style(selected, focused)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn empty_text(app: &App) -> &'static str {
    let lang = app.lang;
    if app.load.scanning {
        lang.pick("正在载入…", "loading…")
    } else if app.inbox.is_empty() {
        lang.pick(
            "收件箱中没有报告（.txt 文件）",
            "no reports (.txt files) in the inbox",
        )
    } else {
        lang.pick("没有符合筛选条件的报告", "no report matches the filter")
    }
}

/// The rules list of the by-rule view.
pub fn render_rules(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let lang = app.lang;
    let focused = has_focus(app, Pane::Reports);
    let heading = format!(
        "{} {} · {}{}",
        lang.pick("规则", "Rules"),
        app.rules.len(),
        app.rule_sort.label(lang),
        super::filter_title(app, Pane::Reports)
    );
    let block = pane_block(title(heading, focused), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height.saturating_sub(1));
    // Marker, severity, code, counts; the title takes the rest.
    let code_width = app
        .rules
        .iter()
        .map(|r| r.code.len())
        .max()
        .unwrap_or(8)
        .clamp(8, 24)
        .min(width / 2);
    let severity_width = if lang == nianbao::i18n::Lang::Zh {
        4
    } else {
        7
    };
    let title_width = width.saturating_sub(2 + severity_width + 1 + code_width + 1 + 6 + 1 + 6 + 1);

    let mut lines = Vec::with_capacity(height + 1);
    lines.push(Line::styled(
        format!(
            "  {} {} {} {} {}",
            fit(lang.pick("级别", "Sev"), severity_width),
            fit(lang.pick("规则", "Rule"), code_width),
            fit_right(lang.pick("问题", "Flags"), 6),
            fit_right(lang.pick("待审", "Open"), 6),
            fit(lang.pick("名称", "Title"), title_width),
        ),
        header_style(),
    ));
    if app.rules.is_empty() {
        lines.push(Line::styled(
            format!("  {}", lang.pick("没有问题", "no flags")),
            Style::new().fg(Color::DarkGray),
        ));
    }
    for index in app.rule_cursor.window(app.rules.len(), height) {
        let row = &app.rules[index];
        let selected = index == app.rule_cursor.selected;
        let meta = rules::meta(row.code);
        let severity = meta.map(|m| m.severity);
        let name = meta.map_or(String::new(), |m| m.title().get(lang).to_string());
        let spans = vec![
            Span::raw(format!("{} ", marker(selected))),
            match severity {
                Some(s) => {
                    Span::styled(fit(s.label(lang), severity_width), super::severity_style(s))
                }
                None => Span::raw(fit("", severity_width)),
            },
            Span::raw(format!(
                " {} {} {} {}",
                fit(row.code, code_width),
                fit_right(&row.flags.to_string(), 6),
                fit_right(&row.open.to_string(), 6),
                fit(&name, title_width)
            )),
        ];
        lines.push(Line::from(spans).style(row_style(selected, focused)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A report's status in its column: a short word (the Detail pane and exports say it in full).
fn status_span(status: Option<triage::ReportStatus>, lang: nianbao::i18n::Lang) -> Span<'static> {
    use triage::ReportStatus as S;
    let (text, color) = match status {
        None => ("", Color::Reset),
        Some(S::Passed) => (lang.pick("通过", "pass"), Color::Green),
        Some(S::Returned) => (lang.pick("退回", "back"), Color::Red),
        Some(S::Reviewed) => (lang.pick("已审", "seen"), Color::Cyan),
    };
    Span::styled(fit(text, STATUS), Style::new().fg(color))
}

/// What follows an agency or year set by hand.
pub fn set_mark(lang: nianbao::i18n::Lang) -> &'static str {
    lang.pick("（人工）", " (set)")
}
