//! Finding a few 3-byte characters in a text a block of bytes at a time.
//!
//! The reader's filter ([`super::worth_reading`]) looks for fourteen characters (the count
//! units, 数 and the negations) in every line of prose, most of it CJK text with none of them.
//! Filtering every character costs ~15 instructions a character; here a block of 32 positions
//! is tested at once (AVX2, asked of the processor at each call, a cached answer): whether the
//! byte there leads a 3-byte character, and whether the next two are among the second and the
//! last bytes of the set's characters, each by two nibble lookups (`pshufb`). Only the
//! positions that pass (the set's characters, and a few in a hundred others sharing both
//! bytes' sets) are decoded. A text shorter than a block (a heading, a short sentence) is
//! tested as one block of a copy padded with zeros. Without AVX2 the same test runs byte by
//! byte.
//!
//! A set may also hold the ASCII digits ([`Chars3::and_ascii_digits`]): the count reader
//! ([`super::numbers::counts_into`]) looks for where a count may start, a digit or a Chinese
//! numeral, and steps over the rest of a sentence a block at a time instead of a character
//! at a time.

/// The continuation bytes (0x80–0xBF) a set's characters have at one place, as two tables of
/// sixteen bytes: byte `b` is in the set when `low[b & 15] & HIGH[b >> 4] != 0`. [`HIGH`] gives
/// each of the four high nibbles of a continuation byte its own bit, so the test is exact.
#[derive(Debug, Clone, Copy)]
struct Nibbles {
    low: [u8; 16],
}

/// The bit of each high nibble of a continuation byte (8, 9, A, B); no other byte is in a set.
const HIGH: [u8; 16] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 8, 0, 0, 0, 0];

impl Nibbles {
    const fn of(bytes: &[u8]) -> Nibbles {
        let mut low = [0u8; 16];
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            low[(b & 15) as usize] |= HIGH[(b >> 4) as usize];
            i += 1;
        }
        Nibbles { low }
    }

    fn holds(&self, b: u8) -> bool {
        self.low[usize::from(b & 15)] & HIGH[usize::from(b >> 4)] != 0
    }
}

/// A set of characters of three bytes in UTF-8 (U+0800–U+FFFF), by their second and last
/// bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Chars3 {
    /// The second bytes of the characters' UTF-8.
    middle: Nibbles,
    /// Their last bytes.
    last: Nibbles,
    /// The ASCII digits are in the set too (given as themselves).
    digits: bool,
}

/// The bytes one AVX2 block tests: as many 3-byte characters' first bytes (the byte walk of
/// other processors has no blocks).
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
const BLOCK: usize = 32;

/// The most characters a set holds.
pub(super) const MAX_CHARS: usize = 32;

