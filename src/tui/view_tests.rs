//! The table view and the per-agency view, headless: snapshots with Chinese content at 120×40
//! and 80×24, and the marks checked cell by cell in the drawn buffer.

use std::path::{Path, PathBuf};

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use ratatui::Terminal;

use nianbao::i18n::Lang;
use nianbao::inbox::Trigger;
use nianbao::report::TableKind;
use nianbao::triage::Action as Decide;

use super::action::Action;
use super::app::{App, Mode, Pane};
use super::keymap::{Key, KeyCode};
use super::table_view::Showing;
use super::testing::*;
use super::view;

const ULATE: &str = "乌拉特中旗司法局";

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-reports")
}

/// The buffer drawn at a size.
pub(super) fn draw(app: &mut App, width: u16, height: u16) -> Buffer {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| view::render(frame, app))
        .expect("draw");
    terminal.backend().buffer().clone()
}

pub(super) fn snapshot(name: &str, app: &mut App, width: u16, height: u16) -> String {
    let text = plain_text(&draw(app, width, height));
    assert!(!text.contains('\u{1b}'), "no escape reaches the terminal");
    insta::assert_snapshot!(name, text);
    text
}

/// The text of the Source pane alone.
fn source_pane(app: &App, buffer: &Buffer) -> String {
    let area = view::layout(buffer.area, app.view).source;
    let mut pane = Buffer::empty(area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            pane[(x, y)] = buffer[(x, y)].clone();
        }
    }
    plain_text(&pane)
}

/// The symbols of the cells with this background, in reading order, spaces dropped.
fn marked(buffer: &Buffer, background: Color) -> String {
    buffer
        .content()
        .iter()
        .filter(|cell| cell.bg == background)
        .map(|cell| cell.symbol())
        .collect::<String>()
        .replace(' ', "")
}

/// An inbox with 乌拉特中旗司法局's seed whose 表三 says 5 natural persons applied this year
/// while every other cell stays 0: 表三 no longer balances in the 自然人 column, and row 一's
/// total (0) is no longer the sum of its columns (5).
fn unbalanced_inbox() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(seeds().join("004_060f1afac52ad05c.txt")).expect("seed");
    let new_row = "\t一、本年新收政府信息公开申请数量\n\t0\n";
    assert!(text.contains(new_row), "the seed's 表三 row 一");
    let text = text.replacen(new_row, "\t一、本年新收政府信息公开申请数量\n\t5\n", 1);
    let path = dir.path().join("004_乌拉特中旗.txt");
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

fn app_on(path: &Path, lang: Lang) -> App {
    let inbox = path.parent().expect("inbox");
    let mut app = empty_app(inbox, lang);
    app.on_inbox([checked(path, Trigger::InitialScan)]);
    app
}

#[test]
fn a_failed_balance_shows_table3_with_both_sides_marked() {
    let (_dir, path) = unbalanced_inbox();
    let mut app = app_on(&path, Lang::Zh);
    open_agency(&mut app, ULATE);
    select_code(&mut app, "table3-balance");
    let text = snapshot("table3_balance_120x40", &mut app, 120, 40);
    assert!(text.contains("表三（表格，t 切换）"), "{text}");
    // Full headings where they fit; abbreviated in the 67 columns of the pane at 120.
    assert!(
        text.contains("公益") && !text.contains("社会公益组织"),
        "{text}"
    );
    let wide = plain_text(&draw(&mut app, 160, 40));
    assert!(wide.contains("社会公益组织"), "{wide}");
    // 一 + 二 (the left side) against （七）总计 + 四 (the right side), in the 自然人 column.
    let buffer = draw(&mut app, 120, 40);
    assert_eq!(marked(&buffer, Color::LightCyan), "50", "一 5, 二 0");
    assert_eq!(
        marked(&buffer, Color::LightMagenta),
        "00",
        "（七）总计 0, 四 0"
    );
    // At 80×24 the headings are abbreviated and the marked rows stay in view.
    let narrow = snapshot("table3_balance_80x24", &mut app, 80, 24);
    assert!(
        narrow.contains("公益") && !narrow.contains("社会公益组织"),
        "{narrow}"
    );
    let buffer = draw(&mut app, 80, 24);
    assert_eq!(marked(&buffer, Color::LightCyan), "50");
}

