//! `nianbao check`: audit files and folders headless, and write the results to stdout or a
//! file, streamed as the reports are checked.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use nianbao::check::output::{self, Format, TextStyle};
use nianbao::export;
use nianbao::i18n::Lang;
use nianbao::pipeline::{self, CheckOptions};
use nianbao::sanitize;

use super::args::{CheckArgs, ColorChoice};

/// Runs `nianbao check`; exits 1 when a report has an error-level flag.
pub fn run(args: CheckArgs, lang: Lang) -> Result<ExitCode> {
    let CheckArgs {
        paths,
        format,
        output,
        max_bytes,
        color,
        rules,
    } = args;
    for path in &paths {
        // `exists` follows links: a dangling link given by name is still a path given,
        // and is reported as unreadable rather than refused.
        if std::fs::symlink_metadata(path).is_err() {
            anyhow::bail!(
                "{}: {}",
                lang.pick("路径不存在", "no such file or folder"),
                sanitize::for_terminal(&path.to_string_lossy(), false)
            );
        }
    }
    let options = CheckOptions {
        limits: nianbao::ingest::Limits { max_bytes },
        selection: rules.selection(&paths, lang)?,
    };
    let format: Format = format.into();
    check_streaming(&paths, &options, format, color, output.as_deref(), lang)
}

/// `nianbao check` to stdout, or to `-o FILE`, written as the reports are checked (every format:
/// json and sarif a piece at a time): each report is written in walk order once it is checked,
/// and the run holds a bounded window of reports (see `pipeline::check_each` and `output::Streamer`).
fn check_streaming(
    paths: &[PathBuf],
    options: &CheckOptions,
    format: Format,
    color: ColorChoice,
    output: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode> {
    let code = |any_error: bool| ExitCode::from(u8::from(any_error));
    if let Some(path) = output {
        // A file, not a console: no colour codes unless asked for.
        let style = TextStyle {
            lang,
            color: color == ColorChoice::Always,
        };
        let any_error = export::write_atomic_with(path, |file| {
            let (written, any_error) = stream_check(file, paths, options, format, style);
            written.map(|()| any_error)
        })
        .with_context(|| sanitize::for_terminal(&path.to_string_lossy(), false))?;
        return Ok(code(any_error));
    }
    let stdout = std::io::stdout();
    let style = TextStyle {
        lang,
        color: color.enabled(stdout.is_terminal()),
    };
    let (written, any_error) = stream_check(stdout.lock(), paths, options, format, style);
    // When the reader went away the run stopped there; its code tells of what was checked.
    written_to_stdout(written, code(any_error))
}

/// Checks `paths` and writes the results to `out` as they come; whether a report written has
/// an error-level flag.
fn stream_check<W: Write>(
    out: W,
    paths: &[PathBuf],
    options: &CheckOptions,
    format: Format,
    style: TextStyle,
) -> (std::io::Result<()>, bool) {
    let cross = pipeline::cross_enabled(&options.selection);
    let mut streamer = match output::Streamer::new(out, format, style, cross) {
        Ok(streamer) => streamer,
        Err(e) => return (Err(e), false),
    };
    let written =
        pipeline::check_each(paths, options, |report| streamer.report(report)).and_then(|run| {
            streamer.finish(&run.skipped, |path| {
                run.cross_flags(path, &options.selection)
            })
        });
    (written.map(|_| ()), streamer.any_error())
}

/// The end of writing results to stdout: a reader that went away (`| head`) read what it
/// wanted, and is not an error.
fn written_to_stdout(written: std::io::Result<()>, code: ExitCode) -> Result<ExitCode> {
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(code),
        Err(e) => Err(e).context("writing the results"),
        Ok(()) => Ok(code),
    }
}
