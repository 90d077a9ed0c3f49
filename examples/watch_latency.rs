//! Benchmark of `nianbao watch`: the delay from a report's write finishing (the file closed) to
//! its JSON line appearing, and the time to see a burst of files.
//!
//! Run with `bench/watch.sh` (release build). Usage:
//! `watch_latency NIANBAO_BINARY [--preload N] [--writes N] [--burst N] [--pause-ms N]`
//! (defaults: an inbox of 10,000 generated reports, 200 single-file writes, a burst of 1,000
//! files, 150 ms between writes).
//!
//! The inbox first holds `--preload` reports from `nianbao::corpus`, so that the watcher works
//! at a realistic size; the time of its initial scan is printed too.
//! Each single write is a new report (a seed's text) written with `fs::write`, which returns
//! after the file is closed; the clock starts then and stops when the reader thread receives
//! the `loaded` line for that path. Writes are spaced by a pause so that each is measured alone.
//! The burst writes N files into a new folder as fast as it can, then waits for all of them.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long to wait for any one line before giving up.
const TIMEOUT: Duration = Duration::from_secs(60);

struct Args {
    binary: PathBuf,
    preload: usize,
    writes: usize,
    burst: usize,
    pause: Duration,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let binary = args.next().ok_or(
        "usage: watch_latency NIANBAO_BINARY [--preload N] [--writes N] [--burst N] [--pause-ms N]",
    )?;
    let mut parsed = Args {
        binary: PathBuf::from(binary),
        preload: 10_000,
        writes: 200,
        burst: 1000,
        pause: Duration::from_millis(150),
    };
    while let Some(flag) = args.next() {
        let value: u64 = args
            .next()
            .and_then(|v| v.parse().ok())
            .ok_or(format!("{flag} needs a number"))?;
        match flag.as_str() {
            "--preload" => parsed.preload = value as usize,
            "--writes" => parsed.writes = value as usize,
            "--burst" => parsed.burst = value as usize,
            "--pause-ms" => parsed.pause = Duration::from_millis(value),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(parsed)
}

/// The lines of the watcher, each with the moment it was read.
fn read_lines(stdout: std::process::ChildStdout) -> Receiver<(Instant, Value)> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let at = Instant::now();
            let Ok(value) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            if tx.send((at, value)).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for a line; the moment it was read.
fn wait_for(lines: &Receiver<(Instant, Value)>, matches: impl Fn(&Value) -> bool) -> Instant {
    loop {
        match lines.recv_timeout(TIMEOUT) {
            Ok((at, value)) if matches(&value) => return at,
            Ok(_) => {}
            Err(e) => panic!("no line in {TIMEOUT:?} ({e})"),
        }
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-reports");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("sample-reports")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("seed"))
        .collect()
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The value at a quantile (nearest rank) of sorted figures.
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let rank = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let seeds = seeds();
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let corpus = root.join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    for report in nianbao::corpus::Generator::new(1).take(args.preload) {
        std::fs::write(corpus.join(&report.file_name), report.text).expect("write");
    }
    let started = Instant::now();
    let mut child = Command::new(&args.binary)
        .args(["watch", "--format", "jsonl"])
        .arg(root)
        .stdout(Stdio::piped())
        .spawn()
        .expect("nianbao watch starts");
    let lines = read_lines(child.stdout.take().expect("stdout"));
    let watching = wait_for(&lines, |v| v["event"] == "watching");
    let initial_scan = watching - started;

    let mut latencies = Vec::with_capacity(args.writes);
    for i in 0..args.writes {
        let path = root.join(format!("single-{i:04}.txt"));
        let shown = path.to_string_lossy().into_owned();
        std::fs::write(&path, &seeds[i % seeds.len()]).expect("write");
        let closed = Instant::now();
        let seen = wait_for(&lines, |v| v["event"] == "loaded" && v["path"] == shown);
        latencies.push(seen.saturating_duration_since(closed));
        std::thread::sleep(args.pause);
    }
    latencies.sort();

    let burst_dir = root.join("burst");
    std::fs::create_dir(&burst_dir).expect("mkdir");
    let mut wanted = HashSet::new();
    let started = Instant::now();
    for i in 0..args.burst {
        let path = burst_dir.join(format!("b-{i:05}.txt"));
        std::fs::write(&path, &seeds[i % seeds.len()]).expect("write");
        wanted.insert(path.to_string_lossy().into_owned());
    }
    let written = Instant::now();
    let mut last = written;
    while !wanted.is_empty() {
        let (at, value) = lines.recv_timeout(TIMEOUT).expect("burst line");
        if value["event"] == "loaded" {
            if let Some(path) = value["path"].as_str() {
                if wanted.remove(path) {
                    last = at;
                }
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();

    let ms = |d: Duration| format!("{:.0} ms", millis(d));
    println!(
        "initial scan of {} reports: watching after {}",
        args.preload,
        ms(initial_scan)
    );
    println!(
        "single writes ({} files, {} ms apart): median {}, p95 {}, max {}, min {}",
        latencies.len(),
        args.pause.as_millis(),
        ms(quantile(&latencies, 0.5)),
        ms(quantile(&latencies, 0.95)),
        ms(quantile(&latencies, 1.0)),
        ms(quantile(&latencies, 0.0)),
    );
    println!(
        "burst of {} files: written in {}, all seen {} after the last write ({} from the first)",
        args.burst,
        ms(written - started),
        ms(last.saturating_duration_since(written)),
        ms(last - started),
    );
}
