//! Benchmark of the triage store: writes a synthetic inbox journal of many decisions by
//! several users, then times `TriageStore::open` (read, parse, merge every journal).
//!
//! Run with `bench/triage.sh` (release build). Options: `--decisions N` (default 1,000,000),
//! `--users N` (default 4), `--runs N` (default 5), `--dir PATH` (default `bench/out/triage`),
//! `--reuse` (load the journals already there).
//!
//! The journals are generated with the library's own line encoder but written in bulk, without
//! the per-decision fsync a real `record` does: the benchmark is about loading.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use nianbao::flag::Fingerprint;
use nianbao::triage::{self, journal, Action, Decision, ReportRef, Status, TriageStore};

const CODES: [&str; 10] = [
    "period-reversed",
    "table3-balance",
    "unfinished-text",
    "label-mismatch",
    "period-missing",
    "misaligned-row",
    "subsection-empty",
    "publication-date-missing",
    "invalid-date",
    "table2-blank-cell",
];

struct Args {
    decisions: u64,
    users: u64,
    runs: usize,
    dir: PathBuf,
    /// Load the journals already in `dir` instead of writing new ones.
    reuse: bool,
}

fn args() -> Args {
    let mut args = Args {
        decisions: 1_000_000,
        users: 4,
        runs: 5,
        dir: PathBuf::from("bench/out/triage"),
        reuse: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--reuse" {
            args.reuse = true;
            continue;
        }
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--decisions" => args.decisions = value.parse().expect("--decisions N"),
            "--users" => args.users = value.parse().expect("--users N"),
            "--runs" => args.runs = value.parse().expect("--runs N"),
            "--dir" => args.dir = PathBuf::from(value),
            other => panic!("unknown option {other}"),
        }
    }
    args
}

/// A deterministic pseudo-random sequence (splitmix64), so every run writes the same journals.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn generate(args: &Args) -> std::io::Result<u64> {
    let dir = triage::journal_dir(&args.dir);
    if args.reuse && dir.exists() {
        let mut bytes = 0;
        for entry in std::fs::read_dir(&dir)? {
            bytes += entry?.metadata()?.len();
        }
        return Ok(bytes);
    }
    if args.dir.exists() {
        std::fs::remove_dir_all(&args.dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let reports: Vec<Arc<ReportRef>> = (0..5_000)
        .map(|i| {
            Arc::new(ReportRef {
                agency: Some(format!("某市第{i}区司法局")),
                year: Some(2023),
                file: format!("2023/{i:05}_report.txt"),
                content_hash: Some(format!("{:016x}", i * 7919)),
            })
        })
        .collect();
    let flags = (args.decisions / 5).max(1);
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let mut rng = Rng(42);
    let mut bytes_total = 0;
    for u in 0..args.users {
        let user = format!("审核员{u}");
        let mut out = std::io::BufWriter::new(std::fs::File::create(triage::journal_path(
            &args.dir, &user,
        ))?);
        let count = args.decisions / args.users + u64::from(u < args.decisions % args.users);
        for i in 0..count {
            let flag = rng.below(flags);
            let report = &reports[(flag % reports.len() as u64) as usize];
            let code = CODES[(flag % CODES.len() as u64) as usize];
            let action = match rng.below(10) {
                0..=4 => Action::Confirm,
                5..=7 => Action::Dismiss,
                8 => Action::Reopen,
                _ => Action::Note,
            };
            let mut decision = Decision::new(
                user.as_str(),
                Fingerprint::of([code, &flag.to_string()]),
                code,
                report.clone(),
                action,
            )
            .at(start + chrono::Duration::milliseconds((i * 1_500 + u * 7) as i64));
            if action == Action::Note || rng.below(10) == 0 {
                decision = decision.with_note(format!("请核对第{}行，与表三数据不一致", i % 400));
            }
            let line = journal::encode(&decision).expect("encodable");
            bytes_total += line.len() as u64;
            out.write_all(&line)?;
        }
        out.flush()?;
    }
    Ok(bytes_total)
}

fn main() -> std::io::Result<()> {
    let args = args();
    let started = Instant::now();
    let bytes = generate(&args)?;
    eprintln!(
        "generated {} decisions by {} users ({:.0} MB) in {:.1?}",
        args.decisions,
        args.users,
        bytes as f64 / 1e6,
        started.elapsed()
    );

    let mut times: Vec<Duration> = Vec::new();
    let mut cpu_times: Vec<Duration> = Vec::new();
    let mut store = None;
    for _ in 0..args.runs.max(1) {
        drop(store.take());
        let cpu = cpu_time();
        let started = Instant::now();
        let opened = TriageStore::open(&args.dir, "reader").expect("journals load");
        times.push(started.elapsed());
        if let (Some(before), Some(after)) = (cpu, cpu_time()) {
            cpu_times.push(after.saturating_sub(before));
        }
        assert_eq!(opened.len() as u64, args.decisions);
        assert!(opened.warnings().is_empty());
        store = Some(opened);
    }
    times.sort();
    cpu_times.sort();
    let store = store.expect("at least one run");

    let started = Instant::now();
    let fingerprints: Vec<Fingerprint> = store.fingerprints().collect();
    let confirmed = fingerprints
        .iter()
        .filter(|&&fp| store.verdict(fp).status == Status::Confirmed)
        .count();
    let verdicts = started.elapsed();

    println!(
        "TriageStore::open: {} decisions, {} users, {:.0} MB: median {:.3} s, best {:.3} s ({} runs, {} threads)",
        args.decisions,
        args.users,
        bytes as f64 / 1e6,
        times[times.len() / 2].as_secs_f64(),
        times[0].as_secs_f64(),
        times.len(),
        rayon::current_num_threads(),
    );
    if let Some(cpu) = cpu_times.get(cpu_times.len() / 2) {
        println!(
            "CPU time of one open (all threads): median {:.2} s; on an otherwise idle machine \
             the wall time is about this divided by the number of cores",
            cpu.as_secs_f64()
        );
    }
    println!(
        "verdicts of all {} flags: {:.3} s ({} confirmed)",
        fingerprints.len(),
        verdicts.as_secs_f64(),
        confirmed
    );
    Ok(())
}

/// The CPU time of this process so far (all threads, user and system), where `/proc` says so:
/// on a busy machine the wall time says more about the neighbours than about the code.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // Fields 14 and 15 of proc(5), counted after the command name: utime and stime in ticks
    // (USER_HZ, 100 on Linux).
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}