impl Chars3 {
    /// The set of `chars`, each of which must be a 3-byte character.
    pub(super) const fn of(chars: &[char]) -> Chars3 {
        let mut middle = [0u8; 32];
        let mut last = [0u8; 32];
        assert!(chars.len() <= MAX_CHARS, "a set of at most 32 characters");
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i] as u32;
            assert!(c >= 0x800 && c <= 0xFFFF, "a 3-byte character");
            middle[i] = 0x80 | (c >> 6 & 0x3F) as u8;
            last[i] = 0x80 | (c & 0x3F) as u8;
            i += 1;
        }
        Chars3 {
            middle: Nibbles::of(middle.split_at(chars.len()).0),
            last: Nibbles::of(last.split_at(chars.len()).0),
            digits: false,
        }
    }

    /// The same set with the ASCII digits `0`–`9`.
    pub(super) const fn and_ascii_digits(self) -> Chars3 {
        Chars3 {
            digits: true,
            ..self
        }
    }

    /// Calls `found` with the byte offset and the character of every 3-byte character in
    /// `text` whose second and last bytes are those of some of the set's characters (each of
    /// the set's, and a few others: `found` tells them apart), in text order, until it
    /// returns true; whether it did.
    pub(super) fn find(&self, text: &str, mut found: impl FnMut(usize, char) -> bool) -> bool {
        let bytes = text.as_bytes();
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, just asked.
            return unsafe { self.find_avx2(bytes, &mut found) };
        }
        self.find_from(bytes, 0, &mut found)
    }

    /// [`Chars3::find`] byte by byte from `from` (a byte offset, not necessarily a character's
    /// first byte: continuation bytes are stepped over).
    fn find_from(
        &self,
        bytes: &[u8],
        from: usize,
        found: &mut impl FnMut(usize, char) -> bool,
    ) -> bool {
        let mut at = from;
        // The last two bytes of a text cannot start a 3-byte character.
        let end = bytes.len().saturating_sub(2);
        while at < end {
            if bytes[at] & 0xF0 != 0xE0 {
                if self.digits && bytes[at].is_ascii_digit() && report(bytes, at, found) {
                    return true;
                }
                at += 1;
                continue;
            }
            if self.middle.holds(bytes[at + 1])
                && self.last.holds(bytes[at + 2])
                && report(bytes, at, found)
            {
                return true;
            }
            at += 3;
        }
        self.digits_from(bytes, at.max(end), found)
    }

    /// The digits among the last two bytes of a text, which hold no 3-byte character: the
    /// walks stop before them.
    fn digits_from(
        &self,
        bytes: &[u8],
        from: usize,
        found: &mut impl FnMut(usize, char) -> bool,
    ) -> bool {
        self.digits
            && (from..bytes.len()).any(|at| bytes[at].is_ascii_digit() && report(bytes, at, found))
    }

    /// [`Chars3::find`] with AVX2: blocks of [`BLOCK`] positions, the last one moved back to
    /// end where the text does (its positions already tested are masked off); a text shorter
    /// than a block's `BLOCK + 2` bytes is copied into as many zeros and tested as one block
    /// (the byte walk cost ~170 instructions a heading).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn find_avx2(&self, bytes: &[u8], found: &mut impl FnMut(usize, char) -> bool) -> bool {
        use std::arch::x86_64::{
            __m256i, _mm256_and_si256, _mm256_broadcastsi128_si256, _mm256_cmpeq_epi8,
            _mm256_cmpgt_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256,
            _mm256_set1_epi8, _mm256_setzero_si256, _mm256_shuffle_epi8, _mm256_srli_epi16,
            _mm_loadu_si128,
        };
        // SAFETY: a table is sixteen readable bytes (the load needs no alignment); `shuffle`
        // looks up within each 128-bit half, so each half holds the whole table.
        let table = |t: &[u8; 16]| unsafe {
            _mm256_broadcastsi128_si256(_mm_loadu_si128(t.as_ptr().cast()))
        };
        let high = table(&HIGH);
        let (middle, last) = (table(&self.middle.low), table(&self.last.low));
        let nibble = _mm256_set1_epi8(0x0F);
        let zero = _mm256_setzero_si256();
        // All ones when the digits are in the set: the digits' mask is kept or cleared by it.
        let digits_wanted = _mm256_set1_epi8(if self.digits { -1 } else { 0 });
        // Non-zero bytes where the byte is in the table's set.
        let holds = |v: __m256i, low: __m256i| {
            let lo = _mm256_and_si256(v, nibble);
            let hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
            _mm256_and_si256(_mm256_shuffle_epi8(low, lo), _mm256_shuffle_epi8(high, hi))
        };
        // The mask of the block's positions whose three bytes pass.
        let block = |window: &[u8], at: usize| {
            // SAFETY: the three loads read 32 bytes from `at`, `at + 1` and `at + 2`, inside
            // `window` as every caller has `at + BLOCK + 2 <= window.len()`.
            let load = |k: usize| unsafe { _mm256_loadu_si256(window.as_ptr().add(at + k).cast()) };
            let (v0, v1, v2) = (load(0), load(1), load(2));
            let leads = _mm256_cmpeq_epi8(
                _mm256_and_si256(v0, _mm256_set1_epi8(0xF0u8 as i8)),
                _mm256_set1_epi8(0xE0u8 as i8),
            );
            let misses = _mm256_or_si256(
                _mm256_cmpeq_epi8(holds(v1, middle), zero),
                _mm256_cmpeq_epi8(holds(v2, last), zero),
            );
            // `0`–`9` by two signed compares: the bytes of other characters (0x80 and up)
            // are negative, below `0`.
            let digits = _mm256_and_si256(
                _mm256_and_si256(
                    _mm256_cmpgt_epi8(v0, _mm256_set1_epi8(b'0' as i8 - 1)),
                    _mm256_cmpgt_epi8(_mm256_set1_epi8(b'9' as i8 + 1), v0),
                ),
                digits_wanted,
            );
            let characters = _mm256_movemask_epi8(leads) & !_mm256_movemask_epi8(misses);
            (characters | _mm256_movemask_epi8(digits)) as u32
        };
        let mut each = |at: usize, mut mask: u32| {
            while mask != 0 {
                let k = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                if report(bytes, at + k, found) {
                    return true;
                }
            }
            false
        };
        if bytes.len() < BLOCK + 2 {
            // The zeros after the text neither lead a character nor are digits, and every
            // 3-byte character of the text ends within it: the block's positions past the text
            // are clear, and those within it read as in the text. The block ends at position
            // `BLOCK - 1`, before the last byte of a text of `BLOCK + 1`, where only a digit can be.
            let mut window = [0u8; BLOCK + 2];
            window[..bytes.len()].copy_from_slice(bytes);
            return each(0, block(&window, 0))
                || self.digits_from(bytes, BLOCK.min(bytes.len()), found);
        }
        let mut at = 0;
        while at + BLOCK + 2 <= bytes.len() {
            if each(at, block(bytes, at)) {
                return true;
            }
            at += BLOCK;
        }
        // The positions left (fewer than a block): the last block of the text, without those
        // before `at`, tested already.
        let last_block = bytes.len() - BLOCK - 2;
        let fresh = u32::MAX.checked_shl((at - last_block) as u32).unwrap_or(0);
        each(last_block, block(bytes, last_block) & fresh)
            || self.digits_from(bytes, bytes.len() - 2, found)
    }
}

