//! Which counts of a sentence state a [`Metric`].
//!
//! A count is read as a metric only when its own clause says so unambiguously: the words
//! between the previous comma (or count) and the number (「共收到政府信息公开申请3件」), or
//! right after it (「收到8份政府信息公开申请」, 「103 件顺延到下年度答复」). The clause must name
//! what it counts (政府信息公开申请/依申请; 信息公开 with 复议/诉讼, or be in section 四); a
//! short clause that names nothing else continues the sentence's earlier count (「…申请3件，按时
//! 答复3件」, 「…行政复议2件，被提起行政诉讼3件」). Counts of other years, comparisons, partial
//! scopes (本级, 下属单位), negated clauses, the agency acting as 复议机关, and weak counts
//! inside a 「其中」 list are not metrics.

use std::cell::{Cell, RefCell};
use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use super::lexicon::Lexicon;
use super::metrics::Metric;
use super::numbers::{Count, Quantity, Sentence};
use super::phrases::{self, maybe, one_of, Part, Phrase};

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
            applications: APPLICATION_WORDS
                .iter()
                .all(|finder| finder.find(text.as_bytes()).is_some()),
            appeals_section: in_appeals_section,
            ..Topic::default()
        }
    }

    /// The topic of a 。-sentence without counts, read only for its zeros in words: they
    /// ask only of the section ([`zeros::zero_claims`](super::zeros::zero_claims)), so the
    /// text is not searched for 申请 and 公开 ([`Topic::applications`] is for [`classify`]).
    pub fn without_counts(in_appeals_section: bool) -> Topic {
        Topic {
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

/// 申请 and 公开, which a sentence that may state application counts holds ([`Topic::of`]):
/// searchers built once, as `str::contains` sets one up at each call (a two-way searcher,
/// ~300 instructions, on a text shorter than its SIMD block).
static APPLICATION_WORDS: LazyLock<[memchr::memmem::Finder<'static>; 2]> =
    LazyLock::new(|| ["申请", "公开"].map(memchr::memmem::Finder::new));

/// Words that name 政府信息公开 applications in a clause.
const NAMES_APPLICATIONS: &[&str] = &["公开申请", "申请公开", "依申请", "信息公开"];
/// Words that tie 复议/诉讼 to 政府信息公开 in a clause.
const DISCLOSURE: &[&str] = &["信息公开", "公开申请", "申请公开", "依申请", "政务公开"];
pub(super) static NAMES_DISCLOSURE: Words = Words::new(DISCLOSURE);

/// A count read as a metric.
pub(super) struct Read {
    pub metric: Metric,
    /// A second metric the same count states (「行政复议、行政诉讼均为0件」).
    pub also: Option<Metric>,
}

/// Comparisons with another year: the count is a change, not this year's figure (nor the total
/// of a list that follows it, see `breakdown`).
pub(super) const COMPARISON: &[&str] = &[
    "同比", "相比", "较", "比上", "比去", "增加", "减少", "增长", "下降", "上升", "持平", "环比",
];
/// Shares and other periods: the count is not this year's figure either.
const OTHER_PERIOD: &[&str] = &["占", "以来", "历年", "季度", "半年", "月"];
/// A part of the agency or of the region: the count is not the report's whole figure.
const PARTIAL_SCOPE: &[&str] = &[
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
];
/// Applications of other kinds than 政府信息公开.
const OTHER_REQUESTS: &[&str] = &[
    "建议", "提案", "来信", "信访", "热线", "咨询", "留言", "问政", "投诉", "举报", "工单", "诉求",
    "来电", "复议", "诉讼",
];
/// Words that make a count a subset of the applications rather than the figure itself.
const SUBSET: &[&str] = &[
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
];
/// Things other than applications that a clause may count after an application count.
const OTHER_THINGS: &[&str] = &[
    "事项", "服务", "审批", "许可", "业务", "案件", "材料", "文件", "信息", "工单", "诉求", "留言",
    "咨询", "建议", "提案", "来信", "热线", "投诉", "举报", "问政", "来电", "群众",
];
/// The agency deciding reviews (a 司法局, a government as 复议机关), not the one reviewed.
const REVIEWER: &[&str] = &[
    "办理",
    "审理",
    "受理",
    "收到",
    "接收",
    "承办",
    "作出",
    "复议机关",
];
/// 复议/诉讼 counts that are results or documents, not cases.
const APPEAL_PARTS: &[&str] = &[
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
];
/// 表二 counts that are about publishing or reviewing documents, not the table's metric.
const NOT_TABLE2: &[&str] = &[
    "公开", "公示", "发布", "公布", "上网", "推送", "信息", "网站", "备案", "审查", "审核", "清理",
    "解读", "征求", "起草", "听证", "送审", "报送",
];
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

pub(super) fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// A list of words looked for together: one walk over the text (see [`Lexicon`]) instead of
/// one substring search per word.
pub(super) struct Words {
    list: &'static [&'static str],
    matcher: OnceLock<Option<Lexicon>>,
}

impl Words {
    pub(super) const fn new(list: &'static [&'static str]) -> Words {
        Words {
            list,
            matcher: OnceLock::new(),
        }
    }

    /// Whether any of the words occurs in `text`.
    pub(super) fn in_text(&self, text: &str) -> bool {
        // The words are constants, so building cannot fail; were it to, the plain search
        // answers the same.
        match self.matcher.get_or_init(|| Lexicon::new([(0, self.list)])) {
            Some(matcher) => matcher.any_in(text),
            None => has_any(text, self.list),
        }
    }
}

/// A word list [`classify`] asks of a count's clause; each is one bit of [`Clues`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clue {
    NamesApplications,
    NamesDisclosure,
    NotThisYear,
    PartialScope,
    OtherRequests,
    Subset,
    OtherThings,
    Reviewer,
    AppealParts,
    NotTable2,
    /// 「未收到一件申请」: a zero, read by `zero_claims`.
    Negation,
    Review,
    Lawsuit,
    /// 「顺延到下年度」.
    NextYear,
    /// 「上年结转」.
    PreviousYear,
    CarriedOver,
    New,
    Received,
    Handled,
    Processing,
    /// 规范性文件, 规章 or a 决定: what 表二 counts.
    Table2,
    Disclosure,
}

