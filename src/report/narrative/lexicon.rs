//! Word lists looked for in short texts (a count's clause, a 。-sentence) by one walk over the
//! text's characters.
//!
//! The reader asks a dozen word lists of every count's clause. An Aho-Corasick automaton over
//! all of them answered in one pass, but most clauses are a few characters long, where setting
//! up a search costs more than the search: here each character is looked up in a table of the
//! words' first characters (by the low 12 bits of its code point), and only the words of a
//! character that starts one are compared with the text there. Every occurrence of every word
//! is found, overlapping ones included (a word may hold another: 信息公开, 公开).
//!
//! A list whose words start with a few characters of three bytes (most lists but the clues')
//! is not walked a character at a time: the places where a word may start are found a block of
//! bytes at a time ([`Chars3`]), and only there is the table asked.

use super::chars3::{self, Chars3};

/// Low bits of a code point that index [`Lexicon::slots`].
const SLOT_BITS: u32 = 12;

/// Several word lists, numbered 0..32, searched together.
pub(super) struct Lexicon {
    /// For each value of a character's low [`SLOT_BITS`] bits: 0 when no word starts with such a
    /// character, else 1 + the index of its bucket in `buckets`.
    /// A fixed array, indexed by a masked value: no bounds test in the walk.
    slots: Box<[u8; 1 << SLOT_BITS]>,
    /// The words starting with the characters of a slot (two characters sharing their low bits
    /// share a bucket: the comparison of the whole word tells them apart), each with the lists
    /// that hold it (a bitset of list numbers).
    buckets: Vec<Vec<(&'static [u8], u32)>>,
    /// The words' first characters, when they are all of three bytes and at most
    /// [`chars3::MAX_CHARS`]: where a word may start.
    starts: Option<Chars3>,
    /// The length of the shortest word in bytes: a shorter text holds none.
    shortest: usize,
}

impl Lexicon {
    /// `None` when the words' first characters need more than 255 buckets (the callers then
    /// search word by word).
    pub(super) fn new(
        lists: impl IntoIterator<Item = (u32, &'static [&'static str])>,
    ) -> Option<Lexicon> {
        let mut slots = Box::new([0u8; 1 << SLOT_BITS]);
        let mut buckets: Vec<Vec<(&'static [u8], u32)>> = Vec::new();
        let mut firsts: Vec<char> = Vec::new();
        let mut shortest = usize::MAX;
        for (number, list) in lists {
            let bit = 1u32.checked_shl(number)?;
            for &word in list {
                let first = word.chars().next()?;
                if !firsts.contains(&first) {
                    firsts.push(first);
                }
                shortest = shortest.min(word.len());
                let slot = &mut slots[slot_of(u32::from(first))];
                if *slot == 0 {
                    buckets.push(Vec::new());
                    *slot = u8::try_from(buckets.len()).ok()?;
                }
                let bucket = &mut buckets[usize::from(*slot) - 1];
                match bucket.iter_mut().find(|(w, _)| *w == word.as_bytes()) {
                    Some((_, bits)) => *bits |= bit,
                    None => bucket.push((word.as_bytes(), bit)),
                }
            }
        }
        let starts = (firsts.len() <= chars3::MAX_CHARS
            && firsts.iter().all(|&c| c.len_utf8() == 3))
        .then(|| Chars3::of(&firsts));
        Some(Lexicon {
            slots,
            buckets,
            starts,
            shortest,
        })
    }

    /// The slot of a character by its index ([`slot_of`]): 0 when no word starts with a
    /// character of its low bits.
    #[inline]
    fn slot(&self, index: usize) -> u8 {
        self.slots[index & ((1 << SLOT_BITS) - 1)]
    }

    /// Calls `found` for each word starting at `at` (a character boundary of `bytes`, whose
    /// character's slot is `slot`), in the bucket's order; `false` when `found` returned
    /// `false`. The walk asks the slot first, inline: most characters have none.
    #[inline]
    fn words_at(
        &self,
        bytes: &[u8],
        at: usize,
        slot: u8,
        found: &mut impl FnMut(usize, usize, u32) -> bool,
    ) -> bool {
        let Some(bucket) = usize::from(slot).checked_sub(1) else {
            return true;
        };
        let rest = &bytes[at..];
        for &(word, lists) in &self.buckets[bucket] {
            if starts_with(rest, word) && !found(at, at + word.len(), lists) {
                return false;
            }
        }
        true
    }

    /// Calls `found(start, end, lists)` for every occurrence of a word in `text`, in order of
    /// `start`; stops when `found` returns `false`.
    pub(super) fn each(&self, text: &str, mut found: impl FnMut(usize, usize, u32) -> bool) {
        let bytes = text.as_bytes();
        if bytes.len() < self.shortest {
            return;
        }
        if let Some(starts) = &self.starts {
            // Every word starts with one of the set's characters, which the block scan gives
            // in text order (with a few others, which the table and the words turn down).
            starts.find(text, |at, c| {
                !self.words_at(bytes, at, self.slot(slot_of(u32::from(c))), &mut found)
            });
            return;
        }
        let mut at = 0;
        while let Some(&lead) = bytes.get(at) {
            let (index, len) = slot_at(bytes, at, lead);
            let slot = self.slot(index);
            if slot != 0 && !self.words_at(bytes, at, slot, &mut found) {
                return;
            }
            at += len;
        }
    }

    /// The same lexicon walked a character at a time: the reference for the block scan.
    #[cfg(test)]
    fn walked(mut self) -> Lexicon {
        self.starts = None;
        self
    }

    /// The lists that have a word in `text`, as a bitset of list numbers.
    pub(super) fn lists_in(&self, text: &str) -> u32 {
        let mut bits = 0;
        self.each(text, |_, _, lists| {
            bits |= lists;
            true
        });
        bits
    }

    /// Whether any word occurs in `text` (stops at the first).
    pub(super) fn any_in(&self, text: &str) -> bool {
        let mut any = false;
        self.each(text, |_, _, _| {
            any = true;
            false
        });
        any
    }
}

fn slot_of(code: u32) -> usize {
    (code & ((1 << SLOT_BITS) - 1)) as usize
}

/// The slot of the character whose UTF-8 lead byte `lead` is at `at` (its code point's low
/// [`SLOT_BITS`] bits, [`slot_of`]), and its length. `bytes` is valid UTF-8 and `at` a
/// character boundary. The low twelve bits of a character of two or more bytes are the low six
/// bits of its last two bytes (of a 2-byte character's lead, only five can be set), so the code
/// point is not decoded: this runs once a character of every text searched.
///
/// A 3-byte character (the CJK text the reader walks) is taken first, its three bytes by one
/// bounds test: the general case tested the lead byte's three ranges and each of the two bytes
/// read.
#[inline]
fn slot_at(bytes: &[u8], at: usize, lead: u8) -> (usize, usize) {
    if lead & 0xF0 == 0xE0 {
        if let Some(&[_, middle, last]) = bytes.get(at..at + 3) {
            return (
                usize::from(middle & 0x3F) << 6 | usize::from(last & 0x3F),
                3,
            );
        }
    }
    slot_by_lead(bytes, at, lead)
}

/// [`slot_at`] for any character: its length from the lead byte's range.
#[inline]
fn slot_by_lead(bytes: &[u8], at: usize, lead: u8) -> (usize, usize) {
    let len = match lead {
        0..=0x7F => return (usize::from(lead), 1),
        0xE0..=0xEF => 3,
        0xF0.. => 4,
        // 0xC0..=0xDF (a continuation byte cannot start a character of a `str`).
        _ => 2,
    };
    let low6 = |k: usize| usize::from(bytes.get(at + k).copied().unwrap_or(0) & 0x3F);
    (low6(len - 2) << 6 | low6(len - 1), len)
}

/// Whether `text` starts with `word`, the word's last byte compared first: the first
/// character is the one whose slot led here, and the last byte rules out most other words of
/// the bucket without a call to compare slices.
#[inline]
fn starts_with(text: &[u8], word: &[u8]) -> bool {
    match word.last() {
        Some(last) => text.get(word.len() - 1) == Some(last) && text.starts_with(word),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LISTS: [&[&str]; 4] = [
        &["信息公开", "公开申请", "依申请"],
        &["公开", "申请", "APP", "é"],
        &["𠀀字", "年", "公"],
        &["信息公开", "a"],
    ];

    /// Lists whose words all start with a 3-byte character: searched by the block scan.
    const LISTS3: [&[&str]; 3] = [
        &["信息公开", "公开申请", "依申请"],
        &["公开", "申请", "年"],
        &["信息公开", "\u{616C}开", "诉讼"],
    ];

    fn lexicon() -> Lexicon {
        Lexicon::new((0u32..).zip(LISTS)).expect("few first characters")
    }

    fn lexicon3() -> Lexicon {
        Lexicon::new((0u32..).zip(LISTS3)).expect("few first characters")
    }

    /// Every occurrence of every word, found by `match_indices` word by word.
    fn by_search(text: &str) -> Vec<(usize, usize, u32)> {
        by_search_in(&LISTS, text)
    }

    /// [`by_search`] of the words of `lists`.
    fn by_search_in(lists: &[&[&str]], text: &str) -> Vec<(usize, usize, u32)> {
        let mut found: Vec<(usize, usize, u32)> = Vec::new();
        for (number, list) in lists.iter().enumerate() {
            for word in list.iter() {
                for start in
                    (0..text.len()).filter(|&i| text.as_bytes()[i..].starts_with(word.as_bytes()))
                {
                    match found
                        .iter_mut()
                        .find(|(s, e, _)| (*s, *e) == (start, start + word.len()))
                    {
                        Some((_, _, bits)) => *bits |= 1 << number,
                        None => found.push((start, start + word.len(), 1 << number)),
                    }
                }
            }
        }
        found.sort_unstable();
        found
    }

    fn by_lexicon(text: &str) -> Vec<(usize, usize, u32)> {
        let mut found = in_order(&lexicon(), text);
        found.sort_unstable();
        found
    }

    /// What `each` gives, in its order.
    fn in_order(lexicon: &Lexicon, text: &str) -> Vec<(usize, usize, u32)> {
        let mut found = Vec::new();
        lexicon.each(text, |start, end, lists| {
            found.push((start, end, lists));
            true
        });
        found
    }

    #[test]
    fn only_lists_of_few_3_byte_first_characters_are_block_scanned() {
        assert!(lexicon3().starts.is_some());
        // APP, é and 𠀀字 start with characters of 1, 2 and 4 bytes.
        assert!(lexicon().starts.is_none());
        let many: Vec<&'static str> = (0x4E00..0x4E00 + chars3::MAX_CHARS as u32 + 1)
            .filter_map(char::from_u32)
            .map(|c| &*String::leak(c.to_string()))
            .collect();
        let many: &'static [&'static str] = Vec::leak(many);
        let too_many = Lexicon::new([(0, many)]).expect("few buckets");
        assert!(too_many.starts.is_none());
        let enough = Lexicon::new([(0, &many[1..])]).expect("few buckets");
        assert!(enough.starts.is_some());
        let walked = Lexicon::new([(0, &many[1..])])
            .expect("few buckets")
            .walked();
        // Each word, at every offset of a block and after a text's end.
        for (at, word) in many[1..].iter().enumerate() {
            let text = format!("{}{word}", "a".repeat(at));
            assert_eq!(in_order(&enough, &text), in_order(&walked, &text));
            assert!(enough.any_in(&text), "{text}");
        }
    }

    /// Every character, followed by more text and ending the text: the 3-byte path and the
    /// general one (kept as `slot_by_lead`, the reference) give its code point's slot.
    #[test]
    fn every_character_has_the_slot_of_its_code_point() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buffer = [b'x'; 6];
            let len = c.encode_utf8(&mut buffer[1..]).len();
            let expected = (slot_of(u32::from(c)), len);
            for text in [&buffer[..], &buffer[..1 + len]] {
                assert_eq!(slot_at(text, 1, text[1]), expected, "{c:?}");
                assert_eq!(slot_by_lead(text, 1, text[1]), expected, "{c:?}");
            }
        }
    }

    #[test]
    fn a_word_starts_a_text_as_slices_say() {
        let pieces: [&[u8]; 8] = [
            b"",
            b"a",
            b"ab",
            b"b",
            "公开".as_bytes(),
            "公".as_bytes(),
            "开公开".as_bytes(),
            "公开申请".as_bytes(),
        ];
        for text in pieces {
            for word in pieces {
                assert_eq!(
                    starts_with(text, word),
                    text.starts_with(word),
                    "{text:?} {word:?}"
                );
            }
        }
    }

    #[test]
    fn characters_sharing_low_bits_share_a_bucket() {
        // 公 (U+516C) and U+616C share their low 12 bits: only the whole word decides.
        let twin = char::from_u32(0x616C).expect("a character");
        let text = format!("{twin}开公开");
        assert_eq!(by_lexicon(&text), by_search(&text));
        assert_eq!(lexicon().lists_in(&format!("{twin}开")), 0);
    }

    proptest! {
        #[test]
        fn finds_what_a_search_for_each_word_finds(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("信息"), Just("公开"), Just("申请"), Just("依"), Just("APP"),
                    Just("é"), Just("𠀀"), Just("字"), Just("年"), Just("a"), Just("，"),
                    Just("3"), Just("\u{616C}"), Just("公"),
                ],
                0..24,
            )
        ) {
            let text: String = pieces.concat();
            let expected = by_search(&text);
            prop_assert_eq!(by_lexicon(&text), expected.clone());
            let bits = expected.iter().fold(0, |bits, (_, _, lists)| bits | lists);
            prop_assert_eq!(lexicon().lists_in(&text), bits);
            prop_assert_eq!(lexicon().any_in(&text), !expected.is_empty());
        }

        /// The block scan finds every occurrence the walk finds, in the same order (stopping
        /// where the walk stops), on texts of the words, their parts, characters sharing the
        /// tested bytes of their first characters (U+616C shares 公's low bits, 仡 件's middle
        /// byte) and 1- to 4-byte characters, short and long.
        #[test]
        fn the_block_scan_finds_what_the_walk_finds(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("信息"), Just("公开"), Just("申请"), Just("依"), Just("诉讼"),
                    Just("诉"), Just("é"), Just("𠀀"), Just("年"), Just("a"), Just("，"),
                    Just("3"), Just("\u{616C}"), Just("公"), Just("仡"), Just("开"),
                ],
                0..40,
            ),
            stop_after in 0usize..4,
        ) {
            let text: String = pieces.concat();
            let scanned = in_order(&lexicon3(), &text);
            prop_assert_eq!(&scanned, &in_order(&lexicon3().walked(), &text));
            let mut sorted = scanned.clone();
            sorted.sort_unstable();
            prop_assert_eq!(sorted, by_search_in(&LISTS3, &text));
            // Stopped after a few occurrences, both stop at the same one.
            let stopped = |lexicon: Lexicon| {
                let mut seen = Vec::new();
                lexicon.each(&text, |start, end, _| {
                    seen.push((start, end));
                    seen.len() <= stop_after
                });
                seen
            };
            prop_assert_eq!(stopped(lexicon3()), stopped(lexicon3().walked()));
        }
    }
}
