//! Chains of years: one agency's run of consecutive reports, the figures of each year's tables,
//! and what carries from one year to the next (or is broken on purpose, see `defects`).

use super::agencies::Agency;
use super::defects::CrossDefect;
use super::rng::SplitMix64;
use super::writer::ReportWriter;
use super::{Facts, GeneratedReport};
use crate::report::template::{RowSpec, TemplateVersion};
use crate::report::Layout;

pub(super) const FIRST_YEAR: i32 = 2019;
pub(super) const LAST_YEAR: i32 = 2024;

/// One agency's run of consecutive reports, and what carries from one year to the next.
pub(super) struct Chain {
    pub(super) agency: Agency,
    pub(super) year: i32,
    pub(super) last_year: i32,
    pub(super) layout: Layout,
    /// 表三 四 (结转下年度继续办理) of the previous year, per applicant column.
    pub(super) carried: Option<[u32; 6]>,
    /// 2021 表二 现行有效件数 of 规章 and 行政规范性文件 last year.
    pub(super) valid: Option<[u32; 2]>,
    /// 2019 表二 对外公开总数量 of 规章 and 规范性文件 last year.
    pub(super) published_total: Option<[u32; 2]>,
    /// 2019 表二 上一年项目数量 + 本年增/减 of last year: this year's 上一年项目数量, for 行政许可,
    /// 其他对外管理服务事项, 行政处罚, 行政强制, 行政事业性收费.
    pub(super) items: Option<[u32; 5]>,
    /// 表三 一 (本年新收) 总计 of the previous year.
    pub(super) received: Option<u32>,
    /// The file of the chain's previous report.
    pub(super) previous_file: Option<String>,
    /// The chain already has its injected defect (one per chain, so that each is alone).
    pub(super) broken: bool,
    /// This year's report is in the 2019 template whatever its year.
    pub(super) regress: bool,
    /// This year's applications are a hundredfold.
    pub(super) surge: bool,
    /// This year's 行政复议 corrects most cases.
    pub(super) corrections: bool,
}

impl Chain {
    /// Whether the chain's next report can carry this defect.
    pub(super) fn can_take(&self, defect: CrossDefect) -> bool {
        if self.broken {
            return false;
        }
        let template = TemplateVersion::expected_for(self.year.clamp(FIRST_YEAR, LAST_YEAR));
        let later = self.previous_file.is_some() && self.year <= self.last_year;
        match defect {
            CrossDefect::CarryoverMismatch | CrossDefect::YearOnYearJump => {
                later && self.carried.is_some()
            }
            CrossDefect::ValidCountContinuity => {
                later && template == TemplateVersion::V2021 && self.valid.is_some()
            }
            CrossDefect::ItemCountContinuity => {
                later && template == TemplateVersion::V2019 && self.items.is_some()
            }
            CrossDefect::TemplateRegression => later && self.year >= 2022 && self.valid.is_some(),
            CrossDefect::CorrectionRateHigh => true,
        }
    }

    /// Breaks what carries into the next report (see [`CrossDefect`]).
    pub(super) fn take(&mut self, defect: CrossDefect) {
        self.broken = true;
        match defect {
            CrossDefect::CarryoverMismatch => {
                if let Some(carried) = &mut self.carried {
                    carried[0] += 2;
                }
            }
            CrossDefect::ValidCountContinuity => {
                if let Some(valid) = &mut self.valid {
                    valid[1] += 5;
                }
            }
            CrossDefect::ItemCountContinuity => {
                if let Some(items) = &mut self.items {
                    items[0] += 3;
                }
            }
            CrossDefect::TemplateRegression => self.regress = true,
            CrossDefect::YearOnYearJump => self.surge = true,
            CrossDefect::CorrectionRateHigh => self.corrections = true,
        }
    }

    pub(super) fn start(agency: Agency, rng: &mut SplitMix64) -> Chain {
        // Mostly 2021-template years; some chains begin in 2019 or 2020.
        let year = match rng.below(100) {
            0..=6 => 2019,
            7..=17 => 2020,
            n => 2021 + (n % 4) as i32,
        };
        let length = rng.range(1, 4) as i32;
        let layout = if rng.chance(50) {
            Layout::Rows
        } else {
            Layout::Cells
        };
        Chain {
            agency,
            year,
            last_year: (year + length - 1).min(LAST_YEAR),
            layout,
            carried: None,
            valid: None,
            published_total: None,
            items: None,
            received: None,
            previous_file: None,
            broken: false,
            regress: false,
            surge: false,
            corrections: false,
        }
    }

