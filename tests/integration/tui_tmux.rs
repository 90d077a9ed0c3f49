//! End to end: the real `nianbao` dashboard in a detached tmux session, driven with `send-keys`
//! and read with `capture-pane`. Opens a copy of sample-reports, moves to 乌拉特中旗司法局,
//! confirms `period-reversed`, quits (the shell gets its screen back), starts again and finds
//! the flag still confirmed; then marks two flags, dismisses both with one prompt and a reason,
//! undoes and redoes them as one, finds both dismissed after a restart, and returns the report
//! for correction (its status, with a note); then looks instead of reading: the report's tables
//! as grids (`t`) and the progress of every agency (`A`, sorted with `S`).
//!
//! Needs tmux: without it the test fails with a message saying so (`.ci/run` installs it).

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long a step may take before the test fails. Quitting waits for the journal's `fsync`,
/// which a machine busy writing other files can hold up: once, in a full test run beside
/// `bench/same-output.sh`, a quit took over a minute. A hang still fails, only later.
const TIMEOUT: Duration = Duration::from_secs(180);
const AGENCY: &str = "乌拉特中旗司法局";

/// A tmux server of our own (its own socket), so the test never touches the user's sessions.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// A server named after the process and the test: the tests of this file run in
    /// parallel, each with its own server.
    fn new(test: &str) -> Tmux {
        Tmux {
            socket: format!("nianbao-test-{}-{test}", std::process::id()),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-u")
            .args(["-L", &self.socket])
            .args(args)
            .env("LC_ALL", "C.UTF-8")
            .output()
            .expect("tmux runs")
    }

    fn start_shell(&self, cwd: &Path) {
        let cwd = cwd.to_str().expect("utf-8 path");
        let output = self.run(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "160",
            "-y",
            "45",
            "-c",
            cwd,
            "env",
            "PS1=nb$ ",
            "TERM=xterm-256color",
            "sh",
        ]);
        assert!(output.status.success(), "tmux: {output:?}");
    }

    /// Types a line into the shell.
    fn type_line(&self, line: &str) {
        self.run(&["send-keys", "-t", "t", "-l", line]);
        self.run(&["send-keys", "-t", "t", "Enter"]);
    }

    /// Sends keys by tmux name (`Enter`, `j`, `Escape`).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Sends text literally (Chinese included).
    fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "t", "-l", text]);
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    fn alternate_screen(&self) -> bool {
        let output = self.run(&["display-message", "-p", "-t", "t", "#{alternate_on}"]);
        String::from_utf8_lossy(&output.stdout).trim() == "1"
    }

    /// Polls the screen until `ready` holds; fails with the screen after the timeout.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// The line of the selected flag row with `code` (selected rows start with the `>` marker).
fn selected_row<'a>(screen: &'a str, code: &str) -> Option<&'a str> {
    let pattern = format!("> 错误 {code}");
    screen.lines().find(|line| line.contains(&pattern))
}

/// The end-to-end test needs tmux: without it the test fails and says so, rather than passing
/// without having run (`.ci/run` installs tmux).
fn require_tmux() {
    let installed = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        installed,
        "the dashboard's end-to-end test drives it in tmux: install tmux (apt-get install tmux)"
    );
}

/// Opens the dashboard and brings 乌拉特中旗司法局's `period-reversed` under the cursor.
fn open_period_reversed(tmux: &Tmux, command: &str) -> String {
    open_agency(tmux, command);
    for _ in 0..4 {
        let screen = tmux.screen();
        if selected_row(&screen, "period-reversed").is_some() {
            return screen;
        }
        tmux.keys(&["j"]);
        std::thread::sleep(Duration::from_millis(100));
    }
    tmux.wait_for("period-reversed selected", |s| {
        selected_row(s, "period-reversed").is_some()
    })
}

