//! Who has not reported: the roster of agencies a supervisor expects a report from, matched
//! against the checked reports of an inbox by normalised agency name (never by file name).
//!
//! The roster is `[roster]` in `nianbao.toml`: a list of names, or the list the supervisor
//! already keeps — a CSV file of `name[,group]` lines, or a spreadsheet (.xlsx, .xls, .ods) whose
//! first sheet has the name in its first column and the group in its second — and deadlines
//! per group. The agencies that have not filed are exported as CSV or as a spreadsheet. By default a government's own
//! report is due 3月31日 and a department's 1月31日 of the next year (《条例》第五十条, and the
//! 政府信息公开工作年度报告 of a government compiled from its departments').

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::agency::{same_place, AgencyName, PinyinKey};
use crate::config::Config;
use crate::flag::Severity;
use crate::i18n::Localized;
use crate::pipeline::CheckedReport;
use crate::triage::report_status::ReportStatus;
use crate::triage::{AsIdentified, Identified, ReportRef, TriageStore};

/// `[roster]` as written in `nianbao.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterConfig {
    /// Agency names, each optionally followed by `,group` (「甲县司法局,部门」).
    #[serde(default)]
    pub agencies: Vec<String>,
    /// The supervisor's list, relative to the configuration file: a CSV file of
    /// `name[,group]` lines, or a spreadsheet (.xlsx, .xls, .ods: name and group in the first
    /// two columns of the first sheet).
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
    /// The roster of an inbox's configuration (`[roster]` of the `nianbao.toml` found for
    /// `inbox`), none when it has none. A roster file is read relative to the configuration
    /// file, or to the inbox when the defaults are in use.
    pub fn of_config(config: &Config, inbox: &Path) -> Result<Option<Roster>, RosterError> {
        let Some(roster) = &config.roster else {
            return Ok(None);
        };
        let base = config
            .path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(inbox);
        Roster::load(roster, base).map(Some)
    }

    /// Reads the roster of a configuration; `base` is the folder relative file names are in.
    pub fn load(config: &RosterConfig, base: &Path) -> Result<Roster, RosterError> {
        let mut entries: Vec<RosterEntry> = config
            .agencies
            .iter()
            .filter_map(|line| entry(line))
            .collect();
        if let Some(file) = &config.file {
            let path = base.join(file);
            let unreadable = |e: &dyn std::fmt::Display| {
                RosterError(Localized::new(
                    format!("无法读取名单 {}：{e}", path.display()),
                    format!("cannot read the roster {}: {e}", path.display()),
                ))
            };
            if is_spreadsheet(&path) {
                entries.extend(spreadsheet_entries(&path).map_err(|e| unreadable(&e))?);
            } else {
                let text = std::fs::read_to_string(&path).map_err(|e| unreadable(&e))?;
                entries.extend(text.lines().filter_map(entry));
            }
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
        Ok(Roster { entries, deadlines })
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
    if line.starts_with('#') {
        return None;
    }
    let mut parts = line.split([',', '，', '\t']).map(str::trim);
    let name = parts.next()?.trim_matches('"');
    cell_entry(name, parts.next().map(|g| g.trim_matches('"')))
}

/// A roster entry from its name and group as written (a CSV line's fields, a sheet's cells);
/// a blank name or a header (`name`, 「机关名称」) is none.
fn cell_entry(name: &str, group: Option<&str>) -> Option<RosterEntry> {
    let name = name.trim();
    if name.is_empty() || name.eq_ignore_ascii_case("name") || name == "机关名称" {
        return None;
    }
    Some(RosterEntry {
        name: name.to_string(),
        group: group
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(str::to_string),
    })
}

/// Whether a roster file is a spreadsheet (by its extension).
fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["xlsx", "xlsm", "xls", "ods"].contains(&e.to_ascii_lowercase().as_str()))
}

/// The entries of a spreadsheet roster: the first sheet's rows, name and group in the first two
/// columns.
fn spreadsheet_entries(path: &Path) -> Result<Vec<RosterEntry>, calamine::Error> {
    use calamine::Reader as _;
    let mut workbook = calamine::open_workbook_auto(path)?;
    let Some(Ok(range)) = workbook.worksheet_range_at(0) else {
        return Ok(Vec::new());
    };
    Ok(range
        .rows()
        .filter_map(|row| {
            let cell = |i: usize| row.get(i).map(ToString::to_string).unwrap_or_default();
            let group = cell(1);
            cell_entry(&cell(0), Some(&group))
        })
        .collect())
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
    /// Its place in the roster (0-based).
    pub index: usize,
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
    /// The report's status as decided in the journals (see [`with_report_status`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_status: Option<ReportStatus>,
}

