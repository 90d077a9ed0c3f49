//! Triage from the dashboard: decisions on the flag under the cursor or on the marked ones,
//! marks, jumps between open errors, undo and redo.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tui_input::Input;

use nianbao::flag::{Fingerprint, Severity};
use nianbao::i18n::Lang;
use nianbao::triage::{self, Appender, Identified, ReportRef, RowStatus, TriageStore, Written};

use crate::tui::text::clean;
use crate::tui::worker::JournalWorker;

use super::dialogs::identity_text;
use super::*;

pub(crate) fn past(action: triage::Action, lang: Lang) -> &'static str {
    match action {
        triage::Action::Confirm => lang.pick("已确认", "confirmed"),
        triage::Action::Dismiss => lang.pick("已驳回", "dismissed"),
        triage::Action::Reopen => lang.pick("已重新打开", "reopened"),
        triage::Action::Note => lang.pick("已批注", "note saved"),
        triage::Action::Pass => lang.pick("已标为通过", "marked passed"),
        triage::Action::Return => lang.pick("已退回整改", "returned for correction"),
        triage::Action::Reviewed => lang.pick("已标为已审", "marked reviewed"),
        triage::Action::Identify => lang.pick("已设定机关/年度", "agency/year set"),
    }
}

impl App {
    /// `c`, `d`, `o`: decides the marked flags (after a prompt naming their count), or else
    /// the flag under the cursor. Only where a flag cursor is: elsewhere the key would decide
    /// a flag the supervisor is not looking at.
    pub(crate) fn decide(&mut self, action: triage::Action) {
        let lang = self.lang;
        if self.focus != Pane::Flags {
            self.announce(
                lang.pick(
                    "请在问题窗格中审核（按 Tab 或 Enter 前往）",
                    "decide in the Flags pane (Tab or Enter goes there)",
                )
                .to_string(),
            );
            return;
        }
        if !self.marks.is_empty() {
            let count = self.marked_flags().len();
            if count == 0 {
                self.marks.clear();
                self.announce(
                    lang.pick(
                        "标记的问题已不在收件箱中",
                        "the marked flags are no longer in the inbox",
                    )
                    .to_string(),
                );
                return;
            }
            self.mode = Mode::Bulk(BulkPrompt {
                action,
                count,
                reason: Input::default(),
            });
            return;
        }
        // A folded row is decided as a whole.
        let row = self.row_flags(self.flag_cursor.selected);
        if !row.is_empty() && row.iter().all(|&f| self.is_gone(f)) {
            self.announce(
                lang.pick(
                    "该问题已不在报告中，无需再审核",
                    "this flag is gone from its report: nothing to decide",
                )
                .to_string(),
            );
            return;
        }
        let targets: Vec<FlagRef> = row.iter().copied().filter(|&f| !self.is_gone(f)).collect();
        if targets.is_empty() {
            self.announce(lang.pick("没有选中的问题", "no flag selected").to_string());
            return;
        }
        if self.record_decisions(&targets, action, None) && targets.len() == 1 {
            self.last_decided = self.flag_key(targets[0]);
        }
    }

    /// Records one decision per flag, as one bulk decision when there are several (one undo
    /// reverts them all), says what was done and refreshes the lists. Returns whether it was
    /// recorded.
    pub(crate) fn record_decisions(
        &mut self,
        targets: &[FlagRef],
        action: triage::Action,
        note: Option<String>,
    ) -> bool {
        let lang = self.lang;
        let Some(store) = self.store.as_mut() else {
            self.announce_unrecordable();
            return false;
        };
        let entries = self.inbox.entries();
        // One reference per report, shared by its flags' decisions.
        let mut reports: HashMap<usize, Arc<ReportRef>> = HashMap::new();
        let mut decisions = Vec::with_capacity(targets.len());
        for target in targets {
            let Some(entry) = entries.get(target.entry) else {
                continue;
            };
            let Some(flag) = entry.report.flags.get(target.flag) else {
                continue;
            };
            let report = reports
                .entry(target.entry)
                .or_insert_with(|| Arc::new(ReportRef::of(&entry.report, entry.content_hash)));
            let mut decision = store.decide_flag(report.clone(), flag, action);
            decision.note = note.clone();
            decisions.push(decision);
        }
        let text = match decisions.as_slice() {
            [] => return false,
            [one] => {
                let who = targets
                    .first()
                    .and_then(|t| entries.get(t.entry))
                    .and_then(|e| Identified::of(&e.report, Some(&*store)).agency)
                    .map(|a| format!("（{}）", clean(a)))
                    .unwrap_or_default();
                format!("{}：{}{who}", past(action, lang), one.code)
            }
            many => match lang {
                Lang::Zh => format!("{} {} 个问题", past(action, lang), many.len()),
                Lang::En => format!("{} {} flags", past(action, lang), many.len()),
            },
        };
        let paths: Vec<PathBuf> = reports
            .keys()
            .filter_map(|&i| entries.get(i).map(|e| e.report.path.clone()))
            .collect();
        let recorded = if decisions.len() == 1 {
            store.record(decisions.remove(0))
        } else {
            store.record_batch(decisions).map(|_| ())
        };
        match recorded {
            Ok(()) => {
                self.store_len = store.len();
                for path in &paths {
                    self.inbox.mark_seen(path);
                }
                self.announce(text);
                self.refresh();
                self.send_writes();
                true
            }
            Err(error) => {
                self.announce_recording_failed(&error);
                false
            }
        }
    }

