//! `nianbao watch INBOX --format jsonl`: the watcher headless, one JSON line per change.
//!
//! Lines (written out as soon as no other event waits, and at most [`GATHER`] after the first of
//! a scan's reports; each starts with `"schema_version":1`, left out below):
//!
//! ```text
//! {"event":"scan-started","total":5,"trigger":"initial-scan"}
//! {"event":"loaded","path":"inbox/a.txt","agency":"…","year":2023,"errors":1,"warnings":0,"infos":2,"change":"added","trigger":"initial-scan"}
//! {"event":"scan-finished","reports":5,"elapsed_ms":12,"trigger":"initial-scan"}
//! {"event":"watching","active":true}
//! {"event":"rechecked","path":"inbox/b.txt","agency":"…","year":2022,"errors":1,"warnings":0,"infos":0,"trigger":"change"}
//! {"event":"removed","path":"inbox/a.txt"}
//! {"event":"error","message":"…"}
//! ```
//!
//! The events go through an [`Inbox`], so a report read again with the same content (by a
//! rescan) prints nothing. The counts include the cross-report flags: a `rechecked` line tells
//! that another report's flags changed because this one arrived, changed or left (after a scan,
//! one for each report whose cross-report flags the scan's reports raised). Paths are printed
//! under the inbox as the user gave it.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, TryRecvError};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use nianbao::flag::Severity;
use nianbao::inbox::{Change, Inbox, InboxEvent, Trigger, CROSS_FAILURE_EN, CROSS_FAILURE_ZH};
use nianbao::pipeline::{CheckOptions, CheckedReport};
use nianbao::sanitize::escape_terminal_controls;
use nianbao::schema::versioned;

use super::{spawn_with, Settings, WatchError};

/// How often the loop looks at the requests and whether stdout is still open while no event
/// comes.
const TICK: Duration = Duration::from_millis(100);

/// How long the loop lets a scan's reports gather before it writes their lines. Waiting on the
/// channel for each of them made every report wake this thread, a system call on each side
/// and a switch of threads, and every line was a `write` of its own: together about as much
/// CPU as checking a small report. A change outside a scan is written at once.
const GATHER: Duration = Duration::from_millis(5);

/// Why `nianbao watch` ended badly.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Watch(#[from] WatchError),
    #[error("writing the events: {0}")]
    Write(io::Error),
}

/// Flags set from outside (by signal handlers) and looked at between events.
#[derive(Debug, Default, Clone)]
pub struct Requests {
    /// End the watch.
    pub stop: Arc<AtomicBool>,
    /// Rescan the inbox (cleared when taken).
    pub rescan: Arc<AtomicBool>,
}

/// Watches `inbox` and writes its events to `out` until a stop is requested, `out` is closed,
/// or the watcher ends. A closed `out` (the reader went away) is a normal end.
pub fn run(
    inbox: PathBuf,
    options: CheckOptions,
    settings: Settings,
    out: &mut dyn Write,
    requests: &Requests,
) -> Result<(), RunError> {
    let selection = options.selection.clone();
    let handle = spawn_with(inbox.clone(), options, settings)?;
    let mut printer = Printer {
        shown_root: inbox,
        root: handle.root().to_path_buf(),
        // As `check` and the dashboard: the cross index's facts in a spill file, so that a
        // watch over a national inbox keeps a few hundred bytes a report, not kilobytes.
        inbox: Inbox::spilled(selection),
        trigger: Trigger::InitialScan,
        scanning: false,
    };
    // Lines are gathered here and go out when no other event waits (stdout is line-buffered).
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    let ended = watch_loop(&handle, &mut printer, &mut out, requests);
    let flushed = still_open(out.flush());
    ended.and(flushed.map(drop))
}

/// Whether stdout is still open after a write: a closed pipe (the reader went away) is a
/// normal end, any other failure an error.
fn still_open(written: io::Result<()>) -> Result<bool, RunError> {
    match written {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(RunError::Write(e)),
    }
}

