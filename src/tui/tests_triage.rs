//! Triage at speed, headless: marks and bulk decisions, the note after a decision, decisions
//! only where a flag cursor is, jumps between open errors, and the dialogs that must not eat
//! keys. Snapshots with the Chinese seed reports.

use nianbao::flag::Severity;
use nianbao::i18n::Lang;
use nianbao::triage::{RowStatus, Status, TriageStore};

use super::action::Action;
use super::app::{App, Mode, Pane, View};
use super::keymap::{Key, KeyCode};
use super::testing::*;

const ULATE: &str = "乌拉特中旗司法局";

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(Key::plain(code));
}

fn last_event(app: &App) -> String {
    app.last_event
        .as_ref()
        .map(|e| e.text.clone())
        .unwrap_or_default()
}

/// The statuses of the flags the Flags pane lists.
fn listed_statuses(app: &App) -> Vec<Status> {
    app.flags
        .iter()
        .map(|f| app.status(app.flag(*f).unwrap().1.fingerprint))
        .collect()
}

/// The dashboard on the seeds with 乌拉特中旗司法局's flags open in the Flags pane.
fn on_ulate(inbox: &std::path::Path) -> App {
    let mut app = loaded_app(inbox, Lang::Zh);
    open_agency(&mut app, ULATE);
    assert_eq!(app.focus, Pane::Flags);
    assert!(app.flags.len() >= 3, "the seed has several flags");
    app
}

#[test]
fn space_marks_and_moves_down_and_a_bulk_confirmation_is_one_undo() {
    let inbox = seed_inbox();
    let mut app = on_ulate(inbox.path());
    let listed = app.flags.len();
    type_keys(&mut app, "  ");
    assert_eq!(app.marks.len(), 2);
    assert_eq!(app.flag_cursor.selected, 2, "space moves down");
    // Space on a marked flag unmarks it.
    type_keys(&mut app, "k ");
    assert_eq!(app.marks.len(), 1);
    type_keys(&mut app, "k ");
    assert_eq!(app.marks.len(), 2);
    assert!(screen(&app).contains("已标记 2"), "{}", screen(&app));

    // c asks once, naming the count; n cancels and records nothing.
    let decisions = app.store.as_ref().unwrap().len();
    type_keys(&mut app, "c");
    let Mode::Bulk(prompt) = &app.mode else {
        panic!("bulk prompt")
    };
    assert_eq!(prompt.count, 2);
    assert!(
        screen(&app).contains("确认 2 个问题？ y/n"),
        "{}",
        screen(&app)
    );
    type_keys(&mut app, "n");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.store.as_ref().unwrap().len(), decisions);
    assert_eq!(app.marks.len(), 2, "cancelling keeps the marks");

    // y decides both, as one batch, and clears the marks.
    type_keys(&mut app, "cy");
    let mut expected = vec![Status::Open; listed];
    expected[0] = Status::Confirmed;
    expected[1] = Status::Confirmed;
    assert_eq!(listed_statuses(&app), expected);
    assert!(app.marks.is_empty());
    assert_eq!(last_event(&app), "已确认 2 个问题");
    // Durable: a fresh store reads the same.
    let fresh = TriageStore::open(inbox.path(), USER).unwrap();
    let first = app.flag(app.flags[0]).unwrap().1.fingerprint;
    assert_eq!(fresh.verdict(first).status, Status::Confirmed);

    // One u undoes both; Ctrl-r makes both again.
    type_keys(&mut app, "u");
    assert_eq!(listed_statuses(&app), vec![Status::Open; listed]);
    assert_eq!(last_event(&app), "已撤销：2 个问题");
    app.handle_key(Key::ctrl('r'));
    assert_eq!(listed_statuses(&app), expected);
}

#[test]
fn star_marks_what_the_pane_lists_and_a_dismissal_takes_its_reason_in_the_prompt() {
    let inbox = seed_inbox();
    let mut app = on_ulate(inbox.path());
    // Only the errors: `*` marks what the pane shows after its filter.
    type_keys(&mut app, "s");
    let marked: Vec<_> = app
        .flags
        .iter()
        .map(|f| app.flag(*f).unwrap().1.fingerprint)
        .collect();
    assert!(!marked.is_empty());
    type_keys(&mut app, "*");
    assert_eq!(app.marks.len(), marked.len());
    type_keys(&mut app, "sss");
    assert_eq!(app.severity, None);
    assert!(app.flags.len() > marked.len());
    assert_eq!(
        app.marks.len(),
        marked.len(),
        "marks outlive the filter that made them"
    );

    type_keys(&mut app, "d");
    let Mode::Bulk(prompt) = &app.mode else {
        panic!("bulk prompt")
    };
    assert!(prompt.takes_reason());
    // Keys are text in the reason: y and n do not answer.
    type_keys(&mut app, "模板自带 yn");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Normal));
    let store = app.store.as_ref().unwrap();
    for flag in &app.flags {
        let flag = app.flag(*flag).unwrap().1;
        let verdict = store.verdict(flag.fingerprint);
        if marked.contains(&flag.fingerprint) {
            assert_eq!(verdict.status, Status::Dismissed, "{}", flag.code);
            assert_eq!(verdict.note.as_deref(), Some("模板自带"));
        } else {
            assert_eq!(verdict.status, Status::Open, "{}", flag.code);
        }
    }
    assert_eq!(
        app.totals.open + marked.len(),
        app.totals.errors + app.totals.warnings + app.totals.infos
    );

    // An empty reason is fine: Enter alone records the dismissal without a note.
    type_keys(&mut app, "u");
    type_keys(&mut app, "g ");
    type_keys(&mut app, "d");
    key(&mut app, KeyCode::Enter);
    let first = app.flag(app.flags[0]).unwrap().1.fingerprint;
    let verdict = app.store.as_ref().unwrap().verdict(first);
    assert_eq!(verdict.status, Status::Dismissed);
    assert_eq!(verdict.note, None);
}

