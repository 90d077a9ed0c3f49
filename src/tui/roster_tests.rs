//! The roster view, headless: snapshots with Chinese content at 120×40 and 80×24 and in
//! English, over the seed reports with a roster in the inbox's `nianbao.toml`.

use nianbao::i18n::Lang;
use nianbao::roster::{Filing, RosterOrder};
use nianbao::triage::report_status::ReportStatus;
use nianbao::triage::ReportRef;

use super::action::Action;
use super::app::{App, Mode, Pane};
use super::keymap::{Key, KeyCode};
use super::testing::*;
use super::view_tests::{draw, snapshot};

const SHANZHOU: &str = "陕州区司法局";

/// The seeds with a roster: two of their agencies (one by its short name), and agencies that
/// never filed.
fn roster_app(lang: Lang) -> (tempfile::TempDir, App) {
    let inbox = seed_inbox();
    std::fs::write(
        inbox.path().join("nianbao.toml"),
        "[roster]\nagencies = [\"乌拉特中旗司法局,部门\", \"陕州区司法局,部门\", \
         \"甲县民政局,部门\", \"新凰区住房和城乡建设局\"]\n",
    )
    .expect("nianbao.toml");
    let app = loaded_app(inbox.path(), lang);
    (inbox, app)
}

fn line<'a>(app: &'a App, name: &str) -> &'a nianbao::roster::RosterLine {
    app.roster
        .lines
        .iter()
        .find(|l| l.entry.name == name)
        .unwrap_or_else(|| panic!("{name} on the roster"))
}

#[test]
fn roster_view_shows_filed_and_missing_agencies() {
    let (inbox, mut app) = roster_app(Lang::Zh);
    // The report of 陕州区 is passed: the view shows its status.
    let (entry, report) = {
        let entry = app
            .inbox
            .current()
            .find(|e| {
                e.report
                    .agency
                    .as_deref()
                    .is_some_and(|a| a.ends_with(SHANZHOU))
            })
            .expect("a report of 陕州区");
        (
            entry.report.path.clone(),
            ReportRef::of(&entry.report, None),
        )
    };
    let store = app.store.as_mut().expect("store");
    let passed = store.decide_report(std::sync::Arc::new(report), ReportStatus::Passed.action());
    store.record(passed).expect("recorded");

    app.handle_key(Key::char('R'));
    assert!(matches!(app.mode, Mode::Roster));
    assert_eq!(app.roster.year, Some(2024), "the inbox's latest year");
    let shanzhou = line(&app, SHANZHOU);
    assert_eq!(shanzhou.filing, Filing::Filed);
    assert_eq!(shanzhou.path.as_ref(), Some(&entry));
    assert_eq!(shanzhou.report_status, Some(ReportStatus::Passed));
    assert_eq!(line(&app, "甲县民政局").filing, Filing::Missing);

    let text = snapshot("roster_120x40", &mut app, 120, 40);
    let row = text
        .lines()
        .find(|l| l.contains(SHANZHOU))
        .expect("陕州区's row");
    assert!(row.contains("已报送") && row.contains("通过"), "{row}");
    let row = text
        .lines()
        .find(|l| l.contains("甲县民政局"))
        .expect("甲县's row");
    assert!(
        row.contains("未报送") && row.contains("截止 2025-01-31"),
        "{row}"
    );
    assert!(text.contains("2024年度：名单 4 个机关"), "{text}");
    snapshot("roster_80x24", &mut app, 80, 24);

    // S: by name (pinyin: jia, shan, wu, xin), then missing first.
    app.handle_key(Key::char('S'));
    assert_eq!(app.roster.order, RosterOrder::Name);
    let names: Vec<&str> = app
        .roster
        .lines
        .iter()
        .map(|l| l.entry.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "甲县民政局",
            SHANZHOU,
            "乌拉特中旗司法局",
            "新凰区住房和城乡建设局"
        ]
    );
    app.handle_key(Key::char('S'));
    assert_eq!(app.roster.order, RosterOrder::Status);
    assert_eq!(
        app.roster.lines.last().map(|l| l.filing),
        Some(Filing::Filed)
    );

    // e writes the missing agencies, as `nianbao roster --format csv` does.
    app.handle_key(Key::char('e'));
    assert!(matches!(app.mode, Mode::Roster));
    let written = std::fs::read_to_string(inbox.path().join("未报送名单-2024.csv"))
        .expect("the list of the missing");
    assert!(written.starts_with("name,group,deadline\n"), "{written}");
    assert!(written.contains("甲县民政局,部门,2025-01-31"), "{written}");
    assert!(!written.contains(SHANZHOU), "{written}");
    let said = app.last_event.as_ref().map(|e| e.text.clone());
    assert!(
        said.as_deref()
            .is_some_and(|s| s.contains("未报送机关 3 个")),
        "{said:?}"
    );

    // ← goes to the year before, and the roster is matched against it.
    app.handle_key(Key::plain(KeyCode::Left));
    assert_eq!(app.roster.year, Some(2023));
    assert!(plain_text(&draw(&mut app, 120, 40)).contains("2023年度：名单 4 个机关"));
    app.handle_key(Key::plain(KeyCode::Right));
    assert_eq!(app.roster.year, Some(2024));

    // Enter on a missing agency stays; on a filed one lists its reports.
    app.handle_key(Key::char('g'));
    assert_eq!(app.roster.lines[0].filing, Filing::Missing);
    app.handle_key(Key::plain(KeyCode::Enter));
    assert!(matches!(app.mode, Mode::Roster));
    app.handle_key(Key::char('G'));
    app.handle_key(Key::plain(KeyCode::Enter));
    assert!(matches!(app.mode, Mode::Normal));
    assert!(
        app.filter(Pane::Reports).value().starts_with("agency:")
            && app.filter(Pane::Reports).value().ends_with(SHANZHOU),
        "{}",
        app.filter(Pane::Reports).value()
    );
    assert!(!app.reports.is_empty());

    // Esc closes it.
    app.handle_key(Key::char('R'));
    app.handle_key(Key::plain(KeyCode::Esc));
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn roster_view_in_english() {
    let (_inbox, mut app) = roster_app(Lang::En);
    app.update(Action::Roster);
    let text = snapshot("roster_en_120x40", &mut app, 120, 40);
    assert!(text.contains("Roster 2024 — S sorts"), "{text}");
    assert!(text.contains("missing"), "{text}");
    assert!(
        text.contains("2024: 4 agencies on the roster, 1 filed, 0 late, 3 missing"),
        "{text}"
    );
}