/// Decodes the character at `at` (a 3-byte character whose bytes passed the tables, or an
/// ASCII digit) and gives it to `found`.
fn report(bytes: &[u8], at: usize, found: &mut impl FnMut(usize, char) -> bool) -> bool {
    if bytes[at].is_ascii() {
        return found(at, char::from(bytes[at]));
    }
    char::from_u32(super::numbers::decode3(bytes, at)).is_some_and(|c| found(at, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHARS: &[char] = &['件', '条', '数', '未', '没'];
    const SET: Chars3 = Chars3::of(CHARS);

    /// The set's characters in `text` by `char_indices`.
    fn by_chars(text: &str) -> Found {
        text.char_indices()
            .filter(|(_, c)| CHARS.contains(c))
            .collect()
    }

    /// Characters with their byte offsets.
    type Found = Vec<(usize, char)>;

    /// What [`Chars3::find`] gives, and the same of the set's characters only.
    fn found(text: &str) -> (Found, Found) {
        let mut all = Vec::new();
        SET.find(text, |at, c| {
            all.push((at, c));
            false
        });
        let exact = all
            .iter()
            .copied()
            .filter(|(_, c)| CHARS.contains(c))
            .collect();
        (all, exact)
    }

    /// Whether the 3-byte character `c`'s second and last bytes are among the set's.
    fn shares_both_bytes(c: char) -> bool {
        let own = c.to_string();
        CHARS
            .iter()
            .any(|s| s.to_string().as_bytes()[1] == own.as_bytes()[1])
            && CHARS
                .iter()
                .any(|s| s.to_string().as_bytes()[2] == own.as_bytes()[2])
            && own.len() == 3
    }

    #[test]
    fn the_tables_hold_exactly_the_bytes_of_the_set() {
        let middle: Vec<u8> = CHARS.iter().map(|c| c.to_string().as_bytes()[1]).collect();
        let last: Vec<u8> = CHARS.iter().map(|c| c.to_string().as_bytes()[2]).collect();
        for b in 0..=u8::MAX {
            assert_eq!(SET.middle.holds(b), middle.contains(&b), "{b:#x}");
            assert_eq!(SET.last.holds(b), last.contains(&b), "{b:#x}");
        }
    }

    #[test]
    fn every_character_of_the_set_is_found_at_every_offset_of_a_block() {
        for c in CHARS {
            for pad in 0..80 {
                let text = format!("{}{c}{}", "a".repeat(pad), "é".repeat(pad % 7));
                assert_eq!(found(&text).0, vec![(pad, *c)], "{text}");
            }
        }
    }

    /// The set with the digits: what [`Chars3::find`] and the byte walk give.
    fn found_with_digits(text: &str) -> (Found, Found) {
        const WITH_DIGITS: Chars3 = SET.and_ascii_digits();
        let mut blocks = Vec::new();
        WITH_DIGITS.find(text, |at, c| {
            blocks.push((at, c));
            false
        });
        let mut walked = Vec::new();
        WITH_DIGITS.find_from(text.as_bytes(), 0, &mut |at, c| {
            walked.push((at, c));
            false
        });
        (blocks, walked)
    }

    /// The set's characters and the ASCII digits in `text` by `char_indices`.
    fn by_chars_with_digits(text: &str) -> Found {
        text.char_indices()
            .filter(|(_, c)| CHARS.contains(c) || c.is_ascii_digit())
            .collect()
    }

    #[test]
    fn every_digit_is_found_at_every_offset_the_last_two_bytes_too() {
        for digit in ['0', '5', '9'] {
            for pad in 0..80 {
                for tail in ["", "a", "ab", "é", "件"] {
                    let text = format!("{}{digit}{tail}", "a".repeat(pad));
                    let expected = by_chars_with_digits(&text);
                    let (blocks, walked) = found_with_digits(&text);
                    assert_eq!(blocks, expected, "{text}");
                    assert_eq!(walked, expected, "{text}");
                }
            }
        }
        // `/` and `:` border the digits; without the digits in the set none is given.
        assert_eq!(found_with_digits(&"/:".repeat(40)).0, []);
        assert_eq!(found(&"0123456789".repeat(8)).0, []);
    }

    #[test]
    fn stopping_early_stops() {
        let text = "一件事,两条路,没有数".repeat(5);
        let mut seen = 0;
        assert!(SET.find(&text, |_, c| {
            seen += usize::from(CHARS.contains(&c));
            c == '数'
        }));
        assert_eq!(seen, 4);
        assert!(!SET.find(&text, |_, _| false));
    }

    proptest::proptest! {
        /// The blocks find what `char_indices` finds, and the byte walk what the blocks find,
        /// on texts of the set's characters, characters sharing one or both of their tested
        /// bytes' sets, 1-, 2- and 4-byte characters, long enough to hold several blocks.
        #[test]
        fn finds_what_the_character_walk_finds(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("件"), proptest::strategy::Just("条"),
                    proptest::strategy::Just("数"), proptest::strategy::Just("未"),
                    proptest::strategy::Just("没"),
                    // 丶 (U+4E36) ends as 件, 乡 (U+4E61) as 条; 仡 (U+4EE1) has 件's middle
                    // byte and 条's last.
                    proptest::strategy::Just("丶"), proptest::strategy::Just("乡"),
                    proptest::strategy::Just("仡"), proptest::strategy::Just("的"),
                    proptest::strategy::Just("é"), proptest::strategy::Just("𠀀"),
                    proptest::strategy::Just("a"), proptest::strategy::Just("。"),
                ],
                0..120,
            )
        ) {
            let text: String = pieces.concat();
            let (all, exact) = found(&text);
            proptest::prop_assert_eq!(exact, by_chars(&text), "{}", text);
            // Every other character given shares both tested bytes with the set's.
            for (at, c) in &all {
                proptest::prop_assert_eq!(text[*at..].chars().next(), Some(*c));
                proptest::prop_assert!(CHARS.contains(c) || shares_both_bytes(*c), "{}", c);
            }
            let mut walked = Vec::new();
            SET.find_from(text.as_bytes(), 0, &mut |at, c| {
                walked.push((at, c));
                false
            });
            proptest::prop_assert_eq!(walked, all);
        }

        /// Texts shorter than a block (tested as one block of a padded copy) give what the
        /// byte walk gives, with and without the digits: texts of up to 33 bytes, a character
        /// or a digit last included.
        #[test]
        fn short_texts_find_what_the_byte_walk_finds(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("件"), proptest::strategy::Just("没"),
                    proptest::strategy::Just("仡"), proptest::strategy::Just("的"),
                    proptest::strategy::Just("0"), proptest::strategy::Just("9"),
                    proptest::strategy::Just("é"), proptest::strategy::Just("𠀀"),
                    proptest::strategy::Just("a"),
                ],
                0..16,
            )
        ) {
            let text: String = pieces.concat();
            let mut cut = text.len().min(BLOCK + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let text = &text[..cut];
            let (blocks, walked) = found_with_digits(text);
            proptest::prop_assert_eq!(blocks, walked, "{}", text);
            let mut walked = Vec::new();
            SET.find_from(text.as_bytes(), 0, &mut |at, c| {
                walked.push((at, c));
                false
            });
            proptest::prop_assert_eq!(found(text).0, walked, "{}", text);
        }

        /// With the digits in the set, both walks give every digit, in text order among the
        /// characters, wherever it falls in a block (the last two bytes of a text included).
        #[test]
        fn finds_the_digits_among_the_characters(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("件"), proptest::strategy::Just("数"),
                    proptest::strategy::Just("仡"), proptest::strategy::Just("的"),
                    proptest::strategy::Just("0"), proptest::strategy::Just("9"),
                    proptest::strategy::Just("42"), proptest::strategy::Just("/"),
                    proptest::strategy::Just(":"), proptest::strategy::Just("é"),
                    proptest::strategy::Just("𠀀"), proptest::strategy::Just("a"),
                ],
                0..120,
            )
        ) {
            let text: String = pieces.concat();
            let (blocks, walked) = found_with_digits(&text);
            let exact: Found = blocks
                .iter()
                .copied()
                .filter(|(_, c)| CHARS.contains(c) || c.is_ascii_digit())
                .collect();
            proptest::prop_assert_eq!(exact, by_chars_with_digits(&text), "{}", text);
            proptest::prop_assert_eq!(walked, blocks);
        }
    }
}
