//! The user's configuration: `nianbao.toml` in the inbox (or a file given with `--config`).
//!
//! ```toml
//! [rules]
//! select = ["B4", "period-reversed"]   # only these rules run (codes or groups B0…B9)
//! ignore = ["conversion-artifact"]     # these never run
//!
//! [rules.severity]                     # re-grade every flag of a rule
//! "period-missing" = "warning"
//!
//! [keys]                               # the dashboard's key bindings (read by the dashboard)
//!
//! [notice]                             # the rectification notices of `export` (docx, html, md)
//! issuer = "某某市人民政府办公室"
//! number_prefix = "某政办函"
//! contact = "张三，0471-1234567"
//! deadline_days = 15
//! ```
//!
//! Like the linters people know, a mistake is never a silent default: an unknown key, an
//! unknown code, a bad severity or a malformed file is a [`ConfigError`] naming the file, the
//! line and the column. The command line's `--select` / `--ignore` win over the file
//! ([`Overrides`]). The result is a [`RuleSelection`] for [`crate::rules::run`].

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::flag::Severity;
use crate::i18n::{Lang, Localized};
use crate::roster::RosterConfig;
use crate::rules::cross::CrossSettings;
use crate::rules::{catalogue, RuleSelection};

/// The starter file in Chinese; the same settings as [`STARTER_EN`].
const STARTER_ZH: &str = r#"# nianbao 配置文件：放在收件箱文件夹中（或用 --config 指定）。
# nianbao 审核收件箱及其子文件夹中的报告时，使用离报告最近的 nianbao.toml。
# 以 # 开头的行是注释。去掉某行开头的 # 即可启用该设置；文件保持原样时，使用默认设置。
# 规则代码和分组见 `nianbao rules`，某条规则的说明见 `nianbao explain 代码`。

[rules]
# 只运行这些规则（规则代码，或分组 B0…B9）；不写则运行全部规则。
# select = ["B4", "period-reversed"]

# 不运行这些规则。
# ignore = ["conversion-artifact", "legacy-encoding"]

# 调整规则的级别：error（错误）、warning（警告）、info（提示）。
[rules.severity]
# "period-missing" = "warning"

# 仪表盘的按键：一个键，或一组键（替换该操作的默认按键）。
[keys]
# confirm = "y"
# dismiss = ["x", "Del"]

# 整改通知（export --format docx、html、md）：发文机关、文号前缀、联系人、整改期限（天）。
[notice]
# issuer = "某某市人民政府办公室"
# number_prefix = "某政办函"
# contact = "张三，0471-1234567"
# deadline_days = 15

# 跨报告规则的阈值（B7、B8）：照抄认定比例、同比异常的倍数与最小基数、纠错率及其最小样本。
# [cross]
# copy_containment = 0.8
# jump_factor = 10.0
# jump_minimum = 10
# correction_rate = 0.2
# correction_minimum = 5

# 应报送单位名单（nianbao roster）：单位名称，可加「,分组」；或一个每行「名称[,分组]」的 CSV 文件，
# 或 .xlsx/.xls/.ods 表格（第一张表，第一列名称，第二列分组）。
# [roster]
# agencies = ["某某区人民政府", "某某区司法局,部门"]
# file = "名单.csv"
# 各分组的报送期限（报告年度次年的 月-日）。
# [roster.deadlines]
# "部门" = "1-31"
"#;

/// The starter file in English; the same settings as [`STARTER_ZH`].
const STARTER_EN: &str = r#"# nianbao configuration: kept in the inbox folder (or given with --config).
# When nianbao audits the reports of an inbox and its subfolders, the nearest nianbao.toml applies.
# Lines starting with # are comments. Remove the # in front of a setting to use it; as written,
# this file keeps the defaults.
# Rule codes and groups: `nianbao rules`; one rule's documentation: `nianbao explain CODE`.

[rules]
# Run only these rules (rule codes, or groups B0…B9); without it every rule runs.
# select = ["B4", "period-reversed"]