#[test]
fn a_row_total_marks_the_row_against_its_total() {
    let (_dir, path) = unbalanced_inbox();
    let mut app = app_on(&path, Lang::En);
    open_agency(&mut app, ULATE);
    select_code(&mut app, "table3-row-total");
    let buffer = draw(&mut app, 120, 40);
    // The six applicant columns of row 一 on the left, its 总计 on the right.
    assert_eq!(marked(&buffer, Color::LightCyan), "500000");
    assert_eq!(marked(&buffer, Color::LightMagenta), "0");
    let text = plain_text(&buffer);
    assert!(
        text.contains("Table 3 (grid, t cycles)") && text.contains("left side"),
        "{text}"
    );
}

#[test]
fn flags_outside_tables_show_the_text_and_t_cycles_for_any_report() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    open_agency(&mut app, ULATE);
    select_code(&mut app, "period-reversed");
    let shown = |app: &App| {
        let text = screen(app);
        ["┌ 表二（表格", "┌ 表三（表格", "┌ 表四（表格", "┌ 原文 —"]
            .into_iter()
            .find(|title| text.contains(title))
            .unwrap_or("?")
    };
    assert_eq!(shown(&app), "┌ 原文 —");
    // 表二, 表三, 表四 of this report, then the text, then back to following the flag.
    let mut titles = Vec::new();
    for _ in 0..5 {
        app.handle_key(Key::char('t'));
        titles.push(shown(&app));
    }
    assert_eq!(
        titles,
        [
            "┌ 表二（表格",
            "┌ 表三（表格",
            "┌ 表四（表格",
            "┌ 原文 —",
            "┌ 原文 —"
        ]
    );
    assert_eq!(
        app.last_event.as_ref().map(|e| e.text.as_str()),
        Some("原文窗格：问题在表格中时显示表格")
    );
    assert_eq!(app.tables.showing, Showing::Follow);
    // 表四 of the report, whatever the flag, at both sizes.
    app.tables.showing = Showing::Table(TableKind::Table4);
    let text = snapshot("table4_any_report_120x40", &mut app, 120, 40);
    assert!(
        text.contains("未经复议直接起诉") && text.contains("结果维持"),
        "{text}"
    );
    let narrow = snapshot("table4_any_report_80x24", &mut app, 80, 24);
    assert!(narrow.contains("维持"), "{narrow}");
}

#[test]
fn the_table_scrolls_when_the_source_pane_has_the_focus() {
    let (_dir, path) = unbalanced_inbox();
    let mut app = app_on(&path, Lang::Zh);
    open_agency(&mut app, ULATE);
    select_code(&mut app, "table3-row-total");
    let pane = |app: &mut App| {
        let buffer = draw(app, 80, 24);
        source_pane(app, &buffer)
    };
    let before = pane(&mut app);
    assert!(
        before.contains("一、本") && !before.contains("四、结"),
        "{before}"
    );
    // The total, right of the six columns it sums, is in view: the columns scrolled.
    assert!(before.contains('◀') && before.contains("总计"), "{before}");
    app.focus = Pane::Source;
    app.update(Action::Bottom);
    assert!(app.tables.scroll > 0);
    let after = pane(&mut app);
    assert!(
        after.contains("四、结") && !after.contains("一、本"),
        "{after}"
    );
    app.update(Action::Top);
    assert!(pane(&mut app).contains("一、本"));
    // Another flag puts the view back on its marks.
    app.update(Action::Bottom);
    app.focus = Pane::Flags;
    app.update(Action::Down);
    assert_eq!(app.tables.scroll, 0);
}

