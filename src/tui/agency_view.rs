//! The per-agency view: every agency of the inbox with a bar of how far its flags are decided
//! (confirmed, dismissed, resolved, still open), how many of its reports still wait, and the
//! totals; sortable by name (pinyin), open flags or progress.
//!
//! It opens over the panes (the status bar stays) and reads its figures from
//! [`nianbao::triage::progress`], the counts the exports' summary reads too. They are computed
//! when the view opens and again when the inbox or the journals change while it is open, never
//! per key.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use nianbao::i18n::Lang;
use nianbao::inbox::Inbox;
use nianbao::pipeline::CheckedReport;
use nianbao::triage::progress::{self, AgencyOrder, AgencyProgress, StatusCounts};
use nianbao::triage::report_status::ReportStatus;
use nianbao::triage::{ReportRef, Review, RowStatus, TriageStore};

use super::action::Action;
use super::state::Cursor;
use super::text::{clean, fit, fit_right};

/// The view's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyView {
    pub order: AgencyOrder,
    pub cursor: Cursor,
    pub list: Vec<AgencyProgress>,
    pub totals: StatusCounts,
}

impl Default for AgencyView {
    fn default() -> AgencyView {
        AgencyView {
            order: AgencyOrder::Name,
            cursor: Cursor::default(),
            list: Vec::new(),
            totals: StatusCounts::default(),
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
}

impl AgencyView {
    /// Counts the inbox again, keeping the selection on the same agency.
    pub fn load(&mut self, inbox: &Inbox, store: Option<&TriageStore>) {
        // Counts do not depend on the order of the rows: no sort.
        // Agencies set by hand group like read ones.
        let reports = nianbao::triage::identified(inbox.current().map(|e| &e.report), store);
        let review = match store {
            Some(store) => Review::build(&reports, store),
            None => Review::unreviewed(&reports),
        };
        let selected = self.selected().map(|p| p.agency.clone());
        let status = |report: &CheckedReport| {
            let store = store?;
            let (status, _) = store.report_status(&ReportRef::of(report, None))?;
            Some(status)
        };
        self.list = progress::by_agency(&reports, &review, self.order, status);
        self.totals = progress::totals(&review.rows);
        self.reselect(selected);
    }

    fn selected(&self) -> Option<&AgencyProgress> {
        self.list.get(self.cursor.selected)
    }

    fn reselect(&mut self, agency: Option<Option<String>>) {
        let index = agency
            .and_then(|a| self.list.iter().position(|p| p.agency == a))
            .unwrap_or(self.cursor.selected);
        self.cursor.selected = index.min(self.list.len().saturating_sub(1));
    }

    /// Applies a key's action (`None`: Esc); `page` is the number of rows shown. Keys the view
    /// has no use for are ignored.
    pub fn update(&mut self, action: Option<Action>, page: usize) -> Outcome {
        if let Some(action) = action {
            if self.cursor.follow(action, self.list.len(), page) {
                return Outcome::Stay;
            }
        }
        match action {
            Some(Action::Sort) => {
                let selected = self.selected().map(|p| p.agency.clone());
                self.order = self.order.next();
                progress::sort(&mut self.list, self.order);
                self.reselect(selected);
            }
            Some(Action::Open) => {
                // A name the filter cannot hold as one value only closes.
                let name = self.selected().and_then(|p| p.agency.as_deref());
                return match name.and_then(agency_filter) {
                    Some(filter) => Outcome::Filter(filter),
                    None => Outcome::Close,
                };
            }
            Some(Action::Agencies | Action::Quit) | None => return Outcome::Close,
            Some(_) => {}
        }
        Outcome::Stay
    }
}

impl Cursor {
    /// Moves the cursor of an overlay list (this view, the roster view) of `len` rows by a
    /// movement key, `page` rows a page; false for any other action.
    pub fn follow(&mut self, action: Action, len: usize, page: usize) -> bool {
        let last = len.saturating_sub(1);
        let page = page.max(1) as isize;
        let delta = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::PageDown => page,
            Action::PageUp => -page,
            Action::Top => isize::MIN,
            Action::Bottom => isize::MAX,
            _ => return false,
        };
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        true
    }
}

/// The filter that lists an agency's reports (`agency:NAME`); none for a name the filter
/// cannot hold as one value (spaces, commas).
pub fn agency_filter(name: &str) -> Option<String> {
    (!name.contains(|c: char| c.is_whitespace() || ",，".contains(c)))
        .then(|| format!("agency:{name}"))
}

/// Blank lines after the rows of an overlay list, so that the line pushed next (its totals)
/// is the last of an area `height` lines high.
pub fn pad_to_last_line(lines: &mut Vec<Line<'_>>, height: u16) {
    let body = lines.len();
    lines.extend(std::iter::repeat_n(
        Line::raw(""),
        usize::from(height).saturating_sub(body + 1),
    ));
}

/// The glyphs of the bar's parts, told apart without colour too.
const CONFIRMED: char = '█';
const DISMISSED: char = '▓';
const RESOLVED: char = '▒';
const OPEN: char = '░';

/// A bar of `columns` cells: confirmed, dismissed, resolved (and the other settled rows with
/// them), then open, each part in proportion and every non-empty part at least one cell.
pub fn bar(counts: &StatusCounts, columns: usize) -> Vec<(char, usize)> {
    let total = counts.total();
    let parts = [
        (CONFIRMED, counts.get(RowStatus::Confirmed)),
        (DISMISSED, counts.get(RowStatus::Dismissed)),
        (
            RESOLVED,
            counts.get(RowStatus::Resolved)
                + counts.get(RowStatus::Absent)
                + counts.get(RowStatus::Unattributed),
        ),
        (OPEN, counts.get(RowStatus::Open)),
    ];
    if total == 0 || columns == 0 {
        return vec![(OPEN, columns)];
    }
    let mut cells: Vec<(char, usize)> = parts
        .iter()
        .map(|&(glyph, n)| {
            let share = n * columns / total;
            (glyph, if n > 0 { share.max(1) } else { 0 })
        })
        .collect();
    // Rounding: the largest part takes up the difference.
    let used: usize = cells.iter().map(|c| c.1).sum();
    if let Some(largest) = (0..cells.len()).max_by_key(|&i| (parts[i].1, usize::MAX - i)) {
        cells[largest].1 = (cells[largest].1 + columns).saturating_sub(used);
    }
    cells.retain(|c| c.1 > 0);
    cells
}

fn glyph_style(glyph: char) -> Style {
    match glyph {
        CONFIRMED => Style::new().fg(Color::Red),
        DISMISSED => Style::new().fg(Color::Green),
        RESOLVED => Style::new().fg(Color::Cyan),
        _ => Style::new().fg(Color::DarkGray),
    }
}

/// The name shown for an agency.
fn name(progress: &AgencyProgress, lang: Lang) -> String {
    match &progress.agency {
        Some(agency) => clean(agency),
        None => lang.pick("（机关未识别）", "(agency not read)").to_string(),
    }
}

/// What the view says of an agency's reports.
fn reports_state(progress: &AgencyProgress, lang: Lang) -> String {
    match (progress.reports_open, lang) {
        (0, Lang::Zh) => "已审完".to_string(),
        (0, Lang::En) => "all decided".to_string(),
        (n, Lang::Zh) => format!("{n}份待审"),
        (n, Lang::En) => format!("{n} to review"),
    }
}

/// An agency's reports by status, the statuses it has (「通过1 退回1」), or 「—」.
fn statuses(progress: &AgencyProgress, lang: Lang) -> String {
    let parts: Vec<String> = ReportStatus::ALL
        .iter()
        .filter_map(|&status| {
            let n = progress.with_status(status);
            let short = match status {
                ReportStatus::Passed => lang.pick("通过", "pass"),
                ReportStatus::Returned => lang.pick("退回", "back"),
                ReportStatus::Reviewed => lang.pick("已审", "seen"),
            };
            (n > 0).then(|| format!("{short}{n}"))
        })
        .collect();
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join(" ")
    }
}

