//! The versions popup: every version of the selected report (the same agency and year sent
//! again, as a new file or by replacing the old one), what changed from the version before the
//! newest to the newest (table cells, paragraphs added or removed), and what became of each
//! flag: new, still there, 「退回未改」 (still there after it was confirmed) or 「已整改」.
//!
//! The model is the library's ([`nianbao::inbox::Inbox::versions`], [`nianbao::versions`]);
//! this file only lays it out.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use nianbao::flag::Severity;
use nianbao::i18n::Lang;
use nianbao::inbox::VersionView;
use nianbao::triage::{self, Status};
use nianbao::versions::{self, Fate};

use super::state::App;
use super::text::clean;
use super::view::{centered, clear_popup, pane_block, title};

/// The popup's lines for the selected report (or the report of the selected flag).
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let lang = app.lang;
    let heading = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    let dim = Style::new().fg(Color::DarkGray);
    let Some(entry) = app
        .selected_report()
        .or_else(|| app.selected_flag().map(|(entry, _)| entry))
    else {
        return vec![Line::raw(lang.pick("未选择报告", "No report selected"))];
    };
    let all = app.inbox.versions(&entry.report.path);
    let mut lines = Vec::new();
    let who = match (&entry.report.agency, entry.report.year) {
        (Some(agency), Some(year)) => format!("{} {year}{}", clean(agency), lang.pick("年", "")),
        _ => clean(&triage::relative_file(&app.inbox_path, &entry.report.path)),
    };
    lines.push(Line::styled(
        match lang {
            Lang::Zh => format!("{who}：共 {} 个版本", all.len()),
            Lang::En => format!("{who}: {} version(s)", all.len()),
        },
        heading,
    ));
    for (n, version) in all.iter().enumerate() {
        lines.push(version_line(app, n + 1, version));
    }
    let [.., older, newer] = all.as_slice() else {
        lines.push(Line::styled(
            lang.pick(
                "只有一个版本：同一机关同一年度的报告再次送达时，这里列出变化。",
                "One version only: when the same agency and year arrive again, the changes show here.",
            ),
            dim,
        ));
        return lines;
    };
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        match lang {
            Lang::Zh => format!("第{}版 → 第{}版的变化", all.len() - 1, all.len()),
            Lang::En => format!("Changes from version {} to {}", all.len() - 1, all.len()),
        },
        heading,
    ));
    diff_lines(lang, older, newer, &mut lines);
    lines.push(Line::raw(""));
    lines.push(Line::styled(lang.pick("问题", "Flags"), heading));
    let fates = versions::fates(&older.report.flags, &newer.report.flags, |fp| {
        app.status(fp) == Status::Confirmed
    });
    if fates.is_empty() {
        lines.push(Line::styled(
            lang.pick("  两个版本都没有问题", "  none in either version"),
            dim,
        ));
    }
    for (flag, fate) in fates {
        let color = match fate {
            Fate::Gone => Color::Green,
            Fate::ReturnedUnchanged => Color::Red,
            Fate::New => Color::Yellow,
            Fate::Still => Color::Gray,
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("  [{}] ", fate.label().get(lang)),
                Style::new().fg(color).add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("{} ", flag.code), dim),
            Span::raw(clean(flag.message.get(lang))),
        ]));
    }
    lines
}