/// Every [`Clue`] with its words. A word may be in several lists (信息公开).
const CLUE_WORDS: &[(Clue, &[&str])] = &[
    (Clue::NamesApplications, NAMES_APPLICATIONS),
    (Clue::NamesDisclosure, DISCLOSURE),
    (Clue::NotThisYear, COMPARISON),
    (Clue::NotThisYear, OTHER_PERIOD),
    (Clue::PartialScope, PARTIAL_SCOPE),
    (Clue::OtherRequests, OTHER_REQUESTS),
    (Clue::Subset, SUBSET),
    (Clue::OtherThings, OTHER_THINGS),
    (Clue::Reviewer, REVIEWER),
    (Clue::AppealParts, APPEAL_PARTS),
    (Clue::NotTable2, NOT_TABLE2),
    (Clue::Negation, &["未", "没有", "无"]),
    (Clue::Review, &["复议"]),
    (Clue::Lawsuit, &["诉讼", "起诉", "应诉"]),
    (Clue::NextYear, &["下年", "下一年", "顺延"]),
    (Clue::PreviousYear, &["上年", "上一年", "去年"]),
    (Clue::CarriedOver, &["结转"]),
    (Clue::New, &["新收", "新接收"]),
    (
        Clue::Received,
        &["收到", "受理", "接收", "接到", "收悉", "共收"],
    ),
    (
        Clue::Handled,
        &["办结", "答复", "回复", "办理完毕", "处理完毕", "完成办理"],
    ),
    (Clue::Processing, &["办理"]),
    (Clue::Table2, &["规", "决定"]),
    (Clue::Disclosure, &["公开"]),
];

/// Which [`Clue`] lists have a word in a clause: read in one pass over the clause, where
/// asking each list in turn (an automaton each) read it a dozen times.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Clues(u32);

static LEXICON: LazyLock<Option<Lexicon>> =
    LazyLock::new(|| Lexicon::new(CLUE_WORDS.iter().map(|&(clue, list)| (clue as u32, list))));

impl Clues {
    const fn bit(clue: Clue) -> u32 {
        1 << clue as u32
    }

    /// The clues of `text`.
    fn of(text: &str) -> Clues {
        // The words are constants, so building cannot fail; were it to, the word-by-word
        // search answers the same.
        let Some(lexicon) = LEXICON.as_ref() else {
            return Clues::word_by_word(text);
        };
        Clues(lexicon.lists_in(text))
    }

    fn word_by_word(text: &str) -> Clues {
        let bits = CLUE_WORDS
            .iter()
            .filter(|(_, list)| has_any(text, list))
            .fold(0, |bits, &(clue, _)| bits | Clues::bit(clue));
        Clues(bits)
    }

    fn has(self, clue: Clue) -> bool {
        self.0 & Clues::bit(clue) != 0
    }
}

/// The words that may follow 表二's phrases before the count (「…规范性文件共计5件」).
const TOTAL: Part = maybe(&["共", "共计", "合计", "总计"]);
const ISSUED: Part = one_of(&["制发", "制定", "出台", "印发"]);
const DONE: Part = maybe(&["了"]);
const REPEALED: Part = one_of(&["废止"]);
const ADMINISTRATIVE: Part = maybe(&["行政"]);
const NORMATIVE: Part = one_of(&["规范性文件"]);
const REGULATIONS: Part = one_of(&["规章"]);
const IN_FORCE: Part = one_of(&["现行有效"]);
const OF: Part = maybe(&["的"]);
const GOVERNMENT: Part = maybe(&["政府"]);
const DECIDED: Part = one_of(&["决定"]);
const HANDLING: Part = maybe(&["处理"]);

