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
use nianbao::inbox::{
    Change, Inbox, InboxEvent, Trigger, Versions, CROSS_FAILURE_EN, CROSS_FAILURE_ZH,
};
use nianbao::pipeline::{CheckOptions, CheckedReport};
use nianbao::sanitize::{escape_terminal_controls, has_unsafe_utf8};
use nianbao::schema::{versioned, SCHEMA_VERSION};

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
    // No line tells what changed between two versions of a report: their content is not read.
    let settings = Settings {
        versions: Versions::NotKept,
        ..settings
    };
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
    // The lines of one event, kept from event to event.
    let mut lines = Vec::new();
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
        lines.clear();
        printer.lines(event, &mut lines).map_err(RunError::Write)?;
        if !still_open(out.write_all(&lines))? {
            return Ok(());
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
    /// Appends the lines of one event to `lines`: a report's own line, then one `rechecked`
    /// line for each other report whose cross-report flags it changed.
    fn lines(&mut self, event: InboxEvent, lines: &mut Vec<u8>) -> io::Result<()> {
        match event {
            InboxEvent::ScanStarted { total, trigger } => {
                self.trigger = trigger;
                self.scanning = true;
                write_line(
                    lines,
                    &versioned(json!({
                        "event": "scan-started",
                        "total": total,
                        "trigger": trigger_name(trigger),
                    })),
                )?;
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
                    let change = match change {
                        Change::Added(_) => "added",
                        _ => "updated",
                    };
                    let line = self.loaded(&entry.report, "loaded", trigger, Some(change));
                    write_line(lines, &line)?;
                }
                self.rechecked(&path, trigger, lines)?;
            }
            InboxEvent::Removed { path } => {
                let shown = self.shown(&path);
                if self
                    .inbox
                    .apply(InboxEvent::Removed { path: path.clone() })
                    .is_some()
                {
                    write_line(
                        lines,
                        &versioned(json!({"event": "removed", "path": shown})),
                    )?;
                }
                self.rechecked(&path, Trigger::Change, lines)?;
            }
            InboxEvent::ScanFinished {
                elapsed, skipped, ..
            } => {
                self.scanning = false;
                // The scan's reports are checked against each other now, once each.
                self.inbox.settle();
                self.rechecked(Path::new(""), self.trigger, lines)?;
                write_line(
                    lines,
                    &versioned(json!({
                        "event": "scan-finished",
                        "reports": self.inbox.len(),
                        "skipped": skipped,
                        "elapsed_ms": elapsed.as_millis() as u64,
                        "trigger": trigger_name(self.trigger),
                    })),
                )?;
            }
            InboxEvent::Watching { active } => {
                write_line(
                    lines,
                    &versioned(json!({"event": "watching", "active": active})),
                )?;
            }
            InboxEvent::Error { message } => {
                write_line(
                    lines,
                    &versioned(json!({"event": "error", "message": message})),
                )?;
            }
        }
        if let Some(error) = self.inbox.take_cross_failure() {
            let message = format!("{CROSS_FAILURE_ZH} ({CROSS_FAILURE_EN}): {error}");
            write_line(
                lines,
                &versioned(json!({"event": "error", "message": message})),
            )?;
        }
        Ok(())
    }

    /// A `rechecked` line for each report other than `cause` whose cross-report flags changed.
    fn rechecked(&mut self, cause: &Path, trigger: Trigger, lines: &mut Vec<u8>) -> io::Result<()> {
        for path in self.inbox.take_rechecked() {
            if path == cause {
                continue;
            }
            if let Some(entry) = self.inbox.get(&path) {
                write_line(
                    lines,
                    &self.loaded(&entry.report, "rechecked", trigger, None),
                )?;
            }
        }
        Ok(())
    }

    fn loaded<'a>(
        &self,
        report: &'a CheckedReport,
        event: &'static str,
        trigger: Trigger,
        change: Option<&'static str>,
    ) -> ReportLine<'a> {
        ReportLine {
            schema_version: SCHEMA_VERSION,
            event,
            path: self.shown(&report.path),
            agency: report.agency.as_deref(),
            year: report.year,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
            trigger: trigger_name(trigger),
            change,
        }
    }

    /// A path under the inbox as the user wrote it.
    fn shown(&self, path: &Path) -> String {
        shown_under(&self.root, &self.shown_root, path)
    }
}

/// `path` (under `root`) under `shown_root` instead, as text: `shown_root.join` of the path
/// relative to `root`. Every report of a scan is shown, and `Path::strip_prefix` and `join`
/// parse both paths component by component; a path that is the root's bytes, a separator and
/// a plain rest (no empty, `.` or `..` component to normalise) is put together from the bytes.
fn shown_under(root: &Path, shown_root: &Path, path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let rest = bytes
        .strip_prefix(root.as_os_str().as_encoded_bytes())
        .and_then(|rest| rest.strip_prefix(b"/"));
    if let Some(rest) = rest.filter(|rest| plain(rest)) {
        let shown = shown_root.to_string_lossy();
        let mut text = String::with_capacity(shown.len() + 1 + rest.len());
        text.push_str(&shown);
        if !text.is_empty() && !text.ends_with('/') {
            text.push('/');
        }
        text.push_str(&String::from_utf8_lossy(rest));
        return text;
    }
    match path.strip_prefix(root) {
        Ok(relative) => shown_root.join(relative),
        Err(_) => path.to_path_buf(),
    }
    .to_string_lossy()
    .into_owned()
}

