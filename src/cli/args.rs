//! The command line: its arguments and options as clap parses them, the values they take, and
//! the parsing itself, with errors and usage said in the language of the help.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use nianbao::check::output::Format;
use nianbao::config::{Config, Overrides};
use nianbao::export::{ExportFormat, StatusFilter};
use nianbao::i18n::Lang;
use nianbao::rules::RuleSelection;

use crate::help;

#[derive(Parser)]
#[command(
    name = "nianbao",
    version,
    about = "Audit the annual government information disclosure reports (政府信息公开工作年度报告): \
             parse, check, triage, export. Without a command, opens the dashboard on an inbox.",
    override_usage = "nianbao [OPTIONS] [INBOX]\n       nianbao [OPTIONS] <COMMAND>"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The inbox folder to open (default: the current folder).
    pub inbox: Option<PathBuf>,
    /// Language of messages and help: zh (default) or en.
    #[arg(long, global = true, default_value = "zh")]
    pub lang: Lang,
    /// The dashboard's user name for triage decisions (default: the login name).
    #[arg(long)]
    pub user: Option<String>,
    /// The dashboard's configuration file (default: nianbao.toml in the inbox, if any).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Draw the dashboard with ASCII only (for consoles that draw box characters double
    /// width; also NIANBAO_ASCII=1).
    #[arg(long)]
    pub ascii: bool,
    /// Dashboard: also poll the inbox every 2 s, like `watch --poll` (for network folders,
    /// where notifications miss the changes other machines make).
    #[arg(long)]
    pub poll: bool,
}

#[derive(Subcommand)]
pub enum Command {
    /// Audit report files and folders headless.
    Check {
        #[command(flatten)]
        args: CheckArgs,
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

/// The options of `nianbao check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files or folders (folders are walked recursively for .txt files).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output: text (for people), json (one document), jsonl (one flag per line), csv (the
    /// export's columns), sarif (SARIF 2.1.0).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Write the output to FILE (UTF-8) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Largest file read, in bytes (suffixes K, M, G for KiB, MiB, GiB).
    #[arg(long, value_parser = parse_size, default_value = "64M")]
    pub max_bytes: u64,
    /// Colour the text format: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub rules: RuleOptions,
}

/// Which rules run: the configuration file and the command line's choices over it.
#[derive(clap::Args)]
pub struct RuleOptions {
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
    pub fn selection(&self, paths: &[PathBuf], lang: Lang) -> Result<RuleSelection> {
        let overrides = Overrides::new(self.select.as_deref(), &self.ignore)
            .map_err(|e| anyhow::anyhow!(e.display(lang)))?;
        let config = Config::resolve(self.config.as_deref(), paths)
            .map_err(|e| anyhow::anyhow!(e.display(lang)))?;
        Ok(config.selection_with(&overrides))
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RosterFormat {
    Text,
    Csv,
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    #[value(alias = "md")]
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum WatchFormat {
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormatArg {
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
pub enum StatusArg {
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
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour: `auto` only on a terminal and never when `NO_COLOR` is set.
    pub fn enabled(self, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && !no_color(),
        }
    }
}

/// Whether the user asked for no colour: `NO_COLOR` set and not empty (no-color.org).
pub fn no_color() -> bool {
    no_color_in(std::env::var_os("NO_COLOR").as_deref())
}

/// Whether `NIANBAO_ASCII` asks for the ASCII dashboard: set to anything but empty or `0`.
pub fn ascii_requested(value: Option<&std::ffi::OsStr>) -> bool {
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
pub fn parse_size(text: &str) -> Result<u64, SizeError> {
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
pub enum CheckFormat {
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

/// The command line of the process, parsed; on a usage error or `--help`, what to exit with
/// once clap's text (in the language of the help) is printed.
pub fn parse() -> Result<Cli, ExitCode> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let help_lang = help::language(&args, |name| std::env::var(name).ok());
    let parsed = help::localize(Cli::command(), help_lang)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    match parsed {
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
            Err(ExitCode::from(2))
        }
        Ok(cli) => Ok(cli),
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = match help_lang {
                Lang::Zh => error.apply::<help::ZhErrors>().print(),
                Lang::En => error.print(),
            };
            Err(ExitCode::from(code))
        }
    }
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
