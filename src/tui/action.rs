//! The commands a key can be bound to: the vocabulary of the key map, the help screen and
//! [`App::update`](super::app::App::update).

use nianbao::i18n::Lang;

/// A command of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    Open,
    Confirm,
    Dismiss,
    Reopen,
    Note,
    Mark,
    MarkAll,
    NextError,
    PrevError,
    Fold,
    ReportStatus,
    Identify,
    Undo,
    Redo,
    Filter,
    Severity,
    View,
    Sort,
    Tables,
    Agencies,
    Roster,
    Export,
    Rescan,
    Versions,
    Help,
    Quit,
}

impl Action {
    /// Every action, in the order of the help screen.
    pub const ALL: [Action; 34] = [
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::NextPane,
        Action::PrevPane,
        Action::Open,
        Action::Confirm,
        Action::Dismiss,
        Action::Reopen,
        Action::Note,
        Action::Mark,
        Action::MarkAll,
        Action::NextError,
        Action::PrevError,
        Action::Fold,
        Action::ReportStatus,
        Action::Identify,
        Action::Undo,
        Action::Redo,
        Action::Filter,
        Action::Severity,
        Action::View,
        Action::Sort,
        Action::Tables,
        Action::Agencies,
        Action::Roster,
        Action::Export,
        Action::Rescan,
        Action::Versions,
        Action::Help,
        Action::Quit,
    ];

    /// The name used in the `[keys]` table of the configuration file.
    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page-up",
            Action::PageDown => "page-down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::NextPane => "next-pane",
            Action::PrevPane => "prev-pane",
            Action::Open => "open",
            Action::Confirm => "confirm",
            Action::Dismiss => "dismiss",
            Action::Reopen => "reopen",
            Action::Note => "note",
            Action::Mark => "mark",
            Action::MarkAll => "mark-all",
            Action::NextError => "next-error",
            Action::PrevError => "prev-error",
            Action::Fold => "fold",
            Action::ReportStatus => "report-status",
            Action::Identify => "identify",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::Filter => "filter",
            Action::Severity => "severity",
            Action::View => "view",
            Action::Sort => "sort",
            Action::Tables => "tables",
            Action::Agencies => "agencies",
            Action::Roster => "roster",
            Action::Export => "export",
            Action::Rescan => "rescan",
            Action::Versions => "versions",
            Action::Help => "help",
            Action::Quit => "quit",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// What the action does, for the help screen and the hints of the status bar.
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            Action::Up => lang.pick("上移", "up"),
            Action::Down => lang.pick("下移", "down"),
            Action::PageUp => lang.pick("上翻一页", "page up"),
            Action::PageDown => lang.pick("下翻一页", "page down"),
            Action::Top => lang.pick("到顶部", "first"),
            Action::Bottom => lang.pick("到底部", "last"),
            Action::NextPane => lang.pick("下一个窗格", "next pane"),
            Action::PrevPane => lang.pick("上一个窗格", "previous pane"),
            Action::Open => lang.pick("打开", "open"),
            Action::Confirm => lang.pick("确认问题", "confirm"),
            Action::Dismiss => lang.pick("驳回问题", "dismiss"),
            Action::Reopen => lang.pick("重新打开", "reopen"),
            Action::Note => lang.pick("批注", "note"),
            Action::Mark => lang.pick(
                "标记/取消标记问题并下移",
                "mark or unmark a flag, then down",
            ),
            Action::MarkAll => lang.pick("标记窗格中的全部问题", "mark every flag the pane shows"),
            Action::NextError => lang.pick("下一个待审核错误", "next open error"),
            Action::PrevError => lang.pick("上一个待审核错误", "previous open error"),
            Action::ReportStatus => lang.pick(
                "报告状态：通过、退回整改、已审（附备注）",
                "report status: passed, returned, reviewed",
            ),
            Action::Identify => lang.pick(
                "设置机关/年度（未识别时）",
                "set agency/year (when not read)",
            ),
            Action::Fold => lang.pick(
                "折叠/展开：同一报告同一规则的问题合为一行",
                "fold one rule's flags of a report",
            ),
            Action::Undo => lang.pick("撤销（整批）", "undo (a whole bulk decision)"),
            Action::Redo => lang.pick("重做", "redo"),
            Action::Filter => lang.pick("筛选", "filter"),
            Action::Severity => lang.pick("按级别筛选", "severity filter"),
            Action::View => lang.pick("切换视图", "cycle view"),
            Action::Sort => lang.pick("报告排序", "sort reports"),
            Action::Tables => lang.pick(
                "原文窗格：表二/表三/表四表格与原文切换",
                "tables 2/3/4 as grids, or the text",
            ),
            Action::Agencies => lang.pick("各机关审核进度", "progress by agency"),
            Action::Roster => lang.pick(
                "报送情况：名单中的机关已报送/逾期/未报送",
                "roster: filed, late, missing",
            ),
            Action::Export => lang.pick("导出", "export"),
            Action::Rescan => lang.pick("重新扫描", "rescan"),
            Action::Versions => lang.pick(
                "报告版本（再次报送的变化）",
                "versions, what a re-submission changed",
            ),
            Action::Help => lang.pick("帮助", "help"),
            Action::Quit => lang.pick("退出", "quit"),
        }
    }

    /// A short word for the status-bar hints.
    pub fn hint(self, lang: Lang) -> &'static str {
        match self {
            Action::Up | Action::Down => lang.pick("移动", "move"),
            Action::Confirm => lang.pick("确认", "confirm"),
            Action::Dismiss => lang.pick("驳回", "dismiss"),
            Action::Reopen => lang.pick("重开", "reopen"),
            Action::Sort => lang.pick("排序", "sort"),
            Action::Tables => lang.pick("表格", "tables"),
            Action::Agencies => lang.pick("机关进度", "agencies"),
            Action::Roster => lang.pick("报送情况", "roster"),
            Action::Undo => lang.pick("撤销", "undo"),
            Action::Mark => lang.pick("标记", "mark"),
            Action::MarkAll => lang.pick("全标", "mark all"),
            Action::NextError => lang.pick("下个错误", "next error"),
            Action::Fold => lang.pick("折叠", "fold"),
            Action::ReportStatus => lang.pick("报告状态", "status"),
            Action::Identify => lang.pick("机关/年度", "agency/year"),
            Action::View => lang.pick("视图", "view"),
            Action::NextPane => lang.pick("窗格", "pane"),
            Action::PageDown | Action::PageUp => lang.pick("翻页", "page"),
            other => other.describe(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(action));
        }
        let mut names: Vec<_> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
        assert_eq!(Action::from_name("nope"), None);
    }
}
