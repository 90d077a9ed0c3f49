//! The roster view: every agency of the inbox's roster (`[roster]` of `nianbao.toml`) for one
//! report year — filed, filed late or missing, its report's open flags and status
//! (通过/退回整改/已审) — sortable, with the list of the missing agencies exported from it.
//!
//! The figures come from [`nianbao::roster`], the query `nianbao roster` prints: the same
//! normalised agency matching, the same deadlines, the same export. They are computed when the
//! view opens and again when the inbox or the journals change while it is open, never per key.

use std::path::{Path, PathBuf};

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use nianbao::config::Config;
use nianbao::i18n::{Lang, Localized};
use nianbao::inbox::Inbox;
use nianbao::ingest::walk::OwnOutput;
use nianbao::roster::{self, Filing, Roster, RosterLine, RosterOrder};
use nianbao::triage::TriageStore;

use super::action::Action;
use super::state::Cursor;
use super::text::{clean, fit, fit_right};

/// The view's state.
#[derive(Debug, Clone)]
pub struct RosterView {
    /// The year shown; none until the view has loaded (then the inbox's latest year).
    pub year: Option<i32>,
    /// The report years of the inbox, oldest first (←/→ go through them).
    pub years: Vec<i32>,
    pub order: RosterOrder,
    pub cursor: Cursor,
    pub lines: Vec<RosterLine>,
    /// The agency of each filed line's report as the report names it, by roster index: the
    /// filter that lists its reports.
    reported: Vec<Option<String>>,
    /// Why there is nothing to show (no roster, an unreadable roster, no report year).
    pub problem: Option<Localized>,
    /// Where the list of the missing agencies is written.
    folder: PathBuf,
}

impl Default for RosterView {
    fn default() -> RosterView {
        RosterView {
            year: None,
            years: Vec::new(),
            order: RosterOrder::Roster,
            cursor: Cursor::default(),
            lines: Vec::new(),
            reported: Vec::new(),
            problem: None,
            folder: PathBuf::new(),
        }
    }
}

/// What a key does in the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Close,
    /// Close and list the selected agency's reports with this filter.
    Filter(String),
    /// The missing agencies were written (the message says where), or could not be.
    Exported(Result<String, String>),
}

impl RosterView {
    /// Reads the roster of the inbox's configuration and matches it against the inbox's
    /// current reports (an older version of a report is not a second filing), keeping the
    /// year and the selection.
    pub fn load(&mut self, inbox_path: &Path, inbox: &Inbox, store: Option<&TriageStore>) {
        self.folder = inbox_path.to_path_buf();
        // A report whose agency and year were set by hand counts as filed.
        let reports = nianbao::triage::identified(inbox.current().map(|e| &e.report), store);
        let selected = self.selected().map(|l| l.index);
        self.lines.clear();
        self.reported.clear();
        self.problem = None;
        let roster = Config::find_for(inbox_path)
            .map_err(|e| e.message)
            .and_then(|config| Roster::of_config(&config, inbox_path).map_err(|e| e.0));
        let roster = match roster {
            Ok(Some(roster)) => roster,
            Ok(None) => {
                self.problem = Some(Localized::new(
                    "收件箱的 nianbao.toml 中没有 [roster] 名单（见 nianbao init 生成的示例）",
                    "the inbox's nianbao.toml has no [roster] (see the example nianbao init writes)",
                ));
                return;
            }
            Err(message) => {
                self.problem = Some(message);
                return;
            }
        };
        self.years = reports.iter().filter_map(|r| r.year).collect();
        self.years.sort_unstable();
        self.years.dedup();
        let Some(year) = self.year.or_else(|| roster::default_year(&reports)) else {
            self.problem = Some(Localized::new(
                "收件箱中还没有可识别年度的报告",
                "no report of a known year in the inbox yet",
            ));
            return;
        };
        self.year = Some(year);
        self.lines = roster::status(&roster, &reports, year);
        if let Some(store) = store {
            roster::with_report_status(&mut self.lines, &reports, store);
        }
        let by_path = roster::by_path(&reports);
        self.reported = self
            .lines
            .iter()
            .map(|line| Some(by_path.get(line.path.as_deref()?)?.agency?.to_string()))
            .collect();
        roster::sort(&mut self.lines, self.order);
        self.reselect(selected);
    }

