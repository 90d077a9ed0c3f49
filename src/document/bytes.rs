//! Byte tests on a table line's UTF-8 text, a word of eight bytes at a time, shared by the
//! grid reader (which walks every cell of every table) and the line classifier (which looks
//! at every line of a table region). The texts are short (a cell, a line of tens of bytes):
//! a loop over words answers before a call into a general search would have picked its
//! routine.

/// A byte repeated in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The eight bytes of `bytes` from `at` as a little-endian word, when there are eight.
#[inline]
pub(super) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(<[u8; 8]>::try_from(chunk).ok()?))
}

/// Whether one of a word's bytes is `byte`: one of the word XOR `byte` in every byte is zero.
#[inline]
pub(super) fn holds_byte(word: u64, byte: u8) -> bool {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & (ONES << 7) != 0
}

/// The bytes of a word that start a UTF-8 character: all but the continuation bytes
/// (`10xxxxxx`).
#[inline]
pub(super) fn lead_bytes(word: u64) -> usize {
    let continuation = word & !(word << 1) & (ONES << 7);
    8 - high_bits(continuation)
}

/// How many bytes of a word have their high bit set, in a word with no other bit set: each
/// byte moved down to 0 or 1 and summed into the top byte by one multiplication. The release
/// build targets x86-64 without `popcnt`, where `count_ones` is a dozen instructions, and the
/// grid's tab scanner counts the characters of every word of a table's labels.
#[inline]
fn high_bits(mask: u64) -> usize {
    ((mask >> 7).wrapping_mul(ONES) >> 56) as usize
}

/// Whether `bytes` holds `byte`, read a word at a time: the pre-test of the searches the line
/// classifier makes on every line of a table (two spaces, a full stop), most of which find
/// nothing in a short line.
#[inline]
// `contains` is what the loop over a short text avoids: it calls the library's `memchr`.
#[allow(clippy::manual_contains)]
pub(super) fn holds(bytes: &[u8], byte: u8) -> bool {
    let len = bytes.len();
    if len < 8 {
        return bytes.iter().any(|&b| b == byte);
    }
    let mut at = 0;
    while let Some(word) = word_at(bytes, at) {
        if holds_byte(word, byte) {
            return true;
        }
        at += 8;
    }
    // The last bytes, fewer than eight, in the word that ends the text (it reads again some
    // bytes the loop read, which held no `byte`).
    at < len && word_at(bytes, len - 8).is_some_and(|word| holds_byte(word, byte))
}

/// Whether UTF-8 text ends in a character that is not whitespace, told from its last bytes
/// alone: an ASCII byte that is not whitespace, or an ideograph (lead byte 0xE4–0xE9,
/// U+4000–U+9FFF, never whitespace) three bytes from the end. Anything else (an empty text,
/// a space, a character that may be Unicode whitespace) answers `false`.
#[inline]
pub(super) fn ends_solid(bytes: &[u8]) -> bool {
    match bytes.last() {
        // The ASCII whitespace of `char::is_whitespace`: U+0009–U+000D and the space.
        Some(&last) if last < 0x80 => !matches!(last, b'\t'..=b'\r' | b' '),
        Some(_) => bytes.len() >= 3 && (0xE4..=0xE9).contains(&bytes[bytes.len() - 3]),
        None => false,
    }
}

/// `text.trim_end()`, without decoding the last character when [`ends_solid`] says there is
/// nothing to trim (most of a table's lines end in a digit or an ideograph).
#[inline]
pub(super) fn trim_end(text: &str) -> &str {
    if ends_solid(text.as_bytes()) {
        text
    } else {
        text.trim_end()
    }
}

/// Whether `bytes` may hold `byte`: [`holds`] for a text of up to 64 bytes (a table line),
/// `true` for a longer one (prose), which a general search then reads faster than words do.
#[inline]
pub(super) fn may_hold(bytes: &[u8], byte: u8) -> bool {
    bytes.len() > 64 || holds(bytes, byte)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::texts_up_to;

    #[test]
    fn holds_finds_what_contains_finds() {
        let texts = texts_up_to(&['a', ' ', '。', '一', '\u{3000}'], 6);
        // Lengths on either side of a word, the searched byte at every place.
        let long: Vec<String> = texts.iter().map(|t| format!("{t}{t}{t}")).collect();
        for text in texts.iter().chain(&long) {
            for byte in [b' ', 0xE3, 0x80, b'a'] {
                assert_eq!(
                    holds(text.as_bytes(), byte),
                    text.as_bytes().contains(&byte),
                    "{text:?} {byte:#x}"
                );
            }
        }
    }

    #[test]
    fn trim_end_trims_as_the_library_does() {
        let alphabet = [
            'a', ' ', '\t', '\u{b}', '\u{1c}', '\u{85}', '一', '\u{3000}', '\u{a0}', '。', 'é',
            '😀',
        ];
        for text in texts_up_to(&alphabet, 4) {
            assert_eq!(trim_end(&text), text.trim_end(), "{text:?}");
        }
    }

    use proptest::prelude::*;

    proptest! {
        /// The characters of a word counted by multiplying are those `count_ones` counts.
        #[test]
        fn lead_bytes_are_counted_as_by_count_ones(word in any::<u64>()) {
            let continuation = word & !(word << 1) & (ONES << 7);
            prop_assert_eq!(lead_bytes(word), 8 - continuation.count_ones() as usize);
        }
    }

    #[test]
    fn lead_bytes_count_every_mix_of_lead_and_continuation_bytes() {
        // Each byte a lead (ASCII or a lead byte) or a continuation byte: every one of the 256
        // patterns.
        for pattern in 0u32..256 {
            let word = (0..8).fold(0u64, |word, i| {
                let byte: u64 = if pattern >> i & 1 == 1 { 0x80 } else { 0xE4 };
                word | byte << (8 * i)
            });
            assert_eq!(
                lead_bytes(word),
                8 - pattern.count_ones() as usize,
                "{word:#x}"
            );
        }
    }
}
