//! `nianbao-corpus OUT_DIR --count N [--seed S] [--layout L] [--format txt|docx|html|xlsx|pdf]`:
//! writes generated, clean annual reports as files, for benchmarks and tests (see
//! `nianbao::corpus`; the other formats are written by `nianbao::ingest::formats::write`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, ValueEnum};
use nianbao::corpus::Generator;
use nianbao::ingest::formats::write;
use nianbao::report::Layout;

/// The file format the reports are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FileFormat {
    Txt,
    Docx,
    Html,
    Xlsx,
    Pdf,
}

/// Writes synthetic, clean 政府信息公开工作年度报告 (both templates, both table layouts).
#[derive(Parser)]
#[command(name = "nianbao-corpus", version)]
struct Args {
    /// The folder to write the reports into (created if missing).
    out_dir: PathBuf,
    /// How many reports to write.
    #[arg(long, default_value_t = 100)]
    count: usize,
    /// The seed: the same seed writes the same reports.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Every report's tables in one layout (rows, cells, lines, pipes, columns, collapsed); by default
    /// each agency's reports in rows or cells.
    #[arg(long, value_parser = parse_layout)]
    layout: Option<Layout>,
    /// The file format (docx, html, xlsx and pdf hold the same text as txt).
    #[arg(long, value_enum, default_value = "txt")]
    format: FileFormat,
}

fn parse_layout(name: &str) -> Result<Layout, String> {
    match name {
        "rows" => Ok(Layout::Rows),
        "cells" => Ok(Layout::Cells),
        "lines" => Ok(Layout::Lines),
        "pipes" => Ok(Layout::Pipes),
        "columns" => Ok(Layout::Columns),
        "collapsed" => Ok(Layout::Collapsed),
        _ => Err(format!(
            "unknown layout {name:?}: rows, cells, lines, pipes, columns or collapsed"
        )),
    }
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("nianbao-corpus: {error:#}");
            ExitCode::from(1)
        }
    }
}

fn run(args: &Args) -> Result<()> {
    std::fs::create_dir_all(&args.out_dir)
        .with_context(|| format!("creating {}", args.out_dir.display()))?;
    let mut bytes = 0usize;
    let generator = match args.layout {
        Some(layout) => Generator::in_layout(args.seed, layout),
        None => Generator::new(args.seed),
    };
    for report in generator.take(args.count) {
        let (content, extension) = match args.format {
            FileFormat::Txt => (report.text.into_bytes(), "txt"),
            FileFormat::Docx => (write::docx(&report.text)?, "docx"),
            FileFormat::Html => (write::html(&report.text, false), "html"),
            FileFormat::Xlsx => (write::xlsx(&report.text)?, "xlsx"),
            FileFormat::Pdf => (write::pdf(&report.text)?, "pdf"),
        };
        let path = args
            .out_dir
            .join(&report.file_name)
            .with_extension(extension);
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?,
        );
        file.write_all(&content)
            .and_then(|()| file.flush())
            .with_context(|| format!("writing {}", path.display()))?;
        bytes += content.len();
    }
    eprintln!(
        "nianbao-corpus: {} reports, {:.1} MB in {}",
        args.count,
        bytes as f64 / 1e6,
        args.out_dir.display()
    );
    Ok(())
}