    pub(super) fn next_report(&mut self, rng: &mut SplitMix64, index: usize) -> GeneratedReport {
        let year = self.year.clamp(FIRST_YEAR, LAST_YEAR);
        self.year += 1;
        let template = if std::mem::take(&mut self.regress) {
            TemplateVersion::V2019
        } else {
            TemplateVersion::expected_for(year)
        };
        let table2 = self.table2(rng, template);
        let table3 = self.table3(rng, template);
        let mut table4 = table4(rng);
        if std::mem::take(&mut self.corrections) {
            // 行政复议: 1 upheld, 4 corrected, of 5.
            table4[..5].copy_from_slice(&[1, 4, 0, 0, 5]);
        }
        let facts = Facts {
            table2,
            table3,
            table4,
            published: 0,
        };
        let mut writer = ReportWriter {
            rng,
            agency: &self.agency,
            year,
            template,
            layout: self.layout,
            out: String::with_capacity(16 * 1024),
            facts,
        };
        writer.write();
        let ReportWriter { out, facts, .. } = writer;
        GeneratedReport {
            file_name: format!("r{index:05}_{year}.txt"),
            agency: self.agency.name.clone(),
            year,
            template,
            layout: self.layout,
            text: out,
            facts,
        }
    }

    /// 表二's rows and cells, continuing last year's counts.
    pub(super) fn table2(
        &mut self,
        rng: &mut SplitMix64,
        template: TemplateVersion,
    ) -> Vec<(&'static str, Vec<String>)> {
        let government = self.agency.government;
        let mut rows = Vec::new();
        match template {
            TemplateVersion::V2021 => {
                let before = self.valid.unwrap_or_else(|| {
                    let rules = if government || rng.chance(10) {
                        rng.range(0, 12)
                    } else {
                        0
                    };
                    [rules, rng.range(0, 40)]
                });
                let mut valid = [0; 2];
                for (k, id) in ["t2.regulations", "t2.normative"].into_iter().enumerate() {
                    let active = k == 1 || government || before[0] > 0;
                    let issued = if active && rng.chance(60) {
                        rng.range(0, if k == 0 { 2 } else { 6 })
                    } else {
                        0
                    };
                    let repealed = if rng.chance(30) {
                        rng.range(0, before[k].min(3))
                    } else {
                        0
                    };
                    // What was in force does not all lapse in one year (a plausibility
                    // question for `year-on-year-jump`).
                    let repealed = if before[k] > 0 && before[k] + issued == repealed {
                        repealed - 1
                    } else {
                        repealed
                    };
                    valid[k] = before[k] + issued - repealed;
                    rows.push((id, cells(&[issued, repealed, valid[k]])));
                }
                self.valid = Some(valid);
                rows.push(("t2.permits", cells(&[decisions(rng, 50, 3000)])));
                rows.push(("t2.penalties", cells(&[decisions(rng, 60, 1500)])));
                rows.push(("t2.enforcement", cells(&[decisions(rng, 30, 120)])));
                rows.push(("t2.fees", vec![amount(rng, 30, 2)]));
            }
            TemplateVersion::V2019 => {
                let before = self
                    .published_total
                    .unwrap_or_else(|| [rng.range(0, 8), rng.range(0, 30)]);
                let mut total = [0; 2];
                for (k, id) in ["t2.regulations", "t2.normative"].into_iter().enumerate() {
                    let made = if (k == 1 || government) && rng.chance(50) {
                        rng.range(1, 5)
                    } else {
                        0
                    };
                    // Everything made is published, so 新公开 never trails 新制作.
                    total[k] = before[k] + made;
                    rows.push((id, cells(&[made, made, total[k]])));
                }
                self.published_total = Some(total);
                let before = self.items.unwrap_or_else(|| {
                    [
                        rng.range(0, 60),
                        rng.range(0, 30),
                        rng.range(0, 80),
                        rng.range(0, 20),
                        rng.range(0, 10),
                    ]
                });
                let mut after = [0; 5];
                let ids = [
                    "t2.permits",
                    "t2.other-services",
                    "t2.penalties",
                    "t2.enforcement",
                    "t2.fees",
                ];
                for (k, id) in ids.into_iter().enumerate() {
                    let down = before[k].min(5);
                    let change = i64::from(rng.range(0, down + 5)) - i64::from(down);
                    after[k] = (i64::from(before[k]) + change).max(0) as u32;
                    let mut row = vec![before[k].to_string(), change.to_string()];
                    if id != "t2.fees" {
                        row.push(decisions(rng, 40, 800).to_string());
                    }
                    rows.push((id, row));
                }
                self.items = Some(after);
                let purchases = if rng.chance(50) { rng.range(1, 20) } else { 0 };
                let spent = if purchases > 0 {
                    amount(rng, 100, 4)
                } else {
                    "0".to_string()
                };
                rows.push(("t2.procurement", vec![purchases.to_string(), spent]));
            }
        }
        rows
    }

