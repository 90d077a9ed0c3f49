//! `nianbao-cross-bench --count N [--seed S]`: measures the cross-report stage on generated
//! reports (`bench/cross.sh` runs it on a release build).
//!
//! The reports are generated and parsed in memory (their facts only are kept), then three
//! steps are timed separately: building the index by agency, year and narrative band; running
//! every cross-report rule on every report; and one report changing (re-indexed, and only the
//! reports it touches re-checked). Also prints how many reports that change touched.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use rayon::prelude::*;

use nianbao::rules::cross::{CrossIndex, CrossSettings, ReportFacts};
use nianbao::rules::RuleSelection;

// The allocator of the `nianbao` binary, so that the figures are the ones users get.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    while reports.len() < args.count {
        let batch: Vec<_> = generator
            .by_ref()
            .take(BATCH.min(args.count - reports.len()))
            .collect();
        reports.par_extend(batch.into_par_iter().map(|generated| {
            let report = nianbao::report::parse::parse_text(
                &generated.text,
                nianbao::ingest::SourceEncoding::Utf8,
            );
            (PathBuf::from(generated.file_name), ReportFacts::of(&report))
        }));
    }
    let parsed = start.elapsed();

    let start = Instant::now();
    let mut index = CrossIndex::new();
    for (path, facts) in &reports {
        index.add(path.clone(), facts.clone());
    }
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
    ExitCode::SUCCESS
}