/// The year a roster is matched against when none is given: the latest report year of the
/// inbox.
pub fn default_year<R: AsIdentified>(reports: &[R]) -> Option<i32> {
    reports.iter().filter_map(|r| r.identified().year).max()
}

/// Fills in the status (通过/退回整改/已审) of every filed line's report from the journals;
/// `reports` are those `lines` were matched against.
pub fn with_report_status<R: AsIdentified>(
    lines: &mut [RosterLine],
    reports: &[R],
    store: &TriageStore,
) {
    let by_path = by_path(reports);
    for line in lines {
        line.report_status = line
            .path
            .as_ref()
            .and_then(|path| by_path.get(path.as_path()))
            .and_then(|report| store.report_status(&ReportRef::of(report.report, None)))
            .map(|(status, _)| status);
    }
}

/// The reports by path: a roster line names its report by path, and a roster of thousands of
/// agencies must not search the inbox once for each.
pub fn by_path<R: AsIdentified>(reports: &[R]) -> std::collections::HashMap<&Path, Identified<'_>> {
    reports
        .iter()
        .map(AsIdentified::identified)
        .map(|r| (r.report.path.as_path(), r))
        .collect()
}

/// The orders of the roster view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RosterOrder {
    /// The roster's own order, as the supervisor keeps it.
    Roster,
    /// By name in pinyin order.
    Name,
    /// What needs a reminder first: missing, then late, then filed with open errors.
    Status,
}

impl RosterOrder {
    /// The next order, for a key that cycles through them.
    pub fn next(self) -> RosterOrder {
        match self {
            RosterOrder::Roster => RosterOrder::Name,
            RosterOrder::Name => RosterOrder::Status,
            RosterOrder::Status => RosterOrder::Roster,
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            RosterOrder::Roster => lang.pick("按名单顺序", "roster order"),
            RosterOrder::Name => lang.pick("按名称拼音", "by name"),
            RosterOrder::Status => lang.pick("按报送状态", "by filing"),
        }
    }
}

/// Sorts roster lines. Ties keep the roster's order, so the order is the same every run.
pub fn sort(lines: &mut [RosterLine], order: RosterOrder) {
    lines.sort_by_cached_key(|line| {
        let first = match order {
            RosterOrder::Roster => 0,
            RosterOrder::Name => 0,
            RosterOrder::Status => {
                let filing = match line.filing {
                    Filing::Missing => 0,
                    Filing::FiledLate => 1,
                    Filing::Filed => 2,
                };
                (filing << 32) | (u32::MAX as usize - line.errors.min(u32::MAX as usize))
            }
        };
        let name = match order {
            RosterOrder::Roster => None,
            _ => Some(PinyinKey::of(&line.entry.name)),
        };
        (first, name, line.index)
    });
}

/// The roster against the reports of `year`.
pub fn status<R: AsIdentified>(roster: &Roster, reports: &[R], year: i32) -> Vec<RosterLine> {
    let mut of_year: Vec<(&CheckedReport, AgencyName)> = reports
        .iter()
        .map(AsIdentified::identified)
        .filter(|r| r.year == Some(year))
        .filter_map(|r| Some((r.report, AgencyName::parse(r.agency?)?)))
        .collect();
    of_year.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    // By normalised name, each list in path order: one look-up per roster agency, not a pass
    // over the inbox.
    let mut by_key: std::collections::HashMap<String, Vec<&(&CheckedReport, AgencyName)>> =
        std::collections::HashMap::new();
    for report in &of_year {
        by_key.entry(report.1.key()).or_default().push(report);
    }
    roster
        .entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let deadline = roster.deadline(entry, year);
            let wanted = AgencyName::parse(&entry.name);
            let report = wanted.as_ref().and_then(|wanted| {
                by_key
                    .get(&wanted.key())?
                    .iter()
                    .find(|(_, name)| same_place(name, wanted))
                    .map(|(r, _)| *r)
            });
            let Some(report) = report else {
                return RosterLine {
                    index,
                    entry: entry.clone(),
                    filing: Filing::Missing,
                    path: None,
                    date: None,
                    deadline,
                    errors: 0,
                    warnings: 0,
                    report_status: None,
                };
            };
            let date = report.summary.front.date.value.clone();
            let late = date.as_deref().and_then(ymd).is_some_and(|d| d > deadline);
            RosterLine {
                index,
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
                report_status: None,
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
            let _ = write!(
                text,
                "  {}",
                match line.report_status {
                    Some(status) => status.label(lang),
                    None => lang.pick("待审", "not reviewed"),
                }
            );
        } else {
            let _ = write!(text, "  {}", lang.pick("截止", "due"));
            let _ = write!(text, " {y}-{m:02}-{d:02}");
        }
        let _ = writeln!(out, "{text}");
    }
    let _ = writeln!(out, "{}", summary(lines, year, lang));
    out
}

