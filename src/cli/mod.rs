//! The `nianbao` command's jobs, one module each: [`args`] parses the command line, and each
//! command has its module (`check`, `watch`, `export`, `roster`, `rules` and `explain`,
//! `init`, completions and the man page, the dashboard). They are thin layers over the
//! library; `main` only dispatches.

pub mod args;
pub mod check;
pub mod dashboard;
pub mod export;
pub mod generated;
pub mod init;
pub mod roster;
pub mod rules;
pub mod watch;

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};

/// Prints text to stdout; a reader that went away (`| head`) is not an error.
pub fn print_all(text: &str) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing"),
        _ => Ok(ExitCode::SUCCESS),
    }
}