/// Opens the dashboard with 乌拉特中旗司法局's flags in the focused Flags pane.
fn open_agency(tmux: &Tmux, command: &str) -> String {
    tmux.type_line(command);
    tmux.wait_for("the inbox to load", |s| s.contains("已载入 5 份报告"));
    // Filter to the agency (typed in Chinese), keep the filter, open its flags.
    tmux.keys(&["/"]);
    tmux.text(AGENCY);
    tmux.wait_for("the filter", |s| s.contains("报告 1/5"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the filter to be kept", |s| !s.contains("（Enter 保留"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the flags of the agency", |s| {
        // The title reads 「问题 N — 机关 年度」; N grows with the catalogue.
        s.contains(&format!(" — {AGENCY} 2023")) && s.contains("period-reversed")
    })
}

fn quit(tmux: &Tmux, run: usize) {
    tmux.keys(&["q"]);
    let marker = format!("exit{run}=0");
    // The shell prints the exit status and then its prompt: a screen taken between the two
    // is no failure, so the wait is for both (and fails if the prompt never comes back).
    let screen = tmux.wait_for("the dashboard to quit and the prompt to come back", |s| {
        s.contains(&marker) && last_line(s) == "nb$"
    });
    assert!(!tmux.alternate_screen(), "the alternate screen is left");
    assert_eq!(
        last_line(&screen),
        "nb$",
        "the shell prompt is back:\n{screen}"
    );
}

/// The screen's last line that is not blank, without its trailing spaces.
fn last_line(screen: &str) -> &str {
    screen
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim_end()
}

/// A copy of sample-reports in `dir/inbox`, and the shell command that opens the dashboard on
/// it (run `run` echoes its exit code as `exit<run>=<code>`), with `dir/tmp` as its temporary
/// folder (see [`spill_files`]).
fn seed_inbox(dir: &Path) -> (std::path::PathBuf, impl Fn(usize) -> String) {
    let inbox = dir.join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-reports");
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, inbox.join(path.file_name().unwrap())).unwrap();
    }
    let tmp = dir.join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let tmp = tmp.to_str().expect("utf-8 path").to_string();
    let binary = env!("CARGO_BIN_EXE_nianbao");
    let command = move |run: usize| {
        format!("TMPDIR='{tmp}' '{binary}' inbox --user tester; echo \"exit{run}=$?\"")
    };
    (inbox, command)
}