#[test]
fn esc_clears_the_marks_before_the_filter() {
    let inbox = seed_inbox();
    let mut app = on_ulate(inbox.path());
    type_keys(&mut app, "/司法");
    key(&mut app, KeyCode::Enter);
    type_keys(&mut app, "*");
    assert!(!app.marks.is_empty());
    key(&mut app, KeyCode::Esc);
    assert!(app.marks.is_empty());
    assert_eq!(
        app.filter(Pane::Flags).value(),
        "司法",
        "the first Esc clears only the marks"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.filter(Pane::Flags).value(), "");
}

#[test]
fn decisions_and_marks_act_only_where_a_flag_cursor_is() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    assert_eq!(app.focus, Pane::Reports);
    let decisions = app.store.as_ref().unwrap().len();
    for keys in ["c", "d", "o", " ", "*"] {
        type_keys(&mut app, keys);
        assert_eq!(app.store.as_ref().unwrap().len(), decisions, "{keys:?}");
        assert!(app.marks.is_empty(), "{keys:?}");
        assert!(last_event(&app).contains("问题窗格"), "{keys:?}");
    }
    assert_eq!(
        app.report_cursor.selected, 0,
        "space did not move the reports"
    );
    // The Source pane is no place for them either; the hints there do not offer them.
    app.update(Action::Open);
    app.update(Action::NextPane);
    assert_eq!(app.focus, Pane::Source);
    type_keys(&mut app, "c");
    assert_eq!(app.store.as_ref().unwrap().len(), decisions);
    let text = screen(&app);
    let hints = text.lines().last().unwrap();
    assert!(!hints.contains("确认") && hints.contains("批注"), "{hints}");
}

#[test]
fn a_note_typed_right_after_a_decision_goes_to_the_flag_just_decided() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    type_keys(&mut app, "vv");
    assert_eq!(app.view, View::Queue);
    let decided = app.selected_flag().unwrap().1.fingerprint;
    let next = app.flag(app.flags[1]).unwrap().1.fingerprint;
    type_keys(&mut app, "c");
    // The decided flag left the open queue: the cursor is on the next one of the same list.
    assert_eq!(app.selected_flag().unwrap().1.fingerprint, next);
    type_keys(&mut app, "n");
    let Mode::Note(edit) = &app.mode else {
        panic!("note mode")
    };
    assert_eq!(edit.fingerprint, decided);
    type_keys(&mut app, "已电话核实");
    key(&mut app, KeyCode::Enter);
    let store = app.store.as_ref().unwrap();
    assert_eq!(store.verdict(decided).note.as_deref(), Some("已电话核实"));
    assert_eq!(store.verdict(decided).status, Status::Confirmed);
    assert_eq!(store.verdict(next).note, None);

    // Any other key in between: `n` is for the flag under the cursor again.
    type_keys(&mut app, "cj");
    let under = app.selected_flag().unwrap().1.fingerprint;
    type_keys(&mut app, "n");
    let Mode::Note(edit) = &app.mode else {
        panic!("note mode")
    };
    assert_eq!(edit.fingerprint, under);
}

#[test]
fn brackets_jump_to_the_next_and_previous_open_error_across_reports() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    let is_open_error = |app: &App| {
        let (_, flag) = app.selected_flag().unwrap();
        flag.severity == Severity::Error && app.status(flag.fingerprint) == Status::Open
    };
    // Every open error of the inbox, reached in turn, report after report.
    let errors: usize = app
        .inbox
        .entries()
        .iter()
        .flat_map(|e| &e.report.flags)
        .filter(|f| f.severity == Severity::Error)
        .count();
    assert!(errors >= 2);
    let mut seen = Vec::new();
    let mut reports = std::collections::BTreeSet::new();
    for _ in 0..errors {
        type_keys(&mut app, "]");
        assert_eq!(app.focus, Pane::Flags);
        assert!(is_open_error(&app));
        let (entry, flag) = app.selected_flag().unwrap();
        reports.insert(entry.report.path.clone());
        seen.push((entry.report.path.clone(), flag.fingerprint));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), errors, "each open error once");
    assert!(reports.len() >= 2, "across reports");
    // Round again to the first; `[` goes back.
    type_keys(&mut app, "]");
    let (entry, flag) = app.selected_flag().unwrap();
    assert_eq!((entry.report.path.clone(), flag.fingerprint), seen[0]);
    type_keys(&mut app, "[");
    let (entry, flag) = app.selected_flag().unwrap();
    assert_eq!(
        (entry.report.path.clone(), flag.fingerprint),
        seen[errors - 1]
    );

    // A decided error is no longer open: it is skipped.
    type_keys(&mut app, "c");
    type_keys(&mut app, "]");
    let skipped = seen[errors - 1].1;
    for _ in 0..errors {
        assert_ne!(app.selected_flag().unwrap().1.fingerprint, skipped);
        type_keys(&mut app, "]");
    }
}

#[test]
fn the_export_result_box_does_not_swallow_the_next_key() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    type_keys(&mut app, "e");
    key(&mut app, KeyCode::Enter);
    app.collect_work(true);
    let Mode::Export(dialog) = &app.mode else {
        panic!("export mode")
    };
    assert!(dialog.result.is_some());
    type_keys(&mut app, "j");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.report_cursor.selected, 1, "j closed the box and moved");
    // Esc and Enter only close it.
    type_keys(&mut app, "e");
    key(&mut app, KeyCode::Enter);
    app.collect_work(true);
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.focus, Pane::Reports, "Enter did not open the report");
}

mod panes {
    use super::*;

    fn snapshot(name: &str, app: &App) {
        insta::assert_snapshot!(name, snapshot_text(app));
    }

