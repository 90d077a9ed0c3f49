//! The two national templates, as data (rules.md Part A).
//!
//! 国办公开办函〔2021〕30号 is used from the 2021 report year on; 国办公开办函〔2019〕60号 for the
//! 2019 and 2020 reports. They share the six sections, 表四 and most of 表三, and differ in 表二
//! and in 表三's row （六）其他处理. Rows are identified by a stable [`RowSpec::id`] that rules use.

use serde::Serialize;

/// Which national template a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TemplateVersion {
    /// 国办公开办函〔2019〕60号, for the 2019 and 2020 reports.
    #[serde(rename = "2019")]
    V2019,
    /// 国办公开办函〔2021〕30号, from the 2021 report year on.
    #[serde(rename = "2021")]
    V2021,
}

impl TemplateVersion {
    /// The version a report of `year` must follow.
    pub fn expected_for(year: i32) -> TemplateVersion {
        if year >= 2021 {
            TemplateVersion::V2021
        } else {
            TemplateVersion::V2019
        }
    }

    /// The document that defines the template.
    pub fn document(self) -> &'static str {
        match self {
            TemplateVersion::V2019 => "国办公开办函〔2019〕60号",
            TemplateVersion::V2021 => "国办公开办函〔2021〕30号",
        }
    }

    /// `2019` or `2021`.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateVersion::V2019 => "2019",
            TemplateVersion::V2021 => "2021",
        }
    }

    /// The rows of 表二 in this version.
    pub fn table2(self) -> &'static [RowSpec] {
        match self {
            TemplateVersion::V2019 => TABLE2_2019,
            TemplateVersion::V2021 => TABLE2_2021,
        }
    }

    /// The column labels of 表二's blocks in this version.
    pub fn table2_blocks(self) -> &'static [BlockSpec] {
        match self {
            TemplateVersion::V2019 => BLOCKS_2019,
            TemplateVersion::V2021 => BLOCKS_2021,
        }
    }

    /// The rows of 表三 in this version.
    pub fn table3(self) -> &'static [RowSpec] {
        match self {
            TemplateVersion::V2019 => TABLE3_2019,
            TemplateVersion::V2021 => TABLE3_2021,
        }
    }
}

/// What a value column may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ValueKind {
    /// A count: an integer ≥ 0.
    Count,
    /// A count that may be negative (2019 表二 本年增/减).
    SignedCount,
    /// An amount in 万元: a decimal ≥ 0.
    Amount,
    /// A cell the template leaves structurally empty (2019 表二 （八） third column).
    Empty,
}

/// One row of a template table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RowSpec {
    /// Stable identity, e.g. `t3.new` or `t2.permits`.
    pub id: &'static str,
    /// The exact label of the template.
    pub label: &'static str,
    /// The group the row belongs to (表二 block, 表三 outcome group), for messages.
    pub group: &'static str,
    /// The column of the label in the template's merged-cell layout (表三: 0 for 一/二/四,
    /// 1 for （一）…（七）, 2 for numbered sub-items).
    pub depth: u8,
    /// What each value column holds; its length is the number of values expected.
    pub values: &'static [ValueKind],
    /// Whether the row is one of the outcome rows summed into （七）总计 (表三 only).
    pub outcome: bool,
    /// The name of each value column, in order (表四: group and column, 「行政复议·结果维持」).
    /// Structurally empty columns have no name.
    pub columns: &'static [&'static str],
}

impl RowSpec {
    /// The number of values the row must have (structurally empty cells excluded).
    pub fn expected_values(&self) -> usize {
        self.values
            .iter()
            .filter(|v| **v != ValueKind::Empty)
            .count()
    }

    /// What value column `index` holds; `None` beyond the template's columns.
    pub fn kind(&self, index: usize) -> Option<ValueKind> {
        self.values.get(index).copied()
    }

