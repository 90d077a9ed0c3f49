//! Benchmark of the version content the dashboard keeps for every report
//! ([`nianbao::versions::Content::of`]): what the diffs between versions of a re-submitted
//! report need, and the largest cost the dashboard's load has that `check` does not.
//!
//! Usage: `version_content DIR [--count N]` (default: the first 300 files of DIR, e.g. a corpus
//! from `nianbao-corpus`). The reports are read and parsed first; then `Content::of` runs on
//! each inside [`contents`], which is never inlined so that callgrind can count it alone:
//!
//! ```text
//! cargo build --release --example version_content
//! valgrind --tool=callgrind --toggle-collect='version_content::contents' \
//!     target/release/examples/version_content bench/out/corpus
//! ```
//!
//! Without valgrind it prints the time of the pass and what the contents hold a report.

use std::path::PathBuf;
use std::time::Instant;

use nianbao::report::Report;
use nianbao::versions::Content;

/// The contents of the reports, made one after the other (the count only keeps them from
/// being optimised away).
#[inline(never)]
fn contents(reports: &[Report]) -> Vec<Content> {
    reports.iter().map(Content::of).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .ok_or("usage: version_content DIR [--count N]")?,
    );
    let mut count = 300;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--count" => count = args.next().ok_or("--count needs a number")?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    paths.truncate(count);
    let mut reports = Vec::with_capacity(paths.len());
    for path in &paths {
        let bytes = std::fs::read(path)?;
        reports.push(nianbao::pipeline::load_bytes(
            path,
            bytes,
            Default::default(),
        ));
    }
    let started = Instant::now();
    let made = contents(&reports);
    let elapsed = started.elapsed();
    let n = made.len().max(1);
    let heap: usize = made.iter().map(Content::heap_bytes).sum();
    let rows: usize = made.iter().map(|c| c.rows().count()).sum();
    let paragraphs: usize = made.iter().map(|c| c.paragraphs().count()).sum();
    println!(
        "{} reports: {:.2} µs a report; kept a report: {} bytes, {} rows, {} paragraphs",
        made.len(),
        elapsed.as_secs_f64() * 1e6 / n as f64,
        heap / n,
        rows / n,
        paragraphs / n,
    );
    Ok(())
}