    #[test]
    fn marked_flags_and_the_bulk_prompt() {
        let inbox = seed_inbox();
        let mut app = on_ulate(inbox.path());
        type_keys(&mut app, "  j ");
        snapshot("marked_flags", &app);
        type_keys(&mut app, "c");
        snapshot("bulk_confirm_prompt", &app);
        key(&mut app, KeyCode::Esc);
        type_keys(&mut app, "d表格为模板原样");
        snapshot("bulk_dismiss_prompt", &app);
    }
}

#[test]
fn g_in_the_detail_pane_shows_the_last_lines_not_a_blank_pane() {
    let inbox = seed_inbox();
    let mut app = on_ulate(inbox.path());
    app.update(Action::PrevPane);
    app.update(Action::PrevPane);
    assert_eq!(app.focus, Pane::Detail);
    type_keys(&mut app, "G");
    assert!(app.detail_scroll > 0, "the detail is longer than its pane");
    let text = screen(&app);
    // The detail's last line (the empty history) is on the pane's last row.
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[rows.len() - 4].contains("尚未审核"), "{text}");
    // One key up moves the text at once: the scroll was not left past the end.
    type_keys(&mut app, "k");
    assert_ne!(screen(&app), text, "k after G scrolls");
}

#[test]
fn the_new_report_mark_clears_when_the_cursor_comes_onto_the_report() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    let files = files(inbox.path());
    let new = inbox.path().join("005_新报告.txt");
    std::fs::copy(&files[0], &new).unwrap();
    app.on_inbox([checked(&new, nianbao::inbox::Trigger::Change)]);
    assert!(app.inbox.get(&new).unwrap().changed);
    // Moving past the other reports onto the new one (the last in arrival order) shows its
    // flags: it is seen, without Enter.
    type_keys(&mut app, "jjjj");
    assert!(app.inbox.get(&new).unwrap().changed, "not reached yet");
    type_keys(&mut app, "j");
    assert_eq!(app.selected_report().unwrap().report.path, new);
    assert!(!app.inbox.get(&new).unwrap().changed);
}

#[test]
fn folded_flags_of_one_rule_in_one_report_are_one_row_decided_together() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    // 司法局 (2020) has many cell-count errors.
    open_agency(&mut app, "司法局");
    let listed = app.flags.len();
    let cell_counts = app
        .flags
        .iter()
        .filter(|f| app.flag(**f).unwrap().1.code == "cell-count")
        .count();
    assert!(cell_counts > 2);
    type_keys(&mut app, "z");
    assert!(app.folded);
    assert!(app.flags.len() < listed);
    select_code(&mut app, "cell-count");
    let row = app.flag_cursor.selected;
    assert_eq!(app.row_flags(row).len(), cell_counts);
    assert!(
        screen(&app).contains(&format!("{cell_counts} × cell-count")),
        "{}",
        screen(&app)
    );

    // One key decides the row: every flag of it, as one batch (one undo).
    type_keys(&mut app, "c");
    let statuses: Vec<Status> = app
        .row_flags(row)
        .iter()
        .map(|f| app.status(app.flag(*f).unwrap().1.fingerprint))
        .collect();
    assert_eq!(statuses, vec![Status::Confirmed; cell_counts]);
    assert_eq!(last_event(&app), format!("已确认 {cell_counts} 个问题"));
    type_keys(&mut app, "u");
    assert_eq!(
        app.totals.open,
        app.totals.errors + app.totals.warnings + app.totals.infos
    );

    // Space marks the whole row; unfolded, every flag of it is marked.
    type_keys(&mut app, " ");
    assert_eq!(app.marks.len(), cell_counts);
    let under = app.selected_flag().unwrap().1.fingerprint;
    type_keys(&mut app, "z");
    assert!(!app.folded);
    assert_eq!(app.flags.len(), listed);
    assert_eq!(
        app.selected_flag().unwrap().1.fingerprint,
        under,
        "the selection stays"
    );
    let marked = app
        .flags
        .iter()
        .filter(|f| {
            let (entry, flag) = app.flag(**f).unwrap();
            app.marks.contains(&entry.report.path, flag.fingerprint)
        })
        .count();
    assert_eq!(marked, cell_counts);
}

#[test]
fn folded_rows_snapshot() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    open_agency(&mut app, "司法局");
    type_keys(&mut app, "z");
    select_code(&mut app, "cell-count");
    type_keys(&mut app, "c");
    insta::assert_snapshot!("folded_rows", screen(&app));
}