# Never run these rules.
# ignore = ["conversion-artifact", "legacy-encoding"]

# Re-grade rules: error, warning or info.
[rules.severity]
# "period-missing" = "warning"

# The dashboard's keys: one key, or a list of keys (replacing the action's defaults).
[keys]
# confirm = "y"
# dismiss = ["x", "Del"]

# The rectification notices (export --format docx, html, md): issuing office, document number
# prefix, contact, and the days given to correct the report.
[notice]
# issuer = "某某市人民政府办公室"
# number_prefix = "某政办函"
# contact = "张三，0471-1234567"
# deadline_days = 15

# Thresholds of the cross-report rules (B7, B8): the share that makes a copy, the factor and
# the least base of a year-on-year jump, the correction rate and its least sample.
# [cross]
# copy_containment = 0.8
# jump_factor = 10.0
# jump_minimum = 10
# correction_rate = 0.2
# correction_minimum = 5

# The agencies expected to report (nianbao roster): names, each optionally with ",group"; or a
# CSV file of name[,group] lines, or a .xlsx/.xls/.ods sheet (name, group: first two columns).
# [roster]
# agencies = ["某某区人民政府", "某某区司法局,部门"]
# file = "名单.csv"
# Deadlines per group (month-day of the year after the report year).
# [roster.deadlines]
# "部门" = "1-31"
"#;

/// The settings of the rectification notices (`[notice]`): who sends them, their document
/// number, whom to call, and how many days the agency has to correct its report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeSettings {
    /// The issuing office (发文机关署名), printed above the date.
    pub issuer: Option<String>,
    /// The document number's prefix (发文字号), e.g. 某政办函: the notices are numbered
    /// 某政办函〔2024〕1号, 2号, … in the order of the agencies.
    pub number_prefix: Option<String>,
    /// Whom the agency can ask (联系人及电话).
    pub contact: Option<String>,
    /// Days from the notice's date to the deadline for the corrected report.
    pub deadline_days: u32,
}

impl NoticeSettings {
    /// The deadline when the file does not give one.
    pub const DEFAULT_DEADLINE_DAYS: u32 = 15;
}

impl Default for NoticeSettings {
    fn default() -> NoticeSettings {
        NoticeSettings {
            issuer: None,
            number_prefix: None,
            contact: None,
            deadline_days: NoticeSettings::DEFAULT_DEADLINE_DAYS,
        }
    }
}

/// The configuration of a run: which rules, at which severity, and the dashboard's keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file read, or `None` for the defaults.
    pub path: Option<PathBuf>,
    /// When given, only these rule codes run (groups already expanded).
    pub select: Option<Vec<String>>,
    /// Rule codes that never run (groups already expanded).
    pub ignore: Vec<String>,
    /// Severity overrides, by rule code; they apply to every flag of the rule.
    pub severity: BTreeMap<String, Severity>,
    /// The `[keys]` table, passed through unchecked: the dashboard validates it.
    pub keys: toml::Table,
    /// The line of each entry of `[keys]`, for the dashboard's error messages.
    pub key_lines: BTreeMap<String, u32>,
    /// The notices' settings (`[notice]`).
    pub notice: NoticeSettings,
    /// The thresholds of the cross-report and plausibility rules (`[cross]`).
    pub cross: CrossSettings,
    /// The agencies expected to report, and their deadlines (`[roster]`).
    pub roster: Option<RosterConfig>,
}

/// The command line's rule options; they win over the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--select`: replaces the file's `select`; a code selected here runs even if the file
    /// ignores it.
    pub select: Option<Vec<String>>,
    /// `--ignore`: added to the file's `ignore`.
    pub ignore: Vec<String>,
}

/// A configuration that cannot be used, with where the problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file (or the command-line option, such as `--select`) at fault.
    pub origin: String,
    /// 1-based line and column (in characters), when the problem has a place in the file.
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: Localized,
}

