//! Test fixtures: small whole reports with all three tables, in either layout, with any cell
//! or label changed. The tables are all zeros unless told otherwise, so every identity holds.

use crate::flag::Flag;
use crate::ingest::SourceEncoding;
use crate::report::parse::parse_text;
use crate::report::template::{
    TemplateVersion, ValueKind, TABLE3_COLUMNS, TABLE3_NOTE, TABLE3_TOP_HEADER, TABLE4_ROW,
};
use crate::report::{Layout, Report, TableKind};
use crate::rules::{self, RuleSelection};

/// A report text under construction.
#[derive(Debug, Clone)]
pub struct Fixture {
    layout: Layout,
    version: TemplateVersion,
    year: i32,
    overrides: Vec<(&'static str, Vec<String>)>,
    replacements: Vec<(String, String)>,
    without: Option<TableKind>,
}

/// A 2021-template report in row layout (cells split by tabs).
pub fn rows() -> Fixture {
    Fixture::new(Layout::Rows)
}

/// A 2021-template report in cell layout (one cell per line).
pub fn cells() -> Fixture {
    Fixture::new(Layout::Cells)
}

/// A 2021-template report with one cell per line and no tabs (a browser's copy).
pub fn lines() -> Fixture {
    Fixture::new(Layout::Lines)
}

/// A 2021-template report with markdown pipe tables and `##` headings.
pub fn pipes() -> Fixture {
    Fixture::new(Layout::Pipes)
}

impl Fixture {
    fn new(layout: Layout) -> Fixture {
        Fixture {
            layout,
            version: TemplateVersion::V2021,
            year: 2023,
            overrides: Vec::new(),
            replacements: Vec::new(),
            without: None,
        }
    }

    /// The 2019 template, in a 2020 report.
    pub fn v2019(mut self) -> Fixture {
        self.version = TemplateVersion::V2019;
        self.year = 2020;
        self
    }

    /// Another report year (the template stays).
    pub fn year(mut self, year: i32) -> Fixture {
        self.year = year;
        self
    }

    /// The cells of a row (by template id, `t4.values` for 表四), exactly as given; `""` is a
    /// blank cell.
    pub fn row(mut self, id: &'static str, cells: &[&str]) -> Fixture {
        self.overrides
            .push((id, cells.iter().map(|c| c.to_string()).collect()));
        self
    }

    /// Replaces text in the finished report (labels, headers).
    pub fn replace(mut self, from: &str, to: &str) -> Fixture {
        self.replacements.push((from.to_string(), to.to_string()));
        self
    }

    /// Leaves a table out; its section keeps a sentence.
    pub fn without(mut self, kind: TableKind) -> Fixture {
        self.without = Some(kind);
        self
    }

    /// The report text.
    pub fn text(&self) -> String {
        let mut out = Vec::<String>::new();
        out.push(format!(
            "某某县司法局{}年政府信息公开工作年度报告",
            self.year
        ));
        out.push("一、总体情况".into());
        out.push("本机关认真贯彻落实《条例》，做好政府信息公开工作。".into());
        out.push(String::new());
        out.push("二、主动公开政府信息情况".into());
        if self.without != Some(TableKind::Table2) {
            self.table2(&mut out);
        } else {
            out.push("本年度无相关情况。".into());
        }
        out.push(String::new());
        out.push("三、收到和处理政府信息公开申请情况".into());
        if self.without != Some(TableKind::Table3) {
            self.table3(&mut out);
        } else {
            out.push("本年度未收到申请。".into());
        }
        out.push(String::new());
        out.push("四、政府信息公开行政复议、行政诉讼情况".into());
        if self.without != Some(TableKind::Table4) {
            self.table4(&mut out);
        } else {
            out.push("本年度未发生行政复议、行政诉讼。".into());
        }
        out.push(String::new());
        out.push("五、存在的主要问题及改进情况".into());
        out.push("存在的问题是公开不够及时。改进措施是加强审核。".into());
        out.push("六、其他需要报告的事项".into());
        out.push("本年度未收取信息处理费。".into());
        let mut text = crate::corpus::relayout(&out.join("\n"), self.layout);
        for (from, to) in &self.replacements {
            text = text.replace(from.as_str(), to);
        }
        text
    }

    /// The parsed report, exactly as the parser read it: the year comes from the title, so a
    /// rule's test fails when the parser loses it (see the test below).
    pub fn report(&self) -> Report {
        parse_text(&self.text(), SourceEncoding::Utf8)
    }

