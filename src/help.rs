//! The command line's help in the user's language, with examples.
//!
//! The English help is the derive's doc comments; the Chinese one replaces every about and
//! argument help from [`ZH`], and clap's own words (用法, 参数, 选项, 命令, the help and version
//! flags, the `help` subcommand) through the help template and the built command. The
//! language is chosen before clap parses anything ([`language`]): clap renders `--help` as it
//! meets it, so `--lang en` later on the line would come too late otherwise. Completions and
//! the man page are generated from the same command.

use std::ffi::OsString;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::Command;
use nianbao::i18n::Lang;

use crate::cli::args::SizeError;

/// The language of the help: `--lang X` / `--lang=X` anywhere on the command line, else an
/// English locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first one set, starting with `en`),
/// else Chinese. `locale` looks a variable up (the environment, or a test's table).
pub fn language(args: &[OsString], locale: impl Fn(&str) -> Option<String>) -> Lang {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(lang) = value.and_then(|v| v.parse::<Lang>().ok()) {
            return lang;
        }
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(locale)
        .find(|value| !value.is_empty());
    match locale {
        Some(value) if value.to_ascii_lowercase().starts_with("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// The Chinese about and argument helps: (subcommand path, argument id or "" for the about,
/// text). The path is the subcommand's name, "" for `nianbao` itself.
const ZH: &[(&str, &str, &str)] = &[
    ("", "", "审核政府信息公开工作年度报告：解析、检查、审核、导出。不带命令时打开收件箱的仪表盘。"),
    ("", "inbox", "要打开的收件箱文件夹（默认：当前文件夹）"),
    ("", "lang", "界面语言：zh（默认）或 en"),
    ("", "user", "仪表盘中审核记录所用的用户名（默认：登录名）"),
    ("", "config", "仪表盘使用的配置文件（默认：收件箱中的 nianbao.toml，如有）"),
    ("", "ascii", "仪表盘只用 ASCII 字符画边框（用于把制表符显示成双倍宽度的控制台；也可设置 NIANBAO_ASCII=1）"),
    ("", "poll", "仪表盘另外每 2 秒轮询一次收件箱，同 watch --poll：用于网络文件夹，其他计算机的改动不会触发通知"),
    ("check", "", "不打开界面，直接审核报告文件和文件夹"),
    ("check", "paths", "文件或文件夹（递归查找文件夹中的 .txt 文件）"),
    ("check", "format", "输出格式：text（供人阅读）、json（一个文档）、jsonl（每行一个问题）、csv（与导出相同的列）、sarif（SARIF 2.1.0）"),
    ("check", "output", "把结果写入文件（UTF-8），而不是标准输出"),
    ("check", "max_bytes", "读取文件的最大字节数（可用后缀 K、M、G 表示 KiB、MiB、GiB）"),
    ("check", "color", "text 格式的颜色：auto（在终端上且未设置 NO_COLOR 时）、always、never"),
    ("check", "config", "配置文件（默认：所检查路径最近的 nianbao.toml）"),
    ("check", "select", "只运行这些规则（规则代码或分组 B0…B9，逗号分隔）；替换配置文件中的 select"),
    ("check", "ignore", "不运行这些规则（规则代码或分组，逗号分隔）；加到配置文件的 ignore 中"),
    ("rules", "", "列出全部规则：代码、默认级别、分组、中英文标题"),
    ("rules", "format", "输出格式：text（表格）、json（含每条规则的说明）、markdown（docs/rules.zh.md，英文为 docs/rules.md）"),
    ("explain", "", "显示一条规则的说明"),
    ("explain", "code", "规则代码，即 nianbao rules 列出的代码"),
    ("init", "", "在文件夹中写入带注释的 nianbao.toml 配置模板（不覆盖已有文件）"),
    ("init", "dir", "文件夹，通常是收件箱（默认：当前文件夹；不存在时创建）"),
    ("watch", "", "不打开界面，监视收件箱：每次载入或移除报告输出一行 JSON"),
    ("watch", "inbox", "收件箱文件夹（递归监视）"),
    ("watch", "format", "输出格式：jsonl（每行一个 JSON 对象，事件发生时立即输出）"),
    ("watch", "max_bytes", "读取文件的最大字节数（可用后缀 K、M、G 表示 KiB、MiB、GiB）"),
    ("watch", "poll", "另外每 2 秒轮询一次文件夹：用于网络文件夹，其他计算机的改动不会触发通知"),
    ("export", "", "导出收件箱的问题及审核结论，生成可发送的文件"),
    ("export", "inbox", "收件箱文件夹（审核记录在 INBOX/.nianbao/journal/ 中）"),
    ("export", "format", "文件格式（默认：按输出文件的扩展名）"),
    ("export", "status", "按审核结论选择导出的问题"),
    ("export", "output", "要写入的文件（原子替换）"),
    ("roster", "", "谁已报送：用 nianbao.toml 的 [roster] 名单核对收件箱，逐个机关列出已报送、逾期报送、未报送"),
    ("roster", "inbox", "收件箱文件夹（其 nianbao.toml 中有名单）"),
    ("roster", "year", "报告年度（默认：收件箱中最近的年度）"),
    ("roster", "format", "输出格式：text（全部机关）、csv（未报送的机关，便于转发）"),
    ("completions", "", "输出 shell 补全脚本"),
    ("completions", "shell", "shell：bash、zsh、fish、powershell 或 elvish"),
    ("man", "", "输出 man 手册页（roff 格式）"),
];

/// The Chinese help of an argument (`id`), or of the command itself (`id` empty).
fn zh_help(path: &str, id: &str) -> Option<&'static str> {
    ZH.iter()
        .find(|(p, i, _)| *p == path && *i == id)
        .map(|(_, _, text)| *text)
}

/// Examples shown under each command's help.
fn examples(path: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match path {
        "" => (
            "示例：\n  nianbao 收件箱/                      打开收件箱的仪表盘\n  nianbao check 收件箱/                审核文件夹中的全部报告\n  nianbao init 收件箱/                 写入配置模板\n  nianbao explain table3-balance       查看一条规则的说明\n  nianbao --lang en --help             英文帮助",
            "Examples:\n  nianbao inbox/                       open the dashboard on an inbox\n  nianbao check inbox/                 audit every report of a folder\n  nianbao init inbox/                  write a starter configuration\n  nianbao explain table3-balance       one rule's documentation\n  nianbao --lang zh --help             this help in Chinese",
        ),
        "check" => (
            "示例：\n  nianbao check 收件箱/\n  nianbao check --format csv -o 结果.csv 收件箱/\n  nianbao check --select B4 --ignore table3-note-missing 报告.txt\n  nianbao check --format sarif 收件箱/ > nianbao.sarif",
            "Examples:\n  nianbao check inbox/\n  nianbao check --format csv -o results.csv inbox/\n  nianbao check --select B4 --ignore table3-note-missing report.txt\n  nianbao check --format sarif inbox/ > nianbao.sarif",
        ),
        "rules" => (
            "示例：\n  nianbao rules\n  nianbao rules --format json",
            "Examples:\n  nianbao rules\n  nianbao rules --format json",
        ),
        "explain" => (
            "示例：\n  nianbao explain period-reversed\n  nianbao --lang en explain table3-balance",
            "Examples:\n  nianbao explain period-reversed\n  nianbao --lang zh explain table3-balance",
        ),
        "init" => (
            "示例：\n  nianbao init\n  nianbao init 收件箱/",
            "Examples:\n  nianbao init\n  nianbao --lang en init inbox/",
        ),
        "watch" => (
            "示例：\n  nianbao watch 收件箱/\n  nianbao watch --poll //服务器/共享/收件箱",
            "Examples:\n  nianbao watch inbox/\n  nianbao watch --poll //server/share/inbox",
        ),
        "export" => (
            "示例：\n  nianbao export 收件箱/ -o 问题清单.xlsx\n  nianbao export 收件箱/ --status all --format csv -o 全部.csv",
            "Examples:\n  nianbao export inbox/ -o flags.xlsx\n  nianbao export inbox/ --status all --format csv -o all.csv",
        ),
        "roster" => (
            "示例：\n  nianbao roster 收件箱/\n  nianbao roster 收件箱/ --year 2023 --format csv > 未报送.csv",
            "Examples:\n  nianbao roster inbox/\n  nianbao roster inbox/ --year 2023 --format csv > missing.csv",
        ),
        "completions" => (
            "示例：\n  nianbao completions bash > /etc/bash_completion.d/nianbao\n  nianbao completions powershell >> $PROFILE",
            "Examples:\n  nianbao completions bash > /etc/bash_completion.d/nianbao\n  nianbao completions powershell >> $PROFILE",
        ),
        "man" => (
            "示例：\n  nianbao man > /usr/local/share/man/man1/nianbao.1",
            "Examples:\n  nianbao man > /usr/local/share/man/man1/nianbao.1",
        ),
        _ => return None,
    };
    Some(lang.pick(zh, en))
}

/// clap's default help template with its one English word, `Usage:`, replaced.
const ZH_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// A usage line clap rendered, in Chinese: its `Usage:` title dropped and its placeholders
/// (`[OPTIONS]`, `<COMMAND>`) translated; continuation lines aligned under 「用法：」, which is
/// six columns wide.
fn zh_usage(usage: &str) -> String {
    let usage = usage.trim_end();
    let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim_start();
    usage
        .lines()
        .map(|line| {
            line.trim_start()
                .replace("[OPTIONS]", "[选项]")
                .replace("<COMMAND>", "<命令>")
        })
        .collect::<Vec<_>>()
        .join("\n      ")
}

/// The command line in `lang`: built (so that the help flags, the `help` subcommand and the
/// global options exist in every subcommand), then every text replaced.
pub fn localize(mut command: Command, lang: Lang) -> Command {
    command.build();
    localize_built(command, "", lang)
}

fn localize_built(mut command: Command, path: &str, lang: Lang) -> Command {
    if let Some(text) = examples(path, lang) {
        command = command.after_help(text);
    }
    if lang == Lang::Zh {
        let usage = zh_usage(&command.render_usage().to_string());
        command = command
            .help_template(ZH_TEMPLATE)
            .override_usage(usage)
            .subcommand_help_heading("命令")
            .subcommand_value_name("命令");
        let ids: Vec<String> = command
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .collect();
        if let Some(text) = zh_help(path, "") {
            command = command.about(text).long_about(None);
        }
        let globals: Vec<String> = command
            .get_arguments()
            .filter(|a| a.is_global_set())
            .map(|a| a.get_id().to_string())
            .collect();
        for id in &ids {
            // A global option (`--lang`) is documented once, at the top.
            let text = zh_help(path, id)
                .or_else(|| globals.contains(id).then(|| zh_help("", id)).flatten());
            if let Some(text) = text {
                command = command.mut_arg(id, |arg| arg.help(text).long_help(None));
            }
        }
        for id in ids {
            command = command.mut_arg(&id, |arg| {
                let arg = match id.as_str() {
                    "help" => arg.help("显示帮助"),
                    "version" => arg.help("显示版本"),
                    _ => arg,
                };
                let heading = if arg.is_positional() {
                    "参数"
                } else {
                    "选项"
                };
                // clap's "[default: …] [possible values: …]", said in Chinese.
                let mut notes = String::new();
                let defaults: Vec<String> = arg
                    .get_default_values()
                    .iter()
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect();
                let takes_values = arg.get_action().takes_values();
                if takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set() {
                    notes.push_str(&format!(" [默认：{}]", defaults.join("、")));
                }
                let values: Vec<String> = arg
                    .get_possible_values()
                    .iter()
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name().to_string())
                    .collect();
                if !values.is_empty() && !arg.is_hide_possible_values_set() {
                    notes.push_str(&format!(" [可选值：{}]", values.join("、")));
                }
                let arg = arg.help_heading(heading);
                if notes.is_empty() {
                    return arg;
                }
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                arg.help(format!("{help}{notes}"))
                    .long_help(None)
                    .hide_default_value(true)
                    .hide_possible_values(true)
            });
        }
        if path.is_empty() || command.get_subcommands().any(|s| s.get_name() == "help") {
            command = command.mut_subcommand("help", |help| {
                help.about("显示本帮助，或某个命令的帮助")
                    .help_template(ZH_TEMPLATE)
                    .mut_args(|arg| arg.help("命令").help_heading("参数"))
            });
        }
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|name| name != "help")
        .collect();
    for name in names {
        command = command.mut_subcommand(&name, |sub| localize_built(sub, &name, lang));
    }
    command
}

/// clap's parse errors in Chinese: what was wrong, the similar argument or command clap
/// suggests, the usage, and where to read more. Help and version are not errors to this
/// formatter (clap prints them as they are).
#[derive(Debug, Clone, Copy)]
pub struct ZhErrors;

impl ErrorFormatter for ZhErrors {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let text = |kind: ContextKind| match error.get(kind) {
            Some(ContextValue::String(value)) => Some(value.clone()),
            _ => None,
        };
        let list = |kind: ContextKind| match error.get(kind) {
            Some(ContextValue::Strings(values)) => Some(values.join("、")),
            Some(ContextValue::String(value)) => Some(value.clone()),
            _ => None,
        };
        let (arg, value) = (
            text(ContextKind::InvalidArg),
            text(ContextKind::InvalidValue),
        );
        let sentence = match (error.kind(), arg, value) {
            (ErrorKind::UnknownArgument, Some(arg), _) => format!("无法识别的参数“{arg}”"),
            (ErrorKind::InvalidSubcommand, ..) => match text(ContextKind::InvalidSubcommand) {
                Some(sub) => format!("无法识别的命令“{sub}”"),
                None => "无法识别的命令".to_string(),
            },
            (ErrorKind::InvalidValue, Some(arg), Some(value)) => {
                let mut sentence = if value.is_empty() {
                    format!("“{arg}”需要一个值，但没有给出")
                } else {
                    format!("“{arg}”的值“{value}”无效")
                };
                if let Some(values) = list(ContextKind::ValidValue) {
                    sentence.push_str(&format!("\n  [可选值：{values}]"));
                }
                sentence
            }
            (ErrorKind::ValueValidation, Some(arg), Some(value)) => {
                // A reason of ours is said in Chinese; another (from clap or a library) as
                // it comes.
                let reason = std::error::Error::source(error)
                    .map(|source| match source.downcast_ref::<SizeError>() {
                        Some(size) => format!("：{}", size.text(Lang::Zh)),
                        None => format!("：{source}"),
                    })
                    .unwrap_or_default();
                format!("“{arg}”的值“{value}”无效{reason}")
            }
            (ErrorKind::MissingRequiredArgument, ..) => {
                let args = list(ContextKind::InvalidArg).unwrap_or_default();
                format!("缺少必需的参数：{args}")
            }
            (ErrorKind::MissingSubcommand, ..) => {
                let valid = list(ContextKind::ValidSubcommand)
                    .map(|subs| format!("\n  [可用命令：{subs}]"))
                    .unwrap_or_default();
                format!("缺少命令{valid}")
            }
            (ErrorKind::TooManyValues, Some(arg), Some(value)) => {
                format!("“{arg}”多出了值“{value}”")
            }
            (ErrorKind::ArgumentConflict, Some(arg), _) => {
                match list(ContextKind::PriorArg).filter(|prior| *prior != arg) {
                    Some(prior) => format!("参数“{arg}”不能与“{prior}”同时使用"),
                    None => format!("参数“{arg}”只能给出一次"),
                }
            }
            (ErrorKind::NoEquals, Some(arg), _) => format!("给“{arg}”赋值时需要等号"),
            (ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues, Some(arg), _) => {
                format!("“{arg}”的值的个数不对")
            }
            (ErrorKind::InvalidUtf8, ..) => "参数不是有效的 UTF-8 文本".to_string(),
            // Kinds a parse of this command line does not produce (I/O, formatting): clap's
            // own words.
            (kind, ..) => kind.as_str().unwrap_or("参数有误").to_string(),
        };
        let mut out = format!("错误：{sentence}");
        for kind in [
            ContextKind::SuggestedArg,
            ContextKind::SuggestedSubcommand,
            ContextKind::SuggestedValue,
        ] {
            if let Some(similar) = list(kind) {
                out.push_str(&format!("\n\n  提示：相近的写法：{similar}"));
            }
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            out.push_str(&format!("\n\n用法：{}", zh_usage(&usage.to_string())));
        }
        out.push_str(&format!("\n\n{}\n", MORE_HELP_ZH));
        StyledStr::from(out)
    }
}

