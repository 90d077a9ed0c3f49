//! The `nianbao` command: a thin layer over the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use nianbao::check::output::{self, Format, TextStyle};
use nianbao::check::{self, CheckOptions};
use nianbao::i18n::Lang;

#[derive(Parser)]
#[command(
    name = "nianbao",
    version,
    about = "审核政府信息公开工作年度报告 / Audit annual government information disclosure reports"
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The inbox folder to open (default: the current folder).
    inbox: Option<PathBuf>,
    /// Language of messages: zh (default) or en.
    #[arg(long, global = true, default_value = "zh")]
    lang: Lang,
}

#[derive(Subcommand)]
enum Command {
    /// Audit report files and folders headless.
    Check {
        /// Files or folders (folders are walked recursively for .txt files).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Largest file read, in bytes.
        #[arg(long, default_value_t = nianbao::ingest::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Jsonl,
}

impl From<CheckFormat> for Format {
    fn from(format: CheckFormat) -> Format {
        match format {
            CheckFormat::Text => Format::Text,
            CheckFormat::Json => Format::Json,
            CheckFormat::Jsonl => Format::Jsonl,
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("nianbao: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let lang = cli.lang;
    match cli.command {
        Some(Command::Check {
            paths,
            format,
            max_bytes,
        }) => {
            for path in &paths {
                if !path.exists() {
                    anyhow::bail!(
                        "{}: {}",
                        lang.pick("路径不存在", "no such file or folder"),
                        path.display()
                    );
                }
            }
            let options = CheckOptions {
                limits: nianbao::ingest::Limits { max_bytes },
                ..CheckOptions::default()
            };
            let reports = check::check_paths(&paths, &options);
            let stdout = std::io::stdout();
            let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut out = stdout.lock();
            output::write(&mut out, &reports, format.into(), TextStyle { lang, color })
                .context("writing the results")?;
            out.flush().context("writing the results")?;
            let any_error = reports.iter().any(|r| r.has_errors());
            Ok(ExitCode::from(u8::from(any_error)))
        }
        None => {
            let inbox = cli.inbox.unwrap_or_else(|| PathBuf::from("."));
            let reports =
                check::check_paths(std::slice::from_ref(&inbox), &CheckOptions::default());
            let mut out = std::io::stdout().lock();
            output::write(
                &mut out,
                &reports,
                Format::Text,
                TextStyle { lang, color: false },
            )
            .context("writing the summary")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
