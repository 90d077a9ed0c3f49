//! The dashboard without a terminal: [`App::update`] driven by keys and inbox events, and every
//! pane and state snapshot-tested on a `TestBackend` with the Chinese seed reports.

use std::path::Path;
use std::time::Duration;

use nianbao::flag::Severity;
use nianbao::i18n::Lang;
use nianbao::inbox::{InboxEvent, Trigger};
use nianbao::pipeline::{self, CheckOptions, CheckedReport};
use nianbao::triage::{Action as Decide, Status, TriageStore};

use super::action::Action;
use super::app::{App, Effect, Mode, Pane, SortBy, View, RELIST_AFTER};
use super::keymap::{Key, KeyCode, KeyMap};
use super::testing::*;

const ULATE: &str = "乌拉特中旗司法局";
/// The seed of 乌拉特中旗司法局, as journals name it.
const ULATE_FILE: &str = "004_060f1afac52ad05c.txt";

fn key(app: &mut App, code: KeyCode) -> Option<Effect> {
    app.handle_key(Key::plain(code))
}

fn selected_code(app: &App) -> Option<&'static str> {
    app.selected_flag().map(|(_, f)| f.code)
}

/// The dashboard on the seeds with 乌拉特中旗司法局's `period-reversed` selected.
fn on_period_reversed(inbox: &Path, lang: Lang) -> App {
    let mut app = loaded_app(inbox, lang);
    open_agency(&mut app, ULATE);
    select_code(&mut app, "period-reversed");
    app
}

mod update {
    use super::*;

    #[test]
    fn the_initial_scan_fills_in_with_progress() {
        let inbox = seed_inbox();
        let mut app = empty_app(inbox.path(), Lang::Zh);
        let files = files(inbox.path());
        app.on_inbox([InboxEvent::ScanStarted {
            total: files.len(),
            trigger: Trigger::InitialScan,
        }]);
        assert!(app.load.scanning);
        app.on_inbox(files[..2].iter().map(|p| checked(p, Trigger::InitialScan)));
        assert_eq!((app.load.done, app.load.total), (2, 5));
        assert_eq!(app.reports.len(), 2);
        assert!(app.selected_report().is_some());
        app.on_inbox(files[2..].iter().map(|p| checked(p, Trigger::InitialScan)));
        app.on_inbox([InboxEvent::ScanFinished {
            total: 5,
            elapsed: Duration::from_millis(80),
            skipped: 2,
        }]);
        assert!(!app.load.scanning);
        assert_eq!(app.totals.reports, 5);
        // The files that are not reports are counted on the status bar, as check names them.
        assert!(
            screen(&app).contains("跳过非报告文件 2"),
            "{}",
            screen(&app)
        );
        // Nothing of the first scan counts as changed.
        assert!(app.inbox.entries().iter().all(|e| !e.changed));
        let expected: usize = app
            .inbox
            .entries()
            .iter()
            .map(|e| e.report.flags.len())
            .sum();
        assert_eq!(
            app.totals.errors + app.totals.warnings + app.totals.infos,
            expected
        );
        assert_eq!(app.totals.open, expected);
        assert!(app
            .last_event
            .as_ref()
            .unwrap()
            .text
            .contains("已载入 5 份报告"));
    }

    /// Working the lists out costs the whole inbox: a scan sending batches of ten reports
    /// has them worked out as the inbox grows by half, not after every batch (200 times for
    /// 2,000 reports, which at 100,000 reports took a core of its own) nor every eighth
    /// (about 30 times).
    #[test]
    fn a_scan_lists_its_reports_as_the_inbox_grows_not_after_every_batch() {
        let inbox = seed_inbox();
        let seeds: Vec<CheckedReport> = files(inbox.path())
            .iter()
            .map(|p| pipeline::check_file_in(inbox.path(), p, &CheckOptions::default()))
            .collect();
        let copy = |i: usize| {
            let mut report = seeds[i % seeds.len()].clone();
            report.file = format!("{i:05}.txt");
            report.path = inbox.path().join(&report.file);
            InboxEvent::Checked {
                report: Box::new(report),
                content_hash: Some(i as u64),
                trigger: Trigger::InitialScan,
                reading: None,
            }
        };
        let mut app = empty_app(inbox.path(), Lang::Zh);
        let total = 2000;
        app.on_inbox([InboxEvent::ScanStarted {
            total,
            trigger: Trigger::InitialScan,
        }]);
        let mut relisted = 0;
        for start in (0..total).step_by(10) {
            let before = app.reports.len();
            app.on_inbox((start..start + 10).map(copy));
            // The count of reports read moves with every batch.
            assert_eq!(app.load.done, start + 10);
            if app.reports.len() != before {
                relisted += 1;
                assert_eq!(app.reports.len(), app.inbox.len());
            }
            // Listed or not yet, what is shown holds together.
            assert!(app.selected_report().is_some());
            snapshot_text(&app);
        }
        assert!((8..=16).contains(&relisted), "{relisted} times");
        // Each entry's file (worked out at a listing, only for the entries new since the last
        // one) is its own, before and after an entry leaves from the middle.
        let files_follow = |app: &App| {
            app.files.len() == app.reports.len()
                && app
                    .files
                    .iter()
                    .zip(app.inbox.entries())
                    .all(|(file, entry)| *file == entry.report.file)
        };
        assert!(files_follow(&app));
        // A report leaving is shown at once.
        let gone = app.inbox.entries()[3].report.path.clone();
        app.on_inbox([InboxEvent::Removed { path: gone }]);
        assert_eq!(app.reports.len(), total - 1);
        assert!(files_follow(&app));
        // Reports that arrived wait at most a while: a tick lists them.
        app.on_inbox((total..total + 3).map(copy));
        assert_eq!(app.reports.len(), total - 1);
        app.listed_at -= RELIST_AFTER;
        app.tick();
        assert_eq!(app.reports.len(), total + 2);
        // And the end of the scan lists everything.
        app.on_inbox((total + 3..total + 5).map(copy));
        assert_eq!(app.reports.len(), total + 2);
        app.on_inbox([InboxEvent::ScanFinished {
            total: total + 4,
            elapsed: Duration::from_millis(80),
            skipped: 0,
        }]);
        assert_eq!(app.reports.len(), total + 4);
        assert_eq!(app.totals.reports, total + 4);
        assert!(files_follow(&app));
    }

