//! The filter language the dashboard's `/` and the exports share, parsed once into a predicate.
//!
//! A filter is a list of terms separated by spaces; a flag passes when it passes every term.
//!
//! | term              | passes a flag …                                                   |
//! |-------------------|-------------------------------------------------------------------|
//! | `rule:blank-cell` | whose rule code is `blank-cell` (`rule:blank-*`: starts with it)  |
//! | `sev:error`       | of that severity (`error` `warning` `info`, or 错误 警告 提示)    |
//! | `agency:司法局`   | whose report's agency contains the text (case ignored)            |
//! | `status:open`     | with that status (`open` `confirmed` `dismissed` `resolved` `absent`, or 待审核 确认 驳回 已整改 报告缺失) |
//! | `year:2023`       | whose report is of that year                                      |
//! | any other word    | whose report (agency, file, year) or flag (rule code, message) contains it, case ignored |
//!
//! A field takes several values separated by commas, any of which may match
//! (`sev:error,warning`); the full-width colon `：` of a Chinese input method works like `:`.
//! A word whose prefix is not a field name (`http://…`) is an ordinary word. The query is
//! parsed once (values lowercased, names resolved) so that matching a hundred thousand flags
//! per key press does no parsing and no allocation unless a word has to be looked for in a
//! message.

use std::fmt;

use super::review::{ReviewRow, RowStatus};
use crate::flag::Severity;
use crate::i18n::Lang;

/// A field of the filter language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Rule,
    Severity,
    Agency,
    Status,
    Year,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Rule,
        Field::Severity,
        Field::Agency,
        Field::Status,
        Field::Year,
    ];

    /// The name typed before the colon.
    pub fn name(self) -> &'static str {
        match self {
            Field::Rule => "rule",
            Field::Severity => "sev",
            Field::Agency => "agency",
            Field::Status => "status",
            Field::Year => "year",
        }
    }

    fn parse(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

/// A filter that cannot be parsed: a field with a value it cannot take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}:{value}`: {expected}", field = field.name(), expected = self.expected(Lang::En))]
pub struct QueryError {
    pub field: Field,
    /// The value as typed. It is the user's own input, but may be pasted: sanitize it before
    /// it reaches a terminal.
    pub value: String,
}

impl QueryError {
    fn expected(&self, lang: Lang) -> &'static str {
        match self.field {
            Field::Severity => lang.pick(
                "应为 error、warning、info（错误、警告、提示）",
                "expected error, warning or info",
            ),
            Field::Status => lang.pick(
                "应为 open、confirmed、dismissed、resolved、absent（待审核、确认、驳回、已整改、报告缺失）",
                "expected open, confirmed, dismissed, resolved or absent",
            ),
            Field::Year => lang.pick("应为年份，如 2023", "expected a year such as 2023"),
            Field::Rule | Field::Agency => lang.pick("不能为空", "must not be empty"),
        }
    }

    /// The error in `lang`.
    pub fn display(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "筛选条件 `{}:{}` 无效：{}",
                self.field.name(),
                self.value,
                self.expected(lang)
            ),
            Lang::En => self.to_string(),
        }
    }
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq)]
enum Term {
    /// Rule codes: exact, or a prefix (typed with a trailing `*`).
    Rule(Vec<(String, bool)>),
    Severity(Vec<Severity>),
    /// Lowercased parts of agency names.
    Agency(Vec<String>),
    Status(Vec<RowStatus>),
    Year(Vec<i32>),
    /// A lowercased free word, and the year it names if it is one (`2023`, not `+2023`).
    Word(String, Option<i32>),
}

/// What a query looks at in one flag. Borrowed, so the dashboard can match its own flags and
/// the exports their [`ReviewRow`]s without building anything per flag.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub agency: Option<&'a str>,
    pub year: Option<i32>,
    /// The report file, relative to the inbox.
    pub file: &'a str,
    pub code: &'a str,
    pub severity: Option<Severity>,
    pub status: RowStatus,
    /// The message in the language shown.
    pub message: &'a str,
}

impl<'a> Subject<'a> {
    /// A review row as a subject, its message in `lang`.
    pub fn of_row(row: &'a ReviewRow, lang: Lang) -> Subject<'a> {
        Subject {
            agency: row.agency.as_deref(),
            year: row.year,
            file: &row.file,
            code: &row.code,
            severity: row.severity,
            status: row.status,
            message: row.message.get(lang),
        }
    }
}

/// The terms of a [`Query`] one report settles for all its flags ([`Query::prepare_report`]).
#[derive(Debug, Clone, Default)]
pub struct PreparedReport {
    /// Per term: passed or failed by the report's name alone, or up to each flag.
    settled: Vec<Option<bool>>,
    /// A term the report fails: none of its flags passes.
    none_pass: bool,
}

impl PreparedReport {
    /// Whether no flag of the report can pass (a term its name fails).
    pub fn none_pass(&self) -> bool {
        self.none_pass
    }
}

/// A parsed filter: the predicate every pane and export applies.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    terms: Vec<Term>,
}

