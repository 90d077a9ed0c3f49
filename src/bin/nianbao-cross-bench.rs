//! `nianbao-cross-bench --count N [--seed S]`: measures the cross-report stage on generated
//! reports (`bench/cross.sh` runs it on a release build).
//!
//! The reports are generated and parsed in memory (their facts only are kept), then three
//! steps are timed separately: building the index by agency, year and narrative band; running
//! every cross-report rule on every report; and one report changing (re-indexed, and only the
//! reports it touches re-checked). Also prints how many reports that change touched, the time
//! of copy detection alone (the two copy rules on every report), and the live inbox's figures:
//! a scan's reports applied to an [`Inbox`] and settled (every report checked once), then one
//! report changing as the watcher sends it.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use rayon::prelude::*;

use nianbao::inbox::{Inbox, InboxEvent, Reading, Trigger};
use nianbao::pipeline::{CheckedReport, ParseSummary};
use nianbao::rules::cross::{CrossIndex, CrossSettings, ReportFacts};
use nianbao::rules::RuleSelection;
use nianbao::versions::Content;

// The allocator of the `nianbao` binary, so that the figures are the ones users get.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: nianbao::allocator::MiMalloc = nianbao::allocator::MiMalloc;

/// Times the cross-report rules on a generated inbox.
#[derive(Parser)]
#[command(name = "nianbao-cross-bench", version)]
struct Args {
    /// How many reports to generate.
    #[arg(long, default_value_t = 10_000)]
    count: usize,
    /// The corpus seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Reports generated and parsed per batch (the texts of a batch are dropped after parsing).
const BATCH: usize = 1_000;

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let start = Instant::now();
    let mut generator = nianbao::corpus::Generator::new(args.seed);
    let mut reports: Vec<(PathBuf, ReportFacts)> = Vec::with_capacity(args.count);
    let mut contents: Vec<Content> = Vec::with_capacity(args.count);
    while reports.len() < args.count {
        let batch: Vec<_> = generator
            .by_ref()
            .take(BATCH.min(args.count - reports.len()))
            .collect();
        let parsed: Vec<_> = batch
            .into_par_iter()
            .map(|generated| {
                let report = nianbao::report::parse::parse_text(
                    &generated.text,
                    nianbao::ingest::SourceEncoding::Utf8,
                );
                let reading = Reading::of(&report);
                let facts = reading.facts.unwrap_or_else(|| ReportFacts::of(&report));
                (
                    (PathBuf::from(generated.file_name), facts),
                    reading.content.unwrap_or_default(),
                )
            })
            .collect();
        for (report, content) in parsed {
            reports.push(report);
            contents.push(content);
        }
    }
    let parsed = start.elapsed();

    let start = Instant::now();
    let mut index = CrossIndex::new();
    for (path, facts) in &reports {
        index.add(path.clone(), facts.clone());
    }
    index.settle();
    let indexed = start.elapsed();

    let selection = RuleSelection::default();
    let settings = CrossSettings::default();
    let start = Instant::now();
    let flags: usize = reports
        .par_iter()
        .map(|(path, _)| index.check(path, &selection, &settings).len())
        .sum();
    let checked = start.elapsed();

    // One report of a multi-year agency changes: re-index it, re-check what it touches.
    let (path, facts) = reports[reports.len() / 2].clone();
    let start = Instant::now();
    let touched = index.insert(path, facts);
    let rechecked: usize = touched
        .iter()
        .map(|p| index.check(p, &selection, &settings).len())
        .sum();
    let changed = start.elapsed();

    // Copy detection alone: the two copy rules on every report.
    let copies = RuleSelection {
        selected: vec![
            "copied-from-peer".to_string(),
            "copied-from-previous-year".to_string(),
        ],
        ..RuleSelection::default()
    };
    let start = Instant::now();
    let copy_flags: usize = reports
        .par_iter()
        .map(|(path, _)| index.check(path, &copies, &settings).len())
        .sum();
    let copy_time = start.elapsed();
    drop(index);

    // The live inbox: a scan's reports arrive, then settle; then one report changes.
    let content_bytes: usize = contents.iter().map(Content::heap_bytes).sum();
    let events: Vec<InboxEvent> = reports
        .iter()
        .cloned()
        .zip(contents)
        .enumerate()
        .map(|(i, ((path, facts), content))| {
            arrived(path, facts, content, i as u64, Trigger::InitialScan)
        })
        .collect();
    let (path, facts) = reports[reports.len() / 2].clone();
    let mut inbox = Inbox::new();
    let start = Instant::now();
    for event in events {
        inbox.apply(event);
    }
    inbox.settle();
    let live = start.elapsed();
    let before = inbox.cross_checks();
    let start = Instant::now();
    inbox.apply(arrived(
        path,
        facts,
        Content::default(),
        u64::MAX,
        Trigger::Change,
    ));
    let live_change = start.elapsed();
    let live_touched = inbox.cross_checks() - before;

    println!("reports                       {}", reports.len());
    println!(
        "generate + parse + facts      {:.3} s",
        parsed.as_secs_f64()
    );
    println!(
        "build the cross index         {:.3} s",
        indexed.as_secs_f64()
    );
    println!(
        "all cross rules, all reports  {:.3} s   ({flags} flags)",
        checked.as_secs_f64()
    );
    println!(
        "one report changed            {:.3} ms  ({} reports touched, {rechecked} flags)",
        changed.as_secs_f64() * 1e3,
        touched.len()
    );
    println!(
        "copy detection, all reports   {:.3} s   ({copy_flags} flags)",
        copy_time.as_secs_f64()
    );
    println!(
        "live: scan applied + settled  {:.3} s   (version content {:.1} MiB)",
        live.as_secs_f64(),
        content_bytes as f64 / (1024.0 * 1024.0)
    );
    println!(
        "live: one report changed      {:.3} ms  ({live_touched} reports re-checked)",
        live_change.as_secs_f64() * 1e3
    );
    ExitCode::SUCCESS
}

/// A report as the watcher sends it; its single-report flags are left out (not measured here).
fn arrived(
    path: PathBuf,
    facts: ReportFacts,
    content: Content,
    hash: u64,
    trigger: Trigger,
) -> InboxEvent {
    let report = CheckedReport {
        file: path.to_string_lossy().into_owned(),
        path,
        agency: facts.agency.as_deref().map(str::to_string),
        year: facts.year,
        template: facts.template,
        summary: ParseSummary::default(),
        flags: Vec::new(),
    };
    InboxEvent::Checked {
        report: Box::new(report),
        content_hash: Some(hash),
        trigger,
        reading: Some(Box::new(Reading {
            facts: Some(facts),
            content: Some(content),
        })),
    }
}
