//! Who has not reported: the roster of agencies a supervisor expects a report from, matched
//! against the checked reports of an inbox by normalised agency name (never by file name).
//!
//! The roster is `[roster]` in `nianbao.toml`: a list of names, or a CSV file of `name[,group]`
//! lines the supervisor already keeps, and deadlines per group. By default a government's own
//! report is due 3月31日 and a department's 1月31日 of the next year (《条例》第五十条, and the
//! 政府信息公开工作年度报告 of a government compiled from its departments').

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::agency::{same_place, AgencyName};
use crate::check::CheckedReport;
use crate::flag::Severity;
use crate::i18n::Localized;

/// `[roster]` as written in `nianbao.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterConfig {
    /// Agency names, each optionally followed by `,group` (「甲县司法局,部门」).
    #[serde(default)]
    pub agencies: Vec<String>,
    /// A CSV file of `name[,group]` lines, relative to the configuration file.
    #[serde(default)]
    pub file: Option<PathBuf>,
    /// Deadlines by group, as `M-D` of the year after the report year (「部门」 = "1-31").
    #[serde(default)]
    pub deadlines: BTreeMap<String, String>,
}

/// One agency of the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterEntry {
    pub name: String,
    pub group: Option<String>,
}

/// A roster ready to match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    pub entries: Vec<RosterEntry>,
    /// Deadlines by group: (month, day) of the year after the report year.
    pub deadlines: BTreeMap<String, (u32, u32)>,
}

/// Why a roster could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterError(pub Localized);

/// A department's default deadline: 1月31日 (《条例》第五十条).
pub const DEPARTMENT_DEADLINE: (u32, u32) = (1, 31);
/// A government's own report: 3月31日.
pub const GOVERNMENT_DEADLINE: (u32, u32) = (3, 31);

impl Roster {
    /// Reads the roster of a configuration; `base` is the folder relative file names are in.
    pub fn load(config: &RosterConfig, base: &Path) -> Result<Roster, RosterError> {
        let mut lines: Vec<String> = config.agencies.clone();
        if let Some(file) = &config.file {
            let path = base.join(file);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                RosterError(Localized::new(
                    format!("无法读取名单 {}：{e}", path.display()),
                    format!("cannot read the roster {}: {e}", path.display()),
                ))
            })?;
            lines.extend(text.lines().map(str::to_string));
        }
        let mut deadlines = BTreeMap::new();
        for (group, date) in &config.deadlines {
            let parsed = date
                .split_once('-')
                .and_then(|(m, d)| Some((m.trim().parse().ok()?, d.trim().parse().ok()?)))
                .filter(|&(m, d): &(u32, u32)| (1..=12).contains(&m) && (1..=31).contains(&d))
                .ok_or_else(|| {
                    RosterError(Localized::new(
                        format!(
                            "[roster.deadlines] {group} 的日期「{date}」应写作 月-日（如 1-31）"
                        ),
                        format!("[roster.deadlines] {group}: 「{date}」 is not M-D (e.g. 1-31)"),
                    ))
                })?;
            deadlines.insert(group.clone(), parsed);
        }
        Ok(Roster {
            entries: lines.iter().filter_map(|line| entry(line)).collect(),
            deadlines,
        })
    }

    /// The deadline of an agency's report of `year`: its group's, else the default for a
    /// government or a department.
    pub fn deadline(&self, entry: &RosterEntry, year: i32) -> (i32, u32, u32) {
        let (month, day) = entry
            .group
            .as_ref()
            .and_then(|g| self.deadlines.get(g).copied())
            .unwrap_or_else(|| {
                if AgencyName::parse(&entry.name).is_some_and(|n| n.body == "政府") {
                    GOVERNMENT_DEADLINE
                } else {
                    DEPARTMENT_DEADLINE
                }
            });
        (year + 1, month, day)
    }
}

/// A CSV line `name[,group]`; blank lines, `#` comments and a `name` header are skipped.
fn entry(line: &str) -> Option<RosterEntry> {
    let line = line.trim().trim_start_matches('\u{feff}');
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let mut parts = line.split([',', '，', '\t']).map(str::trim);
    let name = parts.next()?.trim_matches('"').to_string();
    if name.is_empty() || name.eq_ignore_ascii_case("name") || name == "机关名称" {
        return None;
    }
    let group = parts
        .next()
        .map(|g| g.trim_matches('"').to_string())
        .filter(|g| !g.is_empty());
    Some(RosterEntry { name, group })
}