impl Query {
    /// Parses a filter as typed. An empty filter passes everything.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let (query, errors) = Query::parse_lenient(text);
        match errors.into_iter().next() {
            Some(error) => Err(error),
            None => Ok(query),
        }
    }

    /// Parses a filter as it is being typed: a field term that cannot be parsed (`sev:`, a
    /// value half typed) is left out, and returned as an error to show, so that the rest of
    /// the filter still applies while the user types.
    pub fn parse_lenient(text: &str) -> (Query, Vec<QueryError>) {
        let mut terms = Vec::new();
        let mut errors = Vec::new();
        for token in text.split_whitespace() {
            match Term::parse(token) {
                Ok(term) => terms.push(term),
                Err(error) => errors.push(error),
            }
        }
        (Query { terms }, errors)
    }

    /// Whether the query passes everything.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether the query has a term of `field`.
    pub fn has_field(&self, field: Field) -> bool {
        self.terms.iter().any(|t| t.field() == Some(field))
    }

    /// Whether a flag passes every term.
    pub fn matches(&self, subject: &Subject<'_>) -> bool {
        self.terms.iter().all(|term| term.matches(subject))
    }

    /// Whether the report alone (agency, file, year) passes every term that does not look at
    /// a flag: a report is listed for its own name even when none of its flags passes.
    pub fn matches_report(&self, agency: Option<&str>, year: Option<i32>, file: &str) -> bool {
        self.terms.iter().all(|term| match term {
            Term::Agency(parts) => agency_matches(parts, agency),
            Term::Year(years) => year.is_some_and(|y| years.contains(&y)),
            Term::Word(word, as_year) => report_has_word(word, *as_year, agency, year, file),
            Term::Rule(_) | Term::Severity(_) | Term::Status(_) => false,
        })
    }

    /// Whether every flag this query passes is sure to pass `wider` too (each term of `wider`
    /// follows from one of this query's): as when a filter is typed on (`ru` → `rule`, a new
    /// term), so that only what `wider` passed needs matching again. False when unsure.
    pub fn narrows(&self, wider: &Query) -> bool {
        wider
            .terms
            .iter()
            .all(|old| self.terms.iter().any(|new| new.implies(old)))
    }

    /// What the report alone settles of each term, once for all its flags: a query
    /// over a hundred thousand flags then looks at each report's name once, not once a flag.
    /// Pass it to [`Query::matches_in`] with each flag of the report.
    pub fn prepare_report(
        &self,
        agency: Option<&str>,
        year: Option<i32>,
        file: &str,
    ) -> PreparedReport {
        let settled = self
            .terms
            .iter()
            .map(|term| match term {
                Term::Agency(parts) => Some(agency_matches(parts, agency)),
                Term::Year(years) => Some(year.is_some_and(|y| years.contains(&y))),
                // A word the report's name has passes every flag; else the flag must have it.
                Term::Word(word, as_year) => {
                    report_has_word(word, *as_year, agency, year, file).then_some(true)
                }
                Term::Rule(_) | Term::Severity(_) | Term::Status(_) => None,
            })
            .collect::<Vec<_>>();
        PreparedReport {
            none_pass: settled.contains(&Some(false)),
            settled,
        }
    }

    /// Whether a flag of a prepared report passes every term: the same answer as
    /// [`Query::matches`] with the report's agency, year and file.
    pub fn matches_in(&self, report: &PreparedReport, subject: &Subject<'_>) -> bool {
        if report.none_pass {
            return false;
        }
        self.terms
            .iter()
            .zip(&report.settled)
            .all(|(term, settled)| match (settled, term) {
                (Some(pass), _) => *pass,
                (None, Term::Word(word, _)) => {
                    contains_lowercase(subject.code, word)
                        || contains_lowercase(subject.message, word)
                }
                (None, term) => term.matches(subject),
            })
    }

    /// The rows of a review the query passes, messages read in `lang`.
    pub fn select<'r>(
        &'r self,
        rows: &'r [ReviewRow],
        lang: Lang,
    ) -> impl Iterator<Item = &'r ReviewRow> + 'r {
        rows.iter()
            .filter(move |row| self.matches(&Subject::of_row(row, lang)))
    }
}

