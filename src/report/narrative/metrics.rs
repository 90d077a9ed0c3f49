//! What a count in prose measures, and where the tables state the same.
//!
//! A count is read as a [`Metric`] only when its own clause says so unambiguously: the words
//! between the previous comma (or count) and the number (「共收到政府信息公开申请3件」), or
//! right after it (「收到8份政府信息公开申请」, 「103 件顺延到下年度答复」). The clause must name
//! what it counts (政府信息公开申请/依申请; 信息公开 with 复议/诉讼, or be in section 四); a
//! short clause that names nothing else continues the sentence's earlier count (「…申请3件，按时
//! 答复3件」, 「…行政复议2件，被提起行政诉讼3件」). Counts of other years, comparisons, partial
//! scopes (本级, 下属单位), negated clauses, the agency acting as 复议机关, and weak counts
//! inside a 「其中」 list are not metrics. Zeros stated in words (「未收到依申请公开事项」,
//! 「未发生…行政复议或…行政诉讼」) are read here too.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use aho_corasick::AhoCorasick;

use regex::Regex;

use super::numbers::{Count, Quantity, Sentence};
use crate::i18n::Lang;
use crate::report::tables::{CellName, TableKind};
use crate::report::template::TemplateVersion;
use crate::report::Report;

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
    fn accepts_unit(self, unit: Option<char>) -> bool {
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
        const TOTAL: usize = 6;
        let t3 = |rows: &[&'static str]| {
            let cells: Vec<_> = rows.iter().map(|r| (*r, TOTAL)).collect();
            TableReading::sum(report, TableKind::Table3, &cells)
        };
        let readings = match self {
            Metric::Received if strict => vec![t3(&["t3.new"])],
            Metric::Received => vec![t3(&["t3.new"]), t3(&["t3.new", "t3.carried-in"])],
            Metric::New => vec![t3(&["t3.new"])],
            Metric::ReceivedWithCarriedIn => vec![t3(&["t3.new", "t3.carried-in"])],
            Metric::CarriedIn => vec![t3(&["t3.carried-in"])],
            // 「收到5件，答复5件」 may leave out the carried-in applications answered too.
            Metric::Handled => vec![
                t3(&["t3.total"]),
                t3(&["t3.total"]).and_then(|t| t.less(t3(&["t3.carried-in"])?)),
            ],
            Metric::Processed => vec![t3(&["t3.total"]), t3(&["t3.new", "t3.carried-in"])],
            Metric::CarriedOver => vec![t3(&["t3.carried-over"])],
            Metric::Reviews => vec![TableReading::sum(
                report,
                TableKind::Table4,
                &[("t4.values", 4)],
            )],
            Metric::Lawsuits => vec![TableReading::sum(
                report,
                TableKind::Table4,
                &[("t4.values", 9), ("t4.values", 14)],
            )],
            Metric::Published => Vec::new(),
            table2 => {
                let Some(template) = report.table2.as_ref().map(|t| t.template) else {
                    return Vec::new();
                };
                match table2.table2_cell(template) {
                    Some(cell) => vec![TableReading::sum(report, TableKind::Table2, &[cell])],
                    None => Vec::new(),
                }
            }
        };
        // Without the template's own reading, the lenient ones prove nothing.
        if readings.first().is_none_or(Option::is_none) {
            return Vec::new();
        }
        readings.into_iter().flatten().collect()
    }

    /// The 表二 cell of a 表二 metric in this template version.
    fn table2_cell(self, template: TemplateVersion) -> Option<(&'static str, usize)> {
        let v2021 = template == TemplateVersion::V2021;
        // 2019: 本年新制作数量 / 本年新公开数量 / 对外公开总数量; 上一年项目数量 / 本年增/减 /
        // 处理决定数量. 2021: 本年制发件数 / 本年废止件数 / 现行有效件数; 本年处理决定数量.
        let decision = if v2021 { 0 } else { 2 };
        Some(match self {
            Metric::RegulationsIssued => ("t2.regulations", 0),
            Metric::NormativeIssued => ("t2.normative", 0),
            Metric::RegulationsRepealed if v2021 => ("t2.regulations", 1),
            Metric::NormativeRepealed if v2021 => ("t2.normative", 1),
            Metric::RegulationsInForce if v2021 => ("t2.regulations", 2),
            Metric::NormativeInForce if v2021 => ("t2.normative", 2),
            Metric::Permits => ("t2.permits", decision),
            Metric::Penalties => ("t2.penalties", decision),
            Metric::Enforcement => ("t2.enforcement", decision),
            _ => return None,
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
    /// The cells of `cells` and of `minus`, for messages (see [`TableReading::name`]).
    pub names: Vec<CellName>,
    pub minus_names: Vec<CellName>,
}

impl TableReading {
    /// The sum of these cells, when every one is a readable integer.
    fn sum(report: &Report, kind: TableKind, cells: &[(&'static str, usize)]) -> Option<Self> {
        let table = report.assessed(kind)?;
        let mut value = 0i64;
        let mut names = Vec::with_capacity(cells.len());
        for (id, column) in cells {
            let row = table.row(id)?;
            value = value.checked_add(row.int(*column)?)?;
            names.push(table.cell_name(row, *column));
        }
        Some(TableReading {
            table: kind,
            cells: cells.to_vec(),
            minus: Vec::new(),
            value,
            names,
            minus_names: Vec::new(),
        })
    }

    /// This reading less another one of the same table.
    fn less(mut self, other: TableReading) -> Option<Self> {
        self.value = self.value.checked_sub(other.value)?;
        self.minus.extend(other.cells);
        self.minus_names.extend(other.names);
        Some(self)
    }

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

/// What the sentence around a count is about, as far as read.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Topic {
    /// The sentence mentions 申请 and 公开: it may state application counts.
    pub applications: bool,
    /// The line is in section 四, where 复议/诉讼 are those about 政府信息公开.
    pub appeals_section: bool,
    /// An application count was read earlier in the sentence, so later clauses
    /// (「按时答复3件」) speak of the same applications.
    pub applications_named: bool,
    /// A 复议/诉讼 count about 政府信息公开 was read earlier in the sentence
    /// (「被申请行政复议2件，被提起行政诉讼3件」).
    pub appeals_named: bool,
}

impl Topic {
    pub fn of(text: &str, in_appeals_section: bool) -> Topic {
        Topic {
            applications: text.contains("申请") && text.contains("公开"),
            appeals_section: in_appeals_section,
            ..Topic::default()
        }
    }

    /// Notes what a read count was about.
    pub fn note(&mut self, metric: Metric) {
        match metric {
            Metric::Reviews | Metric::Lawsuits => self.appeals_named = true,
            Metric::Received
            | Metric::New
            | Metric::ReceivedWithCarriedIn
            | Metric::CarriedIn
            | Metric::Handled
            | Metric::Processed
            | Metric::CarriedOver => self.applications_named = true,
            _ => {}
        }
    }
}

/// Words that name 政府信息公开 applications in a clause.
static NAMES_APPLICATIONS: Words = Words::new(&["公开申请", "申请公开", "依申请", "信息公开"]);
/// Words that tie 复议/诉讼 to 政府信息公开 in a clause.
static NAMES_DISCLOSURE: Words =
    Words::new(&["信息公开", "公开申请", "申请公开", "依申请", "政务公开"]);

/// A count read as a metric.
pub(super) struct Read {
    pub metric: Metric,
    /// A second metric the same count states (「行政复议、行政诉讼均为0件」).
    pub also: Option<Metric>,
}

/// Comparisons and other periods: the count is not this year's figure.
static NOT_THIS_YEAR: Words = Words::new(&[
    "同比", "相比", "较", "比上", "比去", "增加", "减少", "增长", "下降", "上升", "持平", "环比",
    "占", "以来", "历年", "季度", "半年", "月",
]);
/// A part of the agency or of the region: the count is not the report's whole figure.
static PARTIAL_SCOPE: Words = Words::new(&[
    "本级",
    "县区",
    "区县",
    "各县",
    "乡镇",
    "街道",
    "所属",
    "下属",
    "直属",
    "二级",
    "各部门",
    "各单位",
    "市直",
    "县直",
    "区直",
    "分别",
]);
/// Applications of other kinds than 政府信息公开.
static OTHER_REQUESTS: Words = Words::new(&[
    "建议", "提案", "来信", "信访", "热线", "咨询", "留言", "问政", "投诉", "举报", "工单", "诉求",
    "来电", "复议", "诉讼",
]);
/// Words that make a count a subset of the applications rather than the figure itself.
static SUBSET: Words = Words::new(&[
    "不予",
    "未予",
    "驳回",
    "正在",
    "尚未",
    "未办结",
    "未答复",
    "在办",
    "仍在",
    "待办",
    "待答复",
    "待处理",
    "逾期",
    "超期",
    "延期",
    "自然人",
    "法人",
    "网上",
    "当面",
    "信函",
    "邮寄",
    "电子邮件",
    "传真",
]);
/// Things other than applications that a clause may count after an application count.
static OTHER_THINGS: Words = Words::new(&[
    "事项", "服务", "审批", "许可", "业务", "案件", "材料", "文件", "信息", "工单", "诉求", "留言",
    "咨询", "建议", "提案", "来信", "热线", "投诉", "举报", "问政", "来电", "群众",
]);
/// The agency deciding reviews (a 司法局, a government as 复议机关), not the one reviewed.
static REVIEWER: Words = Words::new(&[
    "办理",
    "审理",
    "受理",
    "收到",
    "接收",
    "承办",
    "作出",
    "复议机关",
]);
/// 复议/诉讼 counts that are results or documents, not cases.
static APPEAL_PARTS: Words = Words::new(&[
    "维持",
    "纠正",
    "纠错",
    "其他结果",
    "审结",
    "败诉",
    "胜诉",
    "撤销",
    "决定书",
    "文书",
    "案卷",
    "公布",
    "发布",
    "公开了",
]);
/// 表二 counts that are about publishing or reviewing documents, not the table's metric.
static NOT_TABLE2: Words = Words::new(&[
    "公开", "公示", "发布", "公布", "上网", "推送", "信息", "网站", "备案", "审查", "审核", "清理",
    "解读", "征求", "起草", "听证", "送审", "报送",
]);
/// Publication counts limited to one channel.
const CHANNELS: &[&str] = &[
    "网站",
    "公众号",
    "微博",
    "微信",
    "新媒体",
    "平台",
    "专栏",
    "栏目",
    "公开栏",
    "客户端",
    "抖音",
    "头条",
    "公报",
    "APP",
    "app",
    "报刊",
    "电视",
];

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// A list of words looked for together: one Aho-Corasick pass over the text instead of one
/// substring search per word (classify asks a dozen such lists of every count's clause).
struct Words {
    list: &'static [&'static str],
    matcher: OnceLock<Option<AhoCorasick>>,
}

impl Words {
    const fn new(list: &'static [&'static str]) -> Words {
        Words {
            list,
            matcher: OnceLock::new(),
        }
    }

    /// Whether any of the words occurs in `text`.
    fn in_text(&self, text: &str) -> bool {
        // The words are constants, so building cannot fail; were it to, the plain search
        // answers the same.
        match self
            .matcher
            .get_or_init(|| AhoCorasick::new(self.list).ok())
        {
            Some(matcher) => matcher.is_match(text),
            None => has_any(text, self.list),
        }
    }
}

static TABLE2_PATTERNS: LazyLock<Vec<(Regex, Metric)>> = LazyLock::new(|| {
    let end = r"(?:共|共计|合计|总计)?$";
    let patterns = [
        (
            format!(
                r"(?:制发|制定|出台|印发)了?(?:本级|市级|县级|区级|部门|政府)?(?:行政)?规范性文件{end}"
            ),
            Metric::NormativeIssued,
        ),
        (
            format!(r"(?:制发|制定|出台|印发)了?(?:市政府|省政府|政府)?规章{end}"),
            Metric::RegulationsIssued,
        ),
        (
            format!(r"废止了?(?:行政)?规范性文件{end}"),
            Metric::NormativeRepealed,
        ),
        (
            format!(r"废止了?(?:政府)?规章{end}"),
            Metric::RegulationsRepealed,
        ),
        (
            format!(r"(?:现行有效的?(?:行政)?规范性文件|(?:行政)?规范性文件现行有效的?){end}"),
            Metric::NormativeInForce,
        ),
        (
            format!(r"(?:现行有效的?(?:政府)?规章|规章现行有效的?){end}"),
            Metric::RegulationsInForce,
        ),
        (format!(r"行政许可(?:处理)?决定{end}"), Metric::Permits),
        (format!(r"行政处罚(?:处理)?决定{end}"), Metric::Penalties),
        (
            format!(r"行政强制(?:措施)?(?:处理)?决定{end}"),
            Metric::Enforcement,
        ),
    ];
    patterns
        .into_iter()
        .map(|(p, m)| (Regex::new(&p).expect("valid regex"), m))
        .collect()
});

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d\d)\s*年").expect("valid regex"));

static WITH_CARRIED_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[(,:]?\s*(?:含|包括|包含|其中)\s*(?:上年|上一年|去年)").expect("valid regex")
});