/// Where an agency of the roster stands for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Filing {
    Filed,
    /// Dated after the deadline.
    FiledLate,
    Missing,
}

impl Filing {
    pub fn label(self) -> Localized {
        match self {
            Filing::Filed => Localized::new("已报送", "filed"),
            Filing::FiledLate => Localized::new("逾期报送", "filed late"),
            Filing::Missing => Localized::new("未报送", "missing"),
        }
    }
}

/// One line of the roster view.
#[derive(Debug, Clone, Serialize)]
pub struct RosterLine {
    pub entry: RosterEntry,
    pub filing: Filing,
    /// The report matched (the first in path order when several are).
    pub path: Option<PathBuf>,
    /// Its date (signature or publication) as written.
    pub date: Option<String>,
    pub deadline: (i32, u32, u32),
    /// Its open flags: errors and warnings.
    pub errors: usize,
    pub warnings: usize,
}

/// The roster against the reports of `year`.
pub fn status(roster: &Roster, reports: &[CheckedReport], year: i32) -> Vec<RosterLine> {
    let mut of_year: Vec<(&CheckedReport, AgencyName)> = reports
        .iter()
        .filter(|r| r.year == Some(year))
        .filter_map(|r| Some((r, AgencyName::parse(r.agency.as_deref()?)?)))
        .collect();
    of_year.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    roster
        .entries
        .iter()
        .map(|entry| {
            let deadline = roster.deadline(entry, year);
            let wanted = AgencyName::parse(&entry.name);
            let report = wanted.as_ref().and_then(|wanted| {
                of_year
                    .iter()
                    .find(|(_, name)| name.key() == wanted.key() && same_place(name, wanted))
                    .map(|(r, _)| *r)
            });
            let Some(report) = report else {
                return RosterLine {
                    entry: entry.clone(),
                    filing: Filing::Missing,
                    path: None,
                    date: None,
                    deadline,
                    errors: 0,
                    warnings: 0,
                };
            };
            let date = report.summary.front.date.value.clone();
            let late = date.as_deref().and_then(ymd).is_some_and(|d| d > deadline);
            RosterLine {
                entry: entry.clone(),
                filing: if late {
                    Filing::FiledLate
                } else {
                    Filing::Filed
                },
                path: Some(report.path.clone()),
                date,
                deadline,
                errors: report.count(Severity::Error),
                warnings: report.count(Severity::Warning),
            }
        })
        .collect()
}

/// The roster view as text, one agency a line: name, group, status, report, date, flags. Names,
/// paths and dates are passed through [`crate::sanitize::for_terminal`].
pub fn render_text(lines: &[RosterLine], year: i32, lang: crate::i18n::Lang) -> String {
    use std::fmt::Write as _;
    let clean = |s: &str| crate::sanitize::for_terminal(s, false);
    let mut out = String::new();
    for line in lines {
        let (y, m, d) = line.deadline;
        let mut text = format!(
            "{}  {}  {}",
            clean(&line.entry.name),
            clean(line.entry.group.as_deref().unwrap_or("-")),
            line.filing.label().get(lang)
        );
        if let Some(path) = &line.path {
            let _ = write!(
                text,
                "  {}  {}  {}",
                clean(&path.to_string_lossy()),
                clean(line.date.as_deref().unwrap_or("-")),
                match lang {
                    crate::i18n::Lang::Zh => format!("错误 {} 警告 {}", line.errors, line.warnings),
                    crate::i18n::Lang::En =>
                        format!("{} errors, {} warnings", line.errors, line.warnings),
                }
            );
        } else {
            let _ = write!(text, "  {}", lang.pick("截止", "due"));
            let _ = write!(text, " {y}-{m:02}-{d:02}");
        }
        let _ = writeln!(out, "{text}");
    }
    let count = |f: Filing| lines.iter().filter(|l| l.filing == f).count();
    let (filed, late, missing) = (
        count(Filing::Filed),
        count(Filing::FiledLate),
        count(Filing::Missing),
    );
    let _ = writeln!(
        out,
        "{}",
        match lang {
            crate::i18n::Lang::Zh => format!(
                "{year}年度：名单 {} 个机关，按时报送 {filed}，逾期 {late}，未报送 {missing}",
                lines.len()
            ),
            crate::i18n::Lang::En => format!(
                "{year}: {} agencies on the roster, {filed} filed, {late} late, {missing} missing",
                lines.len()
            ),
        }
    );
    out
}

