//! The `nianbao` command: a thin layer over the library.

mod help;
mod tui;
mod watch;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use nianbao::check::output::{self, Format, TextStyle};
use nianbao::config::{Config, Overrides};
use nianbao::export::{self, ExportFormat, ExportOptions, StatusFilter};
use nianbao::i18n::Lang;
use nianbao::pipeline::{self, CheckOptions};
use nianbao::rules::{catalogue, RuleSelection};
use nianbao::sanitize;
use nianbao::triage::{self, Review, TriageStore};

// A check allocates about a thousand small strings per report (cells, labels, messages) on
// both cores at once; mimalloc's per-thread heaps do that about a tenth faster than the system
// allocator (bench/check.sh), with the same output.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "nianbao",
    version,
    about = "Audit the annual government information disclosure reports (政府信息公开工作年度报告): \
             parse, check, triage, export. Without a command, opens the dashboard on an inbox.",
    override_usage = "nianbao [OPTIONS] [INBOX]\n       nianbao [OPTIONS] <COMMAND>"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The inbox folder to open (default: the current folder).
    inbox: Option<PathBuf>,
    /// Language of messages and help: zh (default) or en.
    #[arg(long, global = true, default_value = "zh")]
    lang: Lang,
    /// The dashboard's user name for triage decisions (default: the login name).
    #[arg(long)]
    user: Option<String>,
    /// The dashboard's configuration file (default: nianbao.toml in the inbox, if any).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Draw the dashboard with ASCII only (for consoles that draw box characters double
    /// width; also NIANBAO_ASCII=1).
    #[arg(long)]
    ascii: bool,
    /// Dashboard: also poll the inbox every 2 s, like `watch --poll` (for network folders,
    /// where notifications miss the changes other machines make).
    #[arg(long)]
    poll: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Audit report files and folders headless.
    Check {
        /// Files or folders (folders are walked recursively for .txt files).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output: text (for people), json (one document), jsonl (one flag per line), csv (the
        /// export's columns), sarif (SARIF 2.1.0).
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Write the output to FILE (UTF-8) instead of stdout.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Largest file read, in bytes (suffixes K, M, G for KiB, MiB, GiB).
        #[arg(long, value_parser = parse_size, default_value = "64M")]
        max_bytes: u64,
        /// Colour the text format: auto (on a terminal, unless NO_COLOR is set), always, never.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        #[command(flatten)]
        rules: RuleOptions,
    },
    /// List every rule: code, default severity, group, Chinese and English title.
    Rules {
        /// Output: text (a table), json (with each rule's documentation), markdown (docs/rules.md).
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Print one rule's documentation.
    Explain {
        /// The rule's code, as `nianbao rules` lists it.
        code: String,
    },
    /// Watch an inbox headless: one JSON line per report (re)loaded or removed.
    Watch {
        /// The inbox folder (watched recursively).
        inbox: PathBuf,
        /// Output: jsonl (one JSON object per line, flushed as each event happens).
        #[arg(long, value_enum, default_value_t = WatchFormat::Jsonl)]
        format: WatchFormat,
        /// Largest file read, in bytes (suffixes K, M, G for KiB, MiB, GiB).
        #[arg(long, value_parser = parse_size, default_value = "64M")]
        max_bytes: u64,
        /// Also poll the folder every 2 s: for network folders, where notifications miss the
        /// changes other machines make.
        #[arg(long)]
        poll: bool,
    },
    /// Who has reported: the roster of nianbao.toml ([roster]) against the inbox, per agency
    /// filed / filed late / missing.
    Roster {
        /// The inbox folder (its nianbao.toml holds the roster).
        inbox: PathBuf,
        /// The report year (default: the latest year in the inbox).
        #[arg(long)]
        year: Option<i32>,
        /// Output: text (every agency), csv or xlsx (the missing agencies, to send on).
        #[arg(long, value_enum, default_value_t = RosterFormat::Text)]
        format: RosterFormat,
        /// Write to this file instead of standard output (required for xlsx).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write a commented starter nianbao.toml into a folder (never replacing one).
    Init {
        /// The folder, usually the inbox (default: the current folder; created if missing).
        dir: Option<PathBuf>,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Export the flags of an inbox with their verdicts, as a file to send.
    Export {
        /// The inbox folder (its verdicts are in INBOX/.nianbao/journal/).
        inbox: PathBuf,
        /// The file format (default: from the output file's extension).
        #[arg(long, value_enum)]
        format: Option<ExportFormatArg>,
        /// Which flags to export, by verdict.
        #[arg(long, value_enum, default_value_t = StatusArg::Confirmed)]
        status: StatusArg,
        /// The file to write (replaced atomically).
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
}

/// Which rules run: the configuration file and the command line's choices over it.
#[derive(clap::Args)]
struct RuleOptions {
    /// The configuration file (default: the nearest nianbao.toml of the paths checked).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Run only these rules (codes or groups B0…B9, comma-separated); replaces the file's select.
    #[arg(long, value_name = "CODE,…", value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Do not run these rules (codes or groups, comma-separated); added to the file's ignore.
    #[arg(long, value_name = "CODE,…", value_delimiter = ',')]
    ignore: Vec<String>,
}

impl RuleOptions {
    /// The rule selection for a run over `paths`.
    fn selection(&self, paths: &[PathBuf], lang: Lang) -> Result<RuleSelection> {
        let overrides = Overrides::new(self.select.as_deref(), &self.ignore)
            .map_err(|e| anyhow::anyhow!(e.display(lang)))?;
        let config = Config::resolve(self.config.as_deref(), paths)
            .map_err(|e| anyhow::anyhow!(e.display(lang)))?;
        Ok(config.selection_with(&overrides))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum RosterFormat {
    Text,
    Csv,
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
    #[value(alias = "md")]
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum WatchFormat {
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormatArg {
    Xlsx,
    Csv,
    Json,
    #[value(alias = "markdown")]
    Md,
    #[value(alias = "htm")]
    Html,
    Docx,
}

impl From<ExportFormatArg> for ExportFormat {
    fn from(format: ExportFormatArg) -> ExportFormat {
        match format {
            ExportFormatArg::Xlsx => ExportFormat::Xlsx,
            ExportFormatArg::Csv => ExportFormat::Csv,
            ExportFormatArg::Json => ExportFormat::Json,
            ExportFormatArg::Md => ExportFormat::Markdown,
            ExportFormatArg::Html => ExportFormat::Html,
            ExportFormatArg::Docx => ExportFormat::Docx,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusArg {
    Confirmed,
    Open,
    Dismissed,
    Resolved,
    All,
}

impl From<StatusArg> for StatusFilter {
    fn from(status: StatusArg) -> StatusFilter {
        match status {
            StatusArg::Confirmed => StatusFilter::Confirmed,
            StatusArg::Open => StatusFilter::Open,
            StatusArg::Dismissed => StatusFilter::Dismissed,
            StatusArg::Resolved => StatusFilter::Resolved,
            StatusArg::All => StatusFilter::All,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour: `auto` only on a terminal and never when `NO_COLOR` is set.
    fn enabled(self, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && !no_color(),
        }
    }
}

/// Whether the user asked for no colour: `NO_COLOR` set and not empty (no-color.org).
fn no_color() -> bool {
    no_color_in(std::env::var_os("NO_COLOR").as_deref())
}

/// Whether `NIANBAO_ASCII` asks for the ASCII dashboard: set to anything but empty or `0`.
fn ascii_requested(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|value| !value.is_empty() && value != "0")
}

fn no_color_in(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|value| !value.is_empty())
}

/// Why `--max-bytes` was refused; said in the language of the help (see `help::ZhErrors`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SizeError {
    NotASize(String),
    UnknownUnit(String),
    TooLarge(String),
}

impl SizeError {
    /// The reason in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (SizeError::NotASize(t), Lang::Zh) => format!("“{t}”不是大小（例如 1000、512K、64M）"),
            (SizeError::NotASize(t), Lang::En) => {
                format!("`{t}` is not a size (examples: 1000, 512K, 64M)")
            }
            (SizeError::UnknownUnit(t), Lang::Zh) => format!("“{t}”的单位无法识别（用 K、M 或 G）"),
            (SizeError::UnknownUnit(t), Lang::En) => {
                format!("`{t}` has an unknown unit (use K, M or G)")
            }
            (SizeError::TooLarge(t), Lang::Zh) => format!("“{t}”太大"),
            (SizeError::TooLarge(t), Lang::En) => format!("`{t}` is too large"),
        }
    }
}

impl std::fmt::Display for SizeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for SizeError {}

/// Parses a byte size: `1000`, `512K`, `64M`, `1G` (binary multiples; `KiB`, `MB` … accepted).
fn parse_size(text: &str) -> Result<u64, SizeError> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(digits_end);
    let number: u64 = digits
        .parse()
        .map_err(|_| SizeError::NotASize(text.to_string()))?;
    let shift = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return Err(SizeError::UnknownUnit(text.to_string())),
    };
    number
        .checked_mul(1u64 << shift)
        .ok_or_else(|| SizeError::TooLarge(text.to_string()))
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Jsonl,
    Csv,
    Sarif,
}

impl From<CheckFormat> for Format {
    fn from(format: CheckFormat) -> Format {
        match format {
            CheckFormat::Text => Format::Text,
            CheckFormat::Json => Format::Json,
            CheckFormat::Jsonl => Format::Jsonl,
            CheckFormat::Csv => Format::Csv,
            CheckFormat::Sarif => Format::Sarif,
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let help_lang = help::language(&args, |name| std::env::var(name).ok());
    let parsed = help::localize(Cli::command(), help_lang)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        // `--lang` is global, so clap cannot be told that INBOX and a command exclude each
        // other (that would refuse `nianbao --lang en check`): checked here.
        Ok(cli) if cli.inbox.is_some() && cli.command.is_some() => {
            help::print_usage_error(
                help::localize(Cli::command(), help_lang),
                help_lang.pick(
                    "收件箱文件夹不能写在命令之前",
                    "an INBOX folder cannot be given before a command",
                ),
                help_lang,
            );
            return ExitCode::from(2);
        }
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = match help_lang {
                Lang::Zh => error.apply::<help::ZhErrors>().print(),
                Lang::En => error.print(),
            };
            return ExitCode::from(code);
        }
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

/// `nianbao check` to stdout, or to `-o FILE`, written as the reports are checked (every
/// format: json and sarif a piece at a time): each report is written in walk order once it is checked, and the run holds a
/// bounded window of reports (see `pipeline::check_each` and `output::Streamer`).
fn check_streaming(
    paths: &[PathBuf],
    options: &CheckOptions,
    format: Format,
    color: ColorChoice,
    output: Option<&std::path::Path>,
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

fn run(cli: Cli) -> Result<ExitCode> {
    let lang = cli.lang;
    match cli.command {
        Some(Command::Check {
            paths,
            format,
            output,
            max_bytes,
            color,
            rules,
        }) => {
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
        Some(Command::Watch {
            inbox,
            format: WatchFormat::Jsonl,
            max_bytes,
            poll,
        }) => run_watch(inbox, max_bytes, poll, lang),
        Some(Command::Export {
            inbox,
            format,
            status,
            output,
        }) => run_export(&inbox, format, status, &output, lang),
        Some(Command::Roster {
            inbox,
            year,
            format,
            output,
        }) => run_roster(&inbox, year, format, output.as_deref(), lang),
        Some(Command::Init { dir }) => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            let path =
                Config::write_starter(&dir, lang).map_err(|e| anyhow::anyhow!(e.display(lang)))?;
            let path = sanitize::for_terminal(&path.to_string_lossy(), false);
            print_all(&match lang {
                Lang::Zh => format!("已写入 {path}：去掉某行开头的 # 即可启用该设置。\n"),
                Lang::En => {
                    format!("wrote {path}: remove the # in front of a setting to use it.\n")
                }
            })
        }
        Some(Command::Completions { shell }) => {
            let mut command = help::localize(Cli::command(), lang);
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "nianbao", &mut script);
            print_all(&String::from_utf8_lossy(&script))
        }
        Some(Command::Man) => {
            let mut page = Vec::new();
            clap_mangen::Man::new(help::localize(Cli::command(), lang))
                .render(&mut page)
                .context("rendering the man page")?;
            print_all(&String::from_utf8_lossy(&page))
        }
        Some(Command::Rules { format }) => {
            let text = match format {
                RulesFormat::Text => catalogue::render_text(lang),
                RulesFormat::Json => catalogue::render_json(),
                RulesFormat::Markdown => catalogue::render_markdown(lang),
            };
            print_all(&text)
        }
        Some(Command::Explain { code }) => match nianbao::rules::meta(code.trim()) {
            Some(meta) => print_all(&catalogue::render_explain(meta, lang)),
            None => anyhow::bail!("{}", catalogue::unknown_code_message(code.trim()).get(lang)),
        },
        None => {
            tui::run(tui::Options {
                inbox: cli.inbox.unwrap_or_else(|| PathBuf::from(".")),
                user: cli.user,
                config: cli.config,
                lang,
                poll: cli.poll,
                console: tui::console::Console {
                    no_color: no_color(),
                    ascii: cli.ascii
                        || ascii_requested(std::env::var_os("NIANBAO_ASCII").as_deref()),
                },
            })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints text to stdout; a reader that went away (`| head`) is not an error.
fn print_all(text: &str) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing"),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// `nianbao watch`: the watcher headless until SIGINT/SIGTERM or until stdout is closed;
/// SIGHUP asks for a rescan (as daemons reload on it).
fn run_watch(inbox: PathBuf, max_bytes: u64, poll: bool, lang: Lang) -> Result<ExitCode> {
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
fn inbox_selection(inbox: &std::path::Path, lang: Lang) -> Result<RuleSelection> {
    let config = Config::find_for(inbox).map_err(|e| anyhow::anyhow!(e.display(lang)))?;
    Ok(config.selection())
}

/// `nianbao roster`: check the inbox, match the roster, print every agency or the missing ones.
fn run_roster(
    inbox: &std::path::Path,
    year: Option<i32>,
    format: RosterFormat,
    output: Option<&std::path::Path>,
    lang: Lang,
) -> Result<ExitCode> {
    if matches!(format, RosterFormat::Xlsx) && output.is_none() {
        anyhow::bail!(
            "{}",
            lang.pick(
                "--format xlsx 需要用 -o 指定输出文件",
                "--format xlsx needs an output file: -o FILE"
            )
        );
    }
    let config = Config::find_for(inbox).map_err(|e| anyhow::anyhow!(e.display(lang)))?;
    let roster = nianbao::roster::Roster::of_config(&config, inbox)
        .map_err(|e| anyhow::anyhow!(e.0.get(lang).to_string()))?;
    let Some(roster) = roster else {
        anyhow::bail!(
            "{}",
            lang.pick(
                "收件箱的 nianbao.toml 中没有 [roster] 名单",
                "the inbox's nianbao.toml has no [roster]"
            )
        );
    };
    let options = CheckOptions {
        selection: config.selection(),
        ..CheckOptions::default()
    };
    let mut reports = pipeline::check_paths(&[inbox.to_path_buf()], &options);
    // The journals give the reports' agencies and years set by hand, and their statuses
    // (通过/退回整改/已审); a roster is still worth printing when they cannot be read, so that
    // is a warning, not an error.
    let store = TriageStore::open(inbox, &triage::current_user(None));
    match &store {
        Ok(store) => triage::apply_identities(&mut reports, store),
        Err(e) => eprintln!(
            "nianbao: {}: {}: {}",
            lang.pick("警告", "warning"),
            lang.pick("读取审核记录失败", "reading the triage journals failed"),
            sanitize::for_terminal(&e.display(lang), false)
        ),
    }
    let Some(year) = year.or_else(|| nianbao::roster::default_year(&reports)) else {
        anyhow::bail!(
            "{}",
            lang.pick(
                "收件箱中没有可识别年度的报告，请用 --year 指定",
                "no report year found in the inbox; give --year"
            )
        );
    };
    let mut lines = nianbao::roster::status(&roster, &reports, year);
    if let Ok(store) = &store {
        nianbao::roster::with_report_status(&mut lines, &reports, store);
    }
    let bytes = match format {
        RosterFormat::Text => nianbao::roster::render_text(&lines, year, lang).into_bytes(),
        RosterFormat::Csv => nianbao::roster::missing_csv(&lines).into_bytes(),
        RosterFormat::Xlsx => nianbao::roster::missing_xlsx(&lines)
            .map_err(|e| anyhow::anyhow!(e.0.get(lang).to_string()))?,
    };
    match output {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| {
                format!(
                    "{} {}",
                    lang.pick("无法写入", "cannot write"),
                    nianbao::sanitize::for_terminal(&path.display().to_string(), false)
                )
            })?;
            Ok(ExitCode::SUCCESS)
        }
        None => print_all(&String::from_utf8_lossy(&bytes)),
    }
}

/// `nianbao export`: check the inbox, join the flags with the verdicts, write the file.
fn run_export(
    inbox: &std::path::Path,
    format: Option<ExportFormatArg>,
    status: StatusArg,
    output: &std::path::Path,
    lang: Lang,
) -> Result<ExitCode> {
    if !inbox.is_dir() {
        anyhow::bail!(
            "{}: {}",
            lang.pick("收件箱不是文件夹", "the inbox is not a folder"),
            sanitize::for_terminal(&inbox.to_string_lossy(), false)
        );
    }
    let Some(format) = format
        .map(ExportFormat::from)
        .or_else(|| ExportFormat::from_path(output))
    else {
        anyhow::bail!(
            "{}: {}",
            lang.pick(
                "无法从文件名判断导出格式，请用 --format 指定",
                "cannot tell the format from the file name; give --format"
            ),
            sanitize::for_terminal(&output.to_string_lossy(), false)
        );
    };
    let config = Config::find_for(inbox).map_err(|e| anyhow::anyhow!(e.display(lang)))?;
    let options = CheckOptions {
        selection: config.selection(),
        ..CheckOptions::default()
    };
    let mut reports = pipeline::check_paths(&[inbox.to_path_buf()], &options);
    let store = TriageStore::open(inbox, &triage::current_user(None)).map_err(|e| {
        anyhow::anyhow!(
            "{}: {}",
            lang.pick("读取审核记录失败", "reading the triage journals failed"),
            e.display(lang)
        )
    })?;
    for warning in store.warnings() {
        eprintln!(
            "nianbao: {}: {}",
            lang.pick("警告", "warning"),
            sanitize::for_terminal(&warning.display(lang), false)
        );
    }
    // Agencies and years set by hand show and group like read ones (the flags' verdicts stay:
    // their fingerprints are of what was read).
    triage::apply_identities(&mut reports, &store);
    let inbox_name = std::fs::canonicalize(inbox)
        .ok()
        .and_then(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()));
    let options = ExportOptions {
        status: status.into(),
        lang,
        inbox: inbox_name,
        notice: config.notice,
        ..ExportOptions::new(format)
    };
    // The rows go to the file as they are made (see `export::export_each`): the one place
    // they come from.
    let source = |each: &mut dyn FnMut(_) -> Result<(), export::ExportError>| {
        Review::each_row(&reports, &store, each)
    };
    let rows = export::export_each(source, &options, output)
        .with_context(|| lang.pick("导出失败", "export failed").to_string())?;
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!("已导出 {rows} 条"),
            Lang::En => format!("{rows} rows exported"),
        }
    );
    println!(
        "{}",
        sanitize::for_terminal(&output.to_string_lossy(), false)
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::{ascii_requested, no_color_in, parse_size, Cli};
    use clap::Parser;

    #[test]
    fn the_dashboard_takes_poll_like_watch() {
        let cli = Cli::try_parse_from(["nianbao", "--poll", "inbox"]).unwrap();
        assert!(cli.poll && cli.command.is_none());
        assert!(!Cli::try_parse_from(["nianbao", "inbox"]).unwrap().poll);
    }

    #[test]
    fn nianbao_ascii_counts_unless_empty_or_zero() {
        assert!(!ascii_requested(None));
        assert!(!ascii_requested(Some(std::ffi::OsStr::new(""))));
        assert!(!ascii_requested(Some(std::ffi::OsStr::new("0"))));
        assert!(ascii_requested(Some(std::ffi::OsStr::new("1"))));
    }

    #[test]
    fn no_color_counts_only_when_set_and_not_empty() {
        assert!(!no_color_in(None));
        assert!(!no_color_in(Some(std::ffi::OsStr::new(""))));
        assert!(no_color_in(Some(std::ffi::OsStr::new("1"))));
    }

    #[test]
    fn sizes_with_and_without_units() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("512K"), Ok(512 * 1024));
        assert_eq!(parse_size("64M"), Ok(64 * 1024 * 1024));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert_eq!(parse_size(" 3 mb "), Ok(3 << 20));
        for bad in ["", "M", "-1", "1.5M", "10T", "99999999999999999999G"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}