    #[test]
    fn moving_selects_a_report_and_lists_its_flags() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        assert_eq!(app.focus, Pane::Reports);
        assert_eq!(app.report_cursor.selected, 0);
        type_keys(&mut app, "jj");
        assert_eq!(app.report_cursor.selected, 2);
        let report = app.selected_report().unwrap();
        assert_eq!(app.flags.len(), report.report.flags.len());
        key(&mut app, KeyCode::Up);
        assert_eq!(app.report_cursor.selected, 1);
        type_keys(&mut app, "G");
        assert_eq!(app.report_cursor.selected, 4);
        key(&mut app, KeyCode::Down);
        assert_eq!(app.report_cursor.selected, 4, "stays on the last row");
        type_keys(&mut app, "g");
        assert_eq!(app.report_cursor.selected, 0);
        key(&mut app, KeyCode::PageDown);
        assert_eq!(app.report_cursor.selected, 4);

        // Enter opens the report's flags; Tab and Shift-Tab go round the panes.
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.focus, Pane::Flags);
        type_keys(&mut app, "j");
        assert_eq!(app.flag_cursor.selected, 1);
        key(&mut app, KeyCode::Tab);
        assert_eq!(app.focus, Pane::Source);
        key(&mut app, KeyCode::Tab);
        assert_eq!(app.focus, Pane::Detail);
        key(&mut app, KeyCode::Tab);
        assert_eq!(app.focus, Pane::Reports);
        key(&mut app, KeyCode::BackTab);
        assert_eq!(app.focus, Pane::Detail);
    }

    #[test]
    fn decisions_are_durable_at_once_and_undo_reverts_them() {
        let inbox = seed_inbox();
        let mut app = on_period_reversed(inbox.path(), Lang::Zh);
        let fingerprint = app.selected_flag().unwrap().1.fingerprint;
        let on_disk = || {
            TriageStore::open(inbox.path(), USER)
                .unwrap()
                .verdict(fingerprint)
                .status
        };

        type_keys(&mut app, "c");
        assert_eq!(app.status(fingerprint), Status::Confirmed);
        assert_eq!(on_disk(), Status::Confirmed);
        assert_eq!(
            app.last_event.as_ref().unwrap().text,
            "已确认：period-reversed（乌拉特中旗司法局）"
        );
        let report = app.selected_report().unwrap();
        assert_eq!(app.reviewed(&report.report), 1);

        type_keys(&mut app, "u");
        assert_eq!(app.status(fingerprint), Status::Open);
        assert_eq!(on_disk(), Status::Open);
        type_keys(&mut app, "d");
        assert_eq!(on_disk(), Status::Dismissed);
        type_keys(&mut app, "o");
        assert_eq!(on_disk(), Status::Open);
        type_keys(&mut app, "uu");
        assert_eq!(on_disk(), Status::Open);
        assert_eq!(selected_code(&app), Some("period-reversed"));
    }

    #[test]
    fn notes_take_chinese_text_and_keep_the_status() {
        let inbox = seed_inbox();
        let mut app = on_period_reversed(inbox.path(), Lang::Zh);
        let fingerprint = app.selected_flag().unwrap().1.fingerprint;
        type_keys(&mut app, "c");
        type_keys(&mut app, "n");
        assert!(matches!(app.mode, Mode::Note(_)));
        // Keys are text in the note: `c`, `q` and `j` do not act.
        type_keys(&mut app, "请核对统计期限 cq");
        key(&mut app, KeyCode::Backspace);
        key(&mut app, KeyCode::Backspace);
        key(&mut app, KeyCode::Enter);
        assert!(matches!(app.mode, Mode::Normal));
        let verdict = app.store.as_ref().unwrap().verdict(fingerprint);
        assert_eq!(verdict.note.as_deref(), Some("请核对统计期限"));
        assert_eq!(verdict.status, Status::Confirmed);

        // The note editor opens on the current note; Esc leaves it unchanged.
        type_keys(&mut app, "n");
        let Mode::Note(edit) = &app.mode else {
            panic!("note mode")
        };
        assert_eq!(edit.input.value(), "请核对统计期限");
        let decisions = app.store.as_ref().unwrap().len();
        type_keys(&mut app, "x");
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.store.as_ref().unwrap().len(), decisions);
    }

    #[test]
    fn the_filter_applies_as_you_type_and_esc_clears_it() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        type_keys(&mut app, "/乌拉");
        assert!(matches!(app.mode, Mode::Filter(Pane::Reports)));
        assert_eq!(app.reports.len(), 1);
        assert_eq!(
            app.selected_report().unwrap().report.agency.as_deref(),
            Some(ULATE)
        );
        key(&mut app, KeyCode::Enter);
        assert!(matches!(app.mode, Mode::Normal));
        assert_eq!(app.reports.len(), 1, "Enter keeps the filter");
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.reports.len(), 5);

        // By code and message: only the matching flags are listed.
        type_keys(&mut app, "/cell-count");
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.reports.len(), 1);
        assert!(app
            .flags
            .iter()
            .all(|f| app.flag(*f).unwrap().1.code == "cell-count"));
        type_keys(&mut app, "/");
        key(&mut app, KeyCode::Esc);
        type_keys(&mut app, "/统计期限的结束日期");
        assert_eq!(app.reports.len(), 1);
        // Several words: each must match the report or the flag.
        key(&mut app, KeyCode::Esc);
        type_keys(&mut app, "/司法局 2020 cell-count");
        assert_eq!(app.reports.len(), 1);
        assert!(app
            .flags
            .iter()
            .all(|f| app.flag(*f).unwrap().1.code == "cell-count"));
        // A filter that matches nothing leaves empty lists, not a panic.
        type_keys(&mut app, "zzz");
        assert!(app.reports.is_empty() && app.flags.is_empty());
        assert!(app.selected_flag().is_none());
    }

    #[test]
    fn the_filter_narrows_by_field_and_leaves_out_a_half_typed_term() {
        let inbox = seed_inbox();
        let mut app = on_period_reversed(inbox.path(), Lang::Zh);
        type_keys(&mut app, "c");
        key(&mut app, KeyCode::Esc);
        app.update(Action::PrevPane);
        type_keys(&mut app, "/rule:period-reversed agency：乌拉特");
        assert_eq!(app.reports.len(), 1);
        assert!(!app.flags.is_empty());
        assert!(app
            .flags
            .iter()
            .all(|f| app.flag(*f).unwrap().1.code == "period-reversed"));
        // A value still being typed is left out (the rest applies), and the status bar says why.
        type_keys(&mut app, " status:确");
        assert_eq!(app.reports.len(), 1);
        let event = app.last_event.as_ref().unwrap();
        assert!(
            event.error && event.text.contains("status:确"),
            "{}",
            event.text
        );
        type_keys(&mut app, "认");
        assert_eq!(app.reports.len(), 1, "the confirmed flag passes");
        key(&mut app, KeyCode::Esc);
        type_keys(
            &mut app,
            "/status:待审核 rule:period-reversed agency:乌拉特",
        );
        assert!(app.reports.is_empty(), "its only such flag is confirmed");
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.reports.len(), 5);
    }

    #[test]
    fn ctrl_r_redoes_what_u_undid() {
        let inbox = seed_inbox();
        let mut app = on_period_reversed(inbox.path(), Lang::Zh);
        let fingerprint = app.selected_flag().unwrap().1.fingerprint;
        type_keys(&mut app, "du");
        assert_eq!(app.status(fingerprint), Status::Open);
        app.handle_key(Key::ctrl('r'));
        assert_eq!(app.status(fingerprint), Status::Dismissed);
        assert_eq!(
            app.last_event.as_ref().unwrap().text,
            "已重做：period-reversed → 驳回"
        );
        app.handle_key(Key::ctrl('r'));
        assert_eq!(app.last_event.as_ref().unwrap().text, "没有可重做的操作");
    }

    #[test]
    fn the_severity_filter_cycles() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        type_keys(&mut app, "s");
        assert_eq!(app.severity, Some(Severity::Error));
        assert!(app
            .reports
            .iter()
            .all(|&i| app.entry(i).unwrap().report.has_errors()));
        assert!(app
            .flags
            .iter()
            .all(|f| app.flag(*f).unwrap().1.severity == Severity::Error));
        type_keys(&mut app, "s");
        assert_eq!(app.severity, Some(Severity::Warning));
        type_keys(&mut app, "ss");
        assert_eq!(app.severity, None);
        assert_eq!(app.reports.len(), 5);
    }

    #[test]
    fn views_cycle_by_rule_and_the_open_queue() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        type_keys(&mut app, "v");
        assert_eq!(app.view, View::ByRule);
        assert!(!app.rules.is_empty());
        let code = app.selected_rule().unwrap().code;
        assert_eq!(app.flags.len(), app.selected_rule().unwrap().flags);
        assert!(app
            .flags
            .iter()
            .all(|f| app.flag(*f).unwrap().1.code == code));
        // Rules are in catalogue order.
        let positions: Vec<_> = app
            .rules
            .iter()
            .map(|r| {
                nianbao::rules::REGISTRY
                    .iter()
                    .position(|x| x.meta().code == r.code)
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
        type_keys(&mut app, "j");
        assert_ne!(app.selected_rule().unwrap().code, code);

        type_keys(&mut app, "v");
        assert_eq!(app.view, View::Queue);
        assert_eq!(app.focus, Pane::Flags, "the reports pane is hidden");
        assert_eq!(app.flags.len(), app.totals.open);
        let severities: Vec<_> = app
            .flags
            .iter()
            .map(|f| app.flag(*f).unwrap().1.severity)
            .collect();
        assert!(severities.windows(2).all(|w| w[0] >= w[1]));
        // A confirmed flag leaves the queue; the selection moves on to the next one.
        let before = app.flags.len();
        let second = app.flag(app.flags[1]).unwrap().1.fingerprint;
        type_keys(&mut app, "c");
        assert_eq!(app.flags.len(), before - 1);
        assert_eq!(app.selected_flag().unwrap().1.fingerprint, second);

        type_keys(&mut app, "v");
        assert_eq!(app.view, View::ByReport);
    }

    #[test]
    fn reports_sort_by_errors_agency_year_and_arrival() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        let column = |app: &App, f: &dyn Fn(&nianbao::pipeline::CheckedReport) -> String| {
            app.reports
                .iter()
                .map(|&i| f(&app.entry(i).unwrap().report))
                .collect::<Vec<_>>()
        };
        type_keys(&mut app, "S");
        assert_eq!(app.sort, SortBy::Errors);
        let errors: Vec<usize> = app
            .reports
            .iter()
            .map(|&i| app.entry(i).unwrap().report.count(Severity::Error))
            .collect();
        assert!(errors.windows(2).all(|w| w[0] >= w[1]), "{errors:?}");
        type_keys(&mut app, "S");
        // Agencies in pinyin order (bei, liao, san, si, wu); code point order would put 三 first.
        let agencies = column(&app, &|r| r.agency.clone().unwrap_or_default());
        assert_eq!(
            agencies,
            [
                "北关区司法局",
                "聊城市司法局",
                "三门峡市陕州区司法局",
                "司法局",
                "乌拉特中旗司法局"
            ]
        );
        type_keys(&mut app, "S");
        let years = column(&app, &|r| r.year.unwrap_or(0).to_string());
        assert!(years.windows(2).all(|w| w[0] >= w[1]), "{years:?}");
        type_keys(&mut app, "S");
        assert_eq!(app.sort, SortBy::Arrival);
        assert_eq!(app.reports, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn live_changes_keep_the_selection_and_mark_what_changed() {
        let inbox = seed_inbox();
        let mut app = on_period_reversed(inbox.path(), Lang::Zh);
        let files = files(inbox.path());
        let new = inbox.path().join("005_新报告.txt");
        std::fs::copy(&files[0], &new).unwrap();
        app.on_inbox([checked(&new, Trigger::Change)]);
        assert_eq!(app.reports.len(), 6);
        assert_eq!(selected_code(&app), Some("period-reversed"));
        assert_eq!(
            app.selected_report().unwrap().report.agency.as_deref(),
            Some(ULATE)
        );
        assert!(app.inbox.get(&new).unwrap().changed);
        assert_eq!(
            app.last_event.as_ref().unwrap().text,
            "新报告：005_新报告.txt"
        );

        // The selected report itself is replaced: its source is read again.
        let ulate = app.selected_report().unwrap().report.path.clone();
        let text = std::fs::read_to_string(&ulate).unwrap();
        std::fs::write(&ulate, format!("{text}\n")).unwrap();
        app.on_inbox([checked(&ulate, Trigger::Change)]);
        assert!(app.inbox.get(&ulate).unwrap().changed);
        assert_eq!(app.source.as_ref().unwrap().path, ulate);
        assert_eq!(selected_code(&app), Some("period-reversed"));
        // Looking at it (Enter on the report) clears the mark.
        key(&mut app, KeyCode::BackTab);
        key(&mut app, KeyCode::Enter);
        assert!(!app.inbox.get(&ulate).unwrap().changed);

        // It leaves the inbox: the selection moves to a neighbour.
        app.on_inbox([InboxEvent::Removed {
            path: ulate.clone(),
        }]);
        assert_eq!(app.reports.len(), 5);
        assert!(app.selected_report().is_some());
        assert_ne!(app.selected_report().unwrap().report.path, ulate);
        // A rescan of unchanged files changes nothing.
        app.on_inbox([checked(&new, Trigger::Rescan)]);
        assert!(app.last_event.as_ref().unwrap().text.contains("报告已移除"));
    }

    #[test]
    fn export_writes_the_chosen_format_into_the_inbox() {
        let inbox = seed_inbox();
        let mut app = on_period_reversed(inbox.path(), Lang::Zh);
        type_keys(&mut app, "c");
        type_keys(&mut app, "e");
        assert!(matches!(app.mode, Mode::Export(_)));
        type_keys(&mut app, "j");
        key(&mut app, KeyCode::Tab);
        type_keys(&mut app, "k"); // status: from 确认 round to 全部
        let Mode::Export(dialog) = &app.mode else {
            panic!("export mode")
        };
        assert_eq!(dialog.format(), nianbao::export::ExportFormat::Csv);
        assert_eq!(dialog.status(), nianbao::export::StatusFilter::All);
        key(&mut app, KeyCode::Enter);
        app.collect_work(true);
        let Mode::Export(dialog) = &app.mode else {
            panic!("export mode")
        };
        let (path, rows) = dialog.result.clone().unwrap().unwrap();
        assert_eq!(path.parent(), Some(inbox.path()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("整改清单-") && name.ends_with(".csv"),
            "{name}"
        );
        assert_eq!(
            rows,
            app.totals.errors + app.totals.warnings + app.totals.infos
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(ULATE) && text.contains("period-reversed"));
        assert!(app.last_event.as_ref().unwrap().text.contains(&name));
        // Any key closes the result.
        type_keys(&mut app, "x");
        assert!(matches!(app.mode, Mode::Normal));
        // Esc cancels without writing.
        type_keys(&mut app, "e");
        key(&mut app, KeyCode::Esc);
        assert!(matches!(app.mode, Mode::Normal));
    }

    #[test]
    fn help_opens_and_closes_and_quit_quits() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        type_keys(&mut app, "?");
        assert!(matches!(app.mode, Mode::Help { scroll: 0 }));
        type_keys(&mut app, "j");
        assert!(matches!(app.mode, Mode::Help { scroll: 1 }));
        assert_eq!(type_q(&mut app), None, "q closes the help first");
        assert!(matches!(app.mode, Mode::Normal));
        key(&mut app, KeyCode::F(1));
        assert!(matches!(app.mode, Mode::Help { .. }));
        key(&mut app, KeyCode::Esc);
        assert_eq!(type_q(&mut app), Some(Effect::Quit));
        // Ctrl-C quits from anywhere, even while typing.
        type_keys(&mut app, "/");
        assert_eq!(app.handle_key(Key::INTERRUPT), Some(Effect::Quit));
        assert_eq!(app.update(Action::Rescan), Some(Effect::Rescan));
    }

    fn type_q(app: &mut App) -> Option<Effect> {
        app.handle_key(Key::char('q'))
    }

    #[test]
    fn configured_keys_drive_the_app_and_its_help() {
        let inbox = seed_inbox();
        let mut app = on_period_reversed(inbox.path(), Lang::Zh);
        let config =
            nianbao::config::Config::parse("[keys]\nconfirm = \"y\"\n", "nianbao.toml").unwrap();
        app.keymap = KeyMap::from_table(&config.keys, Path::new("nianbao.toml")).unwrap();
        let fingerprint = app.selected_flag().unwrap().1.fingerprint;
        type_keys(&mut app, "c");
        assert_eq!(app.status(fingerprint), Status::Open);
        type_keys(&mut app, "y");
        assert_eq!(app.status(fingerprint), Status::Confirmed);
        let help: Vec<String> = super::super::view::help_lines(&app)
            .iter()
            .map(|l| l.to_string())
            .collect();
        let confirm = help.iter().find(|l| l.contains("[confirm]")).unwrap();
        assert!(confirm.trim_start().starts_with("y "), "{confirm}");
        assert!(screen(&app).contains(" y  确认"));
    }

    #[test]
    fn a_decision_records_the_content_that_was_checked_without_reading_the_file() {
        let inbox = seed_inbox();
        let mut app = on_period_reversed(inbox.path(), Lang::Zh);
        let (path, loaded_hash, fingerprint) = {
            let (entry, flag) = app.selected_flag().unwrap();
            (
                entry.report.path.clone(),
                entry.content_hash,
                flag.fingerprint,
            )
        };
        // The file changes on disk before the watcher says so: the decision is still about
        // what the supervisor saw.
        std::fs::write(&path, "另一份内容").unwrap();
        type_keys(&mut app, "c");
        assert_eq!(app.status(fingerprint), Status::Confirmed);
        let journal = std::fs::read_to_string(app.store.as_ref().unwrap().journal_path()).unwrap();
        let expected = format!("\"hash\":\"{:016x}\"", loaded_hash.unwrap());
        assert!(journal.contains(&expected), "{journal}");
        assert!(
            journal.contains(&format!("\"file\":\"{}\"", ULATE_FILE)),
            "{journal}"
        );
    }

    #[test]
    fn a_skipped_journal_stays_on_screen_and_triage_goes_on() {
        let inbox = seed_inbox();
        let bob = nianbao::triage::journal_path(inbox.path(), "bob");
        std::fs::create_dir_all(&bob).unwrap();
        let mut app = on_period_reversed(inbox.path(), Lang::Zh);
        assert!(
            screen(&app).contains("审核记录警告 1 条：bob.jsonl"),
            "{}",
            screen(&app)
        );
        let fingerprint = app.selected_flag().unwrap().1.fingerprint;
        type_keys(&mut app, "c");
        assert_eq!(app.status(fingerprint), Status::Confirmed);
        // The announcement of the decision replaced the first one; the warning is still there.
        assert!(!app.last_event.as_ref().unwrap().error);
        assert!(
            screen(&app).contains("审核记录警告 1 条"),
            "{}",
            screen(&app)
        );
        app.tick();
        assert!(
            screen(&app).contains("审核记录警告 1 条"),
            "{}",
            screen(&app)
        );
    }

    #[test]
    fn a_missing_triage_store_is_reported_not_fatal() {
        let inbox = seed_inbox();
        let mut app = App::new(
            inbox.path().to_path_buf(),
            Err("permission denied".to_string()),
            KeyMap::defaults(),
            Lang::Zh,
        );
        let event = app.last_event.clone().unwrap();
        assert!(event.error && event.text.contains("permission denied"));
        let files = files(inbox.path());
        app.on_inbox(files.iter().map(|p| checked(p, Trigger::InitialScan)));
        open_agency(&mut app, ULATE);
        type_keys(&mut app, "cdu");
        assert!(app.last_event.as_ref().unwrap().error);
        type_keys(&mut app, "e");
        key(&mut app, KeyCode::Enter);
        let Mode::Export(dialog) = &app.mode else {
            panic!("export mode")
        };
        assert!(matches!(dialog.result, Some(Err(_))));
    }

    #[test]
    fn decisions_of_other_supervisors_arrive_on_the_tick() {
        let inbox = seed_inbox();
        let mut app = on_period_reversed(inbox.path(), Lang::Zh);
        let (report, flag) = {
            let (entry, flag) = app.selected_flag().unwrap();
            let report = nianbao::triage::ReportRef::of(&entry.report, entry.content_hash);
            (std::sync::Arc::new(report), flag.clone())
        };
        let mut other = TriageStore::open(inbox.path(), "李四").unwrap();
        other
            .record(other.decide_flag(report, &flag, Decide::Dismiss))
            .unwrap();
        assert_eq!(app.status(flag.fingerprint), Status::Open);
        app.tick();
        assert_eq!(app.status(flag.fingerprint), Status::Dismissed);
        assert_eq!(
            app.totals.open + 1,
            app.totals.errors + app.totals.warnings + app.totals.infos
        );
    }

    #[test]
    fn the_mouse_selects_rows_and_scrolls_panes() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        // Row 0 is the border, row 1 the header: row 4 is the third report.
        app.click(10, 4);
        assert_eq!(app.focus, Pane::Reports);
        assert_eq!(app.report_cursor.selected, 2);
        app.click(10, 30); // below the last report: nothing
        assert_eq!(app.report_cursor.selected, 2);
        let flags_area = super::super::view::layout(app.size, app.view).flags;
        app.click(flags_area.x + 5, flags_area.y + 3);
        assert_eq!(app.focus, Pane::Flags);
        assert_eq!(app.flag_cursor.selected, 1);
        app.wheel(flags_area.x + 5, flags_area.y + 3, true);
        assert_eq!(app.flag_cursor.selected, (1 + 3).min(app.flags.len() - 1));
    }

    #[test]
    fn the_source_follows_the_selected_flag() {
        let inbox = seed_inbox();
        let app = on_period_reversed(inbox.path(), Lang::Zh);
        let (entry, flag) = app.selected_flag().unwrap();
        assert_eq!(app.source.as_ref().unwrap().path, entry.report.path);
        let line = flag.location.line.unwrap() as usize;
        assert_eq!(app.source_top, line - 1 - 3);
        let mut app = app;
        key(&mut app, KeyCode::Tab);
        type_keys(&mut app, "jj");
        assert_eq!(app.source_top, line - 2);
        type_keys(&mut app, "G");
        assert_eq!(
            app.source_top,
            app.source.as_ref().unwrap().line_count() - 1
        );
    }
}