    /// 表三: outcomes per applicant column, then 新收 chosen so that every column balances.
    pub(super) fn table3(
        &mut self,
        rng: &mut SplitMix64,
        template: TemplateVersion,
    ) -> Vec<(&'static str, [u32; 7])> {
        let specs = template.table3();
        let outcome_rows: Vec<&RowSpec> = specs.iter().filter(|r| r.outcome).collect();
        let weights: Vec<u32> = outcome_rows.iter().map(|r| outcome_weight(r.id)).collect();
        let carried_in = self.carried.unwrap_or_else(|| {
            let mut c = [0; 6];
            if rng.chance(15) {
                c[0] = rng.range(1, 2);
            }
            c
        });
        let quiet = rng.chance(45) && carried_in.iter().all(|&c| c == 0);
        // Handled applications per column.
        let mut handled = [0u32; 6];
        if !quiet {
            handled[0] = if rng.chance(80) {
                rng.range(1, 8)
            } else {
                rng.range(9, 60)
            };
            for (col, chance, max) in [(1, 30, 5), (2, 5, 2), (3, 5, 2), (4, 10, 3), (5, 10, 3)] {
                if rng.chance(chance) {
                    handled[col] = rng.range(1, max);
                }
            }
        }
        let surge = std::mem::take(&mut self.surge);
        if surge {
            // More than ten times anything a clean report receives.
            handled[0] = 1000;
        }
        let mut carried_out = [0u32; 6];
        for col in 0..6 {
            if handled[col] > 0 && rng.chance(15) {
                carried_out[col] = rng.range(1, 2);
            }
            // New applications = handled + carried out − carried in; never negative.
            handled[col] = handled[col].max(carried_in[col].saturating_sub(carried_out[col]));
        }
        if let (Some(last), false) = (self.received, surge) {
            plausible_received(&mut handled, &carried_in, &carried_out, last);
        }
        let mut outcomes = vec![[0u32; 6]; outcome_rows.len()];
        let total_weight: u32 = weights.iter().sum();
        for col in 0..6 {
            for _ in 0..handled[col] {
                let mut pick = rng.below(u64::from(total_weight)) as u32;
                let row = weights
                    .iter()
                    .position(|&w| {
                        if pick < w {
                            true
                        } else {
                            pick -= w;
                            false
                        }
                    })
                    .unwrap_or(0);
                outcomes[row][col] += 1;
            }
        }
        let new: [u32; 6] = std::array::from_fn(|c| handled[c] + carried_out[c] - carried_in[c]);
        self.carried = Some(carried_out);
        self.received = Some(new.iter().sum());
        let with_total = |v: [u32; 6]| -> [u32; 7] {
            let mut row = [0; 7];
            row[..6].copy_from_slice(&v);
            row[6] = v.iter().sum();
            row
        };
        let mut outcome_iter = outcomes.into_iter();
        specs
            .iter()
            .map(|spec| {
                let values = match spec.id {
                    "t3.new" => new,
                    "t3.carried-in" => carried_in,
                    "t3.total" => handled,
                    "t3.carried-over" => carried_out,
                    _ => outcome_iter.next().unwrap_or_default(),
                };
                (spec.id, with_total(values))
            })
            .collect()
    }
}