    /// The name of value column `index` (「自然人」, 「本年废止件数」), or `""` beyond the template.
    pub fn column(&self, index: usize) -> &'static str {
        self.columns.get(index).copied().unwrap_or("")
    }

    /// The label without its numbering and explanatory parentheses, for messages:
    /// 「（二）部分公开（区分处理的…）」 → 「部分公开」, 「1.属于国家秘密」 → 「属于国家秘密」.
    pub fn short_label(&self) -> &'static str {
        short_label(self.label)
    }
}

/// A label without its leading numbering (`一、`, `（一）`, `1.`) and without a trailing
/// explanatory parenthesis.
pub fn short_label(label: &'static str) -> &'static str {
    let mut rest = label;
    if let Some(after) = rest.strip_prefix('（').and_then(|r| r.split_once('）')) {
        if after.0.chars().count() <= 2 {
            rest = after.1;
        }
    } else if let Some((number, after)) = rest.split_once(['、', '.']) {
        if !number.is_empty() && number.chars().count() <= 2 {
            rest = after;
        }
    }
    match rest.find('（') {
        Some(open) if open > 0 => &rest[..open],
        _ => rest,
    }
}

/// A block of 表二: its header and its column labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BlockSpec {
    /// 「第二十条第（一）项」
    pub header: &'static str,
    /// The column labels after 「信息内容」.
    pub columns: &'static [&'static str],
}

use ValueKind::{Amount, Count, Empty, SignedCount};

const C3: &[ValueKind] = &[Count, Count, Count];
const C1: &[ValueKind] = &[Count];
const C7: &[ValueKind] = &[Count, Count, Count, Count, Count, Count, Count];

const fn row(
    id: &'static str,
    label: &'static str,
    block: &'static BlockSpec,
    values: &'static [ValueKind],
) -> RowSpec {
    RowSpec {
        id,
        label,
        group: block.header,
        depth: 0,
        values,
        outcome: false,
        columns: block.columns,
    }
}

const fn t3(
    id: &'static str,
    label: &'static str,
    group: &'static str,
    depth: u8,
    outcome: bool,
) -> RowSpec {
    RowSpec {
        id,
        label,
        group,
        depth,
        values: C7,
        outcome,
        columns: TABLE3_COLUMNS,
    }
}

const B1_2021: BlockSpec = BlockSpec {
    header: "第二十条第（一）项",
    columns: &["本年制发件数", "本年废止件数", "现行有效件数"],
};
const B5_2021: BlockSpec = BlockSpec {
    header: "第二十条第（五）项",
    columns: &["本年处理决定数量"],
};
const B6_2021: BlockSpec = BlockSpec {
    header: "第二十条第（六）项",
    columns: &["本年处理决定数量"],
};
const B8_2021: BlockSpec = BlockSpec {
    header: "第二十条第（八）项",
    columns: &["本年收费金额（单位：万元）"],
};

pub static BLOCKS_2021: &[BlockSpec] = &[B1_2021, B5_2021, B6_2021, B8_2021];

pub static TABLE2_2021: &[RowSpec] = &[
    row("t2.regulations", "规章", &B1_2021, C3),
    row("t2.normative", "行政规范性文件", &B1_2021, C3),
    row("t2.permits", "行政许可", &B5_2021, C1),
    row("t2.penalties", "行政处罚", &B6_2021, C1),
    row("t2.enforcement", "行政强制", &B6_2021, C1),
    row("t2.fees", "行政事业性收费", &B8_2021, &[Amount]),
];

const ITEMS_2019_COLUMNS: &[&str] = &["上一年项目数量", "本年增/减", "处理决定数量"];

const B1_2019: BlockSpec = BlockSpec {
    header: "第二十条第（一）项",
    columns: &["本年新制作数量", "本年新公开数量", "对外公开总数量"],
};
const B5_2019: BlockSpec = BlockSpec {
    header: "第二十条第（五）项",
    columns: ITEMS_2019_COLUMNS,
};
const B6_2019: BlockSpec = BlockSpec {
    header: "第二十条第（六）项",
    columns: ITEMS_2019_COLUMNS,
};
const B8_2019: BlockSpec = BlockSpec {
    header: "第二十条第（八）项",
    columns: &["上一年项目数量", "本年增/减"],
};
const B9_2019: BlockSpec = BlockSpec {
    header: "第二十条第（九）项",
    columns: &["采购项目数量", "采购总金额"],
};