mod panes {
    use super::*;
    use ratatui::style::Color;

    fn snapshot(name: &str, app: &App) {
        insta::assert_snapshot!(name, snapshot_text(app));
    }

    #[test]
    fn loading() {
        let inbox = seed_inbox();
        let mut app = empty_app(inbox.path(), Lang::Zh);
        snapshot("first_screen", &app);
        let files = files(inbox.path());
        app.on_inbox([InboxEvent::ScanStarted {
            total: files.len(),
            trigger: Trigger::InitialScan,
        }]);
        app.on_inbox(files[..2].iter().map(|p| checked(p, Trigger::InitialScan)));
        snapshot("loading", &app);
    }

    #[test]
    fn empty_inbox() {
        let inbox = tempfile::tempdir().unwrap();
        let mut app = empty_app(inbox.path(), Lang::Zh);
        app.on_inbox([
            InboxEvent::ScanStarted {
                total: 0,
                trigger: Trigger::InitialScan,
            },
            InboxEvent::ScanFinished {
                total: 0,
                elapsed: Duration::from_millis(3),
                skipped: 0,
            },
            InboxEvent::Watching { active: true },
        ]);
        snapshot("empty_inbox", &app);
    }

    #[test]
    fn by_report() {
        let inbox = seed_inbox();
        let app = loaded_app(inbox.path(), Lang::Zh);
        snapshot("by_report", &app);
    }