/// The phrases a clause ends with before a count of 表二, in the order they are tried: the
/// regexes of [`table2_regexes`] (the reference), one alternation of two orders (「现行有效的
/// 规范性文件」, 「规范性文件现行有效的」) as two phrases of one metric.
const TABLE2_PHRASES: [(Phrase, Metric); 11] = [
    (
        &[
            ISSUED,
            DONE,
            maybe(&["本级", "市级", "县级", "区级", "部门", "政府"]),
            ADMINISTRATIVE,
            NORMATIVE,
            TOTAL,
        ],
        Metric::NormativeIssued,
    ),
    (
        &[
            ISSUED,
            DONE,
            maybe(&["市政府", "省政府", "政府"]),
            REGULATIONS,
            TOTAL,
        ],
        Metric::RegulationsIssued,
    ),
    (
        &[REPEALED, DONE, ADMINISTRATIVE, NORMATIVE, TOTAL],
        Metric::NormativeRepealed,
    ),
    (
        &[REPEALED, DONE, GOVERNMENT, REGULATIONS, TOTAL],
        Metric::RegulationsRepealed,
    ),
    (
        &[IN_FORCE, OF, ADMINISTRATIVE, NORMATIVE, TOTAL],
        Metric::NormativeInForce,
    ),
    (
        &[ADMINISTRATIVE, NORMATIVE, IN_FORCE, OF, TOTAL],
        Metric::NormativeInForce,
    ),
    (
        &[IN_FORCE, OF, GOVERNMENT, REGULATIONS, TOTAL],
        Metric::RegulationsInForce,
    ),
    (
        &[REGULATIONS, IN_FORCE, OF, TOTAL],
        Metric::RegulationsInForce,
    ),
    (
        &[one_of(&["行政许可"]), HANDLING, DECIDED, TOTAL],
        Metric::Permits,
    ),
    (
        &[one_of(&["行政处罚"]), HANDLING, DECIDED, TOTAL],
        Metric::Penalties,
    ),
    (
        &[
            one_of(&["行政强制"]),
            maybe(&["措施"]),
            HANDLING,
            DECIDED,
            TOTAL,
        ],
        Metric::Enforcement,
    ),
];

/// The regexes [`TABLE2_PHRASES`] replaced, kept as their reference.
#[cfg(test)]
fn table2_regexes() -> Vec<(Regex, Metric)> {
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
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d\d)\s*年").expect("valid regex"));

/// What opens the text after a count of received applications that includes the previous
/// year's (「（含上年结转3件）」): the regex [`with_carried_in_regex`] (the reference) as words.
const WITH_CARRIED_IN: [Part; 3] = [
    maybe(&["(", ",", ":"]),
    one_of(&["含", "包括", "包含", "其中"]),
    one_of(&["上年", "上一年", "去年"]),
];

/// The regex [`WITH_CARRIED_IN`] replaced, kept as its reference.
#[cfg(test)]
fn with_carried_in_regex() -> Regex {
    Regex::new(r"^\s*[(,:]?\s*(?:含|包括|包含|其中)\s*(?:上年|上一年|去年)").expect("valid regex")
}

/// The text of a 。-sentence, for what [`classify`] asks of the part before each of its counts:
/// read once, not once per count (which is quadratic in a long sentence of many counts), and
/// only as far as a count asks (the words after the last count asking are never read: a
/// list's total is often asked near the start of a long sentence of parts).
pub(super) struct GroupText<'a> {
    text: &'a str,
    /// The years named (「2022年」) in the text read so far.
    years: RefCell<Years>,
    /// `(read, first ends)`: where the first word of each [`Marker`] list ends, by list, among
    /// the words ending within `text[..read]`.
    first_ends: Cell<(usize, [Option<usize>; MARKERS.len()])>,
}

/// The years of a text read up to a byte.
#[derive(Debug, Default)]
struct Years {
    /// Every year of `text[..read]`: `(end, year)`, in order.
    found: Vec<(usize, Option<i32>)>,
    read: usize,
}

/// The longest word of [`MARKERS`], in bytes: a word ending past a byte starts within this
/// many bytes before it, less one.
const LONGEST_MARKER: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < MARKERS.len() {
        let words = MARKERS[i].1;
        let mut j = 0;
        while j < words.len() {
            if words[j].len() > longest {
                longest = words[j].len();
            }
            j += 1;
        }
        i += 1;
    }
    longest
};