    /// The flags of one rule on the report.
    pub fn flags(&self, code: &str) -> Vec<Flag> {
        let selection = RuleSelection {
            selected: vec![code.to_string()],
            ..RuleSelection::default()
        };
        rules::run(&self.report(), &selection)
    }

    /// The first line containing `needle`.
    pub fn line_of(&self, needle: &str) -> u32 {
        self.text()
            .lines()
            .position(|l| l.contains(needle))
            .map_or(0, |i| i as u32 + 1)
    }

    fn values(&self, id: &str, kinds: &[ValueKind]) -> Vec<String> {
        match self.overrides.iter().rev().find(|(o, _)| *o == id) {
            Some((_, cells)) => cells.clone(),
            None => kinds
                .iter()
                .filter(|k| **k != ValueKind::Empty)
                .map(|_| "0".to_string())
                .collect(),
        }
    }

    /// One table row: `depth` merged-cell places before the label, then the cells.
    fn push_row(&self, out: &mut Vec<String>, depth: usize, cells: &[String]) {
        match self.layout {
            // Written as rows, then rewritten by `corpus::relayout`.
            Layout::Rows | Layout::Lines | Layout::Pipes | Layout::Columns | Layout::Collapsed => {
                out.push(format!("{}{}", "\t".repeat(depth), cells.join("\t")));
            }
            Layout::Cells => {
                for _ in 0..depth {
                    out.push("\t".into());
                }
                for cell in cells {
                    out.push(format!("\t{cell}"));
                }
                out.push(String::new());
            }
        }
    }

    fn table2(&self, out: &mut Vec<String>) {
        let specs = self.version.table2();
        for block in self.version.table2_blocks() {
            self.push_row(out, 0, &[block.header.to_string()]);
            let mut header = vec!["信息内容".to_string()];
            header.extend(block.columns.iter().map(|c| c.to_string()));
            self.push_row(out, 0, &header);
            for spec in specs.iter().filter(|s| s.group == block.header) {
                let mut cells = vec![spec.label.to_string()];
                cells.extend(self.values(spec.id, spec.values));
                self.push_row(out, 0, &cells);
            }
        }
    }

    fn table3(&self, out: &mut Vec<String>) {
        self.push_row(out, 0, &[TABLE3_NOTE.to_string(), "申请人情况".to_string()]);
        let top: Vec<String> = TABLE3_TOP_HEADER.iter().map(|s| s.to_string()).collect();
        self.push_row(out, 1, &top);
        let kinds: Vec<String> = TABLE3_COLUMNS[1..TABLE3_COLUMNS.len() - 1]
            .iter()
            .map(|s| s.to_string())
            .collect();
        self.push_row(out, 2, &kinds);
        for spec in self.version.table3() {
            let mut cells = vec![spec.label.to_string()];
            cells.extend(self.values(spec.id, spec.values));
            self.push_row(out, spec.depth as usize, &cells);
        }
    }

    fn table4(&self, out: &mut Vec<String>) {
        let row = |labels: &[&str]| labels.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        self.push_row(out, 0, &row(&["行政复议", "行政诉讼"]));
        let columns = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        let mut second = row(&columns);
        second.extend(row(&["未经复议直接起诉", "复议后起诉"]));
        self.push_row(out, 0, &second);
        let mut third = row(&columns);
        third.extend(row(&columns));
        self.push_row(out, 5, &third);
        let values = self.values(TABLE4_ROW.id, TABLE4_ROW.values);
        self.push_row(out, 0, &values);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_parses_into_complete_tables() {
        for fixture in [
            rows(),
            cells(),
            lines(),
            pipes(),
            rows().v2019(),
            cells().v2019(),
            lines().v2019(),
            pipes().v2019(),
        ] {
            let report = fixture.report();
            let t2 = report.table2.as_ref().unwrap();
            let t3 = report.table3.as_ref().unwrap();
            let t4 = report.table4.as_ref().unwrap();
            assert_eq!(t2.layout, fixture.layout);
            assert_eq!(t2.rows.len(), fixture.version.table2().len(), "{fixture:?}");
            assert_eq!(t3.rows.len(), fixture.version.table3().len());
            assert!(t3.rows.iter().all(|r| r.has_expected_count()));
            assert!(t3.rows.iter().all(|r| !r.misaligned));
            assert_eq!(t4.rows[0].cells.len(), 15);
            assert_eq!(report.template, Some(fixture.version));
            assert!(t2.extra_rows.is_empty() && t3.extra_rows.is_empty());
            // The year is the parser's, read from the title; nothing fills it in.
            assert_eq!(report.year, Some(fixture.year), "{fixture:?}");
        }
    }
}
