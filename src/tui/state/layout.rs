//! Where each pane goes in the terminal: the views draw there, and the state maps mouse
//! clicks and list heights from it.

use ratatui::layout::{Constraint, Layout, Rect};

use super::View;

/// Where each pane goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// Reports (or rules); none in the open-queue view.
    pub left: Option<Rect>,
    pub flags: Rect,
    pub source: Rect,
    pub detail: Rect,
    pub status: Rect,
}

/// The panes' areas in a terminal of `area` (also used to map mouse clicks to rows).
pub fn layout(area: Rect, view: View) -> Areas {
    let [main, status] = Layout::vertical([Constraint::Min(6), Constraint::Length(2)]).areas(area);
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(main);
    let (left, flags) = if view == View::Queue {
        (None, top)
    } else {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(48), Constraint::Percentage(52)]).areas(top);
        (Some(left), right)
    };
    let [source, detail] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(bottom);
    Areas {
        left,
        flags,
        source,
        detail,
        status,
    }
}
