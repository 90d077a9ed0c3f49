//! Languages of user-facing text.
//!
//! Supervisors read Chinese, so every message is written in Chinese first; `--lang en` switches
//! to English. A [`Localized`] carries both versions so that a flag can be shown in either
//! language without running its rule again.

use serde::{Deserialize, Serialize};

/// The language in which user-facing text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" | "chinese" => Ok(Lang::Zh),
            "en" | "english" => Ok(Lang::En),
            other => Err(format!("unknown language `{other}` (expected zh or en)")),
        }
    }
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub zh: String,
    pub en: String,
}

impl Localized {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Localized {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// What a finding says, worded in one language when it is shown or written: a rule describes
/// what it found as data (a typed finding, usually an enum of the rule's kinds of findings) and
/// words it in one place, `message(lang)`, instead of building both languages' strings at every
/// report call. A flag holds its finding's message and words it only in the languages it is
/// output in (see [`crate::flag::FlagMessage`]).
pub trait Message: std::fmt::Debug + Send + Sync {
    /// The message in `lang`.
    fn message(&self, lang: Lang) -> String;
}

/// A message already worded in both languages.
impl Message for Localized {
    fn message(&self, lang: Lang) -> String {
        self.get(lang).to_string()
    }
}