    /// The marked flags still in the inbox, in the inbox's order.
    pub(crate) fn marked_flags(&self) -> Vec<FlagRef> {
        let mut found = Vec::with_capacity(self.marks.len());
        for (index, entry) in self.inbox.entries().iter().enumerate() {
            let path = entry.report.path.as_path();
            found.extend(
                (0..entry.report.flags.len())
                    .filter(|&i| self.marks.contains(path, entry.report.flags[i].fingerprint))
                    .map(|flag| FlagRef { entry: index, flag }),
            );
            if found.len() == self.marks.len() {
                break;
            }
        }
        found
    }

    /// A flag's identity: its report's file and its fingerprint.
    pub(crate) fn flag_key(&self, flag: FlagRef) -> Option<(PathBuf, Fingerprint)> {
        let (entry, flag) = self.flag(flag)?;
        Some((entry.report.path.clone(), flag.fingerprint))
    }

    /// The flag of the report at `path` with `fingerprint`, wherever the lists are.
    pub(crate) fn find_flag(
        &self,
        path: &std::path::Path,
        fingerprint: Fingerprint,
    ) -> Option<FlagRef> {
        let entries = self.inbox.entries();
        let entry = entries
            .iter()
            .position(|e| e.report.path.as_os_str() == path.as_os_str())?;
        let flag = entries[entry]
            .report
            .flags
            .iter()
            .position(|f| f.fingerprint == fingerprint)?;
        Some(FlagRef { entry, flag })
    }

    /// Says that marking happens in the Flags pane; true when the focus is elsewhere.
    pub(crate) fn not_in_flags(&mut self) -> bool {
        if self.focus == Pane::Flags {
            return false;
        }
        self.announce(
            self.lang
                .pick(
                    "请在问题窗格中标记（按 Tab 或 Enter 前往）",
                    "mark flags in the Flags pane (Tab or Enter goes there)",
                )
                .to_string(),
        );
        true
    }

    /// `space`: marks or unmarks the flag under the cursor, then moves down.
    pub(crate) fn mark(&mut self) {
        if self.not_in_flags() {
            return;
        }
        // A folded row is marked as a whole: unmarked when all of it was marked.
        let keys: Vec<_> = self
            .row_flags(self.flag_cursor.selected)
            .iter()
            .filter(|&&f| !self.is_gone(f))
            .filter_map(|&f| self.flag_key(f))
            .collect();
        let all = keys.iter().all(|(path, fp)| self.marks.contains(path, *fp));
        for (path, fingerprint) in &keys {
            if all {
                self.marks.remove(path, *fingerprint);
            } else {
                self.marks.insert(path, *fingerprint);
            }
        }
        self.move_by(1);
    }

    /// `*`: marks every flag the Flags pane lists (after its filters).
    pub(crate) fn mark_all(&mut self) {
        if self.not_in_flags() {
            return;
        }
        let listed = if self.folded {
            self.members.iter().flatten().collect::<Vec<_>>()
        } else {
            self.flags.iter().collect()
        };
        // A flag that is gone is never decided again: never marked.
        let keys: Vec<(PathBuf, Fingerprint)> = listed
            .into_iter()
            .filter(|&&f| !self.is_gone(f))
            .filter_map(|&f| self.flag_key(f))
            .collect();
        for (path, fingerprint) in keys {
            self.marks.insert(&path, fingerprint);
        }
        let count = self.marks.len();
        self.announce(match self.lang {
            Lang::Zh => format!("已标记 {count} 个问题"),
            Lang::En => format!("{count} flags marked"),
        });
    }

