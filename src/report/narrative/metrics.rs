//! What a count in prose measures ([`Metric`]), and where the tables state the same
//! ([`Metric::table_readings`]).
//!
//! Which count of the prose states a metric is read in [`super::clauses`]; zeros stated in
//! words in [`super::zeros`].

use crate::i18n::Lang;
use crate::report::tables::{CellName, TableKind};
use crate::report::template::TemplateVersion;
use crate::report::Report;

/// The most readings of the tables a metric is compared with: the template's own and one
/// the wording also allows (see [`Metric::table_readings`]).
const READINGS: usize = 2;

/// The values of a metric's readings of the tables ([`Metric::table_values`]), in order, kept
/// inline: every statement of the prose is compared with them, and a `Vec` of one or two
/// numbers was a block of the allocator for each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableValues {
    values: [i64; READINGS],
    len: usize,
}

impl std::ops::Deref for TableValues {
    type Target = [i64];

    fn deref(&self) -> &[i64] {
        &self.values[..self.len]
    }
}

impl Extend<i64> for TableValues {
    /// Adds values after those kept; past [`READINGS`] (which [`Metric::plans`]' type rules
    /// out) they are left out.
    fn extend<I: IntoIterator<Item = i64>>(&mut self, values: I) {
        for value in values {
            let Some(slot) = self.values.get_mut(self.len) else {
                debug_assert!(false, "more than {READINGS} readings");
                return;
            };
            *slot = value;
            self.len += 1;
        }
    }
}

/// A quantity the text and the tables both state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    /// 收到/受理/接收 … 申请 N件: 表三 一 (or, read leniently, 一 + 二).
    Received,
    /// 本年新收 … 申请 N件: 表三 一.
    New,
    /// 收到 … 申请 N件（含上年结转 M件）: 表三 一 + 二.
    ReceivedWithCarriedIn,
    /// 上年结转 N件: 表三 二.
    CarriedIn,
    /// 办结/答复 N件: 表三 （七）总计.
    Handled,
    /// 办理 N件: 表三 （七）总计, or 一 + 二 (「办理」 is used for both).
    Processed,
    /// 结转下年度/顺延 N件: 表三 四.
    CarriedOver,
    /// 政府信息公开行政复议 N件: 表四 行政复议·总计.
    Reviews,
    /// 政府信息公开行政诉讼 N件: 表四 未经复议直接起诉·总计 + 复议后起诉·总计.
    Lawsuits,
    /// 制发规章 N件: 表二 规章 本年制发件数.
    RegulationsIssued,
    /// 废止规章 N件.
    RegulationsRepealed,
    /// 现行有效规章 N件.
    RegulationsInForce,
    /// 制发规范性文件 N件: 表二 （行政）规范性文件 本年制发件数.
    NormativeIssued,
    /// 废止规范性文件 N件.
    NormativeRepealed,
    /// 现行有效规范性文件 N件.
    NormativeInForce,
    /// 作出行政许可决定 N件: 表二 行政许可 处理决定数量.
    Permits,
    /// 作出行政处罚决定 N件.
    Penalties,
    /// 作出行政强制决定 N件.
    Enforcement,
    /// 主动公开政府信息 N条: no table states it; compared only with itself.
    Published,
}