/// The text of a 。-sentence, for what [`classify`] asks of the part before each of its counts:
/// read once, not once per count (which is quadratic in a long sentence of many counts).
pub(super) struct GroupText<'a> {
    text: &'a str,
    /// `(end, year)` of every year named (「2022年」), in order.
    years: OnceCell<Vec<(usize, Option<i32>)>>,
    /// Where the first occurrence of a word ends, by word.
    first_ends: RefCell<HashMap<&'static str, Option<usize>>>,
}

impl<'a> GroupText<'a> {
    pub(super) fn new(text: &'a str) -> GroupText<'a> {
        GroupText {
            text,
            years: OnceCell::new(),
            first_ends: RefCell::new(HashMap::new()),
        }
    }

    /// The last year named in `text[..end]` (「2022年，我局共收到…」), if any. A year ends with
    /// 年 and two years cannot overlap, so the years of a prefix are the years of the whole
    /// text that end within it.
    fn year_before(&self, end: usize) -> Option<i32> {
        let years = self.years.get_or_init(|| {
            YEAR.captures_iter(self.text)
                .map(|c| {
                    let year = c.get(1).and_then(|m| m.as_str().parse().ok());
                    (c.get(0).map_or(0, |m| m.end()), year)
                })
                .collect()
        });
        let within = years.partition_point(|&(e, _)| e <= end);
        within.checked_sub(1).and_then(|last| years[last].1)
    }

    /// Whether `text[..end]` contains `word`: whether its first occurrence ends by `end`.
    fn contains_before(&self, word: &'static str, end: usize) -> bool {
        let first_end = *self
            .first_ends
            .borrow_mut()
            .entry(word)
            .or_insert_with(|| self.text.find(word).map(|i| i + word.len()));
        first_end.is_some_and(|e| e <= end)
    }

    fn has_any_before(&self, words: &[&'static str], end: usize) -> bool {
        words.iter().any(|w| self.contains_before(w, end))
    }
}

/// What [`classify`] needs of the text before a count.
pub(super) struct Before<'g, 'a> {
    /// The 。-sentence, and where the count starts in it.
    pub group: &'g GroupText<'a>,
    pub end: usize,
    /// Whether the count's own sentence names 「其中」 before it.
    pub in_part: bool,
}

/// Clause delimiters inside a sentence (folded text).
fn is_clause_end(c: char) -> bool {
    matches!(c, ',' | '(' | ')' | ':' | '、' | '，' | '（' | '）' | '：')
}

/// The words of a count's own clause: `(before, after)`.
pub(super) fn windows<'a>(text: &'a str, counts: &[Count], index: usize) -> (&'a str, &'a str) {
    let count = &counts[index];
    let previous_end = index.checked_sub(1).map_or(0, |i| counts[i].end);
    let clause_start = text[..count.start]
        .char_indices()
        .rev()
        .find(|(_, c)| is_clause_end(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let left = &text[clause_start.max(previous_end).min(count.start)..count.start];
    let next_start = counts.get(index + 1).map_or(text.len(), |c| c.start);
    let clause_end = text[count.end..]
        .char_indices()
        .find(|(_, c)| is_clause_end(*c))
        .map_or(text.len(), |(i, _)| count.end + i);
    let right = &text[count.end..clause_end.min(next_start).max(count.end)];
    (left, right)
}

/// Reads the metric of `counts[index]` in `sentence`, or `None` when the count is not
/// unambiguously one. `before` is the text of the 。-sentence before this count.
pub(super) fn classify(
    sentence: &Sentence<'_>,
    counts: &[Count],
    index: usize,
    topic: Topic,
    before: &Before<'_, '_>,
    year: Option<i32>,
) -> Option<Read> {
    let count = &counts[index];
    let text = sentence.text;
    let (left, right) = windows(text, counts, index);
    let left = left.trim();
    let in_part = before.in_part;
    let read = appeal_metric(left, count.quantity, topic)
        .or_else(|| application_metric(left, right, text, count, topic))
        .or_else(|| table2_metric(left))
        .or_else(|| published_metric(left, before, in_part))?;
    // What makes a count not this year's whole figure, checked once a metric is named (the
    // year look-up is the costliest test).
    if NOT_THIS_YEAR.in_text(left) || NOT_THIS_YEAR.in_text(right) || left.ends_with('各') {
        return None;
    }
    // 「未收到一件申请」 is a zero, read by `zero_claims`.
    if PARTIAL_SCOPE.in_text(left) || has_any(left, &["未", "没有", "无"]) {
        return None;
    }
    if let (Some(year), Some(named)) = (year, before.group.year_before(before.end)) {
        if named != year {
            return None;
        }
    }
    let weak = matches!(
        read.metric,
        Metric::Received | Metric::Handled | Metric::Processed | Metric::Published
    );
    if weak && in_part {
        return None;
    }
    if !read.metric.accepts_unit(count.unit) {
        return None;
    }
    Some(read)
}

fn appeal_metric(left: &str, quantity: Quantity, topic: Topic) -> Option<Read> {
    let review = left.contains("复议");
    let lawsuit = left.contains("诉讼") || left.contains("起诉") || left.contains("应诉");
    let about_disclosure =
        topic.appeals_section || topic.appeals_named || NAMES_DISCLOSURE.in_text(left);
    if !(review || lawsuit) || !about_disclosure || APPEAL_PARTS.in_text(left) {
        return None;
    }
    // 「作为复议机关办理政府信息公开行政复议案件5件」: the agency decided those reviews; 表四
    // counts the reviews of its own decisions.
    if review && REVIEWER.in_text(left) {
        return None;
    }
    // 「行政复议、行政诉讼案件0件」 states both; a non-zero count of both is a sum.
    if review && lawsuit {
        return (quantity == Quantity::Exact(0)).then_some(Read {
            metric: Metric::Reviews,
            also: Some(Metric::Lawsuits),
        });
    }
    let metric = if review {
        Metric::Reviews
    } else {
        Metric::Lawsuits
    };
    Some(Read { metric, also: None })
}

fn application_metric(
    left: &str,
    right: &str,
    text: &str,
    count: &Count,
    topic: Topic,
) -> Option<Read> {
    // 「收到政府信息公开申请8件」 or 「收到8份政府信息公开申请」.
    let named = NAMES_APPLICATIONS.in_text(left) || NAMES_APPLICATIONS.in_text(right);
    // Without the applications named in its own clause, a clause continues the sentence's
    // applications only when it is short and names nothing else (「按时答复3件」, not
    // 「办理政务服务事项5000件」).
    let continues = topic.applications_named
        && left.chars().count() <= 12
        && !OTHER_THINGS.in_text(left)
        && !OTHER_THINGS.in_text(right);
    if !topic.applications
        || OTHER_REQUESTS.in_text(left)
        || OTHER_REQUESTS.in_text(right)
        || SUBSET.in_text(left)
        || !(named || continues)
    {
        return None;
    }
    let one = |metric| Some(Read { metric, also: None });
    let forward = |t: &str| t.contains("下年") || t.contains("下一年") || t.contains("顺延");
    if forward(left) || forward(right) {
        return one(Metric::CarriedOver);
    }
    let previous_year = left.contains("上年") || left.contains("上一年") || left.contains("去年");
    if left.contains("结转") && previous_year {
        return one(Metric::CarriedIn);
    }
    if previous_year || left.contains("结转") {
        return None;
    }
    if left.contains("新收") || left.contains("新接收") {
        return one(Metric::New);
    }
    if has_any(left, &["收到", "受理", "接收", "接到", "收悉", "共收"]) {
        return if WITH_CARRIED_IN.is_match(&text[count.end..]) {
            one(Metric::ReceivedWithCarriedIn)
        } else {
            one(Metric::Received)
        };
    }
    if has_any(
        left,
        &["办结", "答复", "回复", "办理完毕", "处理完毕", "完成办理"],
    ) {
        return one(Metric::Handled);
    }
    if left.contains("办理") {
        return one(Metric::Processed);
    }
    None
}

fn table2_metric(left: &str) -> Option<Read> {
    if !(left.contains("规") || left.contains("决定")) || NOT_TABLE2.in_text(left) {
        return None;
    }
    TABLE2_PATTERNS
        .iter()
        .find(|(pattern, _)| pattern.is_match(left))
        .map(|(_, metric)| Read {
            metric: *metric,
            also: None,
        })
}

static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:主动公开|共公开|累计公开)(?:各类|了)?(?:政府|政务)?信息(?:共|共计|累计|合计|总数|数量)?$",
    )
    .expect("valid regex")
});