/// The files in the dashboard's temporary folder: its cross index's spill file while it runs,
/// none once it has quit (it leaves its reports to the system at exit, not the spill file).
fn spill_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir.join("tmp"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn confirm_a_flag_quit_and_find_it_confirmed() {
    require_tmux();
    let dir = tempfile::tempdir().unwrap();
    let (inbox, command) = seed_inbox(dir.path());
    // A roster beside the inbox (a file in it would be counted as a skipped file): the
    // supervisor's list, one agency of the seeds by its short name and one that never filed.
    std::fs::write(
        dir.path().join("nianbao.toml"),
        "[roster]\nfile = \"名单.csv\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("名单.csv"),
        "机关名称,分组\n陕州区司法局,部门\n甲县民政局,部门\n",
    )
    .unwrap();

    let tmux = Tmux::new("confirm");
    tmux.start_shell(dir.path());
    tmux.wait_for("the shell", |s| s.contains("nb$"));

    let screen = open_period_reversed(&tmux, &command(1));
    let row = selected_row(&screen, "period-reversed").unwrap();
    assert!(row.contains("待审核"), "open before: {row}");
    tmux.keys(&["c"]);
    let screen = tmux.wait_for("the confirmation", |s| {
        s.contains("已确认：period-reversed（乌拉特中旗司法局）")
    });
    let row = selected_row(&screen, "period-reversed").unwrap();
    assert!(row.contains("确认") && !row.contains("待审核"), "{row}");
    let spilled = spill_files(dir.path());
    assert!(
        spilled.len() == 1 && spilled[0].starts_with(".nianbao-cross-"),
        "the cross index spills to the temporary folder: {spilled:?}"
    );
    quit(&tmux, 1);
    assert_eq!(
        spill_files(dir.path()),
        Vec::<String>::new(),
        "no spill file left"
    );
    assert!(inbox.join(".nianbao/journal/tester.jsonl").is_file());

    let screen = open_period_reversed(&tmux, &command(2));
    let row = selected_row(&screen, "period-reversed").unwrap();
    assert!(
        row.contains("确认") && !row.contains("待审核"),
        "still confirmed: {row}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains(AGENCY) && l.contains(" 1/")),
        "the report shows one flag reviewed:\n{screen}"
    );

    // The tables of the report as grids, in place of the text, and back.
    for title in ["表二（表格", "表三（表格", "表四（表格"] {
        tmux.keys(&["t"]);
        tmux.wait_for(title, |s| s.contains(title));
    }
    let screen = tmux.screen();
    assert!(
        screen.contains("未经复议直接起诉") && screen.contains("结果维持"),
        "表四 with the template's labels:\n{screen}"
    );
    tmux.keys(&["t"]);
    tmux.wait_for("the text again", |s| s.contains("原文窗格：原文"));
    tmux.keys(&["t"]);
    tmux.wait_for("the view following the flag", |s| {
        s.contains("问题在表格中时显示表格") && s.contains("原文 —")
    });

    // Every agency with its progress: 乌拉特中旗司法局 has its confirmed flag in the bar.
    tmux.keys(&["A"]);
    // Drawn in full: the title is written first, the agencies' rows after it, and a capture
    // taken in between still shows the panes' lines (乌拉特中旗司法局's among them) below the
    // rows drawn so far. 乌拉特中旗司法局 comes last in pinyin order, so its row with the
    // bar is the sign the view is all there; the wait fails if the bar never shows.
    let agency_bar = |s: &str| {
        s.lines()
            .any(|l| l.contains(AGENCY) && l.contains('█') && l.contains('░'))
    };
    let screen = tmux.wait_for("the per-agency view with the agency's progress bar", |s| {
        s.contains("各机关审核进度（5 个机关）") && agency_bar(s)
    });
    let names = [
        "北关区司法局",
        "聊城市司法局",
        "三门峡市陕州区司法局",
        AGENCY,
    ];
    let at: Vec<usize> = names
        .iter()
        .map(|n| screen.find(n).expect("every agency"))
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "pinyin order:\n{screen}"
    );
    tmux.keys(&["S"]);
    tmux.wait_for("the sort by open flags", |s| s.contains("按待审核数"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the panes again", |s| !s.contains("各机关审核进度"));

    // The roster: who filed for the latest year, and who did not.
    tmux.keys(&["R"]);
    // Waits for the rows too: a capture can catch a frame half drawn.
    let screen = tmux.wait_for("the roster view", |s| {
        s.contains("报送情况 2024年度") && s.contains("甲县民政局") && s.contains("未报送 1")
    });
    let row = screen
        .lines()
        .find(|l| l.contains("甲县民政局"))
        .expect("the missing agency's row");
    assert!(row.contains("未报送"), "{row}");
    let row = screen
        .lines()
        .find(|l| l.contains("陕州区司法局"))
        .expect("the filed agency's row");
    assert!(row.contains("已报送"), "{row}");
    assert!(screen.contains("未报送 1"), "{screen}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("the panes again", |s| !s.contains("报送情况"));

    // The export is written off the UI thread and says so when it is done: the confirmed
    // flag, to the file typed.
    tmux.keys(&["e"]);
    tmux.wait_for("the export dialog", |s| s.contains("将导出"));
    // The format after xlsx is csv.
    tmux.keys(&["j"]);
    for _ in 0..3 {
        tmux.keys(&["Tab"]);
    }
    tmux.text("整改.csv");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the export written", |s| s.contains("已导出 1 条"));
    let csv = String::from_utf8_lossy(&std::fs::read(inbox.join("整改.csv")).unwrap()).into_owned();
    assert!(
        csv.contains("period-reversed") && csv.contains(AGENCY),
        "{csv}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("the panes again", |s| !s.contains("将导出"));
    quit(&tmux, 2);
}

#[test]
fn bulk_dismissal_undo_redo_and_a_report_status_survive_a_restart() {
    require_tmux();
    let dir = tempfile::tempdir().unwrap();
    let (inbox, command) = seed_inbox(dir.path());
    let tmux = Tmux::new("bulk");
    tmux.start_shell(dir.path());
    tmux.wait_for("the shell", |s| s.contains("nb$"));

    open_agency(&tmux, &command(1));
    // Space marks the flag under the cursor and moves down: two flags marked.
    tmux.keys(&["Space"]);
    tmux.keys(&["Space"]);
    tmux.wait_for("two marks in the title", |s| s.contains("已标记 2"));
    // One prompt for both, the reason typed in it.
    tmux.keys(&["d"]);
    tmux.wait_for("the bulk prompt", |s| s.contains("驳回 2 个问题？ 理由："));
    tmux.text("模板问题");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the bulk dismissal", |s| s.contains("已驳回 2 个问题"));
    assert!(
        !screen.contains("已标记"),
        "the marks are cleared:\n{screen}"
    );
    // One u undoes both; Ctrl-r makes both again.
    tmux.keys(&["u"]);
    tmux.wait_for("the undo", |s| s.contains("已撤销：2 个问题"));
    tmux.keys(&["C-r"]);
    tmux.wait_for("the redo", |s| s.contains("已重做：2 个问题"));
    quit(&tmux, 1);
    let journal = std::fs::read_to_string(inbox.join(".nianbao/journal/tester.jsonl")).unwrap();
    assert_eq!(
        journal.matches("模板问题").count(),
        4,
        "dismissed, undone, redone:\n{journal}"
    );

    let screen = open_agency(&tmux, &command(2));
    assert!(
        screen
            .lines()
            .any(|l| l.contains(AGENCY) && l.contains(" 2/")),
        "the report shows two flags reviewed:\n{screen}"
    );
    // The first two flags of the report, the ones marked, are dismissed.
    for code in ["period-reversed", "period-year-mismatch"] {
        let row = screen
            .lines()
            .find(|l| l.contains(&format!("错误 {code} ")))
            .unwrap_or_else(|| panic!("{code} listed:\n{screen}"));
        assert!(row.contains("驳回"), "{row}");
    }

    // The report's status: 退回整改 with a note, shown in the Reports pane and journaled.
    tmux.keys(&["p"]);
    tmux.wait_for("the status dialog", |s| {
        s.contains("报告状态 — 乌拉特中旗司法局 2023")
    });
    tmux.keys(&["Down"]);
    tmux.text("表三请重新填报");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the status", |s| {
        s.contains("已退回整改：乌拉特中旗司法局 2023")
    });
    assert!(
        screen
            .lines()
            .any(|l| l.contains(AGENCY) && l.contains(" 2/") && l.contains("退回")),
        "the Reports pane shows the status:\n{screen}"
    );
    quit(&tmux, 2);
    let journal = std::fs::read_to_string(inbox.join(".nianbao/journal/tester.jsonl")).unwrap();
    assert!(
        journal.contains("\"action\":\"return\"") && journal.contains("表三请重新填报"),
        "{journal}"
    );
}

/// A report the PDF crates panic on is a flag like any unreadable file: the dashboard goes on in
/// its screen (the panic hook, which restores the terminal for a panic of nianbao's own, keeps
/// out of a caught one), no panic message is written over it, and it quits as usual.
#[test]
fn a_pdf_that_panics_the_reader_leaves_the_dashboard_on_its_screen() {
    require_tmux();
    let dir = tempfile::tempdir().unwrap();
    let (inbox, command) = seed_inbox(dir.path());
    std::fs::write(
        inbox.join("甲县民政局.pdf"),
        crate::pdf::pdf_whose_font_map_panics_the_reader(),
    )
    .unwrap();

    let tmux = Tmux::new("pdfpanic");
    tmux.start_shell(dir.path());
    tmux.wait_for("the shell", |s| s.contains("nb$"));
    tmux.type_line(&command(1));
    let screen = tmux.wait_for("the inbox to load", |s| s.contains("已载入 6 份报告"));
    assert!(tmux.alternate_screen(), "the dashboard keeps its screen");
    assert!(!screen.contains("panicked"), "{screen}");
    // The file is listed with its flag.
    tmux.keys(&["/"]);
    tmux.text("甲县民政局");
    let screen = tmux.wait_for("the filter", |s| s.contains("报告 1/6"));
    assert!(tmux.alternate_screen(), "the dashboard keeps its screen");
    assert!(!screen.contains("panicked"), "{screen}");
    // Esc clears the filter. The quit waits for it: an Esc and a `q` read together are one
    // Alt+q, which quits nothing (once, under load, the dashboard stayed up for 180 s).
    tmux.keys(&["Escape"]);
    tmux.wait_for("the filter cleared", |s| !s.contains("筛选："));
    quit(&tmux, 1);
}