/// Whether a relative path is written as its components would be written again: none empty,
/// `.` or `..`.
fn plain(rest: &[u8]) -> bool {
    !rest.is_empty()
        && rest
            .split(|&b| b == b'/')
            .all(|part| !matches!(part, b"" | b"." | b".."))
}

/// A report's `loaded` or `rechecked` line, one for every report of a scan: written by serde
/// as a struct, its fields in the order the object had (`schema_version` first, as
/// [`versioned`] puts it; `change` last, on `loaded` lines only), instead of a map of
/// `serde_json::Value`s built, copied into a versioned map and then written.
#[derive(Debug, serde::Serialize)]
struct ReportLine<'a> {
    schema_version: u32,
    event: &'static str,
    path: String,
    agency: Option<&'a str>,
    year: Option<i32>,
    errors: usize,
    warnings: usize,
    infos: usize,
    trigger: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    change: Option<&'static str>,
}

/// Appends one line: a JSON object with `schema_version` first (a [`ReportLine`], or a
/// `serde_json::Value` from [`versioned`]), the characters a terminal would act on escaped.
fn write_line(lines: &mut Vec<u8>, line: &impl serde::Serialize) -> io::Result<()> {
    let start = lines.len();
    serde_json::to_writer(&mut *lines, line)?;
    if has_unsafe_utf8(&lines[start..]) {
        if let Ok(written) = std::str::from_utf8(&lines[start..]) {
            let escaped = escape_terminal_controls(written);
            lines.truncate(start);
            lines.extend_from_slice(escaped.as_bytes());
        }
    }
    lines.push(b'\n');
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A report's line as it was written before [`ReportLine`]: a `serde_json::Value` map,
    /// versioned, `change` set afterwards, written and then escaped.
    fn line_as_a_map(line: &ReportLine) -> String {
        let mut value = json!({
            "event": line.event,
            "path": line.path,
            "agency": line.agency,
            "year": line.year,
            "errors": line.errors,
            "warnings": line.warnings,
            "infos": line.infos,
            "trigger": line.trigger,
        });
        if let Some(change) = line.change {
            value["change"] = json!(change);
        }
        format!(
            "{}\n",
            escape_terminal_controls(&versioned(value).to_string())
        )
    }

    /// The path put together from bytes is the one `strip_prefix` and `join` give, whatever
    /// the paths hold.
    #[test]
    fn a_path_is_shown_under_the_inbox_as_join_shows_it() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let by_components = |root: &Path, shown_root: &Path, path: &Path| {
            match path.strip_prefix(root) {
                Ok(relative) => shown_root.join(relative),
                Err(_) => path.to_path_buf(),
            }
            .to_string_lossy()
            .into_owned()
        };
        let odd = OsStr::from_bytes(b"/srv/in/\xff\xfe/a.txt");
        let paths = [
            Path::new("/srv/in/a.txt"),
            Path::new("/srv/in/子目录/b.txt"),
            Path::new("/srv/in//c.txt"),
            Path::new("/srv/in/./d.txt"),
            Path::new("/srv/in/e/../f.txt"),
            Path::new("/srv/in/g/"),
            Path::new("/srv/in/h/."),
            Path::new("/srv/in"),
            Path::new("/srv/in/"),
            Path::new("/srv/inbox/i.txt"),
            Path::new("/elsewhere/j.txt"),
            Path::new(odd),
        ];
        for shown_root in ["inbox", "inbox/", "", "./inbox", "/srv/in", "收件箱"] {
            for path in paths {
                let root = Path::new("/srv/in");
                let shown_root = Path::new(shown_root);
                assert_eq!(
                    shown_under(root, shown_root, path),
                    by_components(root, shown_root, path),
                    "{shown_root:?} {path:?}"
                );
            }
        }
    }

    #[test]
    fn report_lines_are_written_as_the_versioned_map_was() {
        let agencies = [
            Some("甲县司法局"),
            Some("“引号”\"quote\" \\ back\u{1b}[2J\u{202e}\u{7f}\u{85}\u{2028}"),
            None,
        ];
        for (agency, change) in agencies
            .into_iter()
            .zip([Some("added"), None, Some("updated")])
        {
            let line = ReportLine {
                schema_version: SCHEMA_VERSION,
                event: if change.is_some() {
                    "loaded"
                } else {
                    "rechecked"
                },
                path: "inbox/子目录/a\u{9b}b.txt".to_string(),
                agency,
                year: agency.map(|_| 2023),
                errors: 1,
                warnings: 0,
                infos: 12,
                trigger: "initial-scan",
                change,
            };
            let mut written = Vec::new();
            write_line(&mut written, &line).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), line_as_a_map(&line));
        }
    }

    #[test]
    fn lines_follow_each_other_with_controls_escaped() {
        let mut written = Vec::new();
        write_line(
            &mut written,
            &versioned(json!({"event": "watching", "active": true})),
        )
        .unwrap();
        write_line(
            &mut written,
            &versioned(json!({"event": "error", "message": "a\u{202e}b"})),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            "{\"schema_version\":1,\"event\":\"watching\",\"active\":true}\n\
             {\"schema_version\":1,\"event\":\"error\",\"message\":\"a\\u202eb\"}\n"
        );
    }
}
