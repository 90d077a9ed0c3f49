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

use std::fmt::Write as _;

use crate::report::template::{
    RowSpec, TemplateVersion, TABLE3_COLUMNS, TABLE3_NOTE, TABLE4_COLUMNS, TABLE4_GROUPS,
};
use crate::report::{Layout, SectionId};

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, well-mixed 64-bit generator.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), without modulo bias worth speaking of.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        lo + self.below(u64::from(hi - lo) + 1) as u32
    }

    /// True with a probability of `percent` in a hundred.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < u64::from(percent)
    }

    /// One item of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `count` distinct items of a slice, in random order.
    pub fn sample<'a, T>(&mut self, items: &'a [T], count: usize) -> Vec<&'a T> {
        let mut indices: Vec<usize> = (0..items.len()).collect();
        for i in (1..indices.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            indices.swap(i, j);
        }
        indices.into_iter().take(count).map(|i| &items[i]).collect()
    }
}

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

/// A defect of a history that a cross-report rule must find (rules.md B7, B8), injected by
/// breaking what carries from one year of a chain to the next (or, for the correction rate, by
/// one report's 表四). Text-level defects (copies, duplicates, foreign names) are made on the
/// generated text by the tests that need them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrossDefect {
    /// 表三 二 (上年结转) is not last year's 四.
    CarryoverMismatch,
    /// 2021 表二 现行有效 does not continue last year's.
    ValidCountContinuity,
    /// 2019 表二 上一年项目数量 does not continue last year's.
    ItemCountContinuity,
    /// A 2022 or later report in the 2019 template after a 2021-template year.
    TemplateRegression,
    /// Applications received jump tenfold.
    YearOnYearJump,
    /// 行政复议: most cases corrected.
    CorrectionRateHigh,
}

impl CrossDefect {
    pub const ALL: [CrossDefect; 6] = [
        CrossDefect::CarryoverMismatch,
        CrossDefect::ValidCountContinuity,
        CrossDefect::ItemCountContinuity,
        CrossDefect::TemplateRegression,
        CrossDefect::YearOnYearJump,
        CrossDefect::CorrectionRateHigh,
    ];

    /// The rule that must flag it.
    pub fn code(self) -> &'static str {
        match self {
            CrossDefect::CarryoverMismatch => "carryover-mismatch",
            CrossDefect::ValidCountContinuity => "valid-count-continuity",
            CrossDefect::ItemCountContinuity => "item-count-continuity",
            CrossDefect::TemplateRegression => "template-regression",
            CrossDefect::YearOnYearJump => "year-on-year-jump",
            CrossDefect::CorrectionRateHigh => "correction-rate-high",
        }
    }
}

/// Where a defect went: the report that must be flagged, and the report of the year before
/// it is compared with (none for a defect of one report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injected {
    pub defect: CrossDefect,
    pub file_name: String,
    pub previous: Option<String>,
}

