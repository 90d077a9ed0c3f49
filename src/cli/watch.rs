//! `nianbao watch`: the inbox watcher headless, one JSON line per event on stdout.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use nianbao::config::Config;
use nianbao::i18n::Lang;
use nianbao::pipeline::CheckOptions;
use nianbao::rules::RuleSelection;
use nianbao::sanitize;

use crate::watch;

/// `nianbao watch`: the watcher headless until SIGINT/SIGTERM or until stdout is closed;
/// SIGHUP asks for a rescan (as daemons reload on it).
pub fn run(inbox: PathBuf, max_bytes: u64, poll: bool, lang: Lang) -> Result<ExitCode> {
    if !inbox.is_dir() {
        anyhow::bail!(
            "{}: {}",
            lang.pick("收件箱不是文件夹", "the inbox is not a folder"),
            sanitize::for_terminal(&inbox.to_string_lossy(), false)
        );
    }
    let requests = watch::jsonl::Requests::default();
    #[cfg(unix)]
    let signals = [
        (signal_hook::consts::SIGINT, &requests.stop),
        (signal_hook::consts::SIGTERM, &requests.stop),
        (signal_hook::consts::SIGHUP, &requests.rescan),
    ];
    // Windows has no SIGHUP: a rescan there is only the watcher's own.
    #[cfg(not(unix))]
    let signals = [
        (signal_hook::consts::SIGINT, &requests.stop),
        (signal_hook::consts::SIGTERM, &requests.stop),
    ];
    for (signal, flag) in signals {
        // A second SIGINT/SIGTERM while the first is being handled ends the process at once.
        if std::ptr::eq(flag, &requests.stop) {
            signal_hook::flag::register_conditional_shutdown(
                signal,
                130,
                std::sync::Arc::clone(flag),
            )
            .context("installing the signal handlers")?;
        }
        signal_hook::flag::register(signal, std::sync::Arc::clone(flag))
            .context("installing the signal handlers")?;
    }
    let options = CheckOptions {
        limits: nianbao::ingest::Limits { max_bytes },
        selection: inbox_selection(&inbox, lang)?,
    };
    let mut out = std::io::stdout().lock();
    let settings = watch::Settings {
        poll: poll.then_some(watch::POLL_INTERVAL),
        ..watch::Settings::default()
    };
    watch::jsonl::run(inbox, options, settings, &mut out, &requests)
        .with_context(|| lang.pick("监视失败", "watching failed").to_string())?;
    Ok(ExitCode::SUCCESS)
}

/// The rules an inbox's own configuration (its nianbao.toml, if any) chooses, for the commands
/// that work on a whole inbox.
fn inbox_selection(inbox: &Path, lang: Lang) -> Result<RuleSelection> {
    let config = Config::find_for(inbox).map_err(|e| anyhow::anyhow!(e.display(lang)))?;
    Ok(config.selection())
}