pub static BLOCKS_2019: &[BlockSpec] = &[B1_2019, B5_2019, B6_2019, B8_2019, B9_2019];

const ITEMS_2019: &[ValueKind] = &[Count, SignedCount, Count];

pub static TABLE2_2019: &[RowSpec] = &[
    row("t2.regulations", "规章", &B1_2019, C3),
    row("t2.normative", "规范性文件", &B1_2019, C3),
    row("t2.permits", "行政许可", &B5_2019, ITEMS_2019),
    row(
        "t2.other-services",
        "其他对外管理服务事项",
        &B5_2019,
        ITEMS_2019,
    ),
    row("t2.penalties", "行政处罚", &B6_2019, ITEMS_2019),
    row("t2.enforcement", "行政强制", &B6_2019, ITEMS_2019),
    row(
        "t2.fees",
        "行政事业性收费",
        &B8_2019,
        &[Count, SignedCount, Empty],
    ),
    row("t2.procurement", "政府集中采购", &B9_2019, &[Count, Amount]),
];

/// The 表三 columns: 自然人, five kinds of 法人或其他组织, 总计.
pub static TABLE3_COLUMNS: &[&str] = &[
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// The 表三 header labels of the first header row, after the corner note.
pub static TABLE3_TOP_HEADER: &[&str] = &["自然人", "法人或其他组织", "总计"];

/// The corner note that states 表三's identity.
pub const TABLE3_NOTE: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// 表三's spanning header over the seven columns.
pub const TABLE3_APPLICANTS: &str = "申请人情况";

/// 表三's group labels: rows of the template that carry no numbers (2019's （六）其他处理 is a
/// row with numbers, 2021's is a group).
pub static TABLE3_GROUPS: &[&str] = &[RESULTS, WITHHELD, UNABLE, NOT_PROCESSED, OTHER];

const WITHHELD: &str = "（三）不予公开";
const UNABLE: &str = "（四）无法提供";
const NOT_PROCESSED: &str = "（五）不予处理";
const OTHER: &str = "（六）其他处理";
const RESULTS: &str = "三、本年度办理结果";

macro_rules! table3_rows {
    ($($tail:expr),* $(,)?) => {
        &[
            t3("t3.new", "一、本年新收政府信息公开申请数量", "", 0, false),
            t3("t3.carried-in", "二、上年结转政府信息公开申请数量", "", 0, false),
            t3("t3.granted", "（一）予以公开", RESULTS, 1, true),
            t3("t3.partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", RESULTS, 1, true),
            t3("t3.withheld.secret", "1.属于国家秘密", WITHHELD, 2, true),
            t3("t3.withheld.law", "2.其他法律行政法规禁止公开", WITHHELD, 2, true),
            t3("t3.withheld.security", "3.危及“三安全一稳定”", WITHHELD, 2, true),
            t3("t3.withheld.third-party", "4.保护第三方合法权益", WITHHELD, 2, true),
            t3("t3.withheld.internal", "5.属于三类内部事务信息", WITHHELD, 2, true),
            t3("t3.withheld.process", "6.属于四类过程性信息", WITHHELD, 2, true),
            t3("t3.withheld.enforcement", "7.属于行政执法案卷", WITHHELD, 2, true),
            t3("t3.withheld.query", "8.属于行政查询事项", WITHHELD, 2, true),
            t3("t3.unable.not-held", "1.本机关不掌握相关政府信息", UNABLE, 2, true),
            t3("t3.unable.needs-making", "2.没有现成信息需要另行制作", UNABLE, 2, true),
            t3("t3.unable.unclear", "3.补正后申请内容仍不明确", UNABLE, 2, true),
            t3("t3.not-processed.petition", "1.信访举报投诉类申请", NOT_PROCESSED, 2, true),
            t3("t3.not-processed.repeat", "2.重复申请", NOT_PROCESSED, 2, true),
            t3("t3.not-processed.publication", "3.要求提供公开出版物", NOT_PROCESSED, 2, true),
            t3("t3.not-processed.mass", "4.无正当理由大量反复申请", NOT_PROCESSED, 2, true),
            t3("t3.not-processed.confirm", "5.要求行政机关确认或重新出具已获取信息", NOT_PROCESSED, 2, true),
            $($tail,)*
            t3("t3.total", "（七）总计", RESULTS, 1, false),
            t3("t3.carried-over", "四、结转下年度继续办理", "", 0, false),
        ]
    };
}

pub static TABLE3_2021: &[RowSpec] = table3_rows![
    t3(
        "t3.other.no-correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        OTHER,
        2,
        true
    ),
    t3(
        "t3.other.unpaid-fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        OTHER,
        2,
        true
    ),
    t3("t3.other.other", "3.其他", OTHER, 2, true),
];

pub static TABLE3_2019: &[RowSpec] =
    table3_rows![t3("t3.other", "（六）其他处理", RESULTS, 1, true)];

/// 表四's value row: three groups of five counts (维持, 纠正, 其他, 尚未审结, 总计).
pub static TABLE4_ROW: RowSpec = RowSpec {
    id: "t4.values",
    label: "行政复议、行政诉讼",
    group: "",
    depth: 0,
    values: &[Count; 15],
    outcome: false,
    columns: TABLE4_VALUE_COLUMNS,
};

/// The names of 表四's 15 value columns: group and column.
pub static TABLE4_VALUE_COLUMNS: &[&str] = &[
    "行政复议·结果维持",
    "行政复议·结果纠正",
    "行政复议·其他结果",
    "行政复议·尚未审结",
    "行政复议·总计",
    "未经复议直接起诉·结果维持",
    "未经复议直接起诉·结果纠正",
    "未经复议直接起诉·其他结果",
    "未经复议直接起诉·尚未审结",
    "未经复议直接起诉·总计",
    "复议后起诉·结果维持",
    "复议后起诉·结果纠正",
    "复议后起诉·其他结果",
    "复议后起诉·尚未审结",
    "复议后起诉·总计",
];

/// 表四's header labels in reading order: the two spanning headers, the 行政复议 columns with the
/// two 行政诉讼 sub-headers, then the columns of both 行政诉讼 groups.
pub static TABLE4_HEADER: &[&str] = &[
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "未经复议直接起诉",
    "复议后起诉",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
];

/// The 表四 groups; each has the same five columns.
pub static TABLE4_GROUPS: &[&str] = &["行政复议", "未经复议直接起诉", "复议后起诉"];

/// The 表四 columns of each group; the last is the group's total.
pub static TABLE4_COLUMNS: &[&str] = &["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// Where an identity of the template is evaluated: it is checked once per scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityScope {
    /// Each of these 表二 rows by id, in a table of this template version (表二's columns
    /// count different things in each version); a side's cells are columns of that row.
    Table2Rows(TemplateVersion, &'static [&'static str]),
    /// Each of 表三's columns ([`TABLE3_COLUMNS`]); a side's cells are rows of that column.
    Table3Columns,
    /// Each of 表三's template rows; a side's cells are columns of that row.
    Table3Rows,
    /// Each 表四 group ([`TABLE4_GROUPS`]); a side's cells are columns of the group.
    Table4Groups,
}