    /// `]` / `[`: the next (previous) open error in the order of the view, across reports,
    /// round to the start (end) after the last (first). Folded, a row with an open error
    /// counts once.
    pub(crate) fn jump_to_error(&mut self, forward: bool) {
        let is_open_error = |flag: &FlagRef| {
            self.flag_at(flag.entry, flag.flag).severity == Severity::Error
                && self.row_status(*flag) == RowStatus::Open
        };
        let rows_of = |flags: Vec<FlagRef>| -> Vec<Vec<FlagRef>> {
            if self.folded {
                triage::fold::fold(&flags, |f| self.fold_key(*f))
            } else {
                flags.into_iter().map(|f| vec![f]).collect()
            }
        };
        // The lists to search, in view order: each report's passing flags, or the one list.
        let lists: Vec<(Option<usize>, Vec<Vec<FlagRef>>)> = match self.view {
            View::ByReport => self
                .reports
                .iter()
                .enumerate()
                .map(|(position, &entry)| {
                    let flags = self
                        .passing(entry)
                        .iter()
                        .map(|&flag| FlagRef { entry, flag })
                        .collect();
                    (Some(position), rows_of(flags))
                })
                .collect(),
            View::ByRule | View::Queue => {
                let flags = (0..self.flags.len())
                    .flat_map(|row| self.row_flags(row).iter().copied())
                    .collect();
                vec![(None, rows_of(flags))]
            }
        };
        let current_list = match self.view {
            View::ByReport => self.report_cursor.selected,
            _ => 0,
        };
        let current = self.flags.get(self.flag_cursor.selected).copied();
        // Every (list, row) in order, starting just after (before) the cursor and coming back
        // round to it.
        let rows: Vec<(usize, usize)> = lists
            .iter()
            .enumerate()
            .flat_map(|(l, (_, rows))| (0..rows.len()).map(move |r| (l, r)))
            .collect();
        let here = rows
            .iter()
            .position(|&(l, r)| l == current_list && Some(lists[l].1[r][0]) == current);
        let n = rows.len();
        let found = (1..=n).find_map(|step| {
            let index = match (here, forward) {
                (Some(h), true) => (h + step) % n,
                (Some(h), false) => (h + n - step % n) % n,
                (None, true) => step - 1,
                (None, false) => n - step,
            };
            let (l, r) = rows[index];
            let row = &lists[l].1[r];
            row.iter()
                .any(is_open_error)
                .then_some((lists[l].0, row[0]))
        });
        let Some((report_position, flag)) = found else {
            self.announce(
                self.lang
                    .pick("没有待审核的错误", "no open errors")
                    .to_string(),
            );
            return;
        };
        if let Some(position) = report_position {
            let height = self.list_height(Pane::Reports);
            self.report_cursor.set(position, self.reports.len(), height);
            self.selected_report = self.report_identity(position);
            self.mark_selected_seen();
        }
        self.selected_flag = self.flag_key(flag);
        self.focus = Pane::Flags;
        self.select();
    }

    /// Undoes the last (bulk) decision, or with `redo` makes again what the last undo
    /// reverted.
    pub(crate) fn undo_or_redo(&mut self, redo: bool) {
        let lang = self.lang;
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let (done, words) = if redo {
            (
                store.redo(),
                [
                    lang.pick("已重做", "redone"),
                    lang.pick("没有可重做的操作", "nothing to redo"),
                    lang.pick("重做失败", "redo failed"),
                ],
            )
        } else {
            (
                store.undo_batch(),
                [
                    lang.pick("已撤销", "undone"),
                    lang.pick("没有可撤销的操作", "nothing to undo"),
                    lang.pick("撤销失败", "undo failed"),
                ],
            )
        };
        self.after_undo_or_redo(done, words);
    }

    /// Says what an undo or a redo did: one decision by its rule and the status it left, a
    /// bulk one by its count.
    pub(crate) fn after_undo_or_redo(
        &mut self,
        done: Result<Vec<triage::Decision>, triage::TriageError>,
        [verb, nothing, failed]: [&str; 3],
    ) {
        let lang = self.lang;
        match done {
            Ok(decisions) if decisions.is_empty() => self.announce(nothing.to_string()),
            Ok(decisions) => {
                let text = match decisions.as_slice() {
                    [decision] if decision.code.as_ref() == triage::REPORT_STATUS_CODE => {
                        let status = self
                            .store
                            .as_ref()
                            .and_then(|s| s.verdict(decision.fingerprint).report_status);
                        format!(
                            "{verb}：{} → {}",
                            lang.pick("报告状态", "report status"),
                            status.map_or(lang.pick("无", "none"), |s| s.label(lang))
                        )
                    }
                    [decision] if decision.code.as_ref() == triage::REPORT_IDENTITY_CODE => {
                        let set = self
                            .store
                            .as_ref()
                            .and_then(|s| s.report_identity(&decision.report));
                        format!(
                            "{verb}：{} → {}",
                            lang.pick("机关/年度", "agency/year"),
                            set.map_or(lang.pick("未设置", "not set").to_string(), |(a, y)| {
                                identity_text(a.as_deref(), y)
                            })
                        )
                    }
                    [decision] => format!(
                        "{verb}：{} → {}",
                        clean(&decision.code),
                        self.status(decision.fingerprint).label(lang)
                    ),
                    many => match lang {
                        Lang::Zh => format!("{verb}：{} 个问题", many.len()),
                        Lang::En => format!("{verb}: {} flags", many.len()),
                    },
                };
                self.store_len = self.store.as_ref().map_or(0, TriageStore::len);
                self.announce(text);
                self.refresh();
                self.send_writes();
            }
            Err(error) => self.announce_error(format!("{failed}: {}", clean(&error.display(lang)))),
        }
    }
}