#[test]
fn a_report_status_with_a_note_is_a_decision_shown_undone_and_redone() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    open_agency(&mut app, ULATE);
    app.update(Action::PrevPane);
    assert_eq!(app.focus, Pane::Reports);
    type_keys(&mut app, "p");
    let Mode::ReportStatus(dialog) = &app.mode else {
        panic!("report status dialog")
    };
    assert_eq!(dialog.name, "乌拉特中旗司法局 2023");
    // ↓ to 退回整改; keys are text in the note (p, j and q do not act).
    key(&mut app, KeyCode::Down);
    type_keys(&mut app, "表三请重新填报 pjq");
    for _ in 0..4 {
        key(&mut app, KeyCode::Backspace);
    }
    insta::assert_snapshot!("report_status_dialog", screen(&app));
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(last_event(&app), "已退回整改：乌拉特中旗司法局 2023");
    let entry = app.selected_report().unwrap();
    let expected = Some((
        nianbao::triage::ReportStatus::Returned,
        Some("表三请重新填报".to_string()),
    ));
    assert_eq!(app.report_status(&entry.report), expected);
    // Durable, and read by everyone from the journals.
    let fresh = TriageStore::open(inbox.path(), "李四").unwrap();
    let report = nianbao::triage::ReportRef::of(&entry.report, None);
    assert_eq!(fresh.report_status(&report), expected);
    // The Reports pane shows it.
    let text = screen(&app);
    let row = text
        .lines()
        .find(|l| l.contains(ULATE) && l.contains("0/5"))
        .unwrap();
    assert!(row.contains("退回"), "{row}");
    // Not a flag: no flag row, no open count changed, nothing 已整改.
    assert_eq!(
        app.totals.open,
        app.totals.errors + app.totals.warnings + app.totals.infos
    );

    type_keys(&mut app, "u");
    assert_eq!(last_event(&app), "已撤销：报告状态 → 无");
    let entry = app.selected_report().unwrap();
    assert_eq!(app.report_status(&entry.report), None);
    app.handle_key(Key::ctrl('r'));
    let entry = app.selected_report().unwrap();
    assert_eq!(app.report_status(&entry.report), expected);

    // The dialog opens on the current status and note; 无状态 clears it.
    type_keys(&mut app, "p");
    let Mode::ReportStatus(dialog) = &app.mode else {
        panic!("report status dialog")
    };
    assert_eq!(dialog.choice, 1);
    assert_eq!(dialog.note.value(), "表三请重新填报");
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    let entry = app.selected_report().unwrap();
    assert_eq!(app.report_status(&entry.report), None);
    assert_eq!(last_event(&app), "已清除报告状态：乌拉特中旗司法局 2023");
}

#[test]
fn a_report_status_stays_out_of_the_review_rows() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    type_keys(&mut app, "p");
    key(&mut app, KeyCode::Enter);
    let store = app.store.as_ref().unwrap();
    let reports: Vec<_> = app
        .inbox
        .entries()
        .iter()
        .map(|e| e.report.clone())
        .collect();
    let review = nianbao::triage::Review::build(&reports, store);
    let flags: usize = reports.iter().map(|r| r.flags.len()).sum();
    assert_eq!(review.rows.len(), flags, "no row for the status");
    assert!(review
        .rows
        .iter()
        .all(|r| r.code != nianbao::triage::REPORT_STATUS_CODE));
}

#[test]
fn at_80_by_24_the_flags_pane_keeps_the_verdict_and_the_message() {
    let inbox = seed_inbox();
    let mut app = on_ulate(inbox.path());
    app.resize(80, 24);
    let text = screen_sized(&app, 80, 24);
    let row = text
        .lines()
        .find(|l| l.contains("> 错误 period-"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains("待审核") && row.contains("统计期限"), "{row}");
}

#[test]
fn the_by_rule_view_names_the_rule_once_and_sorts_its_rules() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    type_keys(&mut app, "v");
    assert_eq!(app.view, View::ByRule);
    let code = app.selected_rule().unwrap().code;
    let text = screen(&app);
    // The title names the rule; the rows do not repeat it.
    assert_eq!(
        text.matches(code).count(),
        3,
        "the rules list, the Flags pane's title and the Detail pane only:\n{text}"
    );

    // S sorts the rules: by flags, by open flags, back to the catalogue.
    let counts = |app: &App| app.rules.iter().map(|r| r.flags).collect::<Vec<_>>();
    let catalogue = app.rules.clone();
    type_keys(&mut app, "S");
    let by_flags = counts(&app);
    assert!(by_flags.windows(2).all(|w| w[0] >= w[1]), "{by_flags:?}");
    assert_ne!(
        app.rules, catalogue,
        "the seeds' rules are not already in that order"
    );
    assert!(screen(&app).contains("按问题数"));
    type_keys(&mut app, "c");
    type_keys(&mut app, "S");
    let open: Vec<usize> = app.rules.iter().map(|r| r.open).collect();
    assert!(open.windows(2).all(|w| w[0] >= w[1]), "{open:?}");
    type_keys(&mut app, "S");
    assert_eq!(
        app.rules.iter().map(|r| r.code).collect::<Vec<_>>(),
        catalogue.iter().map(|r| r.code).collect::<Vec<_>>()
    );
    assert_eq!(
        app.sort,
        super::app::SortBy::Arrival,
        "the reports' order is untouched"
    );
}

#[test]
fn each_pane_has_its_own_filter_shown_in_its_title() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    let titles = |app: &App| screen(app).lines().next().unwrap().to_string();
    // The Reports pane's filter narrows the reports, and only its title says so.
    type_keys(&mut app, "/司法局");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reports.len(), 5);
    assert_eq!(
        titles(&app).matches("筛选：司法局").count(),
        1,
        "{}",
        titles(&app)
    );
    // A second `/` edits it: the text is kept and extended.
    type_keys(&mut app, "/ 2023");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.filter(Pane::Reports).value(), "司法局 2023");
    let reports = app.reports.len();
    assert!(reports < 5);

    // The Flags pane's own filter narrows the flags, not the reports.
    open_agency(&mut app, ULATE);
    let all = app.flags.len();
    type_keys(&mut app, "/sev:error");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.filter(Pane::Flags).value(), "sev:error");
    assert_eq!(app.filter(Pane::Reports).value(), "司法局 2023");
    assert_eq!(app.reports.len(), reports);
    assert!(!app.flags.is_empty() && app.flags.len() < all);
    let line = titles(&app);
    assert!(
        line.contains("筛选：司法局 2023") && line.contains("筛选：sev:error"),
        "{line}"
    );
    // The status bar names both: they apply together, as the export of the filter takes them.
    assert!(screen(&app).contains("筛选「司法局 2023 sev:error」"));

    // Esc clears the focused pane's filter only.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.flags.len(), all);
    assert_eq!(app.filter(Pane::Reports).value(), "司法局 2023");
    app.update(Action::PrevPane);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.filter(Pane::Reports).value(), "");
    assert!(!titles(&app).contains("筛选"));
}