impl Metric {
    /// A stable key for evidence and fingerprints.
    pub fn key(self) -> &'static str {
        match self {
            Metric::Received => "received",
            Metric::New => "new",
            Metric::ReceivedWithCarriedIn => "received-with-carried-in",
            Metric::CarriedIn => "carried-in",
            Metric::Handled => "handled",
            Metric::Processed => "processed",
            Metric::CarriedOver => "carried-over",
            Metric::Reviews => "reviews",
            Metric::Lawsuits => "lawsuits",
            Metric::RegulationsIssued => "regulations-issued",
            Metric::RegulationsRepealed => "regulations-repealed",
            Metric::RegulationsInForce => "regulations-in-force",
            Metric::NormativeIssued => "normative-issued",
            Metric::NormativeRepealed => "normative-repealed",
            Metric::NormativeInForce => "normative-in-force",
            Metric::Permits => "permits",
            Metric::Penalties => "penalties",
            Metric::Enforcement => "enforcement",
            Metric::Published => "published",
        }
    }

    /// What is counted, in Chinese: 「收到的政府信息公开申请」.
    pub fn zh(self) -> &'static str {
        match self {
            Metric::Received => "收到的政府信息公开申请",
            Metric::New => "本年新收的政府信息公开申请",
            Metric::ReceivedWithCarriedIn => "收到的政府信息公开申请（含上年结转）",
            Metric::CarriedIn => "上年结转的政府信息公开申请",
            Metric::Handled => "办结的政府信息公开申请",
            Metric::Processed => "办理的政府信息公开申请",
            Metric::CarriedOver => "结转下年度继续办理的申请",
            Metric::Reviews => "政府信息公开行政复议",
            Metric::Lawsuits => "政府信息公开行政诉讼",
            Metric::RegulationsIssued => "本年制发的规章",
            Metric::RegulationsRepealed => "本年废止的规章",
            Metric::RegulationsInForce => "现行有效的规章",
            Metric::NormativeIssued => "本年制发的规范性文件",
            Metric::NormativeRepealed => "本年废止的规范性文件",
            Metric::NormativeInForce => "现行有效的规范性文件",
            Metric::Permits => "行政许可决定",
            Metric::Penalties => "行政处罚决定",
            Metric::Enforcement => "行政强制决定",
            Metric::Published => "主动公开的政府信息",
        }
    }

    /// What is counted, in English.
    pub fn en(self) -> &'static str {
        match self {
            Metric::Received => "disclosure applications received",
            Metric::New => "new disclosure applications",
            Metric::ReceivedWithCarriedIn => {
                "disclosure applications received, carried-in ones included"
            }
            Metric::CarriedIn => "applications carried over from last year",
            Metric::Handled => "applications handled",
            Metric::Processed => "applications processed",
            Metric::CarriedOver => "applications carried forward to next year",
            Metric::Reviews => "administrative reviews over disclosure",
            Metric::Lawsuits => "lawsuits over disclosure",
            Metric::RegulationsIssued => "regulations issued",
            Metric::RegulationsRepealed => "regulations repealed",
            Metric::RegulationsInForce => "regulations in force",
            Metric::NormativeIssued => "normative documents issued",
            Metric::NormativeRepealed => "normative documents repealed",
            Metric::NormativeInForce => "normative documents in force",
            Metric::Permits => "licensing decisions",
            Metric::Penalties => "penalty decisions",
            Metric::Enforcement => "enforcement decisions",
            Metric::Published => "items published proactively",
        }
    }

    /// The units the metric is counted in.
    pub(super) fn accepts_unit(self, unit: Option<char>) -> bool {
        match self {
            Metric::Published => matches!(unit, Some('条' | '件' | '篇')),
            Metric::Reviews | Metric::Lawsuits => {
                matches!(unit, None | Some('件' | '个' | '宗' | '起' | '例' | '次'))
            }
            m if m.is_table2() => {
                matches!(unit, Some('件' | '个' | '份' | '项' | '条' | '宗' | '起'))
            }
            _ => matches!(unit, None | Some('件' | '个' | '份' | '宗' | '起' | '例')),
        }
    }

    fn is_table2(self) -> bool {
        matches!(
            self,
            Metric::RegulationsIssued
                | Metric::RegulationsRepealed
                | Metric::RegulationsInForce
                | Metric::NormativeIssued
                | Metric::NormativeRepealed
                | Metric::NormativeInForce
                | Metric::Permits
                | Metric::Penalties
                | Metric::Enforcement
        )
    }

    /// The readings of the tables this metric can be compared with. The first is the
    /// template's meaning; the others are readings the wording also allows (「收到 N件」 may
    /// count carried-in applications too, 「办理 N件」 may mean the applications on hand,
    /// 「答复 N件」 may leave out the carried-in applications answered). A text
    /// value equal to any of them is consistent. Empty when the tables do not state the metric
    /// readably (a blank or unreadable cell, a missing table, a column the template lacks):
    /// then nothing is compared.
    pub fn table_readings(self, report: &Report, strict: bool) -> Vec<TableReading> {
        self.readings(report, strict, true)
    }

    /// The values of [`Metric::table_readings`], without the names of their cells: most
    /// statements agree with the tables, and only a flag needs the names. Read from the cells
    /// directly: no reading is built.
    pub fn table_values(self, report: &Report, strict: bool) -> TableValues {
        self.each_reading(report, strict, |plan| plan.value(report))
    }

    /// The readings, their cells named for messages when `named`.
    fn readings(self, report: &Report, strict: bool, named: bool) -> Vec<TableReading> {
        self.each_reading(report, strict, |plan| plan.reading(report, named))
    }

    /// `read` of each of the metric's readings that the tables state, in order, in `C` (a
    /// `Vec`, or [`TableValues`]); none when they do not state the template's own (the
    /// first): without it, the lenient ones prove nothing.
    fn each_reading<T, C: Default + Extend<T>>(
        self,
        report: &Report,
        strict: bool,
        read: impl Fn(&Plan) -> Option<T>,
    ) -> C {
        let mut out = C::default();
        for (i, plan) in self.plans(report, strict).iter().flatten().enumerate() {
            match read(plan) {
                Some(value) => out.extend(Some(value)),
                None if i == 0 => return C::default(),
                None => {}
            }
        }
        out
    }

    /// The cells of the metric's readings (see [`Metric::table_readings`]), the template's own
    /// first.
    fn plans(self, report: &Report, strict: bool) -> [Option<Plan>; READINGS] {
        const NEW: Cells = &[("t3.new", 6)];
        const CARRIED_IN: Cells = &[("t3.carried-in", 6)];
        const NEW_AND_CARRIED_IN: Cells = &[("t3.new", 6), ("t3.carried-in", 6)];
        const TOTAL: Cells = &[("t3.total", 6)];
        let t3 = |cells: Cells| Some(Plan::sum(TableKind::Table3, cells));
        match self {
            Metric::Received if strict => [t3(NEW), None],
            Metric::Received => [t3(NEW), t3(NEW_AND_CARRIED_IN)],
            Metric::New => [t3(NEW), None],
            Metric::ReceivedWithCarriedIn => [t3(NEW_AND_CARRIED_IN), None],
            Metric::CarriedIn => [t3(CARRIED_IN), None],
            // 「收到5件，答复5件」 may leave out the carried-in applications answered too.
            Metric::Handled => [
                t3(TOTAL),
                Some(Plan {
                    minus: CARRIED_IN,
                    ..Plan::sum(TableKind::Table3, TOTAL)
                }),
            ],
            Metric::Processed => [t3(TOTAL), t3(NEW_AND_CARRIED_IN)],
            Metric::CarriedOver => [t3(&[("t3.carried-over", 6)]), None],
            Metric::Reviews => [
                Some(Plan::sum(TableKind::Table4, &[("t4.values", 4)])),
                None,
            ],
            Metric::Lawsuits => [
                Some(Plan::sum(
                    TableKind::Table4,
                    &[("t4.values", 9), ("t4.values", 14)],
                )),
                None,
            ],
            Metric::Published => [None, None],
            table2 => {
                let cell = report
                    .table2
                    .as_ref()
                    .and_then(|t| table2.table2_cell(t.template));
                [cell.map(|cell| Plan::sum(TableKind::Table2, cell)), None]
            }
        }
    }

    /// The 表二 cell of a 表二 metric in this template version.
    fn table2_cell(self, template: TemplateVersion) -> Option<Cells> {
        let v2021 = template == TemplateVersion::V2021;
        // 2019: 本年新制作数量 / 本年新公开数量 / 对外公开总数量; 上一年项目数量 / 本年增/减 /
        // 处理决定数量. 2021: 本年制发件数 / 本年废止件数 / 现行有效件数; 本年处理决定数量.
        Some(match self {
            Metric::RegulationsIssued => &[("t2.regulations", 0)],
            Metric::NormativeIssued => &[("t2.normative", 0)],
            Metric::RegulationsRepealed if v2021 => &[("t2.regulations", 1)],
            Metric::NormativeRepealed if v2021 => &[("t2.normative", 1)],
            Metric::RegulationsInForce if v2021 => &[("t2.regulations", 2)],
            Metric::NormativeInForce if v2021 => &[("t2.normative", 2)],
            Metric::Permits if v2021 => &[("t2.permits", 0)],
            Metric::Penalties if v2021 => &[("t2.penalties", 0)],
            Metric::Enforcement if v2021 => &[("t2.enforcement", 0)],
            Metric::Permits => &[("t2.permits", 2)],
            Metric::Penalties => &[("t2.penalties", 2)],
            Metric::Enforcement => &[("t2.enforcement", 2)],
            _ => return None,
        })
    }
}

