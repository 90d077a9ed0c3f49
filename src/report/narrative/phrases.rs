//! Phrases a clause must end with (「…印发规范性文件」 before the count of 表二's row) and the
//! words that must open the text after a count (「（含上年结转…）」), read by a walk over a few
//! literal words instead of regexes: a clause is a handful of characters, and compiling and
//! running an automaton for it cost more than comparing its last words.
//!
//! A [`Phrase`] is a sequence of [`Part`]s, each one of a few literal words or nothing when it
//! is optional, matched against the end of a text as the regex `(?:a|b)(?:c|d)?…$` would be:
//! every way of taking the parts from the end is tried (a clause has a few characters, a part
//! a few words), so the answer is the regex's, with no automaton.

/// One part of a phrase: one of `words`, or nothing when `optional`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Part {
    words: &'static [&'static str],
    optional: bool,
}

impl Part {
    /// The words the part may be.
    #[cfg(test)]
    pub(super) fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

/// A part that must be there.
pub(super) const fn one_of(words: &'static [&'static str]) -> Part {
    Part {
        words,
        optional: false,
    }
}

/// A part that may be left out.
pub(super) const fn maybe(words: &'static [&'static str]) -> Part {
    Part {
        words,
        optional: true,
    }
}

/// Literal parts, read in order; the phrase is found when the text ends with it.
pub(super) type Phrase = &'static [Part];

/// Whether `text` ends with `phrase`: the regex of its parts followed by `$`.
pub(super) fn ends_with(text: &str, phrase: &[Part]) -> bool {
    let Some((last, rest)) = phrase.split_last() else {
        return true;
    };
    (last.optional && ends_with(text, rest))
        || last.words.iter().any(|word| {
            text.strip_suffix(word)
                .is_some_and(|before| ends_with(before, rest))
        })
}

/// Whether `text` starts with `parts` once the whitespace before each part is skipped: the
/// regex `^\s*(?:a|b)\s*(?:c|d)…`. Each part's words are not whitespace, so skipping the whole
/// run before a part is the only way it can match.
pub(super) fn starts_with_spaced(text: &str, parts: &[Part]) -> bool {
    let mut rest = text;
    for part in parts {
        rest = rest.trim_start();
        match part.words.iter().find_map(|word| rest.strip_prefix(word)) {
            Some(after) => rest = after,
            None if part.optional => {}
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTS: Phrase = &[
        one_of(&["制发", "印发"]),
        maybe(&["了"]),
        maybe(&["政府", "市政府"]),
        one_of(&["规章"]),
        maybe(&["共", "共计"]),
    ];

    #[test]
    fn a_phrase_is_found_at_the_end_only() {
        assert!(ends_with("本年度印发了规章", PARTS));
        assert!(ends_with("制发市政府规章共计", PARTS));
        // 「市政府」 ends with 「政府」: the longer word is tried too.
        assert!(ends_with("印发了市政府规章共", PARTS));
        assert!(!ends_with("印发规章的情况", PARTS));
        assert!(!ends_with("规章", PARTS));
        assert!(ends_with("", &[maybe(&["共"])]));
        assert!(!ends_with("", &[one_of(&["共"])]));
    }

    #[test]
    fn spaced_words_open_the_text() {
        let parts = [maybe(&["("]), one_of(&["含"]), one_of(&["上年"])];
        assert!(starts_with_spaced(" ( 含\u{3000}上年结转", &parts));
        assert!(starts_with_spaced("含上年", &parts));
        assert!(!starts_with_spaced("((含上年", &parts));
        assert!(!starts_with_spaced("x含上年", &parts));
    }
}