/// One line of figures: how many agencies of the roster filed, filed late, are missing.
pub fn summary(lines: &[RosterLine], year: i32, lang: crate::i18n::Lang) -> String {
    let count = |f: Filing| lines.iter().filter(|l| l.filing == f).count();
    let (filed, late, missing) = (
        count(Filing::Filed),
        count(Filing::FiledLate),
        count(Filing::Missing),
    );
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
}

/// The header of the missing agencies' list.
const MISSING_HEADER: [&str; 3] = ["name", "group", "deadline"];

/// The agencies that have not filed: name, group, deadline (`YYYY-MM-DD`).
fn missing_rows(lines: &[RosterLine]) -> impl Iterator<Item = [String; 3]> + '_ {
    lines
        .iter()
        .filter(|l| l.filing == Filing::Missing)
        .map(|line| {
            let (y, m, d) = line.deadline;
            [
                line.entry.name.clone(),
                line.entry.group.clone().unwrap_or_default(),
                format!("{y}-{m:02}-{d:02}"),
            ]
        })
}

/// The agencies that have not filed as a spreadsheet (.xlsx): the same columns as
/// [`missing_csv`], text cells only (a name is never read as a formula).
pub fn missing_xlsx(lines: &[RosterLine]) -> Result<Vec<u8>, RosterError> {
    let failed = |e: rust_xlsxwriter::XlsxError| {
        RosterError(Localized::new(
            format!("无法生成名单表格：{e}"),
            format!("cannot write the list as a spreadsheet: {e}"),
        ))
    };
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let rows = std::iter::once(MISSING_HEADER.map(str::to_string)).chain(missing_rows(lines));
    for (r, row) in rows.enumerate() {
        for (c, value) in row.iter().enumerate() {
            let value = crate::sanitize::for_terminal(value, false);
            sheet
                .write_string(r as u32, c as u16, &*value)
                .map_err(failed)?;
        }
    }
    workbook.save_to_buffer().map_err(failed)
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
    let mut out = MISSING_HEADER.join(",") + "\n";
    for row in missing_rows(lines) {
        let fields: Vec<String> = row.iter().map(|f| field(f)).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
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
    use crate::pipeline::{CheckedReport, ParseSummary};

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

    /// Sorted by name (pinyin) or by filing (missing, then late, then filed with most errors
    /// first), ties in roster order; the roster order comes back.
    #[test]
    fn orders_of_the_roster_view() {
        let config = RosterConfig {
            agencies: vec![
                "陕州区司法局".into(),
                "湖滨区司法局".into(),
                "甲县民政局".into(),
                "乙县民政局".into(),
            ],
            ..RosterConfig::default()
        };
        let roster = Roster::load(&config, Path::new(".")).expect("roster");
        let mut flagged = report("a.txt", "陕州区司法局", 2023, "2024年1月10日");
        flagged.flags.push(crate::flag::Flag {
            code: "blank-cell",
            severity: Severity::Error,
            location: crate::flag::Location::WHOLE,
            message: Localized::new("", "").into(),
            evidence: Default::default(),
            fingerprint: crate::flag::Fingerprint(1),
            legacy_fingerprint: None,
        });
        let reports = [
            flagged,
            report("b.txt", "甲县民政局", 2023, "2024年1月10日"),
            report("c.txt", "乙县民政局", 2023, "2024年3月10日"),
        ];
        assert_eq!(default_year(&reports), Some(2023));
        let mut lines = status(&roster, &reports, 2023);
        let names = |lines: &[RosterLine]| -> Vec<String> {
            lines.iter().map(|l| l.entry.name.clone()).collect()
        };
        sort(&mut lines, RosterOrder::Name);
        assert_eq!(
            names(&lines),
            ["湖滨区司法局", "甲县民政局", "陕州区司法局", "乙县民政局"]
        );
        sort(&mut lines, RosterOrder::Status);
        assert_eq!(
            names(&lines),
            ["湖滨区司法局", "乙县民政局", "陕州区司法局", "甲县民政局"]
        );
        sort(&mut lines, RosterOrder::Roster);
        assert_eq!(
            names(&lines),
            ["陕州区司法局", "湖滨区司法局", "甲县民政局", "乙县民政局"]
        );
    }

    /// The status of a filed agency's report comes from the journals; a missing one has none.
    #[test]
    fn report_status_from_the_journals() {
        let inbox = tempfile::tempdir().expect("temp dir");
        let mut store = TriageStore::open_on(inbox.path(), "张三", "PC-07").expect("store");
        let config = RosterConfig {
            agencies: vec!["陕州区司法局".into(), "湖滨区司法局".into()],
            ..RosterConfig::default()
        };
        let roster = Roster::load(&config, Path::new(".")).expect("roster");
        let reports = [report("a.txt", "陕州区司法局", 2023, "2024年1月10日")];
        let returned = store.decide_report(
            std::sync::Arc::new(ReportRef::of(&reports[0], None)),
            ReportStatus::Returned.action(),
        );
        store.record(returned).expect("recorded");
        let mut lines = status(&roster, &reports, 2023);
        with_report_status(&mut lines, &reports, &store);
        let statuses: Vec<Option<ReportStatus>> = lines.iter().map(|l| l.report_status).collect();
        assert_eq!(statuses, [Some(ReportStatus::Returned), None]);
        // `nianbao roster` prints it after the flag counts.
        let text = render_text(&lines, 2023, crate::i18n::Lang::Zh);
        let first = text.lines().next().expect("a line");
        assert!(first.starts_with("陕州区司法局"), "{text}");
        assert!(first.ends_with("错误 0 警告 0  退回整改"), "{text}");
    }

    /// The roster file is read beside the configuration that names it.
    #[test]
    fn the_roster_of_an_inbox_configuration() {
        let dir = tempfile::tempdir().expect("temp dir");
        let inbox = dir.path().join("inbox");
        std::fs::create_dir(&inbox).expect("inbox");
        assert_eq!(
            Roster::of_config(&Config::find_for(&inbox).expect("defaults"), &inbox),
            Ok(None)
        );
        std::fs::write(
            dir.path().join("nianbao.toml"),
            "[roster]\nfile = \"名单.csv\"\n",
        )
        .expect("config");
        std::fs::write(dir.path().join("名单.csv"), "甲县民政局,部门\n").expect("list");
        let config = Config::find_for(&inbox).expect("config");
        let roster = Roster::of_config(&config, &inbox)
            .expect("read")
            .expect("a roster");
        assert_eq!(roster.entries[0].name, "甲县民政局");
        assert_eq!(roster.entries[0].group.as_deref(), Some("部门"));
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
    fn a_spreadsheet_roster_is_read_and_the_missing_are_exported_as_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (r, (name, group)) in [
            ("机关名称", "分组"),
            ("陕州区司法局", "部门"),
            ("", ""),
            ("湖滨区人民政府", "县区"),
            ("=甲县司法局", ""),
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_string(r as u32, 0, name).expect("cell");
            sheet.write_string(r as u32, 1, group).expect("cell");
        }
        workbook.save(dir.path().join("名单.xlsx")).expect("save");
        let config = RosterConfig {
            agencies: vec!["乙县民政局".into()],
            file: Some("名单.xlsx".into()),
            ..RosterConfig::default()
        };
        let roster = Roster::load(&config, dir.path()).expect("roster");
        let names: Vec<(&str, Option<&str>)> = roster
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.group.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("乙县民政局", None),
                ("陕州区司法局", Some("部门")),
                ("湖滨区人民政府", Some("县区")),
                ("=甲县司法局", None)
            ]
        );
        let reports = [report("a.txt", "陕州区司法局", 2023, "2024年1月10日")];
        let lines = status(&roster, &reports, 2023);
        let bytes = missing_xlsx(&lines).expect("xlsx");
        let path = dir.path().join("missing.xlsx");
        std::fs::write(&path, bytes).expect("write");
        use calamine::Reader as _;
        let mut book = calamine::open_workbook_auto(&path).expect("open");
        let range = book.worksheet_range_at(0).expect("a sheet").expect("read");
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(ToString::to_string).collect())
            .collect();
        assert_eq!(rows[0], ["name", "group", "deadline"]);
        assert_eq!(rows[1], ["乙县民政局", "", "2024-01-31"]);
        assert_eq!(rows[2], ["湖滨区人民政府", "县区", "2024-03-31"]);
        // Written as text, not as a formula.
        assert_eq!(rows[3][0], "=甲县司法局");
        assert_eq!(rows.len(), 4);
        // A file that is not a spreadsheet is an error naming it.
        std::fs::write(dir.path().join("坏.xlsx"), "not a workbook").expect("write");
        let broken = RosterConfig {
            file: Some("坏.xlsx".into()),
            ..RosterConfig::default()
        };
        let error = Roster::load(&broken, dir.path()).expect_err("unreadable");
        assert!(error.0.get(crate::i18n::Lang::Zh).contains("坏.xlsx"));
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
