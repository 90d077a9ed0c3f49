//! Synthetic annual reports: clean, template-true, with tables that balance.
//!
//! The generator writes reports the way real ones arrive (both table layouts of the seeds), with
//! random but consistent figures, for benchmarks (`bench/check.sh`) and for tests that need many
//! reports a rule must accept. Every report is meant to be CLEAN: no rule may flag an error or a
//! warning on it. So it follows the templates to the letter (the labels come from
//! [`crate::report::template`]), its tables balance (表三: 一 + 二 = （七）总计 + 四 in every
//! column, （七）总计 = the sum of the outcome rows, 总计 = the sum of the six applicant
//! columns; 表四: each group's 总计 = the sum of its four), its text states the same numbers as
//! its tables, and its dates fit the report year.
//!
//! Reports come in chains: one agency reports for one or more consecutive years, and what runs
//! across years runs on (表三's 四 of year Y is 二 of year Y+1; 现行有效件数 and the 2019
//! template's 上一年项目数量 continue), so cross-report rules find nothing either. Agency names
//! are unique per chain, so no two reports share agency and year.
//!
//! Deterministic: the same seed gives the same reports. No `rand` crate: a SplitMix64 is
//! enough and keeps the output stable across dependency upgrades.
//!
//! Built only with the `corpus` feature (benchmarks and tests turn it on): the library a user
//! builds does not carry it. One job per file: `rng` (SplitMix64), `agencies` (names),
//! `history` (chains of years and their figures), `writer` (the text), `layouts` (other table
//! layouts of the same text) and `defects` (what the cross-report rules must find).

mod agencies;
mod defects;
mod history;
mod layouts;
mod rng;
mod writer;

use agencies::AgencySpace;
pub use defects::{generate_with_defects, CrossDefect, Injected};
use history::Chain;
pub use layouts::relayout;
pub use rng::SplitMix64;

use crate::report::template::TemplateVersion;
use crate::report::Layout;

/// One generated report, with the figures it states.
#[derive(Debug, Clone)]
pub struct GeneratedReport {
    /// A file name unique within the corpus: `r00042_2023.txt`.
    pub file_name: String,
    pub agency: String,
    pub year: i32,
    pub template: TemplateVersion,
    pub layout: Layout,
    pub text: String,
    pub facts: Facts,
}

/// The figures of a generated report, as written in its tables and text.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// 表二: each row's id and its cells as written (structurally empty cells left out).
    pub table2: Vec<(&'static str, Vec<String>)>,
    /// 表三: each template row's id and its seven values (six applicant columns, then 总计).
    pub table3: Vec<(&'static str, [u32; 7])>,
    /// 表四: the fifteen values.
    pub table4: [u32; 15],
    /// The number of items 主动公开 stated in 一（一）.
    pub published: u32,
}

impl Facts {
    /// The values of a 表三 row.
    pub fn table3_row(&self, id: &str) -> Option<[u32; 7]> {
        self.table3.iter().find(|(i, _)| *i == id).map(|(_, v)| *v)
    }
}

/// Generates `count` reports from `seed`.
pub fn generate(seed: u64, count: usize) -> Vec<GeneratedReport> {
    Generator::new(seed).take(count).collect()
}

/// An endless, deterministic stream of reports.
pub struct Generator {
    rng: SplitMix64,
    index: usize,
    agencies: AgencySpace,
    chain: Option<Chain>,
    /// Every report in this layout; `None`: each chain's own (rows or cells).
    layout: Option<Layout>,
    /// Cross-report defects still to inject, in order (see [`generate_with_defects`]).
    defects: std::collections::VecDeque<CrossDefect>,
    /// The defects injected so far.
    injected: Vec<Injected>,
}

/// The text of the report of a file name among generated reports (where an [`Injected`] went).
pub fn text_of<'a>(reports: &'a [GeneratedReport], file_name: &str) -> Option<&'a str> {
    reports
        .iter()
        .find(|r| r.file_name == file_name)
        .map(|r| r.text.as_str())
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        let mut rng = SplitMix64::new(seed);
        let agencies = AgencySpace::new(&mut rng);
        Generator {
            rng,
            index: 0,
            agencies,
            chain: None,
            layout: None,
            defects: Default::default(),
            injected: Vec::new(),
        }
    }

    /// The same reports, every one with its tables in `layout` (see [`relayout`]).
    pub fn in_layout(seed: u64, layout: Layout) -> Self {
        Generator {
            layout: Some(layout),
            ..Generator::new(seed)
        }
    }
}