/// Writes the lines of the watcher's events to `out` until a stop is requested, `out` is
/// closed, or the watcher ends.
fn watch_loop(
    handle: &super::WatchHandle,
    printer: &mut Printer,
    out: &mut impl Write,
    requests: &Requests,
) -> Result<(), RunError> {
    while !requests.stop.load(Ordering::Relaxed) {
        if requests.rescan.swap(false, Ordering::Relaxed) {
            handle.rescan();
        }
        let event = match handle.events().try_recv() {
            Ok(event) => event,
            Err(TryRecvError::Disconnected) => break,
            Err(TryRecvError::Empty) => {
                // Nothing else waits: what was written goes out now.
                if !still_open(out.flush())? {
                    return Ok(());
                }
                if printer.scanning {
                    std::thread::sleep(GATHER);
                    if output_closed() {
                        return Ok(());
                    }
                    continue;
                }
                match handle.events().recv_timeout(TICK) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => {
                        if output_closed() {
                            return Ok(());
                        }
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
        };
        for line in printer.lines(event) {
            let line = versioned(line);
            if !still_open(writeln!(
                out,
                "{}",
                escape_terminal_controls(&line.to_string())
            ))? {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Turns events into lines, keeping the live set to tell changes from repeats.
struct Printer {
    shown_root: PathBuf,
    root: PathBuf,
    inbox: Inbox,
    /// The trigger of the scan in progress or last finished.
    trigger: Trigger,
    /// Whether a scan is in progress (its reports come in quick succession).
    scanning: bool,
}

impl Printer {
    /// The lines of one event: a report's own line, then one `rechecked` line for each other
    /// report whose cross-report flags it changed.
    fn lines(&mut self, event: InboxEvent) -> Vec<serde_json::Value> {
        let mut lines = Vec::new();
        match event {
            InboxEvent::ScanStarted { total, trigger } => {
                self.trigger = trigger;
                self.scanning = true;
                lines.push(json!({
                    "event": "scan-started",
                    "total": total,
                    "trigger": trigger_name(trigger),
                }));
            }
            InboxEvent::Checked {
                report,
                content_hash,
                trigger,
                reading,
            } => {
                let path = report.path.clone();
                let change = self.inbox.apply(InboxEvent::Checked {
                    report,
                    content_hash,
                    trigger,
                    reading,
                });
                if let (Some(change), Some(entry)) = (change, self.inbox.get(&path)) {
                    let mut line = self.loaded(&entry.report, "loaded", trigger);
                    line["change"] = json!(match change {
                        Change::Added(_) => "added",
                        _ => "updated",
                    });
                    lines.push(line);
                }
                self.rechecked(&path, trigger, &mut lines);
            }
            InboxEvent::Removed { path } => {
                let shown = self.shown(&path);
                if self
                    .inbox
                    .apply(InboxEvent::Removed { path: path.clone() })
                    .is_some()
                {
                    lines.push(json!({"event": "removed", "path": shown}));
                }
                self.rechecked(&path, Trigger::Change, &mut lines);
            }
            InboxEvent::ScanFinished {
                elapsed, skipped, ..
            } => {
                self.scanning = false;
                // The scan's reports are checked against each other now, once each.
                self.inbox.settle();
                self.rechecked(Path::new(""), self.trigger, &mut lines);
                lines.push(json!({
                    "event": "scan-finished",
                    "reports": self.inbox.len(),
                    "skipped": skipped,
                    "elapsed_ms": elapsed.as_millis() as u64,
                    "trigger": trigger_name(self.trigger),
                }));
            }
            InboxEvent::Watching { active } => {
                lines.push(json!({"event": "watching", "active": active}));
            }
            InboxEvent::Error { message } => {
                lines.push(json!({"event": "error", "message": message}));
            }
        }
        if let Some(error) = self.inbox.take_cross_failure() {
            let message = format!("{CROSS_FAILURE_ZH} ({CROSS_FAILURE_EN}): {error}");
            lines.push(json!({"event": "error", "message": message}));
        }
        lines
    }

    /// A `rechecked` line for each report other than `cause` whose cross-report flags changed.
    fn rechecked(&mut self, cause: &Path, trigger: Trigger, lines: &mut Vec<serde_json::Value>) {
        for path in self.inbox.take_rechecked() {
            if path == cause {
                continue;
            }
            if let Some(entry) = self.inbox.get(&path) {
                lines.push(self.loaded(&entry.report, "rechecked", trigger));
            }
        }
    }

    fn loaded(&self, report: &CheckedReport, event: &str, trigger: Trigger) -> serde_json::Value {
        json!({
            "event": event,
            "path": self.shown(&report.path),
            "agency": report.agency,
            "year": report.year,
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "infos": report.count(Severity::Info),
            "trigger": trigger_name(trigger),
        })
    }

    /// A path under the inbox as the user wrote it.
    fn shown(&self, path: &Path) -> String {
        match path.strip_prefix(&self.root) {
            Ok(relative) => self.shown_root.join(relative),
            Err(_) => path.to_path_buf(),
        }
        .to_string_lossy()
        .into_owned()
    }
}

fn trigger_name(trigger: Trigger) -> &'static str {
    match trigger {
        Trigger::InitialScan => "initial-scan",
        Trigger::Rescan => "rescan",
        Trigger::Change => "change",
    }
}

/// Whether stdout's reader went away, seen without writing (a pipe whose reader closed polls
/// as an error), so that an idle watcher ends with its reader.
#[cfg(unix)]
fn output_closed() -> bool {
    let mut fd = libc::pollfd {
        fd: libc::STDOUT_FILENO,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no timeout.
    let ready = unsafe { libc::poll(&mut fd, 1, 0) };
    ready > 0 && fd.revents & (libc::POLLERR | libc::POLLHUP) != 0
}

#[cfg(not(unix))]
fn output_closed() -> bool {
    false
}
