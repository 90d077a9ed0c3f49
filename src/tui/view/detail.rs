//! The Detail pane: everything about the selected flag — message, evidence, the rule's
//! explanation, the note and the verdict history — or, with no flag selected, the report.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use nianbao::export::row;
use nianbao::flag::Flag;
use nianbao::i18n::Lang;
use nianbao::pipeline::CheckedReport;
use nianbao::rules;
use nianbao::rules::docs::{terminal_lines, LineKind};
use nianbao::rules::Section;
use nianbao::triage;
use nianbao::triage::RowStatus;

use super::{has_focus, pane_block, row_status_style, severity_style, status_style, title};
use crate::tui::action::Action;
use crate::tui::state::{App, Pane};
use crate::tui::text::clean;

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let focused = has_focus(app, Pane::Detail);
    let block = pane_block(
        title(app.lang.pick("详情", "Detail").to_string(), focused),
        focused,
    );
    let scroll = app.detail_scroll.min(max_scroll(app, area));
    frame.render_widget(
        text(app)
            .block(block)
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        area,
    );
}

/// How far the Detail pane in `area` scrolls: until its last line is at the bottom, never to
/// a blank pane.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    let inner_width = area.width.saturating_sub(2);
    let inner_height = usize::from(area.height.saturating_sub(2));
    text(app)
        .line_count(inner_width)
        .saturating_sub(inner_height)
}

/// The pane's text, wrapped.
fn text(app: &App) -> Paragraph<'static> {
    let lines = match app.selected_flag() {
        Some((_, flag)) => flag_lines(app, flag),
        None => match app.selected_report() {
            Some(entry) => report_lines(app, &entry.report),
            None => vec![Line::styled(
                app.lang.pick("没有选中的报告或问题", "nothing selected"),
                Style::new().fg(Color::DarkGray),
            )],
        },
    };
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

fn heading(text: &str) -> Line<'static> {
    Line::styled(
        text.to_string(),
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    )
}

fn flag_lines(app: &App, flag: &Flag) -> Vec<Line<'static>> {
    let lang = app.lang;
    let dim = Style::new().fg(Color::DarkGray);
    let mut lines = Vec::new();
    // A cell of a structured file is named as a person finds it in Word or Excel, with the
    // line of the extracted text the Source pane marks.
    let place = match (flag.location.short_text(lang), flag.location.in_file()) {
        (Some(place), true) => format!(
            "{} {place}（{} {}）",
            lang.pick("位置", "at"),
            lang.pick("文本", "text"),
            flag.location.text_position().unwrap_or_default()
        ),
        (Some(place), false) => format!("{} {place}", lang.pick("位置", "at")),
        (None, _) => lang.pick("全文", "whole report").to_string(),
    };
    let verdict = app
        .store
        .as_ref()
        .map(|s| s.verdict(flag.fingerprint))
        .unwrap_or_default();
    let mut first = vec![
        Span::styled(
            flag.severity.label(lang).to_string(),
            severity_style(flag.severity),
        ),
        Span::raw(format!(" {} · {place} · ", flag.code)),
    ];
    match app.selected_row_status() {
        // Gone from the report: what became of it, then the verdict it last had.
        Some(status @ (RowStatus::Resolved | RowStatus::Unattributed | RowStatus::Absent)) => {
            first.push(Span::styled(
                status.label(lang).to_string(),
                row_status_style(status),
            ));
            first.push(Span::raw(format!(
                "{}{}{}",
                lang.pick("（最后审核：", " (last verdict: "),
                verdict.status.label(lang),
                lang.pick("）", ")")
            )));
        }
        _ => first.push(Span::styled(
            verdict.status.label(lang).to_string(),
            status_style(verdict.status),
        )),
    }
    lines.push(Line::from(first));
    lines.push(Line::raw(clean(flag.message.get(lang))));

    if !flag.evidence.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading(lang.pick("证据", "Evidence")));
        // The words csv, xlsx and notices use; the place the evidence names (a table's column,
        // a section) leads, as the Location line above gives only the line, unless the words
        // say it themselves (a failed identity).
        let place = if row::evidence_names_place(&flag.evidence) {
            String::new()
        } else {
            clean(&row::place(&flag.evidence, None, lang))
        };
        let words = clean(&row::evidence(&flag.evidence, lang));
        let mut line = vec![Span::raw("  ")];
        match (place.is_empty(), words.is_empty()) {
            (false, false) => {
                line.push(Span::styled(
                    format!("{place}{}", lang.pick("：", ": ")),
                    dim,
                ));
                line.push(Span::raw(words));
            }
            (false, true) => line.push(Span::styled(place, dim)),
            (true, _) => line.push(Span::raw(words)),
        }
        lines.push(Line::from(line));
    }

    // Single- and cross-report rules alike (a cross flag is documented like any other).
    if let Some(meta) = rules::meta(flag.code) {
        let doc = meta.doc();
        lines.push(Line::raw(""));
        lines.push(heading(&format!(
            "{}{}",
            lang.pick("规则：", "Rule: "),
            meta.title().get(lang)
        )));
        let summary = doc.summary.get(lang);
        if !summary.is_empty() {
            lines.push(Line::raw(clean(summary)));
        }
        for section in [Section::Checks, Section::Matters] {
            let Some(body) = doc.body(section, lang) else {
                continue;
            };
            lines.push(Line::styled(
                section.heading(lang).to_string(),
                Style::new().fg(Color::Cyan),
            ));
            lines.extend(doc_lines(body, dim));
        }
    }

    if let Some(note) = &verdict.note {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(
                lang.pick("批注：", "Note: ").to_string(),
                Style::new().fg(Color::Cyan),
            ),
            Span::raw(clean(note)),
        ]));
    }

    let history = app
        .store
        .as_ref()
        .map_or(&[][..], |s| s.history(flag.fingerprint));
    lines.push(Line::raw(""));
    lines.push(heading(lang.pick("审核记录", "History")));
    if history.is_empty() {
        lines.push(Line::styled(
            format!("  {}", lang.pick("尚未审核", "not reviewed yet")),
            dim,
        ));
    }
    for decision in history {
        let time = decision
            .time
            .with_timezone(&app.utc_offset)
            .format("%Y-%m-%d %H:%M");
        // The machine too: colleagues often share one login.
        let who = match decision.host.as_deref() {
            Some(host) => format!("{}@{}", clean(&decision.user), clean(host)),
            None => clean(&decision.user),
        };
        let mut text = format!("  {time} {who} {}", decision.action.label(lang));
        if decision.undo {
            text.push_str(lang.pick("（撤销）", " (undo)"));
        }
        if let Some(note) = decision.note.as_deref().filter(|n| !n.is_empty()) {
            text.push_str(&format!("：{}", clean(note)));
        }
        lines.push(Line::raw(text));
    }
    lines
}