/// The cells of one side of an identity, within one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityCells {
    /// These template rows by id, each with the label it has in messages (column scopes).
    Rows(&'static [(&'static str, &'static str)]),
    /// Every outcome row of the report's template version ([`RowSpec::outcome`]), labelled by
    /// its short label (column scopes).
    OutcomeRows,
    /// The scope's columns but the last, labelled by their names (row and group scopes).
    ColumnsBeforeTotal,
    /// The scope's last column, its total (row and group scopes).
    TotalColumn,
    /// These columns of the scope's row by index, labelled by their names (row scopes).
    Columns(&'static [usize]),
}

/// How the two sides of an identity relate; a failure points at the right side, the cell the
/// others are checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// left = right: a total and its parts.
    Equal,
    /// left ≤ right: a part and the whole that includes it.
    AtMost,
    /// left ≥ right: a whole and the part it must cover.
    AtLeast,
    /// When the right side is above zero, some term of the left is not zero: what was made
    /// shows up somewhere among the left's counts.
    NonZeroWhenPositive,
}

/// One side of an evaluated identity: its sum, and whether any of its terms is not zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Side {
    pub sum: i128,
    pub nonzero: bool,
}

impl Side {
    /// Adds a term.
    pub fn add(&mut self, value: i64) {
        self.sum += i128::from(value);
        self.nonzero |= value != 0;
    }
}