/// Journal writes off the UI thread: the store shows a decision at once, and its lines go to
/// the journal thread ([`crate::tui::worker::JournalWorker`]) in the order they were made.
impl App {
    /// From now on, writes the journal on a thread of its own (the dashboard does; tests that
    /// read the journal right after a key keep writing in place). When no thread can be
    /// started, the store goes on writing in place.
    pub fn write_journal_off_thread(&mut self) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        if self.journal.is_some() {
            return;
        }
        if let Some(worker) = JournalWorker::journal(store.appender()) {
            store.defer_writes();
            self.journal = Some(worker);
        }
    }

    /// Hands the journal writes of the decisions just made to the journal thread, in order;
    /// if the thread is gone, writes them here.
    pub(crate) fn send_writes(&mut self) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let mut here: Option<Appender> = None;
        let mut outcomes = Vec::new();
        for write in store.take_writes() {
            let unsent = match self.journal.as_mut() {
                Some(worker) => worker.send(write).err(),
                None => Some(write),
            };
            if let Some(write) = unsent {
                // One appender for all of them: after a failure it skips the rest of the run.
                let appender = here.get_or_insert_with(|| store.appender());
                outcomes.push(appender.append(write));
            }
        }
        for outcome in outcomes {
            self.on_written(outcome);
        }
    }

    /// Applies what came of the journal writes so far; with `wait`, waits for all of them.
    /// Whether anything came.
    pub(crate) fn collect_writes(&mut self, wait: bool) -> bool {
        let mut any = false;
        while let Some(outcome) = self.journal.as_mut().and_then(|w| w.next(wait)) {
            self.on_written(outcome);
            any = true;
        }
        any
    }

    /// A journal write's outcome: a failure says what was lost (the store has dropped the
    /// decisions that never reached the journal, so the panes show what it holds).
    fn on_written(&mut self, outcome: Written) {
        let lang = self.lang;
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let Err(failed) = store.written(outcome) else {
            return;
        };
        self.store_len = store.len();
        let error = clean(&failed.error.display(lang));
        let lost = failed.lost;
        let text = match lang {
            Lang::Zh => format!("保存失败：{error}；{lost} 个决定未写入审核记录，已撤回"),
            Lang::En => format!(
                "saving failed: {error}; {lost} decisions not written to the journal were withdrawn"
            ),
        };
        self.lost_writes = Some(text.clone());
        self.announce_error(text);
        self.refresh();
    }

    /// Before quitting: says so when decisions are still being saved (the caller then draws
    /// a frame, so the wait is visible). Whether it said so.
    pub fn begin_quit(&mut self) -> bool {
        if !self.saving() {
            return false;
        }
        self.announce(
            self.lang
                .pick("正在保存…，保存完毕后退出", "saving… quitting when done")
                .to_string(),
        );
        true
    }

    /// Quitting: waits for the export being written and for every journal write. A journal
    /// write that fails meanwhile is returned, to be said once the dashboard is gone.
    pub fn finish(&mut self) -> Result<(), String> {
        self.lost_writes = None;
        self.collect_work(true);
        match self.lost_writes.take() {
            Some(text) => Err(text),
            None => Ok(()),
        }
    }

    /// Ends the dashboard as the process exits, after [`App::finish`]: what it holds for every
    /// report (the inbox, the lists worked out from it) is left to the operating system
    /// ([`Inbox::leave`]: freeing it block by block is work done for nothing); the rest
    /// (the triage store, the worker threads' channels) is dropped as usual.
    pub fn leave(mut self) {
        std::mem::take(&mut self.inbox).leave();
        std::mem::forget((
            std::mem::take(&mut self.files),
            std::mem::take(&mut self.gone),
            self.matched.take(),
            std::mem::take(&mut self.reports),
            std::mem::take(&mut self.flags),
        ));
    }
}