/// Keeps applications received within what `year-on-year-jump` accepts against last year's
/// `last` (less than ten times more or fewer, or both under ten), by changing how many the
/// citizens' column handled: a clean history asks no plausibility question.
pub(super) fn plausible_received(
    handled: &mut [u32; 6],
    carried_in: &[u32; 6],
    carried_out: &[u32; 6],
    last: u32,
) {
    let received =
        |h: &[u32; 6]| -> u32 { (0..6).map(|c| h[c] + carried_out[c] - carried_in[c]).sum() };
    let low = if last >= 10 { last / 10 + 1 } else { 0 };
    let high = if last == 0 { 9 } else { (last * 10 - 1).max(9) };
    let now = received(handled);
    if now < low {
        handled[0] += low - now;
    } else if now > high {
        // Column by column (the others can hold more than the citizens' alone): a column
        // cannot go below what was carried in and not out.
        let mut excess = now - high;
        for column in 0..6 {
            let floor = carried_in[column].saturating_sub(carried_out[column]);
            let cut = excess.min(handled[column].saturating_sub(floor));
            handled[column] -= cut;
            excess -= cut;
        }
    }
}

/// How often an outcome is chosen. Dropping an application for an unpaid fee stays at zero:
/// it would need a fee notice that 六 says was never sent.
pub(super) fn outcome_weight(id: &str) -> u32 {
    match id {
        "t3.granted" => 40,
        "t3.partial" => 10,
        "t3.unable.not-held" => 20,
        "t3.unable.needs-making" => 4,
        "t3.withheld.third-party" | "t3.withheld.process" | "t3.not-processed.petition" => 3,
        "t3.other.no-correction" | "t3.other.other" => 3,
        "t3.other" => 5,
        "t3.other.unpaid-fee" => 0,
        _ => 1,
    }
}

/// 表四: mostly nothing; sometimes a few reviews and lawsuits.
pub(super) fn table4(rng: &mut SplitMix64) -> [u32; 15] {
    let mut values = [0u32; 15];
    let chances = [20, 8, 6];
    for (group, chance) in chances.into_iter().enumerate() {
        if !rng.chance(chance) {
            continue;
        }
        let cases = rng.range(1, 4);
        for _ in 0..cases {
            let column = *rng.pick(&[0, 0, 0, 1, 2, 2, 3]);
            values[group * 5 + column] += 1;
        }
        values[group * 5 + 4] = cases;
    }
    // Lawsuits (both groups) at 5 cases or more: no more than a fifth 结果纠正, which a clean
    // report keeps under `correction-rate-high`; the rest upheld (维持).
    let (corrected, total) = (values[6] + values[11], values[9] + values[14]);
    if total >= 5 && corrected * 5 > total {
        let mut excess = corrected - total / 5;
        for group in [1, 2] {
            let moved = excess.min(values[group * 5 + 1]);
            values[group * 5 + 1] -= moved;
            values[group * 5] += moved;
            excess -= moved;
        }
    }
    values
}

pub(super) fn cells(values: &[u32]) -> Vec<String> {
    values.iter().map(u32::to_string).collect()
}

/// A count of decisions: zero in `zero_percent` of reports, otherwise up to `max`, mostly small.
pub(super) fn decisions(rng: &mut SplitMix64, zero_percent: u32, max: u32) -> u32 {
    if rng.chance(zero_percent) {
        0
    } else if rng.chance(70) {
        rng.range(1, (max / 20).max(1))
    } else {
        rng.range(1, max)
    }
}

/// An amount in 万元 below 10,000 with at most `decimals` decimals, zero in `zero_percent` of
/// reports.
pub(super) fn amount(rng: &mut SplitMix64, zero_percent: u32, decimals: u32) -> String {
    if rng.chance(zero_percent) {
        return "0".to_string();
    }
    let factor = 10u64.pow(decimals);
    let ceiling = if rng.chance(80) { 500 } else { 9_000 };
    let units = 1 + rng.below(ceiling * factor);
    let whole = units / factor;
    let fraction = units % factor;
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:0width$}", width = decimals as usize);
    format!("{whole}.{}", digits.trim_end_matches('0'))
}