impl ConfigError {
    /// An error at a place in a file.
    pub fn at(origin: impl Into<String>, position: Option<(u32, u32)>, message: Localized) -> Self {
        ConfigError {
            origin: origin.into(),
            line: position.map(|(line, _)| line),
            column: position.map(|(_, column)| column),
            message,
        }
    }

    /// `file:line:column: message` in `lang`.
    pub fn display(&self, lang: Lang) -> String {
        let mut text = self.origin.clone();
        if let Some(line) = self.line {
            text.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                text.push_str(&format!(":{column}"));
            }
        }
        format!("{text}: {}", self.message.get(lang))
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display(Lang::En))
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: Option<RawRules>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, toml::Value>,
    #[serde(default)]
    notice: Option<RawNotice>,
    #[serde(default)]
    cross: Option<RawCross>,
    #[serde(default)]
    roster: Option<RosterConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotice {
    issuer: Option<String>,
    number_prefix: Option<String>,
    contact: Option<String>,
    deadline_days: Option<Spanned<i64>>,
}

/// `[cross]`: every threshold optional, the default where absent.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCross {
    copy_containment: Option<f64>,
    jump_factor: Option<f64>,
    jump_minimum: Option<i64>,
    correction_rate: Option<f64>,
    correction_minimum: Option<i64>,
}