/// A Word report: the grid comes from the same model, so the cells of the Word table's failed
/// 表二 relation are marked, both sides, like 表三's and 表四's identities.
#[test]
fn docx_table_grid() {
    let inbox = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(seeds().join("002_a03528d1c919b0a1.txt")).expect("seed");
    let path = inbox.path().join("司法局年报.docx");
    std::fs::write(
        &path,
        nianbao::ingest::formats::write::docx(&text).expect("docx"),
    )
    .expect("write");
    let mut app = app_on(&path, Lang::Zh);
    open_agency(&mut app, "司法局");
    select_code(&mut app, "table2-unpublished");
    let text = snapshot("table2_docx_120x40", &mut app, 120, 40);
    assert!(
        text.contains("表二（表格，t 切换）") && text.contains("规范性文件"),
        "{text}"
    );
    let buffer = draw(&mut app, 120, 40);
    // 规范性文件: 本年新制作数量 1 against 本年新公开数量 0 and 对外公开总数量 0.
    assert_eq!(marked(&buffer, Color::LightMagenta), "1", "{text}");
    assert_eq!(marked(&buffer, Color::LightCyan), "00", "{text}");
    assert_eq!(marked(&buffer, Color::Yellow), "", "{text}");
}

/// The 表四 of a real PDF report whose totals do not add up: both sides of the group marked.
#[test]
fn pdf_table4_total() {
    let inbox = tempfile::tempdir().expect("temp dir");
    let source =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/huaian-hongze-2023.pdf");
    let path = inbox.path().join("hongze.pdf");
    std::fs::copy(&source, &path).expect("copy");
    let mut app = app_on(&path, Lang::Zh);
    app.update(Action::Open);
    select_code(&mut app, "table4-total");
    let buffer = draw(&mut app, 120, 40);
    let text = plain_text(&buffer);
    assert!(text.contains("表四（表格，t 切换）"), "{text}");
    // 行政复议: 维持 10 + 纠正 1 + 其他 0 + 未结 0 against its 总计 0.
    assert_eq!(marked(&buffer, Color::LightCyan), "10100", "{text}");
    assert_eq!(marked(&buffer, Color::LightMagenta), "0", "{text}");
}

/// One flag for the blank cells of five columns over every row of 表三 (a real report): the
/// blank cells are marked, not the rows, and the rows of the table stay in view unfolded.
#[test]
fn blank_cells_over_many_rows_are_marked_one_by_one() {
    let inbox = tempfile::tempdir().expect("temp dir");
    let source =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/shuyang-fgj-2023.txt");
    let path = inbox.path().join("shuyang.txt");
    std::fs::copy(&source, &path).expect("copy");
    let mut app = app_on(&path, Lang::Zh);
    app.update(Action::Open);
    select_code(&mut app, "blank-cell");
    let buffer = draw(&mut app, 120, 40);
    let pane = source_pane(&app, &buffer);
    let marked = marked(&buffer, Color::Yellow);
    assert!(
        !marked.is_empty() && marked.chars().all(|c| c == '·'),
        "only blank cells: {marked}\n{pane}"
    );
    assert!(!pane.contains("略去 1 行"), "{pane}");
    assert!(pane.contains("（三）不予公开"), "{pane}");
}

/// The per-agency view over the seeds with a few decisions.
fn agency_app(lang: Lang) -> (tempfile::TempDir, App) {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), lang);
    open_agency(&mut app, ULATE);
    select_code(&mut app, "period-reversed");
    decide_at(&mut app, Decide::Confirm, None, 1);
    app.update(Action::Down);
    decide_at(&mut app, Decide::Dismiss, Some("误报"), 2);
    // Its report is returned for correction.
    let report = {
        let entry = app.selected_report().expect("乌拉特中旗's report");
        std::sync::Arc::new(nianbao::triage::ReportRef::of(&entry.report, None))
    };
    let store = app.store.as_mut().expect("store");
    let returned = store.decide_report(report, Decide::Return);
    store.record(returned).expect("recorded");
    app.update(Action::Agencies);
    assert!(matches!(app.mode, Mode::Agencies));
    (inbox, app)
}