/// The widths of the fixed columns: reports, open, confirmed, dismissed, resolved, done.
const NUMBER_COLUMNS: [usize; 6] = [4, 6, 6, 6, 6, 5];
const STATE_COLUMN: usize = 10;
/// The reports' statuses (通过/退回整改/已审), beside the state when the width allows.
const STATUS_COLUMN: usize = 14;

/// Draws the view over `area` (the panes' area; the status bar stays below it).
pub fn render(frame: &mut Frame<'_>, area: Rect, view: &AgencyView, lang: Lang, sort_key: &str) {
    frame.render_widget(ratatui::widgets::Clear, area);
    let title = match lang {
        Lang::Zh => format!(
            " 各机关审核进度（{} 个机关）— {}，{sort_key} 排序，Enter 看其报告，Esc 返回 ",
            view.list.len(),
            view.order.label(lang)
        ),
        Lang::En => format!(
            " Progress by agency ({} agencies) — {}, {sort_key} sorts, Enter lists its reports, Esc returns ",
            view.list.len(),
            view.order.label(lang)
        ),
    };
    let style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    let block = super::view::pane_block(Line::styled(title, style), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let available = usize::from(inner.width);
    let fixed: usize = NUMBER_COLUMNS.iter().map(|w| w + 1).sum();
    let state = if available >= 60 + STATE_COLUMN {
        STATE_COLUMN + 1
    } else {
        0
    };
    let status_width = if available >= 60 + STATE_COLUMN + STATUS_COLUMN {
        STATUS_COLUMN + 1
    } else {
        0
    };
    let flexible = available.saturating_sub(fixed + state + status_width + 2);
    let name_width = (flexible * 3 / 5).clamp(8, 30);
    let bar_width = flexible.saturating_sub(name_width).max(4);

    let headings = [
        lang.pick("报告", "rpts"),
        lang.pick("待审核", "open"),
        lang.pick("确认", "conf."),
        lang.pick("驳回", "dism."),
        lang.pick("已整改", "resol."),
        lang.pick("完成", "done"),
    ];
    let header_style = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut header = format!("  {}", fit(lang.pick("机关", "Agency"), name_width));
    for (heading, w) in headings.iter().zip(NUMBER_COLUMNS) {
        header.push(' ');
        header.push_str(&fit_right(heading, w));
    }
    header.push(' ');
    header.push_str(&fit(lang.pick("进度", "progress"), bar_width));
    if state > 0 {
        header.push(' ');
        header.push_str(&fit(lang.pick("报告状态", "reports"), STATE_COLUMN));
    }
    if status_width > 0 {
        header.push(' ');
        header.push_str(&fit(lang.pick("通过/退回/已审", "status"), STATUS_COLUMN));
    }
    let mut lines = vec![Line::styled(header, header_style)];

    // The list scrolls; the totals stay on the last line.
    let height = usize::from(inner.height).saturating_sub(2);
    let window = view.cursor.window(view.list.len(), height);
    for index in window {
        let progress = &view.list[index];
        let selected = index == view.cursor.selected;
        let counts = &progress.counts;
        let mut spans = vec![Span::raw(format!(
            "{} {}",
            if selected { ">" } else { " " },
            fit(&name(progress, lang), name_width)
        ))];
        let numbers = [
            progress.reports,
            counts.get(RowStatus::Open),
            counts.get(RowStatus::Confirmed),
            counts.get(RowStatus::Dismissed),
            counts.get(RowStatus::Resolved),
        ];
        for (n, w) in numbers.iter().zip(NUMBER_COLUMNS) {
            spans.push(Span::raw(format!(" {}", fit_right(&n.to_string(), w))));
        }
        spans.push(Span::raw(format!(
            " {}",
            fit_right(&format!("{}%", counts.permille() / 10), NUMBER_COLUMNS[5])
        )));
        spans.push(Span::raw(" "));
        for (glyph, n) in bar(counts, bar_width) {
            spans.push(Span::styled(
                glyph.to_string().repeat(n),
                glyph_style(glyph),
            ));
        }
        if state > 0 {
            let text = reports_state(progress, lang);
            let style = if progress.reports_open == 0 {
                Style::new().fg(Color::Green)
            } else {
                Style::new().fg(Color::Yellow)
            };
            spans.push(Span::raw(" "));
            spans.push(Span::styled(fit(&text, STATE_COLUMN), style));
        }
        if status_width > 0 {
            let style = if progress.with_status(ReportStatus::Returned) > 0 {
                Style::new().fg(Color::Red)
            } else if progress.without_status() == 0 {
                Style::new().fg(Color::Green)
            } else {
                Style::new()
            };
            spans.push(Span::raw(" "));
            spans.push(Span::styled(
                fit(&statuses(progress, lang), STATUS_COLUMN),
                style,
            ));
        }
        let mut line = Line::from(spans);
        if selected {
            line = line.style(Style::new().add_modifier(Modifier::REVERSED));
        }
        lines.push(line);
    }
    if view.list.is_empty() {
        lines.push(Line::styled(
            lang.pick("收件箱中还没有报告", "no reports in the inbox yet"),
            Style::new().fg(Color::DarkGray),
        ));
    }
    pad_to_last_line(&mut lines, inner.height);
    // The counts in the bar's order, each named as its glyph is in the legend.
    let t = &view.totals;
    let parts = [
        (CONFIRMED, RowStatus::Confirmed),
        (DISMISSED, RowStatus::Dismissed),
        (RESOLVED, RowStatus::Resolved),
        (OPEN, RowStatus::Open),
    ];
    let counts: Vec<String> = parts
        .iter()
        .map(|&(_, status)| format!("{} {}", status.label(lang), t.get(status)))
        .collect();
    let legend: Vec<String> = parts
        .iter()
        .map(|&(glyph, status)| format!("{glyph}={}", status.label(lang)))
        .collect();
    let totals = match lang {
        Lang::Zh => format!(
            "合计：问题 {}，{}　{}",
            t.total(),
            counts.join("，"),
            legend.join(" ")
        ),
        Lang::En => format!(
            "Total: {} flags, {}  {}",
            t.total(),
            counts.join(", "),
            legend.join(" ")
        ),
    };
    let totals = super::text::truncate(&totals, available);
    lines.push(Line::styled(
        totals,
        Style::new().add_modifier(Modifier::BOLD),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(RowStatus, usize)]) -> StatusCounts {
        let mut counts = StatusCounts::default();
        for &(status, n) in pairs {
            for _ in 0..n {
                counts.add(status);
            }
        }
        counts
    }

    #[test]
    fn bars_fill_their_width_in_proportion() {
        use RowStatus::*;
        let bar_of = |pairs: &[(RowStatus, usize)], w| bar(&counts(pairs), w);
        assert_eq!(
            bar_of(&[(Confirmed, 1), (Open, 3)], 8),
            [(CONFIRMED, 2), (OPEN, 6)]
        );
        // A small part still shows; the total width is kept.
        let parts = bar_of(&[(Dismissed, 1), (Open, 99)], 10);
        assert_eq!(parts[0], (DISMISSED, 1));
        assert_eq!(parts.iter().map(|p| p.1).sum::<usize>(), 10);
        assert_eq!(bar_of(&[], 5), [(OPEN, 5)]);
        assert_eq!(
            bar_of(&[(Resolved, 2), (Unattributed, 2)], 4),
            [(RESOLVED, 4)]
        );
    }

    /// Without colour and in ASCII the parts of a bar are still told apart.
    #[test]
    fn bar_glyphs_stay_distinct_in_ascii() {
        let glyphs = [CONFIRMED, DISMISSED, RESOLVED, OPEN];
        let ascii: Vec<char> = glyphs
            .iter()
            .map(|&g| crate::tui::console::ascii_for(g).unwrap_or(g))
            .collect();
        let mut distinct = ascii.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), glyphs.len(), "{ascii:?}");
        assert!(ascii.iter().all(char::is_ascii), "{ascii:?}");
    }

    #[test]
    fn keys_move_sort_and_close() {
        let list: Vec<AgencyProgress> = [("上海市司法局", 1), ("北京市司法局", 5)]
            .into_iter()
            .map(|(name, open)| AgencyProgress {
                agency: Some(name.to_string()),
                reports: 1,
                reports_open: 1,
                counts: counts(&[(RowStatus::Open, open)]),
                statuses: [0; 3],
            })
            .collect();
        let mut view = AgencyView {
            list,
            ..AgencyView::default()
        };
        progress::sort(&mut view.list, view.order);
        assert_eq!(view.list[0].agency.as_deref(), Some("北京市司法局"));
        assert_eq!(view.update(Some(Action::Down), 10), Outcome::Stay);
        assert_eq!(view.cursor.selected, 1);
        // Sorting keeps the selection on the same agency.
        view.update(Some(Action::Sort), 10);
        assert_eq!(view.order, AgencyOrder::Open);
        assert_eq!(
            view.list[view.cursor.selected].agency.as_deref(),
            Some("上海市司法局")
        );
        view.update(Some(Action::Bottom), 10);
        view.update(Some(Action::Down), 10);
        assert_eq!(view.cursor.selected, 1);
        assert_eq!(
            view.update(Some(Action::Open), 10),
            Outcome::Filter("agency:上海市司法局".to_string())
        );
        view.list[1].agency = Some("上海市 司法局".to_string());
        assert_eq!(view.update(Some(Action::Open), 10), Outcome::Close);
        assert_eq!(view.update(Some(Action::Quit), 10), Outcome::Close);
        assert_eq!(view.update(None, 10), Outcome::Close);
    }
}