fn published_metric(left: &str, before: &Before<'_, '_>, in_part: bool) -> Option<Read> {
    if in_part || !left.contains("公开") || !PUBLISHED.is_match(left) {
        return None;
    }
    let (group, end) = (before.group, before.end);
    // 「截至年底累计主动公开政府信息5928条」 counts every year so far.
    if group.has_any_before(&["截至", "截止", "到年底", "以来", "历年", "现有"], end) {
        return None;
    }
    // 「在门户网站主动公开信息300条」 counts one channel; 「通过网站、微信等渠道」 all of them.
    if group.has_any_before(CHANNELS, end) && !group.contains_before("等", end) {
        return None;
    }
    Some(Read {
        metric: Metric::Published,
        also: None,
    })
}

/// A zero stated in words: the metrics it sets to zero, and the byte range of the words.
pub(super) struct ZeroClaim {
    pub metrics: Vec<Metric>,
    pub start: usize,
    pub end: usize,
}

static APPLICATIONS_NONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?:未|未曾|并未|均未)(?:收到|接到|受理|接收|发生|产生|有)|没有(?:收到|接到|受理|接收|发生|产生)?|无)[^,.。;:()、\d]{0,8}?(?:政府信息公开申请|信息公开申请|公开申请|依申请公开|依申请)",
    )
    .expect("valid regex")
});