/// A Markdown body of a rule's documentation as pane lines: paragraphs joined so that the pane
/// wraps them, tables in aligned columns, examples as written (each line cleaned of control
/// characters, since the examples quote report text).
fn doc_lines(body: &str, style: Style) -> Vec<Line<'static>> {
    terminal_lines(body)
        .into_iter()
        .map(|(kind, text)| match kind {
            LineKind::Code => Line::styled(format!("    {}", clean(&text)), Style::new()),
            LineKind::TableHeader => Line::styled(clean(&text), style.add_modifier(Modifier::BOLD)),
            _ => Line::styled(clean(&text), style),
        })
        .collect()
}

fn report_lines(app: &App, report: &CheckedReport) -> Vec<Line<'static>> {
    let lang = app.lang;
    let dim = Style::new().fg(Color::DarkGray);
    let field = |name: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{name}："), dim),
            Span::raw(value),
        ])
    };
    let unknown = || lang.pick("（未识别）", "(unknown)").to_string();
    let shown = app.shown_identity(report);
    let set = super::reports::set_mark(lang);
    let mut lines = vec![
        field(
            lang.pick("文件", "File"),
            clean(&triage::relative_file(&app.inbox_path, &report.path)),
        ),
        field(
            lang.pick("机关", "Agency"),
            shown.agency.as_deref().map_or_else(unknown, |agency| {
                clean(agency) + if shown.agency_set { set } else { "" }
            }),
        ),
        field(
            lang.pick("年度", "Year"),
            shown.year.map_or_else(unknown, |y| {
                y.to_string() + if shown.year_set { set } else { "" }
            }),
        ),
        field(
            lang.pick("模板", "Template"),
            report
                .template
                .map_or_else(unknown, |t| t.document().to_string()),
        ),
        field(
            lang.pick("编码", "Encoding"),
            format!(
                "{} · {} {}",
                report.summary.encoding.name(),
                report.summary.lines,
                lang.pick("行", "lines")
            ),
        ),
    ];
    if let Some(title) = &report.summary.title {
        lines.push(field(lang.pick("标题", "Title"), clean(title)));
    }
    if let Some(period) = &report.summary.period {
        lines.push(field(lang.pick("统计期限", "Period"), clean(period)));
    }
    if let Some(signature) = &report.summary.signature {
        lines.push(field(lang.pick("落款日期", "Signed"), clean(signature)));
    }
    if let Some((status, note)) = app.report_status(report) {
        let note = note
            .map(|n| format!("（{}）", clean(&n)))
            .unwrap_or_default();
        lines.push(field(
            lang.pick("报告状态", "Status"),
            format!("{}{note}", status.label(lang)),
        ));
    }
    let reviewed = app.reviewed(report);
    lines.push(field(
        lang.pick("审核进度", "Reviewed"),
        format!("{reviewed}/{}", report.flags.len()),
    ));
    if let Some(open) = app.keymap.main_key(Action::Open) {
        lines.push(Line::styled(
            match lang {
                Lang::Zh => format!("按 {open} 查看问题"),
                Lang::En => format!("press {open} to see its flags"),
            },
            dim,
        ));
    }
    lines
}