impl<'a> GroupText<'a> {
    pub(super) fn new(text: &'a str) -> GroupText<'a> {
        GroupText {
            text,
            years: RefCell::new(Years::default()),
            first_ends: Cell::new((0, [None; MARKERS.len()])),
        }
    }

    /// The last year named in `text[..end]` (「2022年，我局共收到…」), if any. A year ends with
    /// 年 and two years cannot overlap, so the years of a prefix are the years of the whole
    /// text that end within it: the text is read on from where the last question stopped.
    fn year_before(&self, end: usize) -> Option<i32> {
        let end = end.min(self.text.len());
        let mut years = self.years.borrow_mut();
        if years.read < end {
            let from = years.read;
            if years_into(self.text, from..end, &mut years.found) {
                years.read = end;
            } else {
                // A digit the walk does not know: the regex reads the whole text.
                years.found = years_by_regex(self.text);
                years.read = self.text.len();
            }
        }
        let within = years.found.partition_point(|&(e, _)| e <= end);
        within.checked_sub(1).and_then(|last| years.found[last].1)
    }

    /// Whether `text[..end]` holds a word of `marker`: whether the list's first word ends
    /// by `end`. The text is read once for all lists, on from where the last question stopped.
    fn has_before(&self, marker: Marker, end: usize) -> bool {
        let end = end.min(self.text.len());
        let (read, mut first_ends) = self.first_ends.get();
        if read < end {
            let Some(lexicon) = MARKER_LEXICON.as_ref() else {
                return first_ends_word_by_word(&self.text[..end])[marker as usize].is_some();
            };
            // The words ending after `read` start after `read - LONGEST_MARKER`: the words
            // read again there end where they ended.
            let mut from = read.saturating_sub(LONGEST_MARKER - 1);
            while !self.text.is_char_boundary(from) {
                from -= 1;
            }
            // Occurrences come in order of their start: the first to end is the shortest of
            // those, not necessarily the first found.
            lexicon.each(&self.text[from..end], |_, word_end, lists| {
                let word_end = from + word_end;
                for (number, first) in first_ends.iter_mut().enumerate() {
                    if lists & (1 << number) != 0 && first.is_none_or(|f| word_end < f) {
                        *first = Some(word_end);
                    }
                }
                true
            });
            self.first_ends.set((end, first_ends));
        }
        first_ends[marker as usize].is_some_and(|e| e <= end)
    }
}

/// [`years_into`] over the whole text, as a list (`None` when the regex must decide).
#[cfg(test)]
fn years_in(text: &str) -> Option<Vec<(usize, Option<i32>)>> {
    let mut out = Vec::new();
    years_into(text, 0..text.len(), &mut out).then_some(out)
}

/// The years [`YEAR`] finds in `text` whose 年 lies in `text[within]` (character boundaries):
/// `(end of the match, the year)`, in order, appended to `out`. Found from each 年, whose match
/// is unique: the whitespace before it, and the four characters before that (read in the whole
/// text, before `within` too). `false` when one of the two last characters is a digit other
/// than ASCII (`\d` takes those, and the year then does not parse): the regex decides, and
/// `out` is incomplete.
fn years_into(
    text: &str,
    within: std::ops::Range<usize>,
    out: &mut Vec<(usize, Option<i32>)>,
) -> bool {
    let from = within.start;
    for (at, _) in text[within].match_indices('年') {
        let at = from + at;
        let mut digits = text[..at].trim_end().chars().rev();
        let (Some(d4), Some(d3), Some(d2), Some(d1)) =
            (digits.next(), digits.next(), digits.next(), digits.next())
        else {
            continue;
        };
        if [d3, d4].iter().any(|c| !c.is_ascii() && c.is_numeric()) {
            return false;
        }
        if !(matches!((d1, d2), ('1', '9') | ('2', '0'))
            && d3.is_ascii_digit()
            && d4.is_ascii_digit())
        {
            continue;
        }
        let value = [d1, d2, d3, d4]
            .iter()
            .fold(0, |year, d| year * 10 + (*d as i32 - '0' as i32));
        out.push((at + '年'.len_utf8(), Some(value)));
    }
    true
}

/// [`years_into`] by the regex, over the whole text.
fn years_by_regex(text: &str) -> Vec<(usize, Option<i32>)> {
    YEAR.captures_iter(text)
        .map(|c| {
            let year = c.get(1).and_then(|m| m.as_str().parse().ok());
            (c.get(0).map_or(0, |m| m.end()), year)
        })
        .collect()
}

/// Where the first word of each [`Marker`] list ends in `text`, searched word by word.
fn first_ends_word_by_word(text: &str) -> [Option<usize>; MARKERS.len()] {
    MARKERS.map(|(_, words)| {
        words
            .iter()
            .filter_map(|w| text.find(w).map(|i| i + w.len()))
            .min()
    })
}

/// Word lists asked of the 。-sentence before a count (not of its clause).
#[derive(Debug, Clone, Copy)]
enum Marker {
    /// 「截至年底累计…」: every year so far.
    SoFar,
    /// One publication channel.
    Channel,
    /// 「等」 after channels: all of them.
    AndOthers,
}

/// Every [`Marker`] with its words, in the enum's order.
const MARKERS: [(Marker, &[&str]); 3] = [
    (
        Marker::SoFar,
        &["截至", "截止", "到年底", "以来", "历年", "现有"],
    ),
    (Marker::Channel, CHANNELS),
    (Marker::AndOthers, &["等"]),
];

static MARKER_LEXICON: LazyLock<Option<Lexicon>> =
    LazyLock::new(|| Lexicon::new(MARKERS.iter().map(|&(marker, list)| (marker as u32, list))));

/// What [`classify`] needs of the text before a count.
pub(super) struct Before<'g, 'a> {
    /// The 。-sentence, and where the count starts in it.
    pub group: &'g GroupText<'a>,
    pub end: usize,
    /// Whether the count's own sentence names 「其中」 before it.
    pub in_part: bool,
}

/// Clause delimiters inside a sentence (folded text).
#[cfg(test)]
fn is_clause_end(c: char) -> bool {
    matches!(c, ',' | '(' | ')' | ':' | '、' | '，' | '（' | '）' | '：')
}

/// Whether the three bytes are one of the delimiters of three bytes: 、，（）：. Their lead byte
/// (E3 or EF) is never inside another character, so a match is a whole character.
fn is_wide_clause_end(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [0xE3, 0x80, 0x81] | [0xEF, 0xBC, 0x88 | 0x89 | 0x8C | 0x9A]
    )
}

/// Where the clause ending at `to` starts within `text[from..to]`: after its last delimiter,
/// or at `from` when it holds none. Read from the end (`from` and `to` are character
/// boundaries), sixteen bytes at a time where the processor allows: the clause before a count
/// is often dozens of bytes long, and a character at a time cost ~15 instructions.
fn clause_start_within(text: &str, from: usize, to: usize) -> usize {
    let bytes = text.as_bytes();
    // Moved back only by the x86-64 block loop.
    #[cfg_attr(not(target_arch = "x86_64"), allow(unused_mut))]
    let mut end = to.min(bytes.len());
    #[cfg(target_arch = "x86_64")]
    while end >= from + 16 {
        let block = end - 16;
        let Ok(sixteen) = <&[u8; 16]>::try_from(&bytes[block..end]) else {
            break;
        };
        let mut candidates = delimiter_bytes(sixteen);
        while candidates != 0 {
            let last = 15 - candidates.leading_zeros() as usize;
            if ends_delimiter(bytes, from, block + last) {
                return block + last + 1;
            }
            candidates &= !(1 << last);
        }
        end = block;
    }
    (from..end)
        .rev()
        .find(|&at| ends_delimiter(bytes, from, at))
        .map_or(from, |at| at + 1)
}