impl Term {
    fn parse(token: &str) -> Result<Term, QueryError> {
        let split = token
            .char_indices()
            .find(|&(_, c)| c == ':' || c == '：')
            .map(|(i, c)| (&token[..i], &token[i + c.len_utf8()..]));
        let Some((field, value)) = split.and_then(|(n, v)| Field::parse(n).map(|f| (f, v))) else {
            let year = token
                .parse()
                .ok()
                .filter(|_| token.bytes().all(|b| b.is_ascii_digit()));
            return Ok(Term::Word(token.to_lowercase(), year));
        };
        let error = || QueryError {
            field,
            value: value.to_string(),
        };
        let values: Vec<&str> = value.split([',', '，']).filter(|v| !v.is_empty()).collect();
        if values.is_empty() {
            return Err(error());
        }
        Ok(match field {
            Field::Rule => Term::Rule(
                values
                    .iter()
                    .map(|v| match v.strip_suffix('*') {
                        Some(prefix) => (prefix.to_ascii_lowercase(), true),
                        None => (v.to_ascii_lowercase(), false),
                    })
                    .collect(),
            ),
            Field::Agency => Term::Agency(values.iter().map(|v| v.to_lowercase()).collect()),
            Field::Severity => Term::Severity(every(&values, parse_severity).ok_or_else(error)?),
            Field::Status => Term::Status(every(&values, parse_status).ok_or_else(error)?),
            Field::Year => Term::Year(every(&values, |v| v.parse().ok()).ok_or_else(error)?),
        })
    }

    /// Whether whatever passes this term passes `other`.
    fn implies(&self, other: &Term) -> bool {
        if self == other {
            return true;
        }
        match (self, other) {
            // A longer word contains the shorter (never for a year: `2023` passes a report of
            // 2023 whose name and flags do not have `202` in them).
            (Term::Word(new, _), Term::Word(old, None)) => new.contains(old.as_str()),
            (Term::Agency(new), Term::Agency(old)) => {
                covered(new, old, |n, o| n.contains(o.as_str()))
            }
            (Term::Rule(new), Term::Rule(old)) => {
                covered(new, old, |(n, n_prefix), (o, o_prefix)| {
                    (n == o && n_prefix == o_prefix) || (*o_prefix && n.starts_with(o.as_str()))
                })
            }
            (Term::Severity(new), Term::Severity(old)) => covered(new, old, PartialEq::eq),
            (Term::Status(new), Term::Status(old)) => covered(new, old, PartialEq::eq),
            (Term::Year(new), Term::Year(old)) => covered(new, old, PartialEq::eq),
            _ => false,
        }
    }

    fn field(&self) -> Option<Field> {
        match self {
            Term::Rule(_) => Some(Field::Rule),
            Term::Severity(_) => Some(Field::Severity),
            Term::Agency(_) => Some(Field::Agency),
            Term::Status(_) => Some(Field::Status),
            Term::Year(_) => Some(Field::Year),
            Term::Word(..) => None,
        }
    }

    fn matches(&self, s: &Subject<'_>) -> bool {
        match self {
            Term::Rule(codes) => codes.iter().any(|(code, prefix)| {
                if *prefix {
                    s.code.len() >= code.len()
                        && s.code.as_bytes()[..code.len()].eq_ignore_ascii_case(code.as_bytes())
                } else {
                    s.code.eq_ignore_ascii_case(code)
                }
            }),
            Term::Severity(severities) => s.severity.is_some_and(|v| severities.contains(&v)),
            Term::Agency(parts) => agency_matches(parts, s.agency),
            Term::Status(statuses) => statuses.contains(&s.status),
            Term::Year(years) => s.year.is_some_and(|y| years.contains(&y)),
            Term::Word(word, as_year) => {
                report_has_word(word, *as_year, s.agency, s.year, s.file)
                    || contains_lowercase(s.code, word)
                    || contains_lowercase(s.message, word)
            }
        }
    }
}

/// Whether each value of a narrower term is covered by one of the wider term's.
fn covered<T>(new: &[T], old: &[T], covers: impl Fn(&T, &T) -> bool) -> bool {
    new.iter().all(|n| old.iter().any(|o| covers(n, o)))
}

fn agency_matches(parts: &[String], agency: Option<&str>) -> bool {
    agency.is_some_and(|a| parts.iter().any(|p| contains_lowercase(a, p)))
}