impl Iterator for Generator {
    type Item = GeneratedReport;

    fn next(&mut self) -> Option<GeneratedReport> {
        if self.chain.as_ref().is_none_or(|c| c.year > c.last_year) {
            let agency = self.agencies.next();
            self.chain = Some(Chain::start(agency, &mut self.rng));
        }
        let chain = self.chain.as_mut()?;
        // Drawn as always (so the reports are the same), then set: cell layout stays cells,
        // every other layout is written from rows.
        if let Some(layout) = self.layout {
            chain.layout = match layout {
                Layout::Cells => Layout::Cells,
                _ => Layout::Rows,
            };
        }
        let injected = self.defects.iter().position(|&d| chain.can_take(d));
        let injected = injected.and_then(|i| self.defects.remove(i));
        if let Some(defect) = injected {
            chain.take(defect);
        }
        let mut report = chain.next_report(&mut self.rng, self.index);
        if let Some(defect) = injected {
            self.injected.push(Injected {
                defect,
                file_name: report.file_name.clone(),
                previous: chain.previous_file.clone(),
            });
        }
        chain.previous_file = Some(report.file_name.clone());
        self.index += 1;
        if let Some(layout) = self.layout {
            report.text = relayout(&report.text, layout);
            report.layout = layout;
        }
        Some(report)
    }
}