/// Generates `count` reports from `seed` with each defect injected once, each into the first
/// chain that can take it (a chain gets at most one). Returns where each went; a defect that
/// found no chain within `count` reports is missing from the list.
pub fn generate_with_defects(
    seed: u64,
    count: usize,
    defects: &[CrossDefect],
) -> (Vec<GeneratedReport>, Vec<Injected>) {
    let mut generator = Generator {
        defects: defects.iter().copied().collect(),
        ..Generator::new(seed)
    };
    let reports = generator.by_ref().take(count).collect();
    (reports, generator.injected)
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

/// Prefecture-level cities.
const CITIES: &[&str] = &[
    "洛阳市",
    "南阳市",
    "商丘市",
    "信阳市",
    "周口市",
    "聊城市",
    "临沂市",
    "潍坊市",
    "济宁市",
    "泰安市",
    "德州市",
    "滨州市",
    "盐城市",
    "扬州市",
    "泰州市",
    "宿迁市",
    "金华市",
    "台州市",
    "湖州市",
    "嘉兴市",
    "九江市",
    "上饶市",
    "赣州市",
    "宜春市",
    "六安市",
    "阜阳市",
    "安庆市",
    "芜湖市",
    "蚌埠市",
    "岳阳市",
    "常德市",
    "衡阳市",
    "邵阳市",
    "宜昌市",
    "襄阳市",
    "荆州市",
    "绵阳市",
    "宜宾市",
    "南充市",
    "遵义市",
    "曲靖市",
    "柳州市",
    "桂林市",
    "邯郸市",
    "保定市",
    "沧州市",
    "大同市",
    "榆林市",
    "天水市",
    "张掖市",
];

/// County-level divisions (区, 县, 旗).
const COUNTIES: &[&str] = &[
    "城关区",
    "河东区",
    "河西区",
    "新城区",
    "老城区",
    "东城区",
    "南湖区",
    "北湖区",
    "清河区",
    "文峰区",
    "龙湖区",
    "城东区",
    "新华区",
    "解放区",
    "青山区",
    "白云区",
    "金山区",
    "东湖区",
    "西湖区",
    "望城区",
    "桃源县",
    "永丰县",
    "安平县",
    "宁远县",
    "平阳县",
    "武宁县",
    "兴国县",
    "石门县",
    "临泉县",
    "凤台县",
    "阳信县",
    "高唐县",
    "冠县",
    "莘县",
    "宁阳县",
    "东平县",
    "汶上县",
    "泗县",
    "灵璧县",
    "太和县",
    "岳西县",
    "望江县",
    "宜丰县",
    "铜鼓县",
    "会昌县",
    "安远县",
    "上犹县",
    "崇义县",
    "华容县",
    "湘阴县",
    "平江县",
    "祁东县",
    "衡山县",
    "隆回县",
    "洞口县",
    "远安县",
    "兴山县",
    "秭归县",
    "保康县",
    "谷城县",
    "江口县",
    "正安县",
    "绥阳县",
    "罗平县",
    "师宗县",
    "融安县",
    "阳朔县",
    "灌阳县",
    "涉县",
    "磁县",
    "涞水县",
    "阜平县",
    "献县",
    "吴桥县",
    "灵丘县",
    "广灵县",
    "佳县",
    "吴堡县",
    "甘谷县",
    "武山县",
    "达拉特旗",
    "准格尔旗",
    "乌审旗",
    "杭锦旗",
];

/// Kinds of agency. None is a substring of another, so no agency's name contains another's.
const KINDS: &[&str] = &[
    "司法局",
    "教育局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "发展和改革委员会",
    "科学技术局",
    "工业和信息化局",
    "体育局",
    "信访局",
    "城市管理局",
    "人民政府",
];

const GOVERNMENT: &str = "人民政府";

/// An agency: its full name and how it refers to itself.
#[derive(Debug, Clone)]
struct Agency {
    name: String,
    /// 「我局」, 「我委」, 「我县」 …
    own: String,
    government: bool,
}

/// Every agency name, visited in a scrambled but repeatable order without repeats.
struct AgencySpace {
    size: u64,
    stride: u64,
    offset: u64,
    next: u64,
}

impl AgencySpace {
    fn new(rng: &mut SplitMix64) -> Self {
        let size = (CITIES.len() * (COUNTIES.len() + 1) * KINDS.len()) as u64;
        // A stride coprime with the size visits every index once per lap.
        let mut stride = size / 2 + rng.below(size / 3);
        while gcd(stride, size) != 1 {
            stride += 1;
        }
        AgencySpace {
            size,
            stride,
            offset: rng.below(size),
            next: 0,
        }
    }

    fn next(&mut self) -> Agency {
        let lap = self.next / self.size;
        let mut j = (self.next.wrapping_mul(self.stride) + self.offset) % self.size;
        self.next += 1;
        let kind = KINDS[(j % KINDS.len() as u64) as usize];
        j /= KINDS.len() as u64;
        let county = (j % (COUNTIES.len() as u64 + 1)) as usize;
        let city = CITIES[(j / (COUNTIES.len() as u64 + 1)) as usize % CITIES.len()];
        // Beyond one lap (over 100,000 agencies) names would repeat: number the towns.
        let place = match (county, lap) {
            (0, 0) => city.to_string(),
            (0, lap) => format!("{city}第{lap}新区"),
            (c, 0) => format!("{city}{}", COUNTIES[c - 1]),
            (c, lap) => format!("{city}{}第{lap}片区", COUNTIES[c - 1]),
        };
        let government = kind == GOVERNMENT;
        let own = if government {
            let level = place.chars().last().unwrap_or('市');
            format!("我{level}")
        } else if kind.ends_with("委员会") {
            "我委".to_string()
        } else {
            "我局".to_string()
        };
        Agency {
            name: format!("{place}{kind}"),
            own,
            government,
        }
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

// ---------------------------------------------------------------------------------------------
// Chains of years

const FIRST_YEAR: i32 = 2019;
const LAST_YEAR: i32 = 2024;

/// One agency's run of consecutive reports, and what carries from one year to the next.
struct Chain {
    agency: Agency,
    year: i32,
    last_year: i32,
    layout: Layout,
    /// 表三 四 (结转下年度继续办理) of the previous year, per applicant column.
    carried: Option<[u32; 6]>,
    /// 2021 表二 现行有效件数 of 规章 and 行政规范性文件 last year.
    valid: Option<[u32; 2]>,
    /// 2019 表二 对外公开总数量 of 规章 and 规范性文件 last year.
    published_total: Option<[u32; 2]>,
    /// 2019 表二 上一年项目数量 + 本年增/减 of last year: this year's 上一年项目数量, for 行政许可,
    /// 其他对外管理服务事项, 行政处罚, 行政强制, 行政事业性收费.
    items: Option<[u32; 5]>,
    /// 表三 一 (本年新收) 总计 of the previous year.
    received: Option<u32>,
    /// The file of the chain's previous report.
    previous_file: Option<String>,
    /// The chain already has its injected defect (one per chain, so that each is alone).
    broken: bool,
    /// This year's report is in the 2019 template whatever its year.
    regress: bool,
    /// This year's applications are a hundredfold.
    surge: bool,
    /// This year's 行政复议 corrects most cases.
    corrections: bool,
}

impl Chain {
    /// Whether the chain's next report can carry this defect.
    fn can_take(&self, defect: CrossDefect) -> bool {
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
    fn take(&mut self, defect: CrossDefect) {
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

    fn start(agency: Agency, rng: &mut SplitMix64) -> Chain {
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

    fn next_report(&mut self, rng: &mut SplitMix64, index: usize) -> GeneratedReport {
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
    fn table2(
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
    fn table3(
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
fn plausible_received(
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
fn outcome_weight(id: &str) -> u32 {
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
fn table4(rng: &mut SplitMix64) -> [u32; 15] {
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

fn cells(values: &[u32]) -> Vec<String> {
    values.iter().map(u32::to_string).collect()
}

/// A count of decisions: zero in `zero_percent` of reports, otherwise up to `max`, mostly small.
fn decisions(rng: &mut SplitMix64, zero_percent: u32, max: u32) -> u32 {
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
fn amount(rng: &mut SplitMix64, zero_percent: u32, decimals: u32) -> String {
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

// ---------------------------------------------------------------------------------------------
// Writing the text

struct ReportWriter<'a> {
    rng: &'a mut SplitMix64,
    agency: &'a Agency,
    year: i32,
    template: TemplateVersion,
    layout: Layout,
    out: String,
    facts: Facts,
}

impl ReportWriter<'_> {
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    /// A paragraph; the row layout (text from PDF or HTML) keeps blank lines between them.
    fn paragraph(&mut self, text: &str) {
        self.line(text);
        if self.layout != Layout::Cells {
            self.blank();
        }
    }

    fn heading(&mut self, id: SectionId) {
        let text = format!("{}、{}", id.numeral(), id.title());
        self.paragraph(&text);
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.rng.below(items.len() as u64) as usize]
    }

    fn write(&mut self) {
        self.blank();
        self.blank();
        let title_year = if self.rng.chance(15) { "年度" } else { "年" };
        let title = format!(
            "{}{}{title_year}政府信息公开工作年度报告",
            self.agency.name, self.year
        );
        self.paragraph(&title);
        self.preamble();
        self.overview();
        self.heading(SectionId::Proactive);
        self.table2();
        self.heading(SectionId::Requests);
        self.table3();
        self.heading(SectionId::Appeals);
        self.table4();
        self.problems();
        self.other_matters();
        self.signature();
    }

    fn preamble(&mut self) {
        let name = self.agency.name.clone();
        let year = self.year;
        let format_notice = match self.template {
            TemplateVersion::V2021 => {
                "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"
            }
            TemplateVersion::V2019 => {
                "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）"
            }
        };
        let basis = match self.rng.below(4) {
            0 => format!("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{format_notice}要求，由{name}编制。"),
            1 => format!("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定和{format_notice}要求，{name}编制本报告。"),
            2 => format!("按照《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）及{format_notice}的要求，{name}对{year}年度政府信息公开工作进行了梳理和总结，形成本报告。"),
            _ => format!("依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{format_notice}，{name}编制了{year}年度政府信息公开工作年度报告。"),
        };
        let period = format!("本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。");
        let phone = format!(
            "0{}-{}",
            self.rng.range(310, 939),
            self.rng.range(2_000_000, 8_999_999)
        );
        let where_ = self.pick(&[
            "门户网站政府信息公开专栏",
            "门户网站“政府信息公开年报”栏目",
            "政府信息公开平台",
        ]);
        let contact = match self.rng.below(3) {
            0 => format!("本报告电子版可在{name}{where_}查阅或下载。如对本报告有疑问，请与{name}办公室联系（联系电话：{phone}）。"),
            1 => format!("本报告的电子版可以在{name}{where_}下载。如对报告内容有疑问，请与{name}办公室联系，联系电话：{phone}。"),
            _ => format!("公众可在{name}{where_}查阅本报告电子版。对本报告如有疑问，请联系{name}办公室（电话：{phone}）。"),
        };
        let text = format!("{basis}{period}{contact}");
        self.paragraph(&text);
    }

    fn overview(&mut self) {
        self.heading(SectionId::Overview);
        let name = self.agency.name.clone();
        let own = self.agency.own.clone();
        let year = self.year;
        let guided = self.rng.chance(50);
        let a = if guided {
            self.pick(&[
                "认真落实上级关于全面推进政务公开的决策部署",
                "严格贯彻执行《条例》各项规定",
                "紧紧围绕中心工作和群众关切",
                "坚持“以公开为常态、不公开为例外”的原则",
            ])
        } else {
            // The 20th Party Congress met in October 2022: only later reports cite it.
            let congress = if year >= 2023 {
                "深入学习贯彻党的二十大精神"
            } else {
                "深入贯彻落实党中央、国务院关于政务公开工作的部署要求"
            };
            let options = [
                "坚持以习近平新时代中国特色社会主义思想为指导",
                congress,
                "认真落实党中央、国务院关于全面推进政务公开的决策部署",
                "严格贯彻执行《条例》各项规定",
                "紧紧围绕中心工作和群众关切",
                "坚持“以公开为常态、不公开为例外”的原则",
            ];
            self.pick(&options)
        };
        let b = self.pick(&[
            "持续深化政务公开工作",
            "不断加大政府信息公开力度",
            "扎实推进决策、执行、管理、服务、结果公开",
            "着力提升政务公开质量和实效",
            "进一步规范政府信息公开工作流程",
            "不断完善政务公开工作机制",
        ]);
        let c = self.pick(&[
            "切实保障人民群众的知情权、参与权、表达权和监督权",
            "有效提升了政府工作透明度",
            "为各项工作的顺利开展营造了良好环境",
            "政务公开工作取得了新成效",
            "推动政务公开工作再上新台阶",
            "政府信息公开工作整体水平稳步提升",
        ]);
        let intro = if guided {
            format!("{year}年，{name}在上级政务公开工作主管部门的指导下，{a}，{b}，{c}。")
        } else {
            format!("{year}年，{name}{a}，{b}，{c}。")
        };
        self.paragraph(&intro);

        // （一）主动公开
        self.paragraph("（一）主动公开");
        let parts = self.rng.range(2, 4) as usize;
        let categories = self.rng.sample(
            &[
                "工作动态",
                "通知公告",
                "人事信息",
                "财政预决算信息",
                "政策解读",
                "部门文件",
                "公共服务信息",
                "重点领域信息",
                "机构职能信息",
                "规划计划信息",
            ],
            parts,
        );
        let counts: Vec<u32> = categories.iter().map(|_| self.rng.range(1, 120)).collect();
        let published: u32 = counts.iter().sum();
        self.facts.published = published;
        let breakdown: Vec<String> = categories
            .iter()
            .zip(&counts)
            .map(|(category, count)| format!("{category}{count}条"))
            .collect();
        let channels = self.pick(&[
            "依托门户网站、政务新媒体等平台",
            "通过政府网站信息公开专栏、微信公众号等渠道",
            "充分利用政府网站和政务新媒体",
            "通过门户网站、政务服务大厅公开栏等载体",
        ]);
        let extra = self.pick(&[
            "围绕群众关心关注的热点问题，及时发布政策解读和回应信息，提高公开的针对性。",
            "严格落实公开目录和公开指南的要求，做到应公开尽公开。",
            "对涉及群众切身利益的事项做到第一时间公开、全程公开。",
            "持续优化公开内容的分类和呈现方式，方便公众查询。",
            "坚持公开与解读同步，做好政策文件的解读和宣传工作。",
        ]);
        let text = format!(
            "{year}年，{own}{channels}主动公开政府信息{published}条，其中{}。{extra}",
            breakdown.join("、")
        );
        self.paragraph(&text);

        // （二）依申请公开
        self.paragraph("（二）依申请公开");
        let f = &self.facts;
        let new = f.table3_row("t3.new").map_or(0, |r| r[6]);
        let carried_in = f.table3_row("t3.carried-in").map_or(0, |r| r[6]);
        let handled = f.table3_row("t3.total").map_or(0, |r| r[6]);
        let carried_over = f.table3_row("t3.carried-over").map_or(0, |r| r[6]);
        let reviews = f.table4[4];
        let lawsuits = f.table4[9] + f.table4[14];
        let mut text = String::new();
        let how = self.pick(&[
            "严格按照《条例》规定的程序和时限办理政府信息公开申请",
            "进一步规范依申请公开的受理、登记、办理、答复等环节",
            "畅通依申请公开渠道，完善申请办理工作机制",
            "坚持依法依规、便民高效的原则办理依申请公开事项",
        ]);
        let _ = write!(text, "{own}{how}。");
        if new == 0 && carried_in == 0 {
            let _ = write!(text, "{year}年，{own}未收到政府信息公开申请。");
        } else {
            let _ = write!(text, "{year}年，{own}共收到政府信息公开申请{new}件");
            if carried_in > 0 {
                let _ = write!(text, "，上年结转政府信息公开申请{carried_in}件");
            }
            let _ = write!(text, "，本年度办结{handled}件");
            if carried_over > 0 {
                let _ = write!(text, "，结转下年度继续办理{carried_over}件");
            }
            text.push_str("，均在法定期限内予以答复。");
        }
        if reviews == 0 && lawsuits == 0 {
            text.push_str("全年未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况。");
        } else {
            let _ = write!(
                text,
                "全年因政府信息公开工作被申请行政复议{reviews}件，被提起行政诉讼{lawsuits}件。"
            );
        }
        self.paragraph(&text);

        // （三）政府信息管理
        self.paragraph("（三）政府信息管理");
        let first = self.pick(&[
            "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则",
            "健全政府信息发布审核机制，严格执行信息发布“三审三校”制度",
            "加强政府信息源头管理，在公文办理环节明确公开属性",
            "建立健全政府信息公开属性源头认定机制，规范公开流程",
        ]);
        let second = self.pick(&[
            "定期对已公开的政府信息进行梳理，及时更新失效信息",
            "动态调整主动公开目录，确保公开内容准确完整",
            "做好规范性文件的清理工作，及时公布清理结果",
            "加强对政府信息的分类管理，提高信息检索的便捷性",
        ]);
        let text = format!("{own}{first}，{second}，确保政府信息安全、准确、规范。");
        self.paragraph(&text);

        // （四）政府信息公开平台建设
        self.paragraph("（四）政府信息公开平台建设");
        let first = self.pick(&[
            "持续加强政府网站信息公开专栏建设，优化栏目设置",
            "以政府网站为第一平台，推进政务新媒体规范化建设",
            "不断完善政府信息公开平台功能，提升平台服务能力",
            "按照集约化要求做好网站内容保障工作",
        ]);
        let second = self.pick(&[
            "安排专人负责平台的日常维护和内容更新",
            "定期开展平台自查，及时整改发现的问题",
            "加强政务新媒体的内容审核和安全管理",
            "提高信息发布的时效性和规范性",
        ]);
        let text = format!("{own}{first}，{second}，方便公众获取政府信息。");
        self.paragraph(&text);

        // （五）监督保障
        self.paragraph("（五）监督保障");
        let items = self.rng.sample(
            &[
                "加强组织领导，明确分管领导和专职工作人员",
                "将政务公开工作纳入年度工作要点统筹推进",
                "组织开展政务公开业务培训，提升工作人员业务能力",
                "定期开展政务公开工作自查，及时整改存在的问题",
                "主动接受社会监督，认真听取群众意见建议",
                "严格落实政务公开工作责任制",
                "将政务公开工作纳入内部考核内容",
                "完善政务公开工作制度，规范工作流程",
            ],
            3,
        );
        let mut text = format!("{own}进一步健全监督保障机制：");
        for (i, item) in items.iter().enumerate() {
            let numeral = ["一", "二", "三"][i];
            let end = if i + 1 == items.len() { "。" } else { "；" };
            let _ = write!(text, "{numeral}是{item}{end}");
        }
        if self.agency.government {
            text.push_str("全年未发生因政府信息公开工作引起的责任追究情况。");
        }
        self.paragraph(&text);
    }

    fn table2(&mut self) {
        let rows = self.facts.table2.clone();
        let blocks = self.template.table2_blocks();
        let specs = self.template.table2();
        for block in blocks {
            let block_rows: Vec<(&RowSpec, &Vec<String>)> = specs
                .iter()
                .filter(|spec| spec.group == block.header)
                .filter_map(|spec| {
                    rows.iter()
                        .find(|(id, _)| *id == spec.id)
                        .map(|(_, cells)| (spec, cells))
                })
                .collect();
            let mut header = vec!["信息内容"];
            header.extend_from_slice(block.columns);
            match self.layout {
                Layout::Rows
                | Layout::Lines
                | Layout::Pipes
                | Layout::Columns
                | Layout::Collapsed => {
                    self.line(&format!("{}\t\t\t", block.header));
                    self.line(&pad_cells(&header, 4));
                    for (spec, cells) in &block_rows {
                        let mut all = vec![spec.label];
                        all.extend(cells.iter().map(String::as_str));
                        self.line(&pad_cells(&all, 4));
                    }
                }
                Layout::Cells => {
                    self.line(&format!("\t{}", block.header));
                    self.blank();
                    for label in header {
                        self.line(&format!("\t{label}"));
                    }
                    self.blank();
                    for (spec, cells) in &block_rows {
                        self.line(&format!("\t{}", spec.label));
                        for cell in cells.iter() {
                            self.line(&format!("\t{cell}"));
                        }
                        self.blank();
                    }
                }
            }
        }
        self.blank();
    }

    fn table3(&mut self) {
        let rows = self.facts.table3.clone();
        let specs = self.template.table3();
        let results = "三、本年度办理结果";
        match self.layout {
            Layout::Rows | Layout::Lines | Layout::Pipes | Layout::Columns | Layout::Collapsed => {
                self.line(&format!(
                    "{TABLE3_NOTE}\t\t申请人情况\t\t\t\t\t\t{}\t",
                    TABLE3_COLUMNS[6]
                ));
                self.line("\t\t自然人\t法人或其他组织\t\t\t\t\t\t");
                self.line(&format!("\t\t\t{}\t\t", TABLE3_COLUMNS[1..6].join("\t")));
            }
            Layout::Cells => {
                self.line(&format!("\t{TABLE3_NOTE}"));
                self.line("\t申请人情况");
                self.blank();
                self.line("\t");
                self.line("\t自然人");
                self.line("\t法人或其他组织");
                self.line(&format!("\t{}", TABLE3_COLUMNS[6]));
                self.blank();
                self.line("\t");
                self.line("\t");
                for column in &TABLE3_COLUMNS[1..6] {
                    self.line(&format!("\t{column}"));
                }
                self.line("\t");
                self.blank();
            }
        }
        let mut previous_group = "";
        let mut first_result = true;
        for (spec, (_, values)) in specs.iter().zip(&rows) {
            let values: Vec<String> = values.iter().map(u32::to_string).collect();
            let opens_group = spec.depth == 2 && spec.group != previous_group;
            previous_group = if spec.depth == 2 { spec.group } else { "" };
            let opens_results = spec.depth == 1 && first_result;
            if spec.depth == 1 {
                first_result = false;
            }
            match self.layout {
                Layout::Rows
                | Layout::Lines
                | Layout::Pipes
                | Layout::Columns
                | Layout::Collapsed => {
                    let line = match spec.depth {
                        0 => format!("{}\t\t{}\t", spec.label, values.join("\t")),
                        1 if opens_results => {
                            format!("{results}\t{}\t{}\t", spec.label, values.join("\t"))
                        }
                        1 => format!("\t{}\t{}\t", spec.label, values.join("\t")),
                        _ if opens_group => {
                            format!("\t{}\t{}\t{}", spec.group, spec.label, values.join("\t"))
                        }
                        _ => format!("\t\t{}\t{}", spec.label, values.join("\t")),
                    };
                    self.line(&line);
                }
                Layout::Cells => {
                    match spec.depth {
                        0 => {}
                        1 if opens_results => self.line(&format!("\t{results}")),
                        1 => self.line("\t"),
                        _ if opens_group => {
                            self.line("\t");
                            self.line(&format!("\t{}", spec.group));
                        }
                        _ => {
                            self.line("\t");
                            self.line("\t");
                        }
                    }
                    self.line(&format!("\t{}", spec.label));
                    for value in &values {
                        self.line(&format!("\t{value}"));
                    }
                    self.blank();
                }
            }
        }
        self.blank();
    }

    fn table4(&mut self) {
        let values: Vec<String> = self.facts.table4.iter().map(u32::to_string).collect();
        let columns = TABLE4_COLUMNS.join("\t");
        match self.layout {
            Layout::Rows | Layout::Lines | Layout::Pipes | Layout::Columns | Layout::Collapsed => {
                self.line(&format!(
                    "{}\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t",
                    TABLE4_GROUPS[0]
                ));
                self.line(&format!(
                    "{columns}\t{}\t\t\t\t\t{}\t\t\t\t",
                    TABLE4_GROUPS[1], TABLE4_GROUPS[2]
                ));
                self.line(&format!("\t\t\t\t\t{columns}\t{columns}"));
                self.line(&values.join("\t"));
            }
            Layout::Cells => {
                self.line(&format!("\t{}", TABLE4_GROUPS[0]));
                self.line("\t行政诉讼");
                self.blank();
                for column in TABLE4_COLUMNS {
                    self.line(&format!("\t{column}"));
                }
                self.line(&format!("\t{}", TABLE4_GROUPS[1]));
                self.line(&format!("\t{}", TABLE4_GROUPS[2]));
                self.blank();
                for _ in 0..5 {
                    self.line("\t");
                }
                for _ in 0..2 {
                    for column in TABLE4_COLUMNS {
                        self.line(&format!("\t{column}"));
                    }
                }
                self.blank();
                for value in &values {
                    self.line(&format!("\t{value}"));
                }
                self.blank();
            }
        }
        self.blank();
    }

    fn problems(&mut self) {
        self.heading(SectionId::Problems);
        let own = self.agency.own.clone();
        let year = self.year;
        let count = self.rng.range(2, 3) as usize;
        let problems = self.rng.sample(
            &[
                "政策解读的形式还不够丰富，解读质量有待提高",
                "信息发布的及时性还需加强，个别栏目更新不够及时",
                "工作人员业务能力有待提升，对《条例》的理解还不够深入",
                "主动公开的深度和广度还需进一步拓展",
                "政务新媒体互动回应还不够充分",
                "公开内容与群众需求的契合度还有差距",
                "依申请公开答复的规范性还需进一步加强",
                "基层政务公开标准化规范化建设仍需推进",
            ],
            count,
        );
        let mut text = format!("{year}年，{own}政府信息公开工作取得了一定成效，但仍存在一些不足：");
        enumerate_into(&mut text, &problems);
        self.paragraph(&text);
        let count = self.rng.range(2, 4) as usize;
        let fixes = self.rng.sample(
            &[
                "加强业务培训，提升工作人员的业务能力和政策水平",
                "丰富政策解读形式，运用图表、视频等方式提高解读的可读性",
                "健全信息发布工作机制，确保信息发布及时准确",
                "围绕群众关切，不断拓展主动公开的范围和深度",
                "加强政务新媒体管理，及时回应社会关切",
                "规范依申请公开办理流程，提高答复质量",
                "强化监督检查，推动政务公开各项工作落到实处",
                "推进政务公开标准化规范化建设，提升公开质效",
            ],
            count,
        );
        let next = year + 1;
        let mut text = format!("针对上述问题，{next}年{own}将重点做好以下工作：");
        enumerate_into(&mut text, &fixes);
        self.paragraph(&text);
    }

    fn other_matters(&mut self) {
        self.heading(SectionId::Other);
        let own = self.agency.own.clone();
        let text = match self.template {
            TemplateVersion::V2021 => {
                let more = self.pick(&[
                    "",
                    "本年度未发出收费通知。",
                    "本年度无其他需要报告的事项。",
                    "本年度认真落实上级年度政务公开工作要点，各项任务均已按要求完成。",
                ]);
                format!("本年度未收取信息处理费。{more}")
            }
            TemplateVersion::V2019 => {
                let more = self.pick(&[
                    "",
                    "本年度认真落实上级年度政务公开工作要点，各项任务均已按要求完成。",
                ]);
                format!("本年度{own}依申请提供政府信息，未收取任何费用。{more}")
            }
        };
        self.paragraph(&text);
    }

    fn signature(&mut self) {
        self.blank();
        let name = self.agency.name.clone();
        self.line(&name);
        let day = self.rng.range(5, 28);
        let date = format!("{}年1月{day}日", self.year + 1);
        self.line(&date);
    }
}

/// 「一是…；二是…。」 from a list of items.
fn enumerate_into(text: &mut String, items: &[&&str]) {
    const NUMERALS: [&str; 8] = ["一", "二", "三", "四", "五", "六", "七", "八"];
    for (i, item) in items.iter().enumerate() {
        let end = if i + 1 == items.len() { "。" } else { "；" };
        let _ = write!(text, "{}是{item}{end}", NUMERALS[i % NUMERALS.len()]);
    }
}

/// A report's text with its row-layout tables (every line with a tab) rewritten in another
/// layout, as other extractors give the same report:
///
/// - [`Layout::Lines`]: every non-empty cell on a line of its own (a browser's copy of a web
///   table; empty cells leave nothing);
/// - [`Layout::Pipes`]: markdown pipe rows, a rule line under each table's first row, and
///   section headings as `##` headings;
/// - [`Layout::Columns`]: cells apart by runs of spaces, merged cells as indentation, as
///   `pdftotext -layout` gives (empty cells leave only a wider gap);
/// - [`Layout::Collapsed`]: the whole text on one line, every run of whitespace one space, as
///   a crawler's dump gives it;
/// - [`Layout::Rows`] and [`Layout::Cells`]: the text unchanged.
///
/// Tests use it to check that every layout of one report gives the same flags. Pipes and
/// columns are meant for row-layout text (a cell-layout table has one cell per line).
pub fn relayout(text: &str, layout: Layout) -> String {
    if layout == Layout::Collapsed {
        let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push('\n');
        return out;
    }
    if !matches!(layout, Layout::Lines | Layout::Pipes | Layout::Columns) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut in_table = false;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let ending = &line[body.len()..];
        if !body.contains('\t') {
            in_table = false;
            if layout == Layout::Pipes && is_heading(body) {
                out.push_str("## ");
            }
            out.push_str(line);
            continue;
        }
        let cells = body.split('\t').map(str::trim);
        match layout {
            Layout::Lines => {
                for cell in cells.filter(|c| !c.is_empty()) {
                    out.push_str(cell);
                    out.push('\n');
                }
            }
            Layout::Columns => {
                let mut first = true;
                for cell in cells {
                    if cell.is_empty() {
                        out.push_str("    ");
                        continue;
                    }
                    if !first {
                        out.push_str("    ");
                    }
                    out.push_str(cell);
                    first = false;
                }
                out.push_str(ending);
            }
            _ => {
                let cells: Vec<&str> = cells.collect();
                let _ = write!(out, "| {} |{ending}", cells.join(" | "));
                if !in_table {
                    let _ = write!(out, "|{}{ending}", "---|".repeat(cells.len()));
                }
                in_table = true;
            }
        }
    }
    out
}

/// Whether a line of text is a section heading.
fn is_heading(text: &str) -> bool {
    let doc = crate::text::Document::new(text);
    doc.line(1)
        .is_some_and(|line| crate::report::parse::sections::heading(&line).is_some())
}

/// Cells joined by tabs, padded with empty cells to `width` cells.
fn pad_cells(cells: &[&str], width: usize) -> String {
    let mut all: Vec<&str> = cells.to_vec();
    while all.len() < width {
        all.push("");
    }
    all.join("\t")
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::flag::Severity;
    use crate::ingest::SourceEncoding;
    use crate::report::parse::parse_text;
    use crate::report::template::TABLE3_2021;
    use crate::rules::{self, RuleSelection};

    #[test]
    fn splitmix_is_deterministic_and_spread() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        let xs: Vec<u64> = (0..100).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..100).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        let mut rng = SplitMix64::new(1);
        let mut seen = [0u32; 6];
        for _ in 0..6000 {
            seen[rng.range(0, 5) as usize] += 1;
        }
        assert!(seen.iter().all(|&n| (800..1200).contains(&n)), "{seen:?}");
        assert_eq!(rng.range(3, 3), 3);
        assert_eq!(rng.below(0), 0);
    }

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
                .map(|f| format!("{} {:?}: {}", f.code, f.location.line, f.message.en))
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