/// The last line of a Chinese parse error.
const MORE_HELP_ZH: &str = "更多信息请运行“--help”。";

/// An error of the command line found after clap parsed it (`message`), printed as clap
/// prints its own in `lang`.
pub fn print_usage_error(mut command: Command, message: &str, lang: Lang) {
    match lang {
        Lang::Zh => {
            let usage = zh_usage(&command.render_usage().to_string());
            eprint!("错误：{message}\n\n用法：{usage}\n\n{MORE_HELP_ZH}\n");
        }
        Lang::En => {
            let _ = command
                .error(clap::error::ErrorKind::ArgumentConflict, message)
                .print();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn lang_on_the_line_wins_wherever_it_stands() {
        let none = |_: &str| None;
        let english = |name: &str| (name == "LANG").then(|| "en_US.UTF-8".to_string());
        assert_eq!(language(&args("nianbao --help"), none), Lang::Zh);
        assert_eq!(
            language(&args("nianbao check --help --lang en"), none),
            Lang::En
        );
        assert_eq!(language(&args("nianbao --lang=en rules"), none), Lang::En);
        assert_eq!(language(&args("nianbao --help"), english), Lang::En);
        assert_eq!(
            language(&args("nianbao --lang zh --help"), english),
            Lang::Zh
        );
        assert_eq!(
            language(&args("nianbao check -- --lang en"), none),
            Lang::Zh
        );
        let c = |name: &str| (name == "LC_ALL").then(|| "C.UTF-8".to_string());
        assert_eq!(language(&args("nianbao --help"), c), Lang::Zh);
        // LC_ALL set decides over LANG.
        let both = |name: &str| match name {
            "LC_ALL" => Some("zh_CN.UTF-8".to_string()),
            "LANG" => Some("en_US.UTF-8".to_string()),
            _ => None,
        };
        assert_eq!(language(&args("nianbao --help"), both), Lang::Zh);
    }
}
