//! `nianbao [INBOX]`: the dashboard on an inbox, with the console's wishes (NO_COLOR,
//! NIANBAO_ASCII) read from the environment.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::args::{ascii_requested, no_color, Cli};
use crate::tui;

/// Opens the dashboard on the inbox of the command line (default: the current folder) until
/// the user quits.
pub fn run(cli: Cli) -> Result<ExitCode> {
    tui::run(tui::Options {
        inbox: cli.inbox.unwrap_or_else(|| PathBuf::from(".")),
        user: cli.user,
        config: cli.config,
        lang: cli.lang,
        poll: cli.poll,
        console: tui::console::Console {
            no_color: no_color(),
            ascii: cli.ascii || ascii_requested(std::env::var_os("NIANBAO_ASCII").as_deref()),
        },
    })?;
    Ok(ExitCode::SUCCESS)
}