    fn selected(&self) -> Option<&RosterLine> {
        self.lines.get(self.cursor.selected)
    }

    fn reselect(&mut self, index: Option<usize>) {
        let at = index
            .and_then(|i| self.lines.iter().position(|l| l.index == i))
            .unwrap_or(self.cursor.selected);
        self.cursor.selected = at.min(self.lines.len().saturating_sub(1));
    }

    /// The file the missing agencies are written to.
    pub fn export_path(&self, lang: Lang) -> PathBuf {
        let year = self.year.map(|y| y.to_string()).unwrap_or_default();
        self.folder.join(format!(
            "{}-{year}.csv",
            OwnOutput::MissingAgencies.prefix(lang)
        ))
    }

    /// Writes the missing agencies as `nianbao roster --format csv` does.
    fn export(&self, lang: Lang) -> Result<String, String> {
        let path = self.export_path(lang);
        let missing = self
            .lines
            .iter()
            .filter(|l| l.filing == Filing::Missing)
            .count();
        let shown = clean(&path.display().to_string());
        std::fs::write(&path, roster::missing_csv(&self.lines))
            .map(|()| match lang {
                Lang::Zh => format!("已导出未报送机关 {missing} 个：{shown}"),
                Lang::En => format!("{missing} missing agencies exported: {shown}"),
            })
            .map_err(|e| match lang {
                Lang::Zh => format!("无法写入 {shown}：{e}"),
                Lang::En => format!("cannot write {shown}: {e}"),
            })
    }

    /// Applies a key's action (`None`: Esc); `page` is the number of rows shown. Keys the view
    /// has no use for are ignored. A change of year needs [`RosterView::load`] again: the
    /// outcome is `Stay` and `year` has changed.
    pub fn update(&mut self, action: Option<Action>, page: usize, lang: Lang) -> Outcome {
        if let Some(action) = action {
            if self.cursor.follow(action, self.lines.len(), page) {
                return Outcome::Stay;
            }
        }
        match action {
            Some(Action::Sort) => {
                let selected = self.selected().map(|l| l.index);
                self.order = self.order.next();
                roster::sort(&mut self.lines, self.order);
                self.reselect(selected);
            }
            Some(action @ (Action::NextPane | Action::PrevPane)) => {
                let at = self
                    .year
                    .and_then(|y| self.years.iter().position(|&x| x == y));
                let next = match (at, action) {
                    (Some(i), Action::NextPane) => self.years.get(i + 1),
                    (Some(i), _) => i.checked_sub(1).and_then(|i| self.years.get(i)),
                    (None, _) => self.years.last(),
                };
                if let Some(&year) = next {
                    self.year = Some(year);
                }
            }
            Some(Action::Export) => return Outcome::Exported(self.export(lang)),
            Some(Action::Open) => {
                // A missing agency has no report to list; a name the filter cannot hold as one
                // value only closes.
                let Some(line) = self.selected() else {
                    return Outcome::Stay;
                };
                return match self.reported.get(line.index).cloned().flatten() {
                    Some(name) => super::agency_view::agency_filter(&name)
                        .map_or(Outcome::Close, Outcome::Filter),
                    None => Outcome::Stay,
                };
            }
            Some(Action::Roster | Action::Quit) | None => return Outcome::Close,
            Some(_) => {}
        }
        Outcome::Stay
    }
}

fn filing_style(filing: Filing) -> Style {
    match filing {
        Filing::Filed => Style::new().fg(Color::Green),
        Filing::FiledLate => Style::new().fg(Color::Yellow),
        Filing::Missing => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    }
}

/// The widths of the fixed columns: group, filing, date or deadline, errors, warnings, status.
const COLUMNS: [usize; 6] = [8, 8, 15, 4, 5, 10];

/// The keys the view answers to, for its title.
pub struct Keys {
    pub sort: String,
    pub export: String,
}