// ---------------------------------------------------------------------------------------------
// Agencies

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use std::collections::HashSet;

    use super::history::{FIRST_YEAR, LAST_YEAR};
    use super::*;
    use crate::flag::Severity;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::report::template::TABLE3_2021;
    use crate::report::template::TABLE3_NOTE;
    use crate::report::SectionId;
    use crate::rules::{self, RuleSelection};

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let a = generate(42, 20);
        let b = generate(42, 20);
        let c = generate(43, 20);
        assert!(a.iter().zip(&b).all(|(x, y)| x.text == y.text));
        assert!(a.iter().zip(&c).any(|(x, y)| x.text != y.text));
    }

    #[test]
    fn agencies_and_years_are_unique_and_both_layouts_and_templates_occur() {
        let reports = generate(1, 600);
        let mut seen = HashSet::new();
        for r in &reports {
            assert!(
                seen.insert((r.agency.clone(), r.year)),
                "{} {}",
                r.agency,
                r.year
            );
            assert!((FIRST_YEAR..=LAST_YEAR).contains(&r.year));
            assert_eq!(r.template, TemplateVersion::expected_for(r.year));
        }
        let names: HashSet<&str> = reports.iter().map(|r| r.file_name.as_str()).collect();
        assert_eq!(names.len(), reports.len());
        for layout in [Layout::Rows, Layout::Cells] {
            assert!(reports.iter().any(|r| r.layout == layout));
        }
        let old = reports
            .iter()
            .filter(|r| r.template == TemplateVersion::V2019)
            .count();
        assert!(old > 10 && old < reports.len() / 3, "{old}");
        // Chains: some agency reports in consecutive years.
        assert!(reports
            .windows(2)
            .any(|w| w[0].agency == w[1].agency && w[1].year == w[0].year + 1));
    }

    #[test]
    fn no_agency_name_contains_another() {
        let reports = generate(9, 400);
        let names: HashSet<&str> = reports.iter().map(|r| r.agency.as_str()).collect();
        for a in &names {
            for b in &names {
                assert!(a == b || !a.contains(b), "{a} contains {b}");
            }
        }
    }

    #[test]
    fn tables_balance() {
        for report in generate(3, 400) {
            let f = &report.facts;
            let row = |id| f.table3_row(id).expect("row");
            let (new, carried_in, total, carried_over) = (
                row("t3.new"),
                row("t3.carried-in"),
                row("t3.total"),
                row("t3.carried-over"),
            );
            let outcome_ids: Vec<&str> = report
                .template
                .table3()
                .iter()
                .filter(|r| r.outcome)
                .map(|r| r.id)
                .collect();
            for c in 0..7 {
                assert_eq!(new[c] + carried_in[c], total[c] + carried_over[c]);
                let outcomes: u32 = outcome_ids.iter().map(|id| row(id)[c]).sum();
                assert_eq!(outcomes, total[c]);
            }
            for (_, values) in &f.table3 {
                assert_eq!(values[6], values[..6].iter().sum::<u32>());
            }
            assert_eq!(f.table3.len(), report.template.table3().len());
            for g in 0..3 {
                let v = &f.table4[g * 5..g * 5 + 5];
                assert_eq!(v[4], v[..4].iter().sum::<u32>());
            }
            if report.template == TemplateVersion::V2021 {
                assert_eq!(row("t3.other.unpaid-fee"), [0; 7]);
                for id in ["t2.regulations", "t2.normative"] {
                    let (_, cells) = f.table2.iter().find(|(i, _)| *i == id).expect("row");
                    let n: Vec<u32> = cells.iter().map(|c| c.parse().expect("int")).collect();
                    assert!(n[0] <= n[2] + n[1], "issued ≤ valid + repealed");
                }
            }
        }
    }

    #[test]
    fn chains_carry_over_between_years() {
        let reports = generate(5, 800);
        let mut checked = 0;
        for pair in reports.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.agency != b.agency {
                continue;
            }
            let out = a.facts.table3_row("t3.carried-over").expect("四");
            let into = b.facts.table3_row("t3.carried-in").expect("二");
            assert_eq!(out, into);
            if a.template == TemplateVersion::V2021 {
                for id in ["t2.regulations", "t2.normative"] {
                    let cell = |r: &GeneratedReport, i: usize| -> i64 {
                        let (_, cells) =
                            r.facts.table2.iter().find(|(x, _)| *x == id).expect("row");
                        cells[i].parse().expect("int")
                    };
                    assert_eq!(cell(b, 2), cell(a, 2) + cell(b, 0) - cell(b, 1));
                }
            }
            if a.template == TemplateVersion::V2019 && b.template == TemplateVersion::V2019 {
                for (id, _) in &a.facts.table2 {
                    if *id == "t2.procurement" || *id == "t2.regulations" || *id == "t2.normative" {
                        continue;
                    }
                    let cells = |r: &GeneratedReport| -> Vec<i64> {
                        let (_, c) = r.facts.table2.iter().find(|(x, _)| x == id).expect("row");
                        c.iter().map(|v| v.parse().expect("int")).collect()
                    };
                    assert_eq!(cells(b)[0], cells(a)[0] + cells(a)[1], "{id}");
                }
            }
            checked += 1;
        }
        assert!(checked > 50, "{checked}");
    }

    #[test]
    fn text_has_title_period_sections_labels_and_signature() {
        for report in generate(11, 60) {
            let text = &report.text;
            let year = report.year;
            assert!(text.contains(&format!("{}{year}年", report.agency)));
            assert!(text.contains("政府信息公开工作年度报告"));
            assert!(text.contains(&format!(
                "本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。"
            )));
            let mut at = 0;
            for id in SectionId::ALL {
                let heading = format!("\n{}、{}\n", id.numeral(), id.title());
                let found = text[at..].find(&heading).map(|i| i + at);
                assert!(found.is_some(), "{heading} after {at} in\n{text}");
                at = found.unwrap_or(at);
            }
            for sub in [
                "（一）主动公开",
                "（二）依申请公开",
                "（三）政府信息管理",
                "（四）政府信息公开平台建设",
                "（五）监督保障",
            ] {
                assert!(text.contains(&format!("\n{sub}\n")), "{sub}");
            }
            for spec in report.template.table3() {
                assert!(text.contains(spec.label), "{}", spec.label);
            }
            for spec in report.template.table2() {
                assert!(text.contains(spec.label), "{}", spec.label);
            }
            for block in report.template.table2_blocks() {
                assert!(text.contains(block.header));
                for column in block.columns {
                    assert!(text.contains(column), "{column}");
                }
            }
            assert!(text.contains(TABLE3_NOTE));
            if report.template == TemplateVersion::V2021 {
                assert!(text.contains("本年度未收取信息处理费。"));
                assert!(text.contains("国办公开办函〔2021〕30号"));
            } else {
                assert!(text.contains("国办公开办函〔2019〕60号"));
            }
            let signature = format!("\n{}\n{}年1月", report.agency, year + 1);
            assert!(text.contains(&signature), "{signature}");
            assert!(text.trim_end().ends_with('日'));
            for banned in [
                "XX",
                "××",
                "人民政务",
                "看的明",
                "政府公开工作要点",
                "（条例）",
                "【",
                "＿",
            ] {
                assert!(!text.contains(banned), "{banned}");
            }
            assert!(
                !text.contains(&format!("{}年", year - 1)),
                "no earlier year"
            );
        }
    }

    #[test]
    fn text_states_the_table_figures() {
        for report in generate(13, 200) {
            let f = &report.facts;
            let new = f.table3_row("t3.new").expect("一")[6];
            let carried_in = f.table3_row("t3.carried-in").expect("二")[6];
            if new == 0 && carried_in == 0 {
                assert!(report.text.contains("未收到政府信息公开申请"));
            } else {
                assert!(report
                    .text
                    .contains(&format!("共收到政府信息公开申请{new}件")));
                let handled = f.table3_row("t3.total").expect("七")[6];
                assert!(report.text.contains(&format!("本年度办结{handled}件")));
            }
            let reviews = f.table4[4];
            let lawsuits = f.table4[9] + f.table4[14];
            if reviews + lawsuits > 0 {
                assert!(report.text.contains(&format!(
                    "被申请行政复议{reviews}件，被提起行政诉讼{lawsuits}件"
                )));
            }
            assert!(report
                .text
                .contains(&format!("主动公开政府信息{}条，其中", f.published)));
        }
    }

    #[test]
    fn both_layouts_write_every_value_of_table3() {
        let reports = generate(17, 200);
        let report = reports
            .iter()
            .find(|r| {
                r.layout == Layout::Cells
                    && r.template == TemplateVersion::V2021
                    && r.facts.table3_row("t3.new").is_some_and(|v| v[6] > 0)
            })
            .expect("a cell-layout report with applications");
        // In the cell layout, each row's label line is followed by its seven values.
        let lines: Vec<&str> = report.text.lines().collect();
        for (spec, (_, values)) in TABLE3_2021.iter().zip(&report.facts.table3) {
            let at = lines
                .iter()
                .position(|l| *l == format!("\t{}", spec.label))
                .expect("label line");
            let written: Vec<String> = lines[at + 1..at + 8]
                .iter()
                .map(|l| l.trim().to_string())
                .collect();
            let expected: Vec<String> = values.iter().map(u32::to_string).collect();
            assert_eq!(written, expected, "{}", spec.label);
        }
        let rows = reports
            .iter()
            .find(|r| r.layout == Layout::Rows && r.template == TemplateVersion::V2021)
            .expect("a row-layout report");
        for (spec, (_, values)) in TABLE3_2021.iter().zip(&rows.facts.table3) {
            let line = rows
                .text
                .lines()
                .find(|l| l.split('\t').any(|cell| cell == spec.label))
                .expect("row line");
            let numbers: Vec<&str> = line
                .split('\t')
                .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit()))
                .collect();
            let expected: Vec<String> = values.iter().map(u32::to_string).collect();
            assert_eq!(numbers, expected, "{}", spec.label);
        }
    }

    /// The generated reports are clean: whatever the rules in the catalogue, none flags an
    /// error or a warning, and what the parser reads agrees with what was written.
    #[test]
    fn generated_reports_are_clean() {
        for report in generate(2024, 120) {
            let parsed = parse_text(&report.text, SourceEncoding::Utf8);
            let flags = rules::run(&parsed, &RuleSelection::default());
            let loud: Vec<String> = flags
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .map(|f| {
                    format!(
                        "{} {:?}: {}",
                        f.code,
                        f.location.line,
                        f.message.get(Lang::En)
                    )
                })
                .collect();
            assert!(
                loud.is_empty(),
                "{}:\n{}\n{}",
                report.file_name,
                loud.join("\n"),
                report.text
            );
            // What the parser has read must match what was written.
            if let Some(year) = parsed.year {
                assert_eq!(year, report.year, "{}", report.file_name);
            }
            if let Some(template) = parsed.template {
                assert_eq!(template, report.template, "{}", report.file_name);
            }
            if let Some(table) = &parsed.table3 {
                for row in &table.rows {
                    let Some(expected) = report.facts.table3_row(row.spec.id) else {
                        continue;
                    };
                    for (i, value) in expected.iter().enumerate() {
                        if let Some(found) = row.int(i) {
                            assert_eq!(
                                found,
                                i64::from(*value),
                                "{} {}",
                                report.file_name,
                                row.spec.id
                            );
                        }
                    }
                }
            }
        }
    }
}