#[test]
fn per_agency_progress_in_pinyin_order() {
    let (_inbox, mut app) = agency_app(Lang::Zh);
    let text = snapshot("agencies_120x40", &mut app, 120, 40);
    let order: Vec<usize> = [
        "北关区司法局",
        "聊城市司法局",
        "三门峡市陕州区司法局",
        "乌拉特中旗司法局",
    ]
    .iter()
    .map(|name| text.find(name).unwrap_or_else(|| panic!("{name}: {text}")))
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "pinyin order: {text}"
    );
    let ulate = text
        .lines()
        .find(|l| l.contains(ULATE))
        .expect("乌拉特中旗's row");
    assert!(
        ulate.contains('█') && ulate.contains('▓') && ulate.contains('░'),
        "{ulate}"
    );
    assert!(
        ulate.contains("退回1"),
        "the report's status beside the bar: {ulate}"
    );
    assert!(text.contains("合计：问题"), "{text}");
    snapshot("agencies_80x24", &mut app, 80, 24);

    // S sorts by open flags, then by progress; the selection stays on its agency.
    let selected = |app: &App| {
        app.agencies.list[app.agencies.cursor.selected]
            .agency
            .clone()
    };
    let before = selected(&app);
    app.handle_key(Key::char('S'));
    assert_eq!(selected(&app), before);
    let open: Vec<usize> = app
        .agencies
        .list
        .iter()
        .map(|p| p.counts.get(nianbao::triage::RowStatus::Open))
        .collect();
    assert!(open.windows(2).all(|w| w[0] >= w[1]), "{open:?}");
    // By progress: the least decided first, 乌拉特中旗 (two decisions) last.
    app.handle_key(Key::char('S'));
    let last = app.agencies.list.last().and_then(|p| p.agency.as_deref());
    assert_eq!(last, Some(ULATE));
    // By report status: the agency with a report returned first.
    app.handle_key(Key::char('S'));
    assert!(plain_text(&draw(&mut app, 120, 40)).contains("按报告状态"));
    let first = app.agencies.list.first().and_then(|p| p.agency.as_deref());
    assert_eq!(first, Some(ULATE));
    app.handle_key(Key::plain(KeyCode::Esc));
    assert!(matches!(app.mode, Mode::Normal));
    // Enter lists the selected agency's reports.
    app.update(Action::Agencies);
    app.handle_key(Key::char('g'));
    let first = app.agencies.list[0].agency.clone();
    app.handle_key(Key::plain(KeyCode::Enter));
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(
        app.filter(Pane::Reports).value(),
        format!("agency:{}", first.clone().unwrap_or_default())
    );
    let listed: Vec<Option<String>> = app
        .reports
        .iter()
        .map(|&i| app.entry(i).and_then(|e| e.report.agency.clone()))
        .collect();
    assert_eq!(listed, [first]);
}

#[test]
fn per_agency_view_in_english() {
    let (_inbox, mut app) = agency_app(Lang::En);
    let text = plain_text(&draw(&mut app, 120, 40));
    assert!(text.contains("Progress by agency (5 agencies)"), "{text}");
    assert!(text.contains("Total: "), "{text}");
    // A decision recorded while the view is open is counted at once.
    let confirmed = |app: &App| {
        let ulate = app
            .agencies
            .list
            .iter()
            .find(|p| p.agency.as_deref() == Some(ULATE));
        ulate.map(|p| p.counts.get(nianbao::triage::RowStatus::Confirmed))
    };
    assert_eq!(confirmed(&app), Some(1));
    app.update(Action::Down);
    decide_at(&mut app, Decide::Confirm, None, 3);
    assert_eq!(confirmed(&app), Some(2));
}

mod bench {
    use super::*;

    #[test]
    #[ignore = "a benchmark: run by bench/tui.sh"]
    fn bench_views_with_100k_flags() {
        let inbox = seed_inbox();
        let mut app = synthetic(inbox.path(), 100_000);
        let open = median(5, || {
            app.update(Action::Agencies);
            app.handle_key(Key::plain(KeyCode::Esc));
        });
        app.update(Action::Agencies);
        let agencies = app.agencies.list.len();
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
            "agency view {agencies:>6} agencies: open {open:.1} ms, frame {frame:.2} ms, \
             sort {sort:.2} ms, key press {key:.2} ms"
        );
        app.handle_key(Key::plain(KeyCode::Esc));
        // The table view of a report with 表三 (the first parse of a report is in the frame).
        app.update(Action::Top);
        app.update(Action::Tables);
        app.update(Action::Tables);
        let frame = median(21, || {
            screen_sized(&app, 160, 45);
        });
        println!("table view (表三): frame {frame:.2} ms");
    }
}