static APPEALS_NONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?:未|未曾|并未|均未)(?:发生|出现|收到|接到|产生|有|涉及|被)|没有|无)[^,.。;:()\d]{0,24}?(?:行政复议|行政诉讼|行政应诉)",
    )
    .expect("valid regex")
});

static DOCUMENTS_NONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:未|没有|无)(?:制发|制定|出台|印发)(?:任何)?(?:(?:行政)?规范性文件|(?:政府)?规章)",
    )
    .expect("valid regex")
});

/// 无/未 that do not deny: 「无法」, 「无论」, 「无正当理由」, 「未经复议」.
const NOT_NEGATIONS: &[&str] = &["无法", "无论", "无需", "无正当", "无一", "未经"];
/// After 「未收到…申请」: the denial is about something else (「无超期答复」, 「未收到…投诉」).
static NOT_ALL_APPLICATIONS: Words = Words::new(&[
    "复议", "诉讼", "投诉", "举报", "超期", "逾期", "纠错", "违法", "败诉",
]);
/// In 「未发生…行政复议」: the denial is about some of them only (「未发生…被纠错」,
/// 「未出现…答复不当引发行政复议」).
static NOT_ALL_APPEALS: Words = Words::new(&[
    "纠错",
    "纠正",
    "败诉",
    "撤销",
    "确认违法",
    "被纠",
    "未经",
    "不利",
    "维持",
    "不当",
    "错误",
    "违规",
    "过错",
]);