#[test]
fn without_a_roster_the_view_says_how_to_add_one() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    app.update(Action::Roster);
    assert!(matches!(app.mode, Mode::Roster));
    let text = plain_text(&draw(&mut app, 120, 40));
    assert!(text.contains("没有 [roster] 名单"), "{text}");
    // Keys do nothing harmful on the empty view.
    app.handle_key(Key::plain(KeyCode::Enter));
    app.handle_key(Key::char('j'));
    app.handle_key(Key::plain(KeyCode::Esc));
    assert!(matches!(app.mode, Mode::Normal));
}

mod bench {
    use super::*;

    /// The roster view with every agency of 10,000 reports (100,000 flags) on the roster.
    #[test]
    #[ignore = "a benchmark: run by bench/tui.sh"]
    fn bench_roster_view_with_100k_flags() {
        let inbox = seed_inbox();
        let mut app = synthetic(inbox.path(), 100_000);
        let names: Vec<String> = app
            .inbox
            .current()
            .filter_map(|e| e.report.agency.clone())
            .map(|a| format!("{a:?}"))
            .collect();
        std::fs::write(
            inbox.path().join("nianbao.toml"),
            format!("[roster]\nagencies = [{}]\n", names.join(", ")),
        )
        .expect("nianbao.toml");
        let open = median(5, || {
            app.update(Action::Roster);
            app.handle_key(Key::plain(KeyCode::Esc));
        });
        app.update(Action::Roster);
        let agencies = app.roster.lines.len();
        let filed = app
            .roster
            .lines
            .iter()
            .filter(|l| l.filing != Filing::Missing)
            .count();
        let frame = median(21, || {
            screen_sized(&app, 160, 45);
        });
        let sort = median(21, || {
            app.handle_key(Key::char('S'));
        });
        let key = median(21, || {
            app.handle_key(Key::char('j'));
        });
        println!(
            "roster view {agencies:>6} agencies ({filed} filed): open {open:.1} ms, frame \
             {frame:.2} ms, sort {sort:.2} ms, key press {key:.2} ms"
        );
    }
}

/// An agency and year set by hand on a report that had none: the roster counts the agency as
/// filed and the per-agency view lists the report under it, as `nianbao roster` and `export` do.
#[test]
fn an_identity_set_by_hand_reaches_the_roster_and_the_agency_views() {
    let inbox = seed_inbox();
    std::fs::write(
        inbox.path().join("nianbao.toml"),
        "[roster]\nagencies = [\"甲县民政局,部门\", \"陕州区司法局,部门\"]\n",
    )
    .expect("nianbao.toml");
    std::fs::write(inbox.path().join("cut.txt"), "").expect("cut.txt");
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    let report = {
        let entry = app
            .inbox
            .current()
            .find(|e| e.report.file == "cut.txt")
            .expect("the cut report");
        assert_eq!(
            (entry.report.agency.as_deref(), entry.report.year),
            (None, None)
        );
        ReportRef::of(&entry.report, None)
    };
    let identity =
        nianbao::triage::Identity::new(Some("甲县民政局"), Some(2024)).expect("a valid identity");
    let store = app.store.as_mut().expect("store");
    let set = store.decide_identity(std::sync::Arc::new(report), Some(identity));
    store.record(set).expect("recorded");

    app.handle_key(Key::char('R'));
    assert!(matches!(app.mode, Mode::Roster));
    assert_eq!(app.roster.year, Some(2024));
    assert_eq!(line(&app, "甲县民政局").filing, Filing::Filed);
    app.handle_key(Key::plain(KeyCode::Esc));

    app.handle_key(Key::char('A'));
    let listed: Vec<Option<&str>> = app
        .agencies
        .list
        .iter()
        .map(|p| p.agency.as_deref())
        .collect();
    assert!(listed.contains(&Some("甲县民政局")), "{listed:?}");
    assert!(!listed.contains(&None), "{listed:?}");
}