fn report_has_word(
    word: &str,
    as_year: Option<i32>,
    agency: Option<&str>,
    year: Option<i32>,
    file: &str,
) -> bool {
    agency.is_some_and(|a| contains_lowercase(a, word))
        || contains_lowercase(file, word)
        || (as_year.is_some() && as_year == year)
}

/// Whether `text` contains `needle` (already lowercase), ignoring case; allocates only for
/// text with upper-case letters outside ASCII.
fn contains_lowercase(text: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let ascii_match = |text: &str| {
        let needle = needle.as_bytes();
        text.as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    if text.is_ascii() {
        return ascii_match(text);
    }
    // An ASCII word in Chinese text: its bytes, ignoring ASCII case, without decoding the text
    // (a key over a hundred thousand messages). Only two characters lower-case to ASCII
    // letters, the Kelvin sign (to `k`) and `İ` (to `i` and a dot): with them, the slow way.
    if needle.is_ascii() {
        if ascii_match(text) {
            return true;
        }
        if !text.contains(['\u{212A}', '\u{130}']) {
            return false;
        }
    }
    if !text.chars().any(char::is_uppercase) {
        return text.contains(needle);
    }
    text.to_lowercase().contains(needle)
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Every value parsed, or `None` when one does not parse.
fn every<T>(values: &[&str], parse: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    values.iter().map(|v| parse(v)).collect()
}

fn parse_severity(value: &str) -> Option<Severity> {
    Severity::ALL.into_iter().find(|s| {
        s.as_str().eq_ignore_ascii_case(value)
            || s.label(Lang::Zh) == value
            || (value.len() >= 3 && s.as_str().starts_with(&value.to_ascii_lowercase()))
    })
}

fn parse_status(value: &str) -> Option<RowStatus> {
    RowStatus::ALL
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(value) || s.label(Lang::Zh) == value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject<'a>(code: &'a str, severity: Severity, status: RowStatus) -> Subject<'a> {
        Subject {
            agency: Some("乌拉特中旗司法局"),
            year: Some(2023),
            file: "reports/004.txt",
            code,
            severity: Some(severity),
            status,
            message: "表三 第 4 行 Blank cell",
        }
    }

    #[test]
    fn fields_narrow_and_words_match_as_before() {
        let q = Query::parse("rule:blank-cell sev:error").unwrap();
        assert!(q.matches(&subject("blank-cell", Severity::Error, RowStatus::Open)));
        assert!(!q.matches(&subject("blank-cell", Severity::Warning, RowStatus::Open)));
        assert!(!q.matches(&subject(
            "period-reversed",
            Severity::Error,
            RowStatus::Open
        )));

        let q = Query::parse("rule:blank-* status:待审核,confirmed year:2023 agency:司法").unwrap();
        assert!(q.matches(&subject("blank-cell", Severity::Info, RowStatus::Open)));
        assert!(q.matches(&subject("blank-row", Severity::Info, RowStatus::Confirmed)));
        assert!(!q.matches(&subject("blank-row", Severity::Info, RowStatus::Resolved)));
        assert!(!Query::parse("year:2022").unwrap().matches(&subject(
            "x",
            Severity::Info,
            RowStatus::Open
        )));
        assert!(!Query::parse("agency:公安").unwrap().matches(&subject(
            "x",
            Severity::Info,
            RowStatus::Open
        )));

        // Free words: agency, file, year, code, message; case ignored; all must match.
        let s = subject("blank-cell", Severity::Error, RowStatus::Open);
        for words in [
            "乌拉特",
            "004",
            "2023",
            "BLANK",
            "blank cell",
            "表三 司法局",
        ] {
            assert!(Query::parse(words).unwrap().matches(&s), "{words}");
        }
        for words in ["202", "公安", "表三 公安"] {
            assert!(!Query::parse(words).unwrap().matches(&s), "{words}");
        }
        assert!(Query::parse("").unwrap().is_empty());
    }

    #[test]
    fn chinese_input_and_unknown_prefixes() {
        // Full-width colon and comma, Chinese severity names.
        let q = Query::parse("sev：错误，警告").unwrap();
        assert!(q.matches(&subject("x", Severity::Warning, RowStatus::Open)));
        assert!(!q.matches(&subject("x", Severity::Info, RowStatus::Open)));
        // A prefix that is no field is a word.
        let q = Query::parse("http://x").unwrap();
        assert!(!q.has_field(Field::Rule));
        assert!(!q.matches(&subject("x", Severity::Info, RowStatus::Open)));
        assert!(Query::parse("SEV:Error")
            .unwrap()
            .has_field(Field::Severity));
    }

    #[test]
    fn bad_values_are_typed_errors() {
        let error = Query::parse("sev:bogus").unwrap_err();
        assert_eq!(error.field, Field::Severity);
        assert_eq!(error.value, "bogus");
        assert!(error.display(Lang::Zh).contains("错误、警告、提示"));
        assert!(Query::parse("year:二〇二三").is_err());
        assert!(Query::parse("status:done").is_err());
        assert!(Query::parse("rule:").is_err());

        // As typed: the bad term is left out, the rest applies.
        let (q, errors) = Query::parse_lenient("rule:blank-cell sev:err status:");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, Field::Status);
        assert!(q.has_field(Field::Severity) && !q.has_field(Field::Status));
        assert!(q.matches(&subject("blank-cell", Severity::Error, RowStatus::Open)));
    }

    #[test]
    fn a_prepared_report_gives_the_same_answers() {
        let codes = ["blank-cell", "period-reversed", "x"];
        let reports = [
            (Some("乌拉特中旗司法局"), Some(2023), "reports/004.txt"),
            (None, None, "blank/2022.txt"),
            (Some("公安局"), Some(2022), "b.txt"),
        ];
        for text in [
            "",
            "乌拉特",
            "blank",
            "blank cell 2023",
            "2022",
            "agency:司法 rule:blank-*",
            "year:2022 sev:error",
            "status:open 表三",
            "004 period",
        ] {
            let q = Query::parse(text).unwrap();
            for (agency, year, file) in reports {
                let prepared = q.prepare_report(agency, year, file);
                for code in codes {
                    for status in [RowStatus::Open, RowStatus::Resolved] {
                        let s = Subject {
                            agency,
                            year,
                            file,
                            code,
                            severity: Some(Severity::Error),
                            status,
                            message: "表三 第 4 行 Blank cell",
                        };
                        assert_eq!(
                            q.matches_in(&prepared, &s),
                            q.matches(&s),
                            "{text:?} on {file} {code}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_filter_typed_on_narrows_the_last_one_and_only_then() {
        let narrows = |new: &str, old: &str| {
            let (new, _) = Query::parse_lenient(new);
            let (old, _) = Query::parse_lenient(old);
            new.narrows(&old)
        };
        for (new, old) in [
            ("ru", "r"),
            ("rule", "rul"),
            ("rule:c", "rule:"),
            ("rule:cell-count sev:e", "rule:cell-count sev:"),
            ("rule:cell-count sev:error", "rule:cell-count sev:erro"),
            ("agency:乌拉", "agency:乌"),
            ("rule:blank-cell", "rule:blank-*"),
            ("sev:error", "sev:error,warning"),
            ("乌拉特 表三", "乌拉特"),
            ("", ""),
        ] {
            assert!(narrows(new, old), "{new:?} narrows {old:?}");
        }
        for (new, old) in [
            ("rule:", "rule"),
            ("rule:ce", "rule:c"),
            ("2023", "202"),
            ("r", "ru"),
            ("sev:error,warning", "sev:error"),
            ("", "r"),
        ] {
            assert!(!narrows(new, old), "{new:?} does not narrow {old:?}");
        }
    }

    #[test]
    fn ascii_words_in_chinese_text_match_as_lower_case_text_would() {
        for (text, word, expected) in [
            ("表三 第 4 行 Blank cell", "blank", true),
            ("表三 第 4 行 Blank cell", "blank cell", true),
            ("表三 第 4 行 Blank cell", "表三 第", true),
            ("表三 第 4 行 Blank cell", "blanks", false),
            ("单位：\u{212A}M", "km", true),
            ("\u{130}STANBUL 办事处", "i", true),
            ("\u{130}STANBUL 办事处", "stanbul", true),
            ("ÄRZTE 协会", "ärzte", true),
            ("统计期限", "x", false),
        ] {
            assert_eq!(contains_lowercase(text, word), expected, "{text} {word}");
            assert_eq!(
                text.to_lowercase().contains(word),
                expected,
                "{text} {word}"
            );
        }
    }

    #[test]
    fn reports_match_by_their_own_name() {
        let q = Query::parse("乌拉特 2023").unwrap();
        assert!(q.matches_report(Some("乌拉特中旗司法局"), Some(2023), "a.txt"));
        assert!(!q.matches_report(Some("乌拉特中旗司法局"), Some(2022), "a.txt"));
        assert!(!Query::parse("sev:error").unwrap().matches_report(
            Some("乌拉特中旗司法局"),
            Some(2023),
            "a.txt"
        ));
    }
}