#[test]
fn export_takes_one_agency_or_the_filter_counts_rows_first_and_writes_where_told() {
    let inbox = seed_inbox();
    let mut app = on_ulate(inbox.path());
    let ulate_flags = app.flags.len();
    let all_flags = app.totals.errors + app.totals.warnings + app.totals.infos;
    type_keys(&mut app, "e");
    // Format: csv; status: all (round from 确认); scope: the selected report's agency.
    type_keys(&mut app, "j");
    key(&mut app, KeyCode::Tab);
    type_keys(&mut app, "k");
    let rows = |app: &App| match &app.mode {
        Mode::Export(dialog) => dialog.rows.clone(),
        _ => panic!("export mode"),
    };
    assert_eq!(rows(&app), Some(Ok(all_flags)));
    key(&mut app, KeyCode::Tab);
    type_keys(&mut app, "j");
    assert_eq!(rows(&app), Some(Ok(ulate_flags)));
    let text = screen(&app);
    assert!(
        text.contains(&format!("将导出 {ulate_flags} 条"))
            && text.contains(&format!("< {ULATE} >")),
        "{text}"
    );
    // The file: typed (keys are text there: j and q do not act).
    key(&mut app, KeyCode::Tab);
    type_keys(&mut app, "乌拉特jq.csv");
    key(&mut app, KeyCode::Enter);
    app.collect_work(true);
    let Mode::Export(dialog) = &app.mode else {
        panic!("export mode")
    };
    let (path, written) = dialog.result.clone().unwrap().unwrap();
    assert_eq!(path, inbox.path().join("乌拉特jq.csv"));
    assert_eq!(written, ulate_flags);
    let csv = std::fs::read_to_string(&path).unwrap();
    assert_eq!(csv.lines().count(), ulate_flags + 1, "{csv}");
    assert!(csv.lines().skip(1).all(|l| l.starts_with(ULATE)), "{csv}");
    key(&mut app, KeyCode::Esc);

    // With a filter, the filter is a scope too.
    type_keys(&mut app, "/rule:period-reversed");
    key(&mut app, KeyCode::Enter);
    type_keys(&mut app, "e");
    key(&mut app, KeyCode::Tab);
    type_keys(&mut app, "k");
    key(&mut app, KeyCode::Tab);
    type_keys(&mut app, "j");
    let Mode::Export(dialog) = &app.mode else {
        panic!("export mode")
    };
    assert_eq!(
        dialog.scope(),
        super::app::ExportScope::Filter("rule:period-reversed".to_string())
    );
    let reversed = app
        .inbox
        .entries()
        .iter()
        .flat_map(|e| &e.report.flags)
        .filter(|f| f.code == "period-reversed")
        .count();
    assert_eq!(dialog.rows, Some(Ok(reversed)));
}

/// Figures for the README, not tests: `bench/tui.sh` runs them in release mode
/// (`cargo test --release --bin nianbao tui::tests_triage::bench -- --ignored --nocapture`).
mod bench {
    use super::*;
    use std::time::Instant;

    #[test]
    #[ignore = "a benchmark: run by bench/tui.sh"]
    fn bench_triage_keys_with_100k_flags() {
        let inbox = seed_inbox();
        let mut app = synthetic(inbox.path(), 100_000);
        // As the dashboard runs: the journal is written on its own thread.
        app.write_journal_off_thread();
        type_keys(&mut app, "vv");
        assert_eq!(app.view, View::Queue);
        let open = app.flags.len();

        // Moving: a key press in the open queue.
        let down = median(21, || {
            app.update(Action::Down);
        });
        println!("move      {open:>7} open flags: key press {down:.2} ms");

        // Typing a filter, one key at a time: the median and the slowest key.
        let filter = "rule:cell-count sev:error";
        let mut times: Vec<(f64, usize)> = Vec::new();
        type_keys(&mut app, "/");
        for (typed, c) in filter.chars().enumerate() {
            let start = Instant::now();
            app.handle_key(Key::char(c));
            times.push((ms(start), typed + 1));
        }
        key(&mut app, KeyCode::Enter);
        let listed = app.flags.len();
        times.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (slowest, at) = times[times.len() - 1];
        println!(
            "filter    {open:>7} open flags, typing `{filter}` ({listed} left): key press median {:.2} ms, slowest {slowest:.2} ms (at `{}`)",
            times[times.len() / 2].0,
            filter.chars().take(at).collect::<String>()
        );
        key(&mut app, KeyCode::Esc);

        // A bulk decision of 10,000 flags: marked with space, confirmed with `c` `y` (one
        // write, one fsync), undone with one `u`.
        type_keys(&mut app, "g");
        let start = Instant::now();
        for _ in 0..10_000 {
            app.handle_key(Key::char(' '));
        }
        let marking = ms(start) / 10_000.0;
        assert_eq!(app.marks.len(), 10_000);
        type_keys(&mut app, "c");
        let start = Instant::now();
        type_keys(&mut app, "y");
        let decide = ms(start);
        assert!(app.marks.is_empty());
        assert_eq!(app.flags.len(), open - 10_000);
        let start = Instant::now();
        type_keys(&mut app, "u");
        let undo = ms(start);
        assert_eq!(app.flags.len(), open);
        // The journal thread's part, off the keys: both writes, waited for.
        let start = Instant::now();
        app.collect_work(true);
        let saved = ms(start);
        assert!(!app.saving());
        println!(
            "bulk      10,000 of {open} flags: space {marking:.3} ms a key, confirm (y) {decide:.0} ms, undo (u) {undo:.0} ms (keys only; journal writes then took {saved:.0} ms more on the journal thread)"
        );
    }
}