/// Whether the byte at `at` is the last of a delimiter lying within `bytes[from..]`. Inlined
/// into the block scan, which asks it of every candidate byte (most are the last bytes of
/// other CJK characters).
#[inline(always)]
fn ends_delimiter(bytes: &[u8], from: usize, at: usize) -> bool {
    match bytes[at] {
        b',' | b'(' | b')' | b':' => true,
        // The last byte of a wide delimiter.
        0x81 | 0x88 | 0x89 | 0x8C | 0x9A => {
            at >= from + 2 && is_wide_clause_end(&bytes[at - 2..=at])
        }
        _ => false,
    }
}

/// The bytes of a block of sixteen that may end a delimiter (those [`ends_delimiter`] looks
/// at), one bit each. SSE2 is part of every x86_64 processor.
#[cfg(target_arch = "x86_64")]
fn delimiter_bytes(block: &[u8; 16]) -> u16 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    const LAST_BYTES: [u8; 9] = [b',', b'(', b')', b':', 0x81, 0x88, 0x89, 0x8C, 0x9A];
    // SAFETY: SSE2 is enabled on every x86_64 target, and the load reads the sixteen bytes of
    // `block` (unaligned loads are allowed).
    unsafe {
        let bytes = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        let mut found = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(LAST_BYTES[0] as i8));
        for byte in &LAST_BYTES[1..] {
            found = _mm_or_si128(found, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(*byte as i8)));
        }
        _mm_movemask_epi8(found) as u16
    }
}

/// Where the clause starting at `from` ends within `text[from..to]`: at its first delimiter, or
/// at `to` when it holds none (byte by byte, as [`clause_start_within`]).
fn clause_end_within(text: &str, from: usize, to: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    while at < to {
        match bytes[at] {
            b',' | b'(' | b')' | b':' => return at,
            0xE3 | 0xEF if at + 3 <= to && is_wide_clause_end(&bytes[at..at + 3]) => return at,
            _ => {}
        }
        at += 1;
    }
    to
}

/// The words of a count's own clause before it: from the last delimiter or the previous
/// count's end, whichever is later.
pub(super) fn left_window<'a>(text: &'a str, counts: &[Count], index: usize) -> &'a str {
    let count = &counts[index];
    let previous_end = index.checked_sub(1).map_or(0, |i| counts[i].end);
    // No clause start before the previous count's end is taken: the search stops there.
    let from = previous_end.min(count.start);
    &text[clause_start_within(text, from, count.start)..count.start]
}

/// The words of a count's own clause: `(before, after)`; after it, up to the next delimiter or
/// the next count, whichever is first.
pub(super) fn windows<'a>(text: &'a str, counts: &[Count], index: usize) -> (&'a str, &'a str) {
    let count = &counts[index];
    let next_start = counts.get(index + 1).map_or(text.len(), |c| c.start);
    let right = &text[count.end..clause_end_within(text, count.end, next_start.max(count.end))];
    (left_window(text, counts, index), right)
}

/// [`windows`] as first written, character by character over the whole sentence: the reference
/// for the byte scans.
#[cfg(test)]
fn windows_by_char<'a>(text: &'a str, counts: &[Count], index: usize) -> (&'a str, &'a str) {
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
    let clause = Clause {
        left,
        before: Clues::of(left),
        after: Clues::of(right),
    };
    let in_part = before.in_part;
    let read = appeal_metric(&clause, count.quantity, topic)
        .or_else(|| application_metric(&clause, text, count, topic))
        .or_else(|| table2_metric(&clause))
        .or_else(|| published_metric(&clause, before, in_part))?;
    // What makes a count not this year's whole figure, checked once a metric is named (the
    // year look-up is the costliest test).
    if clause.either(Clue::NotThisYear) || left.ends_with('各') {
        return None;
    }
    // 「未收到一件申请」 is a zero, read by `zero_claims`.
    if clause.before.has(Clue::PartialScope) || clause.before.has(Clue::Negation) {
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

/// A count's clause: the words before it (trimmed) and the clues before and after it.
struct Clause<'a> {
    left: &'a str,
    before: Clues,
    after: Clues,
}

impl Clause<'_> {
    /// Whether the clause has a word of `clue` before or after the count.
    fn either(&self, clue: Clue) -> bool {
        self.before.has(clue) || self.after.has(clue)
    }
}