    #[test]
    fn flag_selected() {
        let inbox = seed_inbox();
        let app = on_period_reversed(inbox.path(), Lang::Zh);
        snapshot("flag_selected", &app);
    }

    #[test]
    fn flag_selected_english() {
        let inbox = seed_inbox();
        let app = on_period_reversed(inbox.path(), Lang::En);
        snapshot("flag_selected_en", &app);
    }

    #[test]
    fn confirmed_with_note_and_history() {
        let inbox = seed_inbox();
        let mut app = on_period_reversed(inbox.path(), Lang::Zh);
        decide_at(&mut app, Decide::Confirm, None, 0);
        decide_at(&mut app, Decide::Note, Some("统计期限写反，请更正"), 5);
        // The detail pane holds the history: scroll it into view.
        key(&mut app, KeyCode::BackTab);
        key(&mut app, KeyCode::BackTab);
        assert_eq!(app.focus, Pane::Detail);
        for _ in 0..12 {
            key(&mut app, KeyCode::Down);
        }
        snapshot("confirmed_history", &app);
    }

    #[test]
    fn source_focused_and_scrolled() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        open_agency(&mut app, "聊城市司法局");
        select_code(&mut app, "conversion-artifact");
        key(&mut app, KeyCode::Tab);
        snapshot("source_focused", &app);
    }

    #[test]
    fn source_of_a_docx_marks_the_flagged_cell() {
        let inbox = tempfile::tempdir().unwrap();
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-reports");
        let text = std::fs::read_to_string(seeds.join("002_a03528d1c919b0a1.txt")).unwrap();
        let path = inbox.path().join("司法局年报.docx");
        std::fs::write(&path, nianbao::ingest::formats::write::docx(&text).unwrap()).unwrap();
        let mut app = empty_app(inbox.path(), Lang::Zh);
        app.on_inbox([checked(&path, Trigger::InitialScan)]);
        open_agency(&mut app, "司法局");
        select_code(&mut app, "table2-unpublished");
        // The text, as extracted (the same flag's grid: view_tests::docx_table_grid).
        app.tables.showing = crate::tui::table_view::Showing::Text;
        let (_, flag) = app.selected_flag().unwrap();
        let place = flag.location.source.expect("a cell of the Word table");
        assert_eq!(place.template_table, Some(2));
        let column = flag.location.column.unwrap() as usize;
        let line = flag.location.line.unwrap();
        let flagged: String = text_line(&app, line)
            .chars()
            .skip(column - 1)
            .take(1)
            .collect();
        let text = screen(&app);
        snapshot("source_docx", &app);
        assert!(text.contains(&place.text(Lang::Zh)), "{text}");
        // The marked cell on screen is the flagged character of the extracted text.
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        terminal
            .draw(|frame| super::super::view::render(frame, &app))
            .unwrap();
        let marked: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .filter(|cell| cell.bg == Color::Yellow)
            .map(|cell| cell.symbol())
            .collect();
        assert_eq!(marked.trim(), flagged);
    }

    #[test]
    fn the_detail_pane_says_a_failed_identity_with_its_table_once() {
        let inbox = tempfile::tempdir().unwrap();
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-reports");
        let text = std::fs::read_to_string(seeds.join("000_480d39c3490e058f.txt")).unwrap();
        // Five new requests from natural persons that no outcome accounts for.
        let text = text.replacen("申请数量\t\t0\t", "申请数量\t\t5\t", 1);
        let path = inbox.path().join("000.txt");
        std::fs::write(&path, text).unwrap();
        let mut app = empty_app(inbox.path(), Lang::Zh);
        app.on_inbox([checked(&path, Trigger::InitialScan)]);
        open_agency(&mut app, "北关区司法局");
        select_code(&mut app, "table3-balance");
        let text = screen(&app);
        // The sentence names its table and column; the place is not said a second time.
        assert!(text.contains("  表三“自然人”列：本年新收"), "{text}");
        assert!(!text.contains("自然人列："), "{text}");
    }

    /// A line of the Source pane's text.
    fn text_line(app: &App, line: u32) -> String {
        let source = app.source.as_ref().unwrap();
        let document = source.text.as_ref().unwrap();
        document.line(line).unwrap().raw.to_string()
    }

    #[test]
    fn by_rule() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        type_keys(&mut app, "v");
        snapshot("by_rule", &app);
    }

    #[test]
    fn open_queue() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        type_keys(&mut app, "vv");
        snapshot("open_queue", &app);
    }

    #[test]
    fn filter_typing_and_kept() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        type_keys(&mut app, "/司法局 2023 期限");
        snapshot("filter_typing", &app);
        key(&mut app, KeyCode::Enter);
        type_keys(&mut app, "s");
        snapshot("filter_and_severity", &app);
    }

    #[test]
    fn help() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        type_keys(&mut app, "?");
        snapshot("help", &app);
        let mut app = loaded_app(inbox.path(), Lang::En);
        type_keys(&mut app, "?");
        snapshot("help_en", &app);
    }

    #[test]
    fn export_dialog_and_result() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        type_keys(&mut app, "ej");
        snapshot("export_dialog", &app);
        if let Mode::Export(dialog) = &mut app.mode {
            dialog.result = Some(Ok((
                "sample-reports/整改清单-20240305-091500.csv".into(),
                3,
            )));
        }
        snapshot("export_done", &app);
    }

    #[test]
    fn note_dialog() {
        let inbox = seed_inbox();
        let mut app = on_period_reversed(inbox.path(), Lang::Zh);
        type_keys(&mut app, "n请核对统计期限");
        key(&mut app, KeyCode::Left);
        snapshot("note_dialog", &app);
    }

    #[test]
    fn triage_unavailable() {
        let inbox = seed_inbox();
        let mut app = App::new(
            inbox.path().to_path_buf(),
            Err("权限不足".to_string()),
            KeyMap::defaults(),
            Lang::Zh,
        );
        app.inbox_label = "sample-reports".into();
        app.on_inbox(
            files(inbox.path())
                .iter()
                .map(|p| checked(p, Trigger::InitialScan)),
        );
        snapshot("triage_unavailable", &app);
    }

    #[test]
    fn unreadable_changed_and_hostile_reports() {
        let inbox = seed_inbox();
        let mut app = loaded_app(inbox.path(), Lang::Zh);
        let binary = inbox.path().join("扫描件.txt");
        std::fs::write(&binary, b"%PDF-1.4\x00\x00\x01binary").unwrap();
        let hostile = inbox.path().join("hostile.txt");
        std::fs::write(
            &hostile,
            "某县\u{202E}司法局2023年政府信息公开工作年度报告\n\x1b[2J清屏\t制表\t符\n\t一\t二\t三\n",
        )
        .unwrap();
        app.on_inbox([
            checked(&binary, Trigger::Change),
            checked(&hostile, Trigger::Change),
        ]);
        type_keys(&mut app, "G");
        snapshot("unreadable_and_changed", &app);
        type_keys(&mut app, "k");
        let text = screen(&app);
        assert!(!text.contains('\u{202E}'));
        snapshot("hostile_text", &app);
    }

    #[test]
    fn the_detail_pane_documents_a_cross_report_rule() {
        let inbox = seed_inbox();
        let path = inbox.path().join(ULATE_FILE);
        let mut report = nianbao::pipeline::check_file_in(
            inbox.path(),
            &path,
            &nianbao::pipeline::CheckOptions::default(),
        );
        // A cross-report flag, as `check_run` adds them: its rule is not in the single-report
        // registry, yet the Detail pane documents it like any other.
        let mut flag = report.flags[0].clone();
        flag.code = "duplicate-report";
        flag.fingerprint = nianbao::flag::Fingerprint::of(["duplicate-report", ULATE]);
        report.flags.push(flag);
        let mut app = empty_app(inbox.path(), Lang::Zh);
        app.on_inbox([InboxEvent::Checked {
            report: Box::new(report),
            content_hash: None,
            trigger: Trigger::InitialScan,
            reading: None,
        }]);
        open_agency(&mut app, ULATE);
        select_code(&mut app, "duplicate-report");
        let text = screen(&app);
        assert!(text.contains("规则：同一机关同一年度有两份报告"), "{text}");
        assert!(text.contains("检查内容"), "{text}");
    }

    #[test]
    fn small_terminal() {
        let inbox = seed_inbox();
        let mut app = on_period_reversed(inbox.path(), Lang::Zh);
        app.resize(80, 24);
        insta::assert_snapshot!("small_terminal", screen_sized(&app, 80, 24));
        // Tiny sizes must not panic.
        for (w, h) in [(1, 1), (10, 5), (30, 8)] {
            app.resize(w, h);
            let _ = screen_sized(&app, w, h);
        }
    }

    #[test]
    fn the_flagged_span_is_marked_and_its_line_highlighted() {
        let inbox = seed_inbox();
        let app = on_period_reversed(inbox.path(), Lang::Zh);
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        terminal
            .draw(|frame| super::super::view::render(frame, &app))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let marked: String = buffer
            .content()
            .iter()
            .filter(|cell| cell.bg == Color::Yellow)
            .map(|cell| cell.symbol())
            .collect();
        // The span of period-reversed is the whole stated period.
        assert!(marked.contains("2022年12月31日"), "{marked}");
        let highlighted = buffer
            .content()
            .iter()
            .filter(|cell| cell.bg == Color::Indexed(236))
            .count();
        assert!(highlighted > 0);
    }
}

/// Figures for the README, not tests: `bench/tui.sh` runs them in release mode
/// (`cargo test --release --bin nianbao tui::tests::bench -- --ignored --nocapture`).
mod bench {
    use super::*;

    #[test]
    #[ignore = "a benchmark: run by bench/tui.sh"]
    fn bench_frame_with_100k_flags() {
        let inbox = seed_inbox();
        let mut app = synthetic(inbox.path(), 100_000);
        for (name, presses) in [("by report", 0), ("by rule", 1), ("open queue", 1)] {
            for _ in 0..presses {
                app.update(Action::View);
            }
            app.update(Action::Bottom);
            let listed = app.flags.len();
            let frame = median(21, || {
                screen_sized(&app, 160, 45);
            });
            let key = median(21, || {
                app.update(Action::Up);
            });
            println!(
                "{name:<11} {listed:>7} flags listed: frame {frame:.2} ms, key press {key:.2} ms"
            );
        }
    }
}