/// One version: its number, file, when it counts, and its flags by severity.
fn version_line(app: &App, number: usize, version: &VersionView<'_>) -> Line<'static> {
    let lang = app.lang;
    let file = clean(&triage::relative_file(&app.inbox_path, version.path));
    let state = match (version.current, version.replaced) {
        (true, _) => lang.pick("当前", "current"),
        (false, true) => lang.pick("已被替换（历史）", "replaced (history)"),
        (false, false) => lang.pick("较早（历史）", "older (history)"),
    };
    let count = |severity| version.report.count(severity);
    let flags = match lang {
        Lang::Zh => format!(
            "错误 {} 警告 {} 提示 {}",
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        ),
        Lang::En => format!(
            "{} errors {} warnings {} infos",
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        ),
    };
    let style = if version.current {
        Style::new().add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(Color::DarkGray)
    };
    Line::styled(format!("  {number}. {file}  {state}  {flags}"), style)
}

/// The cells and paragraphs that changed between two versions.
fn diff_lines(
    lang: Lang,
    older: &VersionView<'_>,
    newer: &VersionView<'_>,
    lines: &mut Vec<Line<'static>>,
) {
    let dim = Style::new().fg(Color::DarkGray);
    let (Some(old), Some(new)) = (older.content, newer.content) else {
        lines.push(Line::styled(
            lang.pick(
                "  无法比较：有一个版本未能读取",
                "  cannot compare: a version was not read",
            ),
            dim,
        ));
        return;
    };
    let diff = versions::diff(old, new);
    if diff.is_empty() {
        lines.push(Line::styled(
            lang.pick(
                "  表格和段落均未改动",
                "  no table cell or paragraph changed",
            ),
            dim,
        ));
    }
    for cell in &diff.cells {
        let blank = |v: &str| {
            if v.is_empty() {
                lang.pick("（空）", "(blank)").to_string()
            } else {
                clean(v)
            }
        };
        let column = match lang {
            Lang::Zh => format!("第{}列：", cell.column),
            Lang::En => format!("col {}: ", cell.column),
        };
        lines.push(Line::raw(format!(
            "  {} {} {column}{} → {}",
            cell.table,
            cell.label,
            blank(&cell.old),
            blank(&cell.new)
        )));
    }
    if !(diff.added.is_empty() && diff.removed.is_empty() && diff.edited.is_empty()) {
        lines.push(Line::styled(
            lang.pick(
                "  段落：+ 新增  - 删除  ~ 改动（显示段落开头）",
                "  Paragraphs: + added  - removed  ~ edited (their start shown)",
            ),
            dim,
        ));
    }
    for (texts, sign, color) in [
        (&diff.added, "+", Color::Green),
        (&diff.removed, "-", Color::Red),
        (&diff.edited, "~", Color::Yellow),
    ] {
        for text in texts {
            // Only a paragraph's start is kept: say so when it is cut.
            let cut = text.chars().count() >= versions::PREVIEW_CHARS;
            lines.push(Line::styled(
                format!("  {sign} 「{}{}」", clean(text), if cut { "…" } else { "" }),
                Style::new().fg(color),
            ));
        }
    }
}

/// The popup's width, borders included.
const WIDTH: u16 = 96;

pub fn render(frame: &mut Frame<'_>, app: &App, scroll: usize) {
    let lines = lines(app);
    // Rows once wrapped inside the borders (words wrap a little before the border: a margin).
    let inner = usize::from(WIDTH - 8);
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let area = centered(frame.area(), WIDTH, height.max(8));
    let heading = app
        .lang
        .pick("报告版本 — 任意键关闭", "Report versions — any key closes")
        .to_string();
    clear_popup(frame, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(pane_block(title(heading, true), true))
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        area,
    );
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use nianbao::i18n::Lang;
    use nianbao::inbox::{checked_event, Trigger};
    use nianbao::pipeline::CheckOptions;
    use nianbao::triage::Action as Decide;

    use crate::tui::state::Mode;
    use crate::tui::testing::{decide_at, empty_app, screen, select_code, type_keys};

    /// The seed of 乌拉特中旗司法局 (统计期限 reversed, a list starting at 「二是」).
    const SEED: &str = include_str!("../../sample-reports/004_060f1afac52ad05c.txt");

    #[test]
    fn versions_popup() {
        let inbox = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(inbox.path().join("乌拉特中旗")).expect("mkdir");
        let path = inbox.path().join("乌拉特中旗/年报.txt");
        let event = |trigger| checked_event(inbox.path(), &path, &CheckOptions::default(), trigger);
        std::fs::write(&path, SEED).expect("write");
        let mut app = empty_app(inbox.path(), Lang::Zh);
        app.on_inbox([event(Trigger::InitialScan)]);
        app.update(crate::tui::action::Action::Open);
        // Both confirmed: one is then fixed, the other comes back unchanged.
        select_code(&mut app, "period-reversed");
        decide_at(&mut app, Decide::Confirm, None, 1);
        select_code(&mut app, "enumeration-gap");
        decide_at(&mut app, Decide::Confirm, None, 2);

        // Sent again: the period fixed, a figure changed, a paragraph added, the conversion
        // leftover gone.
        let fixed = SEED
            .replacen("起至2022年12月31日", "起至2023年12月31日", 1)
            .replacen(
                "行政规范性文件\n\t0\n\t0\n\t0",
                "行政规范性文件\n\t0\n\t0\n\t2",
                1,
            )
            .replacen(
                "（五）监督保障情况\n",
                "（五）监督保障情况\n全年组织政务公开业务培训两次。\n",
                1,
            )
            .replacen("[bookmark: _GoBack]", "", 1);
        assert_ne!(fixed, SEED);
        std::fs::write(&path, &fixed).expect("write");
        app.on_inbox([event(Trigger::Change)]);
        app.update(crate::tui::action::Action::Top);
        type_keys(&mut app, "V");
        assert!(matches!(app.mode, Mode::Versions { scroll: 0 }));
        let text = screen(&app);
        assert!(text.contains("共 2 个版本"), "{text}");
        assert!(text.contains("[已整改]"), "{text}");
        assert!(text.contains("[退回未改]"), "{text}");
        insta::assert_snapshot!(text);
        // Any other key closes it.
        type_keys(&mut app, "x");
        assert!(matches!(app.mode, Mode::Normal));
        assert!(Path::new(&path).exists());
    }

    /// A re-submission in a new file: the older file stays in the Reports pane, marked and
    /// dimmed, out of the totals, and `V` on it shows the versions.
    #[test]
    fn an_older_version_is_marked_and_not_counted() {
        let inbox = tempfile::tempdir().expect("temp dir");
        let old = inbox.path().join("年报.txt");
        let new = inbox.path().join("年报-修改稿.txt");
        let event = |path: &Path, trigger| {
            checked_event(inbox.path(), path, &CheckOptions::default(), trigger)
        };
        std::fs::write(&old, SEED).expect("write");
        let mut app = empty_app(inbox.path(), Lang::Zh);
        app.on_inbox([event(&old, Trigger::InitialScan)]);
        std::fs::write(
            &new,
            SEED.replacen("起至2022年12月31日", "起至2023年12月31日", 1),
        )
        .expect("write");
        app.on_inbox([event(&new, Trigger::Change)]);
        assert_eq!(app.reports.len(), 2, "both files are listed");
        assert_eq!(
            app.totals.reports, 1,
            "the old version is not a second report"
        );
        let current: usize = app.inbox.current().map(|e| e.report.flags.len()).sum();
        assert_eq!(
            app.totals.errors + app.totals.warnings + app.totals.infos,
            current
        );

        let text = screen(&app);
        let rows: Vec<&str> = text.lines().filter(|l| l.contains("乌拉特中旗")).collect();
        assert_eq!(
            rows.iter().filter(|l| l.contains("「旧版」")).count(),
            1,
            "{text}"
        );
        // V on the old file lists both versions.
        app.update(crate::tui::action::Action::Top);
        if !app.selected_report().is_some_and(|e| e.superseded) {
            app.update(crate::tui::action::Action::Down);
        }
        assert!(app.selected_report().is_some_and(|e| e.superseded));
        type_keys(&mut app, "V");
        assert!(matches!(app.mode, Mode::Versions { .. }));
        let text = screen(&app);
        assert!(text.contains("共 2 个版本"), "{text}");
    }
}