/// Records a confirmation on a flag of the selected report that the report no longer has
/// (the flag under the cursor, under another fingerprint): as when a re-submitted report
/// rectified the defect.
fn confirm_a_rectified_flag(app: &mut App) {
    let (report, mut flag) = {
        let (entry, flag) = app.selected_flag().expect("a selected flag");
        let report = nianbao::triage::ReportRef::of(&entry.report, entry.content_hash);
        (std::sync::Arc::new(report), flag.clone())
    };
    flag.fingerprint = nianbao::flag::Fingerprint(flag.fingerprint.0 ^ 0x5eed);
    let store = app.store.as_mut().expect("store");
    let decision = store.decide_flag(report, &flag, nianbao::triage::Action::Confirm);
    store.record(decision).expect("recorded");
    app.refresh();
}

#[test]
fn resolved_flags_stay_listed_dimmed_and_are_never_decided_again() {
    let inbox = seed_inbox();
    let mut app = on_ulate(inbox.path());
    let current = app.flags.len();
    let code = app.selected_flag().unwrap().1.code;
    let open = app.totals.open;
    confirm_a_rectified_flag(&mut app);

    // Listed after the report's flags, with its status; counted on the status bar.
    assert_eq!(app.flags.len(), current + 1);
    let last = *app.flags.last().unwrap();
    assert!(app.is_gone(last));
    assert_eq!(app.row_status(last), RowStatus::Resolved);
    assert_eq!(app.flag(last).unwrap().1.code, code);
    assert_eq!(app.totals.resolved, 1);
    assert_eq!(app.totals.open, open, "a resolved flag is not open work");

    // Never decided again, never marked.
    type_keys(&mut app, "G");
    let decisions = app.store.as_ref().unwrap().len();
    type_keys(&mut app, "d");
    assert_eq!(app.store.as_ref().unwrap().len(), decisions);
    assert!(
        last_event(&app).contains("无需再审核"),
        "{}",
        last_event(&app)
    );
    type_keys(&mut app, "*");
    assert_eq!(
        app.marks.len(),
        current,
        "only the current flags are marked"
    );
    key(&mut app, KeyCode::Esc);

    // The status filter selects it; the open queue never lists it.
    app.update(Action::PrevPane);
    type_keys(&mut app, "/status:resolved");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reports.len(), 1, "only its report has a resolved flag");
    assert_eq!(app.flags, vec![last]);
    key(&mut app, KeyCode::Esc);
    app.update(Action::NextPane);
    type_keys(&mut app, "/status:resolved");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.flags, vec![last]);
    type_keys(&mut app, "/");
    for _ in 0.."status:resolved".len() {
        key(&mut app, KeyCode::Backspace);
    }
    type_keys(&mut app, "status:已整改");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.flags, vec![last]);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.flags.len(), current + 1, "Esc clears the filter");
    while app.view != View::Queue {
        app.update(Action::View);
    }
    assert!(!app.flags.is_empty());
    assert!(app.flags.iter().all(|&f| !app.is_gone(f)));
}

#[test]
fn resolved_flag_snapshot() {
    let inbox = seed_inbox();
    let mut app = on_ulate(inbox.path());
    confirm_a_rectified_flag(&mut app);
    type_keys(&mut app, "G");
    insta::assert_snapshot!("resolved_flag", screen(&app));
}

#[test]
fn a_filter_typed_key_by_key_lists_what_it_lists_typed_at_once() {
    let inbox = seed_inbox();
    let mut typed = loaded_app(inbox.path(), Lang::Zh);
    let mut at_once = loaded_app(inbox.path(), Lang::Zh);
    // Narrowing (typing on), widening (Backspace, a term becoming a field), a decision and
    // the severity filter between keys: each time the same lists as a filter pasted whole.
    let same = |typed: &App, at_once: &mut App, text: &str| {
        key(at_once, KeyCode::Esc);
        type_keys(at_once, "/");
        at_once.paste(text);
        key(at_once, KeyCode::Enter);
        assert_eq!(typed.reports, at_once.reports, "{text}");
        assert_eq!(typed.flags, at_once.flags, "{text}");
        assert_eq!(typed.rules, at_once.rules, "{text}");
    };
    type_keys(&mut typed, "/");
    let mut text = String::new();
    for c in "司法局 status:open rule:cell-count".chars() {
        typed.handle_key(Key::char(c));
        text.push(c);
        same(&typed, &mut at_once, &text);
    }
    // Back to 「司法局 status:open 」: `rule:cell` passes no flag, `rule:` is left out.
    for _ in 0.."rule:cell-count".len() {
        key(&mut typed, KeyCode::Backspace);
        text.pop();
        same(&typed, &mut at_once, &text);
    }
    key(&mut typed, KeyCode::Enter);
    // A decision in the Flags pane and its undo: the flag leaves the open flags and comes
    // back, though the last matching, with the same filter, had left it out.
    typed.update(Action::NextPane);
    at_once.update(Action::NextPane);
    let listed = typed.flags.clone();
    assert!(!listed.is_empty());
    type_keys(&mut typed, "c");
    assert_eq!(typed.flags.len(), listed.len() - 1);
    type_keys(&mut typed, "u");
    assert_eq!(typed.flags, listed);
    at_once.update(Action::PrevPane);
    same(&typed, &mut at_once, &text);
}