/// Draws the view over `area` (the panes' area; the status bar stays below it).
pub fn render(frame: &mut Frame<'_>, area: Rect, view: &RosterView, lang: Lang, keys: &Keys) {
    frame.render_widget(ratatui::widgets::Clear, area);
    let year = view.year.map(|y| y.to_string()).unwrap_or_default();
    // The keys first: at 80 columns the title keeps them and cuts the rest.
    let title = match lang {
        Lang::Zh => format!(
            " 报送情况 {year}年度 — {} 排序，←→ 年度，Enter 看其报告，{} 导出未报送名单，Esc 返回（{}） ",
            keys.sort,
            keys.export,
            view.order.label(lang),
        ),
        Lang::En => format!(
            " Roster {year} — {} sorts, ←→ year, Enter lists its reports, {} exports the missing, Esc returns ({}) ",
            keys.sort,
            keys.export,
            view.order.label(lang),
        ),
    };
    let style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    let block = super::view::pane_block(Line::styled(title, style), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let available = usize::from(inner.width);

    if let Some(problem) = &view.problem {
        let text = super::text::truncate(&clean(problem.get(lang)), available);
        frame.render_widget(
            Paragraph::new(Line::styled(text, Style::new().fg(Color::Yellow))),
            inner,
        );
        return;
    }

    let fixed: usize = COLUMNS.iter().map(|w| w + 1).sum();
    let name_width = available.saturating_sub(fixed + 2).clamp(8, 40);
    let headings = [
        lang.pick("分组", "group"),
        lang.pick("报送", "filing"),
        lang.pick("日期/截止", "date / due"),
        lang.pick("错误", "err."),
        lang.pick("警告", "warn."),
        lang.pick("报告状态", "status"),
    ];
    let mut header = format!("  {}", fit(lang.pick("机关", "Agency"), name_width));
    for (i, (heading, w)) in headings.iter().zip(COLUMNS).enumerate() {
        header.push(' ');
        header.push_str(&if i == 3 || i == 4 {
            fit_right(heading, w)
        } else {
            fit(heading, w)
        });
    }
    let header_style = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut lines = vec![Line::styled(header, header_style)];

    // The list scrolls; the totals stay on the last line.
    let height = usize::from(inner.height).saturating_sub(2);
    for index in view.cursor.window(view.lines.len(), height) {
        let line = &view.lines[index];
        let selected = index == view.cursor.selected;
        let group = clean(line.entry.group.as_deref().unwrap_or("-"));
        // A missing agency: its deadline; a filed one: its report's date, if one was read.
        let when = match (&line.date, line.filing) {
            (_, Filing::Missing) => {
                let (y, m, d) = line.deadline;
                format!("{} {y}-{m:02}-{d:02}", lang.pick("截止", "due"))
            }
            (Some(date), _) => clean(date),
            (None, _) => lang.pick("日期未识别", "no date").to_string(),
        };
        let filed = line.filing != Filing::Missing;
        let number = |n: usize| {
            if filed {
                n.to_string()
            } else {
                "-".to_string()
            }
        };
        let status = match (line.report_status, filed) {
            (Some(status), _) => status.label(lang).to_string(),
            (None, true) => lang.pick("待审", "to review").to_string(),
            (None, false) => String::new(),
        };
        let spans = vec![
            Span::raw(format!(
                "{} {} {}",
                if selected { ">" } else { " " },
                fit(&clean(&line.entry.name), name_width),
                fit(&group, COLUMNS[0])
            )),
            Span::styled(
                format!(" {}", fit(line.filing.label().get(lang), COLUMNS[1])),
                filing_style(line.filing),
            ),
            Span::raw(format!(
                " {} {} {} {}",
                fit(&when, COLUMNS[2]),
                fit_right(&number(line.errors), COLUMNS[3]),
                fit_right(&number(line.warnings), COLUMNS[4]),
                fit(&status, COLUMNS[5])
            )),
        ];
        let mut row = Line::from(spans);
        if selected {
            row = row.style(Style::new().add_modifier(Modifier::REVERSED));
        }
        lines.push(row);
    }
    if view.lines.is_empty() {
        lines.push(Line::styled(
            lang.pick("名单为空", "the roster is empty"),
            Style::new().fg(Color::DarkGray),
        ));
    }
    super::agency_view::pad_to_last_line(&mut lines, inner.height);
    let totals = view
        .year
        .map(|year| roster::summary(&view.lines, year, lang))
        .unwrap_or_default();
    lines.push(Line::styled(
        super::text::truncate(&totals, available),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}