impl Relation {
    /// Whether the relation holds between the two sides.
    pub fn holds(self, left: Side, right: Side) -> bool {
        match self {
            Relation::Equal => left.sum == right.sum,
            Relation::AtMost => left.sum <= right.sum,
            Relation::AtLeast => left.sum >= right.sum,
            Relation::NonZeroWhenPositive => right.sum <= 0 || left.nonzero,
        }
    }
}

/// An arithmetic identity of the template, as data: where it is evaluated, the cells whose sum
/// makes each side, how the sides relate, and its name. `report::tables::identities` evaluates
/// every identity the same way; a failure points at the first cell of the right side.
#[derive(Debug)]
pub struct IdentitySpec {
    /// The code of the rule that reports a failure of the identity.
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub scope: IdentityScope,
    pub left: IdentityCells,
    pub relation: Relation,
    pub right: IdentityCells,
}

/// I-BAL: 一 + 二 = （七）总计 + 四, in each 表三 column (表三's corner note).
pub static TABLE3_BALANCE: IdentitySpec = IdentitySpec {
    code: "table3-balance",
    name_zh: "一+二=（七）总计+四",
    name_en: "new + carried in = handled total + carried over",
    scope: IdentityScope::Table3Columns,
    left: IdentityCells::Rows(&[("t3.new", "本年新收"), ("t3.carried-in", "上年结转")]),
    relation: Relation::Equal,
    right: IdentityCells::Rows(&[
        ("t3.total", "办理结果总计"),
        ("t3.carried-over", "结转下年度"),
    ]),
};

/// I-RES: （七）总计 = the sum of the outcome rows, in each 表三 column.
pub static TABLE3_OUTCOME_SUM: IdentitySpec = IdentitySpec {
    code: "table3-outcome-sum",
    name_zh: "（七）总计=各办理结果之和",
    name_en: "handled total = sum of the outcomes",
    scope: IdentityScope::Table3Columns,
    left: IdentityCells::OutcomeRows,
    relation: Relation::Equal,
    right: IdentityCells::Rows(&[("t3.total", "总计")]),
};

/// I-ROW: 总计 = the six applicant columns, in each 表三 row.
pub static TABLE3_ROW_TOTAL: IdentitySpec = IdentitySpec {
    code: "table3-row-total",
    name_zh: "总计=各类申请人之和",
    name_en: "total = sum of the applicant columns",
    scope: IdentityScope::Table3Rows,
    left: IdentityCells::ColumnsBeforeTotal,
    relation: Relation::Equal,
    right: IdentityCells::TotalColumn,
};

/// I-T4: 维持 + 纠正 + 其他 + 尚未审结 = 总计, in each 表四 group.
pub static TABLE4_TOTAL: IdentitySpec = IdentitySpec {
    code: "table4-total",
    name_zh: "总计=维持+纠正+其他+尚未审结",
    name_en: "total = upheld + corrected + other + pending",
    scope: IdentityScope::Table4Groups,
    left: IdentityCells::ColumnsBeforeTotal,
    relation: Relation::Equal,
    right: IdentityCells::TotalColumn,
};