impl RawCross {
    /// The settings, or which threshold is out of range.
    fn settings(&self) -> Result<CrossSettings, Localized> {
        let default = CrossSettings::default();
        let share = |value: Option<f64>, fallback: f64, name: &str| match value {
            Some(v) if !(0.0..=1.0).contains(&v) => Err(Localized::new(
                format!("[cross] {name} 应在 0 到 1 之间"),
                format!("[cross] {name} must be between 0 and 1"),
            )),
            Some(v) => Ok(v),
            None => Ok(fallback),
        };
        let jump_factor = self.jump_factor.unwrap_or(default.jump_factor);
        if jump_factor <= 1.0 {
            return Err(Localized::new(
                "[cross] jump_factor 应大于 1",
                "[cross] jump_factor must be greater than 1",
            ));
        }
        Ok(CrossSettings {
            copy_containment: share(
                self.copy_containment,
                default.copy_containment,
                "copy_containment",
            )?,
            jump_factor,
            jump_minimum: self.jump_minimum.unwrap_or(default.jump_minimum),
            correction_rate: share(
                self.correction_rate,
                default.correction_rate,
                "correction_rate",
            )?,
            correction_minimum: self
                .correction_minimum
                .unwrap_or(default.correction_minimum),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

impl Config {
    /// The name of the file looked for in an inbox.
    pub const FILE_NAME: &'static str = "nianbao.toml";

    /// The largest configuration file read (a real one is a few hundred bytes).
    const MAX_BYTES: crate::ingest::Limits = crate::ingest::Limits {
        max_bytes: 1024 * 1024,
    };

    /// A commented starter `nianbao.toml` (what `nianbao init` writes), with its comments in
    /// `lang`. Every setting is an example in a comment, so the file as written selects the
    /// defaults; uncommenting a line gives a valid configuration.
    pub fn starter(lang: Lang) -> &'static str {
        lang.pick(STARTER_ZH, STARTER_EN)
    }

    /// Writes the starter file into `dir` (created if missing) and returns its path. An
    /// existing `nianbao.toml` is never replaced: the user's settings would be lost.
    pub fn write_starter(dir: &Path, lang: Lang) -> Result<PathBuf, ConfigError> {
        let path = dir.join(Config::FILE_NAME);
        let origin = path.display().to_string();
        let failed = |e: std::io::Error| {
            ConfigError::at(
                &origin,
                None,
                Localized::new(
                    format!("无法写入配置文件：{e}"),
                    format!("cannot write the configuration file: {e}"),
                ),
            )
        };
        std::fs::create_dir_all(dir).map_err(failed)?;
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        let mut file = match file {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(ConfigError::at(
                    &origin,
                    None,
                    Localized::new(
                        "配置文件已存在，未覆盖（如需重新生成，请先删除或改名）",
                        "the configuration file exists and was not replaced (delete or rename it first)",
                    ),
                ))
            }
            Err(e) => return Err(failed(e)),
        };
        std::io::Write::write_all(&mut file, Config::starter(lang).as_bytes()).map_err(failed)?;
        Ok(path)
    }

    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let origin = path.display().to_string();
        let cannot = |zh: String, en: String| {
            ConfigError::at(
                &origin,
                None,
                Localized::new(
                    format!("无法读取配置文件：{zh}"),
                    format!("cannot read the configuration file: {en}"),
                ),
            )
        };
        // Read as reports are (the file sits in a shared inbox): a FIFO swapped in for it
        // cannot hang the start, nor a link to a device flood it.
        let bytes = crate::ingest::read_bytes(path, Config::MAX_BYTES)
            .map_err(|failure| cannot(failure.reason_zh(), failure.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|e| cannot(e.to_string(), e.to_string()))?;
        let mut config = Config::parse(&text, &origin)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// The configuration for an inbox (or a file or folder in it): the nearest `nianbao.toml`
    /// in the folder or one of its parents, or the defaults when there is none.
    pub fn find_for(inbox: &Path) -> Result<Config, ConfigError> {
        match Config::locate(inbox) {
            Some(path) => Config::load(&path),
            None => Ok(Config::default()),
        }
    }

    /// The nearest `nianbao.toml` for a path: in the folder itself (a file's own folder), then
    /// in each parent.
    pub fn locate(path: &Path) -> Option<PathBuf> {
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let start = if absolute.is_dir() {
            absolute.as_path()
        } else {
            absolute.parent()?
        };
        start
            .ancestors()
            .map(|dir| dir.join(Config::FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// The configuration for a run over several paths: `explicit` (`--config`) when given,
    /// otherwise the one file found for all of them. Paths that find different files are an
    /// error: which one applies would be a guess.
    pub fn resolve(explicit: Option<&Path>, paths: &[PathBuf]) -> Result<Config, ConfigError> {
        if let Some(path) = explicit {
            return Config::load(path);
        }
        let mut found: Vec<PathBuf> = paths.iter().filter_map(|p| Config::locate(p)).collect();
        found.sort();
        found.dedup();
        match found.as_slice() {
            [] => Ok(Config::default()),
            [one] => Config::load(one),
            [first, second, ..] => Err(ConfigError::at(
                "--config",
                None,
                Localized::new(
                    format!(
                        "所给路径各有不同的配置文件（{} 与 {}），请用 --config 指定一个",
                        first.display(),
                        second.display()
                    ),
                    format!(
                        "the paths given have different configuration files ({} and {}); choose one with --config",
                        first.display(),
                        second.display()
                    ),
                ),
            )),
        }
    }

    /// Parses and validates the text of a configuration file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let position = e.span().map(|span| position(text, span.start));
            ConfigError::at(
                origin,
                position,
                Localized::new(
                    format!("配置文件有误：{}", e.message().trim()),
                    format!("invalid configuration: {}", e.message().trim()),
                ),
            )
        })?;
        let at = |span: std::ops::Range<usize>| Some(position(text, span.start));
        let mut config = Config::default();
        if let Some(rules) = raw.rules {
            if let Some(select) = rules.select {
                let mut codes = Vec::new();
                for entry in &select {
                    let expanded = expand(entry.get_ref())
                        .map_err(|message| ConfigError::at(origin, at(entry.span()), message))?;
                    codes.extend(expanded);
                }
                if codes.is_empty() {
                    let span = select.first().map(Spanned::span);
                    return Err(ConfigError::at(
                        origin,
                        span.and_then(at),
                        Localized::new(
                            "select 没有选中任何已有的规则",
                            "select selects no rule in the catalogue",
                        ),
                    ));
                }
                config.select = Some(codes);
            }
            for entry in &rules.ignore {
                let expanded = expand(entry.get_ref())
                    .map_err(|message| ConfigError::at(origin, at(entry.span()), message))?;
                config.ignore.extend(expanded);
            }
            for (code, severity) in &rules.severity {
                if crate::rules::meta(code.get_ref()).is_none() {
                    return Err(ConfigError::at(
                        origin,
                        at(code.span()),
                        catalogue::unknown_code_message(code.get_ref()),
                    ));
                }
                let level: Severity = severity.get_ref().parse().map_err(|_| {
                    ConfigError::at(
                        origin,
                        at(severity.span()),
                        Localized::new(
                            format!(
                                "`{}` 不是级别（应为 error、warning 或 info）",
                                severity.get_ref()
                            ),
                            format!(
                                "`{}` is not a severity (expected error, warning or info)",
                                severity.get_ref()
                            ),
                        ),
                    )
                })?;
                config.severity.insert(code.get_ref().clone(), level);
            }
        }
        if let Some(notice) = raw.notice {
            let text_of = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
            config.notice.issuer = text_of(notice.issuer);
            config.notice.number_prefix = text_of(notice.number_prefix);
            config.notice.contact = text_of(notice.contact);
            if let Some(days) = notice.deadline_days {
                config.notice.deadline_days = u32::try_from(*days.get_ref())
                    .ok()
                    .filter(|d| (1..=365).contains(d))
                    .ok_or_else(|| {
                        ConfigError::at(
                            origin,
                            at(days.span()),
                            Localized::new(
                                "deadline_days 应为 1 到 365 之间的天数",
                                "deadline_days must be a number of days from 1 to 365",
                            ),
                        )
                    })?;
            }
        }
        if let Some(cross) = &raw.cross {
            config.cross = cross
                .settings()
                .map_err(|message| ConfigError::at(origin, None, message))?;
        }
        config.roster = raw.roster;
        for (key, value) in raw.keys {
            let line = position(text, key.span().start).0;
            let key = key.into_inner();
            config.key_lines.insert(key.clone(), line);
            config.keys.insert(key, value);
        }
        Ok(config)
    }

    /// The rule selection of this configuration alone.
    pub fn selection(&self) -> RuleSelection {
        self.selection_with(&Overrides::default())
    }

    /// The rule selection with the command line's options applied over the file's.
    pub fn selection_with(&self, overrides: &Overrides) -> RuleSelection {
        let mut ignored = self.ignore.clone();
        let selected = match &overrides.select {
            Some(codes) => {
                // Asking for a rule by name on the command line runs it.
                ignored.retain(|code| !codes.contains(code));
                codes.clone()
            }
            None => self.select.clone().unwrap_or_default(),
        };
        ignored.extend(overrides.ignore.iter().cloned());
        ignored.sort();
        ignored.dedup();
        RuleSelection {
            ignored,
            selected,
            severities: self
                .severity
                .iter()
                .map(|(code, severity)| (code.clone(), *severity))
                .collect(),
            cross: self.cross.clone(),
        }
    }
}

impl Overrides {
    /// Validates the command line's `--select` and `--ignore` lists (codes or groups).
    pub fn new(select: Option<&[String]>, ignore: &[String]) -> Result<Overrides, ConfigError> {
        let expand_all = |option: &str, codes: &[String]| -> Result<Vec<String>, ConfigError> {
            let mut all = Vec::new();
            for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
                all.extend(expand(code).map_err(|m| ConfigError::at(option, None, m))?);
            }
            Ok(all)
        };
        let select = match select {
            Some(codes) => {
                let expanded = expand_all("--select", codes)?;
                if expanded.is_empty() {
                    return Err(ConfigError::at(
                        "--select",
                        None,
                        Localized::new(
                            "没有选中任何已有的规则",
                            "selects no rule in the catalogue",
                        ),
                    ));
                }
                Some(expanded)
            }
            None => None,
        };
        Ok(Overrides {
            select,
            ignore: expand_all("--ignore", ignore)?,
        })
    }
}

/// A rule code, or a group code (`B3`) standing for the group's rules.
fn expand(code: &str) -> Result<Vec<String>, Localized> {
    if let Some(meta) = crate::rules::meta(code) {
        return Ok(vec![meta.code.to_string()]);
    }
    if let Some(group) = catalogue::group_by_code(code) {
        return Ok(catalogue::metas()
            .filter(|m| m.group == group)
            .map(|m| m.code.to_string())
            .collect());
    }
    Err(catalogue::unknown_code_message(code))
}

/// The 1-based line and column (in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_file_keeps_the_defaults_and_its_examples_are_valid() {
        for lang in [Lang::Zh, Lang::En] {
            let starter = Config::starter(lang);
            let parsed = Config::parse(starter, "nianbao.toml");
            assert_eq!(parsed, Ok(Config::default()), "{lang:?}");
            // Every commented setting and section, uncommented, is a valid configuration.
            let enabled: String = starter
                .lines()
                .map(|line| match line.strip_prefix("# ") {
                    Some(setting) if setting.contains(" = ") || setting.starts_with('[') => setting,
                    _ => line,
                })
                .map(|line| format!("{line}\n"))
                .collect();
            let config = Config::parse(&enabled, "nianbao.toml");
            let Ok(config) = config else {
                panic!("{lang:?}: {config:?}");
            };
            assert_eq!(config.ignore, ["conversion-artifact", "legacy-encoding"]);
            assert_eq!(config.severity.len(), 1);
            assert_eq!(config.keys.len(), 2);
            assert_eq!(
                config.notice.issuer.as_deref(),
                Some("某某市人民政府办公室")
            );
            assert_eq!(config.notice.deadline_days, 15);
            assert_eq!(config.cross, CrossSettings::default());
            let roster = config.roster.expect("the [roster] example");
            assert_eq!(roster.agencies.len(), 2);
            assert_eq!(
                roster.deadlines.get("部门").map(String::as_str),
                Some("1-31")
            );
        }
        assert!(Config::starter(Lang::Zh).contains("规则代码"));
        assert!(Config::starter(Lang::En).contains("Rule codes"));
    }

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, "nianbao.toml")
    }

    fn error(text: &str) -> ConfigError {
        match parse(text) {
            Ok(config) => panic!("accepted: {config:?}"),
            Err(error) => error,
        }
    }

    #[test]
    fn reads_select_ignore_and_severity() {
        let config = parse(
            "[rules]\nselect = [\"table3-balance\", \"B2\"]\nignore = [\"period-missing\"]\n\n[rules.severity]\n\"period-reversed\" = \"warning\"\n",
        );
        let Ok(config) = config else {
            panic!("{config:?}")
        };
        let select = config.select.clone().unwrap_or_default();
        assert!(select.contains(&"table3-balance".to_string()));
        assert!(select.contains(&"period-reversed".to_string()));
        assert!(!select.contains(&"blank-cell".to_string()));
        assert_eq!(config.ignore, ["period-missing"]);
        assert_eq!(config.severity["period-reversed"], Severity::Warning);
        let selection = config.selection();
        assert!(selection.is_enabled("table3-balance"));
        assert!(!selection.is_enabled("period-missing"));
        assert!(!selection.is_enabled("blank-cell"));
    }

    #[test]
    fn empty_file_is_the_defaults() {
        assert_eq!(parse(""), Ok(Config::default()));
        assert!(Config::default().selection().is_enabled("blank-cell"));
    }

    #[test]
    fn unknown_code_names_the_line_and_a_suggestion() {
        let e = error("[rules]\nignore = [\n  \"blank-cell\",\n  \"tabel3-balance\",\n]\n");
        assert_eq!((e.line, e.column), (Some(4), Some(3)));
        assert!(
            e.to_string().contains("did you mean `table3-balance`"),
            "{e}"
        );
        assert!(e.to_string().starts_with("nianbao.toml:4:3: "), "{e}");
        let e = error("[rules.severity]\n\"period-revresed\" = \"info\"\n");
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn bad_severity_unknown_key_and_syntax_are_errors() {
        let e = error("[rules.severity]\n\"period-missing\" = \"fatal\"\n");
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().contains("`fatal` is not a severity"), "{e}");
        let e = error("[rules]\nselct = [\"blank-cell\"]\n");
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().contains("selct"), "{e}");
        let e = error("\n\n[display]\n");
        assert_eq!(e.line, Some(3));
        let e = error("[rules]\nselect = [\"blank-cell\"\n");
        assert!(e.line.is_some(), "{e}");
        let e = error("[rules]\nignore = \"blank-cell\"\n");
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn keys_pass_through_with_their_lines() {
        let config = parse("[rules]\n\n[keys]\nconfirm = \"c\"\nquit = [\"q\", \"Esc\"]\n");
        let Ok(config) = config else {
            panic!("{config:?}")
        };
        assert_eq!(
            config.keys.get("confirm").and_then(|v| v.as_str()),
            Some("c")
        );
        assert_eq!(config.key_lines["quit"], 5);
    }

    #[test]
    fn command_line_wins() {
        let Ok(config) = parse("[rules]\nselect = [\"B0\"]\nignore = [\"blank-cell\"]\n") else {
            panic!()
        };
        let overrides = Overrides::new(Some(&["blank-cell".to_string()]), &[]);
        let Ok(overrides) = overrides else {
            panic!("{overrides:?}")
        };
        let selection = config.selection_with(&overrides);
        assert!(selection.is_enabled("blank-cell"));
        assert!(!selection.is_enabled("unreadable-file"));
        let Ok(overrides) = Overrides::new(None, &["not-a-report".to_string()]) else {
            panic!()
        };
        let selection = config.selection_with(&overrides);
        assert!(selection.is_enabled("unreadable-file"));
        assert!(!selection.is_enabled("not-a-report"));
        assert!(!selection.is_enabled("blank-cell"));
        let e = Overrides::new(Some(&["nope".to_string()]), &[]);
        assert!(e.is_err_and(|e| e.origin == "--select"));
    }

    #[test]
    fn the_readme_example_is_valid() {
        let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
        let example = readme
            .split("```toml\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next());
        let Some(example) = example else {
            panic!("README.md has a ```toml example")
        };
        let config = parse(example);
        assert!(config.is_ok(), "{config:?}");
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(position("ab\n统计x", 9), (2, 3));
        assert_eq!(position("ab", 99), (1, 3));
        assert_eq!(position("统", 1), (1, 1));
    }

    #[test]
    fn the_notice_section_is_read_and_checked() {
        let config = parse(
            "[notice]\nissuer = \"市政府办公室\"\nnumber_prefix = \"某政办函\"\ncontact = \"\"\ndeadline_days = 20\n",
        );
        let Ok(config) = config else {
            panic!("{config:?}");
        };
        assert_eq!(config.notice.issuer.as_deref(), Some("市政府办公室"));
        assert_eq!(config.notice.number_prefix.as_deref(), Some("某政办函"));
        assert_eq!(
            config.notice.contact, None,
            "an empty contact is no contact"
        );
        assert_eq!(config.notice.deadline_days, 20);
        assert_eq!(Config::default().notice.deadline_days, 15);
        let e = error("[notice]\ndeadline_days = 0\n");
        assert_eq!((e.line, e.column), (Some(2), Some(17)));
        assert!(e.to_string().contains("1 to 365"), "{e}");
        let e = error("[notice]\nissuer_name = \"x\"\n");
        assert_eq!(e.line, Some(2), "{e}");
    }
}
