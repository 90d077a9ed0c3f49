//! Flags: what a rule reports about a report.
//!
//! A [`Flag`] names its rule by code, carries a severity, a location in the source text, a
//! message in both languages, structured evidence (the numbers of a failed identity, the text
//! that was found) and a [`Fingerprint`]. The fingerprint is computed from the rule code, the
//! report's identity (agency and year) and the rule's own description of the defect, never from
//! line numbers: a verdict given to a flag survives a re-submitted report whose lines moved.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Localized};

/// How serious a flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Style, low risk, or an artefact of text extraction.
    Info,
    /// Probably wrong; needs a person to look.
    Warning,
    /// Breaks the regulation, the template's arithmetic or a hard format rule.
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// The stable lowercase name used in machine output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The name shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Info => lang.pick("提示", "info"),
            Severity::Warning => lang.pick("警告", "warning"),
            Severity::Error => lang.pick("错误", "error"),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

/// Where a flag points: 1-based line and column (in characters) of the source text.
///
/// A flag about the whole report (a missing statistics period) has no line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Location {
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// The last line of a flag that spans several lines (a run of shifted table rows).
    pub end_line: Option<u32>,
    /// The length of the marked span in characters, when the flag marks a span on its line.
    pub len: Option<u32>,
}

impl Location {
    /// A flag about the whole report.
    pub const WHOLE: Location = Location {
        line: None,
        column: None,
        end_line: None,
        len: None,
    };

    pub fn line(line: u32) -> Self {
        Location {
            line: Some(line),
            ..Location::WHOLE
        }
    }

    pub fn at(line: u32, column: u32) -> Self {
        Location {
            line: Some(line),
            column: Some(column),
            ..Location::WHOLE
        }
    }

    pub fn span(line: u32, column: u32, len: u32) -> Self {
        Location {
            line: Some(line),
            column: Some(column),
            end_line: None,
            len: Some(len),
        }
    }

    pub fn lines(first: u32, last: u32) -> Self {
        Location {
            line: Some(first),
            column: None,
            end_line: (last > first).then_some(last),
            len: None,
        }
    }
}

/// Structured evidence of a flag, as an ordered JSON object.
pub type Evidence = serde_json::Map<String, serde_json::Value>;

/// A stable identity of a defect in a report: 16 hex digits of a 64-bit hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub u64);

impl Fingerprint {
    /// Hashes the parts that identify a defect. The parts are separated so that
    /// `["ab", "c"]` and `["a", "bc"]` differ.
    pub fn of<I, S>(parts: I) -> Fingerprint
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for part in parts {
            let part = part.as_ref();
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        Fingerprint(hasher.digest())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl std::str::FromStr for Fingerprint {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 16 {
            return Err(format!("fingerprint `{s}` is not 16 hex digits"));
        }
        u64::from_str_radix(s, 16)
            .map(Fingerprint)
            .map_err(|_| format!("fingerprint `{s}` is not 16 hex digits"))
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// One defect found by one rule in one report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    /// The rule's stable kebab-case code, e.g. `period-reversed`.
    pub code: &'static str,
    pub severity: Severity,
    pub location: Location,
    pub message: Localized,
    pub evidence: Evidence,
    pub fingerprint: Fingerprint,
    /// For a report without agency or year: the fingerprint the flag had before fingerprints
    /// named the report's file (see [`crate::report_key::legacy_identity`]), so that verdicts
    /// recorded then can be attributed to it. Never part of any output.
    #[serde(skip)]
    pub legacy_fingerprint: Option<Fingerprint>,
}
