//! End to end: the real `nianbao` dashboard in a detached tmux session, driven with `send-keys`
//! and read with `capture-pane`. Opens a copy of sample-reports, moves to 乌拉特中旗司法局,
//! confirms `period-reversed`, quits (the shell gets its screen back), starts again and finds
//! the flag still confirmed.
//!
//! Skipped, with a note, when tmux is not installed (`.ci/run` installs it).

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);
const AGENCY: &str = "乌拉特中旗司法局";

/// A tmux server of our own (its own socket), so the test never touches the user's sessions.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn new() -> Tmux {
        Tmux {
            socket: format!("nianbao-test-{}", std::process::id()),
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

fn tmux_installed() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Opens the dashboard and brings 乌拉特中旗司法局's `period-reversed` under the cursor.
fn open_period_reversed(tmux: &Tmux, command: &str) -> String {
    tmux.type_line(command);
    tmux.wait_for("the inbox to load", |s| s.contains("已载入 5 份报告"));
    // Filter to the agency (typed in Chinese), keep the filter, open its flags.
    tmux.keys(&["/"]);
    tmux.text(AGENCY);
    tmux.wait_for("the filter", |s| s.contains("报告 1/5"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the filter to be kept", |s| !s.contains("筛选（Enter"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the flags of the agency", |s| {
        // The title reads 「问题 N — 机关 年度」; N grows with the catalogue.
        s.contains(&format!(" — {AGENCY} 2023")) && s.contains("period-reversed")
    });
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

fn quit(tmux: &Tmux, run: usize) {
    tmux.keys(&["q"]);
    let marker = format!("exit{run}=0");
    let screen = tmux.wait_for("the dashboard to quit", |s| s.contains(&marker));
    assert!(!tmux.alternate_screen(), "the alternate screen is left");
    let last = screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
    assert_eq!(
        last.trim_end(),
        "nb$",
        "the shell prompt is back:\n{screen}"
    );
}

#[test]
fn confirm_a_flag_quit_and_find_it_confirmed() {
    // A missing tmux fails the test rather than skipping it: .ci/run installs tmux.
    assert!(
        tmux_installed(),
        "tmux is not installed: install it (apt-get install tmux) to run the dashboard's end-to-end test"
    );
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-reports");
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, inbox.join(path.file_name().unwrap())).unwrap();
    }
    let binary = env!("CARGO_BIN_EXE_nianbao");
    let command = |run: usize| format!("'{binary}' inbox --user tester; echo \"exit{run}=$?\"");

    let tmux = Tmux::new();
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
    quit(&tmux, 1);
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
    quit(&tmux, 2);
}