fn appeal_metric(clause: &Clause<'_>, quantity: Quantity, topic: Topic) -> Option<Read> {
    let left = clause.before;
    let review = left.has(Clue::Review);
    let lawsuit = left.has(Clue::Lawsuit);
    let about_disclosure =
        topic.appeals_section || topic.appeals_named || left.has(Clue::NamesDisclosure);
    if !(review || lawsuit) || !about_disclosure || left.has(Clue::AppealParts) {
        return None;
    }
    // 「作为复议机关办理政府信息公开行政复议案件5件」: the agency decided those reviews; 表四
    // counts the reviews of its own decisions.
    if review && left.has(Clue::Reviewer) {
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
    clause: &Clause<'_>,
    text: &str,
    count: &Count,
    topic: Topic,
) -> Option<Read> {
    let left = clause.before;
    // 「收到政府信息公开申请8件」 or 「收到8份政府信息公开申请」.
    let named = clause.either(Clue::NamesApplications);
    // Without the applications named in its own clause, a clause continues the sentence's
    // applications only when it is short and names nothing else (「按时答复3件」, not
    // 「办理政务服务事项5000件」).
    let continues = topic.applications_named
        && clause.left.chars().count() <= 12
        && !clause.either(Clue::OtherThings);
    if !topic.applications
        || clause.either(Clue::OtherRequests)
        || left.has(Clue::Subset)
        || !(named || continues)
    {
        return None;
    }
    let one = |metric| Some(Read { metric, also: None });
    if clause.either(Clue::NextYear) {
        return one(Metric::CarriedOver);
    }
    let previous_year = left.has(Clue::PreviousYear);
    let carried = left.has(Clue::CarriedOver);
    if carried && previous_year {
        return one(Metric::CarriedIn);
    }
    if previous_year || carried {
        return None;
    }
    if left.has(Clue::New) {
        return one(Metric::New);
    }
    if left.has(Clue::Received) {
        return if phrases::starts_with_spaced(&text[count.end..], &WITH_CARRIED_IN) {
            one(Metric::ReceivedWithCarriedIn)
        } else {
            one(Metric::Received)
        };
    }
    if left.has(Clue::Handled) {
        return one(Metric::Handled);
    }
    if left.has(Clue::Processing) {
        return one(Metric::Processed);
    }
    None
}

fn table2_metric(clause: &Clause<'_>) -> Option<Read> {
    if !clause.before.has(Clue::Table2) || clause.before.has(Clue::NotTable2) {
        return None;
    }
    TABLE2_PHRASES
        .iter()
        .find(|(phrase, _)| phrases::ends_with(clause.left, phrase))
        .map(|(_, metric)| Read {
            metric: *metric,
            also: None,
        })
}

/// The phrase a clause ends with before the count of published information: the regex
/// [`published_regex`] (the reference) as words.
const PUBLISHED: Phrase = &[
    one_of(&["主动公开", "共公开", "累计公开"]),
    maybe(&["各类", "了"]),
    maybe(&["政府", "政务"]),
    one_of(&["信息"]),
    maybe(&["共", "共计", "累计", "合计", "总数", "数量"]),
];

/// The regex [`PUBLISHED`] replaced, kept as its reference.
#[cfg(test)]
fn published_regex() -> Regex {
    Regex::new(
        r"(?:主动公开|共公开|累计公开)(?:各类|了)?(?:政府|政务)?信息(?:共|共计|累计|合计|总数|数量)?$",
    )
    .expect("valid regex")
}

fn published_metric(clause: &Clause<'_>, before: &Before<'_, '_>, in_part: bool) -> Option<Read> {
    if in_part
        || !clause.before.has(Clue::Disclosure)
        || !phrases::ends_with(clause.left, PUBLISHED)
    {
        return None;
    }
    let (group, end) = (before.group, before.end);
    // 「截至年底累计主动公开政府信息5928条」 counts every year so far.
    if group.has_before(Marker::SoFar, end) {
        return None;
    }
    // 「在门户网站主动公开信息300条」 counts one channel; 「通过网站、微信等渠道」 all of them.
    if group.has_before(Marker::Channel, end) && !group.has_before(Marker::AndOthers, end) {
        return None;
    }
    Some(Read {
        metric: Metric::Published,
        also: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::narrative::zeros::{NOT_ALL_APPEALS, NOT_ALL_APPLICATIONS};

    /// Texts holding every word of `lists`, and every word without its last character.
    fn texts_with_words<'a>(lists: impl Iterator<Item = &'a [&'static str]>) -> Vec<String> {
        let mut texts: Vec<String> = vec![String::new(), "共收到申请3件".into(), "下一年度".into()];
        for list in lists {
            for word in list {
                texts.push(format!("本年{word}3件"));
                // Every word but its last character: a prefix is no match.
                let cut = word.char_indices().last().map_or(0, |(i, _)| i);
                texts.push(format!("本年{}3件", &word[..cut]));
            }
        }
        texts
    }

    proptest::proptest! {
        /// A sentence's topic names applications when `str::contains` finds both 申请 and 公开
        /// in it, as the searchers built once say: texts of the words, their halves and
        /// characters sharing their bytes (甲 shares 申's first two, 兯 公's), short and long.
        #[test]
        fn the_topic_names_applications_as_str_contains_says(
            text in crate::document::texts_of(
                &[
                    "申请", "申", "请", "公开", "公", "开", "甲", "兯", "依申请公开", "3件", "é",
                    "𠀀", "，",
                ],
                0..40,
            )
        ) {
            let contained = text.contains("申请") && text.contains("公开");
            proptest::prop_assert_eq!(Topic::of(&text, false).applications, contained, "{}", text);
        }

        /// The byte scans of [`windows`] find the clauses the character walk over the whole
        /// sentence found, for every count: texts of counts, every delimiter (ASCII and wide),
        /// characters sharing a wide delimiter's last byte (丁 U+4E01 ends in 81, 与 U+4E0E in
        /// 8E) or its lead byte (ｅ U+FF45), other 1-, 2- and 4-byte characters.
        #[test]
        fn windows_are_the_clauses_the_character_walk_finds(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("3件"), proptest::strategy::Just("12条"),
                    proptest::strategy::Just("三件"), proptest::strategy::Just("约5个"),
                    proptest::strategy::Just("收到申请"), proptest::strategy::Just("其中"),
                    proptest::strategy::Just(","), proptest::strategy::Just("("),
                    proptest::strategy::Just(")"), proptest::strategy::Just(":"),
                    proptest::strategy::Just("、"), proptest::strategy::Just("，"),
                    proptest::strategy::Just("（"), proptest::strategy::Just("）"),
                    proptest::strategy::Just("："), proptest::strategy::Just("丁"),
                    proptest::strategy::Just("ｅ"), proptest::strategy::Just("é"),
                    proptest::strategy::Just("𠀀"), proptest::strategy::Just(" "),
                    proptest::strategy::Just("a"), proptest::strategy::Just("；"),
                    proptest::strategy::Just("依申请公开事项"),
                ],
                0..40,
            )
        ) {
            let text: String = pieces.concat();
            let counts = super::super::numbers::counts(&text);
            for index in 0..counts.len() {
                proptest::prop_assert_eq!(
                    windows(&text, &counts, index),
                    windows_by_char(&text, &counts, index),
                    "{} {}", text, index
                );
                proptest::prop_assert_eq!(
                    left_window(&text, &counts, index),
                    windows_by_char(&text, &counts, index).0
                );
            }
        }
    }

    /// The block scan finds the clause start the byte walk finds, for every pair of bounds of
    /// texts of up to four blocks, with delimiters at every place of a block.
    #[test]
    fn the_block_scan_finds_the_clause_start_of_the_byte_walk() {
        let by_byte = |text: &str, from: usize, to: usize| {
            let bytes = text.as_bytes();
            (from..to)
                .rev()
                .find(|&at| ends_delimiter(bytes, from, at))
                .map_or(from, |at| at + 1)
        };
        for delimiter in [",", "(", ":", "、", "，", "）", "：", "丁"] {
            for place in 0..40 {
                let text = format!("{}{delimiter}{}", "申".repeat(place), "a请".repeat(12));
                let bounds: Vec<usize> = (0..=text.len())
                    .filter(|&i| text.is_char_boundary(i))
                    .collect();
                for &from in &bounds {
                    for &to in bounds.iter().filter(|&&to| to >= from) {
                        assert_eq!(
                            clause_start_within(&text, from, to),
                            by_byte(&text, from, to),
                            "{text} {from} {to}"
                        );
                    }
                }
            }
        }
    }

    /// The delimiters of three bytes are exactly the wide ones of [`is_clause_end`].
    #[test]
    fn wide_delimiters_are_the_clause_ends_of_three_bytes() {
        for c in (0x800..=0xFFFF).filter_map(char::from_u32) {
            let mut buffer = [0u8; 3];
            c.encode_utf8(&mut buffer);
            assert_eq!(is_wide_clause_end(&buffer), is_clause_end(c), "{c}");
        }
    }

    #[test]
    fn word_sets_answer_as_the_word_by_word_search() {
        let sets = [&NAMES_DISCLOSURE, &NOT_ALL_APPLICATIONS, &NOT_ALL_APPEALS];
        let texts = texts_with_words(sets.iter().map(|set| set.list));
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
    fn clues_read_in_one_pass_are_the_lists_searched_one_by_one() {
        let mut texts = texts_with_words(CLUE_WORDS.iter().map(|(_, list)| *list));
        // Words inside words and several lists in one clause: every list must be reported,
        // not only the longest or first match.
        texts.extend(
            [
                "收到政府信息公开申请",
                "上一年度结转政府信息公开申请",
                "办理完毕的依申请公开事项",
                "作为复议机关审理行政复议案件",
                "同比下降的本级规范性文件决定",
                "未收到",
                "行政复议、行政诉讼案件",
            ]
            .map(String::from),
        );
        let mut seen = Clues::default();
        for text in &texts {
            let clues = Clues::of(text);
            assert_eq!(clues, Clues::word_by_word(text), "{text}");
            seen.0 |= clues.0;
        }
        // Every list was found somewhere, so the comparison above covered each of them.
        for &(clue, _) in CLUE_WORDS {
            assert!(seen.has(clue), "{clue:?}");
        }
        assert!(LEXICON.is_some());
    }

    proptest::proptest! {
        #[test]
        fn years_read_from_each_年_are_the_regex_captures(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("年"), proptest::strategy::Just("2"),
                    proptest::strategy::Just("0"), proptest::strategy::Just("1"),
                    proptest::strategy::Just("9"), proptest::strategy::Just("5"),
                    proptest::strategy::Just(" "), proptest::strategy::Just("\u{3000}"),
                    proptest::strategy::Just("\t"), proptest::strategy::Just("２"),
                    proptest::strategy::Just("٣"), proptest::strategy::Just("度"),
                    proptest::strategy::Just("，"), proptest::strategy::Just("二"),
                ],
                0..16,
            )
        ) {
            let text: String = pieces.concat();
            let by_regex = years_by_regex(&text);
            match years_in(&text) {
                Some(years) => proptest::prop_assert_eq!(years, by_regex),
                // Only a digit the walk does not know leaves it to the regex.
                None => proptest::prop_assert!(text.chars().any(|c| !c.is_ascii() && c.is_numeric())),
            }
        }
    }

    #[test]
    fn what_is_before_a_count_agrees_with_reading_the_prefix() {
        let text = "2021年，我局通过门户网站等渠道共收到2022 年的申请3件，截至2023年底在微信和网站累计公开1999年以来信息20条";
        let group = GroupText::new(text);
        for (end, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let prefix = &text[..end];
            let (year, markers) = read_from_prefix(prefix);
            assert_eq!(group.year_before(end), year, "{prefix}");
            for ((marker, _), has) in MARKERS.into_iter().zip(markers) {
                assert_eq!(group.has_before(marker, end), has, "{prefix} {marker:?}");
            }
        }
        // Read on from question to question, the text was read once in all, and found what
        // the word-by-word search of the whole text finds.
        assert_eq!(
            group.first_ends.get(),
            (text.len(), first_ends_word_by_word(text))
        );
        assert_eq!(group.years.borrow().found, years_by_regex(text));
    }

    /// The last year [`YEAR`] captures in `prefix`, and whether it holds a word of each
    /// [`Marker`] list: what a count ending `prefix` is asked, read from the prefix alone.
    fn read_from_prefix(prefix: &str) -> (Option<i32>, [bool; MARKERS.len()]) {
        let year = YEAR
            .captures_iter(prefix)
            .last()
            .and_then(|c| c.get(1))
            .and_then(|m| m.as_str().parse().ok());
        (year, MARKERS.map(|(_, words)| has_any(prefix, words)))
    }

    proptest::proptest! {
        /// Asked about prefixes in any order (a later count, an earlier one, the same one
        /// again), the group reads on from where it stopped and answers as each prefix read
        /// alone: texts of the markers' words, their parts, years, digits the walk does not
        /// know (the regex then reads the whole text) and other characters.
        #[test]
        fn a_group_read_on_demand_answers_as_each_prefix(
            text in crate::document::texts_of(
                &[
                    "截至", "截止", "截", "到年底", "到", "年底", "以来", "以", "历年", "现有",
                    "网站", "公众号", "公开栏", "公", "微信", "微", "新媒体", "客户端", "APP",
                    "app", "A", "等", "年", "2021", "2022 ", "202", "19", "一", "，", "x",
                    "\u{3000}", "٣", "é", "𠀀",
                ],
                0..24,
            ),
            asked in proptest::collection::vec(0..=100usize, 1..6),
        ) {
            let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let group = GroupText::new(&text);
            for share in asked {
                let end = ends[share * (ends.len() - 1) / 100];
                let prefix = &text[..end];
                let (year, markers) = read_from_prefix(prefix);
                proptest::prop_assert_eq!(group.year_before(end), year, "{}", prefix);
                for ((marker, _), has) in MARKERS.into_iter().zip(markers) {
                    proptest::prop_assert_eq!(group.has_before(marker, end), has, "{} {:?}", prefix, marker);
                }
            }
        }
    }

    /// Pieces of clauses around 表二's and the published count's phrases: every word of their
    /// parts, parts of words, and other characters.
    fn phrase_pieces() -> impl proptest::strategy::Strategy<Value = String> {
        let words: Vec<&'static str> = TABLE2_PHRASES
            .iter()
            .flat_map(|(phrase, _)| phrase.iter())
            .chain(PUBLISHED.iter())
            .flat_map(|part| part.words().iter().copied())
            .chain(["文件", "规", "有效", "行政", "公开", "x", "，", " "])
            .collect();
        proptest::collection::vec(proptest::sample::select(words), 0..8)
            .prop_map(|pieces| pieces.concat())
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        #[test]
        fn phrases_answer_as_their_regexes(text in phrase_pieces()) {
            let regexes = table2_regexes();
            let by_regex = regexes.iter().find(|(r, _)| r.is_match(&text)).map(|(_, m)| *m);
            let by_walk = TABLE2_PHRASES
                .iter()
                .find(|(phrase, _)| phrases::ends_with(&text, phrase))
                .map(|(_, m)| *m);
            proptest::prop_assert_eq!(by_walk, by_regex, "{}", text);
            proptest::prop_assert_eq!(
                phrases::ends_with(&text, PUBLISHED),
                published_regex().is_match(&text),
                "{}", text
            );
        }

        #[test]
        fn carried_in_words_answer_as_their_regex(
            text in crate::document::texts_of(
                &[
                    " ", "\u{3000}", "\t", "(", ",", ":", "（", "含", "包括", "包含", "其中",
                    "上年", "上一年", "去年", "上", "一", "年", "x", "3件",
                ],
                0..8,
            )
        ) {
            proptest::prop_assert_eq!(
                phrases::starts_with_spaced(&text, &WITH_CARRIED_IN),
                with_carried_in_regex().is_match(&text),
                "{}", text
            );
        }
    }

    #[test]
    fn every_phrase_is_found_by_its_regex() {
        // Each phrase's longest form, so that every part was compared with the reference.
        let regexes = table2_regexes();
        for (phrase, metric) in TABLE2_PHRASES {
            let text: String = phrase.iter().map(|part| part.words()[0]).collect();
            assert!(phrases::ends_with(&text, phrase), "{text}");
            let by_regex = regexes
                .iter()
                .find(|(r, _)| r.is_match(&text))
                .map(|(_, m)| *m);
            assert_eq!(by_regex, Some(metric), "{text}");
        }
        assert!(published_regex().is_match("累计公开了政务信息数量"));
        assert!(phrases::ends_with("累计公开了政务信息数量", PUBLISHED));
    }
}
