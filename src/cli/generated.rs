//! `nianbao completions` and `nianbao man`: texts generated from the command line's own
//! definition, in the language of the help.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;

use nianbao::i18n::Lang;

use super::args::Cli;
use super::print_all;
use crate::help;

/// A shell completion script.
pub fn completions(shell: clap_complete::Shell, lang: Lang) -> Result<ExitCode> {
    let mut command = help::localize(Cli::command(), lang);
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "nianbao", &mut script);
    print_all(&String::from_utf8_lossy(&script))
}

/// The man page (roff).
pub fn man(lang: Lang) -> Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(help::localize(Cli::command(), lang))
        .render(&mut page)
        .context("rendering the man page")?;
    print_all(&String::from_utf8_lossy(&page))
}
