//! The `nianbao` command: a thin layer over the library. This file only dispatches: the
//! command line and each command are in `cli`.

mod cli;
mod help;
mod tui;
mod watch;

use std::process::ExitCode;

use anyhow::Result;

use cli::args::{Cli, Command, WatchFormat};
use nianbao::sanitize;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: nianbao::allocator::MiMalloc = nianbao::allocator::MiMalloc;

fn main() -> ExitCode {
    // A format crate's panic on a malformed file is caught and flagged; its message is no
    // concern of the user's terminal.
    nianbao::ingest::contained::install_quiet_hook();
    let cli = match cli::args::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            let message = format!("{error:#}");
            eprintln!("nianbao: {}", sanitize::for_terminal(&message, false));
            ExitCode::from(2)
        }
    }
}

/// Runs the command of the command line; without one, the dashboard.
fn run(cli: Cli) -> Result<ExitCode> {
    let lang = cli.lang;
    match cli.command {
        Some(Command::Check { args }) => cli::check::run(args, lang),
        Some(Command::Watch {
            inbox,
            format: WatchFormat::Jsonl,
            max_bytes,
            poll,
        }) => cli::watch::run(inbox, max_bytes, poll, lang),
        Some(Command::Export {
            inbox,
            format,
            status,
            output,
        }) => cli::export::run(&inbox, format, status, &output, lang),
        Some(Command::Roster {
            inbox,
            year,
            format,
            output,
        }) => cli::roster::run(&inbox, year, format, output.as_deref(), lang),
        Some(Command::Init { dir }) => cli::init::run(dir, lang),
        Some(Command::Completions { shell }) => cli::generated::completions(shell, lang),
        Some(Command::Man) => cli::generated::man(lang),
        Some(Command::Rules { format }) => cli::rules::list(format, lang),
        Some(Command::Explain { code }) => cli::rules::explain(&code, lang),
        None => cli::dashboard::run(cli),
    }
}