/// Cells of a table: row id and value column.
type Cells = &'static [(&'static str, usize)];

/// A reading to make: the cells summed, less the cells subtracted.
struct Plan {
    table: TableKind,
    plus: Cells,
    minus: Cells,
}

impl Plan {
    fn sum(table: TableKind, plus: Cells) -> Plan {
        Plan {
            table,
            plus,
            minus: &[],
        }
    }

    /// The reading's value, when every cell is a readable integer.
    fn value(&self, report: &Report) -> Option<i64> {
        let table = report.assessed(self.table)?;
        let sum = |cells: Cells| {
            cells.iter().try_fold(0i64, |sum, (id, column)| {
                sum.checked_add(table.row(id)?.int(*column)?)
            })
        };
        sum(self.plus)?.checked_sub(sum(self.minus)?)
    }

    /// The reading, its cells named when `named`.
    fn reading(&self, report: &Report, named: bool) -> Option<TableReading> {
        let value = self.value(report)?;
        let table = report.assessed(self.table)?;
        let names = |cells: Cells| -> Option<Vec<CellName>> {
            if !named {
                return Some(Vec::new());
            }
            cells
                .iter()
                .map(|(id, column)| Some(table.cell_name(table.row(id)?, *column)))
                .collect()
        };
        Some(TableReading {
            table: self.table,
            cells: self.plus.to_vec(),
            minus: self.minus.to_vec(),
            value,
            names: names(self.plus)?,
            minus_names: names(self.minus)?,
        })
    }
}

/// A value read from the tables: one cell or the sum of a few.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableReading {
    pub table: TableKind,
    /// The cells summed: row id and value column.
    pub cells: Vec<(&'static str, usize)>,
    /// The cells subtracted from that sum (lenient readings only).
    pub minus: Vec<(&'static str, usize)>,
    pub value: i64,
    /// The cells of `cells` and of `minus`, for messages (see [`TableReading::name`]); empty
    /// when the reading was made without names.
    pub names: Vec<CellName>,
    pub minus_names: Vec<CellName>,
}

impl TableReading {
    /// The cells for messages, in `lang`: 「表三“一、本年新收政府信息公开申请数量”行“总计”列」,
    /// summed cells joined by 「 + 」, then 「 − 」 and the cells subtracted.
    pub fn name(&self, lang: Lang) -> String {
        let join = |names: &[CellName]| {
            names
                .iter()
                .map(|n| n.name(lang))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let name = join(&self.names);
        if self.minus_names.is_empty() {
            name
        } else {
            format!("{name} − {}", join(&self.minus_names))
        }
    }
}