/// The rest of the clause after `end`.
fn rest_of_clause(text: &str, end: usize) -> &str {
    let stop = text[end..]
        .find([',', '。', ';', '，', '；'])
        .map_or(text.len(), |i| end + i);
    &text[end..stop]
}

/// Zeros stated in words in a sentence: 「未收到政府信息公开申请」, 「全年未发生因政府信息公开
/// 工作被申请行政复议或提起行政诉讼的情况」, 「本年度未制发规范性文件」.
pub(super) fn zero_claims(text: &str, topic: Topic) -> Vec<ZeroClaim> {
    let mut out = Vec::new();
    if !(text.contains('未') || text.contains('无') || text.contains("没有")) {
        return out;
    }
    if text.contains("申请") {
        for found in APPLICATIONS_NONE.find_iter(text) {
            let words = found.as_str();
            let rest = rest_of_clause(text, found.end());
            let excluded = NOT_NEGATIONS.iter().any(|w| words.starts_with(w))
                || has_any(words, &["复议", "诉讼"])
                || NOT_ALL_APPLICATIONS.in_text(rest);
            if !excluded {
                out.push(ZeroClaim {
                    metrics: vec![Metric::Received],
                    start: found.start(),
                    end: found.end(),
                });
            }
        }
    }
    if text.contains("复议") || text.contains("诉讼") {
        for found in APPEALS_NONE.find_iter(text) {
            let words = found.as_str();
            let rest = rest_of_clause(text, found.end());
            let whole = format!("{words}{rest}");
            let excluded = NOT_NEGATIONS.iter().any(|w| words.starts_with(w))
                || !(topic.appeals_section || NAMES_DISCLOSURE.in_text(&whole))
                || NOT_ALL_APPEALS.in_text(&whole);
            if excluded {
                continue;
            }
            let mut metrics = Vec::new();
            if whole.contains("复议") {
                metrics.push(Metric::Reviews);
            }
            if has_any(&whole, &["诉讼", "起诉", "应诉"]) {
                metrics.push(Metric::Lawsuits);
            }
            // The words run to the last of the two named: 「未发生…行政复议或提起行政诉讼」.
            let end = ["诉讼", "复议"]
                .iter()
                .filter_map(|w| rest.rfind(w).map(|i| i + w.len()))
                .max()
                .map_or(found.end(), |i| found.end() + i);
            out.push(ZeroClaim {
                metrics,
                start: found.start(),
                end,
            });
        }
    }
    if text.contains("规") {
        for found in DOCUMENTS_NONE.find_iter(text) {
            let metric = if found.as_str().contains("规范性文件") {
                Metric::NormativeIssued
            } else {
                Metric::RegulationsIssued
            };
            out.push(ZeroClaim {
                metrics: vec![metric],
                start: found.start(),
                end: found.end(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_sets_answer_as_the_word_by_word_search() {
        let sets = [
            &NAMES_APPLICATIONS,
            &NAMES_DISCLOSURE,
            &NOT_THIS_YEAR,
            &PARTIAL_SCOPE,
            &OTHER_REQUESTS,
            &SUBSET,
            &OTHER_THINGS,
            &REVIEWER,
            &APPEAL_PARTS,
            &NOT_TABLE2,
            &NOT_ALL_APPLICATIONS,
            &NOT_ALL_APPEALS,
        ];
        let mut texts: Vec<String> = vec![String::new(), "共收到申请3件".into(), "下一年度".into()];
        for set in sets {
            for word in set.list {
                texts.push(format!("本年{word}3件"));
                // Every word but its last character: a prefix is no match.
                let cut = word.char_indices().last().map_or(0, |(i, _)| i);
                texts.push(format!("本年{}3件", &word[..cut]));
            }
        }
        for set in sets {
            for text in &texts {
                assert_eq!(
                    set.in_text(text),
                    has_any(text, set.list),
                    "{text} in {:?}",
                    set.list
                );
            }
        }
    }

    #[test]
    fn what_is_before_a_count_agrees_with_reading_the_prefix() {
        let text = "2021年，我局通过门户网站等渠道共收到2022 年的申请3件，截至2023年底累计公开1999年以来信息20条";
        let group = GroupText::new(text);
        for (end, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let prefix = &text[..end];
            let year = YEAR
                .captures_iter(prefix)
                .last()
                .and_then(|c| c.get(1))
                .and_then(|m| m.as_str().parse().ok());
            assert_eq!(group.year_before(end), year, "{prefix}");
            for word in ["门户网站", "等", "截至", "以来", "微信"] {
                assert_eq!(group.contains_before(word, end), prefix.contains(word));
            }
        }
    }
}