/// The seeds and a report whose title line was cut (no agency, no year read), selected in the
/// Reports pane.
fn on_untitled(inbox: &std::path::Path) -> App {
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample-reports/000_480d39c3490e058f.txt"),
    )
    .unwrap();
    let body = seed
        .lines()
        .filter(|l| !l.contains("年度报告"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(inbox.join("zz_untitled.txt"), body).unwrap();
    let mut app = loaded_app(inbox, Lang::Zh);
    assert_eq!(app.focus, Pane::Reports);
    app.update(Action::Top);
    for _ in 0..app.reports.len() {
        let report = &app.selected_report().unwrap().report;
        if report.agency.is_none() && report.year.is_none() {
            return app;
        }
        app.update(Action::Down);
    }
    panic!("the report without a title is listed without agency or year");
}

#[test]
fn i_sets_the_agency_and_year_of_a_report_that_were_not_read_and_u_undoes_it() {
    let inbox = seed_inbox();
    let mut app = on_untitled(inbox.path());
    type_keys(&mut app, "I");
    let Mode::Identify(dialog) = &app.mode else {
        panic!("agency/year dialog")
    };
    assert_eq!(dialog.name, "zz_untitled.txt");
    // Keys are text in the fields (u, q and I do not act); Tab goes to the year.
    type_keys(&mut app, "甲县司法局");
    key(&mut app, KeyCode::Tab);
    type_keys(&mut app, "20235");
    key(&mut app, KeyCode::Enter);
    // Refused in the dialog, in Chinese: nothing recorded.
    let Mode::Identify(dialog) = &app.mode else {
        panic!("the dialog stays open on an error")
    };
    assert_eq!(dialog.error.as_deref(), Some("年度 20235 超出 1990–2100"));
    key(&mut app, KeyCode::Backspace);
    insta::assert_snapshot!("identity_dialog", screen(&app));
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(
        last_event(&app),
        "已设定机关/年度：zz_untitled.txt → 甲县司法局 2023"
    );
    let entry = app.selected_report().unwrap();
    let report = nianbao::triage::ReportRef::of(&entry.report, None);
    let expected = Some((Some("甲县司法局".to_string()), Some(2023)));
    assert_eq!(
        app.store.as_ref().unwrap().report_identity(&report),
        expected
    );
    // Durable, and read by everyone from the journals.
    let fresh = TriageStore::open(inbox.path(), "李四").unwrap();
    assert_eq!(fresh.report_identity(&report), expected);
    // The row, the Flags pane's title and the detail show it, marked as set by hand.
    let text = screen(&app);
    let row = text
        .lines()
        .find(|l| l.contains("甲县司法局（人工）"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains("2023   1   1   3     0/5"), "{row}");
    assert!(text.contains("— 甲县司法局 2023（人工）"), "{text}");
    insta::assert_snapshot!("identity_set_row", text);

    type_keys(&mut app, "u");
    assert_eq!(last_event(&app), "已撤销：机关/年度 → 未设置");
    let entry = app.selected_report().unwrap();
    assert_eq!(app.shown_identity(&entry.report).agency, None);
    assert!(!screen(&app).contains("甲县司法局"));

    // The dialog opens prefilled with what was set.
    app.handle_key(Key::ctrl('r'));
    type_keys(&mut app, "I");
    let Mode::Identify(dialog) = &app.mode else {
        panic!("agency/year dialog")
    };
    assert_eq!(
        (dialog.agency.value(), dialog.year.value()),
        ("甲县司法局", "2023")
    );
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Normal));
}

#[test]
fn i_refuses_a_report_whose_agency_and_year_were_both_read() {
    let inbox = seed_inbox();
    let mut app = on_ulate(inbox.path());
    app.update(Action::PrevPane);
    assert_eq!(app.focus, Pane::Reports);
    type_keys(&mut app, "I");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(last_event(&app), "该报告的机关和年度均已识别，无需设置");
    // Outside the Reports pane it says where to go.
    app.update(Action::NextPane);
    type_keys(&mut app, "I");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(last_event(&app), "请在报告窗格中设置机关/年度");
}

#[test]
fn an_empty_identity_is_refused_in_the_dialog() {
    let inbox = seed_inbox();
    let mut app = on_untitled(inbox.path());
    type_keys(&mut app, "I");
    key(&mut app, KeyCode::Tab);
    type_keys(&mut app, "x");
    key(&mut app, KeyCode::Enter);
    let Mode::Identify(dialog) = &app.mode else {
        panic!("the dialog stays open on an error")
    };
    assert_eq!(dialog.error.as_deref(), Some("年度应为数字，如 2023"));
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Enter);
    let Mode::Identify(dialog) = &app.mode else {
        panic!("the dialog stays open on an error")
    };
    assert_eq!(dialog.error.as_deref(), Some("请填写机关或年度"));
}

/// Sets the agency and year of the selected (untitled) report with `I`.
fn identify(app: &mut App) {
    type_keys(app, "I");
    type_keys(app, "阿拉善盟司法局");
    key(app, KeyCode::Tab);
    type_keys(app, "2019");
    key(app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Normal));
}

/// The untitled report with its agency and year set by hand with `I`.
fn on_identified(inbox: &std::path::Path) -> App {
    let mut app = on_untitled(inbox);
    identify(&mut app);
    app
}

fn listed_files(app: &App) -> Vec<String> {
    app.reports
        .iter()
        .map(|&i| app.entry(i).unwrap().report.file.clone())
        .collect()
}

#[test]
fn the_reports_filter_and_sort_use_the_agency_and_year_set_by_hand() {
    let inbox = seed_inbox();
    let mut app = on_identified(inbox.path());
    type_keys(&mut app, "/agency:阿拉善盟");
    key(&mut app, KeyCode::Enter);
    assert_eq!(listed_files(&app), vec!["zz_untitled.txt"]);
    key(&mut app, KeyCode::Esc);
    type_keys(&mut app, "/year:2019");
    key(&mut app, KeyCode::Enter);
    assert_eq!(listed_files(&app), vec!["zz_untitled.txt"]);
    key(&mut app, KeyCode::Esc);

    // By agency, in pinyin order: 阿拉善盟 (a-) first, not last with the reports of no agency.
    while app.sort != super::app::SortBy::Agency {
        app.update(Action::Sort);
    }
    assert_eq!(listed_files(&app)[0], "zz_untitled.txt");
    // By year, the latest first: 2019 is the oldest of the seeds, before those of no year.
    while app.sort != super::app::SortBy::Year {
        app.update(Action::Sort);
    }
    let files = listed_files(&app);
    let years: Vec<Option<i32>> = app
        .reports
        .iter()
        .map(|&i| app.shown_identity(&app.entry(i).unwrap().report).year)
        .collect();
    let at = files.iter().position(|f| f == "zz_untitled.txt").unwrap();
    assert_eq!(years[at], Some(2019));
    assert!(
        years[..at].iter().all(|y| y.is_some_and(|y| y >= 2019)),
        "{years:?}"
    );
    assert!(
        years[at + 1..].iter().all(|y| y.is_none_or(|y| y <= 2019)),
        "{years:?}"
    );
}