/// 表二 （一）'s document rows, 规章 and 规范性文件: the rows whose three counts are related.
pub static TABLE2_DOCUMENT_ROWS: &[&str] = &["t2.regulations", "t2.normative"];

/// 2021 表二 （一）: 本年制发件数 ≤ 现行有效件数 + 本年废止件数, in each document row.
pub static TABLE2_ISSUED_VS_VALID: IdentitySpec = IdentitySpec {
    code: "table2-issued-vs-valid",
    name_zh: "本年制发件数≤现行有效件数+本年废止件数",
    name_en: "issued ≤ in force + repealed",
    scope: IdentityScope::Table2Rows(TemplateVersion::V2021, TABLE2_DOCUMENT_ROWS),
    left: IdentityCells::Columns(&[2, 1]),
    relation: Relation::AtLeast,
    right: IdentityCells::Columns(&[0]),
};

/// 2019 表二 （一）: 本年新公开数量 ≤ 对外公开总数量, in each document row.
pub static TABLE2_PUBLISHED_TOTAL: IdentitySpec = IdentitySpec {
    code: "table2-published-total",
    name_zh: "本年新公开数量≤对外公开总数量",
    name_en: "newly published ≤ total published",
    scope: IdentityScope::Table2Rows(TemplateVersion::V2019, TABLE2_DOCUMENT_ROWS),
    left: IdentityCells::Columns(&[1]),
    relation: Relation::AtMost,
    right: IdentityCells::Columns(&[2]),
};

/// 2019 表二 （一）: documents made this year are published (本年新公开数量 or 对外公开总数量
/// is not 0), in each document row.
pub static TABLE2_UNPUBLISHED: IdentitySpec = IdentitySpec {
    code: "table2-unpublished",
    name_zh: "本年新制作的文件有公开",
    name_en: "documents made are published",
    scope: IdentityScope::Table2Rows(TemplateVersion::V2019, TABLE2_DOCUMENT_ROWS),
    left: IdentityCells::Columns(&[1, 2]),
    relation: Relation::NonZeroWhenPositive,
    right: IdentityCells::Columns(&[0]),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_have_the_documented_shape() {
        assert_eq!(TABLE3_2021.len(), 25);
        assert_eq!(TABLE3_2019.len(), 23);
        let cells_2021: usize = TABLE2_2021.iter().map(RowSpec::expected_values).sum();
        assert_eq!(cells_2021, 10);
        let cells_2019: usize = TABLE2_2019.iter().map(RowSpec::expected_values).sum();
        assert_eq!(cells_2019, 22);
        assert_eq!(TABLE3_2021.iter().filter(|r| r.outcome).count(), 21);
        assert_eq!(TABLE3_2019.iter().filter(|r| r.outcome).count(), 19);
    }

    #[test]
    fn short_labels_drop_numbering_and_explanations() {
        assert_eq!(TABLE3_2021[3].short_label(), "部分公开");
        assert_eq!(TABLE3_2021[4].short_label(), "属于国家秘密");
        assert_eq!(TABLE3_2021[0].short_label(), "本年新收政府信息公开申请数量");
        assert_eq!(TABLE3_2019[20].short_label(), "其他处理");
        assert_eq!(short_label("规章"), "规章");
    }

    #[test]
    fn every_row_names_its_value_columns() {
        for rows in [TABLE2_2019, TABLE2_2021, TABLE3_2019, TABLE3_2021] {
            for row in rows {
                assert_eq!(row.columns.len(), row.expected_values(), "{}", row.id);
            }
        }
        assert_eq!(TABLE4_ROW.columns.len(), 15);
        assert_eq!(TABLE4_HEADER.len(), 19);
    }

    #[test]
    fn row_ids_are_unique_within_a_table() {
        for rows in [TABLE2_2019, TABLE2_2021, TABLE3_2019, TABLE3_2021] {
            let mut ids: Vec<_> = rows.iter().map(|r| r.id).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), rows.len());
        }
    }
}