/// The agencies that have not filed, as CSV (`name,group,deadline`), with a header line.
pub fn missing_csv(lines: &[RosterLine]) -> String {
    let field = |s: &str| {
        let s = crate::sanitize::for_terminal(s, false);
        // Quote what a spreadsheet would split or read as a formula.
        if s.contains([',', '"', '\n']) || s.starts_with(['=', '+', '-', '@']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = String::from("name,group,deadline\n");
    for line in lines.iter().filter(|l| l.filing == Filing::Missing) {
        let (y, m, d) = line.deadline;
        out.push_str(&format!(
            "{},{},{y}-{m:02}-{d:02}\n",
            field(&line.entry.name),
            field(line.entry.group.as_deref().unwrap_or(""))
        ));
    }
    out
}

/// 「2024年1月15日」 → (2024, 1, 15).
fn ymd(text: &str) -> Option<(i32, u32, u32)> {
    let digits: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    match digits.as_slice() {
        [y, m, d, ..] => Some((i32::try_from(*y).ok()?, *m, *d)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckedReport, ParseSummary};

    fn report(path: &str, agency: &str, year: i32, date: &str) -> CheckedReport {
        let mut summary = ParseSummary::default();
        summary.front.date.value = Some(date.to_string());
        CheckedReport {
            path: PathBuf::from(path),
            file: path.to_string(),
            agency: Some(agency.to_string()),
            year: Some(year),
            template: None,
            summary,
            flags: Vec::new(),
        }
    }

    #[test]
    fn filed_late_and_missing_by_normalised_name() {
        let config = RosterConfig {
            agencies: vec![
                "陕州区司法局,部门".into(),
                "陕州区人民政府".into(),
                "湖滨区司法局".into(),
                "甲县民政局,部门".into(),
            ],
            deadlines: [("部门".to_string(), "2-15".to_string())].into(),
            ..RosterConfig::default()
        };
        let roster = Roster::load(&config, Path::new(".")).expect("roster");
        let reports = [
            report("a.txt", "三门峡市陕州区司法局", 2023, "2024年2月10日"),
            report("b.txt", "陕州区人民政府", 2023, "2024年4月2日"),
            report("c.txt", "湖滨区司法局", 2022, "2023年1月10日"),
            report("d.txt", "甲县民政局", 2023, "2024年2月20日"),
        ];
        let lines = status(&roster, &reports, 2023);
        let filings: Vec<Filing> = lines.iter().map(|l| l.filing).collect();
        assert_eq!(
            filings,
            [
                Filing::Filed,
                Filing::FiledLate,
                Filing::Missing,
                Filing::FiledLate
            ]
        );
        assert_eq!(lines[1].deadline, (2024, 3, 31));
        assert_eq!(lines[0].path.as_deref(), Some(Path::new("a.txt")));
        assert_eq!(
            missing_csv(&lines),
            "name,group,deadline\n湖滨区司法局,,2024-01-31\n"
        );
        let text = render_text(&lines, 2023, crate::i18n::Lang::En);
        assert!(
            text.ends_with("4 agencies on the roster, 1 filed, 2 late, 1 missing\n"),
            "{text}"
        );
    }

    #[test]
    fn a_bad_deadline_is_an_error_and_csv_headers_are_skipped() {
        let config = RosterConfig {
            deadlines: [("部门".to_string(), "1月31日".to_string())].into(),
            ..RosterConfig::default()
        };
        assert!(Roster::load(&config, Path::new(".")).is_err());
        assert_eq!(entry("机关名称,分组"), None);
        assert_eq!(
            entry("\"甲县司法局\",县区"),
            Some(RosterEntry {
                name: "甲县司法局".into(),
                group: Some("县区".into())
            })
        );
    }
}