#[test]
fn a_report_status_set_before_the_agency_shows_in_the_per_agency_view_and_the_export_after() {
    let inbox = seed_inbox();
    let mut app = on_untitled(inbox.path());
    type_keys(&mut app, "p");
    assert!(matches!(app.mode, Mode::ReportStatus(_)));
    key(&mut app, KeyCode::Enter);
    let status = app.report_status(&app.selected_report().unwrap().report);
    assert!(status.is_some());
    identify(&mut app);

    // The per-agency view counts the status under the agency set.
    app.update(Action::Agencies);
    let agency = app
        .agencies
        .list
        .iter()
        .find(|p| p.agency.as_deref() == Some("阿拉善盟司法局"))
        .expect("the agency set is listed");
    assert_eq!(agency.statuses.iter().sum::<usize>(), 1);
    // The export's rows of the report carry it.
    let store = app.store.as_ref().unwrap();
    let reports =
        nianbao::triage::identified(app.inbox.entries().iter().map(|e| &e.report), Some(store));
    let review = nianbao::triage::Review::build(&reports, store);
    let rows: Vec<_> = review
        .rows
        .iter()
        .filter(|r| r.agency.as_deref() == Some("阿拉善盟司法局"))
        .collect();
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| r.report_status.as_ref().map(|s| s.0) == status.as_ref().map(|s| s.0)));
}

#[test]
fn the_reports_pane_hints_i_for_the_agency_and_year() {
    let inbox = seed_inbox();
    let app = on_untitled(inbox.path());
    let text = screen_sized(&app, 160, 40);
    let hints = text.lines().last().unwrap();
    assert!(hints.contains(" I  机关/年度"), "{hints}");
}

#[test]
fn dialogs_take_their_keys_from_the_key_map() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    let table: toml::Table =
        toml::from_str("[keys]\ndialog-accept = [\"Enter\", \"Ctrl-s\"]\ndialog-yes = \"j\"\n")
            .unwrap();
    let keys = table["keys"].as_table().unwrap();
    app.keymap =
        super::keymap::KeyMap::from_table(keys, std::path::Path::new("nianbao.toml")).unwrap();
    type_keys(&mut app, "vv");
    let flag = app.selected_flag().unwrap().1.fingerprint;
    type_keys(&mut app, "n已核实");
    app.handle_key(Key::ctrl('s'));
    assert!(matches!(app.mode, Mode::Normal));
    let store = app.store.as_ref().unwrap();
    assert_eq!(store.verdict(flag).note.as_deref(), Some("已核实"));

    // The bulk prompt's yes is the configured key; `y` no longer answers it.
    type_keys(&mut app, "*c");
    assert!(matches!(app.mode, Mode::Bulk(_)));
    type_keys(&mut app, "y");
    assert!(matches!(app.mode, Mode::Bulk(_)));
    type_keys(&mut app, "j");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.status(flag), Status::Confirmed);
}

#[test]
fn left_in_the_export_dialog_goes_to_the_previous_field() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    type_keys(&mut app, "e");
    let field = |app: &App| match &app.mode {
        Mode::Export(dialog) => dialog.field,
        _ => panic!("export dialog"),
    };
    assert_eq!(field(&app), 0);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    assert_eq!(field(&app), 2);
    key(&mut app, KeyCode::Left);
    assert_eq!(field(&app), 1);
}

#[test]
fn an_export_is_written_off_the_ui_thread_and_reports_back() {
    let inbox = seed_inbox();
    let mut app = loaded_app(inbox.path(), Lang::Zh);
    type_keys(&mut app, "e");
    key(&mut app, KeyCode::Enter);
    // Handed over: the dialog and the status bar say it is being written.
    let Mode::Export(dialog) = &app.mode else {
        panic!("export mode")
    };
    let path = dialog.writing.clone().expect("being written");
    assert!(dialog.result.is_none());
    assert!(screen(&app).contains("正在写入…"), "{}", screen(&app));
    // Keys other than Esc leave the dialog as it is.
    type_keys(&mut app, "j");
    assert!(matches!(&app.mode, Mode::Export(d) if d.writing.is_some() || d.result.is_some()));
    app.collect_work(true);
    assert!(!app.working());
    let Mode::Export(dialog) = &app.mode else {
        panic!("export mode")
    };
    let (written, rows) = dialog.result.clone().unwrap().unwrap();
    assert_eq!(written, path);
    assert!(path.is_file());
    assert!(last_event(&app).starts_with(&format!("已导出 {rows} 条")));

    // Closed while written: the outcome still reaches the status bar. A path that cannot be
    // written (a folder in its place) fails there, in Chinese.
    key(&mut app, KeyCode::Esc);
    std::fs::create_dir(inbox.path().join("占用.csv")).unwrap();
    type_keys(&mut app, "e");
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    type_keys(&mut app, "占用.csv");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Normal));
    // The dashboard takes keys while the worker writes.
    type_keys(&mut app, "j");
    app.collect_work(true);
    assert!(
        last_event(&app).starts_with("导出失败"),
        "{}",
        last_event(&app)
    );
    assert!(matches!(app.mode, Mode::Normal));
}
